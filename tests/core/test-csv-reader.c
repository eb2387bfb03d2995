/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-csv-reader.c: reading CSV files as spreadsheets and people write them */

#define G_LOG_DOMAIN "test-csv-reader"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "msi-csv-reader.h"

typedef struct
{
  GPtrArray *rows;                    /* GStrv per row */
  GArray    *infos;                   /* MsiCsvRowInfo */
  guint      stop_after;              /* 0: never */
  GCancellable *cancel_at_row_cancellable;
  guint      cancel_at_row;
} Collected;

static void
collected_clear (Collected *c)
{
  g_clear_pointer (&c->rows, g_ptr_array_unref);
  g_clear_pointer (&c->infos, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Collected, collected_clear)

static void
collected_init (Collected *c)
{
  memset (c, 0, sizeof *c);
  c->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  c->infos = g_array_new (FALSE, TRUE, sizeof (MsiCsvRowInfo));
}

static char **
spans_to_strv (const MsiCsvSpan *fields,
               guint             n)
{
  char **strv = g_new0 (char *, n + 1);

  for (guint i = 0; i < n; i++)
    strv[i] = msi_csv_span_dup (&fields[i]);
  return strv;
}

static gboolean
collect_cb (const MsiCsvRowInfo *info,
            const MsiCsvSpan    *fields,
            gpointer             user_data)
{
  Collected *c = user_data;

  g_assert_cmpuint (info->row, ==, c->rows->len);
  g_ptr_array_add (c->rows, spans_to_strv (fields, info->n_fields));
  g_array_append_val (c->infos, *info);
  if (c->cancel_at_row != 0 && info->row + 1 == c->cancel_at_row)
    g_cancellable_cancel (c->cancel_at_row_cancellable);
  return c->stop_after == 0 || c->rows->len < c->stop_after;
}

static MsiCsvReader *
reader_for (const char  *text,
            gssize       len,
            GError     **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, len < 0 ? strlen (text) : (gsize) len);

  return msi_csv_reader_new_from_bytes (bytes, error);
}

/* Every row read again through the index must be what reading gave. */
static void
assert_index_matches (MsiCsvReader *reader,
                      Collected    *c)
{
  g_assert_cmpuint (msi_csv_reader_get_n_rows (reader), ==, c->rows->len);
  for (guint r = 0; r < c->rows->len; r++)
    {
      char **expected = g_ptr_array_index (c->rows, r);
      const MsiCsvRowInfo *seen = &g_array_index (c->infos, MsiCsvRowInfo, r);
      MsiCsvSpan spans[16];
      MsiCsvRowInfo info;
      guint n = msi_csv_reader_get_row (reader, r, spans, G_N_ELEMENTS (spans), &info);

      g_assert_cmpuint (n, ==, g_strv_length (expected));
      g_assert_cmpuint (info.row, ==, r);
      g_assert_cmpuint (info.line, ==, seen->line);
      g_assert_cmpuint (msi_csv_reader_get_row_line (reader, r), ==, seen->line);
      g_assert_cmpuint (info.n_fields, ==, seen->n_fields);
      g_assert_cmpint (info.issue, ==, seen->issue);
      g_assert_cmpuint (info.issue_column, ==, seen->issue_column);
      for (guint i = 0; i < n && i < G_N_ELEMENTS (spans); i++)
        {
          g_autofree char *field = msi_csv_span_dup (&spans[i]);
          g_autofree char *again = msi_csv_reader_dup_field (reader, r, i);

          g_assert_cmpstr (field, ==, expected[i]);
          g_assert_cmpstr (again, ==, expected[i]);
        }
      g_assert_null (msi_csv_reader_dup_field (reader, r, n));
    }
}

#define MAX_ROWS 5
#define MAX_FIELDS 5

typedef struct
{
  const char *name;
  const char *in;
  gsize       len;                   /* 0: strlen */
  char        separator;
  const char *rows[MAX_ROWS][MAX_FIELDS + 1];
  guint       lines[MAX_ROWS];
} ConformanceCase;

