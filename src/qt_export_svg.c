/*
 * qt_export_svg.c - HTML escaping and small directed graphs drawn as inline
 * SVG for the HTML report (provenance chains, quote family trees), laid out
 * here so the report needs nothing but the file itself.
 *
 * Layout: nodes are ranked by the longest path from a node without
 * predecessors (edges point from earlier to later, so chains read left to
 * right), ranks become columns, and each column is ordered by the mean row
 * of its predecessors so edges cross less.  A cycle (bad data) cannot loop:
 * ranks stop growing after n rounds.
 */
#include "qt_export_int.h"

#include <stdlib.h>
#include <string.h>

int qt_ex_html_text(FILE *out, const char *s, size_t max_cp)
{
    if (!s) return 0;
    int cut = 0;
    size_t n = max_cp == (size_t)-1 ? strlen(s) : qt_ex_cut(s, max_cp, &cut);
    const char *run = s;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        const char *rep = NULL;
        switch (c) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        default:
            /* Control characters are not allowed in HTML text; a space keeps
             * the words apart. */
            if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f) rep = " ";
        }
        if (!rep) continue;
        size_t len = (size_t)(s + i - run);
        if (fwrite(run, 1, len, out) != len || fputs(rep, out) == EOF) return -1;
        run = s + i + 1;
    }
    size_t len = (size_t)(s + n - run);
    if (fwrite(run, 1, len, out) != len) return -1;
    return cut && fputs("\xE2\x80\xA6", out) == EOF ? -1 : 0;
}

#define NODE_W 216
#define NODE_H 58
#define COL_GAP 118
#define ROW_GAP 20
#define MARGIN 14
#define ARC 40          /* height of an edge arcing over skipped columns */
#define LINE_CP 32      /* code points per node line at 11px */

typedef struct {
    size_t rank, row;
    double key;
} place;

static const place *sort_places;

static int by_rank_key(const void *a, const void *b)
{
    const place *x = &sort_places[*(const size_t *)a], *y = &sort_places[*(const size_t *)b];
    if (x->rank != y->rank) return x->rank < y->rank ? -1 : 1;
    if (x->key != y->key) return x->key < y->key ? -1 : 1;
    return (*(const size_t *)a > *(const size_t *)b) - (*(const size_t *)a < *(const size_t *)b);
}

