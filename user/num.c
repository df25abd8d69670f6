// num [FILE...]: copy the files (or standard input) to standard output,
// each line preceded by its number, counting on across files as JOS's.

#include <inc/lib.h>

static char out[8192];
static int len, line;
static bool bol = true;		// the next byte starts a line

static void
flush(void)
{
	if (len > 0 && write(1, out, len) != len) {
		fprintf(2, "num: write error\n");
		exit(1);
	}
	len = 0;
}

static void
num(int fd, const char *name)
{
	static char buf[4096];
	int n, i;

	while ((n = read(fd, buf, sizeof buf)) > 0)
		for (i = 0; i < n; i++) {
			// Room for a number, its space and the byte.
			if (len + 16 > sizeof out)
				flush();
			if (bol)
				len += snprintf(out + len, 16, "%5d ", ++line);
			out[len++] = buf[i];
			bol = buf[i] == '\n';
		}
	if (n < 0) {
		flush();
		fprintf(2, "num: error reading %s: %e\n", name, n);
		exit(1);
	}
}

void
umain(int argc, char **argv)
{
	int i, fd;

	if (argc == 1)
		num(0, "<stdin>");
	for (i = 1; i < argc; i++) {
		if ((fd = open(argv[i], O_RDONLY)) < 0) {
			flush();
			fprintf(2, "num: can't open %s: %e\n", argv[i], fd);
			exit(1);
		}
		num(fd, argv[i]);
		close(fd);
	}
	flush();
}
