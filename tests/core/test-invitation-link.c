/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-invitation-link.c: the welcome mail's Get started link, good and bad */

#define G_LOG_DOMAIN "test-invitation-link"

#include "config.h"

#include "msi-demo-auth-server.h"
#include "msi-demo-http.h"
#include "msi-demo-seed.h"
#include "msi-invitation-link.h"

#define LINK "io.github.msiactions.setup:/invitation"
#define TOKEN "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCdE"
#define ACTIONS "https%3A%2F%2Factions.example.com"
#define GOOD_QUERY "?service=" ACTIONS "&token=" TOKEN

G_STATIC_ASSERT (sizeof TOKEN == 43 + 1);

#define OK (-1)

typedef struct
{
  const char *uri;
  gboolean    allow_loopback;
  int         error;          /* an MsiInvitationLinkError, or OK */
  const char *service_url;    /* when OK */
  const char *host;
  gboolean    loopback;
} Case;

static const Case cases[] = {
  /* Good links, and how they are normalized. */
  { LINK GOOD_QUERY, FALSE, OK, "https://actions.example.com", "actions.example.com", FALSE },
  { "IO.GITHUB.MSIACTIONS.SETUP:/invitation" GOOD_QUERY, FALSE, OK, "https://actions.example.com", "actions.example.com", FALSE },
  { "Io.GitHub.MsiActions.Setup:/invitation" GOOD_QUERY, FALSE, OK, "https://actions.example.com", "actions.example.com", FALSE },
  { LINK "?token=" TOKEN "&service=" ACTIONS, FALSE, OK, "https://actions.example.com", "actions.example.com", FALSE },
  { LINK "?service=https://actions.example.com&token=" TOKEN, FALSE, OK, "https://actions.example.com", "actions.example.com", FALSE },
  { LINK "?service=HTTPS%3A%2F%2FActions.Example.COM%2F&token=" TOKEN, FALSE, OK, "https://actions.example.com", "actions.example.com", FALSE },
  { LINK "?service=https%3A%2F%2Factions.example.com%3A443&token=" TOKEN, FALSE, OK, "https://actions.example.com", "actions.example.com", FALSE },
  { LINK "?service=https%3A%2F%2Factions.example.com%3A&token=" TOKEN, FALSE, OK, "https://actions.example.com", "actions.example.com", FALSE },
  { LINK "?service=https%3A%2F%2Factions.example.com%3A8443&token=" TOKEN, FALSE, OK, "https://actions.example.com:8443", "actions.example.com", FALSE },
  { LINK "?service=https%3A%2F%2Fexample.com%2Factions%2F&token=" TOKEN, FALSE, OK, "https://example.com/actions", "example.com", FALSE },
  { LINK "?service=https%3A%2F%2Fexample.com%2F%2F&token=" TOKEN, FALSE, OK, "https://example.com", "example.com", FALSE },
  { LINK GOOD_QUERY "&utm_source=mail&lang=nl", FALSE, OK, "https://actions.example.com", "actions.example.com", FALSE },
  { LINK "?&service=" ACTIONS "&&token=" TOKEN "&", FALSE, OK, "https://actions.example.com", "actions.example.com", FALSE },
  { LINK "?servic%65=" ACTIONS "&token=" TOKEN, FALSE, OK, "https://actions.example.com", "actions.example.com", FALSE },
  { LINK GOOD_QUERY "#ignored", FALSE, OK, "https://actions.example.com", "actions.example.com", FALSE },
  { "  " LINK GOOD_QUERY " \n", FALSE, OK, "https://actions.example.com", "actions.example.com", FALSE },
  { LINK "?service=https%3A%2F%2F%5B2001%3ADB8%3A%3A1%5D&token=" TOKEN, FALSE, OK, "https://[2001:db8::1]", "2001:db8::1", FALSE },
  { LINK "?service=https%3A%2F%2Fb%C3%BCcher.example&token=" TOKEN, FALSE, OK, "https://xn--bcher-kva.example", "xn--bcher-kva.example", FALSE },
  /* The demo server on this computer, in demo mode. */
  { LINK "?service=http%3A%2F%2F127.0.0.1%3A41234&token=" TOKEN, TRUE, OK, "http://127.0.0.1:41234", "127.0.0.1", TRUE },
  { LINK "?service=http%3A%2F%2F127.1.2.3%3A8080&token=" TOKEN, TRUE, OK, "http://127.1.2.3:8080", "127.1.2.3", TRUE },
  { LINK "?service=http%3A%2F%2F%5B%3A%3A1%5D%3A8080&token=" TOKEN, TRUE, OK, "http://[::1]:8080", "::1", TRUE },
  { LINK "?service=http%3A%2F%2F%5B0%3A0%3A0%3A0%3A0%3A0%3A0%3A1%5D&token=" TOKEN, TRUE, OK, "http://[::1]", "::1", TRUE },
  { LINK "?service=http%3A%2F%2FLOCALHOST%3A8080%2F&token=" TOKEN, TRUE, OK, "http://localhost:8080", "localhost", TRUE },
  { LINK "?service=http%3A%2F%2F127.0.0.1%3A80&token=" TOKEN, TRUE, OK, "http://127.0.0.1", "127.0.0.1", TRUE },
  /* https to this computer needs no demo mode, and is not "loopback http". */
  { LINK "?service=https%3A%2F%2F127.0.0.1%3A8443&token=" TOKEN, FALSE, OK, "https://127.0.0.1:8443", "127.0.0.1", FALSE },

  /* Not our link at all. */
  { "", FALSE, MSI_INVITATION_LINK_ERROR_NOT_A_LINK },
  { "   ", FALSE, MSI_INVITATION_LINK_ERROR_NOT_A_LINK },
  { "Get started", FALSE, MSI_INVITATION_LINK_ERROR_NOT_A_LINK },
  { "javascript:alert(1)", FALSE, MSI_INVITATION_LINK_ERROR_NOT_A_LINK },
  { "javascript:/invitation" GOOD_QUERY, FALSE, MSI_INVITATION_LINK_ERROR_NOT_A_LINK },
  { "https://actions.example.com/invitation" GOOD_QUERY, FALSE, MSI_INVITATION_LINK_ERROR_NOT_A_LINK },
  { "io.github.msiactions.setupx:/invitation" GOOD_QUERY, FALSE, MSI_INVITATION_LINK_ERROR_NOT_A_LINK },
  { "io.github.msiactions:/invitation" GOOD_QUERY, FALSE, MSI_INVITATION_LINK_ERROR_NOT_A_LINK },
  { "/invitation" GOOD_QUERY, FALSE, MSI_INVITATION_LINK_ERROR_NOT_A_LINK },

  /* Our scheme, another action. */
  { "io.github.msiactions.setup:/invitations" GOOD_QUERY, FALSE, MSI_INVITATION_LINK_ERROR_UNKNOWN_ACTION },
  { "io.github.msiactions.setup:/Invitation" GOOD_QUERY, FALSE, MSI_INVITATION_LINK_ERROR_UNKNOWN_ACTION },
  { "io.github.msiactions.setup:/invitation/" GOOD_QUERY, FALSE, MSI_INVITATION_LINK_ERROR_UNKNOWN_ACTION },
  { "io.github.msiactions.setup://invitation" GOOD_QUERY, FALSE, MSI_INVITATION_LINK_ERROR_UNKNOWN_ACTION },
  { "io.github.msiactions.setup:invitation" GOOD_QUERY, FALSE, MSI_INVITATION_LINK_ERROR_UNKNOWN_ACTION },
  { "io.github.msiactions.setup:/reset" GOOD_QUERY, FALSE, MSI_INVITATION_LINK_ERROR_UNKNOWN_ACTION },

  /* The service address: missing, twice, or not one. */
  { LINK, FALSE, MSI_INVITATION_LINK_ERROR_NO_SERVICE },
  { LINK "?token=" TOKEN, FALSE, MSI_INVITATION_LINK_ERROR_NO_SERVICE },
  { LINK "?service=&token=" TOKEN, FALSE, MSI_INVITATION_LINK_ERROR_NO_SERVICE },
  { LINK "?service&token=" TOKEN, FALSE, MSI_INVITATION_LINK_ERROR_NO_SERVICE },
  { LINK GOOD_QUERY "&service=" ACTIONS, FALSE, MSI_INVITATION_LINK_ERROR_DUPLICATE },
  { LINK GOOD_QUERY "&service=https%3A%2F%2Fevil.example", FALSE, MSI_INVITATION_LINK_ERROR_DUPLICATE },
  { LINK "?service=&service=" ACTIONS "&token=" TOKEN, FALSE, MSI_INVITATION_LINK_ERROR_DUPLICATE },
  { LINK GOOD_QUERY "&token=" TOKEN, FALSE, MSI_INVITATION_LINK_ERROR_DUPLICATE },
  { LINK "?service=ftp%3A%2F%2Factions.example.com&token=" TOKEN, FALSE, MSI_INVITATION_LINK_ERROR_BAD_SERVICE },
  { LINK "?service=javascript%3Aalert(1)&token=" TOKEN, FALSE, MSI_INVITATION_LINK_ERROR_BAD_SERVICE },
  { LINK "?service=actions.example.com&token=" TOKEN, FALSE, MSI_INVITATION_LINK_ERROR_BAD_SERVICE },
  { LINK "?service=https%3A%2F%2F&token=" TOKEN, FALSE, MSI_INVITATION_LINK_ERROR_BAD_SERVICE },
  { LINK "?service=https%3A%2F%2F%2Fpath&token=" TOKEN, FALSE, MSI_INVITATION_LINK_ERROR_BAD_SERVICE },
  { LINK "?service=https%3A%2F%2Fadmin%3Asecret%40actions.example.com&token=" TOKEN, FALSE, MSI_INVITATION_LINK_ERROR_BAD_SERVICE },
  { LINK "?service=https%3A%2F%2Factions.example.com%40evil.example&token=" TOKEN, FALSE, MSI_INVITATION_LINK_ERROR_BAD_SERVICE },
  { LINK "?service=https%3A%2F%2Factions.example.com%2F%3Fx%3D1&token=" TOKEN, FALSE, MSI_INVITATION_LINK_ERROR_BAD_SERVICE },
  { LINK "?service=https%3A%2F%2Factions.example.com%3F&token=" TOKEN, FALSE, MSI_INVITATION_LINK_ERROR_BAD_SERVICE },
  { LINK "?service=https%3A%2F%2Factions.example.com%23top&token=" TOKEN, FALSE, MSI_INVITATION_LINK_ERROR_BAD_SERVICE },
  { LINK "?service=https%3A%2F%2Factions.example.com%3A99999&token=" TOKEN, FALSE, MSI_INVITATION_LINK_ERROR_BAD_SERVICE },
  { LINK "?service=https%3A%2F%2Factions.example.com%3A0&token=" TOKEN, FALSE, MSI_INVITATION_LINK_ERROR_BAD_SERVICE },
  { LINK "?service=https%3A%2F%2Factions.example.com%3A%2B80&token=" TOKEN, FALSE, MSI_INVITATION_LINK_ERROR_BAD_SERVICE },
  { LINK "?service=https%3A%2F%2Fexa%20mple.com&token=" TOKEN, FALSE, MSI_INVITATION_LINK_ERROR_BAD_SERVICE },
  { LINK "?service=https%3A%2F%2Factions..example.com&token=" TOKEN, FALSE, MSI_INVITATION_LINK_ERROR_BAD_SERVICE },
  { LINK "?service=https%3A%2F%2F%5B%3A%3A1&token=" TOKEN, FALSE, MSI_INVITATION_LINK_ERROR_BAD_SERVICE },
  { LINK "?service=https%3A%2F%2F%5B127.0.0.1%5D&token=" TOKEN, FALSE, MSI_INVITATION_LINK_ERROR_BAD_SERVICE },
  { LINK "?service=https%3A%2F%2Fexample.com%2Fa%20b&token=" TOKEN, FALSE, MSI_INVITATION_LINK_ERROR_BAD_SERVICE },
  { LINK "?service=%ZZ&token=" TOKEN, FALSE, MSI_INVITATION_LINK_ERROR_BAD_SERVICE },
  { LINK "?service=https%3A%2F%2Fa%00b&token=" TOKEN, FALSE, MSI_INVITATION_LINK_ERROR_BAD_SERVICE },
  /* Unencrypted, or this computer outside demo mode. */
  { LINK "?service=http%3A%2F%2Factions.example.com&token=" TOKEN, FALSE, MSI_INVITATION_LINK_ERROR_INSECURE_SERVICE },
  { LINK "?service=http%3A%2F%2Factions.example.com&token=" TOKEN, TRUE, MSI_INVITATION_LINK_ERROR_INSECURE_SERVICE },
  { LINK "?service=http%3A%2F%2F10.0.0.1%3A8080&token=" TOKEN, TRUE, MSI_INVITATION_LINK_ERROR_INSECURE_SERVICE },
  { LINK "?service=http%3A%2F%2Flocalhost.evil.example&token=" TOKEN, TRUE, MSI_INVITATION_LINK_ERROR_INSECURE_SERVICE },
  { LINK "?service=http%3A%2F%2F127.0.0.1.nip.io&token=" TOKEN, TRUE, MSI_INVITATION_LINK_ERROR_INSECURE_SERVICE },
  { LINK "?service=http%3A%2F%2F2130706433&token=" TOKEN, TRUE, MSI_INVITATION_LINK_ERROR_INSECURE_SERVICE },
  { LINK "?service=http%3A%2F%2F%5B%3A%3Affff%3A127.0.0.1%5D&token=" TOKEN, TRUE, MSI_INVITATION_LINK_ERROR_INSECURE_SERVICE },
  { LINK "?service=http%3A%2F%2F127.0.0.1%3A41234&token=" TOKEN, FALSE, MSI_INVITATION_LINK_ERROR_INSECURE_SERVICE },
  { LINK "?service=http%3A%2F%2F%5B%3A%3A1%5D&token=" TOKEN, FALSE, MSI_INVITATION_LINK_ERROR_INSECURE_SERVICE },
  { LINK "?service=http%3A%2F%2Flocalhost&token=" TOKEN, FALSE, MSI_INVITATION_LINK_ERROR_INSECURE_SERVICE },

  /* The token: missing, twice, or not 43 base64url characters. */
  { LINK "?service=" ACTIONS, FALSE, MSI_INVITATION_LINK_ERROR_NO_TOKEN },
  { LINK "?service=" ACTIONS "&token=", FALSE, MSI_INVITATION_LINK_ERROR_NO_TOKEN },
  { LINK "?service=" ACTIONS "&token", FALSE, MSI_INVITATION_LINK_ERROR_NO_TOKEN },
  { LINK "?service=" ACTIONS "&token=" TOKEN "&token=", FALSE, MSI_INVITATION_LINK_ERROR_DUPLICATE },
  { LINK "?service=" ACTIONS "&token=AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCd", FALSE, MSI_INVITATION_LINK_ERROR_BAD_TOKEN },
  { LINK "?service=" ACTIONS "&token=" TOKEN "F", FALSE, MSI_INVITATION_LINK_ERROR_BAD_TOKEN },
  { LINK "?service=" ACTIONS "&token=AbCdEfGhIjKlMnOpQrStUvWxYz0123456789+_AbCdE", FALSE, MSI_INVITATION_LINK_ERROR_BAD_TOKEN },
  { LINK "?service=" ACTIONS "&token=AbCdEfGhIjKlMnOpQrStUvWxYz0123456789%2B_AbCdE", FALSE, MSI_INVITATION_LINK_ERROR_BAD_TOKEN },
  { LINK "?service=" ACTIONS "&token=AbCdEfGhIjKlMnOpQrStUvWxYz0123456789/_AbCdE", FALSE, MSI_INVITATION_LINK_ERROR_BAD_TOKEN },
  { LINK "?service=" ACTIONS "&token=AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCd=", FALSE, MSI_INVITATION_LINK_ERROR_BAD_TOKEN },
  { LINK "?service=" ACTIONS "&token=AbCdEfGhIjKlMnOpQrStUvWxYz0123456789%20_AbCdE", FALSE, MSI_INVITATION_LINK_ERROR_BAD_TOKEN },
  { LINK "?service=" ACTIONS "&token=AbCdEfGhIjKlMnOpQrStUvWxYz0123456789%ZZAbCdE", FALSE, MSI_INVITATION_LINK_ERROR_BAD_TOKEN },
  /* The service is checked first. */
  { LINK "?service=http%3A%2F%2Factions.example.com&token=short", FALSE, MSI_INVITATION_LINK_ERROR_INSECURE_SERVICE },
};

