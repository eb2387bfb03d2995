/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-profile.c: the endpoints and OAuth client IDs the app works with */

#define G_LOG_DOMAIN "msi-profile"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "msi-package-version.h"
#include "msi-profile.h"

/* The string properties, in the order the settings and the checks use. */
typedef enum
{
  FIELD_NAME,
  FIELD_ACTIONS_URL,
  FIELD_SALESFORCE_LOGIN_URL,
  FIELD_MARKETO_REST_URL,
  FIELD_MICROSOFT_AUTHORITY,
  FIELD_GOOGLE_DISCOVERY_URL,
  FIELD_ACTIONS_CLIENT_ID,
  FIELD_SALESFORCE_CLIENT_ID,
  FIELD_MICROSOFT_CLIENT_ID,
  FIELD_GOOGLE_CLIENT_ID,
  FIELD_SALESFORCE_PACKAGE_VERSION,
  FIELD_SALESFORCE_PACKAGE_VERSION_ID,
  N_FIELDS
} Field;

/* Property names double as GSettings keys of io.github.msiactions.Setup.Profile. */
static const char *field_names[N_FIELDS] = {
  "name",
  "actions-url",
  "salesforce-login-url",
  "marketo-rest-url",
  "microsoft-authority",
  "google-discovery-url",
  "actions-client-id",
  "salesforce-client-id",
  "microsoft-client-id",
  "google-client-id",
  "salesforce-package-version",
  "salesforce-package-version-id",
};

struct _MsiProfile
{
  GObject  parent_instance;

  char    *id;
  char    *fields[N_FIELDS];
};

enum {
  PROP_0,
  PROP_ID,
  PROP_FIRST_FIELD,
  N_PROPS = PROP_FIRST_FIELD + N_FIELDS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (MsiProfile, msi_profile, G_TYPE_OBJECT)
G_DEFINE_QUARK (msi-profile-error-quark, msi_profile_error)

static void
msi_profile_finalize (GObject *object)
{
  MsiProfile *self = (MsiProfile *)object;

  g_clear_pointer (&self->id, g_free);
  for (guint i = 0; i < N_FIELDS; i++)
    g_clear_pointer (&self->fields[i], g_free);

  G_OBJECT_CLASS (msi_profile_parent_class)->finalize (object);
}

static void
msi_profile_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  MsiProfile *self = MSI_PROFILE (object);

  if (prop_id == PROP_ID)
    g_value_set_string (value, self->id);
  else if (prop_id >= PROP_FIRST_FIELD && prop_id < N_PROPS)
    g_value_set_string (value, self->fields[prop_id - PROP_FIRST_FIELD]);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
msi_profile_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  MsiProfile *self = MSI_PROFILE (object);

