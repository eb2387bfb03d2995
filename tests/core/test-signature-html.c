/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-signature-html.c: signatures keep their formatting and lose anything that could run */

#define G_LOG_DOMAIN "test-signature-html"

#include "config.h"

#include <pango/pango.h>

#include "common/msi-test-signature.h"

#include "msi-signature-html.h"

#define LINK(href) "<a href=\"" href "\" target=\"_blank\" rel=\"noopener noreferrer\">"

typedef struct
{
  const char *in;
  const char *out;
} Case;

/* Names the case in the log, on one line and in valid UTF-8. */
static void
note_case (const char *in)
{
  g_autofree char *escaped = g_strescape (in != NULL ? in : "(null)", NULL);

  g_test_message ("%s", escaped);
}

static const Case sanitize_cases[] = {
  /* What a signature is made of stays as it is. */
  { "Jan de Vries", "Jan de Vries" },
  { "<b>Jan</b> <i>de</i> <u>Vries</u>", "<b>Jan</b> <i>de</i> <u>Vries</u>" },
  { "<strong>Sales</strong> <em>Northwind</em>", "<strong>Sales</strong> <em>Northwind</em>" },
  { "<p>Sales</p><div>Team <span>Noord</span></div>", "<p>Sales</p><div>Team <span>Noord</span></div>" },
  { "a<br>b<br/>c<BR >d<br class=\"x\" />e", "a<br>b<br>c<br>d<br>e" },
  { "Jan\nde Vries", "Jan\nde Vries" },
  { "<B>x</B><A HREF=\"https://x.nl\">y</A>", "<b>x</b>" LINK ("https://x.nl") "y</a>" },
  { "<a href=\"https://example.com\">Site</a>", LINK ("https://example.com") "Site</a>" },
  { "<a href=\"mailto:jan@example.com\">Mail</a>", LINK ("mailto:jan@example.com") "Mail</a>" },
  { "<a href=\"HTTP://Example.com/a?b=1&amp;c=2\">x</a>", LINK ("HTTP://Example.com/a?b=1&amp;c=2") "x</a>" },
  { "<a href=\" mailto:jan@x.nl \">x</a>", LINK ("mailto:jan@x.nl") "x</a>" },
  { "<a href=\"https://x.nl/a b\">x</a>", LINK ("https://x.nl/a%20b") "x</a>" },
  { "<a href=\"https://x.nl\"/>text", LINK ("https://x.nl") "text</a>" },
  { NULL, "" },
  { "", "" },

  /* Scripts and the elements that hide content go with their content. */
  { "<script>alert(1)</script>Hi", "Hi" },
  { "<SCRIPT type=\"text/javascript\">alert('x')</SCRIPT >Hi", "Hi" },
  { "<script>var s = \"</scr\" + \"ipt>\";</script>ok", "ok" },
  { "<script>never closed <b>x</b>", "" },
  { "<script/>alert(1)</script>after", "after" },
  { "<script>a</script x=\">\">b", "b" },
  { "<style>b { color: red }</style><b>x</b>", "<b>x</b>" },
  { "<iframe src=\"https://evil.example\">text</iframe>y", "y" },
  { "<noscript><b>x</b></noscript>y", "y" },
  { "<svg><script>alert(1)</script><text>t</text></svg>ok", "ok" },
  { "<svg onload=alert(1)>x", "" },
  { "<svg><svg></svg>inner</svg>out", "out" },
  { "<svg/>after", "after" },
  { "<math><mi>x</mi></math>y", "y" },
  { "<template><b>x</b></template>y", "y" },
  { "<object data=\"x.swf\"><param name=a>fallback</object>after", "after" },
  { "<embed src=\"x.swf\">after", "after" },
  { "<<script>script>alert(1)</script>", "&lt;" },
  { "<scr<script>ipt>alert(1)</script>", "ipt&gt;alert(1)" },

  /* Event handlers and every other attribute. */
  { "<img src=x onerror=alert(1)>Jan", "Jan" },
  { "<img src=\"javascript:alert(1)\">", "" },
  { "<b onclick=\"alert(1)\" style=\"color:red\" class=x id=y>Bold</b>", "<b>Bold</b>" },
  { "<a href=\"https://example.com\" onclick=\"x()\" style=\"x\">Site</a>", LINK ("https://example.com") "Site</a>" },
  { "<a href=https://x.nl/ onmouseover=alert(1)>x</a>", LINK ("https://x.nl/") "x</a>" },
  { "<a href='https://x.nl/\"onmouseover=\"alert(1)'>x</a>", LINK ("https://x.nl/&quot;onmouseover=&quot;alert(1)") "x</a>" },
  { "<b title=\"a>b\" onmouseover='c>d'>x</b>", "<b>x</b>" },
  { "<body onload=alert(1)>x</body>", "x" },
  { "<div/onmouseover=alert(1)>x</div>", "<div>x</div>" },

  /* Links that could run something lose the link and keep the text. */
  { "<a href=\"javascript:alert(1)\">x</a>", "x" },
  { "<a href=\"JaVaScRiPt:alert(1)\">x</a>", "x" },
  { "<a href=\"jav&#x09;ascript:alert(1)\">x</a>", "x" },
  { "<a href=\"jav\tascript:alert(1)\">x</a>", "x" },
  { "<a href=\"java\nscript:alert(1)\">x</a>", "x" },
  { "<a href=\"&#106;avascript:alert(1)\">x</a>", "x" },
  { "<a href=\"&#106avascript&#58alert(1)\">x</a>", "x" },
  { "<a href=\"&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)\">x</a>", "x" },
  { "<a href=\"javascript&colon;alert(1)\">x</a>", "x" },
  { "<a href=\"javas&Tab;cript:alert(1)\">x</a>", "x" },
  { "<a href=\"&NewLine;javascript:alert(1)\">x</a>", "x" },
  { "<a href=\" \x01javascript:alert(1)\">x</a>", "x" },
  { "<a href=\"data:text/html;base64,PHNjcmlwdD4=\">x</a>", "x" },
  { "<a href=\"vbscript:msgbox(1)\">x</a>", "x" },
  { "<a href=\"/relative\">x</a>", "x" },
  { "<a href=\"//evil.example\">x</a>", "x" },
  { "<a href=\"http://\">x</a>", "x" },
  { "<a href=\"https:\">x</a>", "x" },
  { "<a>no href</a>", "no href" },
  { "<a href=\"https://a.nl\" href=\"javascript:x\">x</a>", LINK ("https://a.nl") "x</a>" },
  { "<a href=\"javascript:x\" href=\"https://a.nl\">x</a>", "x" },
  { "<a href=\"javascript:x\"><b>y</a>z", "<b>y</b>z" },

  /* Nesting is repaired. */
  { "<b>bold <i>both", "<b>bold <i>both</i></b>" },
  { "<b><i>x</b>y</i>", "<b><i>x</i></b>y" },
  { "</b>stray</i></br></a>", "stray" },
  { "<p>one<p>two", "<p>one</p><p>two</p>" },
  { "<div><p>a</div>b", "<div><p>a</p></div>b" },
  { "<p>a<div>b</div></p>", "<p>a</p><div>b</div>" },
  { "<a href=\"https://a.nl\">one<a href=\"https://b.nl\">two</a>",
    LINK ("https://a.nl") "one</a>" LINK ("https://b.nl") "two</a>" },
  { "<b/>x", "<b>x</b>" },
  { "<font color=red>Red</font> <table><tr><td>cell</td></tr></table>", "Red cell" },
  { "Hi <b class=\"x", "Hi " },
  { "Hi <a href='https://x", "Hi " },
  { "Hi <b", "Hi " },

  /* Comments, CDATA and declarations. */
  { "<!-- <script>alert(1)</script> -->Hi", "Hi" },
  { "<!-- never closed <b>x</b>", "" },
  { "a<!-->b", "ab" },
  { "a<!--->b", "ab" },
  { "a<!-- x --!>b", "ab" },
  { "<![CDATA[<script>alert(1)</script>]]>Hi", "Hi" },
  { "<!DOCTYPE html><html><head><title>T</title></head><body><b>x</b></body></html>", "<b>x</b>" },
  { "<?xml version=\"1.0\"?>x", "x" },

  /* Text and entities: decoded, then re-escaped. */
  { "Tom &amp; Jerry &lt;3 &quot;q&quot; caf&eacute; na&iuml;ef &#233;&#xE9; &copy;",
    "Tom &amp; Jerry &lt;3 &quot;q&quot; café naïef éé ©" },
  { "&foo; & &#; &#x; &amp", "&amp;foo; &amp; &amp;#; &amp;#x; &amp;amp" },
  { "a < b > c \"d\" 'e'", "a &lt; b &gt; c &quot;d&quot; 'e'" },
  { "<3 </ 3>x", "&lt;3 x" },
  { "&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;script&gt;alert(1)&lt;/script&gt;" },
  { "&#0;&#xD800;&#x110000;&#128;&#150;", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD€–" },
  { "a\x01" "b\x7F" "c&#1;d&#x81;e&#x9F;", "abcdeŸ" },
  { "a\r\nb\rc", "a\nb\nc" },
  { "caf\xE9 ok", "caf\xEF\xBF\xBD ok" },
  { "&nbsp;", "\xC2\xA0" },
};

static void
test_sanitize_table (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (sanitize_cases); i++)
    {
      const Case *c = &sanitize_cases[i];
      g_autofree char *out = msi_signature_html_sanitize (c->in);
      g_autofree char *again = msi_signature_html_sanitize (out);

      note_case (c->in);
      g_assert_cmpstr (out, ==, c->out);
      msi_test_assert_signature_safe (out);
      /* Stable: sanitizing the result changes nothing. */
      g_assert_cmpstr (again, ==, out);
    }
}

