/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-demo-scim.c: the Actions service's users and teams through SCIM 2.0, invitations, and their faults */

#define G_LOG_DOMAIN "msi-demo-scim"

#include "config.h"

#include "msi-demo-scim.h"

#include <stdarg.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "msi-demo-http.h"
#include "msi-demo-seed.h"
#include "msi-demo-store-private.h"

/*
 * Users and teams of the Sales account as SCIM 2.0 resources (RFC 7643,
 * RFC 7644; docs/actions-api.yaml), every request with an admin's bearer
 * token:
 *
 *   GET    /scim/v2/ServiceProviderConfig
 *   GET    /scim/v2/Users?filter=&startIndex=&count=&sortOrder=&attributes=&excludedAttributes=
 *   POST   /scim/v2/Users              an invitation: active false, a welcome mail
 *   GET    /scim/v2/Users/{id}
 *   DELETE /scim/v2/Users/{id}         revokes an invitation (and its link)
 *   GET    /scim/v2/Groups?filter=&startIndex=&count=&attributes=&excludedAttributes=
 *   POST   /scim/v2/Groups
 *   GET    /scim/v2/Groups/{id}
 *   DELETE /scim/v2/Groups/{id}        its users go back to Everyone
 *   POST   /scim/v2/Bulk               POST /Users, POST /Groups, DELETE /Users/{id}, DELETE /Groups/{id}
 *   POST   /api/v1/invitations/{userId}/resend   (RFC 9457 problems)
 *
 * Every user is in exactly one team (Everyone unless another was chosen
 * with the Invitation extension's teamId); users list it in "groups",
 * teams their users in "members" and their count in the Team extension.
 * A user who has not accepted the invitation yet has active false and the
 * Invitation extension (state pending or expired, invitedAt, invitedBy,
 * expiresAt). Users and invitations each hold a seat.
 *
 * Errors are SCIM errors (application/scim+json, RFC 7644 §3.12) with a
 * detail that names the attribute; a seat or team limit adds "msiLimit".
 * A missing or refused token answers as every Actions request does
 * (RFC 9457 problem details, 401/403).
 *
 * With MSI_DEMO_TEST_HOOKS=1 (docs/actions-api.yaml, tag demo):
 *   PUT    /__demo/scim/faults        faults of the next /scim/v2/ requests
 *   POST   /__demo/scim/seed          {"users": N} active users at once
 *   GET    /__demo/scim/stats         what the /scim/v2/ endpoints were asked and did
 *   DELETE /__demo/scim/stats         starts counting again
 *   GET    /__demo/invitations/{token}  whether an invitation link works
 *
 * Every request that changes something runs in one transaction; a Bulk
 * request runs each operation in a savepoint, so that a failed operation
 * changes nothing and the others stay.
 */

#define STATE_KEY                 "msi-demo-scim-state"
#define STATUS_TOO_MANY_REQUESTS  429

#define SCHEMA_LIST_RESPONSE      "urn:ietf:params:scim:api:messages:2.0:ListResponse"
#define SCHEMA_ERROR              "urn:ietf:params:scim:api:messages:2.0:Error"
#define SCHEMA_BULK_REQUEST       "urn:ietf:params:scim:api:messages:2.0:BulkRequest"
#define SCHEMA_BULK_RESPONSE      "urn:ietf:params:scim:api:messages:2.0:BulkResponse"
#define SCHEMA_SERVICE_PROVIDER   "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"
#define CORE_USER_PREFIX          MSI_DEMO_SCIM_SCHEMA_USER ":"
#define CORE_GROUP_PREFIX         MSI_DEMO_SCIM_SCHEMA_GROUP ":"

#define MAX_FILTER_LENGTH         1000
#define MAX_FILTER_DEPTH          16
#define MAX_NAME_LENGTH           100
#define MAX_TITLE_LENGTH          200
#define MAX_TEAM_NAME_LENGTH      64
#define MAX_SEED_USERS            100000
#define MAX_FAULT_COUNT           10000
#define MAX_RETRY_AFTER           3600
#define MAX_LATENCY_MS            60000

#define WELCOME_SUBJECT           "Welcome to Marketo Sales Insight Actions"
#define PRODUCT_NAME              "Marketo Sales Insight Actions"

/*
 * State: faults and statistics, in memory, one per server
 */

typedef enum
{
  FAULT_500,
  FAULT_429,
  FAULT_DROP,
  FAULT_LOSE_REPLY,
  N_FAULTS
} Fault;

static const char * const fault_names[] = {
  [FAULT_500] = "status500",
  [FAULT_429] = "status429",
  [FAULT_DROP] = "dropConnection",
  [FAULT_LOSE_REPLY] = "loseReply",
};

typedef struct
{
  guint       remaining[N_FAULTS];
  guint       injected[N_FAULTS];
  guint       retry_after;       /* seconds, for 429 */
  guint       latency_ms;
  gint64      seat_limit;        /* -1: the account's limits.seats */

  GHashTable *requests;          /* "GET /scim/v2/Users" → count */
  GHashTable *created;           /* userName, lower case → users created */
  GHashTable *conflicts;         /* userName, lower case → 409 uniqueness answered */
  JsonArray  *list_requests;     /* {startIndex, count, filter} of GET /scim/v2/Users */
} State;

static void
state_reset_stats (State *state)
{
  g_hash_table_remove_all (state->requests);
  g_hash_table_remove_all (state->created);
  g_hash_table_remove_all (state->conflicts);
  g_clear_pointer (&state->list_requests, json_array_unref);
  state->list_requests = json_array_new ();
  memset (state->injected, 0, sizeof state->injected);
}

static void
state_free (State *state)
{
  g_hash_table_unref (state->requests);
  g_hash_table_unref (state->created);
  g_hash_table_unref (state->conflicts);
  json_array_unref (state->list_requests);
  g_free (state);
}

/* Case-folded and normalized text, so that filters find "Müller" with
 * "müller": the SQL function msi_fold(). */
static char *
fold_text (const char *text)
{
  g_autofree char *normalized = g_utf8_normalize (text, -1, G_NORMALIZE_ALL_COMPOSE);

  if (normalized == NULL)
    return g_ascii_strdown (text, -1);

  return g_utf8_casefold (normalized, -1);
}

static void
fold_function (sqlite3_context  *context,
               int               argc,
               sqlite3_value   **argv)
{
  const char *text;

  if (argc != 1 || sqlite3_value_type (argv[0]) == SQLITE_NULL)
    {
      sqlite3_result_null (context);
      return;
    }

  text = (const char *)sqlite3_value_text (argv[0]);
  sqlite3_result_text (context, fold_text (text != NULL ? text : ""), -1, g_free);
}

static State *
get_state (MsiDemoServer *server)
{
  State *state = g_object_get_data (G_OBJECT (server), STATE_KEY);
  sqlite3 *db;

  if (state != NULL)
    return state;

  state = g_new0 (State, 1);
  state->seat_limit = -1;
  state->requests = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  state->created = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  state->conflicts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  state->list_requests = json_array_new ();
  g_object_set_data_full (G_OBJECT (server), STATE_KEY, state, (GDestroyNotify)state_free);

  db = msi_demo_store_get_db (msi_demo_server_get_store (server));
  if (sqlite3_create_function_v2 (db, "msi_fold", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                                  NULL, fold_function, NULL, NULL, NULL) != SQLITE_OK)
    g_warning ("Could not define msi_fold() in the demo database: %s", sqlite3_errmsg (db));

  return state;
}

static void
count_in (GHashTable *table,
          const char *key)
{
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (table, key));

  g_hash_table_insert (table, g_strdup (key), GUINT_TO_POINTER (count + 1));
}

guint
msi_demo_scim_get_latency_ms (MsiDemoServer *server)
{
  g_return_val_if_fail (MSI_IS_DEMO_SERVER (server), 0);

  return get_state (server)->latency_ms;
}

gint64
msi_demo_scim_get_seat_limit (MsiDemoServer *server)
{
  g_return_val_if_fail (MSI_IS_DEMO_SERVER (server), -1);

  return get_state (server)->seat_limit;
}

/*
 * Replies
 */

static void
reply_scim (SoupServerMessage *msg,
            guint              status,
            JsonObject        *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, object);
  msi_demo_reply_json (msg, status, MSI_DEMO_SCIM_CONTENT_TYPE, node);
}

/* A SCIM error (RFC 7644 §3.12): "status" is a string there. */
static JsonObject *
new_error (guint       status,
           const char *scim_type,
           const char *msi_limit,
           const char *detail)
{
  JsonObject *error = json_object_new ();
  JsonArray *schemas = json_array_new ();
  g_autofree char *status_text = g_strdup_printf ("%u", status);

  json_array_add_string_element (schemas, SCHEMA_ERROR);
  json_object_set_array_member (error, "schemas", schemas);
  json_object_set_string_member (error, "status", status_text);
  if (scim_type != NULL)
    json_object_set_string_member (error, "scimType", scim_type);
  json_object_set_string_member (error, "detail", detail);
  if (msi_limit != NULL)
    json_object_set_string_member (error, "msiLimit", msi_limit);

  return error;
}

static void
reply_error (SoupServerMessage *msg,
             guint              status,
             const char        *scim_type,
             const char        *detail)
{
  g_autoptr(JsonObject) error = new_error (status, scim_type, NULL, detail);

  reply_scim (msg, status, error);
}

static void G_GNUC_PRINTF (4, 5)
reply_errorf (SoupServerMessage *msg,
              guint              status,
              const char        *scim_type,
              const char        *format,
              ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);

  reply_error (msg, status, scim_type, detail);
}

static void
reply_internal (SoupServerMessage *msg,
                const GError      *error)
{
  g_warning ("%s %s failed: %s",
             soup_server_message_get_method (msg),
             g_uri_get_path (soup_server_message_get_uri (msg)),
             error->message);

  reply_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL, error->message);
}

/*
 * The outcome of one operation (a request, or one operation of a Bulk
 * request)
 */

typedef struct
{
  guint       status;
  char       *scim_type;
  char       *msi_limit;
  char       *detail;
  JsonObject *resource;   /* on success, when there is one */
  char       *location;   /* the resource created, deleted, or already there (409) */
} Result;

static void
result_clear (Result *result)
{
  g_clear_pointer (&result->scim_type, g_free);
  g_clear_pointer (&result->msi_limit, g_free);
  g_clear_pointer (&result->detail, g_free);
  g_clear_pointer (&result->resource, json_object_unref);
  g_clear_pointer (&result->location, g_free);
  result->status = 0;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Result, result_clear)

/* Always TRUE: the operation was refused, which is not an internal error. */
static gboolean G_GNUC_PRINTF (4, 5)
result_fail (Result     *result,
             guint       status,
             const char *scim_type,
             const char *format,
             ...)
{
  va_list args;

  result_clear (result);
  result->status = status;
  result->scim_type = g_strdup (scim_type);
  va_start (args, format);
  result->detail = g_strdup_vprintf (format, args);
  va_end (args);

  return TRUE;
}

static gboolean
result_failed (const Result *result)
{
  return result->status >= 400;
}

static void
reply_result (SoupServerMessage *msg,
              const Result      *result)
{
  if (result_failed (result))
    {
      g_autoptr(JsonObject) error = new_error (result->status, result->scim_type,
                                               result->msi_limit, result->detail);

      reply_scim (msg, result->status, error);
      return;
    }

  if (result->location != NULL && result->status == SOUP_STATUS_CREATED)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                  "Location", result->location);

  if (result->resource != NULL)
    reply_scim (msg, result->status, result->resource);
  else
    soup_server_message_set_status (msg, result->status, NULL);
}

/*
 * The request context
 */

typedef struct
{
  MsiDemoServer *server;
  MsiDemoStore  *store;
  State         *state;
  MsiDemoUser   *admin;
  char          *base_uri;
  char          *account_name;
  gint64         seat_limit;
  gint64         team_limit;
  GHashTable    *bulk_ids;    /* bulkId → id of the resource created in this Bulk request */
  GPtrArray     *created;     /* userNames created, counted once committed */
  GPtrArray     *conflicts;   /* userNames refused with 409 uniqueness */
} Scim;

static void
scim_clear (Scim *ctx)
{
  g_clear_pointer (&ctx->admin, msi_demo_user_free);
  g_clear_pointer (&ctx->base_uri, g_free);
  g_clear_pointer (&ctx->account_name, g_free);
  g_clear_pointer (&ctx->bulk_ids, g_hash_table_unref);
  g_clear_pointer (&ctx->created, g_ptr_array_unref);
  g_clear_pointer (&ctx->conflicts, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Scim, scim_clear)

static gboolean
scim_init (Scim           *ctx,
           MsiDemoServer  *server,
           MsiDemoUser    *admin,
           GError        **error)
{
  g_autoptr(JsonNode) account = NULL;
  JsonObject *root;
  JsonObject *limits;

  ctx->server = server;
  ctx->store = msi_demo_server_get_store (server);
  ctx->state = get_state (server);
  ctx->admin = admin;
  ctx->base_uri = msi_demo_server_dup_base_uri (server);
  ctx->bulk_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  ctx->created = g_ptr_array_new_with_free_func (g_free);
  ctx->conflicts = g_ptr_array_new_with_free_func (g_free);

  account = msi_demo_store_dup_account (ctx->store, error);
  if (account == NULL)
    return FALSE;

  root = json_node_get_object (account);
  limits = json_object_get_object_member (root, "limits");
  ctx->account_name = g_strdup (json_object_get_string_member (root, "name"));
  ctx->seat_limit = ctx->state->seat_limit >= 0
                    ? ctx->state->seat_limit
                    : json_object_get_int_member (limits, "seats");
  ctx->team_limit = json_object_get_int_member (limits, "teams");

  return TRUE;
}

/* Counts what a committed request created or refused as already there. */
static void
scim_commit_stats (Scim *ctx)
{
  for (guint i = 0; i < ctx->created->len; i++)
    count_in (ctx->state->created, g_ptr_array_index (ctx->created, i));
  for (guint i = 0; i < ctx->conflicts->len; i++)
    count_in (ctx->state->conflicts, g_ptr_array_index (ctx->conflicts, i));

  g_ptr_array_set_size (ctx->created, 0);
  g_ptr_array_set_size (ctx->conflicts, 0);
}

typedef void (*ScimHandler) (Scim              *ctx,
                             SoupServerMessage *msg,
                             GHashTable        *params);

/* Every /scim/v2/ request: counted, then the faults (before the token is
 * even looked at, as a proxy in front of the service would fail), the
 * admin's token, the handler, and a reply lost after the work is done. */
static void
scim_run (MsiDemoServer     *server,
          SoupServerMessage *msg,
          GHashTable        *params,
          const char        *route,
          ScimHandler        handler)
{
  State *state = get_state (server);
  g_auto(Scim) ctx = { NULL, };
  g_autoptr(GError) error = NULL;
  MsiDemoUser *admin;

  count_in (state->requests, route);

  if (state->remaining[FAULT_500] > 0)
    {
      state->remaining[FAULT_500]--;
      state->injected[FAULT_500]++;
      g_message ("%s: failing with 500 (injected fault)", route);
      reply_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL,
                   "The Sales account service failed (an injected fault).");
      return;
    }

  if (state->remaining[FAULT_429] > 0)
    {
      g_autofree char *seconds = g_strdup_printf ("%u", state->retry_after);

      state->remaining[FAULT_429]--;
      state->injected[FAULT_429]++;
      g_message ("%s: answering 429, Retry-After %u (injected fault)", route, state->retry_after);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", seconds);
      reply_errorf (msg, STATUS_TOO_MANY_REQUESTS, NULL,
                    "Too many requests: try again in %u seconds.", state->retry_after);
      return;
    }

  if (state->remaining[FAULT_DROP] > 0)
    {
      state->remaining[FAULT_DROP]--;
      state->injected[FAULT_DROP]++;
      g_message ("%s: dropping the connection (injected fault)", route);
      msi_demo_drop_connection (msg);
      return;
    }

  admin = msi_demo_authorize_admin (server, msg);
  if (admin == NULL)
    return;

  if (!scim_init (&ctx, server, admin, &error))
    {
      reply_internal (msg, error);
      return;
    }

  handler (&ctx, msg, params);

  if (state->remaining[FAULT_LOSE_REPLY] > 0)
    {
      state->remaining[FAULT_LOSE_REPLY]--;
      state->injected[FAULT_LOSE_REPLY]++;
      g_message ("%s: done (%u), but dropping the connection before the reply (injected fault)",
                 route, soup_server_message_get_status (msg));
      msi_demo_drop_connection (msg);
    }
}

