/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-demo-store.c: SQLite persistence for the demo Actions service */

/*
 * Seeded sign-in accounts of the demo authorization servers (see
 * demo_users below; the passwords are demo data, stored as SHA-256):
 *
 *   Actions     admin@northwind.example   demo-admin        role admin
 *   Actions     rep@northwind.example     demo-user         role user
 *   Salesforce  admin@northwind.example   demo-salesforce   API Enabled
 *   Salesforce  rep@northwind.example     demo-salesforce   API Enabled
 *   Salesforce  noapi@northwind.example   demo-salesforce   profile without API Enabled
 *   Salesforce  sandbox@northwind.example demo-salesforce   a sandbox org
 *   Salesforce  pe@northwind.example      demo-salesforce   a Professional Edition org (no API)
 *   Salesforce  tomas.eriksen@northwind.example   demo-salesforce   profile without API Enabled
 *   Salesforce  l.hoffmann@northwind-crm.example  demo-salesforce   Lena Hoffmann, whose Salesforce
 *                                                                   e-mail is not her Sales account's
 *   Microsoft   rep@northwind.example     demo-outlook
 *   Google      rep@northwind.example     demo-gmail
 *   Google      riley.rep@gmail.example   demo-gmail        a second mailbox (the identity limit)
 *
 * Actions users who were invited sign in with their invitation link
 * (msi-demo-onboarding.c adds them here when it opens their session).
 *
 * Codes, tokens and session ids are stored only as their SHA-256 (hex), so
 * that no issued credential is ever on disk in clear.
 */

#define G_LOG_DOMAIN "msi-demo-store"

#include "config.h"

#include "msi-demo-store.h"
#include "msi-demo-store-private.h"

