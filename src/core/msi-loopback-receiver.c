/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-loopback-receiver.c: receives the browser's OAuth redirect on 127.0.0.1 (RFC 8252 §7.3) */

#define G_LOG_DOMAIN "msi-loopback-receiver"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "msi-loopback-receiver.h"

/* The page loads nothing: no scripts, styles, images, frames or forms. */
#define CONTENT_SECURITY_POLICY \
  "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

struct _MsiLoopbackReceiver
{
  GObject     parent_instance;

  char       *path;
  SoupServer *server;
  guint       port;

  /* The redirect, once it came; it holds the code: wiped when freed. */
  char       *received_uri;
  gboolean    answered;

  GTask      *wait_task;
  GSource    *timeout_source;
  GSource    *cancel_source;
  GSource    *complete_source;
};

enum {
  PROP_0,
  PROP_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (MsiLoopbackReceiver, msi_loopback_receiver, G_TYPE_OBJECT)

static void
clear_source (GSource **source)
{
  if (*source != NULL)
    {
      g_source_destroy (*source);
      g_clear_pointer (source, g_source_unref);
    }
}

static void
wipe_string (char **s)
{
  if (*s != NULL)
    {
      explicit_bzero (*s, strlen (*s));
      g_clear_pointer (s, g_free);
    }
}

static void
clear_wait_sources (MsiLoopbackReceiver *self)
{
  clear_source (&self->timeout_source);
  clear_source (&self->cancel_source);
}

/* Closes the port and every connection: nothing else reaches the app. */
static void
stop_server (MsiLoopbackReceiver *self)
{
  if (self->server != NULL)
    {
      g_debug ("Closing port %u", self->port);
      soup_server_disconnect (self->server);
      g_clear_object (&self->server);
    }
}

static void
msi_loopback_receiver_dispose (GObject *object)
{
  MsiLoopbackReceiver *self = (MsiLoopbackReceiver *)object;

  clear_wait_sources (self);
  clear_source (&self->complete_source);
  stop_server (self);
  g_clear_object (&self->wait_task);

  G_OBJECT_CLASS (msi_loopback_receiver_parent_class)->dispose (object);
}

static void
msi_loopback_receiver_finalize (GObject *object)
{
  MsiLoopbackReceiver *self = (MsiLoopbackReceiver *)object;

  g_clear_pointer (&self->path, g_free);
  wipe_string (&self->received_uri);

  G_OBJECT_CLASS (msi_loopback_receiver_parent_class)->finalize (object);
}

static void
msi_loopback_receiver_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  MsiLoopbackReceiver *self = MSI_LOOPBACK_RECEIVER (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
msi_loopback_receiver_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  MsiLoopbackReceiver *self = MSI_LOOPBACK_RECEIVER (object);

  switch (prop_id)
    {
    case PROP_PATH:
      {
        const char *path = g_value_get_string (value);

        g_free (self->path);
        self->path = g_strdup (path != NULL && path[0] == '/' ? path : "/callback");
      }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
msi_loopback_receiver_class_init (MsiLoopbackReceiverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = msi_loopback_receiver_dispose;
  object_class->finalize = msi_loopback_receiver_finalize;
  object_class->get_property = msi_loopback_receiver_get_property;
  object_class->set_property = msi_loopback_receiver_set_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL,
                         "/callback",
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
msi_loopback_receiver_init (MsiLoopbackReceiver *self)
{
}

/**
 * msi_loopback_receiver_new:
 * @path: the redirect path, such as "/callback"
 *
 * Returns: (transfer full): a receiver; call msi_loopback_receiver_listen()
 *   before giving its redirect URI to the provider.
 */
MsiLoopbackReceiver *
msi_loopback_receiver_new (const char *path)
{
  g_return_val_if_fail (path != NULL && path[0] == '/', NULL);

  return g_object_new (MSI_TYPE_LOOPBACK_RECEIVER,
                       "path", path,
                       NULL);
}

static void
set_common_headers (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_message_headers_replace (headers, "Pragma", "no-cache");
  soup_message_headers_replace (headers, "Referrer-Policy", "no-referrer");
  soup_message_headers_replace (headers, "X-Content-Type-Options", "nosniff");
  soup_message_headers_replace (headers, "Content-Security-Policy", CONTENT_SECURITY_POLICY);
}

static void
reply_text (SoupServerMessage *msg,
            guint              status)
{
  const char *phrase = soup_status_get_phrase (status);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "text/plain; charset=utf-8", SOUP_MEMORY_COPY,
                                    phrase, strlen (phrase));
}

static void
reply_done_page (SoupServerMessage *msg)
{
  g_autofree char *text = g_markup_escape_text (_("You can close this tab and return to MSI Actions Setup."), -1);
  g_autofree char *title = g_markup_escape_text (_("Signed In"), -1);
  g_autofree char *page = NULL;
  gsize len;

  page = g_strdup_printf ("<!DOCTYPE html>\n"
                          "<html>\n"
                          "<head>\n"
                          "<meta charset=\"utf-8\">\n"
                          "<meta name=\"viewport\" content=\"width=device-width\">\n"
                          "<meta name=\"referrer\" content=\"no-referrer\">\n"
                          "<title>%s</title>\n"
                          "</head>\n"
                          "<body>\n"
                          "<p>%s</p>\n"
                          "</body>\n"
                          "</html>\n",
                          title, text);

  len = strlen (page);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_TAKE,
                                    g_steal_pointer (&page), len);
}

static void
complete_wait (MsiLoopbackReceiver *self)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->wait_task);

