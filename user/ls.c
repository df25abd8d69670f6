// ls [-dFl] [PATH...]: list directories, as JOS's ls. A directory shows
// its entries (unless -d), each prefixed by the path given; -l adds the
// size and a type letter (d or -), -F a slash after directory names.

#include <inc/lib.h>
#include <inc/args.h>

static bool dflag, Fflag, lflag;
static int status;

static void
ls1(const char *prefix, bool isdir, off_t size, const char *name)
{
	const char *sep;

	if (lflag)
		printf("%11d %c ", size, isdir ? 'd' : '-');
	if (prefix) {
		sep = prefix[0] && prefix[strlen(prefix) - 1] != '/' ? "/" : "";
		printf("%s%s", prefix, sep);
	}
	printf("%s%s\n", name, Fflag && isdir ? "/" : "");
}

// A directory is an array of struct File; an empty name is a free slot.
static void
lsdir(const char *path, const char *prefix)
{
	struct File f;
	int fd, n;

	if ((fd = open(path, O_RDONLY)) < 0) {
		fprintf(2, "ls: %s: %e\n", path, fd);
		status = 1;
		return;
	}
	while ((n = readn(fd, &f, sizeof f)) == sizeof f)
		if (f.f_name[0])
			ls1(prefix, f.f_type == FTYPE_DIR, f.f_size, f.f_name);
	if (n < 0) {
		fprintf(2, "ls: reading %s: %e\n", path, n);
		status = 1;
	}
	close(fd);
}

static void
ls(const char *path, const char *prefix)
{
	struct Stat st;
	int r;

	if ((r = stat(path, &st)) < 0) {
		fprintf(2, "ls: %s: %e\n", path, r);
		status = 1;
	} else if (st.st_isdir && !dflag)
		lsdir(path, prefix);
	else
		ls1(NULL, st.st_isdir, st.st_size, path);
}

void
umain(int argc, char **argv)
{
	struct Argstate args;
	int i;

	argstart(&argc, argv, &args);
	while ((i = argnext(&args)) >= 0) {
		if (i == 'd')
			dflag = true;
		else if (i == 'F')
			Fflag = true;
		else if (i == 'l')
			lflag = true;
		else {
			fprintf(2, "usage: ls [-dFl] [PATH...]\n");
			exit(2);
		}
	}
	if (argc == 1)
		ls("/", "");
	for (i = 1; i < argc; i++)
		ls(argv[i], argv[i]);
	exit(status);
}
