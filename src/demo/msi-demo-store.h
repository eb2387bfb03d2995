/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-demo-store.h: SQLite persistence for the demo Actions service */

#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define MSI_DEMO_STORE_ERROR (msi_demo_store_error_quark ())

/**
 * MsiDemoStoreError:
 * @MSI_DEMO_STORE_ERROR_OPEN: the database file could not be opened
 * @MSI_DEMO_STORE_ERROR_SCHEMA: the database has an unsupported schema
 * @MSI_DEMO_STORE_ERROR_SQL: an SQLite statement failed
 * @MSI_DEMO_STORE_ERROR_CORRUPT: stored data does not have the expected shape
 */
typedef enum
{
  MSI_DEMO_STORE_ERROR_OPEN,
  MSI_DEMO_STORE_ERROR_SCHEMA,
  MSI_DEMO_STORE_ERROR_SQL,
  MSI_DEMO_STORE_ERROR_CORRUPT,
} MsiDemoStoreError;

/* The schema version written to PRAGMA user_version. */
#define MSI_DEMO_STORE_SCHEMA_VERSION 1

#define MSI_TYPE_DEMO_STORE (msi_demo_store_get_type ())

G_DECLARE_FINAL_TYPE (MsiDemoStore, msi_demo_store, MSI, DEMO_STORE, GObject)

GQuark        msi_demo_store_error_quark     (void);

MsiDemoStore *msi_demo_store_open            (const char    *path,
                                              GError       **error);
const char   *msi_demo_store_get_path        (MsiDemoStore  *self);
gboolean      msi_demo_store_reset           (MsiDemoStore  *self,
                                              GError       **error);
JsonNode     *msi_demo_store_dup_account     (MsiDemoStore  *self,
                                              GError       **error);
JsonNode     *msi_demo_store_dup_connections (MsiDemoStore  *self,
                                              GError       **error);

G_END_DECLS
