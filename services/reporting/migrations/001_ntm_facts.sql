-- Reporting's own copy of the facts it reports on, from the registry and progress topics.
-- Each fact is stored on its own, whatever order the topics deliver them in, and the tables
-- are joined at query time (a recognition may arrive before its commune's registration).

CREATE TABLE IF NOT EXISTS units (
    code            text PRIMARY KEY,
    level           text NOT NULL,
    unit_type       text NOT NULL,
    name            text NOT NULL,
    parent_code     text,
    effective_from  date NOT NULL
);

-- Kept apart from `units` so a dissolution never needs its registration to have arrived first.
CREATE TABLE IF NOT EXISTS unit_dissolutions (
    code            text PRIMARY KEY,
    effective_to    date NOT NULL,
    successor_code  text
);

-- Every version of a cluster: the one in force at a date is the latest effective_from <= date.
CREATE TABLE IF NOT EXISTS clusters (
    code            text NOT NULL,
    effective_from  date NOT NULL,
    kind            text NOT NULL,
    name            text NOT NULL,
    member_codes    text[] NOT NULL,
    PRIMARY KEY (code, effective_from)
);

-- Every recognition and revocation (P4), never overwritten: "recognised at D" is decided at
-- query time from the facts effective on or before D.
CREATE TABLE IF NOT EXISTS recognitions (
    commune_code     text NOT NULL,
    effective_date   date NOT NULL,
    stream_version   integer NOT NULL,
    recognised       boolean NOT NULL,
    decision_number  text NOT NULL
);
CREATE INDEX IF NOT EXISTS recognitions_by_date ON recognitions (effective_date);

CREATE TABLE IF NOT EXISTS criteria_sets (
    set_id          text PRIMARY KEY,
    decision        text NOT NULL,
    effective_from  date NOT NULL,
    criteria        jsonb NOT NULL
);

-- Every assessment (P3), append-only; the latest per (commune, criterion) at D is read with
-- the index below. No unique key: the rebuild writes this table with COPY, and a repeated row
-- could not change "the latest assessment" anyway.
CREATE TABLE IF NOT EXISTS criterion_assessments (
    commune_code     text NOT NULL,
    criterion        smallint NOT NULL,
    effective_date   date NOT NULL,
    stream_version   integer NOT NULL,
    met              boolean NOT NULL,
    criteria_set_id  text NOT NULL
);
CREATE INDEX IF NOT EXISTS criterion_assessments_latest
    ON criterion_assessments (commune_code, criterion, effective_date, stream_version);

CREATE TABLE IF NOT EXISTS targets (
    unit_code  text NOT NULL,
    year       integer NOT NULL,
    ntm_rate   double precision NOT NULL,
    PRIMARY KEY (unit_code, year)
);
