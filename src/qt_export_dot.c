/*
 * qt_export_dot.c - the provenance graph for Graphviz: articles (boxes) and
 * quote instances (notes) as nodes; edges from an article to the quotes it
 * prints, between articles for reuse (source -> derived, labelled with the
 * relation and coverage; primary sources drawn bold), verbatim copies and
 * revisions, and between quote instances of a family (parent -> instance,
 * labelled with the relation and similarity; altered ones in red).  Each
 * family is a cluster.  `dot -Tsvg` renders it.
 */
#include "qt_export_int.h"

#include <string.h>

/* Writes s as the inside of a DOT double-quoted string, at most max code
 * points (an ellipsis marks a cut).  Backslashes and quotes are escaped so
 * article text can neither end the string nor become an escape sequence
 * such as \N or \G; line breaks become spaces. */
static int dot_text(FILE *out, const char *s, size_t max)
{
    int cut = 0;
    size_t n = s ? qt_ex_cut(s, max, &cut) : 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') {
            if (putc('\\', out) == EOF || putc(c, out) == EOF) return -1;
        } else if (c < 0x20 || c == 0x7f) {
            if (putc(' ', out) == EOF) return -1;
        } else if (putc(c, out) == EOF) {
            return -1;
        }
    }
    return cut && fputs("\xE2\x80\xA6", out) == EOF ? -1 : 0;
}

/* A line break inside a label. */
static int dot_nl(FILE *out)
{
    return fputs("\\n", out) == EOF ? -1 : 0;
}

static int article_node(FILE *out, const qt_ex_article *a)
{
    char label[160];
    qt_ex_article_label(a, label, sizeof label);
    const char *doc = a->doc;
    size_t len = strlen(doc);
    /* The end of a long path tells documents apart. */
    if (len > 48) {
        doc += len - 45;
        while (((unsigned char)*doc & 0xC0) == 0x80) doc++;
    }
    int bad = fprintf(out, "  a%lld [shape=box, style=\"rounded,filled\", fillcolor=\"%s\", label=\"",
                      (long long)a->article_id, a->in_scope ? "#dbe7f5" : "#f0f0f0") < 0 ||
              dot_text(out, label, 80) || dot_nl(out) ||
              (len > 48 && fputs("\xE2\x80\xA6", out) == EOF) || dot_text(out, doc, 48);
    if (!bad && a->title) bad = dot_nl(out) || dot_text(out, a->title, 40);
    if (!bad && a->revision > 1)
        bad = fprintf(out, "\\nrevision %d%s", a->revision, a->is_current ? "" : " (superseded)") < 0;
    return bad || fputs("\"];\n", out) == EOF ? -1 : 0;
}

static int quote_node(FILE *out, const qt_ex_quote *q)
{
    int bad = fprintf(out, "    q%lld [shape=note, style=filled, fillcolor=\"%s\", label=\"",
                      (long long)q->quote_id,
                      q->relation && strcmp(q->relation, "altered") == 0 ? "#fde2e1"
                      : q->in_scope                                      ? "#fff8dc"
                                                                         : "#f5f5f5") < 0 ||
              dot_text(out, q->speaker ? q->speaker : "unknown speaker", 40) ||
              fprintf(out, " (%s)", q->kind) < 0 || dot_nl(out) ||
              fputs("\xE2\x80\x9C", out) == EOF || dot_text(out, q->text, 70) ||
              fputs("\xE2\x80\x9D", out) == EOF;
    return bad || fputs("\"];\n", out) == EOF ? -1 : 0;
}

static int link_edge(FILE *out, const qt_ex_set *set, const qt_ex_link *k)
{
    const qt_ex_article *s = &set->articles[k->source], *d = &set->articles[k->derived];
    char label[96];
    if (k->type == QT_LINK_REUSE)
        snprintf(label, sizeof label, "%.20s %.0f%%%s%s", k->relation ? k->relation : "reuse",
                 k->coverage * 100.0, k->primary ? " (primary)" : "", k->dated ? "" : " undated");
    else
        snprintf(label, sizeof label, "%s", k->relation);
    int bad = fprintf(out, "  a%lld -> a%lld [label=\"", (long long)s->article_id,
                      (long long)d->article_id) < 0 ||
              dot_text(out, label, 60) ||
              fprintf(out, "\", color=\"%s\", penwidth=%s%s];\n",
                      k->type == QT_LINK_REVISION ? "#6a5acd" : "#1f4e8c",
                      k->primary || k->type == QT_LINK_COPY ? "2.2" : "1",
                      k->primary || k->type != QT_LINK_REUSE ? "" : ", style=dashed") < 0;
    return bad ? -1 : 0;
}

