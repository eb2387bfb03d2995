/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-sync-field.c: Marketo lead fields as the Actions service lists them for the sync page */

#define G_LOG_DOMAIN "test-sync-field"

#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "msi-error.h"
#include "msi-sync-field.h"

static JsonNode *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

static MsiSyncField *
field_from (const char *text)
{
  g_autoptr(JsonNode) node = parse (text);
  g_autoptr(GError) error = NULL;
  MsiSyncField *field = msi_sync_field_new_from_json (node, &error);

  g_assert_no_error (error);
  g_assert_nonnull (field);
  return field;
}

static void
test_data_types (void)
{
  static const struct { MsiSyncDataType type; const char *id; gboolean text; int max; } cases[] = {
    { MSI_SYNC_DATA_TYPE_STRING, "string", TRUE, 255 },
    { MSI_SYNC_DATA_TYPE_TEXT, "text", TRUE, 30000 },
    { MSI_SYNC_DATA_TYPE_EMAIL, "email", TRUE, 255 },
    { MSI_SYNC_DATA_TYPE_PHONE, "phone", TRUE, 255 },
    { MSI_SYNC_DATA_TYPE_URL, "url", TRUE, 255 },
    { MSI_SYNC_DATA_TYPE_REFERENCE, "reference", TRUE, 255 },
    { MSI_SYNC_DATA_TYPE_INTEGER, "integer", FALSE, 11 },
    { MSI_SYNC_DATA_TYPE_SCORE, "score", FALSE, 11 },
    { MSI_SYNC_DATA_TYPE_PERCENT, "percent", FALSE, 11 },
    { MSI_SYNC_DATA_TYPE_FLOAT, "float", FALSE, 24 },
    { MSI_SYNC_DATA_TYPE_CURRENCY, "currency", FALSE, 24 },
    { MSI_SYNC_DATA_TYPE_BOOLEAN, "boolean", FALSE, 5 },
    { MSI_SYNC_DATA_TYPE_DATE, "date", FALSE, 10 },
    { MSI_SYNC_DATA_TYPE_DATETIME, "datetime", FALSE, 25 },
    { MSI_SYNC_DATA_TYPE_FORMULA, "formula", FALSE, 0 },
  };
  g_autoptr(GHashTable) labels = g_hash_table_new (g_str_hash, g_str_equal);
  GEnumClass *klass = g_type_class_ref (MSI_TYPE_SYNC_DATA_TYPE);

  g_assert_cmpuint (G_N_ELEMENTS (cases), ==, MSI_SYNC_N_DATA_TYPES);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      MsiSyncDataType type = MSI_SYNC_N_DATA_TYPES;
      g_autofree char *upper = g_ascii_strup (cases[i].id, -1);
      g_autofree char *padded = g_strdup_printf ("  %s\t", cases[i].id);
      const char *label = msi_sync_data_type_get_label (cases[i].type);

      g_test_message ("%s", cases[i].id);
      g_assert_cmpstr (msi_sync_data_type_get_id (cases[i].type), ==, cases[i].id);
      g_assert_cmpstr (g_enum_get_value (klass, cases[i].type)->value_nick, ==, cases[i].id);
      g_assert_true (msi_sync_data_type_from_id (cases[i].id, &type));
      g_assert_cmpint (type, ==, cases[i].type);
      type = MSI_SYNC_N_DATA_TYPES;
      g_assert_true (msi_sync_data_type_from_id (upper, &type));
      g_assert_cmpint (type, ==, cases[i].type);
      type = MSI_SYNC_N_DATA_TYPES;
      g_assert_true (msi_sync_data_type_from_id (padded, &type));
      g_assert_cmpint (type, ==, cases[i].type);
      g_assert_cmpint (msi_sync_data_type_is_text (cases[i].type), ==, cases[i].text);
      g_assert_cmpint (msi_sync_data_type_get_max_length (cases[i].type), ==, cases[i].max);

      /* Every type has its own label for the page. */
      g_assert_nonnull (label);
      g_assert_cmpuint (strlen (label), >, 0);
      g_assert_true (g_hash_table_add (labels, (gpointer)label));
    }

  g_type_class_unref (klass);
}

