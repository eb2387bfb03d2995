/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-marketo-credentials.c: reading the Marketo credentials an admin pastes, and checking them */

#define G_LOG_DOMAIN "test-marketo-credentials"

#include "config.h"

#include <string.h>

#include "msi-marketo-credentials.h"

#define M  "284-RPR-133"
#define C  "3f1c9a52-7be0-4d2a-9c41-5e8b2d7f6a10"
#define CU "3F1C9A52-7BE0-4D2A-9C41-5E8B2D7F6A10"
#define S  "Qm7tK2vX9pL4sR8wN1cZ6yB3hF5jD0aE"
#define S2 "Zz9tK2vX9pL4sR8wN1cZ6yB3hF5jD0aE"

#define OK (-1)
#define E(code) MSI_MARKETO_CREDENTIALS_ERROR_##code

typedef struct
{
  const char *name;
  const char *text;
  int         parse_error;     /* OK when it parses */
  const char *munchkin_id;     /* what it parses to; NULL: absent */
  const char *client_id;
  const char *client_secret;
  const char *failed_field;    /* validation: NULL when valid */
  int         validate_error;
  const char *message_part;    /* in the error message, when set */
} PasteCase;

static const PasteCase cases[] = {
  /* What Marketo's pages give, in English and Dutch */
  { "actions-config-en", "Munchkin ID: " M "\nClient ID: " C "\nClient Secret: " S "\n",
    OK, M, C, S, NULL, 0, NULL },
  { "actions-config-nl", "Munchkin-ID: 284-rpr-133\nClient-ID: " CU "\nClientgeheim: " S,
    OK, M, C, S, NULL, 0, NULL },
  { "dutch-variants", "Munchkin account-ID = " M "\nClient Id = " C "\nGeheim = " S,
    OK, M, C, S, NULL, 0, NULL },
  { "dutch-client-geheim", "Munchkin-ID\t" M "\nClient-ID\t" C "\nClient-geheim\t" S "\nOpslaan\n",
    OK, M, C, S, NULL, 0, NULL },
  { "tabs", "Munchkin ID\t" M "\nClient ID\t" C "\nClient Secret\t" S,
    OK, M, C, S, NULL, 0, NULL },
  { "crlf", "Munchkin ID: " M "\r\nClient ID: " C "\r\nClient Secret: " S "\r\n",
    OK, M, C, S, NULL, 0, NULL },
  { "cr-only", "Munchkin ID: " M "\rClient ID: " C "\rClient Secret: " S,
    OK, M, C, S, NULL, 0, NULL },
  { "label-on-next-line", "Munchkin ID\n" M "\n\nClient ID\n\n" C "\nClient Secret\n   " S "\n",
    OK, M, C, S, NULL, 0, NULL },
  { "quotes", "Munchkin ID: \"" M "\"\nClient ID: '" C "'\nClient Secret: “" S "”",
    OK, M, C, S, NULL, 0, NULL },
  { "json", "{\n  \"munchkin_id\": \"" M "\",\n  \"client_id\": \"" C "\",\n  \"client_secret\": \"" S "\"\n}",
    OK, M, C, S, NULL, 0, NULL },
  { "env-file", "MUNCHKIN_ID=\"" M "\";\nCLIENT_ID=\"" C "\";\nCLIENT_SECRET=\"" S "\";",
    OK, M, C, S, NULL, 0, NULL },
  { "any-order-any-case", "CLIENT SECRET: " S "\nclient id: " CU "\nmunchkin id: 284-rpr-133",
    OK, M, C, S, NULL, 0, NULL },
  { "extra-whitespace", "   Munchkin   ID   :    " M "   \n\t Client  ID :  " C " \n Client Secret  :  " S "  \n\n\n",
    OK, M, C, S, NULL, 0, NULL },
  { "non-breaking-spaces", "Munchkin\u00a0ID:\u00a0" M "\u00a0\nClient\u00a0ID:\u200b" C "\nClient Secret: " S,
    OK, M, C, S, NULL, 0, NULL },
  { "label-space-value", "Munchkin Account ID 284-RPR-133\nClient ID   " C "\nClient Secret   " S,
    OK, M, C, S, NULL, 0, NULL },
  { "unknown-lines", "Actions Config\nMarketo Sales Insight\nStatus: Active\n\nMunchkin ID: " M
    "\nLast sync: yesterday\nClient ID: " C "\nNotes = none\nClient Secret: " S "\nSave  Cancel",
    OK, M, C, S, NULL, 0, NULL },
  { "same-value-twice", "Client ID: " C "\nMunchkin ID: " M "\nclient id: " CU "\nClient Secret: " S
    "\nMunchkin ID: 284-rpr-133",
    OK, M, C, S, NULL, 0, NULL },

  /* The Munchkin ID from the REST endpoint or Identity URL (Admin → Web Services) */
  { "endpoint-derived", "Client ID: " C "\nClient Secret: " S "\nEndpoint: https://284-rpr-133.mktorest.com/rest",
    OK, M, C, S, NULL, 0, NULL },
  { "web-services-en", "REST API\nEndpoint: https://284-RPR-133.mktorest.com/rest\n"
    "Identity: https://284-RPR-133.mktorest.com/identity\nClient ID: " C "\nClient Secret: " S,
    OK, M, C, S, NULL, 0, NULL },
  { "rest-api-endpoint-label", "REST API Endpoint\thttps://284-RPR-133.mktorest.com/rest\nClient ID\t" C
    "\nClient Secret\t" S,
    OK, M, C, S, NULL, 0, NULL },
  { "web-services-nl", "Eindpunt https://284-RPR-133.mktorest.com/rest\nClient-ID " C "\nClient-geheim " S,
    OK, M, C, S, NULL, 0, NULL },
  { "identity-only", "Identity\nhttps://284-RPR-133.mktorest.com/identity\nClient Id: " C "\nClient Secret: " S,
    OK, M, C, S, NULL, 0, NULL },
  { "custom-domain-endpoint", "Endpoint: https://api.northwind.example/rest\nMunchkin ID: " M
    "\nClient ID: " C "\nClient Secret: " S,
    OK, M, C, S, NULL, 0, NULL },

  /* LaunchPoint → View Details: everything but the Munchkin ID */
  { "launchpoint-details", "Details\nService: MSI Actions\nDescription: Sales Insight Actions\n"
    "Client Id: " C "\nClient Secret: " S "\nAPI Only User: msi-api@northwind.example\nClose",
    OK, NULL, C, S, MSI_MARKETO_FIELD_MUNCHKIN_ID, E (MISSING), "Munchkin ID is missing" },

  /* Missing fields */
  { "missing-secret", "Munchkin ID: " M "\nClient ID: " C,
    OK, M, C, NULL, MSI_MARKETO_FIELD_CLIENT_SECRET, E (MISSING), "Client Secret is missing" },
  { "label-without-value", "Munchkin ID: " M "\nClient ID: " C "\nClient Secret:",
    OK, M, C, NULL, MSI_MARKETO_FIELD_CLIENT_SECRET, E (MISSING), "Client Secret is missing" },
  { "label-followed-by-label", "Munchkin ID\nClient ID: " C "\nClient Secret: " S,
    OK, NULL, C, S, MSI_MARKETO_FIELD_MUNCHKIN_ID, E (MISSING), "Munchkin ID is missing" },
  { "missing-client-id", "Munchkin ID: " M "\nClient Secret: " S,
    OK, M, NULL, S, MSI_MARKETO_FIELD_CLIENT_ID, E (MISSING), "Client ID is missing" },

  /* Conflicts */
  { "conflict-munchkin", "Munchkin ID: " M "\nClient ID: " C "\nClient Secret: " S "\nMunchkin ID: 111-AAA-222",
    E (CONFLICT), NULL, NULL, NULL, NULL, 0, "Munchkin ID" },
  { "conflict-client-id", "Client ID: " C "\nClient ID: 00000000-7be0-4d2a-9c41-5e8b2d7f6a10",
    E (CONFLICT), NULL, NULL, NULL, NULL, 0, "Client ID" },
  { "conflict-secret", "Client Secret: " S "\nClient Secret: " S2,
    E (CONFLICT), NULL, NULL, NULL, NULL, 0, "Client Secret" },
  { "conflict-endpoint", "Munchkin ID: " M "\nClient ID: " C "\nClient Secret: " S
    "\nEndpoint: https://999-ZZZ-111.mktorest.com/rest",
    E (CONFLICT), NULL, NULL, NULL, NULL, 0, "999-ZZZ-111" },

  /* Bad formats */
  { "bad-munchkin", "Munchkin ID: 284-RPR-13\nClient ID: " C "\nClient Secret: " S,
    OK, "284-RPR-13", C, S, MSI_MARKETO_FIELD_MUNCHKIN_ID, E (INVALID_MUNCHKIN_ID), "284-RPR-13" },
  { "bad-client-id", "Munchkin ID: " M "\nClient ID: 3f1c9a52-7be0-4d2a-9c41-5e8b2d7f6a1z\nClient Secret: " S,
    OK, M, "3f1c9a52-7be0-4d2a-9c41-5e8b2d7f6a1z", S, MSI_MARKETO_FIELD_CLIENT_ID, E (INVALID_CLIENT_ID), "36 characters" },
  { "short-secret", "Munchkin ID: " M "\nClient ID: " C "\nClient Secret: Qm7tK2vX9pL4",
    OK, M, C, "Qm7tK2vX9pL4", MSI_MARKETO_FIELD_CLIENT_SECRET, E (INVALID_CLIENT_SECRET), "has 12 characters" },
  { "secret-punctuation", "Munchkin ID: " M "\nClient ID: " C "\nClient Secret: Qm7tK2vX9pL4sR8w-1cZ6yB3hF5jD0aE",
    OK, M, C, "Qm7tK2vX9pL4sR8w-1cZ6yB3hF5jD0aE", MSI_MARKETO_FIELD_CLIENT_SECRET, E (INVALID_CLIENT_SECRET),
    "only hold letters and digits" },

  /* Nothing usable */
  { "empty", "", E (EMPTY), NULL, NULL, NULL, NULL, 0, "Nothing was pasted" },
  { "blank", " \n\t\r\n \u00a0 ", E (EMPTY), NULL, NULL, NULL, NULL, 0, "Nothing was pasted" },
  { "no-labels", "hello world\nthis is not it\n" M "\n" S, E (NOT_RECOGNIZED), NULL, NULL, NULL, NULL, 0,
    "Munchkin ID: 284-RPR-133" },
  { "bare-url", "https://284-RPR-133.mktorest.com/rest", E (NOT_RECOGNIZED), NULL, NULL, NULL, NULL, 0, NULL },
};

