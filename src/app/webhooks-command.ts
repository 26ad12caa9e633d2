/**
 * `dialtone webhooks list|create|delete|dead-letters --account ACCOUNT_ID …`: an account's webhook subscriptions in
 * the database, with or without a server running on it (its worker picks a new subscription up at its next poll).
 *   list                                     the account's subscriptions and where their deliveries stand
 *   create --url URL [--types T1,T2] [--secret S]
 *                                            prints the secret once (generated unless given)
 *   delete ID                                the subscription and its dead letters
 *   dead-letters ID                          events given up on after the retry period, and runs of pruned events
 */
import type { Config } from '../config/config.ts';
import { DomainError } from '../domain/shared/domain-error.ts';
import { systemClock } from '../domain/shared/clock.ts';
import { cryptoIds } from '../domain/shared/ids.ts';
import { openStorage } from '../storage/open-storage.ts';
import { CommandError } from '../tenancy/access-commands.ts';
import { SecretBox, loadMasterKey } from '../tenancy/secret-box.ts';
import { storageOptions } from './storage-options.ts';
import { deadLetterView, subscriptionView, webhookSubscriptions } from './webhooks.ts';

export interface WebhooksCommandInput {
  action: string;
  positionals: string[];
  account?: string;
  url?: string;
  types?: string;
  secret?: string;
  version: string;
}

/** Runs the command; answers what to print (an object, or rows). @throws CommandError for a bad argument or refusal */
export async function webhooksCommand(config: Config, input: WebhooksCommandInput): Promise<Record<string, unknown> | Record<string, unknown>[]> {
  const accountId = input.account;
  if (accountId === undefined || !/^\d{12}$/.test(accountId)) throw new CommandError('give the account with --account ACCOUNT_ID (12 digits)');
  const storage = await openStorage(storageOptions(config));
  try {
    const sealer = new SecretBox(() => loadMasterKey({ envKey: config.masterKey, dataDir: config.dataDir, random: cryptoIds.bytes }), cryptoIds.bytes);
    const { subscriptions, transport } = webhookSubscriptions({ config, storage, clock: systemClock, ids: cryptoIds, sealer, version: input.version });
    try {
      const id = () => {
        const value = input.positionals[0];
        if (value === undefined) throw new CommandError(`webhooks ${input.action} needs the subscription id`);
        return value;
      };
      switch (input.action) {
        case 'list':
          return (await subscriptions.list(accountId)).map((s) => {
            const view = subscriptionView(s);
            const delivery = view.delivery as Record<string, unknown>;
            return { id: view.id, url: view.url, types: view.types ?? 'all', enabled: view.enabled, cursorSeq: delivery.cursorSeq, attempts: delivery.attempts, lastError: delivery.lastError ?? '' };
          });
        case 'create': {
          if (input.url === undefined) throw new CommandError('webhooks create needs --url URL');
          const types = input.types?.split(',').map((t) => t.trim()).filter((t) => t !== '');
          const { subscription, secret } = await subscriptions.create(accountId, { url: input.url, ...(types && { types }), ...(input.secret !== undefined && { secret: input.secret }) });
          return { ...subscriptionView(subscription), secret };
        }
        case 'delete':
          await subscriptions.delete(accountId, id());
          return { deleted: id() };
        case 'dead-letters':
          return (await subscriptions.deadLetters(accountId, id())).map(deadLetterView);
        default:
          throw new CommandError(`unknown action 'webhooks ${input.action}'; use list, create, delete or dead-letters`);
      }
    } catch (error) {
      if (error instanceof DomainError) throw new CommandError(error.message);
      throw error;
    } finally {
      transport.close();
    }
  } finally {
    await storage.close();
  }
}
