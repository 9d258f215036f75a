import { readFileSync, readdirSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import type { StreamEvent } from '@streamforge/stream';
import { PatternFileError } from '../errors.js';
import type { Pattern } from '../pattern/Pattern.js';
import { patternFromDocument } from './patternFromDocument.js';

export interface LoadPatternOptions {
  /**
   * Parses YAML text. Injected because @streamforge/cep does not depend on a YAML library; the
   * caller passes e.g. `YAML.parse` from the `yaml` package. JSON files need nothing.
   */
  parseYaml?: (text: string) => unknown;
}

/** The folder of built-in detector pattern files shipped with this package. */
export const BUILT_IN_PATTERNS_DIRECTORY = resolve(__dirname, '../../patterns');

const EXTENSIONS = ['.json', '.yaml', '.yml'];

/** Parses and validates one pattern file's text; `source` names it in errors. */
export function parsePatternText(
  text: string,
  format: 'json' | 'yaml',
  source: string,
  options: LoadPatternOptions = {},
): Pattern<StreamEvent> {
  let value: unknown;
  if (format === 'yaml') {
    if (options.parseYaml === undefined)
      throw new PatternFileError(source, '', 'YAML needs a parser: pass options.parseYaml (e.g. YAML.parse)');
    try {
      value = options.parseYaml(text);
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
  return patternFromDocument(value, source);
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
