/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-signature-html.c: e-mail signatures as a small, safe subset of HTML */

#define G_LOG_DOMAIN "msi-signature-html"

#include "config.h"

#include <string.h>

#include "msi-signature-html.h"

/*
 * The sanitizer reads HTML with a small tokenizer that follows the
 * HTML tokenizer where it matters for safety (raw text elements, quoted
 * attribute values, comments, tags cut short by the end of the input)
 * and writes a new document from scratch: only the allowed elements,
 * only a checked href, every text re-escaped. Nothing of the input is
 * copied through unparsed, so a trick that confuses the tokenizer can
 * only change which text survives, never add markup.
 */

/* Deeper nesting is not a signature: the extra start tags are dropped. */
#define MAX_DEPTH 64

/* Longest tag or entity name worth comparing. */
#define MAX_NAME 32

typedef enum
{
  ELEMENT_OTHER,
  ELEMENT_B,
  ELEMENT_STRONG,
  ELEMENT_I,
  ELEMENT_EM,
  ELEMENT_U,
  ELEMENT_BR,
  ELEMENT_P,
  ELEMENT_DIV,
  ELEMENT_SPAN,
  ELEMENT_A,
  /* Removed with everything inside. */
  ELEMENT_OBJECT,
  ELEMENT_SVG,
  ELEMENT_MATH,
  ELEMENT_TEMPLATE,
} Element;

static const char * const element_names[] = {
  [ELEMENT_OTHER] = NULL,
  [ELEMENT_B] = "b",
  [ELEMENT_STRONG] = "strong",
  [ELEMENT_I] = "i",
  [ELEMENT_EM] = "em",
  [ELEMENT_U] = "u",
  [ELEMENT_BR] = "br",
  [ELEMENT_P] = "p",
  [ELEMENT_DIV] = "div",
  [ELEMENT_SPAN] = "span",
  [ELEMENT_A] = "a",
  [ELEMENT_OBJECT] = "object",
  [ELEMENT_SVG] = "svg",
  [ELEMENT_MATH] = "math",
  [ELEMENT_TEMPLATE] = "template",
};

/* Elements whose content is raw text up to their end tag (as in a
 * browser), all removed with that content. <embed> is void: its tag
 * alone goes, like any other unknown tag. */
static const char * const raw_text_elements[] = {
  "script", "style", "iframe", "noscript", "noembed", "noframes",
  "xmp", "title", "textarea", "plaintext",
};

/* The named character references worth knowing in a signature: the
 * markup characters, the punctuation used to hide a scheme
 * (&colon; &Tab; &NewLine;…), typography and the Latin-1 letters.
 * Others stay as text (“&foo;” reads as itself). */
static const struct
{
  const char *name;
  gunichar    c;
} named_references[] = {
  { "amp", '&' }, { "lt", '<' }, { "gt", '>' }, { "quot", '"' }, { "apos", '\'' },
  { "nbsp", 0xA0 }, { "colon", ':' }, { "Tab", '\t' }, { "NewLine", '\n' },
  { "sol", '/' }, { "bsol", '\\' }, { "lpar", '(' }, { "rpar", ')' }, { "period", '.' },
  { "comma", ',' }, { "excl", '!' }, { "quest", '?' }, { "num", '#' }, { "percnt", '%' },
  { "semi", ';' }, { "equals", '=' }, { "commat", '@' }, { "lowbar", '_' },
  { "dollar", '$' }, { "plus", '+' }, { "ast", '*' }, { "lsqb", '[' }, { "rsqb", ']' },
  { "lbrack", '[' }, { "rbrack", ']' }, { "lcub", '{' }, { "rcub", '}' },
  { "verbar", '|' }, { "vert", '|' }, { "grave", '`' }, { "Hat", '^' },
  { "ndash", 0x2013 }, { "mdash", 0x2014 }, { "lsquo", 0x2018 }, { "rsquo", 0x2019 },
  { "sbquo", 0x201A }, { "ldquo", 0x201C }, { "rdquo", 0x201D }, { "bdquo", 0x201E },
  { "hellip", 0x2026 }, { "bull", 0x2022 }, { "middot", 0xB7 }, { "copy", 0xA9 },
  { "reg", 0xAE }, { "trade", 0x2122 }, { "euro", 0x20AC }, { "pound", 0xA3 },
  { "yen", 0xA5 }, { "cent", 0xA2 }, { "sect", 0xA7 }, { "para", 0xB6 }, { "deg", 0xB0 },
  { "plusmn", 0xB1 }, { "times", 0xD7 }, { "divide", 0xF7 }, { "laquo", 0xAB },
  { "raquo", 0xBB }, { "lsaquo", 0x2039 }, { "rsaquo", 0x203A }, { "shy", 0xAD },
  { "iexcl", 0xA1 }, { "iquest", 0xBF }, { "micro", 0xB5 }, { "frac12", 0xBD },
  { "frac14", 0xBC }, { "frac34", 0xBE }, { "sup1", 0xB9 }, { "sup2", 0xB2 },
  { "sup3", 0xB3 }, { "ensp", 0x2002 }, { "emsp", 0x2003 }, { "thinsp", 0x2009 },
  { "zwnj", 0x200C }, { "zwj", 0x200D }, { "lrm", 0x200E }, { "rlm", 0x200F },
  { "dagger", 0x2020 }, { "Dagger", 0x2021 }, { "permil", 0x2030 }, { "larr", 0x2190 },
  { "uarr", 0x2191 }, { "rarr", 0x2192 }, { "darr", 0x2193 }, { "hearts", 0x2665 },
  { "Agrave", 0xC0 }, { "Aacute", 0xC1 }, { "Acirc", 0xC2 }, { "Atilde", 0xC3 },
  { "Auml", 0xC4 }, { "Aring", 0xC5 }, { "AElig", 0xC6 }, { "Ccedil", 0xC7 },
  { "Egrave", 0xC8 }, { "Eacute", 0xC9 }, { "Ecirc", 0xCA }, { "Euml", 0xCB },
  { "Igrave", 0xCC }, { "Iacute", 0xCD }, { "Icirc", 0xCE }, { "Iuml", 0xCF },
  { "ETH", 0xD0 }, { "Ntilde", 0xD1 }, { "Ograve", 0xD2 }, { "Oacute", 0xD3 },
  { "Ocirc", 0xD4 }, { "Otilde", 0xD5 }, { "Ouml", 0xD6 }, { "Oslash", 0xD8 },
  { "Ugrave", 0xD9 }, { "Uacute", 0xDA }, { "Ucirc", 0xDB }, { "Uuml", 0xDC },
  { "Yacute", 0xDD }, { "THORN", 0xDE }, { "szlig", 0xDF },
  { "agrave", 0xE0 }, { "aacute", 0xE1 }, { "acirc", 0xE2 }, { "atilde", 0xE3 },
  { "auml", 0xE4 }, { "aring", 0xE5 }, { "aelig", 0xE6 }, { "ccedil", 0xE7 },
  { "egrave", 0xE8 }, { "eacute", 0xE9 }, { "ecirc", 0xEA }, { "euml", 0xEB },
  { "igrave", 0xEC }, { "iacute", 0xED }, { "icirc", 0xEE }, { "iuml", 0xEF },
  { "eth", 0xF0 }, { "ntilde", 0xF1 }, { "ograve", 0xF2 }, { "oacute", 0xF3 },
  { "ocirc", 0xF4 }, { "otilde", 0xF5 }, { "ouml", 0xF6 }, { "oslash", 0xF8 },
  { "ugrave", 0xF9 }, { "uacute", 0xFA }, { "ucirc", 0xFB }, { "uuml", 0xFC },
  { "yacute", 0xFD }, { "thorn", 0xFE }, { "yuml", 0xFF },
};

