/**
 * 0021: `voice_profile_domains`, the accounts' voice profile domains (CreateVoiceProfileDomain): one row each, in the
 * region of the request that created it, listed per account and region by (`created_at`, `id`). Tags are a JSON array
 * or null. A create's `client_request_token`, when it had one, is unique in its account and region, so a retry finds
 * the domain it made. Forward-only; the same in both dialects.
 */
import type { Kysely } from 'kysely';
import { key, millis } from './types.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('voice_profile_domains')
    .addColumn('id', key, (col) => col.primaryKey())
    .addColumn('account_id', key, (col) => col.notNull())
    .addColumn('region', key, (col) => col.notNull())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('description', 'text')
    .addColumn('kms_key_arn', 'text', (col) => col.notNull())
    .addColumn('client_request_token', key)
    .addColumn('tags', 'text')
    .addColumn('created_at', millis, (col) => col.notNull())
    .addColumn('updated_at', millis, (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('voice_profile_domains_account_created')
    .on('voice_profile_domains')
    .columns(['account_id', 'region', 'created_at', 'id'])
    .execute();
  await db.schema
    .createIndex('voice_profile_domains_client_request_token')
    .on('voice_profile_domains')
    .columns(['account_id', 'region', 'client_request_token'])
    .unique()
    .where('client_request_token', 'is not', null)
    .execute();
}
