import { randomUUID } from 'node:crypto';
import type { PartitionPosition } from '@streamforge/stream';
import { applyExactlyOnce } from '@streamforge/stream';
import type { PoolClient } from 'pg';
import { Pool } from 'pg';
import {
  AlertingValidationError,
  AlertNotFoundError,
  RuleConflictError,
  RuleNotFoundError,
  SilenceNotFoundError,
} from '../errors.js';
import { canonicalJson } from '../internal/canonicalJson.js';
import { SerialQueue } from '../internal/SerialQueue.js';
import type { Notification } from '../notify/Notification.js';
import type { AlertingLogger } from '../notify/NotificationChannel.js';
import type { ProcessorOutput } from '../processing/AlertProcessor.js';
import { AlertProcessor } from '../processing/AlertProcessor.js';
import type { AlertRecord, AlertTransition } from '../processing/AlertRecord.js';
import type { ProcessorConfig } from '../processing/ProcessorConfig.js';
import { parseProcessorConfig } from '../processing/ProcessorConfig.js';
import type { AlertRule } from '../rules/AlertRule.js';
import type { AlertSignal } from '../rules/AlertSignal.js';
import { parseRule } from '../rules/parseRule.js';
import { RuleEvaluator } from '../rules/RuleEvaluator.js';
import { ruleReferenceProblems } from '../rules/ruleReferences.js';
import type { Silence } from '../silence/Silence.js';
import { parseSilence } from '../silence/Silence.js';
import { PostgresAlertStore } from '../store/PostgresAlertStore.js';
import type { RuleSource, StoredRule } from '../store/PostgresRuleStore.js';
import { PostgresRuleStore } from '../store/PostgresRuleStore.js';
import type { AlertInput, ConsumedRecord } from './AlertInput.js';
import { evaluateInput } from './AlertInput.js';

/** What one committed step did. */
export interface StepResult {
  /** Consumed records applied (0 for ticks and API actions, and for a batch Postgres had already seen). */
  records: number;
  signals: number;
  transitions: AlertTransition[];
  notifications: Notification[];
}

export interface AlertManagerOptions {
  /** A pool the caller owns (and ends), or connection settings for one the manager owns. */
  postgres: { pool: Pool } | { connectionString: string; max?: number };
  config?: ProcessorConfig;
  /**
   * Rules from rule files. At open they replace the stored file rules; stored file rules that no file
   * has any more are removed (their firing alerts resolve). The API cannot change or delete them.
   */
  fileRules?: readonly AlertRule[];
  /**
   * Only one manager may process a database's alerts: processing state lives in memory between
   * steps. `open` waits for this Postgres advisory lock, so a second instance is a standby that takes
   * over when the first one's connection goes (a crash included).
   */
  lockName?: string;
  clock?: () => number;
  logger?: AlertingLogger;
  /** After each committed step: wake the alerts.events publisher and the outbox, count metrics. */
  onCommit?: (step: StepResult) => void;
  /**
   * The manager can no longer vouch for its state (a failed step could not be undone by reloading,
   * or the lock connection broke). The owner should stop; a restart recovers from Postgres.
   */
  onFatal?: (error: Error) => void;
}

const NOTHING: StepResult = { records: 0, signals: 0, transitions: [], notifications: [] };

/**
 * The alerting facade: rules in, alerts and notifications out, everything in Postgres. Every step —
 * a consumed batch, a tick, an API action — runs one at a time and commits in one transaction: the
 * alerts, their history, groups, silences, escalation timers, rule evaluation state, the notification
 * outbox and (for consumed records) the consumed offsets. After a crash the next process loads that
 * state and continues; a batch that was not committed is consumed again and applied once.
 */
export class AlertManager {
  private readonly queue = new SerialQueue();
  private readonly store: PostgresAlertStore;
  private readonly ruleStore: PostgresRuleStore;
  private readonly config: ProcessorConfig;
  private readonly clock: () => number;
  private processor: AlertProcessor;
  private evaluator = new RuleEvaluator();
  private ruleSources = new Map<string, RuleSource>();
  /** Canonical JSON of each rule's evaluation state as last committed, to write only what changed. */
  private persistedEvaluator = new Map<string, string>();
  /** Effects of the step in flight that hold only once it has committed. */
  private afterCommit: Array<() => void> = [];
  /** The step in flight has begun changing in-memory state; if it fails, reload. */
  private dirty = false;
  private lockClient: PoolClient | undefined;
  private closed = false;

