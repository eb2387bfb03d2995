/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-onboarding-assistant.h: a sales rep's onboarding, from the welcome mail's link to Salesforce */

#pragma once

#include <adwaita.h>

#include "msi-application.h"
#include "msi-onboarding-page.h"
#include "msi-onboarding-session.h"

G_BEGIN_DECLS

/* What the assistant says instead of its pages. */
typedef enum
{
  MSI_ONBOARDING_MESSAGE_NONE,
  MSI_ONBOARDING_MESSAGE_BAD_LINK,            /* the link does not parse */
  MSI_ONBOARDING_MESSAGE_INVITATION_UNKNOWN,  /* withdrawn or replaced */
  MSI_ONBOARDING_MESSAGE_INVITATION_EXPIRED,  /* ask for a new one */
  MSI_ONBOARDING_MESSAGE_INVITATION_USED,     /* finished: sign in instead */
  MSI_ONBOARDING_MESSAGE_NO_PROFILE,          /* no profile for the link's service */
  MSI_ONBOARDING_MESSAGE_OTHER_ACCOUNT,       /* signed in as someone else */
  MSI_ONBOARDING_MESSAGE_NEEDS_LINK,          /* resumed, but signed out */
  MSI_ONBOARDING_MESSAGE_ERROR,               /* anything else, with Try Again */
} MsiOnboardingMessage;

#define MSI_TYPE_ONBOARDING_ASSISTANT (msi_onboarding_assistant_get_type ())

G_DECLARE_FINAL_TYPE (MsiOnboardingAssistant, msi_onboarding_assistant, MSI, ONBOARDING_ASSISTANT, AdwWindow)

MsiOnboardingAssistant *msi_onboarding_assistant_new              (MsiApplication         *application);
void                    msi_onboarding_assistant_open_link        (MsiOnboardingAssistant *self,
                                                                   const char             *uri);
void                    msi_onboarding_assistant_resume           (MsiOnboardingAssistant *self);
void                    msi_onboarding_assistant_show_pages       (MsiOnboardingAssistant *self,
                                                                   MsiOnboardingSession   *session,
                                                                   MsiOnboardingStep       step);
MsiOnboardingSession   *msi_onboarding_assistant_get_session      (MsiOnboardingAssistant *self);
MsiOnboardingMessage    msi_onboarding_assistant_get_message      (MsiOnboardingAssistant *self);
const char             *msi_onboarding_assistant_get_message_text (MsiOnboardingAssistant *self);
const char             *msi_onboarding_assistant_get_state        (MsiOnboardingAssistant *self);
const char             *msi_onboarding_assistant_get_page_name    (MsiOnboardingAssistant *self);
MsiOnboardingPage      *msi_onboarding_assistant_get_page         (MsiOnboardingAssistant *self,
                                                                   const char             *name);
MsiOnboardingPage      *msi_onboarding_assistant_get_current_page (MsiOnboardingAssistant *self);
gboolean                msi_onboarding_assistant_get_busy         (MsiOnboardingAssistant *self);

G_END_DECLS