static void
assert_helpful_message (const GError *error)
{
  const char *message = error->message;

  /* A sentence that says what is wrong, and one that says what to do. */
  g_assert_true (g_utf8_validate (message, -1, NULL));
  g_assert_true (g_str_has_suffix (message, "."));
  g_assert_nonnull (strstr (message, ". "));
  g_assert_true (strstr (message, "Open ") != NULL || strstr (message, "Ask ") != NULL ||
                 strstr (message, "Use ") != NULL || strstr (message, "Start ") != NULL ||
                 strstr (message, "Copy ") != NULL);
  /* Never the secret, never a password from the link. */
  g_assert_null (strstr (message, TOKEN));
  g_assert_null (strstr (message, "secret"));
}

static void
test_table (void)
{
  guint n_good = 0, n_bad = 0;

  g_assert_cmpuint (G_N_ELEMENTS (cases), >=, 40);

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const Case *c = &cases[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(MsiInvitationLink) link = msi_invitation_link_parse (c->uri, c->allow_loopback, &error);
      g_autofree char *escaped = g_strescape (c->uri, NULL);

      g_test_message ("%s (loopback %s)", escaped, c->allow_loopback ? "allowed" : "not allowed");
      if (c->error != OK)
        {
          g_assert_error (error, MSI_INVITATION_LINK_ERROR, c->error);
          g_assert_null (link);
          assert_helpful_message (error);
          n_bad++;
          continue;
        }

      g_assert_no_error (error);
      g_assert_nonnull (link);
      g_assert_cmpstr (msi_invitation_link_get_service_url (link), ==, c->service_url);
      g_assert_cmpstr (msi_invitation_link_get_host (link), ==, c->host);
      g_assert_cmpstr (msi_invitation_link_get_token (link), ==, TOKEN);
      g_assert_cmpint (msi_invitation_link_is_loopback (link), ==, c->loopback);
      n_good++;
    }
  g_test_message ("%u good and %u bad links", n_good, n_bad);
}

