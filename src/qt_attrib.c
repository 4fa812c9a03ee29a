/*
 * qt_attrib.c - cues, and linking quotes and claims to speakers.
 *
 * A sieve, most precise rule first (after CoreNLP's and the Gender Gap
 * Tracker's): a direct quote takes the speaker of a trailing attribution
 * (`“...,” Blinken reported` / `“...,” said Blinken`), else of a leading one
 * (`A government source commented, “...”`), else of a cue in the same
 * sentence, else - a "floating" quote - the speaker of the quote just before
 * it.  Reported claims (qt_claims.c) come from that-clauses after a cue,
 * trailing and parenthetical attributions, "according to X", and
 * participles.  Partial quotes take the speaker of the claim or sentence
 * that carries them.
 */
#include <stdlib.h>
#include <string.h>

#include "qt_scan_int.h"

static int in_span(const qt_doc *d, int i)
{
    return d->toks[i].span >= 0;
}

static int same_sent(const qt_doc *d, int i, int j)
{
    return i >= 0 && j >= 0 && i < d->ntoks && j < d->ntoks && d->toks[i].sent == d->toks[j].sent;
}

static uint32_t compute_cue_flags(const qt_doc *d, int i)
{
    if (!(d->toks[i].flags & TK_WORD) || in_span(d, i)) return 0;
    if (qt_tok_is_ci(d, i, "according") && qt_tok_is(d, i + 1, "to")) return CUE_SOURCE_AFTER;
    uint32_t f = qt_lexicon_get(d->sc->cues, tok_str(d, i), tok_len(d, i), 1);
    /* Ambiguous words: "the comments", "a report", "my thoughts" are nouns. */
    if (f && i > 0 && (qt_tok_is_ci(d, i - 1, "the") || qt_tok_is_ci(d, i - 1, "a") ||
                       qt_tok_is_ci(d, i - 1, "an") || qt_tok_is_ci(d, i - 1, "his") ||
                       qt_tok_is_ci(d, i - 1, "her") || qt_tok_is_ci(d, i - 1, "their") ||
                       qt_tok_is_ci(d, i - 1, "its") || qt_tok_is_ci(d, i - 1, "to")))
        return 0;
    /* A base form before a role or body is a noun too: "GOP state senator",
     * "the report committee" (not "say": "critics say officials ignored"). */
    if ((f & CUE_LEMMA) && !(f & CUE_BARE) && i + 1 < d->ntoks && (d->toks[i + 1].flags & TK_LOWER) &&
        (qt_lexicon_get(d->sc->roles, tok_str(d, i + 1), tok_len(d, i + 1), 1) ||
         qt_lexicon_get(d->sc->groups, tok_str(d, i + 1), tok_len(d, i + 1), 1) ||
         qt_lexicon_get(d->sc->org_nouns, tok_str(d, i + 1), tok_len(d, i + 1), 1)))
        return 0;
    return f;
}

static uint32_t cue_flags(const qt_doc *d, int i)
{
    if (i < 0 || i >= d->ntoks) return 0;
    return d->cue_memo ? d->cue_memo[i] : compute_cue_flags(d, i);
}

static int is_adverb_like(const qt_doc *d, int i)
{
    static const char *const words[] = {"also", "further", "again", "later", "then", "previously", "has",
                                        "have", "had", "was", "were", "is", "did", "does", "will", "would",
                                        "could", "recently", "once", "already", "never", "not", "earlier",
                                        "publicly", "repeatedly", "reportedly", "both", "all", "himself",
                                        "herself", "themselves", "too", "first", "last", "just", "even", "now",
                                        "still", "often", "always", NULL};
    if (i < 0 || !(d->toks[i].flags & TK_LOWER) || in_span(d, i)) return 0;
    size_t n = tok_len(d, i);
    if (n > 3 && memcmp(tok_str(d, i) + n - 2, "ly", 2) == 0) return 1;
    for (int k = 0; words[k]; k++)
        if (qt_tok_is(d, i, words[k])) return 1;
    return 0;
}

static int usable_mention(const qt_doc *d, int m)
{
    return m >= 0 && !d->mentions[m].possessive && !d->mentions[m].in_quote;
}

