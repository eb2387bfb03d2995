/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-csv-invite.c: the admin guide's "invite individual users" and "invite users via CSV" on the demo
 * Sales account: a colleague by address, then a file of 80 people, its results, problems and history */

#define G_LOG_DOMAIN "test-csv-invite"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "common/msi-test-sign-in.h"
#include "common/msi-test-users.h"

#define JORDAN "jordan.lee@northwind.example"

static char *test_home;

static const char *
base_url (Run *run)
{
  return msi_profile_get_actions_url (msi_application_get_profile (run->app));
}

typedef struct
{
  Run            *run;
  const char     *step;
  MsiSetupStatus  status;
} StepWait;

static gboolean
step_has_status (gpointer data)
{
  StepWait *wait = data;
  MsiChecklistPage *page = MSI_CHECKLIST_PAGE (msi_window_get_checklist_page (wait->run->window));
  MsiSetupStep *step;

  if (msi_checklist_page_get_state (page) != MSI_CHECKLIST_STATE_LOADED)
    return FALSE;
  step = checklist_step (wait->run, wait->step);
  return step != NULL && msi_setup_step_get_status (step) == wait->status;
}

static void
wait_for_step (Run            *run,
               const char     *id,
               MsiSetupStatus  status)
{
  StepWait wait = { run, id, status };

  iterate_until (step_has_status, &wait, 60);
}

static gboolean
invite_dialog_gone (gpointer data)
{
  return msi_users_page_get_invite_dialog (MSI_USERS_PAGE (data)) == NULL;
}

/* --- one colleague by address ---------------------------------------------------- */

static MsiUsersPage *
invite_colleague (Run *run)
{
  MsiChecklistPage *checklist = MSI_CHECKLIST_PAGE (msi_window_get_checklist_page (run->window));
  GtkWidget *step_row = msi_test_named (GTK_WIDGET (msi_checklist_page_get_list (checklist)), "invite-users");
  MsiUsersPage *page = MSI_USERS_PAGE (msi_window_get_page (run->window, "users"));
  g_autoptr(GPtrArray) rows = NULL;
  MsiInviteDialog *dialog;
  ShownUser *user;

  /* Step 5 of the checklist: its Invite button opens the dialog over
   * the users page. */
  wait_for_step (run, "invite-users", MSI_SETUP_STATUS_NOT_DONE);
  g_signal_emit_by_name (msi_test_named (step_row, "step-action"), "clicked");
  g_assert_cmpstr (msi_window_get_content_page (run->window), ==, "users");
  dialog = msi_users_page_get_invite_dialog (page);
  g_assert_nonnull (dialog);
  iterate_until (invite_dialog_checked, dialog, 60);

  msi_invite_dialog_set_text (dialog, "Jordan Lee <" JORDAN ">");
  g_assert_cmpuint (msi_invite_dialog_get_n_entries (dialog), ==, 1);
  g_assert_true (msi_invite_dialog_get_can_invite (dialog));
  settle (300);
  save_screenshot (GTK_WIDGET (dialog), "invite-dialog.png");

  gtk_widget_activate_action (GTK_WIDGET (dialog), "invite.send", NULL);
  iterate_until (invite_dialog_gone, page, 60);
  msi_test_wait_for_label (GTK_WIDGET (run->window), "1 user invited");

  /* The list shows the pending invitation; the welcome mail is out. */
  msi_test_wait_users_state (page, "list");
  msi_test_wait_user_shown (page, JORDAN, TRUE);
  rows = msi_test_shown_users (GTK_WIDGET (page));
  user = msi_test_find_shown_user (rows, JORDAN);
  g_assert_cmpstr (user->name, ==, "Jordan Lee");
  g_assert_cmpstr (user->status, ==, "Invitation pending");
  g_assert_true (g_str_has_prefix (user->detail, "Everyone · Invited on "));
  g_assert_cmpuint (msi_test_count_mails (base_url (run), JORDAN), ==, 1);
  settle (200);
  save_screenshot (GTK_WIDGET (run->window), "users-invited.png");

  wait_for_step (run, "invite-users", MSI_SETUP_STATUS_DONE);

  return page;
}

/* --- a CSV of 80 people ------------------------------------------------------------- */

