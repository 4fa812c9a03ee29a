/*
 * qt_mentions.c - speaker mentions and in-article coreference.
 *
 * Mentions are found from word lists rather than a tagger: runs of
 * capitalised words split into a title part (titles.txt, demonyms.txt) and a
 * name part; pronouns; "the minister"-style nominals; "a senior official"-style
 * anonymous sources; plural groups ("U.S. officials").  Coreference then maps
 * every mention to an entity: a surname or given name to the most recent
 * person carrying it (so "Kim" is whichever Kim this article named), a title
 * to the person who holds it, a pronoun to the most salient compatible
 * person.  Same-surname people stay apart because matching is per article and
 * a title ("Ambassador Kim") that contradicts a known person's title starts a
 * new entity.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qt_scan_int.h"

static int is_word(const qt_doc *d, int i)
{
    return i >= 0 && i < d->ntoks && (d->toks[i].flags & TK_WORD);
}

static int is_cap(const qt_doc *d, int i)
{
    return is_word(d, i) && (d->toks[i].flags & TK_CAP);
}

/* Length without a trailing possessive ('s or ’s). */
static size_t bare_len(const qt_doc *d, int i)
{
    size_t n = tok_len(d, i);
    if (d->toks[i].flags & TK_POSS) n -= (tok_str(d, i)[n - 2] == '\'') ? 2 : 4;
    return n;
}

static uint32_t lex(const qt_lexicon *l, const qt_doc *d, int i, int fold)
{
    return qt_lexicon_get(l, tok_str(d, i), bare_len(d, i), fold);
}

/* Title or demonym word at i, counting "U.S" + "." as the abbreviation "U.S.". */
static int title_like(const qt_doc *d, int i, int *consumed)
{
    *consumed = 1;
    if (!is_word(d, i)) return 0;
    if (i + 1 < d->ntoks && d->toks[i + 1].first_cp == '.' && d->toks[i + 1].start == d->toks[i].end) {
        size_t n = tok_len(d, i) + 1;
        if (qt_lexicon_get(d->sc->titles, tok_str(d, i), n, 0) ||
            qt_lexicon_get(d->sc->demonyms, tok_str(d, i), n, 0)) {
            *consumed = 2;
            return 1;
        }
    }
    return lex(d->sc->titles, d, i, 0) || lex(d->sc->demonyms, d, i, 0);
}

static int is_connector(const qt_doc *d, int i)
{
    static const char *const words[] = {"of", "the", "de", "van", "von", "bin", "al", "da", "di",
                                        "du", "le", "la", "der", "den", NULL};
    if (!is_word(d, i) || !(d->toks[i].flags & TK_LOWER)) return 0;
    return qt_tok_in(d, i, words);
}

static int add_mention(qt_doc *d, int first, int last, int type, qt_speaker_kind skind)
{
    if (!qt_grow((void **)&d->mentions, &d->cap_mentions, d->nmentions, sizeof *d->mentions)) return -1;
    qt_mention *m = &d->mentions[d->nmentions];
    memset(m, 0, sizeof *m);
    m->tok_first = first;
    m->tok_last = last;
    m->name_first = m->name_last = -1;
    m->type = type;
    m->skind = skind;
    m->entity = -1;
    m->possessive = (d->toks[last].flags & TK_POSS) != 0;
    /* "Ministers’ meeting": a plural possessive leaves the apostrophe as a token. */
    if (last + 1 < d->ntoks && d->toks[last + 1].start == d->toks[last].end &&
        (d->toks[last + 1].first_cp == 0x2019 || d->toks[last + 1].first_cp == '\'') &&
        !(d->toks[last + 1].flags & TK_QOPEN))
        m->possessive = 1;
    d->toks[last].mention = d->nmentions;
    return d->nmentions++;
}

/* Builds the text of tokens [a..b] with single spaces, dropping a final possessive. */
char *qt_join_tokens(const qt_doc *d, int a, int b)
{
    size_t cap = 1;
    for (int i = a; i <= b; i++) cap += tok_len(d, i) + 1;
    char *s = malloc(cap);
    if (!s) return NULL;
    size_t n = 0;
    for (int i = a; i <= b; i++) {
        size_t len = (i == b) ? bare_len(d, i) : tok_len(d, i);
        if (n > 0 && (d->toks[i].flags & TK_SPACE_BEFORE)) s[n++] = ' ';
        memcpy(s + n, tok_str(d, i), len);
        n += len;
    }
    s[n] = '\0';
    return s;
}

