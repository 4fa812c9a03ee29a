#include "qt_html.h"

#include <libxml/HTMLparser.h>
#include <libxml/xmlerror.h>
#include <libxml/tree.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "qt_input.h"

/* A growing byte buffer. */
typedef struct {
    char *s;
    size_t len, cap;
    int failed;
} sbuf;

static void sb_put(sbuf *b, const char *s, size_t n)
{
    if (b->failed) return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 1024;
        while (cap < b->len + n + 1) cap *= 2;
        char *p = realloc(b->s, cap);
        if (!p) {
            b->failed = 1;
            return;
        }
        b->s = p;
        b->cap = cap;
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

typedef struct {
    sbuf out;   /* finished lines */
    sbuf line;  /* the line being built, white space collapsed */
    int pending_space;
} extract;

static void flush_line(extract *x)
{
    if (x->line.len) {
        if (x->out.len) sb_put(&x->out, "\n", 1);
        sb_put(&x->out, x->line.s, x->line.len);
        x->line.len = 0;
    }
    x->pending_space = 0;
}

static int is_ws(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Appends text with runs of white space (including U+00A0) collapsed to one space. */
static void add_text(extract *x, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        size_t ws = 0;
        if (is_ws(*p)) ws = 1;
        else if (p[0] == 0xC2 && p[1] == 0xA0) ws = 2;
        /* U+FEFF, a byte order mark left inside the page, is dropped rather
         * than kept as a character: the text normaliser strips it at the
         * start of the text, which left the space after it leading a line
         * (found by fuzz_html). */
        if (p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
            p += 3;
            continue;
        }
        if (ws) {
            if (x->line.len) x->pending_space = 1;
            p += ws;
            continue;
        }
        if (x->pending_space) {
            sb_put(&x->line, " ", 1);
            x->pending_space = 0;
        }
        const unsigned char *q = p;
        while (*q && !is_ws(*q) && !(q[0] == 0xC2 && q[1] == 0xA0) &&
               !(q[0] == 0xEF && q[1] == 0xBB && q[2] == 0xBF))
            q++;
        sb_put(&x->line, (const char *)p, (size_t)(q - p));
        p = q;
    }
}

static int name_is(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && n->name &&
           strcasecmp((const char *)n->name, name) == 0;
}

static int name_in(const xmlNode *n, const char *const *names)
{
    for (; *names; names++)
        if (name_is(n, *names)) return 1;
    return 0;
}

static const char *const dropped[] = {"script", "style", "noscript", "template", "nav",
                                      "footer", "aside",  "form",     "iframe",   "svg",
                                      "button", "select", "textarea", "head",     "object",
                                      "canvas", "video",  "audio",    "menu",     NULL};
static const char *const blocks[] = {
    "p",     "h1",  "h2",      "h3",   "h4",     "h5",     "h6",      "li",     "blockquote",
    "div",   "pre", "td",      "th",   "tr",     "dt",     "dd",      "ul",     "ol",
    "table", "figcaption", "section", "article", "main", "header", "address", "caption",
    "body",  "hr",  "figure",  NULL};

static void walk(extract *x, const xmlNode *n, int in_article)
{
    for (; n; n = n->next) {
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            if (n->content) add_text(x, (const char *)n->content);
            continue;
        }
        if (n->type != XML_ELEMENT_NODE) continue; /* comments, PIs */
        if (name_in(n, dropped)) continue;
        /* A page-level header is site chrome; an article's own header is not. */
        if (name_is(n, "header") && !in_article) continue;
        if (name_is(n, "br")) {
            flush_line(x);
            continue;
        }
        int block = name_in(n, blocks);
        if (block) flush_line(x);
        walk(x, n->children, in_article || name_is(n, "article"));
        if (block) flush_line(x);
    }
}

static const xmlNode *find_first(const xmlNode *n, const char *name)
{
    for (; n; n = n->next) {
        if (name_is(n, name)) return n;
        if (n->type == XML_ELEMENT_NODE && !name_in(n, dropped)) {
            const xmlNode *f = find_first(n->children, name);
            if (f) return f;
        }
    }
    return NULL;
}

typedef struct {
    char *title, *og_title, *outlet, *url, *og_url, *published, *date_meta, *time_dt;
    char *byline, *byline_el;
} meta;

