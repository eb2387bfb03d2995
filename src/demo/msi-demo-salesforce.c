/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-demo-salesforce.c: the demo Salesforce orgs' REST and Tooling APIs and the package install page */

#define G_LOG_DOMAIN "msi-demo-salesforce"

#include "config.h"

#include "msi-demo-salesforce.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "msi-demo-http.h"
#include "msi-demo-store-private.h"

/*
 * The REST API of the demo orgs, below the token reply's instance_url
 * ({base}/salesforce), with Salesforce's paths and shapes (api-notes
 * §1.7–1.11):
 *
 *   GET  /services/data/                                 versions, no token
 *   GET  /services/data/vNN.0/query?q=SOQL               bearer
 *   GET  /services/data/vNN.0/query/{locator}            the next batch
 *   GET  /services/data/vNN.0/tooling/query?q=SOQL       bearer
 *   GET  /services/data/vNN.0/tooling/query/{locator}
 *   GET  /packaging/installPackage.apexp?p0=04t…         install page
 *   POST /packaging/installPackage.apexp?p0=04t…         Install for Admins Only
 *   POST /__demo/salesforce/faults                       MSI_DEMO_TEST_HOOKS only
 *
 * Queries are read by a small SOQL recognizer, enough for the queries the
 * app sends: SELECT fields FROM User | InstalledSubscriberPackage |
 * RemoteProxy (the last two on /tooling/query), with an
 * optional WHERE field = 'value', ORDER BY field [ASC|DESC] and LIMIT n.
 * Anything else is MALFORMED_QUERY (or INVALID_FIELD, INVALID_TYPE).
 * Results come in batches of 2000, or of the Sforce-Query-Options
 * batchSize; the rest waits behind a query locator in memory.
 */

#define STATE_KEY             "msi-demo-salesforce"
#define OLDEST_VERSION        31
#define NEWEST_VERSION        62
#define DEFAULT_BATCH_SIZE    2000
#define MAX_CURSORS           64
#define LOCATOR_ID_LENGTH     18
#define GENERATED_USERS       480
#define PAGE_CSP              "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; " \
                              "frame-ancestors 'none'; base-uri 'none'"

/*
 * The orgs and profiles of the seeded Salesforce users
 */

#define NORTHWIND_ORG_ID   MSI_DEMO_SALESFORCE_ORG_ID
#define SANDBOX_ORG_ID     "00D8d0000001SbxEAE"
#define PE_ORG_ID          "00D4x0000002PrEEAU"
#define PROFILE_ADMIN_ID   "00e5j000001AdmnAAC"
#define PROFILE_STANDARD   "00e5j000001StdUAAS"
#define PROFILE_NO_API     "00e5j000001NoApAAK"

static const MsiDemoSalesforceOrgUser org_users[] = {
  { "admin@northwind.example", NORTHWIND_ORG_ID, "Northwind Traders", "Enterprise Edition",
    FALSE, TRUE, PROFILE_ADMIN_ID, "System Administrator", TRUE, TRUE },
  { "rep@northwind.example", NORTHWIND_ORG_ID, "Northwind Traders", "Enterprise Edition",
    FALSE, TRUE, PROFILE_STANDARD, "Standard User", FALSE, FALSE },
  { "noapi@northwind.example", NORTHWIND_ORG_ID, "Northwind Traders", "Enterprise Edition",
    FALSE, TRUE, PROFILE_NO_API, "Sales User (no API)", FALSE, FALSE },
  { "sandbox@northwind.example", SANDBOX_ORG_ID, "Northwind Traders (UAT sandbox)", "Enterprise Edition",
    TRUE, TRUE, PROFILE_ADMIN_ID, "System Administrator", TRUE, TRUE },
  { "pe@northwind.example", PE_ORG_ID, "Northwind Traders", "Professional Edition",
    FALSE, FALSE, PROFILE_ADMIN_ID, "System Administrator", TRUE, TRUE },
  /* Onboarding (msi-demo-onboarding.c): an invited rep whose profile has
   * no API Enabled, and one whose Salesforce e-mail is not her Sales
   * account's. */
  { "tomas.eriksen@northwind.example", NORTHWIND_ORG_ID, "Northwind Traders", "Enterprise Edition",
    FALSE, TRUE, PROFILE_NO_API, "Sales User (no API)", FALSE, FALSE },
  { "l.hoffmann@northwind-crm.example", NORTHWIND_ORG_ID, "Northwind Traders", "Enterprise Edition",
    FALSE, TRUE, PROFILE_STANDARD, "Standard User", FALSE, FALSE },
};

/**
 * msi_demo_salesforce_find_org_user:
 * @email: a Salesforce username
 *
 * Returns: (nullable): the org facts of a seeded Salesforce user
 */
const MsiDemoSalesforceOrgUser *
msi_demo_salesforce_find_org_user (const char *email)
{
  for (guint i = 0; i < G_N_ELEMENTS (org_users); i++)
    {
      if (email != NULL && g_ascii_strcasecmp (org_users[i].email, email) == 0)
        return &org_users[i];
    }

  return NULL;
}

/* The packages the install page offers, by version id. */
typedef struct
{
  const char *version_id;
  const char *package_id;
  const char *namespace;
  const char *name;
  const char *version_name;
  int         major;
  int         minor;
  int         patch;
  int         build;
} Installable;

static const Installable installables[] = {
  { MSI_DEMO_SALESFORCE_MSI_VERSION_ID, "0330b000000JmQ2AAK", "mkto_si", "Marketo Sales Insight",
    "Marketo Sales Insight 2.6.0", 2, 6, 0, 1 },
};

/*
 * Per-server state: test faults, query locators, install form tokens
 */

typedef struct
{
  char      *email;
  gboolean   tooling;
  JsonArray *records;
  guint      batch_size;
} Cursor;

typedef struct
{
  gboolean    request_limit;
  gboolean    expire_next;
  /* SHA-256 (hex) of access tokens the expireTokens fault expired */
  GHashTable *expired;
  /* locator id → Cursor* */
  GHashTable *cursors;
  /* SHA-256 (hex) of an install form's token → version id */
  GHashTable *install_tokens;
} State;

static void
cursor_free (Cursor *cursor)
{
  g_free (cursor->email);
  g_clear_pointer (&cursor->records, json_array_unref);
  g_free (cursor);
}

static void
state_free (State *state)
{
  g_clear_pointer (&state->expired, g_hash_table_unref);
  g_clear_pointer (&state->cursors, g_hash_table_unref);
  g_clear_pointer (&state->install_tokens, g_hash_table_unref);
  g_free (state);
}

static State *
get_state (MsiDemoServer *server)
{
  State *state = g_object_get_data (G_OBJECT (server), STATE_KEY);

  if (state == NULL)
    {
      state = g_new0 (State, 1);
      state->expired = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      state->cursors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)cursor_free);
      state->install_tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_object_set_data_full (G_OBJECT (server), STATE_KEY, state, (GDestroyNotify)state_free);
    }

  return state;
}

