import type { OrderService } from '../domain/orders/order-service.ts';
import type { Handler } from './handler.ts';
import { toPhoneNumberOrder } from './mappers/phone-number-order.ts';

/**
 * `POST /phone-number-orders` → 201 with the new order, `Processing`. A `Name` (chime-sdk-voice) is given to every
 * number the order acquires.
 */
export function createPhoneNumberOrder(orders: OrderService): Handler<'CreatePhoneNumberOrder'> {
  return async (input, context) => {
    const order = await orders.create(context.accountId, input.ProductType, input.E164PhoneNumbers, {
      ...(input.Name === undefined ? {} : { name: input.Name }),
    });
    return { PhoneNumberOrder: toPhoneNumberOrder(order) };
  };
}
