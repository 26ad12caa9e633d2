/**
 * The logs on stdout go through a bounded asynchronous buffer: a consumer that stops reading stdout stalls no request
 * (lines beyond the buffer are dropped, counted in a metric and said once the consumer catches up), none is lost while
 * the consumer keeps up, a stop writes the buffered lines, and a stop while nobody reads still ends the process.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { dialtoneBundle } from '../support/bundle.ts';
import { sendRaw } from '../support/raw-request.ts';
import { startDialtone, type DialtoneProcess } from '../support/process.ts';
import { freshDataDir, writeAccountsConfig } from '../support/server.ts';

const LIST = '/phone-number-orders?max-results=1';

/** `count` signed ListPhoneNumberOrders, `concurrency` at a time, each refused after 10 s; their request ids. */
async function list(url: string, count: number, concurrency = 8): Promise<string[]> {
  const ids: string[] = [];
  let sent = 0;
  const worker = async (): Promise<void> => {
    while (sent < count) {
      sent += 1;
      const answer = await Promise.race([
        sendRaw(url, { method: 'GET', target: LIST }),
        sleep(10_000).then(() => assert.fail('a request was not answered within 10 s')),
      ]);
      assert.equal(answer.status, 200, answer.body);
      ids.push(String(answer.headers['x-amzn-requestid']));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return ids;
}

/** The JSON lines of the output (the banner's lines are not JSON). */
function records(output: string): Record<string, unknown>[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

async function droppedMetric(url: string): Promise<number> {
  const metrics = await sendRaw(url, { method: 'GET', target: '/_dialtone/metrics', sign: false });
  assert.equal(metrics.status, 200);
  const match = /^dialtone_log_lines_dropped_total (\d+)$/m.exec(metrics.body);
  assert.ok(match, 'dialtone_log_lines_dropped_total is exported');
  return Number(match[1]);
}

async function waitFor(what: string, check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`${what} within ${timeoutMs} ms`);
    await sleep(20);
  }
}

describe('logs on stdout', () => {
  const running = new Set<DialtoneProcess>();
  after(() => {
    for (const p of running) p.child.kill('SIGKILL');
  });
  const start = async (logging: Record<string, unknown>): Promise<DialtoneProcess> => {
    const dataDir = freshDataDir();
    const config = writeAccountsConfig(dataDir, { throttling: { enabled: false }, logging: { level: 'info', ...logging } });
    // The bundle that `npm start` and the package run: it starts in a fraction of the CPU time of bin/dialtone.js.
    const proc = await startDialtone({ DATA_DIR: dataDir, DIALTONE_CONFIG: config }, 20_000, await dialtoneBundle());
    running.add(proc);
    return proc;
  };
  const stop = async (proc: DialtoneProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> => {
    proc.child.kill('SIGTERM');
    const exit = await Promise.race([proc.exited, sleep(30_000).then(() => assert.fail('the server did not exit within 30 s of SIGTERM'))]);
    running.delete(proc);
    return exit;
  };

  it('a consumer that stops reading stalls no request: lines beyond the buffer are dropped, counted, and said once it reads again', async () => {
    const proc = await start({ bufferBytes: 16_384, flushIntervalMs: 10 });
    // Nobody reads stdout from now on: the pipe and this side's stream buffer fill, then the server's buffer.
    proc.child.stdout!.pause();
    const before = proc.output().length;
    // About 300 bytes of access log each: far more than the pipe, this side's buffer and the server's 16 KiB hold.
    await list(proc.url, 2_000);
    const dropped = await droppedMetric(proc.url);
    assert.ok(dropped > 0, 'lines were dropped rather than kept without bound');

    proc.child.stdout!.resume();
    const notices = (): Record<string, unknown>[] => records(proc.output().slice(before)).filter((r) => String(r.msg).startsWith('log lines dropped'));
    await waitFor('the drops are said once the consumer reads again', () => notices().length > 0);
    await list(proc.url, 20);
    await sleep(200);
    assert.equal(notices().length, 1, 'said once for the episode');
    const notice = notices()[0]!;
    assert.equal(notice.level, 'warn');
    assert.ok(Number(notice.dropped) > 0 && Number(notice.total) >= Number(notice.dropped) && Number(notice.total) <= dropped + Number(notice.dropped));
    const lines = records(proc.output().slice(before)).filter((r) => r.operation === 'ListPhoneNumberOrders').length;
    assert.ok(lines + dropped >= 2_000 && lines < 2_000, `${lines} lines written, ${dropped} dropped`);
    assert.deepEqual(await stop(proc), { code: 0, signal: null });
  });

  it('loses no line while the consumer keeps up, and a stop writes the buffered ones', async () => {
    // Lines are written only by batches of 16 KiB (the timer would take an hour): the last ones wait for the stop.
    const proc = await start({ flushIntervalMs: 3_600_000 });
    const ids = await list(proc.url, 500);
    assert.deepEqual(await stop(proc), { code: 0, signal: null }, proc.output());
    const logged = records(proc.output()).filter((r) => r.operation === 'ListPhoneNumberOrders');
    assert.deepEqual(logged.map((r) => r.requestId).sort(), [...ids].sort(), 'every request has its line, once');
  });

  it('a stop while nobody reads stdout still ends the process', async () => {
    const proc = await start({ bufferBytes: 16_384 });
    proc.child.stdout!.pause();
    await list(proc.url, 1_000);
    assert.deepEqual(await stop(proc), { code: 0, signal: null });
  });
});
