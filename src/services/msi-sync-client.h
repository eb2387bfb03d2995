/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-sync-client.h: the Actions API of the data sync: fields, selection, preview, jobs */

#pragma once

#include "msi-actions-auth.h"
#include "msi-sync-field.h"
#include "msi-sync-job.h"
#include "msi-sync-preview.h"

G_BEGIN_DECLS

#define MSI_SYNC_CLIENT_ERROR (msi_sync_client_error_quark ())

/* Problems the sync page explains (the problem "type",
 * msi-problem-types.h), each with a translated message; anything else
 * arrives as MSI_HTTP_ERROR (a job that does not exist:
 * MSI_HTTP_ERROR_NOT_FOUND). */
typedef enum
{
  MSI_SYNC_CLIENT_ERROR_MARKETO_NOT_CONNECTED,  /* 409: connect Marketo first */
  MSI_SYNC_CLIENT_ERROR_UNKNOWN_FIELD,          /* 422: Marketo has no such field (any more) */
  MSI_SYNC_CLIENT_ERROR_FIELD_UNAVAILABLE,      /* 422: a newly chosen field cannot be synced */
  MSI_SYNC_CLIENT_ERROR_OVER_LIMIT,             /* 422: more fields than limits.syncedFields */
  MSI_SYNC_CLIENT_ERROR_BLOCKED,                /* 409: the preview has blocking problems */
  MSI_SYNC_CLIENT_ERROR_JOB_RUNNING,            /* 409: a job is queued or running already */
  MSI_SYNC_CLIENT_ERROR_JOB_FINISHED,           /* 409: the job ended before it could be cancelled */
} MsiSyncClientError;

#define MSI_TYPE_SYNC_CLIENT (msi_sync_client_get_type ())

G_DECLARE_FINAL_TYPE (MsiSyncClient, msi_sync_client, MSI, SYNC_CLIENT, GObject)

GQuark          msi_sync_client_error_quark   (void);
MsiSyncClient  *msi_sync_client_new           (MsiActionsAuth      *auth);
MsiActionsAuth *msi_sync_client_get_auth      (MsiSyncClient       *self);

/* GET /api/v1/sync/fields: every Marketo lead field (GPtrArray of
 * MsiSyncField, in the service's order) and @limit (optional), the
 * product's limit of chosen fields. */
void            msi_sync_client_get_fields_async      (MsiSyncClient       *self,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
GPtrArray      *msi_sync_client_get_fields_finish     (MsiSyncClient       *self,
                                                       GAsyncResult        *result,
                                                       guint               *limit,
                                                       GError             **error);

/* PUT /api/v1/sync/fields {selected: @names}: the chosen fields, in
 * order (the always-synced ones may be left out). Returns the fields as
 * GET does. Fails with UNKNOWN_FIELD, FIELD_UNAVAILABLE or OVER_LIMIT;
 * nothing is saved then. */
void            msi_sync_client_save_selection_async  (MsiSyncClient       *self,
                                                       const char * const  *names,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
GPtrArray      *msi_sync_client_save_selection_finish (MsiSyncClient       *self,
                                                       GAsyncResult        *result,
                                                       guint               *limit,
                                                       GError             **error);

/* GET /api/v1/sync/preview, computed again here so that its sentences
 * are in the app's language. */
void            msi_sync_client_get_preview_async     (MsiSyncClient       *self,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
MsiSyncPreview *msi_sync_client_get_preview_finish    (MsiSyncClient       *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);

/* POST /api/v1/sync/jobs: the new job (queued). Fails with BLOCKED or
 * JOB_RUNNING. Never sent twice: a lost reply fails, and the history then
 * shows whether the job started. */
void            msi_sync_client_start_job_async       (MsiSyncClient       *self,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
MsiSyncJob     *msi_sync_client_start_job_finish      (MsiSyncClient       *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);

/* GET /api/v1/sync/jobs/{id}. */
void            msi_sync_client_get_job_async         (MsiSyncClient       *self,
                                                       const char          *id,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
/* Once, without the HTTP layer's retries: for pollers that wait and try
 * again themselves (MsiSyncJobWatcher). Finish with
 * msi_sync_client_get_job_finish(). */
void            msi_sync_client_poll_job_async        (MsiSyncClient       *self,
                                                       const char          *id,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
MsiSyncJob     *msi_sync_client_get_job_finish        (MsiSyncClient       *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);

/* GET /api/v1/sync/jobs?limit=: the last @limit jobs (1–100; 0 for the
 * service's default), newest first (GPtrArray of MsiSyncJob). A queued
 * or running job is the first: the one to watch after a restart. */
void            msi_sync_client_list_jobs_async       (MsiSyncClient       *self,
                                                       guint                limit,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
GPtrArray      *msi_sync_client_list_jobs_finish      (MsiSyncClient       *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);

/* POST /api/v1/sync/jobs/{id}/cancel: the job, cancelled (sent again
 * after a lost reply: cancelling twice is harmless). Fails with
 * JOB_FINISHED when it completed or failed first. */
void            msi_sync_client_cancel_job_async      (MsiSyncClient       *self,
                                                       const char          *id,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
MsiSyncJob     *msi_sync_client_cancel_job_finish     (MsiSyncClient       *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);

G_END_DECLS
