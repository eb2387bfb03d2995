/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-startup.c: cold start to first window and to the demo ready to
 * sign in, and the resident memory then. Run on demand: meson test --benchmark */

#define G_LOG_DOMAIN "bench-startup"

#include "config.h"

#include <stdio.h>
#include <unistd.h>

#include "msi-application.h"
#include "msi-window.h"

typedef struct
{
  MsiApplication *app;
  MsiWindow      *window;
  double          start_s;   /* process start, seconds since boot */
  double          mapped_s;
  double          ready_s;
  long            rss_kib;
} Bench;

static double
now_since_boot (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_BOOTTIME, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double
process_start_since_boot (void)
{
  g_autofree char *stat = NULL;
  g_auto(GStrv) fields = NULL;
  const char *after;

  /* Field 22 of /proc/self/stat, after the command in parentheses. */
  g_file_get_contents ("/proc/self/stat", &stat, NULL, NULL);
  after = strrchr (stat, ')');
  fields = g_strsplit (after + 2, " ", -1);
  return g_ascii_strtoull (fields[19], NULL, 10) / (double)sysconf (_SC_CLK_TCK);
}

static long
rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  g_file_get_contents ("/proc/self/status", &status, NULL, NULL);
  line = strstr (status, "VmRSS:");
  return line ? strtol (line + 6, NULL, 10) : -1;
}

/* The demo is ready when its server runs and the window offers to sign
 * in: the checklist itself needs a signed-in admin (bench-sign-in). */
static gboolean
poll_ready_cb (gpointer user_data)
{
  Bench *bench = user_data;
  MsiActionsAuth *auth = msi_application_get_auth (bench->app);

  if (bench->window == NULL || auth == NULL ||
      msi_application_get_state (bench->app) != MSI_APP_STATE_READY ||
      msi_actions_auth_get_state (auth) != MSI_AUTH_STATE_SIGNED_OUT ||
      !gtk_widget_get_mapped (GTK_WIDGET (bench->window)))
    return G_SOURCE_CONTINUE;

  bench->ready_s = now_since_boot ();
  bench->rss_kib = rss_kib ();
  g_application_quit (G_APPLICATION (bench->app));

  return G_SOURCE_REMOVE;
}

static void
mapped_cb (GtkWidget *widget,
           Bench     *bench)
{
  if (bench->mapped_s == 0)
    bench->mapped_s = now_since_boot ();
}

static void
window_added_cb (GtkApplication *app,
                 GtkWindow      *window,
                 Bench          *bench)
{
  if (!MSI_IS_WINDOW (window) || bench->window != NULL)
    return;

  bench->window = MSI_WINDOW (window);
  g_signal_connect (window, "map", G_CALLBACK (mapped_cb), bench);
  g_timeout_add (5, poll_ready_cb, bench);
}

int
main (int   argc,
      char *argv[])
{
  char *app_argv[] = { (char *)"msi-actions-setup", (char *)"--demo", NULL };
  Bench bench = { 0 };

  bench.start_s = process_start_since_boot ();
  bench.app = msi_application_new ();
  g_application_set_flags (G_APPLICATION (bench.app),
                           g_application_get_flags (G_APPLICATION (bench.app)) | G_APPLICATION_NON_UNIQUE);
  g_signal_connect (bench.app, "window-added", G_CALLBACK (window_added_cb), &bench);
  g_application_run (G_APPLICATION (bench.app), 2, app_argv);
  g_clear_object (&bench.app);

  if (bench.ready_s == 0)
    {
      g_printerr ("The demo did not get ready\n");
      return 1;
    }

  printf ("launch to first window: %.0f ms\n", (bench.mapped_s - bench.start_s) * 1000);
  printf ("launch to the demo ready to sign in (server started): %.0f ms\n", (bench.ready_s - bench.start_s) * 1000);
  printf ("resident memory then: %.1f MiB\n", bench.rss_kib / 1024.0);

  return 0;
}
