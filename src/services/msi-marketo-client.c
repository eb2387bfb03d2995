/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-marketo-client.c: Marketo Engage REST and User Management API client */

#define G_LOG_DOMAIN "msi-marketo-client"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "msi-http-client.h"
#include "msi-marketo-client.h"

/*
 * Marketo (api-notes §2):
 *
 *   Identity         POST {base}/identity/oauth/token?grant_type=client_credentials&client_id=…&client_secret=…
 *   REST             {base}/rest/…                        envelope: success, errors[], warnings
 *   User Management  {base}/userservice/management/v1/…   no envelope: 200 = ok, else {errors: […]}
 *
 * Identity takes the client credentials in the query: that is the only
 * form Marketo documents (GET or POST). They never reach a log: the HTTP
 * layer names requests by their path without the query, and its log
 * handler redacts client_secret. Every API call carries the token in the
 * Authorization header only.
 *
 * The token is shared by every call of the client and cached until 60 s
 * before it expires; one Identity request at a time, whoever asks. A 601
 * or 602 gets one new token and one replay; 606 and 615 wait with
 * exponential backoff and jitter and try again.
 */

#define REST_PREFIX          "/rest"
#define USER_API_PREFIX      "/userservice/management/v1"
#define IDENTITY_PATH        "/identity/oauth/token"
#define TOKEN_MARGIN_SECONDS 60
#define USERS_PAGE_SIZE      200
#define MAX_USER_PAGES       1000
#define MAX_ROLE_REQUESTS    4
#define MAX_MESSAGE_CHARS    300

struct _MsiMarketoClient
{
  GObject                parent_instance;

  MsiHttpClient         *http;
  char                  *base_url;
  MsiMarketoCredentials *credentials;

  char                  *token;
  gint64                 token_valid_until;   /* monotonic µs */
  gboolean               identity_in_flight;
  GPtrArray             *token_waiters;       /* TokenWaiter */
  GCancellable          *cancellable;         /* cancelled in dispose */

  guint                  backoff_base_ms;
  guint                  backoff_max_ms;
  guint                  backoff_tries;
};

