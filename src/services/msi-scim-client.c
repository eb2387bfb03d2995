/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-scim-client.c: users, invitations and teams of the Sales account through SCIM 2.0
 *
 * Every request goes through msi_actions_auth_request_full_async() as the
 * signed-in admin, as application/scim+json. SCIM errors (RFC 7644 §3.12)
 * the app explains become MSI_SCIM_ERROR codes with a translated sentence
 * that names the address or team; the service's own "detail" is quoted
 * where it says more. Anything else stays the MSI_HTTP_ERROR the HTTP
 * layer made of it (with the service's detail as its message).
 *
 * Retries: GET requests, and the POSTs that are safe to send again (Bulk
 * invitations and team creation, whose second attempt answers 409 for
 * what the first one did), are retried by the HTTP layer after a lost
 * connection, 5xx or 429 (honouring Retry-After).
 */

#define G_LOG_DOMAIN "msi-scim-client"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "msi-json.h"
#include "msi-scim-client.h"

#define SCHEMA_LIST_RESPONSE  "urn:ietf:params:scim:api:messages:2.0:ListResponse"
#define SCHEMA_BULK_REQUEST   "urn:ietf:params:scim:api:messages:2.0:BulkRequest"
#define SCHEMA_GROUP          "urn:ietf:params:scim:schemas:core:2.0:Group"

#define DEFAULT_MAX_OPERATIONS   50
#define DEFAULT_MAX_PAYLOAD_SIZE (1024 * 1024)
#define GROUP_PAGE_SIZE          100
#define DIRECTORY_PAGE_SIZE      500
#define MAX_DETAIL_CHARS         400

struct _MsiScimClient
{
  GObject         parent_instance;

  MsiActionsAuth *auth;
  guint           max_operations;
  gsize           max_payload_size;
  gboolean        config_read;
};

G_DEFINE_FINAL_TYPE (MsiScimClient, msi_scim_client, G_TYPE_OBJECT)

G_DEFINE_QUARK (msi-scim-error-quark, msi_scim_error)

static void
msi_scim_client_finalize (GObject *object)
{
  MsiScimClient *self = (MsiScimClient *)object;

  g_clear_object (&self->auth);

  G_OBJECT_CLASS (msi_scim_client_parent_class)->finalize (object);
}

static void
msi_scim_client_class_init (MsiScimClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = msi_scim_client_finalize;
}

static void
msi_scim_client_init (MsiScimClient *self)
{
  self->max_operations = DEFAULT_MAX_OPERATIONS;
  self->max_payload_size = DEFAULT_MAX_PAYLOAD_SIZE;
}

/**
 * msi_scim_client_new:
 * @auth: the signed-in admin's session with the Actions service
 */
MsiScimClient *
msi_scim_client_new (MsiActionsAuth *auth)
{
  MsiScimClient *self;

  g_return_val_if_fail (MSI_IS_ACTIONS_AUTH (auth), NULL);

  self = g_object_new (MSI_TYPE_SCIM_CLIENT, NULL);
  self->auth = g_object_ref (auth);

  return self;
}

MsiActionsAuth *
msi_scim_client_get_auth (MsiScimClient *self)
{
  g_return_val_if_fail (MSI_IS_SCIM_CLIENT (self), NULL);

  return self->auth;
}

/**
 * msi_scim_client_get_max_bulk_operations:
 *
 * Returns: how many operations one Bulk request may carry: the service's
 *   bulk.maxOperations once /scim/v2/ServiceProviderConfig was read (by
 *   msi_scim_client_invite_async() or
 *   msi_scim_client_load_directory_async()), else 50
 */
guint
msi_scim_client_get_max_bulk_operations (MsiScimClient *self)
{
  g_return_val_if_fail (MSI_IS_SCIM_CLIENT (self), DEFAULT_MAX_OPERATIONS);

  return self->max_operations;
}

/* --- the structs of the header ------------------------------------------------ */

MsiScimInvite *
msi_scim_invite_new (const char *email,
                     const char *given_name,
                     const char *family_name,
                     const char *title,
                     const char *team_id)
{
  MsiScimInvite *invite;

  g_return_val_if_fail (email != NULL, NULL);

  invite = g_new0 (MsiScimInvite, 1);
  invite->email = g_strdup (email);
  invite->given_name = g_strdup (given_name);
  invite->family_name = g_strdup (family_name);
  invite->title = g_strdup (title);
  invite->team_id = g_strdup (team_id);

  return invite;
}

void
msi_scim_invite_free (MsiScimInvite *invite)
{
  if (invite == NULL)
    return;

  g_free (invite->email);
  g_free (invite->given_name);
  g_free (invite->family_name);
  g_free (invite->title);
  g_free (invite->team_id);
  g_free (invite);
}

void
msi_scim_invite_result_free (MsiScimInviteResult *result)
{
  if (result == NULL)
    return;

  g_free (result->email);
  g_free (result->user_id);
  g_clear_error (&result->error);
  g_free (result);
}

void
msi_scim_user_page_free (MsiScimUserPage *page)
{
  if (page == NULL)
    return;

  g_clear_pointer (&page->users, g_ptr_array_unref);
  g_free (page);
}

/* --- replies ------------------------------------------------------------------ */

/* A SCIM status: "201" (RFC 7644 writes it as a string) or 201. */
static guint
member_status (JsonObject *object)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, "status") : NULL;
  guint64 status = 0;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return 0;

  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return (guint)CLAMP (json_node_get_int (node), 0, 999);

  if (json_node_get_value_type (node) == G_TYPE_STRING &&
      g_ascii_string_to_unsigned (json_node_get_string (node), 10, 100, 999, &status, NULL))
    return (guint)status;

  return 0;
}

/* The service's "detail", valid UTF-8 and cut to a readable length. */
static char *
dup_detail (JsonObject *body)
{
  const char *detail = msi_json_get_string (body, "detail");

  if (detail == NULL || detail[0] == '\0' || !g_utf8_validate (detail, -1, NULL))
    return NULL;

  if (g_utf8_strlen (detail, -1) > MAX_DETAIL_CHARS)
    {
      g_autofree char *cut = g_utf8_substring (detail, 0, MAX_DETAIL_CHARS);

      return g_strconcat (cut, "…", NULL);
    }

  return g_strdup (detail);
}

