/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-invite-import.c: sending a CSV import's invitations through SCIM Bulk, journaled
 *
 * Nothing lost, nothing doubled. The journal (SQLite, written in worker
 * threads) knows every row before the network does, and every outcome
 * before the UI does:
 *
 *   begin (rows PENDING) → read the teams → create the missing ones →
 *   for each chunk: mark SENT → POST /Bulk → record outcomes → "progress"
 *
 * A row that was SENT may have been applied even when no reply came back
 * (a lost reply, a dropped connection, a crash, a cancelled request):
 * when such a row answers 409 later, the invitation is ours, so it is
 * INVITED. A row never sent before that answers 409 may still be ours:
 * the HTTP layer sends a Bulk request again after a lost reply, and the
 * second attempt answers 409 for what the first one made. Such rows are
 * looked up: a pending invitation by the signed-in admin, made since the
 * run began, is INVITED; anything else (a user, someone else's
 * invitation, an older one) is ALREADY INVITED. Transient failures (network, 5xx, 429), of a whole request or
 * of single operations, leave the rows SENT and are tried again with
 * exponential backoff and jitter; when they outlast the attempts the run
 * ends with the error and the import stays RUNNING, to be resumed.
 * Cancelling stops after the journal write under way and leaves the
 * import CANCELLED.
 */

#define G_LOG_DOMAIN "msi-invite-import"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "msi-error.h"
#include "msi-invite-import.h"
#include "msi-invite-import-private.h"

/* Tries of one step (a chunk, a team, the team list) before the run ends. */
#define MAX_ATTEMPTS           5
#define DEFAULT_RETRY_DELAY_MS 1000
#define MAX_RETRY_DELAY_MS     30000

/* Looking up the addresses that answered 409: at most this many per
 * request, in a filter of at most this many characters. */
#define LOOKUP_BATCH           20
#define LOOKUP_MAX_FILTER      900
/* How much earlier than the run the service's clock may say an
 * invitation of the run was made. */
#define CLOCK_SLACK            (2 * G_TIME_SPAN_MINUTE)

struct _MsiInviteImport
{
  GObject           parent_instance;

  MsiScimClient    *client;
  MsiImportJournal *journal;
  char             *profile;

  gint64            id;
  guint             n_rows;
  guint             n_invited;
  guint             n_already_invited;
  guint             n_failed;
  guint             chunk_size;       /* 0: the client's maximum */
  guint             retry_delay_ms;
  gboolean          running;
};

G_DEFINE_FINAL_TYPE (MsiInviteImport, msi_invite_import, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_N_ROWS,
  PROP_N_SETTLED,
  PROP_N_INVITED,
  PROP_N_ALREADY_INVITED,
  PROP_N_FAILED,
  PROP_RUNNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  SIGNAL_PROGRESS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
row_state_is_settled (MsiImportRowState state)
{
  return state == MSI_IMPORT_ROW_INVITED ||
         state == MSI_IMPORT_ROW_ALREADY_INVITED ||
         state == MSI_IMPORT_ROW_FAILED;
}

/* Failures worth another try: the request may work a little later. */
static gboolean
error_is_transient (const GError *error)
{
  if (error == NULL)
    return FALSE;

  if (error->domain == MSI_HTTP_ERROR)
    return error->code == MSI_HTTP_ERROR_NETWORK ||
           error->code == MSI_HTTP_ERROR_TIMEOUT ||
           error->code == MSI_HTTP_ERROR_RATE_LIMITED ||
           error->code == MSI_HTTP_ERROR_SERVER;

  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE);
}

/* Team names compare without case, as the account does. */
static char *
fold_team_name (const char *name)
{
  g_autofree char *normalized = g_utf8_normalize (name, -1, G_NORMALIZE_ALL_COMPOSE);

  return g_utf8_casefold (normalized != NULL ? normalized : name, -1);
}

static gboolean
team_is_everyone (const char *team)
{
  return team == NULL || *team == '\0' || g_ascii_strcasecmp (team, MSI_SCIM_EVERYONE_TEAM) == 0;
}

/*
 * The object
 */

static void
msi_invite_import_finalize (GObject *object)
{
  MsiInviteImport *self = (MsiInviteImport *)object;

  g_clear_object (&self->client);
  g_clear_object (&self->journal);
  g_clear_pointer (&self->profile, g_free);

  G_OBJECT_CLASS (msi_invite_import_parent_class)->finalize (object);
}

static void
msi_invite_import_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  MsiInviteImport *self = MSI_INVITE_IMPORT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_N_ROWS:
      g_value_set_uint (value, self->n_rows);
      break;
    case PROP_N_SETTLED:
      g_value_set_uint (value, msi_invite_import_get_n_settled (self));
      break;
    case PROP_N_INVITED:
      g_value_set_uint (value, self->n_invited);
      break;
    case PROP_N_ALREADY_INVITED:
      g_value_set_uint (value, self->n_already_invited);
      break;
    case PROP_N_FAILED:
      g_value_set_uint (value, self->n_failed);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
