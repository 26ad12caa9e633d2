/** Command-line-managed accounts and access keys on kysely, in dialect-neutral queries. */
import type { Kysely, Selectable } from 'kysely';
import type { AccessRepository, StoredAccessKey, StoredAccount } from '../../domain/ports/access.ts';
import type { AccessKeysTable, AccountsTable, DatabaseSchema } from './schema.ts';

/** `AccessRepository` bound to a database or to one transaction of it. */
export class KyselyAccessRepository implements AccessRepository {
  readonly #db: Kysely<DatabaseSchema>;

  /** @param db the database, or a `Transaction` to work inside it. */
  constructor(db: Kysely<DatabaseSchema>) {
    this.#db = db;
  }

  async getAccount(accountId: string): Promise<StoredAccount | undefined> {
    const row = await this.#db.selectFrom('accounts').selectAll().where('account_id', '=', accountId).executeTakeFirst();
    return row && toAccount(row);
  }

  async listAccounts(): Promise<StoredAccount[]> {
    const rows = await this.#db.selectFrom('accounts').selectAll().orderBy('account_id').execute();
    return rows.map(toAccount);
  }

  async insertAccount(account: StoredAccount): Promise<boolean> {
    const result = await this.#db
      .insertInto('accounts')
      .values({
        account_id: account.accountId,
        enabled: account.enabled ? 1 : 0,
        limits: account.limits === undefined ? null : JSON.stringify(account.limits),
        created_at: account.createdAt.getTime(),
        updated_at: account.updatedAt.getTime(),
      })
      .onConflict((oc) => oc.column('account_id').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async setAccountEnabled(accountId: string, enabled: boolean, at: Date): Promise<boolean> {
    const result = await this.#db
      .updateTable('accounts')
      .set({ enabled: enabled ? 1 : 0, updated_at: at.getTime() })
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async getKey(accessKeyId: string): Promise<StoredAccessKey | undefined> {
    const row = await this.#db.selectFrom('access_keys').selectAll().where('access_key_id', '=', accessKeyId).executeTakeFirst();
    return row && toKey(row);
  }

  async listKeys(accountId?: string): Promise<StoredAccessKey[]> {
    let query = this.#db.selectFrom('access_keys').selectAll();
    if (accountId !== undefined) query = query.where('account_id', '=', accountId);
    const rows = await query.orderBy('account_id').orderBy('access_key_id').execute();
    return rows.map(toKey);
  }

  async insertKey(key: StoredAccessKey): Promise<boolean> {
    const result = await this.#db
      .insertInto('access_keys')
      .values({
        access_key_id: key.accessKeyId,
        account_id: key.accountId,
        secret: key.secretCiphertext,
        previous_secret: key.previousSecretCiphertext ?? null,
        previous_valid_until: key.previousValidUntil?.getTime() ?? null,
        enabled: key.enabled ? 1 : 0,
        allow: key.allow === undefined ? null : JSON.stringify(key.allow),
        deny: key.deny.length === 0 ? null : JSON.stringify(key.deny),
        created_at: key.createdAt.getTime(),
        updated_at: key.updatedAt.getTime(),
      })
      .onConflict((oc) => oc.column('access_key_id').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async setKeyEnabled(accessKeyId: string, enabled: boolean, at: Date): Promise<boolean> {
    const result = await this.#db
      .updateTable('access_keys')
      .set({ enabled: enabled ? 1 : 0, updated_at: at.getTime() })
      .where('access_key_id', '=', accessKeyId)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async rotateKey(
    accessKeyId: string,
    change: { secretCiphertext: string; previousSecretCiphertext?: string; previousValidUntil?: Date; at: Date },
  ): Promise<boolean> {
    const result = await this.#db
      .updateTable('access_keys')
      .set({
        secret: change.secretCiphertext,
        previous_secret: change.previousSecretCiphertext ?? null,
        previous_valid_until: change.previousValidUntil?.getTime() ?? null,
        updated_at: change.at.getTime(),
      })
      .where('access_key_id', '=', accessKeyId)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async deleteKey(accessKeyId: string): Promise<boolean> {
    const result = await this.#db.deleteFrom('access_keys').where('access_key_id', '=', accessKeyId).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}

function toAccount(row: Selectable<AccountsTable>): StoredAccount {
  const account: StoredAccount = {
    accountId: row.account_id,
    enabled: Number(row.enabled) === 1,
    createdAt: new Date(Number(row.created_at)),
    updatedAt: new Date(Number(row.updated_at)),
  };
  if (row.limits !== null) account.limits = JSON.parse(row.limits) as Record<string, unknown>;
  return account;
}

function toKey(row: Selectable<AccessKeysTable>): StoredAccessKey {
  const key: StoredAccessKey = {
    accessKeyId: row.access_key_id,
    accountId: row.account_id,
    secretCiphertext: row.secret,
    enabled: Number(row.enabled) === 1,
    deny: row.deny === null ? [] : (JSON.parse(row.deny) as string[]),
    createdAt: new Date(Number(row.created_at)),
    updatedAt: new Date(Number(row.updated_at)),
  };
  if (row.allow !== null) key.allow = JSON.parse(row.allow) as string[];
  if (row.previous_secret !== null && row.previous_valid_until !== null) {
    key.previousSecretCiphertext = row.previous_secret;
    key.previousValidUntil = new Date(Number(row.previous_valid_until));
  }
  return key;
}
