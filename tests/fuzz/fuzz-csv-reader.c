/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-csv-reader.c: any bytes given as a CSV file are read, or refused with a message, without a crash
 *
 * LLVMFuzzerTestOneInput() reads the input with MsiCsvReader and plans it
 * with MsiInvitePlan, checking that every field lies inside the text, that
 * reading the rows again through the index gives what reading gave, that
 * errors name a line and column, and that the plan's counts add up.
 *
 * Built with -DMSI_FUZZ_LIBFUZZER and -fsanitize=fuzzer, libFuzzer drives
 * it. Otherwise main() runs a deterministic mutation loop over the sample
 * files in tests/data/csv and a few built-in seeds, for a bounded number
 * of inputs (MSI_FUZZ_ITERATIONS, default 4000) and at most
 * MSI_FUZZ_SECONDS (default 8) seconds, as a GTest program in the suite
 * "fuzz"; MSI_FUZZ_SEED picks other mutations. */

#define G_LOG_DOMAIN "fuzz-csv-reader"

#include "config.h"

#include <gio/gio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "msi-csv-reader.h"
#include "msi-csv-reader-private.h"
#include "msi-invite-plan.h"

typedef struct
{
  MsiCsvReader *reader;
  GPtrArray    *rows;                 /* GStrv */
  GArray       *infos;
  guint         n_columns;
} Seen;

static gboolean
span_inside (const MsiCsvSpan *span,
             const char       *data,
             gsize             len)
{
  return span->data >= data && span->data + span->len <= data + len;
}

static gboolean
row_cb (const MsiCsvRowInfo *info,
        const MsiCsvSpan    *fields,
        gpointer             user_data)
{
  Seen *seen = user_data;
  gsize text_len = 0;
  const char *text = msi_csv_reader_get_text (seen->reader, &text_len);
  char **row;

  g_assert_cmpuint (info->row, ==, seen->rows->len);
  g_assert_cmpuint (info->n_fields, >=, 1);
  g_assert_cmpuint (info->line, >=, 1);
  if (seen->infos->len > 0)
    g_assert_cmpuint (info->line, >, g_array_index (seen->infos, MsiCsvRowInfo, seen->infos->len - 1).line);
  if (info->issue == MSI_CSV_ROW_OK)
    g_assert_cmpuint (info->n_fields, ==, seen->n_columns);
  else
    g_assert_cmpuint (info->issue_column, >=, 1);
  /* Rows this callback sees are indexed already. */
  g_assert_cmpuint (msi_csv_reader_get_n_rows (seen->reader), ==, info->row + 1);

  row = g_new0 (char *, info->n_fields + 1);
  for (guint i = 0; i < info->n_fields; i++)
    {
      g_assert_true (span_inside (&fields[i], text, text_len));
      g_assert_cmpuint (fields[i].len, <=, 1024 * 1024);
      row[i] = msi_csv_span_dup (&fields[i]);
      /* The text handed out is UTF-8, without NULs. */
      g_assert_true (g_utf8_validate (row[i], -1, NULL));
    }
  g_ptr_array_add (seen->rows, row);
  g_array_append_val (seen->infos, *info);
  return TRUE;
}

