/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-onboarding.c: a sales rep's whole onboarding in demo mode, from the
 * demo mailbox's Get started to Launch Salesforce, with Outlook in the
 * embedded consent view; and the links that cannot start one */

#define G_LOG_DOMAIN "test-onboarding"

#include "config.h"

#include "common/msi-test-walk.h"
#include "msi-onboarding-connected-page.h"
#include "msi-onboarding-email-page.h"
#include "msi-onboarding-signature-page.h"
#include "msi-preferences-window.h"
#include "msi-profile-page.h"

#define RILEY_NAME "Riley Rep"

static char *expired_link;

static gboolean
mailbox_loaded (gpointer data)
{
  MsiDemoMailbox **mailbox = data;
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (MSI_IS_DEMO_MAILBOX (window) && gtk_widget_get_mapped (GTK_WIDGET (window)))
        *mailbox = MSI_DEMO_MAILBOX (window);
    }

  return *mailbox != NULL && !msi_demo_mailbox_get_loading (*mailbox) &&
         msi_demo_mailbox_get_n_messages (*mailbox) > 0;
}

static gboolean
profile_page_loaded (gpointer data)
{
  Run *run = data;
  GtkWidget *page;

  if (run->window == NULL || !gtk_widget_get_mapped (GTK_WIDGET (run->window)))
    return FALSE;
  page = msi_window_get_page (run->window, "profile");
  return g_strcmp0 (msi_window_get_content_page (run->window), "profile") == 0 &&
         gtk_widget_get_mapped (page) && !msi_profile_page_get_loading (MSI_PROFILE_PAGE (page));
}

/* --- the whole path with Outlook -------------------------------------------- */

