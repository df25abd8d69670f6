// spawn given what is not a program: a missing file, a text file, a
// directory, a truncated ELF file, an ELF header that lies about its
// program headers, and more arguments than a stack page holds. Each is an
// error, no environment is left behind, and a good spawn still works
// afterwards (with an empty argv, too).
#include <inc/lib.h>
#include <inc/elf.h>

static char page[PGSIZE];

static void
check(const char *what, int got, int want)
{
	if (got != want)
		panic("%s: got %d (%e), want %d", what, got, got, want);
	if (got < 0)
		cprintf("spawnbad: %s: %e\n", what, got);
	else
		cprintf("spawnbad: %s: %d\n", what, got);
}

// /NAME holds the first n bytes of /hello, changed by edit if not NULL.
static void
make_file(const char *name, int n, void (*edit)(char *))
{
	int fd, r;

	if ((fd = open("/hello", O_RDONLY)) < 0 || readn(fd, page, n) != n)
		panic("read /hello");
	close(fd);
	if (edit)
		edit(page);
	if ((fd = open(name, O_WRONLY | O_CREAT | O_TRUNC)) < 0)
		panic("create %s: %e", name, fd);
	if ((r = write(fd, page, n)) != n)
		panic("write %s: %e", name, r);
	close(fd);
}

static void
too_many_headers(char *hdr)
{
	((struct Elf *) hdr)->e_phnum = 200;
}

void
umain(int argc, char **argv)
{
	static char longarg[PGSIZE];
	const char *noargs[] = { NULL };
	envid_t child;
	int r;

	check("spawn a missing file", spawnl("/no-such-program", "x", NULL), -E_NOT_FOUND);
	check("spawn a text file", spawnl("/motd", "motd", NULL), -E_NOT_EXEC);
	if ((r = open("/sbdir", O_MKDIR | O_CREAT)) < 0)
		panic("mkdir /sbdir: %e", r);
	close(r);
	check("spawn a directory", spawnl("/sbdir", "sbdir", NULL), -E_NOT_EXEC);
	make_file("/half", 2000, NULL);
	check("spawn a truncated program", spawnl("/half", "half", NULL), -E_NOT_EXEC);
	make_file("/lying", 2000, too_many_headers);
	check("spawn a program with bad headers", spawnl("/lying", "lying", NULL), -E_NOT_EXEC);
	memset(longarg, 'a', sizeof(longarg) - 1);
	check("spawn with arguments longer than a page", spawnl("/hello", "hello", longarg, NULL), -E_INVAL);
	remove("/sbdir");
	remove("/half");
	remove("/lying");

	if ((child = spawn("/hello", noargs)) < 0)
		panic("spawn /hello: %e", child);
	check("spawn /hello with no arguments, its exit status", wait(child), 0);
	cprintf("spawnbad: done\n");
}
