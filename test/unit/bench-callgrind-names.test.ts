/**
 * bench/callgrind-names.ts on a dump written in callgrind's format as valgrind 3.19 writes it (names compressed to
 * ids after their first use, a call's inclusive cost on the line after `calls=`, sub-positions relative to the line
 * before), with a perf map as V8 writes it.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { describeCosts, nameDump, readPerfMap, selfCosts } from '../../bench/callgrind-names.ts';

const dir = mkdtempSync(join(tmpdir(), 'dialtone-callgrind-names-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const DUMP = `# callgrind format
version: 1
creator: callgrind-3.19.0
positions: line
events: Ir
summary: 1700

ob=(1) /usr/bin/node
fl=(1) ???
fn=(1) uv_run
0 100
cfn=(2) 0x0000000018001010
calls=3 0
0 1150
cfn=(3) 0x0000000018002000
calls=1 0
0 400
cfn=(4) 0x0000000019000000
calls=1 0
0 50

fn=(2)
0 900
+2 50
cfn=(5) sha256_block_data_order_avx2
calls=2 0
* 200

fn=(3)
0 400

fn=(5)
0 200

fn=(4)
0 50

totals: 1700
`;

// The function at 0x18001000 was first Sparkplug code, then TurboFan code was written at the same address.
const MAP = `18001000 100 JS:^answer file:///tmp/dialtone-bench-bundle-x/dist/dialtone.mjs:1:10
18002000 40 JS:+'read file:///tmp/dialtone-bench-bundle-x/dist/dialtone.mjs:2:20
18001000 80 JS:*answer file:///tmp/dialtone-bench-bundle-x/dist/dialtone.mjs:1:10
`;

describe('callgrind names', () => {
  it('names compiled code by the perf map (the latest code at an address), leaves what the map does not cover', () => {
    const dump = join(dir, 'callgrind.out.1-01');
    writeFileSync(dump, DUMP);
    writeFileSync(join(dir, 'perf.map'), MAP);
    assert.deepEqual(nameDump(dump, readPerfMap(join(dir, 'perf.map'))), { named: 2, unknown: 1 });
    const text = readFileSync(dump, 'utf8');
    assert.match(text, /^cfn=\(2\) JS:\*answer_file:\/\/\/tmp\/dialtone-bench-bundle-x\/dist\/dialtone\.mjs:1:10 \[0x0000000018001010\]$/m);
    assert.match(text, /^cfn=\(3\) JS:\+'read_file:\S+ \[0x0000000018002000\]$/m);
    assert.match(text, /^cfn=\(4\) 0x0000000019000000$/m);
  });

  it("sums each function's own cost, not its calls', to the dump's totals", () => {
    const dump = join(dir, 'callgrind.out.2-01');
    writeFileSync(dump, DUMP);
    nameDump(dump, readPerfMap(join(dir, 'perf.map')));
    const costs = selfCosts(dump);
    assert.deepEqual(
      [...costs],
      [
        ['JS:*answer_dialtone.mjs:1:10', 950],
        ["JS:+'read_dialtone.mjs:2:20", 400],
        ['sha256_block_data_order_avx2', 200],
        ['uv_run', 100],
        ['0x0000000019000000', 50],
      ],
    );
    assert.equal([...costs.values()].reduce((sum, cost) => sum + cost, 0), 1700);
    const report = describeCosts(costs, 10);
    assert.match(report, /^1,700 instructions on this thread, 10 requests/);
    assert.match(report, /55\.88 % +95 {2}JavaScript, TurboFan$/m);
    assert.match(report, /20\.59 % +35 {2}native \(node, V8, libc, SQLite, OpenSSL\)$/m);
    assert.match(report, /23\.53 % +40 {2}JavaScript, Maglev$/m);
  });
});
