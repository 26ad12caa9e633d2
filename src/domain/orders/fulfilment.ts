/**
 * Fulfilment of orders whose jobs the job queue leased, in three idempotent steps per batch:
 *   1. reserve: one fenced transaction inserts an `AcquireInProgress` row per number, for orders whose job is still
 *      held; the database's unique index on active ownership decides who wins a number, however requests and workers
 *      race;
 *   2. acquire: the carrier is asked for the numbers this order won (idempotent on its side);
 *   3. settle: one fenced transaction records every outcome and the order's terminal status, and completes the job —
 *      only for orders whose job is still held, so an order is settled exactly once.
 * A worker killed between any two steps leaves a job whose lease runs out; the next holder repeats the steps and
 * lands on the same result.
 */
import { orderSettled } from '../events/order-events.ts';
import type { NewEvent } from '../events/event.ts';
import type { Fence } from '../jobs/fence.ts';
import type { EventAppender } from '../ports/events.ts';
import type { AcquireOutcome, Carrier, FailureReason } from '../ports/carrier.ts';
import type { OrderSettling } from '../ports/orders.ts';
import type { NumberReservations, Settled } from '../ports/phone-numbers.ts';
import type { PhoneNumberSettingsRepository } from '../ports/settings.ts';
import type { Clock } from '../shared/clock.ts';
import type { IdSource } from '../shared/ids.ts';
import type { NumberType } from '../numbers/number-rules.ts';
import { takesDefaultCallingName } from '../phone-numbers/lifecycle-rules.ts';
import type { Order, OrderedNumber, OrderStatus } from './order.ts';

/** The job kind of an order waiting for fulfilment (the job's id is the order's id). */
export const FULFIL_ORDER = 'fulfil-order';

/** An order to fulfil: the id and account of its job. */
export interface OrderKey {
  id: string;
  accountId: string;
}

/** What the fenced transactions of fulfilment write. */
export interface FulfilmentWrites {
  orders: Pick<OrderSettling, 'settleMany'>;
  phoneNumbers: Pick<NumberReservations, 'reserve' | 'agingSince' | 'settleAcquisitionsOf'>;
  /** The accounts' default calling names, which their newly acquired numbers take. */
  phoneNumberSettings: Pick<PhoneNumberSettingsRepository, 'defaultCallingNames'>;
  /** The settlement's events (each number's outcome, the order's), in its transaction. */
  events: EventAppender;
}

export interface FulfilmentOptions {
  orders: Pick<OrderSettling, 'getMany'>;
  phoneNumbers: Pick<NumberReservations, 'agingSince'>;
  carrier: Carrier;
  clock: Clock;
  /** Event ids. */
  ids: IdSource;
  /** How long a released number ages before it can be sold again. */
  agingMs: number;
  /** Country and type of an ordered number (validated when it was ordered). */
  describe(e164: string): { country?: string; type?: NumberType };
  /**
   * How long a calling name takes to propagate: a number that takes its account's default has it in progress so long
   * (default 60 s, as `phoneNumbers.callingNamePropagationMs`).
   */
  callingNamePropagationMs?: number;
}

/** The repositories of fulfilment's transactions (and the job queue's), picked from those of a unit of work. */
export function fulfilmentWrites<J>(repos: FulfilmentWrites & { jobs: J }): FulfilmentWrites & { jobs: J } {
  const { jobs, orders, phoneNumbers, phoneNumberSettings, events } = repos;
  return { jobs, orders, phoneNumbers, phoneNumberSettings, events };
}

export interface BatchResult {
  orders: number;
  acquired: number;
  failed: number;
  /** For each settled order, the time from its creation to its terminal status. */
  lagsMs: number[];
}

export class FulfilmentService {
  readonly #o: FulfilmentOptions;

  constructor(options: FulfilmentOptions) {
    this.#o = options;
  }

