/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-sync-field.h: a Marketo lead field, the Sales account field it lands in, and whether it is synced */

#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/**
 * MsiSyncDataType:
 *
 * The data types of Marketo lead fields, as the lead describe reports them
 * in "dataType" (developer docs "Field Types" and the custom field type
 * glossary). Marketo has no picklist type: a picklist synced from the CRM
 * is a "string". The same types name the Sales account fields, whose API
 * the Actions service defines after Marketo's.
 *
 * Text types (msi_sync_data_type_is_text()) carry a length in characters.
 */
typedef enum
{
  MSI_SYNC_DATA_TYPE_STRING,     /* "string": one line, up to 255 characters */
  MSI_SYNC_DATA_TYPE_TEXT,       /* "text" (also read: "textarea", "text-area"): text area, up to 30,000 */
  MSI_SYNC_DATA_TYPE_EMAIL,      /* "email": an e-mail address */
  MSI_SYNC_DATA_TYPE_PHONE,      /* "phone" */
  MSI_SYNC_DATA_TYPE_URL,        /* "url": with its protocol */
  MSI_SYNC_DATA_TYPE_REFERENCE,  /* "reference": the key of another record */
  MSI_SYNC_DATA_TYPE_INTEGER,    /* "integer": a whole number */
  MSI_SYNC_DATA_TYPE_SCORE,      /* "score": a whole number changed by Change Score steps */
  MSI_SYNC_DATA_TYPE_PERCENT,    /* "percent": a percentage as a whole number (30 for 30 %) */
  MSI_SYNC_DATA_TYPE_FLOAT,      /* "float": a number with decimals */
  MSI_SYNC_DATA_TYPE_CURRENCY,   /* "currency": an amount in the subscription's currency */
  MSI_SYNC_DATA_TYPE_BOOLEAN,    /* "boolean" (also read: "checkbox", its former name) */
  MSI_SYNC_DATA_TYPE_DATE,       /* "date": 2010-05-07 */
  MSI_SYNC_DATA_TYPE_DATETIME,   /* "datetime": 2010-05-07T15:41:32-05:00 */
  MSI_SYNC_DATA_TYPE_FORMULA,    /* "formula": computed by Marketo, never exported */
  MSI_SYNC_N_DATA_TYPES,
} MsiSyncDataType;

/* The longest text Marketo keeps in a text field whose describe gives no
 * length: a string 255 characters, a text area 30,000 (its limit is
 * 30,000 bytes: fewer characters outside ASCII). */
#define MSI_SYNC_STRING_MAX_LENGTH 255
#define MSI_SYNC_TEXT_MAX_LENGTH   30000

#define MSI_TYPE_SYNC_DATA_TYPE (msi_sync_data_type_get_type ())
GType        msi_sync_data_type_get_type     (void) G_GNUC_CONST;

/* "string", "text", "email", … as the describe and the Actions API write them. */
const char  *msi_sync_data_type_get_id       (MsiSyncDataType  type);
/* Reads an id, ignoring case and surrounding blanks, with the aliases
 * above; %FALSE for anything else. */
gboolean     msi_sync_data_type_from_id      (const char      *id,
                                              MsiSyncDataType *type);
/* Translated, as Marketo's admin pages name it: "String", "Text area",
 * "Date and time"… */
const char  *msi_sync_data_type_get_label    (MsiSyncDataType  type);
/* STRING, TEXT, EMAIL, PHONE, URL, REFERENCE. */
gboolean     msi_sync_data_type_is_text      (MsiSyncDataType  type);
/* The most characters a value of @type takes as text: for text types
 * Marketo's maximum (used when a field has no length), for the others the
 * longest value written out ("-2147483648", "false", an ISO 8601 date and
 * time); 0 for FORMULA. */
int          msi_sync_data_type_get_max_length (MsiSyncDataType type);

/**
 * MsiSyncFieldUnavailable:
 *
 * Why a field cannot be synced, as the Actions service reports it in
 * "unavailable" (null when it can be). msi_sync_field_get_unavailable()
 * also derives FORMULA from the data type and NO_TARGET from a missing
 * "target".
 */
typedef enum
{
  MSI_SYNC_FIELD_UNAVAILABLE_NONE,        /* null */
  MSI_SYNC_FIELD_UNAVAILABLE_FORMULA,     /* "formula": Marketo computes it and does not export it */
  MSI_SYNC_FIELD_UNAVAILABLE_NOT_IN_REST, /* "not-in-rest": the describe gives it no REST name */
  MSI_SYNC_FIELD_UNAVAILABLE_DELETED,     /* "deleted": selected before, no longer in Marketo */
  MSI_SYNC_FIELD_UNAVAILABLE_NO_TARGET,   /* "no-target": no Sales account field can hold it */
} MsiSyncFieldUnavailable;

#define MSI_TYPE_SYNC_FIELD_UNAVAILABLE (msi_sync_field_unavailable_get_type ())
GType        msi_sync_field_unavailable_get_type (void) G_GNUC_CONST;
/* NULL for NONE, else the id above. */
const char  *msi_sync_field_unavailable_get_id   (MsiSyncFieldUnavailable reason);
gboolean     msi_sync_field_unavailable_from_id  (const char              *id,
                                                  MsiSyncFieldUnavailable *reason);

/* The lead fields the Sales account always syncs, by REST name: "email",
 * "firstName", "lastName" (NULL-terminated). They identify a person, are
 * always in the sync and do not count toward the limit of synced fields
 * (limits.syncedFields counts the fields the admin chooses). The service
 * marks them "alwaysSynced". */
const char * const *msi_sync_always_synced_names (void);

#define MSI_TYPE_SYNC_FIELD (msi_sync_field_get_type ())

