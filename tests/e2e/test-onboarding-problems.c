/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-onboarding-problems.c: what stops an onboarding, explained before
 * the person is stuck: a Salesforce e-mail that is not the Sales
 * account's, a Salesforce profile without API Enabled, Deny at each
 * consent (Salesforce, Outlook, Gmail), and a link opened while someone
 * else is signed in */

#define G_LOG_DOMAIN "test-onboarding-problems"

#include "config.h"

#include "common/msi-test-onboarding.h"
#include "common/msi-test-walk.h"
#include "msi-browser-consent-dialog.h"
#include "msi-onboarding-activate-page.h"
#include "msi-onboarding-email-page.h"
#include "msi-profile-page.h"

#define LENA_EMAIL            "lena.hoffmann@northwind.example"
#define LENA_SALESFORCE       "l.hoffmann@northwind-crm.example"
#define TOMAS_EMAIL           "tomas.eriksen@northwind.example"

static SoupSession *browser;

typedef struct
{
  MsiOnboardingMessage  message;
  const char           *page;
} PageOrMessage;

static gboolean
page_or_message (gpointer data)
{
  PageOrMessage *wait = data;
  MsiOnboardingAssistant *assistant = find_assistant ();

  if (assistant == NULL || msi_onboarding_assistant_get_busy (assistant))
    return FALSE;

  return msi_onboarding_assistant_get_message (assistant) == wait->message ||
         g_strcmp0 (msi_onboarding_assistant_get_page_name (assistant), wait->page) == 0;
}

/* Opens @link; when someone else is signed in, the assistant asks first:
 * Sign Out and Continue. */
static void
open_as_invited (Walk       *walk,
                 const char *link)
{
  PageOrMessage wait = { MSI_ONBOARDING_MESSAGE_OTHER_ACCOUNT, "activate" };
  MsiOnboardingAssistant *assistant;

  forget_sign_ins ();
  open_link (walk->run, link);
  iterate_until (page_or_message, &wait, 60);
  assistant = find_assistant ();
  if (msi_onboarding_assistant_get_message (assistant) == MSI_ONBOARDING_MESSAGE_OTHER_ACCOUNT)
    walk_click (walk, GTK_WIDGET (assistant), "assistant.switch-account");
  walk_wait_page (walk, "activate");
}

/* --- Salesforce with another e-mail ------------------------------------------ */

static void
check_mismatch (gpointer data)
{
  Run *run = data;
  Walk walk;
  MsiOnboardingActivatePage *page;
  MsiConsentDialog *dialog = NULL;
  g_autofree char *link = NULL;
  g_autoptr(GPtrArray) texts = NULL;

  iterate_until (demo_ready, run, 60);
  walk_init (&walk, run, "onboarding-mismatch");
  link = outbox_link (msi_application_get_profile (run->app), LENA_EMAIL);
  open_as_invited (&walk, link);

  walk_next (&walk);
  walk_salesforce (&walk, LENA_SALESFORCE, TRUE, FALSE);
  page = MSI_ONBOARDING_ACTIVATE_PAGE (walk_wait_page (&walk, "activate"));

  /* The two addresses side by side, and what to do. */
  g_assert_cmpstr (msi_onboarding_activate_page_get_problem (page), ==, "mismatch");
  settle (300);
  texts = visible_texts (GTK_WIDGET (walk.assistant));
  g_assert_true (texts_contain (texts, "The E-mail Addresses Differ"));
  g_assert_true (texts_contain (texts, LENA_EMAIL));
  g_assert_true (texts_contain (texts, LENA_SALESFORCE));
  walk_screenshot (&walk, GTK_WIDGET (walk.assistant), "activate");

  /* Another Salesforce user: Salesforce asks who signs in this time. */
  walk_click (&walk, GTK_WIDGET (page), "activate.switch-user");
  iterate_until (consent_shown, &dialog, 30);
  wait_for_element (dialog, "password");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "consent.cancel", NULL);
  iterate_until (no_consent_shown, NULL, 10);
  walk_wait_page (&walk, "activate");

  walk_clear (&walk);
}

static void
test_mismatch (void)
{
  Run run = { .argv1 = "--demo", .check = check_mismatch };

  hide_all_windows ();
  run_app (&run);
}

/* --- Salesforce without API Enabled -------------------------------------- */

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