/* 74 people to invite (5 of them in a team the account lacks), and six
 * rows with problems: a bad address whose first name a spreadsheet would
 * run, no address, a repeated address, two already invited, a user. */
static char *
write_people_csv (void)
{
  static const char * const teams[] = { "Sales EMEA", "Inside Sales", "", "sales americas" };
  g_autoptr(GString) csv = g_string_new ("Email,First Name,Last Name,Team,Title,Notes\r\n");
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (test_home, "people.csv", NULL);

  for (guint i = 1; i <= 74; i++)
    {
      const char *team = i > 69 ? "Partner Sales" : teams[i % G_N_ELEMENTS (teams)];

      g_string_append_printf (csv, "person%02u@northwind.example,Person,Number %02u,%s,%s,%s\r\n",
                              i, i, team,
                              i % 10 == 0 ? "\"Director, Sales\"" : "Account Executive",
                              i == 3 ? "\"Met at the \"\"Spring\"\" fair\"" : "");
    }
  g_string_append (csv, "not-an-address,\"=HYPERLINK(\"\"http://evil.example\"\")\",Bad,,,\r\n");
  g_string_append (csv, ",Nobody,Blank,Sales EMEA,,\r\n");
  g_string_append (csv, "PERSON07@northwind.example,Person,Again,,,\r\n");
  g_string_append (csv, "lena.hoffmann@northwind.example,Lena,Hoffmann,Sales EMEA,,\r\n");
  g_string_append (csv, JORDAN ",Jordan,Lee,,,\r\n");
  g_string_append (csv, "rep@northwind.example,Riley,Rep,,,\r\n");

  g_file_set_contents (path, csv->str, csv->len, &error);
  g_assert_no_error (error);

  return path;
}

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p != '\0'; p++)
    n += *p == '\n';

  return n;
}

typedef struct
{
  MsiCsvImportDialog *dialog;
  guint               settled;
} ProgressWait;

static gboolean
import_progressed (gpointer data)
{
  ProgressWait *wait = data;
  MsiInviteImport *import = msi_csv_import_dialog_get_import (wait->dialog);

  return import != NULL && msi_invite_import_get_n_settled (import) >= wait->settled;
}

static void
exported_cb (MsiCsvImportDialog *dialog,
             gboolean            ok,
             gpointer            user_data)
{
  g_assert_true (ok);
  *(gboolean *)user_data = TRUE;
}

static gboolean
history_loaded (gpointer data)
{
  return msi_import_history_dialog_get_loaded (MSI_IMPORT_HISTORY_DIALOG (data));
}

static gboolean
history_rows_read (gpointer data)
{
  return msi_import_history_dialog_get_rows (MSI_IMPORT_HISTORY_DIALOG (data)) != NULL;
}

