/*
 * test_export.c - `export`: every JSON format parsed back with json-c, the
 * CSV guard and quoting, HTML and DOT escaping, selectors that point at the
 * right code points, families/reuse/conflict rows rendered (inserted by hand
 * following db/002_reuse.sql) and absent without them, the filters, ratings,
 * and atomic file output.  Articles and scan results are built by hand so
 * the tests do not depend on the scanner.
 */
#include <dirent.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>

#include "qt_export.h"
#include "qt_rating.h"
#include "qt_store.h"
#include "qt_text.h"
#include "suites.h"

/* Article A: a direct quote with everything hostile in it (a leading =,
 * <script>, commas, ASCII double quotes, a newline) after non-ASCII text, so
 * byte and code point offsets differ; and a reported claim. */
static const char text_a[] =
    "Zo\xC3\xAB \xF0\x9F\x8E\x89 r\xC3\xA9sum\xC3\xA9 first.\n"
    "\xE2\x80\x9C=SUM(A1) <script>alert(1)</script>, he said \"no\"\nand left,\xE2\x80\x9D Ann Lee said.\n"
    "Ann Lee said the plan was dead.\n";
static const char hostile[] = "=SUM(A1) <script>alert(1)</script>, he said \"no\"\nand left,";
/* Article B: the claim credited to someone else, and the quote altered. */
static const char text_b[] = "Bob Ray said the plan was dead.\n"
                             "\xE2\x80\x9CThe plan is over, he said no,\xE2\x80\x9D Ann Lee told us.\n";

typedef struct {
    char *dir, *db;
    qt_store *store;
} fixture;

static size_t cps(const char *s, size_t bytes)
{
    return qt_utf8_count(s, bytes);
}

static void put(qt_store *s, const char *id, const char *text, const char *url, const char *outlet,
                const char *published, const char *const *quotes, const qt_quote_kind *kinds,
                const int *speaker, size_t nq, const char *const *names)
{
    qt_article *a = NULL;
    ck_assert_int_eq(qt_article_from_bytes(id, text, strlen(text), &a, NULL), QT_OK);
    if (url) qt_article_set(a, "url", url, NULL);
    qt_article_set(a, "outlet", outlet, NULL);
    qt_article_set(a, "published", published, NULL);
    qt_speaker sp[2] = {{0}};
    char *none[] = {NULL};
    for (int i = 0; i < 2; i++) {
        sp[i].name = (char *)names[i];
        sp[i].kind = QT_SPEAKER_PERSON;
        sp[i].aliases = none;
    }
    qt_quote q[4];
    memset(q, 0, sizeof q);
    for (size_t i = 0; i < nq; i++) {
        const char *at = strstr(text, quotes[i]);
        ck_assert_ptr_nonnull(at);
        size_t start = (size_t)(at - text), end = start + strlen(quotes[i]);
        q[i].kind = kinds[i];
        q[i].span = (qt_span){start, end, cps(text, start), cps(text, end)};
        q[i].text = (char *)quotes[i];
        q[i].speaker = speaker[i];
        q[i].confidence = 0.875;
        q[i].rule = "test";
        q[i].parent = -1;
    }
    qt_scan_result res = {q, nq, sp, 2};
    qt_error err;
    qt_error_clear(&err);
    ck_assert_msg(qt_store_ingest_result(s, a, &res, NULL, &err) == QT_OK, "%s", qt_error_message(&err));
    qt_article_free(a);
}

static void setup(fixture *f)
{
    f->dir = tu_temp_dir();
    size_t n = strlen(f->dir) + 16;
    f->db = malloc(n);
    snprintf(f->db, n, "%s/t.db", f->dir);
    qt_error err;
    qt_error_clear(&err);
    f->store = qt_store_open(f->db, 0, &err);
    ck_assert_msg(f->store != NULL, "%s", qt_error_message(&err));
    const char *names[] = {"Ann Lee", "Bob Ray"};
    const char *qa[] = {hostile, "the plan was dead"};
    qt_quote_kind ka[] = {QT_KIND_DIRECT, QT_KIND_INDIRECT};
    int sa[] = {0, 0};
    put(f->store, "a.txt", text_a, "https://wire.example/a", "Wire", "2024-10-31", qa, ka, sa, 2, names);
    const char *qb[] = {"the plan was dead", "The plan is over, he said no,"};
    qt_quote_kind kb[] = {QT_KIND_INDIRECT, QT_KIND_DIRECT};
    int sb[] = {1, 0};
    put(f->store, "b.txt", text_b, NULL, "Daily", "2024-11-01", qb, kb, sb, 2, names);
}

