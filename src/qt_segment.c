/*
 * qt_segment.c - paragraphs, tokens and sentences.
 *
 * News text comes as a paragraph per line or paragraphs separated by blank
 * lines; both reduce to "a non-blank line is a paragraph".  Lines that are
 * metadata (footers, bylines) or headings are classified and never scanned as
 * prose, because a heading like "Trading space tech for lives" or a footer like
 * "Original Source: kstp.com" would otherwise lend names and false cues.
 */
#include <stdlib.h>
#include <string.h>

#include "qt_scan_int.h"
#include "qt_text.h"

int qt_grow(void **arr, int *cap, int n, size_t elem)
{
    if (n < *cap) return 1;
    int ncap = *cap ? *cap * 2 : 64;
    while (ncap <= n) ncap *= 2;
    void *p = realloc(*arr, (size_t)ncap * elem);
    if (!p) return 0;
    *arr = p;
    *cap = ncap;
    return 1;
}

static int is_double_mark(uint32_t cp)
{
    return cp == '"' || cp == 0x201C || cp == 0x201D || cp == 0x201E || cp == 0x201F ||
           cp == 0xAB || cp == 0xBB || cp == 0xFF02;
}

static int is_single_mark(uint32_t cp)
{
    return cp == '\'' || cp == 0x2018 || cp == 0x2019 || cp == 0x201A || cp == 0x201B ||
           cp == 0x2039 || cp == 0x203A;
}

/* Marks whose shape says "opening" or "closing"; straight marks say neither. */
static int shape_opens(uint32_t cp)
{
    return cp == 0x201C || cp == 0x201E || cp == 0x201F || cp == 0xAB || cp == 0x2018 ||
           cp == 0x201A || cp == 0x201B || cp == 0x2039;
}

static int shape_closes(uint32_t cp)
{
    return cp == 0x201D || cp == 0xBB || cp == 0x2019 || cp == 0x203A;
}

static int opens_context(uint32_t prev)
{
    return prev == 0 || qt_cp_is_space(prev) || prev == '(' || prev == '[' || prev == '{' ||
           prev == 0x2014 || prev == 0x2013 || prev == '-' || prev == '/' || prev == ':' ||
           is_double_mark(prev) || is_single_mark(prev);
}

static int closes_context(uint32_t next)
{
    return next == 0 || qt_cp_is_space(next) || next == '.' || next == ',' || next == ';' ||
           next == ':' || next == '!' || next == '?' || next == ')' || next == ']' ||
           next == 0x2014 || next == 0x2013 || next == '-' || next == 0x2026 ||
           is_double_mark(next) || is_single_mark(next);
}

/* Decides whether a quotation-mark character can open or close here. */
static uint32_t mark_flags(const qt_doc *d, size_t start, size_t end, uint32_t cp)
{
    size_t p = start, n = end;
    uint32_t prev = qt_utf8_prev(d->text, &p);
    uint32_t next = qt_utf8_next(d->text, d->len, &n);
    if (prev == '\n') prev = 0;
    if (next == '\n') next = 0;
    int ctx_open = opens_context(prev) && next != 0 && !qt_cp_is_space(next);
    int ctx_close = closes_context(next) && prev != 0 && !qt_cp_is_space(prev);
    int dbl = is_double_mark(cp);
    uint32_t f = TK_QMARK | (dbl ? TK_QDOUBLE : 0);
    int can_open, can_close;
    if (shape_opens(cp)) {
        can_open = ctx_open || !ctx_close;
        can_close = ctx_close && !ctx_open;
    } else if (shape_closes(cp)) {
        can_close = ctx_close || !ctx_open;
        can_open = ctx_open && !ctx_close;
    } else {
        can_open = ctx_open;
        can_close = ctx_close;
    }
    /* A single mark before digits is an elision ("the ’90s"), not a quote. */
    if (!dbl && qt_cp_is_digit(next) && !ctx_close) return 0;
    if (can_open) f |= TK_QOPEN;
    if (can_close) f |= TK_QCLOSE;
    return f;
}

static int ends_with_possessive(const char *s, size_t n)
{
    if (n >= 3 && (s[n - 1] == 's' || s[n - 1] == 'S') && s[n - 2] == '\'') return 1;
    if (n >= 5 && (s[n - 1] == 's' || s[n - 1] == 'S') && memcmp(s + n - 4, "\xE2\x80\x99", 3) == 0)
        return 1;
    return 0;
}

