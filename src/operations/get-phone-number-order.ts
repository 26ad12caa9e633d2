import type { OrderService } from '../domain/orders/order-service.ts';
import type { Handler } from './handler.ts';
import { toPhoneNumberOrder } from './mappers/phone-number-order.ts';

/** `GET /phone-number-orders/{phoneNumberOrderId}`. */
export function getPhoneNumberOrder(orders: OrderService): Handler<'GetPhoneNumberOrder'> {
  return async (input, context) => {
    const order = await orders.get(context.accountId, input.PhoneNumberOrderId);
    return { PhoneNumberOrder: toPhoneNumberOrder(order) };
  };
}
