// Requests no library would send, straight over IPC: each is refused with
// an error and the file server goes on serving.

#include <inc/lib.h>

#define REQ	((union Fsipc *) 0x00A00000)
#define FDVA	((struct Fd *) 0x00A01000)

static envid_t fs;

// Sends one raw request with the page at REQ mapped with perm (0: none).
static int
request(uint32_t type, int perm)
{
	int r;

	while ((r = sys_ipc_try_send(fs, type, perm ? REQ : (void *) UTOP, perm)) == -E_IPC_NOT_RECV)
		sys_yield();
	if (r < 0)
		return r;
	if ((r = sys_ipc_recv_from(fs, FDVA)) < 0)
		return r;
	return thisenv->env_ipc_value;
}

static void
check(const char *what, int got, int want)
{
	if (got != want)
		panic("%s: got %d (%e), want %d", what, got, got, want);
	if (got >= 0)
		cprintf("fshostile: %s: %d\n", what, got);
	else
		cprintf("fshostile: %s: %e\n", what, got);
}

void
umain(int argc, char **argv)
{
	const int rw = PTE_P | PTE_U | PTE_W;
	int r, fd;

	if (!(fs = ipc_find_env(ENV_TYPE_FS)))
		panic("no file server");
	if ((r = sys_page_alloc(0, REQ, rw)) < 0)
		panic("sys_page_alloc: %e", r);

	check("no request page", request(FSREQ_SYNC, 0), -E_INVAL);
	check("read-only request page", request(FSREQ_SYNC, PTE_P | PTE_U), -E_INVAL);
	check("request type 0", request(0, rw), -E_INVAL);
	check("request type 999", request(999, rw), -E_INVAL);
	check("request type -1", request(-1, rw), -E_INVAL);

	REQ->read.req_fileid = -5;
	REQ->read.req_n = 0x7fffffff;
	check("read of a forged file id", request(FSREQ_READ, rw), -E_INVAL);
	REQ->set_size.req_fileid = 12345678;
	REQ->set_size.req_size = -1;
	check("set_size of a forged file id", request(FSREQ_SET_SIZE, rw), -E_INVAL);

	// A real open file, then bad arguments on it.
	strcpy(REQ->open.req_path, "/hostile");
	REQ->open.req_omode = O_RDWR | O_CREAT;
	check("open /hostile", request(FSREQ_OPEN, rw), 0);
	fd = FDVA->fd_file.id;
	REQ->set_size.req_fileid = fd;
	REQ->set_size.req_size = -1;
	check("negative size", request(FSREQ_SET_SIZE, rw), -E_INVAL);
	REQ->set_size.req_fileid = fd;
	REQ->set_size.req_size = MAXFILESIZE + 1;
	check("size past MAXFILESIZE", request(FSREQ_SET_SIZE, rw), -E_INVAL);
	FDVA->fd_offset = -4096;
	REQ->read.req_fileid = fd;
	REQ->read.req_n = 100;
	check("read at a negative offset", request(FSREQ_READ, rw), -E_INVAL);
	FDVA->fd_offset = 0;
	REQ->write.req_fileid = fd;
	REQ->write.req_n = 0xffffffff;	// more than the page holds: clipped
	check("write of 4 GiB from one page", request(FSREQ_WRITE, rw), sizeof(REQ->write.req_buf));
	// The client may scribble on its struct Fd; the mode is the server's.
	FDVA->fd_omode = O_RDWR;
	strcpy(REQ->open.req_path, "/motd");
	REQ->open.req_omode = O_RDONLY;
	sys_page_unmap(0, FDVA);
	check("open /motd read-only", request(FSREQ_OPEN, rw), 0);
	FDVA->fd_omode = O_RDWR;
	REQ->write.req_fileid = FDVA->fd_file.id;
	REQ->write.req_n = 1;
	check("write after changing fd_omode", request(FSREQ_WRITE, rw), -E_INVAL);
	sys_page_unmap(0, FDVA);

	// A path with no NUL in the whole page.
	memset(REQ->open.req_path, 'z', MAXPATHLEN);
	REQ->open.req_omode = O_RDONLY;
	check("path without an end", request(FSREQ_OPEN, rw), -E_BAD_PATH);

	check("remove /hostile", remove("/hostile"), 0);
	check("open /motd through the library", (fd = open("/motd", O_RDONLY)) >= 0 ? close(fd) : fd, 0);
	cprintf("fshostile: the file server is still serving\n");
}
