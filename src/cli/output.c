/*
 * output.c - JSON records, aligned tables and CSV (see output.h).
 */
#include "output.h"

#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "qt_text.h"

static qt_status nomem(qt_error *err)
{
    return qt_error_set(err, QT_ERR_NOMEM, "out of memory writing output");
}

static qt_status write_failed(qt_error *err)
{
    return qt_error_set(err, QT_ERR_IO, "error writing output");
}

/* ---- JSON ------------------------------------------------------------ */

/* json-c turns a NULL value into JSON null, so a failed allocation and a
 * deliberate null look the same once added.  These helpers keep them apart:
 * `want` says whether a value was meant, and a NULL object then means OOM. */
static int add(json_object *obj, const char *key, json_object *val, int want)
{
    if (want && !val) return -1;
    if (json_object_object_add(obj, key, val) != 0) {
        json_object_put(val);
        return -1;
    }
    return 0;
}

static int add_string(json_object *obj, const char *key, const char *s)
{
    return add(obj, key, s ? json_object_new_string(s) : NULL, s != NULL);
}

static int add_offset(json_object *obj, const char *key, size_t v, int present)
{
    return add(obj, key, present ? json_object_new_int64((int64_t)v) : NULL, present);
}

/* Confidence with exactly the precision it has (3 decimals), written as the
 * shortest of "0.875", "0.9", "1.0" rather than json-c's 17 digits.  Returns
 * the rounded value; buf gets its text. */
static double confidence_text(double c, char buf[64])
{
    double r = round(c * 1000.0) / 1000.0;
    snprintf(buf, 64, "%.3f", r);
    size_t n = strlen(buf);
    while (n > 0 && buf[n - 1] == '0' && n >= 2 && buf[n - 2] != '.') buf[--n] = '\0';
    if (strcmp(buf, "-0.0") == 0) memmove(buf, buf + 1, strlen(buf));
    return r;
}

static int add_confidence(json_object *obj, double c)
{
    if (!isfinite(c)) return add(obj, "confidence", NULL, 0);
    char buf[64];
    double r = confidence_text(c, buf);
    return add(obj, "confidence", json_object_new_double_s(r, buf), 1);
}

/* A fragment starts inside its claim and quotes are in text order, so the
 * fragments of quote i are among the quotes from the first one sharing its
 * start up to its end: looking only there keeps an article with many quotes
 * linear instead of scanning all of them for each. */
static size_t fragments_from(const qt_scan_result *res, size_t i)
{
    size_t lo = i;
    while (lo > 0 && res->quotes[lo - 1].span.start == res->quotes[i].span.start) lo--;
    return lo;
}

static int past_fragments(const qt_scan_result *res, size_t i, size_t j)
{
    const qt_quote *q = &res->quotes[i], *c = &res->quotes[j];
    return j > i && c->span.start >= q->span.end && c->span.start != q->span.start;
}

