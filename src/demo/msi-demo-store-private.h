/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-demo-store-private.h: SQL access for the demo modules that keep their own tables */

#pragma once

#include <sqlite3.h>

#include "msi-demo-store.h"

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

/* A body of work for msi_demo_store_transaction(). */
typedef gboolean (*MsiDemoStoreFunc) (MsiDemoStore  *store,
                                      gpointer       user_data,
                                      GError       **error);

sqlite3      *msi_demo_store_get_db      (MsiDemoStore      *self);
gboolean      msi_demo_store_fail        (MsiDemoStore      *self,
                                          const char        *what,
                                          GError           **error);
gboolean      msi_demo_store_exec        (MsiDemoStore      *self,
                                          const char        *sql,
                                          const char        *what,
                                          GError           **error);
sqlite3_stmt *msi_demo_store_prepare     (MsiDemoStore      *self,
                                          const char        *sql,
                                          const char        *what,
                                          GError           **error);
gboolean      msi_demo_store_step_done   (MsiDemoStore      *self,
                                          sqlite3_stmt      *stmt,
                                          const char        *what,
                                          GError           **error);
gboolean      msi_demo_store_transaction (MsiDemoStore      *self,
                                          MsiDemoStoreFunc   func,
                                          gpointer           user_data,
                                          GError           **error);
JsonNode     *msi_demo_store_column_nullable_text (sqlite3_stmt *stmt,
                                                   int           column);
gboolean      msi_demo_store_set_account_member (MsiDemoStore  *self,
                                                 const char    *key,
                                                 JsonNode      *value,
                                                 GError       **error);
gboolean      msi_demo_store_update_usage (MsiDemoStore  *self,
                                           GError       **error);

G_END_DECLS
