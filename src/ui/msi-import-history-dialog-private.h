/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-import-history-dialog-private.h: what the tests reach of the import history */

#pragma once

#include "msi-import-history-dialog.h"
#include "msi-import-journal.h"

G_BEGIN_DECLS

/* FALSE while the history is read. */
gboolean                msi_import_history_dialog_get_loaded  (MsiImportHistoryDialog *self);
/* The imports listed, newest first (MsiImportSummary, owned by the dialog). */
GPtrArray              *msi_import_history_dialog_get_imports (MsiImportHistoryDialog *self);
/* Opens one import's rows, as clicking its row does. */
void                    msi_import_history_dialog_open_import (MsiImportHistoryDialog *self,
                                                               gint64                  import_id);
/* The rows of the import shown (MsiImportRowItem), or NULL. */
GListModel             *msi_import_history_dialog_get_rows    (MsiImportHistoryDialog *self);

G_END_DECLS
