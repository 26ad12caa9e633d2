/** Memory and CPU of a process from /proc (Linux). */
import { readdirSync, readFileSync } from 'node:fs';

export interface MemStatus {
  /** Resident set size now, KiB. */
  rssKiB: number;
  /** Peak resident set size since start (VmHWM), KiB. */
  hwmKiB: number;
}

export function readMem(pid: number): MemStatus | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const field = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN);
  return { rssKiB: field('VmRSS'), hwmKiB: field('VmHWM') };
}

export interface ProcStat {
  /** The parent's pid. */
  ppid: number;
  /** User + system CPU time of the process, seconds. */
  cpuSeconds: number;
  /** The same of its children that it has waited for (cutime + cstime), seconds. */
  reapedChildrenSeconds: number;
  /** Page faults served without reading from disk (minflt), every thread of the process. */
  minorFaults: number;
}

/** A process's /proc/<pid>/stat (clock ticks are 100 Hz on Linux), or undefined once it is gone. */
export function readStat(pid: number | string): ProcStat | undefined {
  try {
    return parseStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

/** The text of a `stat` file of /proc (a process's or one of its threads'). */
function parseStat(stat: string): ProcStat & { name: string } {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return {
    name: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')),
    ppid: Number(fields[1]),
    cpuSeconds: (Number(fields[11]) + Number(fields[12])) / 100,
    reapedChildrenSeconds: (Number(fields[13]) + Number(fields[14])) / 100,
    minorFaults: Number(fields[7]),
  };
}

/** User + system CPU time of a process, in seconds. */
export function readCpuSeconds(pid: number): number | undefined {
  return readStat(pid)?.cpuSeconds;
}

/**
 * A process's CPU seconds by kind of thread, from /proc/<pid>/task/<tid>/stat: the main thread (the event loop, and the
 * SQLite work that runs on it), V8's helpers (`V8Worker`, `V8 DefaultWorke`: parallel scavenges, concurrent marking and
 * sweeping, compilation), libuv's thread pool (`libuv-worker`: file writes of the log, fsyncs) and any other thread.
 * Threads that ended before the call are not counted (the whole process's figure is `readStat`'s).
 */
export function readThreadCpu(pid: number): Record<ThreadKind, number> | undefined {
  const out: Record<ThreadKind, number> = { main: 0, v8: 0, pool: 0, other: 0 };
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return undefined;
  }
  for (const tid of tids) {
    let stat: ReturnType<typeof parseStat>;
    try {
      stat = parseStat(readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8'));
    } catch {
      continue; // ended meanwhile
    }
    out[threadKind(tid === String(pid), stat.name)] += stat.cpuSeconds;
  }
  return out;
}

export type ThreadKind = 'main' | 'v8' | 'pool' | 'other';

function threadKind(isMain: boolean, name: string): ThreadKind {
  if (isMain) return 'main';
  if (name.startsWith('V8')) return 'v8';
  if (name.startsWith('libuv')) return 'pool';
  return 'other';
}

/** Samples VmRSS every `intervalMs` until stopped; reports the peak seen and the final VmHWM. */
export class RssSampler {
  readonly #pid: number;
  readonly #timer: NodeJS.Timeout;
  #peakKiB = 0;
  #samples = 0;

  constructor(pid: number, intervalMs = 100) {
    this.#pid = pid;
    this.#sample();
    this.#timer = setInterval(() => this.#sample(), intervalMs);
  }

  #sample(): void {
    const mem = readMem(this.#pid);
    if (mem && Number.isFinite(mem.rssKiB)) {
      this.#peakKiB = Math.max(this.#peakKiB, mem.rssKiB);
      this.#samples += 1;
    }
  }

  stop(): { peakRssKiB: number; hwmKiB: number | undefined; samples: number } {
    this.#sample();
    clearInterval(this.#timer);
    return { peakRssKiB: this.#peakKiB, hwmKiB: readMem(this.#pid)?.hwmKiB, samples: this.#samples };
  }
}

/** Busy CPU seconds of the whole machine (all cores; user+nice+system+irq+softirq+steal) from /proc/stat. */
export function readMachineBusySeconds(): number | undefined {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
    return (user + nice + system + irq + softirq + steal) / 100;
  } catch {
    return undefined;
  }
}
