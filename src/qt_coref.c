/*
 * qt_coref.c - map mentions to entities inside one article.
 *
 * Rules, in the order a reader applies them:
 *  - a full name is its own entity, canonicalised through speakers.txt;
 *  - a single name token ("Kim", "Blinken") is the most recent person whose
 *    first or last name token it is, unless its title contradicts theirs;
 *  - a title after a name and a comma is an appositive of that name;
 *  - "the minister" is the most recent person whose title has that head;
 *  - he/she is the most salient gender-compatible person: the latest one in
 *    subject position; they/it the latest group or organisation.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qt_scan_int.h"

static char *dup_range(const char *s, size_t n)
{
    char *c = malloc(n + 1);
    if (!c) return NULL;
    memcpy(c, s, n);
    c[n] = '\0';
    return c;
}

/* Whether mention m is in subject position: first mention of its sentence
 * (not possessive) or directly followed by a verb-like cue. */
static int subject_position(const qt_doc *d, int m)
{
    const qt_mention *mn = &d->mentions[m];
    if (mn->possessive) return 0;
    int next = mn->tok_last + 1;
    /* (adverbs between: "Austin confidently replied") */
    while (next < d->ntoks && next <= mn->tok_last + 2 && (d->toks[next].flags & TK_LOWER) && tok_len(d, next) > 4 &&
           !memcmp(tok_str(d, next) + tok_len(d, next) - 2, "ly", 2))
        next++;
    if (next < d->ntoks && (d->toks[next].flags & TK_WORD) &&
        qt_lexicon_get(d->sc->cues, tok_str(d, next), tok_len(d, next), 1))
        return 1;
    int s = d->toks[mn->tok_first].sent;
    for (int k = m - 1; k >= 0; k--) {
        if (d->toks[d->mentions[k].tok_first].sent != s) break;
        if (!d->mentions[k].possessive) return 0;
    }
    return 1;
}

/* Mentions are matched against the most recent QT_ENTITY_WINDOW entities
 * only.  News articles have tens of entities, so this changes nothing for
 * them; an article with hundreds of thousands of distinct names (a hostile
 * page) would otherwise take time quadratic in their number, since every
 * mention is compared with every entity.  Past the window, a name seen long
 * before becomes a second entity of the same name. */
#define QT_ENTITY_WINDOW 1024

static int window_start(const qt_doc *d)
{
    return d->nentities > QT_ENTITY_WINDOW ? d->nentities - QT_ENTITY_WINDOW : 0;
}

static int new_entity(qt_doc *d, const char *name, qt_speaker_kind kind)
{
    /* A mention whose words are all stripped ("the" alone) names nobody;
     * its quote is better left without a speaker than given "". */
    if (!name[0]) return -1;
    if (!qt_grow((void **)&d->entities, &d->cap_entities, d->nentities, sizeof *d->entities)) return -1;
    qt_entity *e = &d->entities[d->nentities];
    memset(e, 0, sizeof *e);
    e->name = strdup(name);
    if (!e->name) return -1;
    e->kind = kind;
    e->last_tok = -1;
    e->last_subject_tok = -1;
    return d->nentities++;
}

static void set_name_tokens(qt_doc *d, int e, const qt_mention *m)
{
    qt_entity *en = &d->entities[e];
    free(en->first_token);
    free(en->last_token);
    int a = m->name_first, b = m->name_last;
    en->first_token = dup_range(tok_str(d, a), tok_len(d, a));
    size_t lb = tok_len(d, b);
    if (d->toks[b].flags & TK_POSS) lb -= (tok_str(d, b)[lb - 2] == '\'') ? 2 : 4;
    en->last_token = dup_range(tok_str(d, b), lb);
    en->tokens = 0;
    for (int i = a; i <= b; i++)
        if (d->toks[i].flags & TK_WORD) en->tokens++;
}

static void set_title(qt_doc *d, int e, const qt_mention *m, int title_last)
{
    qt_entity *en = &d->entities[e];
    if (title_last < m->tok_first) return;
    char *t = qt_join_tokens(d, m->tok_first, title_last);
    if (!t) return;
    if (!en->title || strlen(t) > strlen(en->title)) {
        free(en->title);
        en->title = t;
    } else {
        free(t);
    }
    if (m->head) en->head = m->head;
}

