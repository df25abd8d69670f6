// Spin locks, and the one lock the kernel takes: the big kernel lock.
//
// THE LOCK DISCIPLINE (read this before changing anything that runs on
// several CPUs)
//
// 1. kernel_lock, the big kernel lock, guards every kernel data structure:
//    envs[] and the free list, every environment's fields and page tables,
//    pages[] and the page allocator, the scheduler's state, IPC, the
//    console's input buffer and its waiters, the monitor, the audit. A CPU
//    holds it whenever it runs kernel code on behalf of anyone:
//      - trap() takes it on every entry from user mode, and on an
//        interrupt that wakes an idle CPU (kern/trap.c); a timer tick
//        that finds it held goes straight back to the environment or
//        the idle halt it interrupted (lock_for_trap);
//      - it is let go on the way back to user mode (env_pop_tf) and when
//        the CPU halts idle (kern/sched.c cpu_idle);
//      - CPU 0 holds it through boot; the other CPUs take it in mp_main
//        before they first schedule.
//    So at most one CPU runs kernel code at a time, and code that held it
//    on one CPU never meets half-done work of another.
// 2. What runs without it, and why that is safe:
//      - the trap entry (kern/trapentry.S) writes the trapping
//        environment's env_tf: that environment is ENV_RUNNING on this CPU,
//        so no other CPU runs it, and no kernel code changes the frame of
//        a running environment (kern/env.c env_destroy marks it ENV_DYING
//        instead, and its own CPU frees it);
//      - the TLB shootdown interrupt (T_IPI_TLB) touches only its own
//        CPU's TLB and cpu_tlb_flush flag (kern/mp.c);
//      - a CPU waiting for the lock answers shootdown requests while it
//        spins (spin_lock), so a holder waiting for it cannot deadlock;
//      - while the monitor runs (holding the lock), a CPU waiting for
//        the lock halts instead (kern/mp.c cpu_stop_wait), and trap()
//        only acknowledges the interrupts that wake it.
//    The lock is taken by spin_lock (xchg) and, on the sysenter path with
//    several CPUs, by kern/trapentry.S (a bit test-and-set of the same
//    word); either way `holder` is the taker's task register (cpu_tr()).
// 3. Interrupts are off whenever the lock is held or wanted (the kernel
//    runs with interrupts off, as always); the only place interrupts are
//    on in the kernel is the idle halt, with the lock released.
// 4. Environment states across CPUs: ENV_RUNNING means "on the CPU
//    env_cpunum", in user mode or in the kernel; the scheduler runs only
//    ENV_RUNNABLE ones, so an environment never runs on two CPUs.
// 5. Nothing sleeps holding the lock, and no other lock exists yet: there
//    is no order to keep. spin_lock panics if the CPU already holds the
//    lock (it would spin forever), spin_unlock if it does not;
//    kernel_locked() is what code that needs the lock asserts.
// 6. With one CPU there is nobody to keep out, and lock_kernel and
//    unlock_kernel do nothing (kernel_lock_smp is set once, at boot, when
//    a second CPU is found), as uniprocessor kernels compile locks away:
//    a system call then costs what it did before there were CPUs to lock
//    against.

#ifndef JOS_KERN_SPINLOCK_H
#define JOS_KERN_SPINLOCK_H
#ifndef JOS_KERNEL
# error "This is a JOS kernel header; user programs should not #include it"
#endif

#include <inc/types.h>
#include <inc/x86.h>
#include <kern/cpu.h>

struct spinlock {
	volatile uint32_t locked;	// bit 0 set while held
	uint32_t holder;		// the holding CPU's cpu_tr(), 0 if none
	const char *name;		// for panic messages
};

extern struct spinlock kernel_lock;
extern bool kernel_lock_smp;

void	spin_lock_slow(struct spinlock *lk);
void	spin_lock_bug(struct spinlock *lk, const char *what);

// Whether this CPU holds lk.
static inline bool
spin_holding(struct spinlock *lk)
{
	return lk->locked && lk->holder == cpu_tr();
}

// Inline: every system call takes and lets go of the kernel lock, and
// an uncontended lock costs one xchg this way.
static inline __attribute__((always_inline)) void
spin_lock(struct spinlock *lk)
{
	if (xchg(&lk->locked, 1) != 0)
		spin_lock_slow(lk);	// held by another CPU, or a bug
	// Nothing the lock guards may be read before it is taken: the
	// compiler must not move memory accesses above this point.
	asm volatile("" : : : "memory");
	lk->holder = cpu_tr();
}

// Take lk only if nobody holds it; whether it was taken.
static inline bool
spin_trylock(struct spinlock *lk)
{
	if (lk->locked || xchg(&lk->locked, 1) != 0)
		return false;
	asm volatile("" : : : "memory");
	lk->holder = cpu_tr();
	return true;
}

static inline __attribute__((always_inline)) void
spin_unlock(struct spinlock *lk)
{
	// lk->holder is 0 while lk is free.
	if (lk->holder != cpu_tr())
		spin_lock_bug(lk, "releasing a lock it does not hold");
	lk->holder = 0;
	// A plain store releases on x86: earlier stores are seen first. The
	// compiler must not move memory accesses past it either.
	asm volatile("" : : : "memory");
	lk->locked = 0;
}

static inline __attribute__((always_inline)) void
lock_kernel(void)
{
	if (kernel_lock_smp)
		spin_lock(&kernel_lock);
}

static inline __attribute__((always_inline)) void
unlock_kernel(void)
{
	if (kernel_lock_smp)
		spin_unlock(&kernel_lock);
}

// Whether this CPU may touch what the kernel lock guards.
static inline bool
kernel_locked(void)
{
	return !kernel_lock_smp || spin_holding(&kernel_lock);
}

#endif // !JOS_KERN_SPINLOCK_H