static void
invite_csv (Run          *run,
            MsiUsersPage *page)
{
  g_autofree char *path = write_people_csv ();
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *export_path = g_build_filename (test_home, "people-problems.csv", NULL);
  g_autoptr(GFile) export_file = g_file_new_for_path (export_path);
  g_autofree char *exported_text = NULL;
  g_autoptr(MsiInviteRow) row = NULL;
  g_auto(GStrv) unmapped = NULL;
  g_auto(GStrv) unknown = NULL;
  g_autoptr(JsonNode) reply = NULL;
  MsiImportHistoryDialog *history;
  const MsiImportSummary *summary;
  MsiCsvImportDialog *dialog;
  MsiInviteImport *import;
  MsiInvitePlan *plan;
  ProgressWait progress = { NULL, 20 };
  GListModel *results;
  gboolean exported = FALSE;
  guint status = 0;
  guint failed_line = 0;

  /* Chosen as the file chooser would hand it over: the preview. */
  dialog = msi_users_page_open_csv (page, file);
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (run->window));
  iterate_until (csv_plan_ready, dialog, 60);
  msi_test_wait_csv_state (dialog, "preview");
  plan = msi_csv_import_dialog_get_plan (dialog);

  /* The mapping, guessed from the header; Notes is left out. */
  g_assert_cmpint (msi_invite_plan_get_mapping (plan, 0), ==, MSI_INVITE_FIELD_EMAIL);
  g_assert_cmpint (msi_invite_plan_get_mapping (plan, 1), ==, MSI_INVITE_FIELD_FIRST_NAME);
  g_assert_cmpint (msi_invite_plan_get_mapping (plan, 2), ==, MSI_INVITE_FIELD_LAST_NAME);
  g_assert_cmpint (msi_invite_plan_get_mapping (plan, 3), ==, MSI_INVITE_FIELD_TEAM);
  g_assert_cmpint (msi_invite_plan_get_mapping (plan, 4), ==, MSI_INVITE_FIELD_TITLE);
  g_assert_cmpint (msi_invite_plan_get_mapping (plan, 5), ==, MSI_INVITE_FIELD_IGNORE);
  unmapped = msi_invite_plan_dup_unmapped_columns (plan);
  g_assert_cmpuint (g_strv_length (unmapped), ==, 1);
  g_assert_cmpstr (unmapped[0], ==, "Notes");
  g_assert_null (msi_invite_plan_get_mapping_problem (plan));

  /* Every row's status, with its reason. */
  g_assert_cmpuint (msi_invite_plan_get_n_rows (plan), ==, 80);
  g_assert_cmpuint (msi_invite_plan_count_status (plan, MSI_INVITE_STATUS_UNKNOWN_TEAM), ==, 5);
  g_assert_cmpuint (msi_invite_plan_count_status (plan, MSI_INVITE_STATUS_INVALID_ADDRESS), ==, 1);
  g_assert_cmpuint (msi_invite_plan_count_status (plan, MSI_INVITE_STATUS_MISSING_FIELD), ==, 1);
  g_assert_cmpuint (msi_invite_plan_count_status (plan, MSI_INVITE_STATUS_DUPLICATE), ==, 1);
  g_assert_cmpuint (msi_invite_plan_count_status (plan, MSI_INVITE_STATUS_ALREADY_INVITED), ==, 2);
  g_assert_cmpuint (msi_invite_plan_count_status (plan, MSI_INVITE_STATUS_ALREADY_USER), ==, 1);
  g_assert_cmpuint (msi_invite_plan_get_n_ready (plan), ==, 69);
  row = msi_invite_plan_dup_row (plan, 76);
  g_assert_cmpint (msi_invite_row_get_status (row), ==, MSI_INVITE_STATUS_DUPLICATE);
  g_assert_cmpuint (msi_invite_row_get_duplicate_of (row), ==, 8);
  g_assert_nonnull (msi_invite_row_get_reason (row));
  g_assert_nonnull (strstr (msi_invite_row_get_reason (row), "8"));
  g_clear_object (&row);
  row = msi_invite_plan_dup_row (plan, 3);
  g_assert_cmpint (msi_invite_row_get_status (row), ==, MSI_INVITE_STATUS_READY);
  g_assert_null (msi_invite_row_get_reason (row));
  g_clear_object (&row);
  row = msi_invite_plan_dup_row (plan, 9);
  g_assert_cmpstr (msi_invite_row_get_field (row, MSI_INVITE_FIELD_TITLE), ==, "Director, Sales");
  g_clear_object (&row);

  /* The unknown team is offered for creation; the counts follow. */
  unknown = msi_invite_plan_dup_unknown_teams (plan);
  g_assert_cmpuint (g_strv_length (unknown), ==, 1);
  g_assert_cmpstr (unknown[0], ==, "Partner Sales");
  g_assert_true (gtk_widget_get_visible (msi_test_named (GTK_WIDGET (dialog), "create-teams")));
  gtk_switch_set_active (GTK_SWITCH (msi_test_named (GTK_WIDGET (dialog), "create-teams-switch")), TRUE);
  iterate_until (csv_plan_ready, dialog, 60);
  g_assert_cmpuint (msi_invite_plan_get_n_ready (plan), ==, 74);
  g_assert_cmpuint (msi_invite_plan_get_n_problems (plan), ==, 6);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (msi_test_named (GTK_WIDGET (dialog), "counts"))), ==,
                   "80 rows: 74 ready to invite, 6 with problems");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (msi_test_named (GTK_WIDGET (dialog), "invite"))), ==,
                   "_Invite 74 Users");

  /* A column mapped by hand: the plan follows, and back. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (msi_test_named (GTK_WIDGET (dialog), "column-4")), MSI_INVITE_N_FIELDS);
  iterate_until (csv_plan_ready, dialog, 60);
  g_assert_cmpint (msi_invite_plan_get_mapping (plan, 4), ==, MSI_INVITE_FIELD_IGNORE);
  adw_combo_row_set_selected (ADW_COMBO_ROW (msi_test_named (GTK_WIDGET (dialog), "column-4")), MSI_INVITE_FIELD_TITLE);
  iterate_until (csv_plan_ready, dialog, 60);
  g_assert_cmpint (msi_invite_plan_get_mapping (plan, 4), ==, MSI_INVITE_FIELD_TITLE);
  g_assert_cmpuint (msi_invite_plan_get_n_ready (plan), ==, 74);

  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (msi_test_named (GTK_WIDGET (dialog), "mapping")), TRUE);
  settle (400);
  save_screenshot (GTK_WIDGET (dialog), "csv-preview.png");

  /* Problems only. */
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (msi_test_named (GTK_WIDGET (dialog), "mapping")), FALSE);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (msi_test_named (GTK_WIDGET (dialog), "filter-problems")), TRUE);
  settle (300);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (plan)), ==, 6);
  save_screenshot (GTK_WIDGET (dialog), "csv-preview-problems.png");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (msi_test_named (GTK_WIDGET (dialog), "filter-ready")), TRUE);
  settle (100);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (plan)), ==, 74);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (msi_test_named (GTK_WIDGET (dialog), "filter-all")), TRUE);
  settle (100);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (plan)), ==, 80);

  /* The account has one seat less than the file needs (5 users and
   * Jordan hold 6 of 79): the last row is refused. */
  reply = msi_test_demo_request (base_url (run), "PUT", "/__demo/scim/faults",
                                 "{\"seatLimit\": 79, \"latencyMs\": 150}", &status);
  g_assert_cmpuint (status, <, 300);

  /* Invite, in chunks of 10 so that the progress shows. */
  msi_csv_import_dialog_set_chunk_size (dialog, 10);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "csv.invite", NULL);
  msi_test_wait_csv_state (dialog, "progress");
  progress.dialog = dialog;
  iterate_until (import_progressed, &progress, 120);
  settle (50);
  save_screenshot (GTK_WIDGET (dialog), "csv-progress.png");
  msi_test_wait_csv_state (dialog, "results");

  import = msi_csv_import_dialog_get_import (dialog);
  g_assert_cmpuint (msi_invite_import_get_n_rows (import), ==, 74);
  g_assert_cmpuint (msi_invite_import_get_n_settled (import), ==, 74);
  g_assert_cmpfloat (gtk_progress_bar_get_fraction (GTK_PROGRESS_BAR (msi_test_named (GTK_WIDGET (dialog), "progress-bar"))), ==, 1.0);
  g_assert_cmpstr (gtk_progress_bar_get_text (GTK_PROGRESS_BAR (msi_test_named (GTK_WIDGET (dialog), "progress-bar"))), ==,
                   "74 of 74 invitations");
  g_assert_cmpuint (msi_invite_import_get_n_invited (import), ==, 73);
  g_assert_cmpuint (msi_invite_import_get_n_already_invited (import), ==, 0);
  g_assert_cmpuint (msi_invite_import_get_n_failed (import), ==, 1);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (msi_test_named (GTK_WIDGET (dialog), "confirmation"))), ==,
                   "73 invited, 1 failed");

  /* Per-row results: the failed row says why. */
  results = msi_csv_import_dialog_get_results (dialog);
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 74);
  for (guint i = 0; i < g_list_model_get_n_items (results); i++)
    {
      g_autoptr(MsiImportRowItem) item = g_list_model_get_item (results, i);
      const MsiImportRow *result_row = msi_import_row_item_get_row (item);

      if (result_row->state == MSI_IMPORT_ROW_FAILED)
        {
          g_assert_nonnull (result_row->reason);
          failed_line = result_row->line;
        }
      else
        g_assert_cmpint (result_row->state, ==, MSI_IMPORT_ROW_INVITED);
    }
  g_assert_cmpuint (failed_line, ==, 75);
  g_assert_cmpuint (msi_test_count_mails (base_url (run), "person01@northwind.example"), ==, 1);
  g_assert_true (gtk_widget_get_visible (msi_test_named (GTK_WIDGET (dialog), "export-problems")));
  settle (800);
  save_screenshot (GTK_WIDGET (dialog), "csv-results.png");

  g_clear_pointer (&reply, json_node_unref);
  reply = msi_test_demo_request (base_url (run), "PUT", "/__demo/scim/faults",
                                 "{\"seatLimit\": null, \"latencyMs\": 0}", &status);
  g_assert_cmpuint (status, <, 300);

  /* Export Problems: the six rows of the file with problems and the one
   * the service refused, with their line and reason; no formula runs. */
  g_signal_connect (dialog, "exported", G_CALLBACK (exported_cb), &exported);
  msi_csv_import_dialog_export_problems_to (dialog, export_file);
  iterate_until (flag_set, &exported, 30);
  g_file_get_contents (export_path, &exported_text, NULL, NULL);
  g_assert_nonnull (exported_text);
  g_test_message ("Exported problems:\n%s", exported_text);
  g_assert_true (g_str_has_prefix (exported_text, "Email,First Name,Last Name,Team,Title,Notes,Line,Reason\r\n"));
  g_assert_cmpuint (count_lines (exported_text), ==, 1 + 7);
  g_assert_nonnull (strstr (exported_text, "not-an-address,"));
  g_assert_nonnull (strstr (exported_text, "'=HYPERLINK"));
  g_assert_null (strstr (exported_text, ",=HYPERLINK"));
  g_assert_nonnull (strstr (exported_text, "PERSON07@northwind.example"));
  g_assert_nonnull (strstr (exported_text, "lena.hoffmann@northwind.example"));
  g_assert_nonnull (strstr (exported_text, "person74@northwind.example"));
  g_assert_null (strstr (exported_text, "person01@"));

  gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL);
  settle (200);

  /* The history lists the import with its counts and rows. */
  gtk_widget_activate_action (GTK_WIDGET (page), "users.history", NULL);
  history = msi_users_page_get_history_dialog (page);
  g_assert_nonnull (history);
  iterate_until (history_loaded, history, 30);
  g_assert_cmpuint (msi_import_history_dialog_get_imports (history)->len, ==, 1);
  summary = g_ptr_array_index (msi_import_history_dialog_get_imports (history), 0);
  g_assert_cmpstr (summary->file_name, ==, "people.csv");
  g_assert_cmpint (summary->state, ==, MSI_IMPORT_FINISHED);
  g_assert_cmpuint (summary->n_file_rows, ==, 80);
  g_assert_cmpuint (summary->n_not_ready, ==, 6);
  g_assert_cmpuint (summary->n_invited, ==, 73);
  g_assert_cmpuint (summary->n_already_invited, ==, 0);
  g_assert_cmpuint (summary->n_failed, ==, 1);
  settle (300);
  save_screenshot (GTK_WIDGET (history), "csv-history.png");
  msi_import_history_dialog_open_import (history, summary->id);
  iterate_until (history_rows_read, history, 30);
  g_assert_cmpuint (g_list_model_get_n_items (msi_import_history_dialog_get_rows (history)), ==, 74);
  settle (300);
  save_screenshot (GTK_WIDGET (history), "csv-history-rows.png");
  gtk_widget_activate_action (GTK_WIDGET (history), "window.close", NULL);
  settle (200);

  /* The list shows the new invitations. */
  msi_test_wait_user_shown (page, "Person Number 01", TRUE);
}