static void
test_data_type_aliases (void)
{
  static const struct { const char *id; MsiSyncDataType type; } good[] = {
    { "textarea", MSI_SYNC_DATA_TYPE_TEXT },
    { "TextArea", MSI_SYNC_DATA_TYPE_TEXT },
    { "text-area", MSI_SYNC_DATA_TYPE_TEXT },
    { "checkbox", MSI_SYNC_DATA_TYPE_BOOLEAN },
    { "DateTime", MSI_SYNC_DATA_TYPE_DATETIME },
  };
  static const char * const bad[] = {
    "", " ", "picklist", "int", "double", "number", "date time", "strings", "e-mail", "bool",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      MsiSyncDataType type = MSI_SYNC_N_DATA_TYPES;

      g_assert_true (msi_sync_data_type_from_id (good[i].id, &type));
      g_assert_cmpint (type, ==, good[i].type);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      MsiSyncDataType type = MSI_SYNC_DATA_TYPE_URL;

      g_test_message ("“%s”", bad[i]);
      g_assert_false (msi_sync_data_type_from_id (bad[i], &type));
      g_assert_cmpint (type, ==, MSI_SYNC_DATA_TYPE_URL);
    }
  g_assert_false (msi_sync_data_type_from_id (NULL, &(MsiSyncDataType) { 0 }));
}

static void
test_parse_full (void)
{
  g_autoptr(MsiSyncField) field = field_from (
    "{ \"name\": \"comments\", \"displayName\": \"Comments\", \"dataType\": \"text\","
    "  \"length\": 2000, \"updateable\": true, \"crmManaged\": true, \"custom\": true,"
    "  \"selected\": true, \"alwaysSynced\": false, \"unavailable\": null,"
    "  \"target\": { \"name\": \"notes__c\", \"displayName\": \"Notes\","
    "                \"dataType\": \"string\", \"length\": 255 },"
    "  \"futureMember\": [1, 2, 3] }");

  g_assert_cmpstr (msi_sync_field_get_name (field), ==, "comments");
  g_assert_cmpstr (msi_sync_field_get_display_name (field), ==, "Comments");
  g_assert_cmpstr (msi_sync_field_get_label (field), ==, "Comments");
  g_assert_cmpint (msi_sync_field_get_data_type (field), ==, MSI_SYNC_DATA_TYPE_TEXT);
  g_assert_cmpint (msi_sync_field_get_length (field), ==, 2000);
  g_assert_cmpint (msi_sync_field_get_effective_length (field), ==, 2000);
  g_assert_true (msi_sync_field_get_updateable (field));
  g_assert_true (msi_sync_field_get_crm_managed (field));
  g_assert_true (msi_sync_field_get_custom (field));
  g_assert_true (msi_sync_field_get_selected (field));
  g_assert_false (msi_sync_field_get_always_synced (field));
  g_assert_cmpint (msi_sync_field_get_unavailable (field), ==, MSI_SYNC_FIELD_UNAVAILABLE_NONE);
  g_assert_null (msi_sync_field_dup_unavailable_reason (field));
  g_assert_cmpstr (msi_sync_field_get_target_name (field), ==, "notes__c");
  g_assert_cmpstr (msi_sync_field_get_target_label (field), ==, "Notes");
  g_assert_cmpint (msi_sync_field_get_target_type (field), ==, MSI_SYNC_DATA_TYPE_STRING);
  g_assert_cmpint (msi_sync_field_get_target_length (field), ==, 255);
  g_assert_cmpint (msi_sync_field_get_target_effective_length (field), ==, 255);
}

