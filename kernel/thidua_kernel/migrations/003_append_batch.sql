-- Group commit: the appends that queued while the previous batch was in flight go to PostgreSQL in
-- one call and one transaction (one WAL flush, one round trip). Each command runs in its own
-- sub-block, i.e. a savepoint: its version conflict or idempotency race undoes only its own rows
-- and the others commit. The checks are those of thidua_append (002), command by command, in
-- order: a later command of the batch sees the rows of the earlier ones, so two commands at one
-- expected version in one batch still end as one success and one conflict. The unique
-- (stream_id, stream_version) settles races with other processes' transactions, as before.
--
-- Command c owns the streams s_from(c) .. s_upto[c] and the events e_from(c) .. e_upto[c] of the
-- flat arrays, where s_from(c) = s_upto[c - 1] + 1 (likewise for events). Returns one outcome per
-- command: 'ok', 'conflict:<found>:<stream>', 'conflict' (lost a race on the unique index) or
-- 'idempotency-race' (the key was recorded by another command first). The NOTIFY carries the
-- batch's highest position: a relay that already took that row took the whole batch (a snapshot
-- shows all of a transaction or none of it, and the relay reads in position order), so it can
-- tell a wake-up for rows it already has from one for new rows.
CREATE OR REPLACE FUNCTION thidua_append_batch(
    s_streams text[], s_expected integer[], s_upto integer[],
    event_ids uuid[], event_streams text[], versions integer[], types text[],
    recorded timestamptz[], envelopes jsonb[], e_upto integer[],
    idem_keys text[], idem_principals text[], idem_hashes text[], idem_responses jsonb[], idem_at timestamptz
) RETURNS text[] LANGUAGE plpgsql AS $$
DECLARE
    outcomes text[] := '{}';
    outcome text;
    found_version integer;
    s_from integer := 1;
    e_from integer := 1;
    last_position bigint;
    command_last bigint;
BEGIN
    FOR c IN 1 .. coalesce(array_length(s_upto, 1), 0) LOOP
        outcome := 'ok';
        BEGIN
            FOR i IN s_from .. s_upto[c] LOOP
                SELECT coalesce(max(stream_version), 0) INTO found_version
                FROM events WHERE stream_id = s_streams[i];
                IF found_version <> s_expected[i] THEN
                    outcome := 'conflict:' || found_version || ':' || s_streams[i];
                    EXIT;
                END IF;
            END LOOP;
            IF outcome = 'ok' AND idem_keys[c] IS NOT NULL THEN
                INSERT INTO idempotency (key, principal_id, request_hash, response, recorded_at)
                VALUES (idem_keys[c], idem_principals[c], idem_hashes[c], idem_responses[c], idem_at)
                ON CONFLICT (key) DO NOTHING;
                IF NOT FOUND THEN
                    outcome := 'idempotency-race';
                END IF;
            END IF;
            IF outcome = 'ok' AND e_upto[c] >= e_from THEN
                WITH appended AS (
                    INSERT INTO events (event_id, stream_id, stream_version, event_type, recorded_at, envelope)
                    SELECT x.e, x.s, x.v, x.t, x.r, x.env
                    FROM unnest(event_ids[e_from:e_upto[c]], event_streams[e_from:e_upto[c]],
                                versions[e_from:e_upto[c]], types[e_from:e_upto[c]],
                                recorded[e_from:e_upto[c]], envelopes[e_from:e_upto[c]])
                         WITH ORDINALITY AS x(e, s, v, t, r, env, o)
                    ORDER BY x.o
                    RETURNING position
                )
                , boxed AS (INSERT INTO outbox (position) SELECT position FROM appended RETURNING position)
                SELECT max(position) INTO command_last FROM boxed;
                last_position := greatest(last_position, command_last);
            END IF;
        EXCEPTION WHEN unique_violation OR deadlock_detected THEN
            -- Another transaction took one of this command's (stream, version) first, or two
            -- batches waited on each other's rows: this command alone is undone (its savepoint).
            outcome := 'conflict';
        END;
        outcomes := outcomes || outcome;
        s_from := s_upto[c] + 1;
        e_from := e_upto[c] + 1;
    END LOOP;
    IF last_position IS NOT NULL THEN
        PERFORM pg_notify('thidua_outbox', last_position::text);
    END IF;
    RETURN outcomes;
END
$$;
