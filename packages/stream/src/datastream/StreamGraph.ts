import { StreamDefinitionError } from '../errors.js';
import type { Operator, OperatorContext } from '../operators/Operator.js';
import type { TimeSemantics } from '../time/TimeSemantics.js';
import type { KafkaSinkRecord } from './KafkaSink.js';
import type { KafkaSourceRecord } from './KafkaSource.js';

/** One output of a node: its main output, or the side output named by `tag`. */
export interface OutputRef {
  readonly node: string;
  readonly tag?: string;
}

export interface SourceSpec {
  readonly id: string;
  readonly partitions: number;
  readonly time: TimeSemantics<unknown>;
  /** The values of an in-memory source, and the partition each belongs to. */
  readonly values?: Iterable<unknown> | AsyncIterable<unknown>;
  readonly partitionOf?: (value: unknown) => number;
  /** A Kafka source: its topic and decoder; partitions are then assigned by the runtime. */
  readonly kafka?: {
    readonly topic: string;
    readonly decode: (record: KafkaSourceRecord) => unknown;
  };
}

export interface OperatorSpec {
  readonly id: string;
  readonly inputs: readonly OutputRef[];
  readonly create: (context: OperatorContext) => Operator;
}

export type SinkDelivery =
  | { readonly kind: 'listener'; readonly listener: (value: unknown) => void }
  | { readonly kind: 'writer'; readonly write: (values: readonly unknown[]) => void | Promise<void> }
  | { readonly kind: 'kafka'; readonly topic: string; readonly encode: (value: unknown) => KafkaSinkRecord };

export interface SinkSpec {
  readonly id: string;
  readonly input: OutputRef;
  readonly delivery: SinkDelivery;
}

const NODE_ID = /^[A-Za-z0-9_.:-]+$/;

/**
 * What a job is made of, in the order it was built (so every node comes after its inputs): what the
 * DataStream API records and what a Task instantiates. Ids name state namespaces, so they must be
 * stable: given names, or the kind and position in the job.
 */
export class StreamGraph {
  readonly sources = new Map<string, SourceSpec>();
  readonly operators: OperatorSpec[] = [];
  readonly sinks: SinkSpec[] = [];
  private readonly ids = new Set<string>();
  private nodes = 0;

  reserveId(kind: string, name?: string): string {
    const id = name ?? `${kind}-${++this.nodes}`;
    if (!NODE_ID.test(id)) {
      throw new StreamDefinitionError(`name "${id}" must be letters, digits, ".", "_", ":" or "-"`);
    }
    if (this.ids.has(id)) throw new StreamDefinitionError(`the job already has a node named "${id}"`);
    this.ids.add(id);
    return id;
  }

  addSource(spec: SourceSpec): void {
    this.sources.set(spec.id, spec);
  }

  addOperator(spec: OperatorSpec): void {
    this.operators.push(spec);
  }

  addSink(spec: SinkSpec): void {
    this.sinks.push(spec);
  }
}
