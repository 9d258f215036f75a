import type { Latency } from './BenchClient.js';

/** Send → ack latencies, each possibly shared by a batch of records (weighted percentiles). */
export class LatencyRecorder {
  private readonly millis: number[] = [];
  private readonly weights: number[] = [];

  /** Records that `count` records took `ms` from send to acknowledgement. */
  add(ms: number, count = 1): void {
    this.millis.push(ms);
    this.weights.push(count);
  }

  summary(): Latency | undefined {
    if (this.millis.length === 0) return undefined;
    const order = this.millis.map((_, i) => i).sort((a, b) => (this.millis[a] ?? 0) - (this.millis[b] ?? 0));
    const total = this.weights.reduce((sum, weight) => sum + weight, 0);
    return { p50Ms: this.percentile(order, total, 0.5), p99Ms: this.percentile(order, total, 0.99) };
  }

  private percentile(order: number[], total: number, quantile: number): number {
    const target = quantile * total;
    let seen = 0;
    for (const i of order) {
      seen += this.weights[i] ?? 0;
      if (seen >= target) return this.millis[i] ?? 0;
    }
    return this.millis[order[order.length - 1] ?? 0] ?? 0;
  }
}
