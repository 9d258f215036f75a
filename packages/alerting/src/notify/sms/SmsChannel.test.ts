import { sampleNotification, startHttpReceiver } from '../__tests__/HttpReceiver.js';
import { SmsChannel } from './SmsChannel.js';

describe('SmsChannel', () => {
  it('posts a Twilio form per recipient with basic auth to the Messages resource', async () => {
    const receiver = await startHttpReceiver({ finally: 201, reply: '{"sid":"SM1","status":"queued"}' });
    try {
      const channel = new SmsChannel({
        id: 'sms',
        baseUrl: receiver.url,
        accountSid: 'AC0123',
        authToken: 'tw-secret-token',
        from: '+15550000000',
        to: ['+15551111111', '+15552222222'],
      });
      expect((await channel.send(sampleNotification())).error).toBeUndefined();
      expect(receiver.requests.map((r) => [r.method, r.path])).toEqual([
        ['POST', '/2010-04-01/Accounts/AC0123/Messages.json'],
        ['POST', '/2010-04-01/Accounts/AC0123/Messages.json'],
      ]);
      const [first, second] = receiver.requests;
      expect(first?.headers['content-type']).toBe('application/x-www-form-urlencoded');
      expect(first?.headers.authorization).toBe(
        `Basic ${Buffer.from('AC0123:tw-secret-token').toString('base64')}`,
      );
      const form = new URLSearchParams(first?.body);
      expect(Object.fromEntries(form)).toEqual({
        To: '+15551111111',
        From: '+15550000000',
        Body: '[FIRING:1] service=api: CPU above 90% on api',
      });
      expect(new URLSearchParams(second?.body).get('To')).toBe('+15552222222');
      expect([first?.headers['idempotency-key'], second?.headers['idempotency-key']]).toEqual([
        'sf-0123456789abcdef-0',
        'sf-0123456789abcdef-1',
      ]);
    } finally {
      await receiver.close();
    }
  });

  it('treats a 401 as non-retriable and never shows the token', async () => {
    const receiver = await startHttpReceiver({ finally: 401, reply: 'bad credentials tw-secret-token' });
    try {
      const channel = new SmsChannel({
        id: 'sms',
        baseUrl: receiver.url,
        accountSid: 'AC1',
        authToken: 'tw-secret-token',
        from: '+1',
        to: ['+2'],
      });
      const result = await channel.send(sampleNotification());
      expect([result.retry, result.error?.category]).toEqual([false, 'auth']);
      expect(result.error?.message).toBe('sms: auth: HTTP 401: bad credentials [redacted]');
    } finally {
      await receiver.close();
    }
  });
});
