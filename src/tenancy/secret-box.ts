/**
 * Secrets at rest: access-key secrets created from the command line are stored AES-256-GCM-encrypted under a master
 * key that never enters the database — from `DIALTONE_MASTER_KEY` (base64 of 32 bytes) or, when that is unset, from
 * `DATA_DIR/master.key` (created with mode 0600 on first use). A copy of the database file alone reveals no secret.
 * Each ciphertext is bound to its access key id (GCM additional data), so ciphertexts cannot be swapped between keys.
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const VERSION = 'v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

/** Where the master key comes from. */
export interface MasterKeySource {
  /** `DIALTONE_MASTER_KEY`, base64 of 32 bytes, when set. */
  envKey?: string;
  /** The data directory; `master.key` is read from (or created in) it when `envKey` is unset. */
  dataDir: string;
  /** Random bytes (for a new key file). */
  random(length: number): Buffer;
}

/** A master key problem that stops the command or the start-up, with a message that says what to do. */
export class MasterKeyError extends Error {}

/** Reads the master key, creating `DATA_DIR/master.key` (0600) when neither it nor `DIALTONE_MASTER_KEY` exists. */
export function loadMasterKey(source: MasterKeySource): Buffer {
  if (source.envKey !== undefined && source.envKey !== '') {
    const key = Buffer.from(source.envKey, 'base64');
    if (key.length !== KEY_BYTES || key.toString('base64') !== source.envKey.trim()) {
      throw new MasterKeyError('DIALTONE_MASTER_KEY must be the base64 encoding of exactly 32 bytes (e.g. `openssl rand -base64 32`)');
    }
    return key;
  }
  const file = join(source.dataDir, 'master.key');
  try {
    mkdirSync(source.dataDir, { recursive: true });
    writeFileSync(file, `${source.random(KEY_BYTES).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600); // whatever the umask
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw new MasterKeyError(`cannot create ${file}: ${(error as Error).message}`);
    }
  }
  if ((statSync(file).mode & 0o077) !== 0) {
    throw new MasterKeyError(`${file} must be readable by its owner only (chmod 600 ${file})`);
  }
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== KEY_BYTES) throw new MasterKeyError(`${file} does not hold a base64 key of 32 bytes`);
  return key;
}

/** Seals and opens secrets with the master key, loaded on first use (a server that never meets one creates no file). */
export class SecretBox {
  #key: Buffer | undefined;
  readonly #load: () => Buffer;
  readonly #random: (length: number) => Buffer;

  /** @param load gives the master key (called once, on first use) */
  constructor(load: () => Buffer, random: (length: number) => Buffer) {
    this.#load = load;
    this.#random = random;
  }

  /** `v1:` + base64(iv ‖ tag ‖ ciphertext), bound to `context` (the access key id). */
  seal(plaintext: string, context: string): string {
    const iv = this.#random(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#masterKey(), iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const encrypted = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return VERSION + Buffer.concat([iv, cipher.getAuthTag(), encrypted]).toString('base64');
  }

  /** @throws MasterKeyError when the value was sealed under another master key or for another context, or is damaged */
  open(sealed: string, context: string): string {
    if (!sealed.startsWith(VERSION)) throw new MasterKeyError('unknown secret format');
    const raw = Buffer.from(sealed.slice(VERSION.length), 'base64');
    if (raw.length < IV_BYTES + TAG_BYTES) throw new MasterKeyError('damaged secret');
    const decipher = createDecipheriv('aes-256-gcm', this.#masterKey(), raw.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    try {
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      throw new MasterKeyError('the secret cannot be decrypted with this master key');
    }
  }

  #masterKey(): Buffer {
    return (this.#key ??= this.#load());
  }
}
