/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-signature-editor.h: an e-mail signature editor with bold, italic, links and a live preview */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define MSI_TYPE_SIGNATURE_EDITOR (msi_signature_editor_get_type ())

G_DECLARE_FINAL_TYPE (MsiSignatureEditor, msi_signature_editor, MSI, SIGNATURE_EDITOR, AdwBin)

GtkWidget     *msi_signature_editor_new           (void);
const char    *msi_signature_editor_get_html      (MsiSignatureEditor *self);
void           msi_signature_editor_set_html      (MsiSignatureEditor *self,
                                                   const char         *html);
char          *msi_signature_editor_dup_markup    (MsiSignatureEditor *self);
void           msi_signature_editor_set_markup    (MsiSignatureEditor *self,
                                                   const char         *markup);
gboolean       msi_signature_editor_get_valid     (MsiSignatureEditor *self);
gboolean       msi_signature_editor_get_modified  (MsiSignatureEditor *self);
void           msi_signature_editor_mark_saved    (MsiSignatureEditor *self,
                                                   const char         *html);
gboolean       msi_signature_editor_is_empty      (MsiSignatureEditor *self);
GtkTextView   *msi_signature_editor_get_text_view (MsiSignatureEditor *self);
GtkLabel      *msi_signature_editor_get_preview   (MsiSignatureEditor *self);
void           msi_signature_editor_add_link      (MsiSignatureEditor *self,
                                                   const char         *url,
                                                   GError            **error);

G_END_DECLS
