/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-demo-auth-server.c: demo OAuth 2.0 authorization servers (Actions, Salesforce, Microsoft, Google) */

#define G_LOG_DOMAIN "msi-demo-auth"

#include "config.h"

#include "msi-demo-auth-server.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include <gio/gio.h>

/*
 * One implementation of the authorization code flow with PKCE (S256),
 * public clients only, and a table of what differs between the hosts it
 * stands in for (see api-notes.md §1, §3, §4):
 *
 *   GET  authorize        sign-in page (one step, or e-mail then password),
 *                         or straight on with a session cookie
 *   POST authorize        the pages' forms: CSRF token, then credentials,
 *                         then consent; ends in a 302 to the redirect URI
 *   POST token            authorization_code and refresh_token grants
 *   POST revoke           RFC 7009
 *   GET  userinfo/me/…    the bearer-token APIs the app reads
 *
 * Codes, tokens and session ids come from getrandom() and are stored as
 * SHA-256 only; the plaintext of issued access and refresh tokens is kept
 * in memory (never on disk) so that tests can look for leaks.
 */

#define APP_REDIRECT_URI        "io.github.msiactions.setup:/oauth2redirect"
#define APP_REDIRECT_SCHEME     "io.github.msiactions.setup:"
#define APP_NAME                "MSI Actions Setup"
#define SALESFORCE_ORG_ID       MSI_DEMO_SALESFORCE_ORG_ID
#define RANDOM_BYTES            32
#define CODE_LIFETIME_SECONDS   600
#define SESSION_LIFETIME_SECONDS (12 * 60 * 60)
#define PENDING_LIFETIME_USEC   (30 * G_TIME_SPAN_MINUTE)
#define MAX_PENDING             1000
#define DEFAULT_TOKEN_LIFETIME  3600
/* RFC 6585; libsoup 3.2 has no name for it */
#define STATUS_TOO_MANY_REQUESTS 429

typedef enum
{
  LOOPBACK_NONE,
  /* http://127.0.0.1:{any port}/callback (RFC 8252 §7.3) */
  LOOPBACK_IPV4_ANY_PORT,
  /* http://localhost/callback registered, any port or none accepted */
  LOOPBACK_LOCALHOST_ANY_PORT,
} LoopbackRule;

typedef enum
{
  REFRESH_ALWAYS,
  /* only if the scope has refresh_token or offline_access */
  REFRESH_IF_SCOPE,
  /* only with access_type=offline, at the first consent or prompt=consent */
  REFRESH_IF_OFFLINE_FIRST,
} RefreshRule;

typedef struct
{
  const char   *id;                   /* store key */
  const char   *name;                 /* shown on the pages */
  const char   *colour;               /* brand colour of the pages */
  const char   *cookie_name;
  const char   *cookie_path;          /* the provider's path prefix */
  const char   *client_id;
  LoopbackRule  loopback;
  gboolean      two_step_login;       /* e-mail page, then password page */
  const char   *user_label;
  const char   *login_button;         /* one-step: the "login" button */
  const char   *allow_label;
  const char   *deny_label;
  const char   *unknown_user_error;   /* two-step: after "Next" */
  const char   *wrong_password_error;
  gboolean      remember_consent;     /* Salesforce: "already authorized" */
  gboolean      scope_required;
  RefreshRule   refresh_rule;
  gboolean      rotate_refresh;       /* a refresh grant replaces the refresh token */
  const char   *access_prefix;
  const char   *refresh_prefix;
  guint         revoke_unknown_status;
  guint         invalid_client_status;
  const char   *invalid_client_error;
  guint         invalid_client_aadsts;
} MsiDemoProvider;

static const MsiDemoProvider providers[] = {
  [MSI_DEMO_PROVIDER_ACTIONS] = {
    .id = "actions",
    .name = "MSI Actions",
    .colour = "#5b3fc4",
    .cookie_name = "msi_actions_session",
    .cookie_path = "/oauth",
    .client_id = "msi-actions-setup-demo",
    .loopback = LOOPBACK_NONE,
    .two_step_login = FALSE,
    .user_label = "E-mail",
    .login_button = "Log In",
    .allow_label = "Allow",
    .deny_label = "Deny",
    .wrong_password_error = "The e-mail address or password is incorrect.",
    .remember_consent = FALSE,
    .scope_required = FALSE,
    .refresh_rule = REFRESH_ALWAYS,
    .rotate_refresh = TRUE,
    .access_prefix = "msiat_",
    .refresh_prefix = "msirt_",
    .revoke_unknown_status = SOUP_STATUS_OK,
    .invalid_client_status = SOUP_STATUS_UNAUTHORIZED,
    .invalid_client_error = "invalid_client",
  },
  [MSI_DEMO_PROVIDER_SALESFORCE] = {
    .id = "salesforce",
    .name = "Salesforce",
    .colour = "#0176d3",
    .cookie_name = "sid",
    .cookie_path = "/salesforce",
    .client_id = "demo-salesforce-consumer-key",
    .loopback = LOOPBACK_NONE,
    .two_step_login = FALSE,
    .user_label = "Username",
    .login_button = "Log In",
    .allow_label = "Allow",
    .deny_label = "Deny",
    .wrong_password_error = "Please check your username and password. If you still can't "
                            "log in, contact your Salesforce administrator.",
    .remember_consent = TRUE,
    .scope_required = FALSE,
    .refresh_rule = REFRESH_IF_SCOPE,
    .rotate_refresh = FALSE,
    .access_prefix = SALESFORCE_ORG_ID "!",
    .refresh_prefix = "5Aep861",
    .revoke_unknown_status = SOUP_STATUS_BAD_REQUEST,
    .invalid_client_status = SOUP_STATUS_BAD_REQUEST,
    .invalid_client_error = "invalid_client_id",
  },
  [MSI_DEMO_PROVIDER_MICROSOFT] = {
    .id = "microsoft",
    .name = "Microsoft",
    .colour = "#0067b8",
    .cookie_name = "ESTSAUTH",
    .cookie_path = "/microsoft",
    .client_id = "00000000-0000-4000-8000-00000000d3e0",
    .loopback = LOOPBACK_LOCALHOST_ANY_PORT,
    .two_step_login = TRUE,
    .user_label = "Email, phone, or Skype",
    .allow_label = "Accept",
    .deny_label = "Cancel",
    .unknown_user_error = "This username may be incorrect. Make sure you typed it correctly. "
                          "Otherwise, contact your admin.",
    .wrong_password_error = "Your account or password is incorrect. If you don't remember "
                            "your password, reset it now.",
    .remember_consent = FALSE,
    .scope_required = TRUE,
    .refresh_rule = REFRESH_IF_SCOPE,
    .rotate_refresh = TRUE,
    .access_prefix = "EwBIA8l6BAAU",
    .refresh_prefix = "M.C5_BAY.0.U.",
    .revoke_unknown_status = SOUP_STATUS_BAD_REQUEST,
    .invalid_client_status = SOUP_STATUS_BAD_REQUEST,
    .invalid_client_error = "unauthorized_client",
    .invalid_client_aadsts = 700016,
  },
  [MSI_DEMO_PROVIDER_GOOGLE] = {
    .id = "google",
    .name = "Google",
    .colour = "#1a73e8",
    .cookie_name = "SID",
    .cookie_path = "/google",
    .client_id = "demo.apps.googleusercontent.com",
    .loopback = LOOPBACK_IPV4_ANY_PORT,
    .two_step_login = TRUE,
    .user_label = "Email or phone",
    .allow_label = "Continue",
    .deny_label = "Cancel",
    .unknown_user_error = "Couldn't find your Google Account",
    .wrong_password_error = "Wrong password. Try again or click Forgot password to reset it.",
    .remember_consent = FALSE,
    .scope_required = TRUE,
    .refresh_rule = REFRESH_IF_OFFLINE_FIRST,
    .rotate_refresh = FALSE,
    .access_prefix = "ya29.",
    .refresh_prefix = "1//",
    .revoke_unknown_status = SOUP_STATUS_OK,
    .invalid_client_status = SOUP_STATUS_UNAUTHORIZED,
    .invalid_client_error = "invalid_client",
  },
};

/* Confidential clients: the Actions service, for service connections.
 * Each has exactly one redirect URI, on the demo server itself. Their
 * codes are redeemed in-process (msi_demo_auth_server_redeem_service_code(),
 * which is how the demo authenticates them); the token endpoint knows only
 * the providers' public clients (the app). */
typedef struct
{
  MsiDemoProviderKind  provider;
  const char          *client_id;
  const char          *name;               /* shown on the consent page */
  const char          *redirect_paths[3];  /* after the base URI; NULL-terminated */
} MsiDemoServiceClient;

static const MsiDemoServiceClient service_clients[] = {
  {
    .provider = MSI_DEMO_PROVIDER_SALESFORCE,
    .client_id = MSI_DEMO_SERVICE_CLIENT_ID,
    .name = "MSI Actions",
    .redirect_paths = { MSI_DEMO_SALESFORCE_CONNECTION_CALLBACK, MSI_DEMO_USER_SALESFORCE_CALLBACK, NULL },
  },
  /* A sales rep's mailbox (onboarding, msi-demo-onboarding.c). */
  {
    .provider = MSI_DEMO_PROVIDER_MICROSOFT,
    .client_id = MSI_DEMO_SERVICE_CLIENT_ID,
    .name = "MSI Actions",
    .redirect_paths = { MSI_DEMO_USER_MICROSOFT_CALLBACK, NULL },
  },
  {
    .provider = MSI_DEMO_PROVIDER_GOOGLE,
    .client_id = MSI_DEMO_SERVICE_CLIENT_ID,
    .name = "MSI Actions",
    .redirect_paths = { MSI_DEMO_USER_GOOGLE_CALLBACK, NULL },
  },
};

/* The parameters of an authorization request that the pages carry along
 * in hidden fields. */
static const char * const authorize_params[] = {
  "response_type",
  "client_id",
  "redirect_uri",
  "scope",
  "state",
  "code_challenge",
  "code_challenge_method",
  "prompt",
  "login_hint",
  "nonce",
  "access_type",
};

/* An authorization request between its pages, keyed by its CSRF token. */
typedef struct
{
  MsiDemoProviderKind  provider;
  GHashTable          *params;
  char                *email;          /* known after the e-mail page */
  gboolean             authenticated;  /* signed in: next is consent */
  gint64               expires_at;     /* monotonic */
} Pending;

struct _MsiDemoAuthServer
{
  GObject       parent_instance;

  MsiDemoStore *store;
  char         *base_uri;

  /* char* CSRF token → Pending* */
  GHashTable   *pending;

  /* char*, plaintext of every access and refresh token issued, in memory
   * only, for MSI_DEMO_TEST_HOOKS; those of service clients also in
   * service_issued */
  GPtrArray    *issued;
  GPtrArray    *service_issued;

  /* signs Salesforce's "signature" and the id_tokens */
  guint8        signing_key[RANDOM_BYTES];

  guint         token_lifetime;
  MsiDemoFault  token_fault;
};

G_DEFINE_FINAL_TYPE (MsiDemoAuthServer, msi_demo_auth_server, G_TYPE_OBJECT)

G_DEFINE_QUARK (msi-demo-auth-server-error-quark, msi_demo_auth_server_error)

static const MsiDemoProvider *
get_provider (MsiDemoProviderKind kind)
{
  g_assert (kind > MSI_DEMO_PROVIDER_NONE && kind < G_N_ELEMENTS (providers));

  return &providers[kind];
}

static const MsiDemoServiceClient *
find_service_client (const MsiDemoProvider *provider,
                     const char            *client_id)
{
  for (guint i = 0; i < G_N_ELEMENTS (service_clients); i++)
    {
      if (get_provider (service_clients[i].provider) == provider &&
          g_strcmp0 (service_clients[i].client_id, client_id) == 0)
        return &service_clients[i];
    }

  return NULL;
}

/* The name of a registered client, as the consent page shows it. */
static const char *
client_name (const MsiDemoProvider *provider,
             const char            *client_id)
{
  const MsiDemoServiceClient *client = find_service_client (provider, client_id);

  return client != NULL ? client->name : APP_NAME;
}

static void
pending_free (Pending *pending)
{
  g_clear_pointer (&pending->params, g_hash_table_unref);
  g_free (pending->email);
  g_free (pending);
}

/*
 * Random values and hashes
 */

static void
fill_random (guint8 *buffer,
             gsize   size)
{
  gsize done = 0;

  while (done < size)
    {
      ssize_t n = getrandom (buffer + done, size - done, 0);

      if (n < 0)
        {
          int errsv = errno;

          if (errsv == EINTR)
            continue;

          g_error ("getrandom() failed: %s", g_strerror (errsv));
        }

      done += (gsize)n;
    }
}

/* RFC 4648 §5, without padding. */
static char *
base64url_encode (const guint8 *data,
                  gsize         size)
{
  char *text = g_base64_encode (data, size);

  for (char *c = text; *c != '\0'; c++)
    {
      if (*c == '+')
        *c = '-';
      else if (*c == '/')
        *c = '_';
      else if (*c == '=')
        {
          *c = '\0';
          break;
        }
    }

  return text;
}

static char *
random_string (const char *prefix)
{
  guint8 bytes[RANDOM_BYTES];
  g_autofree char *encoded = NULL;

  fill_random (bytes, sizeof bytes);
  encoded = base64url_encode (bytes, sizeof bytes);
  memset (bytes, 0, sizeof bytes);

  return g_strconcat (prefix != NULL ? prefix : "", encoded, NULL);
}