static void exec_sql(fixture *f, const char *sql)
{
    sqlite3 *db = NULL;
    ck_assert_int_eq(sqlite3_open(f->db, &db), SQLITE_OK);
    char *msg = NULL;
    ck_assert_msg(sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK, "%s", msg ? msg : "");
    sqlite3_close(db);
}

/* What ingest found about families and article reuse is replaced by known
 * rows, so these tests check the export, not the detectors. */
static const char forget_families[] = "DELETE FROM conflicts; DELETE FROM family_members;"
                                      " DELETE FROM families; DELETE FROM reuse_passages;"
                                      " DELETE FROM reuse;";

/* Reuse-detector rows for A -> B (quote ids: A's are 1, 2; B's 3, 4). */
static void add_reuse_rows(fixture *f)
{
    exec_sql(f, forget_families);
    exec_sql(f,
             "INSERT INTO families(family_id, origin_quote_id, speaker_id, label, created_at)"
             " VALUES (7, 1, 1, 'the origin', '2024-11-02T00:00:00Z');"
             "INSERT INTO family_members(quote_id, family_id, parent_quote_id, relation,"
             " similarity, diff) VALUES (1, 7, NULL, 'origin', 1.0, NULL);"
             "INSERT INTO family_members(quote_id, family_id, parent_quote_id, relation,"
             " similarity, diff) VALUES (4, 7, 1, 'altered', 0.4,"
             " '[{\"op\":\"-\",\"text\":\"<b>old</b>\"},{\"op\":\"+\",\"text\":\"new & \\\"odd\\\"\"}]');"
             /* A family of one (every quote has one): no section of its own. */
             "INSERT INTO families(family_id, origin_quote_id, speaker_id, label, created_at)"
             " VALUES (8, 2, 1, 'alone', '2024-11-02T00:00:00Z');"
             "INSERT INTO family_members(quote_id, family_id, parent_quote_id, relation,"
             " similarity, diff) VALUES (2, 8, NULL, 'origin', 1.0, NULL);"
             "INSERT INTO conflicts(kind, quote_id, other_quote_id, family_id, detail, detected_at)"
             " VALUES ('attribution', 3, 2, NULL, 'Bob <i>Ray</i> vs Ann Lee', '2024-11-02T00:00:00Z');"
             "INSERT INTO reuse(reuse_id, source_article_id, derived_article_id, relation, coverage,"
             " source_coverage, is_primary, dated, score, detected_at)"
             " VALUES (1, 1, 2, 'partial', 0.5, 0.25, 1, 1, 0.7, '2024-11-02T00:00:00Z');"
             "INSERT INTO reuse_passages VALUES (1, 0, 0, 10, 0, 10, 0, 8, 0, 10, 2);");
}

static void teardown(fixture *f)
{
    qt_store_close(f->store);
    char *paths[] = {f->db, NULL, NULL};
    size_t n = strlen(f->db) + 8;
    paths[1] = malloc(n);
    paths[2] = malloc(n);
    snprintf(paths[1], n, "%s-wal", f->db);
    snprintf(paths[2], n, "%s-shm", f->db);
    for (int i = 0; i < 3; i++) tu_remove(paths[i]);
    /* Leftovers (reports written by a test) go too. */
    DIR *d = opendir(f->dir);
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.' && (!e->d_name[1] || (e->d_name[1] == '.' && !e->d_name[2]))) continue;
        char p[4096];
        snprintf(p, sizeof p, "%s/%s", f->dir, e->d_name);
        if (unlink(p) != 0) rmdir(p);
    }
    if (d) closedir(d);
    tu_remove(f->dir);
}

