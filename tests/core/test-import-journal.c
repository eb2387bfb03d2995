/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-import-journal.c: imports are recorded before they are reported, survive a crash and resume where they stopped */

#define G_LOG_DOMAIN "test-import-journal"

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "msi-import-journal.h"

#define TEST_PROFILE "northwind"

/* The rows of a file with a header line: data row i is on line i + 2. */
static GPtrArray *
make_rows (guint n)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) msi_import_row_free);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *email = g_strdup_printf ("user%u@example.com", i);
      g_autofree char *first = g_strdup_printf ("First%u", i);

      g_ptr_array_add (rows, msi_import_row_new (i + 2, email, first,
                                                 i % 2 == 0 ? "Doe" : NULL,
                                                 i % 3 == 0 ? "Sales" : NULL,
                                                 i % 4 == 0 ? "Account “Executive”" : NULL));
    }

  return rows;
}

/* A journal file in the test's private directory. */
static char *
journal_path (const char *name)
{
  g_assert_no_errno (g_mkdir_with_parents (g_get_user_cache_dir (), 0700));
  return g_build_filename (g_get_user_cache_dir (), name, NULL);
}

static MsiImportJournal *
open_journal (const char *path)
{
  g_autoptr(GError) error = NULL;
  MsiImportJournal *journal = msi_import_journal_open (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (journal);

  return journal;
}

static MsiImportRow *
outcome (guint              line,
         MsiImportRowState  state,
         const char        *reason)
{
  MsiImportRow *row = msi_import_row_new (line, "", NULL, NULL, NULL, NULL);

  row->state = state;
  row->reason = g_strdup (reason);

  return row;
}

static GPtrArray *
outcomes_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) msi_import_row_free);
}

static gint64
begin_import (MsiImportJournal *journal,
              const char       *profile,
              const char       *file_name,
              guint             n_rows)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = make_rows (n_rows);
  const char * const teams[] = { "Sales", "Support EMEA", NULL };
  gint64 id;

  id = msi_import_journal_begin (journal, profile, file_name, n_rows + 3, 3, teams, rows, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  return id;
}

