/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-import-journal.h: the on-disk record of CSV imports, so that none is lost or doubled */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A SQLite database in the app's data directory
 * ($XDG_DATA_HOME/msi-actions-setup/imports.sqlite3), in WAL mode with
 * synchronous=FULL: what a call wrote survives a crash the moment the call
 * returns. Every method blocks on disk: call them from a worker thread.
 * One journal may be used from several threads (calls are serialised). */

#define MSI_IMPORT_JOURNAL_ERROR (msi_import_journal_error_quark ())

typedef enum
{
  MSI_IMPORT_JOURNAL_ERROR_FAILED,     /* SQLite said no (message says what and where) */
  MSI_IMPORT_JOURNAL_ERROR_NOT_FOUND,  /* no such import */
} MsiImportJournalError;

typedef enum
{
  MSI_IMPORT_RUNNING,      /* started, not finished: resumable (after a crash too) */
  MSI_IMPORT_FINISHED,     /* every row settled */
  MSI_IMPORT_CANCELLED,    /* stopped by the admin; the unsettled rows stay unsettled, resumable */
} MsiImportState;

typedef enum
{
  MSI_IMPORT_ROW_PENDING,          /* never sent */
  MSI_IMPORT_ROW_SENT,             /* sent, reply not recorded: may or may not have been applied */
  MSI_IMPORT_ROW_INVITED,
  MSI_IMPORT_ROW_ALREADY_INVITED,  /* 409 uniqueness on the first send */
  MSI_IMPORT_ROW_FAILED,           /* refused for good (reason recorded) */
} MsiImportRowState;

/* One row to invite, as planned. */
typedef struct
{
  guint              line;         /* in the file */
  char              *email;
  char              *first_name;   /* nullable */
  char              *last_name;    /* nullable */
  char              *team;         /* nullable: Everyone */
  char              *title;        /* nullable */
  MsiImportRowState  state;
  char              *reason;       /* for FAILED: the service's words, translated where known */
} MsiImportRow;

MsiImportRow *msi_import_row_new  (guint       line,
                                   const char *email,
                                   const char *first_name,
                                   const char *last_name,
                                   const char *team,
                                   const char *title);
MsiImportRow *msi_import_row_copy (const MsiImportRow *row);
void          msi_import_row_free (MsiImportRow *row);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsiImportRow, msi_import_row_free)

/* One import, for the history. */
typedef struct
{
  gint64          id;
  char           *profile;
  char           *file_name;       /* display name of the file */
  GDateTime      *started_at;
  GDateTime      *finished_at;     /* nullable */
  MsiImportState  state;
  guint           n_file_rows;     /* data rows in the file */
  guint           n_not_ready;     /* rows the plan did not send (problems) */
  guint           n_rows;          /* rows planned to invite */
  guint           n_invited;
  guint           n_already_invited;
  guint           n_failed;
  guint           n_unsettled;     /* PENDING + SENT */
  GStrv           teams;           /* teams the import creates */
} MsiImportSummary;

void              msi_import_summary_free (MsiImportSummary *summary);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsiImportSummary, msi_import_summary_free)

#define MSI_TYPE_IMPORT_JOURNAL (msi_import_journal_get_type ())

G_DECLARE_FINAL_TYPE (MsiImportJournal, msi_import_journal, MSI, IMPORT_JOURNAL, GObject)

GQuark            msi_import_journal_error_quark (void);

/* @path NULL: the default file. Creates or migrates the schema. */
MsiImportJournal *msi_import_journal_open         (const char        *path,
                                                   GError           **error);
const char       *msi_import_journal_get_path     (MsiImportJournal  *self);

/* Records a new import and all its rows (PENDING) in one transaction;
 * returns its id (> 0), or 0 with @error set. */
gint64            msi_import_journal_begin        (MsiImportJournal  *self,
                                                   const char        *profile,
                                                   const char        *file_name,
                                                   guint              n_file_rows,
                                                   guint              n_not_ready,
                                                   const char * const *teams,
                                                   GPtrArray         *rows,
                                                   GError           **error);
/* Marks rows (by line) SENT before their request leaves. */
gboolean          msi_import_journal_mark_sent    (MsiImportJournal  *self,
                                                   gint64             id,
                                                   const guint       *lines,
                                                   guint              n_lines,
                                                   GError           **error);
/* Records outcomes (MsiImportRow: line, state, reason) in one transaction. */
gboolean          msi_import_journal_record       (MsiImportJournal  *self,
                                                   gint64             id,
                                                   GPtrArray         *outcomes,
                                                   GError           **error);
gboolean          msi_import_journal_set_state    (MsiImportJournal  *self,
                                                   gint64             id,
                                                   MsiImportState     state,
                                                   GError           **error);
/* All rows of an import with their states, in line order. */
GPtrArray        *msi_import_journal_dup_rows     (MsiImportJournal  *self,
                                                   gint64             id,
                                                   GError           **error);
MsiImportSummary *msi_import_journal_dup_summary  (MsiImportJournal  *self,
                                                   gint64             id,
                                                   GError           **error);
/* The imports of @profile, newest first (MsiImportSummary). */
GPtrArray        *msi_import_journal_list         (MsiImportJournal  *self,
                                                   const char        *profile,
                                                   GError           **error);
/* The newest RUNNING import of @profile (one a crash interrupted), or 0. */
gint64            msi_import_journal_find_interrupted (MsiImportJournal *self,
                                                       const char       *profile,
                                                       GError          **error);
/* Forgets an import that is not RUNNING. */
gboolean          msi_import_journal_delete       (MsiImportJournal  *self,
                                                   gint64             id,
                                                   GError           **error);

G_END_DECLS
