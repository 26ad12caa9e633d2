/**
 * The listing of an account's numbers (`ListPhoneNumbers`): a page of the listed records in E.164 order, either all of
 * the account's or, with an association filter, those associated with one target, read through the association index.
 * Each combination of the optional conditions is a template built and compiled once ({@link QueryTemplate}): a page
 * binds values instead of building and compiling the query through kysely again (a third of the cost of a page of 50).
 * On SQLite a page is read packed, one JSON text for its rows (see packed-rows.ts).
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { OwnedNumber } from '../../domain/phone-numbers/phone-number.ts';
import type { AssociationTarget } from '../../domain/ports/associations.ts';
import type { ListNumbersOptions } from '../../domain/ports/phone-numbers.ts';
import type { DatabaseSchema, PhoneNumbersTable } from './schema.ts';
import { QueryTemplate } from './query-template.ts';
import { TARGET_COLUMNS } from './association-repository.ts';
import { PHONE_NUMBER_COLUMNS, toOwnedNumber } from './number-rows.ts';
import { packed, packedPage, unpackedPage } from './packed-rows.ts';

const PACKED_COLUMNS = PHONE_NUMBER_COLUMNS.map((column) => `p.${column}`);
/** The listing's order in a packed row: E.164, then id (the record's). */
const PAGE_ORDER = [PHONE_NUMBER_COLUMNS.indexOf('e164'), PHONE_NUMBER_COLUMNS.indexOf('id')];

/** Which of the listing's optional conditions a query has: its template is built once per combination. */
interface ListShape {
  status: boolean;
  productType: boolean;
  /** How many product types it keeps to (0: every product type). */
  productTypes: number;
  after: boolean;
  /** With an association filter: the target's kind (its column). */
  associatedWith?: AssociationTarget['kind'];
  /** Rows read packed (SQLite). */
  packed: boolean;
}

/**
 * The arguments of a listing's template, in the order its builder takes them: the account, the association target's
 * id (with a filter), the status, the product type, the product types, the key to start after, the time, the limit.
 */
function listArguments(accountId: string, options: ListNumbersOptions): unknown[] {
  const { after, limit, now, status, productType, productTypes = [] } = options;
  return [
    accountId,
    ...(options.associatedWith === undefined ? [] : [options.associatedWith.id]),
    ...(status === undefined ? [] : [status]),
    ...(productType === undefined ? [] : [productType]),
    ...productTypes,
    ...(after === undefined ? [] : [after]),
    now.getTime(),
    limit,
  ];
}

/** Up to `limit` of the account's listed numbers (see `OwnedNumbers.listListed`). */
export async function listListed(
  db: Kysely<DatabaseSchema>,
  accountId: string,
  options: ListNumbersOptions,
  packedRows: boolean,
): Promise<OwnedNumber[]> {
  const { after, limit, status, productType, productTypes } = options;
  if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`list limit must be a non-negative integer, got ${limit}`);
  if (limit === 0 || productTypes?.length === 0) return [];
  const shape: ListShape = {
    status: status !== undefined,
    productType: productType !== undefined,
    productTypes: productTypes?.length ?? 0,
    after: after !== undefined,
    packed: packedRows,
    ...(options.associatedWith !== undefined && { associatedWith: options.associatedWith.kind }),
  };
  const rows = await listTemplate(shape).execute(db, listArguments(accountId, options));
  return (packedRows ? unpackedPage<Selectable<PhoneNumbersTable>>(rows, PHONE_NUMBER_COLUMNS, PAGE_ORDER) : (rows as Selectable<PhoneNumbersTable>[])).map(
    toOwnedNumber,
  );
}

/** The listing templates built so far, by shape (a few dozen at most). */
const TEMPLATES = new Map<string, QueryTemplate<unknown>>();

function listTemplate(shape: ListShape): QueryTemplate<unknown> {
  const key = `${shape.associatedWith ?? ''}:${shape.status}:${shape.productType}:${shape.productTypes}:${shape.after}:${shape.packed}`;
  let template = TEMPLATES.get(key);
  if (!template) {
    template = new QueryTemplate((db, arg) => {
      let next = 0;
      const take = (): string => arg(next++);
      const query = shape.associatedWith === undefined ? allListed(db, shape, take) : associated(db, shape, shape.associatedWith, take);
      return shape.packed ? packedPage(db, query.select(packed(PACKED_COLUMNS))) : query.selectAll('p');
    });
    TEMPLATES.set(key, template);
  }
  return template;
}

/**
 * Every listed record of the account: its active records not yet released, and the newest record of a number whose
 * order failed to acquire it (nothing newer for that number), in E.164 order.
 */
function allListed(db: Kysely<DatabaseSchema>, shape: ListShape, take: () => string) {
  let query = db.selectFrom('phone_numbers as p').where('p.account_id', '=', take());
  if (shape.status) query = query.where('p.status', '=', take());
  if (shape.productType) query = query.where('p.product_type', '=', take());
  // In the query, not after it: a page holds `limit` visible numbers, and the next key follows the last of them.
  if (shape.productTypes > 0) query = query.where('p.product_type', 'in', Array.from({ length: shape.productTypes }, take));
  if (shape.after) query = query.where('p.e164', '>', take());
  const now = take() as unknown as number;
  return query
    .where((eb) =>
      eb.or([
        eb.and([eb('p.active', '=', sql.lit(1)), eb.or([eb('p.deletion_at', 'is', null), eb('p.deletion_at', '>', now)])]),
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
    .limit(take() as unknown as number);
}

/**
 * The listed numbers associated with one target: driven by the association index (account, target, e164) in E.164
 * order, each joined to its active record; only active records can have associations (see `markAssigned`).
 */
function associated(db: Kysely<DatabaseSchema>, shape: ListShape, kind: AssociationTarget['kind'], take: () => string) {
  let query = db
    .selectFrom('phone_number_associations as a')
    .innerJoin('phone_numbers as p', (join) => join.onRef('p.e164', '=', 'a.e164').onRef('p.account_id', '=', 'a.account_id').on('p.active', '=', sql.lit(1)))
    .where('a.account_id', '=', take())
    .where(`a.${TARGET_COLUMNS[kind]}`, '=', take());
  if (shape.status) query = query.where('p.status', '=', take());
  if (shape.productType) query = query.where('p.product_type', '=', take());
  if (shape.productTypes > 0) query = query.where('p.product_type', 'in', Array.from({ length: shape.productTypes }, take));
  // On both sides: a merge join (PostgreSQL) then starts each index scan at the key instead of at the account's first number.
  if (shape.after) {
    const after = take();
    query = query.where('a.e164', '>', after).where('p.e164', '>', after);
  }
  const now = take() as unknown as number;
  return query
    .where((eb) => eb.or([eb('p.deletion_at', 'is', null), eb('p.deletion_at', '>', now)]))
    .orderBy('a.e164')
    .limit(take() as unknown as number);
}
