/*
 * qt_scan_int.h - internals shared by the scanner's stages (not installed).
 *
 * The scanner runs these stages over one article, each filling part of a
 * qt_doc:
 *   qt_segment.c   paragraphs (prose, heading, bullet, footer), tokens, sentences
 *   qt_quotes.c    quotation-mark pairing into quoted spans
 *   qt_mentions.c  speaker mentions and in-article coreference (entities)
 *   qt_attrib.c    cues, linking quotes to speakers, partial quotes
 *   qt_claims.c    reported claims (speech without quotation marks)
 * qt_scan.c owns the scanner (lexicons, compiled patterns) and builds the
 * public qt_scan_result from the doc.
 */
#ifndef QT_SCAN_INT_H
#define QT_SCAN_INT_H

#include <stdint.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "qt_lexicon.h"
#include "qt_scan.h"

/* ---- the scanner's compiled data ---- */

/* Values stored in the cue lexicon. */
/* CUE_OBJ: may take an addressee before its clause ("assured her he ...");
 * CUE_LEMMA: the base form ("state", not "stated"); CUE_AS: reports what
 * the speaker called something ("described her as ...", "calls it ..."). */
enum {
    CUE_VERB = 1, CUE_BARE = 2, CUE_WEAK = 4, CUE_ING = 8, CUE_SOURCE_AFTER = 16, CUE_OBJ = 32, CUE_LEMMA = 64,
    CUE_AS = 128
};
/* Values in the title lexicon. */
enum { TITLE_WORD = 1, TITLE_HEAD = 2 };
/* Values in the pronoun and first-name lexicons. */
enum { G_NONE = 0, G_MALE = 1, G_FEMALE = 2, G_PERSON = 4, G_GROUP = 8, G_THING = 16 };

typedef struct {
    char *canonical;
    qt_speaker_kind kind;
} qt_known_speaker;

struct qt_scanner {
    const qt_patterns *pats;
    pcre2_code *token_re;
    pcre2_match_data *token_md;
    int token_jit;           /* token_re was JIT-compiled: match with pcre2_jit_match */
    pcre2_code *tokens_re;   /* up to QT_TOKENS_PER_MATCH tokens per match, or NULL */
    pcre2_match_data *tokens_md;
    int tokens_jit;
    pcre2_code **footer_re;
    size_t footer_count;
    pcre2_match_data *footer_md;
    /* The footer patterns as two alternations, those anchored at the start
     * of the line and the others (either NULL when it has no member); both
     * NULL when the patterns cannot be combined (see qt_scan.c). */
    pcre2_code *footer_anchored;
    pcre2_code *footer_floating;
    int footer_combined;
    qt_lexicon *cues;        /* inflected form -> CUE_* flags */
    qt_lexicon *cue_nouns;
    qt_lexicon *titles;      /* case-sensitive */
    qt_lexicon *demonyms;    /* case-sensitive */
    qt_lexicon *places;      /* case-sensitive, multi-word keys */
    qt_lexicon *org_words;   /* case-sensitive */
    qt_lexicon *org_nouns;   /* folded -> 1, or 2 for places ("the city") */
    qt_lexicon *groups;      /* folded */
    qt_lexicon *roles;       /* folded */
    qt_lexicon *pronouns;    /* folded -> G_* */
    qt_lexicon *not_names;   /* case-sensitive */
    qt_lexicon *abbrevs;     /* case-sensitive, with the final period */
    qt_lexicon *first_names; /* case-sensitive -> G_* */
    qt_lexicon *speaker_alias; /* folded alias or canonical -> index + 1 */
    qt_known_speaker *known;
    size_t known_count;
};

/* Tokens found by one call of tokens_re (see load_tokeniser in qt_scan.c). */
#define QT_TOKENS_PER_MATCH 8

/* ---- one article being scanned ---- */

enum {
    TK_WORD = 1 << 0,
    TK_CAP = 1 << 1,      /* starts with an upper-case letter */
    TK_LOWER = 1 << 2,    /* starts with a lower-case letter */
    TK_DIGIT = 1 << 3,
    TK_PUNCT = 1 << 4,
    TK_QMARK = 1 << 5,    /* a quotation mark (not an apostrophe) */
    TK_QDOUBLE = 1 << 6,  /* of the double family: " “ ” „ « » */
    TK_QOPEN = 1 << 7,    /* can open a quotation here */
    TK_QCLOSE = 1 << 8,   /* can close a quotation here */
    TK_SENT_END = 1 << 9, /* ends a sentence */
    TK_POSS = 1 << 10,    /* ends in 's or ’s */
    TK_ABBREV = 1 << 11,  /* word followed by the period of a known abbreviation */
    TK_SPACE_BEFORE = 1 << 12,
    TK_SPACE_AFTER = 1 << 13
};

