/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-onboarding-signature-page.h: onboarding page: the custom signature: Save or Skip */

#pragma once

#include "msi-onboarding-page.h"
#include "msi-signature-editor.h"

G_BEGIN_DECLS

#define MSI_TYPE_ONBOARDING_SIGNATURE_PAGE (msi_onboarding_signature_page_get_type ())

G_DECLARE_FINAL_TYPE (MsiOnboardingSignaturePage, msi_onboarding_signature_page, MSI, ONBOARDING_SIGNATURE_PAGE, MsiOnboardingPage)

MsiSignatureEditor *msi_onboarding_signature_page_get_editor (MsiOnboardingSignaturePage *self);

G_END_DECLS
