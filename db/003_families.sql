-- 003_families.sql - what quote families need beyond 002_reuse.sql.
--
-- Families are built at ingest for texts stored from this schema on; texts
-- ingested before it keep no family (ingest them again under a new id to
-- place them).

-- The candidate index of quote families: one row per distinct content-word
-- key (folded, stemmed, synonyms joined; see src/qt_qdiff.h) of a quote,
-- as a signed 64-bit integer; a quote is indexed under its 32 smallest keys.  Ingest reads the newest postings of each key
-- with a fixed limit, so finding candidates for a new quote costs the same
-- however large the database is.  Only quotes with a wording not yet in
-- their family are indexed: the 300th verbatim copy of a quote adds
-- nothing.  No foreign key: quotes are never deleted, and a posting whose
-- quote is missing is skipped when read.
CREATE TABLE quote_terms (
    key         INTEGER NOT NULL,
    quote_id    INTEGER NOT NULL,
    keys        INTEGER NOT NULL,          -- keys the quote is indexed under
    PRIMARY KEY (key, quote_id)
) WITHOUT ROWID;

-- Hash (XXH3-64, signed) of a member's folded words in order: members with
-- the same wording differ at most in case, punctuation and brackets, so a
-- family is compared once per distinct wording.
ALTER TABLE family_members ADD COLUMN wording INTEGER;

-- The member's place in its family's order (published date, undated after
-- the dated, then ingest order) as a sortable string, and an index that
-- finds the earliest member of each wording in one step per wording: a new
-- verbatim copy is placed without reading the family's other copies.
ALTER TABLE family_members ADD COLUMN sort_key TEXT;
CREATE INDEX family_members_wording ON family_members(family_id, wording, sort_key);

-- Merging two families moves their conflicts.
CREATE INDEX conflicts_family ON conflicts(family_id);
