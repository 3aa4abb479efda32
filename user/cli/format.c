// SPDX-License-Identifier: MIT
/* Numbers as people read them: sizes, durations and times (print.h). */
#include <inttypes.h>
#include <stdio.h>
#include <time.h>

#include "print.h"

void format_ms_as_s(uint64_t ms, char *buf, size_t len)
{
	/* Round to the nearest tenth without overflowing near UINT64_MAX. */
	uint64_t tenths = ms / 100 + (ms % 100 >= 50);

	snprintf(buf, len, "%" PRIu64 ".%" PRIu64 "s", tenths / 10,
		 tenths % 10);
}

/* @n / @div to the nearest tenth; no overflow for div <= 2^60. */
static uint64_t tenths_of(uint64_t n, uint64_t div)
{
	return n / div * 10 + ((n % div) * 10 + div / 2) / div;
}

void format_size(uint64_t bytes, char *buf, size_t len)
{
	static const char units[] = "KMGTPE";
	uint64_t div = 1024, tenths;
	size_t u = 0;

	if (bytes < 1024) {
		snprintf(buf, len, "%" PRIu64 "B", bytes);
		return;
	}
	while (u + 1 < sizeof(units) - 1 && bytes / div >= 1024) {
		div *= 1024;
		u++;
	}
	tenths = tenths_of(bytes, div);
	/* 1023.96K rounds to 1024.0K: that is 1.0M. */
	if (tenths >= 10240 && u + 1 < sizeof(units) - 1) {
		div *= 1024;
		u++;
		tenths = tenths_of(bytes, div);
	}
	snprintf(buf, len, "%" PRIu64 ".%" PRIu64 "%c", tenths / 10,
		 tenths % 10, units[u]);
}

void format_time_ns(uint64_t ns, char *buf, size_t len)
{
	time_t secs = (time_t)(ns / 1000000000);
	struct tm tm;

	if (!gmtime_r(&secs, &tm) ||
	    !strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(buf, len, "@%" PRIu64, ns / 1000000000);
}

void format_duration_ns(uint64_t ns, char *buf, size_t len)
{
	static const char *const units[] = { "us", "ms", "s" };
	const size_t nunits = sizeof(units) / sizeof(units[0]);
	uint64_t div = 1000, tenths;
	size_t u = 0;

	if (ns < 1000) {
		snprintf(buf, len, "%" PRIu64 "ns", ns);
		return;
	}
	while (u + 1 < nunits && ns / div >= 1000) {
		div *= 1000;
		u++;
	}
	tenths = tenths_of(ns, div);
	/* 999.96us rounds to 1000.0us: that is 1.0ms. */
	if (tenths >= 10000 && u + 1 < nunits) {
		div *= 1000;
		u++;
		tenths = tenths_of(ns, div);
	}
	snprintf(buf, len, "%" PRIu64 ".%" PRIu64 "%s", tenths / 10,
		 tenths % 10, units[u]);
}
