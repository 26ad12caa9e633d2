/**
 * Console sessions on a real database (app/console-sessions.ts over the storage's `consoleSessions`): what is stored
 * (never the token), how a session ends (sign-out, expiry, idle time, its key disabled, removed or moved, its account
 * suspended), a rotated key's former secret during its grace, the sweep of ended sessions. Run on SQLite and PostgreSQL.
 */
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Credential } from '../../src/auth/credentials.ts';
import { ConsoleSessions, hashToken } from '../../src/app/console-sessions.ts';
import { cryptoIds } from '../../src/domain/shared/ids.ts';
import type { Storage } from '../../src/storage/storage.ts';

const MINUTE = 60_000;

export function runConsoleSessionContract(name: string, openStorage: () => Promise<Storage>): void {
  describe(`${name}: console sessions`, () => {
    let storage: Storage;
    let now: number;
    const keys = new Map<string, Credential>();
    let sessions: ConsoleSessions;

    afterEach(() => storage.close());
    beforeEach(async () => {
      storage = await openStorage();
      // A database shared by the tests (PostgreSQL's): no session of an earlier test.
      await storage.consoleSessions.deleteEnded(new Date(8.64e15), new Date(8.64e15), 1_000_000);
      now = Date.parse('2026-12-01T00:00:00Z');
      keys.clear();
      keys.set('AKIDA', { accessKeyId: 'AKIDA', secretAccessKey: 'secret-a', accountId: '111111111111' });
      sessions = new ConsoleSessions({
        repository: storage.consoleSessions,
        credentials: { lookup: (id) => keys.get(id) },
        now: () => new Date(now),
        ids: cryptoIds,
        sessionMs: 60 * MINUTE,
        idleMs: 15 * MINUTE,
      });
    });

    async function open(): Promise<string> {
      const opened = await sessions.signIn('AKIDA', 'secret-a');
      assert.ok('token' in opened);
      return opened.token;
    }

    it('stores the SHA-256 of the token, never the token', async () => {
      const token = await open();
      const stored = await storage.consoleSessions.find(token);
      assert.equal(stored, undefined, 'the token itself finds nothing');
      const active = await sessions.resolve(token);
      assert.equal(active?.session.accountId, '111111111111');
      assert.equal((await storage.consoleSessions.find(hashToken(token)))?.accessKeyId, 'AKIDA');
      assert.equal(active?.session.expiresAt.getTime(), now + 60 * MINUTE);
    });

    it('refuses a wrong secret, an unknown key, a disabled key and a suspended account', async () => {
      assert.deepEqual(await sessions.signIn('AKIDA', 'secret-b'), { refused: 'wrong-secret' });
      assert.deepEqual(await sessions.signIn('AKIDX', 'secret-a'), { refused: 'unknown-key' });
      keys.set('AKIDA', { ...keys.get('AKIDA')!, enabled: false });
      assert.deepEqual(await sessions.signIn('AKIDA', 'secret-a'), { refused: 'key-disabled' });
      keys.set('AKIDA', { ...keys.get('AKIDA')!, enabled: true, account: { enabled: false } });
      assert.deepEqual(await sessions.signIn('AKIDA', 'secret-a'), { refused: 'account-suspended' });
    });

    it('accepts a rotated key\'s former secret until its grace ends', async () => {
      keys.set('AKIDA', { ...keys.get('AKIDA')!, secretAccessKey: 'secret-new', previousSecret: { secretAccessKey: 'secret-a', validUntil: now + MINUTE } });
      assert.ok('token' in (await sessions.signIn('AKIDA', 'secret-a')));
      now += 2 * MINUTE;
      assert.deepEqual(await sessions.signIn('AKIDA', 'secret-a'), { refused: 'wrong-secret' });
      assert.ok('token' in (await sessions.signIn('AKIDA', 'secret-new')));
    });

    for (const [what, change] of [
      ['disabled', (k: Credential) => ({ ...k, enabled: false })],
      ['moved to another account', (k: Credential) => ({ ...k, accountId: '222222222222' })],
      ['of a suspended account', (k: Credential) => ({ ...k, account: { enabled: false } })],
    ] as const) {
      it(`ends a session whose key is ${what}, for good`, async () => {
        const token = await open();
        keys.set('AKIDA', change(keys.get('AKIDA')!));
        assert.equal(await sessions.resolve(token), undefined);
        keys.set('AKIDA', { accessKeyId: 'AKIDA', secretAccessKey: 'secret-a', accountId: '111111111111' });
        assert.equal(await sessions.resolve(token), undefined, 'restoring the key does not reopen the session');
      });
    }

    it('ends a session whose key was removed, and at sign-out', async () => {
      const first = await open();
      keys.delete('AKIDA');
      assert.equal(await sessions.resolve(first), undefined);
      keys.set('AKIDA', { accessKeyId: 'AKIDA', secretAccessKey: 'secret-a', accountId: '111111111111' });
      const second = await open();
      await sessions.signOut(second);
      assert.equal(await sessions.resolve(second), undefined);
    });

    it('keeps an active session until its end, ends an idle one, and sweeps both', async () => {
      const idle = await open();
      const busy = await open();
      for (let minute = 10; minute <= 50; minute += 10) {
        now += 10 * MINUTE;
        assert.ok(await sessions.resolve(busy), `minute ${minute}`);
      }
      assert.equal((await storage.consoleSessions.find(hashToken(busy)))?.lastSeenAt.getTime(), now, 'a request of the session was recorded');
      // The idle one ended but was not looked at since: the sweep removes it; the busy one stays.
      assert.equal(await sessions.sweep(), 1);
      assert.equal(await sessions.resolve(idle), undefined);
      now += 10 * MINUTE;
      assert.equal(await sessions.resolve(busy), undefined, 'an hour after sign-in');
      assert.equal(await sessions.sweep(), 0);
    });

    it('ignores tokens that are not tokens', async () => {
      for (const token of [undefined, '', 'x', 'a'.repeat(44), "'; drop table console_sessions; --"]) {
        assert.equal(await sessions.resolve(token), undefined);
      }
    });
  });
}
