/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-actions-client.h: client of the Sales account (Actions) service API */

#pragma once

#include "msi-http-client.h"
#include "msi-profile.h"

G_BEGIN_DECLS

#define MSI_TYPE_ACTIONS_CLIENT (msi_actions_client_get_type ())

G_DECLARE_FINAL_TYPE (MsiActionsClient, msi_actions_client, MSI, ACTIONS_CLIENT, GObject)

MsiActionsClient *msi_actions_client_new              (MsiProfile           *profile,
                                                       SoupSession          *session);
MsiProfile       *msi_actions_client_get_profile      (MsiActionsClient     *self);
MsiHttpClient    *msi_actions_client_get_http         (MsiActionsClient     *self);
void              msi_actions_client_get_account_async (MsiActionsClient    *self,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
JsonNode         *msi_actions_client_get_account_finish (MsiActionsClient   *self,
                                                         GAsyncResult       *result,
                                                         GError            **error);
void              msi_actions_client_load_checklist_async (MsiActionsClient *self,
                                                           GCancellable     *cancellable,
                                                           GAsyncReadyCallback callback,
                                                           gpointer          user_data);
GListModel       *msi_actions_client_load_checklist_finish (MsiActionsClient *self,
                                                            GAsyncResult     *result,
                                                            GError          **error);

G_END_DECLS
