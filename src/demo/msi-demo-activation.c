/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-demo-activation.c: the Actions service's admin pane: activation, the Marketo connection, Salesforce setup records, the demo outbox */

#define G_LOG_DOMAIN "msi-demo-activation"

#include "config.h"

#include "msi-demo-activation.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "msi-demo-auth-server.h"
#include "msi-demo-http.h"
#include "msi-demo-scim.h"
#include "msi-demo-seed.h"
#include "msi-demo-store-private.h"

/*
 * The endpoints of the admin pane (issue 4, docs/actions-api.yaml):
 *
 *   POST   /api/v1/activation                         bearer, admin
 *   POST   /api/v1/connections/{service}              bearer, admin (marketo only)
 *   PUT    /api/v1/setup/salesforce-package           bearer, admin
 *   GET    /api/v1/setup/salesforce-configuration     bearer, admin
 *   PUT    /api/v1/setup/salesforce-configuration     bearer, admin
 *   GET    /demo/outbox                               the demo mailbox, loopback only
 *   DELETE /demo/outbox/{id}                          the demo mailbox, loopback only
 *   POST   /__demo/faults                             MSI_DEMO_TEST_HOOKS=1 only
 *
 * The Marketo instance is the demo one (msi-demo-seed.h): its credentials
 * are checked here instead of calling its Identity endpoint. The client
 * secret is kept only as its SHA-256 and never logged; invitation tokens
 * (32 bytes from getrandom(), base64url) only as their SHA-256 too: the
 * plain token exists only in the welcome mail's link.
 *
 * Every change a request makes is written in one transaction: a request
 * that fails changes nothing.
 */

#define MAX_ADMINS               25
#define MAX_CONFIGURATION_ITEMS  50
#define MAX_ITEM_ID_LENGTH       64
#define MAX_NAME_LENGTH          100
#define MAX_SECRET_LENGTH        128
#define INVITATION_LIFETIME      (7 * 24 * 60 * 60)
#define MARKETO_INSTANCE_URL     "https://284-rpr-133.mktorest.com"
#define MARKETO_API_USER         "msi-actions@northwind.example"
#define WELCOME_SUBJECT          "Welcome to Marketo Sales Insight Actions"
#define PRODUCT_NAME             "Marketo Sales Insight Actions"

/* The faults injected with POST /__demo/faults, kept on the server. */
#define FAULT_MARKETO_UNREACHABLE "msi-demo-activation-marketo-unreachable"

/*
 * Reading request bodies
 *
 * Each reader replies 400 naming the member and returns FALSE when the
 * member has the wrong type (or is missing and required). Unknown members
 * are ignored.
 */

static gboolean
reply_bad_member (SoupServerMessage *msg,
                  const char        *prefix,
                  const char        *name,
                  const char        *problem)
{
  g_autofree char *detail = g_strdup_printf ("“%s%s” %s.", prefix, name, problem);

  msi_demo_reply_problem (msg, SOUP_STATUS_BAD_REQUEST, NULL, NULL, detail);
  return FALSE;
}

/* @value: (out): the string, or %NULL when the member is missing (and
 * optional) or null (and @nullable). */
static gboolean
read_string (SoupServerMessage  *msg,
             JsonObject         *object,
             const char         *prefix,
             const char         *name,
             gboolean            required,
             gboolean            nullable,
             const char        **value)
{
  JsonNode *node = json_object_get_member (object, name);

  *value = NULL;

  if (node == NULL)
    return required ? reply_bad_member (msg, prefix, name, "is missing") : TRUE;

  if (nullable && JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return reply_bad_member (msg, prefix, name, nullable ? "must be a string or null" : "must be a string");

  *value = json_node_get_string (node);

  return TRUE;
}

static gboolean
read_object (SoupServerMessage  *msg,
             JsonObject         *object,
             const char         *prefix,
             const char         *name,
             JsonObject        **value)
{
  JsonNode *node = json_object_get_member (object, name);

  *value = NULL;

  if (node == NULL)
    return reply_bad_member (msg, prefix, name, "is missing");

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return reply_bad_member (msg, prefix, name, "must be an object");

  *value = json_node_get_object (node);

  return TRUE;
}

static gboolean
read_array (SoupServerMessage  *msg,
            JsonObject         *object,
            const char         *name,
            JsonArray         **value)
{
  JsonNode *node = json_object_get_member (object, name);

  *value = NULL;

  if (node == NULL)
    return reply_bad_member (msg, "", name, "is missing");

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return reply_bad_member (msg, "", name, "must be an array");

  *value = json_node_get_array (node);

  return TRUE;
}

static gboolean
read_int (SoupServerMessage *msg,
          JsonObject        *object,
          const char        *name,
          gint64            *value)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL)
    return reply_bad_member (msg, "", name, "is missing");

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return reply_bad_member (msg, "", name, "must be an integer");

  *value = json_node_get_int (node);

  return TRUE;
}

/*
 * Checks
 */

/* ^\d{3}-[A-Za-z]{3}-\d{3}$ (api-notes §2.1) */
static gboolean
munchkin_id_is_valid (const char *text)
{
  if (strlen (text) != 11 || text[3] != '-' || text[7] != '-')
    return FALSE;

  for (guint i = 0; i < 11; i++)
    {
      if (i == 3 || i == 7)
        continue;
      if ((i > 3 && i < 7) ? !g_ascii_isalpha (text[i]) : !g_ascii_isdigit (text[i]))
        return FALSE;
    }

  return TRUE;
}

/* A LaunchPoint Client ID: a UUID. */
static gboolean
client_id_is_valid (const char *text)
{
  if (strlen (text) != 36)
    return FALSE;

  for (guint i = 0; i < 36; i++)
    {
      if (i == 8 || i == 13 || i == 18 || i == 23)
        {
          if (text[i] != '-')
            return FALSE;
        }
      else if (!g_ascii_isxdigit (text[i]))
        {
          return FALSE;
        }
    }

  return TRUE;
}

/* Printable ASCII without spaces. */
static gboolean
client_secret_is_valid (const char *text)
{
  gsize length = strlen (text);

  if (length == 0 || length > MAX_SECRET_LENGTH)
    return FALSE;

  for (gsize i = 0; i < length; i++)
    {
      if (!g_ascii_isgraph (text[i]))
        return FALSE;
    }

  return TRUE;
}

/* A configuration item id: ^[a-z0-9-]{1,64}$ */
static gboolean
item_id_is_valid (const char *id)
{
  gsize length = strlen (id);

  if (length == 0 || length > MAX_ITEM_ID_LENGTH)
    return FALSE;

  for (gsize i = 0; i < length; i++)
    {
      if (!g_ascii_islower (id[i]) && !g_ascii_isdigit (id[i]) && id[i] != '-')
        return FALSE;
    }

  return TRUE;
}

