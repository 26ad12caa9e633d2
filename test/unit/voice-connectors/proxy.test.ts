import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError } from '../../../src/domain/shared/domain-error.ts';
import { MAX_SESSION_EXPIRY_MINUTES, proxyOf } from '../../../src/domain/voice-connectors/proxy.ts';
import { refuses } from '../../support/domain-errors.ts';

describe('proxy configuration', () => {
  it('keeps the countries in order, the fallback with its +, Disabled false unless given', () => {
    assert.deepEqual(proxyOf({ defaultSessionExpiryMinutes: 1, phoneNumberPoolCountries: ['US', 'CA'], fallBackPhoneNumber: '12065550100' }), {
      defaultSessionExpiryMinutes: 1,
      phoneNumberCountries: ['US', 'CA'],
      fallBackPhoneNumber: '+12065550100',
      disabled: false,
    });
    assert.deepEqual(proxyOf({ defaultSessionExpiryMinutes: MAX_SESSION_EXPIRY_MINUTES, phoneNumberPoolCountries: ['US'], disabled: true }), {
      defaultSessionExpiryMinutes: MAX_SESSION_EXPIRY_MINUTES,
      phoneNumberCountries: ['US'],
      disabled: true,
    });
  });

  it('refuses minutes out of range, a country that is none or given twice, a fallback that is no number (never echoing it)', () => {
    for (const minutes of [0, -1, MAX_SESSION_EXPIRY_MINUTES + 1, 1.5]) {
      refuses(() => proxyOf({ defaultSessionExpiryMinutes: minutes, phoneNumberPoolCountries: ['US'] }), /from 1 to 525600/);
    }
    refuses(() => proxyOf({ defaultSessionExpiryMinutes: 5, phoneNumberPoolCountries: ['US', ''] }), /entry 2 is not a country code/);
    refuses(() => proxyOf({ defaultSessionExpiryMinutes: 5, phoneNumberPoolCountries: ['CA', 'CA'] }), /lists CA more than once/);
    assert.throws(
      () => proxyOf({ defaultSessionExpiryMinutes: 5, phoneNumberPoolCountries: ['US'], fallBackPhoneNumber: '+19995550000' }),
      (error: unknown) => error instanceof DomainError && /^FallBackPhoneNumber is not a valid/.test(error.message) && !error.message.includes('9995550000'),
    );
  });
});
