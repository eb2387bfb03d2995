/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-token-store.c: signed-in accounts' tokens in the keyring, refreshed once at a time */

#define G_LOG_DOMAIN "msi-token-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "msi-token-store.h"

/*
 * One keyring item per (profile, provider, account) and generation. Its
 * secret is the g_variant_print() of msi_oauth2_tokens_serialize(), with an
 * absolute expiry. Everything is asynchronous: the UI thread never waits
 * for the keyring.
 *
 * Getting an access token is single flight per account: the first caller
 * starts a flight (load, refresh when needed, save) and everyone who asks
 * while it runs joins it and gets its result. So one refresh request
 * reaches the provider however many callers ask at once, and a rotated
 * refresh token is never redeemed twice. A flight is not cancelled with its
 * callers: a refresh that reached the provider must be saved, or the new
 * refresh token would be lost.
 */

struct _MsiTokenStore
{
  GObject             parent_instance;

  MsiTokenStoreClock  clock;
  gpointer            clock_data;
  GDestroyNotify      clock_destroy;

  /* "profile\x1fprovider\x1faccount" → Flight */
  GHashTable         *flights;
};

enum {
  SIGNAL_NEEDS_SIGN_IN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (MsiTokenStore, msi_token_store, G_TYPE_OBJECT)
G_DEFINE_QUARK (msi-token-store-error-quark, msi_token_store_error)

static const SecretSchema token_schema = {
  .name = MSI_TOKEN_STORE_SCHEMA_NAME,
  .flags = SECRET_SCHEMA_DONT_MATCH_NAME,
  .attributes = {
    { "profile", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "provider", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "account", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "generation", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  },
};

/**
 * msi_token_store_get_schema:
 *
 * Returns: (transfer none): the schema of the app's keyring items. It does
 *   not match on its name (%SECRET_SCHEMA_DONT_MATCH_NAME): searches add an
 *   explicit "xdg:schema" attribute so they never touch another app's items.
 */
const SecretSchema *
msi_token_store_get_schema (void)
{
  return &token_schema;
}

static void
wipe_free (gpointer data)
{
  char *s = data;

  if (s != NULL)
    {
      explicit_bzero (s, strlen (s));
      g_free (s);
    }
}

static void
clear_source (GSource **source)
{
  if (*source != NULL)
    {
      g_source_destroy (*source);
      g_clear_pointer (source, g_source_unref);
    }
}

static gint64
default_clock (gpointer user_data)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static gint64
store_now (MsiTokenStore *self)
{
  return self->clock (self->clock_data);
}

/* Attributes that match this app's items only, whatever the schema flag. */
static GHashTable *
new_attributes (const char *profile,
                const char *provider,
                const char *account)
{
  GHashTable *attributes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  g_hash_table_insert (attributes, (gpointer)"xdg:schema", g_strdup (MSI_TOKEN_STORE_SCHEMA_NAME));
  g_hash_table_insert (attributes, (gpointer)"profile", g_strdup (profile));
  if (provider != NULL)
    g_hash_table_insert (attributes, (gpointer)"provider", g_strdup (provider));
  if (account != NULL)
    g_hash_table_insert (attributes, (gpointer)"account", g_strdup (account));
  if (provider != NULL && account != NULL)
    g_hash_table_insert (attributes, (gpointer)"generation", g_strdup (MSI_TOKEN_STORE_GENERATION));

  return attributes;
}

static char *
make_key (const char *profile,
          const char *provider,
          const char *account)
{
  return g_strjoin ("\x1f", profile, provider, account, NULL);
}

/* Turns a libsecret failure into what the person can act on. */
static GError *
keyring_error (GError *error)
{
  GError *ret;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return error;

  g_debug ("Keyring failure: %s", error->message);
  ret = g_error_new_literal (MSI_TOKEN_STORE_ERROR, MSI_TOKEN_STORE_ERROR_UNAVAILABLE,
                             _("The keyring is not available. Unlock it, or install a password "
                               "store such as GNOME Keyring, then try again."));
  g_error_free (error);

  return ret;
}

static GError *
needs_sign_in_error (void)
{
  return g_error_new_literal (MSI_TOKEN_STORE_ERROR, MSI_TOKEN_STORE_ERROR_NEEDS_SIGN_IN,
                              _("Your sign-in has expired. Sign in again."));
}

/* Flights */

typedef struct
{
  MsiTokenStore     *self;
  char              *key;
  char              *profile;
  char              *provider;
  char              *account;
  MsiTokenRefresher *refresher;
  gboolean           force;
  GPtrArray         *stale_tokens;  /* access tokens a service refused */
  gboolean           refreshing;
  MsiOAuth2Tokens   *old_tokens;
  MsiOAuth2Tokens   *new_tokens;
  GPtrArray         *waiters;       /* GTask */
} Flight;

typedef struct
{
  char    *key;
  GSource *cancel_source;
} Waiter;

static void
waiter_free (Waiter *waiter)
{
  clear_source (&waiter->cancel_source);
  g_free (waiter->key);
  g_free (waiter);
}

static void
flight_free (Flight *flight)
{
  g_clear_object (&flight->self);
  g_free (flight->key);
  g_free (flight->profile);
  g_free (flight->provider);
  g_free (flight->account);
  g_clear_object (&flight->refresher);
  g_clear_pointer (&flight->stale_tokens, g_ptr_array_unref);
  g_clear_pointer (&flight->old_tokens, msi_oauth2_tokens_free);
  g_clear_pointer (&flight->new_tokens, msi_oauth2_tokens_free);
  g_clear_pointer (&flight->waiters, g_ptr_array_unref);
  g_free (flight);
}

/* Ends @flight: every waiter gets @access_token, or @error when it is NULL. */
static void
flight_finish (Flight     *flight,
               const char *access_token,
               GError     *error)
{
  MsiTokenStore *self = flight->self;
  g_autoptr(GPtrArray) waiters = g_steal_pointer (&flight->waiters);

  g_assert (g_hash_table_lookup (self->flights, flight->key) == flight);
  g_hash_table_steal (self->flights, flight->key);

  for (guint i = 0; i < waiters->len; i++)
    {
      GTask *task = g_ptr_array_index (waiters, i);
      Waiter *waiter = g_task_get_task_data (task);

      clear_source (&waiter->cancel_source);
      if (access_token != NULL)
        g_task_return_pointer (task, g_strdup (access_token), wipe_free);
      else
        g_task_return_error (task, g_error_copy (error));
    }

  g_clear_error (&error);
  flight_free (flight);
}

static void
flight_invalidated_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  Flight *flight = user_data;
  g_autoptr(GError) error = NULL;

  if (!secret_password_clear_finish (result, &error))
    {
      if (error != NULL)
        g_debug ("Could not remove the stale sign-in: %s", error->message);
    }

  g_signal_emit (flight->self, signals[SIGNAL_NEEDS_SIGN_IN], 0,
                 flight->profile, flight->provider, flight->account);

  flight_finish (flight, NULL, needs_sign_in_error ());
}

/* The tokens are no good any more: forget them and ask for a sign-in. */
static void
flight_invalidate (Flight *flight)
{
  g_autoptr(GHashTable) attributes = new_attributes (flight->profile, flight->provider, flight->account);

  g_debug ("The sign-in of %s at %s (profile %s) is no longer valid",
           flight->account, flight->provider, flight->profile);

  secret_password_clearv (&token_schema, attributes, NULL, flight_invalidated_cb, flight);
}

static void
flight_saved_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Flight *flight = user_data;
  g_autoptr(GError) error = NULL;

