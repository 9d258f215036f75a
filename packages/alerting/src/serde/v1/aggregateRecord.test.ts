import { AggregateDecodeError, decodeAggregate, encodeAggregate } from './aggregateRecord.js';

const bytes = (value: unknown) => Buffer.from(JSON.stringify(value));

describe('metrics.aggregates v1 records', () => {
  it('reads a closed window as a metric sample at its last instant', () => {
    expect(
      decodeAggregate(
        bytes({ metric: 'error_rate', value: 0.07, labels: { service: 'api' }, windowEnd: 60_000 }),
      ),
    ).toEqual({
      kind: 'metric',
      sample: { metric: 'error_rate', value: 0.07, labels: { service: 'api' }, at: 59_999 },
    });
  });

  it('reads a detector score as an anomaly, and round-trips both kinds', () => {
    const anomaly = decodeAggregate(bytes({ metric: 'orders', detector: 'zscore', score: 4.2, at: 5 }));
    expect(anomaly).toEqual({
      kind: 'anomaly',
      score: { metric: 'orders', detector: 'zscore', score: 4.2, labels: {}, at: 5 },
    });
    expect(decodeAggregate(encodeAggregate(anomaly))).toEqual(anomaly);
    const metric = decodeAggregate(bytes({ metric: 'm', value: 1, at: 7 }));
    expect(decodeAggregate(encodeAggregate(metric))).toEqual(metric);
  });

  it.each([
    [null, 'record has no value'],
    [Buffer.from('{'), 'record value is not JSON'],
    [bytes({ metric: 'm', value: 1 }), 'at: at or windowEnd is required'],
    [bytes({ metric: 'm', at: 1 }), 'value: value (a metric) or score (an anomaly) is required'],
    [bytes({ metric: 'm', score: 3, at: 1 }), 'detector: an anomaly score needs its detector'],
    [bytes({ metric: 'm', value: 1, at: 1, labels: { a: 1 } }), 'labels.a:'],
  ])('rejects %s naming why', (input, message) => {
    expect(() => decodeAggregate(input)).toThrow(AggregateDecodeError);
    expect(() => decodeAggregate(input)).toThrow(message);
  });
});
