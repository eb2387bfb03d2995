/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-email-address.c: which addresses can be invited, why not, and lists typed or pasted */

#define G_LOG_DOMAIN "test-email-address"

#include "config.h"

#include <string.h>

#include <glib.h>

#include "msi-email-address.h"

#define V  MSI_EMAIL_VALID

static void
test_check_table (void)
{
  static const struct { const char *address; MsiEmailProblem problem; } cases[] = {
    /* Valid */
    { "alex@example.com", V },
    { "Alex.Doe@Example.COM", V },
    { "a@b.co", V },
    { "first.middle.last@sub.example.co.uk", V },
    { "alex+invites@example.com", V },
    { "o'brien@example.ie", V },
    { "user_name-1@example-mail.org", V },
    { "!#$%&'*+-/=?^_`{|}~@example.com", V },
    { "1234567890@example.com", V },
    { "alex@123example.com", V },
    { "alex@example.museum", V },
    { "alex@xn--bcher-kva.example", V },
    { "alex@bücher.example", V },
    { "alex@例え.jp", V },
    { "alex@пример.рф", V },
    { "alex@mail.example.com4", V },
    { "  alex@example.com  ", V },
    { "\talex@example.com\n", V },
    { "x@x.x", V },
    /* 64 bytes before the "@" is the most there can be */
    { "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@example.com", V },
    /* A label of 63 is fine */
    { "alex@aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.com", V },

    /* Empty */
    { "", MSI_EMAIL_EMPTY },
    { "   ", MSI_EMAIL_EMPTY },
    { "\t\r\n", MSI_EMAIL_EMPTY },

    /* "@" */
    { "alex.example.com", MSI_EMAIL_NO_AT },
    { "alex", MSI_EMAIL_NO_AT },
    { "alex(at)example.com", MSI_EMAIL_NO_AT },
    { "alex＠example.com", MSI_EMAIL_NO_AT },
    { "a@b@c.com", MSI_EMAIL_MANY_AT },
    { "alex@@example.com", MSI_EMAIL_MANY_AT },
    { "\"a@b\"@example.com", MSI_EMAIL_MANY_AT },
    { "@example.com", MSI_EMAIL_EMPTY_LOCAL },
    { " @example.com", MSI_EMAIL_EMPTY_LOCAL },
    { "alex@", MSI_EMAIL_EMPTY_DOMAIN },
    { "alex@   ", MSI_EMAIL_EMPTY_DOMAIN },
    { "@", MSI_EMAIL_EMPTY_LOCAL },

    /* Lengths */
    { "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@example.com", MSI_EMAIL_LOCAL_TOO_LONG },

    /* The local part */
    { "alex doe@example.com", MSI_EMAIL_BAD_LOCAL_CHAR },
    { "alex,doe@example.com", MSI_EMAIL_BAD_LOCAL_CHAR },
    { "alex;doe@example.com", MSI_EMAIL_BAD_LOCAL_CHAR },
    { "\"alex\"@example.com", MSI_EMAIL_BAD_LOCAL_CHAR },
    { "<alex@example.com>", MSI_EMAIL_BAD_LOCAL_CHAR },
    { "alex(work)@example.com", MSI_EMAIL_BAD_LOCAL_CHAR },
    { "alex[1]@example.com", MSI_EMAIL_BAD_LOCAL_CHAR },
    { "alex\\doe@example.com", MSI_EMAIL_BAD_LOCAL_CHAR },
    { "alex:doe@example.com", MSI_EMAIL_BAD_LOCAL_CHAR },
    { "josé@example.com", MSI_EMAIL_BAD_LOCAL_CHAR },
    { "alex\xc2\xa0""doe@example.com", MSI_EMAIL_BAD_LOCAL_CHAR },
    { "Alex Doe alex@example.com", MSI_EMAIL_BAD_LOCAL_CHAR },
    { ".alex@example.com", MSI_EMAIL_BAD_DOTS },
    { "alex.@example.com", MSI_EMAIL_BAD_DOTS },
    { "alex..doe@example.com", MSI_EMAIL_BAD_DOTS },
    { ".@example.com", MSI_EMAIL_BAD_DOTS },

    /* The domain */
    { "alex@example..com", MSI_EMAIL_BAD_DOMAIN },
    { "alex@.example.com", MSI_EMAIL_BAD_DOMAIN },
    { "alex@example.com.", MSI_EMAIL_BAD_DOMAIN },
    { "alex@-example.com", MSI_EMAIL_BAD_DOMAIN },
    { "alex@example-.com", MSI_EMAIL_BAD_DOMAIN },
    { "alex@example.-com", MSI_EMAIL_BAD_DOMAIN },
    { "alex@exa_mple.com", MSI_EMAIL_BAD_DOMAIN },
    { "alex@exa mple.com", MSI_EMAIL_BAD_DOMAIN },
    { "alex@example.com>", MSI_EMAIL_BAD_DOMAIN },
    { "alex@example,com", MSI_EMAIL_BAD_DOMAIN },
    { "alex@[192.168.0.1]", MSI_EMAIL_BAD_DOMAIN },
    { "alex@192.168.0.1", MSI_EMAIL_BAD_DOMAIN },
    { "alex@example.com\xe2\x80\x8b", MSI_EMAIL_BAD_DOMAIN },
    { "alex@exam\xffple.com", MSI_EMAIL_BAD_DOMAIN },
    { "alex@example.c☺m", MSI_EMAIL_BAD_DOMAIN },
    { "alex@aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.com", MSI_EMAIL_BAD_DOMAIN },
    { "alex@localhost", MSI_EMAIL_NO_TLD },
    { "alex@example", MSI_EMAIL_NO_TLD },
    { "alex@intranet-1", MSI_EMAIL_NO_TLD },
  };
  guint n_valid = 0;

  g_assert_cmpuint (G_N_ELEMENTS (cases), >=, 60);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *escaped = g_strescape (cases[i].address, NULL);

      g_test_message ("“%s”", escaped);
      g_assert_cmpint (msi_email_check (cases[i].address, -1), ==, cases[i].problem);

      /* The same with an explicit length, in a buffer that goes on. */
      {
        g_autofree char *longer = g_strconcat (cases[i].address, "@junk", NULL);

        g_assert_cmpint (msi_email_check (longer, strlen (cases[i].address)), ==, cases[i].problem);
      }

      if (cases[i].problem == V)
        n_valid++;
    }

  g_assert_cmpuint (n_valid, >, 10);
}

