/**
 * Scalars as text, for path labels, query values and headers: numbers (with `NaN`, `Infinity`, `-Infinity` for
 * floats), booleans, timestamps by format, blobs in base64, `jsonvalue` headers as base64 JSON; and header lists,
 * comma-separated with double-quoted items where an item holds a comma or a quote.
 */
import { clip } from './clip.ts';
import type { MemberModel, ShapeModel } from './model-types.ts';
import { FORMAT_NAMES, formatOf, formatTimestamp, parseTimestamp, type Location } from './timestamps.ts';
import type { Violations } from './validate.ts';

/** Longest part of a rejected value quoted in a message. */
const MAX_ECHOED_VALUE = 64;
const INTEGER = /^-?\d+$/;
const FLOAT = /^(?:-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|NaN|-?Infinity)$/;

/** The value `text` stands for, or undefined with a violation when it stands for none. */
export function fromText(shape: ShapeModel, member: MemberModel | undefined, text: string, location: Exclude<Location, 'body'>, path: string, violations: Violations): unknown {
  const refuse = (rule: string): undefined => {
    violations.push(`Value '${clip(text, MAX_ECHOED_VALUE)}' at '${path}' failed to satisfy constraint: ${rule}`);
    return undefined;
  };
  switch (shape.type) {
    case 'string':
      if (!member?.jsonvalue) return text;
      try {
        return JSON.parse(Buffer.from(text, 'base64').toString('utf8')) as unknown;
      } catch {
        return refuse('Member must be base64-encoded JSON');
      }
    case 'integer':
    case 'long':
      return INTEGER.test(text) ? Number(text) : refuse('Member must be an integer');
    case 'float':
    case 'double':
      return FLOAT.test(text) ? Number(text) : refuse('Member must be a number');
    case 'boolean':
      return text === 'true' || text === 'false' ? text === 'true' : refuse('Member must be true or false');
    case 'timestamp': {
      const format = formatOf(shape, member, location);
      return parseTimestamp(text, format) ?? refuse(`Member must be a timestamp in ${FORMAT_NAMES[format]}`);
    }
    case 'blob':
      return Buffer.from(text, 'base64');
    default:
      // The model check admits no other shape here.
      throw new Error(`${shape.type} cannot be read from text`);
  }
}

/** The text form of a scalar value. */
export function toText(shape: ShapeModel, member: MemberModel | undefined, value: unknown, location: Exclude<Location, 'body'>): string {
  switch (shape.type) {
    case 'timestamp':
      return String(formatTimestamp(asDate(value), formatOf(shape, member, location), location));
    case 'blob':
      return Buffer.from(value as Uint8Array).toString('base64');
    case 'string':
      return member?.jsonvalue ? Buffer.from(JSON.stringify(value)).toString('base64') : String(value);
    default:
      return String(value);
  }
}

export function asDate(value: unknown): Date {
  return value instanceof Date ? value : new Date(value as string | number);
}

/**
 * The items of a header list. An HTTP date holds a comma itself, so a list of them splits at every second comma.
 * @example splitHeaderList('"b,c", "\\"def\\"", a') → ['b,c', '"def"', 'a']
 */
export function splitHeaderList(text: string, httpDates: boolean): string[] {
  if (text.trim() === '') return [];
  if (httpDates) {
    const parts = text.split(',').map((p) => p.trim());
    const items: string[] = [];
    for (let i = 0; i < parts.length; i += 2) items.push(parts.slice(i, i + 2).join(', '));
    return items;
  }
  const items: string[] = [];
  let i = 0;
  while (i <= text.length) {
    while (text[i] === ' ' || text[i] === '\t') i++;
    if (text[i] === '"') {
      let item = '';
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\' && i + 1 < text.length) i++;
        item += text[i];
        i++;
      }
      items.push(item);
      i = text.indexOf(',', i);
      if (i < 0) break;
      i++;
    } else {
      const end = text.indexOf(',', i);
      items.push(text.slice(i, end < 0 ? undefined : end).trim());
      if (end < 0) break;
      i = end + 1;
    }
  }
  return items;
}

/** A header list: items joined by `, `; a string item with a comma or a double quote is quoted (never an HTTP date). */
export function joinHeaderList(items: string[], strings: boolean): string {
  return items.map((item) => (strings && /[,"]/.test(item) ? `"${item.replace(/["\\]/g, (c) => `\\${c}`)}"` : item)).join(', ');
}
