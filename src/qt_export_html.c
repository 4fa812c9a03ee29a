/*
 * qt_export_html.c - the report a fact-checker can send: one self-contained
 * HTML file (inline CSS, inline SVG, no scripts, nothing fetched - a
 * Content-Security-Policy meta says so to the browser as well).  Sections:
 * summary; alerts (attribution conflicts and altered quotes); one section
 * per speaker with their quotes and every outlet printing each; quote
 * families with each instance's differences from its parent marked word by
 * word and the family drawn as a tree; article reuse with coverage and the
 * aligned passages; each provenance chain drawn as a graph; the articles.
 * Sections without content (no families yet, no reuse) are left out.
 *
 * Every piece of article and database text goes through qt_ex_html_text();
 * links are written only for http(s) URLs.
 */
#include "qt_export_int.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct {
    const qt_ex_set *set;
    FILE *out;
    int bad;                /* a write failed: everything after is skipped */
    int oom;
    unsigned long graphs;   /* SVG graphs drawn (unique marker ids) */
    qt_error *err;
} html;

static void raw(html *h, const char *s)
{
    if (!h->bad && fputs(s, h->out) == EOF) h->bad = 1;
}

/* Markup with numbers; never given article text (that goes through text()). */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void fmt(html *h, const char *f, ...)
{
    if (h->bad) return;
    va_list ap;
    va_start(ap, f);
    if (vfprintf(h->out, f, ap) < 0) h->bad = 1;
    va_end(ap);
}

static void text(html *h, const char *s)
{
    if (!h->bad && qt_ex_html_text(h->out, s, (size_t)-1)) h->bad = 1;
}

static void text_cut(html *h, const char *s, size_t max)
{
    if (!h->bad && qt_ex_html_text(h->out, s, max)) h->bad = 1;
}

static int safe_url(const char *url)
{
    return url && (strncasecmp(url, "https://", 8) == 0 || strncasecmp(url, "http://", 7) == 0) &&
           !strpbrk(url, " \t\r\n");
}

/* "outlet · date · title (link) doc" for an article. */
static void cite(html *h, const qt_ex_article *a)
{
    raw(h, "<span class=\"cite\"><b>");
    text(h, a->outlet ? a->outlet : "no outlet");
    raw(h, "</b> \xC2\xB7 ");
    text(h, a->published ? a->published : "undated");
    raw(h, " \xC2\xB7 ");
    if (safe_url(a->url)) {
        raw(h, "<a href=\"");
        text(h, a->url);
        raw(h, "\">");
        text_cut(h, a->title ? a->title : a->url, 90);
        raw(h, "</a> ");
    } else if (a->title) {
        text_cut(h, a->title, 90);
        raw(h, " ");
    }
    raw(h, "<code>");
    text(h, a->doc);
    raw(h, "</code>");
    if (a->revision > 1) fmt(h, " (revision %d)", a->revision);
    raw(h, "</span>");
}

/* A word diff (qt_qdiff_json's form) marked up: <del> dropped, <ins> added;
 * the fallback text when there is none.  With max_chars, the runs stop once
 * that many bytes of text are written, with an ellipsis. */
static void diff_markup(html *h, const char *diff, const char *fallback, size_t max_chars)
{
    json_object *d = diff ? json_tokener_parse(diff) : NULL;
    if (!d || !json_object_is_type(d, json_type_array) || json_object_array_length(d) == 0) {
        json_object_put(d);
        text(h, fallback);
        return;
    }
    size_t written = 0;
    for (size_t i = 0; i < json_object_array_length(d); i++) {
        if (max_chars && written >= max_chars) {
            raw(h, " \xE2\x80\xA6");
            break;
        }
        json_object *op = json_object_array_get_idx(d, i), *o, *t;
        if (!json_object_object_get_ex(op, "op", &o) || !json_object_object_get_ex(op, "text", &t))
            continue;
        const char *kind = json_object_get_string(o);
        if (i) raw(h, " ");
        const char *tag = strcmp(kind, "-") == 0 ? "del" : strcmp(kind, "+") == 0 ? "ins" : NULL;
        if (tag) fmt(h, "<%s>", tag);
        text(h, json_object_get_string(t));
        written += strlen(json_object_get_string(t));
        if (tag) fmt(h, "</%s>", tag);
    }
    json_object_put(d);
}

/* The diff from a family parent, word by word. */
static void diff_text(html *h, const qt_ex_quote *q)
{
    diff_markup(h, q->diff, q->text, 0);
}

