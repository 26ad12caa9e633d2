import { openSqliteStorage } from '../../src/storage/sqlite/open-sqlite-storage.ts';
import { runSipContract } from '../storage/sip-contract.ts';

runSipContract('sqlite :memory:', () => openSqliteStorage({ file: ':memory:' }));
