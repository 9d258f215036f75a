import express, { Router } from 'express';
import type { Express } from 'express';
import type { Registry } from 'prom-client';

/** A named readiness check; it resolves to true when the dependency can serve. */
export interface ReadinessCheck {
  name: string;
  check: () => boolean | Promise<boolean>;
}

/**
 * `/health` (the process answers), `/ready` (every dependency is usable; 503 lists the ones that are
 * not) and `/metrics` (Prometheus text format) for every service.
 */
export function observabilityRouter(options: {
  registry: Registry;
  readiness?: readonly ReadinessCheck[];
}): Router {
  const router = Router();

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/ready', async (_req, res) => {
    const results = await Promise.all(
      (options.readiness ?? []).map(async ({ name, check }) => {
        try {
          return { name, ready: await check() };
        } catch {
          return { name, ready: false };
        }
      }),
    );
    const notReady = results.filter((result) => !result.ready).map((result) => result.name);
    res
      .status(notReady.length === 0 ? 200 : 503)
      .json({ status: notReady.length === 0 ? 'ready' : 'not ready', notReady });
  });

  router.get('/metrics', async (_req, res) => {
    res.type(options.registry.contentType).send(await options.registry.metrics());
  });

  return router;
}

/** An express app that already answers `/health`, `/ready` and `/metrics`; a service adds its API. */
export function createServiceApp(options: {
  registry: Registry;
  readiness?: readonly ReadinessCheck[];
}): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(observabilityRouter(options));
  return app;
}
