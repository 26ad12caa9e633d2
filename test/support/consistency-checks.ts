/**
 * The invariants of orders, their numbers and their jobs that a server leaves in its database whatever requests it
 * answered: each a query counting what breaks it as `n`, in SQL that SQLite and PostgreSQL both run. Checked after the
 * fuzz (test/e2e/fuzz.test.ts, `npm run fuzz`).
 */

/**
 * @param retainedSince the server's last time less the orders' retention, in Unix ms: a number reserved before it may
 *   name an order the retention deleted (the order finishes after its numbers are reserved, so one reserved later
 *   cannot); 0 when no order may be missing
 * @returns `[what breaks the invariant, its query]` pairs
 */
export function orderConsistencyChecks(retainedSince = 0): [string, string][] {
  return [
    ['orders without numbers', 'select count(*) as n from orders o where not exists (select 1 from order_numbers n where n.order_id = o.id)'],
    ['orphan order_numbers', 'select count(*) as n from order_numbers n where not exists (select 1 from orders o where o.id = n.order_id)'],
    ["phone_numbers of another account's order", 'select count(*) as n from phone_numbers p where p.order_id is not null and exists (select 1 from orders o where o.id = p.order_id and o.account_id <> p.account_id)'],
    [
      'phone_numbers of a missing order that the retention has not reached',
      `select count(*) as n from phone_numbers p where p.order_id is not null and not exists (select 1 from orders o where o.id = p.order_id) and p.created_at >= ${retainedSince}`,
    ],
    ['jobs of settled or missing orders', "select count(*) as n from jobs j where not exists (select 1 from orders o where o.id = j.id and o.status = 'Processing')"],
    ['Processing orders without a job', "select count(*) as n from orders o where o.status = 'Processing' and not exists (select 1 from jobs j where j.id = o.id)"],
    ['settled orders with unsettled numbers', "select count(*) as n from orders o where o.status != 'Processing' and exists (select 1 from order_numbers n where n.order_id = o.id and n.status = 'Processing')"],
    ['numbers owned twice', 'select count(*) as n from (select e164 from phone_numbers where active = 1 group by e164 having count(*) > 1) t'],
  ];
}
