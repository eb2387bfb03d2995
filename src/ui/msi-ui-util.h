/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-ui-util.h: small helpers the windows share */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void     msi_open_uri_async        (GtkWidget           *widget,
                                    const char          *uri,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
gboolean msi_open_uri_finish       (GAsyncResult        *result,
                                    GError             **error);
void     msi_window_destroy_later  (GtkWindow           *window);
void     msi_show_toast            (GtkWidget           *widget,
                                    const char          *text);
void     msi_add_toast             (GtkWidget           *widget,
                                    const char          *text);
void     msi_setup_changed         (GtkWidget           *widget);
void     msi_mark_invalid          (GtkWidget           *widget,
                                    gboolean             invalid);
void     msi_copy_text             (GtkWidget           *widget,
                                    const char          *text,
                                    const char          *toast);
char    *msi_format_iso_date       (const char          *iso8601);
void     msi_list_view_show_model  (GtkListView         *view,
                                    GtkNoSelection     **selection,
                                    GListModel          *model);

G_END_DECLS
