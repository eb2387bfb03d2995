/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-token-store.c: tokens in the real gnome-keyring, refreshed once however many ask */

#define G_LOG_DOMAIN "test-token-store"

#include "config.h"

#include "common/msi-test-profile.h"

#include <libsoup/soup.h>
#include <string.h>

#include "msi-token-store.h"

#define NOW ((gint64)1700000000)

/* A refresher that counts its calls and answers after a short delay. */

#define TEST_TYPE_REFRESHER (test_refresher_get_type ())

G_DECLARE_FINAL_TYPE (TestRefresher, test_refresher, TEST, REFRESHER, GObject)

struct _TestRefresher
{
  GObject  parent_instance;

  guint    calls;
  guint    delay_ms;
  char    *last_refresh_token;
  char    *next_access_token;
  char    *next_refresh_token;  /* NULL: no rotation */
  gint64   next_expires_at;
  GError  *error;               /* when set, every refresh fails with it */
};

static void test_refresher_iface_init (MsiTokenRefresherInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TestRefresher, test_refresher, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (MSI_TYPE_TOKEN_REFRESHER, test_refresher_iface_init))

static gboolean
refresh_answer_cb (gpointer user_data)
{
  GTask *task = user_data;
  TestRefresher *self = g_task_get_source_object (task);

  if (self->error != NULL)
    g_task_return_error (task, g_error_copy (self->error));
  else
    {
      MsiOAuth2Tokens *tokens = msi_oauth2_tokens_new ();

      tokens->access_token = g_strdup (self->next_access_token);
      tokens->refresh_token = g_strdup (self->next_refresh_token);
      tokens->token_type = g_strdup ("Bearer");
      tokens->expires_at = self->next_expires_at;
      g_task_return_pointer (task, tokens, (GDestroyNotify)msi_oauth2_tokens_free);
    }

  return G_SOURCE_REMOVE;
}

static void
test_refresher_refresh_async (MsiTokenRefresher   *refresher,
                              const char          *refresh_token,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  TestRefresher *self = TEST_REFRESHER (refresher);
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  self->calls++;
  g_free (self->last_refresh_token);
  self->last_refresh_token = g_strdup (refresh_token);
  g_timeout_add_full (G_PRIORITY_DEFAULT, self->delay_ms, refresh_answer_cb, task, g_object_unref);
}

static MsiOAuth2Tokens *
test_refresher_refresh_finish (MsiTokenRefresher  *refresher,
                               GAsyncResult       *result,
                               GError            **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
test_refresher_iface_init (MsiTokenRefresherInterface *iface)
{
  iface->refresh_async = test_refresher_refresh_async;
  iface->refresh_finish = test_refresher_refresh_finish;
}

static void
test_refresher_finalize (GObject *object)
{
  TestRefresher *self = TEST_REFRESHER (object);

  g_free (self->last_refresh_token);
  g_free (self->next_access_token);
  g_free (self->next_refresh_token);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (test_refresher_parent_class)->finalize (object);
}

static void
test_refresher_class_init (TestRefresherClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_refresher_finalize;
}

static void
test_refresher_init (TestRefresher *self)
{
  self->delay_ms = 20;
  self->next_access_token = g_strdup ("access-2");
  self->next_refresh_token = g_strdup ("refresh-2");
  self->next_expires_at = NOW + 3600;
}

/* Helpers */

typedef struct
{
  MsiTokenStore *store;
  TestRefresher *refresher;
  char          *profile;
  guint          needs_sign_in;
  char          *needs_sign_in_args;
} Fixture;

static gint64
fake_clock (gpointer user_data)
{
  return NOW;
}

static void
needs_sign_in_cb (MsiTokenStore *store,
                  const char    *profile,
                  const char    *provider,
                  const char    *account,
                  Fixture       *f)
{
  f->needs_sign_in++;
  g_free (f->needs_sign_in_args);
  f->needs_sign_in_args = g_strdup_printf ("%s %s %s", profile, provider, account);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  static guint counter;
  /* Ids of their own: other test programs share the keyring. */
  g_autofree char *base = msi_test_profile_id ("token-test");

  f->store = msi_token_store_new ();
  msi_token_store_set_clock (f->store, fake_clock, NULL, NULL);
  f->refresher = g_object_new (TEST_TYPE_REFRESHER, NULL);
  f->profile = g_strdup_printf ("%s-%u", base, ++counter);
  g_signal_connect (f->store, "needs-sign-in", G_CALLBACK (needs_sign_in_cb), f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  g_clear_object (&f->refresher);
  g_clear_pointer (&f->profile, g_free);
  g_clear_pointer (&f->needs_sign_in_args, g_free);
}

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *result;
}

static MsiOAuth2Tokens *
make_tokens (const char *access_token,
             const char *refresh_token,
             gint64      expires_at)
{
  MsiOAuth2Tokens *tokens = msi_oauth2_tokens_new ();

  tokens->access_token = g_strdup (access_token);
  tokens->refresh_token = g_strdup (refresh_token);
  tokens->token_type = g_strdup ("Bearer");
  tokens->expires_at = expires_at;

  return tokens;
}

static void
save (Fixture               *f,
      const char            *profile,
      const char            *provider,
      const char            *account,
      const MsiOAuth2Tokens *tokens)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  msi_token_store_save_async (f->store, profile, provider, account, tokens, NULL, result_cb, &result);
  g_assert_true (msi_token_store_save_finish (f->store, wait_result (&result), &error));
  g_assert_no_error (error);
}

