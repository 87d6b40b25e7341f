/*
 * wire.h - the game wire protocol ("myth wire", protocol README sections
 * 3-17): framing, packet type ids and one typed struct with a decoder and
 * an encoder per packet, for the Myth II and Aleph One dialects.
 * Invariants: nothing here allocates; decoders never read outside the
 * payload they are given and leave every char[] NUL-terminated; encoders
 * write whole packets (header included, length field right) and always
 * leave MW_CIPHER_OVERHEAD spare bytes so the cipher can work in place.
 */
#ifndef MW_WIRE_H
#define MW_WIRE_H

#include <stddef.h>
#include <stdint.h>

#define MW_MAGIC		0xDEAD
#define MW_HEADER_SIZE		8
#define MW_CIPHER_OVERHEAD	24	/* README 5.2: R0+CHECK1+CHECK2+R1 */
#define MW_IN_MAX_DEFAULT	8192	/* accepted incoming packet length */
#define MW_IN_MAX_CEILING	32767	/* Myth keeps lengths in 16 bits */
#define MW_MYTH_OUT_MAX		7996	/* GoS list split point (plaintext) */

#define MW_TOKEN_SIZE		32
#define MW_SALT_SIZE		16
#define MW_KEY_SIZE		16	/* password response field */
#define MW_SESSION_KEY_SIZE	8
#define MW_NAME_FIELD		32	/* char[32] fields of the login */
#define MW_NICK_MAX		31	/* nick and team, chars */
#define MW_PLAYER_DATA_FIXED	38
#define MW_PLAYER_DATA_MAX	128
#define MW_GAME_DATA_FIXED	568
#define MW_GAME_DATA_MAX	1024
#define MW_PLUGIN_DATA_SIZE	512
#define MW_GAME_TYPES		16	/* score arrays per game type */
#define MW_SCORE_TEAMS		16
#define MW_BUDDIES		16
#define MW_FILM_COMMAND_MAX	2048
#define MW_MYTH_LOGIN_SIZE	276
#define MW_A1_LOGIN_FIXED	144
#define MW_PROXY_HOST_SIZE	48

/*
 * Every packet id of README section 6: X(enum name, id, wire name).
 * Ids 18 and 122 mean different things per dialect (16.1 item 8); the
 * enum carries one name for each, the decoders are separate.
 */
#define MW_TYPE_LIST(X)							\
	X(MW_T_ROOM_LIST, 0, "room_list")				\
	X(MW_T_PLAYER_LIST, 1, "player_list")				\
	X(MW_T_GAME_LIST, 2, "game_list")				\
	X(MW_T_SERVER_MESSAGE, 3, "server_message")			\
	X(MW_T_URL, 4, "url")						\
	X(MW_T_DATA_CHUNK, 5, "data_chunk")				\
	X(MW_T_PASSWORD_CHALLENGE, 6, "password_challenge")		\
	X(MW_T_USER_SUCCESSFUL_LOGIN, 7, "user_successful_login")	\
	X(MW_T_SET_PLAYER_DATA_FROM_METASERVER, 8,			\
	    "set_player_data_from_metaserver")				\
	X(MW_T_ROOM_LOGIN_SUCCESSFUL, 9, "room_login_successful")	\
	X(MW_T_MESSAGE_OF_THE_DAY, 10, "message_of_the_day")		\
	X(MW_T_PATCH, 11, "patch")					\
	X(MW_T_SEND_VERSIONS, 12, "send_versions")			\
	X(MW_T_GAME_LIST_PREF, 13, "game_list_pref")			\
	X(MW_T_PLAYER_SEARCH_LIST, 14, "player_search_list")		\
	X(MW_T_BUDDY_LIST, 15, "buddy_list")				\
	X(MW_T_ORDER_LIST, 16, "order_list")				\
	X(MW_T_PLAYER_INFO, 17, "player_info")				\
	X(MW_T_UPDATE_INFO, 18, "update_info")				\
	X(MW_T_UPDATE_PLAYER_BUDDY_LIST, 19, "update_player_buddy_list") \
	X(MW_T_UPDATE_ORDER_MEMBER_LIST, 20, "update_order_member_list") \
	X(MW_T_YOU_JUST_GOT_BLAMMED_SUCKA, 21,				\
	    "you_just_got_blammed_sucka")				\
	X(MW_T_PROXY_CLIENT_JOIN, 22, "proxy_client_join")		\
	X(MW_T_LOGIN, 100, "login")					\
	X(MW_T_ROOM_LOGIN, 101, "room_login")				\
	X(MW_T_LOGOUT, 102, "logout")					\
	X(MW_T_SET_PLAYER_DATA, 103, "set_player_data")		\
	X(MW_T_CREATE_GAME, 104, "create_game")			\
	X(MW_T_REMOVE_GAME, 105, "remove_game")			\
	X(MW_T_CHANGE_ROOM, 106, "change_room")			\
	X(MW_T_SET_PLAYER_MODE, 107, "set_player_mode")		\
	X(MW_T_DATA_CHUNK_REPLY, 108, "data_chunk_reply")		\
	X(MW_T_PASSWORD_RESPONSE, 109, "password_response")		\
	X(MW_T_REQUEST_FULL_UPDATE, 110, "request_full_update")	\
	X(MW_T_GAME_PLAYER_LIST, 111, "game_player_list")		\
	X(MW_T_GAME_SCORE, 112, "game_score")				\
	X(MW_T_RESET_GAME, 113, "reset_game")				\
	X(MW_T_START_GAME, 114, "start_game")				\
	X(MW_T_VERSION_CONTROL, 115, "version_control")		\
	X(MW_T_GAME_SEARCH_QUERY, 116, "game_search_query")		\
	X(MW_T_PLAYER_SEARCH_QUERY, 117, "player_search_query")	\
	X(MW_T_BUDDY_QUERY, 118, "buddy_query")			\
	X(MW_T_ORDER_QUERY, 119, "order_query")			\
	X(MW_T_UPDATE_BUDDY, 120, "update_buddy")			\
	X(MW_T_PLAYER_INFO_QUERY, 121, "player_info_query")		\
	X(MW_T_UPDATE_PLAYER_INFORMATION, 122, "update_player_information") \
	X(MW_T_ROOM_BROADCAST, 200, "room_broadcast")			\
	X(MW_T_DIRECTED_DATA, 201, "directed_data")			\
	X(MW_T_KEEPALIVE, 202, "keepalive")				\
	X(MW_T_SESSION_KEY, 203, "session_key")			\
	X(MW_T_RECORDING_STREAM_HEADER, 204, "recording_stream_header") \
	X(MW_T_RECORDING_STREAM_COMMAND, 205, "recording_stream_command") \
	X(MW_T_RECORDING_STREAM_END, 206, "recording_stream_end")

