/**
 * The file of `dialtone export` / `dialtone import`: `{"format":"dialtone-export","version":1,...}`, one account's
 * contents as JSON, every timestamp an ISO 8601 UTC string with milliseconds (`2026-11-27T12:14:17.592Z`). The
 * schema of export-schema.ts is the definition of version 1. Here: the mappings between the domain's contents and the
 * file's members, both ways, and the checks of a file's consistency (unique ids, references between its parts) but
 * those of its long lists; export-reader.ts reads and checks a file whole before anything is written.
 */
import type { Order, OrderedNumber } from '../domain/orders/order.ts';
import type { OwnedNumber } from '../domain/phone-numbers/phone-number.ts';
import type { NumberAssociation } from '../domain/ports/associations.ts';
import type { Participant } from '../domain/proxy-sessions/proxy-session.ts';
import type { VoiceAnalyticsTask } from '../domain/voice-analytics/voice-analytics-task.ts';
import type { AccountContents } from './account-contents.ts';
import { EXPORT_FORMAT, EXPORT_VERSION, type ExportDocument } from './export-schema.ts';

export type { ExportDocument };

/** A file that is not an export this dialtone reads: its message says what is wrong, and where. */
export class ExportFormatError extends Error {}

const iso = (date: Date): string => date.toISOString();
const date = (text: string): Date => new Date(text);
const participant = (p: Participant): Participant => ({ phoneNumber: p.phoneNumber, proxyPhoneNumber: p.proxyPhoneNumber });

type TaskMember = NonNullable<ExportDocument['voiceAnalyticsTasks']>[number];

/** A task as the file holds it: the members of both kinds, then those of its own kind that it has. */
function taskMember(t: VoiceAnalyticsTask): TaskMember {
  const both = {
    id: t.id,
    voiceConnectorId: t.voiceConnectorId,
    transactionId: t.transactionId,
    ...(t.clientRequestToken !== undefined && { clientRequestToken: t.clientRequestToken }),
    createdAt: iso(t.createdAt),
    ...(t.stoppedAt !== undefined && { stoppedAt: iso(t.stoppedAt) }),
  };
  if (t.kind === 'voice-tone') return { kind: t.kind, ...both, ...(t.languageCode !== undefined && { languageCode: t.languageCode }) };
  return {
    kind: t.kind,
    ...both,
    ...(t.callLeg !== undefined && { callLeg: t.callLeg }),
    ...(t.voiceProfileDomainId !== undefined && { voiceProfileDomainId: t.voiceProfileDomainId }),
    ...(t.voiceprint !== undefined && { voiceprint: t.voiceprint }),
  };
}

