/*
 * qt_attrib.c - cues, reported claims, and linking quotes to speakers.
 *
 * A sieve, most precise rule first (after CoreNLP's and the Gender Gap
 * Tracker's): a direct quote takes the speaker of a trailing attribution
 * (`“...,” Blinken reported` / `“...,” said Blinken`), else of a leading one
 * (`A government source commented, “...”`), else of a cue in the same
 * sentence, else - a "floating" quote - the speaker of the quote just before
 * it.  Reported claims come from that-clauses after a cue, trailing and
 * parenthetical attributions, "according to X", and participles.  Partial
 * quotes take the speaker of the claim or sentence that carries them.
 */
#include <limits.h>
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

static uint32_t cue_flags(const qt_doc *d, int i)
{
    if (i < 0 || i >= d->ntoks || !(d->toks[i].flags & TK_WORD) || in_span(d, i)) return 0;
    if (qt_tok_is_ci(d, i, "according") && qt_tok_is(d, i + 1, "to")) return CUE_SOURCE_AFTER;
    uint32_t f = qt_lexicon_get(d->sc->cues, tok_str(d, i), tok_len(d, i), 1);
    /* Ambiguous words: "the comments", "a report", "my thoughts" are nouns. */
    if (f && i > 0 && (qt_tok_is_ci(d, i - 1, "the") || qt_tok_is_ci(d, i - 1, "a") ||
                       qt_tok_is_ci(d, i - 1, "an") || qt_tok_is_ci(d, i - 1, "his") ||
                       qt_tok_is_ci(d, i - 1, "her") || qt_tok_is_ci(d, i - 1, "their") ||
                       qt_tok_is_ci(d, i - 1, "its") || qt_tok_is_ci(d, i - 1, "to")))
        return 0;
    return f;
}