static qt_status add_token(qt_doc *d, size_t start, size_t end, int para)
{
    if (!qt_grow((void **)&d->toks, &d->cap_toks, d->ntoks, sizeof *d->toks)) return QT_ERR_NOMEM;
    qt_tok *t = &d->toks[d->ntoks];
    uint32_t cp = (unsigned char)d->text[start];
    if (cp >= 0x80) {
        size_t pos = start;
        cp = qt_utf8_next(d->text, d->len, &pos);
    }
    memset(t, 0, sizeof *t);
    t->start = start;
    t->end = end;
    t->first_cp = cp;
    t->para = para;
    t->sent = -1;
    t->span = -1;
    t->mention = -1;
    if (cp < 0x80) {
        /* ASCII, most tokens: what the qt_cp_is_* calls below decide. */
        if ((cp | 0x20) - 'a' < 26u || cp - '0' < 10u) {
            t->flags |= TK_WORD | (cp - 'A' < 26u ? TK_CAP : cp - 'a' < 26u ? TK_LOWER : TK_DIGIT);
            if (ends_with_possessive(d->text + start, end - start)) t->flags |= TK_POSS;
        } else {
            t->flags |= TK_PUNCT;
            if (cp == '"' || cp == '\'') t->flags |= mark_flags(d, start, end, cp);
        }
    } else if (qt_cp_is_letter(cp) || qt_cp_is_digit(cp)) {
        t->flags |= TK_WORD;
        if (qt_cp_is_upper(cp)) t->flags |= TK_CAP;
        else if (qt_cp_is_lower(cp)) t->flags |= TK_LOWER;
        else if (qt_cp_is_digit(cp)) t->flags |= TK_DIGIT;
        else t->flags |= TK_CAP; /* scripts without case: treat like a name-capable word */
        if (ends_with_possessive(d->text + start, end - start)) t->flags |= TK_POSS;
    } else {
        t->flags |= TK_PUNCT;
        if (is_double_mark(cp) || is_single_mark(cp)) t->flags |= mark_flags(d, start, end, cp);
    }
    unsigned char before = start ? (unsigned char)d->text[start - 1] : 0;
    /* qt_cp_is_space's ASCII set: space, \t \n \v \f (not \r). */
    if (start == 0 || (before < 0x80 ? (before == ' ' || (unsigned)(before - '\t') < 4u)
                                     : qt_cp_is_space(before)))
        t->flags |= TK_SPACE_BEFORE;
    else if (before < 0x80) {
        /* an ASCII character that is not white space */
    } else {
        size_t p = start;
        if (qt_cp_is_space(qt_utf8_prev(d->text, &p))) t->flags |= TK_SPACE_BEFORE;
    }
    d->ntoks++;
    return QT_OK;
}

/* The PCRE2 find-all loop (after pcre2demo.c): the token pattern never
 * matches the empty string, but the loop still guards against it by
 * advancing one whole UTF-8 character. */
static qt_status tokenise_paragraph(qt_doc *d, int para)
{
    const qt_scanner *sc = d->sc;
    qt_para *p = &d->paras[para];
    size_t offset = p->start;
    p->tok_first = d->ntoks;
    while (offset < p->end) {
        if (sc->tokens_re) {
            /* Several tokens per call (qt_scan.c, load_multi_tokeniser). */
            int rc = qt_re_match(sc->tokens_re, sc->tokens_jit, d->text, p->end, offset, sc->tokens_md);
            if (rc == PCRE2_ERROR_NOMATCH) break;
            PCRE2_SIZE *ov = pcre2_get_ovector_pointer(sc->tokens_md);
            int took = 0;
            for (int g = 1; g < rc; g++, took++) {
                if (ov[2 * g] == PCRE2_UNSET || ov[2 * g] == ov[2 * g + 1]) break;
                if (add_token(d, ov[2 * g], ov[2 * g + 1], para) != QT_OK) return QT_ERR_NOMEM;
                offset = ov[2 * g + 1];
            }
            if (took) continue;
            /* An empty match or an error: one step of the one-token loop. */
        }
        int rc = qt_re_match(sc->token_re, sc->token_jit, d->text, p->end, offset, sc->token_md);
        if (rc < 0) break; /* PCRE2_ERROR_NOMATCH: only white space is left */
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(sc->token_md);
        if (ov[1] == ov[0]) {
            size_t next = ov[0];
            qt_utf8_next(d->text, p->end, &next);
            offset = next;
            continue;
        }
        if (add_token(d, ov[0], ov[1], para) != QT_OK) return QT_ERR_NOMEM;
        offset = ov[1];
    }
    p->tok_count = d->ntoks - p->tok_first;
    for (int i = p->tok_first; i < d->ntoks; i++) {
        qt_tok *t = &d->toks[i];
        if (i + 1 < d->ntoks && (d->toks[i + 1].flags & TK_SPACE_BEFORE)) t->flags |= TK_SPACE_AFTER;
        if (i + 1 == d->ntoks) t->flags |= TK_SPACE_AFTER;
    }
    return QT_OK;
}

