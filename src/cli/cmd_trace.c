/*
 * cmd_trace.c - `quotetrack trace` (a quote's family: every instance across
 * articles, as a tree from the origin with word diffs) and `quotetrack
 * conflicts` (attribution conflicts and altered direct quotes).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "lookup.h"
#include "qt_family.h"

static void trace_usage(FILE *out)
{
    fputs("usage: quotetrack [--db PATH] trace QUOTE_ID [--format table|jsonl]\n"
          "       quotetrack [--db PATH] trace --text TEXT [--limit N] [--format table|jsonl]\n"
          "\n"
          "The family of a quote: every instance of it across the stored articles,\n"
          "from the origin (the earliest published) down, each with its relation to\n"
          "its parent instance (verbatim, near-verbatim, partial, altered), a\n"
          "similarity and the word diff from the parent ([-dropped-] {+added+}).\n"
          "QUOTE_ID is the quote_id that who, search and show print (or #ID).\n"
          "--text finds the families with an instance of TEXT (all its words, or a\n"
          "close match), at most N of them (10).\n"
          "\n"
          "Exit status: 0 ok (also when --text matches nothing); 5 no such quote;\n"
          "4 database error; 2 bad usage.\n",
          out);
}

static void conflicts_usage(FILE *out)
{
    fputs("usage: quotetrack [--db PATH] conflicts [--kind attribution|altered] [--limit N]\n"
          "           [--speaker NAME] [--outlet NAME] [--since DATE] [--until DATE]\n"
          "           [--format table|jsonl|csv]\n"
          "\n"
          "Quotes a fact-checker should look at, newest first: attribution conflicts\n"
          "(the same claim credited to different people in different articles) and\n"
          "altered direct quotes (a direct quote whose words differ from the instance\n"
          "it descends from).  Each names the other quote; 'quotetrack trace ID' shows\n"
          "the whole family.\n"
          "\n"
          "  --speaker NAME  only conflicts with this speaker (name, alias or #ID) on\n"
          "                  either side\n"
          "  --outlet NAME   only conflicts with a quote from this outlet on either side\n"
          "  --since DATE, --until DATE\n"
          "                  only flagged quotes published in that range (--until\n"
          "                  inclusive; undated quotes pass no date filter)\n"
          "\n"
          "Exit status: 0 ok; 5 no such speaker; 4 database error; 2 bad usage.\n",
          out);
}

/* table or jsonl, and csv where allow_csv (conflicts: a flat list; a
 * trace is a tree, which a spreadsheet cannot show). */
static int parse_format(const char *cmd, const char *v, qt_cli_format *f, int allow_csv)
{
    if (strcmp(v, "table") == 0) *f = QT_FMT_TABLE;
    else if (strcmp(v, "jsonl") == 0) *f = QT_FMT_JSONL;
    else if (allow_csv && strcmp(v, "csv") == 0) *f = QT_FMT_CSV;
    else {
        if (allow_csv)
            qt_cli_error("%s: --format must be 'table', 'jsonl' or 'csv', not '%s'", cmd, v);
        else
            qt_cli_error("%s: --format must be 'table' or 'jsonl', not '%s'", cmd, v);
        return 0;
    }
    return 1;
}

static int parse_limit(const char *cmd, const char *v, long *out)
{
    char *end;
    *out = strtol(v, &end, 10);
    if (*end || *out <= 0) {
        qt_cli_error("%s: --limit must be a positive number", cmd);
        return 0;
    }
    return 1;
}

/* ---- writing --------------------------------------------------------- */

static qt_status io_fail(qt_error *err)
{
    return qt_error_set(err, QT_ERR_IO, "error writing standard output");
}

