// Called from lib/entry.S: set up what the library keeps about the
// program, run umain, and exit when it returns.

#include <inc/lib.h>

// thisenv has a page of its own (user/user.ld), which sfork() keeps
// private while it shares all other data.
const volatile struct Env *thisenv __attribute__((section(".bss.thisenv")));
const char *binaryname = "<unknown>";

// A program the kernel starts while the file server runs (SPEC section 9)
// finds the console as descriptors 0, 1 and 2, as one init starts would.
// The file server is always the first environment; with the kernel option
// nofs there is none, and programs of labs 3 and 4 start with no
// descriptors, as they always did. (An orphan, whose parent id is also 0,
// gets the console only if it has no descriptor 0 either.)
static void
open_console(void)
{
	struct Fd *fd;

	if (thisenv->env_parent_id != 0 || thisenv->env_type != ENV_TYPE_USER ||
	    envs[0].env_type != ENV_TYPE_FS || fd_lookup(0, &fd) == 0)
		return;
	if (opencons() == 0) {
		dup(0, 1);
		dup(0, 2);
	}
}

void
libmain(int argc, char **argv)
{
	thisenv = &envs[ENVX(sys_getenvid())];
	open_console();

	// Panics name the program.
	if (argc > 0)
		binaryname = argv[0];

	umain(argc, argv);
	exit();
}
