/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-salesforce-client.c: the app's own Salesforce sign-in and the REST/Tooling API for the admin checks
 *
 * The app is a public OAuth 2.0 client of Salesforce (api-notes §1.2–1.6):
 * authorization code with PKCE S256 at the login host the admin chose,
 * the private-use redirect URI, scopes "api refresh_token openid". The
 * token reply names the org's REST base (instance_url); the tokens go to
 * the keyring only, GSettings remembers the user ID and the login host.
 *
 * REST calls (api-notes §1.7–1.11) go to the instance with the access
 * token; a 401 refreshes it once and sends the call once more. Salesforce's
 * error arrays [{message, errorCode}] become MsiSalesforceError, keeping
 * Salesforce's message.
 */

#define G_LOG_DOMAIN "msi-salesforce-client"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "msi-json.h"
#include "msi-salesforce-client.h"

#define PROVIDER            "salesforce"
#define SCOPE               "api refresh_token openid"
#define USERINFO_PATH       "/services/oauth2/userinfo"
#define MAX_ATTEMPTS        3
#define RETRY_BASE_MS       400
#define MAX_RETRY_AFTER_MS  (10 * 1000)
#define MAX_QUERY_BATCHES   5000
#define MAX_MESSAGE_CHARS   400

/* api-notes §1.10 */
#define PACKAGE_QUERY \
  "SELECT Id, SubscriberPackageId, SubscriberPackage.NamespacePrefix, SubscriberPackage.Name, " \
  "SubscriberPackageVersion.Id, SubscriberPackageVersion.Name, SubscriberPackageVersion.MajorVersion, " \
  "SubscriberPackageVersion.MinorVersion, SubscriberPackageVersion.PatchVersion, " \
  "SubscriberPackageVersion.BuildNumber FROM InstalledSubscriberPackage ORDER BY SubscriberPackageId"

struct _MsiSalesforceClient
{
  GObject            parent_instance;

  MsiProfile        *profile;
  MsiTokenStore     *store;
  GSettings         *profile_settings;
  SoupSession       *session;

  /* The login host, and the OAuth client at it (it also refreshes). */
  char              *login_url;
  MsiHttpClient     *login_http;
  MsiOAuth2Client   *oauth;

  MsiAuthState       state;
  char              *account;        /* the user ID, the keyring entry's key */
  char              *instance_url;
  MsiHttpClient     *instance_http;  /* unauthenticated calls */
  MsiSalesforceUser *user;
  char              *api_version;    /* "v62.0", once discovered */
  guint              batch_size;
};

enum {
  PROP_0,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (MsiSalesforceClient, msi_salesforce_client, G_TYPE_OBJECT)
G_DEFINE_QUARK (msi-salesforce-error-quark, msi_salesforce_error)

/* Hosts of Salesforce logins and instances. */
static const char * const salesforce_hosts[] = { ".salesforce.com", ".force.com", NULL };

void
msi_salesforce_user_free (MsiSalesforceUser *user)
{
  if (user == NULL)
    return;

  g_free (user->user_id);
  g_free (user->org_id);
  g_free (user->name);
  g_free (user->email);
  g_free (user->username);
  g_free (user->profile_name);
  g_free (user);
}

void
msi_salesforce_package_free (MsiSalesforcePackage *package)
{
  if (package == NULL)
    return;

  g_free (package->installed_name);
  g_free (package->package_id);
  g_free (package);
}

static void
set_state (MsiSalesforceClient *self,
           MsiAuthState         state)
{
  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
clear_sign_in (MsiSalesforceClient *self)
{
  g_clear_pointer (&self->account, g_free);
  g_clear_pointer (&self->instance_url, g_free);
  g_clear_object (&self->instance_http);
  g_clear_pointer (&self->user, msi_salesforce_user_free);
  g_clear_pointer (&self->api_version, g_free);
}

/* A Salesforce ID: 15 or 18 letters and digits. */
static gboolean
is_salesforce_id (const char *id)
{
  gsize len = id != NULL ? strlen (id) : 0;

  if (len != 15 && len != 18)
    return FALSE;

  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (id[i]))
      return FALSE;

  return TRUE;
}

/* --- login hosts --------------------------------------------------------------- */

/* A My Domain name as typed: letters, digits and inner hyphens. */
static gboolean
is_domain_name (const char *text)
{
  gsize len = strlen (text);

  if (len == 0 || len > 63 || text[0] == '-' || text[len - 1] == '-')
    return FALSE;

  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (text[i]) && text[i] != '-')
      return FALSE;

  return TRUE;
}

/**
 * msi_salesforce_normalize_login_url:
 * @text: what the person typed
 *
 * "login" or "production" → https://login.salesforce.com; "test" or
 * "sandbox" → https://test.salesforce.com; a My Domain name → its
 * my.salesforce.com host ("acme--uat" → its sandbox host); a URL on a
 * *.salesforce.com or *.force.com host, https only, without a path, query
 * or user name. Plain http is allowed on loopback only (the demo, which
 * also keeps its path).
 *
 * Returns: (transfer full) (nullable): the origin, or %NULL with a
 *   translated message in MSI_PROFILE_ERROR
 */
char *
msi_salesforce_normalize_login_url (const char  *text,
                                    GError     **error)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text != NULL ? text : ""));
  g_autofree char *lower = g_ascii_strdown (stripped, -1);
  g_autofree char *candidate = NULL;
  g_autofree char *checked = NULL;
  g_autoptr(GUri) uri = NULL;
  const char *host;
  const char *path;
  int port;

  if (*stripped == '\0')
    {
      g_set_error_literal (error, MSI_PROFILE_ERROR, MSI_PROFILE_ERROR_MISSING,
                           _("Enter where you sign in to Salesforce: “login”, “test”, your My Domain name, "
                             "or its address such as https://northwind.my.salesforce.com."));
      return NULL;
    }

  if (g_str_equal (lower, "login") || g_str_equal (lower, "production"))
    return g_strdup ("https://login.salesforce.com");

  if (g_str_equal (lower, "test") || g_str_equal (lower, "sandbox"))
    return g_strdup ("https://test.salesforce.com");

  if (strstr (stripped, "://") == NULL)
    {
      if (is_domain_name (lower))
        {
          /* "acme--uat": the My Domain of the sandbox "uat" of "acme". */
          if (strstr (lower, "--") != NULL)
            return g_strdup_printf ("https://%s.sandbox.my.salesforce.com", lower);
          return g_strdup_printf ("https://%s.my.salesforce.com", lower);
        }

      if (strchr (stripped, '.') == NULL)
        {
          g_set_error (error, MSI_PROFILE_ERROR, MSI_PROFILE_ERROR_INVALID_URL,
                       /* TRANSLATORS: %s is what the person typed */
                       _("“%s” is not a Salesforce login. Enter “login”, “test”, your My Domain name "
                         "(such as northwind) or an address such as https://northwind.my.salesforce.com."),
                       stripped);
          return NULL;
        }

      /* A host typed without its scheme. */
      candidate = g_strconcat ("https://", stripped, NULL);
    }
  else
    {
      candidate = g_strdup (stripped);
    }

  checked = msi_check_service_url (candidate, _("Salesforce login URL"), TRUE, salesforce_hosts, error);
  if (checked == NULL)
    return NULL;

  uri = g_uri_parse (checked, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    {
      g_set_error (error, MSI_PROFILE_ERROR, MSI_PROFILE_ERROR_INVALID_URL,
                   _("%s: “%s” is not a web address. It should look like https://example.com."),
                   _("Salesforce login URL"), checked);
      return NULL;
    }

  host = g_uri_get_host (uri);
  if (msi_is_loopback_host (host))
    return g_steal_pointer (&checked);

  path = g_uri_get_path (uri);
  if (path != NULL && *path != '\0' && !g_str_equal (path, "/"))
    {
      g_set_error (error, MSI_PROFILE_ERROR, MSI_PROFILE_ERROR_INVALID_URL,
                   /* TRANSLATORS: %s is the path part of the address, such as /lightning/page */
                   _("The Salesforce login URL is only the host, such as https://northwind.my.salesforce.com; "
                     "remove “%s” from its end."),
                   path);
      return NULL;
    }

  {
    g_autofree char *host_lower = g_ascii_strdown (host, -1);

    port = g_uri_get_port (uri);
    if (port > 0 && port != 443)
      return g_strdup_printf ("https://%s:%d", host_lower, port);
    return g_strconcat ("https://", host_lower, NULL);
  }
}

