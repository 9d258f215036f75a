import { Registry, collectDefaultMetrics } from 'prom-client';

/**
 * A Prometheus registry per service with the Node process metrics (event loop lag, heap, GC) and a
 * `service` label on every series, so dashboards can tell the four services apart.
 */
export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry, prefix: 'streamforge_' });
  return registry;
}
