// wc [-lwc] [FILE...]: count lines, words and bytes of the files (or of
// standard input), and their total when there are several.

#include <inc/lib.h>
#include <inc/args.h>

static bool lflag, wflag, cflag;
static int status;

struct Count {
	int lines, words, bytes;
};

// One line: the counts asked for, then the name if there is one.
static void
show(const struct Count *c, const char *name)
{
	const char *sep = "";

	if (lflag) {
		printf("%7d", c->lines);
		sep = " ";
	}
	if (wflag) {
		printf("%s%7d", sep, c->words);
		sep = " ";
	}
	if (cflag)
		printf("%s%7d", sep, c->bytes);
	printf("%s%s\n", name ? " " : "", name ? name : "");
}

static void
count(int fd, const char *name, struct Count *c)
{
	static char buf[8192];
	bool inword = false;
	int n, i;

	while ((n = read(fd, buf, sizeof buf)) > 0) {
		c->bytes += n;
		for (i = 0; i < n; i++) {
			if (buf[i] == '\n')
				c->lines++;
			if (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\n' ||
			    buf[i] == '\r')
				inword = false;
			else if (!inword) {
				inword = true;
				c->words++;
			}
		}
	}
	if (n < 0) {
		fprintf(2, "wc: reading %s: %e\n", name, n);
		status = 1;
	}
}

void
umain(int argc, char **argv)
{
	struct Argstate args;
	struct Count c, total = { 0, 0, 0 };
	int i, fd;

	argstart(&argc, argv, &args);
	while ((i = argnext(&args)) >= 0) {
		if (i == 'l')
			lflag = true;
		else if (i == 'w')
			wflag = true;
		else if (i == 'c')
			cflag = true;
		else {
			fprintf(2, "usage: wc [-lwc] [FILE...]\n");
			exit(2);
		}
	}
	if (!lflag && !wflag && !cflag)
		lflag = wflag = cflag = true;
	if (argc == 1) {
		memset(&c, 0, sizeof c);
		count(0, "<stdin>", &c);
		show(&c, NULL);
	}
	for (i = 1; i < argc; i++) {
		if ((fd = open(argv[i], O_RDONLY)) < 0) {
			fprintf(2, "wc: %s: %e\n", argv[i], fd);
			status = 1;
			continue;
		}
		memset(&c, 0, sizeof c);
		count(fd, argv[i], &c);
		close(fd);
		show(&c, argv[i]);
		total.lines += c.lines;
		total.words += c.words;
		total.bytes += c.bytes;
	}
	if (argc > 2)
		show(&total, "total");
	exit(status);
}
