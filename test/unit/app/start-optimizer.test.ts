/**
 * V8's optimizing compilers (TurboFan, Maglev) are held off while the server starts and optimize again afterwards
 * (src/app/start-optimizer.ts), unless the operator chose a flag of their own about V8's tiers. Each case runs in a
 * fresh `node` process with `--trace-opt`, whose lines name each function TurboFan or Maglev compiles.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { MAGLEV_BY_DEFAULT } from '../../../src/app/start-optimizer.ts';

const MODULE = new URL('../../../src/app/start-optimizer.ts', import.meta.url).href;

/**
 * Runs a hot loop in `whileHeld` with the optimizers held and the same loop in `afterRelease` once released; answers
 * the names of the functions that TurboFan compiled, those that Maglev compiled, and the process's exit.
 */
function optimized(nodeFlags: string[] = []): { names: Set<string>; maglev: Set<string>; status: number | null; stderr: string } {
  const script = `
    import { holdOptimizer, releaseOptimizer } from ${JSON.stringify(MODULE)};
    const spin = (f) => { let x = 0; for (let i = 0; i < 3000; i++) x += f(2000); return x; };
    function whileHeld(n) { let s = 0; for (let i = 0; i < n; i++) s = (s + i * 7) % 1000003; return s; }
    function afterRelease(n) { let s = 0; for (let i = 0; i < n; i++) s = (s + i * 7) % 1000003; return s; }
    holdOptimizer();
    const a = spin(whileHeld);
    releaseOptimizer();
    const b = spin(afterRelease);
    console.log(JSON.stringify({ same: a === b }));
  `;
  const run = spawnSync(process.execPath, [...nodeFlags, '--trace-opt', '--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
    timeout: 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  const compiledBy = (tier: string): Set<string> =>
    new Set([...run.stdout.matchAll(new RegExp(`<JSFunction (\\w+) [^>]*> \\(target ${tier}`, 'g'))].map((m) => m[1]!));
  return { names: compiledBy('TURBOFAN'), maglev: compiledBy('MAGLEV'), status: run.status, stderr: run.stderr };
}

describe("V8's optimizing compiler while the server starts", () => {
  it('optimizes nothing while held and optimizes again once released', () => {
    const { names, maglev, status, stderr } = optimized();
    assert.equal(status, 0, stderr);
    assert.ok(!names.has('whileHeld'), `TurboFan compiled a function while held: ${[...names].join(', ')}`);
    assert.ok(!maglev.has('whileHeld'), `Maglev compiled a function while held: ${[...maglev].join(', ')}`);
    assert.ok(names.has('afterRelease'), `TurboFan compiled nothing once released: ${[...names].join(', ')}`);
    if (MAGLEV_BY_DEFAULT) assert.ok(maglev.has('afterRelease'), `Maglev compiled nothing once released: ${[...maglev].join(', ')}`);
    // Node 22 runs without Maglev: the release must not turn it on.
    else assert.equal(maglev.size, 0, `the release turned Maglev on: ${[...maglev].join(', ')}`);
  });

  it("leaves an operator's own --no-maglev alone", () => {
    const { maglev, status, stderr } = optimized(['--no-maglev']);
    assert.equal(status, 0, stderr);
    assert.equal(maglev.size, 0, `the release turned Maglev on: ${[...maglev].join(', ')}`);
  });

  it("leaves an operator's own --no-turbofan alone", () => {
    const { names, status, stderr } = optimized(['--no-turbofan']);
    assert.equal(status, 0, stderr);
    assert.equal(names.size, 0, `the release turned TurboFan on: ${[...names].join(', ')}`);
  });

  it('leaves --jitless alone (TurboFan turned on at run time would crash the process)', () => {
    const { names, status, stderr } = optimized(['--jitless']);
    assert.equal(status, 0, `exit ${status}: ${stderr}`);
    assert.equal(names.size, 0);
  });
});
