/*
 * qt_export_prov.c - W3C PROV-JSON (the PROV-JSON submission, as the `prov`
 * Python package reads it): articles and quote instances are entities,
 * speakers and outlets agents.  Relations:
 *   wasAttributedTo   quote -> its speaker, article -> its outlet
 *   wasDerivedFrom    with prov:type prov:Quotation (an instance repeating
 *                     its family parent verbatim, near-verbatim or in part;
 *                     an article reusing passages of another or copying it),
 *                     prov:Revision (an altered instance; an article wholly
 *                     taken and edited; a later revision of a document), and
 *                     prov:PrimarySource - PROV-JSON's form of hadPrimarySource -
 *                     from an instance to its family's origin and from a
 *                     derived article to the first article of its chain.
 * Identifiers are qt:article-N, qt:quote-N, qt:speaker-N and qt:outlet-N
 * (database ids); each entity also carries its stable IRI as qt:iri.
 */
#include "qt_export_int.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    json_object *doc, *entity, *agent, *attributed, *derived;
    size_t nrel;
    const char **outlets; /* distinct outlet names, index = qt:outlet-N - 1 */
    size_t noutlets;
} prov;

/* A typed literal {"$": value, "type": type}. */
static json_object *typed(const char *value, const char *type)
{
    json_object *o = json_object_new_object();
    if (!o || qt_ex_add_str(o, "$", value) || qt_ex_add_str(o, "type", type)) {
        json_object_put(o);
        return NULL;
    }
    return o;
}

static int add_typed(json_object *o, const char *key, const char *value, const char *type)
{
    return qt_ex_add_obj(o, key, typed(value, type));
}

static int add_qname(json_object *o, const char *key, const char *qname)
{
    return add_typed(o, key, qname, "prov:QUALIFIED_NAME");
}

static json_object *put(json_object *parent, const char *key, json_object *v)
{
    return qt_ex_add_obj(parent, key, v) ? NULL : v;
}

/* A relation record under its kind, with a blank-node id. */
static json_object *relation(prov *p, json_object *kind)
{
    char id[32];
    snprintf(id, sizeof id, "_:r%zu", ++p->nrel);
    return put(kind, id, json_object_new_object());
}

static size_t outlet_id(prov *p, const char *outlet)
{
    for (size_t i = 0; i < p->noutlets; i++)
        if (strcmp(p->outlets[i], outlet) == 0) return i + 1;
    return 0;
}

static int article_entity(prov *p, const qt_ex_article *a)
{
    char id[48];
    snprintf(id, sizeof id, "qt:article-%lld", (long long)a->article_id);
    json_object *e = put(p->entity, id, json_object_new_object());
    int bad = !e || add_qname(e, "prov:type", "schema:NewsArticle") ||
              qt_ex_add_str(e, "prov:label", a->title ? a->title : a->doc) ||
              add_typed(e, "qt:iri", a->iri, "xsd:anyURI") || qt_ex_add_str(e, "qt:doc", a->doc) ||
              qt_ex_add_int(e, "qt:revision", a->revision) ||
              (a->url && add_typed(e, "schema:url", a->url, "xsd:anyURI")) ||
              (a->published &&
               add_typed(e, "schema:datePublished", a->published,
                         strchr(a->published, 'T') ? "xsd:dateTime" : "xsd:date")) ||
              (!a->is_current && qt_ex_add_str(e, "qt:superseded", "true"));
    if (bad || !a->outlet) return bad ? -1 : 0;
    size_t o = outlet_id(p, a->outlet);
    if (!o) {
        const char **n = realloc(p->outlets, (p->noutlets + 1) * sizeof *n);
        if (!n) return -1;
        p->outlets = n;
        p->outlets[p->noutlets++] = a->outlet;
        o = p->noutlets;
        char aid[48];
        snprintf(aid, sizeof aid, "qt:outlet-%zu", o);
        json_object *ag = put(p->agent, aid, json_object_new_object());
        if (!ag || add_qname(ag, "prov:type", "prov:Organization") ||
            qt_ex_add_str(ag, "prov:label", a->outlet))
            return -1;
    }
    char aid[48];
    snprintf(aid, sizeof aid, "qt:outlet-%zu", o);
    json_object *r = relation(p, p->attributed);
    return !r || qt_ex_add_str(r, "prov:entity", id) || qt_ex_add_str(r, "prov:agent", aid) ? -1 : 0;
}

