/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-invite-plan.c: what inviting each row of a CSV file would do, as the preview and --check-csv show it */

#define G_LOG_DOMAIN "test-invite-plan"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "msi-invite-plan.h"

#define EMAIL MSI_INVITE_FIELD_EMAIL
#define FIRST MSI_INVITE_FIELD_FIRST_NAME
#define LAST  MSI_INVITE_FIELD_LAST_NAME
#define TEAM  MSI_INVITE_FIELD_TEAM
#define TITLE MSI_INVITE_FIELD_TITLE

static MsiInvitePlan *
plan_for (const char         *text,
          MsiInviteDirectory *directory)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(GError) error = NULL;
  MsiInvitePlan *plan = msi_invite_plan_new (directory);

  g_assert_true (msi_invite_plan_load_bytes (plan, bytes, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (msi_invite_plan_get_loading (plan));
  return plan;
}

static void
assert_row (MsiInvitePlan   *plan,
            guint            row,
            guint            line,
            MsiInviteStatus  status,
            const char      *reason_part)
{
  g_autoptr(MsiInviteRow) item = msi_invite_plan_dup_row (plan, row);

  g_test_message ("row %u: %s", row, msi_invite_row_get_reason (item));
  g_assert_cmpuint (msi_invite_row_get_row (item), ==, row);
  g_assert_cmpuint (msi_invite_row_get_line (item), ==, line);
  g_assert_cmpstr (msi_invite_status_get_id (msi_invite_row_get_status (item)), ==,
                   msi_invite_status_get_id (status));
  if (status == MSI_INVITE_STATUS_READY)
    g_assert_null (msi_invite_row_get_reason (item));
  else
    {
      g_assert_nonnull (msi_invite_row_get_reason (item));
      if (reason_part != NULL)
        g_assert_nonnull (strstr (msi_invite_row_get_reason (item), reason_part));
    }
}

static void
test_mapping_languages (void)
{
  static const struct { const char *text; int columns[MSI_INVITE_N_FIELDS]; const char *unmapped; } cases[] = {
    { "Email,First name,Last name,Team,Title,Notes\na@x.com,A,B,Sales,CEO,hi\n",
      { 0, 1, 2, 3, 4 }, "Notes" },
    { "Voornaam;Achternaam;E-mailadres;Team;Functie\nJan;Jansen;jan@x.nl;Verkoop;Directeur\n",
      { 2, 0, 1, 3, 4 }, NULL },
    { "E-Mail-Adresse\tVorname\tNachname\tGruppe\tBerufsbezeichnung\nmax@x.de\tMax\tMuster\tVertrieb\tChef\n",
      { 0, 1, 2, 3, 4 }, NULL },
    { "Prénom|Nom|Courriel|Équipe|Poste|Remarque\nZoé|Martin|zoe@x.fr|Ventes|PDG|—\n",
      { 2, 0, 1, 3, 4 }, "Remarque" },
    /* Only some fields, another column twice: the first one counts. */
    { "Mail,Ignored,Mail\na@x.com,1,b@x.com\n", { 0, -1, -1, -1, -1 }, "Ignored,Mail" },
    /* No header: the column of addresses. */
    { "Alex,alex@x.com,Sales\nSam,sam@x.com,Support\n", { 1, -1, -1, -1, -1 }, "Column 1,Column 3" },
    /* A header without known names: the addresses still are found. */
    { "Who,Where\na@x.com,Sales\n", { 0, -1, -1, -1, -1 }, "Where" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(MsiInvitePlan) plan = plan_for (cases[i].text, NULL);
      g_auto(GStrv) unmapped = msi_invite_plan_dup_unmapped_columns (plan);
      g_autofree char *joined = g_strjoinv (",", unmapped);

      g_test_message ("case %u", i);
      for (guint f = 0; f < MSI_INVITE_N_FIELDS; f++)
        {
          int column = cases[i].columns[f];

          g_assert_cmpint (msi_invite_plan_get_column (plan, f), ==, column);
          if (column >= 0)
            g_assert_cmpint (msi_invite_plan_get_mapping (plan, column), ==, f);
        }
      g_assert_cmpstr (joined, ==, cases[i].unmapped != NULL ? cases[i].unmapped : "");
      g_assert_null (msi_invite_plan_get_mapping_problem (plan));
      g_assert_cmpuint (msi_invite_plan_get_n_rows (plan), ==, 1 + (i == 5));
      g_assert_cmpuint (msi_invite_plan_get_n_ready (plan), ==, 1 + (i == 5));
    }
}

static void
test_no_email_column (void)
{
  g_autoptr(MsiInvitePlan) plan = plan_for ("Name,Team\nAlex,Sales\nSam,Support\n", NULL);

  g_assert_nonnull (msi_invite_plan_get_mapping_problem (plan));
  g_assert_nonnull (strstr (msi_invite_plan_get_mapping_problem (plan), "E-mail address"));
  g_assert_cmpint (msi_invite_plan_get_column (plan, EMAIL), ==, -1);
  g_assert_cmpuint (msi_invite_plan_get_n_rows (plan), ==, 2);
  g_assert_cmpuint (msi_invite_plan_get_n_ready (plan), ==, 0);
  assert_row (plan, 0, 2, MSI_INVITE_STATUS_MISSING_FIELD, "No column is mapped to “E-mail address”");
}

static MsiInviteDirectory *
make_directory (guint seat_limit,
                guint team_limit)
{
  MsiInviteDirectory *directory = msi_invite_directory_new (seat_limit, team_limit);

  msi_invite_directory_add_member (directory, "user@x.com", MSI_DIRECTORY_MEMBER_USER);
  msi_invite_directory_add_member (directory, "pending@x.com", MSI_DIRECTORY_MEMBER_INVITED);
  msi_invite_directory_add_team (directory, "Sales", "g-sales");
  msi_invite_directory_add_team (directory, "Support", "g-support");
  return directory;
}

static const char statuses_csv[] =
  "Email,First name,Team\r\n"                 /* line 1 */
  "ok@x.com,  Ok  ,Sales\r\n"                 /* 2: ready */
  "bad.example.com,Bad,Sales\r\n"             /* 3: no @ */
  "  ,Empty,Sales\r\n"                        /* 4: empty */
  " OK@X.COM ,Dup,Sales\r\n"                  /* 5: duplicate of 2 */
  "User@x.com,User,\r\n"                      /* 6: already a user */
  "pending@x.com,Pending,Support\r\n"         /* 7: already invited */
  "new@x.com,New,Marketing\r\n"               /* 8: unknown team */
  "\"quoted@x.com\",\"Q, \"\"Q\"\"\",sales\r\n" /* 9: ready, team in any case */
  "ragged@x.com,R\r\n"                        /* 10: ragged */
  "stray\"@x.com,S,Sales\r\n"                 /* 11: stray quote */
  "\"multi\r\nline\",M,Sales\r\n"             /* 12-13: not an address */
  "nodot@localhost,N,Sales\r\n"               /* 14: no top-level domain */
  "ok@x.com,Again,Sales\r\n";                 /* 15: duplicate of 2 */

static void
test_statuses (void)
{
  g_autoptr(MsiInviteDirectory) directory = make_directory (100, 20);
  g_autoptr(MsiInvitePlan) plan = plan_for (statuses_csv, directory);
  g_autoptr(MsiInviteRow) ready = NULL, dup = NULL;
  g_auto(GStrv) unknown = NULL;

  g_assert_cmpuint (msi_invite_plan_get_n_rows (plan), ==, 13);
  assert_row (plan, 0, 2, MSI_INVITE_STATUS_READY, NULL);
  assert_row (plan, 1, 3, MSI_INVITE_STATUS_INVALID_ADDRESS, "“bad.example.com” has no “@”");
  assert_row (plan, 2, 4, MSI_INVITE_STATUS_MISSING_FIELD, "empty");
  assert_row (plan, 3, 5, MSI_INVITE_STATUS_DUPLICATE, "line 2");
  assert_row (plan, 4, 6, MSI_INVITE_STATUS_ALREADY_USER, "“User@x.com” already has an account");
  assert_row (plan, 5, 7, MSI_INVITE_STATUS_ALREADY_INVITED, "“pending@x.com” was already invited");
  assert_row (plan, 6, 8, MSI_INVITE_STATUS_UNKNOWN_TEAM, "“Marketing”");
  assert_row (plan, 7, 9, MSI_INVITE_STATUS_READY, NULL);
  assert_row (plan, 8, 10, MSI_INVITE_STATUS_MALFORMED_ROW, "2 fields where the header has 3");
  assert_row (plan, 9, 11, MSI_INVITE_STATUS_MALFORMED_ROW, "Column 6");
  assert_row (plan, 10, 12, MSI_INVITE_STATUS_INVALID_ADDRESS, NULL);
  assert_row (plan, 11, 14, MSI_INVITE_STATUS_INVALID_ADDRESS, "has no dot");
  assert_row (plan, 12, 15, MSI_INVITE_STATUS_DUPLICATE, "line 2");

  /* Fields come trimmed and unescaped. */
  ready = msi_invite_plan_dup_row (plan, 0);
  g_assert_cmpstr (msi_invite_row_get_field (ready, EMAIL), ==, "ok@x.com");
  g_assert_cmpstr (msi_invite_row_get_field (ready, FIRST), ==, "Ok");
  g_assert_cmpstr (msi_invite_row_get_field (ready, TEAM), ==, "Sales");
  g_assert_cmpstr (msi_invite_row_get_field (ready, LAST), ==, "");
  dup = msi_invite_plan_dup_row (plan, 7);
  g_assert_cmpstr (msi_invite_row_get_field (dup, FIRST), ==, "Q, \"Q\"");
  g_clear_object (&dup);
  dup = msi_invite_plan_dup_row (plan, 3);
  g_assert_cmpuint (msi_invite_row_get_duplicate_of (dup), ==, 2);

  g_assert_cmpuint (msi_invite_plan_get_n_ready (plan), ==, 2);
  g_assert_cmpuint (msi_invite_plan_get_n_problems (plan), ==, 11);
  g_assert_cmpuint (msi_invite_plan_count_status (plan, MSI_INVITE_STATUS_INVALID_ADDRESS), ==, 3);
  g_assert_cmpuint (msi_invite_plan_count_status (plan, MSI_INVITE_STATUS_DUPLICATE), ==, 2);
  g_assert_cmpuint (msi_invite_plan_count_status (plan, MSI_INVITE_STATUS_MALFORMED_ROW), ==, 2);
  g_assert_cmpuint (msi_invite_plan_count_status (plan, MSI_INVITE_STATUS_MISSING_FIELD), ==, 1);
  g_assert_cmpuint (msi_invite_plan_count_status (plan, MSI_INVITE_STATUS_ALREADY_USER), ==, 1);
  g_assert_cmpuint (msi_invite_plan_count_status (plan, MSI_INVITE_STATUS_ALREADY_INVITED), ==, 1);
  g_assert_cmpuint (msi_invite_plan_count_status (plan, MSI_INVITE_STATUS_UNKNOWN_TEAM), ==, 1);

  unknown = msi_invite_plan_dup_unknown_teams (plan);
  g_assert_cmpstrv (unknown, ((const char * const[]) { "Marketing", NULL }));

  /* Without a directory only the file is checked. */
  {
    g_autoptr(MsiInvitePlan) alone = plan_for (statuses_csv, NULL);

    g_assert_cmpuint (msi_invite_plan_get_n_ready (alone), ==, 5);
    g_assert_cmpuint (msi_invite_plan_count_status (alone, MSI_INVITE_STATUS_ALREADY_USER), ==, 0);
    g_assert_cmpuint (msi_invite_plan_count_status (alone, MSI_INVITE_STATUS_UNKNOWN_TEAM), ==, 0);
  }
}

static void
test_duplicates (void)
{
  g_autoptr(GString) text = g_string_new ("Email\n");
  g_autoptr(MsiInvitePlan) plan = NULL;

  /* Many addresses, so that the table grows; every 100th repeats an
   * earlier one in other case. */
  for (guint i = 0; i < 30000; i++)
    {
      if (i % 100 == 99)
        g_string_append_printf (text, "Person%u@Example.COM\n", i - 50);
      else
        g_string_append_printf (text, "person%u@example.com\n", i);
    }
  /* Case outside ASCII, in the domain. */
  g_string_append (text, "a@ÉXAMPLE.org\na@éxample.org\n");

  plan = plan_for (text->str, NULL);
  g_assert_cmpuint (msi_invite_plan_get_n_rows (plan), ==, 30002);
  g_assert_cmpuint (msi_invite_plan_count_status (plan, MSI_INVITE_STATUS_DUPLICATE), ==, 301);
  for (guint i = 99; i < 30000; i += 100)
    {
      g_autofree char *line = g_strdup_printf ("line %u", i - 50 + 2);

      assert_row (plan, i, i + 2, MSI_INVITE_STATUS_DUPLICATE, line);
    }
  assert_row (plan, 30000, 30002, MSI_INVITE_STATUS_READY, NULL);
  assert_row (plan, 30001, 30003, MSI_INVITE_STATUS_DUPLICATE, "line 30002");
}

static void
test_seat_limit (void)
{
  g_autoptr(MsiInviteDirectory) directory = make_directory (5, 20);
  g_autoptr(MsiInvitePlan) plan = NULL;

  /* Five seats, two taken: three left. */
  plan = plan_for ("Email\na@x.com\nb@x.com\nnot an address\nc@x.com\nd@x.com\ne@x.com\n", directory);
  assert_row (plan, 0, 2, MSI_INVITE_STATUS_READY, NULL);
  assert_row (plan, 1, 3, MSI_INVITE_STATUS_READY, NULL);
  assert_row (plan, 2, 4, MSI_INVITE_STATUS_INVALID_ADDRESS, NULL);
  assert_row (plan, 3, 5, MSI_INVITE_STATUS_READY, NULL);
  assert_row (plan, 4, 6, MSI_INVITE_STATUS_OVER_SEAT_LIMIT, "5 seats, 2 are taken");
  assert_row (plan, 5, 7, MSI_INVITE_STATUS_OVER_SEAT_LIMIT, "3 left");
  g_assert_cmpuint (msi_invite_plan_get_n_ready (plan), ==, 3);
  g_assert_cmpuint (msi_invite_plan_count_status (plan, MSI_INVITE_STATUS_OVER_SEAT_LIMIT), ==, 2);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static void
count_items_changed (GListModel *model,
                     guint       position,
                     guint       removed,
                     guint       added,
                     gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static void
test_team_limit (void)
{
  g_autoptr(MsiInviteDirectory) directory = make_directory (100, 5);
  g_autoptr(MsiInvitePlan) plan = NULL;
  g_autoptr(MsiInvitePlan) over = NULL;
  g_auto(GStrv) unknown = NULL;
  guint ready_notified = 0, changed = 0;

  /* Everyone, Sales and Support, and two new: five teams fit. */
  plan = plan_for ("Email,Team\na@x.com,Marketing\nb@x.com,Legal\nc@x.com,marketing\nd@x.com,Sales\ne@x.com,\n",
                   directory);
  unknown = msi_invite_plan_dup_unknown_teams (plan);
  g_assert_cmpstrv (unknown, ((const char * const[]) { "Marketing", "Legal", NULL }));
  g_assert_cmpuint (msi_invite_plan_count_status (plan, MSI_INVITE_STATUS_UNKNOWN_TEAM), ==, 3);
  g_assert_cmpuint (msi_invite_plan_get_n_ready (plan), ==, 2);

  g_signal_connect (plan, "notify::n-ready", G_CALLBACK (count_notify), &ready_notified);
  g_signal_connect (plan, "items-changed", G_CALLBACK (count_items_changed), &changed);
  msi_invite_plan_set_create_teams (plan, TRUE);
  g_assert_true (msi_invite_plan_get_create_teams (plan));
  g_assert_cmpuint (msi_invite_plan_get_n_ready (plan), ==, 5);
  g_assert_cmpuint (ready_notified, ==, 1);
  g_assert_cmpuint (changed, ==, 1);
  assert_row (plan, 0, 2, MSI_INVITE_STATUS_READY, NULL);

  msi_invite_plan_set_create_teams (plan, FALSE);
  assert_row (plan, 0, 2, MSI_INVITE_STATUS_UNKNOWN_TEAM, "“Marketing”");

  /* Three new teams would make six. */
  over = plan_for ("Email,Team\na@x.com,Marketing\nb@x.com,Legal\nc@x.com,Finance\nd@x.com,Sales\n", directory);
  msi_invite_plan_set_create_teams (over, TRUE);
  assert_row (over, 0, 2, MSI_INVITE_STATUS_TEAM_LIMIT, "limit of 5 teams: the account has 3 teams and the file names 3 new ones");
  assert_row (over, 2, 4, MSI_INVITE_STATUS_TEAM_LIMIT, "“Finance”");
  assert_row (over, 3, 5, MSI_INVITE_STATUS_READY, NULL);
  g_assert_cmpuint (msi_invite_plan_count_status (over, MSI_INVITE_STATUS_TEAM_LIMIT), ==, 3);
}

static GArray *
item_lines (GListModel *model)
{
  GArray *lines = g_array_new (FALSE, FALSE, sizeof (guint));

  g_assert_true (g_list_model_get_item_type (model) == MSI_TYPE_INVITE_ROW);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(MsiInviteRow) row = g_list_model_get_item (model, i);
      guint line = msi_invite_row_get_line (row);

      g_array_append_val (lines, line);
    }
  g_assert_null (g_list_model_get_item (model, g_list_model_get_n_items (model)));
  return lines;
}

static void
assert_lines (MsiInvitePlan *plan,
              const guint   *expected,
              guint          n)
{
  g_autoptr(GArray) lines = item_lines (G_LIST_MODEL (plan));

  g_assert_cmpuint (lines->len, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpuint (g_array_index (lines, guint, i), ==, expected[i]);
}

static void
test_filters (void)
{
  g_autoptr(MsiInviteDirectory) directory = make_directory (100, 20);
  g_autoptr(MsiInvitePlan) plan = plan_for (statuses_csv, directory);
  g_autoptr(GPtrArray) ready = NULL;
  static const guint all[] = { 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14, 15 };
  static const guint problems[] = { 3, 4, 5, 6, 7, 8, 10, 11, 12, 14, 15 };
  static const guint ready_lines[] = { 2, 9 };
  guint changed = 0, filter_notified = 0;

  g_signal_connect (plan, "items-changed", G_CALLBACK (count_items_changed), &changed);
  g_signal_connect (plan, "notify::filter", G_CALLBACK (count_notify), &filter_notified);

  assert_lines (plan, all, G_N_ELEMENTS (all));
  msi_invite_plan_set_filter (plan, MSI_INVITE_PLAN_FILTER_PROBLEMS);
  g_assert_cmpint (msi_invite_plan_get_filter (plan), ==, MSI_INVITE_PLAN_FILTER_PROBLEMS);
  assert_lines (plan, problems, G_N_ELEMENTS (problems));
  msi_invite_plan_set_filter (plan, MSI_INVITE_PLAN_FILTER_READY);
  assert_lines (plan, ready_lines, G_N_ELEMENTS (ready_lines));
  g_assert_cmpuint (changed, ==, 2);
  g_assert_cmpuint (filter_notified, ==, 2);

  /* Counts are over all rows, whatever the filter. */
  g_assert_cmpuint (msi_invite_plan_get_n_rows (plan), ==, 13);
  g_assert_cmpuint (msi_invite_plan_get_n_problems (plan), ==, 11);

  /* A status change shows in the filtered view. */
  msi_invite_plan_set_create_teams (plan, TRUE);
  {
    static const guint more[] = { 2, 8, 9 };

    assert_lines (plan, more, G_N_ELEMENTS (more));
  }

  ready = msi_invite_plan_dup_ready_rows (plan);
  g_assert_cmpuint (ready->len, ==, 3);
  g_assert_cmpstr (msi_invite_row_get_field (g_ptr_array_index (ready, 1), EMAIL), ==, "new@x.com");

  msi_invite_plan_set_filter (plan, MSI_INVITE_PLAN_FILTER_ALL);
  assert_lines (plan, all, G_N_ELEMENTS (all));
}

static void
test_set_mapping (void)
{
  g_autoptr(MsiInvitePlan) plan = plan_for ("Contact,Backup,Note\na@x.com,b@x.com,x\nc@x.com,not-an-address,y\n", NULL);
  g_auto(GStrv) unmapped = NULL;
  guint changed = 0;

  g_assert_cmpint (msi_invite_plan_get_column (plan, EMAIL), ==, 0);
  g_assert_cmpuint (msi_invite_plan_get_n_ready (plan), ==, 2);
  g_signal_connect (plan, "items-changed", G_CALLBACK (count_items_changed), &changed);

  /* Addresses from the second column: the first holds nothing now. */
  msi_invite_plan_set_mapping (plan, 1, EMAIL);
  g_assert_cmpint (msi_invite_plan_get_column (plan, EMAIL), ==, 1);
  g_assert_cmpint (msi_invite_plan_get_mapping (plan, 0), ==, MSI_INVITE_FIELD_IGNORE);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_false (msi_invite_plan_get_loading (plan));
  g_assert_cmpuint (msi_invite_plan_get_n_ready (plan), ==, 1);
  assert_row (plan, 1, 3, MSI_INVITE_STATUS_INVALID_ADDRESS, "not-an-address");

  msi_invite_plan_set_mapping (plan, 2, TITLE);
  {
    g_autoptr(MsiInviteRow) row = msi_invite_plan_dup_row (plan, 0);

    g_assert_cmpstr (msi_invite_row_get_field (row, TITLE), ==, "x");
  }
  unmapped = msi_invite_plan_dup_unmapped_columns (plan);
  g_assert_cmpstrv (unmapped, ((const char * const[]) { "Contact", NULL }));

  /* Nothing for e-mail: nothing is ready, and the plan says why. */
  msi_invite_plan_set_mapping (plan, 1, MSI_INVITE_FIELD_IGNORE);
  g_assert_nonnull (msi_invite_plan_get_mapping_problem (plan));
  g_assert_cmpuint (msi_invite_plan_get_n_ready (plan), ==, 0);
  msi_invite_plan_set_mapping (plan, 0, EMAIL);
  g_assert_null (msi_invite_plan_get_mapping_problem (plan));
  g_assert_cmpuint (msi_invite_plan_get_n_ready (plan), ==, 2);
}

typedef struct
{
  guint    n_changes;
  guint    n_items;
  gboolean loading_at_first;
  gboolean in_order;
  gboolean done;
  gboolean ok;
  GError  *error;
  GCancellable *cancel_on_first;
} LoadState;

static void
load_items_changed (GListModel *model,
                    guint       position,
                    guint       removed,
                    guint       added,
                    gpointer    user_data)
{
  LoadState *state = user_data;

  if (state->n_changes == 0)
    {
      state->loading_at_first = msi_invite_plan_get_loading (MSI_INVITE_PLAN (model));
      if (state->cancel_on_first != NULL)
        g_cancellable_cancel (state->cancel_on_first);
    }
  /* Rows are only added, at the end. */
  state->in_order &= position == state->n_items && removed == 0;
  state->n_items += added;
  state->n_changes++;
}

static void
load_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  LoadState *state = user_data;

  state->ok = msi_invite_plan_load_finish (MSI_INVITE_PLAN (object), result, &state->error);
  state->done = TRUE;
}

static char *
write_temp (const char *name,
            const char *text,
            gssize      len)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (g_get_user_cache_dir (), name, NULL);

  g_mkdir_with_parents (g_get_user_cache_dir (), 0700);
  g_assert_true (g_file_set_contents (path, text, len, &error));
  g_assert_no_error (error);
  return path;
}

static char *
many_rows (guint n)
{
  GString *text = g_string_new ("E-mail;Voornaam;Team\n");

  for (guint i = 0; i < n; i++)
    g_string_append_printf (text, "person%u@example.com;\"Person; %u\";Sales\n", i, i);
  return g_string_free (text, FALSE);
}

static void
test_load_async (void)
{
  g_autofree char *text = many_rows (60000);
  g_autofree char *path = write_temp ("async.csv", text, -1);
  g_autoptr(MsiInvitePlan) plan = msi_invite_plan_new (NULL);
  LoadState state = { 0, };
  guint loading_notified = 0;

  state.in_order = TRUE;
  g_signal_connect (plan, "items-changed", G_CALLBACK (load_items_changed), &state);
  g_signal_connect (plan, "notify::loading", G_CALLBACK (count_notify), &loading_notified);
  msi_invite_plan_load_async (plan, path, NULL, load_done, &state);
  g_assert_true (msi_invite_plan_get_loading (plan));
  while (!state.done)
    g_main_context_iteration (NULL, TRUE);

  g_assert_no_error (state.error);
  g_assert_true (state.ok);
  g_assert_false (msi_invite_plan_get_loading (plan));
  g_assert_cmpuint (loading_notified, ==, 2);
  g_assert_true (state.loading_at_first);
  g_assert_true (state.in_order);
  g_test_message ("%u batches", state.n_changes);
  g_assert_cmpuint (state.n_items, ==, 60000);
  g_assert_cmpuint (msi_invite_plan_get_n_ready (plan), ==, 60000);
  g_assert_nonnull (msi_invite_plan_get_reader (plan));
  assert_row (plan, 59999, 60001, MSI_INVITE_STATUS_READY, NULL);

  /* A mapping change on that many rows is planned in a thread. */
  {
    guint changed = 0;

    g_signal_connect (plan, "items-changed", G_CALLBACK (count_items_changed), &changed);
    msi_invite_plan_set_mapping (plan, 1, EMAIL);
    g_assert_true (msi_invite_plan_get_loading (plan));
    /* A second change while the first is planned: the last one wins. */
    msi_invite_plan_set_mapping (plan, 2, EMAIL);
    while (msi_invite_plan_get_loading (plan))
      g_main_context_iteration (NULL, TRUE);
    g_assert_cmpuint (changed, ==, 1);
    g_assert_cmpint (msi_invite_plan_get_column (plan, EMAIL), ==, 2);
    g_assert_cmpuint (msi_invite_plan_get_n_ready (plan), ==, 0);
    assert_row (plan, 10, 12, MSI_INVITE_STATUS_INVALID_ADDRESS, "“Sales”");
  }
  g_unlink (path);
}

static void
test_load_async_errors (void)
{
  g_autofree char *missing = g_build_filename (g_get_user_cache_dir (), "missing.csv", NULL);
  g_autofree char *text = many_rows (60000);
  g_autofree char *path = write_temp ("cancel.csv", text, -1);
  g_autofree char *broken = write_temp ("broken.csv", "Email\na@x.com\n\"b@x.com\n", -1);

  {
    g_autoptr(MsiInvitePlan) plan = msi_invite_plan_new (NULL);
    LoadState state = { 0, };

    msi_invite_plan_load_async (plan, missing, NULL, load_done, &state);
    while (!state.done)
      g_main_context_iteration (NULL, TRUE);
    g_assert_false (state.ok);
    g_assert_error (state.error, MSI_CSV_ERROR, MSI_CSV_ERROR_UNREADABLE);
    g_assert_false (msi_invite_plan_get_loading (plan));
    g_clear_error (&state.error);
  }

  {
    g_autoptr(MsiInvitePlan) plan = msi_invite_plan_new (NULL);
    LoadState state = { 0, };

    msi_invite_plan_load_async (plan, broken, NULL, load_done, &state);
    while (!state.done)
      g_main_context_iteration (NULL, TRUE);
    g_assert_false (state.ok);
    g_assert_error (state.error, MSI_CSV_ERROR, MSI_CSV_ERROR_UNTERMINATED_QUOTE);
    g_assert_true (g_str_has_prefix (state.error->message, "Line 3, column 1:"));
    /* The rows before stay shown. */
    g_assert_cmpuint (msi_invite_plan_get_n_rows (plan), ==, 1);
    g_clear_error (&state.error);
  }

  {
    g_autoptr(MsiInvitePlan) plan = msi_invite_plan_new (NULL);
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    LoadState state = { 0, };

    state.cancel_on_first = cancellable;
    state.in_order = TRUE;
    g_signal_connect (plan, "items-changed", G_CALLBACK (load_items_changed), &state);
    msi_invite_plan_load_async (plan, path, cancellable, load_done, &state);
    while (!state.done)
      g_main_context_iteration (NULL, TRUE);
    /* Cancelled (however far reading got), and the rows read so far are
     * still shown, in order. */
    g_assert_false (state.ok);
    g_assert_error (state.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&state.error);
    g_assert_false (msi_invite_plan_get_loading (plan));
    g_assert_true (state.in_order);
    g_assert_cmpuint (state.n_items, ==, msi_invite_plan_get_n_rows (plan));
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (plan)), ==, state.n_items);
  }
  g_unlink (path);
  g_unlink (broken);
}