typedef struct {
    size_t start, end;
    uint32_t first_cp;
    uint32_t flags;
    int para;
    int sent;
    int span;    /* innermost quoted span containing the token (or its mark), -1 */
    int mention; /* mention that ends at this token, -1 */
} qt_tok;

enum { PARA_PROSE, PARA_BULLET, PARA_HEADING, PARA_FOOTER, PARA_BLANK };

typedef struct {
    size_t start, end;   /* the line, without its newline */
    int kind;
    int tok_first, tok_count;
} qt_para;

typedef struct {
    int tok_first, tok_last; /* inclusive */
    int para;
} qt_sent;

/* A pair of quotation marks (or an unclosed opening). */
typedef struct {
    int open_tok, close_tok;     /* close_tok -1 when never closed */
    size_t start, end;           /* content bytes, trimmed */
    int depth;                   /* 0 outermost */
    int para_first, para_last;
    int word_count;
    int kind;                    /* QT_KIND_DIRECT / QT_KIND_PARTIAL, or -1 to drop */
    int unbalanced;
} qt_qspan;

enum { MT_NAME, MT_TITLE, MT_PRONOUN, MT_NOMINAL, MT_ANON, MT_GROUP, MT_ORG, MT_PLACE };

typedef struct {
    int tok_first, tok_last;   /* the whole mention, title included */
    int name_first, name_last; /* the name part, -1 when none */
    int type;                  /* MT_* */
    qt_speaker_kind skind;
    int gender;                /* G_* */
    const char *head;          /* title or role head, folded lexicon key, or NULL */
    int entity;
    int possessive;
    int in_quote;
} qt_mention;

typedef struct {
    char *name;          /* canonical name */
    qt_speaker_kind kind;
    char *title;         /* fullest title, or NULL */
    const char *head;    /* head of that title ("minister"), or NULL */
    char *first_token;   /* first and last name tokens, for surname matching */
    char *last_token;
    int tokens;          /* name tokens in the fullest name */
    int gender;
    int last_tok;        /* token of the latest mention */
    int last_subject_tok;/* token of the latest mention in subject position */
    int used;            /* speaks at least once */
    int place;           /* a place ("Toronto"), for "the city" */
    int mentions;        /* how often the article mentions it so far */
} qt_entity;

/* A quote or claim found, before it becomes a public qt_quote. */
typedef struct {
    qt_quote_kind kind;
    size_t start, end;
    int mention;       /* attributing mention, -1 */
    int entity;        /* speaker entity, -1 */
    int cue_first, cue_last; /* cue tokens, -1 */
    double confidence;
    const char *rule;
    int parent;        /* index into found[] of the containing claim, -1 */
    int qspan;         /* index of the quoted span, -1 for claims */
} qt_found;

typedef struct {
    const qt_scanner *sc;
    const char *text;
    size_t len;
    qt_tok *toks;
    int ntoks, cap_toks;
    qt_para *paras;
    int nparas, cap_paras;
    qt_sent *sents;
    int nsents, cap_sents;
    qt_qspan *spans;
    int nspans, cap_spans;
    qt_mention *mentions;
    int nmentions, cap_mentions;
    qt_entity *entities;
    int nentities, cap_entities;
    qt_found *found;
    int nfound, cap_found;
    /* cue_flags of every token, filled at the start of qt_attribute (the
     * flags depend on the tokens and quoted spans only, both final by then)
     * because attribution and claims ask about each token many times;
     * NULL before that, when the flags are computed on each call. */
    uint32_t *cue_memo;
} qt_doc;

/* pcre2_match, or pcre2_jit_match when the pattern was JIT-compiled: the
 * tokeniser calls it once per token, and the direct entry skips pcre2_match's
 * argument checks (a sixth of its cost per call). */
static inline int qt_re_match(const pcre2_code *re, int jit, const char *s, size_t len, size_t offset,
                              pcre2_match_data *md)
{
    if (jit) return pcre2_jit_match(re, (PCRE2_SPTR)s, len, offset, PCRE2_NO_UTF_CHECK, md, NULL);
    return pcre2_match(re, (PCRE2_SPTR)s, len, offset, PCRE2_NO_UTF_CHECK, md, NULL);
}

/* Grows *arr (of element size elem) so that index n fits; 0 when out of memory. */
int qt_grow(void **arr, int *cap, int n, size_t elem);

