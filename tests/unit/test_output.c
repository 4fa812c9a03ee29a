/*
 * test_output.c - the CLI's writers (src/cli/output.c): the JSON record of a
 * quote (the documented contract), CSV quoting and formula neutralisation,
 * and table layout by code points.  Writers are run into memory streams.
 */
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli/output.h"
#include "suites.h"

/* A memory stream the writers can print to. */
typedef struct {
    FILE *f;
    char *buf;
    size_t len;
} capture;

static void cap_open(capture *c)
{
    c->buf = NULL;
    c->len = 0;
    c->f = open_memstream(&c->buf, &c->len);
    ck_assert_ptr_nonnull(c->f);
}

/* Closes the stream and returns its contents (owned by c). */
static const char *cap_text(capture *c)
{
    ck_assert_int_eq(fclose(c->f), 0);
    c->f = NULL;
    return c->buf;
}

/* ---- JSON ------------------------------------------------------------ */

static qt_speaker speakers[] = {
    {.name = "Antony Blinken", .kind = QT_SPEAKER_PERSON},
    {.name = "a senior official", .kind = QT_SPEAKER_ANONYMOUS},
};

static qt_quote quotes[] = {
    {.kind = QT_KIND_DIRECT, .span = {10, 24, 9, 22}, .text = "We act / now \u00e9",
     .speaker = 0, .has_mention = 1, .mention = {30, 37, 28, 35}, .mention_text = "Blinken",
     .has_cue = 1, .cue = {38, 42, 36, 40}, .cue_text = "said", .confidence = 0.87549,
     .rule = "quote-mention-cue", .parent = -1},
    {.kind = QT_KIND_PARTIAL, .span = {14, 18, 13, 17}, .text = "calm", .speaker = -1,
     .has_mention = 0, .has_cue = 0, .confidence = 1.0, .rule = NULL, .parent = 0},
    {.kind = QT_KIND_INDIRECT, .span = {60, 70, 58, 68}, .text = "it is over", .speaker = 1,
     .has_mention = 1, .mention = {71, 88, 69, 86}, .mention_text = "a senior official",
     .has_cue = 1, .cue_text = "according to", .confidence = 0.9, .rule = "r", .parent = -1},
};

static const qt_scan_result result = {quotes, 3, speakers, 2};

static json_object *quote_json(size_t i)
{
    json_object *obj = NULL;
    ck_assert_int_eq(qt_out_quote_json("doc/7", &result, i, &obj, NULL), QT_OK);
    ck_assert_ptr_nonnull(obj);
    return obj;
}

static const char *str_field(json_object *obj, const char *key)
{
    json_object *v;
    ck_assert_msg(json_object_object_get_ex(obj, key, &v), "no field %s", key);
    ck_assert_msg(json_object_is_type(v, json_type_string), "%s is not a string", key);
    return json_object_get_string(v);
}

static long long int_field(json_object *obj, const char *key)
{
    json_object *v;
    ck_assert_msg(json_object_object_get_ex(obj, key, &v), "no field %s", key);
    ck_assert_msg(json_object_is_type(v, json_type_int), "%s is not an integer", key);
    return (long long)json_object_get_int64(v);
}

static void null_field(json_object *obj, const char *key)
{
    json_object *v = (json_object *)1;
    ck_assert_msg(json_object_object_get_ex(obj, key, &v), "no field %s", key);
    ck_assert_msg(v == NULL, "%s is not null", key);
}