#include <errno.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

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

  /* 1 → 2: the demo authorization servers: their users, what they issued
   * (codes, tokens, sessions: only hashes) and remembered consents. */
  "CREATE TABLE oauth_users ("
  "  provider        TEXT NOT NULL,"
  "  email           TEXT NOT NULL,"
  "  password_sha256 TEXT NOT NULL,"
  "  id              TEXT NOT NULL,"
  "  name            TEXT NOT NULL,"
  "  given_name      TEXT NOT NULL,"
  "  family_name     TEXT NOT NULL,"
  "  role            TEXT NOT NULL DEFAULT 'user',"
  "  api_enabled     INTEGER NOT NULL DEFAULT 1,"
  "  PRIMARY KEY (provider, email)"
  ");"
  "CREATE TABLE oauth_credentials ("
  "  hash           TEXT PRIMARY KEY NOT NULL,"
  "  provider       TEXT NOT NULL,"
  "  kind           TEXT NOT NULL"
  "                 CHECK (kind IN ('session', 'code', 'access', 'refresh')),"
  "  grant_id       TEXT NOT NULL,"
  "  client_id      TEXT,"
  "  email          TEXT NOT NULL,"
  "  scope          TEXT NOT NULL DEFAULT '',"
  "  redirect_uri   TEXT,"
  "  code_challenge TEXT,"
  "  nonce          TEXT,"
  "  offline        INTEGER NOT NULL DEFAULT 0,"
  "  issued_at      INTEGER NOT NULL,"
  "  expires_at     INTEGER NOT NULL DEFAULT 0,"
  "  spent          INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE INDEX oauth_credentials_grant ON oauth_credentials (grant_id);"
  "CREATE TABLE oauth_consents ("
  "  provider  TEXT NOT NULL,"
  "  email     TEXT NOT NULL,"
  "  client_id TEXT NOT NULL,"
  "  scope     TEXT NOT NULL,"
  "  PRIMARY KEY (provider, email, client_id)"
  ");",

  /* 2 → 3: service connections made by the Actions service as an OAuth
   * client: the authorization requests it started (the state only as its
   * SHA-256, looked up by a selector, its first characters) and, per
   * connection, the grant and the SHA-256 of the tokens it holds. */
  "ALTER TABLE connections ADD COLUMN grant_id TEXT;"
  "ALTER TABLE connections ADD COLUMN access_token_sha256 TEXT;"
  "ALTER TABLE connections ADD COLUMN refresh_token_sha256 TEXT;"
  "CREATE TABLE pending_connections ("
  "  selector      TEXT PRIMARY KEY NOT NULL,"
  "  state_sha256  TEXT NOT NULL,"
  "  service       TEXT NOT NULL REFERENCES connections (service),"
  "  admin_email   TEXT NOT NULL,"
  "  code_verifier TEXT NOT NULL,"
  "  created_at    INTEGER NOT NULL,"
  "  expires_at    INTEGER NOT NULL"
  ");",

  /* 3 → 4: the admin pane (issue 4). The Sales account's activation (the
   * Marketo credentials it was given, the secret only as its SHA-256; the
   * admins it invited), invitation tokens (SHA-256) and the mail outbox
   * that holds the welcome mails; the emulated Salesforce org's installed
   * packages and the MSI configuration items an admin ticked off; a
   * machine-readable type for a connection's error. */
  "CREATE TABLE marketo_credentials ("
  "  id                   INTEGER PRIMARY KEY CHECK (id = 1),"
  "  munchkin_id          TEXT NOT NULL,"
  "  client_id            TEXT NOT NULL,"
  "  client_secret_sha256 TEXT NOT NULL,"
  "  saved_at             TEXT NOT NULL,"
  "  saved_by             TEXT NOT NULL"
  ");"
  "CREATE TABLE activation_admins ("
  "  email       TEXT PRIMARY KEY NOT NULL,"
  "  first_name  TEXT NOT NULL,"
  "  last_name   TEXT NOT NULL,"
  "  invited_at  TEXT NOT NULL,"
  "  invited_by  TEXT NOT NULL,"
  "  accepted_at TEXT"
  ");"
  "CREATE TABLE invitations ("
  "  token_sha256 TEXT PRIMARY KEY NOT NULL,"
  "  email        TEXT NOT NULL,"
  "  kind         TEXT NOT NULL CHECK (kind IN ('admin', 'user')),"
  "  created_at   INTEGER NOT NULL,"
  "  expires_at   INTEGER NOT NULL,"
  "  used_at      INTEGER"
  ");"
  "CREATE INDEX invitations_email ON invitations (email);"
  "CREATE TABLE outbox ("
  "  id         INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  sent_at    TEXT NOT NULL,"
  "  to_address TEXT NOT NULL,"
  "  to_name    TEXT,"
  "  subject    TEXT NOT NULL,"
  "  body       TEXT NOT NULL,"
  "  link       TEXT"
  ");"
  "CREATE TABLE salesforce_packages ("
  "  package_id   TEXT PRIMARY KEY NOT NULL,"
  "  namespace    TEXT,"
  "  name         TEXT NOT NULL,"
  "  version_id   TEXT NOT NULL,"
  "  version_name TEXT NOT NULL,"
  "  major        INTEGER NOT NULL,"
  "  minor        INTEGER NOT NULL,"
  "  patch        INTEGER NOT NULL,"
  "  build        INTEGER NOT NULL,"
  "  installed_at TEXT NOT NULL"
  ");"
  "INSERT INTO salesforce_packages VALUES"
  "  ('0330b000000JmQ2AAK', 'mkto_si', 'Marketo Sales Insight', '04t0b000001Ov4cAAC',"
  "   'Marketo Sales Insight 2.4.1', 2, 4, 1, 3, '2024-03-12T09:41:00Z'),"
  "  ('03330000000wDAbAAM', 'sf_chttr_apps', 'Salesforce Chatter Apps', '04t30000001DUvrAAG',"
  "   'Winter 2023', 1, 9, 0, 1, '2023-01-20T14:02:00Z'),"
  "  ('0331U000000EGtXQAW', 'dlrs', 'Declarative Lookup Rollup Summaries', '04t5p000001BmLvAAK',"
  "   'Release 2.19', 2, 19, 0, 2, '2023-06-05T08:15:00Z');"
  "CREATE TABLE salesforce_configuration ("
  "  item         TEXT PRIMARY KEY NOT NULL,"
  "  completed_at TEXT NOT NULL,"
  "  completed_by TEXT NOT NULL"
  ");"
  "ALTER TABLE connections ADD COLUMN error_type TEXT;",

  /* 4 → 5: users and teams (SCIM, issue 5). Every user is in exactly one
   * team (team_id; "Everyone" unless another was chosen). A user who has
   * not accepted an invitation yet is inactive and keeps when, by whom and
   * until when the invitation was sent; origin says where the user came
   * from (only 'scim' invitations count as usage.invitedUsers). Invitation
   * tokens name the user they belong to. Seeded: Everyone and three teams,
   * the two Actions sign-in accounts, the admins an activation already
   * invited, and three invitations (one expired). */
  "CREATE TABLE scim_groups ("
  "  id           TEXT PRIMARY KEY NOT NULL,"
  "  display_name TEXT NOT NULL UNIQUE COLLATE NOCASE,"
  "  everyone     INTEGER NOT NULL DEFAULT 0,"
  "  created_at   TEXT NOT NULL,"
  "  modified_at  TEXT NOT NULL"
  ");"
  "CREATE TABLE scim_users ("
  "  id             TEXT PRIMARY KEY NOT NULL,"
  "  user_name      TEXT NOT NULL UNIQUE COLLATE NOCASE,"
  "  given_name     TEXT,"
  "  family_name    TEXT,"
  "  formatted_name TEXT,"
  "  display_name   TEXT,"
  "  title          TEXT,"
  "  active         INTEGER NOT NULL DEFAULT 0,"
  "  team_id        TEXT NOT NULL REFERENCES scim_groups (id),"
  "  origin         TEXT NOT NULL CHECK (origin IN ('seed', 'activation', 'scim', 'load')),"
  "  invited_at     TEXT,"
  "  invited_by     TEXT,"
  "  expires_at     INTEGER,"
  "  created_at     TEXT NOT NULL,"
  "  modified_at    TEXT NOT NULL"
  ");"
  "CREATE INDEX scim_users_team ON scim_users (team_id);"
  "ALTER TABLE invitations ADD COLUMN user_id TEXT;"
  "CREATE INDEX invitations_user ON invitations (user_id);"
  "INSERT INTO scim_groups (id, display_name, everyone, created_at, modified_at) VALUES"
  "  ('grp_e0e0e0e0e0e0', 'Everyone', 1, '2024-01-08T09:00:00Z', '2024-01-08T09:00:00Z'),"
  "  ('grp_5a1e5e3ea001', 'Sales EMEA', 0, '2024-01-08T09:05:00Z', '2024-01-08T09:05:00Z'),"
  "  ('grp_5a1e5a3e7002', 'Sales Americas', 0, '2024-01-08T09:06:00Z', '2024-01-08T09:06:00Z'),"
  "  ('grp_1a51de5a1003', 'Inside Sales', 0, '2024-01-08T09:07:00Z', '2024-01-08T09:07:00Z');"
  "INSERT INTO scim_users (id, user_name, given_name, family_name, formatted_name, display_name, title,"
  "                        active, team_id, origin, invited_at, invited_by, expires_at, created_at, modified_at)"
  " VALUES"
  "  ('usr_7d3f0a9c21e4', 'admin@northwind.example', 'Avery', 'Admin', 'Avery Admin', 'Avery Admin',"
  "   'Sales Operations Manager', 1, 'grp_e0e0e0e0e0e0', 'seed', NULL, NULL, NULL,"
  "   '2024-01-08T09:00:00Z', '2024-01-08T09:00:00Z'),"
  "  ('usr_2b8e61f4c0d7', 'rep@northwind.example', 'Riley', 'Rep', 'Riley Rep', 'Riley Rep',"
  "   'Account Executive', 1, 'grp_5a1e5e3ea001', 'seed', NULL, NULL, NULL,"
  "   '2024-01-09T10:12:00Z', '2024-01-09T10:12:00Z'),"
  "  ('usr_4c19e7b0d2a8', 'lena.hoffmann@northwind.example', 'Lena', 'Hoffmann', 'Lena Hoffmann', NULL,"
  "   'Account Executive', 0, 'grp_5a1e5e3ea001', 'seed',"
  "   strftime ('%Y-%m-%dT%H:%M:%SZ', 'now', '-2 days'), 'admin@northwind.example',"
  "   CAST (strftime ('%s', 'now', '+5 days') AS INTEGER),"
  "   strftime ('%Y-%m-%dT%H:%M:%SZ', 'now', '-2 days'), strftime ('%Y-%m-%dT%H:%M:%SZ', 'now', '-2 days')),"
  "  ('usr_91f3a6c85e07', 'tomas.eriksen@northwind.example', 'Tomás', 'Eriksen', 'Tomás Eriksen', NULL,"
  "   'Sales Development Representative', 0, 'grp_1a51de5a1003', 'seed',"
  "   strftime ('%Y-%m-%dT%H:%M:%SZ', 'now', '-1 days'), 'admin@northwind.example',"
  "   CAST (strftime ('%s', 'now', '+6 days') AS INTEGER),"
  "   strftime ('%Y-%m-%dT%H:%M:%SZ', 'now', '-1 days'), strftime ('%Y-%m-%dT%H:%M:%SZ', 'now', '-1 days')),"
  "  ('usr_0b6d2e9f47c3', 'priya.raman@northwind.example', 'Priya', 'Raman', 'Priya Raman', NULL,"
  "   'Regional Sales Director', 0, 'grp_5a1e5a3e7002', 'seed',"
  "   strftime ('%Y-%m-%dT%H:%M:%SZ', 'now', '-12 days'), 'admin@northwind.example',"
  "   CAST (strftime ('%s', 'now', '-5 days') AS INTEGER),"
  "   strftime ('%Y-%m-%dT%H:%M:%SZ', 'now', '-12 days'), strftime ('%Y-%m-%dT%H:%M:%SZ', 'now', '-12 days'));"
  /* Admins an activation invited before this version: users too. */
  "INSERT OR IGNORE INTO scim_users (id, user_name, given_name, family_name, formatted_name, active, team_id,"
  "                                  origin, invited_at, invited_by, expires_at, created_at, modified_at)"
  "  SELECT 'usr_' || lower (hex (randomblob (6))), email, first_name, last_name,"
  "         first_name || ' ' || last_name, accepted_at IS NOT NULL, 'grp_e0e0e0e0e0e0', 'activation',"
  "         invited_at, invited_by,"
  "         (SELECT MAX (expires_at) FROM invitations i WHERE i.email = activation_admins.email),"
  "         invited_at, invited_at"
  "    FROM activation_admins;"
  "UPDATE invitations SET user_id = (SELECT id FROM scim_users u WHERE u.user_name = invitations.email);",

  /* 5 → 6: the data sync (issue 6; msi-demo-sync.c). One row of sync
   * state: the people in Marketo and Salesforce, generated from a seed
   * rather than stored; the lead fields chosen for sync (REST names, a
   * JSON array; one of them since deleted in Marketo); the fields of the
   * last completed sync (a JSON array of fields, null until one
   * completes). Jobs keep their times in milliseconds since 1970: a
   * running job's progress is computed from them, its counts are written
   * when it ends. */
  "CREATE TABLE sync_state ("
  "  id               INTEGER PRIMARY KEY CHECK (id = 1),"
  "  people           INTEGER NOT NULL,"
  "  people_seed      INTEGER NOT NULL,"
  "  selected_json    TEXT NOT NULL,"
  "  last_fields_json TEXT"
  ");"
  "INSERT INTO sync_state (id, people, people_seed, selected_json, last_fields_json) VALUES"
  "  (1, 52318, 20240108,"
  "   '[\"company\", \"title\", \"phone\", \"industry\", \"leadSource\", \"leadStatus\","
  "     \"city\", \"country\", \"tradeShowBadgeId\"]', NULL);"
  "CREATE TABLE sync_jobs ("
  "  id             TEXT PRIMARY KEY NOT NULL,"
  "  state          TEXT NOT NULL CHECK (state IN ('running', 'completed', 'failed', 'cancelled')),"
  "  created_at     INTEGER NOT NULL,"
  "  started_at     INTEGER NOT NULL,"
  "  finished_at    INTEGER,"
  "  total          INTEGER NOT NULL,"
  "  rate           REAL NOT NULL CHECK (rate > 0),"
  "  fail_at        INTEGER,"
  "  fields_json    TEXT NOT NULL,"
  "  processed      INTEGER NOT NULL DEFAULT 0,"
  "  error          TEXT,"
  "  created_by     TEXT NOT NULL,"
  "  previous_state TEXT NOT NULL"
  ");"
  "CREATE INDEX sync_jobs_created ON sync_jobs (created_at);",

  /* 6 → 7: a sales rep's onboarding (issue 7; msi-demo-onboarding.c).
   * Per Actions user (by e-mail): the step the assistant shows next, the
   * e-mail client chosen and the signature (sanitized HTML); the user's
   * own service connections (Salesforce to activate, Microsoft or Google
   * for the mailbox) with the error or problem of the last attempt and
   * the hashes of the tokens the service holds; the e-mail identities
   * those connections made; the authorization requests between their URL
   * and their callback (as pending_connections, the state only as its
   * SHA-256); when an invitation link first opened an onboarding session
   * (after that it works until the onboarding finishes, expired or not);
   * and which one-time seeds ran (the seeded invitations need the
   * server's address, known only once it listens). */
  "ALTER TABLE invitations ADD COLUMN redeemed_at INTEGER;"
  "ALTER TABLE invitations ADD COLUMN invited_by TEXT;"
  "CREATE TABLE onboarding ("
  "  email                TEXT PRIMARY KEY NOT NULL COLLATE NOCASE,"
  "  step                 TEXT NOT NULL DEFAULT 'activate',"
  "  email_client         TEXT CHECK (email_client IN ('gmail', 'outlook')),"
  "  signature_html       TEXT NOT NULL DEFAULT '',"
  "  signature_updated_at TEXT,"
  "  started_at           TEXT NOT NULL,"
  "  updated_at           TEXT NOT NULL,"
  "  finished_at          TEXT"
  ");"
  "CREATE TABLE user_connections ("
  "  email                TEXT NOT NULL COLLATE NOCASE,"
  "  service              TEXT NOT NULL CHECK (service IN ('salesforce', 'microsoft', 'google')),"
  "  status               TEXT NOT NULL DEFAULT 'disconnected'"
  "                       CHECK (status IN ('disconnected', 'connected', 'error')),"
  "  account              TEXT,"
  "  error                TEXT,"
  "  problem_json         TEXT,"
  "  grant_id             TEXT,"
  "  access_token_sha256  TEXT,"
  "  refresh_token_sha256 TEXT,"
  "  connected_at         TEXT,"
  "  updated_at           TEXT NOT NULL,"
  "  PRIMARY KEY (email, service)"
  ");"
  "CREATE TABLE email_identities ("
  "  id           TEXT PRIMARY KEY NOT NULL,"
  "  email        TEXT NOT NULL COLLATE NOCASE,"
  "  provider     TEXT NOT NULL CHECK (provider IN ('gmail', 'outlook')),"
  "  address      TEXT NOT NULL COLLATE NOCASE,"
  "  connected_at TEXT NOT NULL,"
  "  UNIQUE (email, provider, address)"
  ");"
  "CREATE TABLE user_connection_requests ("
  "  selector      TEXT PRIMARY KEY NOT NULL,"
  "  state_sha256  TEXT NOT NULL,"
  "  email         TEXT NOT NULL,"
  "  service       TEXT NOT NULL,"
  "  code_verifier TEXT NOT NULL,"
  "  created_at    INTEGER NOT NULL,"
  "  expires_at    INTEGER NOT NULL"
  ");"
  "CREATE TABLE seeds_done ("
  "  name    TEXT PRIMARY KEY NOT NULL,"
  "  done_at TEXT NOT NULL"
  ");",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == MSI_DEMO_STORE_SCHEMA_VERSION);

