/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-onboarding-finish-page.c: onboarding page: Finish */

#define G_LOG_DOMAIN "msi-onboarding-finish-page"

#include "config.h"

#include <glib/gi18n.h>

#include "msi-onboarding-finish-page.h"

/* The guide's "Finish": everything is set up. */

struct _MsiOnboardingFinishPage
{
  MsiOnboardingPage  parent_instance;
};

G_DEFINE_FINAL_TYPE (MsiOnboardingFinishPage, msi_onboarding_finish_page, MSI_TYPE_ONBOARDING_PAGE)

static void
msi_onboarding_finish_page_class_init (MsiOnboardingFinishPageClass *klass)
{
}

static void
msi_onboarding_finish_page_init (MsiOnboardingFinishPage *self)
{
  MsiOnboardingPage *page = MSI_ONBOARDING_PAGE (self);
  GtkWidget *status_page = adw_status_page_new ();

  msi_onboarding_page_set_step (page, MSI_ONBOARDING_STEP_FINISH);
  msi_onboarding_page_set_title (page, _("Finish"));
  msi_onboarding_page_set_next_label (page, _("_Finish"));
  msi_onboarding_page_set_complete (page, TRUE);

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (status_page), "starred-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (status_page), _("You’re All Set"));
  adw_status_page_set_description (ADW_STATUS_PAGE (status_page),
                                   _("Salesforce and your e-mail are connected. Choose Finish to complete your setup; a short tour then shows where to find Sales Actions."));
  adw_bin_set_child (ADW_BIN (self), status_page);
}
