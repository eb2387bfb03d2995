/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-demo-http.c: replies and request helpers shared by the demo server's modules */

#define G_LOG_DOMAIN "msi-demo-http"

#include "config.h"

#include "msi-demo-http.h"
#include "msi-demo-seed.h"
#include "msi-redact.h"

#include <string.h>
#ifdef G_OS_UNIX
#include <errno.h>
#include <sys/socket.h>
#endif

/**
 * msi_demo_reply_json:
 * @content_type: (nullable): %NULL for application/json
 *
 * Sets @node, serialized, as the reply body with @status.
 */
void
msi_demo_reply_json (SoupServerMessage *msg,
                     guint              status,
                     const char        *content_type,
                     JsonNode          *node)
{
  char *body;

  g_return_if_fail (SOUP_IS_SERVER_MESSAGE (msg));
  g_return_if_fail (node != NULL);

  body = json_to_string (node, FALSE);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg,
                                    content_type != NULL ? content_type : MSI_DEMO_CONTENT_TYPE_JSON,
                                    SOUP_MEMORY_TAKE, body, strlen (body));
}

void
msi_demo_reply_object (SoupServerMessage *msg,
                       guint              status,
                       JsonObject        *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, object);
  msi_demo_reply_json (msg, status, NULL, node);
}

/**
 * msi_demo_reply_problem:
 * @type: (nullable): a problem type URI (msi-problem-types.h), or %NULL for about:blank
 * @title: (nullable): %NULL for the status phrase
 *
 * Replies with RFC 9457 problem details.
 */
JsonObject *
msi_demo_problem_new (const char *type,
                      const char *title,
                      const char *detail)
{
  JsonObject *problem = json_object_new ();

  g_return_val_if_fail (detail != NULL, problem);

  json_object_set_string_member (problem, "type", type != NULL ? type : "about:blank");
  if (title != NULL)
    json_object_set_string_member (problem, "title", title);
  json_object_set_string_member (problem, "detail", detail);

  return problem;
}

void
msi_demo_reply_problem_object (SoupServerMessage *msg,
                               guint              status,
                               JsonObject        *problem)
{
  g_autoptr(JsonNode) node = NULL;

  g_return_if_fail (SOUP_IS_SERVER_MESSAGE (msg));
  g_return_if_fail (problem != NULL);

  if (!json_object_has_member (problem, "title"))
    json_object_set_string_member (problem, "title", soup_status_get_phrase (status));
  json_object_set_int_member (problem, "status", status);

  node = json_node_init_object (json_node_alloc (), problem);
  msi_demo_reply_json (msg, status, MSI_DEMO_CONTENT_TYPE_PROBLEM, node);
}

void
msi_demo_reply_problem (SoupServerMessage *msg,
                        guint              status,
                        const char        *type,
                        const char        *title,
                        const char        *detail)
{
  g_autoptr(JsonObject) problem = NULL;

  g_return_if_fail (SOUP_IS_SERVER_MESSAGE (msg));
  g_return_if_fail (detail != NULL);

  problem = msi_demo_problem_new (type, title, detail);
  msi_demo_reply_problem_object (msg, status, problem);
}

gboolean
msi_demo_check_test_hooks (MsiDemoServer     *server,
                           SoupServerMessage *msg)
{
  g_autofree char *detail = NULL;

  if (msi_demo_server_get_test_hooks (server))
    return TRUE;

  detail = g_strdup_printf ("There is no resource at %s.", g_uri_get_path (soup_server_message_get_uri (msg)));
  msi_demo_reply_problem (msg, SOUP_STATUS_NOT_FOUND, NULL, NULL, detail);

  return FALSE;
}

void
msi_demo_reply_internal_error (SoupServerMessage *msg,
                               const GError      *error)
{
  g_autofree char *path = NULL;

  g_return_if_fail (error != NULL);

  /* A path may hold a token (an invitation's). */
  path = msi_redact (g_uri_get_path (soup_server_message_get_uri (msg)));
  g_warning ("%s %s failed: %s", soup_server_message_get_method (msg), path, error->message);

  msi_demo_reply_problem (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL, NULL, error->message);
}

/**
 * msi_demo_read_json_object:
 * @optional: whether an empty body is allowed (an empty object is returned)
 *
 * Returns: (transfer full) (nullable): the request body's JSON object, or
 *   %NULL after replying 400 or 415
 */
JsonObject *
msi_demo_read_json_object (SoupServerMessage *msg,
                           gboolean           optional)
{
  g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *content_type;
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);

  if (size == 0 && optional)
    return json_object_new ();

  content_type = soup_message_headers_get_content_type (headers, NULL);
  if (content_type == NULL ||
      (g_ascii_strcasecmp (content_type, "application/json") != 0 &&
       g_ascii_strcasecmp (content_type, "application/scim+json") != 0))
    {
      msi_demo_reply_problem (msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, NULL, NULL,
                              "The request body must be sent as application/json.");
      return NULL;
    }

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, data, (gssize)size, &error) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      msi_demo_reply_problem (msg, SOUP_STATUS_BAD_REQUEST, NULL, NULL,
                              "The request body must be a JSON object.");
      return NULL;
    }

  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/**
 * msi_demo_authorize_admin:
 *
 * Checks the request's bearer token against the demo Actions service.
 *
 * Returns: (transfer full) (nullable): the signed-in admin, or %NULL after
 *   replying 401 or 403
 */
