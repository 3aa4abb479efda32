// SPDX-License-Identifier: MIT
/*
 * libFuzzer target: device paths from the command line on their way to
 * lvss.ko (lvss_dev_path.c): the same length and form checks as the
 * module, then symlink resolution and the block-device check, with the
 * error messages they make. Input: the path (a NUL ends it early).
 * Resolution only reads the filesystem (realpath, stat).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lvss_dev_path.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char node[LVSS_DEV_PATH_MAX];
	struct lvss_error err;
	char *path = malloc(size + 1);
	dev_t rdev;

	if (!path)
		abort();
	memcpy(path, data, size);
	path[size] = '\0';
	lvss_check_dev_path(path, &err);
	lvss_dev_path_node(path, LVSS_DEV_ATTACH, node, &rdev, &err);
	free(path);
	return 0;
}
