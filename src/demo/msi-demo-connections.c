/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-demo-connections.c: the Actions service's service connections (it is the OAuth client) */

#define G_LOG_DOMAIN "msi-demo-connections"

#include "config.h"

#include "msi-demo-connections.h"
#include "msi-demo-http.h"
#include "msi-demo-salesforce.h"
#include "msi-problem-types.h"

#include <string.h>

#include <json-glib/json-glib.h>

/*
 * A service connection (design §2, "Two kinds of consent"): the Actions
 * service is a confidential OAuth client of Salesforce
 * (MSI_DEMO_SERVICE_CLIENT_ID). An admin's app asks it for an authorization
 * URL and shows it; the browser ends at the callback below, where the
 * service redeems the code in-process, keeps the tokens (their hashes only:
 * this is a demo) and marks the connection connected. The app never sees
 * the service's tokens; it reads GET /api/v1/connections.
 *
 *   POST   /api/v1/connections/{service}/authorization-url   bearer, admin
 *   GET    /api/v1/connections/{service}/callback            a browser navigation
 *   DELETE /api/v1/connections/{service}                     bearer, admin
 *
 * The state is 43 base64url characters from getrandom(); the store keeps
 * its SHA-256 under a selector (its first characters) and the callback
 * compares the hashes in constant time. It is good once, for ten minutes.
 */

#define CONNECTION_LIFETIME     600
#define STATE_SELECTOR_LENGTH   16
#define SALESFORCE_SCOPE        "api refresh_token"
#define APP_NAME                "MSI Actions Setup"
#define PAGE_CSP                "default-src 'none'; style-src 'unsafe-inline'; form-action 'none'; " \
                                "frame-ancestors 'none'; base-uri 'none'"

typedef struct
{
  const char          *id;
  const char          *name;
  /* MSI_DEMO_PROVIDER_NONE: connected without a sign-in page */
  MsiDemoProviderKind  provider;
  const char          *authorize_path;
  const char          *callback_path;
  const char          *scope;
} MsiDemoService;

static const MsiDemoService services[] = {
  {
    .id = "salesforce",
    .name = "Salesforce",
    .provider = MSI_DEMO_PROVIDER_SALESFORCE,
    .authorize_path = MSI_DEMO_SALESFORCE_AUTHORIZE_PATH,
    .callback_path = MSI_DEMO_SALESFORCE_CONNECTION_CALLBACK,
    .scope = SALESFORCE_SCOPE,
  },
  {
    .id = "marketo",
    .name = "Marketo",
    .provider = MSI_DEMO_PROVIDER_NONE,
  },
};

static const MsiDemoService *
find_service (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (services); i++)
    {
      if (g_strcmp0 (services[i].id, id) == 0)
        return &services[i];
    }

  return NULL;
}

/*
 * JSON replies
 */

/* The service of the path, for an admin's bearer token: or %NULL after
 * replying 401, 403 or 404. */
static const MsiDemoService *
authorize_admin (MsiDemoServer     *server,
                 SoupServerMessage *msg,
                 GHashTable        *params,
                 MsiDemoUser      **out_admin)
{
  MsiDemoAuthServer *auth = msi_demo_server_get_auth_server (server);
  g_autoptr(MsiDemoUser) user = NULL;
  const char *id = g_hash_table_lookup (params, "service");
  const MsiDemoService *service;

  user = msi_demo_auth_server_authenticate (auth, MSI_DEMO_PROVIDER_ACTIONS, msg);
  if (user == NULL)
    return NULL;

  if (g_strcmp0 (user->role, "admin") != 0)
    {
      msi_demo_reply_problem (msg, SOUP_STATUS_FORBIDDEN, NULL, NULL, "Only admins can connect services.");
      return NULL;
    }

  service = find_service (id);
  if (service == NULL)
    {
      g_autofree char *detail = g_strdup_printf ("There is no service “%s” to connect.", id);

      msi_demo_reply_problem (msg, SOUP_STATUS_NOT_FOUND, NULL, NULL, detail);
      return NULL;
    }

  if (out_admin != NULL)
    *out_admin = g_steal_pointer (&user);

  return service;
}

