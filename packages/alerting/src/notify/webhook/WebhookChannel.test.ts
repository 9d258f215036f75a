import { sampleNotification, startHttpReceiver } from '../__tests__/HttpReceiver.js';
import { WebhookChannel } from './WebhookChannel.js';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyWebhookSignature } from './webhookSignature.js';

const SECRET = 'whsec-0123456789abcdef0123';

describe('WebhookChannel', () => {
  it('posts the versioned JSON with an HMAC-SHA256 signature the receiver can verify', async () => {
    const receiver = await startHttpReceiver({ finally: 204 });
    try {
      const now = 1_700_000_100_000;
      const channel = new WebhookChannel({
        id: 'hook',
        url: `${receiver.url}/alerts?token=abc`,
        secret: SECRET,
        clock: () => now,
      });
      expect((await channel.send(sampleNotification())).error).toBeUndefined();
      const [request] = receiver.requests;
      const signature = request?.headers[SIGNATURE_HEADER] as string;
      const timestamp = request?.headers[TIMESTAMP_HEADER] as string;
      const body = request?.body ?? '';
      expect(signature).toMatch(/^v1=[0-9a-f]{64}$/);
      expect(timestamp).toBe(String(now));
      expect(request?.headers['idempotency-key']).toBe('sf-0123456789abcdef');
      expect(verifyWebhookSignature(SECRET, signature, timestamp, body, { now })).toBe(true);
      expect(verifyWebhookSignature('another-secret-000000', signature, timestamp, body, { now })).toBe(
        false,
      );
      expect(verifyWebhookSignature(SECRET, signature, timestamp, body.replace('api', 'web'), { now })).toBe(
        false,
      );
      expect(verifyWebhookSignature(SECRET, signature, timestamp, body, { now: now + 600_000 })).toBe(false);
      expect(JSON.parse(body)).toMatchObject({
        version: '1',
        action: 'trigger',
        dedupKey: 'group-1',
        alerts: [{ ruleId: 'cpu' }],
      });
    } finally {
      await receiver.close();
    }
  });

  it('keeps the URL token and the secret out of errors', async () => {
    const receiver = await startHttpReceiver({ finally: 500, reply: `boom token=abc ${SECRET}` });
    try {
      const channel = new WebhookChannel({
        id: 'hook',
        url: `${receiver.url}/alerts?token=abc`,
        secret: SECRET,
      });
      const result = await channel.send(sampleNotification());
      expect(result.retry).toBe(true);
      expect(result.error?.message).not.toContain(SECRET);
      expect(result.error?.message).not.toContain('/alerts?token=abc');
    } finally {
      await receiver.close();
    }
  });
});
