/*
 * tvec.c - the .hex loader shared by the unit tests that check the
 * protocol vectors, so there is one reading of the file format.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tvec.h"

void
tvec_path(char *buf, size_t len, const char *name)
{
	const char	*top = getenv("MS_TOP_SRCDIR");

	snprintf(buf, len, "%s/tests/vectors/%s", top != NULL ? top : ".",
	    name);
}

size_t
tvec_load(const char *name, uint8_t *buf, size_t cap)
{
	char		 path[1024], line[512], *p, *end;
	size_t		 n = 0;
	unsigned long	 v;
	FILE		*fp;

	tvec_path(path, sizeof(path), name);
	if ((fp = fopen(path, "r")) == NULL)
		fail_msg("open %s: %s", path, strerror(errno));
	while (fgets(line, sizeof(line), fp) != NULL) {
		if (line[0] == '#')
			continue;
		for (p = line;; p = end) {
			v = strtoul(p, &end, 16);
			if (end == p)
				break;
			if (n == cap || v > 0xff)
				fail_msg("%s: bad or oversize vector", path);
			buf[n++] = (uint8_t)v;
		}
	}
	fclose(fp);
	return n;
}
