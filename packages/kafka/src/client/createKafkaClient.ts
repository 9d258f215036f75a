import { Kafka, logLevel as KafkaLogLevel } from 'kafkajs';
import type { KafkaConfig, LogEntry, logLevel } from 'kafkajs';
import { registerCompressionCodecs } from '../compression/compressionCodecs.js';

/** What a StreamForge component needs to reach a cluster. */
export interface KafkaClientConfig {
  brokers: readonly string[];
  clientId: string;
  /**
   * Receives kafkajs' own log lines (a pino logger fits); without one, only warnings and errors are
   * written, to stderr.
   */
  logger?: KafkaLogSink;
  /** Retry settings for the client's requests; tests use short ones. */
  retry?: KafkaConfig['retry'];
  connectionTimeoutMs?: number;
}

type LogMethod = (fields: Record<string, unknown>, message: string) => void;

/** The structural slice of a logger that kafkajs' lines are sent to. */
export interface KafkaLogSink {
  error: LogMethod;
  warn: LogMethod;
  info: LogMethod;
  debug: LogMethod;
}

const LEVEL_NAMES = {
  [KafkaLogLevel.ERROR]: 'error',
  [KafkaLogLevel.WARN]: 'warn',
  [KafkaLogLevel.INFO]: 'info',
  [KafkaLogLevel.DEBUG]: 'debug',
  [KafkaLogLevel.NOTHING]: 'debug',
} as const;

export function createKafkaClient(config: KafkaClientConfig): Kafka {
  // Any consumer may meet batches compressed with any codec, whoever produced them.
  registerCompressionCodecs();
  const sink = config.logger;
  return new Kafka({
    clientId: config.clientId,
    brokers: [...config.brokers],
    connectionTimeout: config.connectionTimeoutMs ?? 3_000,
    retry: config.retry ?? { initialRetryTime: 100, retries: 8 },
    logLevel: sink ? KafkaLogLevel.INFO : KafkaLogLevel.WARN,
    logCreator:
      () =>
      ({ level, log: entry }: LogEntry & { level: logLevel }) => {
        const { message, ...fields } = entry;
        if (sink) sink[LEVEL_NAMES[level]]({ kafka: fields }, message);
        else
          process.stderr.write(
            `${JSON.stringify({ level: LEVEL_NAMES[level], msg: message, kafka: fields })}\n`,
          );
      },
  });
}
