-- The NTM facts (projection "ntm_facts"), in the schema of each service that runs it.
-- Every row is a fact with its effective date, its stream version and the envelope's
-- recorded_at: the tables are append-only and folded at query time, as of a date (as_of) and as
-- known at a time (known_at). Each fact is stored on its own, whatever order the topics deliver
-- them in (a recognition may arrive before its commune's registration).

-- Before this package, awards and reporting each held a copy of this projection with one row
-- per unit and no recorded_at. Where that layout is still there (it alone had
-- unit_dissolutions), its tables are dropped and the projection's offsets forgotten, so the
-- projection replays the topics into the tables below.
DO $$
BEGIN
    IF to_regclass('unit_dissolutions') IS NOT NULL THEN
        DROP TABLE IF EXISTS units, unit_dissolutions, clusters, recognitions, criteria_sets,
            criterion_assessments, targets;
        DELETE FROM projection_offsets WHERE projection = 'ntm_facts';
    END IF;
END $$;

-- U8: every change of a unit (registered / renamed (+ unit_type) / moved / dissolved), keyed by
-- its stream position, so a repeated delivery of an event is a no-op.
CREATE TABLE IF NOT EXISTS ntm_unit_changes (
    code             text NOT NULL,
    stream_version   integer NOT NULL,
    change           text NOT NULL,
    effective_date   date NOT NULL,
    recorded_at      timestamptz NOT NULL,
    level            text,
    unit_type        text,
    name             text,
    parent_code      text,
    successor_code   text,
    successor_codes  jsonb,
    document_number  text,
    PRIMARY KEY (code, stream_version)
);

-- U2: every version of a cluster's member list (kind and name only on ClusterFormed).
CREATE TABLE IF NOT EXISTS ntm_clusters (
    code             text NOT NULL,
    stream_version   integer NOT NULL,
    effective_from   date NOT NULL,
    recorded_at      timestamptz NOT NULL,
    kind             text,
    name             text,
    member_codes     text[] NOT NULL,
    PRIMARY KEY (code, stream_version)
);

-- P2: every publication of a criteria set version.
CREATE TABLE IF NOT EXISTS ntm_criteria_sets (
    set_id           text NOT NULL,
    stream_version   integer NOT NULL,
    recorded_at      timestamptz NOT NULL,
    decision         text NOT NULL,
    effective_from   date NOT NULL,
    criteria         jsonb NOT NULL,
    PRIMARY KEY (set_id, stream_version)
);

-- P5: every target set (the latest per unit and year known at K holds).
CREATE TABLE IF NOT EXISTS ntm_targets (
    unit_code        text NOT NULL,
    year             integer NOT NULL,
    stream_version   integer NOT NULL,
    recorded_at      timestamptz NOT NULL,
    ntm_rate         double precision NOT NULL,
    PRIMARY KEY (unit_code, year, stream_version)
);

-- P4: every recognition and revocation. No unique key: the rebuild writes this table and the
-- next with binary COPY; a repeated row (an event delivered twice) cannot change "the latest",
-- and the history query shows each stream version once.
CREATE TABLE IF NOT EXISTS ntm_recognitions (
    commune_code     text NOT NULL,
    effective_date   date NOT NULL,
    stream_version   integer NOT NULL,
    recorded_at      timestamptz NOT NULL,
    recognised       boolean NOT NULL,
    decision_number  text NOT NULL,
    criteria_set_id  text
);
CREATE INDEX IF NOT EXISTS ntm_recognitions_latest
    ON ntm_recognitions (commune_code, effective_date, stream_version);

-- P3: every assessment. indicator_values is the JSON object as received, kept as text: the
-- server need not parse it on the hot path of a rebuild, and only the views read it.
CREATE TABLE IF NOT EXISTS ntm_assessments (
    commune_code     text NOT NULL,
    criterion        smallint NOT NULL,
    effective_date   date NOT NULL,
    stream_version   integer NOT NULL,
    recorded_at      timestamptz NOT NULL,
    met              boolean NOT NULL,
    criteria_set_id  text NOT NULL,
    evidence         text,
    indicator_values text,
    document_number  text
);
-- The latest per (commune, criterion) at (D, K) is one backward index probe.
CREATE INDEX IF NOT EXISTS ntm_assessments_latest
    ON ntm_assessments (commune_code, criterion, effective_date, stream_version);
