/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-onboarding-start-page.h: onboarding page: the welcome after the activation: Start */

#pragma once

#include "msi-onboarding-page.h"

G_BEGIN_DECLS

#define MSI_TYPE_ONBOARDING_START_PAGE (msi_onboarding_start_page_get_type ())

G_DECLARE_FINAL_TYPE (MsiOnboardingStartPage, msi_onboarding_start_page, MSI, ONBOARDING_START_PAGE, MsiOnboardingPage)

G_END_DECLS
