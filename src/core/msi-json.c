/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-json.c: reads the members of the services' JSON replies */

#define G_LOG_DOMAIN "msi-json"

#include "config.h"

#include "msi-json.h"

static JsonNode *
get_value (JsonObject *object,
           const char *name,
           GType       type)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type)
    return node;

  return NULL;
}

JsonObject *
msi_json_node_get_object (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

const char *
msi_json_get_string (JsonObject *object,
                     const char *name)
{
  JsonNode *node = get_value (object, name, G_TYPE_STRING);

  if (node != NULL && g_utf8_validate (json_node_get_string (node), -1, NULL))
    return json_node_get_string (node);

  return NULL;
}

const char *
msi_json_get_nonempty_string (JsonObject *object,
                              const char *name)
{
  const char *s = msi_json_get_string (object, name);

  return s != NULL && *s != '\0' ? s : NULL;
}

gboolean
msi_json_get_int (JsonObject *object,
                  const char *name,
                  gint64     *value)
{
  JsonNode *node = get_value (object, name, G_TYPE_INT64);

  if (node == NULL)
    return FALSE;

  *value = json_node_get_int (node);

  return TRUE;
}

gboolean
msi_json_get_number_as_int (JsonObject *object,
                            const char *name,
                            int        *value)
{
  JsonNode *node;

  if ((node = get_value (object, name, G_TYPE_INT64)) != NULL &&
      json_node_get_int (node) >= 0 && json_node_get_int (node) <= G_MAXINT)
    {
      *value = (int)json_node_get_int (node);
      return TRUE;
    }

  if ((node = get_value (object, name, G_TYPE_DOUBLE)) != NULL &&
      json_node_get_double (node) >= 0 && json_node_get_double (node) <= G_MAXINT)
    {
      *value = (int)json_node_get_double (node);
      return TRUE;
    }

  return FALSE;
}

gboolean
msi_json_get_boolean (JsonObject *object,
                      const char *name)
{
  JsonNode *node = get_value (object, name, G_TYPE_BOOLEAN);

  return node != NULL && json_node_get_boolean (node);
}

gboolean
msi_json_is_null (JsonObject *object,
                  const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node == NULL || JSON_NODE_HOLDS_NULL (node);
}

JsonArray *
msi_json_get_array (JsonObject *object,
                    const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

JsonObject *
msi_json_get_object (JsonObject *object,
                     const char *name)
{
  return msi_json_node_get_object (object != NULL ? json_object_get_member (object, name) : NULL);
}