/* What &#128;–&#159; mean in a browser (windows-1252); 0 where unassigned. */
static const gunichar windows_1252[32] = {
  0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
  0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

/* --- characters ---------------------------------------------------------- */

static gboolean
is_html_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

/* Text keeps tabs and new lines; other control characters go. */
static gboolean
is_kept_char (gunichar c)
{
  if (c == '\t' || c == '\n')
    return TRUE;
  if (c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F))
    return FALSE;
  return TRUE;
}

static void
append_text_char (GString  *text,
                  gunichar  c)
{
  if (is_kept_char (c))
    g_string_append_unichar (text, c);
}

static gunichar
numeric_reference_char (guint64 value)
{
  if (value == 0 || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF))
    return 0xFFFD;
  if (value >= 0x80 && value <= 0x9F && windows_1252[value - 0x80] != 0)
    return windows_1252[value - 0x80];
  return (gunichar) value;
}

/*
 * @p points just after an '&'. Numeric references may lack their ';'
 * (as in a browser); named ones need it.
 *
 * Returns: the end of the reference, with its character in @c; %NULL
 *   when @p does not start one.
 */
static const char *
decode_reference (const char *p,
                  const char *end,
                  gunichar   *c)
{
  const char *start;

  if (p < end && *p == '#')
    {
      gboolean hex = FALSE;
      guint64 value = 0;

      p++;
      if (p < end && (*p == 'x' || *p == 'X'))
        {
          hex = TRUE;
          p++;
        }
      start = p;
      while (p < end && (hex ? g_ascii_isxdigit (*p) : g_ascii_isdigit (*p)))
        {
          if (value <= 0x10FFFF)
            value = value * (hex ? 16 : 10) + (hex ? g_ascii_xdigit_value (*p) : *p - '0');
          p++;
        }
      if (p == start)
        return NULL;
      if (p < end && *p == ';')
        p++;
      *c = numeric_reference_char (value);
      return p;
    }

  start = p;
  while (p < end && p - start <= MAX_NAME && g_ascii_isalnum (*p))
    p++;
  if (p == start || p >= end || *p != ';')
    return NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (named_references); i++)
    {
      const char *name = named_references[i].name;

      if (strlen (name) == (gsize) (p - start) && memcmp (name, start, p - start) == 0)
        {
          *c = named_references[i].c;
          return p + 1;
        }
    }
  return NULL;
}

/* Decodes character references; @filter drops control characters. */
static void
decode_into (GString    *out,
             const char *p,
             const char *end,
             gboolean    filter)
{
  while (p < end)
    {
      gunichar c;

      if (*p == '&')
        {
          const char *after = decode_reference (p + 1, end, &c);

          if (after != NULL)
            {
              if (!filter || is_kept_char (c))
                g_string_append_unichar (out, c);
              p = after;
              continue;
            }
        }
      c = g_utf8_get_char (p);
      p = g_utf8_next_char (p);
      if (!filter || is_kept_char (c))
        g_string_append_unichar (out, c);
    }
}

static void
append_escaped (GString    *out,
                const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '&':
          g_string_append (out, "&amp;");
          break;
        case '<':
          g_string_append (out, "&lt;");
          break;
        case '>':
          g_string_append (out, "&gt;");
          break;
        case '"':
          g_string_append (out, "&quot;");
          break;
        default:
          g_string_append_c (out, *p);
        }
    }
}

static gboolean
has_prefix_ascii_case (const char *s,
                       const char *prefix)
{
  return g_ascii_strncasecmp (s, prefix, strlen (prefix)) == 0;
}

/*
 * A decoded href as the signature may keep it: control characters
 * removed (browsers ignore tabs and new lines inside URLs), spaces
 * trimmed, inner spaces encoded; then only http:, https: and mailto:
 * with something after them.
 *
 * Returns: (transfer full) (nullable): the href, or %NULL to drop the link
 */
static char *
normalize_href (const char *href)
{
  g_autoptr(GString) clean = g_string_new (NULL);
  g_autoptr(GString) out = g_string_new (NULL);
  const char *start, *end;

  if (href == NULL || !g_utf8_validate (href, -1, NULL))
    return NULL;

  for (const char *p = href; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= 0x20 && c != 0x7F && !(c >= 0x80 && c <= 0x9F))
        g_string_append_unichar (clean, c);
    }

  start = clean->str;
  end = clean->str + clean->len;
  while (start < end && *start == ' ')
    start++;
  while (end > start && end[-1] == ' ')
    end--;
  for (const char *p = start; p < end; p++)
    {
      if (*p == ' ')
        g_string_append (out, "%20");
      else
        g_string_append_c (out, *p);
    }

  if ((has_prefix_ascii_case (out->str, "https://") && out->len > strlen ("https://")) ||
      (has_prefix_ascii_case (out->str, "http://") && out->len > strlen ("http://")) ||
      (has_prefix_ascii_case (out->str, "mailto:") && out->len > strlen ("mailto:")))
    return g_string_free (g_steal_pointer (&out), FALSE);

  return NULL;
}

