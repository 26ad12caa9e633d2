/**
 * Migration 0006 on a database that already has data: a database migrated up to 0005 gets an order and an owned number
 * written as dialtone wrote them before names existed; after the migration both read back without a name, and can be
 * named from then on. Dialect-free: the caller migrates to 0005 and opens the storage.
 */
import assert from 'node:assert/strict';
import { Migrator, sql, type Kysely, type Migration } from 'kysely';
import type { Storage } from '../../src/storage/storage.ts';

/** The migration before names. */
export const BEFORE_NAMES = '0005-usage-counters';

const ACCOUNT = '600600600600';
const ORDER = '0e3d2c1b-aaaa-4bbb-8ccc-0123456789ab';
const E164 = '+12065550600';
const T = Date.UTC(2026, 0, 1);

/** Migrates `db` to 0005 only and writes the rows of an older dialtone. */
export async function writeRowsBeforeNames(db: Kysely<unknown>, migrations: Record<string, Migration>): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: () => Promise.resolve(migrations) } });
  const { error } = await migrator.migrateTo(BEFORE_NAMES);
  if (error !== undefined) throw error;
  await sql`insert into orders (id, account_id, product_type, status, created_at, updated_at)
    values (${ORDER}, ${ACCOUNT}, 'VoiceConnector', 'Successful', ${T}, ${T})`.execute(db);
  await sql`insert into order_numbers (order_id, position, e164, status) values (${ORDER}, 0, ${E164}, 'Acquired')`.execute(db);
  await sql`insert into phone_numbers (e164, account_id, order_id, status, active, product_type, number_type, country, created_at, updated_at)
    values (${E164}, ${ACCOUNT}, ${ORDER}, 'Unassigned', 1, 'VoiceConnector', 'Local', 'US', ${T}, ${T})`.execute(db);
}

/** After the migration: no names on the old rows, and the number takes one. */
export async function assertOldRowsUnnamed(storage: Storage): Promise<void> {
  const order = await storage.orders.get(ACCOUNT, ORDER);
  assert.ok(order);
  assert.equal(Object.hasOwn(order, 'name'), false);
  const number = await storage.phoneNumbers.get(ACCOUNT, E164);
  assert.equal(number?.orderId, ORDER);
  assert.equal(Object.hasOwn(number!, 'name'), false);
  assert.equal(await storage.phoneNumbers.changeName(ACCOUNT, E164, { name: 'Migrated', from: ['Unassigned'], at: new Date(T + 1) }), true);
  assert.equal((await storage.phoneNumbers.get(ACCOUNT, E164))?.name, 'Migrated');
}