/* What a failed request was about, for the message. */
typedef enum
{
  SUBJECT_NONE,
  SUBJECT_ADDRESS,      /* @what: an e-mail address */
  SUBJECT_TEAM,         /* @what: a team's name */
  SUBJECT_INVITATION,   /* a pending invitation */
  SUBJECT_SEARCH,       /* a filter */
} Subject;

/* The error for a SCIM error reply with @status and @body; @fallback
 * (transfer full, nullable) is what the HTTP layer made of it, returned
 * when the app has nothing better to say. */
static GError *
scim_error_new (guint       status,
                JsonObject *body,
                Subject     subject,
                const char *what,
                GError     *fallback)
{
  g_autoptr(GError) owned = fallback;
  g_autofree char *detail = dup_detail (body);
  const char *scim_type = msi_json_get_string (body, "scimType");
  const char *limit = msi_json_get_string (body, "msiLimit");

  if (owned != NULL && owned->domain != MSI_HTTP_ERROR)
    return g_steal_pointer (&owned);

  if (status == 409 && (scim_type == NULL || g_str_equal (scim_type, "uniqueness")))
    {
      if (subject == SUBJECT_ADDRESS)
        return g_error_new (MSI_SCIM_ERROR, MSI_SCIM_ERROR_UNIQUENESS,
                            _("“%s” is already a user of the Sales account, or invited."), what);
      if (subject == SUBJECT_TEAM)
        return g_error_new (MSI_SCIM_ERROR, MSI_SCIM_ERROR_UNIQUENESS,
                            _("There is already a team “%s”."), what);
      return g_error_new_literal (MSI_SCIM_ERROR, MSI_SCIM_ERROR_UNIQUENESS,
                                  _("The Sales account already has this."));
    }

  if (status == 403 && g_strcmp0 (limit, "seats") == 0)
    {
      if (subject == SUBJECT_ADDRESS)
        return g_error_new (MSI_SCIM_ERROR, MSI_SCIM_ERROR_SEAT_LIMIT,
                            _("No seat is left for “%s”: every seat of the Sales account is taken by a user "
                              "or a pending invitation. Revoke invitations that are not needed, or ask for "
                              "more seats."), what);
      return g_error_new_literal (MSI_SCIM_ERROR, MSI_SCIM_ERROR_SEAT_LIMIT,
                                  _("Every seat of the Sales account is taken by a user or a pending "
                                    "invitation. Revoke invitations that are not needed, or ask for more seats."));
    }

  if (status == 403 && g_strcmp0 (limit, "teams") == 0)
    {
      if (subject == SUBJECT_TEAM)
        return g_error_new (MSI_SCIM_ERROR, MSI_SCIM_ERROR_TEAM_LIMIT,
                            _("The team “%s” was not created: the Sales account already has as many teams "
                              "as it can have."), what);
      return g_error_new_literal (MSI_SCIM_ERROR, MSI_SCIM_ERROR_TEAM_LIMIT,
                                  _("The Sales account already has as many teams as it can have."));
    }

  if (status == 400 && g_strcmp0 (scim_type, "invalidFilter") == 0)
    return g_error_new (MSI_SCIM_ERROR, MSI_SCIM_ERROR_INVALID_VALUE,
                        /* TRANSLATORS: %s is the service's explanation (in English) */
                        _("The service could not search for this: %s"),
                        detail != NULL ? detail : _("the search is not valid."));

  if (status == 400 && (g_strcmp0 (scim_type, "invalidValue") == 0 || g_strcmp0 (scim_type, "invalidSyntax") == 0))
    {
      const char *reason = detail != NULL ? detail : _("a value is not valid.");

      if (subject == SUBJECT_ADDRESS)
        /* TRANSLATORS: the first %s is an e-mail address, the second the service's explanation */
        return g_error_new (MSI_SCIM_ERROR, MSI_SCIM_ERROR_INVALID_VALUE,
                            _("The service refused the invitation of “%s”: %s"), what, reason);
      if (subject == SUBJECT_TEAM)
        return g_error_new (MSI_SCIM_ERROR, MSI_SCIM_ERROR_INVALID_VALUE,
                            _("The service refused the team “%s”: %s"), what, reason);
      return g_error_new (MSI_SCIM_ERROR, MSI_SCIM_ERROR_INVALID_VALUE,
                          _("The service refused the request: %s"), reason);
    }

  if (status == 404)
    {
      if (subject == SUBJECT_INVITATION)
        return g_error_new_literal (MSI_SCIM_ERROR, MSI_SCIM_ERROR_NOT_FOUND,
                                    _("This invitation no longer exists: it was accepted or revoked in the "
                                      "meantime."));
      return g_error_new_literal (MSI_SCIM_ERROR, MSI_SCIM_ERROR_NOT_FOUND,
                                  _("This no longer exists in the Sales account: it was removed in the meantime."));
    }

  if (owned != NULL)
    return g_steal_pointer (&owned);

  /* TRANSLATORS: %s is an explanation, %u the HTTP status */
  return g_error_new (MSI_HTTP_ERROR, msi_http_error_from_status (status), _("%s (HTTP %u)"),
                      detail != NULL ? detail : msi_http_error_describe_status (status), status);
}

static GError *
invalid_reply (const char *message)
{
  return g_error_new_literal (MSI_SCIM_ERROR, MSI_SCIM_ERROR_INVALID_REPLY, message);
}

/* --- requests ----------------------------------------------------------------- */

/* Sends a SCIM request as the signed-in admin; @task's reference goes to
 * @callback. */
static void
scim_send (MsiScimClient       *self,
           const char          *method,
           const char          *path,
           JsonNode            *body,
           MsiHttpFlags         flags,
           GTask               *task,
           GAsyncReadyCallback  callback)
{
  msi_actions_auth_request_full_async (self->auth, method, path,
                                       body != NULL ? MSI_HTTP_CONTENT_TYPE_SCIM : NULL, body,
                                       flags | MSI_HTTP_FLAGS_SCIM, g_task_get_cancellable (task),
                                       callback, task);
}

