// The 8259A programmable interrupt controllers: IRQs 0-15 are moved from
// their power-on vectors, which collide with processor exceptions, to
// IRQ_OFFSET..IRQ_OFFSET+15.

#include <inc/assert.h>
#include <inc/x86.h>
#include <kern/picirq.h>

// Every IRQ starts masked except the cascade from the slave; drivers
// unmask their own line.
uint16_t irq_mask_8259A = 0xFFFF & ~(1 << IRQ_SLAVE);

void
pic_init(void)
{
	// ICW1: edge triggered, cascaded, ICW4 follows. Mask everything while
	// the controllers are programmed.
	outb(IO_PIC1 + 1, 0xFF);
	outb(IO_PIC2 + 1, 0xFF);
	outb(IO_PIC1, 0x11);
	outb(IO_PIC1 + 1, IRQ_OFFSET);		// ICW2: vector base
	outb(IO_PIC1 + 1, 1 << IRQ_SLAVE);	// ICW3: a slave on IRQ 2
	outb(IO_PIC1 + 1, 0x01);		// ICW4: 8086 mode, normal EOI

	outb(IO_PIC2, 0x11);
	outb(IO_PIC2 + 1, IRQ_OFFSET + 8);
	outb(IO_PIC2 + 1, IRQ_SLAVE);		// its cascade identity
	outb(IO_PIC2 + 1, 0x01);

	// OCW3: reads of the command port return the in-service register,
	// which irq_spurious() needs.
	outb(IO_PIC1, 0x0b);
	outb(IO_PIC2, 0x0b);

	irq_setmask_8259A(irq_mask_8259A);
}

void
irq_setmask_8259A(uint16_t mask)
{
	irq_mask_8259A = mask;
	outb(IO_PIC1 + 1, (uint8_t) mask);
	outb(IO_PIC2 + 1, (uint8_t) (mask >> 8));
}

// Acknowledge an IRQ so that the controller delivers the next one.
void
irq_eoi(int irq)
{
	if (irq >= 8)
		outb(IO_PIC2, 0x20);
	outb(IO_PIC1, 0x20);
}

// IRQ 7 (and 15) also arrive when a request vanishes before the CPU
// acknowledged it; the in-service bit tells a real one from such a ghost,
// which must not be acknowledged.
bool
irq_spurious(int irq)
{
	if (irq == 7)
		return !(inb(IO_PIC1) & 0x80);
	if (irq == 15 && !(inb(IO_PIC2) & 0x80)) {
		outb(IO_PIC1, 0x20);	// the master did see the cascade
		return true;
	}
	return false;
}