/*
 * Reading requests
 */

static GHashTable *
dup_query (SoupServerMessage *msg)
{
  const char *query = g_uri_get_query (soup_server_message_get_uri (msg));

  if (query == NULL)
    return g_hash_table_new (g_str_hash, g_str_equal);

  return soup_form_decode (query);
}

/* The request body as a JSON object; NULL after replying 413, 415 or 400. */
static JsonObject *
read_body (SoupServerMessage *msg,
           gsize              max_size)
{
  g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *content_type = soup_message_headers_get_content_type (headers, NULL);
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);

  if (size > max_size)
    {
      reply_errorf (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, NULL,
                    "The request has %" G_GSIZE_FORMAT " bytes; at most %" G_GSIZE_FORMAT
                    " are allowed (maxPayloadSize).", size, max_size);
      return NULL;
    }

  if (content_type == NULL ||
      (g_ascii_strcasecmp (content_type, MSI_DEMO_SCIM_CONTENT_TYPE) != 0 &&
       g_ascii_strcasecmp (content_type, "application/json") != 0))
    {
      reply_error (msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, NULL,
                   "The request body must be sent as application/scim+json.");
      return NULL;
    }

  if (!json_parser_load_from_data (parser, data, (gssize)size, &error) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalidSyntax", "The request body must be a JSON object.");
      return NULL;
    }

  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* A query parameter that must be an integer; FALSE after replying 400. */
static gboolean
read_int_param (SoupServerMessage *msg,
                GHashTable        *query,
                const char        *name,
                gint64             fallback,
                gint64            *value)
{
  const char *text = g_hash_table_lookup (query, name);

  *value = fallback;
  if (text == NULL)
    return TRUE;

  if (!g_ascii_string_to_signed (text, 10, -1000000000, 1000000000, value, NULL))
    {
      reply_errorf (msg, SOUP_STATUS_BAD_REQUEST, "invalidValue",
                    "The query parameter “%s” must be a whole number, not “%s”.", name, text);
      return FALSE;
    }

  return TRUE;
}

/* startIndex (1-based; less than 1 means 1) and count (less than 0 means
 * 0, more than the maximum means the maximum), RFC 7644 §3.4.2.4. */
static gboolean
read_paging (SoupServerMessage *msg,
             GHashTable        *query,
             gint64            *start_index,
             gint64            *count)
{
  if (!read_int_param (msg, query, "startIndex", 1, start_index) ||
      !read_int_param (msg, query, "count", MSI_DEMO_SCIM_DEFAULT_COUNT, count))
    return FALSE;

  *start_index = MAX (*start_index, 1);
  *count = CLAMP (*count, 0, MSI_DEMO_SCIM_MAX_RESULTS);

  return TRUE;
}

/* Checks that @name is a string (or missing and not @required); FALSE
 * with @result failed. */
static gboolean
get_string (JsonObject  *object,
            const char  *name,
            const char  *label,
            gboolean     required,
            const char **value,
            Result      *result)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  *value = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        {
          result_fail (result, SOUP_STATUS_BAD_REQUEST, "invalidValue", "“%s” is missing.", label);
          return FALSE;
        }
      return TRUE;
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      result_fail (result, SOUP_STATUS_BAD_REQUEST, "invalidValue", "“%s” must be a string.", label);
      return FALSE;
    }

  *value = json_node_get_string (node);

  return TRUE;
}

static gboolean
get_object (JsonObject  *object,
            const char  *name,
            const char  *label,
            JsonObject **value,
            Result      *result)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  *value = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      result_fail (result, SOUP_STATUS_BAD_REQUEST, "invalidValue", "“%s” must be an object.", label);
      return FALSE;
    }

  *value = json_node_get_object (node);

  return TRUE;
}

/* A trimmed copy of a name, or NULL when it is empty; FALSE with @result
 * failed when it is too long or has control characters. */
static gboolean
clean_text (const char  *text,
            const char  *label,
            guint        max_length,
            char       **value,
            Result      *result)
{
  g_autofree char *copy = NULL;

  *value = NULL;
  if (text == NULL)
    return TRUE;

  copy = g_strstrip (g_strdup (text));
  if (copy[0] == '\0')
    return TRUE;

  if (!g_utf8_validate (copy, -1, NULL) || g_utf8_strlen (copy, -1) > max_length)
    {
      result_fail (result, SOUP_STATUS_BAD_REQUEST, "invalidValue",
                   "“%s” must be at most %u characters.", label, max_length);
      return FALSE;
    }

  for (const char *c = copy; *c != '\0'; c++)
    {
      if ((guchar)*c < 0x20 || *c == 0x7f)
        {
          result_fail (result, SOUP_STATUS_BAD_REQUEST, "invalidValue",
                       "“%s” must not hold control characters such as line breaks.", label);
          return FALSE;
        }
    }

  *value = g_steal_pointer (&copy);

  return TRUE;
}

/* The address as stored: trimmed, the domain in lower case. */
static char *
normalize_user_name (const char *text)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  const char *at = strrchr (trimmed, '@');
  g_autofree char *domain = NULL;

  if (at == NULL)
    return g_steal_pointer (&trimmed);

  domain = g_utf8_strdown (at + 1, -1);

  return g_strdup_printf ("%.*s@%s", (int)(at - trimmed), trimmed, domain);
}

static char *
new_id (const char *prefix)
{
  static const char hex[] = "0123456789abcdef";
  GString *id = g_string_new (prefix);

  /* Demo data, not a secret. */
  for (guint i = 0; i < 12; i++)
    g_string_append_c (id, hex[g_random_int_range (0, 16)]);

  return g_string_free (id, FALSE);
}

static char *
format_unix_utc (gint64 seconds)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (seconds);

  return time != NULL ? g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ") : NULL;
}

static char *
format_name (const char *given_name,
             const char *family_name)
{
  if (given_name != NULL && family_name != NULL)
    return g_strdup_printf ("%s %s", given_name, family_name);

  return g_strdup (given_name != NULL ? given_name : family_name);
}

/*
 * Attributes (RFC 7644 §3.4.2.5)
 */

/* The top-level member an attribute path names. */
static char *
top_level_name (const char *path,
                const char *core_prefix)
{
  static const char * const extensions[] = { MSI_DEMO_SCIM_SCHEMA_INVITATION, MSI_DEMO_SCIM_SCHEMA_TEAM };

  if (g_ascii_strncasecmp (path, core_prefix, strlen (core_prefix)) == 0)
    path += strlen (core_prefix);

  for (guint i = 0; i < G_N_ELEMENTS (extensions); i++)
    {
      if (g_ascii_strncasecmp (path, extensions[i], strlen (extensions[i])) == 0)
        return g_strdup (extensions[i]);
    }

  return g_strndup (path, strcspn (path, "."));
}

static gboolean
list_names (const char *list,
            const char *core_prefix,
            const char *name)
{
  g_auto(GStrv) paths = NULL;

  if (list == NULL)
    return FALSE;

  paths = g_strsplit (list, ",", -1);
  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_autofree char *top = top_level_name (g_strstrip (paths[i]), core_prefix);

      if (g_ascii_strcasecmp (top, name) == 0)
        return TRUE;
    }

  return FALSE;
}

/* Whether a resource's member @name is returned with these parameters;
 * "schemas" and "id" always are. */
static gboolean
attribute_wanted (const char *attributes,
                  const char *excluded,
                  const char *core_prefix,
                  const char *name)
{
  if (g_str_equal (name, "schemas") || g_str_equal (name, "id"))
    return TRUE;

  if (attributes != NULL && attributes[0] != '\0')
    return list_names (attributes, core_prefix, name);

  return !list_names (excluded, core_prefix, name);
}

static void
project (JsonObject *resource,
         const char *attributes,
         const char *excluded,
         const char *core_prefix)
{
  GList *members;

  if ((attributes == NULL || attributes[0] == '\0') && (excluded == NULL || excluded[0] == '\0'))
    return;

  members = json_object_get_members (resource);
  for (GList *l = members; l != NULL; l = l->next)
    {
      g_autofree char *name = g_strdup (l->data);

      if (!attribute_wanted (attributes, excluded, core_prefix, name))
        json_object_remove_member (resource, name);
    }
  g_list_free (members);
}

/*
 * Filters (RFC 7644 §3.4.2.2): attribute operator value, "pr", "and",
 * "or", "not (…)" and parentheses; text compares without case. Compiled
 * to an SQL condition with bound parameters.
 */

typedef enum
{
  ATTR_TEXT,
  ATTR_BOOLEAN,
} AttrKind;

typedef struct
{
  const char *name;
  const char *sql;
  AttrKind    kind;
} FilterAttr;

#define INVITATION_STATE_SQL \
  "(CASE WHEN u.active = 1 THEN 'accepted'" \
  " WHEN u.expires_at <= CAST (strftime ('%s', 'now') AS INTEGER) THEN 'expired' ELSE 'pending' END)"

static const FilterAttr user_attrs[] = {
  { "userName",        "u.user_name",      ATTR_TEXT },
  { "name.formatted",  "u.formatted_name", ATTR_TEXT },
  { "name.givenName",  "u.given_name",     ATTR_TEXT },
  { "name.familyName", "u.family_name",    ATTR_TEXT },
  { "displayName",     "u.display_name",   ATTR_TEXT },
  { "title",           "u.title",          ATTR_TEXT },
  { "emails",          "u.user_name",      ATTR_TEXT },
  { "emails.value",    "u.user_name",      ATTR_TEXT },
  { "id",              "u.id",             ATTR_TEXT },
  { "active",          "u.active",         ATTR_BOOLEAN },
  { "groups",          "u.team_id",        ATTR_TEXT },
  { "groups.value",    "u.team_id",        ATTR_TEXT },
  { "groups.display",  "g.display_name",   ATTR_TEXT },
  { MSI_DEMO_SCIM_SCHEMA_INVITATION ":state", INVITATION_STATE_SQL, ATTR_TEXT },
};

static const FilterAttr group_attrs[] = {
  { "displayName",     "g.display_name",   ATTR_TEXT },
  { "id",              "g.id",             ATTR_TEXT },
};

typedef struct
{
  const FilterAttr *attrs;
  guint             n_attrs;
  const char       *core_prefix;
  const char       *known;       /* for messages */
} FilterSpec;

static const FilterSpec user_filter = {
  user_attrs, G_N_ELEMENTS (user_attrs), CORE_USER_PREFIX,
  "userName, name.formatted, name.givenName, name.familyName, displayName, title, emails, "
  "active, groups and " MSI_DEMO_SCIM_SCHEMA_INVITATION ":state",
};

static const FilterSpec group_filter = {
  group_attrs, G_N_ELEMENTS (group_attrs), CORE_GROUP_PREFIX, "displayName and id",
};

typedef enum
{
  TOKEN_END,
  TOKEN_OPEN,
  TOKEN_CLOSE,
  TOKEN_WORD,
  TOKEN_STRING,
} TokenKind;

typedef struct
{
  TokenKind  kind;
  char      *text;       /* a word as written, or a string's value */
  guint      position;   /* 1-based character */
} Token;

static void
token_free (Token *token)
{
  g_free (token->text);
  g_free (token);
}

typedef struct
{
  gboolean  is_int;
  gint64    number;
  char     *text;
} FilterParam;

static void
filter_param_free (FilterParam *param)
{
  g_free (param->text);
  g_free (param);
}

typedef struct
{
  GPtrArray        *tokens;
  guint             next;
  const FilterSpec *spec;
  GString          *sql;
  GPtrArray        *params;
  char             *error;
  guint             depth;
} Parser;

static gboolean G_GNUC_PRINTF (2, 3)
parser_fail (Parser     *parser,
             const char *format,
             ...)
{
  va_list args;

  if (parser->error == NULL)
    {
      va_start (args, format);
      parser->error = g_strdup_vprintf (format, args);
      va_end (args);
    }

  return FALSE;
}

/* Splits @text into tokens; FALSE with @error (a detail) set. */
static gboolean
tokenize (const char  *text,
          GPtrArray   *tokens,
          char       **error)
{
  const char *p = text;

  while (TRUE)
    {
      Token *token;
      guint position;

      while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        p++;

      position = (guint)g_utf8_pointer_to_offset (text, p) + 1;
      token = g_new0 (Token, 1);
      token->position = position;
      g_ptr_array_add (tokens, token);

      if (*p == '\0')
        {
          token->kind = TOKEN_END;
          return TRUE;
        }

      if (*p == '(' || *p == ')')
        {
          token->kind = *p == '(' ? TOKEN_OPEN : TOKEN_CLOSE;
          p++;
          continue;
        }

      if (*p == '[' || *p == ']')
        {
          *error = g_strdup_printf ("Value filters with “[…]” (character %u) are not supported: "
                                    "compare the sub-attribute itself, as in emails.value eq \"…\".",
                                    position);
          return FALSE;
        }

      if (*p == '"')
        {
          const char *start = p;
          g_autofree char *quoted = NULL;
          g_autoptr(JsonNode) node = NULL;

          for (p++; *p != '\0' && *p != '"'; p++)
            {
              if (*p == '\\' && p[1] != '\0')
                p++;
            }

          if (*p != '"')
            {
              *error = g_strdup_printf ("The quoted value that starts at character %u never ends: "
                                        "a closing \" is missing.", position);
              return FALSE;
            }

          p++;
          quoted = g_strndup (start, p - start);
          node = json_from_string (quoted, NULL);
          if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
            {
              *error = g_strdup_printf ("The quoted value at character %u has an invalid escape: "
                                        "use \\\" for a quote and \\\\ for a backslash.", position);
              return FALSE;
            }

          token->kind = TOKEN_STRING;
          token->text = g_strdup (json_node_get_string (node));
          continue;
        }

      {
        const char *start = p;

        while (*p != '\0' && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r' &&
               *p != '(' && *p != ')' && *p != '"' && *p != '[' && *p != ']')
          p++;

        token->kind = TOKEN_WORD;
        token->text = g_strndup (start, p - start);
      }
    }
}

