/* gw_game.c - SCAFFOLD: replaced by the games implementation. */
#include "gw.h"

int gw_game_init(const struct ms_config *cfg) { (void)cfg; return 0; }
void gw_game_fini(void) { }
int64_t gw_game_tick(uint64_t now_ms) { (void)now_ms; return -1; }
void gw_game_packet(struct gw_conn *c, uint16_t type, const uint8_t *p,
    size_t len) { (void)c; (void)type; (void)p; (void)len; }
void gw_game_end(struct gw_conn *c) { (void)c; }
void gw_game_list(uint16_t t, const void *p, size_t len)
{ (void)t; (void)p; (void)len; }
void gw_game_score_rep(const void *p) { (void)p; }
void gw_game_gone(const void *p) { (void)p; }
void gw_game_replay(struct wrk_link *l) { (void)l; }