/* Runs an export into a string (free it). */
static char *run(fixture *f, qt_export_format fmt, const qt_export_filter *flt, qt_status want)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(m);
    qt_export_options opt = {.title = "Test <report>", .generated_at = "2024-11-05T00:00:00Z"};
    qt_error err;
    qt_error_clear(&err);
    qt_status st = qt_export(f->store, fmt, flt, &opt, m, NULL, &err);
    fclose(m);
    ck_assert_msg(st == want, "export %s: %d (%s)", qt_export_format_name(fmt), st,
                  qt_error_message(&err));
    return buf;
}

static json_object *parse(const char *s)
{
    json_object *o = json_tokener_parse(s);
    ck_assert_msg(o != NULL, "not JSON: %.200s", s);
    return o;
}

static json_object *get(json_object *o, const char *key)
{
    json_object *v = NULL;
    ck_assert_msg(json_object_object_get_ex(o, key, &v), "no key %s", key);
    return v;
}

static const char *str(json_object *o, const char *key)
{
    return json_object_get_string(get(o, key));
}

/* Number of JSON Lines records (each parsed); the first with text t in *hit
 * (which must start NULL). */
static int jsonl_lines(const char *s, const char *t, json_object **hit)
{
    int n = 0;
    char *copy = strdup(s), *save = NULL;
    for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        json_object *o = parse(line);
        if (hit && !*hit && t && strcmp(str(o, "text"), t) == 0) *hit = json_object_get(o);
        json_object_put(o);
        n++;
    }
    free(copy);
    return n;
}

START_TEST(jsonl_round_trips_hostile_text)
{
    fixture f;
    setup(&f);
    add_reuse_rows(&f);
    char *out = run(&f, QT_EXPORT_JSONL, NULL, QT_OK);
    json_object *q = NULL;
    ck_assert_int_eq(jsonl_lines(out, hostile, &q), 4);
    ck_assert_ptr_nonnull(q);
    /* Offsets: bytes and code points into the article text. */
    const char *at = strstr(text_a, hostile);
    ck_assert_int_eq(json_object_get_int64(get(q, "start")), at - text_a);
    ck_assert_int_eq(json_object_get_int64(get(q, "char_start")), (int64_t)cps(text_a, (size_t)(at - text_a)));
    ck_assert_str_eq(str(q, "speaker"), "Ann Lee");
    ck_assert_str_eq(str(q, "outlet"), "Wire");
    ck_assert_str_eq(str(q, "url"), "https://wire.example/a");
    ck_assert_int_eq(json_object_get_int(get(q, "family")), 7);
    ck_assert_str_eq(str(q, "relation"), "origin");
    ck_assert_str_eq(json_object_to_json_string(get(q, "confidence")), "0.875");
    json_object_put(q);
    /* The altered instance: its diff is JSON, its conflict listed. */
    json_object *alt = NULL;
    jsonl_lines(out, "The plan is over, he said no,", &alt);
    ck_assert_str_eq(str(alt, "relation"), "altered");
    ck_assert_int_eq(json_object_get_int(get(alt, "parent_quote_id")), 1);
    ck_assert_int_eq((int)json_object_array_length(get(alt, "diff")), 2);
    json_object_put(alt);
    json_object *claim = NULL;
    jsonl_lines(out, "the plan was dead", &claim);
    json_object *conf = get(claim, "conflicts");
    ck_assert_int_eq((int)json_object_array_length(conf), 1);
    ck_assert_str_eq(str(json_object_array_get_idx(conf, 0), "kind"), "attribution");
    json_object_put(claim);
    free(out);
    teardown(&f);
}
END_TEST

