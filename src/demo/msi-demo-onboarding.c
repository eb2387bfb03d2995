/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-demo-onboarding.c: a sales rep's onboarding: invitation links, progress, own connections, mailboxes, signature */

#define G_LOG_DOMAIN "msi-demo-onboarding"

#include "config.h"

#include "msi-demo-onboarding.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "msi-demo-connections.h"
#include "msi-demo-http.h"
#include "msi-demo-salesforce.h"
#include "msi-demo-scim.h"
#include "msi-demo-seed.h"
#include "msi-demo-store-private.h"
#include "msi-problem-types.h"
#include "msi-signature-html.h"

/*
 * The onboarding of an invited sales rep (user onboarding guide; the
 * contract is in src/services/msi-onboarding-client.h and
 * docs/actions-api.yaml):
 *
 *   GET    /api/v1/invitations/{token}                 no auth: who was invited, and the state
 *   POST   /api/v1/invitations/{token}                 no auth: an onboarding session (tokens)
 *   GET    /api/v1/me/onboarding                       the step to show next
 *   PUT    /api/v1/me/onboarding                       {step, emailClient?}, in order
 *   GET    /api/v1/me/connections                      salesforce, microsoft, google
 *   POST   /api/v1/me/connections/{service}/authorization-url
 *   GET    /api/v1/me/connections/{service}/callback   a browser navigation
 *   DELETE /api/v1/me/connections/{service}
 *   GET    /api/v1/me/email-identities
 *   GET    /api/v1/me/signature
 *   PUT    /api/v1/me/signature                        sanitized, at most MSI_SIGNATURE_MAX_LENGTH
 *
 * An invitation token (43 base64url characters; the store keeps its
 * SHA-256 only) opens a session for the person it was sent to: the user
 * becomes active, an Actions account of the demo authorization server,
 * and gets an access and a refresh token as if they had signed in. The
 * link works again (a new session each time) until the onboarding
 * finishes ("done"); after the first session it no longer expires.
 *
 * The user's own connections are service connections like the admin's
 * (msi-demo-connections.c): the Actions service is the confidential
 * client (MSI_DEMO_SERVICE_CLIENT_ID) of Salesforce, Microsoft and
 * Google. Salesforce activates the account only when its user's e-mail is
 * the Sales account's (without case) and the profile has API Enabled;
 * otherwise the connection is "error" with a problem that says which.
 * Microsoft and Google each add an e-mail identity (limits.
 * emailIdentitiesPerUser, 2). Deny at a consent page leaves the
 * connection as it was, with a sentence in "error".
 *
 * With MSI_DEMO_TEST_HOOKS=1:
 *   POST /__demo/onboarding/invite          {email, name?, expired?, kind?} → {link, token, …}
 *   GET  /__demo/onboarding/users/{email}   everything the service keeps of a user's onboarding
 */

#define SESSION_SCOPE          "setup offline_access"
#define REQUEST_LIFETIME       600
#define STATE_SELECTOR_LENGTH  16
#define APP_NAME               "MSI Actions Setup"
#define PRODUCT_NAME           "Marketo Sales Insight Actions"
#define WELCOME_SUBJECT        "Welcome to Marketo Sales Insight Actions"
#define SEED_NAME              "onboarding-invitations"
#define SEED_INVITER           "admin@northwind.example"
#define DEFAULT_IDENTITY_LIMIT 2
#define MAX_HOOK_NAME_LENGTH   100

/* The steps in order (msi-onboarding-step.h), and what each needs. */
static const char * const steps[] = {
  "activate",
  "start",
  "email-client",
  "email-connected",
  "signature",
  "finish",
  "tour",
  "launch",
  "done",
};

#define STEP_ACTIVATE      0
#define STEP_EMAIL_CLIENT  2
#define STEP_DONE          (G_N_ELEMENTS (steps) - 1)

static int
find_step (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      if (g_strcmp0 (steps[i], id) == 0)
        return (int)i;
    }

  return -1;
}

/* A user's own service connection. */
typedef struct
{
  const char          *id;
  const char          *name;            /* "Salesforce", "Outlook", "Gmail" */
  const char          *provider_name;   /* whose consent page: "Salesforce", "Microsoft", "Google" */
  MsiDemoProviderKind  provider;
  const char          *authorize_path;
  const char          *callback_path;
  const char          *scope;
  const char          *extra_params;    /* appended to the authorization URL */
  const char          *identity;        /* the e-mail identity it makes, or NULL */
} UserService;

static const UserService user_services[] = {
  {
    .id = "salesforce",
    .name = "Salesforce",
    .provider_name = "Salesforce",
    .provider = MSI_DEMO_PROVIDER_SALESFORCE,
    .authorize_path = MSI_DEMO_SALESFORCE_AUTHORIZE_PATH,
    .callback_path = MSI_DEMO_USER_SALESFORCE_CALLBACK,
    .scope = "api refresh_token",
    .extra_params = "",
  },
  {
    .id = "microsoft",
    .name = "Outlook",
    .provider_name = "Microsoft",
    .provider = MSI_DEMO_PROVIDER_MICROSOFT,
    .authorize_path = MSI_DEMO_MICROSOFT_AUTHORIZE_PATH,
    .callback_path = MSI_DEMO_USER_MICROSOFT_CALLBACK,
    .scope = "openid email offline_access https://graph.microsoft.com/User.Read https://graph.microsoft.com/Mail.Send",
    .extra_params = "",
    .identity = "outlook",
  },
  {
    .id = "google",
    .name = "Gmail",
    .provider_name = "Google",
    .provider = MSI_DEMO_PROVIDER_GOOGLE,
    .authorize_path = MSI_DEMO_GOOGLE_AUTHORIZE_PATH,
    .callback_path = MSI_DEMO_USER_GOOGLE_CALLBACK,
    .scope = "openid email https://www.googleapis.com/auth/gmail.send",
    .extra_params = "&access_type=offline&prompt=consent",
    .identity = "gmail",
  },
};

static const UserService *
find_user_service (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (user_services); i++)
    {
      if (g_strcmp0 (user_services[i].id, id) == 0)
        return &user_services[i];
    }

  return NULL;
}

/*
 * Small helpers
 */

static char *
format_unix_utc (gint64 seconds)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (seconds);

  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");
}

static JsonNode *
string_or_null (const char *text)
{
  return text != NULL ? json_node_init_string (json_node_alloc (), text) : json_node_new (JSON_NODE_NULL);
}

static char *
column_dup (sqlite3_stmt *stmt,
            int           column)
{
  return g_strdup ((const char *)sqlite3_column_text (stmt, column));
}

static void
reply_store_error (SoupServerMessage *msg,
                   GError            *error)
{
  msi_demo_reply_internal_error (msg, error);
}

/* The signed-in Actions user (any role), or %NULL after replying 401. */
static MsiDemoUser *
authorize_user (MsiDemoServer     *server,
                SoupServerMessage *msg)
{
  return msi_demo_auth_server_authenticate (msi_demo_server_get_auth_server (server),
                                            MSI_DEMO_PROVIDER_ACTIONS, msg);
}

static char *
dup_account_name (MsiDemoStore  *store,
                  GError       **error)
{
  g_autoptr(JsonNode) account = msi_demo_store_dup_account (store, error);

  if (account == NULL)
    return NULL;

  return g_strdup (json_object_get_string_member_with_default (json_node_get_object (account),
                                                               "name", "Northwind Traders"));
}

static gint64
get_identity_limit (MsiDemoStore  *store,
                    GError       **error)
{
  g_autoptr(JsonNode) account = msi_demo_store_dup_account (store, error);
  JsonObject *limits;

  if (account == NULL)
    return -1;

  limits = json_object_get_object_member (json_node_get_object (account), "limits");

  return limits != NULL
         ? json_object_get_int_member_with_default (limits, "emailIdentitiesPerUser", DEFAULT_IDENTITY_LIMIT)
         : DEFAULT_IDENTITY_LIMIT;
}

/*
 * People: the Sales account's users (scim_users)
 */

typedef struct
{
  char *id;
  char *email;
  char *given_name;
  char *family_name;
  char *name;
  char *invited_by;
  gint64 expires_at;   /* 0: none */
  gboolean active;
} Person;

