/*
 * test_scan.c - the scanner on the hard cases named in the scan issue:
 * mixed and unbalanced marks, nested quotes, apostrophes, continued quotes,
 * same-surname people, appositives, unnamed sources, scare quotes.
 */
#include <stdlib.h>
#include <string.h>

#include "qt_scan.h"
#include "suites.h"

static qt_patterns *pats;
static qt_scanner *scanner;

static void setup(void)
{
    qt_error err;
    qt_error_clear(&err);
    pats = qt_patterns_load(NULL, &err);
    ck_assert_msg(pats != NULL, "%s", qt_error_message(&err));
    scanner = qt_scanner_create(pats, &err);
    ck_assert_msg(scanner != NULL, "%s", qt_error_message(&err));
}

static void teardown(void)
{
    qt_scanner_free(scanner);
    qt_patterns_free(pats);
}

static qt_scan_result *scan(const char *text)
{
    qt_article *a = NULL;
    qt_scan_result *r = NULL;
    qt_error err;
    qt_error_clear(&err);
    ck_assert_int_eq(qt_article_from_bytes("t", text, strlen(text), &a, &err), QT_OK);
    ck_assert_int_eq(qt_scan_article(scanner, a, &r, &err), QT_OK);
    qt_article_free(a);
    return r;
}

/* Index of the first quote whose text contains needle, or -1. */
static int find(const qt_scan_result *r, const char *needle)
{
    for (size_t i = 0; i < r->count; i++)
        if (strstr(r->quotes[i].text, needle)) return (int)i;
    return -1;
}

/* Index of the first quote of kind whose text contains needle, or -1. */
static int find_kind(const qt_scan_result *r, const char *needle, qt_quote_kind kind)
{
    for (size_t i = 0; i < r->count; i++)
        if (r->quotes[i].kind == kind && strstr(r->quotes[i].text, needle)) return (int)i;
    return -1;
}

static const char *speaker(const qt_scan_result *r, int i)
{
    ck_assert_int_ge(i, 0);
    int s = r->quotes[i].speaker;
    return s >= 0 ? r->speakers[s].name : "(none)";
}

START_TEST(trailing_and_floating)
{
    qt_scan_result *r = scan("Secretary of State Antony Blinken spoke on Thursday.\n"
                             "“The intelligence is clear,” Blinken reported. “We expect combat soon.”\n");
    int a = find(r, "intelligence is clear"), b = find(r, "expect combat");
    ck_assert_str_eq(speaker(r, a), "Antony Blinken");
    ck_assert_str_eq(speaker(r, b), "Antony Blinken");
    ck_assert_int_eq(r->quotes[a].kind, QT_KIND_DIRECT);
    ck_assert_str_eq(r->quotes[a].mention_text, "Blinken");
    ck_assert_str_eq(r->quotes[a].cue_text, "reported");
    ck_assert(!r->quotes[b].has_mention); /* floating: no mention of its own */
    qt_scan_result_free(r);
}
END_TEST

START_TEST(mixed_unbalanced_marks_seed_004)
{
    qt_scan_result *r = scan("Blinken criticized Russian President Vladimir Putin, stating, “(He is) throwing more "
                             "Russians into the ‘meat grinder’\" he created in Ukraine, adding \"Russia is suffering "
                             "some 1,200 Russian soldiers dying daily,\" now supplementing them.\n");
    int a = find(r, "throwing more Russians"), b = find(r, "1,200 Russian soldiers");
    ck_assert_int_ge(a, 0);
    ck_assert_str_eq(r->quotes[a].text, "(He is) throwing more Russians into the ‘meat grinder’");
    ck_assert_str_eq(speaker(r, a), "Blinken");
    ck_assert_str_eq(speaker(r, b), "Blinken");
    qt_scan_result_free(r);
}
END_TEST

START_TEST(apostrophes_are_not_quotes)
{
    qt_scan_result *r = scan("Russia’s troops don’t rest since the ’90s, the soldiers’ officers said.\n");
    for (size_t i = 0; i < r->count; i++) ck_assert_int_ne(r->quotes[i].kind, QT_KIND_DIRECT);
    qt_scan_result_free(r);
}
END_TEST

