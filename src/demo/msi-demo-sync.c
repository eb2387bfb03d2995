/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-demo-sync.c: the Actions service's data sync: fields, preview, jobs that run in real time, and their faults */

#define G_LOG_DOMAIN "msi-demo-sync"

#include "config.h"

#include "msi-demo-sync.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "msi-demo-http.h"
#include "msi-demo-marketo.h"
#include "msi-demo-store-private.h"
#include "msi-problem-types.h"
#include "msi-sync-field.h"
#include "msi-sync-preview.h"

/*
 * The data sync of the Sales account (docs/actions-api.yaml, tag sync),
 * every request with an admin's bearer token:
 *
 *   GET  /api/v1/sync/fields             {limit, selectedCount, fields: [MsiSyncField]}
 *   PUT  /api/v1/sync/fields             {selected: [names]} → as GET
 *   GET  /api/v1/sync/preview            msi_sync_preview_to_json()
 *   POST /api/v1/sync/jobs               202 and the job
 *   GET  /api/v1/sync/jobs?limit=        {jobs: [job]}, newest first
 *   GET  /api/v1/sync/jobs/{id}          the job
 *   POST /api/v1/sync/jobs/{id}/cancel   the job, cancelled
 *
 * The fields are the demo Marketo instance's lead fields (describe2),
 * each with the Sales account field it lands in (targets below), plus the
 * fields chosen or synced before and deleted in Marketo since. Fields,
 * preview and jobs need the Marketo connection (409 otherwise).
 *
 * The people are not stored: the seeded count and a seed decide, person
 * by person, whether one is synced, skipped (no e-mail, an e-mail shared
 * with another person, a value the Sales account refuses) or fails. A job
 * keeps its start time and rate: its progress is computed from the clock,
 * so that it goes on while nobody asks, and while the server is stopped.
 * When its time has come (settle), the store gets its end: the counts,
 * the account's sync state, lastCompletedAt, usage.syncedFields and, for
 * a completed job, its fields as the last sync's.
 *
 * With MSI_DEMO_TEST_HOOKS=1:
 *   PUT /__demo/sync/faults   {"failAtPercent", "rate", "latencyMs", "dropConnection", "status503"}
 *   GET /__demo/sync/stats    requests per operation and faults injected
 */

#define STATE_KEY             "msi-demo-sync-state"
#define DEFAULT_LIST_LIMIT    20
#define MAX_LIST_LIMIT        100
#define MAX_FAULT_COUNT       10000
#define MAX_LATENCY_MS        60000

/* Per 10,000 people. */
#define PER_NO_EMAIL          112
#define PER_DUPLICATE_EMAIL   71
#define PER_INVALID_VALUE     37
#define PER_FAILED            6

/*
 * State: faults and statistics, in memory, one per server
 */

typedef enum
{
  FAULT_DROP,
  FAULT_503,
  N_FAULTS
} Fault;

static const char * const fault_names[] = {
  [FAULT_DROP] = "dropConnection",
  [FAULT_503] = "status503",
};

typedef struct
{
  MsiDemoServer *server;          /* unowned: the state lives in it */
  double         rate;            /* people per second of the jobs started from now on */
  int            fail_at_percent; /* -1: the next job does not fail */
  guint          latency_ms;
  guint          remaining[N_FAULTS];
  guint          injected[N_FAULTS];
  GHashTable    *requests;        /* operation → count */
  guint          settle_id;
} State;

static void
state_free (State *state)
{
  g_clear_handle_id (&state->settle_id, g_source_remove);
  g_hash_table_unref (state->requests);
  g_free (state);
}

static State *
get_state (MsiDemoServer *server)
{
  State *state = g_object_get_data (G_OBJECT (server), STATE_KEY);
  const char *rate;

  if (state != NULL)
    return state;

  state = g_new0 (State, 1);
  state->server = server;
  state->rate = MSI_DEMO_SYNC_DEFAULT_RATE;
  state->fail_at_percent = -1;
  state->requests = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, NULL);

  rate = g_getenv ("MSI_DEMO_SYNC_RATE");
  if (rate != NULL && rate[0] != '\0')
    {
      guint64 parsed = 0;

      if (g_ascii_string_to_unsigned (rate, 10, 1, MSI_DEMO_SYNC_MAX_RATE, &parsed, NULL))
        state->rate = (double)parsed;
      else
        g_warning ("Ignoring MSI_DEMO_SYNC_RATE “%s”: use 1–%u people per second",
                   rate, MSI_DEMO_SYNC_MAX_RATE);
    }

  g_object_set_data_full (G_OBJECT (server), STATE_KEY, state, (GDestroyNotify)state_free);

  return state;
}

/*
 * Replies
 */

/* RFC 9457 problem details with extension members (@extra, transfer
 * full, nullable). */
static void
reply_problem (SoupServerMessage *msg,
               guint              status,
               const char        *type,
               const char        *title,
               const char        *detail,
               JsonObject        *extra)
{
  g_autoptr(JsonObject) problem = msi_demo_problem_new (type, title, detail);
  g_autoptr(JsonObject) members = extra;

  if (members != NULL)
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;

      json_object_iter_init (&iter, members);
      while (json_object_iter_next (&iter, &name, &value))
        json_object_set_member (problem, name, json_node_copy (value));
    }

  msi_demo_reply_problem_object (msg, status, problem);
}

static void
reply_not_found (SoupServerMessage *msg,
                 const char        *id)
{
  g_autofree char *detail = g_strdup_printf ("There is no sync job “%s”.", id);

  msi_demo_reply_problem (msg, SOUP_STATUS_NOT_FOUND, NULL, NULL, detail);
}

/* 1,234,567 */
static char *
format_count (gint64 n)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GINT64_FORMAT, n < 0 ? -n : n);
  GString *text = g_string_new (n < 0 ? "-" : "");
  gsize length = strlen (digits);

  for (gsize i = 0; i < length; i++)
    {
      if (i > 0 && (length - i) % 3 == 0)
        g_string_append_c (text, ',');
      g_string_append_c (text, digits[i]);
    }

  return g_string_free (text, FALSE);
}

static gint64
now_ms (void)
{
  return g_get_real_time () / 1000;
}

/* RFC 3339 in UTC with milliseconds: 2025-03-04T10:11:12.345Z */
static char *
format_time_ms (gint64 ms)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (ms / 1000);
  g_autofree char *seconds = g_date_time_format (time, "%Y-%m-%dT%H:%M:%S");

  return g_strdup_printf ("%s.%03dZ", seconds, (int)(ms % 1000));
}

/*
 * Sales account fields
 *
 * Where each Marketo lead field lands. A field not listed lands in the
 * Sales account field of its name (a custom one with "__c"), of its
 * seeded type and length. Listed with a NULL target: no Sales account
 * field can hold it.
 */

typedef struct
{
  const char *name;
  const char *target;
  const char *display_name;
  const char *data_type;
  int         length;
} Target;

