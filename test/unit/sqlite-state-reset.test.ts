/** The state-reset contract on SQLite (a file per case). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import { openSqliteStorage } from '../../src/storage/sqlite/open-sqlite-storage.ts';
import { runStateResetContract } from '../storage/state-reset-contract.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dialtone-reset-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

let n = 0;
runStateResetContract('sqlite', () => openSqliteStorage({ file: path.join(dir, `reset-${n++}.sqlite`) }));
