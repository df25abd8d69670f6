// touch FILE...: create the files that do not exist, empty. Files have no
// times here, so an existing file is left as it is.

#include <inc/lib.h>

void
umain(int argc, char **argv)
{
	struct Stat st;
	int i, fd, status = 0;

	if (argc < 2) {
		fprintf(2, "usage: touch FILE...\n");
		exit(2);
	}
	for (i = 1; i < argc; i++) {
		if (stat(argv[i], &st) == 0)
			continue;
		if ((fd = open(argv[i], O_WRONLY | O_CREAT)) < 0) {
			fprintf(2, "touch: %s: %e\n", argv[i], fd);
			status = 1;
		} else
			close(fd);
	}
	exit(status);
}
