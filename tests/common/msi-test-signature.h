/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-test-signature.h: what sanitized signature HTML may contain, checked independently */

#pragma once

#include <string.h>

#include <glib.h>

/* Prints where @html breaks the rule, then fails the test. */
static inline void
msi_test_signature_fail (const char *html,
                         const char *at,
                         const char *rule)
{
  g_autofree char *near = g_strndup (at, 60);

  g_printerr ("Sanitized signature breaks “%s” at byte %" G_GSIZE_FORMAT ": %s\n",
              rule, (gsize) (at - html), near);
  g_assert_not_reached ();
}

/*
 * Reads @html by the output grammar of the sanitizer, written apart
 * from it: only <b> <strong> <i> <em> <u> <br> <p> <div> <span> without
 * attributes, <a> with exactly an http(s)/mailto href, target and rel,
 * properly nested, no link inside a link; text with & < > " escaped and
 * no control characters but tabs and new lines; valid UTF-8.
 */
static inline void
msi_test_assert_signature_safe (const char *html)
{
  static const char * const names[] = { "b", "strong", "i", "em", "u", "p", "div", "span" };
  static const char * const entities[] = { "&amp;", "&lt;", "&gt;", "&quot;" };
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();
  const char *p = html;

  if (!g_utf8_validate (html, -1, NULL))
    msi_test_signature_fail (html, html, "valid UTF-8");

  while (*p != '\0')
    {
      gboolean matched = FALSE;

      if ((guchar) *p < 0x20 && *p != '\t' && *p != '\n')
        msi_test_signature_fail (html, p, "no control characters");
      if (*p == '>' || *p == '"')
        msi_test_signature_fail (html, p, "> and \" escaped");

      if (*p == '&')
        {
          for (guint i = 0; i < G_N_ELEMENTS (entities) && !matched; i++)
            {
              if (g_str_has_prefix (p, entities[i]))
                {
                  p += strlen (entities[i]);
                  matched = TRUE;
                }
            }
          if (!matched)
            msi_test_signature_fail (html, p, "only &amp; &lt; &gt; &quot;");
          continue;
        }

      if (*p != '<')
        {
          p = g_utf8_next_char (p);
          continue;
        }

      if (g_str_has_prefix (p, "<br>"))
        {
          p += 4;
          continue;
        }
      for (guint i = 0; i < G_N_ELEMENTS (names) && !matched; i++)
        {
          g_autofree char *start = g_strdup_printf ("<%s>", names[i]);
          g_autofree char *end = g_strdup_printf ("</%s>", names[i]);

          if (g_str_has_prefix (p, start))
            {
              g_ptr_array_add (stack, (gpointer) names[i]);
              p += strlen (start);
              matched = TRUE;
            }
          else if (g_str_has_prefix (p, end))
            {
              if (stack->len == 0 || !g_str_equal (g_ptr_array_index (stack, stack->len - 1), names[i]))
                msi_test_signature_fail (html, p, "end tags match their start tags");
              g_ptr_array_set_size (stack, stack->len - 1);
              p += strlen (end);
              matched = TRUE;
            }
        }
      if (matched)
        continue;

      if (g_str_has_prefix (p, "</a>"))
        {
          if (stack->len == 0 || !g_str_equal (g_ptr_array_index (stack, stack->len - 1), "a"))
            msi_test_signature_fail (html, p, "end tags match their start tags");
          g_ptr_array_set_size (stack, stack->len - 1);
          p += 4;
          continue;
        }

      if (g_str_has_prefix (p, "<a href=\""))
        {
          static const char tail[] = "\" target=\"_blank\" rel=\"noopener noreferrer\">";
          const char *value = p + strlen ("<a href=\"");
          const char *quote = strchr (value, '"');
          g_autofree char *raw = NULL;
          g_autofree char *decoded = NULL;
          g_autofree char *lower = NULL;

          if (quote == NULL || !g_str_has_prefix (quote, tail))
            msi_test_signature_fail (html, p, "<a> has href, target and rel only");
          raw = g_strndup (value, quote - value);
          if (strpbrk (raw, "<>") != NULL)
            msi_test_signature_fail (html, p, "href escaped");
          decoded = g_strdup (raw);
          /* Only the four escapes can occur: undo them in order, &amp; last. */
          {
            static const char * const from[] = { "&lt;", "&gt;", "&quot;", "&amp;" };
            static const char * const to[] = { "<", ">", "\"", "&" };

            for (guint i = 0; i < G_N_ELEMENTS (from); i++)
              {
                g_auto(GStrv) parts = g_strsplit (decoded, from[i], -1);

                g_free (decoded);
                decoded = g_strjoinv (to[i], parts);
              }
          }
          for (const char *c = decoded; *c != '\0'; c++)
            {
              if ((guchar) *c <= 0x20 || *c == 0x7F)
                msi_test_signature_fail (html, p, "no spaces or controls in href");
            }
          lower = g_ascii_strdown (decoded, -1);
          if (!(g_str_has_prefix (lower, "http://") || g_str_has_prefix (lower, "https://") ||
                g_str_has_prefix (lower, "mailto:")))
            msi_test_signature_fail (html, p, "href is http:, https: or mailto:");
          for (guint i = 0; i < stack->len; i++)
            {
              if (g_str_equal (g_ptr_array_index (stack, i), "a"))
                msi_test_signature_fail (html, p, "no link inside a link");
            }
          g_ptr_array_add (stack, (gpointer) "a");
          p = quote + strlen (tail);
          continue;
        }

      msi_test_signature_fail (html, p, "only the allowed tags");
    }

  if (stack->len != 0)
    msi_test_signature_fail (html, p, "every element closed");
}