static void
person_clear (Person *person)
{
  g_clear_pointer (&person->id, g_free);
  g_clear_pointer (&person->email, g_free);
  g_clear_pointer (&person->given_name, g_free);
  g_clear_pointer (&person->family_name, g_free);
  g_clear_pointer (&person->name, g_free);
  g_clear_pointer (&person->invited_by, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Person, person_clear)

/* The user with @id or, without one, called @email. %TRUE with
 * @person->id %NULL when there is none. */
static gboolean
find_person (MsiDemoStore  *store,
             const char    *id,
             const char    *email,
             Person        *person,
             GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = msi_demo_store_prepare (store,
                                 "SELECT id, user_name, given_name, family_name,"
                                 "       COALESCE (formatted_name, display_name, user_name), invited_by,"
                                 "       COALESCE (expires_at, 0), active"
                                 "  FROM scim_users"
                                 " WHERE (?1 IS NOT NULL AND id = ?1)"
                                 "    OR (?1 IS NULL AND user_name = ?2 COLLATE NOCASE)",
                                 "look for a user", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, email, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    return msi_demo_store_fail (store, "look for a user", error);

  person->id = column_dup (stmt, 0);
  person->email = column_dup (stmt, 1);
  person->given_name = column_dup (stmt, 2);
  person->family_name = column_dup (stmt, 3);
  person->name = column_dup (stmt, 4);
  person->invited_by = column_dup (stmt, 5);
  person->expires_at = sqlite3_column_int64 (stmt, 6);
  person->active = sqlite3_column_int (stmt, 7) != 0;

  return TRUE;
}

/* The name of the user called @email, or @email. */
static char *
dup_person_name (MsiDemoStore  *store,
                 const char    *email,
                 GError       **error)
{
  g_auto(Person) person = { NULL, };

  if (email == NULL)
    return NULL;

  if (!find_person (store, NULL, email, &person, error))
    return NULL;

  return g_strdup (person.name != NULL ? person.name : email);
}

/*
 * Invitations and their welcome mails
 */

static char *
build_welcome (const char *first_name,
               const char *inviter,
               const char *account_name,
               const char *link)
{
  return g_strdup_printf ("Hello %s,\n"
                          "\n"
                          "%s invited you to %s, the Sales account of %s.\n"
                          "\n"
                          "Get started:\n"
                          "%s\n"
                          "\n"
                          "The link opens MSI Actions Setup, which guides you through connecting "
                          "your Salesforce account and your mailbox. It expires in 7 days. If you "
                          "did not expect this invitation, you can ignore this mail.\n"
                          "\n"
                          "— %s\n",
                          first_name, inviter, PRODUCT_NAME, account_name, link, PRODUCT_NAME);
}

/* Records a new invitation of @person (expiring at @expires_at, sent at
 * @sent_at) and puts its welcome mail in the outbox. @link (optional)
 * gets the Get started link: a secret, the caller wipes it. */
static gboolean
issue_invitation (MsiDemoStore  *store,
                  const char    *base_uri,
                  const Person  *person,
                  const char    *kind,
                  const char    *inviter_email,
                  gint64         sent_at,
                  gint64         expires_at,
                  char         **link,
                  GError       **error)
{
  g_autoptr(sqlite3_stmt) insert_invitation = NULL;
  g_autoptr(sqlite3_stmt) insert_mail = NULL;
  g_autofree char *token = msi_demo_random_base64url ();
  g_autofree char *token_hash = msi_demo_sha256_hex (token);
  g_autofree char *mail_link = msi_demo_build_invitation_link (base_uri, token);
  g_autofree char *sent_text = format_unix_utc (sent_at);
  g_autofree char *inviter = NULL;
  g_autofree char *account_name = NULL;
  g_autofree char *body = NULL;
  gboolean ok;

  inviter = dup_person_name (store, inviter_email, error);
  if (inviter == NULL)
    return FALSE;
  account_name = dup_account_name (store, error);
  if (account_name == NULL)
    return FALSE;

  body = build_welcome (person->given_name != NULL ? person->given_name : person->email,
                        inviter, account_name, mail_link);

  insert_invitation = msi_demo_store_prepare (store,
                                              "INSERT INTO invitations"
                                              " (token_sha256, email, kind, created_at, expires_at, user_id, invited_by)"
                                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                                              "prepare to record an invitation", error);
  insert_mail = msi_demo_store_prepare (store,
                                        "INSERT INTO outbox (sent_at, to_address, to_name, subject, body, link)"
                                        " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                                        "prepare to put a mail in the outbox", error);
  if (insert_invitation == NULL || insert_mail == NULL)
    return FALSE;

  sqlite3_bind_text (insert_invitation, 1, token_hash, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert_invitation, 2, person->email, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert_invitation, 3, kind, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (insert_invitation, 4, sent_at);
  sqlite3_bind_int64 (insert_invitation, 5, expires_at);
  sqlite3_bind_text (insert_invitation, 6, person->id, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert_invitation, 7, inviter_email, -1, SQLITE_STATIC);

  sqlite3_bind_text (insert_mail, 1, sent_text, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert_mail, 2, person->email, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert_mail, 3, person->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert_mail, 4, WELCOME_SUBJECT, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert_mail, 5, body, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert_mail, 6, mail_link, -1, SQLITE_STATIC);

  ok = msi_demo_store_step_done (store, insert_invitation, "record an invitation", error) &&
       msi_demo_store_step_done (store, insert_mail, "put a welcome mail in the outbox", error);

  if (ok && link != NULL)
    *link = g_strdup (mail_link);

  /* The only plain copies of the token, besides the outbox's. */
  explicit_bzero (token, strlen (token));
  explicit_bzero (mail_link, strlen (mail_link));
  explicit_bzero (body, strlen (body));

  return ok;
}

/* An invitation, found by its token. */
typedef struct
{
  char     *token_hash;
  char     *email;
  char     *kind;
  char     *user_id;
  char     *invited_by;
  gint64    expires_at;
  gint64    redeemed_at;   /* 0: no session yet */
  gboolean  used;
} Invitation;

static void
invitation_clear (Invitation *invitation)
{
  g_clear_pointer (&invitation->token_hash, g_free);
  g_clear_pointer (&invitation->email, g_free);
  g_clear_pointer (&invitation->kind, g_free);
  g_clear_pointer (&invitation->user_id, g_free);
  g_clear_pointer (&invitation->invited_by, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Invitation, invitation_clear)

/* %TRUE with @invitation->email %NULL when the token is not known. */
static gboolean
find_invitation (MsiDemoStore  *store,
                 const char    *token,
                 Invitation    *invitation,
                 GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *hash = msi_demo_sha256_hex (token);
  int rc;

  stmt = msi_demo_store_prepare (store,
                                 "SELECT email, kind, user_id, invited_by, expires_at,"
                                 "       COALESCE (redeemed_at, 0), used_at IS NOT NULL"
                                 "  FROM invitations WHERE token_sha256 = ?1",
                                 "look for an invitation", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, hash, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    return msi_demo_store_fail (store, "look for an invitation", error);

  invitation->token_hash = g_steal_pointer (&hash);
  invitation->email = column_dup (stmt, 0);
  invitation->kind = column_dup (stmt, 1);
  invitation->user_id = column_dup (stmt, 2);
  invitation->invited_by = column_dup (stmt, 3);
  invitation->expires_at = sqlite3_column_int64 (stmt, 4);
  invitation->redeemed_at = sqlite3_column_int64 (stmt, 5);
  invitation->used = sqlite3_column_int (stmt, 6) != 0;

  return TRUE;
}

/* Finds the invitation of @token and the person it was sent to, or
 * replies 404, 409 or 410 (or 500) and returns %FALSE. */
static gboolean
open_invitation (MsiDemoServer     *server,
                 SoupServerMessage *msg,
                 const char        *token,
                 Invitation        *invitation,
                 Person            *person,
                 char             **state,
                 char             **step)
{
  MsiDemoStore *store = msi_demo_server_get_store (server);
  g_autoptr(GError) error = NULL;

  if (!find_invitation (store, token, invitation, &error) ||
      (invitation->email != NULL &&
       (!find_person (store, invitation->user_id, invitation->email, person, &error) ||
        !msi_demo_store_dup_onboarding_state (store, person->email != NULL ? person->email : invitation->email,
                                              state, step, &error))))
    {
      reply_store_error (msg, error);
      return FALSE;
    }

  if (invitation->email == NULL)
    {
      msi_demo_reply_problem (msg, SOUP_STATUS_NOT_FOUND, MSI_PROBLEM_INVITATION_UNKNOWN,
                              "This invitation link is not known",
                              "The link was never sent, was revoked, or a newer invitation replaced it. "
                              "Open the link of your latest welcome mail, or ask your admin to send the "
                              "invitation again.");
      return FALSE;
    }

  if (person->email == NULL)
    {
      /* Its user was deleted: the link is revoked. */
      msi_demo_reply_problem (msg, SOUP_STATUS_NOT_FOUND, MSI_PROBLEM_INVITATION_UNKNOWN,
                              "This invitation link is not known",
                              "The invitation was revoked. Ask your admin to invite you again.");
      return FALSE;
    }

  if (invitation->used || g_str_equal (*state, "finished"))
    {
      g_autofree char *detail = g_strdup_printf ("%s finished the onboarding with this invitation already. "
                                                 "Sign in to MSI Actions with that account instead.",
                                                 person->email);

      msi_demo_reply_problem (msg, SOUP_STATUS_CONFLICT, MSI_PROBLEM_INVITATION_USED,
                              "This invitation was used already", detail);
      return FALSE;
    }

  if (invitation->redeemed_at == 0 && invitation->expires_at <= msi_demo_now_seconds ())
    {
      g_autofree char *expired = format_unix_utc (invitation->expires_at);
      g_autofree char *inviter = NULL;
      g_autofree char *detail = NULL;

      inviter = dup_person_name (store, invitation->invited_by != NULL ? invitation->invited_by
                                                                       : person->invited_by, &error);
      detail = g_strdup_printf ("The invitation for %s expired on %s. Ask %s to send it again.",
                                person->email, expired, inviter != NULL ? inviter : "your admin");
      msi_demo_reply_problem (msg, SOUP_STATUS_GONE, MSI_PROBLEM_INVITATION_EXPIRED,
                              "This invitation expired", detail);
      return FALSE;
    }

  return TRUE;
}

static JsonObject *
build_onboarding_state (const char *state,
                        const char *step)
{
  JsonObject *onboarding = json_object_new ();

  json_object_set_string_member (onboarding, "state", state);
  json_object_set_string_member (onboarding, "step", step);

  return onboarding;
}

/**
 * msi_demo_onboarding_handle_get_invitation:
 * @params: "token": the link's token
 *
 * `GET /api/v1/invitations/{token}` (no credentials): `{email, name,
 * accountName, invitedBy, expiresAt, onboarding: {state, step}}`; 404
 * invitation-unknown, 409 invitation-used, 410 invitation-expired.
 */
void
msi_demo_onboarding_handle_get_invitation (MsiDemoServer     *server,
                                           SoupServerMessage *msg,
                                           GHashTable        *params)
{
  MsiDemoStore *store = msi_demo_server_get_store (server);
  g_auto(Invitation) invitation = { NULL, };
  g_auto(Person) person = { NULL, };
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *state = NULL;
  g_autofree char *step = NULL;
  g_autofree char *account_name = NULL;
  g_autofree char *inviter = NULL;
  g_autofree char *expires_at = NULL;
  const char *inviter_email;

  if (!open_invitation (server, msg, g_hash_table_lookup (params, "token"), &invitation, &person, &state, &step))
    return;

  inviter_email = invitation.invited_by != NULL ? invitation.invited_by : person.invited_by;
  account_name = dup_account_name (store, &error);
  if (account_name == NULL ||
      (inviter_email != NULL && (inviter = dup_person_name (store, inviter_email, &error)) == NULL))
    {
      reply_store_error (msg, error);
      return;
    }

  expires_at = format_unix_utc (invitation.expires_at);
  reply = json_object_new ();
  json_object_set_string_member (reply, "email", person.email);
  json_object_set_string_member (reply, "name", person.name);
  json_object_set_string_member (reply, "accountName", account_name);
  json_object_set_member (reply, "invitedBy", string_or_null (inviter));
  json_object_set_string_member (reply, "expiresAt", expires_at);
  json_object_set_object_member (reply, "onboarding", build_onboarding_state (state, step));
  msi_demo_reply_object (msg, SOUP_STATUS_OK, reply);
}

typedef struct
{
  const Invitation *invitation;
  const Person     *person;
  gint64            now;
} Redeem;

static gboolean
redeem_in_transaction (MsiDemoStore  *store,
                       gpointer       user_data,
                       GError       **error)
{
  Redeem *redeem = user_data;
  const Person *person = redeem->person;
  g_autoptr(sqlite3_stmt) insert_user = NULL;
  g_autoptr(sqlite3_stmt) insert_onboarding = NULL;
  g_autoptr(sqlite3_stmt) update_invitation = NULL;
  g_autoptr(sqlite3_stmt) activate = NULL;
  g_autoptr(sqlite3_stmt) accept_admin = NULL;
  g_autofree char *unusable = msi_demo_random_base64url ();
  g_autofree char *password_hash = msi_demo_sha256_hex (unusable);
  g_autofree char *now_text = format_unix_utc (redeem->now);
  gboolean admin = g_strcmp0 (redeem->invitation->kind, "admin") == 0;

  /* An account of the Actions authorization server, so that its tokens
   * refresh and /api/v1/me answers; it has no password anyone knows. */
  insert_user = msi_demo_store_prepare (store,
                                        "INSERT OR IGNORE INTO oauth_users"
                                        " (provider, email, password_sha256, id, name, given_name, family_name,"
                                        "  role, api_enabled)"
                                        " VALUES ('actions', ?1, ?2, ?3, ?4, ?5, ?6, ?7, 1)",
                                        "prepare to add a user's account", error);
  insert_onboarding = msi_demo_store_prepare (store,
                                              "INSERT OR IGNORE INTO onboarding (email, started_at, updated_at)"
                                              " VALUES (?1, ?2, ?2)",
                                              "prepare to start an onboarding", error);
  update_invitation = msi_demo_store_prepare (store,
                                              "UPDATE invitations SET redeemed_at = COALESCE (redeemed_at, ?2)"
                                              " WHERE token_sha256 = ?1",
                                              "prepare to note an invitation's session", error);
  activate = msi_demo_store_prepare (store,
                                     "UPDATE scim_users SET active = 1, modified_at = ?2 WHERE id = ?1 AND active = 0",
                                     "prepare to activate a user", error);
  accept_admin = msi_demo_store_prepare (store,
                                         "UPDATE activation_admins SET accepted_at = ?2"
                                         " WHERE email = ?1 COLLATE NOCASE AND accepted_at IS NULL",
                                         "prepare to note an admin's acceptance", error);
  if (insert_user == NULL || insert_onboarding == NULL || update_invitation == NULL ||
      activate == NULL || accept_admin == NULL)
    return FALSE;

  sqlite3_bind_text (insert_user, 1, person->email, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert_user, 2, password_hash, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert_user, 3, person->id, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert_user, 4, person->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert_user, 5, person->given_name != NULL ? person->given_name : person->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert_user, 6, person->family_name != NULL ? person->family_name : "", -1, SQLITE_STATIC);
  sqlite3_bind_text (insert_user, 7, admin ? "admin" : "user", -1, SQLITE_STATIC);

  sqlite3_bind_text (insert_onboarding, 1, person->email, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert_onboarding, 2, now_text, -1, SQLITE_STATIC);

  sqlite3_bind_text (update_invitation, 1, redeem->invitation->token_hash, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (update_invitation, 2, redeem->now);

  sqlite3_bind_text (activate, 1, person->id, -1, SQLITE_STATIC);
  sqlite3_bind_text (activate, 2, now_text, -1, SQLITE_STATIC);

  sqlite3_bind_text (accept_admin, 1, person->email, -1, SQLITE_STATIC);
  sqlite3_bind_text (accept_admin, 2, now_text, -1, SQLITE_STATIC);

  explicit_bzero (unusable, strlen (unusable));

  return msi_demo_store_step_done (store, insert_user, "add a user's account", error) &&
         msi_demo_store_step_done (store, insert_onboarding, "start an onboarding", error) &&
         msi_demo_store_step_done (store, update_invitation, "note an invitation's session", error) &&
         msi_demo_store_step_done (store, activate, "activate a user", error) &&
         msi_demo_store_step_done (store, accept_admin, "note an admin's acceptance", error) &&
         msi_demo_store_update_usage (store, error);
}

/**
 * msi_demo_onboarding_handle_redeem_invitation:
 * @params: "token": the link's token
 *
 * `POST /api/v1/invitations/{token}` (no credentials, body `{}` or
 * none): opens an onboarding session for the invited person. Replies an
 * OAuth 2.0 token response plus "user" (the /api/v1/me object); the
 * errors of the lookup.
 */
void
msi_demo_onboarding_handle_redeem_invitation (MsiDemoServer     *server,
                                              SoupServerMessage *msg,
                                              GHashTable        *params)
{
  MsiDemoStore *store = msi_demo_server_get_store (server);
  MsiDemoAuthServer *auth = msi_demo_server_get_auth_server (server);
  g_auto(Invitation) invitation = { NULL, };
  g_auto(Person) person = { NULL, };
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(JsonObject) me = NULL;
  g_autoptr(MsiDemoUser) user = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *state = NULL;
  g_autofree char *step = NULL;
  Redeem redeem = { NULL, };

  body = msi_demo_read_json_object (msg, TRUE);
  if (body == NULL)
    return;

  if (!open_invitation (server, msg, g_hash_table_lookup (params, "token"), &invitation, &person, &state, &step))
    return;

  redeem.invitation = &invitation;
  redeem.person = &person;
  redeem.now = msi_demo_now_seconds ();

  if (!msi_demo_store_transaction (store, redeem_in_transaction, &redeem, &error) ||
      (reply = msi_demo_auth_server_issue_user_tokens (auth, person.email, SESSION_SCOPE, &error)) == NULL ||
      (user = msi_demo_store_dup_user (store, "actions", person.email, &error)) == NULL ||
      (me = msi_demo_auth_server_build_me (auth, user, &error)) == NULL)
    {
      if (error == NULL)
        g_set_error (&error, MSI_DEMO_STORE_ERROR, MSI_DEMO_STORE_ERROR_CORRUPT,
                     "The account of %s is missing", person.email);
      reply_store_error (msg, error);
      return;
    }

  g_message ("onboarding: %s opened an onboarding session with an invitation link", person.email);

  json_object_set_object_member (reply, "user", g_steal_pointer (&me));
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Pragma", "no-cache");
  msi_demo_reply_object (msg, SOUP_STATUS_OK, reply);
}

/*
 * Progress: GET and PUT /api/v1/me/onboarding
 */

static JsonObject *
dup_progress (MsiDemoStore  *store,
              const char    *email,
              GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonObject) progress = json_object_new ();
  int rc;

  stmt = msi_demo_store_prepare (store,
                                 "SELECT step, email_client, signature_html != '', updated_at"
                                 "  FROM onboarding WHERE email = ?1",
                                 "read an onboarding", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, email, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      json_object_set_string_member (progress, "step", (const char *)sqlite3_column_text (stmt, 0));
      json_object_set_member (progress, "emailClient", msi_demo_store_column_nullable_text (stmt, 1));
      json_object_set_boolean_member (progress, "signatureSaved", sqlite3_column_int (stmt, 2) != 0);
      json_object_set_member (progress, "updatedAt", msi_demo_store_column_nullable_text (stmt, 3));
    }
  else if (rc == SQLITE_DONE)
    {
      /* Signed in another way, before any session of an invitation. */
      json_object_set_string_member (progress, "step", steps[STEP_ACTIVATE]);
      json_object_set_null_member (progress, "emailClient");
      json_object_set_boolean_member (progress, "signatureSaved", FALSE);
      json_object_set_null_member (progress, "updatedAt");
    }
  else
    {
      msi_demo_store_fail (store, "read an onboarding", error);
      return NULL;
    }

  return g_steal_pointer (&progress);
}

/**
 * msi_demo_onboarding_handle_get_progress:
 *
 * `GET /api/v1/me/onboarding`: `{step, emailClient, signatureSaved, updatedAt}`.
 */
void
msi_demo_onboarding_handle_get_progress (MsiDemoServer     *server,
                                         SoupServerMessage *msg,
                                         GHashTable        *params)
{
  g_autoptr(MsiDemoUser) user = NULL;
  g_autoptr(JsonObject) progress = NULL;
  g_autoptr(GError) error = NULL;

  user = authorize_user (server, msg);
  if (user == NULL)
    return;

  progress = dup_progress (msi_demo_server_get_store (server), user->email, &error);
  if (progress == NULL)
    {
      reply_store_error (msg, error);
      return;
    }

  msi_demo_reply_object (msg, SOUP_STATUS_OK, progress);
}

/* Runs a COUNT(*) with up to three text parameters (NULL: not bound). */
static gboolean
count_rows_full (MsiDemoStore  *store,
                 const char    *sql,
                 const char    *first,
                 const char    *second,
                 const char    *third,
                 gint64        *count,
                 GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = msi_demo_store_prepare (store, sql, "count", error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, first, -1, SQLITE_TRANSIENT);
  if (second != NULL)
    sqlite3_bind_text (stmt, 2, second, -1, SQLITE_TRANSIENT);
  if (third != NULL)
    sqlite3_bind_text (stmt, 3, third, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return msi_demo_store_fail (store, "count", error);

  *count = sqlite3_column_int64 (stmt, 0);

  return TRUE;
}

static gboolean
count_rows (MsiDemoStore  *store,
            const char    *sql,
            const char    *first,
            const char    *second,
            gint64        *count,
            GError       **error)
{
  return count_rows_full (store, sql, first, second, NULL, count, error);
}

static gboolean
count_identities (MsiDemoStore  *store,
                  const char    *email,
                  gint64        *count,
                  GError       **error)
{
  return count_rows (store, "SELECT COUNT(*) FROM email_identities WHERE email = ?1", email, NULL, count, error);
}

static gboolean
is_connected (MsiDemoStore  *store,
              const char    *email,
              const char    *service,
              gboolean      *connected,
              GError       **error)
{
  gint64 count = 0;

  if (!count_rows (store,
                   "SELECT COUNT(*) FROM user_connections WHERE email = ?1 AND service = ?2 AND status = 'connected'",
                   email, service, &count, error))
    return FALSE;

  *connected = count > 0;

  return TRUE;
}

typedef struct
{
  const char *email;
  const char *step;
  gboolean    set_client;
  const char *email_client;   /* nullable */
  gint64      now;
} Progress;

static gboolean
progress_in_transaction (MsiDemoStore  *store,
                         gpointer       user_data,
                         GError       **error)
{
  Progress *progress = user_data;
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(sqlite3_stmt) update = NULL;
  g_autoptr(sqlite3_stmt) use_invitations = NULL;
  g_autofree char *now_text = format_unix_utc (progress->now);
  gboolean done = g_str_equal (progress->step, steps[STEP_DONE]);

  insert = msi_demo_store_prepare (store,
                                   "INSERT OR IGNORE INTO onboarding (email, started_at, updated_at) VALUES (?1, ?2, ?2)",
                                   "prepare to start an onboarding", error);
  update = msi_demo_store_prepare (store,
                                   "UPDATE onboarding SET step = ?2, updated_at = ?3,"
                                   "       email_client = CASE WHEN ?4 THEN ?5 ELSE email_client END,"
                                   "       finished_at = CASE WHEN ?6 THEN COALESCE (finished_at, ?3) ELSE finished_at END"
                                   " WHERE email = ?1",
                                   "prepare to save an onboarding's step", error);
  /* A finished onboarding uses up its invitations: sign in instead. */
  use_invitations = msi_demo_store_prepare (store,
                                            "UPDATE invitations SET used_at = ?2"
                                            " WHERE email = ?1 COLLATE NOCASE AND used_at IS NULL",
                                            "prepare to use up invitations", error);
  if (insert == NULL || update == NULL || use_invitations == NULL)
    return FALSE;

  sqlite3_bind_text (insert, 1, progress->email, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 2, now_text, -1, SQLITE_STATIC);

  sqlite3_bind_text (update, 1, progress->email, -1, SQLITE_STATIC);
  sqlite3_bind_text (update, 2, progress->step, -1, SQLITE_STATIC);
  sqlite3_bind_text (update, 3, now_text, -1, SQLITE_STATIC);
  sqlite3_bind_int (update, 4, progress->set_client);
  sqlite3_bind_text (update, 5, progress->email_client, -1, SQLITE_STATIC);
  sqlite3_bind_int (update, 6, done);

  sqlite3_bind_text (use_invitations, 1, progress->email, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (use_invitations, 2, progress->now);

  return msi_demo_store_step_done (store, insert, "start an onboarding", error) &&
         msi_demo_store_step_done (store, update, "save an onboarding's step", error) &&
         (!done || msi_demo_store_step_done (store, use_invitations, "use up invitations", error));
}

/* 409 onboarding-step-not-ready; "missing" says what: "salesforce" (the
 * connection) or "email-identity". */
static void
reply_step_not_ready (SoupServerMessage *msg,
                      const char        *title,
                      const char        *detail,
                      const char        *missing)
{
  g_autoptr(JsonObject) problem = msi_demo_problem_new (MSI_PROBLEM_ONBOARDING_STEP_NOT_READY, title, detail);

  json_object_set_string_member (problem, "missing", missing);
  msi_demo_reply_problem_object (msg, SOUP_STATUS_CONFLICT, problem);
}

/**
 * msi_demo_onboarding_handle_put_progress:
 *
 * `PUT /api/v1/me/onboarding` with `{step, emailClient?}`: the step to
 * show next. Past "activate" needs the Salesforce connection, past
 * "email-client" an e-mail identity (409 onboarding-step-not-ready);
 * "done" finishes the onboarding and uses up its invitation links.
 * Replies the progress as GET does.
 */
void
msi_demo_onboarding_handle_put_progress (MsiDemoServer     *server,
                                         SoupServerMessage *msg,
                                         GHashTable        *params)
{
  MsiDemoStore *store = msi_demo_server_get_store (server);
  g_autoptr(MsiDemoUser) user = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *step_node;
  JsonNode *client_node;
  Progress progress = { NULL, };
  gboolean salesforce = FALSE;
  gint64 identities = 0;
  int index;

  user = authorize_user (server, msg);
  if (user == NULL)
    return;

  body = msi_demo_read_json_object (msg, FALSE);
  if (body == NULL)
    return;

  step_node = json_object_get_member (body, "step");
  if (step_node == NULL || !JSON_NODE_HOLDS_VALUE (step_node) ||
      json_node_get_value_type (step_node) != G_TYPE_STRING)
    {
      msi_demo_reply_problem (msg, SOUP_STATUS_BAD_REQUEST, NULL, NULL, "“step” must be a string.");
      return;
    }

  index = find_step (json_node_get_string (step_node));
  if (index < 0)
    {
      g_autofree char *list = g_strjoinv ("”, “", (char **)steps);
      g_autofree char *detail = g_strdup_printf ("“step” must be one of “%s”.", list);

      msi_demo_reply_problem (msg, SOUP_STATUS_BAD_REQUEST, NULL, NULL, detail);
      return;
    }

  client_node = json_object_get_member (body, "emailClient");
  if (client_node != NULL && !JSON_NODE_HOLDS_NULL (client_node))
    {
      const char *client = JSON_NODE_HOLDS_VALUE (client_node) &&
                           json_node_get_value_type (client_node) == G_TYPE_STRING
                           ? json_node_get_string (client_node) : NULL;

      if (g_strcmp0 (client, "gmail") != 0 && g_strcmp0 (client, "outlook") != 0)
        {
          msi_demo_reply_problem (msg, SOUP_STATUS_BAD_REQUEST, NULL, NULL,
                                  "“emailClient” must be “gmail”, “outlook” or null.");
          return;
        }

      progress.email_client = client;
    }

  if (!is_connected (store, user->email, "salesforce", &salesforce, &error) ||
      !count_identities (store, user->email, &identities, &error))
    {
      reply_store_error (msg, error);
      return;
    }

  if (index > STEP_ACTIVATE && !salesforce)
    {
      g_autofree char *detail = g_strdup_printf ("“%s” comes after activating your account: connect your "
                                                 "Salesforce account first, and choose Allow.", steps[index]);

      reply_step_not_ready (msg, "Activate your account with Salesforce first", detail, "salesforce");
      return;
    }

  if (index > STEP_EMAIL_CLIENT && identities == 0)
    {
      g_autofree char *detail = g_strdup_printf ("“%s” comes after connecting your mailbox: connect Gmail "
                                                 "or Outlook first.", steps[index]);

      reply_step_not_ready (msg, "Connect your mailbox first", detail, "email-identity");
      return;
    }

  progress.email = user->email;
  progress.step = steps[index];
  progress.set_client = client_node != NULL;
  progress.now = msi_demo_now_seconds ();

  if (!msi_demo_store_transaction (store, progress_in_transaction, &progress, &error) ||
      (reply = dup_progress (store, user->email, &error)) == NULL)
    {
      reply_store_error (msg, error);
      return;
    }

  if (index == (int)STEP_DONE)
    g_message ("onboarding: %s finished the onboarding", user->email);

  msi_demo_reply_object (msg, SOUP_STATUS_OK, reply);
}

/*
 * The user's own connections
 */

static JsonObject *
dup_connections (MsiDemoStore  *store,
                 const char    *email,
                 GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonArray) list = json_array_new ();
  g_autoptr(JsonObject) reply = json_object_new ();

  stmt = msi_demo_store_prepare (store,
                                 "SELECT status, account, error, problem_json, connected_at"
                                 "  FROM user_connections WHERE email = ?1 AND service = ?2",
                                 "read a user's connections", error);
  if (stmt == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (user_services); i++)
    {
      g_autoptr(JsonObject) connection = json_object_new ();
      int rc;

      sqlite3_bind_text (stmt, 1, email, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, user_services[i].id, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);

      json_object_set_string_member (connection, "service", user_services[i].id);
      if (rc == SQLITE_ROW)
        {
          const char *problem_json = (const char *)sqlite3_column_text (stmt, 3);
          JsonNode *problem = problem_json != NULL ? json_from_string (problem_json, NULL) : NULL;

          json_object_set_string_member (connection, "status", (const char *)sqlite3_column_text (stmt, 0));
          json_object_set_member (connection, "account", msi_demo_store_column_nullable_text (stmt, 1));
          json_object_set_member (connection, "error", msi_demo_store_column_nullable_text (stmt, 2));
          json_object_set_member (connection, "problem", problem != NULL ? problem : json_node_new (JSON_NODE_NULL));
          json_object_set_member (connection, "connectedAt", msi_demo_store_column_nullable_text (stmt, 4));
        }
      else if (rc == SQLITE_DONE)
        {
          json_object_set_string_member (connection, "status", "disconnected");
          json_object_set_null_member (connection, "account");
          json_object_set_null_member (connection, "error");
          json_object_set_null_member (connection, "problem");
          json_object_set_null_member (connection, "connectedAt");
        }
      else
        {
          msi_demo_store_fail (store, "read a user's connections", error);
          return NULL;
        }

      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      json_array_add_object_element (list, g_steal_pointer (&connection));
    }

  json_object_set_array_member (reply, "connections", g_steal_pointer (&list));

  return g_steal_pointer (&reply);
}

/**
 * msi_demo_onboarding_handle_list_connections:
 *
 * `GET /api/v1/me/connections`: `{connections: [{service, status,
 * account, error, problem, connectedAt}]}` for salesforce, microsoft and
 * google, in that order.
 */
void
msi_demo_onboarding_handle_list_connections (MsiDemoServer     *server,
                                             SoupServerMessage *msg,
                                             GHashTable        *params)
{
  g_autoptr(MsiDemoUser) user = NULL;
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(GError) error = NULL;

  user = authorize_user (server, msg);
  if (user == NULL)
    return;

  reply = dup_connections (msi_demo_server_get_store (server), user->email, &error);
  if (reply == NULL)
    {
      reply_store_error (msg, error);
      return;
    }

  msi_demo_reply_object (msg, SOUP_STATUS_OK, reply);
}

/* The service of the path, or %NULL after replying 404. */
static const UserService *
service_of_path (SoupServerMessage *msg,
                 GHashTable        *params)
{
  const char *id = g_hash_table_lookup (params, "service");
  const UserService *service = find_user_service (id);

  if (service == NULL)
    {
      g_autofree char *detail = g_strdup_printf ("There is no service “%s” to connect: use salesforce, "
                                                 "microsoft or google.", id);

      msi_demo_reply_problem (msg, SOUP_STATUS_NOT_FOUND, NULL, NULL, detail);
    }

  return service;
}

/**
 * msi_demo_onboarding_handle_authorization_url:
 * @params: "service"
 *
 * `POST /api/v1/me/connections/{service}/authorization-url` (optional
 * `{}` body): remembers a state and a PKCE verifier for ten minutes and
 * replies `{authorizationUrl, callbackUrl, expiresAt}`.
 */
void
msi_demo_onboarding_handle_authorization_url (MsiDemoServer     *server,
                                              SoupServerMessage *msg,
                                              GHashTable        *params)
{
  MsiDemoStore *store = msi_demo_server_get_store (server);
  g_autoptr(MsiDemoUser) user = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *base_uri = msi_demo_server_dup_base_uri (server);
  g_autofree char *callback_url = NULL;
  g_autofree char *state = msi_demo_random_base64url ();
  g_autofree char *selector = g_strndup (state, STATE_SELECTOR_LENGTH);
  g_autofree char *state_hash = msi_demo_sha256_hex (state);
  g_autofree char *verifier = msi_demo_random_base64url ();
  g_autofree char *challenge = msi_demo_pkce_s256 (verifier);
  g_autofree char *redirect = NULL;
  g_autofree char *scope = NULL;
  g_autofree char *hint = NULL;
  g_autofree char *url = NULL;
  g_autofree char *expires_at = NULL;
  const UserService *service;
  gint64 now = msi_demo_now_seconds ();

  user = authorize_user (server, msg);
  if (user == NULL)
    return;

  service = service_of_path (msg, params);
  if (service == NULL)
    return;

  body = msi_demo_read_json_object (msg, TRUE);
  if (body == NULL)
    return;

  insert = msi_demo_store_prepare (store,
                                   "INSERT INTO user_connection_requests"
                                   " (selector, state_sha256, email, service, code_verifier, created_at, expires_at)"
                                   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                                   "prepare to remember a connection request", &error);
  if (insert == NULL)
    {
      reply_store_error (msg, error);
      return;
    }

  sqlite3_bind_text (insert, 1, selector, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 2, state_hash, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 3, user->email, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 4, service->id, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 5, verifier, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (insert, 6, now);
  sqlite3_bind_int64 (insert, 7, now + REQUEST_LIFETIME);
  if (!msi_demo_store_step_done (store, insert, "remember a connection request", &error))
    {
      reply_store_error (msg, error);
      return;
    }

  /* A new attempt starts clean: the sentence of an earlier Deny goes,
   * so that the app can tell a new one from it. A problem (an e-mail
   * mismatch, API access) stays until a sign-in settles it. */
  g_clear_pointer (&insert, sqlite3_finalize);
  insert = msi_demo_store_prepare (store,
                                   "UPDATE user_connections SET error = NULL"
                                   " WHERE email = ?1 AND service = ?2 AND status != 'error'",
                                   "prepare to start a connection attempt afresh", &error);
  if (insert == NULL)
    {
      reply_store_error (msg, error);
      return;
    }
  sqlite3_bind_text (insert, 1, user->email, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 2, service->id, -1, SQLITE_STATIC);
  if (!msi_demo_store_step_done (store, insert, "start a connection attempt afresh", &error))
    {
      reply_store_error (msg, error);
      return;
    }

  callback_url = g_strconcat (base_uri, service->callback_path, NULL);
  redirect = g_uri_escape_string (callback_url, NULL, FALSE);
  scope = g_uri_escape_string (service->scope, NULL, FALSE);
  /* The sign-in page starts with the Sales account's address. */
  hint = g_uri_escape_string (user->email, NULL, FALSE);
  url = g_strdup_printf ("%s%s?response_type=code&client_id=%s&redirect_uri=%s&scope=%s&state=%s"
                         "&code_challenge=%s&code_challenge_method=S256&login_hint=%s%s",
                         base_uri, service->authorize_path, MSI_DEMO_SERVICE_CLIENT_ID, redirect, scope,
                         state, challenge, hint, service->extra_params);
  expires_at = format_unix_utc (now + REQUEST_LIFETIME);

  g_message ("onboarding: %s started connecting %s", user->email, service->name);

  reply = json_object_new ();
  json_object_set_string_member (reply, "authorizationUrl", url);
  json_object_set_string_member (reply, "callbackUrl", callback_url);
  json_object_set_string_member (reply, "expiresAt", expires_at);
  msi_demo_reply_object (msg, SOUP_STATUS_OK, reply);
}

/* A connection request between its URL and its callback. */
typedef struct
{
  char   *email;
  char   *code_verifier;
  gint64  expires_at;
} Request;

static void
request_clear (Request *request)
{
  g_clear_pointer (&request->email, g_free);
  if (request->code_verifier != NULL)
    explicit_bzero (request->code_verifier, strlen (request->code_verifier));
  g_clear_pointer (&request->code_verifier, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Request, request_clear)

/* Finds the request of @state for @service and forgets it (used once).
 * %TRUE with @request->email %NULL and @reason set when it is not valid. */
static gboolean
take_request (MsiDemoStore       *store,
              const UserService  *service,
              const char         *state,
              Request            *request,
              const char        **reason,
              GError            **error)
{
  g_autoptr(sqlite3_stmt) select = NULL;
  g_autoptr(sqlite3_stmt) delete = NULL;
  g_autofree char *selector = NULL;
  g_autofree char *state_hash = NULL;
  g_autofree char *stored_hash = NULL;
  g_autofree char *stored_service = NULL;
  int rc;

  *reason = "This connection request is not valid or was already used.";

  if (state == NULL || strlen (state) <= STATE_SELECTOR_LENGTH)
    return TRUE;

  selector = g_strndup (state, STATE_SELECTOR_LENGTH);
  select = msi_demo_store_prepare (store,
                                   "SELECT state_sha256, service, email, code_verifier, expires_at"
                                   "  FROM user_connection_requests WHERE selector = ?1",
                                   "look for a connection request", error);
  delete = msi_demo_store_prepare (store, "DELETE FROM user_connection_requests WHERE selector = ?1",
                                   "prepare to forget a connection request", error);
  if (select == NULL || delete == NULL)
    return FALSE;

  sqlite3_bind_text (select, 1, selector, -1, SQLITE_STATIC);
  rc = sqlite3_step (select);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    return msi_demo_store_fail (store, "look for a connection request", error);

  state_hash = msi_demo_sha256_hex (state);
  stored_hash = column_dup (select, 0);
  stored_service = column_dup (select, 1);
  if (!msi_demo_hashes_equal (state_hash, stored_hash) || g_strcmp0 (stored_service, service->id) != 0)
    return TRUE;

  sqlite3_bind_text (delete, 1, selector, -1, SQLITE_STATIC);
  if (!msi_demo_store_step_done (store, delete, "forget a connection request", error))
    return FALSE;

  if (sqlite3_column_int64 (select, 4) <= msi_demo_now_seconds ())
    {
      *reason = "This connection request has expired.";
      return TRUE;
    }

  request->email = column_dup (select, 2);
  request->code_verifier = column_dup (select, 3);
  request->expires_at = sqlite3_column_int64 (select, 4);
  *reason = NULL;

  return TRUE;
}

/* The grant the connection holds now, if any. */
static gboolean
dup_connection_grant (MsiDemoStore  *store,
                      const char    *email,
                      const char    *service,
                      char         **grant_id,
                      char         **account,
                      GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  *grant_id = NULL;
  if (account != NULL)
    *account = NULL;

  stmt = msi_demo_store_prepare (store,
                                 "SELECT grant_id, account FROM user_connections WHERE email = ?1 AND service = ?2",
                                 "read a user's connection", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, email, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, service, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *grant_id = column_dup (stmt, 0);
      if (account != NULL)
        *account = column_dup (stmt, 1);
      return TRUE;
    }

  return rc == SQLITE_DONE || msi_demo_store_fail (store, "read a user's connection", error);
}

static gboolean
ensure_connection_row (MsiDemoStore  *store,
                       const char    *email,
                       const char    *service,
                       const char    *now_text,
                       GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = msi_demo_store_prepare (store,
                                 "INSERT OR IGNORE INTO user_connections (email, service, updated_at)"
                                 " VALUES (?1, ?2, ?3)",
                                 "prepare to add a user's connection", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, email, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, service, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, now_text, -1, SQLITE_TRANSIENT);

  return msi_demo_store_step_done (store, stmt, "add a user's connection", error);
}

/* An attempt that connected nothing: the connection stays as it was
 * (connected or not), with @sentence saying why. */
static gboolean
note_not_connected (MsiDemoStore  *store,
                    const char    *email,
                    const char    *service,
                    const char    *sentence,
                    GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now_text = msi_demo_format_now_utc ();

  if (!ensure_connection_row (store, email, service, now_text, error))
    return FALSE;

  stmt = msi_demo_store_prepare (store,
                                 "UPDATE user_connections"
                                 "   SET status = CASE status WHEN 'connected' THEN 'connected' ELSE 'disconnected' END,"
                                 "       error = ?3, problem_json = NULL, updated_at = ?4"
                                 " WHERE email = ?1 AND service = ?2",
                                 "prepare to note a connection attempt", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, email, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, service, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, sentence, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, now_text, -1, SQLITE_TRANSIENT);

  return msi_demo_store_step_done (store, stmt, "note a connection attempt", error);
}

/* A refused connection: status error, with @problem (its detail is the
 * error sentence). The tokens of the refused grant are revoked. */
static gboolean
set_connection_refused (MsiDemoStore  *store,
                        const char    *email,
                        const char    *service,
                        const char    *grant_id,
                        JsonObject    *problem,
                        GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), problem);
  g_autofree char *problem_json = json_to_string (node, FALSE);
  g_autofree char *now_text = msi_demo_format_now_utc ();
  g_autofree char *previous = NULL;

  if ((grant_id != NULL && !msi_demo_store_revoke_grant (store, grant_id, error)) ||
      !dup_connection_grant (store, email, service, &previous, NULL, error) ||
      (previous != NULL && !msi_demo_store_revoke_grant (store, previous, error)) ||
      !ensure_connection_row (store, email, service, now_text, error))
    return FALSE;

  stmt = msi_demo_store_prepare (store,
                                 "UPDATE user_connections"
                                 "   SET status = 'error', account = NULL, error = ?3, problem_json = ?4,"
                                 "       grant_id = NULL, access_token_sha256 = NULL, refresh_token_sha256 = NULL,"
                                 "       connected_at = NULL, updated_at = ?5"
                                 " WHERE email = ?1 AND service = ?2",
                                 "prepare to mark a connection refused", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, email, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, service, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, json_object_get_string_member (problem, "detail"), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, problem_json, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, now_text, -1, SQLITE_TRANSIENT);

  return msi_demo_store_step_done (store, stmt, "mark a connection refused", error);
}

/* Connected with @grant as @account; the grant it held before (if
 * another) is revoked, and its identity goes when the account changed. */
static gboolean
set_connection_connected (MsiDemoStore              *store,
                          const char                *email,
                          const UserService         *service,
                          const MsiDemoServiceGrant *grant,
                          GError                   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) forget_identity = NULL;
  g_autofree char *now_text = msi_demo_format_now_utc ();
  g_autofree char *previous = NULL;
  g_autofree char *previous_account = NULL;

  if (!dup_connection_grant (store, email, service->id, &previous, &previous_account, error) ||
      (previous != NULL && g_strcmp0 (previous, grant->grant_id) != 0 &&
       !msi_demo_store_revoke_grant (store, previous, error)) ||
      !ensure_connection_row (store, email, service->id, now_text, error))
    return FALSE;

  if (service->identity != NULL && previous_account != NULL &&
      g_ascii_strcasecmp (previous_account, grant->email) != 0)
    {
      forget_identity = msi_demo_store_prepare (store,
                                                "DELETE FROM email_identities"
                                                " WHERE email = ?1 AND provider = ?2 AND address = ?3",
                                                "prepare to remove an e-mail identity", error);
      if (forget_identity == NULL)
        return FALSE;

      sqlite3_bind_text (forget_identity, 1, email, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (forget_identity, 2, service->identity, -1, SQLITE_STATIC);
      sqlite3_bind_text (forget_identity, 3, previous_account, -1, SQLITE_TRANSIENT);
      if (!msi_demo_store_step_done (store, forget_identity, "remove an e-mail identity", error))
        return FALSE;
    }

  stmt = msi_demo_store_prepare (store,
                                 "UPDATE user_connections"
                                 "   SET status = 'connected', account = ?3, error = NULL, problem_json = NULL,"
                                 "       grant_id = ?4, access_token_sha256 = ?5, refresh_token_sha256 = ?6,"
                                 "       connected_at = ?7, updated_at = ?7"
                                 " WHERE email = ?1 AND service = ?2",
                                 "prepare to mark a connection connected", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, email, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, service->id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, grant->email, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, grant->grant_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, grant->access_token_sha256, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, grant->refresh_token_sha256, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, now_text, -1, SQLITE_TRANSIENT);

  return msi_demo_store_step_done (store, stmt, "mark a connection connected", error);
}

/* Adds the identity of @address unless it is there; %TRUE with
 * @over_limit set when the user has @limit identities already. */
static gboolean
add_identity (MsiDemoStore  *store,
              const char    *email,
              const char    *provider,
              const char    *address,
              gint64         limit,
              gboolean      *over_limit,
              GError       **error)
{
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autofree char *id = NULL;
  g_autofree char *now_text = NULL;
  gint64 existing = 0;
  gint64 total = 0;

  *over_limit = FALSE;

  if (!count_rows_full (store,
                        "SELECT COUNT(*) FROM email_identities WHERE email = ?1 AND address = ?2 AND provider = ?3",
                        email, address, provider, &existing, error) ||
      !count_identities (store, email, &total, error))
    return FALSE;

  if (existing > 0)
    return TRUE;

  if (total >= limit)
    {
      *over_limit = TRUE;
      return TRUE;
    }

  {
    guint32 a = g_random_int ();
    guint32 b = g_random_int ();

    /* Demo data, not a secret. */
    id = g_strdup_printf ("eid_%08x%04x", a, b & 0xffff);
  }
  now_text = msi_demo_format_now_utc ();

  insert = msi_demo_store_prepare (store,
                                   "INSERT INTO email_identities (id, email, provider, address, connected_at)"
                                   " VALUES (?1, ?2, ?3, ?4, ?5)",
                                   "prepare to add an e-mail identity", error);
  if (insert == NULL)
    return FALSE;

  sqlite3_bind_text (insert, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 2, email, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (insert, 3, provider, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 4, address, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (insert, 5, now_text, -1, SQLITE_STATIC);

  return msi_demo_store_step_done (store, insert, "add an e-mail identity", error);
}

/* Why Salesforce cannot activate @email's account with the Salesforce
 * user who allowed it: %NULL when it can. */
static JsonObject *
salesforce_problem (MsiDemoStore  *store,
                    const char    *email,
                    const char    *salesforce_email,
                    GError       **error)
{
  const MsiDemoSalesforceOrgUser *org_user = msi_demo_salesforce_find_org_user (salesforce_email);
  g_autoptr(MsiDemoUser) salesforce_user = NULL;
  JsonObject *problem;

  if (g_ascii_strcasecmp (email, salesforce_email) != 0)
    {
      g_autofree char *detail = g_strdup_printf ("You allowed access as the Salesforce user %s, but your Sales "
                                                 "account’s e-mail is %s: the two must be the same. Sign in to "
                                                 "Salesforce as %s, or ask your admin to change the e-mail of "
                                                 "your Sales account or of your Salesforce user so that they "
                                                 "match, then activate again.",
                                                 salesforce_email, email, email);

      problem = msi_demo_problem_new (MSI_PROBLEM_SALESFORCE_EMAIL_MISMATCH,
                             "Your Salesforce e-mail is not your Sales account e-mail", detail);
      json_object_set_string_member (problem, "salesforceEmail", salesforce_email);
      json_object_set_string_member (problem, "accountEmail", email);
      return problem;
    }

  salesforce_user = msi_demo_store_dup_user (store, "salesforce", salesforce_email, error);
  if (salesforce_user == NULL && error != NULL && *error != NULL)
    return NULL;

  if ((org_user != NULL && !org_user->org_api_enabled) ||
      (salesforce_user != NULL && !salesforce_user->api_enabled))
    {
      const char *profile = org_user != NULL ? org_user->profile_name : "Standard User";
      g_autofree char *detail = g_strdup_printf ("The Salesforce profile “%s” of %s does not have the API "
                                                 "Enabled permission, which MSI Actions needs. Ask your "
                                                 "Salesforce admin to turn on API Enabled in that profile (or "
                                                 "to give you a permission set that has it), then activate "
                                                 "again.", profile, salesforce_email);

      problem = msi_demo_problem_new (MSI_PROBLEM_SALESFORCE_API_DISABLED,
                             "Your Salesforce profile has no API access", detail);
      json_object_set_string_member (problem, "salesforceEmail", salesforce_email);
      json_object_set_string_member (problem, "profileName", profile);
      return problem;
    }

  return NULL;
}

static void
reply_failed_page (SoupServerMessage *msg,
                   guint              status,
                   const UserService *service,
                   const char        *reason)
{
  g_autofree char *title = g_strdup_printf ("%s could not be connected", service != NULL ? service->name : "The service");

  msi_demo_connections_reply_page (msg, status, "failed", title,
                                   "Nothing was changed. Go back to " APP_NAME " and try again.", reason);
}

/**
 * msi_demo_onboarding_handle_callback:
 * @msg: the browser's GET when the authorization server redirects back
 *   (`code` and `state`, or `error`)
 * @params: "service"
 *
 * Ends connecting one of the user's services and replies with a page
 * for the browser (its heading's id: connected, cancelled or failed).
 */
void
msi_demo_onboarding_handle_callback (MsiDemoServer     *server,
                                     SoupServerMessage *msg,
                                     GHashTable        *params)
{
  MsiDemoStore *store = msi_demo_server_get_store (server);
  MsiDemoAuthServer *auth = msi_demo_server_get_auth_server (server);
  const char *query_text = g_uri_get_query (soup_server_message_get_uri (msg));
  const UserService *service = find_user_service (g_hash_table_lookup (params, "service"));
  g_autoptr(GHashTable) query = NULL;
  g_autoptr(MsiDemoServiceGrant) grant = NULL;
  g_autoptr(JsonObject) problem = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(Request) request = { NULL, };
  g_autofree char *base_uri = msi_demo_server_dup_base_uri (server);
  g_autofree char *callback_url = NULL;
  const char *oauth_error;
  const char *reason = NULL;

  if (service == NULL)
    {
      reply_failed_page (msg, SOUP_STATUS_NOT_FOUND, NULL, "There is no such service to connect.");
      return;
    }

  query = query_text != NULL
          ? soup_form_decode (query_text)
          : g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  oauth_error = g_hash_table_lookup (query, "error");

  if (!take_request (store, service, g_hash_table_lookup (query, "state"), &request, &reason, &error))
    {
      g_warning ("Could not read a connection request: %s", error->message);
      reply_failed_page (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, service, "The service failed.");
      return;
    }

  if (request.email == NULL)
    {
      g_message ("onboarding: a %s callback with an invalid state", service->id);
      reply_failed_page (msg, SOUP_STATUS_BAD_REQUEST, service, reason);
      return;
    }

  /* Deny, or another error of the authorization server: nothing is
   * connected; the connection keeps its state, with a sentence. */
  if (oauth_error != NULL)
    {
      const char *description = g_hash_table_lookup (query, "error_description");
      gboolean denied = g_str_equal (oauth_error, "access_denied");
      g_autofree char *sentence = NULL;

      if (denied)
        sentence = g_strdup_printf ("You did not allow MSI Actions to use your %s account, so %s was not "
                                    "connected. Connect again and choose Allow to go on.",
                                    service->provider_name, service->name);
      else
        sentence = g_strdup_printf ("%s did not connect %s (%s%s%s). Try again.", service->provider_name,
                                    service->name, oauth_error, description != NULL ? ": " : "",
                                    description != NULL ? description : "");

      g_message ("onboarding: %s: connecting %s ended with %s", request.email, service->name,
                 denied ? "access_denied" : "an error");

      if (!note_not_connected (store, request.email, service->id, sentence, &error))
        {
          reply_store_error (msg, error);
          return;
        }

      if (denied)
        {
          g_autofree char *message = g_strdup_printf ("%s was not connected. You can connect it from %s.",
                                                      service->name, APP_NAME);

          msi_demo_connections_reply_page (msg, SOUP_STATUS_OK, "cancelled", "The connection was cancelled",
                                           message, description);
        }
      else
        {
          reply_failed_page (msg, SOUP_STATUS_BAD_REQUEST, service, sentence);
        }
      return;
    }

  if (g_hash_table_lookup (query, "code") == NULL)
    {
      reply_failed_page (msg, SOUP_STATUS_BAD_REQUEST, service, "The answer has no authorization code.");
      return;
    }

  callback_url = g_strconcat (base_uri, service->callback_path, NULL);
  grant = msi_demo_auth_server_redeem_service_code (auth, service->provider, MSI_DEMO_SERVICE_CLIENT_ID,
                                                    g_hash_table_lookup (query, "code"), callback_url,
                                                    request.code_verifier, &error);
  if (grant == NULL)
    {
      g_autofree char *title = g_strdup_printf ("%s refused the connection", service->provider_name);

      g_message ("onboarding: %s: the %s code exchange failed: %s", request.email, service->id, error->message);

      if (!g_error_matches (error, MSI_DEMO_AUTH_SERVER_ERROR, MSI_DEMO_AUTH_SERVER_ERROR_INVALID_GRANT))
        {
          reply_failed_page (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, service, "The service failed.");
          return;
        }

      problem = msi_demo_problem_new (MSI_PROBLEM_CONNECTION_REFUSED, title, error->message);
      g_clear_error (&error);
      if (!set_connection_refused (store, request.email, service->id, NULL, problem, &error))
        {
          reply_store_error (msg, error);
          return;
        }

      reply_failed_page (msg, SOUP_STATUS_BAD_REQUEST, service, json_object_get_string_member (problem, "detail"));
      return;
    }

  if (service->provider == MSI_DEMO_PROVIDER_SALESFORCE)
    {
      problem = salesforce_problem (store, request.email, grant->email, &error);
      if (problem == NULL && error != NULL)
        {
          reply_store_error (msg, error);
          return;
        }
    }
  else
    {
      gboolean over_limit = FALSE;
      gint64 limit = get_identity_limit (store, &error);

      if (limit < 0 ||
          !add_identity (store, request.email, service->identity, grant->email, limit, &over_limit, &error))
        {
          reply_store_error (msg, error);
          return;
        }

      if (over_limit)
        {
          g_autofree char *detail = g_strdup_printf ("Your account has %" G_GINT64_FORMAT " e-mail identities "
                                                     "already, the most it can have, so %s was not added. "
                                                     "Remove one of them first, then connect again.",
                                                     limit, grant->email);

          problem = msi_demo_problem_new (MSI_PROBLEM_EMAIL_IDENTITY_LIMIT, "You have all the e-mail identities you can have",
                                 detail);
          json_object_set_int_member (problem, "limit", limit);
          json_object_set_string_member (problem, "address", grant->email);
        }
    }

  if (problem != NULL)
    {
      g_autofree char *message = g_strdup_printf ("%s was not connected. Go back to %s to see what to do.",
                                                  service->name, APP_NAME);

      g_message ("onboarding: %s: %s refused: %s", request.email, service->id,
                 json_object_get_string_member (problem, "type"));

      if (!set_connection_refused (store, request.email, service->id, grant->grant_id, problem, &error))
        {
          reply_store_error (msg, error);
          return;
        }

      msi_demo_connections_reply_page (msg, SOUP_STATUS_FORBIDDEN, "failed",
                                       json_object_get_string_member (problem, "title"), message,
                                       json_object_get_string_member (problem, "detail"));
      return;
    }

  if (!set_connection_connected (store, request.email, service, grant, &error))
    {
      reply_store_error (msg, error);
      return;
    }

  g_message ("onboarding: %s connected %s", request.email, service->name);

  {
    g_autofree char *title = g_strdup_printf ("%s is connected", service->name);

    msi_demo_connections_reply_page (msg, SOUP_STATUS_OK, "connected", title,
                                     "You can close this page and go back to " APP_NAME ".", NULL);
  }
}

/**
 * msi_demo_onboarding_handle_disconnect:
 * @params: "service"
 *
 * `DELETE /api/v1/me/connections/{service}`: revokes the connection's
 * tokens and forgets it, with its e-mail identity. 204.
 */
void
msi_demo_onboarding_handle_disconnect (MsiDemoServer     *server,
                                       SoupServerMessage *msg,
                                       GHashTable        *params)
{
  MsiDemoStore *store = msi_demo_server_get_store (server);
  g_autoptr(MsiDemoUser) user = NULL;
  g_autoptr(sqlite3_stmt) forget = NULL;
  g_autoptr(sqlite3_stmt) forget_identity = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *grant_id = NULL;
  g_autofree char *account = NULL;
  const UserService *service;

  user = authorize_user (server, msg);
  if (user == NULL)
    return;

  service = service_of_path (msg, params);
  if (service == NULL)
    return;

  forget = msi_demo_store_prepare (store, "DELETE FROM user_connections WHERE email = ?1 AND service = ?2",
                                   "prepare to forget a connection", &error);
  forget_identity = msi_demo_store_prepare (store,
                                            "DELETE FROM email_identities"
                                            " WHERE email = ?1 AND provider = ?2 AND address = ?3",
                                            "prepare to remove an e-mail identity", &error);
  if (forget == NULL || forget_identity == NULL ||
      !dup_connection_grant (store, user->email, service->id, &grant_id, &account, &error) ||
      (grant_id != NULL && !msi_demo_store_revoke_grant (store, grant_id, &error)))
    {
      reply_store_error (msg, error);
      return;
    }

  sqlite3_bind_text (forget, 1, user->email, -1, SQLITE_STATIC);
  sqlite3_bind_text (forget, 2, service->id, -1, SQLITE_STATIC);
  sqlite3_bind_text (forget_identity, 1, user->email, -1, SQLITE_STATIC);
  sqlite3_bind_text (forget_identity, 2, service->identity, -1, SQLITE_STATIC);
  sqlite3_bind_text (forget_identity, 3, account, -1, SQLITE_STATIC);

  if (!msi_demo_store_step_done (store, forget, "forget a connection", &error) ||
      (service->identity != NULL && account != NULL &&
       !msi_demo_store_step_done (store, forget_identity, "remove an e-mail identity", &error)))
    {
      reply_store_error (msg, error);
      return;
    }

  g_message ("onboarding: %s disconnected %s", user->email, service->name);
  soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
}

static JsonArray *
dup_identities (MsiDemoStore  *store,
                const char    *email,
                GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonArray) identities = json_array_new ();
  int rc;

  stmt = msi_demo_store_prepare (store,
                                 "SELECT id, provider, address, connected_at FROM email_identities"
                                 " WHERE email = ?1 ORDER BY connected_at, rowid",
                                 "read the e-mail identities", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, email, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(JsonObject) identity = json_object_new ();

      json_object_set_string_member (identity, "id", (const char *)sqlite3_column_text (stmt, 0));
      json_object_set_string_member (identity, "provider", (const char *)sqlite3_column_text (stmt, 1));
      json_object_set_string_member (identity, "address", (const char *)sqlite3_column_text (stmt, 2));
      json_object_set_string_member (identity, "connectedAt", (const char *)sqlite3_column_text (stmt, 3));
      json_array_add_object_element (identities, g_steal_pointer (&identity));
    }

  if (rc != SQLITE_DONE)
    {
      msi_demo_store_fail (store, "read the e-mail identities", error);
      return NULL;
    }

  return g_steal_pointer (&identities);
}

/**
 * msi_demo_onboarding_handle_list_identities:
 *
 * `GET /api/v1/me/email-identities`: `{identities: [{id, provider,
 * address, connectedAt}], limit}`.
 */
void
msi_demo_onboarding_handle_list_identities (MsiDemoServer     *server,
                                            SoupServerMessage *msg,
                                            GHashTable        *params)
{
  MsiDemoStore *store = msi_demo_server_get_store (server);
  g_autoptr(MsiDemoUser) user = NULL;
  g_autoptr(JsonArray) identities = NULL;
  g_autoptr(JsonObject) reply = json_object_new ();
  g_autoptr(GError) error = NULL;
  gint64 limit;

  user = authorize_user (server, msg);
  if (user == NULL)
    return;

  limit = get_identity_limit (store, &error);
  if (limit < 0 || (identities = dup_identities (store, user->email, &error)) == NULL)
    {
      reply_store_error (msg, error);
      return;
    }

  json_object_set_array_member (reply, "identities", g_steal_pointer (&identities));
  json_object_set_int_member (reply, "limit", limit);
  msi_demo_reply_object (msg, SOUP_STATUS_OK, reply);
}

/*
 * The signature: GET and PUT /api/v1/me/signature
 */

/* What is looked at of a signature: more than this is too long even
 * before sanitizing. */
#define MAX_SIGNATURE_INPUT (64 * MSI_SIGNATURE_MAX_LENGTH)

static JsonObject *
dup_signature (MsiDemoStore  *store,
               const char    *email,
               GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonObject) signature = json_object_new ();
  int rc;

  stmt = msi_demo_store_prepare (store,
                                 "SELECT signature_html, signature_updated_at FROM onboarding WHERE email = ?1",
                                 "read a signature", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, email, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      json_object_set_string_member (signature, "html", (const char *)sqlite3_column_text (stmt, 0));
      json_object_set_member (signature, "updatedAt", msi_demo_store_column_nullable_text (stmt, 1));
    }
  else if (rc == SQLITE_DONE)
    {
      json_object_set_string_member (signature, "html", "");
      json_object_set_null_member (signature, "updatedAt");
    }
  else
    {
      msi_demo_store_fail (store, "read a signature", error);
      return NULL;
    }

  return g_steal_pointer (&signature);
}

/**
 * msi_demo_onboarding_handle_get_signature:
 *
 * `GET /api/v1/me/signature`: `{html, updatedAt}`, `""` and null when
 * none was saved.
 */
void
msi_demo_onboarding_handle_get_signature (MsiDemoServer     *server,
                                          SoupServerMessage *msg,
                                          GHashTable        *params)
{
  g_autoptr(MsiDemoUser) user = NULL;
  g_autoptr(JsonObject) signature = NULL;
  g_autoptr(GError) error = NULL;

  user = authorize_user (server, msg);
  if (user == NULL)
    return;

  signature = dup_signature (msi_demo_server_get_store (server), user->email, &error);
  if (signature == NULL)
    {
      reply_store_error (msg, error);
      return;
    }

  msi_demo_reply_object (msg, SOUP_STATUS_OK, signature);
}

typedef struct
{
  const char *email;
  const char *html;
  gint64      now;
} SaveSignature;

static gboolean
signature_in_transaction (MsiDemoStore  *store,
                          gpointer       user_data,
                          GError       **error)
{
  SaveSignature *save = user_data;
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(sqlite3_stmt) update = NULL;
  g_autofree char *now_text = format_unix_utc (save->now);

  insert = msi_demo_store_prepare (store,
                                   "INSERT OR IGNORE INTO onboarding (email, started_at, updated_at) VALUES (?1, ?2, ?2)",
                                   "prepare to start an onboarding", error);
  update = msi_demo_store_prepare (store,
                                   "UPDATE onboarding SET signature_html = ?2,"
                                   "       signature_updated_at = CASE WHEN ?2 = '' THEN NULL ELSE ?3 END"
                                   " WHERE email = ?1",
                                   "prepare to save a signature", error);
  if (insert == NULL || update == NULL)
    return FALSE;

  sqlite3_bind_text (insert, 1, save->email, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 2, now_text, -1, SQLITE_STATIC);
  sqlite3_bind_text (update, 1, save->email, -1, SQLITE_STATIC);
  sqlite3_bind_text (update, 2, save->html, -1, SQLITE_STATIC);
  sqlite3_bind_text (update, 3, now_text, -1, SQLITE_STATIC);

  return msi_demo_store_step_done (store, insert, "start an onboarding", error) &&
         msi_demo_store_step_done (store, update, "save a signature", error);
}

static void
reply_too_long (SoupServerMessage *msg,
                gsize              length)
{
  g_autofree char *detail = g_strdup_printf ("The signature takes up %" G_GSIZE_FORMAT " bytes as HTML; it may "
                                             "take up at most %d. Shorten it, or remove some links or "
                                             "formatting.", length, MSI_SIGNATURE_MAX_LENGTH);
  g_autoptr(JsonObject) problem = msi_demo_problem_new (MSI_PROBLEM_SIGNATURE_TOO_LONG, "The signature is too long", detail);

  json_object_set_int_member (problem, "maxLength", MSI_SIGNATURE_MAX_LENGTH);
  json_object_set_int_member (problem, "length", (gint64)length);
  msi_demo_reply_problem_object (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, problem);
}

/**
 * msi_demo_onboarding_handle_put_signature:
 *
 * `PUT /api/v1/me/signature` with `{html}`: sanitized with
 * msi_signature_html_sanitize() before it is stored (`""` removes it);
 * 422 signature-too-long past MSI_SIGNATURE_MAX_LENGTH bytes. Replies
 * what it stored, as GET does.
 */
void
msi_demo_onboarding_handle_put_signature (MsiDemoServer     *server,
                                          SoupServerMessage *msg,
                                          GHashTable        *params)
{
  MsiDemoStore *store = msi_demo_server_get_store (server);
  g_autoptr(MsiDemoUser) user = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *clean = NULL;
  JsonNode *html_node;
  const char *html;
  SaveSignature save = { NULL, };

  user = authorize_user (server, msg);
  if (user == NULL)
    return;

  body = msi_demo_read_json_object (msg, FALSE);
  if (body == NULL)
    return;

  html_node = json_object_get_member (body, "html");
  if (html_node == NULL || !JSON_NODE_HOLDS_VALUE (html_node) ||
      json_node_get_value_type (html_node) != G_TYPE_STRING)
    {
      msi_demo_reply_problem (msg, SOUP_STATUS_BAD_REQUEST, NULL, NULL, "“html” must be a string.");
      return;
    }

  html = json_node_get_string (html_node);
  if (strlen (html) > MAX_SIGNATURE_INPUT)
    {
      reply_too_long (msg, strlen (html));
      return;
    }

  clean = msi_signature_html_sanitize (html);
  if (strlen (clean) > MSI_SIGNATURE_MAX_LENGTH)
    {
      reply_too_long (msg, strlen (clean));
      return;
    }

  save.email = user->email;
  save.html = clean;
  save.now = msi_demo_now_seconds ();
  if (!msi_demo_store_transaction (store, signature_in_transaction, &save, &error) ||
      (reply = dup_signature (store, user->email, &error)) == NULL)
    {
      reply_store_error (msg, error);
      return;
    }

  g_message ("onboarding: %s saved a signature (%" G_GSIZE_FORMAT " bytes)", user->email, strlen (clean));
  msi_demo_reply_object (msg, SOUP_STATUS_OK, reply);
}

/*
 * Seeding: invitations whose welcome mails a fresh demo can walk
 */

typedef struct
{
  const char *email;
  gboolean    expired;
} SeededInvitation;

/* Oldest first, so that the mailbox (newest first) starts with the
 * happy path. */
static const SeededInvitation seeded_invitations[] = {
  { MSI_DEMO_ONBOARDING_EXPIRED_EMAIL, TRUE },
  { MSI_DEMO_ONBOARDING_MISMATCH_EMAIL, FALSE },
  { MSI_DEMO_ONBOARDING_NO_API_EMAIL, FALSE },
  { MSI_DEMO_ONBOARDING_HAPPY_EMAIL, FALSE },
};

G_STATIC_ASSERT (G_N_ELEMENTS (seeded_invitations) == MSI_DEMO_ONBOARDING_SEEDED_MAILS);

typedef struct
{
  const char *base_uri;
  gboolean    seeded;
} Seed;

static gboolean
seed_in_transaction (MsiDemoStore  *store,
                     gpointer       user_data,
                     GError       **error)
{
  Seed *seed = user_data;
  g_autoptr(sqlite3_stmt) mark = NULL;
  g_autofree char *now_text = msi_demo_format_now_utc ();
  gint64 done = 0;
  gint64 now = msi_demo_now_seconds ();

  if (!count_rows (store, "SELECT COUNT(*) FROM seeds_done WHERE name = ?1", SEED_NAME, NULL, &done, error))
    return FALSE;
  if (done > 0)
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (seeded_invitations); i++)
    {
      g_auto(Person) person = { NULL, };
      g_autofree char *link = NULL;
      gint64 expires_at = now + MSI_DEMO_SCIM_INVITATION_LIFETIME;
      gboolean ok;

      if (!find_person (store, NULL, seeded_invitations[i].email, &person, error))
        return FALSE;

      /* Deleted before this version seeded: nobody to invite. */
      if (person.id == NULL)
        continue;

      if (seeded_invitations[i].expired)
        expires_at = person.expires_at > 0 && person.expires_at < now ? person.expires_at : now - 5 * 24 * 3600;
      else if (person.expires_at > now)
        expires_at = person.expires_at;

      ok = issue_invitation (store, seed->base_uri, &person, "user", SEED_INVITER,
                             expires_at - MSI_DEMO_SCIM_INVITATION_LIFETIME, expires_at, &link, error);
      if (link != NULL)
        explicit_bzero (link, strlen (link));
      if (!ok)
        return FALSE;
    }

  mark = msi_demo_store_prepare (store, "INSERT INTO seeds_done (name, done_at) VALUES (?1, ?2)",
                                 "prepare to note a seed", error);
  if (mark == NULL)
    return FALSE;

  sqlite3_bind_text (mark, 1, SEED_NAME, -1, SQLITE_STATIC);
  sqlite3_bind_text (mark, 2, now_text, -1, SQLITE_STATIC);
  seed->seeded = TRUE;

  return msi_demo_store_step_done (store, mark, "note a seed", error);
}

/**
 * msi_demo_onboarding_seed:
 * @server: a listening #MsiDemoServer
 * @error: return location for an error
 *
 * Once per demo state (again after a reset): invitations for the
 * onboarding's demo cases, each with a welcome mail in the outbox whose
 * Get started link names this server (msi-demo-seed.h). The store keeps
 * only the tokens' hashes, so they are made here, where the server's
 * address is known.
 *
 * Returns: %TRUE on success
 */
gboolean
msi_demo_onboarding_seed (MsiDemoServer  *server,
                          GError        **error)
{
  g_autofree char *base_uri = msi_demo_server_dup_base_uri (server);
  Seed seed = { base_uri, FALSE };

  g_return_val_if_fail (MSI_IS_DEMO_SERVER (server), FALSE);
  g_return_val_if_fail (base_uri != NULL, FALSE);

  if (!msi_demo_store_transaction (msi_demo_server_get_store (server), seed_in_transaction, &seed, error))
    return FALSE;

  if (seed.seeded)
    g_message ("Seeded %u onboarding invitations; their welcome mails are in the outbox",
               (guint)G_N_ELEMENTS (seeded_invitations));

  return TRUE;
}

/*
 * Test hooks
 */

typedef struct
{
  const char *email;
  const char *given_name;
  const char *family_name;
  const char *kind;
  const char *base_uri;
  gboolean    expired;
  gint64      now;
  gint64      expires_at;
  char       *user_id;
  char       *link;
} Invite;

static gboolean
invite_in_transaction (MsiDemoStore  *store,
                       gpointer       user_data,
                       GError       **error)
{
  Invite *invite = user_data;
  g_auto(Person) person = { NULL, };
  g_autoptr(sqlite3_stmt) expire = NULL;
  gint64 sent_at = invite->now;

  if (!find_person (store, NULL, invite->email, &person, error))
    return FALSE;

  if (person.id == NULL)
    {
      g_autofree char *id = NULL;

      if (!msi_demo_scim_insert_invited_user (store, invite->email, invite->given_name, invite->family_name,
                                              g_strcmp0 (invite->kind, "admin") == 0 ? "activation" : "scim",
                                              SEED_INVITER, invite->now, &id, error) ||
          !find_person (store, id, NULL, &person, error))
        return FALSE;
    }

  invite->expires_at = invite->now + MSI_DEMO_SCIM_INVITATION_LIFETIME;
  if (invite->expired)
    {
      invite->expires_at = invite->now - 24 * 3600;
      sent_at = invite->expires_at - MSI_DEMO_SCIM_INVITATION_LIFETIME;

      expire = msi_demo_store_prepare (store,
                                       "UPDATE scim_users SET expires_at = ?2 WHERE id = ?1 AND active = 0",
                                       "prepare to expire an invitation", error);
      if (expire == NULL)
        return FALSE;

      sqlite3_bind_text (expire, 1, person.id, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (expire, 2, invite->expires_at);
      if (!msi_demo_store_step_done (store, expire, "expire an invitation", error))
        return FALSE;
    }

  invite->user_id = g_strdup (person.id);

  return issue_invitation (store, invite->base_uri, &person, invite->kind, SEED_INVITER, sent_at,
                           invite->expires_at, &invite->link, error) &&
         msi_demo_store_update_usage (store, error);
}

/**
 * msi_demo_onboarding_handle_invite_hook:
 *
 * `POST /__demo/onboarding/invite` (MSI_DEMO_TEST_HOOKS=1 only) with
 * `{email, name?, expired?, kind?}`: a new invitation (and a pending user
 * if there is none called @email), with its welcome mail. Replies
 * `{email, userId, link, token, expiresAt}`.
 */
void
msi_demo_onboarding_handle_invite_hook (MsiDemoServer     *server,
                                        SoupServerMessage *msg,
                                        GHashTable        *params)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *base_uri = msi_demo_server_dup_base_uri (server);
  g_autofree char *given = NULL;
  g_autofree char *expires_at = NULL;
  g_autofree char *token = NULL;
  g_auto(GStrv) names = NULL;
  const char *email;
  const char *name;
  const char *kind;
  const char *token_start;
  Invite invite = { NULL, };

  if (!msi_demo_check_test_hooks (server, msg))
    return;

  body = msi_demo_read_json_object (msg, FALSE);
  if (body == NULL)
    return;

  email = json_object_get_string_member_with_default (body, "email", NULL);
  name = json_object_get_string_member_with_default (body, "name", NULL);
  kind = json_object_get_string_member_with_default (body, "kind", "user");
  if (email == NULL || !msi_demo_email_is_valid (email) ||
      (name != NULL && (name[0] == '\0' || g_utf8_strlen (name, -1) > MAX_HOOK_NAME_LENGTH)) ||
      (g_strcmp0 (kind, "user") != 0 && g_strcmp0 (kind, "admin") != 0))
    {
      msi_demo_reply_problem (msg, SOUP_STATUS_BAD_REQUEST, NULL, NULL,
                              "Give “email” (an address), and optionally “name”, “expired” (a boolean) "
                              "and “kind” (“user” or “admin”).");
      return;
    }

  given = name != NULL ? g_strdup (name) : g_strndup (email, strcspn (email, "@"));
  names = g_strsplit (given, " ", 2);

  invite.email = email;
  invite.given_name = names[0];
  invite.family_name = names[1] != NULL ? names[1] : "";
  invite.kind = kind;
  invite.base_uri = base_uri;
  invite.expired = json_object_get_boolean_member_with_default (body, "expired", FALSE);
  invite.now = msi_demo_now_seconds ();

  if (!msi_demo_store_transaction (msi_demo_server_get_store (server), invite_in_transaction, &invite, &error))
    {
      g_free (invite.user_id);
      g_free (invite.link);
      reply_store_error (msg, error);
      return;
    }

  token_start = strstr (invite.link, "&token=");
  g_assert (token_start != NULL);
  token = g_uri_unescape_string (token_start + strlen ("&token="), NULL);
  expires_at = format_unix_utc (invite.expires_at);

  reply = json_object_new ();
  json_object_set_string_member (reply, "email", email);
  json_object_set_string_member (reply, "userId", invite.user_id);
  json_object_set_string_member (reply, "link", invite.link);
  json_object_set_string_member (reply, "token", token);
  json_object_set_string_member (reply, "expiresAt", expires_at);
  msi_demo_reply_object (msg, SOUP_STATUS_OK, reply);

  explicit_bzero (invite.link, strlen (invite.link));
  explicit_bzero (token, strlen (token));
  g_free (invite.user_id);
  g_free (invite.link);
}

/**
 * msi_demo_onboarding_handle_user_hook:
 * @params: "email"
 *
 * `GET /__demo/onboarding/users/{email}` (MSI_DEMO_TEST_HOOKS=1 only):
 * what the service keeps of one user's onboarding: `{email, active,
 * hasAccount, onboarding: {step, emailClient, signatureHtml,
 * signatureUpdatedAt, startedAt, updatedAt, finishedAt} | null,
 * connections: […], identities: […], invitations: [{createdAt,
 * expiresAt, redeemedAt, usedAt}]}`.
 */
void
msi_demo_onboarding_handle_user_hook (MsiDemoServer     *server,
                                      SoupServerMessage *msg,
                                      GHashTable        *params)
{
  MsiDemoStore *store = msi_demo_server_get_store (server);
  const char *email = g_hash_table_lookup (params, "email");
  g_auto(Person) person = { NULL, };
  g_autoptr(JsonObject) reply = json_object_new ();
  g_autoptr(JsonObject) connections = NULL;
  g_autoptr(JsonArray) identities = NULL;
  g_autoptr(JsonArray) invitations = json_array_new ();
  g_autoptr(MsiDemoUser) account = NULL;
  g_autoptr(sqlite3_stmt) onboarding = NULL;
  g_autoptr(sqlite3_stmt) links = NULL;
  g_autoptr(GError) error = NULL;
  int rc;

  if (!msi_demo_check_test_hooks (server, msg))
    return;

  if (!find_person (store, NULL, email, &person, &error))
    {
      reply_store_error (msg, error);
      return;
    }

  if (person.id == NULL)
    {
      g_autofree char *detail = g_strdup_printf ("There is no user “%s”.", email);

      msi_demo_reply_problem (msg, SOUP_STATUS_NOT_FOUND, NULL, NULL, detail);
      return;
    }

  account = msi_demo_store_dup_user (store, "actions", person.email, &error);
  onboarding = msi_demo_store_prepare (store,
                                       "SELECT step, email_client, signature_html, signature_updated_at,"
                                       "       started_at, updated_at, finished_at"
                                       "  FROM onboarding WHERE email = ?1",
                                       "read an onboarding", &error);
  links = msi_demo_store_prepare (store,
                                  "SELECT created_at, expires_at, redeemed_at, used_at FROM invitations"
                                  " WHERE email = ?1 COLLATE NOCASE ORDER BY created_at, rowid",
                                  "read the invitations", &error);
  if (error != NULL || onboarding == NULL || links == NULL ||
      (connections = dup_connections (store, person.email, &error)) == NULL ||
      (identities = dup_identities (store, person.email, &error)) == NULL)
    {
      reply_store_error (msg, error);
      return;
    }

  json_object_set_string_member (reply, "email", person.email);
  json_object_set_boolean_member (reply, "active", person.active);
  json_object_set_boolean_member (reply, "hasAccount", account != NULL);

  sqlite3_bind_text (onboarding, 1, person.email, -1, SQLITE_STATIC);
  rc = sqlite3_step (onboarding);
  if (rc == SQLITE_ROW)
    {
      g_autoptr(JsonObject) object = json_object_new ();

      json_object_set_string_member (object, "step", (const char *)sqlite3_column_text (onboarding, 0));
      json_object_set_member (object, "emailClient", msi_demo_store_column_nullable_text (onboarding, 1));
      json_object_set_string_member (object, "signatureHtml", (const char *)sqlite3_column_text (onboarding, 2));
      json_object_set_member (object, "signatureUpdatedAt", msi_demo_store_column_nullable_text (onboarding, 3));
      json_object_set_string_member (object, "startedAt", (const char *)sqlite3_column_text (onboarding, 4));
      json_object_set_string_member (object, "updatedAt", (const char *)sqlite3_column_text (onboarding, 5));
      json_object_set_member (object, "finishedAt", msi_demo_store_column_nullable_text (onboarding, 6));
      json_object_set_object_member (reply, "onboarding", g_steal_pointer (&object));
    }
  else
    {
      json_object_set_null_member (reply, "onboarding");
    }

  sqlite3_bind_text (links, 1, person.email, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (links)) == SQLITE_ROW)
    {
      g_autoptr(JsonObject) object = json_object_new ();
      g_autofree char *created = format_unix_utc (sqlite3_column_int64 (links, 0));
      g_autofree char *expires = format_unix_utc (sqlite3_column_int64 (links, 1));
      g_autofree char *redeemed = sqlite3_column_type (links, 2) != SQLITE_NULL
                                  ? format_unix_utc (sqlite3_column_int64 (links, 2)) : NULL;
      g_autofree char *used = sqlite3_column_type (links, 3) != SQLITE_NULL
                              ? format_unix_utc (sqlite3_column_int64 (links, 3)) : NULL;

      json_object_set_string_member (object, "createdAt", created);
      json_object_set_string_member (object, "expiresAt", expires);
      json_object_set_member (object, "redeemedAt", string_or_null (redeemed));
      json_object_set_member (object, "usedAt", string_or_null (used));
      json_array_add_object_element (invitations, g_steal_pointer (&object));
    }

  json_object_set_member (reply, "connections",
                          json_object_dup_member (connections, "connections"));
  json_object_set_array_member (reply, "identities", g_steal_pointer (&identities));
  json_object_set_array_member (reply, "invitations", g_steal_pointer (&invitations));
  msi_demo_reply_object (msg, SOUP_STATUS_OK, reply);
}
