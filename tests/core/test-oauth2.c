/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-oauth2.c: PKCE, state, redirect matching and the token endpoint */

#define G_LOG_DOMAIN "test-oauth2"

#include "config.h"

#include <string.h>

#include "msi-oauth2-client.h"
#include "msi-oauth2-flow.h"

#define PRIVATE_REDIRECT "io.github.msiactions.setup:/oauth2redirect"
#define LOOPBACK_REDIRECT "http://127.0.0.1:8123/callback"
#define FAKE_NOW G_GINT64_CONSTANT (1700000000)

static gint64 fake_now = FAKE_NOW;

static gint64
fake_clock (void)
{
  return fake_now;
}

static MsiOAuth2Client *
new_offline_client (const char *authorization_endpoint,
                    const char *redirect_uri)
{
  g_autoptr(MsiHttpClient) http = msi_http_client_new (NULL, "https://login.example.com");
  MsiOAuth2Client *client;

  client = msi_oauth2_client_new (http, "client-123",
                                  authorization_endpoint,
                                  "https://login.example.com/token",
                                  NULL,
                                  redirect_uri);
  msi_oauth2_client_set_clock (client, fake_clock);

  return client;
}

static MsiOAuth2Flow *
begin (MsiOAuth2Client *client)
{
  g_autoptr(GError) error = NULL;
  MsiOAuth2Flow *flow = msi_oauth2_client_begin (client, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (flow);

  return flow;
}

/* The query parameters of @url; fails the test on a repeated name. */
static GHashTable *
url_params (const char *url)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, &error);
  GHashTable *params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GUriParamsIter iter;
  char *name;
  char *value;

  g_assert_no_error (error);
  g_uri_params_iter_init (&iter, g_uri_get_query (uri), -1, "&", G_URI_PARAMS_NONE);
  while (g_uri_params_iter_next (&iter, &name, &value, &error))
    {
      g_assert_false (g_hash_table_contains (params, name));
      g_hash_table_insert (params, name, value);
    }
  g_assert_no_error (error);

  return params;
}

/* PKCE and state */

static void
test_pkce_vector (void)
{
  /* RFC 7636 Appendix B */
  g_autofree char *challenge = msi_oauth2_pkce_challenge ("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");

  g_assert_cmpstr (challenge, ==, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
  g_assert_true (msi_oauth2_is_valid_verifier ("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"));
}

static void
test_verifier_grammar (void)
{
  g_autoptr(MsiOAuth2Client) client = new_offline_client ("https://login.example.com/authorize", PRIVATE_REDIRECT);
  g_autofree char *s42 = g_strnfill (42, 'a');
  g_autofree char *s43 = g_strnfill (43, 'a');
  g_autofree char *s128 = g_strnfill (128, 'a');
  g_autofree char *s129 = g_strnfill (129, 'a');
  const char *bad_chars[] = { "+", "/", "=", " ", "%", "é" };

  for (guint i = 0; i < 200; i++)
    {
      g_autoptr(MsiOAuth2Flow) flow = begin (client);
      g_autoptr(GHashTable) params = url_params (msi_oauth2_flow_get_authorization_url (flow));
      const char *verifier = msi_oauth2_flow_get_verifier (flow);
      g_autofree char *challenge = msi_oauth2_pkce_challenge (verifier);

      g_assert_cmpuint (strlen (verifier), ==, 43);
      g_assert_true (msi_oauth2_is_valid_verifier (verifier));
      for (const char *p = verifier; *p; p++)
        g_assert_true (g_ascii_isalnum (*p) || strchr ("-._~", *p) != NULL);
      /* The URL carries the challenge, never the verifier. */
      g_assert_cmpstr (g_hash_table_lookup (params, "code_challenge"), ==, challenge);
      g_assert_cmpstr (g_hash_table_lookup (params, "code_challenge_method"), ==, "S256");
      g_assert_null (strstr (msi_oauth2_flow_get_authorization_url (flow), verifier));
    }

  g_assert_false (msi_oauth2_is_valid_verifier (NULL));
  g_assert_false (msi_oauth2_is_valid_verifier (""));
  g_assert_false (msi_oauth2_is_valid_verifier (s42));
  g_assert_true (msi_oauth2_is_valid_verifier (s43));
  g_assert_true (msi_oauth2_is_valid_verifier (s128));
  g_assert_false (msi_oauth2_is_valid_verifier (s129));
  g_assert_true (msi_oauth2_is_valid_verifier ("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN-._~0123456789"));

  for (guint i = 0; i < G_N_ELEMENTS (bad_chars); i++)
    {
      g_autofree char *bad = g_strconcat (s43, bad_chars[i], NULL);
      g_autofree char *bad_middle = g_strconcat ("abcdefghijklmnopqrstu", bad_chars[i], "vwxyzABCDEFGHIJKLMNOPQRS", NULL);

      g_assert_false (msi_oauth2_is_valid_verifier (bad));
      g_assert_false (msi_oauth2_is_valid_verifier (bad_middle));
    }
}

static void
test_state_unique (void)
{
  g_autoptr(MsiOAuth2Client) client = new_offline_client ("https://login.example.com/authorize", PRIVATE_REDIRECT);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) seen_verifiers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < 1000; i++)
    {
      g_autoptr(MsiOAuth2Flow) flow = begin (client);
      g_autoptr(GHashTable) params = url_params (msi_oauth2_flow_get_authorization_url (flow));
      const char *state = msi_oauth2_flow_get_state (flow);

      g_assert_cmpuint (strlen (state), >=, 22);
      for (const char *p = state; *p; p++)
        g_assert_true (g_ascii_isalnum (*p) || *p == '-' || *p == '_');
      g_assert_cmpstr (g_hash_table_lookup (params, "state"), ==, state);
      g_assert_true (g_hash_table_add (seen, g_strdup (state)));
      g_assert_true (g_hash_table_add (seen_verifiers, g_strdup (msi_oauth2_flow_get_verifier (flow))));
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, 1000);
}

static void
test_flow_expiry (void)
{
  g_autoptr(MsiOAuth2Client) client = new_offline_client ("https://login.example.com/authorize", PRIVATE_REDIRECT);
  g_autoptr(MsiOAuth2Flow) flow = begin (client);

  g_assert_cmpint (msi_oauth2_flow_get_created_at (flow), ==, FAKE_NOW);
  g_assert_false (msi_oauth2_flow_is_expired (flow, FAKE_NOW));
  g_assert_false (msi_oauth2_flow_is_expired (flow, FAKE_NOW + 599));
  g_assert_true (msi_oauth2_flow_is_expired (flow, FAKE_NOW + 600));
  g_assert_true (msi_oauth2_flow_is_expired (flow, FAKE_NOW + 86400));
}

/* Authorization URL */