/* Valid UTF-8 with "\n" for every line end. */
static char *
prepare_input (const char *html)
{
  g_autofree char *valid = g_utf8_make_valid (html != NULL ? html : "", -1);
  GString *out = g_string_sized_new (strlen (valid));

  for (const char *p = valid; *p != '\0'; p++)
    {
      if (*p == '\r')
        {
          g_string_append_c (out, '\n');
          if (p[1] == '\n')
            p++;
        }
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/* --- the tokenizer ------------------------------------------------------- */

typedef enum
{
  TOKEN_TEXT,
  TOKEN_START_TAG,
  TOKEN_END_TAG,
} TokenKind;

typedef struct
{
  const char *pos;
  const char *end;

  TokenKind   kind;
  GString    *text;          /* TOKEN_TEXT: decoded, control characters removed */
  GString    *name;          /* tags: lower-case */
  GString    *href;          /* TOKEN_START_TAG: the first href, decoded */
  gboolean    has_href;
  gboolean    self_closing;
} Tokenizer;

static void
tokenizer_init (Tokenizer  *t,
                const char *input)
{
  t->pos = input;
  t->end = input + strlen (input);
  t->text = g_string_new (NULL);
  t->name = g_string_new (NULL);
  t->href = g_string_new (NULL);
  t->has_href = FALSE;
  t->self_closing = FALSE;
}

static void
tokenizer_clear (Tokenizer *t)
{
  g_string_free (t->text, TRUE);
  g_string_free (t->name, TRUE);
  g_string_free (t->href, TRUE);
}

/* A '<' that opens a tag, an end tag, a comment or a declaration; any
 * other '<' is text. */
static gboolean
starts_markup (const char *p,
               const char *end)
{
  if (p + 1 >= end)
    return FALSE;
  if (g_ascii_isalpha (p[1]) || p[1] == '!' || p[1] == '?')
    return TRUE;
  return p[1] == '/' && p + 2 < end;
}

/*
 * Reads a tag's name and attributes from @p (its first name character)
 * to after its '>'.
 *
 * Returns: where the tag ends, or %NULL when the input ends inside it
 *   (a browser drops such a tag)
 */
static const char *
read_tag (Tokenizer  *t,
          const char *p,
          gboolean    is_end_tag)
{
  const char *end = t->end;

  g_string_truncate (t->name, 0);
  g_string_truncate (t->href, 0);
  t->has_href = FALSE;
  t->self_closing = FALSE;

  while (p < end && !is_html_space (*p) && *p != '/' && *p != '>')
    {
      if (t->name->len <= MAX_NAME)
        g_string_append_c (t->name, g_ascii_tolower (*p));
      p++;
    }

  for (;;)
    {
      const char *name_start, *name_end, *value_start = NULL, *value_end = NULL;

      while (p < end && (is_html_space (*p) || *p == '/'))
        {
          if (*p == '/' && p + 1 < end && p[1] == '>')
            t->self_closing = TRUE;
          p++;
        }
      if (p >= end)
        return NULL;
      if (*p == '>')
        return p + 1;
      t->self_closing = FALSE;

      name_start = p++;
      while (p < end && !is_html_space (*p) && *p != '/' && *p != '>' && *p != '=')
        p++;
      name_end = p;

      while (p < end && is_html_space (*p))
        p++;
      if (p < end && *p == '=')
        {
          p++;
          while (p < end && is_html_space (*p))
            p++;
          if (p >= end)
            return NULL;
          if (*p == '"' || *p == '\'')
            {
              const char *quote = memchr (p + 1, *p, end - p - 1);

              if (quote == NULL)
                return NULL;
              value_start = p + 1;
              value_end = quote;
              p = quote + 1;
            }
          else
            {
              value_start = p;
              while (p < end && !is_html_space (*p) && *p != '>')
                p++;
              value_end = p;
            }
        }

      if (!is_end_tag && !t->has_href && name_end - name_start == 4 &&
          g_ascii_strncasecmp (name_start, "href", 4) == 0)
        {
          t->has_href = TRUE;
          if (value_start != NULL)
            decode_into (t->href, value_start, value_end, FALSE);
        }
    }
}

/* Skips the content of a raw text element and its end tag. */
static void
skip_raw_text (Tokenizer  *t,
               const char *name)
{
  gsize len = strlen (name);
  const char *p = t->pos;

  while ((p = memchr (p, '<', t->end - p)) != NULL)
    {
      const char *after = p + 2 + len;

      if ((gsize) (t->end - p) >= 2 + len && p[1] == '/' &&
          g_ascii_strncasecmp (p + 2, name, len) == 0 &&
          (after == t->end || is_html_space (*after) || *after == '/' || *after == '>'))
        {
          const char *tag_end = read_tag (t, p + 2, TRUE);

          t->pos = tag_end != NULL ? tag_end : t->end;
          return;
        }
      p++;
    }
  t->pos = t->end;
}

static const char *
find_or_end (const char *haystack,
             const char *needle,
             const char *end)
{
  const char *found = strstr (haystack, needle);

  return found != NULL ? found : end;
}

/* Skips a comment, declaration, CDATA section or processing instruction at t->pos. */
static void
skip_comment (Tokenizer *t)
{
  const char *p = t->pos;

  if (g_str_has_prefix (p, "<!--"))
    {
      const char *a, *b;

      p += 4;
      /* <!--> and <!---> are whole (empty) comments. */
      if (*p == '>')
        {
          t->pos = p + 1;
          return;
        }
      if (g_str_has_prefix (p, "->"))
        {
          t->pos = p + 2;
          return;
        }
      a = find_or_end (p, "-->", t->end);
      b = find_or_end (p, "--!>", t->end);
      if (a <= b)
        t->pos = a == t->end ? a : a + 3;
      else
        t->pos = b + 4;
      return;
    }
  if (g_str_has_prefix (p, "<![CDATA["))
    {
      const char *close = find_or_end (p + 9, "]]>", t->end);

      t->pos = close == t->end ? close : close + 3;
      return;
    }

  /* <!DOCTYPE…>, <?xml…?>, </ 3>: up to the next '>'. */
  p = memchr (p, '>', t->end - p);
  t->pos = p != NULL ? p + 1 : t->end;
}

static gboolean
is_raw_text_element (const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (raw_text_elements); i++)
    {
      if (g_str_equal (name, raw_text_elements[i]))
        return TRUE;
    }
  return FALSE;
}

/* Reads text up to the next markup, decoding references. */
static void
read_text (Tokenizer *t)
{
  const char *p = t->pos;
  const char *end = t->end;

  g_string_truncate (t->text, 0);
  while (p < end && !(*p == '<' && starts_markup (p, end)))
    {
      gunichar c;

      if (*p == '&')
        {
          const char *after = decode_reference (p + 1, end, &c);

          if (after != NULL)
            {
              append_text_char (t->text, c);
              p = after;
              continue;
            }
        }
      c = g_utf8_get_char (p);
      p = g_utf8_next_char (p);
      append_text_char (t->text, c);
    }
  t->pos = p;
}

/*
 * Reads the next text or tag; comments, declarations and raw text
 * elements (with their content) are skipped.
 *
 * Returns: %FALSE at the end of the input
 */
static gboolean
tokenizer_next (Tokenizer *t)
{
  while (t->pos < t->end)
    {
      const char *p = t->pos;

      if (*p != '<' || !starts_markup (p, t->end))
        {
          t->kind = TOKEN_TEXT;
          read_text (t);
          return TRUE;
        }

      if (g_ascii_isalpha (p[1]))
        {
          const char *after = read_tag (t, p + 1, FALSE);

          t->pos = after != NULL ? after : t->end;
          if (after == NULL)
            return FALSE;
          if (is_raw_text_element (t->name->str))
            {
              g_autofree char *name = g_strdup (t->name->str);

              skip_raw_text (t, name);
              continue;
            }
          t->kind = TOKEN_START_TAG;
          return TRUE;
        }

      if (p[1] == '/' && g_ascii_isalpha (p[2]))
        {
          const char *after = read_tag (t, p + 2, TRUE);

          t->pos = after != NULL ? after : t->end;
          if (after == NULL)
            return FALSE;
          t->kind = TOKEN_END_TAG;
          return TRUE;
        }

      if (p[1] == '/' && p[2] == '>')
        {
          t->pos = p + 3;
          continue;
        }

      skip_comment (t);
    }
  return FALSE;
}

static Element
lookup_element (const char *name)
{
  for (guint i = ELEMENT_OTHER + 1; i < G_N_ELEMENTS (element_names); i++)
    {
      if (g_str_equal (name, element_names[i]))
        return i;
    }
  return ELEMENT_OTHER;
}

/* --- the sanitizer ------------------------------------------------------- */

typedef struct
{
  Element  element;
  gboolean emitted;      /* FALSE for a link whose href was dropped */
} Open;

typedef struct
{
  GString *out;
  Open     stack[MAX_DEPTH];
  guint    depth;
} Writer;

static void
writer_pop (Writer *w)
{
  Open *entry = &w->stack[--w->depth];

  if (entry->emitted)
    g_string_append_printf (w->out, "</%s>", element_names[entry->element]);
}

static int
writer_find (Writer  *w,
             Element  element)
{
  for (int i = (int) w->depth - 1; i >= 0; i--)
    {
      if (w->stack[i].element == element)
        return i;
    }
  return -1;
}

static void
writer_close (Writer  *w,
              Element  element)
{
  int i = writer_find (w, element);

  if (i < 0)
    return;
  while ((int) w->depth > i)
    writer_pop (w);
}

static void
writer_start (Writer    *w,
              Element    element,
              Tokenizer *t)
{
  Open *entry;

  /* A paragraph or block ends an open paragraph, a link an open link:
   * the output never nests them. */
  if (element == ELEMENT_P || element == ELEMENT_DIV)
    writer_close (w, ELEMENT_P);
  else if (element == ELEMENT_A)
    writer_close (w, ELEMENT_A);

  if (w->depth == MAX_DEPTH)
    return;

  entry = &w->stack[w->depth++];
  entry->element = element;
  entry->emitted = TRUE;

  if (element == ELEMENT_A)
    {
      g_autofree char *href = t->has_href ? normalize_href (t->href->str) : NULL;

      entry->emitted = href != NULL;
      if (href != NULL)
        {
          g_string_append (w->out, "<a href=\"");
          append_escaped (w->out, href);
          g_string_append (w->out, "\" target=\"_blank\" rel=\"noopener noreferrer\">");
        }
    }
  else
    g_string_append_printf (w->out, "<%s>", element_names[element]);
}

/**
 * msi_signature_html_sanitize:
 * @html: (nullable): any text, as typed, pasted or sent by a server
 *
 * Returns: (transfer full): @html reduced to the signature subset (see
 *   the header); "" for %NULL
 */
char *
msi_signature_html_sanitize (const char *html)
{
  g_autofree char *input = prepare_input (html);
  Writer w = { 0, };
  Element skipping = ELEMENT_OTHER;
  guint skip_depth = 0;
  Tokenizer t;

  w.out = g_string_sized_new (strlen (input) + 16);
  tokenizer_init (&t, input);
  while (tokenizer_next (&t))
    {
      Element element = t.kind == TOKEN_TEXT ? ELEMENT_OTHER : lookup_element (t.name->str);

      if (skip_depth > 0)
        {
          if (element == skipping && t.kind == TOKEN_START_TAG && !t.self_closing)
            skip_depth++;
          else if (element == skipping && t.kind == TOKEN_END_TAG)
            skip_depth--;
          continue;
        }

      switch (t.kind)
        {
        case TOKEN_TEXT:
          append_escaped (w.out, t.text->str);
          break;

        case TOKEN_START_TAG:
          switch (element)
            {
            case ELEMENT_OBJECT:
            case ELEMENT_SVG:
            case ELEMENT_MATH:
            case ELEMENT_TEMPLATE:
              if (!t.self_closing)
                {
                  skipping = element;
                  skip_depth = 1;
                }
              break;
            case ELEMENT_BR:
              g_string_append (w.out, "<br>");
              break;
            case ELEMENT_OTHER:
              break;
            case ELEMENT_B:
            case ELEMENT_STRONG:
            case ELEMENT_I:
            case ELEMENT_EM:
            case ELEMENT_U:
            case ELEMENT_P:
            case ELEMENT_DIV:
            case ELEMENT_SPAN:
            case ELEMENT_A:
            default:
              writer_start (&w, element, &t);
            }
          break;

        case TOKEN_END_TAG:
        default:
          /* Stray end tags (and </br>) are dropped. */
          if (element != ELEMENT_OTHER && element != ELEMENT_BR)
            writer_close (&w, element);
        }
    }
  while (w.depth > 0)
    writer_pop (&w);

  tokenizer_clear (&t);
  return g_string_free (w.out, FALSE);
}

/* --- the editor's markup to HTML ----------------------------------------- */

/*
 * The markup is a small part of CommonMark's inline syntax: `**bold**`,
 * `*italic*`, `[text](url)`, backslash escapes of \ * [ ] ( ) and new
 * lines as line breaks. Emphasis follows CommonMark's delimiter rules
 * (flanking runs, the rule of three), so "5 * 3", "a*b" and "***x***"
 * read as a person who knows Markdown expects.
 */

#define ESCAPABLE "\\*[]()"

typedef enum
{
  NODE_TEXT,
  NODE_DELIMITER,
  NODE_BREAK,
  NODE_LINK_OPEN,
  NODE_LINK_CLOSE,
} NodeKind;

typedef struct
{
  NodeKind  kind;
  GString  *text;        /* NODE_TEXT: the text; NODE_LINK_OPEN: the href */
  guint     count;       /* NODE_DELIMITER: stars left as text */
  guint     length;      /* NODE_DELIMITER: stars in the run */
  gboolean  can_open;
  gboolean  can_close;
  gboolean  active;
  GString  *opens;       /* NODE_DELIMITER: start tags after the stars left */
  GString  *closes;      /* NODE_DELIMITER: end tags before them */
} Node;

static void
node_clear (gpointer data)
{
  Node *node = data;

  if (node->text != NULL)
    g_string_free (node->text, TRUE);
  if (node->opens != NULL)
    g_string_free (node->opens, TRUE);
  if (node->closes != NULL)
    g_string_free (node->closes, TRUE);
}

static Node *
add_node (GArray   *nodes,
          NodeKind  kind)
{
  Node node = { kind, };

  g_array_append_val (nodes, node);
  return &g_array_index (nodes, Node, nodes->len - 1);
}

static void
add_text (GArray     *nodes,
          const char *text,
          gsize       len)
{
  Node *last = nodes->len > 0 ? &g_array_index (nodes, Node, nodes->len - 1) : NULL;

  if (last == NULL || last->kind != NODE_TEXT)
    {
      last = add_node (nodes, NODE_TEXT);
      last->text = g_string_new (NULL);
    }
  g_string_append_len (last->text, text, len);
}

static gboolean
is_markup_space (gunichar c)
{
  return c == 0 || g_unichar_isspace (c);
}

static gboolean
is_markup_punct (gunichar c)
{
  return c != 0 && (g_unichar_ispunct (c) || (c < 0x80 && g_ascii_ispunct (c)));
}

/* The character before @pos, or 0 (white space) at the start. */
static gunichar
char_before (const char *s,
             gsize       pos)
{
  const char *prev = pos > 0 ? g_utf8_find_prev_char (s, s + pos) : NULL;

  return prev != NULL ? g_utf8_get_char (prev) : 0;
}

/*
 * A link at @s[@i] ('['): "[text](url)" with text on one line and
 * without brackets but escaped ones, url without spaces, its
 * parentheses balanced.
 */
static gboolean
find_link (const char *s,
           gsize       i,
           gsize       to,
           gsize      *text_end,
           gsize      *url_end)
{
  gsize j = i + 1, k;
  int depth = 0;

  while (j < to && s[j] != ']')
    {
      if (s[j] == '\\' && j + 1 < to && strchr (ESCAPABLE, s[j + 1]) != NULL)
        j += 2;
      else if (s[j] == '[' || s[j] == '\n')
        return FALSE;
      else
        j++;
    }
  if (j >= to || j == i + 1 || j + 1 >= to || s[j + 1] != '(')
    return FALSE;

  for (k = j + 2; k < to; k++)
    {
      if ((guchar) s[k] <= ' ' || s[k] == 0x7F)
        return FALSE;
      if (s[k] == '\\' && k + 1 < to && strchr ("\\()", s[k + 1]) != NULL)
        k++;
      else if (s[k] == '(')
        depth++;
      else if (s[k] == ')' && depth-- == 0)
        break;
    }
  if (k >= to || k == j + 2)
    return FALSE;

  *text_end = j;
  *url_end = k;
  return TRUE;
}

/* A link's url with its escapes (\( \) \\) undone. */
static char *
unescape_url (const char *p,
              const char *end)
{
  GString *url = g_string_sized_new (end - p);

  for (; p < end; p++)
    {
      if (*p == '\\' && p + 1 < end && strchr ("\\()", p[1]) != NULL)
        p++;
      g_string_append_c (url, *p);
    }
  return g_string_free (url, FALSE);
}

static void
parse_inline (GArray     *nodes,
              const char *s,
              gsize       from,
              gsize       to,
              gboolean    links)
{
  gsize i = from;

  while (i < to)
    {
      char c = s[i];
      gsize text_end, url_end;

      if (c == '\\' && i + 1 < to && strchr (ESCAPABLE, s[i + 1]) != NULL)
        {
          add_text (nodes, s + i + 1, 1);
          i += 2;
        }
      else if (c == '\n')
        {
          add_node (nodes, NODE_BREAK);
          i++;
        }
      else if (c == '*')
        {
          gsize j = i;
          gunichar before = char_before (s, i), after;
          gboolean left, right;
          Node *node;

          while (j < to && s[j] == '*')
            j++;
          after = g_utf8_get_char (s + j);
          left = !is_markup_space (after) &&
                 (!is_markup_punct (after) || is_markup_space (before) || is_markup_punct (before));
          right = !is_markup_space (before) &&
                  (!is_markup_punct (before) || is_markup_space (after) || is_markup_punct (after));

          node = add_node (nodes, NODE_DELIMITER);
          node->count = node->length = j - i;
          node->can_open = left;
          node->can_close = right;
          node->active = TRUE;
          node->opens = g_string_new (NULL);
          node->closes = g_string_new (NULL);
          i = j;
        }
      else if (c == '[' && links && find_link (s, i, to, &text_end, &url_end))
        {
          g_autofree char *url = unescape_url (s + text_end + 2, s + url_end);
          g_autofree char *href = normalize_href (url);

          if (href == NULL)
            {
              /* Not a link that may be kept: the markup stays as typed. */
              add_text (nodes, s + i, url_end + 1 - i);
            }
          else
            {
              Node *open = add_node (nodes, NODE_LINK_OPEN);

              open->text = g_string_new (href);
              parse_inline (nodes, s, i + 1, text_end, FALSE);
              add_node (nodes, NODE_LINK_CLOSE);
            }
          i = url_end + 1;
        }
      else
        {
          gsize len = g_utf8_next_char (s + i) - (s + i);

          add_text (nodes, s + i, len);
          i += len;
        }
    }
}

/* CommonMark's "process emphasis", for the delimiters in [@from, @to). */
static void
process_emphasis (GArray *nodes,
                  guint   from,
                  guint   to)
{
  g_autoptr(GArray) list = g_array_new (FALSE, FALSE, sizeof (guint));
  int bottom[3][2] = { { -1, -1 }, { -1, -1 }, { -1, -1 } };
  guint current = 0;

  for (guint i = from; i < to; i++)
    {
      Node *node = &g_array_index (nodes, Node, i);

      if (node->kind == NODE_DELIMITER && node->active)
        g_array_append_val (list, i);
    }

#define AT(k) (&g_array_index (nodes, Node, g_array_index (list, guint, (k))))
  while (current < list->len)
    {
      Node *closer = AT (current);
      int *lower = &bottom[closer->length % 3][closer->can_open ? 1 : 0];
      Node *opener = NULL;
      int found = -1;
      guint use;

      if (!closer->active || !closer->can_close || closer->count == 0)
        {
          current++;
          continue;
        }

      for (int k = (int) current - 1; k > *lower; k--)
        {
          Node *candidate = AT (k);

          if (!candidate->active || !candidate->can_open || candidate->count == 0)
            continue;
          /* The rule of three: a run that can both open and close does
           * not pair with one whose length makes a multiple of three. */
          if ((candidate->can_close || closer->can_open) &&
              (candidate->length + closer->length) % 3 == 0 &&
              !(candidate->length % 3 == 0 && closer->length % 3 == 0))
            continue;
          found = k;
          opener = candidate;
          break;
        }

      if (opener == NULL)
        {
          *lower = (int) current - 1;
          if (!closer->can_open)
            closer->active = FALSE;
          current++;
          continue;
        }

      use = opener->count >= 2 && closer->count >= 2 ? 2 : 1;
      opener->count -= use;
      closer->count -= use;
      g_string_prepend (opener->opens, use == 2 ? "<b>" : "<i>");
      g_string_append (closer->closes, use == 2 ? "</b>" : "</i>");
      for (guint k = found + 1; k < current; k++)
        AT (k)->active = FALSE;
      if (opener->count == 0)
        opener->active = FALSE;
      if (closer->count == 0)
        {
          closer->active = FALSE;
          current++;
        }
    }
#undef AT
}

/* Valid UTF-8, "\n" line ends, no control characters but tabs. */
static char *
prepare_markup (const char *markup)
{
  g_autofree char *input = prepare_input (markup);
  GString *out = g_string_sized_new (strlen (input));

  for (const char *p = input; *p != '\0'; p = g_utf8_next_char (p))
    append_text_char (out, g_utf8_get_char (p));
  return g_string_free (out, FALSE);
}

/**
 * msi_signature_html_from_markup:
 * @markup: (nullable): what the person typed in the signature editor
 *
 * Returns: (transfer full): sanitized signature HTML
 */
char *
msi_signature_html_from_markup (const char *markup)
{
  g_autofree char *text = prepare_markup (markup);
  g_autoptr(GArray) nodes = g_array_new (FALSE, TRUE, sizeof (Node));
  g_autoptr(GString) html = g_string_new (NULL);
  gsize len = strlen (text);
  guint link_start = 0;

  g_array_set_clear_func (nodes, node_clear);
  parse_inline (nodes, text, 0, len, TRUE);

  /* Emphasis inside each link first, as a unit; then around them. */
  for (guint i = 0; i < nodes->len; i++)
    {
      Node *node = &g_array_index (nodes, Node, i);

      if (node->kind == NODE_LINK_OPEN)
        link_start = i + 1;
      else if (node->kind == NODE_LINK_CLOSE)
        {
          process_emphasis (nodes, link_start, i);
          for (guint k = link_start; k < i; k++)
            g_array_index (nodes, Node, k).active = FALSE;
        }
    }
  process_emphasis (nodes, 0, nodes->len);

  for (guint i = 0; i < nodes->len; i++)
    {
      Node *node = &g_array_index (nodes, Node, i);

      switch (node->kind)
        {
        case NODE_TEXT:
          append_escaped (html, node->text->str);
          break;
        case NODE_DELIMITER:
          g_string_append (html, node->closes->str);
          for (guint k = 0; k < node->count; k++)
            g_string_append_c (html, '*');
          g_string_append (html, node->opens->str);
          break;
        case NODE_BREAK:
          g_string_append (html, "<br>");
          break;
        case NODE_LINK_OPEN:
          g_string_append (html, "<a href=\"");
          append_escaped (html, node->text->str);
          g_string_append (html, "\">");
          break;
        case NODE_LINK_CLOSE:
        default:
          g_string_append (html, "</a>");
        }
    }

  return msi_signature_html_sanitize (html->str);
}

/* --- HTML back to the editor's markup ------------------------------------ */

enum
{
  RUN_BOLD = 1 << 0,
  RUN_ITALIC = 1 << 1,
};

/* A piece of text with one formatting, or a line break (text %NULL). */
typedef struct
{
  char  *text;
  guint  flags;
  char  *href;
  guint  outer;     /* in a link: the flags already on where it starts */
} Run;

static void
run_clear (gpointer data)
{
  Run *run = data;

  g_free (run->text);
  g_free (run->href);
}

static void
add_run (GArray     *runs,
         const char *text,
         gsize       len,
         guint       flags,
         const char *href,
         guint       outer)
{
  Run *last = runs->len > 0 ? &g_array_index (runs, Run, runs->len - 1) : NULL;
  Run run = { NULL, flags, g_strdup (href), outer };

  if (text != NULL && len == 0)
    {
      g_free (run.href);
      return;
    }
  if (text != NULL && last != NULL && last->text != NULL && last->flags == flags &&
      g_strcmp0 (last->href, href) == 0 && last->outer == outer)
    {
      gsize old_len = strlen (last->text);

      last->text = g_realloc (last->text, old_len + len + 1);
      memcpy (last->text + old_len, text, len);
      last->text[old_len + len] = '\0';
      g_free (run.href);
      return;
    }
  run.text = text != NULL ? g_strndup (text, len) : NULL;
  g_array_append_val (runs, run);
}

/*
 * Reads sanitized HTML as a mail reader shows it: white space collapses
 * to one space, none at the start or end of a line; <br> breaks a line;
 * a paragraph or block starts and ends on its own line. The callbacks
 * get the text, the line breaks and the inline elements.
 */
typedef struct
{
  void (*text)  (gpointer data, const char *text);
  void (*line)  (gpointer data);
  void (*tag)   (gpointer data, Element element, gboolean start, const char *href);
} WalkFuncs;

static gboolean
is_collapsible_space (gunichar c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\f';
}

typedef enum
{
  EVENT_TEXT,
  EVENT_LINE,
  EVENT_TAG,
} EventKind;

typedef struct
{
  EventKind  kind;
  gboolean   soft;      /* a space or line written ahead of an element */
  Element    element;
  gboolean   start;
  char      *str;       /* EVENT_TEXT: the text; EVENT_TAG: the href */
} Event;

static void
event_clear (gpointer data)
{
  g_free (((Event *) data)->str);
}

static void
add_event (GArray     *events,
           EventKind   kind,
           gboolean    soft,
           Element     element,
           gboolean    start,
           const char *str)
{
  Event event = { kind, soft, element, start, g_strdup (str) };

  g_array_append_val (events, event);
}

static GArray *
html_to_events (const char *html)
{
  g_autofree char *clean = msi_signature_html_sanitize (html);
  g_autoptr(GString) text = g_string_new (NULL);
  GArray *events = g_array_new (FALSE, TRUE, sizeof (Event));
  gboolean line_start = TRUE, pending_space = FALSE, pending_line = FALSE;
  gboolean after_space = FALSE;
  Tokenizer t;

  g_array_set_clear_func (events, event_clear);
  tokenizer_init (&t, clean);
  while (tokenizer_next (&t))
    {
      Element element = t.kind == TOKEN_TEXT ? ELEMENT_OTHER : lookup_element (t.name->str);

      if (t.kind == TOKEN_TEXT)
        {
          g_string_truncate (text, 0);
          for (const char *p = t.text->str; *p != '\0'; p = g_utf8_next_char (p))
            {
              gunichar c = g_utf8_get_char (p);

              if (is_collapsible_space (c))
                {
                  pending_space = pending_space || !(line_start || after_space);
                  continue;
                }
              if (pending_line)
                {
                  if (text->len > 0)
                    add_event (events, EVENT_TEXT, FALSE, ELEMENT_OTHER, FALSE, text->str);
                  g_string_truncate (text, 0);
                  add_event (events, EVENT_LINE, FALSE, ELEMENT_OTHER, FALSE, NULL);
                  pending_line = FALSE;
                }
              if (pending_space)
                g_string_append_c (text, ' ');
              pending_space = after_space = line_start = FALSE;
              g_string_append_unichar (text, c);
            }
          if (text->len > 0)
            add_event (events, EVENT_TEXT, FALSE, ELEMENT_OTHER, FALSE, text->str);
          continue;
        }

      switch (element)
        {
        case ELEMENT_BR:
          if (pending_line)
            add_event (events, EVENT_LINE, FALSE, ELEMENT_OTHER, FALSE, NULL);
          add_event (events, EVENT_LINE, FALSE, ELEMENT_OTHER, FALSE, NULL);
          pending_line = pending_space = FALSE;
          line_start = TRUE;
          break;
        case ELEMENT_P:
        case ELEMENT_DIV:
          pending_line = pending_line || !line_start;
          pending_space = FALSE;
          line_start = TRUE;
          break;
        case ELEMENT_B:
        case ELEMENT_STRONG:
        case ELEMENT_I:
        case ELEMENT_EM:
        case ELEMENT_U:
        case ELEMENT_A:
          {
            g_autofree char *href = NULL;

            /* A line or space waiting for text goes before an element
             * that starts, so that it does not become part of it. */
            if (t.kind == TOKEN_START_TAG && pending_line)
              add_event (events, EVENT_LINE, TRUE, ELEMENT_OTHER, FALSE, NULL);
            else if (t.kind == TOKEN_START_TAG && pending_space)
              {
                add_event (events, EVENT_TEXT, TRUE, ELEMENT_OTHER, FALSE, " ");
                after_space = TRUE;
              }
            if (t.kind == TOKEN_START_TAG)
              pending_line = pending_space = FALSE;

            if (element == ELEMENT_A && t.kind == TOKEN_START_TAG)
              href = normalize_href (t.href->str);
            add_event (events, EVENT_TAG, FALSE, element, t.kind == TOKEN_START_TAG, href);
          }
          break;
        case ELEMENT_OTHER:
        case ELEMENT_SPAN:
        case ELEMENT_OBJECT:
        case ELEMENT_SVG:
        case ELEMENT_MATH:
        case ELEMENT_TEMPLATE:
        default:
          break;
        }
    }
  tokenizer_clear (&t);
  return events;
}

static void
walk_html (const char      *html,
           const WalkFuncs *funcs,
           gpointer         data)
{
  g_autoptr(GArray) events = html_to_events (html);

  for (guint i = 0; i < events->len; i++)
    {
      Event *event = &g_array_index (events, Event, i);

      if (event->soft)
        {
          Event *next = NULL;

          for (guint j = i + 1; j < events->len && next == NULL; j++)
            {
              if (g_array_index (events, Event, j).kind != EVENT_TAG)
                next = &g_array_index (events, Event, j);
            }
          /* No space at the end of a line, no line at the end. */
          if (next == NULL || (event->kind == EVENT_TEXT && next->kind == EVENT_LINE))
            continue;
        }

      switch (event->kind)
        {
        case EVENT_TEXT:
          funcs->text (data, event->str);
          break;
        case EVENT_LINE:
          funcs->line (data);
          break;
        case EVENT_TAG:
        default:
          funcs->tag (data, event->element, event->start, event->str);
        }
    }
}

typedef struct
{
  GArray *runs;
  guint   bold;
  guint   italic;
  char   *href;
  guint   outer;
} RunsWalk;

static guint
runs_walk_flags (RunsWalk *w)
{
  return (w->bold > 0 ? RUN_BOLD : 0) | (w->italic > 0 ? RUN_ITALIC : 0);
}

static void
runs_text (gpointer    data,
           const char *text)
{
  RunsWalk *w = data;

  add_run (w->runs, text, strlen (text), runs_walk_flags (w), w->href, w->outer);
}

static void
runs_line (gpointer data)
{
  RunsWalk *w = data;

  add_run (w->runs, NULL, 0, 0, NULL, 0);
}

static void
runs_tag (gpointer    data,
          Element     element,
          gboolean    start,
          const char *href)
{
  RunsWalk *w = data;
  guint *counter = NULL;

  if (element == ELEMENT_B || element == ELEMENT_STRONG)
    counter = &w->bold;
  else if (element == ELEMENT_I || element == ELEMENT_EM)
    counter = &w->italic;
  else if (element == ELEMENT_A)
    {
      g_free (w->href);
      w->href = g_strdup (start ? href : NULL);
      w->outer = runs_walk_flags (w);
    }

  if (counter != NULL && start)
    (*counter)++;
  else if (counter != NULL && *counter > 0)
    (*counter)--;
}

/* Sanitized HTML as the pieces the editor's markup can express. */
static GArray *
html_to_runs (const char *html)
{
  static const WalkFuncs funcs = { runs_text, runs_line, runs_tag };
  RunsWalk w = { g_array_new (FALSE, TRUE, sizeof (Run)), 0, 0, NULL, 0 };

  g_array_set_clear_func (w.runs, run_clear);
  walk_html (html, &funcs, &w);
  g_free (w.href);
  return w.runs;
}

static gboolean
is_break (GArray *runs,
          guint   i)
{
  return g_array_index (runs, Run, i).text == NULL;
}

/* Where the link that starts at @i ends. */
static guint
link_end (GArray *runs,
          guint   i,
          guint   to)
{
  const char *href = g_array_index (runs, Run, i).href;
  guint j = i + 1;

  while (j < to && !is_break (runs, j) && g_strcmp0 (g_array_index (runs, Run, j).href, href) == 0)
    j++;
  return j;
}

static void
append_markup_text (GString    *out,
                    const char *text,
                    gboolean    escape)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      if (escape && strchr ("\\*[]", *p) != NULL)
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
}