START_TEST(csv_quotes_and_guards)
{
    fixture f;
    setup(&f);
    char *out = run(&f, QT_EXPORT_CSV, NULL, QT_OK);
    ck_assert_msg(strncmp(out, "quote_id,doc,article_id,", 24) == 0, "%.60s", out);
    /* The cell is quoted (comma, quote, newline inside), inner quotes doubled,
     * and the leading = defused with an apostrophe. */
    ck_assert_ptr_nonnull(strstr(out, ",\"'=SUM(A1) <script>alert(1)</script>, he said \"\"no\"\"\nand left,\","));
    ck_assert_ptr_null(strstr(out, ",=SUM"));
    ck_assert_ptr_nonnull(strstr(out, "\r\n"));
    free(out);
    teardown(&f);
}
END_TEST

START_TEST(html_escapes_everything)
{
    fixture f;
    setup(&f);
    add_reuse_rows(&f);
    char *out = run(&f, QT_EXPORT_HTML, NULL, QT_OK);
    ck_assert_ptr_null(strcasestr(out, "<script"));
    ck_assert_ptr_nonnull(strstr(out, "=SUM(A1) &lt;script&gt;alert(1)&lt;/script&gt;, he said &quot;no&quot;"));
    ck_assert_ptr_nonnull(strstr(out, "<title>Test &lt;report&gt;</title>"));
    ck_assert_ptr_nonnull(strstr(out, "Bob &lt;i&gt;Ray&lt;/i&gt; vs Ann Lee"));
    ck_assert_ptr_nonnull(strstr(out, "<del>&lt;b&gt;old&lt;/b&gt;</del> <ins>new &amp; &quot;odd&quot;</ins>"));
    ck_assert_ptr_nonnull(strstr(out, "Content-Security-Policy"));
    const char *ids[] = {"id=\"summary\"", "id=\"alerts\"", "id=\"speakers\"", "id=\"family-7\"",
                         "id=\"reuse\"", "id=\"provenance\"", "id=\"articles\"", "<svg"};
    for (size_t i = 0; i < sizeof ids / sizeof *ids; i++)
        ck_assert_msg(strstr(out, ids[i]) != NULL, "missing %s", ids[i]);
    ck_assert_ptr_nonnull(strstr(out, "href=\"https://wire.example/a\""));
    ck_assert_ptr_null(strstr(out, "id=\"family-8\""));
    free(out);
    teardown(&f);
}
END_TEST

START_TEST(empty_reuse_tables_leave_sections_out)
{
    fixture f;
    setup(&f);
    exec_sql(&f, forget_families);
    char *out = run(&f, QT_EXPORT_HTML, NULL, QT_OK);
    ck_assert_ptr_null(strstr(out, "id=\"families\""));
    ck_assert_ptr_null(strstr(out, "id=\"reuse\""));
    ck_assert_ptr_null(strstr(out, "id=\"alerts\""));
    ck_assert_ptr_nonnull(strstr(out, "</html>"));
    free(out);
    qt_export_format json[] = {QT_EXPORT_CLAIMREVIEW, QT_EXPORT_PROV, QT_EXPORT_ANNOTATIONS};
    for (size_t i = 0; i < 3; i++) {
        out = run(&f, json[i], NULL, QT_OK);
        json_object_put(parse(out));
        free(out);
    }
    teardown(&f);
}
END_TEST

/* Every line of a DOT file has its double quotes balanced (escaped ones
 * aside): article text cannot end a label early or span lines. */
START_TEST(dot_labels_are_escaped)
{
    fixture f;
    setup(&f);
    add_reuse_rows(&f);
    char *out = run(&f, QT_EXPORT_DOT, NULL, QT_OK);
    ck_assert_msg(strncmp(out, "digraph quotetrack {", 20) == 0, "%.40s", out);
    char *save = NULL;
    int lines = 0;
    for (char *l = strtok_r(out, "\n", &save); l; l = strtok_r(NULL, "\n", &save), lines++) {
        int quotes = 0;
        for (char *p = l; *p; p++) {
            if (*p == '\\' && p[1]) p++;
            else if (*p == '"') quotes++;
        }
        ck_assert_msg(quotes % 2 == 0, "unbalanced: %s", l);
    }
    ck_assert_int_gt(lines, 10);
    free(out);
    out = run(&f, QT_EXPORT_DOT, NULL, QT_OK);
    ck_assert_ptr_nonnull(strstr(out, "he said \\\"no\\\" and left"));
    ck_assert_ptr_nonnull(strstr(out, "label=\"altered 0.40\""));
    ck_assert_ptr_nonnull(strstr(out, "label=\"partial 50% (primary)\""));
    free(out);
    teardown(&f);
}
END_TEST

