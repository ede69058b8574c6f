-- U3 participants and U6 support pledges as facts (projection "ntm_facts"), keyed by their
-- stream position like the other small tables, so a repeated delivery of an event is a no-op.

-- U3: every registration of a participant other than an administrative unit (aggregate
-- "participant", id = the participant's code).
CREATE TABLE IF NOT EXISTS ntm_participants (
    code             text NOT NULL,
    stream_version   integer NOT NULL,
    recorded_at      timestamptz NOT NULL,
    kind             text NOT NULL,
    name             text NOT NULL,
    parent_code      text,
    address          text,
    effective_from   date NOT NULL,
    document_number  text,
    PRIMARY KEY (code, stream_version)
);

-- U6: every support pledge (aggregate "pledge", id = "<supporter>:<supported>").
CREATE TABLE IF NOT EXISTS ntm_pledges (
    supporter_code   text NOT NULL,
    supported_code   text NOT NULL,
    stream_version   integer NOT NULL,
    recorded_at      timestamptz NOT NULL,
    effective_from   date NOT NULL,
    document_number  text,
    PRIMARY KEY (supporter_code, supported_code, stream_version)
);

-- A schema whose projection already ran has read past the participants and pledges registered
-- so far: the projection replays the topics from offset 0 into empty tables (the appended ones
-- have no key, so they are emptied too rather than written twice). A new schema has nothing to
-- forget. Dead letters stay: a replay finds the same ones again (keyed by offset).
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM projection_offsets WHERE projection = 'ntm_facts') THEN
        TRUNCATE ntm_unit_changes, ntm_clusters, ntm_criteria_sets, ntm_targets, ntm_recognitions,
            ntm_assessments, ntm_participants, ntm_pledges;
        DELETE FROM projection_offsets WHERE projection = 'ntm_facts';
    END IF;
END $$;
