// echo [-n] [WORD...]: print the words, separated by spaces, and a
// newline unless -n. One write, so a pipe or file gets the line whole.

#include <inc/lib.h>

static char buf[4096];
static int len;

static void
put(const char *s)
{
	int n;

	for (; *s; s += n) {
		if (len == sizeof buf) {
			write(1, buf, len);
			len = 0;
		}
		n = MIN(strlen(s), sizeof buf - len);
		memcpy(buf + len, s, n);
		len += n;
	}
}

void
umain(int argc, char **argv)
{
	bool newline = true;
	int i = 1;

	if (argc > 1 && strcmp(argv[1], "-n") == 0) {
		newline = false;
		i++;
	}
	for (; i < argc; i++) {
		put(argv[i]);
		if (i + 1 < argc)
			put(" ");
	}
	if (newline)
		put("\n");
	if (len > 0 && write(1, buf, len) != len)
		exit(1);
}
