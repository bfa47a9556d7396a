/* The student-privacy guard as the API shows it: the findings of a refused
 * post, comment or edit (a 422 problem with a findings array), the author's
 * confirmation in a request body, and the composer's dry run, POST
 * /api/v1/guard/check. A finding carries its rule, severity, action, byte
 * span and a sentence citing the guideline; never a student's record. */
#include <string.h>

#include "api/api.h"
#include "core/privacy.h"

json_t *api_findings(const struct privacy_report *rep)
{
    json_t *items = json_array();
    for (size_t i = 0; items && i < rep->n; i++) {
        const struct privacy_finding *x = &rep->finding[i];
        json_array_append_new(
            items, json_pack("{s:s, s:s, s:s, s:I, s:I, s:s, s:o}", "rule",
                             policy_rule_str(x->rule), "severity", guard_severity_str(x->severity),
                             "action", policy_action_str(x->action), "start", (json_int_t)x->start,
                             "end", (json_int_t)x->end, "explanation", policy_explanation(x->rule),
                             "image_id", x->image_id ? json_integer(x->image_id) : json_null()));
    }
    return items;
}

bool api_confirm(struct http_req *r, json_t *body, struct privacy_screen *scr)
{
    *scr = (struct privacy_screen){0};
    json_t *c = json_object_get(body, "confirm");
    if (!c)
        return true;
    json_t *reason = json_object_get(c, "reason");
    if (!json_is_object(c) || json_object_size(c) != 1 || !json_is_string(reason)) {
        http_problem(r, 400, "invalid_confirm",
                     "'confirm' must be an object with one member, 'reason', a string.", "confirm");
        return false;
    }
    scr->confirm_reason = arena_strdup(&r->arena, json_string_value(reason));
    if (!scr->confirm_reason) {
        http_problem(r, 503, "no_memory", "The server is out of memory.", NULL);
        return false;
    }
    return true;
}

void api_screen_fail(struct http_req *r, const struct fail *f, const struct privacy_screen *scr)
{
    bool guard =
        f->err == CORE_INVALID && f->code && scr->report.n &&
        (strcmp(f->code, "student_privacy") == 0 || strcmp(f->code, "confirmation_required") == 0);
    if (!guard) {
        api_fail(r, f);
        return;
    }
    http_problem_ext(r, 422, f->code, f->detail, f->field,
                     json_pack("{s:s, s:o}", "outcome", policy_action_str(scr->report.outcome),
                               "findings", api_findings(&scr->report)));
}

void h_guard_check(struct http_req *r)
{
    static const struct body_field fields[] = {
        {"body", JSON_STRING, true, LIMIT_POST_BODY},
        {"group_id", JSON_INTEGER, true, 0},
        {"image_ids", JSON_ARRAY, false, 10},
    };
    struct api_ctx *c = api_ctx(r);
    json_t *b = api_body(r, fields, 3);
    if (!b)
        return;
    struct privacy_report rep;
    struct fail f = {0};
    size_t n_images;
    bool failed;
    int64_t *image_ids = api_ids(r, b, "image_ids", &n_images, &failed);
    if (failed) { /* the problem is set */
    } else if (privacy_dry_run_media(c->st, &r->arena, &c->viewer, api_int(b, "group_id"),
                                     api_str(b, "body"), image_ids, n_images, &rep, &f))
        api_fail(r, &f);
    else
        http_json(r, 200,
                  json_pack("{s:s, s:o}", "outcome", policy_action_str(rep.outcome), "findings",
                            api_findings(&rep)));
    json_decref(b);
}
