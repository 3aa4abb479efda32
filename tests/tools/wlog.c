// SPDX-License-Identifier: GPL-2.0
/* Write logs: binary I/O and text dump. */
#include "wlog.h"

#include <endian.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void put64(unsigned char *p, uint64_t v)
{
	v = htole64(v);
	memcpy(p, &v, 8);
}

static void put32(unsigned char *p, uint32_t v)
{
	v = htole32(v);
	memcpy(p, &v, 4);
}

static void put16(unsigned char *p, uint16_t v)
{
	v = htole16(v);
	memcpy(p, &v, 2);
}

static uint64_t get64(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return le64toh(v);
}

static uint32_t get32(const unsigned char *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return le32toh(v);
}

static uint16_t get16(const unsigned char *p)
{
	uint16_t v;

	memcpy(&v, p, 2);
	return le16toh(v);
}

static void enc_hdr(unsigned char *b, const struct wlog_hdr *h)
{
	memset(b, 0, WLOG_HDR_SIZE);
	memcpy(b, WLOG_MAGIC, 8);
	put32(b + 8, WLOG_VERSION);
	put32(b + 12, WLOG_HDR_SIZE);
	put32(b + 16, WLOG_ENT_SIZE);
	put32(b + 20, h->block_size);
	put64(b + 24, h->dev_blocks);
	put64(b + 32, h->gen_first);
	put64(b + 40, h->gen_last);
	put64(b + 48, h->n_entries);
	put32(b + 56, h->seed);
	put32(b + 60, h->writer_id);
	put32(b + 64, h->flags);
	put32(b + 68, h->threads);
	put64(b + 72, h->t_begin);
	put64(b + 80, h->t_end);
}

static void enc_ent(unsigned char *b, const struct went *e)
{
	put64(b, e->first);
	put64(b + 8, e->gen);
	put64(b + 16, e->ts);
	put64(b + 24, e->tc);
	put32(b + 32, e->nr);
	put16(b + 36, e->thread);
	put16(b + 38, e->flags);
}

static void dec_ent(const unsigned char *b, struct went *e)
{
	e->first = get64(b);
	e->gen = get64(b + 8);
	e->ts = get64(b + 16);
	e->tc = get64(b + 24);
	e->nr = get32(b + 32);
	e->thread = get16(b + 36);
	e->flags = get16(b + 38);
}

int wlog_write(const char *path, const struct wlog_hdr *h,
	       const struct went *e, size_t n)
{
	unsigned char hb[WLOG_HDR_SIZE], eb[WLOG_ENT_SIZE * 256];
	size_t plen = strlen(path);
	char *tmp = malloc(plen + 5);
	FILE *f;
	int err = 0;

	if (!tmp) {
		fprintf(stderr, "lvss-pattern: %s: out of memory\n", path);
		return -1;
	}
	memcpy(tmp, path, plen);
	memcpy(tmp + plen, ".tmp", 5);
	f = fopen(tmp, "wb");
	if (!f) {
		fprintf(stderr, "lvss-pattern: %s: %s\n", tmp, strerror(errno));
		free(tmp);
		return -1;
	}
	enc_hdr(hb, h);
	if (fwrite(hb, 1, sizeof(hb), f) != sizeof(hb))
		err = errno ? errno : EIO;
	for (size_t i = 0; i < n && !err;) {
		size_t k = 0;

		for (; k < 256 && i < n; k++, i++)
			enc_ent(eb + k * WLOG_ENT_SIZE, &e[i]);
		if (fwrite(eb, WLOG_ENT_SIZE, k, f) != k)
			err = errno ? errno : EIO;
	}
	if (fflush(f) && !err)
		err = errno ? errno : EIO;
	if (!err && fsync(fileno(f)) && errno != EINVAL)
		err = errno;
	if (fclose(f) && !err)
		err = errno ? errno : EIO;
	if (!err && rename(tmp, path))
		err = errno;
	if (err) {
		fprintf(stderr, "lvss-pattern: writing log %s: %s\n", path,
			strerror(err));
		unlink(tmp);
	}
	free(tmp);
	return err ? -1 : 0;
}

