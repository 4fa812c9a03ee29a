/*
 * qt_claims.c - reported claims: speech without quotation marks.
 *
 * A claim is the content a speech cue introduces: a that-clause or a bare
 * clause after the cue (`Blinken highlighted that ...`, `she says police
 * were ...`), the sentence before a trailing attribution (`..., Blinken
 * said.`), the words around a parenthetical one (`The good news, Kim
 * stated, is that ...`), and `according to X`.  The speaker is the cue's
 * subject (qt_attrib.c finds it); qt_attrib.c then resolves pronouns in
 * text order and attaches partial quotes to the claims that hold them.
 */
#include <stdlib.h>
#include <string.h>

#include "qt_scan_int.h"

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

static int add_claim(qt_doc *d, int a, int b, int mention, int cue, double conf, const char *rule)
{
    while (a <= b && (d->toks[a].flags & TK_PUNCT) && !(d->toks[a].flags & TK_QMARK)) a++;
    while (b >= a && (d->toks[b].flags & TK_PUNCT) && !(d->toks[b].flags & TK_QCLOSE)) b--;
    if (a > b || words_between(d, a, b) < 3 || is_direct_quote_region(d, a, b)) return -1;
    if (qt_inside_claim(d, d->toks[a].start) >= 0) return -1;
    return qt_add_found(d, QT_KIND_INDIRECT, d->toks[a].start, d->toks[b].end, mention, cue, conf, rule, -1);
}

/* Whether a clause with a pronoun subject starts at k: "he did", "there are",
 * "they prefer" (the pronoun followed by a word that can be its verb). */
static int pronoun_clause(const qt_doc *d, int k, int end)
{
    static const char *const subjects[] = {"he", "she", "they", "we", "I", "there", "it", "you", NULL};
    static const char *const not_verb[] = {"to", "by", "in", "on", "at", "of", "for", "about", "with", "as",
                                           "and", "or", "but", "from", "into", "all", "himself", "herself",
                                           "itself", "themselves", NULL};
    if (k + 1 > end || qt_in_span(d, k)) return 0;
    int subj = 0;
    for (int w = 0; subjects[w] && !subj; w++) subj = qt_tok_is(d, k, subjects[w]);
    if (!subj || !(d->toks[k + 1].flags & TK_LOWER)) return 0;
    for (int w = 0; not_verb[w]; w++)
        if (qt_tok_is(d, k + 1, not_verb[w])) return 0;
    return 1;
}

static int say_or_claim(const qt_doc *d, int cue)
{
    static const char *const words[] = {"say", "says", "said", "saying", "claim", "claims", "claimed",
                                        "claiming", NULL};
    for (int w = 0; words[w]; w++)
        if (qt_tok_is_ci(d, cue, words[w])) return 1;
    return 0;
}

/* Whether a bare clause's subject can start at k.  Not an adverb ("writes
 * exclusively for our subscribers") and not a noun with a name after it
 * ("told Question Period host Evan Solomon"): those are objects. */
static int clause_subject_start(const qt_doc *d, int k)
{
    static const char *const determiners[] = {"the", "a", "an", "this", "that", "these", "those", "his", "her",
                                              "their", "its", "our", "my", "some", "every", "each", "no", NULL};
    if (!(d->toks[k].flags & TK_LOWER)) return 1;
    /* "said while standing outside": a circumstance, not what was said */
    if ((qt_tok_is(d, k, "while") || qt_tok_is(d, k, "after") || qt_tok_is(d, k, "before")) && k + 1 < d->ntoks &&
        qt_is_ing(d, k + 1))
        return 0;
    size_t n = tok_len(d, k);
    /* (but "approximately 1,300 people") */
    if (((n > 3 && !memcmp(tok_str(d, k) + n - 2, "ly", 2)) || qt_tok_is(d, k, "yet")) &&
        !(k + 1 < d->ntoks && (d->toks[k + 1].flags & TK_DIGIT)))
        return 0;
    for (int w = 0; determiners[w]; w++)
        if (qt_tok_is(d, k, determiners[w])) return 1;
    if (n > 4 && !memcmp(tok_str(d, k) + n - 3, "ing", 3)) return 1; /* "having Karlsson back was ..." */
    int m = k + 1 < d->ntoks ? qt_mention_starting_at(d, k + 1) : -1;
    return !(m >= 0 && d->mentions[m].type == MT_NAME);
}

