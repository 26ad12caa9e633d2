/**
 * What a server loads to start: Node's built-in modules that only some requests or commands need are loaded when
 * they are first needed, not by every start (each costs milliseconds of CPU and heap that an idle server keeps):
 * node:zlib (the numbering plan is read as its layout, inflated when the bundle was built; on Node 26 node:zlib also
 * loads its zip archives' fifteen modules), node:https (the first https webhook target), node:dns/promises (the
 * first webhook target resolved), node:fs/promises (`dialtone import -`), node:readline (a question on a terminal).
 * The list is read from `process.moduleLoadList` of the started bundle, written by a module preloaded with
 * NODE_OPTIONS when the test signals it.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startBundled, stopBundled, type BundledDialtone } from '../support/bundle.ts';

const root = mkdtempSync(join(tmpdir(), 'dialtone-start-modules-'));
const listFile = join(root, 'modules.json');
const hook = join(root, 'hook.cjs');
writeFileSync(
  hook,
  `process.on('SIGUSR2', () => require('node:fs').writeFileSync(${JSON.stringify(listFile)}, JSON.stringify(process.moduleLoadList)));\n`,
);
let server: BundledDialtone | undefined;

after(async () => {
  if (server) await stopBundled(server);
  rmSync(root, { recursive: true, force: true });
});

/** The built-in modules loaded by now (`NativeModule <id>` entries), once the preloaded module wrote them. */
async function loadedModules(proc: BundledDialtone): Promise<string[]> {
  proc.child.kill('SIGUSR2');
  for (let waited = 0; !existsSync(listFile); waited += 20) {
    if (waited > 10_000) throw new Error(`no module list written:\n${proc.output()}`);
    await sleep(20);
  }
  const list = JSON.parse(readFileSync(listFile, 'utf8')) as string[];
  return list.filter((entry) => entry.startsWith('NativeModule ')).map((entry) => entry.slice('NativeModule '.length));
}

describe('a started server', { timeout: 60_000 }, () => {
  it('has not loaded the built-in modules that only some requests or commands use', async () => {
    server = await startBundled({ DATA_DIR: join(root, 'data'), NODE_OPTIONS: `--require ${hook}` });
    const health = await fetch(`${server.url}/_dialtone/health`);
    assert.equal(health.status, 200);
    const loaded = await loadedModules(server);
    // The list is the real one: modules every server loads are in it.
    for (const needed of ['http', 'crypto', 'v8']) assert.ok(loaded.includes(needed), `${needed} not in ${loaded.join(', ')}`);
    const unwanted = loaded.filter((id) => /^(zlib|https|tls|dns\/promises|fs\/promises|readline|internal\/zip)(\/|$)/.test(id));
    assert.deepEqual(unwanted, []);
  });
});