static MsiOAuth2Tokens *
load (Fixture    *f,
      const char *profile,
      const char *provider,
      const char *account)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  MsiOAuth2Tokens *tokens;

  msi_token_store_load_async (f->store, profile, provider, account, NULL, result_cb, &result);
  tokens = msi_token_store_load_finish (f->store, wait_result (&result), &error);
  g_assert_no_error (error);

  return tokens;
}

static char *
get_token (Fixture     *f,
           gboolean     force,
           GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  msi_token_store_get_access_token_async (f->store, f->profile, "salesforce", "ana@example.com",
                                          MSI_TOKEN_REFRESHER (f->refresher), force,
                                          NULL, result_cb, &result);
  return msi_token_store_get_access_token_finish (f->store, wait_result (&result), error);
}

static GList *
search_items (GHashTable *attributes)
{
  g_autoptr(GError) error = NULL;
  GList *items;

  items = secret_password_searchv_sync (msi_token_store_get_schema (), attributes,
                                        SECRET_SEARCH_ALL | SECRET_SEARCH_UNLOCK | SECRET_SEARCH_LOAD_SECRETS,
                                        NULL, &error);
  g_assert_no_error (error);

  return items;
}

/* Keyring basics */

static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(MsiOAuth2Tokens) tokens = make_tokens ("access-1", "refresh-1", NOW + 3600);
  g_autoptr(MsiOAuth2Tokens) loaded = NULL;
  g_autoptr(MsiOAuth2Tokens) replaced = make_tokens ("access-3", NULL, 0);

  tokens->scope = g_strdup ("api refresh_token");
  tokens->instance_url = g_strdup ("https://na1.example.com");
  tokens->id_url = g_strdup ("https://login.example.com/id/00D/005");
  tokens->id_token = g_strdup ("eyJ.eyJ.sig");
  save (f, f->profile, "salesforce", "ana@example.com", tokens);

  loaded = load (f, f->profile, "salesforce", "ana@example.com");
  g_assert_nonnull (loaded);
  g_assert_cmpstr (loaded->access_token, ==, "access-1");
  g_assert_cmpstr (loaded->refresh_token, ==, "refresh-1");
  g_assert_cmpstr (loaded->token_type, ==, "Bearer");
  g_assert_cmpstr (loaded->scope, ==, "api refresh_token");
  g_assert_cmpstr (loaded->instance_url, ==, "https://na1.example.com");
  g_assert_cmpstr (loaded->id_url, ==, "https://login.example.com/id/00D/005");
  g_assert_cmpstr (loaded->id_token, ==, "eyJ.eyJ.sig");
  g_assert_cmpint (loaded->expires_at, ==, NOW + 3600);
  g_clear_pointer (&loaded, msi_oauth2_tokens_free);

  /* Saving again replaces, and does not add a second item. */
  save (f, f->profile, "salesforce", "ana@example.com", replaced);
  loaded = load (f, f->profile, "salesforce", "ana@example.com");
  g_assert_cmpstr (loaded->access_token, ==, "access-3");
  g_assert_null (loaded->refresh_token);
  g_assert_cmpint (loaded->expires_at, ==, 0);
  {
    g_autoptr(GHashTable) attributes = g_hash_table_new (g_str_hash, g_str_equal);
    GList *items;

    g_hash_table_insert (attributes, (gpointer)"profile", f->profile);
    items = search_items (attributes);
    g_assert_cmpuint (g_list_length (items), ==, 1);
    g_list_free_full (items, g_object_unref);
  }
}