static void
test_paste (gconstpointer data)
{
  const PasteCase *c = data;
  g_autoptr(MsiMarketoCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;
  const char *failed = "unset";
  gboolean valid;

  credentials = msi_marketo_credentials_parse (c->text, &error);

  if (c->parse_error != OK)
    {
      g_assert_null (credentials);
      g_assert_error (error, MSI_MARKETO_CREDENTIALS_ERROR, c->parse_error);
      if (c->message_part != NULL)
        g_assert_nonnull (strstr (error->message, c->message_part));
      /* No secret is ever quoted back. */
      g_assert_null (strstr (error->message, S));
      g_assert_null (strstr (error->message, S2));
      return;
    }

  g_assert_no_error (error);
  g_assert_nonnull (credentials);
  g_assert_cmpstr (credentials->munchkin_id, ==, c->munchkin_id);
  g_assert_cmpstr (credentials->client_id, ==, c->client_id);
  g_assert_cmpstr (credentials->client_secret, ==, c->client_secret);

  valid = msi_marketo_credentials_validate (credentials, &failed, &error);
  if (c->failed_field == NULL)
    {
      g_assert_no_error (error);
      g_assert_true (valid);
      g_assert_null (failed);
      return;
    }

  g_assert_false (valid);
  g_assert_cmpstr (failed, ==, c->failed_field);
  g_assert_error (error, MSI_MARKETO_CREDENTIALS_ERROR, c->validate_error);
  if (c->message_part != NULL)
    g_assert_nonnull (strstr (error->message, c->message_part));
  if (c->client_secret != NULL)
    g_assert_null (strstr (error->message, c->client_secret));
}

static void
test_check_munchkin_id (void)
{
  static const char * const good[] = { "284-RPR-133", "284-rpr-133", "000-aBc-999" };
  static const char * const bad[] = { "284RPR133", "2844-RPR-133", "284-RP1-133", "284-RPR-133 ",
                                      "ABC-RPR-133", "284-RPR-1333", "284_RPR_133", "２８４-RPR-133" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (msi_marketo_check_munchkin_id (good[i], &error));
      g_assert_no_error (error);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (msi_marketo_check_munchkin_id (bad[i], &error));
      g_assert_error (error, MSI_MARKETO_CREDENTIALS_ERROR, MSI_MARKETO_CREDENTIALS_ERROR_INVALID_MUNCHKIN_ID);
      /* Says what a good one looks like. */
      g_assert_nonnull (strstr (error->message, "284-RPR-133"));
    }

  {
    g_autoptr(GError) error = NULL;

    g_assert_false (msi_marketo_check_munchkin_id (NULL, &error));
    g_assert_error (error, MSI_MARKETO_CREDENTIALS_ERROR, MSI_MARKETO_CREDENTIALS_ERROR_MISSING);
  }

  {
    g_autoptr(GError) error = NULL;

    g_assert_false (msi_marketo_check_munchkin_id ("", &error));
    g_assert_error (error, MSI_MARKETO_CREDENTIALS_ERROR, MSI_MARKETO_CREDENTIALS_ERROR_MISSING);
  }

  /* A long value is shortened in the message. */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *long_value = g_strnfill (500, 'x');

    g_assert_false (msi_marketo_check_munchkin_id (long_value, &error));
    g_assert_cmpuint (strlen (error->message), <, 300);
  }
}

