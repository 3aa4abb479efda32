// SPDX-License-Identifier: MIT
/*
 * Numbers as people read them: sizes, durations, times and errno names
 * (print.h).
 */
#include <errno.h>
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

/*
 * Linux's errno names (asm-generic/errno-base.h, errno.h), without the
 * aliases EWOULDBLOCK, EDEADLOCK and ENOTSUP, which share a value.
 */
#define N(e)	[e] = #e
static const char *const errno_names[] = {
	N(EPERM), N(ENOENT), N(ESRCH), N(EINTR), N(EIO), N(ENXIO), N(E2BIG),
	N(ENOEXEC), N(EBADF), N(ECHILD), N(EAGAIN), N(ENOMEM), N(EACCES),
	N(EFAULT), N(ENOTBLK), N(EBUSY), N(EEXIST), N(EXDEV), N(ENODEV),
	N(ENOTDIR), N(EISDIR), N(EINVAL), N(ENFILE), N(EMFILE), N(ENOTTY),
	N(ETXTBSY), N(EFBIG), N(ENOSPC), N(ESPIPE), N(EROFS), N(EMLINK),
	N(EPIPE), N(EDOM), N(ERANGE), N(EDEADLK), N(ENAMETOOLONG), N(ENOLCK),
	N(ENOSYS), N(ENOTEMPTY), N(ELOOP), N(ENOMSG), N(EIDRM), N(ECHRNG),
	N(EL2NSYNC), N(EL3HLT), N(EL3RST), N(ELNRNG), N(EUNATCH), N(ENOCSI),
	N(EL2HLT), N(EBADE), N(EBADR), N(EXFULL), N(ENOANO), N(EBADRQC),
	N(EBADSLT), N(EBFONT), N(ENOSTR), N(ENODATA), N(ETIME), N(ENOSR),
	N(ENONET), N(ENOPKG), N(EREMOTE), N(ENOLINK), N(EADV), N(ESRMNT),
	N(ECOMM), N(EPROTO), N(EMULTIHOP), N(EDOTDOT), N(EBADMSG),
	N(EOVERFLOW), N(ENOTUNIQ), N(EBADFD), N(EREMCHG), N(ELIBACC),
	N(ELIBBAD), N(ELIBSCN), N(ELIBMAX), N(ELIBEXEC), N(EILSEQ),
	N(ERESTART), N(ESTRPIPE), N(EUSERS), N(ENOTSOCK), N(EDESTADDRREQ),
	N(EMSGSIZE), N(EPROTOTYPE), N(ENOPROTOOPT), N(EPROTONOSUPPORT),
	N(ESOCKTNOSUPPORT), N(EOPNOTSUPP), N(EPFNOSUPPORT), N(EAFNOSUPPORT),
	N(EADDRINUSE), N(EADDRNOTAVAIL), N(ENETDOWN), N(ENETUNREACH),
	N(ENETRESET), N(ECONNABORTED), N(ECONNRESET), N(ENOBUFS), N(EISCONN),
	N(ENOTCONN), N(ESHUTDOWN), N(ETOOMANYREFS), N(ETIMEDOUT),
	N(ECONNREFUSED), N(EHOSTDOWN), N(EHOSTUNREACH), N(EALREADY),
	N(EINPROGRESS), N(ESTALE), N(EUCLEAN), N(ENOTNAM), N(ENAVAIL),
	N(EISNAM), N(EREMOTEIO), N(EDQUOT), N(ENOMEDIUM), N(EMEDIUMTYPE),
	N(ECANCELED), N(ENOKEY), N(EKEYEXPIRED), N(EKEYREVOKED),
	N(EKEYREJECTED), N(EOWNERDEAD), N(ENOTRECOVERABLE), N(ERFKILL),
	N(EHWPOISON),
};
#undef N

const char *format_errno_name(int errnum)
{
	if (errnum <= 0 ||
	    (size_t)errnum >= sizeof(errno_names) / sizeof(errno_names[0]))
		return NULL;
	return errno_names[errnum];
}
