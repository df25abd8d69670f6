// false: do nothing, unsuccessfully (exit status 1).

#include <inc/lib.h>

void
umain(int argc, char **argv)
{
	exit(1);
}
