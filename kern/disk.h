#ifndef JOS_KERN_DISK_H
#define JOS_KERN_DISK_H
#ifndef JOS_KERNEL
# error "This is a JOS kernel header; user programs should not #include it"
#endif

#include <inc/types.h>

#define SECTSIZE	512

uint32_t swapdisk_probe(void);
int	swapdisk_rw(uint32_t sector, void *buf, uint32_t nsect, bool write);

#endif	// !JOS_KERN_DISK_H
