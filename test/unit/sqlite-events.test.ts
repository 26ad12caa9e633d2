/** The event outbox contract on SQLite (a file per case). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import { openSqliteStorage } from '../../src/storage/sqlite/open-sqlite-storage.ts';
import { runEventLogContract } from '../storage/event-log-contract.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dialtone-events-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

let n = 0;
runEventLogContract('sqlite', () => openSqliteStorage({ file: path.join(dir, `events-${n++}.sqlite`) }));
