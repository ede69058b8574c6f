-- Issue 11: the report never names an individual, so the programme tables keep no individual's
-- name at all (NULL), whether the registry recorded it sealed (version 2) or in clear (version 1).
ALTER TABLE programme_participants ALTER COLUMN name DROP NOT NULL;
UPDATE programme_participants SET name = NULL WHERE kind IN ('household', 'official', 'business_person');
