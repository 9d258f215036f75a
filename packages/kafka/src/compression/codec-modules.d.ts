// Types for the two codec packages that ship none; only what this folder uses.
declare module 'kafkajs-snappy' {
  const SnappyCodec: () => {
    compress(encoder: { buffer: Buffer }): Promise<Buffer>;
    decompress(buffer: Buffer): Promise<Buffer>;
  };
  export = SnappyCodec;
}

declare module 'zstd-codec' {
  interface ZstdBinding {
    Simple: new () => { compress(data: Uint8Array, level?: number): Uint8Array | null };
    Streaming: new () => { decompress(data: Uint8Array, sizeHint?: number): Uint8Array | null };
  }
  export const ZstdCodec: { run(callback: (zstd: ZstdBinding) => void): void };
}
