/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-oauth2-client.c: OAuth 2.0 authorization code + PKCE for a public client */

#define G_LOG_DOMAIN "msi-oauth2"

#include "config.h"

#include "msi-json.h"
#include "msi-oauth2-client.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

/* Salesforce sessions last 2 hours unless the org says otherwise, and the
 * token reply does not say. */
#define DEFAULT_LIFETIME_SECONDS (2 * 60 * 60)
/* Longest error_description shown to the person. */
#define MAX_DESCRIPTION_CHARS 300

struct _MsiOAuth2Client
{
  GObject            parent_instance;

  MsiHttpClient     *http;
  char              *client_id;
  char              *authorization_endpoint;
  char              *token_endpoint;
  char              *revocation_endpoint;
  char              *redirect_uri;
  char              *scope;
  gint64             default_lifetime;
  MsiOAuth2Provider  provider;
  /* Extra authorization parameters: name, value, name, value, … */
  GPtrArray         *authorize_params;
  MsiOAuth2Clock     clock;
};

enum {
  PROP_0,
  PROP_HTTP,
  PROP_CLIENT_ID,
  PROP_AUTHORIZATION_ENDPOINT,
  PROP_TOKEN_ENDPOINT,
  PROP_REVOCATION_ENDPOINT,
  PROP_REDIRECT_URI,
  PROP_SCOPE,
  PROP_DEFAULT_LIFETIME,
  PROP_PROVIDER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void token_refresher_iface_init (MsiTokenRefresherInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MsiOAuth2Client, msi_oauth2_client, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (MSI_TYPE_TOKEN_REFRESHER,
                                                      token_refresher_iface_init))
G_DEFINE_QUARK (msi-oauth2-error-quark, msi_oauth2_error)
G_DEFINE_ENUM_TYPE (MsiOAuth2Provider, msi_oauth2_provider,
                    G_DEFINE_ENUM_VALUE (MSI_OAUTH2_PROVIDER_GENERIC, "generic"),
                    G_DEFINE_ENUM_VALUE (MSI_OAUTH2_PROVIDER_SALESFORCE, "salesforce"),
                    G_DEFINE_ENUM_VALUE (MSI_OAUTH2_PROVIDER_MICROSOFT, "microsoft"),
                    G_DEFINE_ENUM_VALUE (MSI_OAUTH2_PROVIDER_GOOGLE, "google"))

/* Parameters msi_oauth2_client_begin() sets itself. */
static const char *reserved_params[] = {
  "response_type",
  "client_id",
  "redirect_uri",
  "state",
  "code_challenge",
  "code_challenge_method",
  "scope",
  "login_hint",
  "prompt",
  NULL
};

static void
wipe_free (gpointer data)
{
  char *secret = data;

  if (secret != NULL)
    {
      explicit_bzero (secret, strlen (secret));
      g_free (secret);
    }
}

static gint64
default_clock (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* Error codes of RFC 6749 §4.1.2.1 and §5.2, OpenID Connect and the
 * providers' own. */
static const struct
{
  const char     *code;
  MsiOAuth2Error  error;
} error_codes[] = {
  { "access_denied", MSI_OAUTH2_ERROR_ACCESS_DENIED },
  { "invalid_grant", MSI_OAUTH2_ERROR_INVALID_GRANT },
  { "invalid_client", MSI_OAUTH2_ERROR_INVALID_CLIENT },
  { "invalid_client_id", MSI_OAUTH2_ERROR_INVALID_CLIENT },  /* Salesforce */
  { "unauthorized_client", MSI_OAUTH2_ERROR_UNAUTHORIZED_CLIENT },
  { "invalid_request", MSI_OAUTH2_ERROR_INVALID_REQUEST },
  { "redirect_uri_mismatch", MSI_OAUTH2_ERROR_INVALID_REQUEST }, /* Salesforce, Google */
  { "invalid_scope", MSI_OAUTH2_ERROR_INVALID_SCOPE },
  { "unsupported_response_type", MSI_OAUTH2_ERROR_UNSUPPORTED },
  { "unsupported_grant_type", MSI_OAUTH2_ERROR_UNSUPPORTED },
  { "unsupported_token_type", MSI_OAUTH2_ERROR_UNSUPPORTED },
  { "interaction_required", MSI_OAUTH2_ERROR_INTERACTION_REQUIRED },
  { "consent_required", MSI_OAUTH2_ERROR_INTERACTION_REQUIRED },
  { "login_required", MSI_OAUTH2_ERROR_INTERACTION_REQUIRED },
  { "account_selection_required", MSI_OAUTH2_ERROR_INTERACTION_REQUIRED },
  { "temporarily_unavailable", MSI_OAUTH2_ERROR_TEMPORARILY_UNAVAILABLE },
  { "server_error", MSI_OAUTH2_ERROR_TEMPORARILY_UNAVAILABLE },
};

/**
 * msi_oauth2_error_from_code:
 * @code: (nullable): the "error" of an OAuth 2.0 error answer
 *
 * Returns: the error to report; %MSI_OAUTH2_ERROR_FAILED for codes we do
 *   not know.
 */
MsiOAuth2Error
msi_oauth2_error_from_code (const char *code)
{
  if (code == NULL)
    return MSI_OAUTH2_ERROR_FAILED;

  for (guint i = 0; i < G_N_ELEMENTS (error_codes); i++)
    if (g_str_equal (code, error_codes[i].code))
      return error_codes[i].error;

  return MSI_OAUTH2_ERROR_FAILED;
}

static const char *
describe_error (MsiOAuth2Error error)
{
  switch (error)
    {
    case MSI_OAUTH2_ERROR_ACCESS_DENIED:
      return _("Sign-in was cancelled.");
    case MSI_OAUTH2_ERROR_INVALID_REDIRECT:
      return _("The sign-in answer came back to an unexpected address. Start again.");
    case MSI_OAUTH2_ERROR_STATE_MISMATCH:
      return _("The sign-in answer did not belong to this sign-in attempt. Start again.");
    case MSI_OAUTH2_ERROR_MISSING_CODE:
      return _("The sign-in answer did not contain an authorization code. Start again.");
    case MSI_OAUTH2_ERROR_INVALID_GRANT:
      return _("The sign-in has expired or was revoked. Sign in again.");
    case MSI_OAUTH2_ERROR_INVALID_CLIENT:
      return _("The service does not recognize this app’s client ID. Check the client ID in the profile.");
    case MSI_OAUTH2_ERROR_UNAUTHORIZED_CLIENT:
      return _("The service does not allow this app to sign in this way. Check the app’s registration with the service.");
    case MSI_OAUTH2_ERROR_INVALID_REQUEST:
      return _("The service did not accept the sign-in request. Check the app’s registration and redirect address.");
    case MSI_OAUTH2_ERROR_INVALID_SCOPE:
      return _("The service did not accept the permissions this app asks for.");
    case MSI_OAUTH2_ERROR_UNSUPPORTED:
      return _("The service does not support this kind of sign-in.");
    case MSI_OAUTH2_ERROR_INTERACTION_REQUIRED:
      return _("The service needs you to sign in again.");
    case MSI_OAUTH2_ERROR_TEMPORARILY_UNAVAILABLE:
      return _("The sign-in service is temporarily unavailable. Try again later.");
    case MSI_OAUTH2_ERROR_FAILED:
    default:
      return _("Sign-in failed.");
    }
}

/* The provider's explanation as plain text of a sensible length: it came
 * through a URL or a reply and may hold anything. */
static char *
clean_description (const char *description)
{
  g_autofree char *valid = NULL;
  g_autoptr(GString) clean = NULL;
  guint n_chars = 0;

  if (description == NULL)
    return NULL;

  valid = g_utf8_make_valid (description, -1);
  clean = g_string_new (NULL);
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (n_chars == MAX_DESCRIPTION_CHARS)
        {
          g_string_append (clean, "…");
          break;
        }
      if (g_unichar_iscntrl (c) || g_unichar_isspace (c))
        c = ' ';
      g_string_append_unichar (clean, c);
      n_chars++;
    }
  g_strstrip (clean->str);
  clean->len = strlen (clean->str);

  if (clean->len == 0)
    return NULL;

  return g_string_free (g_steal_pointer (&clean), FALSE);
}

/**
 * msi_oauth2_error_new_from_response:
 * @code: the "error" of an OAuth 2.0 error answer
 * @description: (nullable): its "error_description"
 *
 * Returns: (transfer full): an %MSI_OAUTH2_ERROR whose message says what
 *   happened, followed by the provider's explanation when it sent one.
 */
GError *
msi_oauth2_error_new_from_response (const char *code,
                                    const char *description)
{
  MsiOAuth2Error error = msi_oauth2_error_from_code (code);
  g_autofree char *clean = clean_description (description);

  if (clean != NULL)
    /* TRANSLATORS: the first %s says what happened, the second is the
     * sign-in service's own explanation, in its language */
    return g_error_new (MSI_OAUTH2_ERROR, error, _("%s The service said: “%s”"),
                        describe_error (error), clean);

  return g_error_new_literal (MSI_OAUTH2_ERROR, error, describe_error (error));
}

static void
msi_oauth2_client_finalize (GObject *object)
{
  MsiOAuth2Client *self = (MsiOAuth2Client *)object;

  g_clear_object (&self->http);
  g_clear_pointer (&self->client_id, g_free);
  g_clear_pointer (&self->authorization_endpoint, g_free);
  g_clear_pointer (&self->token_endpoint, g_free);
  g_clear_pointer (&self->revocation_endpoint, g_free);
  g_clear_pointer (&self->redirect_uri, g_free);
  g_clear_pointer (&self->scope, g_free);
  g_clear_pointer (&self->authorize_params, g_ptr_array_unref);

  G_OBJECT_CLASS (msi_oauth2_client_parent_class)->finalize (object);
}

static void
msi_oauth2_client_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  MsiOAuth2Client *self = MSI_OAUTH2_CLIENT (object);