START_TEST(claimreview_is_schema_org)
{
    fixture f;
    setup(&f);
    add_reuse_rows(&f);
    qt_rating r = {.rating = "False", .has_value = 1, .value = 1, .has_best = 1, .best = 5,
                   .has_worst = 1, .worst = 1, .reviewer = "Checkers"};
    ck_assert_int_eq(qt_store_rate(f.store, "3", &r, NULL, NULL), QT_OK);
    char *out = run(&f, QT_EXPORT_CLAIMREVIEW, NULL, QT_OK);
    json_object *doc = parse(out);
    ck_assert_str_eq(str(doc, "@context"), "https://schema.org");
    json_object *graph = get(doc, "@graph");
    int quotations = 0, claims = 0, reviews = 0;
    for (size_t i = 0; i < json_object_array_length(graph); i++) {
        json_object *g = json_object_array_get_idx(graph, i);
        const char *type = str(g, "@type");
        if (strcmp(type, "Quotation") == 0) {
            quotations++;
            ck_assert_str_eq(str(get(g, "spokenByCharacter"), "@type"), "Person");
            json_object *art = get(g, "isPartOf");
            ck_assert_str_eq(str(art, "@type"), "NewsArticle");
            ck_assert_str_eq(str(get(art, "publisher"), "name"),
                             strcmp(str(g, "text"), hostile) == 0 ? "Wire" : "Daily");
            ck_assert_ptr_nonnull(get(art, "datePublished"));
            if (strcmp(str(g, "text"), hostile) == 0) ck_assert_str_eq(str(art, "url"), "https://wire.example/a");
        } else if (strcmp(type, "Claim") == 0) {
            claims++;
            ck_assert_ptr_nonnull(get(g, "appearance"));
            ck_assert_ptr_nonnull(get(get(g, "firstAppearance"), "@id"));
        } else if (strcmp(type, "ClaimReview") == 0) {
            reviews++;
            json_object *rating = get(g, "reviewRating");
            ck_assert_str_eq(str(rating, "alternateName"), "False");
            ck_assert_int_eq(json_object_get_int(get(rating, "bestRating")), 5);
            ck_assert_str_eq(str(get(g, "itemReviewed"), "@type"), "Claim");
            ck_assert_str_eq(str(get(get(g, "itemReviewed"), "author"), "name"), "Bob Ray");
        }
    }
    ck_assert_int_eq(quotations, 2);
    ck_assert_int_eq(claims, 1);
    ck_assert_int_eq(reviews, 1);
    json_object_put(doc);
    free(out);
    teardown(&f);
}
END_TEST

START_TEST(prov_relations)
{
    fixture f;
    setup(&f);
    add_reuse_rows(&f);
    char *out = run(&f, QT_EXPORT_PROV, NULL, QT_OK);
    json_object *doc = parse(out);
    ck_assert_str_eq(str(get(doc, "prefix"), "qt"), "urn:quotetrack:");
    json_object *ent = get(doc, "entity");
    ck_assert_str_eq(str(get(ent, "qt:quote-1"), "prov:value"), hostile);
    ck_assert_str_eq(str(get(get(get(doc, "agent"), "qt:speaker-2"), "prov:type"), "$"), "prov:Person");
    int quotation = 0, revision = 0, primary = 0;
    json_object_object_foreach(get(doc, "wasDerivedFrom"), key, rel)
    {
        (void)key;
        const char *type = str(get(rel, "prov:type"), "$");
        quotation += strcmp(type, "prov:Quotation") == 0;
        revision += strcmp(type, "prov:Revision") == 0;
        primary += strcmp(type, "prov:PrimarySource") == 0;
    }
    /* A -> B reuse (partial: quotation); quote 4 altered from 1 (revision),
     * with 1 as its primary source; B's chain starts at A. */
    ck_assert_int_eq(quotation, 1);
    ck_assert_int_eq(revision, 1);
    ck_assert_int_eq(primary, 2);
    json_object_put(doc);
    free(out);
    teardown(&f);
}
END_TEST