enum mw_type {
#define MW_ENUM(name, id, str)	name = id,
	MW_TYPE_LIST(MW_ENUM)
#undef MW_ENUM
	MW_T_REMOTE_HUB_LIST = 18,	/* Aleph One meaning of 18 */
	MW_T_REMOTE_HUB_REQUEST = 122	/* Aleph One meaning of 122 */
};

enum mw_dialect {
	MW_DIALECT_MYTH,
	MW_DIALECT_ALEPHONE
};

/*
 * Result codes.  0 is success, positive values are "not an error yet",
 * negative values are errors; mw_strerror() names every one.
 */
enum mw_rc {
	MW_OK = 0,
	MW_NEED_MORE = 1,	/* framing: buffer holds no whole packet yet */
	MW_LIST_FULL = 2,	/* list: entry left out, start a new packet */
	MW_E_TRUNC = -1,	/* payload shorter than the layout */
	MW_E_TRAILING = -2,	/* bytes left after an exact layout */
	MW_E_NONUL = -3,	/* cstr without NUL before the end */
	MW_E_COUNT = -4,	/* count or size field does not fit */
	MW_E_RANGE = -5,	/* value outside what the protocol allows */
	MW_E_MAGIC = -6,	/* header magic is not 0xDEAD */
	MW_E_SHORTLEN = -7,	/* header length below 8 */
	MW_E_OVERSIZE = -8,	/* header length above the limit */
	MW_E_NOSPACE = -9,	/* encode: output buffer too small */
	MW_E_TYPE = -10		/* wrong packet type for this call */
};

/* Framing and list limits; zero fields mean the defaults. */
struct mw_limits {
	size_t	in_max;		/* largest accepted packet, header incl. */
	size_t	out_max;	/* list split point, header incl. */
};

const char	*mw_strerror(int rc);
const char	*mw_type_name(uint16_t type);

/*
 * Framing.  mw_frame_next() looks at the start of buf and returns MW_OK
 * with one packet in f (payload points into buf, nothing is copied; the
 * caller consumes f->size bytes), MW_NEED_MORE (f->size = bytes the
 * packet needs in total, 8 while the header is incomplete) or an error.
 * The payload is writable so an encrypted one can be decrypted in place
 * and the plaintext handed to a decoder.
 */
struct mw_frame {
	uint16_t	 type;
	uint8_t		*payload;
	size_t		 len;	/* payload bytes */
	size_t		 size;	/* whole packet: MW_HEADER_SIZE + len */
};

int	mw_frame_next(uint8_t *buf, size_t avail, const struct mw_limits *,
	    struct mw_frame *f);
void	mw_frame_set_length(uint8_t *pkt, size_t size);