/**
 * MsiSyncField:
 *
 * One entry of `GET /api/v1/sync/fields` ("fields": an array of them):
 *
 *     { "name": "comments",            REST API name, unique, required
 *       "displayName": "Comments",     required (may be "")
 *       "dataType": "text",            MsiSyncDataType id, required
 *       "length": 2000,                optional, null or > 0
 *       "updateable": true,            required: Marketo lets it be written
 *       "crmManaged": false,           required: it comes from the CRM
 *       "custom": false,               optional (false): made by the admin
 *       "selected": true,              optional (false): chosen for sync
 *       "alwaysSynced": false,         optional (false): see above
 *       "unavailable": null,           optional: MsiSyncFieldUnavailable id
 *       "target": {                    optional (null: no Sales account field)
 *         "name": "comments__c",       required
 *         "displayName": "Comments",   optional
 *         "dataType": "string",        required
 *         "length": 255 } }            optional, null or > 0
 *
 * The first six members are Marketo's describe2 ones (api-notes §2.6).
 * Lengths of -1 stand for "not given". Other members are ignored.
 * Properties notify: "selected" (the only one the page changes).
 */
G_DECLARE_FINAL_TYPE (MsiSyncField, msi_sync_field, MSI, SYNC_FIELD, GObject)

MsiSyncField *msi_sync_field_new                (const char       *name,
                                                 const char       *display_name,
                                                 MsiSyncDataType   data_type);
/* A copy with the same values (its own "selected"). */
MsiSyncField *msi_sync_field_copy               (MsiSyncField     *self);

/* %NULL with MSI_HTTP_ERROR_INVALID_RESPONSE and a translated message
 * naming the field and the member ("Marketo field “comments”: “length”
 * is not a whole number.") when @node is not a field as above. */
MsiSyncField *msi_sync_field_new_from_json      (JsonNode         *node,
                                                 GError          **error);
JsonNode     *msi_sync_field_to_json            (MsiSyncField     *self);
/* A JSON array of fields into a GPtrArray of MsiSyncField (owning them),
 * in order; one bad entry, or a name given twice, fails the whole list
 * ("Entry 4 of the Marketo field list has no “name”."). */
GPtrArray    *msi_sync_field_list_from_json     (JsonNode         *node,
                                                 GError          **error);
JsonNode     *msi_sync_field_list_to_json       (GPtrArray        *fields);

const char   *msi_sync_field_get_name           (MsiSyncField     *self);
const char   *msi_sync_field_get_display_name   (MsiSyncField     *self);
/* The display name, or the name when it is empty: what sentences quote. */
const char   *msi_sync_field_get_label          (MsiSyncField     *self);
MsiSyncDataType msi_sync_field_get_data_type    (MsiSyncField     *self);
int           msi_sync_field_get_length         (MsiSyncField     *self);  /* -1: not given */
/* The length, or for a text type without one Marketo's maximum; for
 * other types msi_sync_data_type_get_max_length(). */
int           msi_sync_field_get_effective_length (MsiSyncField   *self);
gboolean      msi_sync_field_get_updateable     (MsiSyncField     *self);
gboolean      msi_sync_field_get_crm_managed    (MsiSyncField     *self);
gboolean      msi_sync_field_get_custom         (MsiSyncField     *self);
gboolean      msi_sync_field_get_selected       (MsiSyncField     *self);
gboolean      msi_sync_field_get_always_synced  (MsiSyncField     *self);
/* As set, else FORMULA for a formula field, NO_TARGET without a target. */
MsiSyncFieldUnavailable msi_sync_field_get_unavailable (MsiSyncField *self);
/* A translated sentence naming the field, saying why it cannot be synced,
 * or NULL when it can ("“Salutation” is a formula field: …"). */
char         *msi_sync_field_dup_unavailable_reason (MsiSyncField *self);

/* The Sales account field: NULL name when there is none. */
const char   *msi_sync_field_get_target_name    (MsiSyncField     *self);
/* Its display name, or its name. */
const char   *msi_sync_field_get_target_label   (MsiSyncField     *self);
MsiSyncDataType msi_sync_field_get_target_type  (MsiSyncField     *self);
int           msi_sync_field_get_target_length  (MsiSyncField     *self);  /* -1: not given */
/* The target length, or the target type's maximum. */
int           msi_sync_field_get_target_effective_length (MsiSyncField *self);

/* Case- and accent-insensitive search in the name, display name, the data
 * type's label and the target's name; an empty @query matches. */
gboolean      msi_sync_field_matches            (MsiSyncField     *self,
                                                 const char       *query);

/* Setters, for the demo server building its fields and for tests. */
void          msi_sync_field_set_length         (MsiSyncField     *self,
                                                 int               length);
void          msi_sync_field_set_updateable     (MsiSyncField     *self,
                                                 gboolean          updateable);
void          msi_sync_field_set_crm_managed    (MsiSyncField     *self,
                                                 gboolean          crm_managed);
void          msi_sync_field_set_custom         (MsiSyncField     *self,
                                                 gboolean          custom);
void          msi_sync_field_set_selected       (MsiSyncField     *self,
                                                 gboolean          selected);
void          msi_sync_field_set_always_synced  (MsiSyncField     *self,
                                                 gboolean          always_synced);
void          msi_sync_field_set_unavailable    (MsiSyncField     *self,
                                                 MsiSyncFieldUnavailable reason);
/* @name NULL removes the target; @display_name may be NULL. */
void          msi_sync_field_set_target         (MsiSyncField     *self,
                                                 const char       *name,
                                                 const char       *display_name,
                                                 MsiSyncDataType   type,
                                                 int               length);

G_END_DECLS