/*
 * Replies in Salesforce's shapes
 */

/* The REST error array: [{"message", "errorCode"}]. */
static void
reply_error (SoupServerMessage *msg,
             guint              status,
             const char        *error_code,
             const char        *message)
{
  g_autoptr(JsonArray) errors = json_array_new ();
  g_autoptr(JsonObject) error = json_object_new ();
  g_autoptr(JsonNode) node = NULL;

  json_object_set_string_member (error, "message", message);
  json_object_set_string_member (error, "errorCode", error_code);
  json_array_add_object_element (errors, g_steal_pointer (&error));
  node = json_node_init_array (json_node_alloc (), errors);

  if (status == SOUP_STATUS_UNAUTHORIZED)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg), "WWW-Authenticate", "Token");

  msi_demo_reply_json (msg, status, NULL, node);
}

static void
reply_store_error (SoupServerMessage *msg,
                   const GError      *error)
{
  g_warning ("%s %s failed: %s", soup_server_message_get_method (msg),
             g_uri_get_path (soup_server_message_get_uri (msg)), error->message);
  reply_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "UNKNOWN_EXCEPTION",
               "An unexpected error occurred. Please include this ErrorId if you contact support: "
               "1984311230-1337 (-1054623717)");
}

static const char *
get_bearer (SoupServerMessage *msg)
{
  const char *value = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                    "Authorization");

  if (value == NULL || g_ascii_strncasecmp (value, "Bearer ", 7) != 0)
    return NULL;

  value += 7;
  while (*value == ' ')
    value++;

  return *value != '\0' ? value : NULL;
}

/* The signed-in user of a REST call, or %NULL after replying as Salesforce
 * does: 401 for a bad token, 403 when the org or the user has no API, or
 * when the org used up its daily requests. */
static MsiDemoUser *
authorize_rest (MsiDemoServer     *server,
                SoupServerMessage *msg)
{
  State *state = get_state (server);
  const char *bearer = get_bearer (msg);
  const MsiDemoSalesforceOrgUser *org_user;
  g_autoptr(MsiDemoUser) user = NULL;

  if (bearer != NULL)
    {
      g_autofree char *hash = msi_demo_sha256_hex (bearer);

      if (state->expire_next)
        {
          /* The expireTokens fault: this token's session ends now. */
          state->expire_next = FALSE;
          g_hash_table_add (state->expired, g_strdup (hash));
          g_message ("salesforce: expired a session, as asked");
        }

      if (g_hash_table_contains (state->expired, hash))
        {
          reply_error (msg, SOUP_STATUS_UNAUTHORIZED, "INVALID_SESSION_ID", "Session expired or invalid");
          return NULL;
        }
    }

  user = msi_demo_auth_server_authenticate (msi_demo_server_get_auth_server (server),
                                            MSI_DEMO_PROVIDER_SALESFORCE, msg);
  if (user == NULL)
    return NULL;

  org_user = msi_demo_salesforce_find_org_user (user->email);
  if (org_user != NULL && !org_user->org_api_enabled)
    {
      reply_error (msg, SOUP_STATUS_FORBIDDEN, "API_DISABLED_FOR_ORG",
                   "The REST API is not enabled for this Organization.");
      return NULL;
    }

  if (!user->api_enabled)
    {
      reply_error (msg, SOUP_STATUS_FORBIDDEN, "API_CURRENTLY_DISABLED", "API is disabled for this User");
      return NULL;
    }

  if (state->request_limit)
    {
      reply_error (msg, SOUP_STATUS_FORBIDDEN, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.");
      return NULL;
    }

  return g_steal_pointer (&user);
}

/* "v62.0" or "latest" → 62; 0 when the path names no version the orgs have. */
static guint
parse_version (const char *text)
{
  guint64 major;
  char *end = NULL;

  if (g_strcmp0 (text, "latest") == 0)
    return NEWEST_VERSION;

  if (text == NULL || text[0] != 'v' || !g_ascii_isdigit (text[1]))
    return 0;

  major = g_ascii_strtoull (text + 1, &end, 10);
  if (end == NULL || !g_str_equal (end, ".0") || major < OLDEST_VERSION || major > NEWEST_VERSION)
    return 0;

  return (guint)major;
}

/* Salesforce's release names: three a year, Winter '25 being v62.0. */
static char *
version_label (guint version)
{
  static const char * const seasons[] = { "Winter", "Summer", "Spring" };
  guint back = NEWEST_VERSION - version;
  guint season = back % 3;
  guint year = (season == 0 ? 25 : 24) - back / 3;

  return g_strdup_printf ("%s '%02u", seasons[season], year);
}

/**
 * msi_demo_salesforce_handle_versions:
 *
 * `GET /services/data/`: the API versions, oldest first; no token needed.
 */
void
msi_demo_salesforce_handle_versions (MsiDemoServer     *server,
                                     SoupServerMessage *msg,
                                     GHashTable        *params)
{
  g_autoptr(JsonArray) versions = json_array_new ();
  g_autoptr(JsonNode) node = NULL;

  for (guint v = OLDEST_VERSION; v <= NEWEST_VERSION; v++)
    {
      g_autoptr(JsonObject) version = json_object_new ();
      g_autofree char *label = version_label (v);
      g_autofree char *url = g_strdup_printf ("/services/data/v%u.0", v);
      g_autofree char *number = g_strdup_printf ("%u.0", v);

      json_object_set_string_member (version, "label", label);
      json_object_set_string_member (version, "url", url);
      json_object_set_string_member (version, "version", number);
      json_array_add_object_element (versions, g_steal_pointer (&version));
    }

  node = json_node_init_array (json_node_alloc (), versions);
  msi_demo_reply_json (msg, SOUP_STATUS_OK, NULL, node);
}

/*
 * The objects a query can read
 */

typedef struct
{
  const char          *name;
  gboolean             tooling;  /* on /tooling/query, else on /query */
  const char * const  *fields;   /* canonical names; "Rel.Field" for relationships */
} SObject;

static const char * const user_fields[] = {
  "Id", "Name", "Email", "Username", "IsActive", "ProfileId",
  "Profile.Id", "Profile.Name", "Profile.PermissionsApiEnabled",
  "Profile.PermissionsModifyAllData", "Profile.PermissionsCustomizeApplication",
  NULL
};

static const char * const package_fields[] = {
  "Id", "SubscriberPackageId",
  "SubscriberPackage.Id", "SubscriberPackage.NamespacePrefix", "SubscriberPackage.Name",
  "SubscriberPackageVersion.Id", "SubscriberPackageVersion.Name",
  "SubscriberPackageVersion.MajorVersion", "SubscriberPackageVersion.MinorVersion",
  "SubscriberPackageVersion.PatchVersion", "SubscriberPackageVersion.BuildNumber",
  NULL
};

static const char * const remote_site_fields[] = {
  "Id", "SiteName", "EndpointUrl", "IsActive", "Description",
  NULL
};

static const SObject sobjects[] = {
  { "User", FALSE, user_fields },
  { "InstalledSubscriberPackage", TRUE, package_fields },
  { "RemoteProxy", TRUE, remote_site_fields },
};

static JsonObject *
new_attributes (const char *type,
                const char *api_version,
                gboolean    tooling,
                const char *id)
{
  JsonObject *attributes = json_object_new ();
  g_autofree char *url = g_strdup_printf ("/services/data/v%s/%ssobjects/%s/%s",
                                          api_version, tooling ? "tooling/" : "", type, id);

  json_object_set_string_member (attributes, "type", type);
  json_object_set_string_member (attributes, "url", url);

  return attributes;
}

/* A User with every field, for the projection below. */
static JsonObject *
build_user_row (const char *api_version,
                const char *id,
                const char *name,
                const char *email,
                const char *profile_id,
                const char *profile_name,
                gboolean    api_enabled,
                gboolean    modify_all_data,
                gboolean    customize_application)
{
  JsonObject *row = json_object_new ();
  JsonObject *profile = json_object_new ();

  json_object_set_object_member (profile, "attributes", new_attributes ("Profile", api_version, FALSE, profile_id));
  json_object_set_string_member (profile, "Id", profile_id);
  json_object_set_string_member (profile, "Name", profile_name);
  json_object_set_boolean_member (profile, "PermissionsApiEnabled", api_enabled);
  json_object_set_boolean_member (profile, "PermissionsModifyAllData", modify_all_data);
  json_object_set_boolean_member (profile, "PermissionsCustomizeApplication", customize_application);

  json_object_set_object_member (row, "attributes", new_attributes ("User", api_version, FALSE, id));
  json_object_set_string_member (row, "Id", id);
  json_object_set_string_member (row, "Name", name);
  json_object_set_string_member (row, "Email", email);
  json_object_set_string_member (row, "Username", email);
  json_object_set_boolean_member (row, "IsActive", TRUE);
  json_object_set_string_member (row, "ProfileId", profile_id);
  json_object_set_object_member (row, "Profile", profile);

  return row;
}

/* The users of @org_id: its seeded users, and enough generated colleagues
 * that listing them takes more than one batch. */
static GPtrArray *
load_users (MsiDemoStore  *store,
            const char    *org_id,
            const char    *api_version,
            GError       **error)
{
  static const char * const first_names[] = {
    "Alex", "Blake", "Casey", "Dana", "Eden", "Finley", "Gray", "Harper", "Indigo", "Jordan",
    "Kai", "Logan", "Morgan", "Nico", "Oakley", "Parker", "Quinn", "Reese", "Sage", "Taylor",
  };
  static const char * const last_names[] = {
    "Abbott", "Brooks", "Carver", "Dalton", "Ellis", "Foster", "Garner", "Hayes", "Ingram",
    "Jensen", "Keller", "Lawson", "Mercer", "Nolan", "Osborne", "Porter", "Quincy", "Ramsey",
    "Sutton", "Tucker", "Underwood", "Vance", "Whitaker", "Young",
  };
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify)json_object_unref);

  G_STATIC_ASSERT (G_N_ELEMENTS (first_names) * G_N_ELEMENTS (last_names) >= GENERATED_USERS);

  for (guint i = 0; i < G_N_ELEMENTS (org_users); i++)
    {
      const MsiDemoSalesforceOrgUser *org_user = &org_users[i];
      g_autoptr(MsiDemoUser) user = NULL;

      if (!g_str_equal (org_user->org_id, org_id))
        continue;

      user = msi_demo_store_dup_user (store, "salesforce", org_user->email, error);
      if (user == NULL && error != NULL && *error != NULL)
        {
          g_ptr_array_unref (rows);
          return NULL;
        }
      if (user == NULL)
        continue;

      g_ptr_array_add (rows, build_user_row (api_version, user->id, user->name, user->email,
                                             org_user->profile_id, org_user->profile_name,
                                             user->api_enabled, org_user->modify_all_data,
                                             org_user->customize_application));
    }

  for (guint i = 0; i < GENERATED_USERS; i++)
    {
      const char *first = first_names[i % G_N_ELEMENTS (first_names)];
      const char *last = last_names[i / G_N_ELEMENTS (first_names)];
      g_autofree char *id = g_strdup_printf ("0055j00000G%04uAAQ", i);
      g_autofree char *name = g_strdup_printf ("%s %s", first, last);
      g_autofree char *local = g_strdup_printf ("%s.%s", first, last);
      g_autofree char *lower = g_ascii_strdown (local, -1);
      g_autofree char *email = g_strconcat (lower, "@northwind.example", NULL);

      g_ptr_array_add (rows, build_user_row (api_version, id, name, email, PROFILE_STANDARD,
                                             "Standard User", TRUE, FALSE, FALSE));
    }

  return rows;
}

