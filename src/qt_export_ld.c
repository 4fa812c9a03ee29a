/*
 * qt_export_ld.c - schema.org JSON-LD for fact-checking tools: every
 * selected quote as a Quotation (text, spokenByCharacter, isPartOf the
 * NewsArticle with url, publisher and datePublished; isBasedOn the instance
 * it was copied or altered from), every reported claim as a Claim with
 * appearance (each article carrying it or another instance of its family)
 * and firstAppearance (where its provenance starts), and a ClaimReview
 * around each one a fact-checker has rated (`quotetrack rate`).
 */
#include "qt_export_int.h"

#include <stdlib.h>
#include <string.h>

/* Attach v under key (or push when key is NULL): v, or NULL with v freed. */
static json_object *put(json_object *parent, const char *key, json_object *v)
{
    if (key ? qt_ex_add_obj(parent, key, v) : qt_ex_push(parent, v)) return NULL;
    return v;
}

/* A Person or Organization for a speaker; NULL when the quote has none (or
 * on OOM: *bad says which). */
static json_object *speaker_node(const char *name, const char *kind, const char *title, int *bad)
{
    if (!name) return NULL;
    int org = kind && (strcmp(kind, "organization") == 0 || strcmp(kind, "group") == 0);
    json_object *o = json_object_new_object();
    if (!o || qt_ex_add_str(o, "@type", org ? "Organization" : "Person") ||
        qt_ex_add_str(o, "name", name) ||
        (!org && title && qt_ex_add_str(o, "jobTitle", title))) {
        json_object_put(o);
        *bad = 1;
        return NULL;
    }
    return o;
}

static json_object *news_article(const qt_ex_article *a)
{
    json_object *o = json_object_new_object(), *pub;
    int bad = !o || qt_ex_add_str(o, "@type", "NewsArticle") || qt_ex_add_str(o, "@id", a->iri) ||
              qt_ex_add_str(o, "identifier", a->doc) ||
              (a->url && qt_ex_add_str(o, "url", a->url)) ||
              (a->title && qt_ex_add_str(o, "headline", a->title)) ||
              (a->published && qt_ex_add_str(o, "datePublished", a->published)) ||
              (a->byline && qt_ex_add_str(o, "author", a->byline));
    if (!bad && a->outlet)
        bad = !(pub = put(o, "publisher", json_object_new_object())) ||
              qt_ex_add_str(pub, "@type", "Organization") || qt_ex_add_str(pub, "name", a->outlet);
    if (bad) {
        json_object_put(o);
        return NULL;
    }
    return o;
}

/* Every current article carrying quote qi's text or another instance of its
 * family, earliest first, without repeats. */
static json_object *appearances(const qt_ex_set *set, size_t qi)
{
    json_object *arr = json_object_new_array();
    if (!arr) return NULL;
    const qt_ex_quote *q = &set->quotes[qi];
    size_t fam = q->family_id ? qt_ex_family_index(set, q->family_id) : QT_EX_NONE;
    size_t mfirst = 0, mn = 1;
    if (fam != QT_EX_NONE) qt_ex_members(set, fam, &mfirst, &mn);
    /* Collected first, to sort and deduplicate articles across instances. */
    size_t *seen = NULL, nseen = 0, cap = 0;
    int bad = 0;
    for (size_t m = 0; !bad && m < mn; m++) {
        const qt_ex_quote *inst = fam != QT_EX_NONE ? &set->quotes[set->by_family[mfirst + m]] : q;
        size_t first, n;
        qt_ex_carriers(set, inst->text_id, &first, &n);
        for (size_t i = 0; !bad && i < n; i++) {
            size_t ai = set->by_text[first + i];
            if (!set->articles[ai].is_current) continue;
            int dup = 0;
            for (size_t j = 0; j < nseen && !dup; j++) dup = seen[j] == ai;
            if (dup) continue;
            if (nseen == cap) {
                size_t ncap = cap ? cap * 2 : 8;
                size_t *ns = realloc(seen, ncap * sizeof *ns);
                if (!ns) {
                    bad = 1;
                    break;
                }
                seen = ns;
                cap = ncap;
            }
            seen[nseen++] = ai;
        }
    }
    for (size_t i = 0; !bad && i < nseen; i++) bad = !put(arr, NULL, news_article(&set->articles[seen[i]]));
    free(seen);
    if (bad) {
        json_object_put(arr);
        return NULL;
    }
    return arr;
}

