/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-http-client.c: JSON over HTTP with retries, shared by every API client */

#define G_LOG_DOMAIN "msi-http"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "msi-http-client.h"
#include "msi-json.h"
#include "msi-redact.h"

/* How long one attempt may take before it counts as a time-out. */
#define REQUEST_TIMEOUT_SECONDS 30
/* A Retry-After longer than this is reported instead of waited for. */
#define MAX_RETRY_AFTER_MS (60 * 1000)

struct _MsiHttpClient
{
  GObject      parent_instance;

  SoupSession *session;
  char        *base_url;
  guint        max_retries;
  guint        retry_base_ms;
  guint        retry_max_ms;
};

enum {
  PROP_0,
  PROP_SESSION,
  PROP_BASE_URL,
  PROP_MAX_RETRIES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (MsiHttpClient, msi_http_client, G_TYPE_OBJECT)

typedef struct
{
  char         *method;
  char         *url;
  GBytes       *body;
  char         *content_type;
  char         *bearer_token;
  gboolean      may_retry;
  gboolean      scim;
  guint         attempt;
  GSource      *wait_source;
  GSource      *cancel_source;
} Request;

static void send_attempt (GTask *task);

static void
request_free (Request *request)
{
  if (request->wait_source != NULL)
    {
      g_source_destroy (request->wait_source);
      g_source_unref (request->wait_source);
    }
  if (request->cancel_source != NULL)
    {
      g_source_destroy (request->cancel_source);
      g_source_unref (request->cancel_source);
    }
  g_free (request->method);
  g_free (request->url);
  g_clear_pointer (&request->body, g_bytes_unref);
  g_free (request->content_type);
  if (request->bearer_token != NULL)
    explicit_bzero (request->bearer_token, strlen (request->bearer_token));
  g_free (request->bearer_token);
  g_free (request);
}

/**
 * msi_http_client_get_shared_session:
 *
 * Returns: (transfer none): the one #SoupSession of the process, so that
 *   every client shares connections, proxy settings and the TLS database.
 */
SoupSession *
msi_http_client_get_shared_session (void)
{
  static gsize initialized;
  static SoupSession *session;

  if (g_once_init_enter (&initialized))
    {
      /* Four connections to a host (libsoup's default is two): the
       * Marketo listing reads users' roles four at a time, well under
       * Marketo's ten concurrent requests. */
      session = soup_session_new_with_options ("timeout", REQUEST_TIMEOUT_SECONDS,
                                               "idle-timeout", 60,
                                               "max-conns-per-host", 4,
                                               "user-agent", PACKAGE_NAME "/" PACKAGE_VERSION " ",
                                               NULL);
      g_once_init_leave (&initialized, 1);
    }

  return session;
}

static void
msi_http_client_finalize (GObject *object)
{
  MsiHttpClient *self = (MsiHttpClient *)object;

  g_clear_object (&self->session);
  g_clear_pointer (&self->base_url, g_free);

  G_OBJECT_CLASS (msi_http_client_parent_class)->finalize (object);
}

static void
msi_http_client_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  MsiHttpClient *self = MSI_HTTP_CLIENT (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;

    case PROP_MAX_RETRIES:
      g_value_set_uint (value, self->max_retries);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
msi_http_client_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  MsiHttpClient *self = MSI_HTTP_CLIENT (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      if (self->session == NULL)
        self->session = g_object_ref (msi_http_client_get_shared_session ());
      break;

    case PROP_BASE_URL:
      {
        const char *url = g_value_get_string (value);
        gsize len = url ? strlen (url) : 0;

        /* Keep the base without a trailing slash: paths start with one. */
        while (len > 0 && url[len - 1] == '/')
          len--;
        self->base_url = g_strndup (url ? url : "", len);
      }
      break;

    case PROP_MAX_RETRIES:
      msi_http_client_set_max_retries (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
msi_http_client_class_init (MsiHttpClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = msi_http_client_finalize;
  object_class->get_property = msi_http_client_get_property;
  object_class->set_property = msi_http_client_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         SOUP_TYPE_SESSION,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_MAX_RETRIES] =
    g_param_spec_uint ("max-retries", NULL, NULL,
                       0, 10, 3,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
msi_http_client_init (MsiHttpClient *self)
{
  self->max_retries = 3;
  self->retry_base_ms = 400;
  self->retry_max_ms = 8000;
}

/**
 * msi_http_client_new:
 * @session: (nullable): the session to use, or %NULL for the shared one
 * @base_url: the base that relative paths are appended to
 */
MsiHttpClient *
msi_http_client_new (SoupSession *session,
                     const char  *base_url)
{
  g_return_val_if_fail (!session || SOUP_IS_SESSION (session), NULL);
  g_return_val_if_fail (base_url != NULL, NULL);

  return g_object_new (MSI_TYPE_HTTP_CLIENT,
                       "session", session,
                       "base-url", base_url,
                       NULL);
}

const char *
msi_http_client_get_base_url (MsiHttpClient *self)
{
  g_return_val_if_fail (MSI_IS_HTTP_CLIENT (self), NULL);

  return self->base_url;
}

SoupSession *
msi_http_client_get_session (MsiHttpClient *self)
{
  g_return_val_if_fail (MSI_IS_HTTP_CLIENT (self), NULL);

  return self->session;
}

guint
msi_http_client_get_max_retries (MsiHttpClient *self)
{
  g_return_val_if_fail (MSI_IS_HTTP_CLIENT (self), 0);

  return self->max_retries;
}

void
msi_http_client_set_max_retries (MsiHttpClient *self,
                                 guint          max_retries)
{
  g_return_if_fail (MSI_IS_HTTP_CLIENT (self));

  max_retries = MIN (max_retries, 10);
  if (self->max_retries == max_retries)
    return;

  self->max_retries = max_retries;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_RETRIES]);
}

/**
 * msi_http_client_set_retry_delay:
 * @base_ms: the delay before the first retry; it doubles for each one
 * @max_ms: the longest delay between two attempts
 *
 * Tests use short delays; the defaults suit real services.
 */
void
msi_http_client_set_retry_delay (MsiHttpClient *self,
                                 guint          base_ms,
                                 guint          max_ms)
{
  g_return_if_fail (MSI_IS_HTTP_CLIENT (self));

  self->retry_base_ms = base_ms;
  self->retry_max_ms = MAX (base_ms, max_ms);
}

/**
 * msi_http_client_build_url:
 * @path: an absolute http(s) URL, or a path starting with "/"
 *
 * Returns: (transfer full): the URL to request.
 */
char *
msi_http_client_build_url (MsiHttpClient *self,
                           const char    *path)
{
  g_return_val_if_fail (MSI_IS_HTTP_CLIENT (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  if (g_str_has_prefix (path, "https://") || g_str_has_prefix (path, "http://"))
    return g_strdup (path);

  return g_strconcat (self->base_url, path[0] == '/' ? "" : "/", path, NULL);
}

static gboolean
is_json_type (const char *content_type)
{
  g_autofree char *lower = NULL;

  if (content_type == NULL)
    return FALSE;

  lower = g_ascii_strdown (content_type, -1);

  return g_str_equal (lower, "application/json") ||
         (g_str_has_prefix (lower, "application/") && g_str_has_suffix (lower, "+json"));
}

/* Finds the explanation in the error shapes of every service we talk to:
 * RFC 9457 problem details, SCIM errors, OAuth 2.0 errors, Salesforce's
 * array of {message, errorCode}, Marketo's {errors: [{code, message}]} and
 * Microsoft Graph's {error: {code, message}}.
 */
static char *
explain_error_body (JsonNode *root)
{
  JsonObject *object;

  if (JSON_NODE_HOLDS_ARRAY (root))
    {
      JsonArray *array = json_node_get_array (root);

      if (json_array_get_length (array) > 0 &&
          JSON_NODE_HOLDS_OBJECT (json_array_get_element (array, 0)))
        return g_strdup (msi_json_get_nonempty_string (json_array_get_object_element (array, 0), "message"));
      return NULL;
    }

  if (!JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  object = json_node_get_object (root);

  /* RFC 9457 and SCIM both use "detail"; RFC 9457 adds "title". */
  {
    const char *title = msi_json_get_nonempty_string (object, "title");
    const char *detail = msi_json_get_nonempty_string (object, "detail");

    if (title != NULL && detail != NULL && !g_str_equal (title, detail))
      return g_strdup_printf ("%s: %s", title, detail);
    if (detail != NULL)
      return g_strdup (detail);
    if (title != NULL)
      return g_strdup (title);
  }

  /* OAuth 2.0 (RFC 6749 §5.2) */
  if (msi_json_get_nonempty_string (object, "error_description") != NULL)
    return g_strdup (msi_json_get_nonempty_string (object, "error_description"));

  /* Microsoft Graph */
  if (json_object_has_member (object, "error") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "error")))
    return g_strdup (msi_json_get_nonempty_string (json_object_get_object_member (object, "error"), "message"));

  /* Marketo */
  if (json_object_has_member (object, "errors") &&
      JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "errors")))
    {
      JsonArray *errors = json_object_get_array_member (object, "errors");

      if (json_array_get_length (errors) > 0 &&
          JSON_NODE_HOLDS_OBJECT (json_array_get_element (errors, 0)))
        return g_strdup (msi_json_get_nonempty_string (json_array_get_object_element (errors, 0), "message"));
    }

  return g_strdup (msi_json_get_nonempty_string (object, "error"));
}

/**
 * msi_http_problem_message:
 * @status: the HTTP status
 * @content_type: (nullable): the reply's media type, without parameters
 * @body: (nullable): the reply's body
 *
 * Returns: (transfer full): a message for the person, built from the
 *   explanation the server sent when it sent one (as plain text: escape it
 *   before it goes into markup).
 */
char *
msi_http_problem_message (guint       status,
                          const char *content_type,
                          GBytes     *body)
{
  g_autofree char *explanation = NULL;

  if (body != NULL && is_json_type (content_type) && g_bytes_get_size (body) > 0)
    {
      g_autoptr(JsonParser) parser = json_parser_new_immutable ();
      gsize len = 0;
      const char *data = g_bytes_get_data (body, &len);

      if (json_parser_load_from_data (parser, data, len, NULL))
        explanation = explain_error_body (json_parser_get_root (parser));
    }

  if (explanation != NULL)
    {
      /* Keep a hostile or broken server from flooding the window. */
      if (g_utf8_strlen (explanation, -1) > 400)
        {
          char *end = g_utf8_offset_to_pointer (explanation, 400);
          g_autofree char *cut = g_strndup (explanation, end - explanation);

          g_free (explanation);
          explanation = g_strconcat (cut, "…", NULL);
        }
      /* TRANSLATORS: %s is the server's own explanation, %u the HTTP status */
      return g_strdup_printf (_("%s (HTTP %u)"), explanation, status);
    }

  return g_strdup_printf (_("%s (HTTP %u)"), msi_http_error_describe_status (status), status);
}

/**
 * msi_http_parse_retry_after:
 * @value: (nullable): a Retry-After header: seconds, or an HTTP date
 * @now: the current time, for dates
 *
 * Returns: the delay in milliseconds, or -1 when @value says nothing usable.
 */
gint64
msi_http_parse_retry_after (const char *value,
                            GDateTime  *now)
{
  guint64 seconds;
  char *end = NULL;

  if (value == NULL)
    return -1;

  while (g_ascii_isspace (*value))
    value++;
  if (*value == '\0')
    return -1;

  if (g_ascii_isdigit (*value))
    {
      seconds = g_ascii_strtoull (value, &end, 10);
      while (end && g_ascii_isspace (*end))
        end++;
      if (end == NULL || *end != '\0' || seconds > G_MAXINT32)
        return -1;
      return (gint64)seconds * 1000;
    }
  else
    {
      g_autoptr(GDateTime) when = soup_date_time_new_from_http_string (value);
      GTimeSpan diff;

      if (when == NULL || now == NULL)
        return -1;
      diff = g_date_time_difference (when, now);
      return diff > 0 ? diff / 1000 : 0;
    }
}

static GError *
error_from_transport (GError     *error,
                      const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  const char *host = uri ? g_uri_get_host (uri) : url;

  if (error->domain == G_TLS_ERROR)
    return g_error_new (MSI_HTTP_ERROR, MSI_HTTP_ERROR_TLS,
                        _("The identity of %s could not be verified, so the connection was stopped."),
                        host);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_error_new (MSI_HTTP_ERROR, MSI_HTTP_ERROR_TIMEOUT,
                        _("%s did not answer in time."), host);

  if (error->domain == G_RESOLVER_ERROR)
    return g_error_new (MSI_HTTP_ERROR, MSI_HTTP_ERROR_NETWORK,
                        _("Could not find %s. Check the address and your network connection."),
                        host);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    return g_error_new (MSI_HTTP_ERROR, MSI_HTTP_ERROR_NETWORK,
                        _("%s refused the connection."), host);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE))
    return g_error_new (MSI_HTTP_ERROR, MSI_HTTP_ERROR_NETWORK,
                        _("Could not reach %s. Check your network connection."), host);

