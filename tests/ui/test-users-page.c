/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-users-page.c: the users page and the Invite Users dialog with real widgets against the demo Sales account */

#define G_LOG_DOMAIN "test-users-page"

#include "config.h"

#include "common/msi-test-users.h"
#include "msi-application.h"
#include "msi-import-journal.h"
#include "msi-window.h"

#define ADMIN_EMAIL    "admin@northwind.example"
#define ADMIN_PASSWORD "demo-admin"
#define LENA           "lena.hoffmann@northwind.example"
#define TOMAS          "tomas.eriksen@northwind.example"

/* --- getting to the page ------------------------------------------------------------ */

static gboolean
auth_settled (gpointer data)
{
  Run *run = data;
  MsiActionsAuth *auth = run->app ? msi_application_get_auth (run->app) : NULL;

  if (run->window == NULL || g_strcmp0 (msi_window_get_visible_page (run->window), "main") != 0 || auth == NULL)
    return FALSE;

  return msi_actions_auth_get_state (auth) == MSI_AUTH_STATE_SIGNED_IN ||
         msi_actions_auth_get_state (auth) == MSI_AUTH_STATE_SIGNED_OUT;
}

static const char *
base_url (Run *run)
{
  return msi_profile_get_actions_url (msi_application_get_profile (run->app));
}

/* Signed in as the demo's admin (restored from the keyring after the
 * first test), the users page on screen and its list read. */
static MsiUsersPage *
open_users_page (Run *run)
{
  MsiActionsAuth *auth;
  MsiUsersPage *page;

  iterate_until (auth_settled, run, 60);
  auth = msi_application_get_auth (run->app);
  if (msi_actions_auth_get_state (auth) != MSI_AUTH_STATE_SIGNED_IN)
    msi_test_sign_in_directly (auth, ADMIN_EMAIL, ADMIN_PASSWORD);
  iterate_until (checklist_loaded, run, 60);

  gtk_widget_activate_action (GTK_WIDGET (run->window), "win.show-page", "s", "users");
  g_assert_cmpstr (msi_window_get_content_page (run->window), ==, "users");
  page = MSI_USERS_PAGE (msi_window_get_page (run->window, "users"));
  msi_test_wait_users_state (page, "list");
  iterate_until (seats_known, page, 60);
  settle (200);

  return page;
}

static GtkWidget *
row_button (MsiUsersPage *page,
            const char   *address,
            const char   *button)
{
  /* A reload may have just begun: let the list settle. */
  settle (300);
  msi_test_wait_users_state (page, "list");
  msi_test_wait_user_shown (page, address, TRUE);
  {
  GtkWidget *list = msi_test_named (GTK_WIDGET (page), "users");
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();

  /* The row whose address inscription reads @address, then its button. */
  g_ptr_array_add (stack, list);
  while (stack->len > 0)
    {
      GtkWidget *widget = g_ptr_array_steal_index (stack, stack->len - 1);

      if (gtk_widget_has_css_class (widget, "msi-user-row") && gtk_widget_get_mapped (widget))
        {
          GtkWidget *texts = gtk_widget_get_first_child (widget);
          GtkWidget *address_widget = gtk_widget_get_next_sibling (gtk_widget_get_first_child (texts));

          if (g_strcmp0 (gtk_inscription_get_text (GTK_INSCRIPTION (address_widget)), address) == 0)
            return msi_test_named (widget, button);
          continue;
        }

      for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
        g_ptr_array_add (stack, child);
    }
  }

  g_error ("No row for %s", address);
}

/* --- the list and the seats ---------------------------------------------------------- */

