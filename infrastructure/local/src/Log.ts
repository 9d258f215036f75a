/** Where the launcher reports progress. Progress goes to stderr so that `up --json` keeps stdout clean. */
export type Log = (message: string) => void;

export const stderrLog: Log = (message) => {
  process.stderr.write(`[streamforge] ${message}\n`);
};

export const silentLog: Log = () => undefined;
