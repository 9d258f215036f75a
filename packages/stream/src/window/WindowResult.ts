import type { TimeWindow } from './TimeWindow.js';

/**
 * Why a window result was emitted:
 * - `early`: the window is still open; a later result for it supersedes this one;
 * - `on-time`: the watermark passed the window's end;
 * - `late`: a late but allowed value changed a window that had fired; supersedes earlier results;
 * - `retraction`: a session window that was emitted merged into a larger one; forget its results.
 */
export type WindowResultKind = 'early' | 'on-time' | 'late' | 'retraction';

/** One key's result for one window. Its timestamp downstream is `window.end - 1`. */
export interface WindowResult<K, R> {
  key: K;
  window: TimeWindow;
  value: R;
  kind: WindowResultKind;
}
