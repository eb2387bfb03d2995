/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-demo-marketo.c: the demo Marketo instance: Identity, REST envelope, User Management */

#define G_LOG_DOMAIN "msi-demo-marketo"

#include "config.h"

#include "msi-demo-marketo.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "msi-demo-http.h"
#include "msi-demo-seed.h"
#include "msi-sync-field.h"

/*
 * Marketo Engage as api-notes §2 describes it, under MSI_DEMO_MARKETO_PREFIX:
 *
 *   GET|POST identity/oauth/token                         client credentials (query or form body)
 *   GET      rest/v1/leads/describe2.json                 REST envelope
 *   GET      userservice/management/v1/users/allusers.json?pageSize=&pageOffset=
 *   GET      userservice/management/v1/users/roles.json
 *   GET      userservice/management/v1/users/{userid}/roles.json
 *   GET      userservice/management/v1/users/{userid}/user.json
 *
 * Tokens: random-looking, derived from a per-process key and a serial (so
 * the plaintext is never kept), remembered as SHA-256 with their expiry.
 * Asking Identity again before the token expires returns the same token
 * with its remaining life, as Marketo does. An unknown token is a 601, an
 * expired one a 602. Marketo's limit of 10 requests at once (615) holds
 * always.
 *
 * With MSI_DEMO_TEST_HOOKS=1:
 *   POST /__demo/marketo/faults  {"code": "606", "count": 2}   the next API replies fail
 *                                {"expireTokens": true}        every token expires
 *   GET  /__demo/marketo/stats   Identity and API call counts
 *   PUT  /__demo/marketo/lead-fields/{name}  {"dataType", "length"} an admin changed the
 *                                field; {"deleted": true} deleted it; an unknown name with
 *                                "displayName" and "dataType" adds a custom field
 *
 * The state lives in memory, one per server (tokens die with the process,
 * like the real ones after an hour).
 */

#define STATE_KEY             "msi-demo-marketo-state"
#define TOKEN_LIFETIME        3600
#define MAX_TOKEN_LIFETIME    (24 * 3600)
#define DEFAULT_PAGE_SIZE     20
#define MAX_PAGE_SIZE         200
#define N_GENERATED_USERS     258

typedef struct
{
  char     *key;               /* HMAC key of the tokens */
  guint     serial;            /* of the current token */
  gint64    current_expires;   /* 0: none current */
  GHashTable *tokens;          /* SHA-256 hex → gint64* expiry */
  guint     lifetime;

  char     *fault_code;
  guint     fault_count;

  guint     in_flight;
  guint     identity_calls;
  guint     api_calls;
  guint     query_tokens;      /* API requests that sent access_token in the query */

  GPtrArray *users;            /* DemoUser */
  GArray    *lead_fields;      /* MsiDemoLeadField, with the test hook's changes */
  GPtrArray *custom_names;     /* strings of the fields the test hook added */
} State;

typedef enum
{
  API_REST,
  API_USER,
} ApiKind;

/*
 * Seed
 */

typedef struct
{
  int         id;
  const char *name;
  const char *description;
  const char *type;
  gboolean    only_all_zones;
} DemoRole;

static const DemoRole roles[] = {
  { 1,   "Admin",          "All permissions",                               "system", TRUE },
  { 2,   "Standard User",  "All permissions except Admin",                  "system", FALSE },
  { 102, "Marketing User", "Marketing activities, Design Studio and Lead Database", "custom", FALSE },
  { 103, "Sales User",     "Sales Insight and Lead Database",               "custom", FALSE },
  { 120, "API Role",       "Access API: read-write lead, Access User Management Api; Access Users", "custom", FALSE },
};

enum { ROLE_ADMIN, ROLE_STANDARD, ROLE_MARKETING, ROLE_SALES, ROLE_API };

typedef struct
{
  int         id;
  char       *userid;
  char       *email;
  char       *first_name;
  char       *last_name;
  gboolean    api_only;
  int         roles[2];        /* indexes into roles[], -1 when unused */
} DemoUser;

static void
demo_user_free (DemoUser *user)
{
  g_free (user->userid);
  g_free (user->email);
  g_free (user->first_name);
  g_free (user->last_name);
  g_free (user);
}

static DemoUser *
demo_user_new (int         id,
               const char *userid,
               const char *email,
               const char *first_name,
               const char *last_name,
               gboolean    api_only,
               int         role,
               int         second_role)
{
  DemoUser *user = g_new0 (DemoUser, 1);

  user->id = id;
  user->userid = g_strdup (userid != NULL ? userid : email);
  user->email = g_strdup (email);
  user->first_name = g_strdup (first_name);
  user->last_name = g_strdup (last_name);
  user->api_only = api_only;
  user->roles[0] = role;
  user->roles[1] = second_role;

  return user;
}

static const struct { const char *name; const char *slug; } first_names[] = {
  { "Alex", "alex" }, { "Blake", "blake" }, { "Casey", "casey" }, { "Dana", "dana" },
  { "Elliot", "elliot" }, { "Finley", "finley" }, { "Gray", "gray" }, { "Harper", "harper" },
  { "Indy", "indy" }, { "Jordan", "jordan" }, { "Kai", "kai" }, { "Logan", "logan" },
  { "Milan", "milan" }, { "Noor", "noor" }, { "Oakley", "oakley" }, { "Parker", "parker" },
  { "Quinn", "quinn" }, { "Reese", "reese" }, { "Sam", "sam" }, { "Taylor", "taylor" },
};

static const struct { const char *name; const char *slug; } last_names[] = {
  { "Bakker", "bakker" }, { "Chen", "chen" }, { "de Vries", "devries" }, { "Jansen", "jansen" },
  { "Okafor", "okafor" }, { "Patel", "patel" }, { "Rossi", "rossi" }, { "Smit", "smit" },
  { "Visser", "visser" }, { "Wong", "wong" }, { "Müller", "mueller" }, { "García", "garcia" },
  { "Kowalski", "kowalski" }, { "Nakamura", "nakamura" }, { "O’Brien", "obrien" }, { "Haddad", "haddad" },
  { "Lindqvist", "lindqvist" }, { "Mensah", "mensah" }, { "Novák", "novak" }, { "Silva", "silva" },
};

