/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-json.c: every reader of a reply's members, against every kind of member */

#define G_LOG_DOMAIN "test-json"

#include "config.h"

#include "msi-json.h"

/* One object with one member of each kind; "bad-utf8" is added by hand
 * because json-glib's parser refuses such a text. */
static const char reply[] =
  "{"
  "  \"null\": null,"
  "  \"string\": \"Zoë\","
  "  \"empty\": \"\","
  "  \"digits\": \"42\","
  "  \"int\": 42,"
  "  \"negative\": -3,"
  "  \"huge\": 9007199254740993,"
  "  \"whole-double\": 2.0,"
  "  \"double\": 2.7,"
  "  \"negative-double\": -0.5,"
  "  \"huge-double\": 1e12,"
  "  \"true\": true,"
  "  \"false\": false,"
  "  \"array\": [1, 2],"
  "  \"object\": {\"inner\": \"x\"}"
  "}";

typedef struct
{
  const char *name;
  const char *string;        /* msi_json_get_string */
  const char *nonempty;      /* msi_json_get_nonempty_string */
  gboolean    has_int;       /* msi_json_get_int */
  gint64      int_value;
  gboolean    has_number;    /* msi_json_get_number_as_int */
  int         number_value;
  gboolean    boolean;       /* msi_json_get_boolean */
  gboolean    is_null;       /* msi_json_is_null */
  gboolean    is_array;      /* msi_json_get_array */
  gboolean    is_object;     /* msi_json_get_object */
} Case;

static const Case cases[] = {
  { "missing",         NULL,    NULL,    FALSE, 0,                 FALSE, 0,  FALSE, TRUE,  FALSE, FALSE },
  { "null",            NULL,    NULL,    FALSE, 0,                 FALSE, 0,  FALSE, TRUE,  FALSE, FALSE },
  { "string",          "Zoë",   "Zoë",   FALSE, 0,                 FALSE, 0,  FALSE, FALSE, FALSE, FALSE },
  { "empty",           "",      NULL,    FALSE, 0,                 FALSE, 0,  FALSE, FALSE, FALSE, FALSE },
  { "digits",          "42",    "42",    FALSE, 0,                 FALSE, 0,  FALSE, FALSE, FALSE, FALSE },
  { "bad-utf8",        NULL,    NULL,    FALSE, 0,                 FALSE, 0,  FALSE, FALSE, FALSE, FALSE },
  { "int",             NULL,    NULL,    TRUE,  42,                TRUE,  42, FALSE, FALSE, FALSE, FALSE },
  { "negative",        NULL,    NULL,    TRUE,  -3,                FALSE, 0,  FALSE, FALSE, FALSE, FALSE },
  { "huge",            NULL,    NULL,    TRUE,  9007199254740993,  FALSE, 0,  FALSE, FALSE, FALSE, FALSE },
  { "whole-double",    NULL,    NULL,    FALSE, 0,                 TRUE,  2,  FALSE, FALSE, FALSE, FALSE },
  { "double",          NULL,    NULL,    FALSE, 0,                 TRUE,  2,  FALSE, FALSE, FALSE, FALSE },
  { "negative-double", NULL,    NULL,    FALSE, 0,                 FALSE, 0,  FALSE, FALSE, FALSE, FALSE },
  { "huge-double",     NULL,    NULL,    FALSE, 0,                 FALSE, 0,  FALSE, FALSE, FALSE, FALSE },
  { "true",            NULL,    NULL,    FALSE, 0,                 FALSE, 0,  TRUE,  FALSE, FALSE, FALSE },
  { "false",           NULL,    NULL,    FALSE, 0,                 FALSE, 0,  FALSE, FALSE, FALSE, FALSE },
  { "array",           NULL,    NULL,    FALSE, 0,                 FALSE, 0,  FALSE, FALSE, TRUE,  FALSE },
  { "object",          NULL,    NULL,    FALSE, 0,                 FALSE, 0,  FALSE, FALSE, FALSE, TRUE },
};

static JsonNode *
parse_reply (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  json_parser_load_from_data (parser, reply, -1, &error);
  g_assert_no_error (error);

  root = json_node_copy (json_parser_get_root (parser));
  json_object_set_string_member (json_node_get_object (root), "bad-utf8", "caf\xc3");

  return root;
}

static void
test_members (void)
{
  g_autoptr(JsonNode) root = parse_reply ();
  JsonObject *object = msi_json_node_get_object (root);

  g_assert_nonnull (object);

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const Case *c = &cases[i];
      gint64 int_value = -1;
      int number_value = -1;

      g_test_message ("member “%s”", c->name);

      g_assert_cmpstr (msi_json_get_string (object, c->name), ==, c->string);
      g_assert_cmpstr (msi_json_get_nonempty_string (object, c->name), ==, c->nonempty);

      g_assert_cmpint (msi_json_get_int (object, c->name, &int_value), ==, c->has_int);
      /* Untouched when there is no integer. */
      g_assert_cmpint (int_value, ==, c->has_int ? c->int_value : -1);

      g_assert_cmpint (msi_json_get_number_as_int (object, c->name, &number_value), ==, c->has_number);
      g_assert_cmpint (number_value, ==, c->has_number ? c->number_value : -1);

      g_assert_cmpint (msi_json_get_boolean (object, c->name), ==, c->boolean);
      g_assert_cmpint (msi_json_is_null (object, c->name), ==, c->is_null);
      g_assert_cmpint (msi_json_get_array (object, c->name) != NULL, ==, c->is_array);
      g_assert_cmpint (msi_json_get_object (object, c->name) != NULL, ==, c->is_object);
    }
}

static void
test_nested (void)
{
  g_autoptr(JsonNode) root = parse_reply ();
  JsonObject *object = json_node_get_object (root);
  JsonArray *array = msi_json_get_array (object, "array");

  g_assert_cmpstr (msi_json_get_string (msi_json_get_object (object, "object"), "inner"), ==, "x");
  g_assert_cmpuint (json_array_get_length (array), ==, 2);

  /* Not an object: each reader chains on to nothing. */
  g_assert_null (msi_json_get_object (object, "string"));
  g_assert_null (msi_json_get_string (msi_json_get_object (object, "string"), "inner"));
  g_assert_null (msi_json_node_get_object (json_array_get_element (array, 0)));
  g_assert_null (msi_json_node_get_object (NULL));
}

static void
test_no_object (void)
{
  gint64 int_value = 7;
  int number_value = 7;

  g_assert_null (msi_json_get_string (NULL, "string"));
  g_assert_null (msi_json_get_nonempty_string (NULL, "string"));
  g_assert_false (msi_json_get_int (NULL, "int", &int_value));
  g_assert_cmpint (int_value, ==, 7);
  g_assert_false (msi_json_get_number_as_int (NULL, "int", &number_value));
  g_assert_cmpint (number_value, ==, 7);
  g_assert_false (msi_json_get_boolean (NULL, "true"));
  g_assert_true (msi_json_is_null (NULL, "string"));
  g_assert_null (msi_json_get_array (NULL, "array"));
  g_assert_null (msi_json_get_object (NULL, "object"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/json/members", test_members);
  g_test_add_func ("/json/nested", test_nested);
  g_test_add_func ("/json/no-object", test_no_object);

  return g_test_run ();
}
