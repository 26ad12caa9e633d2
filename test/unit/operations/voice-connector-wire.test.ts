/**
 * Wire facts of the voice connector operations, read from the model of the request: refusals answered with an error
 * the operation's model lists, default page sizes, the regions of ListAvailableVoiceConnectorRegions, and the answer
 * shapes each model serializes.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { DomainError, field, fieldText } from '../../../src/domain/shared/domain-error.ts';
import type { VoiceConnector } from '../../../src/domain/voice-connectors/voice-connector.ts';
import { toOperationError } from '../../../src/operations/errors.ts';
import { chimeHandlers, type RequestContext } from '../../../src/operations/index.ts';
import { toVoiceConnector } from '../../../src/operations/mappers/voice-connector.ts';
import { pageSize } from '../../../src/operations/page-size.ts';
import { ServiceError } from '../../../src/protocol/errors.ts';
import { mergeModels } from '../../../src/protocol/merge-models.ts';
import type { ServiceModel } from '../../../src/protocol/model-types.ts';
import { serializeOutput } from '../../../src/protocol/serialize.ts';
import { compileService, type CompiledService } from '../../../src/protocol/service.ts';

const raw = (file: string): ServiceModel => JSON.parse(readFileSync(new URL(`../../../spec/${file}`, import.meta.url), 'utf8')) as ServiceModel;
const legacy = compileService(raw('chime-2018-05-01.json'));
const voice = compileService(raw('chime-sdk-voice-2022-08-03.json'));
const both = compileService(mergeModels(raw('chime-2018-05-01.json'), raw('chime-sdk-voice-2022-08-03.json'), { endpointPrefix: 'both', serviceFullName: 'both', uid: 'both' }));

function context(service: CompiledService, name: string): RequestContext {
  const operation = service.operations.get(name);
  assert.ok(operation, `${service.id} ${name}`);
  return { accountId: '111111111111', requestId: 'r', region: 'us-east-1', service, operation };
}

describe('refusals as the operation lists its errors', () => {
  const unknownItem = new DomainError('not-found', fieldText`${field('voiceConnectorItems')}: no voice connector with id x exists in this account`);

  test('an unknown connector among the items: BadRequest where the model lists no NotFound (create), NotFound where it does (update)', () => {
    for (const service of [legacy, voice]) {
      const onCreate = toOperationError(unknownItem, context(service, 'CreateVoiceConnectorGroup'));
      assert.ok(onCreate instanceof ServiceError);
      assert.equal(onCreate.type, 'BadRequestException');
      assert.equal(onCreate.message, 'VoiceConnectorItems: no voice connector with id x exists in this account');
      assert.equal((toOperationError(unknownItem, context(service, 'UpdateVoiceConnectorGroup')) as ServiceError).type, 'NotFoundException');
    }
  });

  test('quota and conflict refusals keep their modelled errors; other errors pass through', () => {
    const quota = toOperationError(new DomainError('limit-exceeded', 'over'), context(voice, 'CreateVoiceConnector')) as ServiceError;
    assert.equal(quota.type, 'ResourceLimitExceededException');
    const conflict = toOperationError(new DomainError('conflict', 'in use'), context(legacy, 'DeleteVoiceConnector')) as ServiceError;
    assert.equal(conflict.type, 'ConflictException');
    const boom = new Error('boom');
    assert.equal(toOperationError(boom, context(voice, 'GetVoiceConnector')), boom);
  });

  test('the handlers answer through it', async () => {
    const groups = { create: () => Promise.reject(unknownItem) };
    const handlers = chimeHandlers({ orders: {} as never, inventory: {} as never, voiceConnectorGroups: groups as never }) as Record<
      string,
      (input: unknown, context: RequestContext) => Promise<unknown>
    >;
    await assert.rejects(handlers.CreateVoiceConnectorGroup!({ Name: 'g' }, context(voice, 'CreateVoiceConnectorGroup')), (error: unknown) => {
      assert.ok(error instanceof ServiceError);
      assert.equal(error.type, 'BadRequestException');
      return true;
    });
    assert.equal(handlers.CreateVoiceConnector, undefined, 'connector operations need the connector service');
  });
});

describe('listings and regions, per model', () => {
  test('ListVoiceConnectors and ListVoiceConnectorGroups answer the largest page of the request model', () => {
    for (const name of ['ListVoiceConnectors', 'ListVoiceConnectorGroups']) {
      assert.equal(pageSize(undefined, context(legacy, name)), 99);
      assert.equal(pageSize(undefined, context(voice, name)), 100);
      assert.equal(pageSize(7, context(voice, name)), 7);
    }
  });

  test('ListAvailableVoiceConnectorRegions lists the model\'s VoiceConnectorAwsRegion enum, in model order', async () => {
    const handlers = chimeHandlers({ orders: {} as never, inventory: {} as never, voiceConnectors: {} as never }) as Record<
      string,
      (input: unknown, context: RequestContext) => Promise<{ VoiceConnectorRegions: string[] }>
    >;
    const handler = handlers.ListAvailableVoiceConnectorRegions!;
    const regions = (voice.model.shapes.VoiceConnectorAwsRegion as { enum: string[] }).enum;
    assert.deepEqual((await handler({}, context(voice, 'ListAvailableVoiceConnectorRegions'))).VoiceConnectorRegions, regions);
    assert.deepEqual((await handler({}, context(both, 'ListAvailableVoiceConnectorRegions'))).VoiceConnectorRegions, regions);
    assert.equal(regions[0], 'us-east-1');
    assert.equal(legacy.operations.get('ListAvailableVoiceConnectorRegions'), undefined, 'legacy chime has no such operation');
  });
});

describe('answers as each model serializes them', () => {
  const connector: VoiceConnector = {
    id: 'abcdef1ghij2klmno3pqr4',
    accountId: '111111111111',
    name: 'trunk',
    awsRegion: 'us-west-2',
    requireEncryption: true,
    integrationType: 'CONNECT_CALL_TRANSFER_CONNECTOR',
    networkType: 'IPV4_ONLY',
    tags: [{ key: 'k', value: 'v' }],
    createdAt: new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6)),
    updatedAt: new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6)),
  };

  test('voice writes every member; legacy leaves out what its shape lacks; tags are never in an answer', () => {
    const body = (service: CompiledService) =>
      JSON.parse(serializeOutput(service, context(service, 'GetVoiceConnector').operation, { VoiceConnector: toVoiceConnector(connector) }).body!) as {
        VoiceConnector: Record<string, unknown>;
      };
    const common = {
      VoiceConnectorId: 'abcdef1ghij2klmno3pqr4',
      AwsRegion: 'us-west-2',
      Name: 'trunk',
      OutboundHostName: 'abcdef1ghij2klmno3pqr4.voiceconnector.chime.aws',
      RequireEncryption: true,
      CreatedTimestamp: '2026-01-02T03:04:05.006Z',
      UpdatedTimestamp: '2026-01-02T03:04:05.006Z',
      VoiceConnectorArn: 'arn:aws:chime:us-west-2:111111111111:vc/abcdef1ghij2klmno3pqr4',
    };
    assert.deepEqual(body(voice).VoiceConnector, { ...common, IntegrationType: 'CONNECT_CALL_TRANSFER_CONNECTOR', NetworkType: 'IPV4_ONLY' });
    assert.deepEqual(body(legacy).VoiceConnector, common);
  });
});