static void
check_reader (const guint8 *data,
              gsize         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(MsiCsvReader) reader = msi_csv_reader_new_from_bytes (bytes, &error);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GArray) infos = g_array_new (FALSE, FALSE, sizeof (MsiCsvRowInfo));
  Seen seen = { reader, rows, infos, 0 };
  gboolean ok;

  if (reader == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == MSI_CSV_ERROR);
      g_assert_cmpint (error->code, ==, MSI_CSV_ERROR_EMPTY);
      return;
    }
  g_assert_no_error (error);

  seen.n_columns = msi_csv_reader_get_n_columns (reader);
  g_assert_cmpuint (seen.n_columns, >=, 1);
  if (msi_csv_reader_get_has_header (reader))
    g_assert_cmpuint (g_strv_length ((char **) msi_csv_reader_get_header (reader)), ==, seen.n_columns);
  else
    g_assert_null (msi_csv_reader_get_header (reader));
  g_assert_nonnull (strchr (",;\t|", msi_csv_reader_get_separator (reader)));

  ok = msi_csv_reader_read (reader, row_cb, &seen, NULL, &error);
  if (!ok)
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == MSI_CSV_ERROR);
      g_assert_true (g_str_has_prefix (error->message, "Line "));
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
    }
  else
    {
      g_assert_no_error (error);
      g_assert_cmpuint (msi_csv_reader_get_bytes_read (reader), ==, size);
    }
  g_assert_cmpuint (msi_csv_reader_get_bytes_read (reader), <=, size);
  if (msi_csv_reader_get_encoding (reader) == MSI_CSV_ENCODING_WINDOWS_1252)
    g_assert_nonnull (msi_csv_reader_get_notice (reader));

  /* Every row again, through the index, from the current text. */
  g_assert_cmpuint (msi_csv_reader_get_n_rows (reader), ==, rows->len);
  for (guint r = 0; r < rows->len; r++)
    {
      const char * const *row = g_ptr_array_index (rows, r);
      const MsiCsvRowInfo *first = &g_array_index (infos, MsiCsvRowInfo, r);
      MsiCsvSpan spans[8];
      MsiCsvRowInfo info;
      gsize text_len = 0, raw_len = 0;
      const char *text = msi_csv_reader_get_text (reader, &text_len);
      const char *raw = msi_csv_reader_get_raw (reader, &raw_len);
      guint n = msi_csv_reader_get_row (reader, r, spans, G_N_ELEMENTS (spans), &info);

      g_assert_cmpuint (n, ==, g_strv_length ((char **) row));
      g_assert_cmpuint (info.line, ==, first->line);
      g_assert_cmpuint (msi_csv_reader_get_row_line (reader, r), ==, first->line);
      g_assert_cmpint (info.issue, ==, first->issue);
      g_assert_cmpuint (info.issue_column, ==, first->issue_column);
      for (guint i = 0; i < MIN (n, G_N_ELEMENTS (spans)); i++)
        {
          g_autofree char *again = msi_csv_span_dup (&spans[i]);

          g_assert_true (span_inside (&spans[i], text, text_len) || span_inside (&spans[i], raw, raw_len));
          g_assert_cmpstr (again, ==, row[i]);
        }
      {
        g_autofree char *last = msi_csv_reader_dup_field (reader, r, n - 1);
        g_autofree char *past = msi_csv_reader_dup_field (reader, r, n);

        g_assert_cmpstr (last, ==, row[n - 1]);
        g_assert_null (past);
      }
    }
}