qt_status qt_out_quote_json(const char *doc, const qt_scan_result *res, size_t i,
                            json_object **out, qt_error *err)
{
    const qt_quote *q = &res->quotes[i];
    const qt_speaker *sp = NULL;
    if (q->speaker >= 0 && (size_t)q->speaker < res->speaker_count) sp = &res->speakers[q->speaker];
    int m = q->has_mention;
    json_object *obj = json_object_new_object();
    if (!obj) return nomem(err);

    int bad = add_string(obj, "doc", doc) ||
              add_string(obj, "kind", qt_kind_name(q->kind)) ||
              add_string(obj, "text", q->text ? q->text : "") ||
              add_offset(obj, "start", q->span.start, 1) ||
              add_offset(obj, "end", q->span.end, 1) ||
              add_offset(obj, "char_start", q->span.char_start, 1) ||
              add_offset(obj, "char_end", q->span.char_end, 1) ||
              add_string(obj, "speaker", sp ? sp->name : NULL) ||
              add_string(obj, "speaker_kind", sp ? qt_speaker_kind_name(sp->kind) : NULL) ||
              add_string(obj, "speaker_mention", m ? q->mention_text : NULL) ||
              add_offset(obj, "speaker_start", q->mention.start, m) ||
              add_offset(obj, "speaker_end", q->mention.end, m) ||
              add_offset(obj, "speaker_char_start", q->mention.char_start, m) ||
              add_offset(obj, "speaker_char_end", q->mention.char_end, m) ||
              add_string(obj, "cue", q->has_cue ? q->cue_text : NULL) ||
              add_confidence(obj, q->confidence) ||
              add_string(obj, "rule", q->rule);
    /* Quoted fragments inside a reported claim ("proven to be “not as
     * formidable as we expected”") travel with the claim: the claim is what
     * the speaker said, the fragments show which words are theirs verbatim. */
    json_object *partials = NULL;
    for (size_t j = fragments_from(res, i); !bad && j < res->count; j++) {
        const qt_quote *c = &res->quotes[j];
        if (past_fragments(res, i, j)) break;
        if (j == i || c->parent != (int)i) continue;
        if (!partials && (!(partials = json_object_new_array()) || add(obj, "partials", partials, 1))) {
            bad = 1;
            break;
        }
        json_object *frag = json_object_new_object();
        bad = !frag || json_object_array_add(partials, frag) ||
              add_string(frag, "text", c->text ? c->text : "") ||
              add_offset(frag, "start", c->span.start, 1) || add_offset(frag, "end", c->span.end, 1) ||
              add_offset(frag, "char_start", c->span.char_start, 1) ||
              add_offset(frag, "char_end", c->span.char_end, 1);
    }
    if (bad) {
        json_object_put(obj);
        return nomem(err);
    }
    *out = obj;
    return QT_OK;
}

qt_status qt_out_json_line(FILE *out, json_object *obj, qt_error *err)
{
    size_t len = 0;
    const char *s = json_object_to_json_string_length(obj, QT_JSON_FLAGS, &len);
    if (!s) return nomem(err);
    if (fwrite(s, 1, len, out) != len || putc('\n', out) == EOF) return write_failed(err);
    return QT_OK;
}

/* ---- quote records straight to a stream ------------------------------ */

/* Building a json_object per quote (an 18-entry hash table, a copied key and
 * a value object per field) and serialising it took a sixth of a whole
 * scan.  The writer below prints the same bytes - same fields, order and
 * number forms as qt_out_quote_json + qt_out_json_line, which the unit tests
 * check byte for byte - into one reused buffer.  Strings are still encoded
 * by json-c, so escaping is json-c's. */
struct qt_jsonl_writer {
    char *buf;
    size_t len, cap;
    int failed;     /* out of memory */
};

qt_jsonl_writer *qt_jsonl_writer_new(void)
{
    return calloc(1, sizeof(qt_jsonl_writer));
}

void qt_jsonl_writer_free(qt_jsonl_writer *w)
{
    if (!w) return;
    free(w->buf);
    free(w);
}

static void w_raw(qt_jsonl_writer *w, const char *s, size_t n)
{
    if (w->failed) return;
    if (w->len + n > w->cap) {
        size_t cap = w->cap ? w->cap : 1024;
        while (cap < w->len + n) cap *= 2;
        char *grown = realloc(w->buf, cap);
        if (!grown) {
            w->failed = 1;
            return;
        }
        w->buf = grown;
        w->cap = cap;
    }
    memcpy(w->buf + w->len, s, n);
    w->len += n;
}

#define W_LIT(w, lit) w_raw((w), (lit), sizeof(lit) - 1)

/* A string value, or null; json-c encodes it.  A new string object each
 * time: json_object_set_string on a reused one leaks in json-c 0.16 when a
 * value is shorter than the one before and the next is longer. */