static void
check_list (gpointer data)
{
  Run *run = data;
  MsiUsersPage *page = open_users_page (run);
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *seats_text = NULL;
  ShownUser *user;
  guint used = 0, limit = 0;

  /* The demo account: two users, two pending invitations, one expired. */
  rows = msi_test_shown_users (GTK_WIDGET (page));
  g_assert_cmpuint (rows->len, ==, 5);
  user = msi_test_find_shown_user (rows, "Avery Admin");
  g_assert_nonnull (user);
  g_assert_cmpstr (user->address, ==, ADMIN_EMAIL);
  g_assert_cmpstr (user->status, ==, "Active");
  g_assert_false (user->pending);
  user = msi_test_find_shown_user (rows, "Lena Hoffmann");
  g_assert_nonnull (user);
  g_assert_cmpstr (user->status, ==, "Invitation pending");
  g_assert_true (user->pending);
  g_assert_true (g_str_has_prefix (user->detail, "Sales EMEA · Invited on "));
  user = msi_test_find_shown_user (rows, "Priya Raman");
  g_assert_nonnull (user);
  g_assert_cmpstr (user->status, ==, "Invitation expired");
  g_assert_true (user->pending);
  user = msi_test_find_shown_user (rows, "Riley Rep");
  g_assert_nonnull (user);
  g_assert_cmpstr (user->detail, ==, "Sales EMEA");

  /* Users and invitations each hold a seat. */
  g_assert_true (msi_users_page_get_seats (page, &used, &limit));
  g_assert_cmpuint (used, ==, 5);
  g_assert_cmpuint (limit, ==, 100);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (msi_test_named (GTK_WIDGET (page), "seats"))), ==,
                   "5 of 100 seats used");
  g_assert_cmpfloat (gtk_level_bar_get_value (GTK_LEVEL_BAR (msi_test_named (GTK_WIDGET (page), "seats-bar"))), ==, 5);
  save_screenshot (GTK_WIDGET (run->window), "users-page.png");

  /* Dark style, then the narrowest window: nothing is cut off. */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  settle (300);
  save_screenshot (GTK_WIDGET (run->window), "users-page-dark.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  gtk_window_set_default_size (GTK_WINDOW (run->window), 360, 640);
  settle (500);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (run->window)), <=, 400);
  g_assert_cmpstr (msi_window_get_content_page (run->window), ==, "users");
  g_assert_true (gtk_widget_is_visible (msi_test_named (GTK_WIDGET (page), "invite")));
  g_assert_true (gtk_widget_is_visible (msi_test_named (GTK_WIDGET (page), "search")));
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = msi_test_shown_users (GTK_WIDGET (page));
  g_assert_cmpuint (rows->len, ==, 5);
  save_screenshot (GTK_WIDGET (run->window), "users-page-narrow.png");
  gtk_window_set_default_size (GTK_WINDOW (run->window), 1000, 720);
  settle (300);
}

static void
test_list (void)
{
  Run run = { .argv1 = "--demo", .check = check_list };

  run_app (&run);
}

/* --- search through the server ------------------------------------------------------ */

static gboolean
only_lena_shown (gpointer data)
{
  g_autoptr(GPtrArray) rows = msi_test_shown_users (GTK_WIDGET (data));

  return rows->len == 1 && g_strcmp0 (((ShownUser *)g_ptr_array_index (rows, 0))->address, LENA) == 0;
}

static gboolean
all_shown (gpointer data)
{
  g_autoptr(GPtrArray) rows = msi_test_shown_users (GTK_WIDGET (data));

  return rows->len == 5;
}

static void
check_search (gpointer data)
{
  Run *run = data;
  MsiUsersPage *page = open_users_page (run);
  GtkWidget *search = msi_test_named (GTK_WIDGET (page), "search");
  g_autoptr(JsonNode) stats = NULL;
  JsonArray *requests;
  gboolean filtered = FALSE;
  guint status = 0;

  g_assert_null (msi_test_demo_request (base_url (run), "DELETE", "/__demo/scim/stats", NULL, &status));
  g_assert_cmpuint (status, ==, 204);

  /* Ctrl+F reaches the search entry from the list. */
  gtk_widget_grab_focus (msi_test_named (GTK_WIDGET (page), "users"));
  gtk_widget_activate_action (GTK_WIDGET (page), "users.search", NULL);
  {
    GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (search));

    g_assert_true (focus == search || gtk_widget_is_ancestor (focus, search));
  }

  gtk_editable_set_text (GTK_EDITABLE (search), "hoff");
  iterate_until (only_lena_shown, page, 30);
  save_screenshot (GTK_WIDGET (run->window), "users-search.png");

  /* The server did the filtering: the request carried the filter. */
  stats = msi_test_demo_request (base_url (run), "GET", "/__demo/scim/stats", NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  requests = json_object_get_array_member (json_node_get_object (stats), "userListRequests");
  for (guint i = 0; i < json_array_get_length (requests); i++)
    {
      JsonObject *request = json_array_get_object_element (requests, i);
      JsonNode *filter = json_object_get_member (request, "filter");

      if (filter != NULL && JSON_NODE_HOLDS_VALUE (filter) &&
          strstr (json_node_get_string (filter), "hoff") != NULL)
        filtered = TRUE;
    }
  g_assert_true (filtered);

  gtk_editable_set_text (GTK_EDITABLE (search), "nobody-by-that-name");
  msi_test_wait_users_state (page, "no-match");
  gtk_editable_set_text (GTK_EDITABLE (search), "");
  msi_test_wait_users_state (page, "list");
  iterate_until (all_shown, page, 30);
}

