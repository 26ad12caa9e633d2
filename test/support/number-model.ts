/**
 * A small reference model of what dialtone's docs (docs/api.md) promise about orders and owned numbers, for the
 * stateful model-based test (test/e2e/model.test.ts). Written from the documentation, not from src/: which numbers
 * each account owns and in which status, their calling names, names and deletion times, the failed acquisitions an
 * account still sees, the numbers aging after a release, and every order with the outcome it must settle to.
 *
 * Time: the model keeps the test clock's offset; "now" is the real time plus that offset, as on the server. The test
 * only moves the clock by whole multiples of two hours, and calling names propagate in one hour, so no state the
 * model predicts sits within the few seconds of real time that pass during a run of a time boundary.
 */

export type Account = 'alice' | 'bob';
export type Api = 'chime' | 'chime-sdk-voice';
export type ProductType = 'BusinessCalling' | 'VoiceConnector' | 'SipMediaApplicationDialIn';
export type CallingNameStatus = 'Unassigned' | 'UpdateInProgress' | 'UpdateSucceeded';

export const ACCOUNTS: readonly Account[] = ['alice', 'bob'];
export const PRODUCT_TYPES: readonly ProductType[] = ['BusinessCalling', 'VoiceConnector', 'SipMediaApplicationDialIn'];

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/** The configuration the model describes (given to the server as its configuration file). */
export const MODEL_CONFIG = {
  /** The carrier's pool: 10 local numbers +1 206 555 0100…0109 and 10 toll-free +1 800 555 0100…0109. */
  pool: ['+120655501', '+1800555010'],
  /** A number of the pool the carrier always refuses. */
  refused: '+12065550109',
  agingDays: 1,
  deletionQueueDays: 7,
  callingNamePropagationMs: HOUR_MS,
} as const;

/** The numbers the test orders: local ones in the pool, one the carrier refuses, one outside the pool, toll-free ones. */
export const NUMBERS = [
  '+12065550100',
  '+12065550101',
  '+12065550102',
  '+12065550103',
  '+12065550104',
  MODEL_CONFIG.refused,
  '+12065550200',
  '+18005550100',
  '+18005550101',
] as const;

export const isTollFree = (e164: string): boolean => e164.startsWith('+1800');
const inPool = (e164: string): boolean => MODEL_CONFIG.pool.some((p) => e164.startsWith(p));

/** A number an account owns (active: from acquisition until released). */
export interface OwnedNumber {
  e164: string;
  account: Account;
  status: 'Unassigned' | 'DeleteInProgress';
  productType: ProductType;
  /** The calling name last asked for ('' included); absent until one is set. */
  callingName?: string;
  /** A calling-name update still propagating (`UpdateInProgress`) until the clock passes it. */
  callingNamePending: boolean;
  name?: string;
  /** Epoch ms (service clock) while in the deletion queue. */
  deletionAt?: number;
  orderId: string;
}

/** A failed acquisition that is still the account's newest record of the number: listed as `AcquireFailed`. */
export interface FailedNumber {
  e164: string;
  account: Account;
  productType: ProductType;
  name?: string;
  orderId: string;
}

export type NumberOutcome = 'Acquired' | 'Failed';
export type OrderStatus = 'Processing' | 'Successful' | 'Partial' | 'Failed';

export interface ModelOrder {
  id: string;
  account: Account;
  productType: ProductType;
  name?: string;
  numbers: string[];
  /** Position in creation order. */
  seq: number;
  /** The outcome once settled; undefined while the model has not seen it settle. */
  settled?: { status: Exclude<OrderStatus, 'Processing'>; numbers: Record<string, NumberOutcome> };
  /**
   * A server restart happened while the order was in Processing. A restarted server's test clock starts again at the
   * real time and the test moves it forward to where it was right after the start; an order fulfilled in between
   * sees every released number as still aging (see the report of the test).
   */
  crossedRestart: boolean;
}

/** What a number looks like through an API (the members the model predicts). */
export interface ExpectedView {
  E164PhoneNumber: string;
  PhoneNumberId: string;
  Status: 'Unassigned' | 'DeleteInProgress' | 'AcquireFailed';
  ProductType: ProductType;
  Type: 'Local' | 'TollFree';
  Country: 'US';
  CallingName?: string;
  CallingNameStatus: CallingNameStatus;
  DeletionTimestamp?: number;
  Name?: string;
  OrderId?: string;
  Sms: boolean;
}

export class NumberModel {
  /** The test clock's offset from real time, ms. */
  offsetMs = 0;
  readonly owned = new Map<string, OwnedNumber>();
  readonly failed: Record<Account, Map<string, FailedNumber>> = { alice: new Map(), bob: new Map() };
  /** When each released number was released (its deletion time): it ages for `agingDays` from there. */
  readonly releasedAt = new Map<string, number>();
  readonly orders: ModelOrder[] = [];
  /** The order created last and not yet seen settled (at most one: every other command settles it first). */
  pending?: ModelOrder;
  /** Counters for the report. */
  readonly stats = { restarts: 0, stoppedMidOrder: 0, released: 0, acquired: 0, ambiguousOutcomes: 0 };

  now(): number {
    return Date.now() + this.offsetMs;
  }

  visible(api: Api, productType: ProductType): boolean {
    return api === 'chime' || productType !== 'BusinessCalling';
  }

