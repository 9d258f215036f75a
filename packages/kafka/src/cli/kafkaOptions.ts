import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import type { Kafka } from 'kafkajs';
import { createKafkaClient } from '../client/createKafkaClient.js';

/** Adds `--brokers`, defaulting to $KAFKA_BROKERS, else the local launcher's broker. */
export function withBrokersOption(command: Command): Command {
  return command.option(
    '-b, --brokers <list>',
    'comma-separated host:port list',
    process.env.KAFKA_BROKERS ?? '127.0.0.1:19092',
  );
}

/** The broker addresses of a `--brokers` value. */
export function parseBrokers(list: string): string[] {
  const brokers = list
    .split(',')
    .map((broker) => broker.trim())
    .filter(Boolean);
  if (brokers.length === 0) throw new InvalidArgumentError('--brokers needs at least one host:port');
  return brokers;
}

export function cliKafkaClient(list: string): Kafka {
  return createKafkaClient({ brokers: parseBrokers(list), clientId: 'streamforge-cli' });
}
