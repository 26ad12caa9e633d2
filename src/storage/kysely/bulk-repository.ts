/** Bulk loading for demos and benchmarks (`dialtone seed`): many rows per statement, duplicates skipped. */
import type { Kysely } from 'kysely';
import type { BulkRepository, SeedNumber } from '../../domain/ports/bulk.ts';
import type { DatabaseSchema } from './schema.ts';

/** Rows per INSERT (11 values each), well under every dialect's bound-variable limit. */
const ROWS_PER_INSERT = 500;

export class KyselyBulkRepository implements BulkRepository {
  readonly #db: Kysely<DatabaseSchema>;

  constructor(db: Kysely<DatabaseSchema>) {
    this.#db = db;
  }

  async insertOwnedNumbers(rows: SeedNumber[]): Promise<number> {
    let inserted = 0;
    for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
      const result = await this.#db
        .insertInto('phone_numbers')
        .values(
          rows.slice(start, start + ROWS_PER_INSERT).map((r) => ({
            e164: r.e164,
            account_id: r.accountId,
            order_id: null,
            status: 'Unassigned',
            active: 1,
            product_type: r.productType,
            number_type: r.type,
            country: r.country,
            created_at: r.at.getTime(),
            updated_at: r.at.getTime(),
            released_at: null,
          })),
        )
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst();
      inserted += Number(result.numInsertedOrUpdatedRows ?? 0);
    }
    return inserted;
  }
}