  /* The new access token works even when it could not be kept. */
  if (!msi_token_store_save_finish (flight->self, result, &error))
    g_warning ("Could not keep the new tokens of %s at %s (profile %s): %s",
               flight->account, flight->provider, flight->profile, error->message);

  flight_finish (flight, flight->new_tokens->access_token, NULL);
}

static void
flight_refreshed_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  Flight *flight = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MsiOAuth2Tokens) tokens = NULL;
  MsiOAuth2Tokens *old = flight->old_tokens;

  tokens = msi_token_refresher_refresh_finish (MSI_TOKEN_REFRESHER (object), result, &error);

  if (tokens == NULL)
    {
      if (error != NULL &&
          error->domain == g_quark_from_static_string (MSI_TOKEN_STORE_INVALID_GRANT_DOMAIN) &&
          error->code == MSI_TOKEN_STORE_INVALID_GRANT_CODE)
        {
          flight_invalidate (flight);
          return;
        }

      g_debug ("Refreshing the token of %s at %s (profile %s) failed: %s",
               flight->account, flight->provider, flight->profile,
               error ? error->message : "no tokens");
      if (error == NULL)
        error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED,
                                     _("The service did not renew your sign-in."));
      flight_finish (flight, NULL, g_steal_pointer (&error));
      return;
    }

  if (tokens->access_token == NULL || tokens->access_token[0] == '\0')
    {
      flight_finish (flight, NULL,
                     g_error_new_literal (G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                                          _("The service did not renew your sign-in.")));
      return;
    }

  /* Rotation is optional, and so are the other fields of a refresh reply. */
  if (tokens->refresh_token == NULL)
    tokens->refresh_token = g_strdup (old->refresh_token);
  if (tokens->instance_url == NULL)
    tokens->instance_url = g_strdup (old->instance_url);
  if (tokens->id_url == NULL)
    tokens->id_url = g_strdup (old->id_url);
  if (tokens->scope == NULL)
    tokens->scope = g_strdup (old->scope);
  if (tokens->token_type == NULL)
    tokens->token_type = g_strdup (old->token_type);

  g_debug ("Refreshed the token of %s at %s (profile %s)",
           flight->account, flight->provider, flight->profile);

  flight->new_tokens = g_steal_pointer (&tokens);
  msi_token_store_save_async (flight->self, flight->profile, flight->provider, flight->account,
                              flight->new_tokens, NULL, flight_saved_cb, flight);
}

