// Spin locks: the waiting side. The discipline is in kern/spinlock.h.

#include <inc/assert.h>
#include <inc/x86.h>

#include <kern/spinlock.h>
#include <kern/cpu.h>

struct spinlock kernel_lock = { .name = "kernel_lock" };
bool kernel_lock_smp;		// more than one CPU: lock_kernel locks

// Debug builds (make EXTRA_CFLAGS=-DSPIN_DEBUG) take a holder that keeps
// the lock this many turns of the wait loop (seconds under QEMU) to be
// stuck: a deadlock, or a CPU that died holding it. Not by default: the
// monitor holds the lock while it waits for someone to type.
#define SPIN_LIMIT	500000000U

void
spin_lock_bug(struct spinlock *lk, const char *what)
{
	uint32_t holder = lk->holder;

	panic("CPU %d, %s: %s (held by CPU %d)", cpunum(), lk->name, what,
	      holder ? (int) (holder - GD_TSS0) >> 3 : -1);
}

// lk was taken when spin_lock tried it: wait for it. A CPU waiting here
// has interrupts off, so it answers TLB shootdowns itself (kern/mp.c):
// the holder may be waiting for exactly that.
void
spin_lock_slow(struct spinlock *lk)
{
#ifdef SPIN_DEBUG
	uint32_t n = 0;
#endif

	if (lk->holder == cpu_tr())
		spin_lock_bug(lk, "taking a lock it already holds");
	// With interrupts on, the holder's shootdown request could be
	// answered in an interrupt handler that wants the lock: rule 3.
	if (read_eflags() & FL_IF)
		spin_lock_bug(lk, "waiting with interrupts on");
	do {
		pause();
		tlb_shootdown_answer();
		if (cpus_stopped)
			cpu_stop_wait();
#ifdef SPIN_DEBUG
		if (++n == SPIN_LIMIT)
			spin_lock_bug(lk, "waited too long for a lock");
#endif
	} while (lk->locked || xchg(&lk->locked, 1) != 0);
}
