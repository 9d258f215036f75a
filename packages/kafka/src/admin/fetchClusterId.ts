import type { Kafka } from 'kafkajs';

/** The cluster's id (KRaft's cluster.id), which tells one cluster's offsets from another's. */
export async function fetchClusterId(kafka: Kafka): Promise<string> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return (await admin.describeCluster()).clusterId;
  } finally {
    await admin.disconnect();
  }
}
