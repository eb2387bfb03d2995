/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-test-ui.h: running the real application in a UI test, waiting for it, screenshots */

#pragma once

#include "msi-application.h"
#include "msi-checklist-page.h"
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

static G_GNUC_UNUSED void
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
  /* A widget that changed a moment ago may have nothing drawn yet: let
   * GTK draw a frame and try again. */
  for (guint attempt = 0; attempt < 100 && node == NULL; attempt++)
    {
      if (attempt > 0)
        {
          while (g_main_context_pending (NULL))
            g_main_context_iteration (NULL, FALSE);
          g_usleep (10 * 1000);
        }
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
    }
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

/* What was on screen when a test gave up, for the person reading the log. */
static G_GNUC_UNUSED void
save_toplevel_screenshots (const char *prefix)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);
      g_autofree char *name = g_strdup_printf ("%s-%u.png", prefix, i);

      if (gtk_widget_get_mapped (window) && gtk_widget_get_width (window) > 0)
        save_screenshot (window, name);
    }
}

static G_GNUC_UNUSED gboolean
iterate_tick_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static G_GNUC_UNUSED void
iterate_until (gboolean (*done) (gpointer),
               gpointer   data,
               guint      seconds)
{
  gint64 end = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;
  /* Wakes the loop now and then, so that the time-out is noticed even
   * when nothing else happens. */
  guint tick = g_timeout_add (100, iterate_tick_cb, NULL);

  while (!done (data))
    {
      if (g_get_monotonic_time () > end)
        {
          save_toplevel_screenshots ("timeout");
          g_error ("Timed out after %u s", seconds);
        }
      g_main_context_iteration (NULL, TRUE);
    }

  g_source_remove (tick);
}

static G_GNUC_UNUSED gboolean
flag_set (gpointer data)
{
  return *(gboolean *)data;
}

static G_GNUC_UNUSED gboolean
set_flag_cb (gpointer data)
{
  *(gboolean *)data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Lets GTK lay out and draw for @ms milliseconds. */
static G_GNUC_UNUSED void
settle (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, set_flag_cb, &done);
  iterate_until (flag_set, &done, 10);
}

static G_GNUC_UNUSED gboolean
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

static G_GNUC_UNUSED gboolean
welcome_shown (gpointer data)
{
  Run *run = data;

  return run->window != NULL &&
         gtk_widget_get_mapped (GTK_WIDGET (run->window)) &&
         g_strcmp0 (msi_window_get_visible_page (run->window), "welcome") == 0;
}

static G_GNUC_UNUSED void
window_added_cb (GtkApplication *app,
                 GtkWindow      *window,
                 Run            *run)
{
  if (MSI_IS_WINDOW (window) && run->window == NULL)
    run->window = MSI_WINDOW (window);
}

static G_GNUC_UNUSED gboolean
run_check_cb (gpointer data)
{
  Run *run = data;

  run->check (run);
  run->checked = TRUE;
  g_application_quit (G_APPLICATION (run->app));

  return G_SOURCE_REMOVE;
}

static G_GNUC_UNUSED void
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

/* Private user directories for the app and the demo server it starts,
 * while the system's data directories stay visible: GTK needs the MIME
 * database and icon themes from there (G_TEST_OPTION_ISOLATE_DIRS would
 * hide them). Call before anything reads the user directories. */
static inline char *
msi_test_private_user_dirs (void)
{
  static const char *vars[] = { "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME" };
  char *home = g_dir_make_tmp ("msi-test-XXXXXX", NULL);

  g_assert_nonnull (home);
  for (guint i = 0; i < G_N_ELEMENTS (vars); i++)
    {
      g_autofree char *dir = g_build_filename (home, vars[i], NULL);

      g_mkdir_with_parents (dir, 0700);
      g_setenv (vars[i], dir, TRUE);
    }

  return home;
}
