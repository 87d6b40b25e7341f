/*
 * mb_out.c - the figures of a run, derived once from the merged result
 * and the daemon samples, then printed as text for people or as one
 * JSON object (-j) for scripts.  Rates are per second of the measured
 * window, except the login rate outside -L (per second of login phase).
 * The game figures (-G, -g) are printed only when games were hosted.
 */
#include <stdio.h>

#include "mb.h"

struct figs {
	double		login_s;	/* time base of the login rate */
	double		logins;		/* completed in that time */
	double		login_rate;
	double		chat_rate, pm_rate;
	double		deliv_rate, pm_deliv_rate;
	uint64_t	expected;
	double		ratio;		/* delivered / expected; -1 n/a */
	int		daemon;		/* both samples taken */
	double		cpu_s;		/* daemon, over the window */
	double		cpu_us_per;	/* per delivery (-L: per login) */
	double		rss_per_client;	/* KiB; -1 n/a */
	double		bench_cpu_s;
	int		games;		/* the game scenario ran */
	double		update_rate;	/* 104s sent per second */
	double		seen_rate;	/* timed changes received per second */
	uint64_t	game_expected;
	double		game_ratio;	/* delivered / expected; -1 n/a */
	double		result_rate;	/* "Game result recorded." per second */
	double		start_rate;
};

static void	text_chat(FILE *, const struct mb_summary *,
		    const struct figs *);
static void	text_games(FILE *, const struct mb_summary *,
		    const struct figs *);

static double
ms(uint64_t ns)
{
	return (double)ns / 1e6;
}

static double
per(double n, double d)
{
	return d > 0 ? n / d : 0;
}

static void
login_figs(const struct mb_summary *sm, struct figs *f)
{
	const struct mb_result	*r = &sm->r;

	if (sm->o->mode == MB_M_LOGIN) {
		f->login_s = sm->o->duration;
		f->logins = (double)r->logins_window;
	} else {
		f->login_s = r->t_login_end > r->t_login_start ?
		    (double)(r->t_login_end - r->t_login_start) / 1e9 : 0;
		f->logins = (double)r->login_ok;
	}
	f->login_rate = per(f->logins, f->login_s);
}

static void
daemon_figs(const struct mb_summary *sm, struct figs *f)
{
	const struct mb_result	*r = &sm->r;
	double			 work;

	f->rss_per_client = -1;
	f->daemon = sm->d_before.ok && sm->d_after.ok;
	if (!f->daemon)
		return;
	f->cpu_s = mb_ticks_to_s(sm->d_after.cpu_ticks -
	    sm->d_before.cpu_ticks);
	work = sm->o->mode == MB_M_LOGIN ? (double)r->logins_window :
	    (double)(r->deliveries + r->pm_deliveries);
	f->cpu_us_per = work > 0 ? f->cpu_s * 1e6 / work : 0;
	if (sm->d_start.ok && sm->o->mode != MB_M_LOGIN && r->login_ok > 0)
		f->rss_per_client = ((double)sm->d_after.rss_kib -
		    (double)sm->d_start.rss_kib) / (double)r->login_ok;
}

static void
figs(const struct mb_summary *sm, struct figs *f)
{
	const struct mb_result	*r = &sm->r;
	double			 d = sm->o->duration;

	login_figs(sm, f);
	f->chat_rate = per((double)r->chats_sent, d);
	f->pm_rate = per((double)r->pms_sent, d);
	f->deliv_rate = per((double)r->deliveries, d);
	f->pm_deliv_rate = per((double)r->pm_deliveries, d);
	f->expected = mb_result_expected(r);
	f->ratio = f->expected > 0 ?
	    (double)r->delivered / (double)f->expected : -1;
	f->bench_cpu_s = (double)r->cpu_ns / 1e9;
	f->games = mb_opts_games(sm->o) > 0;
	f->update_rate = per((double)r->game_updates, d);
	f->seen_rate = per((double)r->game_seen, d);
	f->game_expected = mb_result_game_expected(r);
	f->game_ratio = f->game_expected > 0 ?
	    (double)r->game_delivered / (double)f->game_expected : -1;
	f->result_rate = per((double)r->recorded, d);
	f->start_rate = per((double)r->starts, d);
	daemon_figs(sm, f);
}

