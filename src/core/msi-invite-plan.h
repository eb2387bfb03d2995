/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-invite-plan.h: reading an invitation CSV and deciding, row by row, what inviting it would do */

#pragma once

#include <stdio.h>

#include <gio/gio.h>

#include "msi-csv-reader.h"
#include "msi-invite-directory.h"
#include "msi-invite-row.h"

G_BEGIN_DECLS

typedef enum
{
  MSI_INVITE_PLAN_FILTER_ALL,
  MSI_INVITE_PLAN_FILTER_PROBLEMS,
  MSI_INVITE_PLAN_FILTER_READY,
} MsiInvitePlanFilter;

#define MSI_TYPE_INVITE_PLAN (msi_invite_plan_get_type ())

/* A GListModel of MsiInviteRow: the rows that pass the filter, in file
 * order. Rows are kept compactly (status and detail per row, the text in
 * the mapped file) and MsiInviteRow items are made when asked for, so a
 * million-row file costs a few bytes per row. Properties (notify on the
 * main context): "loading", "n-rows", "n-ready", "n-problems", "filter",
 * "create-teams". */
G_DECLARE_FINAL_TYPE (MsiInvitePlan, msi_invite_plan, MSI, INVITE_PLAN, GObject)

/* @directory (nullable): what the account holds; without it only the file
 * itself is checked (addresses, required fields, duplicates), as
 * `--check-csv` does. */
MsiInvitePlan      *msi_invite_plan_new                (MsiInviteDirectory  *directory);
MsiInviteDirectory *msi_invite_plan_get_directory      (MsiInvitePlan       *self);

/* Opens and reads @path in a worker thread, planning each row as it is
 * read; rows appear in the model in batches (the first batch as soon as
 * it is read, then at most every 50 ms) while "loading" is TRUE. */
void                msi_invite_plan_load_async         (MsiInvitePlan       *self,
                                                        const char          *path,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
gboolean            msi_invite_plan_load_finish        (MsiInvitePlan       *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);
/* The same on the calling thread, without model signals until the end
 * (the command line and the benchmark). */
gboolean            msi_invite_plan_load               (MsiInvitePlan       *self,
                                                        const char          *path,
                                                        GCancellable        *cancellable,
                                                        GError             **error);
/* Plans text in memory (tests). */
gboolean            msi_invite_plan_load_bytes         (MsiInvitePlan       *self,
                                                        GBytes              *bytes,
                                                        GCancellable        *cancellable,
                                                        GError             **error);

/* NULL before loading. */
MsiCsvReader       *msi_invite_plan_get_reader         (MsiInvitePlan       *self);
gboolean            msi_invite_plan_get_loading        (MsiInvitePlan       *self);

/* Column mapping: guessed from the header (or, without one, from the
 * values: the column of addresses is found), editable. Changing it plans
 * all rows again (in a worker thread for large files; "loading" meanwhile). */
MsiInviteField      msi_invite_plan_get_mapping        (MsiInvitePlan       *self,
                                                        guint                column);
void                msi_invite_plan_set_mapping        (MsiInvitePlan       *self,
                                                        guint                column,
                                                        MsiInviteField       field);
/* The column mapped to @field, or -1. */
int                 msi_invite_plan_get_column         (MsiInvitePlan       *self,
                                                        MsiInviteField       field);
/* Header names (or "Column 3") of columns mapped to nothing. */
GStrv               msi_invite_plan_dup_unmapped_columns (MsiInvitePlan     *self);
/* A translated sentence when the mapping cannot work ("No column is
 * mapped to E-mail"), else NULL: then nothing is ready. */
const char         *msi_invite_plan_get_mapping_problem (MsiInvitePlan      *self);

/* Teams named in the file that the account lacks (as first written). */
GStrv               msi_invite_plan_dup_unknown_teams  (MsiInvitePlan       *self);
/* Plan to create the unknown teams: their rows become ready when all of
 * them fit within the team limit; otherwise they are TEAM_LIMIT. */
void                msi_invite_plan_set_create_teams   (MsiInvitePlan       *self,
                                                        gboolean             create_teams);
gboolean            msi_invite_plan_get_create_teams   (MsiInvitePlan       *self);

void                msi_invite_plan_set_filter         (MsiInvitePlan       *self,
                                                        MsiInvitePlanFilter  filter);
MsiInvitePlanFilter msi_invite_plan_get_filter         (MsiInvitePlan       *self);

/* Counts over all rows read so far, whatever the filter. */
guint               msi_invite_plan_get_n_rows         (MsiInvitePlan       *self);
guint               msi_invite_plan_get_n_ready        (MsiInvitePlan       *self);
guint               msi_invite_plan_get_n_problems     (MsiInvitePlan       *self);
guint               msi_invite_plan_count_status       (MsiInvitePlan       *self,
                                                        MsiInviteStatus      status);
/* Any row by its 0-based data row, whatever the filter. */
MsiInviteRow       *msi_invite_plan_dup_row            (MsiInvitePlan       *self,
                                                        guint                row);
/* The ready rows, in file order (what *Invite* sends). */
GPtrArray          *msi_invite_plan_dup_ready_rows     (MsiInvitePlan       *self);

/* Writes a CSV of the rows not invited: the file's columns, then "Line"
 * and "Reason"; @failures (nullable) maps a line (GUINT_TO_POINTER) to the
 * reason an import gave for a ready row it could not invite. Cells are
 * neutralised (msi-csv-writer.h). Written with g_file_replace: never half
 * a file. Worker thread. */
void                msi_invite_plan_export_problems_async  (MsiInvitePlan       *self,
                                                            GFile               *file,
                                                            GHashTable          *failures,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
gboolean            msi_invite_plan_export_problems_finish (MsiInvitePlan       *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);

/* `msi-actions-setup --check-csv FILE [--json]`: plans @path without a
 * directory and prints the mapping, each row's status and reason, and the
 * counts, to @out (a readable table, or JSON); errors go to @err. Returns
 * the exit status: 0 all rows ready, 1 some are not, 2 the file cannot be
 * read. */
int                 msi_invite_plan_check_file         (const char          *path,
                                                        gboolean             json,
                                                        FILE                *out,
                                                        FILE                *err);

G_END_DECLS
