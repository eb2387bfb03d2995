/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-demo-server.c: loopback HTTP server standing in for the Actions service */

#define G_LOG_DOMAIN "msi-demo-server"

#include "config.h"

#include "msi-demo-server.h"

#include <string.h>

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "msi-demo-activation.h"
#include "msi-demo-connections.h"
#include "msi-demo-http.h"
#include "msi-demo-salesforce.h"
#include "msi-demo-marketo.h"
#include "msi-demo-onboarding.h"
#include "msi-demo-scim.h"
#include "msi-demo-seed.h"
#include "msi-demo-sync.h"
#include "msi-redact.h"

struct _MsiDemoServer
{
  GObject       parent_instance;

  MsiDemoStore      *store;
  MsiDemoAuthServer *auth;
  SoupServer        *server;

  /* DelayedReply*, replies held back by latency_ms */
  GPtrArray    *delayed;

  guint         latency_ms;
  guint16       port;

  /* MSI_DEMO_TEST_HOOKS: the /__demo/ endpoints */
  gboolean      test_hooks;
};

enum {
  PROP_0,
  PROP_STORE,
  PROP_LATENCY_MS,
  PROP_PORT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (MsiDemoServer, msi_demo_server, G_TYPE_OBJECT)


/*
 * Replies
 */

static void
reply_not_found (SoupServerMessage *msg,
                 const char        *path)
{
  g_autofree char *detail = g_strdup_printf ("There is no resource at %s.", path);

  msi_demo_reply_problem (msg,
                          SOUP_STATUS_NOT_FOUND,
                          NULL,
                          soup_status_get_phrase (SOUP_STATUS_NOT_FOUND),
                          detail);
}

/*
 * Handlers
 *
 * A handler fills in the reply of @msg synchronously. @params holds the
 * values of the "{name}" segments of the route pattern, already
 * percent-decoded.
 */

typedef void (*MsiDemoHandler) (MsiDemoServer     *self,
                                SoupServerMessage *msg,
                                GHashTable        *params);

static void
handle_get_account (MsiDemoServer     *self,
                    SoupServerMessage *msg,
                    GHashTable        *params)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) account = NULL;

  g_assert (MSI_IS_DEMO_SERVER (self));

  /* A sync job that ended since the last request changes the account. */
  msi_demo_sync_settle (self);

  account = msi_demo_store_dup_account (self->store, &error);
  if (account == NULL)
    {
      msi_demo_reply_internal_error (msg, error);
      return;
    }

  /* A test's seat limit (PUT /__demo/scim/faults). */
  if (msi_demo_scim_get_seat_limit (self) >= 0)
    json_object_set_int_member (json_object_get_object_member (json_node_get_object (account), "limits"),
                                "seats", msi_demo_scim_get_seat_limit (self));

  msi_demo_reply_json (msg, SOUP_STATUS_OK, MSI_DEMO_CONTENT_TYPE_JSON, account);
}

static void
handle_get_connections (MsiDemoServer     *self,
                        SoupServerMessage *msg,
                        GHashTable        *params)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) connections = NULL;

  g_assert (MSI_IS_DEMO_SERVER (self));

  connections = msi_demo_store_dup_connections (self->store, &error);
  if (connections == NULL)
    {
      msi_demo_reply_internal_error (msg, error);
      return;
    }

  msi_demo_reply_json (msg, SOUP_STATUS_OK, MSI_DEMO_CONTENT_TYPE_JSON, connections);
}

/* The plaintext of every access and refresh token issued since start, so
 * that tests can check none of them reached a file. Only with
 * MSI_DEMO_TEST_HOOKS=1; otherwise the path does not exist. */
static void
handle_get_issued_tokens (MsiDemoServer     *self,
                          SoupServerMessage *msg,
                          GHashTable        *params)
{
  g_autoptr(JsonNode) tokens = NULL;

  g_assert (MSI_IS_DEMO_SERVER (self));

  if (!self->test_hooks)
    {
      reply_not_found (msg, g_uri_get_path (soup_server_message_get_uri (msg)));
      return;
    }

  tokens = msi_demo_auth_server_dup_issued_tokens (self->auth);
  msi_demo_reply_json (msg, SOUP_STATUS_OK, MSI_DEMO_CONTENT_TYPE_JSON, tokens);
}