/* Generated users who hold the Admin role (with the two named ones: 8). */
static const guint generated_admins[] = { 5, 41, 87, 133, 179, 225 };

/*
 * 264 users, always the same: Avery Admin, Morgan Reyes (both Admin), Riley
 * Rep, 258 generated from the name lists, and 3 API-only users spread over
 * the list (so that paging crosses them). Every tenth generated user has an
 * Adobe IMS userid, as on IMS-migrated subscriptions.
 */
static GPtrArray *
seed_users (void)
{
  GPtrArray *users = g_ptr_array_new_with_free_func ((GDestroyNotify)demo_user_free);
  int id = 1001;

  g_ptr_array_add (users, demo_user_new (id++, NULL, "admin@northwind.example", "Avery", "Admin",
                                         FALSE, ROLE_ADMIN, -1));
  g_ptr_array_add (users, demo_user_new (id++, NULL, MSI_DEMO_MARKETO_API_USER, "MSI Actions", "API",
                                         TRUE, ROLE_ADMIN, ROLE_API));
  g_ptr_array_add (users, demo_user_new (id++, NULL, "morgan@northwind.example", "Morgan", "Reyes",
                                         FALSE, ROLE_ADMIN, ROLE_STANDARD));
  g_ptr_array_add (users, demo_user_new (id++, NULL, "rep@northwind.example", "Riley", "Rep",
                                         FALSE, ROLE_SALES, -1));

  for (guint i = 0; i < N_GENERATED_USERS; i++)
    {
      guint f = i % G_N_ELEMENTS (first_names);
      guint l = (i / G_N_ELEMENTS (first_names) + f) % G_N_ELEMENTS (last_names);
      g_autofree char *email = g_strdup_printf ("%s.%s@northwind.example",
                                                first_names[f].slug, last_names[l].slug);
      g_autofree char *userid = NULL;
      gboolean admin = FALSE;
      int role;
      int second = -1;

      for (guint a = 0; a < G_N_ELEMENTS (generated_admins); a++)
        admin = admin || generated_admins[a] == i;

      if (i % 10 == 3)
        userid = g_strdup_printf ("%08X%08X%08X@AdobeID",
                                  g_str_hash (email), g_str_hash (email + 1), 0x5E1E5u + i);

      role = admin ? ROLE_ADMIN : (i % 3 == 0 ? ROLE_STANDARD : i % 3 == 1 ? ROLE_MARKETING : ROLE_SALES);
      if (i % 7 == 0 && role != ROLE_MARKETING)
        second = ROLE_MARKETING;

      g_ptr_array_add (users, demo_user_new (id++, userid, email, first_names[f].name, last_names[l].name,
                                             FALSE, role, second));

      if (i == 195)
        g_ptr_array_add (users, demo_user_new (id++, NULL, "crm-sync@northwind.example", "CRM Sync", "API",
                                               TRUE, ROLE_API, -1));
    }

  g_ptr_array_add (users, demo_user_new (id++, NULL, "webhooks@northwind.example", "Webhooks", "API",
                                         TRUE, ROLE_API, ROLE_STANDARD));

  g_assert (users->len == MSI_DEMO_MARKETO_N_USERS);

  return users;
}

/*
 * Lead fields
 *
 * The Lead object of a Marketo instance synced with Salesforce: the
 * standard person and company fields, Salesforce's (CRM-managed, read
 * only), what Marketo infers and records itself (read only), and fields
 * the admin made (custom), one of them a formula. Every data type of
 * MsiSyncDataType is here. The first 24 are the ones describe2 listed
 * before the data sync needed more.
 */

#define LEAD(name, display, type, length, updateable, crm, custom) \
  { name, display, type, length, updateable, crm, custom }
#define STD(name, display, type, length)    LEAD (name, display, type, length, TRUE, FALSE, FALSE)
#define RO(name, display, type, length)     LEAD (name, display, type, length, FALSE, FALSE, FALSE)
#define CRM(name, display, type, length)    LEAD (name, display, type, length, FALSE, TRUE, FALSE)
#define CUSTOM(name, display, type, length) LEAD (name, display, type, length, TRUE, FALSE, TRUE)