/** The file's content for the account's contents, read at `exportedAt`. Optional members are left out when absent. */
export function toDocument(contents: AccountContents, exportedAt: Date): ExportDocument {
  const logging = (id: string) => contents.sipMediaApplicationLogging.find((entry) => entry.sipMediaApplicationId === id)?.logging;
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: iso(exportedAt),
    accountId: contents.accountId,
    phoneNumberSettings:
      contents.phoneNumberSettings === undefined
        ? null
        : { callingName: contents.phoneNumberSettings.callingName, updatedAt: iso(contents.phoneNumberSettings.callingNameUpdatedAt) },
    ...(contents.globalSettings !== undefined && {
      globalSettings: {
        ...(contents.globalSettings.voiceConnectorCdrBucket !== undefined && { voiceConnectorCdrBucket: contents.globalSettings.voiceConnectorCdrBucket }),
        ...(contents.globalSettings.businessCallingCdrBucket !== undefined && { businessCallingCdrBucket: contents.globalSettings.businessCallingCdrBucket }),
        updatedAt: iso(contents.globalSettings.updatedAt),
      },
    }),
    orders: contents.orders.map(orderMember),
    phoneNumbers: contents.numbers.map(numberMember),
    voiceConnectors: contents.voiceConnectors.map((c) => {
      const trunk = contents.voiceConnectorSettings.find((s) => s.voiceConnectorId === c.id)?.settings;
      return {
        id: c.id,
        name: c.name,
        awsRegion: c.awsRegion,
        requireEncryption: c.requireEncryption,
        ...(c.integrationType !== undefined && { integrationType: c.integrationType }),
        ...(c.networkType !== undefined && { networkType: c.networkType }),
        tags: c.tags.map((t) => ({ key: t.key, value: t.value })),
        ...(trunk?.origination !== undefined && { origination: trunk.origination }),
        ...(trunk?.termination !== undefined && { termination: trunk.termination }),
        ...(trunk !== undefined && trunk.credentials.length > 0 && { terminationCredentials: trunk.credentials }),
        ...(trunk?.logging !== undefined && { loggingConfiguration: trunk.logging }),
        ...(trunk?.streaming !== undefined && { streamingConfiguration: trunk.streaming }),
        ...(trunk?.emergencyCalling !== undefined && { emergencyCallingConfiguration: trunk.emergencyCalling }),
        ...(trunk?.proxy !== undefined && { proxy: trunk.proxy }),
        ...(trunk?.externalSystems !== undefined && { externalSystemsConfiguration: trunk.externalSystems }),
        createdAt: iso(c.createdAt),
        updatedAt: iso(c.updatedAt),
      };
    }),
    voiceConnectorGroups: contents.voiceConnectorGroups.map((g) => ({
      id: g.id,
      region: g.region,
      name: g.name,
      items: g.items.map((i) => ({ voiceConnectorId: i.voiceConnectorId, priority: i.priority })),
      createdAt: iso(g.createdAt),
      updatedAt: iso(g.updatedAt),
    })),
    sipMediaApplications: contents.sipMediaApplications.map((a) => ({
      id: a.id,
      name: a.name,
      awsRegion: a.awsRegion,
      endpoints: a.endpoints.map((e) => ({ lambdaArn: e.lambdaArn })),
      tags: a.tags.map((t) => ({ key: t.key, value: t.value })),
      ...(logging(a.id) !== undefined && { loggingConfiguration: logging(a.id) }),
      createdAt: iso(a.createdAt),
      updatedAt: iso(a.updatedAt),
    })),
    sipRules: contents.sipRules.map((r) => ({
      id: r.id,
      name: r.name,
      disabled: r.disabled,
      triggerType: r.triggerType,
      triggerValue: r.triggerValue,
      targets: r.targets.map((t) => ({ sipMediaApplicationId: t.sipMediaApplicationId, priority: t.priority, awsRegion: t.awsRegion })),
      createdAt: iso(r.createdAt),
      updatedAt: iso(r.updatedAt),
    })),
    ...(contents.voiceProfileDomains.length > 0 && {
      voiceProfileDomains: contents.voiceProfileDomains.map((d) => ({
        id: d.id,
        region: d.region,
        name: d.name,
        ...(d.description !== undefined && { description: d.description }),
        kmsKeyArn: d.kmsKeyArn,
        ...(d.clientRequestToken !== undefined && { clientRequestToken: d.clientRequestToken }),
        tags: d.tags.map((t) => ({ key: t.key, value: t.value })),
        createdAt: iso(d.createdAt),
        updatedAt: iso(d.updatedAt),
      })),
    }),
    ...(contents.proxySessions.length > 0 && {
      proxySessions: contents.proxySessions.map((p) => ({
        id: p.id,
        voiceConnectorId: p.voiceConnectorId,
        ...(p.name !== undefined && { name: p.name }),
        capabilities: [...p.capabilities],
        expiryMinutes: p.expiryMinutes,
        ...(p.numberSelectionBehavior !== undefined && { numberSelectionBehavior: p.numberSelectionBehavior }),
        ...(p.geoMatchLevel !== undefined && { geoMatchLevel: p.geoMatchLevel }),
        ...(p.geoMatchParams !== undefined && { geoMatchParams: { country: p.geoMatchParams.country, areaCode: p.geoMatchParams.areaCode } }),
        participants: [participant(p.participants[0]), participant(p.participants[1])],
        createdAt: iso(p.createdAt),
        updatedAt: iso(p.updatedAt),
      })),
    }),
    ...(contents.voiceProfiles.length > 0 && {
      voiceProfiles: contents.voiceProfiles.map((p) => ({
        id: p.id,
        region: p.region,
        voiceProfileDomainId: p.voiceProfileDomainId,
        voiceprint: p.voiceprint,
        speakerSearchTaskId: p.speakerSearchTaskId,
        createdAt: iso(p.createdAt),
        updatedAt: iso(p.updatedAt),
        expiresAt: iso(p.expiresAt),
      })),
    }),
    ...(contents.voiceAnalyticsTasks.length > 0 && { voiceAnalyticsTasks: contents.voiceAnalyticsTasks.map(taskMember) }),
    associations: contents.associations.map(associationMember),
  };
}

