// The file server's protocol, then the file layer on top of it: the lines
// JOS lab 5's testfile prints, from code of our own.

#include <inc/lib.h>

static const char newmotd[] = "This is the NEW message of the day!\n\n";

// Where raw requests map the Fd page the server answers with.
#define RAWFD	((struct Fd *) 0xCCCCC000)

// An FSREQ_OPEN sent by hand, bypassing open() and the descriptor table.
static int
raw_open(const char *path, int mode)
{
	extern union Fsipc fsipcbuf;
	envid_t fs = ipc_find_env(ENV_TYPE_FS);

	strcpy(fsipcbuf.open.req_path, path);
	fsipcbuf.open.req_omode = mode;
	ipc_send(fs, FSREQ_OPEN, &fsipcbuf, PTE_P | PTE_W | PTE_U);
	return ipc_recv(NULL, RAWFD, NULL);
}

static void
protocol_checks(void)
{
	struct Fd stale;
	struct Stat st;
	char buf[512];
	int r;

	if ((r = raw_open("/not-found", O_RDONLY)) != -E_NOT_FOUND)
		panic("serve_open /not-found: got %e, want %e", r, -E_NOT_FOUND);
	if ((r = raw_open("/newmotd", O_RDONLY)) < 0)
		panic("serve_open /newmotd: %e", r);
	if (RAWFD->fd_dev_id != devfile.dev_id || RAWFD->fd_offset != 0 ||
	    RAWFD->fd_omode != O_RDONLY)
		panic("serve_open filled struct Fd wrongly");
	cprintf("serve_open is good\n");

	if ((r = devfile.dev_stat(RAWFD, &st)) < 0)
		panic("file_stat: %e", r);
	if (st.st_size != strlen(newmotd))
		panic("file_stat: size %d, want %d", st.st_size, strlen(newmotd));
	cprintf("file_stat is good\n");

	memset(buf, 0, sizeof(buf));
	if ((r = devfile.dev_read(RAWFD, buf, sizeof(buf))) < 0)
		panic("file_read: %e", r);
	if (strcmp(buf, newmotd) != 0)
		panic("file_read: wrong data");
	cprintf("file_read is good\n");

	if ((r = devfile.dev_close(RAWFD)) < 0)
		panic("file_close: %e", r);
	cprintf("file_close is good\n");

	// Once no one but the server maps the Fd page, its id is dead.
	stale = *RAWFD;
	sys_page_unmap(0, RAWFD);
	if ((r = devfile.dev_read(&stale, buf, sizeof(buf))) != -E_INVAL)
		panic("serve_read of a stale file id: got %e, want %e", r, -E_INVAL);
	cprintf("stale fileid is good\n");

	if ((r = raw_open("/new-file", O_RDWR | O_CREAT)) < 0)
		panic("serve_open /new-file: %e", r);
	if ((r = devfile.dev_write(RAWFD, newmotd, strlen(newmotd))) != strlen(newmotd))
		panic("file_write: %e", r);
	cprintf("file_write is good\n");

	RAWFD->fd_offset = 0;
	memset(buf, 0, sizeof(buf));
	if ((r = devfile.dev_read(RAWFD, buf, sizeof(buf))) != strlen(newmotd))
		panic("file_read after file_write: got %d", r);
	if (strcmp(buf, newmotd) != 0)
		panic("file_read after file_write: wrong data");
	cprintf("file_read after file_write is good\n");
}

static void
library_checks(void)
{
	char buf[512];
	struct Fd *fd;
	int f, i, r;

	if ((r = open("/not-found", O_RDONLY)) != -E_NOT_FOUND)
		panic("open /not-found: got %e, want %e", r, -E_NOT_FOUND);
	if ((f = open("/newmotd", O_RDONLY)) < 0)
		panic("open /newmotd: %e", f);
	fd = (struct Fd *) (FDTABLE + f * PGSIZE);
	if (fd->fd_dev_id != devfile.dev_id || fd->fd_offset != 0 || fd->fd_omode != O_RDONLY)
		panic("open filled struct Fd wrongly");
	cprintf("open is good\n");

	// Past the direct blocks, into the indirect one.
	if ((f = open("/big", O_WRONLY | O_CREAT)) < 0)
		panic("creat /big: %e", f);
	memset(buf, 0, sizeof(buf));
	for (i = 0; i < NDIRECT * 3 * BLKSIZE; i += sizeof(buf)) {
		*(int *) buf = i;
		if ((r = write(f, buf, sizeof(buf))) != sizeof(buf))
			panic("write /big at %d: %e", i, r);
	}
	close(f);

	if ((f = open("/big", O_RDONLY)) < 0)
		panic("open /big: %e", f);
	for (i = 0; i < NDIRECT * 3 * BLKSIZE; i += sizeof(buf)) {
		if ((r = readn(f, buf, sizeof(buf))) != sizeof(buf))
			panic("read /big at %d: got %d (%e)", i, r, r);
		if (*(int *) buf != i)
			panic("read /big at %d: found %d", i, *(int *) buf);
	}
	close(f);
	cprintf("large file is good\n");
}

void
umain(int argc, char **argv)
{
	protocol_checks();
	library_checks();
}