static char *
sha256_hex (const char *text)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
}

/* BASE64URL(SHA256(ASCII(verifier))), RFC 7636 §4.2 */
static char *
s256_challenge (const char *verifier)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize digest_len = sizeof digest;

  g_checksum_update (checksum, (const guchar *)verifier, strlen (verifier));
  g_checksum_get_digest (checksum, digest, &digest_len);

  return base64url_encode (digest, digest_len);
}

/* RFC 7636 §4.1: 43*128 unreserved characters. */
static gboolean
verifier_is_valid (const char *verifier)
{
  gsize len = strlen (verifier);

  if (len < 43 || len > 128)
    return FALSE;

  for (const char *c = verifier; *c != '\0'; c++)
    {
      if (!g_ascii_isalnum (*c) && strchr ("-._~", *c) == NULL)
        return FALSE;
    }

  return TRUE;
}

/* A base64url SHA-256: 43 characters of the base64url alphabet. */
static gboolean
challenge_is_valid (const char *challenge)
{
  if (strlen (challenge) != 43)
    return FALSE;

  for (const char *c = challenge; *c != '\0'; c++)
    {
      if (!g_ascii_isalnum (*c) && *c != '-' && *c != '_')
        return FALSE;
    }

  return TRUE;
}

static char *
hmac_base64 (MsiDemoAuthServer *self,
             const char        *data,
             gboolean           url_safe)
{
  g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, self->signing_key, sizeof self->signing_key);
  guint8 digest[32];
  gsize digest_len = sizeof digest;

  g_hmac_update (hmac, (const guchar *)data, strlen (data));
  g_hmac_get_digest (hmac, digest, &digest_len);

  if (url_safe)
    return base64url_encode (digest, digest_len);

  return g_base64_encode (digest, digest_len);
}

static gboolean
scope_has (const char *scope,
           const char *wanted)
{
  g_auto(GStrv) scopes = NULL;

  if (scope == NULL)
    return FALSE;

  scopes = g_strsplit (scope, " ", -1);

  return g_strv_contains ((const char * const *)scopes, wanted);
}

static gboolean
scope_has_prefix (const char *scope,
                  const char *prefix)
{
  g_auto(GStrv) scopes = NULL;

  if (scope == NULL)
    return FALSE;

  scopes = g_strsplit (scope, " ", -1);
  for (guint i = 0; scopes[i] != NULL; i++)
    {
      if (g_str_has_prefix (scopes[i], prefix))
        return TRUE;
    }

  return FALSE;
}

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static char *
random_uuid (void)
{
  guint8 bytes[16];

  fill_random (bytes, sizeof bytes);
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;

  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                          bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5],
                          bytes[6], bytes[7], bytes[8], bytes[9], bytes[10], bytes[11],
                          bytes[12], bytes[13], bytes[14], bytes[15]);
}

/*
 * Requests
 */

static GHashTable *
dup_query (SoupServerMessage *msg)
{
  const char *query = g_uri_get_query (soup_server_message_get_uri (msg));

  if (query == NULL)
    return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  return soup_form_decode (query);
}

/* The form in the body, or %NULL if the body is not form-urlencoded. */
static GHashTable *
dup_form (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *content_type = soup_message_headers_get_content_type (headers, NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *text = NULL;

  if (g_strcmp0 (content_type, "application/x-www-form-urlencoded") != 0)
    return NULL;

  bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  return soup_form_decode (text);
}

static const char *
form_get (GHashTable *form,
          const char *name)
{
  const char *value = g_hash_table_lookup (form, name);

  return value != NULL && value[0] != '\0' ? value : NULL;
}

static char *
dup_cookie (SoupServerMessage *msg,
            const char        *name)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *header = soup_message_headers_get_list (headers, "Cookie");
  g_autoptr(GHashTable) cookies = NULL;

  if (header == NULL)
    return NULL;

  cookies = soup_header_parse_semi_param_list (header);

  return g_strdup (g_hash_table_lookup (cookies, name));
}

static const char *
get_bearer (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *header = soup_message_headers_get_one (headers, "Authorization");

  if (header == NULL || g_ascii_strncasecmp (header, "Bearer ", 7) != 0)
    return NULL;

  header += 7;
  while (*header == ' ')
    header++;

  return header[0] != '\0' ? header : NULL;
}

/*
 * Replies
 */

static void
reply_json (SoupServerMessage *msg,
            guint              status,
            const char        *content_type,
            JsonNode          *node)
{
  char *body = json_to_string (node, FALSE);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_TAKE, body, strlen (body));
}

static void
reply_object (SoupServerMessage *msg,
              guint              status,
              JsonObject        *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);

  reply_json (msg, status, "application/json", node);
}

static void
reply_internal_error (SoupServerMessage *msg,
                      const GError      *error)
{
  g_autoptr(JsonObject) problem = json_object_new ();
  g_autoptr(JsonNode) node = NULL;

  g_warning ("%s %s failed: %s",
             soup_server_message_get_method (msg),
             g_uri_get_path (soup_server_message_get_uri (msg)),
             error->message);

  json_object_set_string_member (problem, "type", "about:blank");
  json_object_set_string_member (problem, "title", "Internal Server Error");
  json_object_set_int_member (problem, "status", SOUP_STATUS_INTERNAL_SERVER_ERROR);
  json_object_set_string_member (problem, "detail", error->message);
  node = json_node_init_object (json_node_alloc (), problem);
  reply_json (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "application/problem+json", node);
}

/* An OAuth error reply of a token or revoke endpoint, in the provider's
 * shape. @aadsts is the Microsoft error code. */
static void
reply_oauth_error (SoupServerMessage   *msg,
                   MsiDemoProviderKind  kind,
                   guint                status,
                   const char          *error,
                   guint                aadsts,
                   const char          *description)
{
  g_autoptr(JsonObject) object = json_object_new ();

  json_object_set_string_member (object, "error", error);

  if (kind == MSI_DEMO_PROVIDER_MICROSOFT)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autofree char *timestamp = g_date_time_format (now, "%Y-%m-%d %H:%M:%SZ");
      g_autofree char *trace_id = random_uuid ();
      g_autofree char *correlation_id = random_uuid ();
      g_autofree char *full = g_strdup_printf ("AADSTS%u: %s Trace ID: %s Correlation ID: %s Timestamp: %s",
                                               aadsts, description, trace_id, correlation_id, timestamp);
      g_autoptr(JsonArray) codes = json_array_new ();

      json_array_add_int_element (codes, aadsts);
      json_object_set_string_member (object, "error_description", full);
      json_object_set_array_member (object, "error_codes", g_steal_pointer (&codes));
      json_object_set_string_member (object, "timestamp", timestamp);
      json_object_set_string_member (object, "trace_id", trace_id);
      json_object_set_string_member (object, "correlation_id", correlation_id);
      json_object_set_string_member (object, "error_uri",
                                     "https://login.microsoftonline.com/error?code=");
    }
  else
    {
      json_object_set_string_member (object, "error_description", description);
    }

  reply_object (msg, status, object);
}

/* 401 (or 403) of a bearer-token API, in the provider's shape. */
static void
reply_unauthorized (SoupServerMessage   *msg,
                    MsiDemoProviderKind  kind,
                    guint                status,
                    const char          *detail)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  g_autoptr(JsonNode) node = NULL;

  switch (kind)
    {
    case MSI_DEMO_PROVIDER_ACTIONS:
      {
        g_autoptr(JsonObject) problem = json_object_new ();

        soup_message_headers_replace (headers, "WWW-Authenticate",
                                      "Bearer realm=\"msi-actions\", error=\"invalid_token\"");
        json_object_set_string_member (problem, "type", "about:blank");
        json_object_set_string_member (problem, "title", soup_status_get_phrase (status));
        json_object_set_int_member (problem, "status", status);
        json_object_set_string_member (problem, "detail", detail);
        node = json_node_init_object (json_node_alloc (), problem);
        reply_json (msg, status, "application/problem+json", node);
      }
      break;

    case MSI_DEMO_PROVIDER_SALESFORCE:
      {
        g_autoptr(JsonArray) errors = json_array_new ();
        g_autoptr(JsonObject) error = json_object_new ();

        soup_message_headers_replace (headers, "WWW-Authenticate", "Token");
        json_object_set_string_member (error, "message", "Session expired or invalid");
        json_object_set_string_member (error, "errorCode", "INVALID_SESSION_ID");
        json_array_add_object_element (errors, g_steal_pointer (&error));
        node = json_node_init_array (json_node_alloc (), errors);
        reply_json (msg, status, "application/json", node);
      }
      break;

    case MSI_DEMO_PROVIDER_MICROSOFT:
      {
        g_autoptr(JsonObject) root = json_object_new ();
        g_autoptr(JsonObject) error = json_object_new ();
        g_autoptr(JsonObject) inner = json_object_new ();
        g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
        g_autofree char *date = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S");
        g_autofree char *request_id = random_uuid ();

        soup_message_headers_replace (headers, "WWW-Authenticate",
                                      "Bearer realm=\"\", error=\"invalid_token\"");
        json_object_set_string_member (inner, "date", date);
        json_object_set_string_member (inner, "request-id", request_id);
        json_object_set_string_member (inner, "client-request-id", request_id);
        json_object_set_string_member (error, "code", "InvalidAuthenticationToken");
        json_object_set_string_member (error, "message", detail);
        json_object_set_object_member (error, "innerError", g_steal_pointer (&inner));
        json_object_set_object_member (root, "error", g_steal_pointer (&error));
        reply_object (msg, status, root);
      }
      break;

    case MSI_DEMO_PROVIDER_GOOGLE:
      {
        g_autoptr(JsonObject) root = json_object_new ();
        g_autoptr(JsonObject) error = json_object_new ();
        g_autoptr(JsonObject) item = json_object_new ();
        g_autoptr(JsonArray) errors = json_array_new ();
        gboolean denied = status == SOUP_STATUS_FORBIDDEN;

        soup_message_headers_replace (headers, "WWW-Authenticate",
                                      denied
                                      ? "Bearer realm=\"https://accounts.google.com/\", error=\"insufficient_scope\""
                                      : "Bearer realm=\"https://accounts.google.com/\", error=\"invalid_token\"");
        json_object_set_string_member (item, "message", denied ? "Insufficient Permission" : "Invalid Credentials");
        json_object_set_string_member (item, "domain", "global");
        json_object_set_string_member (item, "reason", denied ? "insufficientPermissions" : "authError");
        if (!denied)
          {
            json_object_set_string_member (item, "location", "Authorization");
            json_object_set_string_member (item, "locationType", "header");
          }
        json_array_add_object_element (errors, g_steal_pointer (&item));
        json_object_set_int_member (error, "code", status);
        json_object_set_string_member (error, "message", detail);
        json_object_set_array_member (error, "errors", g_steal_pointer (&errors));
        json_object_set_string_member (error, "status", denied ? "PERMISSION_DENIED" : "UNAUTHENTICATED");
        json_object_set_object_member (root, "error", g_steal_pointer (&error));
        reply_object (msg, status, root);
      }
      break;

    case MSI_DEMO_PROVIDER_NONE:
    default:
      g_assert_not_reached ();
    }
}

/*
 * Pages
 */

static void
append_escaped (GString    *html,
                const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text != NULL ? text : "", -1);

  g_string_append (html, escaped);
}

/* The origin (or scheme) a form may be redirected to after posting. */
static char *
dup_redirect_source (const char *redirect_uri)
{
  const char *host;
  const char *path;

  if (redirect_uri == NULL)
    return NULL;

  if (g_str_equal (redirect_uri, APP_REDIRECT_URI))
    return g_strdup (APP_REDIRECT_SCHEME);

  if (!g_str_has_prefix (redirect_uri, "http://"))
    return NULL;

  host = redirect_uri + strlen ("http://");
  path = strchr (host, '/');

  return g_strndup (redirect_uri, path != NULL ? (gsize)(path - redirect_uri) : strlen (redirect_uri));
}

/* Sends an HTML page. @body is trusted markup: everything from the request
 * in it must already be escaped. @redirect_uri (validated) is added to the
 * CSP's form-action, since posting the forms ends in a redirect there. */
