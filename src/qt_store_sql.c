/* qt_store_sql.c - the text of every SQL statement the store prepares. */
#include "qt_store_int.h"

/* The columns of a quote row (see quote_row() in qt_store_query.c). */
#define QUOTE_COLS                                                                          \
    "q.quote_id, a.article_id, a.doc, q.seq, q.kind, q.text, q.start, q.\"end\","           \
    " q.char_start, q.char_end, q.speaker_id, s.name, s.kind, s.title,"                    \
    " q.mention_start, q.mention_end, q.mention_char_start, q.mention_char_end,"           \
    " q.mention_text, q.cue_start, q.cue_end, q.cue_char_start, q.cue_char_end,"           \
    " q.cue_text, q.confidence, q.rule, q.parent_seq, a.outlet, a.url, a.title,"            \
    " a.published, a.revision,"                                                             \
    " (SELECT count(*) - 1 FROM articles c WHERE c.text_id = q.text_id AND c.is_current = 1)"

/* Filters shared by the look-ups: ?3 quote kind, ?4 speaker kind, ?5 since,
 * ?6 until (inclusive by prefix), ?7 outlet; ?8 is the LIMIT (-1 for none). */
#define FILTERS                                                                             \
    " AND (?3 IS NULL OR q.kind = ?3) AND (?4 IS NULL OR s.kind = ?4)"                     \
    " AND (?5 IS NULL OR a.published >= ?5)"                                               \
    " AND (?6 IS NULL OR substr(a.published, 1, length(?6)) <= ?6)"                        \
    " AND (?7 IS NULL OR a.outlet = ?7 COLLATE NOCASE)"

#define HOME_JOIN                                                                           \
    " JOIN texts t INDEXED BY texts_home ON t.text_id = q.text_id"                         \
    " JOIN articles a ON a.article_id = t.home_article_id"

#define ORDER_PUBLISHED " ORDER BY coalesce(a.published, a.ingested_at), a.article_id"

/* The speakers a look-up name stands for: by name, alias, join key or
 * "#ID", with the name, its key and the id bound to NAME, KEY and REF. */
#define SPEAKER_MATCH_ON(NAME, KEY, REF)                                                    \
    "SELECT speaker_id FROM speakers WHERE name = " NAME " COLLATE NOCASE"                 \
    " UNION SELECT speaker_id FROM speaker_aliases WHERE alias_key = " KEY                 \
    " UNION SELECT speaker_id FROM speaker_keys WHERE key = " KEY                          \
    " UNION SELECT speaker_id FROM speakers WHERE speaker_id = " REF
#define SPEAKER_MATCH SPEAKER_MATCH_ON("?1", "?2", "?9")

/* search --speaker (?1 is the full-text query there): the quote ids of the
 * speakers named by ?10, its key ?11 and id ?12. */
#define SPEAKER_QUOTE_IDS                                                                   \
    "(SELECT quote_id FROM quotes WHERE speaker_id IN (" SPEAKER_MATCH_ON("?10", "?11", "?12") "))"

#define ARTICLE_COLS                                                                        \
    "a.article_id, a.doc, a.url, a.title, a.outlet, a.byline, a.published,"                \
    " a.published_raw, a.ingested_at, t.hash, a.revision, a.is_current, a.copy_of, o.doc," \
    " t.bytes, (SELECT count(*) FROM quotes q WHERE q.text_id = a.text_id)"

/* Filters of `articles` (the bindings of FILTERS, on the article itself). */
#define ARTICLE_FILTERS                                                                     \
    " AND (?5 IS NULL OR a.published >= ?5)"                                               \
    " AND (?6 IS NULL OR substr(a.published, 1, length(?6)) <= ?6)"                        \
    " AND (?7 IS NULL OR a.outlet = ?7 COLLATE NOCASE)"