static int is_preposition(const qt_doc *d, int i)
{
    return qt_tok_is(d, i, "in") || qt_tok_is(d, i, "from") || qt_tok_is(d, i, "at") ||
           qt_tok_is(d, i, "of") || qt_tok_is(d, i, "for") || qt_tok_is(d, i, "with");
}

/* The mention that is the subject of the cue at i, looking left. */
static int subject_before(const qt_doc *d, int cue)
{
    int j = cue - 1;
    while (j >= 0 && is_adverb_like(d, j) && same_sent(d, j, cue)) j--;
    if (j < 0 || !same_sent(d, j, cue)) return -1;
    int m = d->toks[j].mention;
    if (usable_mention(d, m)) {
        /* "officials in Ukraine assess": the head is before the preposition. */
        if (d->mentions[m].type == MT_PLACE) {
            int p = d->mentions[m].tok_first - 1;
            if (p > 0 && is_preposition(d, p) && usable_mention(d, d->toks[p - 1].mention))
                return d->toks[p - 1].mention;
        }
        return m;
    }
    /* Appositive: "Hugh Hill, a doctor, said" / "Kim, South Korea’s minister, stated". */
    if (d->toks[j].first_cp == ',') {
        /* the name itself between the commas: "Keeper of the Seal, Syed
         * Danial Syed Ahmad, said" */
        int nm = j > 0 ? d->toks[j - 1].mention : -1;
        if (usable_mention(d, nm) && d->mentions[nm].type == MT_NAME && d->mentions[nm].tok_first > 0 &&
            d->toks[d->mentions[nm].tok_first - 1].first_cp == ',')
            return nm;
        /* the sentence opens with the subject and a comma: a long aside,
         * relative clauses and all ("Sarah Buckley, who attended ... and
         * graduated in 2013, said") */
        int f = d->sents[d->toks[cue].sent].tok_first;
        int sm = qt_mention_starting_at(d, f);
        if (usable_mention(d, sm) && d->mentions[sm].type != MT_PLACE && d->mentions[sm].tok_last + 1 < j &&
            d->toks[d->mentions[sm].tok_last + 1].first_cp == ',')
            return sm;
        for (int k = j - 1; k >= 0 && k >= j - 14 && same_sent(d, k, cue); k--) {
            if (d->toks[k].first_cp == ',' && k > 0) {
                int pm = d->toks[k - 1].mention;
                if (usable_mention(d, pm) && d->mentions[pm].type != MT_PLACE) return pm;
                break;
            }
        }
    }
    return -1;
}

/* First non-possessive mention of the sentence before token limit. */
static int sentence_subject(const qt_doc *d, int s, int limit)
{
    for (int i = d->sents[s].tok_first; i < limit && i <= d->sents[s].tok_last; i++) {
        int m = d->toks[i].mention;
        if (usable_mention(d, m) && d->mentions[m].type != MT_PLACE) return m;
    }
    return -1;
}

static int is_ing(const qt_doc *d, int i)
{
    size_t n = tok_len(d, i);
    return n > 4 && memcmp(tok_str(d, i) + n - 3, "ing", 3) == 0;
}

/* Subject of a participle cue ("Blinken criticized Putin, stating, ..."):
 * the subject of the nearest finite cue before it, else the sentence's. */
static int participle_subject(const qt_doc *d, int cue)
{
    int s = d->toks[cue].sent;
    for (int k = cue - 1; k >= d->sents[s].tok_first; k--) {
        if (!cue_flags(d, k) || is_ing(d, k)) continue;
        int m = subject_before(d, k);
        if (m >= 0) return m;
    }
    return sentence_subject(d, s, cue);
}

/* Entity for the attributing mention m, preferring the last speaker for a
 * pronoun when that speaker is compatible. */
static int speaker_entity(qt_doc *d, int m, int last_speaker, int last_speaker_tok)
{
    if (m < 0) return -1;
    qt_mention *mn = &d->mentions[m];
    if (mn->type == MT_PRONOUN && mn->entity < 0 && last_speaker >= 0 && mn->tok_first - last_speaker_tok < 120) {
        const qt_entity *ls = &d->entities[last_speaker];
        int g = mn->gender;
        int ok = (g & (G_MALE | G_FEMALE)) ? ls->kind == QT_SPEAKER_PERSON &&
                                                 !((g & G_MALE) && ls->gender == G_FEMALE) &&
                                                 !((g & G_FEMALE) && ls->gender == G_MALE)
                                           : ls->kind != QT_SPEAKER_PERSON;
        if (ok) {
            if (!d->entities[last_speaker].gender && (g & (G_MALE | G_FEMALE)))
                d->entities[last_speaker].gender = g & (G_MALE | G_FEMALE);
            return last_speaker;
        }
    }
    return mn->entity;
}