static int speaker_agent(prov *p, const qt_ex_quote *q)
{
    char id[48];
    snprintf(id, sizeof id, "qt:speaker-%lld", (long long)q->speaker_id);
    if (json_object_object_get_ex(p->agent, id, NULL)) return 0;
    int org = q->speaker_kind && (strcmp(q->speaker_kind, "organization") == 0 ||
                                  strcmp(q->speaker_kind, "group") == 0);
    json_object *ag = put(p->agent, id, json_object_new_object());
    return !ag || add_qname(ag, "prov:type", org ? "prov:Organization" : "prov:Person") ||
                   qt_ex_add_str(ag, "prov:label", q->speaker) ||
                   (q->speaker_kind && qt_ex_add_str(ag, "qt:speakerKind", q->speaker_kind)) ||
                   (q->speaker_title && qt_ex_add_str(ag, "qt:title", q->speaker_title))
               ? -1
               : 0;
}

static int quote_entity(prov *p, const qt_ex_set *set, const qt_ex_quote *q)
{
    char id[48], art[48];
    snprintf(id, sizeof id, "qt:quote-%lld", (long long)q->quote_id);
    snprintf(art, sizeof art, "qt:article-%lld", (long long)set->articles[q->article].article_id);
    json_object *e = put(p->entity, id, json_object_new_object());
    int bad = !e ||
              add_qname(e, "prov:type",
                        strcmp(q->kind, "indirect") == 0 ? "schema:Claim" : "schema:Quotation") ||
              qt_ex_add_str(e, "prov:value", q->text) ||
              add_typed(e, "qt:iri", q->iri, "xsd:anyURI") || qt_ex_add_str(e, "qt:kind", q->kind) ||
              add_qname(e, "qt:inArticle", art) ||
              qt_ex_add_int(e, "qt:charStart", (int64_t)q->span.char_start) ||
              qt_ex_add_int(e, "qt:charEnd", (int64_t)q->span.char_end) ||
              (q->family_id && qt_ex_add_int(e, "qt:family", q->family_id)) ||
              (!q->in_scope && qt_ex_add_str(e, "qt:context", "true"));
    if (bad || !q->speaker_id || !q->speaker) return bad ? -1 : 0;
    char sp[48];
    snprintf(sp, sizeof sp, "qt:speaker-%lld", (long long)q->speaker_id);
    json_object *r = relation(p, p->attributed);
    return speaker_agent(p, q) || !r || qt_ex_add_str(r, "prov:entity", id) ||
                   qt_ex_add_str(r, "prov:agent", sp)
               ? -1
               : 0;
}

/* wasDerivedFrom(generated, used) with a prov:type, and optionally the
 * relation and a figure (share_key: qt:similarity for quotes, qt:coverage
 * for articles). */
static int derivation(prov *p, const char *generated, const char *used, const char *type,
                      const char *relation_name, const char *share_key, double share)
{
    json_object *r = relation(p, p->derived);
    return !r || qt_ex_add_str(r, "prov:generatedEntity", generated) ||
                   qt_ex_add_str(r, "prov:usedEntity", used) || add_qname(r, "prov:type", type) ||
                   (relation_name && qt_ex_add_str(r, "qt:relation", relation_name)) ||
                   (share_key && qt_ex_add_num(r, share_key, share, 3))
               ? -1
               : 0;
}

static int quote_derivations(prov *p, const qt_ex_set *set, const qt_ex_quote *q)
{
    if (!q->family_id || !q->parent_quote_id) return 0;
    size_t parent = qt_ex_quote_index(set, q->parent_quote_id);
    if (parent == QT_EX_NONE) return 0;
    char id[48], used[48];
    snprintf(id, sizeof id, "qt:quote-%lld", (long long)q->quote_id);
    snprintf(used, sizeof used, "qt:quote-%lld", (long long)q->parent_quote_id);
    /* Words changed: a revision of what was said, not a quotation of it. */
    int altered = q->relation && strcmp(q->relation, "altered") == 0;
    if (derivation(p, id, used, altered ? "prov:Revision" : "prov:Quotation", q->relation,
                   "qt:similarity", q->similarity))
        return -1;
    size_t f = qt_ex_family_index(set, q->family_id);
    int64_t origin = f != QT_EX_NONE ? set->families[f].origin_quote_id : 0;
    if (!origin || origin == q->quote_id || qt_ex_quote_index(set, origin) == QT_EX_NONE) return 0;
    char src[48];
    snprintf(src, sizeof src, "qt:quote-%lld", (long long)origin);
    return derivation(p, id, src, "prov:PrimarySource", NULL, NULL, 0);
}