const char *const qt_store_sql[SQL_COUNT] = {
    [SQL_BEGIN] = "BEGIN IMMEDIATE",
    /* A read snapshot across the statements of one look-up (qt_store_who). */
    [SQL_READ_BEGIN] = "BEGIN",
    [SQL_COMMIT] = "COMMIT",
    [SQL_ROLLBACK] = "ROLLBACK",

    [SQL_FIND_DOC] = "SELECT article_id, text_id, revision FROM articles"
                     " WHERE doc = ?1 AND is_current = 1 ORDER BY article_id DESC LIMIT 1",
    [SQL_FIND_URL] = "SELECT article_id, text_id, revision FROM articles"
                     " WHERE url = ?1 AND is_current = 1 ORDER BY article_id DESC LIMIT 1",
    [SQL_FIND_TEXT] = "SELECT text_id, home_article_id FROM texts WHERE hash = ?1",
    [SQL_INSERT_TEXT] = "INSERT INTO texts(hash, body, bytes, chars, scanned_at)"
                        " VALUES (?1, ?2, ?3, ?4, ?5)",
    [SQL_INSERT_ARTICLE] =
        "INSERT INTO articles(doc, url, revision, is_current, text_id, copy_of, title, outlet,"
        " byline, published, published_raw, ingested_at, source)"
        " VALUES (?1, ?2, ?3, 1, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    [SQL_SET_NOT_CURRENT] = "UPDATE articles SET is_current = 0 WHERE article_id = ?1",
    [SQL_SET_HOME] = "UPDATE texts SET home_article_id = ?2 WHERE text_id = ?1",
    [SQL_REHOME] = "UPDATE texts SET home_article_id = coalesce((SELECT min(article_id)"
                   " FROM articles WHERE text_id = ?1 AND is_current = 1), home_article_id)"
                   " WHERE text_id = ?1 AND home_article_id = ?2",
    [SQL_HOME_IF_STALE] = "UPDATE texts SET home_article_id = ?2 WHERE text_id = ?1 AND"
                          " (home_article_id IS NULL OR NOT EXISTS (SELECT 1 FROM articles"
                          " WHERE article_id = texts.home_article_id AND is_current = 1))",
    [SQL_SPLIT_TARGET] = "SELECT b FROM curation WHERE op = 'split' AND doc = ?1 AND a_key = ?2"
                         " ORDER BY curation_id DESC LIMIT 1",
    [SQL_FIND_KEY] = "SELECT speaker_id FROM speaker_keys"
                     " WHERE key = ?1 AND kind = ?2 AND scope_text_id = ?3",
    [SQL_INSERT_SPEAKER] = "INSERT INTO speakers(name, kind, title, scope_text_id)"
                           " VALUES (?1, ?2, ?3, ?4)",
    [SQL_INSERT_KEY] = "INSERT OR IGNORE INTO speaker_keys(key, kind, scope_text_id, speaker_id)"
                       " VALUES (?1, ?2, ?3, ?4)",
    [SQL_UPDATE_TITLE] = "UPDATE speakers SET title = ?2 WHERE speaker_id = ?1"
                         " AND (title IS NULL OR length(title) < length(?2))",
    [SQL_INSERT_ALIAS] = "INSERT OR IGNORE INTO speaker_aliases(speaker_id, alias_key, alias)"
                         " VALUES (?1, ?2, ?3)",
    /* Shared persons who have been called by this word (a surname) in some
     * article; the caller keeps those with a full name and a compatible
     * title.  LIMIT: more candidates than that is ambiguous anyway. */
    [SQL_SURNAME_CANDIDATES] = "SELECT s.speaker_id, s.name, s.title FROM speaker_aliases a"
                               " JOIN speakers s ON s.speaker_id = a.speaker_id"
                               " WHERE a.alias_key = ?1 AND s.kind = 'person'"
                               " AND s.scope_text_id = 0 LIMIT 16",
    [SQL_INSERT_QUOTE] =
        "INSERT INTO quotes(text_id, seq, kind, start, \"end\", char_start, char_end, text,"
        " speaker_id, speaker_local, mention_start, mention_end, mention_char_start,"
        " mention_char_end, mention_text, cue_start, cue_end, cue_char_start, cue_char_end,"
        " cue_text, confidence, rule, parent_seq, home_article_id, home_order) VALUES (?1, ?2,"
        " ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20,"
        " ?21, ?22, ?23, ?24, ?25)",
    /* Not a trigger, and once per batch: see db/005_fts_prefix.sql and
     * qt_store_commit.  The batch holds the write lock from its first
     * quote, so every quote from ?1 on is the batch's. */
    [SQL_INSERT_QUOTE_FTS] = "INSERT INTO quotes_fts(rowid, text)"
                             " SELECT quote_id, coalesce(text, '') FROM quotes WHERE quote_id >= ?1",
    /* The stored counts of db/011_speaker_totals.sql, on ingest's path.
     * ?1 speaker, ?2 its number of new quotes in text ?3: counted when the
     * text's home article is current, and once per current article of the
     * text under its outlet (two articles of one outlet add twice: n counts
     * pairs of quote and article). */
    [SQL_TOTALS_ADD_QUOTES] =
        "INSERT INTO speaker_totals(speaker_id, quotes) SELECT ?1, ?2 FROM texts t"
        " JOIN articles a ON a.article_id = t.home_article_id"
        " WHERE t.text_id = ?3 AND a.is_current = 1"
        " ON CONFLICT(speaker_id) DO UPDATE SET quotes = quotes + excluded.quotes",
    [SQL_TOTALS_ADD_OUTLETS] =
        "INSERT INTO speaker_outlets(speaker_id, outlet, n) SELECT ?1, outlet, ?2 FROM articles"
        " WHERE text_id = ?3 AND is_current = 1 AND outlet IS NOT NULL"
        " ON CONFLICT(speaker_id, outlet) DO UPDATE SET n = n + excluded.n",
    /* A new article ?1 of a stored text (a verbatim copy, or a revision
     * back to an older wording): its text's quotes under its outlet.  It
     * is nobody's home yet; set_home counts that. */
    [SQL_TOTALS_ADD_ARTICLE] =
        "INSERT INTO speaker_outlets(speaker_id, outlet, n)"
        " SELECT q.speaker_id, a.outlet, count(*) FROM articles a"
        " JOIN quotes q ON q.text_id = a.text_id"
        " WHERE a.article_id = ?1 AND a.is_current = 1 AND a.outlet IS NOT NULL"
        " AND q.speaker_id IS NOT NULL GROUP BY q.speaker_id"
        " ON CONFLICT(speaker_id, outlet) DO UPDATE SET n = n + excluded.n",
    [SQL_TEXT_HOME] = "SELECT home_article_id FROM texts WHERE text_id = ?1",
    /* Text ?1's home moved from article ?3 to ?2: its quotes count when the
     * new home is current and no longer when the old one was. */
    [SQL_TOTALS_MOVE_HOME] =
        "INSERT INTO speaker_totals(speaker_id, quotes)"
        " SELECT speaker_id, d.delta * count(*) FROM quotes,"
        " (SELECT coalesce((SELECT is_current = 1 FROM articles WHERE article_id = ?2), 0)"
        "  - coalesce((SELECT is_current = 1 FROM articles WHERE article_id = ?3), 0) AS delta) d"
        " WHERE d.delta <> 0 AND text_id = ?1 AND speaker_id IS NOT NULL GROUP BY speaker_id"
        " ON CONFLICT(speaker_id) DO UPDATE SET quotes = quotes + excluded.quotes",
    [SQL_INSERT_MENTION] = "INSERT OR IGNORE INTO mentions(text_id, start, \"end\", char_start,"
                           " char_end, surface, speaker_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",

    [SQL_WHO] = "WITH sp(id) AS (" SPEAKER_MATCH ")"
                " SELECT " QUOTE_COLS ", 0.0 FROM sp"
                " JOIN quotes q ON q.speaker_id = sp.id"
                " JOIN speakers s ON s.speaker_id = q.speaker_id" HOME_JOIN
                " WHERE a.is_current = 1" FILTERS ORDER_PUBLISHED ", q.seq LIMIT ?8",
    /* SQL_WHO for a name that stands for one speaker: its quotes are one
     * range of the index quotes_who, already in the order printed
     * (db/012_who_cover.sql), so nothing is sorted, no quote row is read,
     * and the LIMIT stops the scan. */
    [SQL_WHO_ONE] = "SELECT " QUOTE_COLS ", 0.0 FROM quotes q INDEXED BY quotes_who"
                    " JOIN speakers s ON s.speaker_id = q.speaker_id"
                    " JOIN articles a ON a.article_id = q.home_article_id"
                    " WHERE q.speaker_id = (" SPEAKER_MATCH " LIMIT 1) AND a.is_current = 1"
                    FILTERS " ORDER BY q.home_order, q.home_article_id, q.seq LIMIT ?8",
    [SQL_WHO_KIND] = "SELECT " QUOTE_COLS ", 0.0 FROM speakers s"
                     " JOIN quotes q ON q.speaker_id = s.speaker_id" HOME_JOIN
                     " WHERE s.kind = ?4 AND a.is_current = 1"
                     FILTERS ORDER_PUBLISHED ", q.seq LIMIT ?8",
    [SQL_WHO_MATCHED] = "SELECT count(*) FROM (" SPEAKER_MATCH ")",
    /* How many quotes the speaker has, and about how many articles there are
     * (qt_store_who chooses between SQL_WHO and SQL_WHO_WALK by them). */
    [SQL_WHO_COUNT] = "WITH sp(id) AS (" SPEAKER_MATCH ")"
                      " SELECT (SELECT count(*) FROM quotes WHERE speaker_id IN sp),"
                      " (SELECT coalesce(max(article_id), 0) FROM articles)",
    /* SQL_WHO for prolific speakers: current articles in publication order
     * (index articles_order, db/007_who_order.sql; CROSS JOIN keeps SQLite
     * from reordering the loops), each probed for the speaker's quotes, so
     * the LIMIT stops the walk early.  Same rows in the same order as
     * SQL_WHO: a quote is listed with its text's home article. */
    [SQL_WHO_WALK] = "WITH sp(id) AS (" SPEAKER_MATCH ")"
                     " SELECT " QUOTE_COLS ", 0.0 FROM articles a CROSS JOIN texts t CROSS JOIN quotes q"
                     " JOIN speakers s ON s.speaker_id = q.speaker_id"
                     " WHERE a.is_current = 1 AND t.text_id = a.text_id AND t.home_article_id = a.article_id"
                     " AND q.text_id = t.text_id AND q.speaker_id IN sp"
                     FILTERS ORDER_PUBLISHED ", q.seq LIMIT ?8",
    [SQL_SEARCH] = "SELECT " QUOTE_COLS ", qt_bm25(quotes_fts) AS score FROM quotes_fts f"
                   " JOIN quotes q ON q.quote_id = f.rowid" HOME_JOIN
                   " LEFT JOIN speakers s ON s.speaker_id = q.speaker_id"
                   " WHERE quotes_fts MATCH ?1 AND a.is_current = 1"
                   FILTERS
                   /* --speaker, --outlet, --since/--until: a match's rowid
                    * is looked up in the quote-id sets qt_store_search binds
                    * to ?13, ?14 and ?15 (qt_store_idset.c), before its
                    * quote row is read, so a match outside them costs no
                    * page.  A bound pointer reads as NULL in SQL, so ?16,
                    * ?17 and ?18 say which are bound: without them, calling
                    * qt_in_ids for nothing cost 30 ns a match.  The
                    * speaker's set decides; the outlet's and the date
                    * range's only spare the other matches their row reads,
                    * FILTERS decides. */
                   " AND (?16 IS NULL OR qt_in_ids(?13, f.rowid))"
                   " AND (?17 IS NULL OR qt_in_ids(?14, f.rowid))"
                   " AND (?18 IS NULL OR qt_in_ids(?15, f.rowid))"
                   " ORDER BY score, q.quote_id LIMIT ?8",
    /* SQL_SEARCH for a speaker with few quotes against a common word: the
     * same condition without the OR, which SQLite then hands to FTS5 as
     * rowid = ? for each of the speaker's quotes (qt_store_search picks it
     * by the two counts). */
    [SQL_SEARCH_SPEAKER] = "SELECT " QUOTE_COLS ", qt_bm25(quotes_fts) AS score FROM quotes_fts f"
                           " JOIN quotes q ON q.quote_id = f.rowid" HOME_JOIN
                           " LEFT JOIN speakers s ON s.speaker_id = q.speaker_id"
                           " WHERE quotes_fts MATCH ?1 AND a.is_current = 1" FILTERS
                           " AND f.rowid IN " SPEAKER_QUOTE_IDS
                           " ORDER BY score, q.quote_id LIMIT ?8",
    /* Without filters: rank inside FTS5 first, join only the best few (a
     * common word matches many quotes; joining each match costs more than
     * ranking it).  ?2 over-fetches for superseded revisions.  Only the ?9
     * most recently stored matches are ranked (all of them when there are
     * fewer): BM25 costs a docsize look-up per ranked row, and a word in
     * half of a million quotes took a second.  They are the matches with
     * rowid >= lo, a range FTS5 seeks to. */
    [SQL_SEARCH_TOP] = "WITH lo(r) AS (SELECT min(rowid) FROM (SELECT rowid FROM quotes_fts"
                       " WHERE quotes_fts MATCH ?1 ORDER BY rowid DESC LIMIT ?9)),"
                       " top(rid, score) AS (SELECT rowid, qt_bm25(quotes_fts) AS s FROM quotes_fts"
                       " WHERE quotes_fts MATCH ?1 AND rowid >= (SELECT r FROM lo)"
                       " ORDER BY s LIMIT ?2)"
                       " SELECT " QUOTE_COLS ", top.score FROM top"
                       " JOIN quotes q ON q.quote_id = top.rid" HOME_JOIN
                       " LEFT JOIN speakers s ON s.speaker_id = q.speaker_id"
                       " WHERE a.is_current = 1 ORDER BY top.score LIMIT ?8",
    /* How many current articles an outlet has, and about how many quotes an
     * article has (qt_store_search decides by them whether to build the
     * outlet's quote ids). */
    [SQL_OUTLET_COUNT] = "SELECT (SELECT count(*) FROM articles WHERE outlet = ?1 COLLATE NOCASE"
                         " AND is_current = 1), (SELECT coalesce(max(quote_id), 0) FROM quotes),"
                         " (SELECT coalesce(max(article_id), 0) FROM articles)",
    /* The quote-id sets of SQL_SEARCH (qt_store_idset.c).  --speaker: the
     * quotes of the speakers named by ?1, its key ?2 and id ?3. */
    [SQL_SPEAKER_IDS] = "SELECT quote_id FROM quotes WHERE speaker_id IN ("
                        SPEAKER_MATCH_ON("?1", "?2", "?3") ")",
    /* --outlet ?1: the quotes whose text's home article is a current
     * article of that outlet, the rows FILTERS keeps for the outlet, found
     * from the outlet index (db/010_outlet_nocase.sql) and the covering
     * indexes of the home join and of quotes(text_id, seq). */
    [SQL_OUTLET_IDS] = "SELECT oq.quote_id FROM articles oa"
                       " JOIN texts ot INDEXED BY texts_home ON ot.text_id = oa.text_id"
                       " AND ot.home_article_id = oa.article_id"
                       " JOIN quotes oq ON oq.text_id = ot.text_id"
                       " WHERE oa.outlet = ?1 COLLATE NOCASE AND oa.is_current = 1",
    /* --since ?1 / --until ?2 (either NULL): the quotes whose text's home
     * article is a current article whose coalesce(published, ingested_at)
     * lies in [?1, ?2 + anything], read from the index articles_order
     * (db/007_who_order.sql).  A superset of the rows FILTERS keeps, which
     * still decides: it also holds undated articles ingested in the range,
     * and the upper bound ?2 || 0x7f admits every ISO date-time starting
     * with ?2 (stored dates are ASCII). */
    [SQL_DATE_IDS] = "SELECT dq.quote_id FROM articles da INDEXED BY articles_order"
                     " JOIN texts dt INDEXED BY texts_home ON dt.text_id = da.text_id"
                     " AND dt.home_article_id = da.article_id"
                     " JOIN quotes dq ON dq.text_id = dt.text_id"
                     " WHERE coalesce(da.published, da.ingested_at) >= coalesce(?1, '')"
                     " AND coalesce(da.published, da.ingested_at) <= coalesce(?2, '') || char(127)"
                     " AND da.is_current = 1",
    /* How many current articles lie in the date range of SQL_DATE_IDS (?1
     * since, ?2 until, either NULL; articles_order holds current articles
     * only), counted up to 1/?3 of all articles (their largest id), and the
     * maxima of quote and article ids. */
    [SQL_DATE_COUNT] = "SELECT (SELECT count(*) FROM (SELECT 1 FROM articles INDEXED BY articles_order"
                       " WHERE coalesce(published, ingested_at) >= coalesce(?1, '')"
                       " AND coalesce(published, ingested_at) <= coalesce(?2, '') || char(127)"
                       " AND is_current = 1"
                       " LIMIT (SELECT coalesce(max(article_id), 0) / ?3 + 1 FROM articles))),"
                       " (SELECT coalesce(max(quote_id), 0) FROM quotes),"
                       " (SELECT coalesce(max(article_id), 0) FROM articles)",
    [SQL_SEARCH_COUNT] = "SELECT count(*) FROM (SELECT 1 FROM quotes_fts WHERE quotes_fts MATCH ?1"
                         " LIMIT ?2)",
    /* The counts are stored (db/011_speaker_totals.sql): the inner query
     * sorts the speakers by them and keeps the LIMIT, so that aliases and
     * outlets are read for the rows printed only. */
    [SQL_SPEAKERS] =
        "SELECT s.speaker_id, s.name, s.kind, s.title,"
        " (SELECT group_concat(alias, char(31)) FROM speaker_aliases x"
        "   WHERE x.speaker_id = s.speaker_id) AS aliases, p.nq,"
        " (SELECT count(*) FROM speaker_outlets o WHERE o.speaker_id = s.speaker_id) AS no"
        " FROM (SELECT s.speaker_id, coalesce(c.quotes, 0) AS nq FROM speakers s"
        "   LEFT JOIN speaker_totals c ON c.speaker_id = s.speaker_id"
        "   WHERE (?4 IS NULL OR s.kind = ?4)"
        "   AND (?1 IS NULL OR instr(lower(s.name), ?2) > 0 OR EXISTS (SELECT 1 FROM"
        "     speaker_aliases x WHERE x.speaker_id = s.speaker_id AND instr(x.alias_key, ?2) > 0))"
        "   ORDER BY nq DESC, s.name COLLATE NOCASE, s.speaker_id LIMIT ?8) p"
        " JOIN speakers s ON s.speaker_id = p.speaker_id"
        " ORDER BY p.nq DESC, s.name COLLATE NOCASE, s.speaker_id",
    /* The counts SQL_SPEAKERS reads, computed from the quotes and articles
     * themselves (what the stored ones must equal; the tests compare). */
    [SQL_SPEAKERS_RECOUNT] =
        "SELECT s.speaker_id,"
        " (SELECT count(*) FROM quotes q" HOME_JOIN
        "   WHERE q.speaker_id = s.speaker_id AND a.is_current = 1),"
        " (SELECT count(DISTINCT a.outlet) FROM quotes q JOIN articles a"
        "   ON a.text_id = q.text_id AND a.is_current = 1 WHERE q.speaker_id = s.speaker_id),"
        " coalesce((SELECT quotes FROM speaker_totals c WHERE c.speaker_id = s.speaker_id), 0),"
        " (SELECT count(*) FROM speaker_outlets o WHERE o.speaker_id = s.speaker_id),"
        " (SELECT count(*) FROM speaker_outlets o WHERE o.speaker_id = s.speaker_id AND o.n <= 0)"
        " FROM speakers s ORDER BY s.speaker_id",
    /* articles --all: every revision, sorted. */
    [SQL_ARTICLES] = "SELECT " ARTICLE_COLS ", NULL FROM articles a"
                     " JOIN texts t ON t.text_id = a.text_id"
                     " LEFT JOIN articles o ON o.article_id = a.copy_of"
                     " WHERE (?1 OR a.is_current = 1)" ARTICLE_FILTERS
                     ORDER_PUBLISHED " LIMIT ?8",
    /* articles --limit N: the current ones, walked in the order of
     * articles_order (db/007_who_order.sql, which holds current articles
     * only) so that N articles and their texts are read.  Left to itself SQLite
     * read every article and its text row (the body's page) and sorted
     * them: 1.5 s for `articles --limit 20` on 100,000 articles. */
    [SQL_ARTICLES_CURRENT] = "SELECT " ARTICLE_COLS ", NULL FROM articles a INDEXED BY articles_order"
                             " JOIN texts t ON t.text_id = a.text_id"
                             " LEFT JOIN articles o ON o.article_id = a.copy_of"
                             " WHERE a.is_current = 1" ARTICLE_FILTERS
                             ORDER_PUBLISHED " LIMIT ?8",
    [SQL_ARTICLE_REF] = "SELECT " ARTICLE_COLS ", t.body, a.text_id FROM articles a"
                        " JOIN texts t ON t.text_id = a.text_id"
                        " LEFT JOIN articles o ON o.article_id = a.copy_of"
                        " WHERE a.doc = ?1 OR a.url = ?1 OR a.article_id = ?2"
                        " ORDER BY a.is_current DESC, a.article_id DESC LIMIT 1",
    [SQL_ARTICLE_QUOTES] = "SELECT " QUOTE_COLS ", 0.0 FROM articles a"
                           " JOIN quotes q ON q.text_id = a.text_id"
                           " LEFT JOIN speakers s ON s.speaker_id = q.speaker_id"
                           " WHERE a.article_id = ?1 ORDER BY q.seq",

    [SQL_RESOLVE_SPEAKER] =
        "SELECT speaker_id, name, kind, max(exact) FROM ("
        " SELECT speaker_id, name, kind, 1 AS exact FROM speakers WHERE name = ?1 COLLATE NOCASE"
        " UNION ALL SELECT s.speaker_id, s.name, s.kind, 0 FROM speaker_aliases x"
        "   JOIN speakers s ON s.speaker_id = x.speaker_id WHERE x.alias_key = ?2"
        " UNION ALL SELECT s.speaker_id, s.name, s.kind, 0 FROM speaker_keys k"
        "   JOIN speakers s ON s.speaker_id = k.speaker_id WHERE k.key = ?2)"
        " GROUP BY speaker_id ORDER BY 4 DESC, speaker_id LIMIT 20",
    [SQL_SPEAKER_BY_ID] = "SELECT speaker_id, name, kind, 1 FROM speakers WHERE speaker_id = ?1",
    [SQL_MOVE_QUOTES] = "UPDATE quotes SET speaker_id = ?1 WHERE speaker_id = ?2",
    [SQL_MOVE_MENTIONS] = "UPDATE mentions SET speaker_id = ?1 WHERE speaker_id = ?2",
    [SQL_MOVE_ALIASES] = "INSERT OR IGNORE INTO speaker_aliases(speaker_id, alias_key, alias)"
                         " SELECT ?1, alias_key, alias FROM speaker_aliases WHERE speaker_id = ?2",
    [SQL_MOVE_KEYS] = "UPDATE speaker_keys SET speaker_id = ?1 WHERE speaker_id = ?2",
    [SQL_DELETE_SPEAKER] = "DELETE FROM speakers WHERE speaker_id = ?1",
    [SQL_RENAME_SPEAKER] = "UPDATE speakers SET name = ?2 WHERE speaker_id = ?1",
    [SQL_CURATION_LOG] = "INSERT INTO curation(op, a, a_key, b, doc, created_at)"
                         " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    [SQL_KEY_OWNER] = "SELECT speaker_id FROM speaker_keys WHERE key = ?1 AND scope_text_id = 0"
                      " AND speaker_id <> ?2 LIMIT 1",
    [SQL_SPLIT_QUOTES] = "UPDATE quotes SET speaker_id = ?1 WHERE speaker_id = ?2 AND text_id = ?3",
    [SQL_SPLIT_MENTIONS] = "UPDATE mentions SET speaker_id = ?1 WHERE speaker_id = ?2"
                           " AND text_id = ?3",
    [SQL_SPLIT_LOCALS] = "SELECT DISTINCT speaker_local FROM quotes WHERE speaker_id = ?1"
                         " AND text_id = ?3 AND speaker_local IS NOT NULL AND ?2 IS NOT NULL",
};
