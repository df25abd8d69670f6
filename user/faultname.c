// sys_env_set_name's checks, then a lie: this program claims to be
// faultread and faults. The kernel must not name the function, since
// the code at the faulting address is not faultread's.
#include <inc/lib.h>

static void
check(const char *what, int got, int want)
{
	if (got != want)
		panic("%s: got %e, want %e", what, got, want);
	if (got == 0)
		cprintf("faultname: %s: ok\n", what);
	else
		cprintf("faultname: %s: %e\n", what, got);
}

void
umain(int argc, char **argv)
{
	char name[ENV_NAMELEN + 1];

	memset(name, 'a', ENV_NAMELEN);
	name[ENV_NAMELEN] = '\0';
	check("a name too long", sys_env_set_name(0, name), -E_INVAL);
	name[ENV_NAMELEN - 1] = '\0';
	check("the longest name", sys_env_set_name(0, name), 0);
	check("a space", sys_env_set_name(0, "fault read"), -E_INVAL);
	check("a kernel pointer", sys_env_set_name(0, (char *) KERNBASE), -E_FAULT);
	check("an unmapped pointer", sys_env_set_name(0, (char *) 0), -E_FAULT);
	check("no such env", sys_env_set_name(thisenv->env_id + NENV, "x"), -E_BAD_ENV);
	check("my own name", sys_env_set_name(0, "faultread"), 0);
	cprintf("faultname: I am %s now; reading address 0\n", thisenv->env_name);
	cprintf("faultname: read %08x from address 0!\n", *(volatile unsigned *) 0);
}
