/**
 * A V8 flag set while the server starts and set back once it listens (start-heap.ts, start-optimizer.ts), or while
 * the young generation is at its cap (young-generation-cap.ts): V8 reads these flags each time it decides, so setting
 * them at run time takes effect. An operator who started the process with
 * a flag of their own about the same thing (on the command line or in NODE_OPTIONS) keeps it: then neither `hold` nor
 * `release` changes anything.
 */
import { setFlagsFromString } from 'node:v8';

export interface FlagHold {
  hold(): void;
  release(): void;
}

/** Whether the process was started with a flag matching `operatorFlags` (on the command line or in NODE_OPTIONS). */
export function chosenByOperator(operatorFlags: RegExp): boolean {
  return operatorFlags.test([...process.execArgv, process.env.NODE_OPTIONS ?? ''].join(' '));
}

/**
 * @param operatorFlags matches the operator's own flags about what the hold sets
 * @param held the flag `hold` sets
 * @param released the flag `release` sets back
 */
export function v8FlagHold(operatorFlags: RegExp, held: string, released: string): FlagHold {
  let holding = false;
  return {
    hold() {
      if (holding || chosenByOperator(operatorFlags)) return;
      setFlagsFromString(held);
      holding = true;
    },
    release() {
      if (!holding) return;
      setFlagsFromString(released);
      holding = false;
    },
  };
}
