/* fuzz-seeds: html
 * fuzz-dict: html
 *
 * fuzz_html.c - the HTML article reader (qt_html.c: libxml2's recovering
 * parser, body extraction, metadata) on arbitrary bytes.
 */
#include <string.h>

#include <libxml/parser.h>

#include "fuzz.h"
#include "qt_html.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    xmlInitParser();
    return 0;
}

static void check_field(const char *what, const char *s)
{
    if (!s) return;
    size_t n = strlen(s);
    FUZZ_CHECK(fuzz_utf8_ok(s, n), "%s is not valid UTF-8", what);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    qt_article *a = NULL;
    qt_error err;
    qt_status st = qt_html_article("page.html", (const char *)data, size, &a, &err);
    FUZZ_CHECK(st == QT_OK, "status %d: %s", (int)st, qt_error_message(&err));
    FUZZ_CHECK(a->text[a->len] == '\0' && fuzz_utf8_ok(a->text, a->len), "text is not valid UTF-8");
    /* One paragraph per line, white space collapsed: no blank lines, no
     * tabs, no line that starts or ends with a space. */
    const char *t = a->text;
    FUZZ_CHECK(a->len == 0 || (t[0] != '\n' && t[a->len - 1] != '\n'), "text starts or ends a line");
    FUZZ_CHECK(strstr(t, "\n\n") == NULL, "blank line in the extracted text");
    FUZZ_CHECK(strchr(t, '\t') == NULL && strchr(t, '\r') == NULL, "tab or CR in the text");
    FUZZ_CHECK(strstr(t, "  ") == NULL && strstr(t, " \n") == NULL && strstr(t, "\n ") == NULL &&
                   (a->len == 0 || (t[0] != ' ' && t[a->len - 1] != ' ')),
               "white space not collapsed");
    check_field("title", a->title);
    check_field("outlet", a->outlet);
    check_field("url", a->url);
    check_field("published", a->published);
    check_field("byline", a->byline);
    qt_article_free(a);
    return 0;
}
