/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-sync-preview.h: what the next sync would do to each field, and what stops it */

#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "msi-sync-field.h"

G_BEGIN_DECLS

/* The product limit when the account does not say (limits.syncedFields). */
#define MSI_SYNC_DEFAULT_FIELD_LIMIT 13

/**
 * MsiSyncConversion:
 *
 * What writing a Marketo value into the Sales account field does, by the
 * two data types (msi_sync_conversion_for()):
 *
 * | Marketo ↓ / Sales account →           | same | String, Text area | E-mail, Phone, URL, Reference | Integer, Score, Percent | Float, Currency | Boolean | Date | Date and time |
 * |---------------------------------------|------|-------------------|-------------------------------|-------------------------|-----------------|---------|------|---------------|
 * | String, Text area, E-mail, Phone, URL, Reference | none | lossless  | lossy: invalid emptied        | lossy: unparsed emptied | lossy: unparsed | lossy: unparsed | lossy: unparsed | lossy: unparsed |
 * | Integer, Score, Percent               | none | lossless          | incompatible                  | lossless                | lossless        | lossy: zero false | incompatible | incompatible |
 * | Float, Currency                       | none | lossless          | incompatible                  | lossy: rounded          | lossless        | lossy: zero false | incompatible | incompatible |
 * | Boolean                               | none | lossless          | incompatible                  | lossless (1, 0)         | lossless (1, 0) | none    | incompatible | incompatible |
 * | Date                                  | none | lossless          | incompatible                  | incompatible            | incompatible    | incompatible | none | lossless (midnight) |
 * | Date and time                         | none | lossless          | incompatible                  | incompatible            | incompatible    | incompatible | lossy: time dropped | none |
 *
 * Formula, on either side, is incompatible (never exported; never written).
 * Everything is written as text losslessly (numbers as digits, booleans as
 * "true"/"false", dates in ISO 8601); whether the text fits is a separate
 * question: truncation.
 */
typedef enum
{
  MSI_SYNC_CONVERSION_NONE,          /* "none": the same type */
  MSI_SYNC_CONVERSION_LOSSLESS,      /* "lossless": another type that keeps every value */
  MSI_SYNC_CONVERSION_LOSSY,         /* "lossy": some values change or are left empty (MsiSyncLoss) */
  MSI_SYNC_CONVERSION_INCOMPATIBLE,  /* "incompatible": the target cannot hold the values: blocks */
} MsiSyncConversion;

/* What a lossy conversion loses. */
typedef enum
{
  MSI_SYNC_LOSS_NONE,              /* "none" */
  MSI_SYNC_LOSS_ROUNDED,           /* "rounded": decimals to whole numbers */
  MSI_SYNC_LOSS_TIME_DROPPED,      /* "time-dropped": date and time to date */
  MSI_SYNC_LOSS_UNPARSED_EMPTIED,  /* "unparsed-emptied": text that does not read as a number, date or boolean */
  MSI_SYNC_LOSS_INVALID_EMPTIED,   /* "invalid-emptied": text that is not a valid address, number or key */
  MSI_SYNC_LOSS_ZERO_FALSE,        /* "zero-false": numbers to booleans, 0 false, the rest true */
} MsiSyncLoss;

/* What changed for a field since the last completed sync (flags). */
typedef enum
{
  MSI_SYNC_CHANGE_NONE           = 0,
  MSI_SYNC_CHANGE_ADDED          = 1 << 0,  /* "added": not synced last time */
  MSI_SYNC_CHANGE_REMOVED        = 1 << 1,  /* "removed": synced last time, not now */
  MSI_SYNC_CHANGE_TYPE_CHANGED   = 1 << 2,  /* "type-changed": its Marketo data type */
  MSI_SYNC_CHANGE_LENGTH_CHANGED = 1 << 3,  /* "length-changed": its Marketo length (same text type) */
  MSI_SYNC_CHANGE_TARGET_CHANGED = 1 << 4,  /* "target-changed": lands in another Sales account field */
} MsiSyncChange;

typedef enum
{
  MSI_SYNC_SEVERITY_NONE,      /* "none": nothing to say */
  MSI_SYNC_SEVERITY_INFO,      /* "info": worth knowing (a new field, a lossless conversion) */
  MSI_SYNC_SEVERITY_WARNING,   /* "warning": data is lost or left behind; the sync can start */
  MSI_SYNC_SEVERITY_BLOCKING,  /* "blocking": the sync cannot start until it is fixed */
} MsiSyncSeverity;

/* Problems of the plan, each with one sentence. */
typedef enum
{
  /* Blocking */
  MSI_SYNC_PROBLEM_NO_FIELDS,         /* "no-fields": no field chosen */
  MSI_SYNC_PROBLEM_OVER_LIMIT,        /* "over-limit": more chosen than the limit */
  MSI_SYNC_PROBLEM_UNAVAILABLE,       /* "unavailable": a field in the sync cannot be synced (deleted, formula…) */
  MSI_SYNC_PROBLEM_INCOMPATIBLE,      /* "incompatible": its target cannot hold its values */
  MSI_SYNC_PROBLEM_SHARED_TARGET,     /* "shared-target": two fields land in one Sales account field */
  /* Warnings */
  MSI_SYNC_PROBLEM_LOSSY,             /* "lossy" */
  MSI_SYNC_PROBLEM_TRUNCATED,         /* "truncated" */
  MSI_SYNC_PROBLEM_REMOVED,           /* "removed" */
  MSI_SYNC_PROBLEM_TYPE_CHANGED,      /* "type-changed" */
  MSI_SYNC_PROBLEM_TARGET_CHANGED,    /* "target-changed" */
} MsiSyncProblemKind;

