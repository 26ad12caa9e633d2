/**
 * `dialtone accounts …` and `dialtone keys …`: manage command-line accounts and access keys in DATA_DIR's database,
 * with or without a server running on it (a running server sees a change within `access.cacheTtlMs`). Accounts and
 * keys of the configuration file are read-only here: the file wins, so the commands name it instead of changing it.
 */
import type { AccountConfig } from '../config/config.ts';
import type { Clock } from '../domain/shared/clock.ts';
import type { IdSource } from '../domain/shared/ids.ts';
import type { AccessRepository, StoredAccessKey } from '../domain/ports/access.ts';
import { ACTION_PATTERN } from '../auth/access-policy.ts';
import { storedLimits } from './access-directory.ts';
import { parseLimitOverrides } from './limits.ts';
import type { SecretBox } from './secret-box.ts';

/** A refusal of a command (bad argument, unknown id, read-only entry): printed, exit status 1. */
export class CommandError extends Error {}

/** What the commands work on: the stored accounts and keys, the file's accounts, the master key, time and randomness. */
export interface CommandContext {
  access: AccessRepository;
  /** The accounts of the configuration file (read-only here). */
  configAccounts: AccountConfig[];
  box: SecretBox;
  clock: Clock;
  ids: IdSource;
}

/** The parsed command line after `accounts <action>` / `keys <action>`. */
export interface CommandInput {
  positionals: string[];
  limit?: string[];
  account?: string;
  allow?: string;
  deny?: string;
  grace?: string;
}

type Result = Record<string, unknown> | Record<string, unknown>[];

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Runs `accounts <action>`; answers what to print (as JSON or as lines). */
export async function accountsCommand(action: string, input: CommandInput, ctx: CommandContext): Promise<Result> {
  const { access, clock } = ctx;
  const configIds = new Set(ctx.configAccounts.map((a) => a.accountId));
  switch (action) {
    case 'create': {
      const limits = parse(() => parseLimitOverrides(input.limit ?? []));
      const accountId = input.positionals[0] ?? randomAccountId(ctx.ids);
      if (!/^\d{12}$/.test(accountId)) throw new CommandError(`account id '${accountId}' must be 12 digits`);
      if (configIds.has(accountId)) throw new CommandError(`account ${accountId} is defined in the configuration file`);
      const now = clock.now();
      const inserted = await access.insertAccount({ accountId, enabled: true, limits, createdAt: now, updatedAt: now });
      if (!inserted) throw new CommandError(`account ${accountId} already exists`);
      return { accountId, enabled: true, origin: 'cli', limits: limits ?? {} };
    }
    case 'list': {
      const keys = await access.listKeys();
      const keyCount = (id: string, fromFile: number) => fromFile + keys.filter((k) => k.accountId === id).length;
      const fromFile = ctx.configAccounts.map((a) => ({
        accountId: a.accountId, enabled: a.enabled, origin: 'config', keys: keyCount(a.accountId, a.credentials.length), limits: a.limits ?? {},
      }));
      const stored = (await access.listAccounts())
        .filter((a) => !configIds.has(a.accountId))
        .map((a) => ({ accountId: a.accountId, enabled: a.enabled, origin: 'cli', keys: keyCount(a.accountId, 0), limits: storedLimits(a) ?? {} }));
      return [...fromFile, ...stored].sort((a, b) => a.accountId.localeCompare(b.accountId));
    }
    case 'suspend':
    case 'resume': {
      const accountId = required(input.positionals[0], `accounts ${action} ACCOUNT_ID`);
      if (configIds.has(accountId)) {
        throw new CommandError(`account ${accountId} is defined in the configuration file: set "enabled": ${action === 'resume'} there`);
      }
      const enabled = action === 'resume';
      if (!(await access.setAccountEnabled(accountId, enabled, clock.now()))) throw new CommandError(`no account ${accountId}`);
      return { accountId, enabled };
    }
    default:
      throw new CommandError(`unknown command 'accounts ${action}' (create, list, suspend, resume)`);
  }
}

