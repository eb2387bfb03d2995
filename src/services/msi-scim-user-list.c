/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-scim-user-list.c: the account's users as a lazily paged GListModel
 *
 * The first page says how many users match (totalResults): the model has
 * that many items at once, placeholders for every page not read yet. A
 * view asking for a placeholder asks for its page; at most two pages are
 * read at a time, the pages nearest the one asked last first, and a page
 * that scrolled far away is forgotten before it is read. When a page
 * arrives its placeholders are replaced (items-changed over the page).
 * A filter or a reload starts over; replies of an older start are
 * ignored.
 */

#define G_LOG_DOMAIN "msi-scim-user-list"

#include "config.h"

#include <gio/gio.h>

#include "msi-scim-user-list.h"

#define PAGE_SIZE      100
#define MAX_IN_FLIGHT  2
#define MAX_QUEUED     16

typedef enum
{
  PAGE_EMPTY,
  PAGE_QUEUED,
  PAGE_LOADING,
  PAGE_LOADED,
} PageState;

struct _MsiScimUserList
{
  GObject        parent_instance;

  MsiScimClient *client;
  char          *filter;

  GPtrArray     *items;        /* MsiScimUser, NULL where no placeholder was made yet */
  GArray        *pages;        /* guint8 PageState, one per page */
  GArray        *queue;        /* guint: pages asked for, not in flight yet */
  guint          in_flight;
  guint          last_asked;
  guint          generation;   /* of the current start */
  GCancellable  *cancellable;
  gboolean       started;      /* the first page arrived */
  gboolean       loading;      /* the first page is being read */
  GError        *error;
};

enum {
  PROP_0,
  PROP_FILTER,
  PROP_N_ITEMS,
  PROP_LOADING,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MsiScimUserList, msi_scim_user_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static void request_page (MsiScimUserList *self,
                          guint            page);

static void
item_free (gpointer item)
{
  if (item != NULL)
    g_object_unref (item);
}

/* --- state ---------------------------------------------------------------------- */

static void
set_loading (MsiScimUserList *self,
             gboolean         loading)
{
  if (self->loading == loading)
    return;

  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
set_error (MsiScimUserList *self,
           const GError    *error)
{
  if (self->error == NULL && error == NULL)
    return;

  g_clear_error (&self->error);
  if (error != NULL)
    self->error = g_error_copy (error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static guint
n_pages_for (guint n_items)
{
  return (n_items + PAGE_SIZE - 1) / PAGE_SIZE;
}

static PageState
page_state (MsiScimUserList *self,
            guint            page)
{
  return page < self->pages->len ? g_array_index (self->pages, guint8, page) : PAGE_EMPTY;
}

static void
set_page_state (MsiScimUserList *self,
                guint            page,
                PageState        state)
{
  if (page < self->pages->len)
    g_array_index (self->pages, guint8, page) = state;
}

/* Resizes the model to @n_items, placeholders at the end. */
static void
resize (MsiScimUserList *self,
        guint            n_items)
{
  guint old = self->items->len;

  if (n_items == old)
    return;

  g_ptr_array_set_size (self->items, n_items);
  g_array_set_size (self->pages, n_pages_for (n_items));

  /* A last page read short has more to read now. */
  if (n_items > old && old % PAGE_SIZE != 0 && page_state (self, old / PAGE_SIZE) == PAGE_LOADED)
    set_page_state (self, old / PAGE_SIZE, PAGE_EMPTY);

  /* Forget queued pages that no longer exist. */
  for (guint i = self->queue->len; i > 0; i--)
    {
      if (g_array_index (self->queue, guint, i - 1) >= self->pages->len)
        g_array_remove_index (self->queue, i - 1);
    }

  if (n_items > old)
    g_list_model_items_changed (G_LIST_MODEL (self), old, 0, n_items - old);
  else
    g_list_model_items_changed (G_LIST_MODEL (self), n_items, old - n_items, 0);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

/* Drops every item and request; the next start reads the first page. */
static void
forget_everything (MsiScimUserList *self)
{
  guint old = self->items->len;

  self->generation++;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_array_set_size (self->queue, 0);
  self->in_flight = 0;
  self->started = FALSE;

  g_ptr_array_set_size (self->items, 0);
  g_array_set_size (self->pages, 0);

  if (old > 0)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), 0, old, 0);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
    }
}

static void
start_over (MsiScimUserList *self)
{
  forget_everything (self);
  set_error (self, NULL);
  set_loading (self, TRUE);
  self->last_asked = 0;
  request_page (self, 0);
}

/* --- reading pages ---------------------------------------------------------------- */

typedef struct
{
  MsiScimUserList *self;
  guint            generation;
  guint            page;
} PageRequest;

static void dispatch (MsiScimUserList *self);

static void
place_page (MsiScimUserList *self,
            guint            page,
            MsiScimUserPage *users)
{
  guint first = page * PAGE_SIZE;
  guint count;

  if (first >= self->items->len)
    return;

  count = MIN (users->users->len, self->items->len - first);
  count = MIN (count, PAGE_SIZE);

  for (guint i = 0; i < count; i++)
    {
      MsiScimUser **slot = (MsiScimUser **)&g_ptr_array_index (self->items, first + i);

      g_clear_object (slot);
      *slot = g_object_ref (g_ptr_array_index (users->users, i));
    }

  set_page_state (self, page, PAGE_LOADED);

  if (count > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), first, count, count);
}

static void
page_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  PageRequest *request = user_data;
  g_autoptr(MsiScimUserList) self = request->self;
  g_autoptr(MsiScimUserPage) users = NULL;
  g_autoptr(GError) error = NULL;
  guint page = request->page;
  gboolean current = request->generation == self->generation;

