/**
 * Answers written together once per turn of the event loop (src/gateway/answer-batch.ts): with a schedule held by the
 * test (the turn's check phase comes when the test says so), then on a real `node:http` server whose requests arrive
 * together on many connections.
 */
import assert from 'node:assert/strict';
import { Agent, createServer, request, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { answerBatch } from '../../../src/gateway/answer-batch.ts';

/** A schedule whose callbacks run when the test calls `run()` (the check phase), in the order they were scheduled. */
function heldSchedule(): { schedule: (callback: () => void) => void; run(): void; readonly pending: number } {
  let queue: (() => void)[] = [];
  return {
    schedule: (callback) => void queue.push(callback),
    run() {
      const now = queue;
      queue = [];
      for (const callback of now) callback();
    },
    get pending() {
      return queue.length;
    },
  };
}

/** A response that records what was written to it, in the order of a log shared between responses. */
function fakeResponse(name: string, log: string[], options: { destroyed?: boolean; endThrows?: boolean } = {}): ServerResponse & { destroyedWith?: Error } {
  const res = {
    destroyed: options.destroyed ?? false,
    destroyedWith: undefined as Error | undefined,
    end(body?: string) {
      if (options.endThrows) throw new Error(`${name} cannot be written`);
      log.push(`${name}:${body ?? ''}`);
    },
    destroy(error: Error) {
      res.destroyed = true;
      res.destroyedWith = error;
    },
  };
  return res as unknown as ServerResponse & { destroyedWith?: Error };
}

describe('answers written together once per turn', () => {
  it('writes an answer at once when no request was read in the turn', () => {
    const held = heldSchedule();
    const batch = answerBatch(held.schedule);
    const log: string[] = [];
    batch.end(fakeResponse('a', log), 'A');
    assert.deepEqual(log, ['a:A']);
    assert.equal(held.pending, 0);
  });

  it("holds the answers given after a request was read until the turn's check phase, then writes them in order", () => {
    const held = heldSchedule();
    const batch = answerBatch(held.schedule);
    const log: string[] = [];
    batch.requestRead();
    batch.requestRead();
    batch.end(fakeResponse('a', log), 'A');
    batch.requestRead();
    batch.end(fakeResponse('b', log), 'B');
    assert.deepEqual(log, [], 'an answer was written before the turn ended');
    assert.equal(held.pending, 1, 'one flush per turn');
    held.run();
    assert.deepEqual(log, ['a:A', 'b:B']);
    // After the check phase (a create answered by its group commit, say), answers are written at once again.
    batch.end(fakeResponse('c', log), 'C');
    assert.deepEqual(log, ['a:A', 'b:B', 'c:C']);
  });

  it('writes the waiting answers before work scheduled after the I/O runs, even work scheduled earlier', () => {
    const held = heldSchedule();
    const batch = answerBatch(held.schedule);
    const log: string[] = [];
    // A fair turn armed in the previous turn's check phase comes before this turn's flush.
    batch.afterIo(() => log.push('slice'));
    batch.requestRead();
    batch.end(fakeResponse('a', log), 'A');
    held.run();
    assert.deepEqual(log, ['a:A', 'slice']);
  });

  it('skips an answer whose client went away, and writes the others when one cannot be written', () => {
    const held = heldSchedule();
    const batch = answerBatch(held.schedule);
    const log: string[] = [];
    const gone = fakeResponse('gone', log, { destroyed: true });
    const broken = fakeResponse('broken', log, { endThrows: true });
    batch.requestRead();
    batch.end(gone, 'G');
    batch.end(broken, 'X');
    batch.end(fakeResponse('b', log), 'B');
    held.run();
    assert.deepEqual(log, ['b:B']);
    assert.match(String(broken.destroyedWith?.message), /broken cannot be written/);
  });

  it('answers every request of a turn on its own connection (real server, 40 connections at once)', async () => {
    const batch = answerBatch();
    let flushedWithWaiting = 0;
    const server = createServer((req, res) => {
      batch.requestRead();
      req.resume();
      req.on('end', () => {
        const body = JSON.stringify({ path: req.url });
        res.setHeader('content-type', 'application/json');
        res.setHeader('content-length', String(Buffer.byteLength(body)));
        batch.end(res, body);
        if (!res.headersSent) flushedWithWaiting++;
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const agent = new Agent({ keepAlive: true, maxSockets: 40 });
    try {
      const ask = (path: string): Promise<{ status: number; body: string }> =>
        new Promise((resolve, reject) => {
          const req = request({ host: '127.0.0.1', port, path, agent }, (res) => {
            let body = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => (body += chunk));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
          });
          req.on('error', reject);
          req.end();
        });
      for (let round = 0; round < 3; round++) {
        const paths = Array.from({ length: 40 }, (_, i) => `/r${round}/${i}`);
        const answers = await Promise.all(paths.map(ask));
        assert.deepEqual(
          answers.map((a) => (JSON.parse(a.body) as { path: string }).path),
          paths,
        );
        assert.ok(answers.every((a) => a.status === 200));
      }
      assert.ok(flushedWithWaiting > 0, 'no answer ever waited for the end of its turn');
    } finally {
      agent.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
