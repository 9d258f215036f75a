-- Up Migration

-- An offset means something only within one Kafka cluster. Keyed by the cluster's id, a sink pointed at
-- a new cluster, or at one whose data was wiped, starts that cluster's partitions afresh instead of
-- skipping their records because another cluster's log got further.
ALTER TABLE consumer_offsets ADD COLUMN cluster_id text NOT NULL DEFAULT '';
ALTER TABLE consumer_offsets DROP CONSTRAINT consumer_offsets_pkey;
ALTER TABLE consumer_offsets ADD PRIMARY KEY (cluster_id, consumer_group, topic, partition);
ALTER TABLE consumer_offsets ALTER COLUMN cluster_id DROP DEFAULT;

-- Down Migration

DELETE FROM consumer_offsets WHERE cluster_id <> '';
ALTER TABLE consumer_offsets DROP CONSTRAINT consumer_offsets_pkey;
ALTER TABLE consumer_offsets ADD PRIMARY KEY (consumer_group, topic, partition);
ALTER TABLE consumer_offsets DROP COLUMN cluster_id;
