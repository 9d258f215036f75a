import { Kafka, logLevel as KafkaLogLevel } from 'kafkajs';
import type { KafkaConfig, LogEntry, logLevel } from 'kafkajs';

/** What a StreamForge component needs to reach a cluster. */
export interface KafkaClientConfig {
  brokers: readonly string[];
  clientId: string;
  /** Receives kafkajs' own log lines; by default only warnings and errors are kept, on stderr. */
  log?: (entry: { level: 'error' | 'warn' | 'info' | 'debug'; message: string; fields: Record<string, unknown> }) => void;
  /** Retry settings for the client's requests; tests use short ones. */
  retry?: KafkaConfig['retry'];
  connectionTimeoutMs?: number;
}

const LEVEL_NAMES = {
  [KafkaLogLevel.ERROR]: 'error',
  [KafkaLogLevel.WARN]: 'warn',
  [KafkaLogLevel.INFO]: 'info',
  [KafkaLogLevel.DEBUG]: 'debug',
  [KafkaLogLevel.NOTHING]: 'debug',
} as const;

export function createKafkaClient(config: KafkaClientConfig): Kafka {
  const log =
    config.log ??
    ((entry) => process.stderr.write(`${JSON.stringify({ level: entry.level, msg: entry.message, ...entry.fields })}\n`));
  return new Kafka({
    clientId: config.clientId,
    brokers: [...config.brokers],
    connectionTimeout: config.connectionTimeoutMs ?? 3_000,
    retry: config.retry ?? { initialRetryTime: 100, retries: 8 },
    logLevel: config.log ? KafkaLogLevel.INFO : KafkaLogLevel.WARN,
    logCreator:
      () =>
      ({ level, log: entry }: LogEntry & { level: logLevel }) => {
        const { message, ...fields } = entry;
        log({ level: LEVEL_NAMES[level], message, fields });
      },
  });
}