/* The code points [start, end) of s as a new string. */
static char *cp_slice(const char *s, size_t start, size_t end)
{
    size_t pos = 0, i = 0, b0 = 0;
    size_t len = strlen(s);
    while (i < start) {
        qt_utf8_next(s, len, &pos);
        i++;
    }
    b0 = pos;
    while (i < end) {
        qt_utf8_next(s, len, &pos);
        i++;
    }
    return strndup(s + b0, pos - b0);
}

START_TEST(annotation_selectors_point_at_the_text)
{
    fixture f;
    setup(&f);
    char *out = run(&f, QT_EXPORT_ANNOTATIONS, NULL, QT_OK);
    json_object *doc = parse(out);
    ck_assert_str_eq(str(doc, "@context"), "http://www.w3.org/ns/anno.jsonld");
    json_object *items = get(get(doc, "first"), "items");
    ck_assert_int_eq((int)json_object_array_length(items), 4);
    ck_assert_int_eq(json_object_get_int(get(doc, "total")), 4);
    for (size_t i = 0; i < json_object_array_length(items); i++) {
        json_object *it = json_object_array_get_idx(items, i), *target = get(it, "target");
        const char *src = str(target, "source");
        const char *text = strcmp(src, "https://wire.example/a") == 0 ? text_a : text_b;
        ck_assert_msg(text == text_a || strcmp(src, "urn:quotetrack:doc:b.txt") == 0, "%s", src);
        json_object *sel = get(target, "selector");
        json_object *tq = json_object_array_get_idx(sel, 0), *tp = json_object_array_get_idx(sel, 1);
        ck_assert_str_eq(str(tq, "type"), "TextQuoteSelector");
        ck_assert_str_eq(str(tp, "type"), "TextPositionSelector");
        size_t s = (size_t)json_object_get_int64(get(tp, "start"));
        size_t e = (size_t)json_object_get_int64(get(tp, "end"));
        char *exact = cp_slice(text, s, e);
        ck_assert_str_eq(str(tq, "exact"), exact);
        char *before = cp_slice(text, s > 32 ? s - 32 : 0, s);
        ck_assert_str_eq(str(tq, "prefix"), before);
        free(exact);
        free(before);
        int named = 0;
        json_object *body = get(it, "body");
        for (size_t b = 0; b < json_object_array_length(body); b++) {
            json_object *bo = json_object_array_get_idx(body, b);
            if (strcmp(str(bo, "purpose"), "identifying") == 0)
                named = strcmp(str(bo, "value"), "Ann Lee") == 0 || strcmp(str(bo, "value"), "Bob Ray") == 0;
        }
        ck_assert_msg(named, "no speaker in the body");
    }
    json_object_put(doc);
    free(out);
    teardown(&f);
}
END_TEST

static int count_jsonl(fixture *f, const qt_export_filter *flt, qt_status want)
{
    char *out = run(f, QT_EXPORT_JSONL, flt, want);
    int n = want == QT_OK ? jsonl_lines(out, NULL, NULL) : -1;
    free(out);
    return n;
}

