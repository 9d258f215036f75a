import { readFileSync, readdirSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import type { StreamEvent } from '@streamforge/stream';
import { parse as parseYamlText } from 'yaml';
import { PatternFileError } from '../errors.js';
import type { Pattern } from '../pattern/Pattern.js';
import type { PatternParameters } from './PatternDocument.js';
import { patternFromDocument } from './patternFromDocument.js';

export interface LoadPatternOptions {
  /** Parses YAML text; the `yaml` package's parser by default. */
  parseYaml?: (text: string) => unknown;
  /** Values for the files' declared parameters, by pattern id and parameter name. */
  parameters?: PatternParameters;
}

/** The folder of built-in detector pattern files shipped with this package. */
export const BUILT_IN_PATTERNS_DIRECTORY = resolve(__dirname, '../../patterns');

export const PATTERN_FILE_EXTENSIONS: readonly string[] = ['.json', '.yaml', '.yml'];
const EXTENSIONS = PATTERN_FILE_EXTENSIONS;

/** Parses and validates one pattern file's text; `source` names it in errors. */
export function parsePatternText(
  text: string,
  format: 'json' | 'yaml',
  source: string,
  options: LoadPatternOptions = {},
): Pattern<StreamEvent> {
  let value: unknown;
  if (format === 'yaml') {
    try {
      value = (options.parseYaml ?? ((yaml: string): unknown => parseYamlText(yaml)))(text);
    } catch (cause) {
      throw new PatternFileError(source, '', `not valid YAML: ${(cause as Error).message}`);
    }
  } else {
    try {
      value = JSON.parse(text);
    } catch (cause) {
      throw new PatternFileError(source, '', `not valid JSON: ${(cause as Error).message}`);
    }
  }
  return patternFromDocument(value, source, options.parameters);
}

export function loadPatternFile(path: string, options: LoadPatternOptions = {}): Pattern<StreamEvent> {
  const extension = extname(path).toLowerCase();
  if (!EXTENSIONS.includes(extension))
    throw new PatternFileError(
      path,
      '',
      `unsupported extension '${extension}' (use ${EXTENSIONS.join(', ')})`,
    );
  return parsePatternText(readFileSync(path, 'utf8'), extension === '.json' ? 'json' : 'yaml', path, options);
}

/** Every pattern file in a folder, in file-name order; two files with one pattern id are an error. */
export function loadPatternDirectory(
  directory: string,
  options: LoadPatternOptions = {},
): Pattern<StreamEvent>[] {
  const files = readdirSync(directory)
    .filter((name) => EXTENSIONS.includes(extname(name).toLowerCase()))
    .sort();
  const byId = new Map<string, string>();
  return files.map((name) => {
    const path = join(directory, name);
    const pattern = loadPatternFile(path, options);
    const other = byId.get(pattern.id);
    if (other !== undefined)
      throw new PatternFileError(path, 'id', `pattern id '${pattern.id}' is also defined in ${other}`);
    byId.set(pattern.id, path);
    return pattern;
  });
}
