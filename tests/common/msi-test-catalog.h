/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-test-catalog.h: running a UI test in Dutch, and finding English left on screen */

#pragma once

#include <glib.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

/*
 * The build makes the sources' message catalog template (every msgid of
 * po/POTFILES.in, MSI_TEST_SOURCES_POT) and the compiled translations
 * (MSI_TEST_LOCALE_DIR/nl/LC_MESSAGES/…mo). A string on screen is English
 * left over when it is one of the sources' msgids (mnemonics taken out;
 * printf formats matched as patterns) and the Dutch catalog has no other
 * text for it.
 */

typedef struct
{
  GHashTable *translations;  /* msgid → msgstr, from the .mo */
  GPtrArray  *msgids;        /* every msgid of the sources */
  GPtrArray  *patterns;      /* GRegex of the msgids with printf formats, or NULL */
} MsiTestCatalog;

/* Switches the process to Dutch: call before gtk_init. */
static G_GNUC_UNUSED void
msi_test_use_dutch (void)
{
  const char *dir = g_getenv ("MSI_TEST_LOCALE_DIR");

  g_assert_nonnull (dir);
  /* gettext ignores LANGUAGE in the plain "C" locale. */
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_setenv ("LANGUAGE", "nl", TRUE);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

static guint32
mo_word (const guint8 *data,
         gsize         offset,
         gboolean      swap)
{
  guint32 value;

  memcpy (&value, data + offset, sizeof value);
  return swap ? GUINT32_SWAP_LE_BE (value) : value;
}

/* The .mo's entries (the first form of plurals), without the header. */
static GHashTable *
load_mo (const char *path)
{
  g_autofree guint8 *data = NULL;
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  gsize length = 0;
  guint32 magic, n, originals, translations;
  gboolean swap;

  if (!g_file_get_contents (path, (char **)&data, &length, NULL))
    return table;
  g_assert_cmpuint (length, >=, 28);

  magic = mo_word (data, 0, FALSE);
  swap = magic == 0xde120495;
  g_assert_true (magic == 0x950412de || swap);
  n = mo_word (data, 8, swap);
  originals = mo_word (data, 12, swap);
  translations = mo_word (data, 16, swap);

  for (guint32 i = 0; i < n; i++)
    {
      guint32 o_length = mo_word (data, originals + 8 * i, swap);
      guint32 o_offset = mo_word (data, originals + 8 * i + 4, swap);
      guint32 t_length = mo_word (data, translations + 8 * i, swap);
      guint32 t_offset = mo_word (data, translations + 8 * i + 4, swap);

      g_assert_cmpuint ((gsize)o_offset + o_length, <=, length);
      g_assert_cmpuint ((gsize)t_offset + t_length, <=, length);
      if (o_length == 0)
        continue;
      /* A plural's forms are separated by NULs: the first one counts;
       * a context is "context\004msgid". */
      {
        const char *original = (const char *)data + o_offset;
        const char *context_end = memchr (original, '\004', o_length);

        if (context_end != NULL)
          original = context_end + 1;
        g_hash_table_replace (table, g_strdup (original), g_strdup ((const char *)data + t_offset));
      }
    }

  return table;
}

static char *
unquote_po (const char *line)
{
  GString *out = g_string_new (NULL);
  const char *p = strchr (line, '"');

  g_assert_nonnull (p);
  for (p++; *p != '\0' && *p != '"'; p++)
    {
      if (*p != '\\')
        {
          g_string_append_c (out, *p);
          continue;
        }
      p++;
      switch (*p)
        {
        case 'n': g_string_append_c (out, '\n'); break;
        case 't': g_string_append_c (out, '\t'); break;
        case '\0': p--; break;
        default: g_string_append_c (out, *p); break;
        }
    }

  return g_string_free (out, FALSE);
}

/* Every msgid and msgid_plural of a .pot. */
static GPtrArray *
load_pot (const char *path)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *msgids = g_ptr_array_new_with_free_func (g_free);
  GString *current = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];

      if (g_str_has_prefix (line, "msgid ") || g_str_has_prefix (line, "msgid_plural "))
        {
          g_autofree char *text = unquote_po (line);

          if (current != NULL && current->len > 0)
            g_ptr_array_add (msgids, g_string_free (current, FALSE));
          else if (current != NULL)
            g_string_free (current, TRUE);
          current = g_string_new (text);
        }
      else if (line[0] == '"' && current != NULL)
        {
          g_autofree char *text = unquote_po (line);

          g_string_append (current, text);
        }
      else if (current != NULL)
        {
          if (current->len > 0)
            g_ptr_array_add (msgids, g_string_free (current, FALSE));
          else
            g_string_free (current, TRUE);
          current = NULL;
        }
    }
  if (current != NULL)
    {
      if (current->len > 0)
        g_ptr_array_add (msgids, g_string_free (current, FALSE));
      else
        g_string_free (current, TRUE);
    }

  return msgids;
}

/* The text as shown: the mnemonic underscores taken out. */
static char *
without_mnemonics (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '_' && p[1] == '_')
        g_string_append_c (out, *p++);
      else if (*p != '_' || !g_ascii_isalnum (p[1]))
        g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

