/**
 * Console sessions on SQLite (the contract of test/storage/console-session-contract.ts), and the console's door:
 * loopback only unless allowed, and a clear answer when the console is not built.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { ConsoleAssets } from '../../../src/gateway/console/assets.ts';
import { consoleHandler, type ConsoleCall } from '../../../src/gateway/console/console-endpoint.ts';
import { ServiceError } from '../../../src/protocol/errors.ts';
import { openSqliteStorage } from '../../../src/storage/sqlite/open-sqlite-storage.ts';
import { runConsoleSessionContract } from '../../storage/console-session-contract.ts';

runConsoleSessionContract('sqlite', () => openSqliteStorage({ file: ':memory:' }));

describe('the console\'s door', () => {
  const sessions = { signIn: () => Promise.reject(new Error('unused')), resolve: () => Promise.resolve(undefined), signOut: () => Promise.resolve() };
  const call = (remoteAddress: string, target: string): ConsoleCall => ({
    req: { socket: { remoteAddress }, headers: {}, method: 'GET' } as unknown as IncomingMessage,
    method: 'GET',
    target,
    readBody: () => Promise.resolve(Buffer.alloc(0)),
    checkFailures: () => undefined,
    failed: () => undefined,
    answerApi: () => Promise.reject(new Error('unused')),
    identified: () => undefined,
  });
  const options = { sessions, assets: new ConsoleAssets(() => undefined), secureCookies: false, sessionSeconds: 60, region: 'us-east-1' };

  it('answers only loopback unless allowed', async () => {
    const closed = consoleHandler({ ...options, allowRemote: false });
    for (const address of ['10.0.0.5', '::ffff:192.168.1.2', '2001:db8::1']) {
      await assert.rejects(closed(call(address, '/_dialtone/console/session')), (e: unknown) => e instanceof ServiceError && e.status === 403 && e.type === 'ForbiddenException');
    }
    for (const address of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) {
      await assert.rejects(closed(call(address, '/_dialtone/console/session')), (e: unknown) => e instanceof ServiceError && e.status === 401);
    }
    const open = consoleHandler({ ...options, allowRemote: true });
    await assert.rejects(open(call('10.0.0.5', '/_dialtone/console/session')), (e: unknown) => e instanceof ServiceError && e.status === 401);
  });

  it('says how to build the console when it is not built', async () => {
    const handler = consoleHandler({ ...options, allowRemote: false });
    await assert.rejects(handler(call('127.0.0.1', '/_dialtone/console/')), (e: unknown) => e instanceof ServiceError && e.status === 503 && /npm run build/.test(e.message));
  });
});
