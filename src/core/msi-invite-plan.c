/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-invite-plan.c: reading an invitation CSV and deciding, row by row, what inviting it would do */

#define G_LOG_DOMAIN "msi-invite-plan"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gio/gio.h>
#include <string.h>

#include "msi-csv-writer.h"
#include "msi-email-address.h"
#include "msi-invite-plan.h"
#include "msi-invite-row-private.h"

/* Rows read before the mapping is guessed from the values (files without
 * a header) and before the first rows are shown. */
#define GUESS_ROWS 100
#define FIRST_BATCH 100
/* Later rows are shown at most this often (µs). */
#define BATCH_INTERVAL (50 * G_TIME_SPAN_MILLISECOND)
#define TIME_CHECK_EVERY 1024
/* Changing the mapping of more rows than this plans them again in a
 * worker thread. */
#define SYNC_REPLAN_ROWS 20000

/* Per-row storage: blocks that never move, written by the planning
 * thread below the published count only. */
#define STORE_SHIFT 16
#define STORE_ROWS (1u << STORE_SHIFT)
#define STORE_BLOCKS (MSI_CSV_MAX_ROWS / STORE_ROWS)

/* The detail of MISSING_FIELD when no column is mapped to e-mail. */
#define DETAIL_NO_COLUMN 1

typedef struct
{
  guint8  base[STORE_ROWS];           /* what the file and directory say */
  guint8  status[STORE_ROWS];         /* with the seat and team limits (main thread) */
  guint32 detail[STORE_ROWS];         /* MsiEmailProblem, line of the first occurrence… */
} StoreBlock;

/* One planning of the file's rows: the initial load makes one, every
 * change of mapping another. */
typedef struct
{
  StoreBlock   *blocks[STORE_BLOCKS];
  MsiCsvReader *reader;
  int           columns[MSI_INVITE_N_FIELDS];  /* the mapping used */
  gboolean      mapping_guessed;

  GMutex        lock;
  guint         published;            /* rows the main thread may look at */
  guint         published_teams;      /* unknown teams found in them */
  gboolean      idle_pending;
  GPtrArray    *unknown_teams;        /* names as first written */
  GHashTable   *unknown_index;        /* the same names, any case */
} Store;

static void
store_clear (Store *store)
{
  for (guint i = 0; i < STORE_BLOCKS && store->blocks[i] != NULL; i++)
    g_free (store->blocks[i]);
  g_clear_object (&store->reader);
  g_mutex_clear (&store->lock);
  g_hash_table_unref (store->unknown_index);
  g_ptr_array_unref (store->unknown_teams);
}

static Store *
store_new (MsiCsvReader *reader)
{
  Store *store = g_atomic_rc_box_new0 (Store);

  g_mutex_init (&store->lock);
  store->reader = reader != NULL ? g_object_ref (reader) : NULL;
  store->unknown_teams = g_ptr_array_new_with_free_func (g_free);
  store->unknown_index = g_hash_table_new (msi_email_hash, msi_email_equal);
  for (guint f = 0; f < MSI_INVITE_N_FIELDS; f++)
    store->columns[f] = -1;
  return store;
}

static Store *
store_ref (Store *store)
{
  return g_atomic_rc_box_acquire (store);
}

static void
store_unref (Store *store)
{
  g_atomic_rc_box_release_full (store, (GDestroyNotify) store_clear);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Store, store_unref)

static inline StoreBlock *
store_block (Store *store,
             guint  row)
{
  StoreBlock *block = store->blocks[row >> STORE_SHIFT];

  if (G_UNLIKELY (block == NULL))
    store->blocks[row >> STORE_SHIFT] = block = g_new (StoreBlock, 1);
  return block;
}

static inline guint8
store_base (const Store *store,
            guint        row)
{
  return store->blocks[row >> STORE_SHIFT]->base[row & (STORE_ROWS - 1)];
}

static inline guint32
store_detail (const Store *store,
              guint        row)
{
  return store->blocks[row >> STORE_SHIFT]->detail[row & (STORE_ROWS - 1)];
}

/* Duplicates: open addressing over 64-bit hashes of the folded address
 * and the row they come from; the text is compared only when the hashes
 * are equal. The hashes are apart from the rows so that a lookup touches
 * one cache line, fetched ahead (see DUP_AHEAD). */

typedef struct
{
  guint64 *hashes;                    /* 0: empty */
  guint32 *rows;
  gsize    mask;
  gsize    n;
} DupTable;

/* Addresses wait this many rows between hashing and lookup, while their
 * slot is fetched from memory. */
#define DUP_AHEAD 16

typedef struct
{
  guint64 hash;
  guint32 row;
} DupPending;

static void
dup_table_init (DupTable *table,
                guint64   file_size)
{
  /* Room for a row per 64 bytes (an invitation row is about 70). */
  gsize want = MAX (1024, file_size / 64);
  gsize capacity = 1024;

  while (capacity < want && capacity < 2 * (gsize) MSI_CSV_MAX_ROWS)
    capacity *= 2;
  table->hashes = g_new0 (guint64, capacity);
  table->rows = g_new (guint32, capacity);
  table->mask = capacity - 1;
  table->n = 0;
}

static void
dup_table_clear (DupTable *table)
{
  g_clear_pointer (&table->hashes, g_free);
  g_clear_pointer (&table->rows, g_free);
}

static void
dup_table_grow (DupTable *table)
{
  gsize capacity = (table->mask + 1) * 2;
  guint64 *hashes = g_new0 (guint64, capacity);
  guint32 *rows = g_new (guint32, capacity);

  for (gsize i = 0; i <= table->mask; i++)
    {
      guint64 hash = table->hashes[i];
      gsize j;

      if (hash == 0)
        continue;
      for (j = hash & (capacity - 1); hashes[j] != 0; j = (j + 1) & (capacity - 1))
        ;
      hashes[j] = hash;
      rows[j] = table->rows[i];
    }
  dup_table_clear (table);
  table->hashes = hashes;
  table->rows = rows;
  table->mask = capacity - 1;
}

static inline guint64
mix64 (guint64 h)
{
  h ^= h >> 33;
  h *= G_GUINT64_CONSTANT (0xff51afd7ed558ccd);
  h ^= h >> 33;
  h *= G_GUINT64_CONSTANT (0xc4ceb9fe1a85ec53);
  h ^= h >> 33;
  return h;
}

/* Eight ASCII bytes in lower case. */
static inline guint64
ascii_lower8 (guint64 w)
{
  guint64 at_least_a = w + G_GUINT64_CONSTANT (0x3F3F3F3F3F3F3F3F);
  guint64 past_z = w + G_GUINT64_CONSTANT (0x2525252525252525);
  guint64 upper = at_least_a & ~past_z & G_GUINT64_CONSTANT (0x8080808080808080);

  return w | (upper >> 2);
}

#define HIGH_BITS G_GUINT64_CONSTANT (0x8080808080808080)

/* A hash of ASCII text without case, eight bytes at a time; FALSE when
 * @s is not all ASCII. Never 0. */
static inline gboolean
hash_ascii (const char *s,
            gsize       len,
            guint64    *hash)
{
  guint64 h = G_GUINT64_CONSTANT (0x9E3779B97F4A7C15) ^ len;
  gsize i = 0;

  for (; i + 8 <= len; i += 8)
    {
      guint64 w;

      memcpy (&w, s + i, 8);
      if (G_UNLIKELY (w & HIGH_BITS))
        return FALSE;
      h = (h ^ ascii_lower8 (w)) * G_GUINT64_CONSTANT (0x100000001B3);
      h ^= h >> 29;
    }
  if (i < len)
    {
      guint64 w = 0;

      if (len >= 8)
        {
          /* The last eight bytes, without those already hashed (little
           * or big endian alike: only which bytes, not where). */
          memcpy (&w, s + len - 8, 8);
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
          w >>= 8 * (8 - (len - i));
#else
          w <<= 8 * (8 - (len - i));
#endif
        }
      else
        for (gsize k = i; k < len; k++)
          w = (w << 8) | (guchar) s[k];
      if (G_UNLIKELY (w & HIGH_BITS))
        return FALSE;
      h = (h ^ ascii_lower8 (w)) * G_GUINT64_CONSTANT (0x100000001B3);
    }
  h = mix64 (h);
  *hash = h != 0 ? h : 1;
  return TRUE;
}

/* A hash of the address without case, as msi_email_equal() compares:
 * characters outside ASCII are folded first, and what folds to ASCII
 * hashes as ASCII does. Never 0. */
static guint64
hash_address (const char *s,
              gsize       len)
{
  /* A valid address has at most 254 bytes; folding at most doubles them. */
  char folded[1024];
  const char *p, *end = s + len;
  gsize n = 0;
  guint64 h;

  if (G_LIKELY (hash_ascii (s, len, &h)))
    return h;

  for (p = s; p < end && n + 8 < sizeof folded;)
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          folded[n++] = *p++;
          continue;
        }
      n += g_unichar_to_utf8 (g_unichar_tolower (c), folded + n);
      p = g_utf8_next_char (p);
    }
  if (hash_ascii (folded, n, &h))
    return h;
  h = G_GUINT64_CONSTANT (0xCBF29CE484222325);
  for (gsize i = 0; i < n; i++)
    h = (h ^ (guchar) folded[i]) * G_GUINT64_CONSTANT (0x100000001B3);
  h = mix64 (h);
  return h != 0 ? h : 1;
}

/* Planning */

typedef struct
{
  Store              *store;
  MsiCsvReader       *reader;
  MsiInviteDirectory *directory;
  MsiInvitePlan      *plan;           /* for publishing; NULL when planning on the caller's thread */
  GMainContext       *context;
  int                 columns[MSI_INVITE_N_FIELDS];
  gboolean            mapping_known;
  guint               max_column;
  DupTable            dup;
  DupPending          pending[DUP_AHEAD];
  guint               pending_first;
  guint               n_pending;
  MsiCsvSpan         *spans;
  guint               n_spans;
  guint               n_planned;
  gint64              last_publish;
  gboolean            published_once;
} Planner;

static void
planner_free (Planner *pl)
{
  g_clear_pointer (&pl->store, store_unref);
  g_clear_object (&pl->reader);
  g_clear_object (&pl->directory);
  g_clear_object (&pl->plan);
  g_clear_pointer (&pl->context, g_main_context_unref);
  dup_table_clear (&pl->dup);
  g_free (pl->spans);
  g_free (pl);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Planner, planner_free)

