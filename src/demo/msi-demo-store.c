/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-demo-store.c: SQLite persistence for the demo Actions service */

#define G_LOG_DOMAIN "msi-demo-store"

#include "config.h"

#include "msi-demo-store.h"

#include <errno.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

struct _MsiDemoStore
{
  GObject  parent_instance;

  char    *path;
  sqlite3 *db;
};

enum {
  PROP_0,
  PROP_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void msi_demo_store_initable_iface_init (GInitableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MsiDemoStore, msi_demo_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE,
                                                      msi_demo_store_initable_iface_init))

G_DEFINE_QUARK (msi-demo-store-error-quark, msi_demo_store_error)

/*
 * Schema
 *
 * migrations[N] upgrades a database from schema version N to N + 1; the
 * version lives in PRAGMA user_version. To change the schema, append an
 * entry (never edit one that has shipped), bump
 * MSI_DEMO_STORE_SCHEMA_VERSION, and list new tables in drop_sql.
 */
static const char * const migrations[] = {
  /* 0 → 1: account key/value pairs and the service connections. The
   * account value column has no declared type on purpose: integers stay
   * integers, text stays text and NULL stays NULL. */
  "CREATE TABLE account ("
  "  key   TEXT PRIMARY KEY NOT NULL,"
  "  value"
  ");"
  "CREATE TABLE connections ("
  "  service      TEXT PRIMARY KEY NOT NULL,"
  "  position     INTEGER NOT NULL,"
  "  status       TEXT NOT NULL DEFAULT 'disconnected'"
  "               CHECK (status IN ('disconnected', 'connected', 'error')),"
  "  connected_at TEXT,"
  "  connected_by TEXT,"
  "  account_json TEXT,"
  "  error_title  TEXT,"
  "  error_detail TEXT"
  ");",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == MSI_DEMO_STORE_SCHEMA_VERSION);

/* Removes every table, so that a reset rebuilds the schema from scratch. */
static const char drop_sql[] =
  "DROP TABLE IF EXISTS connections;"
  "DROP TABLE IF EXISTS account;"
  "PRAGMA user_version = 0;";

/*
 * Account
 *
 * The account is stored as key/value pairs; each key is the dotted path of
 * the member in the JSON served at /api/v1/account. This table defines
 * both the shape (in member order) and the seed values. To add a member,
 * add a row here; existing databases get the seed value on next start.
 */
typedef enum
{
  FIELD_STRING,
  FIELD_NULLABLE_STRING,
  FIELD_INT,
} FieldKind;

typedef struct
{
  const char *key;
  FieldKind   kind;
  const char *seed_text; /* for string kinds; NULL means null */
  gint64      seed_int;  /* for FIELD_INT */
} AccountField;

static const AccountField account_fields[] = {
  { "id",                                     FIELD_STRING,          NULL, 0 }, /* generated */
  { "name",                                   FIELD_STRING,          "Northwind Traders", 0 },
  { "createdAt",                              FIELD_STRING,          NULL, 0 }, /* generated */
  { "marketo.munchkinId",                     FIELD_STRING,          "284-RPR-133", 0 },
  { "activation.state",                       FIELD_STRING,          "not-activated", 0 },
  { "activation.invitedAdmins",               FIELD_INT,             NULL, 0 },
  { "limits.seats",                           FIELD_INT,             NULL, 100 },
  { "limits.teams",                           FIELD_INT,             NULL, 20 },
  { "limits.syncedFields",                    FIELD_INT,             NULL, 13 },
  { "limits.emailIdentitiesPerUser",          FIELD_INT,             NULL, 2 },
  { "usage.seats",                            FIELD_INT,             NULL, 0 },
  { "usage.pendingInvitations",               FIELD_INT,             NULL, 0 },
  { "usage.invitedUsers",                     FIELD_INT,             NULL, 0 },
  { "usage.teams",                            FIELD_INT,             NULL, 1 },
  { "usage.syncedFields",                     FIELD_INT,             NULL, 0 },
  { "sync.state",                             FIELD_STRING,          "never", 0 },
  { "sync.lastCompletedAt",                   FIELD_NULLABLE_STRING, NULL, 0 },
  { "salesforcePackage.state",                FIELD_STRING,          "unknown", 0 },
  { "salesforcePackage.installedVersion",     FIELD_NULLABLE_STRING, NULL, 0 },
  { "salesforcePackage.requiredVersion",      FIELD_STRING,          "2.6.0", 0 },
  { "salesforceConfiguration.state",          FIELD_STRING,          "not-started", 0 },
  { "salesforceConfiguration.completedItems", FIELD_INT,             NULL, 0 },
  { "salesforceConfiguration.totalItems",     FIELD_INT,             NULL, 6 },
};