static const MsiDemoLeadField seed_lead_fields[] = {
  RO  ("id", "Id", "integer", 0),
  STD ("email", "Email Address", "email", 255),
  STD ("firstName", "First Name", "string", 255),
  STD ("lastName", "Last Name", "string", 255),
  STD ("title", "Job Title", "string", 255),
  STD ("company", "Company Name", "string", 255),
  STD ("phone", "Phone Number", "phone", 255),
  STD ("mobilePhone", "Mobile Phone Number", "phone", 255),
  STD ("website", "Website", "url", 255),
  STD ("industry", "Industry", "string", 255),
  STD ("numberOfEmployees", "Num Employees", "integer", 0),
  STD ("annualRevenue", "Annual Revenue", "currency", 0),
  STD ("city", "City", "string", 255),
  STD ("state", "State", "string", 255),
  STD ("country", "Country", "string", 255),
  STD ("postalCode", "Postal Code", "string", 255),
  STD ("leadSource", "Lead Source", "string", 255),
  STD ("leadStatus", "Lead Status", "string", 255),
  STD ("leadScore", "Lead Score", "integer", 0),
  STD ("unsubscribed", "Unsubscribed", "boolean", 0),
  CRM ("sfdcLeadId", "SFDC Lead ID", "string", 18),
  CRM ("sfdcAccountId", "SFDC Account ID", "string", 18),
  RO  ("createdAt", "Created At", "datetime", 0),
  RO  ("updatedAt", "Updated At", "datetime", 0),

  /* Person */
  STD ("salutation", "Salutation", "string", 255),
  STD ("middleName", "Middle Name", "string", 255),
  STD ("department", "Department", "string", 255),
  STD ("leadRole", "Role", "string", 255),
  STD ("dateOfBirth", "Date of Birth", "date", 0),
  STD ("address", "Address", "text", 0),
  STD ("fax", "Fax Number", "phone", 255),
  STD ("doNotCall", "Do Not Call", "boolean", 0),
  STD ("doNotCallReason", "Do Not Call Reason", "string", 255),
  STD ("unsubscribedReason", "Unsubscribed Reason", "text", 0),
  STD ("comments", "Comments", "text", 2000),
  STD ("rating", "Lead Rating", "string", 255),
  STD ("priority", "Priority", "integer", 0),
  STD ("relativeScore", "Relative Score", "integer", 0),
  STD ("urgency", "Urgency", "float", 0),
  STD ("personType", "Person Type", "string", 255),
  STD ("mktoPersonNotes", "Person Notes", "text", 0),
  STD ("facebookProfileURL", "Facebook Profile URL", "url", 255),
  STD ("personTimeZone", "Person Time Zone", "string", 255),

  /* E-mail deliverability and consent */
  STD ("emailInvalid", "Email Invalid", "boolean", 0),
  STD ("emailInvalidCause", "Email Invalid Cause", "string", 255),
  STD ("emailSuspended", "Email Suspended", "boolean", 0),
  STD ("emailSuspendedCause", "Email Suspended Cause", "string", 255),
  STD ("emailSuspendedAt", "Email Suspended At", "datetime", 0),
  STD ("blackListed", "Blocklisted", "boolean", 0),
  STD ("blackListedCause", "Blocklisted Cause", "string", 255),
  STD ("marketingSuspended", "Marketing Suspended", "boolean", 0),

  /* Company */
  STD ("mainPhone", "Main Phone", "phone", 255),
  STD ("billingStreet", "Billing Address", "text", 0),
  STD ("billingCity", "Billing City", "string", 255),
  STD ("billingState", "Billing State", "string", 255),
  STD ("billingCountry", "Billing Country", "string", 255),
  STD ("billingPostalCode", "Billing Postal Code", "string", 255),
  STD ("sicCode", "SIC Code", "string", 40),
  STD ("site", "Site", "string", 255),
  STD ("externalCompanyId", "External Company Id", "reference", 100),
  STD ("mktoIsPartner", "Is Partner", "boolean", 0),
  STD ("mktoIsCustomer", "Is Customer", "boolean", 0),
  STD ("mktoCompetitor", "Is Competitor", "boolean", 0),

  /* Salesforce (the CRM sync writes them) */
  CRM ("sfdcContactId", "SFDC Contact ID", "reference", 18),
  CRM ("sfdcLeadOwnerId", "SFDC Lead Owner ID", "reference", 18),
  CRM ("sfdcCampaignId", "SFDC Campaign ID", "reference", 18),
  CRM ("sfdcType", "SFDC Type", "string", 255),
  CRM ("sfdcLeadOwnerEmail", "Lead Owner Email Address", "email", 255),
  CRM ("sfdcLeadOwnerPhone", "Lead Owner Phone Number", "phone", 255),
  CRM ("sfdcAccountOwnerName", "Account Owner Name", "string", 255),
  CRM ("sfdcOpportunityAmount", "Opportunity Amount", "currency", 0),
  CRM ("sfdcOpportunityProbability", "Opportunity Probability", "percent", 0),
  CRM ("sfdcLastActivityDate", "Last Activity Date", "date", 0),

  /* What Marketo infers and records */
  RO  ("isAnonymous", "Anonymous", "boolean", 0),
  RO  ("isLead", "Is Lead", "boolean", 0),
  RO  ("acquisitionDate", "Acquisition Date", "datetime", 0),
  RO  ("acquisitionProgramId", "Acquisition Program Id", "reference", 255),
  RO  ("leadPartitionId", "Lead Partition Id", "integer", 0),
  RO  ("leadRevenueStageId", "Revenue Stage Id", "integer", 0),
  RO  ("anonymousIP", "Anonymous IP", "string", 255),
  RO  ("inferredCompany", "Inferred Company", "string", 255),
  RO  ("inferredCity", "Inferred City", "string", 255),
  RO  ("inferredStateRegion", "Inferred State Region", "string", 255),
  RO  ("inferredCountry", "Inferred Country", "string", 255),
  RO  ("inferredPostalCode", "Inferred Postal Code", "string", 255),
  RO  ("inferredMetropolitanArea", "Inferred Metropolitan Area", "string", 255),
  RO  ("inferredPhoneAreaCode", "Inferred Phone Area Code", "string", 255),
  RO  ("originalSourceType", "Original Source Type", "string", 255),
  RO  ("originalSourceInfo", "Original Source Info", "string", 255),
  RO  ("registrationSourceType", "Registration Source Type", "string", 255),
  RO  ("registrationSourceInfo", "Registration Source Info", "text", 2000),
  RO  ("originalReferrer", "Original Referrer", "url", 255),
  RO  ("originalSearchEngine", "Original Search Engine", "string", 255),
  RO  ("originalSearchPhrase", "Original Search Phrase", "string", 255),

  /* Made by Northwind's admins */
  CUSTOM ("productInterest", "Product Interest", "string", 255),
  CUSTOM ("preferredLanguage", "Preferred Language", "string", 40),
  CUSTOM ("partnerTier", "Partner Tier", "string", 40),
  CUSTOM ("behaviorScore", "Behavior Score", "score", 0),
  CUSTOM ("demographicScore", "Demographic Score", "score", 0),
  CUSTOM ("profileCompleteness", "Profile Completeness", "percent", 0),
  CUSTOM ("discountRate", "Discount Rate", "percent", 0),
  CUSTOM ("engagementIndex", "Engagement Index", "float", 0),
  CUSTOM ("estimatedBudget", "Estimated Budget", "currency", 0),
  CUSTOM ("webinarsAttended", "Webinars Attended", "integer", 0),
  CUSTOM ("lastWebinarDate", "Last Webinar Date", "date", 0),
  CUSTOM ("lastInteractionAt", "Last Interaction", "datetime", 0),
  CUSTOM ("gdprConsent", "GDPR Consent", "boolean", 0),
  CUSTOM ("gdprConsentDate", "GDPR Consent Date", "datetime", 0),
  CUSTOM ("accountManagerEmail", "Account Manager Email", "email", 255),
  CUSTOM ("linkedInProfile", "LinkedIn Profile", "url", 255),
  CUSTOM ("greetingFormula", "Greeting", "formula", 0),
};