static GPtrArray *
load_packages (MsiDemoStore  *store,
               const char    *api_version,
               GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify)json_object_unref);
  int rc;

  stmt = msi_demo_store_prepare (store,
                                 "SELECT package_id, namespace, name, version_id, version_name,"
                                 "       major, minor, patch, build"
                                 "  FROM salesforce_packages"
                                 " ORDER BY package_id",
                                 "read the installed packages", error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *package_id = (const char *)sqlite3_column_text (stmt, 0);
      const char *version_id = (const char *)sqlite3_column_text (stmt, 3);
      JsonObject *row = json_object_new ();
      JsonObject *package = json_object_new ();
      JsonObject *version = json_object_new ();
      /* InstalledSubscriberPackage ids start with 0A3. */
      g_autofree char *id = g_strconcat ("0A3", package_id + 3, NULL);

      json_object_set_object_member (package, "attributes",
                                     new_attributes ("SubscriberPackage", api_version, TRUE, package_id));
      json_object_set_string_member (package, "Id", package_id);
      json_object_set_member (package, "NamespacePrefix", msi_demo_store_column_nullable_text (stmt, 1));
      json_object_set_string_member (package, "Name", (const char *)sqlite3_column_text (stmt, 2));

      json_object_set_object_member (version, "attributes",
                                     new_attributes ("SubscriberPackageVersion", api_version, TRUE, version_id));
      json_object_set_string_member (version, "Id", version_id);
      json_object_set_string_member (version, "Name", (const char *)sqlite3_column_text (stmt, 4));
      json_object_set_int_member (version, "MajorVersion", sqlite3_column_int (stmt, 5));
      json_object_set_int_member (version, "MinorVersion", sqlite3_column_int (stmt, 6));
      json_object_set_int_member (version, "PatchVersion", sqlite3_column_int (stmt, 7));
      json_object_set_int_member (version, "BuildNumber", sqlite3_column_int (stmt, 8));

      json_object_set_object_member (row, "attributes",
                                     new_attributes ("InstalledSubscriberPackage", api_version, TRUE, id));
      json_object_set_string_member (row, "Id", id);
      json_object_set_string_member (row, "SubscriberPackageId", package_id);
      json_object_set_object_member (row, "SubscriberPackage", package);
      json_object_set_object_member (row, "SubscriberPackageVersion", version);

      g_ptr_array_add (rows, row);
    }

  if (rc != SQLITE_DONE)
    {
      msi_demo_store_fail (store, "read the installed packages", error);
      return NULL;
    }

  return g_steal_pointer (&rows);
}