/* An optional JSON object body; %FALSE after replying 400. */
static gboolean
check_optional_object_body (SoupServerMessage *msg)
{
  g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) error = NULL;
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);

  if (size == 0)
    return TRUE;

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, data, (gssize)size, &error) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      msi_demo_reply_problem (msg, SOUP_STATUS_BAD_REQUEST, NULL, NULL, "The request body must be a JSON object, or empty.");
      return FALSE;
    }

  return TRUE;
}

/*
 * POST /api/v1/connections/{service}/authorization-url
 */

static char *
build_authorization_url (const char           *base_uri,
                         const MsiDemoService *service,
                         const char           *callback_url,
                         const char           *state,
                         const char           *challenge)
{
  g_autofree char *redirect = g_uri_escape_string (callback_url, NULL, FALSE);
  g_autofree char *scope = g_uri_escape_string (service->scope, NULL, FALSE);

  return g_strdup_printf ("%s%s?response_type=code&client_id=%s&redirect_uri=%s&scope=%s"
                          "&state=%s&code_challenge=%s&code_challenge_method=S256",
                          base_uri, service->authorize_path, MSI_DEMO_SERVICE_CLIENT_ID,
                          redirect, scope, state, challenge);
}

/**
 * msi_demo_connections_handle_authorization_url:
 * @server: the #MsiDemoServer
 * @msg: the POST, with an admin's bearer token and an optional `{}` body
 * @params: "service"
 *
 * Starts connecting the service: remembers a state and a PKCE verifier
 * and replies `{authorizationUrl, callbackUrl, expiresAt}`.
 */
void
msi_demo_connections_handle_authorization_url (MsiDemoServer     *server,
                                               SoupServerMessage *msg,
                                               GHashTable        *params)
{
  MsiDemoStore *store = msi_demo_server_get_store (server);
  g_autoptr(MsiDemoUser) admin = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GDateTime) expires = NULL;
  g_autofree char *base_uri = msi_demo_server_dup_base_uri (server);
  g_autofree char *callback_url = NULL;
  g_autofree char *state = NULL;
  g_autofree char *selector = NULL;
  g_autofree char *state_hash = NULL;
  g_autofree char *verifier = NULL;
  g_autofree char *challenge = NULL;
  g_autofree char *url = NULL;
  g_autofree char *expires_at = NULL;
  const MsiDemoService *service;
  MsiDemoPendingConnection pending = { 0, };
  gint64 now = msi_demo_now_seconds ();

  service = authorize_admin (server, msg, params, &admin);
  if (service == NULL)
    return;

  if (service->provider == MSI_DEMO_PROVIDER_NONE)
    {
      g_autofree char *detail = g_strdup_printf ("%s connects without a sign-in page: it is connected "
                                                 "with its API credentials.", service->name);

      msi_demo_reply_problem (msg, SOUP_STATUS_CONFLICT, NULL, NULL, detail);
      return;
    }

  if (!check_optional_object_body (msg))
    return;

  callback_url = g_strconcat (base_uri, service->callback_path, NULL);
  state = msi_demo_random_base64url ();
  selector = g_strndup (state, STATE_SELECTOR_LENGTH);
  state_hash = msi_demo_sha256_hex (state);
  verifier = msi_demo_random_base64url ();
  challenge = msi_demo_pkce_s256 (verifier);

  pending.selector = selector;
  pending.state_sha256 = state_hash;
  pending.service = (char *)service->id;
  pending.admin_email = admin->email;
  pending.code_verifier = verifier;
  pending.created_at = now;
  pending.expires_at = now + CONNECTION_LIFETIME;

  if (!msi_demo_store_add_pending_connection (store, &pending, &error))
    {
      msi_demo_reply_internal_error (msg, error);
      return;
    }

  url = build_authorization_url (base_uri, service, callback_url, state, challenge);
  expires = g_date_time_new_from_unix_utc (pending.expires_at);
  expires_at = g_date_time_format (expires, "%Y-%m-%dT%H:%M:%SZ");

  g_message ("%s: %s started connecting %s", service->id, admin->email, service->name);

  reply = json_object_new ();
  json_object_set_string_member (reply, "authorizationUrl", url);
  json_object_set_string_member (reply, "callbackUrl", callback_url);
  json_object_set_string_member (reply, "expiresAt", expires_at);
  node = json_node_init_object (json_node_alloc (), reply);
  msi_demo_reply_json (msg, SOUP_STATUS_OK, MSI_DEMO_CONTENT_TYPE_JSON, node);
}

