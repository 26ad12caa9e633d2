/** The operations dialtone implements, wired to their domain services. The rest of the model answers "not implemented". */
import type { InventoryService } from '../domain/inventory/inventory-service.ts';
import type { OrderService } from '../domain/orders/order-service.ts';
import { createPhoneNumberOrder } from './create-phone-number-order.ts';
import { getPhoneNumberOrder } from './get-phone-number-order.ts';
import type { ChimeHandlers } from './handler.ts';
import { listPhoneNumberOrders } from './list-phone-number-orders.ts';
import { listSupportedPhoneNumberCountries } from './list-supported-phone-number-countries.ts';
import { searchAvailablePhoneNumbers } from './search-available-phone-numbers.ts';

export interface Services {
  orders: OrderService;
  inventory: InventoryService;
}

export function chimeHandlers(services: Services): ChimeHandlers {
  return {
    CreatePhoneNumberOrder: createPhoneNumberOrder(services.orders),
    GetPhoneNumberOrder: getPhoneNumberOrder(services.orders),
    ListPhoneNumberOrders: listPhoneNumberOrders(services.orders),
    SearchAvailablePhoneNumbers: searchAvailablePhoneNumbers(services.inventory),
    ListSupportedPhoneNumberCountries: listSupportedPhoneNumberCountries(services.inventory),
  };
}

export type { ChimeHandlers, RequestContext } from './handler.ts';
export { toServiceError } from './errors.ts';
