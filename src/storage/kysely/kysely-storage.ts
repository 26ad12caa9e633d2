/** A `Storage` over any kysely database: the dialect is chosen by whoever builds the `Kysely`. */
import { sql, type Kysely } from 'kysely';
import type { Repositories, Storage } from '../ports.ts';
import { KyselyBulkRepository } from './bulk-repository.ts';
import { KyselyJobRepository } from './job-repository.ts';
import { KyselyMetaRepository } from './meta-repository.ts';
import { KyselyOrderRepository } from './order-repository.ts';
import { KyselyPhoneNumberRepository } from './phone-number-repository.ts';
import { KyselyPhoneNumberSettingsRepository } from './phone-number-settings-repository.ts';
import type { DatabaseSchema } from './schema.ts';

/** The repositories bound to `db`, which may be a `Transaction`. */
export function repositoriesFor(db: Kysely<DatabaseSchema>): Repositories {
  return {
    orders: new KyselyOrderRepository(db),
    meta: new KyselyMetaRepository(db),
    phoneNumbers: new KyselyPhoneNumberRepository(db),
    jobs: new KyselyJobRepository(db),
    bulk: new KyselyBulkRepository(db),
    phoneNumberSettings: new KyselyPhoneNumberSettingsRepository(db),
  };
}

/**
 * Wraps a migrated kysely database as `Storage`. The storage owns `db`: `close()` destroys it.
 * @param db a database whose schema is already at the latest migration.
 */
export function createKyselyStorage(db: Kysely<DatabaseSchema>): Storage {
  const repos = repositoriesFor(db);
  return {
    orders: repos.orders,
    meta: repos.meta,
    phoneNumbers: repos.phoneNumbers,
    jobs: repos.jobs,
    bulk: repos.bulk,
    phoneNumberSettings: repos.phoneNumberSettings,
    transaction<T>(work: (repos: Repositories) => Promise<T>): Promise<T> {
      return db.transaction().execute((trx) => work(repositoriesFor(trx)));
    },
    async ping(): Promise<void> {
      await sql`select 1`.execute(db);
    },
    async close(): Promise<void> {
      await db.destroy();
    },
  };
}
