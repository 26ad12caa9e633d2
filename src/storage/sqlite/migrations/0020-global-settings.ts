/**
 * 0020: `global_settings`, an account's global settings (UpdateGlobalSettings): the S3 buckets its voice connectors'
 * and Business Calling's call detail records would go to, each null when unset. One row per account, written when the
 * settings are first updated. Forward-only; the same in both dialects.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('global_settings')
    .addColumn('account_id', 'text', (col) => col.primaryKey())
    .addColumn('voice_connector_cdr_bucket', 'text')
    .addColumn('business_calling_cdr_bucket', 'text')
    .addColumn('updated_at', 'integer', (col) => col.notNull())
    .execute();
}
