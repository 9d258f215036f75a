import { sampleNotification, startHttpReceiver } from '../__tests__/HttpReceiver.js';
import { SlackChannel } from './SlackChannel.js';

describe('SlackChannel', () => {
  it('posts incoming-webhook JSON with an idempotency key', async () => {
    const receiver = await startHttpReceiver();
    try {
      const channel = new SlackChannel({
        id: 'slack-ops',
        webhookUrl: `${receiver.url}/services/T000/B000/XXXX`,
      });
      expect(await channel.send(sampleNotification())).toEqual({ retry: false });
      const [request] = receiver.requests;
      expect(request?.path).toBe('/services/T000/B000/XXXX');
      expect(request?.headers['content-type']).toBe('application/json');
      expect(request?.headers['idempotency-key']).toBe('sf-0123456789abcdef');
      const body = JSON.parse(request?.body ?? '{}');
      expect(body.text).toBe('[FIRING:1] service=api');
      expect(body.attachments[0]).toMatchObject({
        color: '#b00020',
        title: 'TRIGGERED CPU above 90% on api',
      });
      expect(body.attachments[0].fields).toContainEqual({ title: 'service', value: 'api', short: true });
    } finally {
      await receiver.close();
    }
  });

  it('retries 429 and 5xx, not 4xx, and keeps the webhook path out of the error', async () => {
    const receiver = await startHttpReceiver({
      script: [429, 503, 404],
      reply: 'no_service for /services/T000/B000/XXXX',
    });
    try {
      const channel = new SlackChannel({
        id: 'slack-ops',
        webhookUrl: `${receiver.url}/services/T000/B000/XXXX`,
      });
      const results = [];
      for (let i = 0; i < 3; i += 1) results.push(await channel.send(sampleNotification()));
      expect(results.map((r) => [r.retry, r.error?.category])).toEqual([
        [true, 'rate_limited'],
        [true, 'server_error'],
        [false, 'rejected'],
      ]);
      expect(results[2]?.error?.message).toBe('slack-ops: rejected: HTTP 404: no_service for [redacted]');
    } finally {
      await receiver.close();
    }
  });

  it('reports a refused connection as retriable without the URL', async () => {
    const receiver = await startHttpReceiver();
    await receiver.close();
    const result = await new SlackChannel({ id: 's', webhookUrl: `${receiver.url}/services/SECRET` }).send(
      sampleNotification(),
    );
    expect(result.retry).toBe(true);
    expect(result.error?.category).toBe('connection');
    expect(result.error?.message).not.toContain('SECRET');
    expect(result.error?.message).not.toContain(receiver.url);
  });
});