static void
test_authorization_url (void)
{
  g_autoptr(MsiOAuth2Client) client = NULL;
  g_autoptr(MsiOAuth2Flow) flow = NULL;
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *challenge = NULL;
  const char *url;

  client = new_offline_client ("https://login.example.com/common/oauth2/v2.0/authorize?p=B2C_1_signin&x=a%20b",
                               LOOPBACK_REDIRECT);
  msi_oauth2_client_set_scope (client, "openid email offline_access https://graph.microsoft.com/Mail.Send");
  msi_oauth2_client_add_authorize_param (client, "access_type", "offline");
  msi_oauth2_client_add_authorize_param (client, "domain_hint", "first");
  msi_oauth2_client_add_authorize_param (client, "domain_hint", "contoso.com&evil=1");

  flow = msi_oauth2_client_begin (client, "ana+test@example.com", "select_account", &error);
  g_assert_no_error (error);
  url = msi_oauth2_flow_get_authorization_url (flow);

  /* The endpoint's own query is kept as it was. */
  g_assert_true (g_str_has_prefix (url, "https://login.example.com/common/oauth2/v2.0/authorize?p=B2C_1_signin&x=a%20b&"));
  /* Reserved characters are escaped. */
  g_assert_nonnull (strstr (url, "redirect_uri=http%3A%2F%2F127.0.0.1%3A8123%2Fcallback"));
  g_assert_nonnull (strstr (url, "scope=openid%20email%20offline_access%20https%3A%2F%2Fgraph.microsoft.com%2FMail.Send"));
  g_assert_nonnull (strstr (url, "login_hint=ana%2Btest%40example.com"));
  g_assert_null (strchr (url, ' '));

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_uri_get_scheme (uri), ==, "https");
  g_assert_cmpstr (g_uri_get_host (uri), ==, "login.example.com");
  g_assert_cmpstr (g_uri_get_path (uri), ==, "/common/oauth2/v2.0/authorize");
  g_assert_null (g_uri_get_fragment (uri));

  params = url_params (url);
  challenge = msi_oauth2_pkce_challenge (msi_oauth2_flow_get_verifier (flow));
  g_assert_cmpuint (g_hash_table_size (params), ==, 13);
  g_assert_cmpstr (g_hash_table_lookup (params, "p"), ==, "B2C_1_signin");
  g_assert_cmpstr (g_hash_table_lookup (params, "x"), ==, "a b");
  g_assert_cmpstr (g_hash_table_lookup (params, "response_type"), ==, "code");
  g_assert_cmpstr (g_hash_table_lookup (params, "client_id"), ==, "client-123");
  g_assert_cmpstr (g_hash_table_lookup (params, "redirect_uri"), ==, LOOPBACK_REDIRECT);
  g_assert_cmpstr (g_hash_table_lookup (params, "scope"), ==, "openid email offline_access https://graph.microsoft.com/Mail.Send");
  g_assert_cmpstr (g_hash_table_lookup (params, "state"), ==, msi_oauth2_flow_get_state (flow));
  g_assert_cmpstr (g_hash_table_lookup (params, "code_challenge"), ==, challenge);
  g_assert_cmpstr (g_hash_table_lookup (params, "code_challenge_method"), ==, "S256");
  g_assert_cmpstr (g_hash_table_lookup (params, "login_hint"), ==, "ana+test@example.com");
  g_assert_cmpstr (g_hash_table_lookup (params, "prompt"), ==, "select_account");
  g_assert_cmpstr (g_hash_table_lookup (params, "access_type"), ==, "offline");
  g_assert_cmpstr (g_hash_table_lookup (params, "domain_hint"), ==, "contoso.com&evil=1");
  g_assert_false (g_hash_table_contains (params, "evil"));
  g_assert_false (g_hash_table_contains (params, "client_secret"));
  g_assert_false (g_hash_table_contains (params, "code_verifier"));

  g_assert_cmpstr (msi_oauth2_flow_get_redirect_uri (flow), ==, LOOPBACK_REDIRECT);
}

static void
test_authorization_url_minimal (void)
{
  g_autoptr(MsiOAuth2Client) client = new_offline_client ("https://login.example.com/authorize", PRIVATE_REDIRECT);
  g_autoptr(MsiOAuth2Flow) flow = begin (client);
  g_autoptr(GHashTable) params = url_params (msi_oauth2_flow_get_authorization_url (flow));

  g_assert_true (g_str_has_prefix (msi_oauth2_flow_get_authorization_url (flow),
                                   "https://login.example.com/authorize?response_type=code&"));
  g_assert_cmpuint (g_hash_table_size (params), ==, 6);
  g_assert_cmpstr (g_hash_table_lookup (params, "redirect_uri"), ==, PRIVATE_REDIRECT);
  g_assert_false (g_hash_table_contains (params, "scope"));
  g_assert_false (g_hash_table_contains (params, "login_hint"));
  g_assert_false (g_hash_table_contains (params, "prompt"));
}

static void
test_invalid_endpoints (void)
{
  const char *bad_endpoints[] = {
    "login.example.com/authorize",
    "ftp://login.example.com/authorize",
    "https:///authorize",
    "https://login.example.com/authorize#frag",
    "https://user@login.example.com/authorize",
    "https://login.example.com/author ize",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad_endpoints); i++)
    {
      g_autoptr(MsiOAuth2Client) client = new_offline_client (bad_endpoints[i], PRIVATE_REDIRECT);
      g_autoptr(GError) error = NULL;
      g_autoptr(MsiOAuth2Flow) flow = msi_oauth2_client_begin (client, NULL, NULL, &error);

      g_assert_null (flow);
      g_assert_error (error, MSI_OAUTH2_ERROR, MSI_OAUTH2_ERROR_FAILED);
    }

  {
    g_autoptr(MsiOAuth2Client) client = new_offline_client ("https://login.example.com/authorize",
                                                            "io.github.msiactions.setup:/oauth2redirect#x");
    g_autoptr(GError) error = NULL;
    g_autoptr(MsiOAuth2Flow) flow = msi_oauth2_client_begin (client, NULL, NULL, &error);

    g_assert_null (flow);
    g_assert_error (error, MSI_OAUTH2_ERROR, MSI_OAUTH2_ERROR_FAILED);
  }
}

/* Redirects */

typedef struct
{
  const char *uri;    /* "{state}" is replaced by the flow's state */
  gboolean    matches;
  int         error;  /* an MsiOAuth2Error, or -1 for success */
} RedirectCase;

static char *
expand (const char    *pattern,
        MsiOAuth2Flow *flow)
{
  GString *s = g_string_new (pattern);

  g_string_replace (s, "{state}", msi_oauth2_flow_get_state (flow), 0);

  return g_string_free (s, FALSE);
}

static void
check_cases (const char         *redirect_uri,
             const RedirectCase *cases,
             guint               n_cases)
{
  g_autoptr(MsiOAuth2Client) client = new_offline_client ("https://login.example.com/authorize", redirect_uri);

  for (guint i = 0; i < n_cases; i++)
    {
      /* A fresh flow each time: a state that was checked is spent. */
      g_autoptr(MsiOAuth2Flow) flow = begin (client);
      g_autofree char *uri = expand (cases[i].uri, flow);
      g_autoptr(GError) error = NULL;
      g_autofree char *code = NULL;

      g_test_message ("%s vs %s", redirect_uri, cases[i].uri);

      g_assert_cmpint (msi_oauth2_flow_matches_redirect (flow, uri), ==, cases[i].matches);
      code = msi_oauth2_flow_parse_redirect (flow, uri, &error);
      if (cases[i].error < 0)
        {
          g_assert_no_error (error);
          g_assert_cmpstr (code, ==, "SplxlOBeZQQYbYS6WxSbIA");
        }
      else
        {
          g_assert_error (error, MSI_OAUTH2_ERROR, cases[i].error);
          g_assert_null (code);
          /* No secret in what the person sees. */
          g_assert_null (strstr (error->message, msi_oauth2_flow_get_state (flow)));
          g_assert_null (strstr (error->message, "SplxlOBeZQQYbYS6WxSbIA"));
        }
    }
}

#define Q "?code=SplxlOBeZQQYbYS6WxSbIA&state={state}"
#define MISS(u) { u, FALSE, MSI_OAUTH2_ERROR_INVALID_REDIRECT }
#define OK(u) { u, TRUE, -1 }

