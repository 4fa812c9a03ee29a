/*
 * test_reuse.c - reuse detection: content-word fingerprints and winnowing,
 * the word alignment, the relation and direction rules, and the store's
 * pairs (verbatim copies, revisions, primary sources and chains, the
 * boilerplate cap, incremental ingest giving the same pairs as a batch).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qt_align.h"
#include "qt_fingerprint.h"
#include "qt_patterns.h"
#include "qt_reuse.h"
#include "qt_store.h"
#include "qt_text.h"
#include "qt_words.h"
#include "suites.h"

static qt_patterns *pats;
static qt_wordizer *wz;

static void setup(void)
{
    qt_error err;
    qt_error_clear(&err);
    pats = qt_patterns_load(NULL, &err);
    ck_assert_msg(pats != NULL, "%s", qt_error_message(&err));
    wz = qt_wordizer_create(pats, &err);
    ck_assert_msg(wz != NULL, "%s", qt_error_message(&err));
}

static void teardown(void)
{
    qt_wordizer_free(wz);
    qt_patterns_free(pats);
}

static void split(const char *t, qt_word_list *l)
{
    qt_error err;
    ck_assert_int_eq(qt_words_split(wz, t, strlen(t), l, &err), QT_OK);
}

static void fingerprints(const char *t, size_t k, size_t w, qt_fp_list *f, size_t *content)
{
    qt_word_list l = {0};
    qt_error err;
    split(t, &l);
    ck_assert_int_eq(qt_fingerprints(l.items, l.count, k, w, f, content, &err), QT_OK);
    qt_word_list_clear(&l);
}

/* 1 when the two lists share a hash. */
static int share(const qt_fp_list *a, const qt_fp_list *b)
{
    for (size_t i = 0; i < a->count; i++)
        for (size_t j = 0; j < b->count; j++)
            if (a->items[i].hash == b->items[j].hash) return 1;
    return 0;
}

/* ---- fingerprints ------------------------------------------------------ */

START_TEST(stop_words_do_not_change_fingerprints)
{
    qt_fp_list a = {0}, b = {0};
    size_t ca, cb;
    fingerprints("The minister said the harbour tunnel will reopen in a week.", 2, 3, &a, &ca);
    fingerprints("A minister has said that harbour tunnel would reopen in one week!", 2, 3, &b,
                 &cb);
    ck_assert_uint_eq(ca, cb);
    ck_assert_uint_gt(a.count, 0);
    ck_assert_uint_eq(a.count, b.count);
    for (size_t i = 0; i < a.count; i++) {
        ck_assert(a.items[i].hash == b.items[i].hash);
        ck_assert_uint_eq(a.items[i].pos, b.items[i].pos);
    }
    qt_fp_list_clear(&a);
    qt_fp_list_clear(&b);
}
END_TEST

START_TEST(shingles_depend_on_word_order)
{
    uint64_t k1[2] = {qt_word_key("harbour", 7), qt_word_key("tunnel", 6)};
    uint64_t k2[2] = {k1[1], k1[0]};
    ck_assert(qt_shingle_hash(k1, 2) != qt_shingle_hash(k2, 2));
    ck_assert(qt_shingle_hash(k1, 2) == qt_shingle_hash(k1, 2));
    ck_assert(qt_shingle_hash(k1, 1) != qt_shingle_hash(k1, 2));
}
END_TEST

/* A pseudo-random text of content words ("w123"), deterministic. */
static char *random_text(unsigned *seed, size_t words, const char *insert)
{
    size_t cap = words * 8 + (insert ? strlen(insert) : 0) + 16;
    char *t = malloc(cap), *o = t;
    ck_assert_ptr_nonnull(t);
    for (size_t i = 0; i < words; i++) {
        if (insert && i == words / 2) o += sprintf(o, "%s ", insert);
        *seed = *seed * 1103515245u + 12345u;
        o += sprintf(o, "w%u ", (*seed >> 8) % 5000);
    }
    *o = '\0';
    return t;
}