static void
reply_page (SoupServerMessage     *msg,
            const MsiDemoProvider *provider,
            guint                  status,
            const char            *title,
            const char            *body,
            const char            *redirect_uri)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  g_autofree char *source = dup_redirect_source (redirect_uri);
  g_autofree char *csp = NULL;
  GString *html = g_string_new (NULL);
  gsize length;

  csp = g_strdup_printf ("default-src 'none'; style-src 'unsafe-inline'; "
                         "form-action 'self'%s%s; frame-ancestors 'none'; base-uri 'none'",
                         source != NULL ? " " : "",
                         source != NULL ? source : "");

  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_message_headers_replace (headers, "X-Frame-Options", "DENY");
  soup_message_headers_replace (headers, "X-Content-Type-Options", "nosniff");
  soup_message_headers_replace (headers, "Referrer-Policy", "no-referrer");
  soup_message_headers_replace (headers, "Content-Security-Policy", csp);

  g_string_append (html, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                         "<title>");
  append_escaped (html, title);
  g_string_append_printf (html, " – %s (demo)</title>\n", provider->name);
  g_string_append_printf (html,
                          "<style>\n"
                          ":root { --brand: %s; }\n"
                          "body { margin: 0; background: #f3f3f6; color: #1f1f24;"
                          " font: 16px/1.45 system-ui, -apple-system, \"Segoe UI\", sans-serif; }\n"
                          "main { box-sizing: border-box; max-width: 27rem; margin: 3rem auto; padding: 2rem;"
                          " background: #fff; border-top: 6px solid var(--brand); border-radius: 8px;"
                          " box-shadow: 0 2px 12px rgba(0, 0, 0, .12); }\n"
                          ".brand { margin: 0 0 1.25rem; color: var(--brand); font-size: 1.5rem; font-weight: 700; }\n"
                          ".brand small { color: #6b6b76; font-size: .75rem; font-weight: 400; margin-left: .4rem; }\n"
                          "h1 { margin: 0 0 1rem; font-size: 1.25rem; font-weight: 600; }\n"
                          "label { display: block; margin: .9rem 0 .3rem; font-weight: 600; font-size: .9rem; }\n"
                          "input[type=text], input[type=email], input[type=password] { box-sizing: border-box;"
                          " width: 100%%; padding: .6rem .7rem; border: 1px solid #8a8a96; border-radius: 4px; font: inherit; }\n"
                          "input:focus { outline: 2px solid var(--brand); outline-offset: 1px; }\n"
                          ".buttons { display: flex; gap: .75rem; justify-content: flex-end; margin-top: 1.5rem; }\n"
                          "button { padding: .55rem 1.3rem; border-radius: 4px; font: inherit; font-weight: 600;"
                          " cursor: pointer; border: 1px solid var(--brand); }\n"
                          "button.primary { background: var(--brand); color: #fff; }\n"
                          "button.secondary { background: #fff; color: var(--brand); }\n"
                          ".error { margin: 0 0 1rem; padding: .6rem .8rem; border-left: 4px solid #c62828;"
                          " background: #fdecea; color: #8e1c1c; }\n"
                          ".who { margin: 0 0 1rem; color: #4a4a55; }\n"
                          "ul.scopes { padding-left: 1.2rem; } ul.scopes li { margin: .2rem 0; word-break: break-all; }\n"
                          "code { font-size: .9rem; }\n"
                          "</style>\n</head>\n<body>\n<main>\n"
                          "<p class=\"brand\">%s<small>demo</small></p>\n",
                          provider->colour, provider->name);
  g_string_append (html, body);
  g_string_append (html, "</main>\n</body>\n</html>\n");

  length = html->len;
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_TAKE,
                                    g_string_free (html, FALSE), length);
}

static void
reply_error_page (SoupServerMessage     *msg,
                  const MsiDemoProvider *provider,
                  const char            *title,
                  const char            *message)
{
  g_autoptr(GString) body = g_string_new ("<h1 id=\"error-title\">");

  append_escaped (body, title);
  g_string_append (body, "</h1>\n<p class=\"error\" id=\"error\" role=\"alert\">");
  append_escaped (body, message);
  g_string_append (body, "</p>\n");

  reply_page (msg, provider, SOUP_STATUS_BAD_REQUEST, title, body->str, NULL);
}

static void
append_form_start (GString    *html,
                   const char *action,
                   const char *csrf_token,
                   GHashTable *params)
{
  g_string_append (html, "<form method=\"post\" action=\"");
  append_escaped (html, action);
  g_string_append (html, "\">\n<input type=\"hidden\" name=\"csrf_token\" value=\"");
  append_escaped (html, csrf_token);
  g_string_append (html, "\">\n");

  for (guint i = 0; i < G_N_ELEMENTS (authorize_params); i++)
    {
      const char *value = g_hash_table_lookup (params, authorize_params[i]);

      if (value == NULL)
        continue;

      g_string_append_printf (html, "<input type=\"hidden\" name=\"%s\" value=\"", authorize_params[i]);
      append_escaped (html, value);
      g_string_append (html, "\">\n");
    }
}

static void
append_error (GString    *html,
              const char *error)
{
  if (error == NULL)
    return;

  g_string_append (html, "<p class=\"error\" id=\"error\" role=\"alert\">");
  append_escaped (html, error);
  g_string_append (html, "</p>\n");
}

/* One-step sign-in (Actions, Salesforce) or the e-mail page (Microsoft,
 * Google). */
static void
reply_login_page (SoupServerMessage     *msg,
                  const MsiDemoProvider *provider,
                  const char            *csrf_token,
                  GHashTable            *params,
                  const char            *email,
                  const char            *error)
{
  g_autoptr(GString) html = g_string_new (NULL);
  const char *path = g_uri_get_path (soup_server_message_get_uri (msg));
  const char *field = provider->two_step_login ? "email" : "username";
  const char *title = provider->two_step_login ? "Sign in" : "Log in";

  g_string_append_printf (html, "<h1>%s</h1>\n", title);
  append_error (html, error);
  append_form_start (html, path, csrf_token, params);
  g_string_append_printf (html, "<label for=\"%s\">%s</label>\n", field, provider->user_label);
  g_string_append_printf (html,
                          "<input id=\"%s\" name=\"%s\" type=\"%s\" autocomplete=\"username\" "
                          "autocapitalize=\"none\" spellcheck=\"false\" autofocus value=\"",
                          field, field, provider->two_step_login ? "email" : "text");
  append_escaped (html, email);
  g_string_append (html, "\">\n");

  if (provider->two_step_login)
    {
      g_string_append (html,
                       "<div class=\"buttons\"><button id=\"next\" class=\"primary\" type=\"submit\" "
                       "name=\"action\" value=\"next\">Next</button></div>\n");
    }
  else
    {
      g_string_append (html,
                       "<label for=\"password\">Password</label>\n"
                       "<input id=\"password\" name=\"password\" type=\"password\" "
                       "autocomplete=\"current-password\">\n");
      g_string_append_printf (html,
                              "<div class=\"buttons\"><button id=\"login\" class=\"primary\" type=\"submit\" "
                              "name=\"action\" value=\"login\">%s</button></div>\n",
                              provider->login_button);
    }

  g_string_append (html, "</form>\n");

  reply_page (msg, provider, SOUP_STATUS_OK, title, html->str,
              g_hash_table_lookup (params, "redirect_uri"));
}

/* Microsoft, Google: the password page after the e-mail page. */
static void
reply_password_page (SoupServerMessage     *msg,
                     const MsiDemoProvider *provider,
                     const char            *csrf_token,
                     GHashTable            *params,
                     const char            *email,
                     const char            *error)
{
  g_autoptr(GString) html = g_string_new ("<h1>Enter password</h1>\n<p class=\"who\" id=\"account\">");
  const char *path = g_uri_get_path (soup_server_message_get_uri (msg));

  append_escaped (html, email);
  g_string_append (html, "</p>\n");
  append_error (html, error);
  append_form_start (html, path, csrf_token, params);
  g_string_append (html,
                   "<label for=\"password\">Password</label>\n"
                   "<input id=\"password\" name=\"password\" type=\"password\" "
                   "autocomplete=\"current-password\" autofocus>\n"
                   "<div class=\"buttons\"><button id=\"signin\" class=\"primary\" type=\"submit\" "
                   "name=\"action\" value=\"signin\">Sign in</button></div>\n"
                   "</form>\n");

  reply_page (msg, provider, SOUP_STATUS_OK, "Enter password", html->str,
              g_hash_table_lookup (params, "redirect_uri"));
}

static void
reply_consent_page (SoupServerMessage     *msg,
                    const MsiDemoProvider *provider,
                    const char            *csrf_token,
                    GHashTable            *params,
                    const char            *email)
{
  g_autoptr(GString) html = g_string_new (NULL);
  const char *path = g_uri_get_path (soup_server_message_get_uri (msg));
  const char *scope = g_hash_table_lookup (params, "scope");
  const char *name = client_name (provider, g_hash_table_lookup (params, "client_id"));
  g_auto(GStrv) scopes = g_strsplit (scope != NULL ? scope : "", " ", -1);

  g_string_append_printf (html, "<h1 id=\"consent-title\">%s wants to access your %s account</h1>\n",
                          name, provider->name);
  g_string_append (html, "<p class=\"who\" id=\"account\">Signed in as ");
  append_escaped (html, email);
  g_string_append_printf (html, "</p>\n<p>Allow %s to:</p>\n<ul class=\"scopes\" id=\"scopes\">\n", name);

  for (guint i = 0; scopes[i] != NULL; i++)
    {
      if (scopes[i][0] == '\0')
        continue;

      g_string_append (html, "<li><code>");
      append_escaped (html, scopes[i]);
      g_string_append (html, "</code></li>\n");
    }

  g_string_append (html, "</ul>\n");
  append_form_start (html, path, csrf_token, params);
  g_string_append_printf (html,
                          "<div class=\"buttons\">"
                          "<button id=\"deny\" class=\"secondary\" type=\"submit\" name=\"action\" value=\"deny\">%s</button>"
                          "<button id=\"allow\" class=\"primary\" type=\"submit\" name=\"action\" value=\"allow\">%s</button>"
                          "</div>\n</form>\n",
                          provider->deny_label, provider->allow_label);

  reply_page (msg, provider, SOUP_STATUS_OK, "Allow access", html->str,
              g_hash_table_lookup (params, "redirect_uri"));
}

/*
 * Authorization requests
 */

/* http://HOST[:PORT]/callback with a port in 1–65535. */
static gboolean
loopback_matches (const char *uri,
                  const char *origin,
                  gboolean    port_required)
{
  const char *rest;

  if (!g_str_has_prefix (uri, origin))
    return FALSE;

  rest = uri + strlen (origin);

  if (*rest == ':')
    {
      guint64 port = 0;
      const char *digits = ++rest;

      while (g_ascii_isdigit (*rest))
        rest++;

      if (rest == digits || rest - digits > 5 || digits[0] == '0')
        return FALSE;

      port = g_ascii_strtoull (digits, NULL, 10);
      if (port == 0 || port > G_MAXUINT16)
        return FALSE;
    }
  else if (port_required)
    {
      return FALSE;
    }

  return g_str_equal (rest, "/callback");
}

/* @service_client: the confidential client, or %NULL for the app. */
static gboolean
redirect_uri_is_registered (MsiDemoAuthServer          *self,
                            const MsiDemoProvider      *provider,
                            const MsiDemoServiceClient *service_client,
                            const char                 *uri)
{
  if (uri == NULL)
    return FALSE;

  /* A service client: exactly one of its redirect URIs. */
  if (service_client != NULL)
    {
      for (guint i = 0; service_client->redirect_paths[i] != NULL; i++)
        {
          g_autofree char *registered = g_strconcat (self->base_uri, service_client->redirect_paths[i], NULL);

          if (g_str_equal (uri, registered))
            return TRUE;
        }

      return FALSE;
    }

  if (g_str_equal (uri, APP_REDIRECT_URI))
    return TRUE;

  switch (provider->loopback)
    {
    case LOOPBACK_NONE:
      return FALSE;

    case LOOPBACK_IPV4_ANY_PORT:
      return loopback_matches (uri, "http://127.0.0.1", TRUE);

    case LOOPBACK_LOCALHOST_ANY_PORT:
      return loopback_matches (uri, "http://localhost", FALSE);

    default:
      g_assert_not_reached ();
    }
}

/* Redirects to the (registered) redirect URI with @first_name and more
 * name/value pairs, NULL-terminated; NULL values are skipped. */
G_GNUC_NULL_TERMINATED static void
reply_redirect (SoupServerMessage *msg,
                const char        *redirect_uri,
                const char        *first_name,
                ...)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  g_autoptr(GString) location = g_string_new (redirect_uri);
  gboolean first = strchr (redirect_uri, '?') == NULL;
  va_list args;

  va_start (args, first_name);
  for (const char *name = first_name; name != NULL; name = va_arg (args, const char *))
    {
      const char *value = va_arg (args, const char *);
      g_autofree char *escaped = NULL;

      if (value == NULL)
        continue;

      escaped = g_uri_escape_string (value, NULL, FALSE);
      g_string_append_printf (location, "%c%s=%s", first ? '?' : '&', name, escaped);
      first = FALSE;
    }
  va_end (args);

  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_message_headers_replace (headers, "Referrer-Policy", "no-referrer");
  soup_server_message_set_redirect (msg, SOUP_STATUS_FOUND, location->str);
}

static void
reply_redirect_error (SoupServerMessage *msg,
                      GHashTable        *params,
                      const char        *error,
                      const char        *description)
{
  reply_redirect (msg,
                  (const char *)g_hash_table_lookup (params, "redirect_uri"),
                  "error", error,
                  "error_description", description,
                  "state", (const char *)g_hash_table_lookup (params, "state"),
                  NULL);
}

static GHashTable *
copy_params (GHashTable *from)
{
  GHashTable *params = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  for (guint i = 0; i < G_N_ELEMENTS (authorize_params); i++)
    {
      const char *value = g_hash_table_lookup (from, authorize_params[i]);

      if (value != NULL)
        g_hash_table_insert (params, (gpointer)authorize_params[i], g_strdup (value));
    }

  return params;
}

static gboolean
params_equal (GHashTable *a,
              GHashTable *b)
{
  for (guint i = 0; i < G_N_ELEMENTS (authorize_params); i++)
    {
      if (g_strcmp0 (g_hash_table_lookup (a, authorize_params[i]),
                     g_hash_table_lookup (b, authorize_params[i])) != 0)
        return FALSE;
    }

  return TRUE;
}

