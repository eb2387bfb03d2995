/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-email-address.h: checking e-mail addresses and reading lists of them */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Why an address is not one the Sales account can invite. */
typedef enum
{
  MSI_EMAIL_VALID,
  MSI_EMAIL_EMPTY,
  MSI_EMAIL_NO_AT,               /* "alex.example.com" */
  MSI_EMAIL_MANY_AT,             /* "a@b@c.com" */
  MSI_EMAIL_EMPTY_LOCAL,         /* "@example.com" */
  MSI_EMAIL_EMPTY_DOMAIN,        /* "alex@" */
  MSI_EMAIL_LOCAL_TOO_LONG,      /* over 64 bytes (RFC 5321) */
  MSI_EMAIL_TOO_LONG,            /* over 254 bytes */
  MSI_EMAIL_BAD_LOCAL_CHAR,      /* a space, comma, quote, bracket… in the local part */
  MSI_EMAIL_BAD_DOTS,            /* leading, trailing or doubled dot */
  MSI_EMAIL_BAD_DOMAIN,          /* a label empty, too long, with a bad character or a leading/trailing hyphen */
  MSI_EMAIL_NO_TLD,              /* "alex@localhost": the domain has no dot */
} MsiEmailProblem;

/* Checks @address (len -1 for NUL-terminated) as a mailbox the service
 * accepts (dot-atom local part, internationalised domains as UTF-8 allowed).
 * Fast: no allocation. */
MsiEmailProblem  msi_email_check            (const char      *address,
                                             gssize           len);
/* A translated sentence for @problem about @address (escaped by the
 * caller where markup is used), e.g. "“alex.example.com” has no “@”". */
char            *msi_email_problem_describe (MsiEmailProblem  problem,
                                             const char      *address);
/* The address as the service stores it: blanks trimmed, domain in lower
 * case (the local part is kept as typed). */
char            *msi_email_normalize        (const char      *address,
                                             gssize           len);
/* A hash and equality that ignore the case of the whole address (how the
 * service finds duplicates). */
guint            msi_email_hash             (gconstpointer    address);
gboolean         msi_email_equal            (gconstpointer    a,
                                             gconstpointer    b);

/* One entry of a typed or pasted list. */
typedef struct
{
  char            *text;         /* the entry as written, trimmed */
  char            *name;         /* from `Name <address>` or `"Last, First" <address>`, else NULL */
  char            *address;      /* normalized; NULL when no address could be found */
  MsiEmailProblem  problem;
  guint            duplicate_of; /* 1-based index of an earlier entry with the same address, else 0 */
} MsiEmailEntry;

void             msi_email_entry_free       (MsiEmailEntry   *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsiEmailEntry, msi_email_entry_free)

/* Splits @text on commas, semicolons and new lines (not inside quotes or
 * angle brackets) into entries, skipping blank ones: `a@x.com, b@y.org`,
 * `Alex Doe <alex@x.com>; "Doe, Sam" <sam@x.com>`, one per line…
 * Returns a GPtrArray of MsiEmailEntry. */
GPtrArray       *msi_email_parse_list       (const char      *text);

G_END_DECLS
