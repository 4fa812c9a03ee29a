/* fuzz-seeds: export
 *
 * fuzz_export.c - the export writers (qt_export: jsonl, csv, html, dot,
 * claimreview, prov, annotations) over a store holding two articles made of
 * arbitrary bytes and metadata, ingested the normal way (scan, families,
 * reuse).  Each format must come out parseable, CSV with every formula cell
 * defused, and the HTML report without a script, an event handler or a
 * javascript:/data: link, whatever the articles and their metadata held.
 *
 * Input layout: fields separated by 0x1F: text A, text B, url, outlet,
 * title, published, byline (A's metadata; B gets the outlet "Other").
 * Each input gets a fresh database (in /dev/shm when there is one), so a
 * crash reproduces from its input alone.
 */
#include <strings.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>

#include "fuzz.h"
#include "fuzz_engine.h"
#include "qt_export.h"
#include "qt_scan.h"
#include "qt_store.h"

static qt_scanner *scanner;
static char dir[256], db[320];

static void remove_db(void)
{
    static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
    char p[340];
    for (size_t i = 0; i < sizeof suffix / sizeof *suffix; i++) {
        snprintf(p, sizeof p, "%s%s", db, suffix[i]);
        unlink(p);
    }
}

static void cleanup(void)
{
    remove_db();
    rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    xmlInitParser();
    scanner = fuzz_scanner();
    const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : getenv("TMPDIR");
    if (!base || !*base) base = "/tmp";
    snprintf(dir, sizeof dir, "%s/qt-fuzz-export-XXXXXX", base);
    FUZZ_CHECK(mkdtemp(dir) != NULL, "cannot create a directory under %s", base);
    snprintf(db, sizeof db, "%s/fuzz.db", dir);
    atexit(cleanup);
    return 0;
}

/* ---- parsers for the checks ------------------------------------------ */

static int json_ok(const char *s, size_t len)
{
    json_tokener *tok = json_tokener_new();
    FUZZ_CHECK(tok != NULL, "out of memory");
    json_object *o = json_tokener_parse_ex(tok, s, (int)len);
    int ok = o && json_tokener_get_error(tok) == json_tokener_success;
    if (ok) {
        size_t end = json_tokener_get_parse_end(tok);
        while (end < len && (s[end] == ' ' || s[end] == '\n' || s[end] == '\r' || s[end] == '\t')) end++;
        ok = end == len;
    }
    json_object_put(o);
    json_tokener_free(tok);
    return ok;
}

/* The whole output is one JSON document, or each line is one. */
static void check_json(const char *what, const char *s, size_t len)
{
    if (len == 0 || json_ok(s, len)) return;
    size_t at = 0;
    while (at < len) {
        const char *nl = memchr(s + at, '\n', len - at);
        size_t end = nl ? (size_t)(nl - s) : len;
        if (end > at) FUZZ_CHECK(json_ok(s + at, end - at), "%s: line at byte %zu is not JSON", what, at);
        at = end + 1;
    }
}

/* RFC 4180 records; every one has the header's number of fields and no
 * field a spreadsheet would run as a formula. */
static void check_csv(const char *s, size_t len)
{
    size_t i = 0, header_fields = 0, record = 0;
    while (i < len) {
        size_t fields = 0;
        for (;;) {
            int quoted = i < len && s[i] == '"';
            size_t start = i;
            if (quoted) {
                i++;
                for (;;) {
                    FUZZ_CHECK(i < len, "csv: record %zu: unterminated quoted field", record);
                    if (s[i] == '"' && i + 1 < len && s[i + 1] == '"') i += 2;
                    else if (s[i] == '"') break;
                    else i++;
                }
                i++;
            } else {
                while (i < len && s[i] != ',' && s[i] != '\r' && s[i] != '\n') {
                    FUZZ_CHECK(s[i] != '"', "csv: record %zu: a bare quote", record);
                    i++;
                }
            }
            char first = i > start + (size_t)quoted ? s[start + (size_t)quoted] : 0;
            FUZZ_CHECK(first != '=' && first != '+' && first != '-' && first != '@' && first != '\t' && first != '\r',
                       "csv: record %zu field %zu starts a formula", record, fields);
            fields++;
            if (i < len && s[i] == ',') {
                i++;
                continue;
            }
            break;
        }
        FUZZ_CHECK(i + 1 < len && s[i] == '\r' && s[i + 1] == '\n', "csv: record %zu does not end with CRLF",
                   record);
        i += 2;
        if (record == 0) header_fields = fields;
        FUZZ_CHECK(fields == header_fields, "csv: record %zu has %zu fields, the header %zu", record, fields,
                   header_fields);
        record++;
    }
}

static int bad_url(const char *v)
{
    while (*v == ' ' || *v == '\t' || *v == '\n' || *v == '\r') v++;
    return !strncasecmp(v, "javascript:", 11) || !strncasecmp(v, "data:", 5) || !strncasecmp(v, "vbscript:", 9);
}

static void check_html_node(const xmlNode *n)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE) continue;
        const char *name = (const char *)n->name;
        FUZZ_CHECK(strcasecmp(name, "script") && strcasecmp(name, "iframe") && strcasecmp(name, "object") &&
                       strcasecmp(name, "embed") && strcasecmp(name, "base") && strcasecmp(name, "form"),
                   "html: a <%s> element", name);
        for (const xmlAttr *a = n->properties; a; a = a->next) {
            const char *an = (const char *)a->name;
            FUZZ_CHECK(strncasecmp(an, "on", 2) != 0, "html: an event handler attribute %s", an);
            if (!strcasecmp(an, "href") || !strcasecmp(an, "src") || !strcasecmp(an, "action")) {
                xmlChar *v = xmlNodeGetContent((const xmlNode *)a);
                FUZZ_CHECK(!v || !bad_url((const char *)v), "html: %s=\"%s\"", an, v ? (const char *)v : "");
                xmlFree(v);
            }
        }
        check_html_node(n->children);
    }
}

