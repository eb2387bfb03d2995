/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-redact.c: keeps tokens, codes and passwords out of messages and logs */

#define G_LOG_DOMAIN "msi-redact"

#include "config.h"

#include <string.h>

#include "msi-redact.h"

/* Query, form and JSON members whose values are secrets. Names match as
 * whole words, case-insensitively. The last few carry the same secrets
 * under other names (OpenID Connect, RFC 8693, RFC 8628, RFC 7523). */
static const char * const secret_names[] = {
  "access_token",
  "refresh_token",
  "id_token",
  "code",
  "code_verifier",
  "client_secret",
  "password",
  "passwd",
  "state",
  "token",
  "assertion",
  "signature",
  "session",
  "sid",
  "id_token_hint",
  "client_assertion",
  "device_code",
  "subject_token",
  "actor_token",
  NULL
};

/* Path segments whose next segment is a secret when it looks like a
 * token (an invitation link's, in /api/v1/invitations/{token}). */
static const char * const secret_path_segments[] = {
  "invitations",
  NULL
};

/* The shortest path segment taken for a token: user ids and the like are
 * shorter and stay. */
#define MIN_PATH_TOKEN_LENGTH 32

/* Headers whose whole value is a credential. */
static const char * const credential_headers[] = {
  "authorization",
  "proxy-authorization",
  "cookie",
  "set-cookie",
  NULL
};

/* The characters a query or form value ends at. */
#define VALUE_TERMINATORS "&#;\"'<> \t\r\n"

static inline gboolean
is_word_char (char c)
{
  return g_ascii_isalnum (c) || c == '_' || c == '-';
}

/* RFC 6750 §2.1 b64token */
static inline gboolean
is_b64token_char (char c)
{
  return g_ascii_isalnum (c) || (c != '\0' && strchr ("-._~+/=", c) != NULL);
}

static inline gboolean
is_blank (char c)
{
  return c == ' ' || c == '\t';
}

static gboolean
word_equals (const char *word,
             gsize       len,
             const char *name)
{
  return strlen (name) == len && g_ascii_strncasecmp (word, name, len) == 0;
}

static gboolean
word_in (const char         *word,
         gsize               len,
         const char * const *names)
{
  for (guint i = 0; names[i] != NULL; i++)
    if (word_equals (word, len, names[i]))
      return TRUE;

  return FALSE;
}

/* @p is at an opening quote. Appends it and the redacted content, and
 * returns the position of the closing quote (or of the end of the text). */
static const char *
redact_quoted (GString    *out,
               const char *p)
{
  const char *q;

  if (p[0] == '\\' && p[1] == '"')
    {
      /* A JSON document quoted inside another string: \"…\" */
      g_string_append_len (out, p, 2);
      q = p + 2;
      while (*q != '\0' && !(q[0] == '\\' && q[1] == '"'))
        q++;
      if (q > p + 2)
        g_string_append (out, MSI_REDACTED);
      return q;
    }

  g_string_append_c (out, *p);
  q = p + 1;
  while (*q != '\0' && *q != *p)
    {
      if (q[0] == '\\' && q[1] != '\0')
        q += 2;
      else
        q++;
    }
  if (q > p + 1)
    g_string_append (out, MSI_REDACTED);

  return q;
}

/* @p follows a secret name. Handles "name=value" (query, form, cookie) and
 * "name": "value" (JSON, and GVariant text: 'name': <'value'>). Returns @p
 * when neither follows. */
static const char *
redact_value (GString    *out,
              const char *p)
{
  const char *q = p;

  if (*q == '=')
    {
      const char *end;

      g_string_append_c (out, '=');
      q++;
      if (*q == '"' || *q == '\'')
        return redact_quoted (out, q);

      end = q + strcspn (q, VALUE_TERMINATORS);
      if (end > q)
        g_string_append (out, MSI_REDACTED);
      return end;
    }

  if (*q == '\\')
    q++;
  if (*q == '"' || *q == '\'')
    q++;
  while (is_blank (*q))
    q++;
  if (*q != ':')
    return p;
  q++;
  while (is_blank (*q))
    q++;
  if (*q == '<')
    q++;

  if (*q == '"' || *q == '\'' || (q[0] == '\\' && q[1] == '"'))
    {
      g_string_append_len (out, p, q - p);
      return redact_quoted (out, q);
    }

  return p;
}

/* @p follows a path segment named in secret_path_segments. Redacts the
 * next segment when it is a token: at least MIN_PATH_TOKEN_LENGTH
 * base64url characters (or their percent-encoding). */
static const char *
redact_path_token (GString    *out,
                   const char *p)
{
  const char *q = p;
  const char *end;

  if (*q != '/')
    return p;
  q++;

  end = q;
  while (g_ascii_isalnum (*end) || *end == '-' || *end == '_' || *end == '%')
    end++;

  if (end - q < MIN_PATH_TOKEN_LENGTH)
    return p;

  g_string_append_c (out, '/');
  g_string_append (out, MSI_REDACTED);

  return end;
}