START_TEST(filters_select_quotes)
{
    fixture f;
    setup(&f);
    add_reuse_rows(&f);
    qt_export_filter flt = {0};
    ck_assert_int_eq(count_jsonl(&f, &flt, QT_OK), 4);
    flt.speaker = "ann lee";
    ck_assert_int_eq(count_jsonl(&f, &flt, QT_OK), 3);
    flt.speaker = "#2";
    ck_assert_int_eq(count_jsonl(&f, &flt, QT_OK), 1);
    flt = (qt_export_filter){.outlet = "WIRE"};
    ck_assert_int_eq(count_jsonl(&f, &flt, QT_OK), 2);
    flt = (qt_export_filter){.since = "2024-11-01", .until = "Nov 1, 2024"};
    ck_assert_int_eq(count_jsonl(&f, &flt, QT_OK), 2);
    flt = (qt_export_filter){.until = "2024-10-30"};
    ck_assert_int_eq(count_jsonl(&f, &flt, QT_OK), 0);
    flt = (qt_export_filter){.article = "https://wire.example/a"};
    ck_assert_int_eq(count_jsonl(&f, &flt, QT_OK), 2);
    flt = (qt_export_filter){.article = "#2"};
    ck_assert_int_eq(count_jsonl(&f, &flt, QT_OK), 2);
    flt = (qt_export_filter){.family = 7};
    ck_assert_int_eq(count_jsonl(&f, &flt, QT_OK), 2);
    flt = (qt_export_filter){.kind = "indirect", .speaker = "Bob Ray"};
    ck_assert_int_eq(count_jsonl(&f, &flt, QT_OK), 1);
    flt = (qt_export_filter){.speaker = "Nobody"};
    count_jsonl(&f, &flt, QT_ERR_NOTFOUND);
    flt = (qt_export_filter){.article = "c.txt"};
    count_jsonl(&f, &flt, QT_ERR_NOTFOUND);
    flt = (qt_export_filter){.family = 99};
    count_jsonl(&f, &flt, QT_ERR_NOTFOUND);
    flt = (qt_export_filter){.kind = "quoted"};
    count_jsonl(&f, &flt, QT_ERR_USAGE);
    flt = (qt_export_filter){.since = "someday"};
    count_jsonl(&f, &flt, QT_ERR_USAGE);
    teardown(&f);
}
END_TEST

static char *slurp(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) return NULL;
    char *buf = calloc(1, 1 << 20);
    size_t n = fread(buf, 1, (1 << 20) - 1, fp);
    buf[n] = '\0';
    fclose(fp);
    return buf;
}

static int dir_entries(const char *dir)
{
    int n = 0;
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) n += e->d_name[0] != '.' || (e->d_name[1] && e->d_name[1] != '.');
    if (d) closedir(d);
    return n;
}

START_TEST(file_output_is_atomic)
{
    fixture f;
    setup(&f);
    char *out = tu_dir_file(f.dir, "r.csv", "old contents\n");
    int before = dir_entries(f.dir);
    qt_error err;
    qt_error_clear(&err);
    qt_export_filter bad = {.speaker = "Nobody"};
    ck_assert_int_eq(qt_export_file(f.store, QT_EXPORT_CSV, &bad, NULL, out, NULL, &err), QT_ERR_NOTFOUND);
    char *now = slurp(out);
    ck_assert_str_eq(now, "old contents\n");
    free(now);
    ck_assert_int_eq(dir_entries(f.dir), before); /* no temporary file left */
    qt_export_stats stats;
    ck_assert_int_eq(qt_export_file(f.store, QT_EXPORT_CSV, NULL, NULL, out, &stats, &err), QT_OK);
    ck_assert_int_eq((int)stats.quotes, 4);
    now = slurp(out);
    ck_assert_msg(strncmp(now, "quote_id,", 9) == 0, "%.40s", now);
    free(now);
    ck_assert_int_eq(dir_entries(f.dir), before);
    /* A directory, a missing directory and the database are refused. */
    ck_assert_int_eq(qt_export_file(f.store, QT_EXPORT_CSV, NULL, NULL, f.dir, NULL, &err), QT_ERR_IO);
    char missing[4200];
    snprintf(missing, sizeof missing, "%s/no/such.csv", f.dir);
    ck_assert_int_eq(qt_export_file(f.store, QT_EXPORT_CSV, NULL, NULL, missing, NULL, &err), QT_ERR_IO);
    ck_assert_int_eq(qt_export_file(f.store, QT_EXPORT_CSV, NULL, NULL, f.db, NULL, &err), QT_ERR_USAGE);
    ck_assert_ptr_nonnull(strstr(qt_error_message(&err), "refusing to overwrite"));
    tu_remove(out);
    teardown(&f);
}
END_TEST