static void
test_parse_defaults (void)
{
  /* Marketo's own members only: nothing chosen, no target, no lengths. */
  g_autoptr(MsiSyncField) field = field_from (
    "{ \"name\": \"leadNotes\", \"displayName\": \"\", \"dataType\": \"textarea\","
    "  \"length\": null, \"updateable\": false, \"crmManaged\": false }");
  g_autofree char *reason = NULL;

  g_assert_cmpstr (msi_sync_field_get_label (field), ==, "leadNotes");
  g_assert_cmpint (msi_sync_field_get_data_type (field), ==, MSI_SYNC_DATA_TYPE_TEXT);
  g_assert_cmpint (msi_sync_field_get_length (field), ==, -1);
  g_assert_cmpint (msi_sync_field_get_effective_length (field), ==, MSI_SYNC_TEXT_MAX_LENGTH);
  g_assert_false (msi_sync_field_get_updateable (field));
  g_assert_false (msi_sync_field_get_custom (field));
  g_assert_false (msi_sync_field_get_selected (field));
  g_assert_false (msi_sync_field_get_always_synced (field));
  g_assert_null (msi_sync_field_get_target_name (field));
  g_assert_null (msi_sync_field_get_target_label (field));
  g_assert_cmpint (msi_sync_field_get_target_length (field), ==, -1);

  /* Without a Sales account field it cannot be synced, and says so. */
  g_assert_cmpint (msi_sync_field_get_unavailable (field), ==, MSI_SYNC_FIELD_UNAVAILABLE_NO_TARGET);
  reason = msi_sync_field_dup_unavailable_reason (field);
  g_assert_cmpstr (reason, ==, "The Sales account has no field that can hold “leadNotes”, so it "
                               "cannot be synced.");
}

/* Every data type, on both sides, survives the trip to JSON and back. */
static void
test_round_trip (void)
{
  for (guint t = 0; t < MSI_SYNC_N_DATA_TYPES; t++)
    {
      g_autoptr(MsiSyncField) field = msi_sync_field_new ("f", "Field “quoted” é", t);
      g_autoptr(MsiSyncField) back = NULL;
      g_autoptr(JsonNode) node = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;
      g_autofree char *again = NULL;
      MsiSyncDataType target = MSI_SYNC_N_DATA_TYPES - 1 - t;

      msi_sync_field_set_length (field, t + 1);
      msi_sync_field_set_updateable (field, t % 2);
      msi_sync_field_set_crm_managed (field, t % 3 == 0);
      msi_sync_field_set_custom (field, t % 2 == 0);
      msi_sync_field_set_selected (field, t % 4 == 0);
      msi_sync_field_set_always_synced (field, t == 3);
      msi_sync_field_set_unavailable (field, t % 5 == 4 ? MSI_SYNC_FIELD_UNAVAILABLE_DELETED
                                                        : MSI_SYNC_FIELD_UNAVAILABLE_NONE);
      if (t != 7)
        msi_sync_field_set_target (field, "target_f", t % 2 ? "Target" : NULL, target, 100 + t);

      node = msi_sync_field_to_json (field);
      text = json_to_string (node, FALSE);
      g_test_message ("%s", text);
      back = msi_sync_field_new_from_json (node, &error);
      g_assert_no_error (error);

      g_assert_cmpstr (msi_sync_field_get_name (back), ==, "f");
      g_assert_cmpstr (msi_sync_field_get_display_name (back), ==, "Field “quoted” é");
      g_assert_cmpint (msi_sync_field_get_data_type (back), ==, t);
      g_assert_cmpint (msi_sync_field_get_length (back), ==, t + 1);
      g_assert_cmpint (msi_sync_field_get_updateable (back), ==, t % 2);
      g_assert_cmpint (msi_sync_field_get_crm_managed (back), ==, t % 3 == 0);
      g_assert_cmpint (msi_sync_field_get_custom (back), ==, t % 2 == 0);
      g_assert_cmpint (msi_sync_field_get_selected (back), ==, t % 4 == 0);
      g_assert_cmpint (msi_sync_field_get_always_synced (back), ==, t == 3);
      g_assert_cmpint (msi_sync_field_get_unavailable (back), ==, msi_sync_field_get_unavailable (field));
      g_assert_cmpstr (msi_sync_field_get_target_name (back), ==, msi_sync_field_get_target_name (field));
      g_assert_cmpstr (msi_sync_field_get_target_label (back), ==, msi_sync_field_get_target_label (field));
      if (t != 7)
        {
          g_assert_cmpint (msi_sync_field_get_target_type (back), ==, target);
          g_assert_cmpint (msi_sync_field_get_target_length (back), ==, 100 + t);
        }

      /* And serialises the same again. */
      json_node_unref (node);
      node = msi_sync_field_to_json (back);
      again = json_to_string (node, FALSE);
      g_assert_cmpstr (again, ==, text);
    }
}

