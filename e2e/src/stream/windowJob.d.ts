import type { StreamJob } from '@streamforge/stream';

/** An input record of the window job (JSON). */
export interface WindowEvent {
  id: number;
  key: string;
  t: number;
  amount: number;
  kind?: 'end';
}

/** An output record of the window job (JSON). */
export interface WindowOutput {
  op: 'tumbling' | 'sliding' | 'session';
  key: string;
  start: number;
  end: number;
  kind: 'early' | 'on-time' | 'late' | 'retraction';
  count: number;
  sum: number;
}

export declare const WINDOW_JOB: {
  boundMs: number;
  latenessMs: number;
  tumblingMs: number;
  sliding: { sizeMs: number; slideMs: number };
  gapMs: number;
};

export declare function windowJob(options: {
  input: string;
  output: string;
  /** Sleeps `slowMs` every this many events (0: never), to stretch a run out. */
  slowEveryEvents?: number;
  slowMs?: number;
}): StreamJob;
