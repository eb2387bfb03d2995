/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-import-journal.c: the on-disk record of CSV imports, so that none is lost or doubled */

#define G_LOG_DOMAIN "msi-import-journal"

#include "config.h"

#include <errno.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "msi-import-journal.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

struct _MsiImportJournal
{
  GObject  parent_instance;

  GMutex   mutex;   /* held for every call that touches db */
  char    *path;
  sqlite3 *db;
};

G_DEFINE_FINAL_TYPE (MsiImportJournal, msi_import_journal, G_TYPE_OBJECT)

G_DEFINE_QUARK (msi-import-journal-error-quark, msi_import_journal_error)

/*
 * Schema
 *
 * migrations[N] upgrades a journal from schema version N to N + 1; the
 * version lives in PRAGMA user_version. To change the schema, append an
 * entry; never edit one that has shipped.
 *
 * Times are microseconds since 1970 (UTC). States are words, so that a
 * person reading the file with sqlite3 understands it.
 */
static const char * const migrations[] = {
  /* 0 → 1 */
  "CREATE TABLE imports ("
  "  id          INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  profile     TEXT NOT NULL,"
  "  file_name   TEXT NOT NULL,"
  "  started_at  INTEGER NOT NULL,"
  "  finished_at INTEGER,"
  "  state       TEXT NOT NULL DEFAULT 'running'"
  "              CHECK (state IN ('running', 'finished', 'cancelled')),"
  "  n_file_rows INTEGER NOT NULL CHECK (n_file_rows >= 0),"
  "  n_not_ready INTEGER NOT NULL CHECK (n_not_ready >= 0)"
  ");"
  "CREATE INDEX imports_profile ON imports (profile, state, id);"
  "CREATE TABLE import_teams ("
  "  import_id INTEGER NOT NULL REFERENCES imports (id) ON DELETE CASCADE,"
  "  position  INTEGER NOT NULL,"
  "  name      TEXT NOT NULL,"
  "  PRIMARY KEY (import_id, position)"
  ") WITHOUT ROWID;"
  "CREATE TABLE import_rows ("
  "  import_id  INTEGER NOT NULL REFERENCES imports (id) ON DELETE CASCADE,"
  "  line       INTEGER NOT NULL,"
  "  email      TEXT NOT NULL,"
  "  first_name TEXT,"
  "  last_name  TEXT,"
  "  team       TEXT,"
  "  title      TEXT,"
  "  state      TEXT NOT NULL DEFAULT 'pending'"
  "             CHECK (state IN ('pending', 'sent', 'invited', 'already-invited', 'failed')),"
  "  reason     TEXT,"
  "  changed_at INTEGER,"
  "  PRIMARY KEY (import_id, line)"
  ") WITHOUT ROWID;",
};

#define SCHEMA_VERSION ((int) G_N_ELEMENTS (migrations))

static const char * const import_states[] = {
  [MSI_IMPORT_RUNNING] = "running",
  [MSI_IMPORT_FINISHED] = "finished",
  [MSI_IMPORT_CANCELLED] = "cancelled",
};

static const char * const row_states[] = {
  [MSI_IMPORT_ROW_PENDING] = "pending",
  [MSI_IMPORT_ROW_SENT] = "sent",
  [MSI_IMPORT_ROW_INVITED] = "invited",
  [MSI_IMPORT_ROW_ALREADY_INVITED] = "already-invited",
  [MSI_IMPORT_ROW_FAILED] = "failed",
};

static int
state_from_text (const char * const *names,
                 guint               n_names,
                 const unsigned char *text)
{
  for (guint i = 0; text != NULL && i < n_names; i++)
    {
      if (g_strcmp0 (names[i], (const char *) text) == 0)
        return (int) i;
    }

  return 0;
}

/* Rows */

/**
 * msi_import_row_new:
 * @line: the row's line in the file
 * @email: its address
 * @first_name: (nullable): the first name
 * @last_name: (nullable): the last name
 * @team: (nullable): the team (%NULL: Everyone)
 * @title: (nullable): the job title
 *
 * Returns: (transfer full): a PENDING row
 */
MsiImportRow *
msi_import_row_new (guint       line,
                    const char *email,
                    const char *first_name,
                    const char *last_name,
                    const char *team,
                    const char *title)
{
  MsiImportRow *row = g_new0 (MsiImportRow, 1);

  row->line = line;
  row->email = g_strdup (email != NULL ? email : "");
  row->first_name = g_strdup (first_name);
  row->last_name = g_strdup (last_name);
  row->team = g_strdup (team);
  row->title = g_strdup (title);
  row->state = MSI_IMPORT_ROW_PENDING;

  return row;
}

