import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { HmacSha256 } from '../../../src/shared/hmac-sha256.ts';

describe('HmacSha256', () => {
  test('RFC 4231 test cases 1, 2 and 6 (a key longer than the block is hashed first)', () => {
    assert.equal(new HmacSha256(Buffer.alloc(20, 0x0b)).hex('Hi There'), 'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7');
    assert.equal(new HmacSha256('Jefe').hex('what do ya want for nothing?'), '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
    assert.equal(
      new HmacSha256(Buffer.alloc(131, 0xaa)).hex('Test Using Larger Than Block-Size Key - Hash Key First'),
      '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54',
    );
  });

  test('equals createHmac for keys of every length around the block and messages in UTF-8', () => {
    const messages = ['', 'a', 'AWS4-HMAC-SHA256\n20261203T120000Z\n20261203/us-east-1/chime/aws4_request\n' + 'f'.repeat(64), 'Zürich ☎ 𝄞', 'x'.repeat(1000)];
    for (const length of [0, 1, 31, 32, 63, 64, 65, 200]) {
      const key = randomBytes(length);
      const mac = new HmacSha256(key);
      for (const message of messages) {
        const expected = createHmac('sha256', key).update(message).digest();
        assert.equal(mac.hex(message), expected.toString('hex'), `key of ${length} bytes, message ${JSON.stringify(message.slice(0, 20))}`);
        assert.deepEqual(mac.bytes(message), expected);
      }
    }
    assert.equal(new HmacSha256('clé').hex('m'), createHmac('sha256', 'clé').update('m').digest('hex'));
  });

  test('the same MAC each time: the pads are not changed by a MAC', () => {
    const mac = new HmacSha256(randomBytes(32));
    const first = mac.hex('message');
    mac.hex('another message, longer than the first one');
    assert.equal(mac.hex('message'), first);
  });
});
