-- A participant's own stream (registered, personal data erased) is about the participant's code,
-- like a unit's (domain/audit_subjects.py, CODED_AGGREGATES): the rows indexed before carry no
-- subject. The new subject goes first, where event_subjects puts a stream's own code, so these
-- rows equal what a rebuild from offset 0 writes.
UPDATE event_index SET subjects = ARRAY['unit:' || aggregate_id] || subjects
WHERE aggregate_type = 'participant' AND NOT ('unit:' || aggregate_id = ANY (subjects));
