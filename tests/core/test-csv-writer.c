/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-csv-writer.c: exported problem lists open in a spreadsheet as text, never as formulas */

#define G_LOG_DOMAIN "test-csv-writer"

#include "config.h"

#include <string.h>

#include <glib.h>

#include "msi-csv-writer.h"

static void
test_fields (void)
{
  static const struct { const char *in; char sep; const char *out; } cases[] = {
    { "plain", ',', "plain" },
    { "", ',', "" },
    { "with space ", ',', "with space " },
    { "a,b", ',', "\"a,b\"" },
    { "a,b", ';', "a,b" },
    { "a;b", ';', "\"a;b\"" },
    { "a\tb", '\t', "\"a\tb\"" },
    { "a|b", '|', "\"a|b\"" },
    { "say \"hi\"", ',', "\"say \"\"hi\"\"\"" },
    { "\"", ',', "\"\"\"\"" },
    { "\"\"", ',', "\"\"\"\"\"\"" },
    { "line\nbreak", ',', "\"line\nbreak\"" },
    { "line\r\nbreak", ',', "\"line\r\nbreak\"" },
    { "Doe, Sam", ',', "\"Doe, Sam\"" },
    { "Prénom Müller ☺", ',', "Prénom Müller ☺" },
    /* Formulas are neutralised */
    { "=1+1", ',', "'=1+1" },
    { "+31 20 123 4567", ',', "'+31 20 123 4567" },
    { "-2", ',', "'-2" },
    { "@SUM(A1:A9)", ',', "'@SUM(A1:A9)" },
    { "\tindented", ',', "'\tindented" },
    { "\rreturn", ',', "\"'\rreturn\"" },
    { "=HYPERLINK(\"http://x.example\",\"click\")", ',', "\"'=HYPERLINK(\"\"http://x.example\"\",\"\"click\"\")\"" },
    { "=cmd|' /C calc'!A0", ',', "'=cmd|' /C calc'!A0" },
    { "=cmd|' /C calc'!A0", '|', "\"'=cmd|' /C calc'!A0\"" },
    { "-1,5", ',', "\"'-1,5\"" },
    /* Only the first character counts */
    { "a=b", ',', "a=b" },
    { "alex@example.com", ',', "alex@example.com" },
    { " =1", ',', " =1" },
    { "'quoted", ',', "'quoted" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) out = g_string_new ("x");

      msi_csv_append_field (out, cases[i].in, cases[i].sep);
      g_assert_cmpstr (out->str + 1, ==, cases[i].out);
    }

  {
    g_autoptr(GString) out = g_string_new (NULL);

    msi_csv_append_field (out, NULL, ',');
    g_assert_cmpstr (out->str, ==, "");
  }
}

static void
test_needs_neutralizing (void)
{
  static const char * const yes[] = { "=", "+", "-", "@", "\t", "\r", "=A1", "-", "@x", "+x" };
  static const char * const no[] = { "", "a", " =", "'=", "x=1", "1-2", "\n=1", "é", "\"=1\"" };

  for (guint i = 0; i < G_N_ELEMENTS (yes); i++)
    g_assert_true (msi_csv_needs_neutralizing (yes[i]));
  for (guint i = 0; i < G_N_ELEMENTS (no); i++)
    g_assert_false (msi_csv_needs_neutralizing (no[i]));
  g_assert_false (msi_csv_needs_neutralizing (NULL));
}

static void
test_records (void)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char * const header[] = { "Line", "E-mail", "Reason", NULL };
  const char * const row1[] = { "12", "=x@y.com", "Same address as line 3, “x@y.com”.", NULL };
  const char * const row2[] = { "13", "", "He said \"no\"\nthen left", NULL };
  const char * const empty[] = { NULL };
  const char * const one_empty[] = { "", NULL };
  const char * const two_empty[] = { "", "", NULL };

  msi_csv_append_record (out, header, ',');
  msi_csv_append_record (out, row1, ',');
  msi_csv_append_record (out, row2, ',');
  msi_csv_append_record (out, one_empty, ',');
  msi_csv_append_record (out, two_empty, ';');
  msi_csv_append_record (out, empty, ',');

  g_assert_cmpstr (out->str, ==,
                   "Line,E-mail,Reason\r\n"
                   "12,'=x@y.com,\"Same address as line 3, “x@y.com”.\"\r\n"
                   "13,,\"He said \"\"no\"\"\nthen left\"\r\n"
                   "\"\"\r\n"
                   ";\r\n"
                   "\r\n");
}

