/** Where in Kafka a failure happened; every field is optional because not every failure has one. */
export interface KafkaErrorContext {
  topic?: string;
  partition?: number;
  offset?: string;
}

/**
 * Base of every error @streamforge/kafka throws. `retriable` tells callers whether trying the same
 * thing again can succeed; programmer and configuration errors never are.
 */
export class KafkaError extends Error {
  readonly code: string;
  readonly retriable: boolean;
  readonly context: KafkaErrorContext;

  constructor(
    message: string,
    options: { code: string; retriable?: boolean; cause?: unknown; context?: KafkaErrorContext },
  ) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code;
    this.retriable = options.retriable ?? true;
    this.context = options.context ?? {};
  }
}

/** The topic catalogue file is missing or does not match its schema. */
export class TopicCatalogueError extends KafkaError {
  constructor(message: string, cause?: unknown) {
    super(message, { code: 'TOPIC_CATALOGUE_INVALID', retriable: false, cause });
  }
}