static void
test_load_nothing (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(MsiOAuth2Tokens) loaded = load (f, f->profile, "google", "nobody@example.com");

  g_assert_null (loaded);
}

static void
test_delete (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(MsiOAuth2Tokens) tokens = make_tokens ("access-1", "refresh-1", NOW + 3600);
  g_autoptr(MsiOAuth2Tokens) loaded = NULL;

  save (f, f->profile, "microsoft", "ana@example.com", tokens);
  save (f, f->profile, "microsoft", "bo@example.com", tokens);

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;

      /* The second time there is nothing left: still a success. */
      msi_token_store_delete_async (f->store, f->profile, "microsoft", "ana@example.com",
                                    NULL, result_cb, &result);
      g_assert_true (msi_token_store_delete_finish (f->store, wait_result (&result), &error));
      g_assert_no_error (error);
    }

  loaded = load (f, f->profile, "microsoft", "ana@example.com");
  g_assert_null (loaded);
  loaded = load (f, f->profile, "microsoft", "bo@example.com");
  g_assert_nonnull (loaded);
}

static void
test_delete_profile (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(MsiOAuth2Tokens) tokens = make_tokens ("access-1", "refresh-1", NOW + 3600);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *other = g_strconcat (f->profile, "-other", NULL);
  g_autoptr(MsiOAuth2Tokens) a = NULL;
  g_autoptr(MsiOAuth2Tokens) b = NULL;
  g_autoptr(MsiOAuth2Tokens) c = NULL;

  save (f, f->profile, "actions", "ana", tokens);
  save (f, f->profile, "google", "ana@example.com", tokens);
  save (f, other, "actions", "ana", tokens);

  msi_token_store_delete_profile_async (f->store, f->profile, NULL, result_cb, &result);
  g_assert_true (msi_token_store_delete_profile_finish (f->store, wait_result (&result), &error));
  g_assert_no_error (error);

  a = load (f, f->profile, "actions", "ana");
  b = load (f, f->profile, "google", "ana@example.com");
  c = load (f, other, "actions", "ana");
  g_assert_null (a);
  g_assert_null (b);
  g_assert_nonnull (c);
  g_assert_cmpstr (c->access_token, ==, "access-1");
}

static void
test_attributes (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(MsiOAuth2Tokens) tokens = make_tokens ("access-1", "refresh-1", NOW + 3600);
  g_autoptr(GHashTable) query = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(SecretValue) value = NULL;
  g_autoptr(GVariant) variant = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;
  GList *items;
  const char *text;

  save (f, f->profile, "salesforce", "ana@example.com", tokens);

  g_hash_table_insert (query, (gpointer)"profile", f->profile);
  items = search_items (query);
  g_assert_cmpuint (g_list_length (items), ==, 1);

  attributes = secret_retrievable_get_attributes (items->data);
  g_assert_cmpuint (g_hash_table_size (attributes), ==, 5);
  g_assert_cmpstr (g_hash_table_lookup (attributes, "xdg:schema"), ==, "io.github.msiactions.Setup.Token");
  g_assert_cmpstr (g_hash_table_lookup (attributes, "profile"), ==, f->profile);
  g_assert_cmpstr (g_hash_table_lookup (attributes, "provider"), ==, "salesforce");
  g_assert_cmpstr (g_hash_table_lookup (attributes, "account"), ==, "ana@example.com");
  g_assert_cmpstr (g_hash_table_lookup (attributes, "generation"), ==, "1");

  label = secret_retrievable_get_label (items->data);
  g_assert_cmpstr (label, ==, "MSI Actions Setup: salesforce sign-in for ana@example.com");

  value = secret_retrievable_retrieve_secret_sync (items->data, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (secret_value_get_content_type (value), ==, "text/plain");
  text = secret_value_get_text (value);
  variant = g_variant_parse (G_VARIANT_TYPE_VARDICT, text, NULL, NULL, &error);
  g_assert_no_error (error);
  {
    GVariantDict dict;
    gint64 expires_at = 0;
    const char *access_token = NULL;

    g_variant_dict_init (&dict, variant);
    g_assert_true (g_variant_dict_lookup (&dict, "access_token", "&s", &access_token));
    g_assert_cmpstr (access_token, ==, "access-1");
    g_assert_true (g_variant_dict_lookup (&dict, "expires_at", "x", &expires_at));
    g_assert_cmpint (expires_at, ==, NOW + 3600);
    g_variant_dict_clear (&dict);
  }

  g_list_free_full (items, g_object_unref);
}

static void
test_malformed (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GHashTable) attributes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  g_autoptr(MsiOAuth2Tokens) loaded = NULL;
  GList *items;

  g_hash_table_insert (attributes, (gpointer)"profile", f->profile);
  g_hash_table_insert (attributes, (gpointer)"provider", (gpointer)"google");
  g_hash_table_insert (attributes, (gpointer)"account", (gpointer)"ana@example.com");
  g_hash_table_insert (attributes, (gpointer)"generation", (gpointer)"1");

  for (guint i = 0; i < 2; i++)
    {
      /* Not GVariant text, then GVariant text without an access token. */
      const char *garbage = i == 0 ? "{'access_token': <'unterminated" : "{'scope': <'api'>}";

      g_assert_true (secret_password_storev_sync (msi_token_store_get_schema (), attributes, NULL,
                                                  "garbage", garbage, NULL, &error));
      g_assert_no_error (error);

      loaded = load (f, f->profile, "google", "ana@example.com");
      g_assert_null (loaded);

      items = search_items (attributes);
      g_assert_null (items);
    }
}

