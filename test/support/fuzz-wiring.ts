/**
 * Fuzz templates for what puts numbers to work: voice connectors (and their SIP trunk settings), voice connector
 * groups, SIP media applications, SIP rules, the associations of numbers with them, voice profile domains, the
 * connectors' proxy sessions, the applications' calls, voice analytics tasks and voice profiles, ValidateE911Address, and the tags of connectors, applications and domains. Ids of those resources are made by the server; a test that
 * creates some before fuzzing lists them in `knownWiringIds`, and the templates pick among them (read when each
 * request is generated, so the lists may be filled after this module loads) besides ids that exist nowhere.
 */
import fc from 'fast-check';

/** Ids the server gave to resources that a fuzzing test created before it started (empty: only made-up ids). */
export const knownWiringIds = {
  voiceConnectors: [] as string[],
  voiceConnectorGroups: [] as string[],
  sipMediaApplications: [] as string[],
  sipRules: [] as string[],
  voiceProfileDomains: [] as string[],
  proxySessions: [] as string[],
};

const MADE_UP = ['abcdefghijklmnopqrstuv', 'a'.repeat(300), '%2e%2e', '', '6f1c3a4e-0000-4000-8000-000000000000'];

/** One of `known` most of the time, else an id that exists nowhere (or is no id at all). */
function idFrom(known: string[]): fc.Arbitrary<string> {
  return fc.tuple(fc.nat(), fc.nat({ max: 4 })).map(([i, odds]) => (known.length > 0 && odds > 0 ? known[i % known.length]! : MADE_UP[i % MADE_UP.length]!));
}

const NUMBERS = Array.from({ length: 40 }, (_, i) => `+1206555${String(100 + i).padStart(4, '0')}`);
const numbers = fc.array(fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...NUMBERS) }, { weight: 1, arbitrary: fc.string({ maxLength: 16 }) }), { maxLength: 5 });
const region = fc.constantFrom('us-east-1', 'us-west-2', 'eu-west-2', 'mars-1', '');
const name = fc.oneof({ weight: 4, arbitrary: fc.constantFrom('fuzz', 'Front desk', 'a-b_c') }, { weight: 1, arbitrary: fc.string({ maxLength: 300 }) });
const lambdaArn = fc.constantFrom(
  'arn:aws:lambda:us-east-1:000000000000:function:fuzz',
  'arn:aws:lambda:us-west-2:000000000000:function:fuzz',
  'arn:aws:lambda:us-east-1:000000000000:function:',
  'not-an-arn',
);

const tag = fc.record({ Key: fc.constantFrom('team', 'aws:reserved', 'AWS:x', '', 'k'.repeat(129)), Value: fc.constantFrom('voice', '', 'v'.repeat(257)) });
const route = fc.record(
  {
    Host: fc.constantFrom('pbx.example.com', '203.0.113.9', '2001:db8::1', 'bad host', ''),
    Port: fc.integer({ min: -1, max: 70_000 }),
    Protocol: fc.constantFrom('TCP', 'UDP', 'SCTP'),
    Priority: fc.integer({ min: 0, max: 101 }),
    Weight: fc.integer({ min: 0, max: 101 }),
  },
  { requiredKeys: [] },
);
const cidr = fc.constantFrom('203.0.113.0/24', '2001:db8::/32', '10.0.0.0/33', 'not-a-network', '');

type Query = [string, string][];
interface WiringTemplate {
  method: string;
  path: string;
  query: Query;
  body?: Record<string, unknown>;
}

