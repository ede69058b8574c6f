-- Units now come from the shared NTM facts (thidua_facts, projection "ntm_facts", with every
-- rename, move and dissolution and its recorded time): the first read model's one-row-per-unit
-- table and its projection's offsets go.
DROP TABLE IF EXISTS units;
DELETE FROM projection_offsets WHERE projection = 'progress_units';
