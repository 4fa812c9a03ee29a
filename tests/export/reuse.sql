-- reuse.sql - rows for the reuse/provenance tables of db/002_reuse.sql, as
-- the reuse detector would write them for the seeds (tests/export/run.sh
-- ingests them with the outlets and dates below).  Quotes are found by
-- article and wording, so the ids the ingest gave do not matter:
--   003 (wire.example, 2024-10-31) is the origin of the meat-grinder quote;
--   004 (daily.example, 2024-11-01) carries a fragment of it;
--   000 (weekly.example, 2024-11-02) prints Blinken's words altered;
--   004 credits the coming security aid to Austin, 003 to Blinken.
CREATE TEMP VIEW qref AS
SELECT q.quote_id, q.speaker_id, q.text, a.doc FROM quotes q
JOIN texts t ON t.text_id = q.text_id JOIN articles a ON a.article_id = t.home_article_id;

INSERT INTO families(family_id, origin_quote_id, speaker_id, label, created_at)
SELECT 1, quote_id, speaker_id, text, '2024-11-03T00:00:00Z' FROM qref
WHERE doc LIKE '%003_274c51c25673f51c.txt' AND text LIKE '%meat grinder of his own%';

INSERT INTO family_members(quote_id, family_id, parent_quote_id, relation, similarity, diff)
SELECT origin_quote_id, 1, NULL, 'origin', 1.0, NULL FROM families WHERE family_id = 1;

INSERT INTO family_members(quote_id, family_id, parent_quote_id, relation, similarity, diff)
SELECT quote_id, 1, (SELECT origin_quote_id FROM families WHERE family_id = 1), 'partial', 0.46,
 '[{"op":"-","text":"[Russian President Vladimir] Putin has been"},{"op":"+","text":"(He is)"},{"op":"=","text":"throwing more"},{"op":"-","text":"and more"},{"op":"=","text":"Russians into"},{"op":"-","text":"a"},{"op":"+","text":"the ‘meat grinder’"},{"op":"-","text":"meat grinder of his own making in Ukraine."}]'
FROM qref WHERE doc LIKE '%004_56f86b59b630956c.txt' AND text LIKE '%meat grinder%';

INSERT INTO family_members(quote_id, family_id, parent_quote_id, relation, similarity, diff)
SELECT quote_id, 1, (SELECT origin_quote_id FROM families WHERE family_id = 1), 'altered', 0.38,
 '[{"op":"=","text":"President Putin has been"},{"op":"-","text":"throwing"},{"op":"+","text":"sending"},{"op":"=","text":"more and more"},{"op":"+","text":"of his own Russian troops"},{"op":"-","text":"Russians into a meat grinder of his own making"},{"op":"+","text":"into a perilous and costly conflict"},{"op":"=","text":"in Ukraine."}]'
FROM qref WHERE doc LIKE '%000_eb6442cd20dd2195.txt' AND text LIKE 'President Putin has been sending%';

INSERT INTO conflicts(kind, quote_id, other_quote_id, family_id, detail, detected_at)
SELECT 'attribution', a.quote_id, b.quote_id, NULL,
 'The coming security assistance is credited to Lloyd Austin here and to Antony Blinken by wire.example',
 '2024-11-03T00:00:00Z'
FROM qref a, qref b
WHERE a.doc LIKE '%004_56f86b59b630956c.txt' AND a.text LIKE 'additional security aid%'
  AND b.doc LIKE '%003_274c51c25673f51c.txt' AND b.text LIKE 'further security assistance%';

INSERT INTO conflicts(kind, quote_id, other_quote_id, family_id, detail, detected_at)
SELECT 'altered', m.quote_id, f.origin_quote_id, 1,
 'A direct quote whose words differ from what other outlets carry for the same speaker',
 '2024-11-03T00:00:01Z'
FROM family_members m JOIN families f ON f.family_id = m.family_id WHERE m.relation = 'altered';

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