static void
check_outlook_path (gpointer data)
{
  Run *run = data;
  Walk walk;
  MsiDemoMailbox *mailbox = NULL;
  MsiOnboardingPage *page;
  MsiSignatureEditor *editor;
  MsiProfile *profile;
  g_autoptr(JsonObject) stored = NULL;
  g_autoptr(GPtrArray) texts = NULL;
  GtkWidget *profile_page;
  guint index = G_MAXUINT;
  gint64 elapsed_us;

  iterate_until (demo_ready, run, 60);
  iterate_until (sign_in_page_shown, run, 60);
  profile = msi_application_get_profile (run->app);
  walk_init (&walk, run, "onboarding");

  /* The main menu's Demo Mailbox: the menu, then the item. */
  walk.clicks++;
  walk.clicks++;
  g_action_group_activate_action (G_ACTION_GROUP (run->app), "demo-mailbox", NULL);
  iterate_until (mailbox_loaded, &mailbox, 30);
  walk_screenshot (&walk, GTK_WIDGET (mailbox), "mailbox");

  /* Riley's welcome mail, and its Get Started. */
  for (guint i = 0; i < msi_demo_mailbox_get_n_messages (mailbox); i++)
    if (g_strcmp0 (msi_demo_mailbox_get_recipient (mailbox, i), RILEY_EMAIL) == 0)
      index = i;
  g_assert_cmpuint (index, !=, G_MAXUINT);
  walk.clicks++;
  msi_demo_mailbox_open_message (mailbox, index);
  g_assert_cmpstr (msi_demo_mailbox_get_view (mailbox), ==, "message");
  g_assert_true (g_str_has_prefix (msi_demo_mailbox_get_link (mailbox), "io.github.msiactions.setup:/invitation?"));
  walk_screenshot (&walk, GTK_WIDGET (mailbox), "mailbox-message");
  walk_click (&walk, GTK_WIDGET (mailbox), "mailbox.get-started");

  /* 1. Activate account with Salesforce: its sign-in, then Allow. */
  walk_wait_page (&walk, "activate");
  texts = visible_texts (GTK_WIDGET (walk.assistant));
  g_assert_true (texts_contain (texts, RILEY_NAME));
  g_assert_true (texts_contain (texts, RILEY_EMAIL));
  g_clear_pointer (&texts, g_ptr_array_unref);
  walk_screenshot (&walk, GTK_WIDGET (walk.assistant), "activate");
  walk_next (&walk);
  walk_salesforce (&walk, RILEY_EMAIL, TRUE, TRUE);

  /* 2. Start, then Next. */
  walk_wait_page (&walk, "start");
  walk_screenshot (&walk, GTK_WIDGET (walk.assistant), "start");
  walk_next (&walk);
  walk_wait_page (&walk, "features");
  walk_screenshot (&walk, GTK_WIDGET (walk.assistant), "features");
  walk_next (&walk);

  /* 3. Outlook, Next: Microsoft's e-mail page, password page, consent. */
  page = walk_wait_page (&walk, "email");
  walk.clicks++;
  msi_onboarding_email_page_choose (MSI_ONBOARDING_EMAIL_PAGE (page), MSI_EMAIL_CLIENT_OUTLOOK);
  walk_screenshot (&walk, GTK_WIDGET (walk.assistant), "email");
  walk_next (&walk);
  walk_outlook (&walk, RILEY_EMAIL, TRUE, TRUE);

  /* 4. E-mail connection set up, with the address. */
  walk_wait_page (&walk, "connected");
  settle (300);
  texts = visible_texts (GTK_WIDGET (walk.assistant));
  g_assert_true (texts_contain (texts, "E-mail Connection Set Up"));
  g_assert_true (texts_contain (texts, RILEY_EMAIL));
  g_clear_pointer (&texts, g_ptr_array_unref);
  walk_screenshot (&walk, GTK_WIDGET (walk.assistant), "connected");
  walk_next (&walk);

  /* 5. The signature: typed, a word made bold, Save. */
  page = walk_wait_page (&walk, "signature");
  editor = msi_onboarding_signature_page_get_editor (MSI_ONBOARDING_SIGNATURE_PAGE (page));
  msi_signature_editor_set_markup (editor, "Riley Rep\nNorthwind Traders\n<script>alert(1)</script>");
  {
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (msi_signature_editor_get_text_view (editor));
    GtkTextIter start, end;

    gtk_text_buffer_get_iter_at_offset (buffer, &start, 0);
    gtk_text_buffer_get_iter_at_offset (buffer, &end, strlen ("Riley Rep"));
    gtk_text_buffer_select_range (buffer, &start, &end);
  }
  walk_click (&walk, GTK_WIDGET (editor), "editor.bold");
  walk_screenshot (&walk, GTK_WIDGET (walk.assistant), "signature");
  walk_next (&walk);

  /* 6. Finish; the tour: one slide, then Not Now. */
  walk_wait_page (&walk, "finish");
  walk_screenshot (&walk, GTK_WIDGET (walk.assistant), "finish");
  walk_next (&walk);
  walk_wait_page (&walk, "tour");
  walk_screenshot (&walk, GTK_WIDGET (walk.assistant), "tour");
  walk_click (&walk, GTK_WIDGET (walk.assistant), "assistant.skip");

  /* 7. Launch Salesforce: the browser opens it, the app opens signed in. */
  walk_wait_page (&walk, "launch");
  walk_screenshot (&walk, GTK_WIDGET (walk.assistant), "launch");
  walk.clicks++;
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (msi_onboarding_assistant_get_current_page (walk.assistant)),
                                             "launch.salesforce", NULL));
  iterate_until (no_assistant_shown, NULL, 30);
  elapsed_us = g_get_monotonic_time () - walk.started_us;
  g_assert_cmpuint (walk.opened->len, >=, 1);
  g_assert_cmpstr (g_ptr_array_index (walk.opened, walk.opened->len - 1), ==,
                   msi_profile_get_salesforce_login_url (profile));
  g_test_message ("Demo mailbox → Launch Salesforce: %u clicks, %.1f s (%.1f s without the screenshots)",
                  walk.clicks, elapsed_us / (double)G_USEC_PER_SEC,
                  (elapsed_us - walk.screenshots_us) / (double)G_USEC_PER_SEC);

  /* The signed-in app: the rep's profile, both connections, the signature. */
  iterate_until (profile_page_loaded, run, 60);
  profile_page = msi_window_get_page (run->window, "profile");
  g_assert_cmpstr (msi_profile_page_get_connection_text (MSI_PROFILE_PAGE (profile_page), "salesforce"), ==,
                   "Connected as " RILEY_EMAIL);
  g_assert_cmpstr (msi_profile_page_get_connection_text (MSI_PROFILE_PAGE (profile_page), "microsoft"), ==,
                   "Connected as " RILEY_EMAIL);
  g_assert_false (msi_profile_page_get_onboarding_shown (MSI_PROFILE_PAGE (profile_page)));
  editor = msi_profile_page_get_editor (MSI_PROFILE_PAGE (profile_page));
  g_assert_true (g_str_has_prefix (msi_signature_editor_get_html (editor), "<b>Riley Rep</b><br>Northwind Traders<br>"));
  g_assert_null (strstr (msi_signature_editor_get_html (editor), "<script"));
  walk_screenshot (&walk, GTK_WIDGET (run->window), "profile");

  /* Finished, on the service and on this computer. */
  stored = demo_user (profile, RILEY_EMAIL);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (stored, "onboarding"), "step"),
                   ==, "done");
  {
    g_autoptr(GSettings) settings = msi_application_dup_profile_settings (run->app, msi_profile_get_id (profile));
    g_autofree char *step = g_settings_get_string (settings, "onboarding-step");

    g_assert_cmpstr (step, ==, "done");
  }

  walk_clear (&walk);
}

