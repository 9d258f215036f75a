import type { PatternChanges, PatternRegistry } from '@streamforge/cep';
import type { StreamEvent } from '@streamforge/stream';
import type { Logger } from '@streamforge/telemetry';
import { type FSWatcher, watch } from 'node:fs';
import { loadPatterns } from './loadPatterns.js';

export interface PatternFolderWatcherOptions {
  directory: string;
  highValueThreshold: number;
  registry: PatternRegistry<StreamEvent>;
  debounceMs: number;
  logger: Logger;
  onReload?: (result: 'applied' | 'unchanged' | 'rejected', changes?: PatternChanges) => void;
}

/**
 * Reloads the pattern folder when a file in it changes, without a restart. A folder with any bad file
 * is rejected as a whole and the running patterns stay (a half-edited file must not stop detection);
 * otherwise the registry takes the new set and the CEP operator keeps the partial matches of every
 * pattern whose file did not change. Reloads run on the event loop between batches, never inside one.
 */
export class PatternFolderWatcher {
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: PatternFolderWatcherOptions) {}

  start(): void {
    // fs.watch on the folder sees files added, removed, renamed and written (chokidar is not a dependency).
    this.watcher = watch(this.options.directory, { persistent: false }, () => this.schedule());
    this.watcher.on('error', (error) =>
      this.options.logger.error(
        { err: error, directory: this.options.directory },
        'pattern folder watch failed',
      ),
    );
  }

  close(): void {
    clearTimeout(this.timer);
    this.watcher?.close();
  }

  /** Loads the folder now and applies it when it is valid; returns what changed, or undefined if rejected. */
  reload(): PatternChanges | undefined {
    const { directory, highValueThreshold, registry, logger, onReload } = this.options;
    const { files, problems } = loadPatterns(directory, highValueThreshold);
    if (problems.length > 0) {
      for (const problem of problems)
        logger.error({ file: problem.source, field: problem.path }, problem.message);
      logger.error(
        { directory, problems: problems.length },
        'pattern folder rejected; the running patterns stay',
      );
      onReload?.('rejected');
      return undefined;
    }
    const changes = registry.replaceAll(files.map(({ pattern, version }) => ({ pattern, version })));
    const changed = changes.added.length + changes.changed.length + changes.removed.length > 0;
    if (changed) logger.info({ directory, ...changes }, 'patterns reloaded');
    onReload?.(changed ? 'applied' : 'unchanged', changes);
    return changes;
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.reload(), this.options.debounceMs);
    this.timer.unref();
  }
}
