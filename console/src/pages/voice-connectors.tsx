/**
 * Voice connectors with their tags (ListTagsForResource), origination, termination, emergency calling and proxy, open
 * proxy sessions (ListProxySessions), and numbers (ListPhoneNumbers filtered by VoiceConnectorId), and SIP rules with theirs
 * (a ToPhoneNumber rule's number, and the numbers filtered by SipRuleId).
 */
import { call } from '../api/client.ts';
import type { SipRule, VoiceConnector } from '../api/types.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { NumberTable } from '../components/number-table.tsx';
import { Page } from '../components/page.tsx';
import { Pager } from '../components/pager.tsx';
import { useAsync } from '../components/use-async.ts';
import { usePages } from '../components/use-pages.ts';
import { dateTime } from '../format.ts';
import { numberHref } from '../router.ts';

/** How many of a resource's numbers are shown here (the Numbers page lists them all, paged). */
const SHOWN = 10;

export function VoiceConnectors() {
  const connectors = usePages<VoiceConnector>(async (token) => {
    const answer = await call('ListVoiceConnectors', { MaxResults: 20, NextToken: token });
    return { items: answer.VoiceConnectors ?? [], next: answer.NextToken };
  });
  const rules = usePages<SipRule>(async (token) => {
    const answer = await call('ListSipRules', { MaxResults: 20, NextToken: token });
    return { items: answer.SipRules ?? [], next: answer.NextToken };
  });
  return (
    <Page title="Voice connectors">
      <ErrorAlert error={connectors.error} />
      {(connectors.data?.items ?? []).length === 0 && !connectors.loading ? <p>The account has no voice connector.</p> : null}
      {(connectors.data?.items ?? []).map((vc) => (
        <section class="card" aria-labelledby={`vc-${vc.VoiceConnectorId}`} key={vc.VoiceConnectorId}>
          <h2 id={`vc-${vc.VoiceConnectorId}`}>{vc.Name}</h2>
          <dl class="members">
            <div>
              <dt>Id</dt>
              <dd>
                <code>{vc.VoiceConnectorId}</code>
              </dd>
            </div>
            <div>
              <dt>Region</dt>
              <dd>{vc.AwsRegion}</dd>
            </div>
            <div>
              <dt>Outbound host</dt>
              <dd>{vc.OutboundHostName}</dd>
            </div>
            <div>
              <dt>Encryption required</dt>
              <dd>{vc.RequireEncryption ? 'yes' : 'no'}</dd>
            </div>
            <div>
              <dt>Created</dt>
              <dd>{dateTime(vc.CreatedTimestamp)}</dd>
            </div>
            <div>
              <dt>Tags</dt>
              <dd>
                <Tags arn={vc.VoiceConnectorArn ?? ''} />
              </dd>
            </div>
            <Trunk id={vc.VoiceConnectorId ?? ''} />
          </dl>
          <AssociatedNumbers filterName="VoiceConnectorId" id={vc.VoiceConnectorId ?? ''} label={`Numbers of ${vc.Name ?? vc.VoiceConnectorId}`} />
        </section>
      ))}
      <Pager pages={connectors} label="Voice connectors" />

      <h2>SIP rules</h2>
      <ErrorAlert error={rules.error} />
      <div class="table-scroll">
        <table>
          <caption>SIP rules and their numbers</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Trigger</th>
              <th scope="col">Enabled</th>
              <th scope="col">SIP media applications</th>
              <th scope="col">Numbers</th>
            </tr>
          </thead>
          <tbody>
            {(rules.data?.items ?? []).length === 0 ? (
              <tr>
                <td colSpan={5}>{rules.loading ? 'Loading…' : 'The account has no SIP rule.'}</td>
              </tr>
            ) : (
              (rules.data?.items ?? []).map((rule) => (
                <tr key={rule.SipRuleId}>
                  <th scope="row">
                    {rule.Name} <code>{rule.SipRuleId}</code>
                  </th>
                  <td>
                    {rule.TriggerType}: {rule.TriggerType === 'ToPhoneNumber' ? <a href={numberHref(rule.TriggerValue ?? '')}>{rule.TriggerValue}</a> : rule.TriggerValue}
                  </td>
                  <td>{rule.Disabled ? 'no' : 'yes'}</td>
                  <td>{(rule.TargetApplications ?? []).map((t) => `${t.SipMediaApplicationId ?? ''} (priority ${t.Priority ?? ''})`).join(', ')}</td>
                  <td>
                    <a href={`#/numbers?filter-name=SipRuleId&filter-value=${encodeURIComponent(rule.SipRuleId ?? '')}`}>Numbers of this rule</a>
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
      <Pager pages={rules} label="SIP rules" />
    </Page>
  );
}

/** The resource's tags (ListTagsForResource), `key = value` each, in the order the resource has them. */
function Tags({ arn }: { arn: string }) {
  const tags = useAsync(async () => (await call('ListTagsForResource', { ResourceARN: arn })).Tags ?? [], [arn]);
  if (tags.error) return <ErrorAlert error={tags.error} />;
  if (tags.data === undefined) return <>Loading…</>;
  if (tags.data.length === 0) return <>none</>;
  return (
    <ul class="tags" aria-label="Tags">
      {tags.data.map((tag) => (
        <li key={tag.Key}>
          <code>{tag.Key}</code> = <code>{tag.Value}</code>
        </li>
      ))}
    </ul>
  );
}

/**
 * Where the connector sends inbound calls (origination), whom it takes outbound calls from (termination), where its
 * emergency calls go, and how its proxy sessions would run.
 */
function Trunk({ id }: { id: string }) {
  const trunk = useAsync(async () => {
    const [origination, termination, emergency, proxy] = await Promise.all([
      call('GetVoiceConnectorOrigination', { VoiceConnectorId: id }),
      call('GetVoiceConnectorTermination', { VoiceConnectorId: id }),
      call('GetVoiceConnectorEmergencyCallingConfiguration', { VoiceConnectorId: id }),
      call('GetVoiceConnectorProxy', { VoiceConnectorId: id }),
    ]);
    return { origination: origination.Origination, termination: termination.Termination, emergency: emergency.EmergencyCallingConfiguration, proxy: proxy.Proxy };
  }, [id]);
  if (trunk.error) return <ErrorAlert error={trunk.error} />;
  const { origination, termination, emergency, proxy } = trunk.data ?? {};
  const loading = trunk.data === undefined ? 'Loading…' : 'none';
  return (
    <>
      <div>
        <dt>Origination</dt>
        <dd>
          {origination === undefined ? (
            loading
          ) : (
            <ul class="tags" aria-label="Origination routes">
              {origination.Disabled ? <li>disabled</li> : null}
              {(origination.Routes ?? []).map((route, index) => (
                <li key={index}>
                  <code>
                    {route.Host}:{route.Port}
                  </code>{' '}
                  {route.Protocol}, priority {route.Priority}, weight {route.Weight}
                </li>
              ))}
            </ul>
          )}
        </dd>
      </div>
      <div>
        <dt>Termination</dt>
        <dd>
          {termination === undefined
            ? loading
            : `${termination.Disabled ? 'disabled; ' : ''}to ${(termination.CallingRegions ?? []).join(', ')} from ${(termination.CidrAllowedList ?? []).join(', ')}, ${termination.CpsLimit ?? 1} calls/s`}
        </dd>
      </div>
      <div>
        <dt>Emergency calling</dt>
        <dd>
          {emergency === undefined ? (
            loading
          ) : (
            <ul class="tags" aria-label="Emergency calling">
              {(emergency.DNIS ?? []).map((entry) => (
                <li key={entry.CallingCountry}>
                  {entry.CallingCountry} → <code>{entry.EmergencyPhoneNumber}</code>
                  {entry.TestPhoneNumber === undefined ? null : <> (tests → <code>{entry.TestPhoneNumber}</code>)</>}
                </li>
              ))}
            </ul>
          )}
        </dd>
      </div>
      <div>
        <dt>Proxy</dt>
        <dd>
          {proxy === undefined
            ? loading
            : `${proxy.Disabled ? 'disabled; ' : ''}numbers of ${(proxy.PhoneNumberCountries ?? []).join(', ')}, sessions of ${proxy.DefaultSessionExpiryMinutes ?? 0} min${proxy.FallBackPhoneNumber === undefined ? '' : `, then ${proxy.FallBackPhoneNumber}`}`}
        </dd>
      </div>
      {proxy === undefined ? null : <OpenProxySessions id={id} />}
    </>
  );
}

/** The connector's open proxy sessions (the first {@link SHOWN}): who reaches whom through which of its numbers, until when. */
function OpenProxySessions({ id }: { id: string }) {
  const sessions = useAsync(async () => {
    const answer = await call('ListProxySessions', { VoiceConnectorId: id, Status: 'Open', MaxResults: SHOWN });
    return { items: answer.ProxySessions ?? [], more: Boolean(answer.NextToken) };
  }, [id]);
  const items = sessions.data?.items;
  return (
    <div>
      <dt>Open proxy sessions</dt>
      <dd>
        <ErrorAlert error={sessions.error} />
        {items === undefined ? (
          'Loading…'
        ) : items.length === 0 ? (
          'none'
        ) : (
          <ul class="tags" aria-label="Open proxy sessions">
            {items.map((session) => {
              const [first, second] = session.Participants ?? [];
              const proxies = [...new Set([first?.ProxyPhoneNumber, second?.ProxyPhoneNumber])].join(' / ');
              const endsMs = Date.parse(session.CreatedTimestamp ?? '') + (session.ExpiryMinutes ?? 0) * 60_000;
              const ends = Number.isFinite(endsMs) ? new Date(endsMs).toISOString() : undefined;
              return (
                <li key={session.ProxySessionId}>
                  {session.Name ? `${session.Name}: ` : ''}
                  <code>{first?.PhoneNumber}</code> ↔ <code>{second?.PhoneNumber}</code> through <code>{proxies}</code>,{' '}
                  {(session.Capabilities ?? []).join(' and ')} until <time dateTime={ends}>{dateTime(ends)}</time>
                </li>
              );
            })}
            {sessions.data?.more ? <li>and more</li> : null}
          </ul>
        )}
      </dd>
    </div>
  );
}

function AssociatedNumbers({ filterName, id, label }: { filterName: 'VoiceConnectorId' | 'SipRuleId'; id: string; label: string }) {
  const numbers = useAsync(async () => {
    const answer = await call('ListPhoneNumbers', { FilterName: filterName, FilterValue: id, MaxResults: SHOWN });
    return { items: answer.PhoneNumbers ?? [], more: Boolean(answer.NextToken) };
  }, [filterName, id]);
  return (
    <>
      <ErrorAlert error={numbers.error} />
      <NumberTable numbers={numbers.data?.items ?? []} caption={label} empty={numbers.loading ? 'Loading…' : 'No numbers.'} />
      {numbers.data?.more ? (
        <p>
          <a href={`#/numbers?filter-name=${filterName}&filter-value=${encodeURIComponent(id)}`}>All numbers of {label.replace(/^Numbers of /, '')}</a>
        </p>
      ) : null}
    </>
  );
}
