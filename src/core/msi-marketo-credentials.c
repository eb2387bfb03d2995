/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-marketo-credentials.c: Marketo REST credentials: parsing pasted blocks, validation, keyring */

#define G_LOG_DOMAIN "msi-marketo-credentials"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>
#include <string.h>

#include "msi-marketo-credentials.h"
#include "msi-token-store.h"

/*
 * An admin copies the credentials from one of three Marketo pages, each
 * with its own labels, in English or Dutch:
 *
 *   Admin → Sales Insight → Actions Config   Munchkin ID, Client ID, Client Secret
 *   Admin → LaunchPoint → View Details        Client Id, Client Secret
 *   Admin → Web Services (REST API)           Endpoint, Identity (URLs with the Munchkin ID)
 *   Admin → Munchkin                          Munchkin Account ID
 *
 * A browser turns the pages' tables into "label<TAB>value", "label: value"
 * or the label and the value on lines of their own, and adds blank lines,
 * non-breaking spaces and the other rows of the page. The parser reads one
 * line at a time: a line is a label with its value, a label alone (its
 * value is on the next non-blank line), or anything else (ignored).
 */

#define SECRET_SCHEMA_NAME   "io.github.msiactions.Setup.Marketo"
#define CLIENT_SECRET_LENGTH 32
/* Longest value quoted back in a message. */
#define MAX_QUOTED_CHARS     40

G_DEFINE_QUARK (msi-marketo-credentials-error-quark, msi_marketo_credentials_error)
G_DEFINE_BOXED_TYPE (MsiMarketoCredentials, msi_marketo_credentials,
                     msi_marketo_credentials_copy, msi_marketo_credentials_free)

