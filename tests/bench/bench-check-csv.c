/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-check-csv.c: how long `--check-csv` takes on a million-row invitation file, and how soon the window shows rows
 *
 * Writes a 1,000,000-row invitation CSV (≈70 MB: e-mail, first name, last
 * name, team, title; some fields quoted with separators and doubled
 * quotes, a few duplicates and invalid addresses) to a temporary folder,
 * then runs `msi-actions-setup --check-csv FILE --json` and the table form
 * as child processes several times, printing the wall time and peak
 * memory (wait4) of each run. Then loads the file with
 * msi_invite_plan_load_async() as the window does and prints the time to
 * the first rows (the first items-changed) and to the end.
 * Run with `meson test --benchmark bench-check-csv`; give a row count as a
 * second argument to try other sizes. */

#define G_LOG_DOMAIN "bench-check-csv"

#include "config.h"

#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "msi-invite-plan.h"

#define RUNS 5
#define LOAD_RUNS 3

/* Targets from the issue. */
#define TARGET_SECONDS 0.25
#define TARGET_RSS_MB 200.0
#define TARGET_FIRST_ROWS_MS 100.0

static const char * const first_names[] = {
  "Alex", "Sam", "Noor", "Jan", "Zoë", "Émile", "Kim", "Lotte", "Max", "Sophie", "Daan", "Emma",
  "Liam", "Mila", "Finn", "Sara", "Ravi", "Yuki", "Olga", "Pieter",
};
static const char * const last_names[] = {
  "Jansen", "de Vries", "O'Brien", "Müller", "Martin", "Smith", "Bakker", "Visser", "Peeters",
  "Dubois", "van den Berg", "Nguyen", "Kowalski", "García", "Rossi", "Novak",
};
static const char * const teams[] = {
  "Sales", "Support", "Marketing", "Engineering", "Finance", "Everyone", "Operations", "Legal",
};
static const char * const titles[] = {
  "Account Executive", "\"Manager, Sales\"", "Engineer", "\"VP \"\"Growth\"\"\"", "Analyst",
  "\"Director, EMEA\"", "Intern", "\"Lead \"\"Key\"\" Accounts, Benelux\"", "SDR",
};

static void
ascii_lower_name (GString    *out,
                  const char *name)
{
  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x80 && g_ascii_isalnum (c))
        g_string_append_c (out, g_ascii_tolower (c));
      else if (c == 0xEB || c == 0xE9 || c == 0xC9)
        g_string_append_c (out, 'e');
      else if (c == 0xFC)
        g_string_append_c (out, 'u');
      else if (c == 0xED)
        g_string_append_c (out, 'i');
    }
}

static char *
write_file (const char *dir,
            guint       n_rows,
            guint64    *size)
{
  g_autofree char *path = g_build_filename (dir, "invite.csv", NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (2024);
  GString *row = g_string_sized_new (256);
  FILE *file = fopen (path, "w");

  g_assert_nonnull (file);
  setvbuf (file, NULL, _IOFBF, 1 << 20);
  fputs ("Email,First name,Last name,Team,Title\r\n", file);
  for (guint i = 0; i < n_rows; i++)
    {
      guint kind = g_rand_int_range (rand, 0, 1000);
      guint number = i;
      const char *first, *last;

      g_string_truncate (row, 0);
      /* About 0.2 % repeat an earlier address, 0.3 % are not addresses. */
      if (kind < 2 && i > 10)
        number = g_rand_int_range (rand, 0, i);
      first = first_names[number % G_N_ELEMENTS (first_names)];
      last = last_names[(number / G_N_ELEMENTS (first_names)) % G_N_ELEMENTS (last_names)];
      ascii_lower_name (row, first);
      g_string_append_c (row, '.');
      ascii_lower_name (row, last);
      g_string_append_printf (row, "%u", number);
      if (kind == 2 || kind == 3)
        g_string_append (row, "@example");
      else
        g_string_append (row, kind == 4 ? "@@example.com" : "@example.com");
      g_string_append_printf (row, ",%s,", first);
      if (strchr (last, ' ') != NULL)
        g_string_append_printf (row, "\"%s\"", last);
      else
        g_string_append (row, last);
      g_string_append_printf (row, ",%s,%s\r\n",
                              teams[g_rand_int_range (rand, 0, G_N_ELEMENTS (teams))],
                              titles[g_rand_int_range (rand, 0, G_N_ELEMENTS (titles))]);
      fwrite (row->str, 1, row->len, file);
    }
  *size = ftell (file);
  fclose (file);
  g_string_free (row, TRUE);
  return g_steal_pointer (&path);
}

/* Runs @argv with its output thrown away; returns the wall time (s) and
 * the peak resident memory (MB) and exit status. */
static double
run_child (char * const *argv,
           double       *rss_mb,
           int          *status)
{
  struct rusage usage;
  gint64 start = g_get_monotonic_time ();
  pid_t pid = fork ();
  int wstatus = 0;

  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      int null = open ("/dev/null", O_WRONLY);

      dup2 (null, STDOUT_FILENO);
      execv (argv[0], argv);
      _exit (127);
    }
  g_assert_cmpint (wait4 (pid, &wstatus, 0, &usage), ==, pid);
  *rss_mb = usage.ru_maxrss / 1024.0;
  *status = WIFEXITED (wstatus) ? WEXITSTATUS (wstatus) : -1;
  return (g_get_monotonic_time () - start) / 1e6;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static void
bench_command (const char *program,
               const char *path,
               gboolean    json)
{
  char *argv[] = { (char *) program, (char *) "--check-csv", (char *) path, json ? (char *) "--json" : NULL, NULL };
  double times[RUNS], peak = 0;
  int status = -1;

  for (guint run = 0; run < RUNS; run++)
    {
      double rss;

      times[run] = run_child (argv, &rss, &status);
      peak = MAX (peak, rss);
    }
  qsort (times, RUNS, sizeof times[0], compare_doubles);
  printf ("--check-csv%s: median %.3f s, best %.3f s, worst %.3f s; peak RSS %.1f MB; exit %d"
          "  [targets ≤ %.2f s, ≤ %.0f MB: %s]\n",
          json ? " --json" : " (table)", times[RUNS / 2], times[0], times[RUNS - 1], peak, status,
          TARGET_SECONDS, TARGET_RSS_MB,
          times[RUNS / 2] <= TARGET_SECONDS && peak <= TARGET_RSS_MB ? "met" : "NOT MET");
  fflush (stdout);
}

typedef struct
{
  gint64   start;
  gint64   first_rows;
  guint    first_n;
  guint    batches;
  gboolean done;
} LoadTimes;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    user_data)
{
  LoadTimes *times = user_data;

  times->batches++;
  if (times->first_rows == 0)
    {
      times->first_rows = g_get_monotonic_time ();
      times->first_n = g_list_model_get_n_items (model);
      /* What the window does with the first rows: make the visible ones. */
      for (guint i = 0; i < MIN (times->first_n, 40); i++)
        g_object_unref (g_list_model_get_item (model, i));
    }
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  LoadTimes *times = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (msi_invite_plan_load_finish (MSI_INVITE_PLAN (object), result, &error));
  g_assert_no_error (error);
  times->done = TRUE;
}

