import type { ProxySessionService } from '../domain/proxy-sessions/proxy-session-service.ts';
import { sessionScope, toProxySession } from './mappers/proxy-sessions.ts';
import type { VoiceHandler } from './voice-handler.ts';

/** `GET /voice-connectors/{voiceConnectorId}/proxy-sessions/{proxySessionId}`: the session, open or closed. */
export function getProxySession(sessions: ProxySessionService): VoiceHandler<'GetProxySession'> {
  return async (input, context) => {
    const session = await sessions.get(sessionScope(context, input.VoiceConnectorId), input.ProxySessionId);
    return { ProxySession: toProxySession(session, sessions.now()) };
  };
}
