-- Issue 11: an individual participant registered at version 2 has no name in clear: its name and
-- address travel sealed (personal_data, a token only the person's key opens).
ALTER TABLE ntm_participants ALTER COLUMN name DROP NOT NULL,
    ADD COLUMN IF NOT EXISTS personal_data text;
