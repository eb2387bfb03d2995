/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-sync-job.c: one data sync job of the Sales account, its progress, rate and time left */

#define G_LOG_DOMAIN "msi-sync-job"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "msi-error.h"
#include "msi-sync-job.h"

/* The observations the rate is computed from. */
#define RATE_WINDOW      (10 * G_USEC_PER_SEC)
/* Closer observations say more about the network than about the job. */
#define RATE_MIN_SPAN    (G_USEC_PER_SEC / 2)

G_DEFINE_ENUM_TYPE (MsiSyncJobState, msi_sync_job_state,
  G_DEFINE_ENUM_VALUE (MSI_SYNC_JOB_QUEUED, "queued"),
  G_DEFINE_ENUM_VALUE (MSI_SYNC_JOB_RUNNING, "running"),
  G_DEFINE_ENUM_VALUE (MSI_SYNC_JOB_COMPLETED, "completed"),
  G_DEFINE_ENUM_VALUE (MSI_SYNC_JOB_FAILED, "failed"),
  G_DEFINE_ENUM_VALUE (MSI_SYNC_JOB_CANCELLED, "cancelled"))

static const char * const state_ids[] = {
  [MSI_SYNC_JOB_QUEUED] = "queued",
  [MSI_SYNC_JOB_RUNNING] = "running",
  [MSI_SYNC_JOB_COMPLETED] = "completed",
  [MSI_SYNC_JOB_FAILED] = "failed",
  [MSI_SYNC_JOB_CANCELLED] = "cancelled",
};

const char *
msi_sync_job_state_get_id (MsiSyncJobState state)
{
  g_return_val_if_fail (state <= MSI_SYNC_JOB_CANCELLED, NULL);

  return state_ids[state];
}

gboolean
msi_sync_job_state_from_id (const char      *id,
                            MsiSyncJobState *state)
{
  g_return_val_if_fail (state != NULL, FALSE);

  for (guint i = 0; id != NULL && i < G_N_ELEMENTS (state_ids); i++)
    if (g_str_equal (state_ids[i], id))
      {
        *state = (MsiSyncJobState)i;
        return TRUE;
      }

  return FALSE;
}

gboolean
msi_sync_job_state_is_final (MsiSyncJobState state)
{
  return state == MSI_SYNC_JOB_COMPLETED || state == MSI_SYNC_JOB_FAILED || state == MSI_SYNC_JOB_CANCELLED;
}

static char *
format_number (gint64 n)
{
  return g_strdup_printf ("%'" G_GINT64_FORMAT, n);
}

char *
msi_sync_skip_reason_describe (const char *reason,
                               gint64      count)
{
  g_autofree char *number = format_number (count);
  gulong n = (gulong)CLAMP (count, 0, G_MAXLONG);

  g_return_val_if_fail (reason != NULL, NULL);

  if (g_str_equal (reason, MSI_SYNC_SKIP_NO_EMAIL))
    /* Translators: %s is a number of people, such as “1,204”. */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%s person has no e-mail address, which the Sales account needs.",
                                         "%s people have no e-mail address, which the Sales account needs.", n),
                            number);

  if (g_str_equal (reason, MSI_SYNC_SKIP_DUPLICATE_EMAIL))
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%s person has the e-mail address of another person, who was synced "
                                         "instead.",
                                         "%s people have the e-mail address of another person, who was synced "
                                         "instead.", n),
                            number);

  if (g_str_equal (reason, MSI_SYNC_SKIP_INVALID_VALUE))
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%s person has a value the Sales account refused.",
                                         "%s people have a value the Sales account refused.", n),
                            number);

  /* Translators: the second %s is the service's name of the reason. */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%s person was skipped (“%s”).",
                                       "%s people were skipped (“%s”).", n),
                          number, reason);
}

typedef struct
{
  char   *reason;
  gint64  count;
} Skip;

typedef struct
{
  gint64 time;
  gint64 processed;
} Observation;

struct _MsiSyncJob
{
  GObject          parent_instance;

