#include <inc/lib.h>

// How many mappings share the physical page at va (0 if unmapped): how
// pipes and the file server tell whether the other side still holds it.
int
pageref(void *va)
{
	pte_t pte;

	if (!(uvpd[PDX(va)] & PTE_P))
		return 0;
	pte = uvpt[PGNUM(va)];
	if (!(pte & PTE_P))
		return 0;
	return pages[PGNUM(pte)].pp_ref;
}