/* Access tokens and refresh */

static void
test_fresh_token_not_refreshed (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(MsiOAuth2Tokens) tokens = make_tokens ("access-1", "refresh-1", NOW + 3600);
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;

  save (f, f->profile, "salesforce", "ana@example.com", tokens);

  token = get_token (f, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, "access-1");
  g_assert_cmpuint (f->refresher->calls, ==, 0);

  /* Unknown expiry counts as valid: a 401 triggers the refresh then. */
  g_clear_pointer (&tokens, msi_oauth2_tokens_free);
  g_clear_pointer (&token, g_free);
  tokens = make_tokens ("access-0", "refresh-1", 0);
  save (f, f->profile, "salesforce", "ana@example.com", tokens);
  token = get_token (f, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, "access-0");
  g_assert_cmpuint (f->refresher->calls, ==, 0);
}

static void
test_expiring_token_refreshed (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(MsiOAuth2Tokens) tokens = make_tokens ("access-1", "refresh-1", NOW + 300);
  g_autoptr(MsiOAuth2Tokens) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *again = NULL;

  tokens->instance_url = g_strdup ("https://na1.example.com");
  save (f, f->profile, "salesforce", "ana@example.com", tokens);

  token = get_token (f, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, "access-2");
  g_assert_cmpuint (f->refresher->calls, ==, 1);
  g_assert_cmpstr (f->refresher->last_refresh_token, ==, "refresh-1");

  loaded = load (f, f->profile, "salesforce", "ana@example.com");
  g_assert_cmpstr (loaded->access_token, ==, "access-2");
  g_assert_cmpstr (loaded->refresh_token, ==, "refresh-2");
  g_assert_cmpint (loaded->expires_at, ==, NOW + 3600);
  /* What the refresh reply did not carry is kept. */
  g_assert_cmpstr (loaded->instance_url, ==, "https://na1.example.com");

  /* The saved token is fresh: no second refresh. */
  again = get_token (f, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again, ==, "access-2");
  g_assert_cmpuint (f->refresher->calls, ==, 1);
}

static void
test_refresh_keeps_unrotated_refresh_token (Fixture       *f,
                                            gconstpointer  data)
{
  g_autoptr(MsiOAuth2Tokens) tokens = make_tokens ("access-1", "refresh-1", NOW - 10);
  g_autoptr(MsiOAuth2Tokens) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;

  g_clear_pointer (&f->refresher->next_refresh_token, g_free);
  save (f, f->profile, "salesforce", "ana@example.com", tokens);

  token = get_token (f, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, "access-2");

  loaded = load (f, f->profile, "salesforce", "ana@example.com");
  g_assert_cmpstr (loaded->refresh_token, ==, "refresh-1");
}

static void
test_force_refresh (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(MsiOAuth2Tokens) tokens = make_tokens ("access-1", "refresh-1", NOW + 3600);
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;

  save (f, f->profile, "salesforce", "ana@example.com", tokens);

  token = get_token (f, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, "access-2");
  g_assert_cmpuint (f->refresher->calls, ==, 1);
}