/* Connections, in the order they are listed. */
static const char * const connection_services[] = {
  "salesforce",
  "marketo",
};

typedef gboolean (*StoreTransactionFunc) (MsiDemoStore  *self,
                                          GError       **error);

static gboolean
store_sql_error (MsiDemoStore  *self,
                 const char    *what,
                 GError       **error)
{
  g_assert (MSI_IS_DEMO_STORE (self));
  g_assert (what != NULL);

  g_set_error (error,
               MSI_DEMO_STORE_ERROR,
               MSI_DEMO_STORE_ERROR_SQL,
               "Could not %s in the demo database “%s”: %s",
               what, self->path, sqlite3_errmsg (self->db));
  return FALSE;
}

/* Runs constant SQL (never SQL that contains data). */
static gboolean
store_exec (MsiDemoStore  *self,
            const char    *sql,
            const char    *what,
            GError       **error)
{
  g_assert (MSI_IS_DEMO_STORE (self));
  g_assert (self->db != NULL);

  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return store_sql_error (self, what, error);

  return TRUE;
}

static sqlite3_stmt *
store_prepare (MsiDemoStore  *self,
               const char    *sql,
               const char    *what,
               GError       **error)
{
  sqlite3_stmt *stmt = NULL;

  g_assert (MSI_IS_DEMO_STORE (self));
  g_assert (self->db != NULL);

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      store_sql_error (self, what, error);
      return NULL;
    }

  return stmt;
}

/* Steps a statement that returns no rows, then resets it for reuse. */
static gboolean
store_step_done (MsiDemoStore  *self,
                 sqlite3_stmt  *stmt,
                 const char    *what,
                 GError       **error)
{
  int rc;

  g_assert (MSI_IS_DEMO_STORE (self));
  g_assert (stmt != NULL);

  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  if (rc != SQLITE_DONE)
    return store_sql_error (self, what, error);

  return TRUE;
}

static gboolean
store_transaction (MsiDemoStore          *self,
                   StoreTransactionFunc   func,
                   GError               **error)
{
  g_assert (MSI_IS_DEMO_STORE (self));
  g_assert (func != NULL);

  if (!store_exec (self, "BEGIN IMMEDIATE", "start a transaction", error))
    return FALSE;

  if (func (self, error) &&
      store_exec (self, "COMMIT", "commit a transaction", error))
    return TRUE;

  /* SQLite may already have rolled back on some errors. */
  if (!sqlite3_get_autocommit (self->db))
    {
      g_autoptr(GError) rollback_error = NULL;

      if (!store_exec (self, "ROLLBACK", "roll back a transaction", &rollback_error))
        g_warning ("%s", rollback_error->message);
    }

  return FALSE;
}

static char *
generate_account_id (void)
{
  static const char hex[] = "0123456789abcdef";
  GString *id = g_string_new ("acc_");

  /* Demo data, not a secret: g_random is good enough. */
  for (guint i = 0; i < 12; i++)
    g_string_append_c (id, hex[g_random_int_range (0, 16)]);

  return g_string_free (id, FALSE);
}

