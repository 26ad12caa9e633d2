/** The console overview's storage contract on SQLite. */
import { openSqliteStorage } from '../../src/storage/sqlite/open-sqlite-storage.ts';
import { runOverviewContract } from '../storage/overview-contract.ts';

runOverviewContract('sqlite :memory:', () => openSqliteStorage({ file: ':memory:' }));
