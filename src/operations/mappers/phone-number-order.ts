/** Domain order → the model's `PhoneNumberOrder` shape. */
import type { PhoneNumberOrder } from '../../generated/chime.ts';
import type { Order } from '../../domain/orders/order.ts';

export function toPhoneNumberOrder(order: Order): PhoneNumberOrder {
  return {
    PhoneNumberOrderId: order.id,
    ProductType: order.productType,
    Status: order.status,
    OrderedPhoneNumbers: order.numbers.map((n) => ({ E164PhoneNumber: n.e164, Status: n.status })),
    CreatedTimestamp: order.createdAt,
    UpdatedTimestamp: order.updatedAt,
  };
}
