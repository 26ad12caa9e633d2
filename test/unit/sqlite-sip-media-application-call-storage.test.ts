import { openSqliteStorage } from '../../src/storage/sqlite/open-sqlite-storage.ts';
import { runSipMediaApplicationCallContract } from '../storage/sip-media-application-call-contract.ts';

runSipMediaApplicationCallContract('sqlite :memory:', () => openSqliteStorage({ file: ':memory:' }));