static void
test_check_lengths (void)
{
  g_autoptr(GString) address = g_string_new (NULL);

  /* 254 bytes in all is the most: 64 + "@" + labels of 63 with dots */
  g_string_append (address, "alex@");
  while (address->len < 250)
    g_string_append (address, "abcdefghi.");
  g_string_truncate (address, 250);
  g_string_append (address, "a.nl");
  g_assert_cmpuint (address->len, ==, 254);
  g_assert_cmpint (msi_email_check (address->str, -1), ==, MSI_EMAIL_VALID);

  g_string_insert_c (address, 0, 'x');
  g_assert_cmpint (msi_email_check (address->str, -1), ==, MSI_EMAIL_TOO_LONG);

  g_assert_cmpint (msi_email_check (NULL, -1), ==, MSI_EMAIL_EMPTY);
  g_assert_cmpint (msi_email_check ("alex@example.com", 0), ==, MSI_EMAIL_EMPTY);
  g_assert_cmpint (msi_email_check ("alex@example.com", 5), ==, MSI_EMAIL_EMPTY_DOMAIN);
  g_assert_cmpint (msi_email_check ("alex@example.com", 12), ==, MSI_EMAIL_NO_TLD);
}

static void
test_describe (void)
{
  static const struct { MsiEmailProblem problem; const char *address; const char *expected; } cases[] = {
    { MSI_EMAIL_EMPTY, "", "The e-mail address is empty." },
    { MSI_EMAIL_NO_AT, "alex.example.com", "“alex.example.com” has no “@”: an address looks like name@example.com." },
    { MSI_EMAIL_MANY_AT, "a@b@c.com", "“a@b@c.com” has more than one “@”: an address has exactly one." },
    { MSI_EMAIL_EMPTY_LOCAL, "@example.com", "“@example.com” has nothing before the “@”: the name of the mailbox is missing." },
    { MSI_EMAIL_EMPTY_DOMAIN, "alex@", "“alex@” has nothing after the “@”: the domain, such as example.com, is missing." },
    { MSI_EMAIL_BAD_LOCAL_CHAR, "alex doe@example.com", "“alex doe@example.com” has a space before the “@”, which an address cannot hold." },
    { MSI_EMAIL_BAD_LOCAL_CHAR, "alex,doe@example.com", "“alex,doe@example.com” has “,” before the “@”, which an address cannot hold." },
    { MSI_EMAIL_BAD_LOCAL_CHAR, "josé@example.com", "“josé@example.com” has “é” before the “@”, which an address cannot hold." },
    { MSI_EMAIL_BAD_LOCAL_CHAR, "alex\xc2\xa0""doe@x.com", "“alex\xc2\xa0""doe@x.com” has a non-breaking space before the “@”, which an address cannot hold." },
    { MSI_EMAIL_BAD_DOTS, ".alex@example.com", "“.alex@example.com” starts with a dot, which an address cannot do." },
    { MSI_EMAIL_BAD_DOTS, "alex.@example.com", "“alex.@example.com” has a dot just before the “@”, which an address cannot have." },
    { MSI_EMAIL_BAD_DOTS, "alex..doe@example.com", "“alex..doe@example.com” has two dots in a row before the “@”, which an address cannot have." },
    { MSI_EMAIL_BAD_DOMAIN, "alex@example..com", "The domain of “alex@example..com” has two dots in a row." },
    { MSI_EMAIL_BAD_DOMAIN, "alex@.example.com", "The domain of “alex@.example.com” starts with a dot." },
    { MSI_EMAIL_BAD_DOMAIN, "alex@example.com.", "The domain of “alex@example.com.” ends with a dot." },
    { MSI_EMAIL_BAD_DOMAIN, "alex@exa_mple.com", "The domain of “alex@exa_mple.com” holds “_”; a domain has only letters, digits, hyphens and dots." },
    { MSI_EMAIL_BAD_DOMAIN, "alex@example.com\xe2\x80\x8b", "The domain of “alex@example.com\xe2\x80\x8b” holds an invisible character (U+200B); a domain has only letters, digits, hyphens and dots." },
    { MSI_EMAIL_BAD_DOMAIN, "alex@-example.com", "The domain of “alex@-example.com” has a part that starts or ends with a hyphen." },
    { MSI_EMAIL_BAD_DOMAIN, "alex@192.168.0.1", "The domain of “alex@192.168.0.1” is a number, not a name such as example.com." },
    { MSI_EMAIL_NO_TLD, "alex@localhost", "The domain of “alex@localhost” has no dot: it needs an ending such as “.com” or “.nl”." },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = NULL;

      /* The table agrees with the checker. */
      g_assert_cmpint (msi_email_check (cases[i].address, -1), ==, cases[i].problem);

      text = msi_email_problem_describe (cases[i].problem, cases[i].address);
      g_assert_cmpstr (text, ==, cases[i].expected);
    }
}