/* The diff from the parent with [-dropped-] and {+added+} words. */
static char *render_diff(const char *json, const char *fallback)
{
    json_object *arr = json ? json_tokener_parse(json) : NULL;
    if (!arr || !json_object_is_type(arr, json_type_array)) {
        json_object_put(arr);
        return strdup(fallback);
    }
    size_t cap = strlen(json) + 16, n = 0;
    char *out = malloc(cap);
    for (size_t i = 0; out && i < json_object_array_length(arr); i++) {
        json_object *o = json_object_array_get_idx(arr, i), *op = NULL, *tx = NULL;
        json_object_object_get_ex(o, "op", &op);
        json_object_object_get_ex(o, "text", &tx);
        const char *ops = op ? json_object_get_string(op) : "=", *t = tx ? json_object_get_string(tx) : "";
        const char *open = *ops == '-' ? "[-" : *ops == '+' ? "{+" : "";
        const char *close = *ops == '-' ? "-]" : *ops == '+' ? "+}" : "";
        size_t need = n + strlen(t) + 8;
        if (need > cap) {
            char *bigger = realloc(out, need * 2);
            if (!bigger) {
                free(out);
                out = NULL;
                break;
            }
            out = bigger;
            cap = need * 2;
        }
        n += (size_t)sprintf(out + n, "%s%s%s%s", n ? " " : "", open, t, close);
    }
    json_object_put(arr);
    return out;
}

typedef struct {
    qt_cli_format format;
    size_t width;
    int64_t family;       /* the family being written (table) */
    int last[64];         /* per depth: that ancestor was the last child */
    size_t rows, families;
    const char *mark;     /* what '*' means */
} trace_out;

static qt_status trace_row(const qt_family_row *r, void *ctx, qt_error *err)
{
    trace_out *o = ctx;
    o->rows++;
    if (o->format == QT_FMT_JSONL) {
        json_object *obj = json_object_new_object(), *diff = NULL;
        if (!obj) return qt_error_set(err, QT_ERR_NOMEM, "out of memory");
        if (r->diff) diff = json_tokener_parse(r->diff);
        /* 3 decimals, written shortest ("0.368", "1.0"), as confidence is */
        double rounded = round(r->similarity * 1000.0) / 1000.0;
        char sim[16];
        snprintf(sim, sizeof sim, "%.3f", rounded);
        size_t len = strlen(sim);
        while (len > 2 && sim[len - 1] == '0' && sim[len - 2] != '.') sim[--len] = '\0';
#define S(k, v) json_object_object_add(obj, k, (v) ? json_object_new_string(v) : NULL)
#define I(k, v) json_object_object_add(obj, k, json_object_new_int64(v))
        I("family", r->family_id);
        I("quote_id", r->quote_id);
        S("doc", r->doc);
        S("outlet", r->outlet);
        S("published", r->published);
        S("speaker", r->speaker);
        S("speaker_kind", r->speaker_kind);
        S("kind", r->kind);
        S("text", r->text);
        json_object_object_add(obj, "parent",
                               r->parent_quote_id ? json_object_new_int64(r->parent_quote_id)
                                                  : NULL);
        S("relation", r->relation);
        json_object_object_add(obj, "similarity",
                               json_object_new_double_s(rounded, sim));
        json_object_object_add(obj, "diff", diff);
        I("depth", r->depth);
        json_object_object_add(obj, "matched", json_object_new_boolean(r->matched));
#undef S
#undef I
        qt_status st = qt_out_json_line(stdout, obj, err);
        json_object_put(obj);
        return st;
    }
    if (r->family_id != o->family) {
        o->family = r->family_id;
        o->families++;
        if (printf("%sfamily #%lld: %zu instance%s\n", o->families > 1 ? "\n" : "",
                   (long long)r->family_id, r->family_size, r->family_size == 1 ? "" : "s") < 0)
            return io_fail(err);
    }
    /* The tree's guides: one column per ancestor, then this node's branch. */
    char prefix[3 * 64 * 4 + 16] = "";
    size_t pw = 0;
    int depth = r->depth < 63 ? r->depth : 63;
    for (int d = 1; d < depth; d++) {
        strcat(prefix, o->last[d] ? "   " : "│  ");
        pw += 3;
    }
    o->last[depth] = r->last_child;
    char head[sizeof prefix + 16];
    snprintf(head, sizeof head, "%s%s", prefix, depth ? (r->last_child ? "└─ " : "├─ ") : "");
    char sim[16] = "";
    if (r->depth) snprintf(sim, sizeof sim, " %.2f", r->similarity);
    char date[11] = "undated";
    if (r->published) snprintf(date, sizeof date, "%.10s", r->published);
    char *doc = qt_out_sanitise(r->doc ? r->doc : "-");
    char *outlet = qt_out_sanitise(r->outlet ? r->outlet : "-");
    char *speaker = qt_out_sanitise(r->speaker ? r->speaker : "-");
    qt_status st = QT_OK;
    if (!doc || !outlet || !speaker) st = qt_error_set(err, QT_ERR_NOMEM, "out of memory");
    else if (printf("%s#%lld%s %s%s  %s  %s  %s  %s  %s\n", head, (long long)r->quote_id,
                    r->matched ? "*" : "", r->relation, sim, date, outlet, doc, r->kind,
                    speaker) < 0)
        st = io_fail(err);
    free(doc);
    free(outlet);
    free(speaker);
    if (st != QT_OK) return st;
    /* The text (the origin's) or the diff from the parent, under the line. */
    strcat(prefix, depth ? (r->last_child ? "   " : "│  ") : "");
    strcat(prefix, "    ");
    pw += (depth ? 3 : 0) + 4;
    char *body = r->depth ? render_diff(r->diff, r->text) : strdup(r->text);
    if (!body) return qt_error_set(err, QT_ERR_NOMEM, "out of memory");
    st = qt_out_wrap(prefix, pw, body, o->width, err);
    free(body);
    return st;
}