#undef LEAD
#undef STD
#undef RO
#undef CRM
#undef CUSTOM

/*
 * State
 */

static void
state_clear (State *state)
{
  g_free (state->key);
  g_hash_table_unref (state->tokens);
  g_free (state->fault_code);
  g_ptr_array_unref (state->users);
  g_array_unref (state->lead_fields);
  g_ptr_array_unref (state->custom_names);
}

static void
state_release (gpointer state)
{
  g_rc_box_release_full (state, (GDestroyNotify)state_clear);
}

static State *
get_state (MsiDemoServer *server)
{
  State *state = g_object_get_data (G_OBJECT (server), STATE_KEY);
  const char *lifetime;

  if (state != NULL)
    return state;

  state = g_rc_box_new0 (State);
  state->key = msi_demo_random_base64url ();
  state->tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  state->lifetime = TOKEN_LIFETIME;
  state->users = seed_users ();
  state->lead_fields = g_array_sized_new (FALSE, FALSE, sizeof (MsiDemoLeadField),
                                          G_N_ELEMENTS (seed_lead_fields));
  g_array_append_vals (state->lead_fields, seed_lead_fields, G_N_ELEMENTS (seed_lead_fields));
  state->custom_names = g_ptr_array_new_with_free_func (g_free);

  lifetime = g_getenv ("MSI_DEMO_MARKETO_TOKEN_LIFETIME");
  if (lifetime != NULL && lifetime[0] != '\0')
    {
      guint64 parsed = 0;

      if (g_ascii_string_to_unsigned (lifetime, 10, 1, MAX_TOKEN_LIFETIME, &parsed, NULL))
        state->lifetime = (guint)parsed;
      else
        g_warning ("Ignoring MSI_DEMO_MARKETO_TOKEN_LIFETIME “%s”: use 1–%u seconds",
                   lifetime, MAX_TOKEN_LIFETIME);
    }

  g_object_set_data_full (G_OBJECT (server), STATE_KEY, state, state_release);

  return state;
}

static gboolean
test_hooks_enabled (void)
{
  return g_strcmp0 (g_getenv ("MSI_DEMO_TEST_HOOKS"), "1") == 0;
}

/* The token of @serial: 32 hex digits as a UUID, and Marketo's pod suffix. */
static char *
token_for_serial (State *state,
                  guint  serial)
{
  g_autofree char *data = g_strdup_printf ("marketo-token:%u", serial);
  g_autofree char *mac = g_compute_hmac_for_string (G_CHECKSUM_SHA256,
                                                    (const guchar *)state->key, strlen (state->key),
                                                    data, -1);

  return g_strdup_printf ("%.8s-%.4s-%.4s-%.4s-%.12s:ab",
                          mac, mac + 8, mac + 12, mac + 16, mac + 20);
}

/*
 * Replies
 */

static char *
new_request_id (void)
{
  return g_strdup_printf ("%x#%" G_GINT64_MODIFIER "x", g_random_int_range (0x1000, 0xffff),
                          g_get_real_time ());
}

static const char *
code_message (const char *code)
{
  static const struct { const char *code; const char *message; } messages[] = {
    { "601", "Access token invalid" },
    { "602", "Access token expired" },
    { "603", "Access denied" },
    { "604", "Request timed out" },
    { "606", "Max rate limit '100' exceeded with in '20' secs" },
    { "607", "Daily quota reached" },
    { "608", "API Temporarily Unavailable" },
    { "611", "System error" },
    { "615", "Concurrent access limit reached" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (messages); i++)
    {
      if (g_str_equal (messages[i].code, code))
        return messages[i].message;
    }

  return "Unexpected error";
}

static guint
user_api_status (const char *code)
{
  if (g_str_equal (code, "601") || g_str_equal (code, "602"))
    return SOUP_STATUS_UNAUTHORIZED;
  if (g_str_equal (code, "603"))
    return SOUP_STATUS_FORBIDDEN;
  if (g_str_equal (code, "606") || g_str_equal (code, "615"))
    return 429;  /* Too Many Requests */
  if (g_str_has_prefix (code, "1"))
    return SOUP_STATUS_BAD_REQUEST;

  return SOUP_STATUS_SERVICE_UNAVAILABLE;
}

static JsonArray *
errors_array (const char *code,
              const char *message)
{
  JsonArray *errors = json_array_new ();
  JsonObject *error = json_object_new ();

  json_object_set_string_member (error, "code", code);
  json_object_set_string_member (error, "message", message != NULL ? message : code_message (code));
  json_array_add_object_element (errors, error);

  return errors;
}

/* A failure in the shape of the API: REST says it in an HTTP 200
 * envelope, User Management with a status. */
static void
reply_error (SoupServerMessage *msg,
             ApiKind            kind,
             guint              status,
             const char        *code,
             const char        *message)
{
  g_autoptr(JsonObject) reply = json_object_new ();

  if (kind == API_REST)
    {
      g_autofree char *request_id = new_request_id ();

      json_object_set_string_member (reply, "requestId", request_id);
      json_object_set_boolean_member (reply, "success", FALSE);
      json_object_set_array_member (reply, "errors", errors_array (code, message));
      msi_demo_reply_object (msg, SOUP_STATUS_OK, reply);
      return;
    }

  json_object_set_array_member (reply, "errors", errors_array (code, message));
  msi_demo_reply_object (msg, status != 0 ? status : user_api_status (code), reply);
}

static void
reply_array (SoupServerMessage *msg,
             JsonArray         *array)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);

  json_node_set_array (node, array);
  msi_demo_reply_json (msg, SOUP_STATUS_OK, NULL, node);
}

/*
 * Identity
 */

