import type { PatternMatch } from '@streamforge/cep';
import { alertFromMatch } from './Alert.js';

const match = (matchId: string): PatternMatch => ({
  matchId,
  patternId: 'high-value-transaction',
  key: 'u1',
  severity: 'high',
  summary: 'big',
  events: [],
  matchedAt: 1_700_000_000_000,
});

describe('alertFromMatch', () => {
  it('gives the same match the same fingerprint and different matches different ones', () => {
    const first = alertFromMatch(match('m1'));
    expect(alertFromMatch(match('m1'))).toEqual(first);
    expect(alertFromMatch(match('m2')).fingerprint).not.toBe(first.fingerprint);
    expect(first).toMatchObject({
      rule: 'high-value-transaction',
      key: 'u1',
      severity: 'high',
      status: 'triggered',
    });
    expect(first.fingerprint).toMatch(/^[0-9a-f]{32}$/);
  });
});
