/*
 * config.h - the parsed mythmetad.conf.  One settings table in config.c
 * drives parsing, range checks, defaults, unknown-key rejection,
 * printing (-n -v) and reload classification.  A config object is
 * immutable once parsed: reload builds a new one and swaps it in.
 */
#ifndef MS_CONFIG_H
#define MS_CONFIG_H

#include <stdint.h>
#include <stdio.h>

#include "proto.h"

#define MS_CFG_TEXT_MAX		(60 * 1024)	/* fits one MS_CTL_CONFIG */
#define MS_CFG_STR_MAX		256
#define MS_CFG_ROOMS_MAX	64
#define MS_CFG_WORKERS_MAX	16

#define MS_DUP_KICK_OLD		0	/* store.duplicate_login values */
#define MS_DUP_REFUSE_NEW	1

/* Reload classes of a setting (a bit set per role in ms_cfg_diff). */
#define CF_RELOAD	0x01	/* may change on SIGHUP */
#define CF_RESTART	0x02	/* change restarts the owning worker(s) */
#define CF_SUPERVISOR	0x04	/* change needs a full restart; ignored */

struct ms_cfg_restart {
	uint32_t	backoff_base_ms;	/* 1000 */
	uint32_t	backoff_max_ms;		/* 30000 */
	uint32_t	healthy_after_ms;	/* 30000 */
	uint32_t	crashloop_limit;	/* 6 */
	uint32_t	park_retry_ms;		/* 300000 */
};

struct ms_cfg_room {
	uint32_t	id;		/* room_info.room_id, 0..32767, unique */
	char		name[64];
	uint32_t	type;		/* 0 unranked, 1 ranked, 2 tournament */
	uint32_t	port;		/* TCP port, unique, != login/http */
	uint32_t	capacity;	/* players */
	int		guests;		/* guests allowed */
};

struct ms_config {
	/* supervisor */
	char		user[MS_CFG_STR_MAX];	/* "" = do not drop */
	char		group[MS_CFG_STR_MAX];	/* "" = user's group */
	char		pidfile[MS_CFG_STR_MAX];
	char		control_socket[MS_CFG_STR_MAX];	/* mythmetactl */
	uint32_t	control_clients;	/* 16: mythmetactl at once */
	char		rundir[MS_CFG_STR_MAX];
	uint32_t	room_workers;		/* 1 */
	uint32_t	gateway_workers;	/* 1 */
	uint32_t	ready_timeout_ms;	/* 10000 */
	uint32_t	heartbeat_interval_ms;	/* 1000 */
	uint32_t	heartbeat_timeout_ms;	/* 5000 */
	uint32_t	stop_timeout_ms;	/* 5000 */
	uint32_t	reload_timeout_ms;	/* 5000 */
	struct ms_cfg_restart restart;

	/* log */
	char		log_facility[32];	/* "daemon" */
	char		log_file[MS_CFG_STR_MAX];	/* "" = syslog */
	uint32_t	log_verbose;		/* 0 */

	/* listen */
	char		listen_address[64];	/* "127.0.0.1" */
	uint32_t	login_port;		/* 6321 */
	uint32_t	http_port;		/* 6380, 0 = off */
	uint32_t	backlog;		/* 128 */

	/* ipc */
	char		ipc_transport[8];	/* "ipc" or "tcp" */
	char		ipc_tcp_address[64];	/* "127.0.0.1" */
	uint32_t	ipc_tcp_base_port;	/* 6400 */
	uint32_t	ipc_sendbuf;		/* 128 messages */
	uint32_t	ipc_recvbuf;		/* 128 messages */
	uint32_t	ipc_queue_limit;	/* 1024 messages */
	uint32_t	ipc_reconnect_min_ms;	/* 1 */
	uint32_t	ipc_reconnect_max_ms;	/* 50 */
	uint32_t	ipc_request_timeout_ms;	/* 2000 */