START_TEST(same_surname_kept_apart)
{
    qt_scan_result *r = scan("The good news, Ambassador Kim stated, is that the weapons have proven weak.\n"
                             "“We are ready for anything,” Kim emphasized.\n");
    ck_assert_str_eq(speaker(r, find(r, "ready for anything")), "Ambassador Kim");
    qt_scan_result_free(r);
    r = scan("South Korean Defense Minister Kim Yong-hyun noted that the North has supplied shells.\n"
             "Kim said that more shells would follow in the coming months.\n");
    ck_assert_str_eq(speaker(r, find(r, "more shells")), "Kim Yong-hyun");
    qt_scan_result_free(r);
    r = scan("Kim Jong Un, North Korea’s leader, ordered the dispatch.\n"
             "Kim referred to the troops as “heroes” who embody the pride of the nation.\n");
    int h = find(r, "heroes");
    ck_assert_int_eq(r->quotes[h].kind, QT_KIND_PARTIAL);
    ck_assert_str_eq(speaker(r, h), "Kim Jong Un");
    qt_scan_result_free(r);
}
END_TEST

START_TEST(appositive_and_noun_cue)
{
    qt_scan_result *r = scan("Kim Yong-hyun, South Korea’s Defense Minister, stated his concern that North Korea "
                             "might seek technological aid for its missile programs.\n");
    int c = find(r, "might seek technological aid");
    ck_assert_int_eq(r->quotes[c].kind, QT_KIND_INDIRECT);
    ck_assert_str_eq(speaker(r, c), "Kim Yong-hyun");
    ck_assert(strncmp(r->quotes[c].text, "North Korea", 11) == 0); /* the content, not the cue */
    qt_scan_result_free(r);
}
END_TEST

START_TEST(reported_claims)
{
    qt_scan_result *r = scan("According to a senior defense official, Russia’s casualty toll peaked in September.\n"
                             "The plan did not come to fruition, says U.S. officials, as Russia reclaimed land.\n"
                             "It is the first such deployment in 100 years, as confirmed by Blinken.\n"
                             "Austin also pledged further support, announcing that more aid would be released soon.\n");
    int a = find(r, "casualty toll peaked");
    ck_assert_str_eq(speaker(r, a), "a senior defense official");
    ck_assert_int_eq(r->speakers[r->quotes[a].speaker].kind, QT_SPEAKER_ANONYMOUS);
    int b = find(r, "did not come to fruition");
    ck_assert_str_eq(speaker(r, b), "U.S. officials");
    ck_assert_int_eq(r->speakers[r->quotes[b].speaker].kind, QT_SPEAKER_GROUP);
    ck_assert_str_eq(speaker(r, find(r, "first such deployment")), "Blinken");
    ck_assert_str_eq(speaker(r, find(r, "more aid would be released")), "Austin");
    qt_scan_result_free(r);
}
END_TEST

START_TEST(scare_quote_gets_no_speaker)
{
    qt_scan_result *r = scan("Should the troops get involved, they become ‘co-belligerents’, a term for legitimate "
                             "targets.\n");
    ck_assert_int_eq(find(r, "co-belligerents"), -1);
    qt_scan_result_free(r);
}
END_TEST

START_TEST(partial_inside_claim_has_parent)
{
    qt_scan_result *r = scan("The good news, Ambassador Kim stated, is that the weapons have proven to be "
                             "“not as formidable as we expected” in the war.\n");
    int p = find_kind(r, "not as formidable", QT_KIND_PARTIAL);
    ck_assert_int_ge(p, 0);
    ck_assert_str_eq(r->quotes[p].text, "not as formidable as we expected");
    ck_assert_int_ge(r->quotes[p].parent, 0);
    ck_assert_int_eq(r->quotes[r->quotes[p].parent].kind, QT_KIND_INDIRECT);
    ck_assert_str_eq(speaker(r, p), "Ambassador Kim");
    qt_scan_result_free(r);
}
END_TEST

START_TEST(continued_quote_spans_paragraphs)
{
    qt_scan_result *r = scan("Blinken remarked, “The first paragraph of the quote goes on.\n"
                             "“And the second paragraph ends it.”\n");
    int q = find(r, "first paragraph");
    ck_assert_int_ge(q, 0);
    ck_assert_ptr_nonnull(strstr(r->quotes[q].text, "second paragraph ends it"));
    ck_assert_str_eq(speaker(r, q), "Blinken");
    qt_scan_result_free(r);
}
END_TEST

