/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-sync-preview-dialog.h: what the next data sync will do, field by field, before it starts */

#pragma once

#include <adwaita.h>

#include "msi-sync-client.h"

G_BEGIN_DECLS

#define MSI_TYPE_SYNC_PREVIEW_DIALOG (msi_sync_preview_dialog_get_type ())

/*
 * Signals:
 *   "started" (MsiSyncJob *job): Start Sync created @job; the dialog closes.
 *   "change-selection": the admin asked to change the fields (the dialog
 *   closes).
 */
G_DECLARE_FINAL_TYPE (MsiSyncPreviewDialog, msi_sync_preview_dialog, MSI, SYNC_PREVIEW_DIALOG, AdwWindow)

/* Reads the preview at once. */
MsiSyncPreviewDialog *msi_sync_preview_dialog_new    (GtkWindow            *parent,
                                                      MsiSyncClient        *client);
/* Reads the preview again. */
void                  msi_sync_preview_dialog_reload (MsiSyncPreviewDialog *self);

G_END_DECLS
