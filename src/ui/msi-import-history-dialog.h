/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-import-history-dialog.h: past CSV imports and each one's rows */

#pragma once

#include <adwaita.h>

#include "msi-application.h"

G_BEGIN_DECLS

#define MSI_TYPE_IMPORT_HISTORY_DIALOG (msi_import_history_dialog_get_type ())

/* Signal "resume" (gint64 import_id): the person chose Resume. */
G_DECLARE_FINAL_TYPE (MsiImportHistoryDialog, msi_import_history_dialog, MSI, IMPORT_HISTORY_DIALOG, AdwWindow)

MsiImportHistoryDialog *msi_import_history_dialog_new  (MsiApplication         *app,
                                                        GtkWindow              *parent,
                                                        const char             *profile_id);
void                    msi_import_history_dialog_reload (MsiImportHistoryDialog *self);

G_END_DECLS
