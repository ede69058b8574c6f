-- Tamper evidence (README "Tamper evidence", thidua_kernel.chain): every stream is hash-chained.
--
--   hash(v) = SHA-256( prev_hash(v) || UTF-8 of the envelope as PostgreSQL's jsonb text )
--   prev_hash(1) = 32 zero bytes; prev_hash(v) = hash(v - 1) of the same stream
--
-- The envelope holds every field that matters (event id, type, schema version, aggregate type,
-- id and version, business and recording times, actor, reason, document number, correlation and
-- causation ids, producer, payload), and its jsonb text is exactly the body the outbox relay
-- publishes, so a Kafka record's bytes verify as they are. The columns stream_id,
-- stream_version, event_type and recorded_at repeat envelope fields: verify checks they agree.
ALTER TABLE events ADD COLUMN IF NOT EXISTS prev_hash bytea;
ALTER TABLE events ADD COLUMN IF NOT EXISTS hash bytea;

-- History recorded before this migration gets its chains, stream by stream in version order.
-- The append-only trigger (004) is lifted for this one statement's transaction only (the
-- migration runs in one transaction as the table's owner, provision-db).
ALTER TABLE events DISABLE TRIGGER events_append_only;
DO $$
DECLARE
    r record;
    previous_stream text := NULL;
    previous_hash bytea;
    link bytea;
BEGIN
    FOR r IN SELECT position, stream_id, stream_version, envelope::text AS body
             FROM events WHERE hash IS NULL ORDER BY stream_id, stream_version LOOP
        IF r.stream_id IS DISTINCT FROM previous_stream THEN
            previous_hash := '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea;
            previous_stream := r.stream_id;
        END IF;
        link := sha256(previous_hash || convert_to(r.body, 'UTF8'));
        UPDATE events SET prev_hash = previous_hash, hash = link WHERE position = r.position;
        previous_hash := link;
    END LOOP;
END
$$;
ALTER TABLE events ENABLE TRIGGER events_append_only;
ALTER TABLE events ALTER COLUMN prev_hash SET NOT NULL;
ALTER TABLE events ALTER COLUMN hash SET NOT NULL;

-- The hashes of one command's events, in order. Set-based appends stay set-based: only the
-- 32-byte links are computed one by one (in memory, no statement per event), then the INSERT
-- takes them as arrays. The previous hash of an event is that of the event before it in the
-- same command when it is of the same stream, else the stream's head as the version check read
-- it (heads[i] of streams[i]), else the genesis (version 1). Reading the head inside the append
-- (rather than from the handler, which often knows only a cached version) costs no statement:
-- the version check already reads that row, and the unique (stream_id, stream_version) makes a
-- concurrent append of the same version fail, so the chain cannot fork.
CREATE OR REPLACE FUNCTION thidua_chain_hashes(
    streams text[], heads bytea[], event_streams text[], versions integer[], envelopes jsonb[]
) RETURNS bytea[][] LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    prevs bytea[] := '{}';
    links bytea[] := '{}';
    previous bytea;
    n integer := coalesce(array_length(event_streams, 1), 0);
BEGIN
    FOR j IN 1 .. n LOOP
        IF versions[j] = 1 THEN
            previous := '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea;
        ELSIF j > 1 AND event_streams[j - 1] = event_streams[j] AND versions[j - 1] = versions[j] - 1 THEN
            previous := links[j - 1];
        ELSE
            previous := heads[array_position(streams, event_streams[j])];
        END IF;
        prevs := prevs || previous;
        links := links || sha256(previous || convert_to(envelopes[j]::text, 'UTF8'));
    END LOOP;
    RETURN ARRAY[prevs, links];
END
$$;

-- 002's single append has had no caller since group commit (003): dropped rather than left
-- able to write events without their links.
DROP FUNCTION IF EXISTS thidua_append(text[], integer[], uuid[], text[], integer[], text[], timestamptz[], jsonb[],
                                      text, text, text, jsonb, timestamptz);

-- 003's group commit with the chain (see 003 for the batch's shape and outcomes), restated whole:
-- an applied migration never changes, and PL/pgSQL has no way to amend part of a function.
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
    head bytea;
    heads bytea[];
    chained bytea[][];
    s_from integer := 1;
    e_from integer := 1;
    last_position bigint;
    command_last bigint;
BEGIN
    FOR c IN 1 .. coalesce(array_length(s_upto, 1), 0) LOOP
        outcome := 'ok';
        heads := '{}';
        BEGIN
            FOR i IN s_from .. s_upto[c] LOOP
                found_version := NULL;
                head := NULL;
                SELECT stream_version, hash INTO found_version, head FROM events
                WHERE stream_id = s_streams[i] ORDER BY stream_version DESC LIMIT 1;
                IF coalesce(found_version, 0) <> s_expected[i] THEN
                    outcome := 'conflict:' || coalesce(found_version, 0) || ':' || s_streams[i];
                    EXIT;
                END IF;
                heads := heads || head;
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
                chained := thidua_chain_hashes(s_streams[s_from:s_upto[c]], heads,
                                               event_streams[e_from:e_upto[c]], versions[e_from:e_upto[c]],
                                               envelopes[e_from:e_upto[c]]);
                WITH appended AS (
                    INSERT INTO events (event_id, stream_id, stream_version, event_type, recorded_at, envelope,
                                        prev_hash, hash)
                    SELECT x.e, x.s, x.v, x.t, x.r, x.env, chained[1][x.o], chained[2][x.o]
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

-- Seals (thidua_kernel.seals): the heads of the streams changed since the previous seal, signed.
-- `body` is the exact signed text (canonical JSON); the table and the service's seals topic hold
-- the same seals. `published`: copied to the topic (a crash between copy and mark copies again;
-- verify reads a seal number once).
CREATE TABLE IF NOT EXISTS seals (
    seal_number    bigint PRIMARY KEY,
    to_position    bigint NOT NULL,
    sealed_at      timestamptz NOT NULL,
    body           text NOT NULL,
    signature      bytea NOT NULL,
    published      boolean NOT NULL DEFAULT false
);

-- The last sealed head of each stream: the next seal takes only streams that moved past it.
CREATE TABLE IF NOT EXISTS sealed_heads (
    stream_id  text PRIMARY KEY,
    version    integer NOT NULL,
    hash       bytea NOT NULL
);