  g_free (request);

  users = msi_scim_client_list_users_finish (MSI_SCIM_CLIENT (object), result, &error);

  /* A reply to an older start, or to a cancelled list. */
  if (!current)
    return;

  self->in_flight--;

  if (users == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_debug ("Could not read page %u of the users: %s", page, error->message);
          set_error (self, error);
        }

      /* Asking for it again reads it again. */
      set_page_state (self, page, PAGE_EMPTY);
      if (!self->started)
        set_loading (self, FALSE);
      dispatch (self);
      return;
    }

  set_error (self, NULL);

  if (!self->started)
    {
      self->started = TRUE;
      g_ptr_array_set_size (self->items, 0);
      g_array_set_size (self->pages, 0);
      resize (self, users->total_results);
      place_page (self, page, users);
      set_loading (self, FALSE);
    }
  else
    {
      /* Users came or went since the first page. */
      resize (self, users->total_results);
      place_page (self, page, users);
    }

  dispatch (self);
}

static void
send_page (MsiScimUserList *self,
           guint            page)
{
  PageRequest *request = g_new0 (PageRequest, 1);

  request->self = g_object_ref (self);
  request->generation = self->generation;
  request->page = page;

  set_page_state (self, page, PAGE_LOADING);
  self->in_flight++;

  msi_scim_client_list_users_async (self->client, self->filter, page * PAGE_SIZE + 1, PAGE_SIZE,
                                    self->cancellable, page_cb, request);
}

/* Sends queued pages, the nearest to the one asked last first. */
static void
dispatch (MsiScimUserList *self)
{
  while (self->in_flight < MAX_IN_FLIGHT && self->queue->len > 0)
    {
      guint best = 0;
      guint best_distance = G_MAXUINT;
      guint page;

      for (guint i = 0; i < self->queue->len; i++)
        {
          guint candidate = g_array_index (self->queue, guint, i);
          guint distance = candidate > self->last_asked ? candidate - self->last_asked
                                                        : self->last_asked - candidate;

          if (distance < best_distance)
            {
              best = i;
              best_distance = distance;
            }
        }

      page = g_array_index (self->queue, guint, best);
      g_array_remove_index (self->queue, best);
      send_page (self, page);
    }
}