/* A printf format as a pattern that matches what it prints; NULL when
 * too little of it is words to tell it from other text. */
static GRegex *
format_pattern (const char *format)
{
  g_autoptr(GString) pattern = g_string_new ("^");
  g_autoptr(GRegex) conversion = g_regex_new ("%(\\d+\\$)?['\\-+ #0]*\\d*(\\.\\d+)?(h|hh|l|ll|z|j|t)?[sdiuxXfgeEc%]", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  guint letters = 0;
  int last = 0;

  if (strchr (format, '%') == NULL)
    return NULL;

  g_regex_match (conversion, format, 0, &match);
  while (g_match_info_matches (match))
    {
      int start, end;
      g_autofree char *literal = NULL;
      g_autofree char *escaped = NULL;

      g_match_info_fetch_pos (match, 0, &start, &end);
      literal = g_strndup (format + last, start - last);
      escaped = g_regex_escape_string (literal, -1);
      g_string_append (pattern, escaped);
      for (const char *p = literal; *p; p++)
        letters += g_ascii_isalpha (*p) ? 1 : 0;
      g_string_append (pattern, format[end - 1] == '%' ? "%" : "(.*)");
      last = end;
      g_match_info_next (match, NULL);
    }
  {
    g_autofree char *escaped = g_regex_escape_string (format + last, -1);

    for (const char *p = format + last; *p; p++)
      letters += g_ascii_isalpha (*p) ? 1 : 0;
    g_string_append (pattern, escaped);
  }
  g_string_append (pattern, "$");

  if (letters < 5)
    return NULL;

  return g_regex_new (pattern->str, G_REGEX_DOTALL, 0, NULL);
}

static void
regex_unref0 (gpointer regex)
{
  if (regex != NULL)
    g_regex_unref (regex);
}

static G_GNUC_UNUSED MsiTestCatalog *
msi_test_catalog_load (void)
{
  const char *dir = g_getenv ("MSI_TEST_LOCALE_DIR");
  const char *pot = g_getenv ("MSI_TEST_SOURCES_POT");
  g_autofree char *mo = NULL;
  MsiTestCatalog *catalog = g_new0 (MsiTestCatalog, 1);

  g_assert_nonnull (dir);
  g_assert_nonnull (pot);
  mo = g_build_filename (dir, "nl", "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
  catalog->translations = load_mo (mo);
  catalog->msgids = load_pot (pot);
  catalog->patterns = g_ptr_array_new_with_free_func (regex_unref0);
  for (guint i = 0; i < catalog->msgids->len; i++)
    {
      GRegex *regex = format_pattern (g_ptr_array_index (catalog->msgids, i));

      g_ptr_array_add (catalog->patterns, regex);
    }
  g_assert_cmpuint (catalog->msgids->len, >, 100);

  return catalog;
}

static G_GNUC_UNUSED void
msi_test_catalog_free (MsiTestCatalog *catalog)
{
  g_hash_table_unref (catalog->translations);
  g_ptr_array_unref (catalog->msgids);
  g_ptr_array_unref (catalog->patterns);
  g_free (catalog);
}

/* Whether the Dutch catalog has a text of its own for @msgid. */
static gboolean
translated_otherwise (MsiTestCatalog *catalog,
                      const char     *msgid)
{
  const char *translation = g_hash_table_lookup (catalog->translations, msgid);

  return translation != NULL && *translation != '\0';
}

/**
 * msi_test_catalog_english_left:
 * @texts: the strings on screen
 *
 * Returns: (transfer full): "on screen ← msgid" for each string that is
 *   English the Dutch catalog does not translate
 */
static G_GNUC_UNUSED GPtrArray *
msi_test_catalog_english_left (MsiTestCatalog *catalog,
                               GPtrArray      *texts)
{
  GPtrArray *left = g_ptr_array_new_with_free_func (g_free);

  for (guint t = 0; t < texts->len; t++)
    {
      const char *text = g_ptr_array_index (texts, t);

      for (guint i = 0; i < catalog->msgids->len; i++)
        {
          const char *msgid = g_ptr_array_index (catalog->msgids, i);
          GRegex *pattern = g_ptr_array_index (catalog->patterns, i);
          const char *translation = g_hash_table_lookup (catalog->translations, msgid);
          g_autofree char *shown = without_mnemonics (msgid);
          gboolean english = FALSE;

          if (g_str_equal (text, shown) || g_str_equal (text, msgid))
            /* The same words in Dutch (a product name) are a translation too. */
            english = !translated_otherwise (catalog, msgid) ||
                      (translation != NULL && !g_str_equal (translation, msgid) &&
                       !g_str_equal (text, translation));
          else if (pattern != NULL && g_regex_match (pattern, text, 0, NULL))
            {
              g_autoptr(GRegex) dutch = translation ? format_pattern (translation) : NULL;

              english = !translated_otherwise (catalog, msgid) ||
                        (dutch != NULL && !g_regex_match (dutch, text, 0, NULL));
            }

          if (english)
            {
              g_ptr_array_add (left, g_strdup_printf ("“%s” ← “%s”", text, msgid));
              break;
            }
        }
    }

  return left;
}
