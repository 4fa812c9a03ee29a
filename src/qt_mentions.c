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

/* A run of capitalised words starting at i; returns the last token used. */
static int capitalised_run(qt_doc *d, int i, int sent_first)
{
    int j = i, last = i;
    for (;;) {
        int used;
        if (is_cap(d, j) || title_like(d, j, &used)) {
            if (!title_like(d, j, &used)) used = 1;
            if (j > i && (d->toks[j].flags & TK_CAP) && j == sent_first) break;
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
        if (j > i && is_connector(d, j) && is_cap(d, j + 1) && d->toks[j + 1].span < 0 &&
            !qt_lexicon_get(d->sc->not_names, tok_str(d, j + 1), tok_len(d, j + 1), 0)) {
            j++;
            continue;
        }
        break;
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
    /* The name part: an organisation word anywhere makes it an organisation. */
    for (int k = i; k <= b; k++) {
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
        if (sentence_initial && !before_cue && !gender_of_first_name(d, i)) return;
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

qt_status qt_find_mentions(qt_doc *d)
{
    const qt_scanner *sc = d->sc;
    for (int s = 0; s < d->nsents; s++) {
        int first = d->sents[s].tok_first, last = d->sents[s].tok_last;
        for (int i = first; i <= last; i++) {
            if (!is_word(d, i) || d->toks[i].span >= 0) continue;
            int n = d->nmentions;
            /* Anonymous sources and nominals. */
            if (is_determiner(d, i, 1) || is_determiner(d, i, 0)) {
                int k = role_after(d, i, 3);
                if (k >= 0) {
                    int indef = is_determiner(d, i, 1);
                    int m = add_mention(d, i, k, indef ? MT_ANON : MT_NOMINAL,
                                        indef ? QT_SPEAKER_ANONYMOUS : QT_SPEAKER_PERSON);
                    if (m < 0) return QT_ERR_NOMEM;
                    d->mentions[m].head = qt_lexicon_key(sc->roles, tok_str(d, k), tok_len(d, k), 1);
                    i = k;
                    continue;
                }
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
                int b = capitalised_run(d, i, first);
                if (b + 2 <= last && (d->toks[b + 1].flags & TK_LOWER) && !(d->toks[b].flags & TK_POSS) &&
                    qt_lexicon_get(sc->roles, tok_str(d, b + 1), tok_len(d, b + 1), 1) && is_cap(d, b + 2) &&
                    !qt_lexicon_get(sc->not_names, tok_str(d, b + 2), tok_len(d, b + 2), 0)) {
                    /* the lower-case role word acts as the title's head */
                    int c = capitalised_run(d, b + 2, first);
                    int m0 = d->nmentions;
                    name_mention(d, b + 2, c);
                    if (d->nmentions > m0) {
                        qt_mention *mm = &d->mentions[d->nmentions - 1];
                        mm->tok_first = i;
                        if (!mm->head) mm->head = qt_lexicon_key(sc->roles, tok_str(d, b + 1), tok_len(d, b + 1), 1);
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