msi_invite_import_class_init (MsiInviteImportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = msi_invite_import_finalize;
  object_class->get_property = msi_invite_import_get_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_N_ROWS] = g_param_spec_uint ("n-rows", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_N_SETTLED] = g_param_spec_uint ("n-settled", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_N_INVITED] = g_param_spec_uint ("n-invited", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_N_ALREADY_INVITED] = g_param_spec_uint ("n-already-invited", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_N_FAILED] = g_param_spec_uint ("n-failed", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MsiInviteImport::progress:
   *
   * Emitted on the main context once outcomes are in the journal (after
   * each chunk, and after rows failed for their team).
   */
  signals[SIGNAL_PROGRESS] =
    g_signal_new ("progress",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
msi_invite_import_init (MsiInviteImport *self)
{
  self->retry_delay_ms = DEFAULT_RETRY_DELAY_MS;
}

/**
 * msi_invite_import_new:
 * @client: the signed-in admin's SCIM client
 * @journal: where the imports are recorded
 * @profile: the profile the imports belong to (history is per profile)
 */
MsiInviteImport *
msi_invite_import_new (MsiScimClient    *client,
                       MsiImportJournal *journal,
                       const char       *profile)
{
  MsiInviteImport *self;

  g_return_val_if_fail (MSI_IS_SCIM_CLIENT (client), NULL);
  g_return_val_if_fail (MSI_IS_IMPORT_JOURNAL (journal), NULL);
  g_return_val_if_fail (profile != NULL, NULL);

  self = g_object_new (MSI_TYPE_INVITE_IMPORT, NULL);
  self->client = g_object_ref (client);
  self->journal = g_object_ref (journal);
  self->profile = g_strdup (profile);

  return self;
}

gint64
msi_invite_import_get_id (MsiInviteImport *self)
{
  g_return_val_if_fail (MSI_IS_INVITE_IMPORT (self), 0);
  return self->id;
}

guint
msi_invite_import_get_n_rows (MsiInviteImport *self)
{
  g_return_val_if_fail (MSI_IS_INVITE_IMPORT (self), 0);
  return self->n_rows;
}

guint
msi_invite_import_get_n_settled (MsiInviteImport *self)
{
  g_return_val_if_fail (MSI_IS_INVITE_IMPORT (self), 0);
  return self->n_invited + self->n_already_invited + self->n_failed;
}

guint
msi_invite_import_get_n_invited (MsiInviteImport *self)
{
  g_return_val_if_fail (MSI_IS_INVITE_IMPORT (self), 0);
  return self->n_invited;
}

guint
msi_invite_import_get_n_already_invited (MsiInviteImport *self)
{
  g_return_val_if_fail (MSI_IS_INVITE_IMPORT (self), 0);
  return self->n_already_invited;
}

guint
msi_invite_import_get_n_failed (MsiInviteImport *self)
{
  g_return_val_if_fail (MSI_IS_INVITE_IMPORT (self), 0);
  return self->n_failed;
}

/**
 * msi_invite_import_set_chunk_size:
 * @chunk_size: rows per Bulk request; 0 for the client's maximum
 *
 * Never more than msi_scim_client_get_max_bulk_operations().
 */
void
msi_invite_import_set_chunk_size (MsiInviteImport *self,
                                  guint            chunk_size)
{
  g_return_if_fail (MSI_IS_INVITE_IMPORT (self));
  self->chunk_size = chunk_size;
}

void
msi_invite_import_set_retry_delay (MsiInviteImport *self,
                                   guint            first_delay_ms)
{
  g_return_if_fail (MSI_IS_INVITE_IMPORT (self));
  self->retry_delay_ms = first_delay_ms;
}

static guint
effective_chunk_size (MsiInviteImport *self)
{
  guint max = MAX (msi_scim_client_get_max_bulk_operations (self->client), 1);

  return self->chunk_size == 0 ? max : MIN (self->chunk_size, max);
}

static void
set_counts (MsiInviteImport *self,
            guint            n_invited,
            guint            n_already_invited,
            guint            n_failed)
{
  guint n_settled = msi_invite_import_get_n_settled (self);

  g_object_freeze_notify (G_OBJECT (self));
  if (self->n_invited != n_invited)
    {
      self->n_invited = n_invited;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_INVITED]);
    }
  if (self->n_already_invited != n_already_invited)
    {
      self->n_already_invited = n_already_invited;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ALREADY_INVITED]);
    }
  if (self->n_failed != n_failed)
    {
      self->n_failed = n_failed;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_FAILED]);
    }
  if (msi_invite_import_get_n_settled (self) != n_settled)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SETTLED]);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
set_id_and_rows (MsiInviteImport *self,
                 gint64           id,
                 guint            n_rows)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (self->id != id)
    {
      self->id = id;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
    }
  if (self->n_rows != n_rows)
    {
      self->n_rows = n_rows;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ROWS]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static void
set_running (MsiInviteImport *self,
             gboolean         running)
{
  if (self->running == running)
    return;

  self->running = running;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

/*
 * Journal work, in worker threads
 *
 * The jobs own copies of what they write and run without a cancellable:
 * a write that has started is always finished, so that cancelling never
 * leaves the journal behind what was sent.
 */

typedef enum
{
  JOB_BEGIN,
  JOB_LOAD,
  JOB_MARK_SENT,
  JOB_RECORD,
  JOB_SET_STATE,
} JobKind;

typedef struct
{
  JobKind           kind;
  MsiImportJournal *journal;
  gint64            id;

  /* JOB_BEGIN */
  char             *profile;
  char             *file_name;
  guint             n_file_rows;
  guint             n_not_ready;
  GStrv             teams;
  GPtrArray        *ready;       /* MsiInviteRow: the plan's ready rows */
  GPtrArray        *rows;        /* MsiImportRow, made from them */

  /* JOB_MARK_SENT */
  GArray           *lines;       /* guint */

  /* JOB_RECORD */
  GPtrArray        *outcomes;    /* MsiImportRow */

  /* JOB_SET_STATE */
  MsiImportState    state;
} Job;

/* What JOB_LOAD reads. */
typedef struct
{
  MsiImportSummary *summary;
  GPtrArray        *rows;        /* MsiImportRow */
} Loaded;

static void
job_free (Job *job)
{
  g_clear_object (&job->journal);
  g_free (job->profile);
  g_free (job->file_name);
  g_strfreev (job->teams);
  g_clear_pointer (&job->ready, g_ptr_array_unref);
  g_clear_pointer (&job->rows, g_ptr_array_unref);
  g_clear_pointer (&job->lines, g_array_unref);
  g_clear_pointer (&job->outcomes, g_ptr_array_unref);
  g_free (job);
}

static Job *
job_new (JobKind           kind,
         MsiImportJournal *journal,
         gint64            id)
{
  Job *job = g_new0 (Job, 1);

  job->kind = kind;
  job->journal = g_object_ref (journal);
  job->id = id;

  return job;
}

static void
loaded_free (Loaded *loaded)
{
  g_clear_pointer (&loaded->summary, msi_import_summary_free);
  g_clear_pointer (&loaded->rows, g_ptr_array_unref);
  g_free (loaded);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Loaded, loaded_free)

static const char *
nonempty (const char *text)
{
  return text != NULL && *text != '\0' ? text : NULL;
}

/* The rows to record, as planned (a million rows take a moment: not on
 * the main thread). MsiInviteRow is immutable. */
static GPtrArray *
import_rows_new (GPtrArray *ready)
{
  GPtrArray *rows = g_ptr_array_new_full (ready->len, (GDestroyNotify)msi_import_row_free);

  for (guint i = 0; i < ready->len; i++)
    {
      MsiInviteRow *row = g_ptr_array_index (ready, i);

      g_ptr_array_add (rows,
                       msi_import_row_new (msi_invite_row_get_line (row),
                                           msi_invite_row_get_field (row, MSI_INVITE_FIELD_EMAIL),
                                           nonempty (msi_invite_row_get_field (row, MSI_INVITE_FIELD_FIRST_NAME)),
                                           nonempty (msi_invite_row_get_field (row, MSI_INVITE_FIELD_LAST_NAME)),
                                           nonempty (msi_invite_row_get_field (row, MSI_INVITE_FIELD_TEAM)),
                                           nonempty (msi_invite_row_get_field (row, MSI_INVITE_FIELD_TITLE))));
    }

  return rows;
}

static void
job_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Job *job = task_data;
  GError *error = NULL;

  switch (job->kind)
    {
    case JOB_BEGIN:
      {
        gint64 id;

        job->rows = import_rows_new (job->ready);
        g_clear_pointer (&job->ready, g_ptr_array_unref);
        id = msi_import_journal_begin (job->journal, job->profile, job->file_name,
                                              job->n_file_rows, job->n_not_ready,
                                              (const char * const *)job->teams, job->rows, &error);

        if (id <= 0)
          g_task_return_error (task, error);
        else
          g_task_return_pointer (task, g_memdup2 (&id, sizeof id), g_free);
      }
      break;

    case JOB_LOAD:
      {
        g_autoptr(Loaded) loaded = g_new0 (Loaded, 1);

        loaded->summary = msi_import_journal_dup_summary (job->journal, job->id, &error);
        if (loaded->summary == NULL)
          {
            g_task_return_error (task, error);
            return;
          }

        /* A resumed import is running again: a crash now leaves it
         * RUNNING, so that it is found and resumed next time. */
        if (loaded->summary->state == MSI_IMPORT_CANCELLED)
          {
            if (!msi_import_journal_set_state (job->journal, job->id, MSI_IMPORT_RUNNING, &error))
              {
                g_task_return_error (task, error);
                return;
              }
            loaded->summary->state = MSI_IMPORT_RUNNING;
          }

        loaded->rows = msi_import_journal_dup_rows (job->journal, job->id, &error);
        if (loaded->rows == NULL)
          {
            g_task_return_error (task, error);
            return;
          }

        g_task_return_pointer (task, g_steal_pointer (&loaded), (GDestroyNotify)loaded_free);
      }
      break;

    case JOB_MARK_SENT:
      if (msi_import_journal_mark_sent (job->journal, job->id, (const guint *)(gpointer)job->lines->data,
                                        job->lines->len, &error))
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_error (task, error);
      break;

    case JOB_RECORD:
      if (msi_import_journal_record (job->journal, job->id, job->outcomes, &error))
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_error (task, error);
      break;

    case JOB_SET_STATE:
      if (msi_import_journal_set_state (job->journal, job->id, job->state, &error))
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_error (task, error);
      break;

    default:
      g_assert_not_reached ();
    }
}