/* The org's Remote Site Settings (Tooling RemoteProxy): Marketo's REST
 * host and, already set up, the demo Sales account itself, so that the
 * app's configuration checklist can verify that item. */
static GPtrArray *
load_remote_sites (MsiDemoServer *server,
                   const char    *api_version)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify)json_object_unref);
  g_autofree char *base_uri = msi_demo_server_dup_base_uri (server);
  const struct {
    const char *id;
    const char *name;
    const char *url;
    const char *description;
  } sites[] = {
    { "0rp5j000000DmMktAAF", "Marketo", "https://284-rpr-133.mktorest.com", "Marketo REST API" },
    { "0rp5j000000DmMsiAAB", "MSI_Actions", base_uri, "Marketo Sales Insight Actions" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (sites); i++)
    {
      JsonObject *row = json_object_new ();

      json_object_set_object_member (row, "attributes",
                                     new_attributes ("RemoteProxy", api_version, TRUE, sites[i].id));
      json_object_set_string_member (row, "Id", sites[i].id);
      json_object_set_string_member (row, "SiteName", sites[i].name);
      json_object_set_string_member (row, "EndpointUrl", sites[i].url);
      json_object_set_boolean_member (row, "IsActive", TRUE);
      json_object_set_string_member (row, "Description", sites[i].description);
      g_ptr_array_add (rows, row);
    }

  return rows;
}

/*
 * The SOQL recognizer
 */

typedef enum
{
  TOKEN_END,
  TOKEN_WORD,     /* a keyword, a name or a number */
  TOKEN_STRING,   /* 'text', unescaped */
  TOKEN_COMMA,
  TOKEN_EQUALS,
  TOKEN_OTHER,
} TokenKind;

typedef struct
{
  TokenKind  kind;
  char      *text;
} Token;

static void
token_clear (Token *token)
{
  g_clear_pointer (&token->text, g_free);
}

/* Splits @soql into tokens; %FALSE with @problem set for an unclosed
 * string. */
static gboolean
tokenize (const char  *soql,
          GArray      *tokens,
          char       **problem)
{
  const char *p = soql;

  while (TRUE)
    {
      Token token = { TOKEN_END, NULL };

      while (g_ascii_isspace (*p))
        p++;

      if (*p == '\0')
        {
          g_array_append_val (tokens, token);
          return TRUE;
        }

      if (g_ascii_isalnum (*p) || *p == '_')
        {
          const char *start = p;

          while (g_ascii_isalnum (*p) || *p == '_' || *p == '.')
            p++;
          token.kind = TOKEN_WORD;
          token.text = g_strndup (start, p - start);
        }
      else if (*p == '\'')
        {
          GString *text = g_string_new (NULL);

          for (p++; *p != '\'' && *p != '\0'; p++)
            {
              if (*p == '\\' && p[1] != '\0')
                p++;
              g_string_append_c (text, *p);
            }

          if (*p == '\0')
            {
              g_string_free (text, TRUE);
              *problem = g_strdup ("line 1:0 no viable alternative at character '''");
              return FALSE;
            }

          p++;
          token.kind = TOKEN_STRING;
          token.text = g_string_free (text, FALSE);
        }
      else
        {
          token.kind = *p == ',' ? TOKEN_COMMA : *p == '=' ? TOKEN_EQUALS : TOKEN_OTHER;
          token.text = g_strndup (p, g_utf8_next_char (p) - p);
          p = g_utf8_next_char (p);
        }

      g_array_append_val (tokens, token);
    }
}

typedef struct
{
  const SObject *sobject;
  GPtrArray     *fields;       /* canonical names */
  char          *where_field;  /* canonical, or NULL */
  Token          where_value;
  char          *order_field;  /* canonical, or NULL */
  gboolean       descending;
  gint64         limit;        /* -1: none */
} Query;

static void
query_clear (Query *query)
{
  g_clear_pointer (&query->fields, g_ptr_array_unref);
  g_clear_pointer (&query->where_field, g_free);
  token_clear (&query->where_value);
  g_clear_pointer (&query->order_field, g_free);
}

typedef struct
{
  GArray *tokens;
  guint   pos;
} Parser;

static const Token *
peek (Parser *parser)
{
  return &g_array_index (parser->tokens, Token, parser->pos);
}

static const Token *
next (Parser *parser)
{
  const Token *token = peek (parser);

  if (token->kind != TOKEN_END)
    parser->pos++;

  return token;
}

static gboolean
is_keyword (const Token *token,
            const char  *keyword)
{
  return token->kind == TOKEN_WORD && g_ascii_strcasecmp (token->text, keyword) == 0;
}

static char *
unexpected (const Token *token)
{
  if (token->kind == TOKEN_END)
    return g_strdup ("unexpected token: <EOF>");

  return g_strdup_printf ("unexpected token: '%s'", token->text);
}

/* The canonical name of @field on @sobject, or NULL. */
static const char *
find_field (const SObject *sobject,
            const char    *field)
{
  for (guint i = 0; sobject->fields[i] != NULL; i++)
    {
      if (g_ascii_strcasecmp (sobject->fields[i], field) == 0)
        return sobject->fields[i];
    }

  return NULL;
}

typedef enum
{
  QUERY_OK,
  QUERY_MALFORMED,
  QUERY_INVALID_FIELD,
  QUERY_INVALID_TYPE,
} QueryStatus;

static const char *
query_status_code (QueryStatus status)
{
  switch (status)
    {
    case QUERY_INVALID_FIELD:
      return "INVALID_FIELD";
    case QUERY_INVALID_TYPE:
      return "INVALID_TYPE";
    case QUERY_MALFORMED:
    case QUERY_OK:
    default:
      return "MALFORMED_QUERY";
    }
}

static char *
no_such_column (const char *field,
                const char *sobject)
{
  return g_strdup_printf ("No such column '%s' on entity '%s'. If you are attempting to use a custom "
                          "field, be sure to append the '__c' after the custom field name. Please "
                          "reference your WSDL or the describe call for the appropriate names.",
                          field, sobject);
}

