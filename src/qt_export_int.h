/*
 * qt_export_int.h - internals shared by the qt_export*.c files: the rows the
 * selection yields, the in-memory set the graph formats work on, and one
 * entry point per format.  Not part of the public API.
 *
 * Ownership: every string in a qt_ex_* struct is either a column of the
 * statement being stepped (streamed rows: valid during the callback only) or
 * lives in the set's string pool (freed with the set).
 */
#ifndef QT_EXPORT_INT_H
#define QT_EXPORT_INT_H

#include <json-c/json.h>
#include <stdint.h>

#include "qt_export.h"
#include "qt_store_int.h"

/* How the JSON formats are serialised: compact, "/" left alone. */
#define QT_EX_JSON_FLAGS (JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)
/* Code points of context kept on each side of a quote (TextQuoteSelector). */
#define QT_EX_CONTEXT 32
/* Aligned passages of a reuse link kept with their text (HTML report). */
#define QT_EX_PASSAGES_SHOWN 3
#define QT_EX_NONE ((size_t)-1)

typedef struct {
    int64_t article_id, text_id;
    const char *doc, *url, *title, *outlet, *byline, *published, *ingested_at, *hash;
    const char *iri;         /* url when it is http(s), else urn:quotetrack:doc:DOC */
    int revision, is_current;
    int64_t copy_of;         /* 0 unless a verbatim copy recorded at ingest */
    long quotes;             /* quotes of its text */
    int copies;              /* other current articles carrying the same text */
    int in_scope;            /* matched the filters (else shown as context) */
} qt_ex_article;

typedef struct {
    int64_t quote_id, text_id;
    int seq;
    const char *kind, *text;
    qt_span span;
    int64_t speaker_id;      /* 0: none */
    const char *speaker, *speaker_kind, *speaker_title;
    int has_mention;
    qt_span mention;
    const char *mention_text;
    int has_cue;
    qt_span cue;
    const char *cue_text;
    double confidence;
    const char *rule;
    int parent;              /* seq of the enclosing claim, or -1 */
    const char *exact;       /* the article text at the span (code points) */
    const char *prefix, *suffix; /* up to QT_EX_CONTEXT code points around it */
    const char *iri;         /* urn:quotetrack:quote:TEXTHASH:SEQ */
    int copies;              /* other current articles carrying the text */
    int64_t family_id;       /* 0: in no family */
    int64_t parent_quote_id; /* family parent, 0 for the origin */
    const char *relation;    /* origin | verbatim | near-verbatim | partial | altered */
    double similarity;
    const char *diff;        /* JSON text [{"op","text"}], or NULL */
    int in_scope;
    size_t article;          /* set: index of its article */
} qt_ex_quote;

typedef struct {
    int64_t family_id, origin_quote_id, speaker_id;
    const char *label;
    size_t members;          /* instances (set by qt_ex_set_index) */
} qt_ex_family;

typedef enum {
    QT_LINK_REUSE = 0,       /* a row of table reuse */
    QT_LINK_COPY,            /* articles.copy_of: the same text under another id */
    QT_LINK_REVISION         /* an earlier revision of the same document */
} qt_ex_link_type;

typedef struct {
    size_t source_start, source_end, derived_start, derived_end;
    size_t source_char_start, source_char_end, derived_char_start, derived_char_end;
    long words;
    const char *source_text, *derived_text; /* excerpts (code points) */
    const char *diff;        /* the whole passage's word diff, source -> derived
                                (qt_reuse_diff_json); NULL if the texts are gone */
} qt_ex_passage;

typedef struct {
    qt_ex_link_type type;
    int64_t reuse_id;
    size_t source, derived;  /* article indices: earlier -> later */
    const char *relation;    /* verbatim | wholly | partial; "copy"; "revision" */
    double coverage, source_coverage;
    int primary, dated;
    long passages;           /* all aligned passages */
    size_t shown;            /* of which in passage[] */
    qt_ex_passage passage[QT_EX_PASSAGES_SHOWN];
} qt_ex_link;

typedef struct {
    int64_t conflict_id, quote_id, other_quote_id, family_id;
    const char *kind, *detail, *detected_at;
} qt_ex_conflict;

