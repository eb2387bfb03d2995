/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-test-onboarding.h: playing the browser on the demo's sign-in and consent pages, and the onboarding's test hooks */

#pragma once

#include "common/msi-test-demo-http.h"

#include <stdarg.h>
#include <string.h>

/*
 * A plain HTTP client as the browser of a service connection: Gmail's
 * consent runs in the system browser, which a test plays this way (and
 * the services tests use it for every provider). Give it a SoupSession
 * with a cookie jar (new_session()) and keep that session for the next
 * consent, so that "already signed in" works as in a browser.
 *
 *   MsiTestBrowse *browse = msi_test_browse (browser, authorization_url,
 *                                            "rep@northwind.example", "demo-gmail", TRUE);
 *   g_assert_cmpstr (browse->outcome, ==, "connected");
 *
 * It follows the authorization URL and every redirect, and on each page
 * of the demo's providers does what a person would: the one-step login
 * (Salesforce: username, password, Log In), the e-mail page and the
 * password page (Microsoft, Google: Next, Sign in), and the consent page
 * (Allow or Deny, whatever the provider calls them). It stops at the
 * Actions service's callback page, whose heading's id is the outcome
 * ("connected", "cancelled", "failed"), or at a provider's error page
 * ("error"). @pages lists what it went through: "login", "email",
 * "password", "consent".
 */

typedef struct
{
  guint      status;
  char      *outcome;    /* "connected", "cancelled", "failed", "error" */
  char      *final_uri;  /* the page it stopped at */
  char      *reason;     /* the page's id="reason" text, or NULL */
  GPtrArray *pages;      /* char* */
} MsiTestBrowse;

static G_GNUC_UNUSED void
msi_test_browse_free (MsiTestBrowse *browse)
{
  g_free (browse->outcome);
  g_free (browse->final_uri);
  g_free (browse->reason);
  g_ptr_array_unref (browse->pages);
  g_free (browse);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsiTestBrowse, msi_test_browse_free)

/* Sends @msg (redirects followed, as a browser does: a 302 after a POST
 * becomes a GET) and returns the page. */
static G_GNUC_UNUSED Reply *
msi_test_browser_send (SoupSession *browser,
                       SoupMessage *msg,
                       char       **final_uri)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  Reply *page = g_new0 (Reply, 1);

  bytes = soup_session_send_and_read (browser, msg, NULL, &error);
  g_assert_no_error (error);

  page->status = soup_message_get_status (msg);
  page->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  page->body = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  *final_uri = g_uri_to_string (soup_message_get_uri (msg));

  return page;
}

/* The text of the element with @id, HTML-unescaped, or NULL. */
static G_GNUC_UNUSED char *
msi_test_page_text (const Reply *page,
                    const char  *id)
{
  g_autofree char *attribute = g_strdup_printf ("id=\"%s\">", id);
  const char *start = strstr (page->body, attribute);
  const char *end;
  g_autofree char *text = NULL;

  if (start == NULL)
    return NULL;

  start += strlen (attribute);
  end = strchr (start, '<');
  text = g_strndup (start, end != NULL ? (gsize)(end - start) : strlen (start));

  return unescape_html (text);
}

/* The absolute address the page's form posts to. */
static G_GNUC_UNUSED char *
msi_test_form_action (const Reply *page,
                      const char  *page_uri)
{
  g_autoptr(GRegex) regex = g_regex_new ("<form method=\"post\" action=\"([^\"]*)\">", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autoptr(GUri) base = g_uri_parse (page_uri, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GUri) target = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *action = NULL;

  g_assert_true (g_regex_match (regex, page->body, 0, &match));
  escaped = g_match_info_fetch (match, 1);
  action = unescape_html (escaped);
  target = g_uri_parse_relative (base, action, G_URI_FLAGS_NONE, NULL);
  g_assert_nonnull (target);

  return g_uri_to_string (target);
}

static G_GNUC_UNUSED MsiTestBrowse *
msi_test_browse (SoupSession *browser,
                 const char  *authorization_url,
                 const char  *user,
                 const char  *password,
                 gboolean     allow)
{
  MsiTestBrowse *browse = g_new0 (MsiTestBrowse, 1);
  g_autoptr(SoupMessage) first = soup_message_new ("GET", authorization_url);
  g_autoptr(Reply) page = NULL;
  g_autofree char *page_uri = NULL;

  g_assert_nonnull (first);
  browse->pages = g_ptr_array_new_with_free_func (g_free);
  page = msi_test_browser_send (browser, first, &page_uri);

  /* Each round answers one page; a person needs at most four. */
  for (guint round = 0; round < 8; round++)
    {
      static const char * const outcomes[] = { "connected", "cancelled", "failed", "error-title" };
      g_autoptr(GHashTable) form = NULL;
      g_autoptr(SoupMessage) post = NULL;
      g_autofree char *action = NULL;
      const char *kind = NULL;

      for (guint i = 0; i < G_N_ELEMENTS (outcomes); i++)
        {
          if (has_id (page, outcomes[i]))
            {
              browse->status = page->status;
              browse->outcome = g_strdup (g_str_equal (outcomes[i], "error-title") ? "error" : outcomes[i]);
              browse->final_uri = g_steal_pointer (&page_uri);
              browse->reason = msi_test_page_text (page, "reason");
              return browse;
            }
        }

      form = page_form (page);

      if (has_id (page, "allow"))
        {
          kind = "consent";
          g_hash_table_insert (form, g_strdup ("action"), g_strdup (allow ? "allow" : "deny"));
        }
      else if (has_id (page, "username") && has_id (page, "password"))
        {
          kind = "login";
          g_hash_table_insert (form, g_strdup ("username"), g_strdup (user));
          g_hash_table_insert (form, g_strdup ("password"), g_strdup (password));
          g_hash_table_insert (form, g_strdup ("action"), g_strdup ("login"));
        }
      else if (has_id (page, "email") && has_id (page, "next"))
        {
          kind = "email";
          g_hash_table_insert (form, g_strdup ("email"), g_strdup (user));
          g_hash_table_insert (form, g_strdup ("action"), g_strdup ("next"));
        }
      else if (has_id (page, "password") && has_id (page, "signin"))
        {
          kind = "password";
          g_hash_table_insert (form, g_strdup ("password"), g_strdup (password));
          g_hash_table_insert (form, g_strdup ("action"), g_strdup ("signin"));
        }
      else
        {
          g_error ("An unexpected page at %s: %s", page_uri, page->body);
        }

      g_ptr_array_add (browse->pages, g_strdup (kind));
      action = msi_test_form_action (page, page_uri);
      post = soup_message_new_from_encoded_form ("POST", action, soup_form_encode_hash (form));
      g_clear_pointer (&page, reply_free);
      g_clear_pointer (&page_uri, g_free);
      page = msi_test_browser_send (browser, post, &page_uri);
    }

  g_error ("The consent did not end after eight pages");
}

/* Whether @pages (of an MsiTestBrowse) is exactly the NULL-terminated list. */
static G_GNUC_UNUSED G_GNUC_NULL_TERMINATED gboolean
msi_test_browse_went_through (MsiTestBrowse *browse,
                              ...)
{
  va_list args;
  guint i = 0;
  gboolean same = TRUE;

  va_start (args, browse);
  for (const char *kind = va_arg (args, const char *); kind != NULL; kind = va_arg (args, const char *), i++)
    {
      if (i >= browse->pages->len || !g_str_equal (g_ptr_array_index (browse->pages, i), kind))
        same = FALSE;
    }
  va_end (args);

  return same && i == browse->pages->len;
}
