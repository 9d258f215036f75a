import type { StateBackend } from '../state/StateBackend.js';
import { NO_WATERMARK } from '../time/watermarks.js';

/**
 * Keeps an operator's watermark in state, written once per batch and only when it moved, so that a
 * restored operator knows which windows have fired and which records are late. Infinite watermarks
 * (no record yet, input ended) are not written: there is nothing to resume from them.
 */
export class ProgressStore {
  private persisted = NO_WATERMARK;

  constructor(
    private readonly backend: StateBackend,
    private readonly operatorId: string,
  ) {}

  save(watermark: number): void {
    if (watermark === this.persisted || !Number.isFinite(watermark)) return;
    this.backend.table(`${this.operatorId}/progress`).put('watermark', watermark);
    this.persisted = watermark;
  }

  load(): number {
    const stored = this.backend.findTable(`${this.operatorId}/progress`)?.get('watermark');
    this.persisted = typeof stored === 'number' ? stored : NO_WATERMARK;
    return this.persisted;
  }
}