/* A fact-checker's rating of a quote (table ratings, db/004_ratings.sql). */
typedef struct {
    int64_t rating_id, quote_id;
    const char *rating;      /* the verdict in words */
    int has_value, has_best, has_worst;
    long value, best, worst;
    const char *reviewer, *url, *note, *rated_at;
} qt_ex_rating;

typedef struct {
    int64_t speaker_id;
    const char *name, *kind, *title;
    size_t quotes;           /* selected quotes */
} qt_ex_speaker;

typedef struct qt_ex_pool qt_ex_pool;

/* id -> index (open addressing; ids are never 0). */
typedef struct {
    int64_t *keys;
    size_t *vals;
    size_t cap, n;
} qt_ex_map;

size_t qt_ex_map_get(const qt_ex_map *m, int64_t key);  /* QT_EX_NONE when absent */
int qt_ex_map_put(qt_ex_map *m, int64_t key, size_t val); /* -1 when out of memory */
void qt_ex_map_free(qt_ex_map *m);

typedef struct {
    qt_ex_map quotes, articles, families, reuse;
} qt_ex_maps;

typedef struct {
    qt_store *store;
    const qt_export_filter *filter;
    const char *title;
    char generated_at[32];
    qt_ex_pool *pool;
    int oom;                 /* a pool allocation failed */
    qt_ex_quote *quotes;     /* selected first (publication order), then context */
    size_t nquotes, nselected;
    qt_ex_article *articles;
    size_t narticles;
    qt_ex_family *families;
    size_t nfamilies;
    size_t nshared;          /* families with two instances or more */
    qt_ex_link *links;
    size_t nlinks;
    qt_ex_conflict *conflicts;
    size_t nconflicts;
    qt_ex_rating *ratings;   /* of selected quotes, by quote then date */
    size_t nratings;
    qt_ex_speaker *speakers; /* of selected quotes, most quoted first */
    size_t nspeakers;
    /* indexes built after loading */
    size_t *by_text;         /* article indices sorted by text id, then publication */
    size_t *by_family;       /* quote indices sorted by family, then publication */
    size_t nby_family;
    int64_t *conf_quote;     /* both quotes of each conflict, sorted ... */
    size_t *conf_index;      /* ... with the conflict's index */
    size_t nconf;
    qt_ex_maps maps;
} qt_ex_set;

/* ---- selection (qt_export.c) -------------------------------------------- */

/* The resolved filter: dates normalised, speaker/article/family checked. */
typedef struct {
    const qt_export_filter *f;
    char since[32], until[32];
    int has_since, has_until;
    int64_t article_id, article_text_id; /* --article, else 0 */
    int quote_filter;        /* speaker, kind or family: articles need a matching quote */
} qt_ex_query;

typedef qt_status (*qt_ex_row_fn)(const qt_ex_quote *q, const qt_ex_article *a, void *ctx,
                                  qt_error *err);

/* Checks the filter (QT_ERR_NOTFOUND / QT_ERR_USAGE) and fills q. */
qt_status qt_ex_resolve(qt_store *s, const qt_export_filter *f, qt_ex_query *q, qt_error *err);

/* Every selected quote with its article, in publication order; article_fn
 * (may be NULL) is called for each article in scope, also when none of its
 * quotes is selected (only without a quote filter). */
qt_status qt_ex_select(qt_store *s, const qt_ex_query *q, qt_ex_row_fn fn,
                       qt_status (*article_fn)(const qt_ex_article *a, void *ctx, qt_error *err),
                       void *ctx, qt_error *err);

/* The columns every quote query selects, in the order qt_ex_quote_from()
 * reads them, and the joins they need (q quotes, t texts, s speakers, m
 * family_members); prefix and suffix are QT_EX_CONTEXT code points. */
#define QT_EX_QUOTE_COLS                                                                   \
    "q.quote_id, q.text_id, q.seq, q.kind, q.text, q.start, q.\"end\", q.char_start,"       \
    " q.char_end, q.speaker_id, s.name, s.kind, s.title, q.mention_start, q.mention_end,"  \
    " q.mention_char_start, q.mention_char_end, q.mention_text, q.cue_start, q.cue_end,"   \
    " q.cue_char_start, q.cue_char_end, q.cue_text, q.confidence, q.rule, q.parent_seq,"   \
    " t.hash, m.family_id, m.parent_quote_id, m.relation, m.similarity, m.diff,"           \
    " substr(t.body, q.char_start + 1, q.char_end - q.char_start),"                        \
    " substr(t.body, max(q.char_start - 32, 0) + 1, min(q.char_start, 32)),"               \
    " substr(t.body, q.char_end + 1, 32)"