/*
 * Every encoder writes one complete packet into out and stores its length
 * in *len_r.  It fails with MW_E_NOSPACE unless cap >= packet +
 * MW_CIPHER_OVERHEAD, and no encoder makes a packet whose encrypted form
 * would exceed MW_IN_MAX_CEILING.
 */
int	mw_encode_raw(uint8_t *out, size_t cap, size_t *len_r, uint16_t type,
	    const void *payload, size_t len);

/*
 * Packets with an empty payload.  The decoder only checks len == 0.
 */
#define MW_EMPTY_LIST(X)						\
	X(send_versions, MW_T_SEND_VERSIONS)				\
	X(logout, MW_T_LOGOUT)						\
	X(remove_game, MW_T_REMOVE_GAME)				\
	X(request_full_update, MW_T_REQUEST_FULL_UPDATE)		\
	X(reset_game, MW_T_RESET_GAME)					\
	X(buddy_query, MW_T_BUDDY_QUERY)				\
	X(order_query, MW_T_ORDER_QUERY)				\
	X(keepalive, MW_T_KEEPALIVE)

#define MW_EMPTY_PROTO(name, type)					\
	int mw_decode_##name(const uint8_t *p, size_t len);		\
	int mw_encode_##name(uint8_t *out, size_t cap, size_t *len_r);
MW_EMPTY_LIST(MW_EMPTY_PROTO)
#undef MW_EMPTY_PROTO

/*
 * Shared structures (README section 7).  cstr fields are "const char *":
 * after decoding they point into the payload (valid while it is), for
 * encoding they point at the caller's text.  Wire char[N] fields are
 * char[N] arrays.  Opaque byte runs are pointer + length, likewise.
 */
struct mw_rgb {
	uint16_t	red, green, blue, flags;
};

struct mw_player_aux {				/* 7.2, 24 bytes */
	uint16_t	verb;			/* MW_VERB_* in packet 1 */
	uint16_t	flags;
	int32_t		ranking;
	uint32_t	player_id;
	int32_t		room_id;
	int16_t		caste;			/* -1 = no icon */
	int16_t		player_data_length;	/* decoded; encoders compute */
	int16_t		order;
};

struct mw_player_data {				/* 7.3 */
	int8_t		 coat_of_arms;
	int8_t		 caste_bitmap;
	int16_t		 state;			/* 0 idle, 1 in game, A1 away */
	struct mw_rgb	 primary, secondary;
	int16_t		 order_index;
	int16_t		 game_version;		/* A1C: 5000 */
	int16_t		 build_number;		/* A1C: 0 */
	const char	*nick;			/* cstr; encode: <= 31 chars */
	const char	*team;			/* cstr; encode: <= 31 chars */
};

enum mw_verb {
	MW_VERB_ADD = 0,
	MW_VERB_DELETE = 1,
	MW_VERB_CHANGE = 2
};

struct mw_player_entry {			/* packets 1 and 8 */
	struct mw_player_aux	aux;
	struct mw_player_data	data;
};

struct mw_search_entry {			/* packets 14, 15, 16 */
	int32_t			room_id;
	struct mw_player_aux	aux;
	struct mw_player_data	data;
};

struct mw_room {				/* 7.1, 24 bytes */
	int16_t		room_id;
	int16_t		player_count;
	uint32_t	host;			/* ipv4, big-endian number */
	uint16_t	port;
	int16_t		game_count;
	int16_t		room_type;		/* 0 unranked 1 ranked 2 tour */
	int16_t		room_flags;
};

struct mw_game_aux {				/* 7.4, 32 bytes */
	int32_t		game_id;
	uint32_t	host;
	uint16_t	port;
	int8_t		verb;
	int8_t		game_version;
	int32_t		seconds_remaining;	/* -1 untimed */
	int32_t		creating_player_id;
	int16_t		game_data_size;		/* decoded; encoders compute */
};

struct mw_game_entry {				/* packets 2 and 13 */
	struct mw_game_aux	 aux;
	const uint8_t		*data;		/* opaque game data (7.5) */
	size_t			 data_len;	/* <= MW_GAME_DATA_MAX */
};

struct mw_game_desc {				/* 7.5, parsed game data */
	int16_t		 type;
	int16_t		 scoring;
	uint32_t	 option_flags;
	int32_t		 time_limit;
	uint32_t	 scenario_tag;
	int16_t		 difficulty_level;
	int16_t		 maximum_players;
	uint16_t	 initial_team_random_seed;
	int16_t		 maximum_teams;
	uint32_t	 random_seed;
	int32_t		 pregame_time_limit;
	int16_t		 plugin_count;		/* A1: flag word */
	const uint8_t	*plugin_data;		/* 512 bytes; NULL = zeros */
	int32_t		 public_tags_checksum;
	int32_t		 private_tags_checksum;
	uint16_t	 flags;
	int8_t		 player_count;
	const char	*game_name;		/* cstr, <= 31 on encode */
	const char	*map_name;		/* cstr, <= 63 on encode */
};