static void touch(qt_doc *d, int e, int m)
{
    qt_entity *en = &d->entities[e];
    en->mentions++;
    en->last_tok = d->mentions[m].tok_last;
    if (subject_position(d, m)) en->last_subject_tok = d->mentions[m].tok_last;
    int next = d->mentions[m].tok_last + 1;
    if (next < d->ntoks && (d->toks[next].flags & TK_WORD) &&
        qt_lexicon_get(d->sc->cues, tok_str(d, next), tok_len(d, next), 1))
        en->used = 1;
    if (!en->gender && d->mentions[m].gender & (G_MALE | G_FEMALE)) en->gender = d->mentions[m].gender;
    d->mentions[m].entity = e;
}

/* Canonical spelling from speakers.txt, or NULL. */
static const char *known_canonical(const qt_doc *d, const char *name, qt_speaker_kind *kind)
{
    uint32_t idx = qt_lexicon_get(d->sc->speaker_alias, name, strlen(name), 1);
    if (!idx) return NULL;
    if (kind) *kind = d->sc->known[idx - 1].kind;
    return d->sc->known[idx - 1].canonical;
}

static int honorific(const char *head)
{
    return head && (!strcmp(head, "mr") || !strcmp(head, "mr.") || !strcmp(head, "mrs") ||
                    !strcmp(head, "mrs.") || !strcmp(head, "ms") || !strcmp(head, "ms.") ||
                    !strcmp(head, "dr") || !strcmp(head, "dr.") || !strcmp(head, "miss"));
}

/* Whether full ends with the words of part, as whole words ("Fouzia Al
 * Hashish" ends with "Al Hashish"). */
static int ends_with_words(const char *full, const char *part)
{
    size_t a = strlen(full), b = strlen(part);
    return a > b + 1 && full[a - b - 1] == ' ' && !strcmp(full + a - b, part);
}

static int resolve_name(qt_doc *d, int m)
{
    qt_mention *mn = &d->mentions[m];
    char *name = qt_join_tokens(d, mn->name_first, mn->name_last);
    if (!name) return -1;
    int words = 0;
    for (int i = mn->name_first; i <= mn->name_last; i++)
        if (d->toks[i].flags & TK_WORD) words++;
    qt_speaker_kind kind = QT_SPEAKER_PERSON;
    const char *canon = known_canonical(d, name, &kind);
    int e = -1;
    for (int k = window_start(d); k < d->nentities && e < 0; k++)
        if (!strcmp(d->entities[k].name, canon ? canon : name)) e = k;
    if (e < 0 && words == 1) {
        size_t n = strlen(name);
        int best = -1;
        for (int k = window_start(d); k < d->nentities; k++) {
            qt_entity *en = &d->entities[k];
            if (en->kind != QT_SPEAKER_PERSON || !en->first_token) continue;
            int hit = (strlen(en->last_token) == n && !memcmp(en->last_token, name, n)) ||
                      (strlen(en->first_token) == n && !memcmp(en->first_token, name, n));
            if (!hit) continue;
            /* "Ambassador Kim" is not the defense minister Kim. */
            if (mn->head && en->head && !honorific(mn->head) && !honorific(en->head) && strcmp(mn->head, en->head))
                continue;
            if (best < 0 || en->last_tok > d->entities[best].last_tok) best = k;
        }
        e = best;
    }
    if (e < 0 && words > 1) {
        /* A multi-word surname alone ("Al Hashish", "van der Pluijm") is the
         * person named in full before ("Fouzia Al Hashish"). */
        for (int k = 0; k < d->nentities && e < 0; k++)
            if (d->entities[k].kind == QT_SPEAKER_PERSON && ends_with_words(d->entities[k].name, name)) e = k;
    }
    if (e < 0 && words > 1) {
        /* A fuller name for someone first named by one word ("Lonechild" ...
         * "Darian Lonechild") or by a multi-word surname ("Al Mnajer" ...
         * "Mohammad Al Mnajer"): upgrade that entity rather than split it. */
        const char *last = tok_str(d, mn->name_last);
        size_t n = tok_len(d, mn->name_last);
        for (int k = window_start(d); k < d->nentities; k++) {
            qt_entity *en = &d->entities[k];
            if (en->kind == QT_SPEAKER_PERSON && !en->title &&
                ((en->tokens == 1 && strlen(en->last_token) == n && !memcmp(en->last_token, last, n)) ||
                 (en->tokens > 1 && ends_with_words(name, en->name)))) {
                free(en->name);
                en->name = strdup(canon ? canon : name);
                set_name_tokens(d, k, mn);
                e = k;
                break;
            }
        }
    }
    if (e < 0) {
        char *label = NULL;
        if (!canon && words == 1 && mn->head && !honorific(mn->head)) {
            /* Only a title and a surname: that is the name ("Ambassador Kim"). */
            int head_tok = mn->name_first - 1;
            while (head_tok > mn->tok_first && !(d->toks[head_tok].flags & TK_WORD)) head_tok--;
            char *title_word = qt_join_tokens(d, head_tok, head_tok);
            if (title_word) {
                size_t need = strlen(title_word) + strlen(name) + 2;
                label = malloc(need);
                if (label) snprintf(label, need, "%s %s", title_word, name);
                free(title_word);
            }
        }
        e = new_entity(d, label ? label : (canon ? canon : name), kind);
        free(label);
        if (e >= 0) set_name_tokens(d, e, mn);
    } else if (d->entities[e].tokens < words) {
        free(d->entities[e].name);
        d->entities[e].name = strdup(canon ? canon : name);
        set_name_tokens(d, e, mn);
    }
    free(name);
    if (e >= 0) set_title(d, e, mn, mn->name_first - 1);
    return e;
}

