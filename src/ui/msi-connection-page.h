/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-connection-page.h: the Sales account's connection to Salesforce or Marketo */

#pragma once

#include <adwaita.h>

#include "msi-actions-admin.h"

G_BEGIN_DECLS

#define MSI_TYPE_CONNECTION_PAGE (msi_connection_page_get_type ())

G_DECLARE_FINAL_TYPE (MsiConnectionPage, msi_connection_page, MSI, CONNECTION_PAGE, AdwBin)

/* @service: "salesforce" or "marketo" */
GtkWidget       *msi_connection_page_new         (const char        *service);
const char      *msi_connection_page_get_service (MsiConnectionPage *self);
void             msi_connection_page_set_admin   (MsiConnectionPage *self,
                                                  MsiActionsAdmin   *admin);
/* Re-reads the connection from the service. */
void             msi_connection_page_reload      (MsiConnectionPage *self);
/* Connects; @confirm asks first, as the Sales account's own settings do. */
void             msi_connection_page_connect     (MsiConnectionPage *self,
                                                  gboolean           confirm);
/* "connected", "disconnected", "error" or NULL while unknown */
const char      *msi_connection_page_get_status  (MsiConnectionPage *self);
/* The problem type (msi-problem-types.h) explained on the page, or NULL */
const char      *msi_connection_page_get_problem (MsiConnectionPage *self);

G_END_DECLS
