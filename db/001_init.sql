-- 001_init.sql - the quotetrack store, schema version 1.
--
-- quotetrack applies db/NNN_*.sql in order inside one transaction each and
-- records the number in PRAGMA user_version; a database whose user_version
-- is higher than the newest file this build knows is refused, never rewritten.
-- The file is plain SQLite: open it with `sqlite3 quotetrack.db` and use the
-- views at the end (v_quotes, v_speakers, v_articles, v_copies) for the
-- common questions.
--
-- Model: an article's *text* is stored once per distinct content (texts,
-- keyed by the XXH3-128 hash of the normalised text); every ingested
-- document is a row of articles pointing at its text.  Quotes and mentions
-- belong to the text (their offsets are offsets into texts.body), so a
-- verbatim copy carries the quotes of its original without storing them again.

-- One row per distinct normalised article text.
CREATE TABLE texts (
    text_id     INTEGER PRIMARY KEY,
    hash        TEXT NOT NULL UNIQUE,      -- XXH3-128 of body, 32 hex digits
    body        TEXT NOT NULL,             -- normalised UTF-8 text; offsets refer to it
    bytes       INTEGER NOT NULL,
    chars       INTEGER NOT NULL,          -- code points
    home_article_id INTEGER,               -- the article its quotes are shown under:
                                           -- the first current article with this text
    scanned_at  TEXT NOT NULL
);

-- One row per ingested document revision.  A document is identified by its
-- id (path or JSON "id") or, when it has one, its URL.
CREATE TABLE articles (
    article_id  INTEGER PRIMARY KEY,       -- also the ingest order
    doc         TEXT NOT NULL,             -- document id as given
    url         TEXT,
    revision    INTEGER NOT NULL DEFAULT 1,-- 1, 2, ... for the same doc/URL
    is_current  INTEGER NOT NULL DEFAULT 1,-- 0 once a later revision exists
    text_id     INTEGER NOT NULL REFERENCES texts(text_id),
    copy_of     INTEGER REFERENCES articles(article_id), -- verbatim copy of that article
    title       TEXT,
    outlet      TEXT,
    byline      TEXT,
    published   TEXT,                      -- ISO 8601: 2024-11-01 or 2024-11-01T10:00:00Z (UTC)
    published_raw TEXT,                    -- the date as found in the input
    ingested_at TEXT NOT NULL,             -- UTC, 2024-11-01T10:00:00Z
    source      TEXT                       -- where it was read from (file:line)
);
CREATE INDEX articles_doc ON articles(doc, is_current);
CREATE INDEX articles_url ON articles(url, is_current) WHERE url IS NOT NULL;
CREATE INDEX articles_text ON articles(text_id);
CREATE INDEX articles_outlet ON articles(outlet);

-- One row per speaker across all articles: a real person or body (joined
-- across articles on canonical name + kind), or an unnamed source / group,
-- which stays per text (scope_text_id).
CREATE TABLE speakers (
    speaker_id  INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,             -- display name ("Antony Blinken")
    kind        TEXT NOT NULL,             -- person | organization | group | anonymous
    title       TEXT,                      -- fullest title seen ("Secretary of State")
    scope_text_id INTEGER NOT NULL DEFAULT 0 -- 0 = shared; else the only text it belongs to
);
CREATE INDEX speakers_name ON speakers(name COLLATE NOCASE);
CREATE INDEX speakers_kind ON speakers(kind);

-- How the canonical names the scanner reports map to speakers.  Ingest looks
-- up (key, kind, scope); curation (merge, rename, alias add) edits this table,
-- which is how curation applies to later ingests.
CREATE TABLE speaker_keys (
    key         TEXT NOT NULL,             -- lower-cased canonical name
    kind        TEXT NOT NULL,
    scope_text_id INTEGER NOT NULL DEFAULT 0,
    speaker_id  INTEGER NOT NULL REFERENCES speakers(speaker_id) ON DELETE CASCADE,
    PRIMARY KEY (key, kind, scope_text_id)
) WITHOUT ROWID;
CREATE INDEX speaker_keys_speaker ON speaker_keys(speaker_id);

