/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-onboarding-session.h: what the onboarding assistant's pages share */

#pragma once

#include <gtk/gtk.h>

#include "msi-onboarding-client.h"

G_BEGIN_DECLS

#define MSI_TYPE_ONBOARDING_SESSION (msi_onboarding_session_get_type ())

G_DECLARE_FINAL_TYPE (MsiOnboardingSession, msi_onboarding_session, MSI, ONBOARDING_SESSION, GObject)

MsiOnboardingSession *msi_onboarding_session_new               (MsiOnboardingClient  *client);
MsiOnboardingClient  *msi_onboarding_session_get_client        (MsiOnboardingSession *self);
MsiActionsAuth       *msi_onboarding_session_get_auth          (MsiOnboardingSession *self);
MsiProfile           *msi_onboarding_session_get_profile       (MsiOnboardingSession *self);
const MsiInvitationInfo *
                      msi_onboarding_session_get_invitation    (MsiOnboardingSession *self);
void                  msi_onboarding_session_set_invitation    (MsiOnboardingSession *self,
                                                                const MsiInvitationInfo *info);
const char           *msi_onboarding_session_get_user_name     (MsiOnboardingSession *self);
const char           *msi_onboarding_session_get_user_email    (MsiOnboardingSession *self);
const char           *msi_onboarding_session_get_account_name  (MsiOnboardingSession *self);
const char           *msi_onboarding_session_get_invited_by    (MsiOnboardingSession *self);
MsiEmailClient        msi_onboarding_session_get_email_client  (MsiOnboardingSession *self);
void                  msi_onboarding_session_set_email_client  (MsiOnboardingSession *self,
                                                                MsiEmailClient        client);
const char           *msi_onboarding_session_get_email_address (MsiOnboardingSession *self);
void                  msi_onboarding_session_set_email_address (MsiOnboardingSession *self,
                                                                const char           *address);
gboolean              msi_onboarding_session_get_signature_saved (MsiOnboardingSession *self);
void                  msi_onboarding_session_set_signature_saved (MsiOnboardingSession *self,
                                                                  gboolean              saved);
void                  msi_onboarding_session_set_parent        (MsiOnboardingSession *self,
                                                                GtkWindow            *parent);
GtkWindow            *msi_onboarding_session_get_parent        (MsiOnboardingSession *self);
void                  msi_onboarding_session_open_uri          (MsiOnboardingSession *self,
                                                                const char           *uri);

G_END_DECLS