static gboolean
is_stale (Flight                *flight,
          const MsiOAuth2Tokens *tokens)
{
  for (guint i = 0; i < flight->stale_tokens->len; i++)
    if (g_strcmp0 (g_ptr_array_index (flight->stale_tokens, i), tokens->access_token) == 0)
      return TRUE;

  return FALSE;
}

static void
flight_loaded_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Flight *flight = user_data;
  MsiTokenStore *self = flight->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(MsiOAuth2Tokens) tokens = NULL;
  gint64 now;
  gboolean stale;

  tokens = msi_token_store_load_finish (self, result, &error);
  if (error != NULL)
    {
      flight_finish (flight, NULL, g_steal_pointer (&error));
      return;
    }

  if (tokens == NULL)
    {
      g_debug ("No tokens for %s at %s (profile %s)", flight->account, flight->provider, flight->profile);
      flight_finish (flight, NULL, needs_sign_in_error ());
      return;
    }

  now = store_now (self);
  stale = is_stale (flight, tokens);

  if (!flight->force && !stale &&
      !msi_oauth2_tokens_expires_within (tokens, now, MSI_TOKEN_STORE_REFRESH_MARGIN))
    {
      flight_finish (flight, tokens->access_token, NULL);
      return;
    }

  if (tokens->refresh_token == NULL || tokens->refresh_token[0] == '\0')
    {
      /* Nothing to refresh with: use the token while it lasts. */
      if (!flight->force && !stale && !msi_oauth2_tokens_expires_within (tokens, now, 0))
        flight_finish (flight, tokens->access_token, NULL);
      else
        flight_invalidate (flight);
      return;
    }

  g_debug ("Refreshing the token of %s at %s (profile %s)%s",
           flight->account, flight->provider, flight->profile,
           flight->force ? ", as asked" : stale ? ", as the service refused it" : "");

  flight->refreshing = TRUE;
  flight->old_tokens = g_steal_pointer (&tokens);
  msi_token_refresher_refresh_async (flight->refresher, flight->old_tokens->refresh_token,
                                     NULL, flight_refreshed_cb, flight);
}

static gboolean
waiter_cancelled_cb (GCancellable *cancellable,
                     gpointer      user_data)
{
  GTask *task = user_data;
  MsiTokenStore *self = g_task_get_source_object (task);
  Waiter *waiter = g_task_get_task_data (task);
  Flight *flight = g_hash_table_lookup (self->flights, waiter->key);

  g_clear_pointer (&waiter->cancel_source, g_source_unref);

  /* The flight goes on for the others, and to keep what it gets. */
  g_object_ref (task);
  if (flight != NULL)
    g_ptr_array_remove (flight->waiters, task);
  g_task_return_error_if_cancelled (task);
  g_object_unref (task);

  return G_SOURCE_REMOVE;
}

static void
get_access_token (MsiTokenStore       *self,
                  const char          *profile,
                  const char          *provider,
                  const char          *account,
                  MsiTokenRefresher   *refresher,
                  gboolean             force_refresh,
                  const char          *stale_token,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data,
                  gpointer             source_tag)
{
  g_autoptr(GTask) task = NULL;
  Waiter *waiter;
  Flight *flight;
  gboolean start = FALSE;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_name (task, "msi_token_store_get_access_token_async");

  if (g_task_return_error_if_cancelled (task))
    return;

  waiter = g_new0 (Waiter, 1);
  waiter->key = make_key (profile, provider, account);
  g_task_set_task_data (task, waiter, (GDestroyNotify)waiter_free);

  flight = g_hash_table_lookup (self->flights, waiter->key);
  if (flight == NULL)
    {
      flight = g_new0 (Flight, 1);
      flight->self = g_object_ref (self);
      flight->key = g_strdup (waiter->key);
      flight->profile = g_strdup (profile);
      flight->provider = g_strdup (provider);
      flight->account = g_strdup (account);
      flight->refresher = g_object_ref (refresher);
      flight->stale_tokens = g_ptr_array_new_with_free_func (wipe_free);
      flight->waiters = g_ptr_array_new_with_free_func (g_object_unref);
      g_hash_table_insert (self->flights, flight->key, flight);
      start = TRUE;
    }
  else
    g_debug ("Joining the running token request of %s at %s (profile %s)", account, provider, profile);

  /* Before the tokens are loaded, a flight can still take on a refresh.
   * Once it refreshes, its result is what anyone asking needs. */
  if (!flight->refreshing)
    {
      flight->force |= force_refresh;
      if (stale_token != NULL)
        g_ptr_array_add (flight->stale_tokens, g_strdup (stale_token));
    }

  if (cancellable != NULL)
    {
      waiter->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (waiter->cancel_source,
                             (GSourceFunc)(void (*) (void))waiter_cancelled_cb,
                             task, NULL);
      g_source_attach (waiter->cancel_source, g_main_context_get_thread_default ());
    }

  g_ptr_array_add (flight->waiters, g_steal_pointer (&task));

  if (start)
    msi_token_store_load_async (self, profile, provider, account, NULL, flight_loaded_cb, flight);
}

