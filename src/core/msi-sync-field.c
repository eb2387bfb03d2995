/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-sync-field.c: a Marketo lead field, the Sales account field it lands in, and whether it is synced */

#define G_LOG_DOMAIN "msi-sync-field"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "msi-error.h"
#include "msi-sync-field.h"

G_DEFINE_ENUM_TYPE (MsiSyncDataType, msi_sync_data_type,
  G_DEFINE_ENUM_VALUE (MSI_SYNC_DATA_TYPE_STRING, "string"),
  G_DEFINE_ENUM_VALUE (MSI_SYNC_DATA_TYPE_TEXT, "text"),
  G_DEFINE_ENUM_VALUE (MSI_SYNC_DATA_TYPE_EMAIL, "email"),
  G_DEFINE_ENUM_VALUE (MSI_SYNC_DATA_TYPE_PHONE, "phone"),
  G_DEFINE_ENUM_VALUE (MSI_SYNC_DATA_TYPE_URL, "url"),
  G_DEFINE_ENUM_VALUE (MSI_SYNC_DATA_TYPE_REFERENCE, "reference"),
  G_DEFINE_ENUM_VALUE (MSI_SYNC_DATA_TYPE_INTEGER, "integer"),
  G_DEFINE_ENUM_VALUE (MSI_SYNC_DATA_TYPE_SCORE, "score"),
  G_DEFINE_ENUM_VALUE (MSI_SYNC_DATA_TYPE_PERCENT, "percent"),
  G_DEFINE_ENUM_VALUE (MSI_SYNC_DATA_TYPE_FLOAT, "float"),
  G_DEFINE_ENUM_VALUE (MSI_SYNC_DATA_TYPE_CURRENCY, "currency"),
  G_DEFINE_ENUM_VALUE (MSI_SYNC_DATA_TYPE_BOOLEAN, "boolean"),
  G_DEFINE_ENUM_VALUE (MSI_SYNC_DATA_TYPE_DATE, "date"),
  G_DEFINE_ENUM_VALUE (MSI_SYNC_DATA_TYPE_DATETIME, "datetime"),
  G_DEFINE_ENUM_VALUE (MSI_SYNC_DATA_TYPE_FORMULA, "formula"))

G_DEFINE_ENUM_TYPE (MsiSyncFieldUnavailable, msi_sync_field_unavailable,
  G_DEFINE_ENUM_VALUE (MSI_SYNC_FIELD_UNAVAILABLE_NONE, "none"),
  G_DEFINE_ENUM_VALUE (MSI_SYNC_FIELD_UNAVAILABLE_FORMULA, "formula"),
  G_DEFINE_ENUM_VALUE (MSI_SYNC_FIELD_UNAVAILABLE_NOT_IN_REST, "not-in-rest"),
  G_DEFINE_ENUM_VALUE (MSI_SYNC_FIELD_UNAVAILABLE_DELETED, "deleted"),
  G_DEFINE_ENUM_VALUE (MSI_SYNC_FIELD_UNAVAILABLE_NO_TARGET, "no-target"))

static const struct
{
  const char *id;
  const char *label;
  int         max_length;
} data_types[MSI_SYNC_N_DATA_TYPES] = {
  [MSI_SYNC_DATA_TYPE_STRING] = { "string", N_("String"), MSI_SYNC_STRING_MAX_LENGTH },
  [MSI_SYNC_DATA_TYPE_TEXT] = { "text", N_("Text area"), MSI_SYNC_TEXT_MAX_LENGTH },
  [MSI_SYNC_DATA_TYPE_EMAIL] = { "email", N_("E-mail"), 255 },
  [MSI_SYNC_DATA_TYPE_PHONE] = { "phone", N_("Phone"), 255 },
  [MSI_SYNC_DATA_TYPE_URL] = { "url", N_("URL"), 255 },
  [MSI_SYNC_DATA_TYPE_REFERENCE] = { "reference", N_("Reference"), 255 },
  /* "-2147483648" */
  [MSI_SYNC_DATA_TYPE_INTEGER] = { "integer", N_("Integer"), 11 },
  [MSI_SYNC_DATA_TYPE_SCORE] = { "score", N_("Score"), 11 },
  [MSI_SYNC_DATA_TYPE_PERCENT] = { "percent", N_("Percent"), 11 },
  /* "-1.7976931348623157e+308" */
  [MSI_SYNC_DATA_TYPE_FLOAT] = { "float", N_("Float"), 24 },
  [MSI_SYNC_DATA_TYPE_CURRENCY] = { "currency", N_("Currency"), 24 },
  [MSI_SYNC_DATA_TYPE_BOOLEAN] = { "boolean", N_("Boolean"), 5 },
  /* "2010-05-07", "2010-05-07T15:41:32-05:00" */
  [MSI_SYNC_DATA_TYPE_DATE] = { "date", N_("Date"), 10 },
  [MSI_SYNC_DATA_TYPE_DATETIME] = { "datetime", N_("Date and time"), 25 },
  [MSI_SYNC_DATA_TYPE_FORMULA] = { "formula", N_("Formula"), 0 },
};

