import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  checkVoiceAnalyticsOn,
  kindName,
  SPEAKER_SEARCH_MS,
  TASK_RETENTION_MS,
  taskStateAt,
  type VoiceAnalyticsTask,
} from '../../../src/domain/voice-analytics/voice-analytics-task.ts';
import type { StreamingConfiguration, VoiceConnectorSettings } from '../../../src/domain/voice-connectors/voice-connector-settings.ts';
import { refuses } from '../../support/domain-errors.ts';

const T0 = Date.UTC(2026, 8, 10, 9, 0, 0, 123);
const at = (ms: number): Date => new Date(T0 + ms);
/** When a speaker search started at T0 succeeds. */
const S = SPEAKER_SEARCH_MS;

const search = (overrides: Partial<VoiceAnalyticsTask> = {}): VoiceAnalyticsTask => ({
  id: '0b7c3f0e-6a51-4b8e-9a3e-1f2d3c4b5a69',
  kind: 'speaker-search',
  accountId: '111111111111',
  voiceConnectorId: 'abcdefghijklmnopqrstuv',
  transactionId: 'c1e6f0d2-3b4a-4c5d-8e9f-0a1b2c3d4e5f',
  callLeg: 'Caller',
  voiceProfileDomainId: 'vpd-1',
  createdAt: at(0),
  ...overrides,
});

const tone = (overrides: Partial<VoiceAnalyticsTask> = {}): VoiceAnalyticsTask => ({
  id: '5d0c1b2a-3e4f-4a5b-8c6d-7e8f9a0b1c2d',
  kind: 'voice-tone',
  accountId: '111111111111',
  voiceConnectorId: 'abcdefghijklmnopqrstuv',
  transactionId: 'c1e6f0d2-3b4a-4c5d-8e9f-0a1b2c3d4e5f',
  languageCode: 'en-US',
  createdAt: at(0),
  ...overrides,
});

/** The state at `now` (ms after T0), with changedAt as ms after T0 for readable failures. */
const state = (task: VoiceAnalyticsTask, now: number): { status: string; changedAt: number } => {
  const { status, changedAt } = taskStateAt(task, at(now));
  assert.ok(changedAt instanceof Date);
  return { status, changedAt: changedAt.getTime() - T0 };
};

describe('voice analytics task rules', () => {
  it('listens 10 seconds for a voiceprint, and knows a task for a day', () => {
    assert.equal(SPEAKER_SEARCH_MS, 10_000);
    assert.equal(TASK_RETENTION_MS, 86_400_000);
  });

  it('runs a speaker search for SPEAKER_SEARCH_MS from its start, then it has succeeded at exactly that time', () => {
    const task = search();
    assert.deepEqual(state(task, 0), { status: 'IN_PROGRESS', changedAt: 0 }, 'at its start');
    assert.deepEqual(state(task, 1), { status: 'IN_PROGRESS', changedAt: 0 });
    assert.deepEqual(state(task, S - 1), { status: 'IN_PROGRESS', changedAt: 0 }, 'a millisecond before it succeeds');
    assert.deepEqual(state(task, S), { status: 'SUCCEEDED', changedAt: S }, 'at the 10 seconds');
    assert.deepEqual(state(task, S + 1), { status: 'SUCCEEDED', changedAt: S });
    assert.deepEqual(state(task, TASK_RETENTION_MS + 5), { status: 'SUCCEEDED', changedAt: S }, 'and for good');
    assert.deepEqual(taskStateAt(task, at(S)), { status: 'SUCCEEDED', changedAt: at(S) }, 'changedAt as a Date');
    assert.deepEqual(taskStateAt(task, at(3)), { status: 'IN_PROGRESS', changedAt: task.createdAt });
  });

  it('counts the 10 seconds from the start to the millisecond', () => {
    const task = search({ createdAt: at(777) });
    assert.deepEqual(state(task, 777 + S - 1), { status: 'IN_PROGRESS', changedAt: 777 });
    assert.deepEqual(state(task, 777 + S), { status: 'SUCCEEDED', changedAt: 777 + S });
  });

  it('stops a speaker search stopped before it succeeded, for good, at its stop time', () => {
    for (const stop of [0, 1, 3_000, S - 1]) {
      const task = search({ stoppedAt: at(stop) });
      for (const now of [stop, S - 1, S, S + 1, TASK_RETENTION_MS].filter((n) => n >= stop)) {
        assert.deepEqual(state(task, now), { status: 'STOPPED', changedAt: stop }, `stopped at +${stop}, read at +${now}`);
      }
    }
  });

  it('keeps a speaker search stopped when or after it succeeded SUCCEEDED, changed when it succeeded', () => {
    for (const stop of [S, S + 1, S + 60_000]) {
      const task = search({ stoppedAt: at(stop) });
      for (const now of [S, stop, stop + 1, TASK_RETENTION_MS]) {
        assert.deepEqual(state(task, now), { status: 'SUCCEEDED', changedAt: S }, `stopped at +${stop}, read at +${now}`);
      }
    }
  });

  it('runs a voice tone analysis until it is stopped, then it is stopped at its stop time', () => {
    const running = tone();
    for (const now of [0, 1, S - 1, S, S + 1, TASK_RETENTION_MS]) {
      assert.deepEqual(state(running, now), { status: 'IN_PROGRESS', changedAt: 0 }, `read at +${now}: never succeeds`);
    }
    for (const stop of [0, S - 1, S, S + 1, 60 * 60_000]) {
      const stopped = tone({ stoppedAt: at(stop) });
      for (const now of [stop, stop + 1, S, TASK_RETENTION_MS].filter((n) => n >= stop)) {
        assert.deepEqual(state(stopped, now), { status: 'STOPPED', changedAt: stop }, `stopped at +${stop}, read at +${now}`);
      }
    }
    assert.deepEqual(taskStateAt(tone({ stoppedAt: at(42) }), at(50)), { status: 'STOPPED', changedAt: at(42) }, 'changedAt as a Date');
  });

  it('does not change the task it reads', () => {
    const task = search({ stoppedAt: at(S + 5) });
    const copy = structuredClone(task);
    taskStateAt(task, at(S + 10));
    taskStateAt(tone(), at(1));
    assert.deepEqual(task, copy);
  });

  it('names the kinds in messages', () => {
    assert.equal(kindName('speaker-search'), 'speaker search task');
    assert.equal(kindName('voice-tone'), 'voice tone analysis task');
  });
});