static void meta_free(meta *m)
{
    char **f[] = {&m->title, &m->og_title, &m->outlet,  &m->url,    &m->og_url,
                  &m->published, &m->date_meta, &m->time_dt, &m->byline, &m->byline_el};
    for (size_t i = 0; i < sizeof f / sizeof *f; i++) {
        free(*f[i]);
        *f[i] = NULL;
    }
}

/* Stores a copy of value (white space collapsed) into *slot when it is still empty. */
static void take(char **slot, const char *value)
{
    if (*slot || !value) return;
    extract x = {0};
    add_text(&x, value);
    if (x.line.len && !x.line.failed) *slot = x.line.s;
    else free(x.line.s);
}

static char *attr(const xmlNode *n, const char *name)
{
    return (char *)xmlGetProp((xmlNode *)n, (const xmlChar *)name);
}

static int class_has(const xmlNode *n, const char *word)
{
    char *c = attr(n, "class");
    int found = c && strcasestr(c, word) != NULL;
    xmlFree(c);
    return found;
}

static void element_text(const xmlNode *n, char **slot)
{
    if (*slot) return;
    extract x = {0};
    walk(&x, n->children, 1);
    flush_line(&x);
    free(x.line.s);
    if (x.out.len && !x.out.failed && x.out.len < 200) {
        for (char *p = x.out.s; *p; p++)
            if (*p == '\n') *p = ' ';
        *slot = x.out.s;
    } else {
        free(x.out.s);
    }
}

static void collect_meta(meta *m, const xmlNode *n)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE) continue;
        if (name_is(n, "script") || name_is(n, "style")) continue;
        if (name_is(n, "meta")) {
            char *prop = attr(n, "property"), *name = attr(n, "name"), *ip = attr(n, "itemprop");
            char *content = attr(n, "content");
            const char *key = prop ? prop : name ? name : ip;
            if (key && content) {
                if (!strcasecmp(key, "og:site_name")) take(&m->outlet, content);
                else if (!strcasecmp(key, "og:url")) take(&m->og_url, content);
                else if (!strcasecmp(key, "og:title")) take(&m->og_title, content);
                else if (!strcasecmp(key, "article:published_time")) take(&m->published, content);
                else if (!strcasecmp(key, "datePublished") || !strcasecmp(key, "date") ||
                         !strcasecmp(key, "pubdate") || !strcasecmp(key, "publishdate") ||
                         !strcasecmp(key, "dc.date.issued") || !strcasecmp(key, "dc.date"))
                    take(&m->date_meta, content);
                else if ((!strcasecmp(key, "author") || !strcasecmp(key, "byl") ||
                          !strcasecmp(key, "article:author")) &&
                         strncasecmp(content, "http", 4) != 0)
                    take(&m->byline, content);
            }
            xmlFree(prop);
            xmlFree(name);
            xmlFree(ip);
            xmlFree(content);
        } else if (name_is(n, "link")) {
            char *rel = attr(n, "rel"), *href = attr(n, "href");
            if (rel && href && !strcasecmp(rel, "canonical")) take(&m->url, href);
            xmlFree(rel);
            xmlFree(href);
        } else if (name_is(n, "title")) {
            if (!m->title) {
                char *t = (char *)xmlNodeGetContent((xmlNode *)n);
                take(&m->title, t);
                xmlFree(t);
            }
        } else if (name_is(n, "time")) {
            char *dt = attr(n, "datetime");
            take(&m->time_dt, dt);
            xmlFree(dt);
        } else {
            char *rel = attr(n, "rel"), *ip = attr(n, "itemprop");
            if (!m->byline_el && ((rel && !strcasecmp(rel, "author")) ||
                                  (ip && !strcasecmp(ip, "author")) || class_has(n, "byline")))
                element_text(n, &m->byline_el);
            xmlFree(rel);
            xmlFree(ip);
        }
        collect_meta(m, n->children);
    }
}

