/** The web console's sessions on kysely (migration 0014). */
import type { Kysely } from 'kysely';
import type { ConsoleSession, ConsoleSessionRepository } from '../../domain/ports/console-sessions.ts';
import type { ConsoleSessionsTable, DatabaseSchema } from './schema.ts';

export class KyselyConsoleSessionRepository implements ConsoleSessionRepository {
  readonly #db: Kysely<DatabaseSchema>;

  constructor(db: Kysely<DatabaseSchema>) {
    this.#db = db;
  }

  async insert(session: ConsoleSession): Promise<void> {
    await this.#db
      .insertInto('console_sessions')
      .values({
        token_hash: session.tokenHash,
        account_id: session.accountId,
        access_key_id: session.accessKeyId,
        csrf_token: session.csrfToken,
        created_at: session.createdAt.getTime(),
        expires_at: session.expiresAt.getTime(),
        last_seen_at: session.lastSeenAt.getTime(),
      })
      .execute();
  }

  async find(tokenHash: string): Promise<ConsoleSession | undefined> {
    const row = await this.#db.selectFrom('console_sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
    return row && fromRow(row);
  }

  async touch(tokenHash: string, at: Date): Promise<void> {
    await this.#db.updateTable('console_sessions').set({ last_seen_at: at.getTime() }).where('token_hash', '=', tokenHash).execute();
  }

  async delete(tokenHash: string): Promise<boolean> {
    const result = await this.#db.deleteFrom('console_sessions').where('token_hash', '=', tokenHash).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async deleteEnded(now: Date, idleSince: Date, limit: number): Promise<number> {
    const ended = this.#db
      .selectFrom('console_sessions')
      .select('token_hash')
      .where((eb) => eb.or([eb('expires_at', '<=', now.getTime()), eb('last_seen_at', '<', idleSince.getTime())]))
      .limit(limit);
    const result = await this.#db.deleteFrom('console_sessions').where('token_hash', 'in', ended).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

function fromRow(row: ConsoleSessionsTable): ConsoleSession {
  return {
    tokenHash: row.token_hash,
    accountId: row.account_id,
    accessKeyId: row.access_key_id,
    csrfToken: row.csrf_token,
    createdAt: new Date(Number(row.created_at)),
    expiresAt: new Date(Number(row.expires_at)),
    lastSeenAt: new Date(Number(row.last_seen_at)),
  };
}
