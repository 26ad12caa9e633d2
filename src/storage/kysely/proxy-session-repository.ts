/**
 * Proxy sessions on kysely, in dialect-neutral queries. Every read and write filters by `account_id` and
 * `voice_connector_id`; a session is open while its `expires_at` is later than the time asked.
 */
import type { ExpressionBuilder, Kysely, Selectable } from 'kysely';
import type { ProxySessionRepository, SessionScope } from '../../domain/ports/proxy-sessions.ts';
import type { CreationCursor } from '../../domain/ports/voice-connectors.ts';
import { expiresAt, type Capability, type GeoMatchLevel, type NumberSelectionBehavior, type ProxySession } from '../../domain/proxy-sessions/proxy-session.ts';
import { millisOf } from './millis.ts';
import type { DatabaseSchema, ProxySessionsTable } from './schema.ts';

/** `ProxySessionRepository` bound to a database or to one transaction of it. */
export class KyselyProxySessionRepository implements ProxySessionRepository {
  readonly #db: Kysely<DatabaseSchema>;

  /** @param db the database, or a `Transaction` to work inside it. */
  constructor(db: Kysely<DatabaseSchema>) {
    this.#db = db;
  }

  async insert(session: ProxySession): Promise<void> {
    const [first, second] = session.participants;
    await this.#db
      .insertInto('proxy_sessions')
      .values({
        id: session.id,
        account_id: session.accountId,
        voice_connector_id: session.voiceConnectorId,
        name: session.name ?? null,
        capabilities: JSON.stringify(session.capabilities),
        expiry_minutes: session.expiryMinutes,
        expires_at: millis(expiresAt(session)),
        number_selection_behavior: session.numberSelectionBehavior ?? null,
        geo_match_level: session.geoMatchLevel ?? null,
        geo_match_params: session.geoMatchParams === undefined ? null : JSON.stringify(session.geoMatchParams),
        participant_1: first.phoneNumber,
        proxy_1: first.proxyPhoneNumber,
        participant_2: second.phoneNumber,
        proxy_2: second.proxyPhoneNumber,
        created_at: millis(session.createdAt),
        updated_at: millis(session.updatedAt),
      })
      .execute();
  }

  async get(scope: SessionScope, id: string): Promise<ProxySession | undefined> {
    const row = await this.#db.selectFrom('proxy_sessions').selectAll().where(theSession(scope, id)).executeTakeFirst();
    return row && toSession(row);
  }

  async list(scope: SessionScope, options: { open?: boolean; now: Date; after?: CreationCursor; limit: number }): Promise<ProxySession[]> {
    const { open, now, after, limit } = options;
    if (!checkedLimit(limit)) return [];
    let query = this.#scoped(scope).selectAll();
    if (open !== undefined) query = query.where('expires_at', open ? '>' : '<=', millis(now));
    if (after !== undefined) {
      query = query.where(({ eb, refTuple, tuple }) => eb(refTuple('created_at', 'id'), '>', tuple(millis(after.createdAt), after.id)));
    }
    const rows = await query.orderBy('created_at').orderBy('id').limit(limit).execute();
    return rows.map(toSession);
  }

  async update(scope: SessionScope, id: string, changes: { capabilities: Capability[]; expiryMinutes: number; updatedAt: Date }): Promise<ProxySession | undefined> {
    const row = await this.#db
      .updateTable('proxy_sessions')
      .set((eb) => ({
        capabilities: JSON.stringify(changes.capabilities),
        expiry_minutes: changes.expiryMinutes,
        // Counted from the session's creation, as at the create.
        expires_at: eb('created_at', '+', changes.expiryMinutes * 60_000),
        updated_at: millis(changes.updatedAt),
      }))
      .where(theSession(scope, id))
      .returningAll()
      .executeTakeFirst();
    return row && toSession(row);
  }

  async delete(scope: SessionScope, id: string): Promise<boolean> {
    const result = await this.#db.deleteFrom('proxy_sessions').where(theSession(scope, id)).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async openWith(scope: SessionScope, phoneNumbers: readonly string[], now: Date): Promise<ProxySession[]> {
    if (phoneNumbers.length === 0) return [];
    const rows = await this.#scoped(scope)
      .selectAll()
      .where('expires_at', '>', millis(now))
      .where((eb) => eb.or([eb('participant_1', 'in', phoneNumbers), eb('participant_2', 'in', phoneNumbers)]))
      .execute();
    return rows.map(toSession);
  }

  async ofPair(scope: SessionScope, pair: readonly [string, string], limit: number): Promise<ProxySession[]> {
    if (!checkedLimit(limit)) return [];
    const [a, b] = pair;
    const rows = await this.#scoped(scope)
      .selectAll()
      .where((eb) => eb.or([eb.and({ participant_1: a, participant_2: b }), eb.and({ participant_1: b, participant_2: a })]))
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toSession);
  }

  async connectorNumbers(scope: SessionScope): Promise<string[]> {
    const rows = await this.#db
      .selectFrom('phone_number_associations')
      .select('e164')
      .where('account_id', '=', scope.accountId)
      .where('voice_connector_id', '=', scope.voiceConnectorId)
      .orderBy('e164')
      .execute();
    return rows.map((row) => row.e164);
  }

  #scoped(scope: SessionScope) {
    return this.#db.selectFrom('proxy_sessions').where('account_id', '=', scope.accountId).where('voice_connector_id', '=', scope.voiceConnectorId);
  }
}

const millis = (date: Date): number => millisOf(date, 'proxy session timestamp');

/** Whether a read of `limit` rows reads any (false for 0). @throws RangeError unless a non-negative integer */
function checkedLimit(limit: number): boolean {
  if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`list limit must be a non-negative integer, got ${limit}`);
  return limit > 0;
}

/** The condition of every query on one session: its account, its connector and its id. */
function theSession(scope: SessionScope, id: string) {
  return (eb: ExpressionBuilder<DatabaseSchema, 'proxy_sessions'>) => eb.and({ account_id: scope.accountId, voice_connector_id: scope.voiceConnectorId, id });
}

function toSession(row: Selectable<ProxySessionsTable>): ProxySession {
  return {
    id: row.id,
    accountId: row.account_id,
    voiceConnectorId: row.voice_connector_id,
    ...(row.name !== null && { name: row.name }),
    capabilities: JSON.parse(row.capabilities) as Capability[],
    expiryMinutes: Number(row.expiry_minutes),
    ...(row.number_selection_behavior !== null && { numberSelectionBehavior: row.number_selection_behavior as NumberSelectionBehavior }),
    ...(row.geo_match_level !== null && { geoMatchLevel: row.geo_match_level as GeoMatchLevel }),
    ...(row.geo_match_params !== null && { geoMatchParams: JSON.parse(row.geo_match_params) as ProxySession['geoMatchParams'] & object }),
    participants: [
      { phoneNumber: row.participant_1, proxyPhoneNumber: row.proxy_1 },
      { phoneNumber: row.participant_2, proxyPhoneNumber: row.proxy_2 },
    ],
    // Number(): 64-bit integer columns may come back as strings from some drivers.
    createdAt: new Date(Number(row.created_at)),
    updatedAt: new Date(Number(row.updated_at)),
  };
}
