/**
 * A Python process that runs the commands of this test process one after another, so that the interpreter's start and
 * the imports (botocore's, the AWS CLI's: about 0.7 s of CPU each time) are paid once. The script it runs
 * (./aws-cli-driver.py, ./python-script-driver.py, both on ./driver_protocol.py) reads one JSON object per line on
 * standard input and answers one JSON line on standard output for each, `{"code": N, "stdout": "...", "stderr":
 * "..."}`, and ends at the end of its input.
 *
 * The process starts at the first command, holds this process open only while a command is in it, and ends when this
 * process does (its input closes). A command that outlives its time ends the process and rejects, as a killed program
 * would; the next command starts another.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

/** What a command printed, and its exit code. */
export interface DriverAnswer {
  code: number;
  stdout: string;
  stderr: string;
}

/** A command waiting for its answer. */
interface Pending {
  request: Record<string, unknown>;
  what: string;
  timeoutMs: number;
  resolve: (answer: DriverAnswer) => void;
  reject: (error: Error) => void;
}

export class PythonDriver {
  readonly #interpreter: string;
  readonly #args: string[];
  readonly #queue: Pending[] = [];
  #child: ChildProcessWithoutNullStreams | undefined;
  #running: { pending: Pending; timer: NodeJS.Timeout } | undefined;
  #buffered = '';

  /** `interpreter` runs `args` (the driver script and its arguments). */
  constructor(interpreter: string, args: string[]) {
    this.#interpreter = interpreter;
    this.#args = args;
  }

  /** Sends `request` once the commands before it answered; `what` names it in errors. */
  run(request: Record<string, unknown>, what: string, timeoutMs: number): Promise<DriverAnswer> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ request, what, timeoutMs, resolve, reject });
      this.#next();
    });
  }

  #next(): void {
    if (this.#running !== undefined) return;
    const pending = this.#queue.shift();
    if (pending === undefined) {
      this.#hold(false);
      return;
    }
    const child = this.#start();
    this.#hold(true);
    const timer = setTimeout(() => this.#fail(new Error(`${pending.what} did not run to completion: no answer in ${pending.timeoutMs} ms`)), pending.timeoutMs);
    this.#running = { pending, timer };
    child.stdin.write(`${JSON.stringify(pending.request)}\n`);
  }

  #start(): ChildProcessWithoutNullStreams {
    if (this.#child !== undefined) return this.#child;
    // No user site directory: a command run as a program has an empty HOME (the tests' own), so it has none either.
    // No bytecode of ./driver_protocol.py written into the checkout.
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', PYTHONNOUSERSITE: '1', PYTHONDONTWRITEBYTECODE: '1' };
    const child = spawn(this.#interpreter, this.#args, { stdio: ['pipe', 'pipe', 'pipe'], env });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr = (stderr + text).slice(-4000)));
    child.stdout.setEncoding('utf8').on('data', (text: string) => this.#read(text));
    child.on('error', (error) => this.#fail(error));
    child.on('exit', (code, signal) => {
      if (this.#child === child) this.#fail(new Error(`the driver ${this.#args.join(' ')} ended (${signal ?? code}): ${stderr}`));
    });
    this.#child = child;
    this.#buffered = '';
    return child;
  }

  #read(text: string): void {
    this.#buffered += text;
    let end: number;
    while ((end = this.#buffered.indexOf('\n')) >= 0) {
      const line = this.#buffered.slice(0, end);
      this.#buffered = this.#buffered.slice(end + 1);
      const running = this.#running;
      if (running === undefined) continue;
      clearTimeout(running.timer);
      this.#running = undefined;
      running.pending.resolve(JSON.parse(line) as DriverAnswer);
      this.#next();
    }
  }

  /** Ends the process, rejects the command in it, and goes on with the next. */
  #fail(error: Error): void {
    const child = this.#child;
    this.#child = undefined;
    child?.kill('SIGKILL');
    const running = this.#running;
    this.#running = undefined;
    if (running !== undefined) {
      clearTimeout(running.timer);
      running.pending.reject(error);
    }
    this.#next();
  }

  /** Whether the process keeps this one's event loop alive: only while a command is in it. */
  #hold(busy: boolean): void {
    const child = this.#child;
    if (child === undefined) return;
    for (const handle of [child, child.stdin, child.stdout, child.stderr] as { ref(): unknown; unref(): unknown }[]) {
      if (busy) handle.ref();
      else handle.unref();
    }
  }
}