int wlog_read(const char *path, struct wlog_hdr *h, struct went **e,
	      size_t *n)
{
	unsigned char hb[WLOG_HDR_SIZE], eb[WLOG_ENT_SIZE];
	struct went *v = NULL;
	struct stat st;
	uint64_t want;
	FILE *f;

	*e = NULL;
	*n = 0;
	f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "lvss-pattern: log %s: %s\n", path,
			strerror(errno));
		return -1;
	}
	if (fstat(fileno(f), &st) < 0 ||
	    fread(hb, 1, sizeof(hb), f) != sizeof(hb) ||
	    memcmp(hb, WLOG_MAGIC, 8)) {
		fprintf(stderr,
			"lvss-pattern: log %s: not an lvss-pattern write log\n",
			path);
		goto fail;
	}
	if (get32(hb + 8) != WLOG_VERSION || get32(hb + 12) != WLOG_HDR_SIZE ||
	    get32(hb + 16) != WLOG_ENT_SIZE) {
		fprintf(stderr,
			"lvss-pattern: log %s: unsupported log version %u\n",
			path, get32(hb + 8));
		goto fail;
	}
	h->block_size = get32(hb + 20);
	h->dev_blocks = get64(hb + 24);
	h->gen_first = get64(hb + 32);
	h->gen_last = get64(hb + 40);
	h->n_entries = get64(hb + 48);
	h->seed = get32(hb + 56);
	h->writer_id = get32(hb + 60);
	h->flags = get32(hb + 64);
	h->threads = get32(hb + 68);
	h->t_begin = get64(hb + 72);
	h->t_end = get64(hb + 80);
	want = WLOG_HDR_SIZE + h->n_entries * WLOG_ENT_SIZE;
	if (h->n_entries > (UINT64_MAX - WLOG_HDR_SIZE) / WLOG_ENT_SIZE ||
	    (uint64_t)st.st_size != want) {
		fprintf(stderr,
			"lvss-pattern: log %s: truncated or damaged: header says %llu entries (%llu bytes), file has %llu bytes\n",
			path, (unsigned long long)h->n_entries,
			(unsigned long long)want,
			(unsigned long long)st.st_size);
		goto fail;
	}
	v = malloc((h->n_entries ? h->n_entries : 1) * sizeof(*v));
	if (!v) {
		fprintf(stderr, "lvss-pattern: log %s: out of memory\n", path);
		goto fail;
	}
	for (uint64_t i = 0; i < h->n_entries; i++) {
		if (fread(eb, 1, sizeof(eb), f) != sizeof(eb)) {
			fprintf(stderr, "lvss-pattern: log %s: read error\n",
				path);
			goto fail;
		}
		dec_ent(eb, &v[i]);
		if (v[i].nr == 0 || v[i].gen < h->gen_first ||
		    v[i].gen > h->gen_last ||
		    (v[i].tc != WLOG_T_NEVER && v[i].tc < v[i].ts)) {
			fprintf(stderr,
				"lvss-pattern: log %s: entry %llu is inconsistent (gen %llu outside %llu..%llu, no blocks, or completed before submitted)\n",
				path, (unsigned long long)i,
				(unsigned long long)v[i].gen,
				(unsigned long long)h->gen_first,
				(unsigned long long)h->gen_last);
			goto fail;
		}
	}
	fclose(f);
	*e = v;
	*n = h->n_entries;
	return 0;
fail:
	free(v);
	fclose(f);
	return -1;
}

void wlog_dump(FILE *f, const char *path, const struct wlog_hdr *h,
	       const struct went *e, size_t n)
{
	fprintf(f,
		"# log %s: block_size %u, dev_blocks %llu, gens %llu..%llu, %llu entries, seed %u, writer %u, threads %u, %s%s%s\n",
		path, h->block_size, (unsigned long long)h->dev_blocks,
		(unsigned long long)h->gen_first,
		(unsigned long long)h->gen_last,
		(unsigned long long)h->n_entries, h->seed, h->writer_id,
		h->threads, h->flags & WLOG_F_DIRECT ? "direct" : "buffered",
		h->flags & WLOG_F_SIGNALLED ? ", stopped by signal" : "",
		h->flags & WLOG_F_ERRORS ? ", HAD WRITE ERRORS" : "");
	fprintf(f, "# t_begin %llu t_end %llu\n",
		(unsigned long long)h->t_begin, (unsigned long long)h->t_end);
	fprintf(f, "# first nr gen t_submit t_complete thread flags\n");
	for (size_t i = 0; i < n; i++) {
		if (e[i].tc == WLOG_T_NEVER)
			fprintf(f, "%llu %u %llu %llu never %u %u\n",
				(unsigned long long)e[i].first, e[i].nr,
				(unsigned long long)e[i].gen,
				(unsigned long long)e[i].ts, e[i].thread,
				e[i].flags);
		else
			fprintf(f, "%llu %u %llu %llu %llu %u %u\n",
				(unsigned long long)e[i].first, e[i].nr,
				(unsigned long long)e[i].gen,
				(unsigned long long)e[i].ts,
				(unsigned long long)e[i].tc, e[i].thread,
				e[i].flags);
	}
}
