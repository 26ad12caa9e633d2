/**
 * Everything one account can read through the API, as raw answers: every page of every listing (unfiltered and with
 * each filter the models offer) and every get (voice analytics tasks, which no listing shows, by the ids given), through the legacy Chime routes (`/chime`), Chime SDK Voice
 * (`/chime-sdk-voice`) and their union (no prefix), with hand-signed requests. Two servers that hold the same state
 * answer each request with the same bytes; the only part that differs by server is a `NextToken`'s MAC (each database
 * has its own page-token key), so tokens are compared by presence only.
 */
import assert from 'node:assert/strict';
import { sendRaw } from './raw-request.ts';

/** Ids the gets are asked for (besides those the listings show). */
export interface KnownIds {
  orders: string[];
  numbers: string[];
  voiceConnectors: string[];
  voiceConnectorGroups: string[];
  sipMediaApplications: string[];
  sipRules: string[];
  /** Of the signing region (us-east-1): voice profile domains are regional. */
  voiceProfileDomains: string[];
  /** `<voice connector id>/<proxy session id>`: proxy sessions are found on their connector. */
  proxySessions: string[];
  /** Of the signing region, as their domains. */
  voiceProfiles: string[];
  /** `<voice connector id>/<task id>`: tasks are found on their connector, and only by their id (no listing has them). */
  speakerSearchTasks: string[];
  voiceToneAnalysisTasks: string[];
}

export interface ApiState {
  /** `<request> #<page>` → `<status> <body>`, in the order asked. */
  answers: Map<string, string>;
  /** The ids the listings showed, and those given: what the gets were asked for. */
  ids: KnownIds;
}

const PREFIXES = ['/chime', '/chime-sdk-voice', ''];
/** Statuses a dialtone number can have, and the product types: each is a listing filter of both models. */
const STATUSES = ['AcquireInProgress', 'AcquireFailed', 'Unassigned', 'Assigned', 'ReleaseInProgress', 'DeleteInProgress', 'ReleaseFailed', 'DeleteFailed'];
const PRODUCT_TYPES = ['BusinessCalling', 'VoiceConnector', 'SipMediaApplicationDialIn'];
/** Small pages, so that every listing of the fixture spans several. */
const PAGE = 2;

export const emptyIds = (): KnownIds => ({
  orders: [],
  numbers: [],
  voiceConnectors: [],
  voiceConnectorGroups: [],
  sipMediaApplications: [],
  sipRules: [],
  voiceProfileDomains: [],
  proxySessions: [],
  voiceProfiles: [],
  speakerSearchTasks: [],
  voiceToneAnalysisTasks: [],
});

