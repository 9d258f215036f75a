import type { AlertManager, PostgresAlertQueries } from '@streamforge/alerting';
import { parseQuery } from '@streamforge/telemetry';
import type { RequestHandler } from 'express';
import { Router } from 'express';
import { z } from 'zod';
import { parseBody } from './apiErrors.js';
import { timeParam } from './timeParam.js';

const silenceQuery = z.object({
  state: z.enum(['active', 'pending', 'expired', 'all']).default('active'),
  limit: z.coerce.number().int().min(1).max(1_000).default(100),
});

const silenceBody = z
  .object({
    matchers: z.array(z.unknown()).min(1),
    startsAt: timeParam.optional(),
    endsAt: timeParam.optional(),
    /** Instead of endsAt: how long from startsAt (or now). */
    durationMs: z.number().int().positive().optional(),
    createdBy: z.string().min(1).max(200),
    comment: z.string().max(2_000).optional(),
  })
  .refine((body) => (body.endsAt === undefined) !== (body.durationMs === undefined), {
    path: ['endsAt'],
    message: 'give endsAt or durationMs, one of them',
  });

/** GET /api/silences, POST /api/silences (create), DELETE /api/silences/:id (expire now). */
export function silenceRoutes(options: {
  manager: AlertManager;
  queries: PostgresAlertQueries;
  write: RequestHandler[];
  writeJson: RequestHandler[];
}): Router {
  const { manager, queries } = options;
  const router = Router();

  router.get('/api/silences', async (req, res) => {
    const query = parseQuery(silenceQuery, req, res);
    if (!query) return;
    res.json({ silences: await queries.listSilences(query.state, Date.now(), query.limit) });
  });

  router.post('/api/silences', ...options.writeJson, async (req, res) => {
    const body = parseBody(silenceBody, req.body, res);
    if (!body) return;
    const startsAt = body.startsAt ?? Date.now();
    const silence = await manager.addSilence({
      matchers: body.matchers,
      startsAt,
      endsAt: body.endsAt ?? startsAt + (body.durationMs as number),
      createdBy: body.createdBy,
      ...(body.comment === undefined ? {} : { comment: body.comment }),
    });
    res.status(201).json({ silence });
  });

  router.delete('/api/silences/:id', ...options.write, async (req, res) => {
    res.json({ silence: await manager.expireSilence(String(req.params.id)) });
  });

  return router;
}