static void
test_redirect_private_scheme (void)
{
  static const RedirectCase cases[] = {
    OK ("io.github.msiactions.setup:/oauth2redirect" Q),
    OK ("io.github.msiactions.setup:/oauth2redirect" Q "&session_state=xyz&iss=https%3A%2F%2Flogin.example.com"),
    OK ("io.github.msiactions.setup:/oauth2redirect?state={state}&code=SplxlOBeZQQYbYS6WxSbIA#"),
    OK ("IO.GitHub.MsiActions.Setup:/oauth2redirect" Q),
    OK ("io.github.msiactions.setup:///oauth2redirect" Q),
    OK ("io.github.msiactions.setup:/oauth2redirect" Q "#code=other"),
    MISS ("https:/oauth2redirect" Q),
    MISS ("https://io.github.msiactions.setup/oauth2redirect" Q),
    MISS ("io.github.msiactions.setup.evil:/oauth2redirect" Q),
    MISS ("evil.io.github.msiactions.setup:/oauth2redirect" Q),
    MISS ("io.github.msiactions.setu:/oauth2redirect" Q),
    MISS ("io.github.msiactions.setup:/oauth2redirect-evil" Q),
    MISS ("io.github.msiactions.setup:/oauth2redirectevil" Q),
    MISS ("io.github.msiactions.setup:/oauth2redirect/evil" Q),
    MISS ("io.github.msiactions.setup:/oauth2redirect/" Q),
    MISS ("io.github.msiactions.setup:/OAuth2Redirect" Q),
    MISS ("io.github.msiactions.setup:/evil/oauth2redirect" Q),
    MISS ("io.github.msiactions.setup://evil.example/oauth2redirect" Q),
    MISS ("io.github.msiactions.setup://user@evil.example/oauth2redirect" Q),
    MISS ("io.github.msiactions.setup://evil.example:443/oauth2redirect" Q),
    MISS ("io.github.msiactions.setup:/oauth2redirect%2F.." Q),
    MISS ("io.github.msiactions.setup:/oauth2redirect%2Fevil" Q),
    /* Percent-encoded unreserved characters are the same characters
     * (RFC 3986 §6.2.2.2); reserved ones are not. */
    OK ("io.github.msiactions.setup:/oauth2%72edirect" Q),
    MISS ("io.github.msiactions.setup:/oauth2redirect%2f.." Q),
    MISS ("io.github.msiactions.setup:%2Foauth2redirect" Q),
    MISS ("io.github.msiactions.setup:/a/../oauth2redirect" Q),
    MISS ("io.github.msiactions.setup:/./oauth2redirect" Q),
    MISS ("io.github.msiactions.setup:/oauth2redirect/." Q),
    MISS ("io.github.msiactions.setup:oauth2redirect" Q),
    MISS ("io.github.msiactions.setup:" Q),
    MISS ("io.github.msiactions.setup:/oauth2redirect\n" Q),
    MISS ("io.github.msiactions.setup:/oauth2 redirect" Q),
    MISS (" io.github.msiactions.setup:/oauth2redirect" Q),
    MISS ("/oauth2redirect" Q),
    MISS ("not a uri"),
    MISS (""),
    /* Right address, wrong answer */
    { PRIVATE_REDIRECT "#code=SplxlOBeZQQYbYS6WxSbIA&state={state}", TRUE, MSI_OAUTH2_ERROR_STATE_MISMATCH },
    { PRIVATE_REDIRECT "?state={state}#code=SplxlOBeZQQYbYS6WxSbIA", TRUE, MSI_OAUTH2_ERROR_MISSING_CODE },
    { PRIVATE_REDIRECT "?code=SplxlOBeZQQYbYS6WxSbIA", TRUE, MSI_OAUTH2_ERROR_STATE_MISMATCH },
    { PRIVATE_REDIRECT "?code=SplxlOBeZQQYbYS6WxSbIA&state=", TRUE, MSI_OAUTH2_ERROR_STATE_MISMATCH },
    { PRIVATE_REDIRECT "?code=SplxlOBeZQQYbYS6WxSbIA&state", TRUE, MSI_OAUTH2_ERROR_STATE_MISMATCH },
    { PRIVATE_REDIRECT "?code=SplxlOBeZQQYbYS6WxSbIA&state={state}x", TRUE, MSI_OAUTH2_ERROR_STATE_MISMATCH },
    { PRIVATE_REDIRECT "?code=SplxlOBeZQQYbYS6WxSbIA&State={state}", TRUE, MSI_OAUTH2_ERROR_STATE_MISMATCH },
    { PRIVATE_REDIRECT "?code=SplxlOBeZQQYbYS6WxSbIA&state=%20{state}", TRUE, MSI_OAUTH2_ERROR_STATE_MISMATCH },
    { PRIVATE_REDIRECT "?code=SplxlOBeZQQYbYS6WxSbIA&state={state}&state={state}", TRUE, MSI_OAUTH2_ERROR_INVALID_REDIRECT },
    { PRIVATE_REDIRECT "?code=SplxlOBeZQQYbYS6WxSbIA&state={state}&state=attacker", TRUE, MSI_OAUTH2_ERROR_INVALID_REDIRECT },
    { PRIVATE_REDIRECT "?code=attacker&code=SplxlOBeZQQYbYS6WxSbIA&state={state}", TRUE, MSI_OAUTH2_ERROR_INVALID_REDIRECT },
    { PRIVATE_REDIRECT "?code=%ZZ&state={state}", TRUE, MSI_OAUTH2_ERROR_INVALID_REDIRECT },
    { PRIVATE_REDIRECT "?code=Splxl%00OBeZQQYbYS6WxSbIA&state={state}", TRUE, MSI_OAUTH2_ERROR_INVALID_REDIRECT },
    { PRIVATE_REDIRECT "?code=SplxlOBeZQQYbYS6WxSbIA&st%61te={state}&state={state}", TRUE, MSI_OAUTH2_ERROR_INVALID_REDIRECT },
    OK (PRIVATE_REDIRECT "?flag&code=SplxlOBeZQQYbYS6WxSbIA&&state={state}&junk=%ZZ"),
    OK (PRIVATE_REDIRECT "?co%64e=SplxlOBeZQQYbYS6WxSbIA&state={state}"),
    { PRIVATE_REDIRECT "?code=%FF%FE&state={state}", TRUE, MSI_OAUTH2_ERROR_INVALID_REDIRECT },
    { PRIVATE_REDIRECT "?state={state}", TRUE, MSI_OAUTH2_ERROR_MISSING_CODE },
    { PRIVATE_REDIRECT "?code=&state={state}", TRUE, MSI_OAUTH2_ERROR_MISSING_CODE },
    { PRIVATE_REDIRECT, TRUE, MSI_OAUTH2_ERROR_STATE_MISMATCH },
  };

  check_cases (PRIVATE_REDIRECT, cases, G_N_ELEMENTS (cases));
}

