import type { IncomingHttpHeaders } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Notification } from '../Notification.js';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A real HTTP server on loopback that records every request and answers with the next scripted status
 * (then `finally`). Tests check payloads as a real receiver would see them.
 */
export async function startHttpReceiver(
  options: { script?: number[]; finally?: number; reply?: string } = {},
) {
  const requests: ReceivedRequest[] = [];
  const script = [...(options.script ?? [])];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests.push({
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      res.statusCode = script.shift() ?? options.finally ?? 200;
      res.end(options.reply ?? 'ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export function sampleNotification(overrides: Partial<Notification> = {}): Notification {
  return {
    idempotencyKey: 'sf-0123456789abcdef',
    channel: 'test',
    kind: 'group',
    action: 'trigger',
    dedupKey: 'group-1',
    title: '[FIRING:1] service=api',
    severity: 'critical',
    groupLabels: { service: 'api' },
    alerts: [
      {
        fingerprint: 'f'.repeat(32),
        ruleId: 'cpu',
        labels: { alertname: 'cpu', service: 'api' },
        severity: 'critical',
        status: 'triggered',
        summary: 'CPU above 90% on api',
        startsAt: 1_700_000_000_000,
        value: 97,
      },
    ],
    createdAt: 1_700_000_030_000,
    ...overrides,
  };
}
