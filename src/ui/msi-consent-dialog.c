/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-consent-dialog.c: OAuth consent in an embedded, locked-down web view
 *
 * The view goes only to the origins of the active profile; any other link
 * opens in the system browser. Downloads, permission requests, pop-ups and
 * new windows are refused, TLS errors stop the load, and no script can talk
 * to the app (no script message handlers). The navigation to the address
 * that ends the flow is intercepted and never loaded.
 */

#define G_LOG_DOMAIN "msi-consent-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "msi-consent-dialog.h"
#include "msi-ui-util.h"

struct _MsiConsentDialog
{
  AdwWindow            parent_instance;

  WebKitWebView       *web_view;
  GStrv                allowed_origins;
  MsiConsentMatchFunc  finish_match;
  gpointer             match_data;
  GDestroyNotify       match_data_destroy;
  char                *start_url;
  gboolean             finish_after_load;
  GTask               *task;
  gulong               cancelled_id;

  /* Template widgets */
  AdwWindowTitle      *window_title;
  GtkProgressBar      *progress_bar;
  GtkStack            *stack;
  AdwBin              *web_bin;
  AdwStatusPage       *error_page;
};

enum {
  OPEN_EXTERNAL,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (MsiConsentDialog, msi_consent_dialog, ADW_TYPE_WINDOW)

/* --- the shared network session --------------------------------------------- */

/**
 * msi_consent_get_network_session:
 *
 * Returns: (transfer none): the web session of every consent view, kept in
 *   the app's own data and cache directories, so that a provider that
 *   remembers the person skips its sign-in page next time.
 */
WebKitNetworkSession *
msi_consent_get_network_session (void)
{
  static WebKitNetworkSession *session;

  if (session == NULL)
    {
      g_autofree char *data_dir = g_build_filename (g_get_user_data_dir (), PACKAGE_NAME, "web", NULL);
      g_autofree char *cache_dir = g_build_filename (g_get_user_cache_dir (), PACKAGE_NAME, "web", NULL);
      g_autofree char *cookies = g_build_filename (data_dir, "cookies.sqlite", NULL);

      session = webkit_network_session_new (data_dir, cache_dir);
      webkit_network_session_set_tls_errors_policy (session, WEBKIT_TLS_ERRORS_POLICY_FAIL);
      webkit_cookie_manager_set_persistent_storage (webkit_network_session_get_cookie_manager (session),
                                                    cookies, WEBKIT_COOKIE_PERSISTENT_STORAGE_SQLITE);
      webkit_cookie_manager_set_accept_policy (webkit_network_session_get_cookie_manager (session),
                                               WEBKIT_COOKIE_POLICY_ACCEPT_NO_THIRD_PARTY);
    }

  return session;
}

static void
forget_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!webkit_website_data_manager_clear_finish (WEBKIT_WEBSITE_DATA_MANAGER (object), result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * msi_consent_forget_sign_ins_async:
 *
 * Clears cookies and every other website data of the consent views, so
 * that the next consent asks the person to sign in again.
 */
void
msi_consent_forget_sign_ins_async (GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  WebKitWebsiteDataManager *manager;
  GTask *task;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, msi_consent_forget_sign_ins_async);

  manager = webkit_network_session_get_website_data_manager (msi_consent_get_network_session ());
  webkit_website_data_manager_clear (manager, WEBKIT_WEBSITE_DATA_ALL, 0, cancellable, forget_cb, task);
}

gboolean
msi_consent_forget_sign_ins_finish (GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- origins ---------------------------------------------------------------- */

/**
 * msi_consent_origin_of_uri:
 *
 * Returns: (transfer full) (nullable): "scheme://host:port" with the
 *   effective port, lower case, or %NULL for what has no origin.
 */
char *
msi_consent_origin_of_uri (const char *uri)
{
  g_autoptr(GUri) parsed = NULL;
  g_autofree char *scheme = NULL;
  g_autofree char *host = NULL;
  int port;

  if (uri == NULL)
    return NULL;

  parsed = g_uri_parse (uri, G_URI_FLAGS_ENCODED, NULL);
  if (parsed == NULL || g_uri_get_host (parsed) == NULL || *g_uri_get_host (parsed) == '\0')
    return NULL;
  if (g_uri_get_userinfo (parsed) != NULL)
    return NULL;

  scheme = g_ascii_strdown (g_uri_get_scheme (parsed), -1);
  if (!g_str_equal (scheme, "https") && !g_str_equal (scheme, "http"))
    return NULL;

  host = g_ascii_strdown (g_uri_get_host (parsed), -1);
  port = g_uri_get_port (parsed);
  if (port == -1)
    port = g_str_equal (scheme, "https") ? 443 : 80;

  return g_strdup_printf ("%s://%s:%d", scheme, host, port);
}

gboolean
msi_consent_dialog_is_origin_allowed (MsiConsentDialog *self,
                                      const char       *uri)
{
  g_autofree char *origin = NULL;

  g_return_val_if_fail (MSI_IS_CONSENT_DIALOG (self), FALSE);

  origin = msi_consent_origin_of_uri (uri);
  if (origin == NULL)
    return FALSE;

  for (guint i = 0; self->allowed_origins[i]; i++)
    {
      g_autofree char *allowed = msi_consent_origin_of_uri (self->allowed_origins[i]);

      if (allowed != NULL && g_str_equal (origin, allowed))
        return TRUE;
    }

  return FALSE;
}

/* --- completing ------------------------------------------------------------- */

static void
complete (MsiConsentDialog *self,
          char             *uri,
          GError           *error)
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

  if (self->web_view != NULL)
    webkit_web_view_stop_loading (self->web_view);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, uri, g_free);