const connector = idFrom(knownWiringIds.voiceConnectors);
const group = idFrom(knownWiringIds.voiceConnectorGroups);
const application = idFrom(knownWiringIds.sipMediaApplications);
const rule = idFrom(knownWiringIds.sipRules);
const domain = idFrom(knownWiringIds.voiceProfileDomains);
const session = idFrom(knownWiringIds.proxySessions);
const capabilities = fc.subarray(['Voice', 'SMS', 'Voice', 'Fax']);
const stringMap = fc.dictionary(fc.constantFrom('X-Account-Id', 'x-trace', 'User-to-User', 'Diversion', 'Via', 'X-', ''), fc.string({ maxLength: 20 }), { maxKeys: 22 });
/** ValidateE911Address's body: real-looking addresses, near misses and junk, the caller's account or another. */
const emergencyAddress = fc.record({
  AwsAccountId: fc.constantFrom('000000000000', '111111111111', '', ' '),
  StreetNumber: fc.constantFrom('410', '12A', '10 1/2', 'x', '', '9'.repeat(300)),
  StreetInfo: fc.oneof(fc.constantFrom('Terry Avenue North', 'N Main St', 'Avenue of the Americas', 'St', '   '), fc.string({ maxLength: 40 })),
  City: fc.oneof(fc.constantFrom('Seattle', "Coeur d'Alene", '123'), fc.string({ maxLength: 20 })),
  State: fc.constantFrom('WA', 'Washington', 'OR', 'AE', 'zz', ''),
  Country: fc.constantFrom('US', 'USA', 'United States', 'CA', 'u.s.', ''),
  PostalCode: fc.constantFrom('98109', '98109-5210', '00000', '09001', 'ABCDE', '9810', ''),
});
const transaction = fc.constantFrom('6f1c3a4e-0000-4000-8000-000000000000', 'not-a-guid', '%2e%2e');
const expiryMinutes = fc.option(fc.integer({ min: -1, max: 600_000 }), { nil: undefined });
const proxySession = fc.record(
  {
    ParticipantPhoneNumbers: numbers,
    Capabilities: capabilities,
    ExpiryMinutes: expiryMinutes,
    Name: fc.constantFrom('ride 1', '', 'ride-1', 'r'.repeat(31)),
    NumberSelectionBehavior: fc.constantFrom('PreferSticky', 'AvoidSticky', 'Sticky'),
    GeoMatchLevel: fc.constantFrom('Country', 'AreaCode', 'City'),
    GeoMatchParams: fc.record({ Country: fc.constantFrom('US', 'GB', '', 'usa'), AreaCode: fc.constantFrom('206', '425', '', '12') }, { requiredKeys: [] }),
  },
  { requiredKeys: ['ParticipantPhoneNumbers', 'Capabilities'] },
);
const kmsKeyArn = fc.constantFrom(
  'arn:aws:kms:us-east-1:000000000000:key/6f1c3a4e-0000-4000-8000-000000000000',
  'arn:aws:kms:us-west-2:000000000000:key/mrk-1',
  'arn:aws:kms:us-east-1:000000000000:alias/fuzz',
  'arn:aws:s3:::bucket',
  'not-an-arn',
);
const token = fc.oneof(fc.constantFrom('fuzz-token-1', 'fuzz-token-2'), fc.string({ maxLength: 70 }));
const weighted = (weight: number, arbitrary: fc.Arbitrary<WiringTemplate>): fc.WeightedArbitrary<WiringTemplate> => ({ weight, arbitrary });