/* Where the content after a forward cue starts, or -1 when there is none. */
static int forward_content(const qt_doc *d, int cue, uint32_t cf, int end)
{
    /* Up to seven tokens of adverbials or an object before "that":
     * "highlighted on Thursday that", "told reporters that", "stated his concern that". */
    for (int k = cue + 1; k <= end && k <= cue + 8; k++) {
        /* A quoted fragment right after the cue is the start of the content
         * (`said “...”` is a direct quote's leading cue); one further on sits
         * inside a bare clause (`says he “fumbled into” medicine`). */
        if (qt_in_span(d, k)) {
            if (k == cue + 1) return -1;
            break;
        }
        if (qt_tok_is(d, k, "that")) return k + 1 <= end ? k + 1 : -1;
        /* (commas around an adverb: "states, however, that") */
        if (d->toks[k].first_cp == ',' && k + 2 <= end && d->toks[k + 2].first_cp == ',' &&
            (qt_is_adverb_like(d, k + 1) || qt_tok_is(d, k + 1, "however"))) {
            k += 2;
            continue;
        }
        if (d->toks[k].first_cp == ',' && qt_tok_is(d, k + 1, "that") &&
            (qt_is_adverb_like(d, k - 1) || qt_tok_is(d, k - 1, "however")))
            continue;
        if ((d->toks[k].flags & TK_PUNCT) && d->toks[k].first_cp != '.') break;
        if (qt_cue_flags(d, k) & CUE_VERB) break;
    }
    int k = cue + 1;
    /* "told reporters he ...": the addressee comes first. */
    int tell = qt_tok_is_ci(d, cue, "told") || qt_tok_is_ci(d, cue, "tell") || qt_tok_is_ci(d, cue, "tells") ||
               qt_tok_is_ci(d, cue, "telling");
    int addressee = qt_mention_starting_at(d, k);
    if (addressee >= 0 && (tell || (cf & CUE_OBJ)) && d->mentions[addressee].type != MT_PRONOUN) {
        k = d->mentions[addressee].tok_last + 1;
        /* "told Surrey’s councillors at ...": the addressee goes on */
        if (d->mentions[addressee].possessive) return -1;
    }
    else if (cf & CUE_OBJ) {
        /* "told the jury he ...", "assured her he ...": an addressee that is
         * no name, when a clause with a pronoun subject follows it. */
        int j = k;
        while (j <= end && j < k + 4 && (d->toks[j].flags & TK_WORD) && !qt_in_span(d, j) &&
               !pronoun_clause(d, j, end))
            j++;
        if (j > k && pronoun_clause(d, j, end)) return j;
        if (tell) return -1;
    }
    /* time words: "said Monday he ..." */
    static const char *const time_words[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
                                             "Sunday", "today", "yesterday", "earlier", "later", "recently",
                                             "previously", "again", "also", NULL};
    for (int w = 0; time_words[w]; w++)
        if (qt_tok_is(d, k, time_words[w])) {
            k++;
            w = -1;
        }
    if (!(cf & CUE_BARE)) {
        /* Verbs that usually take "that" still take a bare clause when its
         * subject is a pronoun, which cannot be their object: "noted he
         * continued", "confirmed there are no plans", "report they prefer",
         * also after a short time or place phrase ("stated in July it ..."). */
        if (pronoun_clause(d, k, end)) return k;
        if (qt_tok_is(d, k, "in") || qt_tok_is(d, k, "on") || qt_tok_is(d, k, "at") || qt_tok_is(d, k, "last"))
            for (int j = k + 1; j <= end && j <= k + 4 && (d->toks[j].flags & TK_WORD); j++)
                if (pronoun_clause(d, j, end)) return j;
        return -1;
    }
    if (k > end || end - k < 2) return -1;
    const qt_tok *t = &d->toks[k];
    if (!(t->flags & TK_WORD) || qt_in_span(d, k)) return -1;
    static const char *const not_clause[] = {"to", "by", "in", "on", "at", "of", "for", "about", "with", "so",
                                             "yes", "no", "goodbye", "nothing", "hello", "sorry", "thanks",
                                             "thank", "please", "as", "into", "from", "over", "after", "before",
                                             "during", "and", "or", "but", "very", "much", "little", "otherwise",
                                             "something", "anything", "farewell", "hi", "when", NULL};
    for (int w = 0; not_clause[w]; w++)
        if (qt_tok_is_ci(d, k, not_clause[w])) return -1;
    /* "predicts a ‘good likelihood’", "acknowledged a mistake", "wrote a
     * letter": after most verbs an indefinite article starts an object, not
     * a clause.  "Say" and "claim" hardly take such objects, so after them
     * it is the clause's subject ("said a deal was near"). */
    if ((qt_tok_is_ci(d, k, "a") || qt_tok_is_ci(d, k, "an")) && !say_or_claim(d, cue)) return -1;
    if (!clause_subject_start(d, k)) return -1;
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
        if (qt_cue_flags(d, i)) return 0;
        if (qt_tok_is(d, i, "that")) return 0;
        /* ", Haley agreed with this finding": about something, not reporting it */
        if (words == 0 && (qt_tok_is(d, i, "with") || qt_tok_is(d, i, "about"))) return 0;
        words++;
    }
    return words <= 5;
}

