// The file server dies in the middle of a request: it runs out of memory
// for a block it must read (this program holds all the rest), and a file
// server cannot go on without its block. The request must fail with
// -E_BAD_ENV, not hang, and so must every later one.

#include <inc/lib.h>

#define HOG	0x20000000	// where this program piles up pages

static int
hog_memory(void)
{
	int n;

	for (n = 0; sys_page_alloc(0, (void *) (HOG + n * PGSIZE), PTE_P | PTE_U | PTE_W) == 0; n++)
		;
	return n;
}

static void
free_memory(int n)
{
	while (n-- > 0)
		sys_page_unmap(0, (void *) (HOG + n * PGSIZE));
}

void
umain(int argc, char **argv)
{
	volatile char stack[16384];	// grown now: no stack fault later
	char buf[512];
	int fd, n, r;

	memset((char *) stack, 0, sizeof(stack));
	if ((fd = open("/testfile", O_RDONLY)) < 0)
		panic("open /testfile: %e", fd);
	if ((r = read(fd, buf, sizeof(buf))) != sizeof(buf))
		panic("read /testfile: %e", r);
	cprintf("fskill: read the first block\n");

	n = hog_memory();
	cprintf("fskill: holding all free memory\n");
	// The third block: not in the server's cache yet.
	seek(fd, 2 * BLKSIZE);
	r = read(fd, buf, sizeof(buf));
	free_memory(n);
	cprintf("fskill: read while the file server died: %e\n", r);
	cprintf("fskill: open after it died: %e\n", open("/motd", O_RDONLY));
	close(fd);
	cprintf("fskill: done\n");
}