/* @error_body: (out) (transfer full) (nullable): the error reply's JSON. */
static JsonNode *
scim_finish (MsiScimClient  *self,
             GAsyncResult   *result,
             guint          *status,
             JsonNode      **error_body,
             GError        **error)
{
  return msi_actions_auth_request_finish_status (self->auth, result, status, error_body, error);
}

/* A string for a SCIM filter: quoted, with backslashes, quotes and
 * control characters escaped (JSON string rules, RFC 7644 §3.4.2.2). */
static char *
quote_filter_value (const char *text)
{
  GString *quoted = g_string_new ("\"");

  for (const char *c = text; *c != '\0'; c++)
    {
      if (*c == '"' || *c == '\\')
        {
          g_string_append_c (quoted, '\\');
          g_string_append_c (quoted, *c);
        }
      else if ((guchar)*c < 0x20)
        {
          g_string_append_printf (quoted, "\\u%04x", (guint)(guchar)*c);
        }
      else
        {
          g_string_append_c (quoted, *c);
        }
    }

  g_string_append_c (quoted, '"');

  return g_string_free (quoted, FALSE);
}

/**
 * msi_scim_build_search_filter:
 * @text: (nullable): what the person typed in the search box
 *
 * Returns: (transfer full) (nullable): `userName co "…" or name.formatted
 *   co "…"`, or %NULL when @text is blank
 */
char *
msi_scim_build_search_filter (const char *text)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *quoted = NULL;

  if (text == NULL)
    return NULL;

  trimmed = g_strstrip (g_strdup (text));
  if (trimmed[0] == '\0' || !g_utf8_validate (trimmed, -1, NULL))
    return NULL;

  quoted = quote_filter_value (trimmed);

  return g_strdup_printf ("userName co %s or name.formatted co %s", quoted, quoted);
}

static char *
build_users_path (const char *filter,
                  guint       start_index,
                  guint       count,
                  const char *attributes)
{
  GString *path = g_string_new (NULL);

  g_string_append_printf (path, "/scim/v2/Users?startIndex=%u&count=%u", MAX (start_index, 1), count);

  if (filter != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (filter, NULL, FALSE);

      g_string_append_printf (path, "&filter=%s", escaped);
    }

  if (attributes != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (attributes, ",", FALSE);

      g_string_append_printf (path, "&attributes=%s", escaped);
    }

  return g_string_free (path, FALSE);
}

/* The "id" the location of a resource ends with. */
static char *
id_from_location (const char *location)
{
  const char *end;
  const char *slash;

  if (location == NULL)
    return NULL;

  end = location + strcspn (location, "?#");
  for (slash = end; slash > location && slash[-1] != '/'; slash--)
    ;

  if (slash == end)
    return NULL;

  {
    g_autofree char *segment = g_strndup (slash, end - slash);

    return g_uri_unescape_string (segment, NULL);
  }
}

/* --- users -------------------------------------------------------------------- */

/* A ListResponse of users; NULL with @error when its shape is wrong. */
static MsiScimUserPage *
parse_user_page (JsonNode  *node,
                 guint      start_index,
                 GError   **error)
{
  g_autoptr(MsiScimUserPage) page = g_new0 (MsiScimUserPage, 1);
  JsonObject *root = msi_json_node_get_object (node);
  JsonNode *resources_node;
  JsonArray *resources;
  gint64 total = 0;
  gint64 start = start_index;

  if (root == NULL || !msi_json_get_int (root, "totalResults", &total) || total < 0)
    {
      g_propagate_error (error, invalid_reply (_("The service’s list of users has no “totalResults”: it is "
                                                 "not a SCIM list.")));
      return NULL;
    }

  msi_json_get_int (root, "startIndex", &start);
  resources_node = json_object_get_member (root, "Resources");
  if (resources_node != NULL && !JSON_NODE_HOLDS_ARRAY (resources_node) && !JSON_NODE_HOLDS_NULL (resources_node))
    {
      g_propagate_error (error, invalid_reply (_("The service’s list of users has “Resources” that are not "
                                                 "a list.")));
      return NULL;
    }

  resources = resources_node != NULL && JSON_NODE_HOLDS_ARRAY (resources_node)
              ? json_node_get_array (resources_node) : NULL;
  page->users = g_ptr_array_new_with_free_func (g_object_unref);
  page->total_results = (guint)MIN (total, G_MAXUINT);
  page->start_index = (guint)CLAMP (start, 1, G_MAXUINT);

  for (guint i = 0; resources != NULL && i < json_array_get_length (resources); i++)
    {
      JsonNode *element = json_array_get_element (resources, i);
      MsiScimUser *user;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          g_propagate_error (error, invalid_reply (_("The service’s list of users holds something that is not "
                                                     "a user.")));
          return NULL;
        }

      user = msi_scim_user_new_from_json (json_node_get_object (element), error);
      if (user == NULL)
        return NULL;

      g_ptr_array_add (page->users, user);
    }

  return g_steal_pointer (&page);
}

static void
list_users_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MsiScimClient *self = g_task_get_source_object (task);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) error_body = NULL;
  g_autoptr(MsiScimUserPage) page = NULL;
  GError *error = NULL;
  guint status = 0;

  node = scim_finish (self, result, &status, &error_body, &error);
  if (node == NULL)
    {
      g_task_return_error (task, scim_error_new (status, msi_json_node_get_object (error_body),
                                                 SUBJECT_SEARCH, NULL, error));
      return;
    }

  page = parse_user_page (node, GPOINTER_TO_UINT (g_task_get_task_data (task)), &error);
  if (page == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&page), (GDestroyNotify)msi_scim_user_page_free);
}

/**
 * msi_scim_client_list_users_async:
 * @filter: (nullable): a SCIM filter, such as msi_scim_build_search_filter() makes
 * @start_index: the first user, 1-based
 * @count: how many users at most
 *
 * Reads one page of users and pending invitations, sorted by address.
 */
