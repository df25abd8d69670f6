// The descriptor layer on its own (lib/fd.c), with no file server: bad
// descriptor numbers, dup, running out of descriptors, close_all.

#include <inc/lib.h>

static void
check(const char *what, int got, int want)
{
	if (got != want)
		panic("%s: got %d (%e), want %d", what, got, got, want);
	cprintf("%s: %d\n", what, got);
}

void
umain(int argc, char **argv)
{
	struct Fd *fd;
	struct Stat st;
	char c;
	int i;

	// Started by the kernel with a file server (fs-nodisk), a program
	// has the console as 0, 1 and 2: this test starts from none.
	close_all();
	check("read(-1)", read(-1, &c, 1), -E_INVAL);
	check("read(MAXFD)", read(MAXFD, &c, 1), -E_INVAL);
	check("write(7) not open", write(7, &c, 1), -E_INVAL);
	check("close(40)", close(40), -E_INVAL);
	check("dup(3, 4) not open", dup(3, 4), -E_INVAL);
	check("fstat(0) not open", fstat(0, &st), -E_INVAL);

	// A descriptor made by hand, as a device's open would.
	check("fd_alloc", fd_alloc(&fd), 0);
	check("fd2num", fd2num(fd), 0);
	check("page_alloc", sys_page_alloc(0, fd, PTE_P | PTE_W | PTE_U | PTE_SHARE), 0);
	fd->fd_dev_id = devfile.dev_id;
	fd->fd_omode = O_RDONLY;
	check("write to O_RDONLY", write(0, &c, 1), -E_INVAL);
	check("ftruncate O_RDONLY", ftruncate(0, 0), -E_INVAL);
	check("seek(-1)", seek(0, -1), -E_INVAL);
	check("seek", seek(0, 42), 0);
	check("dup(0, 5)", dup(0, 5), 5);
	check("dup(5, 5)", dup(5, 5), 5);
	check("dup(0, MAXFD)", dup(0, MAXFD), -E_INVAL);
	check("offset shared", ((struct Fd *) (FDTABLE + 5 * PGSIZE))->fd_offset, 42);
	check("pageref", pageref(fd), 2);
	for (i = 1; i < MAXFD; i++)
		if (i != 5 && dup(0, i) != i)
			panic("dup(0, %d) failed", i);
	check("fd_alloc when full", fd_alloc(&fd), -E_MAX_OPEN);
	check("open when full", open("/motd", O_RDONLY), -E_MAX_OPEN);
	check("pageref when full", pageref((void *) FDTABLE), MAXFD);

	// An unknown device: calls fail, close still frees the slot.
	((struct Fd *) (FDTABLE + 9 * PGSIZE))->fd_dev_id = 0x7777;
	check("read bad device", read(9, &c, 1), -E_INVAL);
	check("close(9)", close(9), -E_INVAL);
	check("fd_alloc after close", fd_alloc(&fd), 0);
	check("fd2num", fd2num(fd), 9);
	close_all();
	check("pageref after close_all", pageref((void *) FDTABLE), 0);
	// Run with the kernel option nofs: no one serves files.
	check("open without a file server", open("/motd", O_RDONLY), -E_BAD_ENV);
	check("fd_alloc after failed open", fd_alloc(&fd), 0);
	check("fd2num", fd2num(fd), 0);
	cprintf("fd layer is good\n");
}