static int add_found(qt_doc *d, qt_quote_kind kind, size_t start, size_t end, int mention, int cue,
                     double conf, const char *rule, int qspan)
{
    if (!qt_grow((void **)&d->found, &d->cap_found, d->nfound, sizeof *d->found)) return -1;
    qt_found *f = &d->found[d->nfound];
    memset(f, 0, sizeof *f);
    f->kind = kind;
    f->start = start;
    f->end = end;
    f->mention = mention;
    f->entity = -1;
    f->cue_first = cue;
    f->cue_last = cue;
    if (cue >= 0 && qt_tok_is_ci(d, cue, "according")) f->cue_last = cue + 1;
    f->confidence = conf;
    f->rule = rule;
    f->parent = -1;
    f->qspan = qspan;
    return d->nfound++;
}

/* ---- direct quotes ---- */

typedef struct {
    int mention, cue;
    double conf;
    const char *rule;
} attribution;

/* `“...,” Blinken reported` / `“...,” said Blinken` / `“...,” according to X`. */
static attribution trailing(const qt_doc *d, int close)
{
    attribution a = {-1, -1, 0, NULL};
    int t = close + 1;
    if (close < 0 || t >= d->ntoks || d->toks[t].para != d->toks[close].para) return a;
    if (d->toks[t].first_cp == ',' || d->toks[t].first_cp == 0x2014) t++;
    if (t >= d->ntoks || d->toks[t].para != d->toks[close].para) return a;
    /* `“Yes.” He elaborated, ...` starts a new sentence: not an attribution. */
    if (!same_sent(d, close, t)) return a;
    uint32_t cf = cue_flags(d, t);
    if (cf & CUE_SOURCE_AFTER) {
        int m = qt_mention_starting_at(d, t + 2);
        if (usable_mention(d, m)) a = (attribution){m, t, 0.9, "trailing-according-to"};
        return a;
    }
    if (cf) {
        int m = qt_mention_starting_at(d, t + 1);
        /* `“...” argue it could ...`: a pronoun after the verb is its
         * object or a new clause, unless the sentence stops (`said he.`) */
        if (m >= 0 && d->mentions[m].type == MT_PRONOUN) {
            int n = d->mentions[m].tok_last + 1;
            if (n < d->ntoks && same_sent(d, n, t) && (d->toks[n].flags & TK_WORD)) return a;
        }
        if (usable_mention(d, m)) a = (attribution){m, t, 0.95, "trailing-cue-speaker"};
        return a;
    }
    int m = qt_mention_starting_at(d, t);
    if (!usable_mention(d, m)) return a;
    int k = d->mentions[m].tok_last + 1;
    if (k < d->ntoks && d->toks[k].first_cp == ',') {
        /* appositive: `“...,” Hugh Hill, a doctor, said` */
        for (int j = k + 1; j < d->ntoks && j < k + 14 && same_sent(d, j, k); j++)
            if (d->toks[j].first_cp == ',') {
                k = j + 1;
                break;
            }
    }
    while (k < d->ntoks && is_adverb_like(d, k)) k++;
    if (cue_flags(d, k) & CUE_VERB) a = (attribution){m, k, 0.95, "trailing-speaker-cue"};
    return a;
}