static int ends_like_sentence(const char *s, size_t n)
{
    /* Skip closing quote marks and brackets to find the real last character. */
    size_t pos = n;
    while (pos > 0) {
        size_t before = pos;
        uint32_t cp = qt_utf8_prev(s, &before);
        if (is_double_mark(cp) || is_single_mark(cp) || cp == ')' || cp == ']' || qt_cp_is_space(cp)) {
            pos = before;
            continue;
        }
        return cp == '.' || cp == '!' || cp == '?' || cp == 0x2026 || cp == ',' || cp == ';';
    }
    return 0;
}

/* Words in s[0..n), counting no further than max + 1 (a heading test needs
 * no more, and prose lines are long). */
static int count_words(const char *s, size_t n, int max)
{
    int words = 0, in_word = 0;
    for (size_t i = 0; i < n && words <= max; i++) {
        int space = s[i] == ' ' || s[i] == '\t';
        if (!space && !in_word) words++;
        in_word = !space;
    }
    return words;
}

static int is_footer(const qt_doc *d, const char *s, size_t n)
{
    const qt_scanner *sc = d->sc;
    /* pcre2_match rather than pcre2_jit_match here: its start-up checks
     * reject most lines before the JIT code runs (measured: 30% faster). */
    if (sc->footer_combined) {
        pcre2_code *const groups[] = {sc->footer_anchored, sc->footer_floating};
        for (size_t g = 0; g < 2; g++)
            if (groups[g] &&
                pcre2_match(groups[g], (PCRE2_SPTR)s, n, 0, PCRE2_NO_UTF_CHECK, sc->footer_md, NULL) >= 0)
                return 1;
        return 0;
    }
    for (size_t i = 0; i < sc->footer_count; i++) {
        int rc = pcre2_match(sc->footer_re[i], (PCRE2_SPTR)s, n, 0, PCRE2_NO_UTF_CHECK, sc->footer_md, NULL);
        if (rc >= 0) return 1;
    }
    return 0;
}

/* Length in bytes of a bullet marker ("– ", "- ", "• ", "* ", "1. ") at s, or 0. */
static size_t bullet_marker(const char *s, size_t n)
{
    static const char *const marks[] = {"\xE2\x80\x93 ", "\xE2\x80\x94 ", "- ", "\xE2\x80\xA2 ",
                                        "* ", "\xC2\xB7 ", "\xE2\x96\xAA "};
    for (size_t i = 0; i < sizeof marks / sizeof *marks; i++) {
        size_t m = strlen(marks[i]);
        if (n > m && memcmp(s, marks[i], m) == 0) return m;
    }
    size_t k = 0;
    while (k < n && k < 3 && s[k] >= '0' && s[k] <= '9') k++;
    if (k > 0 && k + 1 < n && (s[k] == '.' || s[k] == ')') && s[k + 1] == ' ') return k + 2;
    return 0;
}

static int classify_line(const qt_doc *d, size_t *start, size_t end)
{
    const char *s = d->text + *start;
    size_t n = end - *start;
    if (n == 0) return PARA_BLANK;
    if (is_footer(d, s, n)) return PARA_FOOTER;
    size_t bm = bullet_marker(s, n);
    if (bm) {
        *start += bm;
        return PARA_BULLET;
    }
    /* A heading: a short line that does not end like a sentence. */
    if (!ends_like_sentence(s, n) && count_words(s, n, 14) <= 14) return PARA_HEADING;
    return PARA_PROSE;
}

qt_status qt_segment(qt_doc *d)
{
    size_t pos = 0;
    while (pos <= d->len) {
        const char *nl = memchr(d->text + pos, '\n', d->len - pos);
        size_t line_end = nl ? (size_t)(nl - d->text) : d->len;
        size_t s = pos, e = line_end;
        /* Trim white space including no-break spaces. */
        for (;;) {
            size_t q = s;
            if (s >= e || !qt_cp_is_space(qt_utf8_next(d->text, e, &q))) break;
            s = q;
        }
        for (;;) {
            size_t q = e;
            if (e <= s || !qt_cp_is_space(qt_utf8_prev(d->text, &q))) break;
            e = q;
        }
        if (e > s) {
            if (!qt_grow((void **)&d->paras, &d->cap_paras, d->nparas, sizeof *d->paras))
                return QT_ERR_NOMEM;
            qt_para *p = &d->paras[d->nparas];
            p->start = s;
            p->end = e;
            p->kind = classify_line(d, &p->start, e);
            p->tok_first = d->ntoks;
            p->tok_count = 0;
            d->nparas++;
            if (p->kind == PARA_PROSE || p->kind == PARA_BULLET) {
                if (tokenise_paragraph(d, d->nparas - 1) != QT_OK) return QT_ERR_NOMEM;
            }
        }
        if (!nl) break;
        pos = line_end + 1;
    }
    return QT_OK;
}

