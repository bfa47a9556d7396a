/* Migrations for the SQLite backend. Enumerations are stored as the integer
 * values of their C enums (store.h); counters on posts, comments and groups
 * are kept current by triggers, so no write path can forget them. */
#include "store/schema.h"

const char *const schema_migrations[] = {
    /* 1: the foundation: organisation, people, sessions, groups, posts. */
    "CREATE TABLE orgs("
    " id INTEGER PRIMARY KEY,"
    " parent_id INTEGER REFERENCES orgs(id),"
    " kind INTEGER NOT NULL CHECK(kind BETWEEN 0 AND 2),"
    " name TEXT NOT NULL UNIQUE,"
    " created_at INTEGER NOT NULL);"
    "CREATE TABLE users("
    " id INTEGER PRIMARY KEY,"
    " login TEXT NOT NULL UNIQUE,"
    " name TEXT NOT NULL,"
    " title TEXT NOT NULL DEFAULT '',"
    " org_id INTEGER REFERENCES orgs(id),"
    " manager_id INTEGER REFERENCES users(id),"
    " role INTEGER NOT NULL DEFAULT 0 CHECK(role BETWEEN 0 AND 1),"
    " status INTEGER NOT NULL DEFAULT 0 CHECK(status BETWEEN 0 AND 1),"
    " password_hash TEXT,"
    " created_at INTEGER NOT NULL,"
    " updated_at INTEGER NOT NULL);"
    "CREATE INDEX users_org ON users(org_id, login);"
    "CREATE TABLE sessions("
    " digest TEXT PRIMARY KEY,"
    " user_id INTEGER NOT NULL REFERENCES users(id),"
    " csrf TEXT NOT NULL,"
    " created_at INTEGER NOT NULL,"
    " expires_at INTEGER NOT NULL) WITHOUT ROWID;"
    "CREATE INDEX sessions_user ON sessions(user_id);"
    "CREATE TABLE api_tokens("
    " id INTEGER PRIMARY KEY,"
    " digest TEXT NOT NULL UNIQUE,"
    " user_id INTEGER NOT NULL REFERENCES users(id),"
    " name TEXT NOT NULL,"
    " created_at INTEGER NOT NULL,"
    " last_used_at INTEGER,"
    " revoked_at INTEGER);"
    "CREATE INDEX api_tokens_user ON api_tokens(user_id);"
    "CREATE TABLE login_failures(key TEXT NOT NULL, at INTEGER NOT NULL);"
    "CREATE INDEX login_failures_key ON login_failures(key, at);"
    "CREATE TABLE groups("
    " id INTEGER PRIMARY KEY,"
    " name TEXT NOT NULL,"
    " purpose TEXT NOT NULL,"
    " privacy INTEGER NOT NULL CHECK(privacy BETWEEN 0 AND 2),"
    " created_by INTEGER NOT NULL REFERENCES users(id),"
    " created_at INTEGER NOT NULL,"
    " updated_at INTEGER NOT NULL,"
    " archived_at INTEGER,"
    " member_count INTEGER NOT NULL DEFAULT 0);"
    "CREATE INDEX groups_name ON groups(name COLLATE NOCASE, id);"
    "CREATE TABLE memberships("
    " group_id INTEGER NOT NULL REFERENCES groups(id),"
    " user_id INTEGER NOT NULL REFERENCES users(id),"
    " state INTEGER NOT NULL CHECK(state BETWEEN 1 AND 3),"
    " role INTEGER NOT NULL CHECK(role BETWEEN 0 AND 1),"
    " added_by INTEGER REFERENCES users(id),"
    " created_at INTEGER NOT NULL,"
    " PRIMARY KEY(group_id, user_id)) WITHOUT ROWID;"
    "CREATE INDEX memberships_user ON memberships(user_id, state, group_id);"
    "CREATE TABLE posts("
    " id INTEGER PRIMARY KEY,"
    " group_id INTEGER NOT NULL REFERENCES groups(id),"
    " author_id INTEGER NOT NULL REFERENCES users(id),"
    " body TEXT NOT NULL,"
    " body_html TEXT NOT NULL,"
    " created_at INTEGER NOT NULL,"
    " edited_at INTEGER,"
    " deleted_at INTEGER,"
    " deleted_by INTEGER REFERENCES users(id),"
    " comment_count INTEGER NOT NULL DEFAULT 0,"
    " reaction_count INTEGER NOT NULL DEFAULT 0);"
    "CREATE INDEX posts_group_live ON posts(group_id, id) WHERE deleted_at IS NULL;"
    "CREATE INDEX posts_author ON posts(author_id, id);"
    "CREATE TABLE post_revisions("
    " id INTEGER PRIMARY KEY,"
    " post_id INTEGER NOT NULL REFERENCES posts(id),"
    " editor_id INTEGER NOT NULL REFERENCES users(id),"
    " body TEXT NOT NULL,"
    " body_html TEXT NOT NULL,"
    " created_at INTEGER NOT NULL);"
    "CREATE INDEX post_revisions_post ON post_revisions(post_id, id);"
    "CREATE TABLE comments("
    " id INTEGER PRIMARY KEY,"
    " post_id INTEGER NOT NULL REFERENCES posts(id),"
    " parent_id INTEGER REFERENCES comments(id),"
    " author_id INTEGER NOT NULL REFERENCES users(id),"
    " body TEXT NOT NULL,"
    " body_html TEXT NOT NULL,"
    " created_at INTEGER NOT NULL,"
    " edited_at INTEGER,"
    " deleted_at INTEGER,"
    " deleted_by INTEGER REFERENCES users(id),"
    " reply_count INTEGER NOT NULL DEFAULT 0);"
    "CREATE INDEX comments_post_live ON comments(post_id, id) WHERE deleted_at IS NULL;"
    "CREATE TABLE reactions("
    " post_id INTEGER NOT NULL REFERENCES posts(id),"
    " user_id INTEGER NOT NULL REFERENCES users(id),"
    " kind INTEGER NOT NULL,"
    " created_at INTEGER NOT NULL,"
    " PRIMARY KEY(post_id, user_id)) WITHOUT ROWID;"
    "CREATE TABLE reaction_counts("
    " post_id INTEGER NOT NULL REFERENCES posts(id),"
    " kind INTEGER NOT NULL,"
    " n INTEGER NOT NULL,"
    " PRIMARY KEY(post_id, kind)) WITHOUT ROWID;"
    "CREATE TABLE mentions("
    " source_kind INTEGER NOT NULL,"
    " source_id INTEGER NOT NULL,"
    " user_id INTEGER NOT NULL REFERENCES users(id),"
    " created_at INTEGER NOT NULL,"
    " PRIMARY KEY(source_kind, source_id, user_id)) WITHOUT ROWID;"
    "CREATE INDEX mentions_user ON mentions(user_id, created_at);"
    /* counters */
    "CREATE TRIGGER members_ins AFTER INSERT ON memberships WHEN NEW.state = 1 BEGIN"
    " UPDATE groups SET member_count = member_count + 1 WHERE id = NEW.group_id; END;"
    "CREATE TRIGGER members_del AFTER DELETE ON memberships WHEN OLD.state = 1 BEGIN"
    " UPDATE groups SET member_count = member_count - 1 WHERE id = OLD.group_id; END;"
    "CREATE TRIGGER members_upd AFTER UPDATE OF state ON memberships"
    " WHEN (OLD.state = 1) <> (NEW.state = 1) BEGIN"
    " UPDATE groups SET member_count = member_count + (CASE WHEN NEW.state = 1 THEN 1 ELSE -1 END)"
    " WHERE id = NEW.group_id; END;"
    "CREATE TRIGGER comments_ins AFTER INSERT ON comments BEGIN"
    " UPDATE posts SET comment_count = comment_count + 1 WHERE id = NEW.post_id;"
    " UPDATE comments SET reply_count = reply_count + 1 WHERE id = NEW.parent_id; END;"
    "CREATE TRIGGER comments_hide AFTER UPDATE OF deleted_at ON comments"
    " WHEN OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL BEGIN"
    " UPDATE posts SET comment_count = comment_count - 1 WHERE id = NEW.post_id;"
    " UPDATE comments SET reply_count = reply_count - 1 WHERE id = NEW.parent_id; END;"
    "CREATE TRIGGER reactions_ins AFTER INSERT ON reactions BEGIN"
    " UPDATE posts SET reaction_count = reaction_count + 1 WHERE id = NEW.post_id;"
    " INSERT INTO reaction_counts(post_id, kind, n) VALUES (NEW.post_id, NEW.kind, 1)"
    " ON CONFLICT(post_id, kind) DO UPDATE SET n = n + 1; END;"
    "CREATE TRIGGER reactions_del AFTER DELETE ON reactions BEGIN"
    " UPDATE posts SET reaction_count = reaction_count - 1 WHERE id = OLD.post_id;"
    " UPDATE reaction_counts SET n = n - 1 WHERE post_id = OLD.post_id AND kind = OLD.kind; END;"
    "CREATE TRIGGER reactions_upd AFTER UPDATE OF kind ON reactions WHEN OLD.kind <> NEW.kind BEGIN"
    " UPDATE reaction_counts SET n = n - 1 WHERE post_id = OLD.post_id AND kind = OLD.kind;"
    " INSERT INTO reaction_counts(post_id, kind, n) VALUES (NEW.post_id, NEW.kind, 1)"
    " ON CONFLICT(post_id, kind) DO UPDATE SET n = n + 1; END;",
    /* 2: notifications, per-group notification settings and post follows.
     * A notification names what it is about (group, post, comment) so that
     * reads can filter it through core/perm; count batches reactions.
     * notification_settings.level: 0 all, 1 highlights, 2 off (enum
     * notify_level); no row means the default core/notify applies. A
     * post_follows row with following = 0 is an explicit unfollow, kept so
     * that commenting again does not follow the post again. */
    "CREATE TABLE notifications("
    " id INTEGER PRIMARY KEY,"
    " user_id INTEGER NOT NULL REFERENCES users(id),"
    " kind INTEGER NOT NULL CHECK(kind >= 0),"
    " actor_id INTEGER REFERENCES users(id),"
    " group_id INTEGER REFERENCES groups(id),"
    " post_id INTEGER REFERENCES posts(id),"
    " comment_id INTEGER REFERENCES comments(id),"
    " count INTEGER NOT NULL DEFAULT 1 CHECK(count >= 1),"
    " created_at INTEGER NOT NULL,"
    " updated_at INTEGER NOT NULL,"
    " read_at INTEGER);"
    "CREATE INDEX notifications_user ON notifications(user_id, id);"
    "CREATE INDEX notifications_unread ON notifications(user_id, id) WHERE read_at IS NULL;"
    "CREATE INDEX notifications_batch ON notifications(post_id, user_id, kind)"
    " WHERE read_at IS NULL AND post_id IS NOT NULL;"
    "CREATE TABLE notification_settings("
    " user_id INTEGER NOT NULL REFERENCES users(id),"
    " group_id INTEGER NOT NULL REFERENCES groups(id),"
    " level INTEGER NOT NULL CHECK(level BETWEEN 0 AND 2),"
    " muted INTEGER NOT NULL DEFAULT 0 CHECK(muted IN (0, 1)),"
    " PRIMARY KEY(user_id, group_id)) WITHOUT ROWID;"
    "CREATE INDEX notification_settings_group ON notification_settings(group_id, level, muted);"
    "CREATE TABLE post_follows("
    " post_id INTEGER NOT NULL REFERENCES posts(id),"
    " user_id INTEGER NOT NULL REFERENCES users(id),"
    " following INTEGER NOT NULL CHECK(following IN (0, 1)),"
    " created_at INTEGER NOT NULL,"
    " PRIMARY KEY(post_id, user_id)) WITHOUT ROWID;",
    /* 3: the durable event log behind GET /api/v1/stream. id is the SSE
     * event id (AUTOINCREMENT: never reused, even after pruning); kind is
     * enum event_kind (core/event.h); user_id is set for personal events
     * (a notification for one person) and NULL for group events. Rows are
     * written in the action's own transaction; notification events by the
     * triggers below (kind 6 = EVENT_NOTIFICATION), so every fan-out INSERT
     * ... SELECT and every batched bump has its event. core/event prunes the
     * log to its newest 100,000 rows and 7 days. */
    "CREATE TABLE events("
    " id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " kind INTEGER NOT NULL CHECK(kind >= 0),"
    " group_id INTEGER,"
    " post_id INTEGER,"
    " comment_id INTEGER,"
    " actor_id INTEGER,"
    " user_id INTEGER,"
    " notification_id INTEGER,"
    " created_at INTEGER NOT NULL);"
    "CREATE INDEX events_user ON events(user_id, id) WHERE user_id IS NOT NULL;"
    "CREATE INDEX events_created ON events(created_at);"
    "CREATE TRIGGER notifications_event AFTER INSERT ON notifications BEGIN"
    " INSERT INTO events(kind, group_id, post_id, comment_id, actor_id, user_id, notification_id,"
    " created_at) VALUES (6, NEW.group_id, NEW.post_id, NEW.comment_id, NEW.actor_id,"
    " NEW.user_id, NEW.id, NEW.updated_at); END;"
    "CREATE TRIGGER notifications_bump_event AFTER UPDATE OF count ON notifications BEGIN"
    " INSERT INTO events(kind, group_id, post_id, comment_id, actor_id, user_id, notification_id,"
    " created_at) VALUES (6, NEW.group_id, NEW.post_id, NEW.comment_id, NEW.actor_id,"
    " NEW.user_id, NEW.id, NEW.updated_at); END;",
    /* 4: important announcements, people's e-mail addresses and the
     * district communications role. A post is important while
     * important_until is in the future; important_by is who marked it (its
     * author, a group admin or a communications officer). post_receipts
     * holds each member's seen and acknowledged times for important posts
     * and when they were last nudged. users.comms marks the district
     * communications role, which may mark posts important in every group
     * it posts in. users.email is optional: bus drivers and food-service
     * staff may have none. */
    "ALTER TABLE users ADD COLUMN email TEXT;"
    "ALTER TABLE users ADD COLUMN comms INTEGER NOT NULL DEFAULT 0 CHECK(comms IN (0, 1));"
    "ALTER TABLE posts ADD COLUMN important_until INTEGER;"
    "ALTER TABLE posts ADD COLUMN important_at INTEGER;"
    "ALTER TABLE posts ADD COLUMN important_by INTEGER REFERENCES users(id);"
    "ALTER TABLE posts ADD COLUMN nudged_at INTEGER;"
    "CREATE INDEX posts_important ON posts(group_id, important_until)"
    " WHERE important_until IS NOT NULL AND deleted_at IS NULL;"
    "CREATE TABLE post_receipts("
    " post_id INTEGER NOT NULL REFERENCES posts(id),"
    " user_id INTEGER NOT NULL REFERENCES users(id),"
    " seen_at INTEGER,"
    " acked_at INTEGER,"
    " PRIMARY KEY(post_id, user_id)) WITHOUT ROWID;",
    /* 5: the durable job queue, e-mail settings, drafts and scheduled
     * posts. jobs.kind is enum job_kind (core/jobs.h): 0 a notification
     * e-mail (ref_id the notification), 1 a person's daily digest (ref_id
     * the local day as YYYYMMDD), 2 the hourly digest sweep (ref_id the
     * hour's start in ms), 3 publishing a scheduled draft (ref_id the
     * draft), 4 telling an author their scheduled post failed (ref_id the
     * draft). state: 0 pending, 1 done, 2 dead. A pending job is due when
     * run_at has passed; claiming it moves run_at to the end of a lease,
     * so a job whose worker died runs again when the lease ends. One row
     * per (kind, user_id, ref_id): a digest is sent once per person and
     * day, a draft has one publishing job. mail_state holds whether this
     * district sends e-mail (set by `serve` from its configuration) and
     * the key of the digest's unsubscribe links. email_settings.notify: 0
     * off, 1 important (announcements, reminders and what reaches a person
     * even when a group is set to off: mentions, replies, invitations,
     * approvals, join requests), 2 all; no row means 1, and a digest at
     * 7. notifications_mail writes a notification's e-mail job in the
     * notification's own transaction (every fan-out included); the
     * kinds listed are those of core/notify.h that level 1 sends.
     * drafts.state: 0 draft, 1 scheduled, 2 publishing, 3 published, 4
     * failed; posts_from_draft marks the draft being published (state 2)
     * published in the very transaction that inserts its post, so a
     * retried publish finds it done and never posts twice. */
    "CREATE TABLE jobs("
    " id INTEGER PRIMARY KEY,"
    " kind INTEGER NOT NULL CHECK(kind >= 0),"
    " user_id INTEGER NOT NULL DEFAULT 0,"
    " ref_id INTEGER NOT NULL DEFAULT 0,"
    " state INTEGER NOT NULL DEFAULT 0 CHECK(state BETWEEN 0 AND 2),"
    " run_at INTEGER NOT NULL,"
    " attempts INTEGER NOT NULL DEFAULT 0,"
    " last_error TEXT,"
    " created_at INTEGER NOT NULL,"
    " updated_at INTEGER NOT NULL);"
    "CREATE INDEX jobs_due ON jobs(run_at) WHERE state = 0;"
    "CREATE UNIQUE INDEX jobs_once ON jobs(kind, user_id, ref_id);"
    "CREATE INDEX jobs_state ON jobs(state, updated_at);"
    "CREATE TABLE mail_state("
    " id INTEGER PRIMARY KEY CHECK(id = 1),"
    " enabled INTEGER NOT NULL CHECK(enabled IN (0, 1)),"
    " unsub_key BLOB NOT NULL);"
    "INSERT INTO mail_state(id, enabled, unsub_key) VALUES (1, 0, randomblob(32));"
    "CREATE TABLE email_settings("
    " user_id INTEGER PRIMARY KEY REFERENCES users(id),"
    " notify INTEGER NOT NULL CHECK(notify BETWEEN 0 AND 2),"
    " digest INTEGER NOT NULL CHECK(digest IN (0, 1)),"
    " digest_hour INTEGER NOT NULL CHECK(digest_hour BETWEEN 0 AND 23),"
    " updated_at INTEGER NOT NULL);"
    "CREATE TRIGGER notifications_mail AFTER INSERT ON notifications"
    " WHEN (SELECT enabled FROM mail_state WHERE id = 1) = 1 BEGIN"
    " INSERT OR IGNORE INTO jobs(kind, user_id, ref_id, run_at, created_at, updated_at)"
    " SELECT 0, u.id, NEW.id, NEW.created_at, NEW.created_at, NEW.created_at FROM users u"
    " LEFT JOIN email_settings es ON es.user_id = u.id"
    " WHERE u.id = NEW.user_id AND u.email IS NOT NULL AND u.status = 0"
    " AND (COALESCE(es.notify, 1) = 2"
    " OR (COALESCE(es.notify, 1) = 1 AND NEW.kind IN (0, 2, 5, 6, 7, 9, 10))); END;"
    "CREATE TABLE drafts("
    " id INTEGER PRIMARY KEY,"
    " author_id INTEGER NOT NULL REFERENCES users(id),"
    " group_id INTEGER REFERENCES groups(id),"
    " body TEXT NOT NULL,"
    " state INTEGER NOT NULL DEFAULT 0 CHECK(state BETWEEN 0 AND 4),"
    " publish_at INTEGER,"
    " claimed_until INTEGER NOT NULL DEFAULT 0,"
    " post_id INTEGER REFERENCES posts(id),"
    " fail_code TEXT,"
    " fail_detail TEXT,"
    " created_at INTEGER NOT NULL,"
    " updated_at INTEGER NOT NULL,"
    " deleted_at INTEGER);"
    "CREATE INDEX drafts_author ON drafts(author_id, id) WHERE deleted_at IS NULL;"
    "CREATE INDEX drafts_publishing ON drafts(author_id, group_id) WHERE state = 2;"
    "CREATE TRIGGER posts_from_draft AFTER INSERT ON posts BEGIN"
    " UPDATE drafts SET state = 3, post_id = NEW.id, claimed_until = 0,"
    " updated_at = NEW.created_at WHERE id = (SELECT id FROM drafts WHERE state = 2"
    " AND author_id = NEW.author_id AND group_id = NEW.group_id AND body = NEW.body"
    " AND deleted_at IS NULL ORDER BY id LIMIT 1); END;",
    /* 6: the student roster (core/roster imports it from the district's
     * student information system; guard builds its matcher from it) and the
     * log of imports. No API route reads students. consent: 0 unknown, 1
     * granted, 2 refused. A student is never deleted: removed_at marks one
     * gone from the roster, and seen_by names the import that last listed
     * them, so that a bulk import can remove everyone it did not list. */
    "CREATE TABLE roster_imports("
    " id INTEGER PRIMARY KEY,"
    " started_at INTEGER NOT NULL,"
    " finished_at INTEGER,"
    " source TEXT NOT NULL,"
    " format TEXT NOT NULL,"
    " mode TEXT NOT NULL CHECK(mode IN ('bulk', 'delta')),"
    " files TEXT NOT NULL,"
    " run_by TEXT NOT NULL,"
    " students INTEGER NOT NULL DEFAULT 0,"
    " schools INTEGER NOT NULL DEFAULT 0,"
    " added INTEGER NOT NULL DEFAULT 0,"
    " updated INTEGER NOT NULL DEFAULT 0,"
    " removed INTEGER NOT NULL DEFAULT 0,"
    " unchanged INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE students("
    " id INTEGER PRIMARY KEY,"
    " source_id TEXT NOT NULL UNIQUE,"
    " given TEXT NOT NULL,"
    " family TEXT NOT NULL,"
    " preferred TEXT,"
    " middle TEXT,"
    " number TEXT,"
    " school_source_id TEXT,"
    " school_name TEXT,"
    " grade TEXT,"
    " consent INTEGER NOT NULL DEFAULT 0 CHECK(consent BETWEEN 0 AND 2),"
    " created_at INTEGER NOT NULL,"
    " updated_at INTEGER NOT NULL,"
    " removed_at INTEGER,"
    " seen_by INTEGER REFERENCES roster_imports(id));"
    "CREATE INDEX students_active ON students(id) WHERE removed_at IS NULL;",
    /* 7: the privacy guard's records (core/privacy): every post, comment and
     * edit that had findings, what was decided (outcome: 0 published, 1
     * overridden by the author with a reason, 2 refused until confirmed, 3
     * blocked), and each finding's rule, severity, action and byte span in
     * the text as submitted. content: 0 post, 1 comment, 2 edit. Never a
     * student's name or number: student_id is the roster row, for monitors. */
    "CREATE TABLE guard_records("
    " id INTEGER PRIMARY KEY,"
    " at INTEGER NOT NULL,"
    " user_id INTEGER NOT NULL REFERENCES users(id),"
    " content INTEGER NOT NULL CHECK(content BETWEEN 0 AND 2),"
    " group_id INTEGER REFERENCES groups(id),"
    " post_id INTEGER REFERENCES posts(id),"
    " comment_id INTEGER REFERENCES comments(id),"
    " outcome INTEGER NOT NULL CHECK(outcome BETWEEN 0 AND 3),"
    " reason TEXT);"
    "CREATE INDEX guard_records_user ON guard_records(user_id, id);"
    "CREATE TABLE guard_findings("
    " id INTEGER PRIMARY KEY,"
    " record_id INTEGER NOT NULL REFERENCES guard_records(id),"
    " rule TEXT NOT NULL,"
    " severity TEXT NOT NULL,"
    " action TEXT NOT NULL,"
    " span_start INTEGER NOT NULL,"
    " span_end INTEGER NOT NULL,"
    " student_id INTEGER REFERENCES students(id));"
    "CREATE INDEX guard_findings_record ON guard_findings(record_id);",
    /* 8: holding for a monitor's review (core/review). guard_records and
     * guard_findings are rebuilt (children first, so no foreign key is ever
     * dangling) to allow outcome 4, held, and content 3, a group's name or
     * purpose. users.monitor marks the monitor
     * role. A review is one held post, comment or edit (kind as content):
     * its text waits here, published by a release (post_id or comment_id
     * then name what was made) or not at all (rejected: note is the reason
     * the author is told; withdrawn by the author). state: 0 pending,
     * 1 released, 2 rejected, 3 withdrawn. */
    "CREATE TABLE guard_records_v8("
    " id INTEGER PRIMARY KEY,"
    " at INTEGER NOT NULL,"
    " user_id INTEGER NOT NULL REFERENCES users(id),"
    " content INTEGER NOT NULL CHECK(content BETWEEN 0 AND 3),"
    " group_id INTEGER REFERENCES groups(id),"
    " post_id INTEGER REFERENCES posts(id),"
    " comment_id INTEGER REFERENCES comments(id),"
    " outcome INTEGER NOT NULL CHECK(outcome BETWEEN 0 AND 4),"
    " reason TEXT);"
    "CREATE TABLE guard_findings_v8("
    " id INTEGER PRIMARY KEY,"
    " record_id INTEGER NOT NULL REFERENCES guard_records_v8(id),"
    " rule TEXT NOT NULL,"
    " severity TEXT NOT NULL,"
    " action TEXT NOT NULL,"
    " span_start INTEGER NOT NULL,"
    " span_end INTEGER NOT NULL,"
    " student_id INTEGER REFERENCES students(id));"
    "INSERT INTO guard_records_v8 SELECT id, at, user_id, content, group_id, post_id, comment_id,"
    " outcome, reason FROM guard_records;"
    "INSERT INTO guard_findings_v8 SELECT id, record_id, rule, severity, action, span_start,"
    " span_end, student_id FROM guard_findings;"
    "DROP TABLE guard_findings;"
    "DROP TABLE guard_records;"
    "ALTER TABLE guard_records_v8 RENAME TO guard_records;"
    "ALTER TABLE guard_findings_v8 RENAME TO guard_findings;"
    "CREATE INDEX guard_records_user ON guard_records(user_id, id);"
    "CREATE INDEX guard_findings_record ON guard_findings(record_id);"
    "ALTER TABLE users ADD COLUMN monitor INTEGER NOT NULL DEFAULT 0 CHECK(monitor IN (0, 1));"
    "CREATE TABLE reviews("
    " id INTEGER PRIMARY KEY,"
    " record_id INTEGER NOT NULL REFERENCES guard_records(id),"
    " kind INTEGER NOT NULL CHECK(kind BETWEEN 0 AND 2),"
    " state INTEGER NOT NULL DEFAULT 0 CHECK(state BETWEEN 0 AND 3),"
    " author_id INTEGER NOT NULL REFERENCES users(id),"
    " group_id INTEGER NOT NULL REFERENCES groups(id),"
    " post_id INTEGER REFERENCES posts(id),"
    " parent_id INTEGER REFERENCES comments(id),"
    " comment_id INTEGER REFERENCES comments(id),"
    " body TEXT NOT NULL,"
    " reason TEXT,"
    " created_at INTEGER NOT NULL,"
    " decided_at INTEGER,"
    " decided_by INTEGER REFERENCES users(id),"
    " note TEXT);"
    "CREATE INDEX reviews_state ON reviews(state, id);"
    "CREATE INDEX reviews_author ON reviews(author_id, id);"
    /* The author hears of a decision (kinds 11 released, 12 rejected) with
     * the review it is about, by e-mail at level `important` too. A held
     * scheduled post has been published as far as its draft goes. */
    "ALTER TABLE notifications ADD COLUMN review_id INTEGER REFERENCES reviews(id);"
    "DROP TRIGGER notifications_mail;"
    "CREATE TRIGGER notifications_mail AFTER INSERT ON notifications"
    " WHEN (SELECT enabled FROM mail_state WHERE id = 1) = 1 BEGIN"
    " INSERT OR IGNORE INTO jobs(kind, user_id, ref_id, run_at, created_at, updated_at)"
    " SELECT 0, u.id, NEW.id, NEW.created_at, NEW.created_at, NEW.created_at FROM users u"
    " LEFT JOIN email_settings es ON es.user_id = u.id"
    " WHERE u.id = NEW.user_id AND u.email IS NOT NULL AND u.status = 0"
    " AND (COALESCE(es.notify, 1) = 2"
    " OR (COALESCE(es.notify, 1) = 1 AND NEW.kind IN (0, 2, 5, 6, 7, 9, 10, 11, 12))); END;"
    "CREATE TRIGGER reviews_from_draft AFTER INSERT ON reviews WHEN NEW.kind = 0 BEGIN"
    " UPDATE drafts SET state = 3, claimed_until = 0, updated_at = NEW.created_at"
    " WHERE id = (SELECT id FROM drafts WHERE state = 2 AND author_id = NEW.author_id"
    " AND group_id = NEW.group_id AND body = NEW.body AND deleted_at IS NULL ORDER BY id LIMIT 1);"
    " END;",
    /* 9: uploaded images (core/media). The cleaned image and its thumbnail
     * are files in data_dir/media under random names; this row names them.
     * An image belongs to its uploader until it is attached to a post
     * (post_id, at position among the post's images); shows_students and
     * alt are the uploader's word about it. One never attached within a
     * day, or removed before that, is purged with its files by the job
     * worker's prune (core/media). */
    "CREATE TABLE images("
    " id INTEGER PRIMARY KEY,"
    " uploader_id INTEGER NOT NULL REFERENCES users(id),"
    " post_id INTEGER REFERENCES posts(id),"
    " position INTEGER NOT NULL DEFAULT 0,"
    " mime TEXT NOT NULL CHECK(mime IN ('image/jpeg', 'image/png', 'image/webp')),"
    " width INTEGER NOT NULL CHECK(width > 0),"
    " height INTEGER NOT NULL CHECK(height > 0),"
    " bytes INTEGER NOT NULL,"
    " file TEXT NOT NULL UNIQUE,"
    " sha256 TEXT NOT NULL,"
    " thumb_file TEXT NOT NULL UNIQUE,"
    " thumb_width INTEGER NOT NULL,"
    " thumb_height INTEGER NOT NULL,"
    " thumb_bytes INTEGER NOT NULL,"
    " shows_students INTEGER NOT NULL DEFAULT 0 CHECK(shows_students IN (0, 1)),"
    " alt TEXT,"
    " created_at INTEGER NOT NULL,"
    " attached_at INTEGER,"
    " removed_at INTEGER,"
    " review_id INTEGER REFERENCES reviews(id));"
    "CREATE INDEX images_pending ON images(uploader_id) WHERE post_id IS NULL;"
    "CREATE INDEX images_review ON images(review_id, position) WHERE review_id IS NOT NULL;"
    "CREATE INDEX images_unattached ON images(created_at) WHERE post_id IS NULL;"
    "CREATE INDEX images_post ON images(post_id, position) WHERE post_id IS NOT NULL;",
    /* 10: a draft carries its author's confirmation of the privacy guard's
     * warning (core/privacy), for when it is published later; it is for
     * the text it was given for: changing the body clears it. */
    "ALTER TABLE drafts ADD COLUMN confirm_reason TEXT;"
    /* and a finding in an image's caption, or about a photo, names it */
    "ALTER TABLE guard_findings ADD COLUMN image_id INTEGER REFERENCES images(id);",
};

const size_t schema_migrations_count = sizeof schema_migrations / sizeof schema_migrations[0];
