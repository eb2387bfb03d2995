/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-oauth2-tokens.c: the tokens of one signed-in account */

#define G_LOG_DOMAIN "msi-oauth2-tokens"

#include "config.h"

#include <string.h>

#include "msi-oauth2-tokens.h"

G_DEFINE_BOXED_TYPE (MsiOAuth2Tokens, msi_oauth2_tokens, msi_oauth2_tokens_copy, msi_oauth2_tokens_free)

MsiOAuth2Tokens *
msi_oauth2_tokens_new (void)
{
  return g_new0 (MsiOAuth2Tokens, 1);
}

MsiOAuth2Tokens *
msi_oauth2_tokens_copy (const MsiOAuth2Tokens *tokens)
{
  MsiOAuth2Tokens *copy;

  g_return_val_if_fail (tokens != NULL, NULL);

  copy = msi_oauth2_tokens_new ();
  copy->access_token = g_strdup (tokens->access_token);
  copy->refresh_token = g_strdup (tokens->refresh_token);
  copy->token_type = g_strdup (tokens->token_type);
  copy->scope = g_strdup (tokens->scope);
  copy->expires_at = tokens->expires_at;
  copy->instance_url = g_strdup (tokens->instance_url);
  copy->id_url = g_strdup (tokens->id_url);
  copy->id_token = g_strdup (tokens->id_token);

  return copy;
}

static void
wipe (char **secret)
{
  if (*secret != NULL)
    {
      explicit_bzero (*secret, strlen (*secret));
      g_clear_pointer (secret, g_free);
    }
}

void
msi_oauth2_tokens_free (MsiOAuth2Tokens *tokens)
{
  if (tokens == NULL)
    return;

  wipe (&tokens->access_token);
  wipe (&tokens->refresh_token);
  wipe (&tokens->id_token);
  g_free (tokens->token_type);
  g_free (tokens->scope);
  g_free (tokens->instance_url);
  g_free (tokens->id_url);
  g_free (tokens);
}

/**
 * msi_oauth2_tokens_expires_within:
 * @now: Unix time in seconds
 * @seconds: the margin
 *
 * Returns: %TRUE when the access token expires in less than @seconds, or
 *   has no known expiry and is older than nothing can tell: unknown expiry
 *   counts as valid, and a 401 then triggers the refresh.
 */
gboolean
msi_oauth2_tokens_expires_within (const MsiOAuth2Tokens *tokens,
                                  gint64                 now,
                                  gint64                 seconds)
{
  g_return_val_if_fail (tokens != NULL, TRUE);

  if (tokens->expires_at <= 0)
    return FALSE;

  return tokens->expires_at - now < seconds;
}

static void
add_string (GVariantBuilder *builder,
            const char      *key,
            const char      *value)
{
  if (value != NULL)
    g_variant_builder_add (builder, "{sv}", key, g_variant_new_string (value));
}

/**
 * msi_oauth2_tokens_serialize:
 *
 * Returns: (transfer floating): an a{sv} for the secret store.
 */
GVariant *
msi_oauth2_tokens_serialize (const MsiOAuth2Tokens *tokens)
{
  GVariantBuilder builder;

  g_return_val_if_fail (tokens != NULL, NULL);

  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  add_string (&builder, "access_token", tokens->access_token);
  add_string (&builder, "refresh_token", tokens->refresh_token);
  add_string (&builder, "token_type", tokens->token_type);
  add_string (&builder, "scope", tokens->scope);
  add_string (&builder, "instance_url", tokens->instance_url);
  add_string (&builder, "id_url", tokens->id_url);
  add_string (&builder, "id_token", tokens->id_token);
  g_variant_builder_add (&builder, "{sv}", "expires_at", g_variant_new_int64 (tokens->expires_at));

  return g_variant_builder_end (&builder);
}

/**
 * msi_oauth2_tokens_deserialize:
 * @variant: an a{sv} from msi_oauth2_tokens_serialize()
 *
 * Returns: (transfer full) (nullable): the tokens, or %NULL when @variant
 *   is not a token set (no access token).
 */
MsiOAuth2Tokens *
msi_oauth2_tokens_deserialize (GVariant *variant)
{
  g_autoptr(MsiOAuth2Tokens) tokens = NULL;
  GVariantDict dict;

  g_return_val_if_fail (variant != NULL, NULL);

  if (!g_variant_is_of_type (variant, G_VARIANT_TYPE_VARDICT))
    return NULL;

  g_variant_dict_init (&dict, variant);
  tokens = msi_oauth2_tokens_new ();
  g_variant_dict_lookup (&dict, "access_token", "s", &tokens->access_token);
  g_variant_dict_lookup (&dict, "refresh_token", "s", &tokens->refresh_token);
  g_variant_dict_lookup (&dict, "token_type", "s", &tokens->token_type);
  g_variant_dict_lookup (&dict, "scope", "s", &tokens->scope);
  g_variant_dict_lookup (&dict, "instance_url", "s", &tokens->instance_url);
  g_variant_dict_lookup (&dict, "id_url", "s", &tokens->id_url);
  g_variant_dict_lookup (&dict, "id_token", "s", &tokens->id_token);
  g_variant_dict_lookup (&dict, "expires_at", "x", &tokens->expires_at);
  g_variant_dict_clear (&dict);

  if (tokens->access_token == NULL)
    return NULL;

  return g_steal_pointer (&tokens);
}
