/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-onboarding-connected-page.c: onboarding page: the e-mail connection is set up, with its address */

#define G_LOG_DOMAIN "msi-onboarding-connected-page"

#include "config.h"

#include <glib/gi18n.h>

#include "msi-onboarding-connected-page.h"

/* The guide's success message "E-mail connection set up", with the
 * address Sales Actions sends from (read from the service when the
 * onboarding resumed here). */

struct _MsiOnboardingConnectedPage
{
  MsiOnboardingPage  parent_instance;

  AdwStatusPage     *status_page;
  GCancellable      *cancellable;
};

G_DEFINE_FINAL_TYPE (MsiOnboardingConnectedPage, msi_onboarding_connected_page, MSI_TYPE_ONBOARDING_PAGE)

static void
update_text (MsiOnboardingConnectedPage *self)
{
  MsiOnboardingSession *session = msi_onboarding_page_get_session (MSI_ONBOARDING_PAGE (self));
  const char *address = session ? msi_onboarding_session_get_email_address (session) : NULL;
  MsiEmailClient client = session ? msi_onboarding_session_get_email_client (session) : MSI_EMAIL_CLIENT_NONE;
  g_autofree char *description = NULL;
  g_autofree char *escaped = NULL;

  if (address != NULL && client == MSI_EMAIL_CLIENT_GMAIL)
    /* TRANSLATORS: %s is an e-mail address */
    description = g_strdup_printf (_("Sales Actions sends your e-mails from your Gmail address %s, and they appear in its Sent folder."),
                                   address);
  else if (address != NULL && client == MSI_EMAIL_CLIENT_OUTLOOK)
    /* TRANSLATORS: %s is an e-mail address */
    description = g_strdup_printf (_("Sales Actions sends your e-mails from your Outlook address %s, and they appear in its Sent Items folder."),
                                   address);
  else if (address != NULL)
    /* TRANSLATORS: %s is an e-mail address */
    description = g_strdup_printf (_("Sales Actions sends your e-mails from %s."), address);
  else
    description = g_strdup (_("Sales Actions sends your e-mails from your own mailbox."));

  escaped = g_markup_escape_text (description, -1);
  adw_status_page_set_description (self->status_page, escaped);
}

static void
identities_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(MsiOnboardingConnectedPage) self = user_data;
  g_autoptr(GPtrArray) identities = NULL;
  g_autoptr(GError) error = NULL;
  MsiOnboardingSession *session;

  identities = msi_onboarding_client_list_email_identities_finish (MSI_ONBOARDING_CLIENT (object), result, &error);
  session = msi_onboarding_page_get_session (MSI_ONBOARDING_PAGE (self));
  if (identities == NULL || session == NULL)
    {
      if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Could not read the e-mail identities: %s", error->message);
      return;
    }

  for (guint i = 0; i < identities->len; i++)
    {
      MsiEmailIdentity *identity = g_ptr_array_index (identities, i);
      MsiEmailClient chosen = msi_onboarding_session_get_email_client (session);

      if (chosen == MSI_EMAIL_CLIENT_NONE || identity->provider == chosen || i + 1 == identities->len)
        {
          if (chosen == MSI_EMAIL_CLIENT_NONE)
            msi_onboarding_session_set_email_client (session, identity->provider);
          msi_onboarding_session_set_email_address (session, identity->address);
          break;
        }
    }
}

static void
msi_onboarding_connected_page_shown (MsiOnboardingPage *page)
{
  MsiOnboardingConnectedPage *self = MSI_ONBOARDING_CONNECTED_PAGE (page);
  MsiOnboardingSession *session = msi_onboarding_page_get_session (page);
  MsiOnboardingClient *client = session ? msi_onboarding_session_get_client (session) : NULL;

  update_text (self);
  if (client == NULL || msi_onboarding_session_get_email_address (session) != NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  msi_onboarding_client_list_email_identities_async (client, self->cancellable,
                                                     identities_cb, g_object_ref (self));
}

static void
msi_onboarding_connected_page_session_changed (MsiOnboardingPage *page)
{
  MsiOnboardingConnectedPage *self = MSI_ONBOARDING_CONNECTED_PAGE (page);
  MsiOnboardingSession *session = msi_onboarding_page_get_session (page);

  if (session != NULL)
    {
      g_signal_connect_object (session, "notify::email-address", G_CALLBACK (update_text), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::email-client", G_CALLBACK (update_text), self, G_CONNECT_SWAPPED);
    }
  update_text (self);
}

static void
msi_onboarding_connected_page_dispose (GObject *object)
{
  MsiOnboardingConnectedPage *self = (MsiOnboardingConnectedPage *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (msi_onboarding_connected_page_parent_class)->dispose (object);
}

static void
msi_onboarding_connected_page_class_init (MsiOnboardingConnectedPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  MsiOnboardingPageClass *page_class = MSI_ONBOARDING_PAGE_CLASS (klass);

  object_class->dispose = msi_onboarding_connected_page_dispose;
  page_class->shown = msi_onboarding_connected_page_shown;
  page_class->session_changed = msi_onboarding_connected_page_session_changed;
}

static void
msi_onboarding_connected_page_init (MsiOnboardingConnectedPage *self)
{
  MsiOnboardingPage *page = MSI_ONBOARDING_PAGE (self);

  msi_onboarding_page_set_step (page, MSI_ONBOARDING_STEP_EMAIL_CONNECTED);
  msi_onboarding_page_set_title (page, _("E-mail Connected"));
  msi_onboarding_page_set_complete (page, TRUE);

  self->status_page = ADW_STATUS_PAGE (adw_status_page_new ());
  adw_status_page_set_icon_name (self->status_page, "emblem-ok-symbolic");
  adw_status_page_set_title (self->status_page, _("E-mail Connection Set Up"));
  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->status_page));
  update_text (self);
}
