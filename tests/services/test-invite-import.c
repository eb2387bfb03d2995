/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-invite-import.c: the journaled CSV invitation import against the demo server: faults, a crash, Cancel, teams */

#define G_LOG_DOMAIN "test-invite-import"

#include "config.h"

#include "common/msi-test-scim.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "msi-import-journal.h"
#include "msi-invite-import.h"
#include "msi-invite-import-private.h"
#include "msi-invite-plan.h"
#include "msi-scim-client.h"

#define IMPORT_PROFILE "demo"
#define DOMAIN         "import.example"
#define CHILD_FLAG     "--import-child"
#define CRASH_ROWS     200
#define CRASH_CHUNK    5

/*
 * Fixture: a demo server with the admin signed in, and a journal
 */

typedef struct
{
  ScimSession       s;
  char             *journal_path;
  MsiImportJournal *journal;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  scim_session_start (&f->s);
  f->journal_path = g_build_filename (f->s.data_dir, "imports.sqlite3", NULL);
  f->journal = msi_import_journal_open (f->journal_path, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->journal);
  g_clear_pointer (&f->journal_path, g_free);
  scim_session_stop (&f->s);
}

/* The child process: the same admin, signed in on its own (a profile of
 * its own in the shared keyring), against the test's demo server. */
static void
child_session_start (ScimSession *s,
                     const char  *base_url)
{
  g_autoptr(MsiProfile) demo = msi_profile_new_demo (base_url);
  g_autofree char *id = g_strdup_printf ("scim-test-%d", (int)getpid ());
  g_autoptr(MsiOAuth2Flow) flow = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *location = NULL;
  GAsyncResult *slot = NULL;

  s->base_url = g_strdup (base_url);
  s->profile = g_object_new (MSI_TYPE_PROFILE,
                             "id", id,
                             "name", msi_profile_get_name (demo),
                             "actions-url", msi_profile_get_actions_url (demo),
                             "actions-client-id", msi_profile_get_actions_client_id (demo),
                             NULL);
  s->store = msi_token_store_new ();
  s->session = new_session ();
  s->auth = msi_actions_auth_new (s->profile, s->store, NULL, s->session);

  flow = msi_actions_auth_begin (s->auth, &error);
  g_assert_no_error (error);
  location = scim_browse_authorization (s, msi_oauth2_flow_get_authorization_url (flow),
                                        SCIM_TEST_ADMIN_EMAIL, SCIM_TEST_ADMIN_PASSWORD);
  msi_actions_auth_complete_async (s->auth, flow, location, NULL, scim_result_cb, &slot);
  result = scim_wait (&slot);
  g_assert_true (msi_actions_auth_complete_finish (s->auth, result, &error));
  g_assert_no_error (error);

  msi_http_client_set_retry_delay (msi_actions_auth_get_http_client (s->auth), 20, 200);
  s->client = msi_scim_client_new (s->auth);
}

/* Forgets the tokens a killed child left in the keyring. */
static void
forget_child_tokens (ScimSession *s,
                     GPid         pid)
{
  g_autofree char *id = g_strdup_printf ("scim-test-%d", (int)pid);
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  msi_token_store_delete_profile_async (s->store, id, NULL, scim_result_cb, &slot);
  result = scim_wait (&slot);
  msi_token_store_delete_profile_finish (s->store, result, NULL);
}

/*
 * Plans, imports and what the server holds
 */

static GString *
csv_new (void)
{
  return g_string_new ("E-mail,First name,Last name,Team,Title\r\n");
}

/* @n rows "<prefix>NNNN@import.example", with names, @team and a quoted title. */
static void
csv_append (GString    *csv,
            const char *prefix,
            guint       first,
            guint       n,
            const char *team)
{
  for (guint i = first; i < first + n; i++)
    g_string_append_printf (csv, "%s%04u@" DOMAIN ",Given %u,Family %u,%s,\"Account Executive, Region %u\"\r\n",
                            prefix, i, i, i, team != NULL ? team : "", i % 7);
}

static char *
address (const char *prefix,
         guint       i)
{
  return g_strdup_printf ("%s%04u@" DOMAIN, prefix, i);
}

