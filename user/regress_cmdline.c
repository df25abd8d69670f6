// Regression: the kernel command line reaches the program whole. It used
// to be cut at 1,023 bytes and 32 words, and each argument at 127 bytes,
// without a word. Prints what arrived, for the grader to compare with
// what was sent.

#include <inc/lib.h>

void
umain(int argc, char **argv)
{
	size_t total = 0, longest = 0;
	int i;

	for (i = 0; i < argc; i++) {
		total += strlen(argv[i]);
		longest = MAX(longest, strlen(argv[i]));
	}
	cprintf("regress_cmdline: argc %d, %u bytes, the longest %u\n", argc, total, longest);
	cprintf("regress_cmdline: first '%.20s', last '%.20s'\n", argv[1 % argc], argv[argc - 1]);
	if (argv[argc] != NULL)
		cprintf("regress_cmdline: FAILED: argv[argc] is not NULL\n");
}