/* Removes every table, so that a reset rebuilds the schema from scratch. */
static const char drop_sql[] =
  "DROP TABLE IF EXISTS seeds_done;"
  "DROP TABLE IF EXISTS user_connection_requests;"
  "DROP TABLE IF EXISTS email_identities;"
  "DROP TABLE IF EXISTS user_connections;"
  "DROP TABLE IF EXISTS onboarding;"
  "DROP TABLE IF EXISTS sync_jobs;"
  "DROP TABLE IF EXISTS sync_state;"
  "DROP TABLE IF EXISTS scim_users;"
  "DROP TABLE IF EXISTS scim_groups;"
  "DROP TABLE IF EXISTS salesforce_configuration;"
  "DROP TABLE IF EXISTS salesforce_packages;"
  "DROP TABLE IF EXISTS outbox;"
  "DROP TABLE IF EXISTS invitations;"
  "DROP TABLE IF EXISTS activation_admins;"
  "DROP TABLE IF EXISTS marketo_credentials;"
  "DROP TABLE IF EXISTS pending_connections;"
  "DROP TABLE IF EXISTS oauth_consents;"
  "DROP TABLE IF EXISTS oauth_credentials;"
  "DROP TABLE IF EXISTS oauth_users;"
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

/* The accounts of the demo authorization servers (listed at the top of
 * this file). */
