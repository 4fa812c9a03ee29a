/* fuzz-seeds: text
 * fuzz-dict: scan
 *
 * fuzz_segment.c - the tokeniser on its own: paragraphs and tokens
 * (qt_segment, PCRE2 JIT), quote-mark pairing (qt_find_quote_spans) and
 * sentences (qt_split_sentences), checking the structure later stages index
 * into without further bounds checks.
 */
#include <string.h>

#include "fuzz.h"
#include "fuzz_engine.h"
#include "qt_scan_int.h"

static qt_scanner *scanner;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    scanner = fuzz_scanner();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!scanner) LLVMFuzzerInitialize(NULL, NULL);
    char *text = NULL;
    size_t len = 0;
    FUZZ_CHECK(qt_text_normalise((const char *)data, size, &text, &len, NULL, NULL) == QT_OK, "normalise");
    qt_doc d;
    memset(&d, 0, sizeof d);
    d.sc = scanner;
    d.text = text;
    d.len = len;
    FUZZ_CHECK(qt_segment(&d) == QT_OK, "segment");

    /* Paragraphs: in order, inside the text, on code point boundaries, each
     * one line; their tokens are a contiguous run inside them. */
    int next_tok = 0;
    size_t prev_end = 0;
    for (int p = 0; p < d.nparas; p++) {
        const qt_para *para = &d.paras[p];
        FUZZ_CHECK(para->start < para->end && para->end <= len && para->start >= prev_end,
                   "paragraph %d [%zu, %zu)", p, para->start, para->end);
        FUZZ_CHECK(fuzz_on_boundary(text, len, para->start) && fuzz_on_boundary(text, len, para->end),
                   "paragraph %d splits a code point", p);
        FUZZ_CHECK(memchr(text + para->start, '\n', para->end - para->start) == NULL,
                   "paragraph %d spans lines", p);
        FUZZ_CHECK(para->tok_first == next_tok && para->tok_count >= 0, "paragraph %d tokens", p);
        next_tok += para->tok_count;
        prev_end = para->end;
    }
    FUZZ_CHECK(next_tok == d.ntoks, "%d tokens, paragraphs hold %d", d.ntoks, next_tok);
    /* Tokens: non-empty, in order, not overlapping, on boundaries, inside
     * their paragraph, and never white space. */
    for (int i = 0; i < d.ntoks; i++) {
        const qt_tok *t = &d.toks[i];
        const qt_para *para = &d.paras[t->para];
        FUZZ_CHECK(t->para >= 0 && t->para < d.nparas, "token %d paragraph %d", i, t->para);
        FUZZ_CHECK(t->start < t->end && t->start >= para->start && t->end <= para->end,
                   "token %d [%zu, %zu) outside its paragraph", i, t->start, t->end);
        FUZZ_CHECK(i == 0 || d.toks[i - 1].end <= t->start, "token %d overlaps the one before", i);
        FUZZ_CHECK(fuzz_on_boundary(text, len, t->start) && fuzz_on_boundary(text, len, t->end),
                   "token %d splits a code point", i);
        size_t pos = t->start;
        FUZZ_CHECK(qt_utf8_next(text, len, &pos) == t->first_cp, "token %d first code point", i);
        FUZZ_CHECK(!qt_cp_is_space(t->first_cp), "token %d starts with white space", i);
    }

    /* Quote spans: marks are tokens, content between them, depth 0 or 1. */
    FUZZ_CHECK(qt_find_quote_spans(&d) == QT_OK, "quote spans");
    for (int s = 0; s < d.nspans; s++) {
        const qt_qspan *q = &d.spans[s];
        FUZZ_CHECK(q->open_tok >= 0 && q->open_tok < d.ntoks, "span %d opens at token %d", s, q->open_tok);
        FUZZ_CHECK(q->close_tok == -1 || (q->close_tok > q->open_tok && q->close_tok < d.ntoks),
                   "span %d closes at token %d", s, q->close_tok);
        FUZZ_CHECK(d.toks[q->open_tok].flags & TK_QMARK, "span %d opens without a mark", s);
        FUZZ_CHECK(q->start <= q->end && q->end <= len && q->start >= d.toks[q->open_tok].end,
                   "span %d content [%zu, %zu)", s, q->start, q->end);
        FUZZ_CHECK(fuzz_on_boundary(text, len, q->start) && fuzz_on_boundary(text, len, q->end),
                   "span %d splits a code point", s);
        FUZZ_CHECK(q->depth == 0 || q->depth == 1, "span %d depth %d", s, q->depth);
        FUZZ_CHECK(q->para_first <= q->para_last && q->para_last < d.nparas, "span %d paragraphs", s);
    }
    for (int i = 0; i < d.ntoks; i++)
        FUZZ_CHECK(d.toks[i].span >= -1 && d.toks[i].span < d.nspans, "token %d span %d", i, d.toks[i].span);

    /* Sentences: contiguous runs covering every token, inside one paragraph. */
    qt_split_sentences(&d);
    int covered = 0;
    for (int s = 0; s < d.nsents; s++) {
        const qt_sent *se = &d.sents[s];
        FUZZ_CHECK(se->tok_first == covered && se->tok_last >= se->tok_first && se->tok_last < d.ntoks,
                   "sentence %d tokens %d..%d", s, se->tok_first, se->tok_last);
        FUZZ_CHECK(d.toks[se->tok_first].para == se->para && d.toks[se->tok_last].para == se->para,
                   "sentence %d crosses a paragraph", s);
        for (int i = se->tok_first; i <= se->tok_last; i++)
            FUZZ_CHECK(d.toks[i].sent == s, "token %d in sentence %d says %d", i, s, d.toks[i].sent);
        covered = se->tok_last + 1;
    }
    FUZZ_CHECK(covered == d.ntoks, "sentences cover %d of %d tokens", covered, d.ntoks);

    free(d.toks);
    free(d.paras);
    free(d.sents);
    free(d.spans);
    free(text);
    return 0;
}
