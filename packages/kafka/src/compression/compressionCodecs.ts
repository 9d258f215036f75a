import { CompressionCodecs, CompressionTypes } from 'kafkajs';
import SnappyCodec from 'kafkajs-snappy';
import { compressFrame, decompressFrame } from 'lz4-napi';
import { ZstdCodec } from 'zstd-codec';

/** A kafkajs codec: a factory of the pair it calls for each record batch. */
type Codec = () => {
  compress(encoder: { buffer: Buffer }): Promise<Buffer>;
  decompress(buffer: Buffer): Promise<Buffer>;
};

/** The record-batch compressions Kafka defines; gzip is built into kafkajs, the rest are added here. */
export type Compression = 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';

const TYPES: Record<Compression, CompressionTypes> = {
  none: CompressionTypes.None,
  gzip: CompressionTypes.GZIP,
  snappy: CompressionTypes.Snappy,
  lz4: CompressionTypes.LZ4,
  zstd: CompressionTypes.ZSTD,
};

/** kafkajs' number for a compression, after making sure its codec is registered. */
export function compressionType(compression: Compression): CompressionTypes {
  registerCompressionCodecs();
  return TYPES[compression];
}

let registered = false;

/**
 * Registers Snappy, LZ4 and ZSTD with kafkajs, for producing and for reading batches others compressed.
 * Every codec comes inside its npm package (pure JS, WebAssembly or a per-platform prebuilt binary from
 * the registry), so nothing is downloaded or compiled at install.
 */
export function registerCompressionCodecs(): void {
  if (registered) return;
  CompressionCodecs[CompressionTypes.Snappy] = SnappyCodec;
  CompressionCodecs[CompressionTypes.LZ4] = lz4Codec;
  CompressionCodecs[CompressionTypes.ZSTD] = zstdCodec;
  registered = true;
}

/** Kafka's LZ4 is the LZ4 frame format (KIP-57), not raw blocks. */
const lz4Codec: Codec = () => ({
  compress: async (encoder: { buffer: Buffer }) => compressFrame(encoder.buffer),
  decompress: async (buffer: Buffer) => decompressFrame(buffer),
});

const zstdLevel = 3;
let zstdBinding: Promise<Parameters<Parameters<typeof ZstdCodec.run>[0]>[0]> | undefined;

/**
 * Compresses in one shot (the frame records its size) and decompresses with the streaming decoder,
 * because the Java client's frames do not record their size.
 */
const zstdCodec: Codec = () => ({
  compress: async (encoder: { buffer: Buffer }) => {
    const zstd = await loadZstd();
    return toBuffer(new zstd.Simple().compress(encoder.buffer, zstdLevel), 'compress');
  },
  decompress: async (buffer: Buffer) => {
    const zstd = await loadZstd();
    return toBuffer(new zstd.Streaming().decompress(buffer), 'decompress');
  },
});

function loadZstd(): NonNullable<typeof zstdBinding> {
  zstdBinding ??= new Promise((resolve) => ZstdCodec.run(resolve));
  return zstdBinding;
}

function toBuffer(bytes: Uint8Array | null, operation: string): Buffer {
  if (bytes === null) throw new Error(`zstd could not ${operation} the record batch`);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
