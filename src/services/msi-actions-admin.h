/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-actions-admin.h: the Actions API calls of the admin pane (activation, Marketo connection, Salesforce setup records) */

#pragma once

#include "msi-actions-auth.h"
#include "msi-marketo-credentials.h"
#include "msi-package-version.h"

G_BEGIN_DECLS

#define MSI_ACTIONS_ADMIN_ERROR (msi_actions_admin_error_quark ())

/* Problems the admin pane explains (the problem "type", msi-problem-types.h);
 * anything else arrives as MSI_HTTP_ERROR with the service's message. */
typedef enum
{
  MSI_ACTIONS_ADMIN_ERROR_MARKETO_NOT_ACTIVATED,
  MSI_ACTIONS_ADMIN_ERROR_MARKETO_INVALID_CREDENTIALS,
  MSI_ACTIONS_ADMIN_ERROR_MARKETO_ACCESS_DENIED,
  MSI_ACTIONS_ADMIN_ERROR_MARKETO_UNREACHABLE,
  MSI_ACTIONS_ADMIN_ERROR_MARKETO_WRONG_INSTANCE,
  MSI_ACTIONS_ADMIN_ERROR_INVALID_ADMINS,
} MsiActionsAdminError;

/* One admin to invite at activation. */
typedef struct
{
  char *email;
  char *first_name;
  char *last_name;
} MsiActivationAdmin;

/* What POST /api/v1/activation did for one admin. */
typedef enum
{
  MSI_INVITE_OUTCOME_INVITED,
  MSI_INVITE_OUTCOME_ALREADY_INVITED,
  MSI_INVITE_OUTCOME_ALREADY_USER,
} MsiInviteOutcome;

typedef struct
{
  char             *email;
  char             *name;
  MsiInviteOutcome  outcome;
} MsiActivationResult;

MsiActivationAdmin *msi_activation_admin_new   (const char         *email,
                                                const char         *first_name,
                                                const char         *last_name);
void                msi_activation_admin_free  (MsiActivationAdmin *admin);
void                msi_activation_result_free (MsiActivationResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsiActivationAdmin, msi_activation_admin_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsiActivationResult, msi_activation_result_free)

#define MSI_TYPE_ACTIONS_ADMIN (msi_actions_admin_get_type ())

G_DECLARE_FINAL_TYPE (MsiActionsAdmin, msi_actions_admin, MSI, ACTIONS_ADMIN, GObject)

GQuark           msi_actions_admin_error_quark   (void);
MsiActionsAdmin *msi_actions_admin_new           (MsiActionsAuth      *auth);
MsiActionsAuth  *msi_actions_admin_get_auth      (MsiActionsAdmin     *self);

/* POST /api/v1/activation {marketo: {munchkinId, clientId, clientSecret},
 * admins: [{email, firstName, lastName}]}: the service checks the
 * credentials with Marketo, records them, and mails each admin a welcome
 * with a Get started link. @admins: MsiActivationAdmin*. Returns a
 * GPtrArray of MsiActivationResult in the order given. */
void             msi_actions_admin_activate_async  (MsiActionsAdmin             *self,
                                                    const MsiMarketoCredentials *credentials,
                                                    GPtrArray                   *admins,
                                                    GCancellable                *cancellable,
                                                    GAsyncReadyCallback          callback,
                                                    gpointer                     user_data);
GPtrArray       *msi_actions_admin_activate_finish (MsiActionsAdmin             *self,
                                                    GAsyncResult                *result,
                                                    GError                     **error);

/* POST /api/v1/connections/marketo: with @credentials %NULL the service
 * connects with the activation's credentials ("automatic"); otherwise with
 * the ones pasted from Actions Config. Returns the connection object (as
 * in GET /api/v1/connections). */
void             msi_actions_admin_connect_marketo_async  (MsiActionsAdmin             *self,
                                                           const MsiMarketoCredentials *credentials,
                                                           GCancellable                *cancellable,
                                                           GAsyncReadyCallback          callback,
                                                           gpointer                     user_data);
JsonObject      *msi_actions_admin_connect_marketo_finish (MsiActionsAdmin             *self,
                                                           GAsyncResult                *result,
                                                           GError                     **error);

/* GET /api/v1/connections: the array of connection objects. */
void             msi_actions_admin_get_connections_async  (MsiActionsAdmin     *self,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
JsonArray       *msi_actions_admin_get_connections_finish (MsiActionsAdmin     *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);

/* PUT /api/v1/setup/salesforce-package {state, installedVersion,
 * requiredVersion}: records what the app read from the org, so that the
 * checklist shows it to every admin. @installed %NULL: not installed. */
void             msi_actions_admin_report_package_async  (MsiActionsAdmin         *self,
                                                          MsiPackageState          state,
                                                          const MsiPackageVersion *installed,
                                                          const MsiPackageVersion *required,
                                                          GCancellable            *cancellable,
                                                          GAsyncReadyCallback      callback,
                                                          gpointer                 user_data);
gboolean         msi_actions_admin_report_package_finish (MsiActionsAdmin         *self,
                                                          GAsyncResult            *result,
                                                          GError                 **error);

/* GET / PUT /api/v1/setup/salesforce-configuration {completedItems: [ids],
 * totalItems}: the guided configuration's ticked items. Returns the item
 * ids done (a GStrv). */
void             msi_actions_admin_get_configuration_async  (MsiActionsAdmin     *self,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
GStrv            msi_actions_admin_get_configuration_finish (MsiActionsAdmin     *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);
void             msi_actions_admin_set_configuration_async  (MsiActionsAdmin     *self,
                                                             const char * const  *completed_items,
                                                             guint                total_items,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
gboolean         msi_actions_admin_set_configuration_finish (MsiActionsAdmin     *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);

G_END_DECLS