static void w_string(qt_jsonl_writer *w, const char *s)
{
    size_t n = 0;
    const char *json;
    if (!s) {
        W_LIT(w, "null");
        return;
    }
    /* Most strings need no escape at all: then json-c would print them
     * between quotes unchanged, and building a json_object to learn that
     * was a tenth of a scan.  Anything it might escape (quote, backslash,
     * slash, control characters, DEL) still goes through json-c. */
    size_t len = 0;
    while (s[len]) {
        unsigned char c = (unsigned char)s[len];
        if (c < 0x20 || c == '"' || c == '\\' || c == '/' || c == 0x7f) break;
        len++;
    }
    if (!s[len]) {
        w_raw(w, "\"", 1);
        w_raw(w, s, len);
        w_raw(w, "\"", 1);
        return;
    }
    json_object *str = json_object_new_string(s);
    if (!str || !(json = json_object_to_json_string_length(str, QT_JSON_FLAGS, &n))) {
        json_object_put(str);
        w->failed = 1;
        return;
    }
    w_raw(w, json, n);
    json_object_put(str);
}

/* An offset as json-c prints an int64 ("%" PRId64), or null. */
static void w_offset(qt_jsonl_writer *w, size_t v, int present)
{
    char digits[24];
    size_t i = sizeof digits;
    int64_t x = (int64_t)v;
    uint64_t u = x < 0 ? 0 - (uint64_t)x : (uint64_t)x;
    if (!present) {
        W_LIT(w, "null");
        return;
    }
    do {
        digits[--i] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (x < 0) digits[--i] = '-';
    w_raw(w, digits + i, sizeof digits - i);
}

qt_status qt_jsonl_writer_put(qt_jsonl_writer *w, FILE *out, const char *doc,
                              const qt_scan_result *res, size_t i, qt_error *err)
{
    return qt_jsonl_writer_put_with(w, out, doc, res, i, NULL, 0, err);
}

/* A trailing field as json-c prints it: a string or null, an int64
 * ("%" PRId64), or a double, whose form json-c alone decides. */
static void w_extra(qt_jsonl_writer *w, const qt_json_field *f)
{
    w_raw(w, ",\"", 2);
    w_raw(w, f->key, strlen(f->key));
    w_raw(w, "\":", 2);
    if (f->type == QT_JSON_STRING) {
        w_string(w, f->str);
    } else if (f->type == QT_JSON_INT) {
        char digits[24];
        int n = snprintf(digits, sizeof digits, "%" PRId64, f->num);
        w_raw(w, digits, (size_t)n);
    } else {
        size_t n = 0;
        json_object *d = json_object_new_double(f->real);
        const char *json = d ? json_object_to_json_string_length(d, QT_JSON_FLAGS, &n) : NULL;
        if (json) w_raw(w, json, n);
        else w->failed = 1;
        json_object_put(d);
    }
}

qt_status qt_jsonl_writer_put_with(qt_jsonl_writer *w, FILE *out, const char *doc,
                                   const qt_scan_result *res, size_t i,
                                   const qt_json_field *extra, size_t n_extra, qt_error *err)
{
    const qt_quote *q = &res->quotes[i];
    const qt_speaker *sp = NULL;
    if (q->speaker >= 0 && (size_t)q->speaker < res->speaker_count) sp = &res->speakers[q->speaker];
    int m = q->has_mention;
    w->len = 0;
    w->failed = 0;
    W_LIT(w, "{\"doc\":");
    w_string(w, doc);
    W_LIT(w, ",\"kind\":");
    w_string(w, qt_kind_name(q->kind));
    W_LIT(w, ",\"text\":");
    w_string(w, q->text ? q->text : "");
    W_LIT(w, ",\"start\":");
    w_offset(w, q->span.start, 1);
    W_LIT(w, ",\"end\":");
    w_offset(w, q->span.end, 1);
    W_LIT(w, ",\"char_start\":");
    w_offset(w, q->span.char_start, 1);
    W_LIT(w, ",\"char_end\":");
    w_offset(w, q->span.char_end, 1);
    W_LIT(w, ",\"speaker\":");
    w_string(w, sp ? sp->name : NULL);
    W_LIT(w, ",\"speaker_kind\":");
    w_string(w, sp ? qt_speaker_kind_name(sp->kind) : NULL);
    W_LIT(w, ",\"speaker_mention\":");
    w_string(w, m ? q->mention_text : NULL);
    W_LIT(w, ",\"speaker_start\":");
    w_offset(w, q->mention.start, m);
    W_LIT(w, ",\"speaker_end\":");
    w_offset(w, q->mention.end, m);
    W_LIT(w, ",\"speaker_char_start\":");
    w_offset(w, q->mention.char_start, m);
    W_LIT(w, ",\"speaker_char_end\":");
    w_offset(w, q->mention.char_end, m);
    W_LIT(w, ",\"cue\":");
    w_string(w, q->has_cue ? q->cue_text : NULL);
    W_LIT(w, ",\"confidence\":");
    if (isfinite(q->confidence)) {
        char buf[64];
        confidence_text(q->confidence, buf);
        w_raw(w, buf, strlen(buf));
    } else {
        W_LIT(w, "null");
    }
    W_LIT(w, ",\"rule\":");
    w_string(w, q->rule);
    /* Quoted fragments inside a claim, as in qt_out_quote_json. */
    int partials = 0;
    for (size_t j = fragments_from(res, i); j < res->count; j++) {
        const qt_quote *c = &res->quotes[j];
        if (past_fragments(res, i, j)) break;
        if (j == i || c->parent != (int)i) continue;
        if (partials++) W_LIT(w, ",");
        else W_LIT(w, ",\"partials\":[");
        W_LIT(w, "{\"text\":");
        w_string(w, c->text ? c->text : "");
        W_LIT(w, ",\"start\":");
        w_offset(w, c->span.start, 1);
        W_LIT(w, ",\"end\":");
        w_offset(w, c->span.end, 1);
        W_LIT(w, ",\"char_start\":");
        w_offset(w, c->span.char_start, 1);
        W_LIT(w, ",\"char_end\":");
        w_offset(w, c->span.char_end, 1);
        W_LIT(w, "}");
    }
    if (partials) W_LIT(w, "]");
    for (size_t k = 0; k < n_extra; k++) w_extra(w, &extra[k]);
    W_LIT(w, "}\n");
    if (w->failed) return nomem(err);
    if (fwrite(w->buf, 1, w->len, out) != w->len) return write_failed(err);
    return QT_OK;
}

/* ---- UTF-8 helpers --------------------------------------------------- */

size_t qt_out_width(const char *s)
{
    return qt_utf8_count(s, strlen(s));
}

size_t qt_out_prefix(const char *s, size_t max)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, n = 0;
    while (p[i]) {
        if ((p[i] & 0xC0) != 0x80) {
            if (n == max) break;
            n++;
        }
        i++;
    }
    return i;
}

