-- Reference data of the criteria sets and communes' plans (PROGRESS_EVENTS →
-- reference_projection.ReferenceProjection). Every table is append-only, one row per event:
-- queries pick the latest row recorded at or before `known_at`, so an old answer can be
-- reproduced exactly (and a replayed event is harmless).
CREATE TABLE IF NOT EXISTS criteria_set_publications (
    event_id          uuid PRIMARY KEY,
    set_id            text NOT NULL,
    aggregate_version integer NOT NULL,
    recorded_at       timestamptz NOT NULL,
    content           jsonb NOT NULL  -- the CriteriaSetPublished payload
);
CREATE INDEX IF NOT EXISTS criteria_set_publications_set ON criteria_set_publications (set_id, aggregate_version);

-- Thresholds entered after publication (ThresholdSet, P2), laid over the published ones.
CREATE TABLE IF NOT EXISTS threshold_entries (
    event_id          uuid PRIMARY KEY,
    set_id            text NOT NULL,
    aggregate_version integer NOT NULL,
    recorded_at       timestamptz NOT NULL,
    criterion         integer NOT NULL,
    indicator         text NOT NULL,
    region            text NOT NULL,
    year              integer,
    comparison        text NOT NULL,
    value             double precision NOT NULL,
    unit              text
);
CREATE INDEX IF NOT EXISTS threshold_entries_set ON threshold_entries (set_id, aggregate_version);

CREATE TABLE IF NOT EXISTS region_declarations (
    event_id          uuid PRIMARY KEY,
    province_code     text NOT NULL,
    region            text NOT NULL,
    effective_from    date,  -- NULL: since the first criteria set
    aggregate_version integer NOT NULL,
    recorded_at       timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS region_declarations_province ON region_declarations (province_code, aggregate_version);

-- Communes' plans (P6), one row per recording; a later recording of a period revises it.
CREATE TABLE IF NOT EXISTS commune_plans (
    event_id          uuid PRIMARY KEY,
    plan_id           text NOT NULL,
    commune_code      text NOT NULL,
    district_code     text NOT NULL,
    period            text NOT NULL,
    period_start      integer NOT NULL,
    period_end        integer NOT NULL,
    content_areas     integer[] NOT NULL,
    criteria          integer[] NOT NULL,
    document_number   text NOT NULL,
    approved_on       date,
    aggregate_version integer NOT NULL,
    recorded_at       timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS commune_plans_commune ON commune_plans (commune_code, period, aggregate_version);
