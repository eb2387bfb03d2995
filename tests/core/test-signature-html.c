/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-signature-html.c: signatures keep their formatting and lose anything that could run */

#define G_LOG_DOMAIN "test-signature-html"

#include "config.h"

#include "common/msi-test-signature.h"

#include "msi-signature-html.h"

#define LINK(href) "<a href=\"" href "\" target=\"_blank\" rel=\"noopener noreferrer\">"

typedef struct
{
  const char *in;
  const char *out;
} Case;

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

      g_test_message ("%s", c->in != NULL ? c->in : "(null)");
      g_assert_cmpstr (out, ==, c->out);
      msi_test_assert_signature_safe (out);
      /* Stable: sanitizing the result changes nothing. */
      g_assert_cmpstr (again, ==, out);
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

  return g_test_run ();
}