static void
check_api_disabled (gpointer data)
{
  Run *run = data;
  Walk walk;
  MsiOnboardingActivatePage *page;
  g_autofree char *link = NULL;
  g_autofree char *copied = NULL;
  const char *message;
  const char *mail;

  iterate_until (demo_ready, run, 60);
  walk_init (&walk, run, "onboarding-api-disabled");
  link = outbox_link (msi_application_get_profile (run->app), TOMAS_EMAIL);
  open_as_invited (&walk, link);

  walk_next (&walk);
  walk_salesforce (&walk, TOMAS_EMAIL, TRUE, FALSE);
  page = MSI_ONBOARDING_ACTIVATE_PAGE (walk_wait_page (&walk, "activate"));
  g_assert_cmpstr (msi_onboarding_activate_page_get_problem (page), ==, "api-disabled");
  message = msi_onboarding_activate_page_get_admin_message (page);
  g_assert_nonnull (strstr (message, TOMAS_EMAIL));
  g_assert_nonnull (strstr (message, "API Enabled"));
  walk_screenshot (&walk, GTK_WIDGET (walk.assistant), "activate");

  /* The message for the admin: copied, or in a new mail. */
  gtk_widget_activate_action (GTK_WIDGET (page), "activate.copy-message", NULL);
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (page)), NULL, clipboard_cb, &copied);
  iterate_until (text_arrived, &copied, 10);
  g_assert_cmpstr (copied, ==, message);
  gtk_widget_activate_action (GTK_WIDGET (page), "activate.mail-message", NULL);
  g_assert_cmpuint (walk.opened->len, ==, 1);
  mail = g_ptr_array_index (walk.opened, 0);
  g_assert_true (g_str_has_prefix (mail, "mailto:"));
  g_assert_nonnull (strstr (mail, "subject="));
  g_assert_nonnull (strstr (mail, "body="));

  /* Nothing goes on until the profile is fixed. */
  g_assert_cmpstr (msi_onboarding_assistant_get_page_name (walk.assistant), ==, "activate");
  walk_clear (&walk);
}

static void
test_api_disabled (void)
{
  Run run = { .argv1 = "--demo", .check = check_api_disabled };

  hide_all_windows ();
  run_app (&run);
}

/* --- Deny at each consent ---------------------------------------------------- */

static gboolean
browser_dialog_gone (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (MSI_IS_BROWSER_CONSENT_DIALOG (window) && gtk_widget_get_mapped (GTK_WIDGET (window)))
        return FALSE;
    }

  return TRUE;
}

typedef struct
{
  Walk  *walk;
  guint  before;
} OpenedMore;

static gboolean
opened_more (gpointer data)
{
  OpenedMore *wait = data;

  return wait->walk->opened->len > wait->before;
}

static void
check_deny (gpointer data)
{
  Run *run = data;
  Walk walk;
  MsiOnboardingPage *page;
  g_autofree char *link = NULL;
  g_autoptr(MsiTestBrowse) browse = NULL;
  g_autoptr(GPtrArray) texts = NULL;
  const char *url;

  iterate_until (demo_ready, run, 60);
  walk_init (&walk, run, "onboarding-deny");
  link = outbox_link (msi_application_get_profile (run->app), RILEY_EMAIL);
  open_as_invited (&walk, link);

  /* Salesforce: Deny; said on the page; then Allow. */
  walk_next (&walk);
  walk_salesforce (&walk, RILEY_EMAIL, FALSE, FALSE);
  page = walk_wait_page (&walk, "activate");
  g_assert_cmpstr (msi_onboarding_activate_page_get_problem (MSI_ONBOARDING_ACTIVATE_PAGE (page)), ==, "other");
  settle (300);
  texts = visible_texts (GTK_WIDGET (walk.assistant));
  g_assert_true (texts_contain (texts, "Access Was Not Allowed"));
  g_clear_pointer (&texts, g_ptr_array_unref);
  walk_screenshot (&walk, GTK_WIDGET (walk.assistant), "salesforce");
  walk_next (&walk);
  walk_salesforce (&walk, RILEY_EMAIL, TRUE, FALSE);
  walk_wait_page (&walk, "start");
  walk_next (&walk);
  walk_wait_page (&walk, "features");
  walk_next (&walk);

  /* Outlook: Deny; said above the page; then Allow. */
  page = walk_wait_page (&walk, "email");
  msi_onboarding_email_page_choose (MSI_ONBOARDING_EMAIL_PAGE (page), MSI_EMAIL_CLIENT_OUTLOOK);
  walk_next (&walk);
  walk_outlook (&walk, RILEY_EMAIL, FALSE, FALSE);
  page = walk_wait_page (&walk, "email");
  g_assert_nonnull (msi_onboarding_page_get_error (page));
  g_assert_nonnull (strstr (msi_onboarding_page_get_error (page), "Outlook was not connected"));
  walk_screenshot (&walk, GTK_WIDGET (walk.assistant), "outlook");
  walk_next (&walk);
  walk_outlook (&walk, RILEY_EMAIL, TRUE, FALSE);
  walk_wait_page (&walk, "connected");

  /* Back, and Gmail instead: Deny in the browser ends the waiting. */
  walk_click (&walk, GTK_WIDGET (walk.assistant), "assistant.back");
  page = walk_wait_page (&walk, "email");
  msi_onboarding_email_page_choose (MSI_ONBOARDING_EMAIL_PAGE (page), MSI_EMAIL_CLIENT_GMAIL);
  walk_next (&walk);
  {
    OpenedMore wait = { &walk, walk.opened->len };

    iterate_until (opened_more, &wait, 30);
    url = g_ptr_array_index (walk.opened, wait.before);
  }
  browse = msi_test_browse (browser, url, RILEY_EMAIL, GMAIL_PASSWORD, FALSE);
  g_assert_cmpstr (browse->outcome, ==, "cancelled");
  iterate_until (browser_dialog_gone, NULL, 30);
  page = walk_wait_page (&walk, "email");
  g_assert_nonnull (msi_onboarding_page_get_error (page));
  g_assert_nonnull (strstr (msi_onboarding_page_get_error (page), "Gmail was not connected"));
  walk_screenshot (&walk, GTK_WIDGET (walk.assistant), "gmail");

  walk_clear (&walk);
}