enum {
  SIGNAL_PROGRESS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (MsiMarketoClient, msi_marketo_client, G_TYPE_OBJECT)
G_DEFINE_QUARK (msi-marketo-error-quark, msi_marketo_error)

static void
wipe_free (char *s)
{
  if (s != NULL)
    {
      explicit_bzero (s, strlen (s));
      g_free (s);
    }
}

static void
clear_source (GSource **source)
{
  if (*source != NULL)
    {
      g_source_destroy (*source);
      g_clear_pointer (source, g_source_unref);
    }
}

static char *
shorten (const char *text)
{
  if (text == NULL || text[0] == '\0')
    return g_strdup (_("no explanation given"));

  if (g_utf8_strlen (text, -1) <= MAX_MESSAGE_CHARS)
    return g_strdup (text);

  {
    const char *end = g_utf8_offset_to_pointer (text, MAX_MESSAGE_CHARS);
    g_autofree char *cut = g_strndup (text, end - text);

    return g_strconcat (cut, "…", NULL);
  }
}

/*
 * GObject
 */

static void
msi_marketo_client_dispose (GObject *object)
{
  MsiMarketoClient *self = (MsiMarketoClient *)object;

  g_cancellable_cancel (self->cancellable);

  G_OBJECT_CLASS (msi_marketo_client_parent_class)->dispose (object);
}

static void
msi_marketo_client_finalize (GObject *object)
{
  MsiMarketoClient *self = (MsiMarketoClient *)object;

  /* Waiters hold a reference: none is left here. */
  g_assert (self->token_waiters->len == 0);
  g_ptr_array_unref (self->token_waiters);

  g_clear_object (&self->http);
  g_clear_object (&self->cancellable);
  g_free (self->base_url);
  g_clear_pointer (&self->credentials, msi_marketo_credentials_free);
  wipe_free (self->token);

  G_OBJECT_CLASS (msi_marketo_client_parent_class)->finalize (object);
}

static void
msi_marketo_client_class_init (MsiMarketoClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = msi_marketo_client_dispose;
  object_class->finalize = msi_marketo_client_finalize;

  /**
   * MsiMarketoClient::progress:
   * @done: users whose roles were read
   * @total: users to read
   *
   * Emitted by msi_marketo_client_list_users_async() while it reads the
   * users' roles: once with @done 0, then after each user.
   */
  signals[SIGNAL_PROGRESS] =
    g_signal_new ("progress",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
}

static void
msi_marketo_client_init (MsiMarketoClient *self)
{
  self->token_waiters = g_ptr_array_new ();
  self->cancellable = g_cancellable_new ();
  self->backoff_base_ms = 1000;
  self->backoff_max_ms = 20000;
  self->backoff_tries = 5;
}

/**
 * msi_marketo_client_new:
 * @session: (nullable): the session, or %NULL for the shared one
 * @base_url: the instance, "https://284-RPR-133.mktorest.com" (no /rest)
 * @credentials: the LaunchPoint service's credentials (copied)
 */
MsiMarketoClient *
msi_marketo_client_new (SoupSession                 *session,
                        const char                  *base_url,
                        const MsiMarketoCredentials *credentials)
{
  MsiMarketoClient *self;

  g_return_val_if_fail (!session || SOUP_IS_SESSION (session), NULL);
  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (credentials != NULL, NULL);

  self = g_object_new (MSI_TYPE_MARKETO_CLIENT, NULL);
  self->http = msi_http_client_new (session, base_url);
  self->base_url = g_strdup (msi_http_client_get_base_url (self->http));
  self->credentials = msi_marketo_credentials_copy (credentials);

  return self;
}

const char *
msi_marketo_client_get_base_url (MsiMarketoClient *self)
{
  g_return_val_if_fail (MSI_IS_MARKETO_CLIENT (self), NULL);

  return self->base_url;
}

const MsiMarketoCredentials *
msi_marketo_client_get_credentials (MsiMarketoClient *self)
{
  g_return_val_if_fail (MSI_IS_MARKETO_CLIENT (self), NULL);

  return self->credentials;
}

/**
 * msi_marketo_client_set_backoff:
 * @base_ms: the wait after the first 606 or 615; it doubles each time
 * @max_ms: the longest wait
 * @max_tries: how many attempts a call makes in all before it fails with
 *   %MSI_MARKETO_ERROR_RATE_LIMITED (at least 1)
 */
void
msi_marketo_client_set_backoff (MsiMarketoClient *self,
                                guint             base_ms,
                                guint             max_ms,
                                guint             max_tries)
{
  g_return_if_fail (MSI_IS_MARKETO_CLIENT (self));

  self->backoff_base_ms = base_ms;
  self->backoff_max_ms = MAX (base_ms, max_ms);
  self->backoff_tries = MAX (max_tries, 1);
}

static guint
backoff_delay_ms (MsiMarketoClient *self,
                  guint             attempt)
{
  guint64 delay = self->backoff_base_ms;

  for (guint i = 1; i < attempt && delay < self->backoff_max_ms; i++)
    delay *= 2;
  delay = MIN (delay, self->backoff_max_ms);

  /* Jitter in the upper half: clients that were refused together do not
   * come back together. */
  if (delay > 1)
    delay = delay / 2 + g_random_int_range (0, (gint32)(delay / 2) + 1);

  return (guint)delay;
}

/*
 * Errors
 */

static GError *
error_from_http (MsiMarketoClient *self,
                 const GError     *error)
{
  g_autoptr(GUri) uri = g_uri_parse (self->base_url, G_URI_FLAGS_NONE, NULL);
  const char *host = uri != NULL && g_uri_get_host (uri) != NULL ? g_uri_get_host (uri) : self->base_url;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);

  if (error->domain == MSI_HTTP_ERROR)
    {
      switch ((MsiHttpError)error->code)
        {
        case MSI_HTTP_ERROR_NETWORK:
        case MSI_HTTP_ERROR_TIMEOUT:
        case MSI_HTTP_ERROR_TLS:
          return g_error_new (MSI_MARKETO_ERROR, MSI_MARKETO_ERROR_NETWORK,
                              /* TRANSLATORS: %1$s is a host name, %2$s what went wrong */
                              _("Could not reach the Marketo instance at %1$s: %2$s"),
                              host, error->message);
        case MSI_HTTP_ERROR_SERVER:
          return g_error_new (MSI_MARKETO_ERROR, MSI_MARKETO_ERROR_SERVICE,
                              /* TRANSLATORS: %s is the server's explanation */
                              _("Marketo is not available right now: %s. Try again later."),
                              error->message);
        case MSI_HTTP_ERROR_RATE_LIMITED:
          return g_error_new (MSI_MARKETO_ERROR, MSI_MARKETO_ERROR_RATE_LIMITED,
                              _("Marketo is receiving too many requests: %s. Wait a minute, then try again."),
                              error->message);
        case MSI_HTTP_ERROR_INVALID_RESPONSE:
          return g_error_new (MSI_MARKETO_ERROR, MSI_MARKETO_ERROR_INVALID_RESPONSE,
                              /* TRANSLATORS: %s says what is wrong with the reply */
                              _("Marketo sent a reply the app does not understand: %s"),
                              error->message);
        case MSI_HTTP_ERROR_NOT_FOUND:
          return g_error_new (MSI_MARKETO_ERROR, MSI_MARKETO_ERROR_REQUEST,
                              /* TRANSLATORS: %1$s is a host name, %2$s the server's explanation */
                              _("%1$s does not offer this Marketo API (%2$s). Check the Munchkin ID "
                                "and the profile’s Marketo address."),
                              host, error->message);
        case MSI_HTTP_ERROR_BAD_REQUEST:
        case MSI_HTTP_ERROR_UNAUTHORIZED:
        case MSI_HTTP_ERROR_FORBIDDEN:
        case MSI_HTTP_ERROR_CONFLICT:
        case MSI_HTTP_ERROR_UNEXPECTED_STATUS:
        default:
          break;
        }
    }

  return g_error_new (MSI_MARKETO_ERROR, MSI_MARKETO_ERROR_REQUEST,
                      /* TRANSLATORS: %s is the server's explanation */
                      _("Marketo refused the request: %s"), error->message);
}

/* The error for a Marketo error code that the client does not retry. */
static GError *
error_from_code (const char *code,
                 const char *message)
{
  g_autofree char *said = shorten (message);

  if (g_str_equal (code, "601") || g_str_equal (code, "602"))
    return g_error_new (MSI_MARKETO_ERROR, MSI_MARKETO_ERROR_TOKEN,
                        /* TRANSLATORS: %1$s is Marketo's error code, %2$s its message */
                        _("Marketo refused a new access token too (%1$s: %2$s). Check that the API "
                          "service in Admin → LaunchPoint is still active, then try again."),
                        code, said);

  if (g_str_equal (code, "603"))
    return g_error_new (MSI_MARKETO_ERROR, MSI_MARKETO_ERROR_ACCESS_DENIED,
                        /* TRANSLATORS: %1$s is Marketo's error code, %2$s its message; keep
                         * the permission names as Marketo shows them */
                        _("Marketo denied access (%1$s: %2$s). In Marketo, give the role of the "
                          "service’s API user the permissions “Access User Management Api” "
                          "(Access API) and “Access Users” (Access Admin) in Admin → Users & Roles, "
                          "and check the IP allowlist in Admin → Web Services."),
                        code, said);

  if (g_str_equal (code, "606") || g_str_equal (code, "615"))
    return g_error_new (MSI_MARKETO_ERROR, MSI_MARKETO_ERROR_RATE_LIMITED,
                        _("Marketo is still receiving too many requests after several tries "
                          "(%1$s: %2$s). Other integrations share the instance’s limit; wait a "
                          "minute, then try again."),
                        code, said);

  if (g_str_equal (code, "607"))
    return g_error_new (MSI_MARKETO_ERROR, MSI_MARKETO_ERROR_DAILY_QUOTA,
                        _("This Marketo instance has used up its daily API quota (%1$s: %2$s). "
                          "The quota resets at midnight US Central Time; try again after that."),
                        code, said);

  if (g_str_equal (code, "604") || g_str_equal (code, "608") || g_str_equal (code, "611"))
    return g_error_new (MSI_MARKETO_ERROR, MSI_MARKETO_ERROR_SERVICE,
                        _("Marketo could not answer (%1$s: %2$s). Try again later; if it keeps "
                          "happening, contact Marketo Support."),
                        code, said);

  return g_error_new (MSI_MARKETO_ERROR, MSI_MARKETO_ERROR_REQUEST,
                      /* TRANSLATORS: %1$s is Marketo's message, %2$s its error code */
                      _("Marketo refused the request: %1$s (error %2$s)."),
                      said, code);
}

/* The first entry of an "errors" array: its code as a string (Marketo
 * sends "601", some endpoints 601) and message. */
static gboolean
read_first_error (JsonNode  *root,
                  char     **code,
                  char     **message)
{
  JsonObject *object;
  JsonArray *errors;
  JsonObject *first;
  JsonNode *code_node;
  JsonNode *message_node;

  *code = NULL;
  *message = NULL;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return FALSE;
  object = json_node_get_object (root);
  if (!json_object_has_member (object, "errors") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "errors")))
    return FALSE;
  errors = json_object_get_array_member (object, "errors");
  if (json_array_get_length (errors) == 0 ||
      !JSON_NODE_HOLDS_OBJECT (json_array_get_element (errors, 0)))
    return FALSE;
  first = json_array_get_object_element (errors, 0);

  code_node = json_object_get_member (first, "code");
  if (code_node == NULL || !JSON_NODE_HOLDS_VALUE (code_node))
    return FALSE;
  if (json_node_get_value_type (code_node) == G_TYPE_STRING)
    *code = g_strstrip (g_strdup (json_node_get_string (code_node)));
  else if (json_node_get_value_type (code_node) == G_TYPE_INT64)
    *code = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (code_node));
  else
    return FALSE;

  message_node = json_object_get_member (first, "message");
  if (message_node != NULL && JSON_NODE_HOLDS_VALUE (message_node) &&
      json_node_get_value_type (message_node) == G_TYPE_STRING)
    *message = g_strdup (json_node_get_string (message_node));

  return TRUE;
}

