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
import { packed, packedPage, rowMaker, unpackedPage } from './packed-rows.ts';
import { recordFields } from './record-text.ts';
import type { ElementType } from './pg-arrays.ts';

const PACKED_COLUMNS = PHONE_NUMBER_COLUMNS.map((column) => `p.${column}`);
/** PostgreSQL's coalesced listings: a page's columns, read as one row value (see {@link manyTemplate}). */
const ROW_COLUMNS = PHONE_NUMBER_COLUMNS.map((column) => sql.ref(`page.${column}`));
/** The record of one row value's fields, in {@link ROW_COLUMNS}' order. */
const makeRecord = rowMaker(PHONE_NUMBER_COLUMNS);
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

/**
 * Whether a listing reads anything: not for a page of 0 or an empty list of product types.
 * @throws RangeError for a limit that is not a non-negative integer
 */
export function readsRows(options: ListNumbersOptions): boolean {
  const { limit, productTypes } = options;
  if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`list limit must be a non-negative integer, got ${limit}`);
  return limit > 0 && productTypes?.length !== 0;
}

function shapeOf(options: ListNumbersOptions, packedRows: boolean): ListShape {
  const { after, status, productType, productTypes } = options;
  return {
    status: status !== undefined,
    productType: productType !== undefined,
    productTypes: productTypes?.length ?? 0,
    after: after !== undefined,
    packed: packedRows,
    ...(options.associatedWith !== undefined && { associatedWith: options.associatedWith.kind }),
  };
}

/** Up to `limit` of the account's listed numbers (see `OwnedNumbers.listListed`). */
export async function listListed(
  db: Kysely<DatabaseSchema>,
  accountId: string,
  options: ListNumbersOptions,
  packedRows: boolean,
): Promise<OwnedNumber[]> {
  if (!readsRows(options)) return [];
  const rows = await listTemplate(shapeOf(options, packedRows)).execute(db, listArguments(accountId, options));
  return (packedRows ? unpackedPage<Selectable<PhoneNumbersTable>>(rows, PHONE_NUMBER_COLUMNS, PAGE_ORDER) : (rows as Selectable<PhoneNumbersTable>[])).map(
    toOwnedNumber,
  );
}

/** A listing of `listListedEach`: whose, and what. */
export interface Listing {
  accountId: string;
  options: ListNumbersOptions;
}

/**
 * PostgreSQL: the pages of several listings in one statement per shape (the listings coalesced in one turn; see
 * {@link manyTemplate}); at each listing's position, its page. Each listing must read rows ({@link readsRows}).
 */
export async function listListedEach(db: Kysely<DatabaseSchema>, listings: readonly Listing[]): Promise<OwnedNumber[][]> {
  const pages: OwnedNumber[][] = listings.map(() => []);
  const byShape = new Map<string, { shape: ListShape; asks: number[] }>();
  listings.forEach((listing, i) => {
    const shape = shapeOf(listing.options, false);
    const key = shapeKey(shape);
    const group = byShape.get(key);
    if (group === undefined) byShape.set(key, { shape, asks: [i] });
    else group.asks.push(i);
  });
  await Promise.all(
    [...byShape.values()].map(async ({ shape, asks }) => {
      const columns = asks.map((i) => listArguments(listings[i]!.accountId, listings[i]!.options));
      const args = [asks, ...argumentTypes(shape).map((_, j) => columns.map((values) => values[j]))];
      for (const row of (await manyTemplate(shape).execute(db, args)) as { ask: number; record: string }[]) {
        const fields = recordFields(row.record, PHONE_NUMBER_COLUMNS.length);
        pages[Number(row.ask)]!.push(toOwnedNumber(makeRecord(fields) as Selectable<PhoneNumbersTable>));
      }
    }),
  );
  return pages;
}

/** The PostgreSQL type of each argument of a listing's template, in {@link listArguments}' order. */
function argumentTypes(shape: ListShape): ElementType[] {
  return [
    'text',
    ...(shape.associatedWith === undefined ? [] : ['text' as const]),
    ...(shape.status ? ['text' as const] : []),
    ...(shape.productType ? ['text' as const] : []),
    ...Array.from({ length: shape.productTypes }, () => 'text' as const),
    ...(shape.after ? ['text' as const] : []),
    'bigint',
    'integer',
  ];
}

/** The statements of {@link listListedEach} built so far, by shape. */
const MANY_TEMPLATES = new Map<string, QueryTemplate<unknown>>();

/**
 * PostgreSQL: the listings of one shape, each one element of zipped arrays (its position, then its arguments in
 * {@link listArguments}' order), each page read by the same query as alone in a lateral subquery whose arguments are
 * the listing's columns. Rows come by listing, then in the page's order; `ask` says whose they are, and each record
 * comes as the text of one row value (record-text.ts): node-postgres makes a string per column, and a batch holds the
 * pages of dozens of requests. A page of 51 numbers through the storage alone (`bench/coalesced-reads.ts --kinds
 * numbers-list`, alternated): dialtone's CPU 160–203 → 64–83 µs, PostgreSQL's 90–147 → 138–145.
 */
function manyTemplate(shape: ListShape): QueryTemplate<unknown> {
  const key = shapeKey(shape);
  let template = MANY_TEMPLATES.get(key);
  if (!template) {
    const types = argumentTypes(shape);
    template = new QueryTemplate((db, arg) => {
      let next = 0;
      const take = (): string => sql.ref(`k.a${next++}`) as unknown as string;
      const page = (shape.associatedWith === undefined ? allListed(db, shape, take) : associated(db, shape, shape.associatedWith, take)).selectAll('p');
      return db
        .with('k', (db) =>
          db.selectNoFrom([
            sql<number>`unnest(${arg(0)}::integer[])`.as('ask'),
            ...types.map((type, i) => sql<string>`unnest(${arg(i + 1)}::${sql.raw(type)}[])`.as(`a${i}`)),
          ]),
        )
        .selectFrom('k')
        .innerJoinLateral(page.as('page'), (join) => join.onTrue())
        .select([sql<number>`k.ask`.as('ask'), sql<string>`row(${sql.join(ROW_COLUMNS)})::text`.as('record')])
        .orderBy('ask')
        .orderBy('page.e164')
        .orderBy('page.id');
    });
    MANY_TEMPLATES.set(key, template);
  }
  return template;
}

function shapeKey(shape: ListShape): string {
  return `${shape.associatedWith ?? ''}:${shape.status}:${shape.productType}:${shape.productTypes}:${shape.after}:${shape.packed}`;
}

/** The listing templates built so far, by shape (a few dozen at most). */
const TEMPLATES = new Map<string, QueryTemplate<unknown>>();

function listTemplate(shape: ListShape): QueryTemplate<unknown> {
  const key = shapeKey(shape);
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