static void
test_single_flight (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(MsiOAuth2Tokens) tokens = make_tokens ("access-1", "refresh-1", NOW + 60);
  GAsyncResult *results[10] = { NULL, };

  f->refresher->delay_ms = 100;
  save (f, f->profile, "salesforce", "ana@example.com", tokens);

  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    msi_token_store_get_access_token_async (f->store, f->profile, "salesforce", "ana@example.com",
                                            MSI_TOKEN_REFRESHER (f->refresher), FALSE,
                                            NULL, result_cb, &results[i]);

  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *token = NULL;

      token = msi_token_store_get_access_token_finish (f->store, wait_result (&results[i]), &error);
      g_assert_no_error (error);
      g_assert_cmpstr (token, ==, "access-2");
      g_clear_object (&results[i]);
    }

  g_assert_cmpuint (f->refresher->calls, ==, 1);

  /* Callers that ask while the keyring is being read join the same flight,
   * even with force_refresh. */
  {
    GAsyncResult *forced[5] = { NULL, };

    f->refresher->next_access_token[strlen ("access-")] = '3';
    for (guint i = 0; i < G_N_ELEMENTS (forced); i++)
      msi_token_store_get_access_token_async (f->store, f->profile, "salesforce", "ana@example.com",
                                              MSI_TOKEN_REFRESHER (f->refresher), TRUE,
                                              NULL, result_cb, &forced[i]);
    for (guint i = 0; i < G_N_ELEMENTS (forced); i++)
      {
        g_autoptr(GError) error = NULL;
        g_autofree char *token = NULL;

        token = msi_token_store_get_access_token_finish (f->store, wait_result (&forced[i]), &error);
        g_assert_no_error (error);
        g_assert_cmpstr (token, ==, "access-3");
        g_clear_object (&forced[i]);
      }
    g_assert_cmpuint (f->refresher->calls, ==, 2);
  }
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_cancelled_caller (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(MsiOAuth2Tokens) tokens = make_tokens ("access-1", "refresh-1", NOW + 60);
  g_autoptr(MsiOAuth2Tokens) loaded = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) first = NULL;
  g_autoptr(GAsyncResult) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;

  f->refresher->delay_ms = 200;
  save (f, f->profile, "salesforce", "ana@example.com", tokens);

  msi_token_store_get_access_token_async (f->store, f->profile, "salesforce", "ana@example.com",
                                          MSI_TOKEN_REFRESHER (f->refresher), FALSE,
                                          cancellable, result_cb, &first);
  msi_token_store_get_access_token_async (f->store, f->profile, "salesforce", "ana@example.com",
                                          MSI_TOKEN_REFRESHER (f->refresher), FALSE,
                                          NULL, result_cb, &second);
  g_timeout_add (50, cancel_cb, cancellable);

  /* The cancelled caller returns at once… */
  token = msi_token_store_get_access_token_finish (f->store, wait_result (&first), &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (token);
  g_assert_null (second);
  g_clear_error (&error);

  /* …and the refresh goes on for the other one, and is kept. */
  token = msi_token_store_get_access_token_finish (f->store, wait_result (&second), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, "access-2");
  g_assert_cmpuint (f->refresher->calls, ==, 1);

  loaded = load (f, f->profile, "salesforce", "ana@example.com");
  g_assert_cmpstr (loaded->refresh_token, ==, "refresh-2");
}

static void
test_invalid_grant (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(MsiOAuth2Tokens) tokens = make_tokens ("access-1", "refresh-1", NOW + 60);
  g_autoptr(MsiOAuth2Tokens) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *expected = g_strdup_printf ("%s salesforce ana@example.com", f->profile);

  f->refresher->error = g_error_new_literal (g_quark_from_static_string ("msi-oauth2-error-quark"),
                                             MSI_TOKEN_STORE_INVALID_GRANT_CODE,
                                             "expired access/refresh token");
  save (f, f->profile, "salesforce", "ana@example.com", tokens);

  token = get_token (f, FALSE, &error);
  g_assert_null (token);
  g_assert_error (error, MSI_TOKEN_STORE_ERROR, MSI_TOKEN_STORE_ERROR_NEEDS_SIGN_IN);
  g_assert_cmpuint (f->refresher->calls, ==, 1);
  g_assert_cmpuint (f->needs_sign_in, ==, 1);
  g_assert_cmpstr (f->needs_sign_in_args, ==, expected);

  loaded = load (f, f->profile, "salesforce", "ana@example.com");
  g_assert_null (loaded);
}

