/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-onboarding-client.c: a sales rep's onboarding with the Actions service
 *
 * The invitation's lookup and redemption go without credentials through
 * the Actions service's HTTP client (the invitation token in the path is
 * the credential: a secret, never logged); everything under /api/v1/me
 * goes through msi_actions_auth_request_async() as the signed-in rep.
 * The problems the assistant explains become MSI_ONBOARDING_ERROR codes
 * with a translated message that says what to do; anything else stays
 * the MSI_HTTP_ERROR the HTTP layer made.
 */

#define G_LOG_DOMAIN "msi-onboarding-client"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "msi-json.h"
#include "msi-onboarding-client.h"
#include "msi-problem-types.h"
#include "msi-signature-html.h"

struct _MsiOnboardingClient
{
  GObject         parent_instance;

  MsiActionsAuth *auth;
};

G_DEFINE_FINAL_TYPE (MsiOnboardingClient, msi_onboarding_client, G_TYPE_OBJECT)

G_DEFINE_QUARK (msi-onboarding-error-quark, msi_onboarding_error)

/* --- the boxed types ------------------------------------------------------------ */

static MsiInvitationInfo *
msi_invitation_info_copy (const MsiInvitationInfo *info)
{
  MsiInvitationInfo *copy = g_new0 (MsiInvitationInfo, 1);

  copy->email = g_strdup (info->email);
  copy->name = g_strdup (info->name);
  copy->account_name = g_strdup (info->account_name);
  copy->invited_by = g_strdup (info->invited_by);
  copy->expires_at = info->expires_at != NULL ? g_date_time_ref (info->expires_at) : NULL;
  copy->state = g_strdup (info->state);

  return copy;
}

void
msi_invitation_info_free (MsiInvitationInfo *info)
{
  if (info == NULL)
    return;

  g_free (info->email);
  g_free (info->name);
  g_free (info->account_name);
  g_free (info->invited_by);
  g_clear_pointer (&info->expires_at, g_date_time_unref);
  g_free (info->state);
  g_free (info);
}

G_DEFINE_BOXED_TYPE (MsiInvitationInfo, msi_invitation_info, msi_invitation_info_copy, msi_invitation_info_free)

MsiOnboardingProgress *
msi_onboarding_progress_copy (const MsiOnboardingProgress *progress)
{
  g_return_val_if_fail (progress != NULL, NULL);

  return g_memdup2 (progress, sizeof *progress);
}

void
msi_onboarding_progress_free (MsiOnboardingProgress *progress)
{
  g_free (progress);
}

G_DEFINE_BOXED_TYPE (MsiOnboardingProgress, msi_onboarding_progress,
                     msi_onboarding_progress_copy, msi_onboarding_progress_free)

static MsiEmailIdentity *
msi_email_identity_copy (const MsiEmailIdentity *identity)
{
  MsiEmailIdentity *copy = g_new0 (MsiEmailIdentity, 1);

  copy->id = g_strdup (identity->id);
  copy->provider = identity->provider;
  copy->address = g_strdup (identity->address);

  return copy;
}

void
msi_email_identity_free (MsiEmailIdentity *identity)
{
  if (identity == NULL)
    return;

  g_free (identity->id);
  g_free (identity->address);
  g_free (identity);
}

G_DEFINE_BOXED_TYPE (MsiEmailIdentity, msi_email_identity, msi_email_identity_copy, msi_email_identity_free)

/* --- the object ------------------------------------------------------------------ */

static void
msi_onboarding_client_finalize (GObject *object)
{
  MsiOnboardingClient *self = (MsiOnboardingClient *)object;

  g_clear_object (&self->auth);

  G_OBJECT_CLASS (msi_onboarding_client_parent_class)->finalize (object);
}

static void
msi_onboarding_client_class_init (MsiOnboardingClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = msi_onboarding_client_finalize;
}

static void
msi_onboarding_client_init (MsiOnboardingClient *self)
{
}

/**
 * msi_onboarding_client_new:
 * @auth: the session with the Actions service of the link's profile:
 *   signed out, or signed in as the invited rep
 */