START_TEST(headings_footers_and_nicknames)
{
    qt_scan_result *r = scan("Trading space tech for lives\n"
                             "Dwayne “The Rock” Johnson said that the film will open in May.\n"
                             "Original Source: kstp.com\n"
                             "Jin-Woo Shin niceshin@donga.com\n");
    ck_assert_int_eq(find(r, "The Rock"), -1);
    /* the nickname is not a quote; the speaker is found around it */
    ck_assert_ptr_nonnull(strstr(speaker(r, find(r, "film will open")), "Johnson"));
    ck_assert_int_eq(find(r, "kstp"), -1);
    qt_scan_result_free(r);
}
END_TEST

/* footers.pcre holds patterns anchored at the line start and patterns that
 * float (a caption's closing credit); qt_scan.c matches them as two
 * alternations, so each kind must still keep its lines out of the prose,
 * and an anchored pattern must not fire in the middle of a line. */
START_TEST(anchored_and_floating_footers)
{
    /* Each line is longer than a heading (14 words) and ends like a sentence. */
    qt_scan_result *r = scan("The mayor said “the bridge on the river road will reopen soon” at dawn "
                             "on a cold Monday. (Jane Roe/Reuters)\n"
                             "Reporting by Jane Roe; the mayor said “editing by nobody was done on this "
                             "story at all” in the end.\n"
                             "The mayor said “reporting by the council was late” on Monday.\n"
                             "The mayor said “the road will reopen soon” at dawn.\n");
    ck_assert_int_eq(find(r, "river road will reopen"), -1);
    ck_assert_int_eq(find(r, "editing by nobody"), -1);
    ck_assert_int_ge(find(r, "reporting by the council"), 0);
    ck_assert_int_ge(find(r, "road will reopen"), 0);
    qt_scan_result_free(r);
}
END_TEST

START_TEST(offsets_are_bytes_and_code_points)
{
    const char *text = "“Ça va,” dit-il. “We’ll see,” Blinken said.\n";
    qt_scan_result *r = scan(text);
    int q = find(r, "We’ll see");
    ck_assert_int_ge(q, 0);
    const qt_span *sp = &r->quotes[q].span;
    ck_assert(memcmp(text + sp->start, "We’ll see", strlen("We’ll see")) == 0);
    ck_assert_int_eq((int)sp->char_start, 18);
    ck_assert_int_eq((int)(sp->end - sp->start), (int)strlen(r->quotes[q].text));
    qt_scan_result_free(r);
}
END_TEST

START_TEST(hostile_input_survives)
{
    size_t n = 200000;
    char *buf = malloc(n + 1);
    for (size_t i = 0; i < n; i++) buf[i] = (i % 3 == 0) ? '"' : (i % 3 == 1 ? 'a' : ' ');
    buf[n] = '\0';
    qt_scan_result *r = scan(buf);
    qt_scan_result_free(r);
    memset(buf, 0, n); /* NUL bytes become U+FFFD */
    qt_article *a = NULL;
    qt_error err;
    ck_assert_int_eq(qt_article_from_bytes("nul", buf, n, &a, &err), QT_OK);
    ck_assert_int_eq(qt_scan_article(scanner, a, &r, &err), QT_OK);
    qt_scan_result_free(r);
    qt_article_free(a);
    free(buf);
    r = scan("");
    ck_assert_int_eq((int)r->count, 0);
    qt_scan_result_free(r);
}
END_TEST

START_TEST(quoted_words_inside_bare_clause)
{
    /* A bare clause after "says" that quotes a few words is one claim with
     * a partial inside; an object after "predicts" is not a clause. */
    qt_scan_result *r = scan("The ferry captain Mara Eklund says she “never saw the buoy” before the hull "
                             "struck the rocks near the harbour.\n"
                             "Eklund predicts a “rough winter” for the island's fishing fleet.\n");
    int c = find_kind(r, "never saw the buoy", QT_KIND_INDIRECT);
    ck_assert_int_ge(c, 0);
    ck_assert(strncmp(r->quotes[c].text, "she", 3) == 0);
    ck_assert_str_eq(speaker(r, c), "Mara Eklund");
    int p = find_kind(r, "never saw the buoy", QT_KIND_PARTIAL);
    ck_assert_int_ge(p, 0);
    ck_assert_int_eq(r->quotes[p].parent, c);
    ck_assert_int_eq(find_kind(r, "rough winter", QT_KIND_INDIRECT), -1);
    ck_assert_int_ge(find_kind(r, "rough winter", QT_KIND_PARTIAL), 0);
    qt_scan_result_free(r);
}
END_TEST