static inline void
trim_span (const MsiCsvSpan *span,
           const char      **start,
           const char      **end)
{
  const char *s = span->data, *e = span->data + span->len;

  while (s < e && g_ascii_isspace (*s))
    s++;
  while (e > s && g_ascii_isspace (e[-1]))
    e--;
  *start = s;
  *end = e;
}

/* The field's text, unescaped and trimmed. */
static char *
span_dup_trimmed (const MsiCsvSpan *span)
{
  char *text = msi_csv_span_dup (span);

  return g_strstrip (text);
}

/* The trimmed address of an indexed row. */
static char *
dup_address (Planner *pl,
             guint    row)
{
  MsiCsvSpan stack[16];
  g_autofree MsiCsvSpan *heap = NULL;
  MsiCsvSpan *spans = stack;
  guint column = pl->columns[MSI_INVITE_FIELD_EMAIL];
  guint n;

  if (column >= G_N_ELEMENTS (stack))
    spans = heap = g_new (MsiCsvSpan, column + 1);
  n = msi_csv_reader_get_row (pl->reader, row, spans, column + 1, NULL);
  if (column >= n)
    return g_strdup ("");
  return span_dup_trimmed (&spans[column]);
}

static gboolean
same_address (Planner *pl,
              guint    row,
              guint    other)
{
  g_autofree char *a = dup_address (pl, row);
  g_autofree char *b = dup_address (pl, other);

  return msi_email_equal (a, b);
}

/* Looks up the oldest waiting address: a duplicate is marked with the
 * line of the first occurrence, anything else is remembered. */
static void
dup_resolve_one (Planner *pl)
{
  DupTable *table = &pl->dup;
  const DupPending *p = &pl->pending[pl->pending_first];
  gsize i;

  pl->pending_first = (pl->pending_first + 1) % DUP_AHEAD;
  pl->n_pending--;

  for (i = p->hash & table->mask; table->hashes[i] != 0; i = (i + 1) & table->mask)
    {
      if (table->hashes[i] == p->hash && same_address (pl, table->rows[i], p->row))
        {
          StoreBlock *block = pl->store->blocks[p->row >> STORE_SHIFT];

          block->base[p->row & (STORE_ROWS - 1)] = MSI_INVITE_STATUS_DUPLICATE;
          block->detail[p->row & (STORE_ROWS - 1)] = msi_csv_reader_get_row_line (pl->reader, table->rows[i]);
          return;
        }
    }
  table->hashes[i] = p->hash;
  table->rows[i] = p->row;
  if (++table->n * 2 > table->mask + 1)
    dup_table_grow (table);
}

static void
dup_flush (Planner *pl)
{
  while (pl->n_pending > 0)
    dup_resolve_one (pl);
}

/* Queues the row's address for the duplicate check, fetching its slot. */
static inline void
dup_push (Planner    *pl,
          guint       row,
          const char *start,
          const char *end)
{
  guint64 hash = hash_address (start, end - start);
  DupPending *p;

  __builtin_prefetch (&pl->dup.hashes[hash & pl->dup.mask]);
  if (pl->n_pending == DUP_AHEAD)
    dup_resolve_one (pl);
  p = &pl->pending[(pl->pending_first + pl->n_pending) % DUP_AHEAD];
  p->hash = hash;
  p->row = row;
  pl->n_pending++;
}

/* Whether the team named in @span is one the account has; an unknown one
 * is remembered. */
static gboolean
team_known (Planner          *pl,
            const MsiCsvSpan *span)
{
  Store *store = pl->store;
  char buffer[256];
  g_autofree char *heap = NULL;
  const char *start, *end;
  char *name;
  gsize len;

  trim_span (span, &start, &end);
  if (start == end)
    return TRUE;                      /* Everyone */
  len = end - start;
  if (span->escaped)
    {
      heap = span_dup_trimmed (span);
      name = heap;
    }
  else if (len < sizeof buffer)
    {
      memcpy (buffer, start, len);
      buffer[len] = '\0';
      name = buffer;
    }
  else
    name = heap = g_strndup (start, len);

  if (msi_invite_directory_lookup_team (pl->directory, name) != NULL)
    return TRUE;

  g_mutex_lock (&store->lock);
  if (!g_hash_table_contains (store->unknown_index, name))
    {
      char *copy = g_strdup (name);

      g_ptr_array_add (store->unknown_teams, copy);
      g_hash_table_add (store->unknown_index, copy);
    }
  g_mutex_unlock (&store->lock);
  return FALSE;
}

/* Plans a row from its address and team fields (NULL when the row has
 * no such field). */
static void
plan_row_fields (Planner             *pl,
                 const MsiCsvRowInfo *info,
                 const MsiCsvSpan    *email_span,
                 const MsiCsvSpan    *team_span)
{
  StoreBlock *block = store_block (pl->store, info->row);
  guint i = info->row & (STORE_ROWS - 1);
  int email = pl->columns[MSI_INVITE_FIELD_EMAIL];
  MsiInviteStatus status = MSI_INVITE_STATUS_READY;
  guint32 detail = 0;

  if (G_UNLIKELY (info->issue != MSI_CSV_ROW_OK))
    status = MSI_INVITE_STATUS_MALFORMED_ROW;
  else if (G_UNLIKELY (email < 0))
    {
      status = MSI_INVITE_STATUS_MISSING_FIELD;
      detail = DETAIL_NO_COLUMN;
    }
  else
    {
      const char *start = NULL, *end = NULL;
      MsiEmailProblem problem;

      if (email_span != NULL)
        trim_span (email_span, &start, &end);
      if (start == end)
        status = MSI_INVITE_STATUS_MISSING_FIELD;
      else if ((problem = msi_email_check (start, end - start)) != MSI_EMAIL_VALID)
        {
          status = MSI_INVITE_STATUS_INVALID_ADDRESS;
          detail = problem;
        }
      else
        {
          /* The duplicate check comes later and may overrule what
           * follows. */
          dup_push (pl, info->row, start, end);
        }

      if (status == MSI_INVITE_STATUS_READY && pl->directory != NULL)
        {
          switch (msi_invite_directory_lookup_member (pl->directory, start, end - start))
            {
            case MSI_DIRECTORY_MEMBER_USER:
              status = MSI_INVITE_STATUS_ALREADY_USER;
              break;
            case MSI_DIRECTORY_MEMBER_INVITED:
              status = MSI_INVITE_STATUS_ALREADY_INVITED;
              break;
            case MSI_DIRECTORY_MEMBER_NONE:
            default:
              if (team_span != NULL && !team_known (pl, team_span))
                status = MSI_INVITE_STATUS_UNKNOWN_TEAM;
              break;
            }
        }
    }

  block->base[i] = status;
  block->detail[i] = detail;
  pl->n_planned = info->row + 1;
}

static void
plan_row (Planner             *pl,
          const MsiCsvRowInfo *info,
          const MsiCsvSpan    *fields)
{
  int email = pl->columns[MSI_INVITE_FIELD_EMAIL];
  int team = pl->columns[MSI_INVITE_FIELD_TEAM];

  plan_row_fields (pl, info,
                   email >= 0 && (guint) email < info->n_fields ? &fields[email] : NULL,
                   team >= 0 && (guint) team < info->n_fields ? &fields[team] : NULL);
}

/* Reads an indexed row again and plans it. */
static void
plan_indexed_row (Planner *pl,
                  guint    row)
{
  MsiCsvRowInfo info;
  guint n;

  if (pl->n_spans < pl->max_column + 1)
    {
      pl->n_spans = pl->max_column + 1;
      pl->spans = g_renew (MsiCsvSpan, pl->spans, pl->n_spans);
    }
  /* Only the mapped fields are looked at: the spans stop there. */
  n = msi_csv_reader_get_row (pl->reader, row, pl->spans, pl->n_spans, &info);
  g_assert (n == info.n_fields);
  plan_row (pl, &info, pl->spans);
}

static void
planner_set_columns (Planner   *pl,
                     const int *columns)
{
  pl->max_column = 0;
  for (guint f = 0; f < MSI_INVITE_N_FIELDS; f++)
    {
      pl->columns[f] = columns[f];
      if (columns[f] >= 0)
        pl->max_column = MAX (pl->max_column, (guint) columns[f]);
    }
  memcpy (pl->store->columns, pl->columns, sizeof pl->columns);
}

/* The mapping from the header; without one (or without an e-mail column
 * in it), the column whose values are addresses. */
static void
guess_mapping (Planner *pl)
{
  const char * const *header = msi_csv_reader_get_header (pl->reader);
  guint n_columns = msi_csv_reader_get_n_columns (pl->reader);
  int columns[MSI_INVITE_N_FIELDS];

  for (guint f = 0; f < MSI_INVITE_N_FIELDS; f++)
    columns[f] = -1;

  if (header != NULL)
    for (guint c = 0; c < n_columns; c++)
      {
        MsiInviteField field = msi_invite_field_guess (header[c]);

        if (field != MSI_INVITE_FIELD_IGNORE && columns[field] < 0)
          columns[field] = c;
      }

  if (columns[MSI_INVITE_FIELD_EMAIL] < 0)
    {
      guint n_rows = MIN (msi_csv_reader_get_n_rows (pl->reader), GUESS_ROWS);
      g_autofree guint *valid = g_new0 (guint, n_columns);
      g_autofree MsiCsvSpan *spans = g_new (MsiCsvSpan, n_columns);
      guint best = 0;

      for (guint r = 0; r < n_rows; r++)
        {
          guint n = msi_csv_reader_get_row (pl->reader, r, spans, n_columns, NULL);

          for (guint c = 0; c < MIN (n, n_columns); c++)
            if (msi_email_check (spans[c].data, spans[c].len) == MSI_EMAIL_VALID)
              valid[c]++;
        }
      for (guint c = 0; c < n_columns; c++)
        {
          gboolean taken = FALSE;

          for (guint f = 0; f < MSI_INVITE_N_FIELDS; f++)
            taken |= columns[f] == (int) c;
          if (!taken && valid[c] > best)
            {
              best = valid[c];
              columns[MSI_INVITE_FIELD_EMAIL] = c;
            }
        }
    }

  planner_set_columns (pl, columns);
  pl->store->mapping_guessed = TRUE;
  pl->mapping_known = TRUE;
}

static gboolean publish_in_main (gpointer data);

typedef struct
{
  MsiInvitePlan *plan;
  Store         *store;
} PublishData;

static void
publish_data_free (gpointer data)
{
  PublishData *pd = data;

  g_object_unref (pd->plan);
  store_unref (pd->store);
  g_free (pd);
}