START_TEST(winnowing_guarantees_shared_runs)
{
    /* Any run of w + k - 1 content words two texts share gives them a common
     * fingerprint, wherever it sits and whatever surrounds it. */
    unsigned seed = 7;
    const size_t k = 2, w = 3;
    for (int trial = 0; trial < 200; trial++) {
        char run[256], *o = run;
        for (size_t i = 0; i < w + k - 1; i++) {
            seed = seed * 1103515245u + 12345u;
            o += sprintf(o, "r%u ", (seed >> 8) % 100000);
        }
        char *a = random_text(&seed, 40 + (size_t)trial % 30, run);
        char *b = random_text(&seed, 25 + (size_t)trial % 50, run);
        qt_fp_list fa = {0}, fb = {0};
        fingerprints(a, k, w, &fa, NULL);
        fingerprints(b, k, w, &fb, NULL);
        ck_assert_msg(share(&fa, &fb), "trial %d: the shared run left no common fingerprint", trial);
        qt_fp_list_clear(&fa);
        qt_fp_list_clear(&fb);
        free(a);
        free(b);
    }
}
END_TEST

START_TEST(winnowing_density_and_positions)
{
    unsigned seed = 11;
    char *t = random_text(&seed, 2000, NULL);
    qt_fp_list f = {0};
    size_t content;
    fingerprints(t, 2, 3, &f, &content);
    ck_assert_uint_eq(content, 2000);
    /* Expected density 2/(w+1) = 0.5 of the 1999 shingles. */
    ck_assert_uint_gt(f.count, 800);
    ck_assert_uint_lt(f.count, 1200);
    for (size_t i = 1; i < f.count; i++) ck_assert_uint_gt(f.items[i].pos, f.items[i - 1].pos);
    ck_assert_uint_le(f.items[f.count - 1].pos, 1998);
    /* No window of w shingles is left without a fingerprint. */
    for (size_t i = 1; i < f.count; i++) ck_assert_uint_le(f.items[i].pos - f.items[i - 1].pos, 3);
    qt_fp_list_clear(&f);
    free(t);
}
END_TEST

START_TEST(short_texts_and_bad_parameters)
{
    qt_fp_list f = {0};
    size_t content;
    fingerprints("Tunnel flooded again.", 2, 3, &f, &content);
    ck_assert_uint_eq(content, 3);
    ck_assert_uint_eq(f.count, 1); /* two shingles, shorter than a window */
    fingerprints("The tunnel.", 2, 3, &f, &content);
    ck_assert_uint_eq(content, 1);
    ck_assert_uint_eq(f.count, 0);
    fingerprints("", 2, 3, &f, &content);
    ck_assert_uint_eq(f.count, 0);
    qt_error err;
    ck_assert_int_eq(qt_fingerprints(NULL, 0, 0, 3, &f, NULL, &err), QT_ERR_USAGE);
    ck_assert_int_eq(qt_fingerprints(NULL, 0, 2, 0, &f, NULL, &err), QT_ERR_USAGE);
    qt_fp_list_clear(&f);
}
END_TEST

/* ---- alignment ---------------------------------------------------------- */

static const char P1[] =
    "Engineers began draining the flooded Harbour City rail tunnel on Tuesday after three "
    "days of storms left the main line to the capital under two metres of water.";
static const char P2[] =
    "Transport director Mira Okafor told reporters the pumps would run around the clock and "
    "that inspectors expected to reach the signalling equipment by Thursday morning.";
static const char P3[] =
    "The Millbrook library will stay open until nine in the evening from next month, the "
    "town council decided after a survey of students.";

static void align(const char *d, const char *s, qt_alignment *al)
{
    qt_word_list wd = {0}, ws = {0};
    qt_error err;
    split(d, &wd);
    split(s, &ws);
    ck_assert_int_eq(qt_align(wd.items, wd.count, ws.items, ws.count, NULL, al, &err), QT_OK);
    qt_word_list_clear(&wd);
    qt_word_list_clear(&ws);
}

static char *join(const char *a, const char *sep, const char *b)
{
    size_t n = strlen(a) + strlen(sep) + strlen(b) + 1;
    char *t = malloc(n);
    ck_assert_ptr_nonnull(t);
    snprintf(t, n, "%s%s%s", a, sep, b);
    return t;
}

START_TEST(identical_texts_align_whole)
{
    qt_alignment al = {0};
    align(P1, P1, &al);
    ck_assert(al.identical);
    ck_assert_uint_eq(al.count, 1);
    ck_assert(al.coverage == 1.0 && al.source_coverage == 1.0);
    ck_assert_uint_eq(al.items[0].d_start, 0);
    ck_assert_uint_eq(al.items[0].d_end, strlen(P1) - 1); /* up to the last word, not the stop */
    qt_alignment_clear(&al);
}
END_TEST

