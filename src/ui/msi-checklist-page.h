/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-checklist-page.h: the seven admin steps with their live status */

#pragma once

#include <adwaita.h>

#include "msi-actions-client.h"

G_BEGIN_DECLS

typedef enum
{
  MSI_CHECKLIST_STATE_EMPTY,
  MSI_CHECKLIST_STATE_LOADING,
  MSI_CHECKLIST_STATE_LOADED,
  MSI_CHECKLIST_STATE_ERROR,
} MsiChecklistState;

#define MSI_TYPE_CHECKLIST_PAGE (msi_checklist_page_get_type ())

G_DECLARE_FINAL_TYPE (MsiChecklistPage, msi_checklist_page, MSI, CHECKLIST_PAGE, AdwBin)

MsiActionsClient  *msi_checklist_page_get_client (MsiChecklistPage *self);
void               msi_checklist_page_set_client (MsiChecklistPage *self,
                                                  MsiActionsClient *client);
void               msi_checklist_page_reload     (MsiChecklistPage *self);
MsiChecklistState  msi_checklist_page_get_state  (MsiChecklistPage *self);
GListModel        *msi_checklist_page_get_steps  (MsiChecklistPage *self);
GtkListBox        *msi_checklist_page_get_list   (MsiChecklistPage *self);

G_END_DECLS
