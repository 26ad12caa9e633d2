/**
 * boto3 cases run as Python scripts against a listening dialtone: the interpreters to try (Debian's, with its older
 * botocore, and the one on PATH), why one cannot run them, the prelude every script starts with, and the runner.
 */
import { execFile, spawnSync } from 'node:child_process';
import { behindShim } from './shims.ts';

export const PYTHONS = ['/usr/bin/python3', 'python3'];

/** Why `python` cannot run boto3 cases (a `skip` reason), or false when it can. */
export function boto3Unavailable(python: string): string | false {
  const probe = spawnSync(python, ['-c', 'import boto3; print(boto3.__version__)'], { encoding: 'utf8', timeout: 30_000 });
  if (probe.error) return `${python} not found (${probe.error.message})`;
  if (probe.status !== 0) return `boto3 not installed for ${python} (apt-get install python3-boto3)`;
  return false;
}

/**
 * Python reading the endpoint (argv 1) and the keys by name (argv 2, JSON), defining `client(service, who)` and
 * `call(client, operation, **params)` → {"ok": …} | {"error": {code, message, status}}.
 */
export const BOTO3_PRELUDE = `
import json, sys, time, boto3, botocore.config, botocore.exceptions
endpoint, keys = sys.argv[1], json.loads(sys.argv[2])
def client(service, who='alice'):
    key, secret = keys[who]
    return boto3.client(service, endpoint_url=endpoint, region_name='us-east-1', aws_access_key_id=key, aws_secret_access_key=secret,
                        config=botocore.config.Config(retries={'max_attempts': 1}))
def call(c, operation, **params):
    try:
        response = getattr(c, operation)(**params)
        response.pop('ResponseMetadata', None)
        return {'ok': response}
    except botocore.exceptions.ClientError as e:
        return {'error': {'code': e.response['Error']['Code'], 'message': e.response['Error'].get('Message', ''),
                          'status': e.response['ResponseMetadata']['HTTPStatusCode']}}
`;

/**
 * Helpers after {@link BOTO3_PRELUDE}: `client_at(service, prefix)` (Alice's client of the endpoint with a path prefix
 * such as `/chime`), and `sent(client, operation, **params)`, a `call` that also keeps the HTTP status and the
 * `x-dialtone-api` that answered.
 */
export const BOTO3_SENT = `
def client_at(service, prefix):
    key, secret = keys['alice']
    return boto3.client(service, endpoint_url=endpoint + prefix, region_name='us-east-1', aws_access_key_id=key, aws_secret_access_key=secret,
                        config=botocore.config.Config(retries={'max_attempts': 1}))
def sent(c, operation, **params):
    try:
        response = getattr(c, operation)(**params)
        meta = response.pop('ResponseMetadata')
        return {'ok': response, 'status': meta['HTTPStatusCode'], 'api': meta['HTTPHeaders'].get('x-dialtone-api')}
    except botocore.exceptions.ClientError as e:
        meta = e.response['ResponseMetadata']
        return {'error': {'code': e.response['Error']['Code'], 'message': e.response['Error'].get('Message', ''), 'status': meta['HTTPStatusCode']},
                'api': meta.get('HTTPHeaders', {}).get('x-dialtone-api')}
`;

export interface Boto3Script {
  python: string;
  /** The server's URL (argv 1). */
  url: string;
  /** Access key and secret by name, for `client(service, who)` (argv 2). */
  keys: Record<string, { accessKeyId: string; secretAccessKey: string }>;
  /** An empty HOME: no user configuration or credentials of this machine reach botocore. */
  home: string;
  /** Further arguments (argv 3 on). */
  args?: string[];
}

/** Runs `script` (Python that follows {@link BOTO3_PRELUDE} and fills `out`) and answers `out`, read from its JSON. */
export function runBoto3<T>(run: Boto3Script, script: string): Promise<T> {
  const keys = Object.fromEntries(Object.entries(run.keys).map(([who, k]) => [who, [k.accessKeyId, k.secretAccessKey]]));
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: run.home, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null', AWS_EC2_METADATA_DISABLED: 'true' };
  const source = `${script}\nprint(json.dumps(out, default=str))`;
  return new Promise((resolve, reject) => {
    // The interpreter itself, not the pyenv shim that `python3` on PATH may be (./shims.ts).
    execFile(behindShim(run.python), ['-c', source, run.url, JSON.stringify(keys), ...(run.args ?? [])], { env, timeout: 120_000, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`python failed: ${error.message}\n${stderr}`));
      resolve(JSON.parse(stdout) as T);
    });
  });
}
