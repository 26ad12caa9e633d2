/**
 * The drivers that run the AWS CLI's commands and the boto3 scripts in one Python process per test process
 * (test/support/python-driver.ts): each command must still see only what a process of its own would — its arguments,
 * environment, standard input, exit code and output — and a command that hangs must fail alone, the next one running
 * in a new process.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findCli, runCli } from '../support/aws-cli.ts';
import { boto3Unavailable, runPython } from '../support/boto3.ts';

const PYTHON = 'python3';
const ENV = { PATH: process.env.PATH ?? '/usr/bin:/bin' };

describe('the Python script driver', { skip: boto3Unavailable(PYTHON) }, () => {
  it('gives each script its own arguments, environment, standard input, exit code and output', async () => {
    const first = await runPython(PYTHON, 'import os, sys\nos.environ["LEFT"] = "1"\nprint(sys.argv, os.environ.get("ONE"), sys.stdin.read())\nsys.exit(3)', ['a', 'b'], {
      env: { ...ENV, ONE: 'one' },
      stdin: 'typed',
      timeoutMs: 30_000,
    });
    assert.deepEqual(first, { code: 3, stdout: "['-c', 'a', 'b'] one typed\n", stderr: '' });
    const second = await runPython(PYTHON, 'import os, sys\nprint(sys.argv, os.environ.get("LEFT"), os.environ.get("ONE"), repr(sys.stdin.read()))\nprint("to stderr", file=sys.stderr)', [], {
      env: ENV,
      timeoutMs: 30_000,
    });
    assert.deepEqual(second, { code: 0, stdout: "['-c'] None None ''\n", stderr: 'to stderr\n' }, 'nothing of the script before');
    const raised = await runPython(PYTHON, 'raise ValueError("seven")', [], { env: ENV, timeoutMs: 30_000 });
    assert.equal(raised.code, 1);
    assert.match(raised.stderr, /^Traceback[\s\S]*ValueError: seven\n$/);
    const session = await runPython(PYTHON, 'import boto3\nprint(boto3.DEFAULT_SESSION)\nboto3.setup_default_session()', [], { env: ENV, timeoutMs: 30_000 });
    const again = await runPython(PYTHON, 'import boto3\nprint(boto3.DEFAULT_SESSION)', [], { env: ENV, timeoutMs: 30_000 });
    assert.deepEqual([session.stdout, again.stdout], ['None\n', 'None\n'], "boto3's default session made anew for each script");
  });

  it('fails a script that outlives its time, and runs the next one in a new process', async () => {
    const pid = async (): Promise<string> => (await runPython(PYTHON, 'import os\nprint(os.getpid())', [], { env: ENV, timeoutMs: 30_000 })).stdout;
    const before = await pid();
    assert.equal(await pid(), before, 'one process for the scripts of this test process');
    await assert.rejects(runPython(PYTHON, 'import time\ntime.sleep(60)', [], { env: ENV, timeoutMs: 300 }), /did not run to completion: no answer in 300 ms/);
    const next = await pid();
    assert.match(next, /^\d+\n$/);
    assert.notEqual(next, before);
  });
});

const CLI = findCli(2) ?? findCli(1);

describe('the AWS CLI driver', { skip: CLI === undefined && !process.env.CI ? 'no AWS CLI installed' : false }, () => {
  let server: Server;
  let url: string;
  let home: string;

  before(async () => {
    home = mkdtempSync(join(tmpdir(), 'dialtone-cli-driver-'));
    // Answers every request with a modelled error, at once (no retry).
    server = createServer((_request, response) => {
      response.writeHead(404, { 'content-type': 'application/json', 'x-amzn-errortype': 'NotFoundException' });
      response.end(JSON.stringify({ Code: 'NotFoundException', Message: 'no such order' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await new Promise((resolve) => server?.close(resolve));
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('runs each command as the aws program does, its --debug output in its own standard error only', async () => {
    assert.ok(CLI, 'the AWS CLI is needed (CI: apt-get install awscli)');
    const argv = ['chime', 'get-phone-number-order', '--phone-number-order-id', 'unknown', '--endpoint-url', url];
    const debugged = await runCli(CLI, [...argv, '--debug'], { home });
    const plain = await runCli(CLI, argv, { home });
    const program = await runCli(CLI, argv, { home, process: true });
    assert.equal(debugged.code, 254);
    assert.match(debugged.stderr, / - DEBUG - /);
    assert.deepEqual(plain, program, 'the same exit code and output as the program itself');
    assert.equal(plain.code, 254);
    assert.match(plain.stderr, /An error occurred \(NotFoundException\) when calling the GetPhoneNumberOrder operation: no such order/);
    assert.doesNotMatch(plain.stderr, /DEBUG/, 'none of the debug output of the command before');
  });
});