-- Every surface form a speaker was called ("Blinken", "Secretary of State
-- Antony Blinken"), for look-ups by any alias.
CREATE TABLE speaker_aliases (
    speaker_id  INTEGER NOT NULL REFERENCES speakers(speaker_id) ON DELETE CASCADE,
    alias_key   TEXT NOT NULL,             -- lower-cased alias
    alias       TEXT NOT NULL,
    PRIMARY KEY (alias_key, speaker_id)
) WITHOUT ROWID;
CREATE INDEX speaker_aliases_speaker ON speaker_aliases(speaker_id);

-- Quotes and reported claims, as the scanner found them in a text.
CREATE TABLE quotes (
    quote_id    INTEGER PRIMARY KEY,
    text_id     INTEGER NOT NULL REFERENCES texts(text_id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,          -- position in the text (0-based)
    kind        TEXT NOT NULL,             -- direct | partial | indirect
    start       INTEGER NOT NULL,          -- byte offsets into texts.body, end exclusive
    "end"       INTEGER NOT NULL,
    char_start  INTEGER NOT NULL,          -- code point offsets
    char_end    INTEGER NOT NULL,
    text        TEXT NOT NULL,
    speaker_id  INTEGER REFERENCES speakers(speaker_id) ON DELETE SET NULL,
    speaker_local TEXT,                    -- the speaker's canonical name in this article
    mention_start INTEGER, mention_end INTEGER,
    mention_char_start INTEGER, mention_char_end INTEGER,
    mention_text TEXT,
    cue_start INTEGER, cue_end INTEGER,
    cue_char_start INTEGER, cue_char_end INTEGER,
    cue_text    TEXT,
    confidence  REAL,
    rule        TEXT,
    parent_seq  INTEGER,                   -- the enclosing claim of a partial quote
    UNIQUE (text_id, seq)
);
CREATE INDEX quotes_speaker ON quotes(speaker_id, text_id);

-- Speaker mentions: where in a text a speaker is named (the attributing
-- mentions of its quotes).
CREATE TABLE mentions (
    text_id     INTEGER NOT NULL REFERENCES texts(text_id) ON DELETE CASCADE,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    char_start  INTEGER NOT NULL,
    char_end    INTEGER NOT NULL,
    surface     TEXT NOT NULL,
    speaker_id  INTEGER REFERENCES speakers(speaker_id) ON DELETE SET NULL,
    PRIMARY KEY (text_id, start)
) WITHOUT ROWID;
CREATE INDEX mentions_speaker ON mentions(speaker_id);

-- Curation commands, in order; they are applied through speaker_keys (merge,
-- rename, alias) and through this table itself (split, re-applied when the
-- article is ingested again).
CREATE TABLE curation (
    curation_id INTEGER PRIMARY KEY,
    op          TEXT NOT NULL,             -- merge | rename | alias | split
    a           TEXT NOT NULL,             -- the speaker acted on
    a_key       TEXT NOT NULL,             -- its lower-cased name
    b           TEXT,                      -- merged-in speaker, new name, alias, split target
    doc         TEXT,                      -- split: the article
    created_at  TEXT NOT NULL
);
CREATE INDEX curation_split ON curation(doc, a_key) WHERE op = 'split';

-- Full-text index over quote texts (BM25 ranking via ORDER BY rank).
CREATE VIRTUAL TABLE quotes_fts USING fts5(
    text, content='quotes', content_rowid='quote_id',
    tokenize='porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER quotes_ai AFTER INSERT ON quotes BEGIN
    INSERT INTO quotes_fts(rowid, text) VALUES (new.quote_id, new.text);
END;
CREATE TRIGGER quotes_ad AFTER DELETE ON quotes BEGIN
    INSERT INTO quotes_fts(quotes_fts, rowid, text) VALUES ('delete', old.quote_id, old.text);
END;
CREATE TRIGGER quotes_au AFTER UPDATE OF text ON quotes BEGIN
    INSERT INTO quotes_fts(quotes_fts, rowid, text) VALUES ('delete', old.quote_id, old.text);
    INSERT INTO quotes_fts(rowid, text) VALUES (new.quote_id, new.text);
END;

-- Views: the common questions as one-liners.

-- Every quote of a current article, with who said it and where:
--   SELECT speaker, outlet, published, text FROM v_quotes WHERE speaker = 'Antony Blinken';
CREATE VIEW v_quotes AS
SELECT q.quote_id, a.doc, a.article_id, q.kind, q.text, q.start, q."end",
       q.char_start, q.char_end, s.name AS speaker, s.kind AS speaker_kind,
       q.mention_text, q.cue_text, q.confidence, q.rule,
       a.outlet, a.url, a.title, a.published, a.published IS NULL AS undated
FROM quotes q
JOIN texts t ON t.text_id = q.text_id
JOIN articles a ON a.article_id = t.home_article_id
LEFT JOIN speakers s ON s.speaker_id = q.speaker_id
WHERE a.is_current = 1;

-- Speakers with kind, aliases, quote and outlet counts:
--   SELECT * FROM v_speakers ORDER BY quotes DESC LIMIT 10;
CREATE VIEW v_speakers AS
SELECT s.speaker_id, s.name AS speaker, s.kind AS speaker_kind, s.title,
       (SELECT group_concat(alias, ' | ') FROM speaker_aliases x
         WHERE x.speaker_id = s.speaker_id) AS aliases,
       (SELECT count(*) FROM quotes q WHERE q.speaker_id = s.speaker_id) AS quotes,
       (SELECT count(DISTINCT a.outlet) FROM quotes q
          JOIN texts t ON t.text_id = q.text_id
          JOIN articles a ON a.text_id = t.text_id
         WHERE q.speaker_id = s.speaker_id AND a.outlet IS NOT NULL) AS outlets
FROM speakers s;

-- Current articles with metadata, revision, copy status and quote count:
--   SELECT doc, outlet, published, quotes FROM v_articles;
CREATE VIEW v_articles AS
SELECT a.article_id, a.doc, a.url, a.revision, a.title, a.outlet, a.byline,
       a.published, a.published IS NULL AS undated, a.ingested_at,
       a.copy_of, t.hash, t.bytes,
       (SELECT count(*) FROM quotes q WHERE q.text_id = a.text_id) AS quotes
FROM articles a JOIN texts t ON t.text_id = a.text_id
WHERE a.is_current = 1;

-- Verbatim copies: which article repeats which, across outlets:
--   SELECT * FROM v_copies;
CREATE VIEW v_copies AS
SELECT c.doc AS copy_doc, c.outlet AS copy_outlet, c.published AS copy_published,
       o.doc AS original_doc, o.outlet AS original_outlet, o.published AS original_published
FROM articles c JOIN articles o ON o.article_id = c.copy_of;