qt_status qt_ex_dot(const qt_ex_set *set, FILE *out, qt_error *err)
{
    int bad = fputs("digraph quotetrack {\n", out) == EOF ||
              fputs("  graph [rankdir=LR, fontname=\"Helvetica\", labelloc=t, label=\"", out) == EOF ||
              dot_text(out, set->title, 120) ||
              fprintf(out, " (%zu quotes, %zu articles)\"];\n", set->nselected, set->narticles) < 0 ||
              fputs("  node [fontname=\"Helvetica\", fontsize=10];\n"
                    "  edge [fontname=\"Helvetica\", fontsize=9];\n",
                    out) == EOF;
    for (size_t i = 0; !bad && i < set->narticles; i++) bad = article_node(out, &set->articles[i]);
    /* Family members inside one cluster per family; other quotes loose. */
    for (size_t f = 0; !bad && f < set->nfamilies; f++) {
        size_t first, n;
        qt_ex_members(set, f, &first, &n);
        if (n < 2) continue; /* a quote no other article repeats */
        bad = fprintf(out, "  subgraph cluster_family_%lld {\n    label=\"family %lld: ",
                      (long long)set->families[f].family_id,
                      (long long)set->families[f].family_id) < 0 ||
              dot_text(out, set->families[f].label, 50) ||
              fputs("\";\n    style=\"rounded,dashed\"; color=\"#999999\";\n", out) == EOF;
        for (size_t i = 0; !bad && i < n; i++)
            bad = quote_node(out, &set->quotes[set->by_family[first + i]]);
        if (!bad) bad = fputs("  }\n", out) == EOF;
    }
    for (size_t i = 0; !bad && i < set->nquotes; i++) {
        const qt_ex_quote *q = &set->quotes[i];
        if (qt_ex_shared_family(set, q->family_id)) continue;
        bad = quote_node(out, q);
    }
    /* Article -> the quotes it prints. */
    for (size_t i = 0; !bad && i < set->nquotes; i++) {
        const qt_ex_quote *q = &set->quotes[i];
        bad = fprintf(out, "  a%lld -> q%lld [label=\"quotes\", style=dotted, color=\"#888888\"];\n",
                      (long long)set->articles[q->article].article_id,
                      (long long)q->quote_id) < 0;
    }
    for (size_t i = 0; !bad && i < set->nlinks; i++) bad = link_edge(out, set, &set->links[i]);
    /* Quote family: parent instance -> instance. */
    for (size_t i = 0; !bad && i < set->nquotes; i++) {
        const qt_ex_quote *q = &set->quotes[i];
        if (!q->family_id || !q->parent_quote_id ||
            qt_ex_quote_index(set, q->parent_quote_id) == QT_EX_NONE)
            continue;
        int altered = q->relation && strcmp(q->relation, "altered") == 0;
        char label[64];
        snprintf(label, sizeof label, "%.20s %.2f", q->relation ? q->relation : "", q->similarity);
        bad = fprintf(out, "  q%lld -> q%lld [label=\"", (long long)q->parent_quote_id,
                      (long long)q->quote_id) < 0 ||
              dot_text(out, label, 40) ||
              fprintf(out, "\", color=\"%s\"%s];\n", altered ? "#c0392b" : "#2e7d32",
                      altered ? ", penwidth=2" : "") < 0;
    }
    /* Conflicts between two quotes (an altered quote already has its red
     * family edge). */
    for (size_t i = 0; !bad && i < set->nconflicts; i++) {
        const qt_ex_conflict *c = &set->conflicts[i];
        if (!c->other_quote_id || strcmp(c->kind, "altered") == 0 ||
            qt_ex_quote_index(set, c->quote_id) == QT_EX_NONE ||
            qt_ex_quote_index(set, c->other_quote_id) == QT_EX_NONE)
            continue;
        bad = fprintf(out, "  q%lld -> q%lld [label=\"", (long long)c->other_quote_id,
                      (long long)c->quote_id) < 0 ||
              dot_text(out, c->kind, 20) ||
              fputs(" conflict\", color=\"#c0392b\", style=dashed, dir=both];\n", out) == EOF;
    }
    if (!bad) bad = fputs("}\n", out) == EOF;
    return bad ? qt_ex_write_failed(err) : QT_OK;
}
