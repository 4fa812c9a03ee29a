/*
 * qt_qdiff.c - word-level comparison of short texts (see qt_qdiff.h).
 */
#include "qt_qdiff.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
/* For XXH3_state_t on the stack (hashing a text as it is walked). */
#define XXH_STATIC_LINKING_ONLY
#include <xxhash.h>

#include "qt_lexicon.h"
#include "qt_text.h"
#include "qt_words.h"

#define FOLD_MAX 256

struct qt_qlex {
    qt_wordizer *wz;
    qt_lexicon *syn;      /* stemmed word -> synonym group number + 1 */
    qt_word_list words;   /* scratch for qt_qtext_build */
};

/* A light English stem of a folded word, in place: possessive, plural, -ing
 * and -ed, a doubled final consonant and a final e go, so "Russians" and
 * "Russian", "making" and "make", "deployed" and "deploy" compare equal.
 * Only ASCII endings are touched, so other scripts keep their words.
 * Returns the new length. */
static size_t stem(char *w, size_t n)
{
#define ENDS(s) (n >= sizeof(s) - 1 && memcmp(w + n - (sizeof(s) - 1), s, sizeof(s) - 1) == 0)
    if (n > 3 && ENDS("'s")) n -= 2;
    if (n > 4 && ENDS("ies")) {
        n -= 3;
        w[n++] = 'y';
    } else if (n > 3 && w[n - 1] == 's' && w[n - 2] != 's' && w[n - 2] != 'u' &&
               w[n - 2] != 'i') {
        n--;
    }
    int cut = 0;
    if (n > 5 && ENDS("ing")) {
        n -= 3;
        cut = 1;
    } else if (n > 4 && ENDS("ed") && w[n - 3] != 'e') {
        n -= 2;
        cut = 1;
    }
    if (cut && n > 3 && w[n - 1] == w[n - 2] && strchr("bdgmnprt", w[n - 1])) n--;
    if (n > 3 && w[n - 1] == 'e') n--;
#undef ENDS
    w[n] = '\0';
    return n;
}

qt_qlex *qt_qlex_create(const qt_patterns *pats, qt_error *err)
{
    qt_qlex *lex = calloc(1, sizeof *lex);
    if (!lex || !(lex->syn = qt_lexicon_create())) {
        qt_qlex_free(lex);
        qt_error_set(err, QT_ERR_NOMEM, "out of memory loading the quote lexicon");
        return NULL;
    }
    if (!(lex->wz = qt_wordizer_create(pats, err))) goto fail;
    size_t n = 0;
    const char *const *lines = qt_patterns_lines(pats, "synonyms.txt", &n, err);
    if (!lines) goto fail;
    for (size_t i = 0; i < n; i++) {
        const char *p = lines[i];
        while (*p) {
            while (*p == ' ' || *p == '\t' || *p == ',') p++;
            const char *s = p;
            while (*p && *p != ' ' && *p != '\t' && *p != ',') p++;
            if (p == s || qt_word_is_stop(lex->wz, s, (size_t)(p - s))) continue;
            char w[FOLD_MAX];
            size_t len = stem(w, qt_word_fold(s, (size_t)(p - s), w, sizeof w));
            uint32_t have = qt_lexicon_get(lex->syn, w, len, 0);
            if (have && have != i + 1) {
                qt_error_set(err, QT_ERR_PATTERN,
                             "synonyms.txt: '%.*s' is in two groups (lines %u and %zu)",
                             (int)(p - s), s, (unsigned)have, i + 1);
                goto fail;
            }
            if (qt_lexicon_add(lex->syn, w, len, (uint32_t)(i + 1), 0) != QT_OK) {
                qt_error_set(err, QT_ERR_NOMEM, "out of memory loading synonyms");
                goto fail;
            }
        }
    }
    return lex;
fail:
    qt_qlex_free(lex);
    return NULL;
}

void qt_qlex_free(qt_qlex *lex)
{
    if (!lex) return;
    qt_wordizer_free(lex->wz);
    qt_lexicon_free(lex->syn);
    qt_word_list_clear(&lex->words);
    free(lex);
}

void qt_qtext_clear(qt_qtext *t)
{
    if (!t) return;
    free(t->words);
    free(t->content);
    memset(t, 0, sizeof *t);
}

/* Typographic variants that do not change a quote's text. */
static uint32_t plain_cp(uint32_t cp)
{
    switch (cp) {
    case 0x2018: case 0x2019: case 0x201B: case 0x2032: return '\'';
    case 0x201C: case 0x201D: case 0x201E: case 0x00AB: case 0x00BB: return '"';
    case 0x00A0: case 0x2009: case 0x202F: return ' ';
    default: return cp;
    }
}