#define VALID_TAIL "\"updateable\": true, \"crmManaged\": false"

static void
test_parse_malformed (void)
{
  static const struct { const char *json; const char *message; } cases[] = {
    { "[]", "The Marketo field is not a JSON object." },
    { "\"comments\"", "The Marketo field is not a JSON object." },
    { "{ \"displayName\": \"A\", \"dataType\": \"string\", " VALID_TAIL " }",
      "The Marketo field has no “name”." },
    { "{ \"name\": \"\", \"displayName\": \"A\", \"dataType\": \"string\", " VALID_TAIL " }",
      "The Marketo field has no “name”." },
    { "{ \"name\": 12, \"displayName\": \"A\", \"dataType\": \"string\", " VALID_TAIL " }",
      "The Marketo field has a “name” that is not text." },
    { "{ \"name\": \"a\", \"dataType\": \"string\", " VALID_TAIL " }",
      "Marketo field “a”: the member “displayName” is missing." },
    { "{ \"name\": \"a\", \"displayName\": [\"A\"], \"dataType\": \"string\", " VALID_TAIL " }",
      "Marketo field “a”: “displayName” is not text." },
    { "{ \"name\": \"a\", \"displayName\": \"A\", " VALID_TAIL " }",
      "Marketo field “a”: the member “dataType” is missing." },
    { "{ \"name\": \"a\", \"displayName\": \"A\", \"dataType\": \"picklist\", " VALID_TAIL " }",
      "Marketo field “a”: “dataType” is “picklist”, which is not a Marketo data type." },
    { "{ \"name\": \"a\", \"displayName\": \"A\", \"dataType\": 3, " VALID_TAIL " }",
      "Marketo field “a”: “dataType” is not text." },
    { "{ \"name\": \"a\", \"displayName\": \"A\", \"dataType\": \"string\", \"length\": \"255\", " VALID_TAIL " }",
      "Marketo field “a”: “length” is not a length (a whole number of 1 or more)." },
    { "{ \"name\": \"a\", \"displayName\": \"A\", \"dataType\": \"string\", \"length\": 0, " VALID_TAIL " }",
      "Marketo field “a”: “length” is not a length (a whole number of 1 or more)." },
    { "{ \"name\": \"a\", \"displayName\": \"A\", \"dataType\": \"string\", \"length\": -3, " VALID_TAIL " }",
      "Marketo field “a”: “length” is not a length (a whole number of 1 or more)." },
    { "{ \"name\": \"a\", \"displayName\": \"A\", \"dataType\": \"string\", \"length\": 25.5, " VALID_TAIL " }",
      "Marketo field “a”: “length” is not a length (a whole number of 1 or more)." },
    { "{ \"name\": \"a\", \"displayName\": \"A\", \"dataType\": \"string\", \"length\": 9999999999, " VALID_TAIL " }",
      "Marketo field “a”: “length” is not a length (a whole number of 1 or more)." },
    { "{ \"name\": \"a\", \"displayName\": \"A\", \"dataType\": \"string\", \"crmManaged\": false }",
      "Marketo field “a”: the member “updateable” is missing." },
    { "{ \"name\": \"a\", \"displayName\": \"A\", \"dataType\": \"string\", \"updateable\": \"yes\", \"crmManaged\": false }",
      "Marketo field “a”: “updateable” is not true or false." },
    { "{ \"name\": \"a\", \"displayName\": \"A\", \"dataType\": \"string\", \"updateable\": true }",
      "Marketo field “a”: the member “crmManaged” is missing." },
    { "{ \"name\": \"a\", \"displayName\": \"A\", \"dataType\": \"string\", " VALID_TAIL ", \"custom\": 1 }",
      "Marketo field “a”: “custom” is not true or false." },
    { "{ \"name\": \"a\", \"displayName\": \"A\", \"dataType\": \"string\", " VALID_TAIL ", \"selected\": \"true\" }",
      "Marketo field “a”: “selected” is not true or false." },
    { "{ \"name\": \"a\", \"displayName\": \"A\", \"dataType\": \"string\", " VALID_TAIL ", \"alwaysSynced\": {} }",
      "Marketo field “a”: “alwaysSynced” is not true or false." },
    { "{ \"name\": \"a\", \"displayName\": \"A\", \"dataType\": \"string\", " VALID_TAIL ", \"unavailable\": \"gone\" }",
      "Marketo field “a”: “unavailable” is “gone”, which is not a reason this app knows." },
    { "{ \"name\": \"a\", \"displayName\": \"A\", \"dataType\": \"string\", " VALID_TAIL ", \"unavailable\": true }",
      "Marketo field “a”: “unavailable” is not text." },
    { "{ \"name\": \"a\", \"displayName\": \"A\", \"dataType\": \"string\", " VALID_TAIL ", \"target\": \"a__c\" }",
      "Marketo field “a”: “target” is not a JSON object." },
    { "{ \"name\": \"a\", \"displayName\": \"A\", \"dataType\": \"string\", " VALID_TAIL ", \"target\": { \"dataType\": \"string\" } }",
      "Marketo field “a”: the member “target.name” is missing." },
    { "{ \"name\": \"a\", \"displayName\": \"A\", \"dataType\": \"string\", " VALID_TAIL ", \"target\": { \"name\": \"\", \"dataType\": \"string\" } }",
      "Marketo field “a”: the member “target.name” is missing." },
    { "{ \"name\": \"a\", \"displayName\": \"A\", \"dataType\": \"string\", " VALID_TAIL ", \"target\": { \"name\": \"a__c\" } }",
      "Marketo field “a”: the member “target.dataType” is missing." },
    { "{ \"name\": \"a\", \"displayName\": \"A\", \"dataType\": \"string\", " VALID_TAIL ", \"target\": { \"name\": \"a__c\", \"dataType\": \"varchar\" } }",
      "Marketo field “a”: “target.dataType” is “varchar”, which is not a Marketo data type." },
    { "{ \"name\": \"a\", \"displayName\": \"A\", \"dataType\": \"string\", " VALID_TAIL ", \"target\": { \"name\": \"a__c\", \"dataType\": \"string\", \"length\": 0 } }",
      "Marketo field “a”: “target.length” is not a length (a whole number of 1 or more)." },
    { "{ \"name\": \"a\", \"displayName\": \"A\", \"dataType\": \"string\", " VALID_TAIL ", \"target\": { \"name\": \"a__c\", \"displayName\": 5, \"dataType\": \"string\" } }",
      "Marketo field “a”: “target.displayName” is not text." },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) node = parse (cases[i].json);
      g_autoptr(GError) error = NULL;
      g_autoptr(MsiSyncField) field = NULL;

      g_test_message ("case %u: %s", i, cases[i].json);
      field = msi_sync_field_new_from_json (node, &error);
      g_assert_null (field);
      g_assert_error (error, MSI_HTTP_ERROR, MSI_HTTP_ERROR_INVALID_RESPONSE);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
}

