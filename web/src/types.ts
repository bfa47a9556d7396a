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
  /** Holds the district communications role (marks posts important in every group they read). */
  communications?: boolean;
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
  /** Marked important (an announcement), or null when it never was. */
  important?: Important | null;
  /** What the viewer may do with this post (the server's own rules). */
  viewer: PostViewer;
}

/** Who has seen and acknowledged an important post (its author, group admins, communications). */
export interface ReceiptCounts {
  audience: number;
  seen: number;
  acknowledged: number;
}

export interface Important {
  /** Important now (until is in the future). */
  active: boolean;
  until: string;
  marked_at: string;
  marked_by: Id;
  nudged_at: string | null;
  receipts?: ReceiptCounts;
}

export type ReceiptState = 'acknowledged' | 'not_acknowledged' | 'seen' | 'not_seen';

export interface Receipt {
  user: UserBrief;
  seen_at: string | null;
  acknowledged_at: string | null;
}

export interface ReceiptPage extends Page<Receipt> {
  state: ReceiptState;
  counts: ReceiptCounts;
}

/** The home feed and a group's posts: important posts to acknowledge come first (first page only). */
export interface FeedPage extends Page<Post> {
  pinned?: Post[];
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
  /** May mark it important or end that (group admins, district communications). */
  can_mark_important?: boolean;
  /** It was marked important and the viewer sees its receipts and may nudge. */
  can_see_receipts?: boolean;
  /** It was marked important and the viewer is in its audience. */
  can_acknowledge?: boolean;
  /** It is important now and the viewer has yet to acknowledge it. */
  must_acknowledge?: boolean;
  seen_at?: string | null;
  acknowledged_at?: string | null;
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
  | 'new_post'
  | 'important'
  | 'important_reminder';

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

/** One finding of the student-privacy guard; start/end are byte offsets into the UTF-8 body. */
export interface GuardFinding {
  rule: string;
  severity: string;
  action: 'allow' | 'warn' | 'block';
  start: number;
  end: number;
  explanation: string;
}

/** POST /api/v1/guard/check */
export interface GuardCheck {
  outcome: 'allow' | 'warn' | 'block';
  findings: GuardFinding[];
}
