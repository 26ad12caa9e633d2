/**
 * A hand-written SVG of the results: server CPU per request per scenario (bars, with each scenario's goal) and p99
 * per scenario, plus the start-up, memory and fulfilment goals as a footer.
 */
import { REQUEST_SCENARIOS, type RequestScenarioName } from './scenarios.ts';
import type { Results, ScenarioSummary } from './report.ts';

const W = 1000;
const H = 620;
const GREEN = '#2e7d32';
const RED = '#c62828';
const GREY = '#9e9e9e';
const NEUTRAL = '#5c7fa3';
const INK = '#212121';
const FAINT = '#e0e0e0';

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const n = (v: number): string => (Math.round(v * 10) / 10).toString();

function text(x: number, y: number, content: string, attrs = ''): string {
  return `<text x="${n(x)}" y="${n(y)}" ${attrs}>${esc(content)}</text>`;
}

interface Panel {
  x: number;
  y: number;
  w: number;
  h: number;
}

function axis(p: Panel, max: number, step: number, unit: string): string[] {
  const out: string[] = [];
  for (let v = 0; v <= max + 1e-9; v += step) {
    const y = p.y + p.h - (v / max) * p.h;
    out.push(`<line x1="${p.x}" y1="${n(y)}" x2="${p.x + p.w}" y2="${n(y)}" stroke="${FAINT}" stroke-width="1"/>`);
    out.push(text(p.x - 8, y + 4, `${Number(v.toFixed(2))}${unit}`, 'text-anchor="end" font-size="12" fill="#616161"'));
  }
  out.push(`<line x1="${p.x}" y1="${p.y + p.h}" x2="${p.x + p.w}" y2="${p.y + p.h}" stroke="${INK}" stroke-width="1"/>`);
  return out;
}

function niceStep(max: number): number {
  for (const step of [1, 2, 5, 10, 20, 25, 50, 100, 200, 500]) if (max / step <= 8) return step;
  return 1000;
}

