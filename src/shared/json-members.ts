/**
 * The members of a JSON object read from its bytes as they come, without holding the whole text or value: each member
 * that is an array is given as batches of its items (each batch parsed by `JSON.parse` from about `batchBytes` of
 * text), any other member as its value. A scanner follows the object's own syntax (its keys, colons and commas, and
 * where each item or value ends: strings, escapes and nesting); `JSON.parse` checks every item and value. The members
 * read this way are those `JSON.parse` would give, in the text's order; a text that is not one JSON object is refused
 * by {@link JsonMembersError}, as soon as the fault is reached. A stream-json token stream assembled into the same
 * values took 8-15 s for a 273 MB export where this takes 2.6 (docs/operations.md).
 */

/** One member, or a batch of the items of a member that is an array (`first`: the index of the batch's first item). */
export type JsonMember =
  | { kind: 'value'; key: string; value: unknown }
  | { kind: 'array'; key: string }
  | { kind: 'items'; key: string; first: number; items: unknown[] };

/** Text that is not one JSON object: `message` says what and where (a byte offset, or the member and item). */
export class JsonMembersError extends Error {
  constructor(
    message: string,
    /** Whether the text is JSON of another kind than an object (an array, a string, a number…). */
    readonly notAnObject = false,
  ) {
    super(message);
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

const isSpace = (byte: number): boolean => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
/** The first byte of a JSON value other than an object. */
const startsOtherValue = (byte: number): boolean =>
  byte === OPEN_BRACKET || byte === QUOTE || byte === 0x2d || (byte >= 0x30 && byte <= 0x39) || byte === 0x74 || byte === 0x66 || byte === 0x6e;

const describe = (byte: number): string => (byte >= 0x20 && byte < 0x7f ? `'${String.fromCharCode(byte)}'` : `byte 0x${byte.toString(16).padStart(2, '0')}`);

type State = 'start' | 'key-or-end' | 'key' | 'in-key' | 'colon' | 'value' | 'in-value' | 'item-or-end' | 'item' | 'in-item' | 'after-member' | 'end';

/** Batch size, in bytes of text, of the items parsed at once. */
export const ITEMS_BATCH_BYTES = 256 * 1024;

/**
 * The members of the object in `chunks` (bytes of UTF-8 text), in order.
 * @throws JsonMembersError at the first fault (what `JSON.parse` would refuse), or when members' keys repeat
 */
export async function* jsonMembers(chunks: AsyncIterable<Uint8Array | string>, batchBytes = ITEMS_BATCH_BYTES): AsyncGenerator<JsonMember> {
  const scanner = new Scanner(batchBytes);
  for await (const chunk of chunks) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    yield* scanner.scan(bytes);
  }
  scanner.end();
}

/** Pieces of text held until what they make is complete: a key, a value, or a batch of items. */
class Pieces {
  parts: Buffer[] = [];
  bytes = 0;
  add(part: Buffer): void {
    if (part.length === 0) return;
    this.parts.push(part);
    this.bytes += part.length;
  }
  take(): string {
    return this.takeBytes().toString('utf8');
  }
  takeBytes(): Buffer {
    const bytes = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.bytes);
    this.parts = [];
    this.bytes = 0;
    return bytes;
  }
}

class Scanner {
  private state: State = 'start';
  /** Bytes scanned before the current chunk. */
  private offset = 0;
  private readonly keys = new Set<string>();
  private key = '';
  private readonly held = new Pieces();
  /** Inside a value or an item: its nesting, and whether the scan is inside a string, just after a backslash. */
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** The items of the current array member: how many were given, and the text offsets where held ones end. */
  private itemIndex = 0;
  private batchFirst = 0;
  private batchEnds: number[] = [];

  constructor(private readonly batchBytes: number) {}