MsiImportRow *
msi_import_row_copy (const MsiImportRow *row)
{
  MsiImportRow *copy;

  g_return_val_if_fail (row != NULL, NULL);

  copy = msi_import_row_new (row->line, row->email, row->first_name,
                             row->last_name, row->team, row->title);
  copy->state = row->state;
  copy->reason = g_strdup (row->reason);

  return copy;
}

void
msi_import_row_free (MsiImportRow *row)
{
  if (row == NULL)
    return;

  g_free (row->email);
  g_free (row->first_name);
  g_free (row->last_name);
  g_free (row->team);
  g_free (row->title);
  g_free (row->reason);
  g_free (row);
}

void
msi_import_summary_free (MsiImportSummary *summary)
{
  if (summary == NULL)
    return;

  g_free (summary->profile);
  g_free (summary->file_name);
  g_clear_pointer (&summary->started_at, g_date_time_unref);
  g_clear_pointer (&summary->finished_at, g_date_time_unref);
  g_strfreev (summary->teams);
  g_free (summary);
}

/* SQLite helpers; all are called with the mutex held. */

/* A translated sentence saying why SQLite failed with @code: for the
 * common cases a person can do something about, in plain words. */
static char *
explain_sqlite (int         code,
                const char *message,
                const char *path)
{
  switch (code & 0xff)
    {
    case SQLITE_FULL:
      return g_strdup (_("The disk is full."));
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
    case SQLITE_AUTH:
      return g_strdup_printf (_("The file “%s” or its folder cannot be written."), path);
    case SQLITE_IOERR:
      return g_strdup_printf (_("The disk reported an error while reading or writing “%s”."), path);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return g_strdup_printf (_("The file “%s” is damaged or is not an import journal."), path);
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return g_strdup_printf (_("Another program is using “%s”; try again in a moment."), path);
    default:
      /* TRANSLATORS: %s is SQLite's own message, in English */
      return g_strdup_printf (_("SQLite reported: %s."), message);
    }
}

/* @what is a translated sentence saying what could not be done. */
static gboolean
journal_sql_error (MsiImportJournal  *self,
                   const char        *what,
                   GError           **error)
{
  g_autofree char *why = explain_sqlite (sqlite3_extended_errcode (self->db),
                                         sqlite3_errmsg (self->db), self->path);

  g_set_error (error, MSI_IMPORT_JOURNAL_ERROR, MSI_IMPORT_JOURNAL_ERROR_FAILED,
               "%s %s", what, why);
  return FALSE;
}

/* Runs constant SQL (never SQL that holds data). */
static gboolean
journal_exec (MsiImportJournal  *self,
              const char        *sql,
              const char        *what,
              GError           **error)
{
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return journal_sql_error (self, what, error);

  return TRUE;
}

static sqlite3_stmt *
journal_prepare (MsiImportJournal  *self,
                 const char        *sql,
                 const char        *what,
                 GError           **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      journal_sql_error (self, what, error);
      return NULL;
    }

  return stmt;
}

/* Steps a statement that returns no rows, then resets it for reuse. */
static gboolean
journal_step_done (MsiImportJournal  *self,
                   sqlite3_stmt      *stmt,
                   const char        *what,
                   GError           **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE)
    {
      journal_sql_error (self, what, error);
      sqlite3_reset (stmt);
      return FALSE;
    }

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return TRUE;
}

static void
bind_text_or_null (sqlite3_stmt *stmt,
                   int           index,
                   const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, index);
}

static char *
column_dup_text (sqlite3_stmt *stmt,
                 int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

typedef gboolean (*JournalWriteFunc) (MsiImportJournal  *self,
                                      gpointer           data,
                                      GError           **error);

/* Runs @func in one transaction: all of it is written, or none of it. */
static gboolean
journal_transaction (MsiImportJournal  *self,
                     JournalWriteFunc   func,
                     gpointer           data,
                     GError           **error)
{
  if (!journal_exec (self, "BEGIN IMMEDIATE", _("The import journal could not start to write."), error))
    return FALSE;

  if (!func (self, data, error))
    {
      /* The error is what the write said; a failed rollback adds
       * nothing the person can act on (SQLite rolls back on its own when
       * it cannot). */
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }

  if (!journal_exec (self, "COMMIT", _("The changes could not be saved in the import journal."), error))
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }

  return TRUE;
}

static gboolean
set_not_found (MsiImportJournal  *self,
               gint64             id,
               GError           **error)
{
  g_set_error (error, MSI_IMPORT_JOURNAL_ERROR, MSI_IMPORT_JOURNAL_ERROR_NOT_FOUND,
               _("The import journal “%s” has no import number %lld."),
               self->path, (long long) id);
  return FALSE;
}

/* Whether the import exists (FALSE with @error set otherwise, or when
 * SQLite fails); its state in @state. */