  return g_error_new (MSI_HTTP_ERROR, MSI_HTTP_ERROR_NETWORK,
                      _("The connection to %s was lost."), host);
}

static guint
backoff_delay_ms (MsiHttpClient *self,
                  guint          attempt)
{
  guint64 delay = self->retry_base_ms;
  guint i;

  for (i = 1; i < attempt && delay < self->retry_max_ms; i++)
    delay *= 2;
  delay = MIN (delay, self->retry_max_ms);

  /* Full jitter in the upper half so that clients do not retry in step. */
  if (delay > 1)
    delay = delay / 2 + g_random_int_range (0, (gint32)(delay / 2) + 1);

  return (guint)delay;
}

static gboolean
retry_wait_done_cb (gpointer user_data)
{
  GTask *task = user_data;
  Request *request = g_task_get_task_data (task);

  /* Each source holds a reference on the task, dropped when it goes. */
  g_clear_pointer (&request->wait_source, g_source_unref);
  if (request->cancel_source != NULL)
    {
      g_source_destroy (request->cancel_source);
      g_clear_pointer (&request->cancel_source, g_source_unref);
    }

  send_attempt (task);

  return G_SOURCE_REMOVE;
}

static gboolean
retry_wait_cancelled_cb (GCancellable *cancellable,
                         gpointer      user_data)
{
  GTask *task = user_data;
  Request *request = g_task_get_task_data (task);

  g_clear_pointer (&request->cancel_source, g_source_unref);
  if (request->wait_source != NULL)
    {
      g_source_destroy (request->wait_source);
      g_clear_pointer (&request->wait_source, g_source_unref);
    }

  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                           _("The request was cancelled."));

  return G_SOURCE_REMOVE;
}