/** Runs `keys <action>`; answers what to print. Secrets are shown by `create` and `rotate` only, once. */
export async function keysCommand(action: string, input: CommandInput, ctx: CommandContext): Promise<Result> {
  const { access, clock, box } = ctx;
  const configKeys = new Map(ctx.configAccounts.flatMap((a) => a.credentials.map((k) => [k.accessKeyId, { account: a, key: k }] as const)));
  const dbKey = async (id: string | undefined, usage: string): Promise<StoredAccessKey> => {
    const accessKeyId = required(id, usage);
    if (configKeys.has(accessKeyId)) throw new CommandError(`access key ${accessKeyId} is defined in the configuration file: change it there`);
    const key = await access.getKey(accessKeyId);
    if (!key) throw new CommandError(`no access key ${accessKeyId}`);
    return key;
  };
  switch (action) {
    case 'create': {
      const accountId = required(input.account ?? input.positionals[0], 'keys create --account ACCOUNT_ID');
      const exists = ctx.configAccounts.some((a) => a.accountId === accountId) || (await access.getAccount(accountId)) !== undefined;
      if (!exists) throw new CommandError(`no account ${accountId} (create it with: dialtone accounts create ${accountId})`);
      const allow = input.allow === undefined ? undefined : patterns(input.allow, '--allow');
      const deny = input.deny === undefined ? [] : patterns(input.deny, '--deny');
      const now = clock.now();
      for (let attempt = 0; attempt < 5; attempt++) {
        const accessKeyId = `AKID${randomChars(ctx.ids, 16)}`;
        if (configKeys.has(accessKeyId)) continue;
        const secretAccessKey = ctx.ids.bytes(30).toString('base64');
        const inserted = await access.insertKey({
          accessKeyId, accountId, secretCiphertext: box.seal(secretAccessKey, accessKeyId), enabled: true, allow, deny, createdAt: now, updatedAt: now,
        });
        if (inserted) return { accessKeyId, secretAccessKey, accountId, enabled: true, allow: allow ?? null, deny };
      }
      throw new CommandError('could not find a free access key id');
    }
    case 'list': {
      const fromFile = ctx.configAccounts
        .filter((a) => input.account === undefined || a.accountId === input.account)
        .flatMap((a) => a.credentials.map((k) => ({
          accessKeyId: k.accessKeyId, accountId: a.accountId, enabled: k.enabled, origin: 'config', allow: k.allow ?? null, deny: k.deny,
        })));
      const stored = (await access.listKeys(input.account))
        .filter((k) => !configKeys.has(k.accessKeyId))
        .map((k) => ({
          accessKeyId: k.accessKeyId, accountId: k.accountId, enabled: k.enabled, origin: 'cli', allow: k.allow ?? null, deny: k.deny,
          createdAt: k.createdAt.toISOString(),
          ...(k.previousValidUntil && k.previousValidUntil > clock.now() && { previousSecretValidUntil: k.previousValidUntil.toISOString() }),
        }));
      return [...fromFile, ...stored];
    }
    case 'disable':
    case 'enable': {
      const key = await dbKey(input.positionals[0], `keys ${action} ACCESS_KEY_ID`);
      await access.setKeyEnabled(key.accessKeyId, action === 'enable', clock.now());
      return { accessKeyId: key.accessKeyId, accountId: key.accountId, enabled: action === 'enable' };
    }
    case 'rotate': {
      const key = await dbKey(input.positionals[0], 'keys rotate ACCESS_KEY_ID [--grace SECONDS]');
      const grace = input.grace === undefined ? 0 : Number(input.grace);
      if (!/^\d+$/.test(input.grace ?? '0') || grace > 30 * 86_400) throw new CommandError('--grace: whole seconds, at most 30 days');
      const now = clock.now();
      const secretAccessKey = ctx.ids.bytes(30).toString('base64');
      const validUntil = grace > 0 ? new Date(now.getTime() + grace * 1000) : undefined;
      await access.rotateKey(key.accessKeyId, {
        secretCiphertext: box.seal(secretAccessKey, key.accessKeyId),
        ...(validUntil && { previousSecretCiphertext: key.secretCiphertext, previousValidUntil: validUntil }),
        at: now,
      });
      return { accessKeyId: key.accessKeyId, accountId: key.accountId, secretAccessKey, previousSecretValidUntil: validUntil?.toISOString() ?? null };
    }
    case 'delete': {
      const key = await dbKey(input.positionals[0], 'keys delete ACCESS_KEY_ID');
      await access.deleteKey(key.accessKeyId);
      return { accessKeyId: key.accessKeyId, accountId: key.accountId, deleted: true };
    }
    default:
      throw new CommandError(`unknown command 'keys ${action}' (create, list, disable, enable, rotate, delete)`);
  }
}

function required(value: string | undefined, usage: string): string {
  if (value === undefined || value === '') throw new CommandError(`usage: dialtone ${usage}`);
  return value;
}

function parse<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw new CommandError((error as Error).message);
  }
}

/** `chime:Get*,chime:ListPhoneNumbers` → validated patterns. */
function patterns(text: string, option: string): string[] {
  const list = text.split(',').map((p) => p.trim()).filter((p) => p !== '');
  for (const pattern of list) {
    if (!ACTION_PATTERN.test(pattern)) {
      throw new CommandError(`${option}: '${pattern}' is not an action such as chime:CreatePhoneNumberOrder, chime:Get*, chime:* or *`);
    }
  }
  return list;
}

function randomChars(ids: IdSource, count: number): string {
  return [...ids.bytes(count)].map((b) => BASE32[b % 32]).join('');
}

function randomAccountId(ids: IdSource): string {
  return [...ids.bytes(12)].map((b, i) => (i === 0 ? 1 + (b % 9) : b % 10)).join('');
}
