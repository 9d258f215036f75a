import type { DataStream } from '../datastream/DataStream.js';

/** Subscribes to a stream and returns the array its values will be pushed to when the job runs. */
export function collect<T>(stream: DataStream<T>): T[] {
  const values: T[] = [];
  stream.subscribe((value) => values.push(value));
  return values;
}
