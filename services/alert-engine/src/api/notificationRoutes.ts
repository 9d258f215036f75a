import type { PostgresOutbox } from '@streamforge/alerting';
import { parseQuery } from '@streamforge/telemetry';
import type { RequestHandler } from 'express';
import { Router } from 'express';
import { z } from 'zod';
import { sendError } from './apiErrors.js';

const deadQuery = z.object({
  channel: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(1_000).default(100),
});

/**
 * GET /api/notifications/dead (dead-lettered notifications, newest first) and
 * POST /api/notifications/:id/redrive (a fresh set of attempts, due now). Outbox rows hold channel ids,
 * never channel URLs or credentials.
 */
export function notificationRoutes(options: {
  outbox: PostgresOutbox;
  write: RequestHandler[];
  onRedrive: () => void;
}): Router {
  const router = Router();

  router.get('/api/notifications/dead', async (req, res) => {
    const query = parseQuery(deadQuery, req, res);
    if (!query) return;
    const notifications = await options.outbox.list({
      state: 'dead',
      limit: query.limit,
      ...(query.channel ? { channel: query.channel } : {}),
    });
    res.json({ notifications });
  });

  router.post('/api/notifications/:id/redrive', ...options.write, async (req, res) => {
    if (!/^\d{1,18}$/.test(String(req.params.id))) {
      sendError(res, 400, 'INVALID_ID', 'notification ids are numbers', [
        { field: 'id', message: 'must be a number' },
      ]);
      return;
    }
    if (!(await options.outbox.redrive(String(req.params.id), Date.now()))) {
      sendError(res, 404, 'NOT_DEAD_LETTERED', 'no dead-lettered notification with this id');
      return;
    }
    options.onRedrive();
    res.json({ redriven: true, id: String(req.params.id) });
  });

  return router;
}
