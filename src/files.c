/* Uploaded files: see files.h. */
#include "files.h"
#include "text.h"
#include "xlsx.h"
#include "util.h"

#include <sodium.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *files_sniff(const unsigned char *b, size_t n, const char *name)
{
    if (n >= 5 && !memcmp(b, "%PDF-", 5)) return "application/pdf";
    if (n >= 8 && !memcmp(b, "\x89PNG\r\n\x1a\n", 8)) return "image/png";
    if (n >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF) return "image/jpeg";
    if (n >= 4 && !memcmp(b, "PK\x03\x04", 4)) {
        const char *dot = strrchr(name, '.');
        static const char *const office[][2] = {
            {".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
            {".xlsx", XLSX_TYPE},
            {".pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
            {".odt", "application/vnd.oasis.opendocument.text"},
            {".ods", "application/vnd.oasis.opendocument.spreadsheet"},
        };
        for (size_t i = 0; dot && i < sizeof office / sizeof office[0]; i++)
            if (!strcasecmp(dot, office[i][0])) return office[i][1];
    }
    return NULL;
}

const char *files_name_param(struct req *r)
{
    const char *name = req_query(r, "name");
    char *clean = name ? text_nfc(name) : NULL;
    if (!clean || !*clean || text_length(clean) > 200 || strpbrk(clean, "/\\\r\n\"")) {
        free(clean);
        reply_error(r, 400, "validation_failed", "name",
                    "name is the file's name: 1-200 characters, no slashes or quotes");
        return NULL;
    }
    const char *out = req_strdup(r, clean);
    free(clean);
    return out;
}

const char *files_body_type(struct req *r, const char *name, const char *what)
{
    if (!r->body_len) {
        reply_error(r, 400, "validation_failed", "file", "the body must be the file");
        return NULL;
    }
    const char *type = files_sniff((const unsigned char *)r->body, r->body_len, name);
    if (!type)
        reply_error(r, 415, "unsupported_media_type", "file", "%s must be a " FILES_ACCEPTED
                    " file", what);
    return type;
}

struct evidence files_evidence(struct req *r, const char *name, const char *type,
                               struct files_digest *d)
{
    unsigned char digest[32];
    crypto_hash_sha256(digest, (const unsigned char *)r->body, r->body_len);
    util_hex(digest, sizeof digest, d->sha);
    util_now_iso(d->at);
    return (struct evidence){.name = name, .type = type, .size = (int64_t)r->body_len,
                             .sha256 = d->sha, .content = r->body, .at = d->at};
}

bool files_receive(struct req *r, const char *what, struct evidence *e)
{
    const char *name = files_name_param(r);
    const char *type = name ? files_body_type(r, name, what) : NULL;
    if (!type) return false;
    struct files_digest d;
    *e = files_evidence(r, name, type, &d);
    e->sha256 = req_strdup(r, d.sha);
    e->at = req_strdup(r, d.at);
    return true;
}

void files_reply(struct req *r, const char *type, const char *name, char *content, size_t size)
{
    char disposition[700] = "attachment; filename*=UTF-8''";
    size_t n = strlen(disposition);
    for (const unsigned char *p = (const unsigned char *)name; *p && n < sizeof disposition - 4;
         p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
            *p == '.' || *p == '-' || *p == '_')
            disposition[n++] = (char)*p;
        else
            n += (size_t)snprintf(disposition + n, sizeof disposition - n, "%%%02X", *p);
    }
    disposition[n] = '\0';
    reply_raw(r, 200, req_strdup(r, type), content, size, true);
    reply_header(r, "Content-Disposition", disposition);
}
