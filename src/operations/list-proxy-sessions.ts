import type { ProxySessionService } from '../domain/proxy-sessions/proxy-session-service.ts';
import { sessionScope, toProxySession } from './mappers/proxy-sessions.ts';
import { pageSize } from './page-size.ts';
import type { VoiceHandler } from './voice-handler.ts';

/**
 * `GET /voice-connectors/{voiceConnectorId}/proxy-sessions`: the connector's sessions, oldest first, all or those of
 * `status`, paged by `NextToken`.
 */
export function listProxySessions(sessions: ProxySessionService): VoiceHandler<'ListProxySessions'> {
  return async (input, context) => {
    const page = await sessions.list(sessionScope(context, input.VoiceConnectorId), {
      maxResults: pageSize(input.MaxResults, context),
      nextToken: input.NextToken,
      ...(input.Status !== undefined && { status: input.Status }),
    });
    const now = sessions.now();
    return { ProxySessions: page.items.map((session) => toProxySession(session, now)), NextToken: page.nextToken };
  };
}