MsiOnboardingClient *
msi_onboarding_client_new (MsiActionsAuth *auth)
{
  MsiOnboardingClient *self;

  g_return_val_if_fail (MSI_IS_ACTIONS_AUTH (auth), NULL);

  self = g_object_new (MSI_TYPE_ONBOARDING_CLIENT, NULL);
  self->auth = g_object_ref (auth);

  return self;
}

MsiActionsAuth *
msi_onboarding_client_get_auth (MsiOnboardingClient *self)
{
  g_return_val_if_fail (MSI_IS_ONBOARDING_CLIENT (self), NULL);

  return self->auth;
}

/* --- replies ------------------------------------------------------------------ */

static GError *
invalid_reply (void)
{
  return g_error_new_literal (MSI_HTTP_ERROR, MSI_HTTP_ERROR_INVALID_RESPONSE,
                              _("The Sales account service sent an answer this app does not understand. "
                                "Try again later, or update the app."));
}

static GError *
too_long_error (void)
{
  return g_error_new (MSI_ONBOARDING_ERROR, MSI_ONBOARDING_ERROR_SIGNATURE_TOO_LONG,
                      g_dngettext (GETTEXT_PACKAGE,
                                   "The signature is too long: it may take up at most %d byte. Shorten "
                                   "it, or remove some links or formatting.",
                                   "The signature is too long: it may take up at most %d bytes. Shorten "
                                   "it, or remove some links or formatting.",
                                   MSI_SIGNATURE_MAX_LENGTH),
                      MSI_SIGNATURE_MAX_LENGTH);
}

/* The error of a problem reply: the onboarding's own problems with a
 * translated message, else @error as the HTTP layer made it. */
static GError *
problem_error (guint       status,
               JsonNode   *error_body,
               GError     *error)
{
  JsonObject *problem = msi_json_node_get_object (error_body);
  const char *type = msi_json_get_string (problem, "type");

  if (g_strcmp0 (type, MSI_PROBLEM_INVITATION_UNKNOWN) == 0)
    return g_error_new_literal (MSI_ONBOARDING_ERROR, MSI_ONBOARDING_ERROR_INVITATION_UNKNOWN,
                                _("This invitation link does not work: it was never sent, was revoked, or a "
                                  "newer invitation replaced it. Open the Get started link in your latest "
                                  "welcome mail, or ask your admin to invite you again."));

  if (g_strcmp0 (type, MSI_PROBLEM_INVITATION_EXPIRED) == 0)
    return g_error_new_literal (MSI_ONBOARDING_ERROR, MSI_ONBOARDING_ERROR_INVITATION_EXPIRED,
                                _("This invitation has expired. Ask your admin to send you a new one; its "
                                  "link works for 7 days."));

  if (g_strcmp0 (type, MSI_PROBLEM_INVITATION_USED) == 0)
    return g_error_new_literal (MSI_ONBOARDING_ERROR, MSI_ONBOARDING_ERROR_INVITATION_USED,
                                _("You finished your onboarding with this invitation already. Sign in to "
                                  "your Sales account instead."));

  if (g_strcmp0 (type, MSI_PROBLEM_ONBOARDING_STEP_NOT_READY) == 0)
    {
      const char *missing = msi_json_get_string (problem, "missing");

      if (g_strcmp0 (missing, "email-identity") == 0)
        return g_error_new_literal (MSI_ONBOARDING_ERROR, MSI_ONBOARDING_ERROR_STEP_NOT_READY,
                                    _("Connect your mailbox first: choose Gmail or Outlook and sign in."));

      return g_error_new_literal (MSI_ONBOARDING_ERROR, MSI_ONBOARDING_ERROR_STEP_NOT_READY,
                                  _("Activate your account with Salesforce first: sign in to Salesforce "
                                    "and choose Allow."));
    }

  if (g_strcmp0 (type, MSI_PROBLEM_SIGNATURE_TOO_LONG) == 0)
    return too_long_error ();

  g_debug ("The service answered %u (%s)", status, type != NULL ? type : "no problem type");

  return g_error_copy (error);
}

