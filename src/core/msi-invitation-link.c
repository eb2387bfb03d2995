/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-invitation-link.c: the welcome mail's Get started link, parsed and checked */

#define G_LOG_DOMAIN "msi-invitation-link"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "msi-invitation-link.h"

/* 32 random bytes in base64url without padding. */
#define TOKEN_LENGTH 43

/* How much of a bad service address a message quotes. */
#define QUOTE_LENGTH 60

struct _MsiInvitationLink
{
  GObject   parent_instance;

  char     *service_url;
  char     *host;
  char     *token;
  gboolean  loopback;
};

G_DEFINE_QUARK (msi-invitation-link-error-quark, msi_invitation_link_error)

G_DEFINE_FINAL_TYPE (MsiInvitationLink, msi_invitation_link, G_TYPE_OBJECT)

static void
msi_invitation_link_finalize (GObject *object)
{
  MsiInvitationLink *self = (MsiInvitationLink *)object;

  if (self->token != NULL)
    memset (self->token, 0, strlen (self->token));
  g_clear_pointer (&self->token, g_free);
  g_clear_pointer (&self->service_url, g_free);
  g_clear_pointer (&self->host, g_free);

  G_OBJECT_CLASS (msi_invitation_link_parent_class)->finalize (object);
}

static void
msi_invitation_link_class_init (MsiInvitationLinkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = msi_invitation_link_finalize;
}

static void
msi_invitation_link_init (MsiInvitationLink *self)
{
}

/* --- messages ------------------------------------------------------------ */

#define AGAIN_OR_NEW N_("Open the link from your welcome mail again, or ask your admin to send a new invitation.")

static gboolean
fail (GError              **error,
      MsiInvitationLinkError code,
      const char            *problem)
{
  g_set_error (error, MSI_INVITATION_LINK_ERROR, code, "%s %s", problem, _(AGAIN_OR_NEW));
  return FALSE;
}

/* A bad address as a message may quote it: one line, not too long. */
static char *
quote_value (const char *value)
{
  g_autofree char *valid = g_utf8_make_valid (value, -1);
  GString *out = g_string_new (NULL);
  guint n = 0;

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (n == QUOTE_LENGTH)
        {
          g_string_append (out, "…");
          break;
        }
      g_string_append_unichar (out, g_unichar_iscntrl (c) ? 0xFFFD : c);
    }
  return g_string_free (out, FALSE);
}

static gboolean
fail_bad_service (GError     **error,
                  const char  *service)
{
  g_autofree char *quoted = quote_value (service);
  g_autofree char *problem =
    /* TRANSLATORS: %s is the address found in the link */
    g_strdup_printf (_("This link is damaged: “%s” is not the web address of a Sales account."), quoted);

  return fail (error, MSI_INVITATION_LINK_ERROR_BAD_SERVICE, problem);
}

/* --- the service address ------------------------------------------------- */

static gboolean
is_scheme (const char *start,
           const char *end)
{
  if (start == end || !g_ascii_isalpha (*start))
    return FALSE;
  for (const char *p = start; p < end; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '+' && *p != '-' && *p != '.')
        return FALSE;
    }
  return TRUE;
}

/* RFC 3986 path characters: unreserved, sub-delims, ':', '@', '/' and
 * percent-encodings. */
static gboolean
is_valid_path (const char *path)
{
  for (const char *p = path; *p != '\0'; p++)
    {
      if (*p == '%')
        {
          if (!g_ascii_isxdigit (p[1]) || !g_ascii_isxdigit (p[2]))
            return FALSE;
          p += 2;
        }
      else if (!g_ascii_isalnum (*p) && strchr ("-._~!$&'()*+,;=:@/", *p) == NULL)
        return FALSE;
    }
  return TRUE;
}

/* A DNS name, lower-case ASCII: labels of letters, digits and '-'. */
static gboolean
is_valid_hostname (const char *host)
{
  gsize label = 0;

  if (*host == '\0' || strlen (host) > 253)
    return FALSE;
  for (const char *p = host; ; p++)
    {
      if (*p == '.' || *p == '\0')
        {
          if (label == 0 || label > 63)
            return FALSE;
          if (*p == '\0')
            return TRUE;
          label = 0;
        }
      else if (g_ascii_isalnum (*p) || *p == '-')
        label++;
      else
        return FALSE;
    }
}

typedef struct
{
  char     *scheme;     /* "http" or "https" */
  char     *host;       /* normalized, IPv6 without brackets */
  gboolean  ipv6;
  int       port;       /* -1: the scheme's default */
  char     *path;       /* without trailing slashes */
  gboolean  loopback;
} Service;

