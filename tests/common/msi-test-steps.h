/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-test-steps.h: the admin guide's seven steps and personas, as the tests expect them */

#pragma once

/* In the order of the admin guide's table, with its personas. */
static const struct {
  const char *id;
  const char *persona;
} msi_test_expected_steps[] = {
  { "activate-account", "Marketo Admin" },
  { "connect-salesforce", "Marketo Admin or Salesforce Admin" },
  { "connect-marketo", "Marketo Admin" },
  { "data-sync", "Marketo Admin" },
  { "invite-users", "Marketo Admin" },
  { "salesforce-package", "Salesforce Admin" },
  { "salesforce-configuration", "Salesforce Admin" },
};