  if (prop_id == PROP_ID)
    {
      g_free (self->id);
      self->id = g_value_dup_string (value);
    }
  else if (prop_id >= PROP_FIRST_FIELD && prop_id < N_PROPS)
    {
      const char *s = g_value_get_string (value);
      g_autofree char *stripped = g_strstrip (g_strdup (s ? s : ""));
      char **slot = &self->fields[prop_id - PROP_FIRST_FIELD];

      if (g_strcmp0 (*slot, stripped) != 0)
        {
          g_free (*slot);
          *slot = g_steal_pointer (&stripped);
          g_object_notify_by_pspec (object, pspec);
        }
    }
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
msi_profile_class_init (MsiProfileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = msi_profile_finalize;
  object_class->get_property = msi_profile_get_property;
  object_class->set_property = msi_profile_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  for (guint i = 0; i < N_FIELDS; i++)
    properties[PROP_FIRST_FIELD + i] =
      g_param_spec_string (field_names[i], NULL, NULL,
                           "",
                           (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
msi_profile_init (MsiProfile *self)
{
  for (guint i = 0; i < N_FIELDS; i++)
    self->fields[i] = g_strdup ("");
}

MsiProfile *
msi_profile_new (const char *id)
{
  g_return_val_if_fail (id != NULL && *id != '\0', NULL);

  return g_object_new (MSI_TYPE_PROFILE, "id", id, NULL);
}

/**
 * msi_profile_new_demo:
 * @base_url: the demo server's base URL, "http://127.0.0.1:PORT"
 *
 * Every service of the demo profile is served by the demo server, under
 * the paths the real hosts use, each below its own prefix.
 */
MsiProfile *
msi_profile_new_demo (const char *base_url)
{
  g_autofree char *salesforce = NULL;
  g_autofree char *marketo = NULL;
  g_autofree char *microsoft = NULL;
  g_autofree char *google = NULL;

  g_return_val_if_fail (base_url != NULL, NULL);

  salesforce = g_strconcat (base_url, "/salesforce", NULL);
  marketo = g_strconcat (base_url, "/marketo", NULL);
  microsoft = g_strconcat (base_url, "/microsoft/common", NULL);
  google = g_strconcat (base_url, "/google/.well-known/openid-configuration", NULL);

  return g_object_new (MSI_TYPE_PROFILE,
                       "id", MSI_PROFILE_DEMO_ID,
                       /* TRANSLATORS: the name of the built-in demo profile */
                       "name", _("Demo"),
                       "actions-url", base_url,
                       "salesforce-login-url", salesforce,
                       "marketo-rest-url", marketo,
                       "microsoft-authority", microsoft,
                       "google-discovery-url", google,
                       "actions-client-id", "msi-actions-setup-demo",
                       "salesforce-client-id", "demo-salesforce-consumer-key",
                       "microsoft-client-id", "00000000-0000-4000-8000-00000000d3e0",
                       "google-client-id", "demo.apps.googleusercontent.com",
                       /* What the demo Salesforce org's install page offers. */
                       "salesforce-package-version", "2.6.0",
                       "salesforce-package-version-id", "04t0b000001Ov9xAAC",
                       NULL);
}

/**
 * msi_profile_new_from_settings:
 * @settings: an io.github.msiactions.Setup.Profile settings object
 */
MsiProfile *
msi_profile_new_from_settings (const char *id,
                               GSettings  *settings)
{
  MsiProfile *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = msi_profile_new (id);
  for (guint i = 0; i < N_FIELDS; i++)
    {
      g_autofree char *value = g_settings_get_string (settings, field_names[i]);

      g_object_set (self, field_names[i], value, NULL);
    }

  return self;
}

void
msi_profile_save_to_settings (MsiProfile *self,
                              GSettings  *settings)
{
  g_return_if_fail (MSI_IS_PROFILE (self));
  g_return_if_fail (G_IS_SETTINGS (settings));

  g_settings_delay (settings);
  for (guint i = 0; i < N_FIELDS; i++)
    g_settings_set_string (settings, field_names[i], self->fields[i]);
  g_settings_apply (settings);
}

gboolean
msi_profile_is_demo (MsiProfile *self)
{
  g_return_val_if_fail (MSI_IS_PROFILE (self), FALSE);

  return g_strcmp0 (self->id, MSI_PROFILE_DEMO_ID) == 0;
}

gboolean
msi_is_loopback_host (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (host == NULL)
    return FALSE;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  address = g_inet_address_new_from_string (host);

  return address != NULL && g_inet_address_get_is_loopback (address);
}

static gboolean
host_has_suffix (const char         *host,
                 const char * const *suffixes)
{
  g_autofree char *lower = g_ascii_strdown (host, -1);

  for (guint i = 0; suffixes[i]; i++)
    {
      const char *suffix = suffixes[i];

      /* "login.salesforce.com" matches itself; ".my.salesforce.com" matches
       * any name that ends with it, never a look-alike such as
       * "evilmy.salesforce.com.attacker.net". */
      if (suffix[0] == '.' ? (g_str_has_suffix (lower, suffix) && strlen (lower) > strlen (suffix))
                           : g_str_equal (lower, suffix))
        return TRUE;
    }

  return FALSE;
}

/**
 * msi_check_service_url:
 * @url: what the person typed
 * @label: the field's name, for the message
 * @required: whether an empty value is an error
 * @host_suffixes: (nullable): allowed hosts ("name") or domains (".domain")
 *
 * Accepts https URLs, and http only on this computer (loopback), with no
 * user name, password, query or fragment.
 *
 * Returns: (transfer full) (nullable): the URL without a trailing slash, an
 *   empty string for an allowed empty value, or %NULL with @error set.
 */
char *
msi_check_service_url (const char          *url,
                       const char          *label,
                       gboolean             required,
                       const char * const  *host_suffixes,
                       GError             **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *text = NULL;
  const char *scheme;
  const char *host;
  gsize len;

  g_return_val_if_fail (label != NULL, NULL);

  text = g_strstrip (g_strdup (url ? url : ""));
  if (*text == '\0')
    {
      if (!required)
        return g_steal_pointer (&text);
      g_set_error (error, MSI_PROFILE_ERROR, MSI_PROFILE_ERROR_MISSING,
                   _("%s is required."), label);
      return NULL;
    }

  uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, MSI_PROFILE_ERROR, MSI_PROFILE_ERROR_INVALID_URL,
                   _("%s: “%s” is not a web address. It should look like https://example.com."),
                   label, text);
      return NULL;
    }

  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);

  /* Letters, digits, dots and hyphens (colons for IPv6 literals; bytes
   * above 0x7f for internationalized names): a space or a slash in the
   * host is a typing mistake. */
  for (const char *p = host; *p; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '.' && *p != '-' && *p != ':' && !((guchar)*p & 0x80))
        {
          g_set_error (error, MSI_PROFILE_ERROR, MSI_PROFILE_ERROR_INVALID_URL,
                       _("%s: “%s” is not a valid host name."), label, host);
          return NULL;
        }
    }

