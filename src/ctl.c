/*
 * ctl.c - send and receive on the supervisor <-> worker control channel.
 * SOCK_SEQPACKET keeps message boundaries, so a short read means a
 * datagram larger than our buffer: that is a protocol violation.
 */
#include <sys/socket.h>
#include <sys/uio.h>

#include <errno.h>
#include <string.h>

#include "ctl.h"

int
ms_ctl_socketpair(int sv[2])
{
	return socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, 0, sv);
}

int
ms_ctl_send(int fd, uint16_t type, uint32_t reqid, uint32_t epoch,
    const void *payload, size_t plen)
{
	struct ms_hdr	h;
	struct iovec	iov[2];
	struct msghdr	mh;
	ssize_t		n;

	if (plen > MS_MSG_MAX - sizeof(h)) {
		errno = EMSGSIZE;
		return -1;
	}
	ms_hdr_fill(&h, type, reqid, epoch, 0, plen);
	iov[0].iov_base = &h;
	iov[0].iov_len = sizeof(h);
	iov[1].iov_base = (void *)(uintptr_t)payload;
	iov[1].iov_len = plen;
	memset(&mh, 0, sizeof(mh));
	mh.msg_iov = iov;
	mh.msg_iovlen = plen > 0 ? 2 : 1;
	do {
		n = sendmsg(fd, &mh, MSG_NOSIGNAL);
	} while (n == -1 && errno == EINTR);
	if (n == -1)
		return -1;
	return 0;
}

ssize_t
ms_ctl_recv(int fd, void *buf, size_t cap, const char **why)
{
	struct iovec	iov;
	struct msghdr	mh;
	ssize_t		n;

	iov.iov_base = buf;
	iov.iov_len = cap;
	memset(&mh, 0, sizeof(mh));
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	do {
		n = recvmsg(fd, &mh, MSG_DONTWAIT);
	} while (n == -1 && errno == EINTR);
	if (n <= 0)
		return n;
	if (mh.msg_flags & MSG_TRUNC) {
		*why = "datagram larger than MS_MSG_MAX";
		errno = EPROTO;
		return -1;
	}
	if (ms_hdr_check(buf, (size_t)n, why) == -1) {
		errno = EPROTO;
		return -1;
	}
	return n;
}
