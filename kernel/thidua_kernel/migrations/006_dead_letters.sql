-- Records a projection could not apply (projection.py, dead_letters.py): written in the same
-- transaction as the projection's rows and offsets, so the projection commits past them and a
-- replay of the log finds the same ones. `published`: copied to the service's dead-letter topic;
-- `replayed_at`: applied by an operator's replay after a fix (once: a replayed letter is done).
CREATE TABLE IF NOT EXISTS dead_letters (
    projection     text NOT NULL,
    topic          text NOT NULL,
    partition      integer NOT NULL,
    record_offset  bigint NOT NULL,
    reason         text NOT NULL,
    error          text NOT NULL,
    record_key     bytea,
    record_value   bytea,
    recorded_at    timestamptz NOT NULL,
    published      boolean NOT NULL DEFAULT false,
    replayed_at    timestamptz,
    replay_error   text,
    PRIMARY KEY (projection, topic, partition, record_offset)
);