/* "did not believe that ...": the content is not asserted by the speaker. */
static int negated(const qt_doc *d, int cue)
{
    for (int k = cue - 1; k >= 0 && k >= cue - 3 && qt_same_sent(d, k, cue); k--) {
        if (qt_tok_is_ci(d, k, "not") || qt_tok_is_ci(d, k, "never") || qt_tok_is(d, k, "n't") ||
            qt_tok_is_ci(d, k, "didn't") || qt_tok_is_ci(d, k, "didn’t") || qt_tok_is_ci(d, k, "doesn't") ||
            qt_tok_is_ci(d, k, "doesn’t") || qt_tok_is_ci(d, k, "don't") || qt_tok_is_ci(d, k, "don’t"))
            return 1;
        if (!qt_is_adverb_like(d, k) && !qt_tok_is(d, k, "do")) break;
    }
    return 0;
}

/* Where a forward claim's content ends: at the sentence end, or before
 * ", he acknowledged" when another attribution takes over mid-sentence. */
static int clause_end(const qt_doc *d, int c, int end)
{
    for (int k = c + 1; k < end; k++) {
        /* "... as a carjacking and said she ...": a second verb of the same
         * speaker brings its own claim */
        if ((qt_tok_is(d, k, "and") || qt_tok_is(d, k, "but")) && !qt_in_span(d, k) &&
            (qt_cue_flags(d, k + 1) & CUE_VERB) && !qt_is_ing(d, k + 1) && !(qt_cue_flags(d, k + 1) & CUE_WEAK))
            return k - 1;
        if (d->toks[k].first_cp != ',' || qt_in_span(d, k)) continue;
        if (qt_is_ing(d, k + 1) && (qt_cue_flags(d, k + 1) & CUE_VERB) && qt_tok_is(d, k + 2, "that")) return k - 1;
        int m = qt_mention_starting_at(d, k + 1);
        if (m < 0) continue;
        int v = d->mentions[m].tok_last + 1;
        while (v <= end && qt_is_adverb_like(d, v)) v++;
        /* an attribution is closed off: ", he acknowledged." / ", she says, and"
         * (", he would hope to heal ..." goes on as the clause's own words) */
        int closed = v + 1 > end || d->toks[v + 1].first_cp == ',' || d->toks[v + 1].first_cp == '.' ||
                     d->toks[v + 1].first_cp == ';' || qt_tok_is(d, v + 1, "that");
        if (v <= end && (qt_cue_flags(d, v) & CUE_VERB) && !(qt_cue_flags(d, v) & CUE_WEAK) && !qt_is_ing(d, v) && closed)
            return k - 1;
    }
    return end;
}

