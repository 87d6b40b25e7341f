/*
 * ctl.h - the control channel between the supervisor and one worker: an
 * AF_UNIX SOCK_SEQPACKET socketpair (fd 3 in the worker), one message
 * per datagram, the header and message list of proto.h.  Both ends are
 * non-blocking; a datagram is either sent whole or not at all.
 */
#ifndef MS_CTL_H
#define MS_CTL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "proto.h"

/*
 * ms_ctl_send - one message.  Returns 0, or -1 with errno (EAGAIN when
 * the peer's receive queue is full: the caller decides; the control
 * channel carries little, so a full queue means a stuck peer).
 */
int	ms_ctl_send(int fd, uint16_t type, uint32_t reqid, uint32_t epoch,
	    const void *payload, size_t plen);
/*
 * ms_ctl_recv - one message into buf (at least MS_MSG_MAX bytes).
 * Returns the message length, 0 on EOF (peer gone), -1 with errno
 * EAGAIN when nothing is pending, or -1 with errno EPROTO and *why set
 * when the message fails ms_hdr_check() or was truncated.
 */
ssize_t	ms_ctl_recv(int fd, void *buf, size_t cap, const char **why);
/* ms_ctl_socketpair - both ends non-blocking and close-on-exec. */
int	ms_ctl_socketpair(int sv[2]);

#endif /* MS_CTL_H */