static gboolean
parse_progress (JsonObject            *object,
                MsiOnboardingProgress *progress)
{
  const char *step = msi_json_get_string (object, "step");
  const char *client = msi_json_get_string (object, "emailClient");
  JsonNode *saved = object != NULL ? json_object_get_member (object, "signatureSaved") : NULL;

  if (step == NULL || !msi_onboarding_step_from_id (step, &progress->step))
    return FALSE;

  progress->email_client = MSI_EMAIL_CLIENT_NONE;
  if (client != NULL && !msi_email_client_from_id (client, &progress->email_client))
    return FALSE;
  if (client == NULL && !msi_json_is_null (object, "emailClient"))
    return FALSE;

  progress->signature_saved = saved != NULL && JSON_NODE_HOLDS_VALUE (saved) &&
                              json_node_get_value_type (saved) == G_TYPE_BOOLEAN &&
                              json_node_get_boolean (saved);

  return TRUE;
}

/* --- requests as the rep -------------------------------------------------------- */

typedef gpointer (*ParseFunc) (JsonNode  *reply,
                               GError   **error);

typedef struct
{
  ParseFunc      parse;
  GDestroyNotify free_func;
} Call;

static void
request_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Call *call = g_task_get_task_data (task);
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(JsonNode) error_body = NULL;
  g_autoptr(GError) error = NULL;
  guint status = 0;
  gpointer value;

  reply = msi_actions_auth_request_finish_status (MSI_ACTIONS_AUTH (object), result, &status, &error_body, &error);
  if (reply == NULL)
    {
      g_task_return_error (task, error_body != NULL ? problem_error (status, error_body, error)
                                                     : g_steal_pointer (&error));
      return;
    }

  value = call->parse (reply, &error);
  if (value == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, value, call->free_func);
}

static void
request_as_rep (MsiOnboardingClient *self,
                gpointer             source_tag,
                const char          *method,
                const char          *path,
                JsonNode            *body,
                ParseFunc            parse,
                GDestroyNotify       free_func,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Call *call;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  call = g_new0 (Call, 1);
  call->parse = parse;
  call->free_func = free_func;
  g_task_set_task_data (task, call, g_free);

  msi_actions_auth_request_async (self->auth, method, path, body, cancellable,
                                  request_cb, g_steal_pointer (&task));
}

