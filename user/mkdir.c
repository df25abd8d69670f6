// mkdir DIR...: make directories (not their parents; an existing name is
// an error).

#include <inc/lib.h>

void
umain(int argc, char **argv)
{
	int i, fd, status = 0;

	if (argc < 2) {
		fprintf(2, "usage: mkdir DIR...\n");
		exit(2);
	}
	for (i = 1; i < argc; i++) {
		if ((fd = open(argv[i], O_MKDIR | O_EXCL)) < 0) {
			fprintf(2, "mkdir: %s: %e\n", argv[i], fd);
			status = 1;
		} else
			close(fd);
	}
	exit(status);
}