/* "2.6", "2.6.0", "2.6.0.3": up to four numbers of up to four digits. */
static gboolean
parse_version (const char *text,
               gint64      parts[4])
{
  g_auto(GStrv) fields = g_strsplit (text, ".", -1);
  guint n_fields = g_strv_length (fields);

  if (n_fields < 2 || n_fields > 4)
    return FALSE;

  for (guint i = 0; i < 4; i++)
    parts[i] = 0;

  for (guint i = 0; i < n_fields; i++)
    {
      gsize length = strlen (fields[i]);

      if (length == 0 || length > 4)
        return FALSE;
      for (gsize j = 0; j < length; j++)
        {
          if (!g_ascii_isdigit (fields[i][j]))
            return FALSE;
        }
      parts[i] = g_ascii_strtoll (fields[i], NULL, 10);
    }

  return TRUE;
}

static int
compare_versions (const gint64 a[4],
                  const gint64 b[4])
{
  for (guint i = 0; i < 4; i++)
    {
      if (a[i] != b[i])
        return a[i] < b[i] ? -1 : 1;
    }

  return 0;
}

/*
 * Marketo credentials
 */

typedef struct
{
  const char *munchkin_id;
  const char *client_id;
  const char *client_secret;
} Credentials;

/* The three members of @object, with their formats checked; FALSE after
 * replying 400. */
static gboolean
read_credentials (SoupServerMessage *msg,
                  JsonObject        *object,
                  const char        *prefix,
                  Credentials       *credentials)
{
  if (!read_string (msg, object, prefix, "munchkinId", TRUE, FALSE, &credentials->munchkin_id) ||
      !read_string (msg, object, prefix, "clientId", TRUE, FALSE, &credentials->client_id) ||
      !read_string (msg, object, prefix, "clientSecret", TRUE, FALSE, &credentials->client_secret))
    return FALSE;

  if (!munchkin_id_is_valid (credentials->munchkin_id))
    return reply_bad_member (msg, prefix, "munchkinId",
                             "is not a Munchkin ID: it looks like 284-RPR-133 "
                             "(Marketo: Admin → Integration → Munchkin)");

  if (!client_id_is_valid (credentials->client_id))
    return reply_bad_member (msg, prefix, "clientId",
                             "is not a Client ID: it looks like 3f1c9a52-7be0-4d2a-9c41-5e8b2d7f6a10 "
                             "(Marketo: Admin → LaunchPoint → View Details)");

  if (!client_secret_is_valid (credentials->client_secret))
    return reply_bad_member (msg, prefix, "clientSecret",
                             "is not a Client Secret: it is up to 128 letters, digits and "
                             "punctuation, without spaces");

  return TRUE;
}

static char *
dup_account_munchkin_id (MsiDemoStore  *store,
                         GError       **error)
{
  g_autoptr(JsonNode) account = msi_demo_store_dup_account (store, error);
  JsonObject *marketo;

  if (account == NULL)
    return NULL;

  marketo = json_object_get_object_member (json_node_get_object (account), "marketo");

  return g_strdup (json_object_get_string_member (marketo, "munchkinId"));
}

/* What the service learns when it calls Marketo's Identity endpoint with
 * @credentials: FALSE after replying 422 (or 500). */
static gboolean
check_credentials_with_marketo (MsiDemoStore      *store,
                                SoupServerMessage *msg,
                                const Credentials *credentials)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *munchkin_id = dup_account_munchkin_id (store, &error);
  g_autofree char *secret_hash = NULL;
  g_autofree char *expected_hash = NULL;
  gboolean client_matches;
  gboolean secret_matches;

  if (munchkin_id == NULL)
    {
      msi_demo_reply_internal_error (msg, error);
      return FALSE;
    }

  if (g_ascii_strcasecmp (credentials->munchkin_id, munchkin_id) != 0)
    {
      g_autofree char *detail = g_strdup_printf ("The Munchkin ID %s is not the one of this Sales account's "
                                                 "Marketo instance (%s). Copy the credentials from that "
                                                 "instance: Admin → Sales Insight → Actions Config.",
                                                 credentials->munchkin_id, munchkin_id);

      msi_demo_reply_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, MSI_PROBLEM_MARKETO_WRONG_INSTANCE,
                              "Wrong Marketo instance", detail);
      return FALSE;
    }

  /* Both compared in full, whatever the first one says. */
  secret_hash = msi_demo_sha256_hex (credentials->client_secret);
  expected_hash = msi_demo_sha256_hex (MSI_DEMO_MARKETO_CLIENT_SECRET);
  client_matches = g_ascii_strcasecmp (credentials->client_id, MSI_DEMO_MARKETO_CLIENT_ID) == 0;
  secret_matches = msi_demo_hashes_equal (secret_hash, expected_hash);

  if (!client_matches || !secret_matches)
    {
      msi_demo_reply_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, MSI_PROBLEM_MARKETO_INVALID_CREDENTIALS,
                              "Marketo refused the credentials",
                              "Marketo did not accept this Client ID and Client Secret. Copy both again "
                              "from Marketo (Admin → LaunchPoint → View Details) and check that the "
                              "service is not deleted.");
      return FALSE;
    }

  return TRUE;
}

/*
 * SQL helpers
 */

/* Runs @stmt (SELECT EXISTS (…) with one text parameter) for @text. */
static gboolean
query_exists (MsiDemoStore  *store,
              sqlite3_stmt  *stmt,
              const char    *text,
              const char    *what,
              gboolean      *exists,
              GError       **error)
{
  int rc;

  sqlite3_bind_text (stmt, 1, text, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *exists = sqlite3_column_int (stmt, 0) != 0;
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  if (rc != SQLITE_ROW)
    return msi_demo_store_fail (store, what, error);

  return TRUE;
}

static gboolean
query_int (MsiDemoStore  *store,
           const char    *sql,
           const char    *what,
           gint64        *value,
           GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = msi_demo_store_prepare (store, sql, what, error);

  if (stmt == NULL)
    return FALSE;

  if (sqlite3_step (stmt) != SQLITE_ROW)
    return msi_demo_store_fail (store, what, error);

  *value = sqlite3_column_int64 (stmt, 0);

  return TRUE;
}

static gboolean
set_member_string (MsiDemoStore  *store,
                   const char    *key,
                   const char    *value,
                   GError       **error)
{
  g_autoptr(JsonNode) node = value != NULL
                             ? json_node_init_string (json_node_alloc (), value)
                             : json_node_new (JSON_NODE_NULL);

  return msi_demo_store_set_account_member (store, key, node, error);
}

static gboolean
set_member_int (MsiDemoStore  *store,
                const char    *key,
                gint64         value,
                GError       **error)
{
  g_autoptr(JsonNode) node = json_node_init_int (json_node_alloc (), value);

  return msi_demo_store_set_account_member (store, key, node, error);
}

/*
 * POST /api/v1/activation
 */

typedef enum
{
  OUTCOME_INVITED,
  OUTCOME_ALREADY_INVITED,
  OUTCOME_ALREADY_USER,
} Outcome;

static const char * const outcome_names[] = {
  [OUTCOME_INVITED] = "invited",
  [OUTCOME_ALREADY_INVITED] = "already-invited",
  [OUTCOME_ALREADY_USER] = "already-user",
};

typedef struct
{
  char    *email;       /* lower case */
  char    *first_name;  /* trimmed */
  char    *last_name;   /* trimmed */
  char    *name;        /* "First Last" */
  Outcome  outcome;
} Admin;

static void
admin_free (Admin *admin)
{
  g_free (admin->email);
  g_free (admin->first_name);
  g_free (admin->last_name);
  g_free (admin->name);
  g_free (admin);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Admin, admin_free)

static gboolean
reply_invalid_admins (SoupServerMessage *msg,
                      const char        *detail)
{
  msi_demo_reply_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, MSI_PROBLEM_ACTIVATION_INVALID_ADMINS,
                          "The admins cannot be invited", detail);
  return FALSE;
}

