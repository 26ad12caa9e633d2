/** Helpers for tests that watch orders reach a terminal status. */
import { setTimeout as sleep } from 'node:timers/promises';
import { GetPhoneNumberOrderCommand, type ChimeClient, type PhoneNumberOrder } from '@aws-sdk/client-chime';

/** Polls GetPhoneNumberOrder until the order leaves `Processing`; fails after `timeoutMs`. */
export async function waitForTerminal(client: ChimeClient, orderId: string, timeoutMs = 15_000): Promise<PhoneNumberOrder> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { PhoneNumberOrder: order } = await client.send(new GetPhoneNumberOrderCommand({ PhoneNumberOrderId: orderId }));
    if (order && order.Status !== 'Processing') return order;
    if (Date.now() > deadline) throw new Error(`order ${orderId} still Processing after ${timeoutMs} ms`);
    await sleep(50);
  }
}

/** E.164 number → status, for assertions. */
export function statuses(order: PhoneNumberOrder): Record<string, string> {
  return Object.fromEntries((order.OrderedPhoneNumbers ?? []).map((n) => [n.E164PhoneNumber!, n.Status!]));
}
