import type { KeyedProcessFunction, OnTimerContext } from '../datastream/KeyedProcessFunction.js';
import type { OutputTag } from '../datastream/OutputTag.js';
import { StreamDefinitionError } from '../errors.js';
import { TimerQueue, timerId } from '../internal/TimerQueue.js';
import { createStateHandle } from '../state/createStateHandle.js';
import type { KeyScope } from '../state/createStateHandle.js';
import type { StateHandle } from '../state/KeyedState.js';
import type { StateTable } from '../state/StateBackend.js';
import type { StateDescriptor } from '../state/StateDescriptor.js';
import type { OperatorContext } from './Operator.js';
import { OperatorBase } from './OperatorBase.js';
import { ProgressStore } from './ProgressStore.js';

type TimeDomain = 'event-time' | 'processing-time';

/** Timers of one time domain: in a queue to fire them in order, and in state to survive a restore. */
class PersistentTimers {
  readonly queue = new TimerQueue();

  constructor(readonly table: StateTable) {}

  add(time: number, key: string): void {
    if (!Number.isFinite(time)) throw new RangeError(`a timer needs a finite time, got ${time}`);
    if (this.queue.add(time, key)) this.table.put(timerId(time, key), [time, key]);
  }

  delete(time: number, key: string): void {
    if (this.queue.delete(time, key)) this.table.delete(timerId(time, key));
  }

  popDue(time: number): { time: number; key: string } | undefined {
    const timer = this.queue.popDue(time);
    if (timer) this.table.delete(timerId(timer.time, timer.key));
    return timer;
  }

  restore(): void {
    for (const entry of this.table.keys()) {
      const [time, key] = this.table.get(entry) as [number, string];
      this.queue.add(time, key);
    }
  }
}

/** Runs a KeyedProcessFunction: sets the current key, hands out its state, fires its timers. */
export class KeyedProcessOperator extends OperatorBase implements KeyScope {
  currentKey = '';
  private timestamp = 0;
  private timeDomain: TimeDomain = 'event-time';
  private readonly eventTimers: PersistentTimers;
  private readonly processingTimers: PersistentTimers;
  private readonly handles = new Map<StateDescriptor, unknown>();
  private readonly descriptorsByName = new Map<string, StateDescriptor>();
  private readonly progress: ProgressStore;
  private readonly ctx: OnTimerContext<string, unknown>;

  constructor(
    id: string,
    context: OperatorContext,
    private readonly keyOf: (value: unknown) => string,
    private readonly fn: KeyedProcessFunction<unknown, string, unknown>,
  ) {
    super(id, context);
    this.eventTimers = new PersistentTimers(context.backend.table(`${id}/timers/event`));
    this.processingTimers = new PersistentTimers(context.backend.table(`${id}/timers/processing`));
    this.progress = new ProgressStore(context.backend, id);
    this.ctx = this.createContext();
  }

  get now(): number {
    return this.context.clock.now;
  }

  processElement(_input: number, value: unknown, timestamp: number): void {
    this.currentKey = this.keyOf(value);
    this.timestamp = timestamp;
    this.fn.processElement(value, this.ctx);
  }

  override onProcessingTime(now: number): void {
    this.fire(this.processingTimers, now, 'processing-time');
  }

  override persistProgress(): void {
    this.progress.save(this.watermark);
  }

  override restore(): void {
    this.resumeAt(this.progress.load());
    this.eventTimers.restore();
    this.processingTimers.restore();
  }

  protected override onWatermark(watermark: number): void {
    this.fire(this.eventTimers, watermark, 'event-time');
  }

  /** Fires due timers one at a time, so that timers set while firing are fired too when due. */
  private fire(timers: PersistentTimers, upTo: number, domain: TimeDomain): void {
    const onTimer = this.fn.onTimer;
    for (let timer = timers.popDue(upTo); timer; timer = timers.popDue(upTo)) {
      if (!onTimer) continue;
      this.currentKey = timer.key;
      this.timestamp = timer.time;
      this.timeDomain = domain;
      onTimer(timer.time, this.ctx);
    }
  }

  private stateHandle(descriptor: StateDescriptor): unknown {
    let handle = this.handles.get(descriptor);
    if (handle) return handle;
    const known = this.descriptorsByName.get(descriptor.name);
    if (known && known !== descriptor) {
      throw new StreamDefinitionError(
        `operator ${this.id} uses two state descriptors named "${descriptor.name}"`,
      );
    }
    handle = createStateHandle(descriptor, this.context.backend, `${this.id}/s`, this);
    this.handles.set(descriptor, handle);
    this.descriptorsByName.set(descriptor.name, descriptor);
    return handle;
  }

  private createContext(): OnTimerContext<string, unknown> {
    // One context object for every call; its getters read the operator's current key and time.
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const operator = this;
    const { output } = this.context;
    return {
      get key() {
        return operator.currentKey;
      },
      get timestamp() {
        return operator.timestamp;
      },
      get watermark() {
        return operator.watermark;
      },
      get processingTime() {
        return operator.now;
      },
      get timeDomain() {
        return operator.timeDomain;
      },
      state: <D extends StateDescriptor>(descriptor: D) => operator.stateHandle(descriptor) as StateHandle<D>,
      emit: (value, timestamp) => output.emit(value, timestamp ?? operator.timestamp),
      output: <S>(tag: OutputTag<S>, value: S, timestamp?: number) =>
        output.emitTo(tag.id, value, timestamp ?? operator.timestamp),
      registerEventTimeTimer: (time) => operator.eventTimers.add(time, operator.currentKey),
      deleteEventTimeTimer: (time) => operator.eventTimers.delete(time, operator.currentKey),
      registerProcessingTimeTimer: (time) => operator.processingTimers.add(time, operator.currentKey),
      deleteProcessingTimeTimer: (time) => operator.processingTimers.delete(time, operator.currentKey),
    };
  }
}
