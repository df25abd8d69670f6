// What files and directories do beyond testfile: nested directories and
// their listings, holes, truncating and growing (the bytes past the old
// end read as zero), O_TRUNC, O_EXCL, a file at the largest size.

#include <inc/lib.h>

static char buf[BLKSIZE * 2];

static void
expect(bool ok, const char *what)
{
	if (!ok)
		panic("%s", what);
	cprintf("fsfiles: %s\n", what);
}

// The names in a directory, read as its array of struct File, joined.
static void
list(const char *path, char *out, int size)
{
	struct File f;
	int fd;

	out[0] = '\0';
	if ((fd = open(path, O_RDONLY)) < 0)
		panic("open %s: %e", path, fd);
	while (readn(fd, &f, sizeof(f)) == sizeof(f))
		if (f.f_name[0]) {
			strcat(out, " ");
			strcat(out, f.f_name);
			strcat(out, f.f_type == FTYPE_DIR ? "/" : "");
		}
	close(fd);
}

static bool
all_zero(const char *p, int n)
{
	while (n-- > 0)
		if (*p++)
			return false;
	return true;
}

void
umain(int argc, char **argv)
{
	char names[256];
	struct Stat st;
	int fd, i, r;

	expect(open("/a", O_MKDIR | O_EXCL) >= 0, "mkdir /a");
	expect(open("/a/b", O_MKDIR) >= 0, "mkdir /a/b");
	expect(open("a//b/c", O_WRONLY | O_CREAT) >= 0, "create a//b/c (the same as /a/b/c)");
	expect(open("/a/f", O_WRONLY | O_CREAT) >= 0, "create /a/f");
	close_all();
	list("/a", names, sizeof(names));
	expect(strcmp(names, " b/ f") == 0, "listing /a: b/ f");
	list("/a/b/", names, sizeof(names));
	expect(strcmp(names, " c") == 0, "listing /a/b/: c");
	expect(open("/a/b", O_MKDIR | O_CREAT) >= 0, "mkdir of an existing directory without O_EXCL opens it");
	expect(open("/a/f", O_MKDIR) == -E_FILE_EXISTS, "mkdir over a file fails");
	close_all();

	// A hole: a byte written at 3 blocks in; everything before reads 0.
	fd = open("/a/hole", O_RDWR | O_CREAT);
	seek(fd, 3 * BLKSIZE);
	expect(write(fd, "!", 1) == 1, "write at 12288 in an empty file");
	fstat(fd, &st);
	expect(st.st_size == 3 * BLKSIZE + 1, "its size is 12289");
	seek(fd, BLKSIZE);
	expect(readn(fd, buf, sizeof(buf)) == sizeof(buf) && all_zero(buf, sizeof(buf)), "the hole reads as zeros");

	// Shrink into the middle of a block, then grow: no old bytes return.
	seek(fd, 0);
	memset(buf, 'x', sizeof(buf));
	write(fd, buf, sizeof(buf));
	expect(ftruncate(fd, 100) == 0, "ftruncate to 100");
	expect(ftruncate(fd, 5000) == 0, "ftruncate to 5000");
	seek(fd, 0);
	expect(readn(fd, buf, 5000) == 5000 && buf[99] == 'x' && all_zero(buf + 100, 4900), "bytes 100..4999 read as zeros");
	expect(read(fd, buf, 1) == 0, "read at the end returns 0");
	close(fd);

	fd = open("/a/hole", O_RDWR | O_TRUNC);
	fstat(fd, &st);
	expect(st.st_size == 0, "O_TRUNC empties it");
	close(fd);

	// The largest file: its last byte, then one more is refused.
	fd = open("/a/big", O_RDWR | O_CREAT);
	seek(fd, MAXFILESIZE - 1);
	expect(write(fd, "z", 1) == 1, "write the last byte of a largest file");
	expect(write(fd, "z", 1) == -E_INVAL, "a byte more is refused");
	seek(fd, MAXFILESIZE - 1);
	expect(read(fd, buf, 10) == 1 && buf[0] == 'z', "read it back");
	close(fd);

	expect(sync() == 0, "sync");
	expect(remove("/a") == -E_INVAL, "rm /a (not empty) fails");
	for (i = 0; i < 5; i++) {
		static const char *const gone[] = { "/a/b/c", "/a/b", "/a/f", "/a/hole", "/a/big" };
		if ((r = remove(gone[i])) < 0)
			panic("remove %s: %e", gone[i], r);
	}
	expect(remove("/a") == 0, "rm /a once empty");
	expect(stat("/a", &st) == -E_NOT_FOUND, "/a is gone");
	cprintf("fsfiles: done\n");
}