static Token *
peek (Parser *parser)
{
  return g_ptr_array_index (parser->tokens, parser->next);
}

static Token *
take (Parser *parser)
{
  Token *token = peek (parser);

  if (token->kind != TOKEN_END)
    parser->next++;

  return token;
}

static gboolean
is_keyword (Token      *token,
            const char *keyword)
{
  return token->kind == TOKEN_WORD && g_ascii_strcasecmp (token->text, keyword) == 0;
}

static const char *
describe_token (Token *token)
{
  switch (token->kind)
    {
    case TOKEN_OPEN:
      return "(";
    case TOKEN_CLOSE:
      return ")";
    case TOKEN_STRING:
      return "a quoted value";
    case TOKEN_WORD:
      return token->text;
    case TOKEN_END:
    default:
      return "the end";
    }
}

static const FilterAttr *
lookup_attr (const FilterSpec *spec,
             const char       *name)
{
  if (g_ascii_strncasecmp (name, spec->core_prefix, strlen (spec->core_prefix)) == 0)
    name += strlen (spec->core_prefix);

  for (guint i = 0; i < spec->n_attrs; i++)
    {
      if (g_ascii_strcasecmp (spec->attrs[i].name, name) == 0)
        return &spec->attrs[i];
    }

  return NULL;
}

static void
add_text_param (Parser     *parser,
                const char *text)
{
  FilterParam *param = g_new0 (FilterParam, 1);

  param->text = g_strdup (text);
  g_ptr_array_add (parser->params, param);
}

static void
add_int_param (Parser *parser,
               gint64  number)
{
  FilterParam *param = g_new0 (FilterParam, 1);

  param->is_int = TRUE;
  param->number = number;
  g_ptr_array_add (parser->params, param);
}

/* A LIKE pattern for @folded with \ as the escape character. */
static char *
like_pattern (const char *folded,
              gboolean    any_before,
              gboolean    any_after)
{
  GString *pattern = g_string_new (any_before ? "%" : "");

  for (const char *c = folded; *c != '\0'; c++)
    {
      if (*c == '%' || *c == '_' || *c == '\\')
        g_string_append_c (pattern, '\\');
      g_string_append_c (pattern, *c);
    }

  if (any_after)
    g_string_append_c (pattern, '%');

  return g_string_free (pattern, FALSE);
}

static gboolean
parse_comparison (Parser *parser)
{
  Token *attr_token = take (parser);
  Token *op_token;
  Token *value;
  const FilterAttr *attr;
  g_autofree char *op = NULL;

  if (attr_token->kind == TOKEN_END)
    return parser_fail (parser, "The filter ends where an attribute was expected.");

  if (attr_token->kind != TOKEN_WORD)
    return parser_fail (parser, "Expected an attribute at character %u, found %s.",
                        attr_token->position, describe_token (attr_token));

  attr = lookup_attr (parser->spec, attr_token->text);
  if (attr == NULL)
    return parser_fail (parser, "There is no attribute “%s” to filter on (character %u); use %s.",
                        attr_token->text, attr_token->position, parser->spec->known);

  op_token = take (parser);
  if (op_token->kind == TOKEN_END)
    return parser_fail (parser, "The filter ends where an operator was expected after “%s”.", attr_token->text);
  if (op_token->kind != TOKEN_WORD)
    return parser_fail (parser, "Expected an operator after “%s” at character %u, found %s.",
                        attr_token->text, op_token->position, describe_token (op_token));

  op = g_ascii_strdown (op_token->text, -1);

  if (g_str_equal (op, "pr"))
    {
      if (attr->kind == ATTR_BOOLEAN)
        g_string_append (parser->sql, "1");
      else
        g_string_append_printf (parser->sql, "(%s IS NOT NULL AND %s <> '')", attr->sql, attr->sql);
      return TRUE;
    }

  if (g_str_equal (op, "gt") || g_str_equal (op, "ge") || g_str_equal (op, "lt") || g_str_equal (op, "le"))
    return parser_fail (parser, "The operator “%s” (character %u) is not supported here; use eq, ne, co, sw, "
                        "ew or pr.", op_token->text, op_token->position);

  if (!g_str_equal (op, "eq") && !g_str_equal (op, "ne") && !g_str_equal (op, "co") &&
      !g_str_equal (op, "sw") && !g_str_equal (op, "ew"))
    return parser_fail (parser, "“%s” (character %u) is not a filter operator; use eq, ne, co, sw, ew or pr.",
                        op_token->text, op_token->position);

  value = take (parser);
  if (value->kind == TOKEN_END)
    return parser_fail (parser, "The filter ends where a value was expected after “%s %s”.",
                        attr_token->text, op_token->text);

  if (attr->kind == ATTR_BOOLEAN)
    {
      gboolean truth;

      if (!is_keyword (value, "true") && !is_keyword (value, "false"))
        return parser_fail (parser, "“%s” is true or false (character %u).", attr_token->text, value->position);
      if (!g_str_equal (op, "eq") && !g_str_equal (op, "ne"))
        return parser_fail (parser, "“%s” is true or false: compare it with eq or ne (character %u).",
                            attr_token->text, op_token->position);

      truth = is_keyword (value, "true");
      g_string_append_printf (parser->sql, "%s %s ?", attr->sql, g_str_equal (op, "eq") ? "=" : "<>");
      add_int_param (parser, truth ? 1 : 0);
      return TRUE;
    }

  if (value->kind != TOKEN_STRING)
    return parser_fail (parser, "The value of “%s” at character %u must be in double quotes, as in "
                        "%s %s \"…\".", attr_token->text, value->position, attr_token->text, op_token->text);

  {
    g_autofree char *folded = fold_text (value->text);

    if (g_str_equal (op, "eq"))
      {
        g_string_append_printf (parser->sql, "msi_fold (%s) = ?", attr->sql);
        add_text_param (parser, folded);
      }
    else if (g_str_equal (op, "ne"))
      {
        g_string_append_printf (parser->sql, "(%s IS NULL OR msi_fold (%s) <> ?)", attr->sql, attr->sql);
        add_text_param (parser, folded);
      }
    else
      {
        g_autofree char *pattern = like_pattern (folded, !g_str_equal (op, "sw"), !g_str_equal (op, "ew"));

        g_string_append_printf (parser->sql, "msi_fold (%s) LIKE ? ESCAPE '\\'", attr->sql);
        add_text_param (parser, pattern);
      }
  }

  return TRUE;
}

static gboolean parse_or (Parser *parser);

static gboolean
parse_group (Parser     *parser,
             Token      *open,
             const char *prefix)
{
  g_string_append (parser->sql, prefix);

  if (!parse_or (parser))
    return FALSE;

  if (peek (parser)->kind != TOKEN_CLOSE)
    {
      Token *token = peek (parser);

      if (token->kind == TOKEN_END)
        return parser_fail (parser, "The “(” at character %u is never closed.", open->position);

      return parser_fail (parser, "Expected “and”, “or” or “)” at character %u, found %s.",
                          token->position, describe_token (token));
    }

  take (parser);
  g_string_append (parser->sql, ")");

  return TRUE;
}

static gboolean
parse_unary (Parser *parser)
{
  Token *token = peek (parser);

  if (token->kind == TOKEN_OPEN)
    return parse_group (parser, take (parser), "(");

  if (is_keyword (token, "not"))
    {
      Token *open;

      take (parser);
      open = take (parser);
      if (open->kind != TOKEN_OPEN)
        return parser_fail (parser, "“not” (character %u) must be followed by a filter in parentheses.",
                            token->position);

      return parse_group (parser, open, "NOT (");
    }

  if (token->kind == TOKEN_CLOSE)
    return parser_fail (parser, "Unexpected “)” at character %u.", token->position);

  return parse_comparison (parser);
}

static gboolean
parse_and (Parser *parser)
{
  g_string_append (parser->sql, "(");

  if (!parse_unary (parser))
    return FALSE;

  while (is_keyword (peek (parser), "and"))
    {
      take (parser);
      g_string_append (parser->sql, " AND ");
      if (!parse_unary (parser))
        return FALSE;
    }

  g_string_append (parser->sql, ")");

  return TRUE;
}

static gboolean
parse_or (Parser *parser)
{
  if (++parser->depth > MAX_FILTER_DEPTH)
    return parser_fail (parser, "The filter nests more than %d levels of parentheses.", MAX_FILTER_DEPTH);

  g_string_append (parser->sql, "(");

  if (!parse_and (parser))
    return FALSE;

  while (is_keyword (peek (parser), "or"))
    {
      take (parser);
      g_string_append (parser->sql, " OR ");
      if (!parse_and (parser))
        return FALSE;
    }

  g_string_append (parser->sql, ")");
  parser->depth--;

  return TRUE;
}

typedef struct
{
  char      *sql;      /* a condition; "1" without a filter */
  GPtrArray *params;   /* FilterParam */
} Filter;

static void
filter_free (Filter *filter)
{
  g_free (filter->sql);
  g_ptr_array_unref (filter->params);
  g_free (filter);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Filter, filter_free)

/* Compiles @text (nullable); NULL with @error (a detail) set. */
static Filter *
filter_compile (const FilterSpec  *spec,
                const char        *text,
                char             **error)
{
  g_autoptr(Filter) filter = g_new0 (Filter, 1);
  g_autoptr(GPtrArray) tokens = g_ptr_array_new_with_free_func ((GDestroyNotify)token_free);
  Parser parser = { NULL, };
  Token *last;

  filter->params = g_ptr_array_new_with_free_func ((GDestroyNotify)filter_param_free);

  if (text == NULL)
    {
      filter->sql = g_strdup ("1");
      return g_steal_pointer (&filter);
    }

  if (!g_utf8_validate (text, -1, NULL))
    {
      *error = g_strdup ("The filter is not valid UTF-8.");
      return NULL;
    }

  if (g_utf8_strlen (text, -1) > MAX_FILTER_LENGTH)
    {
      *error = g_strdup_printf ("The filter is longer than %d characters.", MAX_FILTER_LENGTH);
      return NULL;
    }

  if (!tokenize (text, tokens, error))
    return NULL;

  if (((Token *)g_ptr_array_index (tokens, 0))->kind == TOKEN_END)
    {
      *error = g_strdup ("The filter is empty: leave out the filter parameter to list everything.");
      return NULL;
    }

  parser.tokens = tokens;
  parser.spec = spec;
  parser.sql = g_string_new (NULL);
  parser.params = filter->params;

  if (parse_or (&parser) && (last = peek (&parser))->kind != TOKEN_END)
    parser_fail (&parser, "Expected “and”, “or” or the end of the filter at character %u, found %s.",
                 last->position, describe_token (last));

  if (parser.error != NULL)
    {
      *error = parser.error;
      g_string_free (parser.sql, TRUE);
      return NULL;
    }

  filter->sql = g_string_free (parser.sql, FALSE);

  return g_steal_pointer (&filter);
}

/* Binds the filter's parameters from 1 on; returns the next index. */
static int
filter_bind (Filter       *filter,
             sqlite3_stmt *stmt)
{
  int index = 1;

  for (guint i = 0; i < filter->params->len; i++, index++)
    {
      FilterParam *param = g_ptr_array_index (filter->params, i);

      if (param->is_int)
        sqlite3_bind_int64 (stmt, index, param->number);
      else
        sqlite3_bind_text (stmt, index, param->text, -1, SQLITE_TRANSIENT);
    }

  return index;
}

/*
 * Users
 */

#define USER_COLUMNS \
  "u.id, u.user_name, u.given_name, u.family_name, u.formatted_name, u.display_name, u.title," \
  " u.active, u.team_id, g.display_name, u.invited_at, u.invited_by, u.expires_at, u.created_at," \
  " u.modified_at"
#define USER_FROM " FROM scim_users u JOIN scim_groups g ON g.id = u.team_id"

enum
{
  USER_ID,
  USER_USER_NAME,
  USER_GIVEN_NAME,
  USER_FAMILY_NAME,
  USER_FORMATTED_NAME,
  USER_DISPLAY_NAME,
  USER_TITLE,
  USER_ACTIVE,
  USER_TEAM_ID,
  USER_TEAM_NAME,
  USER_INVITED_AT,
  USER_INVITED_BY,
  USER_EXPIRES_AT,
  USER_CREATED_AT,
  USER_MODIFIED_AT,
};

static const char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return (const char *)sqlite3_column_text (stmt, column);
}

static void
set_optional_string (JsonObject *object,
                     const char *name,
                     const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, name, value);
}

static char *
resource_location (Scim       *ctx,
                   const char *type,
                   const char *id)
{
  return g_strdup_printf ("%s/scim/v2/%s/%s", ctx->base_uri, type, id);
}

static JsonObject *
new_meta (Scim         *ctx,
          const char   *type,
          const char   *id,
          sqlite3_stmt *stmt,
          int           created_column,
          int           modified_column)
{
  JsonObject *meta = json_object_new ();
  g_autofree char *location = resource_location (ctx, g_str_equal (type, "User") ? "Users" : "Groups", id);

  json_object_set_string_member (meta, "resourceType", type);
  json_object_set_string_member (meta, "created", column_text (stmt, created_column));
  json_object_set_string_member (meta, "lastModified", column_text (stmt, modified_column));
  json_object_set_string_member (meta, "location", location);

  return meta;
}