/* Returns TRUE when another attempt was scheduled. */
static gboolean
schedule_retry (GTask  *task,
                gint64  retry_after_ms)
{
  MsiHttpClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  guint delay;

  if (!request->may_retry || request->attempt > self->max_retries)
    return FALSE;
  if (retry_after_ms > MAX_RETRY_AFTER_MS)
    return FALSE;

  delay = backoff_delay_ms (self, request->attempt);
  if (retry_after_ms >= 0)
    delay = MAX (delay, (guint)retry_after_ms);

  g_debug ("Retrying %s %s in %u ms (attempt %u)",
           request->method, g_task_get_name (task), delay, request->attempt + 1);

  request->wait_source = g_timeout_source_new (delay);
  g_source_set_callback (request->wait_source, retry_wait_done_cb,
                         g_object_ref (task), g_object_unref);
  g_source_attach (request->wait_source, g_main_context_get_thread_default ());

  if (cancellable != NULL)
    {
      request->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (request->cancel_source,
                             (GSourceFunc)(void (*) (void))retry_wait_cancelled_cb,
                             g_object_ref (task), g_object_unref);
      g_source_attach (request->cancel_source, g_main_context_get_thread_default ());
    }

  return TRUE;
}

static void
send_and_read_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  SoupSession *session = (SoupSession *)object;
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonParser) parser = NULL;
  SoupMessage *message;
  const char *content_type;
  guint status;

  message = soup_session_get_async_result_message (session, result);
  body = soup_session_send_and_read_finish (session, result, &error);

  if (body == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }

      g_debug ("%s %s failed: %s", request->method, g_task_get_name (task), error->message);

      if (error->domain != G_TLS_ERROR && schedule_retry (task, -1))
        return;

      g_task_return_error (task, error_from_transport (error, request->url));
      return;
    }

  status = soup_message_get_status (message);
  content_type = soup_message_headers_get_content_type (soup_message_get_response_headers (message), NULL);
  g_object_set_data (G_OBJECT (task), "status", GUINT_TO_POINTER (status));

  g_debug ("%s %s → %u (%" G_GSIZE_FORMAT " bytes)",
           request->method, g_task_get_name (task), status, g_bytes_get_size (body));

  if (status < 200 || status >= 300)
    {
      MsiHttpError code = msi_http_error_from_status (status);

      if (status == 429 || status == 503 || (status >= 500 && status != 501))
        {
          const char *header;
          g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
          gint64 retry_after;

          header = soup_message_headers_get_one (soup_message_get_response_headers (message),
                                                 "Retry-After");
          retry_after = msi_http_parse_retry_after (header, now);

          if (schedule_retry (task, retry_after))
            return;
        }

      /* Keep the error body for callers that need its fields (OAuth's
       * "error" code, SCIM's "scimType"). */
      if (is_json_type (content_type) && g_bytes_get_size (body) > 0 &&
          g_bytes_get_size (body) <= MSI_HTTP_MAX_BODY_SIZE)
        {
          g_autoptr(JsonParser) error_parser = json_parser_new_immutable ();

          if (json_parser_load_from_data (error_parser, g_bytes_get_data (body, NULL),
                                          g_bytes_get_size (body), NULL))
            g_object_set_data_full (G_OBJECT (task), "error-body",
                                    json_node_ref (json_parser_get_root (error_parser)),
                                    (GDestroyNotify)json_node_unref);
        }

      {
        g_autofree char *text = msi_http_problem_message (status, content_type, body);

        g_task_return_new_error (task, MSI_HTTP_ERROR, code, "%s", text);
      }
      return;
    }

  if (status == 204 || g_bytes_get_size (body) == 0)
    {
      g_task_return_pointer (task, json_node_new (JSON_NODE_NULL), (GDestroyNotify)json_node_unref);
      return;
    }

  if (!is_json_type (content_type))
    {
      g_task_return_new_error (task, MSI_HTTP_ERROR, MSI_HTTP_ERROR_INVALID_RESPONSE,
                               _("The service answered with “%s” instead of JSON."),
                               content_type ? content_type : _("no content type"));
      return;
    }

  if (g_bytes_get_size (body) > MSI_HTTP_MAX_BODY_SIZE)
    {
      g_task_return_new_error (task, MSI_HTTP_ERROR, MSI_HTTP_ERROR_INVALID_RESPONSE,
                               _("The service sent a reply larger than 16 MB."));
      return;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser,
                                   g_bytes_get_data (body, NULL),
                                   g_bytes_get_size (body),
                                   &error))
    {
      g_task_return_new_error (task, MSI_HTTP_ERROR, MSI_HTTP_ERROR_INVALID_RESPONSE,
                               _("The service sent a reply that is not valid JSON: %s"),
                               error->message);
      return;
    }

  g_task_return_pointer (task, json_node_ref (json_parser_get_root (parser)),
                         (GDestroyNotify)json_node_unref);
}

