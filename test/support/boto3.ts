/**
 * boto3 cases run as Python scripts against a listening dialtone: the interpreters to try (Debian's, with its older
 * botocore, and the one on PATH), why one cannot run them, the prelude every script starts with, and the runner.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { PythonDriver, type DriverAnswer } from './python-driver.ts';
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
export async function runBoto3<T>(run: Boto3Script, script: string): Promise<T> {
  const keys = Object.fromEntries(Object.entries(run.keys).map(([who, k]) => [who, [k.accessKeyId, k.secretAccessKey]]));
  const source = `${script}\nprint(json.dumps(out, default=str))`;
  const r = await runPython(run.python, source, [run.url, JSON.stringify(keys), ...(run.args ?? [])], { env: boto3Env(run.home), timeoutMs: 120_000 });
  if (r.code !== 0) throw new Error(`python failed (exit ${r.code}):\n${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

/** The environment of a boto3 script: an empty HOME, and no configuration or credentials of this machine. */
export function boto3Env(home: string): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null', AWS_EC2_METADATA_DISABLED: 'true' };
}

/** This process's drivers, by interpreter. */
const drivers = new Map<string, PythonDriver>();

/**
 * Runs `source` as `python -c source ...argv` would, with `env` and `stdin`, through ./python-script-driver.py: one
 * process per interpreter runs this process's scripts one after another (./python-driver.ts), so that the
 * interpreter's start and boto3's imports are paid once. Resolves whatever the exit code; rejects when the script did
 * not end in `timeoutMs`.
 */
export function runPython(python: string, source: string, argv: string[], options: { env: Record<string, string>; stdin?: string; timeoutMs: number }): Promise<DriverAnswer> {
  // The interpreter itself, not the pyenv shim that `python3` on PATH may be (./shims.ts).
  const interpreter = behindShim(python);
  let driver = drivers.get(interpreter);
  if (driver === undefined) drivers.set(interpreter, (driver = new PythonDriver(interpreter, [SCRIPT_DRIVER])));
  return driver.run({ source, argv, env: options.env, stdin: options.stdin ?? '' }, `${python} -c …`, options.timeoutMs);
}

const SCRIPT_DRIVER = fileURLToPath(new URL('./python-script-driver.py', import.meta.url));