static gboolean
prompt_has (GHashTable *params,
            const char *value)
{
  return scope_has (g_hash_table_lookup (params, "prompt"), value);
}

static void
prune_pending (MsiDemoAuthServer *self)
{
  GHashTableIter iter;
  Pending *pending;
  gint64 now = g_get_monotonic_time ();

  g_hash_table_iter_init (&iter, self->pending);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *)&pending))
    {
      if (pending->expires_at < now)
        g_hash_table_iter_remove (&iter);
    }
}

static char *
add_pending (MsiDemoAuthServer   *self,
             MsiDemoProviderKind  kind,
             GHashTable          *params,
             const char          *email,
             gboolean             authenticated)
{
  Pending *pending = g_new0 (Pending, 1);
  char *csrf_token = random_string (NULL);

  prune_pending (self);

  /* A page left open is all this costs; keep it bounded anyway. */
  if (g_hash_table_size (self->pending) >= MAX_PENDING)
    g_hash_table_remove_all (self->pending);

  pending->provider = kind;
  pending->params = copy_params (params);
  pending->email = g_strdup (email);
  pending->authenticated = authenticated;
  pending->expires_at = g_get_monotonic_time () + PENDING_LIFETIME_USEC;

  g_hash_table_insert (self->pending, g_strdup (csrf_token), pending);

  return csrf_token;
}

/* Issues a code for an approved request and redirects to the client. */
static void
finish_authorization (MsiDemoAuthServer   *self,
                      MsiDemoProviderKind  kind,
                      SoupServerMessage   *msg,
                      GHashTable          *params,
                      const char          *email)
{
  const MsiDemoProvider *provider = get_provider (kind);
  g_autoptr(GError) error = NULL;
  g_autofree char *code = random_string (NULL);
  g_autofree char *code_hash = sha256_hex (code);
  g_autofree char *grant_id = random_string (NULL);
  gint64 now = now_seconds ();
  MsiDemoCredential credential = {
    .provider = (char *)provider->id,
    .kind = (char *)"code",
    .grant_id = grant_id,
    .client_id = g_hash_table_lookup (params, "client_id"),
    .email = (char *)email,
    .scope = g_hash_table_lookup (params, "scope"),
    .redirect_uri = g_hash_table_lookup (params, "redirect_uri"),
    .code_challenge = g_hash_table_lookup (params, "code_challenge"),
    .nonce = g_hash_table_lookup (params, "nonce"),
    .offline = g_strcmp0 (g_hash_table_lookup (params, "access_type"), "offline") == 0,
    .issued_at = now,
    .expires_at = now + CODE_LIFETIME_SECONDS,
  };

  /* Google hands out a new refresh token only when consent is asked for
   * again: remember that in the code. */
  if (provider->refresh_rule == REFRESH_IF_OFFLINE_FIRST && credential.offline)
    {
      gboolean has_token = FALSE;

      if (!msi_demo_store_has_refresh_token (self->store, provider->id, email,
                                             credential.client_id, &has_token, &error))
        {
          reply_internal_error (msg, error);
          return;
        }

      credential.offline = !has_token || prompt_has (params, "consent");
    }

  if (!msi_demo_store_add_credential (self->store, code_hash, &credential, &error))
    {
      reply_internal_error (msg, error);
      return;
    }

  g_debug ("%s: issued an authorization code", provider->id);

  reply_redirect (msg,
                  credential.redirect_uri,
                  "code", code,
                  "state", (const char *)g_hash_table_lookup (params, "state"),
                  NULL);
}

/* The user is known: consent page, or straight back with a code when the
 * consent is remembered. */
static void
continue_as_user (MsiDemoAuthServer   *self,
                  MsiDemoProviderKind  kind,
                  SoupServerMessage   *msg,
                  GHashTable          *params,
                  const char          *email,
                  const char          *csrf_token)
{
  const MsiDemoProvider *provider = get_provider (kind);
  g_autoptr(GError) error = NULL;
  g_autofree char *new_token = NULL;
  gboolean has_consent = FALSE;
  Pending *pending;

  if (provider->remember_consent && !prompt_has (params, "consent"))
    {
      const char *scope = g_hash_table_lookup (params, "scope");

      if (!msi_demo_store_has_consent (self->store, provider->id, email,
                                       g_hash_table_lookup (params, "client_id"),
                                       scope != NULL ? scope : "",
                                       &has_consent, &error))
        {
          reply_internal_error (msg, error);
          return;
        }
    }

  if (has_consent)
    {
      if (csrf_token != NULL)
        g_hash_table_remove (self->pending, csrf_token);
      finish_authorization (self, kind, msg, params, email);
      return;
    }

  if (prompt_has (params, "none"))
    {
      reply_redirect_error (msg, params, "consent_required",
                            "The user has not yet granted this application access.");
      if (csrf_token != NULL)
        g_hash_table_remove (self->pending, csrf_token);
      return;
    }

  if (csrf_token == NULL)
    csrf_token = new_token = add_pending (self, kind, params, email, TRUE);

  pending = g_hash_table_lookup (self->pending, csrf_token);
  g_assert (pending != NULL);
  g_free (pending->email);
  pending->email = g_strdup (email);
  pending->authenticated = TRUE;

  reply_consent_page (msg, provider, csrf_token, pending->params, email);
}

static void
start_session (MsiDemoAuthServer     *self,
               const MsiDemoProvider *provider,
               SoupServerMessage     *msg,
               const char            *email)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  g_autoptr(GError) error = NULL;
  g_autofree char *session_id = random_string (NULL);
  g_autofree char *session_hash = sha256_hex (session_id);
  g_autofree char *grant_id = random_string (NULL);
  g_autofree char *cookie = NULL;
  gint64 now = now_seconds ();
  MsiDemoCredential credential = {
    .provider = (char *)provider->id,
    .kind = (char *)"session",
    .grant_id = grant_id,
    .email = (char *)email,
    .issued_at = now,
    .expires_at = now + SESSION_LIFETIME_SECONDS,
  };

  /* Without a session the sign-in still works; only "already signed in"
   * will not. */
  if (!msi_demo_store_add_credential (self->store, session_hash, &credential, &error))
    {
      g_warning ("Could not store a %s session: %s", provider->id, error->message);
      return;
    }

  cookie = g_strdup_printf ("%s=%s; Path=%s; HttpOnly; SameSite=Lax",
                            provider->cookie_name, session_id, provider->cookie_path);
  soup_message_headers_append (headers, "Set-Cookie", cookie);
}

/* The e-mail of the session of the request's cookie, if valid. */
static char *
dup_session_email (MsiDemoAuthServer     *self,
                   const MsiDemoProvider *provider,
                   SoupServerMessage     *msg)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsiDemoCredential) credential = NULL;
  g_autofree char *session_id = dup_cookie (msg, provider->cookie_name);
  g_autofree char *session_hash = NULL;

  if (session_id == NULL)
    return NULL;

  session_hash = sha256_hex (session_id);
  credential = msi_demo_store_dup_credential (self->store, provider->id, session_hash, &error);
  if (credential == NULL)
    {
      if (error != NULL)
        g_warning ("Could not read a %s session: %s", provider->id, error->message);
      return NULL;
    }

  if (!g_str_equal (credential->kind, "session") || credential->spent ||
      credential->expires_at <= now_seconds ())
    return NULL;

  return g_steal_pointer (&credential->email);
}

static void
handle_authorize_get (MsiDemoAuthServer   *self,
                      MsiDemoProviderKind  kind,
                      SoupServerMessage   *msg)
{
  const MsiDemoProvider *provider = get_provider (kind);
  g_autoptr(GHashTable) query = dup_query (msg);
  g_autoptr(GHashTable) params = copy_params (query);
  g_autofree char *email = NULL;
  g_autofree char *csrf_token = NULL;
  const char *client_id = g_hash_table_lookup (params, "client_id");
  const char *redirect_uri = g_hash_table_lookup (params, "redirect_uri");
  const char *challenge = g_hash_table_lookup (params, "code_challenge");
  const char *method = g_hash_table_lookup (params, "code_challenge_method");
  const char *scope = g_hash_table_lookup (params, "scope");
  const MsiDemoServiceClient *service_client = find_service_client (provider, client_id);

  /* Never redirect to a client or URI that is not registered. */
  if (g_strcmp0 (client_id, provider->client_id) != 0 && service_client == NULL)
    {
      g_autofree char *message = NULL;

      if (kind == MSI_DEMO_PROVIDER_MICROSOFT)
        message = g_strdup_printf ("AADSTS700016: Application with identifier '%s' was not found "
                                   "in the directory.", client_id != NULL ? client_id : "");
      else
        message = g_strdup_printf ("The client_id '%s' is not registered with %s.",
                                   client_id != NULL ? client_id : "", provider->name);

      reply_error_page (msg, provider, "Error: invalid_client_id", message);
      return;
    }

  if (!redirect_uri_is_registered (self, provider, service_client, redirect_uri))
    {
      g_autofree char *message = NULL;

      if (kind == MSI_DEMO_PROVIDER_MICROSOFT)
        message = g_strdup_printf ("AADSTS50011: The redirect URI '%s' specified in the request does "
                                   "not match the redirect URIs configured for the application '%s'.",
                                   redirect_uri != NULL ? redirect_uri : "", provider->client_id);
      else
        message = g_strdup_printf ("The redirect_uri '%s' does not match a callback URL registered "
                                   "for this client.", redirect_uri != NULL ? redirect_uri : "");

      reply_error_page (msg, provider, "Error: redirect_uri_mismatch", message);
      return;
    }

  if (g_strcmp0 (g_hash_table_lookup (params, "response_type"), "code") != 0)
    {
      reply_redirect_error (msg, params, "unsupported_response_type",
                            "response_type must be code");
      return;
    }

  if (challenge == NULL || challenge[0] == '\0' || g_strcmp0 (method, "S256") != 0)
    {
      reply_redirect_error (msg, params, "invalid_request",
                            "PKCE is required: send code_challenge with code_challenge_method=S256");
      return;
    }

  if (!challenge_is_valid (challenge))
    {
      reply_redirect_error (msg, params, "invalid_request",
                            "code_challenge must be the base64url SHA-256 of the code verifier");
      return;
    }

  if (provider->scope_required && (scope == NULL || scope[0] == '\0'))
    {
      reply_redirect_error (msg, params, "invalid_request",
                            "The request must contain a scope parameter");
      return;
    }

  if (!prompt_has (params, "login"))
    email = dup_session_email (self, provider, msg);

  if (email != NULL)
    {
      continue_as_user (self, kind, msg, params, email, NULL);
      return;
    }

  if (prompt_has (params, "none"))
    {
      reply_redirect_error (msg, params, "login_required", "The user is not signed in.");
      return;
    }

  csrf_token = add_pending (self, kind, params, NULL, FALSE);
  reply_login_page (msg, provider, csrf_token, params,
                    g_hash_table_lookup (params, "login_hint"), NULL);
}

static void
handle_authorize_post (MsiDemoAuthServer   *self,
                       MsiDemoProviderKind  kind,
                       SoupServerMessage   *msg)
{
  const MsiDemoProvider *provider = get_provider (kind);
  g_autoptr(GHashTable) form = dup_form (msg);
  g_autoptr(GError) error = NULL;
  g_autofree char *csrf_token = NULL;
  const char *action;
  Pending *pending;

  if (form == NULL)
    {
      reply_error_page (msg, provider, "Error: invalid_request", "The form could not be read.");
      return;
    }

  csrf_token = g_strdup (form_get (form, "csrf_token"));
  pending = csrf_token != NULL ? g_hash_table_lookup (self->pending, csrf_token) : NULL;

  if (pending == NULL || pending->provider != kind ||
      pending->expires_at < g_get_monotonic_time ())
    {
      reply_error_page (msg, provider, "This page has expired",
                        "The sign-in page is no longer valid. Go back to the app and start again.");
      return;
    }

  if (!params_equal (pending->params, form))
    {
      g_hash_table_remove (self->pending, csrf_token);
      reply_error_page (msg, provider, "Error: invalid_request",
                        "The sign-in request was changed. Go back to the app and start again.");
      return;
    }

  action = form_get (form, "action");

  if (pending->authenticated)
    {
      g_autoptr(GHashTable) params = g_hash_table_ref (pending->params);
      g_autofree char *email = g_strdup (pending->email);

      if (g_strcmp0 (action, "allow") == 0)
        {
          g_hash_table_remove (self->pending, csrf_token);

          if (provider->remember_consent)
            {
              const char *scope = g_hash_table_lookup (params, "scope");

              if (!msi_demo_store_add_consent (self->store, provider->id, email,
                                               g_hash_table_lookup (params, "client_id"),
                                               scope != NULL ? scope : "", &error))
                {
                  reply_internal_error (msg, error);
                  return;
                }
            }

          finish_authorization (self, kind, msg, params, email);
        }
      else if (g_strcmp0 (action, "deny") == 0)
        {
          g_hash_table_remove (self->pending, csrf_token);
          reply_redirect_error (msg, params, "access_denied",
                                kind == MSI_DEMO_PROVIDER_MICROSOFT
                                ? "AADSTS65004: User declined to consent to access the app."
                                : "end-user denied authorization");
        }
      else
        {
          reply_consent_page (msg, provider, csrf_token, params, email);
        }

      return;
    }

  if (provider->two_step_login && pending->email == NULL)
    {
      const char *email = form_get (form, "email");
      g_autoptr(MsiDemoUser) user = NULL;

      if (email != NULL)
        user = msi_demo_store_dup_user (self->store, provider->id, email, &error);

      if (error != NULL)
        {
          reply_internal_error (msg, error);
          return;
        }

      if (user == NULL)
        {
          reply_login_page (msg, provider, csrf_token, pending->params, email,
                            email == NULL ? "Enter a valid email address." : provider->unknown_user_error);
          return;
        }

      pending->email = g_strdup (user->email);
      reply_password_page (msg, provider, csrf_token, pending->params, user->email, NULL);
      return;
    }

  {
    const char *email = provider->two_step_login ? pending->email : form_get (form, "username");
    const char *password = form_get (form, "password");
    g_autoptr(MsiDemoUser) user = NULL;

    if (email != NULL && password != NULL)
      user = msi_demo_store_authenticate (self->store, provider->id, email, password, &error);

    if (error != NULL)
      {
        reply_internal_error (msg, error);
        return;
      }

    if (user == NULL)
      {
        g_message ("%s: wrong credentials", provider->id);

        if (provider->two_step_login)
          reply_password_page (msg, provider, csrf_token, pending->params, email,
                               provider->wrong_password_error);
        else
          reply_login_page (msg, provider, csrf_token, pending->params, email,
                            provider->wrong_password_error);
        return;
      }

    g_message ("%s: %s signed in", provider->id, user->email);
    start_session (self, provider, msg, user->email);
    continue_as_user (self, kind, msg, pending->params, user->email, csrf_token);
  }
}

