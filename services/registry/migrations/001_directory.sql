-- The registry's read model of its own topic: units and clusters as of any date.
CREATE TABLE IF NOT EXISTS units (
    code            text PRIMARY KEY,
    level           text NOT NULL,
    unit_type       text NOT NULL,
    name            text NOT NULL,
    name_key        text NOT NULL,
    parent_code     text,
    latitude        double precision,
    longitude       double precision,
    effective_from  date NOT NULL,
    effective_to    date,
    successor_code  text,
    source          text NOT NULL
);
CREATE INDEX IF NOT EXISTS units_parent ON units (parent_code);

CREATE TABLE IF NOT EXISTS clusters (
    code            text PRIMARY KEY,
    kind            text NOT NULL,
    name            text NOT NULL,
    member_codes    text[] NOT NULL,
    effective_from  date NOT NULL
);