/* A SCIM User from a row of USER_COLUMNS. */
static JsonObject *
user_from_row (Scim         *ctx,
               sqlite3_stmt *stmt,
               gint64        now)
{
  JsonObject *user = json_object_new ();
  JsonArray *schemas = json_array_new ();
  const char *id = column_text (stmt, USER_ID);
  const char *user_name = column_text (stmt, USER_USER_NAME);
  const char *given_name = column_text (stmt, USER_GIVEN_NAME);
  const char *family_name = column_text (stmt, USER_FAMILY_NAME);
  const char *formatted = column_text (stmt, USER_FORMATTED_NAME);
  const char *display_name = column_text (stmt, USER_DISPLAY_NAME);
  const char *team_id = column_text (stmt, USER_TEAM_ID);
  gboolean active = sqlite3_column_int (stmt, USER_ACTIVE) != 0;

  json_array_add_string_element (schemas, MSI_DEMO_SCIM_SCHEMA_USER);
  if (!active)
    json_array_add_string_element (schemas, MSI_DEMO_SCIM_SCHEMA_INVITATION);
  json_object_set_array_member (user, "schemas", schemas);
  json_object_set_string_member (user, "id", id);
  json_object_set_string_member (user, "userName", user_name);

  if (given_name != NULL || family_name != NULL || formatted != NULL)
    {
      JsonObject *name = json_object_new ();

      set_optional_string (name, "formatted", formatted);
      set_optional_string (name, "givenName", given_name);
      set_optional_string (name, "familyName", family_name);
      json_object_set_object_member (user, "name", name);
    }

  set_optional_string (user, "displayName", display_name != NULL ? display_name : formatted);
  set_optional_string (user, "title", column_text (stmt, USER_TITLE));

  {
    JsonArray *emails = json_array_new ();
    JsonObject *email = json_object_new ();

    json_object_set_string_member (email, "value", user_name);
    json_object_set_string_member (email, "type", "work");
    json_object_set_boolean_member (email, "primary", TRUE);
    json_array_add_object_element (emails, email);
    json_object_set_array_member (user, "emails", emails);
  }

  json_object_set_boolean_member (user, "active", active);

  {
    JsonArray *groups = json_array_new ();
    JsonObject *group = json_object_new ();
    g_autofree char *ref = resource_location (ctx, "Groups", team_id);

    json_object_set_string_member (group, "value", team_id);
    json_object_set_string_member (group, "display", column_text (stmt, USER_TEAM_NAME));
    json_object_set_string_member (group, "$ref", ref);
    json_object_set_string_member (group, "type", "direct");
    json_array_add_object_element (groups, group);
    json_object_set_array_member (user, "groups", groups);
  }

  if (!active)
    {
      JsonObject *invitation = json_object_new ();
      gint64 expires_at = sqlite3_column_int64 (stmt, USER_EXPIRES_AT);
      g_autofree char *expires_text = format_unix_utc (expires_at);
      gboolean expired = sqlite3_column_type (stmt, USER_EXPIRES_AT) != SQLITE_NULL && expires_at <= now;

      json_object_set_string_member (invitation, "state", expired ? "expired" : "pending");
      set_optional_string (invitation, "invitedAt", column_text (stmt, USER_INVITED_AT));
      set_optional_string (invitation, "invitedBy", column_text (stmt, USER_INVITED_BY));
      if (sqlite3_column_type (stmt, USER_EXPIRES_AT) != SQLITE_NULL)
        set_optional_string (invitation, "expiresAt", expires_text);
      json_object_set_object_member (user, MSI_DEMO_SCIM_SCHEMA_INVITATION, invitation);
    }

  json_object_set_object_member (user, "meta", new_meta (ctx, "User", id, stmt, USER_CREATED_AT, USER_MODIFIED_AT));

  return user;
}

/* The user @id as a resource; NULL without @error when there is none. */
static JsonObject *
dup_user (Scim        *ctx,
          const char  *id,
          GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = msi_demo_store_prepare (ctx->store, "SELECT " USER_COLUMNS USER_FROM " WHERE u.id = ?1",
                                 "read a user", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return user_from_row (ctx, stmt, msi_demo_now_seconds ());

  if (rc != SQLITE_DONE)
    msi_demo_store_fail (ctx->store, "read a user", error);

  return NULL;
}

static JsonObject *
new_list_response (gint64     total,
                   gint64     start_index,
                   JsonArray *resources)
{
  JsonObject *list = json_object_new ();
  JsonArray *schemas = json_array_new ();

  json_array_add_string_element (schemas, SCHEMA_LIST_RESPONSE);
  json_object_set_array_member (list, "schemas", schemas);
  json_object_set_int_member (list, "totalResults", total);
  json_object_set_int_member (list, "startIndex", start_index);
  json_object_set_int_member (list, "itemsPerPage", json_array_get_length (resources));
  json_object_set_array_member (list, "Resources", resources);

  return list;
}

static gboolean
count_rows (MsiDemoStore  *store,
            const char    *sql,
            Filter        *filter,
            gint64        *count,
            GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = msi_demo_store_prepare (store, sql, "count the matches", error);

  if (stmt == NULL)
    return FALSE;

  filter_bind (filter, stmt);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return msi_demo_store_fail (store, "count the matches", error);

  *count = sqlite3_column_int64 (stmt, 0);

  return TRUE;
}

/* sortOrder (sortBy: userName, or displayName for teams); FALSE after
 * replying 400. */
static gboolean
read_sort (SoupServerMessage  *msg,
           GHashTable         *query,
           const char         *sort_attribute,
           const char        **direction)
{
  const char *sort_by = g_hash_table_lookup (query, "sortBy");
  const char *order = g_hash_table_lookup (query, "sortOrder");

  *direction = "ASC";

  if (sort_by != NULL && g_ascii_strcasecmp (sort_by, sort_attribute) != 0)
    {
      reply_errorf (msg, SOUP_STATUS_BAD_REQUEST, "invalidValue",
                    "These resources can only be sorted by %s, not by “%s”.", sort_attribute, sort_by);
      return FALSE;
    }

  if (order != NULL && g_ascii_strcasecmp (order, "descending") == 0)
    *direction = "DESC";
  else if (order != NULL && g_ascii_strcasecmp (order, "ascending") != 0)
    {
      reply_errorf (msg, SOUP_STATUS_BAD_REQUEST, "invalidValue",
                    "“sortOrder” is ascending or descending, not “%s”.", order);
      return FALSE;
    }

  return TRUE;
}

static void
list_users (Scim              *ctx,
            SoupServerMessage *msg,
            GHashTable        *params)
{
  g_autoptr(GHashTable) query = dup_query (msg);
  g_autoptr(Filter) filter = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonArray) resources = json_array_new ();
  g_autoptr(JsonObject) list = NULL;
  g_autoptr(JsonObject) request = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *filter_error = NULL;
  g_autofree char *count_sql = NULL;
  g_autofree char *select_sql = NULL;
  const char *filter_text = g_hash_table_lookup (query, "filter");
  const char *attributes = g_hash_table_lookup (query, "attributes");
  const char *excluded = g_hash_table_lookup (query, "excludedAttributes");
  const char *direction;
  gint64 start_index;
  gint64 count;
  gint64 total = 0;
  gint64 now = msi_demo_now_seconds ();
  int index;
  int rc;

  if (!read_paging (msg, query, &start_index, &count) ||
      !read_sort (msg, query, "userName", &direction))
    return;

  json_object_set_int_member (request, "startIndex", start_index);
  json_object_set_int_member (request, "count", count);
  if (filter_text != NULL)
    json_object_set_string_member (request, "filter", filter_text);
  else
    json_object_set_null_member (request, "filter");
  json_array_add_object_element (ctx->state->list_requests, g_steal_pointer (&request));

  filter = filter_compile (&user_filter, filter_text, &filter_error);
  if (filter == NULL)
    {
      reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalidFilter", filter_error);
      return;
    }

  count_sql = g_strdup_printf ("SELECT COUNT(*)" USER_FROM " WHERE %s", filter->sql);
  select_sql = g_strdup_printf ("SELECT " USER_COLUMNS USER_FROM " WHERE %s"
                                " ORDER BY u.user_name COLLATE NOCASE %s, u.id %s LIMIT ? OFFSET ?",
                                filter->sql, direction, direction);

  if (!count_rows (ctx->store, count_sql, filter, &total, &error))
    {
      reply_internal (msg, error);
      return;
    }

  stmt = msi_demo_store_prepare (ctx->store, select_sql, "list the users", &error);
  if (stmt == NULL)
    {
      reply_internal (msg, error);
      return;
    }

  index = filter_bind (filter, stmt);
  sqlite3_bind_int64 (stmt, index, count);
  sqlite3_bind_int64 (stmt, index + 1, start_index - 1);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JsonObject *user = user_from_row (ctx, stmt, now);

      project (user, attributes, excluded, CORE_USER_PREFIX);
      json_array_add_object_element (resources, user);
    }

  if (rc != SQLITE_DONE)
    {
      msi_demo_store_fail (ctx->store, "list the users", &error);
      reply_internal (msg, error);
      return;
    }

  list = new_list_response (total, start_index, g_steal_pointer (&resources));
  reply_scim (msg, SOUP_STATUS_OK, list);
}

/* The team a new user joins: @reference is a team id, "bulkId:…" of a
 * team created earlier in the same Bulk request, or NULL for Everyone. */
static gboolean
resolve_team (Scim        *ctx,
              const char  *reference,
              char       **team_id,
              char       **team_name,
              Result      *result,
              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *id = reference != NULL ? reference : MSI_DEMO_SCIM_EVERYONE_ID;
  int rc;

  *team_id = NULL;
  *team_name = NULL;

  if (reference != NULL && g_str_has_prefix (reference, "bulkId:"))
    {
      id = g_hash_table_lookup (ctx->bulk_ids, reference + strlen ("bulkId:"));
      if (id == NULL)
        {
          result_fail (result, SOUP_STATUS_CONFLICT, "invalidValue",
                       "“%s” names no team created earlier in this Bulk request.", reference);
          return TRUE;
        }
    }

  stmt = msi_demo_store_prepare (ctx->store, "SELECT id, display_name FROM scim_groups WHERE id = ?1",
                                 "look for a team", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *team_id = g_strdup (column_text (stmt, 0));
      *team_name = g_strdup (column_text (stmt, 1));
      return TRUE;
    }

  if (rc != SQLITE_DONE)
    return msi_demo_store_fail (ctx->store, "look for a team", error);

  result_fail (result, SOUP_STATUS_BAD_REQUEST, "invalidValue",
               "There is no team “%s” (“%s:teamId”).", reference, MSI_DEMO_SCIM_SCHEMA_INVITATION);

  return TRUE;
}

static char *
build_user_welcome (const char *first_name,
                    const char *inviter,
                    const char *account_name,
                    const char *team_name,
                    gboolean    admin,
                    const char *link)
{
  g_autofree char *team = NULL;

  if (team_name != NULL && g_strcmp0 (team_name, MSI_DEMO_SCIM_EVERYONE_NAME) != 0)
    team = g_strdup_printf (", in the team %s", team_name);

  return g_strdup_printf ("Hello %s,\n"
                          "\n"
                          "%s invited you to %s, the Sales account of %s%s%s.\n"
                          "\n"
                          "Get started:\n"
                          "%s\n"
                          "\n"
                          "The link opens MSI Actions Setup, which guides you through connecting "
                          "your Salesforce account and your mailbox. It works once and expires in "
                          "7 days. If you did not expect this invitation, you can ignore this mail.\n"
                          "\n"
                          "— %s\n",
                          first_name, inviter, PRODUCT_NAME, account_name,
                          admin ? ", as one of its admins" : "", team != NULL ? team : "",
                          link, PRODUCT_NAME);
}

/* A new invitation token for the user (the store keeps its SHA-256) and
 * the welcome mail with its link. */
