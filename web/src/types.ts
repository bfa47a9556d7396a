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
  /** Reviews what the student-privacy guard holds (the review queue). */
  monitor?: boolean;
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
  /** Its photos, in the order the author chose (none: an empty list). */
  images?: PostImage[];
  /** What the viewer may do with this post (the server's own rules). */
  viewer: PostViewer;
}

/**
 * An uploaded image (the API's `Image`): stored without metadata, with a
 * thumbnail of at most 480 pixels a side. url and thumbnail.url serve the
 * bytes (same-origin cookies, so usable as an <img src>).
 */
export interface PostImage {
  id: Id;
  mime: 'image/jpeg' | 'image/png' | 'image/webp';
  width: number;
  height: number;
  bytes: number;
  url: string;
  thumbnail: { url: string; width: number; height: number };
  /** The text alternative (also shown as the caption), or null. */
  alt: string | null;
  /** The author says students can be recognised in it (media consent applies). */
  shows_students: boolean;
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
  | 'important_reminder'
  | 'review_released'
  | 'review_rejected';

export type NotificationLevel = 'all' | 'highlights' | 'off';

export interface Notification {
  id: Id;
  kind: NotificationKind;
  /** Who did it (for batched reactions, the latest reactor). */
  actor: UserBrief | null;
  group: { id: Id; name: string } | null;
  post_id: Id | null;
  comment_id: Id | null;
  /** The held text a review_released / review_rejected notification is about. */
  review_id: Id | null;
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

/**
 * One finding of the privacy guard (student information, media consent, or
 * "think before you post": profanity, slur, harassment, threat). start/end
 * are byte offsets into the UTF-8 body, or, when image_id is set, into that
 * image's caption (alt); a media_consent finding about a photo has an empty
 * span.
 */
export interface GuardFinding {
  rule: string;
  severity: string;
  action: 'allow' | 'warn' | 'hold' | 'block';
  start: number;
  end: number;
  explanation: string;
  image_id?: Id | null;
}

/** POST /api/v1/guard/check */
export interface GuardCheck {
  outcome: 'allow' | 'warn' | 'hold' | 'block';
  findings: GuardFinding[];
}

export type ReviewKind = 'post' | 'comment' | 'edit';
export type ReviewState = 'pending' | 'released' | 'rejected' | 'withdrawn';

/**
 * A post, comment or edit the guard held for a monitor's review (nothing
 * of it is published while pending). post_id: the post commented on or
 * edited, or the post a release published; comment_id: the comment a
 * release published.
 */
export interface Review {
  id: Id;
  kind: ReviewKind;
  state: ReviewState;
  author: UserBrief;
  group: { id: Id; name: string; privacy: Privacy };
  post_id: Id | null;
  parent_id: Id | null;
  comment_id: Id | null;
  body: string;
  body_html: string | null;
  /** The author's confirmation (a reason given past a warning), or null. */
  reason: string | null;
  findings: GuardFinding[];
  created_at: string;
  decided_at: string | null;
  /** Who decided: shown to monitors only (the author hears "a monitor"). */
  decided_by: { id: Id; name: string } | null;
  /** The monitor's note (the reason for a rejection), or null. */
  note: string | null;
  /** The viewer may release or reject it (a monitor, pending, not their own). */
  can_decide: boolean;
  /** A held post's photos (monitors see them while it waits). */
  images?: PostImage[];
}

/** GET /reviews: pending_count is a number for monitors, null for everyone else. */
export interface ReviewPage extends Page<Review> {
  pending_count: number | null;
}

/** What a held write (a post, comment or edit) answers: 202, and nothing is published. */
export interface Held {
  status: 'held';
  review: Review;
}