/* "The good news, Kim stated, is that ...": the attribution interrupts
 * the reported words [first..a_last] and [b_first..end].  A clause before it
 * ("Kody made the choice he did, she says, and lost ...") is a claim of its
 * own, as news annotation counts it; a short phrase ("The good news") is
 * kept with the rest as one claim. */
/* Whether the words at k describe the mention before them: "a spokesman
 * for ...", "the head of ...", "who ...". */
static int appositive_start(const qt_doc *d, int k)
{
    if (qt_tok_is(d, k, "who") || qt_tok_is(d, k, "whose")) return 1;
    if (!(qt_tok_is(d, k, "a") || qt_tok_is(d, k, "an") || qt_tok_is(d, k, "the"))) return 0;
    int m = qt_mention_starting_at(d, k);
    return m >= 0 && (d->mentions[m].type == MT_ANON || d->mentions[m].type == MT_NOMINAL ||
                      d->mentions[m].type == MT_TITLE);
}

static void parenthetical(qt_doc *d, int first, int a_last, int b_first, int end, int m, int cue,
                          const char *rule)
{
    if (words_between(d, first, a_last) >= 4 && !is_direct_quote_region(d, first, a_last)) {
        int f = add_claim(d, first, a_last, m, cue, 0.8, rule);
        /* "..., said Sutopo Purwo Nugroho, a spokesman for the agency." and
         * "..., said Ann Lee, who ...": the rest describes the speaker */
        int g = appositive_start(d, b_first) ? -1 : add_claim(d, b_first, end, m, cue, 0.8, rule);
        if (f >= 0 || g >= 0) return;
    }
    add_claim(d, first, end, m, cue, 0.8, rule);
}

/* "..., but added that ...": a cue coordinated with an earlier verb shares
 * its subject. */
static int coordinated(const qt_doc *d, int cue, int first)
{
    int k = cue - 1;
    while (k > first && qt_is_adverb_like(d, k)) k--;
    return k > first && (qt_tok_is(d, k, "and") || qt_tok_is(d, k, "but"));
}

/* "Authorities described her as the children’s mother", "he now calls it
 * a rookie mistake": what the speaker called someone or something is their
 * claim.  Active voice only: in "he was described as ..." the subject is
 * what was described.  Returns the claim's last token, or -1 for none. */
static int characterisation(qt_doc *d, int cue, int first, int end)
{
    static const char *const passive[] = {"was", "were", "is", "are", "be", "been", "being", NULL};
    static const char *const objects[] = {"it", "him", "her", "them", "this", "himself", "herself", NULL};
    int p = cue - 1;
    while (p > first && qt_is_adverb_like(d, p) && !qt_tok_is(d, p, "was") && !qt_tok_is(d, p, "were")) p--;
    for (int w = 0; passive[w]; w++)
        if (qt_tok_is(d, p, passive[w])) return -1;
    int c = -1;
    for (int k = cue + 1; k <= end && k <= cue + 8 && c < 0; k++) {
        if (qt_in_span(d, k) || (d->toks[k].flags & TK_PUNCT) || qt_cue_flags(d, k)) break;
        if (qt_tok_is(d, k, "as")) c = k + 1;
    }
    if (c < 0)
        for (int w = 0; objects[w] && c < 0; w++)
            if (qt_tok_is(d, cue + 1, objects[w]) && cue + 2 <= end && (d->toks[cue + 2].flags & TK_LOWER) &&
                !qt_tok_is(d, cue + 2, "to") && !qt_tok_is(d, cue + 2, "for") && !qt_tok_is(d, cue + 2, "on") &&
                !qt_tok_is(d, cue + 2, "up") && !qt_tok_is(d, cue + 2, "out") && !qt_tok_is(d, cue + 2, "back"))
                c = cue + 2;
    if (c < 0 || c > end) return -1;
    int m = qt_subject_before(d, cue);
    if (m < 0 && coordinated(d, cue, first)) m = qt_participle_subject(d, cue);
    if (!qt_usable_mention(d, m)) return -1;
    int stop = clause_end(d, c, end);
    return add_claim(d, c, stop, m, cue, 0.7, "characterisation") >= 0 ? stop : -1;
}

