import type { Request, Response } from 'express';
import type { z } from 'zod';

/**
 * Validates a request's query string; on failure answers 400 naming each bad parameter and returns
 * undefined, so a handler reads `const query = parseQuery(...); if (!query) return;`.
 */
export function parseQuery<S extends z.ZodType>(
  schema: S,
  req: Request,
  res: Response,
): z.infer<S> | undefined {
  const parsed = schema.safeParse(req.query);
  if (parsed.success) return parsed.data;
  res.status(400).json({
    error: {
      code: 'INVALID_QUERY',
      message: 'query parameters are invalid',
      fields: parsed.error.issues.map((issue) => ({ field: issue.path.join('.'), message: issue.message })),
    },
  });
  return undefined;
}