/* What to_string() gives parses back to the same link, and is stable. */
static void
test_normalized_round_trip (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(MsiInvitationLink) link = msi_invitation_link_parse (cases[i].uri, cases[i].allow_loopback, NULL);
      g_autoptr(MsiInvitationLink) again = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;
      g_autofree char *text_again = NULL;

      if (link == NULL)
        continue;

      text = msi_invitation_link_to_string (link);
      g_assert_true (g_str_has_prefix (text, MSI_INVITATION_LINK_SCHEME ":/invitation?service="));
      again = msi_invitation_link_parse (text, cases[i].allow_loopback, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (msi_invitation_link_get_service_url (again), ==, msi_invitation_link_get_service_url (link));
      g_assert_cmpstr (msi_invitation_link_get_host (again), ==, msi_invitation_link_get_host (link));
      g_assert_cmpstr (msi_invitation_link_get_token (again), ==, msi_invitation_link_get_token (link));
      g_assert_cmpint (msi_invitation_link_is_loopback (again), ==, msi_invitation_link_is_loopback (link));
      text_again = msi_invitation_link_to_string (again);
      g_assert_cmpstr (text_again, ==, text);
    }
}

/* The links the demo server puts in its welcome mails open in demo mode,
 * and only there. */
static void
test_demo_links (void)
{
  static const char * const bases[] = {
    "http://127.0.0.1:41234", "http://127.0.0.1:1", "http://127.0.0.1:65535",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bases); i++)
    {
      for (guint round = 0; round < 20; round++)
        {
          g_autofree char *token = msi_demo_random_base64url ();
          g_autofree char *uri = msi_demo_build_invitation_link (bases[i], token);
          g_autofree char *printed = g_strdup_printf (MSI_DEMO_INVITATION_LINK_FORMAT, bases[i], token);
          g_autoptr(MsiInvitationLink) link = NULL;
          g_autoptr(MsiInvitationLink) link_printed = NULL;
          g_autoptr(MsiInvitationLink) refused = NULL;
          g_autoptr(GError) error = NULL;

          link = msi_invitation_link_parse (uri, TRUE, &error);
          g_assert_no_error (error);
          g_assert_cmpstr (msi_invitation_link_get_service_url (link), ==, bases[i]);
          g_assert_cmpstr (msi_invitation_link_get_token (link), ==, token);
          g_assert_cmpstr (msi_invitation_link_get_host (link), ==, "127.0.0.1");
          g_assert_true (msi_invitation_link_is_loopback (link));

          /* The format with the values unescaped reads the same. */
          link_printed = msi_invitation_link_parse (printed, TRUE, &error);
          g_assert_no_error (error);
          g_assert_cmpstr (msi_invitation_link_get_service_url (link_printed), ==, bases[i]);
          g_assert_cmpstr (msi_invitation_link_get_token (link_printed), ==, token);

          refused = msi_invitation_link_parse (uri, FALSE, &error);
          g_assert_null (refused);
          g_assert_error (error, MSI_INVITATION_LINK_ERROR, MSI_INVITATION_LINK_ERROR_INSECURE_SERVICE);
        }
    }
}

