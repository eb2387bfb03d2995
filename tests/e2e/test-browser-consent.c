/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-browser-consent.c: the system-browser consent for Google: the app
 * waits while "the browser" (a separate, plain web view standing in for
 * the desktop's browser) goes through the demo Google sign-in, and the
 * loopback receiver takes the redirect */

#define G_LOG_DOMAIN "test-browser-consent"

#include "config.h"

#include "common/msi-test-ui.h"
#include <webkit/webkit.h>

#include "msi-browser-consent-dialog.h"
#include "msi-demo-process.h"
#include "msi-oauth2-client.h"
#include "msi-oauth2-flow.h"
#include "msi-resources.h"

typedef struct
{
  MsiDemoProcess          *demo;
  char                    *base_url;
  MsiLoopbackReceiver     *receiver;
  MsiOAuth2Client         *client;
  MsiOAuth2Flow           *flow;
  MsiBrowserConsentDialog *dialog;
  GtkWindow               *browser_window;
  WebKitWebView           *browser;
  GPtrArray               *opened;
  char                    *result;
  GError                  *error;
  gboolean                 done;
} Fixture;

static void
started_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Fixture *f = user_data;

  f->base_url = msi_demo_process_start_finish (MSI_DEMO_PROCESS (object), result, &f->error);
  f->done = TRUE;
}

static gboolean
is_done (gpointer data)
{
  return ((Fixture *)data)->done;
}

/* The desktop's browser, played by a plain web view of its own. */
static void
open_external_cb (MsiBrowserConsentDialog *dialog,
                  const char              *uri,
                  Fixture                 *f)
{
  g_ptr_array_add (f->opened, g_strdup (uri));
  g_signal_stop_emission_by_name (dialog, "open-external");

  if (f->browser == NULL)
    {
      g_autoptr(WebKitNetworkSession) session = webkit_network_session_new_ephemeral ();

      f->browser_window = GTK_WINDOW (gtk_window_new ());
      f->browser = g_object_new (WEBKIT_TYPE_WEB_VIEW, "network-session", session, NULL);
      gtk_window_set_child (f->browser_window, GTK_WIDGET (f->browser));
      gtk_window_set_default_size (f->browser_window, 600, 600);
      gtk_window_present (f->browser_window);
    }
  webkit_web_view_load_uri (f->browser, uri);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *data_dir = g_dir_make_tmp ("msi-demo-XXXXXX", NULL);
  g_autofree char *authorize = NULL;
  g_autofree char *token = NULL;
  g_autofree char *revoke = NULL;
  g_autofree char *redirect = NULL;
  g_autoptr(MsiHttpClient) http = NULL;
  g_autoptr(GError) error = NULL;

  f->opened = g_ptr_array_new_with_free_func (g_free);
  f->demo = msi_demo_process_new (NULL, data_dir);
  msi_demo_process_start_async (f->demo, NULL, started_cb, f);
  iterate_until (is_done, f, 30);
  g_assert_no_error (f->error);
  f->done = FALSE;

  f->receiver = msi_loopback_receiver_new ("/callback");
  g_assert_true (msi_loopback_receiver_listen (f->receiver, &error));
  g_assert_no_error (error);
  redirect = msi_loopback_receiver_dup_redirect_uri (f->receiver);

  http = msi_http_client_new (NULL, f->base_url);
  authorize = g_strconcat (f->base_url, "/google/o/oauth2/v2/auth", NULL);
  token = g_strconcat (f->base_url, "/google/token", NULL);
  revoke = g_strconcat (f->base_url, "/google/revoke", NULL);
  f->client = msi_oauth2_client_new (http, "demo.apps.googleusercontent.com",
                                     authorize, token, revoke, redirect);
  msi_oauth2_client_set_provider (f->client, MSI_OAUTH2_PROVIDER_GOOGLE);
  msi_oauth2_client_set_scope (f->client, "openid email https://www.googleapis.com/auth/gmail.send https://www.googleapis.com/auth/gmail.readonly");
  msi_oauth2_client_add_authorize_param (f->client, "access_type", "offline");
  f->flow = msi_oauth2_client_begin (f->client, "rep@northwind.example", NULL, &error);
  g_assert_no_error (error);

  f->dialog = g_object_ref_sink (msi_browser_consent_dialog_new ("Connect Gmail", "Google"));
  g_signal_connect (f->dialog, "open-external", G_CALLBACK (open_external_cb), f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->browser_window != NULL)
    gtk_window_destroy (f->browser_window);
  gtk_window_destroy (GTK_WINDOW (f->dialog));
  g_clear_object (&f->dialog);
  g_clear_object (&f->flow);
  g_clear_object (&f->client);
  g_clear_object (&f->receiver);
  msi_demo_process_stop (f->demo);
  g_clear_object (&f->demo);
  g_clear_pointer (&f->base_url, g_free);
  g_clear_pointer (&f->opened, g_ptr_array_unref);
  g_clear_pointer (&f->result, g_free);
  g_clear_error (&f->error);
}