static void
test_search (void)
{
  Run run = { .argv1 = "--demo", .check = check_search };

  run_app (&run);
}

/* --- the service fails: the error state and Try Again ----------------------------- */

static GtkWidget *
find_button_under (GtkWidget *root)
{
  if (GTK_IS_BUTTON (root))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button_under (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
check_error (gpointer data)
{
  Run *run = data;
  MsiUsersPage *page = open_users_page (run);
  g_autoptr(JsonNode) reply = NULL;
  GtkWidget *error_page;
  const char *description;
  guint status = 0;

  /* More failures than the client's retries. */
  reply = msi_test_demo_request (base_url (run), "PUT", "/__demo/scim/faults", "{\"status500\": 4}", &status);
  g_assert_cmpuint (status, <, 300);
  gtk_widget_activate_action (GTK_WIDGET (page), "users.reload", NULL);
  msi_test_wait_users_state (page, "error");

  error_page = msi_test_named (GTK_WIDGET (page), "error");
  description = adw_status_page_get_description (ADW_STATUS_PAGE (error_page));
  g_test_message ("Error state: %s", description);
  g_assert_nonnull (description);
  g_assert_cmpstr (description, !=, "");
  settle (600);
  save_screenshot (GTK_WIDGET (run->window), "users-error.png");

  /* The faults are used up: Try Again shows the users. */
  gtk_widget_activate (find_button_under (error_page));
  msi_test_wait_users_state (page, "list");
  iterate_until (all_shown, page, 30);
}

static void
test_error (void)
{
  Run run = { .argv1 = "--demo", .check = check_error };

  run_app (&run);
}

/* --- resend and revoke ---------------------------------------------------------------- */

typedef struct
{
  Run        *run;
  const char *address;
  guint       count;
} MailWait;

static gboolean
mail_count_is (gpointer data)
{
  MailWait *wait = data;

  return msi_test_count_mails (base_url (wait->run), wait->address) == wait->count;
}

static void
check_resend_revoke (gpointer data)
{
  Run *run = data;
  MsiUsersPage *page = open_users_page (run);
  guint lena_mails = msi_test_count_mails (base_url (run), LENA);
  MailWait wait = { run, LENA, lena_mails + 1 };
  guint used = 0;

  /* Resend: a new welcome mail, and a toast that says so. */
  gtk_widget_activate (row_button (page, LENA, "resend"));
  msi_test_wait_for_label (GTK_WIDGET (run->window), "A new invitation was sent to " LENA);
  iterate_until (mail_count_is, &wait, 30);

  /* Revoke asks first; Cancel changes nothing. */
  gtk_widget_activate (row_button (page, TOMAS, "revoke"));
  msi_test_answer_dialog ("cancel", NULL);
  settle (300);
  msi_test_wait_user_shown (page, TOMAS, TRUE);

  gtk_widget_activate (row_button (page, TOMAS, "revoke"));
  msi_test_answer_dialog ("revoke", "users-revoke-confirm.png");
  msi_test_wait_for_label (GTK_WIDGET (run->window), "The invitation of " TOMAS " was revoked");
  msi_test_wait_user_shown (page, TOMAS, FALSE);
  iterate_until (seats_known, page, 30);
  settle (500);
  g_assert_true (msi_users_page_get_seats (page, &used, NULL));
  g_assert_cmpuint (used, ==, 4);
  save_screenshot (GTK_WIDGET (run->window), "users-revoked.png");
}

static void
test_resend_revoke (void)
{
  Run run = { .argv1 = "--demo", .check = check_resend_revoke };

  run_app (&run);
}

/* --- the Invite Users dialog's checks --------------------------------------------------- */

static void
check_invite_validation (gpointer data)
{
  Run *run = data;
  MsiUsersPage *page = open_users_page (run);
  MsiInviteDialog *dialog;

  gtk_widget_activate_action (GTK_WIDGET (page), "users.invite", NULL);
  dialog = msi_users_page_get_invite_dialog (page);
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (run->window));
  iterate_until (invite_dialog_checked, dialog, 60);

  /* Nothing typed: nothing to invite. */
  g_assert_false (msi_invite_dialog_get_can_invite (dialog));

  msi_invite_dialog_set_text (dialog,
                              "Sam Doe <sam.doe@northwind.example>, bad.address.example;\n"
                              LENA "\n"
                              "SAM.DOE@northwind.example, rep@northwind.example");
  g_assert_cmpuint (msi_invite_dialog_get_n_entries (dialog), ==, 5);

  g_assert_true (msi_invite_dialog_get_entry_valid (dialog, 0));
  g_assert_null (msi_invite_dialog_get_entry_message (dialog, 0));

  /* The bad address says what is wrong with it. */
  g_assert_false (msi_invite_dialog_get_entry_valid (dialog, 1));
  g_assert_nonnull (strstr (msi_invite_dialog_get_entry_message (dialog, 1), "bad.address.example"));
  g_assert_nonnull (strstr (msi_invite_dialog_get_entry_message (dialog, 1), "@"));

  /* Already invited, from the account's directory. */
  g_assert_false (msi_invite_dialog_get_entry_valid (dialog, 2));
  g_assert_cmpstr (msi_invite_dialog_get_entry_message (dialog, 2), ==, LENA " is already invited");

  /* The duplicate names the entry it repeats, whatever the case. */
  g_assert_false (msi_invite_dialog_get_entry_valid (dialog, 3));
  g_assert_cmpstr (msi_invite_dialog_get_entry_message (dialog, 3), ==,
                   "“Sam Doe <sam.doe@northwind.example>” is already in the list, as entry 1");

  g_assert_false (msi_invite_dialog_get_entry_valid (dialog, 4));
  g_assert_cmpstr (msi_invite_dialog_get_entry_message (dialog, 4), ==, "rep@northwind.example already uses the Sales account");

  /* One valid address is enough; the others are not sent. */
  g_assert_true (msi_invite_dialog_get_can_invite (dialog));
  g_assert_true (gtk_widget_has_css_class (msi_test_named (GTK_WIDGET (dialog), "addresses"), "error"));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (msi_test_named (GTK_WIDGET (dialog), "summary"))), ==,
                   "5 addresses: 1 can be invited, 4 need attention");

  /* The teams of the account, Everyone first. */
  g_assert_true (msi_invite_dialog_select_team (dialog, "Inside Sales"));
  g_assert_false (msi_invite_dialog_select_team (dialog, "No Such Team"));
  settle (300);
  save_screenshot (GTK_WIDGET (dialog), "invite-dialog-checks.png");

  /* Only problems: Invite is off. */
  msi_invite_dialog_set_text (dialog, "bad.address.example, " LENA);
  g_assert_false (msi_invite_dialog_get_can_invite (dialog));

  /* Escape closes it, nothing sent. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL);
  settle (200);
  g_assert_null (msi_users_page_get_invite_dialog (page));
  g_assert_cmpuint (msi_test_count_mails (base_url (run), "sam.doe@northwind.example"), ==, 0);
}

static void
test_invite_validation (void)
{
  Run run = { .argv1 = "--demo", .check = check_invite_validation };

  run_app (&run);
}

/* --- an import a crash interrupted --------------------------------------------------- */

