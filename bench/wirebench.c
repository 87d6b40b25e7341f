/*
 * wirebench.c - throughput of the wire codec on one core: a buffer of
 * mixed packets (chat, private lines, player and game lists, logins,
 * keepalives, ...) is framed, decoded and re-encoded over and over for a
 * bounded time per run; prints packets/s per run and the median.  Makes
 * no claims about what the numbers should be.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "wire.h"

#define STREAM_SIZE	(256 * 1024)
#define OUT_SIZE	(MW_IN_MAX_CEILING + 64)
#define MAX_RUNS	50
#define ROUND_PLAYERS	12

static uint8_t	stream[STREAM_SIZE];
static size_t	stream_len;
static uint8_t	out[OUT_SIZE];
static uint8_t	game_data[MW_GAME_DATA_MAX];
static size_t	game_data_len;

static const struct mw_player_data sample_pd = {
	.coat_of_arms = 3, .primary = { 65280, 0, 0, 0 },
	.secondary = { 0, 0, 65280, 0 }, .order_index = -1,
	.game_version = 2180, .build_number = 428, .nick = "|bKnight",
	.team = "Legion",
};

static const struct mw_chat sample_chat = {
	.color = { 65535, 0, 0, 0 }, .player_id = 42,
	.sender = "|bKnight", .message = "anyone for a game of KotH?",
};

static double
now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* append - account for one encoded packet; stop on a failed encode */
static void
append(int rc, const size_t *len)
{
	if (rc != MW_OK) {
		fprintf(stderr, "wirebench: encode: %s\n", mw_strerror(rc));
		exit(1);
	}
	stream_len += *len;
}

#define ROOM()	(stream + stream_len), (STREAM_SIZE - stream_len)

static void
add_game_data(void)
{
	struct mw_game_desc	g = { .scoring = 9, .option_flags = 16386,
	    .time_limit = 36000, .maximum_players = 8, .maximum_teams = 4,
	    .player_count = 2, .game_name = "KotH 2v2", .map_name = "Gnarl" };

	if (mw_encode_game_data(game_data, sizeof(game_data), &game_data_len,
	    &g) != MW_OK)
		exit(1);
}

static void
add_lists(void)
{
	struct mw_player_entry	pe[ROUND_PLAYERS];
	struct mw_game_entry	ge = { { .game_id = 42, .host = 0xcb007107,
	    .port = 3453, .seconds_remaining = -1 }, game_data, 0 };
	struct mw_room		rooms[4] = { { .room_id = 0, .port = 6323 },
	    { .room_id = 1, .port = 6324 }, { .room_id = 2, .port = 6325 },
	    { .room_id = 26, .port = 6335 } };
	size_t			i, len;

	for (i = 0; i < ROUND_PLAYERS; i++) {
		memset(&pe[i].aux, 0, sizeof(pe[i].aux));
		pe[i].aux.player_id = (uint32_t)(100 + i);
		pe[i].data = sample_pd;
	}
	ge.data_len = game_data_len;
	append(mw_encode_player_list(ROOM(), &len, pe, ROUND_PLAYERS), &len);
	append(mw_encode_player_list(ROOM(), &len, pe, 1), &len);
	append(mw_encode_game_list(ROOM(), &len, MW_T_GAME_LIST, &ge, 1),
	    &len);
	append(mw_encode_room_list(ROOM(), &len, rooms, 4), &len);
}

static void
add_login(void)
{
	struct mw_login		l = { .platform_type = 201, .flags = 1,
	    .application = "MYTH2", .username = "knight",
	    .player = sample_pd };
	struct mw_version_control	v = { 201, 2180, 0, 428 };
	size_t			len;

	append(mw_encode_login(ROOM(), &len, MW_DIALECT_MYTH, &l), &len);
	append(mw_encode_version_control(ROOM(), &len, &v), &len);
}

