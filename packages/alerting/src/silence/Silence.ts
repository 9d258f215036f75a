import { z } from 'zod';
import { parseWith } from '../internal/parseWith.js';
import type { Muter } from '../mute/Muter.js';
import type { AlertRecord, SuppressionReason } from '../processing/AlertRecord.js';
import { allMatch, isValidMatcher, matcherSchema } from '../rules/Matcher.js';
import { alertMatchLabels } from '../processing/AlertRecord.js';

export const silenceSchema = z
  .object({
    id: z.string().min(1),
    matchers: z.array(matcherSchema.refine(isValidMatcher, 'regex does not compile')).min(1),
    startsAt: z.number().int(),
    endsAt: z.number().int(),
    createdBy: z.string().min(1),
    comment: z.string().default(''),
  })
  .refine((silence) => silence.endsAt > silence.startsAt, {
    path: ['endsAt'],
    message: 'must be after startsAt',
  });

/** Mutes every alert whose labels (and `severity`, `alertname`) match all matchers, between startsAt and endsAt. */
export type Silence = z.output<typeof silenceSchema>;
export type SilenceInput = z.input<typeof silenceSchema>;

export function parseSilence(input: unknown): Silence {
  return parseWith('silence', silenceSchema, input);
}

export function isSilenceActive(silence: Silence, now: number): boolean {
  return silence.startsAt <= now && now < silence.endsAt;
}

/** The Muter for silences: an alert is muted while at least one active silence matches it. */
export class Silencer implements Muter {
  constructor(private readonly silences: () => Iterable<Silence>) {}

  mutedBy(alert: AlertRecord, now: number): SuppressionReason | undefined {
    const labels = alertMatchLabels(alert);
    const ids: string[] = [];
    for (const silence of this.silences()) {
      if (isSilenceActive(silence, now) && allMatch(silence.matchers, labels)) ids.push(silence.id);
    }
    return ids.length > 0 ? { kind: 'silence', silenceIds: ids.sort() } : undefined;
  }
}
