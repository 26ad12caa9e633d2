import { openSqliteStorage } from '../../src/storage/sqlite/open-sqlite-storage.ts';
import { runPhoneNumberContract } from '../storage/phone-number-contract.ts';

runPhoneNumberContract('sqlite :memory:', () => openSqliteStorage({ file: ':memory:' }));
