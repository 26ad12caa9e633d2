/** Domain proxy sessions ↔ the model's `ProxySession`. */
import type * as Voice from '../../generated/chime-sdk-voice.ts';
import type { SessionScope } from '../../domain/ports/proxy-sessions.ts';
import { expiresAt, statusAt, type ProxySession } from '../../domain/proxy-sessions/proxy-session.ts';
import type { RequestContext } from '../handler.ts';

/** The session as the API answers it at `now`: `Closed`, with its `EndedTimestamp`, once its minutes have run out. */
export function toProxySession(session: ProxySession, now: Date): Voice.ProxySession {
  const status = statusAt(session, now);
  return {
    VoiceConnectorId: session.voiceConnectorId,
    ProxySessionId: session.id,
    ...(session.name !== undefined && { Name: session.name }),
    Status: status,
    ExpiryMinutes: session.expiryMinutes,
    Capabilities: [...session.capabilities],
    CreatedTimestamp: session.createdAt,
    UpdatedTimestamp: session.updatedAt,
    ...(status === 'Closed' && { EndedTimestamp: expiresAt(session) }),
    Participants: session.participants.map((p) => ({ PhoneNumber: p.phoneNumber, ProxyPhoneNumber: p.proxyPhoneNumber })),
    ...(session.numberSelectionBehavior !== undefined && { NumberSelectionBehavior: session.numberSelectionBehavior }),
    ...(session.geoMatchLevel !== undefined && { GeoMatchLevel: session.geoMatchLevel }),
    ...(session.geoMatchParams !== undefined && { GeoMatchParams: { Country: session.geoMatchParams.country, AreaCode: session.geoMatchParams.areaCode } }),
  };
}

/** A session lives on a voice connector of the caller's account. */
export function sessionScope(context: Pick<RequestContext, 'accountId'>, voiceConnectorId: string): SessionScope {
  return { accountId: context.accountId, voiceConnectorId };
}
