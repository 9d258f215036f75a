import type { ReadinessCheck } from '@streamforge/telemetry';
import { createServiceApp } from '@streamforge/telemetry';
import type { Logger } from '@streamforge/telemetry';
import type { EventFieldError, StreamEvent } from '@streamforge/stream';
import { parseIncomingEvent } from '@streamforge/stream';
import express from 'express';
import type { ErrorRequestHandler, Express, Response } from 'express';
import type { Registry } from 'prom-client';
import type { EventSink } from './EventPublisher.js';
import type { IngestionMetrics, RejectionReason } from './IngestionMetrics.js';

export interface IngestionAppOptions {
  publisher: EventSink;
  registry: Registry;
  metrics: IngestionMetrics;
  readiness: readonly ReadinessCheck[];
  logger: Logger;
  maxBodyBytes: number;
  maxBatchEvents: number;
}

/** The body of every 4xx/5xx answer: a stable code for machines, the offending fields for people. */
interface ErrorBody {
  error: { code: string; message: string; fields?: EventFieldError[]; retriable?: boolean };
}

export function createIngestionApp(options: IngestionAppOptions): Express {
  const { publisher, metrics, logger } = options;
  const app = createServiceApp({ registry: options.registry, readiness: options.readiness });

  const reject = (res: Response, status: number, reason: RejectionReason, body: ErrorBody): void => {
    metrics.rejected.inc({ reason });
    res.status(status).json(body);
  };

  const accept = async (res: Response, events: StreamEvent[], batch: boolean): Promise<void> => {
    const stopTimer = metrics.publishSeconds.startTimer();
    try {
      await publisher.publish(events);
    } catch (error) {
      logger.error({ err: error, events: events.length }, 'publishing to Kafka failed');
      reject(res, 503, 'unavailable', {
        error: {
          code: 'UNAVAILABLE',
          message: 'events could not be stored; retry with the same eventId',
          retriable: true,
        },
      });
      return;
    } finally {
      stopTimer();
    }
    metrics.accepted.inc(events.length);
    res
      .status(202)
      .json(batch ? { eventIds: events.map((event) => event.eventId) } : { eventId: events[0]?.eventId });
  };

  const json = express.json({ limit: options.maxBodyBytes, strict: false, type: () => true });
  const requireJson: express.RequestHandler = (req, res, next) => {
    if (!req.is('application/json')) {
      reject(res, 415, 'unsupported_media_type', {
        error: {
          code: 'UNSUPPORTED_MEDIA_TYPE',
          message: 'send Content-Type: application/json',
          fields: [{ field: '(headers).content-type', message: 'must be application/json' }],
        },
      });
      return;
    }
    next();
  };

  app.post('/api/events', requireJson, json, async (req, res) => {
    const result = parseIncomingEvent(req.body);
    if (!result.ok) {
      reject(res, 400, 'invalid_event', {
        error: { code: 'INVALID_EVENT', message: describe(result.errors), fields: result.errors },
      });
      return;
    }
    await accept(res, [result.event], false);
  });

  // A batch is all or nothing: accepting part of it would leave the client unsure what to resend.
  app.post('/api/events/batch', requireJson, json, async (req, res) => {
    const body: unknown = req.body;
    const items = Array.isArray(body) ? body : (body as { events?: unknown } | null)?.events;
    if (!Array.isArray(items) || items.length === 0 || items.length > options.maxBatchEvents) {
      reject(res, 400, 'invalid_event', {
        error: {
          code: 'INVALID_BATCH',
          message: `send { "events": [...] } with 1 to ${options.maxBatchEvents} events`,
          fields: [{ field: 'events', message: `must be an array of 1 to ${options.maxBatchEvents} events` }],
        },
      });
      return;
    }
    const events: StreamEvent[] = [];
    const errors: EventFieldError[] = [];
    items.forEach((item: unknown, index) => {
      const result = parseIncomingEvent(item);
      if (result.ok) events.push(result.event);
      else
        errors.push(
          ...result.errors.map((error) => ({
            field: `events[${index}].${error.field}`,
            message: error.message,
          })),
        );
    });
    if (errors.length > 0) {
      reject(res, 400, 'invalid_event', {
        error: { code: 'INVALID_EVENT', message: describe(errors), fields: errors },
      });
      return;
    }
    await accept(res, events, true);
  });

  const bodyErrors: ErrorRequestHandler = (error: { type?: string; status?: number }, _req, res, next) => {
    if (error.type === 'entity.too.large') {
      reject(res, 413, 'too_large', {
        error: {
          code: 'PAYLOAD_TOO_LARGE',
          message: `request body is over ${options.maxBodyBytes} bytes`,
          fields: [{ field: '(body)', message: `must be at most ${options.maxBodyBytes} bytes` }],
        },
      });
    } else if (error.type === 'entity.parse.failed') {
      reject(res, 400, 'invalid_json', {
        error: {
          code: 'INVALID_JSON',
          message: 'request body is not valid JSON',
          fields: [{ field: '(body)', message: 'must be valid JSON' }],
        },
      });
    } else if (error.status !== undefined && error.status >= 400 && error.status < 500) {
      reject(res, error.status, 'invalid_json', {
        error: { code: 'BAD_REQUEST', message: 'request body could not be read' },
      });
    } else {
      next(error);
    }
  };
  app.use(bodyErrors);
  return app;
}

function describe(errors: readonly EventFieldError[]): string {
  return errors.map((error) => `${error.field} ${error.message}`).join('; ');
}
