-- Traceability (issue 9): one row per event of the registry, progress and awards topics
-- (projection "event_index", reporting/event_index.py): who recorded what, when, under which
-- decision. No payload: the figures come from the fact tables, this index only names the events
-- behind them. Keyed by the event id, so a repeated delivery is a no-op.
CREATE TABLE IF NOT EXISTS event_index (
    event_id           uuid PRIMARY KEY,
    event_type         text NOT NULL,
    aggregate_type     text NOT NULL,
    aggregate_id       text NOT NULL,
    aggregate_version  integer NOT NULL,
    recorded_at        timestamptz NOT NULL,
    occurred_on        date NOT NULL,
    actor_principal    text,
    actor_role         text,
    actor_scope        text,
    document_number    text,
    reason             text,
    correlation_id     uuid
);
-- The facts name their events by stream position (aggregate id + stream version): one probe each.
CREATE INDEX IF NOT EXISTS event_index_stream ON event_index (aggregate_type, aggregate_id, aggregate_version);
