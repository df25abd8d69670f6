// Environments from ELF images: the user programs embedded in the kernel
// (conf/userprogs.sh), loaded into a new environment's address space with
// their arguments on the stack; and the self-check of the loader's
// refusals (the monitor's elfcheck). kern/env.c makes, runs and frees
// environments; this file only fills them.

#include <inc/x86.h>
#include <inc/mmu.h>
#include <inc/error.h>
#include <inc/string.h>
#include <inc/assert.h>
#include <inc/elf.h>

#include <kern/env.h>
#include <kern/pmap.h>
#include <kern/cmdline.h>

// Map fresh zeroed pages at [va, va+len) in e, adding perm to pages that
// are already there (two ELF segments may share a page).
static int
region_alloc(struct Env *e, uintptr_t va, size_t len, int perm)
{
	uintptr_t p, end = ROUNDUP(va + len, PGSIZE);
	struct PageInfo *pp;
	pte_t *pte;

	for (p = ROUNDDOWN(va, PGSIZE); p < end; p += PGSIZE) {
		if ((pp = page_lookup(e->env_pgdir, (void *) p, &pte))) {
			*pte |= perm;
			continue;
		}
		if (!(pp = page_alloc(ALLOC_ZERO)))
			return -E_NO_MEM;
		if (page_insert(e->env_pgdir, pp, (void *) p, perm | PTE_U) < 0) {
			page_free(pp);
			return -E_NO_MEM;
		}
	}
	return 0;
}

// Copy len bytes from the kernel's src to va in e, through the kernel's
// mapping of each page: e's page directory need not be loaded.
static void
copy_to_env(struct Env *e, uintptr_t va, const void *src, size_t len)
{
	while (len > 0) {
		struct PageInfo *pp = page_lookup(e->env_pgdir, (void *) va, NULL);
		size_t n = MIN(len, (size_t) (PGSIZE - PGOFF(va)));
		memcpy((char *) page2kva(pp) + PGOFF(va), src, n);
		va += n;
		src += n;
		len -= n;
	}
}

// Why an ELF image cannot be loaded, or NULL if it can.
static const char *
elf_invalid(const uint8_t *binary, size_t size)
{
	const struct Elf *elf = (const struct Elf *) binary;
	const struct Proghdr *ph;
	int i;

	if (size < sizeof(struct Elf) || elf->e_magic != ELF_MAGIC)
		return "not an ELF file";
	if (elf->e_elf[0] != ELFCLASS32 || elf->e_elf[1] != ELFDATA2LSB ||
	    elf->e_machine != EM_386 || elf->e_type != ET_EXEC)
		return "not a 32-bit x86 executable";
	if (elf->e_phoff > size || elf->e_phnum > (size - elf->e_phoff) / sizeof(struct Proghdr))
		return "program headers outside the file";
	if (elf->e_entry >= UTOP)
		return "entry point above UTOP";
	ph = (const struct Proghdr *) (binary + elf->e_phoff);
	for (i = 0; i < elf->e_phnum; i++, ph++) {
		if (ph->p_type != ELF_PROG_LOAD)
			continue;
		if (ph->p_filesz > ph->p_memsz)
			return "segment larger in the file than in memory";
		if (ph->p_offset > size || ph->p_filesz > size - ph->p_offset)
			return "segment outside the file";
		if (ph->p_va >= UTOP || ph->p_memsz > UTOP - ph->p_va)
			return "segment above UTOP";
		if (ph->p_va < UMMAPMIN)
			return "segment below UMMAPMIN";
	}
	return NULL;
}

// Load the segments of an ELF image into e, each with the permissions its
// program header gives, and point e at its entry.
static int
load_icode(struct Env *e, const uint8_t *binary, size_t size)
{
	const struct Elf *elf = (const struct Elf *) binary;
	const struct Proghdr *ph = (const struct Proghdr *) (binary + elf->e_phoff);
	int i, r;

	for (i = 0; i < elf->e_phnum; i++, ph++) {
		if (ph->p_type != ELF_PROG_LOAD)
			continue;
		int perm = PTE_U | ((ph->p_flags & ELF_PROG_FLAG_WRITE) ? PTE_W : 0);
		if ((r = region_alloc(e, ph->p_va, ph->p_memsz, perm)) < 0)
			return r;
		copy_to_env(e, ph->p_va, binary + ph->p_offset, ph->p_filesz);
	}
	e->env_tf.tf_eip = elf->e_entry;
	return 0;
}

// Put argc and argv on e's stack, where lib/entry.S passes them to libmain:
// the strings at the top, then the argv[] array, then argc and argv. The
// kernel command line bounds them (kern/cmdline.h), whole, far below the
// stack's limit.
static int
setup_args(struct Env *e, int argc, char **argv)
{
	uintptr_t strings[CMDLINE_MAXWORDS + 1];
	uintptr_t sp = USTACKTOP;
	uint32_t frame[2];
	size_t need = sizeof(frame) + (argc + 1) * sizeof(uintptr_t) + sizeof(uintptr_t);
	int i, r;

	if (argc > CMDLINE_MAXWORDS)
		return -E_INVAL;
	for (i = 0; i < argc; i++)
		need += strlen(argv[i]) + 1;
	need = ROUNDUP(need, PGSIZE);
	if ((r = region_alloc(e, USTACKTOP - need, need, PTE_W)) < 0)
		return r;
	for (i = argc - 1; i >= 0; i--) {
		size_t len = strlen(argv[i]) + 1;
		sp -= len;
		copy_to_env(e, sp, argv[i], len);
		strings[i] = sp;
	}
	strings[argc] = 0;
	sp = ROUNDDOWN(sp, 4) - (argc + 1) * sizeof(uintptr_t);
	copy_to_env(e, sp, strings, (argc + 1) * sizeof(uintptr_t));
	frame[0] = argc;
	frame[1] = sp;
	sp -= sizeof(frame);
	copy_to_env(e, sp, frame, sizeof(frame));
	e->env_tf.tf_esp = sp;
	return 0;
}