static const SecretSchema marketo_schema = {
  .name = SECRET_SCHEMA_NAME,
  .flags = SECRET_SCHEMA_NONE,
  .attributes = {
    { "profile", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "munchkin-id", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "client-id", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  },
};

static void
wipe_free (char *s)
{
  if (s != NULL)
    {
      explicit_bzero (s, strlen (s));
      g_free (s);
    }
}

/* Text that may hold the secret: wiped when it goes out of scope. */
typedef char  *WipedString;
typedef char **WipedStrv;

static void
wipe_strv (char **strv)
{
  if (strv == NULL)
    return;

  for (guint i = 0; strv[i] != NULL; i++)
    explicit_bzero (strv[i], strlen (strv[i]));
  g_strfreev (strv);
}

G_DEFINE_AUTO_CLEANUP_FREE_FUNC (WipedString, wipe_free, NULL)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (WipedStrv, wipe_strv, NULL)

MsiMarketoCredentials *
msi_marketo_credentials_new (const char *munchkin_id,
                             const char *client_id,
                             const char *client_secret)
{
  MsiMarketoCredentials *self = g_new0 (MsiMarketoCredentials, 1);

  self->munchkin_id = g_strdup (munchkin_id);
  self->client_id = g_strdup (client_id);
  self->client_secret = g_strdup (client_secret);

  return self;
}

MsiMarketoCredentials *
msi_marketo_credentials_copy (const MsiMarketoCredentials *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return msi_marketo_credentials_new (self->munchkin_id, self->client_id, self->client_secret);
}

void
msi_marketo_credentials_free (MsiMarketoCredentials *self)
{
  if (self == NULL)
    return;

  g_free (self->munchkin_id);
  g_free (self->client_id);
  wipe_free (self->client_secret);
  g_free (self);
}

/*
 * Parsing
 */

typedef enum
{
  FIELD_NONE = -1,
  FIELD_MUNCHKIN_ID,
  FIELD_CLIENT_ID,
  FIELD_CLIENT_SECRET,
  FIELD_ENDPOINT,     /* a URL whose host gives the Munchkin ID */
} Field;

/* Labels after normalize_label(): lower case, "-", "_" and "." as
 * spaces, one space between words, no "marketo " in front. */
static const struct
{
  const char *label;
  Field       field;
} labels[] = {
  /* English */
  { "munchkin id", FIELD_MUNCHKIN_ID },
  { "munchkin account id", FIELD_MUNCHKIN_ID },
  { "munchkin account", FIELD_MUNCHKIN_ID },
  { "munchkinid", FIELD_MUNCHKIN_ID },
  { "munchkin", FIELD_MUNCHKIN_ID },
  { "account id", FIELD_MUNCHKIN_ID },
  { "client id", FIELD_CLIENT_ID },
  { "clientid", FIELD_CLIENT_ID },
  { "client secret", FIELD_CLIENT_SECRET },
  { "clientsecret", FIELD_CLIENT_SECRET },
  { "secret", FIELD_CLIENT_SECRET },
  { "endpoint", FIELD_ENDPOINT },
  { "rest endpoint", FIELD_ENDPOINT },
  { "rest api endpoint", FIELD_ENDPOINT },
  { "rest api url", FIELD_ENDPOINT },
  { "rest url", FIELD_ENDPOINT },
  { "identity", FIELD_ENDPOINT },
  { "identity url", FIELD_ENDPOINT },
  { "identity endpoint", FIELD_ENDPOINT },
  /* Dutch */
  { "munchkin account id", FIELD_MUNCHKIN_ID },
  { "munchkin accountid", FIELD_MUNCHKIN_ID },
  { "account id", FIELD_MUNCHKIN_ID },
  { "klant id", FIELD_CLIENT_ID },
  { "klantid", FIELD_CLIENT_ID },
  { "client geheim", FIELD_CLIENT_SECRET },
  { "clientgeheim", FIELD_CLIENT_SECRET },
  { "klantgeheim", FIELD_CLIENT_SECRET },
  { "klant geheim", FIELD_CLIENT_SECRET },
  { "geheim", FIELD_CLIENT_SECRET },
  { "eindpunt", FIELD_ENDPOINT },
  { "rest eindpunt", FIELD_ENDPOINT },
  { "rest api eindpunt", FIELD_ENDPOINT },
  { "identiteit", FIELD_ENDPOINT },
  { "identiteit url", FIELD_ENDPOINT },
  { "identiteitseindpunt", FIELD_ENDPOINT },
};

static const char *
field_name (Field field)
{
  switch (field)
    {
    case FIELD_MUNCHKIN_ID:
    case FIELD_ENDPOINT:
      /* TRANSLATORS: a field of Marketo's Actions Config tab; keep Marketo's own name */
      return _("Munchkin ID");
    case FIELD_CLIENT_ID:
      /* TRANSLATORS: a field of Marketo's LaunchPoint service details; keep Marketo's own name */
      return _("Client ID");
    case FIELD_CLIENT_SECRET:
      /* TRANSLATORS: a field of Marketo's LaunchPoint service details; keep Marketo's own name */
      return _("Client Secret");
    case FIELD_NONE:
    default:
      g_assert_not_reached ();
    }
}

static gboolean
is_blank_char (gunichar c)
{
  /* Web pages add non-breaking and zero-width spaces. */
  return g_unichar_isspace (c) || c == 0x00A0 || c == 0x200B || c == 0x2060 || c == 0xFEFF ||
         g_unichar_type (c) == G_UNICODE_SPACE_SEPARATOR;
}

/* A copy of @text (valid UTF-8) without blank characters at either end. */
static char *
strip_blank (const char *text,
             gssize      len)
{
  const char *start = text;
  const char *end = len < 0 ? text + strlen (text) : text + len;

  while (start < end && is_blank_char (g_utf8_get_char (start)))
    start = g_utf8_next_char (start);
  while (end > start)
    {
      const char *prev = g_utf8_find_prev_char (start, end);

      if (prev == NULL || !is_blank_char (g_utf8_get_char (prev)))
        break;
      end = prev;
    }

  return g_strndup (start, end - start);
}

static gboolean
is_quote (gunichar c)
{
  return c == '"' || c == '\'' || c == '`' ||
         c == 0x201C || c == 0x201D || c == 0x201E ||   /* “ ” „ */
         c == 0x2018 || c == 0x2019 || c == 0x201A ||   /* ‘ ’ ‚ */
         c == 0x00AB || c == 0x00BB;                    /* « » */
}

/* Strips blanks, then a trailing "," or ";" (JSON, CSV) and one pair of
 * quotes around the value, then blanks again. */
static char *
clean_value (const char *text,
             gssize      len)
{
  g_autofree char *value = strip_blank (text, len);
  gsize n = strlen (value);

  if (n > 0 && (value[n - 1] == ',' || value[n - 1] == ';'))
    {
      char *again;

      value[n - 1] = '\0';
      again = strip_blank (value, -1);
      g_free (value);
      value = again;
    }

  if (g_utf8_strlen (value, -1) >= 2)
    {
      gunichar first = g_utf8_get_char (value);
      const char *last_p = g_utf8_find_prev_char (value, value + strlen (value));
      gunichar last = g_utf8_get_char (last_p);

      if (is_quote (first) && is_quote (last))
        {
          const char *inner = g_utf8_next_char (value);
          char *unquoted = strip_blank (inner, last_p - inner);

          g_free (value);
          value = unquoted;
        }
    }

  return g_steal_pointer (&value);
}

/* Lower case, "-", "_", "." and blanks as one space, quotes dropped, no
 * leading "marketo ". */
static char *
normalize_label (const char *text,
                 gssize      len)
{
  g_autofree char *stripped = clean_value (text, len);
  g_autofree char *lower = g_utf8_strdown (stripped, -1);
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = lower; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_blank_char (c) || c == '-' || c == '_' || c == '.')
        {
          space = out->len > 0;
          continue;
        }
      if (is_quote (c))
        continue;
      if (space)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_unichar (out, c);
    }

  if (g_str_has_prefix (out->str, "marketo "))
    g_string_erase (out, 0, strlen ("marketo "));

  return g_string_free (out, FALSE);
}

