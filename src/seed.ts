/**
 * `dialtone seed`: loads many owned numbers (straight into the database, as `Unassigned`) or many orders (in
 * `Processing`, with their fulfilment jobs, for the worker to fulfil) for demos and benchmarks.
 */
import type { Config } from './config/config.ts';
import { createNumberingPlan } from './domain/inventory/numbering-plan.ts';
import { planUniverse } from './app/numbering-plan-data.ts';
import { FULFIL_ORDER } from './domain/orders/fulfilment.ts';
import type { Order, ProductType } from './domain/orders/order.ts';
import { cryptoIds, timeOrderedUuid } from './domain/shared/ids.ts';
import { DEFAULT_AWS_REGION } from './domain/voice-connectors/voice-connector.ts';
import { newVoiceConnectorId } from './domain/voice-connectors/voice-connector-id.ts';
import { storageOptions } from './app/storage-options.ts';
import { openStorage } from './storage/open-storage.ts';
import type { Storage } from './storage/storage.ts';

export interface SeedOptions {
  accountId: string;
  productType: ProductType;
  /** Owned numbers to add. */
  numbers: number;
  /** Of the numbers added, how many to put on one new voice connector (product type `VoiceConnector` only). */
  onVoiceConnector?: number;
  /** Orders to add, each of `perOrder` numbers. */
  orders: number;
  perOrder: number;
  progress(label: string, done: number, total: number): void;
}

/** Available US local numbers of the numbering plan (not owned, held or aging), block after block, in a fixed order. */
async function* usLocalNumbers(config: Config, storage: Storage): AsyncGenerator<string> {
  const selection = createNumberingPlan({ pool: config.inventory.pool, universe: planUniverse }).select({ country: 'US', type: 'Local' });
  const agingSince = new Date(Date.now() - config.inventory.agingDays * 86_400_000);
  for (let i = 0; i < selection.size; i++) {
    const segment = selection.segment(i);
    const unavailable = await storage.phoneNumbers.unavailableUnder([segment.prefix], agingSince);
    const lines = 10 ** segment.lineDigits;
    for (let line = 0; line < lines; line++) {
      const e164 = segment.prefix + String(line).padStart(segment.lineDigits, '0');
      if (!unavailable.has(e164)) yield e164;
    }
  }
}

/** The next `count` values (fewer at the end); unlike `for…of` with `break`, leaves the generator open. */
async function take(source: AsyncGenerator<string>, count: number): Promise<string[]> {
  const out: string[] = [];
  while (out.length < count) {
    const next = await source.next();
    if (next.done) break;
    out.push(next.value);
  }
  return out;
}

export async function seed(config: Config, options: SeedOptions): Promise<{ numbers: number; orders: number; voiceConnectorId?: string }> {
  const storage = await openStorage(storageOptions(config));
  try {
    const source = usLocalNumbers(config, storage);
    const connector = options.onVoiceConnector ? await seedVoiceConnector(storage, options.accountId) : undefined;
    let toAssociate = options.onVoiceConnector ?? 0;
    let seededNumbers = 0;
    while (seededNumbers < options.numbers) {
      const chunk = await take(source, Math.min(5_000, options.numbers - seededNumbers));
      if (chunk.length === 0) break;
      const at = new Date();
      seededNumbers += await storage.transaction(async (repos) => {
        const inserted = await repos.bulk.insertOwnedNumbers(
          chunk.map((e164) => ({ e164, accountId: options.accountId, productType: options.productType, type: 'Local', country: 'US', at })),
        );
        if (connector !== undefined && toAssociate > 0) {
          // As AssociatePhoneNumbersWithVoiceConnector writes them: the status where the number can take it, then the rows.
          const assigned = await repos.phoneNumbers.markAssigned(options.accountId, chunk.slice(0, toAssociate), { productType: 'VoiceConnector', at });
          await repos.associations.associate(options.accountId, [...assigned], { kind: 'VoiceConnectorId', id: connector }, at);
          toAssociate -= assigned.size;
        }
        return inserted;
      });
      options.progress('numbers', seededNumbers, options.numbers);
    }
    let seededOrders = 0;
    const ids = cryptoIds;
    while (seededOrders < options.orders) {
      const batch: Order[] = [];
      for (let i = 0; i < Math.min(100, options.orders - seededOrders); i++) {
        const numbers = await take(source, options.perOrder);
        if (numbers.length === 0) break;
        const at = new Date();
        batch.push({
          id: timeOrderedUuid(ids, at),
          accountId: options.accountId,
          productType: options.productType,
          status: 'Processing',
          numbers: numbers.map((e164) => ({ e164, status: 'Processing' })),
          createdAt: at,
          updatedAt: at,
        });
      }
      if (batch.length === 0) break;
      await storage.transaction(async (repos) => {
        await repos.orders.insertAll(batch);
        await repos.jobs.enqueueAll(batch.map((order) => ({ id: order.id, kind: FULFIL_ORDER, accountId: order.accountId, runAt: order.createdAt })));
      });
      seededOrders += batch.length;
      options.progress('orders', seededOrders, options.orders);
    }
    // As the databases advise after a bulk load: the planner sees the seeded rows before autovacuum's next visit.
    if (seededNumbers + seededOrders > 0) await storage.refreshStatistics();
    return { numbers: seededNumbers, orders: seededOrders, ...(connector !== undefined && { voiceConnectorId: connector }) };
  } finally {
    await storage.close();
  }
}

/** A new voice connector of the account, named `seeded`, for the numbers that `--on-voice-connector` associates. */
async function seedVoiceConnector(storage: Storage, accountId: string): Promise<string> {
  const at = new Date();
  const id = newVoiceConnectorId(cryptoIds);
  await storage.transaction((repos) =>
    repos.voiceConnectors.insert({ id, accountId, name: 'seeded', awsRegion: DEFAULT_AWS_REGION, requireEncryption: true, tags: [], createdAt: at, updatedAt: at }),
  );
  return id;
}
