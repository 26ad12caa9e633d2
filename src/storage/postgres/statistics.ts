/**
 * The query planner's statistics of dialtone's tables on PostgreSQL, gathered on demand. Autovacuum gathers them by
 * itself once enough of a table changed, at its next visit of the database (every minute by default, later on a busy
 * cluster); until then a table loaded in bulk is planned as it was before the load, and a table never analyzed as if
 * nearly every condition picked a few rows. On a young database that plan can be a scan: a page of ListPhoneNumbers
 * over 1,000 freshly seeded numbers cost 736 µs of CPU instead of 541 (docs/performance.md, "A twenty-fifth round").
 * PostgreSQL's documentation advises running ANALYZE after loading data in bulk ("Populating a Database").
 */
import { sql, type Kysely } from 'kysely';
import { TABLE_NAMES, type DatabaseSchema } from '../kysely/schema.ts';

/**
 * ANALYZE of each of dialtone's tables in the current schema (others sharing the database are left alone), one
 * statement each, so that each stays within the pool's statement timeout. A table that fails is skipped.
 */
export async function analyzeTables(db: Kysely<DatabaseSchema>): Promise<void> {
  const { rows } = await sql<{ name: string }>`
    select c.relname as name from pg_class c
    where c.relnamespace = current_schema()::regnamespace and c.relkind = 'r' and c.relname = any(${TABLE_NAMES}::text[])
    order by c.relname`.execute(db);
  for (const { name } of rows) {
    try {
      await sql`analyze ${sql.table(name)}`.execute(db);
    } catch {
      // Left to autovacuum.
    }
  }
}
