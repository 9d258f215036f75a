import { valueState } from '@streamforge/stream';
import type { KeyedProcessFunction } from '@streamforge/stream';
import type { AnomalyEvent, SeriesDetector } from './AnomalyEvent.js';

/**
 * Runs a detector per key of a keyed stream (`keyBy` the series), its state in keyed state so it is
 * checkpointed with the job; emits an AnomalyEvent per anomalous point. `valueOf` gives the point's
 * value (undefined skips it); the point's time is the record's timestamp (a window result's end − 1).
 */
export function detectAnomalies<T, K extends string, S>(
  detector: SeriesDetector<S>,
  valueOf: (value: T) => number | undefined,
  options: { stateName?: string } = {},
): KeyedProcessFunction<T, K, AnomalyEvent> {
  const state = valueState<S>(options.stateName ?? `anomaly-${detector.name}`);
  return {
    processElement: (value, ctx) => {
      const x = valueOf(value);
      if (x === undefined) return;
      const handle = ctx.state(state);
      const current = handle.value() ?? detector.createState();
      const verdict = detector.observe(current, { timestamp: ctx.timestamp, value: x });
      // Written back every time: keyed state records a change only when it is written.
      handle.update(current);
      if (verdict) ctx.emit({ ...verdict, series: ctx.key });
    },
  };
}
