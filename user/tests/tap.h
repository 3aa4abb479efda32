/* SPDX-License-Identifier: MIT */
/*
 * A tiny TAP producer for the unit tests: ok(), is_int(), is_str(),
 * then 'return tap_done();' from main. Failures print where and what.
 */
#ifndef LVSS_TAP_H
#define LVSS_TAP_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static int tap_count, tap_failures;

static inline bool tap_vok(bool pass, const char *file, int line,
			   const char *fmt, va_list ap)
{
	tap_count++;
	printf("%sok %d - ", pass ? "" : "not ", tap_count);
	vprintf(fmt, ap);
	putchar('\n');
	if (!pass) {
		tap_failures++;
		printf("#   failed at %s:%d\n", file, line);
	}
	fflush(stdout);
	return pass;
}

static inline bool tap_ok(bool pass, const char *file, int line,
			  const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	pass = tap_vok(pass, file, line, fmt, ap);
	va_end(ap);
	return pass;
}

static inline bool tap_is_int(long long got, long long want,
			      const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	bool pass;

	va_start(ap, fmt);
	pass = tap_vok(got == want, file, line, fmt, ap);
	va_end(ap);
	if (!pass)
		printf("#   got %lld, want %lld\n", got, want);
	return pass;
}

static inline bool tap_is_str(const char *got, const char *want,
			      const char *file, int line, const char *fmt, ...)
{
	bool pass = got && want ? !strcmp(got, want) : got == want;
	va_list ap;

	va_start(ap, fmt);
	pass = tap_vok(pass, file, line, fmt, ap);
	va_end(ap);
	if (!pass)
		printf("#   got  \"%s\"\n#   want \"%s\"\n", got ? got : "(null)",
		       want ? want : "(null)");
	return pass;
}

#define ok(cond, ...)	tap_ok(!!(cond), __FILE__, __LINE__, __VA_ARGS__)
#define is_int(got, want, ...) \
	tap_is_int((long long)(got), (long long)(want), __FILE__, __LINE__, \
		   __VA_ARGS__)
#define is_str(got, want, ...) \
	tap_is_str((got), (want), __FILE__, __LINE__, __VA_ARGS__)

static inline void tap_skip(const char *why)
{
	printf("ok %d # SKIP %s\n", ++tap_count, why);
}

/* Prints the plan; the exit status says whether everything passed. */
static inline int tap_done(void)
{
	printf("1..%d\n", tap_count);
	return tap_failures ? 1 : 0;
}

#endif /* LVSS_TAP_H */
