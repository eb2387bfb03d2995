/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-demo-process.h: starts and ends the demo server for the demo profile */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define MSI_DEMO_PROCESS_ERROR (msi_demo_process_error_quark ())

typedef enum
{
  MSI_DEMO_PROCESS_ERROR_NOT_FOUND,
  MSI_DEMO_PROCESS_ERROR_FAILED,
  MSI_DEMO_PROCESS_ERROR_TIMEOUT,
} MsiDemoProcessError;

#define MSI_TYPE_DEMO_PROCESS (msi_demo_process_get_type ())

G_DECLARE_FINAL_TYPE (MsiDemoProcess, msi_demo_process, MSI, DEMO_PROCESS, GObject)

GQuark          msi_demo_process_error_quark (void);
char           *msi_demo_process_find_server (void);
MsiDemoProcess *msi_demo_process_new         (const char           *server_path,
                                              const char           *data_dir);
void            msi_demo_process_start_async (MsiDemoProcess       *self,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
char           *msi_demo_process_start_finish (MsiDemoProcess      *self,
                                               GAsyncResult        *result,
                                               GError             **error);
const char     *msi_demo_process_get_base_url (MsiDemoProcess      *self);
gboolean        msi_demo_process_is_running  (MsiDemoProcess       *self);
void            msi_demo_process_stop        (MsiDemoProcess       *self);

G_END_DECLS
