import type { ReadinessCheck } from '@streamforge/telemetry';
import { createServiceApp, parseQuery } from '@streamforge/telemetry';
import type { Express } from 'express';
import type { Registry } from 'prom-client';
import { z } from 'zod';
import type { AlertStore } from './AlertStore.js';

const alertQuery = z.object({
  rule: z.string().min(1).optional(),
  key: z.string().min(1).optional(),
  status: z.enum(['triggered', 'acknowledged', 'resolved', 'suppressed']).optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(100),
});

/** The alerts API: read access to the stored alerts. */
export function createAlertEngineApp(options: {
  store: AlertStore;
  registry: Registry;
  readiness: readonly ReadinessCheck[];
}): Express {
  const app = createServiceApp({ registry: options.registry, readiness: options.readiness });
  app.get('/api/alerts', async (req, res) => {
    const query = parseQuery(alertQuery, req, res);
    if (!query) return;
    res.json({ alerts: await options.store.list(query) });
  });
  return app;
}
