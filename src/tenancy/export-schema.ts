/**
 * Version 1 of the file of `dialtone export` / `dialtone import`, as a schema: every member, its type and its checks
 * (docs/operations.md shows an example). export-format.ts maps account contents to and from it.
 */
// A namespace import: the bundle keeps only the parts of zod used here (`import { z }` takes all of it, 750 KB).
import * as z from 'zod/mini';
import { PRODUCT_TYPES } from '../domain/numbers/product-type.ts';
import { PHONE_NUMBER_STATUSES } from '../domain/phone-numbers/phone-number.ts';
import { ASSOCIATION_KINDS } from '../domain/ports/associations.ts';
import { useEnglishMessages } from '../shared/zod-english.ts';

export const EXPORT_FORMAT = 'dialtone-export';
export const EXPORT_VERSION = 1;

/**
 * Version 1 of the file (and of the items of its long lists), built on its first use (an import): zod's schemas cost every start milliseconds to build.
 * On zod/mini, with the same checks and messages as zod's chained API.
 */
function buildSchemas() {
  useEnglishMessages();
  const timestamp = z.iso.datetime({ precision: 3, message: 'must be an ISO 8601 UTC timestamp with milliseconds, e.g. 2026-01-01T00:00:00.000Z' });
  const e164 = z.string().check(z.regex(/^\+[1-9]\d{1,14}$/, 'must be an E.164 number such as +12065550100'));
  const id = z.string().check(z.minLength(1), z.maxLength(128));
  const nonEmpty = () => z.string().check(z.minLength(1));
  const tags = z.array(z.strictObject({ key: z.string(), value: z.string() }));

  const orderSchema = z.strictObject({
    id,
    productType: z.enum(PRODUCT_TYPES),
    name: z.optional(nonEmpty()),
    status: z.enum(['Processing', 'Successful', 'Partial', 'Failed']),
    numbers: z.array(z.strictObject({ e164, status: z.enum(['Processing', 'Acquired', 'Failed']), failureReason: z.optional(z.string()) })),
    createdAt: timestamp,
    updatedAt: timestamp,
  });

  const numberSchema = z.strictObject({
    e164,
    /** Whether the record is owned (false: released, or a failed acquisition). */
    active: z.boolean(),
    status: z.enum(PHONE_NUMBER_STATUSES),
    productType: z.enum(PRODUCT_TYPES),
    type: z.enum(['Local', 'TollFree']),
    country: z.string().check(z.regex(/^[A-Z]{2}$/, 'must be an ISO 3166 alpha-2 country code')),
    orderId: z.optional(id),
    name: z.optional(nonEmpty()),
    callingName: z.optional(z.string()),
    callingNameStatus: z.optional(z.enum(['Unassigned', 'UpdateInProgress', 'UpdateSucceeded', 'UpdateFailed'])),
    callingNameDueAt: z.optional(timestamp),
    deletionAt: z.optional(timestamp),
    releasedAt: z.optional(timestamp),
    createdAt: timestamp,
    updatedAt: timestamp,
  });

  const int = (min: number, max: number) => z.number().check(z.int(), z.gte(min), z.lte(max));
  const voiceConnectorSchema = z.strictObject({
    id,
    name: z.string(),
    awsRegion: nonEmpty(),
    requireEncryption: z.boolean(),
    integrationType: z.optional(z.string()),
    networkType: z.optional(z.string()),
    tags,
    /** Its SIP trunk settings, when it has them (see voice-connector-settings.ts). */
    origination: z.optional(
      z.strictObject({
        routes: z.array(z.strictObject({ host: nonEmpty(), port: int(0, 65_535), protocol: z.enum(['TCP', 'UDP']), priority: int(1, 100), weight: int(1, 100) })),
        disabled: z.boolean(),
      }),
    ),
    termination: z.optional(
      z.strictObject({
        cpsLimit: int(1, Number.MAX_SAFE_INTEGER),
        defaultPhoneNumber: z.optional(z.string()),
        callingRegions: z.array(nonEmpty()),
        cidrAllowedList: z.array(nonEmpty()),
        disabled: z.boolean(),
      }),
    ),
    loggingConfiguration: z.optional(z.strictObject({ enableSipLogs: z.boolean(), enableMediaMetricLogs: z.boolean() })),
    streamingConfiguration: z.optional(
      z.strictObject({
        dataRetentionInHours: int(0, Number.MAX_SAFE_INTEGER),
        disabled: z.boolean(),
        notificationTargets: z.optional(z.array(z.enum(['EventBridge', 'SNS', 'SQS']))),
        mediaInsights: z.optional(z.strictObject({ disabled: z.optional(z.boolean()), configurationArn: z.optional(nonEmpty()) })),
      }),
    ),
    emergencyCallingConfiguration: z.optional(
      z.strictObject({ dnis: z.array(z.strictObject({ emergencyPhoneNumber: e164, testPhoneNumber: z.optional(e164), callingCountry: nonEmpty() })) }),
    ),
    proxy: z.optional(
      z.strictObject({ defaultSessionExpiryMinutes: int(1, 525_600), phoneNumberCountries: z.array(nonEmpty()), fallBackPhoneNumber: z.optional(e164), disabled: z.boolean() }),
    ),
    externalSystemsConfiguration: z.optional(
      z.strictObject({ sessionBorderControllerTypes: z.optional(z.array(nonEmpty())), contactCenterSystemTypes: z.optional(z.array(nonEmpty())) }),
    ),
    /** Usernames and the hashes of their passwords (an export holds no password). */
    terminationCredentials: z.optional(z.array(z.strictObject({ username: nonEmpty(), passwordHash: z.string().check(z.regex(/^scrypt\$/, 'must be a scrypt hash as dialtone writes it')) }))),
    createdAt: timestamp,
    updatedAt: timestamp,
  });

  const groupSchema = z.strictObject({
    id,
    region: nonEmpty(),
    name: z.string(),
    items: z.array(z.strictObject({ voiceConnectorId: id, priority: z.number().check(z.int()) })),
    createdAt: timestamp,
    updatedAt: timestamp,
  });

  const applicationSchema = z.strictObject({
    id,
    name: z.string(),
    awsRegion: nonEmpty(),
    endpoints: z.array(z.strictObject({ lambdaArn: nonEmpty() })),
    tags,
    /** Its logging configuration, when one was put; absent in files of earlier releases. */
    loggingConfiguration: z.optional(z.strictObject({ enableMessageLogs: z.boolean() })),
    createdAt: timestamp,
    updatedAt: timestamp,
  });

  const ruleSchema = z.strictObject({
    id,
    name: z.string(),
    disabled: z.boolean(),
    triggerType: z.enum(['ToPhoneNumber', 'RequestUriHostname']),
    triggerValue: nonEmpty(),
    targets: z.array(z.strictObject({ sipMediaApplicationId: id, priority: z.number().check(z.int()), awsRegion: nonEmpty() })),
    createdAt: timestamp,
    updatedAt: timestamp,
  });

  const domainSchema = z.strictObject({
    id,
    region: nonEmpty(),
    name: z.string(),
    description: z.optional(z.string()),
    kmsKeyArn: nonEmpty(),
    clientRequestToken: z.optional(nonEmpty()),
    tags,
    createdAt: timestamp,
    updatedAt: timestamp,
  });

  const participant = z.strictObject({ phoneNumber: e164, proxyPhoneNumber: e164 });
  const sessionSchema = z.strictObject({
    id,
    voiceConnectorId: id,
    name: z.optional(z.string()),
    capabilities: z.array(z.enum(['Voice', 'SMS'])).check(z.minLength(1)),
    expiryMinutes: int(1, 525_600),
    numberSelectionBehavior: z.optional(z.enum(['PreferSticky', 'AvoidSticky'])),
    geoMatchLevel: z.optional(z.enum(['Country', 'AreaCode'])),
    geoMatchParams: z.optional(
      z.strictObject({
        country: z.string().check(z.regex(/^(?:[A-Z]{2})?$/, 'must be two capital letters, or empty')),
        areaCode: z.string().check(z.regex(/^(?:\d{3})?$/, 'must be three digits, or empty')),
      }),
    ),
    /** The two participants, in the order the create gave them. */
    participants: z.tuple([participant, participant]),
    createdAt: timestamp,
    updatedAt: timestamp,
  });

  const voiceprint = z.string().check(z.regex(/^[0-9a-f]{64}$/, 'must be a voiceprint as dialtone writes it: 64 lower-case hexadecimal digits'));
  const profileSchema = z.strictObject({
    id,
    /** Its domain's region, where the API finds it. */
    region: nonEmpty(),
    voiceProfileDomainId: id,
    voiceprint,
    /** The speaker search it was enrolled (or last updated) from; that task may be long gone. */
    speakerSearchTaskId: id,
    createdAt: timestamp,
    updatedAt: timestamp,
    expiresAt: timestamp,
  });

  /** What both kinds of task have; each kind adds its own optional members. */
  const task = {
    id,
    voiceConnectorId: id,
    transactionId: nonEmpty(),
    clientRequestToken: z.optional(nonEmpty()),
    createdAt: timestamp,
    stoppedAt: z.optional(timestamp),
  };
  const taskSchema = z.discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('speaker-search'),
      ...task,
      callLeg: z.optional(z.enum(['Caller', 'Callee'])),
      voiceProfileDomainId: z.optional(id),
      voiceprint: z.optional(voiceprint),
    }),
    z.strictObject({ kind: z.literal('voice-tone'), ...task, languageCode: z.optional(nonEmpty()) }),
  ]);

  const associationSchema = z.strictObject({ e164, kind: z.enum(ASSOCIATION_KINDS), id, associatedAt: timestamp });

  const document = z.strictObject({
    format: z.literal(EXPORT_FORMAT),
    version: z.literal(EXPORT_VERSION),
    /** When the export was read (informative). */
    exportedAt: timestamp,
    accountId: z.string().check(z.regex(/^\d{12}$/, 'must be 12 digits')),
    phoneNumberSettings: z.nullable(z.strictObject({ callingName: z.string(), updatedAt: timestamp })),
    /** The call detail record buckets (UpdateGlobalSettings), when ever set; absent in files of earlier releases. */
    globalSettings: z.optional(z.strictObject({ voiceConnectorCdrBucket: z.optional(nonEmpty()), businessCallingCdrBucket: z.optional(nonEmpty()), updatedAt: timestamp })),
    orders: z.array(orderSchema),
    /** Every record of the account's numbers, by number, each number's records oldest first (the last is its newest). */
    phoneNumbers: z.array(numberSchema),
    voiceConnectors: z.array(voiceConnectorSchema),
    voiceConnectorGroups: z.array(groupSchema),
    sipMediaApplications: z.array(applicationSchema),
    sipRules: z.array(ruleSchema),
    /** Voice profile domains, every region's; absent in files of earlier releases. */
    voiceProfileDomains: z.optional(z.array(domainSchema)),
    /** Proxy sessions, open or closed, every connector's; absent when there are none, and in files of earlier releases. */
    proxySessions: z.optional(z.array(sessionSchema)),
    /** Voice profiles not expired at the export, every domain's; absent when there are none, and in files of earlier releases. */
    voiceProfiles: z.optional(z.array(profileSchema)),
    /**
     * Speaker searches and voice tone analyses of the export's last day (a task's status is not stored: it is read from
     * its times and the clock); absent when there are none, and in files of earlier releases.
     */
    voiceAnalyticsTasks: z.optional(z.array(taskSchema)),
    associations: z.array(associationSchema),
  });
  /** The items of the lists an import reads one at a time (see export-reader.ts). */
  const items = { orders: orderSchema, phoneNumbers: numberSchema, associations: associationSchema };
  return { document, items };
}

let schemas: ReturnType<typeof buildSchemas> | undefined;

/** The schema of version 1 (see {@link buildSchemas}). */
export function exportDocumentSchema(): ReturnType<typeof buildSchemas>['document'] {
  schemas ??= buildSchemas();
  return schemas.document;
}

/** The schemas of one item of each list an import reads item by item. */
export function exportItemSchemas(): ReturnType<typeof buildSchemas>['items'] {
  schemas ??= buildSchemas();
  return schemas.items;
}

export type ExportDocument = z.infer<ReturnType<typeof buildSchemas>['document']>;