/* @callback gets the job's GTask; @user_data is the run's task (a reference is taken). */
static void
job_run (Job                 *job,
         GAsyncReadyCallback  callback,
         GTask               *run_task)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, callback, g_object_ref (run_task));

  g_task_set_source_tag (task, job_run);
  g_task_set_task_data (task, job, (GDestroyNotify)job_free);
  g_task_run_in_thread (task, job_thread);
}

/*
 * One run (start or resume)
 */

typedef enum
{
  STAGE_GROUPS,    /* reading the account's teams */
  STAGE_TEAMS,     /* creating the teams the rows need that it lacks */
  STAGE_SEND,      /* sending chunks */
} Stage;

typedef struct
{
  MsiImportRow *row;               /* owned by Run.rows */
  gboolean      possibly_applied;  /* a request with it has left: a 409 is ours */
} Item;

typedef struct
{
  Stage       stage;
  GPtrArray  *rows;           /* MsiImportRow, every row of the import, as the journal has them */
  GPtrArray  *items;          /* Item: the rows unsettled when the run began, in line order */
  guint       next;           /* the first item not yet in a chunk */
  GPtrArray  *chunk;          /* Item (borrowed): being sent */
  GPtrArray  *recording;      /* Item (borrowed): the rows of the outcomes being recorded */
  GError     *transient;      /* the last operation-level transient error of the chunk */

  /* The chunk's answer, while the 409s of rows never sent before are
   * looked up. */
  GPtrArray  *outcomes;       /* MsiImportRow */
  GPtrArray  *outcome_items;  /* Item (borrowed), parallel to outcomes */
  GPtrArray  *to_verify;      /* Item (borrowed) */
  guint       verified;       /* to_verify[0, verified) are looked up */
  guint       batch_len;      /* of the lookup in flight */
  GDateTime  *started_at;

  GPtrArray  *teams;          /* char*: teams to create */
  guint       team_index;
  GHashTable *team_reasons;   /* folded name → why its rows fail */
  GHashTable *team_ids;       /* folded name → SCIM id (Everyone is not there: no team id) */

  guint       attempt;        /* failed tries of the current step */
  GSource    *timeout_source;
  GSource    *cancel_source;
} Run;

static void
run_clear_wait (Run *run)
{
  if (run->timeout_source != NULL)
    {
      g_source_destroy (run->timeout_source);
      g_clear_pointer (&run->timeout_source, g_source_unref);
    }
  if (run->cancel_source != NULL)
    {
      g_source_destroy (run->cancel_source);
      g_clear_pointer (&run->cancel_source, g_source_unref);
    }
}

static void
run_free (Run *run)
{
  run_clear_wait (run);
  g_clear_pointer (&run->chunk, g_ptr_array_unref);
  g_clear_pointer (&run->recording, g_ptr_array_unref);
  g_clear_pointer (&run->outcomes, g_ptr_array_unref);
  g_clear_pointer (&run->outcome_items, g_ptr_array_unref);
  g_clear_pointer (&run->to_verify, g_ptr_array_unref);
  g_clear_pointer (&run->started_at, g_date_time_unref);
  g_clear_pointer (&run->items, g_ptr_array_unref);
  g_clear_pointer (&run->rows, g_ptr_array_unref);
  g_clear_error (&run->transient);
  g_clear_pointer (&run->teams, g_ptr_array_unref);
  g_clear_pointer (&run->team_reasons, g_hash_table_unref);
  g_clear_pointer (&run->team_ids, g_hash_table_unref);
  g_free (run);
}

