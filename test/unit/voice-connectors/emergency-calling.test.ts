import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError } from '../../../src/domain/shared/domain-error.ts';
import { emergencyCallingOf, MAX_EMERGENCY_COUNTRIES } from '../../../src/domain/voice-connectors/emergency-calling.ts';
import { refuses } from '../../support/domain-errors.ts';

const origination = { routes: [{ host: 'pbx.example.com', port: 5060, protocol: 'UDP' as const, priority: 1, weight: 1 }], disabled: false };
const termination = { cpsLimit: 1, callingRegions: ['US'], cidrAllowedList: ['203.0.113.0/24'], disabled: false };
const ready = { origination, termination };

describe('emergency calling configuration', () => {
  it('needs origination and termination, both put and enabled', () => {
    const dnis = [{ emergencyPhoneNumber: '+12065550911', callingCountry: 'US' }];
    refuses(() => emergencyCallingOf({ dnis }, {}), /no enabled origination or termination$/);
    refuses(() => emergencyCallingOf({ dnis }, { origination }), /no enabled termination$/);
    refuses(() => emergencyCallingOf({ dnis }, { termination }), /no enabled origination$/);
    refuses(() => emergencyCallingOf({ dnis }, { origination: { ...origination, disabled: true }, termination }), /no enabled origination$/);
    refuses(() => emergencyCallingOf({ dnis }, { origination, termination: { ...termination, disabled: true } }), /no enabled termination$/);
  });

  it('stores the numbers with their +, keeps the order given, takes an empty list', () => {
    assert.deepEqual(
      emergencyCallingOf({ dnis: [{ emergencyPhoneNumber: '12065550911', testPhoneNumber: '12065550912', callingCountry: 'US' }, { emergencyPhoneNumber: '+16135550911', callingCountry: 'CA' }] }, ready),
      { dnis: [{ emergencyPhoneNumber: '+12065550911', testPhoneNumber: '+12065550912', callingCountry: 'US' }, { emergencyPhoneNumber: '+16135550911', callingCountry: 'CA' }] },
    );
    assert.deepEqual(emergencyCallingOf({}, ready), { dnis: [] });
  });

  it('refuses a country given twice, a number that is not one, and too many countries, never repeating a number', () => {
    refuses(() => emergencyCallingOf({ dnis: [{ emergencyPhoneNumber: '+12065550911', callingCountry: 'US' }, { emergencyPhoneNumber: '+12065550912', callingCountry: 'US' }] }, ready), /DNIS entry 2 repeats CallingCountry US/);
    refuses(() => emergencyCallingOf({ dnis: [{ emergencyPhoneNumber: '911', callingCountry: 'US' }] }, ready), /^DNIS entry 1: EmergencyPhoneNumber is not a valid phone number/);
    refuses(() => emergencyCallingOf({ dnis: [{ emergencyPhoneNumber: '+12065550911', testPhoneNumber: '+1999', callingCountry: 'US' }] }, ready), /^DNIS entry 1: TestPhoneNumber is not a valid/);
    assert.throws(
      () => emergencyCallingOf({ dnis: [{ emergencyPhoneNumber: '+19995550000', callingCountry: 'US' }] }, ready),
      (error: unknown) => error instanceof DomainError && !error.message.includes('9995550000'),
    );
    const many = Array.from({ length: MAX_EMERGENCY_COUNTRIES + 1 }, (_, i) => ({ emergencyPhoneNumber: '+12065550911', callingCountry: `A${i}` }));
    refuses(() => emergencyCallingOf({ dnis: many }, ready), /101 DNIS entries; at most 100/);
  });
});
