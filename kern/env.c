// Environments: the kernel's name for user processes. Each has an address
// space (env_pgdir) and, while not running, its registers (env_tf).

#include <inc/x86.h>
#include <inc/mmu.h>
#include <inc/error.h>
#include <inc/string.h>
#include <inc/assert.h>

#include <kern/env.h>
#include <kern/pmap.h>
#include <kern/trap.h>
#include <kern/monitor.h>
#include <kern/sched.h>
#include <kern/cmdline.h>
#include <kern/proc.h>
#include <kern/syscall.h>
#include <kern/spinlock.h>
#include <kern/sysenter.h>

struct Env *envs = NULL;		// all environments, mapped at UENVS
struct FpuState *env_fpu;		// their FPU registers while not running
static struct FpuState fpu_initial;	// the FPU just after fninit
static struct Env *env_free_list;	// free slots, lowest index first
uint32_t env_hiwater;			// one past the highest slot in use

// Generations start above the index bits, so the first id is 0x1000.
#define ENVGENSHIFT	12
// After this many generations of one slot its ids come back (ids stay
// positive). The kernel option envgens=N makes it N, so that a test can
// reach the wrap without half a million environments.
#define ENVGEN_MAX	(0x7FFFFFFFU >> ENVGENSHIFT)

// The global descriptor table: flat kernel and user segments (the user ones
// with DPL 3), and a task state segment per CPU, filled in by
// trap_init_percpu().
struct Segdesc gdt[] =
{
	SEG_NULL,
	[GD_KT >> 3] = SEG(STA_X | STA_R, 0x0, 0xffffffff, 0),
	[GD_KD >> 3] = SEG(STA_W, 0x0, 0xffffffff, 0),
	[GD_UT >> 3] = SEG(STA_X | STA_R, 0x0, 0xffffffff, 3),
	[GD_UD >> 3] = SEG(STA_W, 0x0, 0xffffffff, 3),
	[(GD_TSS0 >> 3) + NCPU - 1] = SEG_NULL
};

struct Pseudodesc gdt_pd = {
	sizeof(gdt) - 1, (unsigned long) gdt
};

// Look up envid. Id 0 means the current environment. With checkperm, the
// caller may name only itself and its children. Returns 0 or -E_BAD_ENV.
int
envid2env(envid_t envid, struct Env **env_store, bool checkperm)
{
	struct Env *e;

	if (envid == 0) {
		*env_store = curenv;
		return 0;
	}
	// A stale or made-up id fails the comparison with the slot's own id.
	// One that is dying (kern/env.c env_destroy) is as good as gone.
	e = &envs[ENVX(envid)];
	if (e->env_status == ENV_FREE || e->env_status == ENV_DYING || e->env_id != envid ||
	    (checkperm && e != curenv && e->env_parent_id != curenv->env_id)) {
		*env_store = NULL;
		return -E_BAD_ENV;
	}
	*env_store = e;
	return 0;
}

static void
fpu_save(struct FpuState *fpu)
{
	asm volatile("fnsave %0" : "=m" (*fpu));	// also resets the FPU
}

static void
fpu_restore(struct FpuState *fpu)
{
	asm volatile("frstor %0" : : "m" (*fpu));
}

// A program that exec replaced starts with a fresh FPU.
void
env_reset_fpu(struct Env *e)
{
	if (e == curenv)
		fpu_restore(&fpu_initial);
	else
		env_fpu[ENVX(e->env_id)] = fpu_initial;
}

// A new child of the running environment gets a copy of its FPU registers.
void
env_copy_fpu(struct Env *child)
{
	fpu_save(&env_fpu[ENVX(child->env_id)]);
	fpu_restore(&env_fpu[ENVX(child->env_id)]);
}

void
env_init(void)
{
	int i;

	asm volatile("fninit");
	fpu_save(&fpu_initial);

	for (i = NENV - 1; i >= 0; i--) {
		envs[i].env_id = 0;
		envs[i].env_status = ENV_FREE;
		envs[i].env_link = env_free_list;
		env_free_list = &envs[i];
	}
	env_init_percpu();
}

// Load the GDT and put every segment register on it.
void
env_init_percpu(void)
{
	lgdt(&gdt_pd);
	// The user may use %gs and %fs as it likes; the kernel never does.
	asm volatile("movw %%ax,%%gs" : : "a" (GD_UD | 3));
	asm volatile("movw %%ax,%%fs" : : "a" (GD_UD | 3));
	asm volatile("movw %%ax,%%es" : : "a" (GD_KD));
	asm volatile("movw %%ax,%%ds" : : "a" (GD_KD));
	asm volatile("movw %%ax,%%ss" : : "a" (GD_KD));
	asm volatile("ljmp %0,$1f\n 1:\n" : : "i" (GD_KT));
	lldt(0);
}