static const Target targets[] = {
  { "id",                  "marketoId",           "Marketo ID",          "integer",  0 },
  /* Salesforce's lengths: values longer than these are cut. */
  { "firstName",           "firstName",           "First Name",          "string",   40 },
  { "lastName",            "lastName",            "Last Name",           "string",   80 },
  { "title",               "title",               "Title",               "string",   128 },
  { "industry",            "industry",            "Industry",            "string",   80 },
  { "city",                "city",                "City",                "string",   40 },
  { "state",               "state",               "State/Province",      "string",   80 },
  { "country",             "country",             "Country",             "string",   80 },
  { "postalCode",          "postalCode",          "Zip/Postal Code",     "string",   20 },
  { "leadStatus",          "status",              "Status",              "string",   40 },
  { "phone",               "phone",               "Phone",               "phone",    40 },
  { "mobilePhone",         "mobilePhone",         "Mobile",              "phone",    40 },
  { "fax",                 "fax",                 "Fax",                 "phone",    40 },
  { "address",             "street",              "Street",              "string",   255 },
  { "billingStreet",       "billingStreet",       "Billing Street",      "text",     1000 },
  { "comments",            "comments__c",         "Comments",            "string",   255 },
  { "unsubscribedReason",  "unsubscribeReason",   "Unsubscribe Reason",  "string",   255 },
  { "mktoPersonNotes",     "notes",               "Notes",               "text",     30000 },
  { "accountManagerEmail", "accountManager__c",   "Account Manager",     "string",   80 },
  { "sfdcLeadId",          "salesforceLeadId",    "Salesforce Lead ID",  "string",   18 },
  { "sfdcAccountId",       "salesforceAccountId", "Salesforce Account ID", "string", 18 },
  { "sfdcContactId",       "salesforceContactId", "Salesforce Contact ID", "reference", 18 },
  /* Both phone numbers land in one field: choosing both blocks the sync. */
  { "mainPhone",           "phone",               "Phone",               "phone",    40 },
  /* Other types */
  { "numberOfEmployees",   "employees",           "Employees",           "integer",  0 },
  { "annualRevenue",       "annualRevenue",       "Annual Revenue",      "float",    0 },
  { "leadScore",           "leadScore",           "Lead Score",          "score",    0 },
  { "behaviorScore",       "behaviorScore__c",    "Behavior Score",      "integer",  0 },
  { "sicCode",             "sicCode",             "SIC Code",            "integer",  0 },
  { "estimatedBudget",     "budget__c",           "Budget",              "integer",  0 },
  { "lastInteractionAt",   "lastInteraction__c",  "Last Interaction",    "date",     0 },
  { "lastWebinarDate",     "lastWebinarAt__c",    "Last Webinar",        "datetime", 0 },
  { "dateOfBirth",         "birthYear__c",        "Birth Year",          "integer",  0 },
  { "mktoIsCustomer",      "customerSince__c",    "Customer Since",      "date",     0 },
  { "tradeShowBadgeId",    "tradeShowBadge__c",   "Trade Show Badge",    "string",   64 },
  /* Nowhere to go */
  { "anonymousIP",              NULL, NULL, NULL, 0 },
  { "inferredMetropolitanArea", NULL, NULL, NULL, 0 },
  { "inferredPhoneAreaCode",    NULL, NULL, NULL, 0 },
  { "greetingFormula",          NULL, NULL, NULL, 0 },
};

/* Lead fields the seeded selection names that Marketo no longer has, as
 * they were when they were chosen. */
static const MsiDemoLeadField former_fields[] = {
  { "tradeShowBadgeId", "Trade Show Badge ID", "string", 64, TRUE, FALSE, TRUE },
};

static MsiSyncDataType
data_type_of (const char *id)
{
  MsiSyncDataType type = MSI_SYNC_DATA_TYPE_STRING;

  if (!msi_sync_data_type_from_id (id, &type))
    g_warning ("Unknown Marketo data type “%s”", id);

  return type;
}

static void
set_target (MsiSyncField           *field,
            const MsiDemoLeadField *lead)
{
  const MsiDemoLeadField *seed;
  g_autofree char *name = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      const Target *target = &targets[i];

      if (!g_str_equal (target->name, lead->name))
        continue;

      if (target->target == NULL)
        msi_sync_field_set_target (field, NULL, NULL, MSI_SYNC_DATA_TYPE_STRING, -1);
      else
        msi_sync_field_set_target (field, target->target, target->display_name,
                                   data_type_of (target->data_type),
                                   target->length > 0 ? target->length : -1);
      return;
    }

  /* The Sales account field made for it when it was added to Marketo. */
  seed = msi_demo_marketo_find_seed_lead_field (lead->name);
  if (seed == NULL)
    seed = lead;

  name = seed->custom ? g_strconcat (seed->name, "__c", NULL) : g_strdup (seed->name);
  msi_sync_field_set_target (field, name, seed->display_name, data_type_of (seed->data_type),
                             seed->length > 0 ? seed->length : -1);
}

static MsiSyncField *
field_new (const MsiDemoLeadField *lead)
{
  MsiSyncField *field = msi_sync_field_new (lead->name, lead->display_name, data_type_of (lead->data_type));

  if (lead->length > 0)
    msi_sync_field_set_length (field, lead->length);
  msi_sync_field_set_updateable (field, lead->updateable);
  msi_sync_field_set_crm_managed (field, lead->crm_managed);
  msi_sync_field_set_custom (field, lead->custom);
  set_target (field, lead);

  return field;
}

static gboolean
is_always_synced (const char *name)
{
  return g_strv_contains (msi_sync_always_synced_names (), name);
}

/*
 * Store
 */

typedef struct
{
  gint64     people;
  guint32    seed;
  GPtrArray *selected;     /* names, in order */
  GPtrArray *last_fields;  /* MsiSyncField, NULL: never synced */
} SyncState;

static void
sync_state_clear (SyncState *sync)
{
  g_clear_pointer (&sync->selected, g_ptr_array_unref);
  g_clear_pointer (&sync->last_fields, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SyncState, sync_state_clear)

static gboolean
corrupt (MsiDemoStore  *store,
         const char    *what,
         const char    *message,
         GError       **error)
{
  g_set_error (error, MSI_DEMO_STORE_ERROR, MSI_DEMO_STORE_ERROR_CORRUPT,
               "The %s in the demo database “%s” is damaged: %s",
               what, msi_demo_store_get_path (store), message);
  return FALSE;
}

static GPtrArray *
parse_names (const char *text)
{
  g_autoptr(JsonNode) node = text != NULL ? json_from_string (text, NULL) : NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING)
        g_ptr_array_add (names, g_strdup (json_node_get_string (element)));
    }

  return g_steal_pointer (&names);
}

static gboolean
load_sync_state (MsiDemoStore  *store,
                 SyncState     *sync,
                 GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *last;

  stmt = msi_demo_store_prepare (store,
                                 "SELECT people, people_seed, selected_json, last_fields_json"
                                 "  FROM sync_state WHERE id = 1",
                                 "read the sync state", error);
  if (stmt == NULL)
    return FALSE;

  if (sqlite3_step (stmt) != SQLITE_ROW)
    return msi_demo_store_fail (store, "read the sync state", error);

  sync->people = sqlite3_column_int64 (stmt, 0);
  sync->seed = (guint32)sqlite3_column_int64 (stmt, 1);
  sync->selected = parse_names ((const char *)sqlite3_column_text (stmt, 2));
  if (sync->selected == NULL)
    return corrupt (store, "sync selection", "not a list of names", error);

  last = (const char *)sqlite3_column_text (stmt, 3);
  if (last != NULL)
    {
      g_autoptr(JsonNode) node = json_from_string (last, NULL);
      g_autoptr(GError) local_error = NULL;

      sync->last_fields = node != NULL ? msi_sync_field_list_from_json (node, &local_error) : NULL;
      if (sync->last_fields == NULL)
        return corrupt (store, "last sync", local_error != NULL ? local_error->message : "not JSON", error);
    }

  return TRUE;
}

static gboolean
store_selection (MsiDemoStore  *store,
                 GPtrArray     *names,
                 GError       **error)
{
  g_autoptr(JsonArray) array = json_array_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *text = NULL;

  for (guint i = 0; i < names->len; i++)
    json_array_add_string_element (array, g_ptr_array_index (names, i));
  node = json_node_init_array (json_node_alloc (), array);
  text = json_to_string (node, FALSE);

  stmt = msi_demo_store_prepare (store, "UPDATE sync_state SET selected_json = ?1 WHERE id = 1",
                                 "save the sync selection", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, text, -1, SQLITE_TRANSIENT);

  return msi_demo_store_step_done (store, stmt, "save the sync selection", error);
}

