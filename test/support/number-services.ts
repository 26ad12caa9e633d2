/** The storage parts the phone-number and settings services take, from one `Storage` (as src/app/services.ts wires them). */
import type { PhoneNumberServiceOptions } from '../../src/domain/phone-numbers/phone-number-service.ts';
import type { PhoneNumberSettingsServiceOptions } from '../../src/domain/phone-numbers/phone-number-settings-service.ts';
import { cryptoIds, type IdSource } from '../../src/domain/shared/ids.ts';
import { narrowed, type Storage } from '../../src/storage/storage.ts';

/** Reads, the unit of work of changes (numbers and events) and event ids of a `PhoneNumberService`. */
export function numberStorage(storage: Storage, ids: IdSource = cryptoIds): Pick<PhoneNumberServiceOptions, 'phoneNumbers' | 'unitOfWork' | 'ids'> {
  return {
    phoneNumbers: storage.phoneNumbers,
    unitOfWork: narrowed(storage, (repos) => ({ phoneNumbers: repos.phoneNumbers, events: repos.events })),
    ids,
  };
}

/** Reads, the unit of work of changes (settings and events) and event ids of a `PhoneNumberSettingsService`. */
export function settingsStorage(storage: Storage, ids: IdSource = cryptoIds): Pick<PhoneNumberSettingsServiceOptions, 'settings' | 'unitOfWork' | 'ids'> {
  return {
    settings: storage.phoneNumberSettings,
    unitOfWork: narrowed(storage, (repos) => ({ phoneNumberSettings: repos.phoneNumberSettings, events: repos.events })),
    ids,
  };
}