void
msi_scim_client_list_users_async (MsiScimClient       *self,
                                  const char          *filter,
                                  guint                start_index,
                                  guint                count,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (MSI_IS_SCIM_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, msi_scim_client_list_users_async);
  g_task_set_task_data (task, GUINT_TO_POINTER (MAX (start_index, 1)), NULL);

  path = build_users_path (filter, start_index, count, NULL);
  scim_send (self, "GET", path, NULL, MSI_HTTP_FLAGS_NONE, g_steal_pointer (&task), list_users_cb);
}

/**
 * msi_scim_client_list_users_finish:
 *
 * Returns: (transfer full): the page, or %NULL with @error set (a bad
 *   filter is MSI_SCIM_ERROR_INVALID_VALUE with the service's reason)
 */
MsiScimUserPage *
msi_scim_client_list_users_finish (MsiScimClient  *self,
                                   GAsyncResult   *result,
                                   GError        **error)
{
  g_return_val_if_fail (MSI_IS_SCIM_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- teams -------------------------------------------------------------------- */

typedef struct
{
  GPtrArray *groups;        /* MsiScimGroup */
  guint      next_index;    /* 1-based */
  char      *filter;        /* nullable */
} ListGroups;

static void
list_groups_free (ListGroups *data)
{
  g_ptr_array_unref (data->groups);
  g_free (data->filter);
  g_free (data);
}

static void list_groups_next (GTask *task);

/* Appends the groups of a ListResponse; FALSE with @error when its shape
 * is wrong. @total: (out): totalResults */
static gboolean
parse_group_page (JsonNode   *node,
                  GPtrArray  *groups,
                  gint64     *total,
                  guint      *n_read,
                  GError    **error)
{
  JsonObject *root = msi_json_node_get_object (node);
  JsonArray *resources;

  *n_read = 0;

  if (root == NULL || !msi_json_get_int (root, "totalResults", total))
    {
      g_propagate_error (error, invalid_reply (_("The service’s list of teams has no “totalResults”: it is "
                                                 "not a SCIM list.")));
      return FALSE;
    }

  resources = msi_json_get_array (root, "Resources");
  for (guint i = 0; resources != NULL && i < json_array_get_length (resources); i++)
    {
      JsonObject *object = msi_json_node_get_object (json_array_get_element (resources, i));
      MsiScimGroup *group;

      if (object == NULL)
        {
          g_propagate_error (error, invalid_reply (_("The service’s list of teams holds something that is not "
                                                     "a team.")));
          return FALSE;
        }

      group = msi_scim_group_new_from_json (object, error);
      if (group == NULL)
        return FALSE;

      g_ptr_array_add (groups, group);
      (*n_read)++;
    }

  return TRUE;
}

static void
list_groups_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MsiScimClient *self = g_task_get_source_object (task);
  ListGroups *data = g_task_get_task_data (task);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) error_body = NULL;
  GError *error = NULL;
  gint64 total = 0;
  guint n_read = 0;
  guint status = 0;

  node = scim_finish (self, result, &status, &error_body, &error);
  if (node == NULL)
    {
      g_task_return_error (task, scim_error_new (status, msi_json_node_get_object (error_body),
                                                 SUBJECT_NONE, NULL, error));
      return;
    }

  if (!parse_group_page (node, data->groups, &total, &n_read, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  data->next_index += n_read;

  if (n_read > 0 && data->groups->len < total)
    {
      list_groups_next (g_steal_pointer (&task));
      return;
    }

  /* Everyone first, the others as the service sorted them. */
  for (guint i = 1; i < data->groups->len; i++)
    {
      if (msi_scim_group_is_everyone (g_ptr_array_index (data->groups, i)))
        {
          gpointer everyone = g_ptr_array_steal_index (data->groups, i);

          g_ptr_array_insert (data->groups, 0, everyone);
          break;
        }
    }

  g_task_return_pointer (task, g_ptr_array_ref (data->groups), (GDestroyNotify)g_ptr_array_unref);
}

static void
list_groups_next (GTask *task)
{
  MsiScimClient *self = g_task_get_source_object (task);
  ListGroups *data = g_task_get_task_data (task);
  g_autofree char *path = NULL;

  if (data->filter != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (data->filter, NULL, FALSE);

      path = g_strdup_printf ("/scim/v2/Groups?startIndex=%u&count=%u&excludedAttributes=members&filter=%s",
                              data->next_index, GROUP_PAGE_SIZE, escaped);
    }
  else
    {
      path = g_strdup_printf ("/scim/v2/Groups?startIndex=%u&count=%u&excludedAttributes=members",
                              data->next_index, GROUP_PAGE_SIZE);
    }

  scim_send (self, "GET", path, NULL, MSI_HTTP_FLAGS_NONE, task, list_groups_cb);
}

static void
list_groups_start (MsiScimClient       *self,
                   const char          *filter,
                   GCancellable        *cancellable,
                   gpointer             source_tag,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  ListGroups *data = g_new0 (ListGroups, 1);

  g_task_set_source_tag (task, source_tag);
  data->groups = g_ptr_array_new_with_free_func (g_object_unref);
  data->next_index = 1;
  data->filter = g_strdup (filter);
  g_task_set_task_data (task, data, (GDestroyNotify)list_groups_free);

  list_groups_next (task);
}

/**
 * msi_scim_client_list_groups_async:
 *
 * Reads every team, page after page, without their members.
 */
void
msi_scim_client_list_groups_async (MsiScimClient       *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (MSI_IS_SCIM_CLIENT (self));

  list_groups_start (self, NULL, cancellable, msi_scim_client_list_groups_async, callback, user_data);
}

/**
 * msi_scim_client_list_groups_finish:
 *
 * Returns: (transfer container) (element-type MsiScimGroup): the teams,
 *   Everyone first
 */
GPtrArray *
msi_scim_client_list_groups_finish (MsiScimClient  *self,
                                    GAsyncResult   *result,
                                    GError        **error)
{
  g_return_val_if_fail (MSI_IS_SCIM_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
find_group_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  const char *name = g_task_get_task_data (task);
  g_autoptr(GPtrArray) groups = NULL;
  GError *error = NULL;

  groups = g_task_propagate_pointer (G_TASK (result), &error);
  if (groups == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  for (guint i = 0; i < groups->len; i++)
    {
      MsiScimGroup *group = g_ptr_array_index (groups, i);

      if (g_utf8_collate (msi_scim_group_get_display_name (group), name) == 0 ||
          g_ascii_strcasecmp (msi_scim_group_get_display_name (group), name) == 0)
        {
          g_task_return_pointer (task, g_object_ref (group), g_object_unref);
          return;
        }
    }

  /* The service said it exists, but does not find it. */
  g_task_return_error (task, scim_error_new (409, NULL, SUBJECT_TEAM, name, NULL));
}

static void
create_group_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MsiScimClient *self = g_task_get_source_object (task);
  const char *name = g_task_get_task_data (task);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) error_body = NULL;
  MsiScimGroup *group;
  GError *error = NULL;
  guint status = 0;

  node = scim_finish (self, result, &status, &error_body, &error);
  if (node == NULL && status == 409)
    {
      /* There is one already (perhaps made by this request, whose reply
       * was lost): that is the team. */
      g_autofree char *quoted = quote_filter_value (name);
      g_autofree char *filter = g_strconcat ("displayName eq ", quoted, NULL);

      GCancellable *cancellable = g_task_get_cancellable (task);

      g_clear_error (&error);
      list_groups_start (self, filter, cancellable, create_group_cb, find_group_cb, g_steal_pointer (&task));
      return;
    }

  if (node == NULL)
    {
      g_task_return_error (task, scim_error_new (status, msi_json_node_get_object (error_body),
                                                 SUBJECT_TEAM, name, error));
      return;
    }

  if (msi_json_node_get_object (node) == NULL)
    {
      g_task_return_error (task, invalid_reply (_("The service did not send the team it created.")));
      return;
    }

  group = msi_scim_group_new_from_json (msi_json_node_get_object (node), &error);
  if (group == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, group, g_object_unref);
}

/**
 * msi_scim_client_create_group_async:
 * @display_name: the team's name (trimmed)
 *
 * Creates a team, or finds the one of that name (409): either way the
 * finish function returns the team. Safe to retry.
 */
void
msi_scim_client_create_group_async (MsiScimClient       *self,
                                    const char          *display_name,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *name = NULL;

  g_return_if_fail (MSI_IS_SCIM_CLIENT (self));
  g_return_if_fail (display_name != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, msi_scim_client_create_group_async);

  name = g_strstrip (g_strdup (display_name));
  if (name[0] == '\0' || !g_utf8_validate (name, -1, NULL))
    {
      g_task_return_new_error (task, MSI_SCIM_ERROR, MSI_SCIM_ERROR_INVALID_VALUE, _("Give the team a name."));
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "schemas");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, SCHEMA_GROUP);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "displayName");
  json_builder_add_string_value (builder, name);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  g_task_set_task_data (task, g_steal_pointer (&name), g_free);
  scim_send (self, "POST", "/scim/v2/Groups", body, MSI_HTTP_FLAGS_IDEMPOTENT,
             g_steal_pointer (&task), create_group_cb);
}

