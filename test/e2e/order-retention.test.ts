/**
 * Order retention end to end, on the test clock: finished orders (Successful, Failed) are kept for
 * `orders.retentionDays` (90) after they finished and then deleted by the background order sweep — GetPhoneNumberOrder
 * answers NotFoundException and ListPhoneNumberOrders no longer lists them — while an order in Processing is never
 * deleted, and the numbers an order acquired stay in the inventory.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreatePhoneNumberOrderCommand,
  GetPhoneNumberCommand,
  GetPhoneNumberOrderCommand,
  ListPhoneNumberOrdersCommand,
  type ChimeClient,
} from '@aws-sdk/client-chime';
import { waitForTerminal } from '../support/orders.ts';
import { advanceClock, eventually, orderNumbers, rejection } from '../support/phone-numbers.ts';
import { ALICE, chimeClient, startTestServer, type TestServer } from '../support/server.ts';

describe('finished orders past their retention', () => {
  let server: TestServer;
  let alice: ChimeClient;

  const listed = async (): Promise<string[]> =>
    ((await alice.send(new ListPhoneNumberOrdersCommand({}))).PhoneNumberOrders ?? []).map((o) => o.PhoneNumberOrderId!);
  const get = (id: string) => alice.send(new GetPhoneNumberOrderCommand({ PhoneNumberOrderId: id }));

  before(async () => {
    server = await startTestServer({
      config: {
        inventory: { pool: ['+120655501'] },
        carrier: { latencyMs: 0 },
        fulfilment: { idleMs: 10 },
        testing: { clockControl: true },
        orders: { retentionDays: 90, sweepIntervalMs: 50 },
      },
    });
    alice = chimeClient(server, ALICE);
  });
  after(async () => {
    alice?.destroy();
    await server?.close();
  });

  it('are deleted after the retention, orders in Processing never; the numbers they acquired stay', async () => {
    const [successful] = await orderNumbers(alice, 'VoiceConnector', ['+12065550100']);
    const [failed] = await orderNumbers(alice, 'VoiceConnector', ['+12065550200']); // outside the pool
    assert.deepEqual([successful?.Status, failed?.Status], ['Successful', 'Failed']);
    // With the worker stopped, a new order stays in Processing for as long as the test wants.
    await server.worker.stop();
    const processing = (await alice.send(new CreatePhoneNumberOrderCommand({ ProductType: 'VoiceConnector', E164PhoneNumbers: ['+12065550101'] })))
      .PhoneNumberOrder!;
    const ids = [successful!.PhoneNumberOrderId!, failed!.PhoneNumberOrderId!, processing.PhoneNumberOrderId!];
    assert.deepEqual(await listed(), ids);

    await advanceClock(server, { advanceDays: 89 });
    await server.orderSweeper.tick();
    assert.deepEqual(await listed(), ids, 'kept for the whole retention');
    assert.equal((await get(ids[0]!)).PhoneNumberOrder?.Status, 'Successful');

    await advanceClock(server, { advanceDays: 2 });
    await eventually(async () => assert.deepEqual(await listed(), [processing.PhoneNumberOrderId]));
    for (const id of ids.slice(0, 2)) {
      const error = await rejection(get(id));
      assert.equal(error.name, 'NotFoundException');
      assert.equal(error.$metadata.httpStatusCode, 404);
    }
    assert.equal((await get(processing.PhoneNumberOrderId!)).PhoneNumberOrder?.Status, 'Processing', 'an order in Processing is never deleted');
    const number = await alice.send(new GetPhoneNumberCommand({ PhoneNumberId: '+12065550100' }));
    assert.equal(number.PhoneNumber?.Status, 'Unassigned', 'the number the deleted order acquired is still owned');

    // Once it finishes, the order that was in Processing has its own retention, from the time it finished.
    server.worker.start();
    const settled = await waitForTerminal(alice, processing.PhoneNumberOrderId!);
    assert.equal(settled.Status, 'Successful');
    await advanceClock(server, { advanceDays: 89 });
    await server.orderSweeper.tick();
    assert.deepEqual(await listed(), [processing.PhoneNumberOrderId]);
    await advanceClock(server, { advanceDays: 2 });
    await eventually(async () => assert.deepEqual(await listed(), []));
  });
});
