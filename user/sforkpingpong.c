// sfork(): parent and child share their data (a counter in the bss) but
// not their stacks or thisenv. They take turns over IPC; each increments
// the shared counter and checks that it sees the other's increments.

#include <inc/lib.h>

uint32_t shared;	// in the bss: shared by sfork

void
umain(int argc, char **argv)
{
	envid_t who;
	uint32_t i, turns = 0;

	if ((who = sfork()) != 0) {
		cprintf("sforkpingpong: i am %08x, sending to %08x\n", sys_getenvid(), who);
		ipc_send(who, 0, 0, 0);
	}
	while (1) {
		i = ipc_recv(&who, 0, 0);
		if (i != shared)
			panic("sforkpingpong: got %u but the shared counter is %u", i, shared);
		cprintf("%08x got %u from %08x (thisenv is %08x)\n",
			sys_getenvid(), i, who, thisenv->env_id);
		if (thisenv->env_id != sys_getenvid())
			panic("sforkpingpong: thisenv is another environment's");
		if (i >= 10)
			break;
		shared++;
		turns++;
		ipc_send(who, shared, 0, 0);
		if (shared >= 10)
			break;
	}
	cprintf("sforkpingpong: %08x done after %u turns\n", sys_getenvid(), turns);
}