  clear_wait_sources (self);
  if (task != NULL && self->received_uri != NULL)
    g_task_return_pointer (task, g_strdup (self->received_uri), g_free);
}

static gboolean
complete_idle_cb (gpointer user_data)
{
  MsiLoopbackReceiver *self = user_data;

  g_clear_pointer (&self->complete_source, g_source_unref);
  stop_server (self);
  complete_wait (self);

  return G_SOURCE_REMOVE;
}

static void
message_finished_cb (SoupServerMessage   *msg,
                     MsiLoopbackReceiver *self)
{
  /* Close the server from the main loop, not from inside its own signal. */
  if (self->complete_source == NULL)
    {
      self->complete_source = g_idle_source_new ();
      g_source_set_callback (self->complete_source, complete_idle_cb,
                             g_object_ref (self), g_object_unref);
      g_source_attach (self->complete_source, g_main_context_get_thread_default ());
    }
}

static gboolean
host_is_ours (MsiLoopbackReceiver *self,
              SoupServerMessage   *msg)
{
  const char *host = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Host");
  g_autofree char *ours = g_strdup_printf ("127.0.0.1:%u", self->port);

  /* A page that rebinds its own name to 127.0.0.1 sends its own Host. */
  return host != NULL && g_ascii_strcasecmp (host, ours) == 0;
}

static void
handle_request_cb (SoupServer        *server,
                   SoupServerMessage *msg,
                   const char        *path,
                   GHashTable        *query,
                   gpointer           user_data)
{
  MsiLoopbackReceiver *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  const char *query_string;

  set_common_headers (msg);

  if (self->answered || g_strcmp0 (path, self->path) != 0)
    {
      g_debug ("Refused a request for another path");
      reply_text (msg, SOUP_STATUS_NOT_FOUND);
      return;
    }

  if (g_strcmp0 (method, SOUP_METHOD_GET) != 0)
    {
      g_debug ("Refused a %s request", method);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", "GET");
      reply_text (msg, SOUP_STATUS_METHOD_NOT_ALLOWED);
      return;
    }

  if (!host_is_ours (self, msg))
    {
      g_debug ("Refused a request for another host");
      reply_text (msg, SOUP_STATUS_BAD_REQUEST);
      return;
    }

  /* Rebuild the URI from what we gave out, with the query as it came:
   * the caller compares it with the redirect URI exactly. */
  query_string = g_uri_get_query (soup_server_message_get_uri (msg));
  self->received_uri = g_strdup_printf ("http://127.0.0.1:%u%s%s%s",
                                        self->port, self->path,
                                        query_string != NULL ? "?" : "",
                                        query_string != NULL ? query_string : "");
  self->answered = TRUE;
  g_debug ("Received the redirect on port %u", self->port);

  reply_done_page (msg);
  g_signal_connect_object (msg, "finished", G_CALLBACK (message_finished_cb), self, 0);
}

/**
 * msi_loopback_receiver_listen:
 *
 * Starts listening on 127.0.0.1, on a free port the system picks. Never on
 * another interface: only this computer's browser can reach it.
 *
 * Returns: %TRUE when listening
 */
gboolean
msi_loopback_receiver_listen (MsiLoopbackReceiver  *self,
                              GError              **error)
{
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(GError) local_error = NULL;
  GSList *uris;

  g_return_val_if_fail (MSI_IS_LOOPBACK_RECEIVER (self), FALSE);
  g_return_val_if_fail (self->server == NULL, FALSE);
  g_return_val_if_fail (!self->answered, FALSE);

  server = soup_server_new ("server-header", NULL, NULL);
  soup_server_add_handler (server, NULL, handle_request_cb, self, NULL);

  if (!soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &local_error))
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  _("Could not get ready for the browser’s answer: "));
      return FALSE;
    }

  uris = soup_server_get_uris (server);
  self->port = uris != NULL ? (guint)g_uri_get_port (uris->data) : 0;
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);

  if (self->port == 0)
    {
      soup_server_disconnect (server);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("Could not get ready for the browser’s answer."));
      return FALSE;
    }

  self->server = g_steal_pointer (&server);
  g_debug ("Listening on 127.0.0.1:%u", self->port);

  return TRUE;
}

