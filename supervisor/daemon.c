/*
 * daemon.c - classic Unix daemon chores for the supervisor: the locked
 * pidfile that keeps a second instance out, detaching from the
 * terminal, resolving the unprivileged user, and the runtime directory
 * where the workers' ipc:// sockets live.
 */
#include <sys/file.h>
#include <sys/stat.h>

#include <dirent.h>
#include <limits.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "sup.h"

/*
 * sup_pidfile_open - create and lock the pidfile.  The flock is held
 * through daemonize() (it belongs to the open file description, which
 * the detached child shares) and released only when the process exits.
 */
int
sup_pidfile_open(const char *path)
{
	char	buf[32];
	ssize_t	n;
	int	fd;

	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd == -1) {
		fprintf(stderr, "mythmetad: pidfile %s: %s\n", path,
		    strerror(errno));
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) == 0)
		return fd;
	n = pread(fd, buf, sizeof(buf) - 1, 0);
	buf[n > 0 ? n : 0] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	fprintf(stderr, "mythmetad: already running (pid %s, pidfile %s)\n",
	    buf[0] != '\0' ? buf : "unknown", path);
	close(fd);
	return -1;
}

int
sup_pidfile_write(int fd)
{
	char	buf[32];
	int	len;

	len = snprintf(buf, sizeof(buf), "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) == -1 || pwrite(fd, buf, len, 0) != len)
		return -1;
	return 0;
}

void
sup_pidfile_remove(const char *path, int fd)
{
	if (fd == -1)
		return;
	if (unlink(path) == -1 && errno != ENOENT)
		log_warn("unlink %s", path);
	close(fd);
}

/* sup_daemonize - fork, new session, fork again, stdio to /dev/null. */
int
sup_daemonize(void)
{
	int	fd;

	switch (fork()) {
	case -1:
		return -1;
	case 0:
		break;
	default:
		_exit(0);
	}
	if (setsid() == -1)
		return -1;
	switch (fork()) {
	case -1:
		return -1;
	case 0:
		break;
	default:
		_exit(0);
	}
	if (chdir("/") == -1)
		return -1;
	if ((fd = open("/dev/null", O_RDWR)) == -1)
		return -1;
	dup2(fd, STDIN_FILENO);
	dup2(fd, STDOUT_FILENO);
	dup2(fd, STDERR_FILENO);
	if (fd > STDERR_FILENO)
		close(fd);
	return 0;
}

/*
 * sup_resolve_user - look the service user up once, in the parent, so
 * the spawn path needs no NSS call between fork and exec.  Dropping only
 * makes sense when we are root; otherwise every process runs as us.
 */
int
sup_resolve_user(const struct ms_config *cfg, int *drop_r, uid_t *uid_r,
    gid_t *gid_r)
{
	struct passwd	*pw;
	struct group	*gr;

	*drop_r = 0;
	if (cfg->user[0] == '\0')
		return 0;
	if (geteuid() != 0) {
		log_warnx("not started as root: supervisor.user \"%s\" "
		    "ignored, workers run as uid %ld", cfg->user,
		    (long)geteuid());
		return 0;
	}
	if ((pw = getpwnam(cfg->user)) == NULL) {
		log_warnx("supervisor.user \"%s\": no such user", cfg->user);
		return -1;
	}
	*uid_r = pw->pw_uid;
	*gid_r = pw->pw_gid;
	if (cfg->group[0] != '\0') {
		if ((gr = getgrnam(cfg->group)) == NULL) {
			log_warnx("supervisor.group \"%s\": no such group",
			    cfg->group);
			return -1;
		}
		*gid_r = gr->gr_gid;
	}
	if (*uid_r == 0) {
		log_warnx("supervisor.user \"%s\" is root; refusing",
		    cfg->user);
		return -1;
	}
	*drop_r = 1;
	return 0;
}

/*
 * sup_rundir_prepare - the directory the workers create their ipc://
 * sockets in must exist and be writable by the service user.
 */
int
sup_rundir_prepare(const char *dir, int drop, uid_t uid, gid_t gid,
    int *made_r)
{
	struct stat	st;

	*made_r = 0;
	if (mkdir(dir, 0750) == 0)
		*made_r = 1;
	else if (errno != EEXIST) {
		log_warn("rundir %s", dir);
		return -1;
	}
	if (stat(dir, &st) == -1 || !S_ISDIR(st.st_mode)) {
		log_warnx("rundir %s is not a directory", dir);
		return -1;
	}
	if (drop && (st.st_uid != uid || st.st_gid != gid) &&
	    chown(dir, uid, gid) == -1) {
		log_warn("chown %s", dir);
		return -1;
	}
	return 0;
}

/*
 * sup_datadir_prepare - the directory of the database must be writable
 * by the store, which runs as the service user: create what is missing
 * (0750, owned by that user).  An existing directory is the admin's and
 * is left as it is.
 */
int
sup_datadir_prepare(const char *dbpath, int drop, uid_t uid, gid_t gid)
{
	char	dir[PATH_MAX], *p;

	if (snprintf(dir, sizeof(dir), "%s", dbpath) >= (int)sizeof(dir) ||
	    (p = strrchr(dir, '/')) == NULL)
		return 0;
	*p = '\0';
	for (p = dir + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0755) == -1 && errno != EEXIST) {
			log_warn("mkdir %s", dir);
			return -1;
		}
		*p = '/';
	}
	if (dir[0] == '\0' || mkdir(dir, 0750) == -1) {
		if (dir[0] == '\0' || errno == EEXIST)
			return 0;
		log_warn("mkdir %s", dir);
		return -1;
	}
	if (drop && chown(dir, uid, gid) == -1) {
		log_warn("chown %s", dir);
		return -1;
	}
	return 0;
}

/*
 * sup_rundir_cleanup - remove socket files a killed worker could not
 * unlink itself, and the directory if we created it.
 */
void
sup_rundir_cleanup(const char *dir, int made)
{
	struct dirent	*de;
	DIR		*d;
	size_t		 len;

	if ((d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (len > 5 && strcmp(de->d_name + len - 5, ".sock") == 0 &&
		    unlinkat(dirfd(d), de->d_name, 0) == -1)
			log_warn("unlink %s/%s", dir, de->d_name);
	}
	closedir(d);
	if (made && rmdir(dir) == -1 && errno != ENOTEMPTY)
		log_warn("rmdir %s", dir);
}
