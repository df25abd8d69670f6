// Several environments use the file server at once: each writes its own
// file with its own pattern, one odd-sized write at a time, reads it back
// through a descriptor it shares with nobody, checks it and removes it.
// Meanwhile they all append to one shared descriptor (inherited through
// fork), whose offset they share.

#include <inc/lib.h>

#define NCHILD		4
#define FILESIZE	(48 * 1024 + 123)
#define CHUNK		1000

static char buf[FILESIZE];

static void
child(int id, int shared)
{
	char name[16], got[CHUNK];
	int fd, i, n, r;

	snprintf(name, sizeof(name), "/conc%d", id);
	for (i = 0; i < FILESIZE; i++)
		buf[i] = 'a' + (i * 7 + id) % 26;
	if ((fd = open(name, O_RDWR | O_CREAT | O_TRUNC)) < 0)
		panic("open %s: %e", name, fd);
	for (i = 0; i < FILESIZE; i += n) {
		n = MIN(CHUNK, FILESIZE - i);
		if ((r = write(fd, buf + i, n)) != n)
			panic("write %s: %e", name, r);
		if ((r = write(shared, "x", 1)) != 1)
			panic("write to the shared file: %e", r);
	}
	seek(fd, 0);
	for (i = 0; i < FILESIZE; i += n) {
		n = MIN(CHUNK, FILESIZE - i);
		if ((r = readn(fd, got, n)) != n)
			panic("read %s at %d: %e", name, i, r);
		if (memcmp(got, buf + i, n) != 0)
			panic("%s: wrong data at %d", name, i);
	}
	close(fd);
	if ((r = remove(name)) < 0)
		panic("remove %s: %e", name, r);
	cprintf("fsconc: child %d ok\n", id);
	exit();
}

void
umain(int argc, char **argv)
{
	envid_t kids[NCHILD];
	struct Stat st;
	int i, shared, r;

	if ((shared = open("/conc-shared", O_RDWR | O_CREAT | O_TRUNC)) < 0)
		panic("open /conc-shared: %e", shared);
	for (i = 0; i < NCHILD; i++) {
		if ((kids[i] = fork()) < 0)
			panic("fork: %e", kids[i]);
		if (kids[i] == 0)
			child(i, shared);
	}
	for (i = 0; i < NCHILD; i++)
		if ((r = wait(kids[i])) != 0)
			panic("child %d ended with status %d", i, r);
	if ((r = fstat(shared, &st)) < 0)
		panic("fstat: %e", r);
	// One shared offset: no write landed on another.
	cprintf("fsconc: shared file has %d bytes, want %d\n", st.st_size,
		NCHILD * ((FILESIZE + CHUNK - 1) / CHUNK));
	close(shared);
	cprintf("fsconc: done\n");
}
