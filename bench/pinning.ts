/**
 * CPU pinning (Linux, `taskset`): the server under test (dialtone or a ceiling server) runs on one core and the bench
 * process, which generates the load, on another, so that neither takes CPU from the other and the server's CPU time
 * per request is its own. Without two usable cores or without `taskset`, nothing is pinned and the report says why.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface Pinning {
  /** The core the servers run on (`taskset -c`), undefined when not pinned. */
  server?: string;
  /** The core of the bench process (the load generator). */
  load?: string;
  /** Why nothing was pinned. */
  reason?: string;
}

/** The cores this process may run on (`Cpus_allowed_list` of /proc/self/status), expanded. */
function allowedCpus(): number[] {
  const list = /^Cpus_allowed_list:\s*(\S+)/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? '';
  const cpus: number[] = [];
  for (const part of list.split(',').filter((p) => p !== '')) {
    const [from, to = from] = part.split('-').map(Number) as [number, number?];
    for (let c = from; c <= to!; c++) cpus.push(c);
  }
  return cpus;
}

/** Pins the bench process (all its threads) to one core and picks another for the servers, when it can. */
export function pinBench(): Pinning {
  let cpus: number[];
  try {
    cpus = allowedCpus();
  } catch (error) {
    return { reason: `cannot read the allowed CPUs: ${(error as Error).message}` };
  }
  if (cpus.length < 2) return { reason: `only ${cpus.length} usable core(s)` };
  const [load, server] = [String(cpus[0]), String(cpus[cpus.length - 1])];
  try {
    execFileSync('taskset', ['-a', '-c', '-p', load, String(process.pid)], { stdio: 'ignore' });
  } catch (error) {
    return { reason: `taskset failed: ${(error as Error).message.split('\n')[0]}` };
  }
  return { server, load };
}

/**
 * The command that runs `node ...args` on the server core: `taskset -c N node ...` (taskset execs: same pid), under
 * `wrapper` when given (`taskset -c N valgrind … node ...`).
 */
export function pinnedCommand(cpu: string | undefined, args: string[], wrapper: string[] = []): { file: string; args: string[] } {
  const command = [...wrapper, process.execPath, ...args];
  return cpu === undefined ? { file: command[0]!, args: command.slice(1) } : { file: 'taskset', args: ['-c', cpu, ...command] };
}