static char *
trim_copy (const char *text)
{
  return g_strstrip (g_strdup (text));
}

/* Every entry of "admins" is an object with the three strings; FALSE
 * after replying 400. Checked before anything is judged (422). */
static gboolean
check_admins_shape (SoupServerMessage *msg,
                    JsonObject        *body)
{
  JsonArray *array;

  if (!read_array (msg, body, "admins", &array))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *prefix = g_strdup_printf ("admins[%u].", i);
      const char *unused;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          g_autofree char *name = g_strdup_printf ("admins[%u]", i);

          return reply_bad_member (msg, "", name, "must be an object");
        }

      if (!read_string (msg, json_node_get_object (element), prefix, "email", TRUE, FALSE, &unused) ||
          !read_string (msg, json_node_get_object (element), prefix, "firstName", TRUE, FALSE, &unused) ||
          !read_string (msg, json_node_get_object (element), prefix, "lastName", TRUE, FALSE, &unused))
        return FALSE;
    }

  return TRUE;
}

/* The admins to invite (their shape checked by check_admins_shape()),
 * judged; %NULL after replying 422. */
static GPtrArray *
read_admins (SoupServerMessage *msg,
             JsonObject        *body)
{
  g_autoptr(GPtrArray) admins = g_ptr_array_new_with_free_func ((GDestroyNotify)admin_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *array = json_object_get_array_member (body, "admins");
  guint n_admins = json_array_get_length (array);

  if (n_admins == 0)
    {
      reply_invalid_admins (msg, "Choose at least one Marketo admin to invite.");
      return NULL;
    }

  if (n_admins > MAX_ADMINS)
    {
      g_autofree char *detail = g_strdup_printf ("At most %d admins can be invited at activation; %u were "
                                                 "given. Invite the others later from User Management.",
                                                 MAX_ADMINS, n_admins);

      reply_invalid_admins (msg, detail);
      return NULL;
    }

  for (guint i = 0; i < n_admins; i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);
      const char *email = json_object_get_string_member (object, "email");
      g_autoptr(Admin) admin = g_new0 (Admin, 1);
      g_autofree char *trimmed_email = trim_copy (email);

      if (!msi_demo_email_is_valid (trimmed_email))
        {
          g_autofree char *detail = g_strdup_printf ("Admin %u: “%s” is not a valid e-mail address.",
                                                     i + 1, email);

          reply_invalid_admins (msg, detail);
          return NULL;
        }

      admin->email = g_utf8_strdown (trimmed_email, -1);
      admin->first_name = trim_copy (json_object_get_string_member (object, "firstName"));
      admin->last_name = trim_copy (json_object_get_string_member (object, "lastName"));

      if (admin->first_name[0] == '\0' || admin->last_name[0] == '\0' ||
          !g_utf8_validate (admin->first_name, -1, NULL) || !g_utf8_validate (admin->last_name, -1, NULL) ||
          g_utf8_strlen (admin->first_name, -1) > MAX_NAME_LENGTH ||
          g_utf8_strlen (admin->last_name, -1) > MAX_NAME_LENGTH)
        {
          g_autofree char *detail = g_strdup_printf ("Admin %u (%s): give a first name and a last name "
                                                     "(at most %d characters each).",
                                                     i + 1, admin->email, MAX_NAME_LENGTH);

          reply_invalid_admins (msg, detail);
          return NULL;
        }

      if (g_hash_table_contains (seen, admin->email))
        {
          g_autofree char *detail = g_strdup_printf ("Admin %u (%s) is listed twice; list each admin once.",
                                                     i + 1, admin->email);

          reply_invalid_admins (msg, detail);
          return NULL;
        }

      admin->name = g_strdup_printf ("%s %s", admin->first_name, admin->last_name);
      g_hash_table_add (seen, admin->email);
      g_ptr_array_add (admins, g_steal_pointer (&admin));
    }

  return g_steal_pointer (&admins);
}

static char *
build_welcome_body (const Admin *admin,
                    const char  *inviter,
                    const char  *account_name,
                    const char  *link)
{
  return g_strdup_printf ("Hello %s,\n"
                          "\n"
                          "%s invited you to set up the Sales account of %s in %s, "
                          "as one of its admins.\n"
                          "\n"
                          "Get started:\n"
                          "%s\n"
                          "\n"
                          "The link opens MSI Actions Setup, which guides you through the setup. "
                          "It works once and expires in 7 days. If you did not expect this "
                          "invitation, you can ignore this mail.\n"
                          "\n"
                          "— %s\n",
                          admin->first_name, inviter, account_name, PRODUCT_NAME, link, PRODUCT_NAME);
}

typedef struct
{
  MsiDemoUser       *inviter;
  const Credentials *credentials;
  GPtrArray         *admins;
  const char        *base_uri;
  const char        *account_name;
  guint              n_mailed;
} Activation;

static gboolean
save_credentials (MsiDemoStore       *store,
                  const Credentials  *credentials,
                  const char         *saved_by,
                  GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *munchkin_id = g_ascii_strup (credentials->munchkin_id, -1);
  g_autofree char *client_id = g_ascii_strdown (credentials->client_id, -1);
  g_autofree char *secret_hash = msi_demo_sha256_hex (credentials->client_secret);
  g_autofree char *now = msi_demo_format_now_utc ();

  stmt = msi_demo_store_prepare (store,
                                 "INSERT OR REPLACE INTO marketo_credentials"
                                 " (id, munchkin_id, client_id, client_secret_sha256, saved_at, saved_by)"
                                 " VALUES (1, ?1, ?2, ?3, ?4, ?5)",
                                 "prepare to save the Marketo credentials", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, munchkin_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, client_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, secret_hash, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, saved_by, -1, SQLITE_STATIC);

  return msi_demo_store_step_done (store, stmt, "save the Marketo credentials", error);
}

