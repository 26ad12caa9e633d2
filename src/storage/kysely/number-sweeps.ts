/**
 * What time alone completes on owned numbers, a bounded batch per call: queued deletions whose time has come are
 * released, and calling-name updates whose propagation delay has passed succeed. Conditional per row, so that
 * concurrent sweepers complete each record once; on PostgreSQL they skip the rows another sweeper holds.
 */
import { sql, type Kysely } from 'kysely';
import type { OwnedNumber } from '../../domain/phone-numbers/phone-number.ts';
import type { DatabaseSchema } from './schema.ts';
import { toOwnedNumber } from './number-rows.ts';

/** See `OwnedNumbers.releaseDue`; `rowLocks`: skip the rows that another transaction holds (PostgreSQL). */
export async function releaseDue(db: Kysely<DatabaseSchema>, rowLocks: boolean, now: Date, limit: number): Promise<OwnedNumber[]> {
  let due = db
    .selectFrom('phone_numbers')
    .select('id')
    .where('deletion_at', '<=', now.getTime())
    .where('active', '=', sql.lit(1))
    .where('status', '=', 'DeleteInProgress')
    .limit(limit);
  if (rowLocks) due = due.forUpdate().skipLocked();
  const rows = await db
    .updateTable('phone_numbers')
    .set((eb) => ({ active: 0, released_at: eb.ref('deletion_at'), deletion_at: null, updated_at: now.getTime() }))
    .where('id', 'in', due)
    // Repeated outside the subquery: a row that another sweeper released meanwhile no longer matches.
    .where('active', '=', sql.lit(1))
    .where('status', '=', 'DeleteInProgress')
    .where('deletion_at', '<=', now.getTime())
    .returningAll()
    .execute();
  return rows.map(toOwnedNumber);
}

/** See `OwnedNumbers.completeCallingNames`; `rowLocks` as for `releaseDue`. */
export async function completeCallingNames(db: Kysely<DatabaseSchema>, rowLocks: boolean, now: Date, limit: number): Promise<OwnedNumber[]> {
  let due = db
    .selectFrom('phone_numbers')
    .select('id')
    .where('calling_name_due_at', '<=', now.getTime())
    .limit(limit);
  if (rowLocks) due = due.forUpdate().skipLocked();
  const rows = await db
    .updateTable('phone_numbers')
    .set((eb) => ({
      calling_name_status: 'UpdateSucceeded',
      // updatedAt becomes the due time unless the record changed later (never backwards).
      updated_at: eb
        .case()
        .when('calling_name_due_at', '>', eb.ref('updated_at'))
        .then(eb.ref('calling_name_due_at').$notNull())
        .else(eb.ref('updated_at'))
        .end(),
      calling_name_due_at: null,
    }))
    .where('id', 'in', due)
    .where('calling_name_due_at', '<=', now.getTime())
    .returningAll()
    .execute();
  return rows.map(toOwnedNumber);
}