/**
 * msi_demo_auth_server_handle_authorize:
 * @self: a #MsiDemoAuthServer
 * @provider: which authorization server
 * @msg: a GET (the client's request) or POST (a page's form)
 *
 * The authorization endpoint.
 */
void
msi_demo_auth_server_handle_authorize (MsiDemoAuthServer   *self,
                                       MsiDemoProviderKind  provider,
                                       SoupServerMessage   *msg)
{
  g_return_if_fail (MSI_IS_DEMO_AUTH_SERVER (self));

  if (g_str_equal (soup_server_message_get_method (msg), "POST"))
    handle_authorize_post (self, provider, msg);
  else
    handle_authorize_get (self, provider, msg);
}

/*
 * Tokens
 */

static char *
issue_token (MsiDemoAuthServer      *self,
             const MsiDemoProvider  *provider,
             const char             *kind,
             const char             *grant_id,
             const char             *client_id,
             const char             *email,
             const char             *scope,
             gint64                  expires_at,
             GError                **error)
{
  g_autofree char *token = NULL;
  g_autofree char *hash = NULL;
  MsiDemoCredential credential = {
    .provider = (char *)provider->id,
    .kind = (char *)kind,
    .grant_id = (char *)grant_id,
    .client_id = (char *)client_id,
    .email = (char *)email,
    .scope = (char *)scope,
    .issued_at = now_seconds (),
    .expires_at = expires_at,
  };

  token = random_string (g_str_equal (kind, "access") ? provider->access_prefix : provider->refresh_prefix);
  hash = sha256_hex (token);

  if (!msi_demo_store_add_credential (self->store, hash, &credential, error))
    return NULL;

  g_ptr_array_add (self->issued, g_strdup (token));
  if (find_service_client (provider, client_id) != NULL)
    g_ptr_array_add (self->service_issued, g_strdup (token));

  return g_steal_pointer (&token);
}

static char *
build_id_url (MsiDemoAuthServer *self,
              const MsiDemoUser *user)
{
  return g_strdup_printf ("%s/salesforce/id/%s/%s", self->base_uri, SALESFORCE_ORG_ID, user->id);
}

static char *
dup_issuer (MsiDemoAuthServer   *self,
            MsiDemoProviderKind  kind)
{
  switch (kind)
    {
    case MSI_DEMO_PROVIDER_MICROSOFT:
      return g_strdup_printf ("%s/microsoft/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0", self->base_uri);
    case MSI_DEMO_PROVIDER_SALESFORCE:
      return g_strdup_printf ("%s/salesforce", self->base_uri);
    case MSI_DEMO_PROVIDER_GOOGLE:
      return g_strdup_printf ("%s/google", self->base_uri);
    case MSI_DEMO_PROVIDER_ACTIONS:
      return g_strdup (self->base_uri);
    case MSI_DEMO_PROVIDER_NONE:
    default:
      g_assert_not_reached ();
    }
}

/* An OpenID Connect ID token, signed HS256 with the demo's own key (real
 * hosts use RS256: clients of the demo must not verify it). */
static char *
build_id_token (MsiDemoAuthServer   *self,
                MsiDemoProviderKind  kind,
                const MsiDemoUser   *user,
                const char          *client_id,
                const char          *nonce,
                gint64               now)
{
  g_autoptr(JsonObject) claims = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *issuer = dup_issuer (self, kind);
  g_autofree char *payload = NULL;
  g_autofree char *header64 = NULL;
  g_autofree char *payload64 = NULL;
  g_autofree char *signing_input = NULL;
  g_autofree char *signature = NULL;
  static const char header[] = "{\"alg\":\"HS256\",\"kid\":\"msi-demo\",\"typ\":\"JWT\"}";

  json_object_set_string_member (claims, "iss", issuer);
  json_object_set_string_member (claims, "sub", user->id);
  json_object_set_string_member (claims, "aud", client_id);
  json_object_set_int_member (claims, "iat", now);
  json_object_set_int_member (claims, "exp", now + 3600);
  if (nonce != NULL)
    json_object_set_string_member (claims, "nonce", nonce);
  json_object_set_string_member (claims, "name", user->name);
  json_object_set_string_member (claims, "email", user->email);

  if (kind == MSI_DEMO_PROVIDER_MICROSOFT)
    {
      json_object_set_string_member (claims, "preferred_username", user->email);
      json_object_set_string_member (claims, "oid", user->id);
      json_object_set_string_member (claims, "tid", "9188040d-6c67-4c5b-b112-36a304b66dad");
      json_object_set_string_member (claims, "ver", "2.0");
    }
  else
    {
      json_object_set_boolean_member (claims, "email_verified", TRUE);
      json_object_set_string_member (claims, "given_name", user->given_name);
      json_object_set_string_member (claims, "family_name", user->family_name);
    }

  node = json_node_init_object (json_node_alloc (), claims);
  payload = json_to_string (node, FALSE);

  header64 = base64url_encode ((const guint8 *)header, strlen (header));
  payload64 = base64url_encode ((const guint8 *)payload, strlen (payload));
  signing_input = g_strconcat (header64, ".", payload64, NULL);
  signature = hmac_base64 (self, signing_input, TRUE);

  return g_strconcat (signing_input, ".", signature, NULL);
}

/* Issues an access token (and a refresh token if @with_refresh) for
 * @grant_id: the token response in the provider's shape, or %NULL with
 * @error set, or with @no_user set when @email is not a user. */
static JsonObject *
issue_tokens (MsiDemoAuthServer    *self,
              MsiDemoProviderKind   kind,
              const char           *grant_id,
              const char           *client_id,
              const char           *email,
              const char           *scope,
              const char           *nonce,
              gboolean              with_refresh,
              gboolean             *no_user,
              GError              **error)
{
  const MsiDemoProvider *provider = get_provider (kind);
  g_autoptr(JsonObject) reply = json_object_new ();
  g_autoptr(MsiDemoUser) user = NULL;
  g_autofree char *access_token = NULL;
  g_autofree char *refresh_token = NULL;
  g_autofree char *id_token = NULL;
  gint64 now = now_seconds ();
  gint64 lifetime = self->token_lifetime;

  *no_user = FALSE;

  user = msi_demo_store_dup_user (self->store, provider->id, email, error);
  if (user == NULL)
    {
      *no_user = error == NULL || *error == NULL;
      return NULL;
    }

  access_token = issue_token (self, provider, "access", grant_id, client_id, email, scope,
                              now + lifetime, error);
  if (access_token == NULL)
    return NULL;

  if (with_refresh)
    {
      refresh_token = issue_token (self, provider, "refresh", grant_id, client_id, email, scope,
                                   0, error);
      if (refresh_token == NULL)
        return NULL;
    }

  if (scope_has (scope, "openid") && kind != MSI_DEMO_PROVIDER_ACTIONS)
    id_token = build_id_token (self, kind, user, client_id, nonce, now);

  g_debug ("%s: issued an access token%s", provider->id, with_refresh ? " and a refresh token" : "");

  switch (kind)
    {
    case MSI_DEMO_PROVIDER_ACTIONS:
      json_object_set_string_member (reply, "access_token", access_token);
      json_object_set_string_member (reply, "token_type", "Bearer");
      json_object_set_int_member (reply, "expires_in", lifetime);
      if (refresh_token != NULL)
        json_object_set_string_member (reply, "refresh_token", refresh_token);
      json_object_set_string_member (reply, "scope", scope != NULL ? scope : "");
      break;

    case MSI_DEMO_PROVIDER_SALESFORCE:
      {
        g_autofree char *instance_url = g_strdup_printf ("%s/salesforce", self->base_uri);
        g_autofree char *id_url = build_id_url (self, user);
        g_autofree char *issued_at = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time () / 1000);
        g_autofree char *signed_data = g_strconcat (id_url, issued_at, NULL);
        g_autofree char *signature = hmac_base64 (self, signed_data, FALSE);

        json_object_set_string_member (reply, "access_token", access_token);
        if (refresh_token != NULL)
          json_object_set_string_member (reply, "refresh_token", refresh_token);
        json_object_set_string_member (reply, "signature", signature);
        json_object_set_string_member (reply, "scope", scope != NULL ? scope : "");
        if (id_token != NULL)
          json_object_set_string_member (reply, "id_token", id_token);
        json_object_set_string_member (reply, "instance_url", instance_url);
        json_object_set_string_member (reply, "id", id_url);
        json_object_set_string_member (reply, "token_type", "Bearer");
        json_object_set_string_member (reply, "issued_at", issued_at);
      }
      break;

    case MSI_DEMO_PROVIDER_MICROSOFT:
      json_object_set_string_member (reply, "token_type", "Bearer");
      json_object_set_string_member (reply, "scope", scope != NULL ? scope : "");
      json_object_set_int_member (reply, "expires_in", lifetime);
      json_object_set_string_member (reply, "access_token", access_token);
      if (refresh_token != NULL)
        json_object_set_string_member (reply, "refresh_token", refresh_token);
      if (id_token != NULL)
        json_object_set_string_member (reply, "id_token", id_token);
      break;

    case MSI_DEMO_PROVIDER_GOOGLE:
      json_object_set_string_member (reply, "access_token", access_token);
      json_object_set_int_member (reply, "expires_in", lifetime);
      if (refresh_token != NULL)
        json_object_set_string_member (reply, "refresh_token", refresh_token);
      json_object_set_string_member (reply, "scope", scope != NULL ? scope : "");
      json_object_set_string_member (reply, "token_type", "Bearer");
      if (id_token != NULL)
        json_object_set_string_member (reply, "id_token", id_token);
      break;

    case MSI_DEMO_PROVIDER_NONE:
    default:
      g_assert_not_reached ();
    }

  return g_steal_pointer (&reply);
}

/* issue_tokens(), as the token endpoint's reply. */
static void
reply_tokens (MsiDemoAuthServer   *self,
              MsiDemoProviderKind  kind,
              SoupServerMessage   *msg,
              const char          *grant_id,
              const char          *client_id,
              const char          *email,
              const char          *scope,
              const char          *nonce,
              gboolean             with_refresh)
{
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(GError) error = NULL;
  gboolean no_user = FALSE;

  reply = issue_tokens (self, kind, grant_id, client_id, email, scope, nonce, with_refresh, &no_user, &error);
  if (reply == NULL)
    {
      if (no_user)
        reply_oauth_error (msg, kind, SOUP_STATUS_BAD_REQUEST, "invalid_grant", 50034,
                           "The user account does not exist.");
      else
        reply_internal_error (msg, error);
      return;
    }

  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Pragma", "no-cache");
  reply_object (msg, SOUP_STATUS_OK, reply);
}

/* Why the token endpoint refuses a grant, in the shape of reply_oauth_error(). */
typedef struct
{
  guint       status;
  const char *error;
  guint       aadsts;
  const char *description;
} OAuthFailure;

static MsiDemoCredential *
oauth_fail (OAuthFailure *failure,
            const char   *error,
            guint         aadsts,
            const char   *description)
{
  failure->status = SOUP_STATUS_BAD_REQUEST;
  failure->error = error;
  failure->aadsts = aadsts;
  failure->description = description;

  return NULL;
}

/* Checks an authorization code as the token endpoint does (client,
 * redirect URI, PKCE, expiry) and spends it. Returns the code, or %NULL
 * with @failure filled in, or with @error set if the store failed. */