static gboolean
account_limit (MsiDemoStore  *store,
               guint         *limit,
               GError       **error)
{
  g_autoptr(JsonNode) account = msi_demo_store_dup_account (store, error);
  JsonObject *limits;

  if (account == NULL)
    return FALSE;

  limits = json_object_get_object_member (json_node_get_object (account), "limits");
  *limit = (guint)CLAMP (json_object_get_int_member_with_default (limits, "syncedFields",
                                                                   MSI_SYNC_DEFAULT_FIELD_LIMIT),
                         0, G_MAXINT);
  return TRUE;
}

static char *
dup_account_sync_state (MsiDemoStore  *store,
                        GError       **error)
{
  g_autoptr(JsonNode) account = msi_demo_store_dup_account (store, error);
  JsonObject *sync;

  if (account == NULL)
    return NULL;

  sync = json_object_get_object_member (json_node_get_object (account), "sync");
  return g_strdup (json_object_get_string_member_with_default (sync, "state", "never"));
}

static gboolean
set_account_string (MsiDemoStore  *store,
                    const char    *key,
                    const char    *value,
                    GError       **error)
{
  g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (), value);

  return msi_demo_store_set_account_member (store, key, node, error);
}

static gboolean
set_account_int (MsiDemoStore  *store,
                 const char    *key,
                 gint64         value,
                 GError       **error)
{
  g_autoptr(JsonNode) node = json_node_init_int (json_node_alloc (), value);

  return msi_demo_store_set_account_member (store, key, node, error);
}

static gboolean
marketo_connected (MsiDemoStore  *store,
                   gboolean      *connected,
                   GError       **error)
{
  g_autoptr(JsonNode) node = msi_demo_store_dup_connections (store, error);
  JsonArray *connections;

  if (node == NULL)
    return FALSE;

  *connected = FALSE;
  connections = json_object_get_array_member (json_node_get_object (node), "connections");
  for (guint i = 0; i < json_array_get_length (connections); i++)
    {
      JsonObject *connection = json_array_get_object_element (connections, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (connection, "service", NULL), "marketo") == 0)
        *connected = g_strcmp0 (json_object_get_string_member_with_default (connection, "status", NULL),
                                "connected") == 0;
    }

  return TRUE;
}

/*
 * Fields
 */

/* Every field an admin can see: Marketo's lead fields, then the fields
 * chosen or last synced that Marketo deleted since. */
static GPtrArray *
build_fields (MsiDemoServer *server,
              SyncState     *sync)
{
  GPtrArray *fields = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) by_name = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) gone = g_ptr_array_new ();
  const MsiDemoLeadField *leads;
  guint n_leads = 0;

  leads = msi_demo_marketo_get_lead_fields (server, &n_leads);
  for (guint i = 0; i < n_leads; i++)
    {
      MsiSyncField *field = field_new (&leads[i]);

      if (is_always_synced (leads[i].name))
        {
          msi_sync_field_set_always_synced (field, TRUE);
          msi_sync_field_set_selected (field, TRUE);
        }

      g_ptr_array_add (fields, field);
      g_hash_table_insert (by_name, (gpointer)msi_sync_field_get_name (field), field);
    }

  for (guint i = 0; i < sync->selected->len; i++)
    {
      const char *name = g_ptr_array_index (sync->selected, i);
      MsiSyncField *field = g_hash_table_lookup (by_name, name);

      if (field != NULL)
        msi_sync_field_set_selected (field, TRUE);
      else
        g_ptr_array_add (gone, (gpointer)name);
    }

  /* Fields synced last time and deleted since are shown too: the preview
   * says they are no longer synced. */
  for (guint i = 0; sync->last_fields != NULL && i < sync->last_fields->len; i++)
    {
      const char *name = msi_sync_field_get_name (g_ptr_array_index (sync->last_fields, i));

      if (!g_hash_table_contains (by_name, name) &&
          !g_ptr_array_find_with_equal_func (gone, name, g_str_equal, NULL))
        g_ptr_array_add (gone, (gpointer)name);
    }

  for (guint i = 0; i < gone->len; i++)
    {
      const char *name = g_ptr_array_index (gone, i);
      MsiSyncField *field = NULL;

      for (guint j = 0; sync->last_fields != NULL && j < sync->last_fields->len && field == NULL; j++)
        if (g_str_equal (msi_sync_field_get_name (g_ptr_array_index (sync->last_fields, j)), name))
          field = msi_sync_field_copy (g_ptr_array_index (sync->last_fields, j));

      for (guint j = 0; j < G_N_ELEMENTS (former_fields) && field == NULL; j++)
        if (g_str_equal (former_fields[j].name, name))
          field = field_new (&former_fields[j]);

      /* Nothing known of it: it drops out of the selection. */
      if (field == NULL)
        continue;

      msi_sync_field_set_always_synced (field, FALSE);
      msi_sync_field_set_unavailable (field, MSI_SYNC_FIELD_UNAVAILABLE_DELETED);
      msi_sync_field_set_selected (field, g_ptr_array_find_with_equal_func (sync->selected, name,
                                                                            g_str_equal, NULL));
      g_ptr_array_add (fields, field);
      g_hash_table_insert (by_name, (gpointer)msi_sync_field_get_name (field), field);
    }

  return fields;
}

static JsonObject *
fields_reply (GPtrArray *fields,
              guint      limit)
{
  JsonObject *reply = json_object_new ();

  json_object_set_int_member (reply, "limit", limit);
  json_object_set_int_member (reply, "selectedCount", msi_sync_selection_count (fields));
  json_object_set_member (reply, "fields", msi_sync_field_list_to_json (fields));

  return reply;
}

/*
 * People
 *
 * Person i of the seeded population is synced or not by a hash of the
 * seed and i: the same every time, spread evenly over the job.
 */

typedef struct
{
  gint64 synced;
  gint64 no_email;
  gint64 duplicate_email;
  gint64 invalid_value;
  gint64 failed;
} Outcomes;

static guint32
person_hash (guint32 seed,
             guint32 i)
{
  guint32 x = (i + 1) * 0x9E3779B9u ^ seed;

  x ^= x >> 16;
  x *= 0x85EBCA6Bu;
  x ^= x >> 13;
  x *= 0xC2B2AE35u;
  x ^= x >> 16;

  return x;
}

static void
count_outcomes (guint32   seed,
                gint64    processed,
                Outcomes *outcomes)
{
  memset (outcomes, 0, sizeof *outcomes);

  for (gint64 i = 0; i < processed; i++)
    {
      guint32 bucket = person_hash (seed, (guint32)i) % 10000;

      if (bucket < PER_NO_EMAIL)
        outcomes->no_email++;
      else if (bucket < PER_NO_EMAIL + PER_DUPLICATE_EMAIL)
        outcomes->duplicate_email++;
      else if (bucket < PER_NO_EMAIL + PER_DUPLICATE_EMAIL + PER_INVALID_VALUE)
        outcomes->invalid_value++;
      else if (bucket < PER_NO_EMAIL + PER_DUPLICATE_EMAIL + PER_INVALID_VALUE + PER_FAILED)
        outcomes->failed++;
      else
        outcomes->synced++;
    }
}

/*
 * Jobs
 */

typedef struct
{
  char   *id;
  char   *state;           /* as stored: running, completed, failed, cancelled */
  gint64  created_at;      /* ms */
  gint64  started_at;      /* ms: created_at + MSI_DEMO_SYNC_QUEUE_MS */
  gint64  finished_at;     /* ms, 0 while running */
  gint64  total;
  double  rate;
  gint64  fail_at;         /* people processed when it fails, -1: never */
  char   *fields_json;
  gint64  processed;       /* once ended */
  char   *error;
  char   *created_by;
  char   *previous_state;  /* the account's sync state before it started */
} Job;

static void
job_free (Job *job)
{
  g_free (job->id);
  g_free (job->state);
  g_free (job->fields_json);
  g_free (job->error);
  g_free (job->created_by);
  g_free (job->previous_state);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Job, job_free)