/*
 * Token
 */

typedef struct
{
  GTask   *task;
  GSource *cancel_source;
} TokenWaiter;

static void
token_waiter_free (TokenWaiter *waiter)
{
  clear_source (&waiter->cancel_source);
  g_clear_object (&waiter->task);
  g_free (waiter);
}

static gboolean
token_waiter_cancelled_cb (GCancellable *cancellable,
                           gpointer      user_data)
{
  TokenWaiter *waiter = user_data;
  g_autoptr(GTask) task = g_object_ref (waiter->task);
  MsiMarketoClient *self = g_task_get_source_object (task);

  g_ptr_array_remove (self->token_waiters, waiter);
  token_waiter_free (waiter);
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                           _("The request was cancelled."));

  return G_SOURCE_REMOVE;
}

static GError *
identity_error (MsiMarketoClient *self,
                const GError     *error,
                guint             status)
{
  if (g_error_matches (error, MSI_HTTP_ERROR, MSI_HTTP_ERROR_UNAUTHORIZED) ||
      g_error_matches (error, MSI_HTTP_ERROR, MSI_HTTP_ERROR_BAD_REQUEST) ||
      g_error_matches (error, MSI_HTTP_ERROR, MSI_HTTP_ERROR_FORBIDDEN))
    return g_error_new_literal (MSI_MARKETO_ERROR, MSI_MARKETO_ERROR_INVALID_CREDENTIALS,
                                _("Marketo refused the Client ID and Client Secret. Copy them again "
                                  "from Admin → LaunchPoint (select the API service, then View "
                                  "Details), and check that the Munchkin ID is of the same instance."));

  return error_from_http (self, error);
}

