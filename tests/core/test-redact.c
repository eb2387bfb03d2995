/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-redact.c: secrets never reach messages or logs */

#define G_LOG_DOMAIN "test-redact"

#include "config.h"

#include "msi-redact.h"

typedef struct
{
  const char *in;
  const char *out;
} Case;

static void
check_cases (const Case *cases,
             gsize       n_cases)
{
  for (gsize i = 0; i < n_cases; i++)
    {
      g_autofree char *out = msi_redact (cases[i].in);

      g_test_message ("%s", cases[i].in);
      g_assert_cmpstr (out, ==, cases[i].out);
    }
}

static void
test_urls (void)
{
  static const Case cases[] = {
    { "http://127.0.0.1:41234/callback?code=SplxlOBeZQQYbYS6WxSbIA&state=af0ifjsldkj",
      "http://127.0.0.1:41234/callback?code=[REDACTED]&state=[REDACTED]" },
    { "https://login.example.com/authorize?client_id=app&state=xyz&scope=api%20refresh_token&response_type=code",
      "https://login.example.com/authorize?client_id=app&state=[REDACTED]&scope=api%20refresh_token&response_type=code" },
    { "https://app.example.com/cb#access_token=abc.def&token_type=Bearer&expires_in=3600",
      "https://app.example.com/cb#access_token=[REDACTED]&token_type=Bearer&expires_in=3600" },
    { "GET /services/oauth2/token?grant_type=refresh_token&refresh_token=5Aep861&client_id=x → 400",
      "GET /services/oauth2/token?grant_type=refresh_token&refresh_token=[REDACTED]&client_id=x → 400" },
    { "https://x.example.com/cb?error=access_denied&error_description=The+user+said+no&state=s1",
      "https://x.example.com/cb?error=access_denied&error_description=The+user+said+no&state=[REDACTED]" },
    { "https://x.example.com/file?X-Amz-Signature=f00d&sig=1&signature=abc",
      "https://x.example.com/file?X-Amz-Signature=f00d&sig=1&signature=[REDACTED]" },
    /* An invitation link's token in a path; a user id is no secret. */
    { "GET /api/v1/invitations/q0Vb6nD3s-Jx_8uTzM2kYwP5eR1aLcH9oN7iF4gBdEh → 200",
      "GET /api/v1/invitations/[REDACTED] → 200" },
    { "POST /api/v1/invitations/q0Vb6nD3s-Jx_8uTzM2kYwP5eR1aLcH9oN7iF4gBdEh?x=1",
      "POST /api/v1/invitations/[REDACTED]?x=1" },
    { "POST /api/v1/invitations/usr_2b8e61f4c0d7/resend → 200",
      "POST /api/v1/invitations/usr_2b8e61f4c0d7/resend → 200" },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_form (void)
{
  static const Case cases[] = {
    { "grant_type=authorization_code&code=abc&code_verifier=xyz&client_id=app",
      "grant_type=authorization_code&code=[REDACTED]&code_verifier=[REDACTED]&client_id=app" },
    { "grant_type=password&username=ana@example.com&password=hunter2&client_secret=s3cr3t",
      "grant_type=password&username=ana@example.com&password=[REDACTED]&client_secret=[REDACTED]" },
    { "grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=eyJ.eyJ.sig",
      "grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=[REDACTED]" },
    /* Empty values stay empty. */
    { "code=&state=", "code=&state=" },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_json (void)
{
  static const Case cases[] = {
    { "{\"access_token\":\"t\",\"refresh_token\":\"r\",\"scope\":\"api\"}",
      "{\"access_token\":\"[REDACTED]\",\"refresh_token\":\"[REDACTED]\",\"scope\":\"api\"}" },
    { "{ \"id_token\" : \"eyJhbGciOi.eyJzdWIi.c2ln\", \"token_type\": \"Bearer\", \"expires_in\": 3600 }",
      "{ \"id_token\" : \"[REDACTED]\", \"token_type\": \"Bearer\", \"expires_in\": 3600 }" },
    /* Escaped quotes inside the value do not end it early. */
    { "{\"password\": \"a\\\"b,c\", \"user\": \"ana\"}",
      "{\"password\": \"[REDACTED]\", \"user\": \"ana\"}" },
    /* Error members stay: they are what the person needs to read. */
    { "{\"error\":\"invalid_grant\",\"error_description\":\"expired authorization code\",\"code\":400}",
      "{\"error\":\"invalid_grant\",\"error_description\":\"expired authorization code\",\"code\":400}" },
    /* GVariant text, as the token store prints it. */
    { "{'access_token': <'abc'>, 'expires_at': <int64 1700000000>, 'scope': <'api'>}",
      "{'access_token': <'[REDACTED]'>, 'expires_at': <int64 1700000000>, 'scope': <'api'>}" },
    /* JSON quoted inside a string. */
    { "body: \"{\\\"client_secret\\\":\\\"xyz\\\",\\\"client_id\\\":\\\"app\\\"}\"",
      "body: \"{\\\"client_secret\\\":\\\"[REDACTED]\\\",\\\"client_id\\\":\\\"app\\\"}\"" },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_headers (void)
{
  static const Case cases[] = {
    { "Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl\r\nAccept: application/json",
      "Authorization: Bearer [REDACTED]\r\nAccept: application/json" },
    { "authorization: Basic YXBwOnNlY3JldA==", "authorization: Basic [REDACTED]" },
    { "Proxy-Authorization: Negotiate YIIabc", "Proxy-Authorization: Negotiate [REDACTED]" },
    { "Authorization: abcdef", "Authorization: [REDACTED]" },
    { "{\"Authorization\": \"Bearer abc\", \"Accept\": \"*/*\"}",
      "{\"Authorization\": \"Bearer [REDACTED]\", \"Accept\": \"*/*\"}" },
    { "Cookie: sid=31d4d96e407aad42; lang=en-US", "Cookie: [REDACTED]" },
    { "Set-Cookie: sid=31d4d96e407aad42; Path=/; Secure", "Set-Cookie: [REDACTED]" },
    { "WWW-Authenticate: Bearer realm=\"example\", error=\"invalid_token\"",
      "WWW-Authenticate: Bearer realm=\"example\", error=\"invalid_token\"" },
    /* Only the credential headers. */
    { "Content-Type: application/json", "Content-Type: application/json" },
    /* Prose that names a header is not a header. */
    { "The Authorization header is missing", "The Authorization header is missing" },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_bearer_anywhere (void)
{
  static const Case cases[] = {
    { "sending Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.abc-_~+/= to /v1/accounts",
      "sending Bearer [REDACTED] to /v1/accounts" },
    { "bearer abc123", "bearer [REDACTED]" },
    { "BEARER\tabc123", "BEARER\t[REDACTED]" },
    { "The service sent no Bearer token.", "The service sent no Bearer token." },
    { "Bearer", "Bearer" },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_case_insensitive (void)
{
  static const Case cases[] = {
    { "CODE=abc&STATE=def&Client_Id=app", "CODE=[REDACTED]&STATE=[REDACTED]&Client_Id=app" },
    { "{\"Access_Token\":\"t\",\"REFRESH_TOKEN\":\"r\"}", "{\"Access_Token\":\"[REDACTED]\",\"REFRESH_TOKEN\":\"[REDACTED]\"}" },
    { "Passwd=x Session=y SID=z Token=w", "Passwd=[REDACTED] Session=[REDACTED] SID=[REDACTED] Token=[REDACTED]" },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_percent_escapes (void)
{
  static const Case cases[] = {
    { "?code=4%2F0AX4XfWh%3D%3D&state=a%26b%3Dc&scope=openid%20email",
      "?code=[REDACTED]&state=[REDACTED]&scope=openid%20email" },
    { "client_secret=%C3%A9t%C3%A9%2B1", "client_secret=[REDACTED]" },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_kept (void)
{
  static const char *kept[] = {
    "client_id=3MVG9abc&scope=api%20refresh_token&grant_type=authorization_code",
    "error=invalid_request&error_description=Missing%20code_verifier",
    "POST /services/oauth2/token → 200 (512 bytes)",
    "/oauth2/v2.0/token",
    "https://login.microsoftonline.com/common/oauth2/v2.0/authorize",
    "error_code=42 status_code=500 postcode=12345 tokens=3",
    "Could not refresh the token for ana@example.com (salesforce, profile demo)",
    "{\"scope\":\"api id\",\"instance_url\":\"https://na1.salesforce.com\",\"token_type\":\"Bearer\"}",
    "The state of the setup is unknown",
    "zażółć gęślą jaźń",
    "",
  };

  for (guint i = 0; i < G_N_ELEMENTS (kept); i++)
    {
      g_autofree char *out = msi_redact (kept[i]);

      g_assert_cmpstr (out, ==, kept[i]);
    }

  g_assert_null (msi_redact (NULL));
}

static void
test_log_handler (void)
{
  if (g_test_subprocess ())
    {
      msi_redact_install_log_handler ();
      msi_redact_install_log_handler ();  /* idempotent */
      g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
      g_log_writer_default_set_use_stderr (TRUE);

      g_debug ("POST /token with refresh_token=%s and Authorization: Bearer %s",
               "rt-SECRET-1", "at-SECRET-2");
      g_message ("redirected to %s", "http://127.0.0.1:1/callback?code=code-SECRET-3&state=st");
      g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_INFO,
                        "MESSAGE", "structured {\"access_token\":\"at-SECRET-4\"}");
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*POST /token with refresh_token=[REDACTED] and Authorization: Bearer [REDACTED]*");
  g_test_trap_assert_stderr ("*redirected to http://127.0.0.1:1/callback?code=[REDACTED]&state=[REDACTED]*");
  g_test_trap_assert_stderr ("*structured {\"access_token\":\"[REDACTED]\"}*");
  g_test_trap_assert_stderr_unmatched ("*SECRET*");
  g_test_trap_assert_stdout_unmatched ("*SECRET*");
}

static void
test_log_handler_drops_quietly (void)
{
  if (g_test_subprocess ())
    {
      msi_redact_install_log_handler ();
      g_unsetenv ("G_MESSAGES_DEBUG");
      g_debug ("not shown: code=%s", "code-SECRET");
      g_message ("shown");
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*shown*");
  g_test_trap_assert_stderr_unmatched ("*not shown*");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/redact/urls", test_urls);
  g_test_add_func ("/redact/form", test_form);
  g_test_add_func ("/redact/json", test_json);
  g_test_add_func ("/redact/headers", test_headers);
  g_test_add_func ("/redact/bearer-anywhere", test_bearer_anywhere);
  g_test_add_func ("/redact/case-insensitive", test_case_insensitive);
  g_test_add_func ("/redact/percent-escapes", test_percent_escapes);
  g_test_add_func ("/redact/kept", test_kept);
  g_test_add_func ("/redact/log-handler", test_log_handler);
  g_test_add_func ("/redact/log-handler-drops-quietly", test_log_handler_drops_quietly);

  return g_test_run ();
}
