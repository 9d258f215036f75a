import { PatternMatcher } from '../matcher/PatternMatcher.js';
import type { CepMatch, CepTimeout } from '../matcher/MatcherEvents.js';
import type { Pattern } from '../pattern/Pattern.js';
import type { TestEvent } from './testEvents.js';

/** Runs patterns over events through a PatternMatcher and records everything it emits. */
export class NfaHarness {
  readonly matcher = new PatternMatcher<TestEvent>();
  readonly matches: CepMatch<TestEvent>[] = [];
  readonly timeouts: CepTimeout<TestEvent>[] = [];
  readonly late: TestEvent[] = [];

  constructor(...patterns: Pattern<TestEvent>[]) {
    for (const pattern of patterns) this.matcher.registerPattern(pattern);
    this.matcher.on('match', (match) => this.matches.push(match));
    this.matcher.on('timeout', (timeout) => this.timeouts.push(timeout));
    this.matcher.on('late', ({ event }) => this.late.push(event));
  }

  run(events: readonly TestEvent[], endOfInput = true): this {
    for (const event of events) this.matcher.process(event);
    if (endOfInput) this.matcher.advanceTime(Number.POSITIVE_INFINITY);
    return this;
  }

  /** Matches as "b1 b2 c" strings (type + index within key), in emission order. */
  spelled(): string[] {
    return this.matches.map((match) => spellMatch(match.events));
  }
}

export function spellMatch(events: Readonly<Record<string, readonly TestEvent[]>>): string {
  return Object.values(events)
    .flat()
    .sort((left, right) => left.index - right.index)
    .map((event) => `${event.type}${event.index}`)
    .join(' ');
}

/** "stage:index" pairs like the oracle's signature. */
export function signatureOf(pattern: Pattern<TestEvent>, match: CepMatch<TestEvent>): string {
  return Object.entries(match.events)
    .flatMap(([name, events]) => {
      const stage = pattern.stages.findIndex((candidate) => candidate.name === name);
      return events.map((event) => [stage, event.index] as const);
    })
    .sort((left, right) => left[1] - right[1] || left[0] - right[0])
    .map(([stage, index]) => `${stage}:${index}`)
    .join(',');
}
