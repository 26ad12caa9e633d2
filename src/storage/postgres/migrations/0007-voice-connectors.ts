/**
 * 0007 (PostgreSQL): voice connectors and voice connector groups. Forward-only; mirrors sqlite/0007 with byte-ordered
 * keys and bigint milliseconds: connectors and groups unique on (`account_id`, `id`), listed per account by
 * (`created_at`, `id`); group items with foreign keys that keep both ends in the group's account, refuse to delete a
 * connector that is an item, and go with their group.
 */
import type { Kysely } from 'kysely';
import { key, millis } from './types.ts';

/** Creates the three tables and their indexes. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('voice_connectors')
    .addColumn('id', key, (col) => col.primaryKey())
    .addColumn('account_id', key, (col) => col.notNull())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('aws_region', 'text', (col) => col.notNull())
    .addColumn('require_encryption', 'integer', (col) => col.notNull())
    .addColumn('integration_type', 'text')
    .addColumn('network_type', 'text')
    .addColumn('tags', 'text')
    .addColumn('created_at', millis, (col) => col.notNull())
    .addColumn('updated_at', millis, (col) => col.notNull())
    .addUniqueConstraint('voice_connectors_account_id', ['account_id', 'id'])
    .execute();
  await db.schema.createIndex('voice_connectors_account_created').on('voice_connectors').columns(['account_id', 'created_at', 'id']).execute();

  await db.schema
    .createTable('voice_connector_groups')
    .addColumn('id', key, (col) => col.primaryKey())
    .addColumn('account_id', key, (col) => col.notNull())
    .addColumn('region', 'text', (col) => col.notNull())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('created_at', millis, (col) => col.notNull())
    .addColumn('updated_at', millis, (col) => col.notNull())
    .addUniqueConstraint('voice_connector_groups_account_id', ['account_id', 'id'])
    .execute();
  await db.schema
    .createIndex('voice_connector_groups_account_created')
    .on('voice_connector_groups')
    .columns(['account_id', 'created_at', 'id'])
    .execute();

  await db.schema
    .createTable('voice_connector_group_items')
    .addColumn('group_id', key, (col) => col.notNull())
    .addColumn('account_id', key, (col) => col.notNull())
    .addColumn('voice_connector_id', key, (col) => col.notNull())
    .addColumn('priority', 'integer', (col) => col.notNull())
    .addColumn('position', 'integer', (col) => col.notNull())
    .addPrimaryKeyConstraint('voice_connector_group_items_pk', ['group_id', 'position'])
    .addUniqueConstraint('voice_connector_group_items_once', ['group_id', 'voice_connector_id'])
    .addForeignKeyConstraint('voice_connector_group_items_group', ['account_id', 'group_id'], 'voice_connector_groups', ['account_id', 'id'], (fk) =>
      fk.onDelete('cascade'),
    )
    .addForeignKeyConstraint('voice_connector_group_items_connector', ['account_id', 'voice_connector_id'], 'voice_connectors', ['account_id', 'id'])
    .execute();
  await db.schema
    .createIndex('voice_connector_group_items_connector')
    .on('voice_connector_group_items')
    .columns(['account_id', 'voice_connector_id'])
    .execute();
}