static const struct
{
  const char     *id;
  MsiSyncDataType type;
} data_type_aliases[] = {
  { "textarea", MSI_SYNC_DATA_TYPE_TEXT },
  { "text-area", MSI_SYNC_DATA_TYPE_TEXT },
  { "checkbox", MSI_SYNC_DATA_TYPE_BOOLEAN },
};

static const char * const unavailable_ids[] = {
  [MSI_SYNC_FIELD_UNAVAILABLE_NONE] = NULL,
  [MSI_SYNC_FIELD_UNAVAILABLE_FORMULA] = "formula",
  [MSI_SYNC_FIELD_UNAVAILABLE_NOT_IN_REST] = "not-in-rest",
  [MSI_SYNC_FIELD_UNAVAILABLE_DELETED] = "deleted",
  [MSI_SYNC_FIELD_UNAVAILABLE_NO_TARGET] = "no-target",
};

const char *
msi_sync_data_type_get_id (MsiSyncDataType type)
{
  g_return_val_if_fail (type < MSI_SYNC_N_DATA_TYPES, NULL);

  return data_types[type].id;
}

gboolean
msi_sync_data_type_from_id (const char      *id,
                            MsiSyncDataType *type)
{
  g_autofree char *clean = NULL;

  g_return_val_if_fail (type != NULL, FALSE);

  if (id == NULL)
    return FALSE;

  clean = g_ascii_strdown (id, -1);
  g_strstrip (clean);

  for (guint i = 0; i < MSI_SYNC_N_DATA_TYPES; i++)
    if (strcmp (clean, data_types[i].id) == 0)
      {
        *type = i;
        return TRUE;
      }

  for (guint i = 0; i < G_N_ELEMENTS (data_type_aliases); i++)
    if (strcmp (clean, data_type_aliases[i].id) == 0)
      {
        *type = data_type_aliases[i].type;
        return TRUE;
      }

  return FALSE;
}

const char *
msi_sync_data_type_get_label (MsiSyncDataType type)
{
  g_return_val_if_fail (type < MSI_SYNC_N_DATA_TYPES, NULL);

  return _(data_types[type].label);
}

gboolean
msi_sync_data_type_is_text (MsiSyncDataType type)
{
  switch (type)
    {
    case MSI_SYNC_DATA_TYPE_STRING:
    case MSI_SYNC_DATA_TYPE_TEXT:
    case MSI_SYNC_DATA_TYPE_EMAIL:
    case MSI_SYNC_DATA_TYPE_PHONE:
    case MSI_SYNC_DATA_TYPE_URL:
    case MSI_SYNC_DATA_TYPE_REFERENCE:
      return TRUE;
    case MSI_SYNC_DATA_TYPE_INTEGER:
    case MSI_SYNC_DATA_TYPE_SCORE:
    case MSI_SYNC_DATA_TYPE_PERCENT:
    case MSI_SYNC_DATA_TYPE_FLOAT:
    case MSI_SYNC_DATA_TYPE_CURRENCY:
    case MSI_SYNC_DATA_TYPE_BOOLEAN:
    case MSI_SYNC_DATA_TYPE_DATE:
    case MSI_SYNC_DATA_TYPE_DATETIME:
    case MSI_SYNC_DATA_TYPE_FORMULA:
    case MSI_SYNC_N_DATA_TYPES:
    default:
      return FALSE;
    }
}

int
msi_sync_data_type_get_max_length (MsiSyncDataType type)
{
  g_return_val_if_fail (type < MSI_SYNC_N_DATA_TYPES, 0);

  return data_types[type].max_length;
}

const char *
msi_sync_field_unavailable_get_id (MsiSyncFieldUnavailable reason)
{
  g_return_val_if_fail (reason < G_N_ELEMENTS (unavailable_ids), NULL);

  return unavailable_ids[reason];
}

