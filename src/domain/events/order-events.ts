/** The events of orders and of the numbers they acquire: created, settled, acquired, acquire failed. */
import type { IdSource } from '../shared/ids.ts';
import type { Order, OrderedNumber, OrderStatus } from '../orders/order.ts';
import type { NewEvent, ResourceRef } from './event.ts';
import { isoText } from '../../shared/iso-text.ts';

const orderRef = (order: Pick<Order, 'id'>): ResourceRef => ({ kind: 'phone-number-order', id: order.id });
const numberRef = (e164: string): ResourceRef => ({ kind: 'phone-number', id: e164 });

/** An order's numbers as `OrderedPhoneNumbers` reads them, with the reason of each failure. */
function orderedNumbers(numbers: readonly OrderedNumber[]): Record<string, unknown>[] {
  return numbers.map((n) => ({ E164PhoneNumber: n.e164, Status: n.status, ...(n.failureReason === undefined ? {} : { FailureReason: n.failureReason }) }));
}

/** A new order, in `Processing`. */
export function orderCreated(ids: IdSource, order: Order): NewEvent {
  return {
    id: ids.uuid(),
    accountId: order.accountId,
    type: 'Phone Number Order Created',
    at: order.createdAt,
    resources: [orderRef(order)],
    detail: {
      PhoneNumberOrderId: order.id,
      ProductType: order.productType,
      Status: order.status,
      ...(order.name === undefined ? {} : { Name: order.name }),
      OrderedPhoneNumbers: orderedNumbers(order.numbers),
      CreatedTimestamp: isoText(order.createdAt),
    },
  };
}

/**
 * An order's settlement: its terminal status and the outcome of each of its numbers (`numbers`: every number of the
 * order as it now stands), then one event per number whose acquisition this settlement decided.
 */
export function orderSettled(
  ids: IdSource,
  order: Order,
  settled: {
    status: OrderStatus;
    numbers: readonly OrderedNumber[];
    changed: readonly OrderedNumber[];
    at: Date;
    /** The calling names that acquired numbers start with (their account's default), by number. */
    callingNames?: ReadonlyMap<string, string>;
  },
): NewEvent[] {
  const events: NewEvent[] = settled.changed.map((n) => numberOutcome(ids, order, n, settled.at, settled.callingNames?.get(n.e164)));
  events.push({
    id: ids.uuid(),
    accountId: order.accountId,
    type: 'Phone Number Order Settled',
    at: settled.at,
    resources: [orderRef(order)],
    detail: {
      PhoneNumberOrderId: order.id,
      ProductType: order.productType,
      Status: settled.status,
      OrderedPhoneNumbers: orderedNumbers(settled.numbers),
      CreatedTimestamp: isoText(order.createdAt),
      UpdatedTimestamp: isoText(settled.at),
    },
  });
  return events;
}

function numberOutcome(ids: IdSource, order: Order, number: OrderedNumber, at: Date, callingName: string | undefined): NewEvent {
  const acquired = number.status === 'Acquired';
  return {
    id: ids.uuid(),
    accountId: order.accountId,
    type: acquired ? 'Phone Number Acquired' : 'Phone Number Acquire Failed',
    at,
    resources: [numberRef(number.e164), orderRef(order)],
    detail: {
      PhoneNumberId: number.e164,
      E164PhoneNumber: number.e164,
      ProductType: order.productType,
      PhoneNumberOrderId: order.id,
      ...(acquired ? { Status: 'Unassigned' } : { FailureReason: number.failureReason ?? 'not-available' }),
      ...(acquired && order.name !== undefined ? { Name: order.name } : {}),
      ...(acquired && callingName !== undefined ? { CallingName: callingName, CallingNameStatus: 'UpdateInProgress' } : {}),
    },
  };
}
