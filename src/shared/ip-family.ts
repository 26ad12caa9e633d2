/**
 * Whether a text is an IP address, and of which family: what `net.isIP` answers, without its IPv6 regular expression,
 * whose first use costs about 15 ms of CPU (V8 compiles a pattern of eight alternatives) and each later one a few
 * milliseconds more. The grammar is the pattern's: eight groups of 1-4 hex digits separated by `:`, the last two of
 * which may be a dotted IPv4 address; `::` once in place of one or more groups (then at most seven are written); an
 * optional zone (`%` and letters, digits, `-`, `.` or `:`). IPv4: four decimal numbers 0-255 without leading zeros.
 */

/** 4 or 6 for an IPv4 or IPv6 address, else 0 (as `net.isIP`). */
export function ipFamily(text: string): 0 | 4 | 6 {
  if (isIPv4(text)) return 4;
  return isIPv6(text) ? 6 : 0;
}

const IPV4_PART = /^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])$/;
const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;
const ZONE = /^[0-9a-zA-Z\-.:]+$/;

function isIPv4(text: string): boolean {
  const parts = text.split('.');
  return parts.length === 4 && parts.every((part) => IPV4_PART.test(part));
}

function isIPv6(text: string): boolean {
  const percent = text.indexOf('%');
  if (percent >= 0 && !ZONE.test(text.slice(percent + 1))) return false;
  const address = percent >= 0 ? text.slice(0, percent) : text;
  const gap = address.indexOf('::');
  if (gap < 0) return groups(address) === 8;
  if (address.indexOf('::', gap + 1) >= 0) return false;
  const head = address.slice(0, gap);
  const tail = address.slice(gap + 2);
  // An IPv4 tail only ends the address: not before `::`.
  const before = head === '' ? 0 : groups(head, false);
  const after = tail === '' ? 0 : groups(tail);
  return before >= 0 && after >= 0 && before + after <= 7;
}

/** The groups written in `text` (a dotted IPv4 address last counts two), or -1 when it is not groups separated by `:`. */
function groups(text: string, ipv4Last = true): number {
  const parts = text.split(':');
  let count = 0;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (HEX_GROUP.test(part)) count += 1;
    else if (ipv4Last && i === parts.length - 1 && isIPv4(part)) count += 2;
    else return -1;
  }
  return count;
}
