/**
 * The street of an address (`StreetInfo`, such as `8th Avenue`) in the form of USPS Publication 28: upper case, the
 * directionals (`North` → `N`) and the suffix (`Avenue` → `AVE`, from the USPS table of appendix C1) abbreviated.
 * dialtone knows no street names: any name of letters, digits and the usual marks is a name.
 */
import streetTypes from 'street-types';

export interface StreetLine {
  preDirectional?: string;
  streetName: string;
  streetSuffix?: string;
  postDirectional?: string;
}

export interface ParsedStreetLine {
  line: StreetLine;
  /** True when a word was replaced by its standard abbreviation; case, spacing and full stops are no correction. */
  corrected: boolean;
}

const DIRECTIONALS: ReadonlyMap<string, string> = new Map([
  ...['N', 'S', 'E', 'W', 'NE', 'NW', 'SE', 'SW'].map((abbr) => [abbr, abbr] as const),
  ['NORTH', 'N'], ['SOUTH', 'S'], ['EAST', 'E'], ['WEST', 'W'],
  ['NORTHEAST', 'NE'], ['NORTHWEST', 'NW'], ['SOUTHEAST', 'SE'], ['SOUTHWEST', 'SW'],
]);

let suffixes: Map<string, string> | undefined;

/** Every spelling of appendix C1 (the suffix, its common abbreviations, the standard one) → the standard one. */
function suffixTable(): Map<string, string> {
  if (suffixes) return suffixes;
  suffixes = new Map();
  for (const type of streetTypes) {
    for (const spelling of [type.standardAbbr, type.suffix, ...type.abbrs]) {
      const key = spelling.trim();
      if (!suffixes.has(key)) suffixes.set(key, type.standardAbbr.trim());
    }
  }
  return suffixes;
}

const NAME = /^[\p{L}\p{N}][\p{L}\p{N} '&/-]*$/u;

/**
 * The street line's parts; `undefined` when it holds no name. A directional or a suffix is only taken as one while a
 * word of the name is left: `North St` is the street named NORTH, `N Main` is MAIN with a directional.
 * @example parseStreetLine('n. main street') → { line: { preDirectional: 'N', streetName: 'MAIN', streetSuffix: 'ST' }, corrected: true }
 * @example parseStreetLine('Avenue of the Americas') → { line: { streetName: 'AVENUE OF THE AMERICAS' }, corrected: false }
 */
export function parseStreetLine(text: string): ParsedStreetLine | undefined {
  const words = text.toUpperCase().split(/\s+/).map((word) => word.replace(/[.,]+$/, '')).filter((word) => word !== '');
  let corrected = false;
  const take = (table: ReadonlyMap<string, string>, at: number): string | undefined => {
    if (words.length < 2) return undefined;
    const word = words[at < 0 ? words.length + at : at]!;
    const standard = table.get(word.replaceAll('.', ''));
    if (standard === undefined) return undefined;
    if (standard !== word.replaceAll('.', '')) corrected = true;
    words.splice(at < 0 ? words.length + at : at, 1);
    return standard;
  };
  const postDirectional = take(DIRECTIONALS, -1);
  const streetSuffix = take(suffixTable(), -1);
  const preDirectional = take(DIRECTIONALS, 0);
  const streetName = words.join(' ');
  if (!NAME.test(streetName)) return undefined;
  const line = {
    ...(preDirectional !== undefined && { preDirectional }),
    streetName,
    ...(streetSuffix !== undefined && { streetSuffix }),
    ...(postDirectional !== undefined && { postDirectional }),
  };
  return { line, corrected };
}

/** The parts as one line, as a candidate address gives it. */
export function streetLineText(line: StreetLine): string {
  return [line.preDirectional, line.streetName, line.streetSuffix, line.postDirectional].filter((part) => part !== undefined).join(' ');
}
