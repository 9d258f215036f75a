import {
  AlertingValidationError,
  AlertNotFoundError,
  InvalidTransitionError,
  RuleConflictError,
  RuleNotFoundError,
  SilenceNotFoundError,
} from '@streamforge/alerting';
import type { ErrorRequestHandler, Response } from 'express';
import type { z } from 'zod';

export interface FieldError {
  field: string;
  message: string;
}

/** The body of every 4xx/5xx answer, as in ingestion: a stable code for machines, the fields for people. */
export function sendError(
  res: Response,
  status: number,
  code: string,
  message: string,
  fields?: FieldError[],
): void {
  res.status(status).json({ error: { code, message, ...(fields === undefined ? {} : { fields }) } });
}

/** Validates a JSON body; on failure answers 400 naming every bad field and returns undefined. */
export function parseBody<S extends z.ZodType>(
  schema: S,
  body: unknown,
  res: Response,
): z.infer<S> | undefined {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  sendError(
    res,
    400,
    'INVALID_BODY',
    'request body is invalid',
    parsed.error.issues.map((issue) => ({ field: issue.path.join('.') || '(body)', message: issue.message })),
  );
  return undefined;
}

/**
 * Maps the alerting library's errors to answers: validation 400 (with the field), unknown alert, rule
 * or silence 404, a forbidden transition or a rule owned by a file 409. Anything else is a 500 that
 * says nothing about its cause; the log has the error class.
 */
export function alertingErrorHandler(
  log: (fields: Record<string, unknown>, message: string) => void,
): ErrorRequestHandler {
  return (error: unknown, _req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    if (error instanceof AlertingValidationError)
      sendError(res, 400, 'INVALID_BODY', error.message, [{ field: error.field, message: error.message }]);
    else if (error instanceof AlertNotFoundError)
      sendError(res, 404, 'ALERT_NOT_FOUND', 'no such active alert');
    else if (error instanceof RuleNotFoundError) sendError(res, 404, 'RULE_NOT_FOUND', error.message);
    else if (error instanceof SilenceNotFoundError) sendError(res, 404, 'SILENCE_NOT_FOUND', error.message);
    else if (error instanceof InvalidTransitionError)
      sendError(res, 409, 'INVALID_TRANSITION', error.message);
    else if (error instanceof RuleConflictError) sendError(res, 409, 'RULE_CONFLICT', error.message);
    else if ((error as { type?: string }).type === 'entity.parse.failed')
      sendError(res, 400, 'INVALID_JSON', 'request body is not valid JSON', [
        { field: '(body)', message: 'must be valid JSON' },
      ]);
    else if ((error as { type?: string }).type === 'entity.too.large')
      sendError(res, 413, 'PAYLOAD_TOO_LARGE', 'request body is too large');
    else {
      log({ err: (error as Error).name }, 'API request failed');
      res.status(500).json({ error: { code: 'INTERNAL', message: 'internal error', retriable: true } });
    }
  };
}
