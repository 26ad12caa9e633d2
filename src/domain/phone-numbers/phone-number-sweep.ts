/**
 * The sweep of the phone-number service: completes what time alone decides (calling names propagated, queued numbers
 * released to the carrier pool), in bounded batches of one transaction each with the events of what it completed.
 */
import type { NewEvent } from '../events/event.ts';
import { callingNamePropagated, numberReleased } from '../events/number-events.ts';
import type { UnitOfWork } from '../ports/unit-of-work.ts';
import { inBatches } from '../shared/batches.ts';
import type { Clock } from '../shared/clock.ts';
import type { IdSource } from '../shared/ids.ts';
import type { OwnedNumber } from './phone-number.ts';
import type { NumberWrites } from './phone-number-changes.ts';
import { byCodeUnit } from '../../shared/code-unit-order.ts';

/** Rows each sweep statement touches; a sweep repeats until a statement finds fewer (bounded per call). */
const SWEEP_BATCH = 500;
const SWEEP_MAX_BATCHES = 20;

/** What the sweep needs (see `PhoneNumberServiceOptions`). */
export interface PhoneNumberSweepOptions {
  unitOfWork: UnitOfWork<NumberWrites>;
  clock: Clock;
  ids: IdSource;
}

/** The sweep of the phone-number service (see the file comment). */
export class PhoneNumberSweep {
  readonly #unitOfWork: UnitOfWork<NumberWrites>;
  readonly #clock: Clock;
  readonly #ids: IdSource;

  constructor(options: PhoneNumberSweepOptions) {
    this.#unitOfWork = options.unitOfWork;
    this.#clock = options.clock;
    this.#ids = options.ids;
  }

  /** See `PhoneNumberService.sweep`. */
  async sweep(): Promise<{ released: number; callingNames: number }> {
    const now = this.#clock.now();
    const released = await this.#sweepBatches((phoneNumbers) => phoneNumbers.releaseDue(now, SWEEP_BATCH), (record) => numberReleased(this.#ids, record, now));
    const callingNames = await this.#sweepBatches(
      (phoneNumbers) => phoneNumbers.completeCallingNames(now, SWEEP_BATCH),
      (record) => callingNamePropagated(this.#ids, record, now),
    );
    return { released, callingNames };
  }

  /**
   * Runs `complete` in a transaction each, with the events of what it completed, until a batch finds fewer than
   * `SWEEP_BATCH` records (at most `SWEEP_MAX_BATCHES` batches); answers how many records were completed.
   */
  async #sweepBatches(
    complete: (phoneNumbers: NumberWrites['phoneNumbers']) => Promise<OwnedNumber[]>,
    eventOf: (record: OwnedNumber) => NewEvent,
  ): Promise<number> {
    // Each batch completes at most SWEEP_BATCH records: `complete` asks for that many.
    return inBatches(
      () =>
        this.#unitOfWork.transaction(async ({ phoneNumbers, events }) => {
          const records = await complete(phoneNumbers);
          // By account, then number: each account's sequence is taken (and, on PostgreSQL, locked) in the same order by
          // every sweeper, and a batch's events read in E.164 order.
          records.sort((a, b) => byCodeUnit(a.accountId, b.accountId) || byCodeUnit(a.e164, b.e164));
          await events.append(records.map(eventOf));
          return records.length;
        }),
      SWEEP_BATCH,
      SWEEP_MAX_BATCHES,
    );
  }
}
