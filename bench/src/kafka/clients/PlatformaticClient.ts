import type * as PlatformaticModule from '@platformatic/kafka';
import type { MessageToProduce, Producer } from '@platformatic/kafka';
import type { BenchClient, ConsumeSpec, ProduceSpec, RunResult } from '../BenchClient.js';
import { WorkloadSkipped } from '../BenchClient.js';
import { ConsumeTally } from '../ConsumeTally.js';
import { LatencyRecorder } from '../LatencyRecorder.js';
import { packageVersion } from '../packageVersion.js';
import { pipelineSends } from '../pipelineSends.js';
import { withTimeout } from '../waitFor.js';

type Platformatic = typeof PlatformaticModule;

/** The package is ESM only: loaded with import(), once. */
let loaded: Promise<Platformatic> | undefined;
const loadPlatformatic = (): Promise<Platformatic> => (loaded ??= import('@platformatic/kafka'));

/**
 * @platformatic/kafka 1.x: an idempotent producer (which forces acks=all and one request in flight) and
 * a read_committed group consumer reading from the earliest offset.
 *
 * Without linger every record is one send() awaited in turn: its idempotent producer numbers a send's
 * records when it builds the request and advances the sequence only on the ack, so overlapping sends
 * reuse sequence numbers and the broker drops them as duplicates while acknowledging them (reproduced
 * with 1.35.0 here: 10 sends at a time, 2,000 acknowledged, 1,991 in the log; upstream issue
 * platformatic/kafka#326). With linger, its own ProducerStream groups `batchRecords` records or
 * `lingerMs`, whichever comes first, and sends one batch at a time.
 */
export class PlatformaticClient implements BenchClient {
  readonly name = '@platformatic/kafka';
  readonly version = packageVersion('@platformatic/kafka');

  constructor(
    private readonly brokers: readonly string[],
    private readonly consumeTimeoutMs: number,
  ) {}

  describeConsume(): string {
    return "consumer.consume({ mode: 'earliest' }), the stream's data events";
  }

  describeProduce(spec: Pick<ProduceSpec, 'lingerMs' | 'batchRecords'>): string {
    return spec.lingerMs > 0
      ? `producer.asStream({ batchSize: ${spec.batchRecords}, batchTime: ${spec.lingerMs} })`
      : 'one record per send, each awaited';
  }

  async produce(spec: ProduceSpec): Promise<RunResult> {
    const kafka = await loadPlatformatic();
    if (spec.compression !== 'none' && !kafka.compressionsAlgorithms[spec.compression].available) {
      throw new WorkloadSkipped(`${spec.compression} needs a newer Node.js (zlib)`);
    }
    const producer = new kafka.Producer({
      clientId: 'streamforge-bench-platformatic',
      bootstrapBrokers: [...this.brokers],
      idempotent: true,
      acks: kafka.ProduceAcks.ALL,
      compression: spec.compression,
      autocreateTopics: false,
    });
    try {
      const started = performance.now();
      const latency =
        spec.lingerMs > 0
          ? await produceThroughStream(producer, spec)
          : await pipelineSends({
              records: spec.records,
              perSend: 1,
              inFlight: 1,
              send: (first) =>
                producer.send({ messages: [{ topic: spec.topic, value: spec.payloads.value(first) }] }),
            });
      const seconds = (performance.now() - started) / 1000;
      const summary = latency.summary();
      return {
        records: spec.records,
        bytes: spec.records * spec.recordSize,
        seconds,
        ...(summary ? { latency: summary } : {}),
      };
    } finally {
      await producer.close();
    }
  }

  async consume(spec: ConsumeSpec): Promise<RunResult> {
    const kafka = await loadPlatformatic();
    const consumer = new kafka.Consumer({
      clientId: 'streamforge-bench-platformatic',
      bootstrapBrokers: [...this.brokers],
      groupId: spec.groupId,
      isolationLevel: kafka.FetchIsolationLevels.READ_COMMITTED,
      maxWaitTime: 500,
    });
    const tally = new ConsumeTally(spec.records);
    consumer.on('consumer:group:join', () => tally.assigned());
    try {
      const stream = await consumer.consume({
        topics: [spec.topic],
        mode: kafka.MessagesStreamModes.EARLIEST,
      });
      const done = new Promise<void>((resolve, reject) => {
        stream.on('error', reject);
        stream.on('data', (message) => {
          if (tally.add(1, message.value?.length ?? 0)) resolve();
        });
      });
      try {
        await withTimeout(
          done,
          this.consumeTimeoutMs,
          () => `@platformatic/kafka read ${tally.records} of ${spec.records} records of ${spec.topic}`,
        );
      } finally {
        await stream.close();
      }
    } finally {
      await consumer.close(true);
    }
    return tally.result();
  }

  async close(): Promise<void> {
    // Each run closes its own producer or consumer.
  }
}

/**
 * Writes every record to the producer's stream, honouring back-pressure; a record's latency runs from
 * its write to the flush of the batch that carried it (batches leave in write order).
 */
async function produceThroughStream(producer: Producer, spec: ProduceSpec): Promise<LatencyRecorder> {
  const latency = new LatencyRecorder();
  const stream = producer.asStream({
    batchSize: spec.batchRecords,
    batchTime: spec.lingerMs,
    highWaterMark: Math.max(spec.batchRecords * 4, spec.window),
  });
  const writtenAt = new Float64Array(spec.records);
  let acknowledged = 0;
  stream.on('flush', ({ count }: { count: number }) => {
    const now = performance.now();
    for (let i = acknowledged; i < acknowledged + count; i++) latency.add(now - (writtenAt[i] ?? now));
    acknowledged += count;
  });
  const failed = new Promise<never>((_, reject) => stream.once('error', reject));
  for (let i = 0; i < spec.records; i++) {
    writtenAt[i] = performance.now();
    const message: MessageToProduce = { topic: spec.topic, value: spec.payloads.value(i) };
    if (!stream.write(message)) {
      await Promise.race([new Promise((resolve) => stream.once('drain', resolve)), failed]);
    }
  }
  await Promise.race([stream.close(), failed]);
  return latency;
}
