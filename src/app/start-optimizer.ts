/**
 * V8's optimizing compiler, TurboFan, is held off while the server starts. A few loops run hot then (decoding and
 * indexing the numbering plan: src/domain/inventory/universe-codec.ts), and TurboFan compiled them on the stack (OSR):
 * five functions that never run again, and compiling them touched about 5 MiB of TurboFan's own machine code in the
 * `node` binary, pages that stayed resident in the idle server (Node 24.22.3: idle RSS 84 → 79 MiB, the start's CPU
 * unchanged: those loops run in V8's other tiers, Sparkplug and Maglev). Once the server listens TurboFan is on again
 * and optimizes what the requests make hot, as usual.
 *
 * V8 reads `--turbofan` each time a function's tiering budget runs out, so setting it at run time takes effect (V8 of
 * Node 20, 22 and 24: test/unit/app/start-optimizer.test.ts). An operator who chose a flag of their own about V8's
 * tiers keeps it, and then neither function changes anything: under `--jitless` in particular, turning TurboFan on at
 * run time crashes Node 24.
 */
import { v8FlagHold } from './v8-flag-hold.ts';

/** Flags by which an operator chose V8's compilers for themselves. */
const OPERATOR_FLAGS = /turbofan|jitless|maglev|sparkplug|max[-_]opt|--(no-)?opt\b|--always[-_]/;

const optimizer = v8FlagHold(OPERATOR_FLAGS, '--no-turbofan', '--turbofan');

/** Keeps TurboFan from optimizing anything until {@link releaseOptimizer}. */
export const holdOptimizer: () => void = optimizer.hold;

/** Lets TurboFan optimize again (after start-up; at once for the commands that do not serve). */
export const releaseOptimizer: () => void = optimizer.release;
