/* Every endpoint of nq57, in one table. Literal paths come before parameterised ones with the
 * same prefix ("/units/tree" before "/units/{code}"). docs/openapi.json documents each row, and
 * a test checks that the two agree (`nq57 routes` prints this table). */
#include "api.h"
#include "auth.h"
#include "router.h"

#define ADMIN ROLE_ADMIN
#define CENTRE ROLES_CENTRE
#define FEEDBACK_STAFF (ROLE_ADMIN | ROLE_STANDING_OFFICE | ROLE_LEADER | ROLE_HANDLER)
#define UNIT_EDITORS (ROLE_ADMIN | ROLE_STANDING_OFFICE | ROLE_LEADER)

const struct route routes[] = {
    {"GET", "/healthz", api_healthz, ACCESS_PUBLIC, 0, NULL, 0},
    {"GET", "/metrics", api_metrics, ACCESS_PUBLIC, 0, NULL, 0},
    {"GET", "/api/v1/openapi.json", api_openapi, ACCESS_PUBLIC, 0, NULL, 0},

    {"GET", "/api/v1/public/programme", api_public_programme, ACCESS_PUBLIC, 0, "tasks,indicators,units,feedback,calendar", 0},

    {"POST", "/api/v1/auth/login", api_auth_login, ACCESS_PUBLIC, 0, NULL, 0},
    {"POST", "/api/v1/auth/logout", api_auth_logout, ACCESS_USER, 0, NULL, 0},
    {"GET", "/api/v1/auth/me", api_auth_me, ACCESS_USER, 0, NULL, 0},
    {"POST", "/api/v1/auth/password", api_auth_password, ACCESS_USER, 0, NULL, 0},

    {"GET", "/api/v1/dashboard", api_dashboard, ACCESS_USER, 0, "tasks,indicators,units,feedback,calendar", 0},

    {"GET", "/api/v1/units", api_units_list, ACCESS_USER, 0, "units", 0},
    {"POST", "/api/v1/units", api_units_create, ACCESS_USER, UNIT_EDITORS, NULL, 0},
    {"GET", "/api/v1/units/tree", api_units_tree, ACCESS_USER, 0, "units", 0},
    {"GET", "/api/v1/units/{code}", api_unit_get, ACCESS_USER, 0, "units", 0},
    {"PATCH", "/api/v1/units/{code}", api_unit_update, ACCESS_USER, UNIT_EDITORS, NULL, 0},
    {"GET", "/api/v1/units/{code}/children", api_unit_children, ACCESS_USER, 0, "units", 0},
    {"GET", "/api/v1/units/{code}/subtree", api_unit_subtree, ACCESS_USER, 0, "units", 0},
    {"POST", "/api/v1/units/{code}/deactivate", api_unit_deactivate, ACCESS_USER, UNIT_EDITORS, NULL, 0},

    {"GET", "/api/v1/users", api_users_list, ACCESS_USER, ADMIN, NULL, 0},
    {"POST", "/api/v1/users", api_users_create, ACCESS_USER, ADMIN, NULL, 0},
    {"GET", "/api/v1/users/{username}", api_user_get, ACCESS_USER, ADMIN, NULL, 0},
    {"PATCH", "/api/v1/users/{username}", api_user_update, ACCESS_USER, ADMIN, NULL, 0},

    {"GET", "/api/v1/tokens", api_tokens_list, ACCESS_USER, 0, NULL, 0},
    {"POST", "/api/v1/tokens", api_tokens_create, ACCESS_USER, 0, NULL, 0},
    {"DELETE", "/api/v1/tokens/{id}", api_token_revoke, ACCESS_USER, 0, NULL, 0},

    {"GET", "/api/v1/audit", api_audit_list, ACCESS_USER, CENTRE, NULL, 0},
    {"GET", "/api/v1/audit/verify", api_audit_verify, ACCESS_USER, CENTRE, NULL, 0},

    {"GET", "/api/v1/tasks", api_tasks_list, ACCESS_USER, 0, "tasks,units", 0},
    {"POST", "/api/v1/tasks", api_tasks_create, ACCESS_USER, CENTRE | ROLE_LEADER, NULL, 0},
    {"GET", "/api/v1/tasks/export.csv", api_tasks_export, ACCESS_USER, 0, NULL, 0},
    {"GET", "/api/v1/tasks/export.xlsx", api_tasks_export_xlsx, ACCESS_USER, 0, NULL, 0},
    {"POST", "/api/v1/tasks/import", api_tasks_import, ACCESS_USER, CENTRE, NULL, 0},
    {"GET", "/api/v1/tasks/summary", api_tasks_summary, ACCESS_USER, 0, "tasks,units", 0},
    {"GET", "/api/v1/tasks/{id}", api_task_get, ACCESS_USER, 0, "tasks,units", 0},
    {"POST", "/api/v1/tasks/{id}/progress", api_task_progress, ACCESS_USER, 0, NULL, 0},
    {"POST", "/api/v1/tasks/{id}/report", api_task_report, ACCESS_USER, 0, NULL, 0},
    {"POST", "/api/v1/tasks/{id}/accept", api_task_accept, ACCESS_USER, CENTRE | ROLE_LEADER, NULL, 0},
    {"POST", "/api/v1/tasks/{id}/return", api_task_return, ACCESS_USER, CENTRE | ROLE_LEADER, NULL, 0},
    {"POST", "/api/v1/tasks/{id}/evidence", api_task_evidence_upload, ACCESS_USER, 0, NULL, UPLOAD_MAX},
    {"GET", "/api/v1/evidence/{id}", api_evidence_get, ACCESS_USER, 0, NULL, 0},
    {"GET", "/api/v1/deadlines/read", api_deadline_read, ACCESS_USER, 0, NULL, 0},

    {"GET", "/api/v1/checklists", api_checklists_list, ACCESS_USER, 0, "checklists", 0},
    {"POST", "/api/v1/checklists", api_checklists_create, ACCESS_USER, CENTRE, NULL, 0},
    {"GET", "/api/v1/checklists/{id}/summary", api_checklist_summary, ACCESS_USER, 0, "checklists,units", 0},
    {"GET", "/api/v1/checklists/{id}/units/{code}", api_checklist_unit_get, ACCESS_USER, 0, "checklists,units", 0},
    {"POST", "/api/v1/checklists/{id}/units/{code}", api_checklist_unit_answer, ACCESS_USER, 0, NULL, 0},

    {"GET", "/api/v1/indicators", api_indicators_list, ACCESS_USER, 0, "indicators", 0},
    {"POST", "/api/v1/indicators", api_indicators_create, ACCESS_USER, CENTRE, NULL, 0},
    {"GET", "/api/v1/indicators/{code}", api_indicator_get, ACCESS_USER, 0, "indicators", 0},
    {"PATCH", "/api/v1/indicators/{code}", api_indicator_update, ACCESS_USER, CENTRE, NULL, 0},
    {"GET", "/api/v1/indicators/{code}/evaluation", api_indicator_evaluation, ACCESS_USER, 0, "indicators,units", 0},
    {"GET", "/api/v1/indicators/{code}/units", api_indicator_units, ACCESS_USER, 0, "indicators,units", 0},
    {"GET", "/api/v1/indicators/{code}/completeness", api_indicator_completeness, ACCESS_USER, 0, "indicators,units", 0},

    {"GET", "/api/v1/values", api_values_list, ACCESS_USER, 0, "indicators,units", 0},
    {"PUT", "/api/v1/values", api_values_put, ACCESS_USER, 0, NULL, 0},
    {"GET", "/api/v1/values/form", api_values_form_get, ACCESS_USER, 0, "indicators,units", 0},
    {"POST", "/api/v1/values/form", api_values_form_post, ACCESS_USER, 0, NULL, 0},
    {"POST", "/api/v1/values/approval", api_values_approval, ACCESS_USER, 0, NULL, 0},
    {"GET", "/api/v1/values/flags", api_values_flags, ACCESS_USER, 0, "indicators,units", 0},
    {"GET", "/api/v1/values/completeness", api_values_completeness, ACCESS_USER, 0, "indicators,units", 0},
    {"GET", "/api/v1/values/export.csv", api_values_export_csv, ACCESS_USER, 0, NULL, 0},
    {"GET", "/api/v1/values/export.xlsx", api_values_export_xlsx, ACCESS_USER, 0, NULL, 0},
    {"GET", "/api/v1/values/export.adx", api_values_export_adx, ACCESS_USER, 0, NULL, 0},
    {"POST", "/api/v1/values/import", api_values_import, ACCESS_USER, 0, NULL, UPLOAD_MAX},
    {"DELETE", "/api/v1/values/{id}", api_value_delete, ACCESS_USER, 0, NULL, 0},

    {"GET", "/api/v1/reports", api_reports_list, ACCESS_USER, 0, "reports,units", 0},
    {"GET", "/api/v1/reports/schedules", api_report_schedules_list, ACCESS_USER, 0, "reports,units", 0},
    {"POST", "/api/v1/reports/schedules", api_report_schedules_create, ACCESS_USER, CENTRE, NULL, 0},
    {"GET", "/api/v1/reports/summary", api_reports_summary, ACCESS_USER, 0, "reports,tasks,indicators,units", 0},
    {"GET", "/api/v1/reports/summary.xlsx", api_reports_summary_xlsx, ACCESS_USER, 0, NULL, 0},
    {"GET", "/api/v1/reports/{schedule}/{unit}/{period}", api_report_get, ACCESS_USER, 0, "reports,units", 0},
    {"PUT", "/api/v1/reports/{schedule}/{unit}/{period}", api_report_save, ACCESS_USER, 0, NULL, 0},
    {"POST", "/api/v1/reports/{schedule}/{unit}/{period}/submit", api_report_submit, ACCESS_USER, 0, NULL, 0},
    {"POST", "/api/v1/reports/{schedule}/{unit}/{period}/approve", api_report_approve, ACCESS_USER, 0, NULL, 0},
    {"POST", "/api/v1/reports/{schedule}/{unit}/{period}/return", api_report_return, ACCESS_USER, 0, NULL, 0},

    {"GET", "/api/v1/initiatives/fields", api_initiative_fields_list, ACCESS_PUBLIC, 0, NULL, 0},
    {"POST", "/api/v1/initiatives/fields", api_initiative_fields_create, ACCESS_USER, ADMIN, NULL, 0},
    {"PATCH", "/api/v1/initiatives/fields/{code}", api_initiative_field_update, ACCESS_USER, ADMIN, NULL, 0},
    {"GET", "/api/v1/initiatives/track/{code}", api_initiative_track, ACCESS_PUBLIC, 0, NULL, 0},
    {"POST", "/api/v1/initiatives/track/{code}/attachments", api_initiative_attach, ACCESS_PUBLIC, 0, NULL, UPLOAD_MAX},
    {"POST", "/api/v1/initiatives", api_initiatives_register, ACCESS_PUBLIC, 0, NULL, 0},
    {"GET", "/api/v1/initiatives", api_initiatives_list, ACCESS_USER, CENTRE | ROLE_COUNCIL, NULL, 0},
    {"GET", "/api/v1/initiatives/{id}", api_initiative_get, ACCESS_USER, CENTRE | ROLE_COUNCIL, NULL, 0},
    {"POST", "/api/v1/initiatives/{id}/screening", api_initiative_screen, ACCESS_USER, CENTRE, NULL, 0},
    {"POST", "/api/v1/initiatives/{id}/council", api_initiative_council, ACCESS_USER, CENTRE, NULL, 0},
    {"GET", "/api/v1/initiatives/{id}/candidates", api_initiative_candidates, ACCESS_USER, CENTRE, NULL, 0},
    {"POST", "/api/v1/initiatives/{id}/conflicts", api_initiative_conflict, ACCESS_USER, ROLE_COUNCIL, NULL, 0},
    {"GET", "/api/v1/initiatives/{id}/scores", api_initiative_scores, ACCESS_USER, CENTRE | ROLE_COUNCIL, NULL, 0},
    {"POST", "/api/v1/initiatives/{id}/scores", api_initiative_score, ACCESS_USER, ROLE_COUNCIL, NULL, 0},
    {"POST", "/api/v1/initiatives/{id}/rounds", api_initiative_new_round, ACCESS_USER, CENTRE, NULL, 0},
    {"POST", "/api/v1/initiatives/{id}/decision", api_initiative_decide, ACCESS_USER, CENTRE, NULL, 0},

    {"GET", "/api/v1/documents", api_documents_list, ACCESS_USER, 0, "documents,units", 0},
    {"POST", "/api/v1/documents", api_documents_create, ACCESS_USER, CENTRE, NULL, 0},
    {"GET", "/api/v1/documents/{id}", api_document_get, ACCESS_USER, 0, "documents,units", 0},

    {"GET", "/api/v1/feedback", api_feedback_list, ACCESS_PUBLIC, 0, "feedback,units,calendar", 0},
    {"POST", "/api/v1/feedback", api_feedback_submit, ACCESS_PUBLIC, 0, NULL, 0},
    {"GET", "/api/v1/feedback/backlog", api_feedback_backlog, ACCESS_USER, FEEDBACK_STAFF, NULL, 0},
    {"GET", "/api/v1/feedback/stats", api_feedback_stats, ACCESS_PUBLIC, 0, "feedback,units,calendar", 0},
    {"GET", "/api/v1/feedback/kinds", api_feedback_kinds, ACCESS_PUBLIC, 0, "feedback", 0},
    {"PATCH", "/api/v1/feedback/kinds/{kind}", api_feedback_kind_update, ACCESS_USER, ADMIN, NULL, 0},
    {"GET", "/api/v1/feedback/routing", api_feedback_routing_list, ACCESS_USER, CENTRE, NULL, 0},
    {"POST", "/api/v1/feedback/routing", api_feedback_routing_create, ACCESS_USER, CENTRE, NULL, 0},
    {"DELETE", "/api/v1/feedback/routing/{id}", api_feedback_routing_delete, ACCESS_USER, CENTRE, NULL, 0},
    {"GET", "/api/v1/feedback/settings", api_feedback_settings_get, ACCESS_USER, CENTRE, NULL, 0},
    {"PATCH", "/api/v1/feedback/settings", api_feedback_settings_update, ACCESS_USER, ADMIN, NULL, 0},
    {"GET", "/api/v1/feedback/{code}", api_feedback_get, ACCESS_PUBLIC, 0, NULL, 0},
    {"POST", "/api/v1/feedback/{code}/transition", api_feedback_transition, ACCESS_USER, FEEDBACK_STAFF, NULL, 0},
    {"POST", "/api/v1/feedback/{code}/route", api_feedback_route, ACCESS_USER, FEEDBACK_STAFF, NULL, 0},
    {"POST", "/api/v1/feedback/{code}/rating", api_feedback_rate, ACCESS_PUBLIC, 0, NULL, 0},
    {"POST", "/api/v1/feedback/{code}/files", api_feedback_file_upload, ACCESS_PUBLIC, 0, NULL, FEEDBACK_FILE_MAX},
    {"GET", "/api/v1/feedback/{code}/files/{id}", api_feedback_file_get, ACCESS_USER, FEEDBACK_STAFF, NULL, 0},

    {"GET", "/api/v1/calendar/days", api_calendar_days, ACCESS_PUBLIC, 0, NULL, 0},
    {"PUT", "/api/v1/calendar/days/{date}", api_calendar_day_put, ACCESS_USER, ADMIN, NULL, 0},
    {"DELETE", "/api/v1/calendar/days/{date}", api_calendar_day_delete, ACCESS_USER, ADMIN, NULL, 0},

    {"GET", "/open311/v2/services.json", api_open311_services, ACCESS_PUBLIC, 0, NULL, 0},
    {"GET", "/open311/v2/requests.json", api_open311_requests, ACCESS_PUBLIC, 0, NULL, 0},
    {"POST", "/open311/v2/requests.json", api_open311_submit, ACCESS_PUBLIC, 0, NULL, 0},
    {"GET", "/open311/v2/requests/{id}.json", api_open311_request, ACCESS_PUBLIC, 0, NULL, 0},
};

const size_t routes_count = sizeof routes / sizeof routes[0];