static int64_t quote_ref(const char *s)
{
    if (*s == '#') s++;
    char *end;
    long long v = strtoll(s, &end, 10);
    return (*s && !*end && v > 0) ? v : 0;
}

int qt_cmd_trace(int argc, char **argv, const qt_cli_globals *g)
{
    trace_out o = {0};
    const char *text = NULL, *v;
    int64_t quote_id = 0;
    long limit = 10;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            trace_usage(stdout);
            return QT_EXIT_OK;
        } else if ((v = qt_cli_option(argc, argv, &i, "--text")) != NULL) {
            text = v;
        } else if ((v = qt_cli_option(argc, argv, &i, "--format")) != NULL) {
            if (!parse_format("trace", v, &o.format, 0)) return QT_EXIT_USAGE;
        } else if ((v = qt_cli_option(argc, argv, &i, "--limit")) != NULL) {
            if (!parse_limit("trace", v, &limit)) return QT_EXIT_USAGE;
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            qt_cli_error("trace: unknown option '%s'", argv[i]);
            trace_usage(stderr);
            return QT_EXIT_USAGE;
        } else if (!quote_id && (quote_id = quote_ref(argv[i])) != 0) {
            continue;
        } else {
            qt_cli_error("trace: '%s' is not a quote id (a number, as 'who' and 'search' print)",
                         argv[i]);
            return QT_EXIT_USAGE;
        }
    }
    if (!text == !quote_id) {
        qt_cli_error("trace: give a QUOTE_ID or --text TEXT (one of them)");
        trace_usage(stderr);
        return QT_EXIT_USAGE;
    }
    int rc = QT_EXIT_OK;
    qt_store *s = qt_cli_open_store(g, QT_STORE_READONLY, &rc);
    if (!s) return rc;
    o.format = qt_cli_format_resolve(o.format);
    o.width = qt_terminal_width(stdout);
    o.family = -1;
    qt_error err;
    qt_error_clear(&err);
    size_t families = 0;
    qt_status st = QT_OK;
    if (text && g->patterns_dir) {
        /* --text is split into words as ingest split the quotes. */
        qt_patterns *pats = qt_cli_load_patterns(g);
        st = pats ? qt_family_use_patterns(s, pats, &err) : QT_ERR_PATTERN;
        qt_patterns_free(pats);
        if (!pats) {
            qt_store_close(s);
            return QT_EXIT_FAILURE;
        }
    }
    if (st == QT_OK)
        st = quote_id ? qt_store_trace_quote(s, quote_id, trace_row, &o, &err)
                      : qt_store_trace_text(s, text, (size_t)limit, trace_row, &o, &families,
                                            &err);
    if (st == QT_OK && o.format == QT_FMT_TABLE) {
        if (o.rows == 0) printf("no family has an instance of that text\n");
        else if (printf("\n* %s\n", quote_id ? "the quote asked for" : "matches the text") < 0)
            st = io_fail(&err);
    }
    if (st != QT_OK) {
        qt_cli_error("%s", qt_error_message(&err));
        rc = qt_cli_exit_for(st);
    }
    qt_store_close(s);
    return rc;
}