struct mw_chat {				/* 7.6 chat blob */
	int16_t		 type;			/* 0 = chat line */
	int16_t		 length;		/* relayed as is; see helper */
	struct mw_rgb	 color;
	uint16_t	 flags;			/* A1: bit0 private */
	uint32_t	 player_id;
	uint32_t	 selected_player_id;
	const char	*sender;
	const char	*message;
};

/*
 * Iterator over a list payload (room, player, game, search, hub lists and
 * the fixed-size records of 20, 111, 112).  The decoders validate every
 * entry first, so the *_next() calls after a successful decode only
 * return 1 (entry stored) or 0 (end).
 */
struct mw_iter {
	const uint8_t	*p;
	size_t		 len;
	size_t		 off;
	size_t		 count;		/* entries in the payload */
	uint16_t	 type;		/* which packet the entries belong to */
};

/*
 * List builder: fills one packet entry by entry.  An add returns MW_OK,
 * MW_LIST_FULL when the entry would push the packet past the limit (the
 * entry was not added: end this packet, send it, begin again, re-add), or
 * an error (MW_E_NOSPACE if the entry cannot fit even an empty packet).
 * limit 0 means MW_MYTH_OUT_MAX; it counts the plaintext packet.
 */
struct mw_list {
	uint8_t		*out;
	size_t		 cap;		/* usable bytes: min(cap - 24, limit) */
	size_t		 len;		/* bytes written, header included */
	size_t		 count;		/* entries in this packet */
	uint16_t	 type;
};

int	mw_list_begin(struct mw_list *, uint16_t type, uint8_t *out,
	    size_t cap, size_t limit);
int	mw_list_add_room(struct mw_list *, const struct mw_room *);
int	mw_list_add_player(struct mw_list *, const struct mw_player_entry *);
int	mw_list_add_game(struct mw_list *, const struct mw_game_entry *);
int	mw_list_add_search(struct mw_list *, const struct mw_search_entry *);
int	mw_list_end(struct mw_list *, size_t *len_r);

/*
 * The mw_encode_<list>() calls below put n entries into one packet and
 * know no split limit (only cap): for lists that may grow, use mw_list_*.
 */

/* ---- login connection (README section 8) ---- */

struct mw_server_message {			/* 3 */
	int32_t		 code;			/* MW_MSG_* */
	const char	*text;
	size_t		 pad_to;		/* GoS pads the text to 128 */
};

enum mw_msg_code {
	MW_MSG_SYNTAX_ERROR = 0,
	MW_MSG_GAMES_NOT_ALLOWED = 1,
	MW_MSG_INVALID_VERSION = 2,
	MW_MSG_BAD_USER_OR_PASSWORD = 3,
	MW_MSG_USER_NOT_LOGGED_IN = 4,
	MW_MSG_BAD_METASERVER_VERSION = 5,
	MW_MSG_USER_ALREADY_LOGGED_IN = 6,
	MW_MSG_UNKNOWN_GAME_TYPE = 7,
	MW_MSG_LOGIN_SUCCESSFUL = 8,
	MW_MSG_LOGOUT_SUCCESSFUL = 9,
	MW_MSG_PLAYER_NOT_IN_ROOM = 10,
	MW_MSG_GAME_ALREADY_EXISTS = 11,
	MW_MSG_ACCOUNT_ALREADY_LOGGED_IN = 12,
	MW_MSG_ROOM_FULL = 13,
	MW_MSG_ACCOUNT_LOCKED = 14,
	MW_MSG_NOT_SUPPORTED = 15,
	MW_MSG_GUESTS_DISALLOWED = 16,		/* Myth build >= 428 only */
	MW_MSG_GUEST_NAME_TAKEN = 17		/* Myth build >= 428 only */
};

struct mw_url {					/* 4 (obsolete) */
	int32_t		 kind;
	const char	*message;
	const char	*url;
};

struct mw_data_chunk {				/* 5 and 108 (obsolete) */
	int32_t		 flags;			/* bit0 = last chunk */
	int32_t		 type;
	int32_t		 offset;
	const uint8_t	*data;
	size_t		 length;		/* the identifier's length */
};

struct mw_password_challenge {			/* 6 */
	int16_t		authentication_type;
	uint8_t		salt[MW_SALT_SIZE];
};

struct mw_user_successful_login {		/* 7 */
	int32_t		user_id;
	int16_t		order;
	int16_t		order_again;
	uint8_t		token[MW_TOKEN_SIZE];
};

struct mw_update_info {				/* 18, Myth meaning */
	int32_t		size;
	uint32_t	host;
	int16_t		port;
	int16_t		port_again;
};

