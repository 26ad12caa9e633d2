/**
 * `GET /_dialtone/console/overview?hours=N`: the Overview page's figures for the caller's account (docs/console.md):
 * orders created in the last N hours by bucket and status, the numbers held by status and product type, fulfilment
 * lag, and the quotas used. It shows what `ListPhoneNumberOrders` and `ListPhoneNumbers` would, so the key must be
 * allowed both.
 */
import { badRequest } from '../../protocol/errors.ts';
import type { WireResponse } from '../../protocol/serialize.ts';
import { jsonResponse } from '../admin.ts';
import { authorize } from '../admission.ts';
import type { Caller } from '../authenticate.ts';

/** The figures as the storage reads them (src/domain/ports/overview.ts). */
export interface OverviewFigures {
  orders: { start: Date; counts: Record<string, number> }[];
  numbers: { status: string; productType: string; count: number }[];
  fulfilment: { processing: number; oldestProcessingSeconds: number | null; settled: number; lagSecondsP50: number | null; lagSecondsP95: number | null };
}

/** What the account uses of its quotas, as `GET /_dialtone/limits` reports it. */
export interface QuotaFigures {
  limits: { maxPhoneNumbersPerAccount: number; maxProcessingOrdersPerAccount: number };
  usage: { phoneNumbers: number; phoneNumbersOnOrder: number; processingOrders: number };
}

export interface OverviewDeps {
  figures(accountId: string, window: { since: Date; until: Date; bucketSeconds: number }, now: Date): Promise<OverviewFigures>;
  quotas(caller: { accountId: string; accessKeyId: string }): Promise<QuotaFigures | undefined>;
  /** The service's clock (the test clock when it is on): orders are stamped by it. */
  now(): Date;
  /**
   * The account's latest event sequence: every change the figures show records an event, so figures read at one
   * sequence stay true until the next (but for the time that passes).
   */
  lastSeq(accountId: string): Promise<number>;
  /**
   * How long figures read at the account's current sequence are answered again instead of read again (ms; default
   * 2000): open pages reload the overview as events arrive, and on PostgreSQL counting a large account's numbers takes
   * a while.
   */
  reuseMs?: number;
}

const HOURS = /^\d{1,3}$/;
export const MAX_HOURS = 720;

/** Builds the endpoint's answer. */
export function overviewEndpoint(deps: OverviewDeps): (caller: Caller, query: Map<string, string[]>) => Promise<WireResponse> {
  const recent = new RecentAnswers(deps.reuseMs ?? 2_000);
  return async (caller, query) => {
    authorize(caller, 'chime:ListPhoneNumberOrders');
    authorize(caller, 'chime:ListPhoneNumbers');
    for (const name of query.keys()) if (name !== 'hours') throw badRequest(`Unknown parameter ${JSON.stringify(name.slice(0, 64))}: the overview takes hours`);
    const given = query.get('hours');
    if (given !== undefined && (given.length !== 1 || !HOURS.test(given[0]!) || Number(given[0]) < 1 || Number(given[0]) > MAX_HOURS)) {
      throw badRequest(`hours must be a whole number from 1 to ${MAX_HOURS}`);
    }
    const hours = given === undefined ? 24 : Number(given[0]);
    const now = deps.now();
    const accountId = caller.credential.accountId;
    const seq = await deps.lastSeq(accountId);
    return recent.answer(`${accountId}:${hours}:${seq}`, now.getTime(), () => read(deps, caller, hours, now));
  };
}

/** Reads and shapes the figures of one window. */
async function read(deps: OverviewDeps, caller: Caller, hours: number, now: Date): Promise<WireResponse> {
  const bucketSeconds = bucketFor(hours);
  // The window starts at a bucket's start, so that its first bucket is whole.
  const bucketMs = bucketSeconds * 1000;
  const since = new Date(Math.floor((now.getTime() - hours * 3_600_000) / bucketMs) * bucketMs);
  const { accountId, accessKeyId } = caller.credential;
  const [figures, quotas] = await Promise.all([deps.figures(accountId, { since, until: now, bucketSeconds }, now), deps.quotas({ accountId, accessKeyId })]);
  return jsonResponse(200, {
    Orders: { Since: since.toISOString(), BucketSeconds: bucketSeconds, Buckets: figures.orders.map((b) => ({ Start: b.start.toISOString(), Counts: b.counts })) },
    Numbers: figures.numbers.map((n) => ({ Status: n.status, ProductType: n.productType, Count: n.count })),
    Fulfilment: {
      Processing: figures.fulfilment.processing,
      OldestProcessingSeconds: figures.fulfilment.oldestProcessingSeconds,
      Settled: figures.fulfilment.settled,
      LagSecondsP50: figures.fulfilment.lagSecondsP50,
      LagSecondsP95: figures.fulfilment.lagSecondsP95,
    },
    Quotas: quotas
      ? [
          { Name: 'PhoneNumbers', Used: quotas.usage.phoneNumbers + quotas.usage.phoneNumbersOnOrder, Limit: quotas.limits.maxPhoneNumbersPerAccount },
          { Name: 'ProcessingOrders', Used: quotas.usage.processingOrders, Limit: quotas.limits.maxProcessingOrdersPerAccount },
        ]
      : [],
  });
}

/** Answers read in the last `reuseMs`, or being read, by key (account, window, sequence): asks at once or in a row share one read. */
class RecentAnswers {
  readonly #entries = new Map<string, { at: number; answer: Promise<WireResponse> }>();
  readonly #reuseMs: number;

  constructor(reuseMs: number) {
    this.#reuseMs = reuseMs;
  }

  answer(key: string, now: number, read: () => Promise<WireResponse>): Promise<WireResponse> {
    const entry = this.#entries.get(key);
    if (entry !== undefined && now - entry.at < this.#reuseMs && now >= entry.at) return entry.answer;
    // Old entries go as new ones come: the map holds at most the keys asked for within the last reuseMs, and a few.
    for (const [k, e] of this.#entries) if (now - e.at >= this.#reuseMs || now < e.at) this.#entries.delete(k);
    const answer = read();
    this.#entries.set(key, { at: now, answer });
    // A failed read is not reused.
    answer.catch(() => this.#entries.delete(key));
    return answer;
  }
}

/** An hour's buckets up to two days, six hours' up to two weeks, then a day's: at most about 48–120 buckets. */
function bucketFor(hours: number): number {
  if (hours <= 48) return 3_600;
  if (hours <= 336) return 6 * 3_600;
  return 86_400;
}
