/**
 * The account's phone-number settings: the default outbound calling name, which may change once every 7 days.
 * Setting the name it already has changes nothing and is always accepted (so a retried request does not fail). A change
 * is written in one transaction with its event.
 */
import { settingsChanged } from '../events/number-events.ts';
import type { EventAppender } from '../ports/events.ts';
import type { PhoneNumberSettingsRepository } from '../ports/settings.ts';
import type { UnitOfWork } from '../ports/unit-of-work.ts';
import type { Clock } from '../shared/clock.ts';
import { DomainError } from '../shared/domain-error.ts';
import type { IdSource } from '../shared/ids.ts';
import { nextSettingsChange } from './lifecycle-rules.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** What a change of the settings writes in one transaction: the settings, and the event of the change. */
export interface SettingsWrites {
  phoneNumberSettings: Pick<PhoneNumberSettingsRepository, 'put'>;
  events: EventAppender;
}

/** Dependencies of the settings service. */
export interface PhoneNumberSettingsServiceOptions {
  /** Reads of the settings. */
  settings: Pick<PhoneNumberSettingsRepository, 'get'>;
  /** Every change, with its event. */
  unitOfWork: UnitOfWork<SettingsWrites>;
  clock: Clock;
  /** Event ids. */
  ids: IdSource;
  /** Least time between two changes of the default calling name. Default 7 days. */
  changeIntervalMs?: number;
}

/** What `GetPhoneNumberSettings` shows: nothing until the calling name was first set. */
export interface SettingsView {
  callingName?: string;
  callingNameUpdatedAt?: Date;
}

/** The account-wide default outbound calling name. */
export class PhoneNumberSettingsService {
  readonly #settings: Pick<PhoneNumberSettingsRepository, 'get'>;
  readonly #unitOfWork: UnitOfWork<SettingsWrites>;
  readonly #clock: Clock;
  readonly #ids: IdSource;
  readonly #intervalMs: number;

  constructor(options: PhoneNumberSettingsServiceOptions) {
    this.#settings = options.settings;
    this.#unitOfWork = options.unitOfWork;
    this.#clock = options.clock;
    this.#ids = options.ids;
    this.#intervalMs = options.changeIntervalMs ?? 7 * DAY_MS;
  }

  async get(accountId: string): Promise<SettingsView> {
    const settings = await this.#settings.get(accountId);
    return settings === undefined ? {} : { callingName: settings.callingName, callingNameUpdatedAt: settings.callingNameUpdatedAt };
  }

  /**
   * Sets the default outbound calling name (`''` clears it).
   * @throws DomainError `invalid` when it changed less than the interval ago; the message says from when it may change
   */
  async updateCallingName(accountId: string, callingName: string): Promise<void> {
    const repo = this.#settings;
    const current = await repo.get(accountId);
    if (current?.callingName === callingName) return;
    const now = this.#clock.now();
    this.#checkInterval(current?.callingNameUpdatedAt, now);
    const written = await this.#unitOfWork.transaction(async ({ phoneNumberSettings, events }) => {
      const put = await phoneNumberSettings.put(accountId, { callingName, at: now, unchangedSince: new Date(now.getTime() - this.#intervalMs) });
      if (put) await events.append([settingsChanged(this.#ids, accountId, { callingName, at: now })]);
      return put;
    });
    if (written) return;
    const raced = await repo.get(accountId);
    if (raced?.callingName === callingName) return;
    this.#checkInterval(raced?.callingNameUpdatedAt, now);
    throw new DomainError('invalid', 'The default calling name changed while this request was applied; try again');
  }

  #checkInterval(lastChange: Date | undefined, now: Date): void {
    const next = nextSettingsChange(lastChange, this.#intervalMs, now);
    if (next === undefined) return;
    const days = Math.round(this.#intervalMs / DAY_MS);
    throw new DomainError(
      'invalid',
      `The default outbound calling name can be changed once every ${days} days; it was last changed at ` +
        `${lastChange!.toISOString()}, the next change is allowed from ${next.toISOString()}`,
    );
  }
}