/* Salesforce faults for tests; only with MSI_DEMO_TEST_HOOKS=1. */
static void
handle_salesforce_faults (MsiDemoServer     *self,
                          SoupServerMessage *msg,
                          GHashTable        *params)
{
  if (!self->test_hooks)
    {
      reply_not_found (msg, g_uri_get_path (soup_server_message_get_uri (msg)));
      return;
    }

  msi_demo_salesforce_handle_faults (self, msg, params);
}

/*
 * Routes
 *
 * To add an endpoint, write a handler above and add a row here. A pattern
 * is matched segment by segment; a "{name}" segment matches any non-empty
 * segment and passes it to the handler in @params under "name". A GET
 * route also answers HEAD. A path that matches some route but not its
 * method gets a 405 with an Allow header; a path that matches none, a 404.
 *
 * The authorization servers' routes name an MsiDemoAuthServer handler and
 * the provider it acts as instead (see msi-demo-auth-server.c).
 */

typedef struct
{
  const char          *method;
  const char          *pattern;
  MsiDemoHandler       handler;
  MsiDemoAuthHandler   auth_handler;
  MsiDemoProviderKind  provider;
} MsiDemoRoute;

#define AUTHORIZE msi_demo_auth_server_handle_authorize
#define TOKEN     msi_demo_auth_server_handle_token
#define REVOKE    msi_demo_auth_server_handle_revoke
#define USERINFO  msi_demo_auth_server_handle_userinfo
#define DISCOVERY msi_demo_auth_server_handle_discovery
#define GMAIL     msi_demo_auth_server_handle_gmail_profile
#define ACTIONS    MSI_DEMO_PROVIDER_ACTIONS
#define SALESFORCE MSI_DEMO_PROVIDER_SALESFORCE
#define MICROSOFT  MSI_DEMO_PROVIDER_MICROSOFT
#define GOOGLE     MSI_DEMO_PROVIDER_GOOGLE