static void
service_clear (Service *service)
{
  g_free (service->scheme);
  g_free (service->host);
  g_free (service->path);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Service, service_clear)

static gboolean
parse_port (const char *text,
            int        *port)
{
  guint64 value = 0;

  /* "host:" is allowed, and means the default port. */
  if (*text == '\0')
    {
      *port = -1;
      return TRUE;
    }
  if (strlen (text) > 5 || !g_ascii_string_to_unsigned (text, 10, 1, 65535, &value, NULL))
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
    }
  *port = (int) value;
  return TRUE;
}

static gboolean
parse_host (const char *authority,
            Service    *service)
{
  g_autoptr(GInetAddress) address = NULL;
  g_autofree char *host = NULL;
  const char *port_text = NULL;

  if (authority[0] == '[')
    {
      const char *close = strchr (authority, ']');

      if (close == NULL)
        return FALSE;
      host = g_strndup (authority + 1, close - authority - 1);
      address = g_inet_address_new_from_string (host);
      if (address == NULL || g_inet_address_get_family (address) != G_SOCKET_FAMILY_IPV6)
        return FALSE;
      if (close[1] == ':')
        port_text = close + 2;
      else if (close[1] != '\0')
        return FALSE;
      service->ipv6 = TRUE;
    }
  else
    {
      const char *colon = strchr (authority, ':');

      host = colon != NULL ? g_strndup (authority, colon - authority) : g_strdup (authority);
      port_text = colon != NULL ? colon + 1 : NULL;
      if (g_hostname_is_ip_address (host))
        {
          address = g_inet_address_new_from_string (host);
          if (address == NULL || g_inet_address_get_family (address) != G_SOCKET_FAMILY_IPV4)
            return FALSE;
        }
    }

  if (port_text != NULL && !parse_port (port_text, &service->port))
    return FALSE;

  if (address != NULL)
    {
      service->host = g_inet_address_to_string (address);
      service->loopback = g_inet_address_get_is_loopback (address);
      return TRUE;
    }

  if (g_hostname_is_non_ascii (host))
    {
      g_autofree char *ascii = g_hostname_to_ascii (host);

      if (ascii == NULL)
        return FALSE;
      g_free (host);
      host = g_steal_pointer (&ascii);
    }
  service->host = g_ascii_strdown (host, -1);
  service->loopback = g_str_equal (service->host, "localhost");
  return is_valid_hostname (service->host);
}

static gboolean
parse_service (const char  *text,
               gboolean     allow_loopback,
               Service     *service,
               GError     **error)
{
  const char *separator = strstr (text, "://");
  const char *authority, *authority_end, *path_end;
  g_autofree char *authority_text = NULL;
  g_autofree char *path = NULL;
  gsize path_len;

  service->port = -1;

  if (separator == NULL || !is_scheme (text, separator))
    return fail_bad_service (error, text);
  service->scheme = g_ascii_strdown (text, separator - text);
  if (!g_str_equal (service->scheme, "https") && !g_str_equal (service->scheme, "http"))
    return fail_bad_service (error, text);

  authority = separator + 3;
  authority_end = authority + strcspn (authority, "/?#");
  authority_text = g_strndup (authority, authority_end - authority);
  if (strchr (authority_text, '@') != NULL)
    return fail (error, MSI_INVITATION_LINK_ERROR_BAD_SERVICE,
                 _("This link is not safe to use: the address of the Sales account in it contains a user name or password."));
  if (!parse_host (authority_text, service))
    return fail_bad_service (error, text);

  path_end = authority_end + strcspn (authority_end, "?#");
  if (*path_end != '\0')
    {
      g_autofree char *quoted = quote_value (text);
      g_autofree char *problem =
        /* TRANSLATORS: %s is the address found in the link */
        g_strdup_printf (_("This link is damaged: the address of the Sales account, “%s”, has a query or fragment, which an account address cannot have."),
                         quoted);

      return fail (error, MSI_INVITATION_LINK_ERROR_BAD_SERVICE, problem);
    }
  path = g_strndup (authority_end, path_end - authority_end);
  if (!is_valid_path (path))
    return fail_bad_service (error, text);
  path_len = strlen (path);
  while (path_len > 0 && path[path_len - 1] == '/')
    path[--path_len] = '\0';
  service->path = g_steal_pointer (&path);

  if ((service->port == 443 && g_str_equal (service->scheme, "https")) ||
      (service->port == 80 && g_str_equal (service->scheme, "http")))
    service->port = -1;

  if (g_str_equal (service->scheme, "http"))
    {
      g_autofree char *problem = NULL;

      if (service->loopback && allow_loopback)
        return TRUE;
      if (service->loopback)
        {
          problem =
            /* TRANSLATORS: %s is a host name such as "127.0.0.1" */
            g_strdup_printf (_("This link is for the demo server on this computer (%s), which only the demo mode opens. Start MSI Actions Setup in demo mode to use it, or open the link from your real welcome mail."),
                             service->host);
          g_set_error_literal (error, MSI_INVITATION_LINK_ERROR, MSI_INVITATION_LINK_ERROR_INSECURE_SERVICE, problem);
          return FALSE;
        }
      problem =
        /* TRANSLATORS: %s is a host name such as "actions.example.com" */
        g_strdup_printf (_("This link would connect to %s without encryption (http://), which could expose your invitation. Ask your admin to send a new invitation: the address of a Sales account starts with https://."),
                         service->host);
      g_set_error_literal (error, MSI_INVITATION_LINK_ERROR, MSI_INVITATION_LINK_ERROR_INSECURE_SERVICE, problem);
      return FALSE;
    }

  return TRUE;
}

