#!/usr/bin/env node
import { Command } from 'commander';
import { dlqCommand } from './commands/dlq.js';
import { lagCommand } from './commands/lag.js';

const program = new Command('streamforge')
  .description('StreamForge operations on a Kafka cluster')
  .addCommand(lagCommand())
  .addCommand(dlqCommand());

program.parseAsync().catch((error: unknown) => {
  process.stderr.write(`streamforge: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