static GHashTable *
identity_params (SoupServerMessage *msg)
{
  GUri *uri = soup_server_message_get_uri (msg);
  const char *query = g_uri_get_query (uri);
  GHashTable *params = query != NULL ? soup_form_decode (query)
                                     : g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  if (g_str_equal (soup_server_message_get_method (msg), "POST"))
    {
      SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
      const char *content_type = soup_message_headers_get_content_type (headers, NULL);
      g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));

      if (content_type != NULL &&
          g_ascii_strcasecmp (content_type, "application/x-www-form-urlencoded") == 0 &&
          g_bytes_get_size (bytes) > 0)
        {
          g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
          g_autoptr(GHashTable) form = soup_form_decode (text);
          GHashTableIter iter;
          gpointer key, value;

          g_hash_table_iter_init (&iter, form);
          while (g_hash_table_iter_next (&iter, &key, &value))
            g_hash_table_replace (params, g_strdup (key), g_strdup (value));
        }
    }

  return params;
}

static void
reply_oauth_error (SoupServerMessage *msg,
                   guint              status,
                   const char        *error,
                   const char        *description)
{
  g_autoptr(JsonObject) reply = json_object_new ();

  json_object_set_string_member (reply, "error", error);
  json_object_set_string_member (reply, "error_description", description);
  msi_demo_reply_object (msg, status, reply);
}

/**
 * msi_demo_marketo_handle_identity:
 *
 * `GET|POST identity/oauth/token`: the client credentials grant, with the
 * parameters in the query or (POST) a form body.
 */
void
msi_demo_marketo_handle_identity (MsiDemoServer     *server,
                                  SoupServerMessage *msg,
                                  GHashTable        *params)
{
  State *state = get_state (server);
  g_autoptr(GHashTable) form = identity_params (msg);
  g_autoptr(JsonObject) reply = json_object_new ();
  g_autofree char *token = NULL;
  const char *grant_type = g_hash_table_lookup (form, "grant_type");
  const char *client_id = g_hash_table_lookup (form, "client_id");
  const char *client_secret = g_hash_table_lookup (form, "client_secret");
  gint64 now = msi_demo_now_seconds ();

  state->identity_calls++;

  if (g_strcmp0 (grant_type, "client_credentials") != 0)
    {
      reply_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "unsupported_grant_type",
                         "Unsupported grant type; use client_credentials");
      return;
    }

  {
    g_autofree char *given = msi_demo_sha256_hex (client_secret != NULL ? client_secret : "");
    g_autofree char *expected = msi_demo_sha256_hex (MSI_DEMO_MARKETO_CLIENT_SECRET);

    if (g_strcmp0 (client_id, MSI_DEMO_MARKETO_CLIENT_ID) != 0 ||
        !msi_demo_hashes_equal (given, expected))
      {
        reply_oauth_error (msg, SOUP_STATUS_UNAUTHORIZED, "unauthorized", "Bad client credentials");
        return;
      }
  }

  /* The same token until it expires, with what is left of its life. */
  if (state->current_expires <= now)
    {
      state->serial++;
      state->current_expires = now + state->lifetime;
      token = token_for_serial (state, state->serial);
      g_hash_table_replace (state->tokens, msi_demo_sha256_hex (token),
                            g_memdup2 (&state->current_expires, sizeof state->current_expires));
    }
  else
    {
      token = token_for_serial (state, state->serial);
    }

  json_object_set_string_member (reply, "access_token", token);
  json_object_set_string_member (reply, "token_type", "bearer");
  json_object_set_int_member (reply, "expires_in", state->current_expires - now);
  json_object_set_string_member (reply, "scope", MSI_DEMO_MARKETO_API_USER);
  msi_demo_reply_object (msg, SOUP_STATUS_OK, reply);
}

/*
 * API requests: concurrency, faults, token
 */

static void
request_finished_cb (SoupServerMessage *msg,
                     State             *state)
{
  g_assert (state->in_flight > 0);
  state->in_flight--;
}

static void
release_state_closure (gpointer  data,
                       GClosure *closure)
{
  state_release (data);
}

/* TRUE when the request may be served; otherwise it was answered. */
static gboolean
api_begin (MsiDemoServer     *server,
           SoupServerMessage *msg,
           ApiKind            kind)
{
  State *state = get_state (server);
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *query = g_uri_get_query (soup_server_message_get_uri (msg));
  const char *authorization = soup_message_headers_get_one (headers, "Authorization");
  g_autofree char *hash = NULL;
  gint64 *expires;

  state->api_calls++;
  if (query != NULL)
    {
      g_autoptr(GHashTable) form = soup_form_decode (query);

      if (g_hash_table_contains (form, "access_token"))
        state->query_tokens++;
    }

  state->in_flight++;
  g_signal_connect_data (msg, "finished", G_CALLBACK (request_finished_cb),
                         g_rc_box_acquire (state), release_state_closure, 0);

  if (state->in_flight > MSI_DEMO_MARKETO_MAX_CONCURRENT)
    {
      reply_error (msg, kind, 0, "615", NULL);
      return FALSE;
    }

  if (state->fault_count > 0)
    {
      state->fault_count--;
      reply_error (msg, kind, 0, state->fault_code, NULL);
      return FALSE;
    }

  if (authorization == NULL || g_ascii_strncasecmp (authorization, "Bearer ", strlen ("Bearer ")) != 0)
    {
      reply_error (msg, kind, 0, "601", NULL);
      return FALSE;
    }

  hash = msi_demo_sha256_hex (authorization + strlen ("Bearer "));
  expires = g_hash_table_lookup (state->tokens, hash);
  if (expires == NULL)
    {
      reply_error (msg, kind, 0, "601", NULL);
      return FALSE;
    }
  if (*expires <= msi_demo_now_seconds ())
    {
      reply_error (msg, kind, 0, "602", NULL);
      return FALSE;
    }

  return TRUE;
}

/*
 * REST
 */