static gboolean
lookup_import (MsiImportJournal  *self,
               gint64             id,
               MsiImportState    *state,
               GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = journal_prepare (self, "SELECT state FROM imports WHERE id = ?", _("The import could not be looked up in the import journal."), error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return set_not_found (self, id, error);
  if (rc != SQLITE_ROW)
    return journal_sql_error (self, _("The import could not be looked up in the import journal."), error);

  if (state != NULL)
    *state = state_from_text (import_states, G_N_ELEMENTS (import_states),
                              sqlite3_column_text (stmt, 0));

  return TRUE;
}

/* Opening */

static gboolean
read_user_version (MsiImportJournal  *self,
                   int               *version,
                   GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = journal_prepare (self, "PRAGMA user_version", _("The version of the import journal’s layout could not be read."), error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return journal_sql_error (self, _("The version of the import journal’s layout could not be read."), error);

  *version = sqlite3_column_int (stmt, 0);
  return TRUE;
}

static gboolean
migrate (MsiImportJournal  *self,
         gpointer           data,
         GError           **error)
{
  int version;
  g_autofree char *set_version = NULL;

  if (!read_user_version (self, &version, error))
    return FALSE;

  if (version > SCHEMA_VERSION || version < 0)
    {
      g_set_error (error, MSI_IMPORT_JOURNAL_ERROR, MSI_IMPORT_JOURNAL_ERROR_FAILED,
                   _("The import journal “%s” was written by a newer version of this app (layout %d; this one knows up to %d). Update the app to see and resume its imports."),
                   self->path, version, SCHEMA_VERSION);
      return FALSE;
    }

  if (version == SCHEMA_VERSION)
    return TRUE;

  for (int i = version; i < SCHEMA_VERSION; i++)
    {
      if (!journal_exec (self, migrations[i], _("The import journal could not be brought up to date."), error))
        return FALSE;
    }

  set_version = g_strdup_printf ("PRAGMA user_version = %d", SCHEMA_VERSION);
  return journal_exec (self, set_version, _("The import journal could not be brought up to date."), error);
}

static void
msi_import_journal_finalize (GObject *object)
{
  MsiImportJournal *self = MSI_IMPORT_JOURNAL (object);

  g_clear_pointer (&self->db, sqlite3_close);
  g_clear_pointer (&self->path, g_free);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (msi_import_journal_parent_class)->finalize (object);
}

static void
msi_import_journal_class_init (MsiImportJournalClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = msi_import_journal_finalize;
}

static void
msi_import_journal_init (MsiImportJournal *self)
{
  g_mutex_init (&self->mutex);
}

/**
 * msi_import_journal_open:
 * @path: (nullable): the journal's file; %NULL for
 *   $XDG_DATA_HOME/msi-actions-setup/imports.sqlite3
 * @error: where to say why it cannot be opened
 *
 * Opens the journal, creating it (and its folder, readable only by the
 * user) when it does not exist, and updating an older layout.
 *
 * Returns: (transfer full): the journal, or %NULL with @error set
 */
MsiImportJournal *
msi_import_journal_open (const char  *path,
                         GError     **error)
{
  g_autoptr(MsiImportJournal) self = g_object_new (MSI_TYPE_IMPORT_JOURNAL, NULL);
  g_autofree char *dir = NULL;
  int rc;

  if (path != NULL)
    self->path = g_strdup (path);
  else
    self->path = g_build_filename (g_get_user_data_dir (), "msi-actions-setup", "imports.sqlite3", NULL);

  dir = g_path_get_dirname (self->path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int errsv = errno;

      g_set_error (error, MSI_IMPORT_JOURNAL_ERROR, MSI_IMPORT_JOURNAL_ERROR_FAILED,
                   _("Could not create the folder “%s” for the import journal: %s."),
                   dir, g_strerror (errsv));
      return NULL;
    }

  rc = sqlite3_open_v2 (self->path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      g_autofree char *why = explain_sqlite (rc, self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc),
                                             self->path);

      g_set_error (error, MSI_IMPORT_JOURNAL_ERROR, MSI_IMPORT_JOURNAL_ERROR_FAILED,
                   "%s %s", _("The import journal could not be opened."), why);
      return NULL;
    }

  /* It may hold colleagues' names and addresses: for the user's eyes only. */
  if (g_chmod (self->path, 0600) != 0)
    {
      int errsv = errno;

      g_set_error (error, MSI_IMPORT_JOURNAL_ERROR, MSI_IMPORT_JOURNAL_ERROR_FAILED,
                   _("Could not make the import journal “%s” private: %s."),
                   self->path, g_strerror (errsv));
      return NULL;
    }

  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, 5000);

  /* What a call wrote is on the disk when it returns (WAL commits are
   * synced with synchronous = FULL). */
  if (!journal_exec (self, "PRAGMA journal_mode = WAL", _("The import journal could not be prepared for safe writing."), error) ||
      !journal_exec (self, "PRAGMA synchronous = FULL", _("The import journal could not be prepared for safe writing."), error) ||
      !journal_exec (self, "PRAGMA foreign_keys = ON", _("The import journal could not be prepared for safe writing."), error) ||
      !journal_transaction (self, migrate, NULL, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
msi_import_journal_get_path (MsiImportJournal *self)
{
  g_return_val_if_fail (MSI_IS_IMPORT_JOURNAL (self), NULL);

  return self->path;
}

/* Beginning */

typedef struct
{
  const char         *profile;
  const char         *file_name;
  guint               n_file_rows;
  guint               n_not_ready;
  const char * const *teams;
  GPtrArray          *rows;
  gint64              id;
} BeginData;

static gboolean
begin_write (MsiImportJournal  *self,
             gpointer           user_data,
             GError           **error)
{
  BeginData *data = user_data;
  g_autoptr(sqlite3_stmt) import = NULL;
  g_autoptr(sqlite3_stmt) team = NULL;
  g_autoptr(sqlite3_stmt) row = NULL;
  const char *what = _("The new import could not be recorded in the import journal.");

  import = journal_prepare (self,
                            "INSERT INTO imports (profile, file_name, started_at, state, n_file_rows, n_not_ready)"
                            " VALUES (?, ?, ?, 'running', ?, ?)",
                            what, error);
  if (import == NULL)
    return FALSE;

  sqlite3_bind_text (import, 1, data->profile, -1, SQLITE_STATIC);
  sqlite3_bind_text (import, 2, data->file_name, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (import, 3, g_get_real_time ());
  sqlite3_bind_int64 (import, 4, data->n_file_rows);
  sqlite3_bind_int64 (import, 5, data->n_not_ready);
  if (!journal_step_done (self, import, what, error))
    return FALSE;

  data->id = sqlite3_last_insert_rowid (self->db);

  team = journal_prepare (self, "INSERT INTO import_teams (import_id, position, name) VALUES (?, ?, ?)",
                          what, error);
  if (team == NULL)
    return FALSE;

  for (guint i = 0; data->teams != NULL && data->teams[i] != NULL; i++)
    {
      sqlite3_bind_int64 (team, 1, data->id);
      sqlite3_bind_int (team, 2, (int) i);
      sqlite3_bind_text (team, 3, data->teams[i], -1, SQLITE_STATIC);
      if (!journal_step_done (self, team, what, error))
        return FALSE;
    }

  row = journal_prepare (self,
                         "INSERT INTO import_rows (import_id, line, email, first_name, last_name, team, title, state)"
                         " VALUES (?, ?, ?, ?, ?, ?, ?, 'pending')",
                         what, error);
  if (row == NULL)
    return FALSE;

  for (guint i = 0; data->rows != NULL && i < data->rows->len; i++)
    {
      const MsiImportRow *r = g_ptr_array_index (data->rows, i);

      sqlite3_bind_int64 (row, 1, data->id);
      sqlite3_bind_int64 (row, 2, r->line);
      sqlite3_bind_text (row, 3, r->email != NULL ? r->email : "", -1, SQLITE_STATIC);
      bind_text_or_null (row, 4, r->first_name);
      bind_text_or_null (row, 5, r->last_name);
      bind_text_or_null (row, 6, r->team);
      bind_text_or_null (row, 7, r->title);

      if (sqlite3_step (row) != SQLITE_DONE)
        {
          if (sqlite3_extended_errcode (self->db) == SQLITE_CONSTRAINT_PRIMARYKEY)
            g_set_error (error, MSI_IMPORT_JOURNAL_ERROR, MSI_IMPORT_JOURNAL_ERROR_FAILED,
                         _("Could not record the new import in the import journal “%s”: line %u is planned twice."),
                         self->path, r->line);
          else
            journal_sql_error (self, what, error);
          return FALSE;
        }
      sqlite3_reset (row);
      sqlite3_clear_bindings (row);
    }

  return TRUE;
}

/**
 * msi_import_journal_begin:
 * @self: the journal
 * @profile: the Sales account profile the import is for
 * @file_name: the file's display name
 * @n_file_rows: data rows in the file
 * @n_not_ready: rows the plan does not send
 * @teams: (nullable) (array zero-terminated=1): teams the import creates
 * @rows: (element-type MsiImportRow): the rows to invite, each line once;
 *   their state and reason are ignored (all start PENDING)
 * @error: where to say what went wrong
 *
 * Returns: the new import's id (> 0), or 0 with @error set; then nothing
 *   of it was written
 */
gint64
msi_import_journal_begin (MsiImportJournal    *self,
                          const char          *profile,
                          const char          *file_name,
                          guint                n_file_rows,
                          guint                n_not_ready,
                          const char * const  *teams,
                          GPtrArray           *rows,
                          GError             **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  BeginData data = { profile, file_name, n_file_rows, n_not_ready, teams, rows, 0 };

  g_return_val_if_fail (MSI_IS_IMPORT_JOURNAL (self), 0);
  g_return_val_if_fail (profile != NULL, 0);
  g_return_val_if_fail (file_name != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  locker = g_mutex_locker_new (&self->mutex);
  if (!journal_transaction (self, begin_write, &data, error))
    return 0;

  return data.id;
}

/* Marking rows sent */

typedef struct
{
  gint64       id;
  const guint *lines;
  guint        n_lines;
} MarkSentData;

static gboolean
mark_sent_write (MsiImportJournal  *self,
                 gpointer           user_data,
                 GError           **error)
{
  MarkSentData *data = user_data;
  g_autoptr(sqlite3_stmt) update = NULL;
  g_autoptr(sqlite3_stmt) exists = NULL;
  const char *what = _("The invitations about to be sent could not be noted in the import journal.");
  gint64 now = g_get_real_time ();

  if (!lookup_import (self, data->id, NULL, error))
    return FALSE;

  /* A settled row stays settled: sending it again changes nothing the
   * journal knows. */
  update = journal_prepare (self,
                            "UPDATE import_rows SET state = 'sent', changed_at = ?"
                            " WHERE import_id = ? AND line = ? AND state IN ('pending', 'sent')",
                            what, error);
  exists = journal_prepare (self, "SELECT 1 FROM import_rows WHERE import_id = ? AND line = ?",
                            what, error);
  if (update == NULL || exists == NULL)
    return FALSE;

  for (guint i = 0; i < data->n_lines; i++)
    {
      sqlite3_bind_int64 (update, 1, now);
      sqlite3_bind_int64 (update, 2, data->id);
      sqlite3_bind_int64 (update, 3, data->lines[i]);
      if (!journal_step_done (self, update, what, error))
        return FALSE;

      if (sqlite3_changes (self->db) == 0)
        {
          int rc;

          sqlite3_bind_int64 (exists, 1, data->id);
          sqlite3_bind_int64 (exists, 2, data->lines[i]);
          rc = sqlite3_step (exists);
          sqlite3_reset (exists);
          if (rc == SQLITE_DONE)
            {
              g_set_error (error, MSI_IMPORT_JOURNAL_ERROR, MSI_IMPORT_JOURNAL_ERROR_NOT_FOUND,
                           _("Import %lld in the import journal “%s” has no line %u to send."),
                           (long long) data->id, self->path, data->lines[i]);
              return FALSE;
            }
          if (rc != SQLITE_ROW)
            return journal_sql_error (self, what, error);
        }
    }

  return TRUE;
}

/**
 * msi_import_journal_mark_sent:
 * @self: the journal
 * @id: the import
 * @lines: (array length=n_lines): the lines about to be sent
 * @n_lines: how many
 * @error: where to say what went wrong
 *
 * Marks the rows SENT, to be called before their request leaves. Rows
 * already settled keep their outcome. A line the import does not have is
 * %MSI_IMPORT_JOURNAL_ERROR_NOT_FOUND, and then no row was marked.
 *
 * Returns: whether the rows are marked
 */
gboolean
msi_import_journal_mark_sent (MsiImportJournal  *self,
                              gint64             id,
                              const guint       *lines,
                              guint              n_lines,
                              GError           **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  MarkSentData data = { id, lines, n_lines };

  g_return_val_if_fail (MSI_IS_IMPORT_JOURNAL (self), FALSE);
  g_return_val_if_fail (lines != NULL || n_lines == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_mutex_locker_new (&self->mutex);
  return journal_transaction (self, mark_sent_write, &data, error);
}

/* Recording outcomes */

typedef struct
{
  gint64     id;
  GPtrArray *outcomes;
} RecordData;

static gboolean
record_write (MsiImportJournal  *self,
              gpointer           user_data,
              GError           **error)
{
  RecordData *data = user_data;
  g_autoptr(sqlite3_stmt) update = NULL;
  const char *what = _("The outcome of the invitations could not be recorded in the import journal.");
  gint64 now = g_get_real_time ();

  if (!lookup_import (self, data->id, NULL, error))
    return FALSE;

  update = journal_prepare (self,
                            "UPDATE import_rows SET state = ?, reason = ?, changed_at = ?"
                            " WHERE import_id = ? AND line = ?",
                            what, error);
  if (update == NULL)
    return FALSE;

  for (guint i = 0; i < data->outcomes->len; i++)
    {
      const MsiImportRow *outcome = g_ptr_array_index (data->outcomes, i);

      if ((guint) outcome->state >= G_N_ELEMENTS (row_states))
        {
          g_set_error (error, MSI_IMPORT_JOURNAL_ERROR, MSI_IMPORT_JOURNAL_ERROR_FAILED,
                       _("Could not record the outcome of line %u in the import journal “%s”: the outcome is not one the journal knows."),
                       outcome->line, self->path);
          return FALSE;
        }

      sqlite3_bind_text (update, 1, row_states[outcome->state], -1, SQLITE_STATIC);
      bind_text_or_null (update, 2, outcome->reason);
      sqlite3_bind_int64 (update, 3, now);
      sqlite3_bind_int64 (update, 4, data->id);
      sqlite3_bind_int64 (update, 5, outcome->line);
      if (!journal_step_done (self, update, what, error))
        return FALSE;

      if (sqlite3_changes (self->db) == 0)
        {
          g_set_error (error, MSI_IMPORT_JOURNAL_ERROR, MSI_IMPORT_JOURNAL_ERROR_NOT_FOUND,
                       _("Import %lld in the import journal “%s” has no line %u to record."),
                       (long long) data->id, self->path, outcome->line);
          return FALSE;
        }
    }

  return TRUE;
}

/**
 * msi_import_journal_record:
 * @self: the journal
 * @id: the import
 * @outcomes: (element-type MsiImportRow): line, state and reason of rows
 * @error: where to say what went wrong
 *
 * Records the outcomes in one transaction: all or none of them. A line
 * the import does not have is %MSI_IMPORT_JOURNAL_ERROR_NOT_FOUND.
 *
 * Returns: whether they are recorded
 */
gboolean
msi_import_journal_record (MsiImportJournal  *self,
                           gint64             id,
                           GPtrArray         *outcomes,
                           GError           **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  RecordData data = { id, outcomes };

  g_return_val_if_fail (MSI_IS_IMPORT_JOURNAL (self), FALSE);
  g_return_val_if_fail (outcomes != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_mutex_locker_new (&self->mutex);
  return journal_transaction (self, record_write, &data, error);
}

/* The state of an import */

typedef struct
{
  gint64         id;
  MsiImportState state;
} SetStateData;

static gboolean
set_state_write (MsiImportJournal  *self,
                 gpointer           user_data,
                 GError           **error)
{
  SetStateData *data = user_data;
  g_autoptr(sqlite3_stmt) update = NULL;
  const char *what = _("The state of the import could not be changed in the import journal.");

  if (!lookup_import (self, data->id, NULL, error))
    return FALSE;

  if (data->state == MSI_IMPORT_FINISHED)
    {
      g_autoptr(sqlite3_stmt) count = NULL;
      guint n_unsettled;

      count = journal_prepare (self,
                               "SELECT count(*) FROM import_rows"
                               " WHERE import_id = ? AND state IN ('pending', 'sent')",
                               what, error);
      if (count == NULL)
        return FALSE;

      sqlite3_bind_int64 (count, 1, data->id);
      if (sqlite3_step (count) != SQLITE_ROW)
        return journal_sql_error (self, what, error);

      n_unsettled = (guint) sqlite3_column_int64 (count, 0);
      if (n_unsettled > 0)
        {
          g_set_error (error, MSI_IMPORT_JOURNAL_ERROR, MSI_IMPORT_JOURNAL_ERROR_FAILED,
                       g_dngettext (GETTEXT_PACKAGE,
                                    "Import %lld cannot be finished: %u row has no outcome yet.",
                                    "Import %lld cannot be finished: %u rows have no outcome yet.",
                                    n_unsettled),
                       (long long) data->id, n_unsettled);
          return FALSE;
        }
    }

  update = journal_prepare (self, "UPDATE imports SET state = ?, finished_at = ? WHERE id = ?",
                            what, error);
  if (update == NULL)
    return FALSE;

  sqlite3_bind_text (update, 1, import_states[data->state], -1, SQLITE_STATIC);
  if (data->state == MSI_IMPORT_RUNNING)
    sqlite3_bind_null (update, 2);
  else
    sqlite3_bind_int64 (update, 2, g_get_real_time ());
  sqlite3_bind_int64 (update, 3, data->id);

  return journal_step_done (self, update, what, error);
}

/**
 * msi_import_journal_set_state:
 * @self: the journal
 * @id: the import
 * @state: RUNNING (resumed), FINISHED or CANCELLED
 * @error: where to say what went wrong
 *
 * FINISHED is refused while a row is PENDING or SENT. Finishing or
 * cancelling sets the import's finished_at; resuming clears it.
 *
 * Returns: whether the state was changed
 */
gboolean
msi_import_journal_set_state (MsiImportJournal  *self,
                              gint64             id,
                              MsiImportState     state,
                              GError           **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  SetStateData data = { id, state };

  g_return_val_if_fail (MSI_IS_IMPORT_JOURNAL (self), FALSE);
  g_return_val_if_fail ((guint) state < G_N_ELEMENTS (import_states), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_mutex_locker_new (&self->mutex);
  return journal_transaction (self, set_state_write, &data, error);
}

/* Reading */

/**
 * msi_import_journal_dup_rows:
 * @self: the journal
 * @id: the import
 * @error: where to say what went wrong
 *
 * Returns: (transfer full) (element-type MsiImportRow): the import's rows
 *   in line order, or %NULL with @error set
 */
GPtrArray *
msi_import_journal_dup_rows (MsiImportJournal  *self,
                             gint64             id,
                             GError           **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  const char *what = _("The rows of the import could not be read from the import journal.");
  int rc;

  g_return_val_if_fail (MSI_IS_IMPORT_JOURNAL (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_mutex_locker_new (&self->mutex);

  if (!lookup_import (self, id, NULL, error))
    return NULL;

  stmt = journal_prepare (self,
                          "SELECT line, email, first_name, last_name, team, title, state, reason"
                          " FROM import_rows WHERE import_id = ? ORDER BY line",
                          what, error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) msi_import_row_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      MsiImportRow *row = g_new0 (MsiImportRow, 1);

      row->line = (guint) sqlite3_column_int64 (stmt, 0);
      row->email = column_dup_text (stmt, 1);
      row->first_name = column_dup_text (stmt, 2);
      row->last_name = column_dup_text (stmt, 3);
      row->team = column_dup_text (stmt, 4);
      row->title = column_dup_text (stmt, 5);
      row->state = state_from_text (row_states, G_N_ELEMENTS (row_states),
                                    sqlite3_column_text (stmt, 6));
      row->reason = column_dup_text (stmt, 7);
      g_ptr_array_add (rows, row);
    }

  if (rc != SQLITE_DONE)
    {
      journal_sql_error (self, what, error);
      return NULL;
    }

  return g_steal_pointer (&rows);
}

static GDateTime *
date_time_from_usec (gint64 usec)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);

  if (utc == NULL)
    return NULL;

  return g_date_time_add (utc, usec % G_USEC_PER_SEC);
}

/* The summary columns, for summary_from_row(). */
#define SUMMARY_SELECT \
  "SELECT i.id, i.profile, i.file_name, i.started_at, i.finished_at, i.state," \
  " i.n_file_rows, i.n_not_ready," \
  " (SELECT count(*) FROM import_rows r WHERE r.import_id = i.id)," \
  " (SELECT count(*) FROM import_rows r WHERE r.import_id = i.id AND r.state = 'invited')," \
  " (SELECT count(*) FROM import_rows r WHERE r.import_id = i.id AND r.state = 'already-invited')," \
  " (SELECT count(*) FROM import_rows r WHERE r.import_id = i.id AND r.state = 'failed')," \
  " (SELECT group_concat (name, char (31)) FROM" \
  "   (SELECT name FROM import_teams t WHERE t.import_id = i.id ORDER BY position))" \
  " FROM imports i"

static MsiImportSummary *
summary_from_row (sqlite3_stmt *stmt)
{
  MsiImportSummary *summary = g_new0 (MsiImportSummary, 1);
  const char *teams = (const char *) sqlite3_column_text (stmt, 12);

  summary->id = sqlite3_column_int64 (stmt, 0);
  summary->profile = column_dup_text (stmt, 1);
  summary->file_name = column_dup_text (stmt, 2);
  summary->started_at = date_time_from_usec (sqlite3_column_int64 (stmt, 3));
  if (sqlite3_column_type (stmt, 4) != SQLITE_NULL)
    summary->finished_at = date_time_from_usec (sqlite3_column_int64 (stmt, 4));
  summary->state = state_from_text (import_states, G_N_ELEMENTS (import_states),
                                    sqlite3_column_text (stmt, 5));
  summary->n_file_rows = (guint) sqlite3_column_int64 (stmt, 6);
  summary->n_not_ready = (guint) sqlite3_column_int64 (stmt, 7);
  summary->n_rows = (guint) sqlite3_column_int64 (stmt, 8);
  summary->n_invited = (guint) sqlite3_column_int64 (stmt, 9);
  summary->n_already_invited = (guint) sqlite3_column_int64 (stmt, 10);
  summary->n_failed = (guint) sqlite3_column_int64 (stmt, 11);
  summary->n_unsettled = summary->n_rows - summary->n_invited
                         - summary->n_already_invited - summary->n_failed;
  /* Unit separator: a character no team name holds. */
  summary->teams = teams != NULL ? g_strsplit (teams, "\x1f", -1) : g_new0 (char *, 1);

  return summary;
}

/**
 * msi_import_journal_dup_summary:
 * @self: the journal
 * @id: the import
 * @error: where to say what went wrong
 *
 * Returns: (transfer full): the import's summary, or %NULL with @error set
 */
MsiImportSummary *
msi_import_journal_dup_summary (MsiImportJournal  *self,
                                gint64             id,
                                GError           **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *what = _("The summary of the import could not be read from the import journal.");
  int rc;

  g_return_val_if_fail (MSI_IS_IMPORT_JOURNAL (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_mutex_locker_new (&self->mutex);

  stmt = journal_prepare (self, SUMMARY_SELECT " WHERE i.id = ?", what, error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      set_not_found (self, id, error);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      journal_sql_error (self, what, error);
      return NULL;
    }

  return summary_from_row (stmt);
}

/**
 * msi_import_journal_list:
 * @self: the journal
 * @profile: (nullable): the profile whose imports to list; %NULL for all
 * @error: where to say what went wrong
 *
 * Returns: (transfer full) (element-type MsiImportSummary): the imports,
 *   newest first, or %NULL with @error set
 */
GPtrArray *
msi_import_journal_list (MsiImportJournal  *self,
                         const char        *profile,
                         GError           **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) list = NULL;
  const char *what = _("The past imports could not be read from the import journal.");
  int rc;

  g_return_val_if_fail (MSI_IS_IMPORT_JOURNAL (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_mutex_locker_new (&self->mutex);

  stmt = journal_prepare (self,
                          SUMMARY_SELECT " WHERE ?1 IS NULL OR i.profile = ?1"
                          " ORDER BY i.started_at DESC, i.id DESC",
                          what, error);
  if (stmt == NULL)
    return NULL;

  bind_text_or_null (stmt, 1, profile);
  list = g_ptr_array_new_with_free_func ((GDestroyNotify) msi_import_summary_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, summary_from_row (stmt));

  if (rc != SQLITE_DONE)
    {
      journal_sql_error (self, what, error);
      return NULL;
    }

  return g_steal_pointer (&list);
}

/**
 * msi_import_journal_find_interrupted:
 * @self: the journal
 * @profile: the profile
 * @error: where to say what went wrong
 *
 * Returns: the newest RUNNING import of @profile, or 0 (with @error set
 *   when the journal could not be read)
 */
gint64
msi_import_journal_find_interrupted (MsiImportJournal  *self,
                                     const char        *profile,
                                     GError           **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *what = _("The import journal could not be searched for an interrupted import.");
  int rc;

  g_return_val_if_fail (MSI_IS_IMPORT_JOURNAL (self), 0);
  g_return_val_if_fail (profile != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  locker = g_mutex_locker_new (&self->mutex);

  stmt = journal_prepare (self,
                          "SELECT id FROM imports WHERE profile = ? AND state = 'running'"
                          " ORDER BY id DESC LIMIT 1",
                          what, error);
  if (stmt == NULL)
    return 0;

  sqlite3_bind_text (stmt, 1, profile, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);
  if (rc != SQLITE_DONE)
    journal_sql_error (self, what, error);

  return 0;
}

/* Forgetting */

static gboolean
delete_write (MsiImportJournal  *self,
              gpointer           user_data,
              GError           **error)
{
  gint64 id = *(gint64 *) user_data;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  MsiImportState state;
  const char *what = _("The import could not be removed from the import journal.");

  if (!lookup_import (self, id, &state, error))
    return FALSE;

  if (state == MSI_IMPORT_RUNNING)
    {
      g_set_error (error, MSI_IMPORT_JOURNAL_ERROR, MSI_IMPORT_JOURNAL_ERROR_FAILED,
                   _("Import %lld cannot be forgotten while it is running: finish or cancel it first."),
                   (long long) id);
      return FALSE;
    }

  /* Its rows and teams go with it (ON DELETE CASCADE). */
  stmt = journal_prepare (self, "DELETE FROM imports WHERE id = ?", what, error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  return journal_step_done (self, stmt, what, error);
}

/**
 * msi_import_journal_delete:
 * @self: the journal
 * @id: an import that is FINISHED or CANCELLED
 * @error: where to say what went wrong
 *
 * Forgets the import and its rows.
 *
 * Returns: whether it is gone
 */
gboolean
msi_import_journal_delete (MsiImportJournal  *self,
                           gint64             id,
                           GError           **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (MSI_IS_IMPORT_JOURNAL (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_mutex_locker_new (&self->mutex);
  return journal_transaction (self, delete_write, &id, error);
}
