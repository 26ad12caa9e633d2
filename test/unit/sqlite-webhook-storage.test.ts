import { openSqliteStorage } from '../../src/storage/sqlite/open-sqlite-storage.ts';
import { runWebhookContract } from '../storage/webhook-contract.ts';

runWebhookContract('sqlite :memory:', () => openSqliteStorage({ file: ':memory:' }));