static void
test_list (void)
{
  g_autoptr(JsonNode) node = parse (
    "[ { \"name\": \"email\", \"displayName\": \"Email Address\", \"dataType\": \"email\","
    "    \"length\": 255, " VALID_TAIL ", \"alwaysSynced\": true,"
    "    \"target\": { \"name\": \"email\", \"dataType\": \"email\" } },"
    "  { \"name\": \"salutation\", \"displayName\": \"Salutation\", \"dataType\": \"formula\","
    "    " VALID_TAIL " },"
    "  { \"name\": \"oldScore\", \"displayName\": \"Old score\", \"dataType\": \"score\","
    "    " VALID_TAIL ", \"selected\": true, \"unavailable\": \"deleted\" } ]");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) fields = msi_sync_field_list_from_json (node, &error);
  g_autoptr(JsonNode) back_node = NULL;
  g_autoptr(GPtrArray) back = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (fields->len, ==, 3);
  g_assert_cmpstr (msi_sync_field_get_name (g_ptr_array_index (fields, 0)), ==, "email");
  g_assert_true (msi_sync_field_get_always_synced (g_ptr_array_index (fields, 0)));
  g_assert_cmpint (msi_sync_field_get_unavailable (g_ptr_array_index (fields, 1)), ==,
                   MSI_SYNC_FIELD_UNAVAILABLE_FORMULA);
  g_assert_cmpint (msi_sync_field_get_unavailable (g_ptr_array_index (fields, 2)), ==,
                   MSI_SYNC_FIELD_UNAVAILABLE_DELETED);

  back_node = msi_sync_field_list_to_json (fields);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (back_node));
  back = msi_sync_field_list_from_json (back_node, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (back->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      MsiSyncField *a = g_ptr_array_index (fields, i);
      MsiSyncField *b = g_ptr_array_index (back, i);

      g_assert_cmpstr (msi_sync_field_get_name (a), ==, msi_sync_field_get_name (b));
      g_assert_cmpint (msi_sync_field_get_unavailable (a), ==, msi_sync_field_get_unavailable (b));
      g_assert_cmpint (msi_sync_field_get_selected (a), ==, msi_sync_field_get_selected (b));
    }
}

