/**
 * Where the logs go: a file descriptor (stdout) written asynchronously through a bounded buffer (sonic-boom), so
 * that logging never waits for the consumer. The lines of a turn of the event loop are handed on together, and
 * written in batches (at least `minWriteBytes`, or every `flushIntervalMs`); while the consumer is slower than the
 * logs, up to `maxBufferBytes` wait in memory and further lines (a turn's together) are dropped and counted
 * ({@link LogStream.dropped}). At exit (a normal stop or a crash) what is buffered is written synchronously for at most
 * `exitFlushMs`: a consumer that does not read cannot hold the process up.
 */
import sonicBoom from 'sonic-boom';

// A CommonJS module: its class is the default export (and a property of it, which its types describe).
const { SonicBoom } = sonicBoom;

export interface LogStreamOptions {
  /** Default 1 (stdout). */
  fd?: number;
  /** Most bytes waiting for the consumer; lines beyond are dropped (default 4 MiB). */
  maxBufferBytes?: number;
  /** Bytes gathered before a write (default 16 KiB, at most a quarter of `maxBufferBytes`). */
  minWriteBytes?: number;
  /** What is gathered is written at least this often, ms (default 200). */
  flushIntervalMs?: number;
  /** Longest synchronous write of the remaining lines at exit, ms (default 1,000). */
  exitFlushMs?: number;
}

/** What a log stream tells when lines were dropped: how many since the last call, and since start. */
export interface DropReport {
  dropped: number;
  total: number;
}

/** A pino destination (see the module comment). */
export interface LogStream {
  write(line: string): void;
  /** Lines dropped since start because the consumer did not keep up. */
  readonly dropped: number;
  /**
   * Calls `listener` once after each episode of drops, when the buffer has room again (the consumer caught up), so
   * that the logs say so once per episode rather than once per line.
   */
  onDropsEnded(listener: (report: DropReport) => void): void;
  /** Starts writing what is buffered; `done` once it is written (pino's `logger.flush`). */
  flush(done?: (error?: Error | null) => void): void;
  /** Writes what is buffered; true once written, false when the consumer did not take it within `timeoutMs`. */
  drain(timeoutMs?: number): Promise<boolean>;
}

const MIB = 1024 * 1024;

const streams = new Map<number, LogStream>();

/**
 * The log stream of `fd` (see the module comment): one per descriptor and process, made on the first call with that
 * call's options; later calls for the same descriptor get it back.
 */
export function createLogStream(options: LogStreamOptions = {}): LogStream {
  const fd = options.fd ?? 1;
  let stream = streams.get(fd);
  if (stream === undefined) streams.set(fd, (stream = newLogStream(fd, options)));
  return stream;
}

function newLogStream(fd: number, options: LogStreamOptions): LogStream {
  if (fd === 1) {
    // On a pipe, node's process.stdout puts the descriptor in non-blocking mode, so that a write to a full pipe fails
    // with EAGAIN (retried later) instead of blocking a thread, and the exit flush below can give up in time. The
    // banner touches it anyway; this makes it so when the logs come first.
    void process.stdout.writable;
  }
  let exitDeadline = Infinity;
  const maxBufferBytes = options.maxBufferBytes ?? 4 * MIB;
  // Each write is a request to libuv's thread pool with the batch encoded to UTF-8: under a load of small requests,
  // batches of 16 KiB rather than 4 KiB took the log's writes from about 3 % of the server's CPU to about 2 % (profiles).
  const minWriteBytes = options.minWriteBytes ?? Math.min(16 * 1024, Math.floor(maxBufferBytes / 4));
  const sonic = new SonicBoom({
    fd,
    sync: false,
    minLength: minWriteBytes,
    // sonic-boom's largest single write (16 KiB by default) must exceed the batch.
    maxWrite: Math.max(16 * 1024, 4 * minWriteBytes),
    maxLength: maxBufferBytes,
    periodicFlush: options.flushIntervalMs ?? 200,
    // Asynchronous writes retry a full pipe every 100 ms for as long as it takes; the exit flush until its deadline.
    retryEAGAIN: () => Date.now() < exitDeadline,
  });
  let total = 0;
  let episode = 0;
  const listeners: ((report: DropReport) => void)[] = [];
  // A consumer that went away (EPIPE) or a descriptor that fails: logging stops; the server goes on.
  let broken = false;
  // The lines written in this turn of the event loop, handed to sonic-boom together once its I/O is done: sonic-boom
  // measures the byte length of its last buffer (up to `maxWrite` bytes, a string it has just appended to, so
  // flattened first) at every write, a cost per line that grew with the batch; once per turn it is paid once.
  let lines: string[] = [];
  let handing = 0;
  let scheduled = false;
  const hand = (): void => {
    scheduled = false;
    if (lines.length === 0) return;
    const batch = lines.length === 1 ? lines[0]! : lines.join('');
    handing = lines.length;
    lines = [];
    if (!broken) sonic.write(batch);
    handing = 0;
  };
  // A turn's lines go in or are dropped together (the buffer is full); each counts as a dropped line.
  sonic.on('drop', () => {
    total += handing;
    episode += handing;
  });
  sonic.on('drain', () => {
    if (episode === 0) return;
    const report = { dropped: episode, total };
    episode = 0;
    for (const listener of listeners) listener(report);
  });
  sonic.on('error', () => {
    broken = true;
  });
  const exitFlushMs = options.exitFlushMs ?? 1_000;
  process.once('exit', () => {
    hand();
    if (broken) return;
    exitDeadline = Date.now() + exitFlushMs;
    try {
      sonic.flushSync();
    } catch {
      // The consumer did not read in time: what is left is lost, the process ends.
    }
  });
  return {
    write(line) {
      if (broken) return;
      lines.push(line);
      if (!scheduled) {
        scheduled = true;
        setImmediate(hand);
      }
    },
    get dropped() {
      return total;
    },
    onDropsEnded(listener) {
      listeners.push(listener);
    },
    flush(done) {
      hand();
      if (broken) done?.(new Error('the log stream failed'));
      else sonic.flush(done ?? (() => undefined));
    },
    drain(timeoutMs = 2_000) {
      hand();
      if (broken) return Promise.resolve(false);
      return new Promise((resolve) => {
        const timer = setTimeout(() => resolve(false), timeoutMs);
        timer.unref();
        // The callback comes once the buffer is written (with an error from fsync on a pipe, which does not matter).
        sonic.flush(() => {
          clearTimeout(timer);
          resolve(!broken);
        });
      });
    },
  };
}
