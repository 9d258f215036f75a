import { deadLetterFixture } from './__tests__/deadLetterFixture.js';
import { planRedrive } from './planRedrive.js';

describe('planRedrive', () => {
  const fresh = deadLetterFixture({ partition: 0, offset: '1', errorClass: 'DecodeError' });
  const other = deadLetterFixture({ partition: 0, offset: '2', errorClass: 'TimeoutError' });
  const redriven = deadLetterFixture({
    partition: 1,
    offset: '5',
    redrives: [{ toTopic: 'orders', at: new Date(), markerOffset: '6' }],
  });
  const orphan = deadLetterFixture({ partition: 1, offset: '7', originTopic: null });
  const all = [fresh, other, redriven, orphan];

  it('sends what the filter takes and reports what it cannot send', () => {
    const plan = planRedrive(all, { errorClass: 'DecodeError' }, false);
    expect(plan.toSend).toEqual([fresh]);
    expect(plan.skipped).toEqual([
      { deadLetter: redriven, reason: 'already-redriven' },
      { deadLetter: orphan, reason: 'no-origin-topic' },
    ]);
    expect(plan.missing).toEqual([]);
  });

  it('sends a re-driven dead letter again only when repeats are allowed', () => {
    expect(planRedrive([redriven], {}, false).toSend).toEqual([]);
    expect(planRedrive([redriven], {}, true).toSend).toEqual([redriven]);
  });

  it('takes exactly the listed positions, reports those the filter excludes and those that hold nothing', () => {
    const plan = planRedrive(
      all,
      {
        errorClass: 'DecodeError',
        offsets: [
          { partition: 0, offset: '1' },
          { partition: 0, offset: '2' },
          { partition: 4, offset: '0' },
        ],
      },
      false,
    );
    expect(plan.toSend).toEqual([fresh]);
    expect(plan.skipped).toEqual([{ deadLetter: other, reason: 'not-selected' }]);
    expect(plan.missing).toEqual([{ partition: 4, offset: '0' }]);
  });

  it('treats offsets written with leading zeros as the same position', () => {
    expect(planRedrive(all, { offsets: [{ partition: 0, offset: '0001' }] }, false).toSend).toEqual([fresh]);
  });
});
