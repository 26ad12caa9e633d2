/**
 * `dialtone export` to standard output that fails, through the real process (the bundle): a reader that closes the
 * pipe early (`dialtone export | head`) ends the export as SIGPIPE would end it in a shell pipeline (exit status 141, no
 * message); a standard output that cannot be written (/dev/full) is named in one line, without a stack trace, exit 1.
 * And `dialtone import` of that export tells the progress of its 20,000 numbers on standard error, a line every tenth.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { dialtoneBundle } from '../support/bundle.ts';
import { runCli } from '../support/cli.ts';
import { freshDataDir } from '../support/server.ts';

/** The export of `dataDir` with standard output `stdout`; answers its exit status and standard error. */
async function exportTo(dataDir: string, stdout: 'pipe' | number, onOutput?: (child: ReturnType<typeof spawn>) => void): Promise<{ code: number | null; stderr: string }> {
  const bin = await dialtoneBundle();
  const child = spawn(process.execPath, [bin, 'export', '--data-dir', dataDir], { stdio: ['ignore', stdout, 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  onOutput?.(child);
  const code = await new Promise<number | null>((resolve) => child.once('exit', (exitCode) => resolve(exitCode)));
  return { code, stderr };
}

describe('dialtone export to a standard output that fails', () => {
  const dataDir = freshDataDir();
  before(async () => {
    // About 5 MB of export: far more than a pipe holds.
    const seeded = await runCli(['seed', '--numbers', '20000'], { DATA_DIR: dataDir });
    assert.equal(seeded.code, 0, seeded.stderr);
  });

  it('ends quietly with status 141 when its reader closes the pipe early', { skip: process.platform === 'win32' }, async () => {
    let read = 0;
    const outcome = await exportTo(dataDir, 'pipe', (child) => {
      child.stdout!.once('data', (chunk: Buffer) => {
        read = chunk.length;
        child.stdout!.destroy();
      });
    });
    assert.ok(read > 0, 'the reader got the start of the export');
    assert.deepEqual(outcome, { code: 141, stderr: '' });
  });

  it('names a standard output it cannot write, in one line', { skip: process.platform !== 'linux' }, async () => {
    const full = openSync('/dev/full', 'w');
    try {
      const outcome = await exportTo(dataDir, full);
      assert.equal(outcome.code, 1);
      assert.match(outcome.stderr, /^dialtone: export: cannot write standard output: ENOSPC: no space left on device, write; what was written of it is incomplete\n$/);
    } finally {
      closeSync(full);
    }
  });

  it('is imported again telling the progress of its long list, a line every tenth', async () => {
    const file = join(freshDataDir(), 'export.json');
    const exported = await runCli(['export', '--output', file], { DATA_DIR: dataDir });
    assert.equal(exported.code, 0, exported.stderr);
    const imported = await runCli(['import', file], { DATA_DIR: freshDataDir() });
    assert.equal(imported.code, 0, imported.stderr);
    assert.match(imported.stdout, /imported account 000000000000: 0 orders .*, 20000 number records,/);
    const lines = imported.stderr.trimEnd().split('\n');
    assert.ok(lines.length >= 5 && lines.length <= 11, imported.stderr);
    for (const line of lines) assert.match(line, /^numbers {2}\[[#.]{30}\] \d+\/20000$/);
    assert.equal(lines.at(-1), `numbers  [${'#'.repeat(30)}] 20000/20000`);
  });
});
