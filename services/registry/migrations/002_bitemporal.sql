-- The registry's read model made bitemporal, like the shared facts' tables: every row keeps when
-- it was recorded (recorded_at, the envelope's), and a query known_at K reads only what was
-- recorded at or before K. A unit's versions are kept per stretch of recording time: the rows
-- with known_from <= K < known_to (null = still) are the unit's timeline as known at K.
--
-- The rows written before this migration carry no recording time: the tables are recreated
-- empty and the projection's offsets forgotten, so it replays the topic (retention forever).
DROP TABLE IF EXISTS unit_versions, participants, pilots, pledges, plans, movement_registrations, cluster_info,
    cluster_members;
TRUNCATE unit_events;
DELETE FROM projection_offsets WHERE projection = 'unit_directory';

CREATE TABLE unit_versions (
    code             text NOT NULL,
    known_from       timestamptz NOT NULL,
    known_to         timestamptz,
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
    PRIMARY KEY (code, known_from, valid_from)
);
CREATE INDEX unit_versions_parent ON unit_versions (parent_code, valid_from);
CREATE INDEX unit_versions_name ON unit_versions (name_key);
CREATE INDEX unit_versions_current ON unit_versions (code) WHERE known_to IS NULL;

CREATE TABLE participants (
    code             text PRIMARY KEY,
    kind             text NOT NULL,
    name             text NOT NULL,
    name_key         text NOT NULL,
    parent_code      text,
    address          text,
    effective_from   date NOT NULL,
    document_number  text,
    recorded_at      timestamptz NOT NULL
);
CREATE INDEX participants_parent ON participants (parent_code);

CREATE TABLE pilots (
    level            text NOT NULL,
    unit_code        text NOT NULL,
    designated_by    text NOT NULL,
    effective_from   date NOT NULL,
    document_number  text,
    recorded_at      timestamptz NOT NULL,
    PRIMARY KEY (level, unit_code)
);

CREATE TABLE pledges (
    supporter_code   text NOT NULL,
    supported_code   text NOT NULL,
    effective_from   date NOT NULL,
    document_number  text,
    recorded_at      timestamptz NOT NULL,
    PRIMARY KEY (supporter_code, supported_code)
);

-- Every deadline set for a plan (a later one, by stream version, moves it) and its submission.
CREATE TABLE plan_deadlines (
    plan_code        text NOT NULL,
    stream_version   integer NOT NULL,
    owner_code       text NOT NULL,
    title            text NOT NULL,
    due_date         date NOT NULL,
    recorded_at      timestamptz NOT NULL,
    PRIMARY KEY (plan_code, stream_version)
);

CREATE TABLE plan_submissions (
    plan_code        text PRIMARY KEY,
    owner_code       text NOT NULL,
    submitted_on     date NOT NULL,
    submission_document text,
    recorded_at      timestamptz NOT NULL
);

CREATE TABLE movement_registrations (
    unit_code        text PRIMARY KEY,
    registered_on    date NOT NULL,
    document_number  text,
    recorded_at      timestamptz NOT NULL
);

-- Each formation of a cluster or block (kind, name), and each member list from its date (U2).
CREATE TABLE cluster_info (
    code             text NOT NULL,
    stream_version   integer NOT NULL,
    kind             text NOT NULL,
    name             text NOT NULL,
    recorded_at      timestamptz NOT NULL,
    PRIMARY KEY (code, stream_version)
);

CREATE TABLE cluster_members (
    code             text NOT NULL,
    stream_version   integer NOT NULL,
    effective_from   date NOT NULL,
    member_codes     text[] NOT NULL,
    recorded_at      timestamptz NOT NULL,
    PRIMARY KEY (code, stream_version)
);