static void
text_latency(FILE *fp, const char *what, const struct mb_hist *h)
{
	if (h->count == 0) {
		fprintf(fp, "  %-13s none measured\n", what);
		return;
	}
	fprintf(fp, "  %-13s p50 %.3f ms, p99 %.3f ms, p99.9 %.3f ms, "
	    "max %.3f ms (%llu)\n", what, ms(mb_hist_pct(h, 0.5)),
	    ms(mb_hist_pct(h, 0.99)), ms(mb_hist_pct(h, 0.999)), ms(h->max),
	    (unsigned long long)h->count);
}

static void
text_errors(FILE *fp, const struct mb_result *r)
{
	int	i;

	fprintf(fp, "  %-13s", "errors");
	for (i = 0; i < MB_E_COUNT; i++)
		fprintf(fp, "%s %s %llu", i ? "," : "", mb_err_name(i),
		    (unsigned long long)r->errors[i]);
	fprintf(fp, "\n");
}

static void
text_daemon(FILE *fp, const struct mb_summary *sm, const struct figs *f)
{
	if (!f->daemon) {
		fprintf(fp, "  %-13s not sampled (-s pid or -f pidfile)\n",
		    "daemon");
		return;
	}
	fprintf(fp, "  %-13s pid %ld, %u processes: cpu %.2f s, %.2f us per "
	    "%s, rss %llu KiB", "daemon", (long)sm->sup_pid,
	    sm->d_after.nproc, f->cpu_s, f->cpu_us_per,
	    sm->o->mode == MB_M_LOGIN ? "login" : "delivery",
	    (unsigned long long)sm->d_after.rss_kib);
	if (f->rss_per_client >= 0)
		fprintf(fp, " (%llu before logins, %.1f KiB per client)",
		    (unsigned long long)sm->d_start.rss_kib,
		    f->rss_per_client);
	fprintf(fp, "\n");
	if (sm->d_before.nproc != sm->d_after.nproc)
		fprintf(fp, "  %-13s daemon processes changed during the "
		    "window (%u -> %u): cpu is low\n", "warning",
		    sm->d_before.nproc, sm->d_after.nproc);
}

void
mb_out_text(FILE *fp, const struct mb_summary *sm)
{
	const struct mb_opts	*o = sm->o;
	const struct mb_result	*r = &sm->r;
	struct figs		 f;

	figs(sm, &f);
	fprintf(fp, "mythmeta-bench: %s, %u users (%s), %u processes, "
	    "%s:%u, %.1f s window after %.1f s warmup\n", mb_mode_name(o->mode),
	    o->users, mb_dialect_name(o->dialect), sm->procs_ok, o->host,
	    o->login_port, o->duration, o->warmup);
	fprintf(fp, "  %-13s %.0f in %.3f s = %.1f logins/s (%llu attempts; "
	    "in rooms: %llu myth, %llu alephone)\n", "logins", f.logins,
	    f.login_s, f.login_rate, (unsigned long long)r->login_attempts,
	    (unsigned long long)r->users_myth,
	    (unsigned long long)r->users_alephone);
	text_latency(fp, "login time", &r->login);
	if (o->mode == MB_M_CHAT)
		text_chat(fp, sm, &f);
	if (f.games)
		text_games(fp, sm, &f);
	text_errors(fp, r);
	text_daemon(fp, sm, &f);
	fprintf(fp, "  %-13s cpu %.2f s (all workers, whole run)\n", "bench",
	    f.bench_cpu_s);
}

static void
text_chat(FILE *fp, const struct mb_summary *sm, const struct figs *f)
{
	const struct mb_opts	*o = sm->o;
	const struct mb_result	*r = &sm->r;

	fprintf(fp, "  %-13s %.1f lines/s asked, %.1f sent/s, %llu skipped\n",
	    "chat", o->chat_rate, f->chat_rate,
	    (unsigned long long)r->chats_skipped);
	fprintf(fp, "  %-13s %.1f /s, %.4f of expected (%llu of %llu)\n",
	    "deliveries", f->deliv_rate, f->ratio,
	    (unsigned long long)r->delivered, (unsigned long long)f->expected);
	text_latency(fp, "latency", &r->chat);
	fprintf(fp, "  %-13s %.1f sent/s, %.1f delivered/s\n", "private",
	    f->pm_rate, f->pm_deliv_rate);
	text_latency(fp, "pm latency", &r->pm);
}