gboolean
msi_sync_field_unavailable_from_id (const char              *id,
                                    MsiSyncFieldUnavailable *reason)
{
  g_return_val_if_fail (reason != NULL, FALSE);

  if (id == NULL)
    {
      *reason = MSI_SYNC_FIELD_UNAVAILABLE_NONE;
      return TRUE;
    }

  for (guint i = 1; i < G_N_ELEMENTS (unavailable_ids); i++)
    if (strcmp (id, unavailable_ids[i]) == 0)
      {
        *reason = i;
        return TRUE;
      }

  return FALSE;
}

const char * const *
msi_sync_always_synced_names (void)
{
  static const char * const names[] = { "email", "firstName", "lastName", NULL };

  return names;
}

struct _MsiSyncField
{
  GObject                 parent_instance;

  char                   *name;
  char                   *display_name;
  MsiSyncDataType         data_type;
  int                     length;
  gboolean                updateable;
  gboolean                crm_managed;
  gboolean                custom;
  gboolean                selected;
  gboolean                always_synced;
  MsiSyncFieldUnavailable unavailable;

  char                   *target_name;
  char                   *target_display_name;
  MsiSyncDataType         target_type;
  int                     target_length;
};

enum {
  PROP_0,
  PROP_NAME,
  PROP_DISPLAY_NAME,
  PROP_DATA_TYPE,
  PROP_LENGTH,
  PROP_SELECTED,
  PROP_ALWAYS_SYNCED,
  PROP_UNAVAILABLE,
  PROP_TARGET_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (MsiSyncField, msi_sync_field, G_TYPE_OBJECT)

static void
msi_sync_field_finalize (GObject *object)
{
  MsiSyncField *self = (MsiSyncField *)object;

  g_free (self->name);
  g_free (self->display_name);
  g_free (self->target_name);
  g_free (self->target_display_name);

  G_OBJECT_CLASS (msi_sync_field_parent_class)->finalize (object);
}

static void
msi_sync_field_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  MsiSyncField *self = MSI_SYNC_FIELD (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_DISPLAY_NAME:
      g_value_set_string (value, self->display_name);
      break;
    case PROP_DATA_TYPE:
      g_value_set_enum (value, self->data_type);
      break;
    case PROP_LENGTH:
      g_value_set_int (value, self->length);
      break;
    case PROP_SELECTED:
      g_value_set_boolean (value, self->selected);
      break;
    case PROP_ALWAYS_SYNCED:
      g_value_set_boolean (value, self->always_synced);
      break;
    case PROP_UNAVAILABLE:
      g_value_set_enum (value, msi_sync_field_get_unavailable (self));
      break;
    case PROP_TARGET_NAME:
      g_value_set_string (value, self->target_name);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
msi_sync_field_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  MsiSyncField *self = MSI_SYNC_FIELD (object);

  switch (prop_id)
    {
    case PROP_SELECTED:
      msi_sync_field_set_selected (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
msi_sync_field_class_init (MsiSyncFieldClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = msi_sync_field_finalize;
  object_class->get_property = msi_sync_field_get_property;
  object_class->set_property = msi_sync_field_set_property;

  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_DISPLAY_NAME] = g_param_spec_string ("display-name", NULL, NULL, NULL, flags);
  properties[PROP_DATA_TYPE] = g_param_spec_enum ("data-type", NULL, NULL, MSI_TYPE_SYNC_DATA_TYPE,
                                                  MSI_SYNC_DATA_TYPE_STRING, flags);
  properties[PROP_LENGTH] = g_param_spec_int ("length", NULL, NULL, -1, G_MAXINT, -1, flags);
  properties[PROP_SELECTED] = g_param_spec_boolean ("selected", NULL, NULL, FALSE,
                                                    flags | G_PARAM_WRITABLE);
  properties[PROP_ALWAYS_SYNCED] = g_param_spec_boolean ("always-synced", NULL, NULL, FALSE, flags);
  properties[PROP_UNAVAILABLE] = g_param_spec_enum ("unavailable", NULL, NULL,
                                                    MSI_TYPE_SYNC_FIELD_UNAVAILABLE,
                                                    MSI_SYNC_FIELD_UNAVAILABLE_NONE, flags);
  properties[PROP_TARGET_NAME] = g_param_spec_string ("target-name", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
msi_sync_field_init (MsiSyncField *self)
{
  self->length = -1;
  self->target_length = -1;
  self->target_type = MSI_SYNC_DATA_TYPE_STRING;
}

MsiSyncField *
msi_sync_field_new (const char      *name,
                    const char      *display_name,
                    MsiSyncDataType  data_type)
{
  MsiSyncField *self;

  g_return_val_if_fail (name != NULL && name[0] != '\0', NULL);
  g_return_val_if_fail (data_type < MSI_SYNC_N_DATA_TYPES, NULL);

  self = g_object_new (MSI_TYPE_SYNC_FIELD, NULL);
  self->name = g_strdup (name);
  self->display_name = g_strdup (display_name != NULL ? display_name : "");
  self->data_type = data_type;

  return self;
}

MsiSyncField *
msi_sync_field_copy (MsiSyncField *self)
{
  MsiSyncField *copy;

  g_return_val_if_fail (MSI_IS_SYNC_FIELD (self), NULL);

  copy = msi_sync_field_new (self->name, self->display_name, self->data_type);
  copy->length = self->length;
  copy->updateable = self->updateable;
  copy->crm_managed = self->crm_managed;
  copy->custom = self->custom;
  copy->selected = self->selected;
  copy->always_synced = self->always_synced;
  copy->unavailable = self->unavailable;
  copy->target_name = g_strdup (self->target_name);
  copy->target_display_name = g_strdup (self->target_display_name);
  copy->target_type = self->target_type;
  copy->target_length = self->target_length;

  return copy;
}

/* Reading JSON. Every message names the field (or its place in the list
 * while its name is not known yet) and the member. */

typedef struct
{
  guint       index;  /* 1-based entry in a list, 0 alone */
  const char *name;   /* NULL until read */
} Context;

G_GNUC_PRINTF (2, 3)
static void
set_error (GError     **error,
           const char  *format,
           ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error_literal (error, MSI_HTTP_ERROR, MSI_HTTP_ERROR_INVALID_RESPONSE, message);
}

static void
set_missing (GError        **error,
             const Context  *context,
             const char     *member)
{
  if (context->name != NULL)
    set_error (error, _("Marketo field “%s”: the member “%s” is missing."),
               context->name, member);
  else if (context->index > 0)
    set_error (error, _("Entry %u of the Marketo field list has no “%s”."),
               context->index, member);
  else
    set_error (error, _("The Marketo field has no “%s”."), member);
}

typedef enum
{
  WANT_TEXT,
  WANT_BOOLEAN,
  WANT_LENGTH,
  WANT_OBJECT,
} Want;

static void
set_wrong_type (GError        **error,
                const Context  *context,
                const char     *member,
                Want            want)
{
  const char *field = context->name;

  /* Only "name" itself is read before the name is known. */
  if (field == NULL)
    {
      if (context->index > 0)
        set_error (error, _("Entry %u of the Marketo field list has a “%s” that is not text."),
                   context->index, member);
      else
        set_error (error, _("The Marketo field has a “%s” that is not text."), member);
      return;
    }

  switch (want)
    {
    case WANT_TEXT:
      set_error (error, _("Marketo field “%s”: “%s” is not text."), field, member);
      break;
    case WANT_BOOLEAN:
      set_error (error, _("Marketo field “%s”: “%s” is not true or false."), field, member);
      break;
    case WANT_LENGTH:
      set_error (error, _("Marketo field “%s”: “%s” is not a length (a whole number of 1 or more)."),
                 field, member);
      break;
    case WANT_OBJECT:
    default:
      set_error (error, _("Marketo field “%s”: “%s” is not a JSON object."), field, member);
      break;
    }
}

/* The member's node, or NULL when absent or null. */
static JsonNode *
get_member (JsonObject *object,
            const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  return node;
}

static gboolean
read_text (JsonObject     *object,
           const char     *member,
           const char     *message_member,
           gboolean        required,
           const Context  *context,
           const char    **out,
           GError        **error)
{
  JsonNode *node = get_member (object, member);

  *out = NULL;
  if (node == NULL)
    {
      if (required)
        set_missing (error, context, message_member);
      return !required;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      set_wrong_type (error, context, message_member, WANT_TEXT);
      return FALSE;
    }

  *out = json_node_get_string (node);
  return TRUE;
}

static gboolean
read_boolean (JsonObject     *object,
              const char     *member,
              gboolean        required,
              const Context  *context,
              gboolean       *out,
              GError        **error)
{
  JsonNode *node = get_member (object, member);

  *out = FALSE;
  if (node == NULL)
    {
      if (required)
        set_missing (error, context, member);
      return !required;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      set_wrong_type (error, context, member, WANT_BOOLEAN);
      return FALSE;
    }

  *out = json_node_get_boolean (node);
  return TRUE;
}

/* Optional: -1 when absent or null. */
static gboolean
read_length (JsonObject     *object,
             const char     *member,
             const char     *message_member,
             const Context  *context,
             int            *out,
             GError        **error)
{
  JsonNode *node = get_member (object, member);
  gint64 value;

  *out = -1;
  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    {
      set_wrong_type (error, context, message_member, WANT_LENGTH);
      return FALSE;
    }

  value = json_node_get_int (node);
  if (value < 1 || value > G_MAXINT)
    {
      set_wrong_type (error, context, message_member, WANT_LENGTH);
      return FALSE;
    }

  *out = (int)value;
  return TRUE;
}

static gboolean
read_data_type (JsonObject      *object,
                const char      *member,
                const char      *message_member,
                const Context   *context,
                MsiSyncDataType *out,
                GError         **error)
{
  const char *id;

  if (!read_text (object, member, message_member, TRUE, context, &id, error))
    return FALSE;

  if (!msi_sync_data_type_from_id (id, out))
    {
      set_error (error,
                 _("Marketo field “%s”: “%s” is “%s”, which is not a Marketo data type."),
                 context->name, message_member, id);
      return FALSE;
    }

  return TRUE;
}

static MsiSyncField *
field_from_json (JsonNode  *node,
                 guint      index,
                 GError   **error)
{
  g_autoptr(MsiSyncField) self = NULL;
  Context context = { index, NULL };
  JsonObject *object;
  JsonNode *target_node;
  const char *name;
  const char *display_name;
  const char *unavailable = NULL;
  MsiSyncDataType data_type;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      if (index > 0)
        set_error (error, _("Entry %u of the Marketo field list is not a JSON object."), index);
      else
        set_error (error, _("The Marketo field is not a JSON object."));
      return NULL;
    }
  object = json_node_get_object (node);

  if (!read_text (object, "name", "name", TRUE, &context, &name, error))
    return NULL;
  if (name[0] == '\0')
    {
      set_missing (error, &context, "name");
      return NULL;
    }
  context.name = name;

  if (!read_text (object, "displayName", "displayName", TRUE, &context, &display_name, error) ||
      !read_data_type (object, "dataType", "dataType", &context, &data_type, error))
    return NULL;

  self = msi_sync_field_new (name, display_name, data_type);

  if (!read_length (object, "length", "length", &context, &self->length, error) ||
      !read_boolean (object, "updateable", TRUE, &context, &self->updateable, error) ||
      !read_boolean (object, "crmManaged", TRUE, &context, &self->crm_managed, error) ||
      !read_boolean (object, "custom", FALSE, &context, &self->custom, error) ||
      !read_boolean (object, "selected", FALSE, &context, &self->selected, error) ||
      !read_boolean (object, "alwaysSynced", FALSE, &context, &self->always_synced, error) ||
      !read_text (object, "unavailable", "unavailable", FALSE, &context, &unavailable, error))
    return NULL;

  if (!msi_sync_field_unavailable_from_id (unavailable, &self->unavailable))
    {
      set_error (error,
                 _("Marketo field “%s”: “%s” is “%s”, which is not a reason this app knows."),
                 name, "unavailable", unavailable);
      return NULL;
    }

  target_node = get_member (object, "target");
  if (target_node != NULL)
    {
      JsonObject *target;
      const char *target_name;
      const char *target_display_name;

      if (!JSON_NODE_HOLDS_OBJECT (target_node))
        {
          set_wrong_type (error, &context, "target", WANT_OBJECT);
          return NULL;
        }
      target = json_node_get_object (target_node);

      if (!read_text (target, "name", "target.name", TRUE, &context, &target_name, error))
        return NULL;
      if (target_name[0] == '\0')
        {
          set_missing (error, &context, "target.name");
          return NULL;
        }
      if (!read_text (target, "displayName", "target.displayName", FALSE, &context,
                      &target_display_name, error) ||
          !read_data_type (target, "dataType", "target.dataType", &context,
                           &self->target_type, error) ||
          !read_length (target, "length", "target.length", &context, &self->target_length, error))
        return NULL;

      self->target_name = g_strdup (target_name);
      self->target_display_name = g_strdup (target_display_name);
    }

  return g_steal_pointer (&self);
}

MsiSyncField *
msi_sync_field_new_from_json (JsonNode  *node,
                              GError   **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return field_from_json (node, 0, error);
}

GPtrArray *
msi_sync_field_list_from_json (JsonNode  *node,
                               GError   **error)
{
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GHashTable) seen = NULL;
  JsonArray *array;
  guint n;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      set_error (error, _("The Marketo field list is not a JSON array."));
      return NULL;
    }

  array = json_node_get_array (node);
  n = json_array_get_length (array);
  fields = g_ptr_array_new_full (n, g_object_unref);
  seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < n; i++)
    {
      MsiSyncField *field = field_from_json (json_array_get_element (array, i), i + 1, error);
      gpointer first;

      if (field == NULL)
        return NULL;
      g_ptr_array_add (fields, field);

      if (g_hash_table_lookup_extended (seen, field->name, NULL, &first))
        {
          set_error (error,
                     _("The Marketo field list names “%s” twice, in entries %u and %u."),
                     field->name, GPOINTER_TO_UINT (first), i + 1);
          return NULL;
        }
      g_hash_table_insert (seen, field->name, GUINT_TO_POINTER (i + 1));
    }

  return g_steal_pointer (&fields);
}

JsonNode *
msi_sync_field_to_json (MsiSyncField *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  const char *unavailable;

  g_return_val_if_fail (MSI_IS_SYNC_FIELD (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, self->name);
  json_builder_set_member_name (builder, "displayName");
  json_builder_add_string_value (builder, self->display_name);
  json_builder_set_member_name (builder, "dataType");
  json_builder_add_string_value (builder, msi_sync_data_type_get_id (self->data_type));
  if (self->length > 0)
    {
      json_builder_set_member_name (builder, "length");
      json_builder_add_int_value (builder, self->length);
    }
  json_builder_set_member_name (builder, "updateable");
  json_builder_add_boolean_value (builder, self->updateable);
  json_builder_set_member_name (builder, "crmManaged");
  json_builder_add_boolean_value (builder, self->crm_managed);
  json_builder_set_member_name (builder, "custom");
  json_builder_add_boolean_value (builder, self->custom);
  json_builder_set_member_name (builder, "selected");
  json_builder_add_boolean_value (builder, self->selected);
  json_builder_set_member_name (builder, "alwaysSynced");
  json_builder_add_boolean_value (builder, self->always_synced);

  json_builder_set_member_name (builder, "unavailable");
  unavailable = msi_sync_field_unavailable_get_id (msi_sync_field_get_unavailable (self));
  if (unavailable != NULL)
    json_builder_add_string_value (builder, unavailable);
  else
    json_builder_add_null_value (builder);

  json_builder_set_member_name (builder, "target");
  if (self->target_name != NULL)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, self->target_name);
      if (self->target_display_name != NULL)
        {
          json_builder_set_member_name (builder, "displayName");
          json_builder_add_string_value (builder, self->target_display_name);
        }
      json_builder_set_member_name (builder, "dataType");
      json_builder_add_string_value (builder, msi_sync_data_type_get_id (self->target_type));
      if (self->target_length > 0)
        {
          json_builder_set_member_name (builder, "length");
          json_builder_add_int_value (builder, self->target_length);
        }
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);

  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

JsonNode *
msi_sync_field_list_to_json (GPtrArray *fields)
{
  JsonArray *array;
  JsonNode *node;

  g_return_val_if_fail (fields != NULL, NULL);

  array = json_array_sized_new (fields->len);
  for (guint i = 0; i < fields->len; i++)
    json_array_add_element (array, msi_sync_field_to_json (g_ptr_array_index (fields, i)));

  node = json_node_new (JSON_NODE_ARRAY);
  json_node_take_array (node, array);
  return node;
}

const char *
msi_sync_field_get_name (MsiSyncField *self)
{
  g_return_val_if_fail (MSI_IS_SYNC_FIELD (self), NULL);

  return self->name;
}

const char *
msi_sync_field_get_display_name (MsiSyncField *self)
{
  g_return_val_if_fail (MSI_IS_SYNC_FIELD (self), NULL);

  return self->display_name;
}

const char *
msi_sync_field_get_label (MsiSyncField *self)
{
  g_return_val_if_fail (MSI_IS_SYNC_FIELD (self), NULL);

  return self->display_name[0] != '\0' ? self->display_name : self->name;
}

MsiSyncDataType
msi_sync_field_get_data_type (MsiSyncField *self)
{
  g_return_val_if_fail (MSI_IS_SYNC_FIELD (self), MSI_SYNC_DATA_TYPE_STRING);

  return self->data_type;
}

int
msi_sync_field_get_length (MsiSyncField *self)
{
  g_return_val_if_fail (MSI_IS_SYNC_FIELD (self), -1);

  return self->length;
}

int
msi_sync_field_get_effective_length (MsiSyncField *self)
{
  g_return_val_if_fail (MSI_IS_SYNC_FIELD (self), 0);

  if (self->length > 0 && msi_sync_data_type_is_text (self->data_type))
    return self->length;
  return msi_sync_data_type_get_max_length (self->data_type);
}

gboolean
msi_sync_field_get_updateable (MsiSyncField *self)
{
  g_return_val_if_fail (MSI_IS_SYNC_FIELD (self), FALSE);

  return self->updateable;
}

gboolean
msi_sync_field_get_crm_managed (MsiSyncField *self)
{
  g_return_val_if_fail (MSI_IS_SYNC_FIELD (self), FALSE);

  return self->crm_managed;
}

gboolean
msi_sync_field_get_custom (MsiSyncField *self)
{
  g_return_val_if_fail (MSI_IS_SYNC_FIELD (self), FALSE);

  return self->custom;
}

gboolean
msi_sync_field_get_selected (MsiSyncField *self)
{
  g_return_val_if_fail (MSI_IS_SYNC_FIELD (self), FALSE);

  return self->selected;
}

gboolean
msi_sync_field_get_always_synced (MsiSyncField *self)
{
  g_return_val_if_fail (MSI_IS_SYNC_FIELD (self), FALSE);

  return self->always_synced;
}

MsiSyncFieldUnavailable
msi_sync_field_get_unavailable (MsiSyncField *self)
{
  g_return_val_if_fail (MSI_IS_SYNC_FIELD (self), MSI_SYNC_FIELD_UNAVAILABLE_NONE);

  if (self->unavailable != MSI_SYNC_FIELD_UNAVAILABLE_NONE)
    return self->unavailable;
  if (self->data_type == MSI_SYNC_DATA_TYPE_FORMULA)
    return MSI_SYNC_FIELD_UNAVAILABLE_FORMULA;
  if (self->target_name == NULL)
    return MSI_SYNC_FIELD_UNAVAILABLE_NO_TARGET;
  return MSI_SYNC_FIELD_UNAVAILABLE_NONE;
}

char *
msi_sync_field_dup_unavailable_reason (MsiSyncField *self)
{
  const char *label;

  g_return_val_if_fail (MSI_IS_SYNC_FIELD (self), NULL);

  label = msi_sync_field_get_label (self);

  switch (msi_sync_field_get_unavailable (self))
    {
    case MSI_SYNC_FIELD_UNAVAILABLE_NONE:
      return NULL;
    case MSI_SYNC_FIELD_UNAVAILABLE_FORMULA:
      return g_strdup_printf (_("“%s” is a formula field: Marketo computes its values and does not "
                                "give them to other applications, so it cannot be synced."), label);
    case MSI_SYNC_FIELD_UNAVAILABLE_NOT_IN_REST:
      return g_strdup_printf (_("Marketo does not give “%s” to other applications through its "
                                "REST API, so it cannot be synced."), label);
    case MSI_SYNC_FIELD_UNAVAILABLE_DELETED:
      return g_strdup_printf (_("“%s” no longer exists in Marketo, so it cannot be synced."), label);
    case MSI_SYNC_FIELD_UNAVAILABLE_NO_TARGET:
    default:
      return g_strdup_printf (_("The Sales account has no field that can hold “%s”, so it cannot "
                                "be synced."), label);
    }
}

const char *
msi_sync_field_get_target_name (MsiSyncField *self)
{
  g_return_val_if_fail (MSI_IS_SYNC_FIELD (self), NULL);

  return self->target_name;
}

const char *
msi_sync_field_get_target_label (MsiSyncField *self)
{
  g_return_val_if_fail (MSI_IS_SYNC_FIELD (self), NULL);

  if (self->target_display_name != NULL && self->target_display_name[0] != '\0')
    return self->target_display_name;
  return self->target_name;
}

MsiSyncDataType
msi_sync_field_get_target_type (MsiSyncField *self)
{
  g_return_val_if_fail (MSI_IS_SYNC_FIELD (self), MSI_SYNC_DATA_TYPE_STRING);

  return self->target_type;
}

int
msi_sync_field_get_target_length (MsiSyncField *self)
{
  g_return_val_if_fail (MSI_IS_SYNC_FIELD (self), -1);

  return self->target_length;
}

int
msi_sync_field_get_target_effective_length (MsiSyncField *self)
{
  g_return_val_if_fail (MSI_IS_SYNC_FIELD (self), 0);

  if (self->target_length > 0 && msi_sync_data_type_is_text (self->target_type))
    return self->target_length;
  return msi_sync_data_type_get_max_length (self->target_type);
}

/* Case-folded, without accents, so that "e" finds "É". */
static char *
fold (const char *text)
{
  g_autofree char *decomposed = g_utf8_normalize (text != NULL ? text : "", -1, G_NORMALIZE_ALL);
  g_autofree char *folded = NULL;
  GString *out;

  if (decomposed == NULL)
    return g_strdup ("");

  folded = g_utf8_casefold (decomposed, -1);
  out = g_string_sized_new (strlen (folded));
  for (const char *p = folded; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_type (c) != G_UNICODE_NON_SPACING_MARK)
        g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

gboolean
msi_sync_field_matches (MsiSyncField *self,
                        const char   *query)
{
  g_autofree char *needle = NULL;
  g_autofree char *haystack = NULL;
  g_autofree char *all = NULL;

  g_return_val_if_fail (MSI_IS_SYNC_FIELD (self), FALSE);

  needle = g_strstrip (fold (query));
  if (needle[0] == '\0')
    return TRUE;

  all = g_strjoin ("\n", self->name, self->display_name,
                   msi_sync_data_type_get_label (self->data_type),
                   msi_sync_data_type_get_id (self->data_type),
                   self->target_name != NULL ? self->target_name : "",
                   self->target_display_name != NULL ? self->target_display_name : "",
                   NULL);
  haystack = fold (all);

  return strstr (haystack, needle) != NULL;
}

void
msi_sync_field_set_length (MsiSyncField *self,
                           int           length)
{
  g_return_if_fail (MSI_IS_SYNC_FIELD (self));

  length = length > 0 ? length : -1;
  if (self->length == length)
    return;
  self->length = length;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LENGTH]);
}

