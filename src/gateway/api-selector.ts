/**
 * Which API answers a request: legacy Amazon Chime (`chime` 2018-05-01), Amazon Chime SDK Voice (`chime-sdk-voice`
 * 2022-08-03), or — when nothing in the request tells — both at once (the union of the two models, see
 * src/protocol/merge-models.ts). The two APIs share their paths and both sign as `chime`, so the answer comes from
 * what the client puts on the wire, first match wins:
 *
 * 1. an endpoint path prefix, `/chime-sdk-voice/…` or `/chime/…` (`--endpoint-url http://host:port/chime-sdk-voice`):
 *    every SDK and CLI keeps it in the path it signs, so it works with every client; it is removed before routing;
 * 2. the host's first label, as AWS names its endpoints: `voice-chime` / `voice-chime-fips` → voice, `chime` /
 *    `chime-fips` (and `service.chime.aws.amazon.com`) → legacy (a reverse proxy or DNS name in front of dialtone);
 * 3. the User-Agent (or `x-amz-user-agent`, which browsers let the JS SDK set): the JS SDK v3 sends
 *    `api/chime-sdk-voice#…` or `api/chime#…`, the AWS CLI v2 `command/chime-sdk-voice.…` or `command/chime.…`;
 * 4. otherwise the configured default (`both` unless set): boto3 and the AWS CLI v1 name no service anywhere.
 */
import type { IncomingMessage } from 'node:http';
import type { Router } from '../protocol/router.ts';
import type { ApiName } from '../shared/api-names.ts';
import type { CompiledService } from '../protocol/service.ts';

export type { ApiName };

/** One API as served: its model and the router built from it. */
export interface Api {
  name: ApiName;
  service: CompiledService;
  router: Router;
}

export type SelectedBy = 'path' | 'host' | 'user-agent' | 'default';

export interface Selection {
  api: Api;
  /** The request-target without the selecting path prefix (the target itself when there is none). */
  target: string;
  by: SelectedBy;
}

export interface ApiSelector {
  select(req: IncomingMessage): Selection;
}

const PREFIXES: readonly [string, Exclude<ApiName, 'both'>][] = [
  ['/chime-sdk-voice', 'chime-sdk-voice'],
  ['/chime', 'chime'],
];

const HOST_LABELS: Readonly<Record<string, Exclude<ApiName, 'both'>>> = {
  'voice-chime': 'chime-sdk-voice',
  'voice-chime-fips': 'chime-sdk-voice',
  chime: 'chime',
  'chime-fips': 'chime',
};

/** `api/<service>#` (JS SDK v3) or `command/<service>.` (AWS CLI v2), at the start of a UA token. */
const UA_SERVICE = /(?:^|\s)(?:api\/(chime(?:-sdk-voice)?)#|command\/(chime(?:-sdk-voice)?)\.)/;

/** @example apiSelector({ chime, 'chime-sdk-voice': voice, both }, 'both').select(req).api.name */
export function apiSelector(apis: Readonly<Record<ApiName, Api>>, defaultApi: ApiName = 'both'): ApiSelector {
  return {
    select(req) {
      const target = req.url ?? '/';
      for (const [prefix, name] of PREFIXES) {
        if (target.startsWith(prefix) && (target.length === prefix.length || '/?'.includes(target[prefix.length]!))) {
          const rest = target.slice(prefix.length);
          return { api: apis[name], target: rest.startsWith('/') ? rest : `/${rest}`, by: 'path' };
        }
      }
      const byHost = fromHost(req.headers.host);
      if (byHost) return { api: apis[byHost], target, by: 'host' };
      const byAgent = fromAgent(req.headers['user-agent']) ?? fromAgent(req.headers['x-amz-user-agent']);
      if (byAgent) return { api: apis[byAgent], target, by: 'user-agent' };
      return { api: apis[defaultApi], target, by: 'default' };
    },
  };
}

function fromHost(host: string | undefined): Exclude<ApiName, 'both'> | undefined {
  if (host === undefined) return undefined;
  const name = host.toLowerCase();
  if (name === 'service.chime.aws.amazon.com' || name.startsWith('service.chime.aws.amazon.com:')) return 'chime';
  const dot = name.indexOf('.');
  // A bare name (`chime:8080`) is no AWS endpoint: only a label followed by a domain tells.
  return dot > 0 ? HOST_LABELS[name.slice(0, dot)] : undefined;
}

function fromAgent(agent: string | string[] | undefined): Exclude<ApiName, 'both'> | undefined {
  if (typeof agent !== 'string') return undefined;
  const found = UA_SERVICE.exec(agent);
  return found ? ((found[1] ?? found[2]) as Exclude<ApiName, 'both'>) : undefined;
}
