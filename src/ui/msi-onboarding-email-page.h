/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-onboarding-email-page.h: onboarding page: Gmail or Outlook, and its sign-in */

#pragma once

#include "msi-onboarding-page.h"

G_BEGIN_DECLS

#define MSI_TYPE_ONBOARDING_EMAIL_PAGE (msi_onboarding_email_page_get_type ())

G_DECLARE_FINAL_TYPE (MsiOnboardingEmailPage, msi_onboarding_email_page, MSI, ONBOARDING_EMAIL_PAGE, MsiOnboardingPage)

void           msi_onboarding_email_page_choose     (MsiOnboardingEmailPage *self,
                                                     MsiEmailClient          client);
MsiEmailClient msi_onboarding_email_page_get_choice (MsiOnboardingEmailPage *self);

G_END_DECLS
