/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-consent-dialog.c: the embedded consent view, locked down, under Xvfb */

#define G_LOG_DOMAIN "test-consent-dialog"

#include "config.h"

#include "msi-consent-dialog.h"
#include "msi-resources.h"

#define REDIRECT "io.github.msiactions.setup:/oauth2redirect"

typedef struct
{
  SoupServer       *server;
  char             *base_url;
  GPtrArray        *paths;        /* every path the server was asked for */
  MsiConsentDialog *dialog;
  char             *result;
  GError           *error;
  gboolean          done;
  GPtrArray        *external;     /* links sent to the system browser */
} Fixture;

static const char page[] =
  "<!doctype html><html><head><title>Sign in</title></head><body>"
  "<h1>Demo sign-in</h1>"
  "<a id='finish' href='" REDIRECT "?code=c0de&amp;state=s7ate'>Allow</a>"
  "<a id='foreign' href='https://evil.example/phish'>Elsewhere</a>"
  "<a id='popup' href='/second' target='_blank'>Pop-up</a>"
  "<a id='second' href='/second'>Second page</a>"
  "</body></html>";

static void
handler (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  Fixture *f = user_data;

  g_ptr_array_add (f->paths, g_strdup (path));
  if (g_str_equal (path, "/download"))
    {
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/octet-stream", SOUP_MEMORY_STATIC, "\1\2\3", 3);
      return;
    }
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC, page, strlen (page));
}

static gboolean
open_external_cb (MsiConsentDialog *dialog,
                  const char       *uri,
                  Fixture          *f)
{
  g_ptr_array_add (f->external, g_strdup (uri));
  /* Record only: no browser in the test session. */
  g_signal_stop_emission_by_name (dialog, "open-external");
  return FALSE;
}

static gboolean
match_redirect (const char *uri,
                gpointer    user_data)
{
  g_autoptr(GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL);

  return parsed != NULL &&
         g_strcmp0 (g_uri_get_scheme (parsed), "io.github.msiactions.setup") == 0 &&
         g_uri_get_host (parsed) == NULL &&
         g_strcmp0 (g_uri_get_path (parsed), "/oauth2redirect") == 0;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *origin = NULL;
  const char *origins[2];
  GSList *uris;

  f->paths = g_ptr_array_new_with_free_func (g_free);
  f->external = g_ptr_array_new_with_free_func (g_free);
  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, NULL, handler, f, NULL);
  g_assert_true (soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  uris = soup_server_get_uris (f->server);
  f->base_url = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);

  origins[0] = f->base_url;
  origins[1] = NULL;
  f->dialog = msi_consent_dialog_new ("Sign In to the Demo", origins, match_redirect, NULL, NULL);
  g_object_ref_sink (f->dialog);
  g_signal_connect (f->dialog, "open-external", G_CALLBACK (open_external_cb), f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (f->dialog));
  g_clear_object (&f->dialog);
  soup_server_disconnect (f->server);
  g_clear_object (&f->server);
  g_clear_pointer (&f->base_url, g_free);
  g_clear_pointer (&f->paths, g_ptr_array_unref);
  g_clear_pointer (&f->external, g_ptr_array_unref);
  g_clear_pointer (&f->result, g_free);
  g_clear_error (&f->error);
}

static void
iterate_until (gboolean *flag,
               guint     seconds)
{
  gint64 end = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (!*flag)
    {
      if (g_get_monotonic_time () > end)
        g_error ("Timed out after %u s", seconds);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static void
run_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  Fixture *f = user_data;

  f->result = msi_consent_dialog_run_finish (MSI_CONSENT_DIALOG (object), result, &f->error);
  f->done = TRUE;
}

static void
load_changed_cb (WebKitWebView   *view,
                 WebKitLoadEvent  event,
                 gboolean        *loaded)
{
  if (event == WEBKIT_LOAD_FINISHED)
    *loaded = TRUE;
}

static void
start_and_wait_loaded (Fixture *f)
{
  gboolean loaded = FALSE;
  gulong id;

  id = g_signal_connect (msi_consent_dialog_get_web_view (f->dialog), "load-changed",
                         G_CALLBACK (load_changed_cb), &loaded);
  msi_consent_dialog_run_async (f->dialog, NULL, f->base_url, NULL, run_cb, f);
  iterate_until (&loaded, 60);
  g_signal_handler_disconnect (msi_consent_dialog_get_web_view (f->dialog), id);
}

static void
js_done_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(JSCValue) value = NULL;
  g_autoptr(GError) error = NULL;
  gboolean *done = user_data;

  value = webkit_web_view_evaluate_javascript_finish (WEBKIT_WEB_VIEW (object), result, &error);
  /* The page may go away under the script (a navigation): that is fine. */
  *done = TRUE;
}

