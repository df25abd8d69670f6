// Files on the file server (fs/): the device devfile and open, remove and
// sync. Every call is one or more requests over IPC (inc/fs.h); the
// request page is fsipcbuf, and the server writes its reply into it.

#include <inc/lib.h>

union Fsipc fsipcbuf __attribute__((aligned(PGSIZE), section(".bss.fsipcbuf")));

// Sends the request of the given type in fsipcbuf and waits for the
// reply, from the server only; a page the server sends back is mapped at
// dstva (if not NULL). Returns the server's result, or -E_BAD_ENV when
// there is no file server or it died before answering.
static int
fsipc(unsigned type, void *dstva)
{
	static envid_t fsenv;
	int r;

	if (fsenv == 0 && (fsenv = ipc_find_env(ENV_TYPE_FS)) == 0)
		return -E_BAD_ENV;
	while ((r = sys_ipc_try_send(fsenv, type, &fsipcbuf, PTE_P | PTE_W | PTE_U)) == -E_IPC_NOT_RECV)
		sys_yield();
	if (r < 0 || (r = sys_ipc_recv_from(fsenv, dstva ? dstva : (void *) UTOP)) < 0)
		return r;
	return thisenv->env_ipc_value;
}

// Opens path with the O_* mode; returns the descriptor number or -E_*.
int
open(const char *path, int mode)
{
	struct Fd *fd;
	int r;

	if (strlen(path) >= MAXPATHLEN)
		return -E_BAD_PATH;
	if ((r = fd_alloc(&fd)) < 0)
		return r;
	strcpy(fsipcbuf.open.req_path, path);
	fsipcbuf.open.req_omode = mode;
	// The server answers with the descriptor page itself, shared.
	if ((r = fsipc(FSREQ_OPEN, fd)) < 0) {
		fd_close(fd, 0);
		return r;
	}
	return fd2num(fd);
}

// Reads at the descriptor's offset, which the server advances: up to n
// bytes, as many requests as it takes (each carries a page at most).
static ssize_t
devfile_read(struct Fd *fd, void *buf, size_t n)
{
	size_t done = 0, want;
	int r;

	while (done < n) {
		want = MIN(n - done, PGSIZE);
		fsipcbuf.read.req_fileid = fd->fd_file.id;
		fsipcbuf.read.req_n = want;
		if ((r = fsipc(FSREQ_READ, NULL)) < 0)
			return done ? done : r;
		assert(r <= want);
		memmove((char *) buf + done, fsipcbuf.readRet.ret_buf, r);
		done += r;
		if (r < want)
			break;	// the end of the file
	}
	return done;
}

// Writes all n bytes at the descriptor's offset (the file grows as
// needed), unless the disk fills up: then as many as fitted, or -E_*.
static ssize_t
devfile_write(struct Fd *fd, const void *buf, size_t n)
{
	size_t done = 0, chunk;
	int r;

	while (done < n) {
		chunk = MIN(n - done, sizeof(fsipcbuf.write.req_buf));
		fsipcbuf.write.req_fileid = fd->fd_file.id;
		fsipcbuf.write.req_n = chunk;
		memmove(fsipcbuf.write.req_buf, (const char *) buf + done, chunk);
		if ((r = fsipc(FSREQ_WRITE, NULL)) < 0)
			return done ? done : r;
		assert(r <= chunk);
		done += r;
		if (r < chunk)
			break;
	}
	return done;
}

static int
devfile_stat(struct Fd *fd, struct Stat *st)
{
	int r;

	fsipcbuf.stat.req_fileid = fd->fd_file.id;
	if ((r = fsipc(FSREQ_STAT, NULL)) < 0)
		return r;
	strcpy(st->st_name, fsipcbuf.statRet.ret_name);
	st->st_size = fsipcbuf.statRet.ret_size;
	st->st_isdir = fsipcbuf.statRet.ret_isdir;
	return 0;
}

static int
devfile_trunc(struct Fd *fd, off_t newsize)
{
	fsipcbuf.set_size.req_fileid = fd->fd_file.id;
	fsipcbuf.set_size.req_size = newsize;
	return fsipc(FSREQ_SET_SIZE, NULL);
}

// Closing writes the file's dirty blocks to disk. The server forgets the
// file once no one maps its descriptor page any more.
static int
devfile_flush(struct Fd *fd)
{
	fsipcbuf.flush.req_fileid = fd->fd_file.id;
	return fsipc(FSREQ_FLUSH, NULL);
}

struct Dev devfile = {
	.dev_id = 'f',
	.dev_name = "file",
	.dev_read = devfile_read,
	.dev_write = devfile_write,
	.dev_close = devfile_flush,
	.dev_stat = devfile_stat,
	.dev_trunc = devfile_trunc,
};

int
remove(const char *path)
{
	if (strlen(path) >= MAXPATHLEN)
		return -E_BAD_PATH;
	strcpy(fsipcbuf.remove.req_path, path);
	return fsipc(FSREQ_REMOVE, NULL);
}

// Writes every dirty block of the file system to disk.
int
sync(void)
{
	return fsipc(FSREQ_SYNC, NULL);
}
