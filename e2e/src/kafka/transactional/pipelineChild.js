'use strict';
/**
 * The pipeline the crash test kills: copies every input record `n` to the output topic as `out-n`,
 * exactly once, through runTransactional. Plain CommonJS so that it runs under bare node (no ts-node
 * here) against the built @streamforge/kafka. Prints one "batch" line per handler call so the parent
 * knows processing has started; SIGTERM stops it gracefully.
 *
 * Env: BROKERS (comma list), INPUT, OUTPUT, GROUP, PREFIX, BATCH_DELAY_MS, SESSION_TIMEOUT_MS.
 */
const { createKafkaClient, runTransactional } = require('@streamforge/kafka');

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

/** Log lines on stderr, which the crash test keeps in its log file. */
const line = (level) => (fields, message) =>
  process.stderr.write(`${new Date().toISOString()} ${level} ${message} ${JSON.stringify(fields)}\n`);
const logger = { error: line('error'), warn: line('warn'), info: line('info'), debug: () => undefined };

async function main() {
  const kafka = createKafkaClient({ brokers: env('BROKERS').split(','), clientId: 'tx-crash-child', logger });
  const output = env('OUTPUT');
  const delayMs = Number(process.env.BATCH_DELAY_MS ?? '0');
  started = runTransactional({
    kafka,
    groupId: env('GROUP'),
    topics: [env('INPUT')],
    transactionalIdPrefix: env('PREFIX'),
    fromBeginning: true,
    sessionTimeoutMs: Number(env('SESSION_TIMEOUT_MS')),
    logger,
    partitionsConsumedConcurrently: 6,
    handler: async ({ partition, messages }) => {
      const last = messages[messages.length - 1].offset;
      process.stdout.write(`batch ${partition} ${messages[0].offset}..${last} ${messages.length}\n`);
      // Widens the window in which a kill lands inside an open transaction.
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      return [
        {
          topic: output,
          messages: messages.map((m) => ({
            key: m.key,
            value: `out-${String(m.value)}`,
            // Which run wrote a copy, and from which input record: what a duplicate is traced by.
            headers: { writer: `pid ${process.pid} in ${partition}:${m.offset}` },
          })),
        },
      ];
    },
  });
  await started;
  process.stdout.write('ready\n');
}

// Registered before the group join (which can take a session timeout), so that an early SIGTERM is
// not the default kill: the stop waits for the start.
let started;
process.once('SIGTERM', () => {
  Promise.resolve(started)
    .then((runner) => runner && runner.stop())
    .then(
      () => process.exit(0),
      (error) => {
        process.stderr.write(`stop failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
});

main().catch((error) => {
  process.stderr.write(`child failed: ${error && error.stack ? error.stack : String(error)}\n`);
  process.exit(2);
});