#define CRASHED_TEXT "An import of crashed.csv stopped after 2 of 5 invitations. Resume it to send the rest; nobody is invited twice."

static gint64 crashed_id;

/* What a crash leaves in the journal: an import RUNNING, two rows
 * settled, one sent without a reply, two never sent. */
static void
write_interrupted_import (void)
{
  g_autoptr(MsiImportJournal) journal = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify)msi_import_row_free);
  g_autoptr(GPtrArray) outcomes = g_ptr_array_new_with_free_func ((GDestroyNotify)msi_import_row_free);
  g_autoptr(GError) error = NULL;
  const guint sent[] = { 2, 3, 4 };

  journal = msi_import_journal_open (NULL, &error);
  g_assert_no_error (error);
  for (guint i = 1; i <= 5; i++)
    {
      g_autofree char *email = g_strdup_printf ("crash%02u@northwind.example", i);

      g_ptr_array_add (rows, msi_import_row_new (i + 1, email, "Crash", "Test", NULL, NULL));
    }
  crashed_id = msi_import_journal_begin (journal, "demo", "crashed.csv", 5, 0, NULL, rows, &error);
  g_assert_no_error (error);
  g_assert_true (msi_import_journal_mark_sent (journal, crashed_id, sent, G_N_ELEMENTS (sent), &error));
  for (guint i = 0; i < 2; i++)
    {
      MsiImportRow *outcome = msi_import_row_copy (g_ptr_array_index (rows, i));

      outcome->state = MSI_IMPORT_ROW_INVITED;
      g_ptr_array_add (outcomes, outcome);
    }
  g_assert_true (msi_import_journal_record (journal, crashed_id, outcomes, &error));
  g_assert_no_error (error);
}

