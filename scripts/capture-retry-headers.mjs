#!/usr/bin/env node
// What real clients send when they retry a CreatePhoneNumberOrder: a node:http server on 127.0.0.1 answers every call
// 500 ServiceFailureException twice, then 201 with an order; each client of the list below makes one call with its
// default retry settings, and the script prints, per client, the headers that identify a call and its attempt
// (amz-sdk-invocation-id, amz-sdk-request, X-Amz-Date). docs/api.md records a run of it.
//
// Usage: node scripts/capture-retry-headers.mjs            (clients that are not installed are reported as such)
//
// Clients: @aws-sdk/client-chime (devDependency), boto3 of `python3` on PATH, Debian's boto3 (/usr/bin/python3), the
// AWS CLI v2 (/usr/bin/aws) and the AWS CLI v1 (`aws` on PATH) when their `--version` says so.
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChimeClient, CreatePhoneNumberOrderCommand } from '@aws-sdk/client-chime';

const FAILURES_PER_CALL = 2;
const ORDER = {
  PhoneNumberOrder: {
    PhoneNumberOrderId: '6f1c1b2e-0d7a-4a55-9a3e-2f1f5a0b9c11',
    ProductType: 'VoiceConnector',
    Status: 'Processing',
    OrderedPhoneNumbers: [{ E164PhoneNumber: '+12065550100', Status: 'Processing' }],
    CreatedTimestamp: '2026-01-01T00:00:00.000Z',
    UpdatedTimestamp: '2026-01-01T00:00:00.000Z',
  },
};

/** Attempts seen, by client label. */
const seen = new Map();
let label = '';

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const attempts = seen.get(label) ?? [];
    attempts.push({
      method: req.method,
      path: req.url,
      invocationId: req.headers['amz-sdk-invocation-id'],
      request: req.headers['amz-sdk-request'],
      date: req.headers['x-amz-date'],
      userAgent: String(req.headers['user-agent'] ?? '').split(' ').slice(0, 2).join(' '),
    });
    seen.set(label, attempts);
    if (attempts.length <= FAILURES_PER_CALL) {
      res.writeHead(500, { 'content-type': 'application/json', 'x-amzn-errortype': 'ServiceFailureException', 'x-amzn-requestid': `r${attempts.length}` });
      res.end(JSON.stringify({ Code: 'ServiceFailure', Message: 'failing on purpose' }));
      return;
    }
    res.writeHead(201, { 'content-type': 'application/json', 'x-amzn-requestid': `r${attempts.length}` });
    res.end(JSON.stringify(ORDER));
  });
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const endpoint = `http://127.0.0.1:${server.address().port}`;
const home = mkdtempSync(join(tmpdir(), 'dialtone-capture-'));
const env = {
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME: home,
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  AWS_DEFAULT_REGION: 'us-east-1',
  AWS_CONFIG_FILE: '/dev/null',
  AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_PAGER: '',
};
const BOTO3 = `
import sys, boto3, botocore
c = boto3.client('chime', endpoint_url=sys.argv[1], region_name='us-east-1')
print('boto3', boto3.__version__, 'botocore', botocore.__version__, c.create_phone_number_order(
    ProductType='VoiceConnector', E164PhoneNumbers=['+12065550100'])['PhoneNumberOrder']['Status'])
`;

async function capture(name, run) {
  label = name;
  try {
    const outcome = await run();
    const attempts = seen.get(name) ?? [];
    const ids = new Set(attempts.map((a) => a.invocationId));
    console.log(`\n${name}: ${outcome}`);
    for (const a of attempts) console.log(`  ${a.method} ${a.path}  amz-sdk-invocation-id: ${a.invocationId}  amz-sdk-request: ${a.request}  x-amz-date: ${a.date}  (${a.userAgent})`);
    console.log(`  ${attempts.length} attempts, ${ids.size} distinct invocation id(s)`);
  } catch (error) {
    console.log(`\n${name}: not run (${error.message.split('\n')[0]})`);
  }
}

/** Runs a client in a child process without blocking this one (the capture server answers it meanwhile). */
function command(bin, args) {
  return new Promise((resolve, reject) => {
    execFile(bin, args, { env, cwd: home, encoding: 'utf8', timeout: 120_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${bin}: ${error.message} ${stderr.trim()}`));
      else resolve(stdout.trim().replace(/\s+/g, ' '));
    });
  });
}

function cliVersion(bin, major) {
  const probe = spawnSync(bin, ['--version'], { env, cwd: home, encoding: 'utf8', timeout: 20_000 });
  const text = `${probe.stdout ?? ''}${probe.stderr ?? ''}`.trim();
  if (probe.status !== 0 || !text.startsWith(`aws-cli/${major}.`)) throw new Error(`${bin} is not the AWS CLI v${major}`);
  return text.split(' ')[0];
}

try {
  await capture('@aws-sdk/client-chime (defaults: maxAttempts 3)', async () => {
    const client = new ChimeClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    try {
      const out = await client.send(new CreatePhoneNumberOrderCommand({ ProductType: 'VoiceConnector', E164PhoneNumbers: ['+12065550100'] }));
      return `${out.$metadata.httpStatusCode} after ${out.$metadata.attempts} attempts`;
    } finally {
      client.destroy();
    }
  });
  for (const python of ['python3', '/usr/bin/python3']) {
    await capture(`boto3 (${python}, default retry mode)`, async () => command(python, ['-c', BOTO3, endpoint]));
  }
  for (const [bin, major] of [['/usr/bin/aws', 2], ['aws', 1]]) {
    await capture(`AWS CLI v${major} (${bin})`, async () => {
      const version = cliVersion(bin, major);
      const out = await command(bin, ['chime', 'create-phone-number-order', '--endpoint-url', endpoint, '--product-type', 'VoiceConnector',
        '--e164-phone-numbers', '+12065550100', '--query', 'PhoneNumberOrder.Status', '--output', 'text']);
      return `${version}: ${out}`;
    });
  }
} finally {
  server.close();
  rmSync(home, { recursive: true, force: true });
}