/* ---- conflicts ------------------------------------------------------- */

typedef struct {
    qt_cli_format format;
    size_t width;
    size_t rows;
    int csv_header_done;
} conflicts_out;

/* One conflict as a spreadsheet row: the JSON Lines fields; with r NULL
 * only the header (an empty list still has one). */
static qt_status conflict_csv(conflicts_out *o, const qt_conflict_row *r, qt_error *err)
{
    static const qt_conflict_row none;
    const qt_conflict_row *c = r ? r : &none;
    char ids[3][24] = {"", "", ""};
    if (c->family_id) snprintf(ids[0], sizeof ids[0], "%lld", (long long)c->family_id);
    if (c->quote_id) snprintf(ids[1], sizeof ids[1], "%lld", (long long)c->quote_id);
    if (c->other_quote_id) snprintf(ids[2], sizeof ids[2], "%lld", (long long)c->other_quote_id);
    const qt_cell cells[] = {
        {"kind", c->kind},
        {"family", ids[0]},
        {"quote_id", ids[1]},
        {"doc", c->doc},
        {"outlet", c->outlet},
        {"published", c->published},
        {"speaker", c->speaker},
        {"quote_kind", c->quote_kind},
        {"text", c->text},
        {"other_quote_id", ids[2]},
        {"other_doc", c->other_doc},
        {"other_outlet", c->other_outlet},
        {"other_published", c->other_published},
        {"other_speaker", c->other_speaker},
        {"other_quote_kind", c->other_quote_kind},
        {"other_text", c->other_text},
        {"detail", c->detail},
        {"detected_at", c->detected_at},
    };
    size_t n = sizeof cells / sizeof *cells;
    if (!o->csv_header_done) {
        QT_TRY(qt_csv_header(stdout, cells, n, err));
        o->csv_header_done = 1;
    }
    return r ? qt_csv_row(stdout, cells, n, err) : QT_OK;
}

static qt_status conflict_side(const conflicts_out *o, int64_t id, const char *speaker,
                               const char *outlet, const char *doc, const char *published,
                               const char *kind, const char *text, qt_error *err)
{
    char date[11] = "undated";
    if (published) snprintf(date, sizeof date, "%.10s", published);
    char *sp = qt_out_sanitise(speaker ? speaker : "-");
    char *ou = qt_out_sanitise(outlet ? outlet : "-");
    char *dc = qt_out_sanitise(doc ? doc : "-");
    qt_status st = QT_OK;
    if (!sp || !ou || !dc) st = qt_error_set(err, QT_ERR_NOMEM, "out of memory");
    else if (printf("  #%lld  %s  %s  %s  %s  %s\n", (long long)id, date, ou, dc,
                    kind ? kind : "-", sp) < 0)
        st = io_fail(err);
    free(sp);
    free(ou);
    free(dc);
    if (st == QT_OK) st = qt_out_wrap("      ", 6, text ? text : "", o->width, err);
    return st;
}

