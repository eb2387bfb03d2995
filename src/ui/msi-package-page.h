/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-package-page.h: the MSI package in Salesforce and its configuration for MSI Actions */

#pragma once

#include <adwaita.h>

#include "msi-actions-admin.h"
#include "msi-salesforce-client.h"

G_BEGIN_DECLS

#define MSI_TYPE_PACKAGE_PAGE (msi_package_page_get_type ())

G_DECLARE_FINAL_TYPE (MsiPackagePage, msi_package_page, MSI, PACKAGE_PAGE, AdwBin)

void             msi_package_page_set_clients (MsiPackagePage      *self,
                                               MsiActionsAdmin     *admin,
                                               MsiSalesforceClient *salesforce);
/* Re-reads the org: the person's permissions and the package. */
void             msi_package_page_check       (MsiPackagePage      *self);
MsiPackageState  msi_package_page_get_state   (MsiPackagePage      *self);
/* The configuration items, in order, and whether each is done. */
guint            msi_package_page_get_n_items (MsiPackagePage      *self);
const char      *msi_package_page_get_item_id (MsiPackagePage      *self,
                                               guint                position);
gboolean         msi_package_page_get_item_done (MsiPackagePage    *self,
                                                 guint              position);
void             msi_package_page_set_item_done (MsiPackagePage    *self,
                                                 guint              position,
                                                 gboolean           done);

G_END_DECLS