static char *
service_to_string (const Service *service)
{
  GString *url = g_string_new (service->scheme);

  g_string_append (url, "://");
  if (service->ipv6)
    g_string_append_printf (url, "[%s]", service->host);
  else
    g_string_append (url, service->host);
  if (service->port >= 0)
    g_string_append_printf (url, ":%d", service->port);
  g_string_append (url, service->path);
  return g_string_free (url, FALSE);
}

/* --- the token ----------------------------------------------------------- */

static gboolean
check_token (const char  *token,
             GError     **error)
{
  gsize len = strlen (token);

  if (len != TOKEN_LENGTH)
    {
      g_autofree char *problem =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "This link’s invitation code is damaged: it has %u character instead of 43.",
                                      "This link’s invitation code is damaged: it has %u characters instead of 43.",
                                      len),
                         (guint) len);

      return fail (error, MSI_INVITATION_LINK_ERROR_BAD_TOKEN, problem);
    }
  for (const char *p = token; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
        return fail (error, MSI_INVITATION_LINK_ERROR_BAD_TOKEN,
                     _("This link’s invitation code is damaged: it may only contain letters, digits, “-” and “_”."));
    }
  return TRUE;
}

/* --- the link ------------------------------------------------------------ */

static gboolean
not_a_link (GError **error)
{
  g_set_error_literal (error, MSI_INVITATION_LINK_ERROR, MSI_INVITATION_LINK_ERROR_NOT_A_LINK,
                       _("This is not an invitation link for MSI Actions Setup. Use the “Get started” button in your welcome mail, or copy the whole link from that mail."));
  return FALSE;
}

/**
 * msi_invitation_link_parse:
 * @uri: the link, as the desktop or the demo mailbox opened it
 * @allow_loopback: whether http:// to this computer is allowed (demo mode)
 * @error: a #MsiInvitationLinkError with a sentence for the person
 *
 * Returns: (transfer full) (nullable): the link, or %NULL with @error set
 */
