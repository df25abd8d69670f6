// The descriptor layer (inc/fd.h): finds a descriptor's page and device,
// and passes each call on to that device.

#include <inc/lib.h>

#define INDEX2FD(i)	((struct Fd *) (FDTABLE + (i) * PGSIZE))
#define INDEX2DATA(i)	((char *) (FILEDATA + (i) * PTSIZE))

// Every device a descriptor may name. A descriptor inherited from a parent
// can be of any kind, so all of them are linked into every program that
// uses descriptors (strong references: a weak one would not pull
// lib/pipe.c out of libjos.a into a program that never calls pipe()).
static struct Dev *const devtab[] = {
	&devfile,
	&devpipe,
	&devcons,
};

#define NDEVTAB		(sizeof(devtab) / sizeof(devtab[0]))

static bool
va_is_mapped(const void *va)
{
	return (uvpd[PDX(va)] & PTE_P) && (uvpt[PGNUM(va)] & PTE_P);
}

int
fd2num(struct Fd *fd)
{
	return ((uintptr_t) fd - FDTABLE) / PGSIZE;
}

char *
fd2data(struct Fd *fd)
{
	return INDEX2DATA(fd2num(fd));
}

// Finds the lowest free descriptor and stores its page address in
// *fd_store, without mapping it: the device's open maps it once it has
// filled it in. Returns 0, or -E_MAX_OPEN with *fd_store = NULL.
int
fd_alloc(struct Fd **fd_store)
{
	int i;

	for (i = 0; i < MAXFD; i++)
		if (!va_is_mapped(INDEX2FD(i))) {
			*fd_store = INDEX2FD(i);
			return 0;
		}
	*fd_store = NULL;
	return -E_MAX_OPEN;
}

// Stores the open descriptor fdnum's page in *fd_store. Returns 0, or
// -E_INVAL for a number out of range or a descriptor not open.
int
fd_lookup(int fdnum, struct Fd **fd_store)
{
	if (fdnum < 0 || fdnum >= MAXFD || !va_is_mapped(INDEX2FD(fdnum)))
		return -E_INVAL;
	*fd_store = INDEX2FD(fdnum);
	return 0;
}

// Closes the descriptor whose page is fd: the device's close, then the
// page goes. A pointer that is not an open descriptor page (a copy of a
// struct Fd, say) is -E_INVAL when must_exist, else ignored.
int
fd_close(struct Fd *fd, bool must_exist)
{
	struct Fd *open_fd;
	struct Dev *dev;
	int r;

	if (fd_lookup(fd2num(fd), &open_fd) < 0 || open_fd != fd)
		return must_exist ? -E_INVAL : 0;
	if ((r = dev_lookup(fd->fd_dev_id, &dev)) >= 0 && dev->dev_close)
		r = dev->dev_close(fd);
	// The page goes even when the device complained: the descriptor is
	// closed either way.
	(void) sys_page_unmap(0, fd);
	return r < 0 ? r : 0;
}

int
dev_lookup(int dev_id, struct Dev **dev_store)
{
	int i;

	for (i = 0; i < NDEVTAB; i++)
		if (devtab[i] && devtab[i]->dev_id == dev_id) {
			*dev_store = devtab[i];
			return 0;
		}
	*dev_store = NULL;
	return -E_INVAL;
}

int
close(int fdnum)
{
	struct Fd *fd;
	int r;

	if ((r = fd_lookup(fdnum, &fd)) < 0)
		return r;
	return fd_close(fd, 1);
}

void
close_all(void)
{
	int i;

	for (i = 0; i < MAXFD; i++)
		close(i);
}

