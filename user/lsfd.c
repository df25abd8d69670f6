// lsfd [-1]: list this program's open descriptors, as JOS's lsfd: on the
// console, or with -1 on standard output.

#include <inc/lib.h>
#include <inc/args.h>

void
umain(int argc, char **argv)
{
	struct Argstate args;
	struct Stat st;
	bool tofd1 = false;
	int i;

	argstart(&argc, argv, &args);
	while ((i = argnext(&args)) >= 0) {
		if (i != '1') {
			fprintf(2, "usage: lsfd [-1]\n");
			exit(2);
		}
		tofd1 = true;
	}
	for (i = 0; i < MAXFD; i++) {
		if (fstat(i, &st) < 0)
			continue;
		if (tofd1)
			printf("fd %d: name %s isdir %d size %d dev %s\n", i,
			       st.st_name, st.st_isdir, st.st_size,
			       st.st_dev->dev_name);
		else
			cprintf("fd %d: name %s isdir %d size %d dev %s\n", i,
				st.st_name, st.st_isdir, st.st_size,
				st.st_dev->dev_name);
	}
}
