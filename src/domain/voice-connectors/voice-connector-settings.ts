/**
 * A voice connector's SIP trunk settings, as the domain keeps them: origination (where inbound calls go: the customer's
 * SIP hosts), termination (who may send outbound calls through it: allowed networks, calling regions, calls per
 * second, a default caller id), termination credentials (SIP digest users; only a hash of each password is kept), and
 * its logging and media streaming configurations. Nothing here places a call, writes a log or streams media: the
 * settings are stored, checked as AWS documents them, and answered.
 *
 * The rules AWS documents: an origination has routes or `Disabled`, at most ten routes per connector, `Port` 5060 by
 * default; a termination's `CpsLimit` is 1 by default, its `CallingRegions` (ISO 3166-1 alpha-2) and
 * `CidrAllowedList` (CIDR) are required. Where AWS documents nothing, dialtone's choices (docs/api.md, "Voice connector
 * settings"): a route needs a `Host` (a host name or an IP address), its `Protocol` is TCP by default on a connector
 * that requires encryption (as AWS documents) and UDP otherwise, and UDP is refused there (SIP over TLS runs on TCP);
 * `Priority` and `Weight` are 1 by default; at most 100 allowed networks, calling regions and credentials per connector,
 * at most 10 credentials per call.
 */
import { isIP } from 'node:net';
import { DomainError } from '../shared/domain-error.ts';
import type { EmergencyCalling } from './emergency-calling.ts';
import type { ProxyConfiguration } from './proxy.ts';
import type { ExternalSystemsConfiguration } from './external-systems.ts';

export type OriginationProtocol = 'TCP' | 'UDP';

export interface OriginationRoute {
  host: string;
  port: number;
  protocol: OriginationProtocol;
  priority: number;
  weight: number;
}

export interface Origination {
  routes: OriginationRoute[];
  disabled: boolean;
}

export interface Termination {
  cpsLimit: number;
  defaultPhoneNumber?: string;
  callingRegions: string[];
  cidrAllowedList: string[];
  disabled: boolean;
}

/** A SIP digest user of the connector's termination: its name, and a hash of its password (never the password). */
export interface TerminationCredential {
  username: string;
  passwordHash: string;
}

/** Which logs AWS would write for the connector's calls (to CloudWatch Logs; dialtone writes none). */
export interface LoggingConfiguration {
  enableSipLogs: boolean;
  enableMediaMetricLogs: boolean;
}

export type NotificationTarget = 'EventBridge' | 'SNS' | 'SQS';

/** Media streaming to Kinesis Video Streams (dialtone streams nothing): retention, whom to notify, media insights. */
export interface StreamingConfiguration {
  dataRetentionInHours: number;
  disabled: boolean;
  /** As given (the model allows 1–3). */
  notificationTargets?: NotificationTarget[];
  mediaInsights?: { disabled?: boolean; configurationArn?: string };
}

/** Everything a connector has of these; absent settings were never put, or were deleted. */
export interface VoiceConnectorSettings {
  origination?: Origination;
  termination?: Termination;
  credentials: TerminationCredential[];
  logging?: LoggingConfiguration;
  streaming?: StreamingConfiguration;
  /** Where its emergency calls would be routed (emergency-calling.ts). */
  emergencyCalling?: EmergencyCalling;
  /** How its proxy phone sessions would run (proxy.ts). */
  proxy?: ProxyConfiguration;
  /** The systems that would send it calls to analyse (external-systems.ts). */
  externalSystems?: ExternalSystemsConfiguration;
}

/** A route as a request gives it: every member optional, as in the model. */
export type RouteRequest = Partial<Omit<OriginationRoute, 'protocol'>> & { protocol?: string };

export const MAX_ROUTES = 10;
export const MAX_LIST_ENTRIES = 100;
export const MAX_CREDENTIALS = 100;
/** Credentials one call may put: each costs a password hash (credential-hash.ts). */
export const MAX_CREDENTIALS_PER_CALL = 10;
export const DEFAULT_SIP_PORT = 5060;

