/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-oauth2-flow.c: one authorization attempt, with its PKCE verifier and state */

#define G_LOG_DOMAIN "msi-oauth2"

#include "config.h"

#include "msi-oauth2-flow.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <string.h>
#include <sys/random.h>

#include "msi-oauth2-client.h"

/* RFC 7636 §4.1: 32 octets give a 43-character verifier. */
#define VERIFIER_BYTES 32
/* 128 bits of state, 22 characters. */
#define STATE_BYTES 16
/* No redirect we accept is longer; anything longer is not ours. */
#define MAX_REDIRECT_LENGTH 8192

struct _MsiOAuth2Flow
{
  GObject   parent_instance;

  char     *authorization_url;
  char     *redirect_uri;
  char     *state;
  char     *verifier;
  gint64    created_at;
  gboolean  state_used;

  /* The redirect URI, split once. */
  char     *redirect_scheme;
  char     *redirect_host;
  int       redirect_port;
  char     *redirect_path;
};

enum {
  PROP_0,
  PROP_AUTHORIZATION_URL,
  PROP_REDIRECT_URI,
  PROP_CREATED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (MsiOAuth2Flow, msi_oauth2_flow, G_TYPE_OBJECT)

static void
wipe_string (char **secret)
{
  if (*secret != NULL)
    {
      explicit_bzero (*secret, strlen (*secret));
      g_clear_pointer (secret, g_free);
    }
}

static void
msi_oauth2_flow_finalize (GObject *object)
{
  MsiOAuth2Flow *self = (MsiOAuth2Flow *)object;

  wipe_string (&self->state);
  wipe_string (&self->verifier);
  /* The URL carries the state too. */
  wipe_string (&self->authorization_url);
  g_clear_pointer (&self->redirect_uri, g_free);
  g_clear_pointer (&self->redirect_scheme, g_free);
  g_clear_pointer (&self->redirect_host, g_free);
  g_clear_pointer (&self->redirect_path, g_free);

  G_OBJECT_CLASS (msi_oauth2_flow_parent_class)->finalize (object);
}

static void
msi_oauth2_flow_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  MsiOAuth2Flow *self = MSI_OAUTH2_FLOW (object);