static void
run_js (Fixture    *f,
        const char *script)
{
  gboolean done = FALSE;

  webkit_web_view_evaluate_javascript (msi_consent_dialog_get_web_view (f->dialog), script, -1,
                                       NULL, NULL, NULL, js_done_cb, &done);
  iterate_until (&done, 30);
}

static void
settle (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static void
test_hardened_settings (Fixture       *f,
                        gconstpointer  data)
{
  WebKitWebView *view = msi_consent_dialog_get_web_view (f->dialog);
  WebKitSettings *settings = webkit_web_view_get_settings (view);
  WebKitUserContentManager *content = webkit_web_view_get_user_content_manager (view);

  /* The view that is shown is the one that was hardened. */
  g_assert_false (webkit_settings_get_javascript_can_open_windows_automatically (settings));
  g_assert_false (webkit_settings_get_javascript_can_access_clipboard (settings));
  g_assert_false (webkit_settings_get_enable_developer_extras (settings));
  g_assert_false (webkit_settings_get_enable_webgl (settings));
  g_assert_false (webkit_settings_get_enable_media_stream (settings));
  g_assert_false (webkit_settings_get_allow_file_access_from_file_urls (settings));
  g_assert_false (webkit_settings_get_allow_universal_access_from_file_urls (settings));
  g_assert_false (webkit_settings_get_allow_modal_dialogs (settings));
  g_assert_true (webkit_web_view_get_network_session (view) == msi_consent_get_network_session ());
  g_assert_false (webkit_network_session_is_ephemeral (msi_consent_get_network_session ()));
  g_assert_cmpint (webkit_network_session_get_tls_errors_policy (msi_consent_get_network_session ()), ==,
                   WEBKIT_TLS_ERRORS_POLICY_FAIL);
  g_assert_nonnull (content);
}

static void
test_finish_intercepted (Fixture       *f,
                         gconstpointer  data)
{
  start_and_wait_loaded (f);
  g_assert_cmpuint (f->paths->len, ==, 1);

  run_js (f, "document.getElementById('finish').click();");
  iterate_until (&f->done, 30);
  g_assert_no_error (f->error);
  g_assert_cmpstr (f->result, ==, REDIRECT "?code=c0de&state=s7ate");
  /* The dialog hides itself and is destroyed from the main loop. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (f->dialog)));
}

static void
test_foreign_link_not_loaded (Fixture       *f,
                              gconstpointer  data)
{
  WebKitWebView *view;
  g_autofree char *before = NULL;

  start_and_wait_loaded (f);
  view = msi_consent_dialog_get_web_view (f->dialog);
  before = g_strdup (webkit_web_view_get_uri (view));

  run_js (f, "document.getElementById('foreign').click();");
  settle (500);
  /* Not loaded in the view; handed to the system browser instead. */
  g_assert_cmpstr (webkit_web_view_get_uri (view), ==, before);
  g_assert_cmpuint (f->external->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->external, 0), ==, "https://evil.example/phish");
  g_assert_false (f->done);

  /* A same-origin link is followed. */
  run_js (f, "document.getElementById('second').click();");
  settle (500);
  g_assert_true (g_str_has_suffix (webkit_web_view_get_uri (view), "/second"));
}

