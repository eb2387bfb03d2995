/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-demo-salesforce.h: the demo Salesforce orgs' REST and Tooling APIs and the package install page */

#pragma once

#include <libsoup/soup.h>

#include "msi-demo-server.h"

G_BEGIN_DECLS

/* The newest REST API version the demo orgs offer. */
#define MSI_DEMO_SALESFORCE_API_VERSION     "62.0"
/* The MSI package version the demo install page installs. */
#define MSI_DEMO_SALESFORCE_MSI_VERSION_ID  "04t0b000001Ov9xAAC"

/**
 * MsiDemoSalesforceOrgUser:
 * @email: the Salesforce username of a seeded demo user
 * @org_id: the 00D… id of the user's org
 * @org_name: the org's name
 * @edition: "Enterprise Edition", "Professional Edition", …
 * @sandbox: whether the org is a sandbox
 * @org_api_enabled: whether the edition has the API (not Professional)
 * @profile_id: the 00e… id of the user's profile
 * @profile_name: the user's profile
 * @modify_all_data: Profile.PermissionsModifyAllData
 * @customize_application: Profile.PermissionsCustomizeApplication
 *
 * What the demo knows about a seeded Salesforce user's org and profile.
 * Whether the profile has API Enabled is the user's `api_enabled` in the
 * store.
 */
typedef struct
{
  const char *email;
  const char *org_id;
  const char *org_name;
  const char *edition;
  gboolean    sandbox;
  gboolean    org_api_enabled;
  const char *profile_id;
  const char *profile_name;
  gboolean    modify_all_data;
  gboolean    customize_application;
} MsiDemoSalesforceOrgUser;

const MsiDemoSalesforceOrgUser *
     msi_demo_salesforce_find_org_user           (const char        *email);

void msi_demo_salesforce_handle_versions         (MsiDemoServer     *server,
                                                  SoupServerMessage *msg,
                                                  GHashTable        *params);
void msi_demo_salesforce_handle_query            (MsiDemoServer     *server,
                                                  SoupServerMessage *msg,
                                                  GHashTable        *params);
void msi_demo_salesforce_handle_tooling_query    (MsiDemoServer     *server,
                                                  SoupServerMessage *msg,
                                                  GHashTable        *params);
void msi_demo_salesforce_handle_install_page     (MsiDemoServer     *server,
                                                  SoupServerMessage *msg,
                                                  GHashTable        *params);
void msi_demo_salesforce_handle_faults           (MsiDemoServer     *server,
                                                  SoupServerMessage *msg,
                                                  GHashTable        *params);

G_END_DECLS
