/**
 * The young generation is held at its size while the server starts and grows again afterwards (src/app/start-heap.ts),
 * unless the operator chose a young-generation flag. Each case runs in a fresh `node` process: V8's heap is the
 * process's, and this runner's young generation has long grown.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';

const MODULE = new URL('../../../src/app/start-heap.ts', import.meta.url).href;
const SIZE = new URL('../../../src/app/young-generation-cap.ts', import.meta.url).href;

/**
 * The young generation's size (MiB) at the start, after 40 MB of surviving objects were allocated with the growth
 * held, and after as many again once released.
 */
function youngGenerationSizes(nodeOptions = ''): { initial: number; held: number; released: number } {
  const script = `
    import { holdYoungGeneration, releaseYoungGeneration } from ${JSON.stringify(MODULE)};
    import { youngGenerationBytes } from ${JSON.stringify(SIZE)};
    const young = () => youngGenerationBytes() / 1048576;
    const kept = [];
    const survive = () => { for (let i = 0; i < 400_000; i++) kept.push({ i, text: 'n' + i }); };
    const initial = young();
    holdYoungGeneration();
    survive();
    const held = young();
    releaseYoungGeneration();
    survive();
    console.log(JSON.stringify({ initial, held, released: young(), kept: kept.length }));
  `;
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: nodeOptions },
    timeout: 60_000,
  });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { initial: number; held: number; released: number };
}

describe('the young generation while the server starts', () => {
  it('stays at its initial size while held and grows once released', () => {
    const sizes = youngGenerationSizes();
    assert.equal(sizes.held, sizes.initial, `held: ${JSON.stringify(sizes)}`);
    assert.ok(sizes.released > sizes.held, `released: ${JSON.stringify(sizes)}`);
  });

  it("leaves an operator's own young-generation flag alone", () => {
    const sizes = youngGenerationSizes('--max-semi-space-size=4');
    assert.ok(sizes.held > sizes.initial, `the hold applied despite the flag: ${JSON.stringify(sizes)}`);
  });
});