static void
text_games(FILE *fp, const struct mb_summary *sm, const struct figs *f)
{
	const struct mb_opts	*o = sm->o;
	const struct mb_result	*r = &sm->r;

	fprintf(fp, "  %-13s %llu hosts in rooms of %u asked, %.1f updates "
	    "each per s asked\n", "games", (unsigned long long)r->hosts,
	    mb_opts_games(o), o->update_rate);
	fprintf(fp, "  %-13s %.1f sent/s, %llu skipped; %.1f changes "
	    "received/s, %.4f of expected (%llu of %llu)\n", "updates",
	    f->update_rate, (unsigned long long)r->game_skipped, f->seen_rate,
	    f->game_ratio, (unsigned long long)r->game_delivered,
	    (unsigned long long)f->game_expected);
	text_latency(fp, "list latency", &r->game);
	if (o->score_rate == 0)
		return;
	fprintf(fp, "  %-13s %.1f recorded/s (%llu), %.1f starts/s, %llu "
	    "scores sent, %llu unanswered\n", "results", f->result_rate,
	    (unsigned long long)r->recorded, f->start_rate,
	    (unsigned long long)r->scores,
	    (unsigned long long)r->score_timeouts);
	text_latency(fp, "score cycle", &r->cycle);
}

static void
json_hist(FILE *fp, const char *key, const struct mb_hist *h)
{
	fprintf(fp, "\"%s\":{\"count\":%llu,\"p50\":%.4f,\"p99\":%.4f,"
	    "\"p999\":%.4f,\"max\":%.4f,\"mean\":%.4f}", key,
	    (unsigned long long)h->count, ms(mb_hist_pct(h, 0.5)),
	    ms(mb_hist_pct(h, 0.99)), ms(mb_hist_pct(h, 0.999)),
	    h->count ? ms(h->max) : 0, mb_hist_mean(h) / 1e6);
}

static void
json_errors(FILE *fp, const struct mb_result *r)
{
	int	i;

	fprintf(fp, "\"errors\":{");
	for (i = 0; i < MB_E_COUNT; i++)
		fprintf(fp, "%s\"%s\":%llu", i ? "," : "", mb_err_name(i),
		    (unsigned long long)r->errors[i]);
	fprintf(fp, "}");
}

static void
json_daemon(FILE *fp, const struct mb_summary *sm, const struct figs *f)
{
	if (!f->daemon) {
		fprintf(fp, "\"daemon\":null");
		return;
	}
	fprintf(fp, "\"daemon\":{\"pid\":%ld,\"processes\":%u,"
	    "\"processes_before\":%u,\"cpu_s\":%.4f,\"cpu_us_per_op\":%.4f,"
	    "\"rss_kib\":%llu,\"rss_start_kib\":%llu,", (long)sm->sup_pid,
	    sm->d_after.nproc, sm->d_before.nproc, f->cpu_s, f->cpu_us_per,
	    (unsigned long long)sm->d_after.rss_kib,
	    (unsigned long long)sm->d_start.rss_kib);
	if (f->rss_per_client >= 0)
		fprintf(fp, "\"rss_per_client_kib\":%.3f}", f->rss_per_client);
	else
		fprintf(fp, "\"rss_per_client_kib\":null}");
}

