// JOS lab 5's descriptor sharing test: after fork, parent and child share
// an open file and its offset.
#include <inc/lib.h>

static char buf[512], buf2[512];

void
umain(int argc, char **argv)
{
	int fd, n, r;
	envid_t child;

	if ((fd = open("motd", O_RDONLY)) < 0)
		panic("open motd: %e", fd);
	if ((n = readn(fd, buf, sizeof(buf))) <= 0)
		panic("readn: %e", n);
	seek(fd, 0);

	if ((child = fork()) < 0)
		panic("fork: %e", child);
	if (child == 0) {
		if ((r = readn(fd, buf2, n)) != n)
			panic("read in child got %d bytes, want %d", r, n);
		if (memcmp(buf, buf2, n) != 0)
			panic("read in child got different bytes from read in parent");
		cprintf("read in child succeeded\n");
		// The offset is shared: this seek is the parent's too.
		seek(fd, 0);
		exit();
	}
	wait(child);
	if ((r = readn(fd, buf2, sizeof(buf2))) != n)
		panic("read in parent got %d bytes, read in child got %d", r, n);
	if (memcmp(buf, buf2, n) != 0)
		panic("read in parent got different bytes from read in child");
	cprintf("read in parent succeeded\n");
	close(fd);
}
