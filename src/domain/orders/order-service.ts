/**
 * Phone-number orders: create (validated, stored with its numbers and its fulfilment job in one transaction), get and
 * list, always within one account.
 */
import type { OrderCursor, Storage } from '../../storage/ports.ts';
import type { Clock } from '../shared/clock.ts';
import { DomainError } from '../shared/domain-error.ts';
import type { IdSource } from '../shared/ids.ts';
import { invalidNextToken, type PageTokens } from '../shared/page-tokens.ts';
import type { Order, ProductType } from './order.ts';
import { FULFIL_ORDER } from './fulfilment.ts';
import { checkAccountQuotas, checkNewOrder, type AccountQuotas, type OrderLimits } from './order-rules.ts';

export interface OrderServiceOptions {
  storage: Storage;
  clock: Clock;
  ids: IdSource;
  tokens: PageTokens;
  limits: OrderLimits;
  /**
   * The account's quotas (numbers per order, numbers owned or on order, orders in Processing); without it only
   * `limits` applies.
   */
  quotas?: (accountId: string) => Promise<AccountQuotas> | AccountQuotas;
  /** Called after a new order has committed (e.g. to wake the fulfilment worker). */
  onCreated?: () => void;
}

export interface OrderPage {
  orders: Order[];
  nextToken?: string;
}

const LISTING = 'ListPhoneNumberOrders';

export class OrderService {
  readonly #options: OrderServiceOptions;

  constructor(options: OrderServiceOptions) {
    this.#options = options;
  }

  /** Validates and stores a new order; every number starts `Processing`. */
  async create(accountId: string, productType: ProductType, numbers: string[]): Promise<Order> {
    const { storage, clock, ids, limits } = this.#options;
    const quotas = await this.#options.quotas?.(accountId);
    const classified = checkNewOrder(productType, numbers, quotas ?? limits);
    const now = clock.now();
    const order: Order = {
      id: ids.uuid(),
      accountId,
      productType,
      status: 'Processing',
      numbers: classified.map((n) => ({ e164: n.e164, status: 'Processing' })),
      createdAt: now,
      updatedAt: now,
    };
    await storage.transaction(async (repos) => {
      if (quotas) await checkAccountQuotas(repos.usage, accountId, classified.length, quotas);
      await repos.orders.insert(order);
      await repos.jobs.enqueue({ id: order.id, kind: FULFIL_ORDER, accountId, runAt: now });
    });
    // Committed: nothing after this point may turn the answer into a 5xx (clients would re-send the create).
    try {
      this.#options.onCreated?.();
    } catch {
      // The worker also polls; a failed wake-up only delays fulfilment.
    }
    return order;
  }

  /** @throws DomainError `not-found` when the order does not exist in this account */
  async get(accountId: string, orderId: string): Promise<Order> {
    const order = await this.#options.storage.orders.get(accountId, orderId.toLowerCase());
    if (!order) throw new DomainError('not-found', `No phone number order with id ${orderId} exists in this account`);
    return order;
  }

  /** One page of the account's orders, oldest first; `nextToken` is present while more remain. */
  async list(accountId: string, options: { maxResults: number; nextToken?: string }): Promise<OrderPage> {
    const { storage, tokens } = this.#options;
    const after = options.nextToken === undefined ? undefined : cursorFrom(tokens.decode(accountId, LISTING, options.nextToken));
    const rows = await storage.orders.list(accountId, { after, limit: options.maxResults + 1 });
    const orders = rows.slice(0, options.maxResults);
    const last = orders[orders.length - 1];
    if (rows.length <= options.maxResults || !last) return { orders };
    return { orders, nextToken: tokens.encode(accountId, LISTING, { t: last.createdAt.getTime(), id: last.id }) };
  }
}

function cursorFrom(position: unknown): OrderCursor {
  const p = position as { t?: unknown; id?: unknown } | null;
  if (!p || typeof p.t !== 'number' || typeof p.id !== 'string') {
    throw invalidNextToken();
  }
  return { createdAt: new Date(p.t), id: p.id };
}