/* build_round - one "typical" slice of room traffic, mostly chat */
static void
build_round(void)
{
	struct mw_directed_data		d = { 43, 1, sample_chat };
	struct mw_text			motd = { "Welcome to the room." };
	struct mw_set_player_mode	mode = { 1, NULL, 0 };
	struct mw_create_game		cg = { 3453, 0, game_data, 0 };
	size_t				len, i;

	cg.data_len = game_data_len;
	for (i = 0; i < 8; i++)
		append(mw_encode_room_broadcast(ROOM(), &len, &sample_chat),
		    &len);
	append(mw_encode_directed_data(ROOM(), &len, &d), &len);
	append(mw_encode_keepalive(ROOM(), &len), &len);
	append(mw_encode_keepalive(ROOM(), &len), &len);
	append(mw_encode_message_of_the_day(ROOM(), &len, &motd), &len);
	append(mw_encode_set_player_mode(ROOM(), &len, MW_DIALECT_MYTH,
	    &mode), &len);
	append(mw_encode_create_game(ROOM(), &len, &cg), &len);
	add_lists();
	add_login();
}

static size_t
build_stream(void)
{
	size_t	rounds = 0;

	add_game_data();
	while (STREAM_SIZE - stream_len > 16 * 1024) {
		build_round();
		rounds++;
	}
	return rounds;
}

static int
redo_player_list(const struct mw_frame *f)
{
	struct mw_iter		it;
	struct mw_player_entry	e;
	struct mw_list		l;
	size_t			len;
	int			rc;

	if ((rc = mw_decode_player_list(f->payload, f->len, &it)) != MW_OK)
		return rc;
	mw_list_begin(&l, MW_T_PLAYER_LIST, out, sizeof(out), 0);
	while (mw_player_list_next(&it, &e) == 1)
		if ((rc = mw_list_add_player(&l, &e)) != MW_OK)
			return rc;
	return mw_list_end(&l, &len);
}

static int
redo_game_list(const struct mw_frame *f)
{
	struct mw_iter		it;
	struct mw_game_entry	e;
	struct mw_list		l;
	size_t			len;
	int			rc;

	if ((rc = mw_decode_game_list(f->payload, f->len, f->type,
	    &it)) != MW_OK)
		return rc;
	mw_list_begin(&l, f->type, out, sizeof(out), 0);
	while (mw_game_list_next(&it, &e) == 1)
		if ((rc = mw_list_add_game(&l, &e)) != MW_OK)
			return rc;
	return mw_list_end(&l, &len);
}

static int
redo_room_list(const struct mw_frame *f)
{
	struct mw_iter	it;
	struct mw_room	r;
	struct mw_list	l;
	size_t		len;
	int		rc;

	if ((rc = mw_decode_room_list(f->payload, f->len, &it)) != MW_OK)
		return rc;
	mw_list_begin(&l, MW_T_ROOM_LIST, out, sizeof(out), 0);
	while (mw_room_list_next(&it, &r) == 1)
		if ((rc = mw_list_add_room(&l, &r)) != MW_OK)
			return rc;
	return mw_list_end(&l, &len);
}

static int
redo_chat(const struct mw_frame *f)
{
	struct mw_chat	c;
	size_t		len;
	int		rc;

	if ((rc = mw_decode_room_broadcast(f->payload, f->len, &c)) != MW_OK)
		return rc;
	return mw_encode_room_broadcast(out, sizeof(out), &len, &c);
}

static int
redo_directed(const struct mw_frame *f)
{
	struct mw_directed_data	d;
	size_t			len;
	int			rc;

	if ((rc = mw_decode_directed_data(f->payload, f->len, &d)) != MW_OK)
		return rc;
	return mw_encode_directed_data(out, sizeof(out), &len, &d);
}

static int
redo_login(const struct mw_frame *f)
{
	struct mw_login	l;
	size_t		len;
	int		rc;

	if ((rc = mw_decode_login(f->payload, f->len, MW_DIALECT_MYTH,
	    &l)) != MW_OK)
		return rc;
	return mw_encode_login(out, sizeof(out), &len, MW_DIALECT_MYTH, &l);
}

static int
redo_version(const struct mw_frame *f)
{
	struct mw_version_control	v;
	size_t				len;
	int				rc;

	if ((rc = mw_decode_version_control(f->payload, f->len, &v)) != MW_OK)
		return rc;
	return mw_encode_version_control(out, sizeof(out), &len, &v);
}

