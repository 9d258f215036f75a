import { LatencyRecorder } from './LatencyRecorder.js';

export interface PipelineOptions {
  records: number;
  /** Records handed to one `send` call. */
  perSend: number;
  /** Most `send` calls awaiting their acknowledgement at once. */
  inFlight: number;
  /** Sends records `first` … `first + count - 1`, resolving once the broker acknowledged them. */
  send: (first: number, count: number) => Promise<unknown>;
}

/**
 * Drives a client that takes records through a promise per call: keeps `inFlight` calls outstanding
 * (as an application that does not wait for each record would), and notes each call's send → ack
 * latency for all the records it carried. Stops at the first failure and rethrows it.
 */
export async function pipelineSends(options: PipelineOptions): Promise<LatencyRecorder> {
  const latency = new LatencyRecorder();
  let next = 0;
  let failed = false;
  const lane = async (): Promise<void> => {
    while (!failed && next < options.records) {
      const first = next;
      const count = Math.min(options.perSend, options.records - first);
      next += count;
      const started = performance.now();
      try {
        await options.send(first, count);
      } catch (error) {
        failed = true;
        throw error;
      }
      latency.add(performance.now() - started, count);
    }
  };
  const lanes = Math.max(1, Math.min(options.inFlight, Math.ceil(options.records / options.perSend)));
  await Promise.all(Array.from({ length: lanes }, lane));
  return latency;
}
