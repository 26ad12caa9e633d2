/**
 * Timestamps on the wire, by format: `unixTimestamp` (epoch seconds, a JSON number or decimal text), `iso8601`
 * (RFC 3339 date-time, any offset, optional fraction) and `rfc822` (the HTTP date, IMF-fixdate). Without a
 * `timestampFormat` (the member's first, then the shape's) the location decides: JSON body epoch seconds, header
 * HTTP date, path label and query string ISO 8601. Handlers receive and return `Date`s.
 */
import { isoText } from '../shared/iso-text.ts';
import type { MemberModel, TimestampFormat, TimestampShape } from './model-types.ts';

export type Location = 'body' | 'header' | 'uri' | 'querystring';

const DEFAULTS: Record<Location, TimestampFormat> = { body: 'unixTimestamp', header: 'rfc822', uri: 'iso8601', querystring: 'iso8601' };

export function formatOf(shape: TimestampShape, member: MemberModel | undefined, location: Location): TimestampFormat {
  return member?.timestampFormat ?? shape.timestampFormat ?? DEFAULTS[location];
}

/** The name a validation message gives a format. */
export const FORMAT_NAMES: Record<TimestampFormat, string> = {
  unixTimestamp: 'epoch seconds',
  iso8601: 'an ISO 8601 date-time',
  rfc822: 'an HTTP date',
};

const EPOCH_TEXT = /^-?\d+(?:\.\d+)?$/;
const RFC3339 = /^(\d{4})-(\d\d)-(\d\d)[Tt](\d\d):(\d\d):(\d\d)(?:\.(\d+))?(?:[Zz]|([+-])(\d\d):(\d\d))$/;
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const HTTP_DATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d\d) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d\d):(\d\d):(\d\d)(?:\.(\d+))? GMT$/;

/**
 * The instant `value` names in `format`, or undefined when it names none.
 * @example parseTimestamp('Mon, 16 Dec 2019 23:48:18 GMT', 'rfc822') → 2019-12-16T23:48:18.000Z
 */
export function parseTimestamp(value: unknown, format: TimestampFormat): Date | undefined {
  switch (format) {
    case 'unixTimestamp':
      if (typeof value === 'number') return valid(value * 1000);
      return typeof value === 'string' && EPOCH_TEXT.test(value) ? valid(Number(value) * 1000) : undefined;
    case 'iso8601':
      return typeof value === 'string' ? parseIso(value) : undefined;
    case 'rfc822':
      return typeof value === 'string' ? parseHttpDate(value) : undefined;
  }
}

function parseIso(text: string): Date | undefined {
  const m = RFC3339.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const offset = m[8] ? (m[8] === '-' ? -1 : 1) * (Number(m[9]) * 60 + Number(m[10])) : 0;
  return fromParts(year, month - 1, day, hour, minute, second, m[7], offset);
}

function parseHttpDate(text: string): Date | undefined {
  const m = HTTP_DATE.exec(text);
  if (!m) return undefined;
  const date = fromParts(Number(m[4]), MONTHS.indexOf(m[3]!), Number(m[2]), Number(m[5]), Number(m[6]), Number(m[7]), m[8], 0);
  return date && DAYS[date.getUTCDay()] === m[1] ? date : undefined;
}

/** The instant of UTC-offset wall-clock parts, or undefined when a part is out of range (Feb 30, 24:00, 60 s). */
function fromParts(year: number, month: number, day: number, hour: number, minute: number, second: number, fraction: string | undefined, offsetMinutes: number): Date | undefined {
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const wall = new Date(0);
  wall.setUTCFullYear(year, month, day);
  wall.setUTCHours(hour, minute, second, fraction ? Number(fraction.slice(0, 3).padEnd(3, '0')) : 0);
  if (wall.getUTCFullYear() !== year || wall.getUTCMonth() !== month || wall.getUTCDate() !== day) return undefined;
  return valid(wall.getTime() - offsetMinutes * 60_000);
}

function valid(ms: number): Date | undefined {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * The wire form of an instant: a JSON number for epoch seconds in a body, text everywhere else. ISO 8601 in a body
 * keeps its milliseconds (`…18.000Z`, as dialtone always answered); in a header, label or query value it has them only
 * when they are not zero (`…18Z`, as the SDKs send).
 */
export function formatTimestamp(value: Date, format: TimestampFormat, location: Location): string | number {
  switch (format) {
    case 'unixTimestamp':
      return location === 'body' ? value.getTime() / 1000 : String(value.getTime() / 1000);
    case 'iso8601': {
      const iso = isoText(value);
      return location === 'body' ? iso : iso.replace('.000Z', 'Z');
    }
    case 'rfc822':
      return httpDate(value);
  }
}

function httpDate(value: Date): string {
  if (Number.isNaN(value.getTime())) throw new RangeError('Invalid time value');
  return value.toUTCString();
}