/* Reads @soql for the /query (or /tooling/query) endpoint. */
static QueryStatus
parse_query (const char  *soql,
             gboolean     tooling,
             Query       *query,
             char       **problem)
{
  g_autoptr(GArray) tokens = g_array_new (FALSE, TRUE, sizeof (Token));
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  Parser parser = { tokens, 0 };
  const Token *token;
  const SObject *sobject = NULL;

  g_array_set_clear_func (tokens, (GDestroyNotify)token_clear);
  query->limit = -1;

  if (!tokenize (soql, tokens, problem))
    return QUERY_MALFORMED;

  token = next (&parser);
  if (!is_keyword (token, "SELECT"))
    {
      *problem = unexpected (token);
      return QUERY_MALFORMED;
    }

  /* The field list, checked once the object is known. */
  do
    {
      token = next (&parser);
      if (token->kind != TOKEN_WORD || is_keyword (token, "FROM"))
        {
          *problem = unexpected (token);
          return QUERY_MALFORMED;
        }
      g_ptr_array_add (names, token->text);
    }
  while ((token = next (&parser))->kind == TOKEN_COMMA);

  if (!is_keyword (token, "FROM"))
    {
      *problem = unexpected (token);
      return QUERY_MALFORMED;
    }

  token = next (&parser);
  if (token->kind != TOKEN_WORD)
    {
      *problem = unexpected (token);
      return QUERY_MALFORMED;
    }

  for (guint i = 0; i < G_N_ELEMENTS (sobjects); i++)
    {
      if (g_ascii_strcasecmp (sobjects[i].name, token->text) == 0 && sobjects[i].tooling == tooling)
        sobject = &sobjects[i];
    }

  if (sobject == NULL)
    {
      *problem = g_strdup_printf ("sObject type '%s' is not supported. If you are attempting to use a "
                                  "custom object, be sure to append the '__c' after the entity name. "
                                  "Please reference your WSDL or the describe call for the appropriate "
                                  "names.", token->text);
      return QUERY_INVALID_TYPE;
    }

  query->sobject = sobject;
  query->fields = g_ptr_array_new ();
  for (guint i = 0; i < names->len; i++)
    {
      const char *field = find_field (sobject, names->pdata[i]);

      if (field == NULL)
        {
          *problem = no_such_column (names->pdata[i], sobject->name);
          return QUERY_INVALID_FIELD;
        }
      g_ptr_array_add (query->fields, (gpointer)field);
    }

  token = next (&parser);

  if (is_keyword (token, "WHERE"))
    {
      const Token *field = next (&parser);
      const Token *value;

      if (field->kind != TOKEN_WORD)
        {
          *problem = unexpected (field);
          return QUERY_MALFORMED;
        }
      if (find_field (sobject, field->text) == NULL)
        {
          *problem = no_such_column (field->text, sobject->name);
          return QUERY_INVALID_FIELD;
        }
      query->where_field = g_strdup (find_field (sobject, field->text));

      token = next (&parser);
      if (token->kind != TOKEN_EQUALS)
        {
          *problem = unexpected (token);
          return QUERY_MALFORMED;
        }

      value = next (&parser);
      if (value->kind != TOKEN_STRING && !is_keyword (value, "true") && !is_keyword (value, "false"))
        {
          *problem = unexpected (value);
          return QUERY_MALFORMED;
        }
      query->where_value.kind = value->kind;
      query->where_value.text = g_strdup (value->text);

      token = next (&parser);
    }

  if (is_keyword (token, "ORDER"))
    {
      const Token *field;

      token = next (&parser);
      if (!is_keyword (token, "BY"))
        {
          *problem = unexpected (token);
          return QUERY_MALFORMED;
        }

      field = next (&parser);
      if (field->kind != TOKEN_WORD)
        {
          *problem = unexpected (field);
          return QUERY_MALFORMED;
        }
      if (find_field (sobject, field->text) == NULL)
        {
          *problem = no_such_column (field->text, sobject->name);
          return QUERY_INVALID_FIELD;
        }
      query->order_field = g_strdup (find_field (sobject, field->text));

      token = next (&parser);
      if (is_keyword (token, "ASC") || is_keyword (token, "DESC"))
        {
          query->descending = is_keyword (token, "DESC");
          token = next (&parser);
        }
    }

  if (is_keyword (token, "LIMIT"))
    {
      const Token *value = next (&parser);
      char *end = NULL;

      if (value->kind != TOKEN_WORD || !g_ascii_isdigit (value->text[0]))
        {
          *problem = unexpected (value);
          return QUERY_MALFORMED;
        }
      query->limit = g_ascii_strtoll (value->text, &end, 10);
      if (end == NULL || *end != '\0')
        {
          *problem = unexpected (value);
          return QUERY_MALFORMED;
        }

      token = next (&parser);
    }

  if (token->kind != TOKEN_END)
    {
      *problem = unexpected (token);
      return QUERY_MALFORMED;
    }

  return QUERY_OK;
}

/* The value of a canonical "Field" or "Rel.Field" in a full row. */
static JsonNode *
row_value (JsonObject *row,
           const char *field)
{
  const char *dot = strchr (field, '.');
  g_autofree char *relationship = NULL;
  JsonObject *related;

  if (dot == NULL)
    return json_object_get_member (row, field);

  relationship = g_strndup (field, dot - field);
  related = json_object_get_object_member (row, relationship);

  return related != NULL ? json_object_get_member (related, dot + 1) : NULL;
}

static gboolean
row_matches (JsonObject  *row,
             const Query *query)
{
  JsonNode *value;

  if (query->where_field == NULL)
    return TRUE;

  value = row_value (row, query->where_field);
  if (value == NULL || !JSON_NODE_HOLDS_VALUE (value))
    return FALSE;

  if (json_node_get_value_type (value) == G_TYPE_BOOLEAN)
    return query->where_value.kind == TOKEN_WORD &&
           json_node_get_boolean (value) == (g_ascii_strcasecmp (query->where_value.text, "true") == 0);

  if (json_node_get_value_type (value) == G_TYPE_STRING && query->where_value.kind == TOKEN_STRING)
    {
      const char *text = json_node_get_string (value);
      const char *wanted = query->where_value.text;

      /* Ids match in their 15- and 18-character forms. */
      if (g_str_has_suffix (query->where_field, "Id") && strlen (text) == 18 && strlen (wanted) == 15)
        return strncmp (text, wanted, 15) == 0;

      return g_str_equal (text, wanted);
    }

  return FALSE;
}

static int
compare_rows (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  const Query *query = user_data;
  JsonNode *x = row_value (*(JsonObject **)a, query->order_field);
  JsonNode *y = row_value (*(JsonObject **)b, query->order_field);
  int result;

  if (json_node_get_value_type (x) == G_TYPE_INT64)
    result = (json_node_get_int (x) > json_node_get_int (y)) - (json_node_get_int (x) < json_node_get_int (y));
  else if (json_node_get_value_type (x) == G_TYPE_BOOLEAN)
    result = (int)json_node_get_boolean (x) - (int)json_node_get_boolean (y);
  else
    result = g_strcmp0 (json_node_get_string (x), json_node_get_string (y));

  return query->descending ? -result : result;
}

/* The record a query returns: attributes, then the selected fields, with
 * relationships as nested objects that have their own attributes. */