START_TEST(reordered_paragraphs_are_found)
{
    char *src = join(P1, "\n\n", P2), *der = join(P2, "\n\n", P1);
    qt_alignment al = {0};
    align(der, src, &al);
    ck_assert(!al.identical);
    ck_assert_uint_eq(al.count, 2);
    ck_assert(al.coverage > 0.95);
    /* The derived text's first passage is the source's second paragraph. */
    ck_assert_uint_eq(al.items[0].d_start, 0);
    ck_assert_uint_eq(al.items[0].s_start, strlen(P1) + 2);
    ck_assert_uint_gt(al.items[1].d_start, strlen(P2));
    ck_assert_uint_eq(al.items[1].s_start, 0);
    /* Passages start and end on word boundaries of the texts. */
    ck_assert(strncmp(der + al.items[0].d_start, "Transport", 9) == 0);
    ck_assert(strncmp(src + al.items[0].s_start, "Transport", 9) == 0);
    qt_alignment_clear(&al);
    free(src);
    free(der);
}
END_TEST

START_TEST(edited_copy_stays_one_passage)
{
    /* Substituted words, a dropped clause and added words inside. */
    const char *edited = "Workers started pumping out the flooded Harbour City rail tunnel on "
                         "Tuesday after three days of heavy storms left the main line to the "
                         "capital under water.";
    qt_alignment al = {0};
    align(edited, P1, &al);
    ck_assert_uint_eq(al.count, 1);
    ck_assert(al.coverage > 0.8);
    ck_assert_uint_ge(al.items[0].anchors, 10);
    qt_reuse_params p;
    qt_reuse_params_default(&p);
    ck_assert_int_eq(qt_reuse_classify(&al, &p), QT_REUSE_WHOLLY);
    qt_alignment_clear(&al);
}
END_TEST

START_TEST(unrelated_and_name_only_overlap_is_not_reuse)
{
    qt_alignment al = {0};
    qt_reuse_params p;
    qt_reuse_params_default(&p);
    align(P3, P1, &al);
    ck_assert_int_eq(qt_reuse_classify(&al, &p), QT_REUSE_NONE);
    /* Two stories naming the same people and places, in other words. */
    align("Mira Okafor visited Harbour City on Friday to open a new school for nurses.",
          "In Harbour City, Mira Okafor was praised by unions for the tunnel repairs.", &al);
    ck_assert_uint_ge(al.count, 1); /* the names align ... */
    ck_assert_int_eq(qt_reuse_classify(&al, &p), QT_REUSE_NONE); /* ... but that is not reuse */
    qt_alignment_clear(&al);
}
END_TEST

START_TEST(passage_extends_over_stop_words)
{
    const char *d = "Critics said the flooded Harbour City rail tunnel on Tuesday was a disgrace.";
    qt_alignment al = {0};
    align(d, P1, &al);
    ck_assert_uint_eq(al.count, 1);
    /* "the" before "flooded" matches on both sides, so the passage takes it. */
    ck_assert(strncmp(d + al.items[0].d_start, "the flooded", 11) == 0);
    ck_assert(strncmp(d + al.items[0].d_end - 7, "Tuesday", 7) == 0);
    qt_alignment_clear(&al);
}
END_TEST

/* ---- relation and direction rules ------------------------------------- */

START_TEST(relation_thresholds)
{
    qt_reuse_params p;
    qt_reuse_params_default(&p);
    qt_passage ps = {.anchors = 6};
    qt_alignment a = {.items = &ps, .count = 1, .d_content = 100};
    a.coverage = 0.95;
    ck_assert_int_eq(qt_reuse_classify(&a, &p), QT_REUSE_WHOLLY);
    a.coverage = p.wholly;
    ck_assert_int_eq(qt_reuse_classify(&a, &p), QT_REUSE_WHOLLY);
    a.coverage = p.wholly - 0.01;
    ck_assert_int_eq(qt_reuse_classify(&a, &p), QT_REUSE_PARTIAL);
    a.coverage = p.partial;
    ck_assert_int_eq(qt_reuse_classify(&a, &p), QT_REUSE_PARTIAL);
    a.coverage = p.partial - 0.01;
    ck_assert_int_eq(qt_reuse_classify(&a, &p), QT_REUSE_NONE);
    /* A long copied passage in a long article is partial reuse. */
    ps.anchors = p.long_passage;
    a.coverage = 0.05;
    ck_assert_int_eq(qt_reuse_classify(&a, &p), QT_REUSE_PARTIAL);
    /* Every passage shorter than min_longest: nothing, whatever the coverage. */
    ps.anchors = p.min_longest - 1;
    a.coverage = 0.9;
    ck_assert_int_eq(qt_reuse_classify(&a, &p), QT_REUSE_NONE);
    /* The same words: verbatim. */
    a.identical = 1;
    ck_assert_int_eq(qt_reuse_classify(&a, &p), QT_REUSE_VERBATIM);
    ck_assert_str_eq(qt_reuse_relation_name(QT_REUSE_WHOLLY), "wholly");
    ck_assert_int_eq(qt_reuse_relation_parse("partial"), QT_REUSE_PARTIAL);
    ck_assert_int_eq(qt_reuse_relation_parse("bogus"), QT_REUSE_NONE);
}
END_TEST

