/**
 * In-process measurements of this checkout against another one (`--compare DIR`): each round runs every checkout's
 * measurement in a child process of its own (`node --import tsx SCRIPT --run-in CHECKOUT …`), in turn, so that both see
 * the same machine at nearly the same moment; then the medians of the rounds, per measured name. Used by the benches
 * that time one layer by hand (repository-reads.ts, serialize-cost.ts).
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { median } from './stats.ts';

/** µs per call, by the name of what was measured. */
export type Timings = Record<string, number>;

/** Times `call` over `count` calls after a warm-up, in µs per call. */
export async function timePerCall(call: (i: number) => unknown, count: number): Promise<number> {
  for (let i = 0; i < Math.min(count, 500); i++) await call(i);
  const started = process.hrtime.bigint();
  for (let i = 0; i < count; i++) await call(i);
  return Number(process.hrtime.bigint() - started) / count / 1000;
}

/**
 * Runs `script --run-in <checkout> ...extra` for each checkout in turn, `rounds` times; the child prints its Timings as
 * the last line of its output (JSON). Prints and returns the medians per checkout.
 */
export function alternate(script: string, checkouts: string[], rounds: number, extra: (round: number) => string[] = () => []): Map<string, Map<string, number[]>> {
  const samples = new Map<string, Map<string, number[]>>(checkouts.map((c) => [resolve(c), new Map()]));
  for (let r = 0; r < rounds; r++) {
    for (const [checkout, per] of samples) {
      const run = spawnSync(process.execPath, ['--import', 'tsx', script, '--run-in', checkout, ...extra(r)], { encoding: 'utf8', cwd: resolve(import.meta.dirname, '..') });
      if (run.status !== 0) throw new Error(`a round in ${checkout} failed: ${run.stderr}`);
      for (const [name, us] of Object.entries(JSON.parse(run.stdout.trim().split('\n').at(-1)!) as Timings)) per.set(name, [...(per.get(name) ?? []), us]);
    }
  }
  console.log(`node ${process.version}; medians of ${rounds} rounds (µs per call):`);
  for (const [checkout, per] of samples) {
    console.log(checkout);
    for (const [name, values] of per) {
      console.log(`  ${name.padEnd(26)} ${median(values).toFixed(1).padStart(8)}   (${values.map((v) => v.toFixed(1)).join(' / ')})`);
    }
  }
  return samples;
}