/* Lets the main thread show the rows planned so far. */
static void
publish (Planner *pl)
{
  Store *store = pl->store;
  gboolean schedule;

  dup_flush (pl);
  g_mutex_lock (&store->lock);
  store->published = pl->n_planned;
  store->published_teams = store->unknown_teams->len;
  schedule = pl->plan != NULL && !store->idle_pending;
  if (schedule)
    store->idle_pending = TRUE;
  g_mutex_unlock (&store->lock);

  pl->last_publish = g_get_monotonic_time ();
  pl->published_once = TRUE;
  if (schedule)
    {
      PublishData *pd = g_new0 (PublishData, 1);

      pd->plan = g_object_ref (pl->plan);
      pd->store = store_ref (store);
      g_main_context_invoke_full (pl->context, G_PRIORITY_DEFAULT, publish_in_main,
                                  pd, publish_data_free);
    }
}

static inline void
maybe_publish (Planner *pl)
{
  if (pl->plan == NULL)
    return;
  if (!pl->published_once)
    {
      if (pl->n_planned >= FIRST_BATCH)
        publish (pl);
    }
  else if (pl->n_planned % TIME_CHECK_EVERY == 0
           && g_get_monotonic_time () - pl->last_publish >= BATCH_INTERVAL)
    publish (pl);
}

/* Reading and planning run on two threads: the reader hands each row's
 * address and team fields to the planner through a ring. */

#define RING_SIZE 8192
#define RING_BATCH 64

typedef struct
{
  MsiCsvRowInfo info;
  gboolean      has_spans;            /* else read the row again (mapping not known yet) */
  gboolean      has_email, has_team;
  MsiCsvSpan    email;
  MsiCsvSpan    team;
} RingEntry;

typedef struct
{
  MsiCsvReader *reader;
  GCancellable *cancellable;
  RingEntry    *entries;
  gint          email_column;         /* atomic; -2: not known yet */
  gint          team_column;          /* atomic */
  guint64       written;              /* reader thread only */

  GMutex        lock;
  GCond         cond;
  guint64       head;                 /* rows handed over */
  guint64       tail;                 /* rows taken */
  gboolean      done;
  gboolean      reader_waiting;
  gboolean      planner_waiting;
  gboolean      ok;
  GError       *error;
} Ring;

/* Hands the rows written so far to the planner; waits for room for the
 * next batch. */
static void
ring_hand_over (Ring     *ring,
                gboolean  done)
{
  g_mutex_lock (&ring->lock);
  ring->head = ring->written;
  ring->done = done;
  if (ring->planner_waiting)
    g_cond_signal (&ring->cond);
  while (!done && ring->written + RING_BATCH - ring->tail > RING_SIZE)
    {
      ring->reader_waiting = TRUE;
      g_cond_wait (&ring->cond, &ring->lock);
      ring->reader_waiting = FALSE;
    }
  g_mutex_unlock (&ring->lock);
}

static gboolean
ring_row_cb (const MsiCsvRowInfo *info,
             const MsiCsvSpan    *fields,
             gpointer             user_data)
{
  Ring *ring = user_data;
  RingEntry *entry = &ring->entries[ring->written % RING_SIZE];
  int email = g_atomic_int_get (&ring->email_column);

  entry->info = *info;
  entry->has_spans = email != -2;
  if (entry->has_spans)
    {
      int team = g_atomic_int_get (&ring->team_column);

      entry->has_email = email >= 0 && (guint) email < info->n_fields;
      if (entry->has_email)
        entry->email = fields[email];
      entry->has_team = team >= 0 && (guint) team < info->n_fields;
      if (entry->has_team)
        entry->team = fields[team];
    }
  ring->written++;
  if (ring->written % RING_BATCH == 0)
    ring_hand_over (ring, FALSE);
  return TRUE;
}

static gpointer
ring_read_thread (gpointer data)
{
  Ring *ring = data;
  GError *error = NULL;
  gboolean ok = msi_csv_reader_read (ring->reader, ring_row_cb, ring, ring->cancellable, &error);

  g_mutex_lock (&ring->lock);
  ring->ok = ok;
  ring->error = error;
  g_mutex_unlock (&ring->lock);
  ring_hand_over (ring, TRUE);
  return NULL;
}

/* Waits until rows up to @want are handed over, or reading is done;
 * returns how many are. */
static guint64
ring_wait (Ring    *ring,
           guint64  want,
           gboolean *done)
{
  guint64 head;

  g_mutex_lock (&ring->lock);
  while (ring->head < want && !ring->done)
    {
      ring->planner_waiting = TRUE;
      g_cond_wait (&ring->cond, &ring->lock);
      ring->planner_waiting = FALSE;
    }
  head = ring->head;
  *done = ring->done;
  g_mutex_unlock (&ring->lock);
  return head;
}

static void
ring_taken (Ring    *ring,
            guint64  tail)
{
  g_mutex_lock (&ring->lock);
  ring->tail = tail;
  if (ring->reader_waiting)
    g_cond_signal (&ring->cond);
  g_mutex_unlock (&ring->lock);
}

/* Reads the file on a thread of its own and plans every row on this one
 * (any thread). */
static gboolean
planner_run_read (Planner       *pl,
                  GCancellable  *cancellable,
                  GError       **error)
{
  Ring ring = { 0, };
  GThread *thread;
  guint64 tail = 0;
  gboolean done = FALSE;

  dup_table_init (&pl->dup, msi_csv_reader_get_size (pl->reader));
  ring.reader = pl->reader;
  ring.cancellable = cancellable;
  ring.entries = g_new (RingEntry, RING_SIZE);
  ring.email_column = pl->mapping_known ? pl->columns[MSI_INVITE_FIELD_EMAIL] : -2;
  ring.team_column = pl->columns[MSI_INVITE_FIELD_TEAM];
  g_mutex_init (&ring.lock);
  g_cond_init (&ring.cond);
  thread = g_thread_new ("msi-csv-read", ring_read_thread, &ring);

  if (!pl->mapping_known)
    {
      /* Without a header naming it, the address column is found from
       * the first rows' values. */
      ring_wait (&ring, GUESS_ROWS, &done);
      guess_mapping (pl);
      g_atomic_int_set (&ring.team_column, pl->columns[MSI_INVITE_FIELD_TEAM]);
      g_atomic_int_set (&ring.email_column, pl->columns[MSI_INVITE_FIELD_EMAIL]);
    }

  for (;;)
    {
      guint64 head = ring_wait (&ring, tail + 1, &done);

      if (head == tail && done)
        break;
      for (; tail < head; tail++)
        {
          const RingEntry *entry = &ring.entries[tail % RING_SIZE];

          if (entry->has_spans)
            plan_row_fields (pl, &entry->info,
                             entry->has_email ? &entry->email : NULL,
                             entry->has_team ? &entry->team : NULL);
          else
            plan_indexed_row (pl, entry->info.row);
          maybe_publish (pl);
        }
      ring_taken (&ring, tail);
    }

  g_thread_join (thread);
  publish (pl);
  g_free (ring.entries);
  g_mutex_clear (&ring.lock);
  g_cond_clear (&ring.cond);
  if (!ring.ok)
    {
      g_propagate_error (error, ring.error);
      return FALSE;
    }
  return TRUE;
}

/* Plans the indexed rows again with other columns (any thread). */
static gboolean
planner_run_again (Planner       *pl,
                   GCancellable  *cancellable,
                   GError       **error)
{
  guint n_rows = msi_csv_reader_get_n_rows (pl->reader);

  dup_table_init (&pl->dup, msi_csv_reader_get_size (pl->reader));
  for (guint r = 0; r < n_rows; r++)
    {
      plan_indexed_row (pl, r);
      if (r % 4096 == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
    }
  publish (pl);
  return TRUE;
}

/* The plan */

typedef struct
{
  gboolean create_teams;
  gboolean teams_fit;
  guint    seats_left;                /* G_MAXUINT: no limit */
} DeriveParams;

struct _MsiInvitePlan
{
  GObject              parent_instance;

  MsiInviteDirectory  *directory;
  GMainContext        *context;
  MsiCsvReader        *reader;
  Store               *store;         /* the rows shown */

  MsiInviteField      *mapping;       /* per column */
  guint                n_columns;
  int                  columns[MSI_INVITE_N_FIELDS];
  char                *mapping_problem;

  gboolean             loading;
  gboolean             load_started;
  gboolean             replan_pending;
  GCancellable        *replan_cancellable;

  gboolean             create_teams;
  MsiInvitePlanFilter  filter;

  /* Rows shown so far, with their final status */
  guint                n_derived;
  guint                counts[MSI_INVITE_N_STATUSES];
  guint                ready_used;
  DeriveParams         params;
  GArray              *visible;       /* rows passing the filter, when not ALL */
};

enum
{
  PROP_0,
  PROP_DIRECTORY,
  PROP_LOADING,
  PROP_N_ROWS,
  PROP_N_READY,
  PROP_N_PROBLEMS,
  PROP_FILTER,
  PROP_CREATE_TEAMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void msi_invite_plan_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MsiInvitePlan, msi_invite_plan, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, msi_invite_plan_list_model_init))

static gboolean
passes_filter (MsiInvitePlanFilter filter,
               MsiInviteStatus     status)
{
  switch (filter)
    {
    case MSI_INVITE_PLAN_FILTER_PROBLEMS:
      return status != MSI_INVITE_STATUS_READY;
    case MSI_INVITE_PLAN_FILTER_READY:
      return status == MSI_INVITE_STATUS_READY;
    case MSI_INVITE_PLAN_FILTER_ALL:
    default:
      return TRUE;
    }
}

static inline MsiInviteStatus
derive_status (const DeriveParams *params,
               guint              *ready_used,
               MsiInviteStatus     base)
{
  MsiInviteStatus status = base;

  if (status == MSI_INVITE_STATUS_UNKNOWN_TEAM && params->create_teams)
    status = params->teams_fit ? MSI_INVITE_STATUS_READY : MSI_INVITE_STATUS_TEAM_LIMIT;
  if (status == MSI_INVITE_STATUS_READY)
    {
      if (*ready_used >= params->seats_left)
        status = MSI_INVITE_STATUS_OVER_SEAT_LIMIT;
      else
        (*ready_used)++;
    }
  return status;
}

static guint
get_team_limit (MsiInvitePlan *self)
{
  guint limit = self->directory != NULL ? msi_invite_directory_get_team_limit (self->directory) : 0;

  return limit != 0 ? limit : G_MAXUINT;
}