static void
test_check_client_id (void)
{
  static const char * const good[] = { C, CU, "00000000-0000-0000-0000-000000000000" };
  static const char * const bad[] = { "3f1c9a527be04d2a9c415e8b2d7f6a10", "3f1c9a52-7be0-4d2a-9c41-5e8b2d7f6a1",
                                      "3f1c9a52-7be0-4d2a-9c41-5e8b2d7f6a100", "{3f1c9a52-7be0-4d2a-9c41-5e8b2d7f6a10}",
                                      "3f1c9a52-7be0-4d2a-9c41_5e8b2d7f6a10", "gf1c9a52-7be0-4d2a-9c41-5e8b2d7f6a10",
                                      "3f1c9a52-7be0-4d2a-9c41-5e8b2d7f6a1\xc3\xa9" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (msi_marketo_check_client_id (good[i], &error));
      g_assert_no_error (error);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (msi_marketo_check_client_id (bad[i], &error));
      g_assert_error (error, MSI_MARKETO_CREDENTIALS_ERROR, MSI_MARKETO_CREDENTIALS_ERROR_INVALID_CLIENT_ID);
      g_assert_nonnull (strstr (error->message, "8, 4, 4, 4 and 12"));
    }
}

static void
test_check_client_secret (void)
{
  struct { const char *secret; const char *part; } bad[] = {
    { "Qm7tK2vX9pL4sR8wN1cZ6yB3hF5jD0a", "has 31 characters" },
    { "Qm7tK2vX9pL4sR8wN1cZ6yB3hF5jD0aEx", "has 33 characters" },
    { "Q", "has 1 character," },
    { "Qm7tK2vX9pL4sR8wN1cZ6yB3hF5jD0a E", "letters and digits" },
    { "Qm7tK2vX9pL4sR8wN1cZ6yB3hF5jD0a\xc3\xa9", "letters and digits" },
  };

  {
    g_autoptr(GError) error = NULL;

    g_assert_true (msi_marketo_check_client_secret (S, &error));
    g_assert_no_error (error);
  }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (msi_marketo_check_client_secret (bad[i].secret, &error));
      g_assert_error (error, MSI_MARKETO_CREDENTIALS_ERROR, MSI_MARKETO_CREDENTIALS_ERROR_INVALID_CLIENT_SECRET);
      g_assert_nonnull (strstr (error->message, bad[i].part));
      /* Never the secret itself, nor a good part of it. */
      g_assert_null (strstr (error->message, "Qm7tK2vX"));
    }

  {
    g_autoptr(GError) error = NULL;

    g_assert_false (msi_marketo_check_client_secret (NULL, &error));
    g_assert_error (error, MSI_MARKETO_CREDENTIALS_ERROR, MSI_MARKETO_CREDENTIALS_ERROR_MISSING);
  }
}

