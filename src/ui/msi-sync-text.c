/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-sync-text.c: the words and numbers of the data sync page and its preview */

#define G_LOG_DOMAIN "msi-sync-text"

#include "config.h"

#include <glib/gi18n.h>

#include "msi-sync-text.h"

static gulong
plural_n (gint64 n)
{
  return (gulong)CLAMP (n, 0, G_MAXLONG);
}

char *
msi_sync_text_count (gint64 n)
{
  return g_strdup_printf ("%'" G_GINT64_FORMAT, n);
}

char *
msi_sync_text_progress (gint64 processed,
                        gint64 total)
{
  g_autofree char *done = msi_sync_text_count (processed);
  g_autofree char *all = msi_sync_text_count (total);

  /* Translators: "20,417 of 52,318 people" (processed, then the total) */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s of %s person", "%s of %s people",
                                       plural_n (total)),
                          done, all);
}

char *
msi_sync_text_rate (double people_per_second)
{
  gint64 rounded = (gint64)(people_per_second + 0.5);
  g_autofree char *number = msi_sync_text_count (rounded);

  /* Translators: the speed of the sync: "2,480 people a second" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s person a second", "%s people a second",
                                       plural_n (rounded)),
                          number);
}

static char *
seconds_text (gint64 seconds)
{
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u second", "%u seconds", plural_n (seconds)),
                          (guint)seconds);
}

static char *
minutes_text (gint64 minutes)
{
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u minute", "%u minutes", plural_n (minutes)),
                          (guint)minutes);
}

static char *
hours_text (gint64 hours)
{
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u hour", "%u hours", plural_n (hours)),
                          (guint)MIN (hours, G_MAXUINT));
}

/* Two parts of a duration: "3 minutes 5 seconds". */
static char *
join_parts (const char *larger,
            const char *smaller)
{
  /* Translators: a duration in two parts, such as "3 minutes 5 seconds"
   * or "1 hour 2 minutes" */
  return g_strdup_printf (C_("duration", "%s %s"), larger, smaller);
}

static char *
seconds_duration (gint64 seconds)
{
  if (seconds < 60)
    return seconds_text (seconds);

  if (seconds < 3600)
    {
      g_autofree char *minutes = minutes_text (seconds / 60);
      g_autofree char *rest = NULL;

      if (seconds % 60 == 0)
        return g_steal_pointer (&minutes);
      rest = seconds_text (seconds % 60);
      return join_parts (minutes, rest);
    }

  {
    g_autofree char *hours = hours_text (seconds / 3600);
    g_autofree char *rest = NULL;

    if ((seconds % 3600) / 60 == 0)
      return g_steal_pointer (&hours);
    rest = minutes_text ((seconds % 3600) / 60);
    return join_parts (hours, rest);
  }
}

char *
msi_sync_text_duration (GTimeSpan span)
{
  if (span < G_TIME_SPAN_SECOND)
    return g_strdup (_("less than a second"));

  return seconds_duration ((span + G_TIME_SPAN_SECOND / 2) / G_TIME_SPAN_SECOND);
}

char *
msi_sync_text_time_left (gint64 seconds)
{
  g_autofree char *duration = NULL;

  if (seconds < 0)
    return g_strdup (_("Working out the time left…"));
  if (seconds == 0)
    return g_strdup (_("Almost done"));

  /* Beyond a minute, seconds are noise: whole minutes, rounded up. */
  if (seconds >= 120)
    seconds = (seconds + 59) / 60 * 60;
  duration = seconds_duration (seconds);

  /* Translators: the time the sync still needs: "About 13 seconds left" */
  return g_strdup_printf (_("About %s left"), duration);
}

char *
msi_sync_text_type (MsiSyncDataType type,
                    int             length)
{
  g_autofree char *number = NULL;

  if (!msi_sync_data_type_is_text (type) || length <= 0)
    return g_strdup (msi_sync_data_type_get_label (type));

  number = msi_sync_text_count (length);
  /* Translators: a data type and its length: "Text area, 2,000 characters" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, %s character", "%s, %s characters",
                                       plural_n (length)),
                          msi_sync_data_type_get_label (type), number);
}

const char *
msi_sync_text_job_state (MsiSyncJobState state)
{
  switch (state)
    {
    case MSI_SYNC_JOB_QUEUED:
      /* Translators: the state of a sync job that is queued, not started yet */
      return C_("sync job", "Waiting");
    case MSI_SYNC_JOB_RUNNING:
      return C_("sync job", "Running");
    case MSI_SYNC_JOB_COMPLETED:
      return C_("sync job", "Completed");
    case MSI_SYNC_JOB_FAILED:
      return C_("sync job", "Failed");
    case MSI_SYNC_JOB_CANCELLED:
      return C_("sync job", "Cancelled");
    default:
      g_return_val_if_reached ("");
    }
}

char *
msi_sync_text_date (GDateTime *time)
{
  g_autoptr(GDateTime) local = NULL;

  if (time == NULL)
    return g_strdup ("");

  local = g_date_time_to_local (time);
  return g_date_time_format (local, "%x, %R");
}

char *
msi_sync_text_job_counts (MsiSyncJob *job)
{
  g_autofree char *total = msi_sync_text_count (msi_sync_job_get_total (job));
  g_autofree char *synced = msi_sync_text_count (msi_sync_job_get_synced (job));
  g_autofree char *skipped = msi_sync_text_count (msi_sync_job_get_skipped (job));
  g_autofree char *failed = msi_sync_text_count (msi_sync_job_get_failed (job));

  /* Translators: a past sync in the history: "52,318 people: 51,900
   * synced, 406 skipped, 12 failed" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s person: %s synced, %s skipped, %s failed",
                                       "%s people: %s synced, %s skipped, %s failed",
                                       plural_n (msi_sync_job_get_total (job))),
                          total, synced, skipped, failed);
}
