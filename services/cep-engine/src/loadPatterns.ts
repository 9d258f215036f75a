import type { PatternFile } from '@streamforge/cep';
import { HIGH_VALUE_TRANSACTION, PatternFileError, loadPatternFolder } from '@streamforge/cep';

/** The field events.enriched is keyed (and partitioned) by, which the job keys its patterns by. */
export const EVENT_KEY_FIELD = 'userId';

export interface LoadedPatterns {
  files: PatternFile[];
  /** One per bad file: `<file>: <field path>: <problem>`. */
  problems: PatternFileError[];
}

/**
 * The service's pattern folder: every file validated (all problems reported, not just the first),
 * HIGH_VALUE_THRESHOLD applied as the high-value pattern's `threshold` parameter, and each pattern
 * checked to be per user: partial matches live in the state of the input partition that holds the
 * user's events, so a pattern keyed by anything else would need a repartition topic.
 */
export function loadPatterns(directory: string, highValueThreshold: number): LoadedPatterns {
  const folder = loadPatternFolder(directory, {
    parameters: { [HIGH_VALUE_TRANSACTION]: { threshold: highValueThreshold } },
  });
  const problems = [...folder.errors];
  const files: PatternFile[] = [];
  for (const file of folder.files) {
    if (file.pattern.keyField === EVENT_KEY_FIELD) files.push(file);
    else
      problems.push(
        new PatternFileError(
          file.path,
          'keyBy',
          `the cep-engine runs patterns per ${EVENT_KEY_FIELD} (the key of its input topic); ` +
            `'${file.pattern.keyField ?? '(code)'}' would need a repartition topic`,
        ),
      );
  }
  return { files, problems };
}
