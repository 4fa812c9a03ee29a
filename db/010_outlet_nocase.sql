-- 010_outlet_nocase.sql - schema version 10: the outlet index in the
-- collation the look-ups compare outlets in.
--
-- Every outlet filter (search, who, export, reuse, trace) compares
-- `outlet = ? COLLATE NOCASE`, so that "Reuters" finds "reuters"; the
-- BINARY index articles_outlet of db/001 could serve none of them.
-- `search WORD --outlet NAME` now tests each full-text match's rowid
-- against the outlet's quote ids before reading the quote's row (see
-- SQL_SEARCH in src/qt_store_sql.c); this index makes that set a range of
-- one outlet's current articles (with their texts: a covering index) instead
-- of a scan of every article.
CREATE INDEX IF NOT EXISTS articles_outlet_nocase ON articles(outlet COLLATE NOCASE, is_current, text_id);
DROP INDEX IF EXISTS articles_outlet;