static JsonObject *
project (JsonObject  *row,
         const Query *query)
{
  JsonObject *record = json_object_new ();

  json_object_set_member (record, "attributes", json_node_copy (json_object_get_member (row, "attributes")));

  for (guint i = 0; i < query->fields->len; i++)
    {
      const char *field = query->fields->pdata[i];
      const char *dot = strchr (field, '.');
      JsonNode *value = row_value (row, field);

      if (dot == NULL)
        {
          json_object_set_member (record, field, json_node_copy (value));
        }
      else
        {
          g_autofree char *relationship = g_strndup (field, dot - field);
          JsonObject *related = json_object_has_member (record, relationship)
                                ? json_object_get_object_member (record, relationship)
                                : NULL;

          if (related == NULL)
            {
              JsonObject *source = json_object_get_object_member (row, relationship);

              related = json_object_new ();
              json_object_set_member (related, "attributes",
                                      json_node_copy (json_object_get_member (source, "attributes")));
              json_object_set_object_member (record, relationship, related);
            }

          json_object_set_member (related, dot + 1, json_node_copy (value));
        }
    }

  return record;
}

/*
 * Batches and query locators
 */

/* Sforce-Query-Options: batchSize=N (1…2000 in the demo; Salesforce's
 * lowest is 200). */
static guint
requested_batch_size (SoupServerMessage *msg,
                      guint              fallback)
{
  const char *options = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                      "Sforce-Query-Options");
  g_auto(GStrv) parts = NULL;

  if (options == NULL)
    return fallback;

  parts = g_strsplit (options, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autofree char *part = g_strstrip (g_strdup (parts[i]));
      guint64 size;

      if (g_ascii_strncasecmp (part, "batchSize=", 10) == 0 &&
          g_ascii_string_to_unsigned (part + 10, 10, 1, G_MAXUINT32, &size, NULL))
        return (guint)MIN (size, DEFAULT_BATCH_SIZE);
    }

  return fallback;
}

static char *
new_locator_id (void)
{
  static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  GString *id = g_string_new ("01g");

  while (id->len < LOCATOR_ID_LENGTH)
    g_string_append_c (id, alphabet[g_random_int_range (0, sizeof alphabet - 1)]);

  return g_string_free (id, FALSE);
}

/* Replies with the batch of @records that starts at @offset; keeps the
 * rest behind a locator. */
static void
reply_batch (MsiDemoServer     *server,
             SoupServerMessage *msg,
             const char        *api_version,
             gboolean           tooling,
             const char        *email,
             JsonArray         *records,
             const char        *locator_id,
             guint              offset,
             guint              batch_size)
{
  State *state = get_state (server);
  g_autoptr(JsonObject) reply = json_object_new ();
  g_autoptr(JsonArray) batch = json_array_new ();
  guint total = json_array_get_length (records);
  guint end = MIN ((guint64)offset + batch_size, total);
  gboolean done = end >= total;

  for (guint i = offset; i < end; i++)
    json_array_add_element (batch, json_node_copy (json_array_get_element (records, i)));

  json_object_set_int_member (reply, "totalSize", total);
  json_object_set_boolean_member (reply, "done", done);

  if (!done)
    {
      g_autofree char *new_id = NULL;
      g_autofree char *url = NULL;

      if (locator_id == NULL)
        {
          Cursor *cursor = g_new0 (Cursor, 1);

          /* Locators are kept for a while; the demo keeps the newest. */
          if (g_hash_table_size (state->cursors) >= MAX_CURSORS)
            g_hash_table_remove_all (state->cursors);

          cursor->email = g_strdup (email);
          cursor->tooling = tooling;
          cursor->records = json_array_ref (records);
          cursor->batch_size = batch_size;
          new_id = new_locator_id ();
          g_hash_table_insert (state->cursors, g_strdup (new_id), cursor);
          locator_id = new_id;
        }

      url = g_strdup_printf ("/services/data/v%s/%squery/%s-%u", api_version,
                             tooling ? "tooling/" : "", locator_id, end);
      json_object_set_string_member (reply, "nextRecordsUrl", url);
    }
  else if (locator_id != NULL)
    {
      g_hash_table_remove (state->cursors, locator_id);
    }

  json_object_set_array_member (reply, "records", g_steal_pointer (&batch));
  msi_demo_reply_object (msg, SOUP_STATUS_OK, reply);
}

static void
handle_next_batch (MsiDemoServer     *server,
                   SoupServerMessage *msg,
                   const char        *api_version,
                   gboolean           tooling,
                   MsiDemoUser       *user,
                   const char        *locator)
{
  State *state = get_state (server);
  const char *dash = strrchr (locator, '-');
  g_autofree char *id = NULL;
  Cursor *cursor = NULL;
  guint64 offset = 0;

  if (dash != NULL)
    {
      id = g_strndup (locator, dash - locator);
      cursor = g_hash_table_lookup (state->cursors, id);
    }

  if (cursor == NULL || cursor->tooling != tooling || !g_str_equal (cursor->email, user->email) ||
      !g_ascii_string_to_unsigned (dash + 1, 10, 1, json_array_get_length (cursor->records) - 1,
                                   &offset, NULL))
    {
      reply_error (msg, SOUP_STATUS_BAD_REQUEST, "INVALID_QUERY_LOCATOR", "invalid query locator");
      return;
    }

  reply_batch (server, msg, api_version, tooling, user->email, cursor->records, id,
               (guint)offset, requested_batch_size (msg, cursor->batch_size));
}

