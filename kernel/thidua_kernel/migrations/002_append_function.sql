-- Positions come from a sequence: commits run concurrently (PostgreSQL groups their WAL flushes).
-- Per aggregate they still ascend: version n + 1 can only be appended once version n is committed.
CREATE SEQUENCE IF NOT EXISTS events_position_seq OWNED BY events.position;
ALTER TABLE events ALTER COLUMN position SET DEFAULT nextval('events_position_seq');

-- One round trip per command: check the expected versions, record the idempotency key, append the
-- events and their outbox rows. The unique (stream_id, stream_version) settles any race.
CREATE OR REPLACE FUNCTION thidua_append(
    streams text[], expected integer[],
    event_ids uuid[], event_streams text[], versions integer[], types text[],
    recorded timestamptz[], envelopes jsonb[],
    idem_key text, idem_principal text, idem_hash text, idem_response jsonb, idem_at timestamptz
) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    found_version integer;
    n integer := coalesce(array_length(event_ids, 1), 0);
BEGIN
    FOR i IN 1 .. coalesce(array_length(streams, 1), 0) LOOP
        SELECT coalesce(max(stream_version), 0) INTO found_version FROM events WHERE stream_id = streams[i];
        IF found_version <> expected[i] THEN
            RETURN 'conflict:' || found_version || ':' || streams[i];
        END IF;
    END LOOP;
    IF idem_key IS NOT NULL THEN
        INSERT INTO idempotency (key, principal_id, request_hash, response, recorded_at)
        VALUES (idem_key, idem_principal, idem_hash, idem_response, idem_at)
        ON CONFLICT (key) DO NOTHING;
        IF NOT FOUND THEN
            RETURN 'idempotency-race';
        END IF;
    END IF;
    IF n > 0 THEN
        WITH appended AS (
            INSERT INTO events (event_id, stream_id, stream_version, event_type, recorded_at, envelope)
            SELECT x.e, x.s, x.v, x.t, x.r, x.env
            FROM unnest(event_ids, event_streams, versions, types, recorded, envelopes)
                 WITH ORDINALITY AS x(e, s, v, t, r, env, o)
            ORDER BY x.o
            RETURNING position
        )
        INSERT INTO outbox (position) SELECT position FROM appended;
        PERFORM pg_notify('thidua_outbox', '');
    END IF;
    RETURN 'ok';
END
$$;