static gboolean
invite_admin (MsiDemoStore  *store,
              Activation    *activation,
              const Admin   *admin,
              sqlite3_stmt  *insert_admin,
              sqlite3_stmt  *insert_invitation,
              sqlite3_stmt  *insert_mail,
              GError       **error)
{
  g_autofree char *token = msi_demo_random_base64url ();
  g_autofree char *token_hash = msi_demo_sha256_hex (token);
  g_autofree char *link = msi_demo_build_invitation_link (activation->base_uri, token);
  g_autofree char *body = build_welcome_body (admin, activation->inviter->name,
                                              activation->account_name, link);
  g_autofree char *now_text = NULL;
  g_autofree char *user_id = NULL;
  gint64 now = msi_demo_now_seconds ();
  gboolean ok;

  {
    g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (now);

    now_text = g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");
  }

  /* A user of the Sales account too, waiting for the admin to accept. */
  if (!msi_demo_scim_insert_invited_user (store, admin->email, admin->first_name, admin->last_name,
                                          "activation", activation->inviter->email, now, &user_id, error))
    return FALSE;

  sqlite3_bind_text (insert_admin, 1, admin->email, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert_admin, 2, admin->first_name, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert_admin, 3, admin->last_name, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert_admin, 4, now_text, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert_admin, 5, activation->inviter->email, -1, SQLITE_STATIC);
  if (!msi_demo_store_step_done (store, insert_admin, "record an invited admin", error))
    return FALSE;

  sqlite3_bind_text (insert_invitation, 1, token_hash, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert_invitation, 2, admin->email, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (insert_invitation, 3, now);
  sqlite3_bind_int64 (insert_invitation, 4, now + INVITATION_LIFETIME);
  sqlite3_bind_text (insert_invitation, 5, user_id, -1, SQLITE_STATIC);
  if (!msi_demo_store_step_done (store, insert_invitation, "record an invitation", error))
    return FALSE;

  sqlite3_bind_text (insert_mail, 1, now_text, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert_mail, 2, admin->email, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert_mail, 3, admin->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert_mail, 4, WELCOME_SUBJECT, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert_mail, 5, body, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert_mail, 6, link, -1, SQLITE_STATIC);
  ok = msi_demo_store_step_done (store, insert_mail, "put a welcome mail in the outbox", error);

  /* The only plain copies of the token. */
  explicit_bzero (token, strlen (token));
  explicit_bzero (link, strlen (link));
  explicit_bzero (body, strlen (body));

  return ok;
}

static gboolean
activate_in_transaction (MsiDemoStore  *store,
                         gpointer       user_data,
                         GError       **error)
{
  Activation *activation = user_data;
  g_autoptr(sqlite3_stmt) is_user = NULL;
  g_autoptr(sqlite3_stmt) is_invited = NULL;
  g_autoptr(sqlite3_stmt) insert_admin = NULL;
  g_autoptr(sqlite3_stmt) insert_invitation = NULL;
  g_autoptr(sqlite3_stmt) insert_mail = NULL;
  gint64 n_invited = 0;

  if (!save_credentials (store, activation->credentials, activation->inviter->email, error))
    return FALSE;

  is_user = msi_demo_store_prepare (store,
                                    "SELECT EXISTS (SELECT 1 FROM oauth_users"
                                    "                WHERE provider = 'actions' AND email = ?1 COLLATE NOCASE)",
                                    "prepare to look for a user", error);
  if (is_user == NULL)
    return FALSE;

  is_invited = msi_demo_store_prepare (store,
                                       "SELECT EXISTS (SELECT 1 FROM activation_admins"
                                       "                WHERE email = ?1 COLLATE NOCASE)",
                                       "prepare to look for an invited admin", error);
  if (is_invited == NULL)
    return FALSE;

  insert_admin = msi_demo_store_prepare (store,
                                         "INSERT INTO activation_admins"
                                         " (email, first_name, last_name, invited_at, invited_by)"
                                         " VALUES (?1, ?2, ?3, ?4, ?5)",
                                         "prepare to record an invited admin", error);
  if (insert_admin == NULL)
    return FALSE;

  insert_invitation = msi_demo_store_prepare (store,
                                              "INSERT INTO invitations"
                                              " (token_sha256, email, kind, created_at, expires_at, user_id)"
                                              " VALUES (?1, ?2, 'admin', ?3, ?4, ?5)",
                                              "prepare to record an invitation", error);
  if (insert_invitation == NULL)
    return FALSE;

  insert_mail = msi_demo_store_prepare (store,
                                        "INSERT INTO outbox (sent_at, to_address, to_name, subject, body, link)"
                                        " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                                        "prepare to put a mail in the outbox", error);
  if (insert_mail == NULL)
    return FALSE;

  for (guint i = 0; i < activation->admins->len; i++)
    {
      Admin *admin = g_ptr_array_index (activation->admins, i);
      MsiDemoScimUserState scim_state = MSI_DEMO_SCIM_USER_NONE;
      gboolean exists = FALSE;

      if (!query_exists (store, is_user, admin->email, "look for a user", &exists, error))
        return FALSE;
      if (exists)
        {
          admin->outcome = OUTCOME_ALREADY_USER;
          continue;
        }

      if (!msi_demo_scim_lookup_user (store, admin->email, &scim_state, error))
        return FALSE;
      if (scim_state == MSI_DEMO_SCIM_USER_ACTIVE)
        {
          admin->outcome = OUTCOME_ALREADY_USER;
          continue;
        }

      if (!query_exists (store, is_invited, admin->email, "look for an invited admin", &exists, error))
        return FALSE;
      if (exists || scim_state == MSI_DEMO_SCIM_USER_INVITED)
        {
          admin->outcome = OUTCOME_ALREADY_INVITED;
          continue;
        }

      if (!invite_admin (store, activation, admin, insert_admin, insert_invitation, insert_mail, error))
        return FALSE;

      admin->outcome = OUTCOME_INVITED;
      activation->n_mailed++;
    }

  return query_int (store, "SELECT COUNT(*) FROM activation_admins", "count the invited admins",
                    &n_invited, error) &&
         set_member_string (store, "activation.state", "activated", error) &&
         set_member_int (store, "activation.invitedAdmins", n_invited, error) &&
         msi_demo_store_update_usage (store, error);
}

/**
 * msi_demo_activation_handle_activate:
 * @server: the #MsiDemoServer
 * @msg: the POST, with an admin's bearer token and
 *   `{marketo: {munchkinId, clientId, clientSecret}, admins: [{email, firstName, lastName}]}`
 * @params: none
 *
 * Activates the Sales account: checks the Marketo credentials, keeps them
 * (the secret as its SHA-256) and mails each admin who is neither a user
 * nor invited yet a welcome with a Get started link. Replies
 * `{state, invited: [{email, name, outcome}]}`, in the order given.
 */
void
msi_demo_activation_handle_activate (MsiDemoServer     *server,
                                     SoupServerMessage *msg,
                                     GHashTable        *params)
{
  MsiDemoStore *store = msi_demo_server_get_store (server);
  g_autoptr(MsiDemoUser) inviter = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GPtrArray) admins = NULL;
  g_autoptr(JsonNode) account = NULL;
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(JsonArray) invited = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *base_uri = msi_demo_server_dup_base_uri (server);
  JsonObject *marketo;
  Credentials credentials = { NULL, };
  Activation activation = { NULL, };

  inviter = msi_demo_authorize_admin (server, msg);
  if (inviter == NULL)
    return;

  body = msi_demo_read_json_object (msg, FALSE);
  if (body == NULL)
    return;

  if (!read_object (msg, body, "", "marketo", &marketo) ||
      !read_credentials (msg, marketo, "marketo.", &credentials))
    return;

  /* Every shape first (400), before anything is judged (422). */
  if (!check_admins_shape (msg, body) ||
      !check_credentials_with_marketo (store, msg, &credentials))
    return;

  admins = read_admins (msg, body);
  if (admins == NULL)
    return;

  account = msi_demo_store_dup_account (store, &error);
  if (account == NULL)
    {
      msi_demo_reply_internal_error (msg, error);
      return;
    }

  activation.inviter = inviter;
  activation.credentials = &credentials;
  activation.admins = admins;
  activation.base_uri = base_uri;
  activation.account_name = json_object_get_string_member (json_node_get_object (account), "name");

  if (!msi_demo_store_transaction (store, activate_in_transaction, &activation, &error))
    {
      msi_demo_reply_internal_error (msg, error);
      return;
    }

  g_message ("activation: %s activated the Sales account; %u welcome mail(s) in the outbox",
             inviter->email, activation.n_mailed);

  invited = json_array_new ();
  for (guint i = 0; i < admins->len; i++)
    {
      Admin *admin = g_ptr_array_index (admins, i);
      g_autoptr(JsonObject) entry = json_object_new ();

      json_object_set_string_member (entry, "email", admin->email);
      json_object_set_string_member (entry, "name", admin->name);
      json_object_set_string_member (entry, "outcome", outcome_names[admin->outcome]);
      json_array_add_object_element (invited, g_steal_pointer (&entry));
    }

  reply = json_object_new ();
  json_object_set_string_member (reply, "state", "activated");
  json_object_set_array_member (reply, "invited", g_steal_pointer (&invited));
  msi_demo_reply_object (msg, SOUP_STATUS_OK, reply);
}

/*
 * POST /api/v1/connections/{service}
 */

static JsonObject *
dup_connection (MsiDemoStore  *store,
                const char    *service,
                GError       **error)
{
  g_autoptr(JsonNode) root = msi_demo_store_dup_connections (store, error);
  JsonArray *connections;

  if (root == NULL)
    return NULL;

  connections = json_object_get_array_member (json_node_get_object (root), "connections");
  for (guint i = 0; i < json_array_get_length (connections); i++)
    {
      JsonObject *connection = json_array_get_object_element (connections, i);

      if (g_strcmp0 (json_object_get_string_member (connection, "service"), service) == 0)
        return json_object_ref (connection);
    }

  g_set_error (error, MSI_DEMO_STORE_ERROR, MSI_DEMO_STORE_ERROR_CORRUPT,
               "There is no %s connection in the demo database", service);
  return NULL;
}

/* The saved activation credentials (without the secret's hash), or
 * %FALSE with @error set. @munchkin_id stays %NULL when there are none. */
static gboolean
dup_saved_credentials (MsiDemoStore  *store,
                       char         **munchkin_id,
                       char         **client_id,
                       GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  *munchkin_id = NULL;
  *client_id = NULL;

  stmt = msi_demo_store_prepare (store,
                                 "SELECT munchkin_id, client_id FROM marketo_credentials WHERE id = 1",
                                 "read the Marketo credentials", error);
  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *munchkin_id = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
      *client_id = g_strdup ((const char *)sqlite3_column_text (stmt, 1));
    }
  else if (rc != SQLITE_DONE)
    {
      return msi_demo_store_fail (store, "read the Marketo credentials", error);
    }

  return TRUE;
}

