/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-signature-html.c: any bytes as a signature come out safe, valid and stable
 *
 * LLVMFuzzerTestOneInput() gives the input to the sanitizer and to the
 * editor's markup reader, and checks the results by the output grammar
 * (tests/common/msi-test-signature.h: no <script, no on…= attribute, no
 * href but http:, https: and mailto:, escaped text, nested elements,
 * valid UTF-8), that sanitizing again changes nothing, that the
 * markup, Pango and text conversions of the result are valid UTF-8, that
 * the editor's markup saves back with the same text and links, and that
 * it stays the same from then on.
 *
 * Built with -DMSI_FUZZ_LIBFUZZER and -fsanitize=fuzzer, libFuzzer drives
 * it. Otherwise main() runs a deterministic mutation loop over the
 * samples in tests/data/signature and a few built-in seeds, for a
 * bounded number of inputs (MSI_FUZZ_ITERATIONS, default 20000) and at
 * most MSI_FUZZ_SECONDS (default 0.8) seconds, as a GTest program in the
 * suite "fuzz"; MSI_FUZZ_SEED picks other mutations. */

#define G_LOG_DOMAIN "fuzz-signature-html"

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/msi-test-signature.h"

#include "msi-signature-html.h"

static void
check_conversions (const char *clean)
{
  g_autofree char *markup = msi_signature_html_to_markup (clean);
  g_autofree char *pango = msi_signature_html_to_pango (clean);
  g_autofree char *text = msi_signature_html_to_text (clean);
  g_autofree char *saved = NULL;
  g_autofree char *saved_text = NULL;
  g_autofree char *markup_again = NULL;
  g_autofree char *saved_again = NULL;
  g_autofree char *markup_third = NULL;

  g_assert_true (g_utf8_validate (markup, -1, NULL));
  g_assert_true (g_utf8_validate (pango, -1, NULL));
  g_assert_true (g_utf8_validate (text, -1, NULL));

  /* Opened in the editor and saved: safe, and the same text and links
   * (white space at the edge of an element may move across it). */
  saved = msi_signature_html_from_markup (markup);
  msi_test_assert_signature_safe (saved);
  saved_text = msi_signature_html_to_text (saved);
  g_strdelimit (saved_text, " ", '\n');
  g_strdelimit (text, " ", '\n');
  {
    g_auto(GStrv) saved_words = g_strsplit (saved_text, "\n", -1);
    g_auto(GStrv) words = g_strsplit (text, "\n", -1);
    g_autofree char *saved_joined = g_strjoinv ("", saved_words);
    g_autofree char *joined = g_strjoinv ("", words);

    g_assert_cmpstr (saved_joined, ==, joined);
  }

  /* And from then on, the editor's markup stays as it is. */
  markup_again = msi_signature_html_to_markup (saved);
  saved_again = msi_signature_html_from_markup (markup_again);
  markup_third = msi_signature_html_to_markup (saved_again);
  g_assert_cmpstr (markup_third, ==, markup_again);
}

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  /* A signature is a string: it ends at the first NUL. */
  g_autofree char *input = g_strndup ((const char *) data, size);
  g_autofree char *clean = msi_signature_html_sanitize (input);
  g_autofree char *again = msi_signature_html_sanitize (clean);
  g_autofree char *from_markup = msi_signature_html_from_markup (input);

  msi_test_assert_signature_safe (clean);
  g_assert_cmpstr (again, ==, clean);
  msi_test_assert_signature_safe (from_markup);
  check_conversions (clean);
  return 0;
}

#ifndef MSI_FUZZ_LIBFUZZER

static const char * const builtin_seeds[] = {
  "<b>Jan</b> <i>de Vries</i><br><a href=\"https://x.nl\">x.nl</a>",
  "<script>alert(1)</script><img src=x onerror=alert(1)>",
  "<a href=\"jav&#x09;ascript:alert(1)\">x</a><a href='&#106avascript&#58;x'>y</a>",
  "<!-- c --><![CDATA[x]]><svg><p>in</p></svg><p>a<div>b</p></div>",
  "**Jan** *de* [Vries](https://x.nl/a_(b))\n\\*x\\* 5 * 3",
  "<a href=https://x.nl/ onmouseover=alert(1)>x",
  "&amp;&lt;&#0;&#x110000;&eacute;&colon;&Tab;&NewLine;&#150;",
  "caf\xE9 \xED\xA0\x80 \xF0\x9F\x98\x80",
};

