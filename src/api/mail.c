/* E-mail over the API: a person's e-mail settings, the digest's one-click
 * unsubscribe (no sign-in: the token is the credential), and the job
 * queue at a glance for system admins. What is sent is core/mail's. */
#include "api/api.h"
#include "core/mail.h"

static json_t *settings_json(const struct mail_settings *m)
{
    const struct mail_config *mc = mail_config();
    return json_pack("{s:o, s:s, s:b, s:i, s:o, s:b}", "address",
                     m->address ? json_string(m->address) : json_null(), "notifications",
                     mail_notify_str(m->notify), "digest", m->digest, "digest_hour", m->digest_hour,
                     "timezone",
                     mc->timezone && *mc->timezone ? json_string(mc->timezone) : json_null(),
                     "email_enabled", mc->enabled);
}

void h_email_settings_get(struct http_req *r)
{
    struct api_ctx *c = api_ctx(r);
    struct mail_settings m;
    struct fail f = {0};
    if (mail_settings_get(c->st, &r->arena, &c->viewer, &m, &f))
        api_fail(r, &f);
    else
        http_json(r, 200, settings_json(&m));
}

void h_email_settings_put(struct http_req *r)
{
    static const struct body_field fields[] = {
        {"notifications", JSON_STRING, false, 16},
        {"digest", JSON_TRUE, false, 0},
        {"digest_hour", JSON_INTEGER, false, 23},
    };
    struct api_ctx *c = api_ctx(r);
    json_t *b = api_body(r, fields, 3);
    if (!b)
        return;
    enum mail_notify notify;
    bool has_notify = api_has(b, "notifications");
    if (has_notify && mail_notify_parse(api_str(b, "notifications"), &notify)) {
        json_decref(b);
        http_problem(r, 422, "invalid_notifications", "notifications is off, important or all.",
                     "notifications");
        return;
    }
    bool digest = json_is_true(json_object_get(b, "digest"));
    int64_t hour = api_int(b, "digest_hour");
    struct mail_settings m;
    struct fail f = {0};
    if (mail_settings_set(c->st, &r->arena, &c->viewer, has_notify ? &notify : NULL,
                          api_has(b, "digest") ? &digest : NULL,
                          api_has(b, "digest_hour") ? &hour : NULL, &m, &f))
        api_fail(r, &f);
    else
        http_json(r, 200, settings_json(&m));
    json_decref(b);
}

/* POST with the token in the query: the one-click unsubscribe of RFC 8058
 * (mail programs send "List-Unsubscribe=One-Click" as a form, which is
 * not read) and the web client's unsubscribe page. */
void h_email_unsubscribe(struct http_req *r)
{
    struct api_ctx *c = api_ctx(r);
    struct fail f = {0};
    if (mail_unsubscribe(c->st, &r->arena, http_query_str(r, "token"), &f))
        api_fail(r, &f);
    else
        http_json(r, 200, json_pack("{s:b}", "digest", false));
}

static json_t *job_json(const struct job_info *j)
{
    return json_pack("{s:I, s:s, s:s, s:I, s:o, s:o, s:o}", "id", (json_int_t)j->id, "kind",
                     job_kind_str(j->kind), "state", job_state_str(j->state), "attempts",
                     (json_int_t)j->attempts, "run_at", api_time(j->run_at), "updated_at",
                     api_time(j->updated_at), "last_error",
                     j->last_error ? json_string(j->last_error) : json_null());
}

void h_admin_jobs(struct http_req *r)
{
    struct api_ctx *c = api_ctx(r);
    struct job_count *counts;
    struct job_info *problems;
    size_t nc, np;
    struct fail f = {0};
    if (jobs_summary(c->st, &r->arena, &c->viewer, &counts, &nc, &problems, &np, &f)) {
        api_fail(r, &f);
        return;
    }
    json_t *cs = json_array(), *ps = json_array();
    int64_t pending = 0;
    for (size_t i = 0; i < nc; i++) {
        if (counts[i].state == JOB_PENDING)
            pending += counts[i].n;
        json_array_append_new(
            cs, json_pack("{s:s, s:s, s:I, s:o}", "kind", job_kind_str(counts[i].kind), "state",
                          job_state_str(counts[i].state), "count", (json_int_t)counts[i].n,
                          "oldest_run_at",
                          counts[i].state == JOB_PENDING ? api_time(counts[i].oldest_run_at)
                                                         : json_null()));
    }
    for (size_t i = 0; i < np; i++)
        json_array_append_new(ps, job_json(&problems[i]));
    http_json(r, 200,
              json_pack("{s:b, s:I, s:o, s:o}", "email_enabled", mail_config()->enabled, "pending",
                        (json_int_t)pending, "counts", cs, "problems", ps));
}