/* @login_url: NULL for the remembered login host, or the profile's. */
static char *
resolve_login_url (MsiSalesforceClient  *self,
                   const char           *login_url,
                   GError              **error)
{
  g_autofree char *remembered = NULL;

  if (login_url != NULL && *login_url != '\0')
    return msi_salesforce_normalize_login_url (login_url, error);

  if (self->profile_settings != NULL)
    remembered = g_settings_get_string (self->profile_settings, "salesforce-sign-in-url");
  if (remembered != NULL && *remembered != '\0')
    {
      g_autoptr(GError) local_error = NULL;
      char *normal = msi_salesforce_normalize_login_url (remembered, &local_error);

      if (normal != NULL)
        return normal;
      g_debug ("Ignoring the remembered Salesforce login host: %s", local_error->message);
    }

  {
    const char *url = msi_profile_get_salesforce_login_url (self->profile);
    gsize len = strlen (url);

    while (len > 0 && url[len - 1] == '/')
      len--;
    if (len == 0)
      {
        g_set_error_literal (error, MSI_PROFILE_ERROR, MSI_PROFILE_ERROR_MISSING,
                             _("The profile has no Salesforce login URL. Add it in the profile’s settings."));
        return NULL;
      }
    return g_strndup (url, len);
  }
}

static MsiOAuth2Client *
new_oauth_client (MsiSalesforceClient  *self,
                  const char           *login_url,
                  MsiHttpClient       **out_http)
{
  g_autoptr(MsiHttpClient) http = msi_http_client_new (self->session, login_url);
  g_autofree char *authorize = msi_http_client_build_url (http, "/services/oauth2/authorize");
  g_autofree char *token = msi_http_client_build_url (http, "/services/oauth2/token");
  g_autofree char *revoke = msi_http_client_build_url (http, "/services/oauth2/revoke");
  MsiOAuth2Client *oauth;

  oauth = msi_oauth2_client_new (http, msi_profile_get_salesforce_client_id (self->profile),
                                 authorize, token, revoke, MSI_APP_REDIRECT_URI);
  msi_oauth2_client_set_provider (oauth, MSI_OAUTH2_PROVIDER_SALESFORCE);
  msi_oauth2_client_set_scope (oauth, SCOPE);

  if (out_http != NULL)
    *out_http = g_steal_pointer (&http);

  return oauth;
}

static void
use_login_url (MsiSalesforceClient *self,
               const char          *login_url,
               MsiOAuth2Client     *oauth,
               MsiHttpClient       *http)
{
  g_free (self->login_url);
  self->login_url = g_strdup (login_url);
  g_set_object (&self->oauth, oauth);
  g_set_object (&self->login_http, http);
}

/* --- GObject ------------------------------------------------------------------- */

static void
msi_salesforce_client_finalize (GObject *object)
{
  MsiSalesforceClient *self = (MsiSalesforceClient *)object;

  clear_sign_in (self);
  g_clear_pointer (&self->login_url, g_free);
  g_clear_object (&self->login_http);
  g_clear_object (&self->oauth);
  g_clear_object (&self->profile);
  g_clear_object (&self->store);
  g_clear_object (&self->profile_settings);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (msi_salesforce_client_parent_class)->finalize (object);
}

