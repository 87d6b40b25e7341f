/*
 * proto.h - every message that crosses a process boundary, on the
 * control channel (fd 3, SOCK_SEQPACKET) or over an nng link between
 * workers.  MS_MSG_LIST is the single source of truth: the enum, the
 * log names, the sender/receiver check and the exact-size table are all
 * expanded from it.  Append only; never renumber; bump MS_PROTO_VERSION
 * whenever a payload layout changes.  Payloads are fixed-width integers
 * in host byte order (every process runs on one host from one binary).
 */
#ifndef MS_PROTO_H
#define MS_PROTO_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define MS_PROTO_VERSION	1
#define MS_MSG_MAX		(64 * 1024)	/* header + payload */
#define MS_SIZE_VAR		((uint32_t)-1)	/* has its own decoder */
#define MS_CTL_FD		3	/* control socketpair in every worker */
#define MS_LISTEN_FD0		4	/* first inherited listener (gateway) */

enum ms_role {
	MS_ROLE_SUPERVISOR = 0,
	MS_ROLE_STORE = 1,
	MS_ROLE_GAME = 2,
	MS_ROLE_ROOM = 3,
	MS_ROLE_GATEWAY = 4,
	MS_ROLE_MAX = 5
};

/* Bit masks for the sender/receiver columns of MS_MSG_LIST. */
#define MS_R_SUP	(1u << MS_ROLE_SUPERVISOR)
#define MS_R_STORE	(1u << MS_ROLE_STORE)
#define MS_R_GAME	(1u << MS_ROLE_GAME)
#define MS_R_ROOM	(1u << MS_ROLE_ROOM)
#define MS_R_GW		(1u << MS_ROLE_GATEWAY)
#define MS_R_WORKER	(MS_R_STORE | MS_R_GAME | MS_R_ROOM | MS_R_GW)

struct ms_hdr {
	uint16_t	version;	/* MS_PROTO_VERSION */
	uint16_t	type;		/* enum ms_msg_type */
	uint32_t	len;		/* payload bytes after this header */
	uint32_t	reqid;		/* request/reply correlation, or 0 */
	uint32_t	epoch;		/* sender's random start epoch, never 0 */
	uint32_t	seq;		/* per-link event sequence, 0 on ctl */
	uint32_t	pad;		/* 0; keeps payloads 8-byte aligned */
};
_Static_assert(sizeof(struct ms_hdr) == 24, "ms_hdr is wire format");

/* --- control channel (supervisor <-> worker, fd 3) --- */

struct ms_ctl_hello {			/* worker -> supervisor, first */
	uint32_t	role;		/* enum ms_role */
	uint32_t	index;		/* 0.. within the role */
	uint32_t	pid;
	uint32_t	proto_version;
};
_Static_assert(sizeof(struct ms_ctl_hello) == 16, "wire format");

/*
 * MS_CTL_CONFIG payload: struct ms_ctl_config followed by exactly
 * text_len bytes of validated libconfig text and one NUL.
 */
struct ms_ctl_config {
	uint32_t	generation;
	uint32_t	text_len;	/* without the trailing NUL */
};
_Static_assert(sizeof(struct ms_ctl_config) == 8, "wire format");

struct ms_ctl_gen {			/* READY and CFG_ACK */
	uint32_t	generation;
	int32_t		status;		/* 0 = applied */
};
_Static_assert(sizeof(struct ms_ctl_gen) == 8, "wire format");

struct ms_ctl_heartbeat {		/* both directions, echoed */
	uint64_t	seq;
	uint64_t	sent_ms;	/* supervisor's monotonic clock */
};
_Static_assert(sizeof(struct ms_ctl_heartbeat) == 16, "wire format");

/* --- links between workers (nng) --- */

struct ms_link_hello {			/* first message on every new pipe */
	uint32_t	role;
	uint32_t	index;
	uint32_t	pid;
	uint32_t	pad;
};
_Static_assert(sizeof(struct ms_link_hello) == 16, "wire format");