static void
test_list_malformed (void)
{
  static const struct { const char *json; const char *message; } cases[] = {
    { "{ \"fields\": [] }", "The Marketo field list is not a JSON array." },
    { "null", "The Marketo field list is not a JSON array." },
    { "[ { \"name\": \"a\", \"displayName\": \"A\", \"dataType\": \"string\", " VALID_TAIL " }, 7 ]",
      "Entry 2 of the Marketo field list is not a JSON object." },
    { "[ { \"name\": \"a\", \"displayName\": \"A\", \"dataType\": \"string\", " VALID_TAIL " },"
      "  { \"name\": \"b\", \"displayName\": \"B\", \"dataType\": \"string\", " VALID_TAIL " },"
      "  { \"displayName\": \"C\", \"dataType\": \"string\", " VALID_TAIL " } ]",
      "Entry 3 of the Marketo field list has no “name”." },
    { "[ { \"name\": false } ]",
      "Entry 1 of the Marketo field list has a “name” that is not text." },
    { "[ { \"name\": \"a\", \"displayName\": \"A\", \"dataType\": \"string\", " VALID_TAIL " },"
      "  { \"name\": \"b\", \"displayName\": \"B\", \"dataType\": \"number\", " VALID_TAIL " } ]",
      "Marketo field “b”: “dataType” is “number”, which is not a Marketo data type." },
    { "[ { \"name\": \"email\", \"displayName\": \"A\", \"dataType\": \"email\", " VALID_TAIL " },"
      "  { \"name\": \"b\", \"displayName\": \"B\", \"dataType\": \"string\", " VALID_TAIL " },"
      "  { \"name\": \"email\", \"displayName\": \"C\", \"dataType\": \"email\", " VALID_TAIL " } ]",
      "The Marketo field list names “email” twice, in entries 1 and 3." },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) node = parse (cases[i].json);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) fields = NULL;

      g_test_message ("case %u", i);
      fields = msi_sync_field_list_from_json (node, &error);
      g_assert_null (fields);
      g_assert_error (error, MSI_HTTP_ERROR, MSI_HTTP_ERROR_INVALID_RESPONSE);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
}

static void
test_unavailable (void)
{
  static const struct { MsiSyncFieldUnavailable reason; const char *id; const char *sentence; } cases[] = {
    { MSI_SYNC_FIELD_UNAVAILABLE_FORMULA, "formula",
      "“Comments” is a formula field: Marketo computes its values and does not give them to "
      "other applications, so it cannot be synced." },
    { MSI_SYNC_FIELD_UNAVAILABLE_NOT_IN_REST, "not-in-rest",
      "Marketo does not give “Comments” to other applications through its REST API, so it "
      "cannot be synced." },
    { MSI_SYNC_FIELD_UNAVAILABLE_DELETED, "deleted",
      "“Comments” no longer exists in Marketo, so it cannot be synced." },
    { MSI_SYNC_FIELD_UNAVAILABLE_NO_TARGET, "no-target",
      "The Sales account has no field that can hold “Comments”, so it cannot be synced." },
  };
  MsiSyncFieldUnavailable reason = MSI_SYNC_FIELD_UNAVAILABLE_DELETED;

  g_assert_null (msi_sync_field_unavailable_get_id (MSI_SYNC_FIELD_UNAVAILABLE_NONE));
  g_assert_true (msi_sync_field_unavailable_from_id (NULL, &reason));
  g_assert_cmpint (reason, ==, MSI_SYNC_FIELD_UNAVAILABLE_NONE);
  g_assert_false (msi_sync_field_unavailable_from_id ("Deleted", &reason));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(MsiSyncField) field = msi_sync_field_new ("comments", "Comments", MSI_SYNC_DATA_TYPE_TEXT);
      g_autofree char *sentence = NULL;

      g_assert_cmpstr (msi_sync_field_unavailable_get_id (cases[i].reason), ==, cases[i].id);
      g_assert_true (msi_sync_field_unavailable_from_id (cases[i].id, &reason));
      g_assert_cmpint (reason, ==, cases[i].reason);

      msi_sync_field_set_target (field, "comments__c", NULL, MSI_SYNC_DATA_TYPE_TEXT, -1);
      msi_sync_field_set_unavailable (field, cases[i].reason);
      g_assert_cmpint (msi_sync_field_get_unavailable (field), ==, cases[i].reason);
      sentence = msi_sync_field_dup_unavailable_reason (field);
      g_assert_cmpstr (sentence, ==, cases[i].sentence);
    }
}

