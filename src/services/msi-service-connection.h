/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-service-connection.h: connecting the Sales account to another service */

#pragma once

#include "msi-actions-auth.h"

G_BEGIN_DECLS

#define MSI_TYPE_SERVICE_CONNECTION (msi_service_connection_get_type ())

G_DECLARE_FINAL_TYPE (MsiServiceConnection, msi_service_connection, MSI, SERVICE_CONNECTION, GObject)

MsiServiceConnection *msi_service_connection_new                (MsiActionsAuth        *auth,
                                                                 const char            *service);
/* The signed-in user's own connection (/api/v1/me/connections/…):
 * "salesforce" (activation), "microsoft" (Outlook), "google" (Gmail).
 * read_status then also carries "problem" (msi-onboarding-client.h). */
MsiServiceConnection *msi_service_connection_new_for_user       (MsiActionsAuth        *auth,
                                                                 const char            *service);
const char           *msi_service_connection_get_service        (MsiServiceConnection  *self);
const char           *msi_service_connection_get_authorization_url (MsiServiceConnection *self);
const char           *msi_service_connection_get_callback_url   (MsiServiceConnection  *self);
gboolean              msi_service_connection_is_callback        (MsiServiceConnection  *self,
                                                                 const char            *uri);
void                  msi_service_connection_begin_async        (MsiServiceConnection  *self,
                                                                 GCancellable          *cancellable,
                                                                 GAsyncReadyCallback    callback,
                                                                 gpointer               user_data);
gboolean              msi_service_connection_begin_finish       (MsiServiceConnection  *self,
                                                                 GAsyncResult          *result,
                                                                 GError               **error);
void                  msi_service_connection_read_status_async  (MsiServiceConnection  *self,
                                                                 GCancellable          *cancellable,
                                                                 GAsyncReadyCallback    callback,
                                                                 gpointer               user_data);
JsonObject           *msi_service_connection_read_status_finish (MsiServiceConnection  *self,
                                                                 GAsyncResult          *result,
                                                                 GError               **error);
void                  msi_service_connection_disconnect_async   (MsiServiceConnection  *self,
                                                                 GCancellable          *cancellable,
                                                                 GAsyncReadyCallback    callback,
                                                                 gpointer               user_data);
gboolean              msi_service_connection_disconnect_finish  (MsiServiceConnection  *self,
                                                                 GAsyncResult          *result,
                                                                 GError               **error);

G_END_DECLS
