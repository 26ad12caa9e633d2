import type { ProxySessionService } from '../domain/proxy-sessions/proxy-session-service.ts';
import { sessionScope, toProxySession } from './mappers/proxy-sessions.ts';
import type { VoiceHandler } from './voice-handler.ts';

/**
 * `POST /voice-connectors/{voiceConnectorId}/proxy-sessions/{proxySessionId}` → 201 (both models): replaces an open session's
 * `Capabilities` and, when given, its `ExpiryMinutes` (counted from its creation).
 */
export function updateProxySession(sessions: ProxySessionService): VoiceHandler<'UpdateProxySession'> {
  return async (input, context) => {
    const session = await sessions.update(sessionScope(context, input.VoiceConnectorId), input.ProxySessionId, {
      capabilities: input.Capabilities,
      ...(input.ExpiryMinutes !== undefined && { expiryMinutes: input.ExpiryMinutes }),
    });
    return { ProxySession: toProxySession(session, session.updatedAt) };
  };
}
