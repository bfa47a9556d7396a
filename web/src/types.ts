// The shapes of /api/v1 (docs/openapi.yaml). Servers may add members.

export type Id = number;
export type Privacy = 'open' | 'closed' | 'secret';
export type MemberState = 'none' | 'active' | 'pending' | 'invited';
export type GroupRole = 'member' | 'admin';
export type ReactionKind = 'like' | 'love' | 'celebrate' | 'support' | 'insightful' | 'curious';

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export interface UserBrief {
  id: Id;
  login: string;
  name: string;
  title: string;
}

export interface User extends UserBrief {
  org: { id: Id; name: string } | null;
  manager_id: Id | null;
  role: 'member' | 'admin';
  status: 'active' | 'deactivated';
  created_at: string;
}

export interface Session {
  user: User;
  csrf_token: string;
  expires_at?: string;
}

export interface Org {
  id: Id;
  parent_id: Id | null;
  kind: 'district' | 'school' | 'department';
  name: string;
}

export interface GroupViewer {
  state: MemberState;
  role: GroupRole | null;
  can_read: boolean;
  can_post: boolean;
  can_manage: boolean;
}

export interface Group {
  id: Id;
  name: string;
  purpose: string;
  privacy: Privacy;
  member_count: number;
  archived: boolean;
  archived_at: string | null;
  created_at: string;
  created_by: Id;
  viewer: GroupViewer;
}

export interface Member {
  id: Id;
  login: string;
  name: string;
  title: string;
  user_id: Id;
  state: 'active' | 'pending' | 'invited';
  role: GroupRole;
  since: string;
}

export interface Membership {
  group_id: Id;
  user_id: Id;
  state: MemberState;
  role: GroupRole;
}

export interface Comment {
  id: Id;
  post_id: Id;
  parent_id: Id | null;
  author: UserBrief;
  body: string;
  body_html: string;
  created_at: string;
  edited_at: string | null;
  edited: boolean;
  reply_count: number;
  status?: string;
  /** What the viewer may do with this comment (the server's own rules). */
  viewer: { can_delete: boolean };
}

export interface Post {
  id: Id;
  group: { id: Id; name: string; privacy: Privacy };
  author: UserBrief;
  body: string;
  body_html: string;
  created_at: string;
  edited_at: string | null;
  edited: boolean;
  comment_count: number;
  reaction_count: number;
  reactions: Partial<Record<ReactionKind, number>>;
  viewer_reaction: ReactionKind | null;
  latest_comments: Comment[];
  status?: string;
  /** What the viewer may do with this post (the server's own rules). */
  viewer: PostViewer;
}

export interface PostViewer {
  /** The author, while the group is not archived. */
  can_edit: boolean;
  /** The author, the group's admins, system admins. */
  can_delete: boolean;
  /** May comment and react: an open group or a member, and not archived. */
  can_comment: boolean;
  /** The viewer follows the post: they hear of its comments and reactions. */
  following: boolean;
}

export interface Revision {
  id: Id;
  editor_id: Id;
  body: string;
  body_html: string;
  created_at: string;
}

export interface Preview {
  body_html: string;
  mentions?: unknown[];
}

export type NotificationKind =
  | 'mention'
  | 'comment'
  | 'reply'
  | 'followed_comment'
  | 'reaction'
  | 'join_request'
  | 'request_approved'
  | 'invitation'
  | 'new_post';

export type NotificationLevel = 'all' | 'highlights' | 'off';

export interface Notification {
  id: Id;
  kind: NotificationKind;
  /** Who did it (for batched reactions, the latest reactor). */
  actor: UserBrief | null;
  group: { id: Id; name: string } | null;
  post_id: Id | null;
  comment_id: Id | null;
  /** How many events it stands for (reactions batch; every other kind is 1). */
  count: number;
  created_at: string;
  updated_at: string;
  read: boolean;
}

export interface NotificationPage extends Page<Notification> {
  unread_count: number;
}

export interface NotificationSetting {
  group: { id: Id; name: string };
  level: NotificationLevel;
  muted: boolean;
}

export interface Follow {
  post_id: Id;
  following: boolean;
}