static const ConformanceCase conformance[] = {
  { "CRLF record ends", "a,b,c\r\nd,e,f\r\n", 0, ',',
    { { "a", "b", "c" }, { "d", "e", "f" } }, { 1, 2 } },
  { "LF record ends", "a,b\nc,d\n", 0, ',',
    { { "a", "b" }, { "c", "d" } }, { 1, 2 } },
  { "CR record ends", "a,b\rc,d\r", 0, ',',
    { { "a", "b" }, { "c", "d" } }, { 1, 2 } },
  { "mixed record ends", "a\r\nb\nc\rd", 0, ',',
    { { "a" }, { "b" }, { "c" }, { "d" } }, { 1, 2, 3, 4 } },
  { "last record without a line end", "a,b\nc,d", 0, ',',
    { { "a", "b" }, { "c", "d" } }, { 1, 2 } },
  { "quoted separator", "\"Doe, Alex\",b\n", 0, ',',
    { { "Doe, Alex", "b" } }, { 1 } },
  { "doubled quotes", "\"say \"\"hi\"\"\",\"\"\"\"\n", 0, ',',
    { { "say \"hi\"", "\"" } }, { 1 } },
  { "LF inside quotes", "\"line 1\nline 2\",x\ny,z\n", 0, ',',
    { { "line 1\nline 2", "x" }, { "y", "z" } }, { 1, 3 } },
  { "CRLF inside quotes", "\"a\r\nb\r\nc\",d\r\ne,f\r\n", 0, ',',
    { { "a\r\nb\r\nc", "d" }, { "e", "f" } }, { 1, 4 } },
  { "CR inside quotes", "\"a\rb\",c\rd,e", 0, ',',
    { { "a\rb", "c" }, { "d", "e" } }, { 1, 3 } },
  { "empty fields", "a,,c\n,,\n", 0, ',',
    { { "a", "", "c" }, { "", "", "" } }, { 1, 2 } },
  { "empty quoted field", "\"\",x\n", 0, ',',
    { { "", "x" } }, { 1 } },
  { "spaces are significant", " a , b \n", 0, ',',
    { { " a ", " b " } }, { 1 } },
  { "separator at the end", "a,b,\n", 0, ',',
    { { "a", "b", "" } }, { 1 } },
  { "separator at the end of the file", "a,b,", 0, ',',
    { { "a", "b", "" } }, { 1 } },
  { "quoted field ends the file", "a,\"b\"", 0, ',',
    { { "a", "b" } }, { 1 } },
  { "blank lines are skipped", "a,b\n\n\r\n\nc,d\n\n", 0, ',',
    { { "a", "b" }, { "c", "d" } }, { 1, 5 } },
  { "semicolons", "a;\"b;c\";d,e\n", 0, ';',
    { { "a", "b;c", "d,e" } }, { 1 } },
  { "tabs", "a\tb c\t\"d\te\"\n", 0, '\t',
    { { "a", "b c", "d\te" } }, { 1 } },
  { "pipes", "a|b|c\n", 0, '|',
    { { "a", "b", "c" } }, { 1 } },
  { "UTF-8 text", "Zoë,Ærø,日本\n", 0, ',',
    { { "Zoë", "Ærø", "日本" } }, { 1 } },
  { "UTF-8 BOM", "\xEF\xBB\xBF" "a,b\n", 0, ',',
    { { "a", "b" } }, { 1 } },
  { "long fields across blocks",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa,"
    "\"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\"\"bb\"\n", 0, ',',
    { { "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\"bb" } }, { 1 } },
};

static void
test_conformance (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (conformance); i++)
    {
      const ConformanceCase *cc = &conformance[i];
      g_autoptr(MsiCsvReader) reader = NULL;
      g_autoptr(GError) error = NULL;
      g_auto(Collected) c;
      guint n_rows = 0;

      g_test_message ("%s", cc->name);
      collected_init (&c);
      reader = reader_for (cc->in, cc->len ? (gssize) cc->len : -1, &error);
      g_assert_no_error (error);
      msi_csv_reader_set_separator (reader, cc->separator);
      msi_csv_reader_set_has_header (reader, FALSE);
      g_assert_true (msi_csv_reader_read (reader, collect_cb, &c, NULL, &error));
      g_assert_no_error (error);

      while (n_rows < MAX_ROWS && cc->rows[n_rows][0] != NULL)
        n_rows++;
      g_assert_cmpuint (c.rows->len, ==, n_rows);
      for (guint r = 0; r < n_rows; r++)
        {
          char **row = g_ptr_array_index (c.rows, r);
          const MsiCsvRowInfo *info = &g_array_index (c.infos, MsiCsvRowInfo, r);

          g_assert_cmpstrv (row, cc->rows[r]);
          g_assert_cmpuint (info->line, ==, cc->lines[r]);
          g_assert_cmpint (info->issue, ==, MSI_CSV_ROW_OK);
        }
      assert_index_matches (reader, &c);
      g_assert_cmpuint (msi_csv_reader_get_bytes_read (reader), ==, msi_csv_reader_get_size (reader));
    }
}

static void
test_sniff_separator (void)
{
  static const struct { const char *in; char separator; } cases[] = {
    { "email,first,last\na@x.com,A,B\n", ',' },
    { "email;first;last\na@x.com;A;B\n", ';' },
    { "email\tfirst\tlast\na@x.com\tA\tB\n", '\t' },
    { "email|first|last\na@x.com|A|B\n", '|' },
    /* Commas inside quotes do not count. */
    { "email;name\na@x.com;\"Doe, Alex\"\nb@x.com;\"Roe, Sam\"\n", ';' },
    /* Nor do commas in some rows only. */
    { "email;name\na@x.com;Doe, Alex\nb@x.com;Sam\n", ';' },
    /* Semicolons in quoted names of a comma file. */
    { "email,name,team\na@x.com,\"A; B\",Sales\nb@x.com,C,Sales\n", ',' },
    /* One column: nothing to split on. */
    { "email\na@x.com\nb@x.com\n", ',' },
    /* The separator that gives the same count on every row wins. */
    { "a,b;c\nd;e\nf,g;h\n", ';' },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MsiCsvReader) reader = reader_for (cases[i].in, -1, &error);

      g_test_message ("case %u", i);
      g_assert_no_error (error);
      g_assert_cmpint (msi_csv_reader_get_separator (reader), ==, cases[i].separator);
    }
}