static void speaker_name(html *h, const qt_ex_quote *q)
{
    text(h, q->speaker ? q->speaker : "unknown speaker");
    if (q->speaker_kind) {
        raw(h, " <span class=\"note\">(");
        text(h, q->speaker_kind);
        raw(h, ")</span>");
    }
}

/* A quote in a box: who, where, what (for alerts). */
static void quote_card(html *h, const qt_ex_quote *q)
{
    const qt_ex_set *set = h->set;
    fmt(h, "<div><div class=\"meta\"><span class=\"badge k-%s\">", q->kind);
    text(h, q->kind);
    raw(h, "</span> ");
    speaker_name(h, q);
    raw(h, "<br>");
    cite(h, &set->articles[q->article]);
    fmt(h, "</div><div class=\"k-%s\"><blockquote>", q->kind);
    if (q->parent_quote_id && q->relation && strcmp(q->relation, "altered") == 0) diff_text(h, q);
    else text(h, q->text);
    raw(h, "</blockquote></div>");
    if (q->in_scope) fmt(h, "<a class=\"note\" href=\"#q-%lld\">in the report</a>", (long long)q->quote_id);
    raw(h, "</div>");
}

/* ---- summary ---------------------------------------------------------- */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int flagged_altered(const qt_ex_set *set, int64_t quote_id);

/* Altered instances shown that no conflict row already flags. */
static size_t count_altered(const qt_ex_set *set)
{
    size_t n = 0;
    for (size_t i = 0; i < set->nquotes; i++)
        if (set->quotes[i].relation && strcmp(set->quotes[i].relation, "altered") == 0 &&
            qt_ex_family_index(set, set->quotes[i].family_id) != QT_EX_NONE &&
            !flagged_altered(set, set->quotes[i].quote_id))
            n++;
    return n;
}

static void filters_line(html *h)
{
    const qt_export_filter *f = h->set->filter;
    const char *names[] = {"speaker", "outlet", "since", "until", "article", "kind"};
    const char *vals[] = {f->speaker, f->outlet, f->since, f->until, f->article, f->kind};
    int any = 0;
    for (size_t i = 0; i < sizeof vals / sizeof *vals; i++) {
        if (!vals[i]) continue;
        raw(h, any ? ", " : " \xC2\xB7 filters: ");
        fmt(h, "%s = ", names[i]);
        text(h, vals[i]);
        any = 1;
    }
    if (f->family > 0) fmt(h, "%sfamily = %lld", any ? ", " : " \xC2\xB7 filters: ", (long long)f->family);
}

static void summary(html *h)
{
    const qt_ex_set *set = h->set;
    size_t arts = 0, kinds[3] = {0};
    const char **outlets = malloc((set->narticles + 1) * sizeof *outlets);
    size_t no = 0;
    if (!outlets) {
        h->oom = 1;
        return;
    }
    for (size_t i = 0; i < set->narticles; i++) {
        if (!set->articles[i].in_scope) continue;
        arts++;
        if (set->articles[i].outlet) outlets[no++] = set->articles[i].outlet;
    }
    qsort(outlets, no, sizeof *outlets, cmp_str);
    size_t distinct = 0;
    for (size_t i = 0; i < no; i++) distinct += i == 0 || strcmp(outlets[i], outlets[i - 1]) != 0;
    free(outlets);
    for (size_t i = 0; i < set->nselected; i++) {
        const char *k = set->quotes[i].kind;
        kinds[strcmp(k, "direct") == 0 ? 0 : strcmp(k, "partial") == 0 ? 1 : 2]++;
    }
    raw(h, "<section id=\"summary\"><h2>Summary</h2><div class=\"stats\">");
    fmt(h, "<div><b>%zu</b><span>articles</span></div>", arts);
    fmt(h, "<div><b>%zu</b><span>outlets</span></div>", distinct);
    fmt(h, "<div><b>%zu</b><span>speakers</span></div>", set->nspeakers);
    fmt(h, "<div><b>%zu</b><span>quotes and claims</span></div>", set->nselected);
    if (set->nshared) fmt(h, "<div><b>%zu</b><span>quote families</span></div>", set->nshared);
    if (set->nlinks) fmt(h, "<div><b>%zu</b><span>reuse links</span></div>", set->nlinks);
    size_t alerts = set->nconflicts + count_altered(set);
    if (alerts) fmt(h, "<div><b>%zu</b><span>alerts</span></div>", alerts);
    if (set->nratings) fmt(h, "<div><b>%zu</b><span>ratings</span></div>", set->nratings);
    raw(h, "</div>");
    fmt(h, "<p class=\"note\">%zu direct quotes, %zu partial quotes, %zu reported claims.",
        kinds[0], kinds[1], kinds[2]);
    if (!set->nshared && !set->nlinks)
        raw(h, " No quote is repeated in another article and no article reuse is recorded for "
               "this selection.");
    raw(h, "</p></section>\n");
}

