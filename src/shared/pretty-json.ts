/**
 * `JSON.stringify(value, null, 2)` of an object, as a sequence of pieces instead of one string: each member of the
 * object, and each item of a member that is an array, is stringified on its own. The pieces joined are the same text
 * byte for byte, but no piece holds more than one item, so a document larger than the longest string V8 can make
 * (about 512 MiB) can still be written, and never sits in memory whole.
 */

/** The pieces of `JSON.stringify(value, null, 2)`, joined into pieces of about `chunkChars` characters or more. */
export function* prettyJsonChunks(value: Readonly<Record<string, unknown>>, chunkChars = 1 << 20): Generator<string> {
  let pending = '';
  for (const piece of prettyJsonPieces(value)) {
    pending += piece;
    if (pending.length >= chunkChars) {
      yield pending;
      pending = '';
    }
  }
  if (pending !== '') yield pending;
}

function* prettyJsonPieces(value: Readonly<Record<string, unknown>>): Generator<string> {
  // Members that JSON.stringify leaves out of an object: undefined, functions, symbols.
  const members = Object.entries(value).filter(([, member]) => stringified(member) !== undefined);
  if (members.length === 0) {
    yield '{}';
    return;
  }
  yield '{\n';
  for (const [i, [key, member]] of members.entries()) {
    yield `  ${JSON.stringify(key)}: `;
    if (Array.isArray(member) && member.length > 0 && !hasToJson(member)) {
      yield '[\n';
      for (let j = 0; j < member.length; j++) {
        // In an array, what an object would leave out is written as null.
        yield `    ${indented(stringified(member[j]) ?? 'null', '    ')}${j < member.length - 1 ? ',' : ''}\n`;
      }
      yield '  ]';
    } else {
      yield indented(stringified(member)!, '  ');
    }
    yield i < members.length - 1 ? ',\n' : '\n';
  }
  yield '}';
}

const stringified = (value: unknown): string | undefined => JSON.stringify(value, null, 2) as string | undefined;

const hasToJson = (value: object): boolean => typeof (value as { toJSON?: unknown }).toJSON === 'function';

/** `text` with every line after its first indented by `pad` more (JSON text has no raw line break in a string). */
const indented = (text: string, pad: string): string => text.replaceAll('\n', `\n${pad}`);
