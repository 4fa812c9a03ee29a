-- 002_reuse.sql - reuse and provenance, schema version 2.
--
-- Text reuse between articles (fingerprints -> candidate pairs -> aligned
-- passages) and quote families (instances of one quote across articles).
-- Both are computed at ingest and only for the new text against the
-- candidates the indexes return, so the cost of adding an article does not
-- grow with the size of the database.

-- Winnowed fingerprints of each text: XXH3-64 hashes (stored as signed
-- 64-bit integers) of shingles of content words, with the position of the
-- shingle's first word in the text's word sequence.  hash -> text look-ups
-- are the candidate search; text -> hashes are read to align.
CREATE TABLE fingerprints (
    hash        INTEGER NOT NULL,
    text_id     INTEGER NOT NULL REFERENCES texts(text_id) ON DELETE CASCADE,
    pos         INTEGER NOT NULL,          -- index of the first content word
    PRIMARY KEY (hash, text_id, pos)
) WITHOUT ROWID;
CREATE INDEX fingerprints_text ON fingerprints(text_id);

-- Per-text fingerprint summary (word counts are the denominators of coverage).
CREATE TABLE text_words (
    text_id     INTEGER PRIMARY KEY REFERENCES texts(text_id) ON DELETE CASCADE,
    words       INTEGER NOT NULL,          -- all word tokens
    content_words INTEGER NOT NULL,        -- tokens that are not stop words
    fingerprints INTEGER NOT NULL          -- winnowed hashes stored
);

-- One row per ordered pair of current articles that share passages.
-- source is the earlier article (published date; ingest order when either
-- is undated, and dated = 0 then).
CREATE TABLE reuse (
    reuse_id    INTEGER PRIMARY KEY,
    source_article_id  INTEGER NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
    derived_article_id INTEGER NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
    relation    TEXT NOT NULL,             -- verbatim | wholly | partial
    coverage    REAL NOT NULL,             -- fraction of the derived text covered
    source_coverage REAL NOT NULL,         -- fraction of the source text covered
    is_primary  INTEGER NOT NULL DEFAULT 0,-- 1: the derived article's provenance parent
    dated       INTEGER NOT NULL,          -- 1: direction from published dates
    score       REAL,                      -- the detector's score behind relation
    detected_at TEXT NOT NULL,
    UNIQUE (source_article_id, derived_article_id)
);
CREATE INDEX reuse_derived ON reuse(derived_article_id);
-- At most one primary source per derived article.
CREATE UNIQUE INDEX reuse_one_primary ON reuse(derived_article_id) WHERE is_primary = 1;

-- The aligned passages of a pair: byte and code point offsets into each
-- side's texts.body, end exclusive.
CREATE TABLE reuse_passages (
    reuse_id    INTEGER NOT NULL REFERENCES reuse(reuse_id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    source_start INTEGER NOT NULL, source_end INTEGER NOT NULL,
    derived_start INTEGER NOT NULL, derived_end INTEGER NOT NULL,
    source_char_start INTEGER NOT NULL, source_char_end INTEGER NOT NULL,
    derived_char_start INTEGER NOT NULL, derived_char_end INTEGER NOT NULL,
    words       INTEGER NOT NULL,          -- aligned words in the passage
    PRIMARY KEY (reuse_id, seq)
) WITHOUT ROWID;

-- Quote families: instances of the same quote (or claim) across articles.
CREATE TABLE families (
    family_id   INTEGER PRIMARY KEY,
    origin_quote_id INTEGER REFERENCES quotes(quote_id) ON DELETE SET NULL,
    speaker_id  INTEGER REFERENCES speakers(speaker_id) ON DELETE SET NULL,
    label       TEXT NOT NULL,             -- the origin's text, for display
    created_at  TEXT NOT NULL
);

-- One row per quote in a family.  parent_quote_id is the instance it is
-- compared with (NULL for the origin); relation is origin | verbatim |
-- near-verbatim | partial | altered; diff is a JSON array of word-level
-- operations [{"op":"=|-|+","text":"..."}] from the parent to this quote.
CREATE TABLE family_members (
    quote_id    INTEGER PRIMARY KEY REFERENCES quotes(quote_id) ON DELETE CASCADE,
    family_id   INTEGER NOT NULL REFERENCES families(family_id) ON DELETE CASCADE,
    parent_quote_id INTEGER REFERENCES quotes(quote_id) ON DELETE SET NULL,
    relation    TEXT NOT NULL,
    similarity  REAL NOT NULL,             -- 0..1 against the parent (1 for the origin)
    diff        TEXT                       -- JSON, NULL for the origin
);
CREATE INDEX family_members_family ON family_members(family_id);

-- Flags for the fact-checker: attribution conflicts (the same claim credited
-- to different speakers) and altered direct quotes.
CREATE TABLE conflicts (
    conflict_id INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,             -- attribution | altered
    quote_id    INTEGER NOT NULL REFERENCES quotes(quote_id) ON DELETE CASCADE,
    other_quote_id INTEGER REFERENCES quotes(quote_id) ON DELETE CASCADE,
    family_id   INTEGER REFERENCES families(family_id) ON DELETE CASCADE,
    detail      TEXT,                      -- human-readable explanation
    detected_at TEXT NOT NULL,
    UNIQUE (kind, quote_id, other_quote_id)
);

-- Article reuse with document ids and dates:
--   SELECT * FROM v_reuse WHERE derived_doc = 'seeds/003.txt';
CREATE VIEW v_reuse AS
SELECT r.reuse_id, s.doc AS source_doc, d.doc AS derived_doc, r.relation,
       r.coverage, r.source_coverage, r.is_primary, r.dated,
       s.outlet AS source_outlet, s.published AS source_published,
       d.outlet AS derived_outlet, d.published AS derived_published
FROM reuse r
JOIN articles s ON s.article_id = r.source_article_id
JOIN articles d ON d.article_id = r.derived_article_id;

-- Quote family instances with their articles:
--   SELECT * FROM v_family_members WHERE family_id = 3;
CREATE VIEW v_family_members AS
SELECT m.family_id, m.quote_id, q.kind, q.text, sp.name AS speaker,
       a.doc, a.outlet, a.published, m.parent_quote_id, m.relation,
       m.similarity, m.diff
FROM family_members m
JOIN quotes q ON q.quote_id = m.quote_id
JOIN texts t ON t.text_id = q.text_id
JOIN articles a ON a.article_id = t.home_article_id
LEFT JOIN speakers sp ON sp.speaker_id = q.speaker_id;