/* A url as a link's destination: parentheses and backslashes are
 * escaped when the parentheses are not balanced or a backslash could
 * read as an escape. */
static void
append_url (GString    *out,
            const char *url)
{
  int depth = 0;
  gboolean balanced = TRUE;

  for (const char *p = url; *p != '\0' && balanced; p++)
    {
      if (*p == '(')
        depth++;
      else if (*p == ')' && depth-- == 0)
        balanced = FALSE;
      else if (*p == '\\')
        balanced = FALSE;
    }
  balanced = balanced && depth == 0;

  for (const char *p = url; *p != '\0'; p++)
    {
      if (!balanced && strchr ("\\()", *p) != NULL)
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
}

typedef struct
{
  guint flags[2];
  guint depth;
} MarkerStack;

static guint
stack_flags (MarkerStack *stack)
{
  guint flags = 0;

  for (guint d = 0; d < stack->depth; d++)
    flags |= stack->flags[d];
  return flags;
}

static const char *
marker (guint flag)
{
  return flag == RUN_BOLD ? "**" : "*";
}

/* How many groups from @i on keep @flag, for nesting the longer outside. */
static guint
flag_extent (const guint *group_flags,
             guint        i,
             guint        n,
             guint        flag)
{
  guint j = i;

  while (j < n && (group_flags[j] & flag) != 0)
    j++;
  return j - i;
}

static void
close_markers (MarkerStack *stack,
               guint        keep,
               GString     *out)
{
  guint lowest = stack->depth;

  for (guint d = 0; d < stack->depth; d++)
    {
      if ((stack->flags[d] & keep) == 0)
        {
          lowest = d;
          break;
        }
    }
  while (stack->depth > lowest)
    g_string_append (out, marker (stack->flags[--stack->depth]));
}

static void
open_markers (MarkerStack *stack,
              const guint *group_flags,
              guint        i,
              guint        n,
              GString     *out)
{
  guint want = group_flags[i] & ~stack_flags (stack);
  guint missing[2] = { 0, 0 }, n_missing = 0;

  for (guint flag = RUN_BOLD; flag <= RUN_ITALIC; flag <<= 1)
    {
      if ((want & flag) != 0)
        missing[n_missing++] = flag;
    }
  if (n_missing == 2 &&
      flag_extent (group_flags, i, n, missing[1]) > flag_extent (group_flags, i, n, missing[0]))
    {
      guint tmp = missing[0];

      missing[0] = missing[1];
      missing[1] = tmp;
    }
  for (guint m = 0; m < n_missing; m++)
    {
      stack->flags[stack->depth++] = missing[m];
      g_string_append (out, marker (missing[m]));
    }
}

/*
 * Writes runs [@from, @to) with the formatting beyond @base; links are
 * written as units when @links is set (the runs of one link share
 * their common formatting outside the brackets).
 */
static void
write_runs (GString  *out,
            GArray   *runs,
            guint     from,
            guint     to,
            guint     base,
            gboolean  links,
            gboolean  escape)
{
  g_autofree guint *group_flags = NULL;
  g_autofree guint *group_start = NULL;
  g_autofree guint *group_end = NULL;
  MarkerStack stack = { { 0, 0 }, 0 };
  guint n = 0;

  group_flags = g_new0 (guint, to - from + 1);
  group_start = g_new0 (guint, to - from + 1);
  group_end = g_new0 (guint, to - from + 1);

  /* Groups: a text run, a break, or a whole link. */
  for (guint i = from; i < to; n++)
    {
      Run *run = &g_array_index (runs, Run, i);
      guint end = links && run->text != NULL && run->href != NULL ? link_end (runs, i, to) : i + 1;
      guint flags = RUN_BOLD | RUN_ITALIC;

      for (guint k = i; k < end; k++)
        flags &= g_array_index (runs, Run, k).flags;
      group_start[n] = i;
      group_end[n] = end;
      group_flags[n] = run->text != NULL ? flags & ~base : 0;
      i = end;
    }
  /* A link inside formatting is written inside it ("**[x](u)**"), and
   * formatting inside a link inside the brackets ("[**x**](u)"). */
  for (guint g = 0; g < n; g++)
    {
      Run *run = &g_array_index (runs, Run, group_start[g]);

      if (links && run->text != NULL && run->href != NULL)
        group_flags[g] &= run->outer;
    }
  /* A break keeps what goes on across it. */
  for (guint g = 0; g < n; g++)
    {
      if (is_break (runs, group_start[g]))
        {
          guint before = 0, after = 0;

          for (int k = (int) g - 1; k >= 0; k--)
            {
              if (!is_break (runs, group_start[k]))
                {
                  before = group_flags[k];
                  break;
                }
            }
          for (guint k = g + 1; k < n; k++)
            {
              if (!is_break (runs, group_start[k]))
                {
                  after = group_flags[k];
                  break;
                }
            }
          group_flags[g] = before & after;
        }
    }

  for (guint g = 0; g < n; g++)
    {
      Run *run = &g_array_index (runs, Run, group_start[g]);
      const char *text = run->text;

      if (text == NULL)
        {
          close_markers (&stack, group_flags[g], out);
          g_string_append_c (out, '\n');
          continue;
        }

      /* White space stays outside the markers that start or end here. */
      if (group_end[g] == group_start[g] + 1 && !(links && run->href != NULL))
        {
          guint next = g + 1 < n ? group_flags[g + 1] : 0;
          gsize len = strlen (text), lead = 0, trail = 0;
          g_autofree char *middle = NULL;

          close_markers (&stack, group_flags[g], out);
          while (lead < len && g_ascii_isspace (text[lead]) &&
                 (group_flags[g] & ~stack_flags (&stack)) != 0)
            lead++;
          if (lead == len)
            {
              /* Only white space: no markers around it. */
              g_string_append (out, text);
              continue;
            }
          while ((group_flags[g] & ~next) != 0 && trail < len - lead &&
                 g_ascii_isspace (text[len - 1 - trail]))
            trail++;
          g_string_append_len (out, text, lead);
          open_markers (&stack, group_flags, g, n, out);
          middle = g_strndup (text + lead, len - lead - trail);
          append_markup_text (out, middle, escape);
          if (trail > 0)
            {
              close_markers (&stack, next, out);
              g_string_append_len (out, text + len - trail, trail);
            }
          continue;
        }

      close_markers (&stack, group_flags[g], out);
      open_markers (&stack, group_flags, g, n, out);
      if (run->href != NULL && links)
        {
          g_string_append_c (out, '[');
          write_runs (out, runs, group_start[g], group_end[g], base | group_flags[g], FALSE, escape);
          g_string_append (out, "](");
          append_url (out, run->href);
          g_string_append_c (out, ')');
        }
      else
        append_markup_text (out, text, escape);
    }
  close_markers (&stack, 0, out);
}

typedef enum
{
  WRITE_MINIMAL,      /* text as it is */
  WRITE_ESCAPED,      /* \ * [ ] in text escaped */
  WRITE_PLAIN,        /* escaped, and no bold or italic */
} WriteMode;

static char *
runs_to_markup (GArray    *runs,
                WriteMode  mode)
{
  GString *out = g_string_new (NULL);

  if (mode == WRITE_PLAIN)
    {
      for (guint i = 0; i < runs->len; i++)
        g_array_index (runs, Run, i).flags = g_array_index (runs, Run, i).outer = 0;
    }
  write_runs (out, runs, 0, runs->len, 0, TRUE, mode != WRITE_MINIMAL);
  return g_string_free (out, FALSE);
}

/* What the runs look like: every character with its link and, unless
 * it is white space, its formatting; line breaks. */
static char *
runs_key (GArray *runs)
{
  GString *key = g_string_new (NULL);

  for (guint i = 0; i < runs->len; i++)
    {
      Run *run = &g_array_index (runs, Run, i);

      if (run->text == NULL)
        {
          g_string_append (key, "\n\x01");
          continue;
        }
      for (const char *p = run->text; *p != '\0'; p = g_utf8_next_char (p))
        {
          g_string_append_len (key, p, g_utf8_next_char (p) - p);
          g_string_append_printf (key, "\x02%u\x02%s\x01",
                                  g_unichar_isspace (g_utf8_get_char (p)) ? 0 : run->flags,
                                  run->href != NULL ? run->href : "");
        }
    }
  return g_string_free (key, FALSE);
}

/**
 * msi_signature_html_to_markup:
 * @html: (nullable): signature HTML
 *
 * Markup reads back as the same signature: stars and brackets that are
 * text are escaped only when they would otherwise read as formatting;
 * formatting that Markdown's rules cannot say around this text (rare,
 * in HTML the editor did not write) is left out rather than garbled.
 *
 * Returns: (transfer full): the editor's markup for @html; what the
 *   markup cannot say (underline, spans, paragraphs as such) becomes its
 *   text, paragraphs and blocks their own lines
 */
char *
msi_signature_html_to_markup (const char *html)
{
  g_autoptr(GArray) runs = html_to_runs (html);
  g_autofree char *key = runs_key (runs);

  for (WriteMode mode = WRITE_MINIMAL; mode < WRITE_PLAIN; mode++)
    {
      g_autofree char *markup = runs_to_markup (runs, mode);
      g_autofree char *read_back = msi_signature_html_from_markup (markup);
      g_autoptr(GArray) read_runs = html_to_runs (read_back);
      g_autofree char *read_key = runs_key (read_runs);

      if (g_str_equal (read_key, key))
        return g_steal_pointer (&markup);
    }
  return runs_to_markup (runs, WRITE_PLAIN);
}

/* --- previews: Pango markup and plain text ------------------------------- */

static void
pango_text (gpointer    data,
            const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  g_string_append (data, escaped);
}

static void
pango_line (gpointer data)
{
  g_string_append_c (data, '\n');
}

static void
pango_tag (gpointer    data,
           Element     element,
           gboolean    start,
           const char *href)
{
  GString *out = data;
  const char *name = element == ELEMENT_A ? "a" :
                     element == ELEMENT_U ? "u" :
                     element == ELEMENT_I || element == ELEMENT_EM ? "i" : "b";

  if (!start)
    g_string_append_printf (out, "</%s>", name);
  else if (element == ELEMENT_A)
    {
      g_autofree char *escaped = g_markup_escape_text (href != NULL ? href : "", -1);

      g_string_append_printf (out, "<a href=\"%s\">", escaped);
    }
  else
    g_string_append_printf (out, "<%s>", name);
}

/**
 * msi_signature_html_to_pango:
 * @html: (nullable): signature HTML
 *
 * Returns: (transfer full): Pango markup for a GtkLabel, with <a href>
 *   links as gtk_label_set_markup() reads them
 */
char *
msi_signature_html_to_pango (const char *html)
{
  static const WalkFuncs funcs = { pango_text, pango_line, pango_tag };
  GString *out = g_string_new (NULL);

  walk_html (html, &funcs, out);
  return g_string_free (out, FALSE);
}

typedef struct
{
  GString  *out;
  char     *href;
  gsize     link_start;   /* G_MAXSIZE until the link's text starts */
  gboolean  link_ended;   /* the link ended; its target waits for what comes next */
} TextWalk;

/* "text <url>", or the text alone when it already says the address. */
static void
text_flush_link (TextWalk *w)
{
  const char *text, *bare;

  if (!w->link_ended)
    return;
  w->link_ended = FALSE;

  text = w->link_start < w->out->len ? w->out->str + w->link_start : "";
  bare = w->href;
  if (has_prefix_ascii_case (bare, "mailto:"))
    bare += strlen ("mailto:");
  else if (has_prefix_ascii_case (bare, "https://"))
    bare += strlen ("https://");
  else if (has_prefix_ascii_case (bare, "http://"))
    bare += strlen ("http://");

  if (!(*text == '\0' || g_str_equal (text, w->href) || g_str_equal (text, bare) ||
        (g_str_has_suffix (bare, "/") && strlen (text) + 1 == strlen (bare) &&
         strncmp (text, bare, strlen (text)) == 0)))
    g_string_append_printf (w->out, " <%s>", w->href);
  g_clear_pointer (&w->href, g_free);
}

static void
text_text (gpointer    data,
           const char *text)
{
  TextWalk *w = data;

  text_flush_link (w);
  if (w->href != NULL && w->link_start == G_MAXSIZE)
    w->link_start = w->out->len + (text[0] == ' ' ? 1 : 0);
  g_string_append (w->out, text);
}

static void
text_line (gpointer data)
{
  TextWalk *w = data;

  /* A line break inside a link: the address goes at the end of the
   * line, and the link goes on on the next. */
  if (w->href != NULL && !w->link_ended)
    {
      g_autofree char *href = g_strdup (w->href);

      w->link_ended = TRUE;
      text_flush_link (w);
      g_string_append_c (w->out, '\n');
      w->href = g_steal_pointer (&href);
      w->link_start = G_MAXSIZE;
      return;
    }
  text_flush_link (w);
  g_string_append_c (w->out, '\n');
}

static void
text_tag (gpointer    data,
          Element     element,
          gboolean    start,
          const char *href)
{
  TextWalk *w = data;

  if (element != ELEMENT_A)
    return;
  if (!start)
    {
      w->link_ended = w->href != NULL;
      return;
    }

  /* Two links in a row to one address read as one. */
  if (w->link_ended && g_strcmp0 (w->href, href) == 0)
    {
      w->link_ended = FALSE;
      return;
    }
  text_flush_link (w);
  g_free (w->href);
  w->href = g_strdup (href);
  w->link_start = G_MAXSIZE;
}

/**
 * msi_signature_html_to_text:
 * @html: (nullable): signature HTML
 *
 * Returns: (transfer full): the signature as plain text, links as
 *   "text <url>"
 */
char *
msi_signature_html_to_text (const char *html)
{
  static const WalkFuncs funcs = { text_text, text_line, text_tag };
  TextWalk w = { g_string_new (NULL), NULL, G_MAXSIZE, FALSE };

  walk_html (html, &funcs, &w);
  text_flush_link (&w);
  g_free (w.href);
  return g_string_free (w.out, FALSE);
}
