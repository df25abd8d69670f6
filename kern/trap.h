#ifndef JOS_KERN_TRAP_H
#define JOS_KERN_TRAP_H
#ifndef JOS_KERNEL
# error "This is a JOS kernel header; user programs should not #include it"
#endif

#include <inc/trap.h>
#include <inc/mmu.h>

extern struct Gatedesc idt[];
extern struct Pseudodesc idt_pd;

void trap_init(void);
void trap_init_percpu(void);
void trap(struct Trapframe *tf) __attribute__((noreturn));
void trap_vm86(struct Trapframe *tf) __attribute__((noreturn));
void trap_return(void) __attribute__((noreturn));
void trap_enter_from_user(struct Trapframe *tf);
void print_trapframe(struct Trapframe *tf);
void print_regs(struct PushRegs *regs);
const char *trapname(int trapno);
void page_fault_handler(struct Trapframe *);

#endif /* JOS_KERN_TRAP_H */
