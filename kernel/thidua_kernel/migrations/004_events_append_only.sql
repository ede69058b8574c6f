-- Events are facts: once recorded, never changed or removed (a correction is a new event).
-- The first guard is privileges: where deploy's provision-db made the service's roles, the
-- `events` table belongs to a role that never logs in and the service's own role holds only
-- SELECT and INSERT on it (see thidua_deploy/pg_roles.py). This trigger is the second guard, for
-- whoever owns the table or is a superuser (a service still run as the superuser, an operator's
-- slip): UPDATE, DELETE and TRUNCATE are refused. Statement triggers: no cost per inserted row.
CREATE OR REPLACE FUNCTION thidua_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'events are append-only: % on %.% refused', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE OR REPLACE TRIGGER events_append_only
    BEFORE UPDATE OR DELETE OR TRUNCATE ON events
    FOR EACH STATEMENT EXECUTE FUNCTION thidua_events_append_only();
