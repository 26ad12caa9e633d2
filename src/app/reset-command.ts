/**
 * `dialtone reset [--account ID] [--yes]`: wipes DATA_DIR's database (or DATABASE_URL's) of every account's resources,
 * or of one account's, as `POST /_dialtone/reset` does, without a server and whatever `testing.stateControl` says. It
 * asks for confirmation on a terminal (type the account id, or `reset`), and refuses without `--yes` when standard
 * input is not one. A server running on the same database keeps serving: it sees the reset at once (its state is read
 * from the database) and drops the throttling buckets of the accounts reset within a second.
 */
import type { Config } from '../config/config.ts';
import { describeStorage, openStorage } from '../storage/open-storage.ts';
import { resetState, type ResetView } from './state-reset.ts';
import { storageOptions } from './storage-options.ts';

export class ResetError extends Error {}

/** How the command asks for confirmation. */
export interface Confirmation {
  /** Whether standard input is a terminal someone can answer on. */
  interactive: boolean;
  /** Shows `question` and answers the line typed. */
  ask(question: string): Promise<string>;
}

export interface ResetOptions {
  account?: string | undefined;
  yes: boolean;
  json: boolean;
}

/** Runs the reset; answers what to print. @throws ResetError when refused or not confirmed (nothing was removed) */
export async function resetCommand(config: Pick<Config, 'database' | 'dataDir'>, options: ResetOptions, confirmation: Confirmation): Promise<string> {
  const { account } = options;
  if (account !== undefined && !/^\d{12}$/.test(account)) throw new ResetError(`reset: --account: '${account}' must be 12 digits`);
  const where = describeStorage({ databaseUrl: config.database.url, dataDir: config.dataDir });
  const scope = account === undefined ? 'every account' : `account ${account}`;
  if (!options.yes) {
    if (!confirmation.interactive) {
      throw new ResetError(`reset: refusing to wipe ${scope} in ${where} without --yes (standard input is not a terminal to confirm on)`);
    }
    const expected = account ?? 'reset';
    const answer = await confirmation.ask(
      `This removes every order, phone number, voice connector, group, SIP media application and SIP rule of ${scope} in ${where}; ` +
        `accounts and access keys stay.\nType ${expected} to go on: `,
    );
    if (answer.trim() !== expected) throw new ResetError('reset: not confirmed; nothing was removed');
  }
  const storage = await openStorage(storageOptions(config));
  let view: ResetView;
  try {
    view = await resetState(storage, account);
  } finally {
    await storage.close();
  }
  if (options.json) return `${JSON.stringify(view, null, 2)}\n`;
  const lines = Object.entries(view.removed).map(([name, count]) => `  ${name}: ${count}\n`);
  return `dialtone: reset ${scope} in ${where}; removed:\n${lines.join('')}`;
}