static MsiInviteDirectory *
load_directory (MsiScimClient *client)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;
  g_autoptr(GError) error = NULL;
  MsiInviteDirectory *directory;

  msi_scim_client_load_directory_async (client, NULL, scim_result_cb, &slot);
  result = scim_wait (&slot);
  directory = msi_scim_client_load_directory_finish (client, result, &error);
  g_assert_no_error (error);

  return directory;
}

static MsiInvitePlan *
plan_csv (MsiInviteDirectory *directory,
          GString            *csv,
          gboolean            create_teams)
{
  g_autoptr(GBytes) bytes = g_bytes_new (csv->str, csv->len);
  g_autoptr(MsiInvitePlan) plan = msi_invite_plan_new (directory);
  g_autoptr(GError) error = NULL;

  msi_invite_plan_set_create_teams (plan, create_teams);
  g_assert_true (msi_invite_plan_load_bytes (plan, bytes, NULL, &error));
  g_assert_no_error (error);

  return g_steal_pointer (&plan);
}

static MsiInviteImport *
import_new (Fixture *f,
            guint    chunk_size)
{
  MsiInviteImport *import = msi_invite_import_new (f->s.client, f->journal, IMPORT_PROFILE);

  msi_invite_import_set_chunk_size (import, chunk_size);
  /* Short pauses: the same behaviour, a quick test. */
  msi_invite_import_set_retry_delay (import, 5);

  return import;
}

static gboolean
import_start (MsiInviteImport  *import,
              MsiInvitePlan    *plan,
              const char       *file_name,
              GCancellable     *cancellable,
              GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  msi_invite_import_start_async (import, plan, file_name, cancellable, scim_result_cb, &slot);
  result = scim_wait (&slot);

  return msi_invite_import_finish (import, result, error);
}

static gboolean
import_resume (MsiInviteImport  *import,
               gint64            id,
               GCancellable     *cancellable,
               GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  msi_invite_import_resume_async (import, id, cancellable, scim_result_cb, &slot);
  result = scim_wait (&slot);

  return msi_invite_import_finish (import, result, error);
}

static GPtrArray *
journal_rows (MsiImportJournal *journal,
              gint64            id)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *rows;

  msi_invite_import_dup_rows_async (journal, id, NULL, scim_result_cb, &slot);
  result = scim_wait (&slot);
  rows = msi_invite_import_dup_rows_finish (result, &error);
  g_assert_no_error (error);

  return rows;
}

static GPtrArray *
history (MsiImportJournal *journal)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *list;

  msi_invite_import_list_history_async (journal, IMPORT_PROFILE, NULL, scim_result_cb, &slot);
  result = scim_wait (&slot);
  list = msi_invite_import_list_history_finish (result, &error);
  g_assert_no_error (error);

  return list;
}

static MsiImportSummary *
summary (Fixture *f,
         gint64   id)
{
  g_autoptr(GError) error = NULL;
  MsiImportSummary *s = msi_import_journal_dup_summary (f->journal, id, &error);

  g_assert_no_error (error);
  return s;
}

