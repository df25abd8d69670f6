// A page-fault handler that reports the fault and exits.
#include <inc/lib.h>

static void
handler(struct UTrapframe *utf)
{
	uint32_t err = utf->utf_err;

	cprintf("faultdie: fault at va %08x, err %x [%s, %s], exiting\n",
		utf->utf_fault_va, err,
		err & FEC_WR ? "write" : "read",
		err & FEC_PR ? "protection" : "not-present");
	exit();
}

void
umain(int argc, char **argv)
{
	set_pgfault_handler(handler);
	cprintf("faultdie: writing to deadbeef\n");
	*(volatile int *) 0xdeadbeef = 0;
	cprintf("faultdie: the handler returned!\n");
}
