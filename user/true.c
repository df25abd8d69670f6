// true: do nothing, successfully (exit status 0).

#include <inc/lib.h>

void
umain(int argc, char **argv)
{
}