static void
identity_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  MsiHttpClient *http = (MsiHttpClient *)object;
  g_autoptr(MsiMarketoClient) self = user_data;
  g_autoptr(GPtrArray) waiters = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *token = NULL;
  guint status = 0;

  root = msi_http_client_request_json_finish (http, result, &status, &local_error);
  self->identity_in_flight = FALSE;

  if (root == NULL)
    {
      error = identity_error (self, local_error, status);
    }
  else
    {
      JsonObject *object_reply = JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
      JsonNode *token_node = object_reply ? json_object_get_member (object_reply, "access_token") : NULL;
      JsonNode *expires_node = object_reply ? json_object_get_member (object_reply, "expires_in") : NULL;
      gint64 expires_in = -1;

      if (expires_node != NULL && JSON_NODE_HOLDS_VALUE (expires_node) &&
          (json_node_get_value_type (expires_node) == G_TYPE_INT64 ||
           json_node_get_value_type (expires_node) == G_TYPE_DOUBLE))
        expires_in = (gint64)json_node_get_double (expires_node);

      if (token_node == NULL || !JSON_NODE_HOLDS_VALUE (token_node) ||
          json_node_get_value_type (token_node) != G_TYPE_STRING ||
          json_node_get_string (token_node)[0] == '\0' || expires_in < 0)
        {
          error = g_error_new_literal (MSI_MARKETO_ERROR, MSI_MARKETO_ERROR_INVALID_RESPONSE,
                                       _("Marketo’s Identity service sent a reply without an access "
                                         "token. Check the profile’s Marketo address."));
        }
      else
        {
          token = g_strdup (json_node_get_string (token_node));
          wipe_free (self->token);
          self->token = g_strdup (token);
          /* Refresh a minute early; a token about to expire serves this
           * round of callers only. */
          self->token_valid_until = g_get_monotonic_time () +
                                    MAX (expires_in - TOKEN_MARGIN_SECONDS, 0) * G_USEC_PER_SEC;
          g_debug ("New Marketo access token, valid for %" G_GINT64_FORMAT " s", expires_in);
        }
    }

  /* Answer everyone who waited, then let new callers start afresh. */
  waiters = g_ptr_array_copy (self->token_waiters, NULL, NULL);
  g_ptr_array_set_size (self->token_waiters, 0);

  for (guint i = 0; i < waiters->len; i++)
    {
      TokenWaiter *waiter = g_ptr_array_index (waiters, i);
      g_autoptr(GTask) task = g_object_ref (waiter->task);

      token_waiter_free (waiter);
      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_pointer (task, g_strdup (token), (GDestroyNotify)wipe_free);
    }

  if (token != NULL)
    explicit_bzero (token, strlen (token));
}

static void
identity_start (MsiMarketoClient *self)
{
  g_autoptr(GHashTable) query = NULL;
  g_autofree char *encoded = NULL;
  g_autofree char *path = NULL;

  self->identity_in_flight = TRUE;

  query = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (query, (gpointer)"grant_type", (gpointer)"client_credentials");
  g_hash_table_insert (query, (gpointer)"client_id", self->credentials->client_id ? self->credentials->client_id : (char *)"");
  g_hash_table_insert (query, (gpointer)"client_secret", self->credentials->client_secret ? self->credentials->client_secret : (char *)"");
  encoded = soup_form_encode_hash (query);
  path = g_strconcat (IDENTITY_PATH "?", encoded, NULL);
  explicit_bzero (encoded, strlen (encoded));

  g_debug ("Requesting a Marketo access token");
  msi_http_client_send_async (self->http, "POST", path, NULL, NULL, NULL,
                              MSI_HTTP_FLAGS_IDEMPOTENT, self->cancellable,
                              identity_cb, g_object_ref (self));
  explicit_bzero (path, strlen (path));
}

/* A token other than @stale (the one an API call just refused). */
static void
token_async (MsiMarketoClient    *self,
             const char          *stale,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  TokenWaiter *waiter;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, token_async);

  if (self->token != NULL && stale != NULL && g_str_equal (self->token, stale))
    g_clear_pointer (&self->token, wipe_free);

  if (self->token != NULL && g_get_monotonic_time () < self->token_valid_until)
    {
      g_task_return_pointer (task, g_strdup (self->token), (GDestroyNotify)wipe_free);
      return;
    }

  if (!g_uri_is_valid (self->base_url, SOUP_HTTP_URI_FLAGS, NULL))
    {
      /* Said here, so that the HTTP layer never quotes a URL that holds
       * the secret. */
      g_task_return_new_error (task, MSI_MARKETO_ERROR, MSI_MARKETO_ERROR_REQUEST,
                               /* TRANSLATORS: %s is a URL */
                               _("“%s” is not a valid Marketo address. It looks like "
                                 "https://284-RPR-133.mktorest.com."),
                               self->base_url);
      return;
    }

  waiter = g_new0 (TokenWaiter, 1);
  waiter->task = g_steal_pointer (&task);
  if (cancellable != NULL)
    {
      waiter->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (waiter->cancel_source,
                             (GSourceFunc)(void (*) (void))token_waiter_cancelled_cb,
                             waiter, NULL);
      g_source_attach (waiter->cancel_source, g_main_context_get_thread_default ());
    }
  g_ptr_array_add (self->token_waiters, waiter);

  if (!self->identity_in_flight)
    identity_start (self);
}