static void
test_sniff_header (void)
{
  static const struct { const char *in; gboolean header; guint n_columns; const char *first; } cases[] = {
    /* Known field names, in four languages. */
    { "Email,First name,Last name\na@x.com,A,B\n", TRUE, 3, "Email" },
    { "E-mailadres;Voornaam;Achternaam\na@x.nl;Jan;Jansen\n", TRUE, 3, "E-mailadres" },
    { "E-Mail;Vorname;Nachname\na@x.de;Max;Muster\n", TRUE, 3, "E-Mail" },
    { "Courriel;Prénom;Nom\na@x.fr;Zoé;Martin\n", TRUE, 3, "Courriel" },
    { "\"Email\",\"Team\"\na@x.com,Sales\n", TRUE, 2, "Email" },
    /* Unknown names, but addresses below them. */
    { "Who,Where\na@x.com,Sales\n", TRUE, 2, "Who" },
    /* Addresses in the first row: data. */
    { "a@x.com,Alex\nb@x.com,Sam\n", FALSE, 2, NULL },
    { "Email,a@x.com\nb@x.com,Sam\n", FALSE, 2, NULL },
    /* Numbers, empty fields, or nothing to tell them apart: data. */
    { "1,2\n3,4\n", FALSE, 2, NULL },
    { "Who,\na@x.com,Sales\n", FALSE, 2, NULL },
    { "Foo,Bar\nbaz,qux\n", FALSE, 2, NULL },
    /* A header only. */
    { "Email,Team\n", TRUE, 2, "Email" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MsiCsvReader) reader = reader_for (cases[i].in, -1, &error);
      const char * const *header;

      g_test_message ("case %u", i);
      g_assert_no_error (error);
      g_assert_cmpint (msi_csv_reader_get_has_header (reader), ==, cases[i].header);
      g_assert_cmpuint (msi_csv_reader_get_n_columns (reader), ==, cases[i].n_columns);
      header = msi_csv_reader_get_header (reader);
      if (cases[i].first == NULL)
        g_assert_null (header);
      else
        {
          g_assert_nonnull (header);
          g_assert_cmpuint (g_strv_length ((char **) header), ==, cases[i].n_columns);
          g_assert_cmpstr (header[0], ==, cases[i].first);
        }
    }
}

static void
test_header_not_a_row (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsiCsvReader) reader = reader_for ("\n\nEmail,Team\r\n\r\na@x.com,Sales\r\nb@x.com,\r\n", -1, &error);
  g_auto(Collected) c;

  collected_init (&c);
  g_assert_no_error (error);
  g_assert_true (msi_csv_reader_get_has_header (reader));
  g_assert_true (msi_csv_reader_read (reader, collect_cb, &c, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (c.rows->len, ==, 2);
  g_assert_cmpuint (g_array_index (c.infos, MsiCsvRowInfo, 0).row, ==, 0);
  g_assert_cmpuint (g_array_index (c.infos, MsiCsvRowInfo, 0).line, ==, 5);
  g_assert_cmpuint (g_array_index (c.infos, MsiCsvRowInfo, 1).line, ==, 6);
  g_assert_cmpstr (((char **) g_ptr_array_index (c.rows, 1))[1], ==, "");
  assert_index_matches (reader, &c);

  /* Told otherwise, the header is a row. */
  {
    g_autoptr(MsiCsvReader) again = reader_for ("Email,Team\na@x.com,Sales\n", -1, &error);

    g_assert_no_error (error);
    msi_csv_reader_set_has_header (again, FALSE);
    g_assert_null (msi_csv_reader_get_header (again));
    g_assert_true (msi_csv_reader_read (again, NULL, NULL, NULL, &error));
    g_assert_cmpuint (msi_csv_reader_get_n_rows (again), ==, 2);
  }
}

static void
test_separator_override (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsiCsvReader) reader = reader_for ("Email;Name,Team\na@x.com;Doe,Sales\n", -1, &error);

  g_assert_no_error (error);
  msi_csv_reader_set_separator (reader, ';');
  g_assert_cmpuint (msi_csv_reader_get_n_columns (reader), ==, 2);
  msi_csv_reader_set_separator (reader, ',');
  g_assert_cmpuint (msi_csv_reader_get_n_columns (reader), ==, 2);
  g_assert_cmpstr (msi_csv_reader_get_header (reader)[1], ==, "Team");
}

