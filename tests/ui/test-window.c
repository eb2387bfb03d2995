/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-window.c: the main window in demo mode, under Xvfb, with real widgets */

#define G_LOG_DOMAIN "test-window"

#include "config.h"

#include "common/msi-test-steps.h"
#include "common/msi-test-ui.h"

#include "msi-application.h"
#include "msi-checklist-page.h"
#include "msi-preferences-window.h"
#include "msi-setup-step.h"
#include "msi-window.h"

/* --- demo mode: signed out, the sign-in page ---------------------------------- */

static gboolean
main_page_shown (gpointer data)
{
  Run *run = data;

  return run->window != NULL &&
         gtk_widget_get_mapped (GTK_WIDGET (run->window)) &&
         g_strcmp0 (msi_window_get_visible_page (run->window), "main") == 0 &&
         msi_application_get_auth (run->app) != NULL &&
         msi_actions_auth_get_state (msi_application_get_auth (run->app)) == MSI_AUTH_STATE_SIGNED_OUT;
}

static void
check_demo_signed_out (gpointer data)
{
  Run *run = data;

  iterate_until (main_page_shown, run, 60);
  g_test_message ("Launch to the demo's sign-in page: %.0f ms",
                  (g_get_monotonic_time () - run->started_us) / 1000.0);

  /* Signed out, the admin pages are out of reach: no checklist request. */
  g_assert_cmpint (msi_checklist_page_get_state (MSI_CHECKLIST_PAGE (msi_window_get_checklist_page (run->window))),
                   ==, MSI_CHECKLIST_STATE_EMPTY);

  /* The choice is remembered for the next start. */
  {
    g_autofree char *active = g_settings_get_string (msi_application_get_settings (run->app), "active-profile");

    g_assert_cmpstr (active, ==, "demo");
  }
}

static void
test_demo_signed_out (void)
{
  Run run = { .argv1 = "--demo", .check = check_demo_signed_out };

  run_app (&run);
}

/* --- first start: the welcome page ------------------------------------------ */

static void
check_welcome (gpointer data)
{
  Run *run = data;

  iterate_until (welcome_shown, run, 30);
  settle (300);
  save_screenshot (GTK_WIDGET (run->window), "welcome.png");

  /* "Try the demo" from the welcome page leads to the demo's sign-in. */
  g_action_group_activate_action (G_ACTION_GROUP (run->app), "try-demo", NULL);
  iterate_until (main_page_shown, run, 60);
}

static void
test_first_start_welcome (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.msiactions.Setup");
  Run run = { .argv1 = NULL, .check = check_welcome };

  g_settings_reset (settings, "active-profile");
  run_app (&run);
  g_assert_cmpstr (g_settings_get_string (settings, "active-profile"), ==, "demo");
}

/* --- preferences: a custom profile ----------------------------------------- */

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
check_preferences (gpointer data)
{
  Run *run = data;
  MsiPreferencesWindow *preferences;
  g_autoptr(GError) error = NULL;
  GSettings *settings;
  AdwEntryRow *url_row;
  g_auto(GStrv) profiles = NULL;

  iterate_until (main_page_shown, run, 60);
  settings = msi_application_get_settings (run->app);

  preferences = msi_preferences_window_new (run->app);
  gtk_window_set_transient_for (GTK_WINDOW (preferences), GTK_WINDOW (run->window));
  gtk_window_present (GTK_WINDOW (preferences));
  settle (300);

  gtk_editable_set_text (GTK_EDITABLE (find_entry_row (GTK_WIDGET (preferences), "name")), "Acme");
  url_row = find_entry_row (GTK_WIDGET (preferences), "actions-url");
  gtk_editable_set_text (GTK_EDITABLE (url_row), "http://sales.acme.example");
  gtk_editable_set_text (GTK_EDITABLE (find_entry_row (GTK_WIDGET (preferences), "actions-client-id")), "msi-desktop");

  /* Plain http to a remote host is refused, the field is marked, nothing
   * is stored and the demo stays active. */
  g_assert_false (msi_preferences_window_save (preferences, &error));
  g_assert_error (error, MSI_PROFILE_ERROR, MSI_PROFILE_ERROR_INSECURE_URL);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (url_row), "error"));
  profiles = g_settings_get_strv (settings, "profiles");
  g_assert_cmpuint (g_strv_length (profiles), ==, 0);
  g_assert_true (msi_profile_is_demo (msi_application_get_profile (run->app)));
  settle (200);
  save_screenshot (GTK_WIDGET (preferences), "preferences-error.png");
  g_clear_error (&error);

  /* Fixed: saved, and the custom profile becomes the active one. */
  gtk_editable_set_text (GTK_EDITABLE (url_row), "https://sales.acme.example/");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (url_row), "error"));
  g_assert_true (msi_preferences_window_save (preferences, &error));
  g_assert_no_error (error);
  g_clear_pointer (&profiles, g_strfreev);
  profiles = g_settings_get_strv (settings, "profiles");
  g_assert_true (g_strv_contains ((const char * const *)profiles, "custom"));
  g_assert_cmpstr (msi_profile_get_actions_url (msi_application_get_profile (run->app)), ==,
                   "https://sales.acme.example");
  g_assert_cmpstr (g_settings_get_string (settings, "active-profile"), ==, "custom");

  gtk_window_destroy (GTK_WINDOW (preferences));
  /* Back to the demo for the next test. */
  g_settings_set_strv (settings, "profiles", NULL);
  g_settings_reset (settings, "active-profile");
}

static void
test_preferences_profile (void)
{
  Run run = { .argv1 = "--demo", .check = check_preferences };

  run_app (&run);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = msi_test_private_user_dirs ();

  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_test_skip ("No display: run under build-aux/check");
      return g_test_run ();
    }

  g_test_add_func ("/window/demo-signed-out", test_demo_signed_out);
  g_test_add_func ("/window/first-start-welcome", test_first_start_welcome);
  g_test_add_func ("/window/preferences-profile", test_preferences_profile);

  return g_test_run ();
}