typedef struct
{
  const char *provider;
  const char *email;
  const char *password;
  const char *id;
  const char *name;
  const char *given_name;
  const char *family_name;
  const char *role;
  gboolean    api_enabled;
} UserSeed;

static const UserSeed demo_users[] = {
  { "actions", "admin@northwind.example", "demo-admin",
    "usr_7d3f0a9c21e4", "Avery Admin", "Avery", "Admin", "admin", TRUE },
  { "actions", "rep@northwind.example", "demo-user",
    "usr_2b8e61f4c0d7", "Riley Rep", "Riley", "Rep", "user", TRUE },
  { "salesforce", "admin@northwind.example", "demo-salesforce",
    "0055j00000DmAdMAAV", "Avery Admin", "Avery", "Admin", "user", TRUE },
  { "salesforce", "rep@northwind.example", "demo-salesforce",
    "0055j00000DmRepAAB", "Riley Rep", "Riley", "Rep", "user", TRUE },
  { "salesforce", "noapi@northwind.example", "demo-salesforce",
    "0055j00000DmNoAAAF", "Noa Pi", "Noa", "Pi", "user", FALSE },
  /* Their orgs: msi-demo-salesforce.c, org_users. */
  { "salesforce", "sandbox@northwind.example", "demo-salesforce",
    "0055j00000DmSbxAAE", "Sam Sandbox", "Sam", "Sandbox", "user", TRUE },
  { "salesforce", "pe@northwind.example", "demo-salesforce",
    "0055j00000DmPeOAAR", "Pat Edition", "Pat", "Edition", "user", TRUE },
  { "salesforce", "tomas.eriksen@northwind.example", "demo-salesforce",
    "0055j00000DmTeSAAV", "Tomás Eriksen", "Tomás", "Eriksen", "user", FALSE },
  { "salesforce", "l.hoffmann@northwind-crm.example", "demo-salesforce",
    "0055j00000DmLhfAAD", "Lena Hoffmann", "Lena", "Hoffmann", "user", TRUE },
  { "microsoft", "rep@northwind.example", "demo-outlook",
    "5b0e1c7a-3f2d-4e8b-9a61-0c4d7e2f9b13", "Riley Rep", "Riley", "Rep", "user", TRUE },
  { "google", "rep@northwind.example", "demo-gmail",
    "108245190375226481937", "Riley Rep", "Riley", "Rep", "user", TRUE },
  { "google", "riley.rep@gmail.example", "demo-gmail",
    "108245190375226482210", "Riley Rep", "Riley", "Rep", "user", TRUE },
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

/* Runs a statement that takes one text parameter and returns no rows;
 * @changes (optional) gets how many rows it changed. */
static gboolean
store_run_with_text (MsiDemoStore  *self,
                     const char    *sql,
                     const char    *what,
                     const char    *text,
                     int           *changes,
                     GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *preparing = g_strconcat ("prepare to ", what, NULL);

  stmt = store_prepare (self, sql, preparing, error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, text, -1, SQLITE_STATIC);
  if (!store_step_done (self, stmt, what, error))
    return FALSE;

  if (changes != NULL)
    *changes = sqlite3_changes (self->db);

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

static char *
hash_password (const char *provider,
               const char *email,
               const char *password)
{
  g_autofree char *salted = g_strdup_printf ("%s\n%s\n%s", provider, email, password);

  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, salted, -1);
}

static gboolean
store_seed_users (MsiDemoStore  *self,
                  GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert (MSI_IS_DEMO_STORE (self));

  stmt = store_prepare (self,
                        "INSERT OR IGNORE INTO oauth_users"
                        " (provider, email, password_sha256, id, name, given_name,"
                        "  family_name, role, api_enabled)"
                        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                        "prepare the user seed",
                        error);
  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (demo_users); i++)
    {
      const UserSeed *user = &demo_users[i];
      g_autofree char *password_hash = hash_password (user->provider, user->email, user->password);

      sqlite3_bind_text (stmt, 1, user->provider, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, user->email, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, password_hash, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 4, user->id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, user->name, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 6, user->given_name, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 7, user->family_name, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 8, user->role, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 9, user->api_enabled ? 1 : 0);

      if (!store_step_done (self, stmt, "seed the users", error))
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
         store_seed_connections (self, error) &&
         store_seed_users (self, error) &&
         msi_demo_store_update_usage (self, error);
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
                        "       account_json, error_title, error_detail, error_type"
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

          json_object_set_member (problem, "type", nullable_string_node (stmt, 7));
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

/*
 * Authorization servers
 */

void
msi_demo_user_free (MsiDemoUser *user)
{
  if (user == NULL)
    return;

  g_free (user->provider);
  g_free (user->email);
  g_free (user->id);
  g_free (user->name);
  g_free (user->given_name);
  g_free (user->family_name);
  g_free (user->role);
  g_free (user);
}

void
msi_demo_credential_free (MsiDemoCredential *credential)
{
  if (credential == NULL)
    return;

  g_free (credential->provider);
  g_free (credential->kind);
  g_free (credential->grant_id);
  g_free (credential->client_id);
  g_free (credential->email);
  g_free (credential->scope);
  g_free (credential->redirect_uri);
  g_free (credential->code_challenge);
  g_free (credential->nonce);
  g_free (credential);
}

static char *
column_dup_text (sqlite3_stmt *stmt,
                 int           column)
{
  return g_strdup ((const char *)sqlite3_column_text (stmt, column));
}

/* Reads the user of (@provider, @email); with @password_hash, only if it
 * matches. Returns NULL without an error if there is none. */
static MsiDemoUser *
store_dup_user (MsiDemoStore  *self,
                const char    *provider,
                const char    *email,
                const char    *password_hash,
                GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  MsiDemoUser *user;
  int rc;

  stmt = store_prepare (self,
                        "SELECT email, id, name, given_name, family_name, role,"
                        "       api_enabled, password_sha256"
                        "  FROM oauth_users"
                        " WHERE provider = ?1 AND email = ?2 COLLATE NOCASE",
                        "read a user",
                        error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, provider, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, email, -1, SQLITE_STATIC);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return NULL;
  if (rc != SQLITE_ROW)
    {
      store_sql_error (self, "read a user", error);
      return NULL;
    }

  if (password_hash != NULL &&
      g_strcmp0 (password_hash, (const char *)sqlite3_column_text (stmt, 7)) != 0)
    return NULL;

  user = g_new0 (MsiDemoUser, 1);
  user->provider = g_strdup (provider);
  user->email = column_dup_text (stmt, 0);
  user->id = column_dup_text (stmt, 1);
  user->name = column_dup_text (stmt, 2);
  user->given_name = column_dup_text (stmt, 3);
  user->family_name = column_dup_text (stmt, 4);
  user->role = column_dup_text (stmt, 5);
  user->api_enabled = sqlite3_column_int (stmt, 6) != 0;

  return user;
}

/**
 * msi_demo_store_dup_user:
 * @self: a #MsiDemoStore
 * @provider: the authorization server
 * @email: the sign-in name (compared without case)
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the user, or %NULL if there is
 *   none (without @error) or on error (with @error set)
 */
MsiDemoUser *
msi_demo_store_dup_user (MsiDemoStore  *self,
                         const char    *provider,
                         const char    *email,
                         GError       **error)
{
  g_return_val_if_fail (MSI_IS_DEMO_STORE (self), NULL);
  g_return_val_if_fail (provider != NULL, NULL);
  g_return_val_if_fail (email != NULL, NULL);

  return store_dup_user (self, provider, email, NULL, error);
}

/**
 * msi_demo_store_authenticate:
 * @self: a #MsiDemoStore
 * @provider: the authorization server
 * @email: the sign-in name (compared without case)
 * @password: the password
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the user if @password is theirs,
 *   %NULL otherwise (without @error) or on error (with @error set)
 */
MsiDemoUser *
msi_demo_store_authenticate (MsiDemoStore  *self,
                             const char    *provider,
                             const char    *email,
                             const char    *password,
                             GError       **error)
{
  g_autoptr(MsiDemoUser) user = NULL;
  g_autofree char *password_hash = NULL;

  g_return_val_if_fail (MSI_IS_DEMO_STORE (self), NULL);
  g_return_val_if_fail (provider != NULL, NULL);
  g_return_val_if_fail (email != NULL, NULL);
  g_return_val_if_fail (password != NULL, NULL);

  /* The hash is salted with the e-mail as seeded: find its spelling. */
  user = store_dup_user (self, provider, email, NULL, error);
  if (user == NULL)
    return NULL;

  password_hash = hash_password (provider, user->email, password);

  return store_dup_user (self, provider, user->email, password_hash, error);
}

/**
 * msi_demo_store_add_credential:
 * @self: a #MsiDemoStore
 * @hash: the SHA-256 (hex) of the credential's value
 * @credential: what it grants
 * @error: return location for an error
 *
 * Returns: %TRUE on success
 */
gboolean
msi_demo_store_add_credential (MsiDemoStore             *self,
                               const char               *hash,
                               const MsiDemoCredential  *credential,
                               GError                  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (MSI_IS_DEMO_STORE (self), FALSE);
  g_return_val_if_fail (hash != NULL, FALSE);
  g_return_val_if_fail (credential != NULL, FALSE);

  stmt = store_prepare (self,
                        "INSERT INTO oauth_credentials"
                        " (hash, provider, kind, grant_id, client_id, email, scope,"
                        "  redirect_uri, code_challenge, nonce, offline, issued_at,"
                        "  expires_at, spent)"
                        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, 0)",
                        "prepare a credential",
                        error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, hash, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, credential->provider, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, credential->kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, credential->grant_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, credential->client_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, credential->email, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, credential->scope != NULL ? credential->scope : "", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, credential->redirect_uri, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 9, credential->code_challenge, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 10, credential->nonce, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 11, credential->offline ? 1 : 0);
  sqlite3_bind_int64 (stmt, 12, credential->issued_at);
  sqlite3_bind_int64 (stmt, 13, credential->expires_at);

  return store_step_done (self, stmt, "store a credential", error);
}

/**
 * msi_demo_store_dup_credential:
 * @self: a #MsiDemoStore
 * @provider: the authorization server that must have issued it
 * @hash: the SHA-256 (hex) of the credential's value
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the credential, spent or expired
 *   ones included, or %NULL if there is none (without @error) or on error
 *   (with @error set)
 */
MsiDemoCredential *
msi_demo_store_dup_credential (MsiDemoStore  *self,
                               const char    *provider,
                               const char    *hash,
                               GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  MsiDemoCredential *credential;
  int rc;

  g_return_val_if_fail (MSI_IS_DEMO_STORE (self), NULL);
  g_return_val_if_fail (provider != NULL, NULL);
  g_return_val_if_fail (hash != NULL, NULL);

  stmt = store_prepare (self,
                        "SELECT kind, grant_id, client_id, email, scope, redirect_uri,"
                        "       code_challenge, nonce, offline, issued_at, expires_at, spent"
                        "  FROM oauth_credentials"
                        " WHERE hash = ?1 AND provider = ?2",
                        "read a credential",
                        error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, hash, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, provider, -1, SQLITE_STATIC);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return NULL;
  if (rc != SQLITE_ROW)
    {
      store_sql_error (self, "read a credential", error);
      return NULL;
    }

  credential = g_new0 (MsiDemoCredential, 1);
  credential->provider = g_strdup (provider);
  credential->kind = column_dup_text (stmt, 0);
  credential->grant_id = column_dup_text (stmt, 1);
  credential->client_id = column_dup_text (stmt, 2);
  credential->email = column_dup_text (stmt, 3);
  credential->scope = column_dup_text (stmt, 4);
  credential->redirect_uri = column_dup_text (stmt, 5);
  credential->code_challenge = column_dup_text (stmt, 6);
  credential->nonce = column_dup_text (stmt, 7);
  credential->offline = sqlite3_column_int (stmt, 8) != 0;
  credential->issued_at = sqlite3_column_int64 (stmt, 9);
  credential->expires_at = sqlite3_column_int64 (stmt, 10);
  credential->spent = sqlite3_column_int (stmt, 11) != 0;

  return credential;
}

/**
 * msi_demo_store_spend_credential:
 * @self: a #MsiDemoStore
 * @hash: the SHA-256 (hex) of the credential's value
 * @was_spent: (out): whether it had been spent already (or did not exist)
 * @error: return location for an error
 *
 * Marks a code used, or a token or session revoked, atomically: of two
 * concurrent redemptions of one code, only one sees @was_spent %FALSE.
 *
 * Returns: %TRUE on success
 */
gboolean
msi_demo_store_spend_credential (MsiDemoStore  *self,
                                 const char    *hash,
                                 gboolean      *was_spent,
                                 GError       **error)
{
  int changes = 0;

  g_return_val_if_fail (MSI_IS_DEMO_STORE (self), FALSE);
  g_return_val_if_fail (hash != NULL, FALSE);

  if (!store_run_with_text (self,
                            "UPDATE oauth_credentials SET spent = 1 WHERE hash = ?1 AND spent = 0",
                            "spend a credential", hash, &changes, error))
    return FALSE;

  if (was_spent != NULL)
    *was_spent = changes == 0;

  return TRUE;
}

/**
 * msi_demo_store_revoke_grant:
 * @self: a #MsiDemoStore
 * @grant_id: an authorization
 * @error: return location for an error
 *
 * Revokes every token issued for @grant_id (and spends its code).
 *
 * Returns: %TRUE on success
 */
gboolean
msi_demo_store_revoke_grant (MsiDemoStore  *self,
                             const char    *grant_id,
                             GError       **error)
{
  g_return_val_if_fail (MSI_IS_DEMO_STORE (self), FALSE);
  g_return_val_if_fail (grant_id != NULL, FALSE);

  return store_run_with_text (self,
                              "UPDATE oauth_credentials SET spent = 1"
                              " WHERE grant_id = ?1 AND kind != 'session'",
                              "revoke a grant", grant_id, NULL, error);
}

/**
 * msi_demo_store_has_refresh_token:
 * @self: a #MsiDemoStore
 * @provider: the authorization server
 * @email: the user
 * @client_id: the client
 * @has_token: (out): whether a refresh token that is not revoked exists
 * @error: return location for an error
 *
 * Returns: %TRUE on success
 */
gboolean
msi_demo_store_has_refresh_token (MsiDemoStore  *self,
                                  const char    *provider,
                                  const char    *email,
                                  const char    *client_id,
                                  gboolean      *has_token,
                                  GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (MSI_IS_DEMO_STORE (self), FALSE);
  g_return_val_if_fail (has_token != NULL, FALSE);

  stmt = store_prepare (self,
                        "SELECT EXISTS (SELECT 1 FROM oauth_credentials"
                        "  WHERE provider = ?1 AND email = ?2 AND client_id = ?3"
                        "    AND kind = 'refresh' AND spent = 0)",
                        "look for a refresh token",
                        error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, provider, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, email, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, client_id, -1, SQLITE_STATIC);

  if (sqlite3_step (stmt) != SQLITE_ROW)
    return store_sql_error (self, "look for a refresh token", error);

  *has_token = sqlite3_column_int (stmt, 0) != 0;

  return TRUE;
}

/**
 * msi_demo_store_add_consent:
 * @self: a #MsiDemoStore
 * @provider: the authorization server
 * @email: the user
 * @client_id: the client
 * @scope: the scope the user allowed (space-separated)
 * @error: return location for an error
 *
 * Remembers that the user allowed @client_id @scope, in addition to what
 * they allowed before.
 *
 * Returns: %TRUE on success
 */
gboolean
msi_demo_store_add_consent (MsiDemoStore  *self,
                            const char    *provider,
                            const char    *email,
                            const char    *client_id,
                            const char    *scope,
                            GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (MSI_IS_DEMO_STORE (self), FALSE);
  g_return_val_if_fail (scope != NULL, FALSE);

  stmt = store_prepare (self,
                        "INSERT INTO oauth_consents (provider, email, client_id, scope)"
                        " VALUES (?1, ?2, ?3, ?4)"
                        " ON CONFLICT (provider, email, client_id)"
                        " DO UPDATE SET scope = scope || ' ' || excluded.scope",
                        "prepare a consent",
                        error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, provider, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, email, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, client_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, scope, -1, SQLITE_STATIC);

  return store_step_done (self, stmt, "store a consent", error);
}

/**
 * msi_demo_store_has_consent:
 * @self: a #MsiDemoStore
 * @provider: the authorization server
 * @email: the user
 * @client_id: the client
 * @scope: the scope asked for (space-separated)
 * @has_consent: (out): whether the user allowed every scope in @scope
 * @error: return location for an error
 *
 * Returns: %TRUE on success
 */
gboolean
msi_demo_store_has_consent (MsiDemoStore  *self,
                            const char    *provider,
                            const char    *email,
                            const char    *client_id,
                            const char    *scope,
                            gboolean      *has_consent,
                            GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_auto(GStrv) allowed = NULL;
  g_auto(GStrv) wanted = NULL;
  int rc;

  g_return_val_if_fail (MSI_IS_DEMO_STORE (self), FALSE);
  g_return_val_if_fail (scope != NULL, FALSE);
  g_return_val_if_fail (has_consent != NULL, FALSE);

  *has_consent = FALSE;

  stmt = store_prepare (self,
                        "SELECT scope FROM oauth_consents"
                        " WHERE provider = ?1 AND email = ?2 AND client_id = ?3",
                        "read a consent",
                        error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, provider, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, email, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, client_id, -1, SQLITE_STATIC);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    return store_sql_error (self, "read a consent", error);

  allowed = g_strsplit ((const char *)sqlite3_column_text (stmt, 0), " ", -1);
  wanted = g_strsplit (scope, " ", -1);

  for (guint i = 0; wanted[i] != NULL; i++)
    {
      if (wanted[i][0] != '\0' && !g_strv_contains ((const char * const *)allowed, wanted[i]))
        return TRUE;
    }

  *has_consent = TRUE;

  return TRUE;
}

/*
 * Service connections
 */

void
msi_demo_pending_connection_free (MsiDemoPendingConnection *pending)
{
  if (pending == NULL)
    return;

  g_free (pending->selector);
  g_free (pending->state_sha256);
  g_free (pending->service);
  g_free (pending->admin_email);
  g_free (pending->code_verifier);
  g_free (pending);
}

/**
 * msi_demo_store_add_pending_connection:
 * @self: a #MsiDemoStore
 * @pending: the authorization request the Actions service started
 * @error: return location for an error
 *
 * Remembers @pending, and forgets the requests that have expired.
 *
 * Returns: %TRUE on success
 */
gboolean
msi_demo_store_add_pending_connection (MsiDemoStore                    *self,
                                       const MsiDemoPendingConnection  *pending,
                                       GError                         **error)
{
  g_autoptr(sqlite3_stmt) prune = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (MSI_IS_DEMO_STORE (self), FALSE);
  g_return_val_if_fail (pending != NULL, FALSE);

  prune = store_prepare (self,
                         "DELETE FROM pending_connections WHERE expires_at <= ?1",
                         "prepare forgetting expired connection requests",
                         error);
  if (prune == NULL)
    return FALSE;

  sqlite3_bind_int64 (prune, 1, pending->created_at);

  if (!store_step_done (self, prune, "forget expired connection requests", error))
    return FALSE;

  stmt = store_prepare (self,
                        "INSERT INTO pending_connections"
                        " (selector, state_sha256, service, admin_email, code_verifier,"
                        "  created_at, expires_at)"
                        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                        "prepare a connection request",
                        error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, pending->selector, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, pending->state_sha256, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, pending->service, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, pending->admin_email, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, pending->code_verifier, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 6, pending->created_at);
  sqlite3_bind_int64 (stmt, 7, pending->expires_at);

  return store_step_done (self, stmt, "store a connection request", error);
}

/**
 * msi_demo_store_dup_pending_connection:
 * @self: a #MsiDemoStore
 * @selector: the selector of the state
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the request, expired ones included,
 *   or %NULL if there is none (without @error) or on error (with @error set)
 */
MsiDemoPendingConnection *
msi_demo_store_dup_pending_connection (MsiDemoStore  *self,
                                       const char    *selector,
                                       GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  MsiDemoPendingConnection *pending;
  int rc;

  g_return_val_if_fail (MSI_IS_DEMO_STORE (self), NULL);
  g_return_val_if_fail (selector != NULL, NULL);

  stmt = store_prepare (self,
                        "SELECT state_sha256, service, admin_email, code_verifier,"
                        "       created_at, expires_at"
                        "  FROM pending_connections"
                        " WHERE selector = ?1",
                        "read a connection request",
                        error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, selector, -1, SQLITE_STATIC);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return NULL;
  if (rc != SQLITE_ROW)
    {
      store_sql_error (self, "read a connection request", error);
      return NULL;
    }

  pending = g_new0 (MsiDemoPendingConnection, 1);
  pending->selector = g_strdup (selector);
  pending->state_sha256 = column_dup_text (stmt, 0);
  pending->service = column_dup_text (stmt, 1);
  pending->admin_email = column_dup_text (stmt, 2);
  pending->code_verifier = column_dup_text (stmt, 3);
  pending->created_at = sqlite3_column_int64 (stmt, 4);
  pending->expires_at = sqlite3_column_int64 (stmt, 5);

  return pending;
}

/**
 * msi_demo_store_delete_pending_connection:
 * @self: a #MsiDemoStore
 * @selector: the selector of the state
 * @was_deleted: (out) (optional): whether there was such a request: of two
 *   concurrent uses of one state, only one sees %TRUE
 * @error: return location for an error
 *
 * Returns: %TRUE on success
 */
gboolean
msi_demo_store_delete_pending_connection (MsiDemoStore  *self,
                                          const char    *selector,
                                          gboolean      *was_deleted,
                                          GError       **error)
{
  int changes = 0;

  g_return_val_if_fail (MSI_IS_DEMO_STORE (self), FALSE);
  g_return_val_if_fail (selector != NULL, FALSE);

  if (!store_run_with_text (self, "DELETE FROM pending_connections WHERE selector = ?1",
                            "forget a connection request", selector, &changes, error))
    return FALSE;

  if (was_deleted != NULL)
    *was_deleted = changes > 0;

  return TRUE;
}

/**
 * msi_demo_store_dup_connection_grant:
 * @self: a #MsiDemoStore
 * @service: the service
 * @grant_id: (out) (transfer full) (nullable): the grant of the tokens the
 *   connection holds, or %NULL if it holds none
 * @error: return location for an error
 *
 * Returns: %TRUE on success
 */
gboolean
msi_demo_store_dup_connection_grant (MsiDemoStore  *self,
                                     const char    *service,
                                     char         **grant_id,
                                     GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (MSI_IS_DEMO_STORE (self), FALSE);
  g_return_val_if_fail (service != NULL, FALSE);
  g_return_val_if_fail (grant_id != NULL, FALSE);

  *grant_id = NULL;

  stmt = store_prepare (self,
                        "SELECT grant_id FROM connections WHERE service = ?1",
                        "read the grant of a connection",
                        error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, service, -1, SQLITE_STATIC);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *grant_id = column_dup_text (stmt, 0);
  else if (rc != SQLITE_DONE)
    return store_sql_error (self, "read the grant of a connection", error);

  return TRUE;
}

/* Runs @stmt, an UPDATE of one connection, and fails if there is none. */
static gboolean
store_update_connection (MsiDemoStore  *self,
                         sqlite3_stmt  *stmt,
                         const char    *service,
                         const char    *what,
                         GError       **error)
{
  if (!store_step_done (self, stmt, what, error))
    return FALSE;

  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error,
                   MSI_DEMO_STORE_ERROR,
                   MSI_DEMO_STORE_ERROR_CORRUPT,
                   "There is no %s connection in the demo database “%s”",
                   service, self->path);
      return FALSE;
    }

  return TRUE;
}