static void
test_derived_unavailable (void)
{
  g_autoptr(MsiSyncField) formula = msi_sync_field_new ("salutation", "Salutation", MSI_SYNC_DATA_TYPE_FORMULA);
  g_autoptr(MsiSyncField) plain = msi_sync_field_new ("title", "Job Title", MSI_SYNC_DATA_TYPE_STRING);

  /* A formula field cannot be synced even when it has a target. */
  msi_sync_field_set_target (formula, "salutation", NULL, MSI_SYNC_DATA_TYPE_STRING, 80);
  g_assert_cmpint (msi_sync_field_get_unavailable (formula), ==, MSI_SYNC_FIELD_UNAVAILABLE_FORMULA);

  /* Removing a target takes the field out of reach; an explicit reason wins. */
  g_assert_cmpint (msi_sync_field_get_unavailable (plain), ==, MSI_SYNC_FIELD_UNAVAILABLE_NO_TARGET);
  msi_sync_field_set_target (plain, "title", NULL, MSI_SYNC_DATA_TYPE_STRING, 80);
  g_assert_cmpint (msi_sync_field_get_unavailable (plain), ==, MSI_SYNC_FIELD_UNAVAILABLE_NONE);
  msi_sync_field_set_unavailable (plain, MSI_SYNC_FIELD_UNAVAILABLE_NOT_IN_REST);
  g_assert_cmpint (msi_sync_field_get_unavailable (plain), ==, MSI_SYNC_FIELD_UNAVAILABLE_NOT_IN_REST);
  msi_sync_field_set_unavailable (plain, MSI_SYNC_FIELD_UNAVAILABLE_NONE);
  msi_sync_field_set_target (plain, NULL, "ignored", MSI_SYNC_DATA_TYPE_STRING, 80);
  g_assert_null (msi_sync_field_get_target_name (plain));
  g_assert_null (msi_sync_field_get_target_label (plain));
  g_assert_cmpint (msi_sync_field_get_target_length (plain), ==, -1);
  g_assert_cmpint (msi_sync_field_get_unavailable (plain), ==, MSI_SYNC_FIELD_UNAVAILABLE_NO_TARGET);
}