/* The journal, the object and the history agree. */
static void
assert_counts (Fixture         *f,
               MsiInviteImport *import,
               MsiImportState   state,
               guint            n_invited,
               guint            n_already_invited,
               guint            n_failed)
{
  gint64 id = msi_invite_import_get_id (import);
  g_autoptr(MsiImportSummary) s = summary (f, id);
  g_autoptr(GPtrArray) rows = journal_rows (f->journal, id);
  g_autoptr(GPtrArray) list = history (f->journal);
  guint counts[MSI_IMPORT_ROW_FAILED + 1] = { 0, };
  gboolean listed = FALSE;

  g_assert_cmpint (s->state, ==, state);
  g_assert_cmpuint (s->n_invited, ==, n_invited);
  g_assert_cmpuint (s->n_already_invited, ==, n_already_invited);
  g_assert_cmpuint (s->n_failed, ==, n_failed);
  g_assert_cmpuint (s->n_rows, ==, rows->len);
  g_assert_cmpuint (s->n_unsettled, ==, rows->len - n_invited - n_already_invited - n_failed);

  for (guint i = 0; i < rows->len; i++)
    {
      MsiImportRow *row = g_ptr_array_index (rows, i);

      counts[row->state]++;
      if (row->state == MSI_IMPORT_ROW_FAILED)
        g_assert_true (row->reason != NULL && *row->reason != '\0');
    }
  g_assert_cmpuint (counts[MSI_IMPORT_ROW_INVITED], ==, n_invited);
  g_assert_cmpuint (counts[MSI_IMPORT_ROW_ALREADY_INVITED], ==, n_already_invited);
  g_assert_cmpuint (counts[MSI_IMPORT_ROW_FAILED], ==, n_failed);

  g_assert_cmpuint (msi_invite_import_get_n_rows (import), ==, rows->len);
  g_assert_cmpuint (msi_invite_import_get_n_invited (import), ==, n_invited);
  g_assert_cmpuint (msi_invite_import_get_n_already_invited (import), ==, n_already_invited);
  g_assert_cmpuint (msi_invite_import_get_n_failed (import), ==, n_failed);
  g_assert_cmpuint (msi_invite_import_get_n_settled (import), ==, n_invited + n_already_invited + n_failed);

  for (guint i = 0; i < list->len; i++)
    {
      MsiImportSummary *item = g_ptr_array_index (list, i);

      if (item->id != id)
        continue;
      g_assert_cmpint (item->state, ==, state);
      g_assert_cmpuint (item->n_invited, ==, n_invited);
      listed = TRUE;
    }
  g_assert_true (listed);
}

/* Every user and invitation of the account: address → how many. */
static GHashTable *
server_addresses (Fixture *f)
{
  GHashTable *addresses = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint start = 1;

  for (;;)
    {
      g_autoptr(GAsyncResult) result = NULL;
      GAsyncResult *slot = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(MsiScimUserPage) page = NULL;

      msi_scim_client_list_users_async (f->s.client, NULL, start, 100, NULL, scim_result_cb, &slot);
      result = scim_wait (&slot);
      page = msi_scim_client_list_users_finish (f->s.client, result, &error);
      g_assert_no_error (error);

      for (guint i = 0; i < page->users->len; i++)
        {
          MsiScimUser *user = g_ptr_array_index (page->users, i);
          char *key = g_ascii_strdown (msi_scim_user_get_user_name (user), -1);
          guint n = GPOINTER_TO_UINT (g_hash_table_lookup (addresses, key));

          g_hash_table_replace (addresses, key, GUINT_TO_POINTER (n + 1));
        }

      start += page->users->len;
      if (page->users->len == 0 || start > page->total_results)
        break;
    }

  return addresses;
}

/* Each of the addresses exists exactly once on the server. */
static void
assert_on_server_once (Fixture    *f,
                       const char *prefix,
                       guint       first,
                       guint       n)
{
  g_autoptr(GHashTable) addresses = server_addresses (f);

  for (guint i = first; i < first + n; i++)
    {
      g_autofree char *email = address (prefix, i);

      g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (addresses, email)), ==, 1);
    }
}

/*
 * The demo's SCIM test hooks
 */

/* PUT /__demo/scim/faults on a session of its own (the admin's session
 * may have a request on its way). */