static void
run_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  Fixture *f = user_data;

  f->result = msi_browser_consent_dialog_run_finish (MSI_BROWSER_CONSENT_DIALOG (object), result, &f->error);
  f->done = TRUE;
}

typedef struct
{
  gboolean  done;
  char     *text;
} Js;

static void
js_cb (GObject      *object,
       GAsyncResult *result,
       gpointer      user_data)
{
  Js *js = user_data;
  g_autoptr(JSCValue) value = webkit_web_view_evaluate_javascript_finish (WEBKIT_WEB_VIEW (object), result, NULL);

  if (value != NULL && !jsc_value_is_undefined (value) && !jsc_value_is_null (value))
    js->text = jsc_value_to_string (value);
  js->done = TRUE;
}

static gboolean
js_done (gpointer data)
{
  return ((Js *)data)->done;
}

static char *
browser_js (Fixture    *f,
            const char *script)
{
  Js js = { FALSE, NULL };

  webkit_web_view_evaluate_javascript (f->browser, script, -1, NULL, NULL, NULL, js_cb, &js);
  iterate_until (js_done, &js, 30);
  return js.text;
}

typedef struct
{
  Fixture    *f;
  const char *id;
} Wait;

static gboolean
browser_has (gpointer data)
{
  Wait *wait = data;
  g_autofree char *script = NULL;
  g_autofree char *answer = NULL;

  if (wait->f->browser == NULL || webkit_web_view_is_loading (wait->f->browser))
    return FALSE;
  script = g_strdup_printf ("document.getElementById('%s') !== null", wait->id);
  answer = browser_js (wait->f, script);
  return g_strcmp0 (answer, "true") == 0;
}

static void
browser_step (Fixture    *f,
              const char *wait_id,
              const char *script)
{
  Wait wait = { f, wait_id };
  g_autofree char *answer = NULL;

  iterate_until (browser_has, &wait, 60);
  answer = browser_js (f, script);
}

static void
exchanged_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  MsiOAuth2Tokens **tokens = user_data;
  g_autoptr(GError) error = NULL;

  *tokens = msi_oauth2_client_exchange_code_finish (MSI_OAUTH2_CLIENT (object), result, &error);
  g_assert_no_error (error);
}

static gboolean
tokens_arrived (gpointer data)
{
  return *(MsiOAuth2Tokens **)data != NULL;
}