static MsiDemoCredential *
redeem_code (MsiDemoAuthServer    *self,
             MsiDemoProviderKind   kind,
             const char           *code_value,
             const char           *client_id,
             const char           *redirect_uri,
             const char           *verifier,
             OAuthFailure         *failure,
             GError              **error)
{
  const MsiDemoProvider *provider = get_provider (kind);
  g_autoptr(MsiDemoCredential) code = NULL;
  g_autofree char *code_hash = NULL;
  g_autofree char *challenge = NULL;
  gboolean was_spent = FALSE;

  if (code_value == NULL)
    return oauth_fail (failure, "invalid_request", 900144,
                       "The request body must contain the following parameter: 'code'.");

  code_hash = sha256_hex (code_value);
  code = msi_demo_store_dup_credential (self->store, provider->id, code_hash, error);
  if (code == NULL && error != NULL && *error != NULL)
    return NULL;

  if (code == NULL || !g_str_equal (code->kind, "code"))
    return oauth_fail (failure, "invalid_grant", 9002313, "invalid authorization code");

  if (!msi_demo_store_spend_credential (self->store, code_hash, &was_spent, error))
    return NULL;

  if (was_spent)
    {
      /* A replayed code: revoke what was issued from it (RFC 6749 §4.1.2). */
      g_message ("%s: an authorization code was used twice; revoking its tokens", provider->id);
      if (!msi_demo_store_revoke_grant (self->store, code->grant_id, error))
        return NULL;

      return oauth_fail (failure, "invalid_grant", 54005,
                         "OAuth2 Authorization code was already redeemed, please retry with a new "
                         "valid code or use an existing refresh token.");
    }

  if (code->expires_at <= now_seconds ())
    return oauth_fail (failure, "invalid_grant", 70008, "The provided authorization code has expired.");

  if (g_strcmp0 (code->client_id, client_id) != 0)
    return oauth_fail (failure, "invalid_grant", 70002, "The authorization code was issued to another client.");

  if (g_strcmp0 (code->redirect_uri, redirect_uri) != 0)
    return oauth_fail (failure, "invalid_grant", 50011,
                       "redirect_uri must match the redirect_uri of the authorization request.");

  if (verifier == NULL)
    return oauth_fail (failure, "invalid_grant", 50148,
                       "The code_verifier is missing, but a code_challenge was sent.");

  challenge = verifier_is_valid (verifier) ? s256_challenge (verifier) : NULL;
  if (challenge == NULL || g_strcmp0 (challenge, code->code_challenge) != 0)
    return oauth_fail (failure, "invalid_grant", 501481,
                       "The Code_Verifier does not match the code_challenge supplied in the "
                       "authorization request.");

  return g_steal_pointer (&code);
}

/* Whether a redeemed code also gets a refresh token. */
static gboolean
code_gets_refresh (const MsiDemoProvider   *provider,
                   const MsiDemoCredential *code)
{
  switch (provider->refresh_rule)
    {
    case REFRESH_ALWAYS:
      return TRUE;

    case REFRESH_IF_SCOPE:
      return scope_has (code->scope, "refresh_token") || scope_has (code->scope, "offline_access");

    case REFRESH_IF_OFFLINE_FIRST:
      return code->offline;

    default:
      g_assert_not_reached ();
    }
}

static void
exchange_code (MsiDemoAuthServer   *self,
               MsiDemoProviderKind  kind,
               SoupServerMessage   *msg,
               GHashTable          *form)
{
  const MsiDemoProvider *provider = get_provider (kind);
  g_autoptr(MsiDemoCredential) code = NULL;
  g_autoptr(GError) error = NULL;
  OAuthFailure failure = { 0, };

  code = redeem_code (self, kind,
                      form_get (form, "code"),
                      form_get (form, "client_id"),
                      form_get (form, "redirect_uri"),
                      form_get (form, "code_verifier"),
                      &failure, &error);
  if (code == NULL)
    {
      if (error != NULL)
        reply_internal_error (msg, error);
      else
        reply_oauth_error (msg, kind, failure.status, failure.error, failure.aadsts, failure.description);
      return;
    }

  reply_tokens (self, kind, msg, code->grant_id, code->client_id, code->email, code->scope,
                code->nonce, code_gets_refresh (provider, code));
}

static void
refresh_tokens (MsiDemoAuthServer   *self,
                MsiDemoProviderKind  kind,
                SoupServerMessage   *msg,
                GHashTable          *form)
{
  const MsiDemoProvider *provider = get_provider (kind);
  g_autoptr(MsiDemoCredential) refresh = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  const char *token = form_get (form, "refresh_token");
  const char *scope;

  if (token == NULL)
    {
      reply_oauth_error (msg, kind, SOUP_STATUS_BAD_REQUEST, "invalid_request", 900144,
                         "The request body must contain the following parameter: 'refresh_token'.");
      return;
    }

  hash = sha256_hex (token);
  refresh = msi_demo_store_dup_credential (self->store, provider->id, hash, &error);
  if (error != NULL)
    {
      reply_internal_error (msg, error);
      return;
    }

  if (refresh == NULL || !g_str_equal (refresh->kind, "refresh") || refresh->spent ||
      g_strcmp0 (refresh->client_id, form_get (form, "client_id")) != 0)
    {
      reply_oauth_error (msg, kind, SOUP_STATUS_BAD_REQUEST, "invalid_grant", 70000,
                         kind == MSI_DEMO_PROVIDER_SALESFORCE ? "expired access/refresh token"
                         : kind == MSI_DEMO_PROVIDER_GOOGLE ? "Token has been expired or revoked."
                         : "The refresh token is invalid, expired or revoked.");
      return;
    }

  /* Microsoft: one resource per token; the refresh token is redeemable
   * for another one (api-notes §3). */
  scope = refresh->scope;
  if (kind == MSI_DEMO_PROVIDER_MICROSOFT && form_get (form, "scope") != NULL)
    scope = form_get (form, "scope");

  if (provider->rotate_refresh &&
      !msi_demo_store_spend_credential (self->store, hash, NULL, &error))
    {
      reply_internal_error (msg, error);
      return;
    }

  reply_tokens (self, kind, msg, refresh->grant_id, refresh->client_id, refresh->email, scope,
                NULL, provider->rotate_refresh);
}

static void
reply_fault (MsiDemoAuthServer   *self,
             MsiDemoProviderKind  kind,
             SoupServerMessage   *msg,
             MsiDemoFault         fault)
{
  switch (fault)
    {
    case MSI_DEMO_FAULT_500:
      g_message ("Failing a token request with 500 (MSI_DEMO_FAIL_TOKEN)");
      reply_oauth_error (msg, kind, SOUP_STATUS_INTERNAL_SERVER_ERROR, "server_error", 50000,
                         "There was an error issuing a token.");
      break;

    case MSI_DEMO_FAULT_429:
      g_message ("Failing a token request with 429 (MSI_DEMO_FAIL_TOKEN)");
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", "1");
      reply_oauth_error (msg, kind, STATUS_TOO_MANY_REQUESTS, "temporarily_unavailable", 50196,
                         "The server is temporarily too busy to handle the request.");
      break;

    case MSI_DEMO_FAULT_DROP:
      {
        g_autoptr(GIOStream) stream = NULL;

        g_message ("Dropping a token request's connection (MSI_DEMO_FAIL_TOKEN)");
        stream = soup_server_message_steal_connection (msg);
        if (stream != NULL)
          g_io_stream_close (stream, NULL, NULL);
      }
      break;

    case MSI_DEMO_FAULT_NONE:
    default:
      g_assert_not_reached ();
    }
}

/**
 * msi_demo_auth_server_handle_token:
 * @self: a #MsiDemoAuthServer
 * @provider: which authorization server
 * @msg: the POST
 *
 * The token endpoint: authorization_code and refresh_token grants, for
 * public clients (a client_secret, if sent, is ignored).
 */
void
msi_demo_auth_server_handle_token (MsiDemoAuthServer   *self,
                                   MsiDemoProviderKind  kind,
                                   SoupServerMessage   *msg)
{
  const MsiDemoProvider *provider = get_provider (kind);
  g_autoptr(GHashTable) form = NULL;
  const char *grant_type;
  const char *client_id;

  g_return_if_fail (MSI_IS_DEMO_AUTH_SERVER (self));

  if (self->token_fault != MSI_DEMO_FAULT_NONE)
    {
      MsiDemoFault fault = self->token_fault;

      self->token_fault = MSI_DEMO_FAULT_NONE;
      reply_fault (self, kind, msg, fault);
      return;
    }

  form = dup_form (msg);
  if (form == NULL)
    {
      reply_oauth_error (msg, kind, SOUP_STATUS_BAD_REQUEST, "invalid_request", 900144,
                         "The request body must be application/x-www-form-urlencoded.");
      return;
    }

  grant_type = form_get (form, "grant_type");
  client_id = form_get (form, "client_id");

  if (grant_type == NULL)
    {
      reply_oauth_error (msg, kind, SOUP_STATUS_BAD_REQUEST, "invalid_request", 900144,
                         "The request body must contain the following parameter: 'grant_type'.");
      return;
    }

  if (g_strcmp0 (client_id, provider->client_id) != 0)
    {
      reply_oauth_error (msg, kind, provider->invalid_client_status, provider->invalid_client_error,
                         provider->invalid_client_aadsts,
                         kind == MSI_DEMO_PROVIDER_SALESFORCE ? "client identifier invalid"
                         : "The OAuth client was not found.");
      return;
    }

  if (g_str_equal (grant_type, "authorization_code"))
    exchange_code (self, kind, msg, form);
  else if (g_str_equal (grant_type, "refresh_token"))
    refresh_tokens (self, kind, msg, form);
  else
    reply_oauth_error (msg, kind, SOUP_STATUS_BAD_REQUEST, "unsupported_grant_type", 70003,
                       "The app requested an unsupported grant type.");
}

/**
 * msi_demo_auth_server_handle_revoke:
 * @self: a #MsiDemoAuthServer
 * @provider: which authorization server
 * @msg: the POST, with form field `token`
 *
 * RFC 7009 revocation. A refresh token takes every token of its grant
 * with it.
 */
void
msi_demo_auth_server_handle_revoke (MsiDemoAuthServer   *self,
                                    MsiDemoProviderKind  kind,
                                    SoupServerMessage   *msg)
{
  const MsiDemoProvider *provider = get_provider (kind);
  g_autoptr(GHashTable) form = NULL;
  g_autoptr(MsiDemoCredential) credential = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  const char *token;

  g_return_if_fail (MSI_IS_DEMO_AUTH_SERVER (self));

  form = dup_form (msg);
  token = form != NULL ? form_get (form, "token") : NULL;

  if (token == NULL)
    {
      reply_oauth_error (msg, kind, SOUP_STATUS_BAD_REQUEST, "invalid_request", 900144,
                         "The request body must contain the following parameter: 'token'.");
      return;
    }

  hash = sha256_hex (token);
  credential = msi_demo_store_dup_credential (self->store, provider->id, hash, &error);
  if (error != NULL)
    {
      reply_internal_error (msg, error);
      return;
    }

  if (credential == NULL ||
      (!g_str_equal (credential->kind, "access") && !g_str_equal (credential->kind, "refresh")))
    {
      if (provider->revoke_unknown_status == SOUP_STATUS_OK)
        soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      else
        reply_oauth_error (msg, kind, provider->revoke_unknown_status, "unsupported_token_type",
                           0, "this token type is not supported");
      return;
    }

  if (g_str_equal (credential->kind, "refresh"))
    {
      if (!msi_demo_store_revoke_grant (self->store, credential->grant_id, &error))
        {
          reply_internal_error (msg, error);
          return;
        }
    }
  else if (!msi_demo_store_spend_credential (self->store, hash, NULL, &error))
    {
      reply_internal_error (msg, error);
      return;
    }

  g_debug ("%s: revoked a%s token", provider->id,
           g_str_equal (credential->kind, "refresh") ? " refresh" : "n access");

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
}

/*
 * Bearer-token APIs
 */

/* The user of the request's bearer token, or %NULL after replying 401. */
static MsiDemoUser *
authorize_bearer (MsiDemoAuthServer    *self,
                  MsiDemoProviderKind   kind,
                  SoupServerMessage    *msg,
                  MsiDemoCredential   **out_token)
{
  const MsiDemoProvider *provider = get_provider (kind);
  g_autoptr(MsiDemoCredential) token = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  const char *bearer = get_bearer (msg);
  MsiDemoUser *user;

  if (bearer == NULL)
    {
      reply_unauthorized (msg, kind, SOUP_STATUS_UNAUTHORIZED,
                          kind == MSI_DEMO_PROVIDER_MICROSOFT
                          ? "Access token is empty."
                          : "The request has no bearer access token.");
      return NULL;
    }

  hash = sha256_hex (bearer);
  token = msi_demo_store_dup_credential (self->store, provider->id, hash, &error);
  if (error != NULL)
    {
      reply_internal_error (msg, error);
      return NULL;
    }

  if (token == NULL || !g_str_equal (token->kind, "access") || token->spent)
    {
      reply_unauthorized (msg, kind, SOUP_STATUS_UNAUTHORIZED,
                          kind == MSI_DEMO_PROVIDER_MICROSOFT
                          ? "IDX14100: JWT is not well formed."
                          : kind == MSI_DEMO_PROVIDER_GOOGLE
                          ? "Request had invalid authentication credentials. Expected OAuth 2 access "
                            "token, login cookie or other valid authentication credential."
                          : "The access token is invalid or revoked.");
      return NULL;
    }

  if (token->expires_at <= now_seconds ())
    {
      reply_unauthorized (msg, kind, SOUP_STATUS_UNAUTHORIZED,
                          kind == MSI_DEMO_PROVIDER_MICROSOFT
                          ? "Lifetime validation failed, the token is expired."
                          : kind == MSI_DEMO_PROVIDER_GOOGLE
                          ? "Request had invalid authentication credentials. Expected OAuth 2 access "
                            "token, login cookie or other valid authentication credential."
                          : "The access token has expired.");
      return NULL;
    }

  user = msi_demo_store_dup_user (self->store, provider->id, token->email, &error);
  if (user == NULL)
    {
      if (error != NULL)
        reply_internal_error (msg, error);
      else
        reply_unauthorized (msg, kind, SOUP_STATUS_UNAUTHORIZED, "The user no longer exists.");
      return NULL;
    }

  if (out_token != NULL)
    *out_token = g_steal_pointer (&token);

  return user;
}

