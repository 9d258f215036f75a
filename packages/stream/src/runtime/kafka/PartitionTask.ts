import type { Task, TaskBatchResult } from '../Task.js';
import type { EncodedMutation } from './changelogCodec.js';
import { encodeMutation } from './changelogCodec.js';

/** What a call on the task handed to a transaction that has not been reported committed yet. */
interface Uncommitted {
  changes: EncodedMutation[];
}

/**
 * The task of one input partition within one transactional session. Its memory runs ahead of Kafka
 * between a call and that transaction's commit; if a call comes before the commit was reported (the
 * transaction was aborted) or in another session, the task is stale and must be restored.
 */
export class PartitionTask {
  private uncommitted: Uncommitted | undefined;

  constructor(
    readonly partition: number,
    readonly session: number,
    private readonly task: Task,
  ) {}

  /** Whether the task reflects exactly what is committed, in `session`. */
  isCurrent(session: number): boolean {
    return this.session === session && this.uncommitted === undefined;
  }

  /**
   * Runs `call` on the task and returns its result with the state changes serialised now, before the
   * task's next call can change the live values. The task counts as ahead of Kafka until `committed`.
   */
  run(call: (task: Task) => TaskBatchResult): { result: TaskBatchResult; changes: EncodedMutation[] } {
    const result = call(this.task);
    const changes = result.mutations.map(encodeMutation);
    this.uncommitted = { changes };
    return { result, changes };
  }

  /** The last call wrote nothing, so there is no transaction to wait for. */
  nothingToCommit(): void {
    this.uncommitted = undefined;
  }

  /** The last call's transaction committed: returns its state changes. */
  committed(): EncodedMutation[] {
    const changes = this.uncommitted?.changes ?? [];
    this.uncommitted = undefined;
    return changes;
  }

  stats(): ReturnType<Task['stats']> {
    return this.task.stats();
  }
}