static int is_adverb_like(const qt_doc *d, int i)
{
    static const char *const words[] = {"also", "further", "again", "later", "then", "previously", "has",
                                        "have", "had", "was", "were", "is", "did", "does", "will", "would",
                                        "could", "recently", "once", "already", "never", "not", "earlier",
                                        "publicly", "repeatedly", "reportedly", "both", "all", "himself",
                                        "herself", "themselves", "too", "first", "last", "just", "even", NULL};
    if (i < 0 || !(d->toks[i].flags & TK_LOWER) || in_span(d, i)) return 0;
    size_t n = tok_len(d, i);
    if (n > 3 && memcmp(tok_str(d, i) + n - 2, "ly", 2) == 0) return 1;
    return qt_tok_in(d, i, words);
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
    if (am >= 0 && d->mentions[am].tok_first > 0 && cue_flags(d, d->mentions[am].tok_first - 1))
        p = d->mentions[am].tok_first - 1;
    uint32_t cf = cue_flags(d, p);
    if (!(cf & CUE_VERB)) {
        /* `Austin confidently replied, “Yes.”`: adverbs between are fine. */
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

/* Any cue with a subject in the quote's sentence, outside the quote. */
static attribution same_sentence(const qt_doc *d, const qt_qspan *q)
{
    attribution a = {-1, -1, 0, NULL};
    int s = d->toks[q->open_tok].sent;
    if (s < 0) return a;
    for (int i = d->sents[s].tok_first; i <= d->sents[s].tok_last; i++) {
        if (!(cue_flags(d, i) & CUE_VERB)) continue;
        int m = subject_before(d, i);
        if (m < 0) m = qt_mention_starting_at(d, i + 1);
        if (usable_mention(d, m)) return (attribution){m, i, 0.75, "same-sentence-cue"};
    }
    return a;
}

/* same_sentence() depends on the sentence only, and quotes come in text
 * order: keeping the last answer scans a sentence with thousands of quote
 * marks once instead of once per quote (quadratic on hostile input). */
typedef struct {
    int sent;
    attribution a;
    int cue_tok; /* partial_quotes: first cue with a subject, or INT_MAX */
} sentence_memo;

static attribution same_sentence_memo(const qt_doc *d, const qt_qspan *q, sentence_memo *memo)
{
    int s = d->toks[q->open_tok].sent;
    if (s < 0 || s != memo->sent) {
        memo->sent = s;
        memo->a = same_sentence(d, q);
        memo->cue_tok = -1;
    }
    return memo->a;
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

static void direct_quotes(qt_doc *d)
{
    int last_speaker = -1, last_speaker_tok = -1000000, last_para = -10;
    sentence_memo memo = {-2, {-1, -1, 0, NULL}, -1};
    for (int s = 0; s < d->nspans; s++) {
        qt_qspan *q = &d->spans[s];
        if (q->depth != 0 || q->word_count == 0 || q->end <= q->start) continue;
        if (nickname(d, q)) continue;
        attribution a = trailing(d, q->close_tok);
        if (!a.rule) a = leading(d, q->open_tok);
        int standalone = at_boundary_before(d, q->open_tok) &&
                         (q->word_count >= 4 || content_starts_upper(d, q));
        if (!a.rule && !standalone) {
            q->kind = QT_KIND_PARTIAL; /* resolved with the claims below */
            continue;
        }
        if (!a.rule) a = same_sentence_memo(d, q, &memo);
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

/* ---- reported claims ---- */

static int sentence_content_end(const qt_doc *d, int s)
{
    int e = d->sents[s].tok_last;
    while (e > d->sents[s].tok_first && (d->toks[e].flags & TK_PUNCT) && !(d->toks[e].flags & TK_QMARK)) e--;
    return e;
}

static int words_between(const qt_doc *d, int a, int b)
{
    int n = 0;
    for (int i = a; i <= b; i++)
        if (d->toks[i].flags & TK_WORD) n++;
    return n;
}

/* Whether tokens [a..b] are essentially one direct quote. */
static int is_direct_quote_region(const qt_doc *d, int a, int b)
{
    int inside = 0, words = 0;
    for (int i = a; i <= b; i++) {
        if (!(d->toks[i].flags & TK_WORD)) continue;
        words++;
        int sp = d->toks[i].span;
        while (sp >= 0 && d->spans[sp].depth > 0) sp = -1;
        if (sp >= 0 && d->spans[sp].kind == QT_KIND_DIRECT) inside++;
    }
    return words > 0 && inside * 10 >= words * 6;
}

static int inside_claim(const qt_doc *d, size_t pos)
{
    for (int f = 0; f < d->nfound; f++)
        if (d->found[f].kind == QT_KIND_INDIRECT && d->found[f].start <= pos && pos < d->found[f].end) return f;
    return -1;
}

static int add_claim(qt_doc *d, int a, int b, int mention, int cue, double conf, const char *rule)
{
    while (a <= b && (d->toks[a].flags & TK_PUNCT) && !(d->toks[a].flags & TK_QMARK)) a++;
    while (b >= a && (d->toks[b].flags & TK_PUNCT) && !(d->toks[b].flags & TK_QCLOSE)) b--;
    if (a > b || words_between(d, a, b) < 3 || is_direct_quote_region(d, a, b)) return -1;
    if (inside_claim(d, d->toks[a].start) >= 0) return -1;
    return add_found(d, QT_KIND_INDIRECT, d->toks[a].start, d->toks[b].end, mention, cue, conf, rule, -1);
}

/* Where the content after a forward cue starts, or -1 when there is none. */
static int forward_content(const qt_doc *d, int cue, uint32_t cf, int end)
{
    /* Up to seven tokens of adverbials or an object before "that":
     * "highlighted on Thursday that", "told reporters that", "stated his concern that". */
    for (int k = cue + 1; k <= end && k <= cue + 8; k++) {
        if (in_span(d, k)) return -1;
        if (qt_tok_is(d, k, "that")) return k + 1 <= end ? k + 1 : -1;
        if ((d->toks[k].flags & TK_PUNCT) && d->toks[k].first_cp != '.' ) break;
        if (cue_flags(d, k) & CUE_VERB) break;
    }
    if (!(cf & CUE_BARE)) return -1;
    int k = cue + 1;
    /* "told reporters he ...": the addressee comes first. */
    int addressee = qt_mention_starting_at(d, k);
    if (addressee >= 0 && (qt_tok_is_ci(d, cue, "told") || qt_tok_is_ci(d, cue, "tell") ||
                           qt_tok_is_ci(d, cue, "tells") || qt_tok_is_ci(d, cue, "telling")))
        k = d->mentions[addressee].tok_last + 1;
    else if (qt_tok_is_ci(d, cue, "told") || qt_tok_is_ci(d, cue, "tell") || qt_tok_is_ci(d, cue, "tells"))
        return -1;
    /* time words: "said Monday he ..." */
    static const char *const time_words[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
                                             "Sunday", "today", "yesterday", "earlier", "later", "recently",
                                             "previously", "again", "also", NULL};
    for (int w = 0; time_words[w]; w++)
        if (qt_tok_is(d, k, time_words[w])) {
            k++;
            w = -1;
        }
    if (k > end || end - k < 2) return -1;
    const qt_tok *t = &d->toks[k];
    if (!(t->flags & TK_WORD) || in_span(d, k)) return -1;
    static const char *const not_clause[] = {"to", "by", "in", "on", "at", "of", "for", "about", "with", "so",
                                             "yes", "no", "goodbye", "nothing", "hello", "sorry", "thanks",
                                             "thank", "please", "as", "into", "from", "over", "after", "before",
                                             "during", "and", "or", "but", "very", "much", "little", "otherwise",
                                             "something", "anything", "farewell", "hi", NULL};
    for (int w = 0; not_clause[w]; w++)
        if (qt_tok_is_ci(d, k, not_clause[w])) return -1;
    return k;
}

/* Whether a trailing attribution ends the sentence: the tokens after index
 * k up to the sentence end are only a time or place adverbial. */
static int ends_sentence_after(const qt_doc *d, int k, int end)
{
    int words = 0;
    for (int i = k + 1; i <= end; i++) {
        if (d->toks[i].flags & TK_PUNCT) {
            if (d->toks[i].first_cp == ',' && i < end) return 0;
            continue;
        }
        if (cue_flags(d, i)) return 0;
        if (qt_tok_is(d, i, "that")) return 0;
        words++;
    }
    return words <= 5;
}

/* "did not believe that ...": the content is not asserted by the speaker. */
static int negated(const qt_doc *d, int cue)
{
    for (int k = cue - 1; k >= 0 && k >= cue - 3 && same_sent(d, k, cue); k--) {
        if (qt_tok_is_ci(d, k, "not") || qt_tok_is_ci(d, k, "never") || qt_tok_is(d, k, "n't") ||
            qt_tok_is_ci(d, k, "didn't") || qt_tok_is_ci(d, k, "didn’t") || qt_tok_is_ci(d, k, "doesn't") ||
            qt_tok_is_ci(d, k, "doesn’t") || qt_tok_is_ci(d, k, "don't") || qt_tok_is_ci(d, k, "don’t"))
            return 1;
        if (!is_adverb_like(d, k) && !qt_tok_is(d, k, "do")) break;
    }
    return 0;
}

/* Where a forward claim's content ends: at the sentence end, or before
 * ", he acknowledged" when another attribution takes over mid-sentence. */
static int clause_end(const qt_doc *d, int c, int end)
{
    for (int k = c + 1; k < end; k++) {
        if (d->toks[k].first_cp != ',' || in_span(d, k)) continue;
        if (is_ing(d, k + 1) && (cue_flags(d, k + 1) & CUE_VERB) && qt_tok_is(d, k + 2, "that")) return k - 1;
        int m = qt_mention_starting_at(d, k + 1);
        if (m < 0) continue;
        int v = d->mentions[m].tok_last + 1;
        while (v <= end && is_adverb_like(d, v)) v++;
        if (v <= end && (cue_flags(d, v) & CUE_VERB) && !is_ing(d, v)) return k - 1;
    }
    return end;
}

static void claims_in_sentence(qt_doc *d, int s)
{
    int first = d->sents[s].tok_first, end = sentence_content_end(d, s);
    for (int i = first; i <= end; i++) {
        uint32_t cf = cue_flags(d, i);
        if (!cf || (cf & CUE_WEAK)) continue;
        if (inside_claim(d, d->toks[i].start) >= 0) continue;
        if (cf & CUE_SOURCE_AFTER) {
            int m = qt_mention_starting_at(d, i + 2);
            if (!usable_mention(d, m)) continue;
            int after = d->mentions[m].tok_last + 1;
            if (i <= first + 1 && after <= end && d->toks[after].first_cp == ',')
                add_claim(d, after + 1, end, m, i, 0.85, "according-to-leading");
            else if (i > first && d->toks[i - 1].first_cp == ',')
                add_claim(d, first, i - 2, m, i, 0.85, "according-to-trailing");
            i = d->mentions[m].tok_last;
            continue;
        }
        int ing = is_ing(d, i) && i > first && d->toks[i - 1].first_cp == ',';
        int m = ing ? participle_subject(d, i) : subject_before(d, i);
        int inverted = 0;
        if (m < 0 && !ing) {
            /* "..., says U.S. officials," / "..., as confirmed by Blinken." */
            int k = i + 1;
            if (qt_tok_is(d, k, "by")) k++;
            m = qt_mention_starting_at(d, k);
            if (!usable_mention(d, m)) continue;
            inverted = 1;
        }
        if (!usable_mention(d, m)) continue;
        const qt_mention *mn = &d->mentions[m];
        int subj_first = inverted ? i : mn->tok_first;
        int subj_last = inverted ? mn->tok_last : i;
        if (inverted && subj_first > first && qt_tok_is(d, subj_first - 1, "as")) subj_first--;
        /* Content after the cue. */
        int say_family = qt_tok_is_ci(d, i, "saying") || qt_tok_is_ci(d, i, "adding") || qt_tok_is_ci(d, i, "arguing") ||
                         qt_tok_is_ci(d, i, "insisting") || qt_tok_is_ci(d, i, "warning");
        int c = forward_content(d, i, (ing && !say_family) ? (cf & ~(uint32_t)CUE_BARE) : cf, end);
        if (c >= 0 && !inverted && !negated(d, i)) {
            int stop = clause_end(d, c, end);
            if (add_claim(d, c, stop, m, i, ing ? 0.75 : 0.85, ing ? "participle-that" : "cue-that") >= 0) {
                i = end;
                continue;
            }
        }
        /* Trailing or parenthetical attribution: ", X said." / ", X stated, is that". */
        int before = subj_first - 1;
        if (!ing && before > first && d->toks[before].first_cp == ',') {
            if (ends_sentence_after(d, subj_last, end)) {
                add_claim(d, first, before - 1, m, i, 0.85, "trailing-attribution");
            } else if (subj_last + 1 <= end && d->toks[subj_last + 1].first_cp == ',') {
                int f = add_claim(d, first, end, m, i, 0.8, "parenthetical");
                (void)f;
            }
        }
    }
}

/* ---- partial quotes ---- */

static void partial_quotes(qt_doc *d)
{
    sentence_memo memo = {-2, {-1, -1, 0, NULL}, -1};
    for (int s = 0; s < d->nspans; s++) {
        qt_qspan *q = &d->spans[s];
        if (q->depth != 0 || q->kind != QT_KIND_PARTIAL) continue;
        int claim = inside_claim(d, q->start);
        int mention = -1, entity = -1, cue = -1;
        double conf = 0;
        const char *rule = NULL;
        if (claim >= 0) {
            entity = d->found[claim].entity;
            rule = "partial-in-claim";
            conf = d->found[claim].confidence * 0.95;
        } else {
            attribution a = same_sentence_memo(d, q, &memo);
            int qsent = d->toks[q->open_tok].sent;
            if (!a.rule && qsent >= 0) {
                /* A cue of any strength: "Kim referred to the troops as “heroes”".
                 * The sentence's first such cue, found once (memo). */
                if (memo.cue_tok < 0) {
                    memo.cue_tok = INT_MAX;
                    for (int i = d->sents[qsent].tok_first; i <= d->sents[qsent].tok_last; i++)
                        if (cue_flags(d, i) && usable_mention(d, subject_before(d, i))) {
                            memo.cue_tok = i;
                            break;
                        }
                }
                if (memo.cue_tok < q->open_tok)
                    a = (attribution){subject_before(d, memo.cue_tok), memo.cue_tok, 0.7, "partial-cue"};
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
                for (int f = d->nfound - 1; f >= 0 && sent > 0; f--) {
                    const qt_found *pf = &d->found[f];
                    if (pf->entity < 0 || pf->end > q->start) continue;
                    int ptok = pf->mention >= 0 ? d->mentions[pf->mention].tok_first : -1;
                    if (ptok >= 0 && d->toks[ptok].para == d->toks[q->open_tok].para &&
                        d->toks[ptok].sent >= sent - 1) {
                        entity = pf->entity;
                        rule = "partial-previous-sentence";
                        conf = 0.5;
                    }
                    break;
                }
            }
        }
        if (entity < 0) continue; /* a scare quote with no speaker: left out */
        int f = add_found(d, QT_KIND_PARTIAL, q->start, q->end, mention, cue, conf, rule, s);
        if (f < 0) return;
        d->found[f].entity = entity;
        d->found[f].parent = claim;
        if (claim >= 0) {
            d->found[f].mention = d->found[claim].mention;
            d->found[f].cue_first = d->found[claim].cue_first;
            d->found[f].cue_last = d->found[claim].cue_last;
        }
    }
}

qt_status qt_attribute(qt_doc *d)
{
    direct_quotes(d);
    int ndirect = d->nfound;
    for (int s = 0; s < d->nsents; s++) claims_in_sentence(d, s);
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
    partial_quotes(d);
    return d->nfound >= 0 ? QT_OK : QT_ERR_NOMEM;
}