static JsonObject *
build_salesforce_urls (MsiDemoAuthServer *self,
                       const MsiDemoUser *user)
{
  JsonObject *urls = json_object_new ();
  static const struct { const char *name; const char *path; } paths[] = {
    { "enterprise", "/services/Soap/c/{version}/" SALESFORCE_ORG_ID },
    { "metadata", "/services/Soap/m/{version}/" SALESFORCE_ORG_ID },
    { "partner", "/services/Soap/u/{version}/" SALESFORCE_ORG_ID },
    { "rest", "/services/data/v{version}/" },
    { "sobjects", "/services/data/v{version}/sobjects/" },
    { "search", "/services/data/v{version}/search/" },
    { "query", "/services/data/v{version}/query/" },
    { "recent", "/services/data/v{version}/recent/" },
    { "tooling_soap", "/services/Soap/T/{version}/" },
    { "tooling_rest", "/services/data/v{version}/tooling/" },
    { "profile", "/" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autofree char *url = NULL;

      if (g_str_equal (paths[i].name, "profile"))
        url = g_strdup_printf ("%s/salesforce/%s", self->base_uri, user->id);
      else
        url = g_strdup_printf ("%s/salesforce%s", self->base_uri, paths[i].path);

      json_object_set_string_member (urls, paths[i].name, url);
    }

  return urls;
}

/**
 * msi_demo_auth_server_handle_userinfo:
 * @self: a #MsiDemoAuthServer
 * @provider: which API
 * @msg: the GET, with a bearer token
 *
 * Who the token's user is: Actions `/api/v1/me`, Salesforce
 * `/services/oauth2/userinfo`, Graph `/v1.0/me`, Google `/v1/userinfo`.
 */
void
msi_demo_auth_server_handle_userinfo (MsiDemoAuthServer   *self,
                                      MsiDemoProviderKind  kind,
                                      SoupServerMessage   *msg)
{
  g_autoptr(MsiDemoUser) user = NULL;
  g_autoptr(MsiDemoCredential) token = NULL;
  g_autoptr(JsonObject) reply = json_object_new ();

  g_return_if_fail (MSI_IS_DEMO_AUTH_SERVER (self));

  user = authorize_bearer (self, kind, msg, &token);
  if (user == NULL)
    return;

  switch (kind)
    {
    case MSI_DEMO_PROVIDER_ACTIONS:
      {
        g_autoptr(GError) error = NULL;

        g_clear_pointer (&reply, json_object_unref);
        reply = msi_demo_auth_server_build_me (self, user, &error);
        if (reply == NULL)
          {
            reply_internal_error (msg, error);
            return;
          }
      }
      break;

    case MSI_DEMO_PROVIDER_SALESFORCE:
      {
        g_autoptr(JsonObject) photos = json_object_new ();
        g_autoptr(JsonObject) address = json_object_new ();
        g_autofree char *sub = build_id_url (self, user);
        g_autofree char *profile = g_strdup_printf ("%s/salesforce/%s", self->base_uri, user->id);
        g_autofree char *picture = g_strdup_printf ("%s/salesforce/profilephoto/005/F", self->base_uri);
        g_autofree char *thumbnail = g_strdup_printf ("%s/salesforce/profilephoto/005/T", self->base_uri);

        json_object_set_string_member (photos, "picture", picture);
        json_object_set_string_member (photos, "thumbnail", thumbnail);
        json_object_set_string_member (address, "country", "US");

        json_object_set_string_member (reply, "sub", sub);
        json_object_set_string_member (reply, "user_id", user->id);
        json_object_set_string_member (reply, "organization_id", SALESFORCE_ORG_ID);
        json_object_set_string_member (reply, "preferred_username", user->email);
        json_object_set_string_member (reply, "nickname", user->given_name);
        json_object_set_string_member (reply, "name", user->name);
        json_object_set_string_member (reply, "email", user->email);
        json_object_set_boolean_member (reply, "email_verified", TRUE);
        json_object_set_string_member (reply, "given_name", user->given_name);
        json_object_set_string_member (reply, "family_name", user->family_name);
        json_object_set_string_member (reply, "zoneinfo", "America/Los_Angeles");
        json_object_set_object_member (reply, "photos", g_steal_pointer (&photos));
        json_object_set_string_member (reply, "profile", profile);
        json_object_set_string_member (reply, "picture", picture);
        json_object_set_object_member (reply, "address", g_steal_pointer (&address));
        json_object_set_boolean_member (reply, "is_salesforce_integration_user", FALSE);
        json_object_set_object_member (reply, "urls", build_salesforce_urls (self, user));
        json_object_set_boolean_member (reply, "active", TRUE);
        json_object_set_string_member (reply, "user_type", "STANDARD");
        json_object_set_string_member (reply, "language", "en_US");
        json_object_set_string_member (reply, "locale", "en_US");
        json_object_set_int_member (reply, "utcOffset", -28800000);
        json_object_set_string_member (reply, "updated_at", "2024-01-15T09:30:00Z");
      }
      break;

    case MSI_DEMO_PROVIDER_MICROSOFT:
      {
        g_autoptr(JsonArray) phones = json_array_new ();
        g_autofree char *context = g_strdup_printf ("%s/microsoft/graph/v1.0/$metadata#users/$entity",
                                                    self->base_uri);

        /* A token for another resource (outlook.office.com) is not a Graph
         * token. */
        if (!scope_has_prefix (token->scope, "https://graph.microsoft.com/") &&
            !scope_has (token->scope, "User.Read"))
          {
            reply_unauthorized (msg, kind, SOUP_STATUS_UNAUTHORIZED,
                                "Access token validation failure. Invalid audience.");
            return;
          }

        json_object_set_string_member (reply, "@odata.context", context);
        json_object_set_array_member (reply, "businessPhones", g_steal_pointer (&phones));
        json_object_set_string_member (reply, "displayName", user->name);
        json_object_set_string_member (reply, "givenName", user->given_name);
        json_object_set_null_member (reply, "jobTitle");
        json_object_set_string_member (reply, "mail", user->email);
        json_object_set_null_member (reply, "mobilePhone");
        json_object_set_null_member (reply, "officeLocation");
        json_object_set_string_member (reply, "preferredLanguage", "en-US");
        json_object_set_string_member (reply, "surname", user->family_name);
        json_object_set_string_member (reply, "userPrincipalName", user->email);
        json_object_set_string_member (reply, "id", user->id);
      }
      break;

    case MSI_DEMO_PROVIDER_GOOGLE:
      json_object_set_string_member (reply, "sub", user->id);
      json_object_set_string_member (reply, "name", user->name);
      json_object_set_string_member (reply, "given_name", user->given_name);
      json_object_set_string_member (reply, "family_name", user->family_name);
      json_object_set_string_member (reply, "email", user->email);
      json_object_set_boolean_member (reply, "email_verified", TRUE);
      json_object_set_string_member (reply, "hd", "northwind.example");
      break;

    case MSI_DEMO_PROVIDER_NONE:
    default:
      g_assert_not_reached ();
    }

  reply_object (msg, SOUP_STATUS_OK, reply);
}

/**
 * msi_demo_auth_server_handle_gmail_profile:
 * @self: a #MsiDemoAuthServer
 * @provider: %MSI_DEMO_PROVIDER_GOOGLE
 * @msg: the GET, with a bearer token
 *
 * Gmail `users/me/profile`, which `gmail.send` alone does not allow.
 */
void
msi_demo_auth_server_handle_gmail_profile (MsiDemoAuthServer   *self,
                                           MsiDemoProviderKind  kind,
                                           SoupServerMessage   *msg)
{
  static const char * const allowed_scopes[] = {
    "https://mail.google.com/",
    "https://www.googleapis.com/auth/gmail.modify",
    "https://www.googleapis.com/auth/gmail.compose",
    "https://www.googleapis.com/auth/gmail.readonly",
    "https://www.googleapis.com/auth/gmail.metadata",
  };
  g_autoptr(MsiDemoUser) user = NULL;
  g_autoptr(MsiDemoCredential) token = NULL;
  g_autoptr(JsonObject) reply = json_object_new ();
  gboolean allowed = FALSE;

  g_return_if_fail (MSI_IS_DEMO_AUTH_SERVER (self));

  user = authorize_bearer (self, kind, msg, &token);
  if (user == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (allowed_scopes) && !allowed; i++)
    allowed = scope_has (token->scope, allowed_scopes[i]);

  if (!allowed)
    {
      reply_unauthorized (msg, kind, SOUP_STATUS_FORBIDDEN,
                          "Request had insufficient authentication scopes.");
      return;
    }

  json_object_set_string_member (reply, "emailAddress", user->email);
  json_object_set_int_member (reply, "messagesTotal", 1287);
  json_object_set_int_member (reply, "threadsTotal", 913);
  json_object_set_string_member (reply, "historyId", "4827361");

  reply_object (msg, SOUP_STATUS_OK, reply);
}

/**
 * msi_demo_auth_server_handle_discovery:
 * @self: a #MsiDemoAuthServer
 * @provider: %MSI_DEMO_PROVIDER_SALESFORCE or %MSI_DEMO_PROVIDER_GOOGLE
 * @msg: the GET
 *
 * `/.well-known/openid-configuration`, pointing at the demo's endpoints.
 */
void
msi_demo_auth_server_handle_discovery (MsiDemoAuthServer   *self,
                                       MsiDemoProviderKind  kind,
                                       SoupServerMessage   *msg)
{
  g_autoptr(JsonObject) reply = json_object_new ();
  g_autofree char *issuer = NULL;
  const char *authorize_path;
  const char *token_path;
  const char *revoke_path;
  const char *userinfo_path;
  const char * const *scopes;
  static const char * const salesforce_scopes[] = {
    "id", "api", "web", "full", "chatter_api", "visualforce", "refresh_token", "openid",
    "profile", "email", "address", "phone", "offline_access", "custom_permissions", NULL,
  };
  static const char * const google_scopes[] = { "openid", "email", "profile", NULL };
  static const char * const claims[] = {
    "aud", "email", "email_verified", "exp", "family_name", "given_name", "iat", "iss",
    "name", "nonce", "sub", NULL,
  };
  struct { const char *member; const char * const *values; } lists[] = {
    { "scopes_supported", NULL },
    { "response_types_supported", (const char * const[]) { "code", NULL } },
    { "subject_types_supported", (const char * const[]) { "public", NULL } },
    { "id_token_signing_alg_values_supported", (const char * const[]) { "HS256", NULL } },
    { "token_endpoint_auth_methods_supported",
      (const char * const[]) { "client_secret_post", "client_secret_basic", "none", NULL } },
    { "grant_types_supported", (const char * const[]) { "authorization_code", "refresh_token", NULL } },
    { "code_challenge_methods_supported", (const char * const[]) { "S256", NULL } },
    { "claims_supported", claims },
  };

  g_return_if_fail (MSI_IS_DEMO_AUTH_SERVER (self));

  if (kind == MSI_DEMO_PROVIDER_SALESFORCE)
    {
      authorize_path = "/salesforce/services/oauth2/authorize";
      token_path = "/salesforce/services/oauth2/token";
      revoke_path = "/salesforce/services/oauth2/revoke";
      userinfo_path = "/salesforce/services/oauth2/userinfo";
      scopes = salesforce_scopes;
    }
  else
    {
      g_assert (kind == MSI_DEMO_PROVIDER_GOOGLE);
      authorize_path = "/google/o/oauth2/v2/auth";
      token_path = "/google/token";
      revoke_path = "/google/revoke";
      userinfo_path = "/google/v1/userinfo";
      scopes = google_scopes;
    }

  lists[0].values = scopes;
  issuer = dup_issuer (self, kind);

  json_object_set_string_member (reply, "issuer", issuer);
#define SET_URL(member, path) \
  G_STMT_START { \
    g_autofree char *url_ = g_strconcat (self->base_uri, path, NULL); \
    json_object_set_string_member (reply, member, url_); \
  } G_STMT_END
  SET_URL ("authorization_endpoint", authorize_path);
  SET_URL ("token_endpoint", token_path);
  SET_URL ("userinfo_endpoint", userinfo_path);
  SET_URL ("revocation_endpoint", revoke_path);
#undef SET_URL

  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    {
      JsonArray *array = json_array_new ();

      for (guint j = 0; lists[i].values[j] != NULL; j++)
        json_array_add_string_element (array, lists[i].values[j]);

      json_object_set_array_member (reply, lists[i].member, array);
    }

  reply_object (msg, SOUP_STATUS_OK, reply);
}

/*
 * GObject
 */

static void
msi_demo_auth_server_finalize (GObject *object)
{
  MsiDemoAuthServer *self = (MsiDemoAuthServer *)object;

  g_clear_object (&self->store);
  g_clear_pointer (&self->base_uri, g_free);
  g_clear_pointer (&self->pending, g_hash_table_unref);
  g_clear_pointer (&self->issued, g_ptr_array_unref);
  g_clear_pointer (&self->service_issued, g_ptr_array_unref);
  memset (self->signing_key, 0, sizeof self->signing_key);

  G_OBJECT_CLASS (msi_demo_auth_server_parent_class)->finalize (object);
}

static void
msi_demo_auth_server_class_init (MsiDemoAuthServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = msi_demo_auth_server_finalize;
}

static void
msi_demo_auth_server_init (MsiDemoAuthServer *self)
{
  self->pending = g_hash_table_new_full (g_str_hash, g_str_equal,
                                         g_free, (GDestroyNotify)pending_free);
  self->issued = g_ptr_array_new_with_free_func (g_free);
  self->service_issued = g_ptr_array_new_with_free_func (g_free);
  self->token_lifetime = DEFAULT_TOKEN_LIFETIME;
  self->base_uri = g_strdup ("http://127.0.0.1");
  fill_random (self->signing_key, sizeof self->signing_key);
}

/**
 * msi_demo_auth_server_new:
 * @store: the store that holds users, codes, tokens and sessions
 *
 * Returns: (transfer full): a new #MsiDemoAuthServer
 */
MsiDemoAuthServer *
msi_demo_auth_server_new (MsiDemoStore *store)
{
  MsiDemoAuthServer *self;

  g_return_val_if_fail (MSI_IS_DEMO_STORE (store), NULL);

  self = g_object_new (MSI_TYPE_DEMO_AUTH_SERVER, NULL);
  self->store = g_object_ref (store);

  return self;
}

/**
 * msi_demo_auth_server_set_base_uri:
 * @self: a #MsiDemoAuthServer
 * @base_uri: "http://127.0.0.1:PORT", without a trailing slash
 *
 * Sets the base of the URLs in replies (instance_url, discovery…).
 */
void
msi_demo_auth_server_set_base_uri (MsiDemoAuthServer *self,
                                   const char        *base_uri)
{
  g_return_if_fail (MSI_IS_DEMO_AUTH_SERVER (self));
  g_return_if_fail (base_uri != NULL);

  g_free (self->base_uri);
  self->base_uri = g_strdup (base_uri);
}

/**
 * msi_demo_auth_server_set_token_lifetime:
 * @self: a #MsiDemoAuthServer
 * @seconds: lifetime of new access tokens, > 0
 */
void
msi_demo_auth_server_set_token_lifetime (MsiDemoAuthServer *self,
                                         guint              seconds)
{
  g_return_if_fail (MSI_IS_DEMO_AUTH_SERVER (self));
  g_return_if_fail (seconds > 0);

  self->token_lifetime = seconds;
}

/**
 * msi_demo_auth_server_set_token_fault:
 * @self: a #MsiDemoAuthServer
 * @fault: how the next token request fails (once)
 */
void
msi_demo_auth_server_set_token_fault (MsiDemoAuthServer *self,
                                      MsiDemoFault       fault)
{
  g_return_if_fail (MSI_IS_DEMO_AUTH_SERVER (self));

  self->token_fault = fault;
}

/**
 * msi_demo_auth_server_parse_fault:
 * @value: "500", "429" or "drop"
 * @fault: (out): the fault
 *
 * Returns: %TRUE if @value names a fault
 */
gboolean
msi_demo_auth_server_parse_fault (const char   *value,
                                  MsiDemoFault *fault)
{
  g_return_val_if_fail (fault != NULL, FALSE);

  if (g_strcmp0 (value, "500") == 0)
    *fault = MSI_DEMO_FAULT_500;
  else if (g_strcmp0 (value, "429") == 0)
    *fault = MSI_DEMO_FAULT_429;
  else if (g_strcmp0 (value, "drop") == 0)
    *fault = MSI_DEMO_FAULT_DROP;
  else
    return FALSE;

  return TRUE;
}

/**
 * msi_demo_auth_server_dup_issued_tokens:
 * @self: a #MsiDemoAuthServer
 *
 * Returns: (transfer full): `{"tokens": [...], "connectionTokens": [...]}`:
 *   every access and refresh token issued since start, in clear, and
 *   among them those issued to the Actions service for its connections
 */
JsonNode *
msi_demo_auth_server_dup_issued_tokens (MsiDemoAuthServer *self)
{
  g_autoptr(JsonObject) root = json_object_new ();
  JsonArray *tokens = json_array_new ();
  JsonArray *connection_tokens = json_array_new ();

  g_return_val_if_fail (MSI_IS_DEMO_AUTH_SERVER (self), NULL);

  for (guint i = 0; i < self->issued->len; i++)
    json_array_add_string_element (tokens, g_ptr_array_index (self->issued, i));

  for (guint i = 0; i < self->service_issued->len; i++)
    json_array_add_string_element (connection_tokens, g_ptr_array_index (self->service_issued, i));

  json_object_set_array_member (root, "tokens", tokens);
  json_object_set_array_member (root, "connectionTokens", connection_tokens);

  return json_node_init_object (json_node_alloc (), root);
}

/*
 * For the Actions service's own handlers
 */

/**
 * msi_demo_random_base64url:
 *
 * Returns: (transfer full): 32 bytes from getrandom(), base64url without
 *   padding (43 characters, also a valid PKCE verifier)
 */
char *
msi_demo_random_base64url (void)
{
  return random_string (NULL);
}

/**
 * msi_demo_pkce_s256:
 * @verifier: a PKCE code verifier
 *
 * Returns: (transfer full): its S256 code challenge (RFC 7636 §4.2)
 */
char *
msi_demo_pkce_s256 (const char *verifier)
{
  g_return_val_if_fail (verifier != NULL, NULL);

  return s256_challenge (verifier);
}

void
msi_demo_service_grant_free (MsiDemoServiceGrant *grant)
{
  if (grant == NULL)
    return;

  g_free (grant->email);
  g_free (grant->grant_id);
  g_free (grant->scope);
  g_free (grant->access_token_sha256);
  g_free (grant->refresh_token_sha256);
  g_free (grant);
}

/**
 * msi_demo_auth_server_authenticate:
 * @self: a #MsiDemoAuthServer
 * @provider: the API the request is for
 * @msg: a request with a bearer token
 *
 * Checks the request's bearer access token as the provider's APIs do.
 *
 * Returns: (transfer full) (nullable): the token's user, or %NULL after
 *   replying 401 (or 500) in the provider's shape
 */
MsiDemoUser *
msi_demo_auth_server_authenticate (MsiDemoAuthServer   *self,
                                   MsiDemoProviderKind  provider,
                                   SoupServerMessage   *msg)
{
  g_return_val_if_fail (MSI_IS_DEMO_AUTH_SERVER (self), NULL);
  g_return_val_if_fail (SOUP_IS_SERVER_MESSAGE (msg), NULL);

  return authorize_bearer (self, provider, msg, NULL);
}

/**
 * msi_demo_auth_server_redeem_service_code:
 * @self: a #MsiDemoAuthServer
 * @provider: the authorization server that issued the code
 * @client_id: a confidential client (%MSI_DEMO_SERVICE_CLIENT_ID)
 * @code: the authorization code
 * @redirect_uri: the redirect URI of the authorization request
 * @code_verifier: the PKCE verifier of the authorization request
 * @error: return location for an error
 *
 * The token endpoint's authorization_code grant, for the Actions service
 * in the same process: the code is checked and spent exactly as the
 * endpoint would, and an access token (and a refresh token if the scope
 * asks for one) is issued to @client_id. Only their hashes are returned.
 *
 * Returns: (transfer full) (nullable): the grant, or %NULL with @error set
 *   (%MSI_DEMO_AUTH_SERVER_ERROR if the endpoint would have refused it)
 */
MsiDemoServiceGrant *
msi_demo_auth_server_redeem_service_code (MsiDemoAuthServer    *self,
                                          MsiDemoProviderKind   kind,
                                          const char           *client_id,
                                          const char           *code_value,
                                          const char           *redirect_uri,
                                          const char           *code_verifier,
                                          GError              **error)
{
  const MsiDemoProvider *provider;
  g_autoptr(MsiDemoCredential) code = NULL;
  g_autoptr(MsiDemoUser) user = NULL;
  g_autoptr(MsiDemoServiceGrant) grant = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *access_token = NULL;
  g_autofree char *refresh_token = NULL;
  OAuthFailure failure = { 0, };

  g_return_val_if_fail (MSI_IS_DEMO_AUTH_SERVER (self), NULL);
  g_return_val_if_fail (client_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  provider = get_provider (kind);

  if (find_service_client (provider, client_id) == NULL)
    {
      g_set_error (error, MSI_DEMO_AUTH_SERVER_ERROR, MSI_DEMO_AUTH_SERVER_ERROR_INVALID_CLIENT,
                   "%s: the client is not registered", provider->invalid_client_error);
      return NULL;
    }

  code = redeem_code (self, kind, code_value, client_id, redirect_uri, code_verifier,
                      &failure, &local_error);
  if (code == NULL)
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, MSI_DEMO_AUTH_SERVER_ERROR, MSI_DEMO_AUTH_SERVER_ERROR_INVALID_GRANT,
                     "%s: %s", failure.error, failure.description);
      return NULL;
    }

  user = msi_demo_store_dup_user (self->store, provider->id, code->email, error);
  if (user == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, MSI_DEMO_AUTH_SERVER_ERROR, MSI_DEMO_AUTH_SERVER_ERROR_INVALID_GRANT,
                             "invalid_grant: The user account does not exist.");
      return NULL;
    }

  access_token = issue_token (self, provider, "access", code->grant_id, client_id, code->email,
                              code->scope, now_seconds () + self->token_lifetime, error);
  if (access_token == NULL)
    return NULL;

  if (code_gets_refresh (provider, code))
    {
      refresh_token = issue_token (self, provider, "refresh", code->grant_id, client_id, code->email,
                                   code->scope, 0, error);
      if (refresh_token == NULL)
        return NULL;
    }

  g_debug ("%s: issued tokens to %s", provider->id, client_id);

  grant = g_new0 (MsiDemoServiceGrant, 1);
  grant->email = g_strdup (user->email);
  grant->grant_id = g_strdup (code->grant_id);
  grant->scope = g_strdup (code->scope);
  grant->access_token_sha256 = sha256_hex (access_token);
  grant->refresh_token_sha256 = refresh_token != NULL ? sha256_hex (refresh_token) : NULL;

  return g_steal_pointer (&grant);
}