/* Whether acr (two or more capitals, nothing else) is made of the initials
 * of name's capitalised words ("Export Development Canada" -> "EDC";
 * "of", "and", "the" do not count). */
static int is_acronym_of(const char *acr, const char *name)
{
    size_t n = strlen(acr), k = 0;
    if (n < 2 || n > 8) return 0;
    for (size_t i = 0; i < n; i++)
        if (acr[i] < 'A' || acr[i] > 'Z') return 0;
    for (const char *p = name; *p; p++) {
        if (p != name && p[-1] != ' ' && p[-1] != '-') continue;
        if (*p < 'A' || *p > 'Z') continue;
        if (k >= n || *p != acr[k]) return 0;
        k++;
    }
    return k == n;
}

static int resolve_surface(qt_doc *d, int m, qt_speaker_kind kind)
{
    qt_mention *mn = &d->mentions[m];
    int a = mn->tok_first;
    /* Keep anonymous sources apart: each is its own entity. */
    if (mn->type != MT_ANON && qt_tok_is_ci(d, a, "the")) a++;
    char *name = qt_join_tokens(d, a, mn->tok_last);
    if (!name) return -1;
    const char *canon = known_canonical(d, name, &kind);
    int e = -1;
    if (mn->type != MT_ANON)
        for (int k = window_start(d); k < d->nentities && e < 0; k++)
            if (!strcasecmp(d->entities[k].name, canon ? canon : name)) e = k;
    /* An acronym of a body named in full before: "EDC" after "Export
     * Development Canada". */
    if (e < 0 && mn->type == MT_ORG && !canon)
        for (int k = d->nentities - 1; k >= 0 && e < 0; k--)
            if (d->entities[k].kind != QT_SPEAKER_GROUP && is_acronym_of(name, d->entities[k].name)) e = k;
    if (e < 0) e = new_entity(d, canon ? canon : name, kind);
    free(name);
    return e;
}