#define MSI_TYPE_SYNC_CONVERSION   (msi_sync_conversion_get_type ())
#define MSI_TYPE_SYNC_LOSS         (msi_sync_loss_get_type ())
#define MSI_TYPE_SYNC_CHANGE       (msi_sync_change_get_type ())
#define MSI_TYPE_SYNC_SEVERITY     (msi_sync_severity_get_type ())
#define MSI_TYPE_SYNC_PROBLEM_KIND (msi_sync_problem_kind_get_type ())
GType        msi_sync_conversion_get_type    (void) G_GNUC_CONST;
GType        msi_sync_loss_get_type          (void) G_GNUC_CONST;
GType        msi_sync_change_get_type        (void) G_GNUC_CONST;
GType        msi_sync_severity_get_type      (void) G_GNUC_CONST;
GType        msi_sync_problem_kind_get_type  (void) G_GNUC_CONST;

/* The ids in the comments above, as the Actions API writes them. */
const char  *msi_sync_conversion_get_id      (MsiSyncConversion  conversion);
const char  *msi_sync_loss_get_id            (MsiSyncLoss        loss);
const char  *msi_sync_severity_get_id        (MsiSyncSeverity    severity);
const char  *msi_sync_problem_kind_get_id    (MsiSyncProblemKind kind);
/* The ids of the flags set, in the order above (NULL-terminated). */
GStrv        msi_sync_change_dup_ids         (MsiSyncChange      changes);
/* Blocking kinds: NO_FIELDS … SHARED_TARGET. */
MsiSyncSeverity msi_sync_problem_kind_get_severity (MsiSyncProblemKind kind);

/* The table above; @loss (nullable) is set to MSI_SYNC_LOSS_NONE unless
 * the conversion is LOSSY. */
MsiSyncConversion msi_sync_conversion_for    (MsiSyncDataType    source,
                                              MsiSyncDataType    target,
                                              MsiSyncLoss       *loss);

/*
 * Selection rules.
 *
 * The limit counts the fields the admin chooses: "selected" and not
 * "alwaysSynced" (msi_sync_always_synced_names(): e-mail address, first
 * and last name are always in the sync, shown checked and insensitive,
 * and do not count). Marketo's read-only fields ("updateable": false) and
 * CRM-managed ones can be synced: the sync only reads Marketo.
 */

/* The fields counted toward the limit. */
guint        msi_sync_selection_count        (GPtrArray          *fields);
/* Whether @field may be chosen now that @n_selected are (counted as
 * above): FALSE for an always-synced field, one that cannot be synced
 * (msi_sync_field_get_unavailable()), one whose Sales account field
 * cannot hold its values (INCOMPATIBLE), or when @n_selected has reached
 * @limit; @reason (nullable) then gets a translated sentence naming the
 * field and the numbers ("The Sales account syncs at most 13 fields, and
 * 13 are selected. Unselect one to choose “Comments”."). A field already
 * selected may stay so (TRUE): unselecting is always possible. */
gboolean     msi_sync_selection_can_select   (MsiSyncField       *field,
                                              guint               n_selected,
                                              guint               limit,
                                              char              **reason);
/* "9 of 13 fields selected", translated with plurals. */
char        *msi_sync_selection_describe_count (guint             n_selected,
                                                guint             limit);

/* One field of the preview (owned by the preview). */
typedef struct _MsiSyncPreviewEntry MsiSyncPreviewEntry;
/* One problem of the preview (owned by the preview). */
typedef struct _MsiSyncProblem MsiSyncProblem;

#define MSI_TYPE_SYNC_PREVIEW (msi_sync_preview_get_type ())

/**
 * MsiSyncPreview:
 *
 * The plan of a sync: one entry per field in the sync (always-synced
 * fields first, then the selected ones, in the given order), then one per
 * field synced last time and not now (REMOVED); and the problems: the
 * plan's own (NO_FIELDS, OVER_LIMIT), then those of the entries, blocking
 * ones before warnings. Immutable once made, but for the people count.
 *
 * `GET /api/v1/sync/preview` answers msi_sync_preview_to_json():
 *
 *     { "limit": 13,
 *       "people": 52000,              null when not known
 *       "fields": [ MsiSyncField ],   the fields in the sync
 *       "lastSync": null | { "fields": [ MsiSyncField ] },
 *       "selectedCount": 9, "blocked": false,
 *       "entries": [ { "name", "severity", "conversion", "loss", "truncated",
 *                      "sourceLength", "targetLength", "changes": [id] } ],
 *       "problems": [ { "kind", "severity", "field": name | null } ] }
 *
 * msi_sync_preview_new_from_json() reads "limit", "people", "fields" and
 * "lastSync" and computes the rest again with this code, so that the
 * sentences are in the app's language; the other members are for other
 * readers of the API.
 */
