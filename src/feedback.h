/* Rules of system 2 (feedback, petitions, initiatives and solutions), as pure functions: the
 * tracking code, the kinds and fields, the workflow, the handling deadline, overdue and
 * urgency, the routing rule that applies, and the duplicate key. No database, no HTTP: the
 * handlers in api_feedback.c call these, and tests/unit/test_feedback.c checks them as tables.
 * docs/rules.md states the same rules for people. */
#ifndef NQ57_FEEDBACK_H
#define NQ57_FEEDBACK_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "calendar.h"

/* Tracking codes: 9 characters from an alphabet without 0, O, 1, I and L (nothing to confuse
 * when read aloud or copied by hand), drawn uniformly with libsodium's randombytes_uniform:
 * 31^9, about 2.6e13 codes (44.6 bits), so guessing one among a million stored takes some
 * 26 million tries, while submissions and lookups are rate-limited. Shown in three groups of
 * three ("K7M-4QX-9TP"); stored without the dashes. */
#define FEEDBACK_CODE_ALPHABET "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
#define FEEDBACK_CODE_CHARS 9
#define FEEDBACK_CODE_LEN 10          /* stored form + NUL */
#define FEEDBACK_CODE_SHOWN 12        /* "XXX-XXX-XXX" + NUL */

void feedback_code_new(char out[FEEDBACK_CODE_LEN]);
/* Reads a code as a person types it: case, spaces and dashes do not matter. False when it is
 * not 9 characters of the alphabet. */
bool feedback_code_parse(const char *in, char out[FEEDBACK_CODE_LEN]);
void feedback_code_show(const char *code, char out[FEEDBACK_CODE_SHOWN]);

/* Kinds: phan_anh (phản ánh), kien_nghi (kiến nghị), sang_kien (sáng kiến), giai_phap (giải
 * pháp). NULL when CODE is not one of them. */
const char *feedback_kind_name(const char *code);
extern const char *const feedback_kinds[];           /* NULL-terminated */
/* Fields (lĩnh vực): code and Vietnamese name; NULL when unknown. */
const char *feedback_field_name(const char *code);
extern const char *const feedback_fields[][2];       /* {code, name}, ends with {NULL, NULL} */

/* Statuses: received -> accepted | rejected; accepted -> in_progress | answered;
 * in_progress -> answered; answered | rejected -> closed. */
enum feedback_need { NEED_NOTHING, NEED_REASON, NEED_ANSWER };
/* Whether FROM -> TO is a step of the workflow; *NEED says what the step must carry (a reason
 * to reject, an answer to answer). */
bool feedback_transition(const char *from, const char *to, enum feedback_need *need);
bool feedback_status_known(const char *status);
/* Open: still waiting for the handling unit (received, accepted, in_progress). */
bool feedback_open(const char *status);

/* The last day to answer: DAYS working days after RECEIVED_ON (calendar.h), EXTRA the
 * administrator's days. False when a date is invalid. */
bool feedback_due(const char *received_on, int days, const struct calendar_extra *extra,
                  size_t n_extra, char out[CALENDAR_DATE_LEN]);
/* Days past DUE on TODAY for an open item (calendar days, 0 when not overdue). */
int feedback_days_overdue(const char *status, const char *due, const char *today);
/* Working days taken: from RECEIVED_ON to ANSWERED_ON, or to TODAY while open; -1 on error. */
int feedback_days_taken(const char *received_on, const char *answered_on, const char *today,
                        const struct calendar_extra *extra, size_t n_extra);
/* Backlog order, most urgent first: overdue before not, the longest overdue first, then the
 * nearest due day, then the oldest. Negative, 0 or positive like strcmp. */
int feedback_urgency_cmp(const char *due_a, int64_t id_a, const char *due_b, int64_t id_b);

/* A routing rule as the matcher sees it. NULL or "" fields match anything; CONCERNS_PATH
 * matches the unit named and every unit below it. */
struct feedback_rule {
    int64_t id;
    int position;
    const char *kind, *field, *concerns_path;
};
/* The index of the rule a submission matches, or -1: the most specific (matching criteria
 * count, then the deepest concerns unit), then the lowest position, then the lowest id.
 * CONCERNS_PATH is the path of the unit the submission names ("" when none). */
int feedback_route_pick(const struct feedback_rule *rules, size_t n, const char *kind,
                        const char *field, const char *concerns_path);

/* Near-duplicates: the SHA-256 (hex) of the content folded (no diacritics, case, runs of
 * white space) — "Đường  hỏng" and "duong hong" give the same key. False if not UTF-8. */
bool feedback_dup_key(const char *content, char out[65]);

#endif