static int places_match(const qt_doc *d, int a, int b)
{
    char *s = qt_join_tokens(d, a, b);
    if (!s) return 0;
    int hit = qt_lexicon_get(d->sc->places, s, strlen(s), 0) != 0;
    free(s);
    return hit;
}

/* Longest run of capitalised words taken as one mention: "U.S. Secretary of
 * State Antony Blinken" is 7 tokens.  The bound keeps a hostile run of
 * capitals from being walked again from each of its words. */
#define QT_NAME_MAX_TOKENS 32

/* A run of capitalised words starting at i; returns the last token used.
 * The run may cross a sentence end the splitter saw ("Ms. May", where "May"
 * is also a month) but never the end of the paragraph: a paragraph ending in
 * a name without a period would otherwise join the next one's first words. */
static int capitalised_run(qt_doc *d, int i, int sent_first)
{
    const qt_para *para = &d->paras[d->toks[i].para];
    int para_last = para->tok_first + para->tok_count - 1;
    int j = i, last = i, risky = 0, before_risky = i;
    for (;;) {
        int used;
        if (j > para_last || j - i >= QT_NAME_MAX_TOKENS) break;
        if (is_cap(d, j) || title_like(d, j, &used)) {
            if (!title_like(d, j, &used)) used = 1;
            if (j > i && (d->toks[j].flags & TK_CAP) && j == sent_first) break;
            /* never into the next sentence or paragraph ("... Justin Trudeau" /
             * "Trudeau urged ...") */
            if (j > i && d->toks[j].sent != d->toks[i].sent) break;
            last = j + used - 1;
            if (d->toks[j].flags & TK_POSS) break;
            j += used;
            /* An initial: "J." */
            if (j < d->ntoks && d->toks[j].first_cp == '.' && d->toks[j].start == d->toks[j - 1].end &&
                tok_len(d, j - 1) == 1) {
                last = j;
                j++;
            }
            if (j < d->ntoks && d->toks[j].span >= 0) break;
            continue;
        }
        /* "of", "van der", "of the" between capitalised words */
        int c = j;
        while (c > i && c < j + 2 && is_connector(d, c)) c++;
        if (c > j && is_cap(d, c) && d->toks[c].span < 0 &&
            !qt_lexicon_get(d->sc->not_names, tok_str(d, c), tok_len(d, c), 0)) {
            j = c;
            continue;
        }
        /* "and", "on", "for" join the words of a body's name ("Truth and
         * Reconciliation Commission", "Institute on Drug Abuse") but also
         * two names ("Sandmann and Phillips"): taken on trial, kept only if
         * the run turns out to hold an organisation word. */
        if (j > i && !risky && (qt_tok_is(d, j, "and") || qt_tok_is(d, j, "on") || qt_tok_is(d, j, "for")) &&
            is_cap(d, j + 1) && d->toks[j + 1].span < 0 &&
            !qt_lexicon_get(d->sc->not_names, tok_str(d, j + 1), tok_len(d, j + 1), 0)) {
            risky = j;
            before_risky = last;
            j++;
            continue;
        }
        break;
    }
    if (risky) {
        int org = 0;
        for (int k = i; k <= last && !org; k++)
            org = is_word(d, k) && (d->toks[k].flags & TK_CAP) &&
                  qt_lexicon_get(d->sc->org_words, tok_str(d, k), bare_len(d, k), 0);
        if (!org) last = before_risky;
    }
    return last;
}

static int gender_of_first_name(const qt_doc *d, int i)
{
    return (int)qt_lexicon_get(d->sc->first_names, tok_str(d, i), bare_len(d, i), 0);
}

static int honorific_gender(const qt_doc *d, int i)
{
    if (qt_tok_is(d, i, "Mr") || qt_tok_is(d, i, "Mr.")) return G_MALE;
    if (qt_tok_is(d, i, "Mrs") || qt_tok_is(d, i, "Ms") || qt_tok_is(d, i, "Miss")) return G_FEMALE;
    return 0;
}

/* Whether the word at i is the first or last name of someone the article
 * has already named ("Scheer, however, said" after "Andrew Scheer"). */
static int named_before(const qt_doc *d, int i)
{
    size_t n = bare_len(d, i);
    for (int m = 0; m < d->nmentions; m++) {
        const qt_mention *mn = &d->mentions[m];
        if (mn->type != MT_NAME || mn->name_first < 0 || mn->name_last == mn->name_first) continue;
        int ends[2] = {mn->name_first, mn->name_last};
        for (int k = 0; k < 2; k++)
            if (bare_len(d, ends[k]) == n && !memcmp(tok_str(d, ends[k]), tok_str(d, i), n)) return 1;
    }
    return 0;
}

