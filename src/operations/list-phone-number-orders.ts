import type { OrderService } from '../domain/orders/order-service.ts';
import type { Handler } from './handler.ts';
import { toPhoneNumberOrder } from './mappers/phone-number-order.ts';

/** Page size when the caller sends no `max-results` (the model's maximum, 99). */
export const DEFAULT_MAX_RESULTS = 99;

/** `GET /phone-number-orders`: the account's orders, oldest first, paged by an opaque `NextToken`. */
export function listPhoneNumberOrders(orders: OrderService): Handler<'ListPhoneNumberOrders'> {
  return async (input, context) => {
    const page = await orders.list(context.accountId, {
      maxResults: input.MaxResults ?? DEFAULT_MAX_RESULTS,
      nextToken: input.NextToken,
    });
    return { PhoneNumberOrders: page.orders.map(toPhoneNumberOrder), NextToken: page.nextToken };
  };
}