struct mw_hub {					/* entry of 18, A1 meaning */
	uint16_t	hub_id;
	uint32_t	host;
	uint16_t	port;
};

struct mw_login {				/* 100, both layouts */
	int16_t			metaserver_version;
	int16_t			platform_type;
	uint32_t		flags;		/* bit0: store my player data */
	uint32_t		user_id;
	int16_t			max_authentication;
	int16_t			player_data_size; /* decode only */
	char			application[MW_NAME_FIELD];
	char			build_date[MW_NAME_FIELD];
	char			build_time[MW_NAME_FIELD];
	char			username[MW_NAME_FIELD];
	struct mw_player_data	player;
	int16_t			country_code;	/* Myth only */
};

struct mw_password_response {			/* 109 */
	uint8_t		key[MW_KEY_SIZE];	/* raw, zero padded */
	char		text[MW_KEY_SIZE + 1];	/* key up to its first NUL */
};

struct mw_version_control {			/* 115 */
	int32_t		platform_type;
	int32_t		application_version;
	int32_t		patch_number;
	int32_t		build_number;
};

struct mw_session_key {				/* 203: 4 little-endian words */
	uint8_t		key[MW_SESSION_KEY_SIZE];
};

/* 10, 21, 117 and the A1 meaning of 122: one cstr */
struct mw_text {
	const char	*text;
};

int	mw_decode_room_list(const uint8_t *p, size_t len, struct mw_iter *);
int	mw_room_list_next(struct mw_iter *, struct mw_room *);
int	mw_encode_room_list(uint8_t *out, size_t cap, size_t *len_r,
	    const struct mw_room *, size_t n);
int	mw_decode_server_message(const uint8_t *p, size_t len,
	    struct mw_server_message *);
int	mw_encode_server_message(uint8_t *out, size_t cap, size_t *len_r,
	    const struct mw_server_message *);
int	mw_decode_url(const uint8_t *p, size_t len, struct mw_url *);
int	mw_encode_url(uint8_t *out, size_t cap, size_t *len_r,
	    const struct mw_url *);
int	mw_decode_data_chunk(const uint8_t *p, size_t len,
	    struct mw_data_chunk *);
int	mw_encode_data_chunk(uint8_t *out, size_t cap, size_t *len_r,
	    const struct mw_data_chunk *);
int	mw_decode_data_chunk_reply(const uint8_t *p, size_t len,
	    struct mw_data_chunk *);
int	mw_encode_data_chunk_reply(uint8_t *out, size_t cap, size_t *len_r,
	    const struct mw_data_chunk *);
int	mw_decode_password_challenge(const uint8_t *p, size_t len,
	    struct mw_password_challenge *);
int	mw_encode_password_challenge(uint8_t *out, size_t cap, size_t *len_r,
	    const struct mw_password_challenge *);
int	mw_decode_user_successful_login(const uint8_t *p, size_t len,
	    struct mw_user_successful_login *);
int	mw_encode_user_successful_login(uint8_t *out, size_t cap,
	    size_t *len_r, const struct mw_user_successful_login *);
int	mw_decode_update_info(const uint8_t *p, size_t len,
	    struct mw_update_info *);
int	mw_encode_update_info(uint8_t *out, size_t cap, size_t *len_r,
	    const struct mw_update_info *);
int	mw_decode_remote_hub_list(const uint8_t *p, size_t len,
	    struct mw_iter *);
int	mw_remote_hub_list_next(struct mw_iter *, struct mw_hub *);
int	mw_encode_remote_hub_list(uint8_t *out, size_t cap, size_t *len_r,
	    const struct mw_hub *, size_t n);
int	mw_decode_login(const uint8_t *p, size_t len, enum mw_dialect,
	    struct mw_login *);
int	mw_encode_login(uint8_t *out, size_t cap, size_t *len_r,
	    enum mw_dialect, const struct mw_login *);
enum mw_dialect mw_login_dialect(const uint8_t *p, size_t len);
int	mw_decode_password_response(const uint8_t *p, size_t len,
	    enum mw_dialect, struct mw_password_response *);
int	mw_encode_password_response(uint8_t *out, size_t cap, size_t *len_r,
	    enum mw_dialect, const struct mw_password_response *);
int	mw_decode_version_control(const uint8_t *p, size_t len,
	    struct mw_version_control *);
int	mw_encode_version_control(uint8_t *out, size_t cap, size_t *len_r,
	    const struct mw_version_control *);
int	mw_decode_session_key(const uint8_t *p, size_t len,
	    struct mw_session_key *);
int	mw_encode_session_key(uint8_t *out, size_t cap, size_t *len_r,
	    const struct mw_session_key *);
int	mw_decode_remote_hub_request(const uint8_t *p, size_t len,
	    struct mw_text *);
