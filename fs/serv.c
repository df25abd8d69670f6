// The file server: the environment that owns the disk. It takes requests
// over IPC (inc/fs.h), one at a time, and answers each.

#include <inc/x86.h>

#include "fs.h"

// An open file. Its struct Fd page is shared with the client (and the
// client's children), so it is open as long as someone besides the
// server maps that page.
struct OpenFile {
	uint32_t o_fileid;	// what the client names it by
	struct File *o_file;	// NULL once the file has been removed
	int o_mode;		// open mode: the client cannot change this copy
	struct Fd *o_fd;
};

#define MAXOPEN		1024	// files open at once, over all clients
#define FILEVA		0xE0000000	// the Fd pages; not FDTABLE: the
					// server has no descriptors of its own
#define REQVA		0x0FFFF000	// where a request page is received

static struct OpenFile opentab[MAXOPEN];
static union Fsipc *const fsreq = (union Fsipc *) REQVA;

// How often the answer to a client that is not yet receiving is retried
// (giving the CPU away each time) before the server gives up on it. An
// honest client calls sys_ipc_recv_from right after its request: if it
// was preempted in between, it is runnable, and one round of the
// scheduler lets it get there. A few tries are plenty; many let clients
// that never take their answers hold the server (hostile_fsspam: with
// 1000, sixteen of them kept one honest client from five opens for
// minutes). With several CPUs the client may be running on another one,
// on its way to sys_ipc_recv_from: those turns do not count, but once it
// has been scheduled REPLY_RUNS times (a time slice each) it is given up
// on too.
#define REPLY_TRIES	8
#define REPLY_RUNS	20

static void
serve_init(void)
{
	int i;

	for (i = 0; i < MAXOPEN; i++) {
		opentab[i].o_fileid = i;
		opentab[i].o_fd = (struct Fd *) (FILEVA + i * PGSIZE);
	}
}

// A free slot: one whose Fd page only the server maps (or no one). Ids
// step by MAXOPEN on reuse, so an old id no longer finds the slot.
static int
openfile_alloc(struct OpenFile **o)
{
	int i, r;

	for (i = 0; i < MAXOPEN; i++)
		switch (pageref(opentab[i].o_fd)) {
		case 0:
			if ((r = sys_page_alloc(0, opentab[i].o_fd, PTE_P | PTE_U | PTE_W)) < 0)
				return r;
			/* fall through */
		case 1:
			opentab[i].o_fileid += MAXOPEN;
			memset(opentab[i].o_fd, 0, PGSIZE);
			*o = &opentab[i];
			return 0;
		}
	return -E_MAX_OPEN;
}

static int
openfile_lookup(envid_t envid, uint32_t fileid, struct OpenFile **po)
{
	struct OpenFile *o = &opentab[fileid % MAXOPEN];

	if (pageref(o->o_fd) <= 1 || o->o_fileid != fileid)
		return -E_INVAL;
	if (!o->o_file)
		return -E_NOT_FOUND;
	*po = o;
	return 0;
}

static int
serve_open(envid_t envid, struct Fsreq_open *req, void **pg_store, int *perm_store)
{
	char path[MAXPATHLEN];
	struct OpenFile *o;
	struct File *f;
	int mode = req->req_omode, create = mode & (O_CREAT | O_MKDIR);
	int type = (mode & O_MKDIR) ? FTYPE_DIR : FTYPE_REG;
	int r;

	memmove(path, req->req_path, MAXPATHLEN);
	path[MAXPATHLEN - 1] = '\0';

	if ((r = openfile_alloc(&o)) < 0)
		return r;
	if (create && (r = file_create(path, type, &f)) < 0) {
		if (r != -E_FILE_EXISTS || (mode & O_EXCL))
			return r;
		if (f->f_type != type && type == FTYPE_DIR)
			return r;	// mkdir over a file
	} else if (!create && (r = file_open(path, &f)) < 0)
		return r;
	// A directory is read as its array of struct File, never written.
	if (f->f_type == FTYPE_DIR && ((mode & O_ACCMODE) != O_RDONLY || (mode & O_TRUNC)))
		return -E_INVAL;
	if ((mode & O_TRUNC) && (r = file_set_size(f, 0)) < 0)
		return r;

	o->o_file = f;
	o->o_mode = mode;
	o->o_fd->fd_file.id = o->o_fileid;
	o->o_fd->fd_omode = mode;
	o->o_fd->fd_dev_id = devfile.dev_id;
	o->o_fd->fd_offset = 0;
	*pg_store = o->o_fd;
	*perm_store = PTE_P | PTE_U | PTE_W | PTE_SHARE;
	return 0;
}

static int
serve_set_size(envid_t envid, union Fsipc *req)
{
	struct OpenFile *o;
	int r;

	if ((r = openfile_lookup(envid, req->set_size.req_fileid, &o)) < 0)
		return r;
	if ((o->o_mode & O_ACCMODE) == O_RDONLY)
		return -E_INVAL;
	return file_set_size(o->o_file, req->set_size.req_size);
}

