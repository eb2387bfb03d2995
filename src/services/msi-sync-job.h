/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-sync-job.h: one data sync job of the Sales account, its progress, rate and time left */

#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  MSI_SYNC_JOB_QUEUED,     /* "queued": accepted, not started */
  MSI_SYNC_JOB_RUNNING,    /* "running" */
  MSI_SYNC_JOB_COMPLETED,  /* "completed": every person processed */
  MSI_SYNC_JOB_FAILED,     /* "failed": stopped part-way; see the error */
  MSI_SYNC_JOB_CANCELLED,  /* "cancelled": an admin stopped it */
} MsiSyncJobState;

#define MSI_TYPE_SYNC_JOB_STATE (msi_sync_job_state_get_type ())
GType        msi_sync_job_state_get_type   (void) G_GNUC_CONST;
const char  *msi_sync_job_state_get_id     (MsiSyncJobState state);
gboolean     msi_sync_job_state_from_id    (const char      *id,
                                            MsiSyncJobState *state);
/* COMPLETED, FAILED, CANCELLED: the job will not change any more. */
gboolean     msi_sync_job_state_is_final   (MsiSyncJobState state);

/* Skipped reasons the service gives ("skipped": {reason: count}); others
 * may come and are shown with their id. */
#define MSI_SYNC_SKIP_NO_EMAIL        "no-email"
#define MSI_SYNC_SKIP_DUPLICATE_EMAIL "duplicate-email"
#define MSI_SYNC_SKIP_INVALID_VALUE   "invalid-value"

/* A translated sentence with the count ("112 people have no e-mail
 * address."), for the result summary. */
char        *msi_sync_skip_reason_describe (const char      *reason,
                                            gint64           count);

#define MSI_TYPE_SYNC_JOB (msi_sync_job_get_type ())

/**
 * MsiSyncJob:
 *
 * One entry of `GET /api/v1/sync/jobs` ("jobs", newest first), the reply
 * of `POST /api/v1/sync/jobs`, `GET` and `POST …/cancel` of
 * `/api/v1/sync/jobs/{id}`:
 *
 *     { "id": "job_5f2c…",  "state": "running",
 *       "createdAt": "2025-03-04T10:11:12.345Z",
 *       "startedAt": "…" | null,  "finishedAt": "…" | null,
 *       "total": 52318, "processed": 20417, "synced": 19969,
 *       "skipped": { "no-email": 229, "duplicate-email": 145, "invalid-value": 62 },
 *       "failed": 12, "error": null | "a sentence",
 *       "fields": [ "email", "firstName", … ], "createdBy": "admin@…" }
 *
 * synced + skipped + failed = processed ≤ total.
 *
 * Each job read from a reply is an observation made at a monotonic time;
 * msi_sync_job_update() adds a later one of the same job, and the rate
 * and the time left come from the observations of the last 10 seconds
 * (a finished job's rate from its own start and end). Properties notify
 * when an update changes them.
 */
G_DECLARE_FINAL_TYPE (MsiSyncJob, msi_sync_job, MSI, SYNC_JOB, GObject)

/* %NULL with MSI_HTTP_ERROR_INVALID_RESPONSE and a translated message
 * naming the member when @node is not a job as above; @observed_at:
 * g_get_monotonic_time() when the reply arrived. */
MsiSyncJob      *msi_sync_job_new_from_json  (JsonNode    *node,
                                              gint64       observed_at,
                                              GError     **error);
/* Takes the values of @observed, a later reply about the same job (same
 * id), and adds it to the observations. */
void             msi_sync_job_update         (MsiSyncJob  *self,
                                              MsiSyncJob  *observed);

const char      *msi_sync_job_get_id         (MsiSyncJob  *self);
MsiSyncJobState  msi_sync_job_get_state      (MsiSyncJob  *self);
gboolean         msi_sync_job_is_final       (MsiSyncJob  *self);
GDateTime       *msi_sync_job_get_created_at (MsiSyncJob  *self);
/* NULL while queued (and for a job cancelled while queued). */
GDateTime       *msi_sync_job_get_started_at (MsiSyncJob  *self);
/* NULL until it ends. */
GDateTime       *msi_sync_job_get_finished_at (MsiSyncJob *self);
/* From start to end (or to its creation when it never started); -1
 * while it runs. */
GTimeSpan        msi_sync_job_get_duration   (MsiSyncJob  *self);
gint64           msi_sync_job_get_total      (MsiSyncJob  *self);
gint64           msi_sync_job_get_processed  (MsiSyncJob  *self);
gint64           msi_sync_job_get_synced     (MsiSyncJob  *self);
gint64           msi_sync_job_get_failed     (MsiSyncJob  *self);
/* Every reason's count added up. */
gint64           msi_sync_job_get_skipped    (MsiSyncJob  *self);
/* The reasons with a count, most people first (NULL-terminated). */
const char * const *msi_sync_job_get_skip_reasons (MsiSyncJob *self);
gint64           msi_sync_job_get_skipped_for (MsiSyncJob *self,
                                               const char *reason);
/* The service's sentence for a failed job, or NULL. */
const char      *msi_sync_job_get_error      (MsiSyncJob  *self);
/* The REST names of the fields it syncs (NULL-terminated). */
const char * const *msi_sync_job_get_fields  (MsiSyncJob  *self);
const char      *msi_sync_job_get_created_by (MsiSyncJob  *self);

/* processed / total, 0 to 1 (1 for an empty job that completed). */
double           msi_sync_job_get_fraction   (MsiSyncJob  *self);
/* People per second; 0 while not known (fewer than two observations half
 * a second apart, or queued). */
double           msi_sync_job_get_rate       (MsiSyncJob  *self);
/* Seconds until every person is processed at the current rate; -1 while
 * not known, 0 once final. */
gint64           msi_sync_job_get_seconds_left (MsiSyncJob *self);

G_END_DECLS