/* `Blinken remarked, “...”` / `stating, “...”` / `told reporters: “...”`. */
static attribution leading(const qt_doc *d, int open)
{
    attribution a = {-1, -1, 0, NULL};
    int p = open - 1;
    if (p < 0 || d->toks[p].para != d->toks[open].para) return a;
    if (d->toks[p].first_cp == ',' || d->toks[p].first_cp == ':') p--;
    if (p < 0 || d->toks[p].para != d->toks[open].para) return a;
    /* `told reporters: “` - skip the addressee */
    int am = d->toks[p].mention;
    /* (a subject pronoun is no addressee: `says she “...”` is a clause) */
    if (am >= 0 && d->mentions[am].type != MT_PRONOUN && d->mentions[am].tok_first > 0 &&
        cue_flags(d, d->mentions[am].tok_first - 1))
        p = d->mentions[am].tok_first - 1;
    uint32_t cf = cue_flags(d, p);
    if (!(cf & CUE_VERB)) {
        /* `Martell is more blunt: “...”`, `Musk took to Twitter with this:
         * “...”`: a colon hands the quote to the person the clause is about. */
        if (d->toks[open - 1].first_cp == ':') {
            int m = sentence_subject(d, d->toks[p].sent, p);
            if (usable_mention(d, m) && (d->mentions[m].type == MT_NAME || d->mentions[m].type == MT_PRONOUN))
                a = (attribution){m, -1, 0.6, "colon-subject"};
        }
        return a;
    }
    int m = -1;
    if (is_ing(d, p)) m = participle_subject(d, p);
    if (m < 0) m = subject_before(d, p);
    if (m < 0 && qt_mention_starting_at(d, p + 1) >= 0) m = qt_mention_starting_at(d, p + 1);
    if (m < 0) m = sentence_subject(d, d->toks[p].sent, p);
    if (usable_mention(d, m)) a = (attribution){m, p, 0.9, "leading-cue"};
    return a;
}

/* Any cue with a subject in the quote's sentence, outside the quote.  The
 * answer depends on the sentence alone, so it is worked out once per
 * sentence in memo (cue -2 = not yet): a run-on "sentence" with thousands of
 * quote marks would otherwise be walked once per quote. */
static attribution same_sentence(const qt_doc *d, const qt_qspan *q, attribution *memo)
{
    attribution a = {-1, -1, 0, NULL};
    int s = d->toks[q->open_tok].sent;
    if (s < 0) return a;
    if (memo && memo[s].cue != -2) return memo[s];
    for (int i = d->sents[s].tok_first; i <= d->sents[s].tok_last; i++) {
        if (!(cue_flags(d, i) & CUE_VERB)) continue;
        int m = subject_before(d, i);
        if (m < 0) m = qt_mention_starting_at(d, i + 1);
        if (usable_mention(d, m)) {
            a = (attribution){m, i, 0.75, "same-sentence-cue"};
            break;
        }
    }
    if (memo) memo[s] = a;
    return a;
}

static int nickname(const qt_doc *d, const qt_qspan *q)
{
    int p = q->open_tok - 1, n = q->close_tok + 1;
    return q->close_tok >= 0 && q->word_count <= 3 && p >= 0 && n < d->ntoks &&
           (d->toks[p].flags & TK_CAP) && (d->toks[n].flags & TK_CAP) && !in_span(d, p);
}

static int content_starts_upper(const qt_doc *d, const qt_qspan *q)
{
    int i = q->open_tok + 1;
    while (i < d->ntoks && d->toks[i].start < q->end && !(d->toks[i].flags & TK_WORD)) {
        if (d->toks[i].first_cp == '[' || d->toks[i].first_cp == '(') return 1;
        i++;
    }
    return i < d->ntoks && (d->toks[i].flags & (TK_CAP | TK_DIGIT));
}

static int at_boundary_before(const qt_doc *d, int open)
{
    int p = open - 1;
    if (p < 0 || d->toks[p].para != d->toks[open].para) return 1;
    if (d->toks[p].sent != d->toks[open].sent) return 1;
    uint32_t c = d->toks[p].first_cp;
    return c == ':' || c == 0x2014;
}

/* Whether at least three words of the quote's sentence, none of them
 * quoted in full sentences, come before its opening mark. */
static int mixed_before(const qt_doc *d, const qt_qspan *q)
{
    if (q->close_tok < 0 || at_boundary_before(d, q->open_tok)) return 0;
    int s = d->toks[q->open_tok].sent, words = 0;
    for (int i = d->sents[s].tok_first; i < q->open_tok; i++)
        if ((d->toks[i].flags & TK_WORD) && !in_span(d, i)) words++;
    return words >= 3 && d->toks[d->sents[s].tok_first].para == d->toks[q->open_tok].para;
}