static Field
lookup_label (const char *normalized)
{
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      if (g_str_equal (normalized, labels[i].label))
        return labels[i].field;
    }

  return FIELD_NONE;
}

static gboolean
has_blank (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (is_blank_char (g_utf8_get_char (p)))
        return TRUE;
    }

  return FALSE;
}

/* Splits "label<sep>value" at the first ":", "=" or tab. The label part
 * must be a known label; the value may be empty (it is then on the next
 * line). A line without a separator is a known label alone, or a label
 * and value separated by spaces ("Client ID  3f1c…"). */
static Field
split_line (const char  *line,
            char       **value)
{
  gsize sep = strcspn (line, ":=\t");
  g_autofree char *whole = NULL;

  *value = NULL;

  if (line[sep] != '\0')
    {
      g_autofree char *label = normalize_label (line, sep);
      Field field = lookup_label (label);

      if (field != FIELD_NONE)
        {
          *value = clean_value (line + sep + 1, -1);
          return field;
        }
    }

  whole = normalize_label (line, -1);
  {
    Field field = lookup_label (whole);

    if (field != FIELD_NONE)
      {
        *value = g_strdup ("");
        return field;
      }
  }

  /* "Label value": the longest known label followed by blanks and one
   * word (no credential has a blank in it: that keeps "Munchkin Lead
   * Source: Web page visit" from passing for a Munchkin ID). */
  {
    gsize best_len = 0;
    Field best = FIELD_NONE;

    for (const char *p = line; *p != '\0'; p = g_utf8_next_char (p))
      {
        g_autofree char *label = NULL;
        g_autofree char *rest = NULL;
        Field field;

        if (!is_blank_char (g_utf8_get_char (p)) || strcspn (line, ":=\t") < (gsize)(p - line))
          continue;

        label = normalize_label (line, p - line);
        field = lookup_label (label);
        if (field == FIELD_NONE || (gsize)(p - line) <= best_len)
          continue;

        rest = clean_value (p, -1);
        if (rest[0] == '\0' || has_blank (rest))
          continue;

        best_len = p - line;
        best = field;
        g_free (*value);
        *value = g_steal_pointer (&rest);
      }

    if (best != FIELD_NONE)
      return best;
  }

  return FIELD_NONE;
}

/* The Munchkin ID in a *.mktorest.com URL's host, upper case, or %NULL. */
static char *
munchkin_from_url (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  g_autofree char *host = NULL;
  const char *dot;

  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return NULL;

  host = g_ascii_strdown (g_uri_get_host (uri), -1);
  dot = strchr (host, '.');
  if (dot == NULL || !g_str_equal (dot, ".mktorest.com"))
    return NULL;

  host[dot - host] = '\0';
  if (!msi_marketo_check_munchkin_id (host, NULL))
    return NULL;

  return g_ascii_strup (host, -1);
}

