/** SearchAvailablePhoneNumbers and ListSupportedPhoneNumberCountries through the real JS SDK, with real fulfilment. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import {
  BadRequestException,
  ChimeServiceException,
  CreatePhoneNumberOrderCommand,
  ListSupportedPhoneNumberCountriesCommand,
  SearchAvailablePhoneNumbersCommand,
  paginateSearchAvailablePhoneNumbers,
  type ChimeClient,
  type SearchAvailablePhoneNumbersCommandInput,
} from '@aws-sdk/client-chime';
import { ALICE, BOB, chimeClient, startTestServer, type TestServer } from '../support/server.ts';
import { statuses, waitForTerminal } from '../support/orders.ts';

async function search(client: ChimeClient, input: SearchAvailablePhoneNumbersCommandInput): Promise<string[]> {
  return (await client.send(new SearchAvailablePhoneNumbersCommand(input))).E164PhoneNumbers ?? [];
}

/** Every page (at most `maxPages`) of a search through the SDK's paginator. */
async function all(client: ChimeClient, input: SearchAvailablePhoneNumbersCommandInput, pageSize: number, maxPages = 10): Promise<string[]> {
  const found: string[] = [];
  let pages = 0;
  for await (const page of paginateSearchAvailablePhoneNumbers({ client, pageSize }, input)) {
    found.push(...(page.E164PhoneNumbers ?? []));
    if (++pages >= maxPages) break;
  }
  return found;
}

describe('search over the whole numbering plan', () => {
  let server: TestServer;
  let alice: ChimeClient;
  before(async () => {
    server = await startTestServer({ config: { carrier: { latencyMs: 20 }, fulfilment: { idleMs: 20 } } });
    alice = chimeClient(server, ALICE);
  });
  after(async () => {
    alice.destroy();
    await server.close();
  });

  it('finds valid numbers for an area code, a city, a state, a toll-free prefix and a non-US country', async () => {
    const cases: [SearchAvailablePhoneNumbersCommandInput, (n: string) => boolean][] = [
      [{ AreaCode: '206' }, (n) => n.startsWith('+1206')],
      [{ City: 'Seattle', State: 'WA' }, (n) => n.startsWith('+1206')],
      [{ State: 'TX' }, (n) => parsePhoneNumberFromString(n)?.country === 'US'],
      [{ TollFreePrefix: '844' }, (n) => n.startsWith('+1844') && parsePhoneNumberFromString(n)?.getType() === 'TOLL_FREE'],
      [{ Country: 'GB', PhoneNumberType: 'Local' }, (n) => n.startsWith('+44') && parsePhoneNumberFromString(n)?.country === 'GB'],
      [{ Country: 'JP', PhoneNumberType: 'TollFree' }, (n) => parsePhoneNumberFromString(n)?.getType() === 'TOLL_FREE'],
    ];
    for (const [input, matches] of cases) {
      const numbers = await search(alice, { ...input, MaxResults: 25 });
      assert.equal(numbers.length, 25, JSON.stringify(input));
      assert.equal(new Set(numbers).size, 25);
      for (const n of numbers) {
        assert.ok(parsePhoneNumberFromString(n)?.isValid(), `${n} valid`);
        assert.ok(matches(n), `${n} matches ${JSON.stringify(input)}`);
      }
      const sorted = [...numbers].sort();
      assert.notDeepEqual(numbers, sorted, 'results are not simply the lowest numbers in order');
    }
  });

  it('pages with NextToken without repeats, stable across calls, and equal to one big page', async () => {
    const paged = await all(alice, { AreaCode: '312' }, 40, 5);
    assert.equal(paged.length, 200);
    assert.equal(new Set(paged).size, 200, 'five pages without a repeat');
    const first = (await alice.send(new SearchAvailablePhoneNumbersCommand({ AreaCode: '312', MaxResults: 7 })));
    const again = (await alice.send(new SearchAvailablePhoneNumbersCommand({ AreaCode: '312', MaxResults: 7 })));
    assert.deepEqual(first.E164PhoneNumbers, again.E164PhoneNumbers);
    const pages: string[] = [...(first.E164PhoneNumbers ?? [])];
    let token = first.NextToken;
    for (let i = 0; i < 5 && token; i++) {
      const next = await alice.send(new SearchAvailablePhoneNumbersCommand({ AreaCode: '312', MaxResults: 7, NextToken: token }));
      pages.push(...(next.E164PhoneNumbers ?? []));
      token = next.NextToken;
    }
    assert.equal(new Set(pages).size, pages.length, 'no repeats');
    const big = await search(alice, { AreaCode: '312', MaxResults: 42 });
    assert.deepEqual(pages, big);
  });

  it('refuses a NextToken used with another filter or by another account', async () => {
    const { NextToken } = await alice.send(new SearchAvailablePhoneNumbersCommand({ AreaCode: '212', MaxResults: 2 }));
    const bob = chimeClient(server, BOB);
    for (const [client, input] of [[alice, { AreaCode: '213' }], [bob, { AreaCode: '212' }]] as const) {
      const error = await client.send(new SearchAvailablePhoneNumbersCommand({ ...input, NextToken })).then(() => undefined, (e: unknown) => e);
      assert.ok(error instanceof BadRequestException);
    }
    bob.destroy();
  });

  it('answers an empty list, not an error, for a city outside the state or an area code with no pool', async () => {
    assert.deepEqual(await search(alice, { City: 'Seattle', State: 'TX' }), []);
    assert.deepEqual(await search(alice, { AreaCode: '999' }), []);
  });

  it('applies the API rules with BadRequestException', async () => {
    const rules: [SearchAvailablePhoneNumbersCommandInput, RegExp][] = [
      [{}, /at least one of AreaCode, City, State or TollFreePrefix/],
      [{ City: 'Seattle' }, /City requires State/],
      [{ Country: 'GB' }, /PhoneNumberType is required/],
      [{ Country: 'DE', AreaCode: '30', PhoneNumberType: 'Local' }, /AreaCode is only supported when Country is US/],
      [{ TollFreePrefix: '811' }, /TollFreePrefix.*pattern/],
      [{ AreaCode: '206', MaxResults: 501 }, /MaxResults.*less than or equal to 500/],
      [{ Country: 'gb', PhoneNumberType: 'Local' }, /Country.*pattern/],
    ];
    for (const [input, message] of rules) {
      const error = await alice.send(new SearchAvailablePhoneNumbersCommand(input)).then(() => undefined, (e: unknown) => e);
      assert.ok(error instanceof ChimeServiceException && error.name === 'BadRequestException', JSON.stringify(input));
      assert.match(error.message, message);
    }
  });

  it('no longer offers numbers that were ordered', async () => {
    const offered = await search(alice, { AreaCode: '415', MaxResults: 5 });
    const created = await alice.send(new CreatePhoneNumberOrderCommand({ ProductType: 'VoiceConnector', E164PhoneNumbers: offered }));
    const held = await search(alice, { AreaCode: '415', MaxResults: 5 });
    assert.ok(!held.some((n) => offered.includes(n)), 'numbers held by an order in progress are not offered');
    const done = await waitForTerminal(alice, created.PhoneNumberOrder!.PhoneNumberOrderId!);
    assert.equal(done.Status, 'Successful');
    const later = await search(alice, { AreaCode: '415', MaxResults: 50 });
    assert.ok(!later.some((n) => offered.includes(n)), 'owned numbers are not offered');
  });

  it('lists the supported countries per product type', async () => {
    const countries = async (ProductType: 'BusinessCalling' | 'VoiceConnector' | 'SipMediaApplicationDialIn') =>
      (await alice.send(new ListSupportedPhoneNumberCountriesCommand({ ProductType }))).PhoneNumberCountries;
    assert.deepEqual(await countries('BusinessCalling'), [{ CountryCode: 'US', SupportedPhoneNumberTypes: ['Local'] }]);
    assert.deepEqual(await countries('VoiceConnector'), [{ CountryCode: 'US', SupportedPhoneNumberTypes: ['Local', 'TollFree'] }]);
    const sma = (await countries('SipMediaApplicationDialIn'))!.map((c) => c.CountryCode);
    for (const code of ['US', 'CA', 'GB', 'DE', 'FR', 'AU', 'JP']) assert.ok(sma.includes(code), code);
  });
});