static const MsiDemoRoute routes[] = {
  { "GET",  "/api/v1/account",                              handle_get_account },
  { "GET",  "/api/v1/connections",                          handle_get_connections },
  { "POST", "/api/v1/connections/{service}",                msi_demo_activation_handle_connect },
  { "DELETE", "/api/v1/connections/{service}",              msi_demo_connections_handle_delete },
  { "POST", "/api/v1/connections/{service}/authorization-url", msi_demo_connections_handle_authorization_url },
  { "GET",  "/api/v1/connections/{service}/callback",       msi_demo_connections_handle_callback },
  { "GET",  "/__demo/issued-tokens",                        handle_get_issued_tokens },

  /* The admin pane (issue 4) and the demo mailbox */
  { "POST", "/api/v1/activation",                           msi_demo_activation_handle_activate },
  { "PUT",  "/api/v1/setup/salesforce-package",             msi_demo_activation_handle_put_package },
  { "GET",  "/api/v1/setup/salesforce-configuration",       msi_demo_activation_handle_get_configuration },
  { "PUT",  "/api/v1/setup/salesforce-configuration",       msi_demo_activation_handle_put_configuration },
  { "GET",  "/demo/outbox",                                 msi_demo_activation_handle_get_outbox },
  { "DELETE", "/demo/outbox/{id}",                          msi_demo_activation_handle_delete_outbox },
  { "POST", "/__demo/faults",                               msi_demo_activation_handle_faults },

  /* Users and teams (issue 5; msi-demo-scim.c) */
  { "GET",  "/scim/v2/ServiceProviderConfig",               msi_demo_scim_handle_service_provider_config },
  { "GET",  "/scim/v2/Users",                               msi_demo_scim_handle_list_users },
  { "POST", "/scim/v2/Users",                               msi_demo_scim_handle_create_user },
  { "GET",  "/scim/v2/Users/{id}",                          msi_demo_scim_handle_get_user },
  { "DELETE", "/scim/v2/Users/{id}",                        msi_demo_scim_handle_delete_user },
  { "GET",  "/scim/v2/Groups",                              msi_demo_scim_handle_list_groups },
  { "POST", "/scim/v2/Groups",                              msi_demo_scim_handle_create_group },
  { "GET",  "/scim/v2/Groups/{id}",                         msi_demo_scim_handle_get_group },
  { "DELETE", "/scim/v2/Groups/{id}",                       msi_demo_scim_handle_delete_group },
  { "POST", "/scim/v2/Bulk",                                msi_demo_scim_handle_bulk },
  { "POST", "/api/v1/invitations/{id}/resend",              msi_demo_scim_handle_resend },
  { "PUT",  "/__demo/scim/faults",                          msi_demo_scim_handle_faults },
  { "POST", "/__demo/scim/seed",                            msi_demo_scim_handle_seed },
  { "GET",  "/__demo/scim/stats",                           msi_demo_scim_handle_get_stats },
  { "DELETE", "/__demo/scim/stats",                         msi_demo_scim_handle_reset_stats },
  { "GET",  "/__demo/invitations/{token}",                  msi_demo_scim_handle_invitation_token },

  /* Data sync (issue 6; msi-demo-sync.c) */
  { "GET",  "/api/v1/sync/fields",                          msi_demo_sync_handle_get_fields },
  { "PUT",  "/api/v1/sync/fields",                          msi_demo_sync_handle_put_fields },
  { "GET",  "/api/v1/sync/preview",                         msi_demo_sync_handle_preview },
  { "GET",  "/api/v1/sync/jobs",                            msi_demo_sync_handle_list_jobs },
  { "POST", "/api/v1/sync/jobs",                            msi_demo_sync_handle_start_job },
  { "GET",  "/api/v1/sync/jobs/{id}",                       msi_demo_sync_handle_get_job },
  { "POST", "/api/v1/sync/jobs/{id}/cancel",                msi_demo_sync_handle_cancel_job },
  { "PUT",  "/__demo/sync/faults",                          msi_demo_sync_handle_faults },
  { "GET",  "/__demo/sync/stats",                           msi_demo_sync_handle_get_stats },

  /* A sales rep's onboarding (issue 7; msi-demo-onboarding.c) */
  { "GET",  "/api/v1/invitations/{token}",                  msi_demo_onboarding_handle_get_invitation },
  { "POST", "/api/v1/invitations/{token}",                  msi_demo_onboarding_handle_redeem_invitation },
  { "GET",  "/api/v1/me/onboarding",                        msi_demo_onboarding_handle_get_progress },
  { "PUT",  "/api/v1/me/onboarding",                        msi_demo_onboarding_handle_put_progress },
  { "GET",  "/api/v1/me/connections",                       msi_demo_onboarding_handle_list_connections },
  { "DELETE", "/api/v1/me/connections/{service}",           msi_demo_onboarding_handle_disconnect },
  { "POST", "/api/v1/me/connections/{service}/authorization-url", msi_demo_onboarding_handle_authorization_url },
  { "GET",  "/api/v1/me/connections/{service}/callback",    msi_demo_onboarding_handle_callback },
  { "GET",  "/api/v1/me/email-identities",                  msi_demo_onboarding_handle_list_identities },
  { "GET",  "/api/v1/me/signature",                         msi_demo_onboarding_handle_get_signature },
  { "PUT",  "/api/v1/me/signature",                         msi_demo_onboarding_handle_put_signature },
  { "POST", "/__demo/onboarding/invite",                    msi_demo_onboarding_handle_invite_hook },
  { "GET",  "/__demo/onboarding/users/{email}",             msi_demo_onboarding_handle_user_hook },

  /* The Actions service (app sign-in) */
  { "GET",  "/oauth/authorize",                             NULL, AUTHORIZE, ACTIONS },
  { "POST", "/oauth/authorize",                             NULL, AUTHORIZE, ACTIONS },
  { "POST", "/oauth/token",                                 NULL, TOKEN,     ACTIONS },
  { "POST", "/oauth/revoke",                                NULL, REVOKE,    ACTIONS },
  { "GET",  "/api/v1/me",                                   NULL, USERINFO,  ACTIONS },

  /* Salesforce (api-notes §1) */
  { "GET",  "/salesforce/.well-known/openid-configuration", NULL, DISCOVERY, SALESFORCE },
  { "GET",  "/salesforce/services/oauth2/authorize",        NULL, AUTHORIZE, SALESFORCE },
  { "POST", "/salesforce/services/oauth2/authorize",        NULL, AUTHORIZE, SALESFORCE },
  { "POST", "/salesforce/services/oauth2/token",            NULL, TOKEN,     SALESFORCE },
  { "POST", "/salesforce/services/oauth2/revoke",           NULL, REVOKE,    SALESFORCE },
  { "GET",  "/salesforce/services/oauth2/userinfo",         NULL, USERINFO,  SALESFORCE },
  { "GET",  "/salesforce/services/data",                    msi_demo_salesforce_handle_versions },
  { "GET",  "/salesforce/services/data/",                   msi_demo_salesforce_handle_versions },
  { "GET",  "/salesforce/services/data/{version}/query",    msi_demo_salesforce_handle_query },
  { "GET",  "/salesforce/services/data/{version}/query/{locator}", msi_demo_salesforce_handle_query },
  { "GET",  "/salesforce/services/data/{version}/tooling/query", msi_demo_salesforce_handle_tooling_query },
  { "GET",  "/salesforce/services/data/{version}/tooling/query/{locator}",
    msi_demo_salesforce_handle_tooling_query },
  { "GET",  "/salesforce/packaging/installPackage.apexp",   msi_demo_salesforce_handle_install_page },
  { "POST", "/salesforce/packaging/installPackage.apexp",   msi_demo_salesforce_handle_install_page },
  { "POST", "/__demo/salesforce/faults",                    handle_salesforce_faults },

  /* Microsoft identity platform v2 and Graph (api-notes §3) */
  { "GET",  "/microsoft/{tenant}/oauth2/v2.0/authorize",    NULL, AUTHORIZE, MICROSOFT },
  { "POST", "/microsoft/{tenant}/oauth2/v2.0/authorize",    NULL, AUTHORIZE, MICROSOFT },
  { "POST", "/microsoft/{tenant}/oauth2/v2.0/token",        NULL, TOKEN,     MICROSOFT },
  { "GET",  "/microsoft/graph/v1.0/me",                     NULL, USERINFO,  MICROSOFT },

  /* Google (api-notes §4) */
  { "GET",  "/google/.well-known/openid-configuration",     NULL, DISCOVERY, GOOGLE },
  { "GET",  "/google/o/oauth2/v2/auth",                     NULL, AUTHORIZE, GOOGLE },
  { "POST", "/google/o/oauth2/v2/auth",                     NULL, AUTHORIZE, GOOGLE },
  { "POST", "/google/token",                                NULL, TOKEN,     GOOGLE },
  { "POST", "/google/revoke",                               NULL, REVOKE,    GOOGLE },
  { "GET",  "/google/v1/userinfo",                          NULL, USERINFO,  GOOGLE },
  { "GET",  "/google/gmail/v1/users/me/profile",            NULL, GMAIL,     GOOGLE },

  /* Marketo (api-notes §2; msi-demo-marketo.c) */
  { "GET",  MSI_DEMO_MARKETO_PREFIX "/identity/oauth/token", msi_demo_marketo_handle_identity },
  { "POST", MSI_DEMO_MARKETO_PREFIX "/identity/oauth/token", msi_demo_marketo_handle_identity },
  { "GET",  MSI_DEMO_MARKETO_PREFIX "/rest/v1/leads/describe2.json", msi_demo_marketo_handle_describe2 },
  { "GET",  MSI_DEMO_MARKETO_PREFIX "/userservice/management/v1/users/allusers.json", msi_demo_marketo_handle_all_users },
  { "GET",  MSI_DEMO_MARKETO_PREFIX "/userservice/management/v1/users/roles.json", msi_demo_marketo_handle_roles },
  { "GET",  MSI_DEMO_MARKETO_PREFIX "/userservice/management/v1/users/{userid}/roles.json", msi_demo_marketo_handle_user_roles },
  { "GET",  MSI_DEMO_MARKETO_PREFIX "/userservice/management/v1/users/{userid}/user.json", msi_demo_marketo_handle_user },
  { "POST", "/__demo/marketo/faults",                       msi_demo_marketo_handle_faults },
  { "GET",  "/__demo/marketo/stats",                        msi_demo_marketo_handle_stats },
  { "PUT",  "/__demo/marketo/lead-fields/{name}",           msi_demo_marketo_handle_lead_field },
};