/**
 * msi_demo_store_set_connection_connected:
 * @self: a #MsiDemoStore
 * @service: the service
 * @connected_by: the e-mail of the admin who connected it
 * @account: the connected account, as served in `account`
 * @grant_id: (nullable): the grant of the service's tokens, %NULL for a
 *   service that connects without OAuth (Marketo)
 * @access_token_sha256: (nullable): the SHA-256 (hex) of the service's
 *   access token, %NULL exactly when @grant_id is
 * @refresh_token_sha256: (nullable): the SHA-256 (hex) of its refresh token
 * @error: return location for an error
 *
 * Marks the connection connected as of now, with no error.
 *
 * Returns: %TRUE on success
 */
gboolean
msi_demo_store_set_connection_connected (MsiDemoStore  *self,
                                         const char    *service,
                                         const char    *connected_by,
                                         JsonObject    *account,
                                         const char    *grant_id,
                                         const char    *access_token_sha256,
                                         const char    *refresh_token_sha256,
                                         GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *account_json = NULL;
  g_autofree char *connected_at = format_now_utc ();

  g_return_val_if_fail (MSI_IS_DEMO_STORE (self), FALSE);
  g_return_val_if_fail (service != NULL, FALSE);
  g_return_val_if_fail (connected_by != NULL, FALSE);
  g_return_val_if_fail (account != NULL, FALSE);
  /* Marketo connects with API credentials: no grant, no tokens. */
  g_return_val_if_fail ((grant_id == NULL) == (access_token_sha256 == NULL), FALSE);

  node = json_node_init_object (json_node_alloc (), account);
  account_json = json_to_string (node, FALSE);

  stmt = store_prepare (self,
                        "UPDATE connections"
                        "   SET status = 'connected', connected_at = ?2, connected_by = ?3,"
                        "       account_json = ?4, error_title = NULL, error_detail = NULL, error_type = NULL,"
                        "       grant_id = ?5, access_token_sha256 = ?6, refresh_token_sha256 = ?7"
                        " WHERE service = ?1",
                        "prepare connecting a service",
                        error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, service, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, connected_at, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, connected_by, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, account_json, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, grant_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, access_token_sha256, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, refresh_token_sha256, -1, SQLITE_STATIC);

  return store_update_connection (self, stmt, service, "connect a service", error);
}