/* Queues @page (if it is neither read nor on its way) and sends what can
 * be sent. */
static void
request_page (MsiScimUserList *self,
              guint            page)
{
  self->last_asked = page;

  if (!self->started)
    {
      /* Only the first page until the size is known. */
      if (self->in_flight == 0 && page == 0)
        {
          PageRequest *request = g_new0 (PageRequest, 1);

          request->self = g_object_ref (self);
          request->generation = self->generation;
          request->page = 0;
          self->in_flight++;
          msi_scim_client_list_users_async (self->client, self->filter, 1, PAGE_SIZE,
                                            self->cancellable, page_cb, request);
        }
      return;
    }

  if (page_state (self, page) != PAGE_EMPTY)
    {
      dispatch (self);
      return;
    }

  set_page_state (self, page, PAGE_QUEUED);
  g_array_append_val (self->queue, page);

  /* Too many asked for: forget the one farthest from here (it scrolled
   * away; asking for it again queues it again). */
  if (self->queue->len > MAX_QUEUED)
    {
      guint worst = 0;
      guint worst_distance = 0;

      for (guint i = 0; i < self->queue->len; i++)
        {
          guint candidate = g_array_index (self->queue, guint, i);
          guint distance = candidate > page ? candidate - page : page - candidate;

          if (distance >= worst_distance)
            {
              worst = i;
              worst_distance = distance;
            }
        }

      set_page_state (self, g_array_index (self->queue, guint, worst), PAGE_EMPTY);
      g_array_remove_index (self->queue, worst);
    }

  dispatch (self);
}

/* --- GListModel ------------------------------------------------------------------- */

static GType
msi_scim_user_list_get_item_type (GListModel *model)
{
  return MSI_TYPE_SCIM_USER;
}

static guint
msi_scim_user_list_get_n_items (GListModel *model)
{
  MsiScimUserList *self = MSI_SCIM_USER_LIST (model);

  return self->items->len;
}

static gpointer
msi_scim_user_list_get_item (GListModel *model,
                             guint       position)
{
  MsiScimUserList *self = MSI_SCIM_USER_LIST (model);
  MsiScimUser **slot;

  if (position >= self->items->len)
    return NULL;

  slot = (MsiScimUser **)&g_ptr_array_index (self->items, position);
  if (*slot == NULL)
    *slot = msi_scim_user_new_placeholder ();

  if (msi_scim_user_get_loading (*slot))
    request_page (self, position / PAGE_SIZE);

  return g_object_ref (*slot);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = msi_scim_user_list_get_item_type;
  iface->get_n_items = msi_scim_user_list_get_n_items;
  iface->get_item = msi_scim_user_list_get_item;
}

/* --- GObject ---------------------------------------------------------------------- */

static void
msi_scim_user_list_dispose (GObject *object)
{
  MsiScimUserList *self = (MsiScimUserList *)object;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);

  G_OBJECT_CLASS (msi_scim_user_list_parent_class)->dispose (object);
}

static void
msi_scim_user_list_finalize (GObject *object)
{
  MsiScimUserList *self = (MsiScimUserList *)object;

  g_clear_object (&self->client);
  g_clear_object (&self->cancellable);
  g_free (self->filter);
  g_ptr_array_unref (self->items);
  g_array_unref (self->pages);
  g_array_unref (self->queue);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (msi_scim_user_list_parent_class)->finalize (object);
}

static void
msi_scim_user_list_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  MsiScimUserList *self = MSI_SCIM_USER_LIST (object);

  switch (prop_id)
    {
    case PROP_FILTER:
      g_value_set_string (value, self->filter);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->items->len);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