static void silent_error(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

/* Keeps quiet, but remembers where libxml2 gave up on a page nested deeper
 * than its limit (256 elements): it stops reading there, and the caller
 * must be told that the rest of the page is missing.  Lifting the limit
 * (XML_PARSE_HUGE) is not an option: the walks below recurse per level. */
static void silent_structured_error(void *ctx, xmlErrorPtr error)
{
    size_t *cut_line = ctx;
    if (error && error->message && strstr(error->message, "Excessive depth") && !*cut_line)
        *cut_line = error->line > 0 ? (size_t)error->line : 1;
}

qt_status qt_html_article(const char *id, const char *html, size_t len, qt_article **out,
                          qt_error *err)
{
    if (len > QT_ARTICLE_MAX_BYTES || len > INT_MAX)
        return qt_error_set(err, QT_ERR_LIMIT, "%s: larger than the article limit", id);
    /* Without a declared charset libxml2 assumes Latin-1; news pages are UTF-8. */
    size_t sniff = len < 2048 ? len : 2048;
    const char *enc = "UTF-8";
    for (size_t i = 0; i + 8 <= sniff; i++)
        if (strncasecmp(html + i, "charset=", 8) == 0 ||
            strncasecmp(html + i, "charset ", 8) == 0) {
            enc = NULL;
            break;
        }
    /* HTML_PARSE_NOERROR silences the parser, but libxml2 still prints
     * encoding errors ("input conversion failed") through its generic error
     * handler, straight to stderr: the library never prints, so route them
     * nowhere for this parse and put the caller's handlers back after. */
    xmlGenericErrorFunc old_generic = xmlGenericError;
    void *old_generic_ctx = xmlGenericErrorContext;
    xmlStructuredErrorFunc old_structured = xmlStructuredError;
    void *old_structured_ctx = xmlStructuredErrorContext;
    xmlSetGenericErrorFunc(NULL, silent_error);
    size_t cut_line = 0;
    xmlSetStructuredErrorFunc(&cut_line, silent_structured_error);
    htmlDocPtr doc = htmlReadMemory(html, (int)len, NULL, enc,
                                    HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                                        HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
    xmlSetGenericErrorFunc(old_generic_ctx, old_generic);
    xmlSetStructuredErrorFunc(old_structured_ctx, old_structured);
    /* libxml2 recovers from nearly anything; no document at all means there
     * was no markup and no text (an empty or blank file): an empty article. */
    const xmlNode *top = doc ? xmlDocGetRootElement(doc) : NULL;
    meta m = {0};
    if (top) collect_meta(&m, top);
    const xmlNode *root = top ? find_first(top, "article") : NULL;
    if (!root) root = find_first(top, "main");
    if (!root) root = find_first(top, "body");
    extract x = {0};
    if (root) {
        int in_article = name_is(root, "article");
        walk(&x, root->children, in_article);
    } else if (top) {
        walk(&x, top, 0);
    }
    flush_line(&x);
    free(x.line.s);
    qt_status st = QT_OK;
    qt_article *a = NULL;
    if (x.out.failed) {
        st = qt_error_set(err, QT_ERR_NOMEM, "out of memory");
    } else {
        st = qt_article_from_bytes(id, x.out.s ? x.out.s : "", x.out.len, &a, err);
        if (st == QT_OK) a->report.html_cut_line = cut_line;
    }
    const char *title = m.og_title ? m.og_title : m.title;
    const char *url = m.url ? m.url : m.og_url;
    const char *published = m.published ? m.published : m.date_meta ? m.date_meta : m.time_dt;
    const char *byline = m.byline ? m.byline : m.byline_el;
    if (st == QT_OK && title) st = qt_article_set(a, "title", title, err);
    if (st == QT_OK && url) st = qt_article_set(a, "url", url, err);
    if (st == QT_OK && m.outlet) st = qt_article_set(a, "outlet", m.outlet, err);
    if (st == QT_OK && published) st = qt_article_set(a, "published", published, err);
    if (st == QT_OK && byline) st = qt_article_set(a, "byline", byline, err);
    if (st == QT_OK) st = qt_article_set(a, "source", id, err);
    free(x.out.s);
    meta_free(&m);
    if (doc) xmlFreeDoc(doc);
    if (st != QT_OK) {
        qt_article_free(a);
        return st;
    }
    *out = a;
    return QT_OK;
}

qt_status qt_read_html_file(const char *path, qt_article **out, qt_error *err)
{
    char *buf = NULL;
    size_t len = 0;
    QT_TRY(qt_input_read_file(path, &buf, &len, err));
    qt_status st = qt_html_article(path, buf, len, out, err);
    free(buf);
    return st;
}
