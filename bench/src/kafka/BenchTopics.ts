import { randomBytes } from 'node:crypto';
import { createKafkaClient } from '@streamforge/kafka';
import type { Admin } from 'kafkajs';

/**
 * The benchmark's own topics and groups: named `bench-<random>-…` so that runs on a shared broker never
 * meet, created fresh per workload (3 partitions, replication factor 1) and deleted at the end. Only
 * what this instance created is ever deleted.
 */
export class BenchTopics {
  readonly prefix = `bench-${randomBytes(3).toString('hex')}`;
  private readonly admin: Admin;
  private readonly topics: string[] = [];
  private readonly groups: string[] = [];
  private connected = false;

  constructor(
    brokers: readonly string[],
    private readonly partitions = 3,
  ) {
    this.admin = createKafkaClient({ brokers, clientId: 'streamforge-bench-admin' }).admin();
  }

  async connect(): Promise<void> {
    await this.admin.connect();
    this.connected = true;
  }

  async brokerCount(): Promise<number> {
    return (await this.admin.describeCluster()).brokers.length;
  }

  async create(name: string): Promise<string> {
    const topic = `${this.prefix}-${name}`;
    await this.admin.createTopics({
      topics: [{ topic, numPartitions: this.partitions, replicationFactor: 1 }],
      waitForLeaders: true,
    });
    this.topics.push(topic);
    return topic;
  }

  /** A consumer group name of ours, deleted at the end with the topics. */
  group(name: string): string {
    const group = `${this.prefix}-${name}`;
    this.groups.push(group);
    return group;
  }

  /** Records in the topic: the sum of its partitions' end offsets (nothing is ever deleted from them). */
  async recordCount(topic: string): Promise<number> {
    const offsets = await this.admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, partition) => sum + Number(partition.high), 0);
  }

  /** Deletes every topic and group this instance created; reports rather than throws. */
  async deleteAll(log: (line: string) => void): Promise<void> {
    if (!this.connected) return;
    const groups = this.groups.splice(0);
    if (groups.length > 0) {
      await this.admin.deleteGroups(groups).catch((error: Error) => {
        log(`could not delete consumer groups ${this.prefix}-*: ${error.message}`);
      });
    }
    const topics = this.topics.splice(0);
    if (topics.length > 0) {
      await this.admin.deleteTopics({ topics, timeout: 30_000 }).then(
        () => log(`deleted ${topics.length} topics ${this.prefix}-*`),
        (error: Error) => log(`could not delete topics ${topics.join(', ')}: ${error.message}`),
      );
    }
    await this.admin.disconnect();
    this.connected = false;
  }
}
