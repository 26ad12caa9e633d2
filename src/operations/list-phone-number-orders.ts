import type { OrderService } from '../domain/orders/order-service.ts';
import type { Handler } from './handler.ts';
import { toPhoneNumberOrder } from './mappers/phone-number-order.ts';
import { pageSize } from './page-size.ts';

/** `GET /phone-number-orders`: the account's orders, oldest first, paged by an opaque `NextToken`. */
export function listPhoneNumberOrders(orders: OrderService): Handler<'ListPhoneNumberOrders'> {
  return async (input, context) => {
    const page = await orders.list(context.accountId, {
      maxResults: pageSize(input.MaxResults, context),
      nextToken: input.NextToken,
    });
    return { PhoneNumberOrders: page.orders.map(toPhoneNumberOrder), NextToken: page.nextToken };
  };
}