START_TEST(photo_captions_are_not_prose)
{
    /* A line ending in a photo credit is a caption: it repeats the story. */
    qt_scan_result *r = scan("Harbour master Tomas Brandt met the council on Monday.\n"
                             "Brandt said the pier would reopen in spring. (Lena Ortiz/Coast Daily)\n"
                             "Brandt said the pier would need new pilings before the season starts.\n");
    ck_assert_int_eq(find(r, "reopen in spring"), -1);
    ck_assert_str_eq(speaker(r, find(r, "new pilings")), "Tomas Brandt");
    qt_scan_result_free(r);
}
END_TEST

START_TEST(pronoun_clause_after_that_verbs)
{
    /* "noted", "confirmed", "report" usually want "that", but a pronoun
     * subject cannot be their object, so the clause is reported speech. */
    qt_scan_result *r = scan("Fire chief Olga Brenner noted they had found no accelerant in the barn.\n"
                             "Brenner confirmed in a statement there are no plans to reopen the road.\n"
                             "Brenner noted the smoke over the valley.\n");
    ck_assert_str_eq(speaker(r, find_kind(r, "no accelerant", QT_KIND_INDIRECT)), "Olga Brenner");
    int c = find_kind(r, "no plans to reopen", QT_KIND_INDIRECT);
    ck_assert(strncmp(r->quotes[c].text, "there are", 9) == 0);
    ck_assert_int_eq(find(r, "smoke over the valley"), -1); /* an object, not a clause */
    qt_scan_result_free(r);
}
END_TEST

START_TEST(addressee_before_clause)
{
    qt_scan_result *r = scan("During the hearing, Victor Almeida told the jury he had never owned a boat.\n"
                             "Almeida assured her he would return the keys within a week.\n");
    int a = find_kind(r, "never owned a boat", QT_KIND_INDIRECT);
    ck_assert(strncmp(r->quotes[a].text, "he had", 6) == 0);
    ck_assert_str_eq(speaker(r, a), "Victor Almeida");
    ck_assert_str_eq(speaker(r, find_kind(r, "return the keys", QT_KIND_INDIRECT)), "Victor Almeida");
    qt_scan_result_free(r);
}
END_TEST

START_TEST(parenthetical_between_two_clauses)
{
    /* A clause on each side of "she says" makes two claims; a short phrase
     * before it stays with the rest. */
    qt_scan_result *r = scan("Nurse Ines Okafor spoke after the shift.\n"
                             "The ward had run out of beds by noon, she says, and patients waited in the corridor.\n"
                             "The worst part, Okafor said, was the waiting for news.\n");
    int a = find_kind(r, "run out of beds", QT_KIND_INDIRECT), b = find_kind(r, "waited in the corridor", QT_KIND_INDIRECT);
    ck_assert_int_ne(a, b);
    ck_assert_str_eq(r->quotes[a].text, "The ward had run out of beds by noon");
    ck_assert(strncmp(r->quotes[b].text, "and patients", 12) == 0);
    ck_assert_str_eq(speaker(r, b), "Ines Okafor");
    int c = find_kind(r, "The worst part", QT_KIND_INDIRECT);
    ck_assert_ptr_nonnull(strstr(r->quotes[c].text, "waiting for news"));
    qt_scan_result_free(r);
}
END_TEST

START_TEST(common_noun_subjects)
{
    /* Subjects no word list names: a described person, a group, and "the
     * company" referring back to the company named before (by its name's
     * noun; "the firm" names no one in particular). */
    qt_scan_result *r = scan("The Harbour Ferry Company ran the ferry for a decade with Tidewater Ltd.\n"
                             "The company said it would cut two sailings in the winter.\n"
                             "The firm said it would sell its second boat.\n"
                             "The 62-year-old fisherman says the catch has halved since the spring.\n"
                             "Both crews report they were never told about the change.\n"
                             "Officials denied the ferry was unsafe.\n");
    ck_assert_str_eq(speaker(r, find_kind(r, "cut two sailings", QT_KIND_INDIRECT)), "Harbour Ferry Company");
    ck_assert_str_eq(speaker(r, find_kind(r, "second boat", QT_KIND_INDIRECT)), "firm");
    int f = find_kind(r, "catch has halved", QT_KIND_INDIRECT);
    ck_assert_str_eq(r->quotes[f].mention_text, "The 62-year-old fisherman");
    int g = find_kind(r, "never told", QT_KIND_INDIRECT);
    ck_assert_str_eq(speaker(r, g), "Both crews");
    ck_assert_int_eq(r->speakers[r->quotes[g].speaker].kind, QT_SPEAKER_GROUP);
    ck_assert_int_eq(find(r, "ferry was unsafe"), -1); /* a denial is not the claim */
    qt_scan_result_free(r);
}
END_TEST

