/**
 * The durations that functional tests no longer assert, measured here instead (never part of `npm test`):
 * how long dialtone takes to refuse pathological input, to fulfil one order with the default carrier, to answer a
 * slow client with 408 after its deadline, and to stop on SIGTERM.
 *
 *   node --import tsx bench/timings.ts [--runs 5]
 *
 * dialtone runs as a child process (bin/dialtone.js, PORT=0, a temp DATA_DIR, LOG_LEVEL=silent); every request goes
 * to 127.0.0.1, one at a time. Prints the median and the worst of --runs runs per measurement, in milliseconds.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CreatePhoneNumberOrderCommand } from '@aws-sdk/client-chime';
import { waitForTerminal } from '../test/support/orders.ts';
import { startDialtone } from '../test/support/process.ts';
import { sendRaw } from '../test/support/raw-request.ts';
import { rawExchange } from '../test/support/raw-socket.ts';
import { chimeClient } from '../test/support/server.ts';
import { median, round } from './stats.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const RUNS = Math.max(1, Number(values.runs));
const JSON_HEADERS = { 'content-type': 'application/json' };
const HEADERS_TIMEOUT_MS = 1_000;
const REQUEST_TIMEOUT_MS = 2_000;

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

const measurements: Record<string, number[]> = {};
const record = (name: string, ms: number): void => void (measurements[name] ??= []).push(ms);

const dir = mkdtempSync(join(tmpdir(), 'dialtone-bench-timings-'));
try {
  for (let run = 0; run < RUNS; run++) {
    const dataDir = join(dir, `run-${run}`);
    const config = join(dir, `config-${run}.json`);
    writeFileSync(config, JSON.stringify({
      throttling: { enabled: false },
      http: { headersTimeoutMs: HEADERS_TIMEOUT_MS, requestTimeoutMs: REQUEST_TIMEOUT_MS },
    }));
    const proc = await startDialtone({ DATA_DIR: dataDir, DIALTONE_CONFIG: config, LOG_LEVEL: 'silent' }, 60_000);
    try {
      const post = (body: string) => sendRaw(proc.url, { method: 'POST', target: '/phone-number-orders', headers: JSON_HEADERS, body });
      await post('{}'); // warm-up: the first request loads the phone-number metadata
      const deep = `{"ProductType":"VoiceConnector","E164PhoneNumbers":${'['.repeat(500_000)}${']'.repeat(500_000)}}`;
      record('deep JSON (500,000 levels) → 400', await timed(() => post(deep)));
      const huge = JSON.stringify({ ProductType: 'VoiceConnector', E164PhoneNumbers: Array.from({ length: 100_000 }, (_, i) => `+1206${String(i).padStart(7, '0')}`) });
      record('100k numbers (over 1 MiB) → 413', await timed(() => post(huge)));
      const many = JSON.stringify({ ProductType: 'VoiceConnector', E164PhoneNumbers: Array.from({ length: 100_000 }, () => 1) });
      record('100k invalid items → 400', await timed(() => post(many)));
      const search = '/search?type=phone-numbers&state=CA&max-results=500';
      record('search State=CA, 500 results', await timed(() => sendRaw(proc.url, { method: 'GET', target: search })));
      const client = chimeClient(proc);
      record('order of 3 numbers: create → terminal (default carrier, 500 ms latency)', await timed(async () => {
        const n = 1000 + run * 3;
        const created = await client.send(new CreatePhoneNumberOrderCommand({ ProductType: 'VoiceConnector', E164PhoneNumbers: [0, 1, 2].map((i) => `+1206555${n + i}`) }));
        await waitForTerminal(client, created.PhoneNumberOrder!.PhoneNumberOrderId!, 60_000);
      }));
      client.destroy();
      const slowHead = 'GET /phone-number-orders HTTP/1.1\r\nHost: x\r\nX-Slow: ' + 'a'.repeat(400);
      const headers = await rawExchange(proc.url, slowHead.split(''), { gapMs: 20, timeoutMs: 30_000 });
      record(`dribbled headers: closed after (headersTimeoutMs ${HEADERS_TIMEOUT_MS})`, headers.closedAfterMs);
      const body = '{}'.padEnd(400, ' ');
      const slowBody = `POST /phone-number-orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
      const bodyAnswer = await rawExchange(proc.url, [slowBody, ...body.split('')], { gapMs: 20, timeoutMs: 30_000 });
      record(`dribbled body: closed after (requestTimeoutMs ${REQUEST_TIMEOUT_MS})`, bodyAnswer.closedAfterMs);
    } finally {
      const stopped = performance.now();
      proc.child.kill('SIGTERM');
      await proc.exited;
      record('SIGTERM → exit (idle)', performance.now() - stopped);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

console.log(`| measurement | median ms | worst ms | runs |\n|---|---:|---:|---:|`);
for (const [name, ms] of Object.entries(measurements)) console.log(`| ${name} | ${round(median(ms), 1)} | ${round(Math.max(...ms), 1)} | ${ms.length} |`);