static void
test_null (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsiInvitationLink) link = msi_invitation_link_parse (NULL, TRUE, &error);

  g_assert_null (link);
  g_assert_error (error, MSI_INVITATION_LINK_ERROR, MSI_INVITATION_LINK_ERROR_NOT_A_LINK);
}

/* The messages name the problem precisely. */
static void
test_messages (void)
{
  static const struct
  {
    const char *uri;
    const char *part;
  } expected[] = {
    { LINK "?service=" ACTIONS, "invitation code is missing" },
    { LINK "?service=" ACTIONS "&token=abc", "it has 3 characters instead of 43" },
    { LINK "?service=" ACTIONS "&token=AbCdEfGhIjKlMnOpQrStUvWxYz0123456789+_AbCdE", "letters, digits" },
    { LINK "?service=https%3A%2F%2Fadmin%3Asecret%40actions.example.com&token=" TOKEN, "user name or password" },
    { LINK "?service=ftp%3A%2F%2Fx.example&token=" TOKEN, "“ftp://x.example” is not the web address of a Sales account" },
    { LINK "?service=http%3A%2F%2Fx.example&token=" TOKEN, "connect to x.example without encryption" },
    { LINK "?service=http%3A%2F%2F127.0.0.1%3A4000&token=" TOKEN, "demo mode" },
    { LINK "?token=" TOKEN, "address of your Sales account is missing" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MsiInvitationLink) link = msi_invitation_link_parse (expected[i].uri, FALSE, &error);

      g_assert_null (link);
      g_assert_nonnull (error);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, expected[i].part));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/invitation-link/table", test_table);
  g_test_add_func ("/invitation-link/normalized-round-trip", test_normalized_round_trip);
  g_test_add_func ("/invitation-link/demo-links", test_demo_links);
  g_test_add_func ("/invitation-link/null", test_null);
  g_test_add_func ("/invitation-link/messages", test_messages);

  return g_test_run ();
}
