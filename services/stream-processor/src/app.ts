import type { ReadinessCheck } from '@streamforge/telemetry';
import { createServiceApp, parseQuery } from '@streamforge/telemetry';
import type { Express } from 'express';
import type { Registry } from 'prom-client';
import { z } from 'zod';
import type { WindowCountStore } from './WindowCountStore.js';

const windowCountQuery = z.object({
  eventType: z.string().min(1).optional(),
  from: z.iso
    .datetime({ offset: true })
    .transform((value) => Date.parse(value))
    .optional(),
  to: z.iso
    .datetime({ offset: true })
    .transform((value) => Date.parse(value))
    .optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(1_000),
});

/** The analytics query API: window counts read back from the Postgres sink. */
export function createStreamProcessorApp(options: {
  store: WindowCountStore;
  registry: Registry;
  readiness: readonly ReadinessCheck[];
}): Express {
  const app = createServiceApp({ registry: options.registry, readiness: options.readiness });

  app.get('/api/analytics/window-counts', async (req, res) => {
    const query = parseQuery(windowCountQuery, req, res);
    if (!query) return;
    const counts = await options.store.query(query);
    res.json({
      windows: counts.map((count) => ({
        eventType: count.eventType,
        windowStart: new Date(count.windowStart).toISOString(),
        windowEnd: new Date(count.windowEnd).toISOString(),
        count: count.count,
      })),
    });
  });
  return app;
}