/* ---- alerts ------------------------------------------------------------ */

/* An 'altered' conflict row already names this quote. */
static int flagged_altered(const qt_ex_set *set, int64_t quote_id)
{
    size_t first, n;
    qt_ex_conflicts_of(set, quote_id, &first, &n);
    for (size_t i = 0; i < n; i++) {
        const qt_ex_conflict *c = &set->conflicts[set->conf_index[first + i]];
        if (c->quote_id == quote_id && strcmp(c->kind, "altered") == 0) return 1;
    }
    return 0;
}

static void alerts(html *h)
{
    const qt_ex_set *set = h->set;
    if (!set->nconflicts && !count_altered(set)) return;
    raw(h, "<section id=\"alerts\"><h2>Alerts: attribution conflicts and altered quotes</h2>\n");
    for (size_t i = 0; i < set->nconflicts; i++) {
        const qt_ex_conflict *c = &set->conflicts[i];
        size_t a = qt_ex_quote_index(set, c->quote_id), b = qt_ex_quote_index(set, c->other_quote_id);
        raw(h, "<div class=\"alert-box\"><h3><span class=\"badge alert\">");
        text(h, c->kind);
        raw(h, strcmp(c->kind, "attribution") == 0 ? " conflict" : "");
        raw(h, "</span> ");
        text(h, c->detail ? c->detail : "");
        raw(h, "</h3><div class=\"pair\">");
        if (a != QT_EX_NONE) quote_card(h, &set->quotes[a]);
        if (b != QT_EX_NONE) quote_card(h, &set->quotes[b]);
        raw(h, "</div></div>\n");
    }
    /* Altered instances no conflict row covers: the parent next to the
     * changed wording. */
    for (size_t i = 0; i < set->nquotes; i++) {
        const qt_ex_quote *q = &set->quotes[i];
        if (!q->relation || strcmp(q->relation, "altered") != 0 ||
            qt_ex_family_index(set, q->family_id) == QT_EX_NONE || flagged_altered(set, q->quote_id))
            continue;
        size_t p = qt_ex_quote_index(set, q->parent_quote_id);
        fmt(h, "<div class=\"alert-box\"><h3><span class=\"badge alert\">altered quote</span> "
               "family <a href=\"#family-%lld\">%lld</a>, similarity %.0f%%</h3><div class=\"pair\">",
            (long long)q->family_id, (long long)q->family_id, q->similarity * 100.0);
        if (p != QT_EX_NONE) quote_card(h, &set->quotes[p]);
        raw(h, "<div><div class=\"meta\">");
        speaker_name(h, q);
        raw(h, "<br>");
        cite(h, &set->articles[q->article]);
        raw(h, "</div><blockquote>");
        diff_text(h, q);
        raw(h, "</blockquote></div></div></div>\n");
    }
    raw(h, "</section>\n");
}

/* ---- speakers ------------------------------------------------------------ */

typedef struct {
    int64_t id;
    size_t rank;
} speaker_rank;

static int by_id(const void *a, const void *b)
{
    const speaker_rank *x = a, *y = b;
    return (x->id > y->id) - (x->id < y->id);
}

static const size_t *sort_rank;

static int by_rank(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    if (sort_rank[x] != sort_rank[y]) return sort_rank[x] < sort_rank[y] ? -1 : 1;
    return (x > y) - (x < y);
}