static JsonObject *
lead_field (const char *name,
            const char *display_name,
            const char *data_type,
            int         length,
            gboolean    updateable,
            gboolean    crm_managed)
{
  JsonObject *field = json_object_new ();

  json_object_set_string_member (field, "name", name);
  json_object_set_string_member (field, "displayName", display_name);
  json_object_set_string_member (field, "dataType", data_type);
  if (length > 0)
    json_object_set_int_member (field, "length", length);
  json_object_set_boolean_member (field, "updateable", updateable);
  json_object_set_boolean_member (field, "crmManaged", crm_managed);

  return field;
}

/**
 * msi_demo_marketo_handle_describe2:
 *
 * `GET rest/v1/leads/describe2.json`: the Lead object's fields.
 */
void
msi_demo_marketo_handle_describe2 (MsiDemoServer     *server,
                                   SoupServerMessage *msg,
                                   GHashTable        *params)
{
  static const char * const searchable[] = { "email", "id", "sfdcLeadId", "cookies" };
  State *state = get_state (server);
  g_autoptr(JsonObject) reply = NULL;
  g_autofree char *request_id = NULL;
  JsonObject *lead;
  JsonArray *field_array;
  JsonArray *searchable_array;
  JsonArray *result;

  if (!api_begin (server, msg, API_REST))
    return;

  field_array = json_array_new ();
  for (guint i = 0; i < state->lead_fields->len; i++)
    {
      const MsiDemoLeadField *field = &g_array_index (state->lead_fields, MsiDemoLeadField, i);

      json_array_add_object_element (field_array,
                                     lead_field (field->name, field->display_name, field->data_type,
                                                 field->length, field->updateable, field->crm_managed));
    }

  searchable_array = json_array_new ();
  for (guint i = 0; i < G_N_ELEMENTS (searchable); i++)
    {
      JsonArray *key = json_array_new ();

      json_array_add_string_element (key, searchable[i]);
      json_array_add_array_element (searchable_array, key);
    }

  lead = json_object_new ();
  json_object_set_string_member (lead, "name", "Lead");
  json_object_set_array_member (lead, "searchableFields", searchable_array);
  json_object_set_array_member (lead, "fields", field_array);

  result = json_array_new ();
  json_array_add_object_element (result, lead);

  request_id = new_request_id ();
  reply = json_object_new ();
  json_object_set_string_member (reply, "requestId", request_id);
  json_object_set_array_member (reply, "result", result);
  json_object_set_boolean_member (reply, "success", TRUE);
  msi_demo_reply_object (msg, SOUP_STATUS_OK, reply);
}

/*
 * User Management
 */

static gboolean
parse_query_uint (GHashTable  *query,
                  const char  *name,
                  guint        fallback,
                  guint        max,
                  guint       *out)
{
  const char *value = query != NULL ? g_hash_table_lookup (query, name) : NULL;
  guint64 parsed = 0;

  if (value == NULL || value[0] == '\0')
    {
      *out = fallback;
      return TRUE;
    }

  if (!g_ascii_string_to_unsigned (value, 10, 0, max, &parsed, NULL))
    return FALSE;

  *out = (guint)parsed;
  return TRUE;
}

static JsonObject *
user_summary (const DemoUser *user)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "userid", user->userid);
  json_object_set_string_member (object, "firstName", user->first_name);
  json_object_set_string_member (object, "lastName", user->last_name);
  json_object_set_string_member (object, "emailAddress", user->email);
  json_object_set_int_member (object, "id", user->id);
  json_object_set_boolean_member (object, "apiOnly", user->api_only);

  return object;
}

static JsonArray *
user_role_workspaces (const DemoUser *user)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (user->roles); i++)
    {
      const DemoRole *role;
      JsonObject *entry;

      if (user->roles[i] < 0)
        continue;
      role = &roles[user->roles[i]];

      entry = json_object_new ();
      json_object_set_int_member (entry, "accessRoleId", role->id);
      json_object_set_string_member (entry, "accessRoleName", role->name);
      json_object_set_int_member (entry, "workspaceId", role->only_all_zones ? 0 : 1);
      json_object_set_string_member (entry, "workspaceName", role->only_all_zones ? "AllZones" : "Default");
      json_array_add_object_element (array, entry);
    }

  return array;
}

static const DemoUser *
find_user (State      *state,
           const char *userid)
{
  for (guint i = 0; i < state->users->len; i++)
    {
      const DemoUser *user = g_ptr_array_index (state->users, i);

      if (g_ascii_strcasecmp (user->userid, userid) == 0)
        return user;
    }

  return NULL;
}

/**
 * msi_demo_marketo_handle_all_users:
 *
 * `GET …/users/allusers.json?pageSize=&pageOffset=`: a bare array, 20 users
 * by default and 200 at most; pageOffset is the index of the first one.
 */
void
msi_demo_marketo_handle_all_users (MsiDemoServer     *server,
                                   SoupServerMessage *msg,
                                   GHashTable        *params)
{
  State *state = get_state (server);
  const char *query_text = g_uri_get_query (soup_server_message_get_uri (msg));
  g_autoptr(GHashTable) query = query_text != NULL ? soup_form_decode (query_text) : NULL;
  JsonArray *page;
  guint page_size;
  guint offset;

  if (!api_begin (server, msg, API_USER))
    return;

  if (!parse_query_uint (query, "pageSize", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, &page_size) || page_size == 0)
    {
      reply_error (msg, API_USER, SOUP_STATUS_BAD_REQUEST, "1003",
                   "Invalid pageSize: use a number from 1 to 200");
      return;
    }
  if (!parse_query_uint (query, "pageOffset", 0, G_MAXINT32, &offset))
    {
      reply_error (msg, API_USER, SOUP_STATUS_BAD_REQUEST, "1003",
                   "Invalid pageOffset: use a number from 0");
      return;
    }

  page = json_array_new ();
  for (guint i = offset; i < state->users->len && i < offset + page_size; i++)
    json_array_add_object_element (page, user_summary (g_ptr_array_index (state->users, i)));

  reply_array (msg, page);
}

/**
 * msi_demo_marketo_handle_roles:
 *
 * `GET …/users/roles.json`: every role.
 */
