import type { Admin } from 'kafkajs';
import { Gauge } from 'prom-client';
import type { Registry } from 'prom-client';
import { consumerLag } from './consumerLag.js';

/**
 * `streamforge_consumer_lag{group,topic,partition}`, measured when Prometheus scrapes, so the figure is
 * never older than the scrape and costs nothing between scrapes.
 */
export function registerConsumerLagGauge(
  registry: Registry,
  admin: Admin,
  groupIds: readonly string[],
): Gauge<'group' | 'topic' | 'partition'> {
  return new Gauge({
    name: 'streamforge_consumer_lag',
    help: 'Records between the group committed offset and the last stable offset, per partition',
    labelNames: ['group', 'topic', 'partition'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const groupId of groupIds) {
        for (const entry of await consumerLag(admin, groupId)) {
          this.set({ group: groupId, topic: entry.topic, partition: String(entry.partition) }, entry.lag);
        }
      }
    },
  });
}
