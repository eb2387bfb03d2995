/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-onboarding-signature-page.c: onboarding page: the custom signature: Save or Skip */

#define G_LOG_DOMAIN "msi-onboarding-signature-page"

#include "config.h"

#include <glib/gi18n.h>

#include "msi-onboarding-signature-page.h"
#include "msi-signature-editor.h"

/* The guide's "enter your custom signature and click Save (or Skip to do
 * it later from the Profile page)". Saved as sanitized HTML; the page
 * shows what the service stored. */

struct _MsiOnboardingSignaturePage
{
  MsiOnboardingPage   parent_instance;

  MsiSignatureEditor *editor;
  GCancellable       *cancellable;  /* reading the stored signature */
  gboolean            loaded;
};

G_DEFINE_FINAL_TYPE (MsiOnboardingSignaturePage, msi_onboarding_signature_page, MSI_TYPE_ONBOARDING_PAGE)

static void
update_complete (MsiOnboardingSignaturePage *self)
{
  msi_onboarding_page_set_complete (MSI_ONBOARDING_PAGE (self), msi_signature_editor_get_valid (self->editor));
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(MsiOnboardingSignaturePage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *html = NULL;

  html = msi_onboarding_client_get_signature_finish (MSI_ONBOARDING_CLIENT (object), result, &error);
  if (html == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Could not read the signature: %s", error->message);
      return;
    }

  self->loaded = TRUE;
  /* What the person typed meanwhile wins. */
  if (!msi_signature_editor_get_modified (self->editor) && msi_signature_editor_is_empty (self->editor))
    msi_signature_editor_set_html (self->editor, html);
}

static void
msi_onboarding_signature_page_shown (MsiOnboardingPage *page)
{
  MsiOnboardingSignaturePage *self = MSI_ONBOARDING_SIGNATURE_PAGE (page);
  MsiOnboardingSession *session = msi_onboarding_page_get_session (page);
  MsiOnboardingClient *client = session ? msi_onboarding_session_get_client (session) : NULL;

  gtk_widget_grab_focus (GTK_WIDGET (msi_signature_editor_get_text_view (self->editor)));

  if (client == NULL || self->loaded)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  msi_onboarding_client_get_signature_async (client, self->cancellable, loaded_cb, g_object_ref (self));
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(MsiOnboardingSignaturePage) self = user_data;
  MsiOnboardingPage *page = MSI_ONBOARDING_PAGE (self);
  MsiOnboardingSession *session = msi_onboarding_page_get_session (page);
  g_autoptr(GError) error = NULL;
  g_autofree char *html = NULL;

  html = msi_onboarding_client_save_signature_finish (MSI_ONBOARDING_CLIENT (object), result, &error);
  if (html == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        msi_onboarding_page_set_error (page, error->message);
      msi_onboarding_page_apply_complete (page, FALSE);
      return;
    }

  /* What the service keeps is what the page shows. */
  self->loaded = TRUE;
  msi_signature_editor_set_html (self->editor, html);
  if (session != NULL)
    msi_onboarding_session_set_signature_saved (session, TRUE);
  msi_onboarding_page_apply_complete (page, TRUE);
}

static gboolean
msi_onboarding_signature_page_apply (MsiOnboardingPage *page,
                                     GCancellable      *cancellable)
{
  MsiOnboardingSignaturePage *self = MSI_ONBOARDING_SIGNATURE_PAGE (page);
  MsiOnboardingSession *session = msi_onboarding_page_get_session (page);
  MsiOnboardingClient *client = session ? msi_onboarding_session_get_client (session) : NULL;

  if (client == NULL)
    return FALSE;

  /* Saved before and unchanged: nothing to send. */
  if (!msi_signature_editor_get_modified (self->editor) && msi_onboarding_session_get_signature_saved (session))
    return FALSE;

  g_cancellable_cancel (self->cancellable);
  msi_onboarding_client_save_signature_async (client, msi_signature_editor_get_html (self->editor),
                                              cancellable, saved_cb, g_object_ref (self));
  return TRUE;
}

static void
msi_onboarding_signature_page_dispose (GObject *object)
{
  MsiOnboardingSignaturePage *self = (MsiOnboardingSignaturePage *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (msi_onboarding_signature_page_parent_class)->dispose (object);
}

static void
msi_onboarding_signature_page_class_init (MsiOnboardingSignaturePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  MsiOnboardingPageClass *page_class = MSI_ONBOARDING_PAGE_CLASS (klass);

  object_class->dispose = msi_onboarding_signature_page_dispose;
  page_class->apply = msi_onboarding_signature_page_apply;
  page_class->shown = msi_onboarding_signature_page_shown;
}

static void
msi_onboarding_signature_page_init (MsiOnboardingSignaturePage *self)
{
  MsiOnboardingPage *page = MSI_ONBOARDING_PAGE (self);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *title = gtk_label_new (_("Your E-mail Signature"));
  GtkWidget *intro = gtk_label_new (_("Sales Actions adds it under the e-mails you send. Save it now, or skip and add it later on your Profile page."));

  msi_onboarding_page_set_step (page, MSI_ONBOARDING_STEP_SIGNATURE);
  msi_onboarding_page_set_title (page, _("Signature"));
  msi_onboarding_page_set_next_label (page, _("_Save"));
  msi_onboarding_page_set_skippable (page, TRUE);
  msi_onboarding_page_set_skip_label (page, _("_Skip"));

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 560);
  gtk_widget_set_margin_start (clamp, 18);
  gtk_widget_set_margin_end (clamp, 18);
  gtk_widget_set_margin_top (clamp, 24);
  gtk_widget_set_margin_bottom (clamp, 24);

  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_justify (GTK_LABEL (title), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (title, "title-1");
  gtk_label_set_wrap (GTK_LABEL (intro), TRUE);
  gtk_label_set_justify (GTK_LABEL (intro), GTK_JUSTIFY_CENTER);

  self->editor = MSI_SIGNATURE_EDITOR (msi_signature_editor_new ());
  g_signal_connect_object (self->editor, "notify::valid", G_CALLBACK (update_complete), self, G_CONNECT_SWAPPED);

  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), intro);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->editor));
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  adw_bin_set_child (ADW_BIN (self), scrolled);
  update_complete (self);
}

MsiSignatureEditor *
msi_onboarding_signature_page_get_editor (MsiOnboardingSignaturePage *self)
{
  g_return_val_if_fail (MSI_IS_ONBOARDING_SIGNATURE_PAGE (self), NULL);

  return self->editor;
}
