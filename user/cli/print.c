// SPDX-License-Identifier: MIT
/* Text and JSON rendering behind print.h; number formats are in format.c. */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>

#include "print.h"

#define PRINT_DEPTH_MAX	8

enum level_kind {
	LV_OBJECT,
	LV_ARRAY,
	LV_TABLE,	/* an array whose elements are rows */
	LV_ROW,		/* an object of a table: scalars, one per column */
};

struct level {
	enum level_kind kind;
	bool dash_pending;	/* text: next field starts a list element */
	bool hidden;		/* text: left out (print_open_json_array) */
	int indent;		/* text: columns before this level's fields */
	json_object *obj;	/* JSON: borrowed, owned by the root */
};

/*
 * The open table. Fields are counted in both outputs, so a row that does
 * not match the columns is refused alike; text keeps the cells until the
 * table closes and the column widths are known.
 */
struct table {
	const struct print_column *cols;
	size_t ncols;
	size_t fields;		/* fields given so far in the current row */
	char **cells;		/* text: ncells strings, row after row */
	size_t ncells, cap;
};

struct printer {
	FILE *out;
	bool json;
	int depth;		/* index of the innermost open level */
	int err;		/* first failure, positive errno */
	json_object *root;
	struct table *table;	/* the open table, NULL when none */
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

static bool is_list(const struct level *l)
{
	return l->kind == LV_ARRAY || l->kind == LV_TABLE;
}

/* JSON: hangs @val under @key of the innermost level; takes @val's ref. */
static bool json_add(struct printer *p, const char *key, json_object *val)
{
	struct level *l = top(p);

	if (!val) {
		fail(p, ENOMEM);
		return false;
	}
	if (is_list(l) ? json_object_array_add(l->obj, val) :
			 json_object_object_add(l->obj, key, val)) {
		json_object_put(val);
		fail(p, ENOMEM);
		return false;
	}
	return true;
}

/*
 * Every scalar field comes here first. In a row it takes the next column
 * (print_close() checks the row filled them all, no more); a field in a
 * table outside any row is refused.
 */
static bool count_field(struct printer *p)
{
	struct level *l = top(p);

	if (l->kind == LV_TABLE) {
		fail(p, EINVAL);
		return false;
	}
	if (l->kind == LV_ROW)
		p->table->fields++;
	return true;
}

/* Text: the indentation and "- " marker that start a line at this level. */
static void text_lead(struct printer *p)
{
	struct level *l = top(p);

	if (l->kind == LV_ARRAY) {
		fprintf(p->out, "%*s- ", l->indent, "");
	} else if (l->dash_pending) {
		fprintf(p->out, "%*s- ", l->indent - 2, "");
		l->dash_pending = false;
	} else {
		fprintf(p->out, "%*s", l->indent, "");
	}
}

/* Text: keeps @val as the next cell of the open table. */
static void table_cell(struct printer *p, const char *val)
{
	struct table *t = p->table;
	char **cells;
	size_t cap;

	if (t->ncells == t->cap) {
		cap = t->cap ? 2 * t->cap : 4 * t->ncols;
		cells = reallocarray(t->cells, cap, sizeof(*cells));
		if (!cells) {
			fail(p, ENOMEM);
			return;
		}
		t->cells = cells;
		t->cap = cap;
	}
	t->cells[t->ncells] = strdup(val);
	if (!t->cells[t->ncells]) {
		fail(p, ENOMEM);
		return;
	}
	t->ncells++;
}

static void text_field(struct printer *p, const char *key, const char *label,
		       const char *val)
{
	if (top(p)->kind == LV_ROW) {
		table_cell(p, val);
		return;
	}
	if (top(p)->hidden)
		return;
	text_lead(p);
	if (top(p)->kind == LV_ARRAY)
		fprintf(p->out, "%s\n", val);
	else
		fprintf(p->out, "%s: %s\n", label ? label : key, val);
}

void print_str(struct printer *p, const char *key, const char *label,
	       const char *val)
{
	if (!count_field(p))
		return;
	if (p->json)
		json_add(p, key, json_object_new_string(val));
	else
		text_field(p, key, label, val);
}

void print_u64(struct printer *p, const char *key, const char *label,
	       uint64_t val)
{
	char buf[24];

	if (!count_field(p))
		return;
	if (p->json) {
		json_add(p, key, json_object_new_uint64(val));
		return;
	}
	snprintf(buf, sizeof(buf), "%" PRIu64, val);
	text_field(p, key, label, buf);
}

void print_u64_as(struct printer *p, const char *key, const char *label,
		  uint64_t val, const char *text)
{
	if (!count_field(p))
		return;
	if (p->json)
		json_add(p, key, json_object_new_uint64(val));
	else
		text_field(p, key, label, text);
}

void print_duration_ms(struct printer *p, const char *key, const char *label,
		       uint64_t ms)
{
	char buf[32];

	if (!count_field(p))
		return;
	if (p->json) {
		json_add(p, key, json_object_new_uint64(ms));
		return;
	}
	format_ms_as_s(ms, buf, sizeof(buf));
	text_field(p, key, label, buf);
}

void print_size(struct printer *p, const char *key, const char *label,
		uint64_t bytes)
{
	char buf[16];

	if (!count_field(p))
		return;
	if (p->json) {
		json_add(p, key, json_object_new_uint64(bytes));
		return;
	}
	format_size(bytes, buf, sizeof(buf));
	text_field(p, key, label, buf);
}

/* Two JSON keys need an object; in a row they fill one column. */
static bool two_keys_ok(struct printer *p)
{
	if (top(p)->kind != LV_ARRAY)
		return count_field(p);
	fail(p, EINVAL);
	return false;
}

void print_devnum(struct printer *p, const char *label, uint32_t major,
		  uint32_t minor)
{
	char buf[24];

	if (!two_keys_ok(p))
		return;
	if (p->json) {
		if (json_add(p, "major", json_object_new_uint64(major)))
			json_add(p, "minor", json_object_new_uint64(minor));
		return;
	}
	snprintf(buf, sizeof(buf), "%" PRIu32 ":%" PRIu32, major, minor);
	text_field(p, "major:minor", label, buf);
}

void print_duration_ns(struct printer *p, const char *key, const char *label,
		       uint64_t ns)
{
	char buf[32];

	if (!count_field(p))
		return;
	if (p->json) {
		json_add(p, key, json_object_new_uint64(ns));
		return;
	}
	format_duration_ns(ns, buf, sizeof(buf));
	text_field(p, key, label, buf);
}

void print_time_ns(struct printer *p, const char *key, const char *label,
		   uint64_t ns)
{
	char buf[40];

	if (!count_field(p))
		return;
	if (p->json) {
		json_add(p, key, json_object_new_uint64(ns));
		return;
	}
	format_time_ns(ns, buf, sizeof(buf));
	text_field(p, key, label, buf);
}

void print_usage(struct printer *p, const char *used_key,
		 const char *total_key, const char *label, uint64_t used,
		 uint64_t total)
{
	char u[16], t[16], buf[40];

	if (!two_keys_ok(p))
		return;
	if (p->json) {
		if (json_add(p, used_key, json_object_new_uint64(used)))
			json_add(p, total_key, json_object_new_uint64(total));
		return;
	}
	format_size(used, u, sizeof(u));
	format_size(total, t, sizeof(t));
	snprintf(buf, sizeof(buf), "%s/%s", u, t);
	text_field(p, used_key, label, buf);
}

void print_none(struct printer *p, const char *label)
{
	if (!count_field(p) || p->json)
		return;
	text_field(p, label, label, "-");
}

void print_failure(struct printer *p, const char *label, int errnum,
		   const char *msg)
{
	if (!errnum) {
		print_none(p, label);
		return;
	}
	if (!two_keys_ok(p))
		return;
	if (p->json) {
		if (json_add(p, "error", json_object_new_int(errnum)))
			json_add(p, "error_msg", json_object_new_string(msg));
		return;
	}
	text_field(p, "error", label, *msg ? msg : strerror(errnum));
}

/* The audience-specific fields belong to plain objects only... */
static bool in_object(struct printer *p)
{
	if (top(p)->kind == LV_OBJECT)
		return true;
	fail(p, EINVAL);
	return false;
}

/* ...but fields only JSON shows may stand in a row, taking no column. */
static bool json_only_ok(struct printer *p)
{
	if (top(p)->kind == LV_ROW)
		return true;
	return in_object(p);
}

void print_line(struct printer *p, const char *fmt, ...)
{
	va_list ap;

	if (!in_object(p) || p->json || top(p)->hidden)
		return;
	text_lead(p);
	va_start(ap, fmt);
	vfprintf(p->out, fmt, ap);
	va_end(ap);
	fputc('\n', p->out);
}

void print_json_str(struct printer *p, const char *key, const char *val)
{
	if (json_only_ok(p) && p->json)
		json_add(p, key, json_object_new_string(val));
}

void print_json_bool(struct printer *p, const char *key, bool val)
{
	if (json_only_ok(p) && p->json)
		json_add(p, key, json_object_new_boolean(val));
}

void print_json_u64(struct printer *p, const char *key, uint64_t val)
{
	if (json_only_ok(p) && p->json)
		json_add(p, key, json_object_new_uint64(val));
}

void print_json_null(struct printer *p, const char *key)
{
	/* json-c's null is NULL, which json_add() takes for no memory. */
	if (json_only_ok(p) && p->json &&
	    json_object_object_add(top(p)->obj, key, NULL))
		fail(p, ENOMEM);
}

/*
 * Pushes a level; a JSON container is handed to its parent first. What
 * text leaves out, it leaves out with everything inside.
 */
static bool push(struct printer *p, const char *key, enum level_kind kind,
		 json_object *obj, int indent, bool hidden)
{
	hidden |= top(p)->hidden;
	if (p->depth + 1 >= PRINT_DEPTH_MAX) {
		json_object_put(obj);	/* NULL-safe */
		fail(p, EOVERFLOW);	/* a bug in the caller */
		return false;
	}
	if (p->json && !json_add(p, key, obj))
		return false;
	p->depth++;
	*top(p) = (struct level){ .kind = kind, .obj = obj, .indent = indent,
				  .dash_pending = kind == LV_OBJECT,
				  .hidden = hidden };
	return true;
}

/* Rows hold scalars only, and tables hold rows only. */
static bool may_nest(struct printer *p)
{
	enum level_kind kind = top(p)->kind;

	if (kind == LV_OBJECT || kind == LV_ARRAY)
		return true;
	fail(p, EINVAL);
	return false;
}

void print_open_array(struct printer *p, const char *key, const char *label)
{
	int indent = top(p)->indent;

	if (!may_nest(p))
		return;
	if (!p->json && !top(p)->hidden) {
		text_lead(p);
		fprintf(p->out, "%s:\n", label ? label : key);
	}
	push(p, key, LV_ARRAY, p->json ? json_object_new_array() : NULL,
	     indent + 2, false);
}

void print_open_json_array(struct printer *p, const char *key)
{
	if (!may_nest(p))
		return;
	push(p, key, LV_ARRAY, p->json ? json_object_new_array() : NULL,
	     top(p)->indent + 2, true);
}

void print_open_object(struct printer *p)
{
	enum level_kind parent = top(p)->kind;

	if (!is_list(top(p))) {
		fail(p, EINVAL);	/* objects have keys: use an array */
		return;
	}
	if (parent == LV_TABLE)
		p->table->fields = 0;
	push(p, NULL, parent == LV_TABLE ? LV_ROW : LV_OBJECT,
	     p->json ? json_object_new_object() : NULL, top(p)->indent + 2,
	     false);
}

void print_open_table(struct printer *p, const char *key,
		      const struct print_column *cols, size_t ncols)
{
	struct table *t;

	/* In text a table stands among plain fields, never in a list. */
	if (top(p)->kind != LV_OBJECT || top(p)->hidden || !ncols) {
		fail(p, EINVAL);
		return;
	}
	t = calloc(1, sizeof(*t));
	if (!t) {
		fail(p, ENOMEM);
		return;
	}
	t->cols = cols;
	t->ncols = ncols;
	if (!push(p, key, LV_TABLE, p->json ? json_object_new_array() : NULL,
		  top(p)->indent, false)) {
		free(t);
		return;
	}
	p->table = t;
}

static void table_free(struct printer *p)
{
	struct table *t = p->table;

	if (!t)
		return;
	for (size_t i = 0; i < t->ncells; i++)
		free(t->cells[i]);
	free(t->cells);
	free(t);
	p->table = NULL;
}

/* One line of the table: @cells, or the header when NULL. */
static void table_line(struct printer *p, const size_t *width,
		       char *const *cells)
{
	const struct table *t = p->table;

	text_lead(p);
	for (size_t c = 0; c < t->ncols; c++) {
		const char *s = cells ? cells[c] : t->cols[c].label;
		int w = (int)width[c];

		if (c)
			fputs("  ", p->out);
		if (t->cols[c].right)
			fprintf(p->out, "%*s", w, s);
		else if (c + 1 == t->ncols)
			fputs(s, p->out);	/* no trailing blanks */
		else
			fprintf(p->out, "%-*s", w, s);
	}
	fputc('\n', p->out);
}

/* Text: the header and every row, at the level the table stands in. */
static void table_render(struct printer *p)
{
	const struct table *t = p->table;
	size_t *width, i;

	width = calloc(t->ncols, sizeof(*width));
	if (!width) {
		fail(p, ENOMEM);
		return;
	}
	for (i = 0; i < t->ncols; i++)
		width[i] = strlen(t->cols[i].label);
	for (i = 0; i < t->ncells; i++)
		if (strlen(t->cells[i]) > width[i % t->ncols])
			width[i % t->ncols] = strlen(t->cells[i]);
	table_line(p, width, NULL);
	for (i = 0; i < t->ncells; i += t->ncols)
		table_line(p, width, &t->cells[i]);
	free(width);
}

void print_close(struct printer *p)
{
	enum level_kind kind = top(p)->kind;

	if (p->depth == 0)
		return;
	if (kind == LV_ROW && p->table->fields != p->table->ncols)
		fail(p, EINVAL);	/* a column short, or a field too many */
	p->depth--;
	if (kind == LV_TABLE) {
		/* After a failure the cells may not fill whole rows. */
		if (!p->json && !p->err)
			table_render(p);
		table_free(p);
	}
}

static void destroy(struct printer *p)
{
	table_free(p);
	json_object_put(p->root);	/* NULL-safe */
	free(p);
}

int print_finish(struct printer *p)
{
	int err;

	while (p->depth > 0)
		print_close(p);
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
	destroy(p);
	return -err;
}

void print_discard(struct printer *p)
{
	destroy(p);
}