/** An order's number as the file holds it, and as the domain names it: the same members both ways. */
function orderedNumber(n: OrderedNumber): OrderedNumber {
  return { e164: n.e164, status: n.status, ...(n.failureReason !== undefined && { failureReason: n.failureReason }) };
}

/** An order as the file's `orders` holds it. */
export function orderMember(o: Order): ExportDocument['orders'][number] {
  return {
    id: o.id,
    productType: o.productType,
    ...(o.name !== undefined && { name: o.name }),
    status: o.status,
    numbers: o.numbers.map(orderedNumber),
    createdAt: iso(o.createdAt),
    updatedAt: iso(o.updatedAt),
  };
}

/** A number record as the file's `phoneNumbers` holds it. */
export function numberMember(n: OwnedNumber): ExportDocument['phoneNumbers'][number] {
  return {
    e164: n.e164,
    active: n.active !== false,
    status: n.status,
    productType: n.productType,
    type: n.type,
    country: n.country,
    ...(n.orderId !== undefined && { orderId: n.orderId }),
    ...(n.name !== undefined && { name: n.name }),
    ...(n.callingName !== undefined && { callingName: n.callingName }),
    ...(n.callingNameStatus !== undefined && { callingNameStatus: n.callingNameStatus }),
    ...(n.callingNameDueAt !== undefined && { callingNameDueAt: iso(n.callingNameDueAt) }),
    ...(n.deletionAt !== undefined && { deletionAt: iso(n.deletionAt) }),
    ...(n.releasedAt !== undefined && { releasedAt: iso(n.releasedAt) }),
    createdAt: iso(n.createdAt),
    updatedAt: iso(n.updatedAt),
  };
}

/** An association as the file's `associations` holds it. */
export function associationMember(a: NumberAssociation): ExportDocument['associations'][number] {
  return { e164: a.e164, kind: a.target.kind, id: a.target.id, associatedAt: iso(a.associatedAt) };
}

/** Most problems listed in one refusal. */
const MAX_PROBLEMS = 20;

/** The refusal of a file that is not an export at all: not a JSON object, or one without the export's `format`. */
export function notAnExport(): ExportFormatError {
  return new ExportFormatError(`not a dialtone export: expected a JSON object with "format": "${EXPORT_FORMAT}"`);
}

/**
 * Refuses a file's members that are not those of an export of version 1 (`format`, `version`).
 * @throws ExportFormatError
 */
export function refuseOtherFormats(input: unknown): void {
  const head = input as { format?: unknown; version?: unknown } | null;
  if (typeof head !== 'object' || head === null || Array.isArray(head) || head.format !== EXPORT_FORMAT) throw notAnExport();
  if (head.version !== EXPORT_VERSION) {
    throw new ExportFormatError(`export version ${JSON.stringify(head.version)} is not supported: this dialtone reads version ${EXPORT_VERSION}`);
  }
}

/** An order of the file's `orders` as the domain names it. */
export function orderFrom(o: ExportDocument['orders'][number], accountId: string): Order {
  return {
    id: o.id,
    accountId,
    productType: o.productType,
    ...(o.name !== undefined && { name: o.name }),
    status: o.status,
    numbers: o.numbers.map(orderedNumber),
    createdAt: date(o.createdAt),
    updatedAt: date(o.updatedAt),
  };
}

/** A record of the file's `phoneNumbers` as the domain names it. */
export function numberFrom(n: ExportDocument['phoneNumbers'][number], accountId: string): OwnedNumber {
  return {
    e164: n.e164,
    accountId,
    active: n.active,
    status: n.status,
    productType: n.productType,
    type: n.type,
    country: n.country,
    ...(n.orderId !== undefined && { orderId: n.orderId }),
    ...(n.name !== undefined && { name: n.name }),
    ...(n.callingName !== undefined && { callingName: n.callingName }),
    ...(n.callingNameStatus !== undefined && { callingNameStatus: n.callingNameStatus }),
    ...(n.callingNameDueAt !== undefined && { callingNameDueAt: date(n.callingNameDueAt) }),
    ...(n.deletionAt !== undefined && { deletionAt: date(n.deletionAt) }),
    ...(n.releasedAt !== undefined && { releasedAt: date(n.releasedAt) }),
    createdAt: date(n.createdAt),
    updatedAt: date(n.updatedAt),
  };
}

