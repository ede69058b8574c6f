-- The registry's read model of its own topic: every table answers "as of a date" (U8).

-- The first read model kept one row per unit (no history). Where it still exists, it is dropped
-- and the projection's offsets forgotten, so the projection replays the topic into the tables below.
DO $$
BEGIN
    IF to_regclass('units') IS NOT NULL THEN
        DROP TABLE units;
        DROP TABLE IF EXISTS clusters;
        DELETE FROM projection_offsets WHERE projection = 'unit_directory';
    END IF;
END $$;

-- Every unit event as received (the fold's input): a unit's versions are recomputed from these,
-- so events may arrive in any order and a late correction (a 2019 merger entered in 2024) still
-- lands in the right place.
CREATE TABLE IF NOT EXISTS unit_events (
    event_id         uuid PRIMARY KEY,
    code             text NOT NULL,
    stream_version   integer NOT NULL,
    event_type       text NOT NULL,
    payload          jsonb NOT NULL,
    document_number  text,
    recorded_at      timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS unit_events_code ON unit_events (code);

-- One row per version of a unit: valid from valid_from (inclusive) to valid_to (exclusive, null = open).
CREATE TABLE IF NOT EXISTS unit_versions (
    code             text NOT NULL,
    valid_from       date NOT NULL,
    valid_to         date,
    level            text NOT NULL,
    unit_type        text NOT NULL,
    name             text NOT NULL,
    name_key         text NOT NULL,
    parent_code      text,
    latitude         double precision,
    longitude        double precision,
    effective_from   date NOT NULL,
    effective_to     date,
    successor_code   text,
    successor_codes  text[] NOT NULL DEFAULT '{}',
    source           text NOT NULL,
    document_number  text,
    PRIMARY KEY (code, valid_from)
);
CREATE INDEX IF NOT EXISTS unit_versions_parent ON unit_versions (parent_code, valid_from);
CREATE INDEX IF NOT EXISTS unit_versions_name ON unit_versions (name_key);

CREATE TABLE IF NOT EXISTS participants (
    code             text PRIMARY KEY,
    kind             text NOT NULL,
    name             text NOT NULL,
    name_key         text NOT NULL,
    parent_code      text,
    address          text,
    effective_from   date NOT NULL,
    document_number  text
);
CREATE INDEX IF NOT EXISTS participants_parent ON participants (parent_code);

CREATE TABLE IF NOT EXISTS pilots (
    level            text NOT NULL,
    unit_code        text NOT NULL,
    designated_by    text NOT NULL,
    effective_from   date NOT NULL,
    document_number  text,
    PRIMARY KEY (level, unit_code)
);

CREATE TABLE IF NOT EXISTS pledges (
    supporter_code   text NOT NULL,
    supported_code   text NOT NULL,
    effective_from   date NOT NULL,
    document_number  text,
    PRIMARY KEY (supporter_code, supported_code)
);

-- A plan's deadline (latest PlanDue by stream version) and its submission.
CREATE TABLE IF NOT EXISTS plans (
    plan_code        text PRIMARY KEY,
    owner_code       text NOT NULL,
    title            text,
    due_date         date,
    due_version      integer NOT NULL DEFAULT 0,
    submitted_on     date,
    submission_document text
);

CREATE TABLE IF NOT EXISTS movement_registrations (
    unit_code        text PRIMARY KEY,
    registered_on    date NOT NULL,
    document_number  text
);

CREATE TABLE IF NOT EXISTS cluster_info (
    code             text PRIMARY KEY,
    kind             text NOT NULL,
    name             text NOT NULL
);

-- The full member list of a cluster or block from each date on (U2).
CREATE TABLE IF NOT EXISTS cluster_members (
    code             text NOT NULL,
    effective_from   date NOT NULL,
    member_codes     text[] NOT NULL,
    stream_version   integer NOT NULL,
    PRIMARY KEY (code, effective_from)
);