/* What libsoup needs to send a request again by itself. */
typedef struct
{
  GBytes *body;
  char   *content_type;
} Resend;

static void
resend_free (gpointer  data,
             GClosure *closure)
{
  Resend *resend = data;

  g_clear_pointer (&resend->body, g_bytes_unref);
  g_free (resend->content_type);
  g_free (resend);
}

/* libsoup 3.2 sends a GET, HEAD, PUT or DELETE again by itself when the
 * kept-alive connection it went out on ends before any reply (the server
 * closed it, or the network dropped it). Two things go wrong then:
 *
 * - It sends it at once on another kept-alive connection when one is
 *   waiting. When the end of the first connection was read in the
 *   main-loop turn the attempt was started in, GTask reports it only in
 *   a later turn; by then the second attempt runs, and libsoup takes the
 *   stale report for the second attempt's (run_until_read_done() in
 *   soup-session.c only checks io_started and the RESTARTING state): it
 *   tears down the second attempt's I/O and returns the error, and
 *   crashes in soup_client_message_io_get_response_stream() (a NULL
 *   SoupClientMessageIO) when the second attempt's reply arrives. On a
 *   new connection the second attempt starts only once the connection is
 *   open, turns later, so libsoup ignores the stale report (io_started is
 *   FALSE until then). Other kept-alive connections to a host that just
 *   dropped one are not worth trusting anyway.
 * - It sends it without its body (soup_message_restarted() drops the
 *   body stream): a PUT went out empty.
 *
 * Redirections and authentication restart a message after a reply; this
 * leaves those alone.
 */
