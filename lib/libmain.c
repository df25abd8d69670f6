// Called from lib/entry.S: set up what the library keeps about the
// program, run umain, and exit when it returns.

#include <inc/lib.h>

// thisenv has a page of its own (user/user.ld), which sfork() keeps
// private while it shares all other data.
const volatile struct Env *thisenv __attribute__((section(".bss.thisenv")));
const char *binaryname = "<unknown>";

void
libmain(int argc, char **argv)
{
	thisenv = &envs[ENVX(sys_getenvid())];

	// Panics name the program.
	if (argc > 0)
		binaryname = argv[0];

	umain(argc, argv);
	exit();
}
