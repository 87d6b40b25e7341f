/*
 * test_pst_name.c - name normalisation (formatting codes, spaces,
 * length, control bytes, idempotence), the case-folded key for ASCII
 * and MacRoman letters, operator (UTF-8) input and passwords.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "pst.h"

struct norm_case {
	const char	*in;
	const char	*out;		/* NULL: refused */
};

static const struct norm_case norm_cases[] = {
	{ "bob", "bob" },
	{ "|bBob", "Bob" },
	{ "|BBob|P", "Bob" },
	{ "|iGuest|p bob", "Guest bob" },
	{ "  bob  ", "bob" },
	{ " |b bob |p ", "bob" },
	{ "b|xob", "b|xob" },		/* not a formatting code */
	{ "bob|", "bob|" },
	{ "||bb", NULL },		/* nested codes vanish entirely */
	{ "a||bbc", "ac" },
	{ "|p|b|i|l|r|c|s|u", NULL },
	{ "   ", NULL },
	{ "", NULL },
	{ "bo\tb", NULL },
	{ "bo\x7f" "b", NULL },
	{ "1234567890123456789012345678901",
	    "1234567890123456789012345678901" },
	{ "|b1234567890123456789012345678901",
	    "1234567890123456789012345678901" },
};

static void
test_norm_table(void **state)
{
	uint8_t	out[PST_NAME_CHARS + 1];
	size_t	i;
	int	n;

	(void)state;
	for (i = 0; i < sizeof(norm_cases) / sizeof(norm_cases[0]); i++) {
		const struct norm_case	*c = &norm_cases[i];

		n = pst_name_norm((const uint8_t *)c->in, strlen(c->in), out,
		    sizeof(out));
		if (c->out == NULL) {
			assert_int_equal(n, -1);
			continue;
		}
		assert_int_equal(n, (int)strlen(c->out));
		assert_string_equal((const char *)out, c->out);
	}
}

/* Normalising a normalised name changes nothing. */
static void
test_norm_idempotent(void **state)
{
	uint8_t	a[PST_NAME_CHARS + 1], b[PST_NAME_CHARS + 1];
	size_t	i;
	int	n;

	(void)state;
	for (i = 0; i < sizeof(norm_cases) / sizeof(norm_cases[0]); i++) {
		const char	*in = norm_cases[i].in;

		if ((n = pst_name_norm((const uint8_t *)in, strlen(in), a,
		    sizeof(a))) < 0)
			continue;
		assert_int_equal(pst_name_norm(a, (size_t)n, b, sizeof(b)), n);
		assert_memory_equal(a, b, (size_t)n + 1);
	}
}

static void
test_too_long(void **state)
{
	uint8_t	out[PST_NAME_CHARS + 1];
	char	in[40];

	(void)state;
	memset(in, 'x', 32);
	in[32] = '\0';
	assert_int_equal(pst_name_norm((const uint8_t *)in, 32, out,
	    sizeof(out)), -1);
}

static void
test_client_key(void **state)
{
	struct pst_name	a, b;
	char		field[MS_NAME_MAX];

	(void)state;
	memset(field, 0, sizeof(field));
	memcpy(field, "|bBoB ", 6);
	assert_int_equal(pst_name_client(field, sizeof(field), &a), 0);
	assert_string_equal(a.utf8, "BoB");
	assert_string_equal(a.key, "bob");
	/* MacRoman 0x80 (A diaeresis) folds to 0x8A (a diaeresis). */
	memcpy(field, "\x80ke\0", 5);
	assert_int_equal(pst_name_client(field, sizeof(field), &a), 0);
	assert_string_equal(a.utf8, "\xc3\x84ke");
	assert_string_equal(a.key, "\xc3\xa4ke");
	memcpy(field, "\x8ake\0", 5);
	assert_int_equal(pst_name_client(field, sizeof(field), &b), 0);
	assert_string_equal(a.key, b.key);
	/* No NUL in the field: malformed. */
	memset(field, 'a', sizeof(field));
	assert_int_equal(pst_name_client(field, sizeof(field), &a), -1);
}

static void
test_admin_name(void **state)
{
	struct pst_name	a, c;

	(void)state;
	assert_int_equal(pst_name_admin("\xc3\x84ke", &a), 0);
	assert_int_equal(a.len, 3);
	assert_int_equal(a.mac[0], 0x80);
	assert_int_equal(pst_name_admin("|b\xc3\xa4KE", &c), 0);
	assert_string_equal(a.key, c.key);
	/* No check mark in MacRoman; no malformed UTF-8 either. */
	assert_int_equal(pst_name_admin("\xe2\x9c\x93", &a), -1);
	assert_int_equal(pst_name_admin("\xff\xfe", &a), -1);
	assert_int_equal(pst_name_admin("who?", &a), 0);
	assert_string_equal(a.utf8, "who?");
	/* The euro sign is MacRoman 0xDB. */
	assert_int_equal(pst_name_admin("\xe2\x82\xac", &a), 0);
	assert_int_equal(a.mac[0], 0xdb);
}

static void
test_admin_password(void **state)
{
	uint8_t	pw[PST_PW_CHARS + 1];

	(void)state;
	assert_int_equal(pst_pw_admin("secret", pw, sizeof(pw)), 6);
	assert_string_equal((const char *)pw, "secret");
	assert_int_equal(pst_pw_admin("p\xc3\xa4ss", pw, sizeof(pw)), 4);
	assert_int_equal(pw[1], 0x8a);
	assert_int_equal(pst_pw_admin("", pw, sizeof(pw)), -1);
	assert_int_equal(pst_pw_admin("0123456789abcdef", pw, sizeof(pw)),
	    -1);
	assert_int_equal(pst_pw_admin("0123456789abcde", pw, sizeof(pw)),
	    15);
	assert_int_equal(pst_pw_admin("a\nb", pw, sizeof(pw)), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_norm_table),
		cmocka_unit_test(test_norm_idempotent),
		cmocka_unit_test(test_too_long),
		cmocka_unit_test(test_client_key),
		cmocka_unit_test(test_admin_name),
		cmocka_unit_test(test_admin_password),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