static void
connect_marketo (MsiDemoStore      *store,
                 SoupServerMessage *msg,
                 MsiDemoUser       *admin,
                 const char        *munchkin_id,
                 const char        *client_id,
                 const char        *how)
{
  g_autoptr(JsonObject) account = json_object_new ();
  g_autoptr(JsonObject) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *upper_munchkin_id = g_ascii_strup (munchkin_id, -1);
  g_autofree char *lower_client_id = g_ascii_strdown (client_id, -1);

  json_object_set_string_member (account, "munchkinId", upper_munchkin_id);
  json_object_set_string_member (account, "clientId", lower_client_id);
  json_object_set_string_member (account, "instanceUrl", MARKETO_INSTANCE_URL);
  json_object_set_string_member (account, "apiUser", MARKETO_API_USER);

  if (!msi_demo_store_set_connection_connected (store, "marketo", admin->email, account,
                                                NULL, NULL, NULL, &error) ||
      (connection = dup_connection (store, "marketo", &error)) == NULL)
    {
      msi_demo_reply_internal_error (msg, error);
      return;
    }

  g_message ("marketo: connected by %s (%s)", admin->email, how);
  msi_demo_reply_object (msg, SOUP_STATUS_OK, connection);
}

static void
connect_marketo_automatically (MsiDemoServer     *server,
                               SoupServerMessage *msg,
                               MsiDemoUser       *admin)
{
  MsiDemoStore *store = msi_demo_server_get_store (server);
  g_autoptr(GError) error = NULL;
  g_autofree char *munchkin_id = NULL;
  g_autofree char *client_id = NULL;

  if (!dup_saved_credentials (store, &munchkin_id, &client_id, &error))
    {
      msi_demo_reply_internal_error (msg, error);
      return;
    }

  if (munchkin_id == NULL)
    {
      msi_demo_reply_problem (msg, SOUP_STATUS_CONFLICT, MSI_PROBLEM_MARKETO_NOT_ACTIVATED,
                              "The Sales account is not activated",
                              "Activate the Sales account first, or paste the data from Marketo's "
                              "Actions Config tab.");
      return;
    }

  if (GPOINTER_TO_INT (g_object_get_data (G_OBJECT (server), FAULT_MARKETO_UNREACHABLE)))
    {
      static const char title[] = "Marketo could not be reached";
      g_autofree char *detail = g_strdup_printf ("The Sales account service could not reach the Marketo "
                                                 "instance %s. Try again later, or paste the data from "
                                                 "Marketo's Actions Config tab.", munchkin_id);

      if (!msi_demo_store_set_connection_error (store, "marketo", MSI_PROBLEM_MARKETO_UNREACHABLE,
                                                title, detail, &error))
        {
          msi_demo_reply_internal_error (msg, error);
          return;
        }

      g_message ("marketo: the automatic connection failed (injected fault)");
      msi_demo_reply_problem (msg, SOUP_STATUS_BAD_GATEWAY, MSI_PROBLEM_MARKETO_UNREACHABLE, title, detail);
      return;
    }

  connect_marketo (store, msg, admin, munchkin_id, client_id, "automatic");
}

/**
 * msi_demo_activation_handle_connect:
 * @server: the #MsiDemoServer
 * @msg: the POST, with an admin's bearer token and an empty body or `{}`
 *   (automatic: with the activation's credentials) or
 *   `{munchkinId, clientId, clientSecret}` (pasted from Actions Config)
 * @params: "service": only "marketo" connects this way
 *
 * Connects Marketo and replies with the connection, as
 * `GET /api/v1/connections` lists it.
 */