qt_status qt_ex_svg_graph(FILE *out, unsigned long id, const char *title, const qt_svg_node *nodes,
                          size_t n, const qt_svg_edge *edges, size_t m, qt_error *err)
{
    if (n == 0) return QT_OK;
    if (n > QT_EX_SVG_MAX_NODES) {
        int bad = fprintf(out, "<p class=\"note\">%zu nodes: too many to draw; see the tables.</p>\n", n) < 0;
        return bad ? qt_ex_write_failed(err) : QT_OK;
    }
    place *p = calloc(n, sizeof *p);
    size_t *order = malloc(n * sizeof *order);
    size_t *per_rank = calloc(n + 1, sizeof *per_rank);
    if (!p || !order || !per_rank) {
        free(p);
        free(order);
        free(per_rank);
        return qt_ex_nomem(err);
    }
    /* Longest-path ranks, capped at n - 1 so a cycle ends. */
    for (size_t round = 0; round < n; round++) {
        int changed = 0;
        for (size_t e = 0; e < m; e++) {
            size_t a = edges[e].from, b = edges[e].to;
            if (a >= n || b >= n || a == b) continue;
            if (p[b].rank < p[a].rank + 1 && p[a].rank + 1 < n) {
                p[b].rank = p[a].rank + 1;
                changed = 1;
            }
        }
        if (!changed) break;
    }
    size_t ranks = 0;
    for (size_t i = 0; i < n; i++) {
        order[i] = i;
        p[i].key = (double)i;
        if (p[i].rank + 1 > ranks) ranks = p[i].rank + 1;
    }
    /* Rows: rank 0 in input order, then each rank by the mean row of its
     * predecessors (one sweep, left to right). */
    sort_places = p;
    for (size_t r = 0; r < ranks; r++) {
        if (r > 0) {
            for (size_t i = 0; i < n; i++) {
                if (p[i].rank != r) continue;
                double sum = 0;
                size_t cnt = 0;
                for (size_t e = 0; e < m; e++) {
                    if (edges[e].to != i || edges[e].from >= n || p[edges[e].from].rank >= r) continue;
                    sum += (double)p[edges[e].from].row;
                    cnt++;
                }
                p[i].key = cnt ? sum / (double)cnt + (double)i * 1e-6 : 1e6 + (double)i;
            }
        }
        qsort(order, n, sizeof *order, by_rank_key);
        size_t row = 0;
        for (size_t k = 0; k < n; k++)
            if (p[order[k]].rank == r) p[order[k]].row = row++;
        per_rank[r] = row;
    }
    sort_places = NULL;
    size_t rows = 1;
    for (size_t r = 0; r < ranks; r++)
        if (per_rank[r] > rows) rows = per_rank[r];
    /* An edge that skips a column arcs over the nodes between: room above. */
    int top = MARGIN;
    for (size_t e = 0; e < m; e++)
        if (edges[e].from < n && edges[e].to < n && p[edges[e].to].rank > p[edges[e].from].rank + 1)
            top = MARGIN + ARC;
    int width = MARGIN * 2 + (int)ranks * NODE_W + (int)(ranks - 1) * COL_GAP;
    int height = top + MARGIN + (int)rows * (NODE_H + ROW_GAP) - ROW_GAP;
#define NX(i) (MARGIN + (int)p[i].rank * (NODE_W + COL_GAP))
#define NY(i)                                                                              \
    (top + (int)p[i].row * (NODE_H + ROW_GAP) +                                         \
     (int)(rows - per_rank[p[i].rank]) * (NODE_H + ROW_GAP) / 2)
    int bad = fprintf(out, "<svg class=\"graph\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
                           "height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"",
                      width, height, width, height) < 0 ||
              qt_ex_html_text(out, title, 200) || fputs("\"><title>", out) == EOF ||
              qt_ex_html_text(out, title, 200) ||
              fprintf(out, "</title><defs><marker id=\"arrow-%lu\" viewBox=\"0 0 10 10\" refX=\"10\" "
                           "refY=\"5\" markerWidth=\"9\" markerHeight=\"9\" markerUnits=\"userSpaceOnUse\" orient=\"auto-start-reverse\">"
                           "<path d=\"M0,0 L10,5 L0,10 z\" class=\"arrowhead\"/></marker></defs>\n",
                      id) < 0;
    for (size_t e = 0; !bad && e < m; e++) {
        size_t a = edges[e].from, b = edges[e].to;
        if (a >= n || b >= n) continue;
        int x1 = NX(a) + NODE_W, y1 = NY(a) + NODE_H / 2, x2 = NX(b), y2 = NY(b) + NODE_H / 2;
        if (x2 <= x1) { /* same or earlier column: leave from the bottom */
            x1 = NX(a) + NODE_W / 2;
            y1 = NY(a) + NODE_H;
        }
        int dx = (x2 - x1) / 2 > 30 ? (x2 - x1) / 2 : 30;
        /* Over the columns it skips, leaving from and entering at the top. */
        int lift = p[b].rank > p[a].rank + 1 ? ARC + NODE_H / 2 : 0;
        if (lift) {
            x1 = NX(a) + NODE_W - 20;
            y1 = NY(a);
            x2 = NX(b) + 20;
            y2 = NY(b);
            dx = 0;
            lift = ARC * 4 / 3;
        }
        bad = fprintf(out, "<path class=\"edge %s\" d=\"M%d,%d C%d,%d %d,%d %d,%d\" "
                           "marker-end=\"url(#arrow-%lu)\"/>",
                      edges[e].cls ? edges[e].cls : "", x1, y1, x1 + dx, y1 - lift, x2 - dx,
                      y2 - lift, x2, y2, id) < 0;
        /* The label sits on the curve's midpoint (3/4 of the lift up). */
        if (!bad && edges[e].label)
            bad = fprintf(out, "<text class=\"elabel\" x=\"%d\" y=\"%d\">", (x1 + x2) / 2,
                          (y1 + y2) / 2 - lift * 3 / 4 - 4) < 0 ||
                  qt_ex_html_text(out, edges[e].label, 28) || fputs("</text>", out) == EOF;
        if (!bad) bad = putc('\n', out) == EOF;
    }
    for (size_t i = 0; !bad && i < n; i++) {
        const qt_svg_node *nd = &nodes[i];
        if (nd->href)
            bad = fputs("<a href=\"", out) == EOF || qt_ex_html_text(out, nd->href, 200) ||
                  fputs("\">", out) == EOF;
        bad = bad ||
              fprintf(out, "<g class=\"node %s\"><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
                           "rx=\"6\"/>",
                      nd->cls ? nd->cls : "", NX(i), NY(i), NODE_W, NODE_H) < 0;
        for (int l = 0; !bad && l < 3; l++) {
            if (!nd->line[l]) continue;
            bad = fprintf(out, "<text x=\"%d\" y=\"%d\"%s>", NX(i) + 8, NY(i) + 17 + l * 16,
                          l == 0 ? " class=\"head\"" : "") < 0 ||
                  qt_ex_html_text(out, nd->line[l], LINE_CP) || fputs("</text>", out) == EOF;
        }
        if (!bad) bad = fputs(nd->href ? "</g></a>\n" : "</g>\n", out) == EOF;
    }
    if (!bad) bad = fputs("</svg>\n", out) == EOF;
#undef NX
#undef NY
    free(p);
    free(order);
    free(per_rank);
    return bad ? qt_ex_write_failed(err) : QT_OK;
}
