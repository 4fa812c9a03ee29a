/*
 * qt_scan.c - the scanner: compiled patterns and word lists, the stage
 * pipeline over one article (see qt_scan_int.h), and the public result.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qt_scan_int.h"
#include "qt_text.h"

const char *qt_kind_name(qt_quote_kind kind)
{
    switch (kind) {
    case QT_KIND_DIRECT: return "direct";
    case QT_KIND_PARTIAL: return "partial";
    case QT_KIND_INDIRECT: return "indirect";
    }
    return "direct";
}

const char *qt_speaker_kind_name(qt_speaker_kind kind)
{
    switch (kind) {
    case QT_SPEAKER_PERSON: return "person";
    case QT_SPEAKER_ORGANIZATION: return "organization";
    case QT_SPEAKER_GROUP: return "group";
    case QT_SPEAKER_ANONYMOUS: return "anonymous";
    case QT_SPEAKER_UNKNOWN: break;
    }
    return NULL;
}

static qt_speaker_kind parse_kind(const char *s)
{
    if (!strcmp(s, "organization") || !strcmp(s, "organisation")) return QT_SPEAKER_ORGANIZATION;
    if (!strcmp(s, "group")) return QT_SPEAKER_GROUP;
    if (!strcmp(s, "anonymous")) return QT_SPEAKER_ANONYMOUS;
    return QT_SPEAKER_PERSON;
}

/* Splits "a | b | c" in place into at most max trimmed fields. */
static int split_fields(char *line, char **fields, int max)
{
    int n = 0;
    char *p = line;
    while (n < max) {
        char *bar = strchr(p, '|');
        if (bar) *bar = '\0';
        while (*p == ' ' || *p == '\t') p++;
        char *e = p + strlen(p);
        while (e > p && (e[-1] == ' ' || e[-1] == '\t')) *--e = '\0';
        fields[n++] = p;
        if (!bar) break;
        p = bar + 1;
    }
    return n;
}

static pcre2_code *compile(const char *pattern, size_t len, uint32_t extra, const char *what, qt_error *err)
{
    int code;
    PCRE2_SIZE at;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, len, PCRE2_UTF | PCRE2_UCP | extra, &code, &at, NULL);
    if (!re) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(code, msg, sizeof msg);
        qt_error_set(err, QT_ERR_PATTERN, "%s: pattern error at offset %zu: %s", what, (size_t)at, (char *)msg);
        return NULL;
    }
    /* JIT is an optimisation: where the platform lacks it, matching still works. */
    pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
    return re;
}

static int jit_compiled(const pcre2_code *re)
{
    size_t size = 0;
    return pcre2_pattern_info(re, PCRE2_INFO_JITSIZE, &size) == 0 && size > 0;
}

/* Whether footer pattern re (source src) means the same inside a larger
 * alternation: no capturing groups or back-references (numbers would shift),
 * no whole-pattern recursion and no backtracking verbs such as (*COMMIT),
 * which would cut off the alternatives after it. */
static int combinable(const pcre2_code *re, const char *src)
{
    uint32_t captures = 1, backref = 1;
    pcre2_pattern_info(re, PCRE2_INFO_CAPTURECOUNT, &captures);
    pcre2_pattern_info(re, PCRE2_INFO_BACKREFMAX, &backref);
    return captures == 0 && backref == 0 && !strstr(src, "(*") && !strstr(src, "(?R") &&
           !strstr(src, "(?0");
}