// A new page directory: empty below UTOP; above it, the kernel's own page
// tables, shared by pointing at them (copying 69 directory entries, not
// the tables); and UVPT mapping the directory itself.
static int
env_setup_vm(struct Env *e)
{
	struct PageInfo *p = page_alloc(ALLOC_NEWSPACE);	// every entry is written below

	if (!p)
		return -E_NO_MEM;
	p->pp_ref++;
	e->env_pgdir = page2kva(p);
	memset(e->env_pgdir, 0, PDX(UTOP) * sizeof(pde_t));
	memcpy(e->env_pgdir + PDX(UTOP), kern_pgdir + PDX(UTOP),
	       (NPDENTRIES - PDX(UTOP)) * sizeof(pde_t));
	e->env_pgdir[PDX(UVPT)] = PADDR(e->env_pgdir) | PTE_P | PTE_U;
	pt_use_of(page2pa(p))->groups = 0;
	return 0;
}

// Take a free slot and give it an address space and fresh user registers.
// Returns 0, -E_NO_FREE_ENV or -E_NO_MEM.
int
env_alloc(struct Env **newenv_store, envid_t parent_id)
{
	struct Env *e = env_free_list;
	uint32_t generation;
	int r;

	if (!e)
		return -E_NO_FREE_ENV;
	if ((r = env_setup_vm(e)) < 0)
		return r;

	generation = (e->env_id >> ENVGENSHIFT) + 1;
	if (generation > MIN(ENVGEN_MAX, cmdline.envgens ? cmdline.envgens : ENVGEN_MAX))
		generation = 1;
	e->env_id = (generation << ENVGENSHIFT) | (e - envs);
	e->env_parent_id = parent_id;
	e->env_type = ENV_TYPE_USER;
	e->env_status = ENV_RUNNABLE;
	e->env_runs = 0;
	e->env_cpunum = 0;
	e->env_pgfault_upcall = 0;
	e->env_ipc_recving = 0;
	e->env_ipc_dstva = 0;
	e->env_ipc_value = 0;
	e->env_ipc_from = 0;
	e->env_ipc_perm = 0;
	e->env_exit_status = EXIT_DESTROYED;
	e->env_wait_for = 0;
	e->env_cons_wait = 0;
	e->env_name[0] = '\0';
	env_fpu[ENVX(e->env_id)] = fpu_initial;

	// User segments at privilege 3, the stack at its top, interrupts on
	// (user code cannot turn them off: IOPL stays 0).
	memset(&e->env_tf, 0, sizeof(e->env_tf));
	e->env_tf.tf_ds = GD_UD | 3;
	e->env_tf.tf_es = GD_UD | 3;
	e->env_tf.tf_ss = GD_UD | 3;
	e->env_tf.tf_esp = USTACKTOP;
	e->env_tf.tf_cs = GD_UT | 3;
	e->env_tf.tf_eflags = FL_IF;

	env_free_list = e->env_link;
	e->env_link = NULL;
	if (ENVX(e->env_id) >= env_hiwater)
		env_hiwater = ENVX(e->env_id) + 1;
	*newenv_store = e;

	cprintf("[%08x] new env %08x\n", curenv ? curenv->env_id : 0, e->env_id);
	if (ncpu > 1)
		sched_wake_idle_cpu();
	return 0;
}

// e's children outlive it as orphans: they lose their parent, so that no
// later environment that gets e's id back (ids wrap, see ENVGEN_MAX) can
// act on them as their parent.
static void
env_orphan_children(struct Env *e)
{
	uint32_t i;

	for (i = 0; i < env_hiwater; i++)
		if (envs[i].env_parent_id == e->env_id && envs[i].env_status != ENV_FREE)
			envs[i].env_parent_id = 0;
}

// Free e and everything it holds.
void
env_free(struct Env *e)
{
	assert(kernel_locked());
	// Its CPU would go on using the address space freed here.
	assert(!env_on_other_cpu(e));
	// Leave e's address space before tearing it down.
	if (e == curenv)
		lcr3(PADDR(kern_pgdir));

	cprintf("[%08x] free env %08x\n", curenv ? curenv->env_id : 0, e->env_id);
	env_free_address_space(e);
	env_orphan_children(e);
	proc_env_freed(e);
	ipc_env_freed(e);

	e->env_status = ENV_FREE;
	e->env_link = env_free_list;
	env_free_list = e;
	while (env_hiwater > 0 && envs[env_hiwater - 1].env_status == ENV_FREE)
		env_hiwater--;
}