static void
test_google_in_browser (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(MsiOAuth2Tokens) tokens = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_autofree char *profile_url = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonNode) profile = NULL;
  g_autofree char *bearer = NULL;

  msi_browser_consent_dialog_run_async (f->dialog, NULL, msi_oauth2_flow_get_authorization_url (f->flow),
                                        f->receiver, 120, NULL, run_cb, f);

  /* The browser was asked to open the authorization URL, once. */
  g_assert_cmpuint (f->opened->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->opened, 0), ==, msi_oauth2_flow_get_authorization_url (f->flow));
  settle (300);
  save_screenshot (GTK_WIDGET (f->dialog), "browser-consent-waiting.png");

  /* In the browser: Google's e-mail page, password page, consent. */
  browser_step (f, "email", "document.getElementById('email').value = 'rep@northwind.example'; document.getElementById('next').click(); true");
  browser_step (f, "password", "document.getElementById('password').value = 'demo-gmail'; document.getElementById('signin').click(); true");
  browser_step (f, "allow", "document.getElementById('allow').click(); true");

  /* The loopback receiver took the redirect; the dialog closed itself. */
  iterate_until (is_done, f, 60);
  g_assert_no_error (f->error);
  g_assert_true (msi_oauth2_flow_matches_redirect (f->flow, f->result));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (f->dialog)));

  code = msi_oauth2_flow_parse_redirect (f->flow, f->result, &error);
  g_assert_no_error (error);
  msi_oauth2_client_exchange_code_async (f->client, f->flow, code, NULL, exchanged_cb, &tokens);
  iterate_until (tokens_arrived, &tokens, 30);
  g_assert_nonnull (tokens->refresh_token);

  /* The Gmail profile answers with the connected address. */
  profile_url = g_strconcat (f->base_url, "/google/gmail/v1/users/me/profile", NULL);
  msg = soup_message_new ("GET", profile_url);
  bearer = g_strconcat ("Bearer ", tokens->access_token, NULL);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
  bytes = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  profile = json_from_string (g_bytes_get_data (bytes, NULL), NULL);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (profile), "emailAddress"), ==,
                   "rep@northwind.example");
}

static void
test_cancel_closes_port (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GSocketClient) socket_client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  guint port = msi_loopback_receiver_get_port (f->receiver);

  msi_browser_consent_dialog_run_async (f->dialog, NULL, msi_oauth2_flow_get_authorization_url (f->flow),
                                        f->receiver, 120, NULL, run_cb, f);
  settle (200);
  gtk_widget_activate_action (GTK_WIDGET (f->dialog), "browser-consent.cancel", NULL);
  iterate_until (is_done, f, 10);
  g_assert_error (f->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  settle (300);

  /* Nothing listens for the browser any more. */
  connection = g_socket_client_connect_to_host (socket_client, "127.0.0.1", port, NULL, NULL);
  g_assert_null (connection);
}

static void
clipboard_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  char **text = user_data;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, NULL);
}

static gboolean
text_arrived (gpointer data)
{
  return *(char **)data != NULL;
}

static void
test_copy_link (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *text = NULL;

  msi_browser_consent_dialog_run_async (f->dialog, NULL, msi_oauth2_flow_get_authorization_url (f->flow),
                                        f->receiver, 120, NULL, run_cb, f);
  settle (200);
  gtk_widget_activate_action (GTK_WIDGET (f->dialog), "browser-consent.copy-link", NULL);
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (f->dialog)), NULL, clipboard_cb, &text);
  iterate_until (text_arrived, &text, 10);
  g_assert_cmpstr (text, ==, msi_oauth2_flow_get_authorization_url (f->flow));

  /* Open Again asks the browser once more. */
  gtk_widget_activate_action (GTK_WIDGET (f->dialog), "browser-consent.open", NULL);
  g_assert_cmpuint (f->opened->len, ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = msi_test_private_user_dirs ();

  gtk_test_init (&argc, &argv, NULL);
  msi_register_resource ();

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/e2e/browser-consent/google", test_google_in_browser);
  ADD ("/e2e/browser-consent/cancel-closes-port", test_cancel_closes_port);
  ADD ("/e2e/browser-consent/copy-link", test_copy_link);
#undef ADD

  return g_test_run ();
}