static DeriveParams
make_params (MsiInvitePlan *self,
             guint          n_unknown_teams)
{
  DeriveParams params = { self->create_teams, TRUE, G_MAXUINT };

  if (self->directory != NULL)
    {
      guint limit = msi_invite_directory_get_seat_limit (self->directory);
      guint used = msi_invite_directory_get_seats_used (self->directory);
      guint teams = msi_invite_directory_get_n_teams (self->directory);

      if (limit != 0)
        params.seats_left = used < limit ? limit - used : 0;
      params.teams_fit = (guint64) teams + n_unknown_teams <= get_team_limit (self);
    }
  return params;
}

static guint
published_teams (MsiInvitePlan *self)
{
  guint n;

  if (self->store == NULL)
    return 0;
  g_mutex_lock (&self->store->lock);
  n = self->store->published_teams;
  g_mutex_unlock (&self->store->lock);
  return n;
}

static guint
get_n_items (MsiInvitePlan *self)
{
  return self->filter == MSI_INVITE_PLAN_FILTER_ALL ? self->n_derived : self->visible->len;
}

static void
derive_rows (MsiInvitePlan *self,
             guint          to)
{
  Store *store = self->store;

  for (guint r = self->n_derived; r < to; r++)
    {
      StoreBlock *block = store->blocks[r >> STORE_SHIFT];
      guint i = r & (STORE_ROWS - 1);
      MsiInviteStatus status = derive_status (&self->params, &self->ready_used, block->base[i]);

      block->status[i] = status;
      self->counts[status]++;
      if (self->filter != MSI_INVITE_PLAN_FILTER_ALL && passes_filter (self->filter, status))
        {
          guint32 row = r;

          g_array_append_val (self->visible, row);
        }
    }
  self->n_derived = MAX (self->n_derived, to);
}

static void
reset_derived (MsiInvitePlan *self)
{
  self->n_derived = 0;
  self->ready_used = 0;
  memset (self->counts, 0, sizeof self->counts);
  g_array_set_size (self->visible, 0);
}

static void
notify_counts (MsiInvitePlan *self,
               guint          old_rows,
               guint          old_ready)
{
  if (old_rows != self->n_derived)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ROWS]);
  if (old_ready != self->counts[MSI_INVITE_STATUS_READY])
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_READY]);
  if (old_rows - old_ready != self->n_derived - self->counts[MSI_INVITE_STATUS_READY])
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PROBLEMS]);
}

/* Derives every shown row again (limits or filter changed) and tells the
 * views. */
static void
rederive_all (MsiInvitePlan *self)
{
  guint old_items = get_n_items (self);
  guint old_rows = self->n_derived, old_ready = self->counts[MSI_INVITE_STATUS_READY];

  reset_derived (self);
  self->params = make_params (self, published_teams (self));
  derive_rows (self, old_rows);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_items, get_n_items (self));
  notify_counts (self, old_rows, old_ready);
}

static void
set_loading (MsiInvitePlan *self,
             gboolean       loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
update_mapping_problem (MsiInvitePlan *self)
{
  g_clear_pointer (&self->mapping_problem, g_free);
  if (self->reader != NULL && self->columns[MSI_INVITE_FIELD_EMAIL] < 0)
    self->mapping_problem = g_strdup_printf (_("No column is mapped to “%s”: choose the column that holds the addresses."),
                                             msi_invite_field_get_label (MSI_INVITE_FIELD_EMAIL));
}

/* Takes the reader and the guessed mapping of the first rows shown. */
static void
adopt_reader (MsiInvitePlan *self,
              Store         *store)
{
  if (self->reader != NULL || store->reader == NULL)
    return;

  self->reader = g_object_ref (store->reader);
  self->n_columns = msi_csv_reader_get_n_columns (self->reader);
  self->mapping = g_new (MsiInviteField, MAX (1, self->n_columns));
  for (guint c = 0; c < self->n_columns; c++)
    self->mapping[c] = MSI_INVITE_FIELD_IGNORE;
  for (guint f = 0; f < MSI_INVITE_N_FIELDS; f++)
    {
      self->columns[f] = store->columns[f];
      if (store->columns[f] >= 0 && (guint) store->columns[f] < self->n_columns)
        self->mapping[store->columns[f]] = f;
    }
  update_mapping_problem (self);
}

/* Shows the rows @store has published. */
static void
take_published (MsiInvitePlan *self,
                Store         *store)
{
  guint n, teams;
  guint old_items, old_rows, old_ready;
  DeriveParams params;

  if (store != self->store)
    return;

  g_mutex_lock (&store->lock);
  n = store->published;
  teams = store->published_teams;
  store->idle_pending = FALSE;
  g_mutex_unlock (&store->lock);

  if (n == 0 && !store->mapping_guessed)
    return;
  adopt_reader (self, store);

  params = make_params (self, teams);
  if (self->create_teams && params.teams_fit != self->params.teams_fit && self->n_derived > 0)
    {
      /* New teams found: the earlier rows' teams no longer fit. */
      self->params = params;
      rederive_all (self);
    }
  self->params = params;

  if (n <= self->n_derived)
    return;
  old_items = get_n_items (self);
  old_rows = self->n_derived;
  old_ready = self->counts[MSI_INVITE_STATUS_READY];
  derive_rows (self, n);
  if (get_n_items (self) != old_items)
    g_list_model_items_changed (G_LIST_MODEL (self), old_items, 0, get_n_items (self) - old_items);
  notify_counts (self, old_rows, old_ready);
}

static gboolean
publish_in_main (gpointer data)
{
  PublishData *pd = data;

  take_published (pd->plan, pd->store);
  return G_SOURCE_REMOVE;
}

/* GListModel */

static char *make_reason (MsiInvitePlan    *self,
                          Store            *store,
                          const DeriveParams *params,
                          guint             n_unknown_teams,
                          guint             row,
                          MsiInviteStatus   status,
                          const char      **values);

static MsiInviteRow *
make_row (MsiInvitePlan *self,
          guint          row)
{
  MsiCsvSpan stack[32];
  g_autofree MsiCsvSpan *heap = NULL;
  MsiCsvSpan *spans = stack;
  char *values[MSI_INVITE_N_FIELDS] = { NULL, };
  g_autofree char *reason = NULL;
  MsiCsvRowInfo info;
  MsiInviteStatus status;
  MsiInviteRow *item;
  guint n, cap = MAX (self->n_columns, 1);

  if (cap > G_N_ELEMENTS (stack))
    spans = heap = g_new (MsiCsvSpan, cap);
  else
    cap = G_N_ELEMENTS (stack);
  n = msi_csv_reader_get_row (self->reader, row, spans, cap, &info);
  for (guint f = 0; f < MSI_INVITE_N_FIELDS; f++)
    {
      int c = self->store->columns[f];

      if (c >= 0 && (guint) c < MIN (n, cap))
        values[f] = span_dup_trimmed (&spans[c]);
    }

  status = self->store->blocks[row >> STORE_SHIFT]->status[row & (STORE_ROWS - 1)];
  if (status != MSI_INVITE_STATUS_READY)
    reason = make_reason (self, self->store, &self->params, published_teams (self), row, status,
                          (const char **) values);
  item = msi_invite_row_new (row, info.line, status, reason,
                             status == MSI_INVITE_STATUS_DUPLICATE ? store_detail (self->store, row) : 0,
                             (const char * const *) values);
  for (guint f = 0; f < MSI_INVITE_N_FIELDS; f++)
    g_free (values[f]);
  return item;
}

static GType
msi_invite_plan_get_item_type (GListModel *model)
{
  return MSI_TYPE_INVITE_ROW;
}

static guint
msi_invite_plan_get_n_items (GListModel *model)
{
  return get_n_items (MSI_INVITE_PLAN (model));
}

static gpointer
msi_invite_plan_get_item (GListModel *model,
                          guint       position)
{
  MsiInvitePlan *self = MSI_INVITE_PLAN (model);

  if (position >= get_n_items (self))
    return NULL;
  if (self->filter == MSI_INVITE_PLAN_FILTER_ALL)
    return make_row (self, position);
  return make_row (self, g_array_index (self->visible, guint32, position));
}

static void
msi_invite_plan_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = msi_invite_plan_get_item_type;
  iface->get_n_items = msi_invite_plan_get_n_items;
  iface->get_item = msi_invite_plan_get_item;
}

/* GObject */

static void
msi_invite_plan_dispose (GObject *object)
{
  MsiInvitePlan *self = MSI_INVITE_PLAN (object);

  if (self->replan_cancellable != NULL)
    g_cancellable_cancel (self->replan_cancellable);
  g_clear_object (&self->replan_cancellable);

  G_OBJECT_CLASS (msi_invite_plan_parent_class)->dispose (object);
}