static GBytes *
utf16_with_bom (const char *utf8,
                gboolean    big_endian)
{
  g_autoptr(GError) error = NULL;
  gsize len = 0;
  g_autofree char *converted = g_convert (utf8, -1, big_endian ? "UTF-16BE" : "UTF-16LE", "UTF-8",
                                          NULL, &len, &error);
  GByteArray *out = g_byte_array_new ();
  static const guint8 le[] = { 0xFF, 0xFE }, be[] = { 0xFE, 0xFF };

  g_assert_no_error (error);
  g_byte_array_append (out, big_endian ? be : le, 2);
  g_byte_array_append (out, (const guint8 *) converted, len);
  return g_byte_array_free_to_bytes (out);
}

static void
test_encodings (void)
{
  const char *text = "E-mail;Naam\r\nzoe@x.nl;\"Zoë “Z” Ærø 😀\"\r\n";

  for (guint be = 0; be < 2; be++)
    {
      g_autoptr(GBytes) bytes = utf16_with_bom (text, be);
      g_autoptr(GError) error = NULL;
      g_autoptr(MsiCsvReader) reader = msi_csv_reader_new_from_bytes (bytes, &error);
      g_autofree char *name = NULL;

      g_assert_no_error (error);
      g_assert_cmpint (msi_csv_reader_get_encoding (reader), ==,
                       be ? MSI_CSV_ENCODING_UTF16BE : MSI_CSV_ENCODING_UTF16LE);
      g_assert_null (msi_csv_reader_get_notice (reader));
      g_assert_cmpint (msi_csv_reader_get_separator (reader), ==, ';');
      g_assert_true (msi_csv_reader_get_has_header (reader));
      g_assert_cmpstr (msi_csv_reader_get_header (reader)[0], ==, "E-mail");
      g_assert_true (msi_csv_reader_read (reader, NULL, NULL, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (msi_csv_reader_get_n_rows (reader), ==, 1);
      name = msi_csv_reader_dup_field (reader, 0, 1);
      g_assert_cmpstr (name, ==, "Zoë “Z” Ærø 😀");
      g_assert_cmpuint (msi_csv_reader_get_bytes_read (reader), ==, g_bytes_get_size (bytes));
    }

  /* UTF-8, with and without a BOM. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(MsiCsvReader) plain = reader_for ("a@x.nl,Zoë\n", -1, &error);
    g_autoptr(MsiCsvReader) bom = reader_for ("\xEF\xBB\xBF" "a@x.nl,Zoë\n", -1, &error);

    g_assert_cmpint (msi_csv_reader_get_encoding (plain), ==, MSI_CSV_ENCODING_UTF8);
    g_assert_cmpint (msi_csv_reader_get_encoding (bom), ==, MSI_CSV_ENCODING_UTF8_BOM);
    g_assert_null (msi_csv_reader_get_notice (plain));
    g_assert_null (msi_csv_reader_get_notice (bom));
  }

  /* Windows-1252: converted, with a notice. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(MsiCsvReader) reader = reader_for ("E-mail,Naam,Prijs\nzoe@x.nl,Zo\xEB \x93Z\x94,\x80" "5\n", -1, &error);
    g_autofree char *name = NULL, *price = NULL;

    g_assert_no_error (error);
    g_assert_cmpint (msi_csv_reader_get_encoding (reader), ==, MSI_CSV_ENCODING_WINDOWS_1252);
    g_assert_nonnull (msi_csv_reader_get_notice (reader));
    g_assert_nonnull (strstr (msi_csv_reader_get_notice (reader), "Windows-1252"));
    g_assert_true (msi_csv_reader_read (reader, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
    name = msi_csv_reader_dup_field (reader, 0, 1);
    price = msi_csv_reader_dup_field (reader, 0, 2);
    g_assert_cmpstr (name, ==, "Zoë “Z”");
    g_assert_cmpstr (price, ==, "€5");
  }
}

/* A file that is ASCII for longer than open() looks, then Windows-1252. */
static void
test_late_windows_1252 (void)
{
  g_autoptr(GString) text = g_string_new ("Email,Name\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(MsiCsvReader) reader = NULL;
  g_autofree char *first = NULL, *late = NULL, *last = NULL;
  g_auto(Collected) c;
  guint n;

  collected_init (&c);
  for (n = 0; text->len < 200 * 1024; n++)
    g_string_append_printf (text, "user%u@example.com,User %u\n", n, n);
  g_string_append (text, "rene@example.com,Ren\xE9\n");
  g_string_append (text, "last@example.com,Last\n");

  reader = reader_for (text->str, text->len, &error);
  g_assert_no_error (error);
  g_assert_cmpint (msi_csv_reader_get_encoding (reader), ==, MSI_CSV_ENCODING_UTF8);
  g_assert_null (msi_csv_reader_get_notice (reader));

  g_assert_true (msi_csv_reader_read (reader, collect_cb, &c, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (msi_csv_reader_get_encoding (reader), ==, MSI_CSV_ENCODING_WINDOWS_1252);
  g_assert_nonnull (msi_csv_reader_get_notice (reader));
  g_assert_cmpuint (c.rows->len, ==, n + 2);
  g_assert_cmpstr (((char **) g_ptr_array_index (c.rows, n))[1], ==, "René");

  first = msi_csv_reader_dup_field (reader, 0, 0);
  late = msi_csv_reader_dup_field (reader, n, 1);
  last = msi_csv_reader_dup_field (reader, n + 1, 0);
  g_assert_cmpstr (first, ==, "user0@example.com");
  g_assert_cmpstr (late, ==, "René");
  g_assert_cmpstr (last, ==, "last@example.com");
  assert_index_matches (reader, &c);
}

typedef struct
{
  const char     *name;
  const char     *in;
  gsize           len;
  MsiCsvError     code;
  const char     *where;             /* "Line L, column C" */
  guint           rows_before;
} ErrorCase;

static void
check_error_case (const ErrorCase *ec,
                  GBytes          *bytes)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsiCsvReader) reader = msi_csv_reader_new_from_bytes (bytes, &error);
  g_auto(Collected) c;

  g_test_message ("%s", ec->name);
  collected_init (&c);
  if (ec->code == MSI_CSV_ERROR_EMPTY)
    {
      g_assert_null (reader);
      g_assert_error (error, MSI_CSV_ERROR, MSI_CSV_ERROR_EMPTY);
      return;
    }
  g_assert_no_error (error);
  msi_csv_reader_set_has_header (reader, FALSE);
  g_assert_false (msi_csv_reader_read (reader, collect_cb, &c, NULL, &error));
  g_assert_error (error, MSI_CSV_ERROR, (int) ec->code);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, ec->where));
  /* The rows before the problem stay readable. */
  g_assert_cmpuint (c.rows->len, ==, ec->rows_before);
  assert_index_matches (reader, &c);
}

static void
test_errors (void)
{
  static const ErrorCase cases[] = {
    { "unterminated quote", "a,b\nc,\"d\ne,f\n", 0, MSI_CSV_ERROR_UNTERMINATED_QUOTE, "Line 2, column 3:", 1 },
    { "unterminated quote after other characters", "Zoë,Ærø\r\nx,\"y\r\n", 0,
      MSI_CSV_ERROR_UNTERMINATED_QUOTE, "Line 2, column 3:", 1 },
    { "unterminated quote after a quoted new line", "\"a\nb\",c\nd,e,\"f", 0,
      MSI_CSV_ERROR_UNTERMINATED_QUOTE, "Line 3, column 5:", 1 },
    { "a lone quote", "\"", 0, MSI_CSV_ERROR_UNTERMINATED_QUOTE, "Line 1, column 1:", 0 },
    { "NUL byte", "a,b\nc,d\0e\n", 10, MSI_CSV_ERROR_NUL_BYTE, "Line 2, column 4:", 1 },
    { "NUL byte in quotes", "a,b\n\"c\n\0\",d\n", 12, MSI_CSV_ERROR_NUL_BYTE, "Line 3, column 1:", 1 },
    { "NUL byte after a closing quote", "\"a\"\0,b\n", 7, MSI_CSV_ERROR_NUL_BYTE, "Line 1, column 4:", 0 },
    { "undefined Windows-1252 byte", "a,b\nc,\x81" "d\n", 0, MSI_CSV_ERROR_INVALID_BYTES, "Line 2, column 3:", 1 },
    { "each undefined Windows-1252 byte", "\xE9,\x8D\n", 0, MSI_CSV_ERROR_INVALID_BYTES, "Line 1, column 3:", 0 },
    { "\\x8F", "\xE9\n\x8F\n", 0, MSI_CSV_ERROR_INVALID_BYTES, "Line 2, column 1:", 1 },
    { "\\x90", "a\n\xE9\x90\n", 0, MSI_CSV_ERROR_INVALID_BYTES, "Line 2, column 2:", 1 },
    { "\\x9D", "a\xE9,b,\x9D", 0, MSI_CSV_ERROR_INVALID_BYTES, "Line 1, column 6:", 0 },
    { "empty", "", 0, MSI_CSV_ERROR_EMPTY, NULL, 0 },
    { "only a BOM", "\xEF\xBB\xBF", 0, MSI_CSV_ERROR_EMPTY, NULL, 0 },
    { "only blank lines", "\r\n\n\r\r\n", 0, MSI_CSV_ERROR_EMPTY, NULL, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (cases[i].in, cases[i].len ? cases[i].len : strlen (cases[i].in));

      check_error_case (&cases[i], bytes);
    }

  /* The Windows-1252 message names the byte. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(MsiCsvReader) reader = reader_for ("a\xE9,\x9D\n", -1, &error);

    g_assert_false (msi_csv_reader_read (reader, NULL, NULL, NULL, &error));
    g_assert_nonnull (strstr (error->message, "0x9D"));
  }
}

static void
test_errors_utf16 (void)
{
  /* An unpaired surrogate on line 2, column 3. */
  static const guint8 le[] = { 0xFF, 0xFE, 'a', 0, ',', 0, 'b', 0, '\n', 0, 'c', 0, ',', 0, 0x00, 0xD8, 'd', 0, '\n', 0 };
  /* An odd byte at the end, after line 1. */
  static const guint8 be[] = { 0xFE, 0xFF, 0, 'a', 0, ',', 0, 'b', 0, '\n', 0 };
  /* A NUL character. */
  static const guint8 nul[] = { 0xFF, 0xFE, 'a', 0, ',', 0, 0, 0, '\n', 0 };
  static const ErrorCase cases[] = {
    { "unpaired surrogate", NULL, 0, MSI_CSV_ERROR_INVALID_BYTES, "Line 2, column 3:", 1 },
    { "odd byte", NULL, 0, MSI_CSV_ERROR_INVALID_BYTES, "Line 2, column 1:", 1 },
    { "NUL character", NULL, 0, MSI_CSV_ERROR_NUL_BYTE, "Line 1, column 3:", 0 },
  };
  g_autoptr(GBytes) b0 = g_bytes_new_static (le, sizeof le);
  g_autoptr(GBytes) b1 = g_bytes_new_static (be, sizeof be);
  g_autoptr(GBytes) b2 = g_bytes_new_static (nul, sizeof nul);

  check_error_case (&cases[0], b0);
  check_error_case (&cases[1], b1);
  check_error_case (&cases[2], b2);
}

/* Bytes that are not UTF-8 after UTF-8 that was not ASCII, past the start
 * open() looks at: no encoding fits. */
static void
test_errors_late_invalid_utf8 (void)
{
  g_autoptr(GString) text = g_string_new ("Email,Name\nzoe@example.com,Zoë\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(MsiCsvReader) reader = NULL;
  g_autofree char *where = NULL;
  guint line = 3;

  for (; text->len < 150 * 1024; line++)
    g_string_append_printf (text, "user%u@example.com,User %u\n", line, line);
  g_string_append (text, "x@example.com,Bad \xFF\xFE name\n");

  reader = reader_for (text->str, text->len, &error);
  g_assert_no_error (error);
  g_assert_false (msi_csv_reader_read (reader, NULL, NULL, NULL, &error));
  g_assert_error (error, MSI_CSV_ERROR, MSI_CSV_ERROR_INVALID_BYTES);
  where = g_strdup_printf ("Line %u, column 19:", line);
  g_assert_true (g_str_has_prefix (error->message, where));
  g_assert_cmpuint (msi_csv_reader_get_n_rows (reader), ==, line - 2);
}

static void
test_too_large (void)
{
  g_autoptr(GString) text = g_string_new ("a,b\nc,\"");
  g_autoptr(GError) error = NULL;
  g_autoptr(MsiCsvReader) reader = NULL;

  for (guint i = 0; i < 1024 * 1024 + 1; i++)
    g_string_append_c (text, 'x');
  g_string_append (text, "\"\n");
  reader = reader_for (text->str, text->len, &error);
  g_assert_no_error (error);
  g_assert_false (msi_csv_reader_read (reader, NULL, NULL, NULL, &error));
  g_assert_error (error, MSI_CSV_ERROR, MSI_CSV_ERROR_TOO_LARGE);
  g_assert_true (g_str_has_prefix (error->message, "Line 2, column 3:"));

  /* A row of more than 65,536 fields: the separator after the last one
   * allowed is named. */
  {
    g_autoptr(GString) wide = g_string_new ("a,b\nc");
    g_autoptr(MsiCsvReader) wide_reader = NULL;
    g_autoptr(GError) wide_error = NULL;

    for (guint i = 0; i < 70000; i++)
      g_string_append (wide, ",x");
    g_string_append_c (wide, '\n');
    wide_reader = reader_for (wide->str, wide->len, &wide_error);
    g_assert_no_error (wide_error);
    g_assert_false (msi_csv_reader_read (wide_reader, NULL, NULL, NULL, &wide_error));
    g_assert_error (wide_error, MSI_CSV_ERROR, MSI_CSV_ERROR_TOO_LARGE);
    g_assert_true (g_str_has_prefix (wide_error->message, "Line 2, column 131072:"));
    g_assert_cmpuint (msi_csv_reader_get_n_rows (wide_reader), ==, 1);
  }
}

static void
test_row_issues (void)
{
  static const struct { const char *in; MsiCsvRowIssue issues[4]; guint columns[4]; const char *fields[4][5]; } cases[] = {
    /* Ragged rows: short (the column after the last character), long (the first extra field). */
    { "a,b,c\n1,2\n3,4,5,6\n7,8,9\n",
      { MSI_CSV_ROW_OK, MSI_CSV_ROW_RAGGED, MSI_CSV_ROW_RAGGED, MSI_CSV_ROW_OK }, { 0, 4, 7, 0 },
      { { "a", "b", "c" }, { "1", "2" }, { "3", "4", "5", "6" }, { "7", "8", "9" } } },
    /* A quote inside an unquoted field stays in the field. */
    { "a,b\nx\"y,z\nÿ,é\"\n",
      { MSI_CSV_ROW_OK, MSI_CSV_ROW_STRAY_QUOTE, MSI_CSV_ROW_STRAY_QUOTE }, { 0, 2, 4 },
      { { "a", "b" }, { "x\"y", "z" }, { "ÿ", "é\"" } } },
    /* Text after a closing quote is left out of the field. */
    { "a,b\n\"x\"y,z\n\"Doe\" Jr,w\n",
      { MSI_CSV_ROW_OK, MSI_CSV_ROW_STRAY_QUOTE, MSI_CSV_ROW_STRAY_QUOTE }, { 0, 4, 6 },
      { { "a", "b" }, { "x", "z" }, { "Doe", "w" } } },
    /* A stray quote on a ragged row: the quote is named. */
    { "a,b\nx\"\n",
      { MSI_CSV_ROW_OK, MSI_CSV_ROW_STRAY_QUOTE }, { 0, 2 },
      { { "a", "b" }, { "x\"" } } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MsiCsvReader) reader = reader_for (cases[i].in, -1, &error);
      g_auto(Collected) c;

      g_test_message ("case %u", i);
      collected_init (&c);
      g_assert_no_error (error);
      msi_csv_reader_set_has_header (reader, FALSE);
      g_assert_true (msi_csv_reader_read (reader, collect_cb, &c, NULL, &error));
      g_assert_no_error (error);
      for (guint r = 0; r < c.rows->len; r++)
        {
          const MsiCsvRowInfo *info = &g_array_index (c.infos, MsiCsvRowInfo, r);

          g_assert_cmpint (info->issue, ==, cases[i].issues[r]);
          g_assert_cmpuint (info->issue_column, ==, cases[i].columns[r]);
          g_assert_cmpstrv ((char **) g_ptr_array_index (c.rows, r), cases[i].fields[r]);
        }
      assert_index_matches (reader, &c);
    }
}

static void
test_open_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-csv-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "people.csv", NULL);
  g_autofree char *empty = g_build_filename (dir, "empty.csv", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.csv", NULL);
  g_autoptr(MsiCsvReader) reader = NULL;

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, "Email,Team\r\na@x.com,Sales\r\nb@x.com,Support\r\n", -1, &error));
  g_assert_true (g_file_set_contents (empty, "", 0, &error));

  reader = msi_csv_reader_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (msi_csv_reader_get_size (reader), ==, 44);
  g_assert_true (msi_csv_reader_read (reader, NULL, NULL, NULL, &error));
  g_assert_cmpuint (msi_csv_reader_get_n_rows (reader), ==, 2);
  g_assert_cmpuint (msi_csv_reader_get_bytes_read (reader), ==, 44);
  {
    g_autofree char *team = msi_csv_reader_dup_field (reader, 1, 1);

    g_assert_cmpstr (team, ==, "Support");
  }

  g_assert_null (msi_csv_reader_open (missing, &error));
  g_assert_error (error, MSI_CSV_ERROR, MSI_CSV_ERROR_UNREADABLE);
  g_assert_nonnull (strstr (error->message, "missing.csv"));
  g_clear_error (&error);

  g_assert_null (msi_csv_reader_open (dir, &error));
  g_assert_error (error, MSI_CSV_ERROR, MSI_CSV_ERROR_UNREADABLE);
  g_clear_error (&error);

  g_assert_null (msi_csv_reader_open (empty, &error));
  g_assert_error (error, MSI_CSV_ERROR, MSI_CSV_ERROR_EMPTY);
  g_clear_error (&error);

  g_unlink (path);
  g_unlink (empty);
  g_rmdir (dir);
}

static void
test_stop_early (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsiCsvReader) reader = reader_for ("a\nb\nc\nd\n", -1, &error);
  g_auto(Collected) c;

  collected_init (&c);
  c.stop_after = 2;
  msi_csv_reader_set_has_header (reader, FALSE);
  g_assert_true (msi_csv_reader_read (reader, collect_cb, &c, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (c.rows->len, ==, 2);
  g_assert_cmpuint (msi_csv_reader_get_n_rows (reader), ==, 2);
}

static GBytes *
many_rows (guint n)
{
  GString *text = g_string_new ("Email,First name,Last name,Team,Title\n");

  for (guint i = 0; i < n; i++)
    g_string_append_printf (text, "user%u@example.com,\"First, %u\",Last%u,Team %u,\"A \"\"title\"\"\nline\"\n",
                            i, i, i, i % 7);
  return g_string_free_to_bytes (text);
}

static void
test_cancel (void)
{
  g_autoptr(GBytes) bytes = many_rows (20000);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(MsiCsvReader) reader = msi_csv_reader_new_from_bytes (bytes, &error);
  g_auto(Collected) c;
  guint n;

  collected_init (&c);
  c.cancel_at_row = 5000;
  c.cancel_at_row_cancellable = cancellable;
  g_assert_no_error (error);
  g_assert_false (msi_csv_reader_read (reader, collect_cb, &c, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* It stops within a few thousand rows, and what was read stays. */
  n = msi_csv_reader_get_n_rows (reader);
  g_assert_cmpuint (n, >=, 5000);
  g_assert_cmpuint (n, <, 20000);
  {
    g_autofree char *field = msi_csv_reader_dup_field (reader, 4999, 0);

    g_assert_cmpstr (field, ==, "user4999@example.com");
  }
}

typedef struct
{
  MsiCsvReader *reader;
  gboolean      done;
  gboolean      ok;
} ReadThread;

static gpointer
read_thread (gpointer data)
{
  ReadThread *rt = data;

  rt->ok = msi_csv_reader_read (rt->reader, NULL, NULL, NULL, NULL);
  g_atomic_int_set (&rt->done, TRUE);
  return NULL;
}

static void
check_row (MsiCsvReader *reader,
           guint         row)
{
  MsiCsvSpan spans[8];
  MsiCsvRowInfo info;
  g_autofree char *email = NULL, *title = NULL;
  g_autofree char *expected = g_strdup_printf ("user%u@example.com", row);

  g_assert_cmpuint (msi_csv_reader_get_row (reader, row, spans, G_N_ELEMENTS (spans), &info), ==, 5);
  email = msi_csv_span_dup (&spans[0]);
  title = msi_csv_span_dup (&spans[4]);
  g_assert_cmpstr (email, ==, expected);
  g_assert_cmpstr (title, ==, "A \"title\"\nline");
  g_assert_cmpuint (info.line, ==, 2 + 2 * row);
}

/* The window shows rows while the rest of the file is read. */
static void
test_read_while_reading (void)
{
  g_autoptr(GBytes) bytes = many_rows (200000);
  g_autoptr(GError) error = NULL;
  g_autoptr(MsiCsvReader) reader = msi_csv_reader_new_from_bytes (bytes, &error);
  ReadThread rt = { reader, FALSE, FALSE };
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  GThread *thread;
  guint checks_during = 0;

  g_assert_no_error (error);
  thread = g_thread_new ("csv-read", read_thread, &rt);
  while (!g_atomic_int_get (&rt.done))
    {
      guint n = msi_csv_reader_get_n_rows (reader);

      if (n == 0)
        continue;
      /* The newest row and a random one. */
      check_row (reader, n - 1);
      check_row (reader, g_rand_int_range (rand, 0, n));
      checks_during++;
    }
  g_thread_join (thread);
  g_assert_true (rt.ok);
  g_test_message ("%u rows read while reading", checks_during);
  g_assert_cmpuint (msi_csv_reader_get_n_rows (reader), ==, 200000);
  for (guint i = 0; i < 1000; i++)
    check_row (reader, g_rand_int_range (rand, 0, 200000));
  check_row (reader, 199999);
}

static void
test_span_helpers (void)
{
  MsiCsvSpan blank = { "  \t ", 4, 0, 0 };
  MsiCsvSpan text = { " a ", 3, 0, 0 };
  MsiCsvSpan escaped = { "a\"\"b\"\"", 6, 1, 1 };
  g_autofree char *dup = msi_csv_span_dup (&escaped);

  g_assert_true (msi_csv_span_is_blank (&blank));
  g_assert_false (msi_csv_span_is_blank (&text));
  g_assert_cmpstr (dup, ==, "a\"b\"");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/csv-reader/conformance", test_conformance);
  g_test_add_func ("/csv-reader/sniff-separator", test_sniff_separator);
  g_test_add_func ("/csv-reader/sniff-header", test_sniff_header);
  g_test_add_func ("/csv-reader/header-not-a-row", test_header_not_a_row);
  g_test_add_func ("/csv-reader/separator-override", test_separator_override);
  g_test_add_func ("/csv-reader/encodings", test_encodings);
  g_test_add_func ("/csv-reader/late-windows-1252", test_late_windows_1252);
  g_test_add_func ("/csv-reader/errors", test_errors);
  g_test_add_func ("/csv-reader/errors-utf16", test_errors_utf16);
  g_test_add_func ("/csv-reader/errors-late-invalid-utf8", test_errors_late_invalid_utf8);
  g_test_add_func ("/csv-reader/too-large", test_too_large);
  g_test_add_func ("/csv-reader/row-issues", test_row_issues);
  g_test_add_func ("/csv-reader/open-file", test_open_file);
  g_test_add_func ("/csv-reader/stop-early", test_stop_early);
  g_test_add_func ("/csv-reader/cancel", test_cancel);
  g_test_add_func ("/csv-reader/read-while-reading", test_read_while_reading);
  g_test_add_func ("/csv-reader/span-helpers", test_span_helpers);

  return g_test_run ();
}