/**
 * msi_scim_client_create_group_finish:
 *
 * Returns: (transfer full): the team, new or already there; %NULL with
 *   @error set (MSI_SCIM_ERROR_TEAM_LIMIT past the limit)
 */
MsiScimGroup *
msi_scim_client_create_group_finish (MsiScimClient  *self,
                                     GAsyncResult   *result,
                                     GError        **error)
{
  g_return_val_if_fail (MSI_IS_SCIM_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- the service's configuration ---------------------------------------------- */

static void
read_config_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MsiScimClient *self = g_task_get_source_object (task);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) error_body = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *bulk;
  gint64 max_operations = 0;
  gint64 max_payload_size = 0;

  node = scim_finish (self, result, NULL, &error_body, &error);
  if (node == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }

      /* The defaults do; the request that needs the service fails on its own. */
      g_debug ("Could not read the SCIM configuration: %s", error->message);
      g_task_return_boolean (task, TRUE);
      return;
    }

  bulk = msi_json_get_object (msi_json_node_get_object (node), "bulk");
  if (msi_json_get_int (bulk, "maxOperations", &max_operations) && max_operations > 0)
    self->max_operations = (guint)MIN (max_operations, 10000);
  if (msi_json_get_int (bulk, "maxPayloadSize", &max_payload_size) && max_payload_size > 1024)
    self->max_payload_size = (gsize)MIN (max_payload_size, MSI_HTTP_MAX_BODY_SIZE);
  self->config_read = TRUE;

  g_debug ("SCIM Bulk: at most %u operations, %" G_GSIZE_FORMAT " bytes",
           self->max_operations, self->max_payload_size);

  g_task_return_boolean (task, TRUE);
}

/* Reads /scim/v2/ServiceProviderConfig once; fails only when cancelled. */
static void
read_config_async (MsiScimClient       *self,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  if (self->config_read)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }

  scim_send (self, "GET", "/scim/v2/ServiceProviderConfig", NULL, MSI_HTTP_FLAGS_NONE, task, read_config_cb);
}