/* Loads a word list: each line's first word(s) before '|' become keys. */
static qt_status load_words(const qt_patterns *pats, const char *file, qt_lexicon **out, int fold,
                            int split_words, qt_error *err)
{
    size_t n;
    const char *const *lines = qt_patterns_lines(pats, file, &n, err);
    if (!lines) return QT_ERR_PATTERN;
    qt_lexicon *lex = qt_lexicon_create();
    if (!lex) return qt_error_set(err, QT_ERR_NOMEM, "out of memory");
    *out = lex;
    for (size_t i = 0; i < n; i++) {
        char *copy = strdup(lines[i]);
        if (!copy) return qt_error_set(err, QT_ERR_NOMEM, "out of memory");
        char *fields[4];
        int nf = split_fields(copy, fields, 4);
        uint32_t value = 1;
        const char *flags = nf > 1 ? fields[1] : "";
        if (strstr(flags, "head")) value |= TITLE_HEAD;
        if (!strcmp(flags, "m")) value = G_MALE;
        if (!strcmp(flags, "f")) value = G_FEMALE;
        if (!strcmp(flags, "p")) value = G_PERSON;
        if (!strcmp(flags, "g")) value = G_GROUP;
        if (!strcmp(flags, "o")) value = G_THING;
        if (!strcmp(flags, "place")) value = 2;
        qt_status st = QT_OK;
        if (split_words) {
            char *save = NULL;
            for (char *w = strtok_r(fields[0], " \t", &save); w && st == QT_OK; w = strtok_r(NULL, " \t", &save))
                st = qt_lexicon_add(lex, w, strlen(w), value, fold);
        } else {
            st = qt_lexicon_add(lex, fields[0], strlen(fields[0]), value, fold);
        }
        free(copy);
        if (st != QT_OK) return qt_error_set(err, st, "out of memory");
    }
    return QT_OK;
}

