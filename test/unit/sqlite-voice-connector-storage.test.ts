import { openSqliteStorage } from '../../src/storage/sqlite/open-sqlite-storage.ts';
import { runVoiceConnectorContract } from '../storage/voice-connector-contract.ts';

runVoiceConnectorContract('sqlite :memory:', () => openSqliteStorage({ file: ':memory:' }));