/** An association of the file's `associations` as the domain names it. */
export function associationFrom(a: ExportDocument['associations'][number]): NumberAssociation {
  return { e164: a.e164, target: { kind: a.kind, id: a.id }, associatedAt: date(a.associatedAt) };
}

/** The contents of a checked file (see export-reader.ts, which checks it). */
export function contentsOf(doc: ExportDocument): AccountContents {
  const accountId = doc.accountId;
  return {
    accountId,
    orders: doc.orders.map((o) => orderFrom(o, accountId)),
    numbers: doc.phoneNumbers.map((n) => numberFrom(n, accountId)),
    ...(doc.globalSettings !== undefined && { globalSettings: { ...doc.globalSettings, updatedAt: date(doc.globalSettings.updatedAt) } }),
    ...(doc.phoneNumberSettings !== null && {
      phoneNumberSettings: { callingName: doc.phoneNumberSettings.callingName, callingNameUpdatedAt: date(doc.phoneNumberSettings.updatedAt) },
    }),
    voiceConnectors: doc.voiceConnectors.map(({ origination: _o, termination: _t, terminationCredentials: _c, loggingConfiguration: _l, streamingConfiguration: _s, emergencyCallingConfiguration: _e, proxy: _p, externalSystemsConfiguration: _x, ...c }) => ({
      ...c,
      accountId,
      createdAt: date(c.createdAt),
      updatedAt: date(c.updatedAt),
    })),
    voiceConnectorSettings: doc.voiceConnectors
      .filter((c) => [c.origination, c.termination, c.terminationCredentials, c.loggingConfiguration, c.streamingConfiguration, c.emergencyCallingConfiguration, c.proxy, c.externalSystemsConfiguration].some((x) => x !== undefined))
      .map((c) => ({
        voiceConnectorId: c.id,
        settings: {
          ...(c.origination !== undefined && { origination: c.origination }),
          ...(c.termination !== undefined && { termination: c.termination }),
          credentials: c.terminationCredentials ?? [],
          ...(c.loggingConfiguration !== undefined && { logging: c.loggingConfiguration }),
          ...(c.streamingConfiguration !== undefined && { streaming: c.streamingConfiguration }),
          ...(c.emergencyCallingConfiguration !== undefined && { emergencyCalling: c.emergencyCallingConfiguration }),
          ...(c.proxy !== undefined && { proxy: c.proxy }),
          ...(c.externalSystemsConfiguration !== undefined && { externalSystems: c.externalSystemsConfiguration }),
        },
      })),
    voiceConnectorGroups: doc.voiceConnectorGroups.map((g) => ({ ...g, accountId, createdAt: date(g.createdAt), updatedAt: date(g.updatedAt) })),
    sipMediaApplications: doc.sipMediaApplications.map(({ loggingConfiguration: _l, ...a }) => ({ ...a, accountId, createdAt: date(a.createdAt), updatedAt: date(a.updatedAt) })),
    sipMediaApplicationLogging: doc.sipMediaApplications.flatMap((a) => (a.loggingConfiguration === undefined ? [] : [{ sipMediaApplicationId: a.id, logging: a.loggingConfiguration }])),
    sipRules: doc.sipRules.map((r) => ({ ...r, accountId, createdAt: date(r.createdAt), updatedAt: date(r.updatedAt) })),
    voiceProfileDomains: (doc.voiceProfileDomains ?? []).map((d) => ({ ...d, accountId, createdAt: date(d.createdAt), updatedAt: date(d.updatedAt) })),
    proxySessions: (doc.proxySessions ?? []).map((p) => ({ ...p, accountId, createdAt: date(p.createdAt), updatedAt: date(p.updatedAt) })),
    voiceProfiles: (doc.voiceProfiles ?? []).map((p) => ({ ...p, accountId, createdAt: date(p.createdAt), updatedAt: date(p.updatedAt), expiresAt: date(p.expiresAt) })),
    voiceAnalyticsTasks: (doc.voiceAnalyticsTasks ?? []).map(({ createdAt, stoppedAt, ...t }) => ({
      ...t,
      accountId,
      createdAt: date(createdAt),
      ...(stoppedAt !== undefined && { stoppedAt: date(stoppedAt) }),
    })),
    associations: doc.associations.map(associationFrom),
  };
}