  char            *id;
  MsiSyncJobState  state;
  GDateTime       *created_at;
  GDateTime       *started_at;
  GDateTime       *finished_at;
  gint64           total;
  gint64           processed;
  gint64           synced;
  gint64           failed;
  GArray          *skips;        /* Skip, most first */
  GStrv            skip_reasons;
  char            *error;
  GStrv            fields;
  char            *created_by;

  GArray          *observations; /* Observation, oldest first */
  double           rate;
};

enum {
  PROP_0,
  PROP_ID,
  PROP_STATE,
  PROP_TOTAL,
  PROP_PROCESSED,
  PROP_SYNCED,
  PROP_SKIPPED,
  PROP_FAILED,
  PROP_ERROR,
  PROP_FRACTION,
  PROP_RATE,
  PROP_SECONDS_LEFT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (MsiSyncJob, msi_sync_job, G_TYPE_OBJECT)

static void
skip_clear (Skip *skip)
{
  g_free (skip->reason);
}

static void
msi_sync_job_finalize (GObject *object)
{
  MsiSyncJob *self = (MsiSyncJob *)object;

  g_free (self->id);
  g_clear_pointer (&self->created_at, g_date_time_unref);
  g_clear_pointer (&self->started_at, g_date_time_unref);
  g_clear_pointer (&self->finished_at, g_date_time_unref);
  g_array_unref (self->skips);
  g_strfreev (self->skip_reasons);
  g_free (self->error);
  g_strfreev (self->fields);
  g_free (self->created_by);
  g_array_unref (self->observations);

  G_OBJECT_CLASS (msi_sync_job_parent_class)->finalize (object);
}

static void
msi_sync_job_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  MsiSyncJob *self = MSI_SYNC_JOB (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_TOTAL:
      g_value_set_int64 (value, self->total);
      break;
    case PROP_PROCESSED:
      g_value_set_int64 (value, self->processed);
      break;
    case PROP_SYNCED:
      g_value_set_int64 (value, self->synced);
      break;
    case PROP_SKIPPED:
      g_value_set_int64 (value, msi_sync_job_get_skipped (self));
      break;
    case PROP_FAILED:
      g_value_set_int64 (value, self->failed);
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    case PROP_FRACTION:
      g_value_set_double (value, msi_sync_job_get_fraction (self));
      break;
    case PROP_RATE:
      g_value_set_double (value, self->rate);
      break;
    case PROP_SECONDS_LEFT:
      g_value_set_int64 (value, msi_sync_job_get_seconds_left (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
msi_sync_job_class_init (MsiSyncJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = msi_sync_job_finalize;
  object_class->get_property = msi_sync_job_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, MSI_TYPE_SYNC_JOB_STATE,
                                              MSI_SYNC_JOB_QUEUED, flags);
  properties[PROP_TOTAL] = g_param_spec_int64 ("total", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_PROCESSED] = g_param_spec_int64 ("processed", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_SYNCED] = g_param_spec_int64 ("synced", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_SKIPPED] = g_param_spec_int64 ("skipped", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_FAILED] = g_param_spec_int64 ("failed", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_ERROR] = g_param_spec_string ("error", NULL, NULL, NULL, flags);
  properties[PROP_FRACTION] = g_param_spec_double ("fraction", NULL, NULL, 0, 1, 0, flags);
  properties[PROP_RATE] = g_param_spec_double ("rate", NULL, NULL, 0, G_MAXDOUBLE, 0, flags);
  properties[PROP_SECONDS_LEFT] = g_param_spec_int64 ("seconds-left", NULL, NULL, -1, G_MAXINT64, -1, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
msi_sync_job_init (MsiSyncJob *self)
{
  self->skips = g_array_new (FALSE, TRUE, sizeof (Skip));
  g_array_set_clear_func (self->skips, (GDestroyNotify)skip_clear);
  self->skip_reasons = g_new0 (char *, 1);
  self->fields = g_new0 (char *, 1);
  self->observations = g_array_new (FALSE, FALSE, sizeof (Observation));
}

/* --- JSON ------------------------------------------------------------------- */

static gboolean
invalid (GError     **error,
         const char  *member)
{
  /* Translators: %s is a member of the service's reply, such as “processed”. */
  g_set_error (error, MSI_HTTP_ERROR, MSI_HTTP_ERROR_INVALID_RESPONSE,
               _("The Sales account service sent a sync job without a valid “%s”."), member);
  return FALSE;
}

static gboolean
read_count (JsonObject  *object,
            const char  *member,
            gint64      *value,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) < 0)
    return invalid (error, member);

  *value = json_node_get_int (node);
  return TRUE;
}

/* @optional: null or missing is NULL. */
static gboolean
read_time (JsonObject  *object,
           const char  *member,
           gboolean     optional,
           GDateTime  **value,
           GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (optional && (node == NULL || JSON_NODE_HOLDS_NULL (node)))
    return TRUE;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
      (*value = g_date_time_new_from_iso8601 (json_node_get_string (node), NULL)) == NULL)
    return invalid (error, member);

  return TRUE;
}

static gboolean
read_optional_string (JsonObject  *object,
                      const char  *member,
                      char       **value,
                      GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
      !g_utf8_validate (json_node_get_string (node), -1, NULL))
    return invalid (error, member);

  *value = g_strdup (json_node_get_string (node));
  return TRUE;
}

static int
compare_skips (gconstpointer a,
               gconstpointer b)
{
  const Skip *x = a;
  const Skip *y = b;

  if (x->count != y->count)
    return x->count > y->count ? -1 : 1;

  return g_strcmp0 (x->reason, y->reason);
}

static gboolean
read_skipped (MsiSyncJob  *self,
              JsonObject  *object,
              GError     **error)
{
  JsonNode *node = json_object_get_member (object, "skipped");
  JsonObjectIter iter;
  const char *reason;
  JsonNode *value;
  g_autoptr(GStrvBuilder) reasons = g_strv_builder_new ();

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, "skipped");

