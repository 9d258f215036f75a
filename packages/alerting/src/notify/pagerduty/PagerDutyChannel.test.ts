import { sampleNotification, startHttpReceiver } from '../__tests__/HttpReceiver.js';
import { PagerDutyChannel } from './PagerDutyChannel.js';

describe('PagerDutyChannel', () => {
  it('sends Events API v2 trigger, acknowledge and resolve sharing one dedup_key', async () => {
    const receiver = await startHttpReceiver({ finally: 202, reply: '{"status":"success"}' });
    try {
      const channel = new PagerDutyChannel({
        id: 'pd',
        routingKey: 'R0UT1NGKEY0000000000000000000000',
        eventsUrl: `${receiver.url}/v2/enqueue`,
        source: 'streamforge-test',
      });
      for (const action of ['trigger', 'acknowledge', 'resolve'] as const) {
        expect((await channel.send(sampleNotification({ action }))).error).toBeUndefined();
      }
      const events = receiver.requests.map((request) => JSON.parse(request.body));
      expect(receiver.requests.map((r) => r.path)).toEqual(['/v2/enqueue', '/v2/enqueue', '/v2/enqueue']);
      expect(events.map((e) => [e.event_action, e.dedup_key, e.routing_key])).toEqual([
        ['trigger', 'group-1', 'R0UT1NGKEY0000000000000000000000'],
        ['acknowledge', 'group-1', 'R0UT1NGKEY0000000000000000000000'],
        ['resolve', 'group-1', 'R0UT1NGKEY0000000000000000000000'],
      ]);
      expect(events[0].payload).toMatchObject({
        summary: '[FIRING:1] service=api',
        source: 'streamforge-test',
        severity: 'critical',
        timestamp: '2023-11-14T22:13:20.000Z',
        component: 'api',
      });
      expect(events[1].payload).toBeUndefined();
      expect(events[2].payload).toBeUndefined();
    } finally {
      await receiver.close();
    }
  });

  it("maps our severities onto PagerDuty's four and rejects a 400 without retry", async () => {
    const receiver = await startHttpReceiver({ script: [202, 400], reply: 'Invalid routing key R0UT1NG' });
    try {
      const channel = new PagerDutyChannel({ id: 'pd', routingKey: 'R0UT1NG', eventsUrl: receiver.url });
      await channel.send(sampleNotification({ severity: 'high' }));
      expect(JSON.parse(receiver.requests[0]?.body ?? '{}').payload.severity).toBe('error');
      const rejected = await channel.send(sampleNotification());
      expect(rejected.retry).toBe(false);
      expect(rejected.error?.message).toBe('pd: rejected: HTTP 400: Invalid routing key [redacted]');
    } finally {
      await receiver.close();
    }
  });
});
