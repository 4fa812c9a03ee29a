-- 004_ratings.sql - fact-checkers' ratings of quotes and claims, schema version 4.
--
-- `quotetrack rate QUOTE RATING ...` adds a row; `export --format
-- claimreview` writes each rated quote or claim inside a schema.org
-- ClaimReview (reviewRating: alternateName = rating, ratingValue = value,
-- bestRating = best, worstRating = worst; author = reviewer; url; the date).
-- (003 is reserved for the reuse work; the numbers only need to be ordered.)

CREATE TABLE ratings (
    rating_id   INTEGER PRIMARY KEY,
    quote_id    INTEGER NOT NULL REFERENCES quotes(quote_id) ON DELETE CASCADE,
    rating      TEXT NOT NULL,             -- the verdict in words: "False", "Misleading", ...
    value       INTEGER,                   -- on the reviewer's scale, when it has one
    best        INTEGER,
    worst       INTEGER,
    reviewer    TEXT,                      -- the fact-checking organisation
    url         TEXT,                      -- the published fact-check
    note        TEXT,                      -- explanation shown with the rating
    rated_at    TEXT NOT NULL              -- UTC, ISO 8601
);
CREATE INDEX ratings_quote ON ratings(quote_id);

-- Rated quotes with speaker and article:
--   SELECT speaker, rating, reviewer, text FROM v_ratings;
CREATE VIEW v_ratings AS
SELECT r.rating_id, r.quote_id, q.kind, q.text, sp.name AS speaker, a.doc, a.outlet,
       a.published, r.rating, r.value, r.best, r.worst, r.reviewer, r.url, r.note, r.rated_at
FROM ratings r
JOIN quotes q ON q.quote_id = r.quote_id
JOIN texts t ON t.text_id = q.text_id
LEFT JOIN articles a ON a.article_id = t.home_article_id
LEFT JOIN speakers sp ON sp.speaker_id = q.speaker_id;
