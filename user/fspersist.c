// Files must reach the disk: `fspersist write` makes a directory and a
// file of several blocks (closed, so flushed), `fspersist check`, run in
// a second boot on the same disk, finds them intact. The grader's
// fs-reboot test boots twice.

#include <inc/lib.h>

#define SIZE	(5 * BLKSIZE + 321)

static char buf[SIZE], got[SIZE];

static void
fill(void)
{
	int i;

	for (i = 0; i < SIZE; i++)
		buf[i] = 'A' + (i * 13 + i / 4096) % 26;
}

void
umain(int argc, char **argv)
{
	int fd, r;

	fill();
	if (argc > 1 && strcmp(argv[1], "write") == 0) {
		if ((fd = open("/pdir", O_MKDIR | O_EXCL)) < 0)
			panic("mkdir /pdir: %e", fd);
		close(fd);
		if ((fd = open("/pdir/data", O_WRONLY | O_CREAT | O_EXCL)) < 0)
			panic("create /pdir/data: %e", fd);
		if ((r = write(fd, buf, SIZE)) != SIZE)
			panic("write /pdir/data: %e", r);
		close(fd);
		// A removed file must stay removed.
		if ((r = remove("/lorem")) < 0)
			panic("remove /lorem: %e", r);
		cprintf("fspersist: wrote /pdir/data, removed /lorem\n");
	} else if (argc > 1 && strcmp(argv[1], "check") == 0) {
		if ((fd = open("/pdir/data", O_RDONLY)) < 0)
			panic("open /pdir/data after the reboot: %e", fd);
		if ((r = readn(fd, got, SIZE + 1)) != SIZE)
			panic("read /pdir/data: got %d bytes, want %d", r, SIZE);
		if (memcmp(buf, got, SIZE) != 0)
			panic("/pdir/data changed across the reboot");
		close(fd);
		if ((r = open("/lorem", O_RDONLY)) != -E_NOT_FOUND)
			panic("/lorem came back: %e", r);
		cprintf("fspersist: /pdir/data survived the reboot, /lorem is still gone\n");
	} else
		panic("usage: fspersist write|check");
}