static void
check_plan (const guint8 *data,
            gsize         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(MsiInviteDirectory) directory = msi_invite_directory_new (5, 3);
  g_autoptr(MsiInvitePlan) plan = msi_invite_plan_new (directory);
  g_autoptr(GError) error = NULL;
  MsiCsvReader *reader;
  guint n_rows, total = 0;

  msi_invite_directory_add_member (directory, "a@b.co", MSI_DIRECTORY_MEMBER_USER);
  msi_invite_directory_add_team (directory, "Sales", "1");
  msi_invite_plan_load_bytes (plan, bytes, NULL, &error);
  n_rows = msi_invite_plan_get_n_rows (plan);
  g_assert_cmpuint (n_rows, ==, g_list_model_get_n_items (G_LIST_MODEL (plan)));
  g_assert_cmpuint (msi_invite_plan_get_n_ready (plan) + msi_invite_plan_get_n_problems (plan), ==, n_rows);
  for (guint s = 0; s < MSI_INVITE_N_STATUSES; s++)
    total += msi_invite_plan_count_status (plan, s);
  g_assert_cmpuint (total, ==, n_rows);
  /* Five seats, one taken. */
  g_assert_cmpuint (msi_invite_plan_get_n_ready (plan), <=, 4);

  for (guint r = 0; r < MIN (n_rows, 50); r++)
    {
      g_autoptr(MsiInviteRow) row = msi_invite_plan_dup_row (plan, r);
      MsiInviteStatus status = msi_invite_row_get_status (row);

      g_assert_true ((status == MSI_INVITE_STATUS_READY) == (msi_invite_row_get_reason (row) == NULL));
      if (msi_invite_row_get_reason (row) != NULL)
        g_assert_true (g_utf8_validate (msi_invite_row_get_reason (row), -1, NULL));
      if (status == MSI_INVITE_STATUS_DUPLICATE)
        g_assert_cmpuint (msi_invite_row_get_duplicate_of (row), <, msi_invite_row_get_line (row));
    }
  msi_invite_plan_set_create_teams (plan, TRUE);
  msi_invite_plan_set_filter (plan, MSI_INVITE_PLAN_FILTER_PROBLEMS);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (plan)), ==, msi_invite_plan_get_n_problems (plan));
  reader = msi_invite_plan_get_reader (plan);
  if (reader != NULL && msi_csv_reader_get_n_columns (reader) > 1)
    {
      msi_invite_plan_set_mapping (plan, 1, MSI_INVITE_FIELD_EMAIL);
      while (msi_invite_plan_get_loading (plan))
        g_main_context_iteration (NULL, TRUE);
      g_assert_cmpint (msi_invite_plan_get_column (plan, MSI_INVITE_FIELD_EMAIL), ==, 1);
    }
  g_assert_cmpuint (msi_invite_plan_get_n_rows (plan), ==, n_rows);
}

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  check_reader (data, size);
  check_plan (data, size);
  return 0;
}

#ifndef MSI_FUZZ_LIBFUZZER

static const char * const builtin_seeds[] = {
  "Email,Name\r\na@x.com,\"Doe, A\"\r\n",
  "\"a\"\"b\",c\n\"d\ne\",f",
  "a;b;c\rd;e;f\r",
  "x\ty\n1\t2\t3\n",
  "E-mail|Team\nzoe@x.nl|Verkoop\nZOE@X.NL|\n",
  "\xEF\xBB\xBF" "Courriel,Prénom\nzoé@exemple.fr,Zoé\n",
  "\xFF\xFE" "a\0,\0b\0\n\0",
  "Email\nRen\xE9@x.com\n",
  "\"",
  "a,\"b\"c,d\n",
};

/* Bytes that matter to CSV and encodings. */
static const char * const tokens[] = {
  "\"", "\"\"", ",", ";", "\t", "|", "\r", "\n", "\r\n", "\0", "@", ".",
  "\xEF\xBB\xBF", "\xFF\xFE", "\xFE\xFF", "\xC3\xA9", "\xE9", "\x81", "\x9D", "\xFF",
  "\xED\xA0\x80", "\xF0\x9F\x98\x80", "=", " ",
};

static GPtrArray *
load_seeds (void)
{
  GPtrArray *seeds = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autofree char *dir_path = g_test_build_filename (G_TEST_DIST, "data", "csv", NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;

  for (guint i = 0; i < G_N_ELEMENTS (builtin_seeds); i++)
    {
      const char *seed = builtin_seeds[i];
      /* The UTF-16 seed holds NULs: its length is known. */
      gsize len = seed[0] == '\xFF' ? 10 : strlen (seed);

      g_ptr_array_add (seeds, g_bytes_new_static (seed, len));
    }
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);
      char *contents = NULL;
      gsize len = 0;

      if (g_file_get_contents (path, &contents, &len, NULL))
        g_ptr_array_add (seeds, g_bytes_new_take (contents, len));
    }
  return seeds;
}

static void
insert_bytes (GByteArray   *array,
              guint         pos,
              const guint8 *data,
              guint         n)
{
  guint old = array->len;

  g_byte_array_set_size (array, old + n);
  memmove (array->data + pos + n, array->data + pos, old - pos);
  memcpy (array->data + pos, data, n);
}

