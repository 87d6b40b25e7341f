/* mstr.c - see mstr.h. */
#include <string.h>

#include "mstr.h"

void
ms_strlcpy(char *dst, const char *src, size_t size)
{
	size_t	n = strnlen(src, size - 1);

	memcpy(dst, src, n);
	dst[n] = '\0';
}