static void
exported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  LoadState *state = user_data;

  state->ok = msi_invite_plan_export_problems_finish (MSI_INVITE_PLAN (object), result, &state->error);
  state->done = TRUE;
}

static void
test_export (void)
{
  g_autoptr(MsiInviteDirectory) directory = make_directory (100, 20);
  g_autoptr(MsiInvitePlan) plan = plan_for ("Email;Name;Title\n"
                                            "ok@x.com;Ok;\"=HYPERLINK(\"\"x\"\")\"\n"
                                            "=cmd|' /C calc'!A0;Bad;+1\n"
                                            "ok2@x.com;Two;-2\n"
                                            "@SUM(1);At;\"Line\nbreak\"\n",
                                            directory);
  g_autofree char *path = g_build_filename (g_get_user_cache_dir (), "problems.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GHashTable) failures = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(MsiCsvReader) reader = NULL;
  LoadState state = { 0, };
  gsize len;

  g_mkdir_with_parents (g_get_user_cache_dir (), 0700);
  /* Line 4 was ready, but the import could not invite it. */
  g_hash_table_insert (failures, GUINT_TO_POINTER (4), g_strdup ("The service refused it."));
  msi_invite_plan_export_problems_async (plan, file, failures, NULL, exported_cb, &state);
  while (!state.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (state.error);
  g_assert_true (state.ok);

  g_assert_true (g_file_get_contents (path, &contents, &len, &error));
  g_test_message ("%s", contents);
  /* Formulas are neutralised, quoting kept. */
  g_assert_nonnull (strstr (contents, "'=cmd|' /C calc'!A0"));
  g_assert_nonnull (strstr (contents, "'+1"));
  g_assert_nonnull (strstr (contents, "'-2"));
  g_assert_nonnull (strstr (contents, "'@SUM(1)"));
  g_assert_null (strstr (contents, "HYPERLINK"));

  /* And it reads back as the same table. */
  bytes = g_bytes_new_take (g_steal_pointer (&contents), len);
  reader = msi_csv_reader_new_from_bytes (bytes, &error);
  g_assert_no_error (error);
  g_assert_cmpint (msi_csv_reader_get_separator (reader), ==, ';');
  g_assert_true (msi_csv_reader_get_has_header (reader));
  g_assert_cmpstrv ((char **) msi_csv_reader_get_header (reader),
                    ((const char * const[]) { "Email", "Name", "Title", "Line", "Reason", NULL }));
  g_assert_true (msi_csv_reader_read (reader, NULL, NULL, NULL, &error));
  g_assert_cmpuint (msi_csv_reader_get_n_rows (reader), ==, 3);
  {
    g_autofree char *line0 = msi_csv_reader_dup_field (reader, 0, 3);
    g_autofree char *line1 = msi_csv_reader_dup_field (reader, 1, 3);
    g_autofree char *reason1 = msi_csv_reader_dup_field (reader, 1, 4);
    g_autofree char *title2 = msi_csv_reader_dup_field (reader, 2, 2);
    g_autofree char *reason2 = msi_csv_reader_dup_field (reader, 2, 4);

    g_assert_cmpstr (line0, ==, "3");
    g_assert_cmpstr (line1, ==, "4");
    g_assert_cmpstr (reason1, ==, "The service refused it.");
    g_assert_cmpstr (title2, ==, "Line\nbreak");
    g_assert_nonnull (strstr (reason2, "@SUM(1)"));
  }

  /* A folder that does not exist: an error, and no file. */
  {
    g_autofree char *bad_path = g_build_filename (g_get_user_cache_dir (), "no-such-folder", "p.csv", NULL);
    g_autoptr(GFile) bad = g_file_new_for_path (bad_path);
    LoadState failed = { 0, };

    msi_invite_plan_export_problems_async (plan, bad, NULL, NULL, exported_cb, &failed);
    while (!failed.done)
      g_main_context_iteration (NULL, TRUE);
    g_assert_false (failed.ok);
    g_assert_error (failed.error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
    g_clear_error (&failed.error);
    g_assert_false (g_file_test (bad_path, G_FILE_TEST_EXISTS));
  }
  g_unlink (path);
}

static char *
read_stream (FILE *file)
{
  GString *text = g_string_new (NULL);
  char buffer[4096];
  size_t n;

  rewind (file);
  while ((n = fread (buffer, 1, sizeof buffer, file)) > 0)
    g_string_append_len (text, buffer, n);
  return g_string_free (text, FALSE);
}

static int
check (const char  *path,
       gboolean     json,
       char       **out_text,
       char       **err_text)
{
  FILE *out = tmpfile ();
  FILE *err = tmpfile ();
  int status = msi_invite_plan_check_file (path, json, out, err);

  *out_text = read_stream (out);
  *err_text = read_stream (err);
  fclose (out);
  fclose (err);
  return status;
}

static void
test_check_file (void)
{
  g_autofree char *ready = write_temp ("ready.csv", "Email,Team\na@x.com,Sales\nb@x.com,Support\n", -1);
  g_autofree char *mixed = write_temp ("mixed.csv", statuses_csv, -1);
  g_autofree char *broken = write_temp ("broken.csv", "Email\na@x.com\nb@x.com,\"x\n", -1);
  g_autofree char *binary = write_temp ("binary.csv", "Email\na@x.com\0\n", 15);
  g_autofree char *empty = write_temp ("empty.csv", "", 0);
  g_autofree char *missing = g_build_filename (g_get_user_cache_dir (), "missing.csv", NULL);
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (check (ready, FALSE, &out, &err), ==, 0);
  g_test_message ("%s", out);
  g_assert_cmpstr (err, ==, "");
  g_assert_nonnull (strstr (out, "“Email” → E-mail address"));
  g_assert_nonnull (strstr (out, "“Team” → Team"));
  g_assert_nonnull (strstr (out, "2 rows: 2 ready, 0 not ready."));
  g_assert_null (strstr (out, "Rows that are not ready"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (check (mixed, FALSE, &out, &err), ==, 1);
  g_test_message ("%s", out);
  g_assert_nonnull (strstr (out, "Rows that are not ready:"));
  g_assert_nonnull (strstr (out, "\n  5     Duplicate        The same address as on line 2"));
  g_assert_nonnull (strstr (out, "“bad.example.com” has no “@”"));
  g_assert_nonnull (strstr (out, "13 rows: 5 ready, 8 not ready."));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Unreadable files: exit 2, a message naming where. */
  g_assert_cmpint (check (broken, TRUE, &out, &err), ==, 2);
  g_assert_cmpstr (out, ==, "");
  g_assert_nonnull (strstr (err, "Line 3, column 9:"));
  g_assert_nonnull (strstr (err, "broken.csv"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (check (binary, FALSE, &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, "Line 2, column 8:"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (check (empty, FALSE, &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, "empty"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (check (missing, TRUE, &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, "missing.csv"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_unlink (ready);
  g_unlink (mixed);
  g_unlink (broken);
  g_unlink (binary);
  g_unlink (empty);
}

static void
test_check_file_json (void)
{
  g_autofree char *mixed = write_temp ("mixed.csv", statuses_csv, -1);
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root, *counts, *row;
  JsonArray *mapping, *rows;

  g_assert_cmpint (check (mixed, TRUE, &out, &err), ==, 1);
  g_assert_cmpstr (err, ==, "");
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);

  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "file"), ==, mixed);
  g_assert_cmpstr (json_object_get_string_member (root, "encoding"), ==, "UTF-8");
  g_assert_cmpstr (json_object_get_string_member (root, "separator"), ==, ",");
  g_assert_true (json_object_get_boolean_member (root, "hasHeader"));
  g_assert_true (json_object_get_null_member (root, "mappingProblem"));

  mapping = json_object_get_array_member (root, "mapping");
  g_assert_cmpuint (json_array_get_length (mapping), ==, 3);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (mapping, 0), "column"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (mapping, 0), "header"), ==, "Email");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (mapping, 0), "field"), ==, "email");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (mapping, 1), "field"), ==, "first-name");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (mapping, 2), "field"), ==, "team");

  rows = json_object_get_array_member (root, "rows");
  g_assert_cmpuint (json_array_get_length (rows), ==, 13);
  row = json_array_get_object_element (rows, 0);
  g_assert_cmpint (json_object_get_int_member (row, "line"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (row, "status"), ==, "ready");
  g_assert_false (json_object_has_member (row, "reason"));
  row = json_array_get_object_element (rows, 3);
  g_assert_cmpint (json_object_get_int_member (row, "line"), ==, 5);
  g_assert_cmpstr (json_object_get_string_member (row, "status"), ==, "duplicate");
  g_assert_cmpint (json_object_get_int_member (row, "duplicateOf"), ==, 2);
  g_assert_nonnull (strstr (json_object_get_string_member (row, "reason"), "line 2"));
  row = json_array_get_object_element (rows, 1);
  g_assert_cmpstr (json_object_get_string_member (row, "status"), ==, "invalid-address");
  g_assert_nonnull (strstr (json_object_get_string_member (row, "reason"), "“bad.example.com”"));
  g_assert_false (json_object_has_member (row, "duplicateOf"));
  row = json_array_get_object_element (rows, 10);
  g_assert_cmpint (json_object_get_int_member (row, "line"), ==, 12);
  /* A reason quoting a new line and quotes stays valid JSON. */
  g_assert_nonnull (strstr (json_object_get_string_member (row, "reason"), "\n"));

  counts = json_object_get_object_member (root, "counts");
  g_assert_cmpint (json_object_get_int_member (counts, "rows"), ==, 13);
  g_assert_cmpint (json_object_get_int_member (counts, "ready"), ==, 5);
  g_assert_cmpint (json_object_get_int_member (counts, "problems"), ==, 8);
  g_assert_cmpint (json_object_get_int_member (counts, "duplicate"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (counts, "malformed-row"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (counts, "over-seat-limit"), ==, 0);
  g_unlink (mixed);
}

/* The sample files, as an admin would give them. */
static void
test_sample_files (void)
{
  static const struct
  {
    const char     *name;
    MsiCsvEncoding  encoding;
    char            separator;
    gboolean        header;
    guint           rows, ready;
    int             email_column;
  } cases[] = {
    { "invite-en.csv", MSI_CSV_ENCODING_UTF8, ',', TRUE, 7, 4, 0 },
    { "invite-nl.csv", MSI_CSV_ENCODING_UTF8_BOM, ';', TRUE, 3, 3, 0 },
    { "no-header.tsv", MSI_CSV_ENCODING_UTF8, '\t', FALSE, 3, 3, 1 },
    { "quoted.csv", MSI_CSV_ENCODING_UTF8, ',', TRUE, 5, 5, 0 },
    { "ragged.csv", MSI_CSV_ENCODING_UTF8, '\t', TRUE, 4, 1, 0 },
    { "utf16le.csv", MSI_CSV_ENCODING_UTF16LE, ',', TRUE, 2, 2, 0 },
    { "windows-1252.csv", MSI_CSV_ENCODING_WINDOWS_1252, ';', TRUE, 2, 2, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "csv", cases[i].name, NULL);
      g_autoptr(MsiInvitePlan) plan = msi_invite_plan_new (NULL);
      g_autoptr(GError) error = NULL;
      MsiCsvReader *reader;

      g_test_message ("%s", cases[i].name);
      g_assert_true (msi_invite_plan_load (plan, path, NULL, &error));
      g_assert_no_error (error);
      reader = msi_invite_plan_get_reader (plan);
      g_assert_cmpint (msi_csv_reader_get_encoding (reader), ==, cases[i].encoding);
      g_assert_cmpint (msi_csv_reader_get_separator (reader), ==, cases[i].separator);
      g_assert_cmpint (msi_csv_reader_get_has_header (reader), ==, cases[i].header);
      g_assert_cmpuint (msi_invite_plan_get_n_rows (plan), ==, cases[i].rows);
      g_assert_cmpuint (msi_invite_plan_get_n_ready (plan), ==, cases[i].ready);
      g_assert_cmpint (msi_invite_plan_get_column (plan, EMAIL), ==, cases[i].email_column);
    }

  /* Accents survive every encoding. */
  {
    g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "csv", "windows-1252.csv", NULL);
    g_autoptr(MsiInvitePlan) plan = msi_invite_plan_new (NULL);
    g_autofree char *name = NULL, *amount = NULL;

    g_assert_true (msi_invite_plan_load (plan, path, NULL, NULL));
    name = msi_csv_reader_dup_field (msi_invite_plan_get_reader (plan), 1, 1);
    amount = msi_csv_reader_dup_field (msi_invite_plan_get_reader (plan), 0, 2);
    g_assert_cmpstr (name, ==, "Anne “A” Müller");
    g_assert_cmpstr (amount, ==, "€ 5");
  }
  {
    g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "csv", "utf16le.csv", NULL);
    g_autoptr(MsiInvitePlan) plan = msi_invite_plan_new (NULL);
    g_autoptr(MsiInviteRow) row = NULL;

    g_assert_true (msi_invite_plan_load (plan, path, NULL, NULL));
    row = msi_invite_plan_dup_row (plan, 0);
    g_assert_cmpstr (msi_invite_row_get_field (row, FIRST), ==, "Zoé");
    g_assert_cmpstr (msi_invite_row_get_field (row, TEAM), ==, "Ventes");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/invite-plan/mapping-languages", test_mapping_languages);
  g_test_add_func ("/invite-plan/no-email-column", test_no_email_column);
  g_test_add_func ("/invite-plan/statuses", test_statuses);
  g_test_add_func ("/invite-plan/duplicates", test_duplicates);
  g_test_add_func ("/invite-plan/seat-limit", test_seat_limit);
  g_test_add_func ("/invite-plan/team-limit", test_team_limit);
  g_test_add_func ("/invite-plan/filters", test_filters);
  g_test_add_func ("/invite-plan/set-mapping", test_set_mapping);
  g_test_add_func ("/invite-plan/load-async", test_load_async);
  g_test_add_func ("/invite-plan/load-async-errors", test_load_async_errors);
  g_test_add_func ("/invite-plan/export", test_export);
  g_test_add_func ("/invite-plan/check-file", test_check_file);
  g_test_add_func ("/invite-plan/check-file-json", test_check_file_json);
  g_test_add_func ("/invite-plan/sample-files", test_sample_files);

  return g_test_run ();
}