/* @p follows "Bearer". Redacts the b64token after it. */
static const char *
redact_bearer (GString    *out,
               const char *p)
{
  const char *q = p;
  const char *end;
  gsize word_len;

  if (!is_blank (*q))
    return p;
  while (is_blank (*q))
    q++;

  end = q;
  while (is_b64token_char (*end))
    end++;
  word_len = end - q;
  while (word_len > 0 && q[word_len - 1] == '.')
    word_len--;

  /* Nothing, an auth-param (Bearer realm="…"), or prose ("Bearer token."). */
  if (end == q || *end == '"' ||
      word_equals (q, word_len, "token") || word_equals (q, word_len, "tokens"))
    return p;

  g_string_append_len (out, p, q - p);
  g_string_append (out, MSI_REDACTED);

  return end;
}

/* @p follows a credential header's name. Redacts its value up to the end of
 * the line or the closing quote, keeping an Authorization scheme. */
static const char *
redact_header (GString    *out,
               const char *p,
               gboolean    keep_scheme)
{
  const char *q = p;
  const char *end;
  char quote = '\0';

  if (*q == '"' || *q == '\'')
    q++;
  while (is_blank (*q))
    q++;
  if (*q != ':' && *q != '=')
    return p;
  q++;
  while (is_blank (*q))
    q++;
  if (*q == '"' || *q == '\'')
    quote = *q++;

  if (keep_scheme)
    {
      const char *scheme_end = q;

      while (g_ascii_isalpha (*scheme_end))
        scheme_end++;
      if (scheme_end > q && is_blank (*scheme_end))
        {
          q = scheme_end;
          while (is_blank (*q))
            q++;
        }
    }

  end = q;
  if (quote != '\0')
    {
      while (*end != '\0' && *end != quote)
        end += (end[0] == '\\' && end[1] != '\0') ? 2 : 1;
    }
  else
    end += strcspn (end, "\r\n");

  g_string_append_len (out, p, q - p);
  if (end > q)
    g_string_append (out, MSI_REDACTED);

  return end;
}

/**
 * msi_redact:
 * @text: (nullable): a message, URL, header block or JSON text
 *
 * Replaces secret values with `[REDACTED]`: query, form and JSON members
 * named access_token, refresh_token, id_token, code, code_verifier,
 * client_secret, password, passwd, state, token, assertion, signature,
 * session or sid (in any case); Authorization, Cookie and Set-Cookie
 * header values; the token after "Bearer" anywhere; and a token-like path
 * segment after "invitations/" (an invitation link's token). Everything
 * else is kept, so that the message stays useful.
 *
 * Returns: (transfer full) (nullable): the redacted copy, %NULL for %NULL.
 */
char *
msi_redact (const char *text)
{
  GString *out;
  const char *p;

  if (text == NULL)
    return NULL;

  out = g_string_sized_new (strlen (text) + 16);
  p = text;

  while (*p != '\0')
    {
      const char *word = p;
      gsize len;

      if (!is_word_char (*p))
        {
          g_string_append_c (out, *p++);
          continue;
        }

      while (is_word_char (*p))
        p++;
      len = p - word;
      g_string_append_len (out, word, len);

      if (word_in (word, len, credential_headers))
        p = redact_header (out, p, !word_equals (word, len, "cookie") &&
                                   !word_equals (word, len, "set-cookie"));
      else if (word_equals (word, len, "bearer"))
        p = redact_bearer (out, p);
      else if (word_in (word, len, secret_names))
        p = redact_value (out, p);
      else if (word_in (word, len, secret_path_segments))
        p = redact_path_token (out, p);
    }

  return g_string_free (out, FALSE);
}

static GLogWriterOutput
redacting_writer (GLogLevelFlags   log_level,
                  const GLogField *fields,
                  gsize            n_fields,
                  gpointer         user_data)
{
  g_autofree GLogField *copy = NULL;
  g_autofree char *message = NULL;
  const char *domain = NULL;

  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "GLIB_DOMAIN") && fields[i].length < 0)
      domain = fields[i].value;

  /* Dropped debug messages cost nothing to redact. */
  if (g_log_writer_default_would_drop (log_level, domain))
    return G_LOG_WRITER_HANDLED;

  copy = g_memdup2 (fields, n_fields * sizeof (GLogField));
  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_str_equal (copy[i].key, "MESSAGE") && copy[i].value != NULL && message == NULL)
        {
          g_autofree char *text = NULL;

          if (copy[i].length < 0)
            message = msi_redact (copy[i].value);
          else
            {
              text = g_strndup (copy[i].value, copy[i].length);
              message = msi_redact (text);
            }
          copy[i].value = message;
          copy[i].length = -1;
        }
    }

  return g_log_writer_default (log_level, copy, n_fields, user_data);
}

/**
 * msi_redact_install_log_handler:
 *
 * Makes every log message of the process go through msi_redact() before
 * g_log_writer_default() writes it, so that no message can leak a secret
 * even by mistake. Call it early in main(); calling it again does nothing.
 */
void
msi_redact_install_log_handler (void)
{
  static gsize installed;

  if (g_once_init_enter (&installed))
    {
      g_log_set_writer_func (redacting_writer, NULL, NULL);
      g_once_init_leave (&installed, 1);
    }
}
