/**
 * A voice connector's external systems configuration (PutVoiceConnectorExternalSystemsConfiguration): the session
 * border controllers and contact center systems that would send it calls to analyse. dialtone stores it and answers
 * it; no call reaches it. The model gives each list as optional, of its enum; dialtone's rule (docs/api.md, "Voice
 * connector settings"): each value at most once. A list left out is kept left out, as the answer shows it.
 */
import { checkNoRepeats } from './voice-connector-settings.ts';

export interface ExternalSystemsConfiguration {
  /** In the order given; absent when not given. */
  sessionBorderControllerTypes?: string[];
  /** In the order given; absent when not given. */
  contactCenterSystemTypes?: string[];
}

/** @throws DomainError `invalid` for a value given twice */
export function externalSystemsOf(request: { sessionBorderControllerTypes?: readonly string[]; contactCenterSystemTypes?: readonly string[] }): ExternalSystemsConfiguration {
  const { sessionBorderControllerTypes: controllers, contactCenterSystemTypes: centers } = request;
  if (controllers !== undefined) checkNoRepeats(controllers, 'SessionBorderControllerTypes');
  if (centers !== undefined) checkNoRepeats(centers, 'ContactCenterSystemTypes');
  return {
    ...(controllers !== undefined && { sessionBorderControllerTypes: [...controllers] }),
    ...(centers !== undefined && { contactCenterSystemTypes: [...centers] }),
  };
}
