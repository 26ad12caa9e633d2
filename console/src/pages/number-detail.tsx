/**
 * A number's detail: its members, associations and calling name status; update its calling name, name or product
 * type; delete it (showing when it will be released) and restore it; associate it with a voice connector or
 * disassociate it. Every action is the API's own operation, so the key's policy decides as it does for the API.
 */
import { useState } from 'preact/hooks';
import { call } from '../api/client.ts';
import { PRODUCT_TYPES, type PhoneNumber } from '../api/types.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { Page } from '../components/page.tsx';
import { useAsync } from '../components/use-async.ts';
import { useLiveEvents } from '../live/use-live.ts';
import { dateTime } from '../format.ts';

/** `id`: the number in E.164 (the API's PhoneNumberId is the same, percent-encoded; both are accepted). */
export function NumberDetail({ id }: { id: string }) {
  const number = useAsync(async () => (await call('GetPhoneNumber', { PhoneNumberId: id })).PhoneNumber, [id]);
  const [error, setError] = useState<unknown>(undefined);
  const [done, setDone] = useState('');
  const [busy, setBusy] = useState(false);
  useLiveEvents((event) => {
    if (event.detail.E164PhoneNumber === id && !busy) number.reload();
  });

  /** Runs an action, shows its outcome, and reads the number again. */
  const act = async (action: () => Promise<string>) => {
    setBusy(true);
    setError(undefined);
    setDone('');
    try {
      setDone(await action());
    } catch (reason) {
      setError(reason);
    } finally {
      setBusy(false);
      number.reload();
    }
  };

  const n = number.data;
  return (
    <Page title={`Number ${id}`}>
      <p>
        <a href="#/numbers">Back to the numbers</a>
      </p>
      <ErrorAlert error={number.error} />
      {n === undefined ? (
        number.loading ? <p role="status">Loading…</p> : null
      ) : (
        <>
          <Members n={n} />
          <Associations n={n} />
          <section aria-labelledby="actions-title">
            <h2 id="actions-title">Actions</h2>
            <div role="status" class="done">
              {done}
            </div>
            <ErrorAlert error={error} />
            {n.Status === 'DeleteInProgress' ? (
              <Restore n={n} busy={busy} act={act} />
            ) : (
              <>
                <Updates n={n} busy={busy} act={act} />
                <Associate n={n} busy={busy} act={act} />
                <Delete n={n} busy={busy} act={act} />
              </>
            )}
          </section>
        </>
      )}
    </Page>
  );
}

type Act = (action: () => Promise<string>) => Promise<void>;
interface ActionProps {
  n: PhoneNumber;
  busy: boolean;
  act: Act;
}