  /**
   * Works one batch of orders to completion, writing only through `fence`. Throws when a step fails or `signal` aborts
   * the carrier call; the job queue gives the jobs back for a later attempt.
   */
  async run(keys: OrderKey[], fence: Fence<FulfilmentWrites>, signal?: AbortSignal): Promise<BatchResult> {
    const { clock, carrier } = this.#o;
    const loaded = await this.#o.orders.getMany(keys.map((key) => ({ accountId: key.accountId, orderId: key.id })));
    const orders = loaded.filter((o) => o.status === 'Processing');
    const outcomes = new Map<string, Map<string, AcquireOutcome>>(orders.map((o) => [o.id, new Map()]));
    const pending = orders.flatMap((order) => order.numbers.filter((n) => n.status === 'Processing').map((n) => ({ order, e164: n.e164 })));

    const now = clock.now();
    const agingFrom = new Date(now.getTime() - this.#o.agingMs);
    const aging = await this.#o.phoneNumbers.agingSince(pending.map((p) => p.e164), agingFrom);
    const candidates = pending.filter((p) => {
      if (!aging.has(p.e164)) return true;
      outcomes.get(p.order.id)!.set(p.e164, { acquired: false, reason: 'not-available' });
      return false;
    });

    /** Numbers reserved for their order that a release made aging after the check above (see below). */
    const releasedMeanwhile = new Set<string>();
    const owners = await fence.guard(async (repos, reserving) => {
      // Fenced like the settle step: a worker whose lease ran out (paused, or slower than its lease) must not reserve
      // for an order that another worker has taken over and maybe settled already; nobody would ever settle the
      // reservation.
      const held = await repos.phoneNumbers.reserve(
        candidates.filter(({ order }) => reserving.has(order.id)).map(({ order, e164 }) => {
          const classified = this.#o.describe(e164);
          return {
            e164,
            accountId: order.accountId,
            orderId: order.id,
            productType: order.productType,
            type: classified.type ?? 'Local',
            country: classified.country ?? 'ZZ',
            // The order's name becomes each number's own: renaming a number later leaves the order as it was.
            ...(order.name === undefined ? {} : { name: order.name }),
            at: now,
          };
        }),
      );
      // A release that committed between the check above and the reservation (the deletion sweep's, in a turn of its
      // own) left its number free to reserve though it is aging now: checked again in the reservation's transaction,
      // after it, where it sees every release committed before; the reservation is then settled as not available.
      const reserved = candidates.filter(({ order, e164 }) => held.get(e164)?.orderId === order.id).map(({ e164 }) => e164);
      if (reserved.length > 0) for (const e164 of await repos.phoneNumbers.agingSince(reserved, agingFrom)) releasedMeanwhile.add(e164);
      return held;
    });
    const won = candidates.filter(({ order, e164 }) => {
      const holder = owners.get(e164);
      if (holder?.orderId === order.id) {
        if (!releasedMeanwhile.has(e164)) return true;
        outcomes.get(order.id)!.set(e164, { acquired: false, reason: 'not-available' });
        return false;
      }
      const reason: FailureReason = holder?.accountId === order.accountId ? 'already-owned' : 'owned-by-another-account';
      outcomes.get(order.id)!.set(e164, { acquired: false, reason });
      return false;
    });

    const answers = won.length === 0 ? new Map<string, AcquireOutcome>() : await carrier.acquire(won.map(({ order, e164 }) => ({ e164, accountId: order.accountId, orderId: order.id })), signal);
    for (const { order, e164 } of won) {
      outcomes.get(order.id)!.set(e164, answers.get(e164) ?? { acquired: false, reason: 'carrier-refused' });
    }

    return fence.settle(async (repos, held) => {
      const at = clock.now();
      const result: BatchResult = { orders: 0, acquired: 0, failed: 0, lagsMs: [] };
      const settlements = [];
      const acquisitions: Settled[] = [];
      const settledOrders: { order: Order; settled: ReturnType<typeof settle> }[] = [];
      for (const order of orders) {
        if (!held.has(order.id)) continue;
        const settled = settle(order, outcomes.get(order.id)!);
        for (const [e164, o] of outcomes.get(order.id)!) {
          if (owners.get(e164)?.orderId === order.id) acquisitions.push({ orderId: order.id, e164, acquired: o.acquired });
        }
        settlements.push({ accountId: order.accountId, orderId: order.id, numbers: settled.changed, status: settled.status, at });
        settledOrders.push({ order, settled });
        result.orders += 1;
        result.lagsMs.push(at.getTime() - order.createdAt.getTime());
        result.acquired += settled.changed.filter((n) => n.status === 'Acquired').length;
        result.failed += settled.changed.filter((n) => n.status === 'Failed').length;
      }
      const callingNames = await this.#defaultCallingNames(repos.phoneNumberSettings, orders, acquisitions, at);
      const events: NewEvent[] = [];
      for (const { order, settled } of settledOrders) {
        const now = new Map(settled.changed.map((n) => [n.e164, n]));
        const numbers = order.numbers.map((n) => now.get(n.e164) ?? n);
        events.push(...orderSettled(this.#o.ids, order, { status: settled.status, numbers, changed: settled.changed, at, callingNames }));
      }
      await repos.phoneNumbers.settleAcquisitionsOf(acquisitions, at);
      await repos.orders.settleMany(settlements);
      await repos.events.append(events);
      return result;
    });
  }

  /**
   * Gives each acquired number that takes a default calling name (lifecycle-rules.ts) its account's default, read in
   * the settlement's transaction: the default as it stands when the number is acquired, in progress for the
   * propagation time like any calling-name update. Answers the names given, by number.
   */
  async #defaultCallingNames(
    settings: FulfilmentWrites['phoneNumberSettings'],
    orders: readonly Order[],
    acquisitions: Settled[],
    at: Date,
  ): Promise<ReadonlyMap<string, string>> {
    const given = new Map<string, string>();
    const accountOf = new Map(orders.map((order) => [order.id, order.accountId]));
    const acquired = acquisitions.filter((a) => a.acquired);
    if (acquired.length === 0) return given;
    const names = await settings.defaultCallingNames([...new Set(acquired.map((a) => accountOf.get(a.orderId)!))]);
    if (names.size === 0) return given;
    const dueAt = new Date(at.getTime() + (this.#o.callingNamePropagationMs ?? 60_000));
    for (const a of acquired) {
      const name = names.get(accountOf.get(a.orderId)!);
      if (name === undefined || !takesDefaultCallingName(this.#o.describe(a.e164))) continue;
      a.callingName = { name, dueAt };
      given.set(a.e164, name);
    }
    return given;
  }
}

/** The changed numbers and the terminal status: all acquired ⇒ Successful, none ⇒ Failed, some ⇒ Partial. */
function settle(order: Order, outcomes: Map<string, AcquireOutcome>): { changed: OrderedNumber[]; status: OrderStatus } {
  const changed: OrderedNumber[] = [];
  let acquired = 0;
  for (const number of order.numbers) {
    const outcome = number.status === 'Processing' ? outcomes.get(number.e164) : undefined;
    if (outcome?.acquired) {
      changed.push({ e164: number.e164, status: 'Acquired' });
      acquired += 1;
    } else if (outcome) {
      changed.push({ e164: number.e164, status: 'Failed', failureReason: outcome.reason });
    } else if (number.status === 'Acquired') {
      acquired += 1;
    }
  }
  const status: OrderStatus = acquired === order.numbers.length ? 'Successful' : acquired === 0 ? 'Failed' : 'Partial';
  return { changed, status };
}