static void
test_no_popups (Fixture       *f,
                gconstpointer  data)
{
  guint windows_before;

  start_and_wait_loaded (f);
  windows_before = g_list_model_get_n_items (gtk_window_get_toplevels ());
  run_js (f, "window.open('/second'); document.getElementById('popup').click();");
  settle (500);
  g_assert_cmpuint (g_list_model_get_n_items (gtk_window_get_toplevels ()), ==, windows_before);
}

static void
download_started_cb (WebKitNetworkSession *session,
                     WebKitDownload       *download,
                     gboolean             *started)
{
  *started = TRUE;
  webkit_download_cancel (download);
}

static void
test_download_refused (Fixture       *f,
                       gconstpointer  data)
{
  WebKitWebView *view;
  gboolean started = FALSE;
  gulong id;

  start_and_wait_loaded (f);
  view = msi_consent_dialog_get_web_view (f->dialog);
  id = g_signal_connect (msi_consent_get_network_session (), "download-started",
                         G_CALLBACK (download_started_cb), &started);
  run_js (f, "window.location.href = '/download';");
  settle (800);
  g_signal_handler_disconnect (msi_consent_get_network_session (), id);

  /* The server was asked, but nothing was downloaded and the page stayed. */
  g_assert_true (g_ptr_array_find_with_equal_func (f->paths, "/download", g_str_equal, NULL));
  g_assert_false (started);
  g_assert_cmpstr (webkit_web_view_get_title (view), ==, "Sign in");
  g_assert_false (f->done);
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  start_and_wait_loaded (f);
  gtk_widget_activate_action (GTK_WIDGET (f->dialog), "consent.cancel", NULL);
  iterate_until (&f->done, 10);
  g_assert_error (f->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (f->result);
}

static void
test_start_url_must_be_allowed (Fixture       *f,
                                gconstpointer  data)
{
  msi_consent_dialog_run_async (f->dialog, NULL, "https://evil.example/authorize", NULL, run_cb, f);
  iterate_until (&f->done, 10);
  g_assert_error (f->error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_assert_cmpuint (f->paths->len, ==, 0);
}

static void
test_origins (void)
{
  static const struct { const char *uri; const char *origin; } cases[] = {
    { "https://Login.Salesforce.com/services/oauth2/authorize?x=1", "https://login.salesforce.com:443" },
    { "https://login.salesforce.com:443/", "https://login.salesforce.com:443" },
    { "http://127.0.0.1:8080/salesforce", "http://127.0.0.1:8080" },
    { "http://127.0.0.1/", "http://127.0.0.1:80" },
    { "https://user@login.salesforce.com/", NULL },
    { "io.github.msiactions.setup:/oauth2redirect", NULL },
    { "javascript:alert(1)", NULL },
    { "file:///etc/passwd", NULL },
    { "data:text/html,hi", NULL },
    { "not a uri", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *origin = msi_consent_origin_of_uri (cases[i].uri);

      g_assert_cmpstr (origin, ==, cases[i].origin);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = g_dir_make_tmp ("msi-test-consent-XXXXXX", NULL);
  static const char *vars[] = { "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME" };

  for (guint i = 0; i < G_N_ELEMENTS (vars); i++)
    {
      g_autofree char *dir = g_build_filename (home, vars[i], NULL);

      g_mkdir_with_parents (dir, 0700);
      g_setenv (vars[i], dir, TRUE);
    }

  gtk_test_init (&argc, &argv, NULL);
  msi_register_resource ();

  g_test_add_func ("/consent/origins", test_origins);
#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/consent/hardened-settings", test_hardened_settings);
  ADD ("/consent/finish-intercepted", test_finish_intercepted);
  ADD ("/consent/foreign-link-not-loaded", test_foreign_link_not_loaded);
  ADD ("/consent/no-popups", test_no_popups);
  ADD ("/consent/download-refused", test_download_refused);
  ADD ("/consent/cancel", test_cancel);
  ADD ("/consent/start-url-must-be-allowed", test_start_url_must_be_allowed);
#undef ADD

  return g_test_run ();
}