START_TEST(json_record_has_the_contract_fields)
{
    json_object *o = quote_json(0);
    ck_assert_str_eq(str_field(o, "doc"), "doc/7");
    ck_assert_str_eq(str_field(o, "kind"), "direct");
    ck_assert_str_eq(str_field(o, "text"), "We act / now \u00e9");
    ck_assert_int_eq(int_field(o, "start"), 10);
    ck_assert_int_eq(int_field(o, "end"), 24);
    ck_assert_int_eq(int_field(o, "char_start"), 9);
    ck_assert_int_eq(int_field(o, "char_end"), 22);
    ck_assert_str_eq(str_field(o, "speaker"), "Antony Blinken");
    ck_assert_str_eq(str_field(o, "speaker_kind"), "person");
    ck_assert_str_eq(str_field(o, "speaker_mention"), "Blinken");
    ck_assert_int_eq(int_field(o, "speaker_start"), 30);
    ck_assert_int_eq(int_field(o, "speaker_end"), 37);
    ck_assert_int_eq(int_field(o, "speaker_char_start"), 28);
    ck_assert_int_eq(int_field(o, "speaker_char_end"), 35);
    ck_assert_str_eq(str_field(o, "cue"), "said");
    ck_assert_str_eq(str_field(o, "rule"), "quote-mention-cue");
    /* quote 1 is a partial inside this one: it travels in "partials" */
    json_object *partials = NULL;
    ck_assert(json_object_object_get_ex(o, "partials", &partials));
    ck_assert_int_eq((int)json_object_array_length(partials), 1);
    ck_assert_int_eq(json_object_object_length(o), 18);
    json_object_put(o);
}
END_TEST

START_TEST(json_nulls_without_speaker_or_mention)
{
    json_object *o = quote_json(1);
    ck_assert_str_eq(str_field(o, "kind"), "partial");
    static const char *const nulls[] = {"speaker", "speaker_kind", "speaker_mention",
                                        "speaker_start", "speaker_end", "speaker_char_start",
                                        "speaker_char_end", "cue", "rule"};
    for (size_t i = 0; i < sizeof nulls / sizeof *nulls; i++) null_field(o, nulls[i]);
    ck_assert(!json_object_object_get_ex(o, "partials", NULL));
    json_object_put(o);

    o = quote_json(2);
    ck_assert_str_eq(str_field(o, "kind"), "indirect");
    ck_assert_str_eq(str_field(o, "speaker_kind"), "anonymous");
    json_object_put(o);
}
END_TEST

START_TEST(json_line_is_compact_with_rounded_confidence)
{
    capture c;
    cap_open(&c);
    for (size_t i = 0; i < 3; i++) {
        json_object *o = quote_json(i);
        ck_assert_int_eq(qt_out_json_line(c.f, o, NULL), QT_OK);
        json_object_put(o);
    }
    const char *out = cap_text(&c);
    /* One line per quote, "/" unescaped, UTF-8 kept, 3-decimal confidence. */
    ck_assert_ptr_nonnull(strstr(out, "\"text\":\"We act / now \u00e9\""));
    ck_assert_ptr_nonnull(strstr(out, "\"confidence\":0.875,"));
    ck_assert_ptr_nonnull(strstr(out, "\"confidence\":1.0,"));
    ck_assert_ptr_nonnull(strstr(out, "\"confidence\":0.9,"));
    ck_assert_ptr_null(strstr(out, ": "));
    size_t lines = 0;
    for (const char *p = out; *p; p++) lines += *p == '\n';
    ck_assert_uint_eq(lines, 3);
    /* Each line parses back. */
    const char *line = out;
    for (size_t i = 0; i < 3; i++) {
        json_object *back = json_tokener_parse(line);
        ck_assert_ptr_nonnull(back);
        json_object_put(back);
        line = strchr(line, '\n') + 1;
    }
    free(c.buf);
}
END_TEST

/* ---- CSV ------------------------------------------------------------- */

/* The streaming writer scan uses must print exactly what the json_object
 * path prints, for awkward strings and values as well. */
