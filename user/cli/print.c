// SPDX-License-Identifier: MIT
/* Text and JSON rendering behind print.h. */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <json-c/json.h>

#include "print.h"

#define PRINT_DEPTH_MAX	8

struct level {
	bool is_array;
	bool dash_pending;	/* text: next field starts a list element */
	int indent;		/* text: columns before this level's fields */
	json_object *obj;	/* JSON: borrowed, owned by the root */
};

struct printer {
	FILE *out;
	bool json;
	int depth;		/* index of the innermost open level */
	int err;		/* first failure, positive errno */
	json_object *root;
	struct level lv[PRINT_DEPTH_MAX];
};

static void fail(struct printer *p, int err)
{
	if (!p->err)
		p->err = err;
}

struct printer *print_new(FILE *out, bool json)
{
	struct printer *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	p->out = out;
	p->json = json;
	if (json) {
		p->root = json_object_new_object();
		if (!p->root) {
			free(p);
			return NULL;
		}
		p->lv[0].obj = p->root;
	}
	return p;
}

static struct level *top(struct printer *p)
{
	return &p->lv[p->depth];
}

/* JSON: hangs @val under @key of the innermost level; takes @val's ref. */
static bool json_add(struct printer *p, const char *key, json_object *val)
{
	struct level *l = top(p);

	if (!val) {
		fail(p, ENOMEM);
		return false;
	}
	if (l->is_array ? json_object_array_add(l->obj, val) :
			  json_object_object_add(l->obj, key, val)) {
		json_object_put(val);
		fail(p, ENOMEM);
		return false;
	}
	return true;
}

/* Text: the indentation and "- " marker that start a line at this level. */
static void text_lead(struct printer *p)
{
	struct level *l = top(p);

	if (l->is_array) {
		fprintf(p->out, "%*s- ", l->indent, "");
	} else if (l->dash_pending) {
		fprintf(p->out, "%*s- ", l->indent - 2, "");
		l->dash_pending = false;
	} else {
		fprintf(p->out, "%*s", l->indent, "");
	}
}

static void text_field(struct printer *p, const char *key, const char *label,
		       const char *val)
{
	text_lead(p);
	if (top(p)->is_array)
		fprintf(p->out, "%s\n", val);
	else
		fprintf(p->out, "%s: %s\n", label ? label : key, val);
}

void print_str(struct printer *p, const char *key, const char *label,
	       const char *val)
{
	if (p->json)
		json_add(p, key, json_object_new_string(val));
	else
		text_field(p, key, label, val);
}

void print_u64(struct printer *p, const char *key, const char *label,
	       uint64_t val)
{
	char buf[24];

	if (p->json) {
		json_add(p, key, json_object_new_uint64(val));
		return;
	}
	snprintf(buf, sizeof(buf), "%" PRIu64, val);
	text_field(p, key, label, buf);
}

void format_ms_as_s(uint64_t ms, char *buf, size_t len)
{
	/* Round to the nearest tenth without overflowing near UINT64_MAX. */
	uint64_t tenths = ms / 100 + (ms % 100 >= 50);

	snprintf(buf, len, "%" PRIu64 ".%" PRIu64 "s", tenths / 10,
		 tenths % 10);
}

void print_duration_ms(struct printer *p, const char *key, const char *label,
		       uint64_t ms)
{
	char buf[32];

	if (p->json) {
		json_add(p, key, json_object_new_uint64(ms));
		return;
	}
	format_ms_as_s(ms, buf, sizeof(buf));
	text_field(p, key, label, buf);
}

/* Pushes a level; a JSON container is handed to its parent first. */
static void push(struct printer *p, const char *key, bool is_array,
		 json_object *obj, int indent)
{
	if (p->depth + 1 >= PRINT_DEPTH_MAX) {
		json_object_put(obj);	/* NULL-safe */
		fail(p, EOVERFLOW);	/* a bug in the caller */
		return;
	}
	if (p->json && !json_add(p, key, obj))
		return;
	p->depth++;
	*top(p) = (struct level){ .is_array = is_array, .obj = obj,
				  .indent = indent,
				  .dash_pending = !is_array };
}

void print_open_array(struct printer *p, const char *key, const char *label)
{
	int indent = top(p)->indent;

	if (!p->json) {
		text_lead(p);
		fprintf(p->out, "%s:\n", label ? label : key);
	}
	push(p, key, true, p->json ? json_object_new_array() : NULL,
	     indent + 2);
}

void print_open_object(struct printer *p)
{
	if (!top(p)->is_array) {
		fail(p, EINVAL);	/* objects have keys: use an array */
		return;
	}
	push(p, NULL, false, p->json ? json_object_new_object() : NULL,
	     top(p)->indent + 2);
}

void print_close(struct printer *p)
{
	if (p->depth > 0)
		p->depth--;
}

int print_finish(struct printer *p)
{
	int err;

	if (p->json && !p->err) {
		const char *s = json_object_to_json_string_ext(p->root,
			JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);

		if (s)
			fprintf(p->out, "%s\n", s);
		else
			fail(p, ENOMEM);
	}
	errno = 0;
	if (fflush(p->out) || ferror(p->out))
		fail(p, errno ? errno : EIO);
	err = p->err;
	json_object_put(p->root);	/* NULL-safe */
	free(p);
	return -err;
}
