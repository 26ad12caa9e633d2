/**
 * Search and order: search the carrier's pool by area code, state and city, toll-free prefix or country; pick numbers;
 * order them (product type, name); then watch the order settle, live.
 */
import { useState } from 'preact/hooks';
import { call } from '../api/client.ts';
import { PRODUCT_TYPES, type PhoneNumberOrder } from '../api/types.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { Page } from '../components/page.tsx';
import { OrderWatch } from './order-watch.tsx';

type Mode = 'area-code' | 'state-city' | 'toll-free' | 'country';

const MODES: { value: Mode; label: string }[] = [
  { value: 'area-code', label: 'Area code' },
  { value: 'state-city', label: 'State and city' },
  { value: 'toll-free', label: 'Toll-free prefix' },
  { value: 'country', label: 'Country' },
];

interface Criteria {
  AreaCode?: string;
  State?: string;
  City?: string;
  TollFreePrefix?: string;
  Country?: string;
  PhoneNumberType?: 'Local' | 'TollFree';
  MaxResults: number;
}

export function Search() {
  const [mode, setMode] = useState<Mode>('area-code');
  const [criteria, setCriteria] = useState<Criteria | undefined>(undefined);
  const [found, setFound] = useState<string[]>([]);
  const [next, setNext] = useState<string | undefined>(undefined);
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const [orders, setOrders] = useState<PhoneNumberOrder[]>([]);

  const run = async (wanted: Criteria, token: string | undefined) => {
    setBusy(true);
    setError(undefined);
    try {
      const answer = await call('SearchAvailablePhoneNumbers', { ...wanted, NextToken: token });
      const numbers = answer.E164PhoneNumbers ?? [];
      setFound((current) => (token === undefined ? numbers : [...current, ...numbers]));
      setNext(answer.NextToken || undefined);
      if (token === undefined) setPicked(new Set());
    } catch (reason) {
      setError(reason);
    } finally {
      setBusy(false);
    }
  };

  const search = (event: Event) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const text = (name: string) => String(data.get(name) ?? '').trim() || undefined;
    const wanted: Criteria = { MaxResults: Number(data.get('maxResults') ?? 10) };
    if (mode === 'area-code') wanted.AreaCode = text('areaCode');
    if (mode === 'state-city') Object.assign(wanted, { State: text('state'), City: text('city') });
    if (mode === 'toll-free') wanted.TollFreePrefix = text('tollFreePrefix');
    if (mode === 'country') Object.assign(wanted, { Country: text('country'), PhoneNumberType: text('phoneNumberType') });
    setCriteria(wanted);
    void run(wanted, undefined);
  };

  const toggle = (number: string, on: boolean) =>
    setPicked((current) => {
      const next = new Set(current);
      if (on) next.add(number);
      else next.delete(number);
      return next;
    });

  const order = async (event: Event) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const name = String(data.get('name') ?? '').trim();
    setBusy(true);
    setError(undefined);
    try {
      const answer = await call('CreatePhoneNumberOrder', {
        ProductType: String(data.get('productType')) as (typeof PRODUCT_TYPES)[number],
        E164PhoneNumbers: [...picked],
        ...(name === '' ? {} : { Name: name }),
      });
      const created = answer.PhoneNumberOrder;
      if (created !== undefined) setOrders((current) => [created, ...current]);
      setFound((current) => current.filter((n) => !picked.has(n)));
      setPicked(new Set());
    } catch (reason) {
      setError(reason);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page title="Search and order">
      <form onSubmit={search} class="stack" aria-label="Search available numbers">
        <fieldset>
          <legend>Search by</legend>
          {MODES.map((m) => (
            <label class="inline" key={m.value}>
              <input type="radio" name="mode" value={m.value} checked={mode === m.value} onChange={() => setMode(m.value)} />
              {m.label}
            </label>
          ))}
        </fieldset>
        <div class="row">
          {mode === 'area-code' && (
            <label>
              Area code
              <input name="areaCode" required inputMode="numeric" pattern="[0-9]{3}" title="Three digits, e.g. 206" />
            </label>
          )}
          {mode === 'state-city' && (
            <>
              <label>
                State
                <input name="state" required pattern="[A-Za-z]{2}" title="Two-letter state or province code, e.g. WA" />
              </label>
              <label>
                City (optional)
                <input name="city" />
              </label>
            </>
          )}
          {mode === 'toll-free' && (
            <label>
              Toll-free prefix
              <input name="tollFreePrefix" required inputMode="numeric" pattern="8[0-9]{2}" title="800, 833, 844, 855, 866, 877 or 888" />
            </label>
          )}
          {mode === 'country' && (
            <>
              <label>
                Country
                <input name="country" required pattern="[A-Za-z]{2}" title="Two-letter country code, e.g. GB" />
              </label>
              <label>
                Number type
                <select name="phoneNumberType">
                  <option value="Local">Local</option>
                  <option value="TollFree">TollFree</option>
                </select>
              </label>
            </>
          )}
          <label>
            Results
            <input name="maxResults" type="number" min={1} max={500} defaultValue="10" />
          </label>
        </div>
        <button type="submit" disabled={busy}>
          Search
        </button>
      </form>
      <ErrorAlert error={error} />
      {criteria !== undefined && (
        <section aria-labelledby="results-title">
          <h2 id="results-title">Available numbers</h2>
          <p role="status">{busy ? 'Searching…' : `${found.length} found, ${picked.size} picked.`}</p>
          {found.length > 0 && (
            <form onSubmit={order} class="stack" aria-label="Order the picked numbers">
              <fieldset>
                <legend>Pick numbers</legend>
                <ul class="picks">
                  {found.map((number) => (
                    <li key={number}>
                      <label class="inline">
                        <input
                          type="checkbox"
                          checked={picked.has(number)}
                          onChange={(e) => toggle(number, (e.currentTarget as HTMLInputElement).checked)}
                        />
                        {number}
                      </label>
                    </li>
                  ))}
                </ul>
              </fieldset>
              <div class="row">
                <label>
                  Product type
                  <select name="productType">
                    {PRODUCT_TYPES.map((type) => (
                      <option value={type} key={type}>
                        {type}
                      </option>
                    ))}
                  </select>
                </label>
                <label>
                  Name (optional)
                  <input name="name" maxLength={256} />
                </label>
              </div>
              <button type="submit" disabled={busy || picked.size === 0}>
                Order {picked.size} {picked.size === 1 ? 'number' : 'numbers'}
              </button>
            </form>
          )}
          {next !== undefined && criteria !== undefined && (
            <button type="button" disabled={busy} onClick={() => void run(criteria, next)}>
              More results
            </button>
          )}
        </section>
      )}
      {orders.map((o) => (
        <OrderWatch order={o} key={o.PhoneNumberOrderId} />
      ))}
    </Page>
  );
}
