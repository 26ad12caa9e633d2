/**
 * Self time per function from a V8 `.cpuprofile` (node --cpu-prof): each sample's duration (the delta to the next
 * sample) is charged to the function on top of the stack, grouped by function name + script + line. Samples can be
 * restricted to a window of the monotonic clock (process.hrtime, the same clock V8 stamps profiles with on Linux).
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface CpuProfile {
  nodes: { id: number; callFrame: CallFrame }[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface HotFunction {
  function: string;
  /** Script relative to the repository (or node:…), with 1-based line. */
  location: string;
  selfMs: number;
  selfPct: number;
}

export interface ProfileSummary {
  file: string;
  /** Whether samples were restricted to the measuring window (false: the whole process life). */
  windowed: boolean;
  totalMs: number;
  top: HotFunction[];
  /** Self time grouped by area: a src/ folder, an npm package, node internals, GC, idle… */
  areas: { area: string; selfMs: number; selfPct: number }[];
}

const ROOT = relative('/', new URL('..', import.meta.url).pathname).replace(/\/$/, '');
const sources = new Map<string, string[]>();

/**
 * V8 reports lines of tsx's output, which are not the source's (often line 1): the line of a .ts function is looked
 * up by name in the source instead (`~` marks such a guess; none when the name is not found).
 */
function guessLine(path: string, name: string): string {
  if (!name || name === '(anonymous)') return '';
  let lines = sources.get(path);
  if (!lines) {
    try {
      lines = readFileSync(join('/', ROOT, path), 'utf8').split('\n');
    } catch {
      lines = [];
    }
    sources.set(path, lines);
  }
  const id = name.replace(/[$]/g, '\\$').replace(/^#/, '');
  // Most specific first: a function declaration, a const/let binding, then a method (not an interface member: no `;`).
  const patterns = [
    new RegExp(`function\\*?\\s+${id}\\b`),
    new RegExp(`\\b(const|let|var)\\s+${id}\\s*=`),
    new RegExp(`^\\s*(async\\s+|static\\s+|get\\s+|set\\s+|private\\s+|public\\s+|protected\\s+)*#?${id}\\s*[(<][^;]*$`),
    new RegExp(`\\b#?${id}\\s*[:=]\\s*(async\\s*)?(\\([^)]*\\)|\\w+)\\s*(:\\s*[^=]+)?=>`),
  ];
  let index = -1;
  for (const pattern of patterns) {
    index = lines.findIndex((line) => pattern.test(line));
    if (index !== -1) break;
  }
  return index === -1 ? '' : `:~${index + 1}`;
}

function location(frame: CallFrame): string {
  if (frame.url === '') return '';
  const url = shortUrl(frame.url);
  // tsx's output lines are not the source's: look the function up by name instead.
  if (url.endsWith('.ts') && !url.startsWith('node:')) return `${url}${guessLine(url, frame.functionName)}`;
  return `${url}:${frame.lineNumber + 1}`;
}

function shortUrl(url: string): string {
  if (url === '') return '';
  const path = url.startsWith('file://') ? new URL(url).pathname : url;
  const i = path.lastIndexOf('/node_modules/');
  if (i !== -1) return path.slice(i + '/node_modules/'.length);
  return path.startsWith(`/${ROOT}/`) ? path.slice(ROOT.length + 2) : path;
}

function areaOf(frame: CallFrame): string {
  const url = shortUrl(frame.url);
  if (url === '') return frame.functionName || '(native)';
  if (url.startsWith('node:')) return 'node internals';
  if (frame.url.includes('/node_modules/')) {
    const parts = url.split('/');
    return `npm ${parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]}`;
  }
  const m = /^(src\/[^/]+)/.exec(url);
  return m ? m[1]! : url;
}

export function summarizeProfile(file: string, topN = 15, window?: { startUs: number; endUs: number }): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const windowed = window !== undefined && window.startUs >= profile.startTime && window.endUs <= profile.endTime + 1_000_000;
  const byFunction = new Map<string, { frame: CallFrame; us: number }>();
  const byArea = new Map<string, number>();
  let total = 0;
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i]!;
    const next = i + 1 < profile.samples.length ? at + profile.timeDeltas[i + 1]! : profile.endTime;
    const us = Math.max(0, next - at);
    if (windowed && (at < window.startUs || at > window.endUs)) continue;
    const frame = frames.get(profile.samples[i]!)!;
    const key = `${frame.functionName}\u0000${frame.url}\u0000${frame.lineNumber}\u0000${frame.columnNumber}`;
    const entry = byFunction.get(key) ?? { frame, us: 0 };
    entry.us += us;
    byFunction.set(key, entry);
    const area = areaOf(frame);
    byArea.set(area, (byArea.get(area) ?? 0) + us);
    total += us;
  }
  const pct = (us: number): number => Number(((us / total) * 100).toFixed(1));
  const top = [...byFunction.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, topN)
    .map(({ frame, us }) => ({
      function: frame.functionName || '(anonymous)',
      location: location(frame),
      selfMs: Number((us / 1000).toFixed(1)),
      selfPct: pct(us),
    }));
  const areas = [...byArea.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 12)
    .map(([area, us]) => ({ area, selfMs: Number((us / 1000).toFixed(1)), selfPct: pct(us) }));
  return { file, windowed, totalMs: Number((total / 1000).toFixed(1)), top, areas };
}
