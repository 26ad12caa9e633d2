/** Domain order → the model's `PhoneNumberOrder` shape. */
import type { Order } from '../../domain/orders/order.ts';
import type { PhoneNumberOrder } from '../either-model.ts';

export function toPhoneNumberOrder(order: Order): PhoneNumberOrder {
  return {
    PhoneNumberOrderId: order.id,
    ProductType: order.productType,
    Status: order.status,
    // dialtone only orders new numbers: porting (`Porting`, and its `FocDate`) does not exist here. The legacy model
    // has no OrderType; its serializer leaves it out.
    OrderType: 'New',
    OrderedPhoneNumbers: order.numbers.map((n) => ({ E164PhoneNumber: n.e164, Status: n.status })),
    CreatedTimestamp: order.createdAt,
    UpdatedTimestamp: order.updatedAt,
  };
}
