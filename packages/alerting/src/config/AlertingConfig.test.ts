import { AlertingConfigurationError } from '../errors.js';
import { parseAlertingConfig } from './AlertingConfig.js';

const SECRET = 'hook-secret-0123456789abcdef';

function problems(input: unknown): string[] {
  try {
    parseAlertingConfig(input, 'alerting.json');
  } catch (error) {
    if (error instanceof AlertingConfigurationError) return error.message.split('\n');
    throw error;
  }
  throw new Error('expected the configuration to be rejected');
}

describe('parseAlertingConfig', () => {
  const hook = { id: 'hook', type: 'webhook', url: 'http://127.0.0.1:9/x?token=abc', secret: SECRET };

  it('splits processing configuration from channels and keeps rate limits on the channel', () => {
    const config = parseAlertingConfig({
      routes: [{ id: 'ops', channels: ['hook'], groupWait: '10s' }],
      channels: [{ ...hook, ratePerSecond: 2, burst: 3 }],
    });
    expect(config.processor.routes[0]).toMatchObject({ id: 'ops', groupWait: 10_000 });
    expect(config.channels[0]).toMatchObject({ id: 'hook', ratePerSecond: 2, burst: 3 });
  });

  it('lists every bad value, by field, without echoing it', () => {
    const lines = problems({
      routes: [{ id: 'ops', groupWait: 'soon' }],
      channels: [
        { ...hook, secret: 'short' },
        { id: 'sms', type: 'pigeon' },
      ],
    });
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^alerting\.json: routes\.0\.groupWait: /);
    expect(lines[1]).toMatch(/^alerting\.json: channels\.0\.secret: /);
    expect(lines[2]).toMatch(/^alerting\.json: channels\.1\.type: /);
    expect(lines.join('\n')).not.toContain('short');
  });

  it('rejects channels that routes and escalation levels name but nobody configured, and duplicates', () => {
    expect(
      problems({
        routes: [{ id: 'ops', channels: ['hook', 'slack'] }],
        escalationPolicies: [{ id: 'p', levels: [{ delayMs: '1m', channels: ['pager'] }] }],
        channels: [hook, hook],
      }),
    ).toEqual([
      "alerting.json: channels.1.id: duplicate channel id 'hook'",
      "alerting.json: routes.0.channels.1: unknown channel 'slack'",
      "alerting.json: escalationPolicies.0.levels.0.channels.0: unknown channel 'pager'",
    ]);
  });
});