static void
message_restarted_cb (SoupMessage *message,
                      Resend      *resend)
{
  if (soup_message_get_status (message) != SOUP_STATUS_NONE)
    return;

  soup_message_add_flags (message, SOUP_MESSAGE_NEW_CONNECTION);
  if (resend->body != NULL)
    soup_message_set_request_body_from_bytes (message, resend->content_type, resend->body);
}

static void
send_attempt (GTask *task)
{
  MsiHttpClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  uri = g_uri_parse (request->url, SOUP_HTTP_URI_FLAGS, &error);
  if (uri == NULL)
    {
      g_task_return_new_error (task, MSI_HTTP_ERROR, MSI_HTTP_ERROR_BAD_REQUEST,
                               _("“%s” is not a valid web address."), request->url);
      return;
    }

  request->attempt++;
  message = soup_message_new_from_uri (request->method, uri);
  soup_message_headers_replace (soup_message_get_request_headers (message), "Accept",
                                request->scim
                                ? MSI_HTTP_CONTENT_TYPE_SCIM ", application/json, application/problem+json"
                                : "application/json, application/problem+json");
  if (request->bearer_token != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", request->bearer_token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (message),
                                    "Authorization", value);
      explicit_bzero (value, strlen (value));
    }
  if (request->body != NULL)
    soup_message_set_request_body_from_bytes (message, request->content_type, request->body);

  /* Connected before libsoup's own handlers, which clear the status. */
  {
    Resend *resend = g_new0 (Resend, 1);

    resend->body = request->body ? g_bytes_ref (request->body) : NULL;
    resend->content_type = g_strdup (request->content_type);
    g_signal_connect_data (message, "restarted", G_CALLBACK (message_restarted_cb),
                           resend, resend_free, 0);
  }

  soup_session_send_and_read_async (self->session,
                                    message,
                                    G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (task),
                                    send_and_read_cb,
                                    g_object_ref (task));
}

