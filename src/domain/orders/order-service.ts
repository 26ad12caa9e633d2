/**
 * Phone-number orders: create (validated, stored with its numbers and its fulfilment job in one transaction), get and
 * list, always within one account, and within what the request's API knows: an order of a product type that API lacks
 * (Business Calling, for Chime SDK Voice) is neither found nor listed.
 */
import type { ApiScope } from '../numbers/api-scope.ts';
import { ALL_PRODUCT_TYPES, productTypeRestriction } from '../numbers/product-type.ts';
import type { JobEnqueue } from '../ports/jobs.ts';
import type { OrderBook, OrderCursor } from '../ports/orders.ts';
import type { OrderLimits, QuotaSource } from '../ports/quotas.ts';
import type { UnitOfWork } from '../ports/unit-of-work.ts';
import type { UsageRepository } from '../ports/usage.ts';
import type { Clock } from '../shared/clock.ts';
import { DomainError } from '../shared/domain-error.ts';
import type { IdSource } from '../shared/ids.ts';
import { invalidNextToken, type PageTokens } from '../shared/page-tokens.ts';
import type { Order, ProductType } from './order.ts';
import { FULFIL_ORDER } from './fulfilment.ts';
import { checkAccountQuotas, checkNewOrder } from './order-rules.ts';

/** What creating an order writes in one transaction: the order, its fulfilment job; the quota count it checks first. */
export interface OrderWrites {
  orders: Pick<OrderBook, 'insert'>;
  usage: UsageRepository;
  jobs: JobEnqueue;
}

export interface OrderServiceOptions {
  /** Reads of the account's orders. */
  orders: Pick<OrderBook, 'get' | 'list'>;
  /** The transaction that stores a new order. */
  unitOfWork: UnitOfWork<OrderWrites>;
  clock: Clock;
  ids: IdSource;
  tokens: PageTokens;
  limits: OrderLimits;
  /**
   * The account's quotas (numbers per order, numbers owned or on order, orders in Processing); without it only
   * `limits` applies.
   */
  quotas?: QuotaSource;
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

  /**
   * Validates and stores a new order; every number starts `Processing`. Its `name` is given to every number it
   * acquires; `''` is no name (the API's pattern allows it; nothing would be shown for it).
   */
  async create(accountId: string, productType: ProductType, numbers: string[], details: { name?: string } = {}): Promise<Order> {
    const { unitOfWork, clock, ids, limits } = this.#options;
    const quotas = await this.#options.quotas?.quotasOf(accountId);
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
    if (details.name) order.name = details.name;
    await unitOfWork.transaction(async (repos) => {
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

  /** @throws DomainError `not-found` when the order does not exist in this account, or is of a product type the API lacks */
  async get(accountId: string, orderId: string, scope: ApiScope = {}): Promise<Order> {
    const order = await this.#options.orders.get(accountId, orderId.toLowerCase());
    if (!order || !(scope.productTypes ?? ALL_PRODUCT_TYPES).has(order.productType)) {
      throw new DomainError('not-found', `No phone number order with id ${orderId} exists in this account`);
    }
    return order;
  }

  /** One page of the account's orders, oldest first; `nextToken` is present while more remain. */
  async list(accountId: string, options: { maxResults: number; nextToken?: string }, scope: ApiScope = {}): Promise<OrderPage> {
    const { orders: book, tokens } = this.#options;
    const productTypes = productTypeRestriction(scope.productTypes ?? ALL_PRODUCT_TYPES);
    // Bound to what the listing shows; an API that knows every product type keeps the key it always had.
    const listing = productTypes === undefined ? LISTING : `${LISTING}\n${JSON.stringify(productTypes)}`;
    const after = options.nextToken === undefined ? undefined : cursorFrom(tokens.decode(accountId, listing, options.nextToken));
    const rows = await book.list(accountId, { after, limit: options.maxResults + 1, ...(productTypes === undefined ? {} : { productTypes }) });
    const orders = rows.slice(0, options.maxResults);
    const last = orders[orders.length - 1];
    if (rows.length <= options.maxResults || !last) return { orders };
    return { orders, nextToken: tokens.encode(accountId, listing, { t: last.createdAt.getTime(), id: last.id }) };
  }
}

function cursorFrom(position: unknown): OrderCursor {
  const p = position as { t?: unknown; id?: unknown } | null;
  if (!p || typeof p.t !== 'number' || typeof p.id !== 'string') {
    throw invalidNextToken();
  }
  return { createdAt: new Date(p.t), id: p.id };
}
