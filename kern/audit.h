#ifndef JOS_KERN_AUDIT_H
#define JOS_KERN_AUDIT_H
#ifndef JOS_KERNEL
# error "This is a JOS kernel header; user programs should not #include it"
#endif

#include <inc/types.h>

// Scratch space for the audit: one counter per physical page, reserved by
// mem_init() (only boot_alloc hands out that much contiguous memory).
extern uint32_t *audit_refs;

int audit_pages(bool verbose);

#endif	// !JOS_KERN_AUDIT_H