static void
test_default_path (void)
{
  g_autoptr(MsiImportJournal) journal = open_journal (NULL);
  g_autofree char *expected = g_build_filename (g_get_user_data_dir (), "msi-actions-setup",
                                                "imports.sqlite3", NULL);
  g_autofree char *dir = g_path_get_dirname (expected);
  GStatBuf st;

  g_assert_cmpstr (msi_import_journal_get_path (journal), ==, expected);

  /* Names and addresses of colleagues: for the user only. */
  g_assert_cmpint (g_stat (dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  g_assert_cmpint (g_stat (expected, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
}

static void
test_begin_and_read (void)
{
  g_autofree char *path = journal_path ("begin.sqlite3");
  g_autoptr(MsiImportJournal) journal = open_journal (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = make_rows (6);
  g_autoptr(GPtrArray) read = NULL;
  g_autoptr(MsiImportSummary) summary = NULL;
  g_autoptr(GDateTime) before = g_date_time_new_now_utc ();
  const char * const teams[] = { "Sales", "Support EMEA", NULL };
  gint64 id;

  /* Planned out of order, with a state that begin ignores. */
  g_ptr_array_add (rows, g_ptr_array_steal_index (rows, 0));
  ((MsiImportRow *) g_ptr_array_index (rows, 2))->state = MSI_IMPORT_ROW_INVITED;

  id = msi_import_journal_begin (journal, TEST_PROFILE, "people.csv", 10, 4, teams, rows, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  read = msi_import_journal_dup_rows (journal, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (read->len, ==, 6);
  for (guint i = 0; i < read->len; i++)
    {
      const MsiImportRow *row = g_ptr_array_index (read, i);
      g_autofree char *email = g_strdup_printf ("user%u@example.com", i);
      g_autofree char *first = g_strdup_printf ("First%u", i);

      g_assert_cmpuint (row->line, ==, i + 2);
      g_assert_cmpstr (row->email, ==, email);
      g_assert_cmpstr (row->first_name, ==, first);
      g_assert_cmpstr (row->last_name, ==, i % 2 == 0 ? "Doe" : NULL);
      g_assert_cmpstr (row->team, ==, i % 3 == 0 ? "Sales" : NULL);
      g_assert_cmpstr (row->title, ==, i % 4 == 0 ? "Account “Executive”" : NULL);
      g_assert_cmpint (row->state, ==, MSI_IMPORT_ROW_PENDING);
      g_assert_null (row->reason);
    }

  summary = msi_import_journal_dup_summary (journal, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (summary->id, ==, id);
  g_assert_cmpstr (summary->profile, ==, TEST_PROFILE);
  g_assert_cmpstr (summary->file_name, ==, "people.csv");
  g_assert_cmpint (summary->state, ==, MSI_IMPORT_RUNNING);
  g_assert_nonnull (summary->started_at);
  g_assert_cmpint (g_date_time_compare (summary->started_at, before), >=, 0);
  g_assert_null (summary->finished_at);
  g_assert_cmpuint (summary->n_file_rows, ==, 10);
  g_assert_cmpuint (summary->n_not_ready, ==, 4);
  g_assert_cmpuint (summary->n_rows, ==, 6);
  g_assert_cmpuint (summary->n_invited, ==, 0);
  g_assert_cmpuint (summary->n_already_invited, ==, 0);
  g_assert_cmpuint (summary->n_failed, ==, 0);
  g_assert_cmpuint (summary->n_unsettled, ==, 6);
  g_assert_cmpstrv (summary->teams, teams);

  g_assert_cmpint (msi_import_journal_find_interrupted (journal, TEST_PROFILE, &error), ==, id);
  g_assert_no_error (error);
}

static void
assert_counts (MsiImportJournal *journal,
               gint64            id,
               guint             invited,
               guint             already,
               guint             failed,
               guint             unsettled)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsiImportSummary) summary = msi_import_journal_dup_summary (journal, id, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (summary->n_invited, ==, invited);
  g_assert_cmpuint (summary->n_already_invited, ==, already);
  g_assert_cmpuint (summary->n_failed, ==, failed);
  g_assert_cmpuint (summary->n_unsettled, ==, unsettled);
  g_assert_cmpuint (summary->n_rows, ==, invited + already + failed + unsettled);
}

static MsiImportRowState
row_state (MsiImportJournal *journal,
           gint64            id,
           guint             line)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = msi_import_journal_dup_rows (journal, id, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < rows->len; i++)
    {
      const MsiImportRow *row = g_ptr_array_index (rows, i);

      if (row->line == line)
        return row->state;
    }

  g_assert_not_reached ();
}

static void
test_lifecycle (void)
{
  g_autofree char *path = journal_path ("lifecycle.sqlite3");
  g_autoptr(MsiImportJournal) journal = open_journal (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) outcomes = outcomes_new ();
  g_autoptr(GPtrArray) rest = outcomes_new ();
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(MsiImportSummary) summary = NULL;
  const guint first_chunk[] = { 2, 3, 4, 5 };
  gint64 id = begin_import (journal, TEST_PROFILE, "a.csv", 6);

  g_assert_true (msi_import_journal_mark_sent (journal, id, first_chunk, G_N_ELEMENTS (first_chunk), &error));
  g_assert_no_error (error);
  g_assert_cmpint (row_state (journal, id, 2), ==, MSI_IMPORT_ROW_SENT);
  g_assert_cmpint (row_state (journal, id, 6), ==, MSI_IMPORT_ROW_PENDING);
  assert_counts (journal, id, 0, 0, 0, 6);

  g_ptr_array_add (outcomes, outcome (2, MSI_IMPORT_ROW_INVITED, NULL));
  g_ptr_array_add (outcomes, outcome (3, MSI_IMPORT_ROW_ALREADY_INVITED, NULL));
  g_ptr_array_add (outcomes, outcome (4, MSI_IMPORT_ROW_FAILED, "The seat limit of 100 users is reached."));
  g_assert_true (msi_import_journal_record (journal, id, outcomes, &error));
  g_assert_no_error (error);
  assert_counts (journal, id, 1, 1, 1, 3);

  rows = msi_import_journal_dup_rows (journal, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (((MsiImportRow *) rows->pdata[0])->state, ==, MSI_IMPORT_ROW_INVITED);
  g_assert_cmpint (((MsiImportRow *) rows->pdata[1])->state, ==, MSI_IMPORT_ROW_ALREADY_INVITED);
  g_assert_cmpint (((MsiImportRow *) rows->pdata[2])->state, ==, MSI_IMPORT_ROW_FAILED);
  g_assert_cmpstr (((MsiImportRow *) rows->pdata[2])->reason, ==, "The seat limit of 100 users is reached.");
  g_assert_cmpint (((MsiImportRow *) rows->pdata[3])->state, ==, MSI_IMPORT_ROW_SENT);
  g_assert_cmpint (((MsiImportRow *) rows->pdata[4])->state, ==, MSI_IMPORT_ROW_PENDING);

  /* Not finished while rows have no outcome. */
  g_assert_false (msi_import_journal_set_state (journal, id, MSI_IMPORT_FINISHED, &error));
  g_assert_error (error, MSI_IMPORT_JOURNAL_ERROR, MSI_IMPORT_JOURNAL_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "3 rows have no outcome yet"));
  g_clear_error (&error);

  /* Cancelled: resumable, with a time, not interrupted. */
  g_assert_true (msi_import_journal_set_state (journal, id, MSI_IMPORT_CANCELLED, &error));
  g_assert_no_error (error);
  summary = msi_import_journal_dup_summary (journal, id, &error);
  g_assert_cmpint (summary->state, ==, MSI_IMPORT_CANCELLED);
  g_assert_nonnull (summary->finished_at);
  g_clear_pointer (&summary, msi_import_summary_free);
  g_assert_cmpint (msi_import_journal_find_interrupted (journal, TEST_PROFILE, &error), ==, 0);
  g_assert_no_error (error);

  /* Resumed, then every row settled. */
  g_assert_true (msi_import_journal_set_state (journal, id, MSI_IMPORT_RUNNING, &error));
  summary = msi_import_journal_dup_summary (journal, id, &error);
  g_assert_cmpint (summary->state, ==, MSI_IMPORT_RUNNING);
  g_assert_null (summary->finished_at);
  g_clear_pointer (&summary, msi_import_summary_free);

  /* A failed row can be retried and invited after all. */
  g_ptr_array_add (rest, outcome (4, MSI_IMPORT_ROW_INVITED, NULL));
  g_ptr_array_add (rest, outcome (5, MSI_IMPORT_ROW_INVITED, NULL));
  g_ptr_array_add (rest, outcome (6, MSI_IMPORT_ROW_INVITED, NULL));
  g_ptr_array_add (rest, outcome (7, MSI_IMPORT_ROW_FAILED, "Unknown team “Sales”."));
  g_assert_true (msi_import_journal_record (journal, id, rest, &error));
  g_assert_no_error (error);
  assert_counts (journal, id, 4, 1, 1, 0);

  g_assert_true (msi_import_journal_set_state (journal, id, MSI_IMPORT_FINISHED, &error));
  g_assert_no_error (error);
  summary = msi_import_journal_dup_summary (journal, id, &error);
  g_assert_cmpint (summary->state, ==, MSI_IMPORT_FINISHED);
  g_assert_nonnull (summary->finished_at);
  g_assert_cmpint (g_date_time_compare (summary->finished_at, summary->started_at), >=, 0);
  g_clear_pointer (&summary, msi_import_summary_free);

  /* Forgotten, with its rows. */
  g_assert_true (msi_import_journal_delete (journal, id, &error));
  g_assert_no_error (error);
  g_assert_null (msi_import_journal_dup_summary (journal, id, &error));
  g_assert_error (error, MSI_IMPORT_JOURNAL_ERROR, MSI_IMPORT_JOURNAL_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (msi_import_journal_dup_rows (journal, id, &error));
  g_assert_error (error, MSI_IMPORT_JOURNAL_ERROR, MSI_IMPORT_JOURNAL_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (msi_import_journal_delete (journal, id, &error));
  g_assert_error (error, MSI_IMPORT_JOURNAL_ERROR, MSI_IMPORT_JOURNAL_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* The rows are gone from the file too, not just hidden. */
  {
    sqlite3 *db = NULL;
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM import_rows", -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 0);
    sqlite3_finalize (stmt);
    sqlite3_close (db);
  }
}

static void
test_settled_stays_settled (void)
{
  g_autofree char *path = journal_path ("settled.sqlite3");
  g_autoptr(MsiImportJournal) journal = open_journal (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) outcomes = outcomes_new ();
  const guint lines[] = { 2, 3 };
  gint64 id = begin_import (journal, TEST_PROFILE, "a.csv", 3);

  g_ptr_array_add (outcomes, outcome (2, MSI_IMPORT_ROW_INVITED, NULL));
  g_assert_true (msi_import_journal_record (journal, id, outcomes, &error));

  /* Marking an invited row sent again does not make it unsettled. */
  g_assert_true (msi_import_journal_mark_sent (journal, id, lines, G_N_ELEMENTS (lines), &error));
  g_assert_no_error (error);
  g_assert_cmpint (row_state (journal, id, 2), ==, MSI_IMPORT_ROW_INVITED);
  g_assert_cmpint (row_state (journal, id, 3), ==, MSI_IMPORT_ROW_SENT);
  g_assert_cmpint (row_state (journal, id, 4), ==, MSI_IMPORT_ROW_PENDING);

  /* Marking twice is harmless. */
  g_assert_true (msi_import_journal_mark_sent (journal, id, lines, G_N_ELEMENTS (lines), &error));
  g_assert_no_error (error);
  assert_counts (journal, id, 1, 0, 0, 2);

  /* Nothing to mark is fine. */
  g_assert_true (msi_import_journal_mark_sent (journal, id, NULL, 0, &error));
  g_assert_no_error (error);
}

static void
test_all_or_nothing (void)
{
  g_autofree char *path = journal_path ("atomic.sqlite3");
  g_autoptr(MsiImportJournal) journal = open_journal (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) outcomes = outcomes_new ();
  g_autoptr(GPtrArray) duplicated = make_rows (4);
  g_autoptr(GPtrArray) list = NULL;
  const guint lines[] = { 2, 3, 99 };
  gint64 id = begin_import (journal, TEST_PROFILE, "a.csv", 3);

  /* An outcome for a line the import does not have: none is written. */
  g_ptr_array_add (outcomes, outcome (2, MSI_IMPORT_ROW_INVITED, NULL));
  g_ptr_array_add (outcomes, outcome (3, MSI_IMPORT_ROW_INVITED, NULL));
  g_ptr_array_add (outcomes, outcome (42, MSI_IMPORT_ROW_INVITED, NULL));
  g_assert_false (msi_import_journal_record (journal, id, outcomes, &error));
  g_assert_error (error, MSI_IMPORT_JOURNAL_ERROR, MSI_IMPORT_JOURNAL_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "line 42"));
  g_clear_error (&error);
  assert_counts (journal, id, 0, 0, 0, 3);

  /* The same for marking rows sent. */
  g_assert_false (msi_import_journal_mark_sent (journal, id, lines, G_N_ELEMENTS (lines), &error));
  g_assert_error (error, MSI_IMPORT_JOURNAL_ERROR, MSI_IMPORT_JOURNAL_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "line 99"));
  g_clear_error (&error);
  g_assert_cmpint (row_state (journal, id, 2), ==, MSI_IMPORT_ROW_PENDING);

  /* Imports that do not exist. */
  g_assert_false (msi_import_journal_record (journal, id + 100, outcomes, &error));
  g_assert_error (error, MSI_IMPORT_JOURNAL_ERROR, MSI_IMPORT_JOURNAL_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (msi_import_journal_set_state (journal, id + 100, MSI_IMPORT_FINISHED, &error));
  g_assert_error (error, MSI_IMPORT_JOURNAL_ERROR, MSI_IMPORT_JOURNAL_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A plan with a line twice is refused whole: no half import. */
  ((MsiImportRow *) g_ptr_array_index (duplicated, 3))->line = 3;
  g_assert_cmpint (msi_import_journal_begin (journal, TEST_PROFILE, "b.csv", 4, 0, NULL, duplicated, &error), ==, 0);
  g_assert_error (error, MSI_IMPORT_JOURNAL_ERROR, MSI_IMPORT_JOURNAL_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "line 3 is planned twice"));
  g_clear_error (&error);

  list = msi_import_journal_list (journal, TEST_PROFILE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpint (((MsiImportSummary *) list->pdata[0])->id, ==, id);

  /* A running import cannot be forgotten. */
  g_assert_false (msi_import_journal_delete (journal, id, &error));
  g_assert_error (error, MSI_IMPORT_JOURNAL_ERROR, MSI_IMPORT_JOURNAL_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_cmpint (msi_import_journal_find_interrupted (journal, TEST_PROFILE, &error), ==, id);
}

static void
test_list_and_profiles (void)
{
  g_autofree char *path = journal_path ("list.sqlite3");
  g_autoptr(MsiImportJournal) journal = open_journal (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ours = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) none = NULL;
  gint64 first, second, third, other;

  first = begin_import (journal, TEST_PROFILE, "first.csv", 2);
  other = begin_import (journal, "contoso", "other.csv", 1);
  second = begin_import (journal, TEST_PROFILE, "second.csv", 3);
  third = begin_import (journal, TEST_PROFILE, "third.csv", 0);

  /* An import with no rows to send is finished at once. */
  g_assert_true (msi_import_journal_set_state (journal, third, MSI_IMPORT_FINISHED, &error));
  g_assert_no_error (error);

  ours = msi_import_journal_list (journal, TEST_PROFILE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ours->len, ==, 3);
  g_assert_cmpint (((MsiImportSummary *) ours->pdata[0])->id, ==, third);
  g_assert_cmpint (((MsiImportSummary *) ours->pdata[1])->id, ==, second);
  g_assert_cmpint (((MsiImportSummary *) ours->pdata[2])->id, ==, first);
  g_assert_cmpstr (((MsiImportSummary *) ours->pdata[1])->file_name, ==, "second.csv");
  g_assert_cmpuint (((MsiImportSummary *) ours->pdata[1])->n_rows, ==, 3);
  g_assert_cmpuint (((MsiImportSummary *) ours->pdata[0])->n_rows, ==, 0);

  all = msi_import_journal_list (journal, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 4);

  none = msi_import_journal_list (journal, "nobody", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->len, ==, 0);

  /* The newest running import of the profile. */
  g_assert_cmpint (msi_import_journal_find_interrupted (journal, TEST_PROFILE, &error), ==, second);
  g_assert_cmpint (msi_import_journal_find_interrupted (journal, "contoso", &error), ==, other);
  g_assert_cmpint (msi_import_journal_find_interrupted (journal, "nobody", &error), ==, 0);
  g_assert_no_error (error);
}

static void
test_reopen (void)
{
  g_autofree char *path = journal_path ("reopen.sqlite3");
  g_autoptr(MsiImportJournal) journal = open_journal (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) outcomes = outcomes_new ();
  g_autoptr(GPtrArray) before_rows = NULL;
  g_autoptr(GPtrArray) after_rows = NULL;
  g_autoptr(MsiImportSummary) before = NULL;
  g_autoptr(MsiImportSummary) after = NULL;
  const guint lines[] = { 4, 5 };
  gint64 id = begin_import (journal, TEST_PROFILE, "Équipe “Paris”.csv", 5);

  g_ptr_array_add (outcomes, outcome (2, MSI_IMPORT_ROW_INVITED, NULL));
  g_ptr_array_add (outcomes, outcome (3, MSI_IMPORT_ROW_FAILED, "Refusé : « adresse »"));
  g_assert_true (msi_import_journal_record (journal, id, outcomes, &error));
  g_assert_true (msi_import_journal_mark_sent (journal, id, lines, G_N_ELEMENTS (lines), &error));
  g_assert_no_error (error);

  before = msi_import_journal_dup_summary (journal, id, &error);
  before_rows = msi_import_journal_dup_rows (journal, id, &error);
  g_clear_object (&journal);

  journal = open_journal (path);
  after = msi_import_journal_dup_summary (journal, id, &error);
  after_rows = msi_import_journal_dup_rows (journal, id, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (after->file_name, ==, "Équipe “Paris”.csv");
  g_assert_cmpstr (after->profile, ==, before->profile);
  g_assert_true (g_date_time_equal (after->started_at, before->started_at));
  g_assert_cmpint (after->state, ==, MSI_IMPORT_RUNNING);
  g_assert_cmpuint (after->n_file_rows, ==, before->n_file_rows);
  g_assert_cmpuint (after->n_not_ready, ==, before->n_not_ready);
  g_assert_cmpuint (after->n_invited, ==, 1);
  g_assert_cmpuint (after->n_failed, ==, 1);
  g_assert_cmpuint (after->n_unsettled, ==, 3);
  g_assert_cmpstrv (after->teams, before->teams);

  g_assert_cmpuint (after_rows->len, ==, before_rows->len);
  for (guint i = 0; i < after_rows->len; i++)
    {
      const MsiImportRow *a = after_rows->pdata[i];
      const MsiImportRow *b = before_rows->pdata[i];

      g_assert_cmpuint (a->line, ==, b->line);
      g_assert_cmpstr (a->email, ==, b->email);
      g_assert_cmpstr (a->first_name, ==, b->first_name);
      g_assert_cmpstr (a->last_name, ==, b->last_name);
      g_assert_cmpstr (a->team, ==, b->team);
      g_assert_cmpstr (a->title, ==, b->title);
      g_assert_cmpint (a->state, ==, b->state);
      g_assert_cmpstr (a->reason, ==, b->reason);
    }
  g_assert_cmpstr (((MsiImportRow *) after_rows->pdata[1])->reason, ==, "Refusé : « adresse »");
  g_assert_cmpint (((MsiImportRow *) after_rows->pdata[2])->state, ==, MSI_IMPORT_ROW_SENT);
}

static void
test_row_copy (void)
{
  g_autoptr(MsiImportRow) row = msi_import_row_new (7, "a@x.com", "A", NULL, "Sales", NULL);
  g_autoptr(MsiImportRow) copy = NULL;

  row->state = MSI_IMPORT_ROW_FAILED;
  row->reason = g_strdup ("No.");
  copy = msi_import_row_copy (row);
  g_assert_true (copy != row);
  g_assert_cmpuint (copy->line, ==, 7);
  g_assert_cmpstr (copy->email, ==, "a@x.com");
  g_assert_cmpstr (copy->first_name, ==, "A");
  g_assert_null (copy->last_name);
  g_assert_cmpstr (copy->team, ==, "Sales");
  g_assert_null (copy->title);
  g_assert_cmpint (copy->state, ==, MSI_IMPORT_ROW_FAILED);
  g_assert_cmpstr (copy->reason, ==, "No.");
  g_assert_true (copy->reason != row->reason);
}

typedef struct
{
  MsiImportJournal *journal;
  gint64            id;
  guint             first_line;
  guint             n_lines;
} ThreadData;

static gpointer
record_one_by_one (gpointer user_data)
{
  ThreadData *data = user_data;

  for (guint line = data->first_line; line < data->first_line + data->n_lines; line++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) outcomes = outcomes_new ();

      g_assert_true (msi_import_journal_mark_sent (data->journal, data->id, &line, 1, &error));
      g_assert_no_error (error);
      g_ptr_array_add (outcomes, outcome (line, line % 2 ? MSI_IMPORT_ROW_INVITED : MSI_IMPORT_ROW_ALREADY_INVITED, NULL));
      g_assert_true (msi_import_journal_record (data->journal, data->id, outcomes, &error));
      g_assert_no_error (error);

      /* Reading while others write. */
      {
        g_autoptr(MsiImportSummary) summary = msi_import_journal_dup_summary (data->journal, data->id, &error);

        g_assert_no_error (error);
        g_assert_cmpuint (summary->n_rows, ==, 200);
      }
    }

  return NULL;
}

static void
test_threads (void)
{
  g_autofree char *path = journal_path ("threads.sqlite3");
  g_autoptr(MsiImportJournal) journal = open_journal (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  gint64 id = begin_import (journal, TEST_PROFILE, "threads.csv", 200);
  ThreadData data[4];
  GThread *threads[4];

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      data[i] = (ThreadData) { journal, id, 2 + i * 50, 50 };
      threads[i] = g_thread_new ("recorder", record_one_by_one, &data[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);

  assert_counts (journal, id, 100, 100, 0, 0);
  rows = msi_import_journal_dup_rows (journal, id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < rows->len; i++)
    {
      const MsiImportRow *row = rows->pdata[i];

      g_assert_cmpint (row->state, ==, row->line % 2 ? MSI_IMPORT_ROW_INVITED : MSI_IMPORT_ROW_ALREADY_INVITED);
    }
}

static void
run_sql (const char *path,
         const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static void
test_bad_files (void)
{
  g_autofree char *newer = journal_path ("newer.sqlite3");
  g_autofree char *garbage = journal_path ("garbage.sqlite3");
  g_autofree char *blocked = journal_path ("blocked");
  g_autofree char *under_file = g_build_filename (blocked, "imports.sqlite3", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MsiImportJournal) journal = NULL;
  g_autofree char *contents = NULL;

  /* Written by a later version: refused, and left as it is. */
  g_clear_object (&journal);
  journal = open_journal (newer);
  g_clear_object (&journal);
  run_sql (newer, "PRAGMA user_version = 99; CREATE TABLE future (x);");
  journal = msi_import_journal_open (newer, &error);
  g_assert_null (journal);
  g_assert_error (error, MSI_IMPORT_JOURNAL_ERROR, MSI_IMPORT_JOURNAL_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "newer version"));
  g_assert_nonnull (strstr (error->message, newer));
  g_clear_error (&error);

  /* Not a database. */
  g_assert_true (g_file_set_contents (garbage, "email,first name\nalex@example.com,Alex\n"
                                      "This is a CSV file, not a journal; it is long enough to "
                                      "hold a database header and then some more text.\n", -1, &error));
  journal = msi_import_journal_open (garbage, &error);
  g_assert_null (journal);
  g_assert_error (error, MSI_IMPORT_JOURNAL_ERROR, MSI_IMPORT_JOURNAL_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "is damaged or is not an import journal"));
  g_clear_error (&error);
  /* … and not overwritten. */
  g_assert_true (g_file_get_contents (garbage, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "email,first name\n"));

  /* Its folder is a file. */
  g_assert_true (g_file_set_contents (blocked, "", -1, NULL));
  journal = msi_import_journal_open (under_file, &error);
  g_assert_null (journal);
  g_assert_error (error, MSI_IMPORT_JOURNAL_ERROR, MSI_IMPORT_JOURNAL_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, blocked));
  g_test_message ("%s", error->message);
}

static void
test_migrates_empty_file (void)
{
  g_autofree char *path = journal_path ("empty.sqlite3");
  g_autoptr(MsiImportJournal) journal = NULL;

  /* An empty file (as a crash during the first start can leave) is a
   * journal with no imports. */
  g_assert_true (g_file_set_contents (path, "", 0, NULL));
  journal = open_journal (path);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) list = msi_import_journal_list (journal, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (list->len, ==, 0);
  }
}

/* Crash */

#define CRASH_ROWS      20
#define CRASH_SENT      10
#define CRASH_RECORDED   7

static const MsiImportRowState crash_outcomes[CRASH_RECORDED] = {
  MSI_IMPORT_ROW_INVITED, MSI_IMPORT_ROW_INVITED, MSI_IMPORT_ROW_ALREADY_INVITED,
  MSI_IMPORT_ROW_INVITED, MSI_IMPORT_ROW_FAILED, MSI_IMPORT_ROW_INVITED,
  MSI_IMPORT_ROW_INVITED,
};

static void
write_all (int         fd,
           const void *data,
           gsize       size)
{
  const char *p = data;

  while (size > 0)
    {
      gssize n = write (fd, p, size);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        _exit (3);
      p += n;
      size -= n;
    }
}

static gboolean
read_all (int    fd,
          void  *data,
          gsize  size)
{
  char *p = data;

  while (size > 0)
    {
      gssize n = read (fd, p, size);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      p += n;
      size -= n;
    }

  return TRUE;
}

/* In the child: an import that stops dead after CRASH_RECORDED outcomes,
 * each recorded by its own call, as the import runner does. */
G_GNUC_NORETURN static void
crash_child (const char *path,
             int         fd)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsiImportJournal) journal = msi_import_journal_open (path, &error);
  g_autoptr(GPtrArray) rows = make_rows (CRASH_ROWS);
  guint lines[CRASH_SENT];
  gint64 id;

  if (journal == NULL)
    _exit (4);

  id = msi_import_journal_begin (journal, TEST_PROFILE, "crash.csv", CRASH_ROWS, 0, NULL, rows, &error);
  if (id == 0)
    _exit (5);

  for (guint i = 0; i < CRASH_SENT; i++)
    lines[i] = i + 2;
  if (!msi_import_journal_mark_sent (journal, id, lines, CRASH_SENT, &error))
    _exit (6);

  for (guint i = 0; i < CRASH_RECORDED; i++)
    {
      g_autoptr(GPtrArray) outcomes = outcomes_new ();

      g_ptr_array_add (outcomes, outcome (i + 2, crash_outcomes[i],
                                          crash_outcomes[i] == MSI_IMPORT_ROW_FAILED ? "Refused." : NULL));
      if (!msi_import_journal_record (journal, id, outcomes, &error))
        _exit (7);
    }

  /* Tell the parent, then wait to be killed with the journal open and
   * nothing closed or checkpointed. */
  write_all (fd, &id, sizeof id);
  for (;;)
    pause ();
}

static void
test_crash (void)
{
  g_autofree char *path = journal_path ("crash.sqlite3");
  g_autoptr(MsiImportJournal) journal = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) rest = outcomes_new ();
  g_autoptr(MsiImportSummary) summary = NULL;
  int fds[2];
  gint64 id = 0;
  pid_t pid;
  int status;

  g_assert_no_errno (pipe (fds));
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      close (fds[0]);
      crash_child (path, fds[1]);
    }

  close (fds[1]);
  g_assert_true (read_all (fds[0], &id, sizeof id));
  close (fds[0]);
  g_assert_cmpint (id, >, 0);

  g_assert_no_errno (kill (pid, SIGKILL));
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFSIGNALED (status));
  g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);

  /* The app starts again: the import is there, interrupted. */
  journal = open_journal (path);
  g_assert_cmpint (msi_import_journal_find_interrupted (journal, TEST_PROFILE, &error), ==, id);
  g_assert_no_error (error);

  summary = msi_import_journal_dup_summary (journal, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (summary->state, ==, MSI_IMPORT_RUNNING);
  g_assert_cmpuint (summary->n_rows, ==, CRASH_ROWS);
  g_assert_cmpuint (summary->n_invited, ==, 5);
  g_assert_cmpuint (summary->n_already_invited, ==, 1);
  g_assert_cmpuint (summary->n_failed, ==, 1);
  g_assert_cmpuint (summary->n_unsettled, ==, CRASH_ROWS - CRASH_RECORDED);
  g_clear_pointer (&summary, msi_import_summary_free);

  /* Exactly the recorded rows are settled; the sent ones may or may not
   * have reached the service; the others were never sent. */
  rows = msi_import_journal_dup_rows (journal, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, CRASH_ROWS);
  for (guint i = 0; i < rows->len; i++)
    {
      const MsiImportRow *row = rows->pdata[i];

      g_assert_cmpuint (row->line, ==, i + 2);
      if (i < CRASH_RECORDED)
        g_assert_cmpint (row->state, ==, crash_outcomes[i]);
      else if (i < CRASH_SENT)
        g_assert_cmpint (row->state, ==, MSI_IMPORT_ROW_SENT);
      else
        g_assert_cmpint (row->state, ==, MSI_IMPORT_ROW_PENDING);

      g_assert_cmpstr (row->reason, ==, i < CRASH_RECORDED && crash_outcomes[i] == MSI_IMPORT_ROW_FAILED ? "Refused." : NULL);

      /* Resume: settle the rest. */
      if (i >= CRASH_RECORDED)
        g_ptr_array_add (rest, outcome (row->line, MSI_IMPORT_ROW_INVITED, NULL));
    }

  g_assert_true (msi_import_journal_record (journal, id, rest, &error));
  g_assert_true (msi_import_journal_set_state (journal, id, MSI_IMPORT_FINISHED, &error));
  g_assert_no_error (error);
  g_clear_object (&journal);

  journal = open_journal (path);
  g_assert_cmpint (msi_import_journal_find_interrupted (journal, TEST_PROFILE, &error), ==, 0);
  summary = msi_import_journal_dup_summary (journal, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (summary->state, ==, MSI_IMPORT_FINISHED);
  g_assert_cmpuint (summary->n_invited, ==, 5 + CRASH_ROWS - CRASH_RECORDED);
  g_assert_cmpuint (summary->n_unsettled, ==, 0);
}

/* In the child: records outcomes one by one as fast as it can, telling
 * the parent each line after its call returned, until it is killed. */
G_GNUC_NORETURN static void
race_child (const char *path,
            gint64      id,
            int         fd)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsiImportJournal) journal = msi_import_journal_open (path, &error);

  if (journal == NULL)
    _exit (4);

  for (guint line = 2;; line++)
    {
      g_autoptr(GPtrArray) outcomes = outcomes_new ();

      if (!msi_import_journal_mark_sent (journal, id, &line, 1, &error))
        _exit (5);
      g_ptr_array_add (outcomes, outcome (line, MSI_IMPORT_ROW_INVITED, NULL));
      if (!msi_import_journal_record (journal, id, outcomes, &error))
        _exit (6);
      write_all (fd, &line, sizeof line);
    }
}

static void
test_crash_while_writing (void)
{
  g_autofree char *path = journal_path ("race.sqlite3");
  g_autoptr(MsiImportJournal) journal = open_journal (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  guint reported = 0;
  guint line;
  gint64 id;
  int fds[2];
  pid_t pid;
  int status;
  guint n_settled = 0;
  guint n_sent = 0;

  /* More rows than the child can record before it is killed. */
  id = begin_import (journal, TEST_PROFILE, "race.csv", 100000);
  g_clear_object (&journal);

  g_assert_no_errno (pipe (fds));
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      close (fds[0]);
      race_child (path, id, fds[1]);
    }

  close (fds[1]);
  /* Kill it while it writes, after a few outcomes. */
  for (guint i = 0; i < 20; i++)
    {
      g_assert_true (read_all (fds[0], &line, sizeof line));
      reported = line;
    }
  g_assert_no_errno (kill (pid, SIGKILL));
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFSIGNALED (status));
  /* Lines it reported before it died. */
  while (read_all (fds[0], &line, sizeof line))
    reported = line;
  close (fds[0]);

  journal = open_journal (path);
  rows = msi_import_journal_dup_rows (journal, id, &error);
  g_assert_no_error (error);

  /* Every outcome the child was told was written is there; what follows
   * is one row at most in flight (SENT), then rows never touched. */
  for (guint i = 0; i < rows->len; i++)
    {
      const MsiImportRow *row = rows->pdata[i];

      if (row->state == MSI_IMPORT_ROW_INVITED)
        {
          g_assert_cmpuint (n_sent, ==, 0);
          g_assert_cmpuint (row->line, ==, n_settled + 2);
          n_settled++;
        }
      else if (row->state == MSI_IMPORT_ROW_SENT)
        {
          n_sent++;
        }
      else
        {
          g_assert_cmpint (row->state, ==, MSI_IMPORT_ROW_PENDING);
        }
    }

  g_test_message ("reported %u lines, %u settled, %u sent", reported - 1, n_settled, n_sent);
  g_assert_cmpuint (n_settled, >=, reported - 1);
  g_assert_cmpuint (n_settled, <=, reported);
  g_assert_cmpuint (n_sent, <=, 1);
  assert_counts (journal, id, n_settled, 0, 0, 100000 - n_settled);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/import-journal/default-path", test_default_path);
  g_test_add_func ("/import-journal/begin-and-read", test_begin_and_read);
  g_test_add_func ("/import-journal/lifecycle", test_lifecycle);
  g_test_add_func ("/import-journal/settled-stays-settled", test_settled_stays_settled);
  g_test_add_func ("/import-journal/all-or-nothing", test_all_or_nothing);
  g_test_add_func ("/import-journal/list-and-profiles", test_list_and_profiles);
  g_test_add_func ("/import-journal/reopen", test_reopen);
  g_test_add_func ("/import-journal/row-copy", test_row_copy);
  g_test_add_func ("/import-journal/threads", test_threads);
  g_test_add_func ("/import-journal/bad-files", test_bad_files);
  g_test_add_func ("/import-journal/migrates-empty-file", test_migrates_empty_file);
  g_test_add_func ("/import-journal/crash", test_crash);
  g_test_add_func ("/import-journal/crash-while-writing", test_crash_while_writing);

  return g_test_run ();
}