static void check_html(const char *s, size_t len)
{
    htmlDocPtr doc = htmlReadMemory(s, (int)len, NULL, "UTF-8",
                                    HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                        HTML_PARSE_NONET);
    FUZZ_CHECK(doc != NULL, "html: the report does not parse");
    check_html_node(xmlDocGetRootElement(doc));
    xmlFreeDoc(doc);
}

/* Graphviz DOT: quoted strings closed, braces balanced outside them. */
static void check_dot(const char *s, size_t len)
{
    int in_string = 0, depth = 0;
    for (size_t i = 0; i < len; i++) {
        if (in_string) {
            if (s[i] == '\\') i++;
            else if (s[i] == '"') in_string = 0;
            continue;
        }
        if (s[i] == '"') in_string = 1;
        else if (s[i] == '{') depth++;
        else if (s[i] == '}') FUZZ_CHECK(--depth >= 0, "dot: a } without its {");
    }
    FUZZ_CHECK(!in_string && depth == 0, "dot: %s", in_string ? "a string left open" : "a { left open");
}

/* ---- the target --------------------------------------------------------- */

static void ingest(qt_store *s, const char *id, const char *text, size_t len, const char *const *meta)
{
    static const char *const fields[] = {"url", "outlet", "title", "published", "byline"};
    qt_article *a = NULL;
    qt_error err;
    FUZZ_CHECK(qt_article_from_bytes(id, text, len, &a, &err) == QT_OK, "article: %s", qt_error_message(&err));
    for (size_t i = 0; i < 5; i++)
        if (meta[i]) FUZZ_CHECK(qt_article_set(a, fields[i], meta[i], &err) == QT_OK, "metadata");
    qt_ingest_info info;
    qt_status st = qt_store_ingest(s, a, scanner, &info, &err);
    /* A blank text is refused (and nothing stored); anything with a visible
     * ASCII character must be stored. */
    int visible = 0;
    for (size_t i = 0; i < a->len; i++)
        visible |= (unsigned char)a->text[i] > 0x20 && (unsigned char)a->text[i] < 0x7f;
    if (st == QT_ERR_INPUT)
        FUZZ_CHECK(!visible, "ingest %s refused a text with visible characters: %s", id,
                   qt_error_message(&err));
    else
        FUZZ_CHECK(st == QT_OK, "ingest %s: %s", id, qt_error_message(&err));
    qt_article_free(a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!scanner) LLVMFuzzerInitialize(NULL, NULL);
    /* Fields: NUL-terminated copies (a NUL inside one ends it, as in a C string). */
    char *copy = malloc(size + 1);
    FUZZ_CHECK(copy != NULL, "out of memory");
    memcpy(copy, data, size);
    copy[size] = '\0';
    const char *field[7] = {0};
    size_t flen[7] = {0};
    char *p = copy, *end = copy + size;
    for (int i = 0; i < 7 && p <= end; i++) {
        char *sep = memchr(p, 0x1F, (size_t)(end - p));
        if (!sep) sep = end;
        *sep = '\0';
        field[i] = p;
        flen[i] = (size_t)(sep - p);
        p = sep + 1;
    }
    remove_db();
    qt_error err;
    qt_store *s = qt_store_open(db, 0, &err);
    FUZZ_CHECK(s != NULL, "open: %s", qt_error_message(&err));
    const char *meta_a[5] = {field[2], field[3], field[4], field[5], field[6]};
    const char *meta_b[5] = {NULL, "Other", NULL, NULL, NULL};
    if (field[0]) ingest(s, "a.txt", field[0], flen[0], meta_a);
    if (field[1]) ingest(s, "b.txt", field[1], flen[1], meta_b);

    static const qt_export_format formats[] = {QT_EXPORT_JSONL, QT_EXPORT_CSV,  QT_EXPORT_HTML,
                                               QT_EXPORT_DOT,   QT_EXPORT_CLAIMREVIEW, QT_EXPORT_PROV,
                                               QT_EXPORT_ANNOTATIONS};
    qt_export_filter filter;
    memset(&filter, 0, sizeof filter);
    qt_export_options opt = {NULL, "2024-01-01T00:00:00Z"};
    for (size_t i = 0; i < sizeof formats / sizeof *formats; i++) {
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        FUZZ_CHECK(f != NULL, "memstream");
        qt_export_stats stats;
        qt_status st = qt_export(s, formats[i], &filter, &opt, f, &stats, &err);
        FUZZ_CHECK(st == QT_OK, "export %s: %s", qt_export_format_name(formats[i]), qt_error_message(&err));
        FUZZ_CHECK(fclose(f) == 0, "close");
        FUZZ_CHECK(fuzz_utf8_ok(buf, len), "export %s is not valid UTF-8", qt_export_format_name(formats[i]));
        switch (formats[i]) {
        case QT_EXPORT_CSV: check_csv(buf, len); break;
        case QT_EXPORT_HTML: check_html(buf, len); break;
        case QT_EXPORT_DOT: check_dot(buf, len); break;
        default: check_json(qt_export_format_name(formats[i]), buf, len); break;
        }
        free(buf);
    }
    qt_store_close(s);
    free(copy);
    return 0;
}