/*
 * GET /api/v1/connections/{service}/callback
 */

static void
append_escaped (GString    *html,
                const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text != NULL ? text : "", -1);

  g_string_append (html, escaped);
}

/* The page the browser shows at the end. @id names the outcome
 * ("connected", "cancelled", "failed") and is the id of the heading;
 * @message is trusted text, @reason comes from the request (escaped). */
static void
reply_page (SoupServerMessage *msg,
            guint              status,
            const char        *id,
            const char        *title,
            const char        *message,
            const char        *reason)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  GString *html = g_string_new (NULL);
  gsize length;

  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_message_headers_replace (headers, "Content-Security-Policy", PAGE_CSP);
  soup_message_headers_replace (headers, "X-Frame-Options", "DENY");
  soup_message_headers_replace (headers, "X-Content-Type-Options", "nosniff");
  /* The address holds the authorization code. */
  soup_message_headers_replace (headers, "Referrer-Policy", "no-referrer");

  g_string_append (html, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                         "<title>");
  append_escaped (html, title);
  g_string_append (html, " – MSI Actions (demo)</title>\n"
                         "<style>\n"
                         "body { margin: 0; background: #f3f3f6; color: #1f1f24;"
                         " font: 16px/1.45 system-ui, -apple-system, \"Segoe UI\", sans-serif; }\n"
                         "main { box-sizing: border-box; max-width: 27rem; margin: 3rem auto; padding: 2rem;"
                         " background: #fff; border-top: 6px solid #5b3fc4; border-radius: 8px;"
                         " box-shadow: 0 2px 12px rgba(0, 0, 0, .12); }\n"
                         ".brand { margin: 0 0 1.25rem; color: #5b3fc4; font-size: 1.5rem; font-weight: 700; }\n"
                         "h1 { margin: 0 0 1rem; font-size: 1.25rem; font-weight: 600; }\n"
                         ".reason { margin: 1rem 0 0; padding: .6rem .8rem; border-left: 4px solid #8a8a96;"
                         " background: #f3f3f6; word-break: break-word; }\n"
                         "</style>\n</head>\n<body>\n<main>\n"
                         "<p class=\"brand\">MSI Actions</p>\n");
  g_string_append_printf (html, "<h1 id=\"%s\">", id);
  append_escaped (html, title);
  g_string_append (html, "</h1>\n<p id=\"message\">");
  append_escaped (html, message);
  g_string_append (html, "</p>\n");

  if (reason != NULL)
    {
      g_string_append (html, "<p class=\"reason\" id=\"reason\">");
      append_escaped (html, reason);
      g_string_append (html, "</p>\n");
    }

  g_string_append (html, "</main>\n</body>\n</html>\n");

  length = html->len;
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_TAKE,
                                    g_string_free (html, FALSE), length);
}

/**
 * msi_demo_connections_reply_page:
 * @msg: the callback's request
 * @status: the HTTP status
 * @id: the outcome, the heading's id: "connected", "cancelled" or "failed"
 * @title: the heading (trusted text)
 * @message: what to do now (trusted text)
 * @reason: (nullable): why, from the request or a provider (escaped)
 *
 * The page the browser shows at the end of a service connection, for the
 * connections of the Actions service's users too (msi-demo-onboarding.c).
 */
void
msi_demo_connections_reply_page (SoupServerMessage *msg,
                                 guint              status,
                                 const char        *id,
                                 const char        *title,
                                 const char        *message,
                                 const char        *reason)
{
  reply_page (msg, status, id, title, message, reason);
}

static void
reply_failed_page (SoupServerMessage    *msg,
                   guint                 status,
                   const MsiDemoService *service,
                   const char           *reason)
{
  g_autofree char *title = g_strdup_printf ("%s could not be connected",
                                            service != NULL ? service->name : "The service");
  g_autofree char *message = g_strdup_printf ("Nothing was changed. Go back to %s and try again.", APP_NAME);

  reply_page (msg, status, "failed", title, message, reason);
}

/* Finds the pending request of @state and forgets it, so that it is used
 * at most once. Returns %NULL with @reason (or, on a store failure,
 * @error) set. */
