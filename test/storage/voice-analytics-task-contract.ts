/**
 * Voice analytics tasks as every `Storage` adapter must keep them, whatever the database: round trips (speaker searches
 * and voice tone analyses, every optional field present or absent, timestamps to the millisecond), reads and stops
 * within one account, connector and kind only, reads of the tasks started strictly after `since`, the account's task
 * of a kind and id on any connector, the account's task of a kind with a `ClientRequestToken` on any connector (the
 * newest), a call's tasks not stopped (of a leg when given), the account's tasks of every connector and kind by pages
 * in (createdAt, id) order, started strictly after `since` (what `dialtone export` reads), a stop that happens once,
 * pruning of one account's tasks started strictly before `before` (at most `limit`, counted), pruning of every
 * account's tasks started at or before `since` (what the reads with that `since` no longer show; oldest first, at most
 * `limit`, counted), the foreign key that refuses a task of a connector of another account (or of none), and the tasks
 * deleted with their connector. Dialect-free: each case uses fresh account ids, random connector, task and transaction
 * ids and random tokens, so it also runs on a shared database (the prune across accounts at times long before the
 * others').
 */
import assert from 'node:assert/strict';
import { randomInt, randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { TaskScope } from '../../src/domain/ports/voice-analytics-tasks.ts';
import { cryptoIds } from '../../src/domain/shared/ids.ts';
import type { VoiceAnalyticsKind, VoiceAnalyticsTask } from '../../src/domain/voice-analytics/voice-analytics-task.ts';
import { newVoiceConnectorId } from '../../src/domain/voice-connectors/voice-connector-id.ts';
import type { Storage } from '../../src/storage/storage.ts';
import { assertPrunedInOrder } from './prune-steps.ts';

const T0 = Date.UTC(2026, 8, 10, 11, 12, 13, 567);
const MIN = 60_000;
const at = (ms: number): Date => new Date(T0 + ms);
/** A `since` long before every task of the contract. */
const LONG_AGO = at(-365 * 24 * 60 * MIN);
const account = (): string => String(randomInt(1e11, 1e12 - 1));
const token = (): string => `token-${randomUUID()}`;
const sortedIds = (tasks: readonly VoiceAnalyticsTask[]): string[] => tasks.map((t) => t.id).sort();

/** A task of the scope's kind on its connector, with the fields of that kind (a speaker search: the Caller leg). */
function task(scope: TaskScope, overrides: Partial<VoiceAnalyticsTask> = {}): VoiceAnalyticsTask {
  return {
    id: randomUUID(),
    kind: scope.kind,
    accountId: scope.accountId,
    voiceConnectorId: scope.voiceConnectorId,
    transactionId: randomUUID(),
    ...(scope.kind === 'speaker-search' ? { callLeg: 'Caller' as const, voiceProfileDomainId: randomUUID(), voiceprint: `vp-${randomUUID()}` } : { languageCode: 'en-US' }),
    createdAt: at(0),
    ...overrides,
  };
}

/** Declares the contract as node:test cases; `open` gives a ready storage that the contract closes. */
export function runVoiceAnalyticsTaskContract(name: string, open: () => Promise<Storage>): void {
  describe(`${name}: voice analytics task contract`, () => {
    let storage: Storage;
    beforeEach(async () => {
      storage = await open();
    });
    afterEach(async () => {
      await storage.close();
    });

    /** A new voice connector of the account, as the scope of its tasks of `kind`. */
    async function connectorOf(accountId: string, kind: VoiceAnalyticsKind = 'speaker-search'): Promise<TaskScope> {
      const id = newVoiceConnectorId(cryptoIds);
      await storage.voiceConnectors.insert({ id, accountId, name: 'analytics trunk', awsRegion: 'us-east-1', requireEncryption: true, tags: [], createdAt: at(-MIN), updatedAt: at(-MIN) });
      return { accountId, voiceConnectorId: id, kind };
    }

    /** The same connector, for tasks of the other kind. */
    const otherKind = (scope: TaskScope): TaskScope => ({ ...scope, kind: scope.kind === 'speaker-search' ? 'voice-tone' : 'speaker-search' });

    /** The task as `get` reads it in its own scope with a `since` long before every task of the contract. */
    const read = (t: VoiceAnalyticsTask) => storage.voiceAnalyticsTasks.get({ accountId: t.accountId, voiceConnectorId: t.voiceConnectorId, kind: t.kind }, t.id, LONG_AGO);

    async function insertAll(tasks: readonly VoiceAnalyticsTask[]): Promise<void> {
      for (const t of tasks) await storage.voiceAnalyticsTasks.insert(t);
    }

    it('round-trips both kinds with every field and with only the required ones, absent fields having no key, timestamps to the millisecond', async () => {
      const scope = await connectorOf(account());
      const tone = otherKind(scope);
      const repo = storage.voiceAnalyticsTasks;
      const search = task(scope, { callLeg: 'Callee', clientRequestToken: 'tok é "quoted"', createdAt: at(1), stoppedAt: at(12_345) });
      const analysis = task(tone, { languageCode: 'en-US', clientRequestToken: token(), createdAt: at(2), stoppedAt: at(3) });
      const bareSearch: VoiceAnalyticsTask = { id: randomUUID(), kind: 'speaker-search', accountId: scope.accountId, voiceConnectorId: scope.voiceConnectorId, transactionId: randomUUID(), createdAt: at(0) };
      const bareAnalysis: VoiceAnalyticsTask = { ...bareSearch, id: randomUUID(), kind: 'voice-tone' };
      await insertAll([search, analysis, bareSearch, bareAnalysis]);

      const got = await read(search);
      assert.deepEqual(got, search);
      assert.ok(got!.createdAt instanceof Date && got!.stoppedAt instanceof Date);
      assert.equal(got!.createdAt.getTime() % 1000, 568, 'milliseconds kept');
      assert.equal(got!.stoppedAt!.getTime(), at(12_345).getTime());
      assert.deepEqual(await read(analysis), analysis);
      for (const bare of [bareSearch, bareAnalysis]) {
        const gotBare = await read(bare);
        assert.deepEqual(gotBare, bare);
        for (const key of ['callLeg', 'voiceProfileDomainId', 'voiceprint', 'languageCode', 'clientRequestToken', 'stoppedAt']) {
          assert.equal(Object.hasOwn(gotBare!, key), false, `no ${key} key when none was given (${bare.kind})`);
        }
      }
      assert.equal(got!.voiceprint, search.voiceprint, 'the voiceprint kept');
      assert.equal(await repo.get(scope, randomUUID(), LONG_AGO), undefined);
      await assert.rejects(repo.insert({ ...bareAnalysis, createdAt: at(5) }), 'an id is stored once');
      await assert.rejects(repo.insert({ ...bareAnalysis, kind: 'speaker-search' }), 'an id is stored once, whatever the kind');
      assert.deepEqual(await read(bareAnalysis), bareAnalysis, 'the refused duplicates changed nothing');
    });

    it("gets, stops and finds a task only in its account, connector and kind; another scope's is not found", async () => {
      const a = account();
      const scope = await connectorOf(a);
      const sibling = await connectorOf(a);
      const repo = storage.voiceAnalyticsTasks;
      const t = task(scope);
      const neighbour = task(sibling, { transactionId: t.transactionId });
      await insertAll([t, neighbour]);
      const strangers: TaskScope[] = [
        sibling,
        otherKind(scope),
        { ...scope, accountId: account() },
        { ...scope, voiceConnectorId: newVoiceConnectorId(cryptoIds) },
        { ...otherKind(sibling), accountId: account() },
      ];
      for (const other of strangers) {
        const label = JSON.stringify(other);
        assert.equal(await repo.get(other, t.id, LONG_AGO), undefined, label);
        assert.deepEqual(await repo.unstopped(other, { transactionId: t.transactionId }, LONG_AGO), other === sibling ? [neighbour] : [], label);
        assert.equal(await repo.stop(other, t.id, at(7)), false, label);
      }
      assert.deepEqual(await read(t), t, 'not stopped by the other scopes');
      assert.deepEqual(await read(neighbour), neighbour);
      assert.deepEqual(await repo.unstopped(scope, { transactionId: t.transactionId }, LONG_AGO), [t]);
    });

    it('gets a task only when it was started strictly after `since`', async () => {
      const scope = await connectorOf(account(), 'voice-tone');
      const repo = storage.voiceAnalyticsTasks;
      const t = task(scope, { createdAt: at(0), stoppedAt: at(10 * MIN) });
      await repo.insert(t);
      const get = (since: Date) => repo.get(scope, t.id, since);
      assert.deepEqual(await get(at(-1)), t, 'started 1 ms after since');
      assert.equal(await get(at(0)), undefined, 'started at since');
      assert.equal(await get(at(1)), undefined, 'started before since');
      assert.equal(await get(at(5 * MIN)), undefined, 'a later stoppedAt does not count');
    });

    it("finds the account's task of a kind by its id on any of its connectors, started strictly after `since`", async () => {
      const a = account();
      const scope = await connectorOf(a);
      const sibling = await connectorOf(a, 'voice-tone');
      const repo = storage.voiceAnalyticsTasks;
      const search = task(scope, { createdAt: at(0), stoppedAt: at(1) });
      const analysis = task(sibling, { createdAt: at(5) });
      await insertAll([search, analysis]);

      assert.deepEqual(await repo.find(a, 'speaker-search', search.id, LONG_AGO), search, 'stopped or not');
      assert.deepEqual(await repo.find(a, 'voice-tone', analysis.id, LONG_AGO), analysis, 'on another connector of the account');
      assert.equal(await repo.find(a, 'voice-tone', search.id, LONG_AGO), undefined, 'another kind');
      assert.equal(await repo.find(a, 'speaker-search', analysis.id, LONG_AGO), undefined);
      assert.equal(await repo.find(account(), 'speaker-search', search.id, LONG_AGO), undefined, 'another account');
      assert.equal(await repo.find(a, 'speaker-search', randomUUID(), LONG_AGO), undefined, 'no such id');
      assert.deepEqual(await repo.find(a, 'voice-tone', analysis.id, at(4)), analysis, 'started 1 ms after since');
      assert.equal(await repo.find(a, 'voice-tone', analysis.id, at(5)), undefined, 'started at since');
      assert.equal(await repo.find(a, 'voice-tone', analysis.id, at(6)), undefined, 'started before since');
    });

    it("finds the account's newest task of a kind by its ClientRequestToken on any of its connectors, started strictly after `since`", async () => {
      const a = account();
      const scope = await connectorOf(a);
      const sibling = await connectorOf(a);
      const stranger = await connectorOf(account());
      const repo = storage.voiceAnalyticsTasks;
      const tok = token();
      const older = task(scope, { clientRequestToken: tok, createdAt: at(0) });
      const newer = task(sibling, { clientRequestToken: tok, createdAt: at(5), stoppedAt: at(6) });
      const tone = task(otherKind(scope), { clientRequestToken: tok, createdAt: at(10) });
      const theirs = task(stranger, { clientRequestToken: tok, createdAt: at(20) });
      const untokened = task(scope, { createdAt: at(30) });
      await insertAll([newer, theirs, tone, untokened, older]);

      assert.deepEqual(await repo.byClientRequestToken(a, 'speaker-search', tok, LONG_AGO), newer, 'the newest, on another connector, stopped or not');
      assert.deepEqual(await repo.byClientRequestToken(a, 'voice-tone', tok, LONG_AGO), tone, 'the kind asked for');
      assert.deepEqual(await repo.byClientRequestToken(stranger.accountId, 'speaker-search', tok, LONG_AGO), theirs, "another account's own");
      assert.equal(await repo.byClientRequestToken(stranger.accountId, 'voice-tone', tok, LONG_AGO), undefined);
      assert.deepEqual(await repo.byClientRequestToken(a, 'speaker-search', tok, at(4)), newer, 'started 1 ms after since');
      assert.equal(await repo.byClientRequestToken(a, 'speaker-search', tok, at(5)), undefined, 'started at since; the older one before it');
      assert.equal(await repo.byClientRequestToken(a, 'voice-tone', tok, at(10)), undefined);
      assert.equal(await repo.byClientRequestToken(a, 'speaker-search', token(), LONG_AGO), undefined, 'another token');
      assert.equal(await repo.byClientRequestToken(account(), 'speaker-search', tok, LONG_AGO), undefined, 'an account without it');

      assert.equal(await storage.voiceConnectors.delete(a, sibling.voiceConnectorId), true);
      assert.deepEqual(await repo.byClientRequestToken(a, 'speaker-search', tok, LONG_AGO), older, 'the newest left once the other went with its connector');
    });

    it("answers a call's tasks not stopped of the connector and kind, of the leg when given, started strictly after `since`", async () => {
      const a = account();
      const scope = await connectorOf(a);
      const tone = otherKind(scope);
      const sibling = await connectorOf(a);
      const stranger = await connectorOf(account());
      const repo = storage.voiceAnalyticsTasks;
      const call = randomUUID();
      const caller = task(scope, { transactionId: call, callLeg: 'Caller', createdAt: at(0) });
      const callee = task(scope, { transactionId: call, callLeg: 'Callee', createdAt: at(1) });
      const earlier = task(scope, { transactionId: call, callLeg: 'Caller', createdAt: at(-10) });
      const stopped = task(scope, { transactionId: call, callLeg: 'Caller', createdAt: at(2), stoppedAt: at(3) });
      const analysis = task(tone, { transactionId: call, createdAt: at(4) });
      const stoppedAnalysis = task(tone, { transactionId: call, createdAt: at(-5), stoppedAt: at(-4) });
      const otherCall = task(scope, { callLeg: 'Caller' });
      const siblings = task(sibling, { transactionId: call, callLeg: 'Caller' });
      const theirs = task(stranger, { transactionId: call, callLeg: 'Caller' });
      await insertAll([callee, stopped, analysis, caller, otherCall, siblings, theirs, stoppedAnalysis, earlier]);
      const unstopped = async (s: TaskScope, c: Parameters<typeof repo.unstopped>[1], since = LONG_AGO) => sortedIds(await repo.unstopped(s, c, since));

      assert.deepEqual(await unstopped(scope, { transactionId: call }), sortedIds([earlier, caller, callee]), 'both legs when none is given; not the stopped one');
      assert.deepEqual(await unstopped(scope, { transactionId: call, callLeg: 'Caller' }), sortedIds([earlier, caller]));
      assert.deepEqual(await repo.unstopped(scope, { transactionId: call, callLeg: 'Callee' }, LONG_AGO), [callee], 'whole tasks');
      assert.deepEqual(await unstopped(scope, { transactionId: call }, at(-10)), sortedIds([caller, callee]), 'started at since: not counted');
      assert.deepEqual(await unstopped(scope, { transactionId: call }, at(-11)), sortedIds([earlier, caller, callee]), 'started 1 ms after since');
      assert.deepEqual(await unstopped(scope, { transactionId: call }, at(1)), [], 'all started at or before since');
      assert.deepEqual(await repo.unstopped(tone, { transactionId: call }, LONG_AGO), [analysis], 'the kind asked for');
      assert.deepEqual(await unstopped(tone, { transactionId: call, callLeg: 'Caller' }), [], 'a voice tone analysis has no leg');
      assert.deepEqual(await unstopped(scope, { transactionId: otherCall.transactionId }), [otherCall.id]);
      assert.deepEqual(await unstopped(scope, { transactionId: randomUUID() }), []);
      assert.deepEqual(await unstopped(sibling, { transactionId: call }), [siblings.id], "the sibling connector's only");
      assert.deepEqual(await unstopped({ ...scope, accountId: stranger.accountId }, { transactionId: call }), [], 'the connector is not of that account');

      assert.equal(await repo.stop(scope, caller.id, at(20)), true);
      assert.deepEqual(await unstopped(scope, { transactionId: call, callLeg: 'Caller' }), [earlier.id], 'a task stopped since is left out');
    });

    it("lists the account's tasks of every connector and kind started strictly after `since`, by (createdAt, id), in pages", async () => {
      const a = account();
      const scope = await connectorOf(a);
      const sibling = await connectorOf(a, 'voice-tone');
      const stranger = await connectorOf(account());
      const repo = storage.voiceAnalyticsTasks;
      // Two tasks of one start, ordered by id; a stopped one; both kinds on both connectors; inserted out of order.
      const twins = [randomUUID(), randomUUID()].sort();
      const listed = [
        task(scope, { createdAt: at(1), stoppedAt: at(2), clientRequestToken: token() }),
        task(otherKind(sibling), { id: twins[0]!, createdAt: at(5) }),
        task(sibling, { id: twins[1]!, createdAt: at(5) }),
        task(otherKind(scope), { createdAt: at(9) }),
      ];
      const early = task(scope, { createdAt: at(0) });
      await insertAll([listed[3]!, early, listed[1]!, task(stranger, { createdAt: at(3) }), listed[0]!, listed[2]!]);

      assert.deepEqual(await repo.list(a, { since: LONG_AGO, limit: 10 }), [early, ...listed], 'whole tasks, oldest first');
      assert.deepEqual(await repo.list(a, { since: at(0), limit: 10 }), listed, 'started at since: left out');
      assert.deepEqual(await repo.list(a, { since: at(-1), limit: 10 }), [early, ...listed], 'started 1 ms after since');
      assert.deepEqual(await repo.list(a, { since: at(9), limit: 10 }), []);
      const first = await repo.list(a, { since: at(0), limit: 2 });
      assert.deepEqual(first, listed.slice(0, 2));
      const last = first.at(-1)!;
      assert.deepEqual(await repo.list(a, { since: at(0), limit: 2, after: { createdAt: last.createdAt, id: last.id } }), listed.slice(2), 'after the twin of the same time');
      assert.deepEqual(await repo.list(a, { since: at(0), limit: 0 }), []);
      await assert.rejects(repo.list(a, { since: at(0), limit: -1 }), RangeError);
      assert.deepEqual(await repo.list(account(), { since: LONG_AGO, limit: 10 }), [], 'an account without tasks');
      assert.equal((await repo.list(stranger.accountId, { since: LONG_AGO, limit: 10 })).length, 1, "the other account's own");
    });

    it('stops a task once: the time of the first stop stays, the second answers false', async () => {
      const scope = await connectorOf(account(), 'voice-tone');
      const repo = storage.voiceAnalyticsTasks;
      const t = task(scope, { clientRequestToken: token(), createdAt: at(1) });
      const other = task(scope, { transactionId: t.transactionId, createdAt: at(2) });
      await insertAll([t, other]);

      assert.equal(await repo.stop(scope, t.id, at(61_001)), true);
      assert.deepEqual(await read(t), { ...t, stoppedAt: at(61_001) }, 'stoppedAt set, nothing else');
      assert.equal(await repo.stop(scope, t.id, at(61_001)), false, 'the same time again');
      assert.equal(await repo.stop(scope, t.id, at(99 * MIN)), false, 'a later time');
      assert.equal(await repo.stop(scope, t.id, at(5)), false, 'an earlier time');
      assert.deepEqual(await read(t), { ...t, stoppedAt: at(61_001) }, 'the first stop stays');
      assert.deepEqual(await read(other), other, 'the other task of the call still runs');
      assert.equal(await repo.stop(scope, randomUUID(), at(9)), false, 'no such task');

      const early = task(scope, { createdAt: at(10) });
      await repo.insert(early);
      assert.equal(await repo.stop(scope, early.id, at(0)), true, 'a time before the start is set as given');
      assert.deepEqual(await read(early), { ...early, stoppedAt: at(0) });
    });

    it("prunes only the account's tasks started before `before`, at most `limit`, and counts them", async () => {
      const a = account();
      const scope = await connectorOf(a);
      const sibling = await connectorOf(a, 'voice-tone');
      const stranger = await connectorOf(account());
      const repo = storage.voiceAnalyticsTasks;
      const before = at(10 * MIN);
      // Old tasks of the account, over two connectors and both kinds, stopped or not, inserted out of start order.
      const old = [
        task(scope, { createdAt: at(3 * MIN), stoppedAt: at(20 * MIN) }),
        task(sibling, { createdAt: at(1 * MIN) }),
        task(otherKind(scope), { createdAt: at(10 * MIN - 1) }),
        task(sibling, { createdAt: at(2 * MIN), stoppedAt: at(2 * MIN) }),
        task(scope, { createdAt: at(0) }),
      ];
      const kept = [task(scope, { createdAt: before }), task(sibling, { createdAt: at(10 * MIN + 1) }), task(otherKind(sibling), { createdAt: at(60 * MIN) })];
      const theirs = task(stranger, { createdAt: at(0) });
      await insertAll([...old, ...kept, theirs]);
      const present = async (tasks: readonly VoiceAnalyticsTask[]): Promise<number> => (await Promise.all(tasks.map(read))).filter((t) => t !== undefined).length;

      assert.equal(await repo.prune(a, before, 0), 0, 'a limit of 0 deletes nothing');
      assert.equal(await present(old), 5);
      assert.equal(await repo.prune(a, before, 2), 2, 'at most limit');
      assert.equal(await present(old), 3, 'two of the old tasks went');
      assert.equal(await repo.prune(a, before, 2), 2);
      assert.equal(await present(old), 1);
      assert.equal(await repo.prune(a, before, 100), 1, 'only what is left');
      assert.equal(await repo.prune(a, before, 100), 0, 'nothing left to prune');
      assert.equal(await present(kept), 3, 'started at or after before: kept (stoppedAt does not count)');
      assert.deepEqual(await read(theirs), theirs, "another account's old task stays");
      assert.equal(await repo.prune(account(), at(120 * MIN), 100), 0, 'an account without tasks');
      assert.equal(await repo.prune(stranger.accountId, before, 100), 1);
      assert.equal(await read(theirs), undefined);
    });

    it('prunes the tasks of every account started at or before `since`, exactly those the reads no longer show, oldest first, at most `limit`', async () => {
      // Long before every other case's tasks (yet after LONG_AGO, for `read`): on a shared database, a prune across
      // accounts reaches only this case's.
      const base = -100 * 24 * 60 * MIN;
      const [a, b] = [account(), account()];
      const mine = await connectorOf(a);
      const theirs = await connectorOf(b, 'voice-tone');
      const repo = storage.voiceAnalyticsTasks;
      const since = at(base + 10 * MIN);
      // Due, by start: the two accounts interleaved, both kinds, stopped or not; the last one started at `since` itself.
      const due = [
        task(theirs, { createdAt: at(base) }),
        task(mine, { createdAt: at(base + MIN), stoppedAt: at(base + 30 * MIN) }),
        task(otherKind(theirs), { createdAt: at(base + 2 * MIN) }),
        task(otherKind(mine), { createdAt: at(base + 3 * MIN) }),
        task(theirs, { createdAt: at(base + 10 * MIN) }),
      ];
      const kept = [task(mine, { createdAt: at(base + 10 * MIN + 1) }), task(theirs, { createdAt: at(base + 60 * MIN) })];
      await insertAll([due[3]!, kept[0]!, due[1]!, due[4]!, kept[1]!, due[0]!, due[2]!]);
      const present = async (tasks: readonly VoiceAnalyticsTask[]): Promise<boolean[]> => (await Promise.all(tasks.map(read))).map((t) => t !== undefined);

      await assertPrunedInOrder((limit) => repo.pruneStartedBy(since, limit), () => present(due), {
        firstTwo: 'the two oldest went, of both accounts',
        last: 'only what is left, the task started at `since` with it',
      });
      assert.deepEqual(await present(kept), [true, true], 'started after `since`: kept');
      for (const t of kept) {
        const { accountId, kind } = t;
        assert.deepEqual(await repo.find(accountId, kind, t.id, since), t, 'what is kept is what a read with the same `since` shows');
      }
      assert.equal(await repo.pruneStartedBy(at(base + 60 * MIN), 100), 2, 'a later `since` reaches the rest');
      assert.deepEqual(await present(kept), [false, false]);
    });

    it("is refused by the database for a connector that is not the account's, and deletes a connector's tasks with it", async () => {
      const [a, b] = [account(), account()];
      const scope = await connectorOf(a);
      const spare = await connectorOf(a);
      const theirs = await connectorOf(b);
      const repo = storage.voiceAnalyticsTasks;
      const t = task(scope);
      // SQLite: "FOREIGN KEY constraint failed"; PostgreSQL: "… violates foreign key constraint …".
      const foreignKey = (error: unknown): boolean => error instanceof Error && /foreign key/i.test(error.message);
      await assert.rejects(repo.insert({ ...t, accountId: b }), foreignKey, "another account's connector");
      await assert.rejects(repo.insert({ ...t, voiceConnectorId: newVoiceConnectorId(cryptoIds) }), foreignKey, 'no connector with that id');
      await assert.rejects(repo.insert({ ...t, accountId: a, voiceConnectorId: theirs.voiceConnectorId }), foreignKey, "b's connector in a's task");
      await repo.insert(t);
      assert.deepEqual(await read(t), t, 'the refused inserts stored nothing (the id was free)');
      assert.equal(await repo.get({ ...scope, accountId: b }, t.id, LONG_AGO), undefined);

      const more = task(otherKind(scope), { transactionId: t.transactionId, createdAt: at(5) });
      const survivor = task(spare);
      await insertAll([more, survivor]);
      assert.equal(await storage.voiceConnectors.delete(b, scope.voiceConnectorId), false, "not b's to delete");
      assert.deepEqual(await read(t), t);
      assert.equal(await storage.voiceConnectors.delete(a, scope.voiceConnectorId), true, 'tasks do not hold their connector back');
      assert.equal(await read(t), undefined, 'gone with its connector');
      assert.equal(await read(more), undefined, 'of either kind');
      assert.deepEqual(await repo.unstopped(scope, { transactionId: t.transactionId }, LONG_AGO), []);
      assert.deepEqual(await read(survivor), survivor, "another connector's task stays");
      assert.equal(await repo.stop(scope, t.id, at(9)), false);
      await assert.rejects(repo.insert(task(scope)), foreignKey, 'the connector is gone');
      assert.equal(await repo.prune(a, at(MIN), 100), 1, 'only the survivor was left to prune');
    });
  });
}
