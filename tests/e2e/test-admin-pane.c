/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-admin-pane.c: a fresh demo Sales account set up from the admin pane,
 * steps 1–3, 6 and 7 of the admin guide, with the real pages and consent view */

#define G_LOG_DOMAIN "test-admin-pane"

#include "config.h"

#include <string.h>

#include "common/msi-test-sign-in.h"
#include "msi-activation-page.h"
#include "msi-connection-page.h"
#include "msi-package-page.h"
#include "msi-problem-types.h"

static char *test_home;

/* --- finding widgets as a person sees them ---------------------------------- */

static GtkWidget *
find_named (GtkWidget  *root,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static GtkWidget *
page_widget (Run        *run,
             const char *page,
             const char *name)
{
  GtkWidget *widget = find_named (msi_window_get_page (run->window, page), name);

  g_assert_nonnull (widget);
  return widget;
}

static void
show_page (Run        *run,
           const char *name)
{
  gtk_widget_activate_action (GTK_WIDGET (run->window), "win.show-page", "s", name);
  g_assert_cmpstr (msi_window_get_content_page (run->window), ==, name);
  settle (100);
}

static void
set_text (GtkWidget  *editable,
          const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (editable), text);
}

static void
paste_into (GtkWidget  *view,
            const char *text)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), text, -1);
}

/* Visible rows of a list box, in order. */
static GPtrArray *
list_rows (GtkWidget *list)
{
  GPtrArray *rows = g_ptr_array_new ();

  for (GtkWidget *child = gtk_widget_get_first_child (list);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LIST_BOX_ROW (child) && gtk_widget_get_visible (child))
        g_ptr_array_add (rows, child);
    }

  return rows;
}

static GtkCheckButton *
row_check (GtkWidget *row)
{
  GtkWidget *check = NULL;

  for (GtkWidget *child = gtk_widget_get_first_child (row); child != NULL && check == NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_CHECK_BUTTON (child))
        check = child;
      else
        {
          g_autoptr(GPtrArray) stack = g_ptr_array_new ();

          g_ptr_array_add (stack, child);
          while (stack->len > 0 && check == NULL)
            {
              GtkWidget *widget = g_ptr_array_steal_index (stack, stack->len - 1);

              if (GTK_IS_CHECK_BUTTON (widget))
                check = widget;
              for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
                g_ptr_array_add (stack, c);
            }
        }
    }

  g_assert_nonnull (check);
  return GTK_CHECK_BUTTON (check);
}

static const char *
row_subtitle (GtkWidget *row)
{
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
}

/* The confirmation a page asks for: answer it as a person would. */
static gboolean
message_dialog_shown (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        {
          *(AdwMessageDialog **)data = ADW_MESSAGE_DIALOG (window);
          return TRUE;
        }
    }

  return FALSE;
}

static void
answer_dialog (const char *response,
               const char *screenshot)
{
  AdwMessageDialog *dialog = NULL;

  iterate_until (message_dialog_shown, &dialog, 10);
  settle (200);
  if (screenshot != NULL)
    save_screenshot (GTK_WIDGET (dialog), screenshot);
  adw_message_dialog_response (dialog, response);
  gtk_window_close (GTK_WINDOW (dialog));
  settle (100);
}

/* --- the demo server --------------------------------------------------------- */

