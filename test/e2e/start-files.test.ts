/**
 * What a server reads to start and answer its first request: the union of the two API models as the build wrote it
 * (dist/data/models-union.json), not the two models' own files (spec/), which are read when a request first selects
 * that model; and not the geocoding data, whose precomputed plan is checked by the package's version (the test suite
 * checks the digest: test/unit/inventory/universe-codec.test.ts). The files are those `fs.readFileSync` was asked for in
 * the started bundle, recorded by a module preloaded with NODE_OPTIONS and written when the test signals it.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startBundled, stopBundled, type BundledDialtone } from '../support/bundle.ts';
import { signRequest } from '../support/sign.ts';

const root = mkdtempSync(join(tmpdir(), 'dialtone-start-files-'));
const hook = join(root, 'hook.cjs');
writeFileSync(
  hook,
  [
    "const fs = require('node:fs');",
    'const readFileSync = fs.readFileSync;',
    'const read = [];',
    'fs.readFileSync = function (file, ...rest) {',
    "  if (typeof file === 'string' || file instanceof URL) read.push(file instanceof URL ? file.pathname : file);",
    '  return readFileSync.call(this, file, ...rest);',
    '};',
    "process.on('SIGUSR2', () => {",
    "  fs.writeFileSync(process.env.READ_LIST_FILE + '.part', JSON.stringify(read));",
    "  fs.renameSync(process.env.READ_LIST_FILE + '.part', process.env.READ_LIST_FILE);",
    '});',
    '',
  ].join('\n'),
);
const listFile = join(root, 'read.json');
let server: BundledDialtone | undefined;

after(async () => {
  if (server) await stopBundled(server);
  rmSync(root, { recursive: true, force: true });
});

/** The files read by now, once the preloaded module wrote them. */
async function filesRead(proc: BundledDialtone): Promise<string[]> {
  rmSync(listFile, { force: true });
  proc.child.kill('SIGUSR2');
  for (let waited = 0; !existsSync(listFile); waited += 20) {
    if (waited > 10_000) throw new Error(`no list of files written:\n${proc.output()}`);
    await sleep(20);
  }
  return JSON.parse(readFileSync(listFile, 'utf8')) as string[];
}

/** A signed GetPhoneNumberOrder of an order that does not exist, at `prefix` (an API's path prefix, or none). */
async function getMissingOrder(url: string, prefix: string): Promise<Response> {
  const target = `${prefix}/phone-number-orders/00000000-0000-4000-8000-000000000000`;
  const headers = signRequest({
    method: 'GET',
    target,
    headers: { host: new URL(url).host },
    accessKeyId: 'test',
    secretAccessKey: 'test',
    region: 'us-east-1',
    service: 'chime',
    date: new Date(),
  });
  return fetch(`${url}${target}`, { headers });
}

const isModelFile = (file: string, name: string): boolean => file.endsWith(`/spec/${name}`);
const LEGACY = 'chime-2018-05-01.json';
const VOICE = 'chime-sdk-voice-2022-08-03.json';

describe('a started server', { timeout: 60_000 }, () => {
  it('reads the union of the models that the build wrote, and each model only when a request selects it', async () => {
    server = await startBundled({ DATA_DIR: join(root, 'data'), NODE_OPTIONS: `--require ${hook}`, READ_LIST_FILE: listFile });
    const first = await getMissingOrder(server.url, '');
    assert.equal(first.status, 404, await first.text());
    const atFirst = await filesRead(server);
    // The list is the real one: the union's file and the numbering plan's layout are in it.
    assert.ok(atFirst.some((file) => file.endsWith('/data/models-union.json')), atFirst.join('\n'));
    assert.ok(atFirst.some((file) => file.endsWith('/data/numbering-plan.bin')), atFirst.join('\n'));
    assert.deepEqual(
      atFirst.filter((file) => isModelFile(file, LEGACY) || isModelFile(file, VOICE) || file.endsWith('.bson')),
      [],
    );

    const voice = await getMissingOrder(server.url, '/chime-sdk-voice');
    assert.equal(voice.status, 404, await voice.text());
    const afterVoice = await filesRead(server);
    assert.equal(afterVoice.filter((file) => isModelFile(file, VOICE)).length, 1, afterVoice.join('\n'));
    assert.equal(afterVoice.filter((file) => isModelFile(file, LEGACY)).length, 0, afterVoice.join('\n'));
  });
});