/* The signature subset as the editor writes it. */
typedef struct
{
  const char *markup;
  const char *html;
  gboolean    round_trip;   /* to_markup gives the same markup back */
} MarkupCase;

static const MarkupCase markup_cases[] = {
  { "Jan de Vries", "Jan de Vries", TRUE },
  { "**Jan de Vries**\n*Accountmanager* – Northwind",
    "<b>Jan de Vries</b><br><i>Accountmanager</i> – Northwind", TRUE },
  { "[Site](https://x.nl)", LINK ("https://x.nl") "Site</a>", TRUE },
  { "[Mail me](mailto:jan@x.nl)", LINK ("mailto:jan@x.nl") "Mail me</a>", TRUE },
  { "[x](HTTPS://X.NL/a?b=1&c=\"2\")", LINK ("HTTPS://X.NL/a?b=1&amp;c=&quot;2&quot;") "x</a>", TRUE },
  { "[w](https://en.wikipedia.org/wiki/Foo_(bar))",
    LINK ("https://en.wikipedia.org/wiki/Foo_(bar)") "w</a>", TRUE },
  { "5 * 3 = 15", "5 * 3 = 15", TRUE },
  { "a*b*c", "a<i>b</i>c", TRUE },
  { "x**y**z", "x<b>y</b>z", TRUE },
  { "***x***", "<i><b>x</b></i>", TRUE },
  { "**a***b*", "<b>a</b><i>b</i>", TRUE },
  { "**bold *both* bold**", "<b>bold <i>both</i> bold</b>", TRUE },
  { "*a **b** c*", "<i>a <b>b</b> c</i>", TRUE },
  { "**a\nb**", "<b>a<br>b</b>", TRUE },
  { "**a**\n*b*", "<b>a</b><br><i>b</i>", TRUE },
  { "\\*not italic\\*", "*not italic*", TRUE },
  { "C:\\path\\to", "C:\\path\\to", TRUE },
  { "[**x**](https://a.nl) **[y](https://b.nl) z**",
    LINK ("https://a.nl") "<b>x</b></a> <b>" LINK ("https://b.nl") "y</a> z</b>", TRUE },
  { "[a [b](https://x.nl)", "[a " LINK ("https://x.nl") "b</a>", TRUE },
  { "<b>x</b> & \"q\"", "&lt;b&gt;x&lt;/b&gt; &amp; &quot;q&quot;", TRUE },
  /* Links that may not be kept stay as typed, visibly not a link. */
  { "[x](javascript:alert(1))", "[x](javascript:alert(1))", TRUE },
  { "[x](data:text/html,hi)", "[x](data:text/html,hi)", TRUE },
  { "[x](www.x.nl)", "[x](www.x.nl)", TRUE },
  { "[x](<script>)", "[x](&lt;script&gt;)", TRUE },
  { "[](https://x.nl)", "[](https://x.nl)", TRUE },
  { "[x] (https://x.nl)", "[x] (https://x.nl)", TRUE },
  { "[x](https://x.nl/a b)", "[x](https://x.nl/a b)", TRUE },
  { "****", "****", TRUE },
  { "** x **", "** x **", TRUE },
  /* Same formatting, written another way. */
  { "**[x](https://a.nl)**", "<b>" LINK ("https://a.nl") "x</a></b>", TRUE },
  { "a\r\nb\rc", "a<br>b<br>c", FALSE },
  { "a\x01" "b", "ab", FALSE },
  { "", "", TRUE },
};