	/* gateway */
	uint32_t	health_interval_ms;	/* 5000: background ping */
	uint32_t	http_max_clients;	/* 64 */
	uint32_t	http_timeout_ms;	/* 5000 */
	char		public_address[64];	/* "" = listen.address */
	uint32_t	max_clients;		/* 10000 per gateway */
	uint32_t	max_clients_per_ip;	/* 64 per gateway */
	uint32_t	max_packet;		/* 8192: input cap */
	uint32_t	output_buffer;		/* 262144: output cap */
	uint32_t	login_grace_ms;		/* 250 */
	uint32_t	login_timeout_ms;	/* 30000 */
	uint32_t	keepalive_ms;		/* 60000 */
	uint32_t	idle_timeout_ms;	/* 600000 */
	uint32_t	chat_rate;		/* 5 lines/s sustained */
	uint32_t	chat_burst;		/* 10 lines */
	uint32_t	chat_queue_lines;	/* 8192 per room worker */
	uint32_t	chat_queue_bytes;	/* 1048576 per room worker */
	uint32_t	min_myth_version;	/* 2180 */
	uint32_t	min_myth_build;		/* 427 */
	uint32_t	token_lifetime_s;	/* 86400 */
	uint32_t	room_list_interval_ms;	/* 200 */
	uint32_t	search_results;		/* 50: player search (117) */

	/* room */
	char		motd[MS_CFG_STR_MAX];
	uint32_t	deliver_buffer;		/* 1048576 per gateway */

	/* game */
	uint32_t	game_idle_timeout_s;	/* 1800 */
	uint32_t	game_coalesce_ms;	/* 250 */
	uint32_t	game_max_games;		/* 10000 */
	uint32_t	game_result_queue;	/* 1024 */
	uint32_t	game_search_results;	/* 5: game search (116) */

	/* store */
	char		store_path[MS_CFG_STR_MAX];
	int		allow_guests;		/* true */
	uint32_t	duplicate_login;	/* MS_DUP_KICK_OLD */
	uint32_t	presence_max;		/* 1000000 sessions in rooms */
	uint32_t	offline_grace_ms;	/* 2000 */
	uint32_t	offline_queue;		/* 16384 pending offlines */
	uint32_t	hash_threads;		/* 2 */
	uint32_t	hash_queue;		/* 1024 */
	uint32_t	hash_ops;		/* 2 (argon2id opslimit) */
	uint32_t	hash_mem_kib;		/* 65536 */
	uint32_t	ladder_interval_s;	/* 60: castes recomputed */
	uint32_t	order_members;		/* 50 */

	/* rooms */
	uint32_t	nrooms;
	struct ms_cfg_room rooms[MS_CFG_ROOMS_MAX];
};

/*
 * ms_cfg_parse - text -> new config object.  Never touches a live one.
 * Fails on syntax errors (with libconfig's line), values out of range or
 * of the wrong type, any key not in the settings table, and cross-field
 * errors (duplicate room ids or ports).  err gets "file:line: message"
 * lines, one per error, all of them (not only the first).
 */
int	ms_cfg_parse(const char *text, const char *fname,
	    struct ms_config **cfg_r, char *err, size_t errlen);
/* ms_cfg_read_file - read a file (size-capped) and parse it. */
int	ms_cfg_read_file(const char *path, char **text_r,
	    struct ms_config **cfg_r, char *err, size_t errlen);
/* ms_cfg_defaults - a config with every default and the default rooms. */
struct ms_config *ms_cfg_defaults(void);
void	ms_cfg_free(struct ms_config *);
/* ms_cfg_room_find - the room with this id, or NULL. */
const struct ms_cfg_room *ms_cfg_room_find(const struct ms_config *,
	    uint32_t id);
/* ms_cfg_print - normalised libconfig text that parses back to cfg. */
void	ms_cfg_print(FILE *, const struct ms_config *);
/*
 * ms_cfg_diff - for each role, the OR of the CF_* flags of the settings
 * that differ between old and new (0 = nothing changed for that role).
 */
void	ms_cfg_diff(const struct ms_config *old, const struct ms_config *new,
	    int changes_r[MS_ROLE_MAX]);
/* ms_cfg_keys - for the man page test: NULL-terminated list of paths. */
const char *const *ms_cfg_keys(void);

#endif /* MS_CONFIG_H */