  /* We may be inside a WebKit signal: hide now, destroy from the loop. */
  msi_window_destroy_later (GTK_WINDOW (self));
}

static void
cancel (MsiConsentDialog *self)
{
  complete (self, NULL, g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Sign-in was cancelled.")));
}

/* --- WebKit signals --------------------------------------------------------- */

static void
show_error (MsiConsentDialog *self,
            const char       *message)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);

  adw_status_page_set_description (self->error_page, escaped);
  gtk_stack_set_visible_child_name (self->stack, "error");
}

static gboolean
decide_policy_cb (MsiConsentDialog         *self,
                  WebKitPolicyDecision     *decision,
                  WebKitPolicyDecisionType  type,
                  WebKitWebView            *web_view)
{
  WebKitNavigationAction *action;
  const char *uri;

  if (type == WEBKIT_POLICY_DECISION_TYPE_RESPONSE)
    {
      WebKitResponsePolicyDecision *response = WEBKIT_RESPONSE_POLICY_DECISION (decision);

      /* Anything WebKit cannot show would be a download: refused. */
      if (!webkit_response_policy_decision_is_mime_type_supported (response))
        {
          g_debug ("Refused a download");
          webkit_policy_decision_ignore (decision);
          return TRUE;
        }
      return FALSE;
    }

  action = webkit_navigation_policy_decision_get_navigation_action (WEBKIT_NAVIGATION_POLICY_DECISION (decision));
  uri = webkit_uri_request_get_uri (webkit_navigation_action_get_request (action));

  /* The end of the flow: taken from the navigation, never loaded — unless
   * it is a service's callback, which must reach the service. */
  if (self->finish_match != NULL && self->finish_match (uri, self->match_data) &&
      !self->finish_after_load)
    {
      webkit_policy_decision_ignore (decision);
      complete (self, g_strdup (uri), NULL);
      return TRUE;
    }

  if (type == WEBKIT_POLICY_DECISION_TYPE_NEW_WINDOW_ACTION)
    {
      /* No pop-ups; a link meant for a new window opens in the browser. */
      webkit_policy_decision_ignore (decision);
      if (webkit_navigation_action_is_user_gesture (action))
        g_signal_emit (self, signals[OPEN_EXTERNAL], 0, uri);
      return TRUE;
    }

  if (!msi_consent_dialog_is_origin_allowed (self, uri))
    {
      g_autofree char *origin = msi_consent_origin_of_uri (uri);

      g_debug ("Not loading %s in the consent view", origin ? origin : "a non-web address");
      webkit_policy_decision_ignore (decision);
      /* Only links the person clicked go to the browser, never redirects. */
      if (origin != NULL && webkit_navigation_action_is_user_gesture (action))
        g_signal_emit (self, signals[OPEN_EXTERNAL], 0, uri);
      return TRUE;
    }

  webkit_policy_decision_use (decision);
  return TRUE;
}

