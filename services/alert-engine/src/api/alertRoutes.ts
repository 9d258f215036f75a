import type { AlertManager, PostgresAlertQueries, PostgresAlertStore } from '@streamforge/alerting';
import { SEVERITIES } from '@streamforge/alerting';
import { parseQuery } from '@streamforge/telemetry';
import type { RequestHandler } from 'express';
import { Router } from 'express';
import { z } from 'zod';
import { parseBody, sendError } from './apiErrors.js';
import { timeParam } from './timeParam.js';

const alertQuery = z.object({
  status: z.enum(['triggered', 'acknowledged', 'resolved', 'suppressed']).optional(),
  severity: z.enum(SEVERITIES as ['critical', 'high', 'medium', 'low', 'info']).optional(),
  rule: z.string().min(1).optional(),
  from: timeParam.optional(),
  to: timeParam.optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

const alertUpdate = z.object({
  action: z.enum(['acknowledge', 'resolve']),
  /** Who did it: kept in the alert's history and shown to the paged channels. */
  by: z.string().min(1).max(200),
  note: z.string().max(2_000).optional(),
});

/** GET /api/alerts, GET /api/alerts/:id (with history), PUT /api/alerts/:id (acknowledge, resolve). */
export function alertRoutes(options: {
  manager: AlertManager;
  queries: PostgresAlertQueries;
  store: PostgresAlertStore;
  writeJson: RequestHandler[];
}): Router {
  const { manager, queries, store } = options;
  const router = Router();

  router.get('/api/alerts', async (req, res) => {
    const query = parseQuery(alertQuery, req, res);
    if (!query) return;
    const { alerts, hasMore } = await queries.listAlerts(query);
    res.json({
      alerts,
      page: {
        limit: query.limit,
        offset: query.offset,
        nextOffset: hasMore ? query.offset + query.limit : null,
      },
    });
  });

  router.get('/api/alerts/:id', async (req, res) => {
    const alert = await queries.getAlert(String(req.params.id));
    if (alert === undefined) {
      sendError(res, 404, 'ALERT_NOT_FOUND', 'no alert with this id or fingerprint');
      return;
    }
    res.json({ alert, history: await store.history(alert.fingerprint) });
  });

  router.put('/api/alerts/:id', ...options.writeJson, async (req, res) => {
    const body = parseBody(alertUpdate, req.body, res);
    if (!body) return;
    const alert = await queries.getAlert(String(req.params.id));
    if (alert === undefined) {
      sendError(res, 404, 'ALERT_NOT_FOUND', 'no alert with this id or fingerprint');
      return;
    }
    if (body.action === 'acknowledge') await manager.acknowledge(alert.fingerprint, body.by, body.note);
    else await manager.resolve(alert.fingerprint, body.by, body.note);
    res.json({ alert: await queries.getAlert(alert.fingerprint) });
  });

  return router;
}
