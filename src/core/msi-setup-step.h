/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-setup-step.h: one step of the admin setup checklist and its status */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  MSI_PERSONA_MARKETO_ADMIN,
  MSI_PERSONA_MARKETO_OR_SALESFORCE_ADMIN,
  MSI_PERSONA_SALESFORCE_ADMIN,
} MsiPersona;

typedef enum
{
  MSI_SETUP_STATUS_UNKNOWN,     /* not read yet */
  MSI_SETUP_STATUS_NOT_DONE,
  MSI_SETUP_STATUS_IN_PROGRESS,
  MSI_SETUP_STATUS_ATTENTION,   /* done once, but something needs fixing */
  MSI_SETUP_STATUS_DONE,
} MsiSetupStatus;

#define MSI_SETUP_N_STEPS 7

#define MSI_TYPE_SETUP_STEP (msi_setup_step_get_type ())

G_DECLARE_FINAL_TYPE (MsiSetupStep, msi_setup_step, MSI, SETUP_STEP, GObject)

const char     *msi_persona_get_label            (MsiPersona     persona);

GListStore     *msi_setup_step_new_checklist     (void);
gboolean        msi_setup_steps_update_from_json (GListModel    *steps,
                                                  JsonNode      *account,
                                                  JsonNode      *connections,
                                                  GError       **error);
guint           msi_setup_steps_count_done       (GListModel    *steps);

const char     *msi_setup_step_get_id            (MsiSetupStep  *self);
guint           msi_setup_step_get_position      (MsiSetupStep  *self);
const char     *msi_setup_step_get_title         (MsiSetupStep  *self);
MsiPersona      msi_setup_step_get_persona       (MsiSetupStep  *self);
MsiSetupStatus  msi_setup_step_get_status        (MsiSetupStep  *self);
const char     *msi_setup_step_get_status_label  (MsiSetupStep  *self);
const char     *msi_setup_step_get_detail        (MsiSetupStep  *self);

G_END_DECLS
