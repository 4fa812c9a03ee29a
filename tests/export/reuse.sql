-- reuse.sql - article reuse rows (tables reuse and reuse_passages of
-- db/002_reuse.sql) for the seeds as tests/export/run.sh ingests them
-- (003 wire.example 2024-10-31, 004 daily.example 2024-11-01, 000
-- weekly.example 2024-11-02), written by hand in the form the reuse detector
-- writes them, until article reuse detection is on main.  Quote families and
-- conflicts come from ingest itself.  Articles are found by document id, so
-- the ids the ingest gave do not matter.

-- What the detector found is replaced by these known rows, so the test
-- checks the export, not the detector (tests/reuse cover that).
DELETE FROM reuse_passages;
DELETE FROM reuse;

INSERT INTO reuse(reuse_id, source_article_id, derived_article_id, relation, coverage,
                  source_coverage, is_primary, dated, score, detected_at)
SELECT 1, s.article_id, d.article_id, 'partial', 0.31, 0.22, 1, 1, 0.5, '2024-11-03T00:00:00Z'
FROM articles s, articles d
WHERE s.doc LIKE '%003_274c51c25673f51c.txt' AND d.doc LIKE '%004_56f86b59b630956c.txt';

INSERT INTO reuse(reuse_id, source_article_id, derived_article_id, relation, coverage,
                  source_coverage, is_primary, dated, score, detected_at)
SELECT 2, s.article_id, d.article_id, 'wholly', 0.83, 0.61, 1, 1, 0.9, '2024-11-03T00:00:00Z'
FROM articles s, articles d
WHERE s.doc LIKE '%004_56f86b59b630956c.txt' AND d.doc LIKE '%000_eb6442cd20dd2195.txt';

INSERT INTO reuse(reuse_id, source_article_id, derived_article_id, relation, coverage,
                  source_coverage, is_primary, dated, score, detected_at)
SELECT 3, s.article_id, d.article_id, 'partial', 0.12, 0.09, 0, 1, 0.3, '2024-11-03T00:00:00Z'
FROM articles s, articles d
WHERE s.doc LIKE '%003_274c51c25673f51c.txt' AND d.doc LIKE '%000_eb6442cd20dd2195.txt';

-- One aligned passage per link: the first 120 code points of each side
-- (the seeds' opening sentences), enough to render the excerpts.
INSERT INTO reuse_passages(reuse_id, seq, source_start, source_end, derived_start, derived_end,
  source_char_start, source_char_end, derived_char_start, derived_char_end, words)
SELECT reuse_id, 0, 0, 120, 0, 120, 0, 120, 0, 120, 20 FROM reuse;
