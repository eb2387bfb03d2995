/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-onboarding-tour-page.h: onboarding page: the short tour: Next or Not now */

#pragma once

#include "msi-onboarding-page.h"

G_BEGIN_DECLS

#define MSI_TYPE_ONBOARDING_TOUR_PAGE (msi_onboarding_tour_page_get_type ())

G_DECLARE_FINAL_TYPE (MsiOnboardingTourPage, msi_onboarding_tour_page, MSI, ONBOARDING_TOUR_PAGE, MsiOnboardingPage)

guint msi_onboarding_tour_page_get_slide   (MsiOnboardingTourPage *self);
guint msi_onboarding_tour_page_get_n_slides (MsiOnboardingTourPage *self);

G_END_DECLS
