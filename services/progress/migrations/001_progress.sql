-- Units: see 003 (the shared NTM facts of thidua_facts).

-- The service's own topic (PROGRESS_EVENTS → projections.ProgressView), for queries.
CREATE TABLE IF NOT EXISTS criteria_sets (
    set_id          text PRIMARY KEY,
    decision        text NOT NULL,
    decision_date   date,
    effective_from  date NOT NULL,
    title_vi        text,
    title_en        text,
    criteria        jsonb NOT NULL,
    first_published_at timestamptz NOT NULL  -- breaks ties of effective_from (P2): later wins
);

CREATE TABLE IF NOT EXISTS assessments (
    event_id          uuid PRIMARY KEY,
    commune_code      text NOT NULL,
    district_code     text NOT NULL,
    criteria_set_id   text NOT NULL,
    criterion         integer NOT NULL,
    met               boolean NOT NULL,
    indicator_values  jsonb NOT NULL,
    evidence          text,
    document_number   text,
    effective_date    date NOT NULL,
    recorded_at       timestamptz NOT NULL,
    aggregate_version integer NOT NULL
);
CREATE INDEX IF NOT EXISTS assessments_commune
    ON assessments (commune_code, criteria_set_id, criterion, effective_date);

-- Recognitions (recognised = true) and revocations (false), both with their decision (P4).
CREATE TABLE IF NOT EXISTS standings (
    event_id          uuid PRIMARY KEY,
    commune_code      text NOT NULL,
    district_code     text NOT NULL,
    recognised        boolean NOT NULL,
    decision_number   text NOT NULL,
    criteria_set_id   text,
    effective_date    date NOT NULL,
    recorded_at       timestamptz NOT NULL,
    aggregate_version integer NOT NULL
);
CREATE INDEX IF NOT EXISTS standings_commune ON standings (commune_code, effective_date);

CREATE TABLE IF NOT EXISTS targets (
    unit_code    text NOT NULL,
    year         integer NOT NULL,
    ntm_rate     double precision NOT NULL,
    recorded_at  timestamptz NOT NULL,
    PRIMARY KEY (unit_code, year)
);