  private constructor(
    readonly pool: Pool,
    private readonly ownsPool: boolean,
    private readonly options: AlertManagerOptions,
  ) {
    this.store = new PostgresAlertStore(pool);
    this.ruleStore = new PostgresRuleStore(pool);
    this.config = options.config ?? parseProcessorConfig({});
    this.clock = options.clock ?? Date.now;
    this.processor = new AlertProcessor(this.config);
  }

  /** Takes the processing lock, loads the state from Postgres and applies the rule files. */
  static async open(options: AlertManagerOptions): Promise<AlertManager> {
    const owned = !('pool' in options.postgres);
    const pool =
      'pool' in options.postgres
        ? options.postgres.pool
        : new Pool({ connectionString: options.postgres.connectionString, max: options.postgres.max ?? 5 });
    const manager = new AlertManager(pool, owned, options);
    try {
      await manager.acquireLock();
      await manager.loadState();
      await manager.syncFileRules(options.fileRules ?? []);
    } catch (error) {
      await manager.close();
      throw error;
    }
    return manager;
  }

  /** Evaluates one observation outside Kafka (tests, embedding) and commits what it caused. */
  processEvent(input: AlertInput): Promise<StepResult> {
    return this.step(() =>
      this.transact(async (client, now) => {
        const signals = evaluateInput(this.evaluator, input);
        return this.writeStep(client, this.processor.ingest(signals, now), signals.length, 1);
      }),
    );
  }

  /**
   * Applies one partition's consumed records exactly once: the records Postgres has not seen yet are
   * evaluated and processed, and the partition's next offset commits in the same transaction as
   * everything they caused (applyExactlyOnce, table consumer_offsets).
   */
  processRecords(position: PartitionPosition, records: readonly ConsumedRecord[]): Promise<StepResult> {
    return this.step(async () => {
      const result = await applyExactlyOnce(this.pool, position, records, (client, fresh) => {
        this.dirty = true;
        const signals = fresh.flatMap((record) =>
          record.input === undefined ? [] : evaluateInput(this.evaluator, record.input),
        );
        return this.writeStep(
          client,
          this.processor.ingest(signals, this.clock()),
          signals.length,
          fresh.length,
        );
      });
      return result ?? NOTHING;
    });
  }

  /**
   * Does what time makes due: absence and quiet-key signals, group flushes, escalation levels, silence
   * boundaries. Commits only when something was due, so an idle tick costs no transaction.
   */
  tick(): Promise<StepResult> {
    return this.step(async () => {
      const now = this.clock();
      this.dirty = true;
      const signals = this.evaluator.tick(now);
      const due = this.processor.nextDueAt(now);
      if (signals.length === 0 && (due === undefined || due > now)) return NOTHING;
      return this.transact((client) =>
        this.writeStep(client, this.processor.ingest(signals, now), signals.length, 0),
      );
    });
  }

  /** When processing next has something to do by itself; the evaluator's time-driven rules need ticks too. */
  nextDueAt(): number | undefined {
    return this.processor.nextDueAt(this.clock());
  }

  /** Stops the escalation and tells the paged channels. Idempotent; fails for an unknown or resolved alert. */
  acknowledge(fingerprint: string, actor: string, note?: string): Promise<AlertRecord> {
    return this.alertAction(fingerprint, (now) => this.processor.acknowledge(fingerprint, actor, now, note));
  }

  resolve(fingerprint: string, actor: string, note?: string): Promise<AlertRecord> {
    return this.alertAction(fingerprint, (now) => this.processor.resolve(fingerprint, actor, now, note));
  }

  /** Creates a silence; `id` and `startsAt` (now) are filled in when absent. */
  addSilence(input: Record<string, unknown>): Promise<Silence> {
    return this.step(async () => {
      const silence = parseSilence({ id: randomUUID(), startsAt: this.clock(), ...input });
      await this.transact((client, now) =>
        this.writeStep(client, this.processor.addSilence(silence, now), 0, 0),
      );
      return silence;
    });
  }

  /** Ends a silence now; the alerts it muted come back at once. */
  expireSilence(silenceId: string): Promise<Silence> {
    return this.step(async () => {
      if (this.processor.getSilence(silenceId) === undefined) throw new SilenceNotFoundError(silenceId);
      await this.transact((client, now) =>
        this.writeStep(client, this.processor.expireSilence(silenceId, now), 0, 0),
      );
      return this.processor.getSilence(silenceId) as Silence;
    });
  }

