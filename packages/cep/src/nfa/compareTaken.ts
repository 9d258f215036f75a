import type { TakenEvent } from './NfaState.js';

/**
 * A total order on partial matches with the same start: by the events they took, then by the stages
 * those events went to. Flink leaves such ties to a priority queue's whim; a fixed order keeps replays
 * (and the oracle) deterministic.
 */
export function compareTaken(left: readonly TakenEvent[], right: readonly TakenEvent[]): number {
  const length = Math.min(left.length, right.length);
  for (let index = 0; index < length; index += 1) {
    const [leftStage, leftSeq] = left[index] as TakenEvent;
    const [rightStage, rightSeq] = right[index] as TakenEvent;
    if (leftSeq !== rightSeq) return leftSeq - rightSeq;
    if (leftStage !== rightStage) return leftStage - rightStage;
  }
  return left.length - right.length;
}

export function takenKey(taken: readonly TakenEvent[]): string {
  return taken.map(([stage, seq]) => `${stage}:${seq}`).join(',');
}
