/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-onboarding-gmail.c: the onboarding with Gmail, whose consent runs
 * in the system browser (played here by a plain HTTP client that follows
 * the authorization URL), the waiting window's Copy Link and Cancel; the
 * app quit on the signature page, and the onboarding resumed there */

#define G_LOG_DOMAIN "test-onboarding-gmail"

#include "config.h"

#include "common/msi-test-onboarding.h"
#include "common/msi-test-walk.h"
#include "msi-browser-consent-dialog.h"
#include "msi-onboarding-email-page.h"
#include "msi-onboarding-signature-page.h"

static SoupSession *browser;

static gboolean
browser_dialog_shown (gpointer data)
{
  MsiBrowserConsentDialog **dialog = data;
  GListModel *toplevels = gtk_window_get_toplevels ();

  *dialog = NULL;
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (MSI_IS_BROWSER_CONSENT_DIALOG (window) && gtk_widget_get_mapped (GTK_WIDGET (window)))
        *dialog = MSI_BROWSER_CONSENT_DIALOG (window);
    }

  return *dialog != NULL;
}

static gboolean
no_browser_dialog (gpointer data)
{
  MsiBrowserConsentDialog *dialog = NULL;

  return !browser_dialog_shown (&dialog);
}

static void
clipboard_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(char **)user_data = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, NULL);
}

static gboolean
text_arrived (gpointer data)
{
  return *(char **)data != NULL;
}

/* Gmail chosen on the e-mail page, Next: the browser opens Google's
 * sign-in and the app waits. Returns the waiting window. */
static MsiBrowserConsentDialog *
start_gmail (Walk *walk)
{
  MsiOnboardingPage *page = walk_wait_page (walk, "email");
  MsiBrowserConsentDialog *dialog = NULL;
  guint opened = walk->opened->len;

  walk->clicks++;
  msi_onboarding_email_page_choose (MSI_ONBOARDING_EMAIL_PAGE (page), MSI_EMAIL_CLIENT_GMAIL);
  walk_next (walk);
  iterate_until (browser_dialog_shown, &dialog, 30);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (walk->assistant));

  /* The browser was asked to open Google's authorization URL, once. */
  g_assert_cmpuint (walk->opened->len, ==, opened + 1);
  g_assert_cmpstr (g_ptr_array_index (walk->opened, opened), ==, msi_browser_consent_dialog_get_url (dialog));
  g_assert_true (msi_onboarding_assistant_get_busy (walk->assistant));

  return dialog;
}

static void
check_gmail_until_signature (gpointer data)
{
  Run *run = data;
  Walk walk;
  MsiBrowserConsentDialog *dialog;
  MsiProfile *profile;
  g_autofree char *link = NULL;
  g_autofree char *copied = NULL;
  g_autoptr(MsiTestBrowse) browse = NULL;
  g_autoptr(GPtrArray) texts = NULL;
  MsiOnboardingPage *page;
  gint64 allowed_us;

  iterate_until (demo_ready, run, 60);
  profile = msi_application_get_profile (run->app);
  walk_init (&walk, run, "onboarding-gmail");

  link = outbox_link (profile, RILEY_EMAIL);
  open_link (run, link);
  walk_wait_page (&walk, "activate");
  walk_next (&walk);
  walk_salesforce (&walk, RILEY_EMAIL, TRUE, FALSE);
  walk_wait_page (&walk, "start");
  walk_next (&walk);
  walk_wait_page (&walk, "features");
  walk_next (&walk);

  /* Cancel while waiting (Escape's action): the page stays, free again. */
  dialog = start_gmail (&walk);
  walk_screenshot (&walk, GTK_WIDGET (dialog), "waiting");
  gtk_widget_activate_action (GTK_WIDGET (walk.assistant), "assistant.cancel", NULL);
  iterate_until (no_browser_dialog, NULL, 10);
  page = walk_wait_page (&walk, "email");
  g_assert_null (msi_onboarding_page_get_error (page));

  /* Again; Copy Link gives the address the browser was asked to open. */
  dialog = start_gmail (&walk);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "browser-consent.copy-link", NULL);
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (dialog)), NULL, clipboard_cb, &copied);
  iterate_until (text_arrived, &copied, 10);
  g_assert_cmpstr (copied, ==, msi_browser_consent_dialog_get_url (dialog));

  /* In the browser: Google's e-mail page, password page, Allow. */
  browse = msi_test_browse (browser, msi_browser_consent_dialog_get_url (dialog), RILEY_EMAIL, GMAIL_PASSWORD, TRUE);
  g_assert_cmpstr (browse->outcome, ==, "connected");
  g_assert_true (msi_test_browse_went_through (browse, "email", "password", "consent", NULL));
  allowed_us = g_get_monotonic_time ();

  /* The app sees the service's connection by itself. */
  iterate_until (no_browser_dialog, NULL, 30);
  walk_wait_page (&walk, "connected");
  g_test_message ("Allow in the browser → the app goes on: %.1f s",
                  (g_get_monotonic_time () - allowed_us) / (double)G_USEC_PER_SEC);
  settle (300);
  texts = visible_texts (GTK_WIDGET (walk.assistant));
  g_assert_true (texts_contain (texts, "Gmail address " RILEY_EMAIL));
  walk_screenshot (&walk, GTK_WIDGET (walk.assistant), "connected");
  walk_next (&walk);

  /* The signature page: then the app is quit. */
  walk_wait_page (&walk, "signature");
  {
    g_autoptr(JsonObject) stored = demo_user (profile, RILEY_EMAIL);
    JsonObject *onboarding = json_object_get_object_member (stored, "onboarding");

    g_assert_cmpstr (json_object_get_string_member (onboarding, "step"), ==, "signature");
    g_assert_cmpstr (json_object_get_string_member (onboarding, "emailClient"), ==, "gmail");
  }
  walk_clear (&walk);
}

