/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-sync-page.h: the data sync: the Marketo fields to sync, the preview, the running sync and past ones */

#pragma once

#include <adwaita.h>

#include "msi-sync-client.h"

G_BEGIN_DECLS

#define MSI_TYPE_SYNC_PAGE (msi_sync_page_get_type ())

G_DECLARE_FINAL_TYPE (MsiSyncPage, msi_sync_page, MSI, SYNC_PAGE, AdwBin)

MsiSyncClient *msi_sync_page_get_client    (MsiSyncPage   *self);
/* Looks for a running sync at once; the fields are read when the page
 * is first shown. */
void           msi_sync_page_set_client    (MsiSyncPage   *self,
                                            MsiSyncClient *client);
/* Reads the fields and the past syncs again; fields chosen and not saved
 * stay chosen. */
void           msi_sync_page_reload        (MsiSyncPage   *self);
/* The setup changed elsewhere (Marketo was connected): reads the fields
 * again when they could not be read before. */
void           msi_sync_page_setup_changed (MsiSyncPage   *self);
/* Sync…: saves the chosen fields when needed, then opens the preview. */
void           msi_sync_page_preview       (MsiSyncPage   *self);

G_END_DECLS
