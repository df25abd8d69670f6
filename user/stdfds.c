// A program the kernel starts while the file server runs finds the
// console as descriptors 0, 1 and 2 (SPEC section 9), and a child it
// spawns inherits them. Under nofs it has no descriptors at all.
#include <inc/lib.h>

// Whether descriptors 0, 1 and 2 are all the console.
static bool
std_is_console(void)
{
	struct Stat st;
	int i;

	for (i = 0; i <= 2; i++)
		if (iscons(i) != 1 || fstat(i, &st) < 0 || strcmp(st.st_name, "<cons>") != 0)
			return false;
	return true;
}

void
umain(int argc, char **argv)
{
	const char *who = argc > 1 ? "spawned child" : "first program";
	envid_t child;
	struct Fd *fd;

	if (fd_lookup(0, &fd) < 0) {
		cprintf("stdfds: %s: no descriptor 0\n", who);
		return;
	}
	if (!std_is_console())
		panic("descriptors 0-2 are not the console");
	printf("stdfds: %s: 0, 1 and 2 are the console (printf)\n", who);
	fprintf(2, "stdfds: %s: %s to descriptor %d\n", who, "fprintf", 2);
	if (argc > 1)
		return;
	if ((child = spawnl("/stdfds", "stdfds", "child", NULL)) < 0)
		panic("spawn: %e", child);
	wait(child);
}