static void
bench_window_load (const char *path)
{
  double first[LOAD_RUNS], total[LOAD_RUNS];
  guint n_rows = 0, batches = 0, first_n = 0;

  for (guint run = 0; run < LOAD_RUNS; run++)
    {
      g_autoptr(MsiInviteDirectory) directory = msi_invite_directory_new (100, 20);
      g_autoptr(MsiInvitePlan) plan = msi_invite_plan_new (directory);
      LoadTimes times = { 0, };

      g_signal_connect (plan, "items-changed", G_CALLBACK (items_changed_cb), &times);
      times.start = g_get_monotonic_time ();
      msi_invite_plan_load_async (plan, path, NULL, loaded_cb, &times);
      while (!times.done)
        g_main_context_iteration (NULL, TRUE);
      first[run] = (times.first_rows - times.start) / 1000.0;
      total[run] = (g_get_monotonic_time () - times.start) / 1000.0;
      n_rows = msi_invite_plan_get_n_rows (plan);
      batches = times.batches;
      first_n = times.first_n;
    }
  qsort (first, LOAD_RUNS, sizeof first[0], compare_doubles);
  qsort (total, LOAD_RUNS, sizeof total[0], compare_doubles);
  printf ("window: first %u rows shown after %.1f ms (worst %.1f ms), all %u rows after %.0f ms in %u batches"
          "  [target ≤ %.0f ms: %s]\n",
          first_n, first[LOAD_RUNS / 2], first[LOAD_RUNS - 1], n_rows, total[LOAD_RUNS / 2], batches,
          TARGET_FIRST_ROWS_MS, first[LOAD_RUNS - 1] <= TARGET_FIRST_ROWS_MS ? "met" : "NOT MET");
  fflush (stdout);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  guint n_rows = 1000000;
  guint64 size = 0;
  gint64 start;

  if (argc < 2)
    {
      fprintf (stderr, "Usage: %s PATH-TO-msi-actions-setup [ROWS]\n", argv[0]);
      return 1;
    }
  if (argc > 2)
    n_rows = atoi (argv[2]);

  dir = g_dir_make_tmp ("bench-check-csv-XXXXXX", &error);
  g_assert_no_error (error);
  start = g_get_monotonic_time ();
  path = write_file (dir, n_rows, &size);
  printf ("file: %u rows, %.1f MB, written in %.2f s\n", n_rows, size / 1e6,
          (g_get_monotonic_time () - start) / 1e6);
  fflush (stdout);

  bench_command (argv[1], path, TRUE);
  bench_command (argv[1], path, FALSE);
  bench_window_load (path);

  g_unlink (path);
  g_rmdir (dir);
  return 0;
}
