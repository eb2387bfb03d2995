/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-profile-page.h: a signed-in sales rep's profile: account, connections, signature, onboarding */

#pragma once

#include <adwaita.h>

#include "msi-actions-auth.h"
#include "msi-signature-editor.h"

G_BEGIN_DECLS

#define MSI_TYPE_PROFILE_PAGE (msi_profile_page_get_type ())

G_DECLARE_FINAL_TYPE (MsiProfilePage, msi_profile_page, MSI, PROFILE_PAGE, AdwBin)

GtkWidget          *msi_profile_page_new                  (void);
void                msi_profile_page_set_auth             (MsiProfilePage *self,
                                                           MsiActionsAuth *auth);
void                msi_profile_page_reload               (MsiProfilePage *self);
gboolean            msi_profile_page_get_loading          (MsiProfilePage *self);
MsiSignatureEditor *msi_profile_page_get_editor           (MsiProfilePage *self);
gboolean            msi_profile_page_get_onboarding_shown (MsiProfilePage *self);
const char         *msi_profile_page_get_connection_text  (MsiProfilePage *self,
                                                           const char     *service);

G_END_DECLS