  json_object_iter_init (&iter, json_node_get_object (node));
  while (json_object_iter_next (&iter, &reason, &value))
    {
      Skip skip;

      if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_INT64 ||
          json_node_get_int (value) < 0 || !g_utf8_validate (reason, -1, NULL))
        return invalid (error, "skipped");

      if (json_node_get_int (value) == 0)
        continue;

      skip.reason = g_strdup (reason);
      skip.count = json_node_get_int (value);
      g_array_append_val (self->skips, skip);
    }

  g_array_sort (self->skips, compare_skips);
  for (guint i = 0; i < self->skips->len; i++)
    g_strv_builder_add (reasons, g_array_index (self->skips, Skip, i).reason);
  g_strfreev (self->skip_reasons);
  self->skip_reasons = g_strv_builder_end (reasons);

  return TRUE;
}

static gboolean
read_fields (MsiSyncJob  *self,
             JsonObject  *object,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, "fields");
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return invalid (error, "fields");

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
        return invalid (error, "fields");

      g_strv_builder_add (names, json_node_get_string (element));
    }

  g_strfreev (self->fields);
  self->fields = g_strv_builder_end (names);

  return TRUE;
}

static void
add_observation (MsiSyncJob *self,
                 gint64      time,
                 gint64      processed)
{
  Observation observation = { time, processed };

  g_array_append_val (self->observations, observation);
}

/* The rate from the observations, or from the job's own times once it
 * has ended. */
static double
compute_rate (MsiSyncJob *self)
{
  const Observation *first;
  const Observation *last;
  guint n = self->observations->len;

  if (msi_sync_job_state_is_final (self->state))
    {
      GTimeSpan span = msi_sync_job_get_duration (self);

      if (self->started_at != NULL && span > 0)
        return (double)self->processed * G_USEC_PER_SEC / (double)span;

      return 0;
    }

  if (self->state != MSI_SYNC_JOB_RUNNING || n < 2)
    return 0;

  /* Forget what is older than the window, keeping two at least. */
  last = &g_array_index (self->observations, Observation, n - 1);
  while (self->observations->len > 2 &&
         last->time - g_array_index (self->observations, Observation, 0).time > RATE_WINDOW)
    {
      g_array_remove_index (self->observations, 0);
      last = &g_array_index (self->observations, Observation, self->observations->len - 1);
    }

  first = &g_array_index (self->observations, Observation, 0);
  if (last->time - first->time < RATE_MIN_SPAN || last->processed < first->processed)
    return self->rate;

  return (double)(last->processed - first->processed) * G_USEC_PER_SEC / (double)(last->time - first->time);
}

