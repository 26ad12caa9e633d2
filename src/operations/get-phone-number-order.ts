import type { OrderService } from '../domain/orders/order-service.ts';
import { apiScope } from './api-scope.ts';
import type { Handler } from './handler.ts';
import { toPhoneNumberOrder } from './mappers/phone-number-order.ts';

/** `GET /phone-number-orders/{phoneNumberOrderId}`; NotFound for an order of a product type the model lacks. */
export function getPhoneNumberOrder(orders: OrderService): Handler<'GetPhoneNumberOrder'> {
  return async (input, context) => {
    const order = await orders.get(context.accountId, input.PhoneNumberOrderId, apiScope(context.service));
    return { PhoneNumberOrder: toPhoneNumberOrder(order) };
  };
}