/* Classifies the capitalised run [a..b] into a mention (or none). */
static void name_mention(qt_doc *d, int a, int b)
{
    int i = a, title_seen = 0, head_tok = -1, gender = 0, used = 1;
    if (places_match(d, a, b)) {
        add_mention(d, a, b, MT_PLACE, QT_SPEAKER_ORGANIZATION);
        return;
    }
    while (i <= b) {
        if (title_like(d, i, &used)) {
            uint32_t tf = qt_lexicon_get(d->sc->titles, tok_str(d, i), tok_len(d, i) + (used - 1), 0);
            if (tf) title_seen = 1;
            if (tf & TITLE_HEAD) head_tok = i;
            if (!gender) gender = honorific_gender(d, i);
            i += used;
        } else if (i < b && lex(d->sc->roles, d, i, 1) && is_cap(d, i + 1) && !(d->toks[i].flags & TK_POSS)) {
            /* a role noun used as a title: "Nurse Ines Okafor", "Coach Ray Dunn" */
            title_seen = 1;
            head_tok = i;
            i++;
        } else if (is_connector(d, i) && title_seen) {
            i++;
        } else if (d->toks[i].first_cp == '.') {
            i++;
        } else {
            break;
        }
    }
    /* "Nova Scotia Liberal MP Sean Fraser": words before the last head word
     * are the title's qualifiers, not the name. */
    for (int k = b - 1; k > i; k--) {
        if (!is_word(d, k)) continue;
        uint32_t tf = qt_lexicon_get(d->sc->titles, tok_str(d, k), tok_len(d, k), 0);
        if (!tf && k + 1 <= b && d->toks[k + 1].first_cp == '.' && d->toks[k + 1].start == d->toks[k].end)
            tf = qt_lexicon_get(d->sc->titles, tok_str(d, k), tok_len(d, k) + 1, 0); /* "Lt." */
        if (tf & TITLE_HEAD) {
            title_seen = 1;
            head_tok = k;
            if (!gender) gender = honorific_gender(d, k);
            int n = k + 1;
            while (n <= b && (title_like(d, n, &used) || is_connector(d, n) || d->toks[n].first_cp == '.')) n++;
            if (n <= b) i = n;
            break;
        }
    }
    /* Everything was title: "Defense Secretary", "U.S. Secretary of Defense". */
    if (i > b) {
        if (!title_seen) return; /* only demonyms: "U.S.", "Russian" */
        int m = add_mention(d, a, b, MT_TITLE, QT_SPEAKER_PERSON);
        if (m >= 0 && head_tok >= 0)
            d->mentions[m].head = qt_lexicon_key(d->sc->roles, tok_str(d, head_tok), bare_len(d, head_tok), 1);
        return;
    }
    /* The name part: an organisation word anywhere makes it an organisation
     * (the whole run when the "name" would open with "for" or "and": "the
     * Canadian Council for Refugees"). */
    for (int k = (d->toks[i].flags & TK_LOWER) ? a : i; k <= b; k++) {
        if (is_word(d, k) && lex(d->sc->org_words, d, k, 0)) {
            add_mention(d, a, b, MT_ORG, QT_SPEAKER_ORGANIZATION);
            return;
        }
    }
    if (places_match(d, i, b)) {
        add_mention(d, a, b, MT_PLACE, QT_SPEAKER_ORGANIZATION);
        return;
    }
    /* A lone capitalised word at the start of a sentence is usually not a
     * name ("Mostly", "Having") unless a speech verb or a known given name
     * says it is; an all-capitals word is an acronym of a body ("SPS"). */
    if (i == b && !title_seen) {
        if (qt_lexicon_get(d->sc->not_names, tok_str(d, i), bare_len(d, i), 0)) return;
        size_t n = bare_len(d, i);
        int upper = n >= 2;
        for (size_t k = 0; k < n && upper; k++) {
            char c = tok_str(d, i)[k];
            upper = (c >= 'A' && c <= 'Z') || c == '&';
        }
        if (upper) {
            add_mention(d, a, b, MT_ORG, QT_SPEAKER_ORGANIZATION);
            return;
        }
        int sentence_initial = d->toks[i].sent >= 0 && d->sents[d->toks[i].sent].tok_first == i;
        int next = b + 1;
        static const char *const aux[] = {"also", "has", "have", "had", "would", "will", "further", "again",
                                          "then", "later", "never", "not", "did", "does", "first", "earlier", NULL};
        while (next < d->ntoks && (d->toks[next].flags & TK_LOWER)) {
            int skip = tok_len(d, next) > 3 && !memcmp(tok_str(d, next) + tok_len(d, next) - 2, "ly", 2);
            for (int k = 0; aux[k] && !skip; k++) skip = qt_tok_is(d, next, aux[k]);
            if (!skip) break;
            next++;
        }
        int before_cue = next < d->ntoks && qt_lexicon_get(d->sc->cues, tok_str(d, next), tok_len(d, next), 1);
        /* "Reports say ...", "Critics argue ...": a speech verb or its noun is
         * no name */
        if (sentence_initial && qt_lexicon_get(d->sc->cues, tok_str(d, i), bare_len(d, i), 1)) return;
        if (sentence_initial && !before_cue && !gender_of_first_name(d, i) && !named_before(d, i)) return;
    }
    int m = add_mention(d, a, b, MT_NAME, QT_SPEAKER_PERSON);
    if (m < 0) return;
    qt_mention *mn = &d->mentions[m];
    mn->name_first = i;
    mn->name_last = b;
    if (head_tok >= 0) mn->head = qt_lexicon_key(d->sc->roles, tok_str(d, head_tok), bare_len(d, head_tok), 1);
    mn->gender = gender ? gender : gender_of_first_name(d, i);
}