/* GObject */

static void
msi_token_store_finalize (GObject *object)
{
  MsiTokenStore *self = (MsiTokenStore *)object;

  /* Flights hold a reference: none can be running now. */
  g_assert (g_hash_table_size (self->flights) == 0);
  g_clear_pointer (&self->flights, g_hash_table_unref);
  if (self->clock_destroy != NULL)
    self->clock_destroy (self->clock_data);

  G_OBJECT_CLASS (msi_token_store_parent_class)->finalize (object);
}

static void
msi_token_store_class_init (MsiTokenStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = msi_token_store_finalize;

  /**
   * MsiTokenStore::needs-sign-in:
   * @profile: the profile ID
   * @provider: "actions", "salesforce", "microsoft" or "google"
   * @account: the account
   *
   * The provider refused the account's refresh token, or there was none:
   * its tokens are gone and the person must sign in again.
   */
  signals[SIGNAL_NEEDS_SIGN_IN] =
    g_signal_new ("needs-sign-in",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 3,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
msi_token_store_init (MsiTokenStore *self)
{
  self->clock = default_clock;
  self->flights = g_hash_table_new (g_str_hash, g_str_equal);
}

MsiTokenStore *
msi_token_store_new (void)
{
  return g_object_new (MSI_TYPE_TOKEN_STORE, NULL);
}

/**
 * msi_token_store_set_clock:
 * @clock: (nullable): returns the Unix time in seconds; %NULL for the real one
 *
 * For tests: the time that expiries are compared with.
 */
void
msi_token_store_set_clock (MsiTokenStore      *self,
                           MsiTokenStoreClock  clock,
                           gpointer            user_data,
                           GDestroyNotify      destroy)
{
  g_return_if_fail (MSI_IS_TOKEN_STORE (self));

  if (self->clock_destroy != NULL)
    self->clock_destroy (self->clock_data);

  self->clock = clock != NULL ? clock : default_clock;
  self->clock_data = clock != NULL ? user_data : NULL;
  self->clock_destroy = clock != NULL ? destroy : NULL;
}

/* Save */

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_task_return_error (task, keyring_error (error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * msi_token_store_save_async:
 * @profile: the profile ID, such as "demo"
 * @provider: "actions", "salesforce", "microsoft" or "google"
 * @account: the account's stable ID or e-mail address
 * @tokens: the tokens to keep; they replace any kept for the account
 */
void
msi_token_store_save_async (MsiTokenStore         *self,
                            const char            *profile,
                            const char            *provider,
                            const char            *account,
                            const MsiOAuth2Tokens *tokens,
                            GCancellable          *cancellable,
                            GAsyncReadyCallback    callback,
                            gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(GVariant) variant = NULL;
  g_autofree char *label = NULL;
  char *text;

  g_return_if_fail (MSI_IS_TOKEN_STORE (self));
  g_return_if_fail (profile != NULL && provider != NULL && account != NULL);
  g_return_if_fail (tokens != NULL && tokens->access_token != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, msi_token_store_save_async);

  attributes = new_attributes (profile, provider, account);
  variant = g_variant_ref_sink (msi_oauth2_tokens_serialize (tokens));
  /* Type annotations keep expires_at an int64 when it is read back. */
  text = g_variant_print (variant, TRUE);
  /* TRANSLATORS: the keyring item's label; the first %s is a service
   * ("salesforce"), the second an account (an e-mail address) */
  label = g_strdup_printf (_("MSI Actions Setup: %s sign-in for %s"), provider, account);

  g_debug ("Saving the tokens of %s at %s (profile %s)", account, provider, profile);
  secret_password_storev (&token_schema, attributes, SECRET_COLLECTION_DEFAULT, label, text,
                          cancellable, store_cb, g_steal_pointer (&task));
  wipe_free (text);
}

gboolean
msi_token_store_save_finish (MsiTokenStore  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  g_return_val_if_fail (MSI_IS_TOKEN_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == msi_token_store_save_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Load */

typedef struct
{
  char *profile;
  char *provider;
  char *account;
} Account;

static void
account_free (Account *account)
{
  g_free (account->profile);
  g_free (account->provider);
  g_free (account->account);
  g_free (account);
}

static void
malformed_cleared_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!secret_password_clear_finish (result, &error) && error != NULL)
    g_debug ("Could not remove the unreadable tokens: %s", error->message);

  g_task_return_pointer (task, NULL, NULL);
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Account *account = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(GVariant) variant = NULL;
  MsiOAuth2Tokens *tokens = NULL;
  char *text;

  text = secret_password_lookup_finish (result, &error);
  if (error != NULL)
    {
      secret_password_free (text);
      g_task_return_error (task, keyring_error (error));
      return;
    }

  if (text == NULL)
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  variant = g_variant_parse (G_VARIANT_TYPE_VARDICT, text, NULL, NULL, NULL);
  secret_password_free (text);
  if (variant != NULL)
    tokens = msi_oauth2_tokens_deserialize (variant);

  if (tokens == NULL)
    {
      g_autoptr(GHashTable) attributes = new_attributes (account->profile, account->provider, account->account);

      g_debug ("The stored tokens of %s at %s (profile %s) are unreadable: removing them",
               account->account, account->provider, account->profile);
      secret_password_clearv (&token_schema, attributes, NULL,
                              malformed_cleared_cb, g_steal_pointer (&task));
      return;
    }

  g_task_return_pointer (task, tokens, (GDestroyNotify)msi_oauth2_tokens_free);
}

/**
 * msi_token_store_load_async:
 *
 * Reads the account's tokens. An unreadable stored value counts as none,
 * and is removed.
 */
void
msi_token_store_load_async (MsiTokenStore       *self,
                            const char          *profile,
                            const char          *provider,
                            const char          *account,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  Account *data;

  g_return_if_fail (MSI_IS_TOKEN_STORE (self));
  g_return_if_fail (profile != NULL && provider != NULL && account != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, msi_token_store_load_async);

  data = g_new0 (Account, 1);
  data->profile = g_strdup (profile);
  data->provider = g_strdup (provider);
  data->account = g_strdup (account);
  g_task_set_task_data (task, data, (GDestroyNotify)account_free);

  attributes = new_attributes (profile, provider, account);
  secret_password_lookupv (&token_schema, attributes, cancellable, lookup_cb, g_steal_pointer (&task));
}

/**
 * msi_token_store_load_finish:
 *
 * Returns: (transfer full) (nullable): the tokens; %NULL without an error
 *   when none are stored
 */
MsiOAuth2Tokens *
msi_token_store_load_finish (MsiTokenStore  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  g_return_val_if_fail (MSI_IS_TOKEN_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == msi_token_store_load_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Delete */

static void
clear_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  /* FALSE without an error: there was nothing to remove. */
  if (!secret_password_clear_finish (result, &error) && error != NULL)
    g_task_return_error (task, keyring_error (error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * msi_token_store_delete_async:
 *
 * Forgets the account's tokens (of every generation). Succeeds when there
 * were none.
 */
void
msi_token_store_delete_async (MsiTokenStore       *self,
                              const char          *profile,
                              const char          *provider,
                              const char          *account,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) attributes = NULL;

  g_return_if_fail (MSI_IS_TOKEN_STORE (self));
  g_return_if_fail (profile != NULL && provider != NULL && account != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, msi_token_store_delete_async);

  attributes = new_attributes (profile, provider, account);
  g_hash_table_remove (attributes, "generation");

  g_debug ("Forgetting the tokens of %s at %s (profile %s)", account, provider, profile);
  secret_password_clearv (&token_schema, attributes, cancellable, clear_cb, g_steal_pointer (&task));
}

gboolean
msi_token_store_delete_finish (MsiTokenStore  *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  g_return_val_if_fail (MSI_IS_TOKEN_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == msi_token_store_delete_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- sign-out: revoke at the provider, then forget ------------------------- */

typedef struct
{
  char   *profile;
  char   *provider;
  char   *account;
  GError *revoke_error;
} RevokeAndDelete;

static void
revoke_and_delete_free (RevokeAndDelete *data)
{
  g_free (data->profile);
  g_free (data->provider);
  g_free (data->account);
  g_clear_error (&data->revoke_error);
  g_free (data);
}

static void
revoke_and_delete_deleted_cb (GObject      *object,
                              GAsyncResult *result,
                              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RevokeAndDelete *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!msi_token_store_delete_finish (MSI_TOKEN_STORE (object), result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else if (data->revoke_error != NULL)
    /* Forgotten here; the provider could not be told. */
    g_task_return_error (task, g_steal_pointer (&data->revoke_error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
revoke_and_delete_delete (GTask *task)
{
  MsiTokenStore *self = g_task_get_source_object (task);
  RevokeAndDelete *data = g_task_get_task_data (task);

  msi_token_store_delete_async (self, data->profile, data->provider, data->account,
                                NULL, revoke_and_delete_deleted_cb, g_object_ref (task));
}

static void
revoke_and_delete_revoked_cb (GObject      *object,
                              GAsyncResult *result,
                              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RevokeAndDelete *data = g_task_get_task_data (task);

  if (!msi_oauth2_client_revoke_finish (MSI_OAUTH2_CLIENT (object), result, &data->revoke_error))
    g_debug ("Revoking the %s token failed: %s", data->provider, data->revoke_error->message);

  revoke_and_delete_delete (task);
}

static void
revoke_and_delete_loaded_cb (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MsiOAuth2Client *oauth = g_object_get_data (G_OBJECT (task), "msi-oauth");
  g_autoptr(MsiOAuth2Tokens) tokens = NULL;
  const char *token;

  tokens = msi_token_store_load_finish (MSI_TOKEN_STORE (object), result, NULL);
  if (tokens == NULL || oauth == NULL)
    {
      revoke_and_delete_delete (task);
      return;
    }

  /* Revoking the refresh token also ends its access tokens (RFC 7009). */
  token = tokens->refresh_token ? tokens->refresh_token : tokens->access_token;
  msi_oauth2_client_revoke_async (oauth, token, NULL, revoke_and_delete_revoked_cb, g_object_ref (task));
}

/**
 * msi_token_store_revoke_and_delete_async:
 * @oauth: (nullable): the client that issued the tokens, to revoke them
 *
 * A sign-out's clean-up: revokes the account's refresh token (or access
 * token) at the provider, then deletes the keyring entry. The entry is
 * deleted even when the provider cannot be reached; the revocation's
 * error is returned then. Not cancellable: a sign-out always finishes.
 */
void
msi_token_store_revoke_and_delete_async (MsiTokenStore       *self,
                                         const char          *profile,
                                         const char          *provider,
                                         const char          *account,
                                         MsiOAuth2Client     *oauth,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RevokeAndDelete *data;

  g_return_if_fail (MSI_IS_TOKEN_STORE (self));
  g_return_if_fail (profile != NULL && provider != NULL && account != NULL);
  g_return_if_fail (oauth == NULL || MSI_IS_OAUTH2_CLIENT (oauth));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, msi_token_store_revoke_and_delete_async);
  g_task_set_check_cancellable (task, FALSE);
  data = g_new0 (RevokeAndDelete, 1);
  data->profile = g_strdup (profile);
  data->provider = g_strdup (provider);
  data->account = g_strdup (account);
  g_task_set_task_data (task, data, (GDestroyNotify)revoke_and_delete_free);
  if (oauth != NULL)
    g_object_set_data_full (G_OBJECT (task), "msi-oauth", g_object_ref (oauth), g_object_unref);

  msi_token_store_load_async (self, profile, provider, account, NULL,
                              revoke_and_delete_loaded_cb, g_steal_pointer (&task));
}

gboolean
msi_token_store_revoke_and_delete_finish (MsiTokenStore  *self,
                                          GAsyncResult   *result,
                                          GError        **error)
{
  g_return_val_if_fail (MSI_IS_TOKEN_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * msi_token_store_delete_profile_async:
 *
 * Forgets the tokens of every account of @profile: signing out, or
 * removing the profile.
 */
void
msi_token_store_delete_profile_async (MsiTokenStore       *self,
                                      const char          *profile,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) attributes = NULL;

  g_return_if_fail (MSI_IS_TOKEN_STORE (self));
  g_return_if_fail (profile != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, msi_token_store_delete_profile_async);

  attributes = new_attributes (profile, NULL, NULL);

  g_debug ("Forgetting every token of profile %s", profile);
  secret_password_clearv (&token_schema, attributes, cancellable, clear_cb, g_steal_pointer (&task));
}

gboolean
msi_token_store_delete_profile_finish (MsiTokenStore  *self,
                                       GAsyncResult   *result,
                                       GError        **error)
{
  g_return_val_if_fail (MSI_IS_TOKEN_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == msi_token_store_delete_profile_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Access tokens */

/**
 * msi_token_store_get_access_token_async:
 * @refresher: what redeems the refresh token
 * @force_refresh: refresh even when the token has time left, such as
 *   after the service refused it
 *
 * Gets an access token with at least %MSI_TOKEN_STORE_REFRESH_MARGIN
 * seconds left, refreshing and saving the tokens when needed. Callers who
 * ask while a request for the same account runs share its result: one
 * refresh request reaches the provider however many ask at once.
 *
 * Fails with %MSI_TOKEN_STORE_ERROR_NEEDS_SIGN_IN when no tokens are
 * stored, or when the provider refused the refresh token (or there is
 * none and the access token is spent): the tokens are then removed and
 * #MsiTokenStore::needs-sign-in is emitted. Other refresh failures (no
 * network, …) come as the refresher reports them, and the tokens stay.
 */
void
msi_token_store_get_access_token_async (MsiTokenStore       *self,
                                        const char          *profile,
                                        const char          *provider,
                                        const char          *account,
                                        MsiTokenRefresher   *refresher,
                                        gboolean             force_refresh,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_return_if_fail (MSI_IS_TOKEN_STORE (self));
  g_return_if_fail (profile != NULL && provider != NULL && account != NULL);
  g_return_if_fail (MSI_IS_TOKEN_REFRESHER (refresher));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  get_access_token (self, profile, provider, account, refresher, force_refresh, NULL,
                    cancellable, callback, user_data, msi_token_store_get_access_token_async);
}

/**
 * msi_token_store_get_access_token_finish:
 *
 * Returns: (transfer full): the access token: never log it, and wipe it
 *   with explicit_bzero() before freeing it
 */
char *
msi_token_store_get_access_token_finish (MsiTokenStore  *self,
                                         GAsyncResult   *result,
                                         GError        **error)
{
  g_return_val_if_fail (MSI_IS_TOKEN_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == msi_token_store_get_access_token_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Authorized requests */

typedef struct
{
  MsiHttpClient     *http;
  char              *profile;
  char              *provider;
  char              *account;
  MsiTokenRefresher *refresher;
  char              *method;
  char              *path;
  char              *content_type;
  GBytes            *body;
  MsiHttpFlags       flags;
  char              *token;
  gboolean           replayed;
} AuthorizedRequest;

static void
authorized_request_free (AuthorizedRequest *request)
{
  g_clear_object (&request->http);
  g_free (request->profile);
  g_free (request->provider);
  g_free (request->account);
  g_clear_object (&request->refresher);
  g_free (request->method);
  g_free (request->path);
  g_free (request->content_type);
  g_clear_pointer (&request->body, g_bytes_unref);
  g_clear_pointer (&request->token, wipe_free);
  g_free (request);
}

static void authorized_got_token_cb (GObject      *object,
                                     GAsyncResult *result,
                                     gpointer      user_data);

static void
authorized_sent_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MsiTokenStore *self = g_task_get_source_object (task);
  AuthorizedRequest *request = g_task_get_task_data (task);
  GError *error = NULL;
  JsonNode *node;
  JsonNode *error_body = NULL;
  guint status = 0;

  node = msi_http_client_request_json_finish_full (MSI_HTTP_CLIENT (object), result, &status,
                                                   &error_body, &error);
  /* For msi_token_store_authorized_request_finish_status(). */
  g_object_set_data (G_OBJECT (task), "status", GUINT_TO_POINTER (status));
  if (node != NULL)
    {
      g_task_return_pointer (task, node, (GDestroyNotify)json_node_unref);
      return;
    }

  /* For msi_token_store_authorized_request_finish_full(). */
  g_object_set_data_full (G_OBJECT (task), "error-body", error_body,
                          error_body != NULL ? (GDestroyNotify)json_node_unref : NULL);

  if (!request->replayed && g_error_matches (error, MSI_HTTP_ERROR, MSI_HTTP_ERROR_UNAUTHORIZED))
    {
      g_autofree char *stale = g_steal_pointer (&request->token);
      GCancellable *cancellable = g_task_get_cancellable (task);

      g_debug ("%s refused the token of %s at %s (profile %s): refreshing it once",
               g_task_get_name (task), request->account, request->provider, request->profile);
      g_clear_error (&error);
      request->replayed = TRUE;

      /* Refreshes only if no one else did since this token was handed out. */
      get_access_token (self, request->profile, request->provider, request->account,
                        request->refresher, FALSE, stale, cancellable,
                        authorized_got_token_cb, g_steal_pointer (&task),
                        msi_token_store_get_access_token_async);
      explicit_bzero (stale, strlen (stale));
      return;
    }

  g_task_return_error (task, error);
}

static void
authorized_got_token_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MsiTokenStore *self = MSI_TOKEN_STORE (object);
  AuthorizedRequest *request = g_task_get_task_data (task);
  GError *error = NULL;

  g_clear_pointer (&request->token, wipe_free);
  request->token = msi_token_store_get_access_token_finish (self, result, &error);
  if (request->token == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  msi_http_client_send_async (request->http, request->method, request->path,
                              request->body != NULL ? request->content_type : NULL, request->body,
                              request->token, request->flags, g_task_get_cancellable (task),
                              authorized_sent_cb, g_object_ref (task));
}

/**
 * msi_token_store_authorized_request_async:
 * @http: the client of the service
 * @method: "GET", "POST", …
 * @path: a path below @http's base URL
 * @body: (nullable): a JSON body
 *
 * Sends a request with the account's access token. When the service
 * answers 401, refreshes the token (once for all callers) and sends the
 * request again, once; a second 401 is the result.
 */
void
msi_token_store_authorized_request_async (MsiTokenStore       *self,
                                          MsiHttpClient       *http,
                                          const char          *profile,
                                          const char          *provider,
                                          const char          *account,
                                          MsiTokenRefresher   *refresher,
                                          const char          *method,
                                          const char          *path,
                                          JsonNode            *body,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  msi_token_store_authorized_request_full_async (self, http, profile, provider, account, refresher,
                                                 method, path, NULL, body, MSI_HTTP_FLAGS_NONE,
                                                 cancellable, callback, user_data);
}

/**
 * msi_token_store_authorized_request_full_async:
 * @content_type: (nullable): the media type of @body, %NULL for
 *   application/json
 * @flags: the HTTP client's retry behaviour (%MSI_HTTP_FLAGS_IDEMPOTENT
 *   for a POST that is safe to send again) and %MSI_HTTP_FLAGS_SCIM
 *
 * Like msi_token_store_authorized_request_async(), with the body's media
 * type and the request's flags. Finish with any of the
 * msi_token_store_authorized_request_finish*() functions.
 */
void
msi_token_store_authorized_request_full_async (MsiTokenStore       *self,
                                               MsiHttpClient       *http,
                                               const char          *profile,
                                               const char          *provider,
                                               const char          *account,
                                               MsiTokenRefresher   *refresher,
                                               const char          *method,
                                               const char          *path,
                                               const char          *content_type,
                                               JsonNode            *body,
                                               MsiHttpFlags         flags,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *path_only = NULL;
  AuthorizedRequest *request;

  g_return_if_fail (MSI_IS_TOKEN_STORE (self));
  g_return_if_fail (MSI_IS_HTTP_CLIENT (http));
  g_return_if_fail (profile != NULL && provider != NULL && account != NULL);
  g_return_if_fail (MSI_IS_TOKEN_REFRESHER (refresher));
  g_return_if_fail (method != NULL && path != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, msi_token_store_authorized_request_async);
  /* Debug messages show the path without its query. */
  path_only = g_strndup (path, strcspn (path, "?#"));
  g_task_set_name (task, path_only);

  request = g_new0 (AuthorizedRequest, 1);
  request->http = g_object_ref (http);
  request->profile = g_strdup (profile);
  request->provider = g_strdup (provider);
  request->account = g_strdup (account);
  request->refresher = g_object_ref (refresher);
  request->method = g_strdup (method);
  request->path = g_strdup (path);
  request->content_type = g_strdup (content_type != NULL ? content_type : "application/json");
  request->flags = flags;
  if (body != NULL)
    {
      g_autofree char *text = json_to_string (body, FALSE);
      gsize len = strlen (text);

      request->body = g_bytes_new_take (g_steal_pointer (&text), len);
    }
  g_task_set_task_data (task, request, (GDestroyNotify)authorized_request_free);

  get_access_token (self, profile, provider, account, refresher, FALSE, NULL, cancellable,
                    authorized_got_token_cb, g_steal_pointer (&task),
                    msi_token_store_get_access_token_async);
}

/**
 * msi_token_store_authorized_request_finish:
 *
 * Returns: (transfer full): the parsed reply; a JSON null for empty replies
 */
JsonNode *
msi_token_store_authorized_request_finish (MsiTokenStore  *self,
                                           GAsyncResult   *result,
                                           GError        **error)
{
  g_return_val_if_fail (MSI_IS_TOKEN_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == msi_token_store_authorized_request_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * msi_token_store_authorized_request_finish_full:
 * @error_body: (out) (optional) (transfer full) (nullable): on an HTTP
 *   error with a JSON body, that body (an RFC 9457 problem's "type", …)
 *
 * Like msi_token_store_authorized_request_finish(), for callers that read
 * fields of error replies.
 */
JsonNode *
msi_token_store_authorized_request_finish_full (MsiTokenStore  *self,
                                                GAsyncResult   *result,
                                                JsonNode      **error_body,
                                                GError        **error)
{
  g_return_val_if_fail (MSI_IS_TOKEN_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  if (error_body != NULL)
    {
      /* A replayed request may have succeeded after a 401 with a body. */
      JsonNode *node = g_task_had_error (G_TASK (result))
                       ? g_object_get_data (G_OBJECT (result), "error-body")
                       : NULL;

      *error_body = node != NULL ? json_node_ref (node) : NULL;
    }

  return msi_token_store_authorized_request_finish (self, result, error);
}

/**
 * msi_token_store_authorized_request_finish_status:
 * @status: (out) (optional): the HTTP status of the last attempt, 0 when
 *   no reply arrived
 * @error_body: (out) (optional) (transfer full) (nullable): on an HTTP
 *   error with a JSON body, that body
 *
 * Like msi_token_store_authorized_request_finish_full(), with the status.
 */
JsonNode *
msi_token_store_authorized_request_finish_status (MsiTokenStore  *self,
                                                  GAsyncResult   *result,
                                                  guint          *status,
                                                  JsonNode      **error_body,
                                                  GError        **error)
{
  g_return_val_if_fail (MSI_IS_TOKEN_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  if (status != NULL)
    *status = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (result), "status"));

  return msi_token_store_authorized_request_finish_full (self, result, error_body, error);
}
