/*
 * mclient_impl.h - the session structure and the calls shared by the
 * mclient*.c files only: mclient.c (life cycle, buffers, cipher, fds),
 * mclient_recv.c (packets in, state machine) and mclient_send.c
 * (packets out, flows and actions).
 * Invariants: in_len < in_cap between calls (a whole packet never
 * stays buffered); out[out_head, out_len) is ready-to-send wire bytes.
 */
#ifndef MCL_MCLIENT_IMPL_H
#define MCL_MCLIENT_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "mcipher.h"
#include "mclient.h"
#include "wire.h"

#define MCL_STATE_BIT(st)	(1u << (st))

struct mcl_session {
	enum mw_dialect		 dialect;
	enum mcl_mode		 mode;
	enum mcl_state		 state;
	mcl_event_fn		*on_event;
	void			*arg;
	struct mw_limits	 limits;	/* in_max <= in_cap */
	char			 username[MW_NAME_FIELD];
	char			 password[MCL_PASSWORD_MAX + 2];
	char			 nick[MW_NICK_MAX + 1];
	char			 team[MW_NICK_MAX + 1];
	struct mw_player_data	 player;	/* strings: nick, team above */
	struct mw_version_control version;
	uint8_t			 token[MW_TOKEN_SIZE];
	int			 have_token;	/* 7 seen, or room mode */
	int32_t			 user_id;	/* from 7 or 9 */
	int16_t			 room_max;	/* from 9 */
	struct mc_keypair	 kp;
	struct mc_key		 key;
	int			 cipher;	/* payloads encrypted */
	uint64_t		 filler;	/* PRNG state for R0/R1 */
	int			 in_callback;	/* no mcl_feed() re-entry */
	struct mcl_stats	 stats;
	char			 reason[MCL_REASON_MAX];
	uint8_t			*in;
	size_t			 in_cap, in_len;
	uint8_t			*out;
	size_t			 out_cap, out_head, out_len;
	uint8_t			 mem[];		/* in, then out */
};

/* mclient.c */
void	 mcl_emit(struct mcl_session *, struct mcl_event *);
int	 mcl_fail(struct mcl_session *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
uint8_t	*mcl_out_tail(struct mcl_session *, size_t *cap_r);
int	 mcl_out_commit(struct mcl_session *, int rc, size_t len);

/* mclient_recv.c */
int	 mcl_dispatch(struct mcl_session *, uint16_t type, const uint8_t *,
	    size_t);

/* mclient_send.c */
int	 mcl_send_first(struct mcl_session *);
int	 mcl_send_after_key(struct mcl_session *);
int	 mcl_send_password(struct mcl_session *,
	    const struct mw_password_challenge *);
int	 mcl_send_versions(struct mcl_session *);

#endif /* MCL_MCLIENT_IMPL_H */