/* The first article up the chain of primary sources from article ai. */
static size_t chain_root(const qt_ex_set *set, size_t ai)
{
    for (size_t steps = 0; steps < set->narticles; steps++) {
        size_t up = QT_EX_NONE;
        for (size_t i = 0; i < set->nlinks && up == QT_EX_NONE; i++) {
            const qt_ex_link *k = &set->links[i];
            if (k->derived == ai && (k->primary || k->type == QT_LINK_COPY)) up = k->source;
        }
        if (up == QT_EX_NONE) break;
        ai = up;
    }
    return ai;
}

static int link_derivations(prov *p, const qt_ex_set *set)
{
    for (size_t i = 0; i < set->nlinks; i++) {
        const qt_ex_link *k = &set->links[i];
        char gen[48], used[48];
        snprintf(gen, sizeof gen, "qt:article-%lld", (long long)set->articles[k->derived].article_id);
        snprintf(used, sizeof used, "qt:article-%lld", (long long)set->articles[k->source].article_id);
        int revision = k->type == QT_LINK_REVISION ||
                       (k->type == QT_LINK_REUSE && k->relation && strcmp(k->relation, "wholly") == 0);
        if (derivation(p, gen, used, revision ? "prov:Revision" : "prov:Quotation", k->relation,
                       k->type == QT_LINK_REUSE ? "qt:coverage" : NULL, k->coverage))
            return -1;
    }
    /* Each derived article's origin: where its chain of primary sources starts. */
    for (size_t ai = 0; ai < set->narticles; ai++) {
        size_t root = chain_root(set, ai);
        if (root == ai) continue;
        char gen[48], used[48];
        snprintf(gen, sizeof gen, "qt:article-%lld", (long long)set->articles[ai].article_id);
        snprintf(used, sizeof used, "qt:article-%lld", (long long)set->articles[root].article_id);
        if (derivation(p, gen, used, "prov:PrimarySource", NULL, NULL, 0)) return -1;
    }
    return 0;
}

qt_status qt_ex_prov(const qt_ex_set *set, FILE *out, qt_error *err)
{
    prov p = {0};
    json_object *prefix;
    p.doc = json_object_new_object();
    int bad = !p.doc || !(prefix = put(p.doc, "prefix", json_object_new_object())) ||
              qt_ex_add_str(prefix, "qt", "urn:quotetrack:") ||
              qt_ex_add_str(prefix, "schema", "https://schema.org/") ||
              !(p.entity = put(p.doc, "entity", json_object_new_object())) ||
              !(p.agent = put(p.doc, "agent", json_object_new_object())) ||
              !(p.attributed = put(p.doc, "wasAttributedTo", json_object_new_object())) ||
              !(p.derived = put(p.doc, "wasDerivedFrom", json_object_new_object()));
    for (size_t i = 0; !bad && i < set->narticles; i++) bad = article_entity(&p, &set->articles[i]);
    for (size_t i = 0; !bad && i < set->nquotes; i++) bad = quote_entity(&p, set, &set->quotes[i]);
    for (size_t i = 0; !bad && i < set->nquotes; i++) bad = quote_derivations(&p, set, &set->quotes[i]);
    if (!bad) bad = link_derivations(&p, set);
    /* Empty sections are left out, as PROV-JSON writers do. */
    if (!bad && json_object_object_length(p.derived) == 0) json_object_object_del(p.doc, "wasDerivedFrom");
    if (!bad && json_object_object_length(p.attributed) == 0) json_object_object_del(p.doc, "wasAttributedTo");
    if (!bad && json_object_object_length(p.agent) == 0) json_object_object_del(p.doc, "agent");
    qt_status st = bad ? qt_ex_nomem(err) : qt_ex_write_json(out, p.doc, 1, err);
    json_object_put(p.doc);
    free(p.outlets);
    return st;
}