/* --- closing the window mid-import, resuming from the history ------------------------ */

typedef struct
{
  MsiImportHistoryDialog *history;
  MsiImportState          state;
} HistoryWait;

static gboolean
first_import_is (gpointer data)
{
  HistoryWait *wait = data;
  GPtrArray *imports = msi_import_history_dialog_get_imports (wait->history);
  const MsiImportSummary *summary;

  if (!msi_import_history_dialog_get_loaded (wait->history) || imports == NULL || imports->len == 0)
    return FALSE;

  summary = g_ptr_array_index (imports, 0);
  if (summary->state == wait->state)
    return TRUE;

  /* The journal records the state in a worker thread: read it again. */
  msi_import_history_dialog_reload (wait->history);
  return FALSE;
}

static void
stop_and_resume (Run          *run,
                 MsiUsersPage *page)
{
  g_autofree char *path = g_build_filename (test_home, "later.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GString) csv = g_string_new ("E-mailadres;Voornaam;Achternaam\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(JsonNode) stats = NULL;
  MsiCsvImportDialog *dialog;
  MsiImportHistoryDialog *history;
  const MsiImportSummary *summary;
  ProgressWait progress = { NULL, 3 };
  HistoryWait wait = { NULL, MSI_IMPORT_CANCELLED };
  JsonObject *created;
  gint64 id;
  guint status = 0;

  /* Dutch headers, semicolons: mapped all the same. */
  for (guint i = 1; i <= 15; i++)
    g_string_append_printf (csv, "later%02u@northwind.example;Later;Nummer %02u\n", i, i);
  g_file_set_contents (path, csv->str, csv->len, &error);
  g_assert_no_error (error);
  g_assert_null (msi_test_demo_request (base_url (run), "DELETE", "/__demo/scim/stats", NULL, &status));
  reply = msi_test_demo_request (base_url (run), "PUT", "/__demo/scim/faults", "{\"latencyMs\": 300}", &status);
  g_assert_cmpuint (status, <, 300);

  dialog = msi_users_page_open_csv (page, file);
  iterate_until (csv_plan_ready, dialog, 60);
  g_assert_cmpint (msi_invite_plan_get_mapping (msi_csv_import_dialog_get_plan (dialog), 0), ==, MSI_INVITE_FIELD_EMAIL);
  g_assert_cmpint (msi_invite_plan_get_mapping (msi_csv_import_dialog_get_plan (dialog), 1), ==, MSI_INVITE_FIELD_FIRST_NAME);
  g_assert_cmpuint (msi_invite_plan_get_n_ready (msi_csv_import_dialog_get_plan (dialog)), ==, 15);
  msi_csv_import_dialog_set_chunk_size (dialog, 3);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "csv.invite", NULL);
  progress.dialog = dialog;
  iterate_until (import_progressed, &progress, 60);

  /* Closing the window stops the import; it stays resumable. */
  gtk_window_close (GTK_WINDOW (dialog));
  settle (200);
  g_assert_null (msi_users_page_get_csv_dialog (page));
  g_clear_pointer (&reply, json_node_unref);
  reply = msi_test_demo_request (base_url (run), "PUT", "/__demo/scim/faults", "{\"latencyMs\": 0}", &status);

  gtk_widget_activate_action (GTK_WIDGET (page), "users.history", NULL);
  history = msi_users_page_get_history_dialog (page);
  wait.history = history;
  iterate_until (first_import_is, &wait, 30);
  summary = g_ptr_array_index (msi_import_history_dialog_get_imports (history), 0);
  g_assert_cmpstr (summary->file_name, ==, "later.csv");
  g_assert_cmpuint (summary->n_rows, ==, 15);
  g_assert_cmpuint (summary->n_unsettled, >, 0);
  g_assert_cmpuint (summary->n_unsettled, <, 15);
  id = summary->id;
  settle (300);
  save_screenshot (GTK_WIDGET (history), "csv-history-stopped.png");

  /* Resume: only what was not settled is sent, nobody twice. */
  gtk_widget_activate_action (GTK_WIDGET (history), "history.resume", "x", id);
  dialog = msi_users_page_get_csv_dialog (page);
  g_assert_nonnull (dialog);
  msi_test_wait_csv_state (dialog, "results");
  g_assert_cmpuint (msi_invite_import_get_n_settled (msi_csv_import_dialog_get_import (dialog)), ==, 15);
  g_assert_cmpuint (msi_invite_import_get_n_invited (msi_csv_import_dialog_get_import (dialog)), ==, 15);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (msi_test_named (GTK_WIDGET (dialog), "confirmation"))), ==,
                   "15 invited");
  stats = msi_test_demo_request (base_url (run), "GET", "/__demo/scim/stats", NULL, &status);
  created = json_object_get_object_member (json_node_get_object (stats), "created");
  g_assert_cmpuint (json_object_get_size (created), ==, 15);
  for (guint i = 1; i <= 15; i++)
    {
      g_autofree char *address = g_strdup_printf ("later%02u@northwind.example", i);

      g_assert_cmpint (json_object_get_int_member (created, address), ==, 1);
      g_assert_cmpuint (msi_test_count_mails (base_url (run), address), ==, 1);
    }
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* --- a broken file --------------------------------------------------------------------- */

