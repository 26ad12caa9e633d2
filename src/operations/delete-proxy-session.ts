import type { ProxySessionService } from '../domain/proxy-sessions/proxy-session-service.ts';
import { sessionScope } from './mappers/proxy-sessions.ts';
import type { VoiceHandler } from './voice-handler.ts';

/** `DELETE /voice-connectors/{voiceConnectorId}/proxy-sessions/{proxySessionId}`: 204; the session is gone. */
export function deleteProxySession(sessions: ProxySessionService): VoiceHandler<'DeleteProxySession'> {
  return async (input, context) => {
    await sessions.delete(sessionScope(context, input.VoiceConnectorId), input.ProxySessionId);
  };
}
