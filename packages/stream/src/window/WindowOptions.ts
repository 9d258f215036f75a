import type { OutputTag } from '../datastream/OutputTag.js';

export interface WindowOptions<T> {
  /**
   * How long after the watermark passed a window's end it still takes values (default 0): each one
   * re-emits the window as a `late` result. Values later than that go to the late output.
   */
  allowedLatenessMs?: number;
  /** The side output for values too late for every window they belong to; they are counted either way. */
  lateOutput?: OutputTag<T>;
  /** Results of open windows before they close: every N values of a pane, and/or every N ms for changed panes. */
  early?: { everyValues?: number; everyMs?: number };
  /** The operator's id in state namespaces; give one to keep state across changes to the job. */
  name?: string;
}
