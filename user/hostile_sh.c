// The shell fed what a hostile student types: pipelines 100 and more
// stages deep, lines past the limit, quotes left open, dozens of
// redirections, binary bytes, $? expanded hundreds of times, more
// background jobs than the shell keeps, odd exit statuses. The script is
// written to /h.sh and run by `sh /h.sh`; each line's effect is on the
// console, and the shell must end by itself.

#include <inc/lib.h>

static int fd;

static void
put(const char *s)
{
	write(fd, s, strlen(s));
}

// n copies of s.
static void
rep(const char *s, int n)
{
	while (n-- > 0)
		put(s);
}

void
umain(int argc, char **argv)
{
	char bin[256];
	int i, r;
	envid_t sh;

	if ((fd = open("/h.sh", O_WRONLY | O_CREAT | O_TRUNC)) < 0)
		panic("open /h.sh: %e", fd);
	// 100 stages, then the most a line holds (128), then one more.
	put("echo deep");
	rep("|cat", 99);
	put("|wc -c\necho \"100 stages: $?\"\necho max");
	rep("|cat", 126);
	put("|wc -c\necho \"128 stages: $?\"\necho over");
	rep("|cat", 128);
	put("\necho \"129 stages: $?\"\n");
	// A line longer than the shell reads, then one it reads.
	put("echo ");
	rep("x", 1500);
	put("\necho after the long line\n");
	// Quotes left open, one of each kind, and a backslash at the end.
	put("echo 'open\necho \"open\necho back\\\n");
	// 40 inputs and 40 outputs on one command: the last of each counts.
	put("cat");
	rep(" < /motd", 40);
	for (i = 0; i < 40; i++) {
		char w[16];
		snprintf(w, sizeof(w), " > /r%d", i);
		put(w);
	}
	put("\nwc -c /r39 /r0\n");
	// Redirection to a directory, from a missing file, to a bad path.
	put("echo x > /\ncat < /nosuch\necho x > /nosuch/f\necho \"redirections: $?\"\n");
	// $? 400 times (three characters each after `false`... two here).
	put("false; echo ");
	rep("$?", 400);
	put(" | wc -c\n");
	// Binary: every byte but NUL and newline, then a NUL mid-line.
	for (i = 0; i < 254; i++)
		bin[i] = (char) (i < 9 ? i + 1 : i + 2);	// skips 0 and '\n'
	write(fd, bin, 254);
	put("\necho before");
	write(fd, "\0", 1);
	put("after nul\n");
	// More background jobs than the shell keeps (32), then wait.
	rep("true & ", 40);
	put("wait; echo \"jobs: $?\"\n");
	// Odd statuses for exit in a nested shell.
	put("echo 'exit 99999' > /e1; sh /e1; echo \"exit 99999: $?\"\n");
	put("echo 'exit -1' > /e2; sh /e2; echo \"exit -1: $?\"\n");
	put("echo 'exit abc' > /e3; sh /e3; echo \"exit abc: $?\"\n");
	put("echo end of script\n");
	close(fd);

	if ((sh = spawnl("/sh", "sh", "/h.sh", NULL)) < 0)
		panic("spawn sh: %e", sh);
	r = wait(sh);
	cprintf("hostile_sh: sh /h.sh ended with status %d\n", r);
}