static void
test_validate_order (void)
{
  g_autoptr(MsiMarketoCredentials) all_bad = msi_marketo_credentials_new ("x", "y", "z");
  g_autoptr(MsiMarketoCredentials) good = msi_marketo_credentials_new (M, C, S);
  g_autoptr(MsiMarketoCredentials) copy = NULL;
  g_autoptr(GError) error = NULL;
  const char *failed = NULL;

  /* The first field that is wrong, top to bottom as the form shows them. */
  g_assert_false (msi_marketo_credentials_validate (all_bad, &failed, &error));
  g_assert_cmpstr (failed, ==, MSI_MARKETO_FIELD_MUNCHKIN_ID);
  g_clear_error (&error);

  g_assert_true (msi_marketo_credentials_validate (good, &failed, &error));
  g_assert_no_error (error);
  g_assert_null (failed);

  copy = msi_marketo_credentials_copy (good);
  g_assert_cmpstr (copy->munchkin_id, ==, M);
  g_assert_cmpstr (copy->client_id, ==, C);
  g_assert_cmpstr (copy->client_secret, ==, S);
  g_assert_true (copy->client_secret != good->client_secret);
}

static void
test_rest_url (void)
{
  g_autoptr(MsiMarketoCredentials) credentials = msi_marketo_credentials_new (M, C, S);
  g_autoptr(MsiMarketoCredentials) bad = msi_marketo_credentials_new ("nope", C, S);
  struct { const char *profile; const char *expected; } good[] = {
    { NULL, "https://284-RPR-133.mktorest.com" },
    { "", "https://284-RPR-133.mktorest.com" },
    { "http://127.0.0.1:4567/marketo", "http://127.0.0.1:4567/marketo" },
    { "http://127.0.0.1:4567/marketo/", "http://127.0.0.1:4567/marketo" },
    { "https://284-rpr-133.mktorest.com/rest", "https://284-rpr-133.mktorest.com" },
    { "https://284-RPR-133.mktorest.com/identity/", "https://284-RPR-133.mktorest.com" },
    { " https://marketo.northwind.example ", "https://marketo.northwind.example" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *url = msi_marketo_credentials_dup_rest_url (credentials, good[i].profile, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (url, ==, good[i].expected);
    }

  {
    g_autoptr(GError) error = NULL;
    g_autofree char *url = msi_marketo_credentials_dup_rest_url (credentials, "https://111-AAA-222.mktorest.com", &error);

    g_assert_null (url);
    g_assert_error (error, MSI_MARKETO_CREDENTIALS_ERROR, MSI_MARKETO_CREDENTIALS_ERROR_WRONG_INSTANCE);
    g_assert_nonnull (strstr (error->message, "284-RPR-133"));
    g_assert_nonnull (strstr (error->message, "111-AAA-222"));
  }

  {
    g_autoptr(GError) error = NULL;
    g_autofree char *url = msi_marketo_credentials_dup_rest_url (bad, NULL, &error);

    g_assert_null (url);
    g_assert_error (error, MSI_MARKETO_CREDENTIALS_ERROR, MSI_MARKETO_CREDENTIALS_ERROR_INVALID_MUNCHKIN_ID);
  }
}

static void
test_boxed (void)
{
  g_autoptr(MsiMarketoCredentials) credentials = msi_marketo_credentials_new (M, C, S);
  MsiMarketoCredentials *copy = g_boxed_copy (MSI_TYPE_MARKETO_CREDENTIALS, credentials);

  g_assert_cmpstr (copy->client_secret, ==, S);
  g_boxed_free (MSI_TYPE_MARKETO_CREDENTIALS, copy);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/marketo-credentials/paste/%s", cases[i].name);

      g_test_add_data_func (path, &cases[i], test_paste);
    }

  g_test_add_func ("/marketo-credentials/check-munchkin-id", test_check_munchkin_id);
  g_test_add_func ("/marketo-credentials/check-client-id", test_check_client_id);
  g_test_add_func ("/marketo-credentials/check-client-secret", test_check_client_secret);
  g_test_add_func ("/marketo-credentials/validate-order", test_validate_order);
  g_test_add_func ("/marketo-credentials/rest-url", test_rest_url);
  g_test_add_func ("/marketo-credentials/boxed", test_boxed);

  return g_test_run ();
}