static int is_determiner(const qt_doc *d, int i, int indefinite)
{
    static const char *const indef[] = {"a", "an", "one", "another", NULL};
    static const char *const def[] = {"the", NULL};
    return qt_tok_in_ci(d, i, indefinite ? indef : def);
}

static int stop_modifier(const qt_doc *d, int i)
{
    static const char *const words[] = {"the", "a", "an", "of", "in", "to", "and", "or", "that", "with", "by",
                                        "for", "from", "on", "at", "as", "his", "her", "their", "its", "some",
                                        "many", "most", "all", "other", "these", "those", "while", "but", NULL};
    if (!is_word(d, i) || d->toks[i].span >= 0) return 1;
    if (qt_lexicon_get(d->sc->cues, tok_str(d, i), tok_len(d, i), 1)) return 1;
    return qt_tok_in_ci(d, i, words);
}

/* Determiner + up to three modifiers + a role noun ending at or after i. */
static int role_after(const qt_doc *d, int i, int max_mods)
{
    for (int k = i + 1; k <= i + 1 + max_mods && k < d->ntoks; k++) {
        if (!is_word(d, k) || d->toks[k].span >= 0 || d->toks[k].sent != d->toks[i].sent) return -1;
        if ((d->toks[k].flags & TK_LOWER) && qt_lexicon_get(d->sc->roles, tok_str(d, k), tok_len(d, k), 1)) {
            /* "a government source", not "a source of": the noun ends the phrase */
            return k;
        }
        if (stop_modifier(d, k)) return -1;
    }
    return -1;
}

/* An unnamed source is known by what follows the noun too: "another member
 * of the public", "a spokesperson for the camp", "a person familiar with
 * the negotiations".  Returns the last token of such a short phrase after
 * the noun at k, or k. */
static int source_complement(const qt_doc *d, int k, int last)
{
    int p = k + 1;
    if (qt_tok_is(d, p, "familiar") || qt_tok_is(d, p, "close")) p++;
    if (p > last || !(qt_tok_is(d, p, "of") || qt_tok_is(d, p, "for") || qt_tok_is(d, p, "with") ||
                      qt_tok_is(d, p, "from") || qt_tok_is(d, p, "at") || qt_tok_is(d, p, "to")))
        return k;
    int e = -1;
    for (int j = p + 1; j <= last && j <= p + 4; j++) {
        if (!is_word(d, j) || d->toks[j].span >= 0 || qt_tok_is(d, j, "who") || qt_tok_is(d, j, "that") ||
            qt_lexicon_get(d->sc->cues, tok_str(d, j), tok_len(d, j), 1))
            break;
        e = j;
        if (!qt_tok_is(d, j, "the") && !qt_tok_is(d, j, "a") && (d->toks[j].flags & TK_LOWER) &&
            (j + 1 > last || !is_word(d, j + 1) || qt_lexicon_get(d->sc->cues, tok_str(d, j + 1), tok_len(d, j + 1), 1)))
            break;
    }
    return e > p && !qt_tok_is(d, e, "the") && !qt_tok_is(d, e, "a") ? e : k;
}