static gboolean
read_config_finish (MsiScimClient  *self,
                    GAsyncResult   *result,
                    GError        **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- invitations -------------------------------------------------------------- */

typedef struct
{
  GPtrArray *invites;     /* MsiScimInvite */
  GPtrArray *results;     /* MsiScimInviteResult, NULL until known */
  guint      next;        /* the first invite not sent yet */
  guint      chunk_size;
  guint      chunk_len;   /* of the request in flight */
} Invite;

static void
invite_free (Invite *data)
{
  g_ptr_array_unref (data->invites);
  g_ptr_array_unref (data->results);
  g_free (data);
}

static void invite_send_next (GTask *task);

static void
add_string_member (JsonBuilder *builder,
                   const char  *name,
                   const char  *value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;

  for (; *text != '\0'; text++)
    {
      if (!g_ascii_isspace (*text))
        return FALSE;
    }

  return TRUE;
}

/* One POST /Users of a Bulk request: the invitation of @invite. */
static void
add_invite_operation (JsonBuilder   *builder,
                      MsiScimInvite *invite,
                      guint          index)
{
  g_autofree char *bulk_id = g_strdup_printf ("row-%u", index);
  gboolean has_name = !is_blank (invite->given_name) || !is_blank (invite->family_name);
  gboolean has_team = !is_blank (invite->team_id);

  json_builder_begin_object (builder);
  add_string_member (builder, "method", "POST");
  add_string_member (builder, "bulkId", bulk_id);
  add_string_member (builder, "path", "/Users");
  json_builder_set_member_name (builder, "data");
  json_builder_begin_object (builder);

  json_builder_set_member_name (builder, "schemas");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, MSI_SCIM_SCHEMA_USER);
  if (has_team)
    json_builder_add_string_value (builder, MSI_SCIM_SCHEMA_INVITATION);
  json_builder_end_array (builder);

  add_string_member (builder, "userName", invite->email);

  if (has_name)
    {
      json_builder_set_member_name (builder, "name");
      json_builder_begin_object (builder);
      if (!is_blank (invite->given_name))
        add_string_member (builder, "givenName", invite->given_name);
      if (!is_blank (invite->family_name))
        add_string_member (builder, "familyName", invite->family_name);
      json_builder_end_object (builder);
    }

  if (!is_blank (invite->title))
    add_string_member (builder, "title", invite->title);

  json_builder_set_member_name (builder, "emails");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  add_string_member (builder, "value", invite->email);
  json_builder_set_member_name (builder, "primary");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_end_object (builder);
  json_builder_end_array (builder);

  if (has_team)
    {
      json_builder_set_member_name (builder, MSI_SCIM_SCHEMA_INVITATION);
      json_builder_begin_object (builder);
      add_string_member (builder, "teamId", invite->team_id);
      json_builder_end_object (builder);
    }

  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

/* The Bulk request for invites [start, start + len). No failOnErrors:
 * the service carries out every operation whatever fails (RFC 7644
 * §3.7). */
static JsonNode *
build_bulk_request (GPtrArray *invites,
                    guint      start,
                    guint      len)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "schemas");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, SCHEMA_BULK_REQUEST);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "Operations");
  json_builder_begin_array (builder);
  for (guint i = start; i < start + len; i++)
    add_invite_operation (builder, g_ptr_array_index (invites, i), i);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* The invite a bulkId "row-N" stands for, in [start, start + len). */
static gboolean
parse_bulk_id (const char *bulk_id,
               guint       start,
               guint       len,
               guint      *index)
{
  guint64 value = 0;

  if (bulk_id == NULL || !g_str_has_prefix (bulk_id, "row-") ||
      !g_ascii_string_to_unsigned (bulk_id + 4, 10, start, (guint64)start + len - 1, &value, NULL))
    return FALSE;

  *index = (guint)value;

  return TRUE;
}

static MsiScimInviteResult *
new_invite_result (MsiScimInvite        *invite,
                   MsiScimInviteOutcome  outcome)
{
  MsiScimInviteResult *result = g_new0 (MsiScimInviteResult, 1);

  result->email = g_strdup (invite->email);
  result->outcome = outcome;

  return result;
}

/* The outcome of every invite of the request in flight, from its
 * BulkResponse; FALSE with @error when the reply is not one. */
static gboolean
read_bulk_response (Invite    *data,
                    JsonNode  *node,
                    GError   **error)
{
  JsonArray *operations = msi_json_get_array (msi_json_node_get_object (node), "Operations");
  guint start = data->next;
  guint len = data->chunk_len;

  if (operations == NULL)
    {
      g_propagate_error (error, invalid_reply (_("The service’s answer to the invitations has no “Operations”: "
                                                 "it is not a SCIM Bulk response.")));
      return FALSE;
    }

  for (guint i = 0; i < json_array_get_length (operations); i++)
    {
      JsonObject *operation = msi_json_node_get_object (json_array_get_element (operations, i));
      MsiScimInvite *invite;
      MsiScimInviteResult *result;
      guint status;
      guint index;

      if (!parse_bulk_id (msi_json_get_string (operation, "bulkId"), start, len, &index) ||
          g_ptr_array_index (data->results, index) != NULL)
        continue;

      invite = g_ptr_array_index (data->invites, index);
      status = member_status (operation);

      if (status == 201 || status == 200)
        {
          result = new_invite_result (invite, MSI_SCIM_INVITE_CREATED);
          result->user_id = id_from_location (msi_json_get_string (operation, "location"));
          if (result->user_id == NULL)
            result->user_id = g_strdup (msi_json_get_string (msi_json_get_object (operation, "response"), "id"));
        }
      else if (status == 409 &&
               g_strcmp0 (msi_json_get_string (msi_json_get_object (operation, "response"), "scimType"),
                          "invalidValue") != 0)
        {
          result = new_invite_result (invite, MSI_SCIM_INVITE_ALREADY_EXISTS);
          result->user_id = id_from_location (msi_json_get_string (operation, "location"));
        }
      else
        {
          result = new_invite_result (invite, MSI_SCIM_INVITE_FAILED);
          if (status == 0)
            result->error = invalid_reply (_("The service answered an invitation without a status."));
          else
            result->error = scim_error_new (status, msi_json_get_object (operation, "response"), SUBJECT_ADDRESS,
                                            invite->email, NULL);
        }

      g_ptr_array_index (data->results, index) = result;
    }

  for (guint i = start; i < start + len; i++)
    {
      if (g_ptr_array_index (data->results, i) == NULL)
        {
          MsiScimInvite *invite = g_ptr_array_index (data->invites, i);
          MsiScimInviteResult *result = new_invite_result (invite, MSI_SCIM_INVITE_FAILED);

          result->error = g_error_new (MSI_SCIM_ERROR, MSI_SCIM_ERROR_INVALID_REPLY,
                                       _("The service did not say whether “%s” was invited."), invite->email);
          g_ptr_array_index (data->results, i) = result;
        }
    }

  return TRUE;
}

