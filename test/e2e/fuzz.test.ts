/**
 * Fuzzing the listening server with fast-check (seeded, bounded): ten thousand and more mutated requests — methods,
 * paths, query strings, headers, JSON bodies, encodings; most signed after mutation so that they pass SigV4 and reach
 * the protocol layer and the handlers — sent twenty at a time over raw sockets. Asserts: no 5xx, no crash, every error
 * carries x-amzn-ErrorType and a JSON body; afterwards the database is consistent (no partial orders, no orphans, jobs
 * only for orders in Processing).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import {
  CreateProxySessionCommand,
  CreatePhoneNumberOrderCommand,
  CreateSipMediaApplicationCommand,
  CreateSipRuleCommand,
  CreateVoiceProfileDomainCommand,
  CreateVoiceConnectorCommand,
  CreateVoiceConnectorGroupCommand,
  AssociatePhoneNumbersWithVoiceConnectorCommand,
  PutVoiceConnectorProxyCommand,
} from '@aws-sdk/client-chime-sdk-voice';
import { SIGNERS, fuzzRequest, wireBytes, type FuzzRequest } from '../support/fuzz-requests.ts';
import { knownWiringIds } from '../support/fuzz-wiring.ts';
import { rawExchange, type SocketAnswer } from '../support/raw-socket.ts';
import { orderConsistencyChecks } from '../support/consistency-checks.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { voiceClient, waitForVoiceOrder } from '../support/voice.ts';

const SEED = 20261127;
const RUNS = 525;
const BATCH = 20;

/**
 * Gives each signing account numbers, a voice connector with some of them, a group, a SIP media application, a SIP
 * rule on a dial-in number and a voice profile domain, and lists their ids for the fuzz templates: the wiring operations then meet real
 * resources (and other accounts' ids) instead of only unknown ones.
 */
async function wire(server: TestServer): Promise<void> {
  for (const [index, signer] of SIGNERS.entries()) {
    const client = voiceClient(server, signer);
    const numbers = (first: number, count: number): string[] => Array.from({ length: count }, (_, i) => `+1206555${String(100 + first + i).padStart(4, '0')}`);
    const voice = numbers(index * 12, 8);
    const dialIn = numbers(index * 12 + 8, 2);
    for (const [ProductType, E164PhoneNumbers] of [['VoiceConnector', voice], ['SipMediaApplicationDialIn', dialIn]] as const) {
      const { PhoneNumberOrder } = await client.send(new CreatePhoneNumberOrderCommand({ ProductType, E164PhoneNumbers: [...E164PhoneNumbers] }));
      await waitForVoiceOrder(client, PhoneNumberOrder!.PhoneNumberOrderId!);
    }
    const { VoiceConnector } = await client.send(new CreateVoiceConnectorCommand({ Name: `fuzz-${index}`, RequireEncryption: false, AwsRegion: 'us-east-1' }));
    const connectorId = VoiceConnector!.VoiceConnectorId!;
    // Some numbers failed (the carrier fails a fifth): those come back in PhoneNumberErrors, the rest are associated.
    await client.send(new AssociatePhoneNumbersWithVoiceConnectorCommand({ VoiceConnectorId: connectorId, E164PhoneNumbers: voice.slice(0, 4) }));
    const { VoiceConnectorGroup } = await client.send(new CreateVoiceConnectorGroupCommand({ Name: `fuzz-${index}`, VoiceConnectorItems: [{ VoiceConnectorId: connectorId, Priority: 1 }] }));
    const { SipMediaApplication } = await client.send(new CreateSipMediaApplicationCommand({
      Name: `fuzz-${index}`,
      AwsRegion: 'us-east-1',
      Endpoints: [{ LambdaArn: 'arn:aws:lambda:us-east-1:000000000000:function:fuzz' }],
    }));
    const applicationId = SipMediaApplication!.SipMediaApplicationId!;
    knownWiringIds.voiceConnectors.push(connectorId);
    knownWiringIds.voiceConnectorGroups.push(VoiceConnectorGroup!.VoiceConnectorGroupId!);
    knownWiringIds.sipMediaApplications.push(applicationId);
    const { VoiceProfileDomain } = await client.send(
      new CreateVoiceProfileDomainCommand({ Name: `fuzz-${index}`, ServerSideEncryptionConfiguration: { KmsKeyArn: 'arn:aws:kms:us-east-1:000000000000:key/fuzz' } }),
    );
    knownWiringIds.voiceProfileDomains.push(VoiceProfileDomain!.VoiceProfileDomainId!);
    await client.send(new PutVoiceConnectorProxyCommand({ VoiceConnectorId: connectorId, DefaultSessionExpiryMinutes: 60, PhoneNumberPoolCountries: ['US'] }));
    const { ProxySession } = await client
      .send(new CreateProxySessionCommand({ VoiceConnectorId: connectorId, ParticipantPhoneNumbers: ['+12065550100', '+12065550101'], Capabilities: ['Voice'] }))
      .catch(() => ({ ProxySession: undefined })); // no number of the connector may have been acquired
    if (ProxySession?.ProxySessionId) knownWiringIds.proxySessions.push(ProxySession.ProxySessionId);
    for (const number of dialIn) {
      const rule = await client
        .send(new CreateSipRuleCommand({ Name: `fuzz-${number}`, TriggerType: 'ToPhoneNumber', TriggerValue: number, TargetApplications: [{ SipMediaApplicationId: applicationId, Priority: 1, AwsRegion: 'us-east-1' }] }))
        .catch(() => undefined); // a number whose acquisition failed cannot carry a rule
      if (rule?.SipRule?.SipRuleId) knownWiringIds.sipRules.push(rule.SipRule.SipRuleId);
    }
    client.destroy();
  }
}

