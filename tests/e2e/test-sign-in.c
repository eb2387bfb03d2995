/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-sign-in.c: signing in to the demo Sales account through the real
 * consent view, driven by JavaScript as a person would click */

#define _GNU_SOURCE /* memmem */
#define G_LOG_DOMAIN "test-sign-in"

#include "config.h"

#include <string.h>

#include "common/msi-test-steps.h"
#include "common/msi-test-ui.h"
#include "common/msi-test-consent.h"
#include "common/msi-test-sign-in.h"
#include "msi-consent-dialog.h"
#include "msi-service-connection.h"
#include "msi-setup-step.h"

static char *test_home;

/* --- the application's sign-in ------------------------------------------------ */

/* GET @path of the demo server, as a test hook or with a bearer token. */
static JsonNode *
demo_get (MsiProfile *profile,
          const char *path,
          const char *token,
          guint      *status)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (msi_profile_get_actions_url (profile), path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  if (token != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", value);
    }
  bytes = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  *status = soup_message_get_status (msg);
  return json_from_string (g_bytes_get_data (bytes, NULL), NULL);
}

static GPtrArray *
issued_tokens (MsiProfile *profile)
{
  g_autoptr(JsonNode) node = NULL;
  GPtrArray *tokens = g_ptr_array_new_with_free_func (g_free);
  JsonArray *array;
  guint status = 0;

  node = demo_get (profile, "/__demo/issued-tokens", NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  array = json_object_get_array_member (json_node_get_object (node), "tokens");
  for (guint i = 0; i < json_array_get_length (array); i++)
    g_ptr_array_add (tokens, g_strdup (json_array_get_string_element (array, i)));

  return tokens;
}

/* No file under the test's XDG directories holds an issued token. */
static void
assert_no_token_in_files (const char *dir,
                          GPtrArray  *tokens)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  if (handle == NULL)
    return;

  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        assert_no_token_in_files (path, tokens);
      else
        {
          g_autofree char *contents = NULL;
          gsize len = 0;

          if (!g_file_get_contents (path, &contents, &len, NULL))
            continue;
          for (guint i = 0; i < tokens->len; i++)
            {
              const char *token = g_ptr_array_index (tokens, i);

              if (memmem (contents, len, token, strlen (token)) != NULL)
                g_error ("An issued token is in %s", path);
            }
        }
    }
}

/* --- the tests ---------------------------------------------------------------- */