/* The person with title head `head`, most recent first. */
static int by_head(const qt_doc *d, const char *head, int before_tok)
{
    int best = -1;
    for (int k = window_start(d); k < d->nentities; k++) {
        const qt_entity *en = &d->entities[k];
        if ((en->kind != QT_SPEAKER_PERSON && en->kind != QT_SPEAKER_ANONYMOUS) || en->last_tok >= before_tok)
            continue;
        int hit = en->head && head && !strcmp(en->head, head);
        if (!hit && en->title && head) hit = strcasestr(en->title, head) != NULL;
        if (hit && (best < 0 || en->last_tok > d->entities[best].last_tok)) best = k;
    }
    return best;
}

/* The latest entity whose first or last name token is the word at tok
 * (without a possessive ending). */
static int by_token(const qt_doc *d, int tok)
{
    size_t n = tok_len(d, tok);
    if (d->toks[tok].flags & TK_POSS) n -= (tok_str(d, tok)[n - 2] == '\'') ? 2 : 4;
    int best = -1;
    for (int k = 0; k < d->nentities; k++) {
        const qt_entity *en = &d->entities[k];
        int hit = (en->last_token && strlen(en->last_token) == n && !memcmp(en->last_token, tok_str(d, tok), n)) ||
                  (en->first_token && strlen(en->first_token) == n && !memcmp(en->first_token, tok_str(d, tok), n)) ||
                  (strlen(en->name) == n && !memcmp(en->name, tok_str(d, tok), n));
        if (hit && en->last_tok < tok && (best < 0 || en->last_tok > d->entities[best].last_tok)) best = k;
    }
    return best;
}

/* "the diocese", "the city": the latest organisation (or place) named
 * before token before_tok whose name has the noun ("the Roman Catholic
 * Diocese of Covington").  Without such a name the antecedent is a guess
 * (the latest organisation is as often an outlet or a rival as the one
 * meant), so there is none. */
static int by_org(const qt_doc *d, const char *head, int place, int before_tok)
{
    int best = -1;
    if (!head) return -1;
    size_t n = strlen(head);
    for (int k = 0; k < d->nentities; k++) {
        const qt_entity *en = &d->entities[k];
        if (en->kind != QT_SPEAKER_ORGANIZATION || en->place != place || en->last_tok < 0 ||
            en->last_tok >= before_tok || !strcasecmp(en->name, head))
            continue;
        const char *hit = strcasestr(en->name, head);
        /* a whole word: "Commission", not "Commissioner" */
        if (!hit || (hit > en->name && hit[-1] != ' ') || (hit[n] && hit[n] != ' ')) continue;
        if (best < 0 || en->last_tok > d->entities[best].last_tok) best = k;
    }
    return best;
}

/* "the mayor" when nobody so far carries that title: the person the story
 * is about - the one mentioned most (twice at least) who has spoken -
 * unless a title of theirs says otherwise. */
static int protagonist(const qt_doc *d, const qt_mention *mn)
{
    int best = -1;
    for (int k = 0; k < d->nentities; k++) {
        const qt_entity *en = &d->entities[k];
        if (en->kind != QT_SPEAKER_PERSON || !en->used || en->tokens < 2 || en->last_tok >= mn->tok_first) continue;
        if (mn->head && en->head && strcmp(mn->head, en->head)) continue;
        if (best < 0 || en->mentions > d->entities[best].mentions) best = k;
    }
    return best >= 0 && d->entities[best].mentions >= 2 ? best : -1;
}

int qt_resolve_reference(qt_doc *d, int m, int last_speaker)
{
    qt_mention *mn = &d->mentions[m];
    int at = mn->tok_first;
    if (mn->type == MT_NOMINAL || mn->type == MT_TITLE) return by_head(d, mn->head, at);
    int g = mn->gender;
    int want_person = g & (G_MALE | G_FEMALE | G_PERSON);
    int best = -1, best_score = -1;
    /* The last speaker is the strongest antecedent in news prose:
     * "“...,” she said" keeps the person who has been talking. */
    for (int k = window_start(d); k < d->nentities; k++) {
        const qt_entity *en = &d->entities[k];
        if (en->last_tok < 0 || en->last_tok >= at) continue;
        int person = en->kind == QT_SPEAKER_PERSON;
        if (want_person != 0 && !person) continue;
        if (want_person == 0 && (g & G_GROUP) && person) continue;
        if (want_person == 0 && (g & G_THING) && en->kind != QT_SPEAKER_ORGANIZATION) continue;
        /* Only people the article really named: a full name, a title, a
         * known given name, or someone already speaking. */
        if (person && want_person && en->tokens < 2 && !en->title && !en->gender && !en->used) continue;
        if ((g & G_MALE) && en->gender == G_FEMALE) continue;
        if ((g & G_FEMALE) && en->gender == G_MALE) continue;
        int pos = en->last_subject_tok >= 0 && en->last_subject_tok < at ? en->last_subject_tok : en->last_tok / 2;
        int score = pos;
        if (k == last_speaker && at - en->last_tok < 400) score = at + 1;
        if (score > best_score) {
            best_score = score;
            best = k;
        }
    }
    return best;
}