// Reads at the shared descriptor's offset, into the request page.
static int
serve_read(envid_t envid, union Fsipc *req)
{
	size_t n = MIN(req->read.req_n, PGSIZE);
	struct OpenFile *o;
	int r;

	if ((r = openfile_lookup(envid, req->read.req_fileid, &o)) < 0)
		return r;
	if ((o->o_mode & O_ACCMODE) == O_WRONLY)
		return -E_INVAL;
	if ((r = file_read(o->o_file, req->readRet.ret_buf, n, o->o_fd->fd_offset)) > 0)
		o->o_fd->fd_offset += r;
	return r;
}

static int
serve_write(envid_t envid, union Fsipc *req)
{
	size_t n = MIN(req->write.req_n, sizeof(req->write.req_buf));
	struct OpenFile *o;
	int r;

	if ((r = openfile_lookup(envid, req->write.req_fileid, &o)) < 0)
		return r;
	if ((o->o_mode & O_ACCMODE) == O_RDONLY)
		return -E_INVAL;
	if ((r = file_write(o->o_file, req->write.req_buf, n, o->o_fd->fd_offset)) > 0)
		o->o_fd->fd_offset += r;
	return r;
}

static int
serve_stat(envid_t envid, union Fsipc *req)
{
	struct Fsret_stat *ret = &req->statRet;
	struct OpenFile *o;
	int r;

	if ((r = openfile_lookup(envid, req->stat.req_fileid, &o)) < 0)
		return r;
	strcpy(ret->ret_name, o->o_file->f_name);
	ret->ret_size = o->o_file->f_size;
	ret->ret_isdir = (o->o_file->f_type == FTYPE_DIR);
	return 0;
}

static int
serve_flush(envid_t envid, union Fsipc *req)
{
	struct OpenFile *o;
	int r;

	if ((r = openfile_lookup(envid, req->flush.req_fileid, &o)) < 0)
		return r;
	file_flush(o->o_file);
	return 0;
}

// A removed file's entry may be reused: open files that named it now get
// -E_NOT_FOUND.
static int
serve_remove(envid_t envid, union Fsipc *req)
{
	char path[MAXPATHLEN];
	struct File *f;
	int i, r;

	memmove(path, req->remove.req_path, MAXPATHLEN);
	path[MAXPATHLEN - 1] = '\0';
	if ((r = file_remove(path, &f)) < 0)
		return r;
	for (i = 0; i < MAXOPEN; i++)
		if (opentab[i].o_file == f)
			opentab[i].o_file = NULL;
	return 0;
}

static int
serve_sync(envid_t envid, union Fsipc *req)
{
	fs_sync();
	return 0;
}

typedef int (*fshandler)(envid_t envid, union Fsipc *req);

static const fshandler handlers[] = {
	// FSREQ_OPEN is special: its answer carries a page.
	[FSREQ_SET_SIZE] = serve_set_size,
	[FSREQ_READ] = serve_read,
	[FSREQ_WRITE] = serve_write,
	[FSREQ_STAT] = serve_stat,
	[FSREQ_FLUSH] = serve_flush,
	[FSREQ_REMOVE] = serve_remove,
	[FSREQ_SYNC] = serve_sync,
};
#define NHANDLERS	(sizeof(handlers) / sizeof(handlers[0]))

// Answers whom. A client that died, or that never waits for the answer,
// is dropped: the server must not hang on any one client.
static void
reply(envid_t whom, int32_t value, void *pg, int perm)
{
	const volatile struct Env *client = &envs[ENVX(whom)];
	uint32_t runs = client->env_runs;
	int i = 0, r;

	while (i < REPLY_TRIES && client->env_runs - runs < REPLY_RUNS) {
		r = sys_ipc_try_send(whom, value, pg ? pg : (void *) UTOP, perm);
		if (r != -E_IPC_NOT_RECV)
			return;
		if (client->env_status != ENV_RUNNING)
			i++;
		sys_yield();
	}
}

static void
serve(void)
{
	uint32_t req;
	envid_t whom;
	int perm, r;
	void *pg;

	for (;;) {
		perm = 0;
		req = ipc_recv(&whom, fsreq, &perm);
		pg = NULL;
		if ((perm & (PTE_P | PTE_W | PTE_U)) != (PTE_P | PTE_W | PTE_U))
			r = -E_INVAL;	// no request page, or one it cannot answer in
		else if (req == FSREQ_OPEN)
			r = serve_open(whom, &fsreq->open, &pg, &perm);
		else if (req < NHANDLERS && handlers[req])
			r = handlers[req](whom, fsreq);
		else
			r = -E_INVAL;
		reply(whom, r, pg, perm);
		sys_page_unmap(0, fsreq);
	}
}

void
umain(int argc, char **argv)
{
	uint32_t nsectors;

	static_assert(sizeof(struct File) == 256);
	binaryname = "fs";
	cprintf("FS is running\n");

	// The kernel gave this environment (only) I/O privilege.
	(void) inb(0x1F7);
	cprintf("FS can do I/O\n");

	if (ide_probe_disk1(&nsectors) < 0) {
		cprintf("fs: no disk 1 (QEMU -drive index=1): no file system\n");
		return;
	}
	if (fs_init(nsectors / BLKSECTS) < 0) {
		cprintf("fs: the file system on disk 1 is unusable; files are unavailable\n");
		return;
	}
	serve_init();
	fs_test();
	serve();
}