static void
open_broken_file (MsiUsersPage *page)
{
  g_autofree char *path = g_build_filename (test_home, "broken.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  MsiCsvImportDialog *dialog;
  const char *description;

  g_file_set_contents (path,
                       "Email,Name\n"
                       "ok@northwind.example,Fine\n"
                       "\"broken@northwind.example,Never closed\n"
                       "next@northwind.example,Lost\n",
                       -1, &error);
  g_assert_no_error (error);

  dialog = msi_users_page_open_csv (page, file);
  msi_test_wait_csv_state (dialog, "error");
  description = adw_status_page_get_description (ADW_STATUS_PAGE (msi_test_named (GTK_WIDGET (dialog), "file-error")));
  g_test_message ("Broken file: %s", description);
  /* Where the quote opens: line 3, column 1. */
  g_assert_true (g_str_has_prefix (description, "Line 3, column 1: "));
  g_assert_nonnull (strstr (description, "never ends"));
  settle (1000);
  /* Nothing of it can be sent; another file can be chosen. */
  g_assert_true (gtk_widget_is_ancestor (msi_test_named (GTK_WIDGET (dialog), "choose-another"),
                                         msi_test_named (GTK_WIDGET (dialog), "file-error")));
  g_assert_true (gtk_widget_is_sensitive (msi_test_named (GTK_WIDGET (dialog), "choose-another")));
  g_assert_false (gtk_widget_is_sensitive (msi_test_named (GTK_WIDGET (dialog), "invite")));
  save_screenshot (GTK_WIDGET (dialog), "csv-broken.png");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* --- a Windows-1252 file, in a narrow window ---------------------------------------- */

static void
open_windows_1252 (MsiUsersPage *page)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "csv", "windows-1252.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  MsiCsvImportDialog *dialog;
  GtkWidget *notice;
  g_autoptr(MsiInviteRow) row = NULL;

  dialog = msi_users_page_open_csv (page, file);
  iterate_until (csv_plan_ready, dialog, 60);
  msi_test_wait_csv_state (dialog, "preview");

  /* Read as Windows-1252, and the window says so. */
  notice = msi_test_named (GTK_WIDGET (dialog), "notice");
  g_assert_true (gtk_widget_get_visible (notice));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (notice)), ==,
                   msi_csv_reader_get_notice (msi_invite_plan_get_reader (msi_csv_import_dialog_get_plan (dialog))));
  row = msi_invite_plan_dup_row (msi_csv_import_dialog_get_plan (dialog), 0);
  g_assert_cmpstr (msi_invite_row_get_field (row, MSI_INVITE_FIELD_EMAIL), ==, "rene@example.be");

  /* The preview fits a phone-sized window. */
  gtk_window_set_default_size (GTK_WINDOW (dialog), 360, 640);
  settle (800);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (dialog)), <=, 400);
  save_screenshot (GTK_WIDGET (dialog), "csv-preview-narrow.png");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
check_csv_invite (gpointer data)
{
  Run *run = data;
  MsiUsersPage *page;

  iterate_until (sign_in_page_shown, run, 60);
  forget_sign_ins ();
  sign_in_with_password (run, "admin@northwind.example", "demo-admin", FALSE);
  iterate_until (checklist_loaded, run, 60);

  page = invite_colleague (run);
  invite_csv (run, page);
  stop_and_resume (run, page);
  open_broken_file (page);
  open_windows_1252 (page);
}

static void
test_csv_invite (void)
{
  Run run = { .argv1 = "--demo", .check = check_csv_invite };

  forget_demo_account ();
  run_app (&run);
}

int
main (int   argc,
      char *argv[])
{
  test_home = msi_test_private_user_dirs ();
  g_setenv ("MSI_DEMO_TEST_HOOKS", "1", TRUE);

  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_test_skip ("No display: run under build-aux/check");
      return g_test_run ();
    }

  g_test_add_func ("/e2e/csv-invite/colleague-and-file", test_csv_invite);

  return g_test_run ();
}