  /**
   * Adds or replaces a rule. Replacing resolves the alerts the old definition was firing (evaluation
   * starts afresh). A rule file's rule cannot be changed through the API.
   */
  addRule(input: unknown, source: RuleSource = 'api'): Promise<AlertRule> {
    return this.step(async () => {
      const rule = parseRule(input);
      this.checkReferences(rule);
      if (source === 'api' && this.ruleSources.get(rule.id) === 'file')
        throw new RuleConflictError(rule.id, 'defined in a rule file; change the file instead');
      await this.transact(async (client, now) => {
        const signals = this.evaluator.addRule(rule, now);
        this.processor.setRule(rule);
        await this.ruleStore.upsertRule(client, rule, source);
        this.afterCommit.push(() => this.ruleSources.set(rule.id, source));
        return this.writeStep(client, this.processor.ingest(signals, now), signals.length, 0);
      });
      return rule;
    });
  }

  /** Removes a rule; its firing alerts resolve. */
  removeRule(ruleId: string, source: RuleSource = 'api'): Promise<void> {
    return this.step(async () => {
      const owner = this.ruleSources.get(ruleId);
      if (owner === undefined) throw new RuleNotFoundError(ruleId);
      if (source === 'api' && owner === 'file')
        throw new RuleConflictError(ruleId, 'defined in a rule file; remove it from the file instead');
      await this.transact((client, now) => this.removeRuleIn(client, ruleId, now));
    });
  }

  getRules(): StoredRule[] {
    return this.evaluator
      .getRules()
      .map((rule) => ({ rule, source: this.ruleSources.get(rule.id) ?? 'api' }))
      .sort((a, b) => a.rule.id.localeCompare(b.rule.id));
  }

  getRule(ruleId: string): StoredRule | undefined {
    return this.getRules().find((stored) => stored.rule.id === ruleId);
  }

  /** The processor's current record of an alert (active, or resolved within retainResolved). */
  getAlert(fingerprint: string): AlertRecord | undefined {
    return this.processor.get(fingerprint);
  }

  /** Waits for the step in flight, releases the lock and ends an owned pool. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue.drain();
    if (this.lockClient !== undefined) {
      await this.lockClient.query('SELECT pg_advisory_unlock_all()').catch(() => undefined);
      this.lockClient.release();
      this.lockClient = undefined;
    }
    if (this.ownsPool) await this.pool.end();
  }

  private alertAction(fingerprint: string, act: (now: number) => ProcessorOutput): Promise<AlertRecord> {
    return this.step(async () => {
      if (this.processor.get(fingerprint) === undefined) throw new AlertNotFoundError(fingerprint);
      await this.transact((client, now) => this.writeStep(client, act(now), 0, 0));
      return this.processor.get(fingerprint) as AlertRecord;
    });
  }

  private async removeRuleIn(client: PoolClient, ruleId: string, now: number): Promise<StepResult> {
    const signals: AlertSignal[] = this.evaluator.removeRule(ruleId, now);
    const output = this.processor.ingest(signals, now);
    this.processor.removeRule(ruleId);
    await this.ruleStore.deleteRule(client, ruleId);
    this.afterCommit.push(() => this.ruleSources.delete(ruleId));
    return this.writeStep(client, output, signals.length, 0);
  }

  private checkReferences(rule: AlertRule): void {
    const [problem] = ruleReferenceProblems(rule, this.config);
    if (problem !== undefined)
      throw new AlertingValidationError('alert rule', problem.field, problem.message);
  }

  /**
   * Runs a step alone. Steps change the in-memory state before their transaction commits; when one
   * fails, the state is reloaded from Postgres, which still holds the last committed step.
   */
  private step<T>(run: () => Promise<T>): Promise<T> {
    return this.queue.run(async () => {
      if (this.closed) throw new Error('alert manager is closed');
      this.afterCommit = [];
      this.dirty = false;
      try {
        const result = await run();
        for (const effect of this.afterCommit) effect();
        return result;
      } catch (error) {
        // A step refused before it changed anything (a bad rule, an unknown silence) needs no reload.
        if (!this.dirty) throw error;
        await this.loadState().catch((reloadError: unknown) => {
          this.options.logger?.error({ err: (reloadError as Error).name }, 'reloading alert state failed');
          this.options.onFatal?.(reloadError as Error);
        });
        throw error;
      } finally {
        this.afterCommit = [];
      }
    });
  }