static char *
token_finish (MsiMarketoClient  *self,
              GAsyncResult      *result,
              GError           **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * msi_marketo_client_get_token_async:
 * @force_new: ask Identity even when a cached token is still valid
 */
void
msi_marketo_client_get_token_async (MsiMarketoClient    *self,
                                    gboolean             force_new,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *stale = NULL;

  g_return_if_fail (MSI_IS_MARKETO_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  if (force_new && self->token != NULL)
    stale = g_strdup (self->token);

  token_async (self, stale, cancellable, callback, user_data);
  wipe_free (g_steal_pointer (&stale));
}

/**
 * msi_marketo_client_get_token_finish:
 *
 * Returns: (transfer full): the access token; keep it out of logs
 */
char *
msi_marketo_client_get_token_finish (MsiMarketoClient  *self,
                                     GAsyncResult      *result,
                                     GError           **error)
{
  g_return_val_if_fail (MSI_IS_MARKETO_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return token_finish (self, result, error);
}

/*
 * Calls
 */

typedef enum
{
  API_REST,
  API_USER,
} ApiKind;

typedef struct
{
  ApiKind  kind;
  char    *method;
  char    *path;          /* below the base URL, with the query */
  GBytes  *body;
  char    *token;         /* the one sent */
  gboolean refreshed;     /* a 601/602 got a new token already */
  guint    attempts;      /* sent so far */
  GSource *wait_source;
  GSource *cancel_source;
} Call;

static void
call_free (Call *call)
{
  clear_source (&call->wait_source);
  clear_source (&call->cancel_source);
  g_free (call->method);
  g_free (call->path);
  g_clear_pointer (&call->body, g_bytes_unref);
  wipe_free (call->token);
  g_free (call);
}

static void call_get_token (GTask *task, const char *stale);

static void
call_return_error (GTask  *task,
                   GError *error)
{
  g_task_return_error (task, error);
}

static gboolean
call_wait_done_cb (gpointer user_data)
{
  GTask *task = user_data;
  Call *call = g_task_get_task_data (task);

  g_clear_pointer (&call->wait_source, g_source_unref);
  clear_source (&call->cancel_source);
  call_get_token (task, NULL);

  return G_SOURCE_REMOVE;
}

static gboolean
call_wait_cancelled_cb (GCancellable *cancellable,
                        gpointer      user_data)
{
  GTask *task = user_data;
  Call *call = g_task_get_task_data (task);

  g_clear_pointer (&call->cancel_source, g_source_unref);
  clear_source (&call->wait_source);
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                           _("The request was cancelled."));

  return G_SOURCE_REMOVE;
}

static void
call_wait (GTask *task,
           guint  delay_ms)
{
  Call *call = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  call->wait_source = g_timeout_source_new (delay_ms);
  g_source_set_callback (call->wait_source, call_wait_done_cb, g_object_ref (task), g_object_unref);
  g_source_attach (call->wait_source, g_main_context_get_thread_default ());

  if (cancellable != NULL)
    {
      call->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (call->cancel_source,
                             (GSourceFunc)(void (*) (void))call_wait_cancelled_cb,
                             g_object_ref (task), g_object_unref);
      g_source_attach (call->cancel_source, g_main_context_get_thread_default ());
    }
}

/* Acts on a Marketo error code: a new token, a wait, or the end. */
static void
call_handle_code (GTask      *task,
                  const char *code,
                  const char *message)
{
  MsiMarketoClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);

  g_debug ("%s %s → Marketo error %s", call->method, g_task_get_name (task), code);

  if ((g_str_equal (code, "601") || g_str_equal (code, "602")) && !call->refreshed)
    {
      g_autofree char *stale = g_steal_pointer (&call->token);

      call->refreshed = TRUE;
      call_get_token (task, stale);
      wipe_free (g_steal_pointer (&stale));
      return;
    }

  if ((g_str_equal (code, "606") || g_str_equal (code, "615")) && call->attempts < self->backoff_tries)
    {
      guint delay = backoff_delay_ms (self, call->attempts);

      g_debug ("Trying %s again in %u ms", g_task_get_name (task), delay);
      call_wait (task, delay);
      return;
    }

  call_return_error (task, error_from_code (code, message));
}

static void
call_sent_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  MsiHttpClient *http = (MsiHttpClient *)object;
  g_autoptr(GTask) task = user_data;
  MsiMarketoClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) error_body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_autofree char *message = NULL;
  guint status = 0;

  root = msi_http_client_request_json_finish_full (http, result, &status, &error_body, &error);

  if (root == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          call_return_error (task, g_steal_pointer (&error));
          return;
        }

      if (read_first_error (error_body, &code, &message))
        {
          call_handle_code (task, code, message);
          return;
        }

      /* No Marketo code: the status says what it would have been. */
      if (g_error_matches (error, MSI_HTTP_ERROR, MSI_HTTP_ERROR_UNAUTHORIZED))
        call_handle_code (task, "601", error->message);
      else if (g_error_matches (error, MSI_HTTP_ERROR, MSI_HTTP_ERROR_FORBIDDEN))
        call_handle_code (task, "603", error->message);
      else if (g_error_matches (error, MSI_HTTP_ERROR, MSI_HTTP_ERROR_RATE_LIMITED))
        call_handle_code (task, "606", error->message);
      else
        call_return_error (task, error_from_http (self, error));
      return;
    }

  if (call->kind == API_USER)
    {
      g_task_return_pointer (task, g_steal_pointer (&root), (GDestroyNotify)json_node_unref);
      return;
    }

  /* The REST envelope */
  {
    JsonObject *envelope = JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
    JsonNode *success = envelope ? json_object_get_member (envelope, "success") : NULL;

    if (success == NULL || !JSON_NODE_HOLDS_VALUE (success) ||
        json_node_get_value_type (success) != G_TYPE_BOOLEAN)
      {
        call_return_error (task, g_error_new_literal (MSI_MARKETO_ERROR, MSI_MARKETO_ERROR_INVALID_RESPONSE,
                                                      _("Marketo sent a reply without the “success” "
                                                        "field every REST reply has. Check the "
                                                        "profile’s Marketo address.")));
        return;
      }

    if (!json_node_get_boolean (success))
      {
        if (!read_first_error (root, &code, &message))
          {
            call_return_error (task, g_error_new_literal (MSI_MARKETO_ERROR, MSI_MARKETO_ERROR_INVALID_RESPONSE,
                                                          _("Marketo reported a failure without saying "
                                                            "what went wrong.")));
            return;
          }
        call_handle_code (task, code, message);
        return;
      }

    if (json_object_has_member (envelope, "warnings") &&
        JSON_NODE_HOLDS_ARRAY (json_object_get_member (envelope, "warnings")) &&
        json_array_get_length (json_object_get_array_member (envelope, "warnings")) > 0)
      g_debug ("%s %s: Marketo sent %u warnings", call->method, g_task_get_name (task),
               json_array_get_length (json_object_get_array_member (envelope, "warnings")));

    g_task_return_pointer (task, json_object_ref (envelope), (GDestroyNotify)json_object_unref);
  }
}