START_TEST(direction_by_date_else_ingest_order)
{
    int dated;
    ck_assert_int_eq(qt_reuse_source_side("2024-03-05", 9, "2024-03-06", 2, &dated), 0);
    ck_assert_int_eq(dated, 1);
    ck_assert_int_eq(qt_reuse_source_side("2024-03-06T10:00:00Z", 2, "2024-03-06T09:00:00Z", 9,
                                          &dated), 1);
    ck_assert_int_eq(dated, 1);
    /* Same day, one without a time: the dates cannot tell; ingest order does. */
    ck_assert_int_eq(qt_reuse_source_side("2024-03-06", 9, "2024-03-06T09:00:00Z", 2, &dated), 1);
    ck_assert_int_eq(dated, 0);
    ck_assert_int_eq(qt_reuse_source_side(NULL, 3, "2024-03-06", 5, &dated), 0);
    ck_assert_int_eq(dated, 0);
    ck_assert_int_eq(qt_reuse_source_side("2024-03-06", 7, NULL, 5, &dated), 1);
    ck_assert_int_eq(dated, 0);
}
END_TEST

/* ---- the store ---------------------------------------------------------- */

typedef struct {
    const char *id, *outlet, *published, *text;
} art;

static const char WIRE[] =
    "HARBOUR CITY (Coastal Press) - Engineers began draining the flooded Harbour City rail "
    "tunnel on Tuesday after three days of storms left the main line to the capital under two "
    "metres of water, the regional transport authority said.\n\n"
    "Transport director Mira Okafor told reporters the pumps would run around the clock and "
    "that inspectors expected to reach the signalling equipment by Thursday morning.\n\n"
    "About forty thousand commuters use the tunnel each weekday. The authority has chartered "
    "sixty coaches from neighbouring districts and extended ferry services across the bay.\n";
static const char COPY_EXTRA[] =
    "\nValley commuters who travel through Harbour City can find the replacement timetable at "
    "the Gazette's travel desk, which will publish daily updates on the closure.\n";
static const char REWRITE[] =
    "Valley commuters who travel through Harbour City face a week of replacement buses, the "
    "Gazette's travel desk has learned, and daily updates on the closure will follow.\n\n"
    "Pumps are working around the clock to drain the Harbour City rail tunnel, flooded under "
    "two metres of water after three days of storms cut the main line to the capital.\n\n"
    "Some forty thousand commuters use the tunnel each weekday. The authority has hired sixty "
    "coaches from neighbouring districts and extended ferry services across the bay.\n";

static qt_store *open_store(const char *path)
{
    qt_error err;
    qt_error_clear(&err);
    qt_store *s = qt_store_open(path, 0, &err);
    ck_assert_msg(s != NULL, "%s", qt_error_message(&err));
    return s;
}

static void ingest(qt_store *s, const art *a)
{
    qt_article *x = NULL;
    qt_error err;
    qt_error_clear(&err);
    ck_assert_int_eq(qt_article_from_bytes(a->id, a->text, strlen(a->text), &x, &err), QT_OK);
    if (a->outlet) ck_assert_int_eq(qt_article_set(x, "outlet", a->outlet, &err), QT_OK);
    if (a->published) ck_assert_int_eq(qt_article_set(x, "published", a->published, &err), QT_OK);
    ck_assert_msg(qt_store_ingest_result(s, x, NULL, NULL, &err) == QT_OK, "%s",
                  qt_error_message(&err));
    qt_article_free(x);
}

/* Every pair as "source>derived relation primary dated coverage(2 decimals)". */
typedef struct {
    char lines[64][160];
    size_t n;
    size_t passages;
    int offsets_ok;
} pairs;