static char *
normalize_field (Field       field,
                 const char *value)
{
  switch (field)
    {
    case FIELD_MUNCHKIN_ID:
      return g_ascii_strup (value, -1);
    case FIELD_CLIENT_ID:
      return g_ascii_strdown (value, -1);
    case FIELD_CLIENT_SECRET:
      return g_strdup (value);
    case FIELD_ENDPOINT:
    case FIELD_NONE:
    default:
      g_assert_not_reached ();
    }
}

static char *
quote_for_message (const char *value)
{
  if (g_utf8_strlen (value, -1) <= MAX_QUOTED_CHARS)
    return g_strdup (value);

  {
    const char *end = g_utf8_offset_to_pointer (value, MAX_QUOTED_CHARS);
    g_autofree char *cut = g_strndup (value, end - value);

    return g_strconcat (cut, "…", NULL);
  }
}

/* Records @value for @field; FALSE with a CONFLICT error when another
 * value was already found. */
static gboolean
set_field (char       **slot,
           Field        field,
           const char  *value,
           GError     **error)
{
  g_autofree char *normalized = normalize_field (field, value);

  if (*slot == NULL)
    {
      *slot = g_steal_pointer (&normalized);
      return TRUE;
    }

  if (g_str_equal (*slot, normalized))
    {
      if (field == FIELD_CLIENT_SECRET)
        explicit_bzero (normalized, strlen (normalized));
      return TRUE;
    }

  if (field == FIELD_CLIENT_SECRET)
    {
      explicit_bzero (normalized, strlen (normalized));
      g_set_error (error, MSI_MARKETO_CREDENTIALS_ERROR, MSI_MARKETO_CREDENTIALS_ERROR_CONFLICT,
                   /* TRANSLATORS: %s is a field name, such as “Client Secret” */
                   _("The text holds two different values for the %s. Paste the credentials "
                     "of one Marketo service only."),
                   field_name (field));
    }
  else
    {
      g_autofree char *first = quote_for_message (*slot);
      g_autofree char *second = quote_for_message (normalized);

      g_set_error (error, MSI_MARKETO_CREDENTIALS_ERROR, MSI_MARKETO_CREDENTIALS_ERROR_CONFLICT,
                   /* TRANSLATORS: %1$s is a field name, such as “Munchkin ID”;
                    * %2$s and %3$s are the two values found */
                   _("The text holds two different values for the %1$s: “%2$s” and “%3$s”. "
                     "Paste the credentials of one Marketo instance and service only."),
                   field_name (field), first, second);
    }

  return FALSE;
}

typedef struct
{
  char *munchkin_id;
  char *client_id;
  char *client_secret;
  char *url_munchkin_id;   /* from an Endpoint or Identity URL */
} Found;

static void
found_clear (Found *found)
{
  g_free (found->munchkin_id);
  g_free (found->client_id);
  wipe_free (found->client_secret);
  g_free (found->url_munchkin_id);
}

static gboolean
found_add (Found       *found,
           Field        field,
           const char  *value,
           GError     **error)
{
  switch (field)
    {
    case FIELD_MUNCHKIN_ID:
      return set_field (&found->munchkin_id, field, value, error);
    case FIELD_CLIENT_ID:
      return set_field (&found->client_id, field, value, error);
    case FIELD_CLIENT_SECRET:
      return set_field (&found->client_secret, field, value, error);
    case FIELD_ENDPOINT:
      {
        g_autofree char *munchkin = munchkin_from_url (value);

        /* A URL of a custom domain says nothing about the instance. */
        if (munchkin == NULL)
          return TRUE;
        return set_field (&found->url_munchkin_id, FIELD_MUNCHKIN_ID, munchkin, error);
      }
    case FIELD_NONE:
    default:
      g_assert_not_reached ();
    }
}

/**
 * msi_marketo_credentials_parse:
 * @text: what the person pasted
 *
 * Returns: (transfer full): the fields found (any of them may be %NULL:
 *   msi_marketo_credentials_validate() says which is missing), or %NULL
 *   with an EMPTY, NOT_RECOGNIZED or CONFLICT error.
 */
