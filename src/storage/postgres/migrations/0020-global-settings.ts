/**
 * 0020: `global_settings`, an account's global settings (UpdateGlobalSettings): the S3 buckets its voice connectors'
 * and Business Calling's call detail records would go to, each null when unset. One row per account, written when the
 * settings are first updated. Forward-only; the same in both dialects.
 */
import type { Kysely } from 'kysely';
import { key, millis } from './types.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('global_settings')
    .addColumn('account_id', key, (col) => col.primaryKey())
    .addColumn('voice_connector_cdr_bucket', 'text')
    .addColumn('business_calling_cdr_bucket', 'text')
    .addColumn('updated_at', millis, (col) => col.notNull())
    .execute();
}