static void
msi_salesforce_client_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  MsiSalesforceClient *self = MSI_SALESFORCE_CLIENT (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_uint (value, self->state);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
msi_salesforce_client_class_init (MsiSalesforceClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = msi_salesforce_client_finalize;
  object_class->get_property = msi_salesforce_client_get_property;

  properties[PROP_STATE] =
    g_param_spec_uint ("state", NULL, NULL,
                       MSI_AUTH_STATE_SIGNED_OUT, MSI_AUTH_STATE_NEEDS_SIGN_IN, MSI_AUTH_STATE_SIGNED_OUT,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
msi_salesforce_client_init (MsiSalesforceClient *self)
{
}

/**
 * msi_salesforce_client_new:
 * @profile_settings: (nullable): the profile's settings, where the
 *   signed-in user's ID and the login host are remembered between runs
 * @session: (nullable): the HTTP session, %NULL for the shared one
 */
MsiSalesforceClient *
msi_salesforce_client_new (MsiProfile    *profile,
                           MsiTokenStore *store,
                           GSettings     *profile_settings,
                           SoupSession   *session)
{
  MsiSalesforceClient *self;
  g_autofree char *login_url = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (MSI_IS_PROFILE (profile), NULL);
  g_return_val_if_fail (MSI_IS_TOKEN_STORE (store), NULL);
  g_return_val_if_fail (!profile_settings || G_IS_SETTINGS (profile_settings), NULL);
  g_return_val_if_fail (!session || SOUP_IS_SESSION (session), NULL);

  self = g_object_new (MSI_TYPE_SALESFORCE_CLIENT, NULL);
  self->profile = g_object_ref (profile);
  self->store = g_object_ref (store);
  self->profile_settings = profile_settings ? g_object_ref (profile_settings) : NULL;
  self->session = g_object_ref (session != NULL ? session : msi_http_client_get_shared_session ());

  login_url = resolve_login_url (self, NULL, &error);
  if (login_url == NULL)
    {
      /* Signing in will say so; the profile's value is kept as it is. */
      g_debug ("No usable Salesforce login host: %s", error->message);
      login_url = g_strdup (msi_profile_get_salesforce_login_url (profile));
    }

  /* Without a consumer key there is no sign-in: begin_sign_in() says so. */
  if (*msi_profile_get_salesforce_client_id (profile) != '\0')
    {
      g_autoptr(MsiHttpClient) http = NULL;
      g_autoptr(MsiOAuth2Client) oauth = new_oauth_client (self, login_url, &http);

      use_login_url (self, login_url, oauth, http);
    }
  else
    {
      self->login_url = g_steal_pointer (&login_url);
    }

  return self;
}

MsiProfile *
msi_salesforce_client_get_profile (MsiSalesforceClient *self)
{
  g_return_val_if_fail (MSI_IS_SALESFORCE_CLIENT (self), NULL);
  return self->profile;
}

MsiAuthState
msi_salesforce_client_get_state (MsiSalesforceClient *self)
{
  g_return_val_if_fail (MSI_IS_SALESFORCE_CLIENT (self), MSI_AUTH_STATE_SIGNED_OUT);
  return self->state;
}

const char *
msi_salesforce_client_get_login_url (MsiSalesforceClient *self)
{
  g_return_val_if_fail (MSI_IS_SALESFORCE_CLIENT (self), NULL);
  return self->login_url;
}

const MsiSalesforceUser *
msi_salesforce_client_get_user (MsiSalesforceClient *self)
{
  g_return_val_if_fail (MSI_IS_SALESFORCE_CLIENT (self), NULL);
  return self->state == MSI_AUTH_STATE_SIGNED_IN ? self->user : NULL;
}

const char *
msi_salesforce_client_get_instance_url (MsiSalesforceClient *self)
{
  g_return_val_if_fail (MSI_IS_SALESFORCE_CLIENT (self), NULL);
  return self->instance_url;
}

void
msi_salesforce_client_set_query_batch_size (MsiSalesforceClient *self,
                                            guint                batch_size)
{
  g_return_if_fail (MSI_IS_SALESFORCE_CLIENT (self));
  self->batch_size = batch_size;
}

/* Checks the REST base the token reply named before any token goes there. */
static gboolean
take_instance_url (MsiSalesforceClient  *self,
                   const char           *instance_url,
                   GError              **error)
{
  g_autofree char *checked = NULL;
  g_autoptr(GError) local_error = NULL;

  if (instance_url != NULL)
    checked = msi_check_service_url (instance_url, "instance_url", TRUE, salesforce_hosts, &local_error);
  if (checked == NULL)
    {
      g_debug ("Refusing the instance URL: %s", local_error ? local_error->message : "none");
      g_set_error_literal (error, MSI_SALESFORCE_ERROR, MSI_SALESFORCE_ERROR_INVALID_RESPONSE,
                           _("Salesforce did not say where your org’s API is, or named a host that is not "
                             "Salesforce’s. Sign in again; if it happens again, check the login host."));
      return FALSE;
    }

  g_free (self->instance_url);
  self->instance_url = g_steal_pointer (&checked);
  g_clear_object (&self->instance_http);
  self->instance_http = msi_http_client_new (self->session, self->instance_url);
  g_clear_pointer (&self->api_version, g_free);

  return TRUE;
}

/* Reads the userinfo reply (api-notes §1.5). */
static MsiSalesforceUser *
parse_userinfo (JsonNode  *node,
                GError   **error)
{
  JsonObject *object = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  const char *user_id = msi_json_get_string (object, "user_id");
  MsiSalesforceUser *user;

  if (!is_salesforce_id (user_id))
    {
      g_set_error_literal (error, MSI_SALESFORCE_ERROR, MSI_SALESFORCE_ERROR_INVALID_RESPONSE,
                           _("Salesforce did not say who signed in."));
      return NULL;
    }

  user = g_new0 (MsiSalesforceUser, 1);
  user->user_id = g_strdup (user_id);
  user->org_id = g_strdup (msi_json_get_string (object, "organization_id"));
  user->email = g_strdup (msi_json_get_string (object, "email"));
  user->username = g_strdup (msi_json_get_string (object, "preferred_username"));
  user->name = g_strdup (msi_json_get_string (object, "name"));
  if (user->name == NULL)
    user->name = g_strdup (user->username != NULL ? user->username : user->email);
  /* Until the profile is read, what the API answering says. */
  user->api_enabled = TRUE;

  return user;
}

/* --- Salesforce's REST errors ------------------------------------------------------ */

static char *
cut_message (const char *message)
{
  if (g_utf8_strlen (message, -1) > MAX_MESSAGE_CHARS)
    {
      const char *end = g_utf8_offset_to_pointer (message, MAX_MESSAGE_CHARS);
      g_autofree char *cut = g_strndup (message, end - message);

      return g_strconcat (cut, "…", NULL);
    }

  return g_strdup (message);
}

/* The GError of a REST error reply: Salesforce's array of {message,
 * errorCode}, else the HTTP status. */
static GError *
rest_error_new (guint       status,
                const char *content_type,
                GBytes     *body)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root = NULL;
  JsonObject *first = NULL;
  const char *code;
  g_autofree char *message = NULL;

  if (body != NULL && g_bytes_get_size (body) > 0 && g_bytes_get_size (body) <= MSI_HTTP_MAX_BODY_SIZE &&
      json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL))
    root = json_parser_get_root (parser);

  if (root != NULL && JSON_NODE_HOLDS_ARRAY (root) && json_array_get_length (json_node_get_array (root)) > 0 &&
      JSON_NODE_HOLDS_OBJECT (json_array_get_element (json_node_get_array (root), 0)))
    first = json_array_get_object_element (json_node_get_array (root), 0);

  code = msi_json_get_string (first, "errorCode");
  if (code == NULL)
    {
      g_autofree char *text = msi_http_problem_message (status, content_type, body);

      if (status == SOUP_STATUS_UNAUTHORIZED)
        return g_error_new_literal (MSI_SALESFORCE_ERROR, MSI_SALESFORCE_ERROR_INVALID_SESSION,
                                    _("Salesforce ended your session. Sign in to Salesforce again."));
      return g_error_new_literal (MSI_HTTP_ERROR, msi_http_error_from_status (status), text);
    }

  message = cut_message (msi_json_get_string (first, "message") != NULL ? msi_json_get_string (first, "message")
                                                                      : code);

  if (g_str_equal (code, "INVALID_SESSION_ID"))
    return g_error_new (MSI_SALESFORCE_ERROR, MSI_SALESFORCE_ERROR_INVALID_SESSION,
                        /* TRANSLATORS: %s is Salesforce's own message */
                        _("Salesforce ended your session (“%s”). Sign in to Salesforce again."), message);

  if (g_str_equal (code, "REQUEST_LIMIT_EXCEEDED"))
    return g_error_new (MSI_SALESFORCE_ERROR, MSI_SALESFORCE_ERROR_REQUEST_LIMIT,
                        /* TRANSLATORS: %s is Salesforce's own message */
                        _("Your Salesforce org has used all the API requests it may make in 24 hours "
                          "(Salesforce says: “%s”). Try again later, or ask your Salesforce admin to "
                          "raise the org’s API request limit."), message);

  if (g_str_equal (code, "API_DISABLED_FOR_ORG"))
    return g_error_new (MSI_SALESFORCE_ERROR, MSI_SALESFORCE_ERROR_API_DISABLED_FOR_ORG,
                        /* TRANSLATORS: %s is Salesforce's own message */
                        _("Your Salesforce org’s edition does not include API access, which MSI Actions "
                          "needs (Salesforce says: “%s”). Ask your Salesforce account executive to enable "
                          "the API, or use an Enterprise, Unlimited or Performance Edition org."), message);

  if (g_str_equal (code, "API_CURRENTLY_DISABLED"))
    return g_error_new (MSI_SALESFORCE_ERROR, MSI_SALESFORCE_ERROR_API_DISABLED_FOR_USER,
                        /* TRANSLATORS: %s is Salesforce's own message */
                        _("Your Salesforce user may not use the API (Salesforce says: “%s”). Ask your "
                          "Salesforce admin to turn on API Enabled in your profile or in a permission "
                          "set of yours."), message);

  if (g_str_equal (code, "MALFORMED_QUERY") || g_str_equal (code, "INVALID_FIELD") ||
      g_str_equal (code, "INVALID_TYPE") || g_str_equal (code, "INVALID_QUERY_LOCATOR"))
    return g_error_new (MSI_SALESFORCE_ERROR, MSI_SALESFORCE_ERROR_MALFORMED_QUERY,
                        /* TRANSLATORS: %s is Salesforce's own message, %s the error code */
                        _("Salesforce could not run the query: %s (%s)"), message, code);

  if (g_str_equal (code, "NOT_FOUND"))
    return g_error_new (MSI_SALESFORCE_ERROR, MSI_SALESFORCE_ERROR_NOT_FOUND,
                        /* TRANSLATORS: %s is Salesforce's own message */
                        _("Salesforce does not have what was asked for: %s"), message);

  return g_error_new (MSI_SALESFORCE_ERROR, MSI_SALESFORCE_ERROR_FAILED,
                      /* TRANSLATORS: the first %s is Salesforce's own message, the second its error code */
                      _("Salesforce refused the request: %s (%s)"), message, code);
}

static GError *
transport_error_new (GError     *error,
                     const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  const char *host = uri != NULL ? g_uri_get_host (uri) : url;

  if (error->domain == G_TLS_ERROR)
    return g_error_new (MSI_HTTP_ERROR, MSI_HTTP_ERROR_TLS,
                        _("The identity of %s could not be verified, so the connection was stopped."), host);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_error_new (MSI_HTTP_ERROR, MSI_HTTP_ERROR_TIMEOUT, _("%s did not answer in time."), host);

  if (error->domain == G_RESOLVER_ERROR)
    return g_error_new (MSI_HTTP_ERROR, MSI_HTTP_ERROR_NETWORK,
                        _("Could not find %s. Check the address and your network connection."), host);

  return g_error_new (MSI_HTTP_ERROR, MSI_HTTP_ERROR_NETWORK,
                      _("Could not reach %s. Check your network connection."), host);
}

/* --- authorized GETs ----------------------------------------------------------------- */

/*
 * A GET on the instance (or the login host) with the access token. The
 * shared HTTP client cannot send Sforce-Query-Options, so these calls are
 * sent here: the token comes from the token store (refreshed when it is
 * about to expire); a 401 refreshes it once and sends the call once more;
 * lost connections, 429 and 5xx are retried with backoff.
 */

typedef struct
{
  char    *url;
  char    *token;
  guint    batch_size;
  guint    attempt;
  gboolean replayed;
} Rest;

static void
rest_free (Rest *rest)
{
  g_free (rest->url);
  if (rest->token != NULL)
    explicit_bzero (rest->token, strlen (rest->token));
  g_free (rest->token);
  g_free (rest);
}

static void rest_send (GTask *task);

static gboolean
rest_retry_cb (gpointer user_data)
{
  GTask *task = user_data;

  if (!g_task_return_error_if_cancelled (task))
    rest_send (task);

  return G_SOURCE_REMOVE;
}

/* TRUE when another attempt was scheduled. */
static gboolean
rest_schedule_retry (GTask  *task,
                     gint64  retry_after_ms)
{
  Rest *rest = g_task_get_task_data (task);
  guint delay = RETRY_BASE_MS << (rest->attempt - 1);

  if (rest->attempt >= MAX_ATTEMPTS || retry_after_ms > MAX_RETRY_AFTER_MS)
    return FALSE;

  /* Jitter in the upper half, so that clients do not retry in step. */
  delay = delay / 2 + g_random_int_range (0, (gint32)(delay / 2) + 1);
  if (retry_after_ms >= 0)
    delay = MAX (delay, (guint)retry_after_ms);

  g_debug ("Retrying a Salesforce call in %u ms", delay);
  g_timeout_add_full (G_PRIORITY_DEFAULT, delay, rest_retry_cb, g_object_ref (task), g_object_unref);

  return TRUE;
}

static void rest_got_token_cb (GObject      *object,
                               GAsyncResult *result,
                               gpointer      user_data);

static void
rest_sent_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  SoupSession *session = SOUP_SESSION (object);
  g_autoptr(GTask) task = user_data;
  MsiSalesforceClient *self = g_task_get_source_object (task);
  Rest *rest = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonParser) parser = NULL;
  SoupMessage *message = soup_session_get_async_result_message (session, result);
  const char *content_type;
  guint status;

  body = soup_session_send_and_read_finish (session, result, &error);
  if (body == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else if (error->domain == G_TLS_ERROR || !rest_schedule_retry (task, -1))
        g_task_return_error (task, transport_error_new (error, rest->url));
      return;
    }

  status = soup_message_get_status (message);
  content_type = soup_message_headers_get_content_type (soup_message_get_response_headers (message), NULL);

  if (status == SOUP_STATUS_UNAUTHORIZED && !rest->replayed)
    {
      g_debug ("Salesforce refused the access token: refreshing it once");
      rest->replayed = TRUE;
      msi_token_store_get_access_token_async (self->store, msi_profile_get_id (self->profile), PROVIDER,
                                              self->account, MSI_TOKEN_REFRESHER (self->oauth), TRUE,
                                              g_task_get_cancellable (task), rest_got_token_cb,
                                              g_object_ref (task));
      return;
    }

  if (status == 429 || (status >= 500 && status != 501))
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      const char *header = soup_message_headers_get_one (soup_message_get_response_headers (message),
                                                         "Retry-After");

      if (rest_schedule_retry (task, msi_http_parse_retry_after (header, now)))
        return;
    }

  if (status < 200 || status >= 300)
    {
      GError *rest_error = rest_error_new (status, content_type, body);

      if (g_error_matches (rest_error, MSI_SALESFORCE_ERROR, MSI_SALESFORCE_ERROR_INVALID_SESSION))
        set_state (self, MSI_AUTH_STATE_NEEDS_SIGN_IN);
      g_task_return_error (task, rest_error);
      return;
    }

  if (g_bytes_get_size (body) > MSI_HTTP_MAX_BODY_SIZE)
    {
      g_task_return_new_error (task, MSI_SALESFORCE_ERROR, MSI_SALESFORCE_ERROR_INVALID_RESPONSE,
                               _("Salesforce sent a reply larger than 16 MB."));
      return;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), &error))
    {
      g_task_return_new_error (task, MSI_SALESFORCE_ERROR, MSI_SALESFORCE_ERROR_INVALID_RESPONSE,
                               _("Salesforce sent a reply that is not valid JSON: %s"), error->message);
      return;
    }

  g_task_return_pointer (task, json_node_ref (json_parser_get_root (parser)), (GDestroyNotify)json_node_unref);
}

