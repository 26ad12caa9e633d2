/** A carrier so slow that orders stay `Processing` for the whole test (the worker cancels it on close). */
export const FROZEN_CARRIER = { carrier: { latencyMs: 600_000 } };

/** Starts dialtone in-process on 127.0.0.1:0 with a fresh data directory, for end-to-end tests. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChimeClient } from '@aws-sdk/client-chime';
import { loadConfig } from '../../src/config/config.ts';
import { startApp, type App, type AppOptions } from '../../src/main.ts';

export const ALICE = { accountId: '111111111111', accessKeyId: 'AKIDALICE', secretAccessKey: 'alice-secret' };
export const BOB = { accountId: '222222222222', accessKeyId: 'AKIDBOB', secretAccessKey: 'bob-secret' };

/** The configuration file's entry of a test account (`ALICE`, `BOB`…) with its one key, and limits when given. */
export function accountConfig(a: typeof ALICE, limits?: Record<string, number>) {
  return { accountId: a.accountId, credentials: [{ accessKeyId: a.accessKeyId, secretAccessKey: a.secretAccessKey }], ...(limits && { limits }) };
}

export interface TestServer extends App {
  dataDir: string;
  /** Stops and starts again on the same data directory and port. */
  restart(): Promise<TestServer>;
}

/** Data directories made by this test process: removed when it exits (tests read them after their server stops). */
const madeDirs = new Set<string>();

/** A new empty data directory under the system's temp directory, removed when the test process exits. */
export function freshDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dialtone-test-'));
  if (madeDirs.size === 0) process.once('exit', removeMadeDirs);
  madeDirs.add(dir);
  return dir;
}

/** Leaves `dir` (made by {@link freshDataDir}) in place when the process exits: a tool's findings point into it. */
export function keepDataDir(dir: string): void {
  madeDirs.delete(dir);
}

function removeMadeDirs(): void {
  for (const dir of madeDirs) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // Left behind (e.g. a mount point a disk test could not unmount); the system's temp cleaning takes it.
    }
  }
}

/** A config file with Alice and Bob besides the default test/test account. */
export function writeAccountsConfig(dir: string, extra: Record<string, unknown> = {}): string {
  const file = join(dir, 'config.json');
  const accounts = [ALICE, BOB].map((a) => ({
    accountId: a.accountId,
    credentials: [{ accessKeyId: a.accessKeyId, secretAccessKey: a.secretAccessKey }],
  }));
  writeFileSync(file, JSON.stringify({ accounts, ...extra }));
  return file;
}

export async function startTestServer(
  options: {
    dataDir?: string;
    port?: number;
    env?: Record<string, string>;
    /** Extra keys of the configuration file (carrier, inventory, fulfilment, limits, ...). */
    config?: Record<string, unknown>;
  } & Omit<AppOptions, 'config'> = {},
): Promise<TestServer> {
  const dataDir = options.dataDir ?? freshDataDir();
  const config = loadConfig({
    DATA_DIR: dataDir,
    PORT: String(options.port ?? 0),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    // Idle keep-alive connections stay open for a minute (default 5 s): on a loaded machine a client may otherwise
    // reuse a connection at the moment the server closes it, and the tests' clients do not retry.
    DIALTONE_CONFIG: writeAccountsConfig(dataDir, {
      ...options.config,
      // The test's own work (clients, fast-check, sync SQLite reads) runs on the server's event loop here: shedding for
      // event-loop lag would answer it 503 whenever the test, not the server, is busy. Off unless a test sets it;
      // servers in a process of their own (support/process.ts) keep the default.
      http: { keepAliveTimeoutMs: 60_000, maxEventLoopLagMs: 0, ...(options.config?.http as Record<string, unknown> | undefined) },
    }),
    ...options.env,
  });
  const app = await startApp({ ...options, config });
  const port = Number(new URL(app.url).port);
  return {
    ...app,
    dataDir,
    async restart() {
      await app.close();
      return startTestServer({ ...options, dataDir, port });
    },
  };
}

export function chimeClient(
  server: { url: string },
  credentials: { accessKeyId: string; secretAccessKey: string } = { accessKeyId: 'test', secretAccessKey: 'test' },
  region = 'us-east-1',
): ChimeClient {
  return new ChimeClient({ endpoint: server.url, region, credentials, maxAttempts: 1 });
}
