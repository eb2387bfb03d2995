/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-browser-consent-dialog.c: consent in the system browser, for providers
 * that refuse embedded views (Google)
 *
 * The authorization URL opens in the desktop's default browser (through
 * the OpenURI portal in a sandbox). The window waits with Cancel, Open
 * Again and Copy Link, and completes either from the loopback receiver
 * (RFC 8252 §7.3, app sign-in) or when the caller sees the service's
 * status change (service connection) and calls
 * msi_browser_consent_dialog_complete().
 */

#define G_LOG_DOMAIN "msi-browser-consent-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "msi-browser-consent-dialog.h"
#include "msi-ui-util.h"

struct _MsiBrowserConsentDialog
{
  AdwWindow            parent_instance;

  char                *url;
  MsiLoopbackReceiver *receiver;
  GCancellable        *wait_cancellable;
  GTask               *task;
  gulong               cancelled_id;

  /* Template widgets */
  AdwToastOverlay     *toast_overlay;
  AdwWindowTitle      *window_title;
  AdwStatusPage       *status_page;
  GtkSpinner          *spinner;
};

enum {
  OPEN_EXTERNAL,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (MsiBrowserConsentDialog, msi_browser_consent_dialog, ADW_TYPE_WINDOW)

static void
complete (MsiBrowserConsentDialog *self,
          char                    *uri,
          GError                  *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);

  if (task == NULL)
    {
      g_free (uri);
      g_clear_error (&error);
      return;
    }

  if (self->cancelled_id != 0)
    g_cancellable_disconnect (g_task_get_cancellable (task), self->cancelled_id);
  self->cancelled_id = 0;

  /* Stop waiting: the receiver closes its port. */
  g_cancellable_cancel (self->wait_cancellable);
  if (self->receiver != NULL)
    msi_loopback_receiver_stop (self->receiver);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, uri, g_free);

  gtk_spinner_set_spinning (self->spinner, FALSE);
  msi_window_destroy_later (GTK_WINDOW (self));
}

static void
cancel (MsiBrowserConsentDialog *self)
{
  complete (self, NULL, g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Sign-in was cancelled.")));
}

/**
 * msi_browser_consent_dialog_complete:
 *
 * For a service connection: the caller saw the service's status change;
 * the dialog completes with an empty string and closes.
 */
void
msi_browser_consent_dialog_complete (MsiBrowserConsentDialog *self)
{
  g_return_if_fail (MSI_IS_BROWSER_CONSENT_DIALOG (self));

  complete (self, g_strdup (""), NULL);
}

const char *
msi_browser_consent_dialog_get_url (MsiBrowserConsentDialog *self)
{
  g_return_val_if_fail (MSI_IS_BROWSER_CONSENT_DIALOG (self), NULL);

  return self->url;
}

static void
wait_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(MsiBrowserConsentDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;

  uri = msi_loopback_receiver_wait_finish (MSI_LOOPBACK_RECEIVER (object), result, &error);
  if (uri == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  complete (self, g_steal_pointer (&uri), g_steal_pointer (&error));
}

static void
launch_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(MsiBrowserConsentDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!msi_open_uri_finish (result, &error))
    {
      g_autofree char *escaped = g_markup_escape_text (error->message, -1);
      g_autofree char *message = g_strdup_printf (_("The browser could not be opened (%s). Copy the link and open it in a browser."),
                                                  escaped);

      adw_status_page_set_description (self->status_page, message);
    }
}

static void
msi_browser_consent_dialog_real_open_external (MsiBrowserConsentDialog *self,
                                               const char              *uri)
{
  msi_open_uri_async (GTK_WIDGET (self), uri, launch_cb, g_object_ref (self));
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  MsiBrowserConsentDialog *self = MSI_BROWSER_CONSENT_DIALOG (widget);

  if (self->url != NULL)
    g_signal_emit (self, signals[OPEN_EXTERNAL], 0, self->url);
}

static void
copy_link_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  MsiBrowserConsentDialog *self = MSI_BROWSER_CONSENT_DIALOG (widget);

  if (self->url == NULL)
    return;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), self->url);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Link copied")));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  cancel (MSI_BROWSER_CONSENT_DIALOG (widget));
}

static gboolean
msi_browser_consent_dialog_close_request (GtkWindow *window)
{
  MsiBrowserConsentDialog *self = MSI_BROWSER_CONSENT_DIALOG (window);

  if (self->task != NULL)
    {
      cancel (self);
      return TRUE;
    }

  return GTK_WINDOW_CLASS (msi_browser_consent_dialog_parent_class)->close_request (window);
}

