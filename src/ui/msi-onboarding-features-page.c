/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-onboarding-features-page.c: onboarding page: what Sales Actions will do for the rep: Next */

#define G_LOG_DOMAIN "msi-onboarding-features-page"

#include "config.h"

#include <glib/gi18n.h>

#include "msi-onboarding-features-page.h"

/* The guide's screen after Start: what the rep gets, then Next. */

struct _MsiOnboardingFeaturesPage
{
  MsiOnboardingPage  parent_instance;
};

G_DEFINE_FINAL_TYPE (MsiOnboardingFeaturesPage, msi_onboarding_features_page, MSI_TYPE_ONBOARDING_PAGE)

static const struct {
  const char *icon;
  const char *title;
  const char *subtitle;
} features[] = {
  { "mail-send-symbolic",
    N_("E-mail from Salesforce"),
    N_("Write to your leads and contacts from the MSI panel, sent from your own mailbox with your signature.") },
  { "x-office-document-symbolic",
    N_("Templates and campaigns"),
    N_("Use your team’s e-mail templates and add people to sales campaigns in a few clicks.") },
  { "preferences-system-notifications-symbolic",
    N_("Know when they read it"),
    N_("See who opens your e-mails and clicks their links, as it happens.") },
  { "view-list-bullet-symbolic",
    N_("Every action in one place"),
    N_("Sales Actions wait in the MSI panel on lead, contact, account and opportunity pages.") },
};

static void
msi_onboarding_features_page_class_init (MsiOnboardingFeaturesPageClass *klass)
{
}

static void
msi_onboarding_features_page_init (MsiOnboardingFeaturesPage *self)
{
  MsiOnboardingPage *page = MSI_ONBOARDING_PAGE (self);
  GtkWidget *status_page = adw_status_page_new ();
  GtkWidget *list = gtk_list_box_new ();

  msi_onboarding_page_set_step (page, MSI_ONBOARDING_STEP_START);
  msi_onboarding_page_set_title (page, _("What It Does"));
  msi_onboarding_page_set_complete (page, TRUE);

  adw_status_page_set_title (ADW_STATUS_PAGE (status_page), _("What Sales Actions Does for You"));
  adw_status_page_set_description (ADW_STATUS_PAGE (status_page),
                                   _("Sales Actions works inside Salesforce, with your own e-mail."));

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("What Sales Actions does"),
                                  -1);
  for (guint i = 0; i < G_N_ELEMENTS (features); i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon = gtk_image_new_from_icon_name (features[i].icon);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(features[i].title));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _(features[i].subtitle));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_widget_set_focusable (row, FALSE);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }

  adw_status_page_set_child (ADW_STATUS_PAGE (status_page), list);
  adw_bin_set_child (ADW_BIN (self), status_page);
}
