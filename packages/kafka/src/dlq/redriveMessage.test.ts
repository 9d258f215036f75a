import type { KafkaMessage } from 'kafkajs';
import { deadLetterFixture } from './__tests__/deadLetterFixture.js';
import { REDRIVE_HEADERS } from './redriveHeaders.js';
import { readRedriveMarker, redriveMarkerMessage } from './redriveMarker.js';
import { redriveMessage } from './redriveMessage.js';

describe('redriveMessage', () => {
  const at = new Date('2024-05-02T08:00:00Z');

  it('sends the original key, value and own headers back, saying which dead letter it was', () => {
    const deadLetter = deadLetterFixture({ partition: 3, offset: '12' });
    expect(redriveMessage(deadLetter, at, 2)).toEqual({
      key: deadLetter.key,
      value: deadLetter.value,
      partition: 2,
      timestamp: String(deadLetter.originTimestamp?.getTime()),
      headers: {
        trace: Buffer.from('t-1'),
        [REDRIVE_HEADERS.fromTopic]: 'orders.dlq',
        [REDRIVE_HEADERS.fromPartition]: '3',
        [REDRIVE_HEADERS.fromOffset]: '12',
        [REDRIVE_HEADERS.at]: '2024-05-02T08:00:00.000Z',
      },
    });
  });

  it('leaves the partition to the key partitioner when given none', () => {
    expect(redriveMessage(deadLetterFixture(), at, null)).not.toHaveProperty('partition');
  });

  it('leaves the timestamp to the producer when the original one is unknown', () => {
    expect(redriveMessage(deadLetterFixture({ originTimestamp: null }), at, 0)).not.toHaveProperty(
      'timestamp',
    );
  });

  it('replaces the headers of an earlier re-drive instead of keeping stale ones', () => {
    const deadLetter = deadLetterFixture({
      offset: '30',
      headers: { [REDRIVE_HEADERS.fromOffset]: Buffer.from('12'), [REDRIVE_HEADERS.at]: Buffer.from('old') },
    });
    expect(redriveMessage(deadLetter, at, 0).headers).toMatchObject({
      [REDRIVE_HEADERS.fromOffset]: '30',
      [REDRIVE_HEADERS.at]: '2024-05-02T08:00:00.000Z',
    });
  });
});

describe('re-drive markers', () => {
  it('go to the dead letter partition and read back as the re-drive they record', () => {
    const written = redriveMarkerMessage(
      { partition: 4, offset: '99' },
      'orders',
      new Date('2024-05-02T08:00:00Z'),
    );
    expect(written).toMatchObject({ partition: 4, key: null, value: null });
    const headers: Record<string, Buffer> = {};
    for (const [name, value] of Object.entries(written.headers ?? {}))
      headers[name] = Buffer.from(String(value));
    const message: KafkaMessage = {
      key: null,
      value: null,
      headers,
      offset: '100',
      timestamp: '0',
      attributes: 0,
    };
    expect(readRedriveMarker(message)).toEqual({
      deadLetterOffset: '99',
      toTopic: 'orders',
      at: new Date('2024-05-02T08:00:00Z'),
    });
  });

  it('are told apart from dead letters', () => {
    const message: KafkaMessage = {
      key: null,
      value: null,
      headers: {},
      offset: '0',
      timestamp: '0',
      attributes: 0,
    };
    expect(readRedriveMarker(message)).toBeUndefined();
  });
});