void
msi_demo_activation_handle_connect (MsiDemoServer     *server,
                                    SoupServerMessage *msg,
                                    GHashTable        *params)
{
  g_autoptr(MsiDemoUser) admin = NULL;
  g_autoptr(JsonObject) body = NULL;
  const char *service = g_hash_table_lookup (params, "service");
  Credentials credentials = { NULL, };

  admin = msi_demo_authorize_admin (server, msg);
  if (admin == NULL)
    return;

  if (g_strcmp0 (service, "marketo") != 0)
    {
      g_autofree char *detail = NULL;

      if (g_strcmp0 (service, "salesforce") == 0)
        detail = g_strdup ("Salesforce connects with a sign-in page: ask for one with "
                           "POST /api/v1/connections/salesforce/authorization-url.");
      else
        detail = g_strdup_printf ("There is no service “%s” to connect; only marketo connects this way.",
                                  service);

      msi_demo_reply_problem (msg, SOUP_STATUS_BAD_REQUEST, NULL, NULL, detail);
      return;
    }

  body = msi_demo_read_json_object (msg, TRUE);
  if (body == NULL)
    return;

  if (!json_object_has_member (body, "munchkinId") &&
      !json_object_has_member (body, "clientId") &&
      !json_object_has_member (body, "clientSecret"))
    {
      connect_marketo_automatically (server, msg, admin);
      return;
    }

  if (!read_credentials (msg, body, "", &credentials) ||
      !check_credentials_with_marketo (msi_demo_server_get_store (server), msg, &credentials))
    return;

  connect_marketo (msi_demo_server_get_store (server), msg, admin,
                   credentials.munchkin_id, credentials.client_id, "pasted credentials");
}

/*
 * POST /__demo/faults
 */

/**
 * msi_demo_activation_handle_faults:
 * @server: the #MsiDemoServer
 * @msg: the POST: `{"marketoAutoConnect": "unreachable" | "ok"}`
 * @params: none
 *
 * Makes the automatic Marketo connection fail (502, marketo-unreachable)
 * or work again. Only with MSI_DEMO_TEST_HOOKS=1; otherwise the path does
 * not exist. Replies with the faults now in effect.
 */
void
msi_demo_activation_handle_faults (MsiDemoServer     *server,
                                   SoupServerMessage *msg,
                                   GHashTable        *params)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) reply = NULL;
  const char *marketo = NULL;
  gboolean unreachable;

  if (!msi_demo_server_get_test_hooks (server))
    {
      g_autofree char *detail = g_strdup_printf ("There is no resource at %s.",
                                                 g_uri_get_path (soup_server_message_get_uri (msg)));

      msi_demo_reply_problem (msg, SOUP_STATUS_NOT_FOUND, NULL, NULL, detail);
      return;
    }

  body = msi_demo_read_json_object (msg, FALSE);
  if (body == NULL ||
      !read_string (msg, body, "", "marketoAutoConnect", FALSE, FALSE, &marketo))
    return;

  if (marketo != NULL)
    {
      if (!g_str_equal (marketo, "unreachable") && !g_str_equal (marketo, "ok"))
        {
          reply_bad_member (msg, "", "marketoAutoConnect", "must be “unreachable” or “ok”");
          return;
        }

      g_object_set_data (G_OBJECT (server), FAULT_MARKETO_UNREACHABLE,
                         GINT_TO_POINTER (g_str_equal (marketo, "unreachable")));
    }

  unreachable = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (server), FAULT_MARKETO_UNREACHABLE));
  reply = json_object_new ();
  json_object_set_string_member (reply, "marketoAutoConnect", unreachable ? "unreachable" : "ok");
  msi_demo_reply_object (msg, SOUP_STATUS_OK, reply);
}

/*
 * PUT /api/v1/setup/salesforce-package
 */

typedef struct
{
  const char *state;
  const char *installed;
  const char *required;
} PackageReport;

static gboolean
save_package_in_transaction (MsiDemoStore  *store,
                             gpointer       user_data,
                             GError       **error)
{
  PackageReport *report = user_data;

  return set_member_string (store, "salesforcePackage.state", report->state, error) &&
         set_member_string (store, "salesforcePackage.installedVersion", report->installed, error) &&
         set_member_string (store, "salesforcePackage.requiredVersion", report->required, error);
}

static gboolean
reply_inconsistent_package (SoupServerMessage *msg,
                            const char        *detail)
{
  msi_demo_reply_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, NULL, NULL, detail);
  return FALSE;
}

/* The state must follow from the versions; FALSE after replying 422. */
static gboolean
check_package_state (SoupServerMessage   *msg,
                     const PackageReport *report,
                     const gint64         installed[4],
                     const gint64         required[4])
{
  if (g_str_equal (report->state, "not-installed") || g_str_equal (report->state, "unknown"))
    {
      if (report->installed != NULL)
        {
          g_autofree char *detail = g_strdup_printf ("A package that is “%s” has no installed version: "
                                                     "send installedVersion null.", report->state);

          return reply_inconsistent_package (msg, detail);
        }
      return TRUE;
    }

  if (report->installed == NULL)
    {
      g_autofree char *detail = g_strdup_printf ("A package that is “%s” is installed: send its "
                                                 "installedVersion.", report->state);

      return reply_inconsistent_package (msg, detail);
    }

  if (g_str_equal (report->state, "outdated") && compare_versions (installed, required) >= 0)
    {
      g_autofree char *detail = g_strdup_printf ("Version %s is not older than the required %s: the state "
                                                 "is “current”, not “outdated”.",
                                                 report->installed, report->required);

      return reply_inconsistent_package (msg, detail);
    }

  if (g_str_equal (report->state, "current") && compare_versions (installed, required) < 0)
    {
      g_autofree char *detail = g_strdup_printf ("Version %s is older than the required %s: the state is "
                                                 "“outdated”, not “current”.",
                                                 report->installed, report->required);

      return reply_inconsistent_package (msg, detail);
    }

  return TRUE;
}

/**
 * msi_demo_activation_handle_put_package:
 * @server: the #MsiDemoServer
 * @msg: the PUT, with an admin's bearer token and
 *   `{state, installedVersion, requiredVersion}`
 * @params: none
 *
 * Records what the app read from the Salesforce org about the MSI managed
 * package, for the checklist of every admin. Replies with the record.
 */