/* Each test starts signed out: forget the account the last one signed in. */
static void
check_admin_sign_in (gpointer data)
{
  Run *run = data;
  MsiChecklistPage *page;
  GtkListBox *list;
  guint n_rows = 0;
  g_autoptr(GPtrArray) tokens = NULL;
  g_autoptr(JsonNode) me = NULL;
  MsiProfile *profile;
  guint status = 0;

  iterate_until (sign_in_page_shown, run, 60);
  settle (200);
  save_screenshot (GTK_WIDGET (run->window), "sign-in.png");

  /* Sign in: the sign-in page, then the consent page, in the real view. */
  sign_in_with_password (run, "admin@northwind.example", "demo-admin", TRUE);
  g_assert_cmpstr (msi_actions_auth_get_role (current_auth (run)), ==, "admin");
  g_assert_cmpstr (msi_actions_auth_get_user_email (current_auth (run)), ==, "admin@northwind.example");

  /* An admin sees the live checklist: seven rows with their personas. */
  iterate_until (checklist_loaded, run, 60);
  page = MSI_CHECKLIST_PAGE (msi_window_get_checklist_page (run->window));
  list = msi_checklist_page_get_list (page);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *subtitle;

      if (!ADW_IS_ACTION_ROW (child))
        continue;
      g_assert_cmpuint (n_rows, <, G_N_ELEMENTS (msi_test_expected_steps));
      g_assert_cmpstr (gtk_widget_get_name (child), ==, msi_test_expected_steps[n_rows].id);
      subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (child));
      g_assert_true (g_str_has_prefix (subtitle, msi_test_expected_steps[n_rows].persona));
      if (g_str_equal (msi_test_expected_steps[n_rows].persona, "Marketo Admin"))
        g_assert_false (g_str_has_prefix (subtitle, "Marketo Admin or"));
      n_rows++;
    }
  g_assert_cmpuint (n_rows, ==, MSI_SETUP_N_STEPS);
  g_assert_cmpuint (msi_setup_steps_count_done (msi_checklist_page_get_steps (page)), ==, 0);
  settle (300);
  save_screenshot (GTK_WIDGET (run->window), "checklist.png");

  /* Narrow: the sidebar folds away and the checklist still fits 360 px. */
  gtk_window_set_default_size (GTK_WINDOW (run->window), 360, 640);
  settle (500);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (run->window)), <=, 400);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (page)));
  save_screenshot (GTK_WIDGET (run->window), "checklist-narrow.png");

  /* Dark style. */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  gtk_window_set_default_size (GTK_WINDOW (run->window), 980, 680);
  settle (500);
  save_screenshot (GTK_WIDGET (run->window), "checklist-dark.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  /* Sign out revokes: the tokens issued so far stop working at the service. */
  profile = msi_application_get_profile (run->app);
  tokens = issued_tokens (profile);
  g_assert_cmpuint (tokens->len, >=, 2);
  me = demo_get (profile, "/api/v1/me", g_ptr_array_index (tokens, 0), &status);
  g_assert_cmpuint (status, ==, 200);
  g_clear_pointer (&me, json_node_unref);

  gtk_widget_activate_action (GTK_WIDGET (run->window), "win.sign-out", NULL);
  iterate_until (sign_in_page_shown, run, 30);
  settle (500);
  for (guint i = 0; i < tokens->len; i++)
    {
      me = demo_get (profile, "/api/v1/me", g_ptr_array_index (tokens, i), &status);
      g_assert_cmpuint (status, ==, 401);
      g_clear_pointer (&me, json_node_unref);
    }

  /* A second sign-in needs no password: the view remembers the session. */
  {
    MsiConsentDialog *dialog = open_consent (run);

    wait_for_element (dialog, "allow");
    g_assert_false (has_element (dialog, "password"));
    click (dialog, "allow");
    iterate_until (signed_in, run, 60);
    iterate_until (no_consent_shown, NULL, 10);
  }

  /* After all that, no issued token is in any file of ours. */
  g_clear_pointer (&tokens, g_ptr_array_unref);
  tokens = issued_tokens (profile);
  g_assert_cmpuint (tokens->len, >=, 4);
  assert_no_token_in_files (test_home, tokens);
}

static void
test_admin_sign_in (void)
{
  Run run = { .argv1 = "--demo", .check = check_admin_sign_in };

  forget_demo_account ();
  run_app (&run);
}

static void
check_deny_and_cancel (gpointer data)
{
  Run *run = data;
  MsiConsentDialog *dialog;

  iterate_until (sign_in_page_shown, run, 60);

  /* Deny: back to signed out, no tokens, the dialog gone. */
  dialog = open_consent (run);
  wait_for_element (dialog, "allow");
  click (dialog, "deny");
  iterate_until (no_consent_shown, NULL, 30);
  settle (300);
  g_assert_cmpint (msi_actions_auth_get_state (current_auth (run)), ==, MSI_AUTH_STATE_SIGNED_OUT);

  /* Cancel button: the same. */
  dialog = open_consent (run);
  wait_for_element (dialog, "allow");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "consent.cancel", NULL);
  iterate_until (no_consent_shown, NULL, 30);
  g_assert_cmpint (msi_actions_auth_get_state (current_auth (run)), ==, MSI_AUTH_STATE_SIGNED_OUT);
}

static void
test_deny_and_cancel (void)
{
  Run run = { .argv1 = "--demo", .check = check_deny_and_cancel };

  forget_demo_account ();
  run_app (&run);
}

static gboolean
not_admin_shown (gpointer data)
{
  Run *run = data;

  return signed_in (run) && !msi_actions_auth_is_admin (current_auth (run));
}

static void
check_sales_rep (gpointer data)
{
  Run *run = data;
  MsiConsentDialog *dialog;

  iterate_until (sign_in_page_shown, run, 60);

  /* The view remembers the admin's session: sign in as someone else. */
  dialog = open_consent (run);
  wait_for_element (dialog, "allow");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "consent.cancel", NULL);
  iterate_until (no_consent_shown, NULL, 30);
  forget_sign_ins ();

  sign_in_with_password (run, "rep@northwind.example", "demo-user", FALSE);
  iterate_until (not_admin_shown, run, 30);
  g_assert_cmpstr (msi_actions_auth_get_role (current_auth (run)), ==, "user");
  settle (300);
  save_screenshot (GTK_WIDGET (run->window), "sales-rep.png");
}