/* Bytes for a streaming hash, handed over a buffer at a time: one
 * XXH3_64bits_update per code point was a third of building a quote's
 * text.  The digest depends only on the bytes, not on how they were split,
 * so stored hashes are unchanged. */
typedef struct {
    XXH3_state_t st;
    size_t n;
    unsigned char buf[512];
} hash_buffer;

static void hash_put(hash_buffer *h, const void *p, size_t len)
{
    if (h->n + len > sizeof h->buf) {
        XXH3_64bits_update(&h->st, h->buf, h->n);
        h->n = 0;
    }
    memcpy(h->buf + h->n, p, len);
    h->n += len;
}

/* Hash of the text with white space runs as one space, typographic quotes
 * plain, and outer white space plus one trailing ',' or '.' dropped (the
 * scanner keeps the comma of `"...," he said`). */
static uint64_t exact_hash(const char *s, size_t len)
{
    hash_buffer h;
    XXH3_64bits_reset(&h.st);
    h.n = 0;
    size_t end = len;
    while (end > 0 && (s[end - 1] == ' ' || s[end - 1] == '\n' || s[end - 1] == '\t')) end--;
    if (end > 0 && (s[end - 1] == ',' || s[end - 1] == '.')) end--;
    size_t pos = 0;
    int space = 0, any = 0;
    while (pos < end) {
        size_t before = pos;
        uint32_t cp = plain_cp(qt_utf8_next(s, end, &pos));
        if (pos == before) break;
        if (cp == ' ' || cp == '\n' || cp == '\t' || cp == '\r') {
            space = any;
            continue;
        }
        if (space) hash_put(&h, " ", 1);
        space = 0;
        any = 1;
        hash_put(&h, &cp, sizeof cp);
    }
    XXH3_64bits_update(&h.st, h.buf, h.n);
    return XXH3_64bits_digest(&h.st);
}

