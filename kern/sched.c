// The scheduler: round robin over envs[], starting after the environment
// that ran last.

#include <inc/assert.h>
#include <inc/x86.h>

#include <kern/env.h>
#include <kern/pmap.h>
#include <kern/monitor.h>
#include <kern/sched.h>
#include <kern/cmdline.h>
#include <kern/audit.h>

// The envs[] slot that ran last: the scan starts after it.
static uint32_t last_run;

// Pick a runnable environment and run it; if there is none, run the
// current one again if it can; otherwise the system is idle.
void
sched_yield(void)
{
	uint32_t i, n = env_hiwater;

	if (curenv)
		last_run = ENVX(curenv->env_id);
	// Slots at and above env_hiwater are all free: no need to look there.
	for (i = 1; i <= n; i++) {
		struct Env *e = &envs[(last_run + i) % n];
		if (e->env_status == ENV_RUNNABLE)
			env_run(e);
	}
	if (curenv && curenv->env_status == ENV_RUNNING)
		env_run(curenv);
	sched_halt();
}

// With nothing runnable, nothing ever will be: no environment waits for a
// device, so one blocked now (in sys_ipc_recv, or never made runnable) is
// blocked for good. Free those, so that the idle page count shows leaks.
static void
free_blocked_envs(void)
{
	uint32_t i;

	for (i = 0; i < env_hiwater; i++) {
		struct Env *e = &envs[i];
		if (e->env_status == ENV_FREE)
			continue;
		// The file server waits for requests by design: no news.
		if (e->env_type != ENV_TYPE_FS)
			cprintf("[%08x] blocked forever (%s): freeing it\n", e->env_id,
				e->env_ipc_recving ? "in ipc_recv" : "not runnable");
		env_free(e);
	}
}

// QEMU's isa-debug-exit device (see conf/batch.sh): a value v written to
// its port makes QEMU exit with status (v << 1) | 1, here 33 or 35, which
// nothing else in QEMU exits with.
#define DEBUG_EXIT_PORT		0xf4
#define DEBUG_EXIT_DONE		0x10
#define DEBUG_EXIT_FAILED	0x11

// End a batch run: QEMU exits with status 33 (done) or 35 (failed).
void
kernel_exit(int failed)
{
	outb(DEBUG_EXIT_PORT, failed ? DEBUG_EXIT_FAILED : DEBUG_EXIT_DONE);
	// Without that device (make qemu), there is nobody to exit to.
	for (;;)
		monitor(NULL);
}

void
sched_halt(void)
{
	curenv = NULL;
	lcr3(PADDR(kern_pgdir));
	free_blocked_envs();
	cprintf("No runnable environments in the system!\n");
	cprintf("free pages: %u (idle)\n", page_free_count());
	if (cmdline.audit)
		audit_pages(true);
	if (cmdline.batch)
		kernel_exit(0);
	for (;;)
		monitor(NULL);
}
