/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-email-address.c: checking e-mail addresses and reading lists of them */

#define G_LOG_DOMAIN "msi-email-address"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "msi-email-address.h"

/* RFC 5321 §4.5.3.1: 64 bytes before the "@"; RFC 3696 errata: 254 in all;
 * RFC 1035: 63 bytes in a domain label. */
#define MAX_LOCAL   64
#define MAX_ADDRESS 254
#define MAX_LABEL   63

/* How long an address may be inside a message before it is cut short. */
#define MAX_SHOWN   80

/* The atext of RFC 5322 §3.2.3: what a dot-atom may hold besides dots. */
static inline gboolean
is_atext (guchar c)
{
  if (g_ascii_isalnum (c))
    return TRUE;

  switch (c)
    {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*':
    case '+': case '-': case '/': case '=': case '?': case '^': case '_':
    case '`': case '{': case '|': case '}': case '~':
      return TRUE;
    default:
      return FALSE;
    }
}

static inline gboolean
is_blank (guchar c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

static void
trim (const char **start,
      const char **end)
{
  while (*start < *end && is_blank ((guchar) **start))
    (*start)++;
  while (*end > *start && is_blank ((guchar) (*end)[-1]))
    (*end)--;
}

/* Why a domain is not a good one, in more detail than MsiEmailProblem. */
typedef enum
{
  DOMAIN_OK,
  DOMAIN_EMPTY_LABEL,      /* ".x.com", "x..com", "x.com." */
  DOMAIN_LABEL_TOO_LONG,
  DOMAIN_BAD_CHAR,
  DOMAIN_HYPHEN,           /* a label starts or ends with "-" */
  DOMAIN_NUMERIC_TLD,      /* "1.2.3.4": an address literal without brackets */
  DOMAIN_NO_DOT,
} DomainProblem;

/* Checks @domain (@end excluded); *bad is the first character at fault
 * for DOMAIN_BAD_CHAR and DOMAIN_EMPTY_LABEL. */
static DomainProblem
check_domain (const char  *domain,
              const char  *end,
              const char **bad)
{
  const char *label = domain;
  const char *p = domain;
  gboolean all_digits = TRUE;
  guint n_labels = 0;

  *bad = NULL;

  for (;;)
    {
      if (p == end || *p == '.')
        {
          gsize label_len = (gsize) (p - label);

          n_labels++;
          if (label_len == 0)
            {
              *bad = p;
              return DOMAIN_EMPTY_LABEL;
            }
          if (label_len > MAX_LABEL)
            return DOMAIN_LABEL_TOO_LONG;
          if (label[0] == '-' || p[-1] == '-')
            return DOMAIN_HYPHEN;
          if (p == end)
            break;

          p++;
          label = p;
          all_digits = TRUE;
          continue;
        }

      if ((guchar) *p < 0x80)
        {
          if (!g_ascii_isalnum (*p) && *p != '-')
            {
              *bad = p;
              return DOMAIN_BAD_CHAR;
            }
          if (!g_ascii_isdigit (*p))
            all_digits = FALSE;
          p++;
        }
      else
        {
          /* An internationalised name, as UTF-8: letters, digits and the
           * marks that combine with them. */
          gunichar c = g_utf8_get_char_validated (p, end - p);

          if (c == (gunichar) -1 || c == (gunichar) -2 ||
              !(g_unichar_isalnum (c) || g_unichar_ismark (c)))
            {
              *bad = p;
              return DOMAIN_BAD_CHAR;
            }
          all_digits = FALSE;
          p = g_utf8_next_char (p);
        }
    }

  if (n_labels < 2)
    return DOMAIN_NO_DOT;
  /* The last label was checked when the loop ended: a top-level domain of
   * digits only means the "domain" is an IP address. */
  if (all_digits)
    return DOMAIN_NUMERIC_TLD;

  return DOMAIN_OK;
}

/**
 * msi_email_check:
 * @address: the address
 * @len: its length in bytes, or -1 when it ends with NUL
 *
 * Blanks around the address are ignored (msi_email_normalize() drops
 * them). The local part must be an ASCII dot-atom (RFC 5322 §3.2.3) of at
 * most 64 bytes; the domain a dotted name whose labels hold letters,
 * digits and hyphens, UTF-8 letters included, not an address literal.
 *
 * Returns: %MSI_EMAIL_VALID or the first problem found
 */
MsiEmailProblem
msi_email_check (const char *address,
                 gssize      len)
{
  const char *start = address;
  const char *end;
  const char *at = NULL;
  const char *bad;
  DomainProblem domain_problem;

  if (address == NULL)
    return MSI_EMAIL_EMPTY;

  end = start + (len < 0 ? strlen (address) : (gsize) len);
  trim (&start, &end);

  if (start == end)
    return MSI_EMAIL_EMPTY;

  for (const char *p = start; p < end; p++)
    {
      if (*p == '@')
        {
          if (at != NULL)
            return MSI_EMAIL_MANY_AT;
          at = p;
        }
    }

  if (at == NULL)
    return MSI_EMAIL_NO_AT;
  if (at == start)
    return MSI_EMAIL_EMPTY_LOCAL;
  if (at + 1 == end)
    return MSI_EMAIL_EMPTY_DOMAIN;
  if (end - start > MAX_ADDRESS)
    return MSI_EMAIL_TOO_LONG;
  if (at - start > MAX_LOCAL)
    return MSI_EMAIL_LOCAL_TOO_LONG;

  for (const char *p = start; p < at; p++)
    {
      if (*p != '.' && !is_atext ((guchar) *p))
        return MSI_EMAIL_BAD_LOCAL_CHAR;
    }

  if (start[0] == '.' || at[-1] == '.')
    return MSI_EMAIL_BAD_DOTS;
  for (const char *p = start + 1; p < at; p++)
    {
      if (p[0] == '.' && p[-1] == '.')
        return MSI_EMAIL_BAD_DOTS;
    }

  domain_problem = check_domain (at + 1, end, &bad);
  if (domain_problem == DOMAIN_OK)
    return MSI_EMAIL_VALID;
  if (domain_problem == DOMAIN_NO_DOT)
    return MSI_EMAIL_NO_TLD;

  return MSI_EMAIL_BAD_DOMAIN;
}

/* @address as it can be shown in a sentence: valid UTF-8, trimmed, cut
 * short with "…" when very long. */
static char *
shown_address (const char *address)
{
  g_autofree char *valid = g_utf8_make_valid (address != NULL ? address : "", -1);
  char *stripped = g_strstrip (valid);

  if (g_utf8_strlen (stripped, -1) > MAX_SHOWN)
    {
      char *cut = g_utf8_offset_to_pointer (stripped, MAX_SHOWN - 1);

      *cut = '\0';
      return g_strconcat (stripped, "…", NULL);
    }

  return g_strdup (stripped);
}

/* The character at @p (valid UTF-8 or not) as a phrase for a sentence:
 * "a space", "“,”"… */
static char *
describe_char (const char *p,
               const char *end)
{
  gunichar c;
  char buf[8] = { 0, };

  if (*p == ' ')
    return g_strdup (_("a space"));
  if (*p == '\t')
    return g_strdup (_("a tab"));
  if (*p == '\r' || *p == '\n')
    return g_strdup (_("a line break"));

  c = g_utf8_get_char_validated (p, end - p);
  if (c == (gunichar) -1 || c == (gunichar) -2)
    return g_strdup (_("bytes that are not text"));
  if (c == 0x00A0 || c == 0x202F || c == 0x2007)
    return g_strdup (_("a non-breaking space"));
  if (!g_unichar_isprint (c))
    return g_strdup_printf (_("an invisible character (U+%04X)"), c);

  g_unichar_to_utf8 (c, buf);
  /* TRANSLATORS: %s is one character, e.g. “,” */
  return g_strdup_printf (_("“%s”"), buf);
}

/**
 * msi_email_problem_describe:
 * @problem: what msi_email_check() said about @address
 * @address: (nullable): the address as written
 *
 * Returns: a translated sentence naming @address and what is wrong with
 *   it, as specific as the problem allows (which character, which part)
 */
char *
msi_email_problem_describe (MsiEmailProblem  problem,
                            const char      *address)
{
  g_autofree char *shown = shown_address (address);
  const char *start = address != NULL ? address : "";
  const char *end = start + strlen (start);
  const char *at;

  trim (&start, &end);
  at = memchr (start, '@', end - start);

  switch (problem)
    {
    case MSI_EMAIL_VALID:
      return g_strdup_printf (_("“%s” is a valid address."), shown);

    case MSI_EMAIL_EMPTY:
      if (*shown != '\0')
        return g_strdup_printf (_("“%s” holds no e-mail address."), shown);
      return g_strdup (_("The e-mail address is empty."));

    case MSI_EMAIL_NO_AT:
      return g_strdup_printf (_("“%s” has no “@”: an address looks like name@example.com."), shown);

    case MSI_EMAIL_MANY_AT:
      return g_strdup_printf (_("“%s” has more than one “@”: an address has exactly one."), shown);

    case MSI_EMAIL_EMPTY_LOCAL:
      return g_strdup_printf (_("“%s” has nothing before the “@”: the name of the mailbox is missing."), shown);

    case MSI_EMAIL_EMPTY_DOMAIN:
      return g_strdup_printf (_("“%s” has nothing after the “@”: the domain, such as example.com, is missing."), shown);

    case MSI_EMAIL_LOCAL_TOO_LONG:
      return g_strdup_printf (_("The part before the “@” in “%s” is %u characters long; at most %u are allowed."),
                              shown, at != NULL ? (guint) (at - start) : (guint) (end - start),
                              (guint) MAX_LOCAL);

    case MSI_EMAIL_TOO_LONG:
      return g_strdup_printf (_("“%s” is %u characters long; an address can have at most %u."),
                              shown, (guint) g_utf8_strlen (start, end - start),
                              (guint) MAX_ADDRESS);

    case MSI_EMAIL_BAD_LOCAL_CHAR:
      {
        const char *stop = at != NULL ? at : end;

        for (const char *p = start; p < stop; p++)
          {
            if (*p != '.' && !is_atext ((guchar) *p))
              {
                g_autofree char *what = describe_char (p, end);

                /* TRANSLATORS: the first %s is the address, the second a
                 * character such as “,” or a phrase such as “a space” */
                return g_strdup_printf (_("“%s” has %s before the “@”, which an address cannot hold."),
                                        shown, what);
              }
          }
        return g_strdup_printf (_("“%s” has a character before the “@” that an address cannot hold."), shown);
      }

    case MSI_EMAIL_BAD_DOTS:
      if (at != NULL && start < at && start[0] == '.')
        return g_strdup_printf (_("“%s” starts with a dot, which an address cannot do."), shown);
      if (at != NULL && start < at && at[-1] == '.')
        return g_strdup_printf (_("“%s” has a dot just before the “@”, which an address cannot have."), shown);
      return g_strdup_printf (_("“%s” has two dots in a row before the “@”, which an address cannot have."), shown);

    case MSI_EMAIL_BAD_DOMAIN:
      {
        const char *domain = at != NULL ? at + 1 : end;
        const char *bad = NULL;

        switch (check_domain (domain, end, &bad))
          {
          case DOMAIN_EMPTY_LABEL:
            if (bad == domain)
              return g_strdup_printf (_("The domain of “%s” starts with a dot."), shown);
            if (bad == end)
              return g_strdup_printf (_("The domain of “%s” ends with a dot."), shown);
            return g_strdup_printf (_("The domain of “%s” has two dots in a row."), shown);

          case DOMAIN_LABEL_TOO_LONG:
            return g_strdup_printf (_("The domain of “%s” has a part between dots longer than %u characters."),
                                    shown, (guint) MAX_LABEL);

          case DOMAIN_BAD_CHAR:
            {
              g_autofree char *what = describe_char (bad, end);

              /* TRANSLATORS: the first %s is the address, the second a
               * character such as “_” or a phrase such as “a space” */
              return g_strdup_printf (_("The domain of “%s” holds %s; a domain has only letters, digits, hyphens and dots."),
                                      shown, what);
            }

          case DOMAIN_HYPHEN:
            return g_strdup_printf (_("The domain of “%s” has a part that starts or ends with a hyphen."), shown);

          case DOMAIN_NUMERIC_TLD:
            return g_strdup_printf (_("The domain of “%s” is a number, not a name such as example.com."), shown);

          case DOMAIN_OK:
          case DOMAIN_NO_DOT:
          default:
            return g_strdup_printf (_("The domain of “%s” is not valid."), shown);
          }
      }

    case MSI_EMAIL_NO_TLD:
      return g_strdup_printf (_("The domain of “%s” has no dot: it needs an ending such as “.com” or “.nl”."), shown);

    default:
      return g_strdup_printf (_("“%s” is not a valid e-mail address."), shown);
    }
}

/**
 * msi_email_normalize:
 * @address: the address as written
 * @len: its length in bytes, or -1 when it ends with NUL
 *
 * Returns: @address without surrounding blanks, its domain (after the last
 *   “@”) in lower case; the local part is kept as written
 */
char *
msi_email_normalize (const char *address,
                     gssize      len)
{
  const char *start = address != NULL ? address : "";
  const char *end = start + (len < 0 || address == NULL ? strlen (start) : (gsize) len);
  const char *at = NULL;
  GString *out;

  trim (&start, &end);
  for (const char *p = end; p > start; p--)
    {
      if (p[-1] == '@')
        {
          at = p - 1;
          break;
        }
    }

  if (at == NULL)
    return g_strndup (start, end - start);

  out = g_string_sized_new (end - start + 1);
  g_string_append_len (out, start, at + 1 - start);

  if (g_utf8_validate (at + 1, end - at - 1, NULL))
    {
      g_autofree char *lower = g_utf8_strdown (at + 1, end - at - 1);

      g_string_append (out, lower);
    }
  else
    {
      for (const char *p = at + 1; p < end; p++)
        g_string_append_c (out, g_ascii_tolower (*p));
    }

  return g_string_free (out, FALSE);
}

/* ASCII in lower case, without a function call (g_ascii_tolower() is one). */
static inline guint
ascii_lower (guchar b)
{
  return (guint) (b - 'A') < 26 ? b + ('a' - 'A') : b;
}

/* The next character of @p in lower case, for a character that is not
 * ASCII; a byte that is not UTF-8 stands for itself (above the Unicode
 * range, so it equals no character). */
static gunichar
next_folded_slow (const char **p)
{
  guchar b = (guchar) **p;
  gunichar c;

  if (b < 0x80)
    {
      (*p)++;
      return ascii_lower (b);
    }

  c = g_utf8_get_char_validated (*p, -1);
  if (c == (gunichar) -1 || c == (gunichar) -2)
    {
      (*p)++;
      return 0x110000 + b;
    }

  *p = g_utf8_next_char (*p);
  return g_unichar_tolower (c);
}

/**
 * msi_email_hash:
 * @address: a NUL-terminated address
 *
 * A #GHashFunc that ignores case, to go with msi_email_equal(). ASCII
 * goes byte by byte; other characters are folded with
 * g_unichar_tolower().
 */
guint
msi_email_hash (gconstpointer address)
{
  const char *p = address;
  guint32 h = 5381;

  while (*p != '\0')
    {
      guchar b = (guchar) *p;

      if (G_LIKELY (b < 0x80))
        {
          h = h * 33 + ascii_lower (b);
          p++;
        }
      else
        {
          h = h * 33 + next_folded_slow (&p);
        }
    }

  return h;
}

/**
 * msi_email_equal:
 * @a: a NUL-terminated address
 * @b: another
 *
 * A #GEqualFunc: whether @a and @b are the same but for case.
 */
gboolean
msi_email_equal (gconstpointer a,
                 gconstpointer b)
{
  const char *p = a;
  const char *q = b;

  while (*p != '\0' && *q != '\0')
    {
      guchar x = (guchar) *p;
      guchar y = (guchar) *q;

      if (G_LIKELY (x < 0x80 && y < 0x80))
        {
          if (ascii_lower (x) != ascii_lower (y))
            return FALSE;
          p++;
          q++;
        }
      else if (next_folded_slow (&p) != next_folded_slow (&q))
        {
          return FALSE;
        }
    }

  return *p == '\0' && *q == '\0';
}

void
msi_email_entry_free (MsiEmailEntry *entry)
{
  if (entry == NULL)
    return;

  g_free (entry->text);
  g_free (entry->name);
  g_free (entry->address);
  g_free (entry);
}

/* The end of a quoted string starting at @p (on the opening quote), before
 * @end: the closing quote, or NULL when it never closes. A backslash
 * escapes the next character (RFC 5322 quoted-pair). */
static const char *
find_closing_quote (const char *p,
                    const char *end)
{
  for (p++; p < end; p++)
    {
      if (*p == '\\' && p + 1 < end)
        p++;
      else if (*p == '"')
        return p;
    }

  return NULL;
}

/* A display name as written, without its quotes and escapes; NULL when
 * empty. */
static char *
unquote_name (const char *start,
              const char *end)
{
  GString *out;

  trim (&start, &end);
  if (end - start >= 2 && *start == '"' && end[-1] == '"')
    {
      start++;
      end--;
      trim (&start, &end);
    }

  if (start == end)
    return NULL;

  out = g_string_sized_new (end - start);
  for (const char *p = start; p < end; p++)
    {
      if (*p == '\\' && p + 1 < end)
        p++;
      g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

/* Reads one trimmed, non-empty entry. */
static MsiEmailEntry *
parse_entry (const char *start,
             const char *end)
{
  MsiEmailEntry *entry = g_new0 (MsiEmailEntry, 1);
  const char *open = NULL;
  const char *close = NULL;
  gboolean no_more_gt = FALSE;
  gboolean no_more_quote = FALSE;

  entry->text = g_strndup (start, end - start);

  /* `Name <address>`: the last bracketed part outside quotes. When a
   * search for the closing character fails, later ones would too. */
  for (const char *p = start; p < end; p++)
    {
      if (*p == '"' && !no_more_quote)
        {
          const char *q = find_closing_quote (p, end);

          if (q != NULL)
            p = q;
          else
            no_more_quote = TRUE;
        }
      else if (*p == '<' && !no_more_gt)
        {
          const char *q = memchr (p, '>', end - p);

          if (q != NULL)
            {
              open = p;
              close = q;
              p = q;
            }
          else
            {
              no_more_gt = TRUE;
            }
        }
    }

  if (open != NULL)
    {
      entry->name = unquote_name (start, open);
      entry->address = msi_email_normalize (open + 1, close - open - 1);
    }
  else if (*start == '"' && find_closing_quote (start, end) == end - 1)
    {
      /* Only a quoted name, no address. */
      entry->name = unquote_name (start, end);
    }
  else
    {
      entry->address = msi_email_normalize (start, end - start);
    }

  if (entry->address != NULL && *entry->address == '\0')
    g_clear_pointer (&entry->address, g_free);

  entry->problem = msi_email_check (entry->address, -1);

  return entry;
}

static void
add_entry (GPtrArray  *entries,
           GHashTable *seen,
           const char *start,
           const char *end)
{
  MsiEmailEntry *entry;
  gpointer first;

  trim (&start, &end);
  if (start == end)
    return;

  entry = parse_entry (start, end);
  g_ptr_array_add (entries, entry);
  if (entry->address == NULL)
    return;

  if (g_hash_table_lookup_extended (seen, entry->address, NULL, &first))
    entry->duplicate_of = GPOINTER_TO_UINT (first);
  else
    g_hash_table_insert (seen, entry->address, GUINT_TO_POINTER (entries->len));
}

/**
 * msi_email_parse_list:
 * @text: what was typed or pasted
 *
 * Splits @text into lines, and lines on commas and semicolons that are
 * not inside a quoted name or angle brackets, and reads each non-blank
 * entry: a bare address, `Name <address>` or `"Last, First" <address>`.
 * A quote or bracket never reaches past the end of its line, so one left
 * open spoils only its own entry. An entry whose address (ignoring case)
 * came earlier gets that entry's 1-based index in duplicate_of.
 *
 * Returns: (transfer full) (element-type MsiEmailEntry): the entries in order
 */
GPtrArray *
msi_email_parse_list (const char *text)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) msi_email_entry_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (msi_email_hash, msi_email_equal);
  const char *line = text != NULL ? text : "";

  while (*line != '\0')
    {
      const char *line_end = line + strcspn (line, "\r\n");
      const char *entry_start = line;
      /* Once a search for a closing character failed, later ones on the
       * line would too: no quadratic time on unmatched brackets. */
      gboolean no_more_gt = FALSE;
      gboolean no_more_quote = FALSE;

      for (const char *p = line; p <= line_end; p++)
        {
          if (p < line_end && *p == '"' && !no_more_quote)
            {
              const char *q = find_closing_quote (p, line_end);

              if (q != NULL)
                p = q;
              else
                no_more_quote = TRUE;
            }
          else if (p < line_end && *p == '<' && !no_more_gt)
            {
              const char *q = memchr (p, '>', line_end - p);

              if (q != NULL)
                p = q;
              else
                no_more_gt = TRUE;
            }
          else if (p == line_end || *p == ',' || *p == ';')
            {
              add_entry (entries, seen, entry_start, p);
              entry_start = p + 1;
            }
        }

      line = line_end;
      while (*line == '\r' || *line == '\n')
        line++;
    }

  return g_steal_pointer (&entries);
}