static qt_status collect(const qt_reuse_row *r, void *ctx, qt_error *err)
{
    (void)err;
    pairs *p = ctx;
    ck_assert_uint_lt(p->n, 64);
    snprintf(p->lines[p->n++], 160, "%s>%s %s %d %d %.2f", r->source_doc, r->derived_doc,
             qt_reuse_relation_name(r->relation), r->primary, r->dated, r->coverage);
    p->passages += r->passage_count;
    for (size_t i = 0; i < r->passage_count; i++) {
        const qt_reuse_passage *ps = &r->passages[i];
        if (ps->source_end <= ps->source_start || ps->derived_end <= ps->derived_start ||
            ps->source_char_end - ps->source_char_start > ps->source_end - ps->source_start)
            p->offsets_ok = 0;
    }
    return QT_OK;
}

static int cmp_line(const void *a, const void *b)
{
    return strcmp(a, b);
}

static void list(qt_store *s, const char *ref, int flags, pairs *p)
{
    qt_error err;
    qt_error_clear(&err);
    memset(p, 0, sizeof *p);
    p->offsets_ok = 1;
    ck_assert_msg(qt_store_reuse(s, ref, flags, NULL, collect, p, &err) == QT_OK, "%s",
                  qt_error_message(&err));
    qsort(p->lines, p->n, sizeof p->lines[0], cmp_line);
}

static char *copy_text(void)
{
    return join(WIRE, "", COPY_EXTRA);
}

START_TEST(chain_wire_copy_rewrite)
{
    char *dir = tu_temp_dir(), *path = tu_dir_file(dir, "r.db", "");
    remove(path);
    char *copy = copy_text();
    /* Ingested out of date order: the dates decide the direction. */
    art arts[] = {{"rewrite", "Riverside Daily", "2024-03-06", REWRITE},
                  {"copy", "Valley Gazette", "2024-03-05T11:30:00Z", copy},
                  {"wire", "Coastal Press", "2024-03-05T08:00:00Z", WIRE},
                  {"other", "Millbrook Herald", "2024-03-04", P3}};
    qt_store *s = open_store(path);
    for (size_t i = 0; i < 4; i++) ingest(s, &arts[i]);
    pairs p;
    list(s, NULL, 0, &p);
    ck_assert_uint_eq(p.n, 3);
    ck_assert(p.offsets_ok);
    /* The rewrite took the copy's added paragraph: the copy is its primary. */
    int copy_whole = 0, copy_primary = 0, wire_secondary = 0;
    for (size_t i = 0; i < p.n; i++) {
        copy_whole |= strncmp(p.lines[i], "wire>copy wholly 1 1 ", 21) == 0;
        copy_primary |= strncmp(p.lines[i], "copy>rewrite ", 13) == 0 && strstr(p.lines[i], " 1 1 ");
        wire_secondary |= strncmp(p.lines[i], "wire>rewrite ", 13) == 0 && strstr(p.lines[i], " 0 1 ");
    }
    ck_assert_msg(copy_whole && copy_primary && wire_secondary, "%s | %s | %s", p.lines[0],
                  p.lines[1], p.lines[2]);
    /* The chain: rewrite <- copy <- wire. */
    list(s, "rewrite", QT_REUSE_PRIMARY, &p);
    ck_assert_uint_eq(p.n, 1);
    pairs chain = {.offsets_ok = 1};
    qt_error err;
    ck_assert_int_eq(qt_store_provenance(s, "rewrite", collect, &chain, &err), QT_OK);
    ck_assert_uint_eq(chain.n, 2);
    ck_assert(strncmp(chain.lines[0], "copy>rewrite", 12) == 0);
    ck_assert(strncmp(chain.lines[1], "wire>copy", 9) == 0);
    ck_assert_int_eq(qt_store_provenance(s, "nope", collect, &chain, &err), QT_ERR_NOTFOUND);
    qt_store_close(s);
    free(copy);
    tu_remove(path);
    tu_remove(dir);
}
END_TEST

/* The primary source of a derived article: a source the dates show to be
 * earlier beats one that is only ingested earlier (the same day, a bare
 * date), and one from the week before beats an older one, whatever they
 * cover; with primary_days 0 the older, better-covering one wins again. */