static Run *
run_new (void)
{
  Run *run = g_new0 (Run, 1);

  run->items = g_ptr_array_new_with_free_func (g_free);
  run->chunk = g_ptr_array_new ();
  run->teams = g_ptr_array_new_with_free_func (g_free);
  run->team_reasons = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  run->team_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  run->started_at = g_date_time_new_now_utc ();

  return run;
}

/* Takes @rows (the import's rows as the journal has them) and @teams
 * (the teams the import creates): the unsettled rows become the items,
 * the teams they need are created, and the counts start from the
 * settled rows. */
static void
run_prepare (MsiInviteImport    *self,
             Run                *run,
             GPtrArray          *rows,
             const char * const *teams)
{
  g_autoptr(GHashTable) needed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n_invited = 0;
  guint n_already_invited = 0;
  guint n_failed = 0;

  run->rows = rows;

  for (guint i = 0; i < rows->len; i++)
    {
      MsiImportRow *row = g_ptr_array_index (rows, i);
      Item *item;

      switch (row->state)
        {
        case MSI_IMPORT_ROW_INVITED:
          n_invited++;
          continue;
        case MSI_IMPORT_ROW_ALREADY_INVITED:
          n_already_invited++;
          continue;
        case MSI_IMPORT_ROW_FAILED:
          n_failed++;
          continue;
        case MSI_IMPORT_ROW_PENDING:
        case MSI_IMPORT_ROW_SENT:
        default:
          break;
        }

      item = g_new0 (Item, 1);
      item->row = row;
      item->possibly_applied = row->state == MSI_IMPORT_ROW_SENT;
      g_ptr_array_add (run->items, item);

      if (!team_is_everyone (row->team))
        g_hash_table_add (needed, fold_team_name (row->team));
    }

  /* Only the teams an unsettled row needs: a resumed import does not try
   * again a team whose rows all failed. */
  for (guint i = 0; teams != NULL && teams[i] != NULL; i++)
    {
      g_autofree char *folded = fold_team_name (teams[i]);

      if (g_hash_table_remove (needed, folded))
        g_ptr_array_add (run->teams, g_strdup (teams[i]));
    }

  set_counts (self, n_invited, n_already_invited, n_failed);
  g_signal_emit (self, signals[SIGNAL_PROGRESS], 0);
}

static void continue_run (GTask *task);
static void verify_next (GTask *task);

static void
run_complete (GTask  *task,
              GError *error)
{
  MsiInviteImport *self = g_task_get_source_object (task);

  set_running (self, FALSE);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* Ends the run with @error (transfer full); the import stays as the
 * journal has it (RUNNING: resumable). */
static void
run_fail (GTask  *task,
          GError *error)
{
  MsiInviteImport *self = g_task_get_source_object (task);

  g_debug ("Import %" G_GINT64_FORMAT " stopped: %s", self->id, error->message);
  run_complete (task, error);
}

static void
state_set_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Job *job = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      run_fail (task, error);
      return;
    }

  if (job->state == MSI_IMPORT_CANCELLED)
    run_complete (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                             _("The invitations were stopped. The rows not yet sent can be sent later.")));
  else
    run_complete (task, NULL);
}

static void
run_set_state (GTask          *task,
               MsiImportState  state)
{
  MsiInviteImport *self = g_task_get_source_object (task);
  Job *job = job_new (JOB_SET_STATE, self->journal, self->id);

  job->state = state;
  job_run (job, state_set_cb, task);
}

static gboolean
run_is_cancelled (GTask *task)
{
  return g_cancellable_is_cancelled (g_task_get_cancellable (task));
}

/* Moves run->next past the settled items; TRUE when none is left to send. */
static gboolean
run_all_settled (Run *run)
{
  while (run->next < run->items->len)
    {
      Item *item = g_ptr_array_index (run->items, run->next);

      if (!row_state_is_settled (item->row->state))
        break;
      run->next++;
    }

  return run->chunk->len == 0 && run->next >= run->items->len;
}

/* The pause before the next try of the current step. */
static gboolean
wait_over_cb (gpointer user_data)
{
  GTask *task = user_data;
  g_autoptr(GTask) keep = g_object_ref (task);
  Run *run = g_task_get_task_data (task);

  run_clear_wait (run);
  continue_run (task);

  return G_SOURCE_REMOVE;
}

static gboolean
wait_cancelled_cb (GCancellable *cancellable,
                   gpointer      user_data)
{
  return wait_over_cb (user_data);
}

/* A transient failure of the current step: try it again after a pause,
 * or end the run with @error (transfer full) after MAX_ATTEMPTS tries. */
static void
retry_later (GTask  *task,
             GError *error)
{
  MsiInviteImport *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  guint64 delay;
  guint jittered;

  run->attempt++;
  if (run->attempt >= MAX_ATTEMPTS)
    {
      run_fail (task, error);
      return;
    }

  delay = MIN ((guint64)self->retry_delay_ms << (run->attempt - 1), MAX_RETRY_DELAY_MS);
  /* Full jitter over the upper half: clients that failed together do not
   * come back together. */
  jittered = (guint)(delay / 2 + g_random_int_range (0, (gint32)(delay - delay / 2) + 1));

  g_debug ("Import %" G_GINT64_FORMAT ": try %u failed (%s); trying again in %u ms",
           self->id, run->attempt, error->message, jittered);
  g_error_free (error);

  run_clear_wait (run);
  run->timeout_source = g_timeout_source_new (jittered);
  g_source_set_callback (run->timeout_source, wait_over_cb, g_object_ref (task), g_object_unref);
  g_source_attach (run->timeout_source, g_task_get_context (task));

  if (g_task_get_cancellable (task) != NULL)
    {
      run->cancel_source = g_cancellable_source_new (g_task_get_cancellable (task));
      g_source_set_callback (run->cancel_source, G_SOURCE_FUNC (wait_cancelled_cb),
                             g_object_ref (task), g_object_unref);
      g_source_attach (run->cancel_source, g_task_get_context (task));
    }
}

/* Recording outcomes: journal first, then the counts and "progress". */