  switch (prop_id)
    {
    case PROP_AUTHORIZATION_URL:
      g_value_set_string (value, self->authorization_url);
      break;

    case PROP_REDIRECT_URI:
      g_value_set_string (value, self->redirect_uri);
      break;

    case PROP_CREATED_AT:
      g_value_set_int64 (value, self->created_at);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
msi_oauth2_flow_class_init (MsiOAuth2FlowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = msi_oauth2_flow_finalize;
  object_class->get_property = msi_oauth2_flow_get_property;

  properties[PROP_AUTHORIZATION_URL] =
    g_param_spec_string ("authorization-url", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_REDIRECT_URI] =
    g_param_spec_string ("redirect-uri", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CREATED_AT] =
    g_param_spec_int64 ("created-at", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
msi_oauth2_flow_init (MsiOAuth2Flow *self)
{
  self->redirect_port = -1;
}

/* Fills @buf from the kernel's CSPRNG; getrandom() may be interrupted or
 * return fewer bytes than asked for. */
static gboolean
fill_random (guint8  *buf,
             gsize    len,
             GError **error)
{
  gsize filled = 0;

  while (filled < len)
    {
      ssize_t n = getrandom (buf + filled, len - filled, 0);

      if (n < 0)
        {
          int saved_errno = errno;

          if (saved_errno == EINTR)
            continue;

          g_set_error (error, MSI_OAUTH2_ERROR, MSI_OAUTH2_ERROR_FAILED,
                       _("Could not get the random numbers a safe sign-in needs: %s"),
                       g_strerror (saved_errno));
          return FALSE;
        }

      filled += (gsize)n;
    }

  return TRUE;
}

/* Base64url without padding (RFC 4648 §5, RFC 7636 Appendix A). */
static char *
base64url_encode (const guint8 *data,
                  gsize         len)
{
  char *text = g_base64_encode (data, len);
  char *w = text;

  for (const char *r = text; *r != '\0'; r++)
    {
      if (*r == '=')
        continue;
      if (*r == '+')
        *w++ = '-';
      else if (*r == '/')
        *w++ = '_';
      else
        *w++ = *r;
    }
  /* Only padding is left behind w. */
  *w = '\0';

  return text;
}

static char *
random_token (gsize     n_bytes,
              GError  **error)
{
  guint8 buf[64];
  char *token;

  g_assert (n_bytes <= sizeof buf);

  if (!fill_random (buf, n_bytes, error))
    return NULL;

  token = base64url_encode (buf, n_bytes);
  explicit_bzero (buf, sizeof buf);

  return token;
}

/**
 * msi_oauth2_pkce_challenge:
 * @verifier: a PKCE code verifier
 *
 * Returns: (transfer full): BASE64URL(SHA256(@verifier)) without padding,
 *   the S256 code challenge of RFC 7636 §4.2.
 */
char *
msi_oauth2_pkce_challenge (const char *verifier)
{
  g_autoptr(GChecksum) checksum = NULL;
  guint8 digest[32];
  gsize digest_len = sizeof digest;

  g_return_val_if_fail (verifier != NULL, NULL);

  checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_checksum_update (checksum, (const guchar *)verifier, strlen (verifier));
  g_checksum_get_digest (checksum, digest, &digest_len);
  g_assert (digest_len == sizeof digest);

  return base64url_encode (digest, digest_len);
}

/**
 * msi_oauth2_is_valid_verifier:
 * @s: (nullable): a string
 *
 * Returns: %TRUE when @s follows RFC 7636's grammar:
 *   43 to 128 characters of [A-Za-z0-9-._~].
 */
gboolean
msi_oauth2_is_valid_verifier (const char *s)
{
  gsize len;

  if (s == NULL)
    return FALSE;

  len = strlen (s);
  if (len < 43 || len > 128)
    return FALSE;

  for (gsize i = 0; i < len; i++)
    {
      char c = s[i];

      if (!g_ascii_isalnum (c) && c != '-' && c != '.' && c != '_' && c != '~')
        return FALSE;
    }

  return TRUE;
}

/* Only printable ASCII: a real URI is percent-encoded, and spaces, control
 * characters or backslashes (a "/" to WebKit, not to GUri) are only ever
 * there to fool a parser. */
static gboolean
is_plain_ascii (const char *s)
{
  for (; *s != '\0'; s++)
    if ((guchar)*s < 0x21 || (guchar)*s > 0x7e || *s == '\\')
      return FALSE;

  return TRUE;
}

static gboolean
is_web_url (const char *url)
{
  g_autofree char *scheme = NULL;
  g_autofree char *userinfo = NULL;
  g_autofree char *host = NULL;
  g_autofree char *fragment = NULL;

  if (url == NULL || !is_plain_ascii (url))
    return FALSE;

  if (!g_uri_split (url, G_URI_FLAGS_ENCODED, &scheme, &userinfo, &host, NULL,
                    NULL, NULL, &fragment, NULL))
    return FALSE;

  return scheme != NULL &&
         (g_ascii_strcasecmp (scheme, "https") == 0 || g_ascii_strcasecmp (scheme, "http") == 0) &&
         userinfo == NULL && host != NULL && *host != '\0' && fragment == NULL;
}

static void
append_param (GString    *query,
              const char *name,
              const char *value)
{
  g_autofree char *escaped_name = g_uri_escape_string (name, NULL, FALSE);
  g_autofree char *escaped_value = g_uri_escape_string (value, NULL, FALSE);

  if (query->len > 0)
    g_string_append_c (query, '&');
  g_string_append (query, escaped_name);
  g_string_append_c (query, '=');
  g_string_append (query, escaped_value);
}

/**
 * msi_oauth2_flow_new:
 * @authorization_endpoint: an absolute http(s) URL; a query it has is kept
 * @client_id: the public client's ID
 * @redirect_uri: the registered redirect URI, private-use scheme or loopback
 * @extra_params: (nullable) (array zero-terminated=1): name, value, name,
 *   value, …, %NULL: scope, login_hint, prompt and provider parameters
 * @created_at: Unix time in seconds
 *
 * Starts an authorization attempt with a fresh PKCE verifier (S256) and a
 * fresh state. Usually called by msi_oauth2_client_begin().
 *
 * Returns: (transfer full): the flow, or %NULL when an address is invalid
 *   or the system cannot provide random numbers.
 */
MsiOAuth2Flow *
msi_oauth2_flow_new (const char          *authorization_endpoint,
                     const char          *client_id,
                     const char          *redirect_uri,
                     const char * const  *extra_params,
                     gint64               created_at,
                     GError             **error)
{
  g_autoptr(MsiOAuth2Flow) self = NULL;
  g_autoptr(GString) query = NULL;
  g_autoptr(GString) url = NULL;
  g_autofree char *challenge = NULL;
  g_autofree char *fragment = NULL;
  const char *question;

  g_return_val_if_fail (authorization_endpoint != NULL, NULL);
  g_return_val_if_fail (client_id != NULL && *client_id != '\0', NULL);
  g_return_val_if_fail (redirect_uri != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!is_web_url (authorization_endpoint))
    {
      g_set_error (error, MSI_OAUTH2_ERROR, MSI_OAUTH2_ERROR_FAILED,
                   _("The sign-in address “%s” is not a valid web address."),
                   authorization_endpoint);
      return NULL;
    }

  self = g_object_new (MSI_TYPE_OAUTH2_FLOW, NULL);

  /* An absolute URI without a fragment (RFC 6749 §3.1.2). */
  if (!is_plain_ascii (redirect_uri) ||
      !g_uri_split (redirect_uri, G_URI_FLAGS_ENCODED, &self->redirect_scheme, NULL,
                    &self->redirect_host, &self->redirect_port, &self->redirect_path,
                    NULL, &fragment, NULL) ||
      self->redirect_scheme == NULL || fragment != NULL)
    {
      g_set_error (error, MSI_OAUTH2_ERROR, MSI_OAUTH2_ERROR_FAILED,
                   _("The redirect address “%s” is not valid."), redirect_uri);
      return NULL;
    }

  self->redirect_uri = g_strdup (redirect_uri);
  self->created_at = created_at;

  self->state = random_token (STATE_BYTES, error);
  if (self->state == NULL)
    return NULL;
  self->verifier = random_token (VERIFIER_BYTES, error);
  if (self->verifier == NULL)
    return NULL;
  g_assert (msi_oauth2_is_valid_verifier (self->verifier));
  challenge = msi_oauth2_pkce_challenge (self->verifier);

  query = g_string_new (NULL);
  append_param (query, "response_type", "code");
  append_param (query, "client_id", client_id);
  append_param (query, "redirect_uri", redirect_uri);
  append_param (query, "state", self->state);
  append_param (query, "code_challenge", challenge);
  append_param (query, "code_challenge_method", "S256");
  for (guint i = 0; extra_params != NULL && extra_params[i] != NULL && extra_params[i + 1] != NULL; i += 2)
    if (*extra_params[i] != '\0')
      append_param (query, extra_params[i], extra_params[i + 1]);

  /* Keep the endpoint's own query (a tenant, a policy) byte for byte. */
  url = g_string_new (authorization_endpoint);
  question = strchr (authorization_endpoint, '?');
  if (question == NULL)
    g_string_append_c (url, '?');
  else if (question[1] != '\0' && !g_str_has_suffix (authorization_endpoint, "&"))
    g_string_append_c (url, '&');
  g_string_append_len (url, query->str, query->len);
  explicit_bzero (query->str, query->len);

  self->authorization_url = g_string_free (g_steal_pointer (&url), FALSE);

  return g_steal_pointer (&self);
}

/**
 * msi_oauth2_flow_get_authorization_url:
 *
 * Returns: the URL to open; it carries the state, so do not log it.
 */
const char *
msi_oauth2_flow_get_authorization_url (MsiOAuth2Flow *self)
{
  g_return_val_if_fail (MSI_IS_OAUTH2_FLOW (self), NULL);

  return self->authorization_url;
}

const char *
msi_oauth2_flow_get_redirect_uri (MsiOAuth2Flow *self)
{
  g_return_val_if_fail (MSI_IS_OAUTH2_FLOW (self), NULL);

  return self->redirect_uri;
}

/**
 * msi_oauth2_flow_get_state:
 *
 * Returns: the state sent with this attempt (secret: never log it).
 */
const char *
msi_oauth2_flow_get_state (MsiOAuth2Flow *self)
{
  g_return_val_if_fail (MSI_IS_OAUTH2_FLOW (self), NULL);

  return self->state;
}

/**
 * msi_oauth2_flow_get_verifier:
 *
 * Returns: the PKCE code verifier (secret: never log it).
 */
const char *
msi_oauth2_flow_get_verifier (MsiOAuth2Flow *self)
{
  g_return_val_if_fail (MSI_IS_OAUTH2_FLOW (self), NULL);

  return self->verifier;
}

gint64
msi_oauth2_flow_get_created_at (MsiOAuth2Flow *self)
{
  g_return_val_if_fail (MSI_IS_OAUTH2_FLOW (self), 0);

  return self->created_at;
}

/**
 * msi_oauth2_flow_is_expired:
 * @now: Unix time in seconds
 *
 * Returns: %TRUE once %MSI_OAUTH2_FLOW_LIFETIME seconds have passed since
 *   the flow was created: start a new attempt then.
 */
gboolean
msi_oauth2_flow_is_expired (MsiOAuth2Flow *self,
                            gint64         now)
{
  g_return_val_if_fail (MSI_IS_OAUTH2_FLOW (self), TRUE);

  return now - self->created_at >= MSI_OAUTH2_FLOW_LIFETIME;
}

static int
effective_port (const char *scheme,
                int         port)
{
  if (port != -1)
    return port;
  if (g_ascii_strcasecmp (scheme, "http") == 0)
    return 80;
  if (g_ascii_strcasecmp (scheme, "https") == 0)
    return 443;
  return -1;
}

/* Compares @uri with the redirect URI, component by component. GUri's
 * g_uri_parse() would remove dot segments ("/a/../x" → "/x"), so the URI is
 * only split, and the path compared as it was sent (GUri still decodes
 * escaped unreserved characters, which RFC 3986 §6.2.2.2 makes equal).
 * The query is cut off first: neither '?' nor '#' can occur before it
 * (RFC 3986 §3), and a broken escape in a parameter we do not read must
 * not change what the address is. */
static gboolean
match_components (const char  *redirect_scheme,
                  const char  *redirect_host,
                  int          redirect_port,
                  const char  *redirect_path,
                  const char  *uri,
                  char       **query_out)
{
  g_autofree char *hier_part = NULL;
  g_autofree char *scheme = NULL;
  g_autofree char *userinfo = NULL;
  g_autofree char *host = NULL;
  g_autofree char *path = NULL;
  const char *expected_path;
  gboolean is_web;
  gsize hier_len;
  int port = -1;

  if (uri == NULL || *uri == '\0' || strlen (uri) > MAX_REDIRECT_LENGTH || !is_plain_ascii (uri))
    return FALSE;

  hier_len = strcspn (uri, "?#");
  hier_part = g_strndup (uri, hier_len);
  if (!g_uri_split (hier_part, G_URI_FLAGS_ENCODED, &scheme, &userinfo, &host, &port,
                    &path, NULL, NULL, NULL))
    return FALSE;

  if (scheme == NULL || g_ascii_strcasecmp (scheme, redirect_scheme) != 0)
    return FALSE;

  if (userinfo != NULL)
    return FALSE;

  /* Private-use schemes have no host: "scheme:/path" and "scheme:///path". */
  if (g_ascii_strcasecmp (host ? host : "", redirect_host ? redirect_host : "") != 0)
    return FALSE;

  if (effective_port (scheme, port) != effective_port (redirect_scheme, redirect_port))
    return FALSE;

  /* An http(s) URI without a path means "/" (RFC 3986 §6.2.3); Microsoft
   * answers "http://localhost" with "http://localhost/". Nothing else is
   * normalized. */
  is_web = g_ascii_strcasecmp (scheme, "http") == 0 || g_ascii_strcasecmp (scheme, "https") == 0;
  expected_path = redirect_path;
  if (is_web && *expected_path == '\0')
    expected_path = "/";
  if (!g_str_equal (is_web && *path == '\0' ? "/" : path, expected_path))
    return FALSE;

  if (query_out != NULL)
    *query_out = uri[hier_len] == '?'
                 ? g_strndup (uri + hier_len + 1, strcspn (uri + hier_len + 1, "#"))
                 : NULL;

  return TRUE;
}

static gboolean
match_redirect (MsiOAuth2Flow  *self,
                const char     *uri,
                char          **query_out)
{
  return match_components (self->redirect_scheme, self->redirect_host, self->redirect_port,
                           self->redirect_path, uri, query_out);
}

/**
 * msi_oauth2_uri_matches:
 * @expected: the address that ends a flow, e.g. a service's callback URL
 * @uri: (nullable): a URI the view is about to load
 *
 * The comparison of msi_oauth2_flow_matches_redirect() for an address
 * that belongs to no flow of ours: same scheme, host, effective port and
 * path, never a prefix.
 */
gboolean
msi_oauth2_uri_matches (const char *expected,
                        const char *uri)
{
  g_autofree char *scheme = NULL;
  g_autofree char *userinfo = NULL;
  g_autofree char *host = NULL;
  g_autofree char *path = NULL;
  int port = -1;

  g_return_val_if_fail (expected != NULL, FALSE);

  if (!g_uri_split (expected, G_URI_FLAGS_ENCODED, &scheme, &userinfo, &host, &port,
                    &path, NULL, NULL, NULL) ||
      scheme == NULL || userinfo != NULL)
    return FALSE;

  return match_components (scheme, host, port, path, uri, NULL);
}

/**
 * msi_oauth2_flow_matches_redirect:
 * @uri: (nullable): a URI the view is about to load
 *
 * Returns: %TRUE when @uri is the redirect URI of this flow: same scheme,
 *   host, effective port and path; the query and fragment may differ.
 *   Never a prefix match.
 */
gboolean
msi_oauth2_flow_matches_redirect (MsiOAuth2Flow *self,
                                  const char    *uri)
{
  g_return_val_if_fail (MSI_IS_OAUTH2_FLOW (self), FALSE);

  return match_redirect (self, uri, NULL);
}

/* Constant time for strings of the same length; the length of a state is
 * no secret. */
static gboolean
secret_equal (const char *a,
              const char *b)
{
  gsize len = strlen (a);
  guchar diff = 0;

  if (len != strlen (b))
    return FALSE;

  for (gsize i = 0; i < len; i++)
    diff |= (guchar)a[i] ^ (guchar)b[i];

  return diff == 0;
}

enum {
  PARAM_STATE,
  PARAM_CODE,
  PARAM_ERROR,
  PARAM_ERROR_DESCRIPTION,
  N_PARAMS
};

static const char *param_names[N_PARAMS] = {
  "state",
  "code",
  "error",
  "error_description",
};

/* Decodes one application/x-www-form-urlencoded name or value; NULL when
 * it has a broken or NUL escape. */
static char *
form_unescape (const char *s,
               gssize      len)
{
  g_autofree char *plus = g_strndup (s, len < 0 ? strlen (s) : (gsize)len);
  char *result;

  g_strdelimit (plus, "+", ' ');
  result = g_uri_unescape_string (plus, NULL);
  explicit_bzero (plus, strlen (plus));

  return result;
}

static void
clear_params (char **values)
{
  for (guint i = 0; i < N_PARAMS; i++)
    wipe_string (&values[i]);
}

/**
 * msi_oauth2_flow_parse_redirect:
 * @uri: the redirect the browser view was sent to
 *
 * Checks that @uri is this flow's redirect URI and the answer to this
 * attempt (one-time state), then reads the authorization server's answer
 * from the query (RFC 6749 §4.1.2). Codes in the fragment are ignored.
 * Once a redirect with the right state was seen, the state is spent: any
 * later call fails with %MSI_OAUTH2_ERROR_STATE_MISMATCH.
 *
 * Returns: (transfer full): the authorization code (secret: wipe it when
 *   done), or %NULL with an %MSI_OAUTH2_ERROR.
 */
char *
msi_oauth2_flow_parse_redirect (MsiOAuth2Flow  *self,
                                const char     *uri,
                                GError        **error)
{
  g_autofree char *query = NULL;
  g_auto(GStrv) pairs = NULL;
  char *values[N_PARAMS] = { NULL, };
  gboolean malformed = FALSE;
  char *code;

  g_return_val_if_fail (MSI_IS_OAUTH2_FLOW (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!match_redirect (self, uri, &query))
    {
      g_debug ("Ignoring a redirect that is not the redirect URI");
      g_set_error_literal (error, MSI_OAUTH2_ERROR, MSI_OAUTH2_ERROR_INVALID_REDIRECT,
                           _("The sign-in answer came back to an unexpected address. Start again."));
      return NULL;
    }

  /* The answer is form-encoded (RFC 6749 §4.1.2), so "+" is a space. A
   * parameter that matters appearing twice means someone is playing
   * games with parsers: refuse. Parameters we do not read are skipped,
   * even when they are odd ("&flag" without "="). */
  pairs = g_strsplit (query ? query : "", "&", -1);
  for (guint i = 0; pairs[i] != NULL && !malformed; i++)
    {
      g_autofree char *name = NULL;
      char *eq = strchr (pairs[i], '=');
      int index = -1;

      name = form_unescape (pairs[i], eq ? (gsize)(eq - pairs[i]) : strlen (pairs[i]));
      if (name == NULL)
        continue;

      for (guint j = 0; j < N_PARAMS; j++)
        if (g_str_equal (name, param_names[j]))
          index = j;
      if (index < 0)
        continue;

      if (values[index] != NULL)
        {
          g_debug ("Refusing a redirect with a repeated “%s”", name);
          malformed = TRUE;
          break;
        }

      values[index] = form_unescape (eq ? eq + 1 : "", -1);
      if (values[index] == NULL || !g_utf8_validate (values[index], -1, NULL))
        {
          g_debug ("Refusing a redirect with a malformed “%s”", name);
          malformed = TRUE;
        }
    }
  for (guint i = 0; pairs[i] != NULL; i++)
    explicit_bzero (pairs[i], strlen (pairs[i]));
  if (query != NULL)
    explicit_bzero (query, strlen (query));

  if (malformed)
    {
      clear_params (values);
      g_set_error_literal (error, MSI_OAUTH2_ERROR, MSI_OAUTH2_ERROR_INVALID_REDIRECT,
                           _("The sign-in answer was malformed. Start again."));
      return NULL;
    }

  if (self->state_used || values[PARAM_STATE] == NULL ||
      !secret_equal (values[PARAM_STATE], self->state))
    {
      g_debug ("Refusing a redirect with a missing, wrong or spent state");
      clear_params (values);
      g_set_error_literal (error, MSI_OAUTH2_ERROR, MSI_OAUTH2_ERROR_STATE_MISMATCH,
                           _("The sign-in answer did not belong to this sign-in attempt. Start again."));
      return NULL;
    }

  /* The answer to this attempt arrived: whatever it says, the state is spent. */
  self->state_used = TRUE;

  if (values[PARAM_ERROR] != NULL)
    {
      g_debug ("The authorization server answered with an error");
      g_propagate_error (error, msi_oauth2_error_new_from_response (values[PARAM_ERROR],
                                                                    values[PARAM_ERROR_DESCRIPTION]));
      clear_params (values);
      return NULL;
    }

  if (values[PARAM_CODE] == NULL || *values[PARAM_CODE] == '\0')
    {
      g_debug ("The authorization server answered without a code");
      clear_params (values);
      g_set_error_literal (error, MSI_OAUTH2_ERROR, MSI_OAUTH2_ERROR_MISSING_CODE,
                           _("The sign-in answer did not contain an authorization code. Start again."));
      return NULL;
    }

  g_debug ("Received an authorization code");
  code = g_steal_pointer (&values[PARAM_CODE]);
  clear_params (values);

  return code;
}
