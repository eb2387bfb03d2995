/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-sync-text.h: the words and numbers of the data sync page and its preview */

#pragma once

#include <glib.h>

#include "msi-sync-field.h"
#include "msi-sync-job.h"

G_BEGIN_DECLS

/* A count with the locale's thousands separator: "52,318". */
char       *msi_sync_text_count          (gint64           n);
/* "20,417 of 52,318 people" */
char       *msi_sync_text_progress       (gint64           processed,
                                          gint64           total);
/* "2,480 people a second" */
char       *msi_sync_text_rate           (double           people_per_second);
/* "About 13 seconds left"; "Working out the time left…" for -1. */
char       *msi_sync_text_time_left      (gint64           seconds);
/* "21 seconds", "3 minutes 5 seconds", "1 hour 2 minutes". */
char       *msi_sync_text_duration       (GTimeSpan        span);
/* "Text area, 2,000 characters"; the label alone for other types or
 * without a length. */
char       *msi_sync_text_type           (MsiSyncDataType  type,
                                          int              length);
/* "Completed", "Failed"… */
const char *msi_sync_text_job_state      (MsiSyncJobState  state);
/* A time in the person's zone and locale: "03/04/25, 10:11". */
char       *msi_sync_text_date           (GDateTime       *time);
/* "52,318 people: 51,900 synced, 406 skipped, 12 failed" */
char       *msi_sync_text_job_counts     (MsiSyncJob      *job);

G_END_DECLS