  if (g_ascii_strcasecmp (scheme, "https") != 0)
    {
      if (g_ascii_strcasecmp (scheme, "http") == 0 && msi_is_loopback_host (host))
        ; /* plain http stays on this computer */
      else if (g_ascii_strcasecmp (scheme, "http") == 0)
        {
          g_set_error (error, MSI_PROFILE_ERROR, MSI_PROFILE_ERROR_INSECURE_URL,
                       _("%s must start with https://. Plain http is only allowed for this computer (127.0.0.1)."),
                       label);
          return NULL;
        }
      else
        {
          g_set_error (error, MSI_PROFILE_ERROR, MSI_PROFILE_ERROR_INVALID_URL,
                       _("%s must be an https:// address, not “%s:”."), label, scheme);
          return NULL;
        }
    }

  if (g_uri_get_userinfo (uri) != NULL)
    {
      g_set_error (error, MSI_PROFILE_ERROR, MSI_PROFILE_ERROR_INVALID_URL,
                   _("%s must not contain a user name or password."), label);
      return NULL;
    }

  if (g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL)
    {
      g_set_error (error, MSI_PROFILE_ERROR, MSI_PROFILE_ERROR_INVALID_URL,
                   _("%s must not contain “?” or “#” parts."), label);
      return NULL;
    }

  if (host_suffixes != NULL && !msi_is_loopback_host (host) && !host_has_suffix (host, host_suffixes))
    {
      g_autofree char *allowed = g_strjoinv (", ", (char **)host_suffixes);

      g_set_error (error, MSI_PROFILE_ERROR, MSI_PROFILE_ERROR_WRONG_HOST,
                   _("%s: “%s” is not a host of this service. Use one of: %s."),
                   label, host, allowed);
      return NULL;
    }

  len = strlen (text);
  while (len > 0 && text[len - 1] == '/')
    text[--len] = '\0';

  return g_steal_pointer (&text);
}