START_TEST(primary_prefers_dated_then_recent_sources)
{
    char *dir = tu_temp_dir(), *path = tu_dir_file(dir, "p.db", "");
    char *copy = copy_text();
    for (int round = 0; round < 3; round++) {
        remove(path);
        qt_store *s = open_store(path);
        if (round == 2) {
            qt_reuse_params rp;
            qt_reuse_params_default(&rp);
            rp.primary_days = 0;
            qt_error err;
            ck_assert_int_eq(qt_store_reuse_setup(s, NULL, &rp, &err), QT_OK);
        }
        /* Round 0: the copy is from the rewrite's day; rounds 1 and 2: from
         * two months before, the wire story from the day before. */
        art arts[] = {{"wire", "Coastal Press", "2024-03-05T08:00:00Z", WIRE},
                      {"copy", "Valley Gazette", round ? "2024-01-05" : "2024-03-06", copy},
                      {"rewrite", "Riverside Daily", "2024-03-06T12:00:00Z", REWRITE}};
        for (size_t i = 0; i < 3; i++) ingest(s, &arts[i]);
        pairs p;
        list(s, "rewrite", QT_REUSE_PRIMARY, &p);
        ck_assert_uint_eq(p.n, 1);
        const char *want = round == 2 ? "copy>rewrite " : "wire>rewrite ";
        ck_assert_msg(strncmp(p.lines[0], want, strlen(want)) == 0, "round %d: %s", round,
                      p.lines[0]);
        /* Both stay its sources; only the primary moves. */
        list(s, "rewrite", 0, &p);
        ck_assert_uint_eq(p.n, 2);
        qt_store_close(s);
    }
    free(copy);
    tu_remove(path);
    tu_remove(dir);
}
END_TEST

START_TEST(verbatim_copies_and_revisions)
{
    char *dir = tu_temp_dir(), *path = tu_dir_file(dir, "v.db", "");
    remove(path);
    qt_store *s = open_store(path);
    art a = {"story", "Coastal Press", "2024-03-06", WIRE};
    art b = {"repost", "Bay Weekly", "2024-03-05", WIRE};
    ingest(s, &a);
    ingest(s, &b);
    pairs p;
    list(s, NULL, 0, &p);
    ck_assert_uint_eq(p.n, 1);
    /* The copy is dated earlier, so it is the source. */
    ck_assert_str_eq(p.lines[0], "repost>story verbatim 1 1 1.00");
    /* A revision of a document is never reuse of its own earlier revision. */
    char *revised = join(WIRE, "", "Forecasters expect calmer weather from Wednesday.\n");
    art r = {"story", "Coastal Press", "2024-03-06", revised};
    ingest(s, &r);
    list(s, NULL, 0, &p);
    /* The revision's pair is with the other outlet's copy, not with itself. */
    ck_assert_uint_eq(p.n, 1);
    ck_assert(strncmp(p.lines[0], "repost>story wholly 1 1", 23) == 0);
    list(s, NULL, QT_REUSE_ALL, &p);
    ck_assert_uint_eq(p.n, 2); /* and the superseded revision's pair with --all */
    qt_store_close(s);
    free(revised);
    tu_remove(path);
    tu_remove(dir);
}
END_TEST

START_TEST(undated_pairs_follow_ingest_order)
{
    char *dir = tu_temp_dir(), *path = tu_dir_file(dir, "u.db", "");
    remove(path);
    qt_store *s = open_store(path);
    char *copy = copy_text();
    art a = {"first", NULL, NULL, copy}, b = {"second", NULL, "2020-01-01", WIRE};
    ingest(s, &a);
    ingest(s, &b);
    pairs p;
    list(s, NULL, 0, &p);
    ck_assert_uint_eq(p.n, 1);
    ck_assert(strncmp(p.lines[0], "first>second wholly 1 0", 23) == 0);
    qt_store_close(s);
    free(copy);
    tu_remove(path);
    tu_remove(dir);
}
END_TEST

START_TEST(urdu_offsets_in_code_points)
{
    char *dir = tu_temp_dir(), *path = tu_dir_file(dir, "urdu.db", "");
    remove(path);
    qt_store *s = open_store(path);
    art a = {"agency", "Agency", "2024-03-12",
             "لاہور ۔ (نیوز ایجنسی) پنجاب حکومت نے صوبے کے تمام سرکاری سکولوں میں شمسی توانائی "
             "کے پینل لگانے کا منصوبہ شروع کر دیا ہے۔ وزیر تعلیم نے بتایا کہ پہلے مرحلے میں دو "
             "ہزار سکولوں کو بجلی فراہم کی جائے گی۔"};
    art b = {"paper", "Paper", "2024-03-13",
             "لاہور (سٹاف رپورٹر) صوبائی حکومت نے پنجاب کے تمام سرکاری سکولوں میں شمسی توانائی "
             "کے پینل لگانے کا منصوبہ شروع کر دیا۔ وزیر تعلیم کے مطابق پہلے مرحلے میں دو ہزار "
             "سکولوں کو بجلی فراہم کی جائے گی۔"};
    ingest(s, &a);
    ingest(s, &b);
    pairs p;
    list(s, NULL, 0, &p);
    ck_assert_uint_eq(p.n, 1);
    ck_assert(strncmp(p.lines[0], "agency>paper wholly 1 1", 23) == 0);
    ck_assert(p.offsets_ok);
    qt_store_close(s);
    tu_remove(path);
    tu_remove(dir);
}
END_TEST