static void
json_head(FILE *fp, const struct mb_summary *sm, const struct figs *f)
{
	const struct mb_opts	*o = sm->o;
	const struct mb_result	*r = &sm->r;

	fprintf(fp, "{\"mode\":\"%s\",\"users\":%u,\"procs\":%u,"
	    "\"dialect\":\"%s\",\"duration_s\":%.3f,\"warmup_s\":%.3f,"
	    "\"chat_rate\":%.3f,\"pm_rate\":%.3f,", mb_mode_name(o->mode),
	    o->users, sm->procs_ok, mb_dialect_name(o->dialect), o->duration,
	    o->warmup, o->chat_rate, o->pm_rate);
	fprintf(fp, "\"login_ok\":%llu,\"login_attempts\":%llu,"
	    "\"users_myth\":%llu,\"users_alephone\":%llu,"
	    "\"login_seconds\":%.4f,\"logins_per_s\":%.2f,",
	    (unsigned long long)r->login_ok,
	    (unsigned long long)r->login_attempts,
	    (unsigned long long)r->users_myth,
	    (unsigned long long)r->users_alephone, f->login_s, f->login_rate);
}

/*
 * json_games - flat keys, game_ or result_ first, and the histograms
 * last: scripts cut an object at its first closing brace.
 */
static void
json_games(FILE *fp, const struct mb_summary *sm, const struct figs *f)
{
	const struct mb_result	*r = &sm->r;
	const struct mb_opts	*o = sm->o;

	fprintf(fp, "\"games\":%u,\"game_hosts\":%llu,"
	    "\"game_update_rate\":%.3f,\"score_rate\":%.3f,"
	    "\"game_updates\":%llu,\"game_updates_per_s\":%.2f,"
	    "\"game_updates_skipped\":%llu,\"game_changes_seen\":%llu,"
	    "\"game_changes_per_s\":%.2f,\"game_delivered\":%llu,"
	    "\"game_expected\":%llu,\"game_delivery_ratio\":%.5f,",
	    mb_opts_games(o), (unsigned long long)r->hosts, o->update_rate,
	    o->score_rate, (unsigned long long)r->game_updates,
	    f->update_rate, (unsigned long long)r->game_skipped,
	    (unsigned long long)r->game_seen, f->seen_rate,
	    (unsigned long long)r->game_delivered,
	    (unsigned long long)f->game_expected, f->game_ratio);
	fprintf(fp, "\"result_starts\":%llu,\"result_scores\":%llu,"
	    "\"results_recorded\":%llu,\"results_per_s\":%.2f,"
	    "\"result_timeouts\":%llu,", (unsigned long long)r->starts,
	    (unsigned long long)r->scores, (unsigned long long)r->recorded,
	    f->result_rate, (unsigned long long)r->score_timeouts);
	json_hist(fp, "game_latency_ms", &r->game);
	fprintf(fp, ",");
	json_hist(fp, "score_cycle_ms", &r->cycle);
}

void
mb_out_json(FILE *fp, const struct mb_summary *sm)
{
	const struct mb_result	*r = &sm->r;
	struct figs		 f;

	figs(sm, &f);
	json_head(fp, sm, &f);
	fprintf(fp, "\"chats_sent\":%llu,\"chats_per_s\":%.2f,"
	    "\"chats_skipped\":%llu,\"deliveries\":%llu,"
	    "\"deliveries_per_s\":%.2f,\"delivered\":%llu,\"expected\":%llu,"
	    "\"delivery_ratio\":%.5f,\"pms_sent\":%llu,\"pms_per_s\":%.2f,"
	    "\"pm_deliveries_per_s\":%.2f,",
	    (unsigned long long)r->chats_sent, f.chat_rate,
	    (unsigned long long)r->chats_skipped,
	    (unsigned long long)r->deliveries, f.deliv_rate,
	    (unsigned long long)r->delivered, (unsigned long long)f.expected,
	    f.ratio, (unsigned long long)r->pms_sent, f.pm_rate,
	    f.pm_deliv_rate);
	json_hist(fp, "login_ms", &r->login);
	fprintf(fp, ",");
	json_hist(fp, "latency_ms", &r->chat);
	fprintf(fp, ",");
	json_hist(fp, "pm_latency_ms", &r->pm);
	fprintf(fp, ",");
	json_games(fp, sm, &f);
	fprintf(fp, ",");
	json_errors(fp, r);
	fprintf(fp, ",");
	json_daemon(fp, sm, &f);
	fprintf(fp, ",\"bench_cpu_s\":%.4f}\n", f.bench_cpu_s);
}