/**
 * msi_http_client_send_async:
 * @method: "GET", "POST", …
 * @path: a path below the base URL, or an absolute URL
 * @content_type: (nullable): the media type of @body
 * @body: (nullable): the body to send
 * @bearer_token: (nullable): an OAuth 2.0 access token for the
 *   Authorization header; it is never logged
 * @flags: retry behaviour, and %MSI_HTTP_FLAGS_SCIM for SCIM endpoints
 *
 * Sends a request and parses the JSON reply (any application/…+json type,
 * such as SCIM's; the "detail" of an RFC 9457 problem or a SCIM error
 * becomes the error's message); finish with
 * msi_http_client_request_json_finish(). Idempotent requests are retried
 * with exponential backoff and jitter on lost connections, 429 and 5xx,
 * honouring Retry-After. The reply is parsed on the calling thread; bodies
 * are capped at %MSI_HTTP_MAX_BODY_SIZE.
 */
void
msi_http_client_send_async (MsiHttpClient       *self,
                            const char          *method,
                            const char          *path,
                            const char          *content_type,
                            GBytes              *body,
                            const char          *bearer_token,
                            MsiHttpFlags         flags,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *path_only = NULL;
  g_autofree char *shown = NULL;
  Request *request;

  g_return_if_fail (MSI_IS_HTTP_CLIENT (self));
  g_return_if_fail (method != NULL);
  g_return_if_fail (path != NULL);
  g_return_if_fail (!body || content_type);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, msi_http_client_send_async);

  /* The task name is what debug messages show: the path without its query,
   * which may carry codes or tokens, and without a token in the path (an
   * invitation's). */
  path_only = g_strndup (path, strcspn (path, "?#"));
  shown = msi_redact (path_only);
  g_task_set_name (task, shown);

  request = g_new0 (Request, 1);
  request->method = g_ascii_strup (method, -1);
  request->url = msi_http_client_build_url (self, path);
  request->may_retry = !(flags & MSI_HTTP_FLAGS_NO_RETRY) &&
                       ((flags & MSI_HTTP_FLAGS_IDEMPOTENT) ||
                        g_str_equal (request->method, "GET") ||
                        g_str_equal (request->method, "HEAD") ||
                        g_str_equal (request->method, "PUT") ||
                        g_str_equal (request->method, "DELETE"));
  request->scim = (flags & MSI_HTTP_FLAGS_SCIM) != 0;
  request->body = body ? g_bytes_ref (body) : NULL;
  request->content_type = g_strdup (content_type);
  request->bearer_token = g_strdup (bearer_token);
  g_task_set_task_data (task, request, (GDestroyNotify)request_free);

  send_attempt (task);
}