static void
test_redirect_loopback (void)
{
  static const RedirectCase cases[] = {
    OK ("http://127.0.0.1:8123/callback" Q),
    OK ("http://127.0.0.1:8123/callback" Q "&extra=1"),
    OK ("HTTP://127.0.0.1:8123/callback" Q),
    OK ("http://127.0.0.1:08123/callback" Q),
    OK ("http://127.0.0.1:8123/callback" Q "#http://evil.example/"),
    MISS ("https://127.0.0.1:8123/callback" Q),
    MISS ("ws://127.0.0.1:8123/callback" Q),
    MISS ("http://127.0.0.1:8124/callback" Q),
    MISS ("http://127.0.0.1/callback" Q),
    MISS ("http://127.0.0.1:80/callback" Q),
    MISS ("http://localhost:8123/callback" Q),
    MISS ("http://[::1]:8123/callback" Q),
    MISS ("http://127.0.0.2:8123/callback" Q),
    MISS ("http://127.0.0.1.evil.example:8123/callback" Q),
    MISS ("http://127.0.0.1:8123@evil.example/callback" Q),
    MISS ("http://user@127.0.0.1:8123/callback" Q),
    MISS ("http://evil.example/callback" Q "#http://127.0.0.1:8123/callback"),
    MISS ("http://evil.example/?r=http://127.0.0.1:8123/callback&code=SplxlOBeZQQYbYS6WxSbIA&state={state}"),
    MISS ("http://127.0.0.1:8123/callback-evil" Q),
    MISS ("http://127.0.0.1:8123/callbackevil" Q),
    MISS ("http://127.0.0.1:8123/callback/evil" Q),
    MISS ("http://127.0.0.1:8123/callback/" Q),
    MISS ("http://127.0.0.1:8123/Callback" Q),
    MISS ("http://127.0.0.1:8123//evil.example/callback" Q),
    MISS ("http://127.0.0.1:8123/callback%2F.." Q),
    MISS ("http://127.0.0.1:8123/a/../callback" Q),
    MISS ("http://127.0.0.1:8123/callback/.." Q),
    MISS ("http://127.0.0.1:8123/callback%2f" Q),
    MISS ("http://127.0.0.1:8123/%2Fcallback" Q),
    MISS ("http://127.0.0.1:8123" Q),
    MISS ("http://127.0.0.1:99999/callback" Q),
    MISS ("http:/callback" Q),
    MISS ("http://127.0.0.1:8123\\callback" Q),
    MISS ("http://evil.example\\@127.0.0.1:8123/callback" Q),
    MISS ("http://127.0.0.1:8123/callback\\" Q),
    MISS ("not a uri"),
    MISS (""),
    { LOOPBACK_REDIRECT "#code=SplxlOBeZQQYbYS6WxSbIA&state={state}", TRUE, MSI_OAUTH2_ERROR_STATE_MISMATCH },
    { LOOPBACK_REDIRECT "?state={state}#code=SplxlOBeZQQYbYS6WxSbIA", TRUE, MSI_OAUTH2_ERROR_MISSING_CODE },
    { LOOPBACK_REDIRECT "?code=SplxlOBeZQQYbYS6WxSbIA", TRUE, MSI_OAUTH2_ERROR_STATE_MISMATCH },
    { LOOPBACK_REDIRECT "?code=SplxlOBeZQQYbYS6WxSbIA&state=", TRUE, MSI_OAUTH2_ERROR_STATE_MISMATCH },
    { LOOPBACK_REDIRECT "?code=SplxlOBeZQQYbYS6WxSbIA&state={state}&state={state}", TRUE, MSI_OAUTH2_ERROR_INVALID_REDIRECT },
    { LOOPBACK_REDIRECT "?code=SplxlOBeZQQYbYS6WxSbIA&code=other&state={state}", TRUE, MSI_OAUTH2_ERROR_INVALID_REDIRECT },
  };

  check_cases (LOOPBACK_REDIRECT, cases, G_N_ELEMENTS (cases));
}

static void
test_redirect_default_port (void)
{
  static const RedirectCase cases[] = {
    OK ("http://127.0.0.1/callback" Q),
    OK ("http://127.0.0.1:80/callback" Q),
    MISS ("http://127.0.0.1:8080/callback" Q),
    MISS ("https://127.0.0.1/callback" Q),
  };
  static const RedirectCase https_cases[] = {
    OK ("https://app.example.com/cb" Q),
    OK ("https://APP.example.COM:443/cb" Q),
    MISS ("https://app.example.com:8443/cb" Q),
    MISS ("http://app.example.com/cb" Q),
  };
  /* Microsoft answers "http://localhost" with "http://localhost/". */
  static const RedirectCase no_path_cases[] = {
    OK ("http://localhost/" Q),
    OK ("http://localhost" Q),
    MISS ("http://localhost/x" Q),
  };

  check_cases ("http://127.0.0.1/callback", cases, G_N_ELEMENTS (cases));
  check_cases ("https://app.example.com/cb", https_cases, G_N_ELEMENTS (https_cases));
  check_cases ("http://localhost", no_path_cases, G_N_ELEMENTS (no_path_cases));
}