#define JOB_COLUMNS "id, state, created_at, started_at, finished_at, total, rate, fail_at, fields_json," \
                    " processed, error, created_by, previous_state"

static Job *
job_from_row (sqlite3_stmt *stmt)
{
  Job *job = g_new0 (Job, 1);

  job->id = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  job->state = g_strdup ((const char *)sqlite3_column_text (stmt, 1));
  job->created_at = sqlite3_column_int64 (stmt, 2);
  job->started_at = sqlite3_column_int64 (stmt, 3);
  job->finished_at = sqlite3_column_type (stmt, 4) == SQLITE_NULL ? 0 : sqlite3_column_int64 (stmt, 4);
  job->total = sqlite3_column_int64 (stmt, 5);
  job->rate = sqlite3_column_double (stmt, 6);
  job->fail_at = sqlite3_column_type (stmt, 7) == SQLITE_NULL ? -1 : sqlite3_column_int64 (stmt, 7);
  job->fields_json = g_strdup ((const char *)sqlite3_column_text (stmt, 8));
  job->processed = sqlite3_column_int64 (stmt, 9);
  job->error = g_strdup ((const char *)sqlite3_column_text (stmt, 10));
  job->created_by = g_strdup ((const char *)sqlite3_column_text (stmt, 11));
  job->previous_state = g_strdup ((const char *)sqlite3_column_text (stmt, 12));

  if (job->rate <= 0)
    job->rate = 1;

  return job;
}

/* Jobs by @sql (selecting JOB_COLUMNS) with @text bound to ?1 when given
 * and @number to ?2. */
static GPtrArray *
load_jobs (MsiDemoStore  *store,
           const char    *sql,
           const char    *text,
           gint64         number,
           GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = msi_demo_store_prepare (store, sql, "read the sync jobs", error);
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func ((GDestroyNotify)job_free);
  int rc;

  if (stmt == NULL)
    return NULL;

  if (text != NULL)
    sqlite3_bind_text (stmt, 1, text, -1, SQLITE_TRANSIENT);
  if (number >= 0)
    sqlite3_bind_int64 (stmt, 2, number);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (jobs, job_from_row (stmt));

  if (rc != SQLITE_DONE)
    {
      msi_demo_store_fail (store, "read the sync jobs", error);
      return NULL;
    }

  return g_steal_pointer (&jobs);
}

static GPtrArray *
load_running_jobs (MsiDemoStore  *store,
                   GError       **error)
{
  return load_jobs (store, "SELECT " JOB_COLUMNS " FROM sync_jobs WHERE state = 'running'"
                    " ORDER BY created_at", NULL, -1, error);
}

/* The people a job will have processed when it ends. */
static gint64
job_end_count (const Job *job)
{
  return job->fail_at >= 0 ? MIN (job->fail_at, job->total) : job->total;
}

/* When a running job ends, in ms. */
static gint64
job_end_time (const Job *job)
{
  double ms = (double)job_end_count (job) * 1000.0 / job->rate;
  gint64 whole = (gint64)ms;

  /* Rounded up: every person of the count is done by then. */
  return job->started_at + ((double)whole < ms ? whole + 1 : whole);
}

/* The people processed at @now (ms). */
static gint64
job_processed_at (const Job *job,
                  gint64     now)
{
  gint64 processed;

  if (!g_str_equal (job->state, "running"))
    return job->processed;

  if (now <= job->started_at)
    return 0;

  processed = (gint64)((double)(now - job->started_at) * job->rate / 1000.0);

  return MIN (processed, job_end_count (job));
}

static char *
failure_message (const Job *job)
{
  g_autofree char *processed = format_count (job->fail_at);
  g_autofree char *total = format_count (job->total);

  return g_strdup_printf ("Marketo stopped answering after %s of %s people (error 611, “System error”). "
                          "The people synced so far keep their values; start the sync again to sync "
                          "the others.", processed, total);
}

static gint64
count_chosen_fields (const char *fields_json)
{
  g_autoptr(JsonNode) node = json_from_string (fields_json, NULL);
  g_autoptr(GPtrArray) fields = node != NULL ? msi_sync_field_list_from_json (node, NULL) : NULL;

  return fields != NULL ? msi_sync_selection_count (fields) : 0;
}

/* Writes the end of @job (at its end time) and what it means for the
 * account. */
static gboolean
end_job (MsiDemoStore  *store,
         Job           *job,
         GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 end = job_end_time (job);
  gboolean failed = job->fail_at >= 0 && job->fail_at < job->total;
  g_autofree char *message = failed ? failure_message (job) : NULL;

  stmt = msi_demo_store_prepare (store,
                                 "UPDATE sync_jobs SET state = ?2, finished_at = ?3, processed = ?4, error = ?5"
                                 " WHERE id = ?1",
                                 "end a sync job", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, job->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, failed ? "failed" : "completed", -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, end);
  sqlite3_bind_int64 (stmt, 4, job_end_count (job));
  if (message != NULL)
    sqlite3_bind_text (stmt, 5, message, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, 5);

  if (!msi_demo_store_step_done (store, stmt, "end a sync job", error))
    return FALSE;

  if (failed)
    {
      g_message ("Sync job %s failed after %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT " people",
                 job->id, job->fail_at, job->total);
      return set_account_string (store, "sync.state", "failed", error);
    }

  {
    g_autoptr(sqlite3_stmt) last = NULL;
    g_autofree char *finished = format_time_ms (end);

    last = msi_demo_store_prepare (store, "UPDATE sync_state SET last_fields_json = ?1 WHERE id = 1",
                                   "remember the last sync", error);
    if (last == NULL)
      return FALSE;
    sqlite3_bind_text (last, 1, job->fields_json, -1, SQLITE_TRANSIENT);

    g_message ("Sync job %s completed: %" G_GINT64_FORMAT " people", job->id, job->total);

    return msi_demo_store_step_done (store, last, "remember the last sync", error) &&
           set_account_string (store, "sync.state", "completed", error) &&
           set_account_string (store, "sync.lastCompletedAt", finished, error) &&
           set_account_int (store, "usage.syncedFields", count_chosen_fields (job->fields_json), error);
  }
}

typedef struct
{
  gint64 now;
  gint64 next_end;  /* ms, 0: nothing running after settling */
} Settle;

static gboolean
settle_in_transaction (MsiDemoStore  *store,
                       gpointer       user_data,
                       GError       **error)
{
  Settle *settle = user_data;
  g_autoptr(GPtrArray) jobs = load_running_jobs (store, error);

  if (jobs == NULL)
    return FALSE;

  for (guint i = 0; i < jobs->len; i++)
    {
      Job *job = g_ptr_array_index (jobs, i);
      gint64 end = job_end_time (job);

      if (end <= settle->now)
        {
          if (!end_job (store, job, error))
            return FALSE;
        }
      else if (settle->next_end == 0 || end < settle->next_end)
        {
          settle->next_end = end;
        }
    }

  return TRUE;
}

static gboolean settle_timeout_cb (gpointer user_data);

static void
settle (MsiDemoServer *server)
{
  State *state = get_state (server);
  g_autoptr(GError) error = NULL;
  Settle data = { now_ms (), 0 };

  if (!msi_demo_store_transaction (msi_demo_server_get_store (server), settle_in_transaction, &data, &error))
    {
      g_warning ("Could not bring the sync jobs up to date: %s", error->message);
      return;
    }

  /* Wakes up when the running job ends, so that the account changes even
   * when nobody asks about the job. */
  g_clear_handle_id (&state->settle_id, g_source_remove);
  if (data.next_end > 0)
    state->settle_id = g_timeout_add ((guint)CLAMP (data.next_end - data.now + 1, 1, G_MAXINT),
                                      settle_timeout_cb, state);
}

static gboolean
settle_timeout_cb (gpointer user_data)
{
  State *state = user_data;

  state->settle_id = 0;
  settle (state->server);

  return G_SOURCE_REMOVE;
}

