/** Helpers for tests of the owned-number inventory: ordering numbers into it, moving the test clock, rejections. */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  ChimeServiceException,
  CreatePhoneNumberOrderCommand,
  type ChimeClient,
  type PhoneNumberOrder,
  type PhoneNumberProductType,
} from '@aws-sdk/client-chime';
import { waitForTerminal } from './orders.ts';

/** Orders the numbers (chunks of 100) and waits until every order is terminal. */
export async function orderNumbers(client: ChimeClient, productType: PhoneNumberProductType, numbers: string[]): Promise<PhoneNumberOrder[]> {
  const done: PhoneNumberOrder[] = [];
  for (let start = 0; start < numbers.length; start += 100) {
    const created = await client.send(
      new CreatePhoneNumberOrderCommand({ ProductType: productType, E164PhoneNumbers: numbers.slice(start, start + 100) }),
    );
    done.push(await waitForTerminal(client, created.PhoneNumberOrder!.PhoneNumberOrderId!));
  }
  return done;
}

/** `count` consecutive E.164 numbers from `first` (e.g. `+12065550100`). */
export function numberRange(first: string, count: number): string[] {
  const start = BigInt(first.slice(1));
  return Array.from({ length: count }, (_, i) => `+${start + BigInt(i)}`);
}

/** Moves the server's test clock forward (`testing.clockControl` must be on); answers the new offset in ms. */
export async function advanceClock(server: { url: string }, by: { advanceDays?: number; advanceHours?: number; advanceMinutes?: number }): Promise<number> {
  const response = await fetch(`${server.url}/_dialtone/clock`, { method: 'POST', body: JSON.stringify(by) });
  assert.equal(response.status, 200, await response.clone().text());
  return ((await response.json()) as { offsetMs: number }).offsetMs;
}

/** Retries `check` until it passes (it throws while not yet), for effects of the background sweep. */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(25);
    }
  }
}

/** The SDK exception that `promise` rejects with; fails when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<ChimeServiceException> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ChimeServiceException, `expected a ChimeServiceException, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the call to fail');
}

/** Asserts the modelled error: exception name, body Code, HTTP status and message. */
export async function assertError(promise: Promise<unknown>, name: string, status: number, message?: RegExp): Promise<ChimeServiceException> {
  const error = await rejection(promise);
  assert.equal(error.name, name, error.message);
  assert.equal(error.$metadata.httpStatusCode, status);
  assert.equal((error as unknown as { Code?: string }).Code, name.replace(/Exception$/, '').replace(/^ThrottledClient$/, 'Throttled').replace(/^UnauthorizedClient$/, 'Unauthorized'));
  if (message) assert.match(error.message, message);
  return error;
}
