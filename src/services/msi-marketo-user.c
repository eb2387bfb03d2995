/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-marketo-user.c: one Marketo user, as the User Management API lists them */

#define G_LOG_DOMAIN "msi-marketo-user"

#include "config.h"

#include <string.h>

#include "msi-json.h"
#include "msi-marketo-user.h"

struct _MsiMarketoUser
{
  GObject    parent_instance;

  char      *userid;
  char      *email;
  char      *first_name;
  char      *last_name;
  char      *display_name;
  char      *search_text;   /* normalized, case-folded: for matches() */
  GStrv      roles;
  gboolean   api_only;
  gboolean   is_admin;
};

enum {
  PROP_0,
  PROP_USERID,
  PROP_EMAIL,
  PROP_FIRST_NAME,
  PROP_LAST_NAME,
  PROP_DISPLAY_NAME,
  PROP_API_ONLY,
  PROP_IS_ADMIN,
  PROP_ROLES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (MsiMarketoUser, msi_marketo_user, G_TYPE_OBJECT)

static void
msi_marketo_user_finalize (GObject *object)
{
  MsiMarketoUser *self = (MsiMarketoUser *)object;

  g_free (self->userid);
  g_free (self->email);
  g_free (self->first_name);
  g_free (self->last_name);
  g_free (self->display_name);
  g_free (self->search_text);
  g_strfreev (self->roles);

  G_OBJECT_CLASS (msi_marketo_user_parent_class)->finalize (object);
}

static void
msi_marketo_user_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  MsiMarketoUser *self = MSI_MARKETO_USER (object);

