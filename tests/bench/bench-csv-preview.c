/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-csv-preview.c: how soon the window's CSV preview shows rows of a million-row file, and whether it ever freezes
 *
 * Starts the app in demo mode, signs in, opens the users page, writes a
 * 1,000,000-row invitation CSV (≈70 MB) to a temporary folder and hands
 * it to the preview as the file chooser would. Prints the time from the
 * choice to the first row drawn, to the whole file planned from the file
 * alone, and to the plan against the account; and the longest the main
 * loop went without running (a 5 ms timer's longest gap) meanwhile.
 * Run with `build-aux/test-session meson test --benchmark bench-csv-preview`;
 * give a row count as the first argument to try other sizes. */

#define G_LOG_DOMAIN "bench-csv-preview"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "common/msi-test-users.h"
#include "msi-application.h"
#include "msi-window.h"

static guint n_rows = 1000000;
static char *bench_home;

static const char * const given[] = { "Alex", "Sam", "Noor", "Jan", "Zoë", "Émile", "Kim", "Lotte" };
static const char * const family[] = { "Jansen", "de Vries", "O'Brien", "Müller", "Martin", "Bakker" };
static const char * const teams[] = { "Sales EMEA", "Inside Sales", "", "Sales Americas" };

static char *
write_file (guint64 *size)
{
  g_autofree char *path = g_build_filename (bench_home, "million.csv", NULL);
  FILE *out = fopen (path, "w");

  g_assert_nonnull (out);
  fputs ("Email,First Name,Last Name,Team,Title\r\n", out);
  for (guint i = 0; i < n_rows; i++)
    fprintf (out, "person%07u@bench.northwind.example,%s,%s,%s,%s\r\n", i,
             given[i % G_N_ELEMENTS (given)], family[(i / 8) % G_N_ELEMENTS (family)],
             teams[i % G_N_ELEMENTS (teams)], i % 3 == 0 ? "\"Manager, Sales\"" : "Account Executive");
  *size = (guint64)ftell (out);
  fclose (out);

  return g_steal_pointer (&path);
}

/* --- the main loop's longest gap -------------------------------------------------- */

static gint64 last_tick;
static gint64 longest_gap;

static gboolean
tick_cb (gpointer data)
{
  gint64 now = g_get_monotonic_time ();

  if (last_tick > 0)
    longest_gap = MAX (longest_gap, now - last_tick);
  last_tick = now;

  return G_SOURCE_CONTINUE;
}

static gboolean
auth_settled (gpointer data)
{
  Run *run = data;
  MsiActionsAuth *auth = run->app ? msi_application_get_auth (run->app) : NULL;

  return run->window != NULL && auth != NULL &&
         g_strcmp0 (msi_window_get_visible_page (run->window), "main") == 0 &&
         (msi_actions_auth_get_state (auth) == MSI_AUTH_STATE_SIGNED_IN ||
          msi_actions_auth_get_state (auth) == MSI_AUTH_STATE_SIGNED_OUT);
}

static gboolean
row_drawn (gpointer data)
{
  GtkWidget *dialog = data;
  GtkWidget *rows = msi_test_find_named (dialog, "rows");
  MsiInvitePlan *plan = msi_csv_import_dialog_get_plan (MSI_CSV_IMPORT_DIALOG (dialog));

  if (rows == NULL || !gtk_widget_get_mapped (rows) || plan == NULL)
    return FALSE;

  /* A row's box under the list view, drawn. */
  for (GtkWidget *child = gtk_widget_get_first_child (rows); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *box = gtk_widget_get_first_child (child);

      if (box != NULL && gtk_widget_has_css_class (box, "msi-list-row") && gtk_widget_get_mapped (box))
        return TRUE;
    }

  return FALSE;
}

static gboolean
file_planned (gpointer data)
{
  MsiInvitePlan *plan = msi_csv_import_dialog_get_plan (MSI_CSV_IMPORT_DIALOG (data));

  return plan != NULL && !msi_invite_plan_get_loading (plan) && msi_invite_plan_get_n_rows (plan) == n_rows;
}

static void
run_bench (gpointer data)
{
  Run *run = data;
  MsiActionsAuth *auth;
  MsiUsersPage *page;
  MsiCsvImportDialog *dialog;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  guint64 size = 0;
  gint64 start, first_row, planned, checked;
  gint64 gap_first, gap_planned;
  guint tick;

  iterate_until (auth_settled, run, 60);
  auth = msi_application_get_auth (run->app);
  if (msi_actions_auth_get_state (auth) != MSI_AUTH_STATE_SIGNED_IN)
    msi_test_sign_in_directly (auth, "admin@northwind.example", "demo-admin");
  iterate_until (checklist_loaded, run, 60);
  gtk_widget_activate_action (GTK_WIDGET (run->window), "win.show-page", "s", "users");
  page = MSI_USERS_PAGE (msi_window_get_page (run->window, "users"));
  msi_test_wait_users_state (page, "list");

  path = write_file (&size);
  file = g_file_new_for_path (path);
  printf ("File: %u rows, %.1f MB\n", n_rows, size / 1e6);
  settle (500);

  tick = g_timeout_add (5, tick_cb, NULL);
  longest_gap = 0;
  start = last_tick = g_get_monotonic_time ();
  dialog = msi_users_page_open_csv (page, file);
  iterate_until (row_drawn, dialog, 120);
  first_row = g_get_monotonic_time ();
  gap_first = longest_gap;
  iterate_until (file_planned, dialog, 300);
  planned = g_get_monotonic_time ();
  gap_planned = longest_gap;
  iterate_until (csv_plan_ready, dialog, 600);
  checked = g_get_monotonic_time ();
  g_source_remove (tick);

  printf ("Chosen → first row drawn:                 %7.1f ms (target ≤ 100 ms)\n", (first_row - start) / 1000.0);
  printf ("Chosen → every row planned from the file:  %7.1f ms\n", (planned - start) / 1000.0);
  printf ("Chosen → planned against the account:      %7.1f ms\n", (checked - start) / 1000.0);
  printf ("Longest main-loop gap until the first row: %7.1f ms\n", gap_first / 1000.0);
  printf ("Longest main-loop gap until planned:       %7.1f ms\n", gap_planned / 1000.0);
  printf ("Longest main-loop gap overall:             %7.1f ms\n", longest_gap / 1000.0);
  printf ("Ready rows: %u of %u\n", msi_invite_plan_get_n_ready (msi_csv_import_dialog_get_plan (dialog)),
          msi_invite_plan_get_n_rows (msi_csv_import_dialog_get_plan (dialog)));

  gtk_window_destroy (GTK_WINDOW (dialog));
  g_unlink (path);
}

int
main (int   argc,
      char *argv[])
{
  Run run = { .argv1 = "--demo", .check = run_bench };

  bench_home = msi_test_private_user_dirs ();
  g_setenv ("MSI_DEMO_TEST_HOOKS", "1", TRUE);

  if (argc > 1)
    n_rows = (guint)MAX (1, atoi (argv[1]));

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      fprintf (stderr, "No display: run under build-aux/test-session\n");
      return 77;
    }

  run_app (&run);
  remove_tree (bench_home);

  return 0;
}