  private async transact(
    work: (client: PoolClient, now: number) => Promise<StepResult>,
  ): Promise<StepResult> {
    this.dirty = true;
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client, this.clock());
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** Writes a processor step and the rule evaluation state it left, inside the step's transaction. */
  private async writeStep(
    client: PoolClient,
    output: ProcessorOutput,
    signals: number,
    records: number,
  ): Promise<StepResult> {
    await this.store.write(client, output);
    const next = new Map(
      Object.entries(this.evaluator.snapshot()).map(([rule, series]) => [rule, canonicalJson(series)]),
    );
    const changed: Record<string, string> = {};
    for (const [rule, json] of next) if (this.persistedEvaluator.get(rule) !== json) changed[rule] = json;
    const removed = [...this.persistedEvaluator.keys()].filter((rule) => !next.has(rule));
    await this.ruleStore.writeEvaluatorState(client, changed, removed);
    const result: StepResult = {
      records,
      signals,
      transitions: output.transitions,
      notifications: output.notifications,
    };
    this.afterCommit.push(() => {
      this.persistedEvaluator = next;
      this.options.onCommit?.(result);
    });
    return result;
  }

  private async acquireLock(): Promise<void> {
    const client = await this.pool.connect();
    client.on('error', (error) => {
      if (!this.closed) this.options.onFatal?.(error);
    });
    const lockName = this.options.lockName ?? 'streamforge.alerting';
    this.options.logger?.info({ lockName }, 'waiting for the alert processing lock');
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [lockName]);
    this.lockClient = client;
  }

  /** Builds processing and evaluation from what Postgres last committed. */
  private async loadState(): Promise<void> {
    const now = this.clock();
    const [state, evaluatorState, stored] = await Promise.all([
      this.store.load(now, this.config.retainResolved),
      this.ruleStore.loadEvaluatorState(),
      this.ruleStore.loadRules(),
    ]);
    const known = new Set(stored.map(({ rule }) => rule.id));
    this.processor = new AlertProcessor(this.config, state);
    this.evaluator = new RuleEvaluator(
      Object.fromEntries(Object.entries(evaluatorState).filter(([rule]) => known.has(rule))),
    );
    // Every stored row counts as persisted, so that rows of rules that are gone get deleted.
    this.persistedEvaluator = new Map(
      Object.entries(evaluatorState).map(([rule, series]) => [rule, canonicalJson(series)]),
    );
    this.ruleSources = new Map(stored.map(({ rule, source }) => [rule.id, source]));
    for (const { rule } of stored) {
      this.evaluator.addRule(rule, now);
      this.processor.setRule(rule);
    }
  }

  /** Makes the stored file rules equal to the files; unchanged rules keep their evaluation state. */
  private async syncFileRules(fileRules: readonly AlertRule[]): Promise<void> {
    for (const rule of fileRules) this.checkReferences(rule);
    const current = new Map(this.evaluator.getRules().map((rule) => [rule.id, canonicalJson(rule)]));
    const wanted = new Set(fileRules.map((rule) => rule.id));
    const gone = [...this.ruleSources].filter(([id, source]) => source === 'file' && !wanted.has(id));
    const changed = fileRules.filter(
      (rule) => this.ruleSources.get(rule.id) !== 'file' || current.get(rule.id) !== canonicalJson(rule),
    );
    if (gone.length === 0 && changed.length === 0) return;
    await this.step(() =>
      this.transact(async (client, now) => {
        const signals: AlertSignal[] = [];
        for (const [ruleId] of gone) signals.push(...this.evaluator.removeRule(ruleId, now));
        for (const rule of changed) {
          signals.push(...this.evaluator.addRule(rule, now));
          this.processor.setRule(rule);
          await this.ruleStore.upsertRule(client, rule, 'file');
          this.afterCommit.push(() => this.ruleSources.set(rule.id, 'file'));
        }
        const output = this.processor.ingest(signals, now);
        for (const [ruleId] of gone) {
          this.processor.removeRule(ruleId);
          await this.ruleStore.deleteRule(client, ruleId);
          this.afterCommit.push(() => this.ruleSources.delete(ruleId));
        }
        this.options.logger?.info(
          { added: changed.map((rule) => rule.id), removed: gone.map(([id]) => id) },
          'rule files applied',
        );
        return this.writeStep(client, output, signals.length, 0);
      }),
    );
  }
}