int	mw_encode_remote_hub_request(uint8_t *out, size_t cap, size_t *len_r,
	    const struct mw_text *);

/* ---- players (README 7.2, 7.3, 8.8, 9.4, 9.9, 12) ---- */

struct mw_score {				/* 7.7 score datum, 48 bytes */
	int16_t		games_played, wins, losses, ties;
	int32_t		damage_inflicted, damage_received;
	int16_t		disconnects;
	int16_t		points, rank, highest_points, highest_rank;
	uint32_t	numerical_ranking;
};

struct mw_rank_pair {
	uint32_t	average, best;
};

struct mw_game_rank {				/* 7.7 game_rank_data, 72 */
	char			top_ranked_player[MW_NAME_FIELD];
	struct mw_rank_pair	points, games_played, wins;
	struct mw_rank_pair	damage_inflicted, damage_received;
};

struct mw_overall_ranking {			/* 7.7, 2600 bytes */
	uint32_t		total_users;
	uint32_t		total_orders;
	struct mw_game_rank	unranked, ranked;
	struct mw_game_rank	ranked_by_type[MW_GAME_TYPES];
	struct mw_game_rank	order_unranked, order_ranked;
	struct mw_game_rank	order_ranked_by_type[MW_GAME_TYPES];
};

struct mw_player_info {				/* 17 */
	uint32_t		 administrator_flag;
	uint32_t		 bungie_employee_flag;
	int16_t			 order_index;
	int16_t			 icon_index;
	struct mw_rgb		 primary, secondary;
	struct mw_score		 unranked, ranked;
	struct mw_score		 ranked_by_type[MW_GAME_TYPES];
	struct mw_score		 order_unranked, order_ranked;
	struct mw_score		 order_ranked_by_type[MW_GAME_TYPES];
	struct mw_overall_ranking overall;
	const char		*login, *name, *order_name;
	const char		*city, *state, *country, *quote;
};

struct mw_buddy {				/* 7.7 buddy_entry */
	uint32_t	player_id;
	uint8_t		active;		/* 0 inactive 1 unack. 2 active 3 off */
};

struct mw_buddy_list {				/* 19 */
	struct mw_buddy	buddies[MW_BUDDIES];
};

struct mw_order_member {			/* 7.7 order_member */
	uint32_t	player_id;
	uint32_t	online;
};

struct mw_update_buddy {			/* 120 */
	int32_t		buddy_id;
	uint32_t	add;
};

struct mw_player_info_query {			/* 121 */
	uint32_t	player_id;
};

struct mw_update_player_information {		/* 122, Myth meaning */
	const char	*city, *state, *country, *quote;
};

int	mw_decode_player_list(const uint8_t *p, size_t len, struct mw_iter *);
int	mw_player_list_next(struct mw_iter *, struct mw_player_entry *);
int	mw_encode_player_list(uint8_t *out, size_t cap, size_t *len_r,
	    const struct mw_player_entry *, size_t n);
int	mw_decode_set_player_data_from_metaserver(const uint8_t *p,
	    size_t len, struct mw_player_entry *);
int	mw_encode_set_player_data_from_metaserver(uint8_t *out, size_t cap,
	    size_t *len_r, const struct mw_player_entry *);
int	mw_decode_set_player_data(const uint8_t *p, size_t len,
	    struct mw_player_data *);
int	mw_encode_set_player_data(uint8_t *out, size_t cap, size_t *len_r,
	    const struct mw_player_data *);
/* 14, 15 and 16 share one layout; type selects the packet */
int	mw_decode_search_list(const uint8_t *p, size_t len, uint16_t type,
	    struct mw_iter *);
int	mw_search_list_next(struct mw_iter *, struct mw_search_entry *);
int	mw_encode_search_list(uint8_t *out, size_t cap, size_t *len_r,
	    uint16_t type, const struct mw_search_entry *, size_t n);
int	mw_decode_player_info(const uint8_t *p, size_t len,
	    struct mw_player_info *);
int	mw_encode_player_info(uint8_t *out, size_t cap, size_t *len_r,
	    const struct mw_player_info *);
int	mw_decode_update_player_buddy_list(const uint8_t *p, size_t len,
	    struct mw_buddy_list *);
int	mw_encode_update_player_buddy_list(uint8_t *out, size_t cap,
	    size_t *len_r, const struct mw_buddy_list *);
int	mw_decode_update_order_member_list(const uint8_t *p, size_t len,
	    struct mw_iter *);
int	mw_order_member_next(struct mw_iter *, struct mw_order_member *);
int	mw_encode_update_order_member_list(uint8_t *out, size_t cap,
	    size_t *len_r, const struct mw_order_member *, size_t n);
int	mw_decode_player_search_query(const uint8_t *p, size_t len,
	    struct mw_text *);