/**
 * msi_demo_sync_settle:
 *
 * Ends the running job in the store when its time has come.
 */
void
msi_demo_sync_settle (MsiDemoServer *server)
{
  g_return_if_fail (MSI_IS_DEMO_SERVER (server));

  settle (server);
}

guint
msi_demo_sync_get_latency_ms (MsiDemoServer *server)
{
  g_return_val_if_fail (MSI_IS_DEMO_SERVER (server), 0);

  return get_state (server)->latency_ms;
}

static void
add_skipped (JsonObject *skipped,
             const char *reason,
             gint64      count)
{
  if (count > 0)
    json_object_set_int_member (skipped, reason, count);
}

static void
set_time_member (JsonObject *object,
                 const char *name,
                 gint64      ms)
{
  g_autofree char *text = NULL;

  if (ms <= 0)
    {
      json_object_set_null_member (object, name);
      return;
    }

  text = format_time_ms (ms);
  json_object_set_string_member (object, name, text);
}

/* The job as the API shows it at @now (ms). */
static JsonObject *
job_to_json (const Job *job,
             guint32    seed,
             gint64     now)
{
  JsonObject *object = json_object_new ();
  JsonObject *skipped = json_object_new ();
  JsonArray *names = json_array_new ();
  g_autoptr(JsonNode) fields = job->fields_json != NULL ? json_from_string (job->fields_json, NULL) : NULL;
  gboolean running = g_str_equal (job->state, "running");
  gint64 processed = job_processed_at (job, now);
  gboolean started = running ? now >= job->started_at : job->finished_at >= job->started_at;
  Outcomes outcomes;

  count_outcomes (seed, processed, &outcomes);

  json_object_set_string_member (object, "id", job->id);
  json_object_set_string_member (object, "state", running && !started ? "queued" : job->state);
  set_time_member (object, "createdAt", job->created_at);
  set_time_member (object, "startedAt", started ? job->started_at : 0);
  set_time_member (object, "finishedAt", running ? 0 : job->finished_at);
  json_object_set_int_member (object, "total", job->total);
  json_object_set_int_member (object, "processed", processed);
  json_object_set_int_member (object, "synced", outcomes.synced);
  add_skipped (skipped, "no-email", outcomes.no_email);
  add_skipped (skipped, "duplicate-email", outcomes.duplicate_email);
  add_skipped (skipped, "invalid-value", outcomes.invalid_value);
  json_object_set_object_member (object, "skipped", skipped);
  json_object_set_int_member (object, "failed", outcomes.failed);
  if (job->error != NULL)
    json_object_set_string_member (object, "error", job->error);
  else
    json_object_set_null_member (object, "error");

  if (fields != NULL && JSON_NODE_HOLDS_ARRAY (fields))
    {
      JsonArray *array = json_node_get_array (fields);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonObject *field = json_array_get_object_element (array, i);
          const char *name = field != NULL ? json_object_get_string_member_with_default (field, "name", NULL)
                                           : NULL;

          if (name != NULL)
            json_array_add_string_element (names, name);
        }
    }
  json_object_set_array_member (object, "fields", names);
  json_object_set_string_member (object, "createdBy", job->created_by);

  return object;
}

/*
 * Requests
 */

/* Counts the request, injects the faults, checks the admin (@admin_out,
 * optional) and brings the jobs up to date. FALSE when the request was
 * answered (or dropped). */
static gboolean
sync_begin (MsiDemoServer     *server,
            SoupServerMessage *msg,
            const char        *operation,
            MsiDemoUser      **admin_out)
{
  State *state = get_state (server);
  g_autoptr(MsiDemoUser) admin = NULL;
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (state->requests, operation));

  g_hash_table_insert (state->requests, (gpointer)operation, GUINT_TO_POINTER (count + 1));

  if (state->remaining[FAULT_DROP] > 0)
    {
      state->remaining[FAULT_DROP]--;
      state->injected[FAULT_DROP]++;
      msi_demo_drop_connection (msg);
      return FALSE;
    }

  if (state->remaining[FAULT_503] > 0)
    {
      state->remaining[FAULT_503]--;
      state->injected[FAULT_503]++;
      msi_demo_reply_problem (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, NULL, NULL,
                              "The sync service is restarting. Try again in a moment.");
      return FALSE;
    }

  admin = msi_demo_authorize_admin (server, msg);
  if (admin == NULL)
    return FALSE;

  settle (server);

  if (admin_out != NULL)
    *admin_out = g_steal_pointer (&admin);

  return TRUE;
}

/* TRUE when Marketo is connected; otherwise answers 409. */
static gboolean
require_marketo (MsiDemoServer     *server,
                 SoupServerMessage *msg)
{
  g_autoptr(GError) error = NULL;
  gboolean connected = FALSE;

  if (!marketo_connected (msi_demo_server_get_store (server), &connected, &error))
    {
      msi_demo_reply_internal_error (msg, error);
      return FALSE;
    }

  if (!connected)
    reply_problem (msg, SOUP_STATUS_CONFLICT, MSI_PROBLEM_SYNC_MARKETO_NOT_CONNECTED,
                   "Marketo is not connected",
                   "The Sales account is not connected to Marketo, so there are no fields to sync. "
                   "Connect it to Marketo first.", NULL);

  return connected;
}

/**
 * msi_demo_sync_handle_get_fields:
 *
 * `GET /api/v1/sync/fields`: every lead field, with the Sales account
 * field it lands in and whether it is chosen.
 */
void
msi_demo_sync_handle_get_fields (MsiDemoServer     *server,
                                 SoupServerMessage *msg,
                                 GHashTable        *params)
{
  MsiDemoStore *store = msi_demo_server_get_store (server);
  g_auto(SyncState) sync = { 0, };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(JsonObject) reply = NULL;
  guint limit = 0;

  if (!sync_begin (server, msg, "getFields", NULL) || !require_marketo (server, msg))
    return;

  if (!load_sync_state (store, &sync, &error) || !account_limit (store, &limit, &error))
    {
      msi_demo_reply_internal_error (msg, error);
      return;
    }

  fields = build_fields (server, &sync);
  reply = fields_reply (fields, limit);
  msi_demo_reply_object (msg, SOUP_STATUS_OK, reply);
}

static JsonObject *
field_member (const char *name)
{
  JsonObject *extra = json_object_new ();

  json_object_set_string_member (extra, "field", name);

  return extra;
}

/**
 * msi_demo_sync_handle_put_fields:
 *
 * `PUT /api/v1/sync/fields {selected: [names]}`: the fields chosen for
 * sync, by the rules of msi_sync_selection_can_select(): at most
 * limits.syncedFields (the always-synced ones do not count and may be
 * left out), none that cannot be synced unless it was chosen before (it
 * may stay; the preview then says why the sync cannot start). Replies as
 * GET; 422 problems name the field.
 */
