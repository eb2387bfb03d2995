/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-sync-preview-dialog-private.h: what the tests reach of the sync preview */

#pragma once

#include "msi-sync-preview-dialog.h"

G_BEGIN_DECLS

/* "loading", "error" or "preview" */
const char     *msi_sync_preview_dialog_get_state     (MsiSyncPreviewDialog *self);
/* NULL until read. */
MsiSyncPreview *msi_sync_preview_dialog_get_preview   (MsiSyncPreviewDialog *self);
/* Whether Start Sync can be pressed. */
gboolean        msi_sync_preview_dialog_get_can_start (MsiSyncPreviewDialog *self);
/* Whether a Start Sync is under way. */
gboolean        msi_sync_preview_dialog_get_starting  (MsiSyncPreviewDialog *self);

G_END_DECLS
