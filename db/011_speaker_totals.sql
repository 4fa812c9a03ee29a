-- 011_speaker_totals.sql - schema version 11: each speaker's quote and
-- outlet counts, stored and kept current by triggers.
--
-- `quotetrack speakers` lists speakers by number of quotes.  Counting them
-- at every call read every quote's text, home article and articles: on a
-- million quotes, `speakers --limit 20` took 2.2 s warm and `speakers` 5.8 s.
-- The counts are sums, so they can be kept as they change:
--
--   speaker_totals.quotes   quotes of the speaker whose text's home article
--                           is current (the quotes `who` lists);
--   speaker_outlets.n       pairs (quote of the speaker, current article
--                           carrying its text) per outlet, a row only while
--                           n > 0, so a speaker's outlets are its rows.
--
-- Every change that moves them is a change of one row, and each adds the
-- difference that row makes given the rest of the state: a quote inserted,
-- deleted or re-attributed, an article inserted, retired or deleted, a
-- text's home article changed.  A text's
-- home article always carries that text (the store sets it to one of the
-- text's articles), so an article's own text is the only one it is home to.
-- tests/unit/test_store.c recounts from scratch after ingests, copies,
-- revisions, merges and splits and compares.
--
-- Outlets are compared as stored (BINARY), as count(DISTINCT outlet) did.

CREATE TABLE IF NOT EXISTS speaker_totals (
    speaker_id  INTEGER PRIMARY KEY,       -- rows go with their speaker (trigger)
    quotes      INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS speaker_outlets (
    speaker_id  INTEGER NOT NULL,
    outlet      TEXT NOT NULL,
    n           INTEGER NOT NULL,          -- > 0
    PRIMARY KEY (speaker_id, outlet)
) WITHOUT ROWID;

-- Counted from scratch, also when a database that had them is migrated
-- again (the "IF NOT EXISTS" here are for that).
DELETE FROM speaker_totals;
DELETE FROM speaker_outlets;
INSERT INTO speaker_totals(speaker_id, quotes)
SELECT q.speaker_id, count(*) FROM quotes q
JOIN texts t ON t.text_id = q.text_id
JOIN articles a ON a.article_id = t.home_article_id
WHERE a.is_current = 1 AND q.speaker_id IS NOT NULL
GROUP BY q.speaker_id;

INSERT INTO speaker_outlets(speaker_id, outlet, n)
SELECT q.speaker_id, a.outlet, count(*) FROM quotes q
JOIN articles a ON a.text_id = q.text_id AND a.is_current = 1
WHERE q.speaker_id IS NOT NULL AND a.outlet IS NOT NULL
GROUP BY q.speaker_id, a.outlet;

-- On ingest's own path the store adds the differences itself
-- (src/qt_store_ingest.c: count_text_quotes, count_copy, set_home): a new
-- text's quotes once all are in, a verbatim copy's article, a text's new
-- home article.  Triggers there (per quote, per article, per home) made
-- ingest 6-15% slower in instructions (callgrind), since every new text
-- passes through all three.  So a quote or article inserted by hand, or a
-- home changed by hand, is not counted.  The triggers cover the rest:
-- curation (quotes re-attributed), a revision retiring its article, and
-- deletions (which quotetrack never does).

CREATE TRIGGER IF NOT EXISTS quotes_totals_delete AFTER DELETE ON quotes
WHEN OLD.speaker_id IS NOT NULL
BEGIN
    UPDATE speaker_totals SET quotes = quotes - 1
    WHERE speaker_id = OLD.speaker_id AND EXISTS (SELECT 1 FROM texts t
        JOIN articles a ON a.article_id = t.home_article_id
        WHERE t.text_id = OLD.text_id AND a.is_current = 1);
    UPDATE speaker_outlets SET n = n - (SELECT count(*) FROM articles a
        WHERE a.text_id = OLD.text_id AND a.is_current = 1 AND a.outlet = speaker_outlets.outlet)
    WHERE speaker_id = OLD.speaker_id;
    DELETE FROM speaker_outlets WHERE speaker_id = OLD.speaker_id AND n <= 0;
END;

-- Re-attribution (speaker merge and split): the old speaker's share goes,
-- the new one's comes, as a delete and an insert would do.
CREATE TRIGGER IF NOT EXISTS quotes_totals_update AFTER UPDATE OF speaker_id, text_id ON quotes
WHEN OLD.speaker_id IS NOT NEW.speaker_id OR OLD.text_id IS NOT NEW.text_id
BEGIN
    UPDATE speaker_totals SET quotes = quotes - 1
    WHERE speaker_id = OLD.speaker_id AND EXISTS (SELECT 1 FROM texts t
        JOIN articles a ON a.article_id = t.home_article_id
        WHERE t.text_id = OLD.text_id AND a.is_current = 1);
    UPDATE speaker_outlets SET n = n - (SELECT count(*) FROM articles a
        WHERE a.text_id = OLD.text_id AND a.is_current = 1 AND a.outlet = speaker_outlets.outlet)
    WHERE speaker_id = OLD.speaker_id;
    DELETE FROM speaker_outlets WHERE speaker_id = OLD.speaker_id AND n <= 0;
    INSERT INTO speaker_totals(speaker_id, quotes)
    SELECT NEW.speaker_id, 1 FROM texts t JOIN articles a ON a.article_id = t.home_article_id
    WHERE NEW.speaker_id IS NOT NULL AND t.text_id = NEW.text_id AND a.is_current = 1
    ON CONFLICT(speaker_id) DO UPDATE SET quotes = quotes + 1;
    INSERT INTO speaker_outlets(speaker_id, outlet, n)
    SELECT NEW.speaker_id, outlet, count(*) FROM articles
    WHERE NEW.speaker_id IS NOT NULL AND text_id = NEW.text_id AND is_current = 1
      AND outlet IS NOT NULL GROUP BY outlet
    ON CONFLICT(speaker_id, outlet) DO UPDATE SET n = n + excluded.n;
END;

-- Retiring a revision (is_current 1 -> 0), or any change of the columns the
-- counts read: the old row's share goes, the new row's comes.
CREATE TRIGGER IF NOT EXISTS articles_totals_update AFTER UPDATE OF is_current, outlet, text_id ON articles
WHEN OLD.is_current IS NOT NEW.is_current OR OLD.outlet IS NOT NEW.outlet
  OR OLD.text_id IS NOT NEW.text_id
BEGIN
    UPDATE speaker_outlets SET n = n - (SELECT count(*) FROM quotes q
        WHERE q.text_id = OLD.text_id AND q.speaker_id = speaker_outlets.speaker_id)
    WHERE OLD.is_current = 1 AND outlet = OLD.outlet
      AND speaker_id IN (SELECT speaker_id FROM quotes WHERE text_id = OLD.text_id);
    DELETE FROM speaker_outlets WHERE n <= 0 AND outlet = OLD.outlet
      AND speaker_id IN (SELECT speaker_id FROM quotes WHERE text_id = OLD.text_id);
    UPDATE speaker_totals SET quotes = quotes - (SELECT count(*) FROM quotes q
        WHERE q.text_id = OLD.text_id AND q.speaker_id = speaker_totals.speaker_id)
    WHERE OLD.is_current = 1
      AND EXISTS (SELECT 1 FROM texts WHERE text_id = OLD.text_id
                  AND home_article_id = OLD.article_id)
      AND speaker_id IN (SELECT speaker_id FROM quotes WHERE text_id = OLD.text_id);
    INSERT INTO speaker_outlets(speaker_id, outlet, n)
    SELECT speaker_id, NEW.outlet, count(*) FROM quotes
    WHERE NEW.is_current = 1 AND NEW.outlet IS NOT NULL AND text_id = NEW.text_id
      AND speaker_id IS NOT NULL
    GROUP BY speaker_id
    ON CONFLICT(speaker_id, outlet) DO UPDATE SET n = n + excluded.n;
    INSERT INTO speaker_totals(speaker_id, quotes)
    SELECT speaker_id, count(*) FROM quotes
    WHERE NEW.is_current = 1 AND text_id = NEW.text_id AND speaker_id IS NOT NULL
      AND EXISTS (SELECT 1 FROM texts WHERE text_id = NEW.text_id
                  AND home_article_id = NEW.article_id)
    GROUP BY speaker_id
    ON CONFLICT(speaker_id) DO UPDATE SET quotes = quotes + excluded.quotes;
END;

CREATE TRIGGER IF NOT EXISTS articles_totals_delete AFTER DELETE ON articles
WHEN OLD.is_current = 1
BEGIN
    UPDATE speaker_outlets SET n = n - (SELECT count(*) FROM quotes q
        WHERE q.text_id = OLD.text_id AND q.speaker_id = speaker_outlets.speaker_id)
    WHERE outlet = OLD.outlet
      AND speaker_id IN (SELECT speaker_id FROM quotes WHERE text_id = OLD.text_id);
    DELETE FROM speaker_outlets WHERE n <= 0 AND outlet = OLD.outlet
      AND speaker_id IN (SELECT speaker_id FROM quotes WHERE text_id = OLD.text_id);
    UPDATE speaker_totals SET quotes = quotes - (SELECT count(*) FROM quotes q
        WHERE q.text_id = OLD.text_id AND q.speaker_id = speaker_totals.speaker_id)
    WHERE EXISTS (SELECT 1 FROM texts WHERE text_id = OLD.text_id
                  AND home_article_id = OLD.article_id)
      AND speaker_id IN (SELECT speaker_id FROM quotes WHERE text_id = OLD.text_id);
END;

CREATE TRIGGER IF NOT EXISTS speakers_totals_delete AFTER DELETE ON speakers
BEGIN
    DELETE FROM speaker_totals WHERE speaker_id = OLD.speaker_id;
    DELETE FROM speaker_outlets WHERE speaker_id = OLD.speaker_id;
END;

-- The view now gives the counts `quotetrack speakers` prints (before, it
-- counted quotes of retired revisions too).
DROP VIEW IF EXISTS v_speakers;
CREATE VIEW v_speakers AS
SELECT s.speaker_id, s.name AS speaker, s.kind AS speaker_kind, s.title,
       (SELECT group_concat(alias, ' | ') FROM speaker_aliases x
         WHERE x.speaker_id = s.speaker_id) AS aliases,
       coalesce(c.quotes, 0) AS quotes,
       (SELECT count(*) FROM speaker_outlets o WHERE o.speaker_id = s.speaker_id) AS outlets
FROM speakers s LEFT JOIN speaker_totals c ON c.speaker_id = s.speaker_id;
