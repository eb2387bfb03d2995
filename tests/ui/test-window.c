/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-window.c: the main window in demo mode, under Xvfb, with real widgets */

#define G_LOG_DOMAIN "test-window"

#include "config.h"

#include "common/msi-test-steps.h"

#include "msi-application.h"
#include "msi-checklist-page.h"
#include "msi-preferences-window.h"
#include "msi-setup-step.h"
#include "msi-window.h"

typedef struct
{
  MsiApplication *app;
  MsiWindow      *window;
  const char     *argv1;
  void          (*check) (gpointer data);
  gboolean        checked;
  gint64          started_us;
} Run;

static void
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  const char *dir = g_getenv ("MSI_TEST_LOG_DIR");
  g_autofree char *path = NULL;
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));

  if (dir == NULL)
    dir = g_get_tmp_dir ();
  g_mkdir_with_parents (dir, 0755);
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Screenshot: %s", path);
}

static void
iterate_until (gboolean (*done) (gpointer),
               gpointer   data,
               guint      seconds)
{
  gint64 end = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (!done (data))
    {
      if (g_get_monotonic_time () > end)
        g_error ("Timed out after %u s", seconds);
      g_main_context_iteration (NULL, TRUE);
    }
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *)data;
}

static gboolean
set_flag_cb (gpointer data)
{
  *(gboolean *)data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Lets GTK lay out and draw for @ms milliseconds. */
static void
settle (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, set_flag_cb, &done);
  iterate_until (flag_set, &done, 10);
}

static gboolean
checklist_loaded (gpointer data)
{
  Run *run = data;
  MsiChecklistPage *page;

  if (run->window == NULL)
    return FALSE;
  page = MSI_CHECKLIST_PAGE (msi_window_get_checklist_page (run->window));

  if (msi_checklist_page_get_state (page) == MSI_CHECKLIST_STATE_ERROR)
    g_error ("The checklist failed to load");

  return msi_checklist_page_get_state (page) == MSI_CHECKLIST_STATE_LOADED &&
         gtk_widget_get_mapped (GTK_WIDGET (page));
}

static gboolean
welcome_shown (gpointer data)
{
  Run *run = data;

  return run->window != NULL &&
         gtk_widget_get_mapped (GTK_WIDGET (run->window)) &&
         g_strcmp0 (msi_window_get_visible_page (run->window), "welcome") == 0;
}

static void
window_added_cb (GtkApplication *app,
                 GtkWindow      *window,
                 Run            *run)
{
  if (MSI_IS_WINDOW (window) && run->window == NULL)
    run->window = MSI_WINDOW (window);
}

static gboolean
run_check_cb (gpointer data)
{
  Run *run = data;

  run->check (run);
  run->checked = TRUE;
  g_application_quit (G_APPLICATION (run->app));

  return G_SOURCE_REMOVE;
}

static void
run_app (Run *run)
{
  char *argv[] = { (char *)"msi-actions-setup", (char *)run->argv1, NULL };
  int status;

  run->app = msi_application_new ();
  /* Tests may run beside a real instance: no D-Bus name. */
  g_application_set_flags (G_APPLICATION (run->app),
                           g_application_get_flags (G_APPLICATION (run->app)) | G_APPLICATION_NON_UNIQUE);
  g_signal_connect (run->app, "window-added", G_CALLBACK (window_added_cb), run);
  g_idle_add (run_check_cb, run);

  run->started_us = g_get_monotonic_time ();
  status = g_application_run (G_APPLICATION (run->app), run->argv1 ? 2 : 1, argv);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (run->checked);
  g_clear_object (&run->app);
}

/* --- demo mode: the live checklist ------------------------------------------ */

static void
check_demo_checklist (gpointer data)
{
  Run *run = data;
  MsiChecklistPage *page;
  GtkListBox *list;
  guint n_rows = 0;
  gint64 loaded_us;

  iterate_until (checklist_loaded, run, 60);
  loaded_us = g_get_monotonic_time ();
  g_test_message ("Launch to loaded checklist: %.0f ms", (loaded_us - run->started_us) / 1000.0);

  g_assert_cmpstr (msi_window_get_visible_page (run->window), ==, "main");
  page = MSI_CHECKLIST_PAGE (msi_window_get_checklist_page (run->window));
  list = msi_checklist_page_get_list (page);

  /* Seven rows, in the admin guide's order, each with its persona and a
   * status read from the demo server (nothing done in a new demo). */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      g_autofree char *persona_prefix = NULL;
      const char *subtitle;

      if (!ADW_IS_ACTION_ROW (child))
        continue;
      g_assert_cmpuint (n_rows, <, G_N_ELEMENTS (msi_test_expected_steps));
      g_assert_cmpstr (gtk_widget_get_name (child), ==, msi_test_expected_steps[n_rows].id);
      subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (child));
      g_assert_true (g_str_has_prefix (subtitle, msi_test_expected_steps[n_rows].persona));
      if (g_str_equal (msi_test_expected_steps[n_rows].persona, "Marketo Admin"))
        g_assert_false (g_str_has_prefix (subtitle, "Marketo Admin or"));
      g_assert_nonnull (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child)));
      n_rows++;
    }
  g_assert_cmpuint (n_rows, ==, MSI_SETUP_N_STEPS);
  g_assert_cmpuint (msi_setup_steps_count_done (msi_checklist_page_get_steps (page)), ==, 0);

  /* The choice is remembered for the next start. */
  {
    g_autofree char *active = g_settings_get_string (msi_application_get_settings (run->app), "active-profile");

    g_assert_cmpstr (active, ==, "demo");
  }

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

  /* Reload keeps the rows on screen and reads them again. */
  gtk_widget_activate_action (GTK_WIDGET (run->window), "win.reload", NULL);
  iterate_until (checklist_loaded, run, 30);
}

static void
test_demo_checklist (void)
{
  Run run = { .argv1 = "--demo", .check = check_demo_checklist };

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

  /* "Try the demo" from the welcome page leads to the live checklist. */
  g_action_group_activate_action (G_ACTION_GROUP (run->app), "try-demo", NULL);
  iterate_until (checklist_loaded, run, 60);
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

  iterate_until (checklist_loaded, run, 60);
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
  g_autofree char *home = NULL;

  /* Private user directories for the app and the demo server it starts,
   * but the system's data directories stay visible: GTK needs the MIME
   * database and icon themes from there (G_TEST_OPTION_ISOLATE_DIRS would
   * hide them). */
  home = g_dir_make_tmp ("msi-test-window-XXXXXX", NULL);
  g_assert_nonnull (home);
  for (guint i = 0; i < 4; i++)
    {
      static const char *vars[] = { "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME" };
      g_autofree char *dir = g_build_filename (home, vars[i], NULL);

      g_mkdir_with_parents (dir, 0700);
      g_setenv (vars[i], dir, TRUE);
    }

  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_test_skip ("No display: run under build-aux/check");
      return g_test_run ();
    }

  g_test_add_func ("/window/demo-checklist", test_demo_checklist);
  g_test_add_func ("/window/first-start-welcome", test_first_start_welcome);
  g_test_add_func ("/window/preferences-profile", test_preferences_profile);

  return g_test_run ();
}