static gboolean
issue_invitation (Scim        *ctx,
                  const char  *user_id,
                  const char  *user_name,
                  const char  *given_name,
                  const char  *to_name,
                  const char  *team_name,
                  const char  *kind,
                  gint64       now,
                  GError     **error)
{
  g_autoptr(sqlite3_stmt) insert_invitation = NULL;
  g_autoptr(sqlite3_stmt) insert_mail = NULL;
  g_autofree char *token = msi_demo_random_base64url ();
  g_autofree char *token_hash = msi_demo_sha256_hex (token);
  g_autofree char *link = msi_demo_build_invitation_link (ctx->base_uri, token);
  g_autofree char *now_text = format_unix_utc (now);
  g_autofree char *body = build_user_welcome (given_name != NULL ? given_name : user_name,
                                              ctx->admin->name, ctx->account_name, team_name,
                                              g_strcmp0 (kind, "admin") == 0, link);
  gboolean ok;

  insert_invitation = msi_demo_store_prepare (ctx->store,
                                              "INSERT INTO invitations"
                                              " (token_sha256, email, kind, created_at, expires_at, user_id)"
                                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                                              "prepare to record an invitation", error);
  insert_mail = msi_demo_store_prepare (ctx->store,
                                        "INSERT INTO outbox (sent_at, to_address, to_name, subject, body, link)"
                                        " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                                        "prepare to put a mail in the outbox", error);
  if (insert_invitation == NULL || insert_mail == NULL)
    return FALSE;

  sqlite3_bind_text (insert_invitation, 1, token_hash, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert_invitation, 2, user_name, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert_invitation, 3, kind, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (insert_invitation, 4, now);
  sqlite3_bind_int64 (insert_invitation, 5, now + MSI_DEMO_SCIM_INVITATION_LIFETIME);
  sqlite3_bind_text (insert_invitation, 6, user_id, -1, SQLITE_STATIC);

  sqlite3_bind_text (insert_mail, 1, now_text, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert_mail, 2, user_name, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert_mail, 3, to_name, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert_mail, 4, WELCOME_SUBJECT, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert_mail, 5, body, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert_mail, 6, link, -1, SQLITE_STATIC);

  ok = msi_demo_store_step_done (ctx->store, insert_invitation, "record an invitation", error) &&
       msi_demo_store_step_done (ctx->store, insert_mail, "put a welcome mail in the outbox", error);

  /* The only plain copies of the token. */
  explicit_bzero (token, strlen (token));
  explicit_bzero (link, strlen (link));
  explicit_bzero (body, strlen (body));

  return ok;
}

/* The user called @user_name (without case), if any. */
static gboolean
find_user_by_name (MsiDemoStore  *store,
                   const char    *user_name,
                   char         **id,
                   gboolean      *active,
                   GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  *id = NULL;
  *active = FALSE;

  stmt = msi_demo_store_prepare (store, "SELECT id, active FROM scim_users WHERE user_name = ?1 COLLATE NOCASE",
                                 "look for a user", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, user_name, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *id = g_strdup (column_text (stmt, 0));
      *active = sqlite3_column_int (stmt, 1) != 0;
      return TRUE;
    }

  if (rc != SQLITE_DONE)
    return msi_demo_store_fail (store, "look for a user", error);

  return TRUE;
}

static gboolean
count_table (MsiDemoStore  *store,
             const char    *sql,
             gint64        *count,
             GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = msi_demo_store_prepare (store, sql, "count", error);

  if (stmt == NULL)
    return FALSE;

  if (sqlite3_step (stmt) != SQLITE_ROW)
    return msi_demo_store_fail (store, "count", error);

  *count = sqlite3_column_int64 (stmt, 0);

  return TRUE;
}

/* POST /Users: an invitation. Must run in a transaction. */
static gboolean
op_create_user (Scim        *ctx,
                JsonObject  *data,
                Result      *result,
                GError     **error)
{
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autofree char *user_name = NULL;
  g_autofree char *given_name = NULL;
  g_autofree char *family_name = NULL;
  g_autofree char *display_name = NULL;
  g_autofree char *title = NULL;
  g_autofree char *formatted = NULL;
  g_autofree char *team_id = NULL;
  g_autofree char *team_name = NULL;
  g_autofree char *existing = NULL;
  g_autofree char *id = NULL;
  g_autofree char *now_text = NULL;
  JsonObject *name = NULL;
  JsonObject *extension = NULL;
  const char *user_name_text;
  const char *given_text;
  const char *family_text;
  const char *display_text;
  const char *title_text;
  const char *team_text;
  gboolean active = FALSE;
  gint64 seats = 0;
  gint64 now = msi_demo_now_seconds ();

  if (!get_string (data, "userName", "userName", TRUE, &user_name_text, result) ||
      !get_object (data, "name", "name", &name, result) ||
      !get_string (name, "givenName", "name.givenName", FALSE, &given_text, result) ||
      !get_string (name, "familyName", "name.familyName", FALSE, &family_text, result) ||
      !get_string (data, "displayName", "displayName", FALSE, &display_text, result) ||
      !get_string (data, "title", "title", FALSE, &title_text, result) ||
      !get_object (data, MSI_DEMO_SCIM_SCHEMA_INVITATION, MSI_DEMO_SCIM_SCHEMA_INVITATION, &extension, result) ||
      !get_string (extension, "teamId", MSI_DEMO_SCIM_SCHEMA_INVITATION ":teamId", FALSE, &team_text, result))
    return TRUE;

  user_name = normalize_user_name (user_name_text);
  if (!msi_demo_email_is_valid (user_name))
    return result_fail (result, SOUP_STATUS_BAD_REQUEST, "invalidValue",
                        "“userName” is not a valid e-mail address: “%s”.", user_name_text);

  if (!clean_text (given_text, "name.givenName", MAX_NAME_LENGTH, &given_name, result) ||
      !clean_text (family_text, "name.familyName", MAX_NAME_LENGTH, &family_name, result) ||
      !clean_text (display_text, "displayName", MAX_NAME_LENGTH * 2, &display_name, result) ||
      !clean_text (title_text, "title", MAX_TITLE_LENGTH, &title, result))
    return TRUE;

  if (!resolve_team (ctx, team_text, &team_id, &team_name, result, error))
    return FALSE;
  if (result_failed (result))
    return TRUE;

  if (!find_user_by_name (ctx->store, user_name, &existing, &active, error))
    return FALSE;

  if (existing != NULL)
    {
      result_fail (result, SOUP_STATUS_CONFLICT, "uniqueness",
                   active ? "“%s” is already a user of the Sales account."
                          : "“%s” is already invited to the Sales account.",
                   user_name);
      result->location = resource_location (ctx, "Users", existing);
      g_ptr_array_add (ctx->conflicts, g_utf8_strdown (user_name, -1));
      return TRUE;
    }

  if (!count_table (ctx->store, "SELECT COUNT(*) FROM scim_users", &seats, error))
    return FALSE;

  if (seats >= ctx->seat_limit)
    {
      result_fail (result, SOUP_STATUS_FORBIDDEN, NULL,
                   "All %" G_GINT64_FORMAT " seats of the Sales account are taken by users and pending "
                   "invitations, so “%s” was not invited.", ctx->seat_limit, user_name);
      result->msi_limit = g_strdup ("seats");
      return TRUE;
    }

  id = new_id ("usr_");
  formatted = format_name (given_name, family_name);
  now_text = format_unix_utc (now);

  insert = msi_demo_store_prepare (ctx->store,
                                   "INSERT INTO scim_users (id, user_name, given_name, family_name, formatted_name,"
                                   " display_name, title, active, team_id, origin, invited_at, invited_by,"
                                   " expires_at, created_at, modified_at)"
                                   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0, ?8, 'scim', ?9, ?10, ?11, ?9, ?9)",
                                   "prepare to add a user", error);
  if (insert == NULL)
    return FALSE;

  sqlite3_bind_text (insert, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 2, user_name, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 3, given_name, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 4, family_name, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 5, formatted, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 6, display_name, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 7, title, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 8, team_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 9, now_text, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 10, ctx->admin->email, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (insert, 11, now + MSI_DEMO_SCIM_INVITATION_LIFETIME);

  if (!msi_demo_store_step_done (ctx->store, insert, "add a user", error) ||
      !issue_invitation (ctx, id, user_name, given_name, formatted, team_name, "user", now, error))
    return FALSE;

  result_clear (result);
  result->status = SOUP_STATUS_CREATED;
  result->location = resource_location (ctx, "Users", id);
  result->resource = dup_user (ctx, id, error);
  if (result->resource == NULL)
    return FALSE;

  g_ptr_array_add (ctx->created, g_utf8_strdown (user_name, -1));

  return TRUE;
}

/* DELETE /Users/{id}: revokes an invitation (its links stop working) or
 * removes a user. Must run in a transaction. */
static gboolean
op_delete_user (Scim        *ctx,
                const char  *id,
                Result      *result,
                GError     **error)
{
  g_autoptr(sqlite3_stmt) select = NULL;
  g_autoptr(sqlite3_stmt) revoke = NULL;
  g_autoptr(sqlite3_stmt) delete = NULL;
  g_autofree char *user_name = NULL;
  int rc;

  select = msi_demo_store_prepare (ctx->store, "SELECT user_name FROM scim_users WHERE id = ?1",
                                   "look for a user", error);
  if (select == NULL)
    return FALSE;

  sqlite3_bind_text (select, 1, id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (select);
  if (rc == SQLITE_DONE)
    return result_fail (result, SOUP_STATUS_NOT_FOUND, NULL, "There is no user “%s”.", id);
  if (rc != SQLITE_ROW)
    return msi_demo_store_fail (ctx->store, "look for a user", error);

  user_name = g_strdup (column_text (select, 0));

  if (g_ascii_strcasecmp (user_name, ctx->admin->email) == 0)
    return result_fail (result, SOUP_STATUS_BAD_REQUEST, "mutability",
                        "You cannot remove yourself (%s) from the Sales account.", user_name);

  revoke = msi_demo_store_prepare (ctx->store,
                                   "DELETE FROM invitations WHERE user_id = ?1 OR email = ?2 COLLATE NOCASE",
                                   "prepare to revoke the invitation", error);
  delete = msi_demo_store_prepare (ctx->store, "DELETE FROM scim_users WHERE id = ?1",
                                   "prepare to remove a user", error);
  if (revoke == NULL || delete == NULL)
    return FALSE;

  sqlite3_bind_text (revoke, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (revoke, 2, user_name, -1, SQLITE_STATIC);
  sqlite3_bind_text (delete, 1, id, -1, SQLITE_TRANSIENT);

  if (!msi_demo_store_step_done (ctx->store, revoke, "revoke the invitation", error) ||
      !msi_demo_store_step_done (ctx->store, delete, "remove a user", error))
    return FALSE;

  result_clear (result);
  result->status = SOUP_STATUS_NO_CONTENT;
  result->location = resource_location (ctx, "Users", id);

  return TRUE;
}

/*
 * Groups (teams)
 */

#define GROUP_COLUMNS \
  "g.id, g.display_name, g.everyone, g.created_at, g.modified_at," \
  " (SELECT COUNT(*) FROM scim_users m WHERE m.team_id = g.id)"

enum
{
  GROUP_ID,
  GROUP_DISPLAY_NAME,
  GROUP_EVERYONE,
  GROUP_CREATED_AT,
  GROUP_MODIFIED_AT,
  GROUP_MEMBER_COUNT,
};

static gboolean
add_members (Scim        *ctx,
             JsonObject  *group,
             const char  *id,
             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  JsonArray *members = json_array_new ();
  int rc;

  json_object_set_array_member (group, "members", members);

  stmt = msi_demo_store_prepare (ctx->store,
                                 "SELECT id, user_name FROM scim_users WHERE team_id = ?1"
                                 " ORDER BY user_name COLLATE NOCASE",
                                 "list a team's users", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JsonObject *member = json_object_new ();
      g_autofree char *ref = resource_location (ctx, "Users", column_text (stmt, 0));

      json_object_set_string_member (member, "value", column_text (stmt, 0));
      json_object_set_string_member (member, "display", column_text (stmt, 1));
      json_object_set_string_member (member, "$ref", ref);
      json_object_set_string_member (member, "type", "User");
      json_array_add_object_element (members, member);
    }

  if (rc != SQLITE_DONE)
    return msi_demo_store_fail (ctx->store, "list a team's users", error);

  return TRUE;
}

static JsonObject *
group_from_row (Scim          *ctx,
                sqlite3_stmt  *stmt,
                gboolean       with_members,
                GError       **error)
{
  g_autoptr(JsonObject) group = json_object_new ();
  JsonArray *schemas = json_array_new ();
  JsonObject *team = json_object_new ();
  const char *id = column_text (stmt, GROUP_ID);

  json_array_add_string_element (schemas, MSI_DEMO_SCIM_SCHEMA_GROUP);
  json_array_add_string_element (schemas, MSI_DEMO_SCIM_SCHEMA_TEAM);
  json_object_set_array_member (group, "schemas", schemas);
  json_object_set_string_member (group, "id", id);
  json_object_set_string_member (group, "displayName", column_text (stmt, GROUP_DISPLAY_NAME));

  if (with_members && !add_members (ctx, group, id, error))
    return NULL;

  json_object_set_int_member (team, "memberCount", sqlite3_column_int64 (stmt, GROUP_MEMBER_COUNT));
  json_object_set_boolean_member (team, "everyone", sqlite3_column_int (stmt, GROUP_EVERYONE) != 0);
  json_object_set_object_member (group, MSI_DEMO_SCIM_SCHEMA_TEAM, team);
  json_object_set_object_member (group, "meta", new_meta (ctx, "Group", id, stmt,
                                                          GROUP_CREATED_AT, GROUP_MODIFIED_AT));

  return g_steal_pointer (&group);
}

static JsonObject *
dup_group (Scim        *ctx,
           const char  *id,
           gboolean     with_members,
           GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = msi_demo_store_prepare (ctx->store, "SELECT " GROUP_COLUMNS " FROM scim_groups g WHERE g.id = ?1",
                                 "read a team", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return group_from_row (ctx, stmt, with_members, error);

  if (rc != SQLITE_DONE)
    msi_demo_store_fail (ctx->store, "read a team", error);

  return NULL;
}

static void
list_groups (Scim              *ctx,
             SoupServerMessage *msg,
             GHashTable        *params)
{
  g_autoptr(GHashTable) query = dup_query (msg);
  g_autoptr(Filter) filter = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonArray) resources = json_array_new ();
  g_autoptr(JsonObject) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *filter_error = NULL;
  g_autofree char *count_sql = NULL;
  g_autofree char *select_sql = NULL;
  const char *attributes = g_hash_table_lookup (query, "attributes");
  const char *excluded = g_hash_table_lookup (query, "excludedAttributes");
  const char *direction;
  gboolean with_members;
  gint64 start_index;
  gint64 count;
  gint64 total = 0;
  int index;
  int rc;

  if (!read_paging (msg, query, &start_index, &count) ||
      !read_sort (msg, query, "displayName", &direction))
    return;

  filter = filter_compile (&group_filter, g_hash_table_lookup (query, "filter"), &filter_error);
  if (filter == NULL)
    {
      reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalidFilter", filter_error);
      return;
    }

  with_members = attribute_wanted (attributes, excluded, CORE_GROUP_PREFIX, "members");
  count_sql = g_strdup_printf ("SELECT COUNT(*) FROM scim_groups g WHERE %s", filter->sql);
  select_sql = g_strdup_printf ("SELECT " GROUP_COLUMNS " FROM scim_groups g WHERE %s"
                                " ORDER BY g.everyone DESC, g.display_name COLLATE NOCASE %s, g.id"
                                " LIMIT ? OFFSET ?", filter->sql, direction);

  if (!count_rows (ctx->store, count_sql, filter, &total, &error))
    {
      reply_internal (msg, error);
      return;
    }

  stmt = msi_demo_store_prepare (ctx->store, select_sql, "list the teams", &error);
  if (stmt == NULL)
    {
      reply_internal (msg, error);
      return;
    }

  index = filter_bind (filter, stmt);
  sqlite3_bind_int64 (stmt, index, count);
  sqlite3_bind_int64 (stmt, index + 1, start_index - 1);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JsonObject *group = group_from_row (ctx, stmt, with_members, &error);

      if (group == NULL)
        {
          reply_internal (msg, error);
          return;
        }

      project (group, attributes, excluded, CORE_GROUP_PREFIX);
      json_array_add_object_element (resources, group);
    }

  if (rc != SQLITE_DONE)
    {
      msi_demo_store_fail (ctx->store, "list the teams", &error);
      reply_internal (msg, error);
      return;
    }

  list = new_list_response (total, start_index, g_steal_pointer (&resources));
  reply_scim (msg, SOUP_STATUS_OK, list);
}

/* POST /Groups: a team. Must run in a transaction. */
static gboolean
op_create_group (Scim        *ctx,
                 JsonObject  *data,
                 Result      *result,
                 GError     **error)
{
  g_autoptr(sqlite3_stmt) find = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autofree char *display_name = NULL;
  g_autofree char *id = NULL;
  g_autofree char *now_text = NULL;
  const char *text;
  gint64 teams = 0;
  int rc;

  if (!get_string (data, "displayName", "displayName", TRUE, &text, result) ||
      !clean_text (text, "displayName", MAX_TEAM_NAME_LENGTH, &display_name, result))
    return TRUE;

  if (display_name == NULL)
    return result_fail (result, SOUP_STATUS_BAD_REQUEST, "invalidValue", "“displayName” is empty.");

  find = msi_demo_store_prepare (ctx->store,
                                 "SELECT id, display_name FROM scim_groups WHERE display_name = ?1 COLLATE NOCASE",
                                 "look for a team", error);
  if (find == NULL)
    return FALSE;

  sqlite3_bind_text (find, 1, display_name, -1, SQLITE_STATIC);
  rc = sqlite3_step (find);
  if (rc == SQLITE_ROW)
    {
      result_fail (result, SOUP_STATUS_CONFLICT, "uniqueness",
                   "There is already a team “%s”.", column_text (find, 1));
      result->location = resource_location (ctx, "Groups", column_text (find, 0));
      return TRUE;
    }
  if (rc != SQLITE_DONE)
    return msi_demo_store_fail (ctx->store, "look for a team", error);

  if (!count_table (ctx->store, "SELECT COUNT(*) FROM scim_groups", &teams, error))
    return FALSE;

  if (teams >= ctx->team_limit)
    {
      result_fail (result, SOUP_STATUS_FORBIDDEN, NULL,
                   "The Sales account has %" G_GINT64_FORMAT " teams, the most it can have, so the team "
                   "“%s” was not created.", ctx->team_limit, display_name);
      result->msi_limit = g_strdup ("teams");
      return TRUE;
    }

  id = new_id ("grp_");
  now_text = msi_demo_format_now_utc ();
  insert = msi_demo_store_prepare (ctx->store,
                                   "INSERT INTO scim_groups (id, display_name, everyone, created_at, modified_at)"
                                   " VALUES (?1, ?2, 0, ?3, ?3)",
                                   "prepare to add a team", error);
  if (insert == NULL)
    return FALSE;

  sqlite3_bind_text (insert, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 2, display_name, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 3, now_text, -1, SQLITE_STATIC);
  if (!msi_demo_store_step_done (ctx->store, insert, "add a team", error))
    return FALSE;

  result_clear (result);
  result->status = SOUP_STATUS_CREATED;
  result->location = resource_location (ctx, "Groups", id);
  result->resource = dup_group (ctx, id, TRUE, error);

  return result->resource != NULL;
}

/* DELETE /Groups/{id}: its users go back to Everyone. Must run in a
 * transaction. */
static gboolean
op_delete_group (Scim        *ctx,
                 const char  *id,
                 Result      *result,
                 GError     **error)
{
  g_autoptr(sqlite3_stmt) select = NULL;
  g_autoptr(sqlite3_stmt) move = NULL;
  g_autoptr(sqlite3_stmt) delete = NULL;
  int rc;

  select = msi_demo_store_prepare (ctx->store, "SELECT everyone FROM scim_groups WHERE id = ?1",
                                   "look for a team", error);
  if (select == NULL)
    return FALSE;

  sqlite3_bind_text (select, 1, id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (select);
  if (rc == SQLITE_DONE)
    return result_fail (result, SOUP_STATUS_NOT_FOUND, NULL, "There is no team “%s”.", id);
  if (rc != SQLITE_ROW)
    return msi_demo_store_fail (ctx->store, "look for a team", error);

  if (sqlite3_column_int (select, 0) != 0)
    return result_fail (result, SOUP_STATUS_BAD_REQUEST, "mutability",
                        "The team %s cannot be deleted: it holds every user without another team.",
                        MSI_DEMO_SCIM_EVERYONE_NAME);

  move = msi_demo_store_prepare (ctx->store, "UPDATE scim_users SET team_id = ?2 WHERE team_id = ?1",
                                 "prepare to move a team's users", error);
  delete = msi_demo_store_prepare (ctx->store, "DELETE FROM scim_groups WHERE id = ?1",
                                   "prepare to delete a team", error);
  if (move == NULL || delete == NULL)
    return FALSE;

  sqlite3_bind_text (move, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (move, 2, MSI_DEMO_SCIM_EVERYONE_ID, -1, SQLITE_STATIC);
  sqlite3_bind_text (delete, 1, id, -1, SQLITE_TRANSIENT);

  if (!msi_demo_store_step_done (ctx->store, move, "move a team's users", error) ||
      !msi_demo_store_step_done (ctx->store, delete, "delete a team", error))
    return FALSE;

  result_clear (result);
  result->status = SOUP_STATUS_NO_CONTENT;
  result->location = resource_location (ctx, "Groups", id);

  return TRUE;
}

/*
 * One operation in a transaction, for the single-resource endpoints
 */

typedef enum
{
  OP_CREATE_USER,
  OP_DELETE_USER,
  OP_CREATE_GROUP,
  OP_DELETE_GROUP,
} OpKind;

typedef struct
{
  Scim       *ctx;
  OpKind      kind;
  JsonObject *data;
  const char *id;
  Result     *result;
} Op;

static gboolean
run_op (Scim        *ctx,
        OpKind       kind,
        JsonObject  *data,
        const char  *id,
        Result      *result,
        GError     **error)
{
  switch (kind)
    {
    case OP_CREATE_USER:
      return op_create_user (ctx, data, result, error);
    case OP_DELETE_USER:
      return op_delete_user (ctx, id, result, error);
    case OP_CREATE_GROUP:
      return op_create_group (ctx, data, result, error);
    case OP_DELETE_GROUP:
      return op_delete_group (ctx, id, result, error);
    default:
      g_assert_not_reached ();
    }
}

static gboolean
op_in_transaction (MsiDemoStore  *store,
                   gpointer       user_data,
                   GError       **error)
{
  Op *op = user_data;

  return run_op (op->ctx, op->kind, op->data, op->id, op->result, error) &&
         (result_failed (op->result) || msi_demo_store_update_usage (store, error));
}

static void
run_single (Scim              *ctx,
            SoupServerMessage *msg,
            OpKind             kind,
            JsonObject        *data,
            const char        *id)
{
  g_auto(Result) result = { 0, };
  g_autoptr(GError) error = NULL;
  Op op = { ctx, kind, data, id, &result };

  if (!msi_demo_store_transaction (ctx->store, op_in_transaction, &op, &error))
    {
      reply_internal (msg, error);
      return;
    }

  scim_commit_stats (ctx);
  reply_result (msg, &result);
}

static void
create_user (Scim              *ctx,
             SoupServerMessage *msg,
             GHashTable        *params)
{
  g_autoptr(JsonObject) body = read_body (msg, MSI_DEMO_SCIM_MAX_PAYLOAD_SIZE);

  if (body != NULL)
    run_single (ctx, msg, OP_CREATE_USER, body, NULL);
}

static void
get_user (Scim              *ctx,
          SoupServerMessage *msg,
          GHashTable        *params)
{
  g_autoptr(GHashTable) query = dup_query (msg);
  g_autoptr(JsonObject) user = NULL;
  g_autoptr(GError) error = NULL;
  const char *id = g_hash_table_lookup (params, "id");

  user = dup_user (ctx, id, &error);
  if (user == NULL && error != NULL)
    {
      reply_internal (msg, error);
      return;
    }

  if (user == NULL)
    {
      reply_errorf (msg, SOUP_STATUS_NOT_FOUND, NULL, "There is no user “%s”.", id);
      return;
    }

  project (user, g_hash_table_lookup (query, "attributes"), g_hash_table_lookup (query, "excludedAttributes"),
           CORE_USER_PREFIX);
  reply_scim (msg, SOUP_STATUS_OK, user);
}

static void
delete_user (Scim              *ctx,
             SoupServerMessage *msg,
             GHashTable        *params)
{
  run_single (ctx, msg, OP_DELETE_USER, NULL, g_hash_table_lookup (params, "id"));
}

static void
create_group (Scim              *ctx,
              SoupServerMessage *msg,
              GHashTable        *params)
{
  g_autoptr(JsonObject) body = read_body (msg, MSI_DEMO_SCIM_MAX_PAYLOAD_SIZE);

  if (body != NULL)
    run_single (ctx, msg, OP_CREATE_GROUP, body, NULL);
}

static void
get_group (Scim              *ctx,
           SoupServerMessage *msg,
           GHashTable        *params)
{
  g_autoptr(GHashTable) query = dup_query (msg);
  g_autoptr(JsonObject) group = NULL;
  g_autoptr(GError) error = NULL;
  const char *id = g_hash_table_lookup (params, "id");
  const char *attributes = g_hash_table_lookup (query, "attributes");
  const char *excluded = g_hash_table_lookup (query, "excludedAttributes");

  group = dup_group (ctx, id, attribute_wanted (attributes, excluded, CORE_GROUP_PREFIX, "members"), &error);
  if (group == NULL && error != NULL)
    {
      reply_internal (msg, error);
      return;
    }

  if (group == NULL)
    {
      reply_errorf (msg, SOUP_STATUS_NOT_FOUND, NULL, "There is no team “%s”.", id);
      return;
    }

  project (group, attributes, excluded, CORE_GROUP_PREFIX);
  reply_scim (msg, SOUP_STATUS_OK, group);
}

static void
delete_group (Scim              *ctx,
              SoupServerMessage *msg,
              GHashTable        *params)
{
  run_single (ctx, msg, OP_DELETE_GROUP, NULL, g_hash_table_lookup (params, "id"));
}

/*
 * POST /scim/v2/Bulk (RFC 7644 §3.7)
 */

typedef struct
{
  Scim       *ctx;
  JsonArray  *operations;
  gint64      fail_on_errors;   /* 0: go on whatever fails */
  JsonArray  *responses;
} Bulk;

static JsonObject *
bulk_response_entry (const char   *method,
                     const char   *bulk_id,
                     const Result *result)
{
  JsonObject *entry = json_object_new ();
  g_autofree char *status = g_strdup_printf ("%u", result->status);

  if (result->location != NULL)
    json_object_set_string_member (entry, "location", result->location);
  json_object_set_string_member (entry, "method", method);
  if (bulk_id != NULL)
    json_object_set_string_member (entry, "bulkId", bulk_id);
  json_object_set_string_member (entry, "status", status);

  if (result_failed (result))
    json_object_set_object_member (entry, "response",
                                   new_error (result->status, result->scim_type, result->msi_limit,
                                              result->detail));

  return entry;
}

/* Reads operation @index and runs it in @result (FALSE only on an
 * internal error). @method and @bulk_id point into the request. */
static gboolean
bulk_operation (Bulk        *bulk,
                guint        index,
                GHashTable  *seen,
                const char **method,
                const char **bulk_id,
                Result      *result,
                GError     **error)
{
  JsonNode *node = json_array_get_element (bulk->operations, index);
  g_autofree char *label = g_strdup_printf ("Operations[%u]", index);
  g_autofree char *method_label = g_strdup_printf ("Operations[%u].method", index);
  g_autofree char *bulk_id_label = g_strdup_printf ("Operations[%u].bulkId", index);
  g_autofree char *path_label = g_strdup_printf ("Operations[%u].path", index);
  g_auto(GStrv) segments = NULL;
  JsonObject *operation;
  JsonObject *data = NULL;
  const char *path;
  OpKind kind;
  const char *id = NULL;
  guint n_segments;

  *method = "POST";
  *bulk_id = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return result_fail (result, SOUP_STATUS_BAD_REQUEST, "invalidSyntax", "“%s” must be an object.", label);

  operation = json_node_get_object (node);
  if (!get_string (operation, "method", method_label, TRUE, method, result))
    {
      *method = "POST";
      return TRUE;
    }

  if (!get_string (operation, "bulkId", bulk_id_label, FALSE, bulk_id, result) ||
      !get_string (operation, "path", path_label, TRUE, &path, result))
    return TRUE;

  if (g_ascii_strcasecmp (*method, "POST") != 0 && g_ascii_strcasecmp (*method, "DELETE") != 0)
    return result_fail (result, SOUP_STATUS_BAD_REQUEST, "invalidSyntax",
                        "“%s” is %s, which this service does not take in a Bulk request: use POST or DELETE.",
                        method_label, *method);

  if (*bulk_id != NULL)
    {
      if ((*bulk_id)[0] == '\0')
        return result_fail (result, SOUP_STATUS_BAD_REQUEST, "invalidValue", "“%s” is empty.", bulk_id_label);
      if (g_hash_table_contains (seen, *bulk_id))
        return result_fail (result, SOUP_STATUS_BAD_REQUEST, "invalidValue",
                            "“%s” is “%s”, which an earlier operation already uses.", bulk_id_label, *bulk_id);
      g_hash_table_add (seen, (gpointer)*bulk_id);
    }
  else if (g_ascii_strcasecmp (*method, "POST") == 0)
    {
      return result_fail (result, SOUP_STATUS_BAD_REQUEST, "invalidValue",
                          "“%s” is missing: a POST needs one.", bulk_id_label);
    }

  segments = g_strsplit (path[0] == '/' ? path + 1 : path, "/", -1);
  n_segments = g_strv_length (segments);

  if (g_ascii_strcasecmp (*method, "POST") == 0 && n_segments == 1 && g_str_equal (segments[0], "Users"))
    kind = OP_CREATE_USER;
  else if (g_ascii_strcasecmp (*method, "POST") == 0 && n_segments == 1 && g_str_equal (segments[0], "Groups"))
    kind = OP_CREATE_GROUP;
  else if (g_ascii_strcasecmp (*method, "DELETE") == 0 && n_segments == 2 && segments[1][0] != '\0' &&
           g_str_equal (segments[0], "Users"))
    kind = OP_DELETE_USER;
  else if (g_ascii_strcasecmp (*method, "DELETE") == 0 && n_segments == 2 && segments[1][0] != '\0' &&
           g_str_equal (segments[0], "Groups"))
    kind = OP_DELETE_GROUP;
  else
    return result_fail (result, SOUP_STATUS_BAD_REQUEST, "invalidPath",
                        "“%s” is “%s”: use /Users or /Groups for a POST, /Users/{id} or /Groups/{id} "
                        "for a DELETE.", path_label, path);

  if (kind == OP_CREATE_USER || kind == OP_CREATE_GROUP)
    {
      g_autofree char *data_label = g_strdup_printf ("Operations[%u].data", index);
      JsonNode *data_node = json_object_get_member (operation, "data");

      if (data_node == NULL || !JSON_NODE_HOLDS_OBJECT (data_node))
        return result_fail (result, SOUP_STATUS_BAD_REQUEST, "invalidSyntax",
                            "“%s” must be the resource to create, an object.", data_label);
      data = json_node_get_object (data_node);
    }
  else
    {
      id = segments[1];
    }

  if (!run_op (bulk->ctx, kind, data, id, result, error))
    return FALSE;

  /* Later operations may refer to what this one created. */
  if (result->status == SOUP_STATUS_CREATED && *bulk_id != NULL && result->resource != NULL)
    g_hash_table_insert (bulk->ctx->bulk_ids, g_strdup (*bulk_id),
                         g_strdup (json_object_get_string_member (result->resource, "id")));

  return TRUE;
}

static gboolean
bulk_in_transaction (MsiDemoStore  *store,
                     gpointer       user_data,
                     GError       **error)
{
  Bulk *bulk = user_data;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint n_operations = json_array_get_length (bulk->operations);
  gint64 n_errors = 0;

  for (guint i = 0; i < n_operations; i++)
    {
      g_auto(Result) result = { 0, };
      const char *method = NULL;
      const char *bulk_id = NULL;

      if (!msi_demo_store_exec (store, "SAVEPOINT bulk_operation", "start an operation", error) ||
          !bulk_operation (bulk, i, seen, &method, &bulk_id, &result, error))
        return FALSE;

      if (result_failed (&result))
        {
          if (!msi_demo_store_exec (store, "ROLLBACK TO bulk_operation", "undo an operation", error))
            return FALSE;
          n_errors++;
        }

      if (!msi_demo_store_exec (store, "RELEASE bulk_operation", "end an operation", error))
        return FALSE;

      json_array_add_object_element (bulk->responses, bulk_response_entry (method, bulk_id, &result));

      if (bulk->fail_on_errors > 0 && n_errors >= bulk->fail_on_errors)
        break;
    }

  return msi_demo_store_update_usage (store, error);
}

static void
run_bulk (Scim              *ctx,
          SoupServerMessage *msg,
          GHashTable        *params)
{
  g_autoptr(JsonObject) body = read_body (msg, MSI_DEMO_SCIM_MAX_PAYLOAD_SIZE);
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(Result) check = { 0, };
  JsonNode *schemas;
  JsonNode *operations;
  JsonNode *fail_on_errors;
  Bulk bulk = { ctx, NULL, 0, NULL };
  gboolean is_bulk_request = FALSE;
  guint n_operations;

  if (body == NULL)
    return;

  schemas = json_object_get_member (body, "schemas");
  if (schemas != NULL && JSON_NODE_HOLDS_ARRAY (schemas))
    {
      JsonArray *array = json_node_get_array (schemas);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          is_bulk_request = is_bulk_request ||
                            (JSON_NODE_HOLDS_VALUE (element) &&
                             json_node_get_value_type (element) == G_TYPE_STRING &&
                             g_str_equal (json_node_get_string (element), SCHEMA_BULK_REQUEST));
        }
    }

  if (!is_bulk_request)
    {
      reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalidSyntax",
                   "“schemas” must list " SCHEMA_BULK_REQUEST ".");
      return;
    }

  operations = json_object_get_member (body, "Operations");
  if (operations == NULL || !JSON_NODE_HOLDS_ARRAY (operations))
    {
      reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalidSyntax", "“Operations” must be an array.");
      return;
    }

  fail_on_errors = json_object_get_member (body, "failOnErrors");
  if (fail_on_errors != NULL && !JSON_NODE_HOLDS_NULL (fail_on_errors))
    {
      if (!JSON_NODE_HOLDS_VALUE (fail_on_errors) || json_node_get_value_type (fail_on_errors) != G_TYPE_INT64 ||
          json_node_get_int (fail_on_errors) < 0)
        {
          reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalidValue",
                       "“failOnErrors” must be a whole number, 0 or more.");
          return;
        }
      bulk.fail_on_errors = json_node_get_int (fail_on_errors);
    }

  bulk.operations = json_node_get_array (operations);
  n_operations = json_array_get_length (bulk.operations);
  if (n_operations > MSI_DEMO_SCIM_MAX_OPERATIONS)
    {
      reply_errorf (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, NULL,
                    "The request has %u operations; at most %d are allowed (maxOperations).",
                    n_operations, MSI_DEMO_SCIM_MAX_OPERATIONS);
      return;
    }

  bulk.responses = json_array_new ();
  if (!msi_demo_store_transaction (ctx->store, bulk_in_transaction, &bulk, &error))
    {
      json_array_unref (bulk.responses);
      reply_internal (msg, error);
      return;
    }

  g_message ("Bulk: %u operations from %s, %u answered", n_operations, ctx->admin->email,
             json_array_get_length (bulk.responses));
  scim_commit_stats (ctx);

  reply = json_object_new ();
  {
    JsonArray *reply_schemas = json_array_new ();

    json_array_add_string_element (reply_schemas, SCHEMA_BULK_RESPONSE);
    json_object_set_array_member (reply, "schemas", reply_schemas);
  }
  json_object_set_array_member (reply, "Operations", bulk.responses);
  reply_scim (msg, SOUP_STATUS_OK, reply);
}

/*
 * /scim/v2/ServiceProviderConfig
 */

static JsonObject *
supported (gboolean is_supported)
{
  JsonObject *object = json_object_new ();

  json_object_set_boolean_member (object, "supported", is_supported);

  return object;
}

static void
service_provider_config (Scim              *ctx,
                         SoupServerMessage *msg,
                         GHashTable        *params)
{
  g_autoptr(JsonObject) config = json_object_new ();
  JsonArray *schemas = json_array_new ();
  JsonObject *bulk = supported (TRUE);
  JsonObject *filter = supported (TRUE);
  JsonArray *schemes = json_array_new ();
  JsonObject *scheme = json_object_new ();
  JsonObject *meta = json_object_new ();
  g_autofree char *location = g_strconcat (ctx->base_uri, "/scim/v2/ServiceProviderConfig", NULL);

  json_array_add_string_element (schemas, SCHEMA_SERVICE_PROVIDER);
  json_object_set_array_member (config, "schemas", schemas);
  json_object_set_string_member (config, "documentationUri",
                                 "https://github.com/msiactions/msi-actions-setup/blob/main/docs/actions-api.yaml");
  json_object_set_object_member (config, "patch", supported (FALSE));
  json_object_set_int_member (bulk, "maxOperations", MSI_DEMO_SCIM_MAX_OPERATIONS);
  json_object_set_int_member (bulk, "maxPayloadSize", MSI_DEMO_SCIM_MAX_PAYLOAD_SIZE);
  json_object_set_object_member (config, "bulk", bulk);
  json_object_set_int_member (filter, "maxResults", MSI_DEMO_SCIM_MAX_RESULTS);
  json_object_set_object_member (config, "filter", filter);
  json_object_set_object_member (config, "changePassword", supported (FALSE));
  json_object_set_object_member (config, "sort", supported (TRUE));
  json_object_set_object_member (config, "etag", supported (FALSE));
  json_object_set_string_member (scheme, "type", "oauthbearertoken");
  json_object_set_string_member (scheme, "name", "OAuth Bearer Token");
  json_object_set_string_member (scheme, "description",
                                 "An access token of the Actions service (RFC 6750), from the app's sign-in.");
  json_object_set_boolean_member (scheme, "primary", TRUE);
  json_array_add_object_element (schemes, scheme);
  json_object_set_array_member (config, "authenticationSchemes", schemes);
  json_object_set_string_member (meta, "resourceType", "ServiceProviderConfig");
  json_object_set_string_member (meta, "location", location);
  json_object_set_object_member (config, "meta", meta);

  reply_scim (msg, SOUP_STATUS_OK, config);
}

/*
 * The routes (msi-demo-server.c)
 */

void
msi_demo_scim_handle_service_provider_config (MsiDemoServer     *server,
                                              SoupServerMessage *msg,
                                              GHashTable        *params)
{
  scim_run (server, msg, params, "GET /scim/v2/ServiceProviderConfig", service_provider_config);
}

void
msi_demo_scim_handle_list_users (MsiDemoServer     *server,
                                 SoupServerMessage *msg,
                                 GHashTable        *params)
{
  scim_run (server, msg, params, "GET /scim/v2/Users", list_users);
}

void
msi_demo_scim_handle_create_user (MsiDemoServer     *server,
                                  SoupServerMessage *msg,
                                  GHashTable        *params)
{
  scim_run (server, msg, params, "POST /scim/v2/Users", create_user);
}

void
msi_demo_scim_handle_get_user (MsiDemoServer     *server,
                               SoupServerMessage *msg,
                               GHashTable        *params)
{
  scim_run (server, msg, params, "GET /scim/v2/Users/{id}", get_user);
}

void
msi_demo_scim_handle_delete_user (MsiDemoServer     *server,
                                  SoupServerMessage *msg,
                                  GHashTable        *params)
{
  scim_run (server, msg, params, "DELETE /scim/v2/Users/{id}", delete_user);
}

void
msi_demo_scim_handle_list_groups (MsiDemoServer     *server,
                                  SoupServerMessage *msg,
                                  GHashTable        *params)
{
  scim_run (server, msg, params, "GET /scim/v2/Groups", list_groups);
}

void
msi_demo_scim_handle_create_group (MsiDemoServer     *server,
                                   SoupServerMessage *msg,
                                   GHashTable        *params)
{
  scim_run (server, msg, params, "POST /scim/v2/Groups", create_group);
}

void
msi_demo_scim_handle_get_group (MsiDemoServer     *server,
                                SoupServerMessage *msg,
                                GHashTable        *params)
{
  scim_run (server, msg, params, "GET /scim/v2/Groups/{id}", get_group);
}

void
msi_demo_scim_handle_delete_group (MsiDemoServer     *server,
                                   SoupServerMessage *msg,
                                   GHashTable        *params)
{
  scim_run (server, msg, params, "DELETE /scim/v2/Groups/{id}", delete_group);
}

void
msi_demo_scim_handle_bulk (MsiDemoServer     *server,
                           SoupServerMessage *msg,
                           GHashTable        *params)
{
  scim_run (server, msg, params, "POST /scim/v2/Bulk", run_bulk);
}

/*
 * POST /api/v1/invitations/{id}/resend (RFC 9457 problems)
 */

typedef struct
{
  Scim       *ctx;
  const char *id;
  guint       status;       /* 0, or the problem's status */
  char       *detail;
  char       *user_name;
  gint64      now;
} Resend;

static gboolean
resend_in_transaction (MsiDemoStore  *store,
                       gpointer       user_data,
                       GError       **error)
{
  Resend *resend = user_data;
  Scim *ctx = resend->ctx;
  g_autoptr(sqlite3_stmt) select = NULL;
  g_autoptr(sqlite3_stmt) revoke = NULL;
  g_autoptr(sqlite3_stmt) update = NULL;
  g_autofree char *given_name = NULL;
  g_autofree char *formatted = NULL;
  g_autofree char *team_name = NULL;
  g_autofree char *origin = NULL;
  g_autofree char *now_text = format_unix_utc (resend->now);
  int rc;

  select = msi_demo_store_prepare (store,
                                   "SELECT u.user_name, u.given_name, u.formatted_name, u.active, g.display_name,"
                                   " u.origin" USER_FROM " WHERE u.id = ?1",
                                   "look for a user", error);
  if (select == NULL)
    return FALSE;

  sqlite3_bind_text (select, 1, resend->id, -1, SQLITE_STATIC);
  rc = sqlite3_step (select);
  if (rc == SQLITE_DONE)
    {
      resend->status = SOUP_STATUS_NOT_FOUND;
      resend->detail = g_strdup_printf ("There is no user or invitation “%s”.", resend->id);
      return TRUE;
    }
  if (rc != SQLITE_ROW)
    return msi_demo_store_fail (store, "look for a user", error);

  resend->user_name = g_strdup (column_text (select, 0));
  if (sqlite3_column_int (select, 3) != 0)
    {
      resend->status = SOUP_STATUS_CONFLICT;
      resend->detail = g_strdup_printf ("%s already accepted the invitation: there is nothing to resend.",
                                        resend->user_name);
      return TRUE;
    }

  given_name = g_strdup (column_text (select, 1));
  formatted = g_strdup (column_text (select, 2));
  team_name = g_strdup (column_text (select, 4));
  origin = g_strdup (column_text (select, 5));

  revoke = msi_demo_store_prepare (store, "DELETE FROM invitations WHERE user_id = ?1 OR email = ?2 COLLATE NOCASE",
                                   "prepare to revoke the old link", error);
  update = msi_demo_store_prepare (store,
                                   "UPDATE scim_users SET invited_at = ?2, invited_by = ?3, expires_at = ?4,"
                                   " modified_at = ?2 WHERE id = ?1",
                                   "prepare to renew an invitation", error);
  if (revoke == NULL || update == NULL)
    return FALSE;

  sqlite3_bind_text (revoke, 1, resend->id, -1, SQLITE_STATIC);
  sqlite3_bind_text (revoke, 2, resend->user_name, -1, SQLITE_STATIC);
  sqlite3_bind_text (update, 1, resend->id, -1, SQLITE_STATIC);
  sqlite3_bind_text (update, 2, now_text, -1, SQLITE_STATIC);
  sqlite3_bind_text (update, 3, ctx->admin->email, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (update, 4, resend->now + MSI_DEMO_SCIM_INVITATION_LIFETIME);

  return msi_demo_store_step_done (store, revoke, "revoke the old link", error) &&
         msi_demo_store_step_done (store, update, "renew an invitation", error) &&
         issue_invitation (ctx, resend->id, resend->user_name, given_name, formatted, team_name,
                           g_strcmp0 (origin, "activation") == 0 ? "admin" : "user", resend->now, error);
}

/**
 * msi_demo_scim_handle_resend:
 * @params: "id": the user's SCIM id
 *
 * Sends a pending or expired invitation again: a new link (the old one
 * stops working), valid for 7 days from now, in a new welcome mail.
 * Replies `{userId, userName, state, invitedAt, expiresAt}`; 404 for no
 * such user, 409 for a user who already accepted.
 */
void
msi_demo_scim_handle_resend (MsiDemoServer     *server,
                             SoupServerMessage *msg,
                             GHashTable        *params)
{
  g_auto(Scim) ctx = { NULL, };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = NULL;
  g_autofree char *invited_at = NULL;
  g_autofree char *expires_at = NULL;
  MsiDemoUser *admin;
  Resend resend = { NULL, };

  admin = msi_demo_authorize_admin (server, msg);
  if (admin == NULL)
    return;

  if (!scim_init (&ctx, server, admin, &error))
    {
      msi_demo_reply_internal_error (msg, error);
      return;
    }

  resend.ctx = &ctx;
  resend.id = g_hash_table_lookup (params, "id");
  resend.now = msi_demo_now_seconds ();

  if (!msi_demo_store_transaction (ctx.store, resend_in_transaction, &resend, &error))
    {
      g_free (resend.detail);
      g_free (resend.user_name);
      msi_demo_reply_internal_error (msg, error);
      return;
    }

  if (resend.status != 0)
    {
      msi_demo_reply_problem (msg, resend.status, NULL, NULL, resend.detail);
      g_free (resend.detail);
      g_free (resend.user_name);
      return;
    }

  g_message ("invitations: %s sent the invitation of a user again", ctx.admin->email);

  invited_at = format_unix_utc (resend.now);
  expires_at = format_unix_utc (resend.now + MSI_DEMO_SCIM_INVITATION_LIFETIME);
  reply = json_object_new ();
  json_object_set_string_member (reply, "userId", resend.id);
  json_object_set_string_member (reply, "userName", resend.user_name);
  json_object_set_string_member (reply, "state", "pending");
  json_object_set_string_member (reply, "invitedAt", invited_at);
  json_object_set_string_member (reply, "expiresAt", expires_at);
  msi_demo_reply_object (msg, SOUP_STATUS_OK, reply);
  g_free (resend.user_name);
}

/*
 * For the activation (msi-demo-activation.c)
 */

/**
 * msi_demo_scim_lookup_user:
 * @state: (out): whether @user_name is an active user, invited, or neither
 */
gboolean
msi_demo_scim_lookup_user (MsiDemoStore          *store,
                           const char            *user_name,
                           MsiDemoScimUserState  *state,
                           GError               **error)
{
  g_autofree char *id = NULL;
  gboolean active = FALSE;

  g_return_val_if_fail (MSI_IS_DEMO_STORE (store), FALSE);

  *state = MSI_DEMO_SCIM_USER_NONE;
  if (!find_user_by_name (store, user_name, &id, &active, error))
    return FALSE;

  if (id != NULL)
    *state = active ? MSI_DEMO_SCIM_USER_ACTIVE : MSI_DEMO_SCIM_USER_INVITED;

  return TRUE;
}

/**
 * msi_demo_scim_insert_invited_user:
 * @origin: "activation" (or "scim")
 * @user_id: (out): the new user's id
 *
 * Adds an invited user to Everyone; the caller records the invitation
 * token and sends the mail. Must run in the caller's transaction, which
 * also updates the usage.
 */
gboolean
msi_demo_scim_insert_invited_user (MsiDemoStore  *store,
                                   const char    *user_name,
                                   const char    *given_name,
                                   const char    *family_name,
                                   const char    *origin,
                                   const char    *invited_by,
                                   gint64         now,
                                   char         **user_id,
                                   GError       **error)
{
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autofree char *id = new_id ("usr_");
  g_autofree char *formatted = format_name (given_name, family_name);
  g_autofree char *now_text = format_unix_utc (now);

  g_return_val_if_fail (MSI_IS_DEMO_STORE (store), FALSE);

  insert = msi_demo_store_prepare (store,
                                   "INSERT INTO scim_users (id, user_name, given_name, family_name, formatted_name,"
                                   " active, team_id, origin, invited_at, invited_by, expires_at, created_at,"
                                   " modified_at)"
                                   " VALUES (?1, ?2, ?3, ?4, ?5, 0, ?6, ?7, ?8, ?9, ?10, ?8, ?8)",
                                   "prepare to add an invited user", error);
  if (insert == NULL)
    return FALSE;

  sqlite3_bind_text (insert, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 2, user_name, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 3, given_name, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 4, family_name, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 5, formatted, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 6, MSI_DEMO_SCIM_EVERYONE_ID, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 7, origin, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 8, now_text, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 9, invited_by, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (insert, 10, now + MSI_DEMO_SCIM_INVITATION_LIFETIME);

  if (!msi_demo_store_step_done (store, insert, "add an invited user", error))
    return FALSE;

  *user_id = g_steal_pointer (&id);

  return TRUE;
}

/*
 * Test hooks
 */

/**
 * msi_demo_scim_handle_faults:
 *
 * `PUT /__demo/scim/faults` (MSI_DEMO_TEST_HOOKS=1 only), every member
 * optional (a missing one keeps its value): `{"status500": N,
 * "status429": N, "retryAfter": S, "dropConnection": N, "loseReply": N,
 * "latencyMs": M, "seatLimit": L | null}`. The next N requests to
 * /scim/v2/ answer 500, 429 with Retry-After: S, lose their connection
 * without a reply, or are carried out and then lose their connection
 * before the reply; each request takes one fault, in that order. Every
 * /scim/v2/ reply waits M ms more; seatLimit replaces limits.seats, for
 * invitations and in GET /api/v1/account (null: the account's again). Replies with the faults in effect.
 */
void
msi_demo_scim_handle_faults (MsiDemoServer     *server,
                             SoupServerMessage *msg,
                             GHashTable        *params)
{
  static const struct
  {
    const char *name;
    gint64      max;
  } counts[] = {
    { "status500",      MAX_FAULT_COUNT },
    { "status429",      MAX_FAULT_COUNT },
    { "dropConnection", MAX_FAULT_COUNT },
    { "loseReply",      MAX_FAULT_COUNT },
    { "retryAfter",     MAX_RETRY_AFTER },
    { "latencyMs",      MAX_LATENCY_MS },
  };
  State *state;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) reply = json_object_new ();
  gint64 values[G_N_ELEMENTS (counts)];
  JsonNode *seat_limit;

  if (!msi_demo_check_test_hooks (server, msg))
    return;

  body = msi_demo_read_json_object (msg, FALSE);
  if (body == NULL)
    return;

  state = get_state (server);
  values[0] = state->remaining[FAULT_500];
  values[1] = state->remaining[FAULT_429];
  values[2] = state->remaining[FAULT_DROP];
  values[3] = state->remaining[FAULT_LOSE_REPLY];
  values[4] = state->retry_after;
  values[5] = state->latency_ms;

  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    {
      JsonNode *node = json_object_get_member (body, counts[i].name);

      if (node == NULL)
        continue;

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
          json_node_get_int (node) < 0 || json_node_get_int (node) > counts[i].max)
        {
          g_autofree char *detail = g_strdup_printf ("“%s” must be a whole number from 0 to %" G_GINT64_FORMAT ".",
                                                     counts[i].name, counts[i].max);

          msi_demo_reply_problem (msg, SOUP_STATUS_BAD_REQUEST, NULL, NULL, detail);
          return;
        }

      values[i] = json_node_get_int (node);
    }

  seat_limit = json_object_get_member (body, "seatLimit");
  if (seat_limit != NULL && !JSON_NODE_HOLDS_NULL (seat_limit) &&
      (!JSON_NODE_HOLDS_VALUE (seat_limit) || json_node_get_value_type (seat_limit) != G_TYPE_INT64 ||
       json_node_get_int (seat_limit) < 0))
    {
      msi_demo_reply_problem (msg, SOUP_STATUS_BAD_REQUEST, NULL, NULL,
                              "“seatLimit” must be a whole number, 0 or more, or null.");
      return;
    }

  state->remaining[FAULT_500] = (guint)values[0];
  state->remaining[FAULT_429] = (guint)values[1];
  state->remaining[FAULT_DROP] = (guint)values[2];
  state->remaining[FAULT_LOSE_REPLY] = (guint)values[3];
  state->retry_after = (guint)values[4];
  state->latency_ms = (guint)values[5];
  if (seat_limit != NULL)
    state->seat_limit = JSON_NODE_HOLDS_NULL (seat_limit) ? -1 : json_node_get_int (seat_limit);

  g_message ("SCIM faults: %u × 500, %u × 429 (Retry-After %u), %u dropped, %u replies lost, %u ms, "
             "seat limit %" G_GINT64_FORMAT,
             state->remaining[FAULT_500], state->remaining[FAULT_429], state->retry_after,
             state->remaining[FAULT_DROP], state->remaining[FAULT_LOSE_REPLY], state->latency_ms,
             state->seat_limit);

  for (guint i = 0; i < N_FAULTS; i++)
    json_object_set_int_member (reply, fault_names[i], state->remaining[i]);
  json_object_set_int_member (reply, "retryAfter", state->retry_after);
  json_object_set_int_member (reply, "latencyMs", state->latency_ms);
  if (state->seat_limit >= 0)
    json_object_set_int_member (reply, "seatLimit", state->seat_limit);
  else
    json_object_set_null_member (reply, "seatLimit");
  msi_demo_reply_object (msg, SOUP_STATUS_OK, reply);
}

static const char * const seed_given_names[] = {
  "Ada", "Bram", "Chloé", "Daan", "Emma", "Femke", "Gijs", "Hana", "Ines", "Jonas", "Kiki", "Lars",
  "Mila", "Noah", "Olga", "Pim", "Rosa", "Sven", "Tess", "Umar", "Vera", "Wout", "Yara", "Zoë",
};

static const char * const seed_family_names[] = {
  "Aydın", "Bos", "Claes", "Dekker", "Evers", "Fournier", "Groen", "Hendriks", "Ivanova", "Jacobs",
  "Kuipers", "Lambert", "Meijer", "Nowak", "Ortiz", "Peeters", "Quint", "Reuter", "Schouten", "Tan",
};

typedef struct
{
  guint  n_users;
  guint  first;
  gint64 total;
} Seed;

static gboolean
seed_in_transaction (MsiDemoStore  *store,
                     gpointer       user_data,
                     GError       **error)
{
  Seed *seed = user_data;
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autofree char *now_text = msi_demo_format_now_utc ();
  gint64 existing = 0;

  if (!count_table (store, "SELECT COUNT(*) FROM scim_users WHERE origin = 'load'", &existing, error))
    return FALSE;

  seed->first = (guint)existing + 1;
  insert = msi_demo_store_prepare (store,
                                   "INSERT INTO scim_users (id, user_name, given_name, family_name, formatted_name,"
                                   " active, team_id, origin, created_at, modified_at)"
                                   " VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6, 'load', ?7, ?7)",
                                   "prepare to add users", error);
  if (insert == NULL)
    return FALSE;

  for (guint i = 0; i < seed->n_users; i++)
    {
      guint number = seed->first + i;
      const char *given = seed_given_names[number % G_N_ELEMENTS (seed_given_names)];
      const char *family = seed_family_names[(number / G_N_ELEMENTS (seed_given_names)) %
                                             G_N_ELEMENTS (seed_family_names)];
      g_autofree char *id = g_strdup_printf ("usr_ld%010u", number);
      g_autofree char *user_name = g_strdup_printf ("user%06u@load.northwind.example", number);
      g_autofree char *formatted = format_name (given, family);

      sqlite3_bind_text (insert, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 2, user_name, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 3, given, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 4, family, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 5, formatted, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 6, MSI_DEMO_SCIM_EVERYONE_ID, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 7, now_text, -1, SQLITE_STATIC);

      if (!msi_demo_store_step_done (store, insert, "add users", error))
        return FALSE;
    }

  return msi_demo_store_update_usage (store, error) &&
         count_table (store, "SELECT COUNT(*) FROM scim_users", &seed->total, error);
}

/**
 * msi_demo_scim_handle_seed:
 *
 * `POST /__demo/scim/seed {"users": N}` (MSI_DEMO_TEST_HOOKS=1 only):
 * adds N active users (user000001@load.northwind.example on, in
 * Everyone) in one transaction, whatever the seat limit. Replies
 * `{added, totalUsers}`.
 */
void
msi_demo_scim_handle_seed (MsiDemoServer     *server,
                           SoupServerMessage *msg,
                           GHashTable        *params)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) reply = json_object_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *users;
  Seed seed = { 0, };

  if (!msi_demo_check_test_hooks (server, msg))
    return;

  body = msi_demo_read_json_object (msg, FALSE);
  if (body == NULL)
    return;

  users = json_object_get_member (body, "users");
  if (users == NULL || !JSON_NODE_HOLDS_VALUE (users) || json_node_get_value_type (users) != G_TYPE_INT64 ||
      json_node_get_int (users) < 1 || json_node_get_int (users) > MAX_SEED_USERS)
    {
      g_autofree char *detail = g_strdup_printf ("“users” must be a whole number from 1 to %d.", MAX_SEED_USERS);

      msi_demo_reply_problem (msg, SOUP_STATUS_BAD_REQUEST, NULL, NULL, detail);
      return;
    }

  seed.n_users = (guint)json_node_get_int (users);
  if (!msi_demo_store_transaction (msi_demo_server_get_store (server), seed_in_transaction, &seed, &error))
    {
      msi_demo_reply_internal_error (msg, error);
      return;
    }

  g_message ("SCIM: added %u users for a test", seed.n_users);
  json_object_set_int_member (reply, "added", seed.n_users);
  json_object_set_int_member (reply, "totalUsers", seed.total);
  msi_demo_reply_object (msg, SOUP_STATUS_OK, reply);
}