void
msi_sync_field_set_updateable (MsiSyncField *self,
                               gboolean      updateable)
{
  g_return_if_fail (MSI_IS_SYNC_FIELD (self));

  self->updateable = !!updateable;
}

void
msi_sync_field_set_crm_managed (MsiSyncField *self,
                                gboolean      crm_managed)
{
  g_return_if_fail (MSI_IS_SYNC_FIELD (self));

  self->crm_managed = !!crm_managed;
}

void
msi_sync_field_set_custom (MsiSyncField *self,
                           gboolean      custom)
{
  g_return_if_fail (MSI_IS_SYNC_FIELD (self));

  self->custom = !!custom;
}

void
msi_sync_field_set_selected (MsiSyncField *self,
                             gboolean      selected)
{
  g_return_if_fail (MSI_IS_SYNC_FIELD (self));

  selected = !!selected;
  if (self->selected == selected)
    return;
  self->selected = selected;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

void
msi_sync_field_set_always_synced (MsiSyncField *self,
                                  gboolean      always_synced)
{
  g_return_if_fail (MSI_IS_SYNC_FIELD (self));

  always_synced = !!always_synced;
  if (self->always_synced == always_synced)
    return;
  self->always_synced = always_synced;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ALWAYS_SYNCED]);
}

void
msi_sync_field_set_unavailable (MsiSyncField            *self,
                                MsiSyncFieldUnavailable  reason)
{
  g_return_if_fail (MSI_IS_SYNC_FIELD (self));
  g_return_if_fail (reason < G_N_ELEMENTS (unavailable_ids));

  if (self->unavailable == reason)
    return;
  self->unavailable = reason;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNAVAILABLE]);
}

void
msi_sync_field_set_target (MsiSyncField    *self,
                           const char      *name,
                           const char      *display_name,
                           MsiSyncDataType  type,
                           int              length)
{
  g_return_if_fail (MSI_IS_SYNC_FIELD (self));
  g_return_if_fail (type < MSI_SYNC_N_DATA_TYPES);

  if (name != NULL && name[0] == '\0')
    name = NULL;

  g_free (self->target_name);
  g_free (self->target_display_name);
  self->target_name = g_strdup (name);
  self->target_display_name = name != NULL ? g_strdup (display_name) : NULL;
  self->target_type = type;
  self->target_length = name != NULL && length > 0 ? length : -1;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TARGET_NAME]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNAVAILABLE]);
}