#define MS_PING_HOPS	4
struct ms_ping_hop {
	uint32_t	role;
	uint32_t	index;
	uint32_t	pid;
	uint32_t	epoch;
};

/*
 * A routed health ping: gateway -> room -> game -> store and back.
 * Each worker appends itself to hop[] on the way out; replies retrace
 * the path by reqid, which each hop maps to the request it forwarded.
 */
struct ms_ping {
	uint64_t	sent_ms;	/* originating gateway's clock */
	uint32_t	nhops;		/* entries used in hop[] */
	uint32_t	pad;
	struct ms_ping_hop hop[MS_PING_HOPS];
};
_Static_assert(sizeof(struct ms_ping) == 16 + 16 * MS_PING_HOPS,
    "wire format");

/* X(name, number, senders, receivers, exact payload size) */
#define MS_MSG_LIST(X)							\
	X(MS_CTL_HELLO,		1, MS_R_WORKER, MS_R_SUP,		\
	    sizeof(struct ms_ctl_hello))				\
	X(MS_CTL_CONFIG,	2, MS_R_SUP, MS_R_WORKER, MS_SIZE_VAR)	\
	X(MS_CTL_READY,		3, MS_R_WORKER, MS_R_SUP,		\
	    sizeof(struct ms_ctl_gen))					\
	X(MS_CTL_CFG_ACK,	4, MS_R_WORKER, MS_R_SUP,		\
	    sizeof(struct ms_ctl_gen))					\
	X(MS_CTL_HEARTBEAT,	5, MS_R_SUP | MS_R_WORKER,		\
	    MS_R_SUP | MS_R_WORKER, sizeof(struct ms_ctl_heartbeat))	\
	X(MS_CTL_STOP,		6, MS_R_SUP, MS_R_WORKER, 0)		\
	X(MS_LINK_HELLO,	100, MS_R_WORKER, MS_R_WORKER,		\
	    sizeof(struct ms_link_hello))				\
	X(MS_LINK_RESYNC,	101, MS_R_WORKER, MS_R_WORKER, 0)	\
	X(MS_LINK_PING,		102, MS_R_GW | MS_R_ROOM | MS_R_GAME,	\
	    MS_R_ROOM | MS_R_GAME | MS_R_STORE, sizeof(struct ms_ping))	\
	X(MS_LINK_PONG,		103, MS_R_ROOM | MS_R_GAME | MS_R_STORE, \
	    MS_R_GW | MS_R_ROOM | MS_R_GAME, sizeof(struct ms_ping))

enum ms_msg_type {
#define MS_ENUM(name, num, from, to, size)	name = num,
	MS_MSG_LIST(MS_ENUM)
#undef MS_ENUM
};

const char	*ms_msg_name(uint16_t type);
const char	*ms_role_name(uint32_t role);
int		 ms_role_parse(const char *name);
/* Exact payload size, MS_SIZE_VAR, or -1 in *known = 0 if unknown. */
uint32_t	 ms_msg_payload_size(uint16_t type, int *known);
/* 0 if the role may send (to = 0) or receive (to = 1) this type. */
int		 ms_msg_role_ok(uint16_t type, uint32_t role, int receiving);
/*
 * ms_hdr_check - validate a received message of msglen bytes: length,
 * version, type, declared vs actual size, exact fixed sizes.  Returns 0
 * or -1 with a reason in *why.
 */
int		 ms_hdr_check(const void *msg, size_t msglen,
		    const char **why);
/* ms_msg_build - header + payload into buf; returns total or -1. */
ssize_t		 ms_msg_build(void *buf, size_t buflen, uint16_t type,
		    uint32_t reqid, uint32_t epoch, uint32_t seq,
		    const void *payload, size_t plen);
/* Decoders for the MS_SIZE_VAR messages; they consume the whole body. */
int		 ms_ctl_config_decode(const void *payload, size_t plen,
		    uint32_t *gen_r, const char **text_r);
uint32_t	 ms_epoch_new(void);

#endif /* MS_PROTO_H */
