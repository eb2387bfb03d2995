/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-onboarding-features-page.h: onboarding page: what Sales Actions will do for the rep: Next */

#pragma once

#include "msi-onboarding-page.h"

G_BEGIN_DECLS

#define MSI_TYPE_ONBOARDING_FEATURES_PAGE (msi_onboarding_features_page_get_type ())

G_DECLARE_FINAL_TYPE (MsiOnboardingFeaturesPage, msi_onboarding_features_page, MSI, ONBOARDING_FEATURES_PAGE, MsiOnboardingPage)

G_END_DECLS
