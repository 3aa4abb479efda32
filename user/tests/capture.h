/* SPDX-License-Identifier: MIT */
/* Captures what the CLI writes to its out and err streams, in memory. */
#ifndef LVSS_CAPTURE_H
#define LVSS_CAPTURE_H

#include <stdio.h>
#include <stdlib.h>

struct capture {
	FILE *f;
	char *buf;
	size_t len;
};

static inline void capture_start(struct capture *c)
{
	c->buf = NULL;
	c->len = 0;
	c->f = open_memstream(&c->buf, &c->len);
	if (!c->f) {
		perror("open_memstream");
		exit(2);
	}
}

/* Ends the capture; c->buf holds the text until capture_free(). */
static inline const char *capture_end(struct capture *c)
{
	fclose(c->f);
	c->f = NULL;
	return c->buf;
}

static inline void capture_free(struct capture *c)
{
	free(c->buf);
	c->buf = NULL;
}

#endif /* LVSS_CAPTURE_H */