static void
test_redirect_other_flow (void)
{
  g_autoptr(MsiOAuth2Client) client = new_offline_client ("https://login.example.com/authorize", PRIVATE_REDIRECT);
  g_autoptr(MsiOAuth2Flow) mine = begin (client);
  g_autoptr(MsiOAuth2Flow) other = begin (client);
  g_autofree char *uri = g_strdup_printf (PRIVATE_REDIRECT "?code=abc&state=%s", msi_oauth2_flow_get_state (other));
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;

  g_assert_true (msi_oauth2_flow_matches_redirect (mine, uri));
  code = msi_oauth2_flow_parse_redirect (mine, uri, &error);
  g_assert_error (error, MSI_OAUTH2_ERROR, MSI_OAUTH2_ERROR_STATE_MISMATCH);
  g_assert_null (code);
  g_clear_error (&error);

  /* The wrong answer did not spend the right state. */
  code = msi_oauth2_flow_parse_redirect (other, uri, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (code, ==, "abc");
}

static void
test_redirect_one_time (void)
{
  g_autoptr(MsiOAuth2Client) client = new_offline_client ("https://login.example.com/authorize", PRIVATE_REDIRECT);
  g_autoptr(MsiOAuth2Flow) flow = begin (client);
  g_autoptr(MsiOAuth2Flow) denied = begin (client);
  g_autofree char *uri = g_strdup_printf (PRIVATE_REDIRECT "?code=c%%2Fd%%3D%%2B+e&state=%s", msi_oauth2_flow_get_state (flow));
  g_autofree char *denied_uri = g_strdup_printf (PRIVATE_REDIRECT "?error=access_denied&state=%s",
                                                 msi_oauth2_flow_get_state (denied));
  g_autofree char *replay = g_strdup_printf (PRIVATE_REDIRECT "?code=abc&state=%s", msi_oauth2_flow_get_state (denied));
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_autofree char *again = NULL;
  g_autofree char *after_denial = NULL;

  code = msi_oauth2_flow_parse_redirect (flow, uri, &error);
  g_assert_no_error (error);
  /* Form decoding: %2F, %3D, %2B, and "+" for a space. */
  g_assert_cmpstr (code, ==, "c/d=+ e");

  again = msi_oauth2_flow_parse_redirect (flow, uri, &error);
  g_assert_error (error, MSI_OAUTH2_ERROR, MSI_OAUTH2_ERROR_STATE_MISMATCH);
  g_assert_null (again);
  g_clear_error (&error);

  /* An answer, even a refusal, ends the attempt. */
  g_assert_null (msi_oauth2_flow_parse_redirect (denied, denied_uri, &error));
  g_assert_error (error, MSI_OAUTH2_ERROR, MSI_OAUTH2_ERROR_ACCESS_DENIED);
  g_clear_error (&error);
  after_denial = msi_oauth2_flow_parse_redirect (denied, replay, &error);
  g_assert_error (error, MSI_OAUTH2_ERROR, MSI_OAUTH2_ERROR_STATE_MISMATCH);
  g_assert_null (after_denial);

  /* The verifier stays for the code exchange. */
  g_assert_true (msi_oauth2_is_valid_verifier (msi_oauth2_flow_get_verifier (flow)));
}

static GError *
parse_error_redirect (const char *query_pattern)
{
  g_autoptr(MsiOAuth2Client) client = new_offline_client ("https://login.example.com/authorize", LOOPBACK_REDIRECT);
  g_autoptr(MsiOAuth2Flow) flow = begin (client);
  g_autofree char *query = expand (query_pattern, flow);
  g_autofree char *uri = g_strconcat (LOOPBACK_REDIRECT "?", query, NULL);
  g_autofree char *code = NULL;
  GError *error = NULL;

  code = msi_oauth2_flow_parse_redirect (flow, uri, &error);
  g_assert_null (code);
  g_assert_nonnull (error);
  g_assert_null (strstr (error->message, msi_oauth2_flow_get_state (flow)));

  return error;
}

static void
test_redirect_errors (void)
{
  GError *error;

  error = parse_error_redirect ("error=access_denied&error_description=The+user+denied%20access&state={state}");
  g_assert_error (error, MSI_OAUTH2_ERROR, MSI_OAUTH2_ERROR_ACCESS_DENIED);
  g_assert_true (g_str_has_prefix (error->message, "Sign-in was cancelled."));
  g_assert_nonnull (strstr (error->message, "The user denied access"));
  g_clear_error (&error);

  error = parse_error_redirect ("error=access_denied&state={state}");
  g_assert_error (error, MSI_OAUTH2_ERROR, MSI_OAUTH2_ERROR_ACCESS_DENIED);
  g_assert_cmpstr (error->message, ==, "Sign-in was cancelled.");
  g_clear_error (&error);

  /* An error wins over a code sent alongside, which stays out of the message. */
  error = parse_error_redirect ("state={state}&code=SECRETCODE&error=interaction_required&error_description=AADSTS50058%3A+silent+sign-in");
  g_assert_error (error, MSI_OAUTH2_ERROR, MSI_OAUTH2_ERROR_INTERACTION_REQUIRED);
  g_assert_null (strstr (error->message, "SECRETCODE"));
  g_assert_nonnull (strstr (error->message, "AADSTS50058: silent sign-in"));
  g_clear_error (&error);

  error = parse_error_redirect ("error=consent_required&state={state}");
  g_assert_error (error, MSI_OAUTH2_ERROR, MSI_OAUTH2_ERROR_INTERACTION_REQUIRED);
  g_clear_error (&error);

  error = parse_error_redirect ("error=server_error&state={state}");
  g_assert_error (error, MSI_OAUTH2_ERROR, MSI_OAUTH2_ERROR_TEMPORARILY_UNAVAILABLE);
  g_clear_error (&error);

  error = parse_error_redirect ("error=something_new&error_description=%0A%1B%5B31mred&state={state}");
  g_assert_error (error, MSI_OAUTH2_ERROR, MSI_OAUTH2_ERROR_FAILED);
  /* Control characters never reach the window. */
  g_assert_null (strchr (error->message, '\033'));
  g_assert_null (strchr (error->message, '\n'));
  g_clear_error (&error);

  /* An error without the right state is not believed. */
  error = parse_error_redirect ("error=access_denied&state=guess");
  g_assert_error (error, MSI_OAUTH2_ERROR, MSI_OAUTH2_ERROR_STATE_MISMATCH);
  g_clear_error (&error);
}

static void
test_error_from_code (void)
{
  static const struct
  {
    const char     *code;
    MsiOAuth2Error  error;
  } table[] = {
    { "access_denied", MSI_OAUTH2_ERROR_ACCESS_DENIED },
    { "invalid_grant", MSI_OAUTH2_ERROR_INVALID_GRANT },
    { "invalid_client", MSI_OAUTH2_ERROR_INVALID_CLIENT },
    { "invalid_client_id", MSI_OAUTH2_ERROR_INVALID_CLIENT },
    { "unauthorized_client", MSI_OAUTH2_ERROR_UNAUTHORIZED_CLIENT },
    { "invalid_request", MSI_OAUTH2_ERROR_INVALID_REQUEST },
    { "invalid_scope", MSI_OAUTH2_ERROR_INVALID_SCOPE },
    { "unsupported_response_type", MSI_OAUTH2_ERROR_UNSUPPORTED },
    { "unsupported_grant_type", MSI_OAUTH2_ERROR_UNSUPPORTED },
    { "unsupported_token_type", MSI_OAUTH2_ERROR_UNSUPPORTED },
    { "interaction_required", MSI_OAUTH2_ERROR_INTERACTION_REQUIRED },
    { "consent_required", MSI_OAUTH2_ERROR_INTERACTION_REQUIRED },
    { "login_required", MSI_OAUTH2_ERROR_INTERACTION_REQUIRED },
    { "temporarily_unavailable", MSI_OAUTH2_ERROR_TEMPORARILY_UNAVAILABLE },
    { "server_error", MSI_OAUTH2_ERROR_TEMPORARILY_UNAVAILABLE },
    { "ACCESS_DENIED", MSI_OAUTH2_ERROR_FAILED },
    { "whatever", MSI_OAUTH2_ERROR_FAILED },
    { "", MSI_OAUTH2_ERROR_FAILED },
    { NULL, MSI_OAUTH2_ERROR_FAILED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    g_assert_cmpint (msi_oauth2_error_from_code (table[i].code), ==, table[i].error);
}

/* The token endpoint, against a SoupServer in the test */

typedef struct
{
  SoupServer      *server;
  char            *base_url;
  MsiHttpClient   *http;
  MsiOAuth2Client *client;
  GMainLoop       *loop;
  guint            hits;
  char            *last_path;
  char            *last_content_type;
  gboolean         last_had_authorization;
  GHashTable      *last_form;
  guint            reply_status;
  const char      *reply_type;
  const char      *reply_body;
  MsiOAuth2Tokens *tokens;
  gboolean         revoked;
  GError          *error;
} Fixture;

static void
handler (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  Fixture *f = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  f->hits++;
  g_assert_cmpstr (soup_server_message_get_method (msg), ==, "POST");
  g_free (f->last_path);
  f->last_path = g_strdup (path);
  g_free (f->last_content_type);
  f->last_content_type = g_strdup (soup_message_headers_get_content_type (headers, NULL));
  f->last_had_authorization = soup_message_headers_get_one (headers, "Authorization") != NULL;
  g_clear_pointer (&f->last_form, g_hash_table_unref);
  f->last_form = soup_form_decode (text);

  soup_server_message_set_status (msg, f->reply_status, NULL);
  if (f->reply_body != NULL)
    soup_server_message_set_response (msg, f->reply_type, SOUP_MEMORY_COPY,
                                      f->reply_body, strlen (f->reply_body));
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;
  g_autofree char *token = NULL;
  g_autofree char *revoke = NULL;

  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, NULL, handler, f, NULL);
  g_assert_true (soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);

  uris = soup_server_get_uris (f->server);
  f->base_url = g_uri_to_string (uris->data);
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify)g_uri_unref);
  if (g_str_has_suffix (f->base_url, "/"))
    f->base_url[strlen (f->base_url) - 1] = '\0';

  /* The HTTP client's base is elsewhere: endpoints are absolute URLs. */
  f->http = msi_http_client_new (NULL, "https://unused.invalid");
  msi_http_client_set_retry_delay (f->http, 10, 50);
  token = g_strconcat (f->base_url, "/services/oauth2/token", NULL);
  revoke = g_strconcat (f->base_url, "/services/oauth2/revoke", NULL);
  f->client = msi_oauth2_client_new (f->http, "client-123",
                                     "https://login.example.com/services/oauth2/authorize",
                                     token, revoke, PRIVATE_REDIRECT);
  msi_oauth2_client_set_clock (f->client, fake_clock);
  f->loop = g_main_loop_new (NULL, FALSE);
  f->reply_status = 200;
  f->reply_type = "application/json";
  fake_now = FAKE_NOW;
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  /* No request is left holding the client. */
  g_object_add_weak_pointer (G_OBJECT (f->client), (gpointer *)&f->client);
  g_object_unref (f->client);
  g_assert_null (f->client);
  g_clear_object (&f->http);
  soup_server_disconnect (f->server);
  g_clear_object (&f->server);
  g_clear_pointer (&f->base_url, g_free);
  g_clear_pointer (&f->loop, g_main_loop_unref);
  g_clear_pointer (&f->last_path, g_free);
  g_clear_pointer (&f->last_content_type, g_free);
  g_clear_pointer (&f->last_form, g_hash_table_unref);
  g_clear_pointer (&f->tokens, msi_oauth2_tokens_free);
  g_clear_error (&f->error);
}

static void
reply_with (Fixture    *f,
            guint       status,
            const char *body)
{
  f->reply_status = status;
  f->reply_body = body;
}

static void
exchange_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Fixture *f = user_data;

  f->tokens = msi_oauth2_client_exchange_code_finish (MSI_OAUTH2_CLIENT (object), result, &f->error);
  g_main_loop_quit (f->loop);
}

static void
refresh_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Fixture *f = user_data;

  f->tokens = msi_token_refresher_refresh_finish (MSI_TOKEN_REFRESHER (object), result, &f->error);
  g_main_loop_quit (f->loop);
}

static void
revoke_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Fixture *f = user_data;

  f->revoked = msi_oauth2_client_revoke_finish (MSI_OAUTH2_CLIENT (object), result, &f->error);
  g_main_loop_quit (f->loop);
}

