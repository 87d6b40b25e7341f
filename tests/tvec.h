/*
 * tvec.h - reading the protocol example packets (the .hex files of
 * tests/vectors) in the unit tests: '#' lines are comments, the rest
 * hex pairs.  The directory is $MS_TOP_SRCDIR/tests/vectors (the test
 * harness exports MS_TOP_SRCDIR).
 */
#ifndef MS_TVEC_H
#define MS_TVEC_H

#include <stddef.h>
#include <stdint.h>

/* tvec_path - the full path of vector file name. */
void	tvec_path(char *buf, size_t len, const char *name);
/* tvec_load - the packet bytes into buf; fails the test on any error. */
size_t	tvec_load(const char *name, uint8_t *buf, size_t cap);

#endif /* MS_TVEC_H */
