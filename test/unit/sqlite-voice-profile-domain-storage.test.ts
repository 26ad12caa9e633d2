import { openSqliteStorage } from '../../src/storage/sqlite/open-sqlite-storage.ts';
import { runVoiceProfileDomainContract } from '../storage/voice-profile-domain-contract.ts';

runVoiceProfileDomainContract('sqlite :memory:', () => openSqliteStorage({ file: ':memory:' }));