static void direct_quotes(qt_doc *d, attribution *memo)
{
    int last_speaker = -1, last_speaker_tok = -1000000, last_para = -10;
    for (int s = 0; s < d->nspans; s++) {
        qt_qspan *q = &d->spans[s];
        if (q->depth != 0 || q->word_count == 0 || q->end <= q->start) continue;
        if (nickname(d, q)) continue;
        attribution a = trailing(d, q->close_tok);
        if (a.rule && mixed_before(d, q)) {
            /* `There was a “whiff” of concern over “three-peat,” Shibley
             * said.`: the attribution covers the whole sentence, so the
             * sentence is the claim and the quoted words are partials in it. */
            int first = d->sents[d->toks[q->open_tok].sent].tok_first;
            int f = add_found(d, QT_KIND_INDIRECT, d->toks[first].start, d->toks[q->close_tok].end, a.mention,
                              a.cue, a.conf * 0.9, "trailing-mixed", -1);
            if (f < 0) return;
            int entity = speaker_entity(d, a.mention, last_speaker, last_speaker_tok);
            d->found[f].entity = entity;
            q->kind = QT_KIND_PARTIAL;
            if (entity >= 0) {
                last_speaker = entity;
                last_speaker_tok = q->close_tok;
                last_para = q->para_last;
            }
            continue;
        }
        if (!a.rule) a = leading(d, q->open_tok);
        int standalone = at_boundary_before(d, q->open_tok) &&
                         (q->word_count >= 4 || content_starts_upper(d, q));
        if (!a.rule && !standalone) {
            q->kind = QT_KIND_PARTIAL; /* resolved with the claims below */
            continue;
        }
        if (!a.rule) a = same_sentence(d, q, memo);
        q->kind = QT_KIND_DIRECT;
        int para = q->para_first;
        int entity = -1;
        if (a.rule) {
            entity = speaker_entity(d, a.mention, last_speaker, last_speaker_tok);
        } else if (last_speaker >= 0 && para - last_para <= 1) {
            /* A floating quote: the speaker of the quote just before goes on. */
            a = (attribution){-1, -1, 0.7, "floating"};
            entity = last_speaker;
        } else {
            a = (attribution){-1, -1, 0.3, "unattributed"};
        }
        int f = add_found(d, QT_KIND_DIRECT, q->start, q->end, a.mention, a.cue, a.conf, a.rule, s);
        if (f < 0) return;
        d->found[f].entity = entity;
        if (entity >= 0) {
            last_speaker = entity;
            last_speaker_tok = q->close_tok >= 0 ? q->close_tok : q->open_tok;
            last_para = q->para_last;
        }
    }
}

/* ---- reported claims: qt_claims.c ---- */

static int inside_claim(const qt_doc *d, size_t pos)
{
    for (int f = 0; f < d->nfound; f++)
        if (d->found[f].kind == QT_KIND_INDIRECT && d->found[f].start <= pos && pos < d->found[f].end) return f;
    return -1;
}

/* Paragraph of a found quote or claim. */
static int found_para(const qt_doc *d, const qt_found *f)
{
    if (f->qspan >= 0) return d->spans[f->qspan].para_last;
    if (f->cue_first >= 0) return d->toks[f->cue_first].para;
    if (f->mention >= 0) return d->toks[d->mentions[f->mention].tok_first].para;
    return -1;
}

/* A quote no rule attributed, once the claims are known: the speaker of
 * the nearest quote or claim before it, in its paragraph or the one before
 * ("Mr. Hemming said his group would press for a meeting. “The purpose
 * ...”"). */
/* found[] indices with a speaker, sorted by end (ties: higher index
 * first), so that "the last one ending before byte x" is found by walking
 * forward as x grows, instead of going through every quote for each
 * (quadratic on an article of thousands of unattributed quotes). */
typedef struct {
    size_t end;
    int index;
} end_ref;

static int cmp_end_ref(const void *x, const void *y)
{
    const end_ref *a = x, *b = y;
    if (a->end != b->end) return a->end < b->end ? -1 : 1;
    return (a->index < b->index) - (a->index > b->index);
}

