/**
 * The bytes of an import's file, read as often as the import needs (a check, then the writes), each reading hashed so
 * that the writes can tell whether the file changed after its check. Standard input, which can be read once, is copied
 * as it is read the first time into a file of its own (mode 0600, under the system's temporary directory) that the
 * later readings read and {@link ImportInput.close} removes.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type * as FsPromises from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtinOnDemand } from '../shared/builtin-on-demand.ts';

/** A reading's bytes, and then their SHA-256 (once they were all read). */
export interface Reading {
  chunks: AsyncIterable<Buffer>;
  /** The digest of the bytes read; undefined until the reading ended. */
  digest(): string | undefined;
}

export interface ImportInput {
  /** How messages name the input: the file's path, or `standard input`. */
  name: string;
  /** A reading of the bytes from the start. */
  read(): Reading;
  /** Removes standard input's copy. */
  close(): Promise<void>;
}

/** node:fs/promises, loaded when standard input is imported (not at every start of the command line). */
const fsPromises = (): typeof FsPromises => builtinOnDemand<typeof FsPromises>('node:fs/promises');

/** Bytes read at a time from a file. */
const CHUNK_BYTES = 1 << 20;

/** The input of `dialtone import FILE`, or of `dialtone import -` (`stdin`). */
export function importInput(file: string, stdin: AsyncIterable<Buffer | string>): ImportInput {
  if (file !== '-') return { name: file, read: () => hashed(createReadStream(file, { highWaterMark: CHUNK_BYTES })), close: async () => {} };
  /** The copy's directory, made at the first reading; the copy, once standard input was read to its end. */
  let dir: string | undefined;
  let copy: string | undefined;
  let started = false;
  const uncopied = (error: unknown): Error =>
    new Error(`its copy under ${tmpdir()} could not be written (TMPDIR names another directory): ${(error as Error).message}`, { cause: error });
  async function* copyingStdin(): AsyncGenerator<Buffer> {
    let path: string;
    let handle: FsPromises.FileHandle;
    try {
      const { mkdtemp, open } = fsPromises();
      dir = await mkdtemp(join(tmpdir(), 'dialtone-import-'));
      path = join(dir, 'stdin.json');
      handle = await open(path, 'wx', 0o600);
    } catch (error) {
      throw uncopied(error);
    }
    try {
      for await (const chunk of stdin) {
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        await handle.write(bytes).catch((error: unknown) => {
          throw uncopied(error);
        });
        yield bytes;
      }
      copy = path;
    } finally {
      await handle.close();
    }
  }
  return {
    name: 'standard input',
    read: () => {
      if (copy !== undefined) return hashed(createReadStream(copy, { highWaterMark: CHUNK_BYTES }));
      if (started) throw new Error('standard input was not read to its end');
      started = true;
      return hashed(copyingStdin());
    },
    close: async () => {
      if (dir !== undefined) await fsPromises().rm(dir, { recursive: true, force: true });
    },
  };
}

/** The chunks, hashed as they go by (a file's stream gives Buffers). */
function hashed(chunks: AsyncIterable<Buffer>): Reading {
  const hash = createHash('sha256');
  let digest: string | undefined;
  return {
    chunks: (async function* () {
      for await (const chunk of chunks) {
        hash.update(chunk);
        yield chunk;
      }
      digest = hash.digest('hex');
    })(),
    digest: () => digest,
  };
}
