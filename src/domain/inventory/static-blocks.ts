/**
 * The blocks of the inventory that do not come from geocoding data: US toll-free numbers, and a fixed table of
 * numbers in other countries. Every block is 10,000 numbers: a prefix followed by 4 line digits.
 */
import type { NumberType } from '../numbers/number-rules.ts';

/** The NANP toll-free codes Amazon Chime sells (`TollFreePrefix`). Blocks are `+1<prefix><NXX>XXXX`, NXX 200..999. */
export const TOLL_FREE_PREFIXES = ['800', '833', '844', '855', '866', '877', '888'] as const;

/** Numbers in every block: a block is a prefix followed by this many line digits. */
export const LINE_DIGITS = 4;

/**
 * A run of consecutive blocks `+<callingCode><area><exchange>XXXX`, exchange `first`..`last` (same width).
 * Every number of every block is valid for libphonenumber's full metadata, in `country`, with the libphonenumber
 * type of `type` (FIXED_LINE for Local, TOLL_FREE for TollFree); a unit test samples every block.
 */
export interface BlockSeries {
  country: string;
  callingCode: string;
  type: NumberType;
  /** Informative: the city a geographic series serves. */
  place: string;
  area: string;
  first: string;
  last: string;
}

/**
 * Numbers outside the US and Canada. National lengths: GB 10, DE 10 (Berlin, Munich and Hamburg subscriber numbers
 * of 8 digits; toll-free 0800 + 7), FR 9, AU 9 (toll-free 1800 + 6), JP 10 (toll-free 0120 + 6 is 9, 0800 + 7 is 10).
 */
export const FOREIGN_SERIES: readonly BlockSeries[] = [
  { country: 'GB', callingCode: '44', type: 'Local', place: 'London', area: '20', first: '3040', last: '3049' },
  { country: 'GB', callingCode: '44', type: 'Local', place: 'London', area: '20', first: '7060', last: '7069' },
  { country: 'GB', callingCode: '44', type: 'Local', place: 'Manchester', area: '161', first: '230', last: '239' },
  { country: 'GB', callingCode: '44', type: 'Local', place: 'Birmingham', area: '121', first: '240', last: '249' },
  { country: 'GB', callingCode: '44', type: 'Local', place: 'Edinburgh', area: '131', first: '250', last: '259' },
  { country: 'GB', callingCode: '44', type: 'TollFree', place: '', area: '800', first: '020', last: '029' },
  { country: 'GB', callingCode: '44', type: 'TollFree', place: '', area: '808', first: '150', last: '159' },
  { country: 'DE', callingCode: '49', type: 'Local', place: 'Berlin', area: '30', first: '1050', last: '1059' },
  { country: 'DE', callingCode: '49', type: 'Local', place: 'München', area: '89', first: '1060', last: '1069' },
  { country: 'DE', callingCode: '49', type: 'Local', place: 'Hamburg', area: '40', first: '1070', last: '1079' },
  { country: 'DE', callingCode: '49', type: 'TollFree', place: '', area: '800', first: '110', last: '119' },
  { country: 'FR', callingCode: '33', type: 'Local', place: 'Paris', area: '1', first: '4010', last: '4019' },
  { country: 'FR', callingCode: '33', type: 'Local', place: 'Lyon', area: '4', first: '7210', last: '7219' },
  { country: 'FR', callingCode: '33', type: 'Local', place: 'Marseille', area: '4', first: '9110', last: '9119' },
  { country: 'FR', callingCode: '33', type: 'TollFree', place: '', area: '800', first: '20', last: '29' },
  { country: 'FR', callingCode: '33', type: 'TollFree', place: '', area: '805', first: '30', last: '39' },
  { country: 'AU', callingCode: '61', type: 'Local', place: 'Sydney', area: '2', first: '9010', last: '9019' },
  { country: 'AU', callingCode: '61', type: 'Local', place: 'Melbourne', area: '3', first: '9010', last: '9019' },
  { country: 'AU', callingCode: '61', type: 'Local', place: 'Brisbane', area: '7', first: '3010', last: '3019' },
  { country: 'AU', callingCode: '61', type: 'TollFree', place: '', area: '1800', first: '10', last: '19' },
  { country: 'JP', callingCode: '81', type: 'Local', place: 'Tokyo', area: '3', first: '5010', last: '5019' },
  { country: 'JP', callingCode: '81', type: 'Local', place: 'Osaka', area: '6', first: '6010', last: '6019' },
  { country: 'JP', callingCode: '81', type: 'TollFree', place: '', area: '120', first: '20', last: '29' },
  { country: 'JP', callingCode: '81', type: 'TollFree', place: '', area: '800', first: '110', last: '119' },
];

/** One block of the fixed table. */
export interface StaticBlock {
  /** The digits before the line digits, calling code included, without `+`. */
  prefix: string;
  country: string;
  callingCode: string;
  type: NumberType;
  place: string;
}

/** Every block of {@link FOREIGN_SERIES}, ordered by prefix. */
export function foreignBlocks(series: readonly BlockSeries[] = FOREIGN_SERIES): StaticBlock[] {
  const blocks: StaticBlock[] = [];
  for (const s of series) {
    for (let exchange = Number(s.first); exchange <= Number(s.last); exchange++) {
      const prefix = s.callingCode + s.area + String(exchange).padStart(s.first.length, '0');
      blocks.push({ prefix, country: s.country, callingCode: s.callingCode, type: s.type, place: s.place });
    }
  }
  return blocks.sort((a, b) => (a.prefix < b.prefix ? -1 : a.prefix > b.prefix ? 1 : 0));
}
