/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-application.h: the application: profiles, the demo server, windows */

#pragma once

#include <adwaita.h>

#include "msi-actions-auth.h"
#include "msi-import-journal.h"
#include "msi-profile.h"
#include "msi-salesforce-client.h"
#include "msi-scim-client.h"
#include "msi-token-store.h"

G_BEGIN_DECLS

typedef enum
{
  MSI_APP_STATE_NO_PROFILE, /* first start: nothing chosen yet */
  MSI_APP_STATE_STARTING,   /* the demo server is starting */
  MSI_APP_STATE_READY,      /* a profile is active */
  MSI_APP_STATE_FAILED,     /* the profile could not be used */
} MsiAppState;

#define MSI_TYPE_APPLICATION (msi_application_get_type ())

G_DECLARE_FINAL_TYPE (MsiApplication, msi_application, MSI, APPLICATION, AdwApplication)

MsiApplication *msi_application_new               (void);
GSettings      *msi_application_get_settings      (MsiApplication *self);
MsiProfile     *msi_application_get_profile       (MsiApplication *self);
MsiAppState     msi_application_get_state         (MsiApplication *self);
const char     *msi_application_get_error_message (MsiApplication *self);
MsiActionsAuth *msi_application_get_auth          (MsiApplication *self);
MsiTokenStore  *msi_application_get_token_store   (MsiApplication *self);
MsiSalesforceClient *
                msi_application_get_salesforce    (MsiApplication *self);
void            msi_application_use_demo          (MsiApplication *self);
void            msi_application_use_profile       (MsiApplication *self,
                                                   const char     *profile_id);
GSettings      *msi_application_dup_profile_settings (MsiApplication *self,
                                                      const char     *profile_id);
MsiScimClient  *msi_application_get_scim_client   (MsiApplication *self);
void            msi_application_open_invitation   (MsiApplication *self,
                                                   const char     *uri);
void            msi_application_continue_onboarding (MsiApplication *self);
void            msi_application_get_journal_async (MsiApplication      *self,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
MsiImportJournal *
                msi_application_get_journal_finish (MsiApplication *self,
                                                    GAsyncResult   *result,
                                                    GError        **error);

G_END_DECLS
