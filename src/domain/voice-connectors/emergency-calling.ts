/**
 * A voice connector's emergency calling configuration: for each country emergency calls may come from
 * (`CallingCountry`, ISO 3166-1 alpha-2), the Dialed Number Identification Service numbers that its emergency calls, and
 * its test emergency calls, are routed to. dialtone routes no call; it stores the configuration and answers it.
 *
 * AWS documents one rule beyond the model's patterns: origination and termination must be set up on the connector
 * before emergency calling can be configured. dialtone reads "set up" as present and not `Disabled`. Its own choices
 * (docs/api.md, "Voice connector settings"): each country at most once (a country's emergency calls go to one number),
 * at most 100 countries, each number a valid phone number by libphonenumber (the model's pattern takes `911`), stored
 * with its leading `+` (the pattern lets it be left out). Messages never repeat a number: the model marks them
 * sensitive.
 */
import { validPhoneNumber } from '../numbers/number-rules.ts';
import { DomainError } from '../shared/domain-error.ts';
import type { VoiceConnectorSettings } from './voice-connector-settings.ts';

export interface DnisEmergencyCalling {
  /** E.164, with its `+`. */
  emergencyPhoneNumber: string;
  testPhoneNumber?: string;
  callingCountry: string;
}

export interface EmergencyCalling {
  dnis: DnisEmergencyCalling[];
}

export const MAX_EMERGENCY_COUNTRIES = 100;

/**
 * The configuration to store, from a request whose members the model has checked (patterns, required members).
 * @param settings the connector's settings as they are: origination and termination must be there and enabled
 * @throws DomainError `invalid`
 */
export function emergencyCallingOf(request: { dnis?: readonly DnisEmergencyCalling[] }, settings: Pick<VoiceConnectorSettings, 'origination' | 'termination'>): EmergencyCalling {
  const missing = [
    ...(settings.origination === undefined || settings.origination.disabled ? ['origination'] : []),
    ...(settings.termination === undefined || settings.termination.disabled ? ['termination'] : []),
  ];
  if (missing.length > 0) {
    throw new DomainError(
      'invalid',
      `Emergency calling needs the voice connector's origination and termination, put and enabled; it has no enabled ${missing.join(' or ')}`,
    );
  }
  const dnis = request.dnis ?? [];
  if (dnis.length > MAX_EMERGENCY_COUNTRIES) {
    throw new DomainError('invalid', `EmergencyCallingConfiguration has ${dnis.length} DNIS entries; at most ${MAX_EMERGENCY_COUNTRIES}`);
  }
  const countries = new Set<string>();
  return {
    dnis: dnis.map((entry, index) => {
      if (countries.has(entry.callingCountry)) {
        throw new DomainError('invalid', `DNIS entry ${index + 1} repeats CallingCountry ${entry.callingCountry}: each country's emergency calls go to one number`);
      }
      countries.add(entry.callingCountry);
      return {
        emergencyPhoneNumber: validPhoneNumber(entry.emergencyPhoneNumber, `DNIS entry ${index + 1}: EmergencyPhoneNumber`),
        ...(entry.testPhoneNumber !== undefined && { testPhoneNumber: validPhoneNumber(entry.testPhoneNumber, `DNIS entry ${index + 1}: TestPhoneNumber`) }),
        callingCountry: entry.callingCountry,
      };
    }),
  };
}
