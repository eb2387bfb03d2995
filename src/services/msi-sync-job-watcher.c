/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-sync-job-watcher.c: follows a running sync job by polling, backing off while the service does not answer */

#define G_LOG_DOMAIN "msi-sync-job-watcher"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "msi-error.h"
#include "msi-sync-job-watcher.h"
#include "msi-token-store.h"

struct _MsiSyncJobWatcher
{
  GObject        parent_instance;

  MsiSyncClient *client;
  MsiSyncJob    *job;

  guint          interval_ms;
  guint          max_interval_ms;

  gboolean       active;
  GCancellable  *cancellable;     /* of the poll under way; cancelled when stopped */
  GSource       *cancel_source;   /* the caller's cancellable firing */
  GMainContext  *context;
  GSource       *timeout;
  guint          next_delay;
  guint          failures;
  GError        *error;
  GRand         *rand;
};

enum {
  PROP_0,
  PROP_JOB,
  PROP_ACTIVE,
  N_PROPS
};

enum {
  CHANGED,
  FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (MsiSyncJobWatcher, msi_sync_job_watcher, G_TYPE_OBJECT)

static void
clear_timeout (MsiSyncJobWatcher *self)
{
  if (self->timeout != NULL)
    {
      g_source_destroy (self->timeout);
      g_clear_pointer (&self->timeout, g_source_unref);
    }
}

static void
msi_sync_job_watcher_dispose (GObject *object)
{
  MsiSyncJobWatcher *self = (MsiSyncJobWatcher *)object;

  msi_sync_job_watcher_stop (self);

  G_OBJECT_CLASS (msi_sync_job_watcher_parent_class)->dispose (object);
}

static void
msi_sync_job_watcher_finalize (GObject *object)
{
  MsiSyncJobWatcher *self = (MsiSyncJobWatcher *)object;

  g_clear_object (&self->client);
  g_clear_object (&self->job);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_error (&self->error);
  g_rand_free (self->rand);

  G_OBJECT_CLASS (msi_sync_job_watcher_parent_class)->finalize (object);
}

static void
msi_sync_job_watcher_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  MsiSyncJobWatcher *self = MSI_SYNC_JOB_WATCHER (object);