MsiSyncJob *
msi_sync_job_new_from_json (JsonNode  *node,
                            gint64     observed_at,
                            GError   **error)
{
  g_autoptr(MsiSyncJob) self = NULL;
  JsonObject *object;
  JsonNode *member;
  gint64 skipped = 0;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, MSI_HTTP_ERROR, MSI_HTTP_ERROR_INVALID_RESPONSE,
                           _("The Sales account service did not send a sync job."));
      return NULL;
    }

  object = json_node_get_object (node);
  self = g_object_new (MSI_TYPE_SYNC_JOB, NULL);

  member = json_object_get_member (object, "id");
  if (member == NULL || !JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_STRING ||
      json_node_get_string (member)[0] == '\0')
    {
      invalid (error, "id");
      return NULL;
    }
  self->id = g_strdup (json_node_get_string (member));

  member = json_object_get_member (object, "state");
  if (member == NULL || !JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_STRING ||
      !msi_sync_job_state_from_id (json_node_get_string (member), &self->state))
    {
      invalid (error, "state");
      return NULL;
    }

  if (!read_time (object, "createdAt", FALSE, &self->created_at, error) ||
      !read_time (object, "startedAt", TRUE, &self->started_at, error) ||
      !read_time (object, "finishedAt", TRUE, &self->finished_at, error) ||
      !read_count (object, "total", &self->total, error) ||
      !read_count (object, "processed", &self->processed, error) ||
      !read_count (object, "synced", &self->synced, error) ||
      !read_count (object, "failed", &self->failed, error) ||
      !read_skipped (self, object, error) ||
      !read_optional_string (object, "error", &self->error, error) ||
      !read_optional_string (object, "createdBy", &self->created_by, error) ||
      !read_fields (self, object, error))
    return NULL;

  for (guint i = 0; i < self->skips->len; i++)
    skipped += g_array_index (self->skips, Skip, i).count;

  if (self->processed > self->total)
    {
      invalid (error, "processed");
      return NULL;
    }
  if (self->synced + self->failed + skipped != self->processed)
    {
      g_set_error_literal (error, MSI_HTTP_ERROR, MSI_HTTP_ERROR_INVALID_RESPONSE,
                           _("The Sales account service sent a sync job whose synced, skipped and failed "
                             "people do not add up to the people processed."));
      return NULL;
    }
  if (msi_sync_job_state_is_final (self->state) && self->finished_at == NULL)
    {
      invalid (error, "finishedAt");
      return NULL;
    }

  /* Only a running job's progress tells its rate: a queued one's
   * "nothing yet" was seen before it started and would drag it down. */
  if (self->state == MSI_SYNC_JOB_RUNNING)
    add_observation (self, observed_at, self->processed);
  self->rate = compute_rate (self);

  return g_steal_pointer (&self);
}

static void
replace_time (GDateTime **slot,
              GDateTime  *value)
{
  if (*slot == value)
    return;

  g_clear_pointer (slot, g_date_time_unref);
  if (value != NULL)
    *slot = g_date_time_ref (value);
}

#define UPDATE_COUNT(member, prop)                              \
  G_STMT_START {                                                \
    if (self->member != observed->member)                       \
      {                                                         \
        self->member = observed->member;                        \
        g_object_notify_by_pspec (G_OBJECT (self), properties[prop]); \
      }                                                         \
  } G_STMT_END