// Start an environment running the ELF image binary[0..size), after
// checking that the image is well formed.
static int
env_create_image(const char *name, const uint8_t *binary, size_t size,
		 enum EnvType type, int argc, char **argv)
{
	const char *why;
	struct Env *e;
	int r;

	if ((why = elf_invalid(binary, size))) {
		cprintf("env_create: %s: refusing a malformed ELF image: %s\n", name, why);
		return -E_INVAL;
	}
	if ((r = env_alloc(&e, 0)) < 0)
		return r;
	e->env_type = type;
	strlcpy(e->env_name, name, sizeof(e->env_name));
	// The file server drives the disk with in and out: I/O privilege
	// is its alone.
	if (type == ENV_TYPE_FS)
		e->env_tf.tf_eflags |= FL_IOPL_3;
	if ((r = load_icode(e, binary, size)) < 0 ||
	    (r = setup_args(e, argc, argv)) < 0) {
		cprintf("env_create: %s: %s\n", name, errstr(r));
		env_free(e);
		return r;
	}
	return 0;
}

// Start the program `name` as a new environment of the given type.
static int
env_create_typed(const char *name, enum EnvType type, int argc, char **argv)
{
	const struct Userprog *prog;

	if ((prog = userprog_find(name)))
		return env_create_image(name, prog->binary, prog->size,
					type, argc, argv);
	cprintf("env_create: there is no user program '%s' (no user/%s.c)\n", name, name);
	return -E_INVAL;
}

// The user program `name` linked into the kernel, or NULL.
const struct Userprog *
userprog_find(const char *name)
{
	int i;

	for (i = 0; i < nuserprogs; i++)
		if (strcmp(userprogs[i].name, name) == 0)
			return &userprogs[i];
	return NULL;
}

// Whether user/NAME.c is linked into the kernel.
bool
env_program_exists(const char *name)
{
	return userprog_find(name) != NULL;
}

// Start the user program `name` (user/NAME.c) as a new environment.
int
env_create(const char *name, int argc, char **argv)
{
	return env_create_typed(name, ENV_TYPE_USER, argc, argv);
}

// Start the file server (fs/, embedded as "fs").
int
env_create_fs(void)
{
	char *argv[] = { "fs", NULL };

	return env_create_typed("fs", ENV_TYPE_FS, 1, argv);
}

// Hand env_create_image corrupted copies of a real program's headers: each
// must be refused. The copy holds only the headers, which is all that is
// read before an image is accepted. Returns the number not refused.
int
env_check_elf(void)
{
	static uint8_t hdr[512];
	const struct Userprog *prog = &userprogs[0];
	struct Elf *elf = (struct Elf *) hdr;
	struct Proghdr *ph;
	size_t nfree = page_free_count();
	int i, failures = 0;
	static const char *const cases[] = {
		"truncated", "bad magic", "not x86", "headers outside the file",
		"segment outside the file", "segment above UTOP",
		"segment bigger in the file", "entry above UTOP",
		"segment below UMMAPMIN",
	};

	for (i = 0; i < (int) ARRAY_SIZE(cases); i++) {
		size_t size = prog->size;
		memcpy(hdr, prog->binary, MIN(sizeof(hdr), size));
		assert(elf->e_phoff + elf->e_phnum * sizeof(struct Proghdr) <= sizeof(hdr));
		ph = (struct Proghdr *) (hdr + elf->e_phoff);
		switch (i) {
		case 0: size = sizeof(struct Elf) - 1; break;
		case 1: elf->e_magic ^= 1; break;
		case 2: elf->e_machine = 62; break;
		case 3: elf->e_phoff = size - 8; break;
		case 4: ph->p_offset = size - 4; ph->p_filesz = 8; ph->p_memsz = 8; break;
		case 5: ph->p_va = ULIM; break;
		case 6: ph->p_memsz = ph->p_filesz - 1; break;
		case 7: elf->e_entry = UTOP; break;
		case 8: ph->p_va = 0; break;
		}
		cprintf("elfcheck: %s %s: ", prog->name, cases[i]);
		if (env_create_image(prog->name, hdr, size, ENV_TYPE_USER, 0, NULL) != -E_INVAL) {
			cprintf("elfcheck: %s was not refused\n", cases[i]);
			failures++;
		}
	}
	assert(page_free_count() == nfree);
	cprintf("elfcheck: %d of %d malformed images refused\n",
		(int) ARRAY_SIZE(cases) - failures, (int) ARRAY_SIZE(cases));
	return failures;
}
