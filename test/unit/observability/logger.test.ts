/**
 * The log line of an unexpected failure names the error's code (the driver's or the system's: `SQLITE_BUSY`, a
 * PostgreSQL SQLSTATE, `ECONNRESET`) next to the request id, while secrets and phone numbers stay redacted. Real errors
 * where they are cheap to get: better-sqlite3's SqliteError, pg's DatabaseError, a socket reset by its peer.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, createServer, type AddressInfo } from 'node:net';
import { describe, test } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { createLogger } from '../../../src/observability/logger.ts';

function capture(): { logger: ReturnType<typeof createLogger>; lines: Record<string, unknown>[]; raw: string[] } {
  const raw: string[] = [];
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({
    level: 'info',
    destination: {
      write: (line: string) => {
        raw.push(line);
        lines.push(JSON.parse(line) as Record<string, unknown>);
      },
    },
  });
  return { logger, lines, raw };
}

/** A real SQLITE_BUSY: a second connection tries to write while the first holds the write lock. */
function sqliteBusy(): Error {
  const dir = mkdtempSync(join(tmpdir(), 'dialtone-log-'));
  const file = join(dir, 'busy.sqlite');
  const a = new Database(file, { timeout: 0 });
  const b = new Database(file, { timeout: 0 });
  try {
    a.exec('create table t (x int)');
    a.exec('begin exclusive');
    try {
      b.exec('insert into t values (1)');
    } catch (error) {
      return error as Error;
    }
    throw new Error('the second connection was not refused');
  } finally {
    a.close();
    b.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A real ECONNRESET: a server that resets the connection it accepted. */
async function connectionReset(): Promise<Error> {
  const server = createServer((socket) => socket.resetAndDestroy());
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  try {
    const socket = connect((server.address() as AddressInfo).port, '127.0.0.1');
    const [error] = (await once(socket, 'error')) as [Error];
    return error;
  } finally {
    server.close();
  }
}

describe('error codes in logs', () => {
  test('an error code appears in the log line with the request id: SQLite, PostgreSQL, the network', async () => {
    const busy = sqliteBusy();
    const adminShutdown = new pg.DatabaseError('terminating connection due to administrator command', 0, 'error');
    adminShutdown.code = '57P01';
    const reset = await connectionReset();
    const { logger, lines } = capture();
    for (const [requestId, err] of [['r-sqlite', busy], ['r-pg', adminShutdown], ['r-net', reset]] as const) {
      logger.error({ requestId, status: 503, err }, 'request failed');
    }
    logger.flush();
    const seen = lines.map((line) => ({ requestId: line.requestId, ...(line.err as { type: string; code: string }) }));
    assert.equal(seen[0]!.code, 'SQLITE_BUSY');
    assert.equal(seen[0]!.type, 'SqliteError');
    assert.deepEqual(
      seen.slice(1).map(({ requestId, type, code }) => ({ requestId, type, code })),
      [
        { requestId: 'r-pg', type: 'DatabaseError', code: '57P01' },
        { requestId: 'r-net', type: 'Error', code: 'ECONNRESET' },
      ],
    );
    assert.equal(seen[0]!.requestId, 'r-sqlite');
    for (const line of lines) assert.equal(typeof (line.err as { stack?: unknown }).stack, 'string');
  });

  test('the code of a wrapped error is kept through its cause', () => {
    const { logger, lines } = capture();
    const inner = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    logger.error({ requestId: 'r-1', err: new Error('claiming jobs failed', { cause: inner }) }, 'request failed');
    const err = lines[0]!.err as { code?: string; cause: { code: string; message: string } };
    assert.equal(err.code, undefined);
    assert.equal(err.cause.code, 'ECONNREFUSED');
    assert.equal(err.cause.message, 'connect ECONNREFUSED 127.0.0.1:5432');
  });

  test('secrets and phone numbers stay redacted; no other property of an error is copied', () => {
    const { logger, raw, lines } = capture();
    const error = Object.assign(new Error('duplicate key +12065550100'), {
      code: '23505',
      password: 'hunter2-db-password',
      query: 'insert … secretAccessKey',
      parameters: ['wJalrXUtnFEMI/K7MDENG'],
    });
    logger.error({ requestId: 'r-2', authorization: 'AWS4-HMAC-SHA256 Credential=AKID/…, Signature=abc', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG', err: error }, 'request failed');
    const line = raw.join('');
    assert.doesNotMatch(line, /hunter2|wJalrXUtnFEMI|Signature=abc|5550100/);
    const logged = lines[0]!;
    assert.equal(logged.authorization, '[redacted]');
    assert.equal(logged.secretAccessKey, '[redacted]');
    assert.deepEqual(Object.keys(logged.err as object).sort(), ['code', 'message', 'stack', 'type']);
    assert.equal((logged.err as { message: string }).message, 'duplicate key +1206*******');
    assert.equal((logged.err as { code: string }).code, '23505');
  });
});

describe('every line', () => {
  test('carries its time as ISO 8601 with milliseconds, and masks a phone number in any string field', () => {
    const { logger, lines } = capture();
    const before = Date.now();
    logger.info({ requestId: 'r-1', note: 'ordered +12065550100 and +442071838750', plain: 'no number here' }, 'request');
    const after = Date.now();
    const line = lines[0]!;
    assert.match(String(line.time), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    const at = Date.parse(String(line.time));
    assert.ok(at >= before && at <= after, `${String(line.time)} between ${before} and ${after}`);
    assert.equal(line.note, 'ordered +1206******* and +4420********');
    assert.equal(line.plain, 'no number here');
    assert.equal(line.requestId, 'r-1');
  });
});
