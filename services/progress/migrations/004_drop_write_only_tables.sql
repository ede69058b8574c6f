-- progress_view kept every assessment and recognition in `assessments` and `standings`, which no
-- query read (the as-of views read the shared NTM facts, ntm_assessments / ntm_recognitions).
-- The tables go; the projection keeps `criteria_sets` and `targets`, which GET /criteria-sets and
-- GET /targets read.
DROP TABLE IF EXISTS assessments;
DROP TABLE IF EXISTS standings;