/* Determiner + up to two modifiers + an organisation noun (org_nouns.txt):
 * "the company", "the security firm".  Not when the noun only modifies the
 * next one ("the city staff"). */
static int org_after(const qt_doc *d, int i)
{
    for (int k = i + 1; k <= i + 3 && k < d->ntoks; k++) {
        if (!is_word(d, k) || d->toks[k].span >= 0 || d->toks[k].sent != d->toks[i].sent) return -1;
        if ((d->toks[k].flags & TK_LOWER) && lex(d->sc->org_nouns, d, k, 1)) {
            int n = k + 1;
            if (!(d->toks[k].flags & TK_POSS) && is_word(d, n) && (d->toks[n].flags & TK_LOWER) &&
                (lex(d->sc->org_nouns, d, n, 1) || lex(d->sc->groups, d, n, 1) || lex(d->sc->roles, d, n, 1)))
                return -1;
            return k;
        }
        /* (a cheap stop: the short function words, not the full stop_modifier) */
        if (tok_len(d, k) <= 2 || qt_tok_is(d, k, "and") || qt_tok_is(d, k, "for") || qt_tok_is(d, k, "the") ||
            qt_tok_is(d, k, "its") || qt_tok_is(d, k, "that"))
            return -1;
    }
    return -1;
}

static int np_quantifier(const qt_doc *d, int i)
{
    static const char *const words[] = {"some", "many", "most", "several", "both", "all", "other", "his", "her",
                                        "their", "its", "our", "few", NULL};
    for (int k = 0; words[k]; k++)
        if (qt_tok_is_ci(d, i, words[k])) return 1;
    return 0;
}

static int np_determiner(const qt_doc *d, int i);
static int np_breaker(const qt_doc *d, int i);

/* A common noun phrase of up to six words from i that ends the clause
 * (a comma, semicolon or the sentence end follows) with a lower-case head;
 * returns the head, or -1. */
static int source_np(const qt_doc *d, int i, int last)
{
    int h = -1;
    for (int k = i; k <= last && k < i + 6; k++) {
        if (!is_word(d, k) || d->toks[k].span >= 0) break;
        if (qt_tok_is(d, k, "that") || qt_tok_is(d, k, "which") || qt_tok_is(d, k, "who") ||
            qt_lexicon_get(d->sc->cues, tok_str(d, k), tok_len(d, k), 1))
            return -1;
        h = k;
    }
    if (h < 0 || !(d->toks[h].flags & TK_LOWER) || (d->toks[h].flags & TK_POSS)) return -1;
    /* "according to the , but ...": a determiner alone names no source */
    if (np_determiner(d, h) || np_breaker(d, h)) return -1;
    int n = h + 1;
    if (n <= last && d->toks[n].first_cp != ',' && d->toks[n].first_cp != ';' && d->toks[n].first_cp != '.')
        return -1;
    return h;
}

/* Words that open a subject noun phrase besides "the" and "a". */
static int np_determiner(const qt_doc *d, int i)
{
    static const char *const words[] = {"the", "a", "an", "some", "both", "many", "several", "most", "all",
                                        "his", "her", "their", "its", "our", "my", "one", "another", "each",
                                        "every", "other", "these", "those", "two", "three", "few", NULL};
    for (int k = 0; words[k]; k++)
        if (qt_tok_is_ci(d, i, words[k])) return 1;
    return 0;
}

/* Verbs, auxiliaries and relative words: never inside a noun phrase. */
static int np_breaker(const qt_doc *d, int i)
{
    static const char *const words[] = {"is", "are", "was", "were", "be", "been", "being", "has", "have", "had",
                                        "will", "would", "can", "could", "should", "may", "might", "must", "do",
                                        "does", "did", "not", "who", "which", "whose", "where", "when", "than",
                                        "also", "then", "there", "here", "what", "how", "why", "if", "so", NULL};
    if (stop_modifier(d, i) || qt_lexicon_get(d->sc->pronouns, tok_str(d, i), tok_len(d, i), 1)) return 1;
    size_t n = tok_len(d, i);
    if (n > 3 && !memcmp(tok_str(d, i) + n - 2, "ly", 2)) return 1;
    for (int k = 0; words[k]; k++)
        if (qt_tok_is_ci(d, i, words[k])) return 1;
    return 0;
}

