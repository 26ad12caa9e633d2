/** Metrics, health, readiness, redacted logs, and a SIGTERM under load, as an operator sees them. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { CreatePhoneNumberOrderCommand, GetPhoneNumberOrderCommand, type ChimeClient } from '@aws-sdk/client-chime';
import { createLogger } from '../../src/observability/logger.ts';
import { sendRaw } from '../support/raw-request.ts';
import { holdRequest } from '../support/held-request.ts';
import { ALICE, chimeClient, freshDataDir, startTestServer, writeAccountsConfig, type TestServer } from '../support/server.ts';
import { startDialtone, type DialtoneProcess } from '../support/process.ts';
import { dialtoneBundle, removeDialtoneBundle } from '../support/bundle.ts';
import { waitForTerminal } from '../support/orders.ts';

// The bundle that `npm start` and the package run: it starts in a fraction of the CPU time of bin/dialtone.js.
after(() => removeDialtoneBundle());

/** The value of one sample line of a Prometheus text exposition, or undefined. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const m = /^([a-z_]+)(?:\{([^}]*)\})? ([0-9.e+-]+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries((m[2] ?? '').split(',').filter(Boolean).map((kv) => kv.split('=') as [string, string]).map(([k, v]) => [k, v.slice(1, -1)]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[3]);
  }
  return undefined;
}

describe('metrics, health and logs', () => {
  let server: TestServer;
  let alice: ChimeClient;
  const logLines: string[] = [];

  before(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(...chunk.toString().split('\n').filter(Boolean));
        done();
      },
    });
    server = await startTestServer({
      logger: createLogger({ level: 'info', destination: sink }),
      config: { carrier: { latencyMs: 10 }, fulfilment: { idleMs: 10 } },
    });
    alice = chimeClient(server, ALICE);
  });
  after(async () => {
    alice.destroy();
    await server.close();
  });

  it('answers health and readiness', async () => {
    const health = await sendRaw(server.url, { method: 'GET', target: '/_dialtone/health', sign: false });
    assert.equal(health.status, 200);
    assert.deepEqual(health.json(), { status: 'ok' });
    const ready = await sendRaw(server.url, { method: 'GET', target: '/_dialtone/ready', sign: false });
    assert.equal(ready.status, 200);
    assert.deepEqual(ready.json(), { status: 'ready', checks: { database: 'ok', migrations: 'ok', worker: 'ok' } });
  });

  it('counts real traffic in /_dialtone/metrics', async () => {
    const ids: string[] = [];
    for (const n of ['+12065550140', '+12065550141', '+12065550142']) {
      const r = await alice.send(new CreatePhoneNumberOrderCommand({ ProductType: 'VoiceConnector', E164PhoneNumbers: [n] }));
      ids.push(r.PhoneNumberOrder!.PhoneNumberOrderId!);
    }
    await alice.send(new CreatePhoneNumberOrderCommand({ ProductType: 'VoiceConnector', E164PhoneNumbers: ['+1206555014'] })).catch(() => undefined);
    for (const id of ids) await waitForTerminal(alice, id);
    const res = await sendRaw(server.url, { method: 'GET', target: '/_dialtone/metrics', sign: false });
    assert.equal(res.status, 200);
    assert.match(String(res.headers['content-type']), /^text\/plain/);
    const text = res.body;
    assert.equal(sample(text, 'dialtone_requests_total', { operation: 'CreatePhoneNumberOrder', status: '201' }), 3);
    assert.equal(sample(text, 'dialtone_requests_total', { operation: 'CreatePhoneNumberOrder', status: '400' }), 1);
    assert.ok((sample(text, 'dialtone_requests_total', { operation: 'GetPhoneNumberOrder', status: '200' }) ?? 0) >= 3);
    assert.equal(sample(text, 'dialtone_request_duration_seconds_count', { operation: 'CreatePhoneNumberOrder' }), 4);
    assert.equal(sample(text, 'dialtone_orders', { status: 'Successful' }), 3);
    assert.equal(sample(text, 'dialtone_orders', { status: 'Processing' }), 0);
    assert.equal(sample(text, 'dialtone_fulfilment_numbers_total', { outcome: 'acquired' }), 3);
    assert.equal(sample(text, 'dialtone_fulfilment_lag_seconds_count'), 3);
    assert.equal(sample(text, 'dialtone_fulfilment_jobs_pending'), 0);
    assert.ok((sample(text, 'process_resident_memory_bytes') ?? 0) > 0);
  });

  it('logs one structured line per request and never a full E.164 number or a secret', async () => {
    await alice.send(new CreatePhoneNumberOrderCommand({ ProductType: 'VoiceConnector', E164PhoneNumbers: ['+13125550150', '+447700900123'] })).catch(() => undefined);
    await alice.send(new GetPhoneNumberOrderCommand({ PhoneNumberOrderId: '6f1c1b2e-0d7a-4a55-9a3e-2f1f5a0b9c11' })).catch(() => undefined);
    const wrong = chimeClient(server, { accessKeyId: ALICE.accessKeyId, secretAccessKey: 'alice-secret-wrong' });
    await wrong.send(new GetPhoneNumberOrderCommand({ PhoneNumberOrderId: '6f1c1b2e-0d7a-4a55-9a3e-2f1f5a0b9c11' })).catch(() => undefined);
    wrong.destroy();
    await sleep(50);
    const text = logLines.join('\n');
    assert.ok(logLines.length >= 8);
    assert.doesNotMatch(text, /\+\d{6,}/, 'no E.164 number beyond its first digits');
    assert.doesNotMatch(text, /alice-secret/);
    assert.doesNotMatch(text, /Signature=/);
    const requests = logLines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((r) => r.msg === 'request');
    const create = requests.find((r) => r.operation === 'CreatePhoneNumberOrder' && r.status === 201)!;
    assert.equal(create.account, ALICE.accountId);
    assert.equal(typeof create.requestId, 'string');
    assert.equal(typeof create.ms, 'number');
    assert.ok(requests.some((r) => r.status === 404 && r.errorType === 'NotFoundException'));
    assert.ok(requests.some((r) => r.status === 403 && r.errorType === 'InvalidSignatureException'));
  });
});

describe('SIGTERM under load', () => {
  const running = new Set<DialtoneProcess>();
  after(() => {
    for (const p of running) p.child.kill('SIGKILL');
  });

  it('finishes in-flight requests, exits 0, answers no 5xx, drops no connection, and loses no acknowledged order', async () => {
    const dataDir = freshDataDir();
    const env = { DATA_DIR: dataDir, DIALTONE_CONFIG: writeAccountsConfig(dataDir, { carrier: { latencyMs: 50 } }), LOG_LEVEL: 'warn' };
    const proc = await startDialtone(env, 20_000, await dialtoneBundle());
    running.add(proc);
    const client = chimeClient(proc, ALICE);
    const acknowledged: string[] = [];
    // Every request sent before the SIGTERM must be answered 201: an error status, a reset connection or any other
    // socket error is a failure.
    const failures: string[] = [];
    let n = 0;
    let terminated = false;
    const body = (number: string): string => JSON.stringify({ ProductType: 'VoiceConnector', E164PhoneNumbers: [number] });
    // Requests that are certainly in flight when the signal lands: headers and half the body sent, the rest after it.
    const held = await Promise.all(
      [0, 1, 2].map((i) => holdRequest(proc.url, { method: 'POST', target: '/phone-number-orders', body: body(`+1415555${3000 + i}`), credentials: ALICE })),
    );
    const senders = Array.from({ length: 8 }, async () => {
      while (!terminated) {
        const number = `+1415555${String(2000 + n++).padStart(4, '0')}`;
        try {
          const r = await client.send(new CreatePhoneNumberOrderCommand({ ProductType: 'VoiceConnector', E164PhoneNumbers: [number] }));
          acknowledged.push(r.PhoneNumberOrder!.PhoneNumberOrderId!);
          if (acknowledged.length === 40 && !terminated) {
            terminated = true;
            proc.child.kill('SIGTERM');
          }
        } catch (error) {
          const e = error as { name?: string; code?: string; $metadata?: { httpStatusCode?: number } };
          failures.push(`${number}: ${e.$metadata?.httpStatusCode ?? e.code ?? 'no status'} ${e.name ?? ''} ${String(error)}`);
          return;
        }
      }
    });
    await Promise.all(senders);
    assert.ok(terminated, 'the load reached 40 acknowledged orders');
    await sleep(300); // the server is shutting down, with the held requests still in flight
    for (const h of held) assert.equal(h.closed(), false, 'a request in flight is not cut before shutdownTimeoutMs');
    for (const h of held) h.finish();
    for (const answer of await Promise.all(held.map((h) => h.answer()))) {
      assert.equal(answer.status, 201, `held request answered ${answer.status} ${answer.error ?? ''} ${answer.body}`);
      acknowledged.push((JSON.parse(answer.body) as { PhoneNumberOrder: { PhoneNumberOrderId: string } }).PhoneNumberOrder.PhoneNumberOrderId);
    }
    const exit = await proc.exited;
    running.delete(proc);
    client.destroy();
    assert.equal(exit.code, 0, proc.output());
    assert.deepEqual(failures, []);
    assert.ok(acknowledged.length >= 43);

    const again = await startDialtone(env, 20_000, await dialtoneBundle());
    running.add(again);
    const check = chimeClient(again, ALICE);
    for (const id of acknowledged) {
      const order = await waitForTerminal(check, id);
      assert.equal(order.Status, 'Successful');
    }
    check.destroy();
    again.child.kill('SIGTERM');
    assert.equal((await again.exited).code, 0);
    running.delete(again);
  });
});