/* The code point offsets stored agree with the byte offsets. */
typedef struct {
    const char *src, *der;
    int ok;
} offsets_ctx;

static qt_status check_offsets(const qt_reuse_row *r, void *ctx, qt_error *err)
{
    (void)err;
    offsets_ctx *c = ctx;
    for (size_t i = 0; i < r->passage_count; i++) {
        const qt_reuse_passage *ps = &r->passages[i];
        c->ok &= qt_utf8_count(c->src, ps->source_start) == ps->source_char_start;
        c->ok &= qt_utf8_count(c->src, ps->source_end) == ps->source_char_end;
        c->ok &= qt_utf8_count(c->der, ps->derived_start) == ps->derived_char_start;
        c->ok &= qt_utf8_count(c->der, ps->derived_end) == ps->derived_char_end;
    }
    return QT_OK;
}

START_TEST(char_offsets_match_bytes)
{
    char *dir = tu_temp_dir(), *path = tu_dir_file(dir, "o.db", "");
    remove(path);
    qt_store *s = open_store(path);
    const char *src = "“Déjà vu” — the café owner said the Zürich tunnel flooded again on "
                      "Tuesday after three days of heavy storms closed the main line.";
    const char *der = "Naïve readers: the café owner said the Zürich tunnel flooded again on "
                      "Tuesday after three days of heavy storms closed the main line…";
    art a = {"a", NULL, "2024-01-01", src}, b = {"b", NULL, "2024-01-02", der};
    ingest(s, &a);
    ingest(s, &b);
    offsets_ctx c = {src, der, 1};
    qt_error err;
    ck_assert_int_eq(qt_store_reuse(s, "b", 0, NULL, check_offsets, &c, &err), QT_OK);
    ck_assert(c.ok);
    qt_store_close(s);
    tu_remove(path);
    tu_remove(dir);
}
END_TEST

START_TEST(boilerplate_is_not_a_lead)
{
    char *dir = tu_temp_dir(), *path = tu_dir_file(dir, "b.db", "");
    remove(path);
    qt_store *s = open_store(path);
    qt_reuse_params p;
    qt_reuse_params_default(&p);
    p.max_texts = 2;
    p.long_passage = 5;
    qt_error err;
    ck_assert_int_eq(qt_store_reuse_setup(s, pats, &p, &err), QT_OK);
    /* Four unrelated stories with the same footer: its fingerprints lead to
     * the first two (found in at most max_texts texts), not to more. */
    const char *footer = " Copyright Coastal Press syndicate, all rights reserved, no "
                         "reproduction without written permission from the licensing desk.";
    const char *bodies[4] = {P1, P2, P3,
                             "Local farmers expect a record apple harvest this autumn thanks to "
                             "a warm spring and steady rain in the orchard valleys."};
    char ids[4][16];
    for (int i = 0; i < 4; i++) {
        char *t = join(bodies[i], "", footer);
        snprintf(ids[i], sizeof ids[i], "b%d", i);
        art a = {ids[i], NULL, NULL, t};
        ingest(s, &a);
        free(t);
    }
    pairs pr;
    list(s, NULL, 0, &pr);
    /* b1 and b2 each found the earlier ones; b3's footer hashes are in 3
     * texts already, so b3 has no pair. */
    ck_assert_uint_eq(pr.n, 3);
    for (size_t i = 0; i < pr.n; i++) ck_assert(strstr(pr.lines[i], ">b3 ") == NULL);
    ck_assert_int_eq(qt_store_reuse_setup(s, NULL, &(qt_reuse_params){.shingle = 0, .window = 3},
                                          &err),
                     QT_ERR_USAGE);
    qt_store_close(s);
    tu_remove(path);
    tu_remove(dir);
}
END_TEST

