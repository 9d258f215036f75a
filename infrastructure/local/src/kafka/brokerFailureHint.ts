import { tailFile } from '../internal/tailFile.js';
import { START_MARKER } from './BrokerProcess.js';
import type { BrokerNode } from './ClusterLayout.js';

/**
 * The most telling line a failed broker left behind in this start (both files are appended to across
 * starts, so only lines after the last start marker count): the last ERROR/FATAL line of its log, else
 * the last line of its stdout, where a JVM that cannot even start writes.
 */
export function brokerFailureHint(node: BrokerNode): string {
  const logged = sinceLastStart(tailFile(node.logFile, 400)).filter((line) => / (ERROR|FATAL) /.test(line));
  const printed = sinceLastStart(tailFile(node.stdoutFile, 50));
  const last =
    logged.at(-1) ?? printed.filter((line) => /error|exception/i.test(line)).at(-1) ?? printed.at(-1);
  return last ? `last error: ${last.trim().slice(0, 400)}` : 'nothing logged yet';
}

function sinceLastStart(lines: string[]): string[] {
  for (let index = lines.length - 1; index >= 0; index--) {
    if (lines[index]?.startsWith(START_MARKER)) return lines.slice(index + 1);
  }
  return lines;
}
