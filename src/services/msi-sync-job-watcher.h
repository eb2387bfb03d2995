/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-sync-job-watcher.h: follows a running sync job by polling, backing off while the service does not answer */

#pragma once

#include "msi-sync-client.h"
#include "msi-sync-job.h"

G_BEGIN_DECLS

/* Polls about once a second while the job runs. */
#define MSI_SYNC_JOB_WATCHER_INTERVAL_MS     1000
/* After failed polls it waits twice as long each time, up to this. */
#define MSI_SYNC_JOB_WATCHER_MAX_INTERVAL_MS 30000

#define MSI_TYPE_SYNC_JOB_WATCHER (msi_sync_job_watcher_get_type ())

/**
 * MsiSyncJobWatcher:
 *
 * Keeps an MsiSyncJob up to date: asks the service for it (once, without
 * the HTTP layer's retries) when started, then again
 * MSI_SYNC_JOB_WATCHER_INTERVAL_MS after each reply; never two requests
 * at once. After a poll fails (no reply, a timeout, 5xx, 429, a reply
 * that is not a job) the next waits interval × 2^failures, at most
 * MSI_SYNC_JOB_WATCHER_MAX_INTERVAL_MS, of which a random half (jitter:
 * watchers that lost the service together do not come back together).
 *
 * It stops by itself when the job is final (it emits "finished"), when
 * the job no longer exists or the admin must sign in again (the error
 * says so), when msi_sync_job_watcher_stop() is called, when the
 * cancellable given to start fires, and when it is disposed.
 *
 * Signals: "changed" after every poll, good or failed (the job's
 * properties have notified already; get_error(), get_failures() and
 * get_next_delay() describe the poll and what comes next); "finished"
 * once the job is final. Property "active" notifies.
 */
G_DECLARE_FINAL_TYPE (MsiSyncJobWatcher, msi_sync_job_watcher, MSI, SYNC_JOB_WATCHER, GObject)

MsiSyncJobWatcher *msi_sync_job_watcher_new            (MsiSyncClient     *client,
                                                        MsiSyncJob        *job);
MsiSyncJob        *msi_sync_job_watcher_get_job        (MsiSyncJobWatcher *self);
/* @cancellable (nullable) stops it when it fires; the watcher must run
 * on the thread-default main context of this call. */
void               msi_sync_job_watcher_start          (MsiSyncJobWatcher *self,
                                                        GCancellable      *cancellable);
void               msi_sync_job_watcher_stop           (MsiSyncJobWatcher *self);
gboolean           msi_sync_job_watcher_get_active     (MsiSyncJobWatcher *self);
/* Polls that failed in a row since the last good one. */
guint              msi_sync_job_watcher_get_failures   (MsiSyncJobWatcher *self);
/* Why the last poll failed, or NULL after a good one. */
const GError      *msi_sync_job_watcher_get_error      (MsiSyncJobWatcher *self);
/* Milliseconds from the last reply to the next poll; 0 when none is
 * planned (stopped, or a poll under way). */
guint              msi_sync_job_watcher_get_next_delay (MsiSyncJobWatcher *self);
/* For tests and impatient callers: the interval and the longest wait. */
void               msi_sync_job_watcher_set_intervals  (MsiSyncJobWatcher *self,
                                                        guint              interval_ms,
                                                        guint              max_interval_ms);
/* The wait before the next poll after @failures failed polls in a row,
 * without jitter: interval × 2^failures, at most the longest wait. The
 * delay planned is from half of it to all of it. */
guint              msi_sync_job_watcher_nominal_delay  (MsiSyncJobWatcher *self,
                                                        guint              failures);

G_END_DECLS