static void
set_faults (Fixture    *f,
            const char *json_body)
{
  g_autoptr(SoupSession) session = new_session ();
  g_autofree char *uri = g_strconcat (f->s.base_url, "/__demo/scim/faults", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("PUT", uri);
  g_autoptr(GBytes) request = g_bytes_new (json_body, strlen (json_body));
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_set_request_body_from_bytes (msg, "application/json", request);
  reply = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
}

/* The server made each address exactly once (never twice after a retry). */
static void
assert_created_once (Fixture    *f,
                     const char *prefix,
                     guint       first,
                     guint       n)
{
  g_autoptr(JsonObject) stats = scim_dup_stats (&f->s);

  for (guint i = first; i < first + n; i++)
    {
      g_autofree char *email = address (prefix, i);

      g_assert_cmpint (scim_stats_count (stats, "created", email), ==, 1);
    }
}

/*
 * 1. A thousand rows through injected faults
 */

/* Faults set while the import runs, once this many rows are settled:
 * each hits the next Bulk request(s). */
static const struct
{
  guint       settled;
  const char *faults;
} fault_schedule[] = {
  { 50,  "{\"loseReply\": 1}" },                        /* the retry answers 409: ours */
  { 150, "{\"status500\": 2}" },
  { 250, "{\"status429\": 1, \"retryAfter\": 1}" },
  { 350, "{\"dropConnection\": 2}" },
  { 450, "{\"loseReply\": 2}" },
  { 550, "{\"status500\": 4}" },                        /* outlasts the HTTP layer's retries */
  { 650, "{\"dropConnection\": 1, \"loseReply\": 1}" },
  { 750, "{\"loseReply\": 4}" },                        /* made, and every reply lost */
  { 850, "{\"status429\": 1, \"retryAfter\": 1, \"loseReply\": 1}" },
};

typedef struct
{
  Fixture *f;
  guint    next_fault;
  guint    n_progress;
  guint    last_settled;
} FaultRun;

static void
fault_progress_cb (MsiInviteImport *import,
                   FaultRun        *run)
{
  guint settled = msi_invite_import_get_n_settled (import);

  /* Progress only moves forward, and only with what the journal has. */
  g_assert_cmpuint (settled, >=, run->last_settled);
  run->last_settled = settled;
  run->n_progress++;

  if (run->next_fault < G_N_ELEMENTS (fault_schedule) &&
      settled >= fault_schedule[run->next_fault].settled)
    set_faults (run->f, fault_schedule[run->next_fault++].faults);
}

static void
test_faults (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(MsiInviteDirectory) directory = msi_invite_directory_new (2000, 20);
  g_autoptr(MsiInvitePlan) plan = NULL;
  g_autoptr(MsiInviteImport) import = NULL;
  g_autoptr(GString) csv = csv_new ();
  g_autoptr(JsonObject) stats = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  FaultRun run = { f, 0, 0, 0 };

  /* Room for a thousand more; the plan's directory does not know the
   * seeded Lena (a pending invitation) and Riley (a user), so they are
   * sent and answer 409 on their first try, before any fault. */
  set_faults (f, "{\"seatLimit\": 2000}");
  g_string_append (csv, "lena.hoffmann@northwind.example,Lena,Hoffmann,,\r\n"
                        "rep@northwind.example,Riley,Rep,,\r\n");
  csv_append (csv, "fault", 1, 1000, NULL);
  plan = plan_csv (directory, csv, FALSE);
  g_assert_cmpuint (msi_invite_plan_get_n_ready (plan), ==, 1002);

  scim_reset_stats (&f->s);
  import = import_new (f, 25);
  g_signal_connect (import, "progress", G_CALLBACK (fault_progress_cb), &run);
  g_assert_true (import_start (import, plan, "thousand.csv", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (run.next_fault, ==, G_N_ELEMENTS (fault_schedule));
  g_assert_cmpuint (run.n_progress, >=, 1002 / 25);

  /* Every fault was met... */
  stats = scim_dup_stats (&f->s);
  g_assert_cmpint (scim_stats_count (stats, "faultsInjected", "loseReply"), ==, 9);
  g_assert_cmpint (scim_stats_count (stats, "faultsInjected", "status500"), ==, 6);
  g_assert_cmpint (scim_stats_count (stats, "faultsInjected", "status429"), ==, 2);
  g_assert_cmpint (scim_stats_count (stats, "faultsInjected", "dropConnection"), ==, 3);

  /* ...and each row was invited exactly once, as the journal says: the
   * 409s after lost replies are this import's own invitations. */
  assert_counts (f, import, MSI_IMPORT_FINISHED, 1000, 2, 0);
  rows = journal_rows (f->journal, msi_invite_import_get_id (import));
  g_assert_cmpint (((MsiImportRow *)g_ptr_array_index (rows, 0))->state, ==, MSI_IMPORT_ROW_ALREADY_INVITED);
  g_assert_cmpint (((MsiImportRow *)g_ptr_array_index (rows, 1))->state, ==, MSI_IMPORT_ROW_ALREADY_INVITED);
  assert_on_server_once (f, "fault", 1, 1000);
  assert_created_once (f, "fault", 1, 1000);
  g_assert_cmpint (scim_stats_count (stats, "created", "lena.hoffmann@northwind.example"), ==, 0);
}

/*
 * 2. Killed mid-import, reopened, resumed
 */

/* The child: signs in, plans CRASH_ROWS rows and imports them until the
 * test kills it. */
static int
child_main (const char *base_url,
            const char *journal_path)
{
  ScimSession s = { 0, };
  g_autoptr(MsiInviteDirectory) directory = NULL;
  g_autoptr(GString) csv = csv_new ();
  g_autoptr(MsiInvitePlan) plan = NULL;
  g_autoptr(MsiImportJournal) journal = NULL;
  g_autoptr(MsiInviteImport) import = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;
  g_autoptr(GError) error = NULL;

  child_session_start (&s, base_url);
  directory = load_directory (s.client);
  journal = msi_import_journal_open (journal_path, &error);
  g_assert_no_error (error);
  csv_append (csv, "crash", 1, CRASH_ROWS, NULL);
  plan = plan_csv (directory, csv, FALSE);
  g_assert_cmpuint (msi_invite_plan_get_n_ready (plan), ==, CRASH_ROWS);

  import = msi_invite_import_new (s.client, journal, IMPORT_PROFILE);
  msi_invite_import_set_chunk_size (import, CRASH_CHUNK);
  msi_invite_import_start_async (import, plan, "crash.csv", NULL, scim_result_cb, &slot);
  result = scim_wait (&slot);
  msi_invite_import_finish (import, result, &error);

  /* The test kills this process long before the end. */
  g_printerr ("The import ended before it was killed: %s\n", error != NULL ? error->message : "finished");
  return 1;
}

static void
test_crash_resume (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *self_path = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GAsyncResult) exited = NULL;
  GAsyncResult *slot = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GArray) sent = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(MsiInviteImport) import = NULL;
  guint n_settled = 0;
  GPid child_pid;
  gint64 id = 0;

  /* Seats for all; slow replies: the import takes a while, and a chunk
   * is on its way most of the time. */
  set_faults (f, "{\"latencyMs\": 100, \"seatLimit\": 1000}");

  self_path = g_file_read_link ("/proc/self/exe", &error);
  g_assert_no_error (error);
  child = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, self_path, CHILD_FLAG,
                            f->s.base_url, f->journal_path, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_async (child, NULL, scim_result_cb, &slot);

  /* Until the journal shows settled rows and a chunk on its way. */
  for (;;)
    {
      g_autoptr(GPtrArray) rows = NULL;
      guint n_sent = 0;

      while (g_main_context_iteration (NULL, FALSE));
      if (slot != NULL)
        g_error ("The importing process ended before it was killed");

      id = msi_import_journal_find_interrupted (f->journal, IMPORT_PROFILE, &error);
      g_assert_no_error (error);
      if (id > 0)
        {
          rows = msi_import_journal_dup_rows (f->journal, id, &error);
          g_assert_no_error (error);
          n_settled = 0;
          for (guint i = 0; i < rows->len; i++)
            {
              MsiImportRow *row = g_ptr_array_index (rows, i);

              n_settled += row->state != MSI_IMPORT_ROW_PENDING && row->state != MSI_IMPORT_ROW_SENT;
              n_sent += row->state == MSI_IMPORT_ROW_SENT;
            }
          if (n_settled >= 4 * CRASH_CHUNK && n_sent > 0)
            break;
        }

      g_usleep (2000);
    }

  child_pid = (GPid)atoi (g_subprocess_get_identifier (child));
  g_subprocess_send_signal (child, SIGKILL);
  exited = scim_wait (&slot);
  g_subprocess_wait_finish (child, exited, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (child));
  g_assert_cmpint (g_subprocess_get_term_sig (child), ==, SIGKILL);
  forget_child_tokens (&f->s, child_pid);
  set_faults (f, "{\"latencyMs\": 0}");

  /* Reopened, as the app does when it starts again. */
  g_clear_object (&f->journal);
  f->journal = msi_import_journal_open (f->journal_path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (msi_import_journal_find_interrupted (f->journal, IMPORT_PROFILE, &error), ==, id);
  g_assert_no_error (error);

  before = msi_import_journal_dup_rows (f->journal, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (before->len, ==, CRASH_ROWS);
  n_settled = 0;
  for (guint i = 0; i < before->len; i++)
    {
      MsiImportRow *row = g_ptr_array_index (before, i);

      if (row->state == MSI_IMPORT_ROW_SENT)
        g_array_append_val (sent, i);
      else if (row->state != MSI_IMPORT_ROW_PENDING)
        n_settled++;
    }
  g_test_message ("Killed with %u rows settled and %u sent", n_settled, sent->len);
  g_assert_cmpuint (sent->len, >, 0);
  g_assert_cmpuint (n_settled, <, CRASH_ROWS);

  import = import_new (f, 20);
  g_assert_true (import_resume (import, id, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (msi_invite_import_get_id (import), ==, id);

  /* The rows on their way at the kill were invited by that request. */
  after = journal_rows (f->journal, id);
  for (guint i = 0; i < sent->len; i++)
    {
      MsiImportRow *row = g_ptr_array_index (after, g_array_index (sent, guint, i));

      g_assert_cmpint (row->state, ==, MSI_IMPORT_ROW_INVITED);
    }
  assert_counts (f, import, MSI_IMPORT_FINISHED, CRASH_ROWS, 0, 0);
  g_assert_cmpint (msi_import_journal_find_interrupted (f->journal, IMPORT_PROFILE, &error), ==, 0);
  g_assert_no_error (error);
  assert_on_server_once (f, "crash", 1, CRASH_ROWS);
  assert_created_once (f, "crash", 1, CRASH_ROWS);
}

/*
 * 3. Cancel, then resume
 */

typedef struct
{
  GCancellable *cancellable;
  guint         after;       /* rows settled */
  guint         delay_ms;    /* then this long, so a request is on its way */
  gboolean      done;
} CancelAt;

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
cancel_on_progress (MsiInviteImport *import,
                    CancelAt        *at)
{
  if (at->done || msi_invite_import_get_n_settled (import) < at->after)
    return;

  at->done = TRUE;
  g_timeout_add_full (G_PRIORITY_DEFAULT, at->delay_ms, cancel_cb,
                      g_object_ref (at->cancellable), g_object_unref);
}

static void
test_cancel_resume (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(MsiInviteDirectory) directory = NULL;
  g_autoptr(GString) csv = csv_new ();
  g_autoptr(MsiInvitePlan) plan = NULL;
  g_autoptr(MsiInviteImport) import = NULL;
  g_autoptr(MsiInviteImport) resumed = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(MsiImportSummary) cancelled = NULL;
  g_autoptr(GHashTable) addresses = NULL;
  g_autoptr(GError) error = NULL;
  CancelAt at = { cancellable, 20, 60, FALSE };
  gboolean running = TRUE;
  guint n_on_server = 0;
  gint64 id;

  set_faults (f, "{\"seatLimit\": 1000}");
  directory = load_directory (f->s.client);
  csv_append (csv, "cancel", 1, 120, NULL);
  plan = plan_csv (directory, csv, FALSE);
  g_assert_cmpuint (msi_invite_plan_get_n_ready (plan), ==, 120);

  /* Slow replies, so that Cancel comes while a chunk is on its way. */
  set_faults (f, "{\"latencyMs\": 150}");

  import = import_new (f, 10);
  g_signal_connect (import, "progress", G_CALLBACK (cancel_on_progress), &at);
  g_assert_false (import_start (import, plan, "cancel.csv", cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_object_get (import, "running", &running, NULL);
  g_assert_false (running);

  /* Stopped part-way: CANCELLED, not interrupted, the rest unsettled. */
  id = msi_invite_import_get_id (import);
  g_assert_cmpint (id, >, 0);
  cancelled = summary (f, id);
  g_assert_cmpint (cancelled->state, ==, MSI_IMPORT_CANCELLED);
  g_assert_cmpuint (cancelled->n_invited, >=, 20);
  g_assert_cmpuint (cancelled->n_unsettled, >, 0);
  g_assert_cmpuint (cancelled->n_invited + cancelled->n_unsettled, ==, 120);
  g_assert_cmpuint (msi_invite_import_get_n_settled (import), ==, cancelled->n_invited);
  g_assert_cmpint (msi_import_journal_find_interrupted (f->journal, IMPORT_PROFILE, &error), ==, 0);
  g_assert_no_error (error);

  /* Nothing was sent past the chunk under way. */
  addresses = server_addresses (f);
  for (guint i = 1; i <= 120; i++)
    {
      g_autofree char *email = address ("cancel", i);

      n_on_server += g_hash_table_contains (addresses, email);
    }
  g_assert_cmpuint (n_on_server, <=, cancelled->n_invited + 10);

  /* Reopened later (a new object, as after a restart): finished, once each. */
  set_faults (f, "{\"latencyMs\": 0}");
  resumed = import_new (f, 10);
  g_assert_true (import_resume (resumed, id, NULL, &error));
  g_assert_no_error (error);
  assert_counts (f, resumed, MSI_IMPORT_FINISHED, 120, 0, 0);
  assert_on_server_once (f, "cancel", 1, 120);
  assert_created_once (f, "cancel", 1, 120);

  /* A finished import resumed again does nothing. */
  g_assert_true (import_resume (resumed, id, NULL, &error));
  g_assert_no_error (error);
  assert_counts (f, resumed, MSI_IMPORT_FINISHED, 120, 0, 0);
}

/*
 * 4. Teams: created once; past the limit their rows fail with the reason
 */

static GPtrArray *
server_groups (Fixture *f)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *groups;

  msi_scim_client_list_groups_async (f->s.client, NULL, scim_result_cb, &slot);
  result = scim_wait (&slot);
  groups = msi_scim_client_list_groups_finish (f->s.client, result, &error);
  g_assert_no_error (error);

  return groups;
}

static void
create_group (Fixture    *f,
              const char *name)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MsiScimGroup) group = NULL;

  msi_scim_client_create_group_async (f->s.client, name, NULL, scim_result_cb, &slot);
  result = scim_wait (&slot);
  group = msi_scim_client_create_group_finish (f->s.client, result, &error);
  g_assert_no_error (error);
}

/* The groups named @name, whatever the case, and the members of the last. */
static guint
count_groups (Fixture    *f,
              const char *name,
              guint      *n_members)
{
  g_autoptr(GPtrArray) groups = server_groups (f);
  guint n = 0;

  for (guint i = 0; i < groups->len; i++)
    {
      MsiScimGroup *group = g_ptr_array_index (groups, i);

      if (g_ascii_strcasecmp (msi_scim_group_get_display_name (group), name) == 0)
        {
          n++;
          if (n_members != NULL)
            *n_members = msi_scim_group_get_n_members (group);
        }
    }

  return n;
}

/* A directory that believes there is room for any team: the server's
 * limit is met during the import, not in the plan. */
static MsiInviteDirectory *
roomy_directory (Fixture *f)
{
  g_autoptr(GPtrArray) groups = server_groups (f);
  MsiInviteDirectory *directory = msi_invite_directory_new (1000, 1000);

  for (guint i = 0; i < groups->len; i++)
    {
      MsiScimGroup *group = g_ptr_array_index (groups, i);

      msi_invite_directory_add_team (directory, msi_scim_group_get_display_name (group),
                                     msi_scim_group_get_id (group));
    }

  return directory;
}

static void
test_teams (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(MsiInviteDirectory) account = load_directory (f->s.client);
  g_autoptr(MsiInviteDirectory) directory = NULL;
  g_autoptr(MsiInviteDirectory) second_directory = NULL;
  g_autoptr(GString) csv = csv_new ();
  g_autoptr(GString) second_csv = csv_new ();
  g_autoptr(MsiInvitePlan) plan = NULL;
  g_autoptr(MsiInvitePlan) second_plan = NULL;
  g_autoptr(MsiInviteImport) import = NULL;
  g_autoptr(MsiInviteImport) second = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) unknown = NULL;
  guint room = msi_invite_directory_get_team_limit (account) - msi_invite_directory_get_n_teams (account);
  guint n_members = 0;

  /* Room for one more team on the server. */
  g_assert_cmpuint (room, >=, 1);
  for (guint i = 1; i < room; i++)
    {
      g_autofree char *name = g_strdup_printf ("Filler %u", i);

      create_group (f, name);
    }

  /* Two rows for Everyone, three for Field Sales (one spelled in lower
   * case), two for Partners, which does not fit any more. */
  csv_append (csv, "team", 1, 2, NULL);
  csv_append (csv, "team", 3, 2, "Field Sales");
  csv_append (csv, "team", 5, 1, "field sales");
  csv_append (csv, "team", 6, 2, "Partners");
  directory = roomy_directory (f);
  plan = plan_csv (directory, csv, TRUE);
  g_assert_cmpuint (msi_invite_plan_get_n_ready (plan), ==, 7);
  unknown = msi_invite_plan_dup_unknown_teams (plan);
  g_assert_cmpuint (g_strv_length (unknown), ==, 2);

  import = import_new (f, 3);
  g_assert_true (import_start (import, plan, "teams.csv", NULL, &error));
  g_assert_no_error (error);
  assert_counts (f, import, MSI_IMPORT_FINISHED, 5, 0, 2);

  /* Field Sales was created once, with its three people. */
  g_assert_cmpuint (count_groups (f, "Field Sales", &n_members), ==, 1);
  g_assert_cmpuint (n_members, ==, 3);
  g_assert_cmpuint (count_groups (f, "Partners", NULL), ==, 0);

  /* Partners' rows failed, saying which team and why. */
  rows = journal_rows (f->journal, msi_invite_import_get_id (import));
  for (guint i = 0; i < rows->len; i++)
    {
      MsiImportRow *row = g_ptr_array_index (rows, i);

      if (g_strcmp0 (row->team, "Partners") == 0)
        {
          g_assert_cmpint (row->state, ==, MSI_IMPORT_ROW_FAILED);
          g_assert_nonnull (strstr (row->reason, "“Partners”"));
          g_assert_nonnull (strstr (row->reason, "as many teams as it can have"));
        }
      else
        {
          g_assert_cmpint (row->state, ==, MSI_IMPORT_ROW_INVITED);
          g_assert_null (row->reason);
        }
    }
  assert_on_server_once (f, "team", 1, 5);

  /* A later file naming the team again (the plan did not know it yet):
   * found, not created twice. */
  csv_append (second_csv, "team", 8, 2, "FIELD SALES");
  second_directory = msi_invite_directory_new (1000, 1000);
  second_plan = plan_csv (second_directory, second_csv, TRUE);
  g_assert_cmpuint (msi_invite_plan_get_n_ready (second_plan), ==, 2);
  second = import_new (f, 3);
  g_assert_true (import_start (second, second_plan, "again.csv", NULL, &error));
  g_assert_no_error (error);
  assert_counts (f, second, MSI_IMPORT_FINISHED, 2, 0, 0);
  g_assert_cmpuint (count_groups (f, "Field Sales", &n_members), ==, 1);
  g_assert_cmpuint (n_members, ==, 5);
}

/*
 * main
 */

int
main (int   argc,
      char *argv[])
{
  /* The demo server serves /__demo/scim/…; loopback only: no proxy
   * lookup (it needs GSettings schemas, which G_TEST_OPTION_ISOLATE_DIRS
   * hides). */
  g_setenv ("MSI_DEMO_TEST_HOOKS", "1", TRUE);
  g_unsetenv ("MSI_DEMO_LATENCY_MS");
  g_unsetenv ("MSI_DEMO_TOKEN_LIFETIME");
  g_unsetenv ("MSI_DEMO_FAIL_TOKEN");
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);

  if (argc == 4 && g_str_equal (argv[1], CHILD_FLAG))
    return child_main (argv[2], argv[3]);

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  if (g_getenv ("MSI_DEMO_SERVER") == NULL)
    {
      g_printerr ("MSI_DEMO_SERVER must be the path of msi-actions-demo-server\n");
      return 1;
    }

#define ADD(path, func) \
  g_test_add ("/invite-import/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("faults", test_faults);
  ADD ("crash-resume", test_crash_resume);
  ADD ("cancel-resume", test_cancel_resume);
  ADD ("teams", test_teams);

  return g_test_run ();
}