START_TEST(incremental_equals_batch)
{
    char *dir = tu_temp_dir();
    char *one = tu_dir_file(dir, "one.db", ""), *batch = tu_dir_file(dir, "batch.db", "");
    remove(one);
    remove(batch);
    char *copy = copy_text();
    art arts[] = {{"wire", "Coastal Press", "2024-03-05T08:00:00Z", WIRE},
                  {"other", "Millbrook Herald", "2024-03-04", P3},
                  {"copy", "Valley Gazette", "2024-03-05T11:30:00Z", copy},
                  {"repost", "Bay Weekly", NULL, WIRE},
                  {"rewrite", "Riverside Daily", "2024-03-06", REWRITE},
                  {"para", NULL, NULL, P2}};
    size_t n = sizeof arts / sizeof *arts;
    /* One by one: a new process (store handle) and transaction each. */
    for (size_t i = 0; i < n; i++) {
        qt_store *s = open_store(one);
        ingest(s, &arts[i]);
        qt_store_close(s);
    }
    /* All in one batch. */
    qt_store *s = open_store(batch);
    qt_error err;
    ck_assert_int_eq(qt_store_begin(s, &err), QT_OK);
    for (size_t i = 0; i < n; i++) ingest(s, &arts[i]);
    ck_assert_int_eq(qt_store_commit(s, &err), QT_OK);
    pairs pb, po;
    list(s, NULL, QT_REUSE_ALL, &pb);
    qt_store_close(s);
    s = open_store(one);
    list(s, NULL, QT_REUSE_ALL, &po);
    qt_store_close(s);
    ck_assert_uint_ge(pb.n, 4);
    ck_assert_uint_eq(po.n, pb.n);
    ck_assert_uint_eq(po.passages, pb.passages);
    for (size_t i = 0; i < pb.n; i++) ck_assert_str_eq(po.lines[i], pb.lines[i]);
    free(copy);
    tu_remove(one);
    tu_remove(batch);
    tu_remove(dir);
}
END_TEST

START_TEST(long_texts_are_compared)
{
    /* Texts above the word cache's size limit (1 MiB) are split, aligned and
     * let go: a 1.3 MB story and an edited copy of it. */
    char *dir = tu_temp_dir(), *path = tu_dir_file(dir, "l.db", "");
    remove(path);
    size_t words = 150000, cap = words * 10 + 64;
    char *a = malloc(cap), *b = malloc(cap), *oa = a, *ob = b;
    ck_assert(a && b);
    unsigned seed = 3;
    for (size_t i = 0; i < words; i++) {
        seed = seed * 1103515245u + 12345u;
        unsigned w = (seed >> 4) % 90000000u;
        oa += sprintf(oa, "w%u ", w);
        if (i % 50 != 7) ob += sprintf(ob, "w%u ", w); /* the copy drops a word in 50 */
    }
    art x = {"long", NULL, "2024-01-01", a}, y = {"long-copy", NULL, "2024-01-02", b};
    qt_store *s = open_store(path);
    ingest(s, &x);
    ingest(s, &y);
    pairs p;
    list(s, NULL, 0, &p);
    ck_assert_uint_eq(p.n, 1);
    ck_assert(strncmp(p.lines[0], "long>long-copy wholly 1 1 1.00", 30) == 0);
    qt_store_close(s);
    free(a);
    free(b);
    tu_remove(path);
    tu_remove(dir);
}
END_TEST

Suite *reuse_suite(void)
{
    Suite *s = suite_create("reuse");
    TCase *tc = tcase_create("reuse");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, stop_words_do_not_change_fingerprints);
    tcase_add_test(tc, shingles_depend_on_word_order);
    tcase_add_test(tc, winnowing_guarantees_shared_runs);
    tcase_add_test(tc, winnowing_density_and_positions);
    tcase_add_test(tc, short_texts_and_bad_parameters);
    tcase_add_test(tc, identical_texts_align_whole);
    tcase_add_test(tc, reordered_paragraphs_are_found);
    tcase_add_test(tc, edited_copy_stays_one_passage);
    tcase_add_test(tc, unrelated_and_name_only_overlap_is_not_reuse);
    tcase_add_test(tc, passage_extends_over_stop_words);
    tcase_add_test(tc, relation_thresholds);
    tcase_add_test(tc, direction_by_date_else_ingest_order);
    tcase_add_test(tc, chain_wire_copy_rewrite);
    tcase_add_test(tc, primary_prefers_dated_then_recent_sources);
    tcase_add_test(tc, verbatim_copies_and_revisions);
    tcase_add_test(tc, undated_pairs_follow_ingest_order);
    tcase_add_test(tc, urdu_offsets_in_code_points);
    tcase_add_test(tc, char_offsets_match_bytes);
    tcase_add_test(tc, boilerplate_is_not_a_lead);
    tcase_add_test(tc, incremental_equals_batch);
    tcase_add_test(tc, long_texts_are_compared);
    suite_add_tcase(s, tc);
    return s;
}