  *scan(bytes: Buffer): Generator<JsonMember> {
    let from = 0; // where the part of this chunk that is being held starts
    for (let i = 0; i < bytes.length; i++) {
      const byte = bytes[i]!;
      switch (this.state) {
        case 'in-key':
        case 'in-value':
        case 'in-item': {
          if (this.inString) {
            // Inside a string only an escape and the closing quote matter.
            if (this.escaped) {
              this.escaped = false;
              continue;
            }
            if (byte === BACKSLASH) this.escaped = true;
            else if (byte === QUOTE) {
              this.inString = false;
              if (this.state === 'in-key') {
                this.held.add(bytes.subarray(from, i + 1));
                this.key = this.parse(this.held.take(), 'a key') as string;
                if (this.keys.has(this.key)) this.fail(`member ${JSON.stringify(this.key)} appears twice`, i);
                this.keys.add(this.key);
                this.state = 'colon';
              }
            }
            continue;
          }
          if (byte === QUOTE) this.inString = true;
          else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) this.depth++;
          else if ((byte === CLOSE_BRACE || byte === CLOSE_BRACKET) && this.depth > 0) this.depth--;
          else if (this.depth === 0 && (byte === COMMA || byte === CLOSE_BRACE || byte === CLOSE_BRACKET)) {
            this.held.add(bytes.subarray(from, i));
            if (this.state === 'in-value') {
              if (byte === CLOSE_BRACKET) this.fail(`unexpected ${describe(byte)}`, i);
              yield { kind: 'value', key: this.key, value: this.parse(this.held.take(), `member ${JSON.stringify(this.key)}`) };
              this.state = byte === COMMA ? 'key' : 'end';
            } else {
              if (byte === CLOSE_BRACE) this.fail(`unexpected ${describe(byte)}`, i);
              this.batchEnds.push(this.held.bytes);
              this.itemIndex++;
              if (byte === COMMA) {
                if (this.held.bytes >= this.batchBytes) yield this.batch();
                else this.held.add(bytes.subarray(i, i + 1));
                this.state = 'item';
              } else {
                if (this.batchEnds.length > 0) yield this.batch();
                this.state = 'after-member';
              }
            }
            from = i + 1;
          }
          continue;
        }
        default:
          break;
      }
      if (isSpace(byte)) continue;
      switch (this.state) {
        case 'start':
          if (byte !== OPEN_BRACE) {
            if (startsOtherValue(byte)) throw new JsonMembersError('the text is JSON of another kind than an object, or no JSON', true);
            this.fail(`unexpected ${describe(byte)}`, i);
          }
          this.state = 'key-or-end';
          break;
        case 'key-or-end':
        case 'key':
          if (byte === CLOSE_BRACE && this.state === 'key-or-end') {
            this.state = 'end';
            break;
          }
          if (byte !== QUOTE) this.fail(`expected a member's key, found ${describe(byte)}`, i);
          this.state = 'in-key';
          this.inString = true;
          from = i;
          break;
        case 'colon':
          if (byte !== COLON) this.fail(`expected ':' after key ${JSON.stringify(this.key)}, found ${describe(byte)}`, i);
          this.state = 'value';
          break;
        case 'value':
          if (byte === OPEN_BRACKET) {
            yield { kind: 'array', key: this.key };
            this.itemIndex = 0;
            this.batchFirst = 0;
            this.state = 'item-or-end';
            break;
          }
          this.state = 'in-value';
          this.depth = 0;
          from = i;
          i--; // the value's first byte is scanned as part of it
          break;
        case 'item-or-end':
        case 'item':
          if (byte === CLOSE_BRACKET && this.state === 'item-or-end') {
            this.state = 'after-member';
            break;
          }
          if (byte === COMMA || byte === CLOSE_BRACKET) this.fail(`member ${JSON.stringify(this.key)}: expected an item, found ${describe(byte)}`, i);
          this.state = 'in-item';
          this.depth = 0;
          from = i;
          i--;
          break;
        case 'after-member':
          if (byte === COMMA) this.state = 'key';
          else if (byte === CLOSE_BRACE) this.state = 'end';
          else this.fail(`expected ',' or '}' after member ${JSON.stringify(this.key)}, found ${describe(byte)}`, i);
          break;
        case 'end':
          this.fail(`unexpected ${describe(byte)} after the object`, i);
          break;
        default:
          break;
      }
    }
    if (this.state === 'in-key' || this.state === 'in-value' || this.state === 'in-item') this.held.add(bytes.subarray(from));
    this.offset += bytes.length;
  }

  /** @throws JsonMembersError unless the text ended after the object */
  end(): void {
    if (this.state !== 'end') throw new JsonMembersError(this.state === 'start' ? 'no JSON value (the text is empty)' : `unexpected end of the text at byte ${this.offset}`);
  }

  /** The held items, parsed as one array; the item at fault named when it does not parse. */
  private batch(): JsonMember {
    const ends = this.batchEnds;
    const bytes = this.held.takeBytes();
    this.batchEnds = [];
    const first = this.batchFirst;
    this.batchFirst = this.itemIndex;
    try {
      return { kind: 'items', key: this.key, first, items: JSON.parse(`[${bytes.toString('utf8')}]`) as unknown[] };
    } catch {
      let start = 0;
      ends.forEach((end, n) => {
        this.parse(bytes.toString('utf8', start, end), `member ${JSON.stringify(this.key)}, item ${first + n}`);
        start = end + 1; // past the comma
      });
      // Every item parsed alone: the fault is between them (not reached: the scanner splits only at commas).
      throw new JsonMembersError(`member ${JSON.stringify(this.key)}: items ${first}-${first + ends.length - 1} are not JSON`);
    }
  }

  private parse(text: string, what: string): unknown {
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new JsonMembersError(`${what}: ${(error as Error).message}`);
    }
  }

  private fail(message: string, index: number): never {
    throw new JsonMembersError(`${message} at byte ${this.offset + index}`);
  }
}
