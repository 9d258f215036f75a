import type {
  AlertManager,
  PostgresAlertQueries,
  PostgresAlertStore,
  PostgresOutbox,
} from '@streamforge/alerting';
import type { Logger, ReadinessCheck } from '@streamforge/telemetry';
import { createServiceApp } from '@streamforge/telemetry';
import express from 'express';
import type { Express, RequestHandler } from 'express';
import type { Registry } from 'prom-client';
import { alertingErrorHandler, sendError } from './api/apiErrors.js';
import { alertRoutes } from './api/alertRoutes.js';
import { notificationRoutes } from './api/notificationRoutes.js';
import { requireApiKey } from './api/requireApiKey.js';
import { ruleRoutes } from './api/ruleRoutes.js';
import { silenceRoutes } from './api/silenceRoutes.js';

export interface AlertEngineAppOptions {
  manager: AlertManager;
  queries: PostgresAlertQueries;
  store: PostgresAlertStore;
  outbox: PostgresOutbox;
  registry: Registry;
  readiness: readonly ReadinessCheck[];
  logger: Logger;
  /** Required in `x-api-key` for every write; writes are refused when absent. */
  apiKey: string | undefined;
  /** A dead letter was re-driven: deliver it now rather than at the next poll. */
  onRedrive: () => void;
}

/** The alerts API: alerts, rules, silences and dead-lettered notifications. Writes need the API key. */
export function createAlertEngineApp(options: AlertEngineAppOptions): Express {
  const app = createServiceApp({ registry: options.registry, readiness: options.readiness });
  const requireJson: RequestHandler = (req, res, next) => {
    if (!req.is('application/json')) {
      sendError(res, 415, 'UNSUPPORTED_MEDIA_TYPE', 'send Content-Type: application/json', [
        { field: '(headers).content-type', message: 'must be application/json' },
      ]);
      return;
    }
    next();
  };
  const json = express.json({ limit: 262_144, strict: false, type: () => true });
  // The key is checked before the body is read: an unauthenticated client cannot make us parse anything.
  const write: RequestHandler[] = [requireApiKey(options.apiKey)];
  const writeJson: RequestHandler[] = [...write, requireJson, json];
  app.use(alertRoutes({ ...options, writeJson }));
  app.use(ruleRoutes({ manager: options.manager, write, writeJson }));
  app.use(silenceRoutes({ ...options, write, writeJson }));
  app.use(notificationRoutes({ outbox: options.outbox, write, onRedrive: options.onRedrive }));
  app.use(alertingErrorHandler((fields, message) => options.logger.error(fields, message)));
  return app;
}
