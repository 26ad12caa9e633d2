import { openSqliteStorage } from '../../src/storage/sqlite/open-sqlite-storage.ts';
import { runVoiceAnalyticsTaskContract } from '../storage/voice-analytics-task-contract.ts';

runVoiceAnalyticsTaskContract('sqlite :memory:', () => openSqliteStorage({ file: ':memory:' }));