static void claims_in_sentence(qt_doc *d, int s)
{
    int first = d->sents[s].tok_first, end = sentence_content_end(d, s);
    for (int i = first; i <= end; i++) {
        uint32_t cf = qt_cue_flags(d, i);
        if ((cf & CUE_AS) && qt_inside_claim(d, d->toks[i].start) < 0) {
            int stop = characterisation(d, i, first, end);
            if (stop >= 0) {
                i = stop; /* a second verb may follow: "... and said ..." */
                continue;
            }
        }
        if (!cf || (cf & CUE_WEAK)) continue;
        if (qt_inside_claim(d, d->toks[i].start) >= 0) continue;
        if (cf & CUE_SOURCE_AFTER) {
            int m = qt_mention_starting_at(d, i + 2);
            /* "according to the Crown": the article is outside a name */
            if (m < 0 && (qt_tok_is(d, i + 2, "the") || qt_tok_is(d, i + 2, "a"))) m = qt_mention_starting_at(d, i + 3);
            if (!qt_usable_mention(d, m)) continue;
            /* the source's name may run on past the mention: "the National
             * Institute on Drug Abuse," */
            int after = d->mentions[m].tok_last + 1;
            while (after < end && after <= d->mentions[m].tok_last + 5 && d->toks[after].first_cp != ',' &&
                   (d->toks[after].flags & (TK_WORD | TK_PUNCT)) && !qt_cue_flags(d, after) &&
                   d->toks[after].first_cp != '.')
                after++;
            if (after <= end && d->toks[after].first_cp != ',') after = d->mentions[m].tok_last + 1;
            if (i <= first + 1 && after <= end && d->toks[after].first_cp == ',')
                add_claim(d, after + 1, end, m, i, 0.85, "according-to-leading");
            else if (i > first && d->toks[i - 1].first_cp == ',' && after < end && d->toks[after].first_cp == ',')
                parenthetical(d, first, i - 2, after + 1, end, m, i, "according-to-parenthetical");
            else if (i > first && d->toks[i - 1].first_cp == ',')
                add_claim(d, first, i - 2, m, i, 0.85, "according-to-trailing");
            i = d->mentions[m].tok_last;
            continue;
        }
        /* a participle after a comma, also one closing a quote: `,” noting` */
        int ing = qt_is_ing(d, i) && i > first &&
                  (d->toks[i - 1].first_cp == ',' ||
                   (i - 1 > first && (d->toks[i - 1].flags & TK_QCLOSE) && d->toks[i - 2].first_cp == ','));
        int m = ing ? qt_participle_subject(d, i) : qt_subject_before(d, i);
        if (m < 0 && !ing && coordinated(d, i, first)) m = qt_participle_subject(d, i);
        int inverted = 0;
        if (m < 0 && !ing) {
            /* "..., says U.S. officials," / "..., as confirmed by Blinken." */
            int k = i + 1;
            if (qt_tok_is(d, k, "by")) k++;
            m = qt_mention_starting_at(d, k);
            if (!qt_usable_mention(d, m)) continue;
            inverted = 1;
        }
        if (!qt_usable_mention(d, m)) continue;
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
                i = stop; /* a second verb may follow: "..., but added that ..." */
                continue;
            }
        }
        /* Trailing or parenthetical attribution: ", X said." / ", X stated, is that". */
        int before = subj_first - 1;
        /* "When asked ..., McCallum said, “...”": the quote is what he said,
         * the words before it only set the scene */
        int q = subj_last + 1;
        while (q <= end && (d->toks[q].first_cp == ',' || d->toks[q].first_cp == ':')) q++;
        int quote_follows = q <= end && (d->toks[q].flags & TK_QOPEN);
        if (!ing && !quote_follows && before > first && d->toks[before].first_cp == ',') {
            if (ends_sentence_after(d, subj_last, end)) {
                add_claim(d, first, before - 1, m, i, 0.85, "trailing-attribution");
            } else if (subj_last + 1 <= end && d->toks[subj_last + 1].first_cp == ',') {
                parenthetical(d, first, before - 1, subj_last + 2, end, m, i, "parenthetical");
            }
        }
    }
}