static end_ref *speakers_by_end(const qt_doc *d, int *n)
{
    end_ref *r = malloc(((size_t)d->nfound + 1) * sizeof *r);
    *n = 0;
    if (!r) return NULL;
    for (int f = 0; f < d->nfound; f++)
        if (d->found[f].entity >= 0) r[(*n)++] = (end_ref){d->found[f].end, f};
    qsort(r, (size_t)*n, sizeof *r, cmp_end_ref);
    return r;
}

/* Of found items a and b (-1 = none), the one ending last; ties: lower index. */
static int later_end(const qt_doc *d, int a, int b)
{
    if (a < 0) return b;
    if (b < 0) return a;
    if (d->found[a].end != d->found[b].end) return d->found[a].end > d->found[b].end ? a : b;
    return a < b ? a : b;
}

static qt_status unattributed_quotes(qt_doc *d)
{
    int nby = 0, taken = 0, static_best = -1, assigned = -1;
    end_ref *by_end = speakers_by_end(d, &nby);
    if (!by_end) return QT_ERR_NOMEM;
    /* Direct quotes come first in found[], in text order, so the quotes
     * given a speaker here end before the next one starts. */
    for (int f = 0; f < d->nfound; f++) {
        qt_found *q = &d->found[f];
        if (q->kind != QT_KIND_DIRECT || q->entity >= 0 || strcmp(q->rule, "unattributed")) continue;
        int para = d->spans[q->qspan].para_first;
        while (taken < nby && by_end[taken].end <= q->start) {
            static_best = later_end(d, static_best, by_end[taken].index);
            taken++;
        }
        int best = later_end(d, static_best, assigned);
        if (best >= 0 && found_para(d, &d->found[best]) >= para - 1) {
            q->entity = d->found[best].entity;
            q->rule = "floating";
            q->confidence = 0.6;
            assigned = f;
        }
    }
    free(by_end);
    return QT_OK;
}

/* The reported claims sorted by start, with the running maximum of their
 * ends, for "the first claim (lowest index) containing byte pos" in time
 * independent of the number of claims when they do not nest: partial
 * quotes ask it once each, and an article of thousands of quotes asked
 * inside_claim's linear walk once per quote. */
typedef struct {
    int *order;      /* found[] indices of claims, by start */
    size_t *max_end; /* max_end[k]: the largest end among order[0..k] */
    int n;
} claim_index;

static int cmp_claim_start(const void *x, const void *y, void *ctx)
{
    const qt_doc *d = ctx;
    const qt_found *a = &d->found[*(const int *)x], *b = &d->found[*(const int *)y];
    if (a->start != b->start) return a->start < b->start ? -1 : 1;
    return (*(const int *)x > *(const int *)y) - (*(const int *)x < *(const int *)y);
}

static int claim_index_build(const qt_doc *d, claim_index *ci)
{
    ci->n = 0;
    ci->order = malloc(((size_t)d->nfound + 1) * sizeof *ci->order);
    ci->max_end = malloc(((size_t)d->nfound + 1) * sizeof *ci->max_end);
    if (!ci->order || !ci->max_end) return 0;
    for (int f = 0; f < d->nfound; f++)
        if (d->found[f].kind == QT_KIND_INDIRECT) ci->order[ci->n++] = f;
    qsort_r(ci->order, (size_t)ci->n, sizeof *ci->order, cmp_claim_start, (void *)d);
    for (int k = 0; k < ci->n; k++) {
        size_t e = d->found[ci->order[k]].end;
        ci->max_end[k] = k > 0 && ci->max_end[k - 1] > e ? ci->max_end[k - 1] : e;
    }
    return 1;
}

static void claim_index_free(claim_index *ci)
{
    free(ci->order);
    free(ci->max_end);
}

/* As inside_claim(d, pos), from the index. */
static int claim_at(const qt_doc *d, const claim_index *ci, size_t pos)
{
    int lo = 0, hi = ci->n;
    while (lo < hi) { /* first claim starting after pos */
        int mid = lo + (hi - lo) / 2;
        if (d->found[ci->order[mid]].start <= pos) lo = mid + 1;
        else hi = mid;
    }
    int best = -1;
    for (int k = lo - 1; k >= 0 && ci->max_end[k] > pos; k--) {
        int f = ci->order[k];
        if (pos < d->found[f].end && (best < 0 || f < best)) best = f;
    }
    return best;
}

/* ---- partial quotes ---- */

