/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-activation-page.h: activate the Sales account: Marketo credentials, admins, invitations */

#pragma once

#include <adwaita.h>

#include "msi-actions-admin.h"

G_BEGIN_DECLS

#define MSI_TYPE_ACTIVATION_PAGE (msi_activation_page_get_type ())

G_DECLARE_FINAL_TYPE (MsiActivationPage, msi_activation_page, MSI, ACTIVATION_PAGE, AdwBin)

MsiActionsAdmin *msi_activation_page_get_admin (MsiActivationPage *self);
void             msi_activation_page_set_admin (MsiActivationPage *self,
                                                MsiActionsAdmin   *admin);
/* "credentials", "admins" or "sent" */
const char      *msi_activation_page_get_step  (MsiActivationPage *self);

G_END_DECLS
