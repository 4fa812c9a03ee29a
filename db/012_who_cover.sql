-- 012_who_cover.sql - schema version 12: `who` reads a speaker's quotes
-- in order from one index, instead of from rows scattered over the whole
-- table and then sorted.
--
-- A speaker's quotes arrive over the life of the database, so their rows
-- lie one or two to a page across the quotes table.  On a million-quote
-- database, `who` for a speaker with 33,127 quotes read about as many
-- pages for them (83-125 ms in the sqlite3 shell for the quote columns
-- alone) and then sorted the whole result by the date of each text's home
-- article (about 75 ms more).  Two changes take both away:
--
--   quotes.home_article_id, quotes.home_order   a copy of the text's home
--       article and of that article's coalesce(published, ingested_at),
--       the look-ups' sort key.  Ingest writes them with each quote (the
--       home of a new text is its first article); the trigger below
--       rewrites them when a text's home changes (a revision retiring it,
--       an undated copy rehoming it: rare), and an article's dates never
--       change.
--   quotes_who   an index on (speaker_id, home_order, home_article_id,
--       seq) holding every other column the look-ups print (QUOTE_COLS in
--       src/qt_store_sql.c), so a speaker's quotes are one ordered range
--       of index pages and the table rows are never read.
--
-- It replaces quotes_speaker(speaker_id, text_id): the statements that
-- looked quotes up by speaker and text find them by text (the UNIQUE
-- (text_id, seq) index) just as fast.  The cost is space: the quote texts a
-- second time, about 190 MB on a 1.6 GB database of a million quotes.

ALTER TABLE quotes ADD COLUMN home_article_id INTEGER;
ALTER TABLE quotes ADD COLUMN home_order TEXT;

UPDATE quotes SET (home_article_id, home_order) =
    (SELECT t.home_article_id, coalesce(a.published, a.ingested_at)
       FROM texts t JOIN articles a ON a.article_id = t.home_article_id
      WHERE t.text_id = quotes.text_id);

-- A new text gets its first home before its quotes are stored (and they
-- are stored with it), so the trigger runs only when a home moves.
CREATE TRIGGER IF NOT EXISTS texts_home_quotes AFTER UPDATE OF home_article_id ON texts
WHEN OLD.home_article_id IS NOT NULL AND NEW.home_article_id IS NOT OLD.home_article_id
BEGIN
    UPDATE quotes SET (home_article_id, home_order) =
        (SELECT a.article_id, coalesce(a.published, a.ingested_at)
           FROM articles a WHERE a.article_id = NEW.home_article_id)
     WHERE text_id = NEW.text_id;
END;

CREATE INDEX IF NOT EXISTS quotes_who ON quotes(
    speaker_id, home_order, home_article_id, seq, text_id, kind, text,
    start, "end", char_start, char_end,
    mention_start, mention_end, mention_char_start, mention_char_end, mention_text,
    cue_start, cue_end, cue_char_start, cue_char_end, cue_text,
    confidence, rule, parent_seq);
DROP INDEX IF EXISTS quotes_speaker;