/**
 * The origination to store: each route with its defaults filled.
 * @param requireEncryption the connector's, which decides the default protocol and refuses UDP
 * @throws DomainError `invalid`
 */
export function originationOf(request: { routes?: RouteRequest[]; disabled?: boolean }, requireEncryption: boolean): Origination {
  const routes = request.routes ?? [];
  if (routes.length === 0 && request.disabled === undefined) {
    throw new DomainError('invalid', 'Origination needs Routes or Disabled');
  }
  if (routes.length > MAX_ROUTES) {
    throw new DomainError('invalid', `Origination has ${routes.length} routes; a voice connector may have at most ${MAX_ROUTES}`);
  }
  return {
    routes: routes.map((route, index) => {
      const at = `Origination route ${index + 1}`;
      const host = route.host ?? '';
      if (!isHost(host)) throw new DomainError('invalid', `${at} needs a Host: a host name or an IP address`);
      const protocol = route.protocol ?? (requireEncryption ? 'TCP' : 'UDP');
      if (protocol !== 'TCP' && protocol !== 'UDP') throw new DomainError('invalid', `${at}: Protocol must be TCP or UDP`);
      if (requireEncryption && protocol === 'UDP') {
        throw new DomainError('invalid', `${at}: the voice connector requires encryption, which runs SIP over TLS on TCP; UDP is refused`);
      }
      return { host, port: route.port ?? DEFAULT_SIP_PORT, protocol, priority: route.priority ?? 1, weight: route.weight ?? 1 };
    }),
    disabled: request.disabled ?? false,
  };
}

/**
 * The termination to store, with its defaults filled.
 * @throws DomainError `invalid`
 */
export function terminationOf(request: Partial<Termination>): Termination {
  const callingRegions = request.callingRegions ?? [];
  const cidrAllowedList = request.cidrAllowedList ?? [];
  if (callingRegions.length === 0) throw new DomainError('invalid', 'Termination needs CallingRegions: the countries calls may go to (ISO 3166-1 alpha-2)');
  if (cidrAllowedList.length === 0) throw new DomainError('invalid', 'Termination needs CidrAllowedList: the networks allowed to send calls, in CIDR notation');
  for (const [what, list] of [['CallingRegions', callingRegions], ['CidrAllowedList', cidrAllowedList]] as const) {
    if (list.length > MAX_LIST_ENTRIES) throw new DomainError('invalid', `Termination ${what} has ${list.length} entries; at most ${MAX_LIST_ENTRIES}`);
  }
  checkCountryCodes(callingRegions, 'Termination CallingRegions');
  for (const [index, cidr] of cidrAllowedList.entries()) {
    if (!isCidr(cidr)) throw new DomainError('invalid', `Termination CidrAllowedList entry ${index + 1} is not a network in CIDR notation (such as 203.0.113.0/24)`);
  }
  return {
    cpsLimit: request.cpsLimit ?? 1,
    ...(request.defaultPhoneNumber !== undefined && { defaultPhoneNumber: request.defaultPhoneNumber }),
    callingRegions: [...callingRegions],
    cidrAllowedList: [...cidrAllowedList],
    disabled: request.disabled ?? false,
  };
}

/** The logging configuration to store: what is not given is off. */
export function loggingOf(request: Partial<LoggingConfiguration>): LoggingConfiguration {
  return { enableSipLogs: request.enableSipLogs ?? false, enableMediaMetricLogs: request.enableMediaMetricLogs ?? false };
}

/**
 * The streaming configuration to store. The model requires `DataRetentionInHours` (0 or more) and `Disabled`, and bounds
 * the notification targets (1–3, each `EventBridge`, `SNS` or `SQS`); a target given twice is refused.
 * @throws DomainError `invalid`
 */