void
msi_demo_marketo_handle_roles (MsiDemoServer     *server,
                               SoupServerMessage *msg,
                               GHashTable        *params)
{
  JsonArray *array;

  if (!api_begin (server, msg, API_USER))
    return;

  array = json_array_new ();
  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    {
      JsonObject *role = json_object_new ();

      json_object_set_int_member (role, "id", roles[i].id);
      json_object_set_string_member (role, "name", roles[i].name);
      json_object_set_string_member (role, "description", roles[i].description);
      json_object_set_string_member (role, "type", roles[i].type);
      json_object_set_boolean_member (role, "hidden", FALSE);
      json_object_set_boolean_member (role, "onlyAllZones", roles[i].only_all_zones);
      json_object_set_string_member (role, "createdAt", "20100327T18:27:42.0t+0000");
      json_object_set_string_member (role, "updatedAt", "20180423T02:33:29.0t+0000");
      json_array_add_object_element (array, role);
    }

  reply_array (msg, array);
}

static const DemoUser *
lookup_user_param (MsiDemoServer     *server,
                   SoupServerMessage *msg,
                   GHashTable        *params)
{
  const DemoUser *user = find_user (get_state (server), g_hash_table_lookup (params, "userid"));

  if (user == NULL)
    reply_error (msg, API_USER, SOUP_STATUS_NOT_FOUND, "1004", "User not found");

  return user;
}

/**
 * msi_demo_marketo_handle_user_roles:
 *
 * `GET …/users/{userid}/roles.json`: the user's roles and workspaces.
 */
void
msi_demo_marketo_handle_user_roles (MsiDemoServer     *server,
                                    SoupServerMessage *msg,
                                    GHashTable        *params)
{
  const DemoUser *user;

  if (!api_begin (server, msg, API_USER))
    return;

  user = lookup_user_param (server, msg, params);
  if (user == NULL)
    return;

  reply_array (msg, user_role_workspaces (user));
}

/**
 * msi_demo_marketo_handle_user:
 *
 * `GET …/users/{userid}/user.json`: the user, with userRoleWorkspaces.
 */
void
msi_demo_marketo_handle_user (MsiDemoServer     *server,
                              SoupServerMessage *msg,
                              GHashTable        *params)
{
  g_autoptr(JsonObject) object = NULL;
  const DemoUser *user;

  if (!api_begin (server, msg, API_USER))
    return;

  user = lookup_user_param (server, msg, params);
  if (user == NULL)
    return;

  object = user_summary (user);
  json_object_set_boolean_member (object, "optedIn", FALSE);
  json_object_set_int_member (object, "failedLogins", 0);
  json_object_set_int_member (object, "failedDeviceCode", 0);
  json_object_set_boolean_member (object, "isLocked", FALSE);
  json_object_set_null_member (object, "lockedReason");
  json_object_set_array_member (object, "userRoleWorkspaces", user_role_workspaces (user));
  json_object_set_null_member (object, "expiresAt");
  json_object_set_string_member (object, "lastLoginAt", "20250203T09:12:44.000t+0000");
  msi_demo_reply_object (msg, SOUP_STATUS_OK, object);
}

/*
 * Test hooks
 */

static gboolean
check_test_hooks (SoupServerMessage *msg)
{
  if (test_hooks_enabled ())
    return TRUE;

  {
    g_autofree char *detail = g_strdup_printf ("There is no resource at %s.",
                                               g_uri_get_path (soup_server_message_get_uri (msg)));

    msi_demo_reply_problem (msg, SOUP_STATUS_NOT_FOUND, NULL, NULL, detail);
  }

  return FALSE;
}

/**
 * msi_demo_marketo_handle_faults:
 *
 * `POST /__demo/marketo/faults` (MSI_DEMO_TEST_HOOKS=1 only):
 * `{"code": "606", "count": 2}` fails the next @count API replies (count 0
 * clears), `{"expireTokens": true}` expires every token issued.
 */
void
msi_demo_marketo_handle_faults (MsiDemoServer     *server,
                                SoupServerMessage *msg,
                                GHashTable        *params)
{
  static const char * const codes[] = { "601", "602", "603", "604", "606", "607", "608", "611", "615", "699" };
  State *state;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) reply = json_object_new ();

  if (!check_test_hooks (msg))
    return;

  body = msi_demo_read_json_object (msg, FALSE);
  if (body == NULL)
    return;

  state = get_state (server);

  if (json_object_has_member (body, "expireTokens") && json_object_get_boolean_member (body, "expireTokens"))
    {
      GHashTableIter iter;
      gpointer value;
      gint64 past = msi_demo_now_seconds () - 1;

      g_hash_table_iter_init (&iter, state->tokens);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        *(gint64 *)value = past;
      state->current_expires = 0;
    }

  if (json_object_has_member (body, "code"))
    {
      JsonNode *node = json_object_get_member (body, "code");
      g_autofree char *code = NULL;
      gint64 count = json_object_get_int_member_with_default (body, "count", 1);
      gboolean known = FALSE;

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        code = g_strdup (json_node_get_string (node));
      else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
        code = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));

      for (guint i = 0; code != NULL && i < G_N_ELEMENTS (codes); i++)
        known = known || g_str_equal (codes[i], code);

      if (!known || count < 0 || count > 1000)
        {
          msi_demo_reply_problem (msg, SOUP_STATUS_BAD_REQUEST, NULL, NULL,
                                  "Use {\"code\": one of 601, 602, 603, 604, 606, 607, 608, 611, 615 "
                                  "or 699, \"count\": 0–1000}.");
          return;
        }

      g_free (state->fault_code);
      state->fault_code = g_steal_pointer (&code);
      state->fault_count = (guint)count;
      g_message ("The next %u Marketo API replies fail with %s", state->fault_count, state->fault_code);
    }

  json_object_set_string_member (reply, "code", state->fault_code);
  json_object_set_int_member (reply, "remaining", state->fault_count);
  msi_demo_reply_object (msg, SOUP_STATUS_OK, reply);
}