/**
 * msi_demo_store_set_connection_error:
 * @self: a #MsiDemoStore
 * @service: the service
 * @title: what went wrong, in short
 * @type: (nullable): a problem type URI that says what kind of failure it is
 * @detail: what went wrong, and what to do
 * @error: return location for an error
 *
 * Marks the connection failed; the rest of it is left as it was.
 *
 * Returns: %TRUE on success
 */
gboolean
msi_demo_store_set_connection_error (MsiDemoStore  *self,
                                     const char    *service,
                                     const char    *type,
                                     const char    *title,
                                     const char    *detail,
                                     GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (MSI_IS_DEMO_STORE (self), FALSE);
  g_return_val_if_fail (service != NULL, FALSE);
  g_return_val_if_fail (title != NULL, FALSE);
  g_return_val_if_fail (detail != NULL, FALSE);

  stmt = store_prepare (self,
                        "UPDATE connections"
                        "   SET status = 'error', error_title = ?2, error_detail = ?3,"
                        "       error_type = ?4"
                        " WHERE service = ?1",
                        "prepare marking a connection failed",
                        error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, service, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, title, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, detail, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, type, -1, SQLITE_STATIC);

  return store_update_connection (self, stmt, service, "mark a connection failed", error);
}

/**
 * msi_demo_store_set_connection_disconnected:
 * @self: a #MsiDemoStore
 * @service: the service
 * @error: return location for an error
 *
 * Marks the connection disconnected and forgets everything about it,
 * its tokens' hashes included (revoke them first).
 *
 * Returns: %TRUE on success
 */
