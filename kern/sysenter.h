#ifndef JOS_KERN_SYSENTER_H
#define JOS_KERN_SYSENTER_H
#ifndef JOS_KERNEL
# error "This is a JOS kernel header; user programs should not #include it"
#endif

// The model-specific registers of sysenter (Intel SDM vol. 3, "Fast
// System Calls in 32-Bit Mode"): the kernel's code segment (its stack
// segment is the next descriptor, and sysexit's user code and stack
// segments the two after: GD_KT, GD_KD, GD_UT, GD_UD), stack and entry.
#define MSR_SYSENTER_CS		0x174
#define MSR_SYSENTER_ESP	0x175
#define MSR_SYSENTER_EIP	0x176

// The CPUID feature bit (leaf 1, %edx) that says sysenter works.
#define CPUID_SEP		(1 << 11)

// tf_err of a system call says how it came in: int $0x30's vector pushes
// a 0 there, sysenter_entry this.
#define TF_ERR_SYSENTER		0x5e

// What kern/trapentry.S needs of the C structures; kern/sysenter.c checks
// each against the compiler's idea.
#define TF_EAX			0x1c	// offsetof(struct Trapframe, tf_regs.reg_eax)
#define TF_ES			0x20
#define TF_DS			0x24
#define TF_EIP			0x30
#define TF_EFLAGS		0x38
#define TF_ESP			0x3c
#define ENV_STATUS		0x58	// offsetof(struct Env, env_status)
#define ENV_RUNNING_ASM		3	// ENV_RUNNING
#define ENV_DYING_ASM		1	// ENV_DYING

#ifndef __ASSEMBLER__
struct Trapframe;

void sysenter_init_percpu(void);
void sysenter_set_frame(struct Trapframe *tf);
void sysenter_slow(struct Trapframe *tf) __attribute__((noreturn));
#endif

#endif	// !JOS_KERN_SYSENTER_H