static void
test_describe_every_problem (void)
{
  static const char * const samples[] = {
    "alex@example.com", "", "alex.example.com", "a@b@c.com", "@example.com",
    "alex@", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@example.com",
    NULL /* too long: made below */, "alex doe@example.com", "alex..doe@example.com",
    "alex@exa_mple.com", "alex@localhost",
  };
  g_autoptr(GString) too_long = g_string_new ("alex@");
  g_autoptr(GHashTable) sentences = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);

  while (too_long->len < 300)
    g_string_append (too_long, "example.");
  g_string_append (too_long, "com");

  G_STATIC_ASSERT (G_N_ELEMENTS (samples) == MSI_EMAIL_NO_TLD + 1);

  for (MsiEmailProblem p = MSI_EMAIL_VALID; p <= MSI_EMAIL_NO_TLD; p++)
    {
      const char *address = samples[p] != NULL ? samples[p] : too_long->str;
      char *text;

      g_assert_cmpint (msi_email_check (address, -1), ==, p);
      text = msi_email_problem_describe (p, address);
      g_ptr_array_add (texts, text);
      g_test_message ("%s", text);

      /* A full sentence, different for every problem, naming the address
       * (long ones cut short). */
      g_assert_true (g_utf8_validate (text, -1, NULL));
      g_assert_true (g_str_has_suffix (text, "."));
      g_assert_false (g_hash_table_contains (sentences, text));
      g_hash_table_add (sentences, text);
      if (*address != '\0')
        g_assert_nonnull (strstr (text, "“"));
      if (g_utf8_strlen (address, -1) <= 80)
        g_assert_nonnull (strstr (text, address));
      else
        g_assert_nonnull (strstr (text, "…"));
    }

  /* Bytes that are not UTF-8 never reach a sentence. */
  {
    g_autofree char *text = msi_email_problem_describe (MSI_EMAIL_BAD_DOMAIN, "alex@exam\xffple.com");

    g_assert_true (g_utf8_validate (text, -1, NULL));
    g_assert_nonnull (strstr (text, "bytes that are not text"));
  }
}