START_TEST(names_take_their_fullest_form)
{
    /* Multi-word surnames, particles, an adverb or common word before a name,
     * a title abbreviation, and a name at the end of one paragraph next to
     * the same name opening the next. */
    qt_scan_result *r = scan("Farmer Layla Al Qasimi opened the market on Monday.\n"
                             "“We sold out by noon,” Al Qasimi said.\n"
                             "Geologist Anneke van der Berg measured the slope.\n"
                             "“It is moving every day,” said Anneke van der Berg.\n"
                             "Finally Tomas Ek spoke about the road that floods every spring near the old mill. Tomas Ek\n"
                             "Ek said the bridge would close for a week in June.\n"
                             "Part of Ruth Obi’s plan is a new bus line.\n"
                             "“The bus will run hourly,” Obi said.\n"
                             "Springfield Police Lt. Dana Reyes said the driver was not hurt in the crash.\n"
                             "Ms. May said the vote would be held again next week.\n");
    ck_assert_str_eq(speaker(r, find(r, "sold out by noon")), "Layla Al Qasimi");
    ck_assert_str_eq(speaker(r, find(r, "moving every day")), "Anneke van der Berg");
    ck_assert_str_eq(speaker(r, find(r, "bridge would close")), "Tomas Ek");
    ck_assert_str_eq(speaker(r, find(r, "bus will run")), "Ruth Obi");
    ck_assert_str_eq(speaker(r, find(r, "driver was not hurt")), "Dana Reyes");
    ck_assert_str_eq(speaker(r, find(r, "vote would be held")), "May");
    qt_scan_result_free(r);
}
END_TEST

START_TEST(groups_keep_their_quantifier)
{
    qt_scan_result *r = scan("Some residents said the water tasted of chlorine for a week.\n"
                             "Mayor Jo Pike met the crews. Pike’s staff said the pipes were replaced in 1990.\n");
    ck_assert_str_eq(speaker(r, find(r, "tasted of chlorine")), "Some residents");
    ck_assert_str_eq(r->quotes[find(r, "pipes were replaced")].mention_text, "Pike’s staff");
    qt_scan_result_free(r);
}
END_TEST

START_TEST(subjects_far_from_their_cue)
{
    /* The subject of a participle after a quote, of a verb coordinated with
     * "but", of a cue after a long aside, and a possessor as determiner. */
    qt_scan_result *r = scan("Mayor Lena Fisk said she was “a long way from a decision,” noting that the budget "
                             "is not final.\n"
                             "Coach Arne Vik said the season was over for him, but added that he would return "
                             "next year.\n"
                             "Pia Lund, who ran the clinic for a decade and trained most of its nurses, said "
                             "the wait times had doubled.\n"
                             "Fisk’s office said 300 people came to the meeting.\n"
                             "Vik states however, that the team needs a new goalie.\n");
    ck_assert_str_eq(speaker(r, find_kind(r, "budget is not final", QT_KIND_INDIRECT)), "Lena Fisk");
    ck_assert_str_eq(speaker(r, find_kind(r, "would return next year", QT_KIND_INDIRECT)), "Arne Vik");
    ck_assert_str_eq(speaker(r, find_kind(r, "wait times had doubled", QT_KIND_INDIRECT)), "Pia Lund");
    ck_assert_str_eq(speaker(r, find_kind(r, "300 people came", QT_KIND_INDIRECT)), "Fisk’s office");
    ck_assert_str_eq(speaker(r, find_kind(r, "new goalie", QT_KIND_INDIRECT)), "Arne Vik");
    qt_scan_result_free(r);
}
END_TEST