static gpointer
finish_pointer (MsiOnboardingClient  *self,
                GAsyncResult         *result,
                gpointer              source_tag,
                GError              **error)
{
  g_return_val_if_fail (MSI_IS_ONBOARDING_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- GET /api/v1/invitations/{token} --------------------------------------------- */

/* The path of @token's invitation; a secret like the token. */
static char *
invitation_path (const char *token)
{
  g_autofree char *escaped = g_uri_escape_string (token, NULL, FALSE);
  char *path = g_strconcat ("/api/v1/invitations/", escaped, NULL);

  explicit_bzero (escaped, strlen (escaped));

  return path;
}

static gboolean
token_is_valid (const char *token)
{
  return token != NULL && token[0] != '\0' && strlen (token) <= 512 &&
         strspn (token, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") == strlen (token);
}

static MsiInvitationInfo *
parse_invitation (JsonNode  *reply,
                  GError   **error)
{
  JsonObject *object = msi_json_node_get_object (reply);
  JsonObject *onboarding = object != NULL && json_object_has_member (object, "onboarding")
                           ? msi_json_node_get_object (json_object_get_member (object, "onboarding")) : NULL;
  const char *expires_at = msi_json_get_string (object, "expiresAt");
  g_autoptr(MsiInvitationInfo) info = g_new0 (MsiInvitationInfo, 1);

  info->email = g_strdup (msi_json_get_string (object, "email"));
  info->name = g_strdup (msi_json_get_string (object, "name"));
  info->account_name = g_strdup (msi_json_get_string (object, "accountName"));
  info->invited_by = g_strdup (msi_json_get_string (object, "invitedBy"));
  info->state = g_strdup (msi_json_get_string (onboarding, "state"));
  if (expires_at != NULL)
    info->expires_at = g_date_time_new_from_iso8601 (expires_at, NULL);

  if (info->email == NULL || info->account_name == NULL || info->state == NULL ||
      (expires_at != NULL && info->expires_at == NULL))
    {
      g_propagate_error (error, invalid_reply ());
      return NULL;
    }

  if (info->name == NULL)
    info->name = g_strdup (info->email);

  return g_steal_pointer (&info);
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(JsonNode) error_body = NULL;
  g_autoptr(GError) error = NULL;
  MsiInvitationInfo *info;
  guint status = 0;

  reply = msi_http_client_request_json_finish_full (MSI_HTTP_CLIENT (object), result, &status, &error_body, &error);
  if (reply == NULL)
    {
      g_task_return_error (task, problem_error (status, error_body, error));
      return;
    }

  info = parse_invitation (reply, &error);
  if (info == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, info, (GDestroyNotify)msi_invitation_info_free);
}

static GError *
bad_token_error (void)
{
  return g_error_new_literal (MSI_ONBOARDING_ERROR, MSI_ONBOARDING_ERROR_INVITATION_UNKNOWN,
                              _("This invitation link is not complete. Open the Get started link in your "
                                "welcome mail again, or ask your admin to invite you again."));
}

/**
 * msi_onboarding_client_lookup_invitation_async:
 * @token: the link's invitation token (a secret)
 *
 * Who the invitation is for, and how far their onboarding got. Fails
 * with %MSI_ONBOARDING_ERROR_INVITATION_UNKNOWN, _EXPIRED or _USED.
 */
void
msi_onboarding_client_lookup_invitation_async (MsiOnboardingClient *self,
                                               const char          *token,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (MSI_IS_ONBOARDING_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, msi_onboarding_client_lookup_invitation_async);

  if (!token_is_valid (token))
    {
      g_task_return_error (task, bad_token_error ());
      return;
    }

  path = invitation_path (token);
  msi_http_client_request_json_async (msi_actions_auth_get_http_client (self->auth), "GET", path, NULL,
                                      MSI_HTTP_FLAGS_NONE, cancellable, lookup_cb, g_steal_pointer (&task));
  explicit_bzero (path, strlen (path));
}

MsiInvitationInfo *
msi_onboarding_client_lookup_invitation_finish (MsiOnboardingClient  *self,
                                                GAsyncResult         *result,
                                                GError              **error)
{
  return finish_pointer (self, result, msi_onboarding_client_lookup_invitation_async, error);
}

/* --- POST /api/v1/invitations/{token} -------------------------------------------- */

static MsiOnboardingProgress *
parse_progress_reply (JsonNode  *reply,
                      GError   **error)
{
  g_autofree MsiOnboardingProgress *progress = g_new0 (MsiOnboardingProgress, 1);

  if (!parse_progress (msi_json_node_get_object (reply), progress))
    {
      g_propagate_error (error, invalid_reply ());
      return NULL;
    }

  return g_steal_pointer (&progress);
}

static void
redeem_progress_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  MsiOnboardingProgress *progress;

  progress = msi_onboarding_client_get_progress_finish (MSI_ONBOARDING_CLIENT (object), result, &error);
  if (progress == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, progress, (GDestroyNotify)msi_onboarding_progress_free);
}

static void
redeem_signed_in_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MsiOnboardingClient *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  if (!msi_actions_auth_sign_in_with_tokens_finish (MSI_ACTIONS_AUTH (object), result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  msi_onboarding_client_get_progress_async (self, g_task_get_cancellable (task),
                                            redeem_progress_cb, g_object_ref (task));
}

static void
redeem_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MsiOnboardingClient *self = g_task_get_source_object (task);
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(JsonNode) error_body = NULL;
  g_autoptr(MsiOAuth2Tokens) tokens = NULL;
  g_autoptr(GError) error = NULL;
  guint status = 0;

  reply = msi_http_client_request_json_finish_full (MSI_HTTP_CLIENT (object), result, &status, &error_body, &error);
  if (reply == NULL)
    {
      g_task_return_error (task, problem_error (status, error_body, error));
      return;
    }

  tokens = msi_oauth2_client_parse_tokens (msi_actions_auth_get_oauth_client (self->auth), reply, &error);
  if (tokens == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  msi_actions_auth_sign_in_with_tokens_async (self->auth, tokens, g_task_get_cancellable (task),
                                              redeem_signed_in_cb, g_object_ref (task));
}

/**
 * msi_onboarding_client_redeem_async:
 * @token: the link's invitation token (a secret)
 *
 * Opens the onboarding session of the invitation: the auth is signed in
 * as the invited rep (its tokens in the keyring), then the progress is
 * read. The errors of the lookup.
 */
void
msi_onboarding_client_redeem_async (MsiOnboardingClient *self,
                                    const char          *token,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (MSI_IS_ONBOARDING_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, msi_onboarding_client_redeem_async);

  if (!token_is_valid (token))
    {
      g_task_return_error (task, bad_token_error ());
      return;
    }

  /* Sent again after a lost reply, it opens another session: harmless. */
  path = invitation_path (token);
  body = json_node_init_object (json_node_alloc (), json_object_new ());
  msi_http_client_request_json_async (msi_actions_auth_get_http_client (self->auth), "POST", path, body,
                                      MSI_HTTP_FLAGS_IDEMPOTENT, cancellable, redeem_cb, g_steal_pointer (&task));
  explicit_bzero (path, strlen (path));
}

MsiOnboardingProgress *
msi_onboarding_client_redeem_finish (MsiOnboardingClient  *self,
                                     GAsyncResult         *result,
                                     GError              **error)
{
  return finish_pointer (self, result, msi_onboarding_client_redeem_async, error);
}

/* --- GET and PUT /api/v1/me/onboarding ------------------------------------------ */

void
msi_onboarding_client_get_progress_async (MsiOnboardingClient *self,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_return_if_fail (MSI_IS_ONBOARDING_CLIENT (self));

  request_as_rep (self, msi_onboarding_client_get_progress_async, "GET", "/api/v1/me/onboarding", NULL,
                  (ParseFunc)parse_progress_reply, (GDestroyNotify)msi_onboarding_progress_free,
                  cancellable, callback, user_data);
}

MsiOnboardingProgress *
msi_onboarding_client_get_progress_finish (MsiOnboardingClient  *self,
                                           GAsyncResult         *result,
                                           GError              **error)
{
  return finish_pointer (self, result, msi_onboarding_client_get_progress_async, error);
}

/**
 * msi_onboarding_client_set_step_async:
 * @step: the page to show next
 * @email_client: the chosen e-mail client; %MSI_EMAIL_CLIENT_NONE leaves
 *   it as it is
 *
 * Saves the progress. Fails with %MSI_ONBOARDING_ERROR_STEP_NOT_READY
 * when @step needs the Salesforce connection or an e-mail identity that
 * is not there yet.
 */
void
msi_onboarding_client_set_step_async (MsiOnboardingClient *self,
                                      MsiOnboardingStep    step,
                                      MsiEmailClient       email_client,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonNode) body = NULL;

  g_return_if_fail (MSI_IS_ONBOARDING_CLIENT (self));
  g_return_if_fail (msi_onboarding_step_to_id (step) != NULL);

  json_object_set_string_member (object, "step", msi_onboarding_step_to_id (step));
  if (email_client != MSI_EMAIL_CLIENT_NONE)
    json_object_set_string_member (object, "emailClient", msi_email_client_to_id (email_client));
  body = json_node_init_object (json_node_alloc (), object);

  request_as_rep (self, msi_onboarding_client_set_step_async, "PUT", "/api/v1/me/onboarding", body,
                  (ParseFunc)parse_progress_reply, (GDestroyNotify)msi_onboarding_progress_free,
                  cancellable, callback, user_data);
}

MsiOnboardingProgress *
msi_onboarding_client_set_step_finish (MsiOnboardingClient  *self,
                                       GAsyncResult         *result,
                                       GError              **error)
{
  return finish_pointer (self, result, msi_onboarding_client_set_step_async, error);
}

/* --- GET /api/v1/me/email-identities --------------------------------------------- */

static GPtrArray *
parse_identities (JsonNode  *reply,
                  GError   **error)
{
  JsonObject *object = msi_json_node_get_object (reply);
  JsonNode *list = object != NULL ? json_object_get_member (object, "identities") : NULL;
  g_autoptr(GPtrArray) identities = g_ptr_array_new_with_free_func ((GDestroyNotify)msi_email_identity_free);
  JsonArray *array;

  if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
    {
      g_propagate_error (error, invalid_reply ());
      return NULL;
    }

  array = json_node_get_array (list);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *element = msi_json_node_get_object (json_array_get_element (array, i));
      const char *id = msi_json_get_string (element, "id");
      const char *provider = msi_json_get_string (element, "provider");
      const char *address = msi_json_get_string (element, "address");
      MsiEmailIdentity *identity;
      MsiEmailClient client = MSI_EMAIL_CLIENT_NONE;

      if (id == NULL || address == NULL || provider == NULL ||
          !msi_email_client_from_id (provider, &client) || client == MSI_EMAIL_CLIENT_NONE)
        {
          g_propagate_error (error, invalid_reply ());
          return NULL;
        }

      identity = g_new0 (MsiEmailIdentity, 1);
      identity->id = g_strdup (id);
      identity->provider = client;
      identity->address = g_strdup (address);
      g_ptr_array_add (identities, identity);
    }

  return g_steal_pointer (&identities);
}

void
msi_onboarding_client_list_email_identities_async (MsiOnboardingClient *self,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data)
{
  g_return_if_fail (MSI_IS_ONBOARDING_CLIENT (self));

  request_as_rep (self, msi_onboarding_client_list_email_identities_async, "GET", "/api/v1/me/email-identities",
                  NULL, (ParseFunc)parse_identities, (GDestroyNotify)g_ptr_array_unref,
                  cancellable, callback, user_data);
}

GPtrArray *
msi_onboarding_client_list_email_identities_finish (MsiOnboardingClient  *self,
                                                    GAsyncResult         *result,
                                                    GError              **error)
{
  return finish_pointer (self, result, msi_onboarding_client_list_email_identities_async, error);
}

/* --- GET and PUT /api/v1/me/signature -------------------------------------------- */

static char *
parse_signature (JsonNode  *reply,
                 GError   **error)
{
  const char *html = msi_json_get_string (msi_json_node_get_object (reply), "html");

  if (html == NULL)
    {
      g_propagate_error (error, invalid_reply ());
      return NULL;
    }

  return g_strdup (html);
}

void
msi_onboarding_client_get_signature_async (MsiOnboardingClient *self,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_return_if_fail (MSI_IS_ONBOARDING_CLIENT (self));

  request_as_rep (self, msi_onboarding_client_get_signature_async, "GET", "/api/v1/me/signature", NULL,
                  (ParseFunc)parse_signature, g_free, cancellable, callback, user_data);
}

char *
msi_onboarding_client_get_signature_finish (MsiOnboardingClient  *self,
                                            GAsyncResult         *result,
                                            GError              **error)
{
  return finish_pointer (self, result, msi_onboarding_client_get_signature_async, error);
}

/**
 * msi_onboarding_client_save_signature_async:
 * @html: the signature; sanitized here first (msi_signature_html_sanitize())
 *
 * Stores the signature; the service sanitizes it again. Fails with
 * %MSI_ONBOARDING_ERROR_SIGNATURE_TOO_LONG when it is longer than
 * %MSI_SIGNATURE_MAX_LENGTH bytes, without sending it.
 */
void
msi_onboarding_client_save_signature_async (MsiOnboardingClient *self,
                                            const char          *html,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *clean = NULL;

  g_return_if_fail (MSI_IS_ONBOARDING_CLIENT (self));
  g_return_if_fail (html != NULL);

  clean = msi_signature_html_sanitize (html);
  if (strlen (clean) > MSI_SIGNATURE_MAX_LENGTH)
    {
      g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

      g_task_set_source_tag (task, msi_onboarding_client_save_signature_async);
      g_task_return_error (task, too_long_error ());
      return;
    }

  json_object_set_string_member (object, "html", clean);
  body = json_node_init_object (json_node_alloc (), object);

  request_as_rep (self, msi_onboarding_client_save_signature_async, "PUT", "/api/v1/me/signature", body,
                  (ParseFunc)parse_signature, g_free, cancellable, callback, user_data);
}

char *
msi_onboarding_client_save_signature_finish (MsiOnboardingClient  *self,
                                             GAsyncResult         *result,
                                             GError              **error)
{
  return finish_pointer (self, result, msi_onboarding_client_save_signature_async, error);
}