  switch (prop_id)
    {
    case PROP_HTTP:
      g_value_set_object (value, self->http);
      break;

    case PROP_CLIENT_ID:
      g_value_set_string (value, self->client_id);
      break;

    case PROP_AUTHORIZATION_ENDPOINT:
      g_value_set_string (value, self->authorization_endpoint);
      break;

    case PROP_TOKEN_ENDPOINT:
      g_value_set_string (value, self->token_endpoint);
      break;

    case PROP_REVOCATION_ENDPOINT:
      g_value_set_string (value, self->revocation_endpoint);
      break;

    case PROP_REDIRECT_URI:
      g_value_set_string (value, self->redirect_uri);
      break;

    case PROP_SCOPE:
      g_value_set_string (value, self->scope);
      break;

    case PROP_DEFAULT_LIFETIME:
      g_value_set_int64 (value, self->default_lifetime);
      break;

    case PROP_PROVIDER:
      g_value_set_enum (value, self->provider);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
msi_oauth2_client_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  MsiOAuth2Client *self = MSI_OAUTH2_CLIENT (object);

  switch (prop_id)
    {
    case PROP_HTTP:
      self->http = g_value_dup_object (value);
      break;

    case PROP_CLIENT_ID:
      self->client_id = g_value_dup_string (value);
      break;

    case PROP_AUTHORIZATION_ENDPOINT:
      self->authorization_endpoint = g_value_dup_string (value);
      break;

    case PROP_TOKEN_ENDPOINT:
      self->token_endpoint = g_value_dup_string (value);
      break;

    case PROP_REVOCATION_ENDPOINT:
      {
        const char *endpoint = g_value_get_string (value);

        /* An empty address means the provider has none (Microsoft). */
        self->revocation_endpoint = endpoint && *endpoint ? g_strdup (endpoint) : NULL;
      }
      break;

    case PROP_REDIRECT_URI:
      self->redirect_uri = g_value_dup_string (value);
      break;

    case PROP_SCOPE:
      msi_oauth2_client_set_scope (self, g_value_get_string (value));
      break;

    case PROP_DEFAULT_LIFETIME:
      msi_oauth2_client_set_default_lifetime (self, g_value_get_int64 (value));
      break;

    case PROP_PROVIDER:
      msi_oauth2_client_set_provider (self, g_value_get_enum (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
msi_oauth2_client_class_init (MsiOAuth2ClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = msi_oauth2_client_finalize;
  object_class->get_property = msi_oauth2_client_get_property;
  object_class->set_property = msi_oauth2_client_set_property;

  properties[PROP_HTTP] =
    g_param_spec_object ("http", NULL, NULL,
                         MSI_TYPE_HTTP_CLIENT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CLIENT_ID] =
    g_param_spec_string ("client-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_AUTHORIZATION_ENDPOINT] =
    g_param_spec_string ("authorization-endpoint", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_TOKEN_ENDPOINT] =
    g_param_spec_string ("token-endpoint", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_REVOCATION_ENDPOINT] =
    g_param_spec_string ("revocation-endpoint", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_REDIRECT_URI] =
    g_param_spec_string ("redirect-uri", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SCOPE] =
    g_param_spec_string ("scope", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_DEFAULT_LIFETIME] =
    g_param_spec_int64 ("default-lifetime", NULL, NULL,
                        1, G_MAXINT32, DEFAULT_LIFETIME_SECONDS,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PROVIDER] =
    g_param_spec_enum ("provider", NULL, NULL,
                       MSI_TYPE_OAUTH2_PROVIDER,
                       MSI_OAUTH2_PROVIDER_GENERIC,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
msi_oauth2_client_init (MsiOAuth2Client *self)
{
  self->default_lifetime = DEFAULT_LIFETIME_SECONDS;
  self->provider = MSI_OAUTH2_PROVIDER_GENERIC;
  self->authorize_params = g_ptr_array_new_with_free_func (g_free);
  self->clock = default_clock;
}

/**
 * msi_oauth2_client_new:
 * @http: the HTTP client for the token and revocation endpoints
 * @client_id: the public client's ID; no secret is ever sent
 * @authorization_endpoint: absolute URL
 * @token_endpoint: absolute URL
 * @revocation_endpoint: (nullable): absolute URL, or %NULL when the
 *   provider has none
 * @redirect_uri: the registered redirect URI
 */
MsiOAuth2Client *
msi_oauth2_client_new (MsiHttpClient *http,
                       const char    *client_id,
                       const char    *authorization_endpoint,
                       const char    *token_endpoint,
                       const char    *revocation_endpoint,
                       const char    *redirect_uri)
{
  g_return_val_if_fail (MSI_IS_HTTP_CLIENT (http), NULL);
  g_return_val_if_fail (client_id != NULL && *client_id != '\0', NULL);
  g_return_val_if_fail (authorization_endpoint != NULL, NULL);
  g_return_val_if_fail (token_endpoint != NULL, NULL);
  g_return_val_if_fail (redirect_uri != NULL, NULL);

  return g_object_new (MSI_TYPE_OAUTH2_CLIENT,
                       "http", http,
                       "client-id", client_id,
                       "authorization-endpoint", authorization_endpoint,
                       "token-endpoint", token_endpoint,
                       "revocation-endpoint", revocation_endpoint,
                       "redirect-uri", redirect_uri,
                       NULL);
}

const char *
msi_oauth2_client_get_client_id (MsiOAuth2Client *self)
{
  g_return_val_if_fail (MSI_IS_OAUTH2_CLIENT (self), NULL);

  return self->client_id;
}

const char *
msi_oauth2_client_get_redirect_uri (MsiOAuth2Client *self)
{
  g_return_val_if_fail (MSI_IS_OAUTH2_CLIENT (self), NULL);

  return self->redirect_uri;
}

const char *
msi_oauth2_client_get_scope (MsiOAuth2Client *self)
{
  g_return_val_if_fail (MSI_IS_OAUTH2_CLIENT (self), NULL);

  return self->scope;
}

/**
 * msi_oauth2_client_set_scope:
 * @scope: (nullable): space-separated scopes; %NULL or "" sends none
 */
void
msi_oauth2_client_set_scope (MsiOAuth2Client *self,
                             const char      *scope)
{
  g_return_if_fail (MSI_IS_OAUTH2_CLIENT (self));

  if (scope != NULL && *scope == '\0')
    scope = NULL;

  if (g_strcmp0 (self->scope, scope) == 0)
    return;

  g_free (self->scope);
  self->scope = g_strdup (scope);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCOPE]);
}

gint64
msi_oauth2_client_get_default_lifetime (MsiOAuth2Client *self)
{
  g_return_val_if_fail (MSI_IS_OAUTH2_CLIENT (self), 0);

  return self->default_lifetime;
}

/**
 * msi_oauth2_client_set_default_lifetime:
 * @seconds: how long an access token lives when the reply does not say
 *   (Salesforce): the org's session timeout, 7200 by default
 */
void
msi_oauth2_client_set_default_lifetime (MsiOAuth2Client *self,
                                        gint64           seconds)
{
  g_return_if_fail (MSI_IS_OAUTH2_CLIENT (self));
  g_return_if_fail (seconds > 0 && seconds <= G_MAXINT32);

  if (self->default_lifetime == seconds)
    return;

  self->default_lifetime = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEFAULT_LIFETIME]);
}

MsiOAuth2Provider
msi_oauth2_client_get_provider (MsiOAuth2Client *self)
{
  g_return_val_if_fail (MSI_IS_OAUTH2_CLIENT (self), MSI_OAUTH2_PROVIDER_GENERIC);

  return self->provider;
}

void
msi_oauth2_client_set_provider (MsiOAuth2Client   *self,
                                MsiOAuth2Provider  provider)
{
  g_return_if_fail (MSI_IS_OAUTH2_CLIENT (self));
  g_return_if_fail (provider <= MSI_OAUTH2_PROVIDER_GOOGLE);

  if (self->provider == provider)
    return;

  self->provider = provider;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROVIDER]);
}

/**
 * msi_oauth2_client_add_authorize_param:
 * @name: a parameter of the authorization request, e.g. "access_type"
 * @value: its value, e.g. "offline"
 *
 * Adds a provider-specific parameter to every authorization URL, or
 * replaces its value. The parameters the flow sets itself (state, PKCE,
 * redirect_uri, scope, login_hint, prompt…) cannot be overridden.
 */
void
msi_oauth2_client_add_authorize_param (MsiOAuth2Client *self,
                                       const char      *name,
                                       const char      *value)
{
  g_return_if_fail (MSI_IS_OAUTH2_CLIENT (self));
  g_return_if_fail (name != NULL && *name != '\0');
  g_return_if_fail (value != NULL);
  g_return_if_fail (!g_strv_contains (reserved_params, name));

  for (guint i = 0; i + 1 < self->authorize_params->len; i += 2)
    {
      if (g_str_equal (g_ptr_array_index (self->authorize_params, i), name))
        {
          g_free (g_ptr_array_index (self->authorize_params, i + 1));
          g_ptr_array_index (self->authorize_params, i + 1) = g_strdup (value);
          return;
        }
    }

  g_ptr_array_add (self->authorize_params, g_strdup (name));
  g_ptr_array_add (self->authorize_params, g_strdup (value));
}

/**
 * msi_oauth2_client_set_clock:
 * @now: (nullable): returns the Unix time in seconds; %NULL for the real one
 *
 * For tests: the time expiries are computed from.
 */
void
msi_oauth2_client_set_clock (MsiOAuth2Client *self,
                             MsiOAuth2Clock   now)
{
  g_return_if_fail (MSI_IS_OAUTH2_CLIENT (self));

  self->clock = now ? now : default_clock;
}

/**
 * msi_oauth2_client_get_now:
 *
 * Returns: the client's idea of the current Unix time, in seconds: pass it
 *   to msi_oauth2_flow_is_expired().
 */
gint64
msi_oauth2_client_get_now (MsiOAuth2Client *self)
{
  g_return_val_if_fail (MSI_IS_OAUTH2_CLIENT (self), 0);

  return self->clock ();
}

/**
 * msi_oauth2_client_begin:
 * @login_hint: (nullable): the account to preselect
 * @prompt: (nullable): "login", "consent", "select_account"…
 *
 * Starts an authorization attempt: open
 * msi_oauth2_flow_get_authorization_url(), watch for
 * msi_oauth2_flow_matches_redirect(), then pass the code from
 * msi_oauth2_flow_parse_redirect() to msi_oauth2_client_exchange_code_async().
 *
 * Returns: (transfer full): a new flow, or %NULL when the configured
 *   addresses are invalid.
 */
MsiOAuth2Flow *
msi_oauth2_client_begin (MsiOAuth2Client  *self,
                         const char       *login_hint,
                         const char       *prompt,
                         GError          **error)
{
  g_autoptr(GPtrArray) params = NULL;

  g_return_val_if_fail (MSI_IS_OAUTH2_CLIENT (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  params = g_ptr_array_new ();
  if (self->scope != NULL)
    {
      g_ptr_array_add (params, (gpointer)"scope");
      g_ptr_array_add (params, self->scope);
    }
  if (login_hint != NULL && *login_hint != '\0')
    {
      g_ptr_array_add (params, (gpointer)"login_hint");
      g_ptr_array_add (params, (gpointer)login_hint);
    }
  if (prompt != NULL && *prompt != '\0')
    {
      g_ptr_array_add (params, (gpointer)"prompt");
      g_ptr_array_add (params, (gpointer)prompt);
    }
  for (guint i = 0; i < self->authorize_params->len; i++)
    g_ptr_array_add (params, g_ptr_array_index (self->authorize_params, i));
  g_ptr_array_add (params, NULL);

  return msi_oauth2_flow_new (self->authorization_endpoint,
                              self->client_id,
                              self->redirect_uri,
                              (const char * const *)params->pdata,
                              self->clock (),
                              error);
}

/* The token endpoint's replies */

/* Reads a non-negative integer sent as a JSON number or a string of digits
 * (Salesforce sends everything as strings; some servers send expires_in
 * as "3600"). */
static gboolean
get_integer_member (JsonObject *object,
                    const char *name,
                    gint64     *out)
{
  JsonNode *node = json_object_get_member (object, name);
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    {
      *out = json_node_get_int (node);
      return *out >= 0;
    }
  if (type == G_TYPE_DOUBLE)
    {
      double d = json_node_get_double (node);

      if (!isfinite (d) || d < 0 || d > (double)G_MAXINT64 / 2)
        return FALSE;
      *out = (gint64)d;
      return TRUE;
    }
  if (type == G_TYPE_STRING)
    {
      guint64 value;

      if (!g_ascii_string_to_unsigned (json_node_get_string (node), 10, 0, G_MAXINT64,
                                       &value, NULL))
        return FALSE;
      *out = (gint64)value;
      return TRUE;
    }

  return FALSE;
}

/* The access token is sent to these addresses: https, or http on this
 * machine (the demo server). */
static gboolean
is_safe_service_url (const char *url)
{
  g_autofree char *scheme = NULL;
  g_autofree char *userinfo = NULL;
  g_autofree char *host = NULL;

  if (!g_uri_split (url, G_URI_FLAGS_ENCODED, &scheme, &userinfo, &host, NULL,
                    NULL, NULL, NULL, NULL))
    return FALSE;

  if (scheme == NULL || userinfo != NULL || host == NULL || *host == '\0')
    return FALSE;

  if (g_ascii_strcasecmp (scheme, "https") == 0)
    return TRUE;

  return g_ascii_strcasecmp (scheme, "http") == 0 &&
         (g_str_equal (host, "127.0.0.1") || g_str_equal (host, "::1") ||
          g_ascii_strcasecmp (host, "localhost") == 0);
}

static MsiOAuth2Tokens *
tokens_from_reply (MsiOAuth2Client  *self,
                   JsonNode         *root,
                   const char       *sent_refresh_token,
                   GError          **error)
{
  g_autoptr(MsiOAuth2Tokens) tokens = NULL;
  JsonObject *object;
  const char *s;
  gint64 expires_in;
  gint64 issued_at;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      msi_json_get_nonempty_string (json_node_get_object (root), "access_token") == NULL)
    {
      g_debug ("The token endpoint answered without an access token");
      g_set_error_literal (error, MSI_HTTP_ERROR, MSI_HTTP_ERROR_INVALID_RESPONSE,
                           _("The sign-in service answered without an access token."));
      return NULL;
    }

  object = json_node_get_object (root);
  tokens = msi_oauth2_tokens_new ();
  tokens->access_token = g_strdup (msi_json_get_nonempty_string (object, "access_token"));
  s = msi_json_get_nonempty_string (object, "token_type");
  tokens->token_type = g_strdup (s ? s : "Bearer");
  tokens->scope = g_strdup (msi_json_get_nonempty_string (object, "scope"));
  tokens->id_token = g_strdup (msi_json_get_nonempty_string (object, "id_token"));

  /* Rotation: a new refresh token replaces the one sent; without one the
   * old one stays valid. */
  s = msi_json_get_nonempty_string (object, "refresh_token");
  tokens->refresh_token = g_strdup (s ? s : sent_refresh_token);

  /* Salesforce: where the REST API of this org lives, and who signed in. */
  s = msi_json_get_nonempty_string (object, "instance_url");
  if (s != NULL)
    {
      if (!is_safe_service_url (s))
        {
          g_set_error (error, MSI_HTTP_ERROR, MSI_HTTP_ERROR_INVALID_RESPONSE,
                       _("The sign-in service sent an unusable instance address, “%s”."), s);
          return NULL;
        }
      tokens->instance_url = g_strdup (s);
    }
  s = msi_json_get_nonempty_string (object, "id");
  if (s != NULL)
    {
      if (!is_safe_service_url (s))
        {
          g_set_error (error, MSI_HTTP_ERROR, MSI_HTTP_ERROR_INVALID_RESPONSE,
                       _("The sign-in service sent an unusable identity address, “%s”."), s);
          return NULL;
        }
      tokens->id_url = g_strdup (s);
    }

  if (get_integer_member (object, "expires_in", &expires_in))
    tokens->expires_at = self->clock () + MIN (expires_in, (gint64)G_MAXINT32);
  else if (get_integer_member (object, "issued_at", &issued_at))
    {
      /* Milliseconds since the epoch; a value in seconds would be before
       * 1973 as milliseconds. */
      if (issued_at >= G_GINT64_CONSTANT (100000000000))
        issued_at /= 1000;
      tokens->expires_at = issued_at + self->default_lifetime;
    }
  else if (self->provider == MSI_OAUTH2_PROVIDER_SALESFORCE)
    tokens->expires_at = self->clock () + self->default_lifetime;
  else
    tokens->expires_at = 0;

  g_debug ("Received tokens (%s refresh token, expires at %" G_GINT64_FORMAT ")",
           msi_json_get_nonempty_string (object, "refresh_token") ? "a new" :
           tokens->refresh_token ? "the same" : "no",
           tokens->expires_at);

  return g_steal_pointer (&tokens);
}

/**
 * msi_oauth2_client_parse_tokens:
 * @reply: an RFC 6749 §5.1 token response the provider sent some other
 *   way than this client's token endpoint (an Actions invitation's
 *   onboarding session)
 *
 * Reads @reply as a reply of the token endpoint is read: the same
 * members, the same checks, the expiry on this client's clock.
 *
 * Returns: (transfer full) (nullable): the tokens, or %NULL with @error set
 */
MsiOAuth2Tokens *
msi_oauth2_client_parse_tokens (MsiOAuth2Client  *self,
                                JsonNode         *reply,
                                GError          **error)
{
  g_return_val_if_fail (MSI_IS_OAUTH2_CLIENT (self), NULL);

  return tokens_from_reply (self, reply, NULL, error);
}

/* Finishes a token endpoint request; an OAuth 2.0 error reply becomes an
 * %MSI_OAUTH2_ERROR, any other failure keeps its %MSI_HTTP_ERROR. */
static JsonNode *
finish_token_request (MsiOAuth2Client  *self,
                      GAsyncResult     *result,
                      guint            *status,
                      gboolean         *revoked_already,
                      GError          **error)
{
  g_autoptr(JsonNode) error_body = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;
  const char *code = NULL;

  root = msi_http_client_request_json_finish_full (self->http, result, status,
                                                   &error_body, &local_error);
  if (root != NULL)
    return root;

  if (error_body != NULL && JSON_NODE_HOLDS_OBJECT (error_body) &&
      local_error->domain == MSI_HTTP_ERROR)
    code = msi_json_get_nonempty_string (json_node_get_object (error_body), "error");

  if (code != NULL)
    {
      g_debug ("The endpoint answered with the OAuth error %s", code);

      /* RFC 7009 §2.2.1: an unknown or already invalid token. */
      if (revoked_already != NULL &&
          (g_str_equal (code, "unsupported_token_type") || g_str_equal (code, "invalid_token")))
        *revoked_already = TRUE;

      g_propagate_error (error,
                         msi_oauth2_error_new_from_response (code,
                                                             msi_json_get_nonempty_string (json_node_get_object (error_body),
                                                                                           "error_description")));
      return NULL;
    }

  g_propagate_error (error, g_steal_pointer (&local_error));
  return NULL;
}

static GHashTable *
new_form (void)
{
  /* Names are static; values may be codes, verifiers or tokens. */
  return g_hash_table_new_full (g_str_hash, g_str_equal, NULL, wipe_free);
}

static void
token_request_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MsiOAuth2Client *self = g_task_get_source_object (task);
  const char *sent_refresh_token = g_task_get_task_data (task);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  MsiOAuth2Tokens *tokens;

  root = finish_token_request (self, result, NULL, NULL, &error);
  if (root == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  tokens = tokens_from_reply (self, root, sent_refresh_token, &error);
  if (tokens == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, tokens, (GDestroyNotify)msi_oauth2_tokens_free);
}

/**
 * msi_oauth2_client_exchange_code_async:
 * @flow: the flow the code was received for
 * @code: the authorization code from msi_oauth2_flow_parse_redirect()
 *
 * Redeems @code with the flow's PKCE verifier (RFC 7636 §4.5). As a public
 * client, no secret is sent. The request is not retried: a code is
 * single-use.
 */
void
msi_oauth2_client_exchange_code_async (MsiOAuth2Client     *self,
                                       MsiOAuth2Flow       *flow,
                                       const char          *code,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) form = NULL;

  g_return_if_fail (MSI_IS_OAUTH2_CLIENT (self));
  g_return_if_fail (MSI_IS_OAUTH2_FLOW (flow));
  g_return_if_fail (code != NULL && *code != '\0');
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, msi_oauth2_client_exchange_code_async);

  form = new_form ();
  g_hash_table_insert (form, (gpointer)"grant_type", g_strdup ("authorization_code"));
  g_hash_table_insert (form, (gpointer)"code", g_strdup (code));
  g_hash_table_insert (form, (gpointer)"client_id", g_strdup (self->client_id));
  g_hash_table_insert (form, (gpointer)"redirect_uri", g_strdup (msi_oauth2_flow_get_redirect_uri (flow)));
  g_hash_table_insert (form, (gpointer)"code_verifier", g_strdup (msi_oauth2_flow_get_verifier (flow)));

  g_debug ("Redeeming an authorization code at %s", self->token_endpoint);

  msi_http_client_post_form_async (self->http, self->token_endpoint, form,
                                   MSI_HTTP_FLAGS_NO_RETRY,
                                   cancellable, token_request_cb,
                                   g_steal_pointer (&task));
}

/**
 * msi_oauth2_client_exchange_code_finish:
 *
 * Returns: (transfer full): the tokens, or %NULL with an %MSI_OAUTH2_ERROR
 *   (the server refused) or an %MSI_HTTP_ERROR.
 */
MsiOAuth2Tokens *
msi_oauth2_client_exchange_code_finish (MsiOAuth2Client  *self,
                                        GAsyncResult     *result,
                                        GError          **error)
{
  g_return_val_if_fail (MSI_IS_OAUTH2_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == msi_oauth2_client_exchange_code_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
msi_oauth2_client_refresh_async (MsiTokenRefresher   *refresher,
                                 const char          *refresh_token,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  MsiOAuth2Client *self = MSI_OAUTH2_CLIENT (refresher);
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) form = NULL;

  g_return_if_fail (refresh_token != NULL && *refresh_token != '\0');

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, msi_oauth2_client_refresh_async);
  g_task_set_task_data (task, g_strdup (refresh_token), wipe_free);

  form = new_form ();
  g_hash_table_insert (form, (gpointer)"grant_type", g_strdup ("refresh_token"));
  g_hash_table_insert (form, (gpointer)"refresh_token", g_strdup (refresh_token));
  g_hash_table_insert (form, (gpointer)"client_id", g_strdup (self->client_id));
  /* Microsoft issues a token for one resource at a time: say which. */
  if (self->provider == MSI_OAUTH2_PROVIDER_MICROSOFT && self->scope != NULL)
    g_hash_table_insert (form, (gpointer)"scope", g_strdup (self->scope));

  g_debug ("Refreshing tokens at %s", self->token_endpoint);

  msi_http_client_post_form_async (self->http, self->token_endpoint, form,
                                   MSI_HTTP_FLAGS_NO_RETRY,
                                   cancellable, token_request_cb,
                                   g_steal_pointer (&task));
}

static MsiOAuth2Tokens *
msi_oauth2_client_refresh_finish (MsiTokenRefresher  *refresher,
                                  GAsyncResult       *result,
                                  GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, refresher), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == msi_oauth2_client_refresh_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
token_refresher_iface_init (MsiTokenRefresherInterface *iface)
{
  iface->refresh_async = msi_oauth2_client_refresh_async;
  iface->refresh_finish = msi_oauth2_client_refresh_finish;
}

static void
revoke_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MsiOAuth2Client *self = g_task_get_source_object (task);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  gboolean revoked_already = FALSE;
  guint status = 0;

