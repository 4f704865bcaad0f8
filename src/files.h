/* Uploaded files (task evidence, feedback attachments): one rule for what is accepted and one
 * way to send a file back. Files are kept in the database (sql/sqlite/0003_evidence.sql). */
#ifndef NQ57_FILES_H
#define NQ57_FILES_H
#include <stddef.h>

#include "http.h"

#define FILES_ACCEPTED "PDF, PNG, JPEG, DOCX, XLSX, PPTX, ODT or ODS"

/* The media type of a file, recognised from its first bytes (never from its name alone): PDF,
 * PNG, JPEG, and the zip-based office formats (DOCX, XLSX, PPTX, ODT, ODS), which also need the
 * matching extension because their magic is any zip's. NULL: not accepted. */
const char *files_sniff(const unsigned char *b, size_t n, const char *name);

/* The ?name= of an upload, NFC, 1-200 characters without slashes or quotes; replies 400
 * naming "name" and returns NULL otherwise. Lives as long as the request. */
const char *files_name_param(struct req *r);

/* The media type of the request body as an upload named NAME, or NULL after replying 400 (no
 * body) or 415 naming "file" ("WHAT must be a PDF, ... file"). */
const char *files_body_type(struct req *r, const char *name, const char *what);

/* The upload in the request body as a struct evidence: name, type, size, content, its SHA-256
 * (hex, into SHA) and the time now (into AT); the caller sets the owner and actor. */
struct files_digest { char sha[65], at[21]; };
struct evidence files_evidence(struct req *r, const char *name, const char *type,
                               struct files_digest *d);

/* The upload of a request (?name= and the body; WHAT names it in errors) as E: files_name_param,
 * files_body_type and files_evidence in one, the digest and time kept with the request. Replies
 * 4xx and returns false when the upload is refused. */
bool files_receive(struct req *r, const char *what, struct evidence *e);

/* Replies 200 with the file as an attachment (never rendered inline, whatever the type),
 * named with RFC 5987. CONTENT is malloc'd and taken over. */
void files_reply(struct req *r, const char *type, const char *name, char *content, size_t size);

#endif
