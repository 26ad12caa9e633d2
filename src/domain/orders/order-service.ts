/**
 * Phone-number orders: create (validated, stored with its numbers and its fulfilment job in one transaction), get and
 * list, always within one account, and within what the request's API knows: an order of a product type that API lacks
 * (Business Calling, for Chime SDK Voice) is neither found nor listed. A create that carries the SDK's invocation id is
 * retry-safe: a retry of the call within the window answers the order the call created (see create-retries.ts).
 */
import { orderCreated } from '../events/order-events.ts';
import type { ApiScope } from '../numbers/api-scope.ts';
import { ALL_PRODUCT_TYPES, productTypeRestriction } from '../numbers/product-type.ts';
import type { OrderIntake } from '../ports/order-intake.ts';
import type { OrderInvocation } from '../ports/order-invocations.ts';
import type { OrderBook, OrderCursor } from '../ports/orders.ts';
import type { OrderLimits, QuotaSource } from '../ports/quotas.ts';
import type { UnitOfWork } from '../ports/unit-of-work.ts';
import type { AccountUsage } from '../ports/usage.ts';
import type { Clock } from '../shared/clock.ts';
import { DomainError } from '../shared/domain-error.ts';
import { timeOrderedUuid, type IdSource } from '../shared/ids.ts';
import { invalidNextToken, type PageTokens } from '../shared/page-tokens.ts';
import type { Order, ProductType } from './order.ts';
import { orderFingerprint, reusedInvocationId, usableInvocationId } from './create-retries.ts';
import { FULFIL_ORDER } from './fulfilment.ts';
import { checkNewOrder, checkUsage } from './order-rules.ts';
import { transactionalIntake, type OrderWrites } from './transactional-intake.ts';

export type { OrderWrites } from './transactional-intake.ts';

/** What a create may carry besides its product type and numbers. */
export interface CreateDetails {
  /** The name its numbers get; `''` is no name. */
  name?: string;
  /** The SDK's invocation id (`amz-sdk-invocation-id`) as sent; ignored when not usable or when the window is 0. */
  invocationId?: string;
}

export interface OrderServiceOptions {
  /** Reads of the account's orders. */
  orders: Pick<OrderBook, 'get' | 'list'>;
  /**
   * Where new orders are stored (e.g. SQLite's group commit); without it, `unitOfWork` stores each create in a
   * transaction of its own.
   */
  intake?: OrderIntake;
  /** The transaction that stores a new order, when there is no `intake`. */
  unitOfWork?: UnitOfWork<OrderWrites>;
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
  /**
   * How long after a create its invocation id answers retries with the order it created (ms); 0 (the default) ignores
   * invocation ids. Needs `orderInvocations` in the unit of work.
   */
  invocationWindowMs?: number;
}

export interface OrderPage {
  orders: Order[];
  nextToken?: string;
}

const LISTING = 'ListPhoneNumberOrders';

export class OrderService {
  readonly #options: OrderServiceOptions;
  readonly #intake: OrderIntake;

  /** @throws Error when neither `intake` nor `unitOfWork` is given */
  constructor(options: OrderServiceOptions) {
    this.#options = options;
    const intake = options.intake ?? (options.unitOfWork && transactionalIntake(options.unitOfWork));
    if (!intake) throw new Error('OrderService needs an intake or a unit of work');
    this.#intake = intake;
  }

  /**
   * Validates and stores a new order; every number starts `Processing`. Its `name` is given to every number it
   * acquires; `''` is no name (the API's pattern allows it; nothing would be shown for it).
   *
   * With a usable `invocationId` and a window, the id is claimed for the account in the order's transaction, before the
   * quota check: a retry of the call (same id, same request) within the window answers the order the call created, as
   * it is now, and neither counts against a quota nor creates anything; the same id with another request is refused.
   * @throws DomainError `invalid` for an id reused by another request within the window
   */
  async create(accountId: string, productType: ProductType, numbers: string[], details: CreateDetails = {}): Promise<Order> {
    const { clock, ids, limits } = this.#options;
    const quotas = await this.#options.quotas?.quotasOf(accountId);
    const classified = checkNewOrder(productType, numbers, quotas ?? limits);
    const now = clock.now();
    const order: Order = {
      // In time order (see timeOrderedUuid): the order's rows, its numbers' and its job's stay together in their indexes.
      id: timeOrderedUuid(ids, now),
      accountId,
      productType,
      status: 'Processing',
      numbers: classified.map((n) => ({ e164: n.e164, status: 'Processing' })),
      createdAt: now,
      updatedAt: now,
    };
    if (details.name) order.name = details.name;
    const invocation = this.#invocationOf(order, details.invocationId);
    const outcome = await this.#intake.place({
      order,
      events: [orderCreated(ids, order)],
      job: { id: order.id, kind: FULFIL_ORDER, accountId, runAt: now },
      ...(invocation ? { invocation: { claim: invocation, since: new Date(now.getTime() - this.#windowMs) } } : {}),
      ...(quotas ? { checkUsage: (usage: AccountUsage) => checkUsage(usage, classified.length, quotas) } : {}),
    });
    if (!outcome.placed && invocation) return this.#retried(invocation, outcome.holder);
    // Committed: nothing after this point may turn the answer into a 5xx (clients would re-send the create).
    try {
      this.#options.onCreated?.();
    } catch {
      // The worker also polls; a failed wake-up only delays fulfilment.
    }
    return order;
  }

  get #windowMs(): number {
    return this.#options.invocationWindowMs ?? 0;
  }

  /** The claim a create makes, or none (no usable id, or invocation ids are off). */
  #invocationOf(order: Order, raw: string | undefined): OrderInvocation | undefined {
    const invocationId = usableInvocationId(raw);
    if (invocationId === undefined || this.#windowMs <= 0) return undefined;
    const fingerprint = orderFingerprint(order.productType, order.numbers.map((n) => n.e164), order.name);
    return { accountId: order.accountId, invocationId, orderId: order.id, fingerprint, at: order.createdAt };
  }

  /** The answer to a retry: the order the earlier call created, as it is now; or the refusal of a reused id. */
  async #retried(invocation: OrderInvocation, earlier: { orderId: string; fingerprint: string }): Promise<Order> {
    if (earlier.fingerprint !== invocation.fingerprint) throw reusedInvocationId(invocation.invocationId, this.#windowMs);
    const order = await this.#options.orders.get(invocation.accountId, earlier.orderId);
    // Only if it was deleted by hand: retention outlasts the window (the configuration refuses anything else).
    if (!order) throw new DomainError('not-found', `The order ${earlier.orderId} that this call created no longer exists`);
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