/**
 * msi_http_client_request_json_async:
 * @body: (nullable): a JSON body to send
 *
 * msi_http_client_send_async() with a JSON body and no token.
 */
void
msi_http_client_request_json_async (MsiHttpClient       *self,
                                    const char          *method,
                                    const char          *path,
                                    JsonNode            *body,
                                    MsiHttpFlags         flags,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GBytes) bytes = NULL;

  if (body != NULL)
    {
      g_autofree char *text = json_to_string (body, FALSE);
      gsize len = strlen (text);

      bytes = g_bytes_new_take (g_steal_pointer (&text), len);
    }

  msi_http_client_send_async (self, method, path, body ? "application/json" : NULL, bytes,
                              NULL, flags, cancellable, callback, user_data);
}

/**
 * msi_http_client_post_form_async:
 * @fields: (element-type utf8 utf8): the form, as OAuth 2.0 token
 *   endpoints take it (application/x-www-form-urlencoded)
 *
 * POSTs a form and parses the JSON reply; finish with
 * msi_http_client_request_json_finish(). Not retried unless @flags says
 * it is safe.
 */
void
msi_http_client_post_form_async (MsiHttpClient       *self,
                                 const char          *path,
                                 GHashTable          *fields,
                                 MsiHttpFlags         flags,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autofree char *encoded = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize len;

  g_return_if_fail (fields != NULL);

  encoded = soup_form_encode_hash (fields);
  len = strlen (encoded);
  bytes = g_bytes_new_take (g_steal_pointer (&encoded), len);

  msi_http_client_send_async (self, "POST", path, "application/x-www-form-urlencoded", bytes,
                              NULL, flags, cancellable, callback, user_data);
}

/**
 * msi_http_client_request_json_finish:
 * @status: (out) (optional): the HTTP status of the last attempt, 0 if none
 *
 * Returns: (transfer full): the parsed reply; a JSON null for empty replies.
 */
JsonNode *
msi_http_client_request_json_finish (MsiHttpClient  *self,
                                     GAsyncResult   *result,
                                     guint          *status,
                                     GError        **error)
{
  g_return_val_if_fail (MSI_IS_HTTP_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  if (status != NULL)
    *status = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (result), "status"));

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * msi_http_client_request_json_finish_full:
 * @status: (out) (optional): the HTTP status of the last attempt, 0 if none
 * @error_body: (out) (optional) (transfer full) (nullable): on an HTTP
 *   error with a JSON body, that body
 *
 * Like msi_http_client_request_json_finish(), for callers that read fields
 * of error replies.
 */
JsonNode *
msi_http_client_request_json_finish_full (MsiHttpClient  *self,
                                          GAsyncResult   *result,
                                          guint          *status,
                                          JsonNode      **error_body,
                                          GError        **error)
{
  g_return_val_if_fail (MSI_IS_HTTP_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  if (error_body != NULL)
    {
      JsonNode *node = g_object_get_data (G_OBJECT (result), "error-body");

      *error_body = node ? json_node_ref (node) : NULL;
    }

  return msi_http_client_request_json_finish (self, result, status, error);
}
