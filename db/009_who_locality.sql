-- 009_who_locality.sql - schema version 9: small indexes that keep the
-- look-ups off the big tables.
--
-- Every look-up row is shown under its text's home article, and says how
-- many other current articles carry the same text.  Both questions were
-- answered from the tables themselves: texts.home_article_id sits in a row
-- that also holds the whole article body (one or two rows per 4 KB page),
-- and articles.is_current in a row with the title, URL and dates.  `who`
-- for a speaker with 33,127 quotes on a million-quote database touched
-- about 30,000 text pages and as many article pages for those two columns,
-- more than the 128 MiB page cache holds, so every look-up re-read them
-- (366 ms in the sqlite3 shell, 172 ms with these indexes, all of it CPU).
-- The look-ups name texts_home with INDEXED BY (src/qt_store_sql.c,
-- HOME_JOIN): SQLite otherwise prefers the rowid for `text_id = ?`.

CREATE INDEX IF NOT EXISTS texts_home ON texts(text_id, home_article_id);
-- Replaces articles_text(text_id): the same prefix, so every other query
-- that used it uses this one, and ingest keeps one index, not two.
CREATE INDEX IF NOT EXISTS articles_text_current ON articles(text_id, is_current);
DROP INDEX IF EXISTS articles_text;