static void
reset_result (Fixture *f)
{
  g_clear_pointer (&f->tokens, msi_oauth2_tokens_free);
  g_clear_error (&f->error);
  f->revoked = FALSE;
}

static void
run_exchange (Fixture       *f,
              MsiOAuth2Flow *flow,
              const char    *code)
{
  reset_result (f);
  msi_oauth2_client_exchange_code_async (f->client, flow, code, NULL, exchange_cb, f);
  g_main_loop_run (f->loop);
}

static void
run_refresh (Fixture    *f,
             const char *refresh_token)
{
  reset_result (f);
  msi_token_refresher_refresh_async (MSI_TOKEN_REFRESHER (f->client), refresh_token, NULL, refresh_cb, f);
  g_main_loop_run (f->loop);
}

static void
run_revoke (Fixture    *f,
            const char *token)
{
  reset_result (f);
  msi_oauth2_client_revoke_async (f->client, token, NULL, revoke_cb, f);
  g_main_loop_run (f->loop);
}

static MsiOAuth2Flow *
fixture_begin (Fixture *f)
{
  return begin (f->client);
}

static void
assert_form_keys (GHashTable  *form,
                  const char **keys)
{
  g_assert_nonnull (form);
  g_assert_cmpuint (g_hash_table_size (form), ==, g_strv_length ((char **)keys));
  for (guint i = 0; keys[i] != NULL; i++)
    g_assert_true (g_hash_table_contains (form, keys[i]));
}

#define SALESFORCE_REPLY \
  "{\"access_token\": \"00Dxx0000001gPL!AR8AQJXg5oj8jXSgxJfA0lBog\"," \
  " \"refresh_token\": \"5Aep861TSESvWeug_xvFHRBTTbf_YrTWgEyjBJrc\"," \
  " \"signature\": \"CMJ4l+CCaPQiKjoOEwEig9H4wqhpuLSk4J2urAe+fVg=\"," \
  " \"scope\": \"refresh_token api openid\"," \
  " \"id_token\": \"eyJraWQiOiIyMjAiLCJ0eXAiOiJKV1QifQ.e30.sig\"," \
  " \"instance_url\": \"https://yourInstance.my.salesforce.com\"," \
  " \"id\": \"https://login.salesforce.com/id/00Dxx0000001gPLEAY/005xx000001SwiUAAS\"," \
  " \"token_type\": \"Bearer\"," \
  " \"issued_at\": \"1712345678901\"}"

static void
test_exchange_salesforce (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(MsiOAuth2Flow) flow = fixture_begin (f);
  g_autoptr(GHashTable) params = url_params (msi_oauth2_flow_get_authorization_url (flow));
  g_autofree char *redirect = g_strdup_printf (PRIVATE_REDIRECT "?code=aPrx4sgoM2Nd1zWeFVlOWveD0HhYmiDiLmlLnXEBgX01tpVOQMWVSUuafFPHu3kCSjzk4CUTZg%%3D%%3D&state=%s",
                                               msi_oauth2_flow_get_state (flow));
  g_autofree char *code = NULL;
  g_autofree char *posted_challenge = NULL;
  g_autoptr(GError) error = NULL;
  const char *keys[] = { "grant_type", "code", "client_id", "redirect_uri", "code_verifier", NULL };

  msi_oauth2_client_set_provider (f->client, MSI_OAUTH2_PROVIDER_SALESFORCE);
  code = msi_oauth2_flow_parse_redirect (flow, redirect, &error);
  g_assert_no_error (error);

  reply_with (f, 200, SALESFORCE_REPLY);
  run_exchange (f, flow, code);
  g_assert_no_error (f->error);

  /* Exactly what a public client sends: no secret, no Authorization. */
  g_assert_cmpuint (f->hits, ==, 1);
  g_assert_cmpstr (f->last_path, ==, "/services/oauth2/token");
  g_assert_cmpstr (f->last_content_type, ==, "application/x-www-form-urlencoded");
  g_assert_false (f->last_had_authorization);
  assert_form_keys (f->last_form, keys);
  g_assert_false (g_hash_table_contains (f->last_form, "client_secret"));
  g_assert_cmpstr (g_hash_table_lookup (f->last_form, "grant_type"), ==, "authorization_code");
  g_assert_cmpstr (g_hash_table_lookup (f->last_form, "code"), ==,
                   "aPrx4sgoM2Nd1zWeFVlOWveD0HhYmiDiLmlLnXEBgX01tpVOQMWVSUuafFPHu3kCSjzk4CUTZg==");
  g_assert_cmpstr (g_hash_table_lookup (f->last_form, "client_id"), ==, "client-123");
  g_assert_cmpstr (g_hash_table_lookup (f->last_form, "redirect_uri"), ==, PRIVATE_REDIRECT);
  g_assert_cmpstr (g_hash_table_lookup (f->last_form, "code_verifier"), ==, msi_oauth2_flow_get_verifier (flow));
  /* What the server checks (RFC 7636 §4.6). */
  posted_challenge = msi_oauth2_pkce_challenge (g_hash_table_lookup (f->last_form, "code_verifier"));
  g_assert_cmpstr (posted_challenge, ==, g_hash_table_lookup (params, "code_challenge"));

  g_assert_nonnull (f->tokens);
  g_assert_cmpstr (f->tokens->access_token, ==, "00Dxx0000001gPL!AR8AQJXg5oj8jXSgxJfA0lBog");
  g_assert_cmpstr (f->tokens->refresh_token, ==, "5Aep861TSESvWeug_xvFHRBTTbf_YrTWgEyjBJrc");
  g_assert_cmpstr (f->tokens->token_type, ==, "Bearer");
  g_assert_cmpstr (f->tokens->scope, ==, "refresh_token api openid");
  g_assert_cmpstr (f->tokens->instance_url, ==, "https://yourInstance.my.salesforce.com");
  g_assert_cmpstr (f->tokens->id_url, ==, "https://login.salesforce.com/id/00Dxx0000001gPLEAY/005xx000001SwiUAAS");
  g_assert_cmpstr (f->tokens->id_token, ==, "eyJraWQiOiIyMjAiLCJ0eXAiOiJKV1QifQ.e30.sig");
  g_assert_cmpint (f->tokens->expires_at, ==, 1712345678 + 7200);
}

static void
test_exchange_salesforce_lifetime (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(MsiOAuth2Flow) flow = fixture_begin (f);

  msi_oauth2_client_set_provider (f->client, MSI_OAUTH2_PROVIDER_SALESFORCE);
  g_object_set (f->client, "default-lifetime", (gint64)900, NULL);
  g_assert_cmpint (msi_oauth2_client_get_default_lifetime (f->client), ==, 900);

  reply_with (f, 200, SALESFORCE_REPLY);
  run_exchange (f, flow, "code");
  g_assert_no_error (f->error);
  g_assert_cmpint (f->tokens->expires_at, ==, 1712345678 + 900);

  /* Neither expires_in nor issued_at: assume the session timeout from now. */
  reply_with (f, 200, "{\"access_token\": \"at\", \"instance_url\": \"https://na1.salesforce.com\"}");
  run_exchange (f, flow, "code");
  g_assert_no_error (f->error);
  g_assert_cmpint (f->tokens->expires_at, ==, FAKE_NOW + 900);
}

