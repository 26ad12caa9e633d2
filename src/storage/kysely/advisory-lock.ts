/** PostgreSQL advisory locks by name: the same key on every node, so that nodes sharing a database take the same lock. */
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { DatabaseSchema } from './schema.ts';

/** A stable signed 64-bit advisory-lock key for `name` (as a decimal string), the same on every node. */
export function advisoryKey(name: string): string {
  return createHash('sha256').update(`dialtone:${name}`).digest().readBigInt64BE(0).toString();
}

/** Waits for the transaction-scoped advisory lock `name` (released by COMMIT or ROLLBACK). Call inside a transaction. */
export async function lockForTransaction(trx: Kysely<DatabaseSchema>, name: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(${advisoryKey(name)}::bigint)`.execute(trx);
}