static gboolean
permission_request_cb (MsiConsentDialog        *self,
                       WebKitPermissionRequest *request,
                       WebKitWebView           *web_view)
{
  webkit_permission_request_deny (request);
  return TRUE;
}

static GtkWidget *
create_cb (MsiConsentDialog       *self,
           WebKitNavigationAction *action,
           WebKitWebView          *web_view)
{
  /* No new windows. */
  return NULL;
}

static gboolean
load_failed_with_tls_errors_cb (MsiConsentDialog     *self,
                                const char           *failing_uri,
                                GTlsCertificate      *certificate,
                                GTlsCertificateFlags  errors,
                                WebKitWebView        *web_view)
{
  g_autoptr(GUri) uri = g_uri_parse (failing_uri, G_URI_FLAGS_NONE, NULL);
  g_autofree char *message = NULL;

  message = g_strdup_printf (_("The identity of %s could not be verified, so the page was not loaded to protect your password."),
                             uri && g_uri_get_host (uri) ? g_uri_get_host (uri) : failing_uri);
  show_error (self, message);

  return TRUE;
}

static gboolean
load_failed_cb (MsiConsentDialog *self,
                WebKitLoadEvent   event,
                const char       *failing_uri,
                GError           *error,
                WebKitWebView    *web_view)
{
  g_autofree char *message = NULL;

  /* Our own refusals and stopped loads are not failures. */
  if (g_error_matches (error, WEBKIT_NETWORK_ERROR, WEBKIT_NETWORK_ERROR_CANCELLED) ||
      g_error_matches (error, WEBKIT_POLICY_ERROR, WEBKIT_POLICY_ERROR_FRAME_LOAD_INTERRUPTED_BY_POLICY_CHANGE))
    return TRUE;

  if (self->task == NULL)
    return TRUE;

  if (error->domain == WEBKIT_NETWORK_ERROR || error->domain == G_IO_ERROR || error->domain == G_RESOLVER_ERROR)
    message = g_strdup_printf (_("Could not reach the sign-in page. Check your network connection. (%s)"),
                               error->message);
  else
    message = g_strdup_printf (_("The sign-in page could not be loaded: %s"), error->message);

  show_error (self, message);

  return TRUE;
}

static void
uri_changed_cb (MsiConsentDialog *self,
                GParamSpec       *pspec,
                WebKitWebView    *web_view)
{
  g_autoptr(GUri) uri = g_uri_parse (webkit_web_view_get_uri (web_view), G_URI_FLAGS_NONE, NULL);
  g_autofree char *subtitle = NULL;

  if (uri == NULL || g_uri_get_host (uri) == NULL)
    {
      adw_window_title_set_subtitle (self->window_title, "");
      return;
    }

  /* The person sees where they type their password. */
  if (g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") == 0)
    subtitle = g_strdup (g_uri_get_host (uri));
  else
    /* TRANSLATORS: %s is a host name; shown for the demo served without encryption on this computer */
    subtitle = g_strdup_printf (_("%s (this computer, not encrypted)"), g_uri_get_host (uri));

  adw_window_title_set_subtitle (self->window_title, subtitle);
}

static void
progress_changed_cb (MsiConsentDialog *self,
                     GParamSpec       *pspec,
                     WebKitWebView    *web_view)
{
  double progress = webkit_web_view_get_estimated_load_progress (web_view);
  gboolean loading = webkit_web_view_is_loading (web_view);

  gtk_progress_bar_set_fraction (self->progress_bar, progress);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), loading && progress < 1.0);
}

static void
load_changed_cb (MsiConsentDialog *self,
                 WebKitLoadEvent   event,
                 WebKitWebView    *web_view)
{
  const char *uri = webkit_web_view_get_uri (web_view);

  if (event == WEBKIT_LOAD_COMMITTED)
    gtk_stack_set_visible_child_name (self->stack, "web");
  progress_changed_cb (self, NULL, web_view);

  /* A service connection ends once the service has taken its callback. */
  if (event == WEBKIT_LOAD_FINISHED && self->finish_after_load &&
      self->finish_match != NULL && self->finish_match (uri, self->match_data))
    complete (self, g_strdup (uri), NULL);
}