static void
test_outlook_path (void)
{
  Run run = { .argv1 = "--demo", .check = check_outlook_path };

  hide_all_windows ();
  forget_demo_onboarding ();
  run_app (&run);
}

/* --- links that cannot start an onboarding --------------------------------- */

static void
check_links (gpointer data)
{
  Run *run = data;
  MsiOnboardingAssistant *assistant;
  MsiProfile *profile;
  g_autofree char *expired = NULL;
  g_autofree char *riley = NULL;
  g_autofree char *unknown = NULL;
  g_autoptr(GPtrArray) texts = NULL;

  iterate_until (demo_ready, run, 60);
  profile = msi_application_get_profile (run->app);

  /* Expired: ask the admin to send it again. */
  expired = outbox_link (profile, "priya.raman@northwind.example");
  g_free (expired_link);
  expired_link = g_strdup (expired);
  open_link (run, expired);
  assistant = wait_for_message (MSI_ONBOARDING_MESSAGE_INVITATION_EXPIRED);
  settle (300);
  texts = visible_texts (GTK_WIDGET (assistant));
  g_assert_true (texts_contain (texts, "This Invitation Has Expired"));
  g_assert_true (texts_contain (texts, "Ask your admin to send the invitation again"));
  g_clear_pointer (&texts, g_ptr_array_unref);
  save_screenshot (GTK_WIDGET (assistant), "onboarding-link-expired.png");

  /* Never issued (or replaced): a page of its own; the same window. */
  unknown = g_strdup_printf ("io.github.msiactions.setup:/invitation?service=%s&token=%s",
                             msi_profile_get_actions_url (profile),
                             "q0Vb6nD3s-Jx_8uTzM2kYwP5eR1aLcH9oN7iF4gBdEh");
  open_link (run, unknown);
  g_assert_true (wait_for_message (MSI_ONBOARDING_MESSAGE_INVITATION_UNKNOWN) == assistant);
  settle (300);
  save_screenshot (GTK_WIDGET (assistant), "onboarding-link-unknown.png");

  /* Riley finished in the test before: signed in as Riley, the link opens
   * the app; signed out, it says to sign in instead. */
  riley = outbox_link (profile, RILEY_EMAIL);
  if (msi_actions_auth_get_state (msi_application_get_auth (run->app)) == MSI_AUTH_STATE_SIGNED_IN)
    {
      open_link (run, riley);
      iterate_until (no_assistant_shown, NULL, 30);
      iterate_until (profile_page_loaded, run, 60);

      gtk_widget_activate_action (GTK_WIDGET (run->window), "win.sign-out", NULL);
      iterate_until (sign_in_page_shown, run, 30);
    }
  open_link (run, riley);
  assistant = wait_for_message (MSI_ONBOARDING_MESSAGE_INVITATION_USED);
  settle (300);
  g_assert_nonnull (find_button (GTK_WIDGET (assistant), "Sign In…"));
  save_screenshot (GTK_WIDGET (assistant), "onboarding-link-used.png");

  /* A link that is not one: the parser's sentence. */
  open_link (run, "io.github.msiactions.setup:/invitation?token=abc");
  assistant = wait_for_message (MSI_ONBOARDING_MESSAGE_BAD_LINK);
  g_assert_nonnull (strstr (msi_onboarding_assistant_get_message_text (assistant), "ask your admin"));
}