static void
msi_invite_plan_finalize (GObject *object)
{
  MsiInvitePlan *self = MSI_INVITE_PLAN (object);

  g_clear_object (&self->directory);
  g_clear_object (&self->reader);
  g_clear_pointer (&self->store, store_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_free (self->mapping);
  g_free (self->mapping_problem);
  g_array_unref (self->visible);

  G_OBJECT_CLASS (msi_invite_plan_parent_class)->finalize (object);
}

static void
msi_invite_plan_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  MsiInvitePlan *self = MSI_INVITE_PLAN (object);

  switch (prop_id)
    {
    case PROP_DIRECTORY:
      g_value_set_object (value, self->directory);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_N_ROWS:
      g_value_set_uint (value, msi_invite_plan_get_n_rows (self));
      break;
    case PROP_N_READY:
      g_value_set_uint (value, msi_invite_plan_get_n_ready (self));
      break;
    case PROP_N_PROBLEMS:
      g_value_set_uint (value, msi_invite_plan_get_n_problems (self));
      break;
    case PROP_FILTER:
      g_value_set_int (value, self->filter);
      break;
    case PROP_CREATE_TEAMS:
      g_value_set_boolean (value, self->create_teams);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
msi_invite_plan_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  MsiInvitePlan *self = MSI_INVITE_PLAN (object);

  switch (prop_id)
    {
    case PROP_DIRECTORY:
      self->directory = g_value_dup_object (value);
      break;
    case PROP_FILTER:
      msi_invite_plan_set_filter (self, g_value_get_int (value));
      break;
    case PROP_CREATE_TEAMS:
      msi_invite_plan_set_create_teams (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
msi_invite_plan_class_init (MsiInvitePlanClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = msi_invite_plan_dispose;
  object_class->finalize = msi_invite_plan_finalize;
  object_class->get_property = msi_invite_plan_get_property;
  object_class->set_property = msi_invite_plan_set_property;

  properties[PROP_DIRECTORY] =
    g_param_spec_object ("directory", NULL, NULL, MSI_TYPE_INVITE_DIRECTORY,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ROWS] =
    g_param_spec_uint ("n-rows", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_READY] =
    g_param_spec_uint ("n-ready", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_PROBLEMS] =
    g_param_spec_uint ("n-problems", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FILTER] =
    g_param_spec_int ("filter", NULL, NULL,
                      MSI_INVITE_PLAN_FILTER_ALL, MSI_INVITE_PLAN_FILTER_READY, MSI_INVITE_PLAN_FILTER_ALL,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CREATE_TEAMS] =
    g_param_spec_boolean ("create-teams", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
msi_invite_plan_init (MsiInvitePlan *self)
{
  self->context = g_main_context_ref_thread_default ();
  self->visible = g_array_new (FALSE, FALSE, sizeof (guint32));
  for (guint f = 0; f < MSI_INVITE_N_FIELDS; f++)
    self->columns[f] = -1;
  self->params.teams_fit = TRUE;
  self->params.seats_left = G_MAXUINT;
}

/**
 * msi_invite_plan_new:
 * @directory: (nullable): what the account holds
 *
 * Returns: (transfer full): an empty plan
 */
MsiInvitePlan *
msi_invite_plan_new (MsiInviteDirectory *directory)
{
  g_return_val_if_fail (directory == NULL || MSI_IS_INVITE_DIRECTORY (directory), NULL);

  return g_object_new (MSI_TYPE_INVITE_PLAN, "directory", directory, NULL);
}

MsiInviteDirectory *
msi_invite_plan_get_directory (MsiInvitePlan *self)
{
  g_return_val_if_fail (MSI_IS_INVITE_PLAN (self), NULL);

  return self->directory;
}

static Planner *
planner_new (MsiInvitePlan *self,
             MsiCsvReader  *reader,
             Store         *store)
{
  Planner *pl = g_new0 (Planner, 1);

  pl->store = store_ref (store);
  pl->reader = reader != NULL ? g_object_ref (reader) : NULL;
  pl->directory = self->directory != NULL ? g_object_ref (self->directory) : NULL;
  pl->context = g_main_context_ref (self->context);
  return pl;
}

/* Loading */

typedef struct
{
  char    *path;
  GBytes  *bytes;
  Planner *planner;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_free (data->path);
  g_clear_pointer (&data->bytes, g_bytes_unref);
  g_clear_pointer (&data->planner, planner_free);
  g_free (data);
}

static MsiCsvReader *
open_reader (const char  *path,
             GBytes      *bytes,
             GError     **error)
{
  if (path != NULL)
    return msi_csv_reader_open (path, error);
  return msi_csv_reader_new_from_bytes (bytes, error);
}

/* Opens, reads and plans (any thread). */
static gboolean
load_run (LoadData      *data,
          GCancellable  *cancellable,
          GError       **error)
{
  Planner *pl = data->planner;
  g_autoptr(MsiCsvReader) reader = open_reader (data->path, data->bytes, error);

  if (reader == NULL)
    return FALSE;

  pl->reader = g_object_ref (reader);
  pl->store->reader = g_object_ref (reader);
  if (msi_csv_reader_get_header (reader) != NULL)
    {
      guess_mapping (pl);
      if (pl->columns[MSI_INVITE_FIELD_EMAIL] < 0)
        {
          /* Guess the address column from the values once rows are in. */
          pl->mapping_known = FALSE;
          pl->store->mapping_guessed = FALSE;
        }
    }
  return planner_run_read (pl, cancellable, error);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;

  if (load_run (task_data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void start_replan (MsiInvitePlan *self);

static void
load_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  MsiInvitePlan *self = MSI_INVITE_PLAN (object);
  g_autoptr(GTask) outer = user_data;
  LoadData *data = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;

  take_published (self, data->planner->store);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      set_loading (self, FALSE);
      g_task_return_error (outer, error);
      return;
    }
  set_loading (self, FALSE);
  if (self->replan_pending)
    {
      self->replan_pending = FALSE;
      start_replan (self);
    }
  g_task_return_boolean (outer, TRUE);
}

static void
start_load (MsiInvitePlan       *self,
            const char          *path,
            GBytes              *bytes,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  GTask *outer = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GTask) inner = NULL;
  g_autoptr(Store) store = store_new (NULL);
  LoadData *data = g_new0 (LoadData, 1);

  g_task_set_source_tag (outer, msi_invite_plan_load_async);
  data->path = g_strdup (path);
  data->bytes = bytes != NULL ? g_bytes_ref (bytes) : NULL;
  data->planner = planner_new (self, NULL, store);
  data->planner->plan = g_object_ref (self);

  self->load_started = TRUE;
  g_clear_pointer (&self->store, store_unref);
  self->store = store_ref (store);
  set_loading (self, TRUE);

  inner = g_task_new (self, cancellable, load_done_cb, outer);
  g_task_set_task_data (inner, data, (GDestroyNotify) load_data_free);
  g_task_run_in_thread (inner, load_thread);
}

/**
 * msi_invite_plan_load_async:
 * @self: a plan that has not loaded a file
 * @path: the CSV file
 * @cancellable: (nullable): stops reading
 * @callback: called when every row is planned, or on an error
 * @user_data: for @callback
 */
void
msi_invite_plan_load_async (MsiInvitePlan       *self,
                            const char          *path,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (MSI_IS_INVITE_PLAN (self));
  g_return_if_fail (path != NULL);
  g_return_if_fail (!self->load_started);

  start_load (self, path, NULL, cancellable, callback, user_data);
}

gboolean
msi_invite_plan_load_finish (MsiInvitePlan  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static gboolean
load_sync (MsiInvitePlan  *self,
           const char     *path,
           GBytes         *bytes,
           GCancellable   *cancellable,
           GError        **error)
{
  g_autoptr(Store) store = store_new (NULL);
  LoadData data = { (char *) path, bytes, NULL };
  gboolean ok;

  g_return_val_if_fail (!self->load_started, FALSE);

  self->load_started = TRUE;
  g_clear_pointer (&self->store, store_unref);
  self->store = store_ref (store);
  data.planner = planner_new (self, NULL, store);
  ok = load_run (&data, cancellable, error);
  take_published (self, store);
  planner_free (data.planner);
  return ok;
}

/**
 * msi_invite_plan_load:
 * @self: a plan that has not loaded a file
 * @path: the CSV file
 * @cancellable: (nullable): stops reading
 * @error: return location for an error
 *
 * Returns: whether the whole file was read
 */
gboolean
msi_invite_plan_load (MsiInvitePlan  *self,
                      const char     *path,
                      GCancellable   *cancellable,
                      GError        **error)
{
  g_return_val_if_fail (MSI_IS_INVITE_PLAN (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  return load_sync (self, path, NULL, cancellable, error);
}

gboolean
msi_invite_plan_load_bytes (MsiInvitePlan  *self,
                            GBytes         *bytes,
                            GCancellable   *cancellable,
                            GError        **error)
{
  g_return_val_if_fail (MSI_IS_INVITE_PLAN (self), FALSE);
  g_return_val_if_fail (bytes != NULL, FALSE);

  return load_sync (self, NULL, bytes, cancellable, error);
}

MsiCsvReader *
msi_invite_plan_get_reader (MsiInvitePlan *self)
{
  g_return_val_if_fail (MSI_IS_INVITE_PLAN (self), NULL);

  return self->reader;
}

gboolean
msi_invite_plan_get_loading (MsiInvitePlan *self)
{
  g_return_val_if_fail (MSI_IS_INVITE_PLAN (self), FALSE);

  return self->loading;
}

/* Mapping */

MsiInviteField
msi_invite_plan_get_mapping (MsiInvitePlan *self,
                             guint          column)
{
  g_return_val_if_fail (MSI_IS_INVITE_PLAN (self), MSI_INVITE_FIELD_IGNORE);

  if (column >= self->n_columns)
    return MSI_INVITE_FIELD_IGNORE;
  return self->mapping[column];
}

int
msi_invite_plan_get_column (MsiInvitePlan  *self,
                            MsiInviteField  field)
{
  g_return_val_if_fail (MSI_IS_INVITE_PLAN (self), -1);
  g_return_val_if_fail (field >= 0 && field < MSI_INVITE_N_FIELDS, -1);

  return self->columns[field];
}

static void
replan_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;

  if (planner_run_again (task_data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* Shows a new planning of every row instead of the current one. */
static void
swap_store (MsiInvitePlan *self,
            Store         *store)
{
  guint old_items = get_n_items (self);
  guint old_rows = self->n_derived, old_ready = self->counts[MSI_INVITE_STATUS_READY];
  guint n;

  g_mutex_lock (&store->lock);
  n = store->published;
  g_mutex_unlock (&store->lock);

  g_clear_pointer (&self->store, store_unref);
  self->store = store_ref (store);
  reset_derived (self);
  self->params = make_params (self, published_teams (self));
  derive_rows (self, n);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_items, get_n_items (self));
  notify_counts (self, old_rows, old_ready);
}

static void
replan_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  MsiInvitePlan *self = MSI_INVITE_PLAN (object);
  Planner *pl = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      /* A newer mapping replaced this one. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Planning the rows again failed: %s", error->message);
      return;
    }
  if (g_task_get_cancellable (G_TASK (result)) != self->replan_cancellable)
    return;
  g_clear_object (&self->replan_cancellable);
  swap_store (self, pl->store);
  set_loading (self, FALSE);
}

static void
start_replan (MsiInvitePlan *self)
{
  g_autoptr(Store) store = store_new (self->reader);
  Planner *pl = planner_new (self, self->reader, store);
  guint n_rows = msi_csv_reader_get_n_rows (self->reader);

  planner_set_columns (pl, self->columns);
  pl->mapping_known = TRUE;
  store->mapping_guessed = TRUE;

  if (self->replan_cancellable != NULL)
    g_cancellable_cancel (self->replan_cancellable);
  g_clear_object (&self->replan_cancellable);

  if (n_rows <= SYNC_REPLAN_ROWS)
    {
      planner_run_again (pl, NULL, NULL);
      swap_store (self, store);
      planner_free (pl);
      set_loading (self, FALSE);
    }
  else
    {
      g_autoptr(GTask) task = NULL;

      self->replan_cancellable = g_cancellable_new ();
      task = g_task_new (self, self->replan_cancellable, replan_done_cb, NULL);
      g_task_set_task_data (task, pl, (GDestroyNotify) planner_free);
      set_loading (self, TRUE);
      g_task_run_in_thread (task, replan_thread);
    }
}

/**
 * msi_invite_plan_set_mapping:
 * @self: a loaded plan
 * @column: a column of the file
 * @field: what it holds, or %MSI_INVITE_FIELD_IGNORE
 *
 * A field is in one column only: the column that held @field before holds
 * nothing now.
 */
void
msi_invite_plan_set_mapping (MsiInvitePlan  *self,
                             guint           column,
                             MsiInviteField  field)
{
  g_return_if_fail (MSI_IS_INVITE_PLAN (self));
  g_return_if_fail (self->reader != NULL);
  g_return_if_fail (column < self->n_columns);
  g_return_if_fail (field >= MSI_INVITE_FIELD_IGNORE && field < MSI_INVITE_N_FIELDS);

  if (self->mapping[column] == field)
    return;

  if (self->mapping[column] != MSI_INVITE_FIELD_IGNORE)
    self->columns[self->mapping[column]] = -1;
  if (field != MSI_INVITE_FIELD_IGNORE)
    {
      if (self->columns[field] >= 0)
        self->mapping[self->columns[field]] = MSI_INVITE_FIELD_IGNORE;
      self->columns[field] = column;
    }
  self->mapping[column] = field;
  update_mapping_problem (self);

  if (self->loading && self->replan_cancellable == NULL)
    {
      /* The first reading goes on; then the rows are planned again. */
      self->replan_pending = TRUE;
      return;
    }
  start_replan (self);
}

static char *
column_name (MsiInvitePlan *self,
             guint          column)
{
  const char * const *header = self->reader != NULL ? msi_csv_reader_get_header (self->reader) : NULL;

  if (header != NULL && header[column] != NULL && *header[column] != '\0')
    return g_strdup (header[column]);
  return g_strdup_printf (_("Column %u"), column + 1);
}

GStrv
msi_invite_plan_dup_unmapped_columns (MsiInvitePlan *self)
{
  GPtrArray *names;

  g_return_val_if_fail (MSI_IS_INVITE_PLAN (self), NULL);

  names = g_ptr_array_new ();
  for (guint c = 0; c < self->n_columns; c++)
    if (self->mapping[c] == MSI_INVITE_FIELD_IGNORE)
      g_ptr_array_add (names, column_name (self, c));
  g_ptr_array_add (names, NULL);
  return (GStrv) g_ptr_array_free (names, FALSE);
}

const char *
msi_invite_plan_get_mapping_problem (MsiInvitePlan *self)
{
  g_return_val_if_fail (MSI_IS_INVITE_PLAN (self), NULL);

  return self->mapping_problem;
}

/* Teams and filters */

GStrv
msi_invite_plan_dup_unknown_teams (MsiInvitePlan *self)
{
  GStrv teams;

  g_return_val_if_fail (MSI_IS_INVITE_PLAN (self), NULL);

  if (self->store == NULL)
    return g_new0 (char *, 1);

  g_mutex_lock (&self->store->lock);
  teams = g_new0 (char *, self->store->published_teams + 1);
  for (guint i = 0; i < self->store->published_teams; i++)
    teams[i] = g_strdup (g_ptr_array_index (self->store->unknown_teams, i));
  g_mutex_unlock (&self->store->lock);
  return teams;
}

void
msi_invite_plan_set_create_teams (MsiInvitePlan *self,
                                  gboolean       create_teams)
{
  g_return_if_fail (MSI_IS_INVITE_PLAN (self));

  create_teams = !!create_teams;
  if (self->create_teams == create_teams)
    return;
  self->create_teams = create_teams;
  if (self->store != NULL)
    rederive_all (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CREATE_TEAMS]);
}

gboolean
msi_invite_plan_get_create_teams (MsiInvitePlan *self)
{
  g_return_val_if_fail (MSI_IS_INVITE_PLAN (self), FALSE);

  return self->create_teams;
}

void
msi_invite_plan_set_filter (MsiInvitePlan       *self,
                            MsiInvitePlanFilter  filter)
{
  guint old_items;

  g_return_if_fail (MSI_IS_INVITE_PLAN (self));
  g_return_if_fail (filter >= MSI_INVITE_PLAN_FILTER_ALL && filter <= MSI_INVITE_PLAN_FILTER_READY);

  if (self->filter == filter)
    return;

  old_items = get_n_items (self);
  self->filter = filter;
  g_array_set_size (self->visible, 0);
  if (filter != MSI_INVITE_PLAN_FILTER_ALL)
    for (guint r = 0; r < self->n_derived; r++)
      {
        MsiInviteStatus status = self->store->blocks[r >> STORE_SHIFT]->status[r & (STORE_ROWS - 1)];

        if (passes_filter (filter, status))
          {
            guint32 row = r;

            g_array_append_val (self->visible, row);
          }
      }
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_items, get_n_items (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILTER]);
}

MsiInvitePlanFilter
msi_invite_plan_get_filter (MsiInvitePlan *self)
{
  g_return_val_if_fail (MSI_IS_INVITE_PLAN (self), MSI_INVITE_PLAN_FILTER_ALL);

  return self->filter;
}

guint
msi_invite_plan_get_n_rows (MsiInvitePlan *self)
{
  g_return_val_if_fail (MSI_IS_INVITE_PLAN (self), 0);

  return self->n_derived;
}

guint
msi_invite_plan_get_n_ready (MsiInvitePlan *self)
{
  g_return_val_if_fail (MSI_IS_INVITE_PLAN (self), 0);

  return self->counts[MSI_INVITE_STATUS_READY];
}

guint
msi_invite_plan_get_n_problems (MsiInvitePlan *self)
{
  g_return_val_if_fail (MSI_IS_INVITE_PLAN (self), 0);

  return self->n_derived - self->counts[MSI_INVITE_STATUS_READY];
}

guint
msi_invite_plan_count_status (MsiInvitePlan   *self,
                              MsiInviteStatus  status)
{
  g_return_val_if_fail (MSI_IS_INVITE_PLAN (self), 0);
  g_return_val_if_fail (status >= 0 && status < MSI_INVITE_N_STATUSES, 0);

  return self->counts[status];
}

MsiInviteRow *
msi_invite_plan_dup_row (MsiInvitePlan *self,
                         guint          row)
{
  g_return_val_if_fail (MSI_IS_INVITE_PLAN (self), NULL);
  g_return_val_if_fail (row < self->n_derived, NULL);

  return make_row (self, row);
}

GPtrArray *
msi_invite_plan_dup_ready_rows (MsiInvitePlan *self)
{
  GPtrArray *rows;

  g_return_val_if_fail (MSI_IS_INVITE_PLAN (self), NULL);

  rows = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint r = 0; r < self->n_derived; r++)
    if (self->store->blocks[r >> STORE_SHIFT]->status[r & (STORE_ROWS - 1)] == MSI_INVITE_STATUS_READY)
      g_ptr_array_add (rows, make_row (self, r));
  return rows;
}

/* Reasons */

static char *
make_reason (MsiInvitePlan       *self,
             Store               *store,
             const DeriveParams  *params,
             guint                n_unknown_teams,
             guint                row,
             MsiInviteStatus      status,
             const char         **values)
{
  const char *email = values[MSI_INVITE_FIELD_EMAIL] != NULL ? values[MSI_INVITE_FIELD_EMAIL] : "";
  const char *team = values[MSI_INVITE_FIELD_TEAM] != NULL ? values[MSI_INVITE_FIELD_TEAM] : "";
  guint32 detail = store_detail (store, row);

  switch (status)
    {
    case MSI_INVITE_STATUS_READY:
      return NULL;

    case MSI_INVITE_STATUS_INVALID_ADDRESS:
      return msi_email_problem_describe ((MsiEmailProblem) detail, email);

    case MSI_INVITE_STATUS_MISSING_FIELD:
      if (detail == DETAIL_NO_COLUMN)
        return g_strdup_printf (_("No column is mapped to “%s”."),
                                msi_invite_field_get_label (MSI_INVITE_FIELD_EMAIL));
      return g_strdup (_("The e-mail address is empty: every row needs one."));

    case MSI_INVITE_STATUS_DUPLICATE:
      return g_strdup_printf (_("The same address as on line %u: it is invited once."), detail);

    case MSI_INVITE_STATUS_ALREADY_USER:
      return g_strdup_printf (_("“%s” already has an account."), email);

    case MSI_INVITE_STATUS_ALREADY_INVITED:
      return g_strdup_printf (_("“%s” was already invited and has not joined yet."), email);

    case MSI_INVITE_STATUS_UNKNOWN_TEAM:
      return g_strdup_printf (_("There is no team “%s”: choose to create the file’s new teams, or change the team."),
                              team);

    case MSI_INVITE_STATUS_TEAM_LIMIT:
      {
        guint limit = get_team_limit (self);
        guint teams = self->directory != NULL ? msi_invite_directory_get_n_teams (self->directory) : 0;
        g_autofree char *existing = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "the account has %u team",
                                                                  "the account has %u teams", teams), teams);
        g_autofree char *wanted = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "the file names %u new one",
                                                                "the file names %u new ones", n_unknown_teams),
                                                   n_unknown_teams);

        /* TRANSLATORS: “Creating the team “Sales” would pass the limit of 20 teams: the account has 18 teams and the file names 5 new ones.” */
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "Creating the team “%s” would pass the limit of %u team: %s and %s.",
                                             "Creating the team “%s” would pass the limit of %u teams: %s and %s.",
                                             limit),
                                team, limit, existing, wanted);
      }

    case MSI_INVITE_STATUS_OVER_SEAT_LIMIT:
      {
        guint limit = self->directory != NULL ? msi_invite_directory_get_seat_limit (self->directory) : 0;
        guint used = self->directory != NULL ? msi_invite_directory_get_seats_used (self->directory) : 0;
        guint left = params->seats_left;
        g_autofree char *taken = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u is taken", "%u are taken", used),
                                                  used);
        g_autofree char *earlier = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                 "the ready row before this one takes the %u left",
                                                                 "the ready rows before this one take the %u left",
                                                                 left),
                                                    left);

        /* TRANSLATORS: “No seat left: the account has 100 seats, 97 are taken and the ready rows before this one take the 3 left.” */
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "No seat left: the account has %u seat, %s and %s.",
                                             "No seat left: the account has %u seats, %s and %s.",
                                             limit),
                                limit, taken, earlier);
      }

    case MSI_INVITE_STATUS_MALFORMED_ROW:
      {
        MsiCsvRowInfo info;
        guint n_columns = msi_csv_reader_get_n_columns (store->reader);

        msi_csv_reader_get_row (store->reader, row, NULL, 0, &info);
        if (info.issue == MSI_CSV_ROW_STRAY_QUOTE)
          return g_strdup_printf (_("Column %u: a quote inside a field that does not start with one, or text after a closing quote. Put the whole field in quotes and double the quotes inside it."),
                                  info.issue_column);
        if (msi_csv_reader_get_header (store->reader) != NULL)
          return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "The row has %u field where the header has %u.",
                                               "The row has %u fields where the header has %u.",
                                               info.n_fields),
                                  info.n_fields, n_columns);
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "The row has %u field where the first row has %u.",
                                             "The row has %u fields where the first row has %u.",
                                             info.n_fields),
                                info.n_fields, n_columns);
      }

    case MSI_INVITE_N_STATUSES:
    default:
      g_return_val_if_reached (NULL);
    }
}