START_TEST(pull_quotes_and_embedded_posts)
{
    /* A paragraph of someone's words signed with their name, and an
     * embedded post signed "— Name (@handle) date"; a lone credit is no
     * signature. */
    qt_scan_result *r = scan("The river rose two metres overnight and closed the only bridge into town.\n"
                             "We have never seen water this high in the forty years I have lived here. "
                             "Greta Holm, Lakeside resident\n"
                             "Crews are working through the night to restore power to the valley. "
                             "pic.twitter.com/AbC123xyz — Valley Power Co (@valleypower) May 2, 2021\n"
                             "Drone footage shows the flooded main street and the submerged cars near the school. "
                             "Reuters\n");
    int a = find_kind(r, "never seen water this high", QT_KIND_INDIRECT);
    ck_assert_str_eq(speaker(r, a), "Greta Holm");
    ck_assert_ptr_null(strstr(r->quotes[a].text, "Greta"));
    int b = find_kind(r, "restore power", QT_KIND_INDIRECT);
    ck_assert_str_eq(speaker(r, b), "Valley Power Co");
    ck_assert_ptr_null(strstr(r->quotes[b].text, "twitter"));
    ck_assert_int_eq(find(r, "Drone footage"), -1);
    qt_scan_result_free(r);
}
END_TEST

START_TEST(appositives_acronyms_and_noun_cues)
{
    /* The name between two commas, a role noun after a team's name, a
     * verb's base form used as a noun ("state senator"), an acronym of a
     * body named in full, and buildings or days that "he" never means. */
    qt_scan_result *r = scan("Keeper of the Harbour Records, Ilse Brandt, said the ledgers date from 1802.\n"
                             "“We played hard,” said Falcons head coach Ray Dunn.\n"
                             "Omar Reyes, another GOP state senator, called it “a waste of money” for the county.\n"
                             "The Northern Rail Authority (NRA) runs the line. NRA said fares would rise in May.\n"
                             "Tove Lind spent the day at the gallery. The Museum of Modern Art opened late on Boxing Day.\n"
                             "“It was quiet,” he said.\n");
    ck_assert_str_eq(speaker(r, find(r, "ledgers date")), "Ilse Brandt");
    ck_assert_str_eq(speaker(r, find(r, "We played hard")), "Ray Dunn");
    ck_assert_str_eq(speaker(r, find(r, "a waste of money")), "Omar Reyes");
    ck_assert_str_eq(speaker(r, find(r, "fares would rise")), "Northern Rail Authority");
    ck_assert_str_eq(speaker(r, find(r, "It was quiet")), "Tove Lind");
    qt_scan_result_free(r);
}
END_TEST

START_TEST(mixed_sentences_terms_and_floating_after_claims)
{
    /* A trailing attribution after a sentence that only quotes some words
     * makes the whole sentence the claim; a quoted term is not speech; a
     * colon hands a quote to the clause's subject; a quote with no cue goes
     * on with the speaker of the claim before it. */
    qt_scan_result *r = scan("There was a “buzz” in the hall when the council called the vote “overdue,” Marta Quist said.\n"
                             "The museum launched the “Open Doors” program in May.\n"
                             "Nils Berg is more blunt: “The roof will not last another winter.”\n"
                             "Berg said the repairs would cost more than the building.\n"
                             "“Nobody wants to hear that, but it is true.”\n");
    int a = find_kind(r, "buzz", QT_KIND_INDIRECT);
    ck_assert_int_ge(a, 0);
    ck_assert(strncmp(r->quotes[a].text, "There was", 9) == 0);
    ck_assert_str_eq(speaker(r, a), "Marta Quist");
    ck_assert_int_eq(find_kind(r, "overdue", QT_KIND_DIRECT), -1);
    ck_assert_int_eq(find(r, "Open Doors"), -1);
    ck_assert_str_eq(speaker(r, find(r, "roof will not last")), "Nils Berg");
    ck_assert_str_eq(speaker(r, find(r, "Nobody wants to hear")), "Nils Berg");
    qt_scan_result_free(r);
}
END_TEST