static void
test_deny (void)
{
  Run run = { .argv1 = "--demo", .check = check_deny };

  hide_all_windows ();
  run_app (&run);
}

/* --- a link while someone else is signed in ---------------------------- */

static gboolean
profile_continue_offered (gpointer data)
{
  Run *run = data;
  GtkWidget *page;

  if (run->window == NULL || g_strcmp0 (msi_window_get_content_page (run->window), "profile") != 0)
    return FALSE;
  page = msi_window_get_page (run->window, "profile");
  return gtk_widget_get_mapped (page) && !msi_profile_page_get_loading (MSI_PROFILE_PAGE (page)) &&
         msi_profile_page_get_onboarding_shown (MSI_PROFILE_PAGE (page));
}

static void
check_other_account (gpointer data)
{
  Run *run = data;
  Walk walk;
  MsiOnboardingAssistant *assistant;
  g_autofree char *link = NULL;
  g_autoptr(GPtrArray) texts = NULL;

  iterate_until (demo_ready, run, 60);
  iterate_until (sign_in_page_shown, run, 60);
  sign_in_with_password (run, "admin@northwind.example", "demo-admin", FALSE);
  walk_init (&walk, run, "onboarding-other-account");

  link = demo_invite (msi_application_get_profile (run->app), "dana.demo@northwind.example", "Dana Demo", FALSE);
  open_link (run, link);
  assistant = wait_for_message (MSI_ONBOARDING_MESSAGE_OTHER_ACCOUNT);
  settle (300);
  texts = visible_texts (GTK_WIDGET (assistant));
  g_assert_true (texts_contain (texts, "admin@northwind.example"));
  g_assert_true (texts_contain (texts, "dana.demo@northwind.example"));
  walk_screenshot (&walk, GTK_WIDGET (assistant), "message");

  walk_click (&walk, GTK_WIDGET (assistant), "assistant.switch-account");
  walk_wait_page (&walk, "activate");
  g_assert_cmpstr (msi_actions_auth_get_user_email (msi_application_get_auth (run->app)), ==,
                   "dana.demo@northwind.example");

  /* Closed half-way: the main window is Dana's profile, which offers to
   * continue; that reopens the assistant where she was. */
  gtk_window_close (GTK_WINDOW (walk.assistant));
  iterate_until (no_assistant_shown, NULL, 10);
  iterate_until (profile_continue_offered, run, 60);
  walk_screenshot (&walk, GTK_WIDGET (run->window), "profile");
  g_action_group_activate_action (G_ACTION_GROUP (run->app), "continue-onboarding", NULL);
  walk_wait_page (&walk, "activate");
  walk_clear (&walk);
}

static void
test_other_account (void)
{
  Run run = { .argv1 = "--demo", .check = check_other_account };

  hide_all_windows ();
  forget_demo_onboarding ();
  run_app (&run);
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

  g_test_add_func ("/e2e/onboarding-problems/other-account", test_other_account);
  g_test_add_func ("/e2e/onboarding-problems/mismatch", test_mismatch);
  g_test_add_func ("/e2e/onboarding-problems/api-disabled", test_api_disabled);
  g_test_add_func ("/e2e/onboarding-problems/deny", test_deny);

  status = g_test_run ();
  g_clear_object (&browser);
  return status;
}
