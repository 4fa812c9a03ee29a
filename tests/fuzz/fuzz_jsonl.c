/* fuzz-seeds: jsonl
 * fuzz-dict: json
 *
 * fuzz_jsonl.c - the JSON Lines reader (qt_jsonl_*) and the sidecar
 * metadata reader (qt_input_sidecar) on arbitrary bytes.  Both read files,
 * so the input is written to a scratch directory (under /dev/shm when there
 * is one) made once per process.
 */
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "qt_article.h"
#include "qt_input.h"

static char dir[256];
static char jsonl_path[300], article_path[300], sidecar_path[320];

static void cleanup(void)
{
    unlink(jsonl_path);
    unlink(sidecar_path);
    rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : getenv("TMPDIR");
    if (!base || !*base) base = "/tmp";
    snprintf(dir, sizeof dir, "%s/qt-fuzz-jsonl-XXXXXX", base);
    FUZZ_CHECK(mkdtemp(dir) != NULL, "cannot create a directory under %s", base);
    snprintf(jsonl_path, sizeof jsonl_path, "%s/in.jsonl", dir);
    snprintf(article_path, sizeof article_path, "%s/article.txt", dir);
    snprintf(sidecar_path, sizeof sidecar_path, "%s/article.txt.meta.json", dir);
    atexit(cleanup);
    return 0;
}

static void write_file(const char *path, const uint8_t *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    FUZZ_CHECK(f != NULL, "cannot write %s", path);
    FUZZ_CHECK(fwrite(data, 1, size, f) == size && fclose(f) == 0, "short write to %s", path);
}

static void check_field(const char *what, const char *s)
{
    if (s) FUZZ_CHECK(fuzz_utf8_ok(s, strlen(s)), "%s is not valid UTF-8", what);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!dir[0]) LLVMFuzzerInitialize(NULL, NULL);

    /* JSON Lines: every line is an article or a reported error, and the
     * reader always moves on, so it reaches the end. */
    write_file(jsonl_path, data, size);
    qt_error err;
    qt_jsonl_reader *r = qt_jsonl_open(jsonl_path, &err);
    FUZZ_CHECK(r != NULL, "open: %s", qt_error_message(&err));
    size_t lines = 0;
    for (size_t n = 0; n <= size + 1; n++) {
        qt_article *a = NULL;
        qt_status st = qt_jsonl_next(r, &a, &err);
        FUZZ_CHECK(st == QT_OK || st == QT_ERR_INPUT || st == QT_ERR_LIMIT, "status %d: %s", (int)st,
                   qt_error_message(&err));
        FUZZ_CHECK(qt_jsonl_line(r) >= lines, "line number went back");
        lines = qt_jsonl_line(r);
        if (st != QT_OK) {
            /* The message names the file and the line. */
            FUZZ_CHECK(strstr(err.msg, "in.jsonl:") != NULL, "message without a place: %s", err.msg);
            continue;
        }
        if (!a) break;
        FUZZ_CHECK(a->id && *a->id, "article without an id");
        FUZZ_CHECK(a->text && a->text[a->len] == '\0' && fuzz_utf8_ok(a->text, a->len),
                   "article text is not normalised UTF-8");
        check_field("title", a->title);
        check_field("outlet", a->outlet);
        check_field("url", a->url);
        check_field("published", a->published);
        check_field("byline", a->byline);
        qt_article_free(a);
        FUZZ_CHECK(n < size + 1, "the reader did not reach the end");
    }
    FUZZ_CHECK(lines <= size, "%zu lines in %zu bytes", lines, size);
    qt_jsonl_close(r);

    /* The same bytes as a sidecar FILE.meta.json. */
    write_file(sidecar_path, data, size);
    qt_article *a = NULL;
    FUZZ_CHECK(qt_article_from_bytes(article_path, "text", 4, &a, NULL) == QT_OK, "article");
    int found = 0;
    qt_status st = qt_input_sidecar(a, article_path, &found, &err);
    FUZZ_CHECK(found == 1, "sidecar not found");
    FUZZ_CHECK(st == QT_OK || st == QT_ERR_INPUT, "sidecar status %d: %s", (int)st,
               qt_error_message(&err));
    check_field("title", a->title);
    check_field("outlet", a->outlet);
    check_field("url", a->url);
    check_field("published", a->published);
    check_field("byline", a->byline);
    qt_article_free(a);
    return 0;
}