MsiDemoUser *
msi_demo_authorize_admin (MsiDemoServer     *server,
                          SoupServerMessage *msg)
{
  MsiDemoAuthServer *auth = msi_demo_server_get_auth_server (server);
  g_autoptr(MsiDemoUser) user = NULL;

  user = msi_demo_auth_server_authenticate (auth, MSI_DEMO_PROVIDER_ACTIONS, msg);
  if (user == NULL)
    return NULL;

  if (g_strcmp0 (user->role, "admin") != 0)
    {
      msi_demo_reply_problem (msg, SOUP_STATUS_FORBIDDEN, NULL, NULL,
                              "Only admins of the Sales account can do this.");
      return NULL;
    }

  return g_steal_pointer (&user);
}

char *
msi_demo_sha256_hex (const char *text)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
}

/* Compares two hashes without leaking where they differ. */
gboolean
msi_demo_hashes_equal (const char *a,
                       const char *b)
{
  gsize length = strlen (a);
  guint8 difference = 0;

  if (length != strlen (b))
    return FALSE;

  for (gsize i = 0; i < length; i++)
    difference |= (guint8)(a[i] ^ b[i]);

  return difference == 0;
}

gint64
msi_demo_now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

char *
msi_demo_format_now_utc (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

#define MAX_EMAIL_LENGTH 254

/* One "@", something before it, a domain with a dot after it, no spaces:
 * what the Actions service accepts as a user's address. */
gboolean
msi_demo_email_is_valid (const char *email)
{
  const char *at = strchr (email, '@');
  const char *domain;
  gsize length = strlen (email);

  if (length == 0 || length > MAX_EMAIL_LENGTH || at == NULL || at == email)
    return FALSE;

  domain = at + 1;
  if (strchr (domain, '@') != NULL || strchr (domain, '.') == NULL ||
      domain[0] == '.' || email[length - 1] == '.' || strstr (domain, "..") != NULL)
    return FALSE;

  for (gsize i = 0; i < length; i++)
    {
      if (!g_ascii_isgraph (email[i]) && !((guchar)email[i] & 0x80))
        return FALSE;
    }

  return g_utf8_validate (email, -1, NULL);
}

/**
 * msi_demo_build_invitation_link:
 * @base_uri: the Actions service's base URL
 * @token: the invitation token, in clear
 *
 * Returns: (transfer full): a welcome mail's Get started link
 *   (%MSI_DEMO_INVITATION_LINK_FORMAT)
 */
char *
msi_demo_build_invitation_link (const char *base_uri,
                                const char *token)
{
  g_autofree char *service = g_uri_escape_string (base_uri, NULL, FALSE);
  g_autofree char *escaped_token = g_uri_escape_string (token, NULL, FALSE);

  return g_strdup_printf (MSI_DEMO_INVITATION_LINK_FORMAT, service, escaped_token);
}

/**
 * msi_demo_relink_invitations:
 * @text: a mail's link or body
 * @base_uri: the running server's base URL
 *
 * The demo server listens on another port each time it starts, so the
 * Get started links of mails sent by an earlier run name a loopback
 * address that no longer answers. Points every such link's service at
 * @base_uri (links to other hosts stay as they are).
 *
 * Returns: (transfer full): @text with the links' service replaced
 */
char *
msi_demo_relink_invitations (const char *text,
                             const char *base_uri)
{
  static const char prefix[] = "io.github.msiactions.setup:/invitation?service=";
  g_autofree char *service = g_uri_escape_string (base_uri, NULL, FALSE);
  GString *out;
  const char *p = text;
  const char *found;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (base_uri != NULL, NULL);

  out = g_string_sized_new (strlen (text));

  while ((found = strstr (p, prefix)) != NULL)
    {
      const char *value = found + strlen (prefix);
      gsize length = strcspn (value, "& \t\r\n\"'<>");
      g_autofree char *escaped = g_strndup (value, length);
      g_autofree char *old = g_uri_unescape_string (escaped, NULL);

      g_string_append_len (out, p, value - p);

      if (old != NULL && (g_str_has_prefix (old, "http://127.0.0.1:") || g_str_has_prefix (old, "http://localhost:")))
        g_string_append (out, service);
      else
        g_string_append (out, escaped);

      p = value + length;
    }

  g_string_append (out, p);

  return g_string_free (out, FALSE);
}

#define DROPPED_KEY "msi-demo-connection-dropped"

/**
 * msi_demo_drop_connection:
 *
 * Resets the connection of @msg without a reply (or without the reply
 * already set), as a network that drops it, a proxy that gives up or a
 * crashed server would: a fault for tests. The client reads “Connection
 * reset by peer”, not the orderly end of a server closing a kept-alive
 * connection, and what it has not read yet is lost. The server's
 * dispatcher must hold a reference on @msg.
 */
void
msi_demo_drop_connection (SoupServerMessage *msg)
{
  g_autoptr(GIOStream) stream = NULL;

  g_return_if_fail (SOUP_IS_SERVER_MESSAGE (msg));

  g_object_set_data (G_OBJECT (msg), DROPPED_KEY, GINT_TO_POINTER (TRUE));

#ifdef G_OS_UNIX
  /* A linger time of 0: closing sends a reset (RST) instead of FIN. */
  {
    GSocket *socket = soup_server_message_get_socket (msg);
    struct linger linger = { .l_onoff = 1, .l_linger = 0 };

    if (socket != NULL &&
        setsockopt (g_socket_get_fd (socket), SOL_SOCKET, SO_LINGER, &linger, sizeof linger) != 0)
      g_debug ("Could not make the dropped connection a reset: %s", g_strerror (errno));
  }
#endif

  stream = soup_server_message_steal_connection (msg);
  if (stream != NULL)
    g_io_stream_close (stream, NULL, NULL);
}

/* Whether msi_demo_drop_connection() closed the connection of @msg. */
gboolean
msi_demo_connection_dropped (SoupServerMessage *msg)
{
  return GPOINTER_TO_INT (g_object_get_data (G_OBJECT (msg), DROPPED_KEY));
}