/* Whether a clause can start at token i: at the start of a sentence, after
 * a comma, colon, dash or bracket, or after a conjunction. */
static int clause_start(const qt_doc *d, int i, int sent_first)
{
    static const char *const conj[] = {"and", "but", "while", "as", "because", "when", "since", "although",
                                       "though", "so", "where", "after", "before", "if", "yet", "whereas", NULL};
    if (i == sent_first) return 1;
    int p = i - 1;
    uint32_t c = d->toks[p].first_cp;
    if (c == ',' || c == ';' || c == ':' || c == 0x2014 || c == 0x2013 || c == '(') return 1;
    if (d->toks[p].flags & TK_QCLOSE) return 1;
    for (int k = 0; conj[k]; k++)
        if (qt_tok_is_ci(d, p, conj[k])) return 1;
    return 0;
}

/* The subject of a speech verb as a common noun phrase no word list knows:
 * "The 32-year-old labourer says", "both groups report", "the hereditary
 * leaders say".  The phrase opens a clause with a determiner (or is a bare
 * plural), runs over lower-case modifiers, and its last word - the head -
 * stands right before the cue, adverbs and auxiliaries aside.  Returns the
 * head token, or -1. */
static int subject_np(const qt_doc *d, int i, int first, int last, int cue, int *start)
{
    *start = i;
    /* Cheap test first: only lower-case words lie between the phrase's
     * second word and cue, the next cue word of the sentence. */
    if (cue > last || cue - i > 8) return -1;
    for (int k = i + 1; k < cue; k++)
        if (!is_word(d, k) || !(d->toks[k].flags & (TK_LOWER | TK_DIGIT)) || d->toks[k].mention >= 0) return -1;
    /* a possessor as determiner: "Trudeau’s office said" */
    int pm = i > first ? d->toks[i - 1].mention : -1;
    int poss = pm >= 0 && (d->toks[i - 1].flags & TK_POSS) &&
               (d->mentions[pm].type == MT_NAME || d->mentions[pm].type == MT_ORG) &&
               clause_start(d, d->mentions[pm].tok_first, first);
    if (poss) *start = d->mentions[pm].tok_first;
    else if (!clause_start(d, i, first)) return -1;
    int det = poss || np_determiner(d, i);
    int j = det && !poss ? i + 1 : i;
    int h = -1;
    for (int k = j; k <= last && k < j + 5; k++) {
        if (!is_word(d, k) || !(d->toks[k].flags & (TK_LOWER | TK_DIGIT)) || d->toks[k].mention >= 0 ||
            np_breaker(d, k))
            break;
        h = k;
        if (d->toks[k].flags & TK_POSS) break;
    }
    if (h < 0 || (d->toks[h].flags & (TK_POSS | TK_DIGIT)) || tok_len(d, h) < 3) return -1;
    size_t n = bare_len(d, h);
    int plural = n > 3 && tok_str(d, h)[n - 1] == 's' && tok_str(d, h)[n - 2] != 's';
    if (!det && !plural) return -1;
    int v = h + 1;
    while (v <= last && is_word(d, v) && (d->toks[v].flags & TK_LOWER) && v < h + 3) {
        size_t vn = tok_len(d, v);
        int adv = (vn > 3 && !memcmp(tok_str(d, v) + vn - 2, "ly", 2)) || qt_tok_is(d, v, "also") ||
                  qt_tok_is(d, v, "have") || qt_tok_is(d, v, "has") || qt_tok_is(d, v, "had") ||
                  qt_tok_is(d, v, "further") || qt_tok_is(d, v, "again") || qt_tok_is(d, v, "later");
        if (!adv) break;
        v++;
    }
    if (v > last || !is_word(d, v) || d->toks[v].span >= 0) return -1;
    size_t vn = tok_len(d, v);
    if (vn > 4 && !memcmp(tok_str(d, v) + vn - 3, "ing", 3)) return -1;
    uint32_t cf = qt_lexicon_get(d->sc->cues, tok_str(d, v), vn, 1);
    if (!cf) return -1;
    /* Weak cues are often nouns too ("the highest figures", "the best
     * answers"): only with a colon, comma, quote or "that" after them. */
    if (cf & CUE_WEAK) {
        int nx = v + 1;
        if (nx > last || !((d->toks[nx].flags & TK_QMARK) || d->toks[nx].first_cp == ',' ||
                           d->toks[nx].first_cp == ':' || qt_tok_is(d, nx, "that")))
            return -1;
    }
    return h;
}