static void
recorded_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MsiInviteImport *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  Job *job = g_task_get_task_data (G_TASK (result));
  guint n_invited = self->n_invited;
  guint n_already_invited = self->n_already_invited;
  guint n_failed = self->n_failed;
  g_autoptr(GPtrArray) unsettled = NULL;
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_clear_pointer (&run->recording, g_ptr_array_unref);
      run_fail (task, error);
      return;
    }

  /* Now that the journal has them, the rows take their outcomes. */
  for (guint i = 0; i < job->outcomes->len; i++)
    {
      MsiImportRow *outcome = g_ptr_array_index (job->outcomes, i);
      Item *item = g_ptr_array_index (run->recording, i);

      item->row->state = outcome->state;
      g_free (item->row->reason);
      item->row->reason = g_strdup (outcome->reason);

      switch (outcome->state)
        {
        case MSI_IMPORT_ROW_INVITED:
          n_invited++;
          break;
        case MSI_IMPORT_ROW_ALREADY_INVITED:
          n_already_invited++;
          break;
        case MSI_IMPORT_ROW_FAILED:
          n_failed++;
          break;
        case MSI_IMPORT_ROW_PENDING:
        case MSI_IMPORT_ROW_SENT:
        default:
          g_assert_not_reached ();
        }
    }
  g_clear_pointer (&run->recording, g_ptr_array_unref);

  set_counts (self, n_invited, n_already_invited, n_failed);
  g_signal_emit (self, signals[SIGNAL_PROGRESS], 0);

  /* What of the chunk is left was refused for a while (an operation's 5xx
   * or 429): it goes again after a pause. */
  unsettled = g_ptr_array_new ();
  for (guint i = 0; i < run->chunk->len; i++)
    {
      Item *item = g_ptr_array_index (run->chunk, i);

      if (!row_state_is_settled (item->row->state))
        g_ptr_array_add (unsettled, item);
    }
  g_ptr_array_set_size (run->chunk, 0);
  g_ptr_array_extend_and_steal (run->chunk, g_steal_pointer (&unsettled));

  if (run->chunk->len > 0 && !run_is_cancelled (task))
    {
      GError *transient = g_steal_pointer (&run->transient);

      if (transient == NULL)
        transient = g_error_new_literal (MSI_HTTP_ERROR, MSI_HTTP_ERROR_SERVER,
                                         _("The Sales account service could not take some invitations for now."));
      retry_later (task, transient);
      return;
    }

  g_clear_error (&run->transient);
  run->attempt = 0;
  continue_run (task);
}

/* @outcomes: MsiImportRow (line, state, reason), parallel to @items (Item). */
static void
record_outcomes (GTask     *task,
                 GPtrArray *outcomes,
                 GPtrArray *items)
{
  MsiInviteImport *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  Job *job = job_new (JOB_RECORD, self->journal, self->id);

  g_assert (outcomes->len == items->len);
  g_assert (run->recording == NULL);

  job->outcomes = g_ptr_array_ref (outcomes);
  run->recording = g_ptr_array_ref (items);
  job_run (job, recorded_cb, task);
}

static MsiImportRow *
outcome_new (const MsiImportRow *row,
             MsiImportRowState   state,
             const char         *reason)
{
  MsiImportRow *outcome = msi_import_row_new (row->line, row->email, NULL, NULL, NULL, NULL);

  outcome->state = state;
  outcome->reason = g_strdup (reason);

  return outcome;
}

/* Sending a chunk, and reading its answer */

/* The chunk's answer is complete: journal, then the rest of the chunk. */
static void
chunk_answered (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  g_autoptr(GPtrArray) outcomes = g_steal_pointer (&run->outcomes);
  g_autoptr(GPtrArray) items = g_steal_pointer (&run->outcome_items);

  g_clear_pointer (&run->to_verify, g_ptr_array_unref);

  if (outcomes->len == 0)
    {
      GError *transient;

      if (run_is_cancelled (task))
        {
          run_set_state (task, MSI_IMPORT_CANCELLED);
          return;
        }

      /* Nothing settled: every operation asks to be tried later. */
      transient = g_steal_pointer (&run->transient);
      if (transient == NULL)
        transient = g_error_new_literal (MSI_HTTP_ERROR, MSI_HTTP_ERROR_SERVER,
                                         _("The Sales account service could not take the invitations for now."));
      retry_later (task, transient);
      return;
    }

  record_outcomes (task, outcomes, items);
}

/* Whether @user is the invitation this run's own earlier attempt made. */
static gboolean
is_own_invitation (MsiInviteImport *self,
                   Run             *run,
                   MsiScimUser     *user)
{
  MsiActionsAuth *auth = msi_scim_client_get_auth (self->client);
  const char *admin = auth != NULL ? msi_actions_auth_get_user_email (auth) : NULL;
  const char *invited_by = msi_scim_user_get_invited_by (user);
  GDateTime *invited_at = msi_scim_user_get_invited_at (user);

  return msi_scim_user_get_status (user) == MSI_SCIM_USER_INVITED &&
         admin != NULL && invited_by != NULL && g_ascii_strcasecmp (admin, invited_by) == 0 &&
         invited_at != NULL && g_date_time_difference (invited_at, run->started_at) >= -CLOCK_SLACK;
}

static void
looked_up_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MsiInviteImport *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  g_autoptr(MsiScimUserPage) page = NULL;
  GError *error = NULL;

  page = msi_scim_client_list_users_finish (MSI_SCIM_CLIENT (object), result, &error);
  if (page == NULL)
    {
      /* The rows not looked up stay SENT: sent again, their 409 is then
       * known to be ours. The others are recorded first. */
      g_debug ("Import %" G_GINT64_FORMAT ": could not look up %u addresses: %s",
               self->id, run->to_verify->len - run->verified, error->message);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_clear_error (&run->transient);
          run->transient = g_steal_pointer (&error);
        }
      g_clear_error (&error);
      chunk_answered (task);
      return;
    }

  for (guint i = run->verified; i < run->verified + run->batch_len; i++)
    {
      Item *item = g_ptr_array_index (run->to_verify, i);
      MsiImportRowState state = MSI_IMPORT_ROW_ALREADY_INVITED;

      for (guint j = 0; j < page->users->len; j++)
        {
          MsiScimUser *user = g_ptr_array_index (page->users, j);

          if (g_ascii_strcasecmp (msi_scim_user_get_user_name (user), item->row->email) == 0)
            {
              if (is_own_invitation (self, run, user))
                state = MSI_IMPORT_ROW_INVITED;
              break;
            }
        }

      g_ptr_array_add (run->outcomes, outcome_new (item->row, state, NULL));
      g_ptr_array_add (run->outcome_items, item);
    }

  run->verified += run->batch_len;
  verify_next (task);
}

static void
append_filter_value (GString    *filter,
                     const char *value)
{
  g_string_append_c (filter, '"');
  for (const char *c = value; *c != '\0'; c++)
    {
      if (*c == '"' || *c == '\\')
        g_string_append_c (filter, '\\');
      g_string_append_c (filter, *c);
    }
  g_string_append_c (filter, '"');
}

