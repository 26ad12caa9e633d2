/**
 * The console overview's endpoint: its parameters, the key's policy (both list actions), the window it asks for, and
 * the reuse of figures read at the account's current event sequence (asks at once or in a row share one read; a new
 * event, or `reuseMs`, reads again; a failed read is not reused).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { overviewEndpoint, type OverviewDeps, type OverviewFigures } from '../../../src/gateway/console/overview-endpoint.ts';
import type { Caller } from '../../../src/gateway/authenticate.ts';
import { ServiceError } from '../../../src/protocol/errors.ts';

const caller = (deny: string[] = []): Caller => ({ credential: { accessKeyId: 'AKID', secretAccessKey: 's', accountId: '111111111111', policy: { deny } }, region: 'us-east-1' });
const EMPTY: OverviewFigures = { orders: [], numbers: [], fulfilment: { processing: 0, oldestProcessingSeconds: null, settled: 0, lagSecondsP50: null, lagSecondsP95: null } };

function setup(overrides: Partial<OverviewDeps> = {}) {
  const state = { now: Date.parse('2026-12-01T10:30:00Z'), seq: 1, reads: [] as { since: Date; until: Date; bucketSeconds: number }[], fail: false };
  const deps: OverviewDeps = {
    figures: async (_account, window) => {
      state.reads.push(window);
      await new Promise((resolve) => setImmediate(resolve));
      if (state.fail) throw new Error('database away');
      return { ...EMPTY, numbers: [{ status: 'Unassigned', productType: 'VoiceConnector', count: state.seq }] };
    },
    quotas: async () => ({ limits: { maxPhoneNumbersPerAccount: 10, maxProcessingOrdersPerAccount: 5 }, usage: { phoneNumbers: 2, phoneNumbersOnOrder: 1, processingOrders: 1 } }),
    lastSeq: async () => state.seq,
    now: () => new Date(state.now),
    ...overrides,
  };
  return { state, handle: overviewEndpoint(deps) };
}
const query = (hours?: string) => new Map(hours === undefined ? [] : [['hours', [hours]]]);
const body = (answer: { body?: string }) => JSON.parse(answer.body!) as Record<string, unknown>;

describe('the console overview endpoint', () => {
  it('asks for a window that starts at a whole bucket, and shapes the answer', async () => {
    const { state, handle } = setup();
    const answer = body(await handle(caller(), query('24')));
    assert.deepEqual(state.reads[0], { since: new Date('2026-11-30T10:00:00Z'), until: new Date(state.now), bucketSeconds: 3600 });
    assert.deepEqual(answer.Quotas, [
      { Name: 'PhoneNumbers', Used: 3, Limit: 10 },
      { Name: 'ProcessingOrders', Used: 1, Limit: 5 },
    ]);
    await handle(caller(), query('720'));
    assert.equal(state.reads[1]!.bucketSeconds, 86_400);
  });

  it('refuses bad parameters and keys that may not list orders or numbers, before reading', async () => {
    const { state, handle } = setup();
    for (const bad of ['0', '721', '1.5', 'x', '']) {
      await assert.rejects(handle(caller(), query(bad)), (e: unknown) => e instanceof ServiceError && e.type === 'BadRequestException');
    }
    await assert.rejects(handle(caller(), new Map([['days', ['1']]])), (e: unknown) => e instanceof ServiceError && e.type === 'BadRequestException');
    for (const deny of ['chime:ListPhoneNumbers', 'chime:ListPhoneNumberOrders']) {
      await assert.rejects(handle(caller([deny]), query()), (e: unknown) => e instanceof ServiceError && e.type === 'AccessDeniedException');
    }
    assert.equal(state.reads.length, 0);
  });

  it('shares one read among asks at the same event sequence, and reads again after an event or reuseMs', async () => {
    const { state, handle } = setup();
    const [a, b] = await Promise.all([handle(caller(), query()), handle(caller(), query())]);
    assert.equal(state.reads.length, 1, 'asked at once');
    assert.equal(a.body, b.body);
    state.now += 1_000;
    await handle(caller(), query());
    assert.equal(state.reads.length, 1, 'asked again within 2 s, nothing changed');
    await handle(caller(), query('1'));
    assert.equal(state.reads.length, 2, 'another window');
    state.seq = 2;
    const changed = body(await handle(caller(), query()));
    assert.equal(state.reads.length, 3, 'an event came');
    assert.deepEqual(changed.Numbers, [{ Status: 'Unassigned', ProductType: 'VoiceConnector', Count: 2 }]);
    state.now += 2_000;
    await handle(caller(), query());
    assert.equal(state.reads.length, 4, 'after reuseMs');
  });

  it('does not reuse a failed read', async () => {
    const { state, handle } = setup();
    state.fail = true;
    await assert.rejects(handle(caller(), query()), /database away/);
    state.fail = false;
    await handle(caller(), query());
    assert.equal(state.reads.length, 2);
  });
});