#define QT_EX_QUOTE_NCOLS 35
#define QT_EX_QUOTE_FROM                                                                   \
    " FROM quotes q JOIN texts t ON t.text_id = q.text_id"                                 \
    " LEFT JOIN speakers s ON s.speaker_id = q.speaker_id"                                 \
    " LEFT JOIN family_members m ON m.quote_id = q.quote_id"
/* Article columns (a articles, t texts). */
#define QT_EX_ARTICLE_COLS                                                                 \
    "a.article_id, a.text_id, a.doc, a.url, a.title, a.outlet, a.byline, a.published,"     \
    " a.ingested_at, t.hash, a.revision, a.is_current, a.copy_of,"                         \
    " (SELECT count(*) FROM quotes x WHERE x.text_id = a.text_id),"                        \
    " (SELECT count(*) - 1 FROM articles c WHERE c.text_id = a.text_id AND c.is_current = 1)"
#define QT_EX_ARTICLE_NCOLS 15

/* Fill q / a from the columns above (q from column 0, a from column col).
 * Strings point into the statement; iri is left NULL. */
void qt_ex_quote_from(sqlite3_stmt *st, qt_ex_quote *q);
void qt_ex_article_from(sqlite3_stmt *st, int col, qt_ex_article *a);

/* Prepares sql on the store's connection; NULL with err filled. */
sqlite3_stmt *qt_ex_prepare(qt_store *s, const char *sql, qt_error *err);

/* IRIs: *out is pool memory (set) or buf (rows, buf of n bytes). */
void qt_ex_quote_iri(const char *hash, int seq, char *buf, size_t n);
/* urn:quotetrack:doc:<doc, percent-encoded> or the http(s) URL; malloc'ed. */
char *qt_ex_article_iri(const char *doc, const char *url);

/* Byte length of the first max_cp code points of s (all of s when shorter);
 * *cut (may be NULL) is set when s was longer. */
size_t qt_ex_cut(const char *s, size_t max_cp, int *cut);

/* A short label for an article: "outlet · date" (date "undated"). */
void qt_ex_article_label(const qt_ex_article *a, char *buf, size_t n);

/* ---- the set (qt_export_data.c, qt_export_index.c) ----------------------------------------- */

qt_status qt_ex_set_load(qt_store *s, const qt_ex_query *q, const qt_export_options *opt,
                         qt_ex_set **out, qt_error *err);
void qt_ex_set_free(qt_ex_set *set);

/* qt_export_index.c: builds by_text, by_family and speakers once loaded. */
qt_status qt_ex_set_index(qt_ex_set *set, qt_error *err);

/* Index of a quote / article / family by id, or QT_EX_NONE. */
size_t qt_ex_quote_index(const qt_ex_set *set, int64_t quote_id);
size_t qt_ex_article_index(const qt_ex_set *set, int64_t article_id);
size_t qt_ex_family_index(const qt_ex_set *set, int64_t family_id);
/* Whether family_id is a family of the set with two instances or more: ingest
 * gives every quote a family, and only shared ones are worth a section. */
int qt_ex_shared_family(const qt_ex_set *set, int64_t family_id);
/* The first rating of a quote in set->ratings, or QT_EX_NONE. */
size_t qt_ex_rating_index(const qt_ex_set *set, int64_t quote_id);

/* The current articles carrying text_id, earliest first: *n of them from
 * set->by_text + *first. */
void qt_ex_carriers(const qt_ex_set *set, int64_t text_id, size_t *first, size_t *n);

/* The members of family i (quote indices, origin and earliest first). */
void qt_ex_members(const qt_ex_set *set, size_t family, size_t *first, size_t *n);

/* The conflicts naming quote_id (either side): *n indices in
 * set->conf_index + *first. */
void qt_ex_conflicts_of(const qt_ex_set *set, int64_t quote_id, size_t *first, size_t *n);

/* The article where the family's chain starts (its origin's article), else
 * the earliest carrier of quote qi's text. */
size_t qt_ex_first_appearance(const qt_ex_set *set, size_t qi);