// Makes newfdnum a second name for the open file of oldfdnum, sharing its
// offset (closing newfdnum first). Returns newfdnum or -E_*.
int
dup(int oldfdnum, int newfdnum)
{
	struct Fd *oldfd, *newfd;
	char *odata, *ndata;
	int i, r;

	if ((r = fd_lookup(oldfdnum, &oldfd)) < 0)
		return r;
	if (newfdnum < 0 || newfdnum >= MAXFD)
		return -E_INVAL;
	if (newfdnum == oldfdnum)
		return newfdnum;
	close(newfdnum);

	newfd = INDEX2FD(newfdnum);
	odata = fd2data(oldfd);
	ndata = fd2data(newfd);
	// The data pages before the descriptor page: a pipe end counts as
	// closed when its descriptor page has as many references as the
	// buffer, so the buffer's count must never lag behind. A device's
	// data pages are contiguous from fd2data.
	for (i = 0; i < PTSIZE && va_is_mapped(odata + i); i += PGSIZE)
		if ((r = sys_page_map(0, odata + i, 0, ndata + i,
				      uvpt[PGNUM(odata + i)] & PTE_SYSCALL)) < 0)
			goto fail;
	if ((r = sys_page_map(0, oldfd, 0, newfd,
			      uvpt[PGNUM(oldfd)] & PTE_SYSCALL)) < 0)
		goto fail;
	return newfdnum;

fail:
	(void) sys_page_unmap(0, newfd);
	while (i > 0) {
		i -= PGSIZE;
		(void) sys_page_unmap(0, ndata + i);
	}
	return r;
}

// The descriptor and its device, for the calls below.
static int
fd_dev(int fdnum, struct Fd **fd, struct Dev **dev)
{
	int r;

	if ((r = fd_lookup(fdnum, fd)) < 0)
		return r;
	return dev_lookup((*fd)->fd_dev_id, dev);
}

ssize_t
read(int fdnum, void *buf, size_t n)
{
	struct Fd *fd;
	struct Dev *dev;
	int r;

	if ((r = fd_dev(fdnum, &fd, &dev)) < 0)
		return r;
	if ((fd->fd_omode & O_ACCMODE) == O_WRONLY)
		return -E_INVAL;
	if (!dev->dev_read)
		return -E_NOT_SUPP;
	return dev->dev_read(fd, buf, n);
}

// Reads until n bytes have come, the end of the file, or an error.
ssize_t
readn(int fdnum, void *buf, size_t n)
{
	size_t got;
	ssize_t m;

	for (got = 0; got < n; got += m) {
		m = read(fdnum, (char *) buf + got, n - got);
		if (m < 0)
			return m;
		if (m == 0)
			break;
	}
	return got;
}

ssize_t
write(int fdnum, const void *buf, size_t n)
{
	struct Fd *fd;
	struct Dev *dev;
	int r;

	if ((r = fd_dev(fdnum, &fd, &dev)) < 0)
		return r;
	if ((fd->fd_omode & O_ACCMODE) == O_RDONLY)
		return -E_INVAL;
	if (!dev->dev_write)
		return -E_NOT_SUPP;
	return dev->dev_write(fd, buf, n);
}

int
seek(int fdnum, off_t offset)
{
	struct Fd *fd;
	int r;

	if ((r = fd_lookup(fdnum, &fd)) < 0)
		return r;
	if (offset < 0)
		return -E_INVAL;
	fd->fd_offset = offset;
	return 0;
}

int
ftruncate(int fdnum, off_t newsize)
{
	struct Fd *fd;
	struct Dev *dev;
	int r;

	if ((r = fd_dev(fdnum, &fd, &dev)) < 0)
		return r;
	if ((fd->fd_omode & O_ACCMODE) == O_RDONLY)
		return -E_INVAL;
	if (!dev->dev_trunc)
		return -E_NOT_SUPP;
	return dev->dev_trunc(fd, newsize);
}

int
fstat(int fdnum, struct Stat *stat)
{
	struct Fd *fd;
	struct Dev *dev;
	int r;

	if ((r = fd_dev(fdnum, &fd, &dev)) < 0)
		return r;
	memset(stat, 0, sizeof(*stat));
	stat->st_dev = dev;
	if (!dev->dev_stat)
		return 0;
	return dev->dev_stat(fd, stat);
}

int
stat(const char *path, struct Stat *stat)
{
	int fd, r;

	if ((fd = open(path, O_RDONLY)) < 0)
		return fd;
	r = fstat(fd, stat);
	close(fd);
	return r;
}