START_TEST(jsonl_writer_matches_json_object_output)
{
    static qt_speaker odd_speakers[] = {
        {.name = "Q \"the\" \\ one/\t\x01", .kind = QT_SPEAKER_ORGANIZATION},
        {.name = "", .kind = QT_SPEAKER_GROUP},
        {.name = "x", .kind = QT_SPEAKER_UNKNOWN},
    };
    static qt_quote odd[] = {
        {.kind = QT_KIND_INDIRECT, .span = {0, 4000000000u, 0, 123456789}, .text = "line\nbreak \r\b\f \x1f \u2028 \u00e9 \xf0\x9f\x98\x80 </script>",
         .speaker = 0, .has_mention = 1, .mention = {1, 2, 3, 4}, .mention_text = "\"quoted\"",
         .has_cue = 1, .cue_text = NULL, .confidence = 0.0004, .rule = "r\\", .parent = -1},
        {.kind = QT_KIND_PARTIAL, .span = {5, 6, 5, 6}, .text = NULL, .speaker = 7,
         .confidence = 0.9995, .parent = 0},
        {.kind = QT_KIND_PARTIAL, .span = {7, 8, 7, 8}, .text = "", .speaker = 1,
         .confidence = -0.0001, .parent = 0},
        {.kind = QT_KIND_DIRECT, .span = {9, 9, 9, 9}, .text = "\\\\", .speaker = 2,
         .has_cue = 1, .cue_text = "said", .confidence = 1.0 / 0.0, .rule = "", .parent = -1},
        {.kind = QT_KIND_DIRECT, .span = {0, 0, 0, 0}, .text = "a", .speaker = -1,
         .confidence = 0.0 / 0.0, .parent = 3},
    };
    const qt_scan_result odd_result = {odd, 5, odd_speakers, 3};
    const qt_scan_result *results[] = {&result, &odd_result};
    const char *docs[] = {"doc/7", "d\u00f6c \"x\"\n"};
    qt_jsonl_writer *w = qt_jsonl_writer_new();
    ck_assert_ptr_nonnull(w);
    for (size_t r = 0; r < 2; r++) {
        for (size_t i = 0; i < results[r]->count; i++) {
            capture a, b;
            cap_open(&a);
            cap_open(&b);
            json_object *o = NULL;
            ck_assert_int_eq(qt_out_quote_json(docs[r], results[r], i, &o, NULL), QT_OK);
            ck_assert_int_eq(qt_out_json_line(a.f, o, NULL), QT_OK);
            json_object_put(o);
            ck_assert_int_eq(qt_jsonl_writer_put(w, b.f, docs[r], results[r], i, NULL), QT_OK);
            ck_assert_str_eq(cap_text(&b), cap_text(&a));
            free(a.buf);
            free(b.buf);
        }
    }
    qt_jsonl_writer_free(w);
}
END_TEST

/* The look-ups' trailing fields (quote_id, outlet, score, ...) written by
 * the streaming writer are what json_object_object_add of the same values
 * prints: strings that need escapes and that do not, nulls, int64 limits and
 * doubles json-c formats in its own way. */
START_TEST(jsonl_writer_extra_fields_match_json_object_output)
{
    static const char *const strs[] = {"AP", NULL, "", "a \"b\" \\ c/d\n\x01 \u00e9"};
    static const int64_t ints[] = {0, -1, 42, INT64_MAX, INT64_MIN};
    static const double reals[] = {0.0, -0.0, 1.0, -3.14159e-07, 1e300, 2.5, -12.75, 1.0 / 3.0};
    qt_jsonl_writer *w = qt_jsonl_writer_new();
    ck_assert_ptr_nonnull(w);
    for (size_t k = 0; k < 8; k++) {
        const qt_json_field extra[] = {
            {"quote_id", QT_JSON_INT, NULL, ints[k % 5], 0},
            {"outlet", QT_JSON_STRING, strs[k % 4], 0, 0},
            {"url", QT_JSON_STRING, strs[(k + 1) % 4], 0, 0},
            {"copies", QT_JSON_INT, NULL, ints[(k + 2) % 5], 0},
            {"score", QT_JSON_DOUBLE, NULL, 0, reals[k]},
        };
        size_t n = k % 2 ? 5 : 4; /* with and without the score */
        capture a, b;
        cap_open(&a);
        cap_open(&b);
        json_object *o = NULL;
        ck_assert_int_eq(qt_out_quote_json("doc/1", &result, k % result.count, &o, NULL), QT_OK);
        for (size_t f = 0; f < n; f++) {
            json_object *v = extra[f].type == QT_JSON_INT    ? json_object_new_int64(extra[f].num)
                             : extra[f].type == QT_JSON_DOUBLE ? json_object_new_double(extra[f].real)
                             : extra[f].str                    ? json_object_new_string(extra[f].str)
                                                               : NULL;
            ck_assert_int_eq(json_object_object_add(o, extra[f].key, v), 0);
        }
        ck_assert_int_eq(qt_out_json_line(a.f, o, NULL), QT_OK);
        json_object_put(o);
        ck_assert_int_eq(qt_jsonl_writer_put_with(w, b.f, "doc/1", &result, k % result.count,
                                                  extra, n, NULL),
                         QT_OK);
        ck_assert_str_eq(cap_text(&b), cap_text(&a));
        free(a.buf);
        free(b.buf);
    }
    qt_jsonl_writer_free(w);
}
END_TEST