static void
test_exchange_microsoft (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(MsiOAuth2Flow) flow = fixture_begin (f);

  msi_oauth2_client_set_provider (f->client, MSI_OAUTH2_PROVIDER_MICROSOFT);
  fake_now = 1750000000;
  reply_with (f, 200,
              "{\"token_type\": \"Bearer\", \"scope\": \"https://graph.microsoft.com/Mail.Send https://graph.microsoft.com/User.Read\","
              " \"expires_in\": 3599, \"ext_expires_in\": 3599, \"access_token\": \"eyJ0eXAiOiJKV1Qi.ms.at\","
              " \"refresh_token\": \"0.AAAA-ms-rt\", \"id_token\": \"eyJ0eXAiOiJKV1Qi.ms.id\"}");
  run_exchange (f, flow, "M.C507_BAY.2.U.code");
  g_assert_no_error (f->error);
  g_assert_cmpstr (f->tokens->access_token, ==, "eyJ0eXAiOiJKV1Qi.ms.at");
  g_assert_cmpstr (f->tokens->refresh_token, ==, "0.AAAA-ms-rt");
  g_assert_cmpstr (f->tokens->id_token, ==, "eyJ0eXAiOiJKV1Qi.ms.id");
  g_assert_cmpstr (f->tokens->scope, ==, "https://graph.microsoft.com/Mail.Send https://graph.microsoft.com/User.Read");
  g_assert_null (f->tokens->instance_url);
  g_assert_cmpint (f->tokens->expires_at, ==, 1750000000 + 3599);
  g_assert_false (g_hash_table_contains (f->last_form, "client_secret"));
  g_assert_false (g_hash_table_contains (f->last_form, "scope"));
}

static void
test_exchange_expires_in_string (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(MsiOAuth2Flow) flow = fixture_begin (f);

  reply_with (f, 200, "{\"access_token\": \"ya29.at\", \"expires_in\": \"3600\", \"token_type\": \"Bearer\"}");
  run_exchange (f, flow, "4/0Aexample");
  g_assert_no_error (f->error);
  g_assert_cmpint (f->tokens->expires_at, ==, FAKE_NOW + 3600);
  g_assert_null (f->tokens->refresh_token);

  /* Nonsense is "unknown", not a date in 1970 or far away. */
  reply_with (f, 200, "{\"access_token\": \"ya29.at\", \"expires_in\": \"soon\"}");
  run_exchange (f, flow, "4/0Aexample");
  g_assert_no_error (f->error);
  g_assert_cmpint (f->tokens->expires_at, ==, 0);
  g_assert_cmpstr (f->tokens->token_type, ==, "Bearer");
}

static void
test_refresh_keeps_refresh_token (Fixture       *f,
                                  gconstpointer  data)
{
  const char *keys[] = { "grant_type", "refresh_token", "client_id", NULL };

  msi_oauth2_client_set_scope (f->client, "api refresh_token");
  reply_with (f, 200,
              "{\"access_token\": \"new-access\", \"signature\": \"x\", \"scope\": \"refresh_token api\","
              " \"instance_url\": \"https://na1.salesforce.com\", \"id\": \"https://login.salesforce.com/id/00D/005\","
              " \"token_type\": \"Bearer\", \"issued_at\": \"1712345678901\"}");
  run_refresh (f, "old-refresh");
  g_assert_no_error (f->error);
  assert_form_keys (f->last_form, keys);
  g_assert_cmpstr (g_hash_table_lookup (f->last_form, "grant_type"), ==, "refresh_token");
  g_assert_cmpstr (g_hash_table_lookup (f->last_form, "refresh_token"), ==, "old-refresh");
  g_assert_cmpstr (g_hash_table_lookup (f->last_form, "client_id"), ==, "client-123");
  g_assert_false (f->last_had_authorization);

  g_assert_cmpstr (f->tokens->access_token, ==, "new-access");
  g_assert_cmpstr (f->tokens->refresh_token, ==, "old-refresh");
  g_assert_cmpint (f->tokens->expires_at, ==, 1712345678 + 7200);
}

static void
test_refresh_rotation (Fixture       *f,
                       gconstpointer  data)
{
  reply_with (f, 200, "{\"access_token\": \"new-access\", \"refresh_token\": \"rotated-refresh\", \"expires_in\": 3600}");
  run_refresh (f, "old-refresh");
  g_assert_no_error (f->error);
  g_assert_cmpstr (f->tokens->refresh_token, ==, "rotated-refresh");
  g_assert_cmpint (f->tokens->expires_at, ==, FAKE_NOW + 3600);
}

static void
test_refresh_microsoft_scope (Fixture       *f,
                              gconstpointer  data)
{
  const char *keys[] = { "grant_type", "refresh_token", "client_id", "scope", NULL };

  g_object_set (f->client, "provider", MSI_OAUTH2_PROVIDER_MICROSOFT, NULL);
  msi_oauth2_client_set_scope (f->client, "offline_access https://graph.microsoft.com/Mail.Send");
  reply_with (f, 200, "{\"access_token\": \"at\", \"refresh_token\": \"rt2\", \"expires_in\": 3599}");
  run_refresh (f, "rt1");
  g_assert_no_error (f->error);
  assert_form_keys (f->last_form, keys);
  g_assert_cmpstr (g_hash_table_lookup (f->last_form, "scope"), ==,
                   "offline_access https://graph.microsoft.com/Mail.Send");
}

static void
test_invalid_grant (Fixture       *f,
                    gconstpointer  data)
{
  reply_with (f, 400, "{\"error\": \"invalid_grant\", \"error_description\": \"expired access/refresh token\"}");
  run_refresh (f, "revoked-refresh-token");
  g_assert_error (f->error, MSI_OAUTH2_ERROR, MSI_OAUTH2_ERROR_INVALID_GRANT);
  g_assert_nonnull (strstr (f->error->message, "expired access/refresh token"));
  g_assert_null (strstr (f->error->message, "revoked-refresh-token"));
  g_assert_null (f->tokens);

  /* Microsoft sends 400 with more fields; Salesforce sometimes 401. */
  reply_with (f, 401, "{\"error\": \"invalid_client\", \"error_description\": \"invalid client credentials\"}");
  run_refresh (f, "rt");
  g_assert_error (f->error, MSI_OAUTH2_ERROR, MSI_OAUTH2_ERROR_INVALID_CLIENT);

  reply_with (f, 400, "{\"error\": \"invalid_grant\", \"error_description\": \"AADSTS70008: The provided authorization code or refresh token has expired.\","
                      " \"error_codes\": [70008], \"timestamp\": \"2024-01-01 00:00:00Z\", \"trace_id\": \"t\", \"correlation_id\": \"c\"}");
  {
    g_autoptr(MsiOAuth2Flow) flow = fixture_begin (f);

    run_exchange (f, flow, "expired-code");
  }
  g_assert_error (f->error, MSI_OAUTH2_ERROR, MSI_OAUTH2_ERROR_INVALID_GRANT);
  g_assert_null (strstr (f->error->message, "expired-code"));
}

static void
test_invalid_replies (Fixture       *f,
                      gconstpointer  data)
{
  reply_with (f, 200, "{\"token_type\": \"Bearer\", \"refresh_token\": \"rt\", \"expires_in\": 3600}");
  run_refresh (f, "rt");
  g_assert_error (f->error, MSI_HTTP_ERROR, MSI_HTTP_ERROR_INVALID_RESPONSE);

  reply_with (f, 200, "{\"access_token\": 42}");
  run_refresh (f, "rt");
  g_assert_error (f->error, MSI_HTTP_ERROR, MSI_HTTP_ERROR_INVALID_RESPONSE);

  reply_with (f, 200, "[\"access_token\"]");
  run_refresh (f, "rt");
  g_assert_error (f->error, MSI_HTTP_ERROR, MSI_HTTP_ERROR_INVALID_RESPONSE);

  /* The access token would be sent to this address in clear text. */
  reply_with (f, 200, "{\"access_token\": \"at\", \"instance_url\": \"http://evil.example\"}");
  run_refresh (f, "rt");
  g_assert_error (f->error, MSI_HTTP_ERROR, MSI_HTTP_ERROR_INVALID_RESPONSE);

  /* Other HTTP errors keep their HTTP meaning. */
  f->reply_type = "text/plain";
  reply_with (f, 500, "boom");
  run_refresh (f, "rt");
  g_assert_error (f->error, MSI_HTTP_ERROR, MSI_HTTP_ERROR_SERVER);

  f->reply_type = "application/json";
  reply_with (f, 403, "{\"message\": \"forbidden\"}");
  run_refresh (f, "rt");
  g_assert_error (f->error, MSI_HTTP_ERROR, MSI_HTTP_ERROR_FORBIDDEN);
}

