// Several CPUs: what each one has of its own, and how code finds its CPU.

#ifndef JOS_KERN_CPU_H
#define JOS_KERN_CPU_H
#ifndef JOS_KERNEL
# error "This is a JOS kernel header; user programs should not #include it"
#endif

#include <inc/types.h>
#include <inc/memlayout.h>
#include <inc/mmu.h>
#include <inc/env.h>

// The most CPUs the kernel runs on; more are left halted.
#define NCPU		8

// Where a CPU stands (cpu_status).
enum {
	CPU_UNUSED = 0,		// found, not started (yet)
	CPU_STARTED,		// running the kernel or an environment
	CPU_HALTED,		// idle: halted until an interrupt, lock released
	CPU_STOPPED,		// stopped while the monitor runs (cpus_stop_others)
};

// Per-CPU state. CPU i is cpus[i]: its TSS is GDT entry GD_TSS0 + 8*i and
// its kernel stack is the i-th one below KSTACKTOP (inc/memlayout.h).
// CPUINFO_SIZE bytes each (a power of two: see thiscpu).
#define CPUINFO_SIZE	128
struct CpuInfo {
	uint8_t cpu_id;			// its index in cpus[]
	uint8_t cpu_apicid;		// its local APIC's id, for IPIs
	volatile uint32_t cpu_status;	// CPU_*
	struct Env *cpu_env;		// the environment it runs (curenv)
	volatile uint32_t cpu_tlb_flush; // set by another CPU: flush the TLB
	struct Taskstate cpu_ts;	// its kernel stack for traps from user mode
} __attribute__((aligned(CPUINFO_SIZE)));

extern struct CpuInfo cpus[NCPU];
extern int ncpu;			// CPUs found (and started)
extern physaddr_t lapicaddr;		// physical address of the local APICs
extern int cpu_booting;			// the CPU trap_init_percpu sets up

// The kernel stack of CPU i: each below the last, with its guard gap.
#define KSTACKTOP_CPU(i)	(KSTACKTOP - (i) * (KSTKSIZE + KSTKGAP))

// Each CPU loaded its own TSS selector, GD_TSS0 + 8 * its index, into the
// task register (trap_init_percpu), so reading that register names the
// CPU in one instruction, with no memory access: the kernel reads it on
// every trap. TR never changes afterwards, so the compiler may reuse the
// value (the asm is not volatile). Valid once trap_init_percpu ran on the
// CPU; kern/init.c and mp_main make sure nothing asks before.
static inline uint32_t
cpu_tr(void)
{
	uint32_t sel;

	// With a 32-bit register, str clears the upper half.
	asm("str %0" : "=r" (sel));
	return sel;
}

// The index of the CPU running this code.
static inline int
cpunum(void)
{
	return (cpu_tr() - GD_TSS0) >> 3;
}

// The CpuInfo of the CPU running this code: a shift and an add.
#define thiscpu	((struct CpuInfo *) ((uintptr_t) cpus + \
			(cpu_tr() - GD_TSS0) * (CPUINFO_SIZE / 8)))

// kern/mp.c: finding the CPUs and starting them.
void	mp_init(void);
void	boot_aps(void);
void	mp_main(void) __attribute__((noreturn));
void	tlb_shootdown_answer(void);
void	tlb_shootdown(pde_t *pgdir);
void	cpus_stop_others(void);
void	cpus_resume_others(void);
void	cpu_stop_wait(void);
extern volatile bool cpus_stopped;

// kern/lapic.c: each CPU's local APIC.
void	lapic_init(void);
void	lapic_eoi(void);
void	lapic_startap(uint8_t apicid, physaddr_t addr);
void	lapic_ipi(int cpu, int vector);
void	lapic_ipi_others(int vector);
void	cpu_kick(int cpu);
int	lapic_id(void);

#endif // !JOS_KERN_CPU_H
