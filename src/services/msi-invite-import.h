/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-invite-import.h: sending a CSV import's invitations through SCIM Bulk, journaled */

#pragma once

#include "msi-import-journal.h"
#include "msi-invite-plan.h"
#include "msi-scim-client.h"

G_BEGIN_DECLS

/* One import run. The order is always: journal first, then the network,
 * then the journal again, then the UI: the rows of a chunk are marked SENT
 * before the Bulk request leaves and their outcomes are recorded before
 * "progress" is emitted. A row that was SENT and answers 409 on a later
 * attempt was invited by the earlier attempt: it is INVITED, not ALREADY
 * INVITED. Teams the plan creates are created (or found) first. Journal
 * work runs in worker threads. */

#define MSI_TYPE_INVITE_IMPORT (msi_invite_import_get_type ())

/* Properties (main context): "id", "n-rows", "n-settled", "n-invited",
 * "n-already-invited", "n-failed", "running". Signal "progress" after
 * each chunk's outcomes are recorded. */
G_DECLARE_FINAL_TYPE (MsiInviteImport, msi_invite_import, MSI, INVITE_IMPORT, GObject)

MsiInviteImport *msi_invite_import_new            (MsiScimClient     *client,
                                                   MsiImportJournal  *journal,
                                                   const char        *profile);
/* Records the plan's ready rows and starts sending. @file_name: shown in
 * the history. */
void             msi_invite_import_start_async    (MsiInviteImport     *self,
                                                   MsiInvitePlan       *plan,
                                                   const char          *file_name,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
/* Reopens import @id (RUNNING after a crash, or CANCELLED) and sends only
 * its unsettled rows (PENDING and SENT). */
void             msi_invite_import_resume_async   (MsiInviteImport     *self,
                                                   gint64               id,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
/* TRUE when every row is settled. Cancelling leaves the import CANCELLED
 * (G_IO_ERROR_CANCELLED); a network failure that outlasts the retries
 * leaves it RUNNING (resumable) and returns the error. */
gboolean         msi_invite_import_finish         (MsiInviteImport     *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

gint64           msi_invite_import_get_id         (MsiInviteImport     *self);
guint            msi_invite_import_get_n_rows     (MsiInviteImport     *self);
guint            msi_invite_import_get_n_settled  (MsiInviteImport     *self);
guint            msi_invite_import_get_n_invited  (MsiInviteImport     *self);
guint            msi_invite_import_get_n_already_invited (MsiInviteImport *self);
guint            msi_invite_import_get_n_failed   (MsiInviteImport     *self);
/* Rows per Bulk request (default: the client's maximum). Tests use small chunks. */
void             msi_invite_import_set_chunk_size (MsiInviteImport     *self,
                                                   guint                chunk_size);

/* The journal's history and rows, read in a worker thread. */
void             msi_invite_import_list_history_async  (MsiImportJournal    *journal,
                                                        const char          *profile,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
GPtrArray       *msi_invite_import_list_history_finish (GAsyncResult        *result,
                                                        GError             **error);
void             msi_invite_import_dup_rows_async      (MsiImportJournal    *journal,
                                                        gint64               id,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
GPtrArray       *msi_invite_import_dup_rows_finish     (GAsyncResult        *result,
                                                        GError             **error);

G_END_DECLS