START_TEST(sources_after_according_to)
{
    /* "according to" a body with an article, a name that runs on, a
     * document, a possessor's book; "the official" after "a county
     * official"; "the mayor" as the story's main speaker when nobody holds
     * that title by name. */
    qt_scan_result *r = scan("According to the Harbour Board, the pier will close for a month.\n"
                             "Most wells are dry, according to the Institute on Water Supply.\n"
                             "According to the preliminary findings, the river carries twice the silt it did.\n"
                             "Author Lena Moss spent ten years on the book. Rail workers earned half the usual wage, "
                             "according to Moss’s book.\n"
                             "A county official said the bridge was inspected in March.\n"
                             "“We found no cracks,” the official said.\n");
    ck_assert_str_eq(speaker(r, find(r, "pier will close")), "Harbour Board");
    ck_assert_int_ge(find(r, "Most wells are dry"), 0);
    int c = find(r, "twice the silt");
    ck_assert_str_eq(r->quotes[c].mention_text, "the preliminary findings");
    ck_assert_str_eq(speaker(r, find(r, "half the usual wage")), "Lena Moss");
    ck_assert_str_eq(speaker(r, find(r, "found no cracks")), "A county official");
    qt_scan_result_free(r);
    r = scan("Tomas Ek ran for office on a promise to fix the roads. Ek said the budget was too small.\n"
             "Ek said the city would borrow. “We will pave every street,” Ek said.\n"
             "The mayor said the first contracts would be signed in May.\n");
    ck_assert_str_eq(speaker(r, find(r, "first contracts")), "Tomas Ek");
    qt_scan_result_free(r);
}
END_TEST

START_TEST(what_is_not_a_claim)
{
    /* An object after a bare verb, a clause of circumstance, an addressee's
     * possessor, words setting the scene before a quote, an appositive after
     * the speaker, a pronoun object after a trailing verb, "agreed with". */
    qt_scan_result *r = scan("Nadia Holm writes exclusively for the weekend edition of the paper.\n"
                             "“We lost everything,” Holm said while standing outside the shelter on Monday.\n"
                             "“The numbers do not add up,” Holm told Riverton’s councillors at the meeting.\n"
                             "When asked about the budget for the new hall, Holm said, “We have no money left.”\n"
                             "The ferry will stop in March, said Pavel Rusu, a spokesman for the port authority.\n"
                             "Critics of the so-called “toll plan” argue it could cost drivers more.\n"
                             "Director of the Harbour Trust, Ola Berg, agreed with this finding.\n");
    ck_assert_int_eq(find(r, "exclusively"), -1);
    ck_assert_int_eq(find(r, "standing outside"), -1);
    ck_assert_int_eq(find(r, "councillors at the meeting"), -1);
    ck_assert_int_eq(find_kind(r, "When asked", QT_KIND_INDIRECT), -1);
    ck_assert_str_eq(speaker(r, find(r, "no money left")), "Nadia Holm");
    ck_assert_str_eq(speaker(r, find(r, "ferry will stop")), "Pavel Rusu");
    ck_assert_int_eq(find(r, "spokesman for the port"), -1);
    ck_assert_int_eq(find_kind(r, "toll plan", QT_KIND_DIRECT), -1);
    ck_assert_int_eq(find(r, "Director of the Harbour"), -1);
    qt_scan_result_free(r);
}
END_TEST

START_TEST(unnamed_sources_keep_their_description)
{
    qt_scan_result *r = scan("“We were never consulted,” said another member of the public.\n"
                             "A person familiar with the talks said the deal would close on Friday.\n");
    ck_assert_str_eq(speaker(r, find(r, "never consulted")), "another member of the public");
    ck_assert_str_eq(speaker(r, find(r, "deal would close")), "A person familiar with the talks");
    ck_assert_int_eq(r->speakers[r->quotes[find(r, "deal would close")].speaker].kind, QT_SPEAKER_ANONYMOUS);
    qt_scan_result_free(r);
    r = scan("Justin Holt says the plant will close. Holt said the workers would be paid.\n"
             "The prime minister said he was “deeply concerned” about the jobs.\n");
    ck_assert_str_eq(speaker(r, find_kind(r, "deeply concerned", QT_KIND_INDIRECT)), "Justin Holt");
    qt_scan_result_free(r);
}
END_TEST

START_TEST(body_names_with_and_on_for)
{
    qt_scan_result *r = scan("Most claims were settled, according to the Bureau on Fair Trade.\n"
                             "The Council for Coastal Safety said the beach would reopen in June.\n"
                             "Ana Ruiz and Ben Cole said the dune was eroding fast.\n"
                             "“It is gone,” Cole said.\n");
    ck_assert_str_eq(speaker(r, find(r, "claims were settled")), "Bureau on Fair Trade");
    ck_assert_str_eq(speaker(r, find(r, "beach would reopen")), "Council for Coastal Safety");
    ck_assert_str_eq(speaker(r, find(r, "It is gone")), "Ben Cole");
    qt_scan_result_free(r);
}
END_TEST

