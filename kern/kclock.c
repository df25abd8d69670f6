// The PC's clocks: the CMOS real-time clock chip, read for its NVRAM, and
// the 8253 interval timer, which preempts user environments.

#include <inc/x86.h>
#include <kern/kclock.h>
#include <kern/picirq.h>

#define IO_RTC		0x70	// CMOS index register; data at 0x71
#define IO_TIMER	0x40	// 8253 channel 0 data; mode register at 0x43
#define TIMER_FREQ	1193182	// the 8253's input clock, Hz

unsigned
mc146818_read(unsigned reg)
{
	outb(IO_RTC, reg);
	return inb(IO_RTC + 1);
}

// Channel 0 in rate-generator mode interrupts TIMER_HZ times a second.
void
timer_init(void)
{
	unsigned divisor = TIMER_FREQ / TIMER_HZ;

	outb(IO_TIMER + 3, 0x34);	// channel 0, low byte then high, mode 2
	outb(IO_TIMER, divisor & 0xff);
	outb(IO_TIMER, divisor >> 8);
	irq_setmask_8259A(irq_mask_8259A & ~(1 << IRQ_TIMER));
}