static JsonObject *
counts_object (GHashTable *table)
{
  JsonObject *object = json_object_new ();
  GHashTableIter iter;
  gpointer key;
  gpointer value;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, &value))
    json_object_set_int_member (object, key, GPOINTER_TO_UINT (value));

  return object;
}

/**
 * msi_demo_scim_handle_get_stats:
 *
 * `GET /__demo/scim/stats` (MSI_DEMO_TEST_HOOKS=1 only): `{requests:
 * {"GET /scim/v2/Users": n, …}, userListRequests: [{startIndex, count,
 * filter}], created: {userName: n}, conflicts: {userName: n},
 * faultsInjected: {status500, status429, dropConnection, loseReply}}`
 * since the start or the last `DELETE /__demo/scim/stats`. userNames are
 * in lower case. created counts users a POST (alone or in
 * a Bulk request) created; conflicts counts the 409 uniqueness answers.
 */
void
msi_demo_scim_handle_get_stats (MsiDemoServer     *server,
                                SoupServerMessage *msg,
                                GHashTable        *params)
{
  g_autoptr(JsonObject) reply = json_object_new ();
  JsonObject *faults = json_object_new ();
  State *state;

  if (!msi_demo_check_test_hooks (server, msg))
    return;

  state = get_state (server);
  json_object_set_object_member (reply, "requests", counts_object (state->requests));
  json_object_set_array_member (reply, "userListRequests", json_array_ref (state->list_requests));
  json_object_set_object_member (reply, "created", counts_object (state->created));
  json_object_set_object_member (reply, "conflicts", counts_object (state->conflicts));
  for (guint i = 0; i < N_FAULTS; i++)
    json_object_set_int_member (faults, fault_names[i], state->injected[i]);
  json_object_set_object_member (reply, "faultsInjected", faults);
  msi_demo_reply_object (msg, SOUP_STATUS_OK, reply);
}