void
msi_sync_job_update (MsiSyncJob *self,
                     MsiSyncJob *observed)
{
  gint64 skipped_before;
  gint64 seconds_left_before;
  double fraction_before;
  const Observation *last;
  double rate;

  g_return_if_fail (MSI_IS_SYNC_JOB (self));
  g_return_if_fail (MSI_IS_SYNC_JOB (observed));
  g_return_if_fail (g_strcmp0 (self->id, observed->id) == 0);

  if (self == observed)
    return;

  g_object_freeze_notify (G_OBJECT (self));

  if (self->state != MSI_SYNC_JOB_RUNNING && observed->state == MSI_SYNC_JOB_RUNNING)
    g_array_set_size (self->observations, 0);

  skipped_before = msi_sync_job_get_skipped (self);
  seconds_left_before = msi_sync_job_get_seconds_left (self);
  fraction_before = msi_sync_job_get_fraction (self);

  UPDATE_COUNT (state, PROP_STATE);
  UPDATE_COUNT (total, PROP_TOTAL);
  UPDATE_COUNT (processed, PROP_PROCESSED);
  UPDATE_COUNT (synced, PROP_SYNCED);
  UPDATE_COUNT (failed, PROP_FAILED);

  replace_time (&self->created_at, observed->created_at);
  replace_time (&self->started_at, observed->started_at);
  replace_time (&self->finished_at, observed->finished_at);

  g_array_set_size (self->skips, 0);
  for (guint i = 0; i < observed->skips->len; i++)
    {
      Skip skip = g_array_index (observed->skips, Skip, i);

      skip.reason = g_strdup (skip.reason);
      g_array_append_val (self->skips, skip);
    }
  g_strfreev (self->skip_reasons);
  self->skip_reasons = g_strdupv (observed->skip_reasons);
  g_strfreev (self->fields);
  self->fields = g_strdupv (observed->fields);
  g_free (self->created_by);
  self->created_by = g_strdup (observed->created_by);

  if (g_strcmp0 (self->error, observed->error) != 0)
    {
      g_free (self->error);
      self->error = g_strdup (observed->error);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
    }

  /* A reply that overtook an older one is not an observation. */
  if (observed->observations->len > 0)
    {
      last = &g_array_index (observed->observations, Observation, observed->observations->len - 1);
      if (self->observations->len == 0 ||
          last->time > g_array_index (self->observations, Observation, self->observations->len - 1).time)
        add_observation (self, last->time, last->processed);
    }

  rate = compute_rate (self);
  if (rate != self->rate)
    {
      self->rate = rate;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RATE]);
    }

  if (skipped_before != msi_sync_job_get_skipped (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SKIPPED]);
  if (seconds_left_before != msi_sync_job_get_seconds_left (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SECONDS_LEFT]);
  if (fraction_before != msi_sync_job_get_fraction (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);

  g_object_thaw_notify (G_OBJECT (self));
}

#undef UPDATE_COUNT

/* --- getters -------------------------------------------------------------- */

const char *
msi_sync_job_get_id (MsiSyncJob *self)
{
  g_return_val_if_fail (MSI_IS_SYNC_JOB (self), NULL);

  return self->id;
}

MsiSyncJobState
msi_sync_job_get_state (MsiSyncJob *self)
{
  g_return_val_if_fail (MSI_IS_SYNC_JOB (self), MSI_SYNC_JOB_QUEUED);

  return self->state;
}

gboolean
msi_sync_job_is_final (MsiSyncJob *self)
{
  g_return_val_if_fail (MSI_IS_SYNC_JOB (self), FALSE);

  return msi_sync_job_state_is_final (self->state);
}

GDateTime *
msi_sync_job_get_created_at (MsiSyncJob *self)
{
  g_return_val_if_fail (MSI_IS_SYNC_JOB (self), NULL);

  return self->created_at;
}

GDateTime *
msi_sync_job_get_started_at (MsiSyncJob *self)
{
  g_return_val_if_fail (MSI_IS_SYNC_JOB (self), NULL);

  return self->started_at;
}

