import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhookSignature } from '@streamforge/alerting';

/** One notification as a receiver saw it. */
export interface ReceivedNotification {
  idempotencyKey: string;
  path: string;
  body: Record<string, unknown>;
  receivedAt: number;
  /** For signed webhooks: whether the HMAC signature verified with the shared secret. */
  signed: boolean;
}

export interface RecordingReceiver {
  url: string;
  /** Every request, repeats included. */
  requests: ReceivedNotification[];
  /** The first request per idempotency key: what a receiver that drops repeats acts on. */
  unique(): ReceivedNotification[];
  close(): Promise<void>;
}

/**
 * A real HTTP receiver on loopback, as a Slack workspace, a webhook consumer or a pager would run one:
 * it records every request with its idempotency key, checks webhook signatures when given the secret,
 * and answers the scripted statuses in turn (then 200).
 */
export async function startRecordingReceiver(
  options: { secret?: string; statuses?: number[] } = {},
): Promise<RecordingReceiver> {
  const requests: ReceivedNotification[] = [];
  const statuses = [...(options.statuses ?? [])];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const signed =
        options.secret !== undefined &&
        verifyWebhookSignature(
          options.secret,
          req.headers['x-streamforge-signature'] as string | undefined,
          req.headers['x-streamforge-timestamp'] as string | undefined,
          text,
          { now: Date.now() },
        );
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(text) as Record<string, unknown>;
      } catch {
        // recorded with an empty body; the test's payload checks then fail
      }
      requests.push({
        idempotencyKey: String(req.headers['idempotency-key'] ?? ''),
        path: req.url ?? '',
        body,
        receivedAt: Date.now(),
        signed,
      });
      res.statusCode = statuses.shift() ?? 200;
      res.end(res.statusCode === 200 ? 'ok' : 'refused');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    unique: () => {
      const seen = new Map<string, ReceivedNotification>();
      for (const request of requests)
        if (!seen.has(request.idempotencyKey)) seen.set(request.idempotencyKey, request);
      return [...seen.values()];
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