#undef AUTHORIZE
#undef TOKEN
#undef REVOKE
#undef USERINFO
#undef DISCOVERY
#undef GMAIL
#undef ACTIONS
#undef SALESFORCE
#undef MICROSOFT
#undef GOOGLE

static gboolean
route_match_path (const char *pattern,
                  const char *path,
                  GHashTable *params)
{
  g_auto(GStrv) pattern_parts = g_strsplit (pattern, "/", -1);
  g_auto(GStrv) path_parts = g_strsplit (path, "/", -1);
  guint n_parts = g_strv_length (pattern_parts);

  g_assert (params != NULL);

  if (n_parts != g_strv_length (path_parts))
    return FALSE;

  for (guint i = 0; i < n_parts; i++)
    {
      const char *want = pattern_parts[i];
      const char *got = path_parts[i];
      gsize want_len = strlen (want);

      if (want_len > 2 && want[0] == '{' && want[want_len - 1] == '}')
        {
          char *value;

          if (got[0] == '\0' || (value = g_uri_unescape_string (got, "/")) == NULL)
            return FALSE;

          g_hash_table_insert (params, g_strndup (want + 1, want_len - 2), value);
        }
      else if (!g_str_equal (want, got))
        {
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
route_match_method (const MsiDemoRoute *route,
                    const char         *method)
{
  return g_str_equal (route->method, method) ||
         (g_str_equal (route->method, "GET") && g_str_equal (method, "HEAD"));
}

static void
allow_add (GPtrArray  *allow,
           const char *method)
{
  if (!g_ptr_array_find_with_equal_func (allow, method, g_str_equal, NULL))
    g_ptr_array_add (allow, (gpointer)method);
}

/*
 * Latency
 */

typedef struct
{
  MsiDemoServer     *self;
  SoupServerMessage *msg;
  guint              source_id;
  gulong             finished_id;
} DelayedReply;

static void
delayed_reply_free (DelayedReply *delayed)
{
  g_clear_handle_id (&delayed->source_id, g_source_remove);
  g_clear_signal_handler (&delayed->finished_id, delayed->msg);
  g_clear_object (&delayed->msg);
  g_free (delayed);
}

static gboolean
delayed_reply_timeout_cb (gpointer user_data)
{
  DelayedReply *delayed = user_data;
  g_autoptr(SoupServerMessage) msg = g_object_ref (delayed->msg);

  delayed->source_id = 0;
  g_ptr_array_remove_fast (delayed->self->delayed, delayed);
  delayed_reply_free (delayed);

  soup_server_message_unpause (msg);

  return G_SOURCE_REMOVE;
}

static void
delayed_reply_finished_cb (SoupServerMessage *msg,
                           DelayedReply      *delayed)
{
  /* The client went away before the delay ran out. */
  g_ptr_array_remove_fast (delayed->self->delayed, delayed);
  delayed_reply_free (delayed);
}

static void
delay_reply (MsiDemoServer     *self,
             SoupServerMessage *msg,
             guint              latency_ms)
{
  DelayedReply *delayed;

  g_assert (MSI_IS_DEMO_SERVER (self));
  g_assert (latency_ms > 0);

  delayed = g_new0 (DelayedReply, 1);
  delayed->self = self;
  delayed->msg = g_object_ref (msg);
  delayed->finished_id = g_signal_connect (msg, "finished",
                                           G_CALLBACK (delayed_reply_finished_cb),
                                           delayed);
  delayed->source_id = g_timeout_add (latency_ms, delayed_reply_timeout_cb, delayed);
  g_ptr_array_add (self->delayed, delayed);

  soup_server_message_pause (msg);
}

/*
 * Dispatch
 */

static void
msi_demo_server_handle (SoupServer        *server,
                        SoupServerMessage *msg,
                        const char        *path,
                        GHashTable        *query,
                        gpointer           user_data)
{
  MsiDemoServer *self = user_data;
  /* A handler that drops the connection may free @msg otherwise. */
  g_autoptr(SoupServerMessage) held = g_object_ref (msg);
  const char *method = soup_server_message_get_method (msg);
  guint latency_ms = self->latency_ms;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(GPtrArray) allow = g_ptr_array_new ();
  const MsiDemoRoute *found = NULL;

  g_assert (MSI_IS_DEMO_SERVER (self));

  params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      const MsiDemoRoute *route = &routes[i];

      if (!route_match_path (route->pattern, path, params))
        {
          g_hash_table_remove_all (params);
          continue;
        }

      if (route_match_method (route, method))
        {
          found = route;
          break;
        }

      g_hash_table_remove_all (params);
      allow_add (allow, route->method);
      if (g_str_equal (route->method, "GET"))
        allow_add (allow, "HEAD");
    }

  soup_message_headers_replace (headers, "Cache-Control", "no-store");

  if (found != NULL && found->auth_handler != NULL)
    {
      found->auth_handler (self->auth, found->provider, msg);
    }
  else if (found != NULL)
    {
      found->handler (self, msg, params);
    }
  else if (allow->len > 0)
    {
      g_autofree char *allowed = NULL;
      g_autofree char *detail = NULL;

      g_ptr_array_add (allow, NULL);
      allowed = g_strjoinv (", ", (char **)allow->pdata);
      detail = g_strdup_printf ("%s does not support %s; use %s.", path, method, allowed);

      soup_message_headers_replace (headers, "Allow", allowed);
      msi_demo_reply_problem (msg,
                              SOUP_STATUS_METHOD_NOT_ALLOWED,
                              NULL,
                              soup_status_get_phrase (SOUP_STATUS_METHOD_NOT_ALLOWED),
                              detail);
    }
  else
    {
      reply_not_found (msg, path);
    }

  /* A status of 0: the handler dropped the connection (a fault). */
  if (soup_server_message_get_status (msg) == 0 || msi_demo_connection_dropped (msg))
    {
      g_debug ("%s %s → connection dropped", method, path);
      return;
    }

  /* Paths only: queries and bodies may hold codes and tokens; so may
   * paths (an invitation's token), which msi_redact() hides. */
  if (!g_log_writer_default_would_drop (G_LOG_LEVEL_DEBUG, G_LOG_DOMAIN))
    {
      g_autofree char *shown = msi_redact (path);

      g_debug ("%s %s → %u", method, shown, soup_server_message_get_status (msg));
    }

  if (g_str_has_prefix (path, "/scim/v2/"))
    latency_ms = MAX (latency_ms, msi_demo_scim_get_latency_ms (self));
  else if (g_str_has_prefix (path, "/api/v1/sync/"))
    latency_ms = MAX (latency_ms, msi_demo_sync_get_latency_ms (self));

  if (latency_ms > 0)
    delay_reply (self, msg, latency_ms);
}

/*
 * GObject
 */

static void
msi_demo_server_constructed (GObject *object)
{
  MsiDemoServer *self = (MsiDemoServer *)object;

  G_OBJECT_CLASS (msi_demo_server_parent_class)->constructed (object);

  g_assert (MSI_IS_DEMO_STORE (self->store));

  self->auth = msi_demo_auth_server_new (self->store);

  /* The trailing space makes libsoup append its own version. */
  self->server = soup_server_new ("server-header", DEMO_SERVER_NAME "/" PACKAGE_VERSION " ", NULL);
  soup_server_add_handler (self->server, NULL, msi_demo_server_handle, self, NULL);
}

static void
msi_demo_server_dispose (GObject *object)
{
  MsiDemoServer *self = (MsiDemoServer *)object;

  msi_demo_server_shutdown (self);

  g_clear_object (&self->server);
  g_clear_object (&self->auth);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (msi_demo_server_parent_class)->dispose (object);
}

static void
msi_demo_server_finalize (GObject *object)
{
  MsiDemoServer *self = (MsiDemoServer *)object;

  g_clear_pointer (&self->delayed, g_ptr_array_unref);

  G_OBJECT_CLASS (msi_demo_server_parent_class)->finalize (object);
}

static void
msi_demo_server_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  MsiDemoServer *self = MSI_DEMO_SERVER (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_LATENCY_MS:
      g_value_set_uint (value, self->latency_ms);
      break;

    case PROP_PORT:
      g_value_set_uint (value, self->port);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
msi_demo_server_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  MsiDemoServer *self = MSI_DEMO_SERVER (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_assert (self->store == NULL);
      self->store = g_value_dup_object (value);
      break;

    case PROP_LATENCY_MS:
      msi_demo_server_set_latency_ms (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
msi_demo_server_class_init (MsiDemoServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = msi_demo_server_constructed;
  object_class->dispose = msi_demo_server_dispose;
  object_class->finalize = msi_demo_server_finalize;
  object_class->get_property = msi_demo_server_get_property;
  object_class->set_property = msi_demo_server_set_property;

  /**
   * MsiDemoServer:store:
   *
   * The store the server reads its state from.
   */
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         MSI_TYPE_DEMO_STORE,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));

  /**
   * MsiDemoServer:latency-ms:
   *
   * How long every reply is held back, in milliseconds.
   */
  properties[PROP_LATENCY_MS] =
    g_param_spec_uint ("latency-ms", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READWRITE |
                        G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS));

  /**
   * MsiDemoServer:port:
   *
   * The TCP port the server listens on, or 0 before listening.
   */
  properties[PROP_PORT] =
    g_param_spec_uint ("port", NULL, NULL,
                       0, G_MAXUINT16, 0,
                       (G_PARAM_READABLE |
                        G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
msi_demo_server_init (MsiDemoServer *self)
{
  self->delayed = g_ptr_array_new ();
}

/**
 * msi_demo_server_new:
 * @store: the store to serve
 *
 * Returns: (transfer full): a new server, not listening yet
 */
MsiDemoServer *
msi_demo_server_new (MsiDemoStore *store)
{
  g_return_val_if_fail (MSI_IS_DEMO_STORE (store), NULL);

  return g_object_new (MSI_TYPE_DEMO_SERVER,
                       "store", store,
                       NULL);
}

/**
 * msi_demo_server_get_store:
 * @self: a #MsiDemoServer
 *
 * Returns: (transfer none): the store
 */
MsiDemoStore *
msi_demo_server_get_store (MsiDemoServer *self)
{
  g_return_val_if_fail (MSI_IS_DEMO_SERVER (self), NULL);

  return self->store;
}

guint
msi_demo_server_get_latency_ms (MsiDemoServer *self)
{
  g_return_val_if_fail (MSI_IS_DEMO_SERVER (self), 0);

  return self->latency_ms;
}

/**
 * msi_demo_server_set_latency_ms:
 * @self: a #MsiDemoServer
 * @latency_ms: delay in milliseconds, 0 for none
 *
 * Holds back every reply by @latency_ms, without blocking the server.
 */
void
msi_demo_server_set_latency_ms (MsiDemoServer *self,
                                guint          latency_ms)
{
  g_return_if_fail (MSI_IS_DEMO_SERVER (self));

  if (self->latency_ms == latency_ms)
    return;

  self->latency_ms = latency_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LATENCY_MS]);
}

/**
 * msi_demo_server_get_auth_server:
 * @self: a #MsiDemoServer
 *
 * Returns: (transfer none): the authorization servers
 */
MsiDemoAuthServer *
msi_demo_server_get_auth_server (MsiDemoServer *self)
{
  g_return_val_if_fail (MSI_IS_DEMO_SERVER (self), NULL);

  return self->auth;
}

/**
 * msi_demo_server_set_test_hooks:
 * @self: a #MsiDemoServer
 * @test_hooks: whether to serve the test-only `/__demo/` endpoints
 */
void
msi_demo_server_set_test_hooks (MsiDemoServer *self,
                                gboolean       test_hooks)
{
  g_return_if_fail (MSI_IS_DEMO_SERVER (self));

  self->test_hooks = !!test_hooks;
}

/**
 * msi_demo_server_get_test_hooks:
 * @self: a #MsiDemoServer
 *
 * Returns: whether the test-only `/__demo/` endpoints are served
 */
gboolean
msi_demo_server_get_test_hooks (MsiDemoServer *self)
{
  g_return_val_if_fail (MSI_IS_DEMO_SERVER (self), FALSE);

  return self->test_hooks;
}

/**
 * msi_demo_server_listen:
 * @self: a #MsiDemoServer
 * @port: the TCP port, or 0 to let the system pick a free one
 * @error: return location for an error
 *
 * Starts listening on 127.0.0.1 (only) at @port.
 *
 * Returns: %TRUE on success
 */
gboolean
msi_demo_server_listen (MsiDemoServer  *self,
                        guint16         port,
                        GError        **error)
{
  g_autoptr(GInetAddress) loopback = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocketAddress) local = NULL;
  GSList *listeners;

  g_return_val_if_fail (MSI_IS_DEMO_SERVER (self), FALSE);
  g_return_val_if_fail (self->port == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  address = g_inet_socket_address_new (loopback, port);

  if (!soup_server_listen (self->server, address, 0, error))
    {
      g_prefix_error (error, "Could not listen on 127.0.0.1:%u: ", port);
      return FALSE;
    }

  /* Read the port from the socket: soup_server_get_uris() leaks in
   * libsoup 3.2. */
  listeners = soup_server_get_listeners (self->server);
  g_assert (listeners != NULL);
  local = g_socket_get_local_address (listeners->data, error);
  g_slist_free (listeners);

  if (local == NULL)
    {
      g_prefix_error (error, "Could not find the port of 127.0.0.1:%u: ", port);
      soup_server_disconnect (self->server);
      return FALSE;
    }

  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));

  {
    g_autofree char *base_uri = msi_demo_server_dup_base_uri (self);

    msi_demo_auth_server_set_base_uri (self->auth, base_uri);
  }

  /* The onboarding's seeded welcome mails name this address. */
  if (!msi_demo_onboarding_seed (self, error))
    {
      g_prefix_error (error, "Could not seed the onboarding invitations: ");
      soup_server_disconnect (self->server);
      self->port = 0;
      return FALSE;
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT]);

  return TRUE;
}