MsiInvitationLink *
msi_invitation_link_parse (const char  *uri,
                           gboolean     allow_loopback,
                           GError     **error)
{
  g_autoptr(MsiInvitationLink) self = NULL;
  g_autofree char *trimmed = NULL;
  g_autofree char *service_text = NULL;
  g_autofree char *token = NULL;
  g_auto(GStrv) params = NULL;
  g_auto(Service) service = { 0, };
  guint n_service = 0, n_token = 0;
  gboolean bad_service_escape = FALSE, bad_token_escape = FALSE;
  const char *colon, *path, *query, *end;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  trimmed = g_strstrip (g_strdup (uri != NULL ? uri : ""));
  colon = strchr (trimmed, ':');
  if (colon == NULL || !is_scheme (trimmed, colon) ||
      (gsize) (colon - trimmed) != strlen (MSI_INVITATION_LINK_SCHEME) ||
      g_ascii_strncasecmp (trimmed, MSI_INVITATION_LINK_SCHEME, colon - trimmed) != 0)
    {
      not_a_link (error);
      return NULL;
    }

  path = colon + 1;
  end = path + strcspn (path, "#");
  query = path + strcspn (path, "?#");
  if ((gsize) (query - path) != strlen ("/invitation") || strncmp (path, "/invitation", query - path) != 0)
    {
      g_set_error_literal (error, MSI_INVITATION_LINK_ERROR, MSI_INVITATION_LINK_ERROR_UNKNOWN_ACTION,
                           _("This MSI Actions Setup link asks for something this version does not know. Open the “Get started” link from your welcome mail, or update MSI Actions Setup."));
      return NULL;
    }

  if (*query == '?')
    {
      g_autofree char *query_text = g_strndup (query + 1, end - query - 1);

      params = g_strsplit (query_text, "&", -1);
    }
  for (guint i = 0; params != NULL && params[i] != NULL; i++)
    {
      char *equals = strchr (params[i], '=');
      g_autofree char *name = NULL;
      g_autofree char *value = NULL;

      if (equals != NULL)
        *equals = '\0';
      name = g_uri_unescape_string (params[i], NULL);
      value = g_uri_unescape_string (equals != NULL ? equals + 1 : "", NULL);
      if (name == NULL)
        continue;

      if (g_str_equal (name, "service"))
        {
          n_service++;
          bad_service_escape = bad_service_escape || value == NULL;
          g_free (service_text);
          service_text = g_steal_pointer (&value);
        }
      else if (g_str_equal (name, "token"))
        {
          n_token++;
          bad_token_escape = bad_token_escape || value == NULL;
          g_free (token);
          token = g_steal_pointer (&value);
        }
    }

  if (n_service > 1)
    {
      fail (error, MSI_INVITATION_LINK_ERROR_DUPLICATE,
            _("This link gives the address of the Sales account twice, so it is not clear which one to use."));
      return NULL;
    }
  if (n_token > 1)
    {
      fail (error, MSI_INVITATION_LINK_ERROR_DUPLICATE,
            _("This link gives two invitation codes, so it is not clear which one to use."));
      return NULL;
    }

  if (bad_service_escape || (service_text != NULL && !g_utf8_validate (service_text, -1, NULL)))
    {
      fail (error, MSI_INVITATION_LINK_ERROR_BAD_SERVICE,
            _("This link is damaged: the address of the Sales account in it cannot be read."));
      return NULL;
    }
  if (service_text == NULL || *service_text == '\0')
    {
      fail (error, MSI_INVITATION_LINK_ERROR_NO_SERVICE,
            _("This link is not complete: the address of your Sales account is missing."));
      return NULL;
    }
  if (!parse_service (service_text, allow_loopback, &service, error))
    return NULL;

  if (bad_token_escape)
    {
      fail (error, MSI_INVITATION_LINK_ERROR_BAD_TOKEN,
            _("This link’s invitation code is damaged: it may only contain letters, digits, “-” and “_”."));
      return NULL;
    }
  if (token == NULL || *token == '\0')
    {
      fail (error, MSI_INVITATION_LINK_ERROR_NO_TOKEN,
            _("This link is not complete: its invitation code is missing."));
      return NULL;
    }
  if (!check_token (token, error))
    return NULL;

  self = g_object_new (MSI_TYPE_INVITATION_LINK, NULL);
  self->service_url = service_to_string (&service);
  self->host = g_strdup (service.host);
  self->token = g_steal_pointer (&token);
  self->loopback = service.loopback && g_str_equal (service.scheme, "http");

  return g_steal_pointer (&self);
}

const char *
msi_invitation_link_get_service_url (MsiInvitationLink *self)
{
  g_return_val_if_fail (MSI_IS_INVITATION_LINK (self), NULL);

  return self->service_url;
}

const char *
msi_invitation_link_get_token (MsiInvitationLink *self)
{
  g_return_val_if_fail (MSI_IS_INVITATION_LINK (self), NULL);

  return self->token;
}

/**
 * msi_invitation_link_get_host:
 * @self: a #MsiInvitationLink
 *
 * Returns: the service's host: lower-case, IDN as ASCII, an IPv6
 *   address without brackets
 */
const char *
msi_invitation_link_get_host (MsiInvitationLink *self)
{
  g_return_val_if_fail (MSI_IS_INVITATION_LINK (self), NULL);

  return self->host;
}

gboolean
msi_invitation_link_is_loopback (MsiInvitationLink *self)
{
  g_return_val_if_fail (MSI_IS_INVITATION_LINK (self), FALSE);

  return self->loopback;
}

/**
 * msi_invitation_link_to_string:
 * @self: a #MsiInvitationLink
 *
 * Returns: (transfer full): the link with the normalized service URL;
 *   it holds the token: never log it
 */
char *
msi_invitation_link_to_string (MsiInvitationLink *self)
{
  g_autofree char *service = NULL;

  g_return_val_if_fail (MSI_IS_INVITATION_LINK (self), NULL);

  service = g_uri_escape_string (self->service_url, NULL, FALSE);
  return g_strdup_printf ("%s:/invitation?service=%s&token=%s",
                          MSI_INVITATION_LINK_SCHEME, service, self->token);
}
