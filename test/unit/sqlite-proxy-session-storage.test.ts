import { openSqliteStorage } from '../../src/storage/sqlite/open-sqlite-storage.ts';
import { runProxySessionContract } from '../storage/proxy-session-contract.ts';

runProxySessionContract('sqlite :memory:', () => openSqliteStorage({ file: ':memory:' }));
