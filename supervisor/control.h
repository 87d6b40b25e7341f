/*
 * control.h - the supervisor's control socket for mythmetactl(8): one
 * command per SOCK_SEQPACKET datagram, NUL-separated words; one answer
 * per datagram, a status byte then text.  Commands about accounts go to
 * the store worker, commands about players in rooms to every room
 * worker; status and reload are answered here.
 */
#ifndef SUP_CONTROL_H
#define SUP_CONTROL_H

#include <stdint.h>

#define CTLSOCK_MSG_MAX		8192	/* one command or one answer */
#define CTLSOCK_CLIENTS_CEIL	256	/* supervisor.control_clients' max */
#define CTLSOCK_ARGS_MAX	32

/* Answer status byte (the text follows it). */
#define CTLSOCK_OK		0
#define CTLSOCK_FAIL		1	/* refused, not found, timed out */
#define CTLSOCK_USAGE		2	/* unknown command or bad words */

struct sup_child;

int	sup_control_open(const char *path);
void	sup_control_start(void);
void	sup_control_close(const char *path);
/* A worker answered an MS_CTL_ADMIN (or went away: status -1). */
void	sup_control_reply(struct sup_child *, uint32_t reqid, int32_t status,
	    const char *text);
void	sup_control_child_gone(struct sup_child *);

#endif /* SUP_CONTROL_H */