void
msi_demo_sync_handle_put_fields (MsiDemoServer     *server,
                                 SoupServerMessage *msg,
                                 GHashTable        *params)
{
  MsiDemoStore *store = msi_demo_server_get_store (server);
  g_auto(SyncState) sync = { 0, };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GPtrArray) chosen = g_ptr_array_new ();
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(GHashTable) by_name = g_hash_table_new (g_str_hash, g_str_equal);
  JsonNode *selected;
  JsonArray *array;
  guint limit = 0;

  if (!sync_begin (server, msg, "putFields", NULL) || !require_marketo (server, msg))
    return;

  body = msi_demo_read_json_object (msg, FALSE);
  if (body == NULL)
    return;

  selected = json_object_get_member (body, "selected");
  if (selected == NULL || !JSON_NODE_HOLDS_ARRAY (selected))
    {
      msi_demo_reply_problem (msg, SOUP_STATUS_BAD_REQUEST, NULL, NULL,
                              "“selected” must be a list of the REST names of the fields to sync.");
      return;
    }

  if (!load_sync_state (store, &sync, &error) || !account_limit (store, &limit, &error))
    {
      msi_demo_reply_internal_error (msg, error);
      return;
    }

  fields = build_fields (server, &sync);
  for (guint i = 0; i < fields->len; i++)
    g_hash_table_insert (by_name, (gpointer)msi_sync_field_get_name (g_ptr_array_index (fields, i)),
                         g_ptr_array_index (fields, i));

  array = json_node_get_array (selected);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      const char *name;
      MsiSyncField *field;

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
        {
          g_autofree char *detail = g_strdup_printf ("Entry %u of “selected” is not a field name.", i + 1);

          msi_demo_reply_problem (msg, SOUP_STATUS_BAD_REQUEST, NULL, NULL, detail);
          return;
        }

      name = json_node_get_string (element);
      field = g_hash_table_lookup (by_name, name);
      if (field == NULL)
        {
          g_autofree char *detail = g_strdup_printf ("Marketo has no lead field “%s”. Choose among the "
                                                     "fields of GET /api/v1/sync/fields.", name);

          reply_problem (msg, 422, MSI_PROBLEM_SYNC_UNKNOWN_FIELD, "Unknown field", detail,
                         field_member (name));
          return;
        }

      /* Always in the sync; a name given twice counts once. */
      if (msi_sync_field_get_always_synced (field) ||
          g_ptr_array_find (chosen, field, NULL))
        continue;

      g_ptr_array_add (chosen, field);
    }

  if (chosen->len > limit)
    {
      MsiSyncField *excess = g_ptr_array_index (chosen, limit);
      g_autoptr(MsiSyncField) unchosen = msi_sync_field_copy (excess);
      g_autoptr(JsonObject) extra = json_object_new ();
      g_autofree char *detail = NULL;

      msi_sync_field_set_selected (unchosen, FALSE);
      msi_sync_selection_can_select (unchosen, limit, limit, &detail);
      json_object_set_int_member (extra, "limit", limit);
      json_object_set_int_member (extra, "selected", chosen->len);
      json_object_set_string_member (extra, "field", msi_sync_field_get_name (excess));
      reply_problem (msg, 422, MSI_PROBLEM_SYNC_OVER_LIMIT, "Too many fields", detail,
                     g_steal_pointer (&extra));
      return;
    }

  for (guint i = 0; i < chosen->len; i++)
    {
      MsiSyncField *field = g_ptr_array_index (chosen, i);
      g_autofree char *reason = NULL;

      /* A field chosen before may stay; a new one must be able to sync. */
      if (!msi_sync_selection_can_select (field, i, limit, &reason))
        {
          reply_problem (msg, 422, MSI_PROBLEM_SYNC_FIELD_UNAVAILABLE, "Field cannot be synced", reason,
                         field_member (msi_sync_field_get_name (field)));
          return;
        }

      g_ptr_array_add (names, (gpointer)msi_sync_field_get_name (field));
    }

  if (!store_selection (store, names, &error))
    {
      msi_demo_reply_internal_error (msg, error);
      return;
    }

  for (guint i = 0; i < fields->len; i++)
    {
      MsiSyncField *field = g_ptr_array_index (fields, i);

      if (!msi_sync_field_get_always_synced (field))
        msi_sync_field_set_selected (field, g_ptr_array_find (chosen, field, NULL));
    }

  g_message ("Sync selection saved: %u fields", names->len);

  reply = fields_reply (fields, limit);
  msi_demo_reply_object (msg, SOUP_STATUS_OK, reply);
}

static MsiSyncPreview *
build_preview (MsiDemoServer  *server,
               GError        **error)
{
  MsiDemoStore *store = msi_demo_server_get_store (server);
  g_auto(SyncState) sync = { 0, };
  g_autoptr(GPtrArray) fields = NULL;
  MsiSyncPreview *preview;
  guint limit = 0;

  if (!load_sync_state (store, &sync, error) || !account_limit (store, &limit, error))
    return NULL;

  fields = build_fields (server, &sync);
  preview = msi_sync_preview_new (fields, limit, sync.last_fields);
  msi_sync_preview_set_n_people (preview, sync.people);

  return preview;
}

/**
 * msi_demo_sync_handle_preview:
 *
 * `GET /api/v1/sync/preview`: msi_sync_preview_to_json() of the chosen
 * fields, the people and the last completed sync's fields.
 */
void
msi_demo_sync_handle_preview (MsiDemoServer     *server,
                              SoupServerMessage *msg,
                              GHashTable        *params)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsiSyncPreview) preview = NULL;
  g_autoptr(JsonNode) node = NULL;

  if (!sync_begin (server, msg, "getPreview", NULL) || !require_marketo (server, msg))
    return;

  preview = build_preview (server, &error);
  if (preview == NULL)
    {
      msi_demo_reply_internal_error (msg, error);
      return;
    }

  node = msi_sync_preview_to_json (preview);
  msi_demo_reply_json (msg, SOUP_STATUS_OK, NULL, node);
}

static guint32
people_seed (MsiDemoStore  *store,
             GError       **error)
{
  g_auto(SyncState) sync = { 0, };

  if (!load_sync_state (store, &sync, error))
    return 0;

  return sync.seed;
}

static void
reply_job (MsiDemoServer     *server,
           SoupServerMessage *msg,
           guint              status,
           const Job         *job)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = NULL;
  guint32 seed = people_seed (msi_demo_server_get_store (server), &error);

  if (error != NULL)
    {
      msi_demo_reply_internal_error (msg, error);
      return;
    }

  object = job_to_json (job, seed, now_ms ());
  msi_demo_reply_object (msg, status, object);
}

typedef struct
{
  Job *job;
} Start;

static gboolean
start_in_transaction (MsiDemoStore  *store,
                      gpointer       user_data,
                      GError       **error)
{
  Start *start = user_data;
  Job *job = start->job;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = msi_demo_store_prepare (store,
                                 "INSERT INTO sync_jobs (id, state, created_at, started_at, total, rate, fail_at,"
                                 "                       fields_json, created_by, previous_state)"
                                 " VALUES (?1, 'running', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                                 "start a sync job", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, job->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, job->created_at);
  sqlite3_bind_int64 (stmt, 3, job->started_at);
  sqlite3_bind_int64 (stmt, 4, job->total);
  sqlite3_bind_double (stmt, 5, job->rate);
  if (job->fail_at >= 0)
    sqlite3_bind_int64 (stmt, 6, job->fail_at);
  else
    sqlite3_bind_null (stmt, 6);
  sqlite3_bind_text (stmt, 7, job->fields_json, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 8, job->created_by, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 9, job->previous_state, -1, SQLITE_TRANSIENT);

  return msi_demo_store_step_done (store, stmt, "start a sync job", error) &&
         set_account_string (store, "sync.state", "running", error);
}

/* A problem's JSON for the "problems" member of sync-blocked. */
static JsonArray *
blocking_problems (MsiSyncPreview *preview)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < msi_sync_preview_get_n_problems (preview); i++)
    {
      const MsiSyncProblem *problem = msi_sync_preview_get_problem (preview, i);
      JsonObject *object;

      if (msi_sync_problem_get_severity (problem) != MSI_SYNC_SEVERITY_BLOCKING)
        continue;

      object = json_object_new ();
      json_object_set_string_member (object, "kind", msi_sync_problem_kind_get_id (msi_sync_problem_get_kind (problem)));
      if (msi_sync_problem_get_field_name (problem) != NULL)
        json_object_set_string_member (object, "field", msi_sync_problem_get_field_name (problem));
      else
        json_object_set_null_member (object, "field");
      json_object_set_string_member (object, "detail", msi_sync_problem_get_message (problem));
      json_array_add_object_element (array, object);
    }

  return array;
}

