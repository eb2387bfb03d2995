/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-onboarding-connected-page.h: onboarding page: the e-mail connection is set up, with its address */

#pragma once

#include "msi-onboarding-page.h"

G_BEGIN_DECLS

#define MSI_TYPE_ONBOARDING_CONNECTED_PAGE (msi_onboarding_connected_page_get_type ())

G_DECLARE_FINAL_TYPE (MsiOnboardingConnectedPage, msi_onboarding_connected_page, MSI, ONBOARDING_CONNECTED_PAGE, MsiOnboardingPage)

G_END_DECLS