START_TEST(ratings_need_a_quote_and_a_scale)
{
    fixture f;
    setup(&f);
    qt_rating r = {.rating = "Misleading"};
    int64_t id = 0;
    ck_assert_int_eq(qt_store_rate(f.store, "#1", &r, &id, NULL), QT_OK);
    ck_assert_int_gt(id, 0);
    char urn[200];
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    ck_assert_int_eq(sqlite3_open(f.db, &db), SQLITE_OK);
    sqlite3_prepare_v2(db, "SELECT hash FROM texts ORDER BY text_id LIMIT 1", -1, &st, NULL);
    ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
    snprintf(urn, sizeof urn, "urn:quotetrack:quote:%s:1", sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(db);
    ck_assert_int_eq(qt_store_rate(f.store, urn, &r, NULL, NULL), QT_OK);
    ck_assert_int_eq(qt_store_rate(f.store, "99", &r, NULL, NULL), QT_ERR_NOTFOUND);
    ck_assert_int_eq(qt_store_rate(f.store, "urn:quotetrack:quote:00:1", &r, NULL, NULL), QT_ERR_NOTFOUND);
    ck_assert_int_eq(qt_store_rate(f.store, "quote one", &r, NULL, NULL), QT_ERR_USAGE);
    r = (qt_rating){.rating = "False", .has_value = 1, .value = 7, .has_best = 1, .best = 5,
                    .has_worst = 1, .worst = 1};
    ck_assert_int_eq(qt_store_rate(f.store, "1", &r, NULL, NULL), QT_ERR_USAGE);
    r = (qt_rating){.rating = "False", .has_best = 1, .best = 5};
    ck_assert_int_eq(qt_store_rate(f.store, "1", &r, NULL, NULL), QT_ERR_USAGE);
    r = (qt_rating){.rating = ""};
    ck_assert_int_eq(qt_store_rate(f.store, "1", &r, NULL, NULL), QT_ERR_USAGE);
    teardown(&f);
}
END_TEST

START_TEST(format_names)
{
    qt_export_format fmt;
    const char *names[] = {"jsonl", "csv", "html", "dot", "claimreview", "prov", "annotations"};
    for (size_t i = 0; i < 7; i++) {
        ck_assert_int_eq(qt_export_format_parse(names[i], &fmt, NULL), QT_OK);
        ck_assert_str_eq(qt_export_format_name(fmt), names[i]);
    }
    ck_assert_int_eq(qt_export_format_parse("pdf", &fmt, NULL), QT_ERR_USAGE);
    ck_assert_int_eq(qt_export_format_for_path("out/report.HTML"), QT_EXPORT_HTML);
    ck_assert_int_eq(qt_export_format_for_path("x.gv"), QT_EXPORT_DOT);
    ck_assert_int_eq(qt_export_format_for_path("x.json"), 0);
    ck_assert_int_eq(qt_export_format_for_path("dir.csv/x"), 0);
}
END_TEST

Suite *export_suite(void)
{
    Suite *s = suite_create("export");
    TCase *tc = tcase_create("formats");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, jsonl_round_trips_hostile_text);
    tcase_add_test(tc, csv_quotes_and_guards);
    tcase_add_test(tc, html_escapes_everything);
    tcase_add_test(tc, empty_reuse_tables_leave_sections_out);
    tcase_add_test(tc, dot_labels_are_escaped);
    tcase_add_test(tc, claimreview_is_schema_org);
    tcase_add_test(tc, prov_relations);
    tcase_add_test(tc, annotation_selectors_point_at_the_text);
    suite_add_tcase(s, tc);
    tc = tcase_create("selection");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, filters_select_quotes);
    tcase_add_test(tc, file_output_is_atomic);
    tcase_add_test(tc, ratings_need_a_quote_and_a_scale);
    tcase_add_test(tc, format_names);
    suite_add_tcase(s, tc);
    return s;
}