  switch (prop_id)
    {
    case PROP_USERID:
      g_value_set_string (value, self->userid);
      break;
    case PROP_EMAIL:
      g_value_set_string (value, self->email);
      break;
    case PROP_FIRST_NAME:
      g_value_set_string (value, self->first_name);
      break;
    case PROP_LAST_NAME:
      g_value_set_string (value, self->last_name);
      break;
    case PROP_DISPLAY_NAME:
      g_value_set_string (value, self->display_name);
      break;
    case PROP_API_ONLY:
      g_value_set_boolean (value, self->api_only);
      break;
    case PROP_IS_ADMIN:
      g_value_set_boolean (value, self->is_admin);
      break;
    case PROP_ROLES:
      g_value_set_boxed (value, self->roles);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
msi_marketo_user_class_init (MsiMarketoUserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = msi_marketo_user_finalize;
  object_class->get_property = msi_marketo_user_get_property;

  properties[PROP_USERID] = g_param_spec_string ("userid", NULL, NULL, NULL, flags);
  properties[PROP_EMAIL] = g_param_spec_string ("email", NULL, NULL, NULL, flags);
  properties[PROP_FIRST_NAME] = g_param_spec_string ("first-name", NULL, NULL, NULL, flags);
  properties[PROP_LAST_NAME] = g_param_spec_string ("last-name", NULL, NULL, NULL, flags);
  properties[PROP_DISPLAY_NAME] = g_param_spec_string ("display-name", NULL, NULL, NULL, flags);
  properties[PROP_API_ONLY] = g_param_spec_boolean ("api-only", NULL, NULL, FALSE, flags);
  properties[PROP_IS_ADMIN] = g_param_spec_boolean ("is-admin", NULL, NULL, FALSE, flags);
  properties[PROP_ROLES] = g_param_spec_boxed ("roles", NULL, NULL, G_TYPE_STRV, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
msi_marketo_user_init (MsiMarketoUser *self)
{
}

/* Case-folded and normalized, so that "É" finds "é" and "ß" finds "SS". */
static char *
fold (const char *text)
{
  g_autofree char *normalized = g_utf8_normalize (text, -1, G_NORMALIZE_ALL_COMPOSE);

  return g_utf8_casefold (normalized != NULL ? normalized : "", -1);
}

static char *
strip_or_empty (const char *text)
{
  return g_strstrip (g_strdup (text != NULL ? text : ""));
}

MsiMarketoUser *
msi_marketo_user_new (const char *userid,
                      const char *email,
                      const char *first_name,
                      const char *last_name,
                      gboolean    api_only)
{
  MsiMarketoUser *self;
  g_autofree char *all = NULL;

  g_return_val_if_fail (userid != NULL, NULL);
  g_return_val_if_fail (email != NULL, NULL);

  self = g_object_new (MSI_TYPE_MARKETO_USER, NULL);
  self->userid = g_strdup (userid);
  self->email = strip_or_empty (email);
  self->first_name = strip_or_empty (first_name);
  self->last_name = strip_or_empty (last_name);
  self->api_only = !!api_only;

  if (self->first_name[0] != '\0' && self->last_name[0] != '\0')
    self->display_name = g_strdup_printf ("%s %s", self->first_name, self->last_name);
  else if (self->first_name[0] != '\0' || self->last_name[0] != '\0')
    self->display_name = g_strconcat (self->first_name, self->last_name, NULL);
  else
    self->display_name = g_strdup (self->email);

  all = g_strjoin ("\n", self->first_name, self->last_name, self->display_name, self->email, NULL);
  self->search_text = fold (all);

  return self;
}

/**
 * msi_marketo_user_new_from_json:
 * @object: an entry of allusers.json or user.json
 *
 * Returns: (transfer full) (nullable): the user, or %NULL when @object
 *   lacks a userid or an emailAddress
 */
MsiMarketoUser *
msi_marketo_user_new_from_json (JsonObject *object)
{
  const char *userid;
  const char *email;
  JsonNode *api_only;

  g_return_val_if_fail (object != NULL, NULL);

  userid = msi_json_get_string (object, "userid");
  email = msi_json_get_string (object, "emailAddress");
  if (userid == NULL || userid[0] == '\0' || email == NULL || email[0] == '\0')
    return NULL;

  api_only = json_object_get_member (object, "apiOnly");

  return msi_marketo_user_new (userid, email,
                               msi_json_get_string (object, "firstName"),
                               msi_json_get_string (object, "lastName"),
                               api_only != NULL && JSON_NODE_HOLDS_VALUE (api_only) &&
                               json_node_get_value_type (api_only) == G_TYPE_BOOLEAN &&
                               json_node_get_boolean (api_only));
}

const char *
msi_marketo_user_get_userid (MsiMarketoUser *self)
{
  g_return_val_if_fail (MSI_IS_MARKETO_USER (self), NULL);

  return self->userid;
}

const char *
msi_marketo_user_get_email (MsiMarketoUser *self)
{
  g_return_val_if_fail (MSI_IS_MARKETO_USER (self), NULL);

  return self->email;
}

const char *
msi_marketo_user_get_first_name (MsiMarketoUser *self)
{
  g_return_val_if_fail (MSI_IS_MARKETO_USER (self), NULL);

  return self->first_name;
}

const char *
msi_marketo_user_get_last_name (MsiMarketoUser *self)
{
  g_return_val_if_fail (MSI_IS_MARKETO_USER (self), NULL);

  return self->last_name;
}

const char *
msi_marketo_user_get_display_name (MsiMarketoUser *self)
{
  g_return_val_if_fail (MSI_IS_MARKETO_USER (self), NULL);

  return self->display_name;
}

gboolean
msi_marketo_user_get_api_only (MsiMarketoUser *self)
{
  g_return_val_if_fail (MSI_IS_MARKETO_USER (self), FALSE);

  return self->api_only;
}

gboolean
msi_marketo_user_get_is_admin (MsiMarketoUser *self)
{
  g_return_val_if_fail (MSI_IS_MARKETO_USER (self), FALSE);

  return self->is_admin;
}

/**
 * msi_marketo_user_get_roles:
 *
 * Returns: (transfer none) (nullable): the role names, %NULL until known
 */
const char * const *
msi_marketo_user_get_roles (MsiMarketoUser *self)
{
  g_return_val_if_fail (MSI_IS_MARKETO_USER (self), NULL);

  return (const char * const *)self->roles;
}

/**
 * msi_marketo_user_set_roles:
 * @roles: (nullable): the names of the user's roles
 * @is_admin: whether one of them makes the user an admin; the client
 *   decides (a role named "Admin", case-insensitive)
 */
void
msi_marketo_user_set_roles (MsiMarketoUser     *self,
                            const char * const *roles,
                            gboolean            is_admin)
{
  g_return_if_fail (MSI_IS_MARKETO_USER (self));

  g_strfreev (self->roles);
  self->roles = g_strdupv ((char **)roles);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROLES]);

  if (self->is_admin != !!is_admin)
    {
      self->is_admin = !!is_admin;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IS_ADMIN]);
    }
}

/**
 * msi_marketo_user_matches:
 * @query: (nullable): what the person typed in a search field
 *
 * Returns: whether every word of @query is part of the user's first name,
 *   last name or e-mail address, ignoring case; an empty query matches
 *   everyone
 */
gboolean
msi_marketo_user_matches (MsiMarketoUser *self,
                          const char     *query)
{
  g_autofree char *folded = NULL;
  g_auto(GStrv) words = NULL;

  g_return_val_if_fail (MSI_IS_MARKETO_USER (self), FALSE);

  if (query == NULL)
    return TRUE;

  folded = fold (query);
  words = g_strsplit_set (folded, " \t\n\r", -1);

  for (guint i = 0; words[i] != NULL; i++)
    {
      if (words[i][0] == '\0')
        continue;
      if (strstr (self->search_text, words[i]) == NULL)
        return FALSE;
    }

  return TRUE;
}
