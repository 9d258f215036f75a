import type { StreamEvent } from '@streamforge/stream';
import { BUILT_IN_PATTERNS_DIRECTORY, loadPatternDirectory } from '../files/loadPatternFile.js';
import { toPatternMatch } from '../match/toPatternMatch.js';
import type { PatternMatch } from '../match/PatternMatch.js';
import { PatternMatcher } from '../matcher/PatternMatcher.js';

const patterns = loadPatternDirectory(BUILT_IN_PATTERNS_DIRECTORY);
const T0 = Date.UTC(2024, 0, 15, 12);

let sequence = 0;
const event = (
  secondsIn: number,
  eventType: string,
  properties: Record<string, unknown> = {},
  userId = 'u1',
): StreamEvent => ({
  eventId: `e${(sequence += 1)}`,
  eventType,
  userId,
  timestamp: T0 + secondsIn * 1_000,
  properties,
  receivedAt: T0 + secondsIn * 1_000,
});

/** Runs one built-in pattern over events and returns its cep.matches records. */
function detect(patternId: string, events: StreamEvent[]): PatternMatch[] {
  const pattern = patterns.find((candidate) => candidate.id === patternId);
  if (pattern === undefined) throw new Error(`no built-in pattern ${patternId}`);
  const matcher = new PatternMatcher<StreamEvent>();
  matcher.registerPattern(pattern);
  const matches: PatternMatch[] = [];
  matcher.on('match', (match) => matches.push(toPatternMatch(pattern, match)));
  events.forEach((item) => matcher.process(item));
  matcher.advanceTime(Number.POSITIVE_INFINITY);
  return matches;
}

const ids = (matches: PatternMatch[]) =>
  matches.map((match) => match.events.map((item) => item.eventId).join(' '));

describe('built-in detector patterns', () => {
  beforeEach(() => {
    sequence = 0;
  });

  it('ships every detector issue 6 lists, each a valid file', () => {
    expect(patterns.map((pattern) => pattern.id).sort()).toEqual([
      'brute-force-login',
      'escalating-transactions',
      'excessive-activity',
      'high-value-transaction',
      'impossible-travel',
      'many-login-locations',
      'new-device-takeover',
      'rapid-transactions',
    ]);
  });

  it('high-value-transaction: amount above 1000, numeric strings included', () => {
    const matches = detect('high-value-transaction', [
      event(1, 'transaction', { amount: 1000 }),
      event(2, 'transaction', { amount: '2500' }),
      event(3, 'page_view', { amount: 9000 }),
    ]);
    expect(ids(matches)).toEqual(['e2']);
    expect(matches[0]).toMatchObject({ matchId: 'high-value-transaction:e2', severity: 'high', key: 'u1' });
  });

  it('rapid-transactions: five transactions within 60 s, reported once', () => {
    const fast = [0, 5, 10, 15, 20, 25].map((at) => event(at, 'transaction', { amount: 1 }));
    expect(ids(detect('rapid-transactions', fast))).toEqual(['e1 e2 e3 e4 e5']);
    const slow = [0, 20, 40, 60, 80].map((at) => event(at, 'transaction', { amount: 1 }));
    expect(detect('rapid-transactions', slow)).toEqual([]);
  });

  it('new-device-takeover: new-device login, password change, transaction within 30 min', () => {
    expect(
      ids(
        detect('new-device-takeover', [
          event(0, 'login', { newDevice: false }),
          event(10, 'login', { newDevice: true }),
          event(20, 'page_view'),
          event(60, 'password_change'),
          event(600, 'transaction', { amount: 10 }),
        ]),
      ),
    ).toEqual(['e2 e4 e5']);
    expect(
      detect('new-device-takeover', [
        event(0, 'login', { newDevice: true }),
        event(60, 'password_change'),
        event(1_800, 'transaction'),
      ]),
    ).toEqual([]);
  });

  it('brute-force-login: five failed logins then a success', () => {
    const failures = [0, 5, 10, 15, 20, 25].map((at) => event(at, 'login', { success: false }));
    expect(ids(detect('brute-force-login', [...failures, event(30, 'login', { success: true })]))).toEqual([
      'e1 e2 e3 e4 e5 e6 e7',
    ]);
    sequence = 0;
    const four = [0, 5, 10, 15].map((at) => event(at, 'login', { success: false }));
    expect(detect('brute-force-login', [...four, event(30, 'login', { success: true })])).toEqual([]);
  });

  it('impossible-travel: consecutive logins faster than 900 km/h', () => {
    const berlin = { lat: 52.52, lon: 13.405 };
    const newYork = { lat: 40.7128, lon: -74.006 };
    const paris = { lat: 48.8566, lon: 2.3522 };
    expect(
      ids(
        detect('impossible-travel', [
          event(0, 'login', berlin),
          event(3_600, 'login', newYork), // ~6400 km in one hour
          event(20 * 3_600, 'login', paris), // ~5800 km in 19 hours: fine
        ]),
      ),
    ).toEqual(['e1 e2']);
    sequence = 0;
    // The slow Berlin→Paris leg sits between: Berlin→New York is not a consecutive pair.
    expect(
      detect('impossible-travel', [
        event(0, 'login', berlin),
        event(36_000, 'login', paris),
        event(37_000, 'login', newYork),
      ]).map((match) => match.events.map((item) => item.eventId).join(' ')),
    ).toEqual(['e2 e3']);
  });

  it('many-login-locations: more than five distinct locations within an hour', () => {
    const cities = ['a', 'b', 'c', 'd', 'e', 'f'];
    const six = cities.map((location, index) => event(index * 60, 'login', { location }));
    expect(ids(detect('many-login-locations', six))).toEqual(['e1 e2 e3 e4 e5 e6']);
    sequence = 0;
    const repeats = ['a', 'b', 'a', 'b', 'c', 'd', 'e'].map((location, index) =>
      event(index * 60, 'login', { location }),
    );
    expect(detect('many-login-locations', repeats)).toEqual([]);
  });

  it('excessive-activity: 50 events within 60 s', () => {
    const burst = Array.from({ length: 55 }, (_, index) => event(index, 'page_view'));
    const matches = detect('excessive-activity', burst);
    expect(matches).toHaveLength(1);
    expect(matches[0]?.events).toHaveLength(50);
    sequence = 0;
    expect(
      detect(
        'excessive-activity',
        Array.from({ length: 55 }, (_, index) => event(index * 2, 'page_view')),
      ),
    ).toEqual([]);
  });

  it('escalating-transactions: small probes, then directly one above their sum and 100', () => {
    expect(
      ids(
        detect('escalating-transactions', [
          event(0, 'transaction', { amount: 1 }),
          event(10, 'transaction', { amount: 2 }),
          event(20, 'transaction', { amount: 900 }),
        ]),
      ),
    ).toEqual(['e1 e2 e3']);
  });
});
