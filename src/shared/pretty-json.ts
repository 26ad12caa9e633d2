/**
 * `JSON.stringify(value, null, 2)` of an object, as a sequence of pieces instead of one string: each member of the
 * object, and each item of a member that is an array, is stringified on its own. The pieces joined are the same text
 * byte for byte, but no piece holds more than one item, so a document larger than the longest string V8 can make
 * (about 512 MiB) can still be written, and never sits in memory whole. A member may also be {@link StreamedItems}:
 * an array whose items are read as they are written (an export's orders and numbers, read page by page from the
 * database).
 */

/** A member written as an array of the items `items()` gives, read one at a time as the text is written. */
export class StreamedItems {
  constructor(readonly items: () => AsyncIterable<unknown>) {}
}

/** The pieces of `JSON.stringify(value, null, 2)`, joined into pieces of about `chunkChars` characters or more. */
export async function* prettyJsonChunks(value: Readonly<Record<string, unknown>>, chunkChars = 1 << 20): AsyncGenerator<string> {
  let pending = '';
  for await (const piece of prettyJsonPieces(value)) {
    pending += piece;
    if (pending.length >= chunkChars) {
      yield pending;
      pending = '';
    }
  }
  if (pending !== '') yield pending;
}

async function* prettyJsonPieces(value: Readonly<Record<string, unknown>>): AsyncGenerator<string> {
  // Members that JSON.stringify leaves out of an object: undefined, functions, symbols.
  const members = Object.entries(value).filter(([, member]) => member instanceof StreamedItems || stringified(member) !== undefined);
  if (members.length === 0) {
    yield '{}';
    return;
  }
  yield '{\n';
  for (const [i, [key, member]] of members.entries()) {
    yield `  ${JSON.stringify(key)}: `;
    if (member instanceof StreamedItems) yield* arrayPieces(member.items());
    else if (Array.isArray(member) && !hasToJson(member)) yield* arrayPieces(member);
    else yield indented(stringified(member)!, '  ');
    yield i < members.length - 1 ? ',\n' : '\n';
  }
  yield '}';
}

/** An array member's text, an item at a time: `[]` when it has none. */
async function* arrayPieces(items: Iterable<unknown> | AsyncIterable<unknown>): AsyncGenerator<string> {
  let first = true;
  for await (const item of items) {
    // In an array, what an object would leave out is written as null.
    yield `${first ? '[\n' : ',\n'}    ${indented(stringified(item) ?? 'null', '    ')}`;
    first = false;
  }
  yield first ? '[]' : '\n  ]';
}

const stringified = (value: unknown): string | undefined => JSON.stringify(value, null, 2) as string | undefined;

const hasToJson = (value: object): boolean => typeof (value as { toJSON?: unknown }).toJSON === 'function';

/** `text` with every line after its first indented by `pad` more (JSON text has no raw line break in a string). */
const indented = (text: string, pad: string): string => text.replaceAll('\n', `\n${pad}`);
