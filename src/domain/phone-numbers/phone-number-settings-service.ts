/**
 * The account's phone-number settings: the default outbound calling name, which may change once every 7 days.
 * Setting the name it already has changes nothing and is always accepted (so a retried request does not fail).
 */
import type { PhoneNumberSettingsRepository } from '../ports/settings.ts';
import type { Clock } from '../shared/clock.ts';
import { DomainError } from '../shared/domain-error.ts';
import { nextSettingsChange } from './lifecycle-rules.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Dependencies of the settings service. */
export interface PhoneNumberSettingsServiceOptions {
  settings: PhoneNumberSettingsRepository;
  clock: Clock;
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
  readonly #settings: PhoneNumberSettingsRepository;
  readonly #clock: Clock;
  readonly #intervalMs: number;

  constructor(options: PhoneNumberSettingsServiceOptions) {
    this.#settings = options.settings;
    this.#clock = options.clock;
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
    const written = await repo.put(accountId, { callingName, at: now, unchangedSince: new Date(now.getTime() - this.#intervalMs) });
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