static void
msi_browser_consent_dialog_dispose (GObject *object)
{
  MsiBrowserConsentDialog *self = (MsiBrowserConsentDialog *)object;

  if (self->task != NULL)
    cancel (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), MSI_TYPE_BROWSER_CONSENT_DIALOG);
  g_clear_object (&self->receiver);
  g_clear_object (&self->wait_cancellable);
  g_clear_pointer (&self->url, g_free);

  G_OBJECT_CLASS (msi_browser_consent_dialog_parent_class)->dispose (object);
}

static void
msi_browser_consent_dialog_class_init (MsiBrowserConsentDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = msi_browser_consent_dialog_dispose;
  window_class->close_request = msi_browser_consent_dialog_close_request;

  /**
   * MsiBrowserConsentDialog::open-external:
   * @uri: the authorization URL
   *
   * The default handler opens @uri in the desktop's default browser.
   */
  signals[OPEN_EXTERNAL] =
    g_signal_new_class_handler ("open-external",
                                G_TYPE_FROM_CLASS (klass),
                                G_SIGNAL_RUN_LAST,
                                G_CALLBACK (msi_browser_consent_dialog_real_open_external),
                                NULL, NULL, NULL,
                                G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/msi-browser-consent-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, MsiBrowserConsentDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, MsiBrowserConsentDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, MsiBrowserConsentDialog, status_page);
  gtk_widget_class_bind_template_child (widget_class, MsiBrowserConsentDialog, spinner);

  gtk_widget_class_install_action (widget_class, "browser-consent.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "browser-consent.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "browser-consent.copy-link", NULL, copy_link_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "browser-consent.cancel", NULL);
}

static void
msi_browser_consent_dialog_init (MsiBrowserConsentDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->wait_cancellable = g_cancellable_new ();
}

/**
 * msi_browser_consent_dialog_new:
 * @title: what the person is doing, e.g. "Connect Gmail"
 * @service_name: the provider, e.g. "Google"
 */
MsiBrowserConsentDialog *
msi_browser_consent_dialog_new (const char *title,
                                const char *service_name)
{
  MsiBrowserConsentDialog *self;
  g_autofree char *description = NULL;

  g_return_val_if_fail (title != NULL, NULL);
  g_return_val_if_fail (service_name != NULL, NULL);

  self = g_object_new (MSI_TYPE_BROWSER_CONSENT_DIALOG, "title", title, NULL);
  adw_window_title_set_title (self->window_title, title);
  /* TRANSLATORS: %s is a provider such as Google */
  description = g_strdup_printf (_("%s’s sign-in page opened in your web browser. Finish there; this window closes by itself."),
                                 service_name);
  adw_status_page_set_description (self->status_page, description);

  return self;
}

static void
cancelled_cb (GCancellable            *cancellable,
              MsiBrowserConsentDialog *self)
{
  self->cancelled_id = 0;
  cancel (self);
}

/**
 * msi_browser_consent_dialog_run_async:
 * @url: the authorization URL
 * @receiver: (nullable): a listening loopback receiver whose redirect URI
 *   the flow uses; %NULL when the caller completes the dialog itself
 * @timeout_seconds: how long to wait for the browser, 0 for no limit
 *
 * Opens @url in the browser and waits. Completes with the redirect URI the
 * receiver got (parse it with the flow), an empty string after
 * msi_browser_consent_dialog_complete(), or G_IO_ERROR_CANCELLED.
 */
void
msi_browser_consent_dialog_run_async (MsiBrowserConsentDialog *self,
                                      GtkWindow               *parent,
                                      const char              *url,
                                      MsiLoopbackReceiver     *receiver,
                                      guint                    timeout_seconds,
                                      GCancellable            *cancellable,
                                      GAsyncReadyCallback      callback,
                                      gpointer                 user_data)
{
  g_return_if_fail (MSI_IS_BROWSER_CONSENT_DIALOG (self));
  g_return_if_fail (self->task == NULL);
  g_return_if_fail (url != NULL);
  g_return_if_fail (!receiver || MSI_IS_LOOPBACK_RECEIVER (receiver));

  self->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (self->task, msi_browser_consent_dialog_run_async);
  self->url = g_strdup (url);
  if (cancellable != NULL)
    self->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (cancelled_cb), self, NULL);

  if (receiver != NULL)
    {
      self->receiver = g_object_ref (receiver);
      msi_loopback_receiver_wait_async (receiver, timeout_seconds, self->wait_cancellable,
                                        wait_cb, g_object_ref (self));
    }

  if (parent != NULL)
    gtk_window_set_transient_for (GTK_WINDOW (self), parent);
  gtk_window_present (GTK_WINDOW (self));
  g_signal_emit (self, signals[OPEN_EXTERNAL], 0, url);
}

/**
 * msi_browser_consent_dialog_run_finish:
 *
 * Returns: (transfer full): the redirect URI, or "" when the caller
 *   completed the dialog.
 */
char *
msi_browser_consent_dialog_run_finish (MsiBrowserConsentDialog  *self,
                                       GAsyncResult             *result,
                                       GError                  **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
