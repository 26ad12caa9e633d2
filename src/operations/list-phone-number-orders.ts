import type { OrderService } from '../domain/orders/order-service.ts';
import { apiScope } from './api-scope.ts';
import type { Handler } from './handler.ts';
import { toPhoneNumberOrder } from './mappers/phone-number-order.ts';
import { pageSize } from './page-size.ts';

/**
 * `GET /phone-number-orders`: the account's orders, oldest first, paged by an opaque `NextToken`; orders of a product
 * type the request's model lacks are not listed.
 */
export function listPhoneNumberOrders(orders: OrderService): Handler<'ListPhoneNumberOrders'> {
  return async (input, context) => {
    const page = await orders.list(
      context.accountId,
      { maxResults: pageSize(input.MaxResults, context), nextToken: input.NextToken },
      apiScope(context.service),
    );
    return { PhoneNumberOrders: page.orders.map(toPhoneNumberOrder), NextToken: page.nextToken };
  };
}
