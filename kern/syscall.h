#ifndef JOS_KERN_SYSCALL_H
#define JOS_KERN_SYSCALL_H
#ifndef JOS_KERNEL
# error "This is a JOS kernel header; user programs should not #include it"
#endif

#include <inc/syscall.h>

struct Env;

void syscall_leave(void);
void ipc_env_freed(struct Env *e);
// syscall() takes num, a1 and a2 in %eax, %edx and %ecx: the registers
// the user put them in, so kern/trapentry.S's sysenter path passes them on
// as they are.
#define SYSCALL_REGPARM	__attribute__((regparm(3)))
int32_t SYSCALL_REGPARM syscall(uint32_t num, uint32_t a1, uint32_t a2,
				uint32_t a3, uint32_t a4, uint32_t a5);

#endif /* !JOS_KERN_SYSCALL_H */
