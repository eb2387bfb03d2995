/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-invite-directory.c: what the Sales account already holds, for planning invitations */

#define G_LOG_DOMAIN "msi-invite-directory"

#include "config.h"

#include <string.h>

#include "msi-email-address.h"
#include "msi-invite-directory.h"

/* The team every user belongs to. Until its SCIM id is known (the
 * directory was filled by hand), its id is "". */
#define EVERYONE "Everyone"

/* Addresses up to this length are looked up without allocating. */
#define LOOKUP_BUFFER 512

typedef struct
{
  char *name;
  char *id;
} Team;

struct _MsiInviteDirectory
{
  GObject     parent_instance;

  guint       seat_limit;
  guint       team_limit;
  GHashTable *members;   /* address → MsiDirectoryMember, case-insensitive */
  GHashTable *teams;     /* name → Team, case-insensitive, owned by team_list */
  GPtrArray  *team_list; /* Team, in the order added */
};

G_DEFINE_FINAL_TYPE (MsiInviteDirectory, msi_invite_directory, G_TYPE_OBJECT)

static void
team_free (Team *team)
{
  g_free (team->name);
  g_free (team->id);
  g_free (team);
}

static void
msi_invite_directory_finalize (GObject *object)
{
  MsiInviteDirectory *self = MSI_INVITE_DIRECTORY (object);

  g_clear_pointer (&self->members, g_hash_table_unref);
  g_clear_pointer (&self->teams, g_hash_table_unref);
  g_clear_pointer (&self->team_list, g_ptr_array_unref);

  G_OBJECT_CLASS (msi_invite_directory_parent_class)->finalize (object);
}

static void
msi_invite_directory_class_init (MsiInviteDirectoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = msi_invite_directory_finalize;
}

static void
msi_invite_directory_init (MsiInviteDirectory *self)
{
  /* Team names and addresses compare the same way: without case. */
  self->members = g_hash_table_new_full (msi_email_hash, msi_email_equal, g_free, NULL);
  self->teams = g_hash_table_new (msi_email_hash, msi_email_equal);
  self->team_list = g_ptr_array_new_with_free_func ((GDestroyNotify) team_free);

  msi_invite_directory_add_team (self, EVERYONE, "");
}

/**
 * msi_invite_directory_new:
 * @seat_limit: how many users and pending invitations the account allows
 * @team_limit: how many teams, Everyone included
 *
 * Returns: (transfer full): a directory holding only the team Everyone
 */
MsiInviteDirectory *
msi_invite_directory_new (guint seat_limit,
                          guint team_limit)
{
  MsiInviteDirectory *self = g_object_new (MSI_TYPE_INVITE_DIRECTORY, NULL);

  self->seat_limit = seat_limit;
  self->team_limit = team_limit;

  return self;
}

/**
 * msi_invite_directory_add_member:
 * @self: the directory
 * @email: a user's address or a pending invitation's
 * @kind: which of the two
 *
 * Adding an address again (in any case) replaces its kind.
 */
void
msi_invite_directory_add_member (MsiInviteDirectory *self,
                                 const char         *email,
                                 MsiDirectoryMember  kind)
{
  g_return_if_fail (MSI_IS_INVITE_DIRECTORY (self));
  g_return_if_fail (email != NULL);

  if (kind == MSI_DIRECTORY_MEMBER_NONE)
    {
      g_hash_table_remove (self->members, email);
      return;
    }

  g_hash_table_replace (self->members, msi_email_normalize (email, -1),
                        GINT_TO_POINTER (kind));
}

/**
 * msi_invite_directory_add_team:
 * @self: the directory
 * @name: the team's name
 * @id: (nullable): its SCIM id
 *
 * Adding a team again (its name in any case) updates its id and spelling.
 */
void
msi_invite_directory_add_team (MsiInviteDirectory *self,
                               const char         *name,
                               const char         *id)
{
  Team *team;

  g_return_if_fail (MSI_IS_INVITE_DIRECTORY (self));
  g_return_if_fail (name != NULL);

  team = g_hash_table_lookup (self->teams, name);
  if (team != NULL)
    {
      /* The key is the team's name: take it out while it changes. */
      g_hash_table_remove (self->teams, team->name);
      g_free (team->name);
      g_free (team->id);
    }
  else
    {
      team = g_new0 (Team, 1);
      g_ptr_array_add (self->team_list, team);
    }

  team->name = g_strdup (name);
  team->id = g_strdup (id != NULL ? id : "");
  g_hash_table_insert (self->teams, team->name, team);
}

