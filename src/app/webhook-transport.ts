/**
 * The outbound side of webhooks: the allowed targets (CIDRs and host names, from `webhooks.allowedTargets`) and the
 * HTTP(S) client that delivers. A target's host is resolved once per request; unless the host is named in the list,
 * every address it resolves to must be inside an allowed CIDR, and the request connects to the address that was
 * checked (its own `lookup`), so a name that resolves elsewhere a moment later (DNS rebinding) changes nothing.
 * Redirects are not followed (a 3xx is a failed attempt); at most `MAX_RESPONSE_BYTES` of an answer are read; the
 * whole request is cut after `timeoutMs`.
 */
import type * as DnsPromises from 'node:dns/promises';
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import type * as Https from 'node:https';
import { BlockList, type LookupFunction } from 'node:net';
import { ConfigError } from '../config/config.ts';
import { builtinOnDemand } from '../shared/builtin-on-demand.ts';
import { ipFamily } from '../shared/ip-family.ts';
import type { TargetCheck, WebhookRequest, WebhookResponse, WebhookTransport } from '../domain/ports/webhooks.ts';

/**
 * The system's resolver, as connections use it. node:dns/promises is loaded at the first lookup (a few milliseconds of
 * every start otherwise, for a server that may never deliver a webhook).
 */
function systemResolve(host: string): Promise<{ address: string; family: number }[]> {
  return builtinOnDemand<typeof DnsPromises>('node:dns/promises').lookup(host, { all: true, verbatim: true });
}

/** Most bytes of an answer read (the status is what counts); the rest is dropped with the connection. */
const MAX_RESPONSE_BYTES = 64 * 1024;

/** A delivery that failed with `error` (its code and message, bounded), as the transport answers it. */
const failure = (error: NodeJS.ErrnoException): WebhookResponse => ({ error: `${error.code ?? 'error'}: ${error.message}`.slice(0, 300) });

/** The allowed targets, parsed. */
export class TargetAllowlist implements TargetCheck {
  readonly #cidrs = new BlockList();
  readonly #hosts = new Set<string>();
  readonly #suffixes: string[] = [];
  readonly #resolve: (host: string) => Promise<{ address: string; family: number }[]>;

  /**
   * @throws ConfigError naming an entry that is neither a CIDR, an address nor a host name
   * @param resolve the resolver (default: the system's, as connections use it)
   */
  constructor(entries: readonly string[], resolve: (host: string) => Promise<{ address: string; family: number }[]> = systemResolve) {
    this.#resolve = resolve;
    for (const entry of entries) {
      const [address, bits, extra] = entry.split('/');
      const family = ipFamily(address ?? '');
      if (family !== 0 && extra === undefined) {
        const max = family === 4 ? 32 : 128;
        const prefix = bits === undefined ? max : Number(bits);
        if (!Number.isInteger(prefix) || prefix < 0 || prefix > max || (bits !== undefined && !/^\d+$/.test(bits))) {
          throw new ConfigError(`webhooks.allowedTargets: ${JSON.stringify(entry)} has a bad prefix length (0 to ${max})`);
        }
        this.#cidrs.addSubnet(address!, prefix, family === 4 ? 'ipv4' : 'ipv6');
      } else if (/^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i.test(entry)) {
        if (entry.startsWith('*.')) this.#suffixes.push(entry.slice(1).toLowerCase());
        else this.#hosts.add(entry.toLowerCase());
      } else {
        throw new ConfigError(`webhooks.allowedTargets: ${JSON.stringify(entry)} is neither a CIDR (10.0.0.0/8, fd00::/8), an address nor a host name`);
      }
    }
  }