START_TEST(csv_quotes_per_rfc_4180)
{
    qt_cell cells[] = {{"id", "plain"}, {"text", "a, \"b\"\nc"}, {"none", NULL},
                       {"cr", "x\ry"}, {"utf8", "caf\u00e9"}};
    capture c;
    cap_open(&c);
    ck_assert_int_eq(qt_csv_header(c.f, cells, 5, NULL), QT_OK);
    ck_assert_int_eq(qt_csv_row(c.f, cells, 5, NULL), QT_OK);
    ck_assert_str_eq(cap_text(&c), "id,text,none,cr,utf8\r\n"
                                   "plain,\"a, \"\"b\"\"\nc\",,\"x\ry\",caf\u00e9\r\n");
    free(c.buf);
}
END_TEST

START_TEST(csv_neutralises_formulas)
{
    qt_cell cells[] = {{"a", "=SUM(A1)"}, {"b", "+1"}, {"c", "-2"}, {"d", "@cmd"},
                       {"e", "\tx"}, {"f", "\rx"}, {"g", "=\"q\""}, {"h", "a=b"}};
    capture c;
    cap_open(&c);
    ck_assert_int_eq(qt_csv_row(c.f, cells, 8, NULL), QT_OK);
    ck_assert_str_eq(cap_text(&c),
                     "'=SUM(A1),'+1,'-2,'@cmd,'\tx,\"'\rx\",\"'=\"\"q\"\"\",a=b\r\n");
    free(c.buf);
}
END_TEST

/* ---- table ----------------------------------------------------------- */

static const qt_table_col cols[] = {
    {"doc", 3, 10, QT_COL_KEEP_END},
    {"speaker", 7, 12, 0},
    {"text", 8, 0, QT_COL_FILL},
};

START_TEST(table_aligns_and_truncates_by_code_points)
{
    capture c;
    cap_open(&c);
    qt_table *t = qt_table_new(c.f, cols, 3, 40);
    ck_assert_ptr_nonnull(t);
    const char *r1[] = {"a.txt", "Zo\u00eb", "\u00ab\u00c7a va\u00bb, dit-elle, \u00e0 la fin du jour."};
    const char *r2[] = {"a-very-long-document-id", NULL, "short"};
    ck_assert_int_eq(qt_table_add(t, r1, NULL), QT_OK);
    ck_assert_int_eq(qt_table_add(t, r2, NULL), QT_OK);
    ck_assert_int_eq(qt_table_flush(t, NULL), QT_OK);
    ck_assert_uint_eq(qt_table_rows(t), 2);
    qt_table_free(t);
    /* doc is capped at 10 (and cut at the start: keep_end), speaker takes
     * its header's 7, text gets the rest: 40 - 10 - 7 - 2 * 2 = 19 code
     * points, the last an ellipsis. */
    ck_assert_str_eq(cap_text(&c),
                     "doc         speaker  text\n"
                     "----------  -------  -------------------\n"
                     "a.txt       Zo\u00eb      \u00ab\u00c7a va\u00bb, dit-elle,\u2026\n"
                     "\u2026cument-id           short\n");
    free(c.buf);
}
END_TEST