describe('a small pool that runs out', () => {
  it('sells each of its 100 numbers once, then searches empty and fails orders as not available', async () => {
    const server = await startTestServer({
      config: { inventory: { pool: ['+120655501'] }, carrier: { latencyMs: 0 }, fulfilment: { idleMs: 20 } },
    });
    const alice = chimeClient(server, ALICE);
    const bob = chimeClient(server, BOB);
    try {
      const everything = await all(alice, { AreaCode: '206', MaxResults: 30 }, 30);
      assert.equal(everything.length, 100);
      assert.ok(everything.every((n) => n.startsWith('+120655501')));
      assert.deepEqual(await search(alice, { AreaCode: '312' }), []);
      const halves = [everything.slice(0, 50), everything.slice(50)];
      const orders = await Promise.all(
        halves.map((numbers, i) => (i === 0 ? alice : bob).send(new CreatePhoneNumberOrderCommand({ ProductType: 'VoiceConnector', E164PhoneNumbers: numbers }))),
      );
      for (const [i, o] of orders.entries()) {
        const done = await waitForTerminal(i === 0 ? alice : bob, o.PhoneNumberOrder!.PhoneNumberOrderId!);
        assert.equal(done.Status, 'Successful');
      }
      assert.deepEqual(await search(alice, { AreaCode: '206' }), []);
      assert.deepEqual(await search(bob, { City: 'Seattle', State: 'WA' }), []);
      const outside = await alice.send(new CreatePhoneNumberOrderCommand({ ProductType: 'VoiceConnector', E164PhoneNumbers: ['+12065550200', everything[60]!] }));
      const failed = await waitForTerminal(alice, outside.PhoneNumberOrder!.PhoneNumberOrderId!);
      assert.equal(failed.Status, 'Failed');
      assert.deepEqual(statuses(failed), { '+12065550200': 'Failed', [everything[60]!]: 'Failed' });
    } finally {
      alice.destroy();
      bob.destroy();
      await server.close();
    }
  });
});