static int
redo_motd(const struct mw_frame *f)
{
	struct mw_text	t;
	size_t		len;
	int		rc;

	if ((rc = mw_decode_message_of_the_day(f->payload, f->len,
	    &t)) != MW_OK)
		return rc;
	return mw_encode_message_of_the_day(out, sizeof(out), &len, &t);
}

static int
redo_mode(const struct mw_frame *f)
{
	struct mw_set_player_mode	m;
	size_t				len;
	int				rc;

	if ((rc = mw_decode_set_player_mode(f->payload, f->len,
	    MW_DIALECT_MYTH, &m)) != MW_OK)
		return rc;
	return mw_encode_set_player_mode(out, sizeof(out), &len,
	    MW_DIALECT_MYTH, &m);
}

static int
redo_create_game(const struct mw_frame *f)
{
	struct mw_create_game	c;
	size_t			len;
	int			rc;

	if ((rc = mw_decode_create_game(f->payload, f->len, &c)) != MW_OK)
		return rc;
	return mw_encode_create_game(out, sizeof(out), &len, &c);
}

static int
redo_keepalive(const struct mw_frame *f)
{
	size_t	len;
	int	rc;

	if ((rc = mw_decode_keepalive(f->payload, f->len)) != MW_OK)
		return rc;
	return mw_encode_keepalive(out, sizeof(out), &len);
}

/* redo - decode one packet and encode it again, as a relay would */
static int
redo(const struct mw_frame *f)
{
	switch (f->type) {
	case MW_T_PLAYER_LIST:
		return redo_player_list(f);
	case MW_T_GAME_LIST:
		return redo_game_list(f);
	case MW_T_ROOM_LIST:
		return redo_room_list(f);
	case MW_T_ROOM_BROADCAST:
		return redo_chat(f);
	case MW_T_DIRECTED_DATA:
		return redo_directed(f);
	case MW_T_LOGIN:
		return redo_login(f);
	case MW_T_VERSION_CONTROL:
		return redo_version(f);
	case MW_T_MESSAGE_OF_THE_DAY:
		return redo_motd(f);
	case MW_T_SET_PLAYER_MODE:
		return redo_mode(f);
	case MW_T_CREATE_GAME:
		return redo_create_game(f);
	case MW_T_KEEPALIVE:
		return redo_keepalive(f);
	}
	return MW_E_TYPE;
}

/* pass - frame, decode and re-encode the whole stream once */
static size_t
pass(void)
{
	struct mw_frame	f;
	size_t		off, n = 0;
	int		rc;

	for (off = 0; off < stream_len; off += f.size, n++) {
		rc = mw_frame_next(stream + off, stream_len - off, NULL, &f);
		if (rc == MW_OK)
			rc = redo(&f);
		if (rc != MW_OK) {
			fprintf(stderr, "wirebench: packet %zu (%s): %s\n", n,
			    mw_type_name(f.type), mw_strerror(rc));
			exit(1);
		}
	}
	return n;
}

static double
run(double seconds)
{
	double	start = now(), el;
	size_t	pkts = 0;

	do {
		pkts += pass();
		el = now() - start;
	} while (el < seconds);
	return (double)pkts / el;
}

static int
cmp_double(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void
usage(void)
{
	fprintf(stderr, "usage: mythmeta-wirebench [-r runs] [-t seconds]\n");
	exit(2);
}

int
main(int argc, char *argv[])
{
	double	rate[MAX_RUNS], seconds = 1.0;
	int	ch, runs = 5, i;
	size_t	rounds;

	while ((ch = getopt(argc, argv, "r:t:")) != -1) {
		if (ch == 'r')
			runs = atoi(optarg);
		else if (ch == 't')
			seconds = atof(optarg);
		else
			usage();
	}
	if (runs < 1 || runs > MAX_RUNS || seconds <= 0)
		usage();
	rounds = build_stream();
	printf("wirebench: %zu bytes, %zu packets per pass (%zu rounds)\n",
	    stream_len, pass(), rounds);
	for (i = 0; i < runs; i++) {
		rate[i] = run(seconds);
		printf("run %d: %.0f packets/s\n", i + 1, rate[i]);
	}
	qsort(rate, (size_t)runs, sizeof(rate[0]), cmp_double);
	printf("median: %.0f packets/s (decode + re-encode, one core)\n",
	    rate[runs / 2]);
	return 0;
}