int	mw_encode_player_search_query(uint8_t *out, size_t cap,
	    size_t *len_r, const struct mw_text *);
int	mw_decode_update_buddy(const uint8_t *p, size_t len,
	    struct mw_update_buddy *);
int	mw_encode_update_buddy(uint8_t *out, size_t cap, size_t *len_r,
	    const struct mw_update_buddy *);
int	mw_decode_player_info_query(const uint8_t *p, size_t len,
	    struct mw_player_info_query *);
int	mw_encode_player_info_query(uint8_t *out, size_t cap, size_t *len_r,
	    const struct mw_player_info_query *);
int	mw_decode_update_player_information(const uint8_t *p, size_t len,
	    struct mw_update_player_information *);
int	mw_encode_update_player_information(uint8_t *out, size_t cap,
	    size_t *len_r, const struct mw_update_player_information *);

/* ---- room connection (README section 9, 13) ---- */

struct mw_room_login_successful {		/* 9 */
	uint32_t	user_id;
	int16_t		maximum_players_per_room;
};

struct mw_proxy_client_join {			/* 22 */
	uint16_t	port;
	char		host[MW_PROXY_HOST_SIZE];
	uint8_t		auth_token[16];
};

struct mw_room_login {				/* 101 */
	uint8_t		 token[MW_TOKEN_SIZE];
	const char	*name;
};

struct mw_change_room {				/* 106 */
	int16_t		room_id;
};

/* 107: a Myth decode ignores extra bytes, an A1 decode returns them */
struct mw_set_player_mode {			/* 107 */
	int16_t		 mode;			/* 0 listening, 1 deaf */
	const uint8_t	*session_id;		/* A1 only; Myth: none */
	size_t		 session_id_len;
};

struct mw_directed_data {			/* 201 */
	uint32_t	target_player_id;
	uint32_t	local_echo;
	struct mw_chat	chat;
};

int	mw_decode_room_login_successful(const uint8_t *p, size_t len,
	    struct mw_room_login_successful *);
int	mw_encode_room_login_successful(uint8_t *out, size_t cap,
	    size_t *len_r, const struct mw_room_login_successful *);
int	mw_decode_message_of_the_day(const uint8_t *p, size_t len,
	    struct mw_text *);
int	mw_encode_message_of_the_day(uint8_t *out, size_t cap, size_t *len_r,
	    const struct mw_text *);
int	mw_decode_you_just_got_blammed_sucka(const uint8_t *p, size_t len,
	    struct mw_text *);
int	mw_encode_you_just_got_blammed_sucka(uint8_t *out, size_t cap,
	    size_t *len_r, const struct mw_text *);
int	mw_decode_proxy_client_join(const uint8_t *p, size_t len,
	    struct mw_proxy_client_join *);
int	mw_encode_proxy_client_join(uint8_t *out, size_t cap, size_t *len_r,
	    const struct mw_proxy_client_join *);
int	mw_decode_room_login(const uint8_t *p, size_t len,
	    struct mw_room_login *);
int	mw_encode_room_login(uint8_t *out, size_t cap, size_t *len_r,
	    const struct mw_room_login *);
int	mw_decode_change_room(const uint8_t *p, size_t len,
	    struct mw_change_room *);
int	mw_encode_change_room(uint8_t *out, size_t cap, size_t *len_r,
	    const struct mw_change_room *);
int	mw_decode_set_player_mode(const uint8_t *p, size_t len,
	    enum mw_dialect, struct mw_set_player_mode *);
int	mw_encode_set_player_mode(uint8_t *out, size_t cap, size_t *len_r,
	    enum mw_dialect, const struct mw_set_player_mode *);
int	mw_decode_room_broadcast(const uint8_t *p, size_t len,
	    struct mw_chat *);
int	mw_encode_room_broadcast(uint8_t *out, size_t cap, size_t *len_r,
	    const struct mw_chat *);
int	mw_decode_directed_data(const uint8_t *p, size_t len,
	    struct mw_directed_data *);
int	mw_encode_directed_data(uint8_t *out, size_t cap, size_t *len_r,
	    const struct mw_directed_data *);
int16_t	mw_chat_blob_length(const struct mw_chat *);

/* ---- games (README sections 10, 12.6, 15) ---- */

struct mw_create_game {				/* 104 */
	uint16_t	 port;
	int16_t		 order;			/* Myth order flag; A1 hub id */
	const uint8_t	*data;			/* opaque game data (7.5) */
	size_t		 data_len;		/* <= MW_GAME_DATA_MAX */
};

struct mw_game_player_list {			/* 111 */
	uint32_t	game_id;
	struct mw_iter	players;		/* mw_game_player_next() */
};

