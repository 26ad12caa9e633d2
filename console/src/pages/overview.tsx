/**
 * Overview: orders by status over time and numbers by status and product type (charts, each with its table),
 * fulfilment lag, quotas used, and the account's recent events, live.
 */
import { useMemo, useState } from 'preact/hooks';
import type uPlot from 'uplot';
import { send } from '../api/client.ts';
import type { EventEnvelope, Overview as OverviewData } from '../api/types.ts';
import { Chart, PALETTE } from '../components/chart.tsx';
import { ErrorAlert } from '../components/error-alert.tsx';
import { Page } from '../components/page.tsx';
import { useAsync } from '../components/use-async.ts';
import { EventRows } from '../components/event-rows.tsx';
import { recentEvents } from '../live/events.ts';
import { mergeEvents } from '../live/merge.ts';
import { useCoalesced } from '../live/use-coalesced.ts';
import { useLiveEvents } from '../live/use-live.ts';
import { count, duration } from '../format.ts';
import { latestEvents } from './events-read.ts';

const WINDOWS = [
  { hours: 1, label: 'Last hour' },
  { hours: 24, label: 'Last 24 hours' },
  { hours: 168, label: 'Last 7 days' },
  { hours: 720, label: 'Last 30 days' },
];

export function Overview() {
  const [hours, setHours] = useState(24);
  const overview = useAsync(() => send<OverviewData>('GET', `overview?hours=${hours}`), [hours]);
  const reload = useCoalesced(overview.reload);
  useLiveEvents((event) => {
    if (event['detail-type'].startsWith('Phone Number')) reload();
  });
  return (
    <Page title="Overview">
      <label class="inline">
        Window
        <select value={hours} onChange={(event) => setHours(Number((event.currentTarget as HTMLSelectElement).value))}>
          {WINDOWS.map((w) => (
            <option value={w.hours} key={w.hours}>
              {w.label}
            </option>
          ))}
        </select>
      </label>
      <ErrorAlert error={overview.error} />
      {overview.data === undefined ? (
        overview.loading ? <p role="status">Loading…</p> : null
      ) : (
        <div class="grid">
          <OrdersChart orders={overview.data.Orders} />
          <NumbersChart numbers={overview.data.Numbers} />
          <Fulfilment fulfilment={overview.data.Fulfilment} />
          <Quotas quotas={overview.data.Quotas} />
        </div>
      )}
      <RecentEvents />
    </Page>
  );
}