static void
invite_sent_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MsiScimClient *self = g_task_get_source_object (task);
  Invite *data = g_task_get_task_data (task);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) error_body = NULL;
  GError *error = NULL;
  guint status = 0;

  node = scim_finish (self, result, &status, &error_body, &error);
  if (node == NULL && status == 413 && data->chunk_len > 1)
    {
      /* The service takes less than it said: smaller requests. */
      g_debug ("The service refused %u invitations at once (413); sending fewer", data->chunk_len);
      g_clear_error (&error);
      data->chunk_size = MAX (data->chunk_len / 2, 1);
      invite_send_next (g_steal_pointer (&task));
      return;
    }

  if (node == NULL)
    {
      g_task_return_error (task, scim_error_new (status, msi_json_node_get_object (error_body),
                                                 SUBJECT_NONE, NULL, error));
      return;
    }

  if (!read_bulk_response (data, node, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  data->next += data->chunk_len;
  invite_send_next (g_steal_pointer (&task));
}

static void
invite_send_next (GTask *task)
{
  MsiScimClient *self = g_task_get_source_object (task);
  Invite *data = g_task_get_task_data (task);
  g_autoptr(JsonNode) body = NULL;
  guint remaining = data->invites->len - data->next;

  if (remaining == 0)
    {
      GPtrArray *results = g_ptr_array_ref (data->results);

      g_task_return_pointer (task, results, (GDestroyNotify)g_ptr_array_unref);
      g_object_unref (task);
      return;
    }

  data->chunk_len = MIN (remaining, data->chunk_size);

  while (TRUE)
    {
      g_autofree char *text = NULL;

      g_clear_pointer (&body, json_node_unref);
      body = build_bulk_request (data->invites, data->next, data->chunk_len);
      text = json_to_string (body, FALSE);

      if (strlen (text) <= self->max_payload_size || data->chunk_len == 1)
        break;

      data->chunk_len = MAX (data->chunk_len / 2, 1);
    }

  g_debug ("Inviting %u of %u addresses through Bulk", data->chunk_len, data->invites->len);
  scim_send (self, "POST", "/scim/v2/Bulk", body, MSI_HTTP_FLAGS_IDEMPOTENT, task, invite_sent_cb);
}

static void
invite_config_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MsiScimClient *self = MSI_SCIM_CLIENT (object);
  Invite *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (!read_config_finish (self, result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  data->chunk_size = self->max_operations;
  invite_send_next (g_steal_pointer (&task));
}

/**
 * msi_scim_client_invite_async:
 * @invites: (element-type MsiScimInvite): the invitations to send
 *
 * Sends the invitations through POST /scim/v2/Bulk, one POST /Users per
 * invite (bulkId "row-N", N its index in @invites), as many per request
 * as the service takes. A lost reply, a dropped connection, 5xx and 429
 * are retried: an invitation the first attempt made answers 409 the
 * second time (ALREADY_EXISTS).
 */
void
msi_scim_client_invite_async (MsiScimClient       *self,
                              GPtrArray           *invites,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Invite *data;

  g_return_if_fail (MSI_IS_SCIM_CLIENT (self));
  g_return_if_fail (invites != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, msi_scim_client_invite_async);

  data = g_new0 (Invite, 1);
  data->invites = g_ptr_array_ref (invites);
  data->results = g_ptr_array_new_with_free_func ((GDestroyNotify)msi_scim_invite_result_free);
  g_ptr_array_set_size (data->results, invites->len);
  data->chunk_size = self->max_operations;
  g_task_set_task_data (task, data, (GDestroyNotify)invite_free);

  read_config_async (self, cancellable, invite_config_cb, g_steal_pointer (&task));
}

/**
 * msi_scim_client_invite_finish:
 *
 * Returns: (transfer container) (element-type MsiScimInviteResult): one
 *   result per invite, in their order; %NULL with @error set when a Bulk
 *   request failed as a whole (after its retries)
 */
GPtrArray *
msi_scim_client_invite_finish (MsiScimClient  *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  g_return_val_if_fail (MSI_IS_SCIM_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- resending and revoking ----------------------------------------------------- */

/* The reply to a resend or a revoke: nothing but its status matters. */
static void
invitation_done_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MsiScimClient *self = g_task_get_source_object (task);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) error_body = NULL;
  GError *error = NULL;
  guint status = 0;

  node = scim_finish (self, result, &status, &error_body, &error);
  if (node != NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (status == 409 && g_task_get_source_tag (task) == msi_scim_client_resend_invitation_async)
    {
      g_clear_error (&error);
      g_task_return_new_error (task, MSI_HTTP_ERROR, MSI_HTTP_ERROR_CONFLICT,
                               _("This person already accepted the invitation: there is nothing to send again."));
      return;
    }

  g_task_return_error (task, scim_error_new (status, msi_json_node_get_object (error_body),
                                             SUBJECT_INVITATION, NULL, error));
}

/* Sends @method to @prefix, the escaped @user_id, @suffix. Neither
 * request is retried: a second resend would mail yet another link. */
static void
invitation_request (MsiScimClient       *self,
                    const char          *method,
                    const char          *prefix,
                    const char          *user_id,
                    const char          *suffix,
                    gpointer             source_tag,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);

  escaped = g_uri_escape_string (user_id, NULL, FALSE);
  path = g_strconcat (prefix, escaped, suffix, NULL);
  scim_send (self, method, path, NULL, MSI_HTTP_FLAGS_NONE, g_steal_pointer (&task), invitation_done_cb);
}

static gboolean
invitation_request_finish (MsiScimClient  *self,
                           GAsyncResult   *result,
                           GError        **error)
{
  g_return_val_if_fail (MSI_IS_SCIM_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * msi_scim_client_resend_invitation_async:
 * @user_id: the SCIM id of a pending or expired invitation
 *
 * Sends the welcome mail again, with a new link: the old one stops
 * working. Not retried (a retry would send yet another mail).
 */
void
msi_scim_client_resend_invitation_async (MsiScimClient       *self,
                                         const char          *user_id,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_return_if_fail (MSI_IS_SCIM_CLIENT (self));
  g_return_if_fail (user_id != NULL);

  invitation_request (self, "POST", "/api/v1/invitations/", user_id, "/resend",
                      msi_scim_client_resend_invitation_async, cancellable, callback, user_data);
}

gboolean
msi_scim_client_resend_invitation_finish (MsiScimClient  *self,
                                          GAsyncResult   *result,
                                          GError        **error)
{
  return invitation_request_finish (self, result, error);
}

/**
 * msi_scim_client_revoke_invitation_async:
 * @user_id: the SCIM id of a pending or expired invitation
 *
 * Deletes the invitation: its link stops working and its seat is free.
 */
void
msi_scim_client_revoke_invitation_async (MsiScimClient       *self,
                                         const char          *user_id,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_return_if_fail (MSI_IS_SCIM_CLIENT (self));
  g_return_if_fail (user_id != NULL);

  invitation_request (self, "DELETE", "/scim/v2/Users/", user_id, "",
                      msi_scim_client_revoke_invitation_async, cancellable, callback, user_data);
}

gboolean
msi_scim_client_revoke_invitation_finish (MsiScimClient  *self,
                                          GAsyncResult   *result,
                                          GError        **error)
{
  return invitation_request_finish (self, result, error);
}

/* --- the directory, for planning invitations ---------------------------------- */

typedef struct
{
  MsiInviteDirectory *directory;
  guint               next_index;   /* 1-based */
} LoadDirectory;

static void
load_directory_free (LoadDirectory *data)
{
  g_clear_object (&data->directory);
  g_free (data);
}

static void load_directory_next_users (GTask *task);

static void
load_directory_users_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MsiScimClient *self = g_task_get_source_object (task);
  LoadDirectory *data = g_task_get_task_data (task);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) error_body = NULL;
  g_autoptr(MsiScimUserPage) page = NULL;
  GError *error = NULL;
  guint status = 0;

  node = scim_finish (self, result, &status, &error_body, &error);
  if (node == NULL)
    {
      g_task_return_error (task, scim_error_new (status, msi_json_node_get_object (error_body),
                                                 SUBJECT_NONE, NULL, error));
      return;
    }

  page = parse_user_page (node, data->next_index, &error);
  if (page == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  for (guint i = 0; i < page->users->len; i++)
    {
      MsiScimUser *user = g_ptr_array_index (page->users, i);

      msi_invite_directory_add_member (data->directory, msi_scim_user_get_user_name (user),
                                       msi_scim_user_get_status (user) == MSI_SCIM_USER_ACTIVE
                                       ? MSI_DIRECTORY_MEMBER_USER : MSI_DIRECTORY_MEMBER_INVITED);
    }

  data->next_index += page->users->len;

  if (page->users->len > 0 && data->next_index <= page->total_results)
    {
      load_directory_next_users (g_steal_pointer (&task));
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&data->directory), g_object_unref);
}

static void
load_directory_next_users (GTask *task)
{
  MsiScimClient *self = g_task_get_source_object (task);
  LoadDirectory *data = g_task_get_task_data (task);
  g_autofree char *path = build_users_path (NULL, data->next_index, DIRECTORY_PAGE_SIZE, "userName,active");

  scim_send (self, "GET", path, NULL, MSI_HTTP_FLAGS_NONE, task, load_directory_users_cb);
}

static void
load_directory_groups_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MsiScimClient *self = MSI_SCIM_CLIENT (object);
  LoadDirectory *data = g_task_get_task_data (task);
  g_autoptr(GPtrArray) groups = NULL;
  GError *error = NULL;

  groups = msi_scim_client_list_groups_finish (self, result, &error);
  if (groups == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  for (guint i = 0; i < groups->len; i++)
    {
      MsiScimGroup *group = g_ptr_array_index (groups, i);

      msi_invite_directory_add_team (data->directory, msi_scim_group_get_display_name (group),
                                     msi_scim_group_get_id (group));
    }

  data->next_index = 1;
  load_directory_next_users (g_steal_pointer (&task));
}

static void
load_directory_config_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MsiScimClient *self = MSI_SCIM_CLIENT (object);
  GCancellable *cancellable;
  GError *error = NULL;

  if (!read_config_finish (self, result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  cancellable = g_task_get_cancellable (task);
  msi_scim_client_list_groups_async (self, cancellable, load_directory_groups_cb, g_steal_pointer (&task));
}

static void
load_directory_account_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MsiScimClient *self = g_task_get_source_object (task);
  LoadDirectory *data = g_task_get_task_data (task);
  g_autoptr(JsonNode) account = NULL;
  GCancellable *cancellable;
  JsonObject *limits;
  GError *error = NULL;
  gint64 seats = 0;
  gint64 teams = 0;

  account = msi_actions_auth_request_finish (self->auth, result, &error);
  if (account == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  limits = msi_json_get_object (msi_json_node_get_object (account), "limits");
  if (!msi_json_get_int (limits, "seats", &seats) || !msi_json_get_int (limits, "teams", &teams) ||
      seats < 0 || teams < 0)
    {
      g_task_return_error (task, invalid_reply (_("The Sales account service did not say how many seats and "
                                                  "teams the account has.")));
      return;
    }

  data->directory = msi_invite_directory_new ((guint)MIN (seats, G_MAXUINT), (guint)MIN (teams, G_MAXUINT));
  cancellable = g_task_get_cancellable (task);
  read_config_async (self, cancellable, load_directory_config_cb, g_steal_pointer (&task));
}

/**
 * msi_scim_client_load_directory_async:
 *
 * Reads what planning invitations needs: the account's seat and team
 * limits (GET /api/v1/account), the service's Bulk limits, every team,
 * and every user's address and status (500 at a time, only userName and
 * active).
 */
void
msi_scim_client_load_directory_async (MsiScimClient       *self,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (MSI_IS_SCIM_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, msi_scim_client_load_directory_async);
  g_task_set_task_data (task, g_new0 (LoadDirectory, 1), (GDestroyNotify)load_directory_free);

  msi_actions_auth_request_async (self->auth, "GET", "/api/v1/account", NULL, cancellable,
                                  load_directory_account_cb, g_steal_pointer (&task));
}

/**
 * msi_scim_client_load_directory_finish:
 *
 * Returns: (transfer full): the directory, or %NULL with @error set
 */
MsiInviteDirectory *
msi_scim_client_load_directory_finish (MsiScimClient  *self,
                                       GAsyncResult   *result,
                                       GError        **error)
{
  g_return_val_if_fail (MSI_IS_SCIM_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