/* Pieces that matter to HTML, to the attacks, and to the markup. */
static const char * const tokens[] = {
  "<", ">", "</", "/>", "<!--", "-->", "--!>", "<![CDATA[", "]]>", "<!", "<?",
  "<script>", "</script>", "<style>", "</style>", "<svg>", "</svg>", "<template>",
  "<b>", "</b>", "<i>", "</i>", "<p>", "</p>", "<div>", "<br>", "<a href=\"",
  "</a>", "\"", "'", "=", " onerror=", " onclick='", " href=", " style=",
  "javascript:", "JaVaScRiPt:", "data:", "vbscript:", "https://", "mailto:",
  "&#106;", "&#x09;", "&#x0A;", "&colon;", "&Tab;", "&amp;", "&", "&#", ";",
  " ", "\t", "\n", "\r", "\x01", "*", "**", "***", "[", "](", ")", "(", "\\",
  "\xC3\xA9", "\xE9", "\xFF", "\xED\xA0\x80", "\xC2\xA0", "\xE2\x80\xAE",
};

static GPtrArray *
load_seeds (void)
{
  GPtrArray *seeds = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autofree char *dir_path = g_test_build_filename (G_TEST_DIST, "data", "signature", NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;

  for (guint i = 0; i < G_N_ELEMENTS (builtin_seeds); i++)
    g_ptr_array_add (seeds, g_bytes_new_static (builtin_seeds[i], strlen (builtin_seeds[i])));
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
  guint n_mutations = g_rand_int_range (rand, 1, 8);

  g_byte_array_append (out, data, len);
  for (guint m = 0; m < n_mutations; m++)
    {
      guint pos = out->len > 0 ? g_rand_int_range (rand, 0, out->len + 1) : 0;
      guint count = g_rand_int_range (rand, 1, 64);

      switch (g_rand_int_range (rand, 0, 6))
        {
        case 0:                       /* a token, or a few */
        case 1:
          for (guint k = 0; k < count % 4 + 1; k++)
            {
              const char *token = tokens[g_rand_int_range (rand, 0, G_N_ELEMENTS (tokens))];

              insert_bytes (out, pos, (const guint8 *) token, strlen (token));
            }
          break;
        case 2:                       /* a byte changed */
          if (pos < out->len)
            out->data[pos] = g_rand_int_range (rand, 1, 256);
          break;
        case 3:                       /* bytes removed */
          if (pos < out->len)
            g_byte_array_remove_range (out, pos, MIN (out->len - pos, count % 16 + 1));
          break;
        case 4:                       /* a part repeated */
          if (pos < out->len && out->len < 16 * 1024)
            {
              guint n = MIN (out->len - pos, count);
              g_autofree guint8 *copy = g_memdup2 (out->data + pos, n);

              insert_bytes (out, g_rand_int_range (rand, 0, out->len + 1), copy, n);
            }
          break;
        case 5:                       /* another seed spliced in */
        default:
          {
            GBytes *other = g_ptr_array_index (seeds, g_rand_int_range (rand, 0, seeds->len));
            gsize other_len = 0;
            const guint8 *other_data = g_bytes_get_data (other, &other_len);
            gsize from = other_len > 0 ? g_rand_int_range (rand, 0, other_len) : 0;
            gsize n = MIN (other_len - from, (gsize) count * 8);

            insert_bytes (out, pos, other_data + from, n);
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
  g_autoptr(GRand) rand = g_rand_new_with_seed (env_seed != NULL ? atoi (env_seed) : 20240607);
  const char *env_iterations = g_getenv ("MSI_FUZZ_ITERATIONS");
  const char *env_seconds = g_getenv ("MSI_FUZZ_SECONDS");
  guint iterations = env_iterations != NULL ? atoi (env_iterations) : 20000;
  double seconds = env_seconds != NULL ? g_ascii_strtod (env_seconds, NULL) : 0.8;
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

  g_test_add_func ("/fuzz/signature-html", test_fuzz);

  return g_test_run ();
}

#endif