START_TEST(characterisations)
{
    /* What a speaker called something is their claim; not in the passive;
     * "... and said ..." starts a second claim of the same speaker. */
    qt_scan_result *r = scan("Police described the fire as a deliberate attack and said two men had been seen nearby.\n"
                             "Councillor Rita Olsen now calls it a costly mistake.\n"
                             "The old mill was described as a danger to children.\n");
    int a = find_kind(r, "deliberate attack", QT_KIND_INDIRECT);
    ck_assert_str_eq(r->quotes[a].text, "a deliberate attack");
    ck_assert_str_eq(speaker(r, a), "Police");
    ck_assert_str_eq(speaker(r, find_kind(r, "two men had been seen", QT_KIND_INDIRECT)), "Police");
    ck_assert_str_eq(speaker(r, find_kind(r, "costly mistake", QT_KIND_INDIRECT)), "Rita Olsen");
    ck_assert_int_eq(find(r, "danger to children"), -1);
    qt_scan_result_free(r);
}
END_TEST

START_TEST(adverb_before_cue_keeps_subject)
{
    /* "Beck calmly replied" puts Beck in subject position, so "He" is Beck,
     * not the mayor who spoke just before him. */
    qt_scan_result *r = scan("The council met for three hours on Monday evening to discuss the budget for the "
                             "coming year, the state of the roads and the future of the old ferry. Mayor Ivan "
                             "Strand spoke first.\n"
                             "When officials asked about the cost of the repairs to the old ferry, Councillor Tom Beck "
                             "calmly replied, “Too much.” He elaborated, stating that the hull had rusted through.\n");
    ck_assert_str_eq(speaker(r, find_kind(r, "hull had rusted", QT_KIND_INDIRECT)), "Tom Beck");
    qt_scan_result_free(r);
}
END_TEST

Suite *scan_suite(void)
{
    Suite *s = suite_create("scan");
    TCase *tc = tcase_create("scan");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, trailing_and_floating);
    tcase_add_test(tc, mixed_unbalanced_marks_seed_004);
    tcase_add_test(tc, apostrophes_are_not_quotes);
    tcase_add_test(tc, same_surname_kept_apart);
    tcase_add_test(tc, appositive_and_noun_cue);
    tcase_add_test(tc, reported_claims);
    tcase_add_test(tc, scare_quote_gets_no_speaker);
    tcase_add_test(tc, partial_inside_claim_has_parent);
    tcase_add_test(tc, continued_quote_spans_paragraphs);
    tcase_add_test(tc, headings_footers_and_nicknames);
    tcase_add_test(tc, anchored_and_floating_footers);
    tcase_add_test(tc, offsets_are_bytes_and_code_points);
    tcase_add_test(tc, hostile_input_survives);
    tcase_add_test(tc, quoted_words_inside_bare_clause);
    tcase_add_test(tc, photo_captions_are_not_prose);
    tcase_add_test(tc, pronoun_clause_after_that_verbs);
    tcase_add_test(tc, addressee_before_clause);
    tcase_add_test(tc, parenthetical_between_two_clauses);
    tcase_add_test(tc, common_noun_subjects);
    tcase_add_test(tc, names_take_their_fullest_form);
    tcase_add_test(tc, groups_keep_their_quantifier);
    tcase_add_test(tc, subjects_far_from_their_cue);
    tcase_add_test(tc, pull_quotes_and_embedded_posts);
    tcase_add_test(tc, appositives_acronyms_and_noun_cues);
    tcase_add_test(tc, mixed_sentences_terms_and_floating_after_claims);
    tcase_add_test(tc, sources_after_according_to);
    tcase_add_test(tc, what_is_not_a_claim);
    tcase_add_test(tc, unnamed_sources_keep_their_description);
    tcase_add_test(tc, body_names_with_and_on_for);
    tcase_add_test(tc, characterisations);
    tcase_add_test(tc, adverb_before_cue_keeps_subject);
    suite_add_tcase(s, tc);
    return s;
}