qt_status qt_resolve_mentions(qt_doc *d)
{
    for (int m = 0; m < d->nmentions; m++) {
        qt_mention *mn = &d->mentions[m];
        int e = -1;
        switch (mn->type) {
        case MT_NAME:
            e = resolve_name(d, m);
            break;
        case MT_TITLE:
            /* Appositive: "Kim Yong-hyun, South Korea’s Defense Minister," */
            for (int k = mn->tok_first - 1; k >= 0 && k >= mn->tok_first - 4; k--) {
                int prev = d->toks[k].mention;
                if (prev >= 0 && d->mentions[prev].type == MT_PLACE) continue;
                if (d->toks[k].first_cp == ',' && k > 0) {
                    int pm = d->toks[k - 1].mention;
                    if (pm >= 0 && d->mentions[pm].type == MT_NAME) e = d->mentions[pm].entity;
                    break;
                }
                if (prev < 0 || d->mentions[prev].type != MT_PLACE) break;
            }
            if (e < 0) e = by_head(d, mn->head, mn->tok_first);
            if (e >= 0) set_title(d, e, mn, mn->tok_last);
            break;
        case MT_NOMINAL:
            if (mn->skind == QT_SPEAKER_ORGANIZATION) {
                int place = mn->head && qt_lexicon_get(d->sc->org_nouns, mn->head, strlen(mn->head), 1) == 2;
                e = by_org(d, mn->head, place, mn->tok_first);
                /* "Foster’s book", "Suncor’s statement": the possessor speaks */
                if (e < 0 && (d->toks[mn->tok_first].flags & (TK_POSS | TK_CAP)) == (TK_POSS | TK_CAP))
                    e = by_token(d, mn->tok_first);
            } else {
                e = by_head(d, mn->head, mn->tok_first);
                if (e < 0 && mn->head) e = protagonist(d, mn);
            }
            /* Nobody to refer back to: the description is the speaker ("the
             * Nova Scotia judge"), as for unnamed sources. */
            if (e < 0) {
                e = resolve_surface(d, m, mn->skind);
                if (e >= 0 && mn->skind == QT_SPEAKER_ORGANIZATION && mn->head &&
                    qt_lexicon_get(d->sc->org_nouns, mn->head, strlen(mn->head), 1) == 2)
                    d->entities[e].place = 1;
            }
            break;
        case MT_PRONOUN:
            e = qt_resolve_reference(d, m, -1);
            break;
        case MT_ANON:
            e = resolve_surface(d, m, QT_SPEAKER_ANONYMOUS);
            /* so that "the official" can refer back to "a justice official" */
            if (e >= 0 && !d->entities[e].head) d->entities[e].head = mn->head;
            break;
        case MT_GROUP:
            e = resolve_surface(d, m, QT_SPEAKER_GROUP);
            break;
        case MT_ORG:
        case MT_PLACE:
            e = resolve_surface(d, m, QT_SPEAKER_ORGANIZATION);
            if (e >= 0 && mn->type == MT_PLACE) d->entities[e].place = 1;
            break;
        }
        if (e == -1 && d->nentities > 0 && d->entities[d->nentities - 1].name == NULL) return QT_ERR_NOMEM;
        if (e >= 0) touch(d, e, m);
    }
    return QT_OK;
}