  root = finish_token_request (self, result, &status, &revoked_already, &error);
  if (root != NULL)
    {
      g_debug ("Revoked a token");
      g_task_return_boolean (task, TRUE);
    }
  else if (revoked_already)
    {
      g_debug ("The token was already invalid");
      g_task_return_boolean (task, TRUE);
    }
  else if (status == 200 && g_error_matches (error, MSI_HTTP_ERROR, MSI_HTTP_ERROR_INVALID_RESPONSE))
    {
      /* RFC 7009 only defines the status; some servers send HTML or text. */
      g_debug ("Revoked a token (the reply had no JSON)");
      g_task_return_boolean (task, TRUE);
    }
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

/**
 * msi_oauth2_client_revoke_async:
 * @token: a refresh token (which also ends its access tokens) or an
 *   access token
 *
 * Revokes @token at the revocation endpoint (RFC 7009). A token the
 * server no longer knows counts as revoked; so does any token when the
 * provider has no revocation endpoint.
 */
void
msi_oauth2_client_revoke_async (MsiOAuth2Client     *self,
                                const char          *token,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) form = NULL;

  g_return_if_fail (MSI_IS_OAUTH2_CLIENT (self));
  g_return_if_fail (token != NULL && *token != '\0');
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, msi_oauth2_client_revoke_async);

  if (self->revocation_endpoint == NULL)
    {
      g_debug ("No revocation endpoint: nothing to revoke");
      g_task_return_boolean (task, TRUE);
      return;
    }

  form = new_form ();
  g_hash_table_insert (form, (gpointer)"token", g_strdup (token));

  g_debug ("Revoking a token at %s", self->revocation_endpoint);

  msi_http_client_post_form_async (self->http, self->revocation_endpoint, form,
                                   MSI_HTTP_FLAGS_IDEMPOTENT,
                                   cancellable, revoke_cb,
                                   g_steal_pointer (&task));
}

gboolean
msi_oauth2_client_revoke_finish (MsiOAuth2Client  *self,
                                 GAsyncResult     *result,
                                 GError          **error)
{
  g_return_val_if_fail (MSI_IS_OAUTH2_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == msi_oauth2_client_revoke_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