static void
test_other_refresh_error (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(MsiOAuth2Tokens) tokens = make_tokens ("access-1", "refresh-1", NOW + 60);
  g_autoptr(MsiOAuth2Tokens) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;

  /* Same domain, another code (a network failure): the tokens stay. */
  f->refresher->error = g_error_new_literal (g_quark_from_static_string ("msi-oauth2-error-quark"),
                                             MSI_TOKEN_STORE_INVALID_GRANT_CODE + 1, "no network");
  save (f, f->profile, "salesforce", "ana@example.com", tokens);

  token = get_token (f, FALSE, &error);
  g_assert_null (token);
  g_assert_error (error, g_quark_from_static_string ("msi-oauth2-error-quark"),
                  MSI_TOKEN_STORE_INVALID_GRANT_CODE + 1);
  g_assert_cmpuint (f->needs_sign_in, ==, 0);

  loaded = load (f, f->profile, "salesforce", "ana@example.com");
  g_assert_nonnull (loaded);
  g_assert_cmpstr (loaded->refresh_token, ==, "refresh-1");
}

static void
test_no_tokens (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = get_token (f, FALSE, &error);

  g_assert_null (token);
  g_assert_error (error, MSI_TOKEN_STORE_ERROR, MSI_TOKEN_STORE_ERROR_NEEDS_SIGN_IN);
  g_assert_cmpuint (f->refresher->calls, ==, 0);
}

static void
test_no_refresh_token (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(MsiOAuth2Tokens) lasting = make_tokens ("access-1", NULL, NOW + 120);
  g_autoptr(MsiOAuth2Tokens) spent = make_tokens ("access-1", NULL, NOW - 1);
  g_autoptr(MsiOAuth2Tokens) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;

  /* Nothing to refresh with, but still valid: used while it lasts. */
  save (f, f->profile, "salesforce", "ana@example.com", lasting);
  token = get_token (f, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, "access-1");
  g_clear_pointer (&token, g_free);

  /* Spent: sign in again. */
  save (f, f->profile, "salesforce", "ana@example.com", spent);
  token = get_token (f, FALSE, &error);
  g_assert_null (token);
  g_assert_error (error, MSI_TOKEN_STORE_ERROR, MSI_TOKEN_STORE_ERROR_NEEDS_SIGN_IN);
  g_assert_cmpuint (f->refresher->calls, ==, 0);
  g_assert_cmpuint (f->needs_sign_in, ==, 1);

  loaded = load (f, f->profile, "salesforce", "ana@example.com");
  g_assert_null (loaded);
}

/* Authorized requests */

typedef struct
{
  SoupServer *server;
  char       *base_url;
  guint       requests;
  gboolean    always_refuse;
  GPtrArray  *tokens_seen;
  /* A request to /slow with the first token, held until the test answers it. */
  SoupServerMessage *held;
} Service;

static void
service_handler (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  Service *service = user_data;
  const char *auth = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                   "Authorization");
  const char *body;

  service->requests++;
  g_ptr_array_add (service->tokens_seen, g_strdup (auth ? auth : "(none)"));

  if (g_str_equal (path, "/slow") && g_strcmp0 (auth, "Bearer access-1") == 0)
    {
      g_assert_null (service->held);
      service->held = msg;
      soup_server_message_pause (msg);
      return;
    }

  if (g_strcmp0 (auth, "Bearer access-2") == 0 && !service->always_refuse)
    {
      g_autoptr(GBytes) sent = soup_message_body_flatten (soup_server_message_get_request_body (msg));

      /* The body is sent again with the replay. */
      g_assert_cmpstr (g_bytes_get_data (sent, NULL), ==, "{\"name\":\"Northwind\"}");
      body = "{\"id\": \"acc-1\"}";
      soup_server_message_set_status (msg, 201, NULL);
    }
  else
    {
      body = "{\"error\": \"invalid_token\", \"error_description\": \"The access token expired\"}";
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "WWW-Authenticate", "Bearer error=\"invalid_token\"");
      soup_server_message_set_status (msg, 401, NULL);
    }
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body, strlen (body));
}

static void
service_start (Service *service)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  service->tokens_seen = g_ptr_array_new_with_free_func (g_free);
  service->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (service->server, NULL, service_handler, service, NULL);
  g_assert_true (soup_server_listen_local (service->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (service->server);
  service->base_url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);
}

static void
service_stop (Service *service)
{
  soup_server_disconnect (service->server);
  g_clear_object (&service->server);
  g_clear_pointer (&service->base_url, g_free);
  g_clear_pointer (&service->tokens_seen, g_ptr_array_unref);
}

static JsonNode *
authorized_post (Fixture   *f,
                 Service   *service,
                 GError   **error)
{
  g_autoptr(MsiHttpClient) http = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) body = json_from_string ("{\"name\": \"Northwind\"}", NULL);

  http = msi_http_client_new (session, service->base_url);
  msi_http_client_set_retry_delay (http, 1, 1);
  msi_token_store_authorized_request_async (f->store, http, f->profile, "salesforce", "ana@example.com",
                                            MSI_TOKEN_REFRESHER (f->refresher), "POST", "/v1/accounts?x=1",
                                            body, NULL, result_cb, &result);
  return msi_token_store_authorized_request_finish (f->store, wait_result (&result), error);
}