/* ---- table ----------------------------------------------------------- */

struct qt_table {
    FILE *out;
    const qt_table_col *cols;
    size_t ncols;
    size_t width;       /* total line width */
    size_t *widths;     /* per column, fixed at the first flush */
    int fixed;
    char **cells;       /* nrows * ncols sanitised copies */
    size_t nrows;
    size_t total;       /* rows added over the table's life */
};

#define TABLE_GAP 2     /* spaces between columns */

size_t qt_terminal_width(FILE *out)
{
    struct winsize ws;
    int fd = fileno(out);
    if (fd >= 0 && isatty(fd) && ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
        return ws.ws_col;
    const char *env = getenv("COLUMNS");
    if (env && *env) {
        char *end;
        unsigned long v = strtoul(env, &end, 10);
        if (*end == '\0' && v >= 20 && v <= 10000) return (size_t)v;
    }
    return 100;
}

qt_table *qt_table_new(FILE *out, const qt_table_col *cols, size_t ncols, size_t width)
{
    qt_table *t = calloc(1, sizeof *t);
    if (!t) return NULL;
    t->out = out;
    t->cols = cols;
    t->ncols = ncols;
    t->width = width ? width : qt_terminal_width(out);
    t->widths = calloc(ncols ? ncols : 1, sizeof *t->widths);
    t->cells = calloc((ncols ? ncols : 1) * QT_TABLE_BATCH, sizeof *t->cells);
    if (!t->widths || !t->cells) {
        qt_table_free(t);
        return NULL;
    }
    return t;
}

static void free_rows(qt_table *t)
{
    for (size_t i = 0; i < t->nrows * t->ncols; i++) {
        free(t->cells[i]);
        t->cells[i] = NULL;
    }
    t->nrows = 0;
}

void qt_table_free(qt_table *t)
{
    if (!t) return;
    if (t->cells) free_rows(t);
    free(t->cells);
    free(t->widths);
    free(t);
}

size_t qt_table_rows(const qt_table *t)
{
    return t->total;
}

/* Characters that must not reach a terminal from article text: C0 and C1
 * controls (newlines, tabs, ESC sequences), line/paragraph separators and
 * the bidirectional overrides that can make text display out of order. */
static int unsafe_cp(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 ||
           (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

/* Copies s with unsafe characters turned into spaces and runs of white space
 * squeezed to one, so a multi-paragraph quote reads as one line. */
static char *sanitise(const char *s)
{
    size_t len = strlen(s);
    char *o = malloc(len + 1);
    if (!o) return NULL;
    size_t i = 0, n = 0;
    int space = 0;
    while (i < len) {
        size_t at = i;
        uint32_t cp = qt_utf8_next(s, len, &i);
        if (unsafe_cp(cp) || cp == ' ') {
            if (!space && n > 0) o[n++] = ' ';
            space = 1;
            continue;
        }
        space = 0;
        memcpy(o + n, s + at, i - at);
        n += i - at;
    }
    while (n > 0 && o[n - 1] == ' ') n--;
    o[n] = '\0';
    return o;
}

char *qt_out_sanitise(const char *s)
{
    return sanitise(s);
}

qt_status qt_table_add(qt_table *t, const char *const *values, qt_error *err)
{
    if (t->nrows == QT_TABLE_BATCH) QT_TRY(qt_table_flush(t, err));
    char **row = t->cells + t->nrows * t->ncols;
    for (size_t c = 0; c < t->ncols; c++) {
        row[c] = sanitise(values[c] ? values[c] : "");
        if (!row[c]) {
            for (size_t k = 0; k < c; k++) {
                free(row[k]);
                row[k] = NULL;
            }
            return nomem(err);
        }
    }
    t->nrows++;
    t->total++;
    return QT_OK;
}

/* Chooses column widths from the header and the rows buffered so far. */
static void fix_widths(qt_table *t)
{
    size_t used = 0, fill = t->ncols;
    for (size_t c = 0; c < t->ncols; c++) {
        const qt_table_col *col = &t->cols[c];
        size_t w = qt_out_width(col->name);
        for (size_t r = 0; r < t->nrows; r++) {
            size_t cw = qt_out_width(t->cells[r * t->ncols + c]);
            if (cw > w) w = cw;
        }
        if (w < col->min_width) w = col->min_width;
        if (col->max_width && w > col->max_width) w = col->max_width;
        t->widths[c] = w;
        if ((col->flags & QT_COL_FILL) && fill == t->ncols) fill = c;
        else used += w;
    }
    used += TABLE_GAP * (t->ncols ? t->ncols - 1 : 0);
    if (fill < t->ncols) {
        /* The fill column gets the rest of the line, but never less than its
         * minimum (a narrow terminal wraps rather than showing nothing) and
         * never more than its longest cell. */
        size_t rest = t->width > used ? t->width - used : 0;
        if (rest < t->cols[fill].min_width) rest = t->cols[fill].min_width;
        if (rest < t->widths[fill]) t->widths[fill] = rest;
    }
    t->fixed = 1;
}

static int put_cell(FILE *out, const char *s, const qt_table_col *col, size_t w, int last)
{
    size_t cw = qt_out_width(s);
    size_t shown = cw;
    if (cw > w && w > 0) {
        /* Cut on a code point boundary and mark the cut with an ellipsis. */
        if (col->flags & QT_COL_KEEP_END) {
            const char *tail = s + qt_out_prefix(s, cw - (w - 1));
            if (fputs("\xE2\x80\xA6", out) == EOF || fputs(tail, out) == EOF) return -1;
        } else {
            size_t bytes = qt_out_prefix(s, w - 1);
            if (fwrite(s, 1, bytes, out) != bytes || fputs("\xE2\x80\xA6", out) == EOF)
                return -1;
        }
        shown = w;
    } else if (cw > w) {
        shown = 0;
    } else if (*s && fputs(s, out) == EOF) {
        return -1;
    }
    if (!last)
        for (size_t k = shown; k < w + TABLE_GAP; k++)
            if (putc(' ', out) == EOF) return -1;
    return 0;
}

static qt_status put_line(qt_table *t, const char *const *cells, qt_error *err)
{
    for (size_t c = 0; c < t->ncols; c++)
        if (put_cell(t->out, cells[c], &t->cols[c], t->widths[c], c + 1 == t->ncols) != 0)
            return write_failed(err);
    if (putc('\n', t->out) == EOF) return write_failed(err);
    return QT_OK;
}

qt_status qt_table_flush(qt_table *t, qt_error *err)
{
    qt_status st = QT_OK;
    if (t->nrows == 0) return QT_OK;
    if (!t->fixed) {
        fix_widths(t);
        /* The header and its rule are written once, with the first rows. */
        const char **names = malloc(t->ncols * sizeof *names);
        size_t widest = 0;
        for (size_t c = 0; c < t->ncols; c++)
            if (t->widths[c] > widest) widest = t->widths[c];
        char *rule = malloc(widest + 1);
        if (!names || !rule) {
            free(names);
            free(rule);
            return nomem(err);
        }
        memset(rule, '-', widest);
        rule[widest] = '\0';
        for (size_t c = 0; c < t->ncols; c++) names[c] = t->cols[c].name;
        st = put_line(t, names, err);
        /* Under each name, a run of dashes as wide as its column: the tail
         * of one shared run. */
        for (size_t c = 0; c < t->ncols; c++) names[c] = rule + widest - t->widths[c];
        if (st == QT_OK) st = put_line(t, names, err);
        free(names);
        free(rule);
    }
    for (size_t r = 0; st == QT_OK && r < t->nrows; r++)
        st = put_line(t, (const char *const *)(t->cells + r * t->ncols), err);
    free_rows(t);
    return st;
}

/* Prints text after prefix (prefix_w columns wide), folding at spaces so no
 * line passes width; continuation lines repeat the prefix. */
qt_status qt_out_wrap(const char *prefix, size_t prefix_w, const char *text, size_t width,
                      qt_error *err)
{
    char *clean = qt_out_sanitise(text);
    if (!clean) return qt_error_set(err, QT_ERR_NOMEM, "out of memory");
    size_t room = width > prefix_w + 20 ? width - prefix_w : 20;
    const char *p = clean;
    int ok = 1;
    do {
        size_t n = strlen(p), cut = n;
        if (qt_out_width(p) > room) {
            cut = qt_out_prefix(p, room);
            size_t sp = cut;
            while (sp > 0 && p[sp] != ' ') sp--;
            if (sp > 0) cut = sp;
        }
        ok &= printf("%s%.*s\n", prefix, (int)cut, p) >= 0;
        p += cut;
        while (*p == ' ') p++;
    } while (*p && ok);
    free(clean);
    return ok ? QT_OK : qt_error_set(err, QT_ERR_IO, "error writing standard output");
}
