/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-marketo-admins.c: how long "Find Marketo Admins" takes against the demo instance
 *
 * Starts the demo server, then lists the Marketo users and their roles
 * with MsiMarketoClient five times (a new client each time, so each run
 * asks Identity for a token too) and prints the times. Set
 * MSI_DEMO_LATENCY_MS to add a network round trip to every reply.
 * Run with `meson test --benchmark bench-marketo-admins`. */

#define G_LOG_DOMAIN "bench-marketo-admins"

#include "config.h"

#include <string.h>

#include "msi-marketo-client.h"

#define RUNS 5

static void
listed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GListModel **users = user_data;
  g_autoptr(GError) error = NULL;

  *users = msi_marketo_client_list_users_finish (MSI_MARKETO_CLIENT (object), result, &error);
  g_assert_no_error (error);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return (x > y) - (x < y);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) stream = NULL;
  g_autoptr(MsiMarketoCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_autofree char *base_url = NULL;
  g_autofree char *data_dir = g_dir_make_tmp ("bench-marketo-XXXXXX", NULL);
  double times[RUNS];
  guint admins = 0, users = 0;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("MSI_DEMO_SERVER"),
                                         "--data-dir", data_dir, NULL);
  g_assert_no_error (error);
  stream = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  line = g_data_input_stream_read_line_utf8 (stream, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (line != NULL && g_str_has_prefix (line, "READY "));
  base_url = g_strconcat (line + strlen ("READY "), "/marketo", NULL);
  credentials = msi_marketo_credentials_new ("284-RPR-133", "3f1c9a52-7be0-4d2a-9c41-5e8b2d7f6a10",
                                             "Qm7tK2vX9pL4sR8wN1cZ6yB3hF5jD0aE");

  for (guint run = 0; run < RUNS; run++)
    {
      g_autoptr(MsiMarketoClient) client = msi_marketo_client_new (NULL, base_url, credentials);
      g_autoptr(GListModel) listed = NULL;
      gint64 start = g_get_monotonic_time ();

      msi_marketo_client_list_users_async (client, NULL, listed_cb, &listed);
      while (listed == NULL)
        g_main_context_iteration (NULL, TRUE);
      times[run] = (g_get_monotonic_time () - start) / 1000.0;

      users = g_list_model_get_n_items (listed);
      admins = 0;
      for (guint i = 0; i < users; i++)
        {
          g_autoptr(MsiMarketoUser) user = g_list_model_get_item (listed, i);

          admins += msi_marketo_user_get_is_admin (user);
        }
    }

  qsort (times, RUNS, sizeof times[0], compare_doubles);
  g_print ("Listed %u users (%u admins) %d times, demo latency %s ms per reply\n",
           users, admins, RUNS, g_getenv ("MSI_DEMO_LATENCY_MS") ? g_getenv ("MSI_DEMO_LATENCY_MS") : "0");
  g_print ("token + users + roles: min %.0f ms, median %.0f ms, max %.0f ms\n",
           times[0], times[RUNS / 2], times[RUNS - 1]);

  g_output_stream_close (g_subprocess_get_stdin_pipe (process), NULL, NULL);
  g_subprocess_wait (process, NULL, NULL);

  return 0;
}