static void
test_authorized_request_replayed (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(MsiOAuth2Tokens) tokens = make_tokens ("access-1", "refresh-1", NOW + 3600);
  g_autoptr(MsiOAuth2Tokens) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) reply = NULL;
  Service service = { 0 };

  service_start (&service);
  save (f, f->profile, "salesforce", "ana@example.com", tokens);

  reply = authorized_post (f, &service, &error);
  g_assert_no_error (error);
  g_assert_nonnull (reply);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (reply), "id"), ==, "acc-1");

  g_assert_cmpuint (f->refresher->calls, ==, 1);
  g_assert_cmpuint (service.requests, ==, 2);
  g_assert_cmpstr (service.tokens_seen->pdata[0], ==, "Bearer access-1");
  g_assert_cmpstr (service.tokens_seen->pdata[1], ==, "Bearer access-2");

  loaded = load (f, f->profile, "salesforce", "ana@example.com");
  g_assert_cmpstr (loaded->access_token, ==, "access-2");

  service_stop (&service);
}

static void
test_authorized_request_refused_twice (Fixture       *f,
                                       gconstpointer  data)
{
  g_autoptr(MsiOAuth2Tokens) tokens = make_tokens ("access-1", "refresh-1", NOW + 3600);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) reply = NULL;
  Service service = { 0 };

  service.always_refuse = TRUE;
  service_start (&service);
  save (f, f->profile, "salesforce", "ana@example.com", tokens);

  reply = authorized_post (f, &service, &error);
  g_assert_null (reply);
  g_assert_error (error, MSI_HTTP_ERROR, MSI_HTTP_ERROR_UNAUTHORIZED);
  g_assert_cmpuint (service.requests, ==, 2);
  g_assert_cmpuint (f->refresher->calls, ==, 1);
  /* A refused request is not a refused refresh token: still signed in. */
  g_assert_cmpuint (f->needs_sign_in, ==, 0);

  service_stop (&service);
}

static void
test_authorized_requests_share_refresh (Fixture       *f,
                                        gconstpointer  data)
{
  g_autoptr(MsiOAuth2Tokens) tokens = make_tokens ("access-1", "refresh-1", NOW + 3600);
  g_autoptr(MsiHttpClient) http = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  GAsyncResult *results[6] = { NULL, };
  Service service = { 0 };

  service_start (&service);
  save (f, f->profile, "salesforce", "ana@example.com", tokens);
  http = msi_http_client_new (session, service.base_url);

  /* All get 401 with access-1 at about the same time; one refresh serves all. */
  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    {
      g_autoptr(JsonNode) body = json_from_string ("{\"name\": \"Northwind\"}", NULL);

      msi_token_store_authorized_request_async (f->store, http, f->profile, "salesforce", "ana@example.com",
                                                MSI_TOKEN_REFRESHER (f->refresher), "POST", "/v1/accounts",
                                                body, NULL, result_cb, &results[i]);
    }

  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) reply = NULL;

      reply = msi_token_store_authorized_request_finish (f->store, wait_result (&results[i]), &error);
      g_assert_no_error (error);
      g_assert_nonnull (reply);
      g_clear_object (&results[i]);
    }

  g_assert_cmpuint (f->refresher->calls, ==, 1);
  g_assert_cmpuint (service.requests, ==, 2 * G_N_ELEMENTS (results));

  service_stop (&service);
}

