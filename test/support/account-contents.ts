/** An account's whole contents read at once, as an export reads them part by part: for comparisons in tests. */
import type { Order } from '../../src/domain/orders/order.ts';
import type { OwnedNumber } from '../../src/domain/phone-numbers/phone-number.ts';
import { associationsOf, numberRecords, ordersOf, readAccountParts, type AccountContents, type ContentSources } from '../../src/tenancy/account-contents.ts';

/** Everything the account holds as the API shows it at `now`; call it inside one snapshot, so that the parts agree. */
export async function readAccountContents(repos: ContentSources, accountId: string, now: Date): Promise<AccountContents> {
  const parts = await readAccountParts(repos, accountId, now);
  const orders: Order[] = [];
  for await (const order of ordersOf(repos, accountId)) orders.push(order);
  const numbers: OwnedNumber[] = [];
  const owned: string[] = [];
  for await (const record of numberRecords(repos, accountId, owned)) numbers.push(record);
  return { ...parts, orders, numbers, associations: await associationsOf(repos, accountId, owned) };
}