static void
test_sales_rep (void)
{
  Run run = { .argv1 = "--demo", .check = check_sales_rep };

  forget_demo_account ();
  run_app (&run);
}

/* --- a service connection: the Sales account connects to Salesforce ------- */

static gboolean
salesforce_connected (gpointer data)
{
  Run *run = data;
  MsiSetupStep *step;

  if (!checklist_loaded (run))
    return FALSE;
  step = checklist_step (run, "connect-salesforce");
  return step != NULL && msi_setup_step_get_status (step) == MSI_SETUP_STATUS_DONE;
}

static void
disconnected_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (msi_service_connection_disconnect_finish (MSI_SERVICE_CONNECTION (object), result, &error));
  g_assert_no_error (error);
  *(gboolean *)user_data = TRUE;
}

static void
check_connect_salesforce (gpointer data)
{
  Run *run = data;
  MsiConsentDialog *dialog = NULL;
  MsiSetupStep *step;

  iterate_until (sign_in_page_shown, run, 60);
  forget_sign_ins ();
  sign_in_with_password (run, "admin@northwind.example", "demo-admin", FALSE);
  iterate_until (checklist_loaded, run, 60);
  step = checklist_step (run, "connect-salesforce");
  g_assert_cmpint (msi_setup_step_get_status (step), ==, MSI_SETUP_STATUS_NOT_DONE);

  /* Connect: the service's authorization URL in the view, Salesforce's
   * login and consent, then the service's own callback page. */
  gtk_widget_activate_action (GTK_WIDGET (run->window), "win.connect-salesforce", NULL);
  iterate_until (consent_shown, &dialog, 30);
  wait_for_element (dialog, "password");
  fill (dialog, "username", "admin@northwind.example");
  fill (dialog, "password", "demo-salesforce");
  click (dialog, "login");
  wait_for_element (dialog, "allow");
  click (dialog, "allow");
  iterate_until (no_consent_shown, NULL, 60);
  /* Connecting shows the Salesforce page; the checklist follows it. */
  g_assert_cmpstr (msi_window_get_content_page (run->window), ==, "salesforce");
  gtk_widget_activate_action (GTK_WIDGET (run->window), "win.show-page", "s", "checklist");
  iterate_until (salesforce_connected, run, 60);
  step = checklist_step (run, "connect-salesforce");
  g_assert_cmpstr (msi_setup_step_get_detail (step), ==, "Connected as admin@northwind.example");
  settle (300);
  save_screenshot (GTK_WIDGET (run->window), "checklist-salesforce-connected.png");

  /* Disconnected, then connected again: already signed in to Salesforce in
   * the view and already allowed, it completes without a page to click. */
  {
    g_autoptr(MsiServiceConnection) connection = msi_service_connection_new (current_auth (run), "salesforce");
    gboolean done = FALSE;

    msi_service_connection_disconnect_async (connection, NULL, disconnected_cb, &done);
    iterate_until (flag_set, &done, 30);
  }
  gtk_widget_activate_action (GTK_WIDGET (run->window), "win.reload", NULL);
  iterate_until (checklist_loaded, run, 30);
  settle (500);
  g_assert_false (salesforce_connected (run));

  gtk_widget_activate_action (GTK_WIDGET (run->window), "win.connect-salesforce", NULL);
  iterate_until (no_consent_shown, NULL, 30);
  gtk_widget_activate_action (GTK_WIDGET (run->window), "win.show-page", "s", "checklist");
  iterate_until (salesforce_connected, run, 60);
}

static void
test_connect_salesforce (void)
{
  Run run = { .argv1 = "--demo", .check = check_connect_salesforce };

  forget_demo_account ();
  run_app (&run);
}

int
main (int   argc,
      char *argv[])
{
  test_home = msi_test_private_user_dirs ();
  /* The demo server started by the app lists the tokens it issued. */
  g_setenv ("MSI_DEMO_TEST_HOOKS", "1", TRUE);

  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_test_skip ("No display: run under build-aux/check");
      return g_test_run ();
    }

  g_test_add_func ("/e2e/sign-in/admin", test_admin_sign_in);
  g_test_add_func ("/e2e/sign-in/deny-and-cancel", test_deny_and_cancel);
  g_test_add_func ("/e2e/sign-in/sales-rep", test_sales_rep);
  g_test_add_func ("/e2e/connect/salesforce", test_connect_salesforce);

  return g_test_run ();
}