/**
 * msi_demo_sync_handle_start_job:
 *
 * `POST /api/v1/sync/jobs` (no body): starts syncing the people with the
 * fields of the preview. 409 when the preview has blocking problems
 * ("problems": kind, field, detail) or a job is queued or running
 * ("jobId"). 202 with the job and its Location.
 */
void
msi_demo_sync_handle_start_job (MsiDemoServer     *server,
                                SoupServerMessage *msg,
                                GHashTable        *params)
{
  MsiDemoStore *store = msi_demo_server_get_store (server);
  State *state = get_state (server);
  g_autoptr(MsiDemoUser) admin = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) running = NULL;
  g_autoptr(MsiSyncPreview) preview = NULL;
  g_autoptr(JsonNode) fields = NULL;
  g_autoptr(Job) job = NULL;
  g_autofree char *location = NULL;
  Start start;

  if (!sync_begin (server, msg, "startJob", &admin) || !require_marketo (server, msg))
    return;

  running = load_running_jobs (store, &error);
  if (running == NULL)
    {
      msi_demo_reply_internal_error (msg, error);
      return;
    }

  if (running->len > 0)
    {
      Job *current = g_ptr_array_index (running, 0);
      g_autoptr(JsonObject) extra = json_object_new ();

      json_object_set_string_member (extra, "jobId", current->id);
      reply_problem (msg, SOUP_STATUS_CONFLICT, MSI_PROBLEM_SYNC_JOB_RUNNING, "A sync is running",
                     "A sync is running already. Wait for it to end, or cancel it, before starting another.",
                     g_steal_pointer (&extra));
      return;
    }

  preview = build_preview (server, &error);
  if (preview == NULL)
    {
      msi_demo_reply_internal_error (msg, error);
      return;
    }

  if (msi_sync_preview_get_blocked (preview))
    {
      const MsiSyncProblem *first = msi_sync_preview_get_problem (preview, 0);
      g_autofree char *detail = g_strconcat ("The sync cannot start: ", msi_sync_problem_get_message (first), NULL);
      g_autoptr(JsonObject) extra = json_object_new ();

      json_object_set_array_member (extra, "problems", blocking_problems (preview));
      reply_problem (msg, SOUP_STATUS_CONFLICT, MSI_PROBLEM_SYNC_BLOCKED, "The sync cannot start", detail,
                     g_steal_pointer (&extra));
      return;
    }

  job = g_new0 (Job, 1);
  job->id = g_strdup_printf ("job_%08x%04x", g_random_int (), g_random_int () & 0xffff);
  job->state = g_strdup ("running");
  job->created_at = now_ms ();
  job->started_at = job->created_at + MSI_DEMO_SYNC_QUEUE_MS;
  job->total = msi_sync_preview_get_n_people (preview);
  job->rate = state->rate;
  job->fail_at = state->fail_at_percent >= 0 ? job->total * state->fail_at_percent / 100 : -1;
  fields = msi_sync_field_list_to_json (msi_sync_preview_get_fields (preview));
  job->fields_json = json_to_string (fields, FALSE);
  job->created_by = g_strdup (admin->email);
  job->previous_state = dup_account_sync_state (store, &error);
  if (job->previous_state == NULL)
    {
      msi_demo_reply_internal_error (msg, error);
      return;
    }

  start.job = job;
  if (!msi_demo_store_transaction (store, start_in_transaction, &start, &error))
    {
      msi_demo_reply_internal_error (msg, error);
      return;
    }

  /* The fault is for one job. */
  state->fail_at_percent = -1;

  g_message ("Sync job %s started: %" G_GINT64_FORMAT " people at %.0f per second%s",
             job->id, job->total, job->rate, job->fail_at >= 0 ? ", failing part-way" : "");

  settle (server);

  location = g_strconcat ("/api/v1/sync/jobs/", job->id, NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Location", location);
  reply_job (server, msg, SOUP_STATUS_ACCEPTED, job);
}

/**
 * msi_demo_sync_handle_list_jobs:
 *
 * `GET /api/v1/sync/jobs?limit=N` (1–100, 20 by default): `{jobs: […]}`,
 * newest first.
 */
void
msi_demo_sync_handle_list_jobs (MsiDemoServer     *server,
                                SoupServerMessage *msg,
                                GHashTable        *params)
{
  MsiDemoStore *store = msi_demo_server_get_store (server);
  const char *query = g_uri_get_query (soup_server_message_get_uri (msg));
  g_autoptr(GHashTable) form = query != NULL ? soup_form_decode (query) : NULL;
  const char *limit_text = form != NULL ? g_hash_table_lookup (form, "limit") : NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(JsonObject) reply = json_object_new ();
  JsonArray *array;
  guint64 limit = DEFAULT_LIST_LIMIT;
  guint32 seed;
  gint64 now;

  if (!sync_begin (server, msg, "listJobs", NULL))
    return;

  if (limit_text != NULL && !g_ascii_string_to_unsigned (limit_text, 10, 1, MAX_LIST_LIMIT, &limit, NULL))
    {
      msi_demo_reply_problem (msg, SOUP_STATUS_BAD_REQUEST, NULL, NULL,
                              "“limit” must be a whole number from 1 to " G_STRINGIFY (MAX_LIST_LIMIT) ".");
      return;
    }

  seed = people_seed (store, &error);
  if (error == NULL)
    jobs = load_jobs (store, "SELECT " JOB_COLUMNS " FROM sync_jobs ORDER BY created_at DESC, rowid DESC"
                      " LIMIT ?2", NULL, (gint64)limit, &error);
  if (jobs == NULL)
    {
      msi_demo_reply_internal_error (msg, error);
      return;
    }

  now = now_ms ();
  array = json_array_new ();
  for (guint i = 0; i < jobs->len; i++)
    json_array_add_object_element (array, job_to_json (g_ptr_array_index (jobs, i), seed, now));
  json_object_set_array_member (reply, "jobs", array);
  msi_demo_reply_object (msg, SOUP_STATUS_OK, reply);
}

static Job *
load_job (MsiDemoStore  *store,
          const char    *id,
          GError       **error)
{
  g_autoptr(GPtrArray) jobs = load_jobs (store, "SELECT " JOB_COLUMNS " FROM sync_jobs WHERE id = ?1",
                                         id, -1, error);

  if (jobs == NULL)
    return NULL;

  if (jobs->len == 0)
    return g_new0 (Job, 1);  /* no id: not found */

  return g_ptr_array_steal_index (jobs, 0);
}

/**
 * msi_demo_sync_handle_get_job:
 *
 * `GET /api/v1/sync/jobs/{id}`: the job now.
 */
void
msi_demo_sync_handle_get_job (MsiDemoServer     *server,
                              SoupServerMessage *msg,
                              GHashTable        *params)
{
  const char *id = g_hash_table_lookup (params, "id");
  g_autoptr(GError) error = NULL;
  g_autoptr(Job) job = NULL;

  if (!sync_begin (server, msg, "getJob", NULL))
    return;

  job = load_job (msi_demo_server_get_store (server), id, &error);
  if (job == NULL)
    msi_demo_reply_internal_error (msg, error);
  else if (job->id == NULL)
    reply_not_found (msg, id);
  else
    reply_job (server, msg, SOUP_STATUS_OK, job);
}

typedef struct
{
  Job    *job;
  gint64  now;
} Cancel;

static gboolean
cancel_in_transaction (MsiDemoStore  *store,
                       gpointer       user_data,
                       GError       **error)
{
  Cancel *cancel = user_data;
  Job *job = cancel->job;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 processed = job_processed_at (job, cancel->now);

  stmt = msi_demo_store_prepare (store,
                                 "UPDATE sync_jobs SET state = 'cancelled', finished_at = ?2, processed = ?3"
                                 " WHERE id = ?1",
                                 "cancel a sync job", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, job->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, cancel->now);
  sqlite3_bind_int64 (stmt, 3, processed);

  if (!msi_demo_store_step_done (store, stmt, "cancel a sync job", error))
    return FALSE;

  g_free (job->state);
  job->state = g_strdup ("cancelled");
  job->finished_at = cancel->now;
  job->processed = processed;

  /* The account is as before the job. */
  return set_account_string (store, "sync.state", job->previous_state, error);
}