static void
rest_send (GTask *task)
{
  MsiSalesforceClient *self = g_task_get_source_object (task);
  Rest *rest = g_task_get_task_data (task);
  g_autoptr(SoupMessage) message = NULL;
  g_autofree char *authorization = NULL;
  SoupMessageHeaders *headers;

  message = soup_message_new ("GET", rest->url);
  if (message == NULL)
    {
      g_task_return_new_error (task, MSI_SALESFORCE_ERROR, MSI_SALESFORCE_ERROR_INVALID_RESPONSE,
                               _("“%s” is not a valid web address."), rest->url);
      return;
    }

  rest->attempt++;
  headers = soup_message_get_request_headers (message);
  soup_message_headers_replace (headers, "Accept", "application/json");
  authorization = g_strconcat ("Bearer ", rest->token, NULL);
  soup_message_headers_replace (headers, "Authorization", authorization);
  explicit_bzero (authorization, strlen (authorization));
  if (rest->batch_size > 0)
    {
      g_autofree char *options = g_strdup_printf ("batchSize=%u", rest->batch_size);

      soup_message_headers_replace (headers, "Sforce-Query-Options", options);
    }

  soup_session_send_and_read_async (self->session, message, G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (task), rest_sent_cb, g_object_ref (task));
}

static void
rest_got_token_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MsiSalesforceClient *self = g_task_get_source_object (task);
  Rest *rest = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  char *token;

  token = msi_token_store_get_access_token_finish (MSI_TOKEN_STORE (object), result, &error);
  if (token == NULL)
    {
      if (g_error_matches (error, MSI_TOKEN_STORE_ERROR, MSI_TOKEN_STORE_ERROR_NEEDS_SIGN_IN))
        set_state (self, MSI_AUTH_STATE_NEEDS_SIGN_IN);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (rest->token != NULL)
    explicit_bzero (rest->token, strlen (rest->token));
  g_free (rest->token);
  rest->token = token;
  rest_send (task);
}