// Destroy e: killed by the trap being handled if it is the current
// environment, else by another one. If e is the current environment, run
// another: no return. One running on another CPU cannot be freed under
// it: it becomes ENV_DYING, and that CPU frees it as soon as it enters
// the kernel (kern/trap.c), which an interrupt makes it do at once.
void
env_destroy(struct Env *e)
{
	if (env_on_other_cpu(e)) {
		e->env_exit_status = EXIT_DESTROYED;
		e->env_status = ENV_DYING;
		cpu_kick(e->env_cpunum);
		return;
	}
	env_end(e, e == curenv ? EXIT_KILLED | EXIT_TRAPNO(e->env_tf.tf_trapno)
			       : EXIT_DESTROYED);
}

// Restore the registers in tf and return to user mode with iret. The
// frame is usually curenv->env_tf itself, where the trap saved it.
void
env_pop_tf(struct Trapframe *tf)
{
	asm volatile(
		"\tmovl %0,%%esp\n"
		"\tpopal\n"
		"\tpopl %%es\n"
		"\tpopl %%ds\n"
		"\taddl $0x8,%%esp\n"	// tf_trapno and tf_err
		"\tiret\n"
		: : "g" (tf) : "memory");
	panic("iret failed");
}

// With the `timing` option, say how long the boot took, once.
static void
report_boot_time(void)
{
	extern uint64_t entry_tsc;
	static bool reported;

	if (!reported) {
		reported = true;
		cprintf("timing: kernel entry to first user instruction: %llu cycles\n",
			read_tsc() - entry_tsc);
	}
}

// Give the CPU to e.
void
env_run(struct Env *e)
{
	struct CpuInfo *c = thiscpu;
	struct Env *cur = c->cpu_env;

	// Returning to the environment that trapped needs no switch at all:
	// its address space is loaded and its TLB entries are still good.
	if (e != cur) {
		if (cur && cur->env_status == ENV_RUNNING)
			cur->env_status = ENV_RUNNABLE;
		// The FPU's registers go with the environment: keep the old
		// one's (unless it died), load the new one's. %fs and %gs are not
		// in the trap frame: every environment finds the user data
		// segment there.
		asm volatile("movw %w0,%%fs; movw %w0,%%gs" : : "r" (GD_UD | 3));
		if (cur)
			fpu_save(&env_fpu[ENVX(cur->env_id)]);
		else
			asm volatile("fninit");	// drop a dead one's pending exception
		fpu_restore(&env_fpu[ENVX(e->env_id)]);
		c->cpu_env = e;
		// Where trapentry.S finds this CPU's stack, and where the CPU
		// saves e's registers on its next trap (kern/trapentry.S).
		e->env_cpunum = c->cpu_id;
		e->env_kstacktop = KSTACKTOP_CPU(c->cpu_id);
		c->cpu_ts.ts_esp0 = (uintptr_t) (&e->env_tf + 1);
		sysenter_set_frame(&e->env_tf);
		lcr3(PADDR(e->env_pgdir));
		if (cmdline.timing)
			report_boot_time();
	}
	e->env_status = ENV_RUNNING;
	e->env_runs++;
	// Leaving the kernel: other CPUs may enter it now.
	unlock_kernel();
	env_pop_tf(&e->env_tf);
}

// This CPU stops running curenv (it blocked or the CPU goes idle): its
// FPU registers are kept for whichever CPU runs it next, and the CPU is
// left on the kernel's page directory.
void
env_leave_cpu(void)
{
	if (curenv)
		fpu_save(&env_fpu[ENVX(curenv->env_id)]);
	curenv = NULL;
	lcr3(PADDR(kern_pgdir));
}

static const char *
env_status_name(unsigned status)
{
	static const char *const names[] = {
		[ENV_FREE] = "free", [ENV_DYING] = "dying",
		[ENV_RUNNABLE] = "runnable", [ENV_RUNNING] = "running",
		[ENV_NOT_RUNNABLE] = "not runnable",
	};
	return status < ARRAY_SIZE(names) ? names[status] : "?";
}

// One line per environment in use, for the monitor's `ps`.
void
env_print_list(void)
{
	uint32_t i;

	cprintf("env       parent    status        runs      eip       program\n");
	for (i = 0; i < env_hiwater; i++) {
		struct Env *e = &envs[i];
		if (e->env_status == ENV_FREE)
			continue;
		cprintf("%08x  %08x  %-12s  %8u  %08x  %s%s\n", e->env_id, e->env_parent_id,
			env_status_name(e->env_status), e->env_runs, e->env_tf.tf_eip,
			e->env_name[0] ? e->env_name : "?", e->env_ipc_recving ? "  (in ipc_recv)" : "");
	}
}
