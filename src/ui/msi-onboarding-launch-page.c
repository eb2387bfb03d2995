/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-onboarding-launch-page.c: onboarding page: the web app or Salesforce, and where Sales Actions are */

#define G_LOG_DOMAIN "msi-onboarding-launch-page"

#include "config.h"

#include <glib/gi18n.h>

#include "msi-onboarding-launch-page.h"

/* The guide's last steps: sign in to the web app or to Salesforce (in
 * the browser), and the note that Sales Actions are in the MSI panel's
 * drop-down on lead, contact, account and opportunity pages. Either
 * button finishes the onboarding. */

struct _MsiOnboardingLaunchPage
{
  MsiOnboardingPage  parent_instance;

  char              *launched;  /* for the tests: the address last opened */
};

G_DEFINE_FINAL_TYPE (MsiOnboardingLaunchPage, msi_onboarding_launch_page, MSI_TYPE_ONBOARDING_PAGE)

static void
launch (MsiOnboardingLaunchPage *self,
        const char              *uri)
{
  MsiOnboardingSession *session = msi_onboarding_page_get_session (MSI_ONBOARDING_PAGE (self));

  if (session == NULL || uri == NULL || *uri == '\0')
    return;

  g_free (self->launched);
  self->launched = g_strdup (uri);
  msi_onboarding_session_open_uri (session, uri);
  msi_onboarding_page_request_next (MSI_ONBOARDING_PAGE (self));
}

static void
web_app_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  MsiOnboardingLaunchPage *self = MSI_ONBOARDING_LAUNCH_PAGE (widget);
  MsiOnboardingSession *session = msi_onboarding_page_get_session (MSI_ONBOARDING_PAGE (self));
  MsiProfile *profile = session ? msi_onboarding_session_get_profile (session) : NULL;

  if (profile != NULL)
    launch (self, msi_profile_get_actions_url (profile));
}

static void
salesforce_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  MsiOnboardingLaunchPage *self = MSI_ONBOARDING_LAUNCH_PAGE (widget);
  MsiOnboardingSession *session = msi_onboarding_page_get_session (MSI_ONBOARDING_PAGE (self));
  MsiProfile *profile = session ? msi_onboarding_session_get_profile (session) : NULL;

  if (profile != NULL)
    launch (self, msi_profile_get_salesforce_login_url (profile));
}

static void
msi_onboarding_launch_page_finalize (GObject *object)
{
  MsiOnboardingLaunchPage *self = (MsiOnboardingLaunchPage *)object;

  g_clear_pointer (&self->launched, g_free);

  G_OBJECT_CLASS (msi_onboarding_launch_page_parent_class)->finalize (object);
}

static void
msi_onboarding_launch_page_class_init (MsiOnboardingLaunchPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = msi_onboarding_launch_page_finalize;

  gtk_widget_class_install_action (widget_class, "launch.web-app", NULL, web_app_action);
  gtk_widget_class_install_action (widget_class, "launch.salesforce", NULL, salesforce_action);
}

static GtkWidget *
pill_button (const char *label,
             const char *action_name,
             gboolean    suggested)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action_name);
  gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "pill");
  if (suggested)
    gtk_widget_add_css_class (button, "suggested-action");

  return button;
}

static void
msi_onboarding_launch_page_init (MsiOnboardingLaunchPage *self)
{
  MsiOnboardingPage *page = MSI_ONBOARDING_PAGE (self);
  GtkWidget *status_page = adw_status_page_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *hint = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *hint_icon = gtk_image_new_from_icon_name ("dialog-information-symbolic");
  GtkWidget *hint_label = gtk_label_new (_("In Salesforce (Classic or Lightning), open any lead, contact, account or opportunity: all your Sales Actions are in the drop-down of the MSI panel."));

  msi_onboarding_page_set_step (page, MSI_ONBOARDING_STEP_LAUNCH);
  msi_onboarding_page_set_title (page, _("Launch"));
  msi_onboarding_page_set_next_label (page, _("_Done"));
  msi_onboarding_page_set_complete (page, TRUE);

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (status_page), "web-browser-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (status_page), _("Start Selling"));
  adw_status_page_set_description (ADW_STATUS_PAGE (status_page),
                                   _("Sign in to the web app or to Salesforce to use every feature of the MSI panel."));

  gtk_box_append (GTK_BOX (box), pill_button (_("_Launch Salesforce"), "launch.salesforce", TRUE));
  gtk_box_append (GTK_BOX (box), pill_button (_("Open the _Web App"), "launch.web-app", FALSE));

  gtk_widget_add_css_class (hint, "msi-banner");
  gtk_widget_set_margin_top (hint, 12);
  gtk_widget_set_valign (hint_icon, GTK_ALIGN_START);
  gtk_label_set_wrap (GTK_LABEL (hint_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (hint_label), 0);
  gtk_widget_set_hexpand (hint_label, TRUE);
  gtk_box_append (GTK_BOX (hint), hint_icon);
  gtk_box_append (GTK_BOX (hint), hint_label);
  gtk_box_append (GTK_BOX (box), hint);

  adw_status_page_set_child (ADW_STATUS_PAGE (status_page), box);
  adw_bin_set_child (ADW_BIN (self), status_page);
}

/* For the tests: the address the page last opened, or NULL. */
const char *
msi_onboarding_launch_page_get_launched (MsiOnboardingLaunchPage *self)
{
  g_return_val_if_fail (MSI_IS_ONBOARDING_LAUNCH_PAGE (self), NULL);

  return self->launched;
}
