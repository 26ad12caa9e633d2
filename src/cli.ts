/** The `dialtone` command line. */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCOUNT_ID, DEFAULT_SECRET_ACCESS_KEY } from './config/config.ts';
import { startApp } from './main.ts';

const HELP = `dialtone — a self-hostable phone-number ordering service that speaks the Amazon Chime API

Usage: dialtone [serve] [--help]

Commands:
  serve        start the API server (default)

Options:
  -h, --help   show this help

Environment:
  HOST                                address to listen on (default 127.0.0.1)
  PORT                                port to listen on (default 8080; 0 picks a free port)
  DATA_DIR                            state directory (default ./data)
  DIALTONE_CONFIG                     JSON file with accounts, credentials, regions and limits
  DIALTONE_ALLOW_DEFAULT_CREDENTIALS  true to serve a non-loopback address with the test/test key
`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const command = positionals[0] ?? 'serve';
  if (command !== 'serve') {
    process.stderr.write(`dialtone: unknown command '${command}'\n\n${HELP}`);
    return 2;
  }
  const config = loadConfig(process.env);
  const app = await startApp({ config });
  const lines = [`dialtone: serving the Amazon Chime API at ${app.url}`];
  for (const account of config.accounts) {
    for (const key of account.credentials) {
      // Only the well-known test/test pair is shown; a real secret configured under the default id is masked too.
      const wellKnown = account.accountId === DEFAULT_ACCOUNT_ID && key.accessKeyId === DEFAULT_ACCESS_KEY_ID && key.secretAccessKey === DEFAULT_SECRET_ACCESS_KEY;
      const secret = wellKnown ? key.secretAccessKey : '********';
      lines.push(`  account ${account.accountId}: access key ${key.accessKeyId} / secret ${secret}`);
    }
  }
  lines.push(`  data: ${config.dataDir}`, `  health: ${app.url}/_dialtone/health`);
  process.stdout.write(`${lines.join('\n')}\n`);
  const stop = (): void => {
    // Bounded: a stop that hangs past the request drain time and a margin exits non-zero.
    setTimeout(() => process.exit(1), config.shutdownTimeoutMs + 5_000).unref();
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  return -1;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`dialtone: ${describeStartError(error)}\n`);
    process.exitCode = 1;
  },
);

function describeStartError(error: unknown): string {
  if (error instanceof ConfigError) return error.message;
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
    return `cannot listen: ${(error as Error).message} (set HOST and PORT)`;
  }
  return (error as Error).stack ?? String(error);
}
