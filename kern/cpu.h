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
};

// Per-CPU state. CPU i is cpus[i]: its TSS is GDT entry GD_TSS0 + 8*i and
// its kernel stack is the i-th one below KSTACKTOP (inc/memlayout.h).
struct CpuInfo {
	uint8_t cpu_id;			// its index in cpus[]
	uint8_t cpu_apicid;		// its local APIC's id, for IPIs
	volatile uint32_t cpu_status;	// CPU_*
	struct Env *cpu_env;		// the environment it runs (curenv)
	volatile uint32_t cpu_tlb_flush; // set by another CPU: flush the TLB
	struct Taskstate cpu_ts;	// its kernel stack for traps from user mode
};

extern struct CpuInfo cpus[NCPU];
extern int ncpu;			// CPUs found (and started)
extern physaddr_t lapicaddr;		// physical address of the local APICs
extern int cpu_booting;			// the CPU trap_init_percpu sets up

// The kernel stack of CPU i: each below the last, with its guard gap.
#define KSTACKTOP_CPU(i)	(KSTACKTOP - (i) * (KSTKSIZE + KSTKGAP))

// The index of the CPU running this code. Each CPU loaded its own TSS
// selector into the task register (trap_init_percpu), so reading that
// register names the CPU in one instruction, with no memory access. TR
// never changes afterwards, so the compiler may reuse the value: the asm
// is not volatile. Before a CPU's ltr, TR is 0 and we answer 0 (only
// CPU 0 runs kernel C code before its ltr).
static inline int
cpunum(void)
{
	uint32_t sel;

	asm("str %w0; movzwl %w0, %0" : "=r" (sel));
	return sel ? (int) (sel - GD_TSS0) >> 3 : 0;
}

#define thiscpu		(&cpus[cpunum()])

// kern/mp.c: finding the CPUs and starting them.
void	mp_init(void);
void	boot_aps(void);
void	mp_main(void) __attribute__((noreturn));
void	tlb_shootdown_answer(void);
void	tlb_shootdown(pde_t *pgdir);

// kern/lapic.c: each CPU's local APIC.
void	lapic_init(void);
void	lapic_eoi(void);
void	lapic_startap(uint8_t apicid, physaddr_t addr);
void	lapic_ipi(int cpu, int vector);
void	lapic_ipi_others(int vector);
int	lapic_id(void);

#endif // !JOS_KERN_CPU_H