static JsonNode *
demo_request (Run        *run,
              const char *method,
              const char *path,
              const char *json_body,
              guint      *status)
{
  MsiProfile *profile = msi_application_get_profile (run->app);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (msi_profile_get_actions_url (profile), path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  if (json_body != NULL)
    {
      g_autoptr(GBytes) body = g_bytes_new (json_body, strlen (json_body));

      soup_message_set_request_body_from_bytes (msg, "application/json", body);
    }
  bytes = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  *status = soup_message_get_status (msg);
  return json_from_string (g_bytes_get_data (bytes, NULL), NULL);
}

/* --- waiting ---------------------------------------------------------------- */

typedef struct
{
  Run            *run;
  const char     *step;
  MsiSetupStatus  status;
} StepWait;

static gboolean
step_has_status (gpointer data)
{
  StepWait *wait = data;
  MsiChecklistPage *page = MSI_CHECKLIST_PAGE (msi_window_get_checklist_page (wait->run->window));
  MsiSetupStep *step;

  /* The checklist reloads in the background while another page shows. */
  if (msi_checklist_page_get_state (page) != MSI_CHECKLIST_STATE_LOADED)
    return FALSE;
  step = checklist_step (wait->run, wait->step);
  return step != NULL && msi_setup_step_get_status (step) == wait->status;
}

static void
wait_for_step (Run            *run,
               const char     *id,
               MsiSetupStatus  status)
{
  StepWait wait = { run, id, status };

  iterate_until (step_has_status, &wait, 60);
}

typedef struct
{
  MsiActivationPage *page;
  const char        *step;
} ActivationWait;

static gboolean
activation_at (gpointer data)
{
  ActivationWait *wait = data;

  return g_strcmp0 (msi_activation_page_get_step (wait->page), wait->step) == 0;
}

typedef struct
{
  MsiConnectionPage *page;
  const char        *status;
  const char        *problem;
} ConnectionWait;

static gboolean
connection_is (gpointer data)
{
  ConnectionWait *wait = data;

  if (g_strcmp0 (msi_connection_page_get_status (wait->page), wait->status) != 0)
    return FALSE;
  return wait->problem == NULL ||
         g_strcmp0 (msi_connection_page_get_problem (wait->page), wait->problem) == 0;
}

static void
wait_for_connection (MsiConnectionPage *page,
                     const char        *status,
                     const char        *problem)
{
  ConnectionWait wait = { page, status, problem };

  iterate_until (connection_is, &wait, 60);
}

typedef struct
{
  MsiPackagePage  *page;
  MsiPackageState  state;
} PackageWait;

static gboolean
package_is (gpointer data)
{
  PackageWait *wait = data;

  return msi_package_page_get_state (wait->page) == wait->state;
}

/* --- before step 1: Marketo cannot connect by itself yet --------------------- */

static void
marketo_before_activation (Run *run)
{
  MsiConnectionPage *page = MSI_CONNECTION_PAGE (msi_window_get_page (run->window, "marketo"));
  GtkWidget *button;

  /* The automatic connection takes the credentials given at activation:
   * the page says so, without a warning, and its button leads there. */
  show_page (run, "marketo");
  wait_for_connection (page, "disconnected", NULL);
  gtk_widget_activate_action (GTK_WIDGET (page), "connection.connect", NULL);
  answer_dialog ("connect", NULL);
  wait_for_connection (page, "disconnected", MSI_PROBLEM_MARKETO_NOT_ACTIVATED);
  button = page_widget (run, "marketo", "problem-button");
  g_assert_true (gtk_widget_is_visible (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "_Activate…");
  settle (200);
  save_screenshot (GTK_WIDGET (run->window), "admin-marketo-not-activated.png");
  g_signal_emit_by_name (button, "clicked");
  g_assert_cmpstr (msi_window_get_content_page (run->window), ==, "activation");
}

/* --- step 1: activate the Sales account ------------------------------------- */

static void
activate_account (Run *run)
{
  MsiActivationPage *page = MSI_ACTIVATION_PAGE (msi_window_get_page (run->window, "activation"));
  ActivationWait wait = { page, "admins" };
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(JsonNode) outbox = NULL;
  JsonArray *messages;
  guint status = 0;
  guint morgan_mails = 0;

  show_page (run, "activation");
  g_assert_cmpstr (msi_activation_page_get_step (page), ==, "credentials");

  /* A wrong Munchkin ID is named and nothing is sent. */
  set_text (page_widget (run, "activation", "munchkin-id"), "284-RPR");
  set_text (page_widget (run, "activation", "client-id"), "3f1c9a52-7be0-4d2a-9c41-5e8b2d7f6a10");
  set_text (page_widget (run, "activation", "client-secret"), "Qm7tK2vX9pL4sR8wN1cZ6yB3hF5jD0aE");
  gtk_widget_activate_action (GTK_WIDGET (page), "activation.find-admins", NULL);
  settle (200);
  g_assert_true (gtk_widget_has_css_class (page_widget (run, "activation", "munchkin-id"), "error"));
  g_assert_cmpstr (msi_activation_page_get_step (page), ==, "credentials");

  /* A block pasted from Marketo, Dutch labels, fills in every field. */
  paste_into (page_widget (run, "activation", "paste"),
              "  Munchkin-ID:   284-rpr-133\n\n"
              "Client-ID\t3f1c9a52-7be0-4d2a-9c41-5e8b2d7f6a10\n"
              "Clientgeheim = Qm7tK2vX9pL4sR8wN1cZ6yB3hF5jD0aE\n");
  gtk_widget_activate_action (GTK_WIDGET (page), "activation.fill-in", NULL);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (page_widget (run, "activation", "munchkin-id"))), ==, "284-RPR-133");
  g_assert_false (gtk_widget_has_css_class (page_widget (run, "activation", "munchkin-id"), "error"));
  settle (200);
  save_screenshot (GTK_WIDGET (run->window), "admin-activation-credentials.png");

  /* The Marketo admins, from the User Management API. */
  gtk_widget_activate_action (GTK_WIDGET (page), "activation.find-admins", NULL);
  iterate_until (activation_at, &wait, 120);
  rows = list_rows (page_widget (run, "activation", "admins"));
  g_assert_cmpuint (rows->len, >=, 5);
  g_test_message ("%u Marketo admins listed", rows->len);

  set_text (page_widget (run, "activation", "search"), "morgan");
  settle (400);
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = list_rows (page_widget (run, "activation", "admins"));
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_cmpstr (row_subtitle (g_ptr_array_index (rows, 0)), ==, "morgan@northwind.example");
  gtk_check_button_set_active (row_check (g_ptr_array_index (rows, 0)), TRUE);
  set_text (page_widget (run, "activation", "search"), "");
  settle (400);
  save_screenshot (GTK_WIDGET (run->window), "admin-activation-admins.png");

  gtk_widget_activate_action (GTK_WIDGET (page), "activation.send", NULL);
  wait.step = "sent";
  iterate_until (activation_at, &wait, 60);
  g_assert_nonnull (strstr (adw_status_page_get_description (ADW_STATUS_PAGE (page_widget (run, "activation", "sent"))),
                            "morgan@northwind.example"));
  settle (200);
  save_screenshot (GTK_WIDGET (run->window), "admin-activation-sent.png");

  /* The checklist follows; the welcome mail is in the outbox. */
  wait_for_step (run, "activate-account", MSI_SETUP_STATUS_DONE);
  outbox = demo_request (run, "GET", "/demo/outbox", NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  messages = json_object_get_array_member (json_node_get_object (outbox), "messages");
  for (guint i = 0; i < json_array_get_length (messages); i++)
    {
      JsonObject *message = json_array_get_object_element (messages, i);

      if (g_str_equal (json_object_get_string_member (message, "to"), "morgan@northwind.example"))
        {
          morgan_mails++;
          g_assert_true (g_str_has_prefix (json_object_get_string_member (message, "link"),
                                           "io.github.msiactions.setup:/invitation?"));
        }
    }
  g_assert_cmpuint (morgan_mails, ==, 1);
}

/* --- step 2: connect Salesforce ------------------------------------------------ */

static void
connect_salesforce (Run *run)
{
  MsiConnectionPage *page = MSI_CONNECTION_PAGE (msi_window_get_page (run->window, "salesforce"));
  MsiConsentDialog *dialog = NULL;

  show_page (run, "salesforce");
  wait_for_connection (page, "disconnected", NULL);
  save_screenshot (GTK_WIDGET (run->window), "admin-salesforce-disconnected.png");

  /* Connect, OK, then Salesforce's sign-in and Allow in the view. */
  gtk_widget_activate_action (GTK_WIDGET (page), "connection.connect", NULL);
  answer_dialog ("connect", "admin-salesforce-confirm.png");
  iterate_until (consent_shown, &dialog, 30);
  wait_for_element (dialog, "password");
  fill (dialog, "username", "admin@northwind.example");
  fill (dialog, "password", "demo-salesforce");
  click (dialog, "login");
  wait_for_element (dialog, "allow");
  click (dialog, "allow");
  iterate_until (no_consent_shown, NULL, 60);
  wait_for_connection (page, "connected", NULL);
  g_assert_cmpstr (row_subtitle (page_widget (run, "salesforce", "user")), ==, "admin@northwind.example");
  wait_for_step (run, "connect-salesforce", MSI_SETUP_STATUS_DONE);
  settle (200);
  save_screenshot (GTK_WIDGET (run->window), "admin-salesforce-connected.png");
}

/* --- step 3: connect Marketo, automatically and by pasting --------------------- */

static void
connect_marketo (Run *run)
{
  MsiConnectionPage *page = MSI_CONNECTION_PAGE (msi_window_get_page (run->window, "marketo"));
  g_autoptr(JsonNode) reply = NULL;
  guint status = 0;

  show_page (run, "marketo");
  wait_for_connection (page, "disconnected", NULL);

  gtk_widget_activate_action (GTK_WIDGET (page), "connection.connect", NULL);
  answer_dialog ("connect", NULL);
  wait_for_connection (page, "connected", NULL);
  wait_for_step (run, "connect-marketo", MSI_SETUP_STATUS_DONE);
  save_screenshot (GTK_WIDGET (run->window), "admin-marketo-connected.png");

  /* Disconnect (confirmed), then the automatic connection fails: the Set
   * Up field takes the data of Marketo's Actions Config tab. */
  gtk_widget_activate_action (GTK_WIDGET (page), "connection.disconnect", NULL);
  answer_dialog ("disconnect", "admin-marketo-disconnect.png");
  wait_for_connection (page, "disconnected", NULL);
  wait_for_step (run, "connect-marketo", MSI_SETUP_STATUS_NOT_DONE);

  reply = demo_request (run, "POST", "/__demo/faults", "{\"marketoAutoConnect\":\"unreachable\"}", &status);
  g_assert_cmpuint (status, <, 300);
  gtk_widget_activate_action (GTK_WIDGET (page), "connection.connect", NULL);
  answer_dialog ("connect", NULL);
  wait_for_connection (page, "error", MSI_PROBLEM_MARKETO_UNREACHABLE);
  g_assert_true (gtk_widget_get_visible (page_widget (run, "marketo", "setup")));

  paste_into (page_widget (run, "marketo", "paste"),
              "Actions Config\r\n"
              "Client Secret: Qm7tK2vX9pL4sR8wN1cZ6yB3hF5jD0aE\r\n"
              "Munchkin ID: 284-RPR-133\r\n"
              "Client ID: 3f1c9a52-7be0-4d2a-9c41-5e8b2d7f6a10\r\n");
  settle (300);
  save_screenshot (GTK_WIDGET (run->window), "admin-marketo-setup.png");
  gtk_widget_activate_action (GTK_WIDGET (page), "connection.connect-pasted", NULL);
  wait_for_connection (page, "connected", NULL);
  wait_for_step (run, "connect-marketo", MSI_SETUP_STATUS_DONE);

  g_clear_pointer (&reply, json_node_unref);
  reply = demo_request (run, "POST", "/__demo/faults", "{\"marketoAutoConnect\":\"ok\"}", &status);
  g_assert_cmpuint (status, <, 300);
}

/* --- steps 6 and 7: the package and its configuration ------------------------- */

static gboolean
salesforce_signed_in (gpointer data)
{
  Run *run = data;
  MsiSalesforceClient *client = msi_application_get_salesforce (run->app);

  return client != NULL && msi_salesforce_client_get_state (client) == MSI_AUTH_STATE_SIGNED_IN;
}

static gboolean
consent_or_signed_in (gpointer data)
{
  MsiConsentDialog **dialog = ((gpointer *)data)[0];
  Run *run = ((gpointer *)data)[1];

  return salesforce_signed_in (run) || consent_shown (dialog);
}

static void
install_package_in_browser (Run *run)
{
  MsiSalesforceClient *client = msi_application_get_salesforce (run->app);
  g_autofree char *url = msi_salesforce_client_dup_install_url (client);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) page = NULL;
  g_autoptr(GError) error = NULL;

  /* The browser's part: the install page, then its Install button (the
   * form carries a one-time token). */
  g_assert_nonnull (url);
  msg = soup_message_new ("GET", url);
  page = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  {
    g_autofree char *html = g_strndup (g_bytes_get_data (page, NULL), g_bytes_get_size (page));
    const char *marker = strstr (html, "name=\"csrf_token\" value=\"");
    g_autofree char *token = NULL;
    g_autofree char *form = NULL;

    g_assert_nonnull (marker);
    marker += strlen ("name=\"csrf_token\" value=\"");
    token = g_strndup (marker, strcspn (marker, "\""));
    form = soup_form_encode ("csrf_token", token, "action", "install", NULL);
    g_clear_object (&msg);
    g_clear_pointer (&page, g_bytes_unref);

    msg = soup_message_new_from_encoded_form ("POST", url, g_steal_pointer (&form));
    page = soup_session_send_and_read (session, msg, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
    g_assert_nonnull (g_strstr_len (g_bytes_get_data (page, NULL), g_bytes_get_size (page),
                                    "Installation complete"));
  }
}

static void
check_package (Run *run)
{
  MsiPackagePage *page = MSI_PACKAGE_PAGE (msi_window_get_page (run->window, "package"));
  PackageWait wait = { page, MSI_PACKAGE_STATE_OUTDATED };
  MsiConsentDialog *dialog = NULL;
  gpointer consent_wait[2] = { &dialog, run };

  show_page (run, "package");
  save_screenshot (GTK_WIDGET (run->window), "admin-package-signed-out.png");

  /* The app's own sign-in to Salesforce: the view still has the session
   * of the connection, so only the consent is asked, if anything. */
  gtk_widget_activate_action (GTK_WIDGET (page), "package.sign-in", NULL);
  iterate_until (consent_or_signed_in, consent_wait, 30);
  if (dialog != NULL && !salesforce_signed_in (run))
    {
      wait_for_element (dialog, "allow");
      click (dialog, "allow");
    }
  iterate_until (salesforce_signed_in, run, 60);
  iterate_until (no_consent_shown, NULL, 30);

  /* The demo org has MSI 2.4.1 where 2.6.0 is required. */
  iterate_until (package_is, &wait, 60);
  g_assert_true (gtk_widget_get_visible (page_widget (run, "package", "api-enabled")));
  g_assert_false (gtk_widget_get_visible (page_widget (run, "package", "handover")));
  wait_for_step (run, "salesforce-package", MSI_SETUP_STATUS_ATTENTION);
  settle (200);
  save_screenshot (GTK_WIDGET (run->window), "admin-package-outdated.png");

  /* Upgrade in the browser, then Check Again. */
  install_package_in_browser (run);
  gtk_widget_activate_action (GTK_WIDGET (page), "package.check", NULL);
  wait.state = MSI_PACKAGE_STATE_CURRENT;
  iterate_until (package_is, &wait, 60);
  wait_for_step (run, "salesforce-package", MSI_SETUP_STATUS_DONE);

  /* The configuration: the checklist counts the ticked items. */
  msi_package_page_set_item_done (page, 0, TRUE);
  msi_package_page_set_item_done (page, 1, TRUE);
  wait_for_step (run, "salesforce-configuration", MSI_SETUP_STATUS_IN_PROGRESS);
  for (guint i = 0; i < msi_package_page_get_n_items (page); i++)
    msi_package_page_set_item_done (page, i, TRUE);
  wait_for_step (run, "salesforce-configuration", MSI_SETUP_STATUS_DONE);
  settle (200);
  save_screenshot (GTK_WIDGET (run->window), "admin-package-current.png");
}

static void
check_admin_pane (gpointer data)
{
  Run *run = data;

  iterate_until (sign_in_page_shown, run, 60);
  forget_sign_ins ();
  sign_in_with_password (run, "admin@northwind.example", "demo-admin", FALSE);
  iterate_until (checklist_loaded, run, 60);
  wait_for_step (run, "activate-account", MSI_SETUP_STATUS_NOT_DONE);

  marketo_before_activation (run);
  activate_account (run);
  connect_salesforce (run);
  connect_marketo (run);
  check_package (run);

  show_page (run, "checklist");
  wait_for_step (run, "connect-marketo", MSI_SETUP_STATUS_DONE);
  settle (300);
  save_screenshot (GTK_WIDGET (run->window), "admin-checklist-done.png");
}

static void
test_admin_pane (void)
{
  Run run = { .argv1 = "--demo", .check = check_admin_pane };

  forget_demo_account ();
  run_app (&run);
}

/* --- Salesforce errors a person meets -------------------------------------- */

static void
connect_as (Run        *run,
            const char *user,
            const char *problem)
{
  MsiConnectionPage *page = MSI_CONNECTION_PAGE (msi_window_get_page (run->window, "salesforce"));
  MsiConsentDialog *dialog = NULL;

  forget_sign_ins ();
  gtk_widget_activate_action (GTK_WIDGET (run->window), "win.connect-salesforce", NULL);
  iterate_until (consent_shown, &dialog, 30);
  wait_for_element (dialog, "password");
  fill (dialog, "username", user);
  fill (dialog, "password", "demo-salesforce");
  click (dialog, "login");
  wait_for_element (dialog, "allow");
  click (dialog, "allow");
  iterate_until (no_consent_shown, NULL, 60);
  wait_for_connection (page, "error", problem);
  g_assert_true (gtk_widget_is_visible (page_widget (run, "salesforce", "problem")));
}

static void
check_salesforce_errors (gpointer data)
{
  Run *run = data;
  MsiConnectionPage *page;

  /* The sign-in of the test before is restored from the keyring. */
  iterate_until (signed_in, run, 60);
  iterate_until (checklist_loaded, run, 60);
  show_page (run, "salesforce");
  page = MSI_CONNECTION_PAGE (msi_window_get_page (run->window, "salesforce"));

  /* The earlier test left it connected: disconnect first. */
  if (g_strcmp0 (msi_connection_page_get_status (page), "connected") == 0)
    {
      gtk_widget_activate_action (GTK_WIDGET (page), "connection.disconnect", NULL);
      answer_dialog ("disconnect", NULL);
      wait_for_connection (page, "disconnected", NULL);
    }

  connect_as (run, "noapi@northwind.example", MSI_PROBLEM_SALESFORCE_API_DISABLED_USER);
  settle (300);
  save_screenshot (GTK_WIDGET (run->window), "admin-salesforce-api-disabled.png");
  connect_as (run, "sandbox@northwind.example", MSI_PROBLEM_SALESFORCE_WRONG_ORG_TYPE);
  connect_as (run, "pe@northwind.example", MSI_PROBLEM_SALESFORCE_API_DISABLED_ORG);
  wait_for_step (run, "connect-salesforce", MSI_SETUP_STATUS_ATTENTION);
}

static void
test_salesforce_errors (void)
{
  Run run = { .argv1 = "--demo", .check = check_salesforce_errors };

  run_app (&run);
}

int
main (int   argc,
      char *argv[])
{
  test_home = msi_test_private_user_dirs ();
  g_setenv ("MSI_DEMO_TEST_HOOKS", "1", TRUE);

  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_test_skip ("No display: run under build-aux/check");
      return g_test_run ();
    }

  g_test_add_func ("/e2e/admin-pane/setup", test_admin_pane);
  g_test_add_func ("/e2e/admin-pane/salesforce-errors", test_salesforce_errors);

  return g_test_run ();
}