static GByteArray *
mutate (GRand     *rand,
        GPtrArray *seeds)
{
  GBytes *seed = g_ptr_array_index (seeds, g_rand_int_range (rand, 0, seeds->len));
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (seed, &len);
  GByteArray *out = g_byte_array_sized_new (len + 64);
  guint n_mutations = g_rand_int_range (rand, 1, 6);

  g_byte_array_append (out, data, len);
  for (guint m = 0; m < n_mutations; m++)
    {
      guint pos = out->len > 0 ? g_rand_int_range (rand, 0, out->len + 1) : 0;
      guint count = g_rand_int_range (rand, 1, 200);

      switch (g_rand_int_range (rand, 0, 7))
        {
        case 0:                       /* a token */
          {
            const char *token = tokens[g_rand_int_range (rand, 0, G_N_ELEMENTS (tokens))];
            gsize token_len = token[0] == '\0' ? 1 : strlen (token);

            insert_bytes (out, pos, (const guint8 *) token, token_len);
          }
          break;
        case 1:                       /* a byte changed */
          if (pos < out->len)
            out->data[pos] = g_rand_int_range (rand, 0, 256);
          break;
        case 2:                       /* bytes removed */
          if (pos < out->len)
            g_byte_array_remove_range (out, pos, MIN (out->len - pos, count % 16 + 1));
          break;
        case 3:                       /* a part repeated */
          if (pos < out->len && out->len < 64 * 1024)
            {
              guint n = MIN (out->len - pos, count);
              g_autofree guint8 *copy = g_memdup2 (out->data + pos, n);

              insert_bytes (out, g_rand_int_range (rand, 0, out->len + 1), copy, n);
            }
          break;
        case 4:                       /* cut short */
          g_byte_array_set_size (out, pos);
          break;
        case 5:                       /* another seed spliced in */
          {
            GBytes *other = g_ptr_array_index (seeds, g_rand_int_range (rand, 0, seeds->len));
            gsize other_len = 0;
            const guint8 *other_data = g_bytes_get_data (other, &other_len);
            gsize from = other_len > 0 ? g_rand_int_range (rand, 0, other_len) : 0;

            insert_bytes (out, pos, other_data + from, other_len - from);
          }
          break;
        case 6:                       /* a long field or many rows */
        default:
          if (out->len < 64 * 1024)
            {
              guint n = g_rand_int_range (rand, 1, 5000);
              char filler = g_rand_boolean (rand) ? 'x' : '\n';
              g_autofree guint8 *run = g_malloc (n);

              memset (run, filler, n);
              insert_bytes (out, pos, run, n);
            }
          break;
        }
    }
  return out;
}

static void
test_fuzz (void)
{
  g_autoptr(GPtrArray) seeds = load_seeds ();
  const char *env_seed = g_getenv ("MSI_FUZZ_SEED");
  g_autoptr(GRand) rand = g_rand_new_with_seed (env_seed != NULL ? atoi (env_seed) : 20240601);
  const char *env_iterations = g_getenv ("MSI_FUZZ_ITERATIONS");
  const char *env_seconds = g_getenv ("MSI_FUZZ_SECONDS");
  guint iterations = env_iterations != NULL ? atoi (env_iterations) : 4000;
  double seconds = env_seconds != NULL ? g_ascii_strtod (env_seconds, NULL) : 8.0;
  gint64 deadline = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);
  guint done = 0;

  g_assert_cmpuint (seeds->len, >, G_N_ELEMENTS (builtin_seeds));

  /* The seeds as they are, then mutations. */
  for (guint i = 0; i < seeds->len; i++)
    {
      gsize len = 0;
      const guint8 *data = g_bytes_get_data (g_ptr_array_index (seeds, i), &len);

      LLVMFuzzerTestOneInput (data, len);
    }
  for (; done < iterations && g_get_monotonic_time () < deadline; done++)
    {
      g_autoptr(GByteArray) input = mutate (rand, seeds);

      LLVMFuzzerTestOneInput (input->data, input->len);
    }
  g_test_message ("%u mutated inputs", done);
  g_assert_cmpuint (done, >, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/fuzz/csv-reader", test_fuzz);

  return g_test_run ();
}

#endif