/* Token text helpers. */
static inline const char *tok_str(const qt_doc *d, int i) { return d->text + d->toks[i].start; }
static inline size_t tok_len(const qt_doc *d, int i) { return d->toks[i].end - d->toks[i].start; }
/* Whether token i is word, exactly or ASCII case-insensitively.  Inline and
 * compared byte by byte, stopping at the first difference: the stages ask
 * this several times per token, and strlen + strncasecmp calls were a tenth
 * of a scan. */
static inline int qt_tok_is(const qt_doc *d, int i, const char *word)
{
    if (i < 0 || i >= d->ntoks) return 0;
    const char *s = tok_str(d, i);
    size_t n = tok_len(d, i), k = 0;
    for (; k < n; k++)
        if (s[k] != word[k] || word[k] == '\0') return 0;
    return word[n] == '\0';
}

static inline int qt_tok_is_ci(const qt_doc *d, int i, const char *word)
{
    if (i < 0 || i >= d->ntoks) return 0;
    const unsigned char *s = (const unsigned char *)tok_str(d, i);
    const unsigned char *w = (const unsigned char *)word;
    size_t n = tok_len(d, i), k = 0;
    for (; k < n; k++) {
        unsigned a = s[k], b = w[k];
        if (b == 0) return 0;
        if (a - 'A' < 26u) a += 32;
        if (b - 'A' < 26u) b += 32;
        if (a != b) return 0;
    }
    return w[n] == 0;
}

/* Whether token i is one of the NULL-terminated words: qt_tok_is(_ci) over
 * a list, rejecting most words on their first byte (stop-word lists are
 * asked about almost every token). */
static inline int qt_tok_in(const qt_doc *d, int i, const char *const *words)
{
    if (i < 0 || i >= d->ntoks) return 0;
    char first = *tok_str(d, i);
    for (; *words; words++)
        if ((*words)[0] == first && qt_tok_is(d, i, *words)) return 1;
    return 0;
}

static inline int qt_tok_in_ci(const qt_doc *d, int i, const char *const *words)
{
    if (i < 0 || i >= d->ntoks) return 0;
    unsigned first = (unsigned char)*tok_str(d, i);
    if (first - 'A' < 26u) first += 32;
    for (; *words; words++) {
        unsigned w = (unsigned char)(*words)[0];
        if (w - 'A' < 26u) w += 32;
        if (w == first && qt_tok_is_ci(d, i, *words)) return 1;
    }
    return 0;
}

/* Stages; each returns QT_OK or QT_ERR_NOMEM. */
qt_status qt_segment(qt_doc *d);
qt_status qt_find_quote_spans(qt_doc *d);
void qt_split_sentences(qt_doc *d);
qt_status qt_find_mentions(qt_doc *d);
qt_status qt_resolve_mentions(qt_doc *d);
qt_status qt_attribute(qt_doc *d);

/* Attribution helpers shared by qt_attrib.c and qt_claims.c. */
int qt_in_span(const qt_doc *d, int i);                  /* inside a quoted span */
int qt_same_sent(const qt_doc *d, int i, int j);
uint32_t qt_cue_flags(const qt_doc *d, int i);           /* CUE_* of a cue word at i, or 0 */
int qt_is_adverb_like(const qt_doc *d, int i);           /* adverbs and auxiliaries */
int qt_usable_mention(const qt_doc *d, int m);           /* neither possessive nor quoted */
int qt_subject_before(const qt_doc *d, int cue);         /* subject mention of a cue, or -1 */
int qt_is_ing(const qt_doc *d, int i);
int qt_participle_subject(const qt_doc *d, int cue);
int qt_inside_claim(const qt_doc *d, size_t pos);        /* index of the claim holding pos, or -1 */
int qt_add_found(qt_doc *d, qt_quote_kind kind, size_t start, size_t end, int mention, int cue, double conf,
                 const char *rule, int qspan);            /* index, or -1 when out of memory */
/* Finds the reported claims of every sentence (qt_claims.c). */
void qt_reported_claims(qt_doc *d);

/* Text of tokens [a..b] joined as written, without a final possessive;
 * the caller frees it.  NULL when out of memory. */
char *qt_join_tokens(const qt_doc *d, int a, int b);

/* Mention helpers used by attribution. */
int qt_mention_ending_at(const qt_doc *d, int tok);     /* -1 when none */
int qt_mention_starting_at(const qt_doc *d, int tok);   /* -1 when none */
/* Resolves a pronoun or nominal mention to an entity in light of the last
 * speaker, updating entity salience; returns the entity or -1. */
int qt_resolve_reference(qt_doc *d, int mention, int last_speaker);

#endif
