import { openSqliteStorage } from '../../src/storage/sqlite/open-sqlite-storage.ts';
import { runAccessContract } from '../storage/access-contract.ts';

runAccessContract('sqlite :memory:', () => openSqliteStorage({ file: ':memory:' }));
