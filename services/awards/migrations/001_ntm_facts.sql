-- Awards' own copy of the facts its rankings need, from the registry and progress topics.
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