/**
 * msi_demo_auth_server_build_me:
 * @self: a #MsiDemoAuthServer
 * @user: an Actions user
 * @error: return location for an error
 *
 * The object of GET /api/v1/me: `{id, email, name, role, onboarding:
 * {state, step}}`, the onboarding as the store keeps it.
 *
 * Returns: (transfer full) (nullable): the object, or %NULL with @error set
 */
JsonObject *
msi_demo_auth_server_build_me (MsiDemoAuthServer  *self,
                               const MsiDemoUser  *user,
                               GError            **error)
{
  g_autoptr(JsonObject) me = json_object_new ();
  g_autoptr(JsonObject) onboarding = json_object_new ();
  g_autofree char *state = NULL;
  g_autofree char *step = NULL;

  g_return_val_if_fail (MSI_IS_DEMO_AUTH_SERVER (self), NULL);
  g_return_val_if_fail (user != NULL, NULL);

  if (!msi_demo_store_dup_onboarding_state (self->store, user->email, &state, &step, error))
    return NULL;

  json_object_set_string_member (onboarding, "state", state);
  json_object_set_string_member (onboarding, "step", step);
  json_object_set_string_member (me, "id", user->id);
  json_object_set_string_member (me, "email", user->email);
  json_object_set_string_member (me, "name", user->name);
  json_object_set_string_member (me, "role", user->role);
  json_object_set_object_member (me, "onboarding", g_steal_pointer (&onboarding));

  return g_steal_pointer (&me);
}

/**
 * msi_demo_auth_server_issue_user_tokens:
 * @self: a #MsiDemoAuthServer
 * @email: an Actions user (in the store's users)
 * @scope: the scope of the tokens
 * @error: return location for an error
 *
 * Issues an Actions access token and a refresh token for @email to the
 * app's client, as if the user had signed in and allowed the app: the
 * token endpoint refreshes them and /api/v1/me answers them. For an
 * invitation's onboarding session (msi-demo-onboarding.c).
 *
 * Returns: (transfer full) (nullable): the token response (access_token,
 *   token_type, expires_in, refresh_token, scope), or %NULL with @error set
 */
JsonObject *
msi_demo_auth_server_issue_user_tokens (MsiDemoAuthServer  *self,
                                        const char         *email,
                                        const char         *scope,
                                        GError            **error)
{
  const MsiDemoProvider *provider;
  g_autofree char *grant_id = random_string (NULL);
  g_autoptr(GError) local_error = NULL;
  JsonObject *reply;
  gboolean no_user = FALSE;

  g_return_val_if_fail (MSI_IS_DEMO_AUTH_SERVER (self), NULL);
  g_return_val_if_fail (email != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  provider = get_provider (MSI_DEMO_PROVIDER_ACTIONS);
  reply = issue_tokens (self, MSI_DEMO_PROVIDER_ACTIONS, grant_id, provider->client_id, email, scope,
                        NULL, TRUE, &no_user, &local_error);
  if (reply == NULL)
    {
      if (no_user)
        g_set_error (error, MSI_DEMO_AUTH_SERVER_ERROR, MSI_DEMO_AUTH_SERVER_ERROR_INVALID_GRANT,
                     "invalid_grant: %s is not a user of the Sales account", email);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  g_message ("actions: opened a session for %s", email);

  return reply;
}
