/**
 * Webhook delivery throughput and delay: dialtone (bin/dialtone.js, a child process, fresh temp DATA_DIR, carrier
 * latency 0) fulfils N numbers in orders of `--per-order` created through the API, with one subscription (from the
 * configuration file) to a receiver in this process on 127.0.0.1. Reports the events delivered per second (first
 * create → last event received) and the delay from commit to delivery, p50 / p99, measured on the events that carry a
 * millisecond time of their transaction (order created: `CreatedTimestamp`; order settled: `UpdatedTimestamp`).
 * Bounded: stops itself after `--timeout-s`, kills the server and removes its directory. `--cpu-prof-dir DIR` runs the
 * server under `node --cpu-prof` and leaves its profile (written as it stops) in DIR.
 *
 *   node --import tsx bench/webhooks.ts [--numbers 100000] [--per-order 100] [--concurrency 8] [--timeout-s 900] [--cpu-prof-dir DIR]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ChimeClient, CreatePhoneNumberOrderCommand } from '@aws-sdk/client-chime';

const { values } = parseArgs({
  options: {
    numbers: { type: 'string', default: '100000' },
    'per-order': { type: 'string', default: '100' },
    concurrency: { type: 'string', default: '8' },
    'timeout-s': { type: 'string', default: '900' },
    'cpu-prof-dir': { type: 'string' },
  },
});
const NUMBERS = Number(values.numbers);
const PER_ORDER = Number(values['per-order']);
const ORDERS = Math.ceil(NUMBERS / PER_ORDER);
const EXPECTED = NUMBERS + 2 * ORDERS;
const BIN = join(import.meta.dirname, '..', 'bin', 'dialtone.js');

/** The p-th percentile (0–100) of sorted values. */
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

async function main(): Promise<void> {
  const delays: number[] = [];
  let received = 0;
  let lastAt = 0;
  let done: () => void = () => undefined;
  const all = new Promise<void>((resolve) => (done = resolve));
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = Date.now();
      res.writeHead(204).end();
      const event = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { 'detail-type': string; detail: { CreatedTimestamp?: string; UpdatedTimestamp?: string } };
      received++;
      lastAt = at;
      const stamp = event['detail-type'] === 'Phone Number Order Created' ? event.detail.CreatedTimestamp : event['detail-type'] === 'Phone Number Order Settled' ? event.detail.UpdatedTimestamp : undefined;
      if (stamp !== undefined) delays.push(at - Date.parse(stamp));
      if (received >= EXPECTED) done();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const port = (receiver.address() as AddressInfo).port;
  const dataDir = mkdtempSync(join(tmpdir(), 'dialtone-bench-webhooks-'));
  const config = {
    carrier: { latencyMs: 0 },
    throttling: { enabled: false },
    logging: { level: 'warn' },
    accounts: [
      {
        accountId: '111111111111',
        credentials: [{ accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench-secret' }],
        limits: { maxPhoneNumbersPerAccount: NUMBERS + 1_000, maxProcessingOrdersPerAccount: ORDERS + 10, maxNumbersPerOrder: PER_ORDER },
      },
    ],
    webhooks: { subscriptions: [{ accountId: '111111111111', url: `http://127.0.0.1:${port}/hooks`, secret: 'whsec_bench-secret-0123456789' }] },
  };
  writeFileSync(join(dataDir, 'config.json'), JSON.stringify(config));
  const profile = values['cpu-prof-dir'] === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', values['cpu-prof-dir']];
  const child = spawn(process.execPath, [...profile, BIN], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: tmpdir(), PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, DIALTONE_CONFIG: join(dataDir, 'config.json'), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const deadline = setTimeout(() => {
    process.stderr.write(`bench/webhooks: timed out after ${values['timeout-s']} s with ${received}/${EXPECTED} events\n`);
    done();
  }, Number(values['timeout-s']) * 1000);
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /serving the Amazon Chime API at (http:\/\/\S+)/.exec(out);
        if (match) resolve(match[1]!);
      });
      child.once('exit', (code) => reject(new Error(`dialtone exited (${code}) before serving`)));
    });
    const client = new ChimeClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench-secret' }, maxAttempts: 3 });
    const started = Date.now();
    let next = 0;
    const first = 3_125_550_000;
    await Promise.all(
      Array.from({ length: Number(values.concurrency) }, async () => {
        while (next < ORDERS) {
          const order = next++;
          const count = Math.min(PER_ORDER, NUMBERS - order * PER_ORDER);
          const numbers = Array.from({ length: count }, (_, i) => `+1${first + order * PER_ORDER + i}`);
          await client.send(new CreatePhoneNumberOrderCommand({ ProductType: 'VoiceConnector', E164PhoneNumbers: numbers }));
        }
      }),
    );
    const createdS = (Date.now() - started) / 1000;
    client.destroy();
    await all;
    const elapsedS = (lastAt - started) / 1000;
    delays.sort((a, b) => a - b);
    const report = {
      numbers: NUMBERS,
      orders: ORDERS,
      eventsExpected: EXPECTED,
      eventsReceived: received,
      createPhaseS: Number(createdS.toFixed(2)),
      elapsedS: Number(elapsedS.toFixed(2)),
      eventsPerS: Math.round(received / elapsedS),
      delayMs: { samples: delays.length, p50: percentile(delays, 50), p99: percentile(delays, 99), max: delays.at(-1) },
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } finally {
    clearTimeout(deadline);
    child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(undefined)));
    receiver.closeAllConnections();
    receiver.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