/* The mapped values of a row (trimmed), for reasons. */
static guint
row_values (MsiCsvReader  *reader,
            const int     *columns,
            guint          row,
            MsiCsvSpan   **spans,
            guint         *n_spans,
            char         **values)
{
  guint n_columns = msi_csv_reader_get_n_columns (reader);
  guint want = MAX (n_columns, 1), n;

  for (guint f = 0; f < MSI_INVITE_N_FIELDS; f++)
    if (columns[f] >= 0)
      want = MAX (want, (guint) columns[f] + 1);
  if (*n_spans < want)
    {
      *n_spans = want;
      *spans = g_renew (MsiCsvSpan, *spans, want);
    }
  n = msi_csv_reader_get_row (reader, row, *spans, *n_spans, NULL);
  if (n > *n_spans)
    {
      *n_spans = n;
      *spans = g_renew (MsiCsvSpan, *spans, n);
      n = msi_csv_reader_get_row (reader, row, *spans, *n_spans, NULL);
    }
  for (guint f = 0; f < MSI_INVITE_N_FIELDS; f++)
    values[f] = columns[f] >= 0 && (guint) columns[f] < n ? span_dup_trimmed (&(*spans)[columns[f]]) : NULL;
  return n;
}

/* Export */

typedef struct
{
  Store        *store;
  DeriveParams  params;
  guint         n_rows;
  guint         n_unknown_teams;
  GHashTable   *failures;
  GFile        *file;
} ExportData;

