// Bad input to the file system: each gets its -E_* and the server goes on.
// Then the disk is filled until -E_NO_DISK, emptied, and filled again: the
// same number of bytes must fit, or blocks were lost.

#include <inc/lib.h>

static void
check(const char *what, int got, int want)
{
	if (got != want)
		panic("%s: got %d (%e), want %d (%e)", what, got, got, want, want);
	if (got == 0)
		cprintf("%s: ok\n", what);
	else
		cprintf("%s: %e\n", what, got);
}

static char longname[MAXPATHLEN + 16];
static char chunk[16384];

// Writes /fill until the disk is full; returns the bytes that fitted.
static int
fill_disk(void)
{
	int fd, r, total = 0;

	if ((fd = open("/fill", O_WRONLY | O_CREAT | O_TRUNC)) < 0)
		panic("open /fill: %e", fd);
	while ((r = write(fd, chunk, sizeof(chunk))) == sizeof(chunk))
		total += r;
	if (r > 0) {
		total += r;
		r = write(fd, chunk, sizeof(chunk));
	}
	check("write to a full disk", r, -E_NO_DISK);
	close(fd);
	// An empty file needs a block only when its directory has no free
	// entry; its first byte always does.
	if ((fd = open("/fill2", O_WRONLY | O_CREAT)) == -E_NO_DISK) {
		cprintf("create on a full disk: %e\n", fd);
		return total;
	}
	if (fd < 0)
		panic("create on a full disk: %e", fd);
	check("write a new file on a full disk", write(fd, chunk, 1), -E_NO_DISK);
	close(fd);
	check("remove /fill2", remove("/fill2"), 0);
	return total;
}

void
umain(int argc, char **argv)
{
	struct Stat st;
	int fd, fds[MAXFD], i, first, second;
	char c;

	check("open missing file", open("/no-such-file", O_RDONLY), -E_NOT_FOUND);
	check("open in a missing directory", open("/no-dir/file", O_RDONLY), -E_NOT_FOUND);
	check("open through a file", open("/motd/x", O_RDONLY), -E_BAD_PATH);
	memset(longname, 'a', MAXNAMELEN + 10);
	longname[0] = '/';
	check("open a name too long", open(longname, O_RDONLY | O_CREAT), -E_BAD_PATH);
	memset(longname, 'b', sizeof(longname) - 1);
	check("open a path too long", open(longname, O_RDONLY), -E_BAD_PATH);
	check("open a directory for writing", open("/", O_WRONLY), -E_INVAL);
	check("create over an existing file", open("/motd", O_RDWR | O_CREAT | O_EXCL), -E_FILE_EXISTS);
	check("remove a missing file", remove("/no-such-file"), -E_NOT_FOUND);
	check("remove the root", remove("/"), -E_INVAL);

	check("stat /motd", stat("/motd", &st), 0);
	if (st.st_isdir || st.st_size <= 0 || strcmp(st.st_name, "motd") != 0)
		panic("stat /motd: name %s size %d isdir %d", st.st_name, st.st_size, st.st_isdir);
	check("mkdir /d", (fd = open("/d", O_MKDIR | O_EXCL)) >= 0 ? close(fd) : fd, 0);
	check("mkdir /d again", open("/d", O_MKDIR | O_EXCL), -E_FILE_EXISTS);
	check("create /d/f", (fd = open("/d/f", O_WRONLY | O_CREAT)) >= 0 ? 0 : fd, 0);
	check("stat /d", stat("/d", &st), 0);
	if (!st.st_isdir)
		panic("/d is not a directory");
	check("read from a write-only file", read(fd, &c, 1), -E_INVAL);
	check("write past the largest file", (seek(fd, MAXFILESIZE), write(fd, "x", 1)), -E_INVAL);
	close(fd);
	check("write to a read-only file", (fd = open("/motd", O_RDONLY), write(fd, "x", 1)), -E_INVAL);
	close(fd);
	check("remove a directory not empty", remove("/d"), -E_INVAL);
	check("remove /d/f", remove("/d/f"), 0);
	check("remove /d", remove("/d"), 0);
	check("open removed directory", open("/d", O_RDONLY), -E_NOT_FOUND);

	// Too many open files: 32 descriptors, then -E_MAX_OPEN. The console
	// the kernel opened as 0, 1 and 2 goes first (cprintf needs none).
	close_all();
	for (i = 0; i < MAXFD; i++)
		if ((fds[i] = open("/motd", O_RDONLY)) < 0)
			panic("open /motd number %d: %e", i, fds[i]);
	check("open with every descriptor in use", open("/motd", O_RDONLY), -E_MAX_OPEN);
	for (i = 0; i < MAXFD; i++)
		close(fds[i]);
	check("open after closing them", (fd = open("/motd", O_RDONLY)) >= 0 ? close(fd) : fd, 0);

	first = fill_disk();
	check("remove /fill", remove("/fill"), 0);
	second = fill_disk();
	cprintf("disk full after %d bytes, then after %d bytes\n", first, second);
	if (first != second || first < 1024 * 1024)
		panic("space was lost");
	check("remove /fill", remove("/fill"), 0);
	cprintf("fsbad is good\n");
}