/* @path_or_url: a path on the instance, or an absolute URL. */
static void
rest_get_async (MsiSalesforceClient *self,
                const char          *path_or_url,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  Rest *rest;

  g_task_set_source_tag (task, rest_get_async);

  if (self->account == NULL || (self->instance_url == NULL && path_or_url[0] == '/'))
    {
      g_task_return_new_error (task, MSI_TOKEN_STORE_ERROR, MSI_TOKEN_STORE_ERROR_NEEDS_SIGN_IN,
                               _("Sign in to Salesforce first."));
      return;
    }

  rest = g_new0 (Rest, 1);
  rest->url = path_or_url[0] == '/' ? g_strconcat (self->instance_url, path_or_url, NULL)
                                    : g_strdup (path_or_url);
  rest->batch_size = self->batch_size;
  g_task_set_task_data (task, rest, (GDestroyNotify)rest_free);

  msi_token_store_get_access_token_async (self->store, msi_profile_get_id (self->profile), PROVIDER,
                                          self->account, MSI_TOKEN_REFRESHER (self->oauth), FALSE,
                                          cancellable, rest_got_token_cb, g_steal_pointer (&task));
}

static JsonNode *
rest_get_finish (MsiSalesforceClient  *self,
                 GAsyncResult         *result,
                 GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- signing in ------------------------------------------------------------------------ */

#define FLOW_LOGIN_URL "msi-salesforce-login-url"
#define FLOW_OAUTH     "msi-salesforce-oauth"
#define FLOW_HTTP      "msi-salesforce-http"

/**
 * msi_salesforce_client_begin_sign_in:
 * @login_url: (nullable): what the person typed (see
 *   msi_salesforce_normalize_login_url()), or %NULL for the remembered
 *   login host or the profile's
 *
 * Returns: (transfer full): a new authorization attempt; show its URL in
 *   the consent view and intercept its redirect.
 */
MsiOAuth2Flow *
msi_salesforce_client_begin_sign_in (MsiSalesforceClient  *self,
                                     const char           *login_url,
                                     GError              **error)
{
  g_autofree char *url = NULL;
  g_autoptr(MsiOAuth2Client) oauth = NULL;
  g_autoptr(MsiHttpClient) http = NULL;
  MsiOAuth2Flow *flow;

  g_return_val_if_fail (MSI_IS_SALESFORCE_CLIENT (self), NULL);

  if (*msi_profile_get_salesforce_client_id (self->profile) == '\0')
    {
      g_set_error_literal (error, MSI_PROFILE_ERROR, MSI_PROFILE_ERROR_MISSING,
                           _("The profile has no Salesforce consumer key, so the app cannot sign in to "
                             "Salesforce. Add the consumer key of the app’s external client app in the "
                             "profile’s settings."));
      return NULL;
    }

  url = resolve_login_url (self, login_url, error);
  if (url == NULL)
    return NULL;

  oauth = new_oauth_client (self, url, &http);
  flow = msi_oauth2_client_begin (oauth, self->user != NULL ? self->user->username : NULL, NULL, error);
  if (flow == NULL)
    return NULL;

  /* The flow ends at the login host it started at. */
  g_object_set_data_full (G_OBJECT (flow), FLOW_LOGIN_URL, g_steal_pointer (&url), g_free);
  g_object_set_data_full (G_OBJECT (flow), FLOW_OAUTH, g_steal_pointer (&oauth), g_object_unref);
  g_object_set_data_full (G_OBJECT (flow), FLOW_HTTP, g_steal_pointer (&http), g_object_unref);

  return flow;
}

typedef struct
{
  MsiOAuth2Client   *oauth;
  MsiHttpClient     *http;
  char              *login_url;
  MsiOAuth2Tokens   *tokens;
  MsiSalesforceUser *user;
} Complete;

static void
complete_free (Complete *data)
{
  g_clear_object (&data->oauth);
  g_clear_object (&data->http);
  g_free (data->login_url);
  g_clear_pointer (&data->tokens, msi_oauth2_tokens_free);
  g_clear_pointer (&data->user, msi_salesforce_user_free);
  g_free (data);
}

static void
complete_saved_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MsiSalesforceClient *self = g_task_get_source_object (task);
  Complete *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!msi_token_store_save_finish (MSI_TOKEN_STORE (object), result, &error))
    {
      clear_sign_in (self);
      set_state (self, MSI_AUTH_STATE_SIGNED_OUT);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  use_login_url (self, data->login_url, data->oauth, data->http);
  g_clear_pointer (&self->user, msi_salesforce_user_free);
  self->user = g_steal_pointer (&data->user);

  if (self->profile_settings != NULL)
    {
      g_settings_set_string (self->profile_settings, "salesforce-sign-in-url", self->login_url);
      g_settings_set_string (self->profile_settings, "salesforce-account", self->account);
    }

  g_debug ("Signed in to Salesforce as %s (org %s)", self->account, self->user->org_id);
  set_state (self, MSI_AUTH_STATE_SIGNED_IN);
  g_task_return_boolean (task, TRUE);
}

