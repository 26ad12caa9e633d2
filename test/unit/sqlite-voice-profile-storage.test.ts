import { openSqliteStorage } from '../../src/storage/sqlite/open-sqlite-storage.ts';
import { runVoiceProfileContract } from '../storage/voice-profile-contract.ts';

runVoiceProfileContract('sqlite :memory:', () => openSqliteStorage({ file: ':memory:' }));
