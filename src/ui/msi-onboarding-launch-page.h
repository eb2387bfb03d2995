/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-onboarding-launch-page.h: onboarding page: the web app or Salesforce, and where Sales Actions are */

#pragma once

#include "msi-onboarding-page.h"

G_BEGIN_DECLS

#define MSI_TYPE_ONBOARDING_LAUNCH_PAGE (msi_onboarding_launch_page_get_type ())

G_DECLARE_FINAL_TYPE (MsiOnboardingLaunchPage, msi_onboarding_launch_page, MSI, ONBOARDING_LAUNCH_PAGE, MsiOnboardingPage)

const char *msi_onboarding_launch_page_get_launched (MsiOnboardingLaunchPage *self);

G_END_DECLS
