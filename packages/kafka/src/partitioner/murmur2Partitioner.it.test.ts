import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Message } from 'kafkajs';
import { Partitioners } from 'kafkajs';
import { murmur2 } from './murmur2.js';
import { murmur2Partitioner } from './murmur2Partitioner.js';
import { metadata, seeded } from './__tests__/partitionerTestKit.js';

/**
 * Proves Java compatibility against the real kafka-clients jar rather than against vectors copied
 * from somewhere: a generated Java program prints `Utils.murmur2` and the Java default partitioner's
 * `toPositive(murmur2) % n` for the same bytes we hash.
 */

const PARTITION_COUNTS = [1, 3, 12, 100];

/**
 * The launcher's Kafka jars, found the way @streamforge/local-infra's streamforgeCacheDir and
 * ensureKafkaLibraries do. That package depends on this one, so it cannot be imported here.
 */
function kafkaLibsDir(): string {
  const explicit = process.env.STREAMFORGE_CACHE_DIR;
  const xdg = process.env.XDG_CACHE_HOME;
  const cacheDir = explicit
    ? resolve(explicit)
    : join(xdg ? resolve(xdg) : join(homedir(), '.cache'), 'streamforge');
  const candidates = existsSync(cacheDir)
    ? readdirSync(cacheDir)
        .filter((name) => /^kafka-\d/.test(name))
        .map((name) => join(cacheDir, name, 'libs'))
        .filter(
          (libs) => existsSync(libs) && readdirSync(libs).some((jar) => /^kafka-clients-.*\.jar$/.test(jar)),
        )
        .sort()
    : [];
  const libs = candidates.at(-1);
  if (!libs) {
    throw new Error(
      `no Kafka jars (kafka-*/libs with kafka-clients-*.jar) under ${cacheDir}: ` +
        'run `node infrastructure/local/dist/cli.js up` once from the repository root to install them',
    );
  }
  return libs;
}

const JAVA_SOURCE = `
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.apache.kafka.common.utils.Utils;

public class Murmur {
  public static void main(String[] args) throws Exception {
    int[] counts = {${PARTITION_COUNTS.join(', ')}};
    StringBuilder out = new StringBuilder();
    for (String line : Files.readAllLines(Path.of(args[0]))) {
      byte[] key = HexFormat.of().parseHex(line.trim());
      int hash = Utils.murmur2(key);
      out.append(hash);
      for (int n : counts) out.append(' ').append(Utils.toPositive(hash) % n);
      out.append('\\n');
    }
    System.out.print(out);
  }
}
`;

/** ~2000 keys: ASCII and multi-byte UTF-8 strings, and raw bytes (>= 0x80 is negative in Java), lengths 0..40. */
function generateKeys(): Array<string | Buffer> {
  const random = seeded(0x5eed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const ascii = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_:./ ';
  const multiByte = ['é', 'ß', 'ü', 'Ω', 'ж', '中', '文', '한', '€', '😀', '🚀', '𝄞'];
  const keys: Array<string | Buffer> = [];
  for (let length = 0; length <= 40; length++) {
    for (let i = 0; i < 16; i++) {
      keys.push(Array.from({ length }, () => pick([...ascii])).join(''));
      // Mixed strings: `length` code points, some 2-4 UTF-8 bytes each.
      keys.push(Array.from({ length }, () => (random() < 0.4 ? pick(multiByte) : pick([...ascii]))).join(''));
      keys.push(Buffer.from(Array.from({ length }, () => Math.floor(random() * 256))));
    }
  }
  return keys; // 41 lengths × 16 × 3 = 1968
}

describe('murmur2Partitioner against the Java client', () => {
  const keys = generateKeys();
  let javaLines: string[];
  let libsDir: string;

  beforeAll(() => {
    libsDir = kafkaLibsDir();
    const dir = mkdtempSync(join(tmpdir(), 'streamforge-murmur2-'));
    try {
      writeFileSync(join(dir, 'Murmur.java'), JAVA_SOURCE);
      const bytes = keys.map((key) => (typeof key === 'string' ? Buffer.from(key, 'utf8') : key));
      writeFileSync(join(dir, 'keys.txt'), bytes.map((key) => key.toString('hex')).join('\n') + '\n');
      // Java 11+ single-file source launch; java expands the classpath wildcard itself.
      const output = execFileSync(
        'java',
        ['-cp', join(libsDir, '*'), join(dir, 'Murmur.java'), join(dir, 'keys.txt')],
        { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
      );
      javaLines = output.trimEnd().split('\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('generated the intended keys and got one Java line per key', () => {
    expect(keys.length).toBeGreaterThanOrEqual(1900);
    expect(keys.some((key) => typeof key === 'string' && Buffer.byteLength(key) > key.length)).toBe(true);
    expect(javaLines).toHaveLength(keys.length);
  });

  it('hashes every key exactly like Utils.murmur2', () => {
    const mismatches = keys
      .map((key, i) => ({ key, ours: murmur2(key), java: Number(javaLines[i]!.split(' ')[0]) }))
      .filter(({ ours, java }) => ours !== java);
    expect(mismatches).toEqual([]);
  });

  it.each(PARTITION_COUNTS)('places every key like the Java client with %i partitions', (n) => {
    const column = PARTITION_COUNTS.indexOf(n) + 1;
    const partition = murmur2Partitioner()();
    const partitionMetadata = metadata(n);
    const mismatches = keys
      .map((key, i) => ({
        key,
        ours: partition({ topic: 't', partitionMetadata, message: { key, value: null } }),
        java: Number(javaLines[i]!.split(' ')[column]),
      }))
      .filter(({ ours, java }) => ours !== java);
    expect(mismatches).toEqual([]);
  });

  it.each(PARTITION_COUNTS)('places every key like kafkajs DefaultPartitioner with %i partitions', (n) => {
    const ours = murmur2Partitioner()();
    const theirs = Partitioners.DefaultPartitioner();
    const partitionMetadata = metadata(n);
    const mismatches = keys
      .map((key) => {
        const message: Message = { key, value: null };
        return {
          key,
          ours: ours({ topic: 't', partitionMetadata, message }),
          kafkajs: theirs({ topic: 't', partitionMetadata, message }),
        };
      })
      .filter(({ ours: mine, kafkajs }) => mine !== kafkajs);
    expect(mismatches).toEqual([]);
  });
});