MsiMarketoCredentials *
msi_marketo_credentials_parse (const char  *text,
                               GError     **error)
{
  g_auto(WipedStrv) lines = NULL;
  g_auto(WipedString) valid = NULL;
  g_auto(WipedString) stripped = NULL;
  Found found = { NULL, };
  Field pending = FIELD_NONE;
  gboolean recognized = FALSE;
  MsiMarketoCredentials *result;

  if (text == NULL)
    text = "";

  valid = g_utf8_make_valid (text, -1);
  stripped = strip_blank (valid, -1);
  if (stripped[0] == '\0')
    {
      g_set_error_literal (error, MSI_MARKETO_CREDENTIALS_ERROR, MSI_MARKETO_CREDENTIALS_ERROR_EMPTY,
                           _("Nothing was pasted. Copy the Munchkin ID, Client ID and Client Secret "
                             "from Marketo (Admin → Sales Insight → Actions Config) and paste them here."));
      return NULL;
    }

  /* "\r\n", "\r" and "\n" all end a line. */
  g_strdelimit (valid, "\r", '\n');
  lines = g_strsplit (valid, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(WipedString) line = strip_blank (lines[i], -1);
      g_auto(WipedString) value = NULL;
      Field field;

      if (line[0] == '\0')
        continue;

      field = split_line (line, &value);

      if (field == FIELD_NONE)
        {
          /* A label alone: its value is this line. */
          if (pending != FIELD_NONE)
            {
              g_auto(WipedString) cleaned = clean_value (line, -1);

              if (!found_add (&found, pending, cleaned, error))
                {
                  found_clear (&found);
                  return NULL;
                }
              pending = FIELD_NONE;
            }
          continue;
        }

      recognized = TRUE;
      pending = FIELD_NONE;

      if (value[0] == '\0')
        {
          pending = field;
          continue;
        }

      if (!found_add (&found, field, value, error))
        {
          found_clear (&found);
          return NULL;
        }
    }

  if (!recognized)
    {
      g_set_error_literal (error, MSI_MARKETO_CREDENTIALS_ERROR, MSI_MARKETO_CREDENTIALS_ERROR_NOT_RECOGNIZED,
                           _("No Marketo credentials were found in the pasted text. It should have "
                             "lines such as “Munchkin ID: 284-RPR-133”, “Client ID: …” and "
                             "“Client Secret: …”, as on Marketo’s Actions Config tab."));
      found_clear (&found);
      return NULL;
    }

  /* The URL's Munchkin ID completes the block, or must agree with it. */
  if (found.url_munchkin_id != NULL &&
      !found_add (&found, FIELD_MUNCHKIN_ID, found.url_munchkin_id, error))
    {
      found_clear (&found);
      return NULL;
    }

  result = g_new0 (MsiMarketoCredentials, 1);
  result->munchkin_id = g_steal_pointer (&found.munchkin_id);
  result->client_id = g_steal_pointer (&found.client_id);
  result->client_secret = g_steal_pointer (&found.client_secret);
  found_clear (&found);

  return result;
}

/*
 * Validation
 */

static gboolean
missing (const char  *value,
         Field        field,
         GError     **error)
{
  if (value != NULL && value[0] != '\0')
    return FALSE;

  switch (field)
    {
    case FIELD_MUNCHKIN_ID:
      g_set_error_literal (error, MSI_MARKETO_CREDENTIALS_ERROR, MSI_MARKETO_CREDENTIALS_ERROR_MISSING,
                           _("The Munchkin ID is missing. Marketo shows it in Admin → Sales Insight → "
                             "Actions Config and in Admin → Munchkin; it looks like 284-RPR-133."));
      break;
    case FIELD_CLIENT_ID:
      g_set_error_literal (error, MSI_MARKETO_CREDENTIALS_ERROR, MSI_MARKETO_CREDENTIALS_ERROR_MISSING,
                           _("The Client ID is missing. Marketo shows it in Admin → LaunchPoint: "
                             "select the API service and click View Details."));
      break;
    case FIELD_CLIENT_SECRET:
      g_set_error_literal (error, MSI_MARKETO_CREDENTIALS_ERROR, MSI_MARKETO_CREDENTIALS_ERROR_MISSING,
                           _("The Client Secret is missing. Marketo shows it in Admin → LaunchPoint: "
                             "select the API service and click View Details."));
      break;
    case FIELD_ENDPOINT:
    case FIELD_NONE:
    default:
      g_assert_not_reached ();
    }

  return TRUE;
}

