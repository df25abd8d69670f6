#ifndef JOS_KERN_SWAP_H
#define JOS_KERN_SWAP_H
#ifndef JOS_KERNEL
# error "This is a JOS kernel header; user programs should not #include it"
#endif

#include <inc/types.h>
#include <inc/mmu.h>

struct PageInfo;

// A page on the swap disk takes SWAP_SECTS sectors: slot s starts at
// sector s * SWAP_SECTS.
#define SWAP_SECTS	(PGSIZE / 512)
// At most 256 MiB of swap: the slot counts must fit in the first 4 MiB.
#define SWAP_MAXSLOTS	65536
// A page mapped more often than this stays in memory (kern/swap.c).
#define SWAP_MAXMAPS	16
// Pages every environment holds that never go out: its directory, and
// page tables for text, stack and exception stack (kern/swap.c).
#define SWAP_ENV_PAGES	4
// What a swapped-out entry keeps of the present one it replaced.
#define PTE_SWAP_KEEP	(PTE_AVAIL | PTE_W | PTE_U)

extern uint32_t swap_nslots;	// slots on the swap disk; 0: no swapping

void	swap_boot(void *(*alloc)(uint32_t));
struct PageInfo *swap_alloc_page(int alloc_flags);
int	swap_in(pde_t *pgdir, uintptr_t va, pte_t *pte);
int	swap_dup(pte_t pte);
void	swap_drop(pte_t pte);
void	swap_drop_all(pde_t *pgdir);
void	swap_pin_range(pde_t *pgdir, uintptr_t lo, uintptr_t hi);
void	swap_pin_page(struct PageInfo *pp);
void	swap_print(void);
void	swap_idle(void);
// The page audit's part (kern/audit.c).
void	swap_audit_begin(uint32_t *refs);
void	swap_audit_count(pte_t pte, uintptr_t va);
int	swap_audit_end(void);

#endif	// !JOS_KERN_SWAP_H
