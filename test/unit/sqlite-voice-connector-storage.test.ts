import { openSqliteStorage } from '../../src/storage/sqlite/open-sqlite-storage.ts';
import { runAssociationContract } from '../storage/association-contract.ts';
import { runVoiceConnectorContract } from '../storage/voice-connector-contract.ts';

runVoiceConnectorContract('sqlite :memory:', () => openSqliteStorage({ file: ':memory:' }));
runAssociationContract('sqlite :memory:', () => openSqliteStorage({ file: ':memory:' }));