describe('voice analytics on a voice connector', () => {
  const ID = 'abcdefghijklmnopqrstuv';
  const ARN = 'arn:aws:chime:us-east-1:111111111111:media-insights-pipeline-configuration/secret-name';
  const streaming = (overrides: Partial<StreamingConfiguration> = {}): VoiceConnectorSettings => ({
    credentials: [],
    streaming: { dataRetentionInHours: 24, disabled: false, mediaInsights: { configurationArn: ARN }, ...overrides },
  });
  const MESSAGE =
    /^Voice connector abcdefghijklmnopqrstuv has no voice analytics: put a streaming configuration that is not Disabled, with a MediaInsightsConfiguration that is not Disabled \(PutVoiceConnectorStreamingConfiguration\)$/;

  it('is on with streaming not Disabled and media insights not Disabled', () => {
    for (const settings of [
      streaming(),
      streaming({ mediaInsights: {} }),
      streaming({ mediaInsights: { disabled: false } }),
      streaming({ mediaInsights: { disabled: false, configurationArn: ARN }, notificationTargets: ['SQS'], dataRetentionInHours: 0 }),
      { ...streaming(), logging: { enableSipLogs: false, enableMediaMetricLogs: false } },
    ]) {
      assert.doesNotThrow(() => checkVoiceAnalyticsOn(settings, ID), JSON.stringify(settings));
    }
  });

  it('is off without streaming, with streaming Disabled, without media insights or with them Disabled: invalid, naming the connector and the way to turn it on', () => {
    const off: [string, VoiceConnectorSettings][] = [
      ['no settings at all', { credentials: [] }],
      ['logging but no streaming', { credentials: [], logging: { enableSipLogs: true, enableMediaMetricLogs: true } }],
      ['streaming Disabled, media insights on', streaming({ disabled: true })],
      ['streaming Disabled, media insights explicitly on', streaming({ disabled: true, mediaInsights: { disabled: false, configurationArn: ARN } })],
      ['streaming on, no media insights', streaming({ mediaInsights: undefined })],
      ['streaming on, media insights Disabled', streaming({ mediaInsights: { disabled: true, configurationArn: ARN } })],
      ['streaming on, media insights Disabled without an ARN', streaming({ mediaInsights: { disabled: true } })],
      ['both Disabled', streaming({ disabled: true, mediaInsights: { disabled: true } })],
    ];
    for (const [why, settings] of off) {
      const error = refuses(() => checkVoiceAnalyticsOn(settings, ID), MESSAGE);
      assert.ok(!error.message.includes(ARN) && !error.message.includes('secret-name'), `${why}: the configuration is not echoed`);
    }
    refuses(() => checkVoiceAnalyticsOn({ credentials: [] }, 'zyxwvutsrqponmlkjihgfe'), /^Voice connector zyxwvutsrqponmlkjihgfe has no voice analytics: /);
  });
});