/** What is wrong with the answer to `request`, or undefined when it is fine. */
function problem(request: FuzzRequest, answer: SocketAnswer): string | undefined {
  if (answer.status === 0) return 'no HTTP answer';
  if (answer.status >= 500) return `${answer.status}: ${answer.body.slice(0, 300)}`;
  if (answer.status < 400) return undefined;
  if (!answer.headers['x-amzn-errortype']) return `${answer.status} without x-amzn-ErrorType`;
  if (request.method === 'HEAD') return undefined;
  try {
    const body = JSON.parse(answer.body) as { Code?: unknown; Message?: unknown };
    if (typeof body.Code !== 'string' || typeof body.Message !== 'string') return `${answer.status} body without Code/Message: ${answer.body}`;
  } catch {
    return `${answer.status} body is not JSON: ${answer.body.slice(0, 200)}`;
  }
  return undefined;
}

describe('fuzzing the front door', () => {
  let server: TestServer;
  const statuses = new Map<number, number>();
  let sent = 0;

  before(async () => {
    server = await startTestServer({
      config: {
        throttling: { enabled: false },
        carrier: { latencyMs: 0, failRate: 0.2 },
        fulfilment: { idleMs: 10 },
        http: { headersTimeoutMs: 1000, requestTimeoutMs: 2000 },
      },
    });
    await wire(server);
  });
  after(() => server.close());

  it(`answers ${RUNS * BATCH} mutated requests without a 5xx, each error AWS-shaped`, { timeout: 120_000 }, async (t) => {
    const host = new URL(server.url).host;
    await fc.assert(
      fc.asyncProperty(fc.array(fuzzRequest, { minLength: BATCH, maxLength: BATCH }), async (batch) => {
        const answers = await Promise.all(batch.map((r) => rawExchange(server.url, [wireBytes(r, host, new Date())], { timeoutMs: 8_000 })));
        batch.forEach((request, i) => {
          const answer = answers[i]!;
          sent += 1;
          statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
          const wrong = problem(request, answer);
          if (wrong !== undefined) {
            throw new Error(`${wrong}\nrequest: ${request.method} ${request.target} ${request.auth} ${JSON.stringify(request.headers)} body=${JSON.stringify(request.body.toString('latin1').slice(0, 300))}`);
          }
        });
      }),
      { seed: SEED, numRuns: RUNS },
    );
    t.diagnostic(`sent ${sent} requests; answers by status: ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}`);
    assert.ok(sent >= 10_000, `sent ${sent}`);
    const reachedHandlers = [...statuses].filter(([s]) => s < 300 || s === 404 || s === 409 || (s === 400)).reduce((n, [, c]) => n + c, 0);
    assert.ok(reachedHandlers > sent / 3, `only ${reachedHandlers} of ${sent} requests got past authentication: ${JSON.stringify([...statuses])}`);
    const health = await fetch(`${server.url}/_dialtone/health`);
    assert.equal(health.status, 200, 'the server still answers');
  });

  it('leaves the database consistent: no partial orders, no orphan rows, jobs only for orders in Processing', async () => {
    await new Promise((resolve) => setTimeout(resolve, 300));
    await server.close();
    const db = new Database(join(server.dataDir, 'dialtone.sqlite'), { readonly: true });
    try {
      const count = (sql: string): number => (db.prepare(sql).get() as { n: number }).n;
      assert.ok(count('select count(*) as n from orders') > 50, 'the fuzz created orders');
      // Nothing is pruned during the fuzz: every number's order is there, its account's.
      for (const [what, sql] of orderConsistencyChecks()) assert.equal(count(sql), 0, what);
      assert.ok(count('select count(*) as n from phone_number_associations') > 0, 'numbers are associated');
      assert.equal(
        count("select count(*) as n from phone_number_associations a where not exists (select 1 from phone_numbers p where p.e164 = a.e164 and p.account_id = a.account_id and p.active = 1 and p.status = 'Assigned')"),
        0, 'an association of a number that is not the account\'s, not active or not Assigned',
      );
      assert.equal(
        count("select count(*) as n from phone_numbers p where p.active = 1 and p.status = 'Assigned' and not exists (select 1 from phone_number_associations a where a.e164 = p.e164)"),
        0, 'an Assigned number without an association',
      );
      // The outbox: each account's events are numbered 1, 2, … without a gap or a repeat; every order has exactly one
      // created event and, once settled, exactly one settled event with its status; no event names an order that
      // does not exist (nothing is pruned or reset during the fuzz).
      assert.equal(
        count('select count(*) as n from (select account_id from events group by account_id having count(*) <> max(seq) or min(seq) <> 1 or count(distinct seq) <> count(*))'),
        0, 'an account whose event sequence has a gap or a repeat',
      );
      const orderEvents = (type: string): string =>
        `select count(*) from events e where e.account_id = o.account_id and e.type = '${type}' and json_extract(e.detail, '$.PhoneNumberOrderId') = o.id`;
      assert.equal(count(`select count(*) as n from orders o where (${orderEvents('Phone Number Order Created')}) <> 1`), 0, 'an order without exactly one created event');
      assert.equal(
        count(`select count(*) as n from orders o where (${orderEvents('Phone Number Order Settled')}) <> (case when o.status = 'Processing' then 0 else 1 end)`),
        0, 'a settled order without exactly one settled event, or one in Processing with one',
      );
      assert.equal(
        count(
          `select count(*) as n from orders o join events e on e.account_id = o.account_id and e.type = 'Phone Number Order Settled' and json_extract(e.detail, '$.PhoneNumberOrderId') = o.id where json_extract(e.detail, '$.Status') <> o.status`,
        ),
        0, "a settled event whose status is not the order's",
      );
      assert.equal(
        count(`select count(*) as n from events e where e.type like 'Phone Number Order %' and not exists (select 1 from orders o where o.id = json_extract(e.detail, '$.PhoneNumberOrderId') and o.account_id = e.account_id)`),
        0, 'an order event without its order',
      );
    } finally {
      db.close();
    }
  });
});