static MsiDemoPendingConnection *
take_pending (MsiDemoStore          *store,
              const MsiDemoService  *service,
              const char            *state,
              const char           **reason,
              GError               **error)
{
  g_autoptr(MsiDemoPendingConnection) pending = NULL;
  g_autofree char *selector = NULL;
  g_autofree char *state_hash = NULL;
  gboolean was_deleted = FALSE;
  static const char invalid[] = "This connection request is not valid or was already used.";

  *reason = invalid;

  if (state == NULL || strlen (state) <= STATE_SELECTOR_LENGTH)
    return NULL;

  selector = g_strndup (state, STATE_SELECTOR_LENGTH);
  pending = msi_demo_store_dup_pending_connection (store, selector, error);
  if (pending == NULL)
    return NULL;

  state_hash = msi_demo_sha256_hex (state);
  if (!msi_demo_hashes_equal (state_hash, pending->state_sha256) || g_strcmp0 (pending->service, service->id) != 0)
    return NULL;

  if (!msi_demo_store_delete_pending_connection (store, selector, &was_deleted, error) || !was_deleted)
    return NULL;

  if (pending->expires_at <= msi_demo_now_seconds ())
    {
      *reason = "This connection request has expired.";
      return NULL;
    }

  *reason = NULL;

  return g_steal_pointer (&pending);
}

static JsonObject *
build_account (const char                     *base_uri,
               const MsiDemoService           *service,
               MsiDemoServiceGrant            *grant,
               const MsiDemoUser              *user,
               const MsiDemoSalesforceOrgUser *org_user)
{
  JsonObject *account = json_object_new ();
  g_autofree char *instance_url = g_strconcat (base_uri, "/", service->id, NULL);

  json_object_set_string_member (account, "username", grant->email);
  json_object_set_string_member (account, "displayName", user != NULL ? user->name : grant->email);
  json_object_set_string_member (account, "organizationId",
                                 org_user != NULL ? org_user->org_id : MSI_DEMO_SALESFORCE_ORG_ID);
  json_object_set_string_member (account, "organizationName",
                                 org_user != NULL ? org_user->org_name : "Northwind Traders");
  json_object_set_string_member (account, "instanceUrl", instance_url);

  return account;
}

/* Why the service cannot use the Salesforce org or user that allowed the
 * connection (admin guide: connecting the Sales account to Salesforce):
 * %NULL when it can; else the problem type, with a title and a detail
 * that say what to do. */
static const char *
salesforce_refusal (const MsiDemoSalesforceOrgUser  *org_user,
                    const MsiDemoUser               *user,
                    char                           **title,
                    char                           **detail)
{
  if (org_user != NULL && org_user->sandbox)
    {
      *title = g_strdup ("A Salesforce sandbox can't be connected");
      *detail = g_strdup_printf ("You signed in to the sandbox “%s” as %s. MSI Actions connects to your "
                                 "production Salesforce org: connect again and sign in with your "
                                 "production username (at login.salesforce.com, not test.salesforce.com).",
                                 org_user->org_name, org_user->email);
      return MSI_PROBLEM_SALESFORCE_WRONG_ORG_TYPE;
    }

  if (org_user != NULL && !org_user->org_api_enabled)
    {
      *title = g_strdup ("Your Salesforce edition has no API access");
      *detail = g_strdup_printf ("You signed in as %s to “%s”, a %s org, which does not include the "
                                 "Salesforce API that MSI Actions needs. Ask your Salesforce account "
                                 "executive to add API access, or connect an Enterprise, Unlimited or "
                                 "Performance Edition org.",
                                 org_user->email, org_user->org_name, org_user->edition);
      return MSI_PROBLEM_SALESFORCE_API_DISABLED_ORG;
    }

  if (user != NULL && !user->api_enabled)
    {
      *title = g_strdup ("Your Salesforce user has no API access");
      *detail = g_strdup_printf ("The profile “%s” of %s does not have the API Enabled permission. Ask "
                                 "your Salesforce admin to turn on API Enabled in that profile (or to "
                                 "give you a permission set that has it), then connect again.",
                                 org_user != NULL ? org_user->profile_name : "Standard User", user->email);
      return MSI_PROBLEM_SALESFORCE_API_DISABLED_USER;
    }

  return NULL;
}