void
msi_demo_activation_handle_put_package (MsiDemoServer     *server,
                                        SoupServerMessage *msg,
                                        GHashTable        *params)
{
  static const char * const states[] = { "not-installed", "outdated", "current", "unknown", NULL };
  MsiDemoStore *store = msi_demo_server_get_store (server);
  g_autoptr(MsiDemoUser) admin = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(GError) error = NULL;
  PackageReport report = { NULL, };
  gint64 installed[4] = { 0, };
  gint64 required[4] = { 0, };

  admin = msi_demo_authorize_admin (server, msg);
  if (admin == NULL)
    return;

  body = msi_demo_read_json_object (msg, FALSE);
  if (body == NULL ||
      !read_string (msg, body, "", "state", TRUE, FALSE, &report.state) ||
      !read_string (msg, body, "", "installedVersion", FALSE, TRUE, &report.installed) ||
      !read_string (msg, body, "", "requiredVersion", TRUE, FALSE, &report.required))
    return;

  if (!g_strv_contains (states, report.state))
    {
      reply_bad_member (msg, "", "state", "must be “not-installed”, “outdated”, “current” or “unknown”");
      return;
    }

  if (report.installed != NULL && !parse_version (report.installed, installed))
    {
      reply_bad_member (msg, "", "installedVersion", "is not a version like 2.6.0");
      return;
    }

  if (!parse_version (report.required, required))
    {
      reply_bad_member (msg, "", "requiredVersion", "is not a version like 2.6.0");
      return;
    }

  if (!check_package_state (msg, &report, installed, required))
    return;

  if (!msi_demo_store_transaction (store, save_package_in_transaction, &report, &error))
    {
      msi_demo_reply_internal_error (msg, error);
      return;
    }

  g_message ("salesforce-package: %s reported %s", admin->email, report.state);

  reply = json_object_new ();
  json_object_set_string_member (reply, "state", report.state);
  if (report.installed != NULL)
    json_object_set_string_member (reply, "installedVersion", report.installed);
  else
    json_object_set_null_member (reply, "installedVersion");
  json_object_set_string_member (reply, "requiredVersion", report.required);
  msi_demo_reply_object (msg, SOUP_STATUS_OK, reply);
}

/*
 * GET / PUT /api/v1/setup/salesforce-configuration
 */

static const char *
configuration_state (gint64 completed,
                     gint64 total)
{
  if (completed == 0)
    return "not-started";
  if (completed >= total)
    return "done";
  return "in-progress";
}

/* The configuration as GET replies it: {completedItems, totalItems, state}. */
static JsonObject *
dup_configuration (MsiDemoStore  *store,
                   GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonNode) account = NULL;
  g_autoptr(JsonArray) items = json_array_new ();
  g_autoptr(JsonObject) configuration = json_object_new ();
  JsonObject *stored;
  int rc;

  account = msi_demo_store_dup_account (store, error);
  if (account == NULL)
    return NULL;

  stmt = msi_demo_store_prepare (store,
                                 "SELECT item FROM salesforce_configuration ORDER BY completed_at, item",
                                 "read the Salesforce configuration", error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    json_array_add_string_element (items, (const char *)sqlite3_column_text (stmt, 0));

  if (rc != SQLITE_DONE)
    {
      msi_demo_store_fail (store, "read the Salesforce configuration", error);
      return NULL;
    }

  stored = json_object_get_object_member (json_node_get_object (account), "salesforceConfiguration");
  json_object_set_array_member (configuration, "completedItems", g_steal_pointer (&items));
  json_object_set_int_member (configuration, "totalItems", json_object_get_int_member (stored, "totalItems"));
  json_object_set_string_member (configuration, "state", json_object_get_string_member (stored, "state"));

  return g_steal_pointer (&configuration);
}

/**
 * msi_demo_activation_handle_get_configuration:
 * @server: the #MsiDemoServer
 * @msg: the GET, with an admin's bearer token
 * @params: none
 *
 * Replies `{completedItems: [ids], totalItems, state}`.
 */
void
msi_demo_activation_handle_get_configuration (MsiDemoServer     *server,
                                              SoupServerMessage *msg,
                                              GHashTable        *params)
{
  g_autoptr(MsiDemoUser) admin = NULL;
  g_autoptr(JsonObject) configuration = NULL;
  g_autoptr(GError) error = NULL;

  admin = msi_demo_authorize_admin (server, msg);
  if (admin == NULL)
    return;

  configuration = dup_configuration (msi_demo_server_get_store (server), &error);
  if (configuration == NULL)
    {
      msi_demo_reply_internal_error (msg, error);
      return;
    }

  msi_demo_reply_object (msg, SOUP_STATUS_OK, configuration);
}

typedef struct
{
  GPtrArray  *items;  /* const char * */
  gint64      total;
  const char *completed_by;
} Configuration;

static gboolean
save_configuration_in_transaction (MsiDemoStore  *store,
                                   gpointer       user_data,
                                   GError       **error)
{
  Configuration *configuration = user_data;
  g_autoptr(sqlite3_stmt) select = NULL;
  g_autoptr(sqlite3_stmt) delete = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(GPtrArray) untick = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *now = msi_demo_format_now_utc ();
  int rc;

  /* Items ticked before keep when and by whom they were ticked. */
  select = msi_demo_store_prepare (store, "SELECT item FROM salesforce_configuration",
                                   "read the Salesforce configuration", error);
  if (select == NULL)
    return FALSE;

  while ((rc = sqlite3_step (select)) == SQLITE_ROW)
    {
      const char *item = (const char *)sqlite3_column_text (select, 0);

      if (!g_ptr_array_find_with_equal_func (configuration->items, item, g_str_equal, NULL))
        g_ptr_array_add (untick, g_strdup (item));
    }

  if (rc != SQLITE_DONE)
    return msi_demo_store_fail (store, "read the Salesforce configuration", error);

  delete = msi_demo_store_prepare (store, "DELETE FROM salesforce_configuration WHERE item = ?1",
                                   "prepare to untick a configuration item", error);
  if (delete == NULL)
    return FALSE;

  insert = msi_demo_store_prepare (store,
                                   "INSERT OR IGNORE INTO salesforce_configuration"
                                   " (item, completed_at, completed_by) VALUES (?1, ?2, ?3)",
                                   "prepare to tick a configuration item", error);
  if (insert == NULL)
    return FALSE;

  for (guint i = 0; i < untick->len; i++)
    {
      sqlite3_bind_text (delete, 1, g_ptr_array_index (untick, i), -1, SQLITE_STATIC);
      if (!msi_demo_store_step_done (store, delete, "untick a configuration item", error))
        return FALSE;
    }

  for (guint i = 0; i < configuration->items->len; i++)
    {
      sqlite3_bind_text (insert, 1, g_ptr_array_index (configuration->items, i), -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 2, now, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 3, configuration->completed_by, -1, SQLITE_STATIC);
      if (!msi_demo_store_step_done (store, insert, "tick a configuration item", error))
        return FALSE;
    }

  return set_member_string (store, "salesforceConfiguration.state",
                            configuration_state (configuration->items->len, configuration->total), error) &&
         set_member_int (store, "salesforceConfiguration.completedItems", configuration->items->len, error) &&
         set_member_int (store, "salesforceConfiguration.totalItems", configuration->total, error);
}

/**
 * msi_demo_activation_handle_put_configuration:
 * @server: the #MsiDemoServer
 * @msg: the PUT, with an admin's bearer token and
 *   `{completedItems: [ids], totalItems}`
 * @params: none
 *
 * Replaces the ticked items of the guided Salesforce configuration and
 * replies as GET does.
 */
