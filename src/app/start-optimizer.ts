/**
 * V8's optimizing compilers, TurboFan and Maglev, are held off while the server starts. A few loops run hot then
 * (decoding and indexing the numbering plan: src/domain/inventory/universe-codec.ts), and TurboFan compiled them on the
 * stack (OSR): five functions that never run again, and compiling them touched about 5 MiB of TurboFan's own machine
 * code in the `node` binary, pages that stayed resident in the idle server (Node 24.22.3: idle RSS 84 → 79 MiB, the
 * start's CPU unchanged). Maglev, V8's mid-tier compiler, did the same for about 1 MiB more (Node 26.12.1: 80.8 →
 * 79.8 MiB, the start's CPU unchanged: those loops run in the interpreter and Sparkplug, V8's baseline tier, which
 * compiles no optimized code). Once the server listens both are on again and optimize what the requests make hot, as
 * usual. Node 22 is built with Maglev off (`v8_enable_maglev` 0 in `process.config`): there only TurboFan is held, so
 * that the release does not turn Maglev on.
 *
 * V8 reads `--turbofan` and `--maglev` each time a function's tiering budget runs out, so setting them at run time
 * takes effect (V8 of Node 22, 24 and 26: test/unit/app/start-optimizer.test.ts). An operator who chose a flag of
 * their own about V8's tiers keeps it, and then neither function changes anything: under `--jitless` in particular,
 * turning TurboFan on at run time crashes Node 24.
 */
import { v8FlagHold } from './v8-flag-hold.ts';

/** Flags by which an operator chose V8's compilers for themselves. */
const OPERATOR_FLAGS = /turbofan|jitless|maglev|sparkplug|max[-_]opt|--(no-)?opt\b|--always[-_]/;

/** Whether this Node.js runs Maglev by default (Node 24 and later). */
export const MAGLEV_BY_DEFAULT = (process.config.variables as unknown as Record<string, unknown>)['v8_enable_maglev'] === 1;

const optimizer = MAGLEV_BY_DEFAULT
  ? v8FlagHold(OPERATOR_FLAGS, '--no-turbofan --no-maglev', '--turbofan --maglev')
  : v8FlagHold(OPERATOR_FLAGS, '--no-turbofan', '--turbofan');

/** Keeps TurboFan and Maglev from optimizing anything until {@link releaseOptimizer}. */
export const holdOptimizer: () => void = optimizer.hold;

/** Lets TurboFan and Maglev optimize again (after start-up; at once for the commands that do not serve). */
export const releaseOptimizer: () => void = optimizer.release;