static qt_status load_cues(qt_scanner *sc, qt_error *err)
{
    size_t n;
    const char *const *lines = qt_patterns_lines(sc->pats, "cues.txt", &n, err);
    if (!lines) return QT_ERR_PATTERN;
    if (!(sc->cues = qt_lexicon_create())) return qt_error_set(err, QT_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        char *copy = strdup(lines[i]);
        if (!copy) return qt_error_set(err, QT_ERR_NOMEM, "out of memory");
        char *fields[2];
        int nf = split_fields(copy, fields, 2);
        uint32_t value = CUE_VERB;
        if (nf > 1 && strstr(fields[1], "bare")) value |= CUE_BARE;
        if (nf > 1 && strstr(fields[1], "weak")) value |= CUE_WEAK;
        if (nf > 1 && strstr(fields[1], "obj")) value |= CUE_OBJ;
        if (nf > 1 && strstr(fields[1], " as")) value |= CUE_AS;
        char *save = NULL;
        int lemma = 1; /* the first word of the line */
        for (char *w = strtok_r(fields[0], " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
            size_t len = strlen(w);
            uint32_t v = value | ((len > 4 && !strcmp(w + len - 3, "ing")) ? CUE_ING : 0) | (lemma ? CUE_LEMMA : 0);
            lemma = 0;
            if (qt_lexicon_add(sc->cues, w, len, v, 1) != QT_OK) {
                free(copy);
                return qt_error_set(err, QT_ERR_NOMEM, "out of memory");
            }
        }
        free(copy);
    }
    return QT_OK;
}

static qt_status load_speakers(qt_scanner *sc, qt_error *err)
{
    size_t n;
    const char *const *lines = qt_patterns_lines(sc->pats, "speakers.txt", &n, err);
    if (!lines) return QT_ERR_PATTERN;
    if (!(sc->speaker_alias = qt_lexicon_create())) return qt_error_set(err, QT_ERR_NOMEM, "out of memory");
    sc->known = calloc(n ? n : 1, sizeof *sc->known);
    if (!sc->known) return qt_error_set(err, QT_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        char *copy = strdup(lines[i]);
        if (!copy) return qt_error_set(err, QT_ERR_NOMEM, "out of memory");
        char *f[4];
        int nf = split_fields(copy, f, 4);
        qt_known_speaker *k = &sc->known[sc->known_count];
        k->canonical = strdup(f[0]);
        k->kind = nf > 1 ? parse_kind(f[1]) : QT_SPEAKER_PERSON;
        uint32_t idx = (uint32_t)++sc->known_count;
        qt_status st = k->canonical ? qt_lexicon_add(sc->speaker_alias, f[0], strlen(f[0]), idx, 1) : QT_ERR_NOMEM;
        if (nf > 2) {
            char *save = NULL;
            for (char *a = strtok_r(f[2], ",", &save); a && st == QT_OK; a = strtok_r(NULL, ",", &save)) {
                while (*a == ' ') a++;
                size_t len = strlen(a);
                while (len && a[len - 1] == ' ') len--;
                if (len) st = qt_lexicon_add(sc->speaker_alias, a, len, idx, 1);
            }
        }
        free(copy);
        if (st != QT_OK) return qt_error_set(err, QT_ERR_NOMEM, "out of memory");
    }
    return QT_OK;
}

static qt_status load_footers(qt_scanner *sc, qt_error *err)
{
    size_t n;
    const char *const *lines = qt_patterns_lines(sc->pats, "footers.pcre", &n, err);
    if (!lines) return QT_ERR_PATTERN;
    sc->footer_re = calloc(n ? n : 1, sizeof *sc->footer_re);
    if (!sc->footer_re) return qt_error_set(err, QT_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        char what[64];
        snprintf(what, sizeof what, "footers.pcre entry %zu", i + 1);
        sc->footer_re[i] = compile(lines[i], PCRE2_ZERO_TERMINATED, PCRE2_CASELESS, what, err);
        if (!sc->footer_re[i]) return QT_ERR_PATTERN;
        sc->footer_count++;
    }
    sc->footer_md = pcre2_match_data_create(4, NULL);
    if (!sc->footer_md) return qt_error_set(err, QT_ERR_NOMEM, "out of memory");
    /* Every line of every article is tested against all of them: one
     * alternation (?:p1)|(?:p2)|... is one match call instead of n.  The
     * patterns were compiled one by one above, so errors name the entry.
     * Anchored patterns (PCRE2 sets PCRE2_ANCHORED when a pattern can only
     * match at its start, as with a leading ^) go in one alternation and
     * the rest in another: mixed in one, the single unanchored member makes
     * PCRE2 retry every anchored one at every position of a long paragraph
     * (measured: ten times slower on bbc-2225, a fifth of the scan). */
    size_t total = 1;
    int ok = n > 0;
    for (size_t i = 0; i < n && ok; i++) {
        ok = combinable(sc->footer_re[i], lines[i]);
        total += strlen(lines[i]) + 6;
    }
    if (!ok) return QT_OK;
    char *any = malloc(total);
    if (!any) return qt_error_set(err, QT_ERR_NOMEM, "out of memory");
    qt_status st = QT_OK;
    for (int anchored = 1; anchored >= 0 && st == QT_OK; anchored--) {
        size_t len = 0;
        for (size_t i = 0; i < n; i++) {
            uint32_t options = 0;
            pcre2_pattern_info(sc->footer_re[i], PCRE2_INFO_ALLOPTIONS, &options);
            if (!(options & PCRE2_ANCHORED) != !anchored) continue;
            len += (size_t)sprintf(any + len, "%s(?:%s)", len ? "|" : "", lines[i]);
        }
        if (!len) continue;
        pcre2_code *re = compile(any, len, PCRE2_CASELESS, "footers.pcre", err);
        if (!re) st = QT_ERR_PATTERN;
        *(anchored ? &sc->footer_anchored : &sc->footer_floating) = re;
    }
    free(any);
    if (st == QT_OK) sc->footer_combined = 1;
    return st;
}

/*
 * A match call per token costs more than the token's own matching, so the
 * tokeniser also gets T as
 *     (T)(?:(?s:.)*?(T))?(?:(?s:.)*?(T))? ...      (QT_TOKENS_PER_MATCH groups)
 * Each later group lazily skips to the first position where T matches: that
 * is what a new unanchored search from the previous token's end finds, with
 * the same match (the groups after it are optional, so nothing backtracks
 * into it).  Group k is token k; qt_segment.c stops at the first unset or
 * empty group and leaves empty matches to the one-token loop.  The form
 * means the same only when T has no groups of its own (numbers would shift)
 * and none of \G, \K, recursion or backtracking verbs, whose meaning
 * depends on the whole match; otherwise tokens_re stays NULL.
 */
static qt_status load_multi_tokeniser(qt_scanner *sc, const char *t, qt_error *err)
{
    uint32_t captures = 1;
    pcre2_pattern_info(sc->token_re, PCRE2_INFO_CAPTURECOUNT, &captures);
    static const char *const unsafe[] = {"\\G", "\\K", "(*", "(?R", "(?0", "(?C", "\\g", NULL};
    if (captures != 0) return QT_OK;
    for (size_t i = 0; unsafe[i]; i++)
        if (strstr(t, unsafe[i])) return QT_OK;
    size_t n = strlen(t), cap = QT_TOKENS_PER_MATCH * (n + 16) + 1, len = 0;
    char *w = malloc(cap);
    if (!w) return qt_error_set(err, QT_ERR_NOMEM, "out of memory");
    len += (size_t)snprintf(w, cap, "(%s)", t);
    for (int k = 1; k < QT_TOKENS_PER_MATCH; k++)
        len += (size_t)snprintf(w + len, cap - len, "(?:(?s:.)*?(%s))?", t);
    int code;
    PCRE2_SIZE at;
    sc->tokens_re = pcre2_compile((PCRE2_SPTR)w, len, PCRE2_UTF | PCRE2_UCP, &code, &at, NULL);
    free(w);
    if (!sc->tokens_re) return QT_OK; /* the one-token loop still works */
    pcre2_jit_compile(sc->tokens_re, PCRE2_JIT_COMPLETE);
    sc->tokens_jit = jit_compiled(sc->tokens_re);
    sc->tokens_md = pcre2_match_data_create_from_pattern(sc->tokens_re, NULL);
    return sc->tokens_md ? QT_OK : qt_error_set(err, QT_ERR_NOMEM, "out of memory");
}

static qt_status load_tokeniser(qt_scanner *sc, qt_error *err)
{
    size_t n;
    const char *const *lines = qt_patterns_lines(sc->pats, "token.pcre", &n, err);
    if (!lines) return QT_ERR_PATTERN;
    size_t total = 1;
    for (size_t i = 0; i < n; i++) total += strlen(lines[i]);
    char *joined = malloc(total);
    if (!joined) return qt_error_set(err, QT_ERR_NOMEM, "out of memory");
    joined[0] = '\0';
    for (size_t i = 0; i < n; i++) strcat(joined, lines[i]);
    sc->token_re = compile(joined, PCRE2_ZERO_TERMINATED, 0, "token.pcre", err);
    if (!sc->token_re) {
        free(joined);
        return QT_ERR_PATTERN;
    }
    sc->token_jit = jit_compiled(sc->token_re);
    sc->token_md = pcre2_match_data_create_from_pattern(sc->token_re, NULL);
    if (!sc->token_md) {
        free(joined);
        return qt_error_set(err, QT_ERR_NOMEM, "out of memory");
    }
    qt_status st = load_multi_tokeniser(sc, joined, err);
    free(joined);
    return st;
}

void qt_scanner_free(qt_scanner *sc)
{
    if (!sc) return;
    pcre2_code_free(sc->token_re);
    pcre2_match_data_free(sc->token_md);
    pcre2_code_free(sc->tokens_re);
    pcre2_match_data_free(sc->tokens_md);
    for (size_t i = 0; i < sc->footer_count; i++) pcre2_code_free(sc->footer_re[i]);
    free(sc->footer_re);
    pcre2_match_data_free(sc->footer_md);
    pcre2_code_free(sc->footer_anchored);
    pcre2_code_free(sc->footer_floating);
    qt_lexicon *lexicons[] = {sc->cues,     sc->cue_nouns, sc->titles,    sc->demonyms,
                              sc->places,   sc->org_words, sc->org_nouns, sc->groups,    sc->roles,
                              sc->pronouns, sc->not_names, sc->abbrevs,   sc->first_names,
                              sc->speaker_alias};
    for (size_t i = 0; i < sizeof lexicons / sizeof *lexicons; i++) qt_lexicon_free(lexicons[i]);
    for (size_t i = 0; i < sc->known_count; i++) free(sc->known[i].canonical);
    free(sc->known);
    free(sc);
}

qt_scanner *qt_scanner_create(const qt_patterns *pats, qt_error *err)
{
    qt_scanner *sc = calloc(1, sizeof *sc);
    if (!sc) {
        qt_error_set(err, QT_ERR_NOMEM, "out of memory");
        return NULL;
    }
    sc->pats = pats;
    qt_status st = QT_OK;
    QT_CHECK(st, load_tokeniser(sc, err), fail);
    QT_CHECK(st, load_footers(sc, err), fail);
    QT_CHECK(st, load_cues(sc, err), fail);
    QT_CHECK(st, load_speakers(sc, err), fail);
    QT_CHECK(st, load_words(pats, "cue_nouns.txt", &sc->cue_nouns, 1, 1, err), fail);
    QT_CHECK(st, load_words(pats, "titles.txt", &sc->titles, 0, 0, err), fail);
    QT_CHECK(st, load_words(pats, "demonyms.txt", &sc->demonyms, 0, 0, err), fail);
    QT_CHECK(st, load_words(pats, "places.txt", &sc->places, 0, 0, err), fail);
    QT_CHECK(st, load_words(pats, "org_words.txt", &sc->org_words, 0, 0, err), fail);
    QT_CHECK(st, load_words(pats, "org_nouns.txt", &sc->org_nouns, 1, 0, err), fail);
    QT_CHECK(st, load_words(pats, "groups.txt", &sc->groups, 1, 0, err), fail);
    QT_CHECK(st, load_words(pats, "roles.txt", &sc->roles, 1, 0, err), fail);
    QT_CHECK(st, load_words(pats, "pronouns.txt", &sc->pronouns, 1, 0, err), fail);
    QT_CHECK(st, load_words(pats, "not_names.txt", &sc->not_names, 0, 0, err), fail);
    QT_CHECK(st, load_words(pats, "abbreviations.txt", &sc->abbrevs, 0, 0, err), fail);
    QT_CHECK(st, load_words(pats, "first_names.txt", &sc->first_names, 0, 0, err), fail);
    /* Title heads double as roles so "the minister" finds "Defense Minister". */
    return sc;
fail:
    qt_scanner_free(sc);
    return NULL;
}

static void doc_free(qt_doc *d)
{
    for (int i = 0; i < d->nentities; i++) {
        free(d->entities[i].name);
        free(d->entities[i].title);
        free(d->entities[i].first_token);
        free(d->entities[i].last_token);
    }
    free(d->entities);
    free(d->toks);
    free(d->paras);
    free(d->sents);
    free(d->spans);
    free(d->mentions);
    free(d->found);
    free(d->cue_memo);
}

static int cmp_found(const void *a, const void *b)
{
    const qt_found *x = a, *y = b;
    if (x->start != y->start) return x->start < y->start ? -1 : 1;
    return x->end > y->end ? -1 : x->end < y->end;
}

typedef struct {
    const qt_found *found;
    int index;
} found_ref;

static int cmp_found_ref(const void *a, const void *b)
{
    const found_ref *x = a, *y = b;
    int c = cmp_found(x->found, y->found);
    if (c) return c;
    return (x->index > y->index) - (x->index < y->index);
}

static char *copy_range(const char *s, size_t a, size_t b)
{
    char *c = malloc(b - a + 1);
    if (!c) return NULL;
    memcpy(c, s + a, b - a);
    c[b - a] = '\0';
    return c;
}

void qt_scan_result_free(qt_scan_result *r)
{
    if (!r) return;
    for (size_t i = 0; i < r->count; i++) {
        free(r->quotes[i].text);
        free(r->quotes[i].mention_text);
        free(r->quotes[i].cue_text);
    }
    for (size_t i = 0; i < r->speaker_count; i++) {
        free(r->speakers[i].name);
        free(r->speakers[i].title);
        for (size_t k = 0; k < r->speakers[i].alias_count; k++) free(r->speakers[i].aliases[k]);
        free(r->speakers[i].aliases);
    }
    free(r->quotes);
    free(r->speakers);
    free(r);
}

static void set_span(qt_span *sp, const qt_charmap *map, size_t a, size_t b)
{
    sp->start = a;
    sp->end = b;
    sp->char_start = qt_charmap_chars(map, a);
    sp->char_end = qt_charmap_chars(map, b);
}

/* Adds surface form s to the speaker's aliases unless already there (takes s). */
static int add_alias(qt_speaker *sp, char *s)
{
    for (size_t k = 0; k < sp->alias_count; k++)
        if (!strcmp(sp->aliases[k], s)) {
            free(s);
            return 1;
        }
    char **grown = realloc(sp->aliases, (sp->alias_count + 2) * sizeof *grown);
    if (!grown) {
        free(s);
        return 0;
    }
    sp->aliases = grown;
    sp->aliases[sp->alias_count++] = s;
    sp->aliases[sp->alias_count] = NULL;
    return 1;
}

static qt_status build_result(qt_doc *d, qt_scan_result **out, qt_error *err)
{
    qt_scan_result *r = calloc(1, sizeof *r);
    qt_charmap *map = qt_charmap_create(d->text, d->len);
    int *speaker_of = calloc((size_t)d->nentities + 1, sizeof *speaker_of);
    int *new_index = calloc((size_t)d->nfound + 1, sizeof *new_index);
    if (!r || !map || !speaker_of || !new_index) goto nomem;
    r->quotes = calloc((size_t)d->nfound + 1, sizeof *r->quotes);
    r->speakers = calloc((size_t)d->nentities + 1, sizeof *r->speakers);
    if (!r->quotes || !r->speakers) goto nomem;
    for (int e = 0; e < d->nentities; e++) speaker_of[e] = -1;
    /* Sort by position, remembering where each claim went for parent links.
     * Direct quotes, claims and partials arrive as three sorted runs, so an
     * insertion sort was quadratic on a hostile article with a million
     * quotes; qsort with the index as the last key is as stable. */
    int *order = new_index;
    found_ref *refs = malloc(((size_t)d->nfound + 1) * sizeof *refs);
    if (!refs) goto nomem;
    for (int f = 0; f < d->nfound; f++) refs[f] = (found_ref){&d->found[f], f};
    qsort(refs, (size_t)d->nfound, sizeof *refs, cmp_found_ref);
    for (int f = 0; f < d->nfound; f++) order[f] = refs[f].index;
    free(refs);
    int *pos_of = malloc(((size_t)d->nfound + 1) * sizeof *pos_of);
    if (!pos_of) goto nomem;
    for (int i = 0; i < d->nfound; i++) pos_of[order[i]] = i;
    for (int i = 0; i < d->nfound; i++) {
        const qt_found *f = &d->found[order[i]];
        qt_quote *q = &r->quotes[r->count++];
        q->kind = f->kind;
        set_span(&q->span, map, f->start, f->end);
        q->text = copy_range(d->text, f->start, f->end);
        q->speaker = -1;
        q->confidence = f->confidence;
        q->rule = f->rule;
        q->parent = f->parent >= 0 ? pos_of[f->parent] : -1;
        if (!q->text) {
            free(pos_of);
            goto nomem;
        }
        if (f->mention >= 0) {
            const qt_mention *m = &d->mentions[f->mention];
            q->has_mention = 1;
            set_span(&q->mention, map, d->toks[m->tok_first].start, d->toks[m->tok_last].end);
            q->mention_text = copy_range(d->text, q->mention.start, q->mention.end);
        }
        if (f->cue_first >= 0) {
            q->has_cue = 1;
            set_span(&q->cue, map, d->toks[f->cue_first].start, d->toks[f->cue_last].end);
            q->cue_text = copy_range(d->text, q->cue.start, q->cue.end);
        }
        if (f->entity >= 0) {
            int e = f->entity;
            if (speaker_of[e] < 0) {
                qt_speaker *sp = &r->speakers[r->speaker_count];
                sp->name = strdup(d->entities[e].name);
                sp->kind = d->entities[e].kind;
                sp->title = d->entities[e].title ? strdup(d->entities[e].title) : NULL;
                if (!sp->name) {
                    free(pos_of);
                    goto nomem;
                }
                speaker_of[e] = (int)r->speaker_count++;
            }
            q->speaker = speaker_of[e];
            if (q->mention_text) add_alias(&r->speakers[q->speaker], strdup(q->mention_text));
        }
    }
    free(pos_of);
    free(speaker_of);
    free(new_index);
    qt_charmap_free(map);
    *out = r;
    return QT_OK;
nomem:
    free(speaker_of);
    free(new_index);
    qt_charmap_free(map);
    qt_scan_result_free(r);
    return qt_error_set(err, QT_ERR_NOMEM, "out of memory scanning");
}

qt_status qt_scan_article(qt_scanner *sc, const qt_article *article, qt_scan_result **out, qt_error *err)
{
    qt_doc d;
    memset(&d, 0, sizeof d);
    d.sc = sc;
    d.text = article->text;
    d.len = article->len;
    qt_status st = QT_OK;
    *out = NULL;
    QT_CHECK(st, qt_segment(&d), fail);
    QT_CHECK(st, qt_find_quote_spans(&d), fail);
    qt_split_sentences(&d);
    QT_CHECK(st, qt_find_mentions(&d), fail);
    QT_CHECK(st, qt_resolve_mentions(&d), fail);
    QT_CHECK(st, qt_attribute(&d), fail);
    st = build_result(&d, out, err);
    doc_free(&d);
    return st;
fail:
    doc_free(&d);
    return qt_error_set(err, st, "%s: out of memory while scanning", article->id);
}