void
msi_demo_activation_handle_put_configuration (MsiDemoServer     *server,
                                              SoupServerMessage *msg,
                                              GHashTable        *params)
{
  MsiDemoStore *store = msi_demo_server_get_store (server);
  g_autoptr(MsiDemoUser) admin = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  Configuration configuration = { NULL, };
  JsonArray *array;
  gint64 total = 0;

  admin = msi_demo_authorize_admin (server, msg);
  if (admin == NULL)
    return;

  body = msi_demo_read_json_object (msg, FALSE);
  if (body == NULL ||
      !read_array (msg, body, "completedItems", &array) ||
      !read_int (msg, body, "totalItems", &total))
    return;

  if (total < 1 || total > MAX_CONFIGURATION_ITEMS)
    {
      g_autofree char *problem = g_strdup_printf ("must be between 1 and %d", MAX_CONFIGURATION_ITEMS);

      reply_bad_member (msg, "", "totalItems", problem);
      return;
    }

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *name = g_strdup_printf ("completedItems[%u]", i);
      const char *item;

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
        {
          reply_bad_member (msg, "", name, "must be a string");
          return;
        }

      item = json_node_get_string (element);
      if (!item_id_is_valid (item))
        {
          reply_bad_member (msg, "", name,
                            "is not an item id: 1 to 64 lower-case letters, digits and hyphens");
          return;
        }

      if (g_ptr_array_find_with_equal_func (items, item, g_str_equal, NULL))
        {
          reply_bad_member (msg, "", name, "is listed twice");
          return;
        }

      g_ptr_array_add (items, (gpointer)item);
    }

  if ((gint64)items->len > total)
    {
      g_autofree char *detail = g_strdup_printf ("%u items are completed, but there are only %" G_GINT64_FORMAT
                                                 " (totalItems).", items->len, total);

      msi_demo_reply_problem (msg, SOUP_STATUS_BAD_REQUEST, NULL, NULL, detail);
      return;
    }

  configuration.items = items;
  configuration.total = total;
  configuration.completed_by = admin->email;

  if (!msi_demo_store_transaction (store, save_configuration_in_transaction, &configuration, &error) ||
      (reply = dup_configuration (store, &error)) == NULL)
    {
      msi_demo_reply_internal_error (msg, error);
      return;
    }

  g_message ("salesforce-configuration: %s ticked %u of %" G_GINT64_FORMAT " items",
             admin->email, items->len, total);
  msi_demo_reply_object (msg, SOUP_STATUS_OK, reply);
}

/*
 * The demo mailbox: GET /demo/outbox, DELETE /demo/outbox/{id}
 */

/* The outbox holds Get started links: only for this machine. FALSE after
 * replying 403. */
static gboolean
check_loopback (SoupServerMessage *msg)
{
  GSocketAddress *remote = soup_server_message_get_remote_address (msg);

  if (G_IS_INET_SOCKET_ADDRESS (remote) &&
      g_inet_address_get_is_loopback (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (remote))))
    return TRUE;

  msi_demo_reply_problem (msg, SOUP_STATUS_FORBIDDEN, NULL, NULL,
                          "The demo outbox can only be read from this computer.");
  return FALSE;
}

/**
 * msi_demo_activation_handle_get_outbox:
 * @server: the #MsiDemoServer
 * @msg: the GET (no bearer: the demo mailbox)
 * @params: none
 *
 * Replies `{messages: [{id, sentAt, to, toName, subject, body, link}]}`,
 * newest first.
 */
void
msi_demo_activation_handle_get_outbox (MsiDemoServer     *server,
                                       SoupServerMessage *msg,
                                       GHashTable        *params)
{
  MsiDemoStore *store = msi_demo_server_get_store (server);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonArray) messages = json_array_new ();
  g_autoptr(JsonObject) reply = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *base_uri = msi_demo_server_dup_base_uri (server);
  int rc;

  if (!check_loopback (msg))
    return;

  stmt = msi_demo_store_prepare (store,
                                 "SELECT id, sent_at, to_address, to_name, subject, body, link"
                                 "  FROM outbox ORDER BY id DESC",
                                 "read the outbox", &error);
  if (stmt == NULL)
    {
      msi_demo_reply_internal_error (msg, error);
      return;
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(JsonObject) message = json_object_new ();
      const char *link = (const char *)sqlite3_column_text (stmt, 6);
      /* Links of mails an earlier run sent point at this run's port. */
      g_autofree char *body = msi_demo_relink_invitations ((const char *)sqlite3_column_text (stmt, 5), base_uri);

      json_object_set_int_member (message, "id", sqlite3_column_int64 (stmt, 0));
      json_object_set_string_member (message, "sentAt", (const char *)sqlite3_column_text (stmt, 1));
      json_object_set_string_member (message, "to", (const char *)sqlite3_column_text (stmt, 2));
      json_object_set_member (message, "toName", msi_demo_store_column_nullable_text (stmt, 3));
      json_object_set_string_member (message, "subject", (const char *)sqlite3_column_text (stmt, 4));
      json_object_set_string_member (message, "body", body);
      if (link != NULL)
        {
          g_autofree char *current = msi_demo_relink_invitations (link, base_uri);

          json_object_set_string_member (message, "link", current);
        }
      else
        {
          json_object_set_null_member (message, "link");
        }
      json_array_add_object_element (messages, g_steal_pointer (&message));
    }

  if (rc != SQLITE_DONE)
    {
      msi_demo_store_fail (store, "read the outbox", &error);
      msi_demo_reply_internal_error (msg, error);
      return;
    }

  json_object_set_array_member (reply, "messages", g_steal_pointer (&messages));
  msi_demo_reply_object (msg, SOUP_STATUS_OK, reply);
}

/**
 * msi_demo_activation_handle_delete_outbox:
 * @server: the #MsiDemoServer
 * @msg: the DELETE (no bearer: the demo mailbox)
 * @params: "id": the message's id
 *
 * Deletes one message: 204, or 404 when there is none with that id.
 */
void
msi_demo_activation_handle_delete_outbox (MsiDemoServer     *server,
                                          SoupServerMessage *msg,
                                          GHashTable        *params)
{
  MsiDemoStore *store = msi_demo_server_get_store (server);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  const char *id_text = g_hash_table_lookup (params, "id");
  guint64 id = 0;

  if (!check_loopback (msg))
    return;

  if (!g_ascii_string_to_unsigned (id_text, 10, 1, G_MAXINT64, &id, NULL))
    {
      g_autofree char *detail = g_strdup_printf ("There is no message “%s” in the outbox.", id_text);

      msi_demo_reply_problem (msg, SOUP_STATUS_NOT_FOUND, NULL, NULL, detail);
      return;
    }

  stmt = msi_demo_store_prepare (store, "DELETE FROM outbox WHERE id = ?1",
                                 "prepare to delete a mail", &error);
  if (stmt == NULL)
    {
      msi_demo_reply_internal_error (msg, error);
      return;
    }

  sqlite3_bind_int64 (stmt, 1, (gint64)id);
  if (!msi_demo_store_step_done (store, stmt, "delete a mail", &error))
    {
      msi_demo_reply_internal_error (msg, error);
      return;
    }

  if (sqlite3_changes (msi_demo_store_get_db (store)) == 0)
    {
      g_autofree char *detail = g_strdup_printf ("There is no message %" G_GUINT64_FORMAT " in the outbox.", id);

      msi_demo_reply_problem (msg, SOUP_STATUS_NOT_FOUND, NULL, NULL, detail);
      return;
    }

  soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
}