START_TEST(table_cells_cannot_break_the_layout)
{
    capture c;
    cap_open(&c);
    qt_table *t = qt_table_new(c.f, cols, 3, 80);
    const char *r[] = {"d", "s", "line one\n\nline\ttwo \x1b[31mred\x1b[0m \xe2\x80\xaeok\xc2\x85!"};
    ck_assert_int_eq(qt_table_add(t, r, NULL), QT_OK);
    ck_assert_int_eq(qt_table_flush(t, NULL), QT_OK);
    qt_table_free(t);
    const char *out = cap_text(&c);
    const char *row = strstr(out, "\nd  ");
    ck_assert_ptr_nonnull(row);
    ck_assert_str_eq(row + 1, "d    s        line one line two [31mred [0m ok !\n");
    free(c.buf);
}
END_TEST

START_TEST(table_keeps_widths_across_batches)
{
    capture c;
    cap_open(&c);
    qt_table *t = qt_table_new(c.f, cols, 3, 60);
    const char *r[] = {"doc1", "S", "t"};
    for (size_t i = 0; i < QT_TABLE_BATCH + 3; i++) ck_assert_int_eq(qt_table_add(t, r, NULL), QT_OK);
    const char *wide[] = {"much-longer-id", "Someone Else", "t"};
    ck_assert_int_eq(qt_table_add(t, wide, NULL), QT_OK);
    ck_assert_int_eq(qt_table_flush(t, NULL), QT_OK);
    ck_assert_int_eq(qt_table_flush(t, NULL), QT_OK); /* nothing left: no-op */
    qt_table_free(t);
    const char *out = cap_text(&c);
    /* One header; the late wide row is cut to the widths of the first batch. */
    ck_assert_ptr_eq(strstr(out, "doc "), out);
    ck_assert_ptr_null(strstr(out + 1, "\ndoc "));
    ck_assert_ptr_nonnull(strstr(out, "\n\u2026-id  Someon\u2026  t\n"));
    free(c.buf);
}
END_TEST

START_TEST(empty_table_writes_nothing)
{
    capture c;
    cap_open(&c);
    qt_table *t = qt_table_new(c.f, cols, 3, 0);
    ck_assert_int_eq(qt_table_flush(t, NULL), QT_OK);
    qt_table_free(t);
    qt_table_free(NULL);
    ck_assert_str_eq(cap_text(&c), "");
    free(c.buf);
}
END_TEST

START_TEST(utf8_width_helpers)
{
    ck_assert_uint_eq(qt_out_width(""), 0);
    ck_assert_uint_eq(qt_out_width("a\u00e9\u201c\U0001F600"), 4);
    ck_assert_uint_eq(qt_out_prefix("a\u00e9\u201c", 2), 3);
    ck_assert_uint_eq(qt_out_prefix("a\u00e9\u201c", 0), 0);
    ck_assert_uint_eq(qt_out_prefix("ab", 9), 2);
}
END_TEST

Suite *output_suite(void)
{
    Suite *s = suite_create("output");
    TCase *tc = tcase_create("json");
    tcase_add_test(tc, json_record_has_the_contract_fields);
    tcase_add_test(tc, json_nulls_without_speaker_or_mention);
    tcase_add_test(tc, json_line_is_compact_with_rounded_confidence);
    tcase_add_test(tc, jsonl_writer_matches_json_object_output);
    tcase_add_test(tc, jsonl_writer_extra_fields_match_json_object_output);
    suite_add_tcase(s, tc);
    tc = tcase_create("csv");
    tcase_add_test(tc, csv_quotes_per_rfc_4180);
    tcase_add_test(tc, csv_neutralises_formulas);
    suite_add_tcase(s, tc);
    tc = tcase_create("table");
    tcase_add_test(tc, table_aligns_and_truncates_by_code_points);
    tcase_add_test(tc, table_cells_cannot_break_the_layout);
    tcase_add_test(tc, table_keeps_widths_across_batches);
    tcase_add_test(tc, empty_table_writes_nothing);
    tcase_add_test(tc, utf8_width_helpers);
    suite_add_tcase(s, tc);
    return s;
}
