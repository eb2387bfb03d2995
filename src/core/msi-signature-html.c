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