static void
test_markup_table (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (markup_cases); i++)
    {
      const MarkupCase *c = &markup_cases[i];
      g_autofree char *html = msi_signature_html_from_markup (c->markup);
      g_autofree char *markup = msi_signature_html_to_markup (html);
      g_autofree char *html_again = msi_signature_html_from_markup (markup);
      g_autofree char *sanitized = msi_signature_html_sanitize (html);

      note_case (c->markup);
      g_assert_cmpstr (html, ==, c->html);
      msi_test_assert_signature_safe (html);
      g_assert_cmpstr (sanitized, ==, html);
      /* Back to the editor and saved again: the same signature. */
      g_assert_cmpstr (html_again, ==, html);
      if (c->round_trip)
        g_assert_cmpstr (markup, ==, c->markup);
    }

  {
    g_autofree char *html = msi_signature_html_from_markup (NULL);

    g_assert_cmpstr (html, ==, "");
  }
}

/* HTML the editor did not write (the web app, a paste) in the editor. */
static void
test_to_markup (void)
{
  static const Case cases[] = {
    { "<b>Jan </b>de Vries", "**Jan** de Vries" },
    { "<strong>a</strong> <em>b</em>", "**a** *b*" },
    { "<p>a</p><p>b</p>", "a\nb" },
    { "<div>Jan<br></div><div>Sales</div>", "Jan\nSales" },
    { "<b><b>x</b></b>y", "**x**y" },
    { "<i>x</i><i>y</i>", "*xy*" },
    { "<u>x</u> <span>y</span>", "x y" },
    { "<i>*</i>", "*\\**" },
    { "5 * <b>3</b> = [15]", "5 * **3** = [15]" },
    { "  a \n  b  ", "a b" },
    { "<a href=\"https://x.nl/a)b\">x</a>", "[x](https://x.nl/a\\)b)" },
    { "<a href=\"javascript:x\">x</a>", "x" },
    { "<script>alert(1)</script>", "" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *markup = msi_signature_html_to_markup (cases[i].in);

      note_case (cases[i].in);
      g_assert_cmpstr (markup, ==, cases[i].out);
    }
}

static char *
read_sample (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "signature", name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

/* A signature pasted from Outlook: its formatting and links survive,
 * its styles, conditional comments and images do not. */
static void
test_outlook_paste (void)
{
  g_autofree char *html = read_sample ("outlook-paste.html");
  g_autofree char *clean = msi_signature_html_sanitize (html);
  g_autofree char *markup = msi_signature_html_to_markup (html);
  g_autofree char *text = msi_signature_html_to_text (html);

  msi_test_assert_signature_safe (clean);
  g_assert_null (strstr (clean, "Mso"));
  g_assert_null (strstr (clean, "style"));
  g_assert_null (strstr (clean, "cid:"));
  g_assert_cmpstr (markup, ==,
                   "**Jan de Vries**\n"
                   "Accountmanager – Northwind B.V.\n"
                   "Tel. +31\u00a020\u00a0123\u00a04567\n"
                   "[www.northwind.example](https://www.northwind.example/) · "
                   "[jan.devries@northwind.example](mailto:jan.devries@northwind.example)");
  g_assert_cmpstr (text, ==,
                   "Jan de Vries\n"
                   "Accountmanager – Northwind B.V.\n"
                   "Tel. +31\u00a020\u00a0123\u00a04567\n"
                   "www.northwind.example · jan.devries@northwind.example");
}

/* Every vector in the sample of attacks is defused at once. */
static void
test_attacks_sample (void)
{
  g_autofree char *html = read_sample ("attacks.html");
  g_autofree char *clean = msi_signature_html_sanitize (html);
  g_autofree char *lower = g_ascii_strdown (clean, -1);

  msi_test_assert_signature_safe (clean);
  g_assert_null (strstr (lower, "<script"));
  g_assert_null (strstr (lower, "javascript:"));
  g_assert_null (strstr (lower, "onerror"));
  g_assert_null (strstr (lower, "onload"));
  /* The one good link stays. */
  g_assert_nonnull (strstr (clean, LINK ("https://ok.example/") "m</a>"));
}

typedef struct
{
  GString *text;
  gboolean in_link;
} PangoCheck;

static void
pango_check_start (GMarkupParseContext  *context,
                   const char           *element,
                   const char          **names,
                   const char          **values,
                   gpointer              data,
                   GError              **error)
{
  PangoCheck *check = data;

  if (g_str_equal (element, "markup") && g_markup_parse_context_get_element_stack (context)->next == NULL)
    return;
  if (g_str_equal (element, "a"))
    {
      g_autofree char *lower = NULL;

      g_assert_false (check->in_link);
      g_assert_cmpstr (names[0], ==, "href");
      g_assert_null (names[1]);
      lower = g_ascii_strdown (values[0], -1);
      g_assert_true (g_str_has_prefix (lower, "http://") || g_str_has_prefix (lower, "https://") ||
                     g_str_has_prefix (lower, "mailto:"));
      check->in_link = TRUE;
      return;
    }
  g_assert_true (g_str_equal (element, "b") || g_str_equal (element, "i") || g_str_equal (element, "u"));
  g_assert_null (names[0]);
}

static void
pango_check_end (GMarkupParseContext  *context,
                 const char           *element,
                 gpointer              data,
                 GError              **error)
{
  PangoCheck *check = data;

  if (g_str_equal (element, "a"))
    check->in_link = FALSE;
}

static void
pango_check_text (GMarkupParseContext  *context,
                  const char           *text,
                  gsize                 len,
                  gpointer              data,
                  GError              **error)
{
  PangoCheck *check = data;

  g_string_append_len (check->text, text, len);
}

/*
 * What GtkLabel does with the preview: it takes the <a> elements out
 * (GMarkup) and gives the rest to Pango, which must accept it and show
 * the text.
 */
static void
assert_pango_valid (const char *pango_markup)
{
  static const GMarkupParser parser = { pango_check_start, pango_check_end, pango_check_text, NULL, NULL };
  PangoCheck check = { g_string_new (NULL), FALSE };
  g_autoptr(GMarkupParseContext) context = g_markup_parse_context_new (&parser, 0, &check, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GRegex) links = g_regex_new ("</?a( href=\"[^\"]*\")?>", 0, 0, NULL);
  g_autofree char *without_links = g_regex_replace_literal (links, pango_markup, -1, 0, "", 0, NULL);
  g_autofree char *pango_text = NULL;
  g_autofree char *wrapped = g_strdup_printf ("<markup>%s</markup>", pango_markup);

  g_markup_parse_context_parse (context, wrapped, -1, &error);
  if (error == NULL)
    g_markup_parse_context_end_parse (context, &error);
  g_assert_no_error (error);

  g_assert_true (pango_parse_markup (without_links, -1, 0, NULL, &pango_text, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (pango_text, ==, check.text->str);
  g_string_free (check.text, TRUE);
}

static void
test_to_pango (void)
{
  static const Case cases[] = {
    { "<b>Jan</b><br><i>Sales</i> &amp; <u>x</u>", "<b>Jan</b>\n<i>Sales</i> &amp; <u>x</u>" },
    { "<strong>a</strong><em>b</em>", "<b>a</b><i>b</i>" },
    { "<p>a</p><p>b</p>", "a\nb" },
    { "<a href=\"https://x.nl/?a=1&amp;b=2\">x</a>", "<a href=\"https://x.nl/?a=1&amp;b=2\">x</a>" },
    { "it's \"q\" <3", "it&apos;s &quot;q&quot; &lt;3" },
    { "<span>a</span>  <div>b</div>", "a\nb" },
    { "<script>x</script>", "" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *pango_markup = msi_signature_html_to_pango (cases[i].in);

      note_case (cases[i].in);
      g_assert_cmpstr (pango_markup, ==, cases[i].out);
      assert_pango_valid (pango_markup);
    }

  /* Whatever went in, Pango and GtkLabel accept the preview. */
  for (gsize i = 0; i < G_N_ELEMENTS (sanitize_cases); i++)
    {
      g_autofree char *pango_markup = msi_signature_html_to_pango (sanitize_cases[i].in);

      note_case (sanitize_cases[i].in);
      assert_pango_valid (pango_markup);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (markup_cases); i++)
    {
      g_autofree char *html = msi_signature_html_from_markup (markup_cases[i].markup);
      g_autofree char *pango_markup = msi_signature_html_to_pango (html);

      assert_pango_valid (pango_markup);
    }
}

static void
test_to_text (void)
{
  static const Case cases[] = {
    { "<b>Jan</b><br>Sales", "Jan\nSales" },
    { "<a href=\"https://x.nl\">Site</a>", "Site <https://x.nl>" },
    { "<a href=\"mailto:jan@x.nl\">jan@x.nl</a>", "jan@x.nl" },
    { "<a href=\"https://www.x.nl/\">www.x.nl</a>", "www.x.nl" },
    { "<a href=\"https://x.nl\">https://x.nl</a>", "https://x.nl" },
    { "<a href=\"javascript:x\">Click</a>", "Click" },
    { "a &amp; b &lt;c&gt; &quot;d&quot;", "a & b <c> \"d\"" },
    { "<p>a</p>  <p>b</p>", "a\nb" },
    { "  a   b  ", "a b" },
    { "<style>p {}</style>x", "x" },
    { NULL, "" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = msi_signature_html_to_text (cases[i].in);

      note_case (cases[i].in);
      g_assert_cmpstr (text, ==, cases[i].out);
    }
}

static void
test_sanitize_deep_nesting (void)
{
  g_autoptr(GString) in = g_string_new (NULL);
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autofree char *out = NULL;
  g_autofree char *again = NULL;

  for (guint i = 0; i < 1000; i++)
    g_string_append (in, "<b>");
  g_string_append (in, "deep");
  out = msi_signature_html_sanitize (in->str);
  msi_test_assert_signature_safe (out);
  g_assert_nonnull (strstr (out, "deep"));
  /* A bounded depth, all closed. */
  g_assert_cmpuint (strlen (out), <, 1000);
  again = msi_signature_html_sanitize (out);
  g_assert_cmpstr (again, ==, out);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/signature-html/sanitize/table", test_sanitize_table);
  g_test_add_func ("/signature-html/sanitize/deep-nesting", test_sanitize_deep_nesting);
  g_test_add_func ("/signature-html/sanitize/outlook-paste", test_outlook_paste);
  g_test_add_func ("/signature-html/sanitize/attacks-sample", test_attacks_sample);
  g_test_add_func ("/signature-html/markup/table", test_markup_table);
  g_test_add_func ("/signature-html/markup/from-html", test_to_markup);
  g_test_add_func ("/signature-html/pango", test_to_pango);
  g_test_add_func ("/signature-html/text", test_to_text);

  return g_test_run ();
}
