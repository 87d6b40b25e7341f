/*
 * mstr.h - string helpers every process uses that Debian 12's glibc
 * (2.36) lacks.
 */
#ifndef MS_MSTR_H
#define MS_MSTR_H

#include <stddef.h>

/* ms_strlcpy - copy, truncate, always terminate (size > 0). */
void	ms_strlcpy(char *dst, const char *src, size_t size);

#endif /* MS_MSTR_H */