static gboolean
check_client_id (const char  *value,
                 const char  *label,
                 gboolean     required,
                 GError     **error)
{
  if (value == NULL || *value == '\0')
    {
      if (!required)
        return TRUE;
      g_set_error (error, MSI_PROFILE_ERROR, MSI_PROFILE_ERROR_MISSING,
                   _("%s is required."), label);
      return FALSE;
    }

  if (strlen (value) > 256)
    {
      g_set_error (error, MSI_PROFILE_ERROR, MSI_PROFILE_ERROR_INVALID_ID,
                   _("%s is longer than any client ID (256 characters at most)."), label);
      return FALSE;
    }

  for (const char *p = value; *p; p++)
    {
      /* Client IDs are printable ASCII (RFC 6749 §A.1: VSCHAR); spaces are
       * a sign of a pasted sentence or two values run together. */
      if (*p < 0x21 || *p > 0x7e)
        {
          g_set_error (error, MSI_PROFILE_ERROR, MSI_PROFILE_ERROR_INVALID_ID,
                       _("%s contains a space or a character that client IDs do not have."),
                       label);
          return FALSE;
        }
    }

  return TRUE;
}

/* A package version id: "04t" and 12 or 15 more letters and digits (a
 * 15- or 18-character Salesforce id). */
static gboolean
is_package_version_id (const char *value)
{
  gsize len = strlen (value);

  if ((len != 15 && len != 18) || !g_str_has_prefix (value, "04t"))
    return FALSE;

  for (const char *p = value; *p; p++)
    if (!g_ascii_isalnum (*p))
      return FALSE;

  return TRUE;
}

static gboolean
check_package (MsiProfile  *self,
               const char **failed_property,
               GError     **error)
{
  const char *version = self->fields[FIELD_SALESFORCE_PACKAGE_VERSION];
  const char *version_id = self->fields[FIELD_SALESFORCE_PACKAGE_VERSION_ID];

  if (*version != '\0')
    {
      g_autoptr(GError) parse_error = NULL;
      MsiPackageVersion parsed;

      if (!msi_package_version_parse (version, &parsed, &parse_error))
        {
          if (failed_property)
            *failed_property = field_names[FIELD_SALESFORCE_PACKAGE_VERSION];
          g_set_error (error, MSI_PROFILE_ERROR, MSI_PROFILE_ERROR_INVALID_VALUE,
                       /* TRANSLATORS: %s is the explanation of what is wrong with the version */
                       _("Required MSI package version: %s"), parse_error->message);
          return FALSE;
        }
    }

  if (*version_id != '\0' && !is_package_version_id (version_id))
    {
      if (failed_property)
        *failed_property = field_names[FIELD_SALESFORCE_PACKAGE_VERSION_ID];
      g_set_error (error, MSI_PROFILE_ERROR, MSI_PROFILE_ERROR_INVALID_ID,
                   /* TRANSLATORS: %s is the text that was entered */
                   _("MSI package version ID: “%s” is not a package version ID. It starts with 04t and "
                     "has 15 or 18 letters and digits, for example 04t0b000001Ov9xAAC."),
                   version_id);
      return FALSE;
    }

  return TRUE;
}

/**
 * msi_profile_validate:
 * @failed_property: (out) (optional): the property that failed
 *
 * Checks every value of a custom profile and normalizes the URLs (no
 * trailing slash). Stops at the first problem.
 */
