/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-scim-user.c: a user or pending invitation of the Sales account (a SCIM User) */

#define G_LOG_DOMAIN "msi-scim-user"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "msi-scim-client.h"
#include "msi-scim-user.h"

struct _MsiScimUser
{
  GObject            parent_instance;

  char              *id;
  char              *user_name;
  char              *display_name;
  char              *given_name;
  char              *family_name;
  char              *title;
  char              *team;
  char              *team_id;
  GDateTime         *invited_at;
  char              *invited_by;
  MsiScimUserStatus  status;
  gboolean           loading;
};

enum {
  PROP_0,
  PROP_ID,
  PROP_USER_NAME,
  PROP_DISPLAY_NAME,
  PROP_GIVEN_NAME,
  PROP_FAMILY_NAME,
  PROP_TITLE,
  PROP_STATUS,
  PROP_TEAM,
  PROP_TEAM_ID,
  PROP_INVITED_AT,
  PROP_INVITED_BY,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (MsiScimUser, msi_scim_user, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (MsiScimUserStatus, msi_scim_user_status,
                    G_DEFINE_ENUM_VALUE (MSI_SCIM_USER_ACTIVE, "active"),
                    G_DEFINE_ENUM_VALUE (MSI_SCIM_USER_INVITED, "invited"),
                    G_DEFINE_ENUM_VALUE (MSI_SCIM_USER_EXPIRED, "expired"))

static void
msi_scim_user_finalize (GObject *object)
{
  MsiScimUser *self = (MsiScimUser *)object;

  g_free (self->id);
  g_free (self->user_name);
  g_free (self->display_name);
  g_free (self->given_name);
  g_free (self->family_name);
  g_free (self->title);
  g_free (self->team);
  g_free (self->team_id);
  g_clear_pointer (&self->invited_at, g_date_time_unref);
  g_free (self->invited_by);

  G_OBJECT_CLASS (msi_scim_user_parent_class)->finalize (object);
}

static void
msi_scim_user_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  MsiScimUser *self = MSI_SCIM_USER (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_USER_NAME:
      g_value_set_string (value, self->user_name);
      break;
    case PROP_DISPLAY_NAME:
      g_value_set_string (value, self->display_name);
      break;
    case PROP_GIVEN_NAME:
      g_value_set_string (value, self->given_name);
      break;
    case PROP_FAMILY_NAME:
      g_value_set_string (value, self->family_name);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;
    case PROP_TEAM:
      g_value_set_string (value, self->team);
      break;
    case PROP_TEAM_ID:
      g_value_set_string (value, self->team_id);
      break;
    case PROP_INVITED_AT:
      g_value_set_boxed (value, self->invited_at);
      break;
    case PROP_INVITED_BY:
      g_value_set_string (value, self->invited_by);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
msi_scim_user_class_init (MsiScimUserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = msi_scim_user_finalize;
  object_class->get_property = msi_scim_user_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, "", flags);
  properties[PROP_USER_NAME] = g_param_spec_string ("user-name", NULL, NULL, "", flags);
  properties[PROP_DISPLAY_NAME] = g_param_spec_string ("display-name", NULL, NULL, "", flags);
  properties[PROP_GIVEN_NAME] = g_param_spec_string ("given-name", NULL, NULL, "", flags);
  properties[PROP_FAMILY_NAME] = g_param_spec_string ("family-name", NULL, NULL, "", flags);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, "", flags);
  properties[PROP_STATUS] = g_param_spec_enum ("status", NULL, NULL, MSI_TYPE_SCIM_USER_STATUS,
                                               MSI_SCIM_USER_ACTIVE, flags);
  properties[PROP_TEAM] = g_param_spec_string ("team", NULL, NULL, "", flags);
  properties[PROP_TEAM_ID] = g_param_spec_string ("team-id", NULL, NULL, "", flags);
  properties[PROP_INVITED_AT] = g_param_spec_boxed ("invited-at", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_INVITED_BY] = g_param_spec_string ("invited-by", NULL, NULL, NULL, flags);
  properties[PROP_LOADING] = g_param_spec_boolean ("loading", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
msi_scim_user_init (MsiScimUser *self)
{
  self->id = g_strdup ("");
  self->user_name = g_strdup ("");
  self->display_name = g_strdup ("");
  self->given_name = g_strdup ("");
  self->family_name = g_strdup ("");
  self->title = g_strdup ("");
  self->team = g_strdup ("");
  self->team_id = g_strdup ("");
}

/*
 * Reading the resource
 */

static gboolean
fail_member (GError     **error,
             const char  *member,
             const char  *user_name,
             gboolean     missing)
{
  if (missing)
    g_set_error (error, MSI_SCIM_ERROR, MSI_SCIM_ERROR_INVALID_REPLY,
                 /* TRANSLATORS: %s is a member of the service's reply, such as “userName” */
                 _("The service sent a user without “%s”."), member);
  else if (user_name != NULL)
    g_set_error (error, MSI_SCIM_ERROR, MSI_SCIM_ERROR_INVALID_REPLY,
                 /* TRANSLATORS: the first %s is a member of the service's reply, the second an e-mail address */
                 _("The service sent “%s” of the user %s in a form the app does not understand."),
                 member, user_name);
  else
    g_set_error (error, MSI_SCIM_ERROR, MSI_SCIM_ERROR_INVALID_REPLY,
                 _("The service sent “%s” of a user in a form the app does not understand."), member);

  return FALSE;
}

/* @value: (out): the member's string, or NULL when it is missing or null. */
static gboolean
read_string (JsonObject  *object,
             const char  *name,
             const char  *label,
             const char  *user_name,
             const char **value,
             GError     **error)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  *value = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return fail_member (error, label, user_name, FALSE);

  *value = json_node_get_string (node);

  return TRUE;
}

static gboolean
read_object (JsonObject  *object,
             const char  *name,
             const char  *user_name,
             JsonObject **value,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  *value = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail_member (error, name, user_name, FALSE);

  *value = json_node_get_object (node);

  return TRUE;
}

static char *
dup_trimmed (const char *text)
{
  return g_strstrip (g_strdup (text != NULL ? text : ""));
}

/* The user's team: the first group other than Everyone (the service
 * may list Everyone too), else Everyone. */
static gboolean
read_team (MsiScimUser  *self,
           JsonObject   *object,
           GError      **error)
{
  JsonNode *node = json_object_get_member (object, "groups");
  JsonArray *groups;
  const char *fallback_id = NULL;
  const char *fallback_name = NULL;

  g_free (self->team);
  self->team = g_strdup (MSI_SCIM_EVERYONE_TEAM);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return fail_member (error, "groups", self->user_name, FALSE);

  groups = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (groups); i++)
    {
      JsonNode *element = json_array_get_element (groups, i);
      const char *value;
      const char *display;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        return fail_member (error, "groups", self->user_name, FALSE);

      if (!read_string (json_node_get_object (element), "value", "groups.value", self->user_name, &value, error) ||
          !read_string (json_node_get_object (element), "display", "groups.display", self->user_name,
                        &display, error))
        return FALSE;

      if (value == NULL)
        continue;

      if (display != NULL && g_ascii_strcasecmp (display, MSI_SCIM_EVERYONE_TEAM) != 0)
        {
          g_free (self->team);
          g_free (self->team_id);
          self->team = g_strdup (display);
          self->team_id = g_strdup (value);
          return TRUE;
        }

      if (fallback_id == NULL)
        {
          fallback_id = value;
          fallback_name = display;
        }
    }

  if (fallback_id != NULL)
    {
      g_free (self->team);
      g_free (self->team_id);
      self->team = g_strdup (fallback_name != NULL ? fallback_name : MSI_SCIM_EVERYONE_TEAM);
      self->team_id = g_strdup (fallback_id);
    }

  return TRUE;
}

/* displayName, else name.formatted, else "given family", else the address. */
static char *
choose_display_name (const char *display_name,
                     const char *formatted,
                     const char *given_name,
                     const char *family_name,
                     const char *user_name)
{
  g_autofree char *display = dup_trimmed (display_name);
  g_autofree char *whole = dup_trimmed (formatted);

  if (display[0] != '\0')
    return g_steal_pointer (&display);
  if (whole[0] != '\0')
    return g_steal_pointer (&whole);
  if (given_name[0] != '\0' && family_name[0] != '\0')
    return g_strdup_printf ("%s %s", given_name, family_name);
  if (given_name[0] != '\0' || family_name[0] != '\0')
    return g_strconcat (given_name, family_name, NULL);

  return g_strdup (user_name);
}

/**
 * msi_scim_user_new_from_json:
 * @object: a SCIM User resource
 * @error: return location for an MSI_SCIM_ERROR_INVALID_REPLY
 *
 * Returns: (transfer full) (nullable): the user, or %NULL when "id" or
 *   "userName" is missing, or a member has the wrong type
 */
MsiScimUser *
msi_scim_user_new_from_json (JsonObject  *object,
                             GError     **error)
{
  g_autoptr(MsiScimUser) self = NULL;
  JsonObject *name = NULL;
  JsonObject *invitation = NULL;
  JsonNode *active_node;
  const char *id;
  const char *user_name;
  const char *given_name;
  const char *family_name;
  const char *formatted;
  const char *display_name;
  const char *title;
  const char *state;
  const char *invited_at;
  const char *invited_by;
  gboolean active = TRUE;

  g_return_val_if_fail (object != NULL, NULL);

  if (!read_string (object, "id", "id", NULL, &id, error) ||
      !read_string (object, "userName", "userName", NULL, &user_name, error))
    return NULL;

  if (id == NULL || id[0] == '\0')
    {
      fail_member (error, "id", NULL, TRUE);
      return NULL;
    }

  if (user_name == NULL || user_name[0] == '\0')
    {
      fail_member (error, "userName", NULL, TRUE);
      return NULL;
    }

  if (!read_object (object, "name", user_name, &name, error) ||
      !read_string (name, "givenName", "name.givenName", user_name, &given_name, error) ||
      !read_string (name, "familyName", "name.familyName", user_name, &family_name, error) ||
      !read_string (name, "formatted", "name.formatted", user_name, &formatted, error) ||
      !read_string (object, "displayName", "displayName", user_name, &display_name, error) ||
      !read_string (object, "title", "title", user_name, &title, error) ||
      !read_object (object, MSI_SCIM_SCHEMA_INVITATION, user_name, &invitation, error) ||
      !read_string (invitation, "state", "state", user_name, &state, error) ||
      !read_string (invitation, "invitedAt", "invitedAt", user_name, &invited_at, error) ||
      !read_string (invitation, "invitedBy", "invitedBy", user_name, &invited_by, error))
    return NULL;

  active_node = json_object_get_member (object, "active");
  if (active_node != NULL && !JSON_NODE_HOLDS_NULL (active_node))
    {
      if (!JSON_NODE_HOLDS_VALUE (active_node) || json_node_get_value_type (active_node) != G_TYPE_BOOLEAN)
        {
          fail_member (error, "active", user_name, FALSE);
          return NULL;
        }
      active = json_node_get_boolean (active_node);
    }

  self = g_object_new (MSI_TYPE_SCIM_USER, NULL);
  g_free (self->id);
  self->id = g_strdup (id);
  g_free (self->user_name);
  self->user_name = dup_trimmed (user_name);
  g_free (self->given_name);
  self->given_name = dup_trimmed (given_name);
  g_free (self->family_name);
  self->family_name = dup_trimmed (family_name);
  g_free (self->title);
  self->title = dup_trimmed (title);

  g_free (self->display_name);
  self->display_name = choose_display_name (display_name, formatted, self->given_name,
                                            self->family_name, self->user_name);

  if (active)
    self->status = MSI_SCIM_USER_ACTIVE;
  else if (g_strcmp0 (state, "expired") == 0)
    self->status = MSI_SCIM_USER_EXPIRED;
  else
    self->status = MSI_SCIM_USER_INVITED;

  if (invited_at != NULL)
    {
      self->invited_at = g_date_time_new_from_iso8601 (invited_at, NULL);
      if (self->invited_at == NULL)
        {
          fail_member (error, "invitedAt", user_name, FALSE);
          return NULL;
        }
    }
  self->invited_by = g_strdup (invited_by);

  if (!read_team (self, object, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * msi_scim_user_new_placeholder:
 *
 * Returns: (transfer full): a user whose page is not read yet: "loading"
 *   is %TRUE and every other property empty
 */
MsiScimUser *
msi_scim_user_new_placeholder (void)
{
  MsiScimUser *self = g_object_new (MSI_TYPE_SCIM_USER, NULL);

  self->loading = TRUE;

  return self;
}

const char *
msi_scim_user_get_id (MsiScimUser *self)
{
  g_return_val_if_fail (MSI_IS_SCIM_USER (self), NULL);

  return self->id;
}

const char *
msi_scim_user_get_user_name (MsiScimUser *self)
{
  g_return_val_if_fail (MSI_IS_SCIM_USER (self), NULL);

  return self->user_name;
}

const char *
msi_scim_user_get_display_name (MsiScimUser *self)
{
  g_return_val_if_fail (MSI_IS_SCIM_USER (self), NULL);

  return self->display_name;
}

const char *
msi_scim_user_get_given_name (MsiScimUser *self)
{
  g_return_val_if_fail (MSI_IS_SCIM_USER (self), NULL);

  return self->given_name;
}

const char *
msi_scim_user_get_family_name (MsiScimUser *self)
{
  g_return_val_if_fail (MSI_IS_SCIM_USER (self), NULL);

  return self->family_name;
}

const char *
msi_scim_user_get_title (MsiScimUser *self)
{
  g_return_val_if_fail (MSI_IS_SCIM_USER (self), NULL);

  return self->title;
}

MsiScimUserStatus
msi_scim_user_get_status (MsiScimUser *self)
{
  g_return_val_if_fail (MSI_IS_SCIM_USER (self), MSI_SCIM_USER_ACTIVE);

  return self->status;
}

const char *
msi_scim_user_get_team (MsiScimUser *self)
{
  g_return_val_if_fail (MSI_IS_SCIM_USER (self), NULL);

  return self->team;
}

const char *
msi_scim_user_get_team_id (MsiScimUser *self)
{
  g_return_val_if_fail (MSI_IS_SCIM_USER (self), NULL);

  return self->team_id;
}

GDateTime *
msi_scim_user_get_invited_at (MsiScimUser *self)
{
  g_return_val_if_fail (MSI_IS_SCIM_USER (self), NULL);

  return self->invited_at;
}

const char *
msi_scim_user_get_invited_by (MsiScimUser *self)
{
  g_return_val_if_fail (MSI_IS_SCIM_USER (self), NULL);

  return self->invited_by;
}

gboolean
msi_scim_user_get_loading (MsiScimUser *self)
{
  g_return_val_if_fail (MSI_IS_SCIM_USER (self), FALSE);

  return self->loading;
}