void
msi_demo_scim_handle_reset_stats (MsiDemoServer     *server,
                                  SoupServerMessage *msg,
                                  GHashTable        *params)
{
  if (!msi_demo_check_test_hooks (server, msg))
    return;

  state_reset_stats (get_state (server));
  soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
}

/**
 * msi_demo_scim_handle_invitation_token:
 *
 * `GET /__demo/invitations/{token}` (MSI_DEMO_TEST_HOOKS=1 only): the
 * invitation a link's token belongs to, `{email, kind, userId, expiresAt,
 * expired}`, or 404 when the token is not (or no longer) one: the SCIM
 * tests check with it that a resend's new link works and the old one ends.
 */
void
msi_demo_scim_handle_invitation_token (MsiDemoServer     *server,
                                       SoupServerMessage *msg,
                                       GHashTable        *params)
{
  MsiDemoStore *store = msi_demo_server_get_store (server);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *expires_at = NULL;
  int rc;

  if (!msi_demo_check_test_hooks (server, msg))
    return;

  hash = msi_demo_sha256_hex (g_hash_table_lookup (params, "token"));
  stmt = msi_demo_store_prepare (store,
                                 "SELECT email, kind, user_id, expires_at FROM invitations"
                                 " WHERE token_sha256 = ?1 AND used_at IS NULL",
                                 "look for an invitation", &error);
  if (stmt == NULL)
    {
      msi_demo_reply_internal_error (msg, error);
      return;
    }

  sqlite3_bind_text (stmt, 1, hash, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      msi_demo_reply_problem (msg, SOUP_STATUS_NOT_FOUND, NULL, NULL,
                              "This invitation link does not work: it was replaced, revoked or never sent.");
      return;
    }
  if (rc != SQLITE_ROW)
    {
      msi_demo_store_fail (store, "look for an invitation", &error);
      msi_demo_reply_internal_error (msg, error);
      return;
    }

  expires_at = format_unix_utc (sqlite3_column_int64 (stmt, 3));
  reply = json_object_new ();
  json_object_set_string_member (reply, "email", column_text (stmt, 0));
  json_object_set_string_member (reply, "kind", column_text (stmt, 1));
  json_object_set_member (reply, "userId", msi_demo_store_column_nullable_text (stmt, 2));
  json_object_set_string_member (reply, "expiresAt", expires_at);
  json_object_set_boolean_member (reply, "expired", sqlite3_column_int64 (stmt, 3) <= msi_demo_now_seconds ());
  msi_demo_reply_object (msg, SOUP_STATUS_OK, reply);
}