gboolean
msi_marketo_check_munchkin_id (const char  *munchkin_id,
                               GError     **error)
{
  gboolean ok;

  if (missing (munchkin_id, FIELD_MUNCHKIN_ID, error))
    return FALSE;

  /* ^[0-9]{3}-[A-Za-z]{3}-[0-9]{3}$ */
  ok = strlen (munchkin_id) == 11 && munchkin_id[3] == '-' && munchkin_id[7] == '-';
  for (guint i = 0; ok && i < 11; i++)
    {
      if (i == 3 || i == 7)
        continue;
      ok = (i > 3 && i < 7) ? g_ascii_isalpha (munchkin_id[i]) : g_ascii_isdigit (munchkin_id[i]);
    }

  if (!ok)
    {
      g_autofree char *shown = quote_for_message (munchkin_id);

      g_set_error (error, MSI_MARKETO_CREDENTIALS_ERROR, MSI_MARKETO_CREDENTIALS_ERROR_INVALID_MUNCHKIN_ID,
                   /* TRANSLATORS: %s is what the person typed */
                   _("“%s” is not a Munchkin ID. A Munchkin ID is three digits, three letters and "
                     "three digits with hyphens, such as 284-RPR-133."),
                   shown);
    }

  return ok;
}

gboolean
msi_marketo_check_client_id (const char  *client_id,
                             GError     **error)
{
  static const guint groups[] = { 8, 4, 4, 4, 12 };
  const char *p = client_id;
  gboolean ok = TRUE;

  if (missing (client_id, FIELD_CLIENT_ID, error))
    return FALSE;

  for (guint g = 0; ok && g < G_N_ELEMENTS (groups); g++)
    {
      for (guint i = 0; ok && i < groups[g]; i++, p++)
        ok = g_ascii_isxdigit (*p);
      if (ok && g + 1 < G_N_ELEMENTS (groups))
        ok = *p++ == '-';
    }
  ok = ok && *p == '\0';

  if (!ok)
    {
      g_autofree char *shown = quote_for_message (client_id);

      g_set_error (error, MSI_MARKETO_CREDENTIALS_ERROR, MSI_MARKETO_CREDENTIALS_ERROR_INVALID_CLIENT_ID,
                   /* TRANSLATORS: %s is what the person typed; keep the example as it is */
                   _("“%s” is not a Client ID. A Client ID has 36 characters: letters a–f and "
                     "digits in groups of 8, 4, 4, 4 and 12 with hyphens, such as "
                     "3f1c9a52-7be0-4d2a-9c41-5e8b2d7f6a10."),
                   shown);
    }

  return ok;
}

gboolean
msi_marketo_check_client_secret (const char  *client_secret,
                                 GError     **error)
{
  glong length;

  if (missing (client_secret, FIELD_CLIENT_SECRET, error))
    return FALSE;

  for (const char *p = client_secret; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p))
        {
          g_set_error_literal (error, MSI_MARKETO_CREDENTIALS_ERROR,
                               MSI_MARKETO_CREDENTIALS_ERROR_INVALID_CLIENT_SECRET,
                               _("The Client Secret may only hold letters and digits, but it contains "
                                 "spaces, punctuation or other characters. Copy it again from "
                                 "Admin → LaunchPoint → View Details."));
          return FALSE;
        }
    }

  length = (glong)strlen (client_secret);
  if (length != CLIENT_SECRET_LENGTH)
    {
      g_set_error (error, MSI_MARKETO_CREDENTIALS_ERROR, MSI_MARKETO_CREDENTIALS_ERROR_INVALID_CLIENT_SECRET,
                   /* TRANSLATORS: %ld is the number of characters found; the sentence
                    * goes on with “Marketo’s Client Secrets have 32…” */
                   g_dngettext (GETTEXT_PACKAGE,
                                "The Client Secret has %ld character, but Marketo’s Client Secrets "
                                "have 32 letters and digits. Copy it again from Admin → LaunchPoint "
                                "→ View Details.",
                                "The Client Secret has %ld characters, but Marketo’s Client Secrets "
                                "have 32 letters and digits. Copy it again from Admin → LaunchPoint "
                                "→ View Details.",
                                length),
                   length);
      return FALSE;
    }

  return TRUE;
}