/* The set's reuse links counted by (source outlet, derived outlet), outlets
 * compared case-insensitively (NULL: unknown); verbatim copies recorded at
 * ingest count as whole reuse, revisions not at all. */
typedef struct {
    const char *source_outlet, *derived_outlet;
    size_t pairs, whole, partial, primary;   /* whole: verbatim, wholly or a copy */
    double coverage_sum;
} qt_ex_outlet_pair;

/* Fills *out (malloc'ed, the caller frees; NULL when *n is 0) most pairs
 * first.  Returns 0, or -1 when out of memory. */
int qt_ex_outlet_pairs(const qt_ex_set *set, qt_ex_outlet_pair **out, size_t *n);

/* Pool copy of s (NULL stays NULL); NULL and set->oom on failure. */
char *qt_ex_strdup(qt_ex_set *set, const char *s);

/* ---- HTML pieces (qt_export_svg.c) -------------------------------------- */

/* Writes s escaped for HTML text and attribute values (& < > " ' and control
 * characters), at most max_cp code points ((size_t)-1: all) with an ellipsis
 * when cut.  0, or -1 on a write error. */
int qt_ex_html_text(FILE *out, const char *s, size_t max_cp);

typedef struct {
    const char *line[3];     /* the first is bold; NULL lines are skipped */
    const char *cls;         /* CSS classes */
    const char *href;        /* "#anchor" the node links to, or NULL */
} qt_svg_node;

typedef struct {
    size_t from, to;         /* node indices */
    const char *label;       /* or NULL */
    const char *cls;
} qt_svg_edge;

/* Draws a directed graph as an inline <svg> (id makes its marker ids unique
 * in the page).  Graphs over QT_EX_SVG_MAX_NODES nodes are replaced by a
 * note (nodes and edges are then not read). */
#define QT_EX_SVG_MAX_NODES 60
qt_status qt_ex_svg_graph(FILE *out, unsigned long id, const char *title, const qt_svg_node *nodes,
                          size_t n, const qt_svg_edge *edges, size_t m, qt_error *err);

/* The report's inline style sheet (qt_export_css.c). */
extern const char qt_ex_report_css[];

/* ---- formats ------------------------------------------------------------ */

/* qt_export_rows.c: streamed, constant memory. */
qt_status qt_ex_jsonl(qt_store *s, const qt_ex_query *q, FILE *out, qt_export_stats *stats,
                      qt_error *err);
qt_status qt_ex_csv(qt_store *s, const qt_ex_query *q, FILE *out, qt_export_stats *stats,
                    qt_error *err);
qt_status qt_ex_annotations(qt_store *s, const qt_ex_query *q, const qt_export_options *opt,
                            FILE *out, qt_export_stats *stats, qt_error *err);
/* The JSON record of one quote (jsonl).  partials (a claim's fragments) and
 * conflicts may be NULL; both are taken over (attached or freed). */
qt_status qt_ex_quote_json(const qt_ex_quote *q, const qt_ex_article *a, json_object *partials,
                           json_object *conflicts, json_object **out, qt_error *err);

/* qt_export_ld.c, qt_export_prov.c, qt_export_dot.c, qt_export_html.c */
qt_status qt_ex_claimreview(const qt_ex_set *set, FILE *out, qt_error *err);
qt_status qt_ex_prov(const qt_ex_set *set, FILE *out, qt_error *err);
qt_status qt_ex_dot(const qt_ex_set *set, FILE *out, qt_error *err);
qt_status qt_ex_html(const qt_ex_set *set, FILE *out, qt_error *err);

/* Shared JSON helpers (qt_export_rows.c): add a string / number / null,
 * returning -1 on failure (out of memory). */
int qt_ex_add_str(json_object *o, const char *key, const char *v);
int qt_ex_add_int(json_object *o, const char *key, int64_t v);
int qt_ex_add_num(json_object *o, const char *key, double v, int decimals);
int qt_ex_add_obj(json_object *o, const char *key, json_object *v);
int qt_ex_push(json_object *array, json_object *v);
/* Writes obj (QT_EX_JSON_FLAGS, pretty when pretty) and a newline. */
qt_status qt_ex_write_json(FILE *out, json_object *obj, int pretty, qt_error *err);
qt_status qt_ex_nomem(qt_error *err);
qt_status qt_ex_write_failed(qt_error *err);

#endif
