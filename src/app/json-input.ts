/**
 * The JSON value of a file, or of standard input, however large. Text up to `streamedAbove` bytes is read whole and
 * given to `JSON.parse`; larger text is parsed as a stream of tokens (stream-json) as it is read, and never held as one
 * string or as bytes, since V8's strings end at about 512 MiB: an export of an account of millions of numbers is
 * larger. (The value itself is held whole.)
 */
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { Readable } from 'node:stream';

/** Where the value comes from: a file's path, or standard input's bytes. */
export type JsonSource = { file: string } | { stdin: AsyncIterable<Buffer | string> };

/** Unreadable input (`cannot read …`) or input that is not JSON (`… is not JSON: …`), by `kind`. */
export class JsonInputError extends Error {
  constructor(
    readonly kind: 'unreadable' | 'not-json',
    message: string,
  ) {
    super(message);
  }
}

/** The error of input `name` that could not be read, or of input that is not JSON, with the reason. */
const unreadable = (name: string, error: unknown): JsonInputError => new JsonInputError('unreadable', `cannot read ${name}: ${(error as Error).message}`);
const notJson = (name: string, error: unknown): JsonInputError => new JsonInputError('not-json', `${name} is not JSON: ${(error as Error).message}`);

/** Bytes above which the text is parsed as a stream (well below V8's longest string, whatever the encoding). */
export const STREAMED_ABOVE = 256 * 1024 * 1024;

/** The parsed value, and whether its text was parsed as a stream. */
export interface JsonRead {
  value: unknown;
  streamed: boolean;
}

/**
 * The parsed value; `name` is how errors call the input.
 * @throws JsonInputError
 */
export async function readJson(source: JsonSource, name: string, streamedAbove = STREAMED_ABOVE): Promise<JsonRead> {
  if ('file' in source) {
    let size: number;
    try {
      size = statSync(source.file).size;
    } catch (error) {
      throw unreadable(name, error);
    }
    if (size > streamedAbove) return { value: await parseStream(createReadStream(source.file), name), streamed: true };
    let text: string;
    try {
      text = readFileSync(source.file, 'utf8');
    } catch (error) {
      throw unreadable(name, error);
    }
    return { value: parseText(text, name), streamed: false };
  }
  // Standard input's size is known only at its end: it is read whole up to the bound; past it, what was read and then
  // the rest go to the streamed parser as they come, so that no more than the bound is ever held as bytes.
  const chunks = source.stdin[Symbol.asyncIterator]();
  const read: Buffer[] = [];
  let bytes = 0;
  try {
    while (bytes <= streamedAbove) {
      const next = await chunks.next();
      if (next.done === true) return { value: parseText(Buffer.concat(read, bytes).toString('utf8'), name), streamed: false };
      const buffer = asBuffer(next.value);
      read.push(buffer);
      bytes += buffer.length;
    }
  } catch (error) {
    if (error instanceof JsonInputError) throw error;
    throw unreadable(name, error);
  }
  return { value: await parseStream(Readable.from(rest(read, chunks)), name), streamed: true };
}

const asBuffer = (chunk: Buffer | string): Buffer => (typeof chunk === 'string' ? Buffer.from(chunk) : chunk);

/** The chunks in `read` (each let go once given), then those `chunks` has left; stops `chunks` when stopped early. */
async function* rest(read: Buffer[], chunks: AsyncIterator<Buffer | string>): AsyncGenerator<Buffer> {
  try {
    for (let chunk = read.shift(); chunk !== undefined; chunk = read.shift()) yield chunk;
    for (let next = await chunks.next(); next.done !== true; next = await chunks.next()) yield asBuffer(next.value);
  } finally {
    await chunks.return?.();
  }
}

function parseText(text: string, name: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw notJson(name, error);
  }
}

/** The one value of the text in `bytes`, assembled from stream-json's tokens (loaded at the first large input). */
async function parseStream(bytes: Readable, name: string): Promise<unknown> {
  const [{ default: parser }, { default: Assembler }] = await Promise.all([import('stream-json/parser.js'), import('stream-json/assembler.js')]);
  const tokens = bytes.pipe(parser.asStream());
  return new Promise((resolve, reject) => {
    let values = 0;
    let value: unknown;
    const fail = (error: JsonInputError): void => {
      bytes.destroy();
      tokens.destroy();
      reject(error);
    };
    bytes.once('error', (error) => fail(unreadable(name, error)));
    tokens.once('error', (error) => fail(notJson(name, error)));
    Assembler.connectTo(tokens, {
      onDone: (asm) => {
        values += 1;
        value = asm.current;
      },
    });
    tokens.once('end', () => {
      // JSON.parse takes exactly one value: none (empty text) or a second one after it is no JSON either.
      if (values === 1) resolve(value);
      else fail(notJson(name, new Error(values === 0 ? 'no value' : 'more than one value')));
    });
  });
}
