/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-sync-page-private.h: what the tests reach of the data sync page */

#pragma once

#include "msi-sync-job-watcher.h"
#include "msi-sync-page.h"
#include "msi-sync-preview-dialog-private.h"

G_BEGIN_DECLS

/* "loading", "not-connected", "error" or "fields" */
const char           *msi_sync_page_get_state          (MsiSyncPage *self);
/* Every field read (MsiSyncField), with the choices made on the page. */
GListModel           *msi_sync_page_get_fields         (MsiSyncPage *self);
/* The fields the search shows. */
guint                 msi_sync_page_get_n_shown        (MsiSyncPage *self);
guint                 msi_sync_page_get_limit          (MsiSyncPage *self);
/* Chosen fields not saved yet. */
gboolean              msi_sync_page_get_dirty          (MsiSyncPage *self);
/* Reading or saving the fields. */
gboolean              msi_sync_page_get_busy           (MsiSyncPage *self);
MsiSyncPreviewDialog *msi_sync_page_get_preview_dialog (MsiSyncPage *self);
/* The sync shown (running or last ended), or NULL. */
MsiSyncJob           *msi_sync_page_get_job            (MsiSyncPage *self);
/* The watcher of a running sync, or NULL. */
MsiSyncJobWatcher    *msi_sync_page_get_watcher        (MsiSyncPage *self);
/* The past syncs listed (newest first), or NULL before they are read. */
GPtrArray            *msi_sync_page_get_history        (MsiSyncPage *self);

G_END_DECLS
