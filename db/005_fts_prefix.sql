-- 005_fts_prefix.sql - schema version 5: quotes_fts rebuilt for speed.
--
-- 1. Prefix indexes of 2 and 3 characters, so a search for `sec*` reads one
--    index entry instead of merging the postings of every term it starts.
-- 2. No AFTER INSERT trigger: ingest inserts the quotes' texts into
--    quotes_fts itself (since schema 8, all of a batch's quotes when the
--    batch commits: qt_store_commit in src/qt_store.c).  An
--    INSERT that fires a trigger writing to a virtual table needs a statement
--    journal, and at the end of every such statement FTS5 flushes its pending
--    terms into a new on-disk segment (its xRelease), which it must merge
--    again later: that was two thirds of ingest time.  Anything else that
--    inserts into quotes must insert the text into quotes_fts as well:
--      INSERT INTO quotes_fts(rowid, text) VALUES (quote_id, text);
--    Deletes and updates keep their triggers (they are rare).

DROP TRIGGER IF EXISTS quotes_ai;
DROP TRIGGER IF EXISTS quotes_ad;
DROP TRIGGER IF EXISTS quotes_au;
DROP TABLE IF EXISTS quotes_fts;

CREATE VIRTUAL TABLE quotes_fts USING fts5(
    text, content='quotes', content_rowid='quote_id',
    tokenize='porter unicode61 remove_diacritics 2',
    prefix='2 3'
);
INSERT INTO quotes_fts(quotes_fts) VALUES ('rebuild');

CREATE TRIGGER quotes_ad AFTER DELETE ON quotes BEGIN
    INSERT INTO quotes_fts(quotes_fts, rowid, text) VALUES ('delete', old.quote_id, old.text);
END;
CREATE TRIGGER quotes_au AFTER UPDATE OF text ON quotes BEGIN
    INSERT INTO quotes_fts(quotes_fts, rowid, text) VALUES ('delete', old.quote_id, old.text);
    INSERT INTO quotes_fts(rowid, text) VALUES (new.quote_id, new.text);
END;