struct mw_score_team {				/* 112 team record, 12 bytes */
	int16_t		place;
	int16_t		captain_player_index;
	int16_t		team_valid_flag;
	int16_t		team_eliminated_flag;
	int32_t		time_of_elimination;
};

struct mw_score_player {			/* 112 player record, 28 */
	int16_t		team_index;
	int16_t		player_finished_game_flag;
	int32_t		time_played;
	int32_t		units_killed;
	int32_t		units_lost;
	int32_t		points_killed;
	int32_t		points_lost;
	int32_t		bungie_net_player_id;
};

struct mw_game_score {				/* 112 */
	uint32_t		 game_id;
	int16_t			 game_ended_code;
	int16_t			 game_scoring;
	int32_t			 game_version;
	int32_t			 time_limit;
	int32_t			 actual_time_elapsed;
	int32_t			 reporting_player_id;
	int16_t			 number_of_players;
	int16_t			 number_of_teams;
	struct mw_score_team	 teams[MW_SCORE_TEAMS];
	struct mw_iter		 players;	/* decode: records, iterate */
	const struct mw_score_player *player_v;	/* encode: records */
	size_t			 player_n;	/* encode: record count */
};

struct mw_start_game {				/* 114 */
	int32_t		time;	/* Myth seconds; A1 ticks, INT32_MIN untimed */
};

struct mw_game_search_query {			/* 116 */
	int16_t		 game_type, game_scoring, veterans, unit_trading;
	int16_t		 teams, alliances, enemy_visibility;
	const char	*game_name;
	const char	*map_name;
};

struct mw_film_header {				/* 204, appended by receivers */
	const uint8_t	*data;
	size_t		 len;
};

struct mw_film_command {			/* 205 */
	int16_t		 size;			/* whole command, >= 8 */
	int8_t		 verb;
	int8_t		 player_index;
	int32_t		 time;
	const uint8_t	*details;		/* size - 8 bytes */
};

struct mw_film_end {				/* 206 */
	int32_t		end_time;
};

int	mw_decode_game_list(const uint8_t *p, size_t len, uint16_t type,
	    struct mw_iter *);
int	mw_game_list_next(struct mw_iter *, struct mw_game_entry *);
int	mw_encode_game_list(uint8_t *out, size_t cap, size_t *len_r,
	    uint16_t type, const struct mw_game_entry *, size_t n);
/* game data block only (no packet header); bytes after map name ignored */
int	mw_decode_game_data(const uint8_t *p, size_t len,
	    struct mw_game_desc *);
int	mw_encode_game_data(uint8_t *out, size_t cap, size_t *len_r,
	    const struct mw_game_desc *);
int	mw_decode_create_game(const uint8_t *p, size_t len,
	    struct mw_create_game *);
int	mw_encode_create_game(uint8_t *out, size_t cap, size_t *len_r,
	    const struct mw_create_game *);
int	mw_decode_game_player_list(const uint8_t *p, size_t len,
	    struct mw_game_player_list *);
int	mw_game_player_next(struct mw_iter *, int32_t *id_r);
int	mw_encode_game_player_list(uint8_t *out, size_t cap, size_t *len_r,
	    uint32_t game_id, const int32_t *ids, size_t n);
int	mw_decode_game_score(const uint8_t *p, size_t len,
	    struct mw_game_score *);
int	mw_score_player_next(struct mw_iter *, struct mw_score_player *);
int	mw_encode_game_score(uint8_t *out, size_t cap, size_t *len_r,
	    const struct mw_game_score *);
int	mw_decode_start_game(const uint8_t *p, size_t len,
	    struct mw_start_game *);
int	mw_encode_start_game(uint8_t *out, size_t cap, size_t *len_r,
	    const struct mw_start_game *);
int32_t	mw_start_game_seconds(const struct mw_start_game *, enum mw_dialect);
int	mw_decode_game_search_query(const uint8_t *p, size_t len,
	    struct mw_game_search_query *);
int	mw_encode_game_search_query(uint8_t *out, size_t cap, size_t *len_r,
	    const struct mw_game_search_query *);
int	mw_decode_recording_stream_header(const uint8_t *p, size_t len,
	    struct mw_film_header *);
int	mw_encode_recording_stream_header(uint8_t *out, size_t cap,
	    size_t *len_r, const struct mw_film_header *);
int	mw_decode_recording_stream_command(const uint8_t *p, size_t len,
	    struct mw_film_command *);
int	mw_encode_recording_stream_command(uint8_t *out, size_t cap,
	    size_t *len_r, const struct mw_film_command *);
int	mw_decode_recording_stream_end(const uint8_t *p, size_t len,
	    struct mw_film_end *);
int	mw_encode_recording_stream_end(uint8_t *out, size_t cap,
	    size_t *len_r, const struct mw_film_end *);

#endif /* MW_WIRE_H */
