/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-onboarding-nl.c: the onboarding in Dutch (LANGUAGE=nl): on every
 * page of the assistant, the demo mailbox, the link pages and the rep's
 * profile, no text on screen is English the catalog translates */

#define G_LOG_DOMAIN "test-onboarding-nl"

#include "config.h"

#include "common/msi-test-catalog.h"
#include "common/msi-test-walk.h"
#include "msi-onboarding-email-page.h"
#include "msi-onboarding-signature-page.h"
#include "msi-profile-page.h"

static MsiTestCatalog *catalog;
static GPtrArray *english;  /* "page: “text” ← “msgid”" */

/* Everything on screen in @widget, held against the catalog. */
static void
check_dutch (GtkWidget  *widget,
             const char *where)
{
  g_autoptr(GPtrArray) texts = NULL;
  g_autoptr(GPtrArray) left = NULL;

  settle (300);
  texts = visible_texts (widget);
  g_assert_cmpuint (texts->len, >, 0);
  left = msi_test_catalog_english_left (catalog, texts);
  for (guint i = 0; i < left->len; i++)
    {
      char *line = g_strdup_printf ("%s: %s", where, (char *)g_ptr_array_index (left, i));

      g_test_message ("English left on %s", line);
      g_ptr_array_add (english, line);
    }
}

static void
check_page (Walk       *walk,
            const char *page)
{
  walk_wait_page (walk, page);
  check_dutch (GTK_WIDGET (walk->assistant), page);
  walk_screenshot (walk, GTK_WIDGET (walk->assistant), page);
}

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

static void
check_onboarding_in_dutch (gpointer data)
{
  Run *run = data;
  Walk walk;
  MsiDemoMailbox *mailbox = NULL;
  MsiOnboardingPage *page;
  MsiOnboardingAssistant *assistant;
  MsiConsentDialog *dialog = NULL;
  MsiProfile *profile;
  g_autofree char *expired = NULL;
  guint index = G_MAXUINT;

  /* Translated at all: a string of the sources comes back in Dutch. */
  g_assert_cmpstr (_("_Preferences"), !=, "_Preferences");

  iterate_until (demo_ready, run, 60);
  iterate_until (sign_in_page_shown, run, 60);
  profile = msi_application_get_profile (run->app);
  walk_init (&walk, run, "onboarding-nl");

  /* A link that has expired. */
  expired = outbox_link (profile, "priya.raman@northwind.example");
  open_link (run, expired);
  assistant = wait_for_message (MSI_ONBOARDING_MESSAGE_INVITATION_EXPIRED);
  check_dutch (GTK_WIDGET (assistant), "expired link");
  walk_screenshot (&walk, GTK_WIDGET (assistant), "expired");
  gtk_widget_set_visible (GTK_WIDGET (assistant), FALSE);

  /* The demo mailbox, and Riley's mail. */
  g_action_group_activate_action (G_ACTION_GROUP (run->app), "demo-mailbox", NULL);
  iterate_until (mailbox_loaded, &mailbox, 30);
  check_dutch (GTK_WIDGET (mailbox), "mailbox");
  for (guint i = 0; i < msi_demo_mailbox_get_n_messages (mailbox); i++)
    if (g_strcmp0 (msi_demo_mailbox_get_recipient (mailbox, i), RILEY_EMAIL) == 0)
      index = i;
  msi_demo_mailbox_open_message (mailbox, index);
  check_dutch (GTK_WIDGET (mailbox), "mailbox message");
  walk_screenshot (&walk, GTK_WIDGET (mailbox), "mailbox");
  gtk_widget_activate_action (GTK_WIDGET (mailbox), "mailbox.get-started", NULL);

  /* Every page of the assistant. */
  check_page (&walk, "activate");
  walk_next (&walk);
  iterate_until (consent_shown, &dialog, 30);
  check_dutch (GTK_WIDGET (dialog), "Salesforce consent window");
  walk_salesforce (&walk, RILEY_EMAIL, TRUE, FALSE);
  check_page (&walk, "start");
  walk_next (&walk);
  check_page (&walk, "features");
  walk_next (&walk);
  page = walk_wait_page (&walk, "email");
  msi_onboarding_email_page_choose (MSI_ONBOARDING_EMAIL_PAGE (page), MSI_EMAIL_CLIENT_OUTLOOK);
  check_page (&walk, "email");
  walk_next (&walk);
  walk_outlook (&walk, RILEY_EMAIL, TRUE, FALSE);
  check_page (&walk, "connected");
  walk_next (&walk);
  page = walk_wait_page (&walk, "signature");
  msi_signature_editor_set_markup (msi_onboarding_signature_page_get_editor (MSI_ONBOARDING_SIGNATURE_PAGE (page)),
                                   "**Riley Rep**\nNorthwind Traders");
  check_page (&walk, "signature");
  walk_next (&walk);
  check_page (&walk, "finish");
  walk_next (&walk);
  check_page (&walk, "tour");
  walk_next (&walk);
  settle (500);
  check_dutch (GTK_WIDGET (walk.assistant), "tour, second slide");
  walk_click (&walk, GTK_WIDGET (walk.assistant), "assistant.skip");
  check_page (&walk, "launch");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (msi_onboarding_assistant_get_current_page (walk.assistant)),
                                             "launch.salesforce", NULL));
  iterate_until (no_assistant_shown, NULL, 30);

  /* The rep's profile in the main window. */
  iterate_until (profile_page_loaded, run, 60);
  check_dutch (GTK_WIDGET (run->window), "profile");
  walk_screenshot (&walk, GTK_WIDGET (run->window), "profile");

  walk_clear (&walk);
}

static void
test_dutch (void)
{
  Run run = { .argv1 = "--demo", .check = check_onboarding_in_dutch };

  forget_demo_onboarding ();
  run_app (&run);

  for (guint i = 0; i < english->len; i++)
    g_printerr ("English left: %s\n", (char *)g_ptr_array_index (english, i));
  g_assert_cmpuint (english->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = msi_test_private_user_dirs ();
  int status;

  msi_test_use_dutch ();
  g_setenv ("MSI_DEMO_TEST_HOOKS", "1", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  g_object_set (gtk_settings_get_default (), "gtk-decoration-layout", "appmenu:close", NULL);
  catalog = msi_test_catalog_load ();
  english = g_ptr_array_new_with_free_func (g_free);

  g_test_add_func ("/e2e/onboarding-nl/no-english", test_dutch);

  status = g_test_run ();
  g_clear_pointer (&english, g_ptr_array_unref);
  g_clear_pointer (&catalog, msi_test_catalog_free);
  return status;
}
