/** Which database failures count as transient (answered 503 with Retry-After rather than 500). */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isTransientStorageError } from '../../src/storage/transient-error.ts';

const coded = (code: string, message = 'x'): Error => Object.assign(new Error(message), { code });

describe('isTransientStorageError', () => {
  test('SQLite busy or locked, with their extended codes', () => {
    for (const code of ['SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_BUSY_TIMEOUT', 'SQLITE_LOCKED', 'SQLITE_LOCKED_SHAREDCACHE']) {
      assert.equal(isTransientStorageError(coded(code)), true, code);
    }
  });

  test('PostgreSQL connection lost or refused, shutting down, too many connections, statement timeout, pool wait', () => {
    for (const code of ['08006', '08003', '57P01', '57P03', '53300', '57014', '40001', '40P01', 'ECONNREFUSED', 'ECONNRESET']) {
      assert.equal(isTransientStorageError(coded(code)), true, code);
    }
    assert.equal(isTransientStorageError(new Error('Connection terminated unexpectedly')), true);
    assert.equal(isTransientStorageError(new Error('timeout exceeded when trying to connect')), true);
  });

  test('a server that stopped answering: no answer within query_timeout, then the connection that this closed', () => {
    assert.equal(isTransientStorageError(new Error('Query read timeout')), true);
    assert.equal(isTransientStorageError(new Error('Client was closed and is not queryable')), true);
    assert.equal(isTransientStorageError(new Error('Query read timeout in the handler')), false, 'exact messages only');
  });

  test('a full disk: SQLite and PostgreSQL', () => {
    for (const code of ['SQLITE_FULL', '53100']) assert.equal(isTransientStorageError(coded(code)), true, code);
  });

  test('found in the cause chain too', () => {
    assert.equal(isTransientStorageError(new Error('outer', { cause: new Error('middle', { cause: coded('SQLITE_BUSY') }) })), true);
  });

  test('errors that a retry would not cure are not transient', () => {
    for (const error of [coded('SQLITE_CONSTRAINT_UNIQUE'), coded('SQLITE_IOERR_WRITE'), coded('SQLITE_CORRUPT'), coded('23505'), coded('53200'), coded('42P01'), new RangeError('Invalid time value'), null, undefined, 'SQLITE_BUSY', 42]) {
      assert.equal(isTransientStorageError(error), false, String((error as { code?: string } | null)?.code ?? error));
    }
  });
});