static void
test_lengths (void)
{
  static const struct { MsiSyncDataType type; int length; int effective; } cases[] = {
    { MSI_SYNC_DATA_TYPE_STRING, -1, 255 },
    { MSI_SYNC_DATA_TYPE_STRING, 80, 80 },
    { MSI_SYNC_DATA_TYPE_TEXT, -1, 30000 },
    { MSI_SYNC_DATA_TYPE_TEXT, 2000, 2000 },
    { MSI_SYNC_DATA_TYPE_EMAIL, -1, 255 },
    { MSI_SYNC_DATA_TYPE_URL, 1024, 1024 },
    /* Lengths of non-text fields say nothing about their text. */
    { MSI_SYNC_DATA_TYPE_INTEGER, 4, 11 },
    { MSI_SYNC_DATA_TYPE_DATETIME, -1, 25 },
    { MSI_SYNC_DATA_TYPE_BOOLEAN, 1, 5 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(MsiSyncField) field = msi_sync_field_new ("f", "F", cases[i].type);

      msi_sync_field_set_length (field, cases[i].length);
      g_assert_cmpint (msi_sync_field_get_effective_length (field), ==, cases[i].effective);

      /* The same rule for the Sales account field. */
      msi_sync_field_set_target (field, "t", NULL, cases[i].type, cases[i].length);
      g_assert_cmpint (msi_sync_field_get_target_effective_length (field), ==, cases[i].effective);
    }
}

static void
test_matches (void)
{
  g_autoptr(MsiSyncField) field = msi_sync_field_new ("companyNotes", "Société notes", MSI_SYNC_DATA_TYPE_TEXT);

  msi_sync_field_set_target (field, "account_memo__c", "Account memo", MSI_SYNC_DATA_TYPE_TEXT, -1);

  g_assert_true (msi_sync_field_matches (field, NULL));
  g_assert_true (msi_sync_field_matches (field, ""));
  g_assert_true (msi_sync_field_matches (field, "  "));
  g_assert_true (msi_sync_field_matches (field, "societe"));
  g_assert_true (msi_sync_field_matches (field, "SOCIÉTÉ"));
  g_assert_true (msi_sync_field_matches (field, "companynotes"));
  g_assert_true (msi_sync_field_matches (field, "text area"));
  g_assert_true (msi_sync_field_matches (field, "memo__c"));
  g_assert_true (msi_sync_field_matches (field, "account memo"));
  g_assert_false (msi_sync_field_matches (field, "phone"));
  g_assert_false (msi_sync_field_matches (field, "notes société"));
}

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           guint      *count)
{
  (*count)++;
}

static void
test_selected_notifies (void)
{
  g_autoptr(MsiSyncField) field = msi_sync_field_new ("title", "Job Title", MSI_SYNC_DATA_TYPE_STRING);
  g_autoptr(MsiSyncField) copy = NULL;
  guint count = 0;
  gboolean selected = FALSE;

  g_signal_connect (field, "notify::selected", G_CALLBACK (on_notify), &count);
  msi_sync_field_set_selected (field, TRUE);
  msi_sync_field_set_selected (field, TRUE);
  g_assert_cmpuint (count, ==, 1);
  g_object_set (field, "selected", FALSE, NULL);
  g_assert_cmpuint (count, ==, 2);
  g_object_get (field, "selected", &selected, NULL);
  g_assert_false (selected);

  /* A copy has its own selection. */
  msi_sync_field_set_selected (field, TRUE);
  copy = msi_sync_field_copy (field);
  g_assert_true (msi_sync_field_get_selected (copy));
  msi_sync_field_set_selected (copy, FALSE);
  g_assert_true (msi_sync_field_get_selected (field));
  g_assert_cmpuint (count, ==, 3);
}

static void
test_always_synced_names (void)
{
  const char * const *names = msi_sync_always_synced_names ();

  g_assert_cmpuint (g_strv_length ((GStrv)names), ==, 3);
  g_assert_true (g_strv_contains (names, "email"));
  g_assert_true (g_strv_contains (names, "firstName"));
  g_assert_true (g_strv_contains (names, "lastName"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/sync-field/data-types", test_data_types);
  g_test_add_func ("/sync-field/data-type-aliases", test_data_type_aliases);
  g_test_add_func ("/sync-field/parse-full", test_parse_full);
  g_test_add_func ("/sync-field/parse-defaults", test_parse_defaults);
  g_test_add_func ("/sync-field/round-trip", test_round_trip);
  g_test_add_func ("/sync-field/parse-malformed", test_parse_malformed);
  g_test_add_func ("/sync-field/list", test_list);
  g_test_add_func ("/sync-field/list-malformed", test_list_malformed);
  g_test_add_func ("/sync-field/unavailable", test_unavailable);
  g_test_add_func ("/sync-field/derived-unavailable", test_derived_unavailable);
  g_test_add_func ("/sync-field/lengths", test_lengths);
  g_test_add_func ("/sync-field/matches", test_matches);
  g_test_add_func ("/sync-field/selected-notifies", test_selected_notifies);
  g_test_add_func ("/sync-field/always-synced-names", test_always_synced_names);

  return g_test_run ();
}