/* Looks up the next few addresses that answered 409 on their first send
 * (`userName eq "…" or …`), or records the chunk's answer when none is left. */
static void
verify_next (GTask *task)
{
  MsiInviteImport *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  g_autoptr(GString) filter = g_string_new (NULL);

  if (run->verified >= run->to_verify->len)
    {
      chunk_answered (task);
      return;
    }

  run->batch_len = 0;
  while (run->verified + run->batch_len < run->to_verify->len && run->batch_len < LOOKUP_BATCH)
    {
      Item *item = g_ptr_array_index (run->to_verify, run->verified + run->batch_len);
      gsize before = filter->len;

      if (filter->len > 0)
        g_string_append (filter, " or ");
      g_string_append (filter, "userName eq ");
      append_filter_value (filter, item->row->email);

      if (filter->len > LOOKUP_MAX_FILTER && run->batch_len > 0)
        {
          g_string_truncate (filter, before);
          break;
        }
      run->batch_len++;
    }

  msi_scim_client_list_users_async (self->client, filter->str, 1, run->batch_len,
                                    g_task_get_cancellable (task), looked_up_cb, g_object_ref (task));
}

static void
invited_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Run *run = g_task_get_task_data (task);
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GArray) was_applied = NULL;
  GError *error = NULL;

  results = msi_scim_client_invite_finish (MSI_SCIM_CLIENT (object), result, &error);

  /* Whatever came back, the request left: from now on a 409 for these
   * rows can be the answer to this very request. */
  was_applied = g_array_sized_new (FALSE, FALSE, sizeof (gboolean), run->chunk->len);
  for (guint i = 0; i < run->chunk->len; i++)
    {
      Item *item = g_ptr_array_index (run->chunk, i);

      g_array_append_val (was_applied, item->possibly_applied);
      item->possibly_applied = TRUE;
    }

  if (results == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || run_is_cancelled (task))
        {
          g_clear_error (&error);
          run_set_state (task, MSI_IMPORT_CANCELLED);
        }
      else if (error_is_transient (error))
        retry_later (task, error);
      else
        run_fail (task, error);
      return;
    }

  if (results->len != run->chunk->len)
    {
      run_fail (task, g_error_new (MSI_SCIM_ERROR, MSI_SCIM_ERROR_INVALID_REPLY,
                                   _("The Sales account service answered for %u invitations out of %u."),
                                   results->len, run->chunk->len));
      return;
    }

  run->outcomes = g_ptr_array_new_with_free_func ((GDestroyNotify)msi_import_row_free);
  run->outcome_items = g_ptr_array_new ();
  run->to_verify = g_ptr_array_new ();
  run->verified = 0;

  for (guint i = 0; i < results->len; i++)
    {
      MsiScimInviteResult *invite_result = g_ptr_array_index (results, i);
      Item *item = g_ptr_array_index (run->chunk, i);
      MsiImportRowState state;
      const char *reason = NULL;

      switch (invite_result->outcome)
        {
        case MSI_SCIM_INVITE_CREATED:
          state = MSI_IMPORT_ROW_INVITED;
          break;

        case MSI_SCIM_INVITE_ALREADY_EXISTS:
          /* Sent before (a lost reply, a crash, a cancelled request):
           * that earlier request made it. Never sent before: whose is it? */
          if (!g_array_index (was_applied, gboolean, i))
            {
              g_ptr_array_add (run->to_verify, item);
              continue;
            }
          state = MSI_IMPORT_ROW_INVITED;
          break;

        case MSI_SCIM_INVITE_FAILED:
        default:
          /* Refused for now, or no word on it (it may have been made):
           * sent again later. */
          if (error_is_transient (invite_result->error) ||
              g_error_matches (invite_result->error, MSI_SCIM_ERROR, MSI_SCIM_ERROR_INVALID_REPLY))
            {
              g_clear_error (&run->transient);
              run->transient = g_error_copy (invite_result->error);
              continue;
            }
          state = MSI_IMPORT_ROW_FAILED;
          reason = invite_result->error != NULL ? invite_result->error->message : NULL;
          if (reason == NULL || *reason == '\0')
            reason = _("The Sales account service refused this invitation without saying why.");
          break;
        }

      g_ptr_array_add (run->outcomes, outcome_new (item->row, state, reason));
      g_ptr_array_add (run->outcome_items, item);
    }

  verify_next (task);
}

static void
send_chunk (GTask *task)
{
  MsiInviteImport *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  g_autoptr(GPtrArray) invites = g_ptr_array_new_with_free_func ((GDestroyNotify)msi_scim_invite_free);

  for (guint i = 0; i < run->chunk->len; i++)
    {
      Item *item = g_ptr_array_index (run->chunk, i);
      const MsiImportRow *row = item->row;
      const char *team_id = NULL;

      if (!team_is_everyone (row->team))
        {
          g_autofree char *folded = fold_team_name (row->team);

          team_id = g_hash_table_lookup (run->team_ids, folded);
        }

      g_ptr_array_add (invites, msi_scim_invite_new (row->email, row->first_name, row->last_name,
                                                     row->title, team_id));
    }

  msi_scim_client_invite_async (self->client, invites, g_task_get_cancellable (task),
                                invited_cb, g_object_ref (task));
}

static void
marked_sent_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Run *run = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      run_fail (task, error);
      return;
    }

  for (guint i = 0; i < run->chunk->len; i++)
    {
      Item *item = g_ptr_array_index (run->chunk, i);

      item->row->state = MSI_IMPORT_ROW_SENT;
    }

  /* A SENT row that never left is harmless: it is sent again later. */
  if (run_is_cancelled (task))
    {
      run_set_state (task, MSI_IMPORT_CANCELLED);
      return;
    }

  send_chunk (task);
}

/* The next chunk: marked SENT in the journal, then sent. A chunk tried
 * again (after a transient failure) is SENT already. */
static void
send_next (GTask *task)
{
  MsiInviteImport *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  guint chunk_size = effective_chunk_size (self);
  g_autoptr(GArray) lines = NULL;
  Job *job;

  if (run->chunk->len > 0)
    {
      send_chunk (task);
      return;
    }

  lines = g_array_sized_new (FALSE, FALSE, sizeof (guint), chunk_size);
  while (run->chunk->len < chunk_size && run->next < run->items->len)
    {
      Item *item = g_ptr_array_index (run->items, run->next++);

      if (row_state_is_settled (item->row->state))
        continue;

      g_ptr_array_add (run->chunk, item);
      g_array_append_val (lines, item->row->line);
    }

  g_assert (run->chunk->len > 0);

  job = job_new (JOB_MARK_SENT, self->journal, self->id);
  job->lines = g_steal_pointer (&lines);
  job_run (job, marked_sent_cb, task);
}