/** Requests of the wiring operations, before mutation (see fuzz-requests.ts). */
export const wiringTemplate: fc.Arbitrary<WiringTemplate> = fc.oneof(
  weighted(2, fc.record({ Name: name, RequireEncryption: fc.boolean(), AwsRegion: region }).map((body) => ({ method: 'POST', path: '/voice-connectors', query: [], body }))),
  weighted(2, connector.map((id) => ({ method: 'GET', path: `/voice-connectors/${id}`, query: [] }))),
  weighted(1, fc.tuple(connector, name, fc.boolean()).map(([id, Name, RequireEncryption]) => ({ method: 'PUT', path: `/voice-connectors/${id}`, query: [], body: { Name, RequireEncryption } }))),
  weighted(1, connector.map((id) => ({ method: 'DELETE', path: `/voice-connectors/${id}`, query: [] }))),
  weighted(1, fc.constant<WiringTemplate>({ method: 'GET', path: '/voice-connectors', query: [] })),
  weighted(4, fc.tuple(connector, numbers, fc.boolean(), fc.constantFrom('associate-phone-numbers', 'disassociate-phone-numbers')).map(([id, E164PhoneNumbers, ForceAssociate, operation]) => ({
    method: 'POST',
    path: `/voice-connectors/${id}`,
    query: [['operation', operation]] as Query,
    body: operation === 'associate-phone-numbers' ? { E164PhoneNumbers, ForceAssociate } : { E164PhoneNumbers },
  }))),
  weighted(1, fc.tuple(name, fc.array(fc.tuple(connector, fc.integer({ min: 0, max: 100 })), { maxLength: 3 })).map(([Name, items]) => ({
    method: 'POST',
    path: '/voice-connector-groups',
    query: [],
    body: { Name, VoiceConnectorItems: items.map(([VoiceConnectorId, Priority]) => ({ VoiceConnectorId, Priority })) },
  }))),
  weighted(1, group.map((id) => ({ method: 'GET', path: `/voice-connector-groups/${id}`, query: [] }))),
  weighted(1, group.map((id) => ({ method: 'DELETE', path: `/voice-connector-groups/${id}`, query: [] }))),
  weighted(2, fc.tuple(group, numbers, fc.boolean(), fc.constantFrom('associate-phone-numbers', 'disassociate-phone-numbers')).map(([id, E164PhoneNumbers, ForceAssociate, operation]) => ({
    method: 'POST',
    path: `/voice-connector-groups/${id}`,
    query: [['operation', operation]] as Query,
    body: operation === 'associate-phone-numbers' ? { E164PhoneNumbers, ForceAssociate } : { E164PhoneNumbers },
  }))),
  weighted(1, fc.tuple(name, region, lambdaArn).map(([Name, AwsRegion, LambdaArn]) => ({ method: 'POST', path: '/sip-media-applications', query: [], body: { Name, AwsRegion, Endpoints: [{ LambdaArn }] } }))),
  weighted(1, application.map((id) => ({ method: 'GET', path: `/sip-media-applications/${id}`, query: [] }))),
  weighted(1, application.map((id) => ({ method: 'DELETE', path: `/sip-media-applications/${id}`, query: [] }))),
  weighted(2, fc.tuple(name, fc.constantFrom('ToPhoneNumber', 'RequestUriHostname', 'x'), fc.oneof(fc.constantFrom(...NUMBERS), fc.string({ maxLength: 30 })), fc.boolean(), application, region).map(([Name, TriggerType, TriggerValue, Disabled, SipMediaApplicationId, AwsRegion]) => ({
    method: 'POST',
    path: '/sip-rules',
    query: [],
    body: { Name, TriggerType, TriggerValue, Disabled, TargetApplications: [{ SipMediaApplicationId, Priority: 1, AwsRegion }] },
  }))),
  weighted(1, rule.map((id) => ({ method: 'GET', path: `/sip-rules/${id}`, query: [] }))),
  weighted(1, fc.tuple(rule, name, fc.boolean()).map(([id, Name, Disabled]) => ({ method: 'PUT', path: `/sip-rules/${id}`, query: [], body: { Name, Disabled } }))),
  weighted(1, rule.map((id) => ({ method: 'DELETE', path: `/sip-rules/${id}`, query: [] }))),
  // Tags, by the ARNs of known resources (in the first test account, in the region of the signature or another).
  weighted(2, fc.tuple(fc.constantFrom('vc', 'sma', 'voice-profile-domain', 'vcg', 'meeting'), fc.oneof(connector, application, domain), region, tag, fc.constantFrom('tag-resource', 'untag-resource', 'list')).map(
    ([kind, id, arnRegion, t, operation]) => {
      const arn = `arn:aws:chime:${arnRegion}:000000000000:${kind}/${id}`;
      if (operation === 'list') return { method: 'GET', path: '/tags', query: [['arn', arn]] as Query };
      return { method: 'POST', path: '/tags', query: [['operation', operation]] as Query, body: operation === 'tag-resource' ? { ResourceARN: arn, Tags: [t] } : { ResourceARN: arn, TagKeys: [t.Key] } };
    },
  )),
  // Voice profile domains (Chime SDK Voice only).
  weighted(2, fc.tuple(name, fc.option(fc.string({ maxLength: 1100 }), { nil: undefined }), kmsKeyArn, fc.option(token, { nil: undefined }), fc.array(tag, { maxLength: 2 })).map(([Name, Description, KmsKeyArn, ClientRequestToken, Tags]) => ({
    method: 'POST',
    path: '/voice-profile-domains',
    query: [],
    body: { Name, ServerSideEncryptionConfiguration: { KmsKeyArn }, ...(Description !== undefined && { Description }), ...(ClientRequestToken !== undefined && { ClientRequestToken }), ...(Tags.length > 0 && { Tags }) },
  }))),
  weighted(1, domain.map((id) => ({ method: 'GET', path: `/voice-profile-domains/${id}`, query: [] }))),
  weighted(1, fc.tuple(domain, fc.option(name, { nil: undefined }), fc.option(fc.string({ maxLength: 1100 }), { nil: undefined })).map(([id, Name, Description]) => ({
    method: 'PUT',
    path: `/voice-profile-domains/${id}`,
    query: [],
    body: { ...(Name !== undefined && { Name }), ...(Description !== undefined && { Description }) },
  }))),
  weighted(1, domain.map((id) => ({ method: 'DELETE', path: `/voice-profile-domains/${id}`, query: [] }))),
  weighted(1, fc.constant<WiringTemplate>({ method: 'GET', path: '/voice-profile-domains', query: [] })),
  // A connector's SIP trunk settings.
  weighted(2, fc.tuple(connector, fc.array(route, { maxLength: 12 }), fc.option(fc.boolean(), { nil: undefined })).map(([id, Routes, Disabled]) => ({
    method: 'PUT',
    path: `/voice-connectors/${id}/origination`,
    query: [],
    body: { Origination: { Routes, ...(Disabled !== undefined && { Disabled }) } },
  }))),
  weighted(2, fc.tuple(connector, fc.array(fc.constantFrom('US', 'CA', 'us', 'USA', ''), { maxLength: 3 }), fc.array(cidr, { maxLength: 3 }), fc.integer({ min: -1, max: 5 })).map(([id, CallingRegions, CidrAllowedList, CpsLimit]) => ({
    method: 'PUT',
    path: `/voice-connectors/${id}/termination`,
    query: [],
    body: { Termination: { CallingRegions, CidrAllowedList, CpsLimit } },
  }))),
  weighted(1, fc.tuple(connector, fc.array(fc.record({ Username: fc.constantFrom('pbx', 'pbx', '', 'other'), Password: fc.constantFrom('secret', '') }), { maxLength: 3 })).map(([id, Credentials]) => ({
    method: 'POST',
    path: `/voice-connectors/${id}/termination/credentials`,
    query: [['operation', 'put']] as Query,
    body: { Credentials },
  }))),
  weighted(1, fc.tuple(connector, fc.integer({ min: -1, max: 48 }), fc.boolean(), fc.array(fc.constantFrom('EventBridge', 'SNS', 'SQS', 'Kafka'), { maxLength: 4 })).map(([id, DataRetentionInHours, Disabled, targets]) => ({
    method: 'PUT',
    path: `/voice-connectors/${id}/streaming-configuration`,
    query: [],
    body: { StreamingConfiguration: { DataRetentionInHours, Disabled, StreamingNotificationTargets: targets.map((NotificationTarget) => ({ NotificationTarget })) } },
  }))),
  weighted(1, fc.tuple(connector, fc.array(fc.record({ EmergencyPhoneNumber: fc.constantFrom('+12065550911', '12065550911', '911', '+19995550000', ''), TestPhoneNumber: fc.constantFrom('+12065550912', 'x'), CallingCountry: fc.constantFrom('US', 'CA', 'us', 'USA') }, { requiredKeys: ['EmergencyPhoneNumber', 'CallingCountry'] }), { maxLength: 3 })).map(([id, DNIS]) => ({
    method: 'PUT',
    path: `/voice-connectors/${id}/emergency-calling-configuration`,
    query: [],
    body: { EmergencyCallingConfiguration: { DNIS } },
  }))),
  weighted(1, fc.tuple(connector, fc.integer({ min: -1, max: 600_000 }), fc.array(fc.constantFrom('US', 'CA', '', 'us', 'USA'), { maxLength: 3 }), fc.option(fc.constantFrom('+12065550100', '12065550100', '+19995550000', 'x'), { nil: undefined }), fc.option(fc.boolean(), { nil: undefined })).map(([id, DefaultSessionExpiryMinutes, PhoneNumberPoolCountries, FallBackPhoneNumber, Disabled]) => ({
    method: 'PUT',
    path: `/voice-connectors/${id}/programmable-numbers/proxy`,
    query: [],
    body: { DefaultSessionExpiryMinutes, PhoneNumberPoolCountries, ...(FallBackPhoneNumber !== undefined && { FallBackPhoneNumber }), ...(Disabled !== undefined && { Disabled }) },
  }))),
  weighted(1, fc.tuple(connector, fc.subarray(['RIBBON_SBC', 'AVAYA_SBCE', 'AVAYA_SBCE', 'KAMAILIO']), fc.option(fc.subarray(['GENESYS_ENGAGE_ON_PREMISES', 'x']), { nil: undefined })).map(([id, SessionBorderControllerTypes, ContactCenterSystemTypes]) => ({
    method: 'PUT',
    path: `/voice-connectors/${id}/external-systems-configuration`,
    query: [],
    body: { SessionBorderControllerTypes, ...(ContactCenterSystemTypes !== undefined && { ContactCenterSystemTypes }) },
  }))),
  weighted(1, fc.tuple(application, fc.option(fc.boolean(), { nil: undefined })).map(([id, enabled]) => ({
    method: 'PUT',
    path: `/sip-media-applications/${id}/logging-configuration`,
    query: [],
    body: enabled === undefined ? {} : { SipMediaApplicationLoggingConfiguration: { EnableSipMediaApplicationMessageLogs: enabled } },
  }))),
  weighted(1, application.map((id) => ({ method: 'GET', path: `/sip-media-applications/${id}/logging-configuration`, query: [] }))),
  weighted(2, fc.tuple(connector, fc.constantFrom('origination', 'termination', 'termination/credentials', 'logging-configuration', 'streaming-configuration', 'emergency-calling-configuration', 'programmable-numbers/proxy', 'external-systems-configuration'), fc.constantFrom('GET', 'DELETE')).map(([id, setting, method]) => ({
    method,
    path: `/voice-connectors/${id}/${setting}`,
    query: [],
  }))),
  weighted(3, fc.tuple(connector, proxySession).map(([id, body]) => ({ method: 'POST', path: `/voice-connectors/${id}/proxy-sessions`, query: [], body }))),
  weighted(2, fc.tuple(connector, session, fc.constantFrom('GET', 'DELETE')).map(([id, sid, method]) => ({ method, path: `/voice-connectors/${id}/proxy-sessions/${sid}`, query: [] }))),
  weighted(1, fc.tuple(connector, session, capabilities, expiryMinutes).map(([id, sid, Capabilities, ExpiryMinutes]) => ({
    method: 'POST',
    path: `/voice-connectors/${id}/proxy-sessions/${sid}`,
    query: [],
    body: { Capabilities, ...(ExpiryMinutes !== undefined && { ExpiryMinutes }) },
  }))),
  weighted(1, fc.tuple(connector, fc.constantFrom('Open', 'Closed', 'InProgress', 'open', '')).map(([id, status]) => ({
    method: 'GET',
    path: `/voice-connectors/${id}/proxy-sessions`,
    query: [['status', status]] as Query,
  }))),
  weighted(2, fc.tuple(application, fc.constantFrom(...NUMBERS), numbers, stringMap, stringMap).map(([id, FromPhoneNumber, to, SipHeaders, ArgumentsMap]) => ({
    method: 'POST',
    path: `/sip-media-applications/${id}/calls`,
    query: [],
    body: { FromPhoneNumber, ToPhoneNumber: to[0] ?? '', SipHeaders, ArgumentsMap },
  }))),
  weighted(1, fc.tuple(application, transaction, stringMap).map(([id, tx, Arguments]) => ({ method: 'POST', path: `/sip-media-applications/${id}/calls/${tx}`, query: [], body: { Arguments } }))),
  weighted(2, emergencyAddress.map((body) => ({ method: 'POST', path: '/emergency-calling/address', query: [], body }))),
  weighted(2, fc.tuple(connector, fc.constantFrom('call-1', 'call-2', ' ', 'x'.repeat(300)), domain, fc.option(fc.constantFrom('Caller', 'Callee', 'Both'), { nil: undefined }), fc.option(fc.constantFrom('token-1', 'bad token!'), { nil: undefined })).map(([id, TransactionId, VoiceProfileDomainId, CallLeg, ClientRequestToken]) => ({
    method: 'POST',
    path: `/voice-connectors/${id}/speaker-search-tasks`,
    query: [],
    body: { TransactionId, VoiceProfileDomainId, ...(CallLeg !== undefined && { CallLeg }), ...(ClientRequestToken !== undefined && { ClientRequestToken }) },
  }))),
  weighted(1, fc.tuple(connector, fc.constantFrom('call-1', 'call-2'), fc.constantFrom('en-US', 'fr-FR', '')).map(([id, TransactionId, LanguageCode]) => ({
    method: 'POST',
    path: `/voice-connectors/${id}/voice-tone-analysis-tasks`,
    query: [],
    body: { TransactionId, LanguageCode },
  }))),
  weighted(2, fc.tuple(connector, fc.constantFrom('speaker-search-tasks', 'voice-tone-analysis-tasks'), transaction, fc.constantFrom('GET', 'POST'), fc.constantFrom('true', 'false', 'maybe')).map(([id, kind, task, method, isCaller]) => ({
    method,
    path: `/voice-connectors/${id}/${kind}/${task}`,
    query: (method === 'POST' ? [['operation', 'stop']] : kind === 'voice-tone-analysis-tasks' ? [['isCaller', isCaller]] : []) as Query,
  }))),
  weighted(2, fc.tuple(transaction, fc.constantFrom('POST', 'PUT')).map(([SpeakerSearchTaskId, method]) => ({
    method,
    path: method === 'POST' ? '/voice-profiles' : `/voice-profiles/${SpeakerSearchTaskId}`,
    query: [],
    body: { SpeakerSearchTaskId },
  }))),
  weighted(1, fc.tuple(domain, fc.option(fc.constantFrom('1', '0', '101', 'x'), { nil: undefined })).map(([id, max]) => ({
    method: 'GET',
    path: '/voice-profiles',
    query: [['voice-profile-domain-id', id], ...(max === undefined ? [] : [['max-results', max]])] as Query,
  }))),
  weighted(1, fc.tuple(transaction, fc.constantFrom('GET', 'DELETE')).map(([id, method]) => ({ method, path: `/voice-profiles/${id}`, query: [] }))),
  weighted(1, fc.constantFrom('VoiceConnectorId', 'VoiceConnectorGroupId', 'SipRuleId').chain((filter) => (filter === 'VoiceConnectorId' ? connector : filter === 'SipRuleId' ? rule : group).map((id) => ({
    method: 'GET',
    path: '/phone-numbers',
    query: [['filter-name', filter], ['filter-value', id]] as Query,
  })))),
);
