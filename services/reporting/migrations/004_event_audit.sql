-- The audit trail (issue 11, reporting/audit_*.py): the event index also keeps each event's
-- causation id, its producer (the service that recorded it) and the subjects it is about, taken from its payload
-- (reporting/domain/audit_subjects.py): "unit:<code>", "criterion:<commune>/<n>" (and
-- "criterion:<commune>/*" for a recognition or revocation, which decides on all 19),
-- "nomination:<round>/<award kind>/<nominee>", "report:<number>|<period>|<period>/<unit>".
ALTER TABLE event_index ADD COLUMN IF NOT EXISTS causation_id uuid;
ALTER TABLE event_index ADD COLUMN IF NOT EXISTS producer text;
ALTER TABLE event_index ADD COLUMN IF NOT EXISTS subjects text[] NOT NULL DEFAULT '{}';
-- Rows indexed before this migration have no subjects: the index is emptied and replays from
-- offset 0 (its offsets forgotten), as a rebuild would, so every row has them.
TRUNCATE event_index;
DELETE FROM projection_offsets WHERE projection = 'event_index';
CREATE INDEX IF NOT EXISTS event_index_subjects ON event_index USING gin (subjects);
CREATE INDEX IF NOT EXISTS event_index_correlation ON event_index (correlation_id);
