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
 *
 * Tables, for listings people scan by eye: an array of objects whose
 * fields are scalars, one per column in column order (print_devnum(),
 * print_usage() and print_failure() are one column, two keys in JSON;
 * print_none() is a column with no key; print_json_*() take no column).
 * Text renders a header of the column labels and one aligned line per
 * object (the fields' own labels are not used); JSON renders the array of
 * objects as usual.
 *	print_open_table(p, "devices", cols, 2);
 *	print_open_object(p);  print_str(p, "path", NULL, "/dev/sdb");
 *	print_u64(p, "writes", NULL, 7);  print_close(p);
 *	print_close(p);
 * Text keeps the whole table until it is closed, to size the columns.
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
/*
 * A number people read in words of its own: text @text ("10%", "off"),
 * JSON @val.
 */
void print_u64_as(struct printer *p, const char *key, const char *label,
		  uint64_t val, const char *text);
/* Text shows seconds with one decimal ("12.3s"), JSON the exact ms. */
void print_duration_ms(struct printer *p, const char *key, const char *label,
		       uint64_t ms);
/* Text shows binary units with one decimal ("1.5G"), JSON the exact bytes. */
void print_size(struct printer *p, const char *key, const char *label,
		uint64_t bytes);
/* A device number: text "8:16" under @label, JSON keys "major", "minor". */
void print_devnum(struct printer *p, const char *label, uint32_t major,
		  uint32_t minor);
/* Text shows the duration with one decimal ("12.3ms"), JSON the exact ns. */
void print_duration_ns(struct printer *p, const char *key, const char *label,
		       uint64_t ns);
/* Wall-clock ns since 1970: text "2024-05-01T12:34:56Z" (UTC), JSON exact. */
void print_time_ns(struct printer *p, const char *key, const char *label,
		   uint64_t ns);
/* Part of a whole: text "12.0M/1.0G" under @label, JSON two exact keys. */
void print_usage(struct printer *p, const char *used_key,
		 const char *total_key, const char *label, uint64_t used,
		 uint64_t total);
/*
 * Why something failed: text @msg (or strerror when empty) under @label,
 * JSON keys "error" (@errnum) and "error_msg"; when @errnum is 0, as
 * print_none().
 */
void print_failure(struct printer *p, const char *label, int errnum,
		   const char *msg);
/* A value that is not there: text "-" under @label, nothing in JSON. */
void print_none(struct printer *p, const char *label);

/*
 * For outputs whose best shape differs between people and programs, such
 * as the one-line outcome of a command: text "attached /dev/sdb", JSON
 * {"device":"/dev/sdb","attached":true}. print_line() is a text line that
 * JSON leaves out; print_json_*() are fields that text leaves out. Use them
 * together so neither output lacks what the other says. print_line() is
 * for plain objects only; print_json_*() may stand in a table's row too,
 * where they take no column (figures a table has no room for).
 * print_open_json_array() opens an array text leaves out with all it
 * holds, for lists the text says in print_line()s.
 */
void print_line(struct printer *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void print_json_str(struct printer *p, const char *key, const char *val);
void print_json_bool(struct printer *p, const char *key, bool val);
void print_json_u64(struct printer *p, const char *key, uint64_t val);
/* JSON null under @key: a value that is absent on purpose ("up to now"). */
void print_json_null(struct printer *p, const char *key);
void print_open_json_array(struct printer *p, const char *key);

void print_open_array(struct printer *p, const char *key, const char *label);
void print_open_object(struct printer *p);	/* an element of an array */
void print_close(struct printer *p);		/* innermost array/object */

struct print_column {
	const char *label;	/* text header, e.g. "SIZE" */
	bool right;		/* text: right-aligned, for numbers */
};

/* @cols must outlive the table; @key names the array in JSON. */
void print_open_table(struct printer *p, const char *key,
		      const struct print_column *cols, size_t ncols);

/*
 * Closes what is open, writes the JSON line, flushes and frees @p.
 * Returns 0, or a negative errno when memory or the output failed.
 */
int print_finish(struct printer *p);
/* Frees @p and writes nothing more: for when the command fails after all. */
void print_discard(struct printer *p);

/* "12.3s": milliseconds as seconds rounded to one decimal. */
void format_ms_as_s(uint64_t ms, char *buf, size_t len);
/*
 * "850ns", "24.5us", "12.3ms", "1.5s": nanoseconds in the largest unit
 * that keeps the number at 1 or more, to one decimal.
 */
void format_duration_ns(uint64_t ns, char *buf, size_t len);
/* "2024-05-01T12:34:56Z": ns since 1970 as UTC, whole seconds. */
void format_time_ns(uint64_t ns, char *buf, size_t len);
/*
 * "512B", "1.0K", "465.8G": bytes in the largest binary unit (K = 1024)
 * that keeps the number under 1024 after rounding to one decimal.
 */
void format_size(uint64_t bytes, char *buf, size_t len);
/*
 * "ENOSPC": the symbolic name of a positive Linux errno, or NULL when it
 * is none (the same on every libc, unlike strerrorname_np()).
 */
const char *format_errno_name(int errnum);

#endif /* LVSS_PRINT_H */