/**
 * What in a well-formed file contradicts itself (and that the database would refuse, or answer oddly for), but in its
 * long lists' items, which export-reader.ts checks as they come.
 */
export function headProblems(doc: ExportDocument): string[] {
  const problems: string[] = [];
  const unique = (what: string, path: string, keys: (string | undefined)[]): Set<string> => {
    const seen = new Set<string>();
    keys.forEach((key, index) => {
      if (key === undefined) return;
      if (seen.has(key)) problems.push(`${path}.${index}: ${what} ${key} appears more than once`);
      seen.add(key);
    });
    return seen;
  };
  const connectors = unique('voice connector', 'voiceConnectors', doc.voiceConnectors.map((c) => c.id));
  unique('voice connector group', 'voiceConnectorGroups', doc.voiceConnectorGroups.map((g) => g.id));
  const applications = unique('SIP media application', 'sipMediaApplications', doc.sipMediaApplications.map((a) => a.id));
  unique('SIP rule', 'sipRules', doc.sipRules.map((r) => r.id));
  unique('voice profile domain', 'voiceProfileDomains', (doc.voiceProfileDomains ?? []).map((d) => d.id));
  unique('voice profile domain ClientRequestToken', 'voiceProfileDomains', (doc.voiceProfileDomains ?? []).map((d) => (d.clientRequestToken === undefined ? undefined : `${d.region} ${d.clientRequestToken}`)));
  unique('proxy session', 'proxySessions', (doc.proxySessions ?? []).map((p) => p.id));
  const profiles = doc.voiceProfiles ?? [];
  const tasks = doc.voiceAnalyticsTasks ?? [];
  unique('voice profile', 'voiceProfiles', profiles.map((p) => p.id));
  // A search's voiceprint enrols one profile (the database keeps it so).
  unique('enrolling speaker search task', 'voiceProfiles', profiles.map((p) => p.speakerSearchTaskId));
  unique('voice analytics task', 'voiceAnalyticsTasks', tasks.map((t) => t.id));
  unique('SIP rule trigger', 'sipRules', doc.sipRules.map((r) => `${r.triggerType} ${r.triggerValue}`));
  doc.voiceConnectorGroups.forEach((g, i) =>
    g.items.forEach((item, j) => {
      if (!connectors.has(item.voiceConnectorId)) problems.push(`voiceConnectorGroups.${i}.items.${j}: no voice connector ${item.voiceConnectorId} in the export`);
    }),
  );
  (doc.proxySessions ?? []).forEach((p, i) => {
    if (!connectors.has(p.voiceConnectorId)) problems.push(`proxySessions.${i}: no voice connector ${p.voiceConnectorId} in the export`);
  });
  const domainRegions = new Map((doc.voiceProfileDomains ?? []).map((d) => [d.id, d.region]));
  profiles.forEach((p, i) => {
    const region = domainRegions.get(p.voiceProfileDomainId);
    if (region === undefined) problems.push(`voiceProfiles.${i}: no voice profile domain ${p.voiceProfileDomainId} in the export`);
    else if (region !== p.region) problems.push(`voiceProfiles.${i}: region ${p.region} is not its voice profile domain's (${region})`);
  });
  // A speaker search's domain is not looked for: a domain without profiles is deleted whatever searches named it, and
  // such a search is still known (and exported) for the rest of its day. Its results are then empty, there as here.
  tasks.forEach((t, i) => {
    if (!connectors.has(t.voiceConnectorId)) problems.push(`voiceAnalyticsTasks.${i}: no voice connector ${t.voiceConnectorId} in the export`);
  });
  doc.sipRules.forEach((r, i) =>
    r.targets.forEach((target, j) => {
      if (!applications.has(target.sipMediaApplicationId)) {
        problems.push(`sipRules.${i}.targets.${j}: no SIP media application ${target.sipMediaApplicationId} in the export`);
      }
    }),
  );
  return problems;
}

/** The first lines of a refusal, and how many more there are. */
export function listed(lines: string[]): string {
  const more = lines.length - MAX_PROBLEMS;
  return [...lines.slice(0, MAX_PROBLEMS), ...(more > 0 ? [`  … and ${more} more`] : [])].join('\n');
}