static void
test_late_401_does_not_refresh_again (Fixture       *f,
                                      gconstpointer  data)
{
  g_autoptr(MsiOAuth2Tokens) tokens = make_tokens ("access-1", "refresh-1", NOW + 3600);
  g_autoptr(MsiHttpClient) http = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GAsyncResult) fast = NULL;
  g_autoptr(GAsyncResult) slow = NULL;
  g_autoptr(JsonNode) body = json_from_string ("{\"name\": \"Northwind\"}", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) fast_reply = NULL;
  g_autoptr(JsonNode) slow_reply = NULL;
  const char *refusal = "{\"error\": \"invalid_token\"}";
  Service service = { 0 };

  service_start (&service);
  save (f, f->profile, "salesforce", "ana@example.com", tokens);
  http = msi_http_client_new (session, service.base_url);

  msi_token_store_authorized_request_async (f->store, http, f->profile, "salesforce", "ana@example.com",
                                            MSI_TOKEN_REFRESHER (f->refresher), "POST", "/fast",
                                            body, NULL, result_cb, &fast);
  msi_token_store_authorized_request_async (f->store, http, f->profile, "salesforce", "ana@example.com",
                                            MSI_TOKEN_REFRESHER (f->refresher), "POST", "/slow",
                                            body, NULL, result_cb, &slow);

  /* The fast one is refused, refreshes and succeeds with the new token… */
  fast_reply = msi_token_store_authorized_request_finish (f->store, wait_result (&fast), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (f->refresher->calls, ==, 1);

  /* …then the slow one is refused the old token: it takes the new one
   * from the keyring instead of refreshing again. */
  while (service.held == NULL)
    g_main_context_iteration (NULL, TRUE);
  soup_server_message_set_status (service.held, 401, NULL);
  soup_server_message_set_response (service.held, "application/json", SOUP_MEMORY_STATIC,
                                    refusal, strlen (refusal));
  soup_server_message_unpause (service.held);

  slow_reply = msi_token_store_authorized_request_finish (f->store, wait_result (&slow), &error);
  g_assert_no_error (error);
  g_assert_nonnull (slow_reply);
  g_assert_cmpuint (f->refresher->calls, ==, 1);
  g_assert_cmpuint (service.requests, ==, 4);

  service_stop (&service);
}

static void
test_keyring_unavailable (Fixture       *f,
                          gconstpointer  data)
{
  if (g_test_subprocess ())
    {
      g_autoptr(MsiOAuth2Tokens) tokens = make_tokens ("access-1", "refresh-1", NOW + 3600);
      g_autoptr(GAsyncResult) saved = NULL;
      g_autoptr(GAsyncResult) loaded = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(MsiOAuth2Tokens) none = NULL;
      g_autofree char *token = NULL;

      /* No session bus, so no Secret Service. */
      g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus", TRUE);

      msi_token_store_save_async (f->store, f->profile, "google", "ana@example.com", tokens,
                                  NULL, result_cb, &saved);
      g_assert_false (msi_token_store_save_finish (f->store, wait_result (&saved), &error));
      g_assert_error (error, MSI_TOKEN_STORE_ERROR, MSI_TOKEN_STORE_ERROR_UNAVAILABLE);
      g_assert_true (strstr (error->message, "keyring") != NULL);
      g_clear_error (&error);

      msi_token_store_load_async (f->store, f->profile, "google", "ana@example.com",
                                  NULL, result_cb, &loaded);
      none = msi_token_store_load_finish (f->store, wait_result (&loaded), &error);
      g_assert_null (none);
      g_assert_error (error, MSI_TOKEN_STORE_ERROR, MSI_TOKEN_STORE_ERROR_UNAVAILABLE);
      g_clear_error (&error);

      token = get_token (f, FALSE, &error);
      g_assert_null (token);
      g_assert_error (error, MSI_TOKEN_STORE_ERROR, MSI_TOKEN_STORE_ERROR_UNAVAILABLE);
      g_assert_cmpuint (f->needs_sign_in, ==, 0);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/token-store/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("round-trip", test_round_trip);
  ADD ("load-nothing", test_load_nothing);
  ADD ("delete", test_delete);
  ADD ("delete-profile", test_delete_profile);
  ADD ("attributes", test_attributes);
  ADD ("malformed", test_malformed);
  ADD ("keyring-unavailable", test_keyring_unavailable);
  ADD ("fresh-token-not-refreshed", test_fresh_token_not_refreshed);
  ADD ("expiring-token-refreshed", test_expiring_token_refreshed);
  ADD ("refresh-keeps-unrotated-refresh-token", test_refresh_keeps_unrotated_refresh_token);
  ADD ("force-refresh", test_force_refresh);
  ADD ("single-flight", test_single_flight);
  ADD ("cancelled-caller", test_cancelled_caller);
  ADD ("invalid-grant", test_invalid_grant);
  ADD ("other-refresh-error", test_other_refresh_error);
  ADD ("no-tokens", test_no_tokens);
  ADD ("no-refresh-token", test_no_refresh_token);
  ADD ("authorized-request-replayed", test_authorized_request_replayed);
  ADD ("authorized-request-refused-twice", test_authorized_request_refused_twice);
  ADD ("authorized-requests-share-refresh", test_authorized_requests_share_refresh);
  ADD ("late-401-does-not-refresh-again", test_late_401_does_not_refresh_again);

#undef ADD

  return g_test_run ();
}
