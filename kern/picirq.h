#ifndef JOS_KERN_PICIRQ_H
#define JOS_KERN_PICIRQ_H
#ifndef JOS_KERNEL
# error "This is a JOS kernel header; user programs should not #include it"
#endif

#include <inc/types.h>
#include <inc/trap.h>

// The two cascaded 8259A interrupt controllers.
#define IO_PIC1		0x20	// master: IRQs 0-7
#define IO_PIC2		0xA0	// slave: IRQs 8-15
#define IRQ_SLAVE	2	// the master's input the slave is wired to

extern uint16_t irq_mask_8259A;
void pic_init(void);
void irq_setmask_8259A(uint16_t mask);
void irq_eoi(int irq);
bool irq_spurious(int irq);

#endif // !JOS_KERN_PICIRQ_H