static void
test_revoke (Fixture       *f,
             gconstpointer  data)
{
  const char *keys[] = { "token", NULL };

  reply_with (f, 200, NULL);
  run_revoke (f, "refresh-to-revoke");
  g_assert_no_error (f->error);
  g_assert_true (f->revoked);
  g_assert_cmpstr (f->last_path, ==, "/services/oauth2/revoke");
  g_assert_cmpstr (f->last_content_type, ==, "application/x-www-form-urlencoded");
  assert_form_keys (f->last_form, keys);
  g_assert_cmpstr (g_hash_table_lookup (f->last_form, "token"), ==, "refresh-to-revoke");

  /* Already revoked */
  reply_with (f, 400, "{\"error\": \"unsupported_token_type\", \"error_description\": \"this token type is not supported\"}");
  run_revoke (f, "refresh-to-revoke");
  g_assert_no_error (f->error);
  g_assert_true (f->revoked);

  reply_with (f, 400, "{\"error\": \"invalid_token\"}");
  run_revoke (f, "refresh-to-revoke");
  g_assert_no_error (f->error);
  g_assert_true (f->revoked);

  /* A 200 without JSON is still a 200. */
  f->reply_type = "text/html";
  reply_with (f, 200, "<html>ok</html>");
  run_revoke (f, "refresh-to-revoke");
  g_assert_no_error (f->error);
  g_assert_true (f->revoked);

  f->reply_type = "application/json";
  reply_with (f, 400, "{\"error\": \"invalid_request\"}");
  run_revoke (f, "refresh-to-revoke");
  g_assert_error (f->error, MSI_OAUTH2_ERROR, MSI_OAUTH2_ERROR_INVALID_REQUEST);
  g_assert_false (f->revoked);
}

static void
test_revoke_without_endpoint (Fixture       *f,
                              gconstpointer  data)
{
  g_clear_object (&f->client);
  f->client = msi_oauth2_client_new (f->http, "client-123",
                                     "https://login.microsoftonline.com/common/oauth2/v2.0/authorize",
                                     "https://login.microsoftonline.com/common/oauth2/v2.0/token",
                                     NULL, "http://localhost/callback");
  run_revoke (f, "token");
  g_assert_no_error (f->error);
  g_assert_true (f->revoked);
  g_assert_cmpuint (f->hits, ==, 0);
}

static void
test_properties (void)
{
  g_autoptr(MsiOAuth2Client) client = new_offline_client ("https://login.example.com/authorize", PRIVATE_REDIRECT);
  g_autofree char *scope = NULL;
  MsiOAuth2Provider provider;
  gint64 lifetime;

  g_assert_cmpstr (msi_oauth2_client_get_client_id (client), ==, "client-123");
  g_assert_cmpstr (msi_oauth2_client_get_redirect_uri (client), ==, PRIVATE_REDIRECT);
  g_assert_cmpint (msi_oauth2_client_get_default_lifetime (client), ==, 7200);
  g_assert_cmpint (msi_oauth2_client_get_provider (client), ==, MSI_OAUTH2_PROVIDER_GENERIC);
  g_assert_null (msi_oauth2_client_get_scope (client));
  g_assert_cmpint (msi_oauth2_client_get_now (client), ==, fake_now);

  g_object_set (client,
                "scope", "api refresh_token",
                "provider", MSI_OAUTH2_PROVIDER_SALESFORCE,
                "default-lifetime", (gint64)3600,
                NULL);
  g_object_get (client, "scope", &scope, "provider", &provider, "default-lifetime", &lifetime, NULL);
  g_assert_cmpstr (scope, ==, "api refresh_token");
  g_assert_cmpint (provider, ==, MSI_OAUTH2_PROVIDER_SALESFORCE);
  g_assert_cmpint (lifetime, ==, 3600);

  msi_oauth2_client_set_scope (client, "");
  g_assert_null (msi_oauth2_client_get_scope (client));
}

static void
test_uri_matches (void)
{
  static const char expected[] = "https://sales.example.com/api/v1/connections/salesforce/callback";
  static const char *accepted[] = {
    "https://sales.example.com/api/v1/connections/salesforce/callback",
    "https://sales.example.com/api/v1/connections/salesforce/callback?code=a&state=b",
    "https://SALES.example.com:443/api/v1/connections/salesforce/callback?error=access_denied",
  };
  static const char *refused[] = {
    "http://sales.example.com/api/v1/connections/salesforce/callback",
    "https://sales.example.com.evil.example/api/v1/connections/salesforce/callback",
    "https://sales.example.com:8443/api/v1/connections/salesforce/callback",
    "https://sales.example.com/api/v1/connections/salesforce/callback/",
    "https://sales.example.com/api/v1/connections/salesforce/callback-evil",
    "https://sales.example.com/api/v1/connections/salesforce",
    "https://user@sales.example.com/api/v1/connections/salesforce/callback",
    "https://evil.example/?https://sales.example.com/api/v1/connections/salesforce/callback",
    "",
    NULL,
  };

  for (guint i = 0; i < G_N_ELEMENTS (accepted); i++)
    g_assert_true (msi_oauth2_uri_matches (expected, accepted[i]));
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    g_assert_false (msi_oauth2_uri_matches (expected, refused[i]));
}

int
main (int   argc,
      char *argv[])
{
  /* Isolated directories hide the proxy settings schema. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/oauth2/pkce/rfc7636-vector", test_pkce_vector);
  g_test_add_func ("/oauth2/pkce/verifier-grammar", test_verifier_grammar);
  g_test_add_func ("/oauth2/state/unique", test_state_unique);
  g_test_add_func ("/oauth2/flow/expiry", test_flow_expiry);
  g_test_add_func ("/oauth2/authorize/url", test_authorization_url);
  g_test_add_func ("/oauth2/authorize/url-minimal", test_authorization_url_minimal);
  g_test_add_func ("/oauth2/authorize/invalid-endpoints", test_invalid_endpoints);
  g_test_add_func ("/oauth2/redirect/private-scheme", test_redirect_private_scheme);
  g_test_add_func ("/oauth2/redirect/loopback", test_redirect_loopback);
  g_test_add_func ("/oauth2/redirect/uri-matches", test_uri_matches);
  g_test_add_func ("/oauth2/redirect/default-port", test_redirect_default_port);
  g_test_add_func ("/oauth2/redirect/other-flow", test_redirect_other_flow);
  g_test_add_func ("/oauth2/redirect/one-time", test_redirect_one_time);
  g_test_add_func ("/oauth2/redirect/errors", test_redirect_errors);
  g_test_add_func ("/oauth2/error/from-code", test_error_from_code);
  g_test_add_func ("/oauth2/client/properties", test_properties);

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/oauth2/token/exchange-salesforce", test_exchange_salesforce);
  ADD ("/oauth2/token/salesforce-lifetime", test_exchange_salesforce_lifetime);
  ADD ("/oauth2/token/exchange-microsoft", test_exchange_microsoft);
  ADD ("/oauth2/token/expires-in-string", test_exchange_expires_in_string);
  ADD ("/oauth2/token/refresh-keeps-refresh-token", test_refresh_keeps_refresh_token);
  ADD ("/oauth2/token/refresh-rotation", test_refresh_rotation);
  ADD ("/oauth2/token/refresh-microsoft-scope", test_refresh_microsoft_scope);
  ADD ("/oauth2/token/invalid-grant", test_invalid_grant);
  ADD ("/oauth2/token/invalid-replies", test_invalid_replies);
  ADD ("/oauth2/revoke/replies", test_revoke);
  ADD ("/oauth2/revoke/no-endpoint", test_revoke_without_endpoint);
#undef ADD

  return g_test_run ();
}