/* Teams */

/* The rows whose team is not in the account (it could not be created, or
 * is gone) fail now, with the reason; then the sending starts. */
static void
fail_teamless_rows (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  g_autoptr(GPtrArray) outcomes = g_ptr_array_new_with_free_func ((GDestroyNotify)msi_import_row_free);
  g_autoptr(GPtrArray) items = g_ptr_array_new ();

  for (guint i = 0; i < run->items->len; i++)
    {
      Item *item = g_ptr_array_index (run->items, i);
      g_autofree char *folded = NULL;
      g_autofree char *missing = NULL;
      const char *reason;

      if (team_is_everyone (item->row->team) || row_state_is_settled (item->row->state))
        continue;

      folded = fold_team_name (item->row->team);
      if (g_hash_table_contains (run->team_ids, folded))
        continue;

      reason = g_hash_table_lookup (run->team_reasons, folded);
      if (reason == NULL)
        reason = missing = g_strdup_printf (_("The team “%s” does not exist in the Sales account."),
                                            item->row->team);

      g_ptr_array_add (outcomes, outcome_new (item->row, MSI_IMPORT_ROW_FAILED, reason));
      g_ptr_array_add (items, item);
    }

  run->stage = STAGE_SEND;
  run->attempt = 0;

  if (outcomes->len > 0)
    record_outcomes (task, outcomes, items);
  else
    continue_run (task);
}

static void
groups_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Run *run = g_task_get_task_data (task);
  g_autoptr(GPtrArray) groups = NULL;
  GError *error = NULL;

  groups = msi_scim_client_list_groups_finish (MSI_SCIM_CLIENT (object), result, &error);
  if (groups == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || run_is_cancelled (task))
        {
          g_clear_error (&error);
          run_set_state (task, MSI_IMPORT_CANCELLED);
        }
      else if (error_is_transient (error))
        retry_later (task, error);
      else
        run_fail (task, error);
      return;
    }

  for (guint i = 0; i < groups->len; i++)
    {
      MsiScimGroup *group = g_ptr_array_index (groups, i);
      const char *name = msi_scim_group_get_display_name (group);

      if (name == NULL || msi_scim_group_is_everyone (group))
        continue;

      g_hash_table_replace (run->team_ids, fold_team_name (name), g_strdup (msi_scim_group_get_id (group)));
    }

  run->stage = STAGE_TEAMS;
  run->attempt = 0;
  continue_run (task);
}

static void
team_created_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MsiInviteImport *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  g_autoptr(MsiScimGroup) group = NULL;
  const char *name = g_ptr_array_index (run->teams, run->team_index);
  GError *error = NULL;

  group = msi_scim_client_create_group_finish (MSI_SCIM_CLIENT (object), result, &error);
  if (group != NULL)
    {
      /* Made, or found by that name (another admin, an earlier run). */
      g_hash_table_replace (run->team_ids, fold_team_name (name), g_strdup (msi_scim_group_get_id (group)));
    }
  else
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || run_is_cancelled (task))
        {
          g_clear_error (&error);
          run_set_state (task, MSI_IMPORT_CANCELLED);
          return;
        }
      if (error_is_transient (error))
        {
          retry_later (task, error);
          return;
        }
      if (!g_error_matches (error, MSI_SCIM_ERROR, MSI_SCIM_ERROR_TEAM_LIMIT) &&
          !g_error_matches (error, MSI_SCIM_ERROR, MSI_SCIM_ERROR_INVALID_VALUE))
        {
          /* Not about this team (signed out, not an admin…): the import
           * waits, resumable. */
          run_fail (task, error);
          return;
        }

      /* Its rows fail, with the service's reason (it names the team);
       * the other rows go on. */
      g_debug ("Import %" G_GINT64_FORMAT ": team not created: %s", self->id, error->message);
      g_hash_table_replace (run->team_reasons, fold_team_name (name), g_strdup (error->message));
      g_error_free (error);
    }

  run->team_index++;
  run->attempt = 0;
  continue_run (task);
}

/* Creates the next team the rows need that the account lacks. */
static void
create_next_team (GTask *task)
{
  MsiInviteImport *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);

  while (run->team_index < run->teams->len)
    {
      const char *name = g_ptr_array_index (run->teams, run->team_index);
      g_autofree char *folded = fold_team_name (name);

      if (!g_hash_table_contains (run->team_ids, folded))
        {
          msi_scim_client_create_group_async (self->client, name, g_task_get_cancellable (task),
                                              team_created_cb, g_object_ref (task));
          return;
        }
      run->team_index++;
    }

  fail_teamless_rows (task);
}

/* Where a run goes next: the current stage's next step, unless the
 * import was cancelled or every row is settled. */
static void
continue_run (GTask *task)
{
  MsiInviteImport *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);

  if (run_all_settled (run))
    {
      run_set_state (task, MSI_IMPORT_FINISHED);
      return;
    }

  if (run_is_cancelled (task))
    {
      run_set_state (task, MSI_IMPORT_CANCELLED);
      return;
    }

  switch (run->stage)
    {
    case STAGE_GROUPS:
      msi_scim_client_list_groups_async (self->client, g_task_get_cancellable (task),
                                         groups_cb, g_object_ref (task));
      break;

    case STAGE_TEAMS:
      create_next_team (task);
      break;

    case STAGE_SEND:
      send_next (task);
      break;

    default:
      g_assert_not_reached ();
    }
}

/* Starting */

static gboolean
begin_run (MsiInviteImport     *self,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data,
           gpointer             source_tag,
           GTask              **out_task)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  /* Every row settled is a success, even if Cancel came a moment late. */
  g_task_set_check_cancellable (task, FALSE);

  if (self->running)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               _("These invitations are being sent already."));
      return FALSE;
    }

  g_task_set_task_data (task, run_new (), (GDestroyNotify)run_free);
  set_running (self, TRUE);
  *out_task = g_steal_pointer (&task);

  return TRUE;
}