function Members({ n }: { n: PhoneNumber }) {
  const rows: [string, string | undefined][] = [
    ['Number', n.E164PhoneNumber],
    ['Status', n.Status],
    ['Product type', n.ProductType],
    ['Type', n.Type],
    ['Country', n.Country],
    ['Name', n.Name],
    ['Calling name', n.CallingName],
    ['Calling name status', n.CallingNameStatus],
    ['Order', n.OrderId],
    ['Capabilities', Object.entries(n.Capabilities ?? {}).filter(([, on]) => on).map(([c]) => c).join(', ')],
    ['Created', dateTime(n.CreatedTimestamp)],
    ['Updated', dateTime(n.UpdatedTimestamp)],
  ];
  if (n.DeletionTimestamp !== undefined) rows.push(['Released on (unless restored)', dateTime(n.DeletionTimestamp)]);
  return (
    <section aria-labelledby="members-title">
      <h2 id="members-title">Details</h2>
      <dl class="members">
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value === undefined || value === '' ? '—' : value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function Associations({ n }: { n: PhoneNumber }) {
  const list = n.Associations ?? [];
  return (
    <section aria-labelledby="associations-title">
      <h2 id="associations-title">Associations</h2>
      <table>
        <caption class="visually-hidden">What the number is associated with</caption>
        <thead>
          <tr>
            <th scope="col">Kind</th>
            <th scope="col">Id</th>
            <th scope="col">Since</th>
          </tr>
        </thead>
        <tbody>
          {list.length === 0 ? (
            <tr>
              <td colSpan={3}>Not associated.</td>
            </tr>
          ) : (
            list.map((a) => (
              <tr key={`${a.Name}:${a.Value}`}>
                <th scope="row">{a.Name}</th>
                <td>{a.Value}</td>
                <td>{dateTime(a.AssociatedTimestamp)}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </section>
  );
}

/** One form per attribute: UpdatePhoneNumber takes one of ProductType, CallingName, Name per request. */
function Updates({ n, busy, act }: ActionProps) {
  const id = n.E164PhoneNumber ?? '';
  const field = (event: Event, name: string) => String(new FormData(event.currentTarget as HTMLFormElement).get(name) ?? '').trim();
  return (
    <div class="forms">
      <form
        aria-label="Update calling name"
        onSubmit={(event) => {
          event.preventDefault();
          const CallingName = field(event, 'callingName');
          void act(async () => {
            await call('UpdatePhoneNumber', { PhoneNumberId: id, CallingName });
            return `Calling name set to ${CallingName}; it propagates (UpdateInProgress) before it is in use.`;
          });
        }}
      >
        <label>
          Calling name
          <input name="callingName" defaultValue={n.CallingName ?? ''} required maxLength={15} />
        </label>
        <button type="submit" disabled={busy}>
          Update calling name
        </button>
      </form>
      <form
        aria-label="Update name"
        onSubmit={(event) => {
          event.preventDefault();
          const Name = field(event, 'name');
          void act(async () => {
            await call('UpdatePhoneNumber', { PhoneNumberId: id, Name });
            return Name === '' ? 'Name cleared.' : `Name set to ${Name}.`;
          });
        }}
      >
        <label>
          Name
          <input name="name" defaultValue={n.Name ?? ''} maxLength={256} />
        </label>
        <button type="submit" disabled={busy}>
          Update name
        </button>
      </form>
      <form
        aria-label="Update product type"
        onSubmit={(event) => {
          event.preventDefault();
          const ProductType = field(event, 'productType') as (typeof PRODUCT_TYPES)[number];
          void act(async () => {
            await call('UpdatePhoneNumber', { PhoneNumberId: id, ProductType });
            return `Product type set to ${ProductType}.`;
          });
        }}
      >
        <label>
          Product type
          <select name="productType">
            {PRODUCT_TYPES.map((t) => (
              <option value={t} key={t} selected={t === n.ProductType}>
                {t}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={busy}>
          Update product type
        </button>
      </form>
    </div>
  );
}

function Associate({ n, busy, act }: ActionProps) {
  const e164 = n.E164PhoneNumber ?? '';
  const connectors = useAsync(async () => (await call('ListVoiceConnectors', { MaxResults: 99 })).VoiceConnectors ?? [], []);
  const current = (n.Associations ?? []).find((a) => a.Name === 'VoiceConnectorId')?.Value;
  const failed = (errors: { PhoneNumberId?: string; ErrorCode?: string; ErrorMessage?: string }[] | undefined) => {
    const first = errors?.[0];
    if (first !== undefined) throw new Error(`${first.ErrorCode ?? 'Error'}: ${first.ErrorMessage ?? ''}`);
  };
  return (
    <section aria-labelledby="vc-title" class="forms">
      <h3 id="vc-title">Voice connector association</h3>
      <ErrorAlert error={connectors.error} />
      {current !== undefined ? (
        <div>
          <p>
            Associated with voice connector <code>{current}</code>.
          </p>
          <button
            type="button"
            disabled={busy}
            onClick={() =>
              void act(async () => {
                failed((await call('DisassociatePhoneNumbersFromVoiceConnector', { VoiceConnectorId: current, E164PhoneNumbers: [e164] })).PhoneNumberErrors);
                return `Disassociated from voice connector ${current}.`;
              })
            }
          >
            Disassociate from voice connector
          </button>
        </div>
      ) : (
        <form
          aria-label="Associate with a voice connector"
          onSubmit={(event) => {
            event.preventDefault();
            const VoiceConnectorId = String(new FormData(event.currentTarget as HTMLFormElement).get('voiceConnectorId') ?? '');
            void act(async () => {
              failed((await call('AssociatePhoneNumbersWithVoiceConnector', { VoiceConnectorId, E164PhoneNumbers: [e164] })).PhoneNumberErrors);
              return `Associated with voice connector ${VoiceConnectorId}.`;
            });
          }}
        >
          <label for="voice-connector">Voice connector</label>
          <select id="voice-connector" name="voiceConnectorId" required>
              {(connectors.data ?? []).map((vc) => (
                <option value={vc.VoiceConnectorId} key={vc.VoiceConnectorId}>
                  {vc.Name} ({vc.VoiceConnectorId})
                </option>
            ))}
          </select>
          <button type="submit" disabled={busy || (connectors.data ?? []).length === 0}>
            Associate
          </button>
          {connectors.data?.length === 0 ? <p>The account has no voice connector.</p> : null}
        </form>
      )}
    </section>
  );
}

function Delete({ n, busy, act }: ActionProps) {
  const id = n.E164PhoneNumber ?? '';
  return (
    <section aria-labelledby="delete-title">
      <h3 id="delete-title">Delete</h3>
      <p>The number goes to the deletion queue; it can be restored until it is released.</p>
      <button
        type="button"
        class="danger"
        disabled={busy}
        onClick={() =>
          void act(async () => {
            await call('DeletePhoneNumber', { PhoneNumberId: id });
            const after = (await call('GetPhoneNumber', { PhoneNumberId: id })).PhoneNumber;
            return `Deleted: in the deletion queue, released on ${dateTime(after?.DeletionTimestamp)} unless restored.`;
          })
        }
      >
        Delete number
      </button>
    </section>
  );
}

function Restore({ n, busy, act }: ActionProps) {
  const id = n.E164PhoneNumber ?? '';
  return (
    <section aria-labelledby="restore-title">
      <h3 id="restore-title">In the deletion queue</h3>
      <p>
        Released on <strong>{dateTime(n.DeletionTimestamp)}</strong> unless restored.
      </p>
      <button
        type="button"
        disabled={busy}
        onClick={() =>
          void act(async () => {
            const restored = (await call('RestorePhoneNumber', { PhoneNumberId: id })).PhoneNumber;
            return `Restored: ${restored?.Status ?? 'Unassigned'} again.`;
          })
        }
      >
        Restore number
      </button>
    </section>
  );
}