export function renderChart(r: Results): string {
  const out: string[] = [];
  const m = r.machine;
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="DejaVu Sans, Helvetica, Arial, sans-serif">`);
  out.push(`<rect width="${W}" height="${H}" fill="#ffffff"/>`);
  out.push(text(W / 2, 30, 'dialtone vs. a bare node:http server (the ceiling)', `text-anchor="middle" font-size="20" font-weight="bold" fill="${INK}"`));
  out.push(
    text(
      W / 2,
      52,
      `${m.date.slice(0, 16).replace('T', ' ')} UTC · ${m.commit.slice(0, 8)}${m.dirty ? '+dirty' : ''} · node ${m.node} · ${m.cpus} CPUs · ` +
        `${r.options.connections} connections · ${r.options.durationS} s × ${r.options.runs} runs, medians`,
      'text-anchor="middle" font-size="13" fill="#616161"',
    ),
  );

  const others = r.scenarios.map((s) => s.median.otherCpuPct).filter((v): v is number => v !== undefined && Number.isFinite(v)).sort((a, b) => a - b);
  if (others.length > 0) {
    const mid = others[others.length >> 1]!;
    out.push(
      text(
        W / 2,
        70,
        `other processes on the machine used ${mid.toFixed(0)} % of a core during a typical window${mid > 25 ? ' (shared machine: figures depressed)' : ''}`,
        `text-anchor="middle" font-size="12" fill="${mid > 25 ? '#e65100' : '#616161'}"`,
      ),
    );
  }
  const requests = r.scenarios.filter((s) => s.kind === 'request');
  // Left panel: server CPU per request, against each scenario's goal.
  const left: Panel = { x: 70, y: 140, w: 390, h: 290 };
  const cpuOf = (s: ScenarioSummary): number => s.median.serverCpuUs ?? NaN;
  const worstCpu = Math.max(100, ...requests.map((s) => (Number.isFinite(cpuOf(s)) ? cpuOf(s) : 0)));
  const cpuStep = niceStep(Math.min(worstCpu * 1.1, 1000));
  const cpuMax = Math.ceil(Math.min(worstCpu * 1.1, 1000) / cpuStep) * cpuStep;
  out.push(text(left.x + left.w / 2, 98, 'Server CPU per request (µs)', `text-anchor="middle" font-size="15" font-weight="bold" fill="${INK}"`));
  out.push(...axis(left, cpuMax, cpuStep, ''));
  const slot = left.w / Math.max(1, requests.length);
  requests.forEach((s, i) => {
    const goal = REQUEST_SCENARIOS[s.name as RequestScenarioName].goal;
    const cpu = cpuOf(s);
    const colour = goal === undefined ? NEUTRAL : cpu <= goal.maxCpuUs ? GREEN : RED;
    const bw = Math.min(slot * 0.56, 64);
    const x = left.x + i * slot + (slot - bw) / 2;
    const h = ((Number.isFinite(cpu) ? Math.min(cpu, cpuMax) : 0) / cpuMax) * left.h;
    const y = left.y + left.h - h;
    out.push(`<rect x="${n(x)}" y="${n(y)}" width="${n(bw)}" height="${n(h)}" fill="${colour}"/>`);
    if (goal !== undefined && goal.maxCpuUs <= cpuMax) {
      const gy = left.y + left.h - (goal.maxCpuUs / cpuMax) * left.h;
      out.push(`<line x1="${n(x - slot * 0.12)}" y1="${n(gy)}" x2="${n(x + bw + slot * 0.12)}" y2="${n(gy)}" stroke="${INK}" stroke-width="2" stroke-dasharray="5,3"/>`);
    }
    out.push(text(x + bw / 2, y - 6, Number.isFinite(cpu) ? cpu.toFixed(0) : 'n/a', `text-anchor="middle" font-size="10" font-weight="bold" fill="${INK}"`));
    out.push(text(x + bw / 2, left.y + left.h + 16, s.name, `text-anchor="end" font-size="10" fill="${INK}" transform="rotate(-45 ${n(x + bw / 2)} ${n(left.y + left.h + 16)})"`));
  });
  const ceilings = r.scenarios.filter((s) => s.kind === 'ceiling');
  out.push(
    text(
      left.x + left.w / 2,
      113,
      `ceiling: ${ceilings.map((c) => `${c.name.replace('ceiling-', '')} ${cpuOf(c).toFixed(0)} µs`).join(', ')} · dashed: goal`,
      'text-anchor="middle" font-size="12" fill="#616161"',
    ),
  );

  // Right panel: p99 latency.
  const right: Panel = { x: 570, y: 140, w: 390, h: 290 };
  const all: ScenarioSummary[] = [...requests, ...ceilings];
  const worst = Math.max(0, ...all.map((s) => (Number.isFinite(s.median.p99Ms) ? s.median.p99Ms : 0)));
  const step = niceStep(Math.min(Math.max(12, worst * 1.15), 60));
  const p99Max = Math.ceil(Math.min(Math.max(12, worst * 1.15), 60) / step) * step;
  out.push(text(right.x + right.w / 2, 98, 'p99 latency (ms)', `text-anchor="middle" font-size="15" font-weight="bold" fill="${INK}"`));
  out.push(text(right.x + right.w / 2, 113, '50 connections on one core: mostly queueing', 'text-anchor="middle" font-size="11" fill="#616161"'));
  out.push(...axis(right, p99Max, step, ''));
  const slot2 = right.w / Math.max(1, all.length);
  all.forEach((s, i) => {
    const p99 = s.median.p99Ms;
    const colour = s.kind === 'ceiling' ? GREY : NEUTRAL;
    const bw = Math.min(slot2 * 0.6, 48);
    const x = right.x + i * slot2 + (slot2 - bw) / 2;
    const clipped = p99 > p99Max;
    const h = ((Number.isFinite(p99) ? Math.min(p99, p99Max) : 0) / p99Max) * right.h;
    const y = right.y + right.h - h;
    out.push(`<rect x="${n(x)}" y="${n(y)}" width="${n(bw)}" height="${n(h)}" fill="${colour}"/>`);
    if (clipped) out.push(`<path d="M${n(x)} ${n(y + 10)} L${n(x + bw / 2)} ${n(y)} L${n(x + bw)} ${n(y + 10)} Z" fill="#ffffff" opacity="0.8"/>`);
    out.push(text(x + bw / 2, y - 6, Number.isFinite(p99) ? p99.toFixed(p99 < 10 ? 1 : 0) : 'n/a', `text-anchor="middle" font-size="12" font-weight="bold" fill="${INK}"`));
    const label = s.name.replace('ceiling-', 'ceil-');
    out.push(text(x + bw / 2, right.y + right.h + 16, label, `text-anchor="end" font-size="10" fill="${INK}" transform="rotate(-45 ${n(x + bw / 2)} ${n(right.y + right.h + 16)})"`));
  });


  // Legend.
  const ly = 500;
  const legend: [string, string][] = [
    [GREEN, 'meets its goal'],
    [RED, 'misses its goal'],
    [NEUTRAL, 'no goal'],
    [GREY, 'ceiling'],
  ];
  legend.forEach(([colour, label], i) => {
    const x = 70 + i * 170;
    out.push(`<rect x="${x}" y="${ly - 11}" width="14" height="14" fill="${colour}"/>`);
    out.push(text(x + 20, ly, label, `font-size="12" fill="${INK}"`));
  });

  // Footer: the other goals.
  const footer = r.goals.filter((g) => !(g.goal in REQUEST_SCENARIOS));
  footer.forEach((g, i) => {
    const y = 540 + i * 24;
    const badge = g.pass === null ? ['n/a', GREY] : g.pass ? ['PASS', GREEN] : ['MISS', RED];
    out.push(`<rect x="70" y="${y - 14}" width="50" height="19" rx="3" fill="${badge[1]}"/>`);
    out.push(text(95, y, badge[0]!, 'text-anchor="middle" font-size="12" font-weight="bold" fill="#ffffff"'));
    const measured = g.measured.replace(/\s*\((median|max)\b[^)]*\)/g, '');
    out.push(text(132, y, `${g.goal} (${g.target}): ${measured}`, `font-size="12" fill="${INK}"`));
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}
