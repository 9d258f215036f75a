import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { StreamEvent } from '@streamforge/stream';
import { PatternFileError } from '../errors.js';
import type { Pattern } from '../pattern/Pattern.js';
import { type LoadPatternOptions, PATTERN_FILE_EXTENSIONS, parsePatternText } from './loadPatternFile.js';

/** A pattern loaded from a file, with a version that changes whenever its definition does. */
export interface PatternFile {
  readonly path: string;
  /** Hash of the file's text and the parameter values the loader applied to it. */
  readonly version: string;
  readonly pattern: Pattern<StreamEvent>;
}

/** Every pattern file of a folder that loaded, and one error per file that did not. */
export interface PatternFolder {
  readonly files: PatternFile[];
  readonly errors: PatternFileError[];
}

/**
 * Loads every pattern file of a folder (file-name order) and keeps going past bad ones, so that an
 * operator sees every broken file at once. Unlike `loadPatternDirectory` it never throws: a folder
 * that cannot be read is one error. The versions let a running matcher tell unchanged patterns, whose
 * partial matches it keeps, from changed ones.
 */
export function loadPatternFolder(directory: string, options: LoadPatternOptions = {}): PatternFolder {
  let names: string[];
  try {
    names = readdirSync(directory)
      .filter((name) => PATTERN_FILE_EXTENSIONS.includes(extname(name).toLowerCase()))
      .sort();
  } catch (cause) {
    return {
      files: [],
      errors: [new PatternFileError(directory, '', `cannot read the folder: ${message(cause)}`)],
    };
  }
  const files: PatternFile[] = [];
  const errors: PatternFileError[] = [];
  const byId = new Map<string, string>();
  for (const name of names) {
    const path = join(directory, name);
    try {
      const text = readFileSync(path, 'utf8');
      const format = extname(name).toLowerCase() === '.json' ? 'json' : 'yaml';
      const pattern = parsePatternText(text, format, path, options);
      const other = byId.get(pattern.id);
      if (other !== undefined)
        throw new PatternFileError(path, 'id', `pattern id '${pattern.id}' is also defined in ${other}`);
      byId.set(pattern.id, path);
      const applied = JSON.stringify(options.parameters?.[pattern.id] ?? {});
      const version = createHash('sha256')
        .update(text)
        .update('\0')
        .update(applied)
        .digest('hex')
        .slice(0, 16);
      files.push({ path, version, pattern });
    } catch (error) {
      errors.push(
        error instanceof PatternFileError
          ? error
          : new PatternFileError(path, '', `cannot read: ${message(error)}`),
      );
    }
  }
  return { files, errors };
}

/** Node's fs errors may come from another realm (jest), so instanceof Error is not asked. */
function message(error: unknown): string {
  const text = (error as { message?: unknown } | null)?.message;
  return typeof text === 'string' ? text : String(error);
}