static void
handle_query (MsiDemoServer     *server,
              SoupServerMessage *msg,
              GHashTable        *params,
              gboolean           tooling)
{
  MsiDemoStore *store = msi_demo_server_get_store (server);
  g_autoptr(MsiDemoUser) user = NULL;
  g_autoptr(GHashTable) form = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(JsonArray) records = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *problem = NULL;
  g_autofree char *api_version = NULL;
  const MsiDemoSalesforceOrgUser *org_user;
  const char *query_text = g_uri_get_query (soup_server_message_get_uri (msg));
  const char *locator = g_hash_table_lookup (params, "locator");
  const char *soql;
  Query query = { 0, };
  QueryStatus status;
  guint version;

  version = parse_version (g_hash_table_lookup (params, "version"));
  if (version == 0)
    {
      reply_error (msg, SOUP_STATUS_NOT_FOUND, "NOT_FOUND", "The requested resource does not exist");
      return;
    }
  api_version = g_strdup_printf ("%u.0", version);

  user = authorize_rest (server, msg);
  if (user == NULL)
    return;

  if (locator != NULL)
    {
      handle_next_batch (server, msg, api_version, tooling, user, locator);
      return;
    }

  form = query_text != NULL ? soup_form_decode (query_text) : NULL;
  soql = form != NULL ? g_hash_table_lookup (form, "q") : NULL;
  if (soql == NULL || *soql == '\0')
    {
      reply_error (msg, SOUP_STATUS_BAD_REQUEST, "MALFORMED_QUERY", "A query string has to be specified");
      return;
    }

  status = parse_query (soql, tooling, &query, &problem);
  if (status != QUERY_OK)
    {
      g_debug ("salesforce: refused a query: %s", problem);
      reply_error (msg, SOUP_STATUS_BAD_REQUEST, query_status_code (status), problem);
      query_clear (&query);
      return;
    }

  org_user = msi_demo_salesforce_find_org_user (user->email);
  if (g_str_equal (query.sobject->name, "User"))
    rows = load_users (store, org_user != NULL ? org_user->org_id : NORTHWIND_ORG_ID, api_version, &error);
  else if (g_str_equal (query.sobject->name, "RemoteProxy"))
    rows = load_remote_sites (server, api_version);
  else
    rows = load_packages (store, api_version, &error);

  if (rows == NULL)
    {
      reply_store_error (msg, error);
      query_clear (&query);
      return;
    }

  if (query.order_field != NULL)
    g_ptr_array_sort_with_data (rows, compare_rows, &query);

  records = json_array_new ();
  for (guint i = 0; i < rows->len; i++)
    {
      if (query.limit >= 0 && json_array_get_length (records) >= (guint64)query.limit)
        break;
      if (row_matches (rows->pdata[i], &query))
        json_array_add_object_element (records, project (rows->pdata[i], &query));
    }

  g_debug ("salesforce: a %s query on %s: %u records", tooling ? "Tooling" : "SOQL",
           query.sobject->name, json_array_get_length (records));
  query_clear (&query);

  reply_batch (server, msg, api_version, tooling, user->email, records, NULL, 0,
               requested_batch_size (msg, DEFAULT_BATCH_SIZE));
}

/**
 * msi_demo_salesforce_handle_query:
 * @params: "version" ("v62.0"), and "locator" for the next batch
 *
 * `GET /services/data/vNN.0/query?q=SOQL`, and its query locators.
 */
void
msi_demo_salesforce_handle_query (MsiDemoServer     *server,
                                  SoupServerMessage *msg,
                                  GHashTable        *params)
{
  handle_query (server, msg, params, FALSE);
}

/**
 * msi_demo_salesforce_handle_tooling_query:
 *
 * `GET /services/data/vNN.0/tooling/query?q=SOQL` (InstalledSubscriberPackage).
 */
void
msi_demo_salesforce_handle_tooling_query (MsiDemoServer     *server,
                                          SoupServerMessage *msg,
                                          GHashTable        *params)
{
  handle_query (server, msg, params, TRUE);
}

/*
 * The package install page
 */

static void
append_escaped (GString    *html,
                const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text != NULL ? text : "", -1);

  g_string_append (html, escaped);
}

/* @id names the outcome ("install", "installed", "error") and is the id of
 * the heading; every text is escaped. */
static void
reply_install_page (SoupServerMessage *msg,
                    guint              status,
                    const char        *id,
                    const char        *title,
                    const char        *message,
                    const char        *form_html)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  GString *html = g_string_new (NULL);
  gsize length;

  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_message_headers_replace (headers, "Content-Security-Policy", PAGE_CSP);
  soup_message_headers_replace (headers, "X-Frame-Options", "DENY");
  soup_message_headers_replace (headers, "X-Content-Type-Options", "nosniff");
  soup_message_headers_replace (headers, "Referrer-Policy", "no-referrer");

  g_string_append (html, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                         "<title>");
  append_escaped (html, title);
  g_string_append (html, " – Salesforce (demo)</title>\n"
                         "<style>\n"
                         "body { margin: 0; background: #f3f3f3; color: #181818;"
                         " font: 15px/1.45 system-ui, -apple-system, \"Segoe UI\", sans-serif; }\n"
                         "main { box-sizing: border-box; max-width: 32rem; margin: 3rem auto; padding: 2rem;"
                         " background: #fff; border-top: 6px solid #0176d3; border-radius: 4px;"
                         " box-shadow: 0 2px 8px rgba(0, 0, 0, .12); }\n"
                         ".brand { margin: 0 0 1.25rem; color: #0176d3; font-size: 1.4rem; font-weight: 700; }\n"
                         "h1 { margin: 0 0 1rem; font-size: 1.2rem; font-weight: 600; }\n"
                         "dl { display: grid; grid-template-columns: auto 1fr; gap: .3rem 1rem; }\n"
                         "dt { color: #5c5c5c; } dd { margin: 0; }\n"
                         "button { margin-top: 1rem; padding: .55rem 1.1rem; border: 0; border-radius: 4px;"
                         " background: #0176d3; color: #fff; font: inherit; font-weight: 600; }\n"
                         "</style>\n</head>\n<body>\n<main>\n"
                         "<p class=\"brand\">salesforce</p>\n");
  g_string_append_printf (html, "<h1 id=\"%s\">", id);
  append_escaped (html, title);
  g_string_append (html, "</h1>\n<p id=\"message\">");
  append_escaped (html, message);
  g_string_append (html, "</p>\n");
  if (form_html != NULL)
    g_string_append (html, form_html);
  g_string_append (html, "</main>\n</body>\n</html>\n");

  length = html->len;
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_TAKE,
                                    g_string_free (html, FALSE), length);
}

static const Installable *
find_installable (const char *version_id)
{
  for (guint i = 0; i < G_N_ELEMENTS (installables); i++)
    {
      if (g_strcmp0 (installables[i].version_id, version_id) == 0)
        return &installables[i];
    }

  return NULL;
}