static void
call_token_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  MsiMarketoClient *self = (MsiMarketoClient *)object;
  g_autoptr(GTask) task = user_data;
  Call *call = g_task_get_task_data (task);
  GError *error = NULL;
  char *token;

  token = token_finish (self, result, &error);
  if (token == NULL)
    {
      call_return_error (task, error);
      return;
    }

  wipe_free (call->token);
  call->token = token;
  call->attempts++;

  msi_http_client_send_async (self->http, call->method, call->path,
                              call->body != NULL ? "application/json" : NULL, call->body,
                              call->token,
                              /* 429 and 5xx are Marketo codes here: the client decides. */
                              call->kind == API_USER ? MSI_HTTP_FLAGS_NO_RETRY : MSI_HTTP_FLAGS_NONE,
                              g_task_get_cancellable (task),
                              call_sent_cb, g_object_ref (task));
}

static void
call_get_token (GTask      *task,
                const char *stale)
{
  MsiMarketoClient *self = g_task_get_source_object (task);

  token_async (self, stale, g_task_get_cancellable (task), call_token_cb, g_object_ref (task));
}

static void
call_start (MsiMarketoClient    *self,
            ApiKind              kind,
            gpointer             source_tag,
            const char          *method,
            const char          *path,
            GHashTable          *query,
            JsonNode            *body,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *name = NULL;
  Call *call;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);

  call = g_new0 (Call, 1);
  call->kind = kind;
  call->method = g_ascii_strup (method, -1);
  call->path = g_strconcat (kind == API_REST ? REST_PREFIX : USER_API_PREFIX,
                            path[0] == '/' ? "" : "/", path, NULL);
  name = g_strdup (call->path);
  if (query != NULL && g_hash_table_size (query) > 0)
    {
      g_autofree char *encoded = soup_form_encode_hash (query);
      char *full = g_strconcat (call->path, "?", encoded, NULL);

      g_free (call->path);
      call->path = full;
    }
  if (body != NULL)
    {
      g_autofree char *text = json_to_string (body, FALSE);
      gsize len = strlen (text);

      call->body = g_bytes_new_take (g_steal_pointer (&text), len);
    }
  g_task_set_task_data (task, call, (GDestroyNotify)call_free);
  /* Debug messages name the call by its path, without the query. */
  g_task_set_name (task, name);

  call_get_token (task, NULL);
}

/**
 * msi_marketo_client_rest_async:
 * @method: "GET", "POST", …
 * @path: below /rest, such as "/v1/leads/describe2.json"
 * @query: (nullable) (element-type utf8 utf8): query parameters
 * @body: (nullable): a JSON body
 */