function OrdersChart({ orders }: { orders: OverviewData['Orders'] }) {
  const { options, data, statuses } = useMemo(() => {
    const statuses = [...new Set(orders.Buckets.flatMap((b) => Object.keys(b.Counts)))].sort();
    const since = Date.parse(orders.Since) / 1000;
    const byStart = new Map(orders.Buckets.map((b) => [Math.round(Date.parse(b.Start) / 1000), b.Counts]));
    const xs: number[] = [];
    for (let t = since; t <= Date.now() / 1000; t += orders.BucketSeconds) xs.push(t);
    const data: uPlot.AlignedData = [xs, ...statuses.map((s) => xs.map((x) => byStart.get(Math.round(x))?.[s] ?? 0))];
    const options: Omit<uPlot.Options, 'width' | 'height'> = {
      scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
      axes: [{}, { label: 'orders', values: (_u, splits) => splits.map((v) => (Number.isInteger(v) ? String(v) : '')) }],
      series: [{ label: 'time' }, ...statuses.map((s, i) => ({ label: s, stroke: PALETTE[i % PALETTE.length], width: 2, points: { show: true } }))],
    };
    return { options, data, statuses };
  }, [orders]);
  return (
    <Chart caption="Orders by status over time (by creation time)" options={options} data={data}>
      <table>
        <caption class="visually-hidden">Orders created per {duration(orders.BucketSeconds)} by current status</caption>
        <thead>
          <tr>
            <th scope="col">From</th>
            {statuses.map((s) => (
              <th scope="col" key={s}>
                {s}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {orders.Buckets.length === 0 ? (
            <tr>
              <td colSpan={statuses.length + 1}>No orders in this window.</td>
            </tr>
          ) : (
            orders.Buckets.map((b) => (
              <tr key={b.Start}>
                <th scope="row">{new Date(b.Start).toLocaleString()}</th>
                {statuses.map((s) => (
                  <td key={s}>{count(b.Counts[s] ?? 0)}</td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </Chart>
  );
}

function NumbersChart({ numbers }: { numbers: OverviewData['Numbers'] }) {
  const { options, data, statuses, types } = useMemo(() => {
    const statuses = [...new Set(numbers.map((n) => n.Status))].sort();
    const types = [...new Set(numbers.map((n) => n.ProductType))].sort();
    const countOf = (status: string, type: string) => numbers.find((n) => n.Status === status && n.ProductType === type)?.Count ?? 0;
    const xs = statuses.map((_s, i) => i);
    const data: uPlot.AlignedData = [xs, ...types.map((t) => statuses.map((s) => countOf(s, t)))];
    const width = 0.8 / Math.max(1, types.length);
    const options: Omit<uPlot.Options, 'width' | 'height'> = {
      scales: { x: { time: false, range: () => [-0.5, Math.max(0.5, statuses.length - 0.5)] }, y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
      axes: [
        { splits: () => xs, values: (_u, splits) => splits.map((i) => statuses[i] ?? '') },
        { label: 'numbers', values: (_u, splits) => splits.map((v) => (Number.isInteger(v) ? count(v) : '')) },
      ],
      series: [
        { label: 'status', value: (_u, i) => statuses[i] ?? '' },
        ...types.map((t, i) => ({
          label: t,
          stroke: PALETTE[i % PALETTE.length],
          fill: PALETTE[i % PALETTE.length],
          // Bars side by side within each status.
          paths: barPaths(width, (i - (types.length - 1) / 2) * width),
          points: { show: false },
        })),
      ],
    };
    return { options, data, statuses, types, countOf };
  }, [numbers]);
  return (
    <Chart caption="Numbers by status and product type" options={options} data={data}>
      <table>
        <caption class="visually-hidden">Numbers held now, by status and product type</caption>
        <thead>
          <tr>
            <th scope="col">Status</th>
            {types.map((t) => (
              <th scope="col" key={t}>
                {t}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {statuses.length === 0 ? (
            <tr>
              <td colSpan={types.length + 1}>No numbers yet.</td>
            </tr>
          ) : (
            statuses.map((s) => (
              <tr key={s}>
                <th scope="row">{s}</th>
                {types.map((t) => (
                  <td key={t}>{count(numbers.find((n) => n.Status === s && n.ProductType === t)?.Count ?? 0)}</td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </Chart>
  );
}

/** A uPlot path builder drawing each value as a bar of `width` (in x units) shifted by `offset`. */
function barPaths(width: number, offset: number): uPlot.Series.PathBuilder {
  return (u, seriesIdx, idx0, idx1) => {
    const fill = new Path2D();
    const xs = u.data[0];
    const ys = u.data[seriesIdx] ?? [];
    for (let i = idx0; i <= idx1; i++) {
      const x = xs[i];
      const y = ys[i];
      if (x === undefined || y === undefined || y === null) continue;
      const left = u.valToPos(x + offset - width / 2, 'x', true);
      const right = u.valToPos(x + offset + width / 2, 'x', true);
      const top = u.valToPos(y, 'y', true);
      const bottom = u.valToPos(0, 'y', true);
      fill.rect(left, top, right - left, bottom - top);
    }
    return { stroke: fill, fill };
  };
}

function Fulfilment({ fulfilment }: { fulfilment: OverviewData['Fulfilment'] }) {
  return (
    <section aria-labelledby="fulfilment-title" class="card">
      <h2 id="fulfilment-title">Fulfilment</h2>
      <dl>
        <dt>Orders processing</dt>
        <dd>{count(fulfilment.Processing)}</dd>
        <dt>Oldest processing for</dt>
        <dd>{duration(fulfilment.OldestProcessingSeconds)}</dd>
        <dt>Orders settled in the window</dt>
        <dd>{count(fulfilment.Settled)}</dd>
        <dt>Lag, median</dt>
        <dd>{duration(fulfilment.LagSecondsP50)}</dd>
        <dt>Lag, 95th percentile</dt>
        <dd>{duration(fulfilment.LagSecondsP95)}</dd>
      </dl>
    </section>
  );
}

function Quotas({ quotas }: { quotas: OverviewData['Quotas'] }) {
  return (
    <section aria-labelledby="quotas-title" class="card">
      <h2 id="quotas-title">Quotas</h2>
      {quotas.map((q) => (
        <div class="quota" key={q.Name}>
          <label for={`quota-${q.Name}`}>
            {q.Name}: {count(q.Used)} of {count(q.Limit)}
          </label>
          <meter id={`quota-${q.Name}`} min={0} max={q.Limit} value={q.Used} high={q.Limit * 0.8} optimum={0} />
        </div>
      ))}
    </section>
  );
}

function RecentEvents() {
  const initial = useAsync(() => latestEvents(10, []), []);
  const [live, setLive] = useState<EventEnvelope[]>(() => recentEvents().slice(0, 10));
  useLiveEvents((event) => setLive((current) => [event, ...current].slice(0, 10)));
  const events = mergeEvents(live, initial.data?.Events ?? []).slice(0, 10);
  return (
    <section aria-labelledby="recent-title">
      <h2 id="recent-title">Recent events</h2>
      <ErrorAlert error={initial.error} />
      <EventRows events={events} caption="The account's 10 latest events, newest first; new ones appear as they happen" />
    </section>
  );
}