/* The version of @package_id the org has now, or NULL. */
static char *
dup_installed_version_name (MsiDemoStore  *store,
                            const char    *package_id,
                            GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = msi_demo_store_prepare (store, "SELECT version_name FROM salesforce_packages WHERE package_id = ?1",
                                 "read an installed package", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, package_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  if (rc != SQLITE_DONE)
    msi_demo_store_fail (store, "read an installed package", error);

  return NULL;
}

static gboolean
install_package (MsiDemoStore       *store,
                 const Installable  *package,
                 GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = msi_demo_format_now_utc ();

  stmt = msi_demo_store_prepare (store,
                                 "INSERT INTO salesforce_packages"
                                 " (package_id, namespace, name, version_id, version_name,"
                                 "  major, minor, patch, build, installed_at)"
                                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
                                 " ON CONFLICT (package_id) DO UPDATE SET"
                                 "  namespace = excluded.namespace, name = excluded.name,"
                                 "  version_id = excluded.version_id, version_name = excluded.version_name,"
                                 "  major = excluded.major, minor = excluded.minor, patch = excluded.patch,"
                                 "  build = excluded.build, installed_at = excluded.installed_at",
                                 "prepare installing a package", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, package->package_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, package->namespace, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, package->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, package->version_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, package->version_name, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 6, package->major);
  sqlite3_bind_int (stmt, 7, package->minor);
  sqlite3_bind_int (stmt, 8, package->patch);
  sqlite3_bind_int (stmt, 9, package->build);
  sqlite3_bind_text (stmt, 10, now, -1, SQLITE_STATIC);

  return msi_demo_store_step_done (store, stmt, "install a package", error);
}

static void
show_install_form (MsiDemoServer      *server,
                   SoupServerMessage  *msg,
                   const Installable  *package)
{
  State *state = get_state (server);
  MsiDemoStore *store = msi_demo_server_get_store (server);
  g_autoptr(GError) error = NULL;
  g_autofree char *installed = dup_installed_version_name (store, package->package_id, &error);
  g_autofree char *token = msi_demo_random_base64url ();
  g_autofree char *title = g_strdup_printf ("Install %s", package->name);
  g_autofree char *version = g_strdup_printf ("%d.%d.%d", package->major, package->minor, package->patch);
  g_autoptr(GString) form = g_string_new ("<dl>\n<dt>Package</dt><dd id=\"package\">");
  g_autofree char *escaped_id = g_uri_escape_string (package->version_id, NULL, FALSE);

  if (error != NULL)
    {
      reply_store_error (msg, error);
      return;
    }

  g_hash_table_insert (state->install_tokens, msi_demo_sha256_hex (token), g_strdup (package->version_id));

  append_escaped (form, package->version_name);
  g_string_append (form, "</dd>\n<dt>Version</dt><dd id=\"version\">");
  append_escaped (form, version);
  g_string_append (form, "</dd>\n<dt>Installed now</dt><dd id=\"installed-version\">");
  append_escaped (form, installed != NULL ? installed : "Not installed");
  g_string_append (form, "</dd>\n</dl>\n");
  g_string_append_printf (form, "<form method=\"post\" action=\"installPackage.apexp?p0=%s\">\n", escaped_id);
  g_string_append (form, "<input type=\"hidden\" name=\"csrf_token\" value=\"");
  append_escaped (form, token);
  g_string_append (form, "\">\n<button type=\"submit\" name=\"action\" value=\"install\" id=\"install-admins\">"
                         "Install for Admins Only</button>\n</form>\n");

  reply_install_page (msg, SOUP_STATUS_OK, "install", title,
                      installed != NULL ? "Upgrade the package in this org to the version below."
                                        : "Install the package below in this org.",
                      form->str);
}

/**
 * msi_demo_salesforce_handle_install_page:
 *
 * `GET /packaging/installPackage.apexp?p0=04t…`: what would be installed,
 * with an *Install for Admins Only* button; its POST installs (or
 * upgrades to) that version.
 */
void
msi_demo_salesforce_handle_install_page (MsiDemoServer     *server,
                                         SoupServerMessage *msg,
                                         GHashTable        *params)
{
  State *state = get_state (server);
  MsiDemoStore *store = msi_demo_server_get_store (server);
  const char *query_text = g_uri_get_query (soup_server_message_get_uri (msg));
  g_autoptr(GHashTable) query = query_text != NULL ? soup_form_decode (query_text) : NULL;
  const char *p0 = query != NULL ? g_hash_table_lookup (query, "p0") : NULL;
  const Installable *package = find_installable (p0);
  g_autoptr(GHashTable) form = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token_hash = NULL;
  const char *token;
  const char *token_version;

  if (package == NULL)
    {
      g_autofree char *message = g_strdup_printf ("The package version “%s” does not exist or is not "
                                                  "available for installation. Check the installation "
                                                  "link with the package's publisher.",
                                                  p0 != NULL ? p0 : "");

      reply_install_page (msg, SOUP_STATUS_NOT_FOUND, "error", "This app can't be installed", message, NULL);
      return;
    }

  if (g_str_equal (soup_server_message_get_method (msg), "GET") ||
      g_str_equal (soup_server_message_get_method (msg), "HEAD"))
    {
      show_install_form (server, msg, package);
      return;
    }

  {
    g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
    g_autofree char *text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));

    form = soup_form_decode (text);
  }

  token = g_hash_table_lookup (form, "csrf_token");
  token_hash = token != NULL ? msi_demo_sha256_hex (token) : NULL;
  token_version = token_hash != NULL ? g_hash_table_lookup (state->install_tokens, token_hash) : NULL;
  if (token_version == NULL || !g_str_equal (token_version, package->version_id) ||
      g_strcmp0 (g_hash_table_lookup (form, "action"), "install") != 0)
    {
      reply_install_page (msg, SOUP_STATUS_BAD_REQUEST, "error", "The installation did not start",
                          "This installation page has expired or was already used. Open the "
                          "installation link again.", NULL);
      return;
    }
  g_hash_table_remove (state->install_tokens, token_hash);

  if (!install_package (store, package, &error))
    {
      reply_store_error (msg, error);
      return;
    }

  g_message ("salesforce: installed %s", package->version_name);

  {
    g_autofree char *message = g_strdup_printf ("%s is installed for admins only. Assign the "
                                                "package's permission sets to other users in Setup.",
                                                package->version_name);

    reply_install_page (msg, SOUP_STATUS_OK, "installed", "Installation complete", message, NULL);
  }
}

/*
 * Test faults
 */

/**
 * msi_demo_salesforce_handle_faults:
 *
 * `POST /__demo/salesforce/faults` `{"requestLimit": bool, "expireTokens":
 * bool}`: with requestLimit, REST calls answer REQUEST_LIMIT_EXCEEDED
 * until it is set false; expireTokens ends the session of the next REST
 * call's token (401 INVALID_SESSION_ID). Replies with the faults now set.
 * The server routes here only with MSI_DEMO_TEST_HOOKS=1.
 */
void
msi_demo_salesforce_handle_faults (MsiDemoServer     *server,
                                   SoupServerMessage *msg,
                                   GHashTable        *params)
{
  State *state = get_state (server);
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) reply = json_object_new ();
  static const char * const members[] = { "requestLimit", "expireTokens" };

  body = msi_demo_read_json_object (msg, FALSE);
  if (body == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      JsonNode *node = json_object_get_member (body, members[i]);

      if (node != NULL && (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN))
        {
          g_autofree char *detail = g_strdup_printf ("“%s” must be true or false.", members[i]);

          msi_demo_reply_problem (msg, SOUP_STATUS_BAD_REQUEST, NULL, NULL, detail);
          return;
        }
    }

  if (json_object_has_member (body, "requestLimit"))
    state->request_limit = json_object_get_boolean_member (body, "requestLimit");
  if (json_object_has_member (body, "expireTokens"))
    state->expire_next = json_object_get_boolean_member (body, "expireTokens");

  g_message ("salesforce: faults: requestLimit %s, expireTokens %s",
             state->request_limit ? "on" : "off", state->expire_next ? "on" : "off");

  json_object_set_boolean_member (reply, "requestLimit", state->request_limit);
  json_object_set_boolean_member (reply, "expireTokens", state->expire_next);
  msi_demo_reply_object (msg, SOUP_STATUS_OK, reply);
}
