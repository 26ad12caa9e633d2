/** Hand-made account contents with every optional member used once, for the export format and import unit tests. */
import type { AccountContents } from '../../../src/tenancy/account-contents.ts';

const at = (ms: number): Date => new Date(Date.UTC(2026, 0, 2, 3, 4, 5) + ms);

export function sampleContents(accountId = '111111111111', suffix = 'a'): AccountContents {
  const vc = `vc${suffix}`.padEnd(22, '0');
  const group = `0000000${suffix}-0000-4000-8000-000000000001`;
  const sma = `0000000${suffix}-0000-4000-8000-000000000002`;
  const rule = `0000000${suffix}-0000-4000-8000-000000000003`;
  const orderId = (n: number) => `0000000${suffix}-0000-4000-8000-00000000010${n}`;
  const domain = `0000000${suffix}-0000-4000-8000-000000000004`;
  const search = `0000000${suffix}-0000-4000-8000-000000000007`;
  const voiceprint = `${'0'.repeat(63)}${suffix}`;
  return {
    accountId,
    orders: [
      {
        id: orderId(1),
        accountId,
        productType: 'VoiceConnector',
        name: 'trunk lines',
        status: 'Partial',
        numbers: [
          { e164: '+12065550100', status: 'Acquired' },
          { e164: '+12065550101', status: 'Failed', failureReason: 'carrier-refused' },
        ],
        createdAt: at(1),
        updatedAt: at(502),
      },
      { id: orderId(2), accountId, productType: 'SipMediaApplicationDialIn', status: 'Processing', numbers: [{ e164: '+12065550110', status: 'Processing' }], createdAt: at(7), updatedAt: at(7) },
    ],
    numbers: [
      { e164: '+12065550100', accountId, orderId: orderId(1), active: true, status: 'Assigned', productType: 'VoiceConnector', type: 'Local', country: 'US', name: 'desk', callingName: 'FRONT', callingNameStatus: 'UpdateInProgress', callingNameDueAt: at(3_600_000), createdAt: at(3), updatedAt: at(999) },
      // A number that failed once, then was acquired: the owned record is the newest, and the one shown.
      { e164: '+12065550101', accountId, orderId: orderId(1), active: false, status: 'AcquireFailed', productType: 'VoiceConnector', type: 'Local', country: 'US', createdAt: at(3), updatedAt: at(502) },
      { e164: '+12065550101', accountId, active: true, status: 'DeleteInProgress', productType: 'VoiceConnector', type: 'Local', country: 'US', deletionAt: at(7 * 86_400_000), createdAt: at(600), updatedAt: at(700) },
      { e164: '+12065550102', accountId, active: false, status: 'DeleteInProgress', productType: 'BusinessCalling', type: 'Local', country: 'US', deletionAt: at(800), releasedAt: at(800), createdAt: at(4), updatedAt: at(5) },
      { e164: '+12065550110', accountId, orderId: orderId(2), active: true, status: 'AcquireInProgress', productType: 'SipMediaApplicationDialIn', type: 'Local', country: 'US', createdAt: at(8), updatedAt: at(8) },
      { e164: '+18005550100', accountId, active: true, status: 'Assigned', productType: 'SipMediaApplicationDialIn', type: 'TollFree', country: 'US', createdAt: at(9), updatedAt: at(10) },
    ],
    phoneNumberSettings: { callingName: 'ACME', callingNameUpdatedAt: at(11) },
    voiceConnectors: [
      { id: vc, accountId, name: 'trunk', awsRegion: 'us-west-2', requireEncryption: true, integrationType: 'CONNECT_CALL_TRANSFER_CONNECTOR', networkType: 'IPV4_ONLY', tags: [{ key: 'team', value: 'voice' }], createdAt: at(12), updatedAt: at(13) },
    ],
    globalSettings: { voiceConnectorCdrBucket: 'cdr-records.example', updatedAt: at(11) },
    voiceConnectorSettings: [
      {
        voiceConnectorId: vc,
        settings: {
          origination: { routes: [{ host: 'sip.example.com', port: 5061, protocol: 'TCP', priority: 1, weight: 10 }], disabled: false },
          termination: { cpsLimit: 3, defaultPhoneNumber: '+12065550100', callingRegions: ['US', 'CA'], cidrAllowedList: ['203.0.113.0/24'], disabled: false },
          credentials: [{ username: 'pbx', passwordHash: 'scrypt$4096$8$1$c2FsdA$aGFzaA' }],
          logging: { enableSipLogs: true, enableMediaMetricLogs: false },
          streaming: { dataRetentionInHours: 24, disabled: false, notificationTargets: ['SQS'], mediaInsights: { disabled: true } },
          emergencyCalling: { dnis: [{ emergencyPhoneNumber: '+12065550911', testPhoneNumber: '+12065550912', callingCountry: 'US' }, { emergencyPhoneNumber: '+16135550911', callingCountry: 'CA' }] },
          proxy: { defaultSessionExpiryMinutes: 60, phoneNumberCountries: ['US'], fallBackPhoneNumber: '+12065550100', disabled: false },
          externalSystems: { sessionBorderControllerTypes: ['CISCO_UNIFIED_BORDER_ELEMENT'], contactCenterSystemTypes: ['GENESYS_ENGAGE_ON_PREMISES', 'AVAYA_AURA_CONTACT_CENTER'] },
        },
      },
    ],
    voiceConnectorGroups: [{ id: group, accountId, region: 'us-east-1', name: 'all', items: [{ voiceConnectorId: vc, priority: 1 }], createdAt: at(14), updatedAt: at(14) }],
    sipMediaApplications: [
      { id: sma, accountId, name: 'front-desk', awsRegion: 'us-east-1', endpoints: [{ lambdaArn: `arn:aws:lambda:us-east-1:${accountId}:function:f` }], tags: [], createdAt: at(15), updatedAt: at(16) },
    ],
    sipMediaApplicationLogging: [{ sipMediaApplicationId: sma, logging: { enableMessageLogs: true } }],
    sipRules: [
      { id: rule, accountId, name: 'line', disabled: false, triggerType: 'ToPhoneNumber', triggerValue: '+18005550100', targets: [{ sipMediaApplicationId: sma, priority: 1, awsRegion: 'us-east-1' }], createdAt: at(17), updatedAt: at(18) },
    ],
    voiceProfileDomains: [
      {
        id: domain,
        accountId,
        region: 'us-east-1',
        name: 'speakers',
        description: 'enrolled callers',
        kmsKeyArn: `arn:aws:kms:us-east-1:${accountId}:key/0000000${suffix}-0000-4000-8000-000000000005`,
        clientRequestToken: `token-${suffix}`,
        tags: [{ key: 'team', value: 'voice' }],
        createdAt: at(19),
        updatedAt: at(19),
      },
    ],
    // On the connector's proxy number; its status is not stored (its minutes are long past: closed).
    proxySessions: [
      {
        id: `0000000${suffix}-0000-4000-8000-000000000006`,
        accountId,
        voiceConnectorId: vc,
        name: 'delivery',
        capabilities: ['SMS', 'Voice'],
        expiryMinutes: 30,
        numberSelectionBehavior: 'AvoidSticky',
        geoMatchLevel: 'AreaCode',
        geoMatchParams: { country: 'US', areaCode: '206' },
        participants: [
          { phoneNumber: '+14155550101', proxyPhoneNumber: '+12065550100' },
          { phoneNumber: '+14155550102', proxyPhoneNumber: '+12065550100' },
        ],
        createdAt: at(19),
        updatedAt: at(22),
      },
    ],
    // A speaker search (stopped after it succeeded) that enrolled the profile, and a voice tone analysis still running.
    voiceProfiles: [
      {
        id: `0000000${suffix}-0000-4000-8000-000000000010`,
        accountId,
        region: 'us-east-1',
        voiceProfileDomainId: domain,
        voiceprint,
        speakerSearchTaskId: search,
        createdAt: at(30_000),
        updatedAt: at(40_000),
        expiresAt: new Date(Date.UTC(2029, 0, 2, 3, 4, 5) + 40_000),
      },
    ],
    voiceAnalyticsTasks: [
      { id: search, kind: 'speaker-search', accountId, voiceConnectorId: vc, transactionId: 'call-1', callLeg: 'Callee', voiceProfileDomainId: domain, voiceprint, clientRequestToken: `search-${suffix}`, createdAt: at(23), stoppedAt: at(60_000) },
      { id: `0000000${suffix}-0000-4000-8000-000000000008`, kind: 'voice-tone', accountId, voiceConnectorId: vc, transactionId: 'call-1', languageCode: 'en-US', createdAt: at(24) },
    ],
    associations: [
      { e164: '+12065550100', target: { kind: 'VoiceConnectorId', id: vc }, associatedAt: at(20) },
      { e164: '+18005550100', target: { kind: 'SipRuleId', id: rule }, associatedAt: at(21) },
    ],
  };
}
