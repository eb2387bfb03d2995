/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-test-demo-http.h: talking to the demo server as a browser would, for the services tests */

#pragma once

#include <json-glib/json-glib.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

typedef struct
{
  guint               status;
  SoupMessageHeaders *headers;
  char               *body;
} Reply;

static G_GNUC_UNUSED void
reply_free (Reply *reply)
{
  g_clear_pointer (&reply->headers, soup_message_headers_unref);
  g_free (reply->body);
  g_free (reply);
}

static G_GNUC_UNUSED void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);

  if (dir != NULL)
    {
      const char *name;

      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            remove_tree (child);
          else
            g_unlink (child);
        }
    }

  g_rmdir (path);
}

static G_GNUC_UNUSED SoupSession *
new_session (void)
{
  SoupSession *session = soup_session_new_with_options ("timeout", 10, NULL);

  soup_session_add_feature_by_type (session, SOUP_TYPE_COOKIE_JAR);

  return session;
}

static G_GNUC_UNUSED JsonObject *
parse_object (const Reply *reply)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  json_parser_load_from_data (parser, reply->body, -1, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));

  return json_object_ref (json_node_get_object (root));
}

static G_GNUC_UNUSED char *
unescape_html (const char *text)
{
  static const struct { const char *entity; char c; } entities[] = {
    { "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' }, { "&quot;", '"' }, { "&#39;", '\'' }, { "&apos;", '\'' },
  };
  GString *out = g_string_new (NULL);

  while (*text != '\0')
    {
      gboolean done = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (entities) && !done; i++)
        {
          if (g_str_has_prefix (text, entities[i].entity))
            {
              g_string_append_c (out, entities[i].c);
              text += strlen (entities[i].entity);
              done = TRUE;
            }
        }

      if (!done)
        g_string_append_c (out, *text++);
    }

  return g_string_free (out, FALSE);
}

static G_GNUC_UNUSED GHashTable *
page_form (const Reply *page)
{
  g_autoptr(GRegex) regex = g_regex_new ("<input type=\"hidden\" name=\"([a-z_]+)\" value=\"([^\"]*)\">",
                                         0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  GHashTable *form = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_regex_match (regex, page->body, 0, &match);
  while (g_match_info_matches (match))
    {
      g_autofree char *value = g_match_info_fetch (match, 2);

      g_hash_table_insert (form, g_match_info_fetch (match, 1), unescape_html (value));
      g_match_info_next (match, NULL);
    }

  g_assert_true (g_hash_table_contains (form, "csrf_token"));

  return form;
}

static G_GNUC_UNUSED gboolean
has_id (const Reply *page,
        const char  *id)
{
  g_autofree char *attribute = g_strdup_printf ("id=\"%s\"", id);

  return strstr (page->body, attribute) != NULL;
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reply, reply_free)