static gboolean
resumed_import_done (gpointer data)
{
  MsiUsersPage *page = data;
  MsiCsvImportDialog *dialog = msi_users_page_get_csv_dialog (page);

  return dialog != NULL && g_strcmp0 (msi_csv_import_dialog_get_state (dialog), "results") == 0;
}

static void
check_interrupted (gpointer data)
{
  Run *run = data;
  MsiActionsAuth *auth;
  MsiUsersPage *page;
  MsiCsvImportDialog *dialog;
  MsiInviteImport *import;
  g_autoptr(JsonNode) stats = NULL;
  JsonObject *created;
  guint status = 0;

  iterate_until (auth_settled, run, 60);
  auth = msi_application_get_auth (run->app);
  if (msi_actions_auth_get_state (auth) != MSI_AUTH_STATE_SIGNED_IN)
    msi_test_sign_in_directly (auth, ADMIN_EMAIL, ADMIN_PASSWORD);
  iterate_until (checklist_loaded, run, 60);
  g_assert_null (msi_test_demo_request (base_url (run), "DELETE", "/__demo/scim/stats", NULL, &status));

  /* At start, wherever the admin is: a toast with Resume. */
  msi_test_wait_for_label (GTK_WIDGET (run->window), CRASHED_TEXT);
  settle (300);
  save_screenshot (GTK_WIDGET (run->window), "users-resume-toast.png");

  /* The users page says it too. */
  page = open_users_page (run);
  g_assert_cmpint (msi_users_page_get_interrupted (page), ==, crashed_id);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (msi_test_named (GTK_WIDGET (page), "resume-label"))), ==, CRASHED_TEXT);
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (msi_test_named (GTK_WIDGET (page), "resume-banner"))));
  settle (400);
  save_screenshot (GTK_WIDGET (run->window), "users-resume-banner.png");

  /* Resume: the sent row and the two never sent go out, once. */
  gtk_widget_activate_action (GTK_WIDGET (page), "users.resume-interrupted", NULL);
  iterate_until (resumed_import_done, page, 60);
  dialog = msi_users_page_get_csv_dialog (page);
  import = msi_csv_import_dialog_get_import (dialog);
  g_assert_cmpint (msi_invite_import_get_id (import), ==, crashed_id);
  g_assert_cmpuint (msi_invite_import_get_n_settled (import), ==, 5);
  g_assert_cmpuint (msi_invite_import_get_n_invited (import), ==, 5);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (msi_test_named (GTK_WIDGET (dialog), "confirmation"))), ==,
                   "5 invited");
  stats = msi_test_demo_request (base_url (run), "GET", "/__demo/scim/stats", NULL, &status);
  created = json_object_get_object_member (json_node_get_object (stats), "created");
  g_assert_cmpuint (json_object_get_size (created), ==, 3);
  g_assert_cmpint (json_object_get_int_member (created, "crash03@northwind.example"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (created, "crash04@northwind.example"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (created, "crash05@northwind.example"), ==, 1);
  g_assert_cmpint (msi_users_page_get_interrupted (page), ==, 0);
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (msi_test_named (GTK_WIDGET (page), "resume-banner"))));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_interrupted (void)
{
  Run run = { .argv1 = "--demo", .check = check_interrupted };

  write_interrupted_import ();
  run_app (&run);
}

/* --- 10,000 users ------------------------------------------------------------------------- */