GDateTime *
msi_sync_job_get_finished_at (MsiSyncJob *self)
{
  g_return_val_if_fail (MSI_IS_SYNC_JOB (self), NULL);

  return self->finished_at;
}

GTimeSpan
msi_sync_job_get_duration (MsiSyncJob *self)
{
  g_return_val_if_fail (MSI_IS_SYNC_JOB (self), -1);

  if (self->finished_at == NULL)
    return -1;

  return MAX (0, g_date_time_difference (self->finished_at,
                                         self->started_at != NULL ? self->started_at : self->created_at));
}

gint64
msi_sync_job_get_total (MsiSyncJob *self)
{
  g_return_val_if_fail (MSI_IS_SYNC_JOB (self), 0);

  return self->total;
}

gint64
msi_sync_job_get_processed (MsiSyncJob *self)
{
  g_return_val_if_fail (MSI_IS_SYNC_JOB (self), 0);

  return self->processed;
}

gint64
msi_sync_job_get_synced (MsiSyncJob *self)
{
  g_return_val_if_fail (MSI_IS_SYNC_JOB (self), 0);

  return self->synced;
}

gint64
msi_sync_job_get_failed (MsiSyncJob *self)
{
  g_return_val_if_fail (MSI_IS_SYNC_JOB (self), 0);

  return self->failed;
}

gint64
msi_sync_job_get_skipped (MsiSyncJob *self)
{
  gint64 skipped = 0;

  g_return_val_if_fail (MSI_IS_SYNC_JOB (self), 0);

  for (guint i = 0; i < self->skips->len; i++)
    skipped += g_array_index (self->skips, Skip, i).count;

  return skipped;
}

const char * const *
msi_sync_job_get_skip_reasons (MsiSyncJob *self)
{
  g_return_val_if_fail (MSI_IS_SYNC_JOB (self), NULL);

  return (const char * const *)self->skip_reasons;
}

gint64
msi_sync_job_get_skipped_for (MsiSyncJob *self,
                              const char *reason)
{
  g_return_val_if_fail (MSI_IS_SYNC_JOB (self), 0);
  g_return_val_if_fail (reason != NULL, 0);

  for (guint i = 0; i < self->skips->len; i++)
    if (g_str_equal (g_array_index (self->skips, Skip, i).reason, reason))
      return g_array_index (self->skips, Skip, i).count;

  return 0;
}

const char *
msi_sync_job_get_error (MsiSyncJob *self)
{
  g_return_val_if_fail (MSI_IS_SYNC_JOB (self), NULL);

  return self->error;
}

const char * const *
msi_sync_job_get_fields (MsiSyncJob *self)
{
  g_return_val_if_fail (MSI_IS_SYNC_JOB (self), NULL);

  return (const char * const *)self->fields;
}

const char *
msi_sync_job_get_created_by (MsiSyncJob *self)
{
  g_return_val_if_fail (MSI_IS_SYNC_JOB (self), NULL);

  return self->created_by;
}

double
msi_sync_job_get_fraction (MsiSyncJob *self)
{
  g_return_val_if_fail (MSI_IS_SYNC_JOB (self), 0);

  if (self->total == 0)
    return self->state == MSI_SYNC_JOB_COMPLETED ? 1 : 0;

  return CLAMP ((double)self->processed / (double)self->total, 0, 1);
}

double
msi_sync_job_get_rate (MsiSyncJob *self)
{
  g_return_val_if_fail (MSI_IS_SYNC_JOB (self), 0);

  return self->rate;
}

gint64
msi_sync_job_get_seconds_left (MsiSyncJob *self)
{
  double seconds;

  g_return_val_if_fail (MSI_IS_SYNC_JOB (self), -1);

  if (msi_sync_job_state_is_final (self->state))
    return 0;

  if (self->state != MSI_SYNC_JOB_RUNNING || self->rate <= 0)
    return -1;

  seconds = (double)(self->total - self->processed) / self->rate;

  /* Rounded up: “0 seconds left” only at the end. */
  return (gint64)seconds + ((double)(gint64)seconds < seconds ? 1 : 0);
}
