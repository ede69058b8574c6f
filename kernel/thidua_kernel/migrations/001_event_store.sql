-- The event store of one service, in that service's own schema.
CREATE TABLE IF NOT EXISTS events (
    position        bigint PRIMARY KEY,  -- from events_position_seq (002)
    event_id        uuid NOT NULL UNIQUE,
    stream_id       text NOT NULL,
    stream_version  integer NOT NULL,
    event_type      text NOT NULL,
    recorded_at     timestamptz NOT NULL,
    envelope        jsonb NOT NULL,
    UNIQUE (stream_id, stream_version)
);

-- Events committed but not yet confirmed on Kafka.
CREATE TABLE IF NOT EXISTS outbox (
    position bigint PRIMARY KEY REFERENCES events (position)
);

-- One answer per idempotency key: a retried command gets the same answer and no second event.
CREATE TABLE IF NOT EXISTS idempotency (
    key           text PRIMARY KEY,
    principal_id  text NOT NULL,
    request_hash  text NOT NULL,
    response      jsonb NOT NULL,
    recorded_at   timestamptz NOT NULL
);

-- Kafka offsets of each projection, written in the same transaction as its rows.
CREATE TABLE IF NOT EXISTS projection_offsets (
    projection   text NOT NULL,
    topic        text NOT NULL,
    partition    integer NOT NULL,
    next_offset  bigint NOT NULL,
    PRIMARY KEY (projection, topic, partition)
);