static gboolean
last_user_shown (gpointer data)
{
  MsiUsersPage *page = data;
  g_autoptr(GPtrArray) rows = msi_test_shown_users (GTK_WIDGET (page));
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (msi_test_named (GTK_WIDGET (page), "users-scroll")));

  /* Keep at the end while the list grows its rows. */
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment));

  for (guint i = 0; i < rows->len; i++)
    {
      ShownUser *user = g_ptr_array_index (rows, i);

      if (user->loading)
        return FALSE;
    }

  return msi_test_find_shown_user (rows, "user010000@load.northwind.example") != NULL;
}

typedef struct
{
  MsiUsersPage *page;
  gint64        total;
} TotalWait;

static gboolean
list_has_total (gpointer data)
{
  TotalWait *wait = data;

  return g_strcmp0 (msi_users_page_get_state (wait->page), "list") == 0 &&
         g_list_model_get_n_items (G_LIST_MODEL (msi_users_page_get_model (wait->page))) == wait->total;
}

static void
check_ten_thousand (gpointer data)
{
  Run *run = data;
  MsiUsersPage *page = open_users_page (run);
  g_autoptr(JsonNode) seeded = NULL;
  g_autoptr(JsonNode) stats = NULL;
  g_autoptr(GHashTable) pages = g_hash_table_new (NULL, NULL);
  JsonArray *requests;
  GtkAdjustment *adjustment;
  guint status = 0;
  guint max_start = 0;
  gint64 total;
  gint64 start;
  TotalWait wait = { page, 0 };

  seeded = msi_test_demo_request (base_url (run), "POST", "/__demo/scim/seed", "{\"users\": 10000}", &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_null (msi_test_demo_request (base_url (run), "DELETE", "/__demo/scim/stats", NULL, &status));

  total = json_object_get_int_member (json_node_get_object (seeded), "totalUsers");
  g_assert_cmpint (total, >, 10000);

  gtk_widget_activate_action (GTK_WIDGET (page), "users.reload", NULL);
  wait.total = total;
  iterate_until (list_has_total, &wait, 60);

  /* To the end in one jump, as a dragged scroll bar does. */
  start = g_get_monotonic_time ();
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (msi_test_named (GTK_WIDGET (page), "users-scroll")));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment));
  iterate_until (last_user_shown, page, 60);
  g_test_message ("Scrolled to the end of %" G_GINT64_FORMAT " users, real rows shown: %.0f ms",
                  total, (g_get_monotonic_time () - start) / 1000.0);
  settle (200);
  save_screenshot (GTK_WIDGET (run->window), "users-10000-end.png");

  /* Only the pages that were on screen were read, not all of them. */
  stats = msi_test_demo_request (base_url (run), "GET", "/__demo/scim/stats", NULL, &status);
  requests = json_object_get_array_member (json_node_get_object (stats), "userListRequests");
  for (guint i = 0; i < json_array_get_length (requests); i++)
    {
      JsonObject *request = json_array_get_object_element (requests, i);
      guint start_index = json_object_get_int_member (request, "startIndex");

      g_hash_table_add (pages, GUINT_TO_POINTER (start_index));
      max_start = MAX (max_start, start_index);
    }
  g_test_message ("%u user pages read for %" G_GINT64_FORMAT " users", g_hash_table_size (pages), total);
  g_assert_cmpuint (g_hash_table_size (pages), <=, 10);
  g_assert_cmpuint (max_start, >, 9900);
}

static void
test_ten_thousand (void)
{
  Run run = { .argv1 = "--demo", .check = check_ten_thousand };

  run_app (&run);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = msi_test_private_user_dirs ();

  g_setenv ("MSI_DEMO_TEST_HOOKS", "1", TRUE);
  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_test_skip ("No display: run under build-aux/check");
      return g_test_run ();
    }

  /* In this order: each starts where the one before left the account. */
  g_test_add_func ("/users-page/list-and-seats", test_list);
  g_test_add_func ("/users-page/search", test_search);
  g_test_add_func ("/users-page/error-and-try-again", test_error);
  g_test_add_func ("/users-page/resend-revoke", test_resend_revoke);
  g_test_add_func ("/users-page/invite-validation", test_invite_validation);
  g_test_add_func ("/users-page/interrupted-import", test_interrupted);
  g_test_add_func ("/users-page/ten-thousand-users", test_ten_thousand);

  return g_test_run ();
}