static void
complete_userinfo_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MsiSalesforceClient *self = g_task_get_source_object (task);
  Complete *data = g_task_get_task_data (task);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  node = msi_http_client_request_json_finish (MSI_HTTP_CLIENT (object), result, NULL, &error);
  if (node != NULL)
    data->user = parse_userinfo (node, &error);
  if (data->user == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!take_instance_url (self, data->tokens->instance_url, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_free (self->account);
  self->account = g_strdup (data->user->user_id);
  msi_token_store_save_async (self->store, msi_profile_get_id (self->profile), PROVIDER,
                              self->account, data->tokens, g_task_get_cancellable (task),
                              complete_saved_cb, g_object_ref (task));
}

static void
complete_exchange_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Complete *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  data->tokens = msi_oauth2_client_exchange_code_finish (MSI_OAUTH2_CLIENT (object), result, &error);
  if (data->tokens == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  msi_http_client_send_async (data->http, "GET", USERINFO_PATH, NULL, NULL,
                              data->tokens->access_token, MSI_HTTP_FLAGS_NONE,
                              g_task_get_cancellable (task), complete_userinfo_cb, g_object_ref (task));
}

/**
 * msi_salesforce_client_complete_sign_in_async:
 * @flow: the attempt from msi_salesforce_client_begin_sign_in()
 * @redirect_uri: the intercepted redirect, with its query
 *
 * Checks the redirect (exact URI, one-time state, Salesforce's errors),
 * exchanges the code with its PKCE verifier, reads who signed in, and
 * keeps the tokens in the keyring.
 */
void
msi_salesforce_client_complete_sign_in_async (MsiSalesforceClient *self,
                                              MsiOAuth2Flow       *flow,
                                              const char          *redirect_uri,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  Complete *data;

  g_return_if_fail (MSI_IS_SALESFORCE_CLIENT (self));
  g_return_if_fail (MSI_IS_OAUTH2_FLOW (flow));
  g_return_if_fail (redirect_uri != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, msi_salesforce_client_complete_sign_in_async);

  if (g_object_get_data (G_OBJECT (flow), FLOW_OAUTH) == NULL)
    {
      g_task_return_new_error (task, MSI_OAUTH2_ERROR, MSI_OAUTH2_ERROR_STATE_MISMATCH,
                               _("This is not the answer to a Salesforce sign-in of this app. Sign in again."));
      return;
    }

  data = g_new0 (Complete, 1);
  data->oauth = g_object_ref (g_object_get_data (G_OBJECT (flow), FLOW_OAUTH));
  data->http = g_object_ref (g_object_get_data (G_OBJECT (flow), FLOW_HTTP));
  data->login_url = g_strdup (g_object_get_data (G_OBJECT (flow), FLOW_LOGIN_URL));
  g_task_set_task_data (task, data, (GDestroyNotify)complete_free);

  code = msi_oauth2_flow_parse_redirect (flow, redirect_uri, &error);
  if (code == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  msi_oauth2_client_exchange_code_async (data->oauth, flow, code, cancellable,
                                         complete_exchange_cb, g_steal_pointer (&task));
  explicit_bzero (code, strlen (code));
}

gboolean
msi_salesforce_client_complete_sign_in_finish (MsiSalesforceClient  *self,
                                               GAsyncResult         *result,
                                               GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- restoring the sign-in of the last run -------------------------------------------- */

static void
restore_failed (GTask  *task,
                GError *error)
{
  MsiSalesforceClient *self = g_task_get_source_object (task);
  gboolean needs_sign_in = g_error_matches (error, MSI_TOKEN_STORE_ERROR, MSI_TOKEN_STORE_ERROR_NEEDS_SIGN_IN) ||
                           g_error_matches (error, MSI_SALESFORCE_ERROR, MSI_SALESFORCE_ERROR_INVALID_SESSION);

  /* The settings keep the user, so that a later restore can try again. */
  clear_sign_in (self);
  set_state (self, needs_sign_in ? MSI_AUTH_STATE_NEEDS_SIGN_IN : MSI_AUTH_STATE_SIGNED_OUT);
  g_task_return_error (task, error);
}

static void
restore_userinfo_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MsiSalesforceClient *self = g_task_get_source_object (task);
  g_autoptr(JsonNode) node = NULL;
  GError *error = NULL;
  MsiSalesforceUser *user = NULL;

  node = rest_get_finish (self, result, &error);
  if (node != NULL)
    user = parse_userinfo (node, &error);
  if (user == NULL)
    {
      restore_failed (task, error);
      return;
    }

  if (g_strcmp0 (user->user_id, self->account) != 0)
    {
      msi_salesforce_user_free (user);
      restore_failed (task, g_error_new_literal (MSI_TOKEN_STORE_ERROR, MSI_TOKEN_STORE_ERROR_NEEDS_SIGN_IN,
                                                 _("The saved Salesforce sign-in belongs to another user. "
                                                   "Sign in to Salesforce again.")));
      return;
    }

  g_clear_pointer (&self->user, msi_salesforce_user_free);
  self->user = user;
  set_state (self, MSI_AUTH_STATE_SIGNED_IN);
  g_task_return_boolean (task, TRUE);
}

static void
restore_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MsiSalesforceClient *self = g_task_get_source_object (task);
  g_autoptr(MsiOAuth2Tokens) tokens = NULL;
  g_autofree char *userinfo = NULL;
  GError *error = NULL;

  tokens = msi_token_store_load_finish (MSI_TOKEN_STORE (object), result, &error);
  if (tokens == NULL && error == NULL)
    {
      /* Nobody left in the keyring: signed out, nothing went wrong. */
      clear_sign_in (self);
      if (self->profile_settings != NULL)
        g_settings_set_string (self->profile_settings, "salesforce-account", "");
      set_state (self, MSI_AUTH_STATE_SIGNED_OUT);
      g_task_return_boolean (task, FALSE);
      return;
    }

  if (tokens == NULL || !take_instance_url (self, tokens->instance_url, &error))
    {
      restore_failed (task, error);
      return;
    }

  userinfo = msi_http_client_build_url (self->login_http, USERINFO_PATH);
  rest_get_async (self, userinfo, g_task_get_cancellable (task), restore_userinfo_cb, g_object_ref (task));
}

/**
 * msi_salesforce_client_restore_async:
 *
 * Signs in again with the tokens of the last run, when there are any.
 * Completes with %FALSE and no error when nobody was signed in.
 */
void
msi_salesforce_client_restore_async (MsiSalesforceClient *self,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *account = NULL;

  g_return_if_fail (MSI_IS_SALESFORCE_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, msi_salesforce_client_restore_async);

  if (self->profile_settings != NULL)
    account = g_settings_get_string (self->profile_settings, "salesforce-account");
  if (!is_salesforce_id (account) || self->oauth == NULL)
    {
      set_state (self, MSI_AUTH_STATE_SIGNED_OUT);
      g_task_return_boolean (task, FALSE);
      return;
    }

  clear_sign_in (self);
  self->account = g_steal_pointer (&account);
  set_state (self, MSI_AUTH_STATE_RESTORING);
  msi_token_store_load_async (self->store, msi_profile_get_id (self->profile), PROVIDER, self->account,
                              cancellable, restore_loaded_cb, g_steal_pointer (&task));
}

gboolean
msi_salesforce_client_restore_finish (MsiSalesforceClient  *self,
                                      GAsyncResult         *result,
                                      GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- signing out ---------------------------------------------------------------------- */

static void
sign_out_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (msi_token_store_revoke_and_delete_finish (MSI_TOKEN_STORE (object), result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * msi_salesforce_client_sign_out_async:
 *
 * Revokes the tokens at Salesforce, deletes them from the keyring and
 * forgets the user (the login host stays remembered). The app is signed
 * out afterwards even when Salesforce could not be reached; the error
 * then says so.
 */
void
msi_salesforce_client_sign_out_async (MsiSalesforceClient *self,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *account = NULL;

  g_return_if_fail (MSI_IS_SALESFORCE_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, msi_salesforce_client_sign_out_async);

  if (self->account == NULL)
    {
      set_state (self, MSI_AUTH_STATE_SIGNED_OUT);
      g_task_return_boolean (task, TRUE);
      return;
    }

  account = g_steal_pointer (&self->account);

  /* Signed out at once for the UI; the clean-up finishes behind it. */
  clear_sign_in (self);
  if (self->profile_settings != NULL)
    g_settings_set_string (self->profile_settings, "salesforce-account", "");
  set_state (self, MSI_AUTH_STATE_SIGNED_OUT);

  msi_token_store_revoke_and_delete_async (self->store, msi_profile_get_id (self->profile), PROVIDER,
                                           account, self->oauth, NULL,
                                           sign_out_cb, g_steal_pointer (&task));
}

gboolean
msi_salesforce_client_sign_out_finish (MsiSalesforceClient  *self,
                                       GAsyncResult         *result,
                                       GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- API versions ---------------------------------------------------------------------- */

/* "62.0" → 62 (the minor is always 0); -1 when not a version. */
static gint64
parse_api_version (const char *text)
{
  guint64 major;
  char *end = NULL;

  if (text == NULL || !g_ascii_isdigit (*text))
    return -1;

  major = g_ascii_strtoull (text, &end, 10);
  if (end == NULL || !g_str_equal (end, ".0") || major > 999)
    return -1;

  return (gint64)major;
}

static void
versions_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MsiSalesforceClient *self = g_task_get_source_object (task);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  gint64 newest = -1;

  node = msi_http_client_request_json_finish (MSI_HTTP_CLIENT (object), result, NULL, &error);
  if (node == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *versions = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (versions); i++)
        {
          JsonNode *element = json_array_get_element (versions, i);
          JsonObject *version = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;

          newest = MAX (newest, parse_api_version (msi_json_get_string (version, "version")));
        }
    }

  if (newest < 0)
    {
      g_task_return_new_error (task, MSI_SALESFORCE_ERROR, MSI_SALESFORCE_ERROR_INVALID_RESPONSE,
                               _("Salesforce did not list the versions of its API."));
      return;
    }

  g_free (self->api_version);
  self->api_version = g_strdup_printf ("v%" G_GINT64_FORMAT ".0", newest);
  g_debug ("Salesforce API %s", self->api_version);
  g_task_return_pointer (task, g_strdup (self->api_version), g_free);
}

/**
 * msi_salesforce_client_discover_version_async:
 *
 * Reads `GET /services/data/` once (no token needed) and picks the newest
 * version; later calls answer from the cache.
 */
void
msi_salesforce_client_discover_version_async (MsiSalesforceClient *self,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (MSI_IS_SALESFORCE_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, msi_salesforce_client_discover_version_async);

  if (self->api_version != NULL)
    {
      g_task_return_pointer (task, g_strdup (self->api_version), g_free);
      return;
    }

  if (self->instance_http == NULL)
    {
      g_task_return_new_error (task, MSI_TOKEN_STORE_ERROR, MSI_TOKEN_STORE_ERROR_NEEDS_SIGN_IN,
                               _("Sign in to Salesforce first."));
      return;
    }

  msi_http_client_request_json_async (self->instance_http, "GET", "/services/data/", NULL,
                                      MSI_HTTP_FLAGS_NONE, cancellable, versions_cb, g_steal_pointer (&task));
}

char *
msi_salesforce_client_discover_version_finish (MsiSalesforceClient  *self,
                                               GAsyncResult         *result,
                                               GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- queries --------------------------------------------------------------------------- */

typedef struct
{
  char      *soql;
  gboolean   tooling;
  JsonArray *records;
  char      *next_url;
  guint      batches;
} Query;

static void
query_free (Query *query)
{
  g_free (query->soql);
  g_clear_pointer (&query->records, json_array_unref);
  g_free (query->next_url);
  g_free (query);
}

static void query_batch_cb (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data);

static void
query_batch_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MsiSalesforceClient *self = g_task_get_source_object (task);
  Query *query = g_task_get_task_data (task);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *reply;
  JsonNode *records;
  JsonNode *done;
  const char *next_url;

  node = rest_get_finish (self, result, &error);
  if (node == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  reply = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  records = reply != NULL ? json_object_get_member (reply, "records") : NULL;
  done = reply != NULL ? json_object_get_member (reply, "done") : NULL;
  if (records == NULL || !JSON_NODE_HOLDS_ARRAY (records) ||
      done == NULL || !JSON_NODE_HOLDS_VALUE (done) || json_node_get_value_type (done) != G_TYPE_BOOLEAN)
    {
      g_task_return_new_error (task, MSI_SALESFORCE_ERROR, MSI_SALESFORCE_ERROR_INVALID_RESPONSE,
                               _("Salesforce answered the query with something that is not a query result."));
      return;
    }

  {
    JsonArray *batch = json_node_get_array (records);

    for (guint i = 0; i < json_array_get_length (batch); i++)
      json_array_add_element (query->records, json_node_copy (json_array_get_element (batch, i)));
  }
  query->batches++;

  if (json_node_get_boolean (done))
    {
      g_task_return_pointer (task, json_array_ref (query->records), (GDestroyNotify)json_array_unref);
      return;
    }

  /* The next batch is on the same instance, under the API's path; never
   * send the token anywhere else. */
  next_url = msi_json_get_string (reply, "nextRecordsUrl");
  if (next_url == NULL || !g_str_has_prefix (next_url, "/services/data/") ||
      strstr (next_url, "..") != NULL || g_strcmp0 (next_url, query->next_url) == 0 ||
      query->batches >= MAX_QUERY_BATCHES)
    {
      g_task_return_new_error (task, MSI_SALESFORCE_ERROR, MSI_SALESFORCE_ERROR_INVALID_RESPONSE,
                               _("Salesforce said there are more query results but not where to read them."));
      return;
    }

  g_free (query->next_url);
  query->next_url = g_strdup (next_url);
  rest_get_async (self, query->next_url, g_task_get_cancellable (task), query_batch_cb, g_object_ref (task));
}

static void
query_version_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MsiSalesforceClient *self = g_task_get_source_object (task);
  Query *query = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *version = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;

  version = msi_salesforce_client_discover_version_finish (self, result, &error);
  if (version == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  escaped = g_uri_escape_string (query->soql, NULL, FALSE);
  path = g_strdup_printf ("/services/data/%s/%squery?q=%s", version, query->tooling ? "tooling/" : "", escaped);
  rest_get_async (self, path, g_task_get_cancellable (task), query_batch_cb, g_object_ref (task));
}

/**
 * msi_salesforce_client_query_async:
 * @soql: the query
 * @tooling: whether it is for the Tooling API
 *
 * Runs the query on the newest API version and reads every batch.
 */
void
msi_salesforce_client_query_async (MsiSalesforceClient *self,
                                   const char          *soql,
                                   gboolean             tooling,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Query *query;

  g_return_if_fail (MSI_IS_SALESFORCE_CLIENT (self));
  g_return_if_fail (soql != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, msi_salesforce_client_query_async);

  query = g_new0 (Query, 1);
  query->soql = g_strdup (soql);
  query->tooling = tooling;
  query->records = json_array_new ();
  g_task_set_task_data (task, query, (GDestroyNotify)query_free);

  msi_salesforce_client_discover_version_async (self, cancellable, query_version_cb, g_steal_pointer (&task));
}

/**
 * msi_salesforce_client_query_finish:
 *
 * Returns: (transfer full): every record, in Salesforce's order
 */
JsonArray *
msi_salesforce_client_query_finish (MsiSalesforceClient  *self,
                                    GAsyncResult         *result,
                                    GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- the signed-in person's profile ------------------------------------------------------ */

static void
check_user_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MsiSalesforceClient *self = g_task_get_source_object (task);
  g_autoptr(JsonArray) records = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *profile;

  records = msi_salesforce_client_query_finish (self, result, &error);

  if (self->user == NULL)
    {
      g_task_return_new_error (task, MSI_TOKEN_STORE_ERROR, MSI_TOKEN_STORE_ERROR_NEEDS_SIGN_IN,
                               _("Sign in to Salesforce first."));
      return;
    }

  if (records == NULL)
    {
      /* The API refusing this user is the answer, not a failure. */
      if (g_error_matches (error, MSI_SALESFORCE_ERROR, MSI_SALESFORCE_ERROR_API_DISABLED_FOR_USER))
        {
          self->user->api_enabled = FALSE;
          self->user->is_admin = FALSE;
          g_task_return_pointer (task, self->user, NULL);
          return;
        }

      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  profile = json_array_get_length (records) > 0 && JSON_NODE_HOLDS_OBJECT (json_array_get_element (records, 0))
            ? msi_json_get_object (json_array_get_object_element (records, 0), "Profile")
            : NULL;
  if (profile == NULL || msi_json_get_string (profile, "Name") == NULL)
    {
      g_task_return_new_error (task, MSI_SALESFORCE_ERROR, MSI_SALESFORCE_ERROR_INVALID_RESPONSE,
                               _("Salesforce did not return the profile of the signed-in user."));
      return;
    }

  g_free (self->user->profile_name);
  self->user->profile_name = g_strdup (msi_json_get_string (profile, "Name"));
  /* The query ran, so the API works for this user: through the profile
   * or through a permission set. */
  self->user->api_enabled = TRUE;
  self->user->is_admin = msi_json_get_boolean (profile, "PermissionsModifyAllData") ||
                         msi_json_get_boolean (profile, "PermissionsCustomizeApplication");

  g_debug ("Salesforce profile: API Enabled %s, admin %s",
           msi_json_get_boolean (profile, "PermissionsApiEnabled") ? "yes" : "through a permission set",
           self->user->is_admin ? "yes" : "no");
  g_task_return_pointer (task, self->user, NULL);
}

/**
 * msi_salesforce_client_check_user_async:
 *
 * Reads the signed-in user's profile. A user whose profile lacks API
 * Enabled is a result (api_enabled %FALSE), not an error.
 */
void
msi_salesforce_client_check_user_async (MsiSalesforceClient *self,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *soql = NULL;

  g_return_if_fail (MSI_IS_SALESFORCE_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, msi_salesforce_client_check_user_async);

  if (self->user == NULL)
    {
      g_task_return_new_error (task, MSI_TOKEN_STORE_ERROR, MSI_TOKEN_STORE_ERROR_NEEDS_SIGN_IN,
                               _("Sign in to Salesforce first."));
      return;
    }

  /* Only letters and digits go into the query. */
  if (!is_salesforce_id (self->user->user_id))
    {
      g_task_return_new_error (task, MSI_SALESFORCE_ERROR, MSI_SALESFORCE_ERROR_INVALID_RESPONSE,
                               _("Salesforce named the signed-in user with an ID that is not valid."));
      return;
    }

  soql = g_strdup_printf ("SELECT Profile.Name, Profile.PermissionsApiEnabled, Profile.PermissionsModifyAllData, "
                          "Profile.PermissionsCustomizeApplication FROM User WHERE Id = '%s'",
                          self->user->user_id);
  msi_salesforce_client_query_async (self, soql, FALSE, cancellable, check_user_cb, g_steal_pointer (&task));
}

/**
 * msi_salesforce_client_check_user_finish:
 *
 * Returns: (transfer none): the signed-in user, updated
 */
const MsiSalesforceUser *
msi_salesforce_client_check_user_finish (MsiSalesforceClient  *self,
                                         GAsyncResult         *result,
                                         GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- the MSI package -------------------------------------------------------------------- */

static void
check_package_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MsiSalesforceClient *self = g_task_get_source_object (task);
  g_autoptr(MsiSalesforcePackage) package = g_new0 (MsiSalesforcePackage, 1);
  g_autoptr(JsonArray) records = NULL;
  g_autoptr(GError) error = NULL;
  const char *required_text = msi_profile_get_salesforce_package_version (self->profile);
  gboolean has_required = FALSE;
  gboolean installed = FALSE;

  package->state = MSI_PACKAGE_STATE_UNKNOWN;
  package->installed.build = -1;
  package->required.build = -1;

  records = msi_salesforce_client_query_finish (self, result, &error);
  if (records == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (*required_text != '\0')
    {
      if (!msi_package_version_parse (required_text, &package->required, &error))
        {
          g_task_return_new_error (task, MSI_PROFILE_ERROR, MSI_PROFILE_ERROR_INVALID_VALUE,
                                   _("Required MSI package version: %s"), error->message);
          return;
        }
      has_required = TRUE;
    }

  for (guint i = 0; i < json_array_get_length (records) && !installed; i++)
    {
      JsonNode *element = json_array_get_element (records, i);
      JsonObject *record = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
      JsonObject *subscriber = msi_json_get_object (record, "SubscriberPackage");
      JsonObject *version = msi_json_get_object (record, "SubscriberPackageVersion");

      if (g_strcmp0 (msi_json_get_string (subscriber, "NamespacePrefix"), MSI_PACKAGE_NAMESPACE) != 0)
        continue;

      if (!msi_json_get_number_as_int (version, "MajorVersion", &package->installed.major) ||
          !msi_json_get_number_as_int (version, "MinorVersion", &package->installed.minor) ||
          !msi_json_get_number_as_int (version, "PatchVersion", &package->installed.patch))
        {
          g_task_return_new_error (task, MSI_SALESFORCE_ERROR, MSI_SALESFORCE_ERROR_INVALID_RESPONSE,
                                   _("Salesforce listed the Marketo Sales Insight package without its version."));
          return;
        }
      if (!msi_json_get_number_as_int (version, "BuildNumber", &package->installed.build))
        package->installed.build = -1;

      package->installed_name = g_strdup (msi_json_get_string (version, "Name"));
      package->package_id = g_strdup (msi_json_get_string (record, "SubscriberPackageId"));
      installed = TRUE;
    }

  package->state = msi_package_state_for (installed ? &package->installed : NULL,
                                          has_required ? &package->required : NULL);

  g_debug ("MSI package: %s", msi_package_state_to_string (package->state));
  g_task_return_pointer (task, g_steal_pointer (&package), (GDestroyNotify)msi_salesforce_package_free);
}

/**
 * msi_salesforce_client_check_package_async:
 *
 * Reads the installed packages (Tooling API, api-notes §1.10) and
 * compares the MSI_PACKAGE_NAMESPACE one with the profile's required
 * version; without a required version, installed is current.
 */
void
msi_salesforce_client_check_package_async (MsiSalesforceClient *self,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (MSI_IS_SALESFORCE_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, msi_salesforce_client_check_package_async);

  msi_salesforce_client_query_async (self, PACKAGE_QUERY, TRUE, cancellable, check_package_cb,
                                     g_steal_pointer (&task));
}

/**
 * msi_salesforce_client_check_package_finish:
 *
 * Returns: (transfer full): the package as the org reports it
 */
MsiSalesforcePackage *
msi_salesforce_client_check_package_finish (MsiSalesforceClient  *self,
                                            GAsyncResult         *result,
                                            GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * msi_salesforce_client_dup_install_url:
 *
 * Returns: (transfer full) (nullable): the install page of the required
 *   package version at the login host, or %NULL when the profile names no
 *   package version id
 */
char *
msi_salesforce_client_dup_install_url (MsiSalesforceClient *self)
{
  const char *version_id;
  g_autofree char *escaped = NULL;

  g_return_val_if_fail (MSI_IS_SALESFORCE_CLIENT (self), NULL);

  version_id = msi_profile_get_salesforce_package_version_id (self->profile);
  if (version_id == NULL || *version_id == '\0' || self->login_url == NULL)
    return NULL;

  escaped = g_uri_escape_string (version_id, NULL, FALSE);

  return g_strdup_printf ("%s/packaging/installPackage.apexp?p0=%s", self->login_url, escaped);
}
