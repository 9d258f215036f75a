import { Command } from 'commander';
import { dlqListCommand } from './dlqList.js';
import { dlqRedriveCommand } from './dlqRedrive.js';

/** `streamforge dlq`: dead letters on `<topic>.dlq`. */
export function dlqCommand(): Command {
  return new Command('dlq')
    .description('list dead letters and re-drive them to their origin topic')
    .addCommand(dlqListCommand())
    .addCommand(dlqRedriveCommand());
}
