/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-onboarding-start-page.c: onboarding page: the welcome after the activation: Start */

#define G_LOG_DOMAIN "msi-onboarding-start-page"

#include "config.h"

#include <glib/gi18n.h>

#include "msi-onboarding-start-page.h"

/* The guide's "Start": the account is active; what comes next. */

struct _MsiOnboardingStartPage
{
  MsiOnboardingPage  parent_instance;

  AdwStatusPage     *status_page;
};

G_DEFINE_FINAL_TYPE (MsiOnboardingStartPage, msi_onboarding_start_page, MSI_TYPE_ONBOARDING_PAGE)

static void
update_text (MsiOnboardingStartPage *self)
{
  MsiOnboardingSession *session = msi_onboarding_page_get_session (MSI_ONBOARDING_PAGE (self));
  const char *name = session ? msi_onboarding_session_get_user_name (session) : NULL;
  const char *account = session ? msi_onboarding_session_get_account_name (session) : NULL;
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;
  g_autofree char *escaped = NULL;

  if (name != NULL)
    /* TRANSLATORS: %s is the sales rep's name */
    title = g_strdup_printf (_("Welcome, %s"), name);
  else
    title = g_strdup (_("Welcome to Sales Actions"));

  if (account != NULL)
    /* TRANSLATORS: %s is the company's Sales account name */
    description = g_strdup_printf (_("Your %s Sales account is active and connected to your Salesforce user. Choose Start to set up the rest: your e-mail and your signature take a minute."),
                                   account);
  else
    description = g_strdup (_("Your Sales account is active and connected to your Salesforce user. Choose Start to set up the rest: your e-mail and your signature take a minute."));

  escaped = g_markup_escape_text (description, -1);
  adw_status_page_set_title (self->status_page, title);
  adw_status_page_set_description (self->status_page, escaped);
}

static void
msi_onboarding_start_page_session_changed (MsiOnboardingPage *page)
{
  update_text (MSI_ONBOARDING_START_PAGE (page));
}

static void
msi_onboarding_start_page_class_init (MsiOnboardingStartPageClass *klass)
{
  MsiOnboardingPageClass *page_class = MSI_ONBOARDING_PAGE_CLASS (klass);

  page_class->session_changed = msi_onboarding_start_page_session_changed;
}

static void
msi_onboarding_start_page_init (MsiOnboardingStartPage *self)
{
  MsiOnboardingPage *page = MSI_ONBOARDING_PAGE (self);

  msi_onboarding_page_set_step (page, MSI_ONBOARDING_STEP_START);
  msi_onboarding_page_set_title (page, _("Welcome"));
  msi_onboarding_page_set_next_label (page, _("_Start"));
  msi_onboarding_page_set_complete (page, TRUE);

  self->status_page = ADW_STATUS_PAGE (adw_status_page_new ());
  adw_status_page_set_icon_name (self->status_page, "emblem-ok-symbolic");
  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->status_page));
  update_text (self);
}