/**
 * msi_demo_sync_handle_cancel_job:
 *
 * `POST /api/v1/sync/jobs/{id}/cancel`: stops a queued or running job;
 * the people synced so far stay synced. Cancelling a cancelled job
 * answers it again (a retry after a lost reply); one that completed or
 * failed answers 409 sync-job-finished.
 */
void
msi_demo_sync_handle_cancel_job (MsiDemoServer     *server,
                                 SoupServerMessage *msg,
                                 GHashTable        *params)
{
  MsiDemoStore *store = msi_demo_server_get_store (server);
  const char *id = g_hash_table_lookup (params, "id");
  g_autoptr(GError) error = NULL;
  g_autoptr(Job) job = NULL;
  Cancel cancel;

  if (!sync_begin (server, msg, "cancelJob", NULL))
    return;

  job = load_job (store, id, &error);
  if (job == NULL)
    {
      msi_demo_reply_internal_error (msg, error);
      return;
    }

  if (job->id == NULL)
    {
      reply_not_found (msg, id);
      return;
    }

  if (g_str_equal (job->state, "completed") || g_str_equal (job->state, "failed"))
    {
      g_autofree char *finished = format_time_ms (job->finished_at);
      g_autofree char *detail = g_strdup_printf ("The sync job %s %s at %s: there is nothing to cancel.",
                                                 job->id, job->state, finished);
      g_autoptr(JsonObject) extra = json_object_new ();

      json_object_set_string_member (extra, "state", job->state);
      reply_problem (msg, SOUP_STATUS_CONFLICT, MSI_PROBLEM_SYNC_JOB_FINISHED, "The sync job has ended",
                     detail, g_steal_pointer (&extra));
      return;
    }

  if (g_str_equal (job->state, "running"))
    {
      cancel.job = job;
      cancel.now = now_ms ();
      if (!msi_demo_store_transaction (store, cancel_in_transaction, &cancel, &error))
        {
          msi_demo_reply_internal_error (msg, error);
          return;
        }

      g_message ("Sync job %s cancelled after %" G_GINT64_FORMAT " people", job->id, job->processed);
      settle (server);
    }

  reply_job (server, msg, SOUP_STATUS_OK, job);
}

/*
 * Test hooks
 */

static JsonObject *
faults_object (State *state)
{
  JsonObject *object = json_object_new ();

  if (state->fail_at_percent >= 0)
    json_object_set_int_member (object, "failAtPercent", state->fail_at_percent);
  else
    json_object_set_null_member (object, "failAtPercent");
  json_object_set_int_member (object, "rate", (gint64)state->rate);
  json_object_set_int_member (object, "latencyMs", state->latency_ms);
  for (guint i = 0; i < N_FAULTS; i++)
    json_object_set_int_member (object, fault_names[i], state->remaining[i]);

  return object;
}

static gboolean
read_whole (JsonObject        *body,
            const char        *name,
            gint64             min,
            gint64             max,
            gboolean           nullable,
            gint64            *value,
            SoupServerMessage *msg)
{
  JsonNode *node = json_object_get_member (body, name);
  g_autofree char *detail = NULL;

  if (node == NULL)
    return TRUE;

  if (nullable && JSON_NODE_HOLDS_NULL (node))
    {
      *value = -1;
      return TRUE;
    }

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64 &&
      json_node_get_int (node) >= min && json_node_get_int (node) <= max)
    {
      *value = json_node_get_int (node);
      return TRUE;
    }

  detail = g_strdup_printf ("“%s” must be a whole number from %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT "%s.",
                            name, min, max, nullable ? ", or null" : "");
  msi_demo_reply_problem (msg, SOUP_STATUS_BAD_REQUEST, NULL, NULL, detail);

  return FALSE;
}

/**
 * msi_demo_sync_handle_faults:
 *
 * `PUT /__demo/sync/faults` (MSI_DEMO_TEST_HOOKS=1 only), every member
 * optional (a missing one keeps its value): `{"failAtPercent": 0–99 |
 * null, "rate": people per second, "latencyMs": M, "dropConnection": N,
 * "status503": N}`. The next job fails when failAtPercent % of its people
 * are processed; jobs started from now on run at rate; every
 * /api/v1/sync/ reply waits M ms more; the next N /api/v1/sync/ requests
 * lose their connection without a reply, or answer 503. Replies with the
 * faults in effect.
 */
void
msi_demo_sync_handle_faults (MsiDemoServer     *server,
                             SoupServerMessage *msg,
                             GHashTable        *params)
{
  State *state;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) reply = NULL;
  gint64 fail_at, rate, latency, drop, unavailable;

  if (!msi_demo_check_test_hooks (server, msg))
    return;

  body = msi_demo_read_json_object (msg, FALSE);
  if (body == NULL)
    return;

  state = get_state (server);
  fail_at = state->fail_at_percent;
  rate = (gint64)state->rate;
  latency = state->latency_ms;
  drop = state->remaining[FAULT_DROP];
  unavailable = state->remaining[FAULT_503];

  if (!read_whole (body, "failAtPercent", 0, 99, TRUE, &fail_at, msg) ||
      !read_whole (body, "rate", 1, MSI_DEMO_SYNC_MAX_RATE, FALSE, &rate, msg) ||
      !read_whole (body, "latencyMs", 0, MAX_LATENCY_MS, FALSE, &latency, msg) ||
      !read_whole (body, fault_names[FAULT_DROP], 0, MAX_FAULT_COUNT, FALSE, &drop, msg) ||
      !read_whole (body, fault_names[FAULT_503], 0, MAX_FAULT_COUNT, FALSE, &unavailable, msg))
    return;

  state->fail_at_percent = (int)fail_at;
  state->rate = (double)rate;
  state->latency_ms = (guint)latency;
  state->remaining[FAULT_DROP] = (guint)drop;
  state->remaining[FAULT_503] = (guint)unavailable;

  g_message ("Sync faults: next job fails at %d %%, %.0f people/s, %u ms, %u dropped, %u × 503",
             state->fail_at_percent, state->rate, state->latency_ms,
             state->remaining[FAULT_DROP], state->remaining[FAULT_503]);

  reply = faults_object (state);
  msi_demo_reply_object (msg, SOUP_STATUS_OK, reply);
}

/**
 * msi_demo_sync_handle_get_stats:
 *
 * `GET /__demo/sync/stats` (MSI_DEMO_TEST_HOOKS=1 only): `{"requests":
 * {operation: count}, "faultsInjected": {dropConnection, status503},
 * "faults": as PUT}`; operations: getFields, putFields, getPreview,
 * startJob, listJobs, getJob, cancelJob.
 */
void
msi_demo_sync_handle_get_stats (MsiDemoServer     *server,
                                SoupServerMessage *msg,
                                GHashTable        *params)
{
  g_autoptr(JsonObject) reply = json_object_new ();
  JsonObject *requests = json_object_new ();
  JsonObject *injected = json_object_new ();
  GHashTableIter iter;
  gpointer key, value;
  State *state;

  if (!msi_demo_check_test_hooks (server, msg))
    return;

  state = get_state (server);
  g_hash_table_iter_init (&iter, state->requests);
  while (g_hash_table_iter_next (&iter, &key, &value))
    json_object_set_int_member (requests, key, GPOINTER_TO_UINT (value));
  for (guint i = 0; i < N_FAULTS; i++)
    json_object_set_int_member (injected, fault_names[i], state->injected[i]);

  json_object_set_object_member (reply, "requests", requests);
  json_object_set_object_member (reply, "faultsInjected", injected);
  json_object_set_object_member (reply, "faults", faults_object (state));
  msi_demo_reply_object (msg, SOUP_STATUS_OK, reply);
}