void
msi_marketo_client_rest_async (MsiMarketoClient    *self,
                               const char          *method,
                               const char          *path,
                               GHashTable          *query,
                               JsonNode            *body,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (MSI_IS_MARKETO_CLIENT (self));
  g_return_if_fail (method != NULL && path != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  call_start (self, API_REST, msi_marketo_client_rest_async, method, path, query, body,
              cancellable, callback, user_data);
}

/**
 * msi_marketo_client_rest_finish:
 *
 * Returns: (transfer full): the reply's envelope, with success true
 */
JsonObject *
msi_marketo_client_rest_finish (MsiMarketoClient  *self,
                                GAsyncResult      *result,
                                GError           **error)
{
  g_return_val_if_fail (MSI_IS_MARKETO_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == msi_marketo_client_rest_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * msi_marketo_client_user_api_async:
 * @method: "GET", "POST", …
 * @path: below /userservice/management/v1, such as "/users/roles.json"
 * @query: (nullable) (element-type utf8 utf8): query parameters
 * @body: (nullable): a JSON body
 */
void
msi_marketo_client_user_api_async (MsiMarketoClient    *self,
                                   const char          *method,
                                   const char          *path,
                                   GHashTable          *query,
                                   JsonNode            *body,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (MSI_IS_MARKETO_CLIENT (self));
  g_return_if_fail (method != NULL && path != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  call_start (self, API_USER, msi_marketo_client_user_api_async, method, path, query, body,
              cancellable, callback, user_data);
}

/**
 * msi_marketo_client_user_api_finish:
 *
 * Returns: (transfer full): the reply's root
 */
JsonNode *
msi_marketo_client_user_api_finish (MsiMarketoClient  *self,
                                    GAsyncResult      *result,
                                    GError           **error)
{
  g_return_val_if_fail (MSI_IS_MARKETO_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == msi_marketo_client_user_api_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/*
 * Listing users
 *
 * allusers.json page by page, then each user's roles.json with at most
 * MAX_ROLE_REQUESTS at a time. The users are the operation's own until it
 * returns them all: a failure or a cancellation returns nothing, and only
 * after every request it started has ended.
 */

typedef struct
{
  GCancellable *cancellable;   /* the sub-requests': the caller's, or the first failure */
  GSource      *outer_source; /* the caller's cancellable: cancels the sub-requests' */
  GPtrArray    *users;         /* MsiMarketoUser */
  GHashTable   *seen;          /* userid */
  guint         offset;
  guint         pages;
  guint         next;
  guint         in_flight;
  guint         done;
  GError       *error;
} ListUsers;

static void
list_users_free (ListUsers *op)
{
  clear_source (&op->outer_source);
  g_clear_object (&op->cancellable);
  g_clear_pointer (&op->users, g_ptr_array_unref);
  g_clear_pointer (&op->seen, g_hash_table_unref);
  g_clear_error (&op->error);
  g_free (op);
}

/* From the main loop, not from inside the caller's g_cancellable_cancel(). */
static gboolean
list_users_outer_cancelled_cb (GCancellable *outer,
                               gpointer      user_data)
{
  GCancellable *inner = user_data;

  g_cancellable_cancel (inner);

  return G_SOURCE_REMOVE;
}

static void list_users_next_page (GTask *task);
static void list_users_launch_roles (GTask *task);

static void
list_users_fail (GTask  *task,
                 GError *error)
{
  ListUsers *op = g_task_get_task_data (task);

  if (op->error == NULL)
    op->error = error;
  else
    g_error_free (error);

  g_cancellable_cancel (op->cancellable);
}

static int
compare_users (gconstpointer a,
               gconstpointer b)
{
  MsiMarketoUser *ua = *(MsiMarketoUser **)a;
  MsiMarketoUser *ub = *(MsiMarketoUser **)b;
  int cmp = g_utf8_collate (msi_marketo_user_get_display_name (ua),
                            msi_marketo_user_get_display_name (ub));

  if (cmp != 0)
    return cmp;

  return g_strcmp0 (msi_marketo_user_get_email (ua), msi_marketo_user_get_email (ub));
}

static void
list_users_check_done (GTask *task)
{
  ListUsers *op = g_task_get_task_data (task);

  if (op->in_flight > 0)
    return;

  /* Cancelled before the sub-requests' cancellable followed: stop here. */
  if (op->error == NULL && g_task_get_cancellable (task) != NULL &&
      g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    op->error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The request was cancelled."));

  if (op->error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&op->error));
      return;
    }

  if (op->done == op->users->len)
    {
      g_autoptr(GListStore) store = g_list_store_new (MSI_TYPE_MARKETO_USER);

      g_ptr_array_sort (op->users, compare_users);
      g_list_store_splice (store, 0, 0, op->users->pdata, op->users->len);
      g_task_return_pointer (task, g_steal_pointer (&store), g_object_unref);
      return;
    }

  list_users_launch_roles (task);
}

typedef struct
{
  GTask          *task;
  MsiMarketoUser *user;
} RolesRequest;

static void
roles_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  MsiMarketoClient *self = (MsiMarketoClient *)object;
  RolesRequest *request = user_data;
  g_autoptr(GTask) task = request->task;
  g_autoptr(MsiMarketoUser) user = request->user;
  ListUsers *op = g_task_get_task_data (task);
  g_autoptr(JsonNode) root = NULL;
  GError *error = NULL;

  g_free (request);
  op->in_flight--;

  root = msi_marketo_client_user_api_finish (self, result, &error);
  if (root == NULL)
    {
      list_users_fail (task, error);
    }
  else if (op->error == NULL)
    {
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      gboolean is_admin = FALSE;
      gboolean valid = JSON_NODE_HOLDS_ARRAY (root);
      JsonArray *entries = valid ? json_node_get_array (root) : NULL;

      for (guint i = 0; valid && i < json_array_get_length (entries); i++)
        {
          JsonNode *entry = json_array_get_element (entries, i);
          JsonNode *name_node;
          const char *name;

          if (!JSON_NODE_HOLDS_OBJECT (entry))
            {
              valid = FALSE;
              break;
            }
          name_node = json_object_get_member (json_node_get_object (entry), "accessRoleName");
          if (name_node == NULL || !JSON_NODE_HOLDS_VALUE (name_node) ||
              json_node_get_value_type (name_node) != G_TYPE_STRING)
            continue;
          name = json_node_get_string (name_node);

          if (g_ascii_strcasecmp (name, "Admin") == 0)
            is_admin = TRUE;
          if (!g_ptr_array_find_with_equal_func (names, name, g_str_equal, NULL))
            g_ptr_array_add (names, g_strdup (name));
        }

      if (!valid)
        {
          list_users_fail (task, g_error_new (MSI_MARKETO_ERROR, MSI_MARKETO_ERROR_INVALID_RESPONSE,
                                              /* TRANSLATORS: %s is an e-mail address */
                                              _("Marketo sent the roles of %s in a form the app does "
                                                "not understand."),
                                              msi_marketo_user_get_email (user)));
        }
      else
        {
          g_ptr_array_add (names, NULL);
          msi_marketo_user_set_roles (user, (const char * const *)names->pdata, is_admin);
          op->done++;
          g_signal_emit (self, signals[SIGNAL_PROGRESS], 0, op->done, op->users->len);
        }
    }

  list_users_check_done (task);
}

static void
list_users_launch_roles (GTask *task)
{
  MsiMarketoClient *self = g_task_get_source_object (task);
  ListUsers *op = g_task_get_task_data (task);

  while (op->error == NULL && op->in_flight < MAX_ROLE_REQUESTS && op->next < op->users->len &&
         !g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      MsiMarketoUser *user = g_ptr_array_index (op->users, op->next++);
      g_autofree char *escaped = g_uri_escape_string (msi_marketo_user_get_userid (user), NULL, FALSE);
      g_autofree char *path = g_strdup_printf ("/users/%s/roles.json", escaped);
      RolesRequest *request = g_new0 (RolesRequest, 1);

      request->task = g_object_ref (task);
      request->user = g_object_ref (user);
      op->in_flight++;
      msi_marketo_client_user_api_async (self, "GET", path, NULL, NULL, op->cancellable,
                                         roles_cb, request);
    }
}

static void
page_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  MsiMarketoClient *self = (MsiMarketoClient *)object;
  g_autoptr(GTask) task = user_data;
  ListUsers *op = g_task_get_task_data (task);
  g_autoptr(JsonNode) root = NULL;
  GError *error = NULL;
  JsonArray *page;
  guint length;

  root = msi_marketo_client_user_api_finish (self, result, &error);
  if (root == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (!JSON_NODE_HOLDS_ARRAY (root))
    {
      g_task_return_new_error (task, MSI_MARKETO_ERROR, MSI_MARKETO_ERROR_INVALID_RESPONSE,
                               _("Marketo sent the list of users in a form the app does not understand."));
      return;
    }

  page = json_node_get_array (root);
  length = json_array_get_length (page);

  for (guint i = 0; i < length; i++)
    {
      JsonNode *entry = json_array_get_element (page, i);
      g_autoptr(MsiMarketoUser) user = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (entry))
        continue;
      user = msi_marketo_user_new_from_json (json_node_get_object (entry));
      if (user == NULL)
        {
          g_debug ("Skipping a Marketo user without a userid or e-mail address");
          continue;
        }
      if (msi_marketo_user_get_api_only (user))
        continue;
      /* Users added while paging shift the pages: no one twice. */
      if (!g_hash_table_add (op->seen, g_strdup (msi_marketo_user_get_userid (user))))
        continue;

      g_ptr_array_add (op->users, g_steal_pointer (&user));
    }

  op->pages++;
  if (length < USERS_PAGE_SIZE || op->pages >= MAX_USER_PAGES)
    {
      g_debug ("%u Marketo users in %u pages; reading their roles", op->users->len, op->pages);
      g_signal_emit (self, signals[SIGNAL_PROGRESS], 0, 0, op->users->len);
      list_users_check_done (task);
      return;
    }

  op->offset += length;
  list_users_next_page (task);
}

static void
list_users_next_page (GTask *task)
{
  MsiMarketoClient *self = g_task_get_source_object (task);
  ListUsers *op = g_task_get_task_data (task);
  g_autoptr(GHashTable) query = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  g_hash_table_insert (query, (gpointer)"pageSize", g_strdup_printf ("%u", USERS_PAGE_SIZE));
  g_hash_table_insert (query, (gpointer)"pageOffset", g_strdup_printf ("%u", op->offset));

  msi_marketo_client_user_api_async (self, "GET", "/users/allusers.json", query, NULL,
                                     op->cancellable, page_cb, g_object_ref (task));
}

/**
 * msi_marketo_client_list_users_async:
 *
 * Lists every user who is not API-only, with their roles. Emits
 * #MsiMarketoClient::progress while reading the roles.
 */
void
msi_marketo_client_list_users_async (MsiMarketoClient    *self,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ListUsers *op;

  g_return_if_fail (MSI_IS_MARKETO_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, msi_marketo_client_list_users_async);

  op = g_new0 (ListUsers, 1);
  op->cancellable = g_cancellable_new ();
  op->users = g_ptr_array_new_with_free_func (g_object_unref);
  op->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (cancellable != NULL)
    {
      op->outer_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (op->outer_source,
                             (GSourceFunc)(void (*) (void))list_users_outer_cancelled_cb,
                             g_object_ref (op->cancellable), g_object_unref);
      g_source_attach (op->outer_source, g_main_context_get_thread_default ());
    }
  g_task_set_task_data (task, op, (GDestroyNotify)list_users_free);

  list_users_next_page (task);
}

/**
 * msi_marketo_client_list_users_finish:
 *
 * Returns: (transfer full): a #GListModel of #MsiMarketoUser, sorted by
 *   display name
 */
GListModel *
msi_marketo_client_list_users_finish (MsiMarketoClient  *self,
                                      GAsyncResult      *result,
                                      GError           **error)
{
  g_return_val_if_fail (MSI_IS_MARKETO_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == msi_marketo_client_list_users_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
