/**
 * Phone-number associations on kysely, in dialect-neutral queries: one row per number (the primary key), exactly one
 * target column set, every read and write filtered by `account_id`.
 */
import type { Kysely, Selectable } from 'kysely';
import type { AssociationKind, AssociationRepository, AssociationTarget, NumberAssociation } from '../../domain/ports/associations.ts';
import type { DatabaseSchema, PhoneNumberAssociationsTable } from './schema.ts';
import { QueryTemplate } from './query-template.ts';
import { chunked } from './pg-arrays.ts';

/** Values per IN list, well under every dialect's bound-variable limit. */
const CHUNK = 200;

/** The column of each association kind (each indexed with the account and the number). */
export const TARGET_COLUMNS = {
  VoiceConnectorId: 'voice_connector_id',
  VoiceConnectorGroupId: 'voice_connector_group_id',
  SipRuleId: 'sip_rule_id',
} as const satisfies Record<AssociationKind, string>;

/** The read of the associations of n numbers, by n (at most {@link CHUNK} templates, built on first use). */
const ASSOCIATIONS_OF = new Map<number, QueryTemplate<Selectable<PhoneNumberAssociationsTable>>>();

function associationsTemplate(count: number): QueryTemplate<Selectable<PhoneNumberAssociationsTable>> {
  let template = ASSOCIATIONS_OF.get(count);
  if (template === undefined) {
    const e164s = (arg: (index: number) => string) => Array.from({ length: count }, (_, i) => arg(i));
    template = new QueryTemplate((db, arg) => db.selectFrom('phone_number_associations').selectAll().where('e164', 'in', e164s(arg)));
    ASSOCIATIONS_OF.set(count, template);
  }
  return template;
}

/** A row of `phone_number_associations` as the domain sees it: exactly one target column is set. */
export function toAssociation(row: Pick<Selectable<PhoneNumberAssociationsTable>, 'e164' | 'voice_connector_id' | 'voice_connector_group_id' | 'sip_rule_id' | 'associated_at'>): NumberAssociation {
  const target: AssociationTarget =
    row.voice_connector_id !== null
      ? { kind: 'VoiceConnectorId', id: row.voice_connector_id }
      : row.voice_connector_group_id !== null
        ? { kind: 'VoiceConnectorGroupId', id: row.voice_connector_group_id }
        : { kind: 'SipRuleId', id: row.sip_rule_id ?? '' };
  return { e164: row.e164, target, associatedAt: new Date(Number(row.associated_at)) };
}

/** `AssociationRepository` bound to a database or to one transaction of it. */
export class KyselyAssociationRepository implements AssociationRepository {
  readonly #db: Kysely<DatabaseSchema>;

  constructor(db: Kysely<DatabaseSchema>) {
    this.#db = db;
  }

  async associationsOf(accountId: string, e164s: readonly string[]): Promise<Map<string, NumberAssociation>> {
    const found = new Map<string, NumberAssociation>();
    // By the primary key alone, and the account checked on each row: with `account_id = ?` in the WHERE clause a
    // planner without statistics (a fresh SQLite file) walks one of the (account_id, target, e164) indexes through
    // every association of the account instead of looking the numbers up (10 ms instead of 0.3 ms for 100 numbers
    // with 100,000 associated). The chunks are asked together: on SQLite they run in one turn's read transaction.
    const reads = chunks(e164s).map((chunk) => associationsTemplate(chunk.length).execute(this.#db, chunk));
    for (const rows of await Promise.all(reads)) {
      for (const row of rows) {
        if (row.account_id !== accountId) continue;
        found.set(row.e164, toAssociation(row));
      }
    }
    return found;
  }

  async associate(accountId: string, e164s: readonly string[], target: AssociationTarget, at: Date): Promise<void> {
    const columns = {
      voice_connector_id: target.kind === 'VoiceConnectorId' ? target.id : null,
      voice_connector_group_id: target.kind === 'VoiceConnectorGroupId' ? target.id : null,
      sip_rule_id: target.kind === 'SipRuleId' ? target.id : null,
      associated_at: at.getTime(),
    };
    for (const chunk of chunks([...e164s].sort())) {
      await this.#db
        .insertInto('phone_number_associations')
        .values(chunk.map((e164) => ({ e164, account_id: accountId, ...columns })))
        .onConflict((oc) =>
          oc
            .column('e164')
            .doUpdateSet(columns)
            // Never take over another account's row (a number has one owner; this keeps it so even if that broke).
            .where('phone_number_associations.account_id', '=', accountId),
        )
        .execute();
    }
  }

  async disassociate(accountId: string, e164s: readonly string[], target: AssociationTarget): Promise<Set<string>> {
    const removed = new Set<string>();
    for (const chunk of chunks(e164s)) {
      const rows = await this.#db
        .deleteFrom('phone_number_associations')
        .where('account_id', '=', accountId)
        .where(TARGET_COLUMNS[target.kind], '=', target.id)
        .where('e164', 'in', chunk)
        .returning('e164')
        .execute();
      for (const row of rows) removed.add(row.e164);
    }
    return removed;
  }

  async hasNumbers(accountId: string, target: AssociationTarget): Promise<boolean> {
    const row = await this.#db
      .selectFrom('phone_number_associations')
      .select('e164')
      .where('account_id', '=', accountId)
      .where(TARGET_COLUMNS[target.kind], '=', target.id)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }
}

const chunks = <T>(items: readonly T[]): T[][] => chunked(items, CHUNK);
