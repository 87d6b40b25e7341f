/* gw_svc.c - SCAFFOLD: replaced by the player services implementation. */
#include "gw.h"

int gw_svc_init(const struct ms_config *cfg) { (void)cfg; return 0; }
void gw_svc_fini(void) { }
int64_t gw_svc_tick(uint64_t now_ms) { (void)now_ms; return -1; }
void gw_svc_packet(struct gw_conn *c, uint16_t type, const uint8_t *p,
    size_t len) { (void)c; (void)type; (void)p; (void)len; }
void gw_svc_reply(struct wrk_link *l, const struct ms_hdr *h,
    const void *p) { (void)l; (void)h; (void)p; }
void gw_svc_link_reset(struct wrk_link *l) { (void)l; }