gboolean
msi_marketo_credentials_validate (const MsiMarketoCredentials  *self,
                                  const char                  **failed_field,
                                  GError                      **error)
{
  const char *failed = NULL;

  g_return_val_if_fail (self != NULL, FALSE);

  if (!msi_marketo_check_munchkin_id (self->munchkin_id, error))
    failed = MSI_MARKETO_FIELD_MUNCHKIN_ID;
  else if (!msi_marketo_check_client_id (self->client_id, error))
    failed = MSI_MARKETO_FIELD_CLIENT_ID;
  else if (!msi_marketo_check_client_secret (self->client_secret, error))
    failed = MSI_MARKETO_FIELD_CLIENT_SECRET;

  if (failed_field != NULL)
    *failed_field = failed;

  return failed == NULL;
}

/**
 * msi_marketo_credentials_dup_rest_url:
 * @profile_url: (nullable): the profile's Marketo URL; a trailing "/rest"
 *   or "/identity" (copied from Admin → Web Services) is dropped
 *
 * Returns: (transfer full): the instance's base URL, without a trailing
 *   slash
 */
char *
msi_marketo_credentials_dup_rest_url (const MsiMarketoCredentials  *self,
                                      const char                   *profile_url,
                                      GError                      **error)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (profile_url != NULL && profile_url[0] != '\0')
    {
      g_autofree char *url = strip_blank (profile_url, -1);
      g_autofree char *instance = munchkin_from_url (url);
      gsize len;

      if (instance != NULL && self->munchkin_id != NULL &&
          g_ascii_strcasecmp (instance, self->munchkin_id) != 0)
        {
          g_set_error (error, MSI_MARKETO_CREDENTIALS_ERROR, MSI_MARKETO_CREDENTIALS_ERROR_WRONG_INSTANCE,
                       /* TRANSLATORS: %1$s is the Munchkin ID entered, %2$s the one in the URL */
                       _("The Munchkin ID %1$s does not belong to the Marketo address of this "
                         "profile, which is for instance %2$s. Check the Munchkin ID, or change "
                         "the profile’s Marketo address."),
                       self->munchkin_id, instance);
          return NULL;
        }

      len = strlen (url);
      while (len > 0 && url[len - 1] == '/')
        url[--len] = '\0';
      if (g_str_has_suffix (url, "/rest"))
        url[len - strlen ("/rest")] = '\0';
      else if (g_str_has_suffix (url, "/identity"))
        url[len - strlen ("/identity")] = '\0';

      return g_steal_pointer (&url);
    }

  if (!msi_marketo_check_munchkin_id (self->munchkin_id, error))
    return NULL;

  return g_strdup_printf ("https://%s.mktorest.com", self->munchkin_id);
}

/*
 * Keyring
 */

static GError *
keyring_error (GError *error)
{
  GError *ret;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return error;

  g_debug ("Keyring failure: %s", error->message);
  ret = g_error_new_literal (MSI_TOKEN_STORE_ERROR, MSI_TOKEN_STORE_ERROR_UNAVAILABLE,
                             _("The keyring is not available, so the Marketo credentials cannot be "
                               "kept. Unlock it, or install a password store such as GNOME Keyring, "
                               "then try again."));
  g_error_free (error);

  return ret;
}

static GHashTable *
profile_attributes (const char *profile)
{
  GHashTable *attributes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  g_hash_table_insert (attributes, (gpointer)"profile", g_strdup (profile));

  return attributes;
}

/* Save: clear the profile's item (another Munchkin ID or Client ID would
 * leave a second one), then store. */