static void
test_normalize (void)
{
  static const struct { const char *in; const char *out; } cases[] = {
    { "  Alex.Doe@Example.COM ", "Alex.Doe@example.com" },
    { "ALEX@EXAMPLE.COM", "ALEX@example.com" },
    { "alex@BÜCHER.Example", "alex@bücher.example" },
    { "no-at-sign", "no-at-sign" },
    { "\tA@B@C.COM\n", "A@B@c.com" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = msi_email_normalize (cases[i].in, -1);

      g_assert_cmpstr (out, ==, cases[i].out);
    }

  {
    g_autofree char *out = msi_email_normalize ("Sam@X.ORG, more", 9);

    g_assert_cmpstr (out, ==, "Sam@x.org");
  }
}

static void
test_hash_equal (void)
{
  g_autoptr(GHashTable) set = g_hash_table_new (msi_email_hash, msi_email_equal);

  g_assert_true (msi_email_equal ("Alex@Example.com", "alex@EXAMPLE.COM"));
  g_assert_true (msi_email_equal ("alex@bücher.example", "ALEX@BÜCHER.EXAMPLE"));
  g_assert_false (msi_email_equal ("alex@example.com", "alex@example.co"));
  g_assert_false (msi_email_equal ("alex@example.co", "alex@example.com"));
  g_assert_false (msi_email_equal ("alex@example.com", "alix@example.com"));
  g_assert_cmpuint (msi_email_hash ("Alex@Example.com"), ==, msi_email_hash ("ALEX@example.COM"));
  g_assert_cmpuint (msi_email_hash ("alex@bücher.example"), ==, msi_email_hash ("Alex@BÜCHER.example"));

  g_hash_table_add (set, (gpointer) "sam@example.org");
  g_assert_true (g_hash_table_contains (set, "SAM@example.ORG"));
  g_assert_false (g_hash_table_contains (set, "sam@example.net"));
}

typedef struct
{
  const char      *text;
  const char      *name;
  const char      *address;
  MsiEmailProblem  problem;
  guint            duplicate_of;
} ExpectedEntry;

static void
assert_list (const char          *text,
             const ExpectedEntry *expected,
             guint                n_expected)
{
  g_autoptr(GPtrArray) entries = msi_email_parse_list (text);

  g_test_message ("list: “%s”", text);
  g_assert_cmpuint (entries->len, ==, n_expected);
  for (guint i = 0; i < n_expected; i++)
    {
      MsiEmailEntry *entry = g_ptr_array_index (entries, i);

      g_assert_cmpstr (entry->text, ==, expected[i].text);
      g_assert_cmpstr (entry->name, ==, expected[i].name);
      g_assert_cmpstr (entry->address, ==, expected[i].address);
      g_assert_cmpint (entry->problem, ==, expected[i].problem);
      g_assert_cmpuint (entry->duplicate_of, ==, expected[i].duplicate_of);
    }
}

static void
test_parse_list (void)
{
  {
    const ExpectedEntry e[] = {
      { "a@x.com", NULL, "a@x.com", V, 0 },
      { "b@y.org", NULL, "b@y.org", V, 0 },
    };
    assert_list ("a@x.com, b@y.org", e, G_N_ELEMENTS (e));
  }
  {
    /* Semicolons, new lines of every kind, blank entries skipped */
    const ExpectedEntry e[] = {
      { "a@x.com", NULL, "a@x.com", V, 0 },
      { "b@x.com", NULL, "b@x.com", V, 0 },
      { "c@x.com", NULL, "c@x.com", V, 0 },
      { "d@x.com", NULL, "d@x.com", V, 0 },
      { "e@x.com", NULL, "e@x.com", V, 0 },
    };
    assert_list (" a@x.com;b@x.com\nc@x.com\r\nd@x.com\r;;,,\n\n e@x.com ;", e, G_N_ELEMENTS (e));
  }
  {
    const ExpectedEntry e[] = {
      { "Alex Doe <alex@x.com>", "Alex Doe", "alex@x.com", V, 0 },
      { "\"Doe, Sam\" <sam@x.com>", "Doe, Sam", "sam@x.com", V, 0 },
    };
    assert_list ("Alex Doe <alex@x.com>; \"Doe, Sam\" <sam@x.com>", e, G_N_ELEMENTS (e));
  }
  {
    /* Separators inside brackets and quotes do not split; escapes in
     * quoted names; the domain is put in lower case */
    const ExpectedEntry e[] = {
      { "\"Doe; Sam \\\"the man\\\"\" <Sam@X.COM>", "Doe; Sam \"the man\"", "Sam@x.com", V, 0 },
      { "<odd,one@x.com>", NULL, "odd,one@x.com", MSI_EMAIL_BAD_LOCAL_CHAR, 0 },
      { "<lee@x.com>", NULL, "lee@x.com", V, 0 },
    };
    assert_list ("\"Doe; Sam \\\"the man\\\"\" <Sam@X.COM>\n<odd,one@x.com>,<lee@x.com>", e, G_N_ELEMENTS (e));
  }
  {
    /* Duplicates name the first entry (1-based), case ignored */
    const ExpectedEntry e[] = {
      { "a@x.com", NULL, "a@x.com", V, 0 },
      { "b@x.com", NULL, "b@x.com", V, 0 },
      { "A@X.COM", NULL, "A@x.com", V, 1 },
      { "Bee <b@X.com>", "Bee", "b@x.com", V, 2 },
      { "a@x.com", NULL, "a@x.com", V, 1 },
    };
    assert_list ("a@x.com, b@x.com, A@X.COM, Bee <b@X.com>\na@x.com", e, G_N_ELEMENTS (e));
  }
  {
    /* Entries with problems keep their text and say why */
    const ExpectedEntry e[] = {
      { "alex.example.com", NULL, "alex.example.com", MSI_EMAIL_NO_AT, 0 },
      { "Alex <>", "Alex", NULL, MSI_EMAIL_EMPTY, 0 },
      { "\"Doe, Sam\"", "Doe, Sam", NULL, MSI_EMAIL_EMPTY, 0 },
      { "Sam Doe sam@x.com", NULL, "Sam Doe sam@x.com", MSI_EMAIL_BAD_LOCAL_CHAR, 0 },
      { "sam@localhost", NULL, "sam@localhost", MSI_EMAIL_NO_TLD, 0 },
    };
    assert_list ("alex.example.com, Alex <>, \"Doe, Sam\", Sam Doe sam@x.com, sam@localhost", e, G_N_ELEMENTS (e));
  }
  {
    /* An unclosed bracket or quote does not swallow the rest of the list */
    const ExpectedEntry e[] = {
      { "Alex <alex@x.com", NULL, "Alex <alex@x.com", MSI_EMAIL_BAD_LOCAL_CHAR, 0 },
      { "b@x.com", NULL, "b@x.com", V, 0 },
      { "\"Sam sam@x.com", NULL, "\"Sam sam@x.com", MSI_EMAIL_BAD_LOCAL_CHAR, 0 },
      { "c@x.com", NULL, "c@x.com", V, 0 },
    };
    assert_list ("Alex <alex@x.com, b@x.com\n\"Sam sam@x.com; c@x.com", e, G_N_ELEMENTS (e));
  }
  {
    assert_list ("", NULL, 0);
    assert_list (" ,; \n\r\n\t ", NULL, 0);
  }
}

static void
test_parse_list_many (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GPtrArray) entries = NULL;

  for (guint i = 0; i < 2000; i++)
    g_string_append_printf (text, "User %u <user%u@example.com>;\n", i, i % 1500);
  /* Brackets that never close, many of them */
  for (guint i = 0; i < 5000; i++)
    g_string_append (text, "<\"");

  entries = msi_email_parse_list (text->str);
  g_assert_cmpuint (entries->len, ==, 2001);
  for (guint i = 0; i < 2000; i++)
    {
      MsiEmailEntry *entry = g_ptr_array_index (entries, i);

      g_assert_cmpint (entry->problem, ==, V);
      g_assert_cmpuint (entry->duplicate_of, ==, i >= 1500 ? i - 1500 + 1 : 0);
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/email-address/check-table", test_check_table);
  g_test_add_func ("/email-address/check-lengths", test_check_lengths);
  g_test_add_func ("/email-address/describe", test_describe);
  g_test_add_func ("/email-address/describe-every-problem", test_describe_every_problem);
  g_test_add_func ("/email-address/normalize", test_normalize);
  g_test_add_func ("/email-address/hash-equal", test_hash_equal);
  g_test_add_func ("/email-address/parse-list", test_parse_list);
  g_test_add_func ("/email-address/parse-list-many", test_parse_list_many);

  return g_test_run ();
}
