/* SPDX-License-Identifier: MIT */
/*
 * The one print layer of the lvss CLI: commands describe their output as
 * fields, and the printer renders them either as "label: value" lines or as
 * one JSON object on one line (--json). Commands never call printf for
 * results, so every command gets --json for free.
 *
 * Each field has a JSON key and a text label (NULL label = the key), because
 * the text is for people ("lvss tools: 0.1.0") and the keys are for
 * programs ("tools").
 *
 * Nesting, for lists such as devices:
 *	print_open_array(p, "devices", NULL);
 *	print_open_object(p);  print_str(p, "path", NULL, "/dev/sdb");
 *	print_close(p);
 *	print_close(p);
 * renders in text as a YAML-like list ("devices:" then "  - path: ...").
 * Inside an array, the key of scalar fields is ignored.
 */
#ifndef LVSS_PRINT_H
#define LVSS_PRINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct printer;

/* Starts the top-level object; NULL when out of memory. */
struct printer *print_new(FILE *out, bool json);

void print_str(struct printer *p, const char *key, const char *label,
	       const char *val);
void print_u64(struct printer *p, const char *key, const char *label,
	       uint64_t val);
/* Text shows seconds with one decimal ("12.3s"), JSON the exact ms. */
void print_duration_ms(struct printer *p, const char *key, const char *label,
		       uint64_t ms);

void print_open_array(struct printer *p, const char *key, const char *label);
void print_open_object(struct printer *p);	/* an element of an array */
void print_close(struct printer *p);		/* innermost array/object */

/*
 * Closes what is open, writes the JSON line, flushes and frees @p.
 * Returns 0, or a negative errno when memory or the output failed.
 */
int print_finish(struct printer *p);

/* "12.3s": milliseconds as seconds rounded to one decimal. */
void format_ms_as_s(uint64_t ms, char *buf, size_t len);

#endif /* LVSS_PRINT_H */
