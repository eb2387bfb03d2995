/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-onboarding-finish-page.h: onboarding page: Finish */

#pragma once

#include "msi-onboarding-page.h"

G_BEGIN_DECLS

#define MSI_TYPE_ONBOARDING_FINISH_PAGE (msi_onboarding_finish_page_get_type ())

G_DECLARE_FINAL_TYPE (MsiOnboardingFinishPage, msi_onboarding_finish_page, MSI, ONBOARDING_FINISH_PAGE, MsiOnboardingPage)

G_END_DECLS