/* A link given on the command line, as the desktop's Exec=… %U does. */
static void
check_command_line_link (gpointer data)
{
  Run *run = data;
  MsiOnboardingAssistant *assistant;

  assistant = wait_for_message (MSI_ONBOARDING_MESSAGE_INVITATION_EXPIRED);
  /* The link alone opens the assistant, not the main window. */
  g_assert_null (run->window);
  g_assert_true (gtk_window_get_application (GTK_WINDOW (assistant)) == GTK_APPLICATION (run->app));
}

/* A link for a Sales account this app has no profile for. */
static gboolean
preferences_shown (gpointer data)
{
  MsiPreferencesWindow **preferences = data;
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (MSI_IS_PREFERENCES_WINDOW (window) && gtk_widget_get_mapped (GTK_WIDGET (window)))
        *preferences = MSI_PREFERENCES_WINDOW (window);
    }

  return *preferences != NULL;
}

static AdwEntryRow *
find_entry_row (GtkWidget  *root,
                const char *name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      AdwEntryRow *found;

      if (ADW_IS_ENTRY_ROW (child) && g_strcmp0 (gtk_widget_get_name (child), name) == 0)
        return ADW_ENTRY_ROW (child);
      if ((found = find_entry_row (child, name)))
        return found;
    }

  return NULL;
}

static void
check_no_profile (gpointer data)
{
  Run *run = data;
  MsiOnboardingAssistant *assistant;
  MsiPreferencesWindow *preferences = NULL;
  g_autoptr(GPtrArray) texts = NULL;

  iterate_until (demo_ready, run, 60);
  open_link (run, "io.github.msiactions.setup:/invitation?service=https%3A%2F%2Factions.acme.example%2F"
                  "&token=q0Vb6nD3s-Jx_8uTzM2kYwP5eR1aLcH9oN7iF4gBdEh");
  assistant = wait_for_message (MSI_ONBOARDING_MESSAGE_NO_PROFILE);
  settle (300);
  texts = visible_texts (GTK_WIDGET (assistant));
  g_assert_true (texts_contain (texts, "actions.acme.example"));
  save_screenshot (GTK_WIDGET (assistant), "onboarding-link-no-profile.png");

  /* Set Up a Profile: the preferences, with the Sales account filled in;
   * nothing saved yet, the demo still in use. */
  gtk_widget_activate_action (GTK_WIDGET (assistant), "assistant.set-up-profile", NULL);
  iterate_until (preferences_shown, &preferences, 10);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_entry_row (GTK_WIDGET (preferences), "actions-url"))),
                   ==, "https://actions.acme.example");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_entry_row (GTK_WIDGET (preferences), "name"))),
                   ==, "actions.acme.example");
  g_assert_true (msi_profile_is_demo (msi_application_get_profile (run->app)));
  gtk_window_destroy (GTK_WINDOW (preferences));
}

static void
test_links (void)
{
  Run run = { .argv1 = "--demo", .check = check_links };
  Run no_profile = { .argv1 = "--demo", .check = check_no_profile };

  hide_all_windows ();
  run_app (&run);

  /* The same link from the command line: the demo profile is remembered. */
  {
    Run command_line = { .check = check_command_line_link };

    g_assert_nonnull (expired_link);
    command_line.argv1 = expired_link;
    hide_all_windows ();
    run_app (&command_line);
  }

  hide_all_windows ();
  run_app (&no_profile);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = msi_test_private_user_dirs ();

  g_setenv ("MSI_DEMO_TEST_HOOKS", "1", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  g_object_set (gtk_settings_get_default (), "gtk-decoration-layout", "appmenu:close", NULL);

  g_test_add_func ("/e2e/onboarding/outlook-path", test_outlook_path);
  g_test_add_func ("/e2e/onboarding/links", test_links);

  return g_test_run ();
}
