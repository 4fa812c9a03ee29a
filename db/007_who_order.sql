-- 007_who_order.sql - schema version 7: current articles in publication order.
--
-- `who NAME --limit N` lists a speaker's quotes in the order they were
-- published.  For a speaker with tens of thousands of quotes, joining every
-- one of them to its article and sorting them all to keep the first N took
-- 60-90 ms on a million quotes; walking the current articles in this index's
-- order and stopping after N matches takes a few.  The expression is the one
-- the look-ups order by (src/qt_store_sql.c, ORDER_PUBLISHED), so SQLite
-- can use the index for that ORDER BY.  qt_store_who picks the walk only for
-- prolific speakers (a rare one would make it read every article).

CREATE INDEX IF NOT EXISTS articles_order ON articles(coalesce(published, ingested_at), article_id)
    WHERE is_current = 1;
