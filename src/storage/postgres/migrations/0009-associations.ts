/**
 * 0009 (PostgreSQL): mirrors sqlite/0009 with byte-ordered keys and bigint milliseconds. SIP media applications, SIP rules, and the associations that put numbers to work. Forward-only.
 * - `sip_media_applications`, `sip_rules`: one row each, unique on (`account_id`, `id`) for the foreign keys below,
 *   listed per account by (`created_at`, `id`). An application's endpoints and tags are JSON arrays. A rule's trigger
 *   (type and value) is unique: one rule per number or host name.
 * - `sip_rule_target_applications`: a rule's applications in order. Foreign keys keep both ends in the rule's account;
 *   an application that a rule targets cannot be deleted; the targets go with their rule.
 * - `phone_number_associations`: at most one per number (the primary key), naming exactly one voice connector, voice
 *   connector group or SIP rule of the number's account. No cascade: the database refuses to delete a connector, group
 *   or rule that still has numbers, so a concurrent delete never leaves a dangling association.
 */
import type { Kysely } from 'kysely';
import { EXACTLY_ONE_TARGET } from '../../sqlite/migrations/0009-associations.ts';
import { key, millis } from './types.ts';

/** Creates the four tables and their indexes. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sip_media_applications')
    .addColumn('id', key, (col) => col.primaryKey())
    .addColumn('account_id', key, (col) => col.notNull())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('aws_region', key, (col) => col.notNull())
    .addColumn('endpoints', 'text', (col) => col.notNull())
    .addColumn('tags', 'text')
    .addColumn('created_at', millis, (col) => col.notNull())
    .addColumn('updated_at', millis, (col) => col.notNull())
    .addUniqueConstraint('sip_media_applications_account_id', ['account_id', 'id'])
    .execute();
  await db.schema
    .createIndex('sip_media_applications_account_created')
    .on('sip_media_applications')
    .columns(['account_id', 'created_at', 'id'])
    .execute();

  await db.schema
    .createTable('sip_rules')
    .addColumn('id', key, (col) => col.primaryKey())
    .addColumn('account_id', key, (col) => col.notNull())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('disabled', 'integer', (col) => col.notNull())
    .addColumn('trigger_type', key, (col) => col.notNull())
    .addColumn('trigger_value', key, (col) => col.notNull())
    .addColumn('created_at', millis, (col) => col.notNull())
    .addColumn('updated_at', millis, (col) => col.notNull())
    .addUniqueConstraint('sip_rules_account_id', ['account_id', 'id'])
    .addUniqueConstraint('sip_rules_trigger', ['trigger_type', 'trigger_value'])
    .execute();
  await db.schema.createIndex('sip_rules_account_created').on('sip_rules').columns(['account_id', 'created_at', 'id']).execute();

  await db.schema
    .createTable('sip_rule_target_applications')
    .addColumn('rule_id', key, (col) => col.notNull())
    .addColumn('account_id', key, (col) => col.notNull())
    .addColumn('sip_media_application_id', key, (col) => col.notNull())
    .addColumn('priority', 'integer', (col) => col.notNull())
    .addColumn('aws_region', key, (col) => col.notNull())
    .addColumn('position', 'integer', (col) => col.notNull())
    .addPrimaryKeyConstraint('sip_rule_target_applications_pk', ['rule_id', 'position'])
    .addForeignKeyConstraint('sip_rule_target_applications_rule', ['account_id', 'rule_id'], 'sip_rules', ['account_id', 'id'], (fk) =>
      fk.onDelete('cascade'),
    )
    .addForeignKeyConstraint(
      'sip_rule_target_applications_application',
      ['account_id', 'sip_media_application_id'],
      'sip_media_applications',
      ['account_id', 'id'],
    )
    .execute();
  await db.schema
    .createIndex('sip_rule_target_applications_application')
    .on('sip_rule_target_applications')
    .columns(['account_id', 'sip_media_application_id'])
    .execute();

  await db.schema
    .createTable('phone_number_associations')
    .addColumn('e164', key, (col) => col.primaryKey())
    .addColumn('account_id', key, (col) => col.notNull())
    .addColumn('voice_connector_id', key)
    .addColumn('voice_connector_group_id', key)
    .addColumn('sip_rule_id', key)
    .addColumn('associated_at', millis, (col) => col.notNull())
    .addCheckConstraint('phone_number_associations_one_target', EXACTLY_ONE_TARGET)
    .addForeignKeyConstraint('phone_number_associations_connector', ['account_id', 'voice_connector_id'], 'voice_connectors', ['account_id', 'id'])
    .addForeignKeyConstraint('phone_number_associations_group', ['account_id', 'voice_connector_group_id'], 'voice_connector_groups', [
      'account_id',
      'id',
    ])
    .addForeignKeyConstraint('phone_number_associations_rule', ['account_id', 'sip_rule_id'], 'sip_rules', ['account_id', 'id'])
    .execute();
  for (const target of ['voice_connector_id', 'voice_connector_group_id', 'sip_rule_id'] as const) {
    await db.schema
      .createIndex(`phone_number_associations_${target}`)
      .on('phone_number_associations')
      .columns(['account_id', target, 'e164'])
      .execute();
  }
}