/* A few quoted words outside any claim are speech when a cue governs
 * them ("referred to the troops as “heroes”", "called the conclusion
 * “bold”"), but a term or a title when they modify the next noun ("the
 * “sextortion” scam", "NBC’s “Today” show") or no cue stands close before
 * them ("had heard “rumblings” that ..."). */
static int quoted_term(const qt_doc *d, const qt_qspan *q)
{
    static const char *const function_words[] = {"and", "or", "but", "of", "in", "on", "at", "to", "for", "with",
                                                 "by", "from", "as", "that", "which", "who", "is", "are", "was",
                                                 "were", "be", "has", "have", "had", "will", "would", "could", "can",
                                                 "than", "about", "over", "after", "before", "into", "when", "while",
                                                 "because", "if", "so", "not", NULL};
    if (q->word_count > 3 || q->close_tok < 0) return 0;
    uint32_t last = d->toks[q->close_tok - 1].first_cp;
    if (last == '.' || last == '!' || last == '?' || last == ',') return 0;
    int n = q->close_tok + 1;
    if (n < d->ntoks && same_sent(d, n, q->close_tok) && (d->toks[n].flags & TK_LOWER) && !in_span(d, n)) {
        int fw = 0;
        for (int w = 0; function_words[w] && !fw; w++) fw = qt_tok_is(d, n, function_words[w]);
        size_t len = tok_len(d, n);
        int verb_like = len > 3 && (!memcmp(tok_str(d, n) + len - 2, "ed", 2) || !memcmp(tok_str(d, n) + len - 3, "ing", 3));
        if (!fw && !verb_like) return 1;
    }
    int words = 0;
    for (int i = q->open_tok - 1; i >= 0 && words < 5 && same_sent(d, i, q->open_tok); i--) {
        if (!(d->toks[i].flags & TK_WORD)) continue;
        words++;
        if (cue_flags(d, i)) return 0;
    }
    return 1;
}

static qt_status partial_quotes(qt_doc *d, attribution *memo)
{
    /* "The sentence before reported this speaker" takes the speaker-bearing
     * quote or claim with the highest index among those ending before the
     * partial.  Partials are visited in text order, so that set only grows;
     * partials added here end before the next one starts. */
    int nstatic = d->nfound, nby = 0, taken = 0, static_best = -1;
    end_ref *by_end = speakers_by_end(d, &nby);
    claim_index claims;
    if (!claim_index_build(d, &claims) || !by_end) {
        claim_index_free(&claims);
        free(by_end);
        return QT_ERR_NOMEM;
    }
    for (int s = 0; s < d->nspans; s++) {
        qt_qspan *q = &d->spans[s];
        if (q->depth != 0 || q->kind != QT_KIND_PARTIAL) continue;
        int claim = claim_at(d, &claims, q->start);
        int mention = -1, entity = -1, cue = -1;
        double conf = 0;
        const char *rule = NULL;
        if (claim >= 0) {
            entity = d->found[claim].entity;
            rule = "partial-in-claim";
            conf = d->found[claim].confidence * 0.95;
        } else if (quoted_term(d, q)) {
            continue;
        } else {
            attribution a = same_sentence(d, q, memo);
            if (!a.rule) {
                /* A cue of any strength before the quote: "Kim referred to
                 * the troops as “heroes”".  The sentence's first such cue,
                 * once per sentence (memo), decides. */
                int sent = d->toks[q->open_tok].sent;
                attribution *any = sent >= 0 ? &memo[d->nsents + sent] : NULL;
                if (any && any->cue == -2) {
                    *any = (attribution){-1, -1, 0, NULL};
                    for (int i = d->sents[sent].tok_first; i <= d->sents[sent].tok_last; i++) {
                        if (!cue_flags(d, i)) continue;
                        int m = subject_before(d, i);
                        if (usable_mention(d, m)) {
                            *any = (attribution){m, i, 0.7, "partial-cue"};
                            break;
                        }
                    }
                }
                if (any && any->rule && any->cue < q->open_tok) a = *any;
            }
            if (a.rule) {
                mention = a.mention;
                cue = a.cue;
                entity = d->mentions[a.mention].entity;
                rule = "partial-sentence-cue";
                conf = a.conf * 0.9;
            } else {
                /* The sentence before, in the same paragraph, reported this speaker. */
                int sent = d->toks[q->open_tok].sent;
                while (taken < nby && by_end[taken].end <= q->start) {
                    if (by_end[taken].index > static_best) static_best = by_end[taken].index;
                    taken++;
                }
                int f = static_best;
                if (d->nfound > nstatic && d->found[d->nfound - 1].end <= q->start) f = d->nfound - 1;
                if (f >= 0 && sent > 0) {
                    const qt_found *pf = &d->found[f];
                    int ptok = pf->mention >= 0 ? d->mentions[pf->mention].tok_first : -1;
                    if (ptok >= 0 && d->toks[ptok].para == d->toks[q->open_tok].para &&
                        d->toks[ptok].sent >= sent - 1) {
                        entity = pf->entity;
                        rule = "partial-previous-sentence";
                        conf = 0.5;
                    }
                }
            }
        }
        if (entity < 0) continue; /* a scare quote with no speaker: left out */
        int f = add_found(d, QT_KIND_PARTIAL, q->start, q->end, mention, cue, conf, rule, s);
        if (f < 0) {
            claim_index_free(&claims);
            free(by_end);
            return QT_ERR_NOMEM;
        }
        d->found[f].entity = entity;
        d->found[f].parent = claim;
        if (claim >= 0) {
            d->found[f].mention = d->found[claim].mention;
            d->found[f].cue_first = d->found[claim].cue_first;
            d->found[f].cue_last = d->found[claim].cue_last;
        }
    }
    claim_index_free(&claims);
    free(by_end);
    return QT_OK;
}

