import { SchemaDecodeError } from '../../errors/SchemaDecodeError.js';

/**
 * Confluent's wire format, version 0, shared by its Avro, JSON Schema and Protobuf serializers and by
 * Apicurio's ccompat mode: one magic byte 0, the schema id as a 4-byte big-endian signed int, then the
 * serialized value. (Protobuf adds message indexes after the id; only Avro and JSON Schema are framed here.)
 */
export const CONFLUENT_MAGIC_BYTE = 0;
export const CONFLUENT_FRAME_HEADER_LENGTH = 5;
const MAX_SCHEMA_ID = 0x7fff_ffff;

export interface ConfluentFrame {
  schemaId: number;
  /** The serialized value after the header; a view on the input, not a copy. */
  payload: Buffer;
}

/** Prefixes `payload` with the header naming `schemaId`. A bad id is a programming error (RangeError). */
export function encodeConfluentFrame(schemaId: number, payload: Uint8Array): Buffer {
  if (!Number.isInteger(schemaId) || schemaId < 1 || schemaId > MAX_SCHEMA_ID) {
    throw new RangeError(`a schema id is an integer from 1 to ${MAX_SCHEMA_ID}, not ${schemaId}`);
  }
  const frame = Buffer.allocUnsafe(CONFLUENT_FRAME_HEADER_LENGTH + payload.length);
  frame.writeUInt8(CONFLUENT_MAGIC_BYTE, 0);
  frame.writeInt32BE(schemaId, 1);
  frame.set(payload, CONFLUENT_FRAME_HEADER_LENGTH);
  return frame;
}

/**
 * Splits a record value into its schema id and payload. Anything that is not a version-0 frame (a null
 * value, fewer than 5 bytes, another magic byte, an id below 1) is a SchemaDecodeError: such a record was
 * not written by a registry-aware serializer, and no retry will change that.
 */
export function decodeConfluentFrame(bytes: Uint8Array | null | undefined): ConfluentFrame {
  if (bytes === null || bytes === undefined) {
    throw new SchemaDecodeError('the record has no value (a tombstone) to decode');
  }
  const buffer = Buffer.isBuffer(bytes)
    ? bytes
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length < CONFLUENT_FRAME_HEADER_LENGTH) {
    throw new SchemaDecodeError(
      `the value has ${buffer.length} byte(s), fewer than the ${CONFLUENT_FRAME_HEADER_LENGTH} of a Confluent wire-format header`,
      { code: 'NOT_SCHEMA_FRAMED' },
    );
  }
  const magic = buffer.readUInt8(0);
  if (magic !== CONFLUENT_MAGIC_BYTE) {
    throw new SchemaDecodeError(
      `the value starts with byte 0x${magic.toString(16).padStart(2, '0')}, not the Confluent wire format's magic byte 0x00`,
      { code: 'NOT_SCHEMA_FRAMED' },
    );
  }
  const schemaId = buffer.readInt32BE(1);
  if (schemaId < 1) {
    throw new SchemaDecodeError(`the value's header names schema id ${schemaId}; registry ids start at 1`, {
      code: 'NOT_SCHEMA_FRAMED',
    });
  }
  return { schemaId, payload: buffer.subarray(CONFLUENT_FRAME_HEADER_LENGTH) };
}