G_DECLARE_FINAL_TYPE (MsiSyncPreview, msi_sync_preview, MSI, SYNC_PREVIEW, GObject)

/* @fields: MsiSyncField, all fields or only those in the sync (selected or
 * always synced; the others are ignored; a name given twice counts once);
 * @limit: limits.syncedFields; @last_sync (nullable: never synced): the
 * fields of the last completed sync. Neither array is kept; the fields in
 * the sync are copied. */
MsiSyncPreview *msi_sync_preview_new           (GPtrArray       *fields,
                                                guint            limit,
                                                GPtrArray       *last_sync);
/* %NULL with MSI_HTTP_ERROR_INVALID_RESPONSE and a translated message
 * naming the member when @node is not a preview as above. */
MsiSyncPreview *msi_sync_preview_new_from_json (JsonNode        *node,
                                                GError         **error);
JsonNode       *msi_sync_preview_to_json       (MsiSyncPreview  *self);

guint           msi_sync_preview_get_limit     (MsiSyncPreview  *self);
/* The fields counted toward the limit. */
guint           msi_sync_preview_get_selected_count (MsiSyncPreview *self);
gboolean        msi_sync_preview_get_first_sync (MsiSyncPreview *self);
/* The people the sync would carry (the service counts them); -1 unknown. */
gint64          msi_sync_preview_get_n_people  (MsiSyncPreview  *self);
void            msi_sync_preview_set_n_people  (MsiSyncPreview  *self,
                                                gint64           n_people);
/* The fields in the sync (copies), in entry order (GPtrArray of MsiSyncField). */
GPtrArray      *msi_sync_preview_get_fields    (MsiSyncPreview  *self);
/* NULL when never synced. */
GPtrArray      *msi_sync_preview_get_last_sync (MsiSyncPreview  *self);

/* Any blocking problem: *Start sync* stays insensitive. */
gboolean        msi_sync_preview_get_blocked   (MsiSyncPreview  *self);

guint           msi_sync_preview_get_n_entries (MsiSyncPreview  *self);
const MsiSyncPreviewEntry *msi_sync_preview_get_entry  (MsiSyncPreview *self,
                                                        guint           index);
/* By REST name, or NULL. */
const MsiSyncPreviewEntry *msi_sync_preview_find_entry (MsiSyncPreview *self,
                                                        const char     *name);

guint           msi_sync_preview_get_n_problems (MsiSyncPreview *self);
const MsiSyncProblem *msi_sync_preview_get_problem (MsiSyncPreview *self,
                                                    guint           index);
guint           msi_sync_preview_count_problems (MsiSyncPreview *self,
                                                 MsiSyncSeverity severity);

/* The field as it is now; for a REMOVED entry, as it was last synced. */
MsiSyncField     *msi_sync_preview_entry_get_field       (const MsiSyncPreviewEntry *entry);
/* The field at the last sync; NULL when added or never synced. */
MsiSyncField     *msi_sync_preview_entry_get_previous    (const MsiSyncPreviewEntry *entry);
/* NONE for a REMOVED entry and for one that cannot be synced (unavailable). */
MsiSyncConversion msi_sync_preview_entry_get_conversion  (const MsiSyncPreviewEntry *entry);
MsiSyncLoss       msi_sync_preview_entry_get_loss        (const MsiSyncPreviewEntry *entry);
/* Whether values longer than the target length are cut: the source's
 * effective length (its length, or its type's maximum) passes the
 * target's (its length, or its type's maximum), the target being text. */
gboolean          msi_sync_preview_entry_get_truncated   (const MsiSyncPreviewEntry *entry);
int               msi_sync_preview_entry_get_source_length (const MsiSyncPreviewEntry *entry);
int               msi_sync_preview_entry_get_target_length (const MsiSyncPreviewEntry *entry);
MsiSyncChange     msi_sync_preview_entry_get_changes     (const MsiSyncPreviewEntry *entry);
/* The highest severity of its notes. */
MsiSyncSeverity   msi_sync_preview_entry_get_severity    (const MsiSyncPreviewEntry *entry);
/* Translated sentences naming the field and the numbers, most severe
 * first, NULL-terminated; empty when there is nothing to say. */
const char * const *msi_sync_preview_entry_get_notes     (const MsiSyncPreviewEntry *entry);

MsiSyncProblemKind msi_sync_problem_get_kind             (const MsiSyncProblem *problem);
MsiSyncSeverity   msi_sync_problem_get_severity          (const MsiSyncProblem *problem);
/* The REST name of the field it is about; NULL for the plan's own. */
const char       *msi_sync_problem_get_field_name        (const MsiSyncProblem *problem);
/* A translated sentence, for an admin without documentation. */
const char       *msi_sync_problem_get_message           (const MsiSyncProblem *problem);

G_END_DECLS