  /** The address to connect to for `url`'s host, or why the target is refused. */
  async resolve(url: string): Promise<{ address: string; family: 4 | 6 } | { refusal: string }> {
    let host: string;
    try {
      host = new URL(url).hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
    } catch {
      return { refusal: 'the URL cannot be parsed' };
    }
    const named = this.#hosts.has(host) || this.#suffixes.some((suffix) => host.endsWith(suffix));
    const literal = ipFamily(host) !== 0;
    let addresses: { address: string; family: number }[];
    try {
      addresses = literal ? [{ address: host, family: ipFamily(host) }] : await this.#resolve(host);
    } catch (error) {
      return { refusal: `${host} does not resolve (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
    }
    if (addresses.length === 0) return { refusal: `${host} does not resolve` };
    if (!named) {
      const outside = addresses.find((a) => !this.#allows(a.address));
      if (outside) return { refusal: literal ? `${host} is outside webhooks.allowedTargets` : `${host} resolves to ${outside.address}, outside webhooks.allowedTargets` };
    }
    const first = addresses[0]!;
    return { address: first.address, family: first.family === 6 ? 6 : 4 };
  }

  async refusal(url: string): Promise<string | undefined> {
    const resolved = await this.resolve(url);
    return 'refusal' in resolved ? resolved.refusal : undefined;
  }

  #allows(address: string): boolean {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped) return this.#cidrs.check(mapped[1]!, 'ipv4');
    return this.#cidrs.check(address, ipFamily(address) === 6 ? 'ipv6' : 'ipv4');
  }
}

/** Delivers over HTTP(S), to checked addresses only. */
export class HttpWebhookTransport implements WebhookTransport {
  readonly #targets: TargetAllowlist;
  readonly #timeoutMs: number;
  readonly #http: HttpAgent;
  readonly #maxSockets: number;
  /** Made with the first https target: node:https loads TLS, about 10 ms of every start otherwise. */
  #https: { agent: Https.Agent; request: typeof Https.request } | undefined;

  constructor(options: { targets: TargetAllowlist; timeoutMs: number; maxSockets: number }) {
    this.#targets = options.targets;
    this.#timeoutMs = options.timeoutMs;
    this.#maxSockets = options.maxSockets;
    this.#http = new HttpAgent({ keepAlive: true, maxSockets: options.maxSockets });
  }

  #secure(): { agent: Https.Agent; request: typeof Https.request } {
    if (this.#https === undefined) {
      const https = builtinOnDemand<typeof Https>('node:https');
      this.#https = { agent: new https.Agent({ keepAlive: true, maxSockets: this.#maxSockets }), request: https.request };
    }
    return this.#https;
  }

  async send(request: WebhookRequest): Promise<WebhookResponse> {
    const resolved = await this.#targets.resolve(request.url);
    if ('refusal' in resolved) return { error: `target refused: ${resolved.refusal}` };
    const url = new URL(request.url);
    const tls = url.protocol === 'https:';
    const lookup: LookupFunction = (_host, options, callback) => {
      if ((options as { all?: boolean }).all) (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [resolved]);
      else callback(null, resolved.address, resolved.family);
    };
    return new Promise((resolve) => {
      let settled = false;
      const finish = (response: WebhookResponse) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        request.signal?.removeEventListener('abort', onAbort);
        resolve(response);
      };
      const secure = tls ? this.#secure() : undefined;
      const send = secure?.request ?? httpRequest;
      const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
      let outgoing: ReturnType<typeof httpRequest>;
      try {
        outgoing = send({
          protocol: url.protocol,
          hostname,
          port: url.port === '' ? (tls ? 443 : 80) : Number(url.port),
          path: `${url.pathname}${url.search}`,
          method: 'POST',
          headers: { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) },
          agent: secure?.agent ?? this.#http,
          lookup,
          // The name the target's certificate is checked against is the host either way. Server Name Indication
          // carries a name only (RFC 6066, 3): Node 26 refuses an IP address there (earlier lines warn, DEP0123).
          ...(tls && ipFamily(hostname) === 0 && { servername: hostname }),
        });
      } catch (error) {
        // An option node refuses as it builds the request: an answer like any failed delivery, never a rejection
        // (nothing else can settle this promise yet: no timer, listener or request exists).
        resolve(failure(error as NodeJS.ErrnoException));
        return;
      }
      const timer = setTimeout(() => {
        outgoing.destroy();
        finish({ error: `no answer within ${this.#timeoutMs} ms` });
      }, this.#timeoutMs);
      const onAbort = () => {
        outgoing.destroy();
        finish({ error: 'delivery stopped' });
      };
      request.signal?.addEventListener('abort', onAbort, { once: true });
      outgoing.on('error', (error: NodeJS.ErrnoException) => finish(failure(error)));
      outgoing.on('response', (res: IncomingMessage) => {
        let read = 0;
        res.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_RESPONSE_BYTES) {
            res.destroy();
            finish({ status: res.statusCode ?? 0 });
          }
        });
        res.on('end', () => finish({ status: res.statusCode ?? 0 }));
        res.on('error', () => finish({ status: res.statusCode ?? 0 }));
      });
      outgoing.end(request.body);
    });
  }

  /** Closes idle connections. */
  close(): void {
    this.#http.destroy();
    this.#https?.agent.destroy();
  }
}
