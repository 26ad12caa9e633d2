/**
 * Composition root: config → storage → services → gateway → HTTP server. The only module that picks
 * implementations; it owns start and stop.
 */
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hostname } from 'node:os';
import type { AddressInfo } from 'node:net';
import { staticCredentialStore } from './auth/credentials.ts';
import { ConfigError, isLoopback, type Config } from './config/config.ts';
import { OrderService } from './domain/orders/order-service.ts';
import { OffsetClock, systemClock, type Clock } from './domain/shared/clock.ts';
import { adminEndpoints } from './admin-endpoints.ts';
import { cryptoIds, type IdSource } from './domain/shared/ids.ts';
import { PageTokens } from './domain/shared/page-tokens.ts';
import { authenticator } from './gateway/authenticate.ts';
import { createGateway, type GatewayLogger } from './gateway/gateway.ts';
import { chimeHandlers } from './operations/index.ts';
import type { ServiceModel } from './protocol/model-types.ts';
import { createRouter } from './protocol/router.ts';
import { compileService } from './protocol/service.ts';
import { openSqliteStorage } from './storage/sqlite/open-sqlite-storage.ts';
import { SimulatedCarrier } from './carrier/simulated-carrier.ts';
import { FulfilmentService } from './domain/orders/fulfilment.ts';
import { createNumberingPlan } from './domain/inventory/numbering-plan.ts';
import { InventoryService } from './domain/inventory/inventory-service.ts';
import { FulfilmentWorker } from './worker/fulfilment-worker.ts';

export interface AppOptions {
  config: Config;
  clock?: Clock;
  ids?: IdSource;
  logger?: GatewayLogger;
}

export interface App {
  server: Server;
  worker: FulfilmentWorker;
  /** The address the server listens on, e.g. `http://127.0.0.1:8080`. */
  url: string;
  close(): Promise<void>;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const SPEC_DIR = join(import.meta.dirname, '..', 'spec');

const stderrLogger: GatewayLogger = {
  error(fields, message) {
    const err = fields.err instanceof Error ? { message: fields.err.message, stack: fields.err.stack } : fields.err;
    process.stderr.write(`${JSON.stringify({ level: 'error', time: new Date().toISOString(), msg: message, ...fields, err })}\n`);
  },
};

export function loadChimeModel(): ServiceModel {
  return JSON.parse(readFileSync(join(SPEC_DIR, 'chime-2018-05-01.json'), 'utf8')) as ServiceModel;
}

/** Opens the database, builds the services and starts listening on `config.host:config.port`. */
export async function startApp(options: AppOptions): Promise<App> {
  const { config } = options;
  const testClock = config.testing.clockControl ? new OffsetClock(options.clock ?? systemClock) : undefined;
  const clock = testClock ?? options.clock ?? systemClock;
  const ids = options.ids ?? cryptoIds;
  if (config.defaultCredentialsActive && !config.allowDefaultCredentials && !isLoopback(config.host)) {
    throw new ConfigError(
      `refusing to listen on ${config.host} with the well-known test/test credentials: configure accounts and set ` +
        `"defaultAccount": false in DIALTONE_CONFIG, or set DIALTONE_ALLOW_DEFAULT_CREDENTIALS=true`,
    );
  }
  const chime = compileService(loadChimeModel());
  const storage = await openSqliteStorage({ file: join(config.dataDir, 'dialtone.sqlite') });
  try {
    const tokenKey = await storage.meta.getOrCreate('page-token-key', () => ids.bytes(32).toString('base64'));
    const logger = options.logger ?? stderrLogger;
    const tokens = new PageTokens(Buffer.from(tokenKey, 'base64'));
    const agingMs = config.inventory.agingDays * DAY_MS;
    const inventory = new InventoryService({
      plan: createNumberingPlan({ pool: config.inventory.pool }),
      storage,
      clock,
      tokens,
      agingMs,
      seed: config.inventory.searchSeed,
    });
    const carrier = new SimulatedCarrier({ ...config.carrier, inPool: (e164) => inventory.inPool(e164) });
    const fulfilment = new FulfilmentService({ storage, carrier, clock, agingMs });
    const worker = new FulfilmentWorker({
      jobs: storage.jobs,
      fulfilment,
      clock,
      owner: `${hostname()}:${process.pid}:${ids.uuid().slice(0, 8)}`,
      ...config.fulfilment,
      logger,
    });
    const orders = new OrderService({
      storage,
      clock,
      ids,
      tokens,
      limits: config.limits,
      onCreated: () => worker.wake(),
    });
    const gateway = createGateway({
      defaultService: chime,
      router: createRouter([chime]),
      handlers: chimeHandlers({ orders, inventory }),
      authenticate: authenticator({
        credentials: staticCredentialStore(config.accounts),
        now: () => clock.now(),
        regions: config.regions,
      }),
      admin: adminEndpoints({ ping: () => storage.ping(), clock: testClock }),
      newRequestId: () => ids.uuid(),
      maxBodyBytes: config.limits.maxBodyBytes,
      logger,
    });
    const server = createServer({ requestTimeout: 30_000, headersTimeout: 10_000, keepAliveTimeout: 5_000 }, gateway);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    worker.start();
    const address = server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return {
      server,
      worker,
      url: `http://${host}:${address.port}`,
      async close() {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
        });
        await worker.stop();
        await storage.close();
      },
    };
  } catch (error) {
    await storage.close();
    throw error;
  }
}