gboolean
msi_profile_validate (MsiProfile  *self,
                      const char **failed_property,
                      GError     **error)
{
  static const char * const salesforce_hosts[] = {
    "login.salesforce.com", "test.salesforce.com", ".my.salesforce.com", NULL
  };
  static const char * const marketo_hosts[] = { ".mktorest.com", NULL };
  static const char * const microsoft_hosts[] = {
    "login.microsoftonline.com", "login.microsoftonline.us", "login.partner.microsoftonline.cn", NULL
  };
  static const char * const google_hosts[] = { "accounts.google.com", NULL };
  struct {
    Field field;
    gboolean required;
    const char * const *hosts;
    const char *label;
  } urls[] = {
    { FIELD_ACTIONS_URL, TRUE, NULL, _("Sales account URL") },
    { FIELD_SALESFORCE_LOGIN_URL, TRUE, salesforce_hosts, _("Salesforce login URL") },
    { FIELD_MARKETO_REST_URL, FALSE, marketo_hosts, _("Marketo REST URL") },
    { FIELD_MICROSOFT_AUTHORITY, FALSE, microsoft_hosts, _("Microsoft authority") },
    { FIELD_GOOGLE_DISCOVERY_URL, FALSE, google_hosts, _("Google discovery URL") },
  };
  struct {
    Field field;
    gboolean required;
    const char *label;
  } ids[] = {
    { FIELD_ACTIONS_CLIENT_ID, TRUE, _("Sales account client ID") },
    { FIELD_SALESFORCE_CLIENT_ID, FALSE, _("Salesforce consumer key") },
    { FIELD_MICROSOFT_CLIENT_ID, FALSE, _("Microsoft client ID") },
    { FIELD_GOOGLE_CLIENT_ID, FALSE, _("Google client ID") },
  };

  g_return_val_if_fail (MSI_IS_PROFILE (self), FALSE);

  if (self->fields[FIELD_NAME][0] == '\0')
    {
      if (failed_property)
        *failed_property = field_names[FIELD_NAME];
      g_set_error (error, MSI_PROFILE_ERROR, MSI_PROFILE_ERROR_MISSING,
                   _("%s is required."), _("Profile name"));
      return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      g_autofree char *normal = NULL;

      normal = msi_check_service_url (self->fields[urls[i].field], urls[i].label,
                                      urls[i].required, urls[i].hosts, error);
      if (normal == NULL)
        {
          if (failed_property)
            *failed_property = field_names[urls[i].field];
          return FALSE;
        }
      g_object_set (self, field_names[urls[i].field], normal, NULL);
    }

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      if (!check_client_id (self->fields[ids[i].field], ids[i].label, ids[i].required, error))
        {
          if (failed_property)
            *failed_property = field_names[ids[i].field];
          return FALSE;
        }
    }

  return check_package (self, failed_property, error);
}

#define DEFINE_GETTER(func, field)                \
  const char *                                    \
  msi_profile_get_##func (MsiProfile *self)       \
  {                                               \
    g_return_val_if_fail (MSI_IS_PROFILE (self), NULL); \
    return self->fields[field];                   \
  }

const char *
msi_profile_get_id (MsiProfile *self)
{
  g_return_val_if_fail (MSI_IS_PROFILE (self), NULL);

  return self->id;
}

DEFINE_GETTER (name, FIELD_NAME)
DEFINE_GETTER (actions_url, FIELD_ACTIONS_URL)
DEFINE_GETTER (salesforce_login_url, FIELD_SALESFORCE_LOGIN_URL)
DEFINE_GETTER (marketo_rest_url, FIELD_MARKETO_REST_URL)
DEFINE_GETTER (microsoft_authority, FIELD_MICROSOFT_AUTHORITY)
DEFINE_GETTER (google_discovery_url, FIELD_GOOGLE_DISCOVERY_URL)
DEFINE_GETTER (actions_client_id, FIELD_ACTIONS_CLIENT_ID)
DEFINE_GETTER (salesforce_client_id, FIELD_SALESFORCE_CLIENT_ID)
DEFINE_GETTER (microsoft_client_id, FIELD_MICROSOFT_CLIENT_ID)
DEFINE_GETTER (google_client_id, FIELD_GOOGLE_CLIENT_ID)
DEFINE_GETTER (salesforce_package_version, FIELD_SALESFORCE_PACKAGE_VERSION)
DEFINE_GETTER (salesforce_package_version_id, FIELD_SALESFORCE_PACKAGE_VERSION_ID)
