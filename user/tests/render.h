/* SPDX-License-Identifier: MIT */
/* Rendering through the print layer into memory, and checking JSON output. */
#ifndef LVSS_RENDER_H
#define LVSS_RENDER_H

#include <errno.h>
#include <json-c/json.h>

#include "capture.h"
#include "print.h"
#include "tap.h"

typedef void (*render_fn)(struct printer *p, const void *arg);

/* Renders into memory; returns the text (free it) and print_finish's rc. */
static inline char *render(render_fn fn, const void *arg, bool json, int *rc)
{
	struct capture c;
	struct printer *p;

	capture_start(&c);
	p = print_new(c.f, json);
	if (!p) {
		*rc = -ENOMEM;
		capture_end(&c);
		return c.buf;
	}
	fn(p, arg);
	*rc = print_finish(p);
	capture_end(&c);
	return c.buf;
}

/* Parses @text as one JSON line and compares it with @want. */
static inline void is_json(const char *text, const char *want,
			   const char *name)
{
	json_object *got = json_tokener_parse(text);
	json_object *exp = json_tokener_parse(want);
	const char *nl = strchr(text, '\n');

	ok(nl && nl[1] == '\0', "%s: JSON is exactly one line", name);
	ok(got && exp && json_object_equal(got, exp),
	   "%s: JSON parses back to the expected object", name);
	json_object_put(got);
	json_object_put(exp);
}

#endif /* LVSS_RENDER_H */