/* No sentence is longer than this many tokens: a run without sentence ends
 * (a hostile page, a table flattened to one line, 100 000 quote marks) is
 * cut here, because attribution looks across a quote's whole sentence for
 * each quote and would otherwise take time quadratic in the run's length.
 * Real sentences stay far below it (news sentences average 20-30 tokens). */
#define QT_SENTENCE_MAX_TOKENS 256

/* Whether the period token at i belongs to an abbreviation or an initial. */
static int period_is_abbreviation(const qt_doc *d, int i)
{
    if (i == 0 || d->toks[i - 1].para != d->toks[i].para) return 0;
    const qt_tok *w = &d->toks[i - 1];
    if (!(w->flags & TK_WORD) || w->end != d->toks[i].start) return 0;
    size_t n = w->end - w->start;
    if (n == 1 && (w->flags & TK_CAP)) return 1; /* an initial: "J. Smith" */
    return qt_lexicon_get(d->sc->abbrevs, d->text + w->start, n + 1, 0) != 0;
}

static int starts_sentence(const qt_doc *d, int i)
{
    if (i >= d->ntoks) return 1;
    const qt_tok *t = &d->toks[i];
    if (t->flags & (TK_CAP | TK_DIGIT)) return 1;
    if ((t->flags & TK_QMARK) && (t->flags & TK_QOPEN)) return 1;
    return t->first_cp == '(' || t->first_cp == '[';
}

/* A token inside a quoted span that is closed later in the same sentence
 * does not end the sentence: the quote is part of the sentence around it. */
static int inside_closed_span(const qt_doc *d, int i)
{
    int s = d->toks[i].span;
    while (s >= 0 && d->spans[s].depth > 0) s = -1; /* only outermost spans matter */
    if (s < 0) return 0;
    const qt_qspan *q = &d->spans[s];
    return q->close_tok > i;
}

void qt_split_sentences(qt_doc *d)
{
    d->nsents = 0;
    for (int p = 0; p < d->nparas; p++) {
        const qt_para *para = &d->paras[p];
        if (para->tok_count == 0) continue;
        int first = para->tok_first, last = para->tok_first + para->tok_count - 1;
        int start = first;
        for (int i = first; i <= last; i++) {
            qt_tok *t = &d->toks[i];
            int end_here = 0;
            if (i == last || i - start + 1 >= QT_SENTENCE_MAX_TOKENS) {
                end_here = 1;
            } else if ((t->first_cp == '.' || t->first_cp == '!' || t->first_cp == '?' ||
                        t->first_cp == 0x2026) && !inside_closed_span(d, i)) {
                if (t->first_cp == '.' && period_is_abbreviation(d, i)) {
                    /* "in the U.S. The" still ends: a function word follows. */
                    /* ... but never after a title: "Ms. May said" */
                    const qt_tok *nx = &d->toks[i + 1];
                    const qt_tok *ab = &d->toks[i - 1];
                    end_here = (nx->flags & TK_CAP) &&
                               qt_lexicon_get(d->sc->not_names, d->text + nx->start, nx->end - nx->start, 0) &&
                               !qt_lexicon_get(d->sc->titles, d->text + ab->start, ab->end - ab->start + 1, 0);
                } else {
                    /* Take closing marks and brackets that follow into this sentence. */
                    int j = i + 1;
                    while (j <= last && ((d->toks[j].flags & TK_QCLOSE) || d->toks[j].first_cp == ')'))
                        j++;
                    if (j > last || starts_sentence(d, j)) {
                        i = j - 1;
                        end_here = 1;
                    }
                }
            } else if ((t->flags & TK_QCLOSE) && i > first && t->span >= 0 && d->spans[t->span].depth == 0 &&
                       d->spans[t->span].close_tok == i) {
                /* “... days.” Next sentence: the period inside the marks ends it. */
                int pp = i - 1;
                uint32_t c = d->toks[pp].first_cp;
                if ((c == '.' || c == '!' || c == '?') && i + 1 <= last && (d->toks[i + 1].flags & TK_CAP) &&
                    qt_lexicon_get(d->sc->not_names, tok_str(d, i + 1), tok_len(d, i + 1), 0))
                    end_here = 1;
            }
            if (end_here) {
                if (!qt_grow((void **)&d->sents, &d->cap_sents, d->nsents, sizeof *d->sents)) return;
                qt_sent *s = &d->sents[d->nsents];
                s->tok_first = start;
                s->tok_last = i;
                s->para = p;
                for (int k = start; k <= i; k++) d->toks[k].sent = d->nsents;
                d->nsents++;
                start = i + 1;
            }
        }
    }
}
