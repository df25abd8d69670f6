// rm PATH...: remove files and empty directories.

#include <inc/lib.h>

void
umain(int argc, char **argv)
{
	int i, r, status = 0;

	if (argc < 2) {
		fprintf(2, "usage: rm PATH...\n");
		exit(2);
	}
	for (i = 1; i < argc; i++)
		if ((r = remove(argv[i])) < 0) {
			fprintf(2, "rm: %s: %e\n", argv[i], r);
			status = 1;
		}
	exit(status);
}