static char *
format_now_utc (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

/* Inserts the seed values of the account members that are missing. */
static gboolean
store_seed_account (MsiDemoStore  *self,
                    GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *id = generate_account_id ();
  g_autofree char *created_at = format_now_utc ();

  g_assert (MSI_IS_DEMO_STORE (self));

  stmt = store_prepare (self,
                        "INSERT OR IGNORE INTO account (key, value) VALUES (?1, ?2)",
                        "prepare the account seed",
                        error);
  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (account_fields); i++)
    {
      const AccountField *field = &account_fields[i];
      const char *text = field->seed_text;

      if (g_str_equal (field->key, "id"))
        text = id;
      else if (g_str_equal (field->key, "createdAt"))
        text = created_at;

      sqlite3_bind_text (stmt, 1, field->key, -1, SQLITE_STATIC);

      if (field->kind == FIELD_INT)
        sqlite3_bind_int64 (stmt, 2, field->seed_int);
      else if (text != NULL)
        sqlite3_bind_text (stmt, 2, text, -1, SQLITE_TRANSIENT);
      else
        sqlite3_bind_null (stmt, 2);

      if (!store_step_done (self, stmt, "seed the account", error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
store_seed_connections (MsiDemoStore  *self,
                        GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert (MSI_IS_DEMO_STORE (self));

  stmt = store_prepare (self,
                        "INSERT OR IGNORE INTO connections (service, position, status)"
                        " VALUES (?1, ?2, 'disconnected')",
                        "prepare the connection seed",
                        error);
  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (connection_services); i++)
    {
      sqlite3_bind_text (stmt, 1, connection_services[i], -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 2, (int) i);

      if (!store_step_done (self, stmt, "seed the connections", error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
store_get_user_version (MsiDemoStore  *self,
                        int           *version,
                        GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert (MSI_IS_DEMO_STORE (self));
  g_assert (version != NULL);

  stmt = store_prepare (self, "PRAGMA user_version", "read the schema version", error);
  if (stmt == NULL)
    return FALSE;

  if (sqlite3_step (stmt) != SQLITE_ROW)
    return store_sql_error (self, "read the schema version", error);

  *version = sqlite3_column_int (stmt, 0);

  return TRUE;
}

static gboolean
store_has_account (MsiDemoStore  *self,
                   gboolean      *has_account,
                   GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert (MSI_IS_DEMO_STORE (self));
  g_assert (has_account != NULL);

  stmt = store_prepare (self,
                        "SELECT EXISTS (SELECT 1 FROM account)",
                        "look for the account",
                        error);
  if (stmt == NULL)
    return FALSE;

  if (sqlite3_step (stmt) != SQLITE_ROW)
    return store_sql_error (self, "look for the account", error);

  *has_account = sqlite3_column_int (stmt, 0) != 0;

  return TRUE;
}

/* Must run inside a transaction. */
static gboolean
store_migrate_and_seed (MsiDemoStore  *self,
                        GError       **error)
{
  gboolean has_account = FALSE;
  int version = 0;

  g_assert (MSI_IS_DEMO_STORE (self));

  if (!store_get_user_version (self, &version, error))
    return FALSE;

  if (version < 0 || version > MSI_DEMO_STORE_SCHEMA_VERSION)
    {
      g_set_error (error,
                   MSI_DEMO_STORE_ERROR,
                   MSI_DEMO_STORE_ERROR_SCHEMA,
                   "The demo database “%s” has schema version %d, but this "
                   "program supports version %d at most; use --reset or "
                   "another data directory",
                   self->path, version, MSI_DEMO_STORE_SCHEMA_VERSION);
      return FALSE;
    }

  for (int v = version; v < MSI_DEMO_STORE_SCHEMA_VERSION; v++)
    {
      g_debug ("Migrating “%s” to schema version %d", self->path, v + 1);

      if (!store_exec (self, migrations[v], "update the schema", error))
        return FALSE;
    }

  if (version != MSI_DEMO_STORE_SCHEMA_VERSION &&
      !store_exec (self,
                   "PRAGMA user_version = " G_STRINGIFY (MSI_DEMO_STORE_SCHEMA_VERSION),
                   "write the schema version",
                   error))
    return FALSE;

  if (!store_has_account (self, &has_account, error))
    return FALSE;

  if (!has_account)
    g_message ("Seeding demo data in “%s”", self->path);

  /* Both seeds only insert what is missing, so running them on every start
   * also fills in members added to the tables above. */
  return store_seed_account (self, error) &&
         store_seed_connections (self, error);
}

static gboolean
store_drop_and_seed (MsiDemoStore  *self,
                     GError       **error)
{
  g_assert (MSI_IS_DEMO_STORE (self));

  return store_exec (self, drop_sql, "delete the demo state", error) &&
         store_migrate_and_seed (self, error);
}

static gboolean
msi_demo_store_initable_init (GInitable     *initable,
                              GCancellable  *cancellable,
                              GError       **error)
{
  MsiDemoStore *self = MSI_DEMO_STORE (initable);
  int rc;

  g_assert (MSI_IS_DEMO_STORE (self));

  if (self->path == NULL || self->path[0] == '\0')
    {
      g_set_error_literal (error,
                           MSI_DEMO_STORE_ERROR,
                           MSI_DEMO_STORE_ERROR_OPEN,
                           "No path was given for the demo database");
      return FALSE;
    }

  rc = sqlite3_open_v2 (self->path,
                        &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                        NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error,
                   MSI_DEMO_STORE_ERROR,
                   MSI_DEMO_STORE_ERROR_OPEN,
                   "Could not open the demo database “%s”: %s",
                   self->path,
                   self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      g_clear_pointer (&self->db, sqlite3_close);
      return FALSE;
    }

  /* The file exists now but holds no data yet: restrict it before writing. */
  if (g_chmod (self->path, 0600) != 0)
    {
      int errsv = errno;

      g_set_error (error,
                   MSI_DEMO_STORE_ERROR,
                   MSI_DEMO_STORE_ERROR_OPEN,
                   "Could not make the demo database “%s” private: %s",
                   self->path, g_strerror (errsv));
      g_clear_pointer (&self->db, sqlite3_close);
      return FALSE;
    }

  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, 5000);

  if (!store_exec (self, "PRAGMA journal_mode = WAL", "enable write-ahead logging", error) ||
      !store_exec (self, "PRAGMA foreign_keys = ON", "enable foreign keys", error) ||
      !store_transaction (self, store_migrate_and_seed, error))
    {
      g_clear_pointer (&self->db, sqlite3_close);
      return FALSE;
    }

  return TRUE;
}

static void
msi_demo_store_initable_iface_init (GInitableIface *iface)
{
  iface->init = msi_demo_store_initable_init;
}

static void
msi_demo_store_finalize (GObject *object)
{
  MsiDemoStore *self = (MsiDemoStore *)object;

  if (self->db != NULL)
    {
      if (sqlite3_close (self->db) != SQLITE_OK)
        g_warning ("Could not close the demo database “%s”: %s",
                   self->path, sqlite3_errmsg (self->db));
      else
        g_debug ("Closed the demo database “%s”", self->path);

      self->db = NULL;
    }

  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (msi_demo_store_parent_class)->finalize (object);
}

static void
msi_demo_store_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  MsiDemoStore *self = MSI_DEMO_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
msi_demo_store_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  MsiDemoStore *self = MSI_DEMO_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_assert (self->path == NULL);
      self->path = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
msi_demo_store_class_init (MsiDemoStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = msi_demo_store_finalize;
  object_class->get_property = msi_demo_store_get_property;
  object_class->set_property = msi_demo_store_set_property;

  /**
   * MsiDemoStore:path:
   *
   * The file name of the SQLite database.
   */
  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
msi_demo_store_init (MsiDemoStore *self)
{
}

/**
 * msi_demo_store_open:
 * @path: the file name of the SQLite database
 * @error: return location for an error
 *
 * Opens (creating it if needed, with mode 0600) the demo database at
 * @path, brings its schema up to date and seeds demo data if it is empty.
 *
 * Returns: (transfer full): a new store, or %NULL with @error set
 */
MsiDemoStore *
msi_demo_store_open (const char  *path,
                     GError     **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return g_initable_new (MSI_TYPE_DEMO_STORE, NULL, error,
                         "path", path,
                         NULL);
}

/**
 * msi_demo_store_get_path:
 * @self: a #MsiDemoStore
 *
 * Returns: the file name of the database
 */
const char *
msi_demo_store_get_path (MsiDemoStore *self)
{
  g_return_val_if_fail (MSI_IS_DEMO_STORE (self), NULL);

  return self->path;
}

/**
 * msi_demo_store_reset:
 * @self: a #MsiDemoStore
 * @error: return location for an error
 *
 * Deletes all demo state and seeds fresh demo data (with a new account
 * id), in a single transaction.
 *
 * Returns: %TRUE on success
 */
gboolean
msi_demo_store_reset (MsiDemoStore  *self,
                      GError       **error)
{
  g_return_val_if_fail (MSI_IS_DEMO_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_message ("Resetting the demo state in “%s”", self->path);

  return store_transaction (self, store_drop_and_seed, error);
}

static gboolean
corrupt_error (MsiDemoStore  *self,
               const char    *key,
               const char    *problem,
               GError       **error)
{
  g_set_error (error,
               MSI_DEMO_STORE_ERROR,
               MSI_DEMO_STORE_ERROR_CORRUPT,
               "Account member “%s” %s in the demo database “%s”",
               key, problem, self->path);
  return FALSE;
}

/* Adds @value at the dotted @key of @root, creating objects on the way. */
static void
json_object_set_path (JsonObject *root,
                      const char *key,
                      JsonNode   *value)
{
  g_auto(GStrv) parts = g_strsplit (key, ".", -1);
  JsonObject *object = root;
  guint n_parts = g_strv_length (parts);

  g_assert (n_parts > 0);

  for (guint i = 0; i + 1 < n_parts; i++)
    {
      JsonObject *child = NULL;

      if (json_object_has_member (object, parts[i]))
        child = json_object_get_object_member (object, parts[i]);

      if (child == NULL)
        {
          child = json_object_new ();
          json_object_set_object_member (object, parts[i], child);
        }

      object = child;
    }

  json_object_set_member (object, parts[n_parts - 1], value);
}

static JsonNode *
column_to_json (sqlite3_stmt *stmt,
                int           column)
{
  switch (sqlite3_column_type (stmt, column))
    {
    case SQLITE_NULL:
      return json_node_new (JSON_NODE_NULL);

    case SQLITE_INTEGER:
      return json_node_init_int (json_node_alloc (), sqlite3_column_int64 (stmt, column));

    case SQLITE_FLOAT:
      return json_node_init_double (json_node_alloc (), sqlite3_column_double (stmt, column));

    case SQLITE_TEXT:
    case SQLITE_BLOB:
    default:
      return json_node_init_string (json_node_alloc (),
                                    (const char *)sqlite3_column_text (stmt, column));
    }
}

static gboolean
field_matches (const AccountField *field,
               JsonNode           *value)
{
  switch (field->kind)
    {
    case FIELD_STRING:
      return JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING;

    case FIELD_NULLABLE_STRING:
      return JSON_NODE_HOLDS_NULL (value) ||
             (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING);

    case FIELD_INT:
      return JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_INT64;

    default:
      g_assert_not_reached ();
    }
}

/**
 * msi_demo_store_dup_account:
 * @self: a #MsiDemoStore
 * @error: return location for an error
 *
 * Builds the account object served at `GET /api/v1/account`.
 *
 * Returns: (transfer full): a JSON object node, or %NULL with @error set
 */
JsonNode *
msi_demo_store_dup_account (MsiDemoStore  *self,
                            GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GHashTable) values = NULL;
  g_autoptr(JsonObject) root = NULL;
  int rc;

  g_return_val_if_fail (MSI_IS_DEMO_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = store_prepare (self, "SELECT key, value FROM account", "read the account", error);
  if (stmt == NULL)
    return NULL;

  values = g_hash_table_new_full (g_str_hash, g_str_equal,
                                  g_free, (GDestroyNotify) json_node_unref);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_insert (values,
                         g_strdup ((const char *)sqlite3_column_text (stmt, 0)),
                         column_to_json (stmt, 1));

  if (rc != SQLITE_DONE)
    {
      store_sql_error (self, "read the account", error);
      return NULL;
    }

  root = json_object_new ();

  for (guint i = 0; i < G_N_ELEMENTS (account_fields); i++)
    {
      const AccountField *field = &account_fields[i];
      JsonNode *value = g_hash_table_lookup (values, field->key);

      if (value == NULL)
        {
          corrupt_error (self, field->key, "is missing", error);
          return NULL;
        }

      if (!field_matches (field, value))
        {
          corrupt_error (self, field->key, "has the wrong type", error);
          return NULL;
        }

      json_object_set_path (root, field->key, json_node_ref (value));
    }

  return json_node_init_object (json_node_alloc (), root);
}

static JsonNode *
nullable_string_node (sqlite3_stmt *stmt,
                      int           column)
{
  const char *text = (const char *)sqlite3_column_text (stmt, column);

  if (text == NULL)
    return json_node_new (JSON_NODE_NULL);

  return json_node_init_string (json_node_alloc (), text);
}

/**
 * msi_demo_store_dup_connections:
 * @self: a #MsiDemoStore
 * @error: return location for an error
 *
 * Builds the object served at `GET /api/v1/connections`:
 * `{ "connections": [ ... ] }`, in display order.
 *
 * Returns: (transfer full): a JSON object node, or %NULL with @error set
 */
JsonNode *
msi_demo_store_dup_connections (MsiDemoStore  *self,
                                GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonArray) connections = NULL;
  g_autoptr(JsonObject) root = NULL;
  int rc;

  g_return_val_if_fail (MSI_IS_DEMO_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = store_prepare (self,
                        "SELECT service, status, connected_at, connected_by,"
                        "       account_json, error_title, error_detail"
                        "  FROM connections"
                        " ORDER BY position, service",
                        "read the connections",
                        error);
  if (stmt == NULL)
    return NULL;

  connections = json_array_new ();

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(JsonObject) connection = json_object_new ();
      const char *service = (const char *)sqlite3_column_text (stmt, 0);
      const char *account_json = (const char *)sqlite3_column_text (stmt, 4);
      const char *error_title = (const char *)sqlite3_column_text (stmt, 5);
      const char *error_detail = (const char *)sqlite3_column_text (stmt, 6);

      json_object_set_string_member (connection, "service", service);
      json_object_set_member (connection, "status", nullable_string_node (stmt, 1));
      json_object_set_member (connection, "connectedAt", nullable_string_node (stmt, 2));
      json_object_set_member (connection, "connectedBy", nullable_string_node (stmt, 3));

      if (account_json != NULL)
        {
          g_autoptr(GError) parse_error = NULL;
          JsonNode *account = json_from_string (account_json, &parse_error);

          if (account == NULL || !JSON_NODE_HOLDS_OBJECT (account))
            {
              g_set_error (error,
                           MSI_DEMO_STORE_ERROR,
                           MSI_DEMO_STORE_ERROR_CORRUPT,
                           "The %s connection in the demo database “%s” has an invalid account: %s",
                           service, self->path,
                           parse_error != NULL ? parse_error->message : "not an object");
              g_clear_pointer (&account, json_node_unref);
              return NULL;
            }

          json_object_set_member (connection, "account", account);
        }
      else
        {
          json_object_set_null_member (connection, "account");
        }

      if (error_title != NULL)
        {
          g_autoptr(JsonObject) problem = json_object_new ();

          json_object_set_string_member (problem, "title", error_title);
          json_object_set_string_member (problem, "detail", error_detail != NULL ? error_detail : "");
          json_object_set_object_member (connection, "error", g_steal_pointer (&problem));
        }
      else
        {
          json_object_set_null_member (connection, "error");
        }

      json_array_add_object_element (connections, g_steal_pointer (&connection));
    }

  if (rc != SQLITE_DONE)
    {
      store_sql_error (self, "read the connections", error);
      return NULL;
    }

  root = json_object_new ();
  json_object_set_array_member (root, "connections", g_steal_pointer (&connections));

  return json_node_init_object (json_node_alloc (), root);
}