qt_status qt_qtext_build(qt_qlex *lex, const char *text, size_t len, qt_qtext *out,
                         qt_error *err)
{
    memset(out, 0, sizeof *out);
    out->text = text;
    out->len = len;
    out->exact = exact_hash(text, len);
    QT_TRY(qt_words_split(lex->wz, text, len, &lex->words, err));
    size_t n = lex->words.count;
    if (n > 0) {
        out->words = malloc(n * sizeof *out->words);
        out->content = malloc(n * sizeof *out->content);
        if (!out->words || !out->content) {
            qt_qtext_clear(out);
            return qt_error_set(err, QT_ERR_NOMEM, "out of memory comparing quotes");
        }
    }
    hash_buffer wording;
    XXH3_64bits_reset(&wording.st);
    wording.n = 0;
    int square = 0, round = 0;
    size_t prev_end = 0;
    for (size_t i = 0; i < n; i++) {
        const qt_word *w = &lex->words.items[i];
        /* Brackets between the previous word and this one open or close an
         * editorial insertion: "[Russian President Vladimir] Putin". */
        for (size_t k = prev_end; k < w->start; k++) {
            char c = text[k];
            if (c == '[') square++;
            else if (c == ']' && square > 0) square--;
            else if (c == '(') round++;
            else if (c == ')' && round > 0) round--;
        }
        prev_end = w->end;
        qt_qword *q = &out->words[out->nwords++];
        q->start = w->start;
        q->end = w->end;
        q->key = w->key;
        q->bracketed = square > 0 || round > 0;
        q->ckey = 0;
        hash_put(&wording, &w->key, sizeof w->key);
        if (w->stop) continue;
        char f[FOLD_MAX];
        size_t flen = stem(f, qt_word_fold(text + w->start, w->end - w->start, f, sizeof f));
        uint32_t group = qt_lexicon_get(lex->syn, f, flen, 0);
        if (group) {
            /* A synonym group is one content word: a key no real word hashes to. */
            char g[24];
            int glen = snprintf(g, sizeof g, "\x01syn%u", (unsigned)group);
            q->ckey = XXH3_64bits(g, (size_t)glen);
        } else {
            q->ckey = XXH3_64bits(f, flen);
        }
        if (q->ckey == 0) q->ckey = 1;
        if (out->ncontent < QT_QDIFF_MAX_CONTENT) out->content[out->ncontent++] = q->ckey;
    }
    XXH3_64bits_update(&wording.st, wording.buf, wording.n);
    out->wording = XXH3_64bits_digest(&wording.st);
    return QT_OK;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

void qt_qcompare(const qt_qtext *a, const qt_qtext *b, qt_qsim *out)
{
    memset(out, 0, sizeof *out);
    size_t m = a->ncontent, n = b->ncontent;
    out->na = m;
    out->nb = n;
    if (m == 0 || n == 0) return;
    /* LCS and the longest common run in two rows each (n <= 256). */
    uint16_t lcs[2][QT_QDIFF_MAX_CONTENT + 1], run[2][QT_QDIFF_MAX_CONTENT + 1];
    memset(lcs, 0, sizeof lcs);
    memset(run, 0, sizeof run);
    size_t best_run = 0;
    for (size_t i = 1; i <= m; i++) {
        uint16_t *cur = lcs[i & 1], *prev = lcs[(i - 1) & 1];
        uint16_t *rcur = run[i & 1], *rprev = run[(i - 1) & 1];
        cur[0] = rcur[0] = 0;
        for (size_t j = 1; j <= n; j++) {
            if (a->content[i - 1] == b->content[j - 1]) {
                cur[j] = (uint16_t)(prev[j - 1] + 1);
                rcur[j] = (uint16_t)(rprev[j - 1] + 1);
                if (rcur[j] > best_run) best_run = rcur[j];
            } else {
                cur[j] = cur[j - 1] > prev[j] ? cur[j - 1] : prev[j];
                rcur[j] = 0;
            }
        }
    }
    out->lcs = lcs[m & 1][n];
    out->run = best_run;
    /* The multiset intersection, on sorted copies. */
    uint64_t sa[QT_QDIFF_MAX_CONTENT], sb[QT_QDIFF_MAX_CONTENT];
    memcpy(sa, a->content, m * sizeof *sa);
    memcpy(sb, b->content, n * sizeof *sb);
    qsort(sa, m, sizeof *sa, cmp_u64);
    qsort(sb, n, sizeof *sb, cmp_u64);
    for (size_t i = 0, j = 0; i < m && j < n;) {
        if (sa[i] == sb[j]) {
            out->bag++;
            i++;
            j++;
        } else if (sa[i] < sb[j]) {
            i++;
        } else {
            j++;
        }
    }
    out->dice = 2.0 * (double)out->lcs / (double)(m + n);
    out->cont = (double)out->lcs / (double)(m < n ? m : n);
}

double qt_qsim_score(const qt_qsim *sim, const qt_qtext *parent, const qt_qtext *member)
{
    if (member->ncontent < parent->ncontent) return sim->cont;
    return sim->dice;
}

void qt_qdiff_clear(qt_qdiff *d)
{
    if (!d) return;
    free(d->ops);
    memset(d, 0, sizeof *d);
}

/* Appends one word to the diff, extending the last run when it has the same
 * operation. */
static qt_status push_op(qt_qdiff *d, char op, const qt_qword *w, qt_error *err)
{
    int content = w->ckey != 0 && !w->bracketed;
    if (d->count > 0 && d->ops[d->count - 1].op == op) {
        qt_qop *last = &d->ops[d->count - 1];
        last->end = w->end;
        last->words++;
        last->content += (size_t)content;
        return QT_OK;
    }
    if (d->count == d->cap) {
        size_t cap = d->cap ? 2 * d->cap : 16;
        qt_qop *ops = realloc(d->ops, cap * sizeof *ops);
        if (!ops) return qt_error_set(err, QT_ERR_NOMEM, "out of memory diffing quotes");
        d->ops = ops;
        d->cap = cap;
    }
    d->ops[d->count++] = (qt_qop){op, w->start, w->end, 1, (size_t)content};
    return QT_OK;
}

qt_status qt_qdiff_compute(const qt_qtext *parent, const qt_qtext *member, qt_qdiff *out,
                           qt_error *err)
{
    out->count = 0;
    size_t m = parent->nwords < QT_QDIFF_MAX_WORDS ? parent->nwords : QT_QDIFF_MAX_WORDS;
    size_t n = member->nwords < QT_QDIFF_MAX_WORDS ? member->nwords : QT_QDIFF_MAX_WORDS;
    /* Weighted LCS, filled from the end so the walk goes forwards: a content
     * word weighs 3, a stop word 1, so the alignment follows the words that
     * matter and a stray "the" does not pull it apart. */
    uint16_t *t = calloc((m + 1) * (n + 1), sizeof *t);
    if (!t) return qt_error_set(err, QT_ERR_NOMEM, "out of memory diffing quotes");
#define T(i, j) t[(i) * (n + 1) + (j)]
    for (size_t i = m; i-- > 0;) {
        for (size_t j = n; j-- > 0;) {
            uint16_t best = T(i + 1, j) > T(i, j + 1) ? T(i + 1, j) : T(i, j + 1);
            if (parent->words[i].key == member->words[j].key) {
                uint16_t w = parent->words[i].ckey ? 3 : 1;
                uint16_t take = (uint16_t)(T(i + 1, j + 1) + w);
                if (take >= best) best = take;
            }
            T(i, j) = best;
        }
    }
    qt_status st = QT_OK;
    size_t i = 0, j = 0;
    while (st == QT_OK && (i < m || j < n)) {
        if (i < m && j < n && parent->words[i].key == member->words[j].key &&
            T(i, j) == T(i + 1, j + 1) + (parent->words[i].ckey ? 3 : 1)) {
            st = push_op(out, '=', &member->words[j], err);
            i++;
            j++;
        } else if (i < m && (j >= n || T(i + 1, j) >= T(i, j + 1))) {
            /* Deletions before insertions, so a replacement reads -old +new. */
            st = push_op(out, '-', &parent->words[i], err);
            i++;
        } else {
            st = push_op(out, '+', &member->words[j], err);
            j++;
        }
    }
#undef T
    free(t);
    return st;
}

/* The operations of the weighted-LCS diff of pw[0..m) and mw[0..n), one
 * letter per word ('=' consumes one of each), into ops (room for m + n).
 * Returns how many, or SIZE_MAX when out of memory. */
static size_t window_ops(const qt_qword *pw, size_t m, const qt_qword *mw, size_t n, char *ops)
{
    uint16_t *t = calloc((m + 1) * (n + 1), sizeof *t);
    if (!t) return SIZE_MAX;
#define T(i, j) t[(i) * (n + 1) + (j)]
    for (size_t i = m; i-- > 0;)
        for (size_t j = n; j-- > 0;) {
            uint16_t best = T(i + 1, j) > T(i, j + 1) ? T(i + 1, j) : T(i, j + 1);
            if (pw[i].key == mw[j].key) {
                uint16_t take = (uint16_t)(T(i + 1, j + 1) + (pw[i].ckey ? 3 : 1));
                if (take >= best) best = take;
            }
            T(i, j) = best;
        }
    size_t i = 0, j = 0, k = 0;
    while (i < m || j < n) {
        if (i < m && j < n && pw[i].key == mw[j].key &&
            T(i, j) == T(i + 1, j + 1) + (pw[i].ckey ? 3 : 1)) {
            ops[k++] = '=';
            i++;
            j++;
        } else if (i < m && (j >= n || T(i + 1, j) >= T(i, j + 1))) {
            ops[k++] = '-';
            i++;
        } else {
            ops[k++] = '+';
            j++;
        }
    }
#undef T
    free(t);
    return k;
}

qt_status qt_qdiff_compute_long(const qt_qtext *parent, const qt_qtext *member, qt_qdiff *out,
                                qt_error *err)
{
    out->count = 0;
    const size_t win = QT_QDIFF_MAX_WORDS;
    char *ops = malloc(2 * win);
    if (!ops) return qt_error_set(err, QT_ERR_NOMEM, "out of memory diffing passages");
    qt_status st = QT_OK;
    size_t i = 0, j = 0;
    while (st == QT_OK && (i < parent->nwords || j < member->nwords)) {
        size_t m = parent->nwords - i < win ? parent->nwords - i : win;
        size_t n = member->nwords - j < win ? member->nwords - j : win;
        int last = i + m == parent->nwords && j + n == member->nwords;
        /* (an empty text has no words array: no pointer arithmetic on NULL) */
        size_t k = window_ops(m ? parent->words + i : NULL, m, n ? member->words + j : NULL, n, ops);
        if (k == SIZE_MAX) {
            st = qt_error_set(err, QT_ERR_NOMEM, "out of memory diffing passages");
            break;
        }
        /* Short of the end, keep the operations up to the last word in both
         * texts within the first three quarters of either window: the
         * alignment near a window's edge sees only part of what follows. */
        size_t keep = k;
        if (!last) {
            size_t a = 0, b = 0, cut = 0;
            for (size_t x = 0; x < k && a < 3 * m / 4 && b < 3 * n / 4; x++) {
                if (ops[x] == '=') cut = x + 1;
                a += ops[x] != '+';
                b += ops[x] != '-';
            }
            if (cut) keep = cut;
        }
        for (size_t x = 0; x < keep && st == QT_OK; x++) {
            if (ops[x] == '=') st = push_op(out, '=', &member->words[j++], err), i++;
            else if (ops[x] == '-') st = push_op(out, '-', &parent->words[i++], err);
            else st = push_op(out, '+', &member->words[j++], err);
        }
    }
    free(ops);
    return st;
}

/* Copies s[0..n) without the brackets that open or close outside it: a run
 * that starts inside "[Russian President Vladimir] Putin" reads "Russian
 * President Vladimir Putin", not "Vladimir] Putin".  Returns the length. */
static size_t balanced(const char *s, size_t n, char *out)
{
    static const char open[] = "[(", close[] = "])";
    memcpy(out, s, n);
    for (int k = 0; k < 2; k++) {
        size_t depth = 0;
        for (size_t i = 0; i < n; i++) {
            if (out[i] == open[k]) depth++;
            else if (out[i] == close[k] && depth) depth--;
            else if (out[i] == close[k]) out[i] = '\0';
        }
        for (size_t i = n; i-- > 0 && depth;) /* unclosed, from the end */
            if (out[i] == open[k]) {
                out[i] = '\0';
                depth--;
            }
    }
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (out[i]) out[m++] = out[i];
    return m;
}

char *qt_qdiff_json(const qt_qtext *parent, const qt_qtext *member, const qt_qdiff *d)
{
    json_object *arr = json_object_new_array();
    if (!arr) return NULL;
    for (size_t k = 0; k < d->count; k++) {
        const qt_qop *op = &d->ops[k];
        const char *src = op->op == '-' ? parent->text : member->text;
        char opname[2] = {op->op, '\0'};
        json_object *o = json_object_new_object();
        json_object *jop = json_object_new_string(opname);
        char *buf = malloc(op->end - op->start + 1);
        json_object *jtext =
            buf ? json_object_new_string_len(buf, (int)balanced(src + op->start,
                                                                 op->end - op->start, buf))
                : NULL;
        free(buf);
        if (!o || !jop || !jtext || json_object_object_add(o, "op", jop) ||
            json_object_object_add(o, "text", jtext) || json_object_array_add(arr, o)) {
            json_object_put(o);
            json_object_put(arr);
            return NULL;
        }
    }
    const char *s = json_object_to_json_string_ext(
        arr, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
    char *copy = s ? strdup(s) : NULL;
    json_object_put(arr);
    return copy;
}

const char *qt_relation_name(qt_relation rel)
{
    switch (rel) {
    case QT_REL_ORIGIN: return "origin";
    case QT_REL_VERBATIM: return "verbatim";
    case QT_REL_NEAR_VERBATIM: return "near-verbatim";
    case QT_REL_PARTIAL: return "partial";
    case QT_REL_ALTERED: return "altered";
    }
    return "altered";
}

/* 1 when member->text[from..to) holds an ellipsis ("..." or U+2026): an
 * omission the quoting outlet marked. */
static int has_ellipsis(const qt_qtext *t, size_t from, size_t to)
{
    for (size_t i = from; i + 3 <= to && i + 3 <= t->len; i++)
        if (memcmp(t->text + i, "...", 3) == 0 || memcmp(t->text + i, "\xE2\x80\xA6", 3) == 0)
            return 1;
    return 0;
}

qt_relation qt_qrelation(const qt_qtext *parent, const qt_qtext *member, const qt_qdiff *d)
{
    if (parent->exact == member->exact) return QT_REL_VERBATIM;
    if (parent->wording == member->wording) return QT_REL_NEAR_VERBATIM;
    /* A fragment is an excerpt: it brings no word of its own (an editor's
     * bracketed "(He is)" and function words aside), the parent's words it
     * leaves out are before or after it, and a cut inside it is either
     * function words only or marked with an ellipsis. */
    size_t kept = 0, cut = 0;  /* content words kept, and left out */
    size_t last_kept_end = 0; /* in the member */
    int seen_kept = 0;
    for (size_t k = 0; k < d->count; k++) {
        const qt_qop *op = &d->ops[k];
        if (op->op == '+') {
            if (op->content) return QT_REL_ALTERED;
        } else if (op->op == '=') {
            kept += op->content;
            last_kept_end = op->end;
            seen_kept = 1;
        } else {
            size_t next = k + 1;
            while (next < d->count && d->ops[next].op != '=') next++;
            int inner = seen_kept && next < d->count;
            if (inner && op->content &&
                !has_ellipsis(member, last_kept_end, d->ops[next].start))
                return QT_REL_ALTERED;
            cut += op->content;
        }
    }
    /* Only function words changed ("was to be" / "would be"): altered. */
    return cut > 0 && kept > 0 ? QT_REL_PARTIAL : QT_REL_ALTERED;
}