static void
export_data_free (ExportData *data)
{
  store_unref (data->store);
  g_clear_pointer (&data->failures, g_hash_table_unref);
  g_object_unref (data->file);
  g_free (data);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  MsiInvitePlan *self = source_object;
  ExportData *data = task_data;
  MsiCsvReader *reader = data->store->reader;
  const char * const *header = msi_csv_reader_get_header (reader);
  guint n_columns = msi_csv_reader_get_n_columns (reader);
  char separator = msi_csv_reader_get_separator (reader);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GPtrArray) record = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autofree MsiCsvSpan *spans = NULL;
  guint n_spans = 0;
  guint ready_used = 0;
  gboolean existed;
  GError *error = NULL;

  for (guint c = 0; c < n_columns; c++)
    g_ptr_array_add (record, header != NULL ? g_strdup (header[c]) : g_strdup_printf (_("Column %u"), c + 1));
  g_ptr_array_add (record, g_strdup (_("Line")));
  g_ptr_array_add (record, g_strdup (_("Reason")));
  g_ptr_array_add (record, NULL);
  msi_csv_append_record (out, (const char * const *) record->pdata, separator);

  for (guint r = 0; r < data->n_rows; r++)
    {
      MsiInviteStatus status = derive_status (&data->params, &ready_used, store_base (data->store, r));
      guint line = msi_csv_reader_get_row_line (reader, r);
      char *values[MSI_INVITE_N_FIELDS];
      char *reason = NULL;
      guint n;

      if (status == MSI_INVITE_STATUS_READY)
        {
          const char *failure = data->failures != NULL ? g_hash_table_lookup (data->failures, GUINT_TO_POINTER (line)) : NULL;

          if (failure == NULL)
            continue;
          reason = g_strdup (failure);
        }
      if (r % 4096 == 0 && g_cancellable_set_error_if_cancelled (cancellable, &error))
        {
          g_task_return_error (task, error);
          return;
        }

      n = row_values (reader, data->store->columns, r, &spans, &n_spans, values);
      if (reason == NULL)
        reason = make_reason (self, data->store, &data->params, data->n_unknown_teams, r, status,
                              (const char **) values);
      for (guint f = 0; f < MSI_INVITE_N_FIELDS; f++)
        g_free (values[f]);

      g_ptr_array_set_size (record, 0);
      for (guint c = 0; c < MAX (n, n_columns); c++)
        g_ptr_array_add (record, c < n ? msi_csv_span_dup (&spans[c]) : g_strdup (""));
      g_ptr_array_add (record, g_strdup_printf ("%u", line));
      g_ptr_array_add (record, reason);
      g_ptr_array_add (record, NULL);
      msi_csv_append_record (out, (const char * const *) record->pdata, separator);
    }

  existed = g_file_query_exists (data->file, cancellable);
  stream = g_file_replace (data->file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, cancellable, &error);
  if (stream == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (!g_output_stream_write_all (G_OUTPUT_STREAM (stream), out->str, out->len, NULL, cancellable, &error)
      || !g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, &error))
    {
      g_autoptr(GCancellable) abort = g_cancellable_new ();

      /* Abandons the temporary file; a file that did not exist before is
       * not left half-written. */
      g_cancellable_cancel (abort);
      g_output_stream_close (G_OUTPUT_STREAM (stream), abort, NULL);
      if (!existed)
        g_file_delete (data->file, NULL, NULL);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

void
msi_invite_plan_export_problems_async (MsiInvitePlan       *self,
                                       GFile               *file,
                                       GHashTable          *failures,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ExportData *data;

  g_return_if_fail (MSI_IS_INVITE_PLAN (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (self->reader != NULL);

  data = g_new0 (ExportData, 1);
  data->store = store_ref (self->store);
  data->params = self->params;
  data->n_rows = self->n_derived;
  data->n_unknown_teams = published_teams (self);
  data->failures = failures != NULL ? g_hash_table_ref (failures) : NULL;
  data->file = g_object_ref (file);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, msi_invite_plan_export_problems_async);
  g_task_set_task_data (task, data, (GDestroyNotify) export_data_free);
  g_task_run_in_thread (task, export_thread);
}

gboolean
msi_invite_plan_export_problems_finish (MsiInvitePlan  *self,
                                        GAsyncResult   *result,
                                        GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The command line */

typedef struct
{
  FILE  *file;
  char  *buffer;
  gsize  len;
  gsize  size;
} Out;

static void
out_flush (Out *out)
{
  if (out->len > 0)
    fwrite (out->buffer, 1, out->len, out->file);
  out->len = 0;
}

static inline void
out_mem (Out        *out,
         const char *data,
         gsize       len)
{
  if (G_UNLIKELY (out->len + len > out->size))
    {
      out_flush (out);
      if (len > out->size)
        {
          fwrite (data, 1, len, out->file);
          return;
        }
    }
  memcpy (out->buffer + out->len, data, len);
  out->len += len;
}

static inline void
out_str (Out        *out,
         const char *text)
{
  out_mem (out, text, strlen (text));
}

static inline void
out_uint (Out   *out,
          guint  value)
{
  char digits[16];
  char *p = digits + sizeof digits;

  do
    {
      *--p = '0' + value % 10;
      value /= 10;
    }
  while (value != 0);
  out_mem (out, p, digits + sizeof digits - p);
}

static void
out_json_string (Out        *out,
                 const char *text)
{
  const char *run = text;

  out_mem (out, "\"", 1);
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;
      char escape[8];

      if (c >= 0x20 && c != '"' && c != '\\')
        continue;
      out_mem (out, run, p - run);
      run = p + 1;
      switch (c)
        {
        case '"': out_mem (out, "\\\"", 2); break;
        case '\\': out_mem (out, "\\\\", 2); break;
        case '\n': out_mem (out, "\\n", 2); break;
        case '\r': out_mem (out, "\\r", 2); break;
        case '\t': out_mem (out, "\\t", 2); break;
        default:
          g_snprintf (escape, sizeof escape, "\\u%04x", c);
          out_str (out, escape);
          break;
        }
    }
  out_mem (out, run, strlen (run));
  out_mem (out, "\"", 1);
}

static void
out_printf (Out        *out,
            const char *format,
            ...) G_GNUC_PRINTF (2, 3);

static void
out_printf (Out        *out,
            const char *format,
            ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  out_str (out, text);
}

/* Pads @text to @width characters. */
static void
out_padded (Out        *out,
            const char *text,
            guint       width)
{
  glong n = g_utf8_strlen (text, -1);

  out_str (out, text);
  for (glong i = n; i < (glong) width; i++)
    out_mem (out, " ", 1);
}

static const char *
encoding_name (MsiCsvEncoding encoding)
{
  switch (encoding)
    {
    case MSI_CSV_ENCODING_UTF8_BOM:
      return "UTF-8 (BOM)";
    case MSI_CSV_ENCODING_UTF16LE:
      return "UTF-16LE";
    case MSI_CSV_ENCODING_UTF16BE:
      return "UTF-16BE";
    case MSI_CSV_ENCODING_WINDOWS_1252:
      return "Windows-1252";
    case MSI_CSV_ENCODING_UTF8:
    default:
      return "UTF-8";
    }
}

static const char *
separator_name (char separator)
{
  switch (separator)
    {
    case '\t':
      return _("tabs");
    case ';':
      return _("semicolons");
    case '|':
      return _("vertical bars");
    case ',':
    default:
      return _("commas");
    }
}

/* Calls @func for each row that is not ready, with its reason. */
typedef void (*ProblemFunc) (guint            row,
                             guint            line,
                             MsiInviteStatus  status,
                             const char      *reason,
                             guint            duplicate_of,
                             gpointer         user_data);

static char *
reason_for_row (MsiInvitePlan  *self,
                guint           row,
                MsiInviteStatus status,
                MsiCsvSpan    **spans,
                guint          *n_spans)
{
  char *values[MSI_INVITE_N_FIELDS] = { NULL, };
  char *reason;

  /* Only some reasons quote the row. */
  switch (status)
    {
    case MSI_INVITE_STATUS_INVALID_ADDRESS:
    case MSI_INVITE_STATUS_ALREADY_USER:
    case MSI_INVITE_STATUS_ALREADY_INVITED:
    case MSI_INVITE_STATUS_UNKNOWN_TEAM:
    case MSI_INVITE_STATUS_TEAM_LIMIT:
      row_values (self->reader, self->store->columns, row, spans, n_spans, values);
      break;
    case MSI_INVITE_STATUS_READY:
    case MSI_INVITE_STATUS_MISSING_FIELD:
    case MSI_INVITE_STATUS_DUPLICATE:
    case MSI_INVITE_STATUS_OVER_SEAT_LIMIT:
    case MSI_INVITE_STATUS_MALFORMED_ROW:
    case MSI_INVITE_N_STATUSES:
    default:
      break;
    }
  reason = make_reason (self, self->store, &self->params, published_teams (self), row, status,
                        (const char **) values);
  for (guint f = 0; f < MSI_INVITE_N_FIELDS; f++)
    g_free (values[f]);
  return reason;
}

static void
print_json (MsiInvitePlan *self,
            const char    *path,
            Out           *out)
{
  MsiCsvReader *reader = self->reader;
  const char * const *header = msi_csv_reader_get_header (reader);
  g_autofree MsiCsvSpan *spans = NULL;
  g_autofree char *display = g_filename_display_name (path);
  guint n_spans = 0;
  g_auto(GStrv) unmapped = msi_invite_plan_dup_unmapped_columns (self);
  char separator[2] = { msi_csv_reader_get_separator (reader), '\0' };
  const char *ids[MSI_INVITE_N_STATUSES];
  gsize id_lens[MSI_INVITE_N_STATUSES];

  out_str (out, "{\n  \"file\": ");
  out_json_string (out, display);
  out_str (out, ",\n  \"encoding\": ");
  out_json_string (out, encoding_name (msi_csv_reader_get_encoding (reader)));
  out_str (out, ",\n  \"separator\": ");
  out_json_string (out, separator);
  out_str (out, ",\n  \"hasHeader\": ");
  out_str (out, header != NULL ? "true" : "false");
  out_str (out, ",\n  \"notice\": ");
  if (msi_csv_reader_get_notice (reader) != NULL)
    out_json_string (out, msi_csv_reader_get_notice (reader));
  else
    out_str (out, "null");
  out_str (out, ",\n  \"mapping\": [");
  for (guint c = 0; c < self->n_columns; c++)
    {
      out_str (out, c > 0 ? ",\n    {\"column\": " : "\n    {\"column\": ");
      out_uint (out, c + 1);
      out_str (out, ", \"header\": ");
      if (header != NULL)
        out_json_string (out, header[c]);
      else
        out_str (out, "null");
      out_str (out, ", \"field\": ");
      if (self->mapping[c] != MSI_INVITE_FIELD_IGNORE)
        out_json_string (out, msi_invite_field_get_id (self->mapping[c]));
      else
        out_str (out, "null");
      out_str (out, "}");
    }
  out_str (out, "\n  ],\n  \"unmapped\": [");
  for (guint i = 0; unmapped[i] != NULL; i++)
    {
      out_str (out, i > 0 ? ", " : "");
      out_json_string (out, unmapped[i]);
    }
  out_str (out, "],\n  \"mappingProblem\": ");
  if (self->mapping_problem != NULL)
    out_json_string (out, self->mapping_problem);
  else
    out_str (out, "null");

  for (guint s = 0; s < MSI_INVITE_N_STATUSES; s++)
    {
      ids[s] = msi_invite_status_get_id (s);
      id_lens[s] = strlen (ids[s]);
    }
  out_str (out, ",\n  \"rows\": [");
  for (guint r = 0; r < self->n_derived; r++)
    {
      StoreBlock *block = self->store->blocks[r >> STORE_SHIFT];
      MsiInviteStatus status = block->status[r & (STORE_ROWS - 1)];

      if (r > 0)
        out_mem (out, ",", 1);
      out_mem (out, "\n    {\"line\": ", 14);
      out_uint (out, msi_csv_reader_get_row_line (reader, r));
      out_mem (out, ", \"status\": \"", 13);
      out_mem (out, ids[status], id_lens[status]);
      out_mem (out, "\"", 1);
      if (status != MSI_INVITE_STATUS_READY)
        {
          g_autofree char *reason = reason_for_row (self, r, status, &spans, &n_spans);

          out_str (out, ", \"reason\": ");
          out_json_string (out, reason);
          if (status == MSI_INVITE_STATUS_DUPLICATE)
            {
              out_str (out, ", \"duplicateOf\": ");
              out_uint (out, block->detail[r & (STORE_ROWS - 1)]);
            }
        }
      out_mem (out, "}", 1);
    }
  out_str (out, self->n_derived > 0 ? "\n  ],\n  \"counts\": {\"rows\": " : "],\n  \"counts\": {\"rows\": ");
  out_uint (out, self->n_derived);
  out_str (out, ", \"problems\": ");
  out_uint (out, msi_invite_plan_get_n_problems (self));
  for (guint s = 0; s < MSI_INVITE_N_STATUSES; s++)
    {
      out_str (out, ", \"");
      out_str (out, msi_invite_status_get_id (s));
      out_str (out, "\": ");
      out_uint (out, self->counts[s]);
    }
  out_str (out, "}\n}\n");
}

static void
print_table (MsiInvitePlan *self,
             const char    *path,
             Out           *out)
{
  MsiCsvReader *reader = self->reader;
  g_autofree MsiCsvSpan *spans = NULL;
  g_autofree char *display = g_filename_display_name (path);
  guint n_spans = 0;
  guint status_width = g_utf8_strlen (_("Status"), -1);
  guint line_width = g_utf8_strlen (_("Line"), -1);
  guint n_problems = msi_invite_plan_get_n_problems (self);
  const char *notice = msi_csv_reader_get_notice (reader);
  const char *separator = separator_name (msi_csv_reader_get_separator (reader));

  out_printf (out, _("File: %s"), display);
  out_str (out, "\n");
  /* TRANSLATORS: “Read as UTF-8, fields separated by semicolons, the first line is a header.” */
  if (msi_csv_reader_get_header (reader) != NULL)
    out_printf (out, _("Read as %s, fields separated by %s, the first line is a header."),
                encoding_name (msi_csv_reader_get_encoding (reader)), separator);
  else
    out_printf (out, _("Read as %s, fields separated by %s, no header line."),
                encoding_name (msi_csv_reader_get_encoding (reader)), separator);
  out_str (out, "\n");
  if (notice != NULL)
    {
      out_str (out, notice);
      out_str (out, "\n");
    }

  out_str (out, "\n");
  out_str (out, _("Columns:"));
  out_str (out, "\n");
  for (guint c = 0; c < self->n_columns; c++)
    {
      g_autofree char *name = column_name (self, c);

      /* TRANSLATORS: a column of the file and the field it is imported as: “  1  “E-mail” → E-mail address” */
      out_printf (out, _("  %u  “%s” → %s"), c + 1, name, msi_invite_field_get_label (self->mapping[c]));
      out_str (out, "\n");
    }
  if (self->mapping_problem != NULL)
    {
      out_str (out, self->mapping_problem);
      out_str (out, "\n");
    }

  if (n_problems > 0)
    {
      guint max_line = self->n_derived > 0 ? msi_csv_reader_get_row_line (reader, self->n_derived - 1) : 0;
      g_autofree char *max_line_text = g_strdup_printf ("%u", max_line);

      line_width = MAX (line_width, strlen (max_line_text));
      for (guint s = 0; s < MSI_INVITE_N_STATUSES; s++)
        if (self->counts[s] > 0)
          status_width = MAX (status_width, (guint) g_utf8_strlen (msi_invite_status_get_label (s), -1));

      out_str (out, "\n");
      out_str (out, _("Rows that are not ready:"));
      out_str (out, "\n  ");
      out_padded (out, _("Line"), line_width + 2);
      out_padded (out, _("Status"), status_width + 2);
      out_str (out, _("Reason"));
      out_str (out, "\n");
      for (guint r = 0; r < self->n_derived; r++)
        {
          MsiInviteStatus status = self->store->blocks[r >> STORE_SHIFT]->status[r & (STORE_ROWS - 1)];
          g_autofree char *reason = NULL;
          char line[16];

          if (status == MSI_INVITE_STATUS_READY)
            continue;
          reason = reason_for_row (self, r, status, &spans, &n_spans);
          g_snprintf (line, sizeof line, "%u", msi_csv_reader_get_row_line (reader, r));
          out_str (out, "  ");
          out_padded (out, line, line_width + 2);
          out_padded (out, msi_invite_status_get_label (status), status_width + 2);
          out_str (out, reason);
          out_str (out, "\n");
        }
    }

  out_str (out, "\n");
  out_printf (out, g_dngettext (GETTEXT_PACKAGE, "%u row: %u ready, %u not ready.",
                                "%u rows: %u ready, %u not ready.", self->n_derived),
              self->n_derived, msi_invite_plan_get_n_ready (self), n_problems);
  out_str (out, "\n");
  for (guint s = 1; s < MSI_INVITE_N_STATUSES; s++)
    if (self->counts[s] > 0)
      {
        out_str (out, "  ");
        out_padded (out, msi_invite_status_get_label (s), status_width + 2);
        out_uint (out, self->counts[s]);
        out_str (out, "\n");
      }
}

/**
 * msi_invite_plan_check_file:
 * @path: a CSV file
 * @json: whether to print JSON instead of a table
 * @out: where the plan goes
 * @err: where errors go
 *
 * Returns: 0 when every row is ready, 1 when some are not (or nothing is
 *   mapped to e-mail), 2 when the file cannot be read
 */
int
msi_invite_plan_check_file (const char *path,
                            gboolean    json,
                            FILE       *out,
                            FILE       *err)
{
  g_autoptr(MsiInvitePlan) self = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *buffer = NULL;
  Out o;

  g_return_val_if_fail (path != NULL, 2);
  g_return_val_if_fail (out != NULL && err != NULL, 2);

  self = msi_invite_plan_new (NULL);
  if (!msi_invite_plan_load (self, path, NULL, &error))
    {
      g_autofree char *display = g_filename_display_name (path);

      if (g_error_matches (error, MSI_CSV_ERROR, MSI_CSV_ERROR_UNREADABLE))
        fprintf (err, "%s\n", error->message);
      else
        /* TRANSLATORS: the file's name, then what is wrong with it */
        fprintf (err, _("“%s” cannot be read. %s\n"), display, error->message);
      fflush (err);
      return 2;
    }

  o.file = out;
  o.size = 1024 * 1024;
  o.len = 0;
  o.buffer = buffer = g_malloc (o.size);
  if (json)
    print_json (self, path, &o);
  else
    print_table (self, path, &o);
  out_flush (&o);
  fflush (out);

  if (self->mapping_problem != NULL || msi_invite_plan_get_n_problems (self) > 0)
    return 1;
  return 0;
}