static gboolean
signed_in_rep (gpointer data)
{
  Run *run = data;
  MsiActionsAuth *auth = run->app ? msi_application_get_auth (run->app) : NULL;

  return auth != NULL && msi_actions_auth_get_state (auth) == MSI_AUTH_STATE_SIGNED_IN;
}

static void
check_resume (gpointer data)
{
  Run *run = data;
  Walk walk;
  MsiOnboardingPage *page;
  MsiSignatureEditor *editor;
  g_autofree char *step = NULL;

  /* Opening the app again: it signs in by itself and resumes at the
   * signature, with no link. */
  walk_init (&walk, run, "onboarding-gmail-resumed");
  iterate_until (signed_in_rep, run, 60);
  page = walk_wait_page (&walk, "signature");
  g_assert_null (run->window);
  walk_screenshot (&walk, GTK_WIDGET (walk.assistant), "signature");

  editor = msi_onboarding_signature_page_get_editor (MSI_ONBOARDING_SIGNATURE_PAGE (page));
  msi_signature_editor_set_markup (editor, "*Riley* Rep\n[Northwind](https://northwind.example)");
  walk_next (&walk);
  walk_wait_page (&walk, "finish");
  walk_next (&walk);

  /* The tour, every slide. */
  page = walk_wait_page (&walk, "tour");
  for (guint i = 0; i < 4; i++)
    {
      walk_next (&walk);
      settle (500);
      g_assert_cmpstr (msi_onboarding_assistant_get_page_name (walk.assistant), ==, "tour");
    }
  walk_next (&walk);
  walk_wait_page (&walk, "launch");
  walk.clicks++;
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (msi_onboarding_assistant_get_current_page (walk.assistant)),
                                             "launch.web-app", NULL));
  iterate_until (no_assistant_shown, NULL, 30);
  g_assert_cmpstr (g_ptr_array_index (walk.opened, walk.opened->len - 1), ==,
                   msi_profile_get_actions_url (msi_application_get_profile (run->app)));

  {
    g_autoptr(JsonObject) stored = demo_user (msi_application_get_profile (run->app), RILEY_EMAIL);

    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (stored, "onboarding"), "step"),
                     ==, "done");
  }
  {
    g_autoptr(GSettings) settings = msi_application_dup_profile_settings (run->app, "demo");

    step = g_settings_get_string (settings, "onboarding-step");
    g_assert_cmpstr (step, ==, "done");
  }
  walk_clear (&walk);
}

static void
test_gmail_quit_and_resume (void)
{
  Run first = { .argv1 = "--demo", .check = check_gmail_until_signature };
  Run second = { .argv1 = "--demo", .check = check_resume };

  hide_all_windows ();
  forget_demo_onboarding ();
  run_app (&first);
  hide_all_windows ();
  run_app (&second);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = msi_test_private_user_dirs ();
  int status;

  g_setenv ("MSI_DEMO_TEST_HOOKS", "1", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  g_object_set (gtk_settings_get_default (), "gtk-decoration-layout", "appmenu:close", NULL);
  browser = new_session ();

  g_test_add_func ("/e2e/onboarding-gmail/quit-and-resume", test_gmail_quit_and_resume);

  status = g_test_run ();
  g_clear_object (&browser);
  return status;
}