/** Reads the account's whole state from `url` with `credentials`; `known` adds ids to get (another server's, say). */
export async function readApiState(
  url: string,
  credentials: { accessKeyId: string; secretAccessKey: string },
  known: KnownIds = emptyIds(),
): Promise<ApiState> {
  const answers = new Map<string, string>();
  const found: { [K in keyof KnownIds]: Set<string> } = {
    orders: new Set(known.orders),
    numbers: new Set(known.numbers),
    voiceConnectors: new Set(known.voiceConnectors),
    voiceConnectorGroups: new Set(known.voiceConnectorGroups),
    sipMediaApplications: new Set(known.sipMediaApplications),
    sipRules: new Set(known.sipRules),
    voiceProfileDomains: new Set(known.voiceProfileDomains),
    proxySessions: new Set(known.proxySessions),
    voiceProfiles: new Set(known.voiceProfiles),
    speakerSearchTasks: new Set(known.speakerSearchTasks),
    voiceToneAnalysisTasks: new Set(known.voiceToneAnalysisTasks),
  };
  const get = async (target: string, label = target, page = 1): Promise<Record<string, unknown>> => {
    const response = await sendRaw(url, { method: 'GET', target, sign: credentials });
    assert.ok(response.status < 500, `${target}: ${response.status} ${response.body}`);
    answers.set(`${label} #${page}`, `${response.status} ${response.body.replace(/"NextToken":"[^"]*"/g, '"NextToken":"…"')}`);
    return response.status === 200 ? response.json() : {};
  };
  /** Every page of a listing; collects each item's `idMember` (or what `idMember` makes of it) under `into`. */
  const list = async (path: string, query: string, member: string, idMember: string | ((item: Record<string, unknown>) => string), into: keyof KnownIds): Promise<void> => {
    const idOf = typeof idMember === 'string' ? (item: Record<string, unknown>) => item[idMember] as string : idMember;
    const base = `${path}?max-results=${PAGE}${query}`;
    let token: string | undefined;
    for (let page = 1; page <= 500; page++) {
      const body = await get(token === undefined ? base : `${base}&next-token=${encodeURIComponent(token)}`, base, page);
      for (const item of (body[member] as Record<string, unknown>[] | undefined) ?? []) found[into].add(idOf(item));
      token = body.NextToken as string | undefined;
      if (token === undefined) return;
    }
    assert.fail(`${base}: more than 500 pages`);
  };

  for (const prefix of PREFIXES) {
    await list(`${prefix}/phone-number-orders`, '', 'PhoneNumberOrders', 'PhoneNumberOrderId', 'orders');
    await list(`${prefix}/phone-numbers`, '', 'PhoneNumbers', 'PhoneNumberId', 'numbers');
    for (const status of STATUSES) await list(`${prefix}/phone-numbers`, `&status=${status}`, 'PhoneNumbers', 'PhoneNumberId', 'numbers');
    for (const type of PRODUCT_TYPES) await list(`${prefix}/phone-numbers`, `&product-type=${type}`, 'PhoneNumbers', 'PhoneNumberId', 'numbers');
    await list(`${prefix}/voice-connectors`, '', 'VoiceConnectors', 'VoiceConnectorId', 'voiceConnectors');
    await list(`${prefix}/voice-connector-groups`, '', 'VoiceConnectorGroups', 'VoiceConnectorGroupId', 'voiceConnectorGroups');
    await list(`${prefix}/sip-media-applications`, '', 'SipMediaApplications', 'SipMediaApplicationId', 'sipMediaApplications');
    await list(`${prefix}/sip-rules`, '', 'SipRules', 'SipRuleId', 'sipRules');
    await get(`${prefix}/settings/phone-number`);
    await get(`${prefix}/settings`);
    await get(`${prefix}/phone-number-countries?product-type=VoiceConnector`);
    // Only Chime SDK Voice has voice profile domains.
    if (prefix !== '/chime') await list(`${prefix}/voice-profile-domains`, '', 'VoiceProfileDomains', 'VoiceProfileDomainId', 'voiceProfileDomains');
  }
  // The filtered listings and the gets, for every id any listing showed (or that was given).
  for (const prefix of PREFIXES) {
    const filters: [string, Set<string>][] = [
      ['VoiceConnectorId', found.voiceConnectors],
      ['VoiceConnectorGroupId', found.voiceConnectorGroups],
      ['SipRuleId', found.sipRules],
    ];
    for (const [name, ids] of filters) {
      for (const id of [...ids].sort()) {
        await list(`${prefix}/phone-numbers`, `&filter-name=${name}&filter-value=${encodeURIComponent(id)}`, 'PhoneNumbers', 'PhoneNumberId', 'numbers');
      }
    }
    for (const id of [...found.sipMediaApplications].sort()) {
      await list(`${prefix}/sip-rules`, `&sip-media-application=${encodeURIComponent(id)}`, 'SipRules', 'SipRuleId', 'sipRules');
    }
    for (const id of [...found.orders].sort()) await get(`${prefix}/phone-number-orders/${encodeURIComponent(id)}`);
    for (const id of [...found.numbers].sort()) await get(`${prefix}/phone-numbers/${encodeURIComponent(id)}`);
    for (const id of [...found.voiceConnectors].sort()) {
      const connector = await get(`${prefix}/voice-connectors/${encodeURIComponent(id)}`);
      for (const setting of ['origination', 'termination', 'termination/credentials', 'logging-configuration', 'streaming-configuration', 'emergency-calling-configuration', 'programmable-numbers/proxy']) await get(`${prefix}/voice-connectors/${encodeURIComponent(id)}/${setting}`);
      // Only Chime SDK Voice has it.
      if (prefix !== '/chime') await get(`${prefix}/voice-connectors/${encodeURIComponent(id)}/external-systems-configuration`);
      const arn = (connector.VoiceConnector as { VoiceConnectorArn?: string } | undefined)?.VoiceConnectorArn;
      if (arn !== undefined) await get(`${prefix}/tags?arn=${encodeURIComponent(arn)}`);
      // Its proxy sessions (both models): every one, then each status, then each session.
      const sessions = `${prefix}/voice-connectors/${encodeURIComponent(id)}/proxy-sessions`;
      const sessionKey = (item: Record<string, unknown>) => `${item.VoiceConnectorId as string}/${item.ProxySessionId as string}`;
      for (const status of ['', '&status=Open', '&status=Closed']) await list(sessions, status, 'ProxySessions', sessionKey, 'proxySessions');
      for (const key of [...found.proxySessions].sort()) {
        const [connectorId, sessionId] = key.split('/') as [string, string];
        if (connectorId === id) await get(`${sessions}/${encodeURIComponent(sessionId)}`);
      }
    }
    for (const id of [...found.voiceConnectorGroups].sort()) await get(`${prefix}/voice-connector-groups/${encodeURIComponent(id)}`);
    for (const id of [...found.sipMediaApplications].sort()) {
      const application = await get(`${prefix}/sip-media-applications/${encodeURIComponent(id)}`);
      await get(`${prefix}/sip-media-applications/${encodeURIComponent(id)}/logging-configuration`);
      const arn = (application.SipMediaApplication as { SipMediaApplicationArn?: string } | undefined)?.SipMediaApplicationArn;
      if (arn !== undefined) await get(`${prefix}/tags?arn=${encodeURIComponent(arn)}`);
    }
    for (const id of [...found.sipRules].sort()) await get(`${prefix}/sip-rules/${encodeURIComponent(id)}`);
    if (prefix === '/chime') continue;
    for (const id of [...found.voiceProfileDomains].sort()) {
      const domain = await get(`${prefix}/voice-profile-domains/${encodeURIComponent(id)}`);
      const arn = (domain.VoiceProfileDomain as { VoiceProfileDomainArn?: string } | undefined)?.VoiceProfileDomainArn;
      if (arn !== undefined) await get(`${prefix}/tags?arn=${encodeURIComponent(arn)}`);
      await list(`${prefix}/voice-profiles`, `&voice-profile-domain-id=${encodeURIComponent(id)}`, 'VoiceProfiles', 'VoiceProfileId', 'voiceProfiles');
    }
    for (const id of [...found.voiceProfiles].sort()) await get(`${prefix}/voice-profiles/${encodeURIComponent(id)}`);
    // A task's answer holds its status read from the clock and, for a search that succeeded, the profiles it found.
    const onConnector = (key: string) => key.split('/').map(encodeURIComponent) as [string, string];
    for (const key of [...found.speakerSearchTasks].sort()) {
      const [connectorId, taskId] = onConnector(key);
      await get(`${prefix}/voice-connectors/${connectorId}/speaker-search-tasks/${taskId}`);
    }
    for (const key of [...found.voiceToneAnalysisTasks].sort()) {
      const [connectorId, taskId] = onConnector(key);
      for (const leg of ['true', 'false']) await get(`${prefix}/voice-connectors/${connectorId}/voice-tone-analysis-tasks/${taskId}?isCaller=${leg}`);
    }
  }
  const sorted = (set: Set<string>): string[] => [...set].sort();
  return {
    answers,
    ids: {
      orders: sorted(found.orders),
      numbers: sorted(found.numbers),
      voiceConnectors: sorted(found.voiceConnectors),
      voiceConnectorGroups: sorted(found.voiceConnectorGroups),
      sipMediaApplications: sorted(found.sipMediaApplications),
      sipRules: sorted(found.sipRules),
      voiceProfileDomains: sorted(found.voiceProfileDomains),
      proxySessions: sorted(found.proxySessions),
      voiceProfiles: sorted(found.voiceProfiles),
      speakerSearchTasks: sorted(found.speakerSearchTasks),
      voiceToneAnalysisTasks: sorted(found.voiceToneAnalysisTasks),
    },
  };
}

/** Asserts that two states hold the same answers to the same requests, naming the first that differs. */
export function assertSameState(actual: ApiState, expected: ApiState, message: string): void {
  assert.deepEqual([...actual.answers.keys()], [...expected.answers.keys()], `${message}: the same requests`);
  for (const [request, answer] of expected.answers) assert.equal(actual.answers.get(request), answer, `${message}: ${request}`);
  assert.deepEqual(actual.ids, expected.ids, `${message}: the same ids`);
}
