import type { AlertManager, StoredRule } from '@streamforge/alerting';
import type { RequestHandler } from 'express';
import { Router } from 'express';
import { sendError } from './apiErrors.js';

const view = ({ rule, source }: StoredRule) => ({ ...rule, source });

/**
 * Rules CRUD. The manager validates bodies (400 naming the field), refuses changes to rules owned by
 * rule files (409) and commits every change with the alerts it resolves.
 */
export function ruleRoutes(options: {
  manager: AlertManager;
  write: RequestHandler[];
  writeJson: RequestHandler[];
}): Router {
  const { manager } = options;
  const router = Router();

  router.get('/api/rules', (_req, res) => {
    res.json({ rules: manager.getRules().map(view) });
  });

  router.get('/api/rules/:id', (req, res) => {
    const stored = manager.getRule(String(req.params.id));
    if (stored === undefined)
      sendError(res, 404, 'RULE_NOT_FOUND', `no alert rule '${String(req.params.id)}'`);
    else res.json({ rule: view(stored) });
  });

  router.post('/api/rules', ...options.writeJson, async (req, res) => {
    const id = (req.body as { id?: unknown } | null)?.id;
    if (typeof id === 'string' && manager.getRule(id) !== undefined) {
      sendError(res, 409, 'RULE_EXISTS', `alert rule '${id}' exists; PUT /api/rules/${id} replaces it`);
      return;
    }
    const rule = await manager.addRule(req.body);
    res.status(201).json({ rule: { ...rule, source: 'api' } });
  });

  router.put('/api/rules/:id', ...options.writeJson, async (req, res) => {
    const body = req.body as Record<string, unknown> | null;
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      sendError(res, 400, 'INVALID_BODY', 'send the rule as a JSON object', [
        { field: '(body)', message: 'must be an object' },
      ]);
      return;
    }
    if (body.id !== undefined && body.id !== String(req.params.id)) {
      sendError(res, 400, 'INVALID_BODY', 'the body names another rule', [
        { field: 'id', message: 'must equal the id in the path' },
      ]);
      return;
    }
    const rule = await manager.addRule({ ...body, id: String(req.params.id) });
    res.json({ rule: { ...rule, source: 'api' } });
  });

  router.delete('/api/rules/:id', ...options.write, async (req, res) => {
    await manager.removeRule(String(req.params.id));
    res.status(204).end();
  });

  return router;
}
