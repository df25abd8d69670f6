// exec (beyond JOS): the program is replaced in place. The new one has
// the same envid, the same parent, and the same descriptors (a file with
// its offset, a pipe with bytes in it), a fresh bss and the new arguments;
// the parent's wait sees the new program's exit status. A failed exec
// returns an error and the old program runs on.
#include <inc/lib.h>

#define EXIT_AFTER	42
#define OFFSET		8

static const char piped[] = "bytes in the pipe";
static int bss_word;

// The new image: argv = exectest after ENVID FILEFD PIPEFD.
static void
after_exec(char **argv)
{
	envid_t was = strtol(argv[2], NULL, 16);
	int ffd = strtol(argv[3], NULL, 10), pfd = strtol(argv[4], NULL, 10);
	char motd[64], buf[64];
	int n, fd;

	cprintf("exectest: new image, args '%s' '%s', bss %d\n", argv[0], argv[1], bss_word);
	if (thisenv->env_id != was)
		panic("envid %08x after exec, %08x before", thisenv->env_id, was);
	cprintf("exectest: exec keeps envid %08x\n", was);

	// The file: still open, at the offset the old image left.
	if ((fd = open("/motd", O_RDONLY)) < 0 || readn(fd, motd, sizeof(motd)) != sizeof(motd))
		panic("read /motd");
	close(fd);
	if ((n = readn(ffd, buf, 10)) != 10 || memcmp(buf, motd + OFFSET, 10) != 0)
		panic("file descriptor %d after exec: read %d", ffd, n);
	// The pipe: the bytes written before exec are still there.
	if ((n = read(pfd, buf, sizeof(buf))) != sizeof(piped) - 1 ||
	    memcmp(buf, piped, n) != 0)
		panic("pipe descriptor %d after exec: read %d", pfd, n);
	cprintf("exectest: exec keeps descriptors (file at offset %d, pipe bytes)\n", OFFSET);
	exit(EXIT_AFTER);
}

// The child: fill in a file offset and a pipe, then exec ourselves.
static void
before_exec(void)
{
	char envbuf[16], ffdbuf[8], pfdbuf[8];
	int ffd, p[2], r;

	bss_word = 7;		// the new image must not see this
	if ((ffd = open("/motd", O_RDONLY)) < 0)
		panic("open /motd: %e", ffd);
	seek(ffd, OFFSET);
	if ((r = pipe(p)) < 0)
		panic("pipe: %e", r);
	write(p[1], piped, sizeof(piped) - 1);
	close(p[1]);

	r = execl("/no-such-program", "no-such-program", NULL);
	cprintf("exectest: exec of a missing file: %e; still running\n", r);
	r = execl("/motd", "motd", NULL);
	cprintf("exectest: exec of a non-ELF file: %e; still running\n", r);

	snprintf(envbuf, sizeof(envbuf), "%08x", thisenv->env_id);
	snprintf(ffdbuf, sizeof(ffdbuf), "%d", ffd);
	snprintf(pfdbuf, sizeof(pfdbuf), "%d", p[0]);
	r = execl("/exectest", "exectest", "after", envbuf, ffdbuf, pfdbuf, NULL);
	panic("exec /exectest: %e", r);
}

void
umain(int argc, char **argv)
{
	envid_t child;
	int status;

	if (argc > 1 && strcmp(argv[1], "after") == 0)
		after_exec(argv);
	if ((child = fork()) < 0)
		panic("fork: %e", child);
	if (child == 0)
		before_exec();
	status = wait(child);
	cprintf("exectest: wait sees the new program's exit status %d\n", status);
	cprintf("exectest: done\n");
}