static void
save_stored_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_task_return_error (task, keyring_error (error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
save_cleared_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MsiMarketoCredentials *credentials = g_task_get_task_data (task);
  const char *profile = g_object_get_data (G_OBJECT (task), "profile");
  g_autoptr(GHashTable) attributes = NULL;
  g_autofree char *label = NULL;
  GError *error = NULL;

  if (!secret_password_clear_finish (result, &error) && error != NULL)
    {
      g_task_return_error (task, keyring_error (error));
      return;
    }

  attributes = profile_attributes (profile);
  g_hash_table_insert (attributes, (gpointer)"munchkin-id", g_strdup (credentials->munchkin_id));
  g_hash_table_insert (attributes, (gpointer)"client-id", g_strdup (credentials->client_id));
  /* TRANSLATORS: the keyring item's label; %s is a Munchkin ID such as 284-RPR-133 */
  label = g_strdup_printf (_("MSI Actions Setup: Marketo API credentials for %s"), credentials->munchkin_id);

  g_debug ("Saving the Marketo credentials of %s (profile %s)", credentials->munchkin_id, profile);
  secret_password_storev (&marketo_schema, attributes, SECRET_COLLECTION_DEFAULT, label,
                          credentials->client_secret, g_task_get_cancellable (task),
                          save_stored_cb, g_object_ref (task));
}

/**
 * msi_marketo_credentials_save_async:
 * @profile: the profile ID, such as "demo"
 *
 * Validates the credentials and keeps them in the keyring, replacing any
 * kept for @profile. Fails with the validation error when a field is not
 * valid.
 */
void
msi_marketo_credentials_save_async (const MsiMarketoCredentials *self,
                                    const char                  *profile,
                                    GCancellable                *cancellable,
                                    GAsyncReadyCallback          callback,
                                    gpointer                     user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  GError *error = NULL;

  g_return_if_fail (self != NULL);
  g_return_if_fail (profile != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, msi_marketo_credentials_save_async);

  if (!msi_marketo_credentials_validate (self, NULL, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_set_task_data (task, msi_marketo_credentials_copy (self),
                        (GDestroyNotify)msi_marketo_credentials_free);
  g_object_set_data_full (G_OBJECT (task), "profile", g_strdup (profile), g_free);

  attributes = profile_attributes (profile);
  secret_password_clearv (&marketo_schema, attributes, cancellable,
                          save_cleared_cb, g_steal_pointer (&task));
}

gboolean
msi_marketo_credentials_save_finish (GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == msi_marketo_credentials_save_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Load */

static void
load_searched_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autolist(SecretItem) items = NULL;
  GError *error = NULL;

  items = secret_service_search_finish (NULL, result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, keyring_error (error));
      return;
    }

  for (GList *l = items; l != NULL; l = l->next)
    {
      SecretItem *item = l->data;
      g_autoptr(SecretValue) value = secret_item_get_secret (item);
      g_autoptr(GHashTable) attributes = secret_item_get_attributes (item);
      const char *secret;

      if (value == NULL)
        continue;

      secret = secret_value_get_text (value);
      if (secret == NULL)
        continue;

      g_task_return_pointer (task,
                             msi_marketo_credentials_new (g_hash_table_lookup (attributes, "munchkin-id"),
                                                          g_hash_table_lookup (attributes, "client-id"),
                                                          secret),
                             (GDestroyNotify)msi_marketo_credentials_free);
      return;
    }

  g_task_return_pointer (task, NULL, NULL);
}

/**
 * msi_marketo_credentials_load_async:
 * @profile: the profile ID
 *
 * Reads the credentials kept for @profile.
 */
void
msi_marketo_credentials_load_async (const char          *profile,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) attributes = NULL;

  g_return_if_fail (profile != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, msi_marketo_credentials_load_async);

  attributes = profile_attributes (profile);
  secret_service_search (NULL, &marketo_schema, attributes,
                         SECRET_SEARCH_LOAD_SECRETS | SECRET_SEARCH_UNLOCK,
                         cancellable, load_searched_cb, g_steal_pointer (&task));
}

/**
 * msi_marketo_credentials_load_finish:
 *
 * Returns: (transfer full) (nullable): the credentials; %NULL without an
 *   error when none are kept
 */
MsiMarketoCredentials *
msi_marketo_credentials_load_finish (GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == msi_marketo_credentials_load_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Delete */

static void
delete_cleared_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!secret_password_clear_finish (result, &error) && error != NULL)
    g_task_return_error (task, keyring_error (error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * msi_marketo_credentials_delete_async:
 * @profile: the profile ID
 *
 * Forgets the credentials kept for @profile; succeeds when there were none.
 */
void
msi_marketo_credentials_delete_async (const char          *profile,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) attributes = NULL;

  g_return_if_fail (profile != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, msi_marketo_credentials_delete_async);

  attributes = profile_attributes (profile);
  secret_password_clearv (&marketo_schema, attributes, cancellable,
                          delete_cleared_cb, g_steal_pointer (&task));
}

gboolean
msi_marketo_credentials_delete_finish (GAsyncResult  *result,
                                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == msi_marketo_credentials_delete_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
