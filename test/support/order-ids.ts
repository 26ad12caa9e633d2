/** Order ids as the tests read them: UUID v7 (docs/api.md), whose first 48 bits are the order's creation time. */

/** A UUID v7 in its text form (the model's GUID pattern, version 7, the RFC variant). */
export const ORDER_ID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The milliseconds since 1970 that an order id's first 12 hex digits hold. */
export function orderIdTimeMs(id: string): number {
  return parseInt(id.replace('-', '').slice(0, 12), 16);
}
