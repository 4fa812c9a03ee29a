/*
 * test_segment.c - the tokeniser's fast path: several tokens per PCRE2 match
 * (tokens_re, see load_multi_tokeniser in qt_scan.c) must give exactly the
 * tokens of one match per token, for the built-in pattern and for patterns
 * whose tokens may start with white space or be empty.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qt_scan_int.h"
#include "qt_text.h"
#include "suites.h"

typedef struct {
    int n;
    size_t *start, *end;
} token_list;

/* Tokens of text, through the fast path when fast, else one match per token. */
static token_list tokens(qt_scanner *sc, const char *text, int fast)
{
    char *norm = NULL;
    size_t len = 0;
    ck_assert_int_eq(qt_text_normalise(text, strlen(text), &norm, &len, NULL, NULL), QT_OK);
    qt_doc d;
    memset(&d, 0, sizeof d);
    d.sc = sc;
    d.text = norm;
    d.len = len;
    pcre2_code *saved = sc->tokens_re;
    if (!fast) sc->tokens_re = NULL;
    qt_status st = qt_segment(&d);
    sc->tokens_re = saved;
    ck_assert_int_eq(st, QT_OK);
    token_list t = {d.ntoks, malloc((size_t)d.ntoks * sizeof(size_t) + 1),
                    malloc((size_t)d.ntoks * sizeof(size_t) + 1)};
    for (int i = 0; i < d.ntoks; i++) {
        t.start[i] = d.toks[i].start;
        t.end[i] = d.toks[i].end;
    }
    free(d.toks);
    free(d.paras);
    free(norm);
    return t;
}

static void same_tokens(qt_scanner *sc, const char *text)
{
    token_list a = tokens(sc, text, 1), b = tokens(sc, text, 0);
    ck_assert_msg(a.n == b.n, "%d tokens, one by one %d, in [%s]", a.n, b.n, text);
    for (int i = 0; i < a.n; i++)
        ck_assert_msg(a.start[i] == b.start[i] && a.end[i] == b.end[i],
                      "token %d differs in [%s]", i, text);
    free(a.start);
    free(a.end);
    free(b.start);
    free(b.end);
}

/* Random prose-like lines from letters, digits, marks, quotes, dashes,
 * apostrophes and several kinds of white space. */
static void random_lines(qt_scanner *sc, unsigned seed)
{
    static const char *const bits[] = {
        "a", "Zk", "1", ",", ".", "5", "'", "\u2019", "\"", "\u201c", "\u201d", "-", "\u2010",
        "&", " ", "  ", "\t", "\u00a0", "\u2028", "\u00e9", "e\u0301", "\u4e2d", "(", ")",
        "\u2014", "!", "?", ":", "x.y", "U.S", "1,200", "don\u2019t", "\u00ad", "\xef\xbf\xbd"};
    char line[600];
    for (int it = 0; it < 400; it++) {
        size_t n = 0;
        int parts = 1 + (int)(seed % 60);
        for (int k = 0; k < parts; k++) {
            seed = seed * 1103515245u + 12345u;
            const char *b = bits[(seed >> 16) % (sizeof bits / sizeof *bits)];
            size_t bl = strlen(b);
            if (n + bl + 1 >= sizeof line) break;
            memcpy(line + n, b, bl);
            n += bl;
        }
        line[n] = '\0';
        same_tokens(sc, line);
    }
}

static qt_scanner *scanner_with(const char *token_pcre, qt_patterns **pats, char **dir)
{
    qt_error err;
    qt_error_clear(&err);
    *dir = NULL;
    if (token_pcre) {
        *dir = tu_temp_dir();
        free(tu_dir_file(*dir, "token.pcre", token_pcre));
    }
    *pats = qt_patterns_load(*dir, &err);
    ck_assert_msg(*pats != NULL, "%s", qt_error_message(&err));
    qt_scanner *sc = qt_scanner_create(*pats, &err);
    ck_assert_msg(sc != NULL, "%s", qt_error_message(&err));
    return sc;
}

static void done_with(qt_scanner *sc, qt_patterns *pats, char *dir)
{
    qt_scanner_free(sc);
    qt_patterns_free(pats);
    if (dir) {
        char cmd[600];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
        ck_assert_int_eq(system(cmd), 0);
        free(dir);
    }
}

START_TEST(builtin_pattern_same_tokens)
{
    qt_patterns *pats;
    char *dir;
    qt_scanner *sc = scanner_with(NULL, &pats, &dir);
    ck_assert_ptr_nonnull(sc->tokens_re); /* the fast path is on */
    same_tokens(sc, "\u201cWe will respond,\u201d Blinken said, adding 1,200 U.S. troops\u2019 "
                    "\u2018meat grinder\u2019 \u2014 Yong-hyun (R-Ky.) don't \"x\" ...");
    same_tokens(sc, "");
    same_tokens(sc, "   \u00a0 ");
    random_lines(sc, 1);
    random_lines(sc, 99);
    done_with(sc, pats, dir);
}
END_TEST

START_TEST(other_patterns_same_tokens)
{
    /* tokens that start with white space, empty matches, lookbehind */
    static const char *const patterns[] = {
        "\\s\\w+|\\S\n", "\\w*\n", "(?<=\\s)\\w+|[,.]\n", "[a-z]+(?=\\s)|\\d\n", NULL};
    for (int i = 0; patterns[i]; i++) {
        qt_patterns *pats;
        char *dir;
        qt_scanner *sc = scanner_with(patterns[i], &pats, &dir);
        same_tokens(sc, "a bb, ccc. 12 d\u00a0e  f");
        random_lines(sc, 7 + (unsigned)i);
        done_with(sc, pats, dir);
    }
    /* groups of its own: the fast path stays off */
    qt_patterns *pats;
    char *dir;
    qt_scanner *sc = scanner_with("(\\w)\\w*|\\S\n", &pats, &dir);
    ck_assert_ptr_null(sc->tokens_re);
    same_tokens(sc, "a bb, ccc");
    done_with(sc, pats, dir);
}
END_TEST

Suite *segment_suite(void)
{
    Suite *s = suite_create("segment");
    TCase *tc = tcase_create("segment");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, builtin_pattern_same_tokens);
    tcase_add_test(tc, other_patterns_same_tokens);
    suite_add_tcase(s, tc);
    return s;
}