/**
 * msi_loopback_receiver_get_port:
 *
 * Returns: the port listened on, 0 before msi_loopback_receiver_listen()
 */
guint
msi_loopback_receiver_get_port (MsiLoopbackReceiver *self)
{
  g_return_val_if_fail (MSI_IS_LOOPBACK_RECEIVER (self), 0);

  return self->port;
}

/**
 * msi_loopback_receiver_dup_redirect_uri:
 *
 * Returns: (transfer full) (nullable): the redirect URI to register with the
 *   authorization request, such as http://127.0.0.1:49152/callback; %NULL
 *   before msi_loopback_receiver_listen()
 */
char *
msi_loopback_receiver_dup_redirect_uri (MsiLoopbackReceiver *self)
{
  g_return_val_if_fail (MSI_IS_LOOPBACK_RECEIVER (self), NULL);

  if (self->port == 0)
    return NULL;

  return g_strdup_printf ("http://127.0.0.1:%u%s", self->port, self->path);
}

/**
 * msi_loopback_receiver_stop:
 *
 * Closes the port. A pending wait fails with %G_IO_ERROR_CANCELLED.
 */
void
msi_loopback_receiver_stop (MsiLoopbackReceiver *self)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (MSI_IS_LOOPBACK_RECEIVER (self));

  stop_server (self);
  clear_wait_sources (self);
  task = g_steal_pointer (&self->wait_task);
  if (task != NULL && self->received_uri == NULL)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                             _("Signing in was cancelled."));
  else if (task != NULL)
    g_task_return_pointer (task, g_strdup (self->received_uri), g_free);
}

static gboolean
wait_timeout_cb (gpointer user_data)
{
  MsiLoopbackReceiver *self = user_data;
  g_autoptr(GTask) task = g_steal_pointer (&self->wait_task);

  g_clear_pointer (&self->timeout_source, g_source_unref);
  clear_wait_sources (self);
  stop_server (self);

  g_debug ("No redirect came in time");
  if (task != NULL)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                             _("The browser did not come back in time. Try signing in again."));

  return G_SOURCE_REMOVE;
}

static gboolean
wait_cancelled_cb (GCancellable *cancellable,
                   gpointer      user_data)
{
  MsiLoopbackReceiver *self = user_data;
  g_autoptr(GTask) task = g_steal_pointer (&self->wait_task);

  g_clear_pointer (&self->cancel_source, g_source_unref);
  clear_wait_sources (self);
  stop_server (self);

  if (task != NULL)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                             _("Signing in was cancelled."));

  return G_SOURCE_REMOVE;
}

/**
 * msi_loopback_receiver_wait_async:
 * @timeout_seconds: how long to wait; 0 waits until cancelled
 *
 * Waits for the browser's one GET of the redirect path. Other paths get 404
 * and other methods 405; neither ends the wait. The port is closed when the
 * wait ends, whichever way it ends.
 */
void
msi_loopback_receiver_wait_async (MsiLoopbackReceiver *self,
                                  guint                timeout_seconds,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GMainContext *context = g_main_context_get_thread_default ();

  g_return_if_fail (MSI_IS_LOOPBACK_RECEIVER (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, msi_loopback_receiver_wait_async);

  if (self->wait_task != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               _("Already waiting for the browser."));
      return;
    }

  if (g_cancellable_is_cancelled (cancellable))
    {
      stop_server (self);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               _("Signing in was cancelled."));
      return;
    }

  /* The redirect came before anyone waited for it. */
  if (self->received_uri != NULL && self->complete_source == NULL)
    {
      g_task_return_pointer (task, g_strdup (self->received_uri), g_free);
      return;
    }

  if (self->server == NULL && self->complete_source == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CLOSED,
                               _("Not ready for the browser’s answer."));
      return;
    }

  self->wait_task = g_steal_pointer (&task);

  if (timeout_seconds > 0)
    {
      self->timeout_source = g_timeout_source_new ((guint)MIN ((guint64)timeout_seconds * 1000, G_MAXUINT));
      g_source_set_callback (self->timeout_source, wait_timeout_cb, self, NULL);
      g_source_attach (self->timeout_source, context);
    }

  if (cancellable != NULL)
    {
      self->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (self->cancel_source,
                             (GSourceFunc)(void (*) (void))wait_cancelled_cb,
                             self, NULL);
      g_source_attach (self->cancel_source, context);
    }
}

/**
 * msi_loopback_receiver_wait_finish:
 *
 * Returns: (transfer full): the redirect as the browser sent it, such as
 *   http://127.0.0.1:49152/callback?code=…&state=…; it holds the
 *   authorization code: wipe it when done, never log it.
 */
char *
msi_loopback_receiver_wait_finish (MsiLoopbackReceiver  *self,
                                   GAsyncResult         *result,
                                   GError              **error)
{
  g_return_val_if_fail (MSI_IS_LOOPBACK_RECEIVER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == msi_loopback_receiver_wait_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
