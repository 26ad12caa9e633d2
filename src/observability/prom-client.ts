/**
 * The parts of prom-client that the metrics use, imported module by module: prom-client's index also loads its
 * Pushgateway, which dialtone does not use, and with it node:https and TLS (about 10 ms of CPU at start). The types
 * are those of prom-client's index (prom-client-parts.d.ts).
 */
import AggregatorRegistry from 'prom-client/lib/cluster.js';
import Counter from 'prom-client/lib/counter.js';
import collectDefaultMetrics from 'prom-client/lib/defaultMetrics.js';
import Gauge from 'prom-client/lib/gauge.js';
import Histogram from 'prom-client/lib/histogram.js';
import Registry from 'prom-client/lib/registry.js';

export { AggregatorRegistry, Counter, Gauge, Histogram, Registry, collectDefaultMetrics };