  /** The record of `e164` that `account` sees through `api`: its own active number, else its newest failed attempt. */
  find(account: Account, api: Api, e164: string): { owned?: OwnedNumber; failed?: FailedNumber } | undefined {
    const own = this.owned.get(e164);
    if (own && own.account === account) return this.visible(api, own.productType) ? { owned: own } : undefined;
    const failed = this.failed[account].get(e164);
    if (failed) return this.visible(api, failed.productType) ? { failed } : undefined;
    return undefined;
  }

  view(record: { owned?: OwnedNumber; failed?: FailedNumber }, api: Api): ExpectedView {
    const base = record.owned ?? record.failed!;
    const view: ExpectedView = {
      E164PhoneNumber: base.e164,
      PhoneNumberId: base.e164.replace('+', '%2B'),
      Status: record.owned ? record.owned.status : 'AcquireFailed',
      ProductType: base.productType,
      Type: isTollFree(base.e164) ? 'TollFree' : 'Local',
      Country: 'US',
      CallingNameStatus: 'Unassigned',
      Sms: base.productType === 'BusinessCalling',
    };
    const own = record.owned;
    if (own?.callingName !== undefined) {
      view.CallingName = own.callingName;
      view.CallingNameStatus = own.callingNamePending ? 'UpdateInProgress' : 'UpdateSucceeded';
    }
    if (own?.deletionAt !== undefined) view.DeletionTimestamp = own.deletionAt;
    if (api === 'chime-sdk-voice') {
      if (base.name !== undefined) view.Name = base.name;
      view.OrderId = base.orderId;
    }
    return view;
  }

  /** Every number `account` sees through `api`, in E.164 order (as ListPhoneNumbers lists them). */
  listed(account: Account, api: Api): ExpectedView[] {
    const e164s = new Set([...[...this.owned.values()].filter((n) => n.account === account).map((n) => n.e164), ...this.failed[account].keys()]);
    return [...e164s]
      .sort()
      .map((e164) => this.find(account, api, e164))
      .filter((r) => r !== undefined)
      .map((r) => this.view(r, api));
  }

  /** The orders `account` sees through `api`, oldest first. */
  visibleOrders(account: Account, api: Api): ModelOrder[] {
    return this.orders.filter((o) => o.account === account && this.visible(api, o.productType));
  }

  /** Why a new order is refused at once (BadRequest), or undefined when it is accepted. */
  refusal(api: Api, productType: ProductType, numbers: string[]): string | undefined {
    if (api === 'chime-sdk-voice' && productType === 'BusinessCalling') return 'BusinessCalling is not a voice product type';
    if (new Set(numbers).size !== numbers.length) return 'duplicate numbers';
    if (productType === 'BusinessCalling' && numbers.some(isTollFree)) return 'toll-free numbers cannot be BusinessCalling';
    return undefined;
  }

  aging(e164: string, now = this.now()): boolean {
    const released = this.releasedAt.get(e164);
    return released !== undefined && released + MODEL_CONFIG.agingDays * DAY_MS > now;
  }

  /**
   * The outcomes a settling order may have, number by number: one each, except for a number released and done aging
   * when the order crossed a restart (acquired, or refused as still aging by the restarted server's early clock).
   */
  possibleOutcomes(order: ModelOrder): Record<string, NumberOutcome[]> {
    const now = this.now();
    const result: Record<string, NumberOutcome[]> = {};
    for (const e164 of order.numbers) {
      if (this.owned.has(e164) || this.aging(e164, now) || !inPool(e164) || e164 === MODEL_CONFIG.refused) result[e164] = ['Failed'];
      else if (order.crossedRestart && this.releasedAt.has(e164)) result[e164] = ['Acquired', 'Failed'];
      else result[e164] = ['Acquired'];
    }
    return result;
  }

  /** Applies the outcome a settled order showed (each one of `possibleOutcomes`) to the inventory. */
  settle(order: ModelOrder, outcomes: Record<string, NumberOutcome>): void {
    for (const e164 of order.numbers) {
      const outcome = outcomes[e164]!;
      const base = { e164, account: order.account, productType: order.productType, orderId: order.id, ...(order.name === undefined ? {} : { name: order.name }) };
      if (outcome === 'Acquired') {
        this.owned.set(e164, { ...base, status: 'Unassigned', callingNamePending: false });
        this.failed[order.account].delete(e164);
        this.stats.acquired += 1;
      } else if (!this.owned.has(e164) && !this.aging(e164) && (!inPool(e164) || e164 === MODEL_CONFIG.refused)) {
        // Reserved, then refused by the carrier: the attempt is recorded and listed as AcquireFailed.
        this.failed[order.account].set(e164, base);
      }
    }
    const acquired = order.numbers.filter((n) => outcomes[n] === 'Acquired').length;
    const status = acquired === order.numbers.length ? 'Successful' : acquired === 0 ? 'Failed' : 'Partial';
    order.settled = { status, numbers: outcomes };
    if (this.pending === order) this.pending = undefined;
  }

  /** Moves the clock: calling names propagate, queued numbers whose time has come are released. */
  advance(ms: number): string[] {
    this.offsetMs += ms;
    const now = this.now();
    const released: string[] = [];
    for (const number of [...this.owned.values()]) {
      number.callingNamePending &&= false; // every move is at least two hours; propagation takes one
      if (number.deletionAt !== undefined && Math.abs(now - number.deletionAt) < 60_000) {
        throw new Error(`the model cannot tell whether ${number.e164} is released (${now - number.deletionAt} ms from its deletion time)`);
      }
      if (number.deletionAt !== undefined && number.deletionAt <= now) {
        this.owned.delete(number.e164);
        this.releasedAt.set(number.e164, number.deletionAt);
        released.push(number.e164);
        this.stats.released += 1;
      }
    }
    return released;
  }
}
