import { InvalidArgumentError } from 'commander';
import { parseDuration, parseTimeArgument } from './parseTimeArgument.js';

describe('parseDuration', () => {
  it.each([
    ['250ms', 250],
    ['90s', 90_000],
    ['15m', 900_000],
    ['2h', 7_200_000],
    ['1h30m', 5_400_000],
    ['7d', 604_800_000],
    ['1w2d', 777_600_000],
    ['0s', 0],
  ])('reads %s as %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '15', 'm', '1.5h', '-2h', '2 h', '2hours', '1y'])(
    'does not take %p for a duration',
    (text) => {
      expect(parseDuration(text)).toBeUndefined();
    },
  );
});

describe('parseTimeArgument', () => {
  const now = new Date('2024-05-01T12:00:00Z');

  it('reads a duration as that long before now', () => {
    expect(parseTimeArgument('90m', now)).toEqual(new Date('2024-05-01T10:30:00Z'));
  });

  it('reads ISO-8601 times with and without an offset, and dates as UTC midnight', () => {
    expect(parseTimeArgument('2024-04-30T08:15:00Z', now)).toEqual(new Date('2024-04-30T08:15:00Z'));
    expect(parseTimeArgument('2024-04-30T08:15:00.250+02:00', now)).toEqual(
      new Date('2024-04-30T06:15:00.250Z'),
    );
    expect(parseTimeArgument('2024-04-30', now)).toEqual(new Date('2024-04-30T00:00:00Z'));
    expect(parseTimeArgument('2024-04-30T08:15', now)).toEqual(new Date(2024, 3, 30, 8, 15));
  });

  it.each(['yesterday', '1714557600000', '15', '2024-13-45', '2024-05-01Tnoon', '30 minutes'])(
    'refuses %p with one line saying what it expects',
    (text) => {
      expect(() => parseTimeArgument(text, now)).toThrow(InvalidArgumentError);
      expect(() => parseTimeArgument(text, now)).toThrow(
        `expected an ISO-8601 time (2024-05-01T12:00:00Z) or a duration ago (90s, 15m, 2h, 7d, 1h30m), got '${text}'`,
      );
    },
  );
});
