import { deadLetterFixture } from './__tests__/deadLetterFixture.js';
import { matchesDeadLetterFilter, validateDeadLetterFilter } from './DeadLetterFilter.js';
import { DeadLetterOptionsError } from './DeadLetterOptionsError.js';

describe('matchesDeadLetterFilter', () => {
  const record = deadLetterFixture();

  it('takes everything with an empty filter', () => {
    expect(matchesDeadLetterFilter(record, {})).toBe(true);
  });

  it('matches the error class exactly, not by prefix or case', () => {
    expect(matchesDeadLetterFilter(record, { errorClass: 'DecodeError' })).toBe(true);
    expect(matchesDeadLetterFilter(record, { errorClass: 'Decode' })).toBe(false);
    expect(matchesDeadLetterFilter(record, { errorClass: 'decodeerror' })).toBe(false);
    expect(
      matchesDeadLetterFilter(deadLetterFixture({ errorClass: null }), { errorClass: 'DecodeError' }),
    ).toBe(false);
  });

  it('finds text in the error message ignoring case', () => {
    expect(matchesDeadLetterFilter(record, { messageContains: 'unexpected TOKEN' })).toBe(true);
    expect(matchesDeadLetterFilter(record, { messageContains: 'timeout' })).toBe(false);
    expect(matchesDeadLetterFilter(deadLetterFixture({ errorMessage: null }), { messageContains: 'x' })).toBe(
      false,
    );
  });

  it('compares the first failure by default, from inclusive and to exclusive', () => {
    const failedAt = record.firstFailureAt as Date;
    const ms = (offset: number) => new Date(failedAt.getTime() + offset);
    expect(matchesDeadLetterFilter(record, { from: failedAt })).toBe(true);
    expect(matchesDeadLetterFilter(record, { from: ms(1) })).toBe(false);
    expect(matchesDeadLetterFilter(record, { to: failedAt })).toBe(false);
    expect(matchesDeadLetterFilter(record, { to: ms(1) })).toBe(true);
  });

  it('compares the DLQ timestamp with timeField deadLettered, and falls back on it without a first failure', () => {
    // First failure 10:00:00, dead-lettered 10:00:05: a range between the two tells them apart.
    const between = { from: new Date('2024-05-01T10:00:01Z'), to: new Date('2024-05-01T10:00:10Z') };
    expect(matchesDeadLetterFilter(record, between)).toBe(false);
    expect(matchesDeadLetterFilter(record, { ...between, timeField: 'deadLettered' })).toBe(true);
    expect(matchesDeadLetterFilter(deadLetterFixture({ firstFailureAt: null }), between)).toBe(true);
  });

  it('narrows by partition and by whether the dead letter was re-driven', () => {
    const redriven = deadLetterFixture({
      partition: 3,
      redrives: [{ toTopic: 'orders', at: new Date(), markerOffset: '9' }],
    });
    expect(matchesDeadLetterFilter(redriven, { partition: 3 })).toBe(true);
    expect(matchesDeadLetterFilter(redriven, { partition: 0 })).toBe(false);
    expect(matchesDeadLetterFilter(redriven, { redriven: true })).toBe(true);
    expect(matchesDeadLetterFilter(redriven, { redriven: false })).toBe(false);
    expect(matchesDeadLetterFilter(record, { redriven: false })).toBe(true);
  });
});

describe('validateDeadLetterFilter', () => {
  it('accepts a sound filter', () => {
    expect(() =>
      validateDeadLetterFilter({
        from: new Date(0),
        to: new Date(1),
        partition: 0,
        timeField: 'deadLettered',
      }),
    ).not.toThrow();
  });

  it.each([
    [{ from: new Date(5), to: new Date(5) }, 'from (1970-01-01T00:00:00.005Z) must be before to'],
    [{ from: new Date('nonsense') }, 'from must be a valid Date'],
    [{ partition: -1 }, 'partition must be an integer >= 0, got -1'],
    [{ partition: 1.5 }, 'partition must be an integer >= 0, got 1.5'],
    [{ errorClass: '' }, 'errorClass must not be empty'],
  ])('refuses %p, naming the field', (filter, message) => {
    expect(() => validateDeadLetterFilter(filter)).toThrow(DeadLetterOptionsError);
    expect(() => validateDeadLetterFilter(filter)).toThrow(message);
  });
});