/* The speaker mention that makes up the sentence s on its own: a name,
 * maybe with a title, and after a comma a short description ("Rod Peters,
 * Lake Cowichan mayor", "Matt Danison, Rentals.ca").  -1 when the sentence
 * says anything more. */
static int signature(const qt_doc *d, int s)
{
    int first = d->sents[s].tok_first, last = d->sents[s].tok_last;
    int m = qt_mention_starting_at(d, first);
    /* (two words at least: a lone "Reuters" or "PG" under a paragraph is a
     * credit or a rating) */
    if (m < 0 || (d->mentions[m].type != MT_NAME && d->mentions[m].type != MT_ORG) || d->mentions[m].possessive ||
        d->mentions[m].tok_last == d->mentions[m].tok_first)
        return -1;
    int k = d->mentions[m].tok_last + 1;
    if (k > last) return m;
    if (d->toks[k].first_cp != ',' || last - k > 8) return -1;
    for (int i = k + 1; i <= last; i++)
        if (qt_cue_flags(d, i) || (d->toks[i].flags & TK_QMARK) || d->toks[i].first_cp == '.') return -1;
    return m;
}

/* Pull quotes and embedded posts, laid out as a paragraph of the speaker's
 * words followed by who said them: "... constitute an emergency. Linda
 * Lamoureux" (a name with no verb and no final period), or "... without
 * power. pic.twitter.com/x — BC Hydro (@bchydro) December 22, 2018". */
static void signed_paragraphs(qt_doc *d)
{
    for (int s = 0; s < d->nsents; s++) {
        int p = d->sents[s].para;
        if (s + 1 < d->nsents && d->sents[s + 1].para == p) continue; /* the paragraph's last sentence */
        int first = d->paras[p].tok_first, last = d->sents[s].tok_last;
        if (d->toks[last].flags & TK_PUNCT) continue;
        int m = s > 0 && d->sents[s - 1].para == p ? signature(d, s) : -1;
        if (m >= 0) {
            add_claim(d, first, d->sents[s - 1].tok_last, m, -1, 0.7, "pull-quote");
            continue;
        }
        /* "— Name (@handle) date" */
        for (int i = d->sents[s].tok_first; i + 3 <= last; i++) {
            if (d->toks[i].first_cp != 0x2014) continue;
            int n = qt_mention_starting_at(d, i + 1);
            if (n < 0 || d->mentions[n].tok_last + 2 > last) break;
            int open = d->mentions[n].tok_last + 1;
            if (d->toks[open].first_cp != '(' || d->toks[open + 1].first_cp != '@') break;
            int end = i - 1;
            /* the post's words end before its picture link ("#BCStormpic.twitter.com/...") */
            for (int k = first; k < i; k++)
                if (memmem(tok_str(d, k), tok_len(d, k), "pic.twitter.com", 15)) {
                    end = k - 1;
                    if (end >= first && d->toks[end].first_cp == '#') end--;
                    break;
                }
            add_claim(d, first, end, n, -1, 0.7, "embedded-post");
            break;
        }
    }
}

void qt_reported_claims(qt_doc *d)
{
    signed_paragraphs(d);
    for (int s = 0; s < d->nsents; s++) claims_in_sentence(d, s);
}
