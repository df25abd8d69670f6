// The scheduler: round robin over envs[], starting after the environment
// that ran last on any CPU. Every CPU runs it, holding the kernel lock
// (kern/spinlock.h); it picks only environments no other CPU runs.

#include <inc/assert.h>
#include <inc/x86.h>

#include <kern/env.h>
#include <kern/pmap.h>
#include <kern/monitor.h>
#include <kern/sched.h>
#include <kern/cmdline.h>
#include <kern/audit.h>
#include <kern/swap.h>
#include <kern/proc.h>
#include <kern/cpu.h>
#include <kern/spinlock.h>

// The envs[] slot that ran last: the scan starts after it.
static uint32_t last_run;

static void sched_run_next(void) __attribute__((noreturn));

// An environment was just created or made runnable by its parent: work a
// CPU halted idle can take, rather than sleep until its next timer tick.
// (Not on every wake-up: an IPC partner that wakes the other usually
// blocks next, and its CPU runs the woken one.)
void
sched_wake_idle_cpu(void)
{
	int cpu;

	for (cpu = 0; cpu < ncpu; cpu++)
		if (cpus[cpu].cpu_status == CPU_HALTED) {
			cpu_kick(cpu);
			return;
		}
}

// Pick a runnable environment and run it; if there is none, run the
// current one again if it can; otherwise this CPU, or the system, is idle.
void
sched_yield(void)
{
	if (curenv)
		last_run = ENVX(curenv->env_id);
	sched_run_next();
}

// Like sched_yield, but the scan starts after environment id instead of
// the current one. A receiver blocking in sys_ipc_recv passes its last
// sender: senders polling with sys_ipc_try_send then take turns, instead
// of the one in the slot after the receiver winning every time (a client
// flooding the file server would starve all the others).
void
sched_yield_after(envid_t id)
{
	last_run = ENVX(id);
	sched_run_next();
}

// Run the first runnable environment after slot last_run.
static void
sched_run_next(void)
{
	uint32_t i, n = env_hiwater;
	struct Env *cur = curenv;

	// Slots at and above env_hiwater are all free: no need to look there.
	// A runnable environment may still be on another CPU (its parent
	// made it runnable while it ran): not ours to run.
	for (i = 1; i <= n; i++) {
		struct Env *e = &envs[(last_run + i) % n];
		if (e->env_status == ENV_RUNNABLE && !env_on_other_cpu(e))
			env_run(e);
	}
	if (cur && cur->env_status == ENV_RUNNING)
		env_run(cur);
	sched_halt();
}

// Whether another CPU runs an environment (and may make more runnable).
static bool
other_cpus_busy(void)
{
	int i, me = cpunum();

	for (i = 0; i < ncpu; i++)
		if (i != me && cpus[i].cpu_env)
			return true;
	return false;
}

// With nothing runnable and no console input to come, nothing ever will
// be: one blocked now (in sys_ipc_recv, sys_wait, never made runnable, or
// reading a console nobody types at) is blocked for good. Free those, so
// that the idle page count shows leaks. All are named before any is freed:
// freeing one may end another's wait.
static void
free_blocked_envs(void)
{
	uint32_t i;

	// The file server waits for requests by design: no news.
	for (i = 0; i < env_hiwater; i++)
		if (envs[i].env_status != ENV_FREE && envs[i].env_type != ENV_TYPE_FS)
			cprintf("[%08x] blocked forever (%s): freeing it\n",
				envs[i].env_id, proc_wait_reason(&envs[i]));
	for (i = 0; i < env_hiwater; i++)
		if (envs[i].env_status != ENV_FREE)
			env_free(&envs[i]);
}

// Sleep until an interrupt, on a fresh kernel stack, with the kernel lock
// released: the interrupt's trap() takes it again and ends in
// sched_yield(), which comes back here while nothing runs. The local APIC
// timer wakes every idle CPU a hundred times a second to look again.
static void __attribute__((noreturn))
cpu_idle(void)
{
	struct CpuInfo *c = thiscpu;

	c->cpu_status = CPU_HALTED;
	unlock_kernel();
	asm volatile("movl $0, %%ebp\n"
		     "movl %0, %%esp\n"
		     "sti\n"
		     "1: hlt\n"
		     "jmp 1b\n"
		     : : "r" (KSTACKTOP_CPU(c->cpu_id)));
	__builtin_unreachable();
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

// Nothing for this CPU to run. While another CPU runs an environment,
// or someone at the console may still type, this one halts until an
// interrupt. Otherwise the whole system is idle, and the last CPU to
// stop says so, once: the others are halted and stay out of the kernel
// while it holds the lock.
void
sched_halt(void)
{
	env_leave_cpu();
	if (other_cpus_busy() || (proc_reading_console() && !cmdline.batch))
		cpu_idle();
	free_blocked_envs();
	cprintf("No runnable environments in the system!\n");
	swap_idle();
	cprintf("free pages: %u (idle)\n", page_free_count());
	swap_print();
	if (cmdline.audit)
		audit_pages(true);
	if (cmdline.batch)
		kernel_exit(0);
	for (;;)
		monitor(NULL);
}