static void
create_web_view (MsiConsentDialog *self)
{
  g_autoptr(WebKitSettings) settings = NULL;

  /* Provider pages need JavaScript; nothing else is allowed. */
  settings = webkit_settings_new_with_settings ("enable-javascript", TRUE,
                                                "javascript-can-open-windows-automatically", FALSE,
                                                "javascript-can-access-clipboard", FALSE,
                                                "enable-developer-extras", FALSE,
                                                "enable-webgl", FALSE,
                                                "enable-webaudio", FALSE,
                                                "enable-media-stream", FALSE,
                                                "allow-file-access-from-file-urls", FALSE,
                                                "allow-universal-access-from-file-urls", FALSE,
                                                "allow-modal-dialogs", FALSE,
                                                "enable-back-forward-navigation-gestures", FALSE,
                                                "enable-page-cache", FALSE,
                                                NULL);

  self->web_view = g_object_new (WEBKIT_TYPE_WEB_VIEW,
                                 "network-session", msi_consent_get_network_session (),
                                 "settings", settings,
                                 "vexpand", TRUE,
                                 NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->web_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Sign-in page"),
                                  -1);

  g_signal_connect_object (self->web_view, "decide-policy", G_CALLBACK (decide_policy_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->web_view, "permission-request", G_CALLBACK (permission_request_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->web_view, "create", G_CALLBACK (create_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->web_view, "load-failed", G_CALLBACK (load_failed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->web_view, "load-failed-with-tls-errors",
                           G_CALLBACK (load_failed_with_tls_errors_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->web_view, "load-changed", G_CALLBACK (load_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->web_view, "notify::uri", G_CALLBACK (uri_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->web_view, "notify::estimated-load-progress",
                           G_CALLBACK (progress_changed_cb), self, G_CONNECT_SWAPPED);

  adw_bin_set_child (self->web_bin, GTK_WIDGET (self->web_view));
}

/* --- actions ---------------------------------------------------------------- */

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  cancel (MSI_CONSENT_DIALOG (widget));
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  MsiConsentDialog *self = MSI_CONSENT_DIALOG (widget);
  const char *uri = webkit_web_view_get_uri (self->web_view);

  gtk_stack_set_visible_child_name (self->stack, "web");
  webkit_web_view_load_uri (self->web_view,
                            uri && msi_consent_dialog_is_origin_allowed (self, uri) ? uri : self->start_url);
}

static void
open_in_browser_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  MsiConsentDialog *self = MSI_CONSENT_DIALOG (widget);

  if (self->start_url != NULL)
    g_signal_emit (self, signals[OPEN_EXTERNAL], 0, self->start_url);
}

static void
launch_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!msi_open_uri_finish (result, &error))
    g_warning ("Could not open the browser: %s", error->message);
}

static void
msi_consent_dialog_real_open_external (MsiConsentDialog *self,
                                       const char       *uri)
{
  msi_open_uri_async (GTK_WIDGET (self), uri, launch_cb, NULL);
}

static gboolean
msi_consent_dialog_close_request (GtkWindow *window)
{
  MsiConsentDialog *self = MSI_CONSENT_DIALOG (window);

  if (self->task != NULL)
    {
      cancel (self);
      return TRUE;
    }

  return GTK_WINDOW_CLASS (msi_consent_dialog_parent_class)->close_request (window);
}

static void
msi_consent_dialog_dispose (GObject *object)
{
  MsiConsentDialog *self = (MsiConsentDialog *)object;

  if (self->task != NULL)
    cancel (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), MSI_TYPE_CONSENT_DIALOG);
  self->web_view = NULL;

  if (self->match_data_destroy != NULL)
    g_clear_pointer (&self->match_data, self->match_data_destroy);
  g_clear_pointer (&self->allowed_origins, g_strfreev);
  g_clear_pointer (&self->start_url, g_free);

  G_OBJECT_CLASS (msi_consent_dialog_parent_class)->dispose (object);
}

static void
msi_consent_dialog_class_init (MsiConsentDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = msi_consent_dialog_dispose;
  window_class->close_request = msi_consent_dialog_close_request;

  /**
   * MsiConsentDialog::open-external:
   * @uri: the address
   *
   * A link for the system browser. The default handler opens it.
   */
  signals[OPEN_EXTERNAL] =
    g_signal_new_class_handler ("open-external",
                                G_TYPE_FROM_CLASS (klass),
                                G_SIGNAL_RUN_LAST,
                                G_CALLBACK (msi_consent_dialog_real_open_external),
                                NULL, NULL, NULL,
                                G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/msi-consent-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, MsiConsentDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, MsiConsentDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, MsiConsentDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, MsiConsentDialog, web_bin);
  gtk_widget_class_bind_template_child (widget_class, MsiConsentDialog, error_page);

  gtk_widget_class_install_action (widget_class, "consent.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "consent.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "consent.open-in-browser", NULL, open_in_browser_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "consent.cancel", NULL);
}

static void
msi_consent_dialog_init (MsiConsentDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * msi_consent_dialog_new:
 * @title: what the person is doing, e.g. "Sign In to Salesforce"
 * @allowed_origins: the profile's URLs whose origins the view may load
 * @finish_match: tells the address that ends the flow
 */
MsiConsentDialog *
msi_consent_dialog_new (const char          *title,
                        const char * const  *allowed_origins,
                        MsiConsentMatchFunc  finish_match,
                        gpointer             match_data,
                        GDestroyNotify       match_data_destroy)
{
  MsiConsentDialog *self;

  g_return_val_if_fail (title != NULL, NULL);
  g_return_val_if_fail (allowed_origins != NULL, NULL);
  g_return_val_if_fail (finish_match != NULL, NULL);

  self = g_object_new (MSI_TYPE_CONSENT_DIALOG, "title", title, NULL);
  adw_window_title_set_title (self->window_title, title);
  self->allowed_origins = g_strdupv ((char **)allowed_origins);
  self->finish_match = finish_match;
  self->match_data = match_data;
  self->match_data_destroy = match_data_destroy;

  /* WebKit is created only now that a consent is shown. */
  create_web_view (self);

  return self;
}

static void
cancelled_cb (GCancellable     *cancellable,
              MsiConsentDialog *self)
{
  /* Disconnecting from inside the handler would deadlock. */
  self->cancelled_id = 0;
  cancel (self);
}

/**
 * msi_consent_dialog_run_async:
 * @parent: (nullable): the window the dialog belongs to
 * @url: the authorization URL; its origin must be allowed
 *
 * Shows the dialog and loads @url. Completes with the address that ended
 * the flow, or G_IO_ERROR_CANCELLED when the person cancelled or closed it.
 * The dialog closes itself when done.
 */
void
msi_consent_dialog_run_async (MsiConsentDialog    *self,
                              GtkWindow           *parent,
                              const char          *url,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (MSI_IS_CONSENT_DIALOG (self));
  g_return_if_fail (self->task == NULL);
  g_return_if_fail (url != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, msi_consent_dialog_run_async);

  if (!msi_consent_dialog_is_origin_allowed (self, url))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                               _("The sign-in address is not one of this profile’s services."));
      return;
    }

  self->task = g_steal_pointer (&task);
  self->start_url = g_strdup (url);
  if (cancellable != NULL)
    self->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (cancelled_cb), self, NULL);

  if (parent != NULL)
    gtk_window_set_transient_for (GTK_WINDOW (self), parent);
  gtk_window_present (GTK_WINDOW (self));
  webkit_web_view_load_uri (self->web_view, url);
}

/**
 * msi_consent_dialog_run_finish:
 *
 * Returns: (transfer full): the address that ended the flow, with its
 *   query: parse it with the flow that started it.
 */
char *
msi_consent_dialog_run_finish (MsiConsentDialog  *self,
                               GAsyncResult      *result,
                               GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * msi_consent_dialog_set_finish_after_load:
 * @finish_after_load: %TRUE for a service connection
 *
 * For a service connection the address that ends the flow is the
 * service's own callback: it is loaded (its origin must be allowed), and
 * the dialog completes when that page has loaded. For an app sign-in
 * (the default) the redirect is intercepted and never loaded.
 */
void
msi_consent_dialog_set_finish_after_load (MsiConsentDialog *self,
                                          gboolean          finish_after_load)
{
  g_return_if_fail (MSI_IS_CONSENT_DIALOG (self));

  self->finish_after_load = !!finish_after_load;
}

WebKitWebView *
msi_consent_dialog_get_web_view (MsiConsentDialog *self)
{
  g_return_val_if_fail (MSI_IS_CONSENT_DIALOG (self), NULL);

  return self->web_view;
}
