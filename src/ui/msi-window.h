/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-window.h: the main window: welcome, sidebar of pages, account area */

#pragma once

#include <adwaita.h>

#include "msi-application.h"

G_BEGIN_DECLS

#define MSI_TYPE_WINDOW (msi_window_get_type ())

G_DECLARE_FINAL_TYPE (MsiWindow, msi_window, MSI, WINDOW, AdwApplicationWindow)

MsiWindow  *msi_window_new                (MsiApplication *application);
const char *msi_window_get_visible_page   (MsiWindow      *self);
GtkWidget  *msi_window_get_checklist_page (MsiWindow      *self);
GtkWidget  *msi_window_get_page           (MsiWindow      *self,
                                           const char     *name);
const char *msi_window_get_content_page   (MsiWindow      *self);
void        msi_window_add_toast          (MsiWindow      *self,
                                           const char     *message);

G_END_DECLS