static void quote_item(html *h, size_t qi)
{
    const qt_ex_set *set = h->set;
    const qt_ex_quote *q = &set->quotes[qi];
    fmt(h, "<li class=\"quote k-%s\" id=\"q-%lld\"><blockquote>", q->kind, (long long)q->quote_id);
    text(h, q->text);
    fmt(h, "</blockquote><div class=\"meta\"><span class=\"badge k-%s\">", q->kind);
    text(h, strcmp(q->kind, "indirect") == 0 ? "reported claim" : q->kind);
    raw(h, "</span>");
    if (q->has_mention && q->mention_text) {
        raw(h, " as \xE2\x80\x9C");
        text(h, q->mention_text);
        raw(h, "\xE2\x80\x9D,");
    }
    if (q->has_cue && q->cue_text) {
        raw(h, " cue \xE2\x80\x9C");
        text(h, q->cue_text);
        raw(h, "\xE2\x80\x9D,");
    }
    fmt(h, " confidence %.2f", q->confidence);
    if (qt_ex_shared_family(set, q->family_id)) {
        fmt(h, " \xC2\xB7 <a href=\"#family-%lld\">family %lld</a> <span class=\"badge rel-",
            (long long)q->family_id, (long long)q->family_id);
        text(h, q->relation ? q->relation : "");
        raw(h, "\">");
        text(h, q->relation ? q->relation : "");
        raw(h, "</span>");
    }
    size_t cfirst, cn;
    qt_ex_conflicts_of(set, q->quote_id, &cfirst, &cn);
    for (size_t c = 0; c < cn; c++) {
        raw(h, " <a class=\"badge alert\" href=\"#alerts\">");
        text(h, set->conflicts[set->conf_index[cfirst + c]].kind);
        raw(h, " conflict</a>");
    }
    size_t r = qt_ex_rating_index(set, q->quote_id);
    for (; r != QT_EX_NONE && r < set->nratings && set->ratings[r].quote_id == q->quote_id; r++) {
        const qt_ex_rating *rt = &set->ratings[r];
        raw(h, " <span class=\"badge rating\">rated ");
        text(h, rt->rating);
        if (rt->reviewer) {
            raw(h, " by ");
            text(h, rt->reviewer);
        }
        raw(h, "</span>");
        if (safe_url(rt->url)) {
            raw(h, " <a href=\"");
            text(h, rt->url);
            raw(h, "\">fact-check</a>");
        }
        if (rt->note) {
            raw(h, " ");
            text(h, rt->note);
        }
    }
    /* Where it was printed: every current article carrying the text. */
    size_t first, n;
    qt_ex_carriers(set, q->text_id, &first, &n);
    raw(h, "</div><div class=\"carriers\">");
    if (n <= 1) {
        raw(h, "Printed by ");
        cite(h, n ? &set->articles[set->by_text[first]] : &set->articles[q->article]);
    } else {
        fmt(h, "Printed by %zu articles:<ul>", n);
        for (size_t i = 0; i < n; i++) {
            raw(h, "<li>");
            cite(h, &set->articles[set->by_text[first + i]]);
            raw(h, "</li>");
        }
        raw(h, "</ul>");
    }
    raw(h, "</div></li>\n");
}

static void speakers(html *h)
{
    const qt_ex_set *set = h->set;
    if (!set->nselected) {
        raw(h, "<section id=\"speakers\"><h2>Speakers</h2><p>No quotes match this selection.</p></section>\n");
        return;
    }
    speaker_rank *ranks = malloc((set->nspeakers + 1) * sizeof *ranks);
    size_t *idx = malloc(set->nselected * sizeof *idx), *rank = malloc(set->nquotes * sizeof *rank);
    if (!ranks || !idx || !rank) {
        free(ranks);
        free(idx);
        free(rank);
        h->oom = 1;
        return;
    }
    for (size_t i = 0; i < set->nspeakers; i++) {
        ranks[i].id = set->speakers[i].speaker_id;
        ranks[i].rank = i;
    }
    qsort(ranks, set->nspeakers, sizeof *ranks, by_id);
    for (size_t i = 0; i < set->nselected; i++) {
        speaker_rank key = {set->quotes[i].speaker_id, 0}, *hit;
        hit = bsearch(&key, ranks, set->nspeakers, sizeof *ranks, by_id);
        rank[i] = hit ? hit->rank : set->nspeakers;
        idx[i] = i;
    }
    sort_rank = rank;
    qsort(idx, set->nselected, sizeof *idx, by_rank);
    sort_rank = NULL;
    raw(h, "<section id=\"speakers\"><h2>Speakers and what they said</h2>\n");
    size_t cur = (size_t)-1;
    for (size_t k = 0; k < set->nselected; k++) {
        size_t qi = idx[k];
        if (rank[qi] != cur) {
            if (cur != (size_t)-1) raw(h, "</ol></article>\n");
            cur = rank[qi];
            const qt_ex_speaker *sp = cur < set->nspeakers ? &set->speakers[cur] : NULL;
            if (sp && sp->speaker_id) fmt(h, "<article id=\"speaker-%lld\"><h3>", (long long)sp->speaker_id);
            else raw(h, "<article id=\"speaker-none\"><h3>");
            text(h, sp && sp->name ? sp->name : "Unattributed");
            if (sp && sp->kind) {
                raw(h, " <span class=\"badge\">");
                text(h, sp->kind);
                raw(h, "</span>");
            }
            fmt(h, " <span class=\"note\">%zu quote%s</span></h3>", sp ? sp->quotes : 0,
                sp && sp->quotes == 1 ? "" : "s");
            if (sp && sp->title) {
                raw(h, "<p class=\"note\">");
                text(h, sp->title);
                raw(h, "</p>");
            }
            raw(h, "<ol class=\"quotes\">\n");
        }
        quote_item(h, qi);
    }
    if (cur != (size_t)-1) raw(h, "</ol></article>\n");
    raw(h, "</section>\n");
    free(ranks);
    free(idx);
    free(rank);
}

