/** ipFamily against node's net.isIP: the same answer for crafted addresses and for many generated near-addresses. */
import assert from 'node:assert/strict';
import { isIP } from 'node:net';
import { describe, it } from 'node:test';
import { ipFamily } from '../../../src/shared/ip-family.ts';
import { seededRandom as random } from '../../support/random.ts';

describe('ipFamily', () => {
  it('answers as net.isIP for crafted addresses', () => {
    const cases = [
      '', '1.2.3.4', '255.255.255.255', '256.1.1.1', '01.2.3.4', '1.2.3', '1.2.3.4.', '1..2.3', ' 1.2.3.4', '1.2.3.4 ', '127.0.0.0',
      '::', '::1', '1::', ':::', '1:::2', ':1', '1:', '::1:2:3:4:5:6:7', '::1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8:9',
      '1:2:3:4:5:6:7::', '1:2:3:4:5:6::7', '1:2:3:4:5:6:7::8', '1::2::3', 'fe80::1%eth0', 'fe80::1%', 'fe80::1%a%b', 'fe80::1%a:b.c-d',
      '::ffff:1.2.3.4', '::ffff:01.2.3.4', '1:2:3:4:5:6:1.2.3.4', '1:2:3:4:5::1.2.3.4', '1:2:3:4:5:6::1.2.3.4', '1.2.3.4::', '1.2.3.4::1',
      '::1.2.3.4', '::1.2.3.4:1', '12345::', 'abcd::ABCD', 'g::1', '[::1]', '::1/128', 'localhost', 'hooks.example.com', '*.example.com',
      '1:2:3:4:5:6:7:8%zone', '::%1', '%1', '1::2:3:4:5:6:7', '1::2:3:4:5:6:7:8', '::2:3:4:5:6:7:1.2.3.4', '::2:3:4:5:6:1.2.3.4',
    ];
    for (const text of cases) assert.equal(ipFamily(text), isIP(text), JSON.stringify(text));
  });

  it('answers as net.isIP for 100,000 generated near-addresses', () => {
    const next = random(20261202);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
    const hex = () => Array.from({ length: 1 + Math.floor(next() * 5) }, () => pick([...'0123456789abcdefABCDEFg'])).join('');
    const dec = () => pick(['0', '1', '9', '10', '99', '100', '199', '200', '249', '250', '255', '256', '01', '300', '']);
    const v4 = () => [dec(), dec(), dec(), dec()].slice(0, next() < 0.9 ? 4 : 3).join('.');
    let generated = 0;
    for (let i = 0; i < 100_000; i++) {
      const count = Math.floor(next() * 10);
      const parts = Array.from({ length: count }, () => (next() < 0.08 ? '' : hex()));
      if (next() < 0.3) parts.push(v4());
      let text = parts.join(':');
      if (next() < 0.5) {
        const at = Math.floor(next() * (parts.length + 1));
        text = [...parts.slice(0, at), ...(at === 0 ? [''] : []), '', ...parts.slice(at)].join(':');
      }
      if (next() < 0.1) text += `%${pick(['eth0', '', 'a:b', 'a-b.c', '1%2', ' '])}`;
      if (next() < 0.05) text = v4();
      assert.equal(ipFamily(text), isIP(text), JSON.stringify(text));
      if (isIP(text) === 6) generated++;
    }
    assert.ok(generated > 5_000, `${generated} IPv6 addresses among them`);
  });
});