gboolean
msi_demo_store_set_connection_disconnected (MsiDemoStore  *self,
                                            const char    *service,
                                            GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (MSI_IS_DEMO_STORE (self), FALSE);
  g_return_val_if_fail (service != NULL, FALSE);

  stmt = store_prepare (self,
                        "UPDATE connections"
                        "   SET status = 'disconnected', connected_at = NULL, connected_by = NULL,"
                        "       account_json = NULL, error_title = NULL, error_detail = NULL, error_type = NULL,"
                        "       grant_id = NULL, access_token_sha256 = NULL, refresh_token_sha256 = NULL"
                        " WHERE service = ?1",
                        "prepare disconnecting a service",
                        error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, service, -1, SQLITE_STATIC);

  return store_update_connection (self, stmt, service, "disconnect a service", error);
}

/*
 * Private: SQL access for the demo modules that keep their own tables
 * (msi-demo-store-private.h). Their tables are created by the migrations
 * above, so that the schema has one history.
 */

sqlite3 *
msi_demo_store_get_db (MsiDemoStore *self)
{
  g_return_val_if_fail (MSI_IS_DEMO_STORE (self), NULL);

  return self->db;
}

gboolean
msi_demo_store_fail (MsiDemoStore  *self,
                     const char    *what,
                     GError       **error)
{
  return store_sql_error (self, what, error);
}

