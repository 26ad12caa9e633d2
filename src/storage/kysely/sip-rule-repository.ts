/**
 * SIP rules on kysely, in dialect-neutral queries. Every read and write filters by `account_id`; a rule's targets are
 * read and written with it, in their order. The `SipRuleId` associations of numbers live in `phone_number_associations`
 * (one per number, whatever it is associated with). Writes that span statements run in the caller's transaction or in
 * one of their own.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { SipRuleRepository } from '../../domain/ports/sip.ts';
import type { CreationCursor } from '../../domain/ports/voice-connectors.ts';
import type { SipRule, SipRuleTarget, SipRuleTriggerType } from '../../domain/sip/sip.ts';
import type { DatabaseSchema, SipRulesTable } from './schema.ts';
import { millisOf } from './millis.ts';

/** Rules whose targets are read per statement (bound values stay far below SQLite's limits). */
const RULES_PER_READ = 200;

/** `SipRuleRepository` bound to a database or to one transaction of it. */
export class KyselySipRuleRepository implements SipRuleRepository {
  readonly #db: Kysely<DatabaseSchema>;

  /** @param db the database, or a `Transaction` to work inside it. */
  constructor(db: Kysely<DatabaseSchema>) {
    this.#db = db;
  }

  async insert(rule: SipRule): Promise<boolean> {
    return this.#atomically(async (db) => {
      const result = await db
        .insertInto('sip_rules')
        .values({
          id: rule.id,
          account_id: rule.accountId,
          name: rule.name,
          disabled: rule.disabled ? 1 : 0,
          trigger_type: rule.triggerType,
          trigger_value: rule.triggerValue,
          created_at: millis(rule.createdAt),
          updated_at: millis(rule.updatedAt),
        })
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst();
      if (Number(result.numInsertedOrUpdatedRows ?? 0) === 0) return false;
      await writeTargets(db, rule.accountId, rule.id, rule.targets);
      return true;
    });
  }

  async get(accountId: string, id: string): Promise<SipRule | undefined> {
    const row = await this.#db.selectFrom('sip_rules').selectAll().where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
    if (row === undefined) return undefined;
    return toRule(row, (await this.#targetsOf(accountId, [row.id])).get(row.id) ?? []);
  }

  async list(accountId: string, options: { after?: CreationCursor; limit: number; targeting?: string }): Promise<SipRule[]> {
    const { after, limit, targeting } = options;
    if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`list limit must be a non-negative integer, got ${limit}`);
    if (limit === 0) return [];
    let query = this.#db.selectFrom('sip_rules').selectAll().where('account_id', '=', accountId);
    if (after !== undefined) {
      query = query.where(({ eb, refTuple, tuple }) => eb(refTuple('created_at', 'id'), '>', tuple(millis(after.createdAt), after.id)));
    }
    if (targeting !== undefined) {
      query = query.where(({ exists, selectFrom }) =>
        exists(
          selectFrom('sip_rule_target_applications as t')
            .select('t.rule_id')
            .whereRef('t.rule_id', '=', 'sip_rules.id')
            .where('t.account_id', '=', accountId)
            .where('t.sip_media_application_id', '=', targeting),
        ),
      );
    }
    const rows = await query.orderBy('created_at').orderBy('id').limit(limit).execute();
    const targets = await this.#targetsOf(accountId, rows.map((row) => row.id));
    return rows.map((row) => toRule(row, targets.get(row.id) ?? []));
  }

  async replace(accountId: string, id: string, changes: { name: string; disabled: boolean; targets: SipRuleTarget[]; updatedAt: Date }): Promise<boolean> {
    return this.#atomically(async (db) => {
      const result = await db
        .updateTable('sip_rules')
        .set({ name: changes.name, disabled: changes.disabled ? 1 : 0, updated_at: millis(changes.updatedAt) })
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) return false;
      await db.deleteFrom('sip_rule_target_applications').where('account_id', '=', accountId).where('rule_id', '=', id).execute();
      await writeTargets(db, accountId, id, changes.targets);
      return true;
    });
  }

  async delete(accountId: string, id: string): Promise<boolean> {
    return this.#atomically(async (db) => {
      await db.deleteFrom('sip_rule_target_applications').where('account_id', '=', accountId).where('rule_id', '=', id).execute();
      const result = await db.deleteFrom('sip_rules').where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    });
  }

  async count(accountId: string, cap: number): Promise<number> {
    const capped = this.#db
      .selectFrom('sip_rules')
      .select(sql<number>`1`.as('one'))
      .where('account_id', '=', accountId)
      .limit(cap + 1);
    const row = await this.#db.selectFrom(capped.as('t')).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async rulesTargeting(accountId: string, sipMediaApplicationId: string): Promise<string[]> {
    const rows = await this.#db
      .selectFrom('sip_rule_target_applications')
      .select('rule_id')
      .distinct()
      .where('account_id', '=', accountId)
      .where('sip_media_application_id', '=', sipMediaApplicationId)
      .orderBy('rule_id')
      .execute();
    return rows.map((row) => row.rule_id);
  }

  async rulesTriggeredBy(accountId: string, trigger: { type: SipRuleTriggerType; value: string }): Promise<string[]> {
    const rows = await this.#db
      .selectFrom('sip_rules')
      .select('id')
      .where('account_id', '=', accountId)
      .where('trigger_type', '=', trigger.type)
      .where('trigger_value', '=', trigger.value)
      .orderBy('id')
      .execute();
    return rows.map((row) => row.id);
  }

  async associateNumber(accountId: string, ruleId: string, e164: string, at: Date): Promise<boolean> {
    const result = await this.#db
      .insertInto('phone_number_associations')
      .values({ e164, account_id: accountId, voice_connector_id: null, voice_connector_group_id: null, sip_rule_id: ruleId, associated_at: millis(at) })
      .onConflict((oc) => oc.column('e164').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async dissociateNumbers(accountId: string, ruleId: string): Promise<string[]> {
    const rows = await this.#db
      .deleteFrom('phone_number_associations')
      .where('account_id', '=', accountId)
      .where('sip_rule_id', '=', ruleId)
      .returning('e164')
      .execute();
    return rows.map((row) => row.e164).sort();
  }

  /** The targets of the account's rules `ids`, by rule, in position order. */
  async #targetsOf(accountId: string, ids: readonly string[]): Promise<Map<string, SipRuleTarget[]>> {
    const targets = new Map<string, SipRuleTarget[]>();
    for (let start = 0; start < ids.length; start += RULES_PER_READ) {
      const rows = await this.#db
        .selectFrom('sip_rule_target_applications')
        .select(['rule_id', 'sip_media_application_id', 'priority', 'aws_region'])
        .where('account_id', '=', accountId)
        .where('rule_id', 'in', ids.slice(start, start + RULES_PER_READ))
        .orderBy('rule_id')
        .orderBy('position')
        .execute();
      for (const row of rows) {
        const target = { sipMediaApplicationId: row.sip_media_application_id, priority: Number(row.priority), awsRegion: row.aws_region };
        const list = targets.get(row.rule_id);
        if (list === undefined) targets.set(row.rule_id, [target]);
        else list.push(target);
      }
    }
    return targets;
  }

  /** Runs `work` in the current transaction, or in one of its own. */
  #atomically<T>(work: (db: Kysely<DatabaseSchema>) => Promise<T>): Promise<T> {
    return this.#db.isTransaction ? work(this.#db) : this.#db.transaction().execute(work);
  }
}

async function writeTargets(db: Kysely<DatabaseSchema>, accountId: string, ruleId: string, targets: readonly SipRuleTarget[]): Promise<void> {
  if (targets.length === 0) return;
  await db
    .insertInto('sip_rule_target_applications')
    .values(
      targets.map((target, position) => ({
        rule_id: ruleId,
        account_id: accountId,
        sip_media_application_id: target.sipMediaApplicationId,
        priority: target.priority,
        aws_region: target.awsRegion,
        position,
      })),
    )
    .execute();
}

const millis = (date: Date): number => millisOf(date, 'SIP rule timestamp');

function toRule(row: Selectable<SipRulesTable>, targets: SipRuleTarget[]): SipRule {
  return {
    id: row.id,
    accountId: row.account_id,
    name: row.name,
    disabled: Number(row.disabled) === 1,
    triggerType: row.trigger_type as SipRuleTriggerType,
    triggerValue: row.trigger_value,
    targets,
    createdAt: new Date(Number(row.created_at)),
    updatedAt: new Date(Number(row.updated_at)),
  };
}