msi_scim_user_list_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  MsiScimUserList *self = MSI_SCIM_USER_LIST (object);

  switch (prop_id)
    {
    case PROP_FILTER:
      msi_scim_user_list_set_filter (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
msi_scim_user_list_class_init (MsiScimUserListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags read_only = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = msi_scim_user_list_dispose;
  object_class->finalize = msi_scim_user_list_finalize;
  object_class->get_property = msi_scim_user_list_get_property;
  object_class->set_property = msi_scim_user_list_set_property;

  properties[PROP_FILTER] =
    g_param_spec_string ("filter", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] = g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0, read_only);
  properties[PROP_LOADING] = g_param_spec_boolean ("loading", NULL, NULL, FALSE, read_only);
  properties[PROP_ERROR] = g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR, read_only);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
msi_scim_user_list_init (MsiScimUserList *self)
{
  /* Slots stay NULL until a placeholder or a user goes there. */
  self->items = g_ptr_array_new_with_free_func (item_free);
  self->pages = g_array_new (FALSE, TRUE, sizeof (guint8));
  self->queue = g_array_new (FALSE, FALSE, sizeof (guint));
  self->cancellable = g_cancellable_new ();
}

/**
 * msi_scim_user_list_new:
 * @client: the SCIM client of the signed-in admin
 *
 * Returns: (transfer full): the list, already reading its first page
 */
MsiScimUserList *
msi_scim_user_list_new (MsiScimClient *client)
{
  MsiScimUserList *self;

  g_return_val_if_fail (MSI_IS_SCIM_CLIENT (client), NULL);

  self = g_object_new (MSI_TYPE_SCIM_USER_LIST, NULL);
  self->client = g_object_ref (client);
  start_over (self);

  return self;
}

/**
 * msi_scim_user_list_set_filter:
 * @filter: (nullable): a SCIM filter (msi_scim_build_search_filter()), or
 *   %NULL for every user
 *
 * Starts over with @filter (nothing happens when it is the same).
 */
void
msi_scim_user_list_set_filter (MsiScimUserList *self,
                               const char      *filter)
{
  g_return_if_fail (MSI_IS_SCIM_USER_LIST (self));

  if (g_strcmp0 (self->filter, filter) == 0)
    return;

  g_free (self->filter);
  self->filter = g_strdup (filter);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILTER]);

  if (self->client != NULL)
    start_over (self);
}

const char *
msi_scim_user_list_get_filter (MsiScimUserList *self)
{
  g_return_val_if_fail (MSI_IS_SCIM_USER_LIST (self), NULL);

  return self->filter;
}

/**
 * msi_scim_user_list_reload:
 *
 * Drops every page and reads the first one again.
 */
void
msi_scim_user_list_reload (MsiScimUserList *self)
{
  g_return_if_fail (MSI_IS_SCIM_USER_LIST (self));

  start_over (self);
}

gboolean
msi_scim_user_list_get_loading (MsiScimUserList *self)
{
  g_return_val_if_fail (MSI_IS_SCIM_USER_LIST (self), FALSE);

  return self->loading;
}

/**
 * msi_scim_user_list_get_error:
 *
 * Returns: (nullable) (transfer none): why the last page could not be
 *   read, or %NULL (a page that arrives clears it)
 */
const GError *
msi_scim_user_list_get_error (MsiScimUserList *self)
{
  g_return_val_if_fail (MSI_IS_SCIM_USER_LIST (self), NULL);

  return self->error;
}

/**
 * msi_scim_user_list_cancel:
 *
 * Stops every request; the items read so far stay. Asking for a
 * placeholder afterwards reads its page again.
 */
void
msi_scim_user_list_cancel (MsiScimUserList *self)
{
  g_return_if_fail (MSI_IS_SCIM_USER_LIST (self));

  self->generation++;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->in_flight = 0;

  for (guint i = 0; i < self->queue->len; i++)
    set_page_state (self, g_array_index (self->queue, guint, i), PAGE_EMPTY);
  g_array_set_size (self->queue, 0);

  for (guint i = 0; i < self->pages->len; i++)
    {
      if (page_state (self, i) == PAGE_LOADING)
        set_page_state (self, i, PAGE_EMPTY);
    }

  set_loading (self, FALSE);
}
