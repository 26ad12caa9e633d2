/**
 * The rules of a proxy session's create and update, and how its proxy numbers are chosen. AWS documents the shapes
 * only (two participants, the enums, `ExpiryMinutes` ≥ 1); the rest is dialtone's, written down in docs/api.md
 * ("Proxy sessions"):
 * - the participants are two different valid numbers (kept with their `+`); at least one capability, each once;
 *   a session lasts 1 to 525,600 minutes, by default the connector's `DefaultSessionExpiryMinutes`;
 * - proxy numbers come from the numbers associated with the connector whose country is one of its proxy
 *   configuration's `PhoneNumberPoolCountries`, never a participant's own number;
 * - a number masks a participant in at most one open session of the connector (a call from that participant to it
 *   must find one session);
 * - each participant gets, in this order of preference: with `PreferSticky` (the default) the number it had in the
 *   pair's latest earlier session, with `AvoidSticky` a number it never had with the other participant; a number
 *   matching the geography asked (`GeoMatchLevel`: the country, or the country and the area code, of
 *   `GeoMatchParams` or else of the first participant); the number the first participant got; the lowest number.
 *   Geography and stickiness are preferences: when no free number meets them, another free number is taken.
 * Messages never repeat a participant's number (the models mark them sensitive).
 */
import { classifyNumber, validPhoneNumber } from '../numbers/number-rules.ts';
import { DomainError } from '../shared/domain-error.ts';
import { checkSessionMinutes } from '../voice-connectors/proxy.ts';
import { checkNoRepeats } from '../voice-connectors/voice-connector-settings.ts';
import type { Capability, GeoMatchLevel, GeoMatchParams, NumberSelectionBehavior, Participant, ProxySession } from './proxy-session.ts';

const ORDINALS = ['first', 'second'] as const;

/** The two participants' numbers, with their `+`. @throws DomainError `invalid` */
export function checkParticipants(raw: readonly string[]): [string, string] {
  if (raw.length !== 2) throw new DomainError('invalid', `ParticipantPhoneNumbers must hold exactly 2 numbers, not ${raw.length}`);
  const [first, second] = raw.map((number, i) => validPhoneNumber(number, `The ${ORDINALS[i]} of ParticipantPhoneNumbers`)) as [string, string];
  if (first === second) throw new DomainError('invalid', 'ParticipantPhoneNumbers must be two different numbers');
  return [first, second];
}

/** @throws DomainError `invalid` for no capability or one given twice */
export function checkCapabilities(capabilities: readonly Capability[]): Capability[] {
  if (capabilities.length === 0) throw new DomainError('invalid', 'Capabilities must name Voice, SMS or both');
  checkNoRepeats(capabilities, 'Capabilities');
  return [...capabilities];
}

/** @throws DomainError `invalid` out of 1–525,600, as the connector's default */
export function checkExpiryMinutes(minutes: number): number {
  return checkSessionMinutes(minutes, 'ExpiryMinutes');
}

/** What the choice of proxy numbers reads, all of one voice connector. */
export interface ProxyChoiceInput {
  /** The connector's numbers in its proxy pool's countries. */
  pool: readonly string[];
  participants: readonly [string, string];
  /** The proxy numbers each participant already has in the connector's open sessions. */
  busy: ReadonlyMap<string, ReadonlySet<string>>;
  /** The pair's earlier sessions (either order, any status), newest first. */
  history: readonly Pick<ProxySession, 'participants'>[];
  numberSelectionBehavior?: NumberSelectionBehavior;
  geoMatchLevel?: GeoMatchLevel;
  geoMatchParams?: GeoMatchParams;
}

/**
 * The participants with their proxy numbers, chosen as the file's comment says.
 * @throws DomainError `invalid` when the pool is empty or holds no number free for a participant
 */
export function chooseProxyNumbers(input: ProxyChoiceInput, connectorId: string): [Participant, Participant] {
  const pool = [...new Set(input.pool)].sort();
  if (pool.length === 0) {
    throw new DomainError(
      'invalid',
      `Voice connector ${connectorId} has no proxy phone numbers: associate numbers of its proxy configuration's PhoneNumberPoolCountries with it`,
    );
  }
  const [first, second] = input.participants;
  const geo = geoMatcher(input, first);
  const chosen: Participant[] = [];
  for (const [i, phoneNumber] of input.participants.entries()) {
    const busy = input.busy.get(phoneNumber) ?? new Set<string>();
    const free = pool.filter((n) => n !== first && n !== second && !busy.has(n));
    if (free.length === 0) {
      throw new DomainError(
        'invalid',
        `No proxy phone number of voice connector ${connectorId} is free for the ${ORDINALS[i]} participant: each masks it in an open session already`,
      );
    }
    const earlier = input.history.map((session) => session.participants.find((p) => p.phoneNumber === phoneNumber)?.proxyPhoneNumber).filter((n) => n !== undefined);
    const matching = preferred(free, geo);
    const otherChoice = chosen[0]?.proxyPhoneNumber;
    let proxy: string | undefined;
    if (input.numberSelectionBehavior === 'AvoidSticky') {
      const fresh = preferred(matching, (n) => !earlier.includes(n));
      proxy = otherChoice !== undefined && fresh.includes(otherChoice) ? otherChoice : fresh[0];
    } else {
      proxy = earlier.find((n) => free.includes(n)) ?? (otherChoice !== undefined && matching.includes(otherChoice) ? otherChoice : matching[0]);
    }
    chosen.push({ phoneNumber, proxyPhoneNumber: proxy! });
  }
  return chosen as [Participant, Participant];
}

/** The numbers that meet `test`, or all of them when none does. */
function preferred(numbers: readonly string[], test: ((n: string) => boolean) | undefined): string[] {
  if (test === undefined) return [...numbers];
  const meeting = numbers.filter(test);
  return meeting.length > 0 ? meeting : [...numbers];
}

/** Whether a number matches the geography asked, or undefined when none was asked. */
function geoMatcher(input: ProxyChoiceInput, firstParticipant: string): ((n: string) => boolean) | undefined {
  const level = input.geoMatchLevel;
  if (level === undefined) return undefined;
  const country = input.geoMatchParams?.country || classifyNumber(firstParticipant).country;
  const areaCode = input.geoMatchParams?.areaCode || areaCodeOf(firstParticipant);
  return (n) => classifyNumber(n).country === country && (level === 'Country' || (areaCode !== undefined && areaCodeOf(n) === areaCode));
}

/** The area code of a North American number (+1 and three digits), else undefined. */
export function areaCodeOf(e164: string): string | undefined {
  return /^\+1(\d{3})\d{7}$/.exec(e164)?.[1];
}

/** Whether the connector's number belongs to its proxy pool: its country is one of the pool's. */
export function inPoolCountries(e164: string, countries: readonly string[]): boolean {
  const country = classifyNumber(e164).country;
  return country !== undefined && countries.includes(country);
}
