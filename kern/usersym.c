// Names the user function an address lies in, for the user fault line
// (`ip 0080003b (umain+0x3b)`, README.md "Which function faulted").
//
// Each user program linked into the kernel comes with a compact table of
// its functions (conf/userprogs.sh). An environment says which program it
// runs in env_name (env_create, or spawn through sys_env_set_name), but the
// file on disk it was loaded from may not be the build the kernel holds. So
// a function is named only if its code in the environment's memory, all of
// it, equals the code in the kernel's copy of that program.

#include <inc/elf.h>
#include <inc/mmu.h>
#include <inc/string.h>
#include <inc/stdio.h>

#include <kern/env.h>
#include <kern/pmap.h>

// The function of prog that holds va, or NULL.
static const struct Usersym *
usersym_find(const struct Userprog *prog, uintptr_t va)
{
	int lo = 0, hi = prog->nsyms;
	const struct Usersym *s;

	// The last function starting at or below va.
	while (hi - lo > 1) {
		int mid = (lo + hi) / 2;
		if (prog->syms[mid].addr <= va)
			lo = mid;
		else
			hi = mid;
	}
	if (prog->nsyms == 0)
		return NULL;
	s = &prog->syms[lo];
	if (va < s->addr || va - s->addr >= s->size)
		return NULL;
	return s;
}

// The bytes of prog's image loaded at [va, va+len), or NULL if no segment
// of the file holds all of them.
static const uint8_t *
image_bytes(const struct Userprog *prog, uintptr_t va, size_t len)
{
	const struct Elf *elf = (const struct Elf *) prog->binary;
	const struct Proghdr *ph;
	int i;

	if (prog->size < sizeof(*elf) || elf->e_magic != ELF_MAGIC ||
	    elf->e_phoff > prog->size ||
	    elf->e_phnum > (prog->size - elf->e_phoff) / sizeof(*ph))
		return NULL;
	ph = (const struct Proghdr *) (prog->binary + elf->e_phoff);
	for (i = 0; i < elf->e_phnum; i++, ph++) {
		if (ph->p_type != ELF_PROG_LOAD || va < ph->p_va ||
		    va - ph->p_va > ph->p_filesz || len > ph->p_filesz - (va - ph->p_va) ||
		    ph->p_offset > prog->size || ph->p_filesz > prog->size - ph->p_offset)
			continue;
		return prog->binary + ph->p_offset + (va - ph->p_va);
	}
	return NULL;
}

// Whether e's memory at [va, va+len) holds want. Reads through e's page
// tables, so a page that is not mapped for the user (never touched,
// swapped out) gives false instead of a fault.
static bool
env_bytes_equal(struct Env *e, uintptr_t va, const uint8_t *want, size_t len)
{
	while (len > 0) {
		size_t n = MIN(len, PGSIZE - PGOFF(va));
		struct PageInfo *pp;
		pte_t *pte;

		if (va >= UTOP || !(pp = page_lookup(e->env_pgdir, (void *) va, &pte)) ||
		    !(*pte & PTE_U))
			return false;
		if (memcmp((char *) page2kva(pp) + PGOFF(va), want, n) != 0)
			return false;
		va += n;
		want += n;
		len -= n;
	}
	return true;
}

// Write " (FUNC+0xOFF)" for user address va of e into buf[0..n) and return
// 1, or return 0 and write "" when the function is not known for sure.
int
usersym_describe(struct Env *e, uintptr_t va, char *buf, size_t n)
{
	const struct Userprog *prog;
	const struct Usersym *s;
	const uint8_t *code;

	if (n > 0)
		buf[0] = '\0';
	if (!e->env_name[0] || !(prog = userprog_find(e->env_name)) ||
	    !(s = usersym_find(prog, va)) ||
	    !(code = image_bytes(prog, s->addr, s->size)) ||
	    !env_bytes_equal(e, s->addr, code, s->size))
		return 0;
	snprintf(buf, n, " (%s+0x%x)", usersym_names + s->name, va - s->addr);
	return 1;
}
