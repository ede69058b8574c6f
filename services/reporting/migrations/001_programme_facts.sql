-- The programme facts (projection "programme_facts"): how units take part in the movement, from
-- the registry's topic (U3-U7, A4). Like the NTM facts (facts/README.md), every row is one event
-- with its stream version and the envelope's recorded_at, never an update: a question asked as of
-- a date (as_of) and as known at a time (known_at) reads only rows recorded by known_at, and any
-- split or order of deliveries writes the same rows. The key is the event's stream position, so a
-- repeated delivery (the relay publishes at least once) is a no-op.

-- U3: participants other than administrative units (departments, subordinate units, ...).
CREATE TABLE IF NOT EXISTS programme_participants (
    code             text NOT NULL,
    stream_version   integer NOT NULL,
    recorded_at      timestamptz NOT NULL,
    kind             text NOT NULL,
    name             text NOT NULL,
    parent_code      text,
    effective_from   date NOT NULL,
    PRIMARY KEY (code, stream_version)
);

-- U4/U5: pilots of the province (districts, xã) and of a district (its own xã).
CREATE TABLE IF NOT EXISTS programme_pilots (
    level            text NOT NULL,
    unit_code        text NOT NULL,
    stream_version   integer NOT NULL,
    recorded_at      timestamptz NOT NULL,
    designated_by    text NOT NULL,
    effective_from   date NOT NULL,
    document_number  text,
    PRIMARY KEY (level, unit_code, stream_version)
);

-- U6: a department supports a district; a subordinate unit a commune (xã, thị trấn).
CREATE TABLE IF NOT EXISTS programme_pledges (
    supporter_code   text NOT NULL,
    supported_code   text NOT NULL,
    stream_version   integer NOT NULL,
    recorded_at      timestamptz NOT NULL,
    effective_from   date NOT NULL,
    document_number  text,
    PRIMARY KEY (supporter_code, supported_code, stream_version)
);

-- U7: every deadline set for a plan (a later one moves it) ...
CREATE TABLE IF NOT EXISTS programme_plan_deadlines (
    plan_code        text NOT NULL,
    stream_version   integer NOT NULL,
    recorded_at      timestamptz NOT NULL,
    owner_code       text NOT NULL,
    title            text NOT NULL,
    due_date         date NOT NULL,
    PRIMARY KEY (plan_code, stream_version)
);

-- ... and its submission (the date it came, the document it came as).
CREATE TABLE IF NOT EXISTS programme_plan_submissions (
    plan_code        text NOT NULL,
    stream_version   integer NOT NULL,
    recorded_at      timestamptz NOT NULL,
    owner_code       text NOT NULL,
    submitted_on     date NOT NULL,
    document_number  text NOT NULL,
    PRIMARY KEY (plan_code, stream_version)
);

-- A4/R5: a unit or participant registered with the movement on a date.
CREATE TABLE IF NOT EXISTS programme_movement_registrations (
    unit_code        text NOT NULL,
    stream_version   integer NOT NULL,
    recorded_at      timestamptz NOT NULL,
    registered_on    date NOT NULL,
    document_number  text,
    PRIMARY KEY (unit_code, stream_version)
);