/**
 * msi_demo_server_get_port:
 * @self: a #MsiDemoServer
 *
 * Returns: the port the server listens on, or 0 before listening
 */
guint16
msi_demo_server_get_port (MsiDemoServer *self)
{
  g_return_val_if_fail (MSI_IS_DEMO_SERVER (self), 0);

  return self->port;
}

/**
 * msi_demo_server_dup_base_uri:
 * @self: a #MsiDemoServer
 *
 * Returns: (transfer full) (nullable): "http://127.0.0.1:PORT", without a
 *   trailing slash, or %NULL before listening
 */
char *
msi_demo_server_dup_base_uri (MsiDemoServer *self)
{
  g_return_val_if_fail (MSI_IS_DEMO_SERVER (self), NULL);

  if (self->port == 0)
    return NULL;

  return g_strdup_printf ("http://127.0.0.1:%u", self->port);
}

/**
 * msi_demo_server_shutdown:
 * @self: a #MsiDemoServer
 *
 * Drops held-back replies and closes the listening socket and all
 * connections. Safe to call more than once.
 */
void
msi_demo_server_shutdown (MsiDemoServer *self)
{
  g_return_if_fail (MSI_IS_DEMO_SERVER (self));

  while (self->delayed->len > 0)
    {
      DelayedReply *delayed = g_ptr_array_steal_index_fast (self->delayed, 0);

      delayed_reply_free (delayed);
    }

  if (self->server != NULL)
    soup_server_disconnect (self->server);
}
