// testshell: runs /testshell.sh through `sh -x` and compares everything
// the shell and its programs print (standard output and errors) with
// /testshell.key, printing JOS's lines. The lines the console gets
// directly (the kernel's, lsfd's) are not part of the comparison.

#include <inc/lib.h>

#define OUTMAX	16384	// more output than this is wrong output

static char got[OUTMAX + 1], want[OUTMAX + 1];

// Reads fd to its end into buf (at most OUTMAX bytes kept): the length, or
// OUTMAX + 1 if there was more.
static int
slurp(int fd, char *buf, const char *what)
{
	char sink[512];
	int n, len = 0;

	while (len < OUTMAX && (n = read(fd, buf + len, OUTMAX - len)) > 0)
		len += n;
	if (len == OUTMAX && read(fd, sink, sizeof sink) > 0) {
		while (read(fd, sink, sizeof sink) > 0)
			;
		len = OUTMAX + 1;
	}
	if (n < 0)
		panic("reading %s: %e", what, n);
	buf[MIN(len, OUTMAX)] = '\0';
	return len;
}

// Both texts from the start of the line where they first differ.
static void
wrong(int off)
{
	while (off > 0 && got[off - 1] != '\n')
		off--;
	cprintf("shell produced incorrect output.\n");
	cprintf("expected:\n===\n%s===\ngot:\n===\n%s===\n",
		want + off, got + off);
}

void
umain(int argc, char **argv)
{
	int script, key, p[2], r, ngot, nwant, off;
	envid_t id;

	if ((script = open("/testshell.sh", O_RDONLY)) < 0)
		panic("open /testshell.sh: %e", script);
	if ((r = pipe(p)) < 0)
		panic("pipe: %e", r);

	cprintf("running sh -x < testshell.sh | cat\n");
	if ((id = fork()) < 0)
		panic("fork: %e", id);
	if (id == 0) {
		dup(script, 0);
		dup(p[1], 1);
		dup(p[1], 2);
		close(script);
		close(p[0]);
		close(p[1]);
		r = execl("/sh", "sh", "-x", NULL);
		panic("exec /sh: %e", r);
	}
	close(script);
	close(p[1]);

	ngot = slurp(p[0], got, "the shell's output");
	close(p[0]);
	r = wait(id);
	if ((key = open("/testshell.key", O_RDONLY)) < 0)
		panic("open /testshell.key: %e", key);
	nwant = slurp(key, want, "testshell.key");
	close(key);

	for (off = 0; off < ngot && off < nwant && got[off] == want[off]; off++)
		;
	if (off == ngot && off == nwant && ngot <= OUTMAX)
		cprintf("shell ran correctly\n");
	else
		wrong(off);
	if (r != 0)
		cprintf("testshell: sh ended with status %x\n", r);
}