/* ---- families ------------------------------------------------------------ */

static void family(html *h, size_t f)
{
    const qt_ex_set *set = h->set;
    const qt_ex_family *fam = &set->families[f];
    size_t first, n;
    qt_ex_members(set, f, &first, &n);
    fmt(h, "<article id=\"family-%lld\"><h3>Family %lld", (long long)fam->family_id,
        (long long)fam->family_id);
    if (n && set->quotes[set->by_family[first]].speaker) {
        raw(h, " \xE2\x80\x94 ");
        text(h, set->quotes[set->by_family[first]].speaker);
    }
    fmt(h, " <span class=\"note\">%zu instance%s</span></h3><p class=\"note\">", n, n == 1 ? "" : "s");
    text_cut(h, fam->label, 300);
    raw(h, "</p>\n");
    /* The tree: parent instance -> instance. */
    qt_svg_node *nodes = calloc(n + 1, sizeof *nodes);
    qt_svg_edge *edges = calloc(n + 1, sizeof *edges);
    char (*lines)[3][160] = calloc(n + 1, sizeof *lines);
    char (*hrefs)[32] = calloc(n + 1, sizeof *hrefs);
    char (*cls)[40] = calloc(n + 1, sizeof *cls);
    if (!nodes || !edges || !lines || !hrefs || !cls) {
        h->oom = 1;
    } else {
        size_t m = 0;
        for (size_t i = 0; i < n; i++) {
            const qt_ex_quote *q = &set->quotes[set->by_family[first + i]];
            const char *rel = q->relation ? q->relation : "";
            if (q->parent_quote_id) snprintf(lines[i][0], 160, "%.24s %.0f%%", rel, q->similarity * 100.0);
            else snprintf(lines[i][0], 160, "%.24s", rel);
            qt_ex_article_label(&set->articles[q->article], lines[i][1], 160);
            int len = (int)qt_ex_cut(q->text, 60, NULL);
            snprintf(lines[i][2], 160, "\xE2\x80\x9C%.*s", len, q->text);
            snprintf(hrefs[i], 32, "#fm-%lld", (long long)q->quote_id);
            snprintf(cls[i], 40, "rel-%.30s%s", rel, q->in_scope ? "" : " context");
            nodes[i] = (qt_svg_node){{lines[i][0], lines[i][1], lines[i][2]}, cls[i], hrefs[i]};
            for (size_t j = 0; q->parent_quote_id && j < n; j++)
                if (set->quotes[set->by_family[first + j]].quote_id == q->parent_quote_id)
                    edges[m++] = (qt_svg_edge){j, i, rel, strcmp(rel, "altered") == 0 ? "altered" : ""};
        }
        qt_status st = qt_ex_svg_graph(h->out, ++h->graphs, fam->label ? fam->label : "quote family",
                                       nodes, n, edges, m, h->err);
        if (st == QT_ERR_NOMEM) h->oom = 1;
        else if (st != QT_OK) h->bad = 1;
    }
    free(nodes);
    free(edges);
    free(lines);
    free(hrefs);
    free(cls);
    raw(h, "<table><tr><th>relation</th><th>similarity</th><th>speaker and article</th>"
           "<th>wording (<del>dropped</del> <ins>added</ins> against its parent)</th></tr>\n");
    for (size_t i = 0; i < n; i++) {
        const qt_ex_quote *q = &set->quotes[set->by_family[first + i]];
        fmt(h, "<tr id=\"fm-%lld\"><td><span class=\"badge rel-", (long long)q->quote_id);
        text(h, q->relation ? q->relation : "");
        raw(h, "\">");
        text(h, q->relation ? q->relation : "");
        fmt(h, "</span></td><td>%.0f%%</td><td>", q->similarity * 100.0);
        speaker_name(h, q);
        raw(h, "<br>");
        cite(h, &set->articles[q->article]);
        if (q->in_scope) fmt(h, " <a href=\"#q-%lld\">\xE2\x86\x97</a>", (long long)q->quote_id);
        raw(h, "</td><td>");
        if (q->parent_quote_id) diff_text(h, q);
        else text(h, q->text);
        raw(h, "</td></tr>\n");
    }
    raw(h, "</table></article>\n");
}