  switch (prop_id)
    {
    case PROP_JOB:
      g_value_set_object (value, self->job);
      break;
    case PROP_ACTIVE:
      g_value_set_boolean (value, self->active);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
msi_sync_job_watcher_class_init (MsiSyncJobWatcherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = msi_sync_job_watcher_dispose;
  object_class->finalize = msi_sync_job_watcher_finalize;
  object_class->get_property = msi_sync_job_watcher_get_property;

  properties[PROP_JOB] =
    g_param_spec_object ("job", NULL, NULL, MSI_TYPE_SYNC_JOB,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTIVE] =
    g_param_spec_boolean ("active", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MsiSyncJobWatcher::changed:
   *
   * After every poll, good or failed.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * MsiSyncJobWatcher::finished:
   *
   * The job is final (completed, failed or cancelled); the watcher has
   * stopped.
   */
  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
msi_sync_job_watcher_init (MsiSyncJobWatcher *self)
{
  self->interval_ms = MSI_SYNC_JOB_WATCHER_INTERVAL_MS;
  self->max_interval_ms = MSI_SYNC_JOB_WATCHER_MAX_INTERVAL_MS;
  self->rand = g_rand_new ();
}

/**
 * msi_sync_job_watcher_new:
 * @client: the sync client to poll with
 * @job: the job to keep up to date
 */
MsiSyncJobWatcher *
msi_sync_job_watcher_new (MsiSyncClient *client,
                          MsiSyncJob    *job)
{
  MsiSyncJobWatcher *self;

  g_return_val_if_fail (MSI_IS_SYNC_CLIENT (client), NULL);
  g_return_val_if_fail (MSI_IS_SYNC_JOB (job), NULL);

  self = g_object_new (MSI_TYPE_SYNC_JOB_WATCHER, NULL);
  self->client = g_object_ref (client);
  self->job = g_object_ref (job);

  return self;
}

/**
 * msi_sync_job_watcher_get_job:
 *
 * Returns: (transfer none): the job it keeps up to date
 */
MsiSyncJob *
msi_sync_job_watcher_get_job (MsiSyncJobWatcher *self)
{
  g_return_val_if_fail (MSI_IS_SYNC_JOB_WATCHER (self), NULL);

  return self->job;
}

guint
msi_sync_job_watcher_nominal_delay (MsiSyncJobWatcher *self,
                                    guint              failures)
{
  guint64 delay;

  g_return_val_if_fail (MSI_IS_SYNC_JOB_WATCHER (self), 0);

  delay = self->interval_ms;
  for (guint i = 0; i < failures && delay < self->max_interval_ms; i++)
    delay *= 2;

  return (guint)MIN (delay, (guint64)self->max_interval_ms);
}

static void poll_job (MsiSyncJobWatcher *self);

static gboolean
timeout_cb (gpointer user_data)
{
  MsiSyncJobWatcher *self = user_data;

  g_clear_pointer (&self->timeout, g_source_unref);
  poll_job (self);

  return G_SOURCE_REMOVE;
}

static void
schedule (MsiSyncJobWatcher *self,
          guint              delay)
{
  clear_timeout (self);

  self->next_delay = delay;
  self->timeout = g_timeout_source_new (delay);
  g_source_set_callback (self->timeout, timeout_cb, self, NULL);
  g_source_set_static_name (self->timeout, "[msi] sync job poll");
  g_source_attach (self->timeout, self->context);
}

/* Errors waiting will not mend: the job is gone, or the admin must sign
 * in (again). */
static gboolean
is_permanent (const GError *error)
{
  return g_error_matches (error, MSI_HTTP_ERROR, MSI_HTTP_ERROR_NOT_FOUND) ||
         g_error_matches (error, MSI_HTTP_ERROR, MSI_HTTP_ERROR_UNAUTHORIZED) ||
         g_error_matches (error, MSI_HTTP_ERROR, MSI_HTTP_ERROR_FORBIDDEN) ||
         g_error_matches (error, MSI_HTTP_ERROR, MSI_HTTP_ERROR_BAD_REQUEST) ||
         error->domain == MSI_TOKEN_STORE_ERROR;
}

static void
poll_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(MsiSyncJobWatcher) self = user_data;
  g_autoptr(MsiSyncJob) observed = NULL;
  g_autoptr(GError) error = NULL;

  observed = msi_sync_client_get_job_finish (MSI_SYNC_CLIENT (object), result, &error);

  /* Stopped meanwhile. */
  if (!self->active || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (observed != NULL && g_strcmp0 (msi_sync_job_get_id (observed), msi_sync_job_get_id (self->job)) != 0)
    {
      g_clear_object (&observed);
      g_set_error_literal (&error, MSI_HTTP_ERROR, MSI_HTTP_ERROR_INVALID_RESPONSE,
                           _("The Sales account service answered with another sync job."));
    }

  if (observed != NULL)
    {
      self->failures = 0;
      g_clear_error (&self->error);
      msi_sync_job_update (self->job, observed);

      if (msi_sync_job_is_final (self->job))
        {
          msi_sync_job_watcher_stop (self);
          g_signal_emit (self, signals[CHANGED], 0);
          g_signal_emit (self, signals[FINISHED], 0);
          return;
        }

      schedule (self, self->interval_ms);
      g_signal_emit (self, signals[CHANGED], 0);
      return;
    }

  g_clear_error (&self->error);
  self->error = g_steal_pointer (&error);

  if (is_permanent (self->error))
    {
      g_debug ("Stopped watching sync job %s: %s", msi_sync_job_get_id (self->job), self->error->message);
      msi_sync_job_watcher_stop (self);
      g_signal_emit (self, signals[CHANGED], 0);
      return;
    }

  /* Back off, with half of the wait random. */
  {
    guint nominal;
    guint delay;

    if (self->failures < G_MAXUINT)
      self->failures++;
    nominal = msi_sync_job_watcher_nominal_delay (self, self->failures);
    delay = nominal - (guint)g_rand_int_range (self->rand, 0, (gint32)(nominal / 2) + 1);

    g_debug ("Polling sync job %s failed (%u in a row): %s; next in %u ms",
             msi_sync_job_get_id (self->job), self->failures, self->error->message, delay);
    schedule (self, delay);
  }

  g_signal_emit (self, signals[CHANGED], 0);
}

static void
poll_job (MsiSyncJobWatcher *self)
{
  if (!self->active)
    return;

  self->next_delay = 0;
  msi_sync_client_poll_job_async (self->client, msi_sync_job_get_id (self->job), self->cancellable,
                                  poll_cb, g_object_ref (self));
}

static gboolean
cancelled_cb (GCancellable *cancellable,
              gpointer      user_data)
{
  MsiSyncJobWatcher *self = user_data;

  msi_sync_job_watcher_stop (self);

  return G_SOURCE_REMOVE;
}

/**
 * msi_sync_job_watcher_start:
 * @cancellable: (nullable): stops the watcher when it fires
 *
 * Polls the job at once, then as described above. Starting a watcher
 * that runs does nothing.
 */
void
msi_sync_job_watcher_start (MsiSyncJobWatcher *self,
                            GCancellable      *cancellable)
{
  g_return_if_fail (MSI_IS_SYNC_JOB_WATCHER (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  if (self->active || (cancellable != NULL && g_cancellable_is_cancelled (cancellable)))
    return;

  g_clear_pointer (&self->context, g_main_context_unref);
  self->context = g_main_context_ref_thread_default ();
  self->cancellable = g_cancellable_new ();
  self->failures = 0;
  g_clear_error (&self->error);
  self->active = TRUE;

  if (cancellable != NULL)
    {
      self->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (self->cancel_source, G_SOURCE_FUNC (cancelled_cb), self, NULL);
      g_source_set_static_name (self->cancel_source, "[msi] sync job watcher cancelled");
      g_source_attach (self->cancel_source, self->context);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);

  poll_job (self);
}

/**
 * msi_sync_job_watcher_stop:
 *
 * Stops polling; a poll under way is cancelled. The job keeps running on
 * the service.
 */
void
msi_sync_job_watcher_stop (MsiSyncJobWatcher *self)
{
  g_return_if_fail (MSI_IS_SYNC_JOB_WATCHER (self));

  if (!self->active)
    return;

  self->active = FALSE;
  self->next_delay = 0;
  clear_timeout (self);

  if (self->cancel_source != NULL)
    {
      g_source_destroy (self->cancel_source);
      g_clear_pointer (&self->cancel_source, g_source_unref);
    }

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
}

gboolean
msi_sync_job_watcher_get_active (MsiSyncJobWatcher *self)
{
  g_return_val_if_fail (MSI_IS_SYNC_JOB_WATCHER (self), FALSE);

  return self->active;
}

guint
msi_sync_job_watcher_get_failures (MsiSyncJobWatcher *self)
{
  g_return_val_if_fail (MSI_IS_SYNC_JOB_WATCHER (self), 0);

  return self->failures;
}

const GError *
msi_sync_job_watcher_get_error (MsiSyncJobWatcher *self)
{
  g_return_val_if_fail (MSI_IS_SYNC_JOB_WATCHER (self), NULL);

  return self->error;
}

guint
msi_sync_job_watcher_get_next_delay (MsiSyncJobWatcher *self)
{
  g_return_val_if_fail (MSI_IS_SYNC_JOB_WATCHER (self), 0);

  return self->next_delay;
}

void
msi_sync_job_watcher_set_intervals (MsiSyncJobWatcher *self,
                                    guint              interval_ms,
                                    guint              max_interval_ms)
{
  g_return_if_fail (MSI_IS_SYNC_JOB_WATCHER (self));
  g_return_if_fail (interval_ms > 0);
  g_return_if_fail (max_interval_ms >= interval_ms);

  self->interval_ms = interval_ms;
  self->max_interval_ms = max_interval_ms;
}