static json_object *quotation(const qt_ex_set *set, size_t qi)
{
    const qt_ex_quote *q = &set->quotes[qi];
    int claim = strcmp(q->kind, "indirect") == 0;
    json_object *o = json_object_new_object(), *ref, *ident;
    /* The database's quote id, for `quotetrack rate` and look-ups. */
    int bad = !o || qt_ex_add_str(o, "@type", claim ? "Claim" : "Quotation") ||
              qt_ex_add_str(o, "@id", q->iri) || qt_ex_add_str(o, "text", q->text) ||
              !(ident = put(o, "identifier", json_object_new_object())) ||
              qt_ex_add_str(ident, "@type", "PropertyValue") ||
              qt_ex_add_str(ident, "propertyID", "quotetrack quote_id") ||
              qt_ex_add_int(ident, "value", q->quote_id);
    json_object *who = bad ? NULL : speaker_node(q->speaker, q->speaker_kind, q->speaker_title, &bad);
    if (!bad && who) bad = !put(o, claim ? "author" : "spokenByCharacter", who);
    if (!bad && claim) {
        bad = !put(o, "appearance", appearances(set, qi)) ||
              !put(o, "firstAppearance",
                   news_article(&set->articles[qt_ex_first_appearance(set, qi)]));
    } else if (!bad) {
        bad = !put(o, "isPartOf", news_article(&set->articles[q->article]));
    }
    /* The instance this one was copied or altered from. */
    size_t parent = q->family_id && q->parent_quote_id ? qt_ex_quote_index(set, q->parent_quote_id)
                                                        : QT_EX_NONE;
    if (!bad && parent != QT_EX_NONE)
        bad = !(ref = put(o, "isBasedOn", json_object_new_object())) ||
              qt_ex_add_str(ref, "@id", set->quotes[parent].iri);
    if (bad) {
        json_object_put(o);
        return NULL;
    }
    return o;
}

/* A fact-checker's verdict: Rating.alternateName is the verdict in words,
 * ratingValue/bestRating/worstRating the organisation's scale when given. */
static json_object *claim_review(const qt_ex_rating *r, const qt_ex_quote *q)
{
    char id[64];
    snprintf(id, sizeof id, "urn:quotetrack:rating:%lld", (long long)r->rating_id);
    json_object *o = json_object_new_object(), *rating, *by;
    int bad = !o || qt_ex_add_str(o, "@type", "ClaimReview") || qt_ex_add_str(o, "@id", id) ||
              qt_ex_add_str(o, "claimReviewed", q->text) ||
              qt_ex_add_str(o, "datePublished", r->rated_at) ||
              (r->url && qt_ex_add_str(o, "url", r->url)) ||
              !(rating = put(o, "reviewRating", json_object_new_object())) ||
              qt_ex_add_str(rating, "@type", "Rating") ||
              qt_ex_add_str(rating, "alternateName", r->rating) ||
              (r->has_value && qt_ex_add_int(rating, "ratingValue", r->value)) ||
              (r->has_best && qt_ex_add_int(rating, "bestRating", r->best)) ||
              (r->has_worst && qt_ex_add_int(rating, "worstRating", r->worst)) ||
              (r->note && qt_ex_add_str(rating, "ratingExplanation", r->note));
    if (!bad && r->reviewer)
        bad = !(by = put(o, "author", json_object_new_object())) ||
              qt_ex_add_str(by, "@type", "Organization") || qt_ex_add_str(by, "name", r->reviewer);
    if (bad) {
        json_object_put(o);
        return NULL;
    }
    return o;
}

qt_status qt_ex_claimreview(const qt_ex_set *set, FILE *out, qt_error *err)
{
    json_object *doc = json_object_new_object(), *graph;
    int bad = !doc || qt_ex_add_str(doc, "@context", "https://schema.org") ||
              !(graph = put(doc, "@graph", json_object_new_array()));
    for (size_t i = 0; !bad && i < set->nquotes; i++) {
        if (!set->quotes[i].in_scope) continue;
        json_object *item = quotation(set, i);
        if (!item) {
            bad = 1;
            break;
        }
        size_t r = qt_ex_rating_index(set, set->quotes[i].quote_id);
        if (r == QT_EX_NONE) {
            bad = !put(graph, NULL, item);
            continue;
        }
        /* Rated: the ClaimReview carries the claim as its itemReviewed. */
        for (; !bad && r < set->nratings && set->ratings[r].quote_id == set->quotes[i].quote_id; r++) {
            json_object *review = claim_review(&set->ratings[r], &set->quotes[i]), *copy = NULL;
            if (!review) {
                bad = 1;
            } else if (json_object_deep_copy(item, &copy, NULL) != 0 ||
                       !put(review, "itemReviewed", copy)) {
                json_object_put(review);
                bad = 1;
            } else {
                bad = !put(graph, NULL, review);
            }
        }
        json_object_put(item);
    }
    qt_status st = bad ? qt_ex_nomem(err) : qt_ex_write_json(out, doc, 1, err);
    json_object_put(doc);
    return st;
}
