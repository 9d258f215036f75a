import { SchemaDecodeError } from '../../errors/SchemaDecodeError.js';
import {
  CONFLUENT_FRAME_HEADER_LENGTH,
  decodeConfluentFrame,
  encodeConfluentFrame,
} from './confluentFrame.js';

/**
 * Frames written out byte by byte from the format's definition (magic 0x00, big-endian int32 id, payload).
 * The Avro payload of {"id": "a"} under `record { string id }` is the zig-zag length 1 (0x02) then "a".
 */
const FIXTURES = [
  { name: 'Avro {"id":"a"} as schema 42', schemaId: 42, payload: '0261', frame: '000000002a0261' },
  { name: 'JSON {} as schema 7', schemaId: 7, payload: '7b7d', frame: '00000000077b7d' },
  { name: 'empty payload, largest id', schemaId: 0x7fffffff, payload: '', frame: '007fffffff' },
  { name: 'id with every byte set', schemaId: 0x01020304, payload: 'ff', frame: '0001020304ff' },
];

describe('Confluent wire format v0', () => {
  it.each(FIXTURES)('encodes $name', ({ schemaId, payload, frame }) => {
    expect(encodeConfluentFrame(schemaId, Buffer.from(payload, 'hex')).toString('hex')).toBe(frame);
  });

  it.each(FIXTURES)('decodes $name', ({ schemaId, payload, frame }) => {
    const decoded = decodeConfluentFrame(Buffer.from(frame, 'hex'));
    expect(decoded.schemaId).toBe(schemaId);
    expect(decoded.payload.toString('hex')).toBe(payload);
  });

  it('decodes a Uint8Array that views part of a larger buffer', () => {
    const backing = Buffer.from('ffff000000002a0261ffff', 'hex');
    const view = new Uint8Array(backing.buffer, backing.byteOffset + 2, 7);
    const decoded = decodeConfluentFrame(view);
    expect(decoded.schemaId).toBe(42);
    expect(decoded.payload.toString('hex')).toBe('0261');
  });

  it.each([
    ['a null value', null, /no value/],
    ['4 bytes', Buffer.from('00000000', 'hex'), /4 byte\(s\), fewer than the 5/],
    ['magic byte 1', Buffer.from('010000002a0261', 'hex'), /byte 0x01, not .* magic byte 0x00/],
    ['plain JSON text', Buffer.from('{"id":"a"}'), /byte 0x7b/],
    ['schema id 0', Buffer.from('00000000000261', 'hex'), /schema id 0/],
    ['a negative schema id', Buffer.from('00ffffffff0261', 'hex'), /schema id -1/],
  ])('rejects %s with a non-retriable SchemaDecodeError', (_name, bytes, message) => {
    let thrown: unknown;
    try {
      decodeConfluentFrame(bytes);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SchemaDecodeError);
    expect((thrown as SchemaDecodeError).message).toMatch(message);
    expect((thrown as SchemaDecodeError).retriable).toBe(false);
  });

  it.each([0, -1, 1.5, 2 ** 31])('refuses to frame schema id %p', (schemaId) => {
    expect(() => encodeConfluentFrame(schemaId, Buffer.alloc(0))).toThrow(RangeError);
  });

  it('round-trips random payloads and ids', () => {
    for (let i = 0; i < 200; i++) {
      const schemaId = 1 + ((i * 2_654_435_761) % 0x7ffffffe);
      const payload = Buffer.from(Array.from({ length: i % 37 }, (_, j) => (i * 31 + j * 7) & 0xff));
      const frame = encodeConfluentFrame(schemaId, payload);
      expect(frame.length).toBe(CONFLUENT_FRAME_HEADER_LENGTH + payload.length);
      const decoded = decodeConfluentFrame(frame);
      expect(decoded.schemaId).toBe(schemaId);
      expect(decoded.payload.equals(payload)).toBe(true);
    }
  });
});