/* A strict RFC 4180 reader, to check that what was written reads back. */
static GPtrArray *
read_csv (const char *text,
          char        sep)
{
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GStrvBuilder) record = g_strv_builder_new ();
  g_autoptr(GString) field = g_string_new (NULL);
  const char *p = text;

  while (*p != '\0')
    {
      if (*p == '"')
        {
          for (p++;; p++)
            {
              g_assert_true (*p != '\0');
              if (*p == '"' && p[1] == '"')
                {
                  g_string_append_c (field, '"');
                  p++;
                }
              else if (*p == '"')
                {
                  p++;
                  break;
                }
              else
                {
                  g_string_append_c (field, *p);
                }
            }
          g_assert_true (*p == sep || *p == '\r');
        }
      else
        {
          while (*p != '\0' && *p != sep && *p != '\r')
            {
              g_assert_true (*p != '"' && *p != '\n');
              g_string_append_c (field, *p++);
            }
        }

      g_strv_builder_add (record, field->str);
      g_string_truncate (field, 0);
      if (*p == sep)
        {
          p++;
          continue;
        }

      g_assert_true (p[0] == '\r' && p[1] == '\n');
      p += 2;
      g_ptr_array_add (records, g_strv_builder_end (record));
      g_clear_pointer (&record, g_strv_builder_unref);
      record = g_strv_builder_new ();
    }

  return records;
}

static void
test_round_trip (void)
{
  static const char * const cells[] = {
    "", "a", "a,b", "a;b", "a\tb", "a|b", "\"", "\"\"x\"", "x\ny", "x\r\ny", "x\ry",
    " lead", "trail ", "é☺", "plain text", "12",
  };
  static const char separators[] = { ',', ';', '\t', '|' };

  for (guint s = 0; s < G_N_ELEMENTS (separators); s++)
    {
      g_autoptr(GString) out = g_string_new (NULL);
      g_autoptr(GPtrArray) records = NULL;

      for (guint i = 0; i < G_N_ELEMENTS (cells); i++)
        {
          const char *record[] = { cells[i], cells[G_N_ELEMENTS (cells) - 1 - i], "end", NULL };

          msi_csv_append_record (out, record, separators[s]);
        }

      records = read_csv (out->str, separators[s]);
      g_assert_cmpuint (records->len, ==, G_N_ELEMENTS (cells));
      for (guint i = 0; i < G_N_ELEMENTS (cells); i++)
        {
          GStrv record = g_ptr_array_index (records, i);

          g_assert_cmpuint (g_strv_length (record), ==, 3);
          g_assert_cmpstr (record[0], ==, cells[i]);
          g_assert_cmpstr (record[1], ==, cells[G_N_ELEMENTS (cells) - 1 - i]);
          g_assert_cmpstr (record[2], ==, "end");
        }
    }
}

static void
test_round_trip_neutralized (void)
{
  static const char * const cells[] = { "=1+2", "+1", "-1", "@A1", "\tx", "\rx", "=a,b", "=\"q\"" };
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GPtrArray) records = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cells); i++)
    {
      const char *record[] = { cells[i], NULL };

      msi_csv_append_record (out, record, ',');
    }

  /* Each reads back as the text with an apostrophe before it: a
   * spreadsheet shows it as text and runs nothing. */
  records = read_csv (out->str, ',');
  g_assert_cmpuint (records->len, ==, G_N_ELEMENTS (cells));
  for (guint i = 0; i < G_N_ELEMENTS (cells); i++)
    {
      GStrv record = g_ptr_array_index (records, i);
      g_autofree char *expected = g_strconcat ("'", cells[i], NULL);

      g_assert_cmpstr (record[0], ==, expected);
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/csv-writer/fields", test_fields);
  g_test_add_func ("/csv-writer/needs-neutralizing", test_needs_neutralizing);
  g_test_add_func ("/csv-writer/records", test_records);
  g_test_add_func ("/csv-writer/round-trip", test_round_trip);
  g_test_add_func ("/csv-writer/round-trip-neutralized", test_round_trip_neutralized);

  return g_test_run ();
}
