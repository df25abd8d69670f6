// The local APIC: one per CPU, at the same physical address on every CPU
// (each sees its own). It gives each CPU its timer, takes the end of each
// interrupt (EOI), and sends interrupts between CPUs (IPIs), which is also
// how the other CPUs are started. Intel SDM vol. 3, chapter 10.

#include <inc/types.h>
#include <inc/memlayout.h>
#include <inc/trap.h>
#include <inc/x86.h>
#include <inc/assert.h>

#include <kern/cpu.h>
#include <kern/pmap.h>

// Registers, as indexes into lapic[] (32-bit words, 16 bytes apart).
#define ID	(0x0020 / 4)	// this APIC's id (bits 24-31)
#define TPR	(0x0080 / 4)	// task priority
#define EOI	(0x00B0 / 4)	// end of interrupt
#define SVR	(0x00F0 / 4)	// spurious interrupt vector
#define  SVR_ENABLE	0x00000100
#define ESR	(0x0280 / 4)	// error status
#define ICRLO	(0x0300 / 4)	// interrupt command
#define  ICR_INIT	0x00000500
#define  ICR_STARTUP	0x00000600
#define  ICR_DELIVS	0x00001000	// delivery status: still sending
#define  ICR_ASSERT	0x00004000
#define  ICR_LEVEL	0x00008000
#define  ICR_OTHERS	0x000C0000	// all but this CPU
#define ICRHI	(0x0310 / 4)	// interrupt command: destination APIC id
#define TIMER	(0x0320 / 4)	// local vector table: timer
#define  TIMER_PERIODIC	0x00020000
#define PCINT	(0x0340 / 4)	// performance counter
#define LINT0	(0x0350 / 4)	// local interrupt 0: the 8259A's output
#define LINT1	(0x0360 / 4)	// local interrupt 1: NMI
#define ERROR	(0x0370 / 4)	// error interrupt
#define  MASKED		0x00010000
#define TICR	(0x0380 / 4)	// timer initial count
#define TDCR	(0x03E0 / 4)	// timer divide configuration
#define  TDCR_X16	0x3

// The timer counts at the APIC bus clock divided by 16. QEMU's local APIC
// counts at 1 GHz (of virtual time, one instruction per ns under
// -icount shift=0), so this is TIMER_HZ, 100 interrupts a second, as the
// 8253 gave. Real hardware would need it measured against the 8253.
#define LAPIC_BUS_HZ	1000000000
#define LAPIC_TIMER_HZ	100

static volatile uint32_t *lapic;	// mapped by lapic_init on CPU 0

static void
lapicw(int index, uint32_t value)
{
	lapic[index] = value;
	(void) lapic[ID];	// wait for the write to finish, by reading
}

int
lapic_id(void)
{
	return lapic ? lapic[ID] >> 24 : 0;
}

// Set up this CPU's local APIC: enabled, the timer interrupting at
// IRQ_OFFSET + IRQ_TIMER, LINT0 (the 8259A's wire) only on CPU 0, so that
// device interrupts all go there.
void
lapic_init(void)
{
	if (!lapicaddr)
		return;
	if (!lapic)
		lapic = mmio_map_region(lapicaddr, PGSIZE);

	lapicw(SVR, SVR_ENABLE | T_LAPIC_SPURIOUS);

	lapicw(TDCR, TDCR_X16);
	lapicw(TIMER, TIMER_PERIODIC | (IRQ_OFFSET + IRQ_TIMER));
	lapicw(TICR, LAPIC_BUS_HZ / 16 / LAPIC_TIMER_HZ);

	// CPU 0 keeps LINT0 as the BIOS left it (virtual wire: the 8259A's
	// interrupts arrive as if straight from the PIC); the others mask it.
	if (cpunum() != 0)
		lapicw(LINT0, MASKED);
	lapicw(LINT1, MASKED);
	// The performance counter interrupt, where there is one.
	if (((lapic[0x30 / 4] >> 16) & 0xFF) >= 4)
		lapicw(PCINT, MASKED);
	lapicw(ERROR, T_LAPIC_ERROR);

	// Clear the error status (two writes: it is a latched register) and
	// any interrupt left unacknowledged.
	lapicw(ESR, 0);
	lapicw(ESR, 0);
	lapicw(EOI, 0);

	// Take every interrupt.
	lapicw(TPR, 0);
}

// Acknowledge the interrupt being handled (not the 8259A's, which
// arrive through LINT0 in ExtINT mode and need the 8259A's own EOI).
void
lapic_eoi(void)
{
	if (lapic)
		lapicw(EOI, 0);
}

// Send the interrupt command icr to APIC id dest, and wait until it left.
static void
lapic_send(uint8_t dest, uint32_t icr)
{
	lapicw(ICRHI, dest << 24);
	lapicw(ICRLO, icr);
	while (lapic[ICRLO] & ICR_DELIVS)
		;
}

// Start the CPU whose APIC id is apicid at physical address addr (a page
// below 1 MiB), in real mode: the INIT, then twice the STARTUP IPI, as the
// MultiProcessor Specification (appendix B.4) says. QEMU needs none of the
// waits between them that real hardware does.
void
lapic_startap(uint8_t apicid, physaddr_t addr)
{
	int i;

	assert(addr < EXTPHYSMEM && PGOFF(addr) == 0);
	lapic_send(apicid, ICR_INIT | ICR_LEVEL | ICR_ASSERT);
	lapic_send(apicid, ICR_INIT | ICR_LEVEL);
	for (i = 0; i < 2; i++)
		lapic_send(apicid, ICR_STARTUP | (addr >> PGSHIFT));
}

// An interrupt for CPU cpu.
void
lapic_ipi(int cpu, int vector)
{
	lapic_send(cpus[cpu].cpu_apicid, ICR_ASSERT | vector);
}

// Bring CPU cpu into the kernel now, not at its next tick: to free or
// stop the environment it runs, or to wake it from its idle halt. The
// TLB vector serves: answering a shootdown nobody asked for does nothing.
void
cpu_kick(int cpu)
{
	lapic_ipi(cpu, T_IPI_TLB);
}

// An interrupt for every CPU but this one.
void
lapic_ipi_others(int vector)
{
	lapic_send(0, ICR_OTHERS | ICR_ASSERT | vector);
}
