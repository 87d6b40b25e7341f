/*
 * proto.c - tables expanded from MS_MSG_LIST and the header checks
 * every receiver runs before it dispatches a message.
 */
#include <sys/random.h>

#include <stddef.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "proto.h"

static const char *const role_names[MS_ROLE_MAX] = {
	"supervisor", "store", "game", "room", "gateway"
};

const char *
ms_msg_name(uint16_t type)
{
	switch (type) {
#define MS_NAME(name, num, from, to, size)	case num: return #name;
	MS_MSG_LIST(MS_NAME)
#undef MS_NAME
	}
	return "MS_UNKNOWN";
}

const char *
ms_role_name(uint32_t role)
{
	return role < MS_ROLE_MAX ? role_names[role] : "unknown";
}

int
ms_role_parse(const char *name)
{
	int	i;

	for (i = MS_ROLE_STORE; i < MS_ROLE_MAX; i++)
		if (strcmp(name, role_names[i]) == 0)
			return i;
	return -1;
}

uint32_t
ms_msg_payload_size(uint16_t type, int *known)
{
	*known = 1;
	switch (type) {
#define MS_SIZE(name, num, from, to, size)	case num: return (size);
	MS_MSG_LIST(MS_SIZE)
#undef MS_SIZE
	}
	*known = 0;
	return 0;
}

int
ms_msg_role_ok(uint16_t type, uint32_t role, int receiving)
{
	uint32_t	mask;

	if (role >= MS_ROLE_MAX)
		return -1;
	switch (type) {
#define MS_ROLES(name, num, from, to, size)				\
	case num: mask = receiving ? (to) : (from); break;
	MS_MSG_LIST(MS_ROLES)
#undef MS_ROLES
	default:
		return -1;
	}
	return (mask & (1u << role)) ? 0 : -1;
}

int
ms_hdr_check(const void *msg, size_t msglen, const char **why)
{
	struct ms_hdr	h;
	uint32_t	want;
	int		known;

	if (msglen < sizeof(h)) {
		*why = "shorter than a header";
		return -1;
	}
	if (msglen > MS_MSG_MAX) {
		*why = "larger than MS_MSG_MAX";
		return -1;
	}
	memcpy(&h, msg, sizeof(h));
	if (h.version != MS_PROTO_VERSION) {
		*why = "protocol version mismatch";
		return -1;
	}
	if (h.len != msglen - sizeof(h)) {
		*why = "length field does not match the message";
		return -1;
	}
	want = ms_msg_payload_size(h.type, &known);
	if (!known) {
		*why = "unknown message type";
		return -1;
	}
	if (want != MS_SIZE_VAR && want != h.len) {
		*why = "wrong payload size for its type";
		return -1;
	}
	if (h.epoch == 0) {
		*why = "zero epoch";
		return -1;
	}
	*why = NULL;
	return 0;
}

void
ms_hdr_fill(struct ms_hdr *h, uint16_t type, uint32_t reqid, uint32_t epoch,
    uint32_t seq, size_t plen)
{
	memset(h, 0, sizeof(*h));
	h->version = MS_PROTO_VERSION;
	h->type = type;
	h->len = (uint32_t)plen;
	h->reqid = reqid;
	h->epoch = epoch;
	h->seq = seq;
}

ssize_t
ms_msg_build(void *buf, size_t buflen, uint16_t type, uint32_t reqid,
    uint32_t epoch, uint32_t seq, const void *payload, size_t plen)
{
	struct ms_hdr	h;

	if (plen > MS_MSG_MAX - sizeof(h) || buflen < sizeof(h) + plen)
		return -1;
	ms_hdr_fill(&h, type, reqid, epoch, seq, plen);
	memcpy(buf, &h, sizeof(h));
	if (plen > 0)
		memcpy((char *)buf + sizeof(h), payload, plen);
	return (ssize_t)(sizeof(h) + plen);
}

int
ms_ctl_config_decode(const void *payload, size_t plen, uint32_t *gen_r,
    const uint8_t **secret_r, const char **text_r)
{
	struct ms_ctl_config	c;
	const char		*text;

	if (plen < sizeof(c) + 1)
		return -1;
	memcpy(&c, payload, sizeof(c));
	if ((size_t)c.text_len != plen - sizeof(c) - 1)
		return -1;
	text = (const char *)payload + sizeof(c);
	if (text[c.text_len] != '\0' || memchr(text, '\0', c.text_len) != NULL)
		return -1;
	*gen_r = c.generation;
	*secret_r = (const uint8_t *)payload +
	    offsetof(struct ms_ctl_config, secret);
	*text_r = text;
	return 0;
}

/* ms_epoch_new - a random non-zero start epoch for this process. */
uint32_t
ms_epoch_new(void)
{
	uint32_t	e = 0;

	while (e == 0) {
		if (getrandom(&e, sizeof(e), 0) != sizeof(e))
			e = (uint32_t)time(NULL) ^ ((uint32_t)getpid() << 16);
	}
	return e;
}