qt_status qt_find_mentions(qt_doc *d)
{
    const qt_scanner *sc = d->sc;
    for (int s = 0; s < d->nsents; s++) {
        int first = d->sents[s].tok_first, last = d->sents[s].tok_last;
        int next_cue = first; /* the next cue word at or after i (subject phrases end before one) */
        for (int i = first; i <= last; i++) {
            if (!is_word(d, i) || d->toks[i].span >= 0) continue;
            int n = d->nmentions;
            /* Anonymous sources and nominals. */
            if (is_determiner(d, i, 1) || is_determiner(d, i, 0)) {
                int k = role_after(d, i, 3);
                if (k >= 0) {
                    int indef = is_determiner(d, i, 1);
                    int head = k;
                    if (indef) k = source_complement(d, k, last);
                    int m = add_mention(d, i, k, indef ? MT_ANON : MT_NOMINAL,
                                        indef ? QT_SPEAKER_ANONYMOUS : QT_SPEAKER_PERSON);
                    if (m < 0) return QT_ERR_NOMEM;
                    d->mentions[m].head = qt_lexicon_key(sc->roles, tok_str(d, head), tok_len(d, head), 1);
                    i = k;
                    continue;
                }
                k = is_determiner(d, i, 0) ? org_after(d, i) : -1;
                if (k >= 0) {
                    int m = add_mention(d, i, k, MT_NOMINAL, QT_SPEAKER_ORGANIZATION);
                    if (m < 0) return QT_ERR_NOMEM;
                    d->mentions[m].head = qt_lexicon_key(sc->org_nouns, tok_str(d, k), bare_len(d, k), 1);
                    i = k;
                    continue;
                }
            }
            /* The source after "according to" as a common noun phrase: "the
             * preliminary findings", "government data", "Foster’s book". */
            if (i >= 2 && qt_tok_is(d, i - 1, "to") && qt_tok_is_ci(d, i - 2, "according")) {
                int h = source_np(d, i, last);
                if (h >= 0) {
                    if (add_mention(d, i, h, MT_NOMINAL, QT_SPEAKER_ORGANIZATION) < 0) return QT_ERR_NOMEM;
                    i = h;
                    continue;
                }
            }
            /* A common noun phrase as the subject of a cue. */
            if (next_cue <= i) {
                next_cue = i + 1;
                while (next_cue <= last && !(is_word(d, next_cue) && qt_lexicon_get(sc->cues, tok_str(d, next_cue),
                                                                                     tok_len(d, next_cue), 1)))
                    next_cue++;
            }
            int np_first;
            int h = subject_np(d, i, first, last, next_cue, &np_first);
            if (h >= 0) {
                size_t hn = bare_len(d, h);
                int plural = qt_lexicon_get(sc->groups, tok_str(d, h), hn, 1) ||
                             (hn > 3 && tok_str(d, h)[hn - 1] == 's' && tok_str(d, h)[hn - 2] != 's');
                int org = !plural && qt_lexicon_get(sc->org_nouns, tok_str(d, h), hn, 1);
                int indef = is_determiner(d, i, 1);
                int type = plural ? MT_GROUP : indef ? MT_ANON : MT_NOMINAL;
                qt_speaker_kind kind = plural ? QT_SPEAKER_GROUP : indef ? QT_SPEAKER_ANONYMOUS
                                                                  : org ? QT_SPEAKER_ORGANIZATION
                                                                        : QT_SPEAKER_PERSON;
                int m = add_mention(d, np_first, h, type, kind);
                if (m < 0) return QT_ERR_NOMEM;
                if (org) d->mentions[m].head = qt_lexicon_key(sc->org_nouns, tok_str(d, h), hn, 1);
                i = h;
                continue;
            }
            /* Groups: "analysts", "U.S. officials", "military officials". */
            if (qt_lexicon_get(sc->groups, tok_str(d, i), tok_len(d, i), 1) &&
                !(i + 1 <= last && is_cap(d, i + 1) && (d->toks[i].flags & TK_CAP))) {
                int a = i;
                while (a - 1 >= first && i - (a - 1) <= 4) {
                    int b = a - 1;
                    /* the period of "U.S." belongs to the modifier */
                    if (d->toks[b].first_cp == '.' && b - 1 >= first && d->toks[b - 1].end == d->toks[b].start &&
                        qt_lexicon_get(d->sc->demonyms, tok_str(d, b - 1), tok_len(d, b - 1) + 1, 0)) {
                        a = b - 1;
                        continue;
                    }
                    if (stop_modifier(d, b) || d->toks[b].mention >= 0 || (d->toks[b].flags & TK_POSS)) break;
                    a = b;
                }
                if (a < i && d->toks[a].first_cp == '.') a++;
                /* The quantifier or possessor is part of who they are: "some
                 * residents", "his supporters", "McCallum’s staff". */
                if (a - 1 >= first && (np_quantifier(d, a - 1) || ((d->toks[a - 1].flags & TK_POSS) &&
                                                                    d->toks[a - 1].mention >= 0 &&
                                                                    d->mentions[d->toks[a - 1].mention].type == MT_NAME)))
                    a = d->toks[a - 1].mention >= 0 ? d->mentions[d->toks[a - 1].mention].tok_first : a - 1;
                if (add_mention(d, a, i, MT_GROUP, QT_SPEAKER_GROUP) < 0) return QT_ERR_NOMEM;
                continue;
            }
            uint32_t pr = qt_lexicon_get(sc->pronouns, tok_str(d, i), tok_len(d, i), 1);
            if (pr && ((d->toks[i].flags & TK_LOWER) || i == first || tok_len(d, i) == 1)) {
                int m = add_mention(d, i, i, MT_PRONOUN, QT_SPEAKER_PERSON);
                if (m < 0) return QT_ERR_NOMEM;
                d->mentions[m].gender = (int)pr;
                continue;
            }
            int used;
            if (is_cap(d, i) || title_like(d, i, &used)) {
                if (qt_lexicon_get(sc->not_names, tok_str(d, i), tok_len(d, i), 0) && !title_like(d, i, &used))
                    continue;
                /* "Finally Demi ...": an adverb before a name is not part of it
                 * (given names such as Kelly or Emily are in first_names.txt) */
                size_t n0 = tok_len(d, i);
                if (n0 > 5 && !memcmp(tok_str(d, i) + n0 - 2, "ly", 2) && is_cap(d, i + 1) &&
                    !gender_of_first_name(d, i) && !title_like(d, i, &used))
                    continue;
                int b = capitalised_run(d, i, first);
                /* the lower-case role word acts as the title's head: "Cambridge
                 * cartoonist Andre Campbell", "Oilers head coach Ken Hitchcock" */
                int r = b + 1;
                if (r + 2 <= last && (d->toks[r].flags & TK_LOWER) && !lex(sc->roles, d, r, 1) &&
                    !qt_lexicon_get(sc->cues, tok_str(d, r), tok_len(d, r), 1) && !stop_modifier(d, r) &&
                    (d->toks[r + 1].flags & TK_LOWER) && lex(sc->roles, d, r + 1, 1))
                    r++;
                if (r + 1 <= last && (d->toks[r].flags & TK_LOWER) && !(d->toks[b].flags & TK_POSS) &&
                    qt_lexicon_get(sc->roles, tok_str(d, r), tok_len(d, r), 1) && is_cap(d, r + 1) &&
                    !qt_lexicon_get(sc->not_names, tok_str(d, r + 1), tok_len(d, r + 1), 0)) {
                    int c = capitalised_run(d, r + 1, first);
                    int m0 = d->nmentions;
                    name_mention(d, r + 1, c);
                    if (d->nmentions > m0) {
                        qt_mention *mm = &d->mentions[d->nmentions - 1];
                        mm->tok_first = i;
                        if (!mm->head) mm->head = qt_lexicon_key(sc->roles, tok_str(d, r), tok_len(d, r), 1);
                        i = c;
                        continue;
                    }
                }
                name_mention(d, i, b);
                if (d->nmentions == n && b > i) {
                    /* Nothing came of it as a whole; retry from the next word
                     * so "Regarding Blinken" still finds Blinken. */
                    continue;
                }
                i = b;
            }
        }
    }
    return QT_OK;
}

int qt_mention_ending_at(const qt_doc *d, int tok)
{
    if (tok < 0 || tok >= d->ntoks) return -1;
    return d->toks[tok].mention;
}

int qt_mention_starting_at(const qt_doc *d, int tok)
{
    if (tok < 0 || tok >= d->ntoks) return -1;
    /* Mentions span at most a handful of tokens; look a little ahead. */
    for (int k = tok; k < d->ntoks && k < tok + 12; k++) {
        int m = d->toks[k].mention;
        if (m >= 0 && d->mentions[m].tok_first == tok) return m;
    }
    return -1;
}
