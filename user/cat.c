// cat [FILE...]: copy the files, or standard input, to standard output.

#include <inc/lib.h>

static char buf[8192];

// Copies fd to standard output; false on an error (said on fd 2).
static bool
cat(int fd, const char *name)
{
	ssize_t n, r;

	while ((n = read(fd, buf, sizeof buf)) > 0)
		if ((r = write(1, buf, n)) != n) {
			if (r < 0)
				fprintf(2, "cat: write error: %e\n", r);
			else
				fprintf(2, "cat: short write (%d of %d bytes)\n", r, n);
			exit(1);
		}
	if (n < 0) {
		fprintf(2, "cat: error reading %s: %e\n", name, n);
		return false;
	}
	return true;
}

void
umain(int argc, char **argv)
{
	int i, fd, status = 0;

	if (argc == 1 && !cat(0, "<stdin>"))
		status = 1;
	for (i = 1; i < argc; i++) {
		if ((fd = open(argv[i], O_RDONLY)) < 0) {
			fprintf(2, "cat: can't open %s: %e\n", argv[i], fd);
			status = 1;
			continue;
		}
		if (!cat(fd, argv[i]))
			status = 1;
		close(fd);
	}
	exit(status);
}