/**
 * msi_invite_directory_lookup_member:
 * @self: the directory
 * @email: an address, surrounding blanks ignored
 * @len: its length in bytes, or -1 when it ends with NUL
 *
 * Returns: whether @email is a user, a pending invitation or neither
 */
MsiDirectoryMember
msi_invite_directory_lookup_member (MsiInviteDirectory *self,
                                    const char         *email,
                                    gssize              len)
{
  char buffer[LOOKUP_BUFFER];
  g_autofree char *heap = NULL;
  const char *key;
  gsize n;

  g_return_val_if_fail (MSI_IS_INVITE_DIRECTORY (self), MSI_DIRECTORY_MEMBER_NONE);

  if (email == NULL)
    return MSI_DIRECTORY_MEMBER_NONE;

  n = len < 0 ? strlen (email) : (gsize) len;
  while (n > 0 && g_ascii_isspace (*email))
    {
      email++;
      n--;
    }
  while (n > 0 && g_ascii_isspace (email[n - 1]))
    n--;

  if (len < 0 && email[n] == '\0')
    {
      key = email;
    }
  else if (n < sizeof buffer)
    {
      memcpy (buffer, email, n);
      buffer[n] = '\0';
      key = buffer;
    }
  else
    {
      heap = g_strndup (email, n);
      key = heap;
    }

  return GPOINTER_TO_INT (g_hash_table_lookup (self->members, key));
}

/**
 * msi_invite_directory_lookup_team:
 * @self: the directory
 * @name: a team's name, in any case
 *
 * Returns: (nullable): the team's SCIM id ("" for Everyone while its id is
 *   not known), or %NULL when there is no such team
 */
const char *
msi_invite_directory_lookup_team (MsiInviteDirectory *self,
                                  const char         *name)
{
  Team *team;

  g_return_val_if_fail (MSI_IS_INVITE_DIRECTORY (self), NULL);

  if (name == NULL)
    return NULL;

  team = g_hash_table_lookup (self->teams, name);

  return team != NULL ? team->id : NULL;
}

/**
 * msi_invite_directory_get_team_name:
 * @self: the directory
 * @name: a team's name, in any case
 *
 * Returns: (nullable): the name as the directory spells it, or %NULL when
 *   there is no such team
 */
const char *
msi_invite_directory_get_team_name (MsiInviteDirectory *self,
                                    const char         *name)
{
  Team *team;

  g_return_val_if_fail (MSI_IS_INVITE_DIRECTORY (self), NULL);

  if (name == NULL)
    return NULL;

  team = g_hash_table_lookup (self->teams, name);

  return team != NULL ? team->name : NULL;
}

/**
 * msi_invite_directory_dup_team_names:
 * @self: the directory
 *
 * Returns: (transfer full): the teams' names, Everyone first, then in the
 *   order they were added
 */
GStrv
msi_invite_directory_dup_team_names (MsiInviteDirectory *self)
{
  GStrv names;

  g_return_val_if_fail (MSI_IS_INVITE_DIRECTORY (self), NULL);

  names = g_new0 (char *, self->team_list->len + 1);
  for (guint i = 0; i < self->team_list->len; i++)
    names[i] = g_strdup (((Team *) g_ptr_array_index (self->team_list, i))->name);

  return names;
}

guint
msi_invite_directory_get_seat_limit (MsiInviteDirectory *self)
{
  g_return_val_if_fail (MSI_IS_INVITE_DIRECTORY (self), 0);

  return self->seat_limit;
}

guint
msi_invite_directory_get_seats_used (MsiInviteDirectory *self)
{
  g_return_val_if_fail (MSI_IS_INVITE_DIRECTORY (self), 0);

  return g_hash_table_size (self->members);
}

guint
msi_invite_directory_get_team_limit (MsiInviteDirectory *self)
{
  g_return_val_if_fail (MSI_IS_INVITE_DIRECTORY (self), 0);

  return self->team_limit;
}

/**
 * msi_invite_directory_get_n_teams:
 * @self: the directory
 *
 * Returns: how many teams there are, Everyone included (it counts against
 *   the team limit like any other)
 */
guint
msi_invite_directory_get_n_teams (MsiInviteDirectory *self)
{
  g_return_val_if_fail (MSI_IS_INVITE_DIRECTORY (self), 0);

  return self->team_list->len;
}
