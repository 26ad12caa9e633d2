/**
 * Every record of an account's numbers as stored, owned or not, for `dialtone export` and `dialtone import`: read in
 * the order they were written, and written back so that each number's newest record stays its newest.
 */
import type { Kysely } from 'kysely';
import type { OwnedNumber } from '../../domain/phone-numbers/phone-number.ts';
import type { DatabaseSchema } from './schema.ts';
import { CHUNK, toOwnedNumber } from './number-rows.ts';
import { chunked } from './pg-arrays.ts';

/** Records per read of `recordsOf`. */
const RECORDS_PER_READ = 1_000;

/** See `NumberRecords.recordsOf`. */
export async function recordsOf(db: Kysely<DatabaseSchema>, accountId: string): Promise<OwnedNumber[]> {
  const out: OwnedNumber[] = [];
  let after = -1;
  for (;;) {
    // Keyset pages by the row id (the order of writing), so that no single result holds a large account whole.
    const rows = await db
      .selectFrom('phone_numbers')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('id', '>', after)
      .orderBy('id')
      .limit(RECORDS_PER_READ)
      .execute();
    out.push(...rows.map(toOwnedNumber));
    if (rows.length < RECORDS_PER_READ) return out;
    after = Number(rows[rows.length - 1]!.id);
  }
}

/** See `NumberRecords.insertRecords`. */
export async function insertRecords(db: Kysely<DatabaseSchema>, records: readonly OwnedNumber[]): Promise<void> {
  // Rounds: the first record of every number, then the second of those that have one, and so on. A statement then
  // holds at most one record of a number, so its records get ascending ids whatever order a statement's rows are
  // numbered in, and a number's newest record stays its newest.
  const rounds: OwnedNumber[][] = [];
  const seen = new Map<string, number>();
  for (const record of records) {
    const round = seen.get(record.e164) ?? 0;
    seen.set(record.e164, round + 1);
    (rounds[round] ??= []).push(record);
  }
  for (const chunk of rounds.flatMap((round) => chunked(round, CHUNK))) {
    await db
      .insertInto('phone_numbers')
      .values(
        chunk.map((r) => ({
          e164: r.e164,
          account_id: r.accountId,
          order_id: r.orderId ?? null,
          status: r.status,
          active: r.active === false ? 0 : 1,
          product_type: r.productType,
          number_type: r.type,
          country: r.country,
          created_at: r.createdAt.getTime(),
          updated_at: r.updatedAt.getTime(),
          released_at: r.releasedAt?.getTime() ?? null,
          calling_name: r.callingName ?? null,
          calling_name_status: r.callingNameStatus ?? null,
          calling_name_due_at: r.callingNameDueAt?.getTime() ?? null,
          deletion_at: r.deletionAt?.getTime() ?? null,
          name: r.name ?? null,
        })),
      )
      .execute();
  }
}
