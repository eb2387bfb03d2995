/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-onboarding-activate-page.h: onboarding page: Activate account with Salesforce, and what stops it explained */

#pragma once

#include <json-glib/json-glib.h>

#include "msi-onboarding-page.h"

G_BEGIN_DECLS

#define MSI_TYPE_ONBOARDING_ACTIVATE_PAGE (msi_onboarding_activate_page_get_type ())

G_DECLARE_FINAL_TYPE (MsiOnboardingActivatePage, msi_onboarding_activate_page, MSI, ONBOARDING_ACTIVATE_PAGE, MsiOnboardingPage)

gboolean    msi_onboarding_activate_page_show_status       (MsiOnboardingActivatePage *self,
                                                            JsonObject                *connection);
const char *msi_onboarding_activate_page_get_problem       (MsiOnboardingActivatePage *self);
const char *msi_onboarding_activate_page_get_admin_message (MsiOnboardingActivatePage *self);

G_END_DECLS