static qt_status conflict_row(const qt_conflict_row *r, void *ctx, qt_error *err)
{
    conflicts_out *o = ctx;
    o->rows++;
    if (o->format == QT_FMT_CSV) return conflict_csv(o, r, err);
    if (o->format == QT_FMT_JSONL) {
        json_object *obj = json_object_new_object();
        if (!obj) return qt_error_set(err, QT_ERR_NOMEM, "out of memory");
#define S(k, v) json_object_object_add(obj, k, (v) ? json_object_new_string(v) : NULL)
#define I(k, v) json_object_object_add(obj, k, (v) ? json_object_new_int64(v) : NULL)
        S("kind", r->kind);
        I("family", r->family_id);
        I("quote_id", r->quote_id);
        S("doc", r->doc);
        S("outlet", r->outlet);
        S("published", r->published);
        S("speaker", r->speaker);
        S("quote_kind", r->quote_kind);
        S("text", r->text);
        I("other_quote_id", r->other_quote_id);
        S("other_doc", r->other_doc);
        S("other_outlet", r->other_outlet);
        S("other_published", r->other_published);
        S("other_speaker", r->other_speaker);
        S("other_quote_kind", r->other_quote_kind);
        S("other_text", r->other_text);
        S("detail", r->detail);
        S("detected_at", r->detected_at);
#undef S
#undef I
        qt_status st = qt_out_json_line(stdout, obj, err);
        json_object_put(obj);
        return st;
    }
    if (printf("%s%s, family #%lld\n", o->rows > 1 ? "\n" : "", r->kind,
               (long long)r->family_id) < 0)
        return io_fail(err);
    QT_TRY(conflict_side(o, r->quote_id, r->speaker, r->outlet, r->doc, r->published,
                         r->quote_kind, r->text, err));
    QT_TRY(conflict_side(o, r->other_quote_id, r->other_speaker, r->other_outlet, r->other_doc,
                         r->other_published, r->other_quote_kind, r->other_text, err));
    return qt_out_wrap("  ", 2, r->detail ? r->detail : "", o->width, err);
}

int qt_cmd_conflicts(int argc, char **argv, const qt_cli_globals *g)
{
    conflicts_out o = {0};
    qt_conflict_filter f = {0};
    const char *v;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            conflicts_usage(stdout);
            return QT_EXIT_OK;
        } else if ((v = qt_cli_option(argc, argv, &i, "--kind")) != NULL) {
            if (strcmp(v, "attribution") && strcmp(v, "altered")) {
                qt_cli_error("conflicts: --kind must be attribution or altered");
                return QT_EXIT_USAGE;
            }
            f.kind = v;
        } else if ((v = qt_cli_option(argc, argv, &i, "--format")) != NULL) {
            if (!parse_format("conflicts", v, &o.format, 1)) return QT_EXIT_USAGE;
        } else if ((v = qt_cli_option(argc, argv, &i, "--limit")) != NULL) {
            if (!parse_limit("conflicts", v, &f.limit)) return QT_EXIT_USAGE;
        } else if ((v = qt_cli_option(argc, argv, &i, "--speaker")) != NULL) {
            f.speaker = v;
        } else if ((v = qt_cli_option(argc, argv, &i, "--outlet")) != NULL) {
            f.outlet = v;
        } else if ((v = qt_cli_option(argc, argv, &i, "--since")) != NULL) {
            f.since = v;
        } else if ((v = qt_cli_option(argc, argv, &i, "--until")) != NULL) {
            f.until = v;
        } else {
            qt_cli_error("conflicts: unexpected argument '%s'", argv[i]);
            conflicts_usage(stderr);
            return QT_EXIT_USAGE;
        }
    }
    int rc = QT_EXIT_OK;
    qt_store *s = qt_cli_open_store(g, QT_STORE_READONLY, &rc);
    if (!s) return rc;
    o.format = qt_cli_format_resolve(o.format);
    o.width = qt_terminal_width(stdout);
    qt_error err;
    qt_error_clear(&err);
    qt_status st = qt_store_conflicts(s, &f, conflict_row, &o, &err);
    if (st == QT_OK && o.format == QT_FMT_TABLE && o.rows == 0) printf("no conflicts found\n");
    if (st == QT_OK && o.format == QT_FMT_CSV && !o.csv_header_done) st = conflict_csv(&o, NULL, &err);
    if (st != QT_OK) {
        qt_cli_error("%s", qt_error_message(&err));
        rc = qt_cli_exit_for(st);
    }
    qt_store_close(s);
    return rc;
}
