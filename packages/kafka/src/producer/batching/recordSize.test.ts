import { createRequire } from 'node:module';
import { recordSizeUpperBound } from './recordSize.js';

/** kafkajs' own v2 record encoder, which its producer uses for every record it sends. */
const encodeRecord = createRequire(__filename)('kafkajs/src/protocol/recordBatch/record/v0/index.js') as (
  record: object,
) => { size(): number };

describe('recordSizeUpperBound', () => {
  it('counts key, value and header bytes in UTF-8 plus the widest record overhead', () => {
    const empty = recordSizeUpperBound({ value: null });
    expect(empty).toBe(21 + 3 * 5);
    expect(recordSizeUpperBound({ key: 'ké', value: Buffer.alloc(10) })).toBe(empty + 3 + 10);
    expect(recordSizeUpperBound({ value: null, headers: { 'event-id': 'e-1' } })).toBe(empty + 10 + 8 + 3);
  });

  it('counts each element of an array header value as a header of its own', () => {
    const one = recordSizeUpperBound({ value: null, headers: { h: 'ab' } });
    const two = recordSizeUpperBound({ value: null, headers: { h: ['ab', Buffer.from('cd')] } });
    expect(two - one).toBe(one - recordSizeUpperBound({ value: null }));
  });

  it('is never below what kafkajs really encodes, even with the widest deltas', () => {
    const message = {
      key: 'user-42',
      value: 'x'.repeat(300),
      headers: { 'event-id': 'e-1', trace: ['a', 'b'] },
    };
    const encoded = encodeRecord({
      offsetDelta: 2 ** 31 - 1,
      timestampDelta: Number.MAX_SAFE_INTEGER,
      key: message.key,
      value: message.value,
      headers: message.headers,
    }).size();
    expect(recordSizeUpperBound(message)).toBeGreaterThanOrEqual(encoded);
  });
});