export function streamingOf(request: StreamingConfiguration): StreamingConfiguration {
  const targets = request.notificationTargets;
  if (targets !== undefined) checkNoRepeats(targets, 'StreamingNotificationTargets');
  return {
    dataRetentionInHours: request.dataRetentionInHours,
    disabled: request.disabled,
    ...(targets !== undefined && { notificationTargets: [...targets] }),
    ...(request.mediaInsights !== undefined && { mediaInsights: { ...request.mediaInsights } }),
  };
}

/**
 * Credentials as a request gives them: each with a username and a password, each username once.
 * @throws DomainError `invalid` (the message names the position, never a username or password: both are sensitive)
 */
export function checkCredentials(credentials: readonly { username?: string; password?: string }[]): { username: string; password: string }[] {
  if (credentials.length > MAX_CREDENTIALS_PER_CALL) {
    throw new DomainError('invalid', `Credentials has ${credentials.length} entries; one call may put at most ${MAX_CREDENTIALS_PER_CALL}`);
  }
  const seen = new Set<string>();
  return credentials.map((credential, index) => {
    const { username = '', password = '' } = credential;
    if (username === '' || password === '') throw new DomainError('invalid', `Credential ${index + 1} needs a Username and a Password`);
    if (seen.has(username)) throw new DomainError('invalid', `Credential ${index + 1} repeats the Username of an earlier credential`);
    seen.add(username);
    return { username, password };
  });
}

/**
 * `current` with `added` (already hashed): a username it has takes the new password hash in its place, a new one goes last.
 * @throws DomainError `invalid` beyond {@link MAX_CREDENTIALS}
 */
export function withCredentials(current: readonly TerminationCredential[], added: readonly TerminationCredential[]): TerminationCredential[] {
  const next = [...current];
  for (const credential of added) {
    const at = next.findIndex((c) => c.username === credential.username);
    if (at === -1) next.push(credential);
    else next[at] = credential;
  }
  if (next.length > MAX_CREDENTIALS) {
    throw new DomainError('invalid', `The voice connector would have ${next.length} termination credentials; at most ${MAX_CREDENTIALS}`);
  }
  return next;
}

/**
 * Each code two capital letters (ISO 3166-1 alpha-2), as a setting's list of countries must be; `what` names the list.
 * @throws DomainError `invalid` naming the first entry that is not
 */
export function checkCountryCodes(codes: readonly string[], what: string): void {
  for (const [index, code] of codes.entries()) {
    if (!/^[A-Z]{2}$/.test(code)) throw new DomainError('invalid', `${what} entry ${index + 1} is not a country code of two capital letters (ISO 3166-1 alpha-2)`);
  }
}

/** @throws DomainError `invalid` naming the first value `what` lists twice */
export function checkNoRepeats(values: readonly string[], what: string): void {
  const seen = new Set<string>();
  for (const value of values) {
    if (seen.has(value)) throw new DomainError('invalid', `${what} lists ${value} more than once`);
    seen.add(value);
  }
}

const LABEL = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;

/** A host name of RFC 1123 labels (at most 253 characters), or an IPv4 or IPv6 address. */
function isHost(host: string): boolean {
  if (isIP(host) !== 0) return true;
  if (host.length === 0 || host.length > 253) return false;
  const labels = (host.endsWith('.') ? host.slice(0, -1) : host).split('.');
  return labels.every((label) => LABEL.test(label)) && !/^\d+$/.test(labels.at(-1)!);
}

/** `address/prefix`: IPv4 with a prefix of 0–32, or IPv6 with 0–128. */
function isCidr(cidr: string): boolean {
  const slash = cidr.indexOf('/');
  if (slash === -1) return false;
  const address = cidr.slice(0, slash);
  const prefix = cidr.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefix)) return false;
  const version = isIP(address);
  return version !== 0 && Number(prefix) <= (version === 4 ? 32 : 128);
}