static void families(html *h)
{
    if (!h->set->nshared) return;
    raw(h, "<section id=\"families\"><h2>Quote families</h2>"
           "<p class=\"note\">Instances of the same quote across articles; each is compared with the "
           "instance it most likely came from.</p>\n");
    for (size_t f = 0; f < h->set->nfamilies && !h->bad && !h->oom; f++)
        if (h->set->families[f].members >= 2) family(h, f);
    raw(h, "</section>\n");
}

/* ---- reuse and provenance -------------------------------------------------- */

static void bar(html *h, double v)
{
    double pct = v < 0 ? 0 : v > 1 ? 100 : v * 100.0;
    fmt(h, "<span class=\"bar\"><span style=\"width:%.0f%%\"></span></span>%.0f%%", pct, pct);
}

/* Who takes from whom: the reuse links counted by outlet pair. */
static void outlet_summary(html *h)
{
    qt_ex_outlet_pair *p;
    size_t n;
    if (qt_ex_outlet_pairs(h->set, &p, &n) != 0) {
        h->oom = 1;
        return;
    }
    if (!n) return;
    raw(h, "<h3>By outlet</h3><table><tr><th>source outlet</th><th>derived outlet</th>"
           "<th>pairs</th><th>whole</th><th>partial</th><th>primary</th>"
           "<th>mean coverage of derived</th></tr>\n");
    for (size_t i = 0; i < n; i++) {
        raw(h, "<tr><td>");
        text(h, p[i].source_outlet ? p[i].source_outlet : "(unknown outlet)");
        raw(h, "</td><td>");
        text(h, p[i].derived_outlet ? p[i].derived_outlet : "(unknown outlet)");
        fmt(h, "</td><td>%zu</td><td>%zu</td><td>%zu</td><td>%zu</td><td>", p[i].pairs,
            p[i].whole, p[i].partial, p[i].primary);
        bar(h, p[i].coverage_sum / (double)p[i].pairs);
        raw(h, "</td></tr>\n");
    }
    raw(h, "</table><p class=\"note\">whole: verbatim, wholly derived or a copy of the same "
           "text; partial: some passages taken.</p>\n<h3>Pairs</h3>");
    free(p);
}

static void reuse(html *h)
{
    const qt_ex_set *set = h->set;
    if (!set->nlinks) return;
    raw(h, "<section id=\"reuse\"><h2>Article reuse</h2>");
    outlet_summary(h);
    raw(h, "<table><tr><th>source (earlier)</th><th>derived</th><th>relation</th>"
           "<th>coverage of derived</th><th>of source</th><th>passages</th></tr>\n");
    for (size_t i = 0; i < set->nlinks; i++) {
        const qt_ex_link *k = &set->links[i];
        raw(h, "<tr><td>");
        cite(h, &set->articles[k->source]);
        raw(h, "</td><td>");
        cite(h, &set->articles[k->derived]);
        raw(h, "</td><td><b>");
        text(h, k->relation ? k->relation : "");
        raw(h, "</b>");
        if (k->primary) raw(h, "<br><span class=\"badge\">primary source</span>");
        if (!k->dated) raw(h, "<br><span class=\"note\">undated: order of ingest</span>");
        raw(h, "</td><td>");
        bar(h, k->coverage);
        raw(h, "</td><td>");
        bar(h, k->source_coverage);
        fmt(h, "</td><td>%ld", k->passages);
        if (k->shown) {
            raw(h, "<details><summary>show</summary>");
            for (size_t p = 0; p < k->shown; p++) {
                const qt_ex_passage *ps = &k->passage[p];
                fmt(h, "<div class=\"note\">source %zu\xE2\x80\x93%zu, derived %zu\xE2\x80\x93%zu "
                       "(code points), %ld words</div><div class=\"excerpt\">",
                    ps->source_char_start, ps->source_char_end, ps->derived_char_start,
                    ps->derived_char_end, ps->words);
                /* What the derived article has, the source's changed words
                 * marked (the first 400 bytes or so of a long passage). */
                diff_markup(h, ps->diff, ps->derived_text ? ps->derived_text : "", 400);
                raw(h, "</div>");
            }
            raw(h, "</details>");
        }
        raw(h, "</td></tr>\n");
    }
    raw(h, "</table></section>\n");
}

static size_t find_root(size_t *parent, size_t i)
{
    while (parent[i] != i) i = parent[i] = parent[parent[i]];
    return i;
}

static const size_t *sort_root;

static int by_root(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    if (sort_root[x] != sort_root[y]) return sort_root[x] < sort_root[y] ? -1 : 1;
    return (x > y) - (x < y);
}

static const qt_ex_link *sort_links;

