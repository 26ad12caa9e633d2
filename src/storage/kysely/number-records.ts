/**
 * Every record of an account's numbers as stored, owned or not, for `dialtone export` and `dialtone import`: read in
 * the order they were written, and written back so that each number's newest record stays its newest.
 */
import type { Kysely } from 'kysely';
import type { OwnedNumber } from '../../domain/phone-numbers/phone-number.ts';
import type { DatabaseSchema } from './schema.ts';
import { CHUNK, toOwnedNumber } from './number-rows.ts';
import { chunked } from './pg-arrays.ts';

/** Records per read of `recordPages`. */
const RECORDS_PER_READ = 1_000;

/** See `NumberRecords.recordPages`. */
export async function* recordPages(db: Kysely<DatabaseSchema>, accountId: string): AsyncGenerator<OwnedNumber[]> {
  let after: { e164: string; id: number } | undefined;
  for (;;) {
    // Keyset pages by (number, row id) along the account's (account_id, e164) index, so that no single result holds
    // a large account whole and each page reads only its own rows. (A page by the row id alone was read through that
    // index and sorted whole: every page read the whole account, and a million numbers took minutes.) The row id is
    // the order of writing, so each number's records come oldest first.
    let page = db.selectFrom('phone_numbers').selectAll().where('account_id', '=', accountId);
    if (after !== undefined) {
      const { e164, id } = after;
      page = page.where((eb) => eb(eb.refTuple('e164', 'id'), '>', eb.tuple(e164, id)));
    }
    const rows = await page.orderBy('e164').orderBy('id').limit(RECORDS_PER_READ).execute();
    if (rows.length > 0) yield rows.map(toOwnedNumber);
    const last = rows[rows.length - 1];
    if (rows.length < RECORDS_PER_READ || last === undefined) return;
    after = { e164: last.e164, id: Number(last.id) };
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
