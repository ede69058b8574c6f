-- The award facts (projection "award_facts"): rounds and the steps of their nominations, from the
-- awards topic (A8-A11), for the consolidated report's nominations and awards (R2). As the
-- programme facts: one row per event, keyed by its stream position (the round's stream, aggregate
-- `award_round`), with the envelope's recorded_at and the day the step says it happened, never
-- updated; a repeated delivery is a no-op. Read as of a day (the step's day) and as known at a
-- time (recorded_at), so a report asked again with an old known_at gives the same answer.

-- A8-A10: a round as defined (a later RoundDefined replaces the definition).
CREATE TABLE IF NOT EXISTS award_rounds (
    round_code        text NOT NULL,
    stream_version    integer NOT NULL,
    recorded_at       timestamptz NOT NULL,
    province_code     text NOT NULL,
    title_vi          text NOT NULL,
    title_en          text NOT NULL,
    kind              text NOT NULL,
    period_from       integer NOT NULL,
    period_to         integer NOT NULL,
    nominations_open  date NOT NULL,
    nominations_due   date NOT NULL,
    award_kinds       jsonb NOT NULL,   -- [{code, name_vi, name_en, level}] in the round's order
    document_number   text,
    PRIMARY KEY (round_code, stream_version)
);

-- A11: every step of a nomination (submitted, withdrawn, received, reviewed, decided, conferred)
-- with its day. The nominee's name is kept for units and organisations only: an individual's
-- (official, business person, household) is personal data that a report sent up does not carry.
CREATE TABLE IF NOT EXISTS award_nomination_steps (
    round_code        text NOT NULL,
    stream_version    integer NOT NULL,
    recorded_at       timestamptz NOT NULL,
    nomination_id     text NOT NULL,
    step              text NOT NULL,
    on_day            date NOT NULL,
    award_kind        text,
    nominee_code      text,
    nominee_kind      text,
    nominee_name      text,
    nominee_district  text,
    nominating_unit   text,
    outcome           text,
    decision_number   text,
    certificate_number text,
    PRIMARY KEY (round_code, stream_version)
);