static int link_by_root(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    size_t rx = sort_root[sort_links[x].source], ry = sort_root[sort_links[y].source];
    if (rx != ry) return rx < ry ? -1 : 1;
    return (x > y) - (x < y);
}

/* One chain: the articles order[0..n) and the links lorder[0..nl) of one
 * component. */
static void chain_graph(html *h, const size_t *order, size_t n, const size_t *lorder, size_t nl,
                        size_t *slot, size_t chain)
{
    const qt_ex_set *set = h->set;
    qt_svg_node nodes[QT_EX_SVG_MAX_NODES];
    char lines[QT_EX_SVG_MAX_NODES][3][200], hrefs[QT_EX_SVG_MAX_NODES][32];
    size_t shown = n <= QT_EX_SVG_MAX_NODES ? n : 0;
    for (size_t k = 0; k < shown; k++) {
        const qt_ex_article *a = &set->articles[order[k]];
        slot[order[k]] = k;
        qt_ex_article_label(a, lines[k][0], 200);
        size_t len = strlen(a->doc);
        const char *doc = len > 29 ? a->doc + len - 29 : a->doc;
        while (((unsigned char)*doc & 0xC0) == 0x80) doc++;
        snprintf(lines[k][1], 200, "%s%s", len > 29 ? "\xE2\x80\xA6" : "", doc);
        int tl = a->title ? (int)qt_ex_cut(a->title, 60, NULL) : 0;
        if (a->title) snprintf(lines[k][2], 200, "%.*s", tl, a->title);
        else if (a->revision > 1) snprintf(lines[k][2], 200, "revision %d", a->revision);
        else lines[k][2][0] = '\0';
        snprintf(hrefs[k], 32, "#art-%lld", (long long)a->article_id);
        nodes[k] = (qt_svg_node){{lines[k][0], lines[k][1], lines[k][2][0] ? lines[k][2] : NULL},
                                 a->in_scope ? "" : "context", hrefs[k]};
    }
    qt_svg_edge *edges = calloc(nl + 1, sizeof *edges);
    char (*labels)[64] = calloc(nl + 1, sizeof *labels);
    if (!edges || !labels) {
        h->oom = 1;
    } else {
        size_t m = 0;
        for (size_t i = 0; shown && i < nl; i++) {
            const qt_ex_link *k = &set->links[lorder[i]];
            if (k->type == QT_LINK_REUSE)
                snprintf(labels[m], 64, "%.16s %.0f%%", k->relation ? k->relation : "", k->coverage * 100.0);
            else
                snprintf(labels[m], 64, "%s", k->relation);
            const char *cls = k->type == QT_LINK_COPY       ? "copy"
                              : k->type == QT_LINK_REVISION ? "revision"
                              : k->primary                  ? "primary"
                                                            : "secondary";
            edges[m] = (qt_svg_edge){slot[k->source], slot[k->derived], labels[m], cls};
            m++;
        }
        fmt(h, "<h3>Chain %zu <span class=\"note\">%zu articles</span></h3>\n", chain, n);
        qt_status st = qt_ex_svg_graph(h->out, ++h->graphs, "provenance chain", nodes, n, edges, m, h->err);
        if (st == QT_ERR_NOMEM) h->oom = 1;
        else if (st != QT_OK) h->bad = 1;
    }
    free(edges);
    free(labels);
}

static void provenance(html *h)
{
    const qt_ex_set *set = h->set;
    if (!set->nlinks) return;
    size_t na = set->narticles;
    size_t *root = malloc(na * sizeof *root), *slot = malloc(na * sizeof *slot);
    size_t *order = malloc(na * sizeof *order), *lorder = malloc(set->nlinks * sizeof *lorder);
    char *linked = calloc(na, 1);
    if (!root || !slot || !order || !lorder || !linked) {
        h->oom = 1;
        goto done;
    }
    /* Connected components of the links (union-find), then the linked
     * articles grouped by component: one drawing per chain, in time linear
     * in the articles whatever their number. */
    for (size_t i = 0; i < na; i++) root[i] = i;
    for (size_t i = 0; i < set->nlinks; i++) {
        size_t a = find_root(root, set->links[i].source), b = find_root(root, set->links[i].derived);
        if (a != b) root[a] = b;
        linked[set->links[i].source] = linked[set->links[i].derived] = 1;
    }
    size_t n = 0;
    for (size_t i = 0; i < na; i++) {
        root[i] = find_root(root, i);
        if (linked[i]) order[n++] = i;
    }
    for (size_t i = 0; i < set->nlinks; i++) lorder[i] = i;
    sort_root = root;
    sort_links = set->links;
    qsort(order, n, sizeof *order, by_root);
    qsort(lorder, set->nlinks, sizeof *lorder, link_by_root);
    sort_root = NULL;
    sort_links = NULL;
    raw(h, "<section id=\"provenance\"><h2>Provenance chains</h2><p class=\"note\">Articles as "
           "boxes, earliest on the left; bold arrows lead to a primary source or a verbatim copy, "
           "dashed ones to other reuse.</p>\n");
    size_t chain = 0, lstart = 0;
    for (size_t start = 0; start < n && !h->bad && !h->oom;) {
        size_t end = start, r = root[order[start]], lend = lstart;
        while (end < n && root[order[end]] == r) end++;
        while (lend < set->nlinks && root[set->links[lorder[lend]].source] == r) lend++;
        chain_graph(h, order + start, end - start, lorder + lstart, lend - lstart, slot, ++chain);
        start = end;
        lstart = lend;
    }
    raw(h, "</section>\n");
done:
    free(root);
    free(slot);
    free(order);
    free(lorder);
    free(linked);
}

