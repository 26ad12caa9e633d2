import type { ProxySessionService } from '../domain/proxy-sessions/proxy-session-service.ts';
import { sessionScope, toProxySession } from './mappers/proxy-sessions.ts';
import type { VoiceHandler } from './voice-handler.ts';

/**
 * `POST /voice-connectors/{voiceConnectorId}/proxy-sessions` → 201 with the new session, `Open`, each participant with
 * the connector's number that masks it.
 */
export function createProxySession(sessions: ProxySessionService): VoiceHandler<'CreateProxySession'> {
  return async (input, context) => {
    const session = await sessions.create(sessionScope(context, input.VoiceConnectorId), {
      participantPhoneNumbers: input.ParticipantPhoneNumbers,
      ...(input.Name !== undefined && { name: input.Name }),
      ...(input.ExpiryMinutes !== undefined && { expiryMinutes: input.ExpiryMinutes }),
      capabilities: input.Capabilities,
      ...(input.NumberSelectionBehavior !== undefined && { numberSelectionBehavior: input.NumberSelectionBehavior }),
      ...(input.GeoMatchLevel !== undefined && { geoMatchLevel: input.GeoMatchLevel }),
      ...(input.GeoMatchParams !== undefined && { geoMatchParams: { country: input.GeoMatchParams.Country, areaCode: input.GeoMatchParams.AreaCode } }),
    });
    return { ProxySession: toProxySession(session, session.createdAt) };
  };
}
