#include <inc/lib.h>

// Wait until environment envid has ended; its exit status (inc/env.h), or
// -E_BAD_ENV for an id that names no environment, past or present. The
// caller sleeps in the kernel meanwhile, as JOS's spinning wait did not.
int
wait(envid_t envid)
{
	return sys_wait(envid);
}