/* ---- shared with qt_claims.c ---- */

int qt_in_span(const qt_doc *d, int i) { return in_span(d, i); }
int qt_same_sent(const qt_doc *d, int i, int j) { return same_sent(d, i, j); }
uint32_t qt_cue_flags(const qt_doc *d, int i) { return cue_flags(d, i); }
int qt_is_adverb_like(const qt_doc *d, int i) { return is_adverb_like(d, i); }
int qt_usable_mention(const qt_doc *d, int m) { return usable_mention(d, m); }
int qt_subject_before(const qt_doc *d, int cue) { return subject_before(d, cue); }
int qt_is_ing(const qt_doc *d, int i) { return is_ing(d, i); }
int qt_participle_subject(const qt_doc *d, int cue) { return participle_subject(d, cue); }
int qt_inside_claim(const qt_doc *d, size_t pos) { return inside_claim(d, pos); }

int qt_add_found(qt_doc *d, qt_quote_kind kind, size_t start, size_t end, int mention, int cue, double conf,
                 const char *rule, int qspan)
{
    return add_found(d, kind, start, end, mention, cue, conf, rule, qspan);
}

qt_status qt_attribute(qt_doc *d)
{
    free(d->cue_memo);
    d->cue_memo = NULL;
    uint32_t *cues = malloc(((size_t)d->ntoks + 1) * sizeof *cues);
    if (!cues) return QT_ERR_NOMEM;
    for (int i = 0; i < d->ntoks; i++) cues[i] = compute_cue_flags(d, i);
    d->cue_memo = cues;
    /* Per-sentence answers (see same_sentence), two per sentence. */
    attribution *memo = malloc(((size_t)d->nsents * 2 + 1) * sizeof *memo);
    if (!memo) return QT_ERR_NOMEM;
    for (int s = 0; s < d->nsents * 2; s++) memo[s] = (attribution){-1, -2, 0, NULL};
    direct_quotes(d, memo);
    int ndirect = d->nfound;
    qt_reported_claims(d);
    /* Claims take their speaker through the same pronoun rule as quotes, in
     * text order, so "he" follows whoever was speaking. */
    int last_speaker = -1, last_tok = -1000000;
    for (int f = ndirect; f < d->nfound; f++) {
        qt_found *fd = &d->found[f];
        fd->entity = speaker_entity(d, fd->mention, last_speaker, last_tok);
        /* A direct quote before this claim may be the better "last speaker". */
        if (fd->entity >= 0) {
            last_speaker = fd->entity;
            last_tok = d->mentions[fd->mention].tok_last;
        }
    }
    qt_status st = unattributed_quotes(d);
    if (st == QT_OK) st = partial_quotes(d, memo);
    free(memo);
    return st;
}