static void
begun_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MsiInviteImport *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autofree gint64 *id = NULL;
  GError *error = NULL;

  id = g_task_propagate_pointer (G_TASK (result), &error);
  if (id == NULL)
    {
      run_fail (task, error);
      return;
    }

  set_id_and_rows (self, *id, job->rows->len);
  run_prepare (self, run, g_steal_pointer (&job->rows), (const char * const *)job->teams);
  run->stage = STAGE_GROUPS;
  continue_run (task);
}

/**
 * msi_invite_import_start_async:
 * @plan: a loaded plan; its ready rows are sent
 * @file_name: (nullable): the file's display name, for the history
 * @cancellable: (nullable): stops the run after the journal write under way
 *
 * Records the import and its rows in the journal (a worker thread), then
 * creates the teams the plan creates and sends the rows in chunks.
 */
void
msi_invite_import_start_async (MsiInviteImport     *self,
                               MsiInvitePlan       *plan,
                               const char          *file_name,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_auto(GStrv) teams = NULL;
  Job *job;

  g_return_if_fail (MSI_IS_INVITE_IMPORT (self));
  g_return_if_fail (MSI_IS_INVITE_PLAN (plan));
  g_return_if_fail (!msi_invite_plan_get_loading (plan));

  if (!begin_run (self, cancellable, callback, user_data, msi_invite_import_start_async, &task))
    return;

  set_id_and_rows (self, 0, 0);
  set_counts (self, 0, 0, 0);

  job = job_new (JOB_BEGIN, self->journal, 0);
  job->profile = g_strdup (self->profile);
  job->file_name = g_strdup (file_name);
  job->n_file_rows = msi_invite_plan_get_n_rows (plan);
  job->n_not_ready = msi_invite_plan_get_n_problems (plan);
  job->ready = msi_invite_plan_dup_ready_rows (plan);

  if (msi_invite_plan_get_create_teams (plan))
    teams = msi_invite_plan_dup_unknown_teams (plan);
  job->teams = teams != NULL ? g_steal_pointer (&teams) : g_new0 (char *, 1);

  job_run (job, begun_cb, task);
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MsiInviteImport *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  g_autoptr(Loaded) loaded = NULL;
  GError *error = NULL;

  loaded = g_task_propagate_pointer (G_TASK (result), &error);
  if (loaded == NULL)
    {
      run_fail (task, error);
      return;
    }

  set_id_and_rows (self, loaded->summary->id, loaded->rows->len);
  run_prepare (self, run, g_steal_pointer (&loaded->rows), (const char * const *)loaded->summary->teams);

  if (loaded->summary->state == MSI_IMPORT_FINISHED)
    {
      run_complete (task, NULL);
      return;
    }

  run->stage = STAGE_GROUPS;
  continue_run (task);
}

/**
 * msi_invite_import_resume_async:
 * @id: an import of the journal (RUNNING after a crash, or CANCELLED)
 *
 * Reads the import's rows (a worker thread) and sends only the unsettled
 * ones. Rows that were SENT may have been applied: a 409 for them means
 * INVITED. A FINISHED import completes at once.
 */
void
msi_invite_import_resume_async (MsiInviteImport     *self,
                                gint64               id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (MSI_IS_INVITE_IMPORT (self));
  g_return_if_fail (id > 0);

  if (!begin_run (self, cancellable, callback, user_data, msi_invite_import_resume_async, &task))
    return;

  set_id_and_rows (self, id, 0);
  set_counts (self, 0, 0, 0);
  job_run (job_new (JOB_LOAD, self->journal, id), loaded_cb, task);
}

gboolean
msi_invite_import_finish (MsiInviteImport  *self,
                          GAsyncResult     *result,
                          GError          **error)
{
  g_return_val_if_fail (MSI_IS_INVITE_IMPORT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/*
 * History
 */

typedef struct
{
  MsiImportJournal *journal;
  char             *profile;
  gint64            id;
} ReadData;

static void
read_data_free (ReadData *data)
{
  g_clear_object (&data->journal);
  g_free (data->profile);
  g_free (data);
}

static void
list_history_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  ReadData *data = task_data;
  GError *error = NULL;
  GPtrArray *list;

  list = msi_import_journal_list (data->journal, data->profile, &error);
  if (list == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, list, (GDestroyNotify)g_ptr_array_unref);
}

/**
 * msi_invite_import_list_history_async:
 * @journal: the journal
 * @profile: whose imports
 *
 * Reads the imports of @profile, newest first, in a worker thread.
 */
void
msi_invite_import_list_history_async (MsiImportJournal    *journal,
                                      const char          *profile,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ReadData *data;

  g_return_if_fail (MSI_IS_IMPORT_JOURNAL (journal));
  g_return_if_fail (profile != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, msi_invite_import_list_history_async);
  data = g_new0 (ReadData, 1);
  data->journal = g_object_ref (journal);
  data->profile = g_strdup (profile);
  g_task_set_task_data (task, data, (GDestroyNotify)read_data_free);
  g_task_run_in_thread (task, list_history_thread);
}

/**
 * msi_invite_import_list_history_finish:
 *
 * Returns: (transfer container): MsiImportSummary, newest first
 */
GPtrArray *
msi_invite_import_list_history_finish (GAsyncResult  *result,
                                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == msi_invite_import_list_history_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
dup_rows_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  ReadData *data = task_data;
  GError *error = NULL;
  GPtrArray *rows;

  rows = msi_import_journal_dup_rows (data->journal, data->id, &error);
  if (rows == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, rows, (GDestroyNotify)g_ptr_array_unref);
}

/**
 * msi_invite_import_dup_rows_async:
 * @journal: the journal
 * @id: the import
 *
 * Reads the rows of import @id with their states, in line order, in a
 * worker thread.
 */
void
msi_invite_import_dup_rows_async (MsiImportJournal    *journal,
                                  gint64               id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ReadData *data;

  g_return_if_fail (MSI_IS_IMPORT_JOURNAL (journal));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, msi_invite_import_dup_rows_async);
  data = g_new0 (ReadData, 1);
  data->journal = g_object_ref (journal);
  data->id = id;
  g_task_set_task_data (task, data, (GDestroyNotify)read_data_free);
  g_task_run_in_thread (task, dup_rows_thread);
}

/**
 * msi_invite_import_dup_rows_finish:
 *
 * Returns: (transfer container): MsiImportRow, in line order
 */
GPtrArray *
msi_invite_import_dup_rows_finish (GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == msi_invite_import_dup_rows_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
