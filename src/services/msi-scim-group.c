/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-scim-group.c: a team of the Sales account (a SCIM Group) */

#define G_LOG_DOMAIN "msi-scim-group"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "msi-json.h"
#include "msi-scim-client.h"
#include "msi-scim-group.h"

/* The Actions extension of a SCIM Group (docs/actions-api.yaml): the
 * number of members, so that a list of teams need not carry them all. */
#define SCHEMA_TEAM "urn:ietf:params:scim:schemas:extension:msiactions:2.0:Team"

struct _MsiScimGroup
{
  GObject   parent_instance;

  char     *id;
  char     *display_name;
  guint     n_members;
  gboolean  everyone;
};

enum {
  PROP_0,
  PROP_ID,
  PROP_DISPLAY_NAME,
  PROP_N_MEMBERS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (MsiScimGroup, msi_scim_group, G_TYPE_OBJECT)

static void
msi_scim_group_finalize (GObject *object)
{
  MsiScimGroup *self = (MsiScimGroup *)object;

  g_free (self->id);
  g_free (self->display_name);

  G_OBJECT_CLASS (msi_scim_group_parent_class)->finalize (object);
}

static void
msi_scim_group_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  MsiScimGroup *self = MSI_SCIM_GROUP (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_DISPLAY_NAME:
      g_value_set_string (value, self->display_name);
      break;
    case PROP_N_MEMBERS:
      g_value_set_uint (value, self->n_members);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
msi_scim_group_class_init (MsiScimGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = msi_scim_group_finalize;
  object_class->get_property = msi_scim_group_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_DISPLAY_NAME] = g_param_spec_string ("display-name", NULL, NULL, NULL, flags);
  properties[PROP_N_MEMBERS] = g_param_spec_uint ("n-members", NULL, NULL, 0, G_MAXUINT, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
msi_scim_group_init (MsiScimGroup *self)
{
}

/**
 * msi_scim_group_new_from_json:
 * @object: a SCIM Group resource
 * @error: return location for an MSI_SCIM_ERROR_INVALID_REPLY
 *
 * The number of members is the Team extension's memberCount, else the
 * length of "members".
 *
 * Returns: (transfer full) (nullable): the team, or %NULL when "id" or
 *   "displayName" is missing or not a string
 */
MsiScimGroup *
msi_scim_group_new_from_json (JsonObject  *object,
                              GError     **error)
{
  g_autoptr(MsiScimGroup) self = NULL;
  const char *id;
  const char *display_name;
  JsonNode *team;
  JsonNode *members;

  g_return_val_if_fail (object != NULL, NULL);

  id = msi_json_get_string (object, "id");
  display_name = msi_json_get_string (object, "displayName");

  if (id == NULL || id[0] == '\0' || display_name == NULL)
    {
      g_set_error (error, MSI_SCIM_ERROR, MSI_SCIM_ERROR_INVALID_REPLY,
                   _("The service sent a team without an “id” or a “displayName”."));
      return NULL;
    }

  self = g_object_new (MSI_TYPE_SCIM_GROUP, NULL);
  self->id = g_strdup (id);
  self->display_name = g_strstrip (g_strdup (display_name));
  self->everyone = g_ascii_strcasecmp (self->display_name, MSI_SCIM_EVERYONE_TEAM) == 0;

  team = json_object_get_member (object, SCHEMA_TEAM);
  members = json_object_get_member (object, "members");

  if (team != NULL && JSON_NODE_HOLDS_OBJECT (team))
    {
      JsonObject *extension = json_node_get_object (team);
      JsonNode *count = json_object_get_member (extension, "memberCount");
      JsonNode *everyone = json_object_get_member (extension, "everyone");

      if (count != NULL && JSON_NODE_HOLDS_VALUE (count) && json_node_get_value_type (count) == G_TYPE_INT64)
        self->n_members = (guint)CLAMP (json_node_get_int (count), 0, G_MAXUINT);
      else if (members != NULL && JSON_NODE_HOLDS_ARRAY (members))
        self->n_members = json_array_get_length (json_node_get_array (members));

      if (everyone != NULL && JSON_NODE_HOLDS_VALUE (everyone) &&
          json_node_get_value_type (everyone) == G_TYPE_BOOLEAN)
        self->everyone = json_node_get_boolean (everyone);
    }
  else if (members != NULL && JSON_NODE_HOLDS_ARRAY (members))
    {
      self->n_members = json_array_get_length (json_node_get_array (members));
    }

  return g_steal_pointer (&self);
}

const char *
msi_scim_group_get_id (MsiScimGroup *self)
{
  g_return_val_if_fail (MSI_IS_SCIM_GROUP (self), NULL);

  return self->id;
}

const char *
msi_scim_group_get_display_name (MsiScimGroup *self)
{
  g_return_val_if_fail (MSI_IS_SCIM_GROUP (self), NULL);

  return self->display_name;
}

guint
msi_scim_group_get_n_members (MsiScimGroup *self)
{
  g_return_val_if_fail (MSI_IS_SCIM_GROUP (self), 0);

  return self->n_members;
}

/* Everyone always exists: every user without another team. */
gboolean
msi_scim_group_is_everyone (MsiScimGroup *self)
{
  g_return_val_if_fail (MSI_IS_SCIM_GROUP (self), FALSE);

  return self->everyone;
}
