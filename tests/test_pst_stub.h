/*
 * test_pst_stub.h - the worker API replaced for the store's handler
 * tests: every wrk_send is kept (link, type, reqid, body), admin answers
 * are kept, two gateway links and one game link exist, the clock is
 * whatever the test sets.  The running store's state (pst) lives here,
 * and the setup of the tests that run it on a test_pst_fx.h database.
 */
#ifndef MS_TEST_PST_STUB_H
#define MS_TEST_PST_STUB_H

#include <stdint.h>

#include "config.h"
#include "pst.h"

#define STUB_SENT	64
#define STUB_BODY	2048

struct wrk_link {
	uint32_t	role;
	uint32_t	index;
	char		name[16];
};

struct stub_sent {
	struct wrk_link	*link;
	uint16_t	 type;
	uint32_t	 reqid;
	size_t		 len;
	uint8_t		 body[STUB_BODY];
};

extern struct ms_config	stub_cfg;
extern struct wrk_link	stub_gw0, stub_gw1, stub_game;
extern struct stub_sent	stub_sent[STUB_SENT];
extern int		stub_nsent;
extern char		stub_admin_text[8192];
extern int		stub_admin_status, stub_nadmin;
extern uint64_t		stub_now;
/* stub_admin_then - if set, run by stub_admin() after the verb */
extern void		(*stub_admin_then)(void);

/* stub_start - pst on an open database, presence for 1000; defaults. */
void	stub_start(struct pst_db *);
void	stub_stop(void);
/* stub_admin - run one verb (NULL-ended words); check status and text. */
void	stub_admin(int want_status, const char *want_text, ...);
/* stub_count - messages of type sent (to link, if not NULL). */
int	stub_count(uint16_t type, const struct wrk_link *);
/* stub_online - user in presence on gateway gw as sid (room 3). */
void	stub_online(uint32_t user, uint32_t gw, uint32_t sid, int guest);
/*
 * stub_setup - a cmocka setup: a pst_fx with its database open and
 * stub_start()ed on it; stub_teardown() undoes it.
 */
int	stub_setup(void **state);
int	stub_teardown(void **state);

#endif /* MS_TEST_PST_STUB_H */
