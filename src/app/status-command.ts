/**
 * `dialtone status`: asks a running server `GET /_dialtone/status` (its version, database and pending work). The
 * server is `--url`, else HOST and PORT as the server reads them (a wildcard HOST is asked on loopback).
 */
import type { StatusReport } from './status-report.ts';

export interface StatusOutcome {
  /** 0: the server answered; 1: none answered, or it refused. */
  code: 0 | 1;
  stdout: string;
  stderr: string;
}

/** The server's base URL from `--url`, or HOST and PORT (defaults 127.0.0.1 and 8080). */
export function statusUrl(url: string | undefined, env: NodeJS.ProcessEnv): string {
  if (url !== undefined) return url.replace(/\/+$/, '');
  let host = env.HOST || '127.0.0.1';
  if (host === '0.0.0.0') host = '127.0.0.1';
  if (host === '::') host = '::1';
  const port = env.PORT || '8080';
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

export async function statusCommand(options: { url: string; token?: string | undefined; json: boolean; timeoutMs: number }): Promise<StatusOutcome> {
  const target = `${options.url}/_dialtone/status`;
  let response: Response;
  try {
    response = await fetch(target, {
      headers: options.token ? { authorization: `Bearer ${options.token}` } : {},
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (error) {
    return { code: 1, stdout: '', stderr: `dialtone: no server answers at ${options.url} (${reason(error)})\n` };
  }
  const text = await response.text();
  if (response.status !== 200) {
    const message = (() => {
      try {
        return (JSON.parse(text) as { message?: string }).message ?? text;
      } catch {
        return text;
      }
    })();
    return { code: 1, stdout: '', stderr: `dialtone: ${target} answered ${response.status}: ${message.slice(0, 300)}\n` };
  }
  if (options.json) return { code: 0, stdout: `${text}\n`, stderr: '' };
  const report = JSON.parse(text) as StatusReport;
  const lines = [
    `dialtone ${report.version} is up at ${options.url}`,
    `  database: ${report.database}`,
    `  worker: ${report.worker}`,
    `  uptime: ${report.uptimeSeconds} s`,
    `  process: pid ${report.pid}${report.processes > 1 ? ` (one of ${report.processes} workers)` : ''}`,
    `  pending: ${report.pending.ordersProcessing} orders Processing, ${report.pending.jobs} jobs`,
  ];
  return { code: 0, stdout: `${lines.join('\n')}\n`, stderr: '' };
}

/** Why a request got no answer: `connect ECONNREFUSED 127.0.0.1:8080`, `timed out after 5000 ms`, … */
function reason(error: unknown): string {
  if (error instanceof DOMException && error.name === 'TimeoutError') return 'no answer in time';
  const cause = (error as { cause?: { message?: string } }).cause;
  return cause?.message ?? (error as Error).message;
}