/* ---- articles and the page ----------------------------------------------- */

static void articles(html *h)
{
    const qt_ex_set *set = h->set;
    raw(h, "<section id=\"articles\"><h2>Articles</h2><table><tr><th>published</th><th>outlet</th>"
           "<th>document</th><th>title</th><th>quotes</th><th></th></tr>\n");
    /* Those in scope in publication order, then the ones shown as context. */
    for (size_t i = 0; i < set->narticles; i++) {
        const qt_ex_article *a = &set->articles[i];
        fmt(h, "<tr id=\"art-%lld\"><td>", (long long)a->article_id);
        text(h, a->published ? a->published : "undated");
        raw(h, "</td><td>");
        text(h, a->outlet ? a->outlet : "\xE2\x80\x93");
        raw(h, "</td><td><code>");
        text(h, a->doc);
        raw(h, "</code></td><td>");
        if (safe_url(a->url)) {
            raw(h, "<a href=\"");
            text(h, a->url);
            raw(h, "\">");
            text_cut(h, a->title ? a->title : a->url, 100);
            raw(h, "</a>");
        } else {
            text_cut(h, a->title ? a->title : "", 100);
        }
        fmt(h, "</td><td>%ld</td><td class=\"note\">", a->quotes);
        if (!a->in_scope) raw(h, "context ");
        if (a->revision > 1) fmt(h, "revision %d ", a->revision);
        if (!a->is_current) raw(h, "superseded ");
        if (a->copies > 0) fmt(h, "%d cop%s", a->copies, a->copies == 1 ? "y" : "ies");
        raw(h, "</td></tr>\n");
    }
    raw(h, "</table></section>\n");
}

qt_status qt_ex_html(const qt_ex_set *set, FILE *out, qt_error *err)
{
    html h = {.set = set, .out = out, .err = err};
    raw(&h, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            /* Nothing may load or run: the file is all there is. */
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
            "style-src 'unsafe-inline'; img-src data:\">\n"
            "<meta name=\"generator\" content=\"quotetrack\">\n<title>");
    text(&h, set->title);
    raw(&h, "</title>\n<style>\n");
    raw(&h, qt_ex_report_css);
    raw(&h, "</style>\n</head>\n<body>\n<header class=\"top\"><h1>");
    text(&h, set->title);
    raw(&h, "</h1><p>Generated by quotetrack on ");
    text(&h, set->generated_at);
    filters_line(&h);
    raw(&h, "</p></header>\n<nav><a href=\"#summary\">Summary</a>");
    if (set->nconflicts || count_altered(set)) raw(&h, "<a href=\"#alerts\">Alerts</a>");
    raw(&h, "<a href=\"#speakers\">Speakers</a>");
    if (set->nshared) raw(&h, "<a href=\"#families\">Quote families</a>");
    if (set->nlinks) raw(&h, "<a href=\"#reuse\">Reuse</a><a href=\"#provenance\">Provenance</a>");
    raw(&h, "<a href=\"#articles\">Articles</a></nav>\n<main>\n");
    summary(&h);
    alerts(&h);
    speakers(&h);
    families(&h);
    reuse(&h);
    provenance(&h);
    articles(&h);
    raw(&h, "</main>\n<footer>Offsets are code points in the normalised article text. Quotes, "
            "speakers and relations were found automatically: check them against the articles "
            "before publishing.</footer>\n</body>\n</html>\n");
    if (h.oom) return qt_ex_nomem(err);
    return h.bad ? qt_ex_write_failed(err) : QT_OK;
}