/**
 * msi_demo_marketo_handle_stats:
 *
 * `GET /__demo/marketo/stats` (MSI_DEMO_TEST_HOOKS=1 only): how many
 * Identity and API requests arrived, and how many API requests carried
 * access_token in their query.
 */
void
msi_demo_marketo_handle_stats (MsiDemoServer     *server,
                               SoupServerMessage *msg,
                               GHashTable        *params)
{
  g_autoptr(JsonObject) reply = json_object_new ();
  State *state;

  if (!check_test_hooks (msg))
    return;

  state = get_state (server);
  json_object_set_int_member (reply, "identityCalls", state->identity_calls);
  json_object_set_int_member (reply, "apiCalls", state->api_calls);
  json_object_set_int_member (reply, "queryTokens", state->query_tokens);
  json_object_set_int_member (reply, "inFlight", state->in_flight);
  msi_demo_reply_object (msg, SOUP_STATUS_OK, reply);
}

/**
 * msi_demo_marketo_get_lead_fields:
 * @n_fields: (out): how many
 *
 * Returns: (transfer none) (array length=n_fields): the lead fields as
 *   describe2 lists them now; valid until the next change of the test hook
 */
const MsiDemoLeadField *
msi_demo_marketo_get_lead_fields (MsiDemoServer *server,
                                  guint         *n_fields)
{
  State *state = get_state (server);

  g_return_val_if_fail (n_fields != NULL, NULL);

  *n_fields = state->lead_fields->len;

  return (const MsiDemoLeadField *)(gpointer)state->lead_fields->data;
}

/* A data type id of msi-sync-field.h, as a string that lives forever. */
static const char *
member_data_type (JsonObject *body,
                  gboolean   *valid)
{
  JsonNode *node = json_object_get_member (body, "dataType");
  MsiSyncDataType type;

  *valid = TRUE;
  if (node == NULL)
    return NULL;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
      !msi_sync_data_type_from_id (json_node_get_string (node), &type))
    {
      *valid = FALSE;
      return NULL;
    }

  return msi_sync_data_type_get_id (type);
}

/**
 * msi_demo_marketo_handle_lead_field:
 *
 * `PUT /__demo/marketo/lead-fields/{name}` (MSI_DEMO_TEST_HOOKS=1 only),
 * as if an admin had changed the field in Marketo: `{"dataType": "text",
 * "length": 2000 | null}` changes its type or length, `{"deleted": true}`
 * deletes it; a name describe2 does not list, with "displayName" and
 * "dataType", adds a custom field. Replies with the field, or 204 when
 * deleted. The change lasts until the server stops.
 */
void
msi_demo_marketo_handle_lead_field (MsiDemoServer     *server,
                                    SoupServerMessage *msg,
                                    GHashTable        *params)
{
  const char *name = g_hash_table_lookup (params, "name");
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) reply = NULL;
  MsiDemoLeadField *field = NULL;
  const char *data_type;
  JsonNode *length;
  gboolean valid_type;
  State *state;
  guint index = 0;

  if (!check_test_hooks (msg))
    return;

  body = msi_demo_read_json_object (msg, FALSE);
  if (body == NULL)
    return;

  state = get_state (server);
  for (guint i = 0; i < state->lead_fields->len && field == NULL; i++)
    if (g_str_equal (g_array_index (state->lead_fields, MsiDemoLeadField, i).name, name))
      {
        field = &g_array_index (state->lead_fields, MsiDemoLeadField, i);
        index = i;
      }

  data_type = member_data_type (body, &valid_type);
  length = json_object_get_member (body, "length");
  if (!valid_type ||
      (length != NULL && !JSON_NODE_HOLDS_NULL (length) &&
       (!JSON_NODE_HOLDS_VALUE (length) || json_node_get_value_type (length) != G_TYPE_INT64 ||
        json_node_get_int (length) < 1 || json_node_get_int (length) > MSI_SYNC_TEXT_MAX_LENGTH)))
    {
      msi_demo_reply_problem (msg, SOUP_STATUS_BAD_REQUEST, NULL, NULL,
                              "Use {\"dataType\": a Marketo data type, \"length\": 1–30000 or null}, "
                              "or {\"deleted\": true}.");
      return;
    }

  if (field != NULL && json_object_get_boolean_member_with_default (body, "deleted", FALSE))
    {
      g_message ("Marketo lead field “%s” deleted", name);
      g_array_remove_index (state->lead_fields, index);
      soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
      return;
    }

  if (field == NULL)
    {
      const char *display_name = json_object_get_string_member_with_default (body, "displayName", NULL);
      MsiDemoLeadField added = { NULL, NULL, data_type, 0, TRUE, FALSE, TRUE };
      char *copy;

      if (display_name == NULL || data_type == NULL)
        {
          g_autofree char *detail = g_strdup_printf ("Marketo has no lead field “%s”; give "
                                                     "\"displayName\" and \"dataType\" to add it.", name);

          msi_demo_reply_problem (msg, SOUP_STATUS_NOT_FOUND, NULL, NULL, detail);
          return;
        }

      copy = g_strdup (name);
      g_ptr_array_add (state->custom_names, copy);
      added.name = copy;
      copy = g_strdup (display_name);
      g_ptr_array_add (state->custom_names, copy);
      added.display_name = copy;
      g_array_append_val (state->lead_fields, added);
      field = &g_array_index (state->lead_fields, MsiDemoLeadField, state->lead_fields->len - 1);
    }

  if (data_type != NULL)
    field->data_type = data_type;
  if (length != NULL)
    field->length = JSON_NODE_HOLDS_NULL (length) ? 0 : (int)json_node_get_int (length);

  g_message ("Marketo lead field “%s” is now %s (length %d)", field->name, field->data_type, field->length);

  reply = lead_field (field->name, field->display_name, field->data_type, field->length,
                      field->updateable, field->crm_managed);
  msi_demo_reply_object (msg, SOUP_STATUS_OK, reply);
}

const MsiDemoLeadField *
msi_demo_marketo_find_seed_lead_field (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (seed_lead_fields); i++)
    if (g_str_equal (seed_lead_fields[i].name, name))
      return &seed_lead_fields[i];

  return NULL;
}