gboolean
msi_demo_store_exec (MsiDemoStore  *self,
                     const char    *sql,
                     const char    *what,
                     GError       **error)
{
  return store_exec (self, sql, what, error);
}

sqlite3_stmt *
msi_demo_store_prepare (MsiDemoStore  *self,
                        const char    *sql,
                        const char    *what,
                        GError       **error)
{
  return store_prepare (self, sql, what, error);
}

gboolean
msi_demo_store_step_done (MsiDemoStore  *self,
                          sqlite3_stmt  *stmt,
                          const char    *what,
                          GError       **error)
{
  return store_step_done (self, stmt, what, error);
}

/* Runs @func in one IMMEDIATE transaction: all of its writes or none. */
gboolean
msi_demo_store_transaction (MsiDemoStore      *self,
                            MsiDemoStoreFunc   func,
                            gpointer           user_data,
                            GError           **error)
{
  g_return_val_if_fail (MSI_IS_DEMO_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  if (!store_exec (self, "BEGIN IMMEDIATE", "start a transaction", error))
    return FALSE;

  if (func (self, user_data, error) &&
      store_exec (self, "COMMIT", "commit a transaction", error))
    return TRUE;

  if (!sqlite3_get_autocommit (self->db))
    {
      g_autoptr(GError) rollback_error = NULL;

      if (!store_exec (self, "ROLLBACK", "roll back a transaction", &rollback_error))
        g_warning ("%s", rollback_error->message);
    }

  return FALSE;
}

JsonNode *
msi_demo_store_column_nullable_text (sqlite3_stmt *stmt,
                                     int           column)
{
  return nullable_string_node (stmt, column);
}

/* Sets one member of the account (a dotted key of the account table) to a
 * string, integer or null @value. */
gboolean
msi_demo_store_set_account_member (MsiDemoStore  *self,
                                   const char    *key,
                                   JsonNode      *value,
                                   GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (MSI_IS_DEMO_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  stmt = store_prepare (self,
                        "INSERT OR REPLACE INTO account (key, value) VALUES (?1, ?2)",
                        "prepare to update the account",
                        error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (JSON_NODE_HOLDS_NULL (value))
    sqlite3_bind_null (stmt, 2);
  else if (json_node_get_value_type (value) == G_TYPE_STRING)
    sqlite3_bind_text (stmt, 2, json_node_get_string (value), -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_int64 (stmt, 2, json_node_get_int (value));

  return store_step_done (self, stmt, "update the account", error);
}

static gboolean
store_count (MsiDemoStore  *self,
             const char    *sql,
             const char    *what,
             gint64        *count,
             GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = store_prepare (self, sql, what, error);

  if (stmt == NULL)
    return FALSE;

  if (sqlite3_step (stmt) != SQLITE_ROW)
    return store_sql_error (self, what, error);

  *count = sqlite3_column_int64 (stmt, 0);

  return TRUE;
}

/* Recounts the account's usage from the users and teams: usage.seats
 * (users and invitations: each holds a seat), usage.pendingInvitations
 * (invitations not accepted yet, expired ones too), usage.invitedUsers
 * (users invited from User Management, accepted or not) and usage.teams.
 * Call it in the transaction that changed them. */
gboolean
msi_demo_store_update_usage (MsiDemoStore  *self,
                             GError       **error)
{
  static const struct
  {
    const char *key;
    const char *sql;
  } counts[] = {
    { "usage.seats",              "SELECT COUNT(*) FROM scim_users" },
    { "usage.pendingInvitations", "SELECT COUNT(*) FROM scim_users WHERE active = 0" },
    { "usage.invitedUsers",       "SELECT COUNT(*) FROM scim_users WHERE origin = 'scim'" },
    { "usage.teams",              "SELECT COUNT(*) FROM scim_groups" },
  };

  g_return_val_if_fail (MSI_IS_DEMO_STORE (self), FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    {
      g_autoptr(JsonNode) node = NULL;
      gint64 count = 0;

      if (!store_count (self, counts[i].sql, "count the users and teams", &count, error))
        return FALSE;

      node = json_node_init_int (json_node_alloc (), count);
      if (!msi_demo_store_set_account_member (self, counts[i].key, node, error))
        return FALSE;
    }

  return TRUE;
}

/**
 * msi_demo_store_dup_onboarding_state:
 * @email: an Actions user's e-mail
 * @state: (out): "not-started" (no session yet, or still on the first
 *   page with Salesforce not connected), "in-progress" or "finished"
 * @step: (out): the step id the assistant shows next ("activate" … "done")
 *
 * The user's onboarding as GET /api/v1/me and the invitation lookup
 * report it (msi-demo-onboarding.c keeps it).
 */
gboolean
msi_demo_store_dup_onboarding_state (MsiDemoStore  *self,
                                     const char    *email,
                                     char         **state,
                                     char         **step,
                                     GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (MSI_IS_DEMO_STORE (self), FALSE);
  g_return_val_if_fail (email != NULL, FALSE);
  g_return_val_if_fail (state != NULL && step != NULL, FALSE);

  stmt = store_prepare (self,
                        "SELECT o.step, EXISTS (SELECT 1 FROM user_connections c"
                        "                        WHERE c.email = o.email AND c.service = 'salesforce'"
                        "                          AND c.status = 'connected')"
                        "  FROM onboarding o WHERE o.email = ?1",
                        "read an onboarding", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, email, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      *state = g_strdup ("not-started");
      *step = g_strdup ("activate");
      return TRUE;
    }
  if (rc != SQLITE_ROW)
    return store_sql_error (self, "read an onboarding", error);

  *step = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  if (g_str_equal (*step, "done"))
    *state = g_strdup ("finished");
  else if (g_str_equal (*step, "activate") && sqlite3_column_int (stmt, 1) == 0)
    *state = g_strdup ("not-started");
  else
    *state = g_strdup ("in-progress");

  return TRUE;
}
