/**
 * Names the code V8 compiled in callgrind's dumps, and sums what each function executed itself. callgrind knows
 * native functions by their symbols (node's, V8's builtins, SQLite's) but sees JavaScript's compiled code as bare
 * addresses; a server started with `--perf-basic-prof` writes `perf-<pid>.map`, one line per piece of code V8 made
 * (`<start> <size> <name>`, the name marked by its tier: `JS:^` Sparkplug, `JS:+` Maglev, `JS:*` TurboFan). Used by
 * bench/instructions.ts `--names`.
 */
import { readFileSync, writeFileSync } from 'node:fs';

interface Code {
  start: number;
  end: number;
  name: string;
}

/** The code ranges of a perf map, sorted by start; a range written later replaces one that started at the same address. */
export function readPerfMap(path: string): Code[] {
  const byStart = new Map<number, Code>();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const match = /^([0-9a-f]+) ([0-9a-f]+) (.+)$/.exec(line);
    if (match === null) continue;
    const start = parseInt(match[1]!, 16);
    byStart.set(start, { start, end: start + parseInt(match[2]!, 16), name: match[3]!.replace(/\s+/g, '_') });
  }
  return [...byStart.values()].sort((a, b) => a.start - b.start);
}

function codeAt(codes: Code[], address: number): Code | undefined {
  let lo = 0;
  let hi = codes.length - 1;
  let found: Code | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (codes[mid]!.start <= address) {
      found = codes[mid];
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found !== undefined && address < found.end ? found : undefined;
}

/**
 * Rewrites the anonymous functions of the dump at `path` (callgrind names them by address, `0x…`) with the names the
 * perf map gives, the address kept in brackets. Answers how many were named and how many the map did not cover.
 */
export function nameDump(path: string, codes: Code[]): { named: number; unknown: number } {
  let named = 0;
  let unknown = 0;
  const text = readFileSync(path, 'utf8').replace(/^(c?fn=\(\d+\)) 0x([0-9a-f]+)(.*)$/gm, (line, head: string, hex: string, rest: string) => {
    const code = codeAt(codes, parseInt(hex, 16));
    if (code === undefined) {
      unknown++;
      return line;
    }
    named++;
    return `${head} ${code.name} [0x${hex}]${rest}`;
  });
  writeFileSync(path, text);
  return { named, unknown };
}

/**
 * What each function of the dump at `path` executed itself (not in the functions it called), by name, the largest
 * first. In callgrind's format a cost line after `calls=` is the call's inclusive cost, and is left out.
 */
export function selfCosts(path: string): Map<string, number> {
  const names = new Map<string, string>();
  const byId = new Map<string, number>();
  let current = '';
  let afterCall = false;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const fn = /^(c?)fn=\((\d+)\)(?: (.*))?$/.exec(line);
    if (fn !== null) {
      if (fn[3] !== undefined) names.set(fn[2]!, fn[3]);
      if (fn[1] === '') current = fn[2]!;
      continue;
    }
    if (line.startsWith('calls=')) {
      afterCall = true;
      continue;
    }
    if (!/^[-+*0-9]/.test(line)) continue;
    if (afterCall) {
      afterCall = false;
      continue;
    }
    byId.set(current, (byId.get(current) ?? 0) + Number(line.trim().split(/\s+/)[1] ?? 0));
  }
  const byName = new Map<string, number>();
  for (const [id, cost] of byId) {
    const name = (names.get(id) ?? `(${id})`).replace(/ \[0x[0-9a-f]+\].*$/, '').replace(/file:\/\/\S*?\/dist\//, '');
    byName.set(name, (byName.get(name) ?? 0) + cost);
  }
  return new Map([...byName].sort((a, b) => b[1] - a[1]));
}

/** The kind of code a function's name says it is. */
function kindOf(name: string): string {
  if (name.startsWith('JS:*')) return 'JavaScript, TurboFan';
  if (name.startsWith('JS:+')) return 'JavaScript, Maglev';
  if (name.startsWith('JS:^')) return 'JavaScript, Sparkplug';
  if (name.startsWith('JS:~')) return 'JavaScript, interpreted';
  if (name.startsWith('RegExp')) return 'regular expressions';
  if (name.startsWith('Builtins_')) return name.includes('Baseline') ? "V8's builtins for Sparkplug code" : "V8's builtins";
  return 'native (node, V8, libc, SQLite, OpenSSL)';
}

/** A text report of `costs` for `requests` requests: the share of each kind of code, then the `top` functions. */
export function describeCosts(costs: Map<string, number>, requests: number, top = 60): string {
  const total = [...costs.values()].reduce((sum, cost) => sum + cost, 0);
  const kinds = new Map<string, number>();
  for (const [name, cost] of costs) kinds.set(kindOf(name), (kinds.get(kindOf(name)) ?? 0) + cost);
  const share = (cost: number): string => `${((cost / total) * 100).toFixed(2).padStart(6)} %`;
  const perRequest = (cost: number): string => Math.round(cost / requests).toLocaleString('en-US').padStart(9);
  const lines = [`${total.toLocaleString('en-US')} instructions on this thread, ${requests} requests; share, per request, function (its own instructions)`, ''];
  for (const [kind, cost] of [...kinds].sort((a, b) => b[1] - a[1])) lines.push(`${share(cost)} ${perRequest(cost)}  ${kind}`);
  lines.push('');
  for (const [name, cost] of [...costs].slice(0, top)) lines.push(`${share(cost)} ${perRequest(cost)}  ${name.slice(0, 160)}`);
  return lines.join('\n') + '\n';
}