/**
 * msi_demo_connections_handle_callback:
 * @server: the #MsiDemoServer
 * @msg: the GET the browser makes when the authorization server redirects
 *   back (`code` and `state`, or `error`)
 * @params: "service"
 *
 * Ends connecting the service and replies with a page for the browser.
 */
void
msi_demo_connections_handle_callback (MsiDemoServer     *server,
                                      SoupServerMessage *msg,
                                      GHashTable        *params)
{
  MsiDemoStore *store = msi_demo_server_get_store (server);
  MsiDemoAuthServer *auth = msi_demo_server_get_auth_server (server);
  const char *query_text = g_uri_get_query (soup_server_message_get_uri (msg));
  g_autoptr(GHashTable) query = NULL;
  g_autoptr(MsiDemoPendingConnection) pending = NULL;
  g_autoptr(MsiDemoServiceGrant) grant = NULL;
  g_autoptr(JsonObject) account = NULL;
  g_autoptr(MsiDemoUser) user = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *base_uri = msi_demo_server_dup_base_uri (server);
  g_autofree char *callback_url = NULL;
  g_autofree char *previous_grant = NULL;
  g_autofree char *refusal_title = NULL;
  g_autofree char *refusal_detail = NULL;
  const MsiDemoSalesforceOrgUser *org_user;
  const char *refusal;
  const MsiDemoService *service = find_service (g_hash_table_lookup (params, "service"));
  const char *oauth_error;
  const char *reason = NULL;

  if (service == NULL || service->provider == MSI_DEMO_PROVIDER_NONE)
    {
      reply_failed_page (msg, SOUP_STATUS_NOT_FOUND, NULL, "There is no such service to connect.");
      return;
    }

  query = query_text != NULL
          ? soup_form_decode (query_text)
          : g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  oauth_error = g_hash_table_lookup (query, "error");

  /* Deny, or an error of the authorization server: the request is over
   * either way; the connection stays as it was. */
  if (oauth_error != NULL)
    {
      const char *description = g_hash_table_lookup (query, "error_description");

      pending = take_pending (store, service, g_hash_table_lookup (query, "state"), &reason, &error);
      if (error != NULL)
        g_warning ("Could not forget a connection request: %s", error->message);

      g_message ("%s: connecting ended with %s", service->id,
                 g_str_equal (oauth_error, "access_denied") ? "access_denied" : "an error");

      if (g_str_equal (oauth_error, "access_denied"))
        {
          g_autofree char *message = g_strdup_printf ("%s was not connected. You can connect it "
                                                      "later from %s.", service->name, APP_NAME);

          reply_page (msg, SOUP_STATUS_OK, "cancelled", "The connection was cancelled", message, description);
        }
      else
        {
          g_autofree char *detail = g_strdup_printf ("%s: %s", oauth_error,
                                                     description != NULL ? description : "");

          reply_failed_page (msg, SOUP_STATUS_BAD_REQUEST, service, detail);
        }
      return;
    }

  pending = take_pending (store, service, g_hash_table_lookup (query, "state"), &reason, &error);
  if (error != NULL)
    {
      g_warning ("Could not read a connection request: %s", error->message);
      reply_failed_page (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, service, "The service failed.");
      return;
    }

  if (pending == NULL)
    {
      g_message ("%s: a callback with an invalid state", service->id);
      reply_failed_page (msg, SOUP_STATUS_BAD_REQUEST, service, reason);
      return;
    }

  if (g_hash_table_lookup (query, "code") == NULL)
    {
      reply_failed_page (msg, SOUP_STATUS_BAD_REQUEST, service, "The answer has no authorization code.");
      return;
    }

  callback_url = g_strconcat (base_uri, service->callback_path, NULL);
  grant = msi_demo_auth_server_redeem_service_code (auth, service->provider, MSI_DEMO_SERVICE_CLIENT_ID,
                                                    g_hash_table_lookup (query, "code"),
                                                    callback_url, pending->code_verifier, &error);
  if (grant == NULL)
    {
      g_autoptr(GError) store_error = NULL;
      g_autofree char *title = g_strdup_printf ("%s refused the connection", service->name);

      g_message ("%s: the code exchange failed: %s", service->id, error->message);

      if (!g_error_matches (error, MSI_DEMO_AUTH_SERVER_ERROR, MSI_DEMO_AUTH_SERVER_ERROR_INVALID_GRANT))
        {
          reply_failed_page (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, service, "The service failed.");
          return;
        }

      if (!msi_demo_store_set_connection_error (store, service->id,
                                                MSI_PROBLEM_CONNECTION_REFUSED,
                                                title, error->message, &store_error))
        g_warning ("Could not mark the %s connection failed: %s", service->id, store_error->message);

      reply_page (msg, SOUP_STATUS_BAD_REQUEST, "failed", title,
                  "The connection did not work. Go back to " APP_NAME " and try again.", error->message);
      return;
    }

  org_user = msi_demo_salesforce_find_org_user (grant->email);
  user = msi_demo_store_dup_user (store, "salesforce", grant->email, &error);
  if (error != NULL)
    {
      g_warning ("Could not read the %s user: %s", service->id, error->message);
      reply_failed_page (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, service, "The service failed.");
      return;
    }

  refusal = salesforce_refusal (org_user, user, &refusal_title, &refusal_detail);
  if (refusal != NULL)
    {
      g_autofree char *message = g_strdup_printf ("%s was not connected. Nothing was changed.", service->name);

      g_message ("%s: %s cannot be connected: %s", service->id, grant->email, refusal);

      /* Tokens it cannot use are given back at once. */
      if (!msi_demo_store_revoke_grant (store, grant->grant_id, &error) ||
          !msi_demo_store_set_connection_error (store, service->id, refusal,
                                                refusal_title, refusal_detail, &error))
        {
          g_warning ("Could not mark the %s connection failed: %s", service->id, error->message);
          reply_failed_page (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, service, "The service failed.");
          return;
        }

      reply_page (msg, SOUP_STATUS_FORBIDDEN, "failed", refusal_title, message, refusal_detail);
      return;
    }

  /* Connecting again replaces the tokens: revoke the old ones. */
  account = build_account (base_uri, service, grant, user, org_user);
  if (!msi_demo_store_dup_connection_grant (store, service->id, &previous_grant, &error) ||
      (previous_grant != NULL && !g_str_equal (previous_grant, grant->grant_id) &&
       !msi_demo_store_revoke_grant (store, previous_grant, &error)) ||
      !msi_demo_store_set_connection_connected (store, service->id, pending->admin_email, account,
                                                grant->grant_id, grant->access_token_sha256,
                                                grant->refresh_token_sha256, &error))
    {
      g_warning ("Could not store the %s connection: %s", service->id, error->message);
      reply_failed_page (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, service, "The service failed.");
      return;
    }

  g_message ("%s: connected by %s", service->id, pending->admin_email);

  {
    g_autofree char *title = g_strdup_printf ("%s is connected", service->name);
    g_autofree char *message = g_strdup_printf ("You can close this page and go back to %s.", APP_NAME);

    reply_page (msg, SOUP_STATUS_OK, "connected", title, message, NULL);
  }
}

/*
 * DELETE /api/v1/connections/{service}
 */

/**
 * msi_demo_connections_handle_delete:
 * @server: the #MsiDemoServer
 * @msg: the DELETE, with an admin's bearer token
 * @params: "service"
 *
 * Disconnects the service: its tokens are revoked and forgotten.
 */
void
msi_demo_connections_handle_delete (MsiDemoServer     *server,
                                    SoupServerMessage *msg,
                                    GHashTable        *params)
{
  MsiDemoStore *store = msi_demo_server_get_store (server);
  g_autoptr(MsiDemoUser) admin = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *grant_id = NULL;
  const MsiDemoService *service;

  service = authorize_admin (server, msg, params, &admin);
  if (service == NULL)
    return;

  if (!msi_demo_store_dup_connection_grant (store, service->id, &grant_id, &error) ||
      (grant_id != NULL && !msi_demo_store_revoke_grant (store, grant_id, &error)) ||
      !msi_demo_store_set_connection_disconnected (store, service->id, &error))
    {
      msi_demo_reply_internal_error (msg, error);
      return;
    }

  g_message ("%s: disconnected by %s", service->id, admin->email);

  soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
}
