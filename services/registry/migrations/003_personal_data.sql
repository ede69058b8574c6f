-- Issue 11: personal data of individuals sealed with a key per person (crypto-shredding).
--
-- personal_keys stands in for a KMS: one AES-256 key per individual participant, created when the
-- registry registers the person, overwritten with NULL when the person's data is erased (the row
-- stays as a tombstone so the key is never made again). Not a projection: a rebuild never touches
-- it, and it is never published. awards may read it (to unseal the names of individual nominees it
-- shows), when its role exists on this server.
CREATE TABLE IF NOT EXISTS personal_keys (
    owner_code    text PRIMARY KEY,
    key_id        text NOT NULL UNIQUE,
    key           bytea,
    created_at    timestamptz NOT NULL DEFAULT now(),
    destroyed_at  timestamptz,
    CHECK ((key IS NULL) = (destroyed_at IS NOT NULL))
);

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'thidua_awards') AND current_user <> 'thidua_awards' THEN
        GRANT SELECT ON personal_keys TO thidua_awards;
    END IF;
END $$;

-- The participants projection keeps an individual's name and address only as the event's sealed
-- token (name, name_key and address NULL). Erased persons are a table of their own, keyed by code,
-- so the order in which a batch applies its statements cannot matter.
ALTER TABLE participants ALTER COLUMN name DROP NOT NULL, ALTER COLUMN name_key DROP NOT NULL,
    ADD COLUMN IF NOT EXISTS personal_data text;
CREATE TABLE IF NOT EXISTS erased_participants (
    code         text PRIMARY KEY,
    recorded_at  timestamptz NOT NULL
);
