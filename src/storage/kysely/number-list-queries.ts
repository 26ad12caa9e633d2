/**
 * The listing of an account's numbers (`ListPhoneNumbers`): a page of the listed records in E.164 order, either all of
 * the account's or, with an association filter, those associated with one target, read through the association index.
 */
import { sql, type Kysely } from 'kysely';
import type { OwnedNumber } from '../../domain/phone-numbers/phone-number.ts';
import type { AssociationTarget } from '../../domain/ports/associations.ts';
import type { ListNumbersOptions } from '../../domain/ports/phone-numbers.ts';
import type { DatabaseSchema } from './schema.ts';
import { TARGET_COLUMNS } from './association-repository.ts';
import { toOwnedNumber } from './number-rows.ts';

/** Up to `limit` of the account's listed numbers (see `OwnedNumbers.listListed`). */
export async function listListed(db: Kysely<DatabaseSchema>, accountId: string, options: ListNumbersOptions): Promise<OwnedNumber[]> {
  const { after, limit, now, status, productType, productTypes } = options;
  if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`list limit must be a non-negative integer, got ${limit}`);
  if (limit === 0 || productTypes?.length === 0) return [];
  if (options.associatedWith !== undefined) return listAssociated(db, accountId, options.associatedWith, options);
  let query = db.selectFrom('phone_numbers as p').selectAll('p').where('p.account_id', '=', accountId);
  if (status !== undefined) query = query.where('p.status', '=', status);
  if (productType !== undefined) query = query.where('p.product_type', '=', productType);
  // In the query, not after it: a page holds `limit` visible numbers, and the next key follows the last of them.
  if (productTypes !== undefined) query = query.where('p.product_type', 'in', productTypes);
  if (after !== undefined) query = query.where('p.e164', '>', after);
  const rows = await query
    .where((eb) =>
      eb.or([
        eb.and([
          eb('p.active', '=', sql.lit(1)),
          eb.or([eb('p.deletion_at', 'is', null), eb('p.deletion_at', '>', now.getTime())]),
        ]),
        eb.and([
          eb('p.active', '=', sql.lit(0)),
          eb('p.status', '=', 'AcquireFailed'),
          eb.not(
            eb.exists(
              eb
                .selectFrom('phone_numbers as newer')
                .select('newer.id')
                .whereRef('newer.account_id', '=', 'p.account_id')
                .whereRef('newer.e164', '=', 'p.e164')
                .whereRef('newer.id', '>', 'p.id'),
            ),
          ),
        ]),
      ]),
    )
    .orderBy('p.e164')
    .orderBy('p.id')
    .limit(limit)
    .execute();
  return rows.map(toOwnedNumber);
}

/**
 * The listed numbers associated with `target`: driven by the association index (account, target, e164) in E.164
 * order, each joined to its active record; only active records can have associations (see `markAssigned`).
 */
async function listAssociated(db: Kysely<DatabaseSchema>, accountId: string, target: AssociationTarget, options: ListNumbersOptions): Promise<OwnedNumber[]> {
  const { after, limit, now, status, productType, productTypes } = options;
  let query = db
    .selectFrom('phone_number_associations as a')
    .innerJoin('phone_numbers as p', (join) => join.onRef('p.e164', '=', 'a.e164').onRef('p.account_id', '=', 'a.account_id').on('p.active', '=', sql.lit(1)))
    .selectAll('p')
    .where('a.account_id', '=', accountId)
    .where(`a.${TARGET_COLUMNS[target.kind]}`, '=', target.id);
  // On both sides: a merge join (PostgreSQL) then starts each index scan at the key instead of at the account's first number.
  if (after !== undefined) query = query.where('a.e164', '>', after).where('p.e164', '>', after);
  if (status !== undefined) query = query.where('p.status', '=', status);
  if (productType !== undefined) query = query.where('p.product_type', '=', productType);
  if (productTypes !== undefined) query = query.where('p.product_type', 'in', productTypes);
  const rows = await query
    .where((eb) => eb.or([eb('p.deletion_at', 'is', null), eb('p.deletion_at', '>', now.getTime())]))
    .orderBy('a.e164')
    .limit(limit)
    .execute();
  return rows.map(toOwnedNumber);
}
